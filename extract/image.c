/*
 * image.c — the image reader: PNG, JPEG, TIFF (one page per frame), BMP,
 * GIF, WebP, PNM, decoded with Leptonica and read page by page with the scan
 * path (ocr.h).
 *
 * Sizes are checked from the headers before anything is decoded, so that a
 * decompression bomb (a tiny file declaring a huge image) or a TIFF with
 * thousands of frames is refused without allocating it.
 *
 * libpng, libjpeg and libtiff print their own warnings and errors on stderr
 * ("libpng error: IDAT: CRC error", "Corrupt JPEG data: …"); Leptonica's
 * are switched off.  While an image is decoded, descriptor 2 is caught
 * (pdf_quiet.h, the same capture the PDF reader uses) and the first message
 * goes into the one-line error of an image that cannot be decoded, or into
 * a document warning of one that can.
 */
#include "extract/ocr.h"
#include "extract/pdf_quiet.h"
#include "extract/reader.h"
#include "extract/exif.h"

#include <leptonica/allheaders.h>
#include <stdio.h>

static gboolean check_pixels(gint64 w, gint64 h, int frame, const nb_limits *lim, nb_error *err)
{
    if (w <= 0 || h <= 0) {
        nb_error_set(err, NB_ERR_FORMAT, "corrupt image: frame %d has no pixels", frame);
        return FALSE;
    }
    if (lim->max_pixels > 0 && w * h > lim->max_pixels) {
        nb_error_set(err, NB_ERR_LIMIT,
                     "image frame %d is %lld x %lld pixels, over the limit of %lld (--max-pixels)",
                     frame, (long long)w, (long long)h, (long long)lim->max_pixels);
        return FALSE;
    }
    return TRUE;
}

/* Counts the frames of a TIFF and checks each frame's size from its
 * directory, without decoding.  Returns the count, or -1 with `err` set. */
static int tiff_frames(const guchar *data, gsize len, const nb_limits *lim, nb_error *err)
{
    int n = 0;
    for (;; n++) {
        l_int32 w = 0, h = 0, bps, spp, res, cmap, fmt;
        /* libtiff warns on stderr about tags it does not know: caught, dropped
         * (the frame's decoding reports what matters) */
        nb_pdf_quiet *q = nb_pdf_quiet_begin();
        gboolean more = readHeaderMemTiff(data, len, n, &w, &h, &bps, &spp, &res, &cmap, &fmt) == 0;
        nb_pdf_quiet_end(q, NULL);
        if (!more)
            break;
        if (lim->max_pages > 0 && n + 1 > lim->max_pages) {
            nb_error_set(err, NB_ERR_LIMIT, "TIFF has more than %d frames (--max-pages)",
                         lim->max_pages);
            return -1;
        }
        if (!check_pixels(w, h, n + 1, lim, err))
            return -1;
    }
    if (n == 0)
        nb_error_set(err, NB_ERR_FORMAT, "corrupt TIFF: no readable frame");
    return n == 0 ? -1 : n;
}

/* A phone photo stored sideways (its EXIF orientation not 1) is turned
 * upright before reading; the boxes of its values are then on the page as
 * a viewer shows it, which the warning says. */
static void turn_upright(PIX **pix, int orientation, nb_doc *doc)
{
    if (orientation == 1)
        return;
    PIX *up = nb_exif_upright(*pix, orientation);
    if (!up)
        return;
    pixDestroy(pix);
    *pix = up;
    nb_doc_warn(doc, NULL, "the photo's EXIF orientation %d was applied: the page was turned upright "
                           "before reading, and boxes are on the page as shown upright", orientation);
}

/* Frame `i` (0-based) of `frames` decoded, or NULL; the decoding library's
 * first message on stderr, caught, goes to *said (g_free; NULL when none). */
static PIX *decode_frame(const guchar *data, gsize len, int frames, int i, char **said)
{
    nb_pdf_quiet *q = nb_pdf_quiet_begin();
    PIX *pix = frames > 1 ? pixReadMemTiff(data, len, i) : pixReadMem(data, len);
    nb_pdf_quiet_end(q, said);
    return pix;
}

/* Reads the decoded frame `pix` (page `page`, 1-based) into `doc`; `said`
 * is what the decoder printed (may be NULL). */
static gboolean read_frame(PIX *pix, const char *said, int page, nb_doc *doc, const nb_limits *lim,
                           nb_error *err)
{
    if (!pix) {
        nb_error_set(err, NB_ERR_FORMAT, "corrupt image: frame %d cannot be decoded%s%s%s", page,
                     said ? " (" : "", said ? said : "", said ? ")" : "");
        return FALSE;
    }
    if (said)
        nb_doc_warn(doc, NULL, "frame %d: the image decoder reported: %s", page, said);
    /* the header may lie about the size; check what was decoded */
    if (!check_pixels(pixGetWidth(pix), pixGetHeight(pix), page, lim, err))
        return FALSE;
    return nb_ocr_page(pix, page, 1.0, doc, lim, err);
}

static gboolean read_frames(const guchar *data, gsize len, int format, nb_doc *doc,
                            const nb_limits *lim, nb_error *err)
{
    int frames = 1;
    /* every TIFF compression, JPEG included (colour scanners' multi-page
     * TIFFs: counted as one frame, their later pages went unread) */
    if (L_FORMAT_IS_TIFF(format)) {
        frames = tiff_frames(data, len, lim, err);
        if (frames < 0)
            return FALSE;
    }
    for (int i = 0; i < frames; i++) {
        if (nb_limits_expired(lim)) {
            nb_doc_warn(doc, NULL, "time limit reached after %d of %d pages; the rest was not read",
                        i, frames);
            break;
        }
        nb_limits_progress(lim, i + 1, frames);
        char *said = NULL;
        PIX *pix = decode_frame(data, len, frames, i, &said);
        if (pix && format == IFF_JFIF_JPEG)
            turn_upright(&pix, nb_exif_orientation(data, len), doc);
        gboolean ok = read_frame(pix, said, i + 1, doc, lim, err);
        pixDestroy(&pix);
        g_free(said);
        if (!ok)
            return FALSE;
        doc->pages = i + 1;
    }
    return TRUE;
}

nb_doc *nb_read_image(const guchar *data, gsize len, const nb_limits *lim, nb_error *err)
{
    /* Leptonica reports every problem on stderr as well; our one-line error
     * says what matters */
    setMsgSeverity(L_SEVERITY_NONE);
    l_int32 format = 0, w = 0, h = 0, bps = 0, spp = 0, cmap = 0;
    char *said = NULL;
    nb_pdf_quiet *q = nb_pdf_quiet_begin();
    gboolean header = pixReadHeaderMem(data, len, &format, &w, &h, &bps, &spp, &cmap) == 0;
    nb_pdf_quiet_end(q, &said);
    if (!header) {
        nb_error_set(err, NB_ERR_FORMAT, "corrupt or unsupported image (unreadable header%s%s)",
                     said ? ": " : "", said ? said : "");
        g_free(said);
        return NULL;
    }
    g_free(said); /* the frame's decoding says it again, in full */
    if (!check_pixels(w, h, 1, lim, err))
        return NULL;
    nb_doc *doc = nb_doc_new();
    doc->format = "image";
    if (!read_frames(data, len, format, doc, lim, err)) {
        nb_doc_free(doc);
        return NULL;
    }
    nb_doc_warn(doc, NULL, "the image was read by OCR: values with low confidence are flagged");
    return doc;
}
