/* scan_cell.c — see scan_cell.h. */
#include "extract/ocr/scan_cell.h"
#include "extract/ocr/ocr_engine.h"

#include <leptonica/allheaders.h>
#include <math.h>
#include <string.h>

/* Sizes are fractions of an inch, so that they hold at any resolution. */
#define INSET_IN 0.012       /* stay clear of the ruling around the cell */
#define MIN_GLYPH_IN NB_SCAN_MIN_GLYPH_IN
#define LINE_THIN_IN 0.02    /* a ruling remnant is thinner than this... */
#define MARGIN_IN 0.03       /* white kept around the ink for the engine */
#define LINE_HEIGHT_IN 0.22  /* one printed line of table text, with leading */

void nb_scan_reading_clear(nb_scan_reading *r)
{
    if (!r)
        return;
    g_free(r->text);
    memset(r, 0, sizeof *r);
}

#define px(pg, inches) nb_scan_px(pg, inches)

/* What the ink of a cell looks like, measured before any OCR. */
typedef struct {
    int glyphs;             /* full-height components: one per digit of a number */
    gboolean digit_shaped;  /* one line of narrow glyphs: surely not a label */
} ink_shape;

typedef struct {
    int w, h;
} extent_wh;

/* True when the components of a cell can only be digits: every one is full
 * height and narrower than tall (a digit is about 0.55 of its height wide).
 * Ideographs are square or break into parts of mixed heights, the dash of a
 * negative number or the "一" of an item number is flat, so a label never
 * passes; digits merged by blur do not either, and take the general path. */
static gboolean digits_only(const GArray *sizes, int tallest, int line_px)
{
    if (sizes->len == 0 || sizes->len > 12 || tallest > line_px)
        return FALSE;
    for (guint i = 0; i < sizes->len; i++) {
        const extent_wh *c = &g_array_index(sizes, extent_wh, i);
        if (c->h * 10 < tallest * 6 || c->w * 10 > c->h * 8)
            return FALSE;
    }
    return TRUE;
}

/* True when the component (x, y, w, h) is the minus sign of the number whose
 * glyphs span x0..x1, y0..y1: a short flat dash, smaller than the speckle
 * size, at mid-height just left of the first digit.  Dropping it as a speck
 * would turn "-53" into a confident 53. */
static gboolean minus_sign(int x, int y, int w, int h, int x0, int y0, int x1, int y1)
{
    int height = y1 - y0;
    double mid = y + h / 2.0;
    return x1 > x0 && w >= 2 * h && w * 5 >= height && w <= height && x + w <= x0 + 2 &&
           x0 - (x + w) <= height && mid > y0 + height * 0.25 && mid < y0 + height * 0.75;
}

/* The bounding box (crop coordinates) of the cell's real ink: components
 * big enough to be glyphs, and not the long thin remnants of a ruling that
 * the inset did not cut away.  Returns FALSE for a blank cell. */
