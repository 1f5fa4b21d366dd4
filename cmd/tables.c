/* tables.c — `nianbao tables FILE`: the rebuilt grids, schema-free. */
#include "cmd/commands.h"
#include "cmd/cli.h"
#include "cmd/driver/guard.h"
#include "cmd/write/grid_out.h"
#include "cmd/driver/pipeline.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

/* Parses a page list ("3", "2-4", "1,3-5") into a set of
 * GINT_TO_POINTER(page); NULL when it is not one (pages are 1-based). */
static GHashTable *parse_pages(const char *spec)
{
    GHashTable *set = g_hash_table_new(g_direct_hash, g_direct_equal);
    char **parts = g_strsplit(spec, ",", -1);
    gboolean ok = parts[0] != NULL;
    for (int i = 0; ok && parts[i]; i++) {
        /* "N" or "N-M", 1 <= N <= M */
        char **ends = g_strsplit(g_strstrip(parts[i]), "-", 3);
        guint64 lo = 0, hi = 0;
        ok = ends[0] && g_ascii_string_to_unsigned(ends[0], 10, 1, 1000000, &lo, NULL) &&
             (!ends[1] || (!ends[2] &&
                           g_ascii_string_to_unsigned(ends[1], 10, lo, 1000000, &hi, NULL)));
        if (ok && !ends[1])
            hi = lo;
        g_strfreev(ends);
        for (guint64 p = lo; ok && p <= hi; p++)
            g_hash_table_add(set, GINT_TO_POINTER((int)p));
    }
    g_strfreev(parts);
    if (!ok)
        g_clear_pointer(&set, g_hash_table_destroy);
    return set;
}

/* Drops the grids of `doc` with no cell read from a page of `pages`. */
static void keep_pages(nb_doc *doc, GHashTable *pages)
{
    for (guint i = doc->grids->len; i-- > 0;) {
        GHashTable *on = nb_grid_pages(g_ptr_array_index(doc->grids, i));
        gboolean keep = FALSE;
        GHashTableIter it;
        gpointer p;
        g_hash_table_iter_init(&it, on);
        while (!keep && g_hash_table_iter_next(&it, &p, NULL))
            keep = g_hash_table_contains(pages, p);
        g_hash_table_destroy(on);
        if (!keep)
            g_ptr_array_remove_index(doc->grids, i);
    }
}

/* A file name for grid i: its number, then its name with what a file
 * system or a shell would trip on replaced by '-' ("03-page-2-table-1.csv"). */
static char *table_file_name(const nb_grid *g, guint i)
{
    GString *s = g_string_new(NULL);
    g_string_printf(s, "%02u", i + 1);
    const char *name = nb_grid_name(g);
    if (name && g_utf8_validate(name, -1, NULL)) {
        g_string_append_c(s, '-');
        for (const char *p = name; *p && s->len < 64; p = g_utf8_next_char(p)) {
            gunichar ch = g_utf8_get_char(p);
            if (g_unichar_isalnum(ch))
                g_string_append_len(s, p, g_utf8_next_char(p) - p);
            else if (s->str[s->len - 1] != '-')
                g_string_append_c(s, '-');
        }
        if (s->str[s->len - 1] == '-')
            g_string_truncate(s, s->len - 1);
    }
    g_string_append(s, ".csv");
    return g_string_free(s, FALSE);
}

/* Writes one CSV per grid into `dir` (created if missing).  Returns the
 * exit code; a failure is reported in one line. */
static int write_table_files(const nb_doc *doc, const char *dir)
{
    if (g_mkdir_with_parents(dir, 0777) != 0) {
        nb_cli_error(dir, "cannot create the directory: %s", g_strerror(errno));
        return NB_EXIT_IO;
    }
    for (guint i = 0; i < doc->grids->len; i++) {
        const nb_grid *g = g_ptr_array_index(doc->grids, i);
        char *base = table_file_name(g, i);
        char *path = g_build_filename(dir, base, NULL);
        FILE *f = g_fopen(path, "w");
        gboolean ok = f != NULL;
        if (f) {
            nb_grid_write_csv_table(f, g);
            ok = fclose(f) == 0;
        }
        if (!ok)
            nb_cli_error(path, "cannot write: %s", g_strerror(errno));
        g_free(base), g_free(path);
        if (!ok)
            return NB_EXIT_IO;
    }
    return NB_EXIT_OK;
}

