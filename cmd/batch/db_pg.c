/*
 * db_pg.c — the PostgreSQL backend of db_conn.h (see db_backend.h), on libpq.
 *
 * Each distinct SQL text is prepared once per connection (a named server-side
 * statement kept until the connection closes), so that writing a document's
 * hundreds of value rows costs one round trip per row and no parsing.
 * Parameters travel as text; the server types them from their columns.
 * Server notices ("relation already exists, skipping") are not printed; JIT
 * compilation and synchronous commits are off for the session (see
 * nb_pg_open).
 *
 * libpq is opened at the first PostgreSQL target, not linked (pq_lazy.h).
 * Built without libpq (NB_HAVE_LIBPQ undefined), the backend refuses every
 * PostgreSQL target with a message that says why.
 */
#include "cmd/batch/db_backend.h"

#ifdef NB_HAVE_LIBPQ

#include "cmd/batch/pq_lazy.h"

#include <string.h>

typedef struct {
    nb_conn base;
    PGconn *pg;
    GHashTable *prepared; /* SQL ($n form) → statement name; both owned */
} pg_conn;

typedef struct {
    nb_stmt base;
    const char *name; /* owned by the connection's cache */
    int nparams;
    char **params;    /* bound values as text, NULL for SQL NULL; owned */
    PGresult *res;    /* of the last run, or NULL */
    int row;          /* current row of res */
} pg_stmt;

/* OIDs of the built-in types (pg_type.h, stable across versions) */
enum { OID_BOOL = 16, OID_INT8 = 20, OID_INT2 = 21, OID_INT4 = 23, OID_OID = 26,
       OID_FLOAT4 = 700, OID_FLOAT8 = 701, OID_NUMERIC = 1700 };

/* libpq's messages end with a newline; GError messages do not. */
static void set_pg_error(GError **error, const char *msg)
{
    char *m = g_strchomp(g_strdup(msg && *msg ? msg : "PostgreSQL error"));
    g_set_error(error, NB_DB_ERROR, NB_DB_ERR_SQL, "%s", m);
    g_free(m);
}

static void ignore_notice(void *arg, const char *message)
{
    (void)arg, (void)message;
}

/* ?N → $N outside quoted text and names; *nparams receives the highest N. */
static char *dollar_placeholders(const char *sql, int *nparams)
{
    GString *out = g_string_sized_new(strlen(sql) + 8);
    char quote = 0;
    *nparams = 0;
    for (const char *p = sql; *p; p++) {
        if (quote) {
            quote = *p == quote ? 0 : quote;
        } else if (*p == '\'' || *p == '"') {
            quote = *p;
        } else if (*p == '?' && g_ascii_isdigit(p[1])) {
            int n = (int)g_ascii_strtoll(p + 1, NULL, 10);
            *nparams = MAX(*nparams, n);
            g_string_append_c(out, '$');
            continue;
        }
        g_string_append_c(out, *p);
    }
    return g_string_free(out, FALSE);
}

static void pg_close(nb_conn *c)
{
    pg_conn *pc = (pg_conn *)c;
    PQfinish(pc->pg);
    g_hash_table_destroy(pc->prepared);
    g_free(pc);
}

static gboolean pg_exec(nb_conn *c, const char *sql, GError **error)
{
    pg_conn *pc = (pg_conn *)c;
    PGresult *r = PQexec(pc->pg, sql);
    ExecStatusType s = PQresultStatus(r);
    gboolean ok = s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
    if (!ok)
        set_pg_error(error, r ? PQresultErrorMessage(r) : PQerrorMessage(pc->pg));
    PQclear(r);
    return ok;
}

static nb_stmt *pg_prepare(nb_conn *c, const char *sql, GError **error)
{
    pg_conn *pc = (pg_conn *)c;
    int nparams = 0;
    char *text = dollar_placeholders(sql, &nparams);
    const char *name = g_hash_table_lookup(pc->prepared, text);
    if (!name) {
        char *fresh = g_strdup_printf("nb%u", g_hash_table_size(pc->prepared) + 1);
        PGresult *r = PQprepare(pc->pg, fresh, text, 0, NULL);
        if (PQresultStatus(r) != PGRES_COMMAND_OK) {
            set_pg_error(error, r ? PQresultErrorMessage(r) : PQerrorMessage(pc->pg));
            PQclear(r);
            g_free(fresh);
            g_free(text);
            return NULL;
        }
        PQclear(r);
        g_hash_table_insert(pc->prepared, text, fresh);
        name = fresh;
    } else {
        g_free(text);
    }
    pg_stmt *s = g_new0(pg_stmt, 1);
    s->base.conn = c;
    s->name = name;
    s->nparams = nparams;
    s->params = g_new0(char *, nparams + 1);
    s->row = -1;
    return &s->base;
}