static gboolean ink_extent(const nb_scan_page *pg, PIX *ink, BOX **extent, ink_shape *shape)
{
    int cw = pixGetWidth(ink), ch = pixGetHeight(ink);
    int glyph = px(pg, MIN_GLYPH_IN), thin = px(pg, LINE_THIN_IN);
    BOXA *boxa = pixConnCompBB(ink, 8);
    int n = boxa ? boxaGetCount(boxa) : 0;
    int x0 = cw, y0 = ch, x1 = -1, y1 = -1, tallest = 0;
    GArray *sizes = g_array_new(FALSE, FALSE, sizeof(extent_wh));
    for (int i = 0; i < n; i++) {
        l_int32 x, y, w, h;
        boxaGetBoxGeometry(boxa, i, &x, &y, &w, &h);
        if (w < glyph && h < glyph)
            continue;
        if ((w > cw * 0.7 && h <= thin) || (h > ch * 0.7 && w <= thin))
            continue;
        x0 = MIN(x0, x), y0 = MIN(y0, y);
        x1 = MAX(x1, x + w), y1 = MAX(y1, y + h);
        tallest = MAX(tallest, h);
        extent_wh c = {w, h};
        g_array_append_val(sizes, c);
    }
    /* full-height components: one per digit, separators and dots excluded */
    shape->glyphs = 0;
    for (guint i = 0; i < sizes->len; i++)
        shape->glyphs += g_array_index(sizes, extent_wh, i).h * 10 >= tallest * 6;
    shape->digit_shaped = digits_only(sizes, tallest, px(pg, LINE_HEIGHT_IN));
    g_array_free(sizes, TRUE);
    for (int i = 0; i < n && x1 >= 0; i++) {
        l_int32 x, y, w, h;
        boxaGetBoxGeometry(boxa, i, &x, &y, &w, &h);
        if (w < glyph && h < glyph && minus_sign(x, y, w, h, x0, y0, x1, y1)) {
            x0 = x; /* the dash is part of the number; not a digit-only cell */
            shape->digit_shaped = FALSE;
            break;
        }
    }
    boxaDestroy(&boxa);
    *extent = NULL;
    if (x1 < 0)
        return FALSE;
    int m = px(pg, MARGIN_IN) / 2;
    x0 = MAX(0, x0 - m), y0 = MAX(0, y0 - m);
    x1 = MIN(cw, x1 + m), y1 = MIN(ch, y1 + m);
    *extent = boxCreate(x0, y0, x1 - x0, y1 - y0);
    return TRUE;
}

/* `img` on a white margin of `frac` of its height (at least MARGIN_IN):
 * Tesseract misses lone glyphs that touch the image edge or float in a wide
 * margin.  Takes `img`. */
static PIX *framed(const nb_scan_page *pg, PIX *img, double frac)
{
    if (!img)
        return NULL;
    int border = MAX(px(pg, MARGIN_IN), (int)lround(pixGetHeight(img) * frac));
    PIX *out = pixAddBorder(img, border, pixGetDepth(img) == 1 ? 0 : 255);
    pixDestroy(&img);
    return out;
}

/* The image the Chinese model reads a label from: the ink image, or the gray
 * crop as it is (`gray`). */
static PIX *label_image(const nb_scan_page *pg, BOX *where, gboolean gray)
{
    return framed(pg, pixClipRectangle(gray ? pg->gray : pg->ink, where, NULL), 0.4);
}

/* The gray crop with the paper made white: background normalisation leaves
 * the paper at about 200, and on a white margin the engine's own threshold
 * then takes the whole crop for ink (the gray crop read as nothing). */
static PIX *white_gray(const nb_scan_page *pg, BOX *where)
{
    PIX *gray = pixClipRectangle(pg->gray, where, NULL);
    PIX *out = gray ? pixGammaTRC(NULL, gray, 1.0, 0, 200) : NULL;
    pixDestroy(&gray);
    return out;
}

/* `img` (8 bpp) averaged over 3 × 3 pixels.  Takes `img`. */
static PIX *softened(PIX *img)
{
    PIX *out = img ? pixBlockconvGray(img, NULL, 1, 1) : NULL;
    pixDestroy(&img);
    return out;
}

/* The ink image as 8 bpp, softened: strokes the threshold kept, with the
 * soft edges the digit engine was trained on. */
static PIX *soft_ink(const nb_scan_page *pg, BOX *where)
{
    PIX *ink = pixClipRectangle(pg->ink, where, NULL);
    PIX *gray = ink ? pixConvert1To8(NULL, ink, 255, 0) : NULL;
    pixDestroy(&ink);
    return softened(gray);
}

static PIX *darker_of(PIX *a, PIX *b)
{
    PIX *out = a && b ? pixMinOrMax(NULL, a, b, L_CHOOSE_MIN) : NULL;
    pixDestroy(&a);
    pixDestroy(&b);
    return out;
}

/* Not a preprocessing offered for re-reading: the gray crop as it is, on a
 * white margin (see read_number for its one use). */
