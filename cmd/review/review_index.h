/*
 * review_index.h — the index page of a batch database's review pages.
 *
 * Owns nothing: writes one self-contained HTML page listing the documents
 * (file, agency, year, template, format, status, values, flagged values,
 * failed checks, warnings), sortable by any column and filterable, each
 * converted document linked to its page.  Every text from the database is
 * escaped.
 */
#ifndef NB_REVIEW_INDEX_H
#define NB_REVIEW_INDEX_H

#include <glib.h>
#include <stdio.h>

/* Writes the index of `docs` (nb_review_doc*, review_db.h) to `out`;
 * `pages` maps a document (pointer) to its page's file name (no entry: no
 * page).  `title` names the database.  FALSE when writing failed. */
gboolean nb_review_write_index(FILE *out, const char *title, GPtrArray *docs, GHashTable *pages);

#endif
