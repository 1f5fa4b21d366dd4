/* db.c — see db.h. */
#include "cmd/batch/db.h"
#include "layout/model/textnorm.h"
#include "schemas/schema.h"

#include <math.h>
#include <string.h>

/* Bumped when the tables change in a way older databases cannot hold. */
#define NB_DB_FORMAT "1"

/* Spec rule 5 compares these two rows of `applications` across years; it is
 * the batch's own rule (one document cannot evaluate it), so it lives here
 * rather than in the schema files' per-document rules. */
#define NB_CARRIED_FORWARD "applications.carried_forward."
#define NB_CARRIED_OVER "applications.carried_over."

struct nb_db {
    sqlite3 *h;
};

#define NB_DB_ERROR (nb_db_error_quark())
static GQuark nb_db_error_quark(void)
{
    return g_quark_from_static_string("nb-db-error");
}

static const char *k_tables =
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);"
    "CREATE TABLE IF NOT EXISTS documents("
    " id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, relpath TEXT NOT NULL,"
    " sha256 TEXT NOT NULL, size INTEGER NOT NULL, format TEXT, template TEXT, agency TEXT,"
    " agency_key TEXT, year INTEGER, status TEXT NOT NULL CHECK (status IN ('ok','failed')),"
    " error_class TEXT, error TEXT, n_values INTEGER NOT NULL DEFAULT 0,"
    " n_checks INTEGER NOT NULL DEFAULT 0, n_warnings INTEGER NOT NULL DEFAULT 0,"
    " tool_version TEXT NOT NULL, seconds REAL, converted_at TEXT);"
    "CREATE INDEX IF NOT EXISTS documents_agency_year ON documents(agency_key, year);"
    "CREATE TABLE IF NOT EXISTS fields("
    " document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    " key TEXT NOT NULL, value REAL NOT NULL, raw TEXT, page INTEGER, line INTEGER,"
    " x0 REAL, y0 REAL, x1 REAL, y1 REAL, confidence INTEGER, origin TEXT,"
    " flagged INTEGER NOT NULL, PRIMARY KEY (document_id, key)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS checks("
    " document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    " seq INTEGER NOT NULL, rule INTEGER NOT NULL, expected REAL, found REAL, message TEXT,"
    " paths TEXT, PRIMARY KEY (document_id, seq)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS warnings("
    " document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    " seq INTEGER NOT NULL, path TEXT, message TEXT NOT NULL,"
    " PRIMARY KEY (document_id, seq)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS sections("
    " document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    " key TEXT NOT NULL, text TEXT NOT NULL, PRIMARY KEY (document_id, key)) WITHOUT ROWID;";

static const char *k_views =
    "DROP VIEW IF EXISTS fields_long; DROP VIEW IF EXISTS failures;"
    "DROP VIEW IF EXISTS check_failures; DROP VIEW IF EXISTS rule5_failures;"
    "DROP VIEW IF EXISTS rule5_pairs;"
    "CREATE VIEW fields_long AS SELECT d.path, d.agency, d.year, d.template, d.format, f.key,"
    " f.value, f.raw, f.page, f.line, f.x0, f.y0, f.x1, f.y1, f.confidence, f.origin, f.flagged"
    " FROM fields f JOIN documents d ON d.id = f.document_id;"
    "CREATE VIEW failures AS SELECT path, format, size, error_class, error, seconds"
    " FROM documents WHERE status = 'failed';"
    "CREATE VIEW check_failures AS SELECT d.path, d.agency, d.year, c.rule, c.expected,"
    " c.found, c.message, c.paths FROM checks c JOIN documents d ON d.id = c.document_id;"
    "CREATE VIEW rule5_pairs AS SELECT c.agency_key, c.agency, p.year AS prev_year,"
    " c.year, substr(fp.key, length('" NB_CARRIED_FORWARD "') + 1) AS column_key,"
    " fp.value AS prev_carried_forward, fc.value AS carried_over,"
    " abs(fp.value - fc.value) < 1e-6 AS ok, p.path AS prev_path, c.path"
    " FROM documents p JOIN documents c ON c.agency_key = p.agency_key AND c.year = p.year + 1"
    " JOIN fields fp ON fp.document_id = p.id AND fp.key GLOB '" NB_CARRIED_FORWARD "*'"
    " JOIN fields fc ON fc.document_id = c.id"
    "  AND fc.key = '" NB_CARRIED_OVER "' || substr(fp.key, length('" NB_CARRIED_FORWARD "') + 1)"
    " WHERE p.status = 'ok' AND c.status = 'ok' AND p.agency_key <> '';"
    "CREATE VIEW rule5_failures AS SELECT * FROM rule5_pairs WHERE NOT ok;";

