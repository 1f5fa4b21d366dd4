/*
 * review_run.h — `nianbao review`: the review page of one file, or the index
 * and one page per document of a batch database (docs/review.md).
 *
 * Owns the steps between a source (or a database) and the pages: reading
 * and converting (with corrections when given), rendering the page images,
 * writing each page to a temporary file renamed into place.
 */
#ifndef NB_REVIEW_RUN_H
#define NB_REVIEW_RUN_H

#include "cmd/driver/corrections.h"
#include "extract/reader.h"

#include <glib.h>

/* Converts `file` (with `corr` applied, optional) and writes its review page
 * to `out`.  Returns FALSE with `err` set (the reader's error class, or
 * NB_ERR_IO when `out` cannot be written). */
gboolean nb_review_file(const char *file, const char *out, const nb_corrections *corr,
                        const nb_limits *lim, nb_error *err);

/* Writes `dir`/index.html listing every document of the batch database `db`
 * and one page per converted document (`dir`/doc-<sha256 prefix>.html), the
 * record taken from the database and the pages from the source file when it
 * is still at its path with the same SHA-256 (copies of one file share one
 * page).  Sets *pages (optional, always initialised) to the number of
 * documents linked to a page.  Returns FALSE with
 * `err` set when the database cannot be read or `dir` written. */
gboolean nb_review_db(const char *db, const char *dir, const nb_limits *lim, int *pages,
                      nb_error *err);

/* TRUE when the file at `path` is an SQLite database (by its header). */
gboolean nb_review_is_database(const char *path);

#endif
