/* db_schema.c — see db_schema.h. */
#include "cmd/batch/db_schema.h"

/* Spec rule 5 compares these two rows of `applications` across years; it is
 * the batch's own rule (one document cannot evaluate it), so it lives here
 * rather than in the schema files' per-document rules. */
#define NB_CARRIED_FORWARD "applications.carried_forward."
#define NB_CARRIED_OVER "applications.carried_over."

const char *const nb_db_document_columns =
    "path, relpath, sha256, size, format, template, agency, agency_key, year, status,"
    " error_class, error, n_values, n_checks, n_warnings, duplicate_of, tool_version, seconds,"
    " converted_at";

const char *const nb_db_child_tables[4][2] = {
    {"fields", "key, value, raw, page, line, x0, y0, x1, y1, confidence, origin, flagged"},
    {"checks", "seq, rule, expected, found, message, paths"},
    {"warnings", "seq, key, message"},
    {"sections", "key, text"}};

static const char *k_tables =
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);"
    /* identity: the content plus the path below the input root */
    "CREATE TABLE IF NOT EXISTS documents("
    " id @ID@, path TEXT NOT NULL, relpath TEXT NOT NULL,"
    " sha256 TEXT NOT NULL, size BIGINT NOT NULL, format TEXT, template TEXT, agency TEXT,"
    " agency_key TEXT, year INTEGER,"
    " status TEXT NOT NULL CHECK (status IN ('ok', 'failed', 'skipped')),"
    " error_class TEXT, error TEXT, n_values INTEGER NOT NULL DEFAULT 0,"
    " n_checks INTEGER NOT NULL DEFAULT 0, n_warnings INTEGER NOT NULL DEFAULT 0,"
    " duplicate_of BIGINT, tool_version TEXT NOT NULL, seconds @REAL@, converted_at TEXT,"
    " UNIQUE (relpath, sha256));"
    "CREATE INDEX IF NOT EXISTS documents_agency_year ON documents(agency_key, year);"
    "CREATE INDEX IF NOT EXISTS documents_sha256 ON documents(sha256);"
    "CREATE INDEX IF NOT EXISTS documents_path ON documents(path);"
    "CREATE TABLE IF NOT EXISTS fields("
    " document_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    " key TEXT NOT NULL, value @NUMBER@ NOT NULL, raw TEXT, page INTEGER, line INTEGER,"
    " x0 @REAL@, y0 @REAL@, x1 @REAL@, y1 @REAL@, confidence INTEGER, origin TEXT,"
    " flagged INTEGER NOT NULL, PRIMARY KEY (document_id, key)) @NOROWID@;"
    "CREATE TABLE IF NOT EXISTS checks("
    " document_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    " seq INTEGER NOT NULL, rule INTEGER NOT NULL, expected @NUMBER@, found @NUMBER@,"
    " message TEXT, paths TEXT, PRIMARY KEY (document_id, seq)) @NOROWID@;"
    "CREATE TABLE IF NOT EXISTS warnings("
    " document_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    " seq INTEGER NOT NULL, key TEXT, message TEXT NOT NULL,"
    " PRIMARY KEY (document_id, seq)) @NOROWID@;"
    "CREATE TABLE IF NOT EXISTS sections("
    " document_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    " key TEXT NOT NULL, text TEXT NOT NULL, PRIMARY KEY (document_id, key)) @NOROWID@;"
    /* a file a running batch is converting: a second batch leaves it alone */
    "CREATE TABLE IF NOT EXISTS claims("
    " relpath TEXT NOT NULL, sha256 TEXT NOT NULL, owner TEXT NOT NULL,"
    " claimed_at BIGINT NOT NULL, PRIMARY KEY (relpath, sha256));"
    /* the data dictionary: what each value key means */
    "CREATE TABLE IF NOT EXISTS dictionary("
    " key TEXT PRIMARY KEY, templates TEXT NOT NULL, table_zh TEXT, group_zh TEXT,"
    " row_zh TEXT, column_zh TEXT, label_zh TEXT NOT NULL, unit TEXT, type TEXT NOT NULL,"
    " position INTEGER NOT NULL);";