static gboolean exec_sql(nb_db *db, const char *sql, GError **error)
{
    char *msg = NULL;
    if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) == SQLITE_OK)
        return TRUE;
    g_set_error(error, NB_DB_ERROR, 1, "%s", msg ? msg : sqlite3_errmsg(db->h));
    sqlite3_free(msg);
    return FALSE;
}

static gboolean set_error(nb_db *db, GError **error)
{
    g_set_error(error, NB_DB_ERROR, 1, "%s", sqlite3_errmsg(db->h));
    return FALSE;
}

/* Refuses databases of another format instead of mixing rows into them. */
static gboolean check_format(nb_db *db, GError **error)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db->h, "SELECT value FROM meta WHERE key = 'format'", -1, &st, NULL))
        return set_error(db, error);
    gboolean ok = TRUE;
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(st, 0);
        if (!v || strcmp(v, NB_DB_FORMAT)) {
            g_set_error(error, NB_DB_ERROR, 2, "batch database format %s, this version writes %s",
                        v ? v : "?", NB_DB_FORMAT);
            ok = FALSE;
        }
    }
    sqlite3_finalize(st);
    return ok && exec_sql(db, "INSERT OR IGNORE INTO meta VALUES ('format', '" NB_DB_FORMAT "')",
                          error);
}

/* A database that has tables but not our meta row belongs to something else:
 * adding our tables to it would damage it. */
