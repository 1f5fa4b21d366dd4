/*
 * pdf_paths.h — a page's drawn lines and fills from its content streams,
 * drawn with cairo as poppler's cairo output draws them, without the text.
 *
 * The rulings of a table are found on a 72 dpi image of the page
 * (layout/rulings.c).  Rendering that image with poppler costs most of a
 * text PDF's reading time (the page's fonts read again for cairo, every
 * glyph drawn), yet the rulings are paths.  This reads the page's content
 * streams (pdf_cos.h) and replays only their path operators (m l c v y h
 * re, S s f F f* B B* b b* n, W W*, q Q cm w J j M d, gs, gray and RGB
 * colours, Form XObjects through Do) onto cairo, with poppler's rules for
 * thin strokes (a stroke under one pixel wide is drawn one pixel wide on
 * pixel centres), its page transform and its crop-box and form-box clips.
 * Glyph ink is left out: what it adds is cut away as text
 * (nb_rulings_drop_text).
 *
 * A page with anything drawn otherwise (images, inline images, shadings,
 * patterns, colour spaces other than DeviceGray and DeviceRGB, CMYK,
 * transparency or blend modes, optional content, Type 3 fonts, text used as
 * a clip, annotations, a rotated page, an operator with the wrong operands,
 * or a stream that does not decode) is refused, and the caller renders it
 * with poppler.
 *
 * Owns nothing.
 */
#ifndef NB_PDF_PATHS_H
#define NB_PDF_PATHS_H

#include "extract/pdf_cos.h"

#include <cairo.h>

/* Draws the paths of page `index` (0-based) of `cos` on `cr`, whose matrix
 * maps PDF points of the page's top-left corner to pixels (what
 * poppler_page_render expects).  Returns FALSE when the page holds anything
 * listed above as refused; `cr` has then drawn part of the page and must be
 * discarded. */
gboolean nb_pdf_paths_draw(nb_cos *cos, int index, cairo_t *cr);

#endif
