/* db.c — see db.h. */
#include "cmd/batch/db.h"
#include "cmd/batch/db_schema.h"
#include "layout/model/textnorm.h"
#include "schemas/schema.h"
#include "schemas/record.h"

#include <math.h>
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

struct nb_db {
    nb_conn *c;
    GHashTable *money; /* value keys that are amounts (stored as decimals); owned */
};

/* The name of the lock that serialises creating and changing the schema
 * (tables, views, dictionary) between batches starting together. */
#define NB_SCHEMA_LOCK "nianbao schema"

static gboolean exec_sql(nb_db *db, const char *sql, GError **error)
{
    return nb_conn_exec(db->c, sql, error);
}

/* Runs `sql` with text parameters ?1.. (NULL-terminated list). */
#define exec_bound(db, sql, error, ...) nb_conn_exec_bound((db)->c, sql, error, __VA_ARGS__)

/* Prepares `sql`; on failure *error is set and NULL returned. */
static nb_stmt *prepare(nb_db *db, const char *sql, GError **error)
{
    return nb_stmt_new(db->c, sql, error);
}

/* Runs a prepared write statement to its end. */
static gboolean run_stmt(nb_stmt *st, GError **error)
{
    nb_step s;
    while ((s = nb_stmt_step(st, error)) == NB_STEP_ROW)
        ;
    return s == NB_STEP_DONE;
}

/* A database that has tables but not our meta row belongs to something else:
 * adding our tables to it would damage it. */
static gboolean is_foreign(nb_db *db)
{
    return nb_conn_has_tables(db->c) && !nb_conn_has_relation(db->c, "meta");
}

/* The format the database says it has ("1", "2"), or NULL for a new one.
 * `schema` is "main" or (SQLite) an attached name. */
static char *read_format(nb_conn *c, const char *schema)
{
    /* on PostgreSQL a failed query would abort the transaction: look first */
    if (!strcmp(schema, "main") && !nb_conn_has_relation(c, "meta"))
        return NULL;
    if (nb_conn_dialect(c) != NB_SQL_SQLITE)
        return nb_conn_query_text(c, "SELECT value FROM meta WHERE key = 'format'", NULL);
    char *sql = g_strdup_printf("SELECT value FROM \"%s\".meta WHERE key = 'format'", schema);
    char *v = nb_conn_query_text(c, sql, NULL);
    g_free(sql);
    return v;
}

/* The one message for a database this build cannot use as it is. */
static void format_error(GError **error, const char *found, gboolean can_migrate)
{
    if (!found)
        g_set_error(error, NB_DB_ERROR, NB_DB_ERR_FORMAT, "not a batch database (no format mark)");
    else if (!strcmp(found, "1") && !can_migrate)
        g_set_error(error, NB_DB_ERROR, NB_DB_ERR_FORMAT, "batch database format 1, written by an older "
                    "nianbao: run 'nianbao batch' on it once (or 'nianbao merge OLD.db -o NEW.db') "
                    "to migrate it to format " NB_DB_FORMAT);
    else
        g_set_error(error, NB_DB_ERROR, NB_DB_ERR_FORMAT, "batch database format %s, which this nianbao "
                    "(format " NB_DB_FORMAT ") does not know: written by a newer version?", found);
}

/* Format 1 → 2: the old tables are renamed, the new ones created by the
 * caller, then the rows copied (v1_copy) and the old tables dropped. */
static const char *k_v1_rename =
    "DROP INDEX IF EXISTS documents_agency_year;"
    "DROP VIEW IF EXISTS fields_long; DROP VIEW IF EXISTS failures;"
    "DROP VIEW IF EXISTS check_failures; DROP VIEW IF EXISTS rule5_failures;"
    "DROP VIEW IF EXISTS rule5_pairs; DROP VIEW IF EXISTS documents_wide;"
    "ALTER TABLE documents RENAME TO v1_documents; ALTER TABLE fields RENAME TO v1_fields;"
    "ALTER TABLE checks RENAME TO v1_checks; ALTER TABLE warnings RENAME TO v1_warnings;"
    "ALTER TABLE sections RENAME TO v1_sections;";

/* whole numbers become integers, except amounts of money */
#define NB_V1_NUMBER(col, key) \
    "CASE WHEN " col " = CAST(" col " AS INTEGER) AND " key " NOT IN" \
    " (SELECT key FROM dictionary WHERE type = 'money') THEN CAST(" col " AS INTEGER)" \
    " ELSE " col " END"

static const char *k_v1_copy =
    /* the identity is now (relpath, sha256): a second row of it was the same report */
    "INSERT OR IGNORE INTO documents(id, path, relpath, sha256, size, format, template, agency,"
    " agency_key, year, status, error_class, error, n_values, n_checks, n_warnings,"
    " tool_version, seconds, converted_at) SELECT id, path, relpath, sha256, size, format,"
    " template, agency, agency_key, year,"
    " CASE WHEN error_class = 'not_report' THEN 'skipped' ELSE status END, error_class, error,"
    " n_values, n_checks, n_warnings, tool_version, seconds, converted_at FROM v1_documents"
    " ORDER BY id;"
    "INSERT INTO fields SELECT document_id, key, " NB_V1_NUMBER("value", "key") ", raw, page,"
    " line, x0, y0, x1, y1, confidence, origin, flagged FROM v1_fields"
    " WHERE document_id IN (SELECT id FROM documents);"
    "INSERT INTO checks SELECT document_id, seq, rule, " NB_V1_NUMBER("expected", "''") ", "
    NB_V1_NUMBER("found", "''") ", message, paths FROM v1_checks"
    " WHERE document_id IN (SELECT id FROM documents);"
    "INSERT INTO warnings(document_id, seq, key, message) SELECT document_id, seq, path,"
    " message FROM v1_warnings WHERE document_id IN (SELECT id FROM documents);"
    "INSERT INTO sections SELECT * FROM v1_sections"
    " WHERE document_id IN (SELECT id FROM documents);"
    "DROP TABLE v1_fields; DROP TABLE v1_checks; DROP TABLE v1_warnings;"
    "DROP TABLE v1_sections; DROP TABLE v1_documents;"
    "UPDATE documents SET duplicate_of = (SELECT min(d.id) FROM documents d"
    " WHERE d.sha256 = documents.sha256 AND d.id < documents.id);";


static gboolean fill_dictionary(nb_db *db, GError **error);

/* Creates or migrates the tables, in one transaction under the schema lock,
 * so that two batches opening a new database at once do not race (on SQLite
 * BEGIN IMMEDIATE is that lock). */
