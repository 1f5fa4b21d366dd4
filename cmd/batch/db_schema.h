/*
 * db_schema.h — the one definition of the batch database's tables and fixed
 * views, for every SQL dialect the batch writes.
 *
 * Owns: the DDL text.  It is written once, in SQL that SQLite and PostgreSQL
 * both accept, with four placeholders that the dialect fills in:
 *   @ID@       the documents key (INTEGER PRIMARY KEY / BIGINT identity)
 *   @NUMBER@   a value column: counts stored as integers, money as decimals
 *              (no declared type in SQLite, which then keeps what is bound;
 *              NUMERIC in PostgreSQL)
 *   @REAL@     a floating-point column (REAL / DOUBLE PRECISION)
 *   @NOROWID@  SQLite's WITHOUT ROWID (nothing in PostgreSQL)
 * The per-key wide view (documents_wide) depends on the keys present and is
 * built by db.c; everything else is here.  Strings returned are new (g_free).
 */
#ifndef NB_DB_SCHEMA_H
#define NB_DB_SCHEMA_H

#include <glib.h>

/* Bumped when the tables change; db.c migrates the formats it knows. */
#define NB_DB_FORMAT "2"

typedef enum { NB_SQL_SQLITE, NB_SQL_POSTGRES } nb_sql_dialect;

/* CREATE TABLE / CREATE INDEX statements (IF NOT EXISTS), in dependency
 * order, separated by ';'. */
char *nb_db_schema_tables(nb_sql_dialect d);

/* DROP VIEW IF EXISTS + CREATE VIEW statements of the fixed views
 * (fields_long, warnings_long, failures, skipped, check_failures, reports,
 * rule5_pairs, rule5_failures). */
char *nb_db_schema_views(nb_sql_dialect d);

/* The column list of documents that merge copies (every column but id). */
extern const char *const nb_db_document_columns;
/* 1-based positions of status and duplicate_of in nb_db_document_columns */
#define NB_DB_STATUS_COLUMN 10
#define NB_DB_DUPLICATE_OF_COLUMN 16

/* The tables that hang off documents (by document_id) and the columns merge
 * copies of each (every column but document_id). */
extern const char *const nb_db_child_tables[4][2];

#endif
