/* pdf_render.c — see pdf_render.h. */
#include "extract/pdf_render.h"
#include "extract/ink.h"
#include "extract/pdf_paths.h"

#include <cairo.h>
#include <leptonica/allheaders.h>
#include <math.h>
#include <string.h>

/* Converts one row of `w` RGB24 pixels into one row of a PIX. */
typedef void (*row_converter)(const guint32 *src, l_uint32 *dst, int w);

/* A new PIX of `depth` bits the size of the RGB24 surface, each row filled
 * by `convert`; NULL when Leptonica cannot hold it. */
static PIX *surface_convert(cairo_surface_t *s, int depth, row_converter convert)
{
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    const unsigned char *data = cairo_image_surface_get_data(s);
    PIX *pix = pixCreate(w, h, depth);
    if (!pix)
        return NULL;
    l_uint32 *lines = pixGetData(pix);
    int wpl = pixGetWpl(pix);
    for (int y = 0; y < h; y++)
        convert((const guint32 *)(data + (gsize)y * stride), lines + (gsize)y * wpl, w);
    return pix;
}

/* 8-bit gray (ITU-R 601 luma, red seal ink dropped out: ink.h). */
static void row_to_gray(const guint32 *src, l_uint32 *dst, int w)
{
    for (int x = 0; x < w; x++) {
        guint32 px = src[x] & 0xFFFFFF;
        if (px == 0xFFFFFF) { /* paper: most of a page */
            SET_DATA_BYTE(dst, x, 255);
            continue;
        }
        SET_DATA_BYTE(dst, x, nb_ink_gray((px >> 16) & 0xFF, (px >> 8) & 0xFF, px & 0xFF));
    }
}

/* 32-bit RGB. */
static void row_to_rgb(const guint32 *src, l_uint32 *dst, int w)
{
    for (int x = 0; x < w; x++) {
        guint32 px = src[x];
        composeRGBPixel((l_int32)((px >> 16) & 0xFF), (l_int32)((px >> 8) & 0xFF),
                        (l_int32)(px & 0xFF), dst + x);
    }
}

/* Copies the RGB24 surface into a new PIX: 8-bit gray (row_to_gray) when
 * `depth` is 8, 32-bit RGB otherwise. */
static PIX *surface_to_pix(cairo_surface_t *s, int depth)
{
    return depth == 8 ? surface_convert(s, 8, row_to_gray) : surface_convert(s, 32, row_to_rgb);
}

/* The key under which a surface holds its pixel buffer (freed with it). */
static cairo_user_data_key_t paper_key;

/* A new white RGB24 surface for `page` at `dpi`, or NULL with `err` set
 * (the limit on pixels, cairo's memory). */
static cairo_surface_t *blank_surface(PopplerPage *page, int number, double dpi,
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
    /* white paper in one pass: the bytes set to 0xFF, not cleared by cairo
     * and then painted */
    int stride = cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, (int)w);
    guchar *paper = stride > 0 ? g_try_malloc((gsize)stride * (gsize)h) : NULL;
    cairo_surface_t *s =
        paper ? cairo_image_surface_create_for_data(paper, CAIRO_FORMAT_RGB24, (int)w, (int)h,
                                                    stride)
              : cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)w, (int)h);
    cairo_status_t st = cairo_surface_status(s);
    if (st == CAIRO_STATUS_SUCCESS && paper)
        st = cairo_surface_set_user_data(s, &paper_key, paper, g_free);
    if (st != CAIRO_STATUS_SUCCESS) {
        g_free(paper);
        cairo_surface_destroy(s);
        if (st == CAIRO_STATUS_NO_MEMORY) /* under the process's memory bound (--max-memory) */
            nb_error_set(err, NB_ERR_LIMIT, "out of memory rendering page %d (%.0f x %.0f pixels; "
                         "--max-memory)", number, w, h);
        else
            nb_error_set(err, NB_ERR_FORMAT, "cannot render page %d", number);
        return NULL;
    }
    if (paper) {
        memset(paper, 0xFF, (gsize)stride * (gsize)h);
        cairo_surface_mark_dirty(s);
    } else {
        /* not reached: cairo_image_surface_create failed above (kept for
         * the error message); painted white for completeness */
        cairo_t *cr = cairo_create(s);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_paint(cr);
        cairo_destroy(cr);
    }
    return s;
}

/* Renders `page` on white paper into a new RGB24 cairo surface, or returns
 * NULL with `err` set. */