static const char *k_views =
    "DROP VIEW IF EXISTS fields_long; DROP VIEW IF EXISTS warnings_long;"
    "DROP VIEW IF EXISTS failures; DROP VIEW IF EXISTS skipped;"
    "DROP VIEW IF EXISTS check_failures; DROP VIEW IF EXISTS rule5_failures;"
    "DROP VIEW IF EXISTS rule5_pairs; DROP VIEW IF EXISTS reports;"
    "CREATE VIEW fields_long AS SELECT d.id AS document_id, d.path, d.agency, d.year,"
    " d.template, d.format, d.duplicate_of, f.key, f.value, f.flagged, f.raw, f.page, f.line,"
    " f.x0, f.y0, f.x1, f.y1, f.confidence, f.origin"
    " FROM fields f JOIN documents d ON d.id = f.document_id;"
    "CREATE VIEW warnings_long AS SELECT d.id AS document_id, d.path, d.agency, d.year,"
    " w.seq, w.key, w.message FROM warnings w JOIN documents d ON d.id = w.document_id;"
    "CREATE VIEW failures AS SELECT id AS document_id, path, format, size, error_class,"
    " error, seconds FROM documents WHERE status = 'failed';"
    "CREATE VIEW skipped AS SELECT id AS document_id, path, format, size, error_class,"
    " error FROM documents WHERE status = 'skipped';"
    "CREATE VIEW check_failures AS SELECT d.id AS document_id, d.path, d.agency, d.year,"
    " c.rule, c.expected, c.found, c.message, c.paths"
    " FROM checks c JOIN documents d ON d.id = c.document_id;"
    /* one row per report: byte-identical copies counted once */
    "CREATE VIEW reports AS SELECT * FROM documents"
    " WHERE status = 'ok' AND duplicate_of IS NULL;"
    "CREATE VIEW rule5_pairs AS SELECT c.agency_key, c.agency, p.year AS prev_year,"
    " c.year, substr(fp.key, length('" NB_CARRIED_FORWARD "') + 1) AS column_key,"
    " fp.value AS prev_carried_forward, fc.value AS carried_over,"
    " CASE WHEN abs(fp.value - fc.value) < 1e-6 THEN 1 ELSE 0 END AS ok,"
    " p.id AS prev_document_id, c.id AS document_id, p.path AS prev_path, c.path"
    " FROM reports p JOIN reports c ON c.agency_key = p.agency_key AND c.year = p.year + 1"
    " JOIN fields fp ON fp.document_id = p.id"
    "  AND substr(fp.key, 1, length('" NB_CARRIED_FORWARD "')) = '" NB_CARRIED_FORWARD "'"
    " JOIN fields fc ON fc.document_id = c.id"
    "  AND fc.key = '" NB_CARRIED_OVER "' || substr(fp.key, length('" NB_CARRIED_FORWARD "') + 1)"
    " WHERE p.agency_key <> '';"
    "CREATE VIEW rule5_failures AS SELECT * FROM rule5_pairs WHERE ok = 0;";

/* Fills the dialect's placeholders into `sql`. */
static char *for_dialect(const char *sql, nb_sql_dialect d)
{
    GString *s = g_string_new(sql);
    gboolean pg = d == NB_SQL_POSTGRES;
    g_string_replace(s, "@ID@",
                     pg ? "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
                        : "INTEGER PRIMARY KEY", 0);
    /* SQLite: no declared type, so 218 stays an integer and 18651.06 a real */
    g_string_replace(s, "@NUMBER@", pg ? "NUMERIC" : "", 0);
    g_string_replace(s, "@REAL@", pg ? "DOUBLE PRECISION" : "REAL", 0);
    g_string_replace(s, "@NOROWID@", pg ? "" : "WITHOUT ROWID", 0);
    return g_string_free(s, FALSE);
}

char *nb_db_schema_tables(nb_sql_dialect d)
{
    return for_dialect(k_tables, d);
}

char *nb_db_schema_views(nb_sql_dialect d)
{
    return for_dialect(k_views, d);
}
