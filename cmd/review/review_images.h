/*
 * review_images.h — the page images a review page embeds.
 *
 * Owns: nb_review_image, one page of a paged source (PDF page, scan, image
 * or TIFF frame) rendered small enough to embed (gray JPEG at about 110 dpi,
 * at most 1400 pixels wide) with the size of the page in the units of the
 * record's boxes (PDF points, or image pixels), so that a box drawn in those
 * units over the image lands on its value.  Everything returned is new and
 * owned by the caller (nb_review_images_free).
 */
#ifndef NB_REVIEW_IMAGES_H
#define NB_REVIEW_IMAGES_H

#include "extract/reader.h"

#include <glib.h>

typedef struct {
    int page;           /* 1-based */
    double width;       /* page size in box units */
    double height;
    int pixel_width;    /* the embedded image */
    int pixel_height;
    GBytes *jpeg;       /* the image, JPEG */
} nb_review_image;

/* Renders the pages of the PDF or image file at `path` (at most
 * lim->max_pages, and within lim->max_pixels per page).  Returns a new array
 * of nb_review_image* in page order (empty for other kinds of files), or
 * NULL with `err` set when the file cannot be read or rendered. */
GPtrArray *nb_review_images(const char *path, const nb_limits *lim, nb_error *err);

/* Releases an array from nb_review_images.  NULL is accepted. */
void nb_review_images_free(GPtrArray *images);

#endif