static gboolean set_up(nb_db *db, GError **error)
{
    if (!nb_conn_begin(db->c, error))
        return FALSE;
    gboolean ok = nb_conn_lock(db->c, NB_SCHEMA_LOCK, error);
    char *fmt = ok ? read_format(db->c, "main") : NULL;
    /* only SQLite files were ever written in format 1 */
    gboolean v1 = !g_strcmp0(fmt, "1") && nb_conn_dialect(db->c) == NB_SQL_SQLITE;
    if (ok && fmt && !v1 && strcmp(fmt, NB_DB_FORMAT)) {
        format_error(error, fmt, TRUE);
        ok = FALSE;
    }
    char *tables = nb_db_schema_tables(nb_conn_dialect(db->c));
    char *views = nb_db_schema_views(nb_conn_dialect(db->c));
    ok = ok && (!v1 || exec_sql(db, k_v1_rename, error)) && exec_sql(db, tables, error) &&
         fill_dictionary(db, error) && (!v1 || exec_sql(db, k_v1_copy, error)) &&
         exec_sql(db, "INSERT INTO meta VALUES ('format', '" NB_DB_FORMAT "') ON CONFLICT (key)"
                  " DO UPDATE SET value = excluded.value", error) &&
         exec_sql(db, views, error);
    g_free(tables);
    g_free(views);
    g_free(fmt);
    if (!ok) {
        nb_conn_rollback(db->c);
        return FALSE;
    }
    return nb_conn_commit(db->c, error);
}

static nb_db *open_conn(const char *target, gboolean readonly, GError **error)
{
    nb_conn *c = nb_conn_open(target, readonly, error);
    if (!c)
        return NULL;
    nb_db *db = g_new0(nb_db, 1);
    db->c = c;
    db->money = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    return db;
}

