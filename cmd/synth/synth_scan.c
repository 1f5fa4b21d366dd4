/*
 * synth_scan.c — the "scan" renderer: a synthetic report as an office scan.
 *
 * The record is first rendered as a PDF (synth_pdf.c); each page is then
 * rasterised at SCAN_DPI (the reader's own nb_pdf_render_gray) and degraded
 * the way a document feeder degrades paper: a small rotation, a slight warp,
 * blur, uneven light and a shadow at the binding (office scans), sensor
 * noise, then either JPEG compression of the gray page or a bilevel
 * threshold (chosen by the seed).  With opts->office (the command line's
 * `synth --format scan`) the light is uneven on some pages and the PDF is
 * printed the way offices print (synth_office.h: typefaces, the signature
 * under a red seal, seals over tables, ticks in the margin, running heads);
 * without it (the unit tests' fixtures) the pages are the plain feeder
 * scans they were tuned on.  Office scans that are not bilevel are colour
 * (the red seal stays red, as on a colour scanner) and stored as JPEG in
 * the TIFF, the way colour scanners store them; bilevel pages and the
 * feeder's gray pages are stored losslessly (G4, zip) after the gray page's
 * own JPEG round trip.  What was applied is logged with g_debug
 * (G_MESSAGES_DEBUG=all), so that an evaluation can sort its figures by
 * degradation.  The pages are written as one multi-page TIFF, so the same
 * numbers that the record holds are on the pages.
 */
#include "cmd/synth/synth.h"
#include "extract/pdf_render.h"

#include <leptonica/allheaders.h>
#include <math.h>
#include <glib/gstdio.h>
#include <poppler.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* The same random warp on every channel of a colour page (Leptonica warps
 * 8-bit images only; one seed gives one displacement field). */
static PIX *warp(PIX *pix, l_uint32 seed)
{
    if (pixGetDepth(pix) != 32)
        return pixRandomHarmonicWarp(pix, 1.5f, 1.5f, 0.002f, 0.002f, 2, 2, seed, 255);
    PIX *ch[3] = {NULL, NULL, NULL};
    static const int which[3] = {COLOR_RED, COLOR_GREEN, COLOR_BLUE};
    for (int i = 0; i < 3; i++) {
        PIX *one = pixGetRGBComponent(pix, which[i]);
        ch[i] = one ? pixRandomHarmonicWarp(one, 1.5f, 1.5f, 0.002f, 0.002f, 2, 2, seed, 255) : NULL;
        pixDestroy(&one);
    }
    PIX *out = ch[0] && ch[1] && ch[2] ? pixCreateRGBImage(ch[0], ch[1], ch[2]) : NULL;
    for (int i = 0; i < 3; i++)
        pixDestroy(&ch[i]);
    return out;
}

/* One pixel value (a gray byte or a colour channel) scaled by `f`. */
static unsigned scale_byte(unsigned v, double f)
{
    int s = (int)(v * f + 0.5);
    return (unsigned)CLAMP(s, 0, 255);
}

/* Multiplies the paper's brightness by a light field: a gradient across the
 * page from `low` to 1 (a lamp or a flatbed lid not quite closed) and, when
 * `shadow` > 0, a shadow at the binding on one side that darkens to
 * `shadow` over `shadow_w` pixels (a bound report pressed on the glass).
 * Ink stays dark; the paper goes gray.  Returns a new PIX of the same depth
 * (8 or 32 bpp). */