#define RAW_GRAY NB_VARIANT_COUNT

/* The image the digit engine reads for `variant`.  Measured on 9320 value
 * cells of 50 synthetic scans (gray and bilevel): the ink image read 9040
 * right and 56 wrong at confidence 97+ (the 5 of a light face read as 3 or
 * 9), the softened gray 9246 and none wrong above 90; twice the size read
 * far worse (8105), and a tight margin better than a wide one. */
static PIX *digit_image(const nb_scan_page *pg, BOX *where, nb_scan_variant variant)
{
    switch (variant) {
    case NB_VARIANT_PLAIN:
        return framed(pg, softened(white_gray(pg, where)), 0.2);
    case NB_VARIANT_GRAY:
        return framed(pg, white_gray(pg, where), 0.1);
    case NB_VARIANT_INKED:
        return framed(pg, darker_of(white_gray(pg, where), soft_ink(pg, where)), 0.2);
    case NB_VARIANT_INK:
        return framed(pg, pixClipRectangle(pg->ink, where, NULL), 0.4);
    case RAW_GRAY:
        return label_image(pg, where, TRUE);
    default:
        break;
    }
    PIX *gray = pixClipRectangle(pg->gray, where, NULL), *img = NULL;
    if (gray && variant == NB_VARIANT_DARKER) {
        PIX *b = pixThresholdToBinary(gray, 185);
        img = b ? pixDilateBrick(NULL, b, 2, 2) : NULL;
        pixDestroy(&b);
    } else if (gray) {
        img = pixThresholdToBinary(gray, 110);
    }
    pixDestroy(&gray);
    return framed(pg, img, 0.4);
}

/* True when `s` reads as words: it holds more CJK ideographs than digits,
 * not counting the ones an engine makes of a digit or a dash (〇 and 口 for
 * 0, 一 for -).  A number with a stray ideograph from noise ("145了") is
 * still a number. */
static gboolean has_ideograph(const char *s)
{
    int ideographs = 0, digits = 0;
    for (const char *p = s; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (c == 0x3007 || c == 0x4E00 || c == 0x53E3)
            continue;
        if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF))
            ideographs++;
        else if (g_unichar_isdigit(c))
            digits++;
    }
    return ideographs > 0 && ideographs >= digits;
}

/* Removes what the digit engine adds around a number: spaces inside it,
 * separators at its ends ("95." or ",3"). */
static char *tidy_number(const char *raw)
{
    GString *s = g_string_new(NULL);
    for (const char *p = raw; *p; p++)
        if (!g_ascii_isspace(*p))
            g_string_append_c(s, *p);
    gboolean digits = strpbrk(s->str, "0123456789") != NULL;
    while (digits && s->len && strchr(".,", s->str[s->len - 1]))
        g_string_truncate(s, s->len - 1);
    while (digits && s->len && strchr(".,", s->str[0]))
        g_string_erase(s, 0, 1);
    return g_string_free(s, FALSE);
}

/* The Chinese model often reads an opening parenthesis as an angle or
 * lenticular bracket ("《一)予以公开", "〈单位:万元)"), which hides the item
 * number from label normalisation.  An opening bracket of that kind with no
 * matching closing one becomes "(".  Returns a new string. */
static char *mend_brackets(const char *label)
{
    static const char *pairs[][2] = {{"《", "》"}, {"〈", "〉"}, {"【", "】"}, {"<", ">"}};
    char *out = g_strdup(label);
    for (guint i = 0; i < G_N_ELEMENTS(pairs); i++) {
        if (strstr(out, pairs[i][1]) || !strstr(out, pairs[i][0]))
            continue;
        char **parts = g_strsplit(out, pairs[i][0], -1);
        g_free(out);
        out = g_strjoinv("(", parts);
        g_strfreev(parts);
    }
    return out;
}

