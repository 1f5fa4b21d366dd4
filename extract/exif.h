/*
 * exif.h — the orientation a camera records in a JPEG's EXIF data.
 *
 * Owns: finding the Orientation tag (0x0112) in a JPEG's APP1 "Exif"
 * segment, and turning a decoded page image upright by it.  A phone held
 * sideways stores its photo as the sensor saw it and says in this tag how
 * to show it; Leptonica decodes the pixels as stored, so a photographed
 * report would reach the scan path lying on its side.  Only reads `data`;
 * nothing is kept.
 */
#ifndef NB_EXIF_H
#define NB_EXIF_H

#include <glib.h>

struct Pix;

/* The EXIF orientation (1..8; 1 = as stored) of the JPEG in `data`, or 1
 * when it is not a JPEG, has no EXIF segment, or the segment is cut short
 * or malformed (never read past `len`). */
int nb_exif_orientation(const guchar *data, gsize len);

/* Returns a new PIX: `pix` turned and mirrored as `orientation` (1..8)
 * says, so that it shows upright; a clone of `pix` for 1 or an unknown
 * value; NULL when Leptonica fails.  The caller frees it (pixDestroy). */
struct Pix *nb_exif_upright(struct Pix *pix, int orientation);

#endif
