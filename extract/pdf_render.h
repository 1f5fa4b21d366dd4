/*
 * pdf_render.h — PDF pages as images: a low-resolution rendering to find a
 * table's rulings, and a 300 dpi rendering for pages read by OCR.
 *
 * Owns: poppler → cairo image surface → Leptonica PIX (8-bit gray on white
 * paper).  The returned PIX is new (free with pixDestroy).
 */
#ifndef NB_PDF_RENDER_H
#define NB_PDF_RENDER_H

#include "extract/reader.h"

#include <poppler.h>

struct Pix;

/* Renders `page` (number `number`, for messages) at `dpi` into a new 8-bit
 * gray PIX.  Returns NULL and sets `err` (NB_ERR_LIMIT) when the image would
 * have more than lim->max_pixels pixels, or NB_ERR_FORMAT when cairo fails. */
struct Pix *nb_pdf_render_gray(PopplerPage *page, int number, double dpi, const nb_limits *lim,
                               nb_error *err);

#endif
