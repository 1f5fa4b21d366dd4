/*
 * pdf_text.h — the text layer of one PDF page, read with poppler-glib.
 *
 * Owns: turning poppler's per-character rectangles and text attributes into
 * an nb_page_text (glyphs with boxes in PDF points, y from the top, and
 * font sizes), and the decision whether a page's text layer can be used at
 * all or the page must be read as an image.  Returned pages are new (free
 * with nb_page_text_free).
 */
#ifndef NB_PDF_TEXT_H
#define NB_PDF_TEXT_H

#include "layout/pdfpage.h"

#include <poppler.h>

/* Reads the glyphs of `page` (1-based number `number`).  Whitespace and
 * control characters are dropped; every other character keeps its box and
 * font size.  Never returns NULL. */
nb_page_text *nb_pdf_page_text(PopplerPage *page, int number);

/* Whether the page's text layer is usable: it holds enough characters, and
 * most of them are ordinary text (not private-use code points, U+FFFD or
 * "(cid:NN)" left by a broken font mapping).  A page whose text is a few
 * characters over an image that covers most of it (a scan with a page
 * number) is not usable either.  `why` (optional, static string) is set to
 * the reason when FALSE is returned, else NULL. */
gboolean nb_pdf_text_usable(const nb_page_text *text, PopplerPage *page, const char **why);

/* Whether the page looks like it holds a table: several of its lines have
 * wide gaps between their words (columns), so that rendering it to find
 * rulings is worth its cost. */
gboolean nb_pdf_page_has_columns(const nb_page_text *text);

#endif