/* The shortest decimal that reads back as x: what NUMERIC then stores. */
static char *shortest_double(double x)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    for (int prec = 15; prec <= 17; prec++) {
        g_ascii_formatd(buf, sizeof buf, prec == 15 ? "%.15g" : prec == 16 ? "%.16g" : "%.17g", x);
        if (g_ascii_strtod(buf, NULL) == x)
            break;
    }
    return g_strdup(buf);
}

static void pg_bind(nb_stmt *st, int i, nb_col_type type, gint64 n, double x, const char *s)
{
    pg_stmt *ps = (pg_stmt *)st;
    if (i < 1 || i > ps->nparams)
        return;
    g_free(ps->params[i - 1]);
    switch (type) {
    case NB_COL_INT: ps->params[i - 1] = g_strdup_printf("%" G_GINT64_FORMAT, n); break;
    case NB_COL_REAL: ps->params[i - 1] = shortest_double(x); break;
    case NB_COL_TEXT: ps->params[i - 1] = g_strdup(s); break;
    default: ps->params[i - 1] = NULL; break;
    }
}

static nb_step pg_step(nb_stmt *st, GError **error)
{
    pg_stmt *ps = (pg_stmt *)st;
    if (!ps->res) {
        pg_conn *pc = (pg_conn *)st->conn;
        ps->res = PQexecPrepared(pc->pg, ps->name, ps->nparams,
                                 (const char *const *)ps->params, NULL, NULL, 0);
        ExecStatusType s = PQresultStatus(ps->res);
        if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
            set_pg_error(error, ps->res ? PQresultErrorMessage(ps->res) : PQerrorMessage(pc->pg));
            PQclear(ps->res);
            ps->res = NULL;
            return NB_STEP_ERROR;
        }
        ps->row = -1;
    }
    if (ps->row < PQntuples(ps->res))
        ps->row++;
    return ps->row < PQntuples(ps->res) ? NB_STEP_ROW : NB_STEP_DONE;
}

static void pg_reset(nb_stmt *st)
{
    pg_stmt *ps = (pg_stmt *)st;
    PQclear(ps->res);
    ps->res = NULL;
    ps->row = -1;
}

static int pg_columns(nb_stmt *st)
{
    pg_stmt *ps = (pg_stmt *)st;
    if (ps->res)
        return PQnfields(ps->res);
    /* before the first run: ask the server what the statement returns */
    pg_conn *pc = (pg_conn *)st->conn;
    PGresult *d = PQdescribePrepared(pc->pg, ps->name);
    int n = PQresultStatus(d) == PGRES_COMMAND_OK ? PQnfields(d) : 0;
    PQclear(d);
    return n;
}

static const char *pg_column_name(nb_stmt *st, int i)
{
    pg_stmt *ps = (pg_stmt *)st;
    return ps->res ? PQfname(ps->res, i) : NULL;
}

static gboolean current_is_null(pg_stmt *ps, int i)
{
    return !ps->res || ps->row < 0 || ps->row >= PQntuples(ps->res) ||
           PQgetisnull(ps->res, ps->row, i);
}

/* A NUMERIC is an integer when written without a point or exponent. */
static gboolean is_whole(const char *t)
{
    return t[strspn(t, "-0123456789")] == '\0';
}

static nb_col_type pg_column_type(nb_stmt *st, int i)
{
    pg_stmt *ps = (pg_stmt *)st;
    if (current_is_null(ps, i))
        return NB_COL_NULL;
    switch (PQftype(ps->res, i)) {
    case OID_BOOL: case OID_INT8: case OID_INT2: case OID_INT4: case OID_OID:
        return NB_COL_INT;
    case OID_FLOAT4: case OID_FLOAT8:
        return NB_COL_REAL;
    case OID_NUMERIC:
        return is_whole(PQgetvalue(ps->res, ps->row, i)) ? NB_COL_INT : NB_COL_REAL;
    default:
        return NB_COL_TEXT;
    }
}

