/*
 * rulings.h — a table's drawn lines and the cells they enclose.
 *
 * Owns: nb_rulings (horizontal and vertical line segments found on a page
 * image, in page units) and nb_ruled_table (row/column boundaries and the
 * cells, with spans where a ruling is missing).  Used by the text-PDF path
 * (rulings from a low-resolution rendering of the page) and the scan path
 * (rulings from the scanned image); text is then assigned to cells by box
 * (text layer) or read per cell (OCR).  Everything returned is new; free
 * with the matching _free (NULL-safe).
 *
 * Implemented by layout/rulings.c (Leptonica morphology).
 */
#ifndef NB_RULINGS_H
#define NB_RULINGS_H

#include <glib.h>

struct Pix; /* Leptonica PIX */

typedef struct {
    double x0, y0, x1, y1;
} nb_box;

typedef struct {
    double pos;        /* y of a horizontal / x of a vertical line */
    double from, to;   /* its extent along the other axis */
} nb_segment;

typedef struct {
    GArray *h; /* nb_segment, sorted by pos */
    GArray *v; /* nb_segment, sorted by pos */
} nb_rulings;

typedef struct {
    nb_box box;
    int row, col, rowspan, colspan;
} nb_ruled_cell;

typedef struct {
    nb_box box;          /* the table's outline */
    GArray *row_edges;   /* double: rows+1 horizontal boundaries, top to bottom */
    GArray *col_edges;   /* double: cols+1 vertical boundaries, left to right */
    GArray *cells;       /* nb_ruled_cell, row-major by anchor */
} nb_ruled_table;

/* Finds rulings on `pix` (any depth; binarised internally).  `scale` converts
 * pixels to page units (e.g. 72/dpi for PDF points, 1.0 for image pixels).
 * Lines shorter than `min_len` page units are ignored.  Returns NULL when
 * the image cannot be processed. */
nb_rulings *nb_rulings_find(struct Pix *pix, double scale, double min_len);
void nb_rulings_free(nb_rulings *r);

/* Groups rulings into tables and derives each table's cells; a boundary
 * segment that is missing between two positions makes a spanning cell.
 * Returns a new array of nb_ruled_table* (free with g_ptr_array_free). */
GPtrArray *nb_ruled_tables(const nb_rulings *r, double tolerance);
void nb_ruled_table_free(gpointer t);

#endif
