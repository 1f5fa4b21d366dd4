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

#endif
