/* pdf_precheck.c — see pdf_precheck.h. */
#include "extract/pdf_precheck.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* How far before a `stream` keyword its dictionary is looked for. */
#define DICT_LOOKBACK 4096

/* The most one deflate stream can expand (a 258-byte match coded in about
 * two bits: 1032 to 1).  A font whose Flate stream is shorter than the font
 * bound divided by this cannot exceed the bound, so it is not inflated: the
 * embedded CJK fonts were a third of the check's time and poppler inflates
 * them again anyway. */
#define DEFLATE_MAX_RATIO 1032u

/* Bytes of an inline image's dictionary (BI … ID) kept for its /W and /H. */
#define INLINE_DICT 512

/* What a content stream asks of the renderer, fed its bytes chunk by chunk:
 * the depth of `q` nesting, and the largest inline image (BI /W w /H h …
 * ID), which poppler decodes at its declared size like any other. */
typedef struct {
    long depth, max_depth;
    int prev;      /* last byte seen (a delimiter at the start) */
    int pending;   /* 'q' or 'Q' just seen, waiting for a delimiter after it */
    int back[3];   /* the three bytes before the current one, newest first */
    gboolean in_bi; /* inside an inline image's dictionary */
    char bi[INLINE_DICT + 1];
    gsize bi_len;
    gint64 inline_w, inline_h; /* the inline image of most pixels, or 0 */
} qdepth;

static gboolean is_delim(int c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0' ||
           strchr("()<>[]{}/%", c) != NULL;
}

static gint64 dict_int(const char *dict, gsize n, const char *key);

/* The integer of the first of `keys` the inline dictionary has, or -1. */
static gint64 inline_int(const char *dict, gsize n, const char *full, const char *abbrev)
{
    gint64 v = dict_int(dict, n, full);
    return v >= 0 ? v : dict_int(dict, n, abbrev);
}

/* The two-letter operator `op` just ended at a delimiter: the bytes before
 * it were op[0] op[1] and a delimiter. */
static gboolean ended_op(const qdepth *q, const char *op)
{
    return q->back[1] == op[0] && q->back[0] == op[1] && is_delim(q->back[2]);
}

/* An inline image's dictionary ended (ID): its size, kept when it is the
 * largest so far. */
static void inline_image_end(qdepth *q)
{
    q->bi[q->bi_len] = '\0';
    gint64 w = inline_int(q->bi, q->bi_len, "/Width", "/W");
    gint64 h = inline_int(q->bi, q->bi_len, "/Height", "/H");
    if (w > 0 && h > 0 && (double)w * (double)h > (double)q->inline_w * (double)q->inline_h)
        q->inline_w = w, q->inline_h = h;
    q->in_bi = FALSE;
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
        if (is_delim(c) && !q->in_bi && ended_op(q, "BI")) {
            q->in_bi = TRUE;
            q->bi_len = 0;
        } else if (q->in_bi && is_delim(c) && ended_op(q, "ID")) {
            inline_image_end(q);
        } else if (q->in_bi) {
            q->bi[q->bi_len++] = (char)c;
            /* no ID in sight: a "BI" inside image data or a string, not
             * an operator */
            q->in_bi = q->bi_len < INLINE_DICT;
        }
        q->back[2] = q->back[1], q->back[1] = q->back[0], q->back[0] = c;
    }
}

/* Inflates a Flate stream into the counter (NULL: only counts) and into
 * `keep` (NULL: dropped), at most `cap` bytes (a chunk more may be kept).
 * Returns the bytes decoded. */
static gsize inflate_into(const guchar *p, gsize n, qdepth *q, GByteArray *keep, gsize cap)
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
        if (keep)
            g_byte_array_append(keep, out, (guint)got);
        total += got;
        if (rc != Z_OK || total > cap || (got == 0 && z.avail_in == 0))
            break;
    }
    inflateEnd(&z);
    return total;
}

