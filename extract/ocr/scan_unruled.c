/*
 * scan_unruled.c — see scan_unruled.h.
 *
 * The page is read in four steps:
 *   1. segments: the ink outside the ruled tables, closed horizontally over
 *      gaps narrower than SEGMENT_GAP_IN (the blank between two glyphs of a
 *      word or a number) and vertically over the gaps inside a glyph; each
 *      connected component is a segment, the unit a table cell is made of;
 *   2. candidates: only segments that share their line with another
 *      segment (a label and its numbers) or sit just above or below such a
 *      line (a wrapped label) are read: body text is one wide segment per
 *      line and is left to the text-line reader;
 *   3. reading: each candidate is read on its own with the per-cell reader,
 *      which chooses between the Chinese and the digit engine;
 *   4. tables: the readings become glyphs laid evenly over their segment's
 *      box, and nb_pdf_tables_unruled finds the tables among them.  Every
 *      value cell is then given back its segment's own reading and OCR
 *      provenance, so that nothing the layout step saw (a placeholder for
 *      an illegible value) reaches the record.
 *
 * Geometry in steps 1–4 is in "straight" page units: pixels of the deskewed
 * images times the page scale.  Provenance boxes are mapped back through
 * the deskew (nb_scan_page_box_to_page) at the end.
 */
#include "extract/ocr/scan_unruled.h"
#include "layout/pdfgrid.h"
#include "layout/model/textnorm.h"
#include "extract/ocr/scan_cell.h"

#include <leptonica/allheaders.h>
#include <math.h>
#include <string.h>

/* Sizes are fractions of an inch, so that they hold at any resolution. */
#define SEGMENT_GAP_IN 0.1   /* a wider blank separates two cells of a line */
#define GLYPH_JOIN_IN 0.012  /* vertical blank inside one glyph (二, 三) */
#define MIN_GLYPH_IN NB_SCAN_MIN_GLYPH_IN
#define MAX_SEGMENT_IN 0.4   /* taller ink is a picture or a stamp */
#define MAX_SEGMENT_WIDTH 0.45 /* of the page: wider segments are running text */
#define PAD_IN 0.02          /* white around a segment: the cell reader insets 0.012 in */
#define NEIGHBOUR_LINES 1.5  /* a wrapped label is this many line heights away */
/* A line whose segments cover more than this fraction of its extent is
 * running text with wide spaces (justified, or around numbers: "维持 72 件");
 * a table row is mostly the blank between its columns. */
#define RUNNING_COVERAGE 0.75
#define TABLE_MARGIN_IN 0.02 /* kept around a table's box for the text reader */
/* The layout step splits a line where the gap is wider than 0.8 font
 * sizes (CELL_GAP in pdfgrid_unruled.c); glyphs are given a size a little
 * below SEGMENT_GAP_IN / 0.8 so that every segment gap splits and nothing
 * inside a segment does. */
#define GLYPH_SIZE_IN 0.11

/* Digits are shorter than ideographs: a segment right of another on its
 * line whose ink is at most this fraction of the height of the tallest
 * segment of the line (its label) holds a number.  It is read by the
 * digit engine alone: the Chinese model makes ideographs of some digit
 * pairs ("30" as 区), which would cost the row its value. */
#define DIGIT_HEIGHT 0.88
/* The first segment of a line at least this many times as wide as high is
 * a row's label: read by the Chinese engine only, since a label that
 * starts with its item number ("6.属于…") may otherwise come back as the
 * number 6 and take a value's place. */
#define LABEL_ASPECT 5.0

/* A label is cut in two where the scan lost a faint glyph (三 of three thin
 * strokes, quotation marks): pieces this many segment gaps apart may be
 * joined again. */
#define LABEL_REJOIN_GAPS 3.0

/* A page holds table rows without rulings when at least this many of its
 * segments share their line with another one (two rows of a label and two
 * numbers), judged before any reading. */
#define LIKELY_ROW_SEGMENTS 6

/* The stand-in text of an illegible segment: it keeps the value's place in
 * its row during layout and is replaced by NB_CELL_ILLEGIBLE afterwards. */
#define PLACEHOLDER "0"

typedef struct {
    double px[4];       /* ink box on the deskewed images */
    double read_box[4]; /* px with a white margin: what was read */
    double unit[4];     /* px in straight page units */
    gboolean wide;      /* running text: never a cell, but counted in its line */
    gboolean wanted;    /* a table candidate */
    gboolean digits;    /* shaped and placed like a number */
    gboolean label;     /* shaped and placed like a row's label */
    gboolean placeholder;
    nb_scan_reading rd; /* valid when wanted */
} segment;