nb_db *nb_db_open(const char *target, GError **error)
{
    nb_db *db = open_conn(target, FALSE, error);
    if (!db)
        return NULL;
    gboolean sqlite = nb_conn_dialect(db->c) == NB_SQL_SQLITE;
    /* before anything is written: even journal_mode is a change to the file */
    if (is_foreign(db)) {
        g_set_error(error, NB_DB_ERROR, NB_DB_ERR_FORMAT, "%s of something else, not a batch "
                    "database: refusing to add tables to it",
                    sqlite ? "an SQLite database" : "a PostgreSQL schema with the tables");
        nb_db_close(db);
        return NULL;
    }
    /* foreign keys stay off while format 1 tables are renamed and copied */
    if ((sqlite && !exec_sql(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;", error)) ||
        !set_up(db, error) || (sqlite && !exec_sql(db, "PRAGMA foreign_keys = ON;", error))) {
        nb_db_close(db);
        return NULL;
    }
    return db;
}

nb_db *nb_db_open_readonly(const char *target, GError **error)
{
    nb_db *db = open_conn(target, TRUE, error);
    if (!db)
        return NULL;
    char *fmt = read_format(db->c, "main");
    if (g_strcmp0(fmt, NB_DB_FORMAT)) {
        format_error(error, fmt, FALSE);
        g_free(fmt);
        nb_db_close(db);
        return NULL;
    }
    g_free(fmt);
    GError *ignored = NULL;
    fill_dictionary(db, &ignored); /* only the money keys: nothing is written */
    g_clear_error(&ignored);
    return db;
}

void nb_db_close(nb_db *db)
{
    if (!db)
        return;
    nb_conn_close(db->c);
    if (db->money)
        g_hash_table_destroy(db->money);
    g_free(db);
}

nb_conn *nb_db_conn(nb_db *db)
{
    return db->c;
}

sqlite3 *nb_db_handle(nb_db *db)
{
    return nb_conn_sqlite(db->c);
}

nb_db_state nb_db_lookup(nb_db *db, const char *relpath, const char *sha256, char **version)
{
    if (version)
        *version = NULL;
    nb_db_state state = NB_DB_ABSENT;
    nb_stmt *st = prepare(db, "SELECT status, tool_version FROM documents WHERE relpath = ?1"
                          " AND sha256 = ?2", NULL);
    if (!st)
        return NB_DB_ABSENT;
    nb_stmt_bind_text(st, 1, relpath);
    nb_stmt_bind_text(st, 2, sha256);
    if (nb_stmt_step(st, NULL) == NB_STEP_ROW) {
        const char *status = nb_stmt_column_text(st, 0);
        state = !strcmp(status, "failed") ? NB_DB_DONE_FAILED : NB_DB_DONE_OK;
        if (version)
            *version = g_strdup(nb_stmt_column_text(st, 1));
    }
    nb_stmt_free(st);
    return state;
}

gboolean nb_db_update_path(nb_db *db, const char *relpath, const char *sha256, const char *path,
                           GError **error)
{
    return exec_bound(db, "UPDATE documents SET path = ?3 WHERE relpath = ?1 AND sha256 = ?2"
                      " AND path <> ?3", error, relpath, sha256, path, NULL);
}

/* ---- claims: two batches on one database --------------------------------- */

char *nb_db_owner_name(void)
{
    return g_strdup_printf("%s:%ld", g_get_host_name(), (long)getpid());
}

/* Whether the batch that wrote `owner` may still be running: on this host,
 * its process exists; on another, the claim is younger than `stale_s`. */
static gboolean owner_alive(const char *owner, gint64 claimed_at, gint64 stale_s)
{
    const char *colon = strrchr(owner, ':');
    char *host = colon ? g_strndup(owner, (gsize)(colon - owner)) : g_strdup(owner);
    gboolean here = !strcmp(host, g_get_host_name());
    g_free(host);
    if (!here)
        return g_get_real_time() / G_USEC_PER_SEC - claimed_at < stale_s;
    long pid = colon ? strtol(colon + 1, NULL, 10) : 0;
    return pid > 0 && (kill((pid_t)pid, 0) == 0 || errno == EPERM);
}

/* The lock of one content (PostgreSQL): a claim and the writing of a
 * document with that SHA-256 wait for each other, so that a claim sees a
 * document committed meanwhile and byte-identical copies are marked once. */
static gboolean lock_content(nb_db *db, const char *sha256, GError **error)
{
    char *name = g_strconcat("nianbao sha256 ", sha256, NULL);
    gboolean ok = nb_conn_lock(db->c, name, error);
    g_free(name);
    return ok;
}

/* Whether the claim on the identity, if any, leaves it free to `owner`. */
static gboolean claim_is_free(nb_db *db, const char *relpath, const char *sha256,
                              const char *owner, gint64 stale_s)
{
    nb_stmt *st = prepare(db, "SELECT owner, claimed_at FROM claims WHERE relpath = ?1"
                          " AND sha256 = ?2", NULL);
    gboolean free_to_take = TRUE;
    if (st) {
        nb_stmt_bind_text(st, 1, relpath);
        nb_stmt_bind_text(st, 2, sha256);
        if (nb_stmt_step(st, NULL) == NB_STEP_ROW) {
            const char *o = nb_stmt_column_text(st, 0);
            free_to_take = !strcmp(o, owner) ||
                           !owner_alive(o, nb_stmt_column_int64(st, 1), stale_s);
        }
    }
    nb_stmt_free(st);
    return free_to_take;
}

gboolean nb_db_claim(nb_db *db, const char *relpath, const char *sha256, const char *owner,
                     gboolean expect_absent, gint64 stale_s, gboolean *claimed, GError **error)
{
    *claimed = FALSE;
    if (!nb_conn_begin(db->c, error))
        return FALSE;
    gboolean ok = lock_content(db, sha256, error);
    gboolean free_to_take = ok && claim_is_free(db, relpath, sha256, owner, stale_s);
    /* a batch that finished it meanwhile wrote the document */
    free_to_take = free_to_take &&
                   (!expect_absent || nb_db_lookup(db, relpath, sha256, NULL) == NB_DB_ABSENT);
    nb_stmt *st = NULL;
    if (free_to_take) {
        st = prepare(db, "INSERT INTO claims VALUES (?1, ?2, ?3, ?4) ON CONFLICT (relpath, sha256)"
                     " DO UPDATE SET owner = excluded.owner, claimed_at = excluded.claimed_at",
                     error);
        ok = st != NULL;
    }
    if (st) {
        nb_stmt_bind_text(st, 1, relpath);
        nb_stmt_bind_text(st, 2, sha256);
        nb_stmt_bind_text(st, 3, owner);
        nb_stmt_bind_int64(st, 4, g_get_real_time() / G_USEC_PER_SEC);
        ok = run_stmt(st, error);
        nb_stmt_free(st);
    }
    if (!ok) {
        nb_conn_rollback(db->c);
        return FALSE;
    }
    *claimed = free_to_take;
    return nb_conn_commit(db->c, error);
}

void nb_db_release_claims(nb_db *db, const char *owner)
{
    GError *ignored = NULL;
    exec_bound(db, "DELETE FROM claims WHERE owner = ?1", &ignored, owner, NULL);
    g_clear_error(&ignored);
}

/* ---- writing one document ------------------------------------------------ */

static void add_json_number(nb_rows *r, json_t *v)
{
    if (json_is_number(v))
        nb_rows_double(r, json_number_value(v));
    else
        nb_rows_null(r);
}

const char *nb_db_status_of(const nb_job_result *res)
{
    if (res->ok)
        return "ok";
    return !g_strcmp0(res->error_class, "not_report") ? "skipped" : "failed";
}

/* A value as the type analysts expect: whole numbers as INTEGER, amounts of
 * money (the dictionary's 'money' keys) and fractions as REAL. */
static void add_value(nb_db *db, nb_rows *r, const char *key, json_t *v)
{
    if (!json_is_number(v)) {
        nb_rows_null(r);
        return;
    }
    double x = json_number_value(v);
    gboolean money = key && g_hash_table_contains(db->money, key);
    if (!money && fabs(x) < 9e15 && x == floor(x))
        nb_rows_int64(r, (gint64)x);
    else
        nb_rows_double(r, x);
}

static void add_json_int(nb_rows *r, json_t *v)
{
    if (json_is_integer(v))
        nb_rows_int64(r, json_integer_value(v));
    else
        nb_rows_null(r);
}

/* The value at a dotted path of the record, or NULL. */
static json_t *get_path(json_t *root, const char *path)
{
    char **parts = g_strsplit(path, ".", -1);
    json_t *o = root;
    for (int i = 0; parts[i] && o; i++)
        o = json_object_get(o, parts[i]);
    g_strfreev(parts);
    return o;
}

/* Paths the record puts in doubt: warnings' paths and checks' paths. */
static GHashTable *flagged_paths(json_t *record)
{
    GHashTable *set = g_hash_table_new(g_str_hash, g_str_equal);
    size_t i, j;
    json_t *w, *c, *p;
    json_array_foreach(json_object_get(record, "warnings"), i, w)
        if (json_is_string(json_object_get(w, "path")))
            g_hash_table_add(set, (gpointer)json_string_value(json_object_get(w, "path")));
    json_array_foreach(json_object_get(record, "checks"), i, c)
        json_array_foreach(json_object_get(c, "paths"), j, p)
            if (json_is_string(p))
                g_hash_table_add(set, (gpointer)json_string_value(p));
    return set;
}

/* The spec's "flagged": the path or one of its dotted prefixes is named. */
static gboolean is_flagged(GHashTable *flagged, const char *path)
{
    char *p = g_strdup(path);
    gboolean hit = FALSE;
    for (char *dot = NULL; !hit;) {
        hit = g_hash_table_contains(flagged, p);
        dot = strrchr(p, '.');
        if (!dot)
            break;
        *dot = '\0';
    }
    g_free(p);
    return hit;
}

static int count_array(json_t *record, const char *key)
{
    return (int)json_array_size(json_object_get(record, key));
}

static int count_values(json_t *record)
{
    int n = 0;
    const char *k;
    json_t *v;
    json_object_foreach(json_object_get(record, "provenance"), k, v)
        n += strcmp(k, "agency") && strcmp(k, "year");
    return n;
}

/* "2026-12-07T20:43:34Z": when a document was written (UTC). */
static char *now_utc(void)
{
    GDateTime *t = g_date_time_new_now_utc();
    char *s = g_date_time_format(t, "%Y-%m-%dT%H:%M:%SZ");
    g_date_time_unref(t);
    return s;
}

static gboolean insert_document(nb_db *db, const nb_db_doc *doc, const nb_job_result *res,
                                gint64 *id, GError **error)
{
    nb_stmt *st = prepare(db,
            "INSERT INTO documents(path, relpath, sha256, size, format, template, agency,"
            " agency_key, year, status, error_class, error, n_values, n_checks, n_warnings,"
            " tool_version, seconds, converted_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
            " ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18) RETURNING id", error);
    if (!st)
        return FALSE;
    json_t *rec = res->record;
    const char *agency = json_string_value(json_object_get(rec, "agency"));
    char *agency_key = agency ? nb_norm_squash(agency) : NULL;
    char *now = now_utc();
    nb_stmt_bind_text(st, 1, doc->path);
    nb_stmt_bind_text(st, 2, doc->relpath);
    nb_stmt_bind_text(st, 3, doc->sha256);
    nb_stmt_bind_int64(st, 4, doc->size);
    nb_stmt_bind_text(st, 5, res->ok ? res->format : doc->kind);
    nb_stmt_bind_text(st, 6, json_string_value(json_object_get(rec, "template")));
    nb_stmt_bind_text(st, 7, agency);
    nb_stmt_bind_text(st, 8, agency_key);
    json_t *year = json_object_get(rec, "year");
    if (json_is_integer(year))
        nb_stmt_bind_int64(st, 9, json_integer_value(year));
    else
        nb_stmt_bind_null(st, 9);
    nb_stmt_bind_text(st, 10, nb_db_status_of(res));
    nb_stmt_bind_text(st, 11, res->ok ? NULL : res->error_class);
    nb_stmt_bind_text(st, 12, res->ok ? NULL : res->error);
    nb_stmt_bind_int64(st, 13, count_values(rec));
    nb_stmt_bind_int64(st, 14, count_array(rec, "checks"));
    nb_stmt_bind_int64(st, 15, count_array(rec, "warnings"));
    nb_stmt_bind_text(st, 16, doc->tool_version);
    nb_stmt_bind_double(st, 17, res->seconds);
    nb_stmt_bind_text(st, 18, now);
    gboolean ok = nb_stmt_step(st, error) == NB_STEP_ROW;
    if (ok)
        *id = nb_stmt_column_int64(st, 0);
    nb_stmt_free(st);
    g_free(agency_key);
    g_free(now);
    return ok;
}

static void add_box(nb_rows *r, json_t *box)
{
    for (int i = 0; i < 4; i++)
        add_json_number(r, json_array_get(box, (size_t)i));
}

static gboolean insert_fields(nb_db *db, gint64 id, json_t *rec, GError **error)
{
    nb_rows *r = nb_rows_new(db->c, "INSERT INTO fields(document_id, key, value, raw, page, line,"
                             " x0, y0, x1, y1, confidence, origin, flagged)", 13);
    GHashTable *flagged = flagged_paths(rec);
    gboolean ok = TRUE;
    const char *key;
    json_t *prov;
    /* every value has a provenance entry, in record order; agency and year are metadata */
    json_object_foreach(json_object_get(rec, "provenance"), key, prov) {
        json_t *value = get_path(rec, key);
        if (!strcmp(key, "agency") || !strcmp(key, "year") || !json_is_number(value))
            continue;
        nb_rows_int64(r, id);
        nb_rows_text(r, key);
        add_value(db, r, key, value);
        nb_rows_text(r, json_string_value(json_object_get(prov, "raw")));
        add_json_int(r, json_object_get(prov, "page"));
        add_json_int(r, json_object_get(prov, "line"));
        add_box(r, json_object_get(prov, "box"));
        add_json_int(r, json_object_get(prov, "confidence"));
        nb_rows_text(r, json_string_value(json_object_get(prov, "origin")));
        nb_rows_int64(r, is_flagged(flagged, key));
        if (!(ok = nb_rows_end_row(r, error)))
            break;
    }
    ok = ok && nb_rows_flush(r, error);
    g_hash_table_destroy(flagged);
    nb_rows_free(r);
    return ok;
}

static gboolean insert_checks(nb_db *db, gint64 id, json_t *rec, GError **error)
{
    nb_rows *r = nb_rows_new(db->c, "INSERT INTO checks(document_id, seq, rule, expected, found,"
                             " message, paths)", 7);
    gboolean ok = TRUE;
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(rec, "checks"), i, c) {
        char *paths = json_dumps(json_object_get(c, "paths"), JSON_COMPACT | JSON_ENCODE_ANY);
        nb_rows_int64(r, id);
        nb_rows_int64(r, (gint64)i + 1);
        /* rule "text" (a body-text statement) is stored as its number */
        json_t *rule = json_object_get(c, "rule");
        nb_rows_int64(r, json_is_string(rule) && !strcmp(json_string_value(rule), "text")
                             ? NB_RULE_TEXT : json_integer_value(rule));
        add_value(db, r, NULL, json_object_get(c, "expected"));
        add_value(db, r, NULL, json_object_get(c, "found"));
        nb_rows_text(r, json_string_value(json_object_get(c, "message")));
        nb_rows_text(r, paths);
        free(paths);
        if (!(ok = nb_rows_end_row(r, error)))
            break;
    }
    ok = ok && nb_rows_flush(r, error);
    nb_rows_free(r);
    return ok;
}

static gboolean insert_warnings(nb_db *db, gint64 id, json_t *rec, GError **error)
{
    nb_rows *r = nb_rows_new(db->c, "INSERT INTO warnings(document_id, seq, key, message)", 4);
    gboolean ok = TRUE;
    size_t i;
    json_t *w;
    json_array_foreach(json_object_get(rec, "warnings"), i, w) {
        const char *msg = json_string_value(json_object_get(w, "message"));
        nb_rows_int64(r, id);
        nb_rows_int64(r, (gint64)i + 1);
        nb_rows_text(r, json_string_value(json_object_get(w, "path")));
        nb_rows_text(r, msg ? msg : "");
        if (!(ok = nb_rows_end_row(r, error)))
            break;
    }
    ok = ok && nb_rows_flush(r, error);
    nb_rows_free(r);
    return ok;
}

static gboolean insert_sections(nb_db *db, gint64 id, json_t *rec, GError **error)
{
    nb_rows *r = nb_rows_new(db->c, "INSERT INTO sections(document_id, key, text)", 3);
    gboolean ok = TRUE;
    const char *key;
    json_t *text;
    json_object_foreach(json_object_get(rec, "sections"), key, text) {
        if (!json_is_string(text))
            continue;
        nb_rows_int64(r, id);
        nb_rows_text(r, key);
        nb_rows_text(r, json_string_value(text));
        if (!(ok = nb_rows_end_row(r, error)))
            break;
    }
    ok = ok && nb_rows_flush(r, error);
    nb_rows_free(r);
    return ok;
}

/* Byte-identical files are one report: the lowest id of a SHA-256 is the
 * report, the others point at it in duplicate_of. */
static const char *k_mark_duplicates =
    "UPDATE documents SET duplicate_of = (SELECT min(d.id) FROM documents d"
    " WHERE d.sha256 = documents.sha256 AND d.id < documents.id) WHERE sha256 = ?1";

/* The SHA-256 of the row this path had before (the file was edited in
 * place), or NULL. */
static char *previous_sha256(nb_db *db, const nb_db_doc *doc)
{
    return nb_conn_query_text(db->c, "SELECT sha256 FROM documents WHERE relpath = ?1 AND"
                              " path = ?2 AND sha256 <> ?3", doc->relpath, doc->path,
                              doc->sha256, NULL);
}

/* Removes what the database held for this input: its identity, and the row
 * of the same file before it was edited in place. */
static gboolean delete_document(nb_db *db, const nb_db_doc *doc, const char *old_sha,
                                GError **error)
{
    return exec_bound(db, "DELETE FROM documents WHERE relpath = ?1 AND sha256 = ?2", error,
                      doc->relpath, doc->sha256, NULL) &&
           (!old_sha || exec_bound(db, "DELETE FROM documents WHERE relpath = ?1 AND path = ?2"
                                   " AND sha256 = ?3", error, doc->relpath, doc->path, old_sha,
                                   NULL));
}

/* The content locks of a document and of its edited-away bytes, always in
 * the same order so that two writers cannot wait for each other. */
static gboolean lock_contents(nb_db *db, const char *sha, const char *old_sha, GError **error)
{
    const char *first = old_sha && strcmp(old_sha, sha) < 0 ? old_sha : sha;
    const char *second = first == sha ? old_sha : sha;
    return lock_content(db, first, error) && (!second || lock_content(db, second, error));
}

gboolean nb_db_put(nb_db *db, const nb_db_doc *doc, const nb_job_result *res, GError **error)
{
    if (!nb_conn_begin(db->c, error))
        return FALSE;
    gint64 id = 0;
    json_t *rec = res->ok ? res->record : NULL;
    char *old_sha = previous_sha256(db, doc);
    gboolean ok = lock_contents(db, doc->sha256, old_sha, error) &&
                  delete_document(db, doc, old_sha, error) &&
                  insert_document(db, doc, res, &id, error);
    if (ok && rec)
        ok = insert_fields(db, id, rec, error) && insert_checks(db, id, rec, error) &&
             insert_warnings(db, id, rec, error) && insert_sections(db, id, rec, error);
    ok = ok && exec_bound(db, k_mark_duplicates, error, doc->sha256, NULL) &&
         (!old_sha || exec_bound(db, k_mark_duplicates, error, old_sha, NULL)) &&
         exec_bound(db, "DELETE FROM claims WHERE relpath = ?1 AND sha256 = ?2", error,
                    doc->relpath, doc->sha256, NULL);
    g_free(old_sha);
    if (!ok) {
        nb_conn_rollback(db->c);
        return FALSE;
    }
    return nb_conn_commit(db->c, error);
}

/* ---- the wide view ------------------------------------------------------- */

/* One value key of the templates, as the data dictionary describes it. */
typedef struct {
    char *key;
    GString *templates;      /* "2021,2019" */
    const char *table_zh, *group_zh, *row_zh, *column_zh, *unit, *type;
} dict_entry;

static void dict_entry_free(gpointer p)
{
    dict_entry *e = p;
    g_free(e->key);
    g_string_free(e->templates, TRUE);
    g_free(e);
}

static const char *first_label(GPtrArray *labels)
{
    return labels && labels->len ? g_ptr_array_index(labels, 0) : NULL;
}

/* Adds `key` (taken) unless a newer template gave it already, in which case
 * only the template's name is added to its list. */
static dict_entry *add_entry(GPtrArray *entries, GHashTable *by_key, char *key, const char *tmpl)
{
    dict_entry *e = g_hash_table_lookup(by_key, key);
    if (e) {
        g_string_append_printf(e->templates, ",%s", tmpl);
        g_free(key);
        return NULL;
    }
    e = g_new0(dict_entry, 1);
    e->key = key;
    e->templates = g_string_new(tmpl);
    g_hash_table_insert(by_key, key, e);
    g_ptr_array_add(entries, e);
    return e;
}

static void add_row_entries(GPtrArray *entries, GHashTable *by_key, const nb_schema *sc,
                            const nb_schema_table *tb, const nb_schema_row *row)
{
    GPtrArray *cols = nb_schema_row_columns(tb, row);
    guint n = cols ? cols->len : 0;
    gboolean *sign = g_new0(gboolean, n + 1), *money = g_new0(gboolean, n + 1);
    nb_schema_cell_permissions(tb, row, sign, money);
    for (guint c = 0; c < n; c++) {
        const char *ck = g_ptr_array_index(cols, c);
        dict_entry *e = add_entry(entries, by_key,
                                  g_strdup_printf("%s.%s.%s", tb->key, row->key, ck), sc->name);
        if (!e)
            continue;
        const nb_schema_labels *cl = nb_schema_column_find(tb, ck);
        e->table_zh = first_label(tb->headings);
        e->group_zh = row->group;
        e->row_zh = first_label(row->labels);
        e->column_zh = cl ? first_label(cl->labels) : NULL;
        e->type = money[c] ? "money" : sign[c] ? "signed_count" : "count";
        e->unit = money[c] ? row->unit : NULL;
    }
    g_free(sign);
    g_free(money);
}

static void add_wide_entries(GPtrArray *entries, GHashTable *by_key, const nb_schema *sc,
                             const nb_schema_table *tb)
{
    for (guint g = 0; g < tb->groups->len; g++)
        for (guint c = 0; c < tb->columns->len; c++) {
            const nb_schema_labels *gl = g_ptr_array_index(tb->groups, g);
            const nb_schema_labels *cl = g_ptr_array_index(tb->columns, c);
            dict_entry *e = add_entry(entries, by_key,
                                      g_strdup_printf("%s.%s.%s", tb->key, gl->key, cl->key),
                                      sc->name);
            if (!e)
                continue;
            e->table_zh = first_label(tb->headings);
            e->group_zh = first_label(gl->labels);
            e->column_zh = first_label(cl->labels);
            e->type = cl->signed_values ? "signed_count" : "count";
        }
}

static gint newest_first(gconstpointer a, gconstpointer b)
{
    return -g_strcmp0((*(nb_schema *const *)a)->name, (*(nb_schema *const *)b)->name);
}

/* Every value key of every template (dict_entry*), the newest template's
 * first (its keys are the ones most documents have), each in template order;
 * `sections` (optional) receives the section keys (g_free). */
static GPtrArray *template_entries(GPtrArray *sections)
{
    const nb_schema_set *set = nb_schema_set_default();
    /* not g_ptr_array_copy, which would copy the free function of the
     * process-wide set with the pointers */
    GPtrArray *order = g_ptr_array_new();
    for (guint i = 0; i < set->schemas->len; i++)
        g_ptr_array_add(order, g_ptr_array_index(set->schemas, i));
    g_ptr_array_sort(order, newest_first);
    GPtrArray *entries = g_ptr_array_new_with_free_func(dict_entry_free);
    GHashTable *by_key = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint s = 0; s < order->len; s++) {
        const nb_schema *sc = g_ptr_array_index(order, s);
        for (guint t = 0; t < sc->tables->len; t++) {
            const nb_schema_table *tb = g_ptr_array_index(sc->tables, t);
            if (tb->wide)
                add_wide_entries(entries, by_key, sc, tb);
            for (guint r = 0; !tb->wide && r < tb->rows->len; r++)
                add_row_entries(entries, by_key, sc, tb, g_ptr_array_index(tb->rows, r));
        }
        for (guint v = 0; v < sc->values->len; v++) {
            const nb_schema_value *val = g_ptr_array_index(sc->values, v);
            dict_entry *e = add_entry(entries, by_key, g_strdup(val->key), sc->name);
            if (!e)
                continue;
            e->row_zh = first_label(val->labels);
            e->column_zh = val->labels->len > 1 ? g_ptr_array_index(val->labels, 1) : NULL;
            e->type = val->type ? val->type : "count";
            e->unit = val->unit;
        }
        for (guint i = 0; sections && i < sc->sections->len; i++) {
            const char *k = ((nb_schema_section *)g_ptr_array_index(sc->sections, i))->key;
            gboolean have = FALSE;
            for (guint j = 0; j < sections->len && !have; j++)
                have = !strcmp(g_ptr_array_index(sections, j), k);
            if (!have)
                g_ptr_array_add(sections, g_strdup(k));
        }
    }
    g_hash_table_destroy(by_key);
    g_ptr_array_free(order, TRUE);
    return entries;
}

