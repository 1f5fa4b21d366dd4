/* review.c — `nianbao review FILE -o OUT.html` and `nianbao review DB -o DIR`:
 * offline HTML pages to check a report's values on its pages and type
 * corrections (docs/review.md). */
#include "cmd/cli.h"
#include "cmd/commands.h"
#include "cmd/review/review_run.h"

#include <stdio.h>

static const char *k_summary =
    "Writes one self-contained HTML page (nothing is fetched: page images, style and\n"
    "script are inside it) to check a report's record: every page with the rebuilt\n"
    "tables drawn and a box on every value, the record with the template's labels,\n"
    "the flagged values with their raw text, confidence and the rule that doubts\n"
    "them, the failed checks with their cells.  A person can type the right value\n"
    "of any key; the page then offers a corrections file to save, which\n"
    "'nianbao convert --corrections FILE' applies (docs/corrections.md).\n\n"
    "Given a batch database (nianbao batch), writes DIR/index.html (the documents\n"
    "with their flagged counts, sortable and filterable) and one page per document.\n\n"
    "Examples:\n"
    "  nianbao review scan.pdf -o scan.html\n"
    "  nianbao review --corrections scan.corrections.json scan.pdf -o scan.html\n"
    "  nianbao review reports.db -o review/";

static const char *k_description =
    "Exit codes: 0 page(s) written; 1 usage, or corrections for another file or\n"
    "naming a key the template lacks; 2 unreadable input, or OUT cannot be written;\n"
    "3 unsupported or corrupt input (or not a batch database); 4 not an OGI annual\n"
    "report; 5 limit exceeded.";

static int review_db(const char *db, const char *dir, const nb_limits *lim)
{
    nb_error err;
    int pages = 0;
    if (!nb_review_db(db, dir, lim, &pages, &err)) {
        nb_cli_error(db, "%s", err.message);
        int code = nb_cli_exit_for(err.cls);
        nb_error_clear(&err);
        return code;
    }
    fprintf(stderr, "nianbao: %s: index.html and the pages of %d documents written to %s\n", db, pages,
            dir);
    return NB_EXIT_OK;
}

static int review_file(const char *file, const char *out, const char *corrections,
                       nb_limits *lim)
{
    nb_corrections *corr = NULL;
    int code = corrections ? nb_cli_load_corrections(corrections, &corr) : NB_EXIT_OK;
    if (code != NB_EXIT_OK)
        return code;
    nb_cli_arm_timeout(file, lim->timeout_s);
    nb_error err;
    gboolean ok = nb_review_file(file, out, corr, lim, &err);
    nb_cli_arm_timeout(file, 0);
    nb_limits_progress_end(lim);
    nb_corrections_free(corr);
    if (!ok) {
        nb_cli_error(file, "%s", err.message);
        code = nb_cli_exit_for(err.cls);
        nb_error_clear(&err);
    }
    return code;
}

int nb_cmd_review(int argc, char **argv)
{
    char *output = NULL, *corrections = NULL;
    nb_cli_limits cl;
    GOptionEntry entries[] = {
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
         "The page to write (FILE), or the folder (DB)", "OUT"},
        {"corrections", 0, 0, G_OPTION_ARG_FILENAME, &corrections,
         "Show the record with these corrections applied (FILE only)", "JSON"},
        {NULL}};
    GOptionContext *ctx = nb_cli_context_new("FILE|DB -o OUT - offline review pages",
                                             k_summary, k_description, entries);
    nb_cli_add_limit_options(ctx, &cl);
    GError *ge = NULL;
    const char *problem = NULL;
    if (!g_option_context_parse(ctx, &argc, &argv, &ge))
        problem = ge->message;
    else if (argc != 2)
        problem = "expects exactly one FILE or DB";
    else if (!output)
        problem = "expects -o OUT";
    int code = NB_EXIT_USAGE;
    if (problem) {
        nb_cli_error(NULL, "review: %s (see 'nianbao review --help')", problem);
    } else {
        nb_limits lim = nb_cli_limits_get(&cl);
        lim.progress_name = argv[1];
        gboolean db = nb_review_is_database(argv[1]);
        if (db) /* many documents: a page count under the database's name would mislead */
            lim.verbose_progress = NB_PROGRESS_NONE;
        if (!db)
            code = review_file(argv[1], output, corrections, &lim);
        else if (corrections)
            nb_cli_error(NULL, "review: --corrections applies to one FILE, not a database "
                               "(use 'nianbao batch --corrections DIR')");
        else
            code = review_db(argv[1], output, &lim);
    }
    g_clear_error(&ge);
    g_option_context_free(ctx);
    g_free(output), g_free(corrections);
    return code;
}