static char *read_label(const nb_scan_page *pg, PIX *img, int ink_height, int *conf)
{
    /* wrapped labels and one-character-per-line vertical labels need the
     * block mode; one line is read faster and better as a line */
    nb_ocr_mode mode = ink_height > px(pg, LINE_HEIGHT_IN) * 1.4 ? NB_OCR_BLOCK : NB_OCR_LINE;
    char *t = nb_ocr_engine_read(img, mode, pg->ppi, conf);
    if (!t)
        return NULL;
    /* the Chinese model puts spaces between ideographs; labels compare
     * without whitespace anyway, and line breaks inside a cell mean nothing */
    char **parts = g_strsplit_set(t, " \n", -1);
    char *joined = g_strjoinv("", parts);
    g_strfreev(parts);
    g_free(t);
    char *mended = mend_brackets(joined);
    g_free(joined);
    return mended;
}

/* A label of LONG_LABEL_CHARS characters or more read with at least
 * LONG_LABEL_FAIR confidence is not read again: the mapper matches long
 * labels despite a wrong character or two, and a second reading of a long
 * label costs as much as twenty digit cells.  Short labels (规章, 其他) are
 * where one wrong character loses a row. */
#define LONG_LABEL_CHARS 8
#define LONG_LABEL_FAIR 80

/* A weak label reading is tried once more on the gray crop, whose soft
 * edges the Chinese model often prefers to the thresholded strokes; the more
 * confident reading is kept. */
static char *better_label(const nb_scan_page *pg, BOX *where, int ink_h, char *label, int *conf)
{
    PIX *img = label_image(pg, where, TRUE);
    int conf2 = -1;
    char *again = img ? read_label(pg, img, ink_h, &conf2) : NULL;
    pixDestroy(&img);
    if (again && has_ideograph(again) && conf2 > *conf) {
        g_free(label);
        *conf = conf2;
        return again;
    }
    g_free(again);
    return label;
}

/* True when `s` is a plain number the digit engine could also have read. */
static gboolean is_plain_number(const char *s)
{
    if (!*s)
        return FALSE;
    for (const char *p = s; *p; p++)
        if (!g_ascii_isdigit(*p) && !strchr(".,-", *p))
            return FALSE;
    return TRUE;
}

static int digit_count(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += g_ascii_isdigit(*s) != 0;
    return n;
}

/* A digit reading confident enough that the Chinese model's second opinion
 * is not asked for: as sure as the review's trust level, with as many digits
 * as the cell has glyphs.  The Chinese model costs five digit readings per
 * cell, and numbers are most of a table's cells. */
#define SURE_DIGITS 97

/* A digit reading at least this confident, with as many digits as glyphs,
 * is not overruled by the Chinese model's reading of ideographs. */
#define KEEP_DIGITS 90

/* An alternative reading is taken over a merged-digit reading ("11" read
 * as "1") only when at least this sure of its right digit count. */
#define RECOUNT_CONFIDENCE 80

/* Reads `where` as a number with `v` into `out` (text tidied, never NULL;
 * confidence -1 when nothing was read). */
static void read_digits(const nb_scan_page *pg, BOX *where, nb_scan_variant v,
                        nb_scan_reading *out)
{
    PIX *img = digit_image(pg, where, v);
    int conf = -1;
    char *raw = img ? nb_ocr_engine_read(img, NB_OCR_DIGITS, pg->ppi, &conf) : NULL;
    pixDestroy(&img);
    g_free(out->text);
    out->text = raw ? tidy_number(raw) : g_strdup("");
    out->confidence = *out->text ? conf : -1;
    g_free(raw);
}

/* True when reading `a` is better than `b` for a cell of `glyphs` glyphs:
 * something over nothing, then the digit count the ink shows (the engine
 * merges close digits, "11" read as "1"), then the confidence. */
static gboolean better_digits(const nb_scan_reading *a, const nb_scan_reading *b, int glyphs)
{
    if ((*a->text != 0) != (*b->text != 0))
        return *a->text != 0;
    gboolean a_count = digit_count(a->text) == glyphs, b_count = digit_count(b->text) == glyphs;
    if (a_count != b_count)
        return a_count;
    return a->confidence > b->confidence;
}

