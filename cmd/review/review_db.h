/*
 * review_db.h — what the review pages read from a batch database.
 *
 * Owns: nb_review_doc (one document as the index lists it) and the records
 * rebuilt from the database's rows.  Every query of the batch tables
 * (docs/batch.md) is in this file's few small functions, so that a change of
 * the database's tables touches only them.  Everything returned is new and
 * owned by the caller.
 */
#ifndef NB_REVIEW_DB_H
#define NB_REVIEW_DB_H

#include "schemas/record.h"

#include <glib.h>
#include <sqlite3.h>

typedef struct {
    gint64 id;
    char *path, *relpath, *sha256, *format, *template_name, *agency, *status, *error;
    int year;          /* 0 when unknown */
    int n_values, n_checks, n_warnings;
    int n_flagged;     /* values flagged (fields.flagged) */
} nb_review_doc;

/* The documents of the batch database `h`, ordered by relative path.  Returns
 * a new array of nb_review_doc* (freeing it frees them), or NULL with *error
 * set when the query fails. */
GPtrArray *nb_review_db_documents(sqlite3 *h, GError **error);

/* The record of document `d` rebuilt from its rows: template, agency, year,
 * values with provenance, checks and warnings.  Returns a new record, or NULL
 * with *error set when a query fails. */
nb_record *nb_review_db_record(sqlite3 *h, const nb_review_doc *d, GError **error);

#endif
