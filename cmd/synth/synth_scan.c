/*
 * synth_scan.c — the "scan" renderer: a synthetic report as an office scan.
 *
 * The record is first rendered as a PDF (synth_pdf.c); each page is then
 * rasterised at SCAN_DPI (the reader's own nb_pdf_render_gray) and degraded the way a
 * document feeder degrades paper: a small rotation, a slight warp, blur,
 * sensor noise, then either JPEG compression of the gray page or a bilevel
 * threshold (chosen by the seed).  The pages are written as one multi-page
 * TIFF, so the same numbers that the record holds are on the pages.
 */
#include "cmd/synth/synth.h"
#include "extract/pdf_render.h"

#include <leptonica/allheaders.h>
#include <math.h>
#include <poppler.h>

#define SCAN_DPI 300.0

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
        nb_error rerr = {0};
        PIX *clean = nb_pdf_render_gray(page, i + 1, SCAN_DPI, NULL, &rerr);
        if (!clean) {
            g_object_unref(page);
            *err = g_strdup_printf("cannot rasterise the synthetic page: %s", rerr.message);
            nb_error_clear(&rerr);
            ok = FALSE;
            break;
        }
        PIX *scan = degrade(clean, rng, bilevel);
        pixaAddPix(pages, scan, L_INSERT);
        pixDestroy(&clean);
        g_object_unref(page);
    }
    l_uint8 *data = NULL;
    size_t size = 0;
    if (ok) {
        ok = pixaGetCount(pages) > 0 && pixaWriteMemMultipageTiff(&data, &size, pages) == 0;
        if (ok)
            g_byte_array_append(out, data, (guint)size);
        else
            *err = g_strdup("cannot encode the scanned pages as TIFF");
    }
    lept_free(data);
    pixaDestroy(&pages);
    g_rand_free(rng);
    g_object_unref(doc);
    return ok;
}