/* "行政许可 / 本年新制作数量": the labels that name a value, most general first. */
static char *label_zh(const dict_entry *e)
{
    GString *s = g_string_new(NULL);
    const char *parts[] = {e->group_zh, e->row_zh, e->column_zh};
    for (guint i = 0; i < G_N_ELEMENTS(parts); i++)
        if (parts[i])
            g_string_append_printf(s, "%s%s", s->len ? " / " : "", parts[i]);
    if (!s->len)
        g_string_append(s, e->key);
    return g_string_free(s, FALSE);
}

static gboolean insert_entry(nb_rows *r, const dict_entry *e, guint position, GError **error)
{
    char *label = label_zh(e);
    nb_rows_text(r, e->key);
    nb_rows_text(r, e->templates->str);
    nb_rows_text(r, e->table_zh);
    nb_rows_text(r, e->group_zh);
    nb_rows_text(r, e->row_zh);
    nb_rows_text(r, e->column_zh);
    nb_rows_text(r, label);
    nb_rows_text(r, e->unit);
    nb_rows_text(r, e->type);
    nb_rows_int64(r, (gint64)position);
    g_free(label);
    return nb_rows_end_row(r, error);
}

/* Notes which keys are money (for typing values), and in a writable
 * database refreshes the dictionary table from the templates. */
