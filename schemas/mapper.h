/*
 * mapper.h — aligning rebuilt grids to a template and reading the numbers.
 *
 * Owns nothing: reads an nb_doc's grids and writes values and warnings into
 * an nb_record.  Rows are matched by their position in the template plus a
 * tolerant label match (NFKC, widths, spaces, numbering, a wrong or dropped
 * character, labels split over cells); values are read from a row's cells in
 * order against the template's columns, never by expanded column index.
 */
#ifndef NB_MAPPER_H
#define NB_MAPPER_H

#include "layout/model/doc.h"
#include "schemas/record.h"
#include "schemas/schema.h"

/* Returns the template whose layout the document's tables (and, failing
 * that, its text) follow best, or NULL when no template table is there.
 * *score (optional, always set) receives the evidence count. */
const nb_schema *nb_mapper_detect(const nb_doc *doc, const nb_schema_set *set, int *score);

/* The template of a page that shows only template tables and none of the
 * words only one template prints (the tail of section 三 and section 四 on
 * one page): the template whose table markers the grids print most (the
 * text flow when the grids print none: glued text not yet split).  When
 * templates tie, the page cannot tell them apart: returns the template in
 * force (the schema file's `in_force`) and sets *undecided (optional,
 * always set), for a warning on the path `template`.  NULL when the grids
 * print no table marker. */
const nb_schema *nb_mapper_detect_by_tables(const nb_doc *doc, const nb_schema_set *set,
                                            gboolean *undecided);

/* Maps the document's grids into `r` following `s`: sets values, adds a
 * warning for each unreadable value and for each table or required row not
 * found.  Returns the number of template tables found. */
int nb_mapper_map(const nb_doc *doc, const nb_schema *s, nb_record *r);

/* Reads one cell's text as the value of `row`'s column: applies the blank→0
 * rule and the row's unit.  Returns FALSE (and leaves *value alone) when
 * the text is not a number; *why (optional, always set) says why. */
gboolean nb_mapper_read_value(const nb_schema_row *row, const char *text, double *value,
                              const char **why);

/* Similarity in [0,1] of a row's printed label cells to a schema row. */
double nb_mapper_label_score(const nb_schema_row *row, const char *const *cells, int ncells);

/* A row's printed label cells made ready once for comparison with many
 * schema rows: the candidates nb_mapper_label_score tries (the last cell,
 * the last two joined, all joined), each normalised and decoded.  `cells`
 * is copied from.  Free with nb_label_cands_free (NULL-safe). */
typedef struct nb_label_cands nb_label_cands;
nb_label_cands *nb_label_cands_new(const char *const *cells, int ncells);
void nb_label_cands_free(nb_label_cands *lc);

/* nb_mapper_label_score on prepared cells: the same score, without
 * normalising the cells again.  NULL `lc` scores 0. */
double nb_label_cands_score(const nb_schema_row *row, const nb_label_cands *lc);

#endif