static const char *pg_column_text(nb_stmt *st, int i)
{
    pg_stmt *ps = (pg_stmt *)st;
    return current_is_null(ps, i) ? NULL : PQgetvalue(ps->res, ps->row, i);
}

static gint64 pg_column_int64(nb_stmt *st, int i)
{
    const char *t = pg_column_text(st, i);
    if (!t)
        return 0;
    if (!strcmp(t, "t") || !strcmp(t, "f"))
        return *t == 't';
    return is_whole(t) ? g_ascii_strtoll(t, NULL, 10) : (gint64)g_ascii_strtod(t, NULL);
}

static double pg_column_double(nb_stmt *st, int i)
{
    const char *t = pg_column_text(st, i);
    return t ? g_ascii_strtod(t, NULL) : 0.0;
}

static void pg_free_stmt(nb_stmt *st)
{
    pg_stmt *ps = (pg_stmt *)st;
    PQclear(ps->res);
    for (int i = 0; i < ps->nparams; i++)
        g_free(ps->params[i]);
    g_free(ps->params);
    g_free(ps);
}

static const nb_conn_ops k_pg_ops = {
    pg_close, pg_exec, pg_prepare, pg_bind, pg_step, pg_reset, pg_columns, pg_column_name,
    pg_column_type, pg_column_text, pg_column_int64, pg_column_double, pg_free_stmt};

gboolean nb_pg_uri_has_password(const char *uri)
{
    char *err = NULL;
    if (!nb_pq_load(NULL)) /* nb_pg_open says why, for the same target */
        return FALSE;
    PQconninfoOption *opts = PQconninfoParse(uri, &err);
    gboolean has = FALSE;
    for (PQconninfoOption *o = opts; o && o->keyword; o++)
        has |= !strcmp(o->keyword, "password") && o->val && *o->val;
    PQconninfoFree(opts);
    PQfreemem(err);
    return has;
}

nb_conn *nb_pg_open(const char *uri, gboolean readonly, GError **error)
{
    char *why = NULL;
    if (!nb_pq_load(&why)) {
        g_set_error(error, NB_DB_ERROR, NB_DB_ERR_REFUSED,
                    "%s (PostgreSQL targets need libpq: install libpq5)", why);
        g_free(why);
        return NULL;
    }
    PGconn *pg = PQconnectdb(uri);
    if (PQstatus(pg) != CONNECTION_OK) {
        set_pg_error(error, PQerrorMessage(pg));
        PQfinish(pg);
        return NULL;
    }
    PQsetNoticeProcessor(pg, ignore_notice, NULL);
    pg_conn *c = g_new0(pg_conn, 1);
    c->base.ops = &k_pg_ops;
    c->base.dialect = NB_SQL_POSTGRES;
    c->base.readonly = readonly;
    c->pg = pg;
    c->prepared = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    /* JIT would compile documents_wide's hundreds of subqueries for
     * seconds before running them in milliseconds */
    /* synchronous_commit off: the durability of SQLite's WAL with
     * synchronous=NORMAL — a server crash may lose the last commits, never
     * half a document, and the batch's resume converts them again */
    if (PQsetClientEncoding(pg, "UTF8") != 0 ||
        !pg_exec(&c->base, "SET jit = off; SET synchronous_commit = off", error) ||
        (readonly && !pg_exec(&c->base, "SET default_transaction_read_only = on", error))) {
        if (error && !*error)
            set_pg_error(error, PQerrorMessage(pg));
        pg_close(&c->base);
        return NULL;
    }
    return &c->base;
}

#else /* no libpq */

gboolean nb_pg_uri_has_password(const char *uri)
{
    (void)uri;
    return FALSE;
}

nb_conn *nb_pg_open(const char *uri, gboolean readonly, GError **error)
{
    (void)uri, (void)readonly;
    g_set_error(error, NB_DB_ERROR, NB_DB_ERR_REFUSED,
                "this nianbao was built without PostgreSQL support (libpq): install libpq-dev "
                "(Debian) and rebuild, or write to an SQLite file");
    return NULL;
}

#endif
