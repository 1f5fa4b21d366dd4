/* scan_lines.c — see scan_lines.h. */
#include "extract/ocr/scan_lines.h"
#include "extract/ocr/ocr_engine.h"

#include <leptonica/allheaders.h>
#include <math.h>
#include <string.h>

#define MIN_GLYPH_IN NB_SCAN_MIN_GLYPH_IN
#define MIN_LINE_IN 0.06    /* a band thinner than this holds no text line */
#define MAX_LINE_IN 0.3     /* a taller band is several lines run together */
#define GAP_IN 0.01         /* blank rows that still belong to one line */
#define MARGIN_IN 0.03
#define RETRY_BELOW 80      /* a line read with less confidence is read again */
#define GLYPH_PX 34         /* line height (pixels) the Chinese model reads best */

#define px(pg, inches) nb_scan_px(pg, inches)

/* The ink outside the tables, without speckles or marks in the margins. */
static PIX *body_ink(const nb_scan_page *pg, const GArray *tables)
{
    return nb_scan_ink_outside(pg, tables, 4);
}

typedef struct {
    int y0, y1;
} band;

/* Horizontal bands of rows holding ink, small gaps bridged. */
static GArray *find_bands(const nb_scan_page *pg, PIX *ink)
{
    GArray *bands = g_array_new(FALSE, FALSE, sizeof(band));
    NUMA *rows = pixCountPixelsByRow(ink, NULL);
    int n = numaGetCount(rows), gap = px(pg, GAP_IN), start = -1, last = -1;
    for (int y = 0; y <= n; y++) {
        l_int32 v = 0;
        if (y < n)
            numaGetIValue(rows, y, &v);
        if (v > 0) {
            if (start < 0)
                start = y;
            last = y;
        } else if (start >= 0 && (y - last > gap || y == n)) {
            band b = {start, last + 1};
            if (b.y1 - b.y0 >= px(pg, MIN_LINE_IN))
                g_array_append_val(bands, b);
            start = -1;
        }
    }
    numaDestroy(&rows);
    return bands;
}

/* Joins the engine's output: ideographs are separated by spaces it invents
 * and lines of a block by newlines; Latin words keep one space. */
static char *join_text(const char *t)
{
    GString *s = g_string_new(NULL);
    for (const char *p = t; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (g_unichar_isspace(c)) {
            const char *next = g_utf8_next_char(p);
            gunichar prev = s->len ? g_utf8_get_char(g_utf8_find_prev_char(s->str, s->str + s->len)) : 0;
            gunichar nc = *next ? g_utf8_get_char(next) : 0;
            if (prev < 0x80 && g_unichar_isalnum(prev) && nc < 0x80 && g_unichar_isalnum(nc) &&
                s->str[s->len - 1] != ' ')
                g_string_append_c(s, ' ');
            continue;
        }
        g_string_append_unichar(s, c);
    }
    return g_string_free(s, FALSE);
}

static gboolean is_dash(gunichar c)
{
    return c == '-' || c == 0x2014 || c == 0x2013 || c == 0xFF0D || c == '_' || c == 0x2500;
}

/* One to three digits with nothing but dashes and spaces around them: a
 * page number, also when OCR lost one of its dashes ("3-"). */
static gboolean digits_between_dashes(const char *text)
{
    int digits = 0;
    for (const char *p = text; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (g_unichar_isdigit(c) && c < 0x80)
            digits++;
        else if (!is_dash(c) && !g_unichar_isspace(c))
            return FALSE;
    }
    return digits >= 1 && digits <= 3;
}

/* A page number, bare ("3") or between dashes ("- 5 -"), is page furniture: like the text
 * layer's furniture it is left out of the text flow, so that a section runs
 * on across the page break.  OCR reads the lone digit as a letter ("-S-") or
 * even an ideograph, so anything short between two dashes counts.  Returns
 * NULL for such a line, else a copy of it. */
static char *drop_page_number(const char *text)
{
    glong n = g_utf8_strlen(text, -1);
    gunichar first = g_utf8_get_char(text);
    gunichar last = n ? g_utf8_get_char(g_utf8_offset_to_pointer(text, n - 1)) : 0;
    gboolean dash_first = is_dash(first), dash_last = is_dash(last);
    if (n <= 8 && digits_between_dashes(text)) /* "3", "- 3 -", or "3-" with a dash lost */
        return NULL;
    if (n < 3 || n > 6 || !dash_first || !dash_last)
        return g_strdup(text);
    return NULL;
}

