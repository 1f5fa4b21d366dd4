/*
 * db_backend.h — what a database backend implements for db_conn.c (private
 * to cmd/batch: the rest of the project sees db_conn.h only).
 *
 * Owns: the operations table.  A backend's connection and statement structs
 * start with nb_conn / nb_stmt (below), so that db_conn.c can dispatch on
 * ops; each backend frees what it allocated in its close / free_stmt.
 */
#ifndef NB_DB_BACKEND_H
#define NB_DB_BACKEND_H

#include "cmd/batch/db_conn.h"

typedef struct {
    void (*close)(nb_conn *c);
    gboolean (*exec)(nb_conn *c, const char *sql, GError **error);
    nb_stmt *(*prepare)(nb_conn *c, const char *sql, GError **error);
    /* type NB_COL_NULL/INT/REAL/TEXT with the matching value */
    void (*bind)(nb_stmt *st, int i, nb_col_type type, gint64 n, double x, const char *s);
    nb_step (*step)(nb_stmt *st, GError **error);
    void (*reset)(nb_stmt *st);
    int (*columns)(nb_stmt *st);
    const char *(*column_name)(nb_stmt *st, int i);
    nb_col_type (*column_type)(nb_stmt *st, int i);
    const char *(*column_text)(nb_stmt *st, int i);
    gint64 (*column_int64)(nb_stmt *st, int i);
    double (*column_double)(nb_stmt *st, int i);
    void (*free_stmt)(nb_stmt *st);
} nb_conn_ops;

struct nb_conn {
    const nb_conn_ops *ops;
    nb_sql_dialect dialect;
    gboolean readonly;
};

struct nb_stmt {
    nb_conn *conn;
};

/* The backends' constructors (db_sqlite.c, db_pg.c): NULL with *error set
 * on failure. */
nb_conn *nb_sqlite_open(const char *path, gboolean readonly, GError **error);
nb_conn *nb_pg_open(const char *uri, gboolean readonly, GError **error);

/* Whether the libpq URI carries a password (db_pg.c; FALSE without libpq). */
gboolean nb_pg_uri_has_password(const char *uri);

#endif
