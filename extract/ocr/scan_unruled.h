/*
 * scan_unruled.h — tables printed without rulings on a scanned page.
 *
 * Owns: the text-line fallback of the scan reader.  Where no ruling frames
 * a table, the page's ink (outside the ruled tables) is cut into segments:
 * runs of glyphs separated by wide blank gaps, found by a horizontal
 * closing and connected components.  Segments on lines that hold several
 * of them (and the label lines next to those) are read one by one with the
 * per-cell reader (scan_cell.h), and the readings become positioned text
 * (layout/pdfpage.h) so that the text-PDF reader's own table finder
 * (nb_pdf_tables_unruled) builds the grids: no second copy of the table
 * logic.  Every value keeps OCR provenance (page, box, raw text,
 * confidence) and numeric cells are registered for re-reading like ruled
 * cells.  Grids are appended to the nb_doc, which owns them.
 */
#ifndef NB_SCAN_UNRULED_H
#define NB_SCAN_UNRULED_H

#include "layout/model/doc.h"
#include "extract/ocr/ocr_reread.h"
#include "extract/reader.h"
#include "extract/ocr/scan_page.h"

/* Finds and reads the tables drawn without rulings on page `page` (1-based)
 * of `pg`, ignoring the ink inside the boxes already in `boxes` (GArray of
 * double, four per box: x0, y0, x1, y1 in pixels of the deskewed images;
 * the ruled tables).  Each table found is appended to `doc` as a grid named
 * "page N table K", K counting from `first_index`; its box (pixels) is
 * appended to `boxes`, so that the body-text reader skips it; its numeric
 * cells are recorded in `st` for the driver's re-reading.  An illegible
 * value is given the text NB_CELL_ILLEGIBLE, never a number.  Sets
 * *expired and stops, adding nothing, when the time budget in `lim` runs
 * out.  Returns the number of grids added, or -1 when the OCR engine
 * failed. */
int nb_scan_read_unruled(const nb_scan_page *pg, int page, int first_index, GArray *boxes,
                         nb_scan_store *st, nb_doc *doc, const nb_limits *lim, gboolean *expired);

/* Whether page `pg` seems to hold table rows without rulings outside the
 * boxes in `boxes` (as for nb_scan_read_unruled; may be NULL): several
 * segments share their lines.  Cheap: nothing is read. */
gboolean nb_scan_unruled_likely(const nb_scan_page *pg, const GArray *boxes);

#endif