static gboolean fill_dictionary(nb_db *db, GError **error)
{
    GPtrArray *entries = template_entries(NULL);
    for (guint i = 0; i < entries->len; i++) {
        const dict_entry *e = g_ptr_array_index(entries, i);
        if (!g_strcmp0(e->type, "money"))
            g_hash_table_add(db->money, g_strdup(e->key));
    }
    gboolean ok = TRUE;
    if (!nb_conn_readonly(db->c)) {
        nb_rows *r = nb_rows_new(db->c, "INSERT INTO dictionary(key, templates, table_zh,"
                                 " group_zh, row_zh, column_zh, label_zh, unit, type, position)", 10);
        ok = exec_sql(db, "DELETE FROM dictionary", error);
        for (guint i = 0; ok && i < entries->len; i++)
            ok = insert_entry(r, g_ptr_array_index(entries, i), i + 1, error);
        ok = ok && nb_rows_flush(r, error);
        nb_rows_free(r);
    }
    g_ptr_array_free(entries, TRUE);
    return ok;
}

static void add_key(GPtrArray *keys, GHashTable *seen, char *key)
{
    if (g_hash_table_contains(seen, key)) {
        g_free(key);
        return;
    }
    g_hash_table_add(seen, key);
    g_ptr_array_add(keys, key);
}

