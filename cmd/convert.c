/* convert.c — `nianbao convert FILE`: the record of one report as JSON. */
#include "cmd/commands.h"
#include "cmd/cli.h"
#include "cmd/driver/guard.h"
#include "cmd/driver/pipeline.h"
#include "cmd/write/record_json.h"

#include <stdio.h>
#include <string.h>

int nb_cli_load_corrections(const char *corrections, const char *file, nb_corrections **out)
{
    *out = NULL;
    GError *ge = NULL;
    nb_corrections *c = nb_corrections_load(corrections, &ge);
    char *sha = c ? nb_corrections_file_sha256(file, &ge) : NULL;
    if (!c || !sha) {
        nb_cli_error(c ? file : corrections, "%s", ge->message);
        g_clear_error(&ge);
        nb_corrections_free(c);
        return c ? NB_EXIT_IO : NB_EXIT_USAGE;
    }
    if (strcmp(sha, nb_corrections_sha256(c)) != 0) {
        nb_cli_error(corrections, "corrections for another file (source_sha256 %.12s…, %s has %.12s…)",
                     nb_corrections_sha256(c), file, sha);
        g_free(sha);
        nb_corrections_free(c);
        return NB_EXIT_USAGE;
    }
    g_free(sha);
    *out = c;
    return NB_EXIT_OK;
}

/* Read, record (with corrections when given). */
static nb_record *convert_file(const char *file, const nb_limits *lim, const nb_corrections *corr,
                               nb_error *err)
{
    nb_doc *doc = nb_pipeline_read(file, lim, err);
    if (!doc)
        return NULL;
    nb_record *r = nb_pipeline_record_corrected(doc, corr, err);
    nb_doc_free(doc);
    return r;
}

int nb_cmd_convert(int argc, char **argv)
{
    gboolean provenance = FALSE, strict = FALSE;
    char *corrections = NULL;
    nb_cli_limits cl;
    GOptionEntry entries[] = {
        {"provenance", 'p', 0, G_OPTION_ARG_NONE, &provenance,
         "Add where every value came from (page, box or line, raw text, confidence)", NULL},
        {"strict", 's', 0, G_OPTION_ARG_NONE, &strict,
         "Exit 6 when the record has failed checks or value warnings", NULL},
        {"corrections", 'c', 0, G_OPTION_ARG_FILENAME, &corrections,
         "Apply a person's corrections (docs/corrections.md; written by the review page)",
         "JSON"},
        {NULL}};
    GOptionContext *ctx = nb_cli_context_new("FILE - convert one report to its JSON record",
        "Reads an annual report on open government information (政府信息公开工作\n"
        "年度报告) — PDF, scanned PDF, image, HTML page or scraped text — and writes\n"
        "its record (schema cn-ogi-annual-report) as JSON on stdout.\n\n"
        "Values the document does not state are absent.  Doubts are listed in\n"
        "\"warnings\" (a value that could not be read, a table not found) and broken\n"
        "consistency rules in \"checks\"; no number is ever filled in.\n\n"
        "Examples:\n"
        "  nianbao convert report.pdf > report.json\n"
        "  nianbao convert --provenance page.html | jq '.provenance'\n"
        "  nianbao convert --strict scan.pdf || echo 'needs a look'\n"
        "  nianbao convert --corrections scan.corrections.json scan.pdf",
        "Exit codes: 0 record written; 1 usage, or corrections for another file or\n"
        "naming a key the template lacks; 2 unreadable/empty; 3 unsupported or\n"
        "corrupt input; 4 not an OGI annual report; 5 limit exceeded; 6 --strict and\n"
        "the record has checks or warnings.", entries);
    nb_cli_add_limit_options(ctx, &cl);
    gint64 max_memory_mb = 0;
    nb_cli_add_memory_option(ctx, &max_memory_mb);
    GError *ge = NULL;
    if (!g_option_context_parse(ctx, &argc, &argv, &ge) || argc != 2) {
        nb_cli_error(NULL, "convert: %s (see 'nianbao convert --help')",
                     ge ? ge->message : "expects exactly one FILE");
        g_clear_error(&ge);
        g_option_context_free(ctx);
        g_free(corrections);
        return NB_EXIT_USAGE;
    }
    g_option_context_free(ctx);
    const char *file = argv[1];
    nb_corrections *corr = NULL;
    int code = corrections ? nb_cli_load_corrections(corrections, file, &corr) : NB_EXIT_OK;
    g_free(corrections);
    if (code != NB_EXIT_OK)
        return code;
    nb_limits lim = nb_cli_limits_get(&cl);
    nb_cli_arm_timeout(file, lim.timeout_s);
    nb_guard_begin(file, max_memory_mb << 20);
    nb_error err;
    nb_record *rec = convert_file(file, &lim, corr, &err);
    nb_corrections_free(corr);
    /* the work is done: a backstop firing while the answer is written (or
     * during exit) would add a second line */
    nb_cli_arm_timeout(file, 0);
    if (!rec) {
        nb_cli_error(file, "%s", err.message);
        code = nb_cli_exit_for(err.cls);
        nb_error_clear(&err);
        return code;
    }
    nb_record_write_json(stdout, rec, provenance);
    fflush(stdout);
    if (strict && (rec->checks->len > 0 || nb_record_value_warnings(rec) > 0))
        code = NB_EXIT_STRICT;
    nb_record_free(rec);
    return code;
}
