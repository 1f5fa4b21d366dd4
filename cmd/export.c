/*
 * export.c — `nianbao export DB`: a batch database as CSV or NDJSON on stdout,
 * for people who do not use SQLite.
 *
 * Owns the two row writers (RFC 4180 CSV, one JSON object per line); the rows
 * come from db.h's views.  Numbers are written in the shortest form that
 * reads back as the same value; SQL NULL is an empty CSV field and an absent
 * NDJSON key (a key is present only when the document states the value).
 */
#include "cmd/commands.h"
#include "cmd/cli.h"
#include "cmd/write/grid_out.h"
#include "cmd/batch/db.h"
#include "layout/model/textnorm.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    char *format;
    gboolean wide, long_, bom;
    char *table;
} export_opts;

static const char *k_summary =
    "Writes the batch database DB (made by 'nianbao batch') on stdout.\n"
    "\n"
    "  --wide   one row per document, one column per value key\n"
    "           (\"applications.granted.total\"), plus path, agency, year, status,\n"
    "           error and the text sections (the default)\n"
    "  --long   one row per value: path, agency, year, key, value, raw text,\n"
    "           page, box, confidence, flagged (1 = in doubt)\n"
    "  --table  any table or view of DB: documents, fields, checks, warnings,\n"
    "           sections, failures, check_failures, rule5_pairs, rule5_failures\n"
    "\n"
    "Examples:\n"
    "  nianbao export reports.db > reports.csv\n"
    "  nianbao export reports.db --long --format ndjson | jq 'select(.flagged == 1)'\n"
    "  nianbao export reports.db --table rule5_failures\n"
    "  nianbao export reports.db --bom > for-excel.csv";

static const char *k_description =
    "Exit codes: 0 written; 1 bad command line or unknown table; 2 DB missing or\n"
    "not a batch database.";

static gboolean parse_options(int *argc, char ***argv, export_opts *o)
{
    GOptionEntry entries[] = {
        {"format", 'f', 0, G_OPTION_ARG_STRING, &o->format, "csv (default) or ndjson", "FORMAT"},
        {"wide", 'w', 0, G_OPTION_ARG_NONE, &o->wide, "One row per document (default)", NULL},
        {"long", 'l', 0, G_OPTION_ARG_NONE, &o->long_, "One row per value", NULL},
        {"table", 't', 0, G_OPTION_ARG_STRING, &o->table, "Export table or view NAME", "NAME"},
        {"bom", 0, 0, G_OPTION_ARG_NONE, &o->bom,
         "Start CSV with a UTF-8 byte order mark (for Excel)", NULL},
        {NULL}};
    GOptionContext *ctx =
        nb_cli_context_new("DB - export a batch database as CSV or NDJSON", k_summary, k_description, entries);
    GError *e = NULL;
    gboolean ok = g_option_context_parse(ctx, argc, argv, &e);
    const char *problem = e ? e->message : NULL;
    if (ok && *argc != 2)
        problem = "expects exactly one DB";
    else if (ok && o->format && strcmp(o->format, "csv") && strcmp(o->format, "ndjson"))
        problem = "--format is csv or ndjson";
    else if (ok && (o->wide + o->long_ + (o->table != NULL)) > 1)
        problem = "choose one of --wide, --long, --table";
    if (problem)
        nb_cli_error(NULL, "export: %s (see 'nianbao export --help')", problem);
    g_clear_error(&e);
    g_option_context_free(ctx);
    return problem == NULL;
}

/* ---- CSV ----------------------------------------------------------------- */

/* The text of a column as written: shortest number, text as is, NULL as "". */
static char *cell_text(sqlite3_stmt *st, int i)
{
    switch (sqlite3_column_type(st, i)) {
    case SQLITE_NULL: return g_strdup("");
    case SQLITE_INTEGER: return g_strdup_printf("%lld", (long long)sqlite3_column_int64(st, i));
    case SQLITE_FLOAT: return nb_format_number(sqlite3_column_double(st, i));
    default: return g_strdup((const char *)sqlite3_column_text(st, i));
    }
}

static void csv_header(FILE *out, sqlite3_stmt *st)
{
    for (int i = 0; i < sqlite3_column_count(st); i++) {
        if (i)
            fputc(',', out);
        nb_csv_write_field(out, sqlite3_column_name(st, i));
    }
    fputc('\n', out);
}

