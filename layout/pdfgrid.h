/*
 * pdfgrid.h — tables of positioned text: cells from rulings (or from the
 * alignment of numbers when a table has none), text assigned to cells by
 * geometry, tables continued over a page break stitched into one.
 *
 * Owns: nb_pdf_table (one table of one page, or several stitched pages:
 * cells with spans, text and provenance, its column boundaries in page
 * units).  Tables are built from an nb_page_text; the glyphs they take are
 * marked in a caller-owned `used` array (one gboolean per glyph of the page)
 * so that the rest forms the text flow.  nb_pdf_table_to_grid produces the
 * nb_grid the rest of the pipeline reads.  Everything returned is new; free
 * tables with nb_pdf_table_free (NULL-safe) or the array's free function.
 */
#ifndef NB_PDFGRID_H
#define NB_PDFGRID_H

#include "layout/model/grid.h"
#include "layout/pdfpage.h"
#include "layout/rulings.h"

#include <glib.h>

typedef struct {
    char *text;       /* "" for a blank cell */
    nb_box box;       /* the cell's outline (page units) */
    nb_prov prov;     /* page and box of the text (the outline when blank) */
    int row, col, rowspan, colspan;
} nb_pdf_cell;

typedef struct {
    int page;           /* page of the first part */
    int last_page;      /* page of the last part (stitched tables) */
    nb_box box;         /* outline on the last page */
    int rows;
    GArray *col_edges;  /* double, cols + 1 boundaries, left to right */
    GPtrArray *cells;   /* nb_pdf_cell*, row-major by anchor */
    gboolean starts_page; /* no body text above it on its first page */
    gboolean ends_page;   /* no body text below it on its last page */
} nb_pdf_table;

void nb_pdf_table_free(gpointer table);

/* Removes from `r` what runs through glyphs (strokes of bold or large
 * characters, dashes, underlined or struck text): a ruling passes between
 * text lines and columns, never through characters.  Each segment keeps
 * its pieces outside glyph boxes that are at least `min_len` long. */
void nb_rulings_drop_text(nb_rulings *r, const nb_page_text *p, double min_len);

/* Builds the tables of page `p` from its ruled tables (nb_ruled_table*,
 * page units).  A ruled outline that encloses a single cell (a frame or a
 * text box) is not a table.  Every glyph whose centre falls in a table is
 * marked in `used`.  Returns a new array of nb_pdf_table*. */
GPtrArray *nb_pdf_tables_from_rulings(const nb_page_text *p, const GPtrArray *ruled,
                                      gboolean *used);

/* Finds tables drawn without rulings among the unused glyphs of `p`: runs
 * of lines holding two or more numbers separated by wide gaps, whose
 * columns are the clusters of the numbers' positions.  Label lines between
 * such rows join the nearest row.  Marks the glyphs taken in `used` and
 * returns a new array of nb_pdf_table*. */
GPtrArray *nb_pdf_tables_unruled(const nb_page_text *p, gboolean *used);

/* nb_pdf_tables_unruled for a text layer, where a cell printed blank is
 * truly empty (`blanks` TRUE): rows that print fewer values (zeros left
 * blank) join the table when their values fall into its columns by
 * position, each value goes to the column it stands in, the others become
 * blank cells, and a numbered label line with no value that stands where
 * its neighbours' labels start is a row of blank cells.  Not for OCR, where
 * a value may be missing because it was not read.  With `blanks` FALSE,
 * nb_pdf_tables_unruled. */
GPtrArray *nb_pdf_tables_unruled_blanks(const nb_page_text *p, gboolean *used, gboolean blanks);

/* Joins tables continued over a page break: a table that ends its page is
 * continued by the first table of the next page when that one starts its
 * page and both have the same outer left and right edges.  Header rows
 * repeated at the top of the continuation are dropped, and a row or a
 * group label split by the break is joined.  `tables` (document order) is
 * consumed; returns a new array of nb_pdf_table*. */
GPtrArray *nb_pdf_tables_stitch(GPtrArray *tables);

/* Returns the table as a new grid named "page N table K". */
nb_grid *nb_pdf_table_to_grid(const nb_pdf_table *t, int index);

#endif