/* Bold section headings ("一、总体情况") often lose their enumeration comma
 * in OCR ("一总体情况"), and a heading without it is not recognised as one.
 * A short line with no sentence punctuation that starts with a Chinese
 * numeral directly followed by a word gets the comma back.  Returns a new
 * string. */
static char *mend_heading(const char *text)
{
    static const char *numerals = "一二三四五六七八九十";
    glong n = g_utf8_strlen(text, -1);
    if (n < 3 || n > 16 || strstr(text, "，") || strstr(text, "。") || strstr(text, ",") ||
        strstr(text, "、"))
        return g_strdup(text);
    const char *p = text;
    int lead = 0;
    while (*p && lead < 2) {
        char ch[8] = {0};
        g_unichar_to_utf8(g_utf8_get_char(p), ch);
        if (!strstr(numerals, ch))
            break;
        p = g_utf8_next_char(p);
        lead++;
    }
    gunichar next = *p ? g_utf8_get_char(p) : 0;
    if (lead == 0 || next < 0x4E00 || next > 0x9FFF || next == 0x662F /* 是: "一是…" */)
        return g_strdup(text);
    return g_strdup_printf("%.*s、%s", (int)(p - text), text, p);
}

/* The crop handed to the engine: the line on white, with a margin of
 * about 0.4 of its height.  A crop that ends at the glyphs makes the Chinese
 * model invent characters from edge specks ("和六、…") or drop a flat
 * leading numeral ("一、总体情况" read "法总体情况"), as it does for cells. */
static PIX *framed_crop(PIX *img, BOX *area)
{
    PIX *crop = pixClipRectangle(img, area, NULL);
    if (!crop)
        return NULL;
    int border = (int)lround(pixGetHeight(crop) * 0.4);
    PIX *framed = pixAddBorder(crop, border, pixGetDepth(crop) == 1 ? 0 : 255);
    pixDestroy(&crop);
    return framed;
}

static char *read_area(PIX *img, BOX *area, nb_ocr_mode mode, int ppi, int *conf)
{
    *conf = -1;
    PIX *crop = framed_crop(img, area);
    if (!crop)
        return NULL;
    char *raw = nb_ocr_engine_read(crop, mode, ppi, conf);
    pixDestroy(&crop);
    return raw;
}

static char *read_scaled(PIX *img, BOX *area, double factor, nb_ocr_mode mode, int ppi,
                         int *conf)
{
    *conf = -1;
    PIX *crop = framed_crop(img, area);
    PIX *small = crop ? pixScaleGeneral(crop, (l_float32)factor, (l_float32)factor, 0, 0) : NULL;
    pixDestroy(&crop);
    if (!small)
        return NULL;
    char *raw = nb_ocr_engine_read(small, mode, (int)lround(ppi * factor), conf);
    pixDestroy(&small);
    return raw;
}

static int box_x_cmp(const void *a, const void *b)
{
    const int *x = a, *y = b;
    return (x[0] > y[0]) - (x[0] < y[0]);
}

/* The horizontal extent of a line's text in `row` (one band of the ink).
 * Scanner specks standing apart at either end of the line are not text: the
 * engine would read them as a character ("和六、其他…"), so a small component
 * separated from the rest by more than half a line height is cut off. */
static gboolean text_extent(PIX *row, int height, l_int32 *x, l_int32 *w)
{
    BOXA *boxa = pixConnCompBB(row, 8);
    int n = boxa ? boxaGetCount(boxa) : 0;
    int *xs = g_new(int, (gsize)MAX(n, 1) * 3); /* x0, x1, small */
    for (int i = 0; i < n; i++) {
        l_int32 bx, bw, bh;
        boxaGetBoxGeometry(boxa, i, &bx, NULL, &bw, &bh);
        xs[i * 3] = bx, xs[i * 3 + 1] = bx + bw;
        xs[i * 3 + 2] = bw * 2 < height && bh * 2 < height;
    }
    boxaDestroy(&boxa);
    qsort(xs, (size_t)n, sizeof(int) * 3, box_x_cmp);
    int lo = 0, hi = n - 1, gap = height / 2;
    while (lo < hi && xs[lo * 3 + 2] && xs[(lo + 1) * 3] - xs[lo * 3 + 1] > gap)
        lo++;
    while (hi > lo && xs[hi * 3 + 2] && xs[hi * 3] - xs[(hi - 1) * 3 + 1] > gap)
        hi--;
    int x0 = G_MAXINT, x1 = -1;
    for (int i = lo; i <= hi && n > 0; i++)
        x0 = MIN(x0, xs[i * 3]), x1 = MAX(x1, xs[i * 3 + 1]);
    g_free(xs);
    if (x1 < 0)
        return FALSE;
    *x = x0, *w = x1 - x0;
    return TRUE;
}

