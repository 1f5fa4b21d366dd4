/*
 * scan_page.h — one page image prepared for reading.
 *
 * Owns: nb_scan_page, the cleaned versions of a page image that the scan
 * path reads from: an 8-bpp gray image with its background flattened and
 * its skew removed, the matching 1-bpp ink image, and the geometry needed to
 * map a box on them back to the caller's page units (image pixels, or PDF
 * points for rendered pages).  The page owns its images; nb_scan_page_free
 * releases them.  The input PIX is not kept.
 */
#ifndef NB_SCAN_PAGE_H
#define NB_SCAN_PAGE_H

#include <glib.h>

struct Pix;

typedef struct {
    struct Pix *gray;  /* 8 bpp, background-normalised, deskewed */
    struct Pix *ink;   /* 1 bpp, same geometry as gray */
    int ppi;           /* resolution of gray/ink: stated (PDF) or estimated (image) */
    double angle_deg;  /* rotation removed (counter-clockwise positive) */
    double weak_angle_deg; /* a skew measured with low confidence but confirmed
                            * by a second measurement, not removed; 0 if none */
    double turn_deg;   /* 180 when the caller turned the image upside down
                        * before preparing it (nb_scan_page_new_upside_down), else 0 */
    double scale;      /* pixels → page units */
    int width, height;
} nb_scan_page;

/* Prepares `pix` (any depth Leptonica reads: 1, 8, 32 bpp, colormapped):
 * converts to gray, flattens uneven illumination, finds the skew (up to a
 * few degrees) and removes it when it is measured with confidence (a weak
 * but confirmed measurement is left in weak_angle_deg), and binarises.
 * `scale` converts pixels to page units (72/dpi for a rendered PDF page;
 * 1.0 for an image, whose resolution is then estimated from its size,
 * assuming an A4-like page).  Returns NULL
 * and sets *why (static string; optional, always set) when the image is
 * unusable (empty, too small, unsupported depth). */
nb_scan_page *nb_scan_page_new(struct Pix *pix, double scale, const char **why);

/* Prepares `pix` like nb_scan_page_new, but turns it by `angle_deg` (a
 * weak_angle_deg the caller decided to trust) instead of measuring its
 * skew.  Returns NULL and sets *why like nb_scan_page_new. */
nb_scan_page *nb_scan_page_new_turned(struct Pix *pix, double scale, double angle_deg,
                                      const char **why);

/* Prepares `pix` turned by 180 degrees, like nb_scan_page_new otherwise: for
 * a page scanned upside down.  Boxes still map back onto `pix` itself
 * (nb_scan_page_box_to_page).  Returns NULL and sets *why like
 * nb_scan_page_new. */
nb_scan_page *nb_scan_page_new_upside_down(struct Pix *pix, double scale, const char **why);

/* Ink smaller than this (inches) is scanner speckle: a digit is ~0.1 in. */
#define NB_SCAN_MIN_GLYPH_IN 0.035

/* `inches` in pixels of the page's images (at least 1). */
int nb_scan_px(const nb_scan_page *p, double inches);

/* Returns a new 1-bpp image: the page's ink with the boxes of `boxes`
 * (doubles x0, y0, x1, y1 in image pixels, four per box; NULL for none)
 * cleared, each grown by `margin_px`, speckles (no side reaching
 * NB_SCAN_MIN_GLYPH_IN) removed, and marks in the margins beside a body
 * text column (a pencilled tick: small ink in a narrow run of columns apart
 * from the column) removed.  The caller frees it (pixDestroy). */
struct Pix *nb_scan_ink_outside(const nb_scan_page *p, const GArray *boxes, int margin_px);

/* Releases the page and its images.  NULL is accepted. */
void nb_scan_page_free(nb_scan_page *p);

/* Maps a box (x0, y0, x1, y1) on the deskewed images back onto the original
 * image and into page units: the bounding box of its rotated corners, times
 * `scale`.  `out` receives four values. */
void nb_scan_page_box_to_page(const nb_scan_page *p, const double in[4], double out[4]);

/* Maps a box in page units back onto the deskewed images (the inverse of
 * nb_scan_page_box_to_page, up to the bounding-box rounding). */
void nb_scan_page_box_from_page(const nb_scan_page *p, const double in[4], double out[4]);

#endif
