/*
 * ocr.h — reading page images: scans, photos, and PDF pages without a usable
 * text layer.
 *
 * Owns: the scan path (Leptonica preprocessing, rulings and cells via
 * layout/rulings.h, tables without rulings via scan_unruled.h, Tesseract
 * per cell) and the OCR engine handles.  Output
 * joins the common pipeline as nb_doc grids and lines with NB_ORIGIN_OCR
 * provenance (page, pixel box, confidence).
 *
 * Implemented by extract/ocr.c.
 */
#ifndef NB_OCR_H
#define NB_OCR_H

#include "extract/reader.h"

struct Pix;

/* Reads one page image into `doc` (appending grids and text lines for page
 * number `page`, 1-based).  `scale` converts image pixels to the units used
 * in provenance boxes (1.0 for images; 72/dpi for rendered PDF pages).
 * Returns FALSE and sets `err` when the page cannot be read at all. */
gboolean nb_ocr_page(struct Pix *pix, int page, double scale, nb_doc *doc, const nb_limits *lim,
                     nb_error *err);

#endif
