/* db_conn.c — see db_conn.h: the dispatch to the backends and what both share. */
#include "cmd/batch/db_backend.h"

#include <stdarg.h>
#include <string.h>

GQuark nb_db_error_quark(void)
{
    return g_quark_from_static_string("nb-db-error");
}

gboolean nb_conn_is_postgres(const char *target)
{
    return target && (g_str_has_prefix(target, "postgresql://") ||
                      g_str_has_prefix(target, "postgres://"));
}

/* Replaces the value of every "password=" parameter of a URI's query. */
static void redact_query(GString *s, gsize from)
{
    for (gsize i = from; i < s->len; i++) {
        if ((s->str[i - 1] != '?' && s->str[i - 1] != '&') ||
            strncmp(s->str + i, "password=", 9))
            continue;
        gsize start = i + 9, end = start;
        while (end < s->len && s->str[end] != '&')
            end++;
        g_string_erase(s, (gssize)start, (gssize)(end - start));
        g_string_insert(s, (gssize)start, "***");
    }
}

char *nb_conn_display_name(const char *target)
{
    if (!nb_conn_is_postgres(target))
        return g_strdup(target);
    GString *s = g_string_new(target);
    gsize auth = (gsize)(strstr(s->str, "://") - s->str) + 3;
    gsize host_end = auth + strcspn(s->str + auth, "/?");
    /* user:password@host — the last '@' before the path ends the user info */
    const char *at = g_strrstr_len(s->str + auth, (gssize)(host_end - auth), "@");
    if (at) {
        const char *colon = memchr(s->str + auth, ':', (size_t)(at - (s->str + auth)));
        if (colon) {
            gsize start = (gsize)(colon - s->str) + 1;
            g_string_erase(s, (gssize)start, (gssize)((gsize)(at - s->str) - start));
            g_string_insert(s, (gssize)start, "***");
        }
    }
    const char *q = strchr(s->str, '?');
    if (q)
        redact_query(s, (gsize)(q - s->str) + 1);
    return g_string_free(s, FALSE);
}

gboolean nb_conn_check_target(const char *target, GError **error)
{
    if (!nb_conn_is_postgres(target))
        return TRUE;
    char *shown = nb_conn_display_name(target);
    gboolean password = strcmp(shown, target) || nb_pg_uri_has_password(target);
    if (password)
        g_set_error(error, NB_DB_ERROR, NB_DB_ERR_REFUSED,
                    "%s: refusing a password in the URI (it would show in ps and shell "
                    "histories): give it in PGPASSWORD or ~/.pgpass (libpq reads both; "
                    "see docs/batch.md)", shown);
    g_free(shown);
    return !password;
}

nb_conn *nb_conn_open(const char *target, gboolean readonly, GError **error)
{
    if (!nb_conn_is_postgres(target))
        return nb_sqlite_open(target, readonly, error);
    if (!nb_conn_check_target(target, error))
        return NULL;
    return nb_pg_open(target, readonly, error);
}

void nb_conn_close(nb_conn *c)
{
    if (c)
        c->ops->close(c);
}

nb_sql_dialect nb_conn_dialect(const nb_conn *c)
{
    return c->dialect;
}

gboolean nb_conn_readonly(const nb_conn *c)
{
    return c->readonly;
}

gboolean nb_conn_exec(nb_conn *c, const char *sql, GError **error)
{
    return c->ops->exec(c, sql, error);
}

gboolean nb_conn_begin(nb_conn *c, GError **error)
{
    return nb_conn_exec(c, c->dialect == NB_SQL_SQLITE ? "BEGIN IMMEDIATE" : "BEGIN", error);
}

gboolean nb_conn_commit(nb_conn *c, GError **error)
{
    return nb_conn_exec(c, "COMMIT", error);
}

void nb_conn_rollback(nb_conn *c)
{
    GError *ignored = NULL;
    nb_conn_exec(c, "ROLLBACK", &ignored);
    g_clear_error(&ignored);
}

gboolean nb_conn_lock(nb_conn *c, const char *name, GError **error)
{
    if (c->dialect == NB_SQL_SQLITE)
        return TRUE;
    nb_stmt *st = nb_stmt_new(c, "SELECT pg_advisory_xact_lock(hashtextextended(?1, 0))", error);
    if (!st)
        return FALSE;
    nb_stmt_bind_text(st, 1, name);
    gboolean ok = nb_stmt_step(st, error) != NB_STEP_ERROR;
    nb_stmt_free(st);
    return ok;
}

