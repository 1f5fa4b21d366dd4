/* scan_page.c — see scan_page.h. */
#include "extract/ocr/scan_page.h"
#include "extract/ink.h"

#include <leptonica/allheaders.h>
#include <math.h>

/* Skews beyond this are not office scans but photos or rotated pages; the
 * search range of Leptonica's skew finder is set to it. */
#define MAX_SKEW_DEG 3.0

/* Below this the rotation is left alone: resampling blurs more than the
 * skew hurts. */
#define MIN_SKEW_DEG 0.08

/* A colour page in gray with red seal ink dropped out (ink.h): the seal
 * stamped over a table's cells would otherwise be read as print. */
static PIX *rgb_to_gray(PIX *rgb)
{
    int w = pixGetWidth(rgb), h = pixGetHeight(rgb);
    PIX *gray = pixCreate(w, h, 8);
    if (!gray)
        return NULL;
    pixCopyResolution(gray, rgb);
    int swpl = pixGetWpl(rgb), dwpl = pixGetWpl(gray);
    const l_uint32 *src = pixGetData(rgb);
    l_uint32 *dst = pixGetData(gray);
    for (int y = 0; y < h; y++) {
        const l_uint32 *sl = src + (gsize)y * swpl;
        l_uint32 *dl = dst + (gsize)y * dwpl;
        for (int x = 0; x < w; x++) {
            l_int32 r, g, b;
            extractRGBValues(sl[x], &r, &g, &b);
            SET_DATA_BYTE(dl, x, nb_ink_gray((unsigned)r, (unsigned)g, (unsigned)b));
        }
    }
    return gray;
}

static PIX *to_gray(PIX *pix)
{
    PIX *plain = pixRemoveColormap(pix, REMOVE_CMAP_BASED_ON_SRC);
    if (!plain)
        return NULL;
    PIX *gray = NULL;
    int d = pixGetDepth(plain);
    if (d == 32)
        gray = rgb_to_gray(plain);
    else if (d == 1 || d == 2 || d == 4 || d == 8 || d == 16)
        gray = pixConvertTo8(plain, 0);
    pixDestroy(&plain);
    return gray;
}

/* Uneven lighting (a scanner lid gradient, a phone photo) defeats one global
 * threshold; normalising the background to a constant white first lets the
 * ink threshold be fixed.  A bilevel scan has no gradient to remove. */
static PIX *flatten_background(PIX *gray, gboolean was_bilevel)
{
    if (was_bilevel)
        return pixClone(gray);
    PIX *norm = pixBackgroundNormSimple(gray, NULL, NULL);
    return norm ? norm : pixClone(gray);
}

static PIX *binarise(PIX *gray)
{
    /* after background normalisation the paper is ~200 and ink well below */
    return pixThresholdToBinary(gray, 150);
}

/* A dark band at the page's edge — the shadow of the binding on a bilevel
 * scan or a photocopy, a scanner lid's black border — is ink that touches
 * the edge and runs over a quarter of the page's height or width.  Left
 * there, every pixel row of the page has ink, so that no text line can be
 * told from the next (the whole page came out as one "line").  It is
 * painted white in `gray` (in place), with a margin for its fringe. */
static void erase_edge_bands(PIX *gray)
{
    PIX *ink = binarise(gray);
    PIX *edge = ink ? pixExtractBorderConnComps(ink, 8) : NULL;
    int w = pixGetWidth(gray), h = pixGetHeight(gray);
    PIX *bands = edge ? pixSelectBySize(edge, w / 4, h / 4, 8, L_SELECT_IF_EITHER, L_SELECT_IF_GTE,
                                        NULL)
                      : NULL;
    l_int32 empty = 1;
    if (bands)
        pixZero(bands, &empty);
    if (!empty) {
        PIX *wide = pixDilateBrick(NULL, bands, 15, 15);
        if (wide)
            pixPaintThroughMask(gray, wide, 0, 0, 255);
        pixDestroy(&wide);
    }
    pixDestroy(&bands);
    pixDestroy(&edge);
    pixDestroy(&ink);
}

