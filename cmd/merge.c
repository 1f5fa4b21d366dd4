/*
 * merge.c — `nianbao merge A.db B.db ... -o all.db`: combines batch databases
 * (the shards of a run split with --shard, or runs on different machines)
 * into one, then checks the cross-year rule over the whole: an agency's
 * consecutive years may have landed in different shards.
 *
 * The copying itself is nb_db_merge_from (db.h); this file is the command.
 */
#include "cmd/commands.h"
#include "cmd/cli.h"
#include "cmd/batch/db.h"

#include <stdio.h>
#include <string.h>

static const char *k_summary =
    "Copies every document of the batch databases A.db, B.db, ... (with its\n"
    "values, checks, warnings and sections) into OUT, creating it if needed.\n"
    "A path found in several inputs keeps its first copy, unless that one failed\n"
    "and a later one converted.  Rule 5 (cross-year) is then checked over the\n"
    "merged database and summarised on stderr.\n"
    "\n"
    "Examples:\n"
    "  for i in 1 2 3; do nianbao batch reports/ --shard $i/3 -o part$i.db; done\n"
    "  nianbao merge part1.db part2.db part3.db -o all.db\n"
    "  nianbao merge new.db -o all.db     # add a later run to an existing database\n"
    "  nianbao merge part3.db -o 'postgresql://dbhost/nianbao?user=conv'\n"
    "\n"
    "Any database may be a PostgreSQL URI (postgresql://…, see docs/batch.md).";

static const char *k_description =
    "Exit codes: 0 every input merged; 1 bad command line (or a password in a URI);\n"
    "2 OUT cannot be opened, or an input is missing or not a batch database (the\n"
    "others are still merged).";

static gboolean merge_one(nb_db *db, const char *src, gboolean quiet)
{
    GError *e = NULL;
    int copied = 0;
    if (!nb_db_merge_from(db, src, &copied, &e)) {
        nb_cli_error(src, "%s", e->message);
        g_error_free(e);
        return FALSE;
    }
    if (!quiet)
        fprintf(stderr, "nianbao: merge: %s: %d documents taken\n", src, copied);
    return TRUE;
}

int nb_cmd_merge(int argc, char **argv)
{
    char *output = NULL;
    gboolean quiet = FALSE;
    GOptionEntry entries[] = {
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Database to merge into", "OUT"},
        {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No per-input lines, no summary", NULL},
        {NULL}};
    GOptionContext *ctx =
        nb_cli_context_new("A.db B.db... - combine batch databases", k_summary, k_description, entries);
    GError *ge = NULL;
    gboolean ok = g_option_context_parse(ctx, &argc, &argv, &ge);
    const char *problem = ge ? ge->message : !ok ? "bad options" : argc < 2 ? "expects at least one A.db"
                          : !output ? "expects -o OUT" : NULL;
    g_option_context_free(ctx);
    for (int i = 0; !problem && i <= argc; i++) {
        const char *target = i < argc ? argv[i] : output;
        if (i > 0 && !nb_conn_check_target(target, &ge)) {
            nb_cli_error(NULL, "merge: %s", ge->message);
            g_clear_error(&ge);
            g_free(output);
            return NB_EXIT_USAGE;
        }
    }
    if (problem) {
        nb_cli_error(NULL, "merge: %s (see 'nianbao merge --help')", problem);
        g_clear_error(&ge);
        g_free(output);
        return NB_EXIT_USAGE;
    }
    GError *e = NULL;
    nb_db *db = nb_db_open(output, &e);
    if (!db) {
        nb_cli_error(output, "%s", e->message);
        g_error_free(e);
        g_free(output);
        return NB_EXIT_IO;
    }
    gboolean all = TRUE;
    for (int i = 1; i < argc; i++)
        all &= merge_one(db, argv[i], quiet);
    if (!nb_db_refresh_views(db, &e)) {
        nb_cli_error(output, "cannot update the views: %s", e->message);
        g_clear_error(&e);
    }
    if (!quiet)
        nb_db_rule5_report(db, stderr);
    nb_db_close(db);
    g_free(output);
    return all ? NB_EXIT_OK : NB_EXIT_IO;
}
