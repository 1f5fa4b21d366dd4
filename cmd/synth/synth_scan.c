/*
 * synth_scan.c — the "scan" renderer: a synthetic report as an office scan.
 *
 * The record is first rendered as a PDF (synth_pdf.c); each page is then
 * rasterised with poppler and cairo at SCAN_DPI and degraded the way a
 * document feeder degrades paper: a small rotation, a slight warp, blur,
 * sensor noise, then either JPEG compression of the gray page or a bilevel
 * threshold (chosen by the seed).  The pages are written as one multi-page
 * TIFF, so the same numbers that the record holds are on the pages.
 */
#include "cmd/synth/synth.h"

#include <cairo.h>
#include <leptonica/allheaders.h>
#include <math.h>
#include <poppler.h>

#define SCAN_DPI 300.0

/* Renders one PDF page on white into a new 8-bpp gray PIX. */
static PIX *rasterise(PopplerPage *page)
{
    double w_pt, h_pt;
    poppler_page_get_size(page, &w_pt, &h_pt);
    int w = (int)ceil(w_pt * SCAN_DPI / 72.0), h = (int)ceil(h_pt * SCAN_DPI / 72.0);
    cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t *cr = cairo_create(surf);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, SCAN_DPI / 72.0, SCAN_DPI / 72.0);
    poppler_page_render(page, cr);
    cairo_destroy(cr);
    cairo_surface_flush(surf);
    PIX *pix = pixCreate(w, h, 8);
    const unsigned char *data = cairo_image_surface_get_data(surf);
    int stride = cairo_image_surface_get_stride(surf);
    for (int y = 0; y < h; y++) {
        const guint32 *row = (const guint32 *)(data + (gsize)y * stride);
        for (int x = 0; x < w; x++) {
            guint32 p = row[x];
            int r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
            pixSetPixel(pix, x, y, (l_uint32)((r * 299 + g * 587 + b * 114) / 1000));
        }
    }
    cairo_surface_destroy(surf);
    return pix;
}

/* Replaces *pix by `next` when the step succeeded (Leptonica returns NULL
 * on failure; the page then simply skips that degradation). */
static void step(PIX **pix, PIX *next)
{
    if (!next)
        return;
    pixDestroy(pix);
    *pix = next;
}

static PIX *jpeg_round_trip(PIX *pix, int quality)
{
    l_uint8 *data = NULL;
    size_t size = 0;
    if (pixWriteMemJpeg(&data, &size, pix, quality, 0) != 0)
        return NULL;
    PIX *back = pixReadMem(data, size);
    lept_free(data);
    return back;
}

/* Degrades a clean page like a feeder scan; every random choice comes from
 * `rng`. */
static PIX *degrade(PIX *clean, GRand *rng, gboolean bilevel)
{
    PIX *pix = pixClone(clean);
    double deg = g_rand_double_range(rng, 0.3, 2.0) * (g_rand_boolean(rng) ? 1 : -1);
    step(&pix, pixRotate(pix, (l_float32)(deg * M_PI / 180.0), L_ROTATE_AREA_MAP,
                         L_BRING_IN_WHITE, 0, 0));
    step(&pix, pixRandomHarmonicWarp(pix, 1.5f, 1.5f, 0.002f, 0.002f, 2, 2,
                                     g_rand_int(rng), 255));
    step(&pix, pixBlockconvGray(pix, NULL, 1, 1));
    step(&pix, pixAddGaussianNoise(pix, (l_float32)g_rand_double_range(rng, 3.0, 7.0)));
    if (bilevel)
        step(&pix, pixThresholdToBinary(pix, 160));
    else
        step(&pix, jpeg_round_trip(pix, g_rand_int_range(rng, 45, 75)));
    return pix;
}

gboolean nb_synth_render_scan(const nb_record *r, const nb_schema *s, const nb_synth_opts *opts,
                              GByteArray *out, char **err)
{
    GByteArray *pdf = g_byte_array_new();
    gboolean ok = nb_synth_render_pdf(r, s, opts, pdf, err);
    if (!ok) {
        g_byte_array_free(pdf, TRUE);
        return FALSE;
    }
    GError *ge = NULL;
    GBytes *bytes = g_byte_array_free_to_bytes(pdf);
    PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &ge);
    g_bytes_unref(bytes);
    if (!doc) {
        *err = g_strdup_printf("cannot reopen the synthetic PDF: %s", ge ? ge->message : "?");
        g_clear_error(&ge);
        return FALSE;
    }
    GRand *rng = g_rand_new_with_seed(opts ? opts->seed : 1);
    gboolean bilevel = opts && (opts->seed % 2 == 1);
    PIXA *pages = pixaCreate(0);
    for (int i = 0; i < poppler_document_get_n_pages(doc); i++) {
        PopplerPage *page = poppler_document_get_page(doc, i);
        PIX *clean = rasterise(page);
        PIX *scan = degrade(clean, rng, bilevel);
        pixaAddPix(pages, scan, L_INSERT);
        pixDestroy(&clean);
        g_object_unref(page);
    }
    l_uint8 *data = NULL;
    size_t size = 0;
    ok = pixaGetCount(pages) > 0 && pixaWriteMemMultipageTiff(&data, &size, pages) == 0;
    if (ok)
        g_byte_array_append(out, data, (guint)size);
    else
        *err = g_strdup("cannot encode the scanned pages as TIFF");
    lept_free(data);
    pixaDestroy(&pages);
    g_rand_free(rng);
    g_object_unref(doc);
    return ok;
}
