/*
 * synth.c — `nianbao synth`: synthetic reports with known numbers (the
 * renderers and their registry are cmd/synth/).
 */
#include "cmd/commands.h"
#include "cmd/cli.h"
#include "cmd/write/record_json.h"
#include "cmd/synth/synth.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* ---- the command ---- */

typedef struct {
    char *template_name, *format, *encoding, *output, *expected, *out_dir, *vary, *layout_list;
    unsigned layout;
    gint64 seed;
    gint count;
    gboolean mangle, break_rule, ambiguous, feeder;
    int annex_pages;
} synth_args;

/* Writes `data` to `path` ("-" is stdout).  On failure prints one error line
 * naming the file and returns FALSE. */
static gboolean write_bytes(const char *path, const guint8 *data, gsize len)
{
    if (!strcmp(path, "-")) {
        gboolean ok = fwrite(data, 1, len, stdout) == len && fflush(stdout) == 0;
        if (!ok)
            nb_cli_error("-", "cannot write to stdout: %s", g_strerror(errno));
        return ok;
    }
    GError *ge = NULL;
    if (!g_file_set_contents(path, (const char *)data, (gssize)len, &ge)) {
        nb_cli_error(path, "%s", ge->message);
        g_error_free(ge);
        return FALSE;
    }
    return TRUE;
}

/* Writes the record's JSON (the expected output of a round trip). */
static gboolean write_expected(const char *path, const nb_record *r)
{
    json_t *j = nb_record_to_json(r, FALSE);
    char *s = json_dumps(j, JSON_INDENT(1) | JSON_REAL_PRECISION(15));
    json_decref(j);
    GString *text = g_string_new(s);
    g_string_append_c(text, '\n');
    free(s);
    gboolean ok = write_bytes(path, (const guint8 *)text->str, text->len);
    g_string_free(text, TRUE);
    return ok;
}

/* The content variations of the document of `seed`: the --vary list, or
 * with --vary random a subset drawn from the seed (a partial page one time
 * in five). */
static guint vary_bits(const synth_args *a, guint32 seed)
{
    guint bits = 0;
    if (a->vary && !strcmp(a->vary, "random")) {
        GRand *rnd = g_rand_new_with_seed(seed ^ 0x5eedu);
        bits = (guint)g_rand_int(rnd) & (NB_VARY_ALL & ~(guint)NB_VARY_PARTIAL);
        if (g_rand_int_range(rnd, 0, 5) == 0)
            bits |= NB_VARY_PARTIAL;
        g_rand_free(rnd);
    } else if (a->vary) {
        nb_synth_parse_vary(a->vary, &bits);
    }
    return bits;
}

/* Generates one document for `seed` and writes it (and its record). */
static int synth_one(const synth_args *a, const nb_schema *s, const nb_synth_entry *e,
                     guint32 seed, const char *output, const char *expected)
{
    nb_synth_opts opts = {seed, a->mangle, a->break_rule, a->ambiguous,
                          a->encoding ? a->encoding : "UTF-8", a->annex_pages,
                          /* scans look like an office's (synth_office.h)
                           * unless --feeder asks for the plain feeder scan */
                          (!strcmp(e->kind, "scan") || !strcmp(e->kind, "ofd-scan")) && !a->feeder, vary_bits(a, seed), a->layout};
    nb_record *r = nb_synth_record(s, &opts);
    GByteArray *doc = g_byte_array_new();
    char *err = NULL;
    int code = NB_EXIT_OK;
    if (!e->fn(r, s, &opts, doc, &err)) {
        nb_cli_error(output, "synth: cannot render %s: %s", e->kind, err ? err : "unknown error");
        code = NB_EXIT_INTERNAL;
    } else if (!write_bytes(output, doc->data, doc->len) ||
               (expected && !write_expected(expected, r))) {
        code = NB_EXIT_IO;
    }
    g_free(err);
    g_byte_array_unref(doc);
    nb_record_free(r);
    return code;
}

/* --out-dir: DIR/NNN.<ext> and DIR/NNN.json for seeds seed .. seed+count-1. */
static int synth_many(const synth_args *a, const nb_schema *s, const nb_synth_entry *e)
{
    if (g_mkdir_with_parents(a->out_dir, 0755) != 0) {
        nb_cli_error(a->out_dir, "cannot create directory: %s", g_strerror(errno));
        return NB_EXIT_IO;
    }
    for (gint i = 0; i < a->count; i++) {
        char *doc = g_strdup_printf("%s/%03d.%s", a->out_dir, i, e->extension);
        char *json = g_strdup_printf("%s/%03d.json", a->out_dir, i);
        int code = synth_one(a, s, e, (guint32)(a->seed + i), doc, json);
        g_free(doc);
        g_free(json);
        if (code != NB_EXIT_OK)
            return code;
    }
    return NB_EXIT_OK;
}

