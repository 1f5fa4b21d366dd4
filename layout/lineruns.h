/*
 * lineruns.h — the long straight strokes of a binary image, found from its
 * runs of ink.
 *
 * Owns: the line components of a 1-bpp Leptonica image in one direction:
 * exactly what opening the image with a 1 x len (or len x 1) brick and
 * taking its 8-connected components gives (pixOpenBrick + pixConnComp +
 * pixCountPixels: the same boxes, pixel counts and order), computed from
 * runs instead of whole-image raster operations.  An opening with a line
 * keeps exactly the runs of ink at least `len` long along it, so the image
 * is read once for its runs, and only the runs that survive are joined;
 * on a rendered page most of the image is paper and costs one test per
 * 32 pixels.  The result is a new GArray of nb_line_comp (g_array_free).
 *
 * Used by layout/rulings.c (rulings of rendered PDF pages and of scans).
 */
#ifndef NB_LINERUNS_H
#define NB_LINERUNS_H

#include <glib.h>

struct Pix;

typedef struct {
    int x, y, w, h; /* bounding box, pixels */
    int count;      /* pixels of the component */
} nb_line_comp;

/* The 8-connected components of the runs of `bin` (1 bpp) at least `len`
 * pixels long, horizontal runs when `horizontal`, else vertical, in the
 * raster order of their first pixel (Leptonica's pixConnComp order).
 * NULL when `bin` is not 1 bpp or `len` < 1. */
GArray *nb_line_components(struct Pix *bin, gboolean horizontal, int len);

#endif
