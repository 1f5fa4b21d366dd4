/*
 * ocr.h — reading page images (scans, photos, PDF pages without a usable
 * text layer) through the OCR module.
 *
 * Owns: the OCR module handle.  The scan path and Tesseract (extract/ocr/,
 * built as the module nianbao-ocr.so) are opened with GModule the first time
 * a page needs OCR, never at start-up: Tesseract brings some sixty shared
 * libraries whose loading and symbol binding cost more than reading a text
 * PDF.  The module is looked for beside the binary (the build tree), in
 * ../lib/nianbao/ relative to it (`cmake --install`), and one folder up (test
 * programs under build/tests/); no other program is run.  Once opened it
 * stays loaded until the process ends (documents may hold its reader state).
 *
 * Without the module (not built or not installed) a page that needs OCR
 * fails with a one-line NB_ERR_UNSUPPORTED error; text readers never notice.
 */
#ifndef NB_OCR_H
#define NB_OCR_H

#include "extract/reader.h"

struct Pix;

/* What the module exports under NB_OCR_MODULE_SYMBOL (extract/ocr/ocr_module.c).
 * `abi` is NB_OCR_ABI: a module built from other sources is refused. */
typedef struct {
    int abi;
    gboolean (*read_page)(struct Pix *pix, int page, double scale, nb_doc *doc,
                          const nb_limits *lim, nb_error *err);
    void (*store_move)(nb_doc *into, nb_doc *from);
    void (*store_map)(nb_doc *doc, double scale, double dx, double dy);
    gboolean (*can_reread)(const nb_doc *doc);
    int (*reread_variants)(void);
    gboolean (*reread)(const nb_doc *doc, int page, const double box[4], int variant,
                       char **text, int *confidence);
} nb_ocr_module;

#define NB_OCR_MODULE_SYMBOL "nb_ocr_module_table"
#define NB_OCR_ABI (0x6e62000 + (int)sizeof(nb_ocr_module) + (int)sizeof(nb_doc) + \
                    (int)sizeof(nb_limits))

/* Reads one page image into `doc` (appending grids and text lines for page
 * number `page`, 1-based).  `scale` converts image pixels to the units used
 * in provenance boxes (1.0 for images; 72/dpi for rendered PDF pages).
 * Opens the module on first use.  Returns FALSE and sets `err` when the page
 * cannot be read at all or the module cannot be opened. */
gboolean nb_ocr_page(struct Pix *pix, int page, double scale, nb_doc *doc, const nb_limits *lim,
                     nb_error *err);

/* Moves the re-read store of `from` (pages and cells read by OCR) into
 * `into`'s, for readers that read a page into a document part of its own
 * (the PDF reader).  Nothing to do when no page was read by OCR. */
void nb_ocr_store_move(nb_doc *into, nb_doc *from);

/* Reads page image `pix` by OCR into `part`, the page's own document part,
 * the way the readers of paged documents (PDF, OFD) do it: the part gets a
 * warning that page `page` `why` ("has no text layer", ...) and was read by
 * OCR, or was not read when lim->no_ocr is set (nothing is read then).  A
 * failure that is not a limit costs only this page (a warning in `part`);
 * a limit sets `err` and returns FALSE, which ends the document.  `scale`
 * is as for nb_ocr_page (points per pixel). */
gboolean nb_ocr_page_part(struct Pix *pix, int page, double scale, const char *why, nb_doc *part,
                          const nb_limits *lim, nb_error *err);

/* Maps every provenance box of `part` (its grids' cells and its lines) and
 * the boxes its re-read store knows its cells by to box × scale + (dx, dy):
 * a reader whose pages are not in points (OFD: millimetres) or whose page
 * image does not start at the page's corner gives the boxes in its own
 * units, and the driver's re-read requests still find their cells. */
void nb_ocr_part_map_boxes(nb_doc *part, double scale, double dx, double dy);

/* True when `doc` has scanned cells that can be read again. */
gboolean nb_ocr_can_reread(const nb_doc *doc);

/* The number of alternative readings nb_ocr_reread can make (variants
 * 1..n-1; variant 0 is the original reading); 1 when no page was read by
 * OCR in this process. */
int nb_ocr_reread_variants(void);

/* Reads again, as a number with preprocessing `variant` (1 ..
 * nb_ocr_reread_variants()-1), the cell reported on page `page` with
 * provenance box `box`.  Returns TRUE and sets *text (new, g_free) and
 * *confidence; returns FALSE (with *text = NULL, *confidence = -1) when the
 * document has no such scanned cell or the engine is unavailable. */
gboolean nb_ocr_reread(const nb_doc *doc, int page, const double box[4], int variant,
                       char **text, int *confidence);

#endif