/* Leptonica's confidence in a measured skew (its peak-to-background score
 * ratio).  Above SKEW_SURE the angle is taken as it is.  A page of a few
 * short lines (a table without rulings, a cover page) scores lower even
 * when the angle is right; between SKEW_WEAK and SKEW_SURE an angle that a
 * second, independent measurement agrees with is offered to the caller
 * (weak_angle_deg), who turns the page only when it holds a table without
 * rulings: turning resamples every glyph (see MIN_SKEW_DEG), which is worth
 * it on weak evidence only where a row's label and numbers must line up. */
#define SKEW_SURE 2.5
#define SKEW_WEAK 1.5
#define SKEW_AGREE_DEG 0.1
/* The second measurement runs on the text lines closed into bars over the
 * gaps between glyphs (this many inches), which changes what the score
 * is made of but not the lines' slope. */
#define LINE_BAR_IN 0.08

static gboolean measure_skew(PIX *ink, double *angle, double *conf)
{
    l_float32 a = 0, c = 0;
    if (pixFindSkewSweepAndSearch(ink, &a, &c, 2, 2, MAX_SKEW_DEG, 0.5f, 0.01f) != 0)
        return FALSE;
    *angle = a, *conf = c;
    return TRUE;
}

/* The skew of the page: an angle measured with confidence is returned; a
 * weak one that the line bars confirm is only reported in *weak (the caller
 * decides whether the page is worth turning on that evidence); 0 otherwise. */
static double find_skew(PIX *ink, int ppi, double *weak)
{
    double angle = 0, conf = 0;
    *weak = 0;
    if (!measure_skew(ink, &angle, &conf) || conf < SKEW_WEAK || fabs(angle) < MIN_SKEW_DEG)
        return 0;
    if (conf >= SKEW_SURE)
        return angle;
    /* too little text to be sure: ask the line bars */
    PIX *bars = pixCloseBrick(NULL, ink, MAX(2, (int)lround(LINE_BAR_IN * ppi)), 1);
    double angle2 = 0, conf2 = 0;
    gboolean agree = bars && measure_skew(bars, &angle2, &conf2) && conf2 >= SKEW_WEAK &&
                     fabs(angle2 - angle) <= SKEW_AGREE_DEG;
    pixDestroy(&bars);
    if (agree)
        *weak = angle;
    return 0;
}

/* The resolution of a page image: stated for a rendered PDF page; for an
 * image, which says nothing reliable about it, estimated by assuming that
 * the long side is an A4 page's 11.69 inches. */
static int page_ppi(int width, int height, double scale)
{
    if (scale == 1.0)
        return CLAMP((int)lround(MAX(width, height) / 11.69), 70, 1200);
    return (int)lround(72.0 / scale);
}

/* Prepares the page, turning it by `angle` when `measure` is FALSE, by the
 * measured skew otherwise. */
static nb_scan_page *prepare(struct Pix *pix, double scale, gboolean measure, double angle,
                             const char **why)
{
    const char *dummy;
    if (!why)
        why = &dummy;
    *why = NULL;
    if (!pix || pixGetWidth(pix) < 16 || pixGetHeight(pix) < 16 || scale <= 0) {
        *why = "the page image is empty or too small";
        return NULL;
    }
    gboolean bilevel = pixGetDepth(pix) == 1;
    PIX *gray0 = to_gray(pix);
    if (!gray0) {
        *why = "the page image has an unsupported pixel format";
        return NULL;
    }
    PIX *flat = flatten_background(gray0, bilevel);
    pixDestroy(&gray0);
    if (flat && pixGetDepth(flat) == 8)
        erase_edge_bands(flat);
    int ppi = page_ppi(pixGetWidth(flat), pixGetHeight(flat), scale);
    double weak = 0;
    if (measure) {
        PIX *ink0 = binarise(flat);
        angle = ink0 ? find_skew(ink0, ppi, &weak) : 0;
        pixDestroy(&ink0);
    }
    nb_scan_page *p = g_new0(nb_scan_page, 1);
    p->angle_deg = angle;
    p->weak_angle_deg = weak;
    p->scale = scale;
    p->width = pixGetWidth(flat);
    p->height = pixGetHeight(flat);
    if (angle != 0) {
        /* Leptonica's skew angle is the text's tilt; rotating by it straightens
         * the page (positive = clockwise in image coordinates) */
        p->gray = pixRotate(flat, (l_float32)(angle * M_PI / 180.0), L_ROTATE_AREA_MAP,
                            L_BRING_IN_WHITE, 0, 0);
        pixDestroy(&flat);
    } else {
        p->gray = flat;
    }
    p->ink = binarise(p->gray);
    p->ppi = ppi;
    if (!p->gray || !p->ink) {
        nb_scan_page_free(p);
        *why = "the page image could not be processed";
        return NULL;
    }
    return p;
}

