/*
 * ocr_page.h — the scan path of the OCR module: reading one page image.
 *
 * Owns: the scan path (Leptonica preprocessing, rulings and cells via
 * layout/rulings.h, tables without rulings via scan_unruled.h, Tesseract
 * per cell) and the OCR engine handles.  Output joins the common pipeline as
 * nb_doc grids and lines with NB_ORIGIN_OCR provenance (page, pixel box,
 * confidence).
 *
 * Implemented by extract/ocr/ocr.c.  The rest of the program reaches this
 * through extract/ocr.h, which opens the module (extract/ocr/ is built into
 * nianbao-ocr.so, with Tesseract) only when a page needs OCR.
 */
#ifndef NB_OCR_PAGE_H
#define NB_OCR_PAGE_H

#include "extract/reader.h"

struct Pix;

/* Reads one page image into `doc` (appending grids and text lines for page
 * number `page`, 1-based).  `scale` converts image pixels to the units used
 * in provenance boxes (1.0 for images; 72/dpi for rendered PDF pages).
 * Returns FALSE and sets `err` when the page cannot be read at all. */
gboolean nb_scan_read_page(struct Pix *pix, int page, double scale, nb_doc *doc,
                           const nb_limits *lim, nb_error *err);

#endif