gboolean nb_conn_has_relation(nb_conn *c, const char *name)
{
    char *hit = nb_conn_query_text(
        c, c->dialect == NB_SQL_SQLITE
               ? "SELECT 1 FROM sqlite_master WHERE name = ?1 AND type IN ('table', 'view')"
               : "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema()"
                 " AND table_name = ?1",
        name, NULL);
    gboolean found = hit != NULL;
    g_free(hit);
    return found;
}

gboolean nb_conn_has_tables(nb_conn *c)
{
    char *hit = nb_conn_query_text(
        c, c->dialect == NB_SQL_SQLITE
               ? "SELECT 1 FROM sqlite_master WHERE type = 'table' LIMIT 1"
               : "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema()"
                 " AND table_type = 'BASE TABLE' LIMIT 1",
        NULL);
    gboolean found = hit != NULL;
    g_free(hit);
    return found;
}

/* ---- statements ---------------------------------------------------------- */

nb_stmt *nb_stmt_new(nb_conn *c, const char *sql, GError **error)
{
    return c->ops->prepare(c, sql, error);
}

void nb_stmt_bind_text(nb_stmt *st, int i, const char *s)
{
    st->conn->ops->bind(st, i, s ? NB_COL_TEXT : NB_COL_NULL, 0, 0.0, s);
}

void nb_stmt_bind_int64(nb_stmt *st, int i, gint64 v)
{
    st->conn->ops->bind(st, i, NB_COL_INT, v, 0.0, NULL);
}

void nb_stmt_bind_double(nb_stmt *st, int i, double v)
{
    st->conn->ops->bind(st, i, NB_COL_REAL, 0, v, NULL);
}

void nb_stmt_bind_null(nb_stmt *st, int i)
{
    st->conn->ops->bind(st, i, NB_COL_NULL, 0, 0.0, NULL);
}

nb_step nb_stmt_step(nb_stmt *st, GError **error)
{
    return st->conn->ops->step(st, error);
}

void nb_stmt_reset(nb_stmt *st)
{
    st->conn->ops->reset(st);
}

int nb_stmt_columns(nb_stmt *st)
{
    return st->conn->ops->columns(st);
}

const char *nb_stmt_column_name(nb_stmt *st, int i)
{
    return st->conn->ops->column_name(st, i);
}

nb_col_type nb_stmt_column_type(nb_stmt *st, int i)
{
    return st->conn->ops->column_type(st, i);
}

gint64 nb_stmt_column_int64(nb_stmt *st, int i)
{
    return st->conn->ops->column_int64(st, i);
}

double nb_stmt_column_double(nb_stmt *st, int i)
{
    return st->conn->ops->column_double(st, i);
}

const char *nb_stmt_column_text(nb_stmt *st, int i)
{
    return st->conn->ops->column_text(st, i);
}

void nb_stmt_free(nb_stmt *st)
{
    if (st)
        st->conn->ops->free_stmt(st);
}

/* Prepares `sql` and binds the NULL-terminated text list `ap` to ?1... */
static nb_stmt *prepare_bound(nb_conn *c, const char *sql, GError **error, va_list ap)
{
    nb_stmt *st = nb_stmt_new(c, sql, error);
    int i = 1;
    for (const char *v; st && (v = va_arg(ap, const char *));)
        nb_stmt_bind_text(st, i++, v);
    return st;
}

gboolean nb_conn_exec_bound(nb_conn *c, const char *sql, GError **error, ...)
{
    va_list ap;
    va_start(ap, error);
    nb_stmt *st = prepare_bound(c, sql, error, ap);
    va_end(ap);
    gboolean ok = st != NULL;
    nb_step s;
    while (ok && (s = nb_stmt_step(st, error)) != NB_STEP_DONE)
        ok = s == NB_STEP_ROW;
    nb_stmt_free(st);
    return ok;
}

char *nb_conn_query_text(nb_conn *c, const char *sql, ...)
{
    va_list ap;
    va_start(ap, sql);
    GError *ignored = NULL;
    nb_stmt *st = prepare_bound(c, sql, &ignored, ap);
    va_end(ap);
    char *v = NULL;
    if (st && nb_stmt_step(st, &ignored) == NB_STEP_ROW)
        v = g_strdup(nb_stmt_column_text(st, 0));
    nb_stmt_free(st);
    g_clear_error(&ignored);
    return v;
}

