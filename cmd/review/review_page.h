/*
 * review_page.h — the review page of one report: a self-contained HTML file.
 *
 * Owns nothing: writes one HTML page (CSS and script inline, page images
 * embedded as data: URIs, nothing fetched) that shows each page with the
 * rebuilt grids and a box on every value, the record as a table with the
 * template's Chinese labels, the flagged values with their raw text,
 * confidence and the rule that doubts them, the failed checks with their
 * cells, and inputs to type corrections that the page offers to save as a
 * corrections file (docs/corrections.md).  Every text taken from the document
 * is escaped.  The DOM contract the tests rely on is in docs/review.md.
 */
#ifndef NB_REVIEW_PAGE_H
#define NB_REVIEW_PAGE_H

#include "layout/model/doc.h"
#include "schemas/record.h"

#include <glib.h>
#include <stdio.h>

typedef struct {
    const char *source_name;    /* the file name shown and used for the saved file */
    const char *sha256;         /* hex SHA-256 of the source (corrections key) */
    const char *format;         /* the reader's format ("pdf-scan", ...), may be NULL */
    const nb_record *record;    /* required */
    const nb_doc *doc;          /* grids and text flow; NULL when not read again */
    GPtrArray *images;          /* nb_review_image* (review_images.h); NULL or empty
                                   for unpaged inputs */
    const char *index_href;     /* link back to a batch index, or NULL */
    const char *note;           /* a remark shown at the top (escaped), or NULL */
} nb_review_input;

/* Writes the review page of `in` to `out`.  Returns FALSE when writing
 * failed (errno tells why). */
gboolean nb_review_write_page(FILE *out, const nb_review_input *in);

#endif
