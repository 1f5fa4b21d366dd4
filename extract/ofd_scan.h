/*
 * ofd_scan.h — the scanned pages of an OFD document (scanned archives): the
 * package's image resources and the OCR of a page that holds only images.
 *
 * Owns: nb_ofd_media, the MultiMedia resources of the document (resource ID
 * → part location in the package), filled from the resource files that
 * Document.xml (PublicRes, DocumentRes) and the pages (PageRes) name; and
 * nb_ofd_image, the largest ImageObject of a page.  Opaque media handle:
 * nb_ofd_media_new, NULL-safe nb_ofd_media_free.  The image's strings are
 * its own (nb_ofd_image_clear).
 *
 * A scanned page is decoded with Leptonica (PNG, JPEG, TIFF, BMP, ...; not
 * JBIG2) within --max-pixels and read by the scan path (extract/ocr.h) at
 * the resolution its Boundary gives it; its provenance boxes are then put
 * in page millimetres (the image's Boundary origin added), origin ocr.
 */
#ifndef NB_OFD_SCAN_H
#define NB_OFD_SCAN_H

#include "extract/reader.h"
#include "extract/zippart.h"

#include <libxml/tree.h>

typedef struct nb_ofd_media nb_ofd_media;

nb_ofd_media *nb_ofd_media_new(void);
void nb_ofd_media_free(nb_ofd_media *m);

/* Adds the MultiMedia resources of the resource files that the children
 * named `what` ("PublicRes", "DocumentRes", "PageRes") of `parent` name,
 * relative to `base` (the part naming them).  A resource file that is
 * missing or unreadable is skipped: a page that needs one of its images
 * says so when it is read. */
void nb_ofd_media_add(nb_ofd_media *m, nb_zip *zip, const xmlNode *parent, const char *what,
                      const char *base);

typedef struct {
    char *resource; /* ResourceID of the largest ImageObject, or NULL */
    double box[4];  /* its Boundary: x y w h, millimetres */
    int count;      /* ImageObjects on the page */
} nb_ofd_image;

/* Notes ImageObject `obj` of a page: it becomes the page's image when it
 * covers more than the one noted so far. */
void nb_ofd_image_note(nb_ofd_image *im, const xmlNode *obj);

/* Releases the image's strings and zeroes it. */
void nb_ofd_image_clear(nb_ofd_image *im);

/* Reads page `page` (1-based), whose content is images only, by OCR into
 * `part` (the page's own document part): the image `im` names is looked up
 * in `m`, read from the package, decoded and handed to the scan path.  An
 * image that is missing or cannot be decoded costs the page (a warning in
 * `part`); the page is then empty.  Returns FALSE with `err` set only for a
 * limit (--max-bytes, --max-pixels, --timeout), which ends the document.
 * `page_w` (millimetres) stands for an image without a Boundary.
 * *decoded (always set) tells whether the image was decoded and handed to
 * the scan path. */
gboolean nb_ofd_scan_page(nb_zip *zip, const nb_ofd_media *m, const nb_ofd_image *im, int page,
                          double page_w, nb_doc *part, const nb_limits *lim, gboolean *decoded,
                          nb_error *err);

#endif