static gboolean sure_digits(const nb_scan_reading *r, int glyphs)
{
    return *r->text && r->confidence >= SURE_DIGITS && digit_count(r->text) == glyphs;
}

/* Reads with each of `variants` (n of them) and keeps the better reading in
 * `best`; stops early when `enough` holds for it.  Every text read is added
 * to `texts` (optional). */
static void read_variants(const nb_scan_page *pg, BOX *where, const nb_scan_variant *variants,
                          int n, int glyphs, gboolean (*enough)(const nb_scan_reading *, int),
                          nb_scan_reading *best, GPtrArray *texts)
{
    for (int i = 0; i < n && !enough(best, glyphs); i++) {
        nb_scan_reading r = {0};
        read_digits(pg, where, variants[i], &r);
        if (texts)
            g_ptr_array_add(texts, g_strdup(r.text));
        if (better_digits(&r, best, glyphs)) {
            nb_scan_reading old = *best;
            *best = r;
            r = old;
        }
        nb_scan_reading_clear(&r);
    }
}

static gboolean counted(const nb_scan_reading *r, int glyphs)
{
    return *r->text && digit_count(r->text) >= glyphs && r->confidence >= RECOUNT_CONFIDENCE;
}

static gboolean anything(const nb_scan_reading *r, int glyphs)
{
    (void)glyphs;
    return *r->text != 0;
}

typedef struct {
    const nb_scan_variant *v;
    int n;
} variant_list;

#define VARIANTS(a) ((variant_list){(a), G_N_ELEMENTS(a)})

/* The ladder both number readers climb after their first reading: the
 * `doubt` preprocessings until `sure` holds; then, for a reading still
 * empty, the `last` ones until anything is read, or, for one with fewer
 * digits than glyphs, the `recount` ones until the count is right. */
static void read_ladder(const nb_scan_page *pg, BOX *where, int glyphs, variant_list doubt,
                        gboolean (*sure)(const nb_scan_reading *, int), variant_list last,
                        variant_list recount, nb_scan_reading *out, GPtrArray *texts)
{
    read_variants(pg, where, doubt.v, doubt.n, glyphs, sure, out, texts);
    if (!*out->text)
        read_variants(pg, where, last.v, last.n, glyphs, anything, out, texts);
    else if (digit_count(out->text) < glyphs)
        read_variants(pg, where, recount.v, recount.n, glyphs, counted, out, texts);
}

/* A reading with fewer digits than the cell has glyphs, after every
 * preprocessing, is doubtful (confidence at most 50) when a second
 * preprocessing read the same; read by one alone, it is no reading: the
 * softened gray makes "1" of a plain "11" that every other one reads as
 * nothing, and a wrong value is worse than an illegible one.  A reading
 * without digits (a lone "-") stays what it is: read as nothing, a mark of
 * running text would become an illegible value (see read_number). */
static void doubt_short_reading(nb_scan_reading *r, const GPtrArray *texts)
{
    int same = 0;
    for (guint i = 0; i < texts->len; i++)
        same += strcmp(g_ptr_array_index(texts, i), r->text) == 0;
    r->confidence = MIN(r->confidence, 50);
    if (same < 2 && digit_count(r->text) > 0) {
        g_free(r->text);
        r->text = g_strdup("");
        r->confidence = -1;
    }
}

/* Reads a number.  A re-reading (`first` other than PLAIN) asks for that one
 * preprocessing.  A first reading reads the softened gray; when that is not
 * sure, the two other gray preprocessings too, and the better reading wins
 * (measured: 9308 of 9320 value cells right, none wrong at confidence 90+;
 * 11 % more digit-engine calls, and fewer Chinese-model calls, since more
 * cells are sure).  The thresholded images only serve cells read as nothing
 * or with fewer digits than glyphs; a reading still short of digits is
 * marked doubtful, so that a rule must confirm it before it passes.  The
 * gray crop as it is comes last: it reads a lone punctuation mark of running
 * text as some digit, where nothing read would make it an illegible value
 * that keeps its place, and the unruled-table finder would then take the
 * text line for a table row (corpus city scan: the line with the fee of
 * 3940 yuan lost). */