/* A line that starts with the numeral 一 and the enumeration comma
 * ("一、总体情况"): the Chinese model often drops the lone flat bar, or reads
 * it with the comma as some other character.  The bar is recognised by its
 * shape: the first component of the line, flat (at most a quarter of the
 * line's height), at least half a line height wide, about mid-height; then
 * either a small mark (the comma) or a gap of half a line height before the
 * next glyph ("一是…" has no such gap).  Returns the x (in `row`) where the
 * text after "一、" starts, or -1. */
static int after_leading_yi(PIX *row, int height)
{
    BOXA *boxa = pixConnCompBB(row, 8);
    BOXA *sorted = boxa ? boxaSort(boxa, L_SORT_BY_X, L_SORT_INCREASING, NULL) : NULL;
    boxaDestroy(&boxa);
    int n = sorted ? boxaGetCount(sorted) : 0, result = -1;
    if (n >= 3) {
        l_int32 bx, by, bw, bh, mx, my, mw, mh, nx;
        boxaGetBoxGeometry(sorted, 0, &bx, &by, &bw, &bh);
        boxaGetBoxGeometry(sorted, 1, &mx, &my, &mw, &mh);
        double mid = by + bh / 2.0;
        gboolean bar = bh * 4 <= height && bw * 2 >= height && bw >= bh * 3 &&
                       mid > height * 0.3 && mid < height * 0.7;
        gboolean mark = mw * 5 <= height * 2 && mh * 5 <= height * 2 && mx > bx + bw;
        if (bar && mark) {
            boxaGetBoxGeometry(sorted, 2, &nx, NULL, NULL, NULL);
            result = nx;
        } else if (bar && mx - (bx + bw) >= height / 2) {
            result = mx;
        }
    }
    boxaDestroy(&sorted);
    return result;
}

static void read_band(const nb_scan_page *pg, PIX *ink, const band *b, int page, nb_doc *doc)
{
    BOX *strip = boxCreate(0, b->y0, pg->width, b->y1 - b->y0);
    PIX *row = pixClipRectangle(ink, strip, NULL);
    boxDestroy(&strip);
    l_int32 x = 0, w = 0;
    gboolean any = row && text_extent(row, b->y1 - b->y0, &x, &w);
    int rest_x = any ? after_leading_yi(row, b->y1 - b->y0) : -1;
    pixDestroy(&row);
    if (!any)
        return;
    int m = px(pg, MARGIN_IN);
    int x0 = MAX(0, x - m), y0 = MAX(0, b->y0 - m);
    int x1 = MIN(pg->width, x + w + m), y1 = MIN(pg->height, b->y1 + m);
    BOX *area = boxCreate(x0, y0, x1 - x0, y1 - y0);
    nb_ocr_mode mode = b->y1 - b->y0 > px(pg, MAX_LINE_IN) ? NB_OCR_BLOCK : NB_OCR_LINE;
    int conf = -1;
    char *raw = read_area(pg->gray, area, mode, pg->ppi, &conf);
    /* blotchy lines often read better thresholded; large bold headings read
     * better reduced to the glyph size the Chinese model reads best */
    double shrink = (double)GLYPH_PX / MAX(1, b->y1 - b->y0);
    for (int attempt = 0; attempt < 2 && conf < RETRY_BELOW; attempt++) {
        if (attempt == 1 && shrink > 0.8)
            break;
        int conf2 = -1;
        char *again = attempt == 0 ? read_area(pg->ink, area, mode, pg->ppi, &conf2)
                                   : read_scaled(pg->gray, area, shrink, mode, pg->ppi, &conf2);
        if (again && conf2 > conf) {
            g_free(raw);
            raw = again, conf = conf2;
        } else {
            g_free(again);
        }
    }
    if (raw && rest_x > x && !g_str_has_prefix(raw, "一")) {
        /* the 一 was dropped or misread: the rest of the line alone reads clean */
        BOX *rest = boxCreate(rest_x - m / 2, y0, x1 - (rest_x - m / 2), y1 - y0);
        int conf2 = -1;
        char *again = read_area(pg->gray, rest, mode, pg->ppi, &conf2);
        boxDestroy(&rest);
        if (again && *again) {
            g_free(raw);
            raw = g_strconcat("一、", again, NULL);
            conf = MIN(conf, conf2);
        }
        g_free(again);
    }
    char *joined = raw ? join_text(raw) : NULL;
    char *numbered = joined ? drop_page_number(joined) : NULL;
    char *text = numbered ? mend_heading(numbered) : NULL;
    g_debug("page %d line y %d-%d x %d-%d, confidence %d: '%s'", page, y0, y1, x0, x1, conf,
            text ? text : "");
    g_free(numbered);
    g_free(joined);
    g_free(raw);
    boxDestroy(&area);
    if (text && *text) {
        nb_prov prov = nb_prov_none(NB_ORIGIN_OCR);
        prov.page = page;
        prov.has_box = true;
        prov.confidence = conf;
        const double pbox[4] = {x0, y0, x1, y1};
        nb_scan_page_box_to_page(pg, pbox, prov.box);
        nb_doc_add_line(doc, text, &prov);
    }
    g_free(text);
}