#define px(pg, inches) nb_scan_px(pg, inches)

static void segments_free(GArray *segs)
{
    for (guint i = 0; i < segs->len; i++)
        nb_scan_reading_clear(&g_array_index(segs, segment, i).rd);
    g_array_free(segs, TRUE);
}

/* ---- 1. segments ---- */

/* The ink outside the ruled tables, without speckles. */
static PIX *free_ink(const nb_scan_page *pg, const GArray *boxes)
{
    return nb_scan_ink_outside(pg, boxes, px(pg, TABLE_MARGIN_IN));
}

static segment segment_at(const nb_scan_page *pg, int x, int y, int w, int h)
{
    segment s = {0};
    int pad = px(pg, PAD_IN);
    s.px[0] = x, s.px[1] = y, s.px[2] = x + w, s.px[3] = y + h;
    s.read_box[0] = MAX(0, x - pad), s.read_box[1] = MAX(0, y - pad);
    s.read_box[2] = MIN(pg->width, x + w + pad), s.read_box[3] = MIN(pg->height, y + h + pad);
    for (int k = 0; k < 4; k++)
        s.unit[k] = s.px[k] * pg->scale;
    return s;
}

/* The segments of `ink`, in no particular order.  Pictures are left out;
 * running text (wider than MAX_SEGMENT_WIDTH of the page) is marked. */
static GArray *find_segments(const nb_scan_page *pg, PIX *ink)
{
    GArray *segs = g_array_new(FALSE, FALSE, sizeof(segment));
    PIX *closed = pixCloseSafeBrick(NULL, ink, px(pg, SEGMENT_GAP_IN), px(pg, GLYPH_JOIN_IN));
    BOXA *boxa = closed ? pixConnCompBB(closed, 8) : NULL;
    pixDestroy(&closed);
    int n = boxa ? boxaGetCount(boxa) : 0, glyph = px(pg, MIN_GLYPH_IN);
    for (int i = 0; i < n; i++) {
        l_int32 x, y, w, h;
        boxaGetBoxGeometry(boxa, i, &x, &y, &w, &h);
        if ((w < glyph && h < glyph) || h > px(pg, MAX_SEGMENT_IN))
            continue;
        segment s = segment_at(pg, x, y, w, h);
        s.wide = w > pg->width * MAX_SEGMENT_WIDTH;
        g_array_append_val(segs, s);
    }
    boxaDestroy(&boxa);
    return segs;
}

/* ---- 2. candidates ---- */

static double centre_y(const segment *s) { return (s->px[1] + s->px[3]) / 2; }

/* Whether `b` lies on the line of `a`: its vertical extent holds a's
 * centre, and the two do not overlap horizontally. */
static gboolean same_line(const segment *a, const segment *b)
{
    double cy = centre_y(a);
    return b->px[1] <= cy && cy <= b->px[3] && (b->px[2] <= a->px[0] || a->px[2] <= b->px[0]);
}

/* The vertical blank between two segments (0 when they overlap). */
static double vertical_gap(const segment *a, const segment *b)
{
    return MAX(0, MAX(a->px[1], b->px[1]) - MIN(a->px[3], b->px[3]));
}

/* Whether `s` lies on a line of running text: its segments and those on
 * its line cover most of the line's extent. */
static gboolean running_text(GArray *segs, const segment *s)
{
    double x0 = s->px[0], x1 = s->px[2], inked = s->px[2] - s->px[0];
    for (guint j = 0; j < segs->len; j++) {
        const segment *o = &g_array_index(segs, segment, j);
        if (o == s || !(same_line(s, o) || same_line(o, s)))
            continue;
        x0 = MIN(x0, o->px[0]), x1 = MAX(x1, o->px[2]);
        inked += o->px[2] - o->px[0];
    }
    return inked > RUNNING_COVERAGE * (x1 - x0);
}

/* Marks in `shared` (one per segment) the segments that share their line
 * with another segment, on a line that is not running text: the cells of
 * a row.  Returns how many there are. */
static int mark_shared_lines(GArray *segs, gboolean *shared)
{
    int count = 0;
    for (guint i = 0; i < segs->len; i++) {
        const segment *s = &g_array_index(segs, segment, i);
        shared[i] = FALSE;
        for (guint j = 0; j < segs->len && !s->wide && !shared[i]; j++)
            shared[i] = i != j && same_line(s, &g_array_index(segs, segment, j));
        if (shared[i] && running_text(segs, s))
            shared[i] = FALSE;
        count += shared[i];
    }
    return count;
}