/* The first `key` in the dictionary text followed by a delimiter ("/W" is
 * not "/Width"), or NULL. */
static const char *find_key(const char *dict, gsize n, const char *key)
{
    gsize kn = strlen(key);
    for (const char *k = dict; (k = g_strstr_len(k, (gssize)(dict + n - k), key)); k += kn)
        if (k + kn >= dict + n || is_delim((guchar)k[kn]))
            return k;
    return NULL;
}

/* The integer after `key` in the dictionary text, or -1.  (The value of an
 * indirect reference, "/Width 5 0 R", is not this: see dict_size.) */
static gint64 dict_int(const char *dict, gsize n, const char *key)
{
    const char *k = find_key(dict, n, key);
    if (!k)
        return -1;
    k += strlen(key);
    while (k < dict + n && (*k == ' ' || *k == '\n' || *k == '\r'))
        k++;
    if (k >= dict + n || !g_ascii_isdigit(*k))
        return -1;
    return g_ascii_strtoll(k, NULL, 10);
}

/* The file being checked, and the integer objects packed in its object
 * streams, gathered the first time an indirect size is not found as plain
 * text. */
typedef struct {
    const guchar *data;
    gsize len;
    GHashTable *packed; /* object number → gint64 value (both in gint64 keys/values) */
} pdf_bytes;

static gboolean next_stream(const guchar *data, gsize len, gsize *i, const char **dict, gsize *dn,
                            gsize *body, gsize *blen);

/* Adds the integer objects of one decoded object stream (/N pairs of
 * "number offset", the objects from byte /First on) to `packed`.  `data`
 * holds `len` bytes and a NUL after them, where the number parsers stop. */
static void add_packed(GHashTable *packed, const char *data, gsize len, gint64 count,
                       gint64 first)
{
    const char *s = data, *end = data + len;
    for (gint64 k = 0; k < count && s < end; k++) {
        char *e1 = NULL, *e2 = NULL;
        gint64 num = g_ascii_strtoll(s, &e1, 10);
        gint64 off = e1 && e1 < end ? g_ascii_strtoll(e1, &e2, 10) : -1;
        if (!e2 || e2 == e1 || e2 > end || off < 0 || first + off >= (gint64)len)
            break;
        s = e2;
        const char *v = data + first + off;
        while (v < end && (*v == ' ' || *v == '\n' || *v == '\r'))
            v++;
        if (v < end && g_ascii_isdigit(*v))
            g_hash_table_insert(packed, g_memdup2(&num, sizeof num),
                                g_memdup2(&(gint64){g_ascii_strtoll(v, NULL, 10)}, sizeof(gint64)));
    }
}

/* Decodes the object streams (/Type /ObjStm: Flate or unfiltered, at most
 * NB_PDF_PRECHECK_INFLATE bytes in all: real ones hold a few hundred KB) for
 * the integers packed in them. */
static void gather_packed(pdf_bytes *f)
{
    f->packed = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
    const char *dict;
    gsize i = 0, dn, body, blen, budget = NB_PDF_PRECHECK_INFLATE;
    while (budget > 0 && next_stream(f->data, f->len, &i, &dict, &dn, &body, &blen)) {
        if (!g_strstr_len(dict, (gssize)dn, "/ObjStm"))
            continue;
        gint64 count = dict_int(dict, dn, "/N"), first = dict_int(dict, dn, "/First");
        if (count <= 0 || first < 0)
            continue;
        GByteArray *b = g_byte_array_new();
        if (g_strstr_len(dict, (gssize)dn, "/FlateDecode"))
            inflate_into(f->data + body, blen, NULL, b, budget);
        else if (!g_strstr_len(dict, (gssize)dn, "/Filter"))
            g_byte_array_append(b, f->data + body, (guint)MIN(blen, budget));
        budget -= MIN(budget, b->len);
        gsize n = b->len;
        g_byte_array_append(b, (const guint8 *)"", 1); /* the number parsers stop at the NUL */
        add_packed(f->packed, (const char *)b->data, n, count, first);
        g_byte_array_unref(b);
    }
}