static gboolean is_foreign(nb_db *db)
{
    sqlite3_stmt *st = NULL;
    gboolean foreign = FALSE;
    if (sqlite3_prepare_v2(db->h,
            "SELECT (SELECT count(*) FROM sqlite_master WHERE type = 'table') > 0 AND NOT EXISTS"
            " (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta')", -1, &st,
            NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        foreign = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return foreign;
}

nb_db *nb_db_open(const char *path, GError **error)
{
    nb_db *db = g_new0(nb_db, 1);
    if (sqlite3_open_v2(path, &db->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL)) {
        g_set_error(error, NB_DB_ERROR, 1, "%s", db->h ? sqlite3_errmsg(db->h) : "out of memory");
        nb_db_close(db);
        return NULL;
    }
    sqlite3_busy_timeout(db->h, 10000);
    /* before anything is written: even journal_mode is a change to the file */
    if (is_foreign(db)) {
        g_set_error(error, NB_DB_ERROR, 2, "an SQLite database of something else, not a batch "
                    "database: refusing to add tables to it");
        nb_db_close(db);
        return NULL;
    }
    if (!exec_sql(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                      "PRAGMA foreign_keys = ON;", error) ||
        !exec_sql(db, k_tables, error) || !check_format(db, error) ||
        !exec_sql(db, k_views, error)) {
        nb_db_close(db);
        return NULL;
    }
    return db;
}

nb_db *nb_db_open_readonly(const char *path, GError **error)
{
    if (!g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
        g_set_error(error, NB_DB_ERROR, 3, "no such database file");
        return NULL;
    }
    nb_db *db = g_new0(nb_db, 1);
    if (sqlite3_open_v2(path, &db->h, SQLITE_OPEN_READONLY, NULL)) {
        g_set_error(error, NB_DB_ERROR, 1, "%s", db->h ? sqlite3_errmsg(db->h) : "out of memory");
        nb_db_close(db);
        return NULL;
    }
    sqlite3_busy_timeout(db->h, 10000);
    sqlite3_stmt *st = NULL;
    gboolean ours = sqlite3_prepare_v2(db->h, "SELECT value FROM meta WHERE key = 'format'", -1,
                                       &st, NULL) == SQLITE_OK &&
                    sqlite3_step(st) == SQLITE_ROW &&
                    !g_strcmp0((const char *)sqlite3_column_text(st, 0), NB_DB_FORMAT);
    sqlite3_finalize(st);
    if (!ours) {
        g_set_error(error, NB_DB_ERROR, 2, "not a batch database (format %s)", NB_DB_FORMAT);
        nb_db_close(db);
        return NULL;
    }
    return db;
}

void nb_db_close(nb_db *db)
{
    if (!db)
        return;
    sqlite3_close(db->h);
    g_free(db);
}

sqlite3 *nb_db_handle(nb_db *db)
{
    return db->h;
}

nb_db_state nb_db_lookup(nb_db *db, const char *path, const char *sha256, const char *version)
{
    sqlite3_stmt *st = NULL;
    nb_db_state state = NB_DB_ABSENT;
    if (sqlite3_prepare_v2(db->h,
                           "SELECT status FROM documents WHERE path = ?1 AND sha256 = ?2"
                           " AND tool_version = ?3", -1, &st, NULL))
        return NB_DB_ABSENT;
    sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, sha256, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, version, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW)
        state = strcmp((const char *)sqlite3_column_text(st, 0), "ok") ? NB_DB_DONE_FAILED
                                                                          : NB_DB_DONE_OK;
    sqlite3_finalize(st);
    return state;
}

/* ---- writing one document ------------------------------------------------ */

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

static void bind_json_number(sqlite3_stmt *st, int i, json_t *v)
{
    if (json_is_number(v))
        sqlite3_bind_double(st, i, json_number_value(v));
    else
        sqlite3_bind_null(st, i);
}

static void bind_json_int(sqlite3_stmt *st, int i, json_t *v)
{
    if (json_is_integer(v))
        sqlite3_bind_int64(st, i, json_integer_value(v));
    else
        sqlite3_bind_null(st, i);
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

static gboolean insert_document(nb_db *db, const nb_db_doc *doc, const nb_job_result *res,
                                sqlite3_int64 *id, GError **error)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db->h,
            "INSERT INTO documents(path, relpath, sha256, size, format, template, agency,"
            " agency_key, year, status, error_class, error, n_values, n_checks, n_warnings,"
            " tool_version, seconds, converted_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
            " ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
            " strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))", -1, &st, NULL))
        return set_error(db, error);
    json_t *rec = res->record;
    const char *agency = json_string_value(json_object_get(rec, "agency"));
    char *agency_key = agency ? nb_norm_squash(agency) : NULL;
    sqlite3_bind_text(st, 1, doc->path, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, doc->relpath, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, doc->sha256, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, doc->size);
    bind_text_or_null(st, 5, res->ok ? res->format : doc->kind);
    bind_text_or_null(st, 6, json_string_value(json_object_get(rec, "template")));
    bind_text_or_null(st, 7, agency);
    bind_text_or_null(st, 8, agency_key);
    bind_json_int(st, 9, json_object_get(rec, "year"));
    sqlite3_bind_text(st, 10, res->ok ? "ok" : "failed", -1, SQLITE_STATIC);
    bind_text_or_null(st, 11, res->ok ? NULL : res->error_class);
    bind_text_or_null(st, 12, res->ok ? NULL : res->error);
    sqlite3_bind_int(st, 13, count_values(rec));
    sqlite3_bind_int(st, 14, count_array(rec, "checks"));
    sqlite3_bind_int(st, 15, count_array(rec, "warnings"));
    sqlite3_bind_text(st, 16, doc->tool_version, -1, SQLITE_STATIC);
    sqlite3_bind_double(st, 17, res->seconds);
    gboolean ok = sqlite3_step(st) == SQLITE_DONE;
    sqlite3_finalize(st);
    g_free(agency_key);
    *id = sqlite3_last_insert_rowid(db->h);
    return ok || set_error(db, error);
}

static void bind_box(sqlite3_stmt *st, int first, json_t *box)
{
    for (int i = 0; i < 4; i++)
        bind_json_number(st, first + i, json_array_get(box, (size_t)i));
}