/* Every value key of the templates, in dictionary order, and the section keys. */
static void schema_keys(GPtrArray *keys, GHashTable *seen, GPtrArray *sections)
{
    GPtrArray *entries = template_entries(sections);
    for (guint i = 0; i < entries->len; i++)
        add_key(keys, seen, g_strdup(((dict_entry *)g_ptr_array_index(entries, i))->key));
    g_ptr_array_free(entries, TRUE);
}

/* Keys in the database that no template names (info_fees.*, future keys). */
static void extra_keys(nb_db *db, GPtrArray *keys, GHashTable *seen)
{
    nb_stmt *st = prepare(db, "SELECT DISTINCT key FROM fields ORDER BY key", NULL);
    while (st && nb_stmt_step(st, NULL) == NB_STEP_ROW)
        add_key(keys, seen, g_strdup(nb_stmt_column_text(st, 0)));
    nb_stmt_free(st);
}

static char *wide_select(GPtrArray *keys, GPtrArray *sections)
{
    GString *sql = g_string_new(
        "SELECT d.id AS document_id, d.path, d.relpath, d.sha256, d.size, d.format,"
        " d.template, d.agency, d.year, d.status, d.error_class, d.error, d.n_values,"
        " d.n_checks, d.n_warnings, d.duplicate_of, d.tool_version, d.seconds");
    /* one indexed lookup per column: fields' primary key is (document_id, key) */
    for (guint i = 0; i < keys->len; i++) {
        char *id = nb_sql_quote_ident(g_ptr_array_index(keys, i));
        char *lit = nb_sql_quote_text(g_ptr_array_index(keys, i));
        char *flag_name = g_strconcat(g_ptr_array_index(keys, i), NB_DB_FLAGGED_SUFFIX, NULL);
        char *flag_id = nb_sql_quote_ident(flag_name);
        g_string_append_printf(sql, ", (SELECT value FROM fields WHERE document_id = d.id AND"
                               " key = %s) AS %s, (SELECT flagged FROM fields WHERE"
                               " document_id = d.id AND key = %s) AS %s", lit, id, lit, flag_id);
        g_free(id), g_free(lit), g_free(flag_name), g_free(flag_id);
    }
    for (guint i = 0; i < sections->len; i++) {
        char *name = g_strconcat("sections.", (char *)g_ptr_array_index(sections, i), NULL);
        char *id = nb_sql_quote_ident(name);
        char *lit = nb_sql_quote_text(g_ptr_array_index(sections, i));
        g_string_append_printf(sql, ", (SELECT text FROM sections WHERE document_id = d.id AND"
                               " key = %s) AS %s", lit, id);
        g_free(name), g_free(id), g_free(lit);
    }
    g_string_append(sql, " FROM documents d");
    return g_string_free(sql, FALSE);
}

char *nb_db_wide_query(nb_db *db)
{
    GPtrArray *keys = g_ptr_array_new();
    GPtrArray *sections = g_ptr_array_new_with_free_func(g_free);
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    schema_keys(keys, seen, sections);
    extra_keys(db, keys, seen);
    char *sql = wide_select(keys, sections);
    g_ptr_array_free(keys, TRUE); /* strings are owned by `seen` */
    g_ptr_array_free(sections, TRUE);
    g_hash_table_destroy(seen);
    return sql;
}

gboolean nb_db_refresh_views(nb_db *db, GError **error)
{
    char *select = nb_db_wide_query(db);
    char *sql = g_strconcat("DROP VIEW IF EXISTS reports_wide; DROP VIEW IF EXISTS documents_wide;"
                            "CREATE VIEW documents_wide AS ", select, ";"
                            "CREATE VIEW reports_wide AS SELECT * FROM documents_wide"
                            " WHERE status = 'ok' AND duplicate_of IS NULL;", NULL);
    /* under the schema lock: two shards ending together would drop each
     * other's view on PostgreSQL */
    gboolean ok = nb_conn_begin(db->c, error) && nb_conn_lock(db->c, NB_SCHEMA_LOCK, error) &&
                  exec_sql(db, sql, error) && nb_conn_commit(db->c, error);
    if (!ok)
        nb_conn_rollback(db->c);
    g_free(select);
    g_free(sql);
    return ok;
}