/* Marks as wanted the segments of row lines, then the segments close above
 * or below one of those (label lines). */
static void select_candidates(const nb_scan_page *pg, GArray *segs)
{
    guint n = segs->len;
    gboolean *multi = g_new0(gboolean, MAX(n, 1));
    mark_shared_lines(segs, multi);
    double near = NEIGHBOUR_LINES * px(pg, GLYPH_SIZE_IN);
    for (guint i = 0; i < n; i++) {
        segment *s = &g_array_index(segs, segment, i);
        s->wanted = multi[i];
        for (guint j = 0; j < n && !s->wanted && !s->wide; j++)
            s->wanted = multi[j] && vertical_gap(s, &g_array_index(segs, segment, j)) <= near;
    }
    g_free(multi);
}

/* ---- 3. reading ---- */

/* Whether another wanted segment lies left of `s` on its line: an
 * illegible segment there holds a value, not the row's label. */
static gboolean has_left_neighbour(GArray *segs, const segment *s)
{
    for (guint j = 0; j < segs->len; j++) {
        const segment *o = &g_array_index(segs, segment, j);
        if (o != s && o->wanted && o->px[2] <= s->px[0] && same_line(s, o))
            return TRUE;
    }
    return FALSE;
}

/* The height of the tallest segment on the line of `s` (itself included). */
static double line_height(GArray *segs, const segment *s)
{
    double tallest = s->px[3] - s->px[1];
    for (guint j = 0; j < segs->len; j++) {
        const segment *o = &g_array_index(segs, segment, j);
        if (o->wanted && same_line(s, o))
            tallest = MAX(tallest, o->px[3] - o->px[1]);
    }
    return tallest;
}

/* Marks the wanted segments that are shaped and placed like numbers or
 * like row labels. */
static void mark_kinds(GArray *segs)
{
    for (guint i = 0; i < segs->len; i++) {
        segment *s = &g_array_index(segs, segment, i);
        double h = s->px[3] - s->px[1], w = s->px[2] - s->px[0];
        gboolean first = !has_left_neighbour(segs, s);
        s->digits = s->wanted && !first && h <= DIGIT_HEIGHT * line_height(segs, s);
        s->label = s->wanted && first && w >= LABEL_ASPECT * h;
    }
}

/* Reads every wanted segment: digit-shaped ones as numbers, label-shaped
 * ones as words, the others as the per-cell reader decides.  Returns FALSE when the engine failed; sets
 * *expired when the time budget ran out. */
static gboolean read_segments(const nb_scan_page *pg, GArray *segs, const nb_limits *lim,
                              gboolean *expired)
{
    mark_kinds(segs);
    for (guint i = 0; i < segs->len; i++) {
        segment *s = &g_array_index(segs, segment, i);
        if (!s->wanted)
            continue;
        if (nb_limits_expired(lim)) {
            *expired = TRUE;
            return TRUE;
        }
        nb_scan_cell_kind kind = s->digits ? NB_SCAN_NUMBER : s->label ? NB_SCAN_LABEL : NB_SCAN_AUTO;
        if (!nb_scan_read_cell(pg, s->read_box, kind, NB_VARIANT_PLAIN, &s->rd))
            return FALSE;
    }
    for (guint i = 0; i < segs->len; i++) {
        segment *s = &g_array_index(segs, segment, i);
        s->placeholder = s->wanted && strcmp(s->rd.text ? s->rd.text : "", NB_CELL_ILLEGIBLE) == 0 &&
                         has_left_neighbour(segs, s);
    }
    return TRUE;
}

/* Whether the reading of `s` is words (not a number, not illegible). */
static gboolean reads_as_words(const segment *s)
{
    return s->wanted && !s->digits && !s->rd.numeric && s->rd.text && *s->rd.text &&
           strcmp(s->rd.text, NB_CELL_ILLEGIBLE) != 0;
}

/* Whether `text` starts with item numbering ("4.", "（三）", "一、"). */
static gboolean starts_numbered(const char *text)
{
    char *label = nb_norm_label(text), *raw = nb_norm_squash(text);
    gboolean numbered = strcmp(label, raw) != 0;
    g_free(label);
    g_free(raw);
    return numbered;
}

/* The nearest wanted segment right of `s` on its line, or NULL. */
static segment *right_neighbour(GArray *segs, const segment *s)
{
    segment *best = NULL;
    for (guint j = 0; j < segs->len; j++) {
        segment *o = &g_array_index(segs, segment, j);
        if (o != s && o->wanted && o->px[0] >= s->px[2] && same_line(s, o) &&
            (!best || o->px[0] < best->px[0]))
            best = o;
    }
    return best;
}

