/*
 * pdfdoc.h — a document of positioned pages (a text PDF, an OFD) assembled
 * from its pages: the part of the text-PDF layout that the PDF and OFD
 * readers share once each has its pages' glyphs and rulings.
 *
 * Owns: nb_paged, the pages being read: per page its text flow
 * (nb_flow_page), the tables found on it (nb_pdf_table) and, for a page read
 * by other means (OCR), the document part the reader filled for it.  A
 * reader adds its pages in any order, then fills the nb_doc once; the
 * tables, flow pages and parts are owned by the nb_paged until then.
 * Opaque: nb_paged_new, NULL-safe nb_paged_free.
 */
#ifndef NB_PDFDOC_H
#define NB_PDFDOC_H

#include "layout/model/doc.h"
#include "layout/pdfpage.h"

#include <glib.h>

typedef struct nb_paged nb_paged;

/* A document of `npages` pages (>= 0), none read yet. */
nb_paged *nb_paged_new(int npages);

/* Releases the pages, tables and parts not handed to a document.  NULL is
 * accepted. */
void nb_paged_free(nb_paged *pd);

/* Lays out text page `pt` (pt->number in 1..npages): the tables in `ruled`
 * (nb_pdf_table* found from the page's rulings; NULL for none) are taken
 * over with the array, their glyphs marked in `used` (one entry per glyph
 * of `pt`, updated); when `columns` (the caller's nb_pdf_page_has_columns
 * of the page: the PDF reader needs it first, to decide whether to render
 * the page for rulings), tables without rulings are looked for among the
 * glyphs left (nb_pdf_tables_unruled); the glyphs no table took become the
 * page's text lines. */
void nb_paged_add_text_page(nb_paged *pd, const nb_page_text *pt, GPtrArray *ruled, gboolean *used,
                            gboolean columns);

/* Gives page `page` (1..npages) the document part `part` a reader filled
 * for it by other means (OCR); the nb_paged owns it until it is handed to
 * `add_part` by nb_paged_fill. */
void nb_paged_set_part(nb_paged *pd, int page, nb_doc *part);

/* Moves a page's part into the document (the reader's business: the OCR
 * parts carry the store the driver's re-reading needs). */
typedef void (*nb_paged_part_fn)(nb_doc *doc, nb_doc *part);

/* Fills `doc`: page furniture stripped, tables marked as starting or ending
 * their pages, the title from the first page, paragraphs, tables continued
 * over page breaks stitched; then page by page its paragraphs, its grids
 * and its part (through `add_part`; parts are freed with the nb_paged).  Every box is
 * divided by `unit` on the way (1 for points; 72 / 25.4 for a reader whose
 * provenance is in millimetres).  Sets doc->title and doc->pages; the
 * caller sets doc->format. */
void nb_paged_fill(nb_paged *pd, nb_doc *doc, double unit, nb_paged_part_fn add_part);

#endif
