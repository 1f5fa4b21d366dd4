/* pdf_render.c — see pdf_render.h. */
#include "extract/pdf_render.h"

#include <cairo.h>
#include <leptonica/allheaders.h>
#include <math.h>

/* Copies the RGB24 surface into a new 8-bit gray PIX (ITU-R 601 luma). */
static PIX *surface_to_gray(cairo_surface_t *s)
{
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    const unsigned char *data = cairo_image_surface_get_data(s);
    PIX *pix = pixCreate(w, h, 8);
    if (!pix)
        return NULL;
    l_uint32 *lines = pixGetData(pix);
    int wpl = pixGetWpl(pix);
    for (int y = 0; y < h; y++) {
        const guint32 *src = (const guint32 *)(data + (gsize)y * stride);
        l_uint32 *dst = lines + (gsize)y * wpl;
        for (int x = 0; x < w; x++) {
            guint32 px = src[x];
            unsigned r = (px >> 16) & 0xFF, g = (px >> 8) & 0xFF, b = px & 0xFF;
            SET_DATA_BYTE(dst, x, (299 * r + 587 * g + 114 * b) / 1000);
        }
    }
    return pix;
}

struct Pix *nb_pdf_render_gray(PopplerPage *page, int number, double dpi, const nb_limits *lim,
                               nb_error *err)
{
    double pw = 0, ph = 0;
    poppler_page_get_size(page, &pw, &ph);
    double w = ceil(pw * dpi / 72.0), h = ceil(ph * dpi / 72.0);
    if (w < 1 || h < 1 || w > 100000 || h > 100000 ||
        (lim && lim->max_pixels > 0 && w * h > (double)lim->max_pixels)) {
        nb_error_set(err, NB_ERR_LIMIT,
                     "page %d would be %.0f x %.0f pixels at %.0f dpi, over the limit of %lld "
                     "(--max-pixels)",
                     number, w, h, dpi, lim ? (long long)lim->max_pixels : 0LL);
        return NULL;
    }
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)w, (int)h);
    cairo_status_t st = cairo_surface_status(s);
    if (st != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        if (st == CAIRO_STATUS_NO_MEMORY) /* under the process's memory bound (--max-memory) */
            nb_error_set(err, NB_ERR_LIMIT, "out of memory rendering page %d (%.0f x %.0f pixels; "
                         "--max-memory)", number, w, h);
        else
            nb_error_set(err, NB_ERR_FORMAT, "cannot render page %d", number);
        return NULL;
    }
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, dpi / 72.0, dpi / 72.0);
    poppler_page_render(page, cr);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    PIX *pix = surface_to_gray(s);
    cairo_surface_destroy(s);
    if (!pix)
        nb_error_set(err, NB_ERR_FORMAT, "cannot render page %d", number);
    return pix;
}
