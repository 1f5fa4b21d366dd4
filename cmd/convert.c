/* convert.c — `nianbao convert FILE`: the record of one report as JSON. */
#include "cmd/commands.h"
#include "cmd/cli.h"
#include "cmd/driver/guard.h"
#include "cmd/driver/pipeline.h"
#include "cmd/write/record_json.h"
#include "cmd/batch/batch_inputs.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include <stdio.h>
#include <string.h>

int nb_cli_load_corrections(const char *corrections, nb_corrections **out)
{
    GError *ge = NULL;
    *out = nb_corrections_load(corrections, &ge);
    if (!*out) {
        nb_cli_error(corrections, "%s", ge->message);
        g_clear_error(&ge);
        return NB_EXIT_USAGE;
    }
    return NB_EXIT_OK;
}

/* Read once, fingerprinted, checked against the corrections (when given)
 * before any reader runs, recorded.  *format receives the sniffed format (static string of the
 * reader, or NULL), *sha256 the SHA-256 of the bytes read (g_free, or NULL). */
static nb_record *convert_file(const char *file, const nb_limits *lim, const nb_corrections *corr,
                               char **format, char **sha256, nb_error *err)
{
    *format = NULL;
    nb_doc *doc = nb_pipeline_read_hashed(file, lim, corr ? nb_corrections_sha256(corr) : NULL,
                                          sha256, err);
    if (!doc)
        return NULL;
    *format = g_strdup(doc->format);
    nb_record *r = nb_pipeline_record_corrected(doc, corr, err);
    nb_doc_free(doc);
    if (r && nb_pipeline_over_time(lim, err)) {
        nb_record_free(r);
        return NULL;
    }
    return r;
}

typedef struct {
    gboolean provenance, strict, compact;
    char *corrections, *output;
    nb_cli_limits limits;
    gint64 max_memory_mb;
} convert_opts;

/* The files to convert, in the order given, a directory's files sorted by
 * their path below it; "-" stays "-" (stdin).  FALSE when a directory cannot
 * be read (reported). */
static gboolean expand_inputs(int argc, char **argv, GPtrArray *files)
{
    gboolean ok = TRUE;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-") && g_file_test(argv[i], G_FILE_TEST_IS_DIR)) {
            nb_inputs *in = nb_inputs_new();
            GError *e = NULL;
            if (!nb_inputs_add_dir(in, argv[i], &e)) {
                nb_cli_error(argv[i], "%s", e->message);
                g_error_free(e);
                ok = FALSE;
            }
            nb_inputs_finish(in);
            if (ok && nb_inputs_len(in) == 0) {
                nb_cli_error(argv[i], "a directory with no file to convert");
                ok = FALSE;
            }
            for (guint j = 0; j < nb_inputs_len(in); j++)
                g_ptr_array_add(files, g_strdup(nb_inputs_get(in, j)->path));
            nb_inputs_free(in);
        } else {
            g_ptr_array_add(files, g_strdup(argv[i]));
        }
    }
    return ok;
}

/* Converts one input and writes its record on `out`; returns its exit code. */
static int convert_one(const char *given, const convert_opts *o, const nb_corrections *corr,
                       gboolean one_line, FILE *out)
{
    const char *file = given;
    char *shown = nb_escape_bytes(given);
    nb_limits lim = nb_cli_limits_get(&o->limits);
    lim.progress_name = shown;
    nb_cli_arm_timeout(shown, lim.timeout_s);
    nb_guard_begin(shown, o->max_memory_mb << 20);
    nb_error err;
    char *format = NULL, *sha = NULL;
    nb_record *rec = convert_file(file, &lim, corr, &format, &sha, &err);
    /* the work is done: a backstop firing while the answer is written (or
     * during exit) would add a second line */
    nb_cli_arm_timeout(shown, 0);
    nb_limits_progress_end(&lim);
    int code = NB_EXIT_OK;
    if (!rec) {
        nb_cli_error(shown, "%s", err.message);
        code = nb_cli_exit_for(err.cls);
        nb_error_clear(&err);
    } else {
        json_t *plain = nb_record_to_json(rec, o->provenance);
        json_t *j = nb_record_json_sourced(plain, given, sha, format);
        json_dumpf(j, out, (one_line ? JSON_COMPACT : JSON_INDENT(1)) | JSON_REAL_PRECISION(15));
        fputc('\n', out);
        json_decref(j), json_decref(plain);
        if (o->strict && (rec->checks->len > 0 || nb_record_value_warnings(rec) > 0))
            code = NB_EXIT_STRICT;
        nb_record_free(rec);
    }
    g_free(format);
    g_free(sha);
    g_free(shown);
    return code;
}

