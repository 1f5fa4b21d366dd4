/* review_images.c — see review_images.h. */
#include "cmd/review/review_images.h"
#include "extract/exif.h"
#include "extract/pdf_render.h"

#include <leptonica/allheaders.h>
#include <poppler.h>

/* Resolution of an embedded PDF page: small print (8 pt table text) stays
 * legible at 110 dpi, and a 10-page scan stays well under 5 MB. */
#define PAGE_DPI 110.0
#define MAX_WIDTH 1400
#define JPEG_QUALITY 70

static void image_free(gpointer p)
{
    nb_review_image *im = p;
    g_bytes_unref(im->jpeg);
    g_free(im);
}

void nb_review_images_free(GPtrArray *images)
{
    if (images)
        g_ptr_array_free(images, TRUE);
}

/* Encodes `pix` (consumed) as a gray JPEG no wider than MAX_WIDTH into a new
 * image of page `page` whose size in box units is w x h. */
static nb_review_image *encode(PIX *pix, int page, double w, double h)
{
    PIX *gray = pixGetDepth(pix) == 8 && !pixGetColormap(pix) ? pixClone(pix)
                                                               : pixConvertTo8(pix, FALSE);
    pixDestroy(&pix);
    if (gray && pixGetWidth(gray) > MAX_WIDTH) {
        PIX *small = pixScale(gray, (float)MAX_WIDTH / pixGetWidth(gray),
                              (float)MAX_WIDTH / pixGetWidth(gray));
        pixDestroy(&gray);
        gray = small;
    }
    l_uint8 *data = NULL;
    size_t size = 0;
    if (!gray || pixWriteMemJpeg(&data, &size, gray, JPEG_QUALITY, 0) != 0) {
        pixDestroy(&gray);
        return NULL;
    }
    nb_review_image *im = g_new0(nb_review_image, 1);
    im->page = page;
    im->width = w;
    im->height = h;
    im->pixel_width = pixGetWidth(gray);
    im->pixel_height = pixGetHeight(gray);
    im->jpeg = g_bytes_new(data, size);
    lept_free(data);
    pixDestroy(&gray);
    return im;
}

static gboolean pdf_images(GBytes *bytes, const nb_limits *lim, GPtrArray *out, nb_error *err)
{
    GError *ge = NULL;
    PopplerDocument *pd = poppler_document_new_from_bytes(bytes, NULL, &ge);
    if (!pd) {
        nb_error_set(err, NB_ERR_FORMAT, "PDF cannot be opened: %s", ge ? ge->message : "?");
        g_clear_error(&ge);
        return FALSE;
    }
    int n = poppler_document_get_n_pages(pd);
    if (lim->max_pages > 0 && n > lim->max_pages)
        n = lim->max_pages;
    gboolean ok = TRUE;
    for (int i = 0; i < n && ok; i++) {
        PopplerPage *page = poppler_document_get_page(pd, i);
        double w = 0, h = 0;
        poppler_page_get_size(page, &w, &h);
        PIX *pix = nb_pdf_render_gray(page, i + 1, PAGE_DPI, lim, err);
        nb_review_image *im = pix ? encode(pix, i + 1, w, h) : NULL;
        if (im)
            g_ptr_array_add(out, im);
        else if (pix || err->cls == NB_ERR_NONE)
            nb_error_set(err, NB_ERR_FORMAT, "page %d cannot be rendered", i + 1);
        ok = im != NULL;
        g_object_unref(page);
    }
    g_object_unref(pd);
    return ok;
}

static gboolean image_frames(const guchar *data, gsize len, const nb_limits *lim, GPtrArray *out,
                             nb_error *err)
{
    l_int32 format = 0;
    if (findFileFormatBuffer(data, &format) != 0)
        format = IFF_UNKNOWN;
    gboolean tiff = L_FORMAT_IS_TIFF(format); /* JPEG-compressed TIFFs too */
    for (int i = 0; lim->max_pages <= 0 || i < lim->max_pages; i++) {
        PIX *pix = tiff ? pixReadMemTiff(data, len, i) : (i == 0 ? pixReadMem(data, len) : NULL);
        if (!pix)
            break;
        if (format == IFF_JFIF_JPEG) { /* upright, as the reader read it (boxes match) */
            PIX *up = nb_exif_upright(pix, nb_exif_orientation(data, len));
            pixDestroy(&pix);
            if (!(pix = up))
                break;
        }
        double w = pixGetWidth(pix), h = pixGetHeight(pix);
        if (lim->max_pixels > 0 && w * h > (double)lim->max_pixels) {
            pixDestroy(&pix);
            nb_error_set(err, NB_ERR_LIMIT, "page %d has more than %lld pixels (--max-pixels)",
                         i + 1, (long long)lim->max_pixels);
            return FALSE;
        }
        nb_review_image *im = encode(pix, i + 1, w, h);
        if (!im) {
            nb_error_set(err, NB_ERR_FORMAT, "page %d cannot be encoded", i + 1);
            return FALSE;
        }
        g_ptr_array_add(out, im);
    }
    return TRUE;
}

GPtrArray *nb_review_images(const char *path, const nb_limits *lim, nb_error *err)
{
    err->cls = NB_ERR_NONE;
    err->message = NULL;
    GError *ge = NULL;
    gchar *data = NULL;
    gsize len = 0;
    if (!g_file_get_contents(path, &data, &len, &ge)) {
        nb_error_set(err, NB_ERR_IO, "%s", ge->message);
        g_clear_error(&ge);
        return NULL;
    }
    GPtrArray *out = g_ptr_array_new_with_free_func(image_free);
    gboolean ok = TRUE;
    nb_kind kind = nb_sniff((const guchar *)data, len);
    if (kind == NB_KIND_PDF) {
        GBytes *bytes = g_bytes_new_take(data, len);
        data = NULL;
        setMsgSeverity(L_SEVERITY_NONE);
        ok = pdf_images(bytes, lim, out, err);
        g_bytes_unref(bytes);
    } else if (kind == NB_KIND_IMAGE) {
        setMsgSeverity(L_SEVERITY_NONE);
        ok = image_frames((const guchar *)data, len, lim, out, err);
    }
    g_free(data);
    if (!ok) {
        g_ptr_array_free(out, TRUE);
        return NULL;
    }
    return out;
}