/* The integer object `num gen obj N endobj` of the file, or the integer
 * object `num` packed in an object stream; -1 when it is neither. */
static gint64 object_int(pdf_bytes *f, gint64 num, gint64 gen)
{
    const guchar *data = f->data;
    gsize len = f->len;
    char head[48];
    int hn = g_snprintf(head, sizeof head, "%" G_GINT64_FORMAT " %" G_GINT64_FORMAT " obj", num,
                        gen);
    for (const guchar *p = data; (p = memmem(p, len - (gsize)(p - data), head, (gsize)hn));
         p += hn) {
        if (p > data && !is_delim(p[-1]))
            continue; /* "11 0 obj" is not "1 0 obj" */
        const char *v = (const char *)p + hn;
        const char *end = (const char *)data + len;
        while (v < end && is_delim((guchar)*v) && *v != '/' && *v != '<' && *v != '[')
            v++;
        return v < end && g_ascii_isdigit(*v) ? g_ascii_strtoll(v, NULL, 10) : -1;
    }
    if (gen != 0)
        return -1; /* packed objects are all of generation 0 */
    if (!f->packed)
        gather_packed(f);
    const gint64 *v = g_hash_table_lookup(f->packed, &num);
    return v ? *v : -1;
}

/* The size after `key` in a stream dictionary: a direct integer, or an
 * indirect reference ("/Width 5 0 R") resolved in the file; -1 when it is
 * neither. */