/* Opens an -o target that exists and is not a regular file (/dev/null, a
 * FIFO, a terminal) for writing in place: renaming a temporary file over it
 * would replace the device itself, which as root breaks the machine. */
static FILE *open_output_in_place(const char *output)
{
    FILE *f = g_fopen(output, "w");
    if (!f)
        nb_cli_error(output, "cannot write: %s", g_strerror(errno));
    return f;
}

/* The stream the records go to: stdout, the -o target itself when it is not
 * a regular file, or a temporary file beside -o FILE that finish_output
 * renames over it (so FILE is never half written). */
static FILE *open_output(const convert_opts *o, char **tmp_name)
{
    *tmp_name = NULL;
    if (!o->output || !strcmp(o->output, "-"))
        return stdout;
    GStatBuf st;
    if (g_stat(o->output, &st) == 0 && !S_ISREG(st.st_mode))
        return open_output_in_place(o->output);
    char *dir = g_path_get_dirname(o->output);
    char *base = g_path_get_basename(o->output);
    char *templ = g_strdup_printf("%s/.%s.XXXXXX", dir, base);
    int fd = g_mkstemp(templ);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!f) {
        nb_cli_error(o->output, "cannot write: %s", g_strerror(errno));
        if (fd >= 0)
            close(fd), g_unlink(templ);
        g_free(templ);
    } else {
        *tmp_name = templ;
    }
    g_free(dir), g_free(base);
    return f;
}

static gboolean finish_output(FILE *f, char *tmp_name, const char *output, gboolean keep)
{
    if (!tmp_name)
        return f == stdout ? fflush(f) == 0 : fclose(f) == 0;
    gboolean ok = fclose(f) == 0 && keep && g_rename(tmp_name, output) == 0;
    if (!ok)
        g_unlink(tmp_name);
    if (keep && !ok)
        nb_cli_error(output, "cannot write: %s", g_strerror(errno));
    g_free(tmp_name);
    return ok || !keep;
}

static const char *k_convert_summary =
    "Reads an annual report on open government information (政府信息公开工作\n"
    "年度报告) — PDF, scanned PDF, image, HTML page or scraped text — and writes\n"
    "its record (schema cn-ogi-annual-report) as JSON on stdout.  With several\n"
    "FILEs or a DIR (its files sorted), one record per line (NDJSON), in order;\n"
    "a file that fails gets its one line on stderr and the others still convert.\n"
    "FILE '-' (or no FILE, stdin not a terminal) reads stdin.  Every record\n"
    "starts with \"source\" (path as given, sha256 of the bytes read — stdin's\n"
    "too — and format) and \"tool\" (name, version).\n\n"
    "Values the document does not state are absent.  Doubts are listed in\n"
    "\"warnings\" (a value that could not be read, a table not found) and broken\n"
    "consistency rules in \"checks\"; no number is ever filled in.\n\n"
    "Examples:\n"
    "  nianbao convert report.pdf > report.json\n"
    "  nianbao convert --provenance page.html | jq '.provenance'\n"
    "  nianbao convert --strict scan.pdf || echo 'needs a look'\n"
    "  nianbao convert 2023/ 2024/*.pdf -o all.ndjson\n"
    "  curl -s https://example.gov.cn/report.html | nianbao convert -\n"
    "  nianbao convert --corrections scan.corrections.json scan.pdf";

static const char *k_convert_exits =
    "Exit codes: 0 record written; 1 usage, or corrections for another file or\n"
    "naming a key the template lacks; 2 unreadable/empty; 3 unsupported or\n"
    "corrupt input; 4 not an OGI annual report; 5 limit exceeded; 6 --strict and\n"
    "the record has checks or warnings; 7 several inputs and some failed (each\n"
    "with its line on stderr, the others written).";