static void read_number(const nb_scan_page *pg, BOX *where, nb_scan_variant first, int glyphs,
                        nb_scan_reading *out)
{
    static const nb_scan_variant doubt[] = {NB_VARIANT_GRAY, NB_VARIANT_INKED};
    static const nb_scan_variant last[] = {NB_VARIANT_INK, NB_VARIANT_DARKER,
                                           NB_VARIANT_LIGHTER, RAW_GRAY};
    read_digits(pg, where, first, out);
    if (first == NB_VARIANT_PLAIN) {
        GPtrArray *texts = g_ptr_array_new_with_free_func(g_free);
        g_ptr_array_add(texts, g_strdup(out->text));
        read_ladder(pg, where, glyphs, VARIANTS(doubt), sure_digits, VARIANTS(last),
                    VARIANTS(last), out, texts);
        if (*out->text && digit_count(out->text) < glyphs)
            doubt_short_reading(out, texts);
        g_ptr_array_free(texts, TRUE);
    }
    out->numeric = TRUE;
    out->confidence = MAX(out->confidence, 0);
}

static gboolean confident(const nb_scan_reading *r, int glyphs)
{
    (void)glyphs;
    return *r->text && r->confidence >= RECOUNT_CONFIDENCE;
}

/* Reads a number from ink that is not shaped like digits alone (merged
 * glyphs, a minus sign, or a label the Chinese model could not read), from
 * the ink image first as before the gray readings: the gray ones read a
 * digit into the parts of a vertical label ("无" as 4 at 88), and step 3
 * then took the label for a row's value. */
static void read_unshaped_number(const nb_scan_page *pg, BOX *where, int glyphs,
                                 nb_scan_reading *out)
{
    static const nb_scan_variant doubt[] = {RAW_GRAY};
    static const nb_scan_variant last[] = {NB_VARIANT_DARKER, NB_VARIANT_LIGHTER};
    static const nb_scan_variant recount[] = {NB_VARIANT_PLAIN, NB_VARIANT_GRAY,
                                              NB_VARIANT_INKED, NB_VARIANT_DARKER,
                                              NB_VARIANT_LIGHTER};
    read_digits(pg, where, NB_VARIANT_INK, out);
    read_ladder(pg, where, glyphs, VARIANTS(doubt), confident, VARIANTS(last), VARIANTS(recount),
                out, NULL);
    if (*out->text && digit_count(out->text) < glyphs)
        out->confidence = MIN(out->confidence, 50);
    out->numeric = TRUE;
    out->confidence = MAX(out->confidence, 0);
}