static void csv_row(FILE *out, sqlite3_stmt *st)
{
    for (int i = 0; i < sqlite3_column_count(st); i++) {
        if (i)
            fputc(',', out);
        char *s = cell_text(st, i);
        nb_csv_write_field(out, s);
        g_free(s);
    }
    fputc('\n', out);
}

/* ---- NDJSON -------------------------------------------------------------- */

static void json_text(FILE *out, const char *s)
{
    json_t *j = json_string(s);
    if (!j) /* not UTF-8: replaced rather than dropped */
        j = json_string_nocheck("\xEF\xBF\xBD");
    json_dumpf(j, out, JSON_ENCODE_ANY);
    json_decref(j);
}

static void ndjson_row(FILE *out, sqlite3_stmt *st)
{
    gboolean first = TRUE;
    fputc('{', out);
    for (int i = 0; i < sqlite3_column_count(st); i++) {
        int type = sqlite3_column_type(st, i);
        if (type == SQLITE_NULL)
            continue;
        if (!first)
            fputc(',', out);
        first = FALSE;
        json_text(out, sqlite3_column_name(st, i));
        fputc(':', out);
        if (type == SQLITE_TEXT || type == SQLITE_BLOB) {
            char *s = g_utf8_make_valid((const char *)sqlite3_column_text(st, i), -1);
            json_text(out, s);
            g_free(s);
        } else {
            char *s = cell_text(st, i); /* numbers: already valid JSON */
            fputs(s, out);
            g_free(s);
        }
    }
    fputs("}\n", out);
}

/* ---- the query ----------------------------------------------------------- */

static gboolean is_table_or_view(sqlite3 *h, const char *name)
{
    sqlite3_stmt *st = NULL;
    gboolean found = FALSE;
    if (sqlite3_prepare_v2(h, "SELECT 1 FROM sqlite_master WHERE name = ?1 AND type IN"
                              " ('table', 'view')", -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        found = sqlite3_step(st) == SQLITE_ROW;
    }
    sqlite3_finalize(st);
    return found;
}

/* The SQL for the chosen shape, or NULL (reported) for an unknown table. */
static char *export_query(nb_db *db, const export_opts *o)
{
    if (o->table) {
        if (!is_table_or_view(nb_db_handle(db), o->table)) {
            nb_cli_error(NULL, "export: no table or view named '%s'", o->table);
            return NULL;
        }
        char *q = sqlite3_mprintf("SELECT * FROM \"%w\"", o->table);
        char *sql = g_strdup(q);
        sqlite3_free(q);
        return sql;
    }
    if (o->long_)
        return g_strdup("SELECT * FROM fields_long ORDER BY path, key");
    char *wide = nb_db_wide_query(db);
    char *sql = g_strconcat(wide, " ORDER BY d.path", NULL);
    g_free(wide);
    return sql;
}

static int write_rows(nb_db *db, const char *db_path, const char *sql, const export_opts *o)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(nb_db_handle(db), sql, -1, &st, NULL)) {
        nb_cli_error(db_path, "%s", sqlite3_errmsg(nb_db_handle(db)));
        return NB_EXIT_IO;
    }
    gboolean csv = !o->format || !strcmp(o->format, "csv");
    if (csv && o->bom)
        fputs("\xEF\xBB\xBF", stdout);
    if (csv)
        csv_header(stdout, st);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        (csv ? csv_row : ndjson_row)(stdout, st);
    int code = NB_EXIT_OK;
    if (rc != SQLITE_DONE) {
        nb_cli_error(db_path, "%s", sqlite3_errmsg(nb_db_handle(db)));
        code = NB_EXIT_IO;
    }
    sqlite3_finalize(st);
    if (fflush(stdout) != 0) {
        nb_cli_error(NULL, "export: cannot write to stdout");
        code = NB_EXIT_IO;
    }
    return code;
}

int nb_cmd_export(int argc, char **argv)
{
    export_opts o = {0};
    if (!parse_options(&argc, &argv, &o)) {
        g_free(o.format), g_free(o.table);
        return NB_EXIT_USAGE;
    }
    GError *e = NULL;
    nb_db *db = nb_db_open_readonly(argv[1], &e);
    int code = NB_EXIT_IO;
    if (!db) {
        nb_cli_error(argv[1], "%s", e->message);
        g_error_free(e);
    } else {
        char *sql = export_query(db, &o);
        code = sql ? write_rows(db, argv[1], sql, &o) : NB_EXIT_USAGE;
        g_free(sql);
    }
    nb_db_close(db);
    g_free(o.format), g_free(o.table);
    return code;
}
