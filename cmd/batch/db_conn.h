/*
 * db_conn.h — one SQL connection for the batch database, whatever holds it:
 * an SQLite file or a PostgreSQL server (libpq), chosen by the target's
 * spelling.
 *
 * Owns: the connection (nb_conn) and the statements prepared on it
 * (nb_stmt).  db.c writes its SQL once, with numbered placeholders ?1, ?2…
 * (PostgreSQL's $1, $2… are substituted here), and reads typed columns the
 * same way from both.  nb_conn_close frees the connection; each nb_stmt is
 * freed with nb_stmt_free before its connection is closed.
 *
 * A target is PostgreSQL when it starts with postgresql:// or postgres://
 * (a libpq URI); anything else is an SQLite file name.  A URI that carries a
 * password is refused: the password would be on the command line, in `ps`
 * and in shell histories; libpq reads it from PGPASSWORD or ~/.pgpass.  A
 * build without libpq (see docs/batch.md) refuses PostgreSQL targets at run
 * time with a message saying so.
 */
#ifndef NB_DB_CONN_H
#define NB_DB_CONN_H

#include "cmd/batch/db_schema.h"

#include <glib.h>
#include <sqlite3.h>

typedef struct nb_conn nb_conn;
typedef struct nb_stmt nb_stmt;

typedef enum { NB_COL_NULL = 0, NB_COL_INT, NB_COL_REAL, NB_COL_TEXT } nb_col_type;
typedef enum { NB_STEP_ERROR = -1, NB_STEP_DONE = 0, NB_STEP_ROW = 1 } nb_step;

/* Error codes of NB_DB_ERROR (the domain db.c uses too). */
#define NB_DB_ERROR (nb_db_error_quark())
GQuark nb_db_error_quark(void);
enum { NB_DB_ERR_SQL = 1, NB_DB_ERR_FORMAT = 2, NB_DB_ERR_MISSING = 3, NB_DB_ERR_REFUSED = 4 };

/* Whether `target` names a PostgreSQL database (postgresql:// or
 * postgres://). */
gboolean nb_conn_is_postgres(const char *target);

/* `target` as it may be printed: a URI's password, if any, replaced by
 * "***" (it is refused anyway, but not echoed).  New string. */
char *nb_conn_display_name(const char *target);

/* Whether `target` may be used: FALSE with *error set (NB_DB_ERR_REFUSED)
 * for a URI that carries a password.  Commands call it on their command
 * line before anything else, so that no later message echoes the URI. */
gboolean nb_conn_check_target(const char *target, GError **error);

/* Opens `target` (checked as by nb_conn_check_target).  SQLite: the file is created when `readonly` is FALSE and
 * it is missing; a read-only open of a missing file fails with
 * NB_DB_ERR_MISSING.  PostgreSQL: connects (the database must exist) and,
 * when `readonly`, makes every transaction read-only.  Returns NULL with
 * *error set (NB_DB_ERR_REFUSED for a password in the URI or a build
 * without libpq, NB_DB_ERR_SQL for a failed connection). */
nb_conn *nb_conn_open(const char *target, gboolean readonly, GError **error);

/* Closes the connection.  NULL is accepted. */
void nb_conn_close(nb_conn *c);

nb_sql_dialect nb_conn_dialect(const nb_conn *c);
gboolean nb_conn_readonly(const nb_conn *c);

/* The SQLite handle, or NULL on PostgreSQL (for the SQLite-only ATTACH of
 * merge and for readers written against SQLite).  Owned by c. */
sqlite3 *nb_conn_sqlite(nb_conn *c);

/* Runs one or more ';'-separated statements without parameters.  Returns
 * FALSE with *error set on failure. */
gboolean nb_conn_exec(nb_conn *c, const char *sql, GError **error);

/* A write transaction: SQLite's BEGIN IMMEDIATE (the file's write lock is
 * taken at once, so that two writers queue instead of deadlocking), a plain
 * BEGIN on PostgreSQL (rows are locked as they are written; nb_conn_lock
 * serialises what the rows alone do not). */
gboolean nb_conn_begin(nb_conn *c, GError **error);
gboolean nb_conn_commit(nb_conn *c, GError **error);
/* Rolls back the open transaction, if any; errors are ignored. */
void nb_conn_rollback(nb_conn *c);