/* True when line `l` is centred between `left` and `right` and clearly
 * shorter than a body line: a title or a centred heading. */
static gboolean centred(const nb_line *l, double left, double right)
{
    double width = right - left, mid = (l->prov.box[0] + l->prov.box[2]) / 2;
    return fabs(mid - (left + right) / 2) < 0.04 * width && l->prov.box[0] > left + 0.1 * width;
}

/* A title printed over several centred lines ("淮安市人民政府" above
 * "2024年政府信息公开工作年度报告") is one paragraph of the text flow, as
 * it is one line of a text layer's title: the lines from `first` on that are
 * consecutive and centred are joined. */
static void join_centred_lines(nb_doc *doc, guint first)
{
    double left = G_MAXDOUBLE, right = -G_MAXDOUBLE;
    for (guint i = first; i < doc->lines->len; i++) {
        const nb_line *l = g_ptr_array_index(doc->lines, i);
        left = MIN(left, l->prov.box[0]);
        right = MAX(right, l->prov.box[2]);
    }
    for (guint i = first; i + 1 < doc->lines->len;) {
        nb_line *a = g_ptr_array_index(doc->lines, i), *b = g_ptr_array_index(doc->lines, i + 1);
        if (!centred(a, left, right) || !centred(b, left, right)) {
            i++;
            continue;
        }
        char *joined = g_strconcat(a->text, b->text, NULL);
        g_free(a->text);
        a->text = joined;
        a->prov.box[0] = MIN(a->prov.box[0], b->prov.box[0]);
        a->prov.box[2] = MAX(a->prov.box[2], b->prov.box[2]);
        a->prov.box[3] = MAX(a->prov.box[3], b->prov.box[3]);
        a->prov.confidence = MIN(a->prov.confidence, b->prov.confidence);
        g_ptr_array_remove_index(doc->lines, i + 1);
    }
}

int nb_scan_read_lines(const nb_scan_page *pg, const GArray *tables, int page, nb_doc *doc,
                       const nb_limits *lim)
{
    PIX *ink = body_ink(pg, tables);
    if (!ink)
        return 0;
    GArray *bands = find_bands(pg, ink);
    int before = (int)doc->lines->len;
    for (guint i = 0; i < bands->len; i++) {
        if (nb_limits_expired(lim)) {
            nb_doc_warn(doc, NULL, "page %d: time limit reached while reading its text; "
                        "the rest of the page was not read", page);
            break;
        }
        read_band(pg, ink, &g_array_index(bands, band, i), page, doc);
    }
    g_array_free(bands, TRUE);
    pixDestroy(&ink);
    join_centred_lines(doc, (guint)before);
    return (int)doc->lines->len - before;
}