/* ---- rule 5 -------------------------------------------------------------- */

void nb_db_rule5_counts(nb_db *db, int *agencies, int *pairs, int *failing_pairs)
{
    int a = 0, p = 0, f = 0;
    /* a pair is its two documents' ids */
    nb_stmt *st = prepare(db,
            "SELECT count(DISTINCT agency_key), count(DISTINCT prev_document_id || '-' ||"
            " document_id), count(DISTINCT CASE WHEN ok = 0 THEN prev_document_id || '-' ||"
            " document_id END) FROM rule5_pairs", NULL);
    if (st && nb_stmt_step(st, NULL) == NB_STEP_ROW) {
        a = (int)nb_stmt_column_int64(st, 0);
        p = (int)nb_stmt_column_int64(st, 1);
        f = (int)nb_stmt_column_int64(st, 2);
    }
    nb_stmt_free(st);
    if (agencies)
        *agencies = a;
    if (pairs)
        *pairs = p;
    if (failing_pairs)
        *failing_pairs = f;
}

void nb_db_rule5_report(nb_db *db, FILE *out)
{
    int agencies, pairs, failing;
    nb_db_rule5_counts(db, &agencies, &pairs, &failing);
    fprintf(out, "nianbao: rule 5 (cross-year): %d agencies with consecutive years, "
            "%d year pairs compared, %d break the rule%s\n",
            agencies, pairs, failing, failing ? " (view rule5_failures)" : "");
}

/* ---- merge --------------------------------------------------------------- */

/* Copies the rows of one child table for the documents listed in temp.taken. */
static char *copy_child_sql(const char *table, const char *columns)
{
    /* the source's columns, qualified: `path` is also a column of documents */
    char **names = g_strsplit(columns, ", ", -1);
    GString *sel = g_string_new(NULL);
    for (int i = 0; names[i]; i++)
        g_string_append_printf(sel, "%sx.%s", i ? ", " : "", names[i]);
    g_strfreev(names);
    char *sql = g_strdup_printf(
        "INSERT INTO main.%s(document_id, %s) SELECT m.id, %s FROM src.%s x"
        " JOIN src.documents sd ON sd.id = x.document_id JOIN temp.taken t ON t.id = sd.id"
        " JOIN main.documents m ON m.relpath = sd.relpath AND m.sha256 = sd.sha256;", table, columns, sel->str, table);
    g_string_free(sel, TRUE);
    return sql;
}

static gboolean merge_rows(nb_db *db, GError **error)
{
    char *docs = g_strdup_printf(
        "DROP TABLE IF EXISTS temp.taken;"
        "CREATE TEMP TABLE taken(id INTEGER PRIMARY KEY, relpath TEXT, sha256 TEXT);"
        /* the same identity (relpath, sha256): theirs wins only over our
         * failure with their success */
        "INSERT INTO temp.taken SELECT s.id, s.relpath, s.sha256 FROM src.documents s"
        " LEFT JOIN main.documents m ON m.relpath = s.relpath AND m.sha256 = s.sha256"
        " WHERE m.id IS NULL OR (m.status <> 'ok' AND s.status = 'ok');"
        "DELETE FROM main.documents WHERE EXISTS (SELECT 1 FROM temp.taken t"
        " WHERE t.relpath = documents.relpath AND t.sha256 = documents.sha256);"
        "INSERT INTO main.documents(%s) SELECT %s FROM src.documents"
        " WHERE id IN (SELECT id FROM temp.taken) ORDER BY relpath, sha256;",
        nb_db_document_columns, nb_db_document_columns);
    gboolean ok = exec_sql(db, docs, error);
    g_free(docs);
    for (guint i = 0; ok && i < G_N_ELEMENTS(nb_db_child_tables); i++) {
        char *sql = copy_child_sql(nb_db_child_tables[i][0], nb_db_child_tables[i][1]);
        ok = exec_sql(db, sql, error);
        g_free(sql);
    }
    /* ids differ between the files: the copies' marks are recomputed */
    return ok && exec_sql(db, "UPDATE documents SET duplicate_of = (SELECT min(d.id) FROM"
                          " documents d WHERE d.sha256 = documents.sha256 AND d.id < documents.id)",
                          error);
}

static int count_taken(nb_db *db)
{
    char *n = nb_conn_query_text(db->c, "SELECT count(*) FROM temp.taken", NULL);
    int v = n ? atoi(n) : 0;
    g_free(n);
    return v;
}

/* The source must be a batch database of our format, not any SQLite file. */
static gboolean check_source(nb_db *db, GError **error)
{
    char *fmt = read_format(db->c, "src");
    gboolean ok = !g_strcmp0(fmt, NB_DB_FORMAT);
    if (!ok)
        format_error(error, fmt, FALSE);
    g_free(fmt);
    return ok;
}

/* SQLite into SQLite: the source is attached and copied by set operations. */
static gboolean merge_attached(nb_db *db, const char *other, int *copied, GError **error)
{
    if (!exec_bound(db, "ATTACH DATABASE ?1 AS src", error, other, NULL))
        return FALSE;
    gboolean ok = check_source(db, error) && nb_conn_begin(db->c, error);
    if (ok && merge_rows(db, error)) {
        int n = count_taken(db);
        ok = nb_conn_commit(db->c, error);
        if (ok && copied)
            *copied = n;
    } else if (ok) {
        nb_conn_rollback(db->c);
        ok = FALSE;
    }
    GError *ignored = NULL;
    exec_sql(db, "DROP TABLE IF EXISTS temp.taken; DETACH DATABASE src", &ignored);
    g_clear_error(&ignored);
    return ok;
}

/* Binds column j of the current row of `from` as parameter i of `to`. */
static void bind_column(nb_stmt *to, int i, nb_stmt *from, int j)
{
    switch (nb_stmt_column_type(from, j)) {
    case NB_COL_INT: nb_stmt_bind_int64(to, i, nb_stmt_column_int64(from, j)); break;
    case NB_COL_REAL: nb_stmt_bind_double(to, i, nb_stmt_column_double(from, j)); break;
    case NB_COL_TEXT: nb_stmt_bind_text(to, i, nb_stmt_column_text(from, j)); break;
    default: nb_stmt_bind_null(to, i); break;
    }
}

/* "INSERT INTO table(first, columns) VALUES (?1, ..., ?N) [RETURNING id]" */
static char *insert_sql(const char *table, const char *first, const char *columns,
                        gboolean returning)
{
    int n = 1 + (first ? 1 : 0);
    for (const char *p = columns; *p; p++)
        n += *p == ',';
    GString *sql = g_string_new(NULL);
    g_string_printf(sql, "INSERT INTO %s(%s%s%s) VALUES (", table, first ? first : "",
                    first ? ", " : "", columns);
    for (int i = 1; i <= n; i++)
        g_string_append_printf(sql, "%s?%d", i > 1 ? ", " : "", i);
    g_string_append(sql, returning ? ") RETURNING id" : ")");
    return g_string_free(sql, FALSE);
}

