/*
 * html_table.h — HTML <table> elements as nb_grids.
 *
 * Owns: telling data tables from layout tables, and expanding a data
 * table's rows and cells, with their rowspan/colspan, into a grid the way a
 * browser lays them out (nb_grid_append: the anchor is recorded once with
 * its span, the positions it covers point back at it).  Every cell keeps
 * its provenance: origin html and the source line of its <td>/<th>.
 * The grid returned is new and owned by the caller (nb_grid_free).
 */
#ifndef NB_HTML_TABLE_H
#define NB_HTML_TABLE_H

#include "layout/model/grid.h"
#include "extract/html_dom.h"

#include <glib.h>

/* True when `table` only arranges other content: one of its own cells holds
 * another table or more than 150 characters of text (a page column with the
 * article in it), or no row has more than one cell (a box around text).
 * Such a table is not a data grid; its cells are read as text flow. */
gboolean nb_html_table_is_layout(const xmlNode *table);

/* Counts the cells of data table `table`'s own rows: *numbers (optional,
 * always set) those holding one number, *blanks (optional, always set)
 * those with no visible text; returns whether the table holds a link (a
 * list of pages, not a report table). */
gboolean nb_html_table_census(const xmlNode *table, int *numbers, int *blanks);

/* True when `td` holds one number and nothing else. */
gboolean nb_html_is_number_cell(const xmlNode *td);

/* Builds the grid of data table `table`: its own rows (in <thead>, <tbody>,
 * <tfoot> or directly under it, not those of nested tables) in document
 * order, each cell's text collapsed as a browser shows it (paragraphs and
 * <br> inside a cell become single spaces).  Spans are clamped the way
 * browsers clamp them (rowspan to the rows left in the table, colspan to
 * 1000).  Returns NULL when the table has no cell, or when it is refused:
 * its cells would fill more than `max_positions` grid positions once
 * expanded, or it would be wider than 256 columns.  *positions (optional,
 * always set) receives the positions counted, so that a caller can keep a
 * budget over all the tables of a page; *why (optional, always set) says
 * why a table was refused (static string), NULL otherwise. */
nb_grid *nb_html_table_grid(const xmlNode *table, gint64 max_positions, gint64 *positions,
                            const char **why);

#endif
