/*
 * ocr_reread.h — reading a scanned cell again, on the driver's request.
 *
 * Owns: nb_scan_store, what the scan reader keeps after reading so that a
 * cell can be read again with other preprocessing: each page's prepared
 * images and, per table cell, its box on them.  The store hangs off the
 * nb_doc (doc->reader_state) and is freed with it; nothing else reaches into
 * it.  This is the reader's half of the pipeline's one feedback loop: the
 * driver (cmd/driver/pipeline.c) decides which values the checks put in doubt and
 * asks for new readings through nb_scan_reread (extract/ocr.h: nb_ocr_reread);
 * it alone decides whether a
 * reading replaces a value.
 */
#ifndef NB_OCR_REREAD_H
#define NB_OCR_REREAD_H

#include "layout/model/doc.h"
#include "extract/ocr/scan_page.h"

typedef struct nb_scan_store nb_scan_store;

/* Returns the document's store, creating it (and attaching it to `doc`) on
 * first use. */
nb_scan_store *nb_scan_store_of(nb_doc *doc);

/* Hands page `page` (1-based) to the store, which takes ownership of `pg`. */
void nb_scan_store_add_page(nb_scan_store *st, int page, nb_scan_page *pg);

/* Records that the cell read from `pixel_box` (on page `page`'s deskewed
 * images) was reported with provenance box `page_box` (page units). */
void nb_scan_store_add_cell(nb_scan_store *st, int page, const double pixel_box[4],
                            const double page_box[4]);

/* Moves everything `from`'s store holds (pages and cells) into `into`'s, for
 * readers that read a page into a document part of its own and then merge
 * the parts (the PDF reader).  Pages already in `into` are replaced.  `from`
 * keeps an empty store.  Either document may have no store. */
void nb_scan_store_move(nb_doc *into, nb_doc *from);

/* Maps the page boxes the cells of `doc`'s store are known by to box ×
 * scale + (dx, dy), as the reader mapped their provenance boxes (OFD pages
 * in millimetres).  Nothing to do without a store. */
void nb_scan_store_map(nb_doc *doc, double scale, double dx, double dy);

/* True when `doc` has scanned cells that can be read again. */
gboolean nb_scan_can_reread(const nb_doc *doc);

/* The number of alternative readings nb_scan_reread can make (variants
 * 1..n-1; variant 0 is the original reading). */
int nb_scan_reread_variants(void);

/* Reads again, as a number with preprocessing `variant` (1 ..
 * nb_scan_reread_variants()-1), the cell reported on page `page` with
 * provenance box `box`.  Returns TRUE and sets *text (new, g_free) and
 * *confidence; returns FALSE (with *text = NULL, *confidence = -1) when the
 * document has no such scanned cell or the engine is unavailable. */
gboolean nb_scan_reread(const nb_doc *doc, int page, const double box[4], int variant,
                    char **text, int *confidence);

#endif