/* Copies the rows of one child table of the source document `from_id` to
 * the document `to_id`. */
static gboolean copy_child_rows(nb_db *db, nb_db *src, const char *table, const char *columns,
                                gint64 from_id, gint64 to_id, GError **error)
{
    char *sel = g_strdup_printf("SELECT %s FROM %s WHERE document_id = ?1", columns, table);
    char *ins = insert_sql(table, "document_id", columns, FALSE);
    nb_stmt *from = prepare(src, sel, error);
    nb_stmt *to = from ? prepare(db, ins, error) : NULL;
    gboolean ok = to != NULL;
    if (ok)
        nb_stmt_bind_int64(from, 1, from_id);
    nb_step s = NB_STEP_DONE;
    while (ok && (s = nb_stmt_step(from, error)) == NB_STEP_ROW) {
        nb_stmt_reset(to);
        nb_stmt_bind_int64(to, 1, to_id);
        for (int j = 0; j < nb_stmt_columns(from); j++)
            bind_column(to, j + 2, from, j);
        ok = run_stmt(to, error);
    }
    ok = ok && s == NB_STEP_DONE;
    nb_stmt_free(from);
    nb_stmt_free(to);
    g_free(sel);
    g_free(ins);
    return ok;
}

/* Whether the source's row of an identity replaces db's: db has none, or
 * db's did not convert and the source's did. */
static gboolean source_wins(nb_db *db, const char *relpath, const char *sha256,
                            const char *src_status)
{
    char *ours = nb_conn_query_text(db->c, "SELECT status FROM documents WHERE relpath = ?1"
                                    " AND sha256 = ?2", relpath, sha256, NULL);
    gboolean wins = !ours || (strcmp(ours, "ok") && !strcmp(src_status, "ok"));
    g_free(ours);
    return wins;
}

/* Copies the document at the current row of `docs` (id, then
 * nb_db_document_columns) with its child rows. */
static gboolean copy_document(nb_db *db, nb_db *src, nb_stmt *docs, nb_stmt *ins, GError **error)
{
    const char *relpath = nb_stmt_column_text(docs, 2), *sha256 = nb_stmt_column_text(docs, 3);
    gboolean ok = lock_content(db, sha256, error) &&
                  exec_bound(db, "DELETE FROM documents WHERE relpath = ?1 AND sha256 = ?2",
                             error, relpath, sha256, NULL);
    nb_stmt_reset(ins);
    for (int j = 1; j < nb_stmt_columns(docs); j++)
        bind_column(ins, j, docs, j);
    nb_stmt_bind_null(ins, NB_DB_DUPLICATE_OF_COLUMN); /* ids differ: recomputed below */
    ok = ok && nb_stmt_step(ins, error) == NB_STEP_ROW;
    gint64 to_id = ok ? nb_stmt_column_int64(ins, 0) : 0;
    nb_stmt_reset(ins); /* SQLite: a statement left mid-way would block COMMIT */
    for (guint i = 0; ok && i < G_N_ELEMENTS(nb_db_child_tables); i++)
        ok = copy_child_rows(db, src, nb_db_child_tables[i][0], nb_db_child_tables[i][1],
                             nb_stmt_column_int64(docs, 0), to_id, error);
    return ok && exec_bound(db, k_mark_duplicates, error, sha256, NULL);
}

/* Any database into any other (PostgreSQL on either side), row by row, in
 * one transaction of db. */
static gboolean merge_by_rows(nb_db *db, const char *other, int *copied, GError **error)
{
    nb_db *src = nb_db_open_readonly(other, error);
    if (!src)
        return FALSE;
    char *sel = g_strdup_printf("SELECT id, %s FROM documents ORDER BY relpath, sha256",
                                nb_db_document_columns);
    char *ins_sql = insert_sql("documents", NULL, nb_db_document_columns, TRUE);
    nb_stmt *docs = prepare(src, sel, error);
    nb_stmt *ins = docs ? prepare(db, ins_sql, error) : NULL;
    gboolean ok = ins && nb_conn_begin(db->c, error);
    int n = 0;
    nb_step s = NB_STEP_DONE;
    while (ok && (s = nb_stmt_step(docs, error)) == NB_STEP_ROW) {
        if (!source_wins(db, nb_stmt_column_text(docs, 2), nb_stmt_column_text(docs, 3),
                         nb_stmt_column_text(docs, NB_DB_STATUS_COLUMN)))
            continue;
        ok = copy_document(db, src, docs, ins, error);
        n += ok;
    }
    ok = ok && s == NB_STEP_DONE;
    if (ok)
        ok = nb_conn_commit(db->c, error);
    else if (ins)
        nb_conn_rollback(db->c);
    if (ok && copied)
        *copied = n;
    nb_stmt_free(docs);
    nb_stmt_free(ins);
    g_free(sel);
    g_free(ins_sql);
    nb_db_close(src);
    return ok;
}

gboolean nb_db_merge_from(nb_db *db, const char *other, int *copied, GError **error)
{
    if (copied)
        *copied = 0;
    gboolean from_file = !nb_conn_is_postgres(other);
    /* ATTACH would create a missing file as an empty database */
    if (from_file && !g_file_test(other, G_FILE_TEST_IS_REGULAR)) {
        g_set_error(error, NB_DB_ERROR, NB_DB_ERR_MISSING, "no such database file");
        return FALSE;
    }
    if (from_file && nb_conn_dialect(db->c) == NB_SQL_SQLITE)
        return merge_attached(db, other, copied, error);
    return merge_by_rows(db, other, copied, error);
}

/* ---- versions ------------------------------------------------------------ */

/* Reads "1.2.3-45-g..." into up to 4 numbers and the commit count. */
static void version_parts(const char *v, guint64 parts[5])
{
    memset(parts, 0, 5 * sizeof parts[0]);
    const char *p = v ? v : "";
    for (int i = 0; i < 4 && g_ascii_isdigit(*p); i++) {
        char *end = NULL;
        parts[i] = g_ascii_strtoull(p, &end, 10);
        p = end;
        if (*p != '.')
            break;
        p++;
    }
    if (*p == '-' && g_ascii_isdigit(p[1]))
        parts[4] = g_ascii_strtoull(p + 1, NULL, 10);
}

int nb_version_compare(const char *a, const char *b)
{
    guint64 x[5], y[5];
    version_parts(a, x);
    version_parts(b, y);
    for (int i = 0; i < 5; i++)
        if (x[i] != y[i])
            return x[i] < y[i] ? -1 : 1;
    return 0;
}