nb_scan_page *nb_scan_page_new(struct Pix *pix, double scale, const char **why)
{
    return prepare(pix, scale, TRUE, 0, why);
}

nb_scan_page *nb_scan_page_new_turned(struct Pix *pix, double scale, double angle_deg,
                                      const char **why)
{
    return prepare(pix, scale, FALSE, angle_deg, why);
}

nb_scan_page *nb_scan_page_new_upside_down(struct Pix *pix, double scale, const char **why)
{
    PIX *turned = pix ? pixRotate180(NULL, pix) : NULL;
    nb_scan_page *p = prepare(turned, scale, TRUE, 0, why);
    pixDestroy(&turned);
    if (p)
        p->turn_deg = 180;
    return p;
}

int nb_scan_px(const nb_scan_page *p, double inches)
{
    return MAX(1, (int)lround(inches * p->ppi));
}

#define MARK_GAP_IN 0.08  /* blank between the text column and a mark in the margin */
#define MARK_MAX_IN 0.6   /* the largest mark: a tick, a cross, a short note */
#define TEXT_COLUMN 0.6   /* the body text spans this share of the page's width */

typedef struct {
    int x0, x1;  /* columns [x0, x1) */
    double ink;  /* pixels of ink in them */
} col_run;

/* Runs of columns of `ink` that hold ink, blanks up to `gap` bridged. */
static GArray *column_runs(PIX *ink, int gap)
{
    GArray *runs = g_array_new(FALSE, FALSE, sizeof(col_run));
    NUMA *cols = pixCountPixelsByColumn(ink);
    int n = cols ? numaGetCount(cols) : 0, last = -1;
    for (int x = 0; x < n; x++) {
        l_float32 v = 0;
        numaGetFValue(cols, x, &v);
        if (v <= 0)
            continue;
        if (last >= 0 && x - last <= gap) {
            col_run *r = &g_array_index(runs, col_run, runs->len - 1);
            r->x1 = x + 1, r->ink += v;
        } else {
            col_run r = {x, x + 1, v};
            g_array_append_val(runs, r);
        }
        last = x;
    }
    numaDestroy(&cols);
    return runs;
}

/* Clears the components of columns [x0, x1) of `ink` no taller than `max`. */
static void clear_small_in_columns(PIX *ink, int x0, int x1, int max)
{
    BOX *strip = boxCreate(x0, 0, x1 - x0, (l_int32)pixGetHeight(ink));
    PIX *cols = pixClipRectangle(ink, strip, NULL);
    boxDestroy(&strip);
    BOXA *boxa = cols ? pixConnCompBB(cols, 8) : NULL;
    for (int i = 0; boxa && i < boxaGetCount(boxa); i++) {
        l_int32 bx, by, bw, bh;
        boxaGetBoxGeometry(boxa, i, &bx, &by, &bw, &bh);
        if (bh > max)
            continue;
        BOX *b = boxCreate(x0 + bx, by, bw, bh);
        pixClearInRect(ink, b);
        boxDestroy(&b);
    }
    boxaDestroy(&boxa);
    pixDestroy(&cols);
}

/* Erases from `ink` the marks in the page's margins: beside a body text
 * column (the run of inked columns with the most ink, at least TEXT_COLUMN
 * of the page wide), apart from it by a blank, a narrow run of columns
 * whose components are small.  A tick pencilled beside a heading shares the
 * heading's rows: the finder of tables without rulings took the two for a
 * label and its number and the heading was lost to the text ("五、存在的
 * 主要问题…" never read, section 五 lost); at the start of a line it was
 * read as "\".  Number columns of a table without rulings stay: they lie
 * inside the text column, or no body text column is there to judge by. */
