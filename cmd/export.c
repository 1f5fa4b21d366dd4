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
#include "cmd/export_records.h"
#include "layout/model/textnorm.h"
#include "schemas/schema.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    char *format;
    gboolean wide, long_, bom, records;
    char *table, *labels;
} export_opts;

static const char *k_summary =
    "Writes the batch database DB (made by 'nianbao batch') on stdout.\n"
    "\n"
    "  --wide   one row per document, one column per value key\n"
    "           (\"applications.granted.total\"), plus path, agency, year, status,\n"
    "           error and the text sections (the default)\n"
    "  --long   one row per value: path, agency, year, key, value, raw text,\n"
    "           page, box, confidence, flagged (1 = in doubt)\n"
    "  --records  one record per converted document, as 'convert' writes it\n"
    "           (source, tool, values, sections, checks, warnings), one per line\n"
    "  --table  any table or view of DB: documents, fields, checks, warnings,\n"
    "           sections, failures, check_failures, rule5_pairs, rule5_failures\n"
    "  --labels zh  Chinese column names: a value key becomes the labels the\n"
    "           template prints for it (table dictionary: \"行政许可 / 本年新制作数量\",\n"
    "           money with its unit), KEY:flagged \"…：存疑\", the document columns\n"
    "           their Chinese names (路径, 机关, 年度, ...); a column with no\n"
    "           Chinese name keeps its own, a name given twice gets its key added\n"
    "\n"
    "Examples:\n"
    "  nianbao export reports.db > reports.csv\n"
    "  nianbao export reports.db --long --format ndjson | jq 'select(.flagged == 1)'\n"
    "  nianbao export reports.db --table rule5_failures\n"
    "  nianbao export reports.db --bom > for-excel.csv\n"
    "  nianbao export reports.db --labels zh --bom > 年报.csv\n"
    "  nianbao export 'postgresql://dbhost/nianbao?user=conv' --long\n"
    "\n"
    "DB is a batch database file or a PostgreSQL URI (postgresql://…).";

static const char *k_description =
    "Exit codes: 0 written; 1 bad command line, unknown table or a password in the\n"
    "URI; 2 DB missing or not a batch database.";

