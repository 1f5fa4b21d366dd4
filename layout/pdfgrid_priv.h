/*
 * pdfgrid_priv.h — helpers shared by the two table builders of pdfgrid
 * (ruled tables in pdfgrid.c, tables without rulings in pdfgrid_unruled.c).
 * Not part of the layout interface.
 */
#ifndef NB_PDFGRID_PRIV_H
#define NB_PDFGRID_PRIV_H

#include "layout/pdfgrid.h"

/* A new empty table of page `page` (no columns, no cells). */
nb_pdf_table *nb_pdf_table_new(int page);

/* A new cell holding the text of `glyphs` (nb_glyph*, any order) read line
 * by line; its provenance box is the glyphs' union, or `outline` when there
 * are none.  Row, column and spans are left 0 for the caller. */
nb_pdf_cell *nb_pdf_cell_from_glyphs(GPtrArray *glyphs, nb_box outline, int page);

/* Frees a cell (NULL-safe). */
void nb_pdf_cell_free(gpointer cell);

/* True when the text reads as a table number (not a blank marker). */
gboolean nb_pdf_text_is_number(const char *text);

#endif