/* Checks the parsed options; prints one error line and returns FALSE when
 * they do not make sense together. */
static gboolean validate(const synth_args *a, const nb_synth_entry *e)
{
    char *kinds = nb_synth_kind_list();
    gboolean ok = FALSE;
    if (!e)
        nb_cli_error(NULL, "synth: unknown --format '%s' (available: %s)", a->format, kinds);
    else if (a->encoding && g_ascii_strcasecmp(a->encoding, "UTF-8") &&
             g_ascii_strcasecmp(a->encoding, "GB18030"))
        nb_cli_error(NULL, "synth: --encoding must be UTF-8 or GB18030, not '%s'", a->encoding);
    else if (a->out_dir && (a->output || a->expected))
        nb_cli_error(NULL, "synth: --out-dir cannot be combined with -o or --expected");
    else if (a->out_dir && a->count < 1)
        nb_cli_error(NULL, "synth: --count must be at least 1");
    else if (!a->out_dir && !a->output)
        nb_cli_error(NULL, "synth: give -o OUTPUT (or -o - for stdout) or --out-dir DIR");
    else if (a->output && !strcmp(a->output, "-") && e->binary)
        nb_cli_error(NULL, "synth: --format %s writes binary data; give -o FILE", e->kind);
    else if (a->vary && strcmp(a->vary, "random") && !nb_synth_parse_vary(a->vary, &(guint){0}))
        nb_cli_error(NULL, "synth: unknown --vary '%s' (blanks, labels, notes, units, fees, "
                     "restate, partial, all, none, random)", a->vary);
    else if (a->layout_list && strcmp(a->layout_list, "none") && !e->layouts)
        nb_cli_error(NULL, "synth: --format %s draws no --layout variations (text, markdown, "
                     "html and pdf do); leave --layout out", e->kind);
    else if (a->seed < 0 || a->seed > G_MAXUINT32)
        nb_cli_error(NULL, "synth: --seed must be between 0 and %u", G_MAXUINT32);
    else
        ok = TRUE;
    g_free(kinds);
    return ok;
}

static void args_clear(synth_args *a)
{
    g_free(a->template_name);
    g_free(a->format);
    g_free(a->encoding);
    g_free(a->output);
    g_free(a->expected);
    g_free(a->out_dir);
    g_free(a->vary);
    g_free(a->layout_list);
}

/* `nianbao synth`: see the --help text below.  Returns an exit code of
 * exitcodes.h. */