/* Joins label pieces: a numbered label ("4.保护第") followed closely on its
 * line by words that are not numbered ("方合法权益") is one label whose
 * middle the scan lost; left apart, the layout would take the first piece
 * for a group label.  A numbered piece after it is another label (the row's
 * own label after its group's) and stays apart. */
static void rejoin_labels(const nb_scan_page *pg, GArray *segs)
{
    double max_gap = LABEL_REJOIN_GAPS * px(pg, SEGMENT_GAP_IN);
    for (guint i = 0; i < segs->len; i++) {
        segment *a = &g_array_index(segs, segment, i);
        segment *b;
        while (reads_as_words(a) && starts_numbered(a->rd.text) &&
               (b = right_neighbour(segs, a)) && reads_as_words(b) &&
               b->px[0] - a->px[2] <= max_gap && !starts_numbered(b->rd.text)) {
            char *joined = g_strconcat(a->rd.text, b->rd.text, NULL);
            g_free(a->rd.text);
            a->rd.text = joined;
            a->rd.confidence = MIN(a->rd.confidence, b->rd.confidence);
            for (int k = 0; k < 2; k++) {
                a->px[k] = MIN(a->px[k], b->px[k]), a->px[k + 2] = MAX(a->px[k + 2], b->px[k + 2]);
                a->read_box[k] = MIN(a->read_box[k], b->read_box[k]);
                a->read_box[k + 2] = MAX(a->read_box[k + 2], b->read_box[k + 2]);
            }
            for (int k = 0; k < 4; k++)
                a->unit[k] = a->px[k] * pg->scale;
            b->wanted = FALSE;
        }
    }
}

/* ---- 4. tables ---- */

/* The text a segment contributes to the layout: its reading, the
 * placeholder, or NULL (blank, unread, or illegible in a label's place). */
static const char *layout_text(const segment *s)
{
    if (!s->wanted || !s->rd.text || !*s->rd.text)
        return NULL;
    if (s->placeholder)
        return PLACEHOLDER;
    return strcmp(s->rd.text, NB_CELL_ILLEGIBLE) == 0 ? NULL : s->rd.text;
}

/* Lays the characters of `text` side by side over the segment's box. */
static void add_glyphs(nb_page_text *pt, const segment *s, const char *text, double size)
{
    glong n = 0;
    for (const char *p = text; *p; p = g_utf8_next_char(p))
        n += !g_unichar_isspace(g_utf8_get_char(p));
    if (n == 0)
        return;
    double w = (s->unit[2] - s->unit[0]) / (double)n, x = s->unit[0];
    for (const char *p = text; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (g_unichar_isspace(c))
            continue;
        nb_glyph g = {.ch = c, .box = {x, s->unit[1], x + w, s->unit[3]}, .size = size};
        g_array_append_val(pt->glyphs, g);
        x += w;
    }
}

static nb_page_text *page_text(const nb_scan_page *pg, GArray *segs, int page)
{
    nb_page_text *pt = nb_page_text_new(page, pg->width * pg->scale, pg->height * pg->scale);
    double size = GLYPH_SIZE_IN * pg->ppi * pg->scale;
    for (guint i = 0; i < segs->len; i++) {
        const segment *s = &g_array_index(segs, segment, i);
        const char *text = layout_text(s);
        if (text)
            add_glyphs(pt, s, text, size);
    }
    return pt;
}

static gboolean box_holds_centre(const double box[4], const double b[4])
{
    double cx = (b[0] + b[2]) / 2, cy = (b[1] + b[3]) / 2, eps = 1e-6;
    return cx >= box[0] - eps && cx <= box[2] + eps && cy >= box[1] - eps && cy <= box[3] + eps;
}

/* The OCR provenance of a straight-unit box read with `confidence`. */
static nb_prov ocr_prov(const nb_scan_page *pg, int page, const double unit_box[4], int confidence)
{
    nb_prov prov = nb_prov_none(NB_ORIGIN_OCR);
    prov.page = page;
    prov.has_box = true;
    prov.confidence = confidence;
    double pixels[4];
    for (int k = 0; k < 4; k++)
        pixels[k] = unit_box[k] / pg->scale;
    nb_scan_page_box_to_page(pg, pixels, prov.box);
    return prov;
}

/* Gives a value cell its segment's own reading.  A cell made of other
 * than exactly one read segment cannot be trusted to be one number: it
 * becomes illegible (flagged, never a guessed value). */