static cairo_surface_t *render_surface(PopplerPage *page, int number, double dpi,
                                       const nb_limits *lim, nb_error *err)
{
    cairo_surface_t *s = blank_surface(page, number, dpi, lim, err);
    if (!s)
        return NULL;
    cairo_t *cr = cairo_create(s);
    cairo_scale(cr, dpi / 72.0, dpi / 72.0);
    poppler_page_render(page, cr);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    return s;
}

/* The page's paths drawn by pdf_paths.c on a new surface; NULL when it
 * refuses the page (`err` untouched) or on a limit (`err` set). */
static cairo_surface_t *paths_surface(PopplerPage *page, nb_cos *cos, int number, double dpi,
                                      const nb_limits *lim, nb_error *err)
{
    if (!cos)
        return NULL;
    cairo_surface_t *s = blank_surface(page, number, dpi, lim, err);
    if (!s)
        return NULL;
    cairo_t *cr = cairo_create(s);
    cairo_scale(cr, dpi / 72.0, dpi / 72.0);
    gboolean ok = nb_pdf_paths_draw(cos, number - 1, cr);
    cairo_destroy(cr);
    if (!ok) {
        cairo_surface_destroy(s);
        return NULL;
    }
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

/* Below this gray value a pixel is ink, as layout/rulings.c binarises. */
#define INK_BELOW 200

/* Pixels compared with paper at a time. */
#define PAPER_RUN 16
static const guint32 paper_run[PAPER_RUN] = {
    0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF,
    0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF};

/* 1 bit: the pixels whose gray (nb_ink_gray) is below INK_BELOW, what
 * pixThresholdToBinary of the gray image gives, without making the gray
 * image; runs of white paper are skipped whole. */
static void row_to_ink(const guint32 *src, l_uint32 *dst, int w)
{
    for (int x0 = 0; x0 < w; x0 += PAPER_RUN) {
        int x1 = MIN(x0 + PAPER_RUN, w);
        if (x1 - x0 == PAPER_RUN && !memcmp(src + x0, paper_run, sizeof paper_run))
            continue; /* paper, as blank_surface left it */
        for (int x = x0; x < x1; x++) {
            guint32 px = src[x] & 0xFFFFFF;
            if (px != 0xFFFFFF &&
                nb_ink_gray((px >> 16) & 0xFF, (px >> 8) & 0xFF, px & 0xFF) < INK_BELOW)
                SET_DATA_BIT(dst, x);
        }
    }
}

/* A new 1-bit PIX of the surface's ink (row_to_ink). */
static PIX *surface_to_ink(cairo_surface_t *s)
{
    return surface_convert(s, 1, row_to_ink);
}

/* The gray PIX of a surface (consumed); NULL with `err` set when Leptonica
 * cannot hold it. */
static struct Pix *gray_of(cairo_surface_t *s, int number, nb_error *err)
{
    PIX *pix = surface_to_pix(s, 8);
    cairo_surface_destroy(s);
    if (!pix)
        nb_error_set(err, NB_ERR_FORMAT, "cannot render page %d", number);
    return pix;
}

struct Pix *nb_pdf_paths_gray(PopplerPage *page, nb_cos *cos, int number, double dpi,
                              const nb_limits *lim, nb_error *err)
{
    cairo_surface_t *s = paths_surface(page, cos, number, dpi, lim, err);
    return s ? gray_of(s, number, err) : NULL;
}

struct Pix *nb_pdf_render_rulings(PopplerPage *page, nb_cos *cos, int number, double dpi,
                                  const nb_limits *lim, gboolean *from_paths, nb_error *err)
{
    if (from_paths)
        *from_paths = FALSE;
    nb_error local = {0};
    cairo_surface_t *s = paths_surface(page, cos, number, dpi, lim, &local);
    if (local.cls != NB_ERR_NONE) {
        nb_error_set(err, local.cls, "%s", local.message ? local.message : "cannot render");
        nb_error_clear(&local);
        return NULL;
    }
    if (!s)
        s = render_surface(page, number, dpi, lim, err);
    else if (from_paths)
        *from_paths = TRUE;
    if (!s)
        return NULL;
    PIX *pix = surface_to_ink(s);
    cairo_surface_destroy(s);
    if (!pix)
        nb_error_set(err, NB_ERR_FORMAT, "cannot render page %d", number);
    return pix;
}