static gboolean insert_fields(nb_db *db, sqlite3_int64 id, json_t *rec, GError **error)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db->h,
            "INSERT OR REPLACE INTO fields(document_id, key, value, raw, page, line, x0, y0, x1,"
            " y1, confidence, origin, flagged) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
            " ?11, ?12, ?13)", -1, &st, NULL))
        return set_error(db, error);
    GHashTable *flagged = flagged_paths(rec);
    gboolean ok = TRUE;
    const char *key;
    json_t *prov;
    /* every value has a provenance entry, in record order; agency and year are metadata */
    json_object_foreach(json_object_get(rec, "provenance"), key, prov) {
        json_t *value = get_path(rec, key);
        if (!strcmp(key, "agency") || !strcmp(key, "year") || !json_is_number(value))
            continue;
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
        sqlite3_bind_double(st, 3, json_number_value(value));
        bind_text_or_null(st, 4, json_string_value(json_object_get(prov, "raw")));
        bind_json_int(st, 5, json_object_get(prov, "page"));
        bind_json_int(st, 6, json_object_get(prov, "line"));
        bind_box(st, 7, json_object_get(prov, "box"));
        bind_json_int(st, 11, json_object_get(prov, "confidence"));
        bind_text_or_null(st, 12, json_string_value(json_object_get(prov, "origin")));
        sqlite3_bind_int(st, 13, is_flagged(flagged, key));
        if (sqlite3_step(st) != SQLITE_DONE) {
            ok = set_error(db, error);
            break;
        }
    }
    g_hash_table_destroy(flagged);
    sqlite3_finalize(st);
    return ok;
}

static gboolean insert_checks(nb_db *db, sqlite3_int64 id, json_t *rec, GError **error)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db->h,
            "INSERT INTO checks(document_id, seq, rule, expected, found, message, paths)"
            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", -1, &st, NULL))
        return set_error(db, error);
    gboolean ok = TRUE;
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(rec, "checks"), i, c) {
        char *paths = json_dumps(json_object_get(c, "paths"), JSON_COMPACT | JSON_ENCODE_ANY);
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)i + 1);
        sqlite3_bind_int64(st, 3, json_integer_value(json_object_get(c, "rule")));
        bind_json_number(st, 4, json_object_get(c, "expected"));
        bind_json_number(st, 5, json_object_get(c, "found"));
        bind_text_or_null(st, 6, json_string_value(json_object_get(c, "message")));
        bind_text_or_null(st, 7, paths);
        ok = sqlite3_step(st) == SQLITE_DONE;
        free(paths);
        if (!ok) {
            set_error(db, error);
            break;
        }
    }
    sqlite3_finalize(st);
    return ok;
}

static gboolean insert_warnings(nb_db *db, sqlite3_int64 id, json_t *rec, GError **error)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db->h,
            "INSERT INTO warnings(document_id, seq, path, message) VALUES (?1, ?2, ?3, ?4)", -1,
            &st, NULL))
        return set_error(db, error);
    gboolean ok = TRUE;
    size_t i;
    json_t *w;
    json_array_foreach(json_object_get(rec, "warnings"), i, w) {
        const char *msg = json_string_value(json_object_get(w, "message"));
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)i + 1);
        bind_text_or_null(st, 3, json_string_value(json_object_get(w, "path")));
        sqlite3_bind_text(st, 4, msg ? msg : "", -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE) {
            ok = set_error(db, error);
            break;
        }
    }
    sqlite3_finalize(st);
    return ok;
}

static gboolean insert_sections(nb_db *db, sqlite3_int64 id, json_t *rec, GError **error)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db->h, "INSERT INTO sections(document_id, key, text) VALUES (?1, ?2, ?3)",
                           -1, &st, NULL))
        return set_error(db, error);
    gboolean ok = TRUE;
    const char *key;
    json_t *text;
    json_object_foreach(json_object_get(rec, "sections"), key, text) {
        if (!json_is_string(text))
            continue;
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, json_string_value(text), -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE) {
            ok = set_error(db, error);
            break;
        }
    }
    sqlite3_finalize(st);
    return ok;
}