int nb_cmd_convert(int argc, char **argv)
{
    convert_opts o = {0};
    GOptionEntry entries[] = {
        {"provenance", 'p', 0, G_OPTION_ARG_NONE, &o.provenance,
         "Add where every value came from (page, box or line, raw text, confidence)", NULL},
        {"strict", 's', 0, G_OPTION_ARG_NONE, &o.strict,
         "Exit 6 when the record has failed checks or value warnings", NULL},
        {"compact", 'c', 0, G_OPTION_ARG_NONE, &o.compact,
         "One line of JSON per record (always so with several inputs), as jq -c", NULL},
        /* -C was the spelling before -c (jq's) was freed from --corrections. */
        {"compact", 'C', G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &o.compact, NULL, NULL},
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &o.output,
         "Write to FILE (through a temporary file beside it, then renamed)", "FILE"},
        {"corrections", 0, 0, G_OPTION_ARG_FILENAME, &o.corrections,
         "Apply a person's corrections (docs/corrections.md; written by the review page)",
         "JSON"},
        {NULL}};
    GOptionContext *ctx = nb_cli_context_new("[FILE|DIR|-]... - convert reports to JSON records",
                                             k_convert_summary, k_convert_exits, entries);
    nb_cli_add_limit_options(ctx, &o.limits);
    nb_cli_add_memory_option(ctx, &o.max_memory_mb);
    nb_cli_add_progress_option(ctx, &o.limits);
    GError *ge = NULL;
    gboolean parsed = g_option_context_parse(ctx, &argc, &argv, &ge);
    g_option_context_free(ctx);
    /* GLib leaves the "--" that ended the options among the arguments */
    for (int i = 1; parsed && i < argc; i++)
        if (!strcmp(argv[i], "--")) {
            memmove(argv + i, argv + i + 1, (size_t)(argc - i) * sizeof *argv);
            argc--;
            break;
        }
    GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
    const char *problem = ge ? ge->message : NULL;
    if (parsed && argc < 2 && isatty(STDIN_FILENO))
        problem = "expects a FILE (or '-' for stdin)";
    else if (parsed && argc < 2)
        g_ptr_array_add(files, g_strdup("-"));
    gboolean dirs_ok = parsed && !problem ? expand_inputs(argc, argv, files) : TRUE;
    if (!problem && o.corrections && files->len != 1)
        problem = "--corrections applies to exactly one FILE";
    if (problem) {
        nb_cli_error(NULL, "convert: %s (see 'nianbao convert --help')", problem);
        g_clear_error(&ge);
        g_ptr_array_free(files, TRUE);
        g_free(o.corrections), g_free(o.output);
        return NB_EXIT_USAGE;
    }
    if (files->len == 0) {
        g_ptr_array_free(files, TRUE);
        g_free(o.corrections), g_free(o.output);
        return NB_EXIT_IO;
    }
    gboolean many = argc > 2 || (argc == 2 && files->len != 1) ||
                    (argc == 2 && strcmp(argv[1], "-") && g_file_test(argv[1], G_FILE_TEST_IS_DIR));
    nb_corrections *corr = NULL;
    int code = o.corrections && files->len == 1
                   ? nb_cli_load_corrections(o.corrections, &corr)
                   : NB_EXIT_OK;
    char *tmp_name = NULL;
    FILE *out = code == NB_EXIT_OK ? open_output(&o, &tmp_name) : NULL;
    if (code == NB_EXIT_OK && !out)
        code = NB_EXIT_IO;
    int written = 0, failed = !dirs_ok, strict_hit = 0, last = NB_EXIT_OK;
    for (guint i = 0; out && i < files->len; i++) {
        last = convert_one(g_ptr_array_index(files, i), &o, corr, many || o.compact, out);
        written += last == NB_EXIT_OK || last == NB_EXIT_STRICT;
        failed += last != NB_EXIT_OK && last != NB_EXIT_STRICT;
        strict_hit += last == NB_EXIT_STRICT;
    }
    if (out && !finish_output(out, tmp_name, o.output, written > 0))
        code = NB_EXIT_IO;
    else if (out)
        code = !many ? last : failed ? NB_EXIT_PARTIAL : strict_hit ? NB_EXIT_STRICT : NB_EXIT_OK;
    nb_corrections_free(corr);
    g_ptr_array_free(files, TRUE);
    g_free(o.corrections), g_free(o.output);
    return code;
}
