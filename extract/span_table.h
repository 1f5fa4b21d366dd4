/*
 * span_table.h — a table being rebuilt from a word processor's cells.
 *
 * Owns: nb_span_table, the cells of one table as Word stores them (each
 * cell at its grid row and column, spanning columns, and marked as starting
 * or continuing a vertical merge) and the vertical merges still open, so
 * that a continuation cell extends the anchor above it instead of making a
 * cell of its own.  Used by the DOCX reader (w:gridSpan / w:vMerge) and the
 * Word 97 reader (cell boundaries / TC merge flags).  Opaque: _new and
 * NULL-safe _free; the grid it gives is new (nb_grid_free).
 */
#ifndef NB_SPAN_TABLE_H
#define NB_SPAN_TABLE_H

#include "layout/model/grid.h"

#include <glib.h>

/* The widest table kept: columns past it are dropped. */
#define NB_SPAN_MAX_COLS 256

typedef enum {
    NB_VMERGE_NONE = 0,  /* a cell of its own */
    NB_VMERGE_RESTART,   /* the first cell of a vertical merge */
    NB_VMERGE_CONTINUE   /* a cell covered by the merge above */
} nb_vmerge;

typedef struct nb_span_table nb_span_table;

nb_span_table *nb_span_table_new(void);
void nb_span_table_free(nb_span_table *t);

/* Adds the cell at (row, col) spanning `colspan` columns (clamped to the
 * table's width).  A continuation whose column holds an open merge of the
 * same width extends that anchor's rowspan down to `row` (its text is taken
 * only when the anchor has none) and adds no cell; otherwise the cell is an
 * anchor with a copy of `text` and `prov`.  Returns the grid positions the
 * new anchor takes (0 for a continuation). */
int nb_span_table_add(nb_span_table *t, int row, int col, int colspan, nb_vmerge vm,
                      const char *text, const nb_prov *prov);

/* True when a vertical merge is open in some column. */
gboolean nb_span_table_merge_open(const nb_span_table *t);

/* Number of anchor cells added. */
guint nb_span_table_cells(const nb_span_table *t);

/* The grid of the cells (NULL when there is none), named `name`. */
nb_grid *nb_span_table_grid(const nb_span_table *t, const char *name);

/* Appends paragraph text `part` to a cell's text: nothing between single
 * characters (a vertical label typed one character per paragraph), a space
 * otherwise.  *last_chars holds the characters of the last part joined. */
void nb_span_join(GString *text, glong *last_chars, const char *part);

#endif
