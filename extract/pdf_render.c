/* pdf_render.c — see pdf_render.h. */
#include "extract/pdf_render.h"
#include "extract/ink.h"

#include <cairo.h>
#include <leptonica/allheaders.h>
#include <math.h>

/* Copies the RGB24 surface into a new PIX: 8-bit gray (ITU-R 601 luma, red
 * seal ink dropped out: ink.h) when `depth` is 8, 32-bit RGB otherwise. */
static PIX *surface_to_pix(cairo_surface_t *s, int depth)
{
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    const unsigned char *data = cairo_image_surface_get_data(s);
    PIX *pix = pixCreate(w, h, depth);
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
            if (depth == 8)
                SET_DATA_BYTE(dst, x, nb_ink_gray(r, g, b));
            else
                composeRGBPixel((l_int32)r, (l_int32)g, (l_int32)b, dst + x);
        }
    }
    return pix;
}

/* Renders `page` on white paper into a new RGB24 cairo surface, or returns
 * NULL with `err` set (the limit on pixels, cairo's memory). */
static cairo_surface_t *render_surface(PopplerPage *page, int number, double dpi,
                                       const nb_limits *lim, nb_error *err)
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
    return s;
}

/* Renders into a PIX of `depth` (8 or 32); one error path for both kinds. */
static struct Pix *render_with(PopplerPage *page, int number, double dpi, const nb_limits *lim,
                               int depth, nb_error *err)
{
    cairo_surface_t *s = render_surface(page, number, dpi, lim, err);
    if (!s)
        return NULL;
    PIX *pix = surface_to_pix(s, depth);
    cairo_surface_destroy(s);
    if (!pix)
        nb_error_set(err, NB_ERR_FORMAT, "cannot render page %d", number);
    return pix;
}

struct Pix *nb_pdf_render_gray(PopplerPage *page, int number, double dpi, const nb_limits *lim,
                               nb_error *err)
{
    return render_with(page, number, dpi, lim, 8, err);
}

struct Pix *nb_pdf_render_rgb(PopplerPage *page, int number, double dpi, const nb_limits *lim,
                              nb_error *err)
{
    return render_with(page, number, dpi, lim, 32, err);
}