static void erase_margin_marks(const nb_scan_page *p, PIX *ink)
{
    GArray *runs = column_runs(ink, nb_scan_px(p, MARK_GAP_IN));
    guint main = 0;
    for (guint i = 1; i < runs->len; i++)
        if (g_array_index(runs, col_run, i).ink > g_array_index(runs, col_run, main).ink)
            main = i;
    const col_run *m = runs->len ? &g_array_index(runs, col_run, main) : NULL;
    int max = nb_scan_px(p, MARK_MAX_IN);
    for (guint i = 0; m && m->x1 - m->x0 >= TEXT_COLUMN * p->width && i < runs->len; i++) {
        const col_run *r = &g_array_index(runs, col_run, i);
        if (i != main && r->x1 - r->x0 <= max)
            clear_small_in_columns(ink, r->x0, r->x1, max);
    }
    g_array_free(runs, TRUE);
}

PIX *nb_scan_ink_outside(const nb_scan_page *p, const GArray *boxes, int margin_px)
{
    PIX *ink = pixCopy(NULL, p->ink);
    for (guint i = 0; boxes && i + 4 <= boxes->len; i += 4) {
        const double *b = &g_array_index(boxes, double, i);
        BOX *box = boxCreate((int)b[0] - margin_px, (int)b[1] - margin_px,
                             (int)(b[2] - b[0]) + 2 * margin_px, (int)(b[3] - b[1]) + 2 * margin_px);
        pixClearInRect(ink, box);
        boxDestroy(&box);
    }
    int g = nb_scan_px(p, NB_SCAN_MIN_GLYPH_IN);
    PIX *clean = pixSelectBySize(ink, g, g, 8, L_SELECT_IF_EITHER, L_SELECT_IF_GTE, NULL);
    pixDestroy(&ink);
    if (clean)
        erase_margin_marks(p, clean);
    return clean;
}

void nb_scan_page_free(nb_scan_page *p)
{
    if (!p)
        return;
    pixDestroy(&p->gray);
    pixDestroy(&p->ink);
    g_free(p);
}

/* Rotates (x, y) about the page centre by `deg` degrees (image coordinates:
 * y grows downwards, so positive turns clockwise on screen). */
static void rotate_point(const nb_scan_page *p, double deg, double x, double y, double *ox,
                         double *oy)
{
    double cx = p->width / 2.0, cy = p->height / 2.0, a = deg * M_PI / 180.0;
    double dx = x - cx, dy = y - cy;
    *ox = cx + dx * cos(a) - dy * sin(a);
    *oy = cy + dx * sin(a) + dy * cos(a);
}

static void rotated_bbox(const nb_scan_page *p, double deg, const double in[4], double out[4])
{
    const double xs[4] = {in[0], in[2], in[0], in[2]}, ys[4] = {in[1], in[1], in[3], in[3]};
    out[0] = out[1] = G_MAXDOUBLE;
    out[2] = out[3] = -G_MAXDOUBLE;
    for (int i = 0; i < 4; i++) {
        double x, y;
        rotate_point(p, deg, xs[i], ys[i], &x, &y);
        out[0] = MIN(out[0], x), out[1] = MIN(out[1], y);
        out[2] = MAX(out[2], x), out[3] = MAX(out[3], y);
    }
}

void nb_scan_page_box_to_page(const nb_scan_page *p, const double in[4], double out[4])
{
    /* the deskew turned the page by angle_deg (pixRotate: positive = clockwise),
     * after the caller's half turn if any, both about the page's centre;
     * undoing them turns the box back the other way */
    rotated_bbox(p, -(p->angle_deg + p->turn_deg), in, out);
    for (int i = 0; i < 4; i++)
        out[i] *= p->scale;
}

void nb_scan_page_box_from_page(const nb_scan_page *p, const double in[4], double out[4])
{
    double px[4];
    for (int i = 0; i < 4; i++)
        px[i] = in[i] / p->scale;
    rotated_bbox(p, p->angle_deg + p->turn_deg, px, out);
}
