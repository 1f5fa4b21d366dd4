/*
 * db.h — the batch database (SQLite): one file holds the results of a run.
 *
 * Owns: the tables and views of a batch database and every write to it.
 *
 *   documents  one row per input file: path, relpath, sha256, size, format,
 *              template, agency, agency_key (agency through nb_norm_squash),
 *              year, status ('ok' | 'failed'), error_class, error,
 *              n_values, n_checks, n_warnings, tool_version, seconds,
 *              converted_at
 *   fields     one row per value: document_id, key (dotted path), value, raw,
 *              page, line, x0, y0, x1, y1 (box), confidence, origin, flagged
 *   checks     one row per failed consistency rule (rules 1-4): document_id,
 *              seq, rule, expected, found, message, paths (JSON array)
 *   warnings   one row per warning: document_id, seq, path, message
 *   sections   one row per text section: document_id, key, text
 *
 *   documents_wide  one row per document, one column per template key
 *                   ("applications.granted.total", ...) and section
 *   fields_long     fields joined with their document's path, agency, year
 *   failures        documents that failed, with their error
 *   check_failures  checks joined with their document
 *   rule5_pairs     every cross-year comparison (spec rule 5): the same agency
 *                   (by agency_key) in years N-1 and N, per applicant column,
 *                   last year's carried_forward against this year's carried_over
 *   rule5_failures  the rule5_pairs that differ
 *
 * Every document is written in one transaction (WAL mode), so a crash or a
 * kill loses at most the documents being converted.  The connection is owned
 * by nb_db; nb_db_close releases it.
 */
#ifndef NB_DB_H
#define NB_DB_H

#include "cmd/batch/batch_worker.h"

#include <glib.h>
#include <sqlite3.h>
#include <stdio.h>

typedef struct nb_db nb_db;

/* Opens (creating when needed) the batch database at `path`, creates its
 * tables and views, and turns on WAL mode.  Returns NULL with *error set when
 * the file cannot be opened or is not a batch database. */
nb_db *nb_db_open(const char *path, GError **error);

/* Opens an existing batch database for reading only (export): creates and
 * changes nothing.  Returns NULL with *error set when the file is missing or
 * is not a batch database. */
nb_db *nb_db_open_readonly(const char *path, GError **error);

/* Closes the database (checkpointing the WAL).  NULL is accepted. */
void nb_db_close(nb_db *db);

/* The underlying connection, for queries of the tables and views described
 * above (export, tests).  Owned by db: never close it. */
sqlite3 *nb_db_handle(nb_db *db);

/* What the database knows about an input file. */
typedef enum {
    NB_DB_ABSENT = 0, /* never converted, or converted from other bytes or by another version */
    NB_DB_DONE_OK,    /* converted from these bytes by this version */
    NB_DB_DONE_FAILED /* failed on these bytes with this version */
} nb_db_state;

/* Looks up `path`: NB_DB_DONE_* only when its row has the same sha256 and
 * tool version. */
nb_db_state nb_db_lookup(nb_db *db, const char *path, const char *sha256, const char *version);

/* One input file as the batch saw it. */
typedef struct {
    const char *path, *relpath, *sha256;
    gint64 size;
    const char *kind;         /* sniffed kind, used as format when conversion failed */
    const char *tool_version;
} nb_db_doc;

/* Replaces the rows of `doc->path` by the result `res` (values, checks,
 * warnings and sections of its record, or its error), in one transaction.
 * Returns FALSE with *error set when SQLite fails (the database is unchanged). */
gboolean nb_db_put(nb_db *db, const nb_db_doc *doc, const nb_job_result *res, GError **error);

/* Recreates documents_wide so that it has one column per key of the
 * templates plus any other key present in the fields table. */
gboolean nb_db_refresh_views(nb_db *db, GError **error);

/* The SELECT that documents_wide stands for, computed from the database as it
 * is now (so a read-only reader need not create the view).  New string. */
char *nb_db_wide_query(nb_db *db);

/* Rule-5 summary: agencies seen in consecutive years, year pairs compared and
 * pairs with at least one failing column (all optional, always initialised). */
void nb_db_rule5_counts(nb_db *db, int *agencies, int *pairs, int *failing_pairs);

/* Writes the rule-5 report on `out`: one line per failing pair of years
 * (agency, years, differing columns; at most `max_lines`, then a count of the
 * rest), then one summary line.  Used by batch and merge alike. */
void nb_db_rule5_report(nb_db *db, FILE *out, int max_lines);

/* Copies every document of the batch database `other` into db, with its
 * values, checks, warnings and sections, in one transaction.  A path present
 * in both keeps db's row unless db's failed and other's did not.  Sets
 * *copied (optional, always initialised) to the number of documents taken.
 * Returns FALSE with *error set on failure (db unchanged). */
gboolean nb_db_merge_from(nb_db *db, const char *other, int *copied, GError **error);

#endif