static gint64 dict_size(pdf_bytes *f, const char *dict, gsize n, const char *key)
{
    const char *k = find_key(dict, n, key);
    if (!k)
        return -1;
    char *end = NULL;
    gint64 num = g_ascii_strtoll(k + strlen(key), &end, 10);
    if (!end || end == k + strlen(key) || end >= dict + n)
        return -1;
    char *gen_end = NULL;
    gint64 gen = g_ascii_strtoll(end, &gen_end, 10);
    const char *r = gen_end;
    while (r && r < dict + n && (*r == ' ' || *r == '\n' || *r == '\r'))
        r++;
    if (gen_end != end && r && r < dict + n && *r == 'R')
        return object_int(f, num, gen);
    return num;
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

/* FALSE with `err` set when a `what` image of w x h is over --max-pixels. */
static gboolean pixels_fit(gint64 w, gint64 h, const char *what, const nb_limits *lim,
                           nb_error *err)
{
    if (lim->max_pixels <= 0 || w <= 0 || h <= 0 ||
        (double)w * (double)h <= (double)lim->max_pixels)
        return TRUE;
    nb_error_set(err, NB_ERR_LIMIT,
                 "the PDF has %s of %" G_GINT64_FORMAT " x %" G_GINT64_FORMAT
                 " pixels, over the limit of %" G_GINT64_FORMAT " (--max-pixels)", what, w, h,
                 (gint64)lim->max_pixels);
    return FALSE;
}

static gboolean image_too_big(pdf_bytes *f, const char *dict, gsize n, const nb_limits *lim,
                              nb_error *err)
{
    if (!g_strstr_len(dict, (gssize)n, "/Image") || lim->max_pixels <= 0)
        return FALSE;
    gint64 w = dict_size(f, dict, n, "/Width"), h = dict_size(f, dict, n, "/Height");
    return !pixels_fit(w, h, "an image", lim, err);
}

/* Finds the next stream from byte *i on: its dictionary (`*dict`, `*dn`
 * bytes) and its data (`*body`, `*blen` bytes, up to `endstream`), and moves
 * *i past it.  FALSE when there is none. */
static gboolean next_stream(const guchar *data, gsize len, gsize *i, const char **dict, gsize *dn,
                            gsize *body, gsize *blen)
{
    const char *end_kw = "endstream";
    while (*i + 7 < len) {
        const guchar *kw = memmem(data + *i, len - *i, "stream", 6);
        if (!kw)
            break;
        gsize at = (gsize)(kw - data);
        *i = at + 6;
        if (at >= 3 && !memcmp(kw - 3, "end", 3))
            continue;
        gsize b = at + 6;
        if (b < len && data[b] == '\r')
            b++;
        if (b < len && data[b] == '\n')
            b++;
        else if (b == at + 6)
            continue; /* "stream" inside some other word or string */
        const guchar *stop = memmem(data + b, len - b, end_kw, strlen(end_kw));
        *body = b;
        *blen = (stop ? (gsize)(stop - data) : len) - b;
        *dict = stream_dict(data, at, dn);
        *i = b + *blen;
        return TRUE;
    }
    *i = len;
    return FALSE;
}

/* FALSE with `err` set when the stream (dictionary `dict`, data `body`) is
 * a font file over NB_PDF_MAX_FONT decoded. */
static gboolean font_fits(const char *dict, gsize dn, const guchar *body, gsize blen,
                          nb_error *err)
{
    gboolean flate = g_strstr_len(dict, (gssize)dn, "/FlateDecode") != NULL;
    gsize size = blen;
    if (flate && blen > NB_PDF_MAX_FONT / DEFLATE_MAX_RATIO)
        size = inflate_into(body, blen, NULL, NULL, NB_PDF_MAX_FONT);
    else if (flate)
        size = 0; /* cannot exceed the bound */
    if (size <= NB_PDF_MAX_FONT)
        return TRUE;
    nb_error_set(err, NB_ERR_LIMIT, "the PDF embeds a font of more than %u MB "
                 "(fonts are a few MB; over the bound of the reader)", NB_PDF_MAX_FONT >> 20);
    return FALSE;
}

/* FALSE with `err` set when the stream's operators nest graphics states
 * too deep or draw an inline image over --max-pixels. */
static gboolean operators_fit(const char *dict, gsize dn, const guchar *body, gsize blen,
                              const nb_limits *lim, nb_error *err)
{
    qdepth q = {.prev = ' ', .back = {' ', ' ', ' '}};
    if (g_strstr_len(dict, (gssize)dn, "/FlateDecode"))
        inflate_into(body, blen, &q, NULL, NB_PDF_PRECHECK_INFLATE);
    else if (!g_strstr_len(dict, (gssize)dn, "/Filter"))
        qdepth_feed(&q, body, blen);
    qdepth_feed(&q, (const guchar *)" ", 1);
    if (q.max_depth > NB_PDF_MAX_Q_DEPTH) {
        nb_error_set(err, NB_ERR_FORMAT,
                     "corrupt PDF: graphics states nested %ld deep, over the bound of %d "
                     "(a page that saves the state without end)",
                     q.max_depth, NB_PDF_MAX_Q_DEPTH);
        return FALSE;
    }
    return pixels_fit(q.inline_w, q.inline_h, "an inline image", lim, err);
}

gboolean nb_pdf_precheck(const guchar *data, gsize len, const nb_limits *lim, nb_error *err)
{
    pdf_bytes f = {data, len, NULL};
    const char *dict;
    gsize i = 0, dn, body, blen;
    gboolean ok = TRUE;
    while (ok && next_stream(data, len, &i, &dict, &dn, &body, &blen)) {
        if (image_too_big(&f, dict, dn, lim, err))
            ok = FALSE;
        else if (is_font_file(dict, dn))
            ok = font_fits(dict, dn, data + body, blen, err);
        else if (!g_strstr_len(dict, (gssize)dn, "/Image")) /* image data holds no operators */
            ok = operators_fit(dict, dn, data + body, blen, lim, err);
    }
    if (f.packed)
        g_hash_table_destroy(f.packed);
    return ok;
}
