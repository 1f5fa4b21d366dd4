/*
 * grid_out.h — writing rebuilt grids (the schema-free `tables` output).
 *
 * Owns nothing: writes the grids of a document to a FILE* as TSV, CSV or
 * JSON.  Covered cells of a span repeat the anchor's text in TSV/CSV (so
 * every row is complete); JSON lists anchors with their spans.
 */
#ifndef NB_GRID_OUT_H
#define NB_GRID_OUT_H

#include "layout/model/doc.h"

#include <stdio.h>

typedef enum { NB_GRID_TSV, NB_GRID_CSV, NB_GRID_JSON } nb_grid_format;

/* Writes one CSV field (RFC 4180): quoted when it holds a comma, quote or
 * line break, or starts or ends with a space; quotes doubled inside. */
void nb_csv_write_field(FILE *out, const char *s);

/* Parses "tsv", "csv" or "json"; returns FALSE for anything else. */
gboolean nb_grid_format_parse(const char *s, nb_grid_format *out);

/* Writes every grid of `doc`.  TSV/CSV separate grids by an empty line
 * preceded by a "# <name>" comment line; JSON writes one array of tables.
 * With `provenance`, JSON cells carry page/line/box. */
void nb_grids_write(FILE *out, const nb_doc *doc, nb_grid_format fmt, gboolean provenance);

/* Writes `g` as one rectangular CSV table with exactly one header row, for
 * readers that take the first line as column names (pandas, R, a database
 * import).  The header rows of the grid are its leading rows that hold no
 * number; each column's name joins their texts top down with " / " (a text
 * a span repeats is named once); a column with no header text is named
 * "column N".  A grid whose first row holds numbers has only such names; a
 * grid with no number at all takes its first row as header.  The other
 * rows follow, every cell of a span repeating the anchor's text. */
void nb_grid_write_csv_table(FILE *out, const nb_grid *g);

/* The 1-based pages the cells of `g` were read from, as a set of
 * GINT_TO_POINTER(page) (g_hash_table_destroy); empty for unpaged input. */
GHashTable *nb_grid_pages(const nb_grid *g);

#endif