static gboolean delete_document(nb_db *db, const char *path, GError **error)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db->h, "DELETE FROM documents WHERE path = ?1", -1, &st, NULL))
        return set_error(db, error);
    sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
    gboolean ok = sqlite3_step(st) == SQLITE_DONE;
    sqlite3_finalize(st);
    return ok || set_error(db, error);
}

gboolean nb_db_put(nb_db *db, const nb_db_doc *doc, const nb_job_result *res, GError **error)
{
    if (!exec_sql(db, "BEGIN IMMEDIATE", error))
        return FALSE;
    sqlite3_int64 id = 0;
    json_t *rec = res->ok ? res->record : NULL;
    gboolean ok = delete_document(db, doc->path, error) &&
                  insert_document(db, doc, res, &id, error);
    if (ok && rec)
        ok = insert_fields(db, id, rec, error) && insert_checks(db, id, rec, error) &&
             insert_warnings(db, id, rec, error) && insert_sections(db, id, rec, error);
    if (!ok) {
        sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
        return FALSE;
    }
    return exec_sql(db, "COMMIT", error);
}

/* ---- the wide view ------------------------------------------------------- */

static void add_key(GPtrArray *keys, GHashTable *seen, char *key)
{
    if (g_hash_table_contains(seen, key)) {
        g_free(key);
        return;
    }
    g_hash_table_add(seen, key);
    g_ptr_array_add(keys, key);
}

static gint newest_first(gconstpointer a, gconstpointer b)
{
    return -g_strcmp0((*(nb_schema *const *)a)->name, (*(nb_schema *const *)b)->name);
}

/* Every value key of every template, the newest template's first (its keys
 * are the ones most documents have), each in template order; then the
 * section keys. */
static void schema_keys(GPtrArray *keys, GHashTable *seen, GPtrArray *sections)
{
    const nb_schema_set *set = nb_schema_set_default();
    GPtrArray *order = g_ptr_array_copy(set->schemas, NULL, NULL);
    g_ptr_array_sort(order, newest_first);
    for (guint s = 0; s < order->len; s++) {
        const nb_schema *sc = g_ptr_array_index(order, s);
        for (guint t = 0; t < sc->tables->len; t++) {
            const nb_schema_table *tb = g_ptr_array_index(sc->tables, t);
            for (guint g = 0; tb->wide && g < tb->groups->len; g++)
                for (guint c = 0; c < tb->columns->len; c++)
                    add_key(keys, seen, g_strdup_printf("%s.%s.%s", tb->key,
                            ((nb_schema_labels *)g_ptr_array_index(tb->groups, g))->key,
                            ((nb_schema_labels *)g_ptr_array_index(tb->columns, c))->key));
            for (guint r = 0; !tb->wide && r < tb->rows->len; r++) {
                const nb_schema_row *row = g_ptr_array_index(tb->rows, r);
                GPtrArray *cols = nb_schema_row_columns(tb, row);
                for (guint c = 0; cols && c < cols->len; c++)
                    add_key(keys, seen, g_strdup_printf("%s.%s.%s", tb->key, row->key,
                                                        (char *)g_ptr_array_index(cols, c)));
            }
        }
        for (guint i = 0; i < sc->sections->len; i++) {
            const char *k = ((nb_schema_section *)g_ptr_array_index(sc->sections, i))->key;
            gboolean have = FALSE;
            for (guint j = 0; j < sections->len && !have; j++)
                have = !strcmp(g_ptr_array_index(sections, j), k);
            if (!have)
                g_ptr_array_add(sections, g_strdup(k));
        }
    }
    g_ptr_array_free(order, TRUE);
}

/* Keys in the database that no template names (info_fees.*, future keys). */
static void extra_keys(nb_db *db, GPtrArray *keys, GHashTable *seen)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db->h, "SELECT DISTINCT key FROM fields ORDER BY key", -1, &st, NULL))
        return;
    while (sqlite3_step(st) == SQLITE_ROW)
        add_key(keys, seen, g_strdup((const char *)sqlite3_column_text(st, 0)));
    sqlite3_finalize(st);
}

static char *quote_ident(const char *s)
{
    char *q = sqlite3_mprintf("\"%w\"", s);
    char *r = g_strdup(q);
    sqlite3_free(q);
    return r;
}