static PIX *light_field(PIX *pix, double low, double angle, double shadow, int shadow_w,
                        gboolean shadow_left)
{
    PIX *out = pixCopy(NULL, pix);
    if (!out || (pixGetDepth(out) != 8 && pixGetDepth(out) != 32))
        return out;
    gboolean colour = pixGetDepth(out) == 32;
    int w = pixGetWidth(out), h = pixGetHeight(out), wpl = pixGetWpl(out);
    l_uint32 *data = pixGetData(out);
    double ca = cos(angle), sa = sin(angle), span = fabs(ca) * w + fabs(sa) * h;
    for (int y = 0; y < h; y++) {
        l_uint32 *line = data + (gsize)y * wpl;
        for (int x = 0; x < w; x++) {
            double t = ((x - w / 2.0) * ca + (y - h / 2.0) * sa) / span + 0.5;
            double f = low + (1 - low) * CLAMP(t, 0, 1);
            int edge = shadow_left ? x : w - 1 - x;
            if (shadow > 0 && edge < shadow_w) {
                double s = (double)edge / shadow_w;
                f *= shadow + (1 - shadow) * s * s;
            }
            if (colour) {
                l_int32 r, g, b;
                extractRGBValues(line[x], &r, &g, &b);
                composeRGBPixel((l_int32)scale_byte((unsigned)r, f), (l_int32)scale_byte((unsigned)g, f),
                                (l_int32)scale_byte((unsigned)b, f), line + x);
            } else {
                SET_DATA_BYTE(line, x, scale_byte(GET_DATA_BYTE(line, x), f));
            }
        }
    }
    return out;
}

/* Degrades a clean page (8-bit gray, or 32-bit colour for office scans)
 * like an office scan; every random choice comes from `rng`.  A colour page
 * stays colour unless bilevel, and its JPEG compression is left to the TIFF
 * writer: *quality receives the quality drawn (0 when the page is already
 * final).  `what` receives the degradations applied, for the debug log. */
static PIX *degrade(PIX *clean, GRand *rng, gboolean bilevel, gboolean office, int *quality,
                    GString *what)
{
    *quality = 0;
    PIX *pix = pixClone(clean);
    double deg = g_rand_double_range(rng, 0.3, 2.0) * (g_rand_boolean(rng) ? 1 : -1);
    step(&pix, pixRotate(pix, (l_float32)(deg * M_PI / 180.0), L_ROTATE_AREA_MAP,
                         L_BRING_IN_WHITE, 0, 0));
    step(&pix, warp(pix, g_rand_int(rng)));
    step(&pix, pixGetDepth(pix) == 32 ? pixBlockconv(pix, 1, 1) : pixBlockconvGray(pix, NULL, 1, 1));
    g_string_append_printf(what, "skew %.1f", deg);
    /* uneven light and a shadow at the binding, drawn from the stream
     * after the feeder's choices so that those stay as they were */
    gboolean uneven = office && g_rand_int_range(rng, 0, 100) < 45;
    gboolean shadow = office && g_rand_int_range(rng, 0, 100) < 30;
    double low = office ? g_rand_double_range(rng, 0.72, 0.9) : 1;
    double angle = office ? g_rand_double_range(rng, 0, 2 * M_PI) : 0;
    double depth = office ? g_rand_double_range(rng, 0.35, 0.6) : 0;
    int shadow_w = office ? g_rand_int_range(rng, 60, 220) : 0;
    gboolean left = office && g_rand_boolean(rng);
    if (uneven || shadow) {
        step(&pix, light_field(pix, uneven ? low : 1.0, angle, shadow ? depth : 0, shadow_w, left));
        g_string_append_printf(what, "%s%s", uneven ? ", uneven light" : "", shadow ? ", binding shadow" : "");
    }
    step(&pix, pixAddGaussianNoise(pix, (l_float32)g_rand_double_range(rng, 3.0, 7.0)));
    gboolean colour = pixGetDepth(pix) == 32;
    g_string_append(what, bilevel ? ", bilevel" : colour ? ", colour JPEG" : ", gray JPEG");
    if (bilevel) {
        if (colour) /* a fax or a bilevel scanner sees the seal as gray */
            step(&pix, pixConvertRGBToLuminance(pix));
        step(&pix, pixThresholdToBinary(pix, 160));
    } else if (colour) {
        *quality = g_rand_int_range(rng, 45, 75);
    } else {
        step(&pix, jpeg_round_trip(pix, g_rand_int_range(rng, 45, 75)));
    }
    return pix;
}

