/*
 * db.h — the batch database: one SQLite file, or one PostgreSQL database
 * that shards on many machines write at once, holds the results of a run.
 *
 * Owns: every write to a batch database and its reading for export.  The
 * tables and fixed views are defined once in db_schema.h (documented in
 * docs/batch.md); this module adds the per-key views documents_wide (one row
 * per input, per value key its value and KEY:flagged) and reports_wide (the
 * same, one row per report: byte-identical copies and failures left out).
 *
 * Identity: an input is its content (sha256) plus its path relative to the
 * input root (relpath), so moving or remounting a tree adds no row; its
 * literal path is kept in `path`.  Byte-identical inputs under different
 * names are one report: every row but the first of a sha256 names the first
 * in duplicate_of.  A file being converted is claimed (table claims) so that
 * two batches on one database do not both convert it.
 *
 * Every document is written in one transaction (WAL mode), so a crash or a
 * kill loses at most the documents being converted.  The connection is owned
 * by nb_db; nb_db_close releases it.
 *
 * PostgreSQL (a target spelt postgresql://… or postgres://…, db_conn.h): the
 * same tables, views and SQL (db_schema.h); the identity is enforced by the
 * unique constraint on (relpath, sha256); creating or changing the schema
 * and the views happens under an advisory lock, so that shards starting or
 * ending together do not race; a claim and the writing of a document take
 * an advisory lock on its SHA-256, so that a claim sees what another shard
 * committed and byte-identical copies are marked once.
 */
#ifndef NB_DB_H
#define NB_DB_H

#include "cmd/batch/batch_worker.h"
#include "cmd/batch/db_conn.h"
#include "cmd/batch/db_schema.h"

#include <glib.h>
#include <sqlite3.h>
#include <stdio.h>

typedef struct nb_db nb_db;

/* Opens (creating when needed) the batch database `target` (a file, or a
 * PostgreSQL URI whose database exists), creates its tables and views (a
 * format 1 file is migrated in place), refreshes the data dictionary and,
 * for a file, turns on WAL mode.  Returns NULL with *error set when it
 * cannot be opened (a password in the URI is refused: NB_DB_ERR_REFUSED),
 * is not a batch database, or has a format this build does not know (the
 * message says which). */
nb_db *nb_db_open(const char *target, GError **error);

/* Opens an existing batch database for reading only (export): creates and
 * changes nothing.  Returns NULL with *error set when it is missing or is
 * not a batch database. */
nb_db *nb_db_open_readonly(const char *target, GError **error);

/* Closes the database (checkpointing the WAL).  NULL is accepted. */
void nb_db_close(nb_db *db);

/* The underlying connection, for queries of the tables and views described
 * above (export, tests).  Owned by db: never close it. */
nb_conn *nb_db_conn(nb_db *db);

/* The SQLite handle of a file database, NULL on PostgreSQL (for readers
 * written against SQLite: review, tests).  Owned by db. */
sqlite3 *nb_db_handle(nb_db *db);

/* What the database knows about an input file. */
typedef enum {
    NB_DB_ABSENT = 0, /* never converted, or converted from other bytes */
    NB_DB_DONE_OK,    /* converted (or skipped as not a report) from these bytes */
    NB_DB_DONE_FAILED /* failed on these bytes */
} nb_db_state;

/* Looks up the identity (relpath, sha256), whatever version converted it;
 * *version (optional, always initialised; g_free) receives that version. */
nb_db_state nb_db_lookup(nb_db *db, const char *relpath, const char *sha256, char **version);

/* Records that the identity (relpath, sha256) is now found at `path` (the
 * tree was moved or mounted elsewhere): no new row, the path is updated.
 * Returns FALSE with *error set when SQLite fails. */
gboolean nb_db_update_path(nb_db *db, const char *relpath, const char *sha256, const char *path,
                           GError **error);

/* "HOST:PID": the owner name of this process's claims.  New string. */
char *nb_db_owner_name(void);

/* Claims the identity for `owner` unless another batch that may still be
 * running claimed it (on this host: its process lives; elsewhere: its claim
 * is younger than `stale_s` seconds) or, when `expect_absent`, a document
 * holds it by now (another batch finished it).  *claimed tells which.
 * Returns FALSE with *error set when SQLite fails. */
gboolean nb_db_claim(nb_db *db, const char *relpath, const char *sha256, const char *owner,
                     gboolean expect_absent, gint64 stale_s, gboolean *claimed, GError **error);

/* Drops every claim of `owner` (an interrupted batch leaves its files free). */
void nb_db_release_claims(nb_db *db, const char *owner);

/* The status a result is stored with: "ok", "skipped" (not a report) or
 * "failed". */
const char *nb_db_status_of(const nb_job_result *res);

/* One input file as the batch saw it. */
typedef struct {
    const char *path, *relpath, *sha256;
    gint64 size;
    const char *kind;         /* sniffed kind, used as format when conversion failed */
    const char *tool_version;
} nb_db_doc;

/* Replaces the rows of the identity (doc->relpath, doc->sha256) — and those
 * of the same path and relpath with other bytes, a file edited in place — by
 * the result `res` (values, checks, warnings and sections of its record, or
 * its error), marks byte-identical copies and drops the claim, in one
 * transaction.  Values are INTEGER when whole, REAL for money.  Returns FALSE
 * with *error set when SQLite fails (the database is unchanged). */
gboolean nb_db_put(nb_db *db, const nb_db_doc *doc, const nb_job_result *res, GError **error);

/* Recreates documents_wide and reports_wide so that they have one column
 * per key of the templates plus any other key present in the fields table,
 * each followed by KEY:flagged (1 when a check or warning names the value). */
gboolean nb_db_refresh_views(nb_db *db, GError **error);

/* The SELECT that documents_wide stands for, computed from the database as it
 * is now (so a read-only reader need not create the view).  New string. */
char *nb_db_wide_query(nb_db *db);

/* Rule-5 summary: agencies seen in consecutive years, year pairs compared and
 * pairs with at least one failing column (all optional, always initialised). */
void nb_db_rule5_counts(nb_db *db, int *agencies, int *pairs, int *failing_pairs);

/* Writes the rule-5 summary line on `out` (the pairs are in the views
 * rule5_pairs and rule5_failures).  Used by batch and merge alike. */
void nb_db_rule5_report(nb_db *db, FILE *out);

/* Copies every document of the batch database `other` (a file or a
 * PostgreSQL URI) into db, with its values, checks, warnings and sections,
 * in one transaction.  An identity
 * (relpath, sha256) present in both keeps db's row unless db's did not
 * convert and other's did.  Sets
 * *copied (optional, always initialised) to the number of documents taken.
 * Returns FALSE with *error set on failure (db unchanged). */
gboolean nb_db_merge_from(nb_db *db, const char *other, int *copied, GError **error);

/* The suffix of the per-value flag columns of documents_wide. */
#define NB_DB_FLAGGED_SUFFIX ":flagged"

/* Compares two tool versions as stored ("0.1.0-412-gf39234c[-dirty]" or a
 * tag's "1.2.0"): by the dotted numbers, then by the commit count after
 * them.  Negative when a is older than b, 0 when neither is. */
int nb_version_compare(const char *a, const char *b);

#endif
