/* pdf_precheck.c — see pdf_precheck.h. */
#include "extract/pdf_precheck.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* How far before a `stream` keyword its dictionary is looked for. */
#define DICT_LOOKBACK 4096

/* Depth of `q` nesting, fed a stream's bytes chunk by chunk. */
typedef struct {
    long depth, max_depth;
    int prev;      /* last byte seen (a delimiter at the start) */
    int pending;   /* 'q' or 'Q' just seen, waiting for a delimiter after it */
} qdepth;

static gboolean is_delim(int c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0' ||
           strchr("()<>[]{}/%", c) != NULL;
}

static void qdepth_feed(qdepth *q, const guchar *p, gsize n)
{
    for (gsize i = 0; i < n; i++) {
        int c = p[i];
        if (q->pending && is_delim(c)) {
            q->depth += q->pending == 'q' ? 1 : (q->depth > 0 ? -1 : 0);
            q->max_depth = MAX(q->max_depth, q->depth);
        }
        q->pending = (c == 'q' || c == 'Q') && is_delim(q->prev) ? c : 0;
        q->prev = c;
    }
}

/* Inflates a Flate stream into the counter (NULL: only counts), dropping
 * what it decoded, at most `cap` bytes.  Returns the bytes decoded. */
static gsize inflate_into(const guchar *p, gsize n, qdepth *q, gsize cap)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit(&z) != Z_OK)
        return 0;
    guchar out[65536];
    gsize total = 0;
    z.next_in = (Bytef *)p;
    z.avail_in = (uInt)MIN(n, (gsize)G_MAXUINT);
    for (;;) {
        z.next_out = out;
        z.avail_out = sizeof out;
        int rc = inflate(&z, Z_NO_FLUSH);
        gsize got = sizeof out - z.avail_out;
        if (q)
            qdepth_feed(q, out, got);
        total += got;
        if (rc != Z_OK || total > cap || (got == 0 && z.avail_in == 0))
            break;
    }
    inflateEnd(&z);
    return total;
}

/* The integer after `key` in the dictionary text, or -1. */
static gint64 dict_int(const char *dict, gsize n, const char *key)
{
    const char *k = g_strstr_len(dict, (gssize)n, key);
    if (!k)
        return -1;
    k += strlen(key);
    while (k < dict + n && (*k == ' ' || *k == '\n' || *k == '\r'))
        k++;
    if (k >= dict + n || !g_ascii_isdigit(*k))
        return -1;
    return g_ascii_strtoll(k, NULL, 10);
}

/* The dictionary before the `stream` keyword at `kw`: from the last "obj"
 * before it (at most DICT_LOOKBACK bytes back). */
static const char *stream_dict(const guchar *data, gsize kw, gsize *n)
{
    gsize from = kw > DICT_LOOKBACK ? kw - DICT_LOOKBACK : 0;
    const char *start = (const char *)data + from;
    for (gsize i = kw; i >= from + 3; i--)
        if (!memcmp(data + i - 3, "obj", 3)) {
            start = (const char *)data + i;
            break;
        }
    *n = (gsize)((const char *)data + kw - start);
    return start;
}

/* Embedded font files: /FontFile and /FontFile2 declare /Length1, /FontFile3
 * a /Subtype of its own. */
static gboolean is_font_file(const char *dict, gsize n)
{
    static const char *marks[] = {"/Length1", "/Length2", "/Type1C", "/CIDFontType0C",
                                  "/OpenType"};
    for (gsize i = 0; i < G_N_ELEMENTS(marks); i++)
        if (g_strstr_len(dict, (gssize)n, marks[i]))
            return TRUE;
    return FALSE;
}

static gboolean image_too_big(const char *dict, gsize n, const nb_limits *lim, nb_error *err)
{
    if (!g_strstr_len(dict, (gssize)n, "/Image") || lim->max_pixels <= 0)
        return FALSE;
    gint64 w = dict_int(dict, n, "/Width"), h = dict_int(dict, n, "/Height");
    if (w <= 0 || h <= 0 || (double)w * (double)h <= (double)lim->max_pixels)
        return FALSE;
    nb_error_set(err, NB_ERR_LIMIT,
                 "the PDF has an image of %" G_GINT64_FORMAT " x %" G_GINT64_FORMAT
                 " pixels, over the limit of %" G_GINT64_FORMAT " (--max-pixels)", w, h,
                 (gint64)lim->max_pixels);
    return TRUE;
}

gboolean nb_pdf_precheck(const guchar *data, gsize len, const nb_limits *lim, nb_error *err)
{
    const char *end_kw = "endstream";
    for (gsize i = 0; i + 7 < len;) {
        const guchar *kw = memmem(data + i, len - i, "stream", 6);
        if (!kw)
            break;
        gsize at = (gsize)(kw - data);
        i = at + 6;
        if (at >= 3 && !memcmp(kw - 3, "end", 3))
            continue;
        gsize body = at + 6;
        if (body < len && data[body] == '\r')
            body++;
        if (body < len && data[body] == '\n')
            body++;
        else if (body == at + 6)
            continue; /* "stream" inside some other word or string */
        const guchar *stop = memmem(data + body, len - body, end_kw, strlen(end_kw));
        gsize blen = (stop ? (gsize)(stop - data) : len) - body;
        gsize dn = 0;
        const char *dict = stream_dict(data, at, &dn);
        if (image_too_big(dict, dn, lim, err))
            return FALSE;
        qdepth q = {0, 0, ' ', 0};
        gboolean flate = g_strstr_len(dict, (gssize)dn, "/FlateDecode") != NULL;
        if (is_font_file(dict, dn)) {
            gsize size = flate ? inflate_into(data + body, blen, NULL, NB_PDF_MAX_FONT) : blen;
            if (size > NB_PDF_MAX_FONT) {
                nb_error_set(err, NB_ERR_LIMIT, "the PDF embeds a font of more than %u MB "
                             "(fonts are a few MB; over the bound of the reader)",
                             NB_PDF_MAX_FONT >> 20);
                return FALSE;
            }
        } else if (g_strstr_len(dict, (gssize)dn, "/Image")) {
            ; /* image data holds no operators */
        } else if (flate) {
            inflate_into(data + body, blen, &q, NB_PDF_PRECHECK_INFLATE);
        } else if (!g_strstr_len(dict, (gssize)dn, "/Filter")) {
            qdepth_feed(&q, data + body, blen);
        }
        qdepth_feed(&q, (const guchar *)" ", 1);
        if (q.max_depth > NB_PDF_MAX_Q_DEPTH) {
            nb_error_set(err, NB_ERR_FORMAT,
                         "corrupt PDF: graphics states nested %ld deep, over the bound of %d "
                         "(a page that saves the state without end)",
                         q.max_depth, NB_PDF_MAX_Q_DEPTH);
            return FALSE;
        }
        i = body + blen;
    }
    return TRUE;
}
