/* export_records.c — see export_records.h. */
#include "cmd/export_records.h"
#include "cmd/cli.h"
#include "cmd/write/record_json.h"
#include "schemas/record.h"

#include <jansson.h>
#include <string.h>

/* The per-document queries, each bound to a document id as ?1. */
enum { Q_VALUES, Q_SECTIONS, Q_CHECKS, Q_WARNINGS, N_QUERIES };

static const char *const k_queries[N_QUERIES] = {
    /* the values in the dictionary's (the templates') order, other keys after */
    "SELECT f.key, f.value FROM fields f LEFT JOIN dictionary d ON d.key = f.key"
    " WHERE f.document_id = ?1 ORDER BY d.position IS NULL, d.position, f.key",
    "SELECT key, text FROM sections WHERE document_id = ?1",
    "SELECT rule, expected, found, message, paths FROM checks WHERE document_id = ?1 ORDER BY seq",
    "SELECT key, message FROM warnings WHERE document_id = ?1 ORDER BY seq"};

static json_t *column_number(sqlite3_stmt *st, int i)
{
    if (sqlite3_column_type(st, i) == SQLITE_NULL)
        return json_null();
    return nb_json_number(sqlite3_column_double(st, i));
}

static json_t *column_text(sqlite3_stmt *st, int i)
{
    const char *s = (const char *)sqlite3_column_text(st, i);
    return s ? json_string(s) : json_null();
}

static json_t *check_json(sqlite3_stmt *st)
{
    int rule = sqlite3_column_int(st, 0);
    json_t *paths = NULL;
    const char *p = (const char *)sqlite3_column_text(st, 4);
    if (p)
        paths = json_loads(p, JSON_DECODE_ANY, NULL);
    return json_pack("{s:o,s:o,s:o,s:o,s:o}", "rule",
                     rule == NB_RULE_TEXT ? json_string("text") : json_integer(rule), "expected",
                     column_number(st, 1), "found", column_number(st, 2), "message",
                     column_text(st, 3), "paths", paths ? paths : json_array());
}

/* Adds what query `q` gives for the document to `rec`. */
static void add_rows(json_t *rec, int q, sqlite3_stmt *st)
{
    json_t *list = q == Q_SECTIONS ? json_object() : json_array();
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *key = (const char *)sqlite3_column_text(st, 0);
        if (q == Q_VALUES)
            nb_json_put_path(rec, key, column_number(st, 1));
        else if (q == Q_SECTIONS)
            json_object_set_new(list, key, column_text(st, 1));
        else if (q == Q_CHECKS)
            json_array_append_new(list, check_json(st));
        else
            json_array_append_new(list, json_pack("{s:o,s:o}", "path", column_text(st, 0),
                                                  "message", column_text(st, 1)));
    }
    sqlite3_reset(st);
    if (q != Q_VALUES && (q != Q_SECTIONS || json_object_size(list) > 0))
        json_object_set(rec, q == Q_SECTIONS ? "sections" : q == Q_CHECKS ? "checks" : "warnings",
                        list);
    json_decref(list);
}

/* The record of the document the row of `doc` describes (id, path, sha256,
 * format, template, agency, year, tool_version). */
static json_t *document_record(sqlite3_stmt *doc, sqlite3_stmt **q)
{
    json_t *rec = json_object();
    json_object_set_new(rec, "schema", json_string(NB_SCHEMA_NAME));
    const char *tmpl = (const char *)sqlite3_column_text(doc, 4);
    const char *agency = (const char *)sqlite3_column_text(doc, 5);
    if (tmpl)
        json_object_set_new(rec, "template", json_string(tmpl));
    if (agency)
        json_object_set_new(rec, "agency", json_string(agency));
    if (sqlite3_column_type(doc, 6) != SQLITE_NULL)
        json_object_set_new(rec, "year", json_integer(sqlite3_column_int(doc, 6)));
    for (int i = 0; i < N_QUERIES; i++) {
        sqlite3_bind_int64(q[i], 1, sqlite3_column_int64(doc, 0));
        add_rows(rec, i, q[i]);
    }
    /* source and tool first, as convert writes them; the path is stored
     * escaped already (\xNN), so it is not escaped twice */
    json_t *out = nb_record_json_sourced(rec, "", (const char *)sqlite3_column_text(doc, 2),
                                         (const char *)sqlite3_column_text(doc, 3));
    json_object_set_new(json_object_get(out, "source"), "path", column_text(doc, 1));
    json_object_set_new(json_object_get(out, "tool"), "version", column_text(doc, 7));
    json_decref(rec);
    return out;
}

int nb_export_records(nb_db *db, const char *db_path, FILE *out)
{
    sqlite3 *h = nb_db_handle(db);
    sqlite3_stmt *doc = NULL, *q[N_QUERIES] = {NULL};
    gboolean ok = sqlite3_prepare_v2(h, "SELECT id, path, sha256, format, template, agency, year,"
                                        " tool_version FROM documents WHERE status = 'ok'"
                                        " ORDER BY path, id", -1, &doc, NULL) == SQLITE_OK;
    for (int i = 0; ok && i < N_QUERIES; i++)
        ok = sqlite3_prepare_v2(h, k_queries[i], -1, &q[i], NULL) == SQLITE_OK;
    int rc = SQLITE_DONE;
    while (ok && (rc = sqlite3_step(doc)) == SQLITE_ROW) {
        json_t *rec = document_record(doc, q);
        json_dumpf(rec, out, JSON_COMPACT | JSON_REAL_PRECISION(15));
        fputc('\n', out);
        json_decref(rec);
    }
    if (!ok || rc != SQLITE_DONE)
        nb_cli_error(db_path, "%s", sqlite3_errmsg(h));
    sqlite3_finalize(doc);
    for (int i = 0; i < N_QUERIES; i++)
        sqlite3_finalize(q[i]);
    return ok && rc == SQLITE_DONE ? NB_EXIT_OK : NB_EXIT_IO;
}
