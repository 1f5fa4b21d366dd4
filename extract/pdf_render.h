/*
 * pdf_render.h — PDF pages as images: a low-resolution rendering to find a
 * table's rulings, and a 300 dpi rendering for pages read by OCR.
 *
 * Owns: poppler → cairo image surface → Leptonica PIX (8-bit gray on white
 * paper, red seal ink dropped out as ink.h says; or 32-bit RGB for the
 * synthetic scans, which must keep their seals).  The returned PIX is new
 * (free with pixDestroy).
 */
#ifndef NB_PDF_RENDER_H
#define NB_PDF_RENDER_H

#include "extract/pdf_cos.h"
#include "extract/reader.h"

#include <poppler.h>

struct Pix;

/* Renders `page` (number `number`, for messages) at `dpi` into a new 8-bit
 * gray PIX, red seal ink dropped out (nb_ink_gray).  Returns NULL and sets `err` (NB_ERR_LIMIT) when the image would
 * have more than lim->max_pixels pixels, or NB_ERR_FORMAT when cairo fails. */
struct Pix *nb_pdf_render_gray(PopplerPage *page, int number, double dpi, const nb_limits *lim,
                               nb_error *err);

/* The image in which a page's rulings are looked for: a new 1-bit PIX of
 * its ink (gray below 200, red seal ink dropped out), drawn from the page's vector content without its
 * text (pdf_paths.h) when `cos` (may be NULL) can draw page `number`; else
 * rendered by poppler.  `*from_paths` (may be NULL) tells which. */
struct Pix *nb_pdf_render_rulings(PopplerPage *page, nb_cos *cos, int number, double dpi,
                                  const nb_limits *lim, gboolean *from_paths, nb_error *err);

/* The vector-content image alone: NULL when `cos` cannot draw the page
 * (err untouched) or on a limit (err set).  For tests that hold it against
 * nb_pdf_render_gray. */
struct Pix *nb_pdf_paths_gray(PopplerPage *page, nb_cos *cos, int number, double dpi,
                              const nb_limits *lim, nb_error *err);

/* As nb_pdf_render_gray, into a new 32-bit RGB PIX with the colours as
 * printed (synth_scan's clean office page, seals red). */
struct Pix *nb_pdf_render_rgb(PopplerPage *page, int number, double dpi, const nb_limits *lim,
                              nb_error *err);

#endif