/* Inside a transaction, waits for and takes the lock named `name` until the
 * transaction ends (PostgreSQL: pg_advisory_xact_lock on a hash of the
 * name).  On SQLite the transaction holds the whole file already: nothing
 * to do.  Returns FALSE with *error set when the server fails. */
gboolean nb_conn_lock(nb_conn *c, const char *name, GError **error);

/* Whether a table or view called `name` exists (in the current schema on
 * PostgreSQL). */
gboolean nb_conn_has_relation(nb_conn *c, const char *name);

/* Whether the database holds any table at all (in the current schema). */
gboolean nb_conn_has_tables(nb_conn *c);

/* Prepares one statement with placeholders ?1..?N.  Returns NULL with
 * *error set when the SQL is refused.  Free with nb_stmt_free. */
nb_stmt *nb_stmt_new(nb_conn *c, const char *sql, GError **error);

/* Binds parameter i (1-based).  Text is copied; NULL text binds NULL.
 * Bindings stay until changed, across nb_stmt_reset. */
void nb_stmt_bind_text(nb_stmt *st, int i, const char *s);
void nb_stmt_bind_int64(nb_stmt *st, int i, gint64 v);
void nb_stmt_bind_double(nb_stmt *st, int i, double v);
void nb_stmt_bind_null(nb_stmt *st, int i);

/* Runs the statement (first call) or moves to its next row.  NB_STEP_ROW
 * while a row is current, NB_STEP_DONE after the last, NB_STEP_ERROR with
 * *error set on failure. */
nb_step nb_stmt_step(nb_stmt *st, GError **error);

/* Makes the statement ready to run again (bindings are kept). */
void nb_stmt_reset(nb_stmt *st);

/* The current row's columns (valid after NB_STEP_ROW).  Integers of a
 * NUMERIC column read as NB_COL_INT, fractions as NB_COL_REAL, so that both
 * databases give the same types.  Text is owned by st, valid until the next
 * step. */
int nb_stmt_columns(nb_stmt *st);
const char *nb_stmt_column_name(nb_stmt *st, int i);
nb_col_type nb_stmt_column_type(nb_stmt *st, int i);
gint64 nb_stmt_column_int64(nb_stmt *st, int i);
double nb_stmt_column_double(nb_stmt *st, int i);
const char *nb_stmt_column_text(nb_stmt *st, int i);

/* NULL is accepted. */
void nb_stmt_free(nb_stmt *st);

/* Runs `sql` with the NULL-terminated text parameters ?1.. and discards
 * any rows. */
gboolean nb_conn_exec_bound(nb_conn *c, const char *sql, GError **error, ...)
    G_GNUC_NULL_TERMINATED;

/* The first column of the first row of `sql` (parameters as above), as a
 * new string, or NULL when there is no row or it is NULL. */
char *nb_conn_query_text(nb_conn *c, const char *sql, ...) G_GNUC_NULL_TERMINATED;

/* ---- many rows in few statements ---------------------------------------- */

/* Rows for one INSERT, sent NB_ROWS_CHUNK at a time as one multi-row
 * statement: a document's hundreds of values cost a few round trips to a
 * server instead of hundreds.  Values are copied when added. */
typedef struct nb_rows nb_rows;
#define NB_ROWS_CHUNK 32

/* `head` is "INSERT INTO table(col, ...)" with `ncols` columns. */
nb_rows *nb_rows_new(nb_conn *c, const char *head, int ncols);

/* The next value of the current row (NULL text is SQL NULL). */
void nb_rows_text(nb_rows *r, const char *s);
void nb_rows_int64(nb_rows *r, gint64 v);
void nb_rows_double(nb_rows *r, double v);
void nb_rows_null(nb_rows *r);

/* Ends the current row (which must have ncols values); sends the pending
 * rows when NB_ROWS_CHUNK are waiting.  FALSE with *error set on failure. */
gboolean nb_rows_end_row(nb_rows *r, GError **error);

/* Sends the rows still waiting.  FALSE with *error set on failure. */
gboolean nb_rows_flush(nb_rows *r, GError **error);

/* Frees r; rows not flushed are dropped.  NULL is accepted. */
void nb_rows_free(nb_rows *r);

/* SQL quoting of an identifier ("…") and of a text literal ('…'), the same
 * in both dialects.  New strings. */
char *nb_sql_quote_ident(const char *s);
char *nb_sql_quote_text(const char *s);

#endif