static char *quote_text(const char *s)
{
    char *q = sqlite3_mprintf("%Q", s);
    char *r = g_strdup(q);
    sqlite3_free(q);
    return r;
}

static char *wide_select(GPtrArray *keys, GPtrArray *sections)
{
    GString *sql = g_string_new(
        "SELECT d.path, d.relpath, d.sha256, d.size, d.format,"
        " d.template, d.agency, d.year, d.status, d.error_class, d.error, d.n_values,"
        " d.n_checks, d.n_warnings, d.tool_version, d.seconds");
    /* one indexed lookup per column: fields' primary key is (document_id, key) */
    for (guint i = 0; i < keys->len; i++) {
        char *id = quote_ident(g_ptr_array_index(keys, i));
        char *lit = quote_text(g_ptr_array_index(keys, i));
        g_string_append_printf(sql, ", (SELECT value FROM fields WHERE document_id = d.id AND"
                               " key = %s) AS %s", lit, id);
        g_free(id), g_free(lit);
    }
    for (guint i = 0; i < sections->len; i++) {
        char *name = g_strconcat("sections.", (char *)g_ptr_array_index(sections, i), NULL);
        char *id = quote_ident(name);
        char *lit = quote_text(g_ptr_array_index(sections, i));
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
    char *sql = g_strconcat("DROP VIEW IF EXISTS documents_wide;"
                            "CREATE VIEW documents_wide AS ", select, ";", NULL);
    gboolean ok = exec_sql(db, "BEGIN IMMEDIATE", error) && exec_sql(db, sql, error) &&
                  exec_sql(db, "COMMIT", error);
    if (!ok)
        sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
    g_free(select);
    g_free(sql);
    return ok;
}

/* ---- rule 5 -------------------------------------------------------------- */

void nb_db_rule5_counts(nb_db *db, int *agencies, int *pairs, int *failing_pairs)
{
    int a = 0, p = 0, f = 0;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db->h,
            "SELECT count(DISTINCT agency_key), count(DISTINCT prev_path || char(10) || path),"
            " count(DISTINCT CASE WHEN NOT ok THEN prev_path || char(10) || path END)"
            " FROM rule5_pairs", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
        a = sqlite3_column_int(st, 0);
        p = sqlite3_column_int(st, 1);
        f = sqlite3_column_int(st, 2);
    }
    sqlite3_finalize(st);
    if (agencies)
        *agencies = a;
    if (pairs)
        *pairs = p;
    if (failing_pairs)
        *failing_pairs = f;
}

void nb_db_rule5_report(nb_db *db, FILE *out, int max_lines)
{
    int agencies, pairs, failing, shown = 0;
    nb_db_rule5_counts(db, &agencies, &pairs, &failing);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db->h,
            "SELECT agency, prev_year, year, group_concat(column_key || ' ' ||"
            " printf('%g', prev_carried_forward) || ' → ' || printf('%g', carried_over), ', ')"
            " FROM rule5_failures GROUP BY agency_key, prev_path, path"
            " ORDER BY agency_key, year, prev_path, path", -1, &st, NULL) == SQLITE_OK)
        while (sqlite3_step(st) == SQLITE_ROW)
            if (shown++ < max_lines)
                fprintf(out, "nianbao: rule 5: %s %d→%d: carried_forward → carried_over "
                        "differ: %s\n", (const char *)sqlite3_column_text(st, 0),
                        sqlite3_column_int(st, 1), sqlite3_column_int(st, 2),
                        (const char *)sqlite3_column_text(st, 3));
    sqlite3_finalize(st);
    if (shown > max_lines)
        fprintf(out, "nianbao: rule 5: ... and %d more (view rule5_failures)\n", shown - max_lines);
    fprintf(out, "nianbao: rule 5 (cross-year): %d agencies with consecutive years, "
            "%d year pairs compared, %d break the rule%s\n",
            agencies, pairs, failing, failing ? " (view rule5_failures)" : "");
}

/* ---- merge --------------------------------------------------------------- */