/* ---- many rows in few statements ---------------------------------------- */

typedef struct {
    nb_col_type type;
    gint64 n;
    double x;
    char *s;
} row_value;

struct nb_rows {
    nb_conn *c;
    char *head;
    int ncols;
    GArray *values; /* row_value, row after row */
};

static void row_value_clear(gpointer p)
{
    g_free(((row_value *)p)->s);
}

nb_rows *nb_rows_new(nb_conn *c, const char *head, int ncols)
{
    nb_rows *r = g_new0(nb_rows, 1);
    r->c = c;
    r->head = g_strdup(head);
    r->ncols = ncols;
    r->values = g_array_new(FALSE, TRUE, sizeof(row_value));
    g_array_set_clear_func(r->values, row_value_clear);
    return r;
}

static void add_value(nb_rows *r, nb_col_type type, gint64 n, double x, const char *s)
{
    row_value v = {type, n, x, g_strdup(s)};
    g_array_append_val(r->values, v);
}

void nb_rows_text(nb_rows *r, const char *s)
{
    add_value(r, s ? NB_COL_TEXT : NB_COL_NULL, 0, 0.0, s);
}

void nb_rows_int64(nb_rows *r, gint64 v)
{
    add_value(r, NB_COL_INT, v, 0.0, NULL);
}

void nb_rows_double(nb_rows *r, double v)
{
    add_value(r, NB_COL_REAL, 0, v, NULL);
}

void nb_rows_null(nb_rows *r)
{
    add_value(r, NB_COL_NULL, 0, 0.0, NULL);
}

/* "HEAD VALUES (?1, ?2), (?3, ?4)" for `rows` rows. */
static char *rows_sql(const nb_rows *r, guint rows)
{
    GString *sql = g_string_new(r->head);
    g_string_append(sql, " VALUES ");
    for (guint i = 0; i < rows; i++) {
        g_string_append(sql, i ? ", (" : "(");
        for (int j = 0; j < r->ncols; j++)
            g_string_append_printf(sql, "%s?%u", j ? ", " : "", i * (guint)r->ncols + (guint)j + 1);
        g_string_append_c(sql, ')');
    }
    return g_string_free(sql, FALSE);
}

gboolean nb_rows_flush(nb_rows *r, GError **error)
{
    guint rows = r->values->len / (guint)r->ncols;
    if (!rows)
        return TRUE;
    char *sql = rows_sql(r, rows);
    nb_stmt *st = nb_stmt_new(r->c, sql, error);
    g_free(sql);
    if (!st)
        return FALSE;
    for (guint i = 0; i < rows * (guint)r->ncols; i++) {
        const row_value *v = &g_array_index(r->values, row_value, i);
        st->conn->ops->bind(st, (int)i + 1, v->type, v->n, v->x, v->s);
    }
    gboolean ok = nb_stmt_step(st, error) == NB_STEP_DONE;
    nb_stmt_free(st);
    g_array_set_size(r->values, 0);
    return ok;
}

gboolean nb_rows_end_row(nb_rows *r, GError **error)
{
    if (r->values->len % (guint)r->ncols) {
        g_set_error(error, NB_DB_ERROR, NB_DB_ERR_SQL, "a row of %s has %u values, want %d",
                    r->head, r->values->len % (guint)r->ncols, r->ncols);
        return FALSE;
    }
    return r->values->len / (guint)r->ncols < NB_ROWS_CHUNK || nb_rows_flush(r, error);
}

void nb_rows_free(nb_rows *r)
{
    if (!r)
        return;
    g_array_free(r->values, TRUE);
    g_free(r->head);
    g_free(r);
}

/* ---- quoting ------------------------------------------------------------- */

static char *quoted(const char *s, char q)
{
    GString *out = g_string_new(NULL);
    g_string_append_c(out, q);
    for (const char *p = s; *p; p++) {
        if (*p == q)
            g_string_append_c(out, q);
        g_string_append_c(out, *p);
    }
    g_string_append_c(out, q);
    return g_string_free(out, FALSE);
}

char *nb_sql_quote_ident(const char *s)
{
    return quoted(s, '"');
}

char *nb_sql_quote_text(const char *s)
{
    return s ? quoted(s, '\'') : g_strdup("NULL");
}