static void settle_value(nb_pdf_cell *c, GArray *segs, const nb_scan_page *pg, int page,
                         nb_scan_store *st)
{
    const segment *only = NULL;
    int count = 0;
    for (guint i = 0; i < segs->len; i++) {
        const segment *s = &g_array_index(segs, segment, i);
        if (layout_text(s) && box_holds_centre(c->prov.box, s->unit))
            only = s, count++;
    }
    if (count == 0) { /* a blank cell: no chunk, no glyph */
        c->prov = ocr_prov(pg, page, c->prov.box, 100);
        return;
    }
    g_free(c->text);
    if (count > 1 || only->placeholder) {
        c->text = g_strdup(NB_CELL_ILLEGIBLE);
        c->prov = ocr_prov(pg, page, c->prov.box, 0);
        return;
    }
    c->text = g_strdup(only->rd.text);
    double unit_read[4];
    for (int k = 0; k < 4; k++)
        unit_read[k] = only->read_box[k] * pg->scale;
    c->prov = ocr_prov(pg, page, unit_read, only->rd.confidence);
    if (only->rd.numeric)
        nb_scan_store_add_cell(st, page, only->read_box, c->prov.box);
}

/* A label cell keeps the text the layout joined; its provenance becomes
 * OCR with the weakest confidence of its segments. */
static void settle_label(nb_pdf_cell *c, GArray *segs, const nb_scan_page *pg, int page)
{
    int conf = -1;
    for (guint i = 0; i < segs->len; i++) {
        const segment *s = &g_array_index(segs, segment, i);
        if (layout_text(s) && box_holds_centre(c->prov.box, s->unit))
            conf = conf < 0 ? s->rd.confidence : MIN(conf, s->rd.confidence);
    }
    c->prov = ocr_prov(pg, page, c->prov.box, conf < 0 ? 100 : conf);
}

/* Columns 0 and 1 of an unruled table are its labels (group and own);
 * the others hold values (see nb_pdf_tables_unruled). */
static void settle_table(nb_pdf_table *t, GArray *segs, const nb_scan_page *pg, int page,
                         nb_scan_store *st)
{
    for (guint i = 0; i < t->cells->len; i++) {
        nb_pdf_cell *c = g_ptr_array_index(t->cells, i);
        if (c->col >= 2)
            settle_value(c, segs, pg, page, st);
        else
            settle_label(c, segs, pg, page);
    }
}

/* Appends the table's box, in pixels of the deskewed images. */
static void add_table_box(GArray *boxes, const nb_pdf_table *t, const nb_scan_page *pg)
{
    const double b[4] = {t->box.x0 / pg->scale, t->box.y0 / pg->scale, t->box.x1 / pg->scale,
                         t->box.y1 / pg->scale};
    g_array_append_vals(boxes, b, 4);
}

gboolean nb_scan_unruled_likely(const nb_scan_page *pg, const GArray *boxes)
{
    PIX *ink = free_ink(pg, boxes);
    if (!ink)
        return FALSE;
    GArray *segs = find_segments(pg, ink);
    pixDestroy(&ink);
    gboolean *shared = g_new0(gboolean, MAX(segs->len, 1));
    int on_shared_lines = mark_shared_lines(segs, shared);
    g_free(shared);
    segments_free(segs);
    return on_shared_lines >= LIKELY_ROW_SEGMENTS;
}

int nb_scan_read_unruled(const nb_scan_page *pg, int page, int first_index, GArray *boxes,
                         nb_scan_store *st, nb_doc *doc, const nb_limits *lim, gboolean *expired)
{
    PIX *ink = free_ink(pg, boxes);
    if (!ink)
        return 0;
    GArray *segs = find_segments(pg, ink);
    pixDestroy(&ink);
    select_candidates(pg, segs);
    if (!read_segments(pg, segs, lim, expired)) {
        segments_free(segs);
        return -1;
    }
    if (*expired) {
        segments_free(segs);
        return 0;
    }
    rejoin_labels(pg, segs);
    nb_page_text *pt = page_text(pg, segs, page);
    gboolean *used = g_new0(gboolean, MAX(pt->glyphs->len, 1));
    GPtrArray *tables = nb_pdf_tables_unruled(pt, used);
    for (guint i = 0; i < tables->len; i++) {
        nb_pdf_table *t = g_ptr_array_index(tables, i);
        settle_table(t, segs, pg, page, st);
        nb_doc_add_grid(doc, nb_pdf_table_to_grid(t, first_index + (int)i));
        add_table_box(boxes, t, pg);
    }
    int added = (int)tables->len;
    g_ptr_array_free(tables, TRUE);
    g_free(used);
    nb_page_text_free(pt);
    segments_free(segs);
    return added;
}