int nb_cmd_synth(int argc, char **argv)
{
    synth_args a = {0};
    a.count = 1;
    GOptionEntry entries[] = {
        {"template", 't', 0, G_OPTION_ARG_STRING, &a.template_name,
         "Template of the tables: 2019 or 2021 (default 2021)", "NAME"},
        {"format", 'f', 0, G_OPTION_ARG_STRING, &a.format,
         "Kind of document to write (default text)", "KIND"},
        {"seed", 0, 0, G_OPTION_ARG_INT64, &a.seed,
         "Seed of every random choice: the same seed gives the same document (default 0)", "N"},
        {"mangle", 0, 0, G_OPTION_ARG_NONE, &a.mangle,
         "Add the label noise of published reports (spaces, bracket widths, split labels, typos)", NULL},
        {"break-rule", 0, 0, G_OPTION_ARG_NONE, &a.break_rule,
         "Print one inconsistent total so that one row or column rule (2 or 3) fails", NULL},
        {"ambiguous", 0, 0, G_OPTION_ARG_NONE, &a.ambiguous,
         "Glued text: choose values whose digits have several valid splits", NULL},
        {"vary", 0, 0, G_OPTION_ARG_STRING, &a.vary,
         "Content variations of published reports, comma-separated: blanks (zeros printed "
         "blank), labels (（七）合计, 1、/（1）), notes (35（其中修订12件）), units (header units), "
         "fees (fee phrasings), restate (body sentences restating values), partial (the tail of "
         "section 三 and section 四 only), all, none; random: a subset drawn from each seed",
         "LIST"},
        {"layout", 0, 0, G_OPTION_ARG_STRING, &a.layout_list,
         "Layout variations, comma-separated: spaces (text in columns, pdftotext -layout), "
         "vertical (headers one character per line), wrap (narrow tables, wrapped labels and "
         "headers), webprint (browser header and footer on every page; text: form feeds); HTML: "
         "headers (other header-row shapes), nested (a table in a layout cell), split (a table "
         "in two <table>s), containers (several containers, custom tags), outside (a table "
         "after the article), titles (two <title>s), fragment (no <html>, no charset), and "
         "vertical and wrap as <p>/<br> in cells; PDF tables: widths (uneven columns and table "
         "widths), norules, hrules (horizontal rulings only), align (numbers left, centred or "
         "right), split (section 三 over a page break), headunit (the money unit on a line "
         "under the heading), and vertical and wrap; random (each drawn per document)", "LIST"},
        {"feeder", 0, 0, G_OPTION_ARG_NONE, &a.feeder,
         "Scan: a plain document-feeder scan of a plainly printed page (rotation, warp, blur, "
         "noise, JPEG or bilevel) without the office print and marks (fonts, seals, ticks, "
         "running heads, uneven light, binding shadow)", NULL},
        {"encoding", 'e', 0, G_OPTION_ARG_STRING, &a.encoding,
         "Text and HTML: UTF-8 (default) or GB18030", "ENC"},
        {"annex-pages", 0, 0, G_OPTION_ARG_INT, &a.annex_pages,
         "PDF: add N pages of annex (a list of documents and prose) after the report, "
         "for long-document benchmarks", "N"},
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &a.output,
         "Write the document to FILE ('-' is stdout, text kinds only)", "FILE"},
        {"expected", 'x', 0, G_OPTION_ARG_FILENAME, &a.expected,
         "Also write the record the document states (the expected JSON of a round trip)", "FILE"},
        {"out-dir", 'd', 0, G_OPTION_ARG_FILENAME, &a.out_dir,
         "Write COUNT documents DIR/NNN.<ext> with their records DIR/NNN.json", "DIR"},
        {"count", 'n', 0, G_OPTION_ARG_INT, &a.count,
         "With --out-dir: number of documents, seeds N, N+1, ... (default 1)", "COUNT"},
        {NULL}};
    char *kinds = nb_synth_kind_list();
    char *summary = g_strdup_printf(
        "Writes a made-up 政府信息公开工作年度报告 whose every number is known: a\n"
        "random agency and year, all table values (consistent with the template's\n"
        "rules unless --break-rule), the text sections and, for template 2021, the\n"
        "information-fee sentence.  The record the document states is written with\n"
        "--expected: converting the document must give exactly that record.\n\n"
        "Formats: %s.\n\n"
        "Examples:\n"
        "  nianbao synth --template 2019 --seed 7 -o report.txt --expected report.json\n"
        "  nianbao synth --template 2021 --seed 3 --mangle -o - | nianbao convert /dev/stdin\n"
        "  nianbao synth --format text --out-dir cases --count 50 --seed 100",
        kinds);
    GOptionContext *ctx = nb_cli_context_new(
        "- generate a synthetic report with known numbers", summary,
        "Exit codes: 0 written; 1 usage; 2 cannot write an output; 70 internal error.", entries);
    GError *ge = NULL;
    int code = NB_EXIT_USAGE;
    if (!g_option_context_parse(ctx, &argc, &argv, &ge) || argc != 1) {
        nb_cli_error(NULL, "synth: %s (see 'nianbao synth --help')",
                     ge ? ge->message : "takes no FILE arguments; use -o");
        g_clear_error(&ge);
        goto out;
    }
    const nb_schema *s = nb_schema_find(nb_schema_set_default(),
                                        a.template_name ? a.template_name : "2021");
    const nb_synth_entry *e = nb_synth_find(a.format ? a.format : "text");
    if (!s) {
        nb_cli_error(NULL, "synth: unknown --template '%s' (2019 or 2021)", a.template_name);
        goto out;
    }
    if (!validate(&a, e))
        goto out;
    char *bad = NULL;
    if (!nb_synth_parse_layout(a.layout_list, &a.layout, &bad)) {
        nb_cli_error(NULL, "synth: unknown --layout '%s' (spaces, vertical, wrap, webprint, "
                     "headers, nested, split, containers, outside, titles, fragment, widths, "
                     "norules, hrules, align, headunit, random, none)", bad);
        g_free(bad);
        goto out;
    }
    code = a.out_dir ? synth_many(&a, s, e)
                     : synth_one(&a, s, e, (guint32)a.seed, a.output, a.expected);
out:
    g_free(kinds);
    g_free(summary);
    g_option_context_free(ctx);
    args_clear(&a);
    return code;
}