static gboolean parse_options(int *argc, char ***argv, export_opts *o)
{
    GOptionEntry entries[] = {
        {"format", 'f', 0, G_OPTION_ARG_STRING, &o->format, "csv (default) or ndjson", "FORMAT"},
        {"wide", 'w', 0, G_OPTION_ARG_NONE, &o->wide, "One row per document (default)", NULL},
        {"long", 'l', 0, G_OPTION_ARG_NONE, &o->long_, "One row per value", NULL},
        {"table", 't', 0, G_OPTION_ARG_STRING, &o->table, "Export table or view NAME", "NAME"},
        {"records", 'r', 0, G_OPTION_ARG_NONE, &o->records,
         "The records as convert writes them (NDJSON)", NULL},
        {"bom", 0, 0, G_OPTION_ARG_NONE, &o->bom,
         "Start CSV with a UTF-8 byte order mark (for Excel)", NULL},
        {"labels", 0, 0, G_OPTION_ARG_STRING, &o->labels,
         "Column names: key (default) or zh (the Chinese labels)", "LANG"},
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
    else if (ok && (o->wide + o->long_ + o->records + (o->table != NULL)) > 1)
        problem = "choose one of --wide, --long, --records, --table";
    else if (ok && o->records && (o->bom || (o->format && strcmp(o->format, "ndjson")) || o->labels))
        problem = "--records writes NDJSON records (no --format csv, --bom or --labels)";
    else if (ok && o->labels && strcmp(o->labels, "zh") && strcmp(o->labels, "key"))
        problem = "--labels is key or zh";
    if (problem)
        nb_cli_error(NULL, "export: %s (see 'nianbao export --help')", problem);
    else if (!nb_conn_check_target((*argv)[1], &e)) {
        nb_cli_error(NULL, "export: %s", e->message);
        problem = "refused";
    }
    g_clear_error(&e);
    g_option_context_free(ctx);
    return problem == NULL;
}

/* ---- CSV ----------------------------------------------------------------- */

/* The text of a column as written: shortest number, text as is, NULL as "". */
static char *cell_text(nb_stmt *st, int i)
{
    switch (nb_stmt_column_type(st, i)) {
    case NB_COL_NULL: return g_strdup("");
    case NB_COL_INT: return g_strdup_printf("%" G_GINT64_FORMAT, nb_stmt_column_int64(st, i));
    case NB_COL_REAL: return nb_format_number(nb_stmt_column_double(st, i));
    default: return g_strdup(nb_stmt_column_text(st, i));
    }
}

static void csv_header(FILE *out, nb_stmt *st, char **names)
{
    for (int i = 0; i < nb_stmt_columns(st); i++) {
        if (i)
            fputc(',', out);
        nb_csv_write_field(out, names[i]);
    }
    fputc('\n', out);
}

static void csv_row(FILE *out, nb_stmt *st)
{
    for (int i = 0; i < nb_stmt_columns(st); i++) {
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

static void ndjson_row(FILE *out, nb_stmt *st, char **names)
{
    gboolean first = TRUE;
    fputc('{', out);
    for (int i = 0; i < nb_stmt_columns(st); i++) {
        nb_col_type type = nb_stmt_column_type(st, i);
        if (type == NB_COL_NULL)
            continue;
        if (!first)
            fputc(',', out);
        first = FALSE;
        json_text(out, names[i]);
        fputc(':', out);
        if (type == NB_COL_TEXT) {
            char *s = g_utf8_make_valid(nb_stmt_column_text(st, i), -1);
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

/* ---- --labels zh ---------------------------------------------------------- */

/* Chinese names of the columns nianbao itself adds (documents and the long
 * views): the tool's own words, not the template's, so they are not in the
 * schema files; a column missing here keeps its name. */
static const char *const k_columns_zh[][2] = {
    {"document_id", "文档编号"}, {"path", "路径"}, {"relpath", "相对路径"},
    {"sha256", "SHA-256"}, {"size", "字节数"}, {"format", "格式"}, {"template", "模板"},
    {"agency", "机关"}, {"year", "年度"}, {"status", "状态"}, {"error_class", "错误类别"},
    {"error", "错误"}, {"n_values", "数值个数"}, {"n_checks", "未通过的校验数"},
    {"n_warnings", "警告数"}, {"duplicate_of", "重复于文档"}, {"tool_version", "工具版本"},
    {"seconds", "用时（秒）"}, {"converted_at", "转换时间"}, {"key", "键"}, {"value", "值"},
    {"flagged", "存疑"}, {"raw", "原文"}, {"page", "页"}, {"line", "行"},
    {"confidence", "置信度"}, {"origin", "来源"}, {"seq", "序号"}, {"message", "说明"},
    {"rule", "规则"}, {"expected", "应为"}, {"found", "实为"}, {"paths", "涉及的键"},
    {"text", "文字"}};

/* The label a template's unit is printed with: the schema unit worth as
 * many 元 as the dictionary's unit key says ("yuan" 1, "10k_yuan" 10000). */
static const char *unit_label(const char *unit)
{
    double yuan = !g_strcmp0(unit, "yuan") ? 1 : !g_strcmp0(unit, "10k_yuan") ? 10000 : 0;
    const nb_schema_set *set = nb_schema_set_default();
    for (guint s = 0; yuan > 0 && s < set->schemas->len; s++) {
        const nb_schema *sc = g_ptr_array_index(set->schemas, s);
        for (guint i = 0; i < sc->units->len; i++) {
            const nb_schema_unit *u = g_ptr_array_index(sc->units, i);
            if (u->yuan == yuan)
                return u->label;
        }
    }
    return NULL;
}

/* Column name -> Chinese name (both owned by the table). */
static GHashTable *zh_names(nb_db *db)
{
    GHashTable *zh = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    for (guint i = 0; i < G_N_ELEMENTS(k_columns_zh); i++)
        g_hash_table_insert(zh, g_strdup(k_columns_zh[i][0]), g_strdup(k_columns_zh[i][1]));
    nb_stmt *st = nb_stmt_new(nb_db_conn(db), "SELECT key, label_zh, unit FROM dictionary", NULL);
    if (st)
        while (nb_stmt_step(st, NULL) == NB_STEP_ROW) {
            const char *key = nb_stmt_column_text(st, 0);
            const char *unit = unit_label(nb_stmt_column_text(st, 2));
            char *label = g_strdup_printf("%s%s%s%s", nb_stmt_column_text(st, 1),
                                          unit ? "（" : "", unit ? unit : "", unit ? "）" : "");
            g_hash_table_insert(zh, g_strconcat(key, NB_DB_FLAGGED_SUFFIX, NULL),
                                g_strconcat(label, "：存疑", NULL));
            g_hash_table_insert(zh, g_strdup(key), label);
        }
    nb_stmt_free(st);
    const nb_schema_set *set = nb_schema_set_default();
    for (guint s = 0; s < set->schemas->len; s++) {
        const nb_schema *sc = g_ptr_array_index(set->schemas, s);
        for (guint i = 0; i < sc->sections->len; i++) {
            const nb_schema_section *sec = g_ptr_array_index(sc->sections, i);
            if (sec->headings->len)
                g_hash_table_insert(zh, g_strconcat("sections.", sec->key, NULL),
                                    g_strdup(g_ptr_array_index(sec->headings, 0)));
        }
    }
    return zh;
}

/* The column names to write (g_strfreev): the statement's own, or with
 * `zh` their Chinese names, a name that would appear twice followed by its
 * key ("（applications.x.y）") so that every column stays distinct. */
static char **column_names(nb_stmt *st, nb_db *db, gboolean zh)
{
    int n = nb_stmt_columns(st);
    char **names = g_new0(char *, n + 1);
    GHashTable *map = zh ? zh_names(db) : NULL;
    GHashTable *count = g_hash_table_new(g_str_hash, g_str_equal);
    for (int i = 0; i < n; i++) {
        const char *own = nb_stmt_column_name(st, i);
        const char *t = map ? g_hash_table_lookup(map, own) : NULL;
        names[i] = g_strdup(t ? t : own);
        g_hash_table_insert(count, names[i],
                            GINT_TO_POINTER(GPOINTER_TO_INT(g_hash_table_lookup(count, names[i])) + 1));
    }
    gboolean *twice = g_new0(gboolean, n + 1);
    for (int i = 0; i < n; i++)
        twice[i] = GPOINTER_TO_INT(g_hash_table_lookup(count, names[i])) > 1 &&
                   strcmp(names[i], nb_stmt_column_name(st, i));
    g_hash_table_destroy(count); /* its keys are the names replaced below */
    for (int i = 0; i < n; i++)
        if (twice[i]) {
            char *both = g_strdup_printf("%s（%s）", names[i], nb_stmt_column_name(st, i));
            g_free(names[i]);
            names[i] = both;
        }
    g_free(twice);
    if (map)
        g_hash_table_destroy(map);
    return names;
}

/* ---- the query ----------------------------------------------------------- */

/* The SQL for the chosen shape, or NULL (reported) for an unknown table. */
static char *export_query(nb_db *db, const export_opts *o)
{
    if (o->table) {
        if (!nb_conn_has_relation(nb_db_conn(db), o->table)) {
            nb_cli_error(NULL, "export: no table or view named '%s'", o->table);
            return NULL;
        }
        char *name = nb_sql_quote_ident(o->table);
        char *sql = g_strconcat("SELECT * FROM ", name, NULL);
        g_free(name);
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
    GError *e = NULL;
    nb_stmt *st = nb_stmt_new(nb_db_conn(db), sql, &e);
    /* the first row tells the columns (PostgreSQL names them with the result) */
    nb_step rc = st ? nb_stmt_step(st, &e) : NB_STEP_ERROR;
    if (rc == NB_STEP_ERROR) {
        nb_cli_error(db_path, "%s", e->message);
        g_error_free(e);
        nb_stmt_free(st);
        return NB_EXIT_IO;
    }
    gboolean csv = !o->format || !strcmp(o->format, "csv");
    char **names = column_names(st, db, !g_strcmp0(o->labels, "zh"));
    if (csv && o->bom)
        fputs("\xEF\xBB\xBF", stdout);
    if (csv)
        csv_header(stdout, st, names);
    for (; rc == NB_STEP_ROW; rc = nb_stmt_step(st, &e)) {
        if (csv)
            csv_row(stdout, st);
        else
            ndjson_row(stdout, st, names);
    }
    g_strfreev(names);
    int code = NB_EXIT_OK;
    if (rc == NB_STEP_ERROR) {
        nb_cli_error(db_path, "%s", e->message);
        g_error_free(e);
        code = NB_EXIT_IO;
    }
    nb_stmt_free(st);
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
        g_free(o.format), g_free(o.table), g_free(o.labels);
        return NB_EXIT_USAGE;
    }
    GError *e = NULL;
    nb_db *db = nb_db_open_readonly(argv[1], &e);
    int code = NB_EXIT_IO;
    if (!db) {
        nb_cli_error(argv[1], "%s", e->message);
        g_error_free(e);
    } else {
        char *sql = o.records ? NULL : export_query(db, &o);
        /* nb_export_records reads through SQLite */
        gboolean records_refused = o.records && !nb_db_handle(db);
        if (records_refused)
            nb_cli_error(argv[1], "export --records reads batch database files only: copy "
                         "it into one first (nianbao merge URI -o copy.db)");
        code = records_refused ? NB_EXIT_USAGE
               : o.records     ? nb_export_records(db, argv[1], stdout)
               : sql           ? write_rows(db, argv[1], sql, &o)
                               : NB_EXIT_USAGE;
        g_free(sql);
        if (o.records && fflush(stdout) != 0) {
            nb_cli_error(NULL, "export: cannot write to stdout");
            code = NB_EXIT_IO;
        }
    }
    nb_db_close(db);
    g_free(o.format), g_free(o.table), g_free(o.labels);
    return code;
}