static gboolean read_image(const nb_scan_page *pg, BOX *where, const ink_shape *shape,
                           nb_scan_variant variant, nb_scan_cell_kind kind, nb_scan_reading *out)
{
    l_int32 ink_h = 0;
    boxGetGeometry(where, NULL, NULL, NULL, &ink_h);
    /* a cell whose ink can only be digits is read as a number first; only a
     * doubtful reading is worth the Chinese model's opinion */
    gboolean number_first = kind == NB_SCAN_NUMBER ||
                            (kind == NB_SCAN_AUTO && variant == NB_VARIANT_PLAIN &&
                             shape->digit_shaped);
    if (number_first) {
        read_number(pg, where, variant, shape->glyphs, out);
        if (kind == NB_SCAN_NUMBER || sure_digits(out, shape->glyphs))
            return TRUE;
    }
    char *label = NULL;
    int label_conf = -1;
    if (kind != NB_SCAN_NUMBER) {
        PIX *img = label_image(pg, where, variant == NB_VARIANT_GRAY);
        label = img ? read_label(pg, img, ink_h, &label_conf) : NULL;
        pixDestroy(&img);
        if (!label)
            return FALSE;
        /* ink that looks like digits, read confidently with as many digits
         * as it has glyphs, stays a number whatever the Chinese model makes
         * of it ("11" read as 寺 at 95 would cost the row a value); an
         * ideograph of two narrow halves (构) passes for two digits too, but
         * reads as digits weakly ("12" at 57); a numbered label ("5.属", read
         * "5.484" at 90) keeps its digit in the Chinese reading */
        gboolean counted_digits = number_first && *out->text &&
                                  out->confidence >= KEEP_DIGITS &&
                                  digit_count(out->text) == shape->glyphs &&
                                  digit_count(label) == 0;
        if (kind == NB_SCAN_LABEL || (has_ideograph(label) && !counted_digits)) {
            if (variant == NB_VARIANT_PLAIN && label_conf < 90 &&
                (label_conf < LONG_LABEL_FAIR || g_utf8_strlen(label, -1) < LONG_LABEL_CHARS))
                label = better_label(pg, where, ink_h, label, &label_conf);
            g_free(out->text); /* a doubtful number reading, if any */
            out->numeric = FALSE;
            out->text = label;
            out->confidence = MAX(label_conf, 0);
            return TRUE;
        }
    }
    if (!number_first && variant == NB_VARIANT_PLAIN)
        read_unshaped_number(pg, where, shape->glyphs, out);
    else if (!number_first)
        read_number(pg, where, variant, shape->glyphs, out);
    /* the Chinese engine's reading is a second opinion: a confident
     * different number makes the digit reading doubtful, an empty digit
     * reading takes it over at its own confidence */
    if (label && is_plain_number(label) && label_conf >= 80) {
        if (!*out->text) {
            g_free(out->text);
            out->text = g_strdup(label);
            out->confidence = label_conf;
        } else if (strcmp(label, out->text) != 0) {
            out->confidence = MIN(out->confidence, 40);
        }
    }
    g_free(label);
    return TRUE;
}

gboolean nb_scan_read_cell(const nb_scan_page *pg, const double box[4], nb_scan_cell_kind kind,
                           nb_scan_variant variant, nb_scan_reading *out)
{
    memset(out, 0, sizeof *out);
    int inset = px(pg, INSET_IN);
    int x0 = (int)floor(box[0]) + inset, y0 = (int)floor(box[1]) + inset;
    int x1 = (int)ceil(box[2]) - inset, y1 = (int)ceil(box[3]) - inset;
    x0 = MAX(x0, 0), y0 = MAX(y0, 0);
    x1 = MIN(x1, pg->width), y1 = MIN(y1, pg->height);
    if (x1 - x0 < 4 || y1 - y0 < 4) {
        out->text = g_strdup("");
        out->confidence = 100;
        return TRUE;
    }
    BOX *cell = boxCreate(x0, y0, x1 - x0, y1 - y0);
    PIX *ink = pixClipRectangle(pg->ink, cell, NULL);
    BOX *extent = NULL;
    ink_shape shape = {0, FALSE};
    gboolean any = ink && ink_extent(pg, ink, &extent, &shape);
    pixDestroy(&ink);
    if (!any) {
        boxDestroy(&cell);
        out->text = g_strdup("");
        out->confidence = 100;
        return TRUE;
    }
    out->has_ink = TRUE;
    BOX *abs = boxTransform(extent, x0, y0, 1.0f, 1.0f);
    gboolean ok = abs && read_image(pg, abs, &shape, variant, kind, out);
    boxDestroy(&abs);
    boxDestroy(&extent);
    boxDestroy(&cell);
    if (!ok) {
        nb_scan_reading_clear(out);
        return FALSE;
    }
    if (!*out->text) {
        /* ink that reads as nothing is not a blank cell */
        g_free(out->text);
        out->text = g_strdup(NB_CELL_ILLEGIBLE);
        out->confidence = 0;
    }
    return TRUE;
}