int nb_cmd_tables(int argc, char **argv)
{
    char *format = NULL;
    char *pages_spec = NULL, *out_dir = NULL;
    gboolean provenance = FALSE;
    nb_cli_limits cl;
    GOptionEntry entries[] = {
        {"format", 'f', 0, G_OPTION_ARG_STRING, &format, "Output format: tsv (default), csv or json", "FMT"},
        {"provenance", 'p', 0, G_OPTION_ARG_NONE, &provenance, "With --format json: where each cell came from", NULL},
        {"pages", 0, 0, G_OPTION_ARG_STRING, &pages_spec,
         "Only the tables with cells on these pages (1-based: 3, 2-4, 1,3-5)", "LIST"},
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &out_dir,
         "Write one CSV per table into DIR (one header row each)", "DIR"},
        {NULL}};
    GOptionContext *ctx = nb_cli_context_new("FILE - print the table grids rebuilt from a document",
        "Prints every table found in FILE with merged cells resolved: TSV by default\n"
        "(a '# name' line before each table, spanned cells repeat their text),\n"
        "CSV, or JSON with row/column spans.  No schema is applied: this works for\n"
        "any table.  --pages keeps the tables read from the pages listed (a table\n"
        "running over a page break counts for both pages; HTML and text have no\n"
        "pages).  -o DIR writes one rectangular CSV file per table instead\n"
        "(NN-NAME.csv): its first line names the columns, joining the texts of\n"
        "the table's header rows (its leading rows without numbers) with ' / ',\n"
        "and every row has as many fields as the table has columns.\n\n"
        "Examples:\n  nianbao tables report.pdf --format csv > tables.csv\n"
        "  nianbao tables report.pdf --pages 2-3 -o tables/",
        "Exit codes: 0 grids written; 1 usage; 2 unreadable/empty, or DIR cannot be\n"
        "written; 3 unsupported or corrupt input; 4 no table found (on the pages\n"
        "given); 5 limit exceeded.", entries);
    nb_cli_add_limit_options(ctx, &cl);
    gint64 max_memory_mb = 0;
    nb_cli_add_memory_option(ctx, &max_memory_mb);
    nb_cli_add_progress_option(ctx, &cl);
    GError *ge = NULL;
    gboolean parsed = g_option_context_parse(ctx, &argc, &argv, &ge);
    g_option_context_free(ctx);
    nb_grid_format fmt = NB_GRID_TSV;
    GHashTable *pages = parsed && pages_spec ? parse_pages(pages_spec) : NULL;
    const char *problem = !parsed ? ge->message : argc != 2 ? "expects exactly one FILE" : NULL;
    if (!problem && !nb_grid_format_parse(format, &fmt))
        problem = "unknown --format (tsv, csv or json)";
    else if (!problem && pages_spec && !pages)
        problem = "--pages takes page numbers from 1: 3, 2-4, 1,3-5";
    else if (!problem && out_dir && format && fmt != NB_GRID_CSV)
        problem = "-o DIR writes CSV files (--format csv)";
    g_free(format), g_free(pages_spec);
    if (problem) {
        nb_cli_error(NULL, "tables: %s (see 'nianbao tables --help')", problem);
        g_clear_error(&ge);
        g_free(out_dir);
        if (pages)
            g_hash_table_destroy(pages);
        return NB_EXIT_USAGE;
    }
    const char *file = argv[1];
    nb_limits lim = nb_cli_limits_get(&cl);
    lim.progress_name = file;
    nb_cli_arm_timeout(file, lim.timeout_s);
    nb_guard_begin(file, max_memory_mb << 20);
    nb_error err;
    nb_doc *doc = nb_pipeline_read(file, &lim, &err);
    nb_cli_arm_timeout(file, 0); /* read: no second line from the backstop */
    nb_limits_progress_end(&lim);
    int code = NB_EXIT_OK;
    if (!doc) {
        nb_cli_error(file, "%s", err.message);
        code = nb_cli_exit_for(err.cls);
        nb_error_clear(&err);
    } else {
        gboolean found = doc->grids->len > 0;
        if (pages)
            keep_pages(doc, pages);
        if (doc->grids->len == 0) {
            nb_cli_error(file, found ? "no table on the pages given" : "no table found");
            code = NB_EXIT_NOT_REPORT;
        } else if (out_dir) {
            code = write_table_files(doc, out_dir);
        } else {
            nb_grids_write(stdout, doc, fmt, provenance);
        }
    }
    nb_doc_free(doc);
    if (pages)
        g_hash_table_destroy(pages);
    g_free(out_dir);
    return code;
}
