/* tables.c — `nianbao tables FILE`: the rebuilt grids, schema-free. */
#include "cmd/commands.h"
#include "cmd/cli.h"
#include "cmd/driver/guard.h"
#include "cmd/write/grid_out.h"
#include "cmd/driver/pipeline.h"

#include <stdio.h>

int nb_cmd_tables(int argc, char **argv)
{
    char *format = NULL;
    gboolean provenance = FALSE;
    nb_cli_limits cl;
    GOptionEntry entries[] = {
        {"format", 'f', 0, G_OPTION_ARG_STRING, &format, "Output format: tsv (default), csv or json", "FMT"},
        {"provenance", 'p', 0, G_OPTION_ARG_NONE, &provenance, "With --format json: where each cell came from", NULL},
        {NULL}};
    GOptionContext *ctx = nb_cli_context_new("FILE - print the table grids rebuilt from a document",
        "Prints every table found in FILE with merged cells resolved: TSV by default\n"
        "(a '# name' line before each table, spanned cells repeat their text),\n"
        "CSV, or JSON with row/column spans.  No schema is applied: this works for\n"
        "any table.\n\n"
        "Example:\n  nianbao tables report.pdf --format csv > tables.csv",
        "Exit codes: 0 grids written; 1 usage; 2 unreadable/empty; 3 unsupported or\n"
        "corrupt input; 4 no table found; 5 limit exceeded.", entries);
    nb_cli_add_limit_options(ctx, &cl);
    gint64 max_memory_mb = 0;
    nb_cli_add_memory_option(ctx, &max_memory_mb);
    GError *ge = NULL;
    if (!g_option_context_parse(ctx, &argc, &argv, &ge) || argc != 2) {
        nb_cli_error(NULL, "tables: %s (see 'nianbao tables --help')",
                     ge ? ge->message : "expects exactly one FILE");
        g_clear_error(&ge);
        g_option_context_free(ctx);
        g_free(format);
        return NB_EXIT_USAGE;
    }
    g_option_context_free(ctx);
    nb_grid_format fmt;
    if (!nb_grid_format_parse(format, &fmt)) {
        nb_cli_error(NULL, "tables: unknown format '%s' (tsv, csv or json)", format);
        g_free(format);
        return NB_EXIT_USAGE;
    }
    g_free(format);
    const char *file = argv[1];
    nb_limits lim = nb_cli_limits_get(&cl);
    nb_cli_arm_timeout(file, lim.timeout_s);
    nb_guard_begin(file, max_memory_mb << 20);
    nb_error err;
    nb_doc *doc = nb_pipeline_read(file, &lim, &err);
    nb_cli_arm_timeout(file, 0); /* read: no second line from the backstop */
    if (!doc) {
        nb_cli_error(file, "%s", err.message);
        int code = nb_cli_exit_for(err.cls);
        nb_error_clear(&err);
        return code;
    }
    if (doc->grids->len == 0) {
        nb_cli_error(file, "no table found");
        nb_doc_free(doc);
        return NB_EXIT_NOT_REPORT;
    }
    nb_grids_write(stdout, doc, fmt, provenance);
    nb_doc_free(doc);
    return NB_EXIT_OK;
}
