/*
 * scan_lines.h — the body text of a scanned page, outside its tables.
 *
 * Owns: finding text lines on a page's ink image (tables masked out) by
 * their horizontal projection, and reading each with the Chinese engine so
 * that the title, year and section texts can be found.  Lines are appended
 * to an nb_doc's text flow with OCR provenance; nothing is returned.
 */
#ifndef NB_SCAN_LINES_H
#define NB_SCAN_LINES_H

#include "layout/model/doc.h"
#include "extract/reader.h"
#include "extract/ocr/scan_page.h"

/* Reads the text lines of page `page` that lie outside the boxes in
 * `tables` (GArray of double, four per box: x0, y0, x1, y1 in pixels of
 * the deskewed images; may be empty) and appends them to `doc` top to bottom.  Stops early, leaving a
 * warning, when the time budget in `lim` runs out.  Returns the number of
 * lines added. */
int nb_scan_read_lines(const nb_scan_page *pg, const GArray *tables, int page, nb_doc *doc,
                       const nb_limits *lim);

#endif