static const char *k_doc_columns =
    "path, relpath, sha256, size, format, template, agency, agency_key, year, status,"
    " error_class, error, n_values, n_checks, n_warnings, tool_version, seconds, converted_at";

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
        " JOIN src.documents sd ON sd.id = x.document_id JOIN temp.taken t ON t.path = sd.path"
        " JOIN main.documents m ON m.path = sd.path;", table, columns, sel->str, table);
    g_string_free(sel, TRUE);
    return sql;
}

static gboolean merge_rows(nb_db *db, GError **error)
{
    static const char *children[][2] = {
        {"fields", "key, value, raw, page, line, x0, y0, x1, y1, confidence, origin, flagged"},
        {"checks", "seq, rule, expected, found, message, paths"},
        {"warnings", "seq, path, message"},
        {"sections", "key, text"}};
    char *docs = g_strdup_printf(
        "DROP TABLE IF EXISTS temp.taken;"
        "CREATE TEMP TABLE taken(path TEXT PRIMARY KEY);"
        /* theirs wins only over our failure with their success */
        "INSERT INTO temp.taken SELECT s.path FROM src.documents s"
        " LEFT JOIN main.documents m ON m.path = s.path"
        " WHERE m.id IS NULL OR (m.status = 'failed' AND s.status = 'ok');"
        "DELETE FROM main.documents WHERE path IN (SELECT path FROM temp.taken);"
        "INSERT INTO main.documents(%s) SELECT %s FROM src.documents"
        " WHERE path IN (SELECT path FROM temp.taken) ORDER BY path;",
        k_doc_columns, k_doc_columns);
    gboolean ok = exec_sql(db, docs, error);
    g_free(docs);
    for (guint i = 0; ok && i < G_N_ELEMENTS(children); i++) {
        char *sql = copy_child_sql(children[i][0], children[i][1]);
        ok = exec_sql(db, sql, error);
        g_free(sql);
    }
    return ok;
}

static int count_taken(nb_db *db)
{
    sqlite3_stmt *st = NULL;
    int n = 0;
    if (sqlite3_prepare_v2(db->h, "SELECT count(*) FROM temp.taken", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return n;
}

/* The source must be a batch database of our format, not any SQLite file. */
static gboolean check_source(nb_db *db, GError **error)
{
    sqlite3_stmt *st = NULL;
    gboolean ok = FALSE;
    if (sqlite3_prepare_v2(db->h, "SELECT value FROM src.meta WHERE key = 'format'", -1, &st,
                           NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(st, 0);
        ok = v && !strcmp(v, NB_DB_FORMAT);
    }
    sqlite3_finalize(st);
    if (!ok)
        g_set_error(error, NB_DB_ERROR, 2, "not a batch database (format %s)", NB_DB_FORMAT);
    return ok;
}

gboolean nb_db_merge_from(nb_db *db, const char *other, int *copied, GError **error)
{
    if (copied)
        *copied = 0;
    /* ATTACH would create a missing file as an empty database */
    if (!g_file_test(other, G_FILE_TEST_IS_REGULAR)) {
        g_set_error(error, NB_DB_ERROR, 3, "no such database file");
        return FALSE;
    }
    sqlite3_stmt *st = NULL;
    gboolean ok = sqlite3_prepare_v2(db->h, "ATTACH DATABASE ?1 AS src", -1, &st, NULL) == SQLITE_OK;
    if (ok) {
        sqlite3_bind_text(st, 1, other, -1, SQLITE_STATIC);
        ok = sqlite3_step(st) == SQLITE_DONE;
    }
    sqlite3_finalize(st);
    if (!ok)
        return set_error(db, error);
    ok = check_source(db, error) && exec_sql(db, "BEGIN IMMEDIATE", error);
    if (ok && merge_rows(db, error)) {
        int n = count_taken(db);
        ok = exec_sql(db, "COMMIT", error);
        if (ok && copied)
            *copied = n;
    } else if (ok) {
        sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
        ok = FALSE;
    }
    sqlite3_exec(db->h, "DROP TABLE IF EXISTS temp.taken", NULL, NULL, NULL);
    sqlite3_exec(db->h, "DETACH DATABASE src", NULL, NULL, NULL);
    return ok;
}
