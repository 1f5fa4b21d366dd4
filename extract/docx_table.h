/*
 * docx_table.h — WordprocessingML tables (w:tbl) as grids.
 *
 * Owns: nb_docx_table, one table being rebuilt: each w:tc an anchor cell
 * spanning its w:gridSpan columns (after the row's w:gridBefore), a
 * w:vMerge continuation cell extending the anchor above it, provenance per
 * cell (origin docx, line = the cell's first paragraph, cell = [w:tbl index,
 * w:tr index, grid column]).  A table Word split over a page (two w:tbl with
 * the same grid, the second repeating the header rows marked w:tblHeader, or
 * opening with a vMerge continuation of a label cut by the split) is read as
 * one: the repeated header rows are dropped and a cut merged label keeps
 * one anchor.
 *
 * The paragraph counter is shared with the body walk (Word provenance counts
 * every paragraph of the document, in order) and list numbering advances
 * over table paragraphs too.  nb_docx_table is opaque (_new / NULL-safe
 * _free); the grid it gives is new (nb_grid_free).
 */
#ifndef NB_DOCX_TABLE_H
#define NB_DOCX_TABLE_H

#include "extract/docx_xml.h"
#include "layout/model/grid.h"

#include <glib.h>
#include <libxml/tree.h>

typedef struct nb_docx_table nb_docx_table;

/* What the reader shares with the table builder. */
typedef struct {
    nb_docx_num *num; /* list numbering (may be NULL) */
    int *para;        /* paragraphs seen so far; advanced for each w:p read */
    gint64 *positions;/* grid positions used so far over the document; advanced */
} nb_docx_walk;

/* Starts a table with w:tbl `tbl` (its index among the document's w:tbl is
 * `index`). */
nb_docx_table *nb_docx_table_new(const xmlNode *tbl, int index, nb_docx_walk *walk);

/* True when w:tbl `tbl` continues `t` over a page break (see above): same
 * number of grid columns, and it repeats t's header rows or opens with a
 * vertical merge continued from t. */
gboolean nb_docx_table_continues(const nb_docx_table *t, const xmlNode *tbl);

/* Appends the rows of w:tbl `tbl` (index `index`) to `t`, dropping the rows
 * that repeat t's header. */
void nb_docx_table_add(nb_docx_table *t, const xmlNode *tbl, int index, nb_docx_walk *walk);

/* The grid of the table (NULL when it has no cell); named "table N". */
nb_grid *nb_docx_table_grid(const nb_docx_table *t);

void nb_docx_table_free(nb_docx_table *t);

/* The text of a paragraph with the list numbering it shows in front, counted
 * in `walk` (the paragraph counter and the numbering advance).  New string. */
char *nb_docx_walk_para(nb_docx_walk *walk, const xmlNode *p);

#endif
