/* db_sqlite.c — the SQLite backend of db_conn.h (see db_backend.h). */
#include "cmd/batch/db_backend.h"

#include <string.h>

typedef struct {
    nb_conn base;
    sqlite3 *h;
} sqlite_conn;

typedef struct {
    nb_stmt base;
    sqlite3_stmt *st;
    gboolean done; /* stepped past the last row since the last reset */
} sqlite_stmt;

static sqlite3 *handle_of(nb_stmt *st)
{
    return ((sqlite_conn *)st->conn)->h;
}

static void sq_close(nb_conn *c)
{
    sqlite3_close(((sqlite_conn *)c)->h);
    g_free(c);
}

static gboolean sq_exec(nb_conn *c, const char *sql, GError **error)
{
    char *msg = NULL;
    sqlite3 *h = ((sqlite_conn *)c)->h;
    if (sqlite3_exec(h, sql, NULL, NULL, &msg) == SQLITE_OK)
        return TRUE;
    g_set_error(error, NB_DB_ERROR, NB_DB_ERR_SQL, "%s", msg ? msg : sqlite3_errmsg(h));
    sqlite3_free(msg);
    return FALSE;
}

static nb_stmt *sq_prepare(nb_conn *c, const char *sql, GError **error)
{
    sqlite3 *h = ((sqlite_conn *)c)->h;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK) {
        g_set_error(error, NB_DB_ERROR, NB_DB_ERR_SQL, "%s", sqlite3_errmsg(h));
        sqlite3_finalize(st);
        return NULL;
    }
    sqlite_stmt *s = g_new0(sqlite_stmt, 1);
    s->base.conn = c;
    s->st = st;
    return &s->base;
}

static void sq_bind(nb_stmt *st, int i, nb_col_type type, gint64 n, double x, const char *s)
{
    sqlite3_stmt *q = ((sqlite_stmt *)st)->st;
    switch (type) {
    case NB_COL_INT: sqlite3_bind_int64(q, i, n); break;
    case NB_COL_REAL: sqlite3_bind_double(q, i, x); break;
    case NB_COL_TEXT: sqlite3_bind_text(q, i, s, -1, SQLITE_TRANSIENT); break;
    default: sqlite3_bind_null(q, i); break;
    }
}

static nb_step sq_step(nb_stmt *st, GError **error)
{
    sqlite_stmt *s = (sqlite_stmt *)st;
    if (s->done)
        return NB_STEP_DONE;
    int rc = sqlite3_step(s->st);
    if (rc == SQLITE_ROW)
        return NB_STEP_ROW;
    if (rc == SQLITE_DONE) {
        s->done = TRUE;
        return NB_STEP_DONE;
    }
    g_set_error(error, NB_DB_ERROR, NB_DB_ERR_SQL, "%s", sqlite3_errmsg(handle_of(st)));
    return NB_STEP_ERROR;
}

static void sq_reset(nb_stmt *st)
{
    sqlite_stmt *s = (sqlite_stmt *)st;
    sqlite3_reset(s->st);
    s->done = FALSE;
}

static int sq_columns(nb_stmt *st)
{
    return sqlite3_column_count(((sqlite_stmt *)st)->st);
}

static const char *sq_column_name(nb_stmt *st, int i)
{
    return sqlite3_column_name(((sqlite_stmt *)st)->st, i);
}

static nb_col_type sq_column_type(nb_stmt *st, int i)
{
    switch (sqlite3_column_type(((sqlite_stmt *)st)->st, i)) {
    case SQLITE_INTEGER: return NB_COL_INT;
    case SQLITE_FLOAT: return NB_COL_REAL;
    case SQLITE_NULL: return NB_COL_NULL;
    default: return NB_COL_TEXT;
    }
}

static const char *sq_column_text(nb_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(((sqlite_stmt *)st)->st, i);
}

static gint64 sq_column_int64(nb_stmt *st, int i)
{
    return sqlite3_column_int64(((sqlite_stmt *)st)->st, i);
}

static double sq_column_double(nb_stmt *st, int i)
{
    return sqlite3_column_double(((sqlite_stmt *)st)->st, i);
}

static void sq_free_stmt(nb_stmt *st)
{
    sqlite3_finalize(((sqlite_stmt *)st)->st);
    g_free(st);
}

static const nb_conn_ops k_sqlite_ops = {
    sq_close, sq_exec, sq_prepare, sq_bind, sq_step, sq_reset, sq_columns, sq_column_name,
    sq_column_type, sq_column_text, sq_column_int64, sq_column_double, sq_free_stmt};

nb_conn *nb_sqlite_open(const char *path, gboolean readonly, GError **error)
{
    if (readonly && !g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
        g_set_error(error, NB_DB_ERROR, NB_DB_ERR_MISSING, "no such database file");
        return NULL;
    }
    sqlite3 *h = NULL;
    int flags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(path, &h, flags, NULL)) {
        g_set_error(error, NB_DB_ERROR, NB_DB_ERR_SQL, "%s", h ? sqlite3_errmsg(h) : "out of memory");
        sqlite3_close(h);
        return NULL;
    }
    /* another batch on the same file holds the write lock for one document */
    sqlite3_busy_timeout(h, 30000);
    sqlite_conn *c = g_new0(sqlite_conn, 1);
    c->base.ops = &k_sqlite_ops;
    c->base.dialect = NB_SQL_SQLITE;
    c->base.readonly = readonly;
    c->h = h;
    return &c->base;
}

sqlite3 *nb_conn_sqlite(nb_conn *c)
{
    return c && c->dialect == NB_SQL_SQLITE ? ((sqlite_conn *)c)->h : NULL;
}