/* Writes the pages as one multi-page TIFF into new Leptonica memory (*data,
 * lept_free): pages with a JPEG quality in `qualities` (colour office
 * scans) JPEG-compressed, the others as pixaWriteMemMultipageTiff stores
 * them (G4 for bilevel, zip for gray).  Leptonica appends TIFF pages only
 * to a file, so the JPEG pages go through a temporary file. */
static gboolean write_tiff(PIXA *pages, NUMA *qualities, l_uint8 **data, size_t *size)
{
    l_int32 q0 = 0;
    numaGetIValue(qualities, 0, &q0);
    if (q0 == 0)
        return pixaWriteMemMultipageTiff(data, size, pages) == 0;
    char *path = NULL;
    int fd = g_file_open_tmp("nianbao-scan-XXXXXX.tif", &path, NULL);
    if (fd < 0)
        return FALSE;
    close(fd);
    gboolean ok = TRUE;
    for (int i = 0; ok && i < pixaGetCount(pages); i++) {
        l_int32 q = 0;
        numaGetIValue(qualities, i, &q);
        PIX *pix = pixaGetPix(pages, i, L_CLONE);
        l_int32 comp = pixGetDepth(pix) == 1 ? IFF_TIFF_G4 : q > 0 ? IFF_TIFF_JPEG : IFF_TIFF_ZIP;
        if (q > 0)
            l_jpegSetQuality(q);
        ok = pixWriteTiff(path, pix, comp, i == 0 ? "w" : "a") == 0;
        pixDestroy(&pix);
    }
    l_jpegSetQuality(75);
    gchar *bytes = NULL;
    gsize len = 0;
    ok = ok && g_file_get_contents(path, &bytes, &len, NULL);
    g_unlink(path);
    g_free(path);
    if (ok) {
        *data = (l_uint8 *)malloc(len);
        if (!*data) {
            g_free(bytes);
            return FALSE;
        }
        memcpy(*data, bytes, len);
        *size = len;
    }
    g_free(bytes);
    return ok;
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
    NUMA *qualities = numaCreate(0);
    for (int i = 0; i < poppler_document_get_n_pages(doc); i++) {
        PopplerPage *page = poppler_document_get_page(doc, i);
        nb_error rerr = {0};
        gboolean office = opts && opts->office;
        PIX *clean = office ? nb_pdf_render_rgb(page, i + 1, SCAN_DPI, NULL, &rerr)
                            : nb_pdf_render_gray(page, i + 1, SCAN_DPI, NULL, &rerr);
        if (!clean) {
            g_object_unref(page);
            *err = g_strdup_printf("cannot rasterise the synthetic page: %s", rerr.message);
            nb_error_clear(&rerr);
            ok = FALSE;
            break;
        }
        GString *what = g_string_new(NULL);
        int quality = 0;
        PIX *scan = degrade(clean, rng, bilevel, office, &quality, what);
        g_debug("synth seed %u page %d: %s", opts ? opts->seed : 1, i + 1, what->str);
        g_string_free(what, TRUE);
        pixaAddPix(pages, scan, L_INSERT);
        numaAddNumber(qualities, (l_float32)quality);
        pixDestroy(&clean);
        g_object_unref(page);
    }
    l_uint8 *data = NULL;
    size_t size = 0;
    if (ok) {
        ok = pixaGetCount(pages) > 0 && write_tiff(pages, qualities, &data, &size);
        if (ok)
            g_byte_array_append(out, data, (guint)size);
        else
            *err = g_strdup("cannot encode the scanned pages as TIFF");
    }
    lept_free(data);
    pixaDestroy(&pages);
    numaDestroy(&qualities);
    g_rand_free(rng);
    g_object_unref(doc);
    return ok;
}
