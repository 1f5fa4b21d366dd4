/*
 * synth_pdf.c — a record as a text PDF (see synth.h).
 *
 * Lays the report out on A4 pages with cairo and pango (Noto CJK fonts):
 * a title of one or two lines in a large font, numbered headings, indented
 * paragraphs wrapped at the margins, page numbers "- N -" in the footer, and
 * the template's three tables with their merged header cells, a vertical
 * group label one character per line, wrapped labels, and rows that run
 * over a page break (a spanning label cut in two, header rows sometimes
 * repeated).  The seed picks the table style: rulings drawn as lines,
 * rulings drawn as thin filled rectangles, or no rulings at all; font
 * sizes and margins vary so that page breaks fall at different rows.
 * Row labels, column labels and headings come from the schema; only the
 * furniture words every printed template shares (信息内容, 申请人情况,
 * 法人或其他组织, 行政诉讼) are written here.
 */
#include "cmd/synth/synth.h"
#include "cmd/synth/synth_common.h"
#include "cmd/synth/synth_office.h"
#include "layout/model/textnorm.h"

#include <cairo-pdf.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#define PAGE_W 595.28
#define PAGE_H 841.89
#define MARGIN_X 70.0
#define TOP 72.0
#define CELL_PAD 3.0
#define TABLE_FONT 9.0

typedef enum { RULE_LINES = 0, RULE_FILLS, RULE_NONE, RULE_HORIZONTAL } rule_style;

typedef struct {
    char *text;
    int row, col, rowspan, colspan;
    gboolean label;  /* left-aligned words (else centred) */
    gboolean shaded; /* a block caption on a light background */
    gboolean value;  /* a value cell: aligned as the document aligns numbers */
} pcell;

typedef struct {
    GPtrArray *cells; /* pcell* */
    int rows, cols;
    GArray *widths;   /* double, one per column */
    int header_rows;  /* repeated after a page break when the style asks */
    int break_at;     /* a row that starts a new page (NB_SYNTH_SPLIT), or -1 */
} ptable;

typedef struct {
    const nb_record *r;
    const nb_schema *s;
    const nb_synth_opts *opts;
    GRand *rnd;
    cairo_t *cr;
    int page;
    double y, bottom;
    double body_size;
    rule_style rules;
    gboolean repeat_headers;
    PangoFontMap *fonts;  /* our own: released with the document, so that no
                           * font cache outlives the call */
    PangoContext *pango;
    nb_synth_office *office; /* an office's print (scans), or NULL */
    unsigned layout;         /* NB_SYNTH_* table families in force */
    GRand *lrnd;             /* their choices, apart from rnd so that a document
                              * without them is printed as before */
    PangoAlignment numbers;  /* how value cells align (NB_SYNTH_ALIGN) */
} pdf_ctx;

/* ---- table model ---- */

static void pcell_free(gpointer p)
{
    pcell *x = p;
    g_free(x->text);
    g_free(x);
}

static ptable *ptable_new(int cols)
{
    ptable *t = g_new0(ptable, 1);
    t->cells = g_ptr_array_new_with_free_func(pcell_free);
    t->cols = cols;
    t->widths = g_array_new(FALSE, TRUE, sizeof(double));
    g_array_set_size(t->widths, (guint)cols);
    t->break_at = -1;
    return t;
}

static void ptable_free(ptable *t)
{
    g_ptr_array_free(t->cells, TRUE);
    g_array_free(t->widths, TRUE);
    g_free(t);
}

/* Adds a cell; takes ownership of `text`. */
static void put(ptable *t, int row, int col, int rowspan, int colspan, char *text, gboolean label)
{
    pcell *x = g_new0(pcell, 1);
    x->text = text;
    x->row = row, x->col = col, x->rowspan = MAX(1, rowspan), x->colspan = MAX(1, colspan);
    x->label = label;
    g_ptr_array_add(t->cells, x);
    t->rows = MAX(t->rows, row + x->rowspan);
}

/* A label as printed: with --mangle sometimes a stray space inside it or
 * half-width brackets. */
static char *printed_label(pdf_ctx *c, const char *label)
{
    if (!c->opts->mangle || g_utf8_strlen(label, -1) < 4 || !nb_synth_chance(c->rnd, 30))
        return g_strdup(label);
    glong n = g_utf8_strlen(label, -1), cut = 1 + g_rand_int_range(c->rnd, 0, (gint32)(n - 2));
    char *swapped = nb_synth_swap_brackets(label);
    const char *at = g_utf8_offset_to_pointer(swapped, cut);
    GString *o = g_string_new_len(swapped, at - swapped);
    g_string_append_c(o, ' ');
    g_string_append(o, at);
    g_free(swapped);
    return g_string_free(o, FALSE);
}

/* A value as printed: the record's number, sometimes with thousands
 * separators (--mangle). */
static char *printed_value(pdf_ctx *c, double v)
{
    char *num = nb_format_number(v);
    if (c->opts->mangle && fabs(v) >= 1000 && v == floor(v) && nb_synth_chance(c->rnd, 40)) {
        char *grouped = nb_synth_group_thousands(num);
        g_free(num);
        num = grouped;
    }
    return num;
}

/* Adds a value cell (see put). */
static void put_value(ptable *t, int row, int col, int colspan, char *text)
{
    put(t, row, col, 1, colspan, text, FALSE);
    ((pcell *)g_ptr_array_index(t->cells, t->cells->len - 1))->value = TRUE;
}

/* A column header as printed: one character per line under
 * NB_SYNTH_VERTICAL (a narrow column's stacked header). */
static char *header_text(pdf_ctx *c, const char *label)
{
    char *printed = printed_label(c, label);
    if (!(c->layout & NB_SYNTH_VERTICAL) || g_utf8_strlen(printed, -1) < 2)
        return printed;
    GString *o = g_string_new(NULL);
    for (const char *p = printed; *p; p = g_utf8_next_char(p)) {
        if (p != printed)
            g_string_append_c(o, '\n');
        g_string_append_unichar(o, g_utf8_get_char(p));
    }
    g_free(printed);
    return g_string_free(o, FALSE);
}

/* Under NB_SYNTH_WIDTHS: the table's width (a share of the text width) and
 * uneven value columns; under NB_SYNTH_WRAP the label column (`label_col`,
 * or -1) narrow enough that its labels wrap over two or three lines.  The
 * value columns start at `first_value`. */
static void vary_widths(pdf_ctx *c, ptable *t, int label_col, int first_value)
{
    double *w = &g_array_index(t->widths, double, 0);
    if ((c->layout & NB_SYNTH_WRAP) && label_col >= 0)
        w[label_col] = MIN(w[label_col], g_rand_double_range(c->lrnd, 52, 72));
    if (!(c->layout & NB_SYNTH_WIDTHS))
        return;
    double share = g_rand_double_range(c->lrnd, 0.82, 1.0), fixed = 0, values = 0;
    for (int i = 0; i < first_value; i++)
        fixed += w[i];
    for (int i = first_value; i < t->cols; i++)
        values += w[i];
    double room = (PAGE_W - 2 * MARGIN_X) * share - fixed, weights = 0;
    double *k = g_new(double, t->cols);
    for (int i = first_value; i < t->cols; i++)
        weights += (k[i] = g_rand_double_range(c->lrnd, 0.75, 1.3));
    for (int i = first_value; i < t->cols && room > 0 && values > 0; i++)
        w[i] = MAX(room * k[i] / weights, 24);
    g_free(k);
    /* never so narrow that a number wraps inside its cell */
    for (guint i = 0; i < t->cells->len; i++) {
        const pcell *x = g_ptr_array_index(t->cells, i);
        double need = 0.62 * TABLE_FONT * (double)strlen(x->text) + 2 * CELL_PAD + 3;
        if (x->value && x->colspan == 1)
            w[x->col] = MAX(w[x->col], need);
    }
}

/* The printed value of `row_key`.`col_key` of table `t`, or "" when the
 * record lacks it. */
static char *value_text(pdf_ctx *c, const nb_schema_table *t, const char *row_key,
                        const char *col_key)
{
    const nb_value *v = nb_synth_value(c->r, t, row_key, col_key);
    char *varied = v ? nb_synth_vary_value(c->opts, t, nb_schema_row_find(t, row_key), col_key,
                                           v->value, TRUE)
                     : NULL;
    if (varied)
        return varied;
    return v ? printed_value(c, v->value) : g_strdup("");
}

static void set_widths(ptable *t, const double *w)
{
    for (int i = 0; i < t->cols; i++)
        g_array_index(t->widths, double, i) = w[i];
}

/* Under NB_SYNTH_HEADUNIT (with --vary units): the one unit in which every
 * money value of list table `t` is printed, stated once in the heading area
 * above the table instead of in its header or captions; NULL when the
 * table's money rows print two units or none. */
static const char *heading_unit(pdf_ctx *c, const nb_schema_table *t)
{
    if (!(c->layout & NB_SYNTH_HEADUNIT) || t->wide || nb_synth_rows_share_columns(t))
        return NULL;
    const char *unit = NULL;
    for (guint i = 0; i < t->rows->len; i++) {
        const char *u = nb_synth_printed_unit(c->opts, t, g_ptr_array_index(t->rows, i));
        if (u && unit && strcmp(u, unit))
            return NULL;
        unit = u ? u : unit;
    }
    return unit;
}

/* A column label of list table `t` as printed; a money column's without
 * the unit in its brackets when `bare` (the heading area states it). */
static char *list_column_label(pdf_ctx *c, const nb_synth_opts *o, const nb_schema_table *t,
                               const char *col, gboolean bare)
{
    const char *lab = nb_synth_printed_column(o, t, col);
    const nb_schema_labels *l = nb_schema_column_find(t, col);
    const char *cut = bare && l && l->money ? strstr(lab, "（") : NULL;
    char *words = cut ? g_strndup(lab, (gsize)(cut - lab)) : g_strdup(lab);
    char *out = printed_label(c, words);
    g_free(words);
    return out;
}

/* Section 二: blocks under their captions, a header row whenever the
 * columns change, rows with fewer values span the last value cell. */
static ptable *list_table(pdf_ctx *c, const nb_schema_table *t)
{
    gboolean bare = heading_unit(c, t) != NULL;
    nb_synth_opts plain = *c->opts;
    plain.vary &= ~(guint)(bare ? NB_VARY_UNITS : 0);
    int maxv = nb_synth_max_row_columns(t);
    ptable *p = ptable_new(maxv + 1);
    double text_w = PAGE_W - 2 * MARGIN_X, label_w = 130;
    double w[16];
    w[0] = label_w;
    for (int k = 1; k <= maxv; k++)
        w[k] = (text_w - label_w) / maxv;
    set_widths(p, w);
    int row = 0;
    const GPtrArray *prev = NULL;
    for (guint i = 0; i < t->rows->len; i++) {
        const nb_schema_row *sr = g_ptr_array_index(t->rows, i);
        if (!nb_synth_row_present(c->r, t, sr))
            continue;
        int n = (int)sr->columns->len;
        if (sr->block) {
            put(p, row, 0, 1, maxv + 1, g_strdup(nb_synth_caption(&plain, t, sr, sr->block)), TRUE);
            pcell *caption = g_ptr_array_index(p->cells, p->cells->len - 1);
            caption->shaded = nb_synth_chance(c->rnd, 50);
            row++;
        }
        if (sr->block || prev != sr->columns) {
            put(p, row, 0, 1, 1, g_strdup("信息内容"), FALSE);
            for (int k = 0; k < n; k++)
                put(p, row, k + 1, 1, k + 1 == n ? maxv - k : 1,
                    list_column_label(c, &plain, t, g_ptr_array_index(sr->columns, k), bare),
                    FALSE);
            row++;
        }
        prev = sr->columns;
        put(p, row, 0, 1, 1, printed_label(c, nb_synth_row_label(c->opts, sr)), TRUE);
        for (int k = 0; k < n; k++)
            put_value(p, row, k + 1, k + 1 == n ? maxv - k : 1,
                      value_text(c, t, sr->key, g_ptr_array_index(sr->columns, k)));
        row++;
    }
    vary_widths(c, p, 0, 1);
    return p;
}

/* A top-level label ("三、本年度办理结果") rather than a sub-group
 * ("（三）不予公开"): it starts with a numeral and 、. */
static gboolean top_level(const char *label)
{
    static const char *numerals = "一二三四五六七八九十";
    gunichar first = g_utf8_get_char(label);
    return first && g_utf8_strchr(numerals, -1, first) &&
           g_str_has_prefix(g_utf8_next_char(label), "、");
}

/* The header rows of section 三 (the corner note, 申请人情况, 法人或其他组织
 * over its five columns, the column labels). */
static void grid_header(pdf_ctx *c, ptable *p, const nb_schema_table *t)
{
    int nv = (int)t->columns->len;
    put(p, 0, 0, 3, 3, g_strdup("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"),
        FALSE);
    put(p, 0, 3, 1, nv, g_strdup("申请人情况"), FALSE);
    for (int k = 0; k < nv; k++) {
        const nb_schema_labels *col = g_ptr_array_index(t->columns, k);
        const char *lab = nb_synth_first_label(col->labels);
        if (k == 0 || k == nv - 1)
            put(p, 1, 3 + k, 2, 1, header_text(c, lab), FALSE);
        else
            put(p, 2, 3 + k, 1, 1, header_text(c, lab), FALSE);
    }
    put(p, 1, 4, 1, nv - 2, g_strdup("法人或其他组织"), FALSE);
    p->header_rows = 3;
}

/* Section 三: three label columns (the vertical group label, sub-group
 * labels, row labels) and the applicant columns. */
static ptable *grid_table(pdf_ctx *c, const nb_schema_table *t)
{
    int nv = (int)t->columns->len;
    ptable *p = ptable_new(3 + nv);
    double w[16] = {22, 62, 132};
    for (int k = 0; k < nv; k++)
        w[3 + k] = (PAGE_W - 2 * MARGIN_X - 216) / nv;
    set_widths(p, w);
    grid_header(c, p, t);
    GPtrArray *rows = g_ptr_array_new();
    for (guint i = 0; i < t->rows->len; i++) {
        const nb_schema_row *sr = g_ptr_array_index(t->rows, i);
        if (nb_synth_row_present(c->r, t, sr))
            g_ptr_array_add(rows, (gpointer)sr);
    }
    /* the block under the vertical label: from the first grouped row to the
     * row before the next top-level label */
    int first = -1, last = -1;
    const char *outer = NULL;
    for (guint i = 0; i < rows->len; i++) {
        const nb_schema_row *sr = g_ptr_array_index(rows, i);
        if (first < 0 && sr->group) {
            first = (int)i;
            outer = top_level(sr->group) ? sr->group : NULL;
        }
        if (first >= 0 && !top_level(nb_synth_first_label(sr->labels)))
            last = (int)i;
        else if (first >= 0)
            break;
    }
    int base = p->header_rows;
    for (guint i = 0; i < rows->len; i++) {
        const nb_schema_row *sr = g_ptr_array_index(rows, i);
        int row = base + (int)i;
        gboolean in_block = first >= 0 && (int)i >= first && (int)i <= last;
        const char *sub = sr->group && !top_level(sr->group) ? sr->group : NULL;
        if (!in_block) {
            put(p, row, 0, 1, 3, printed_label(c, nb_synth_row_label(c->opts, sr)), TRUE);
        } else if (sub) {
            const nb_schema_row *prev = i > 0 ? g_ptr_array_index(rows, i - 1) : NULL;
            if (!prev || !prev->group || strcmp(prev->group, sub)) {
                int run = 1;
                while (i + run < rows->len &&
                       ((nb_schema_row *)g_ptr_array_index(rows, i + run))->group &&
                       !strcmp(((nb_schema_row *)g_ptr_array_index(rows, i + run))->group, sub))
                    run++;
                put(p, row, 1, run, 1, printed_label(c, sub), TRUE);
            }
            put(p, row, 2, 1, 1, printed_label(c, nb_synth_row_label(c->opts, sr)), TRUE);
        } else {
            put(p, row, 1, 1, 2, printed_label(c, nb_synth_row_label(c->opts, sr)), TRUE);
        }
        if (in_block && (int)i == first)
            put(p, row, 0, last - first + 1, 1, g_strdup(outer ? outer : ""), FALSE);
        for (int k = 0; k < nv; k++) {
            const nb_schema_labels *col = g_ptr_array_index(t->columns, k);
            put_value(p, row, 3 + k, 1, value_text(c, t, sr->key, col->key));
        }
    }
    if ((c->layout & NB_SYNTH_SPLIT) && rows->len > 6)
        p->break_at = base + g_rand_int_range(c->lrnd, 2, (gint32)rows->len - 2);
    g_ptr_array_free(rows, TRUE);
    vary_widths(c, p, 2, 3);
    return p;
}

/* Section 四: groups x columns in one row of values under three header
 * rows (the first group beside 行政诉讼 over the other two). */
static ptable *wide_table(pdf_ctx *c, const nb_schema_table *t)
{
    int ng = (int)t->groups->len, nc = (int)t->columns->len;
    ptable *p = ptable_new(ng * nc);
    double w[64];
    for (int k = 0; k < ng * nc && k < 64; k++)
        w[k] = (PAGE_W - 2 * MARGIN_X) / (ng * nc);
    set_widths(p, w);
    const nb_schema_labels *first = g_ptr_array_index(t->groups, 0);
    put(p, 0, 0, 1, nc, g_strdup(nb_synth_first_label(first->labels)), FALSE);
    put(p, 0, nc, 1, (ng - 1) * nc, g_strdup("行政诉讼"), FALSE);
    for (int g = 0; g < ng; g++) {
        const nb_schema_labels *gl = g_ptr_array_index(t->groups, g);
        if (g > 0)
            put(p, 1, g * nc, 1, nc, printed_label(c, nb_synth_first_label(gl->labels)), FALSE);
        for (int k = 0; k < nc; k++) {
            const nb_schema_labels *cl = g_ptr_array_index(t->columns, k);
            put(p, g ? 2 : 1, g * nc + k, g ? 1 : 2, 1,
                header_text(c, nb_synth_first_label(cl->labels)), FALSE);
            put_value(p, 3, g * nc + k, 1, value_text(c, t, gl->key, cl->key));
        }
    }
    p->header_rows = 3;
    vary_widths(c, p, -1, 0);
    return p;
}

/* ---- pages and text ---- */

static void footer(pdf_ctx *c);

static void running_head(pdf_ctx *c);

static void new_page(pdf_ctx *c)
{
    if (c->page > 0) {
        footer(c);
        cairo_show_page(c->cr);
    }
    c->page++;
    c->y = TOP;
    if (c->office && c->office->running_heads && c->page > 1)
        running_head(c);
}

static PangoLayout *layout_new(pdf_ctx *c, const char *text, double size, gboolean bold,
                               double width)
{
    PangoLayout *l = pango_layout_new(c->pango);
    const char *body = c->office ? c->office->body_font : "Noto Serif CJK SC";
    const char *heavy = c->office ? c->office->bold_font : "Noto Sans CJK SC Bold";
    PangoFontDescription *fd = pango_font_description_from_string(bold ? heavy : body);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_CHAR);
    pango_layout_set_text(l, text, -1);
    return l;
}

/* Draws line `i` of `l` with its left edge at x and its top at y. */
static void show_line(pdf_ctx *c, PangoLayout *l, int i, double x, double y)
{
    PangoLayoutIter *it = pango_layout_get_iter(l);
    for (int k = 0; k < i; k++)
        pango_layout_iter_next_line(it);
    PangoRectangle logical;
    pango_layout_iter_get_line_extents(it, NULL, &logical);
    double base = pango_layout_iter_get_baseline(it) - logical.y;
    cairo_move_to(c->cr, x + logical.x / (double)PANGO_SCALE, y + base / (double)PANGO_SCALE);
    pango_cairo_show_layout_line(c->cr, pango_layout_iter_get_line_readonly(it));
    pango_layout_iter_free(it);
}

static double line_height(PangoLayout *l)
{
    int h = 0;
    pango_layout_get_size(l, NULL, &h);
    int n = pango_layout_get_line_count(l);
    return n ? h / (double)PANGO_SCALE / n : 0;
}

/* One or two ticks a reader pencilled in the margins of the page. */
static void margin_ticks(pdf_ctx *c)
{
    GRand *rnd = c->office->rnd;
    int n = g_rand_int_range(rnd, 1, 3);
    for (int i = 0; i < n; i++) {
        gboolean left = g_rand_boolean(rnd);
        double x = left ? g_rand_double_range(rnd, 18, MARGIN_X - 30)
                        : g_rand_double_range(rnd, PAGE_W - MARGIN_X + 8, PAGE_W - 40);
        nb_synth_draw_tick(c->cr, x, g_rand_double_range(rnd, TOP + 40, c->bottom),
                           g_rand_double_range(rnd, 12, 22), rnd);
    }
}

/* The report's title again, small, at the top of a page. */
static void running_head(pdf_ctx *c)
{
    char *text = g_strdup_printf("%s%d年%s", c->r->agency, c->r->year,
                                 nb_synth_first_label(c->s->report_title));
    PangoLayout *l = layout_new(c, text, 9, FALSE, PAGE_W);
    pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
    show_line(c, l, 0, 0, 38);
    g_object_unref(l);
    g_free(text);
}

static void footer(pdf_ctx *c)
{
    char *num = g_strdup_printf("- %d -", c->page);
    PangoLayout *l = layout_new(c, num, 10.5, FALSE, PAGE_W);
    pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
    show_line(c, l, 0, 0, PAGE_H - 50);
    g_object_unref(l);
    g_free(num);
    if (c->office && nb_synth_chance(c->office->rnd, c->office->tick_percent))
        margin_ticks(c);
}

/* A paragraph wrapped at the margins, continued on the next page when it
 * does not fit.  `indent` is in characters; `center` centres each line. */
static void paragraph(pdf_ctx *c, const char *text, double size, gboolean bold, int indent,
                      gboolean center)
{
    PangoLayout *l = layout_new(c, text, size, bold, PAGE_W - 2 * MARGIN_X);
    pango_layout_set_indent(l, (int)(indent * size * PANGO_SCALE));
    if (center)
        pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
    double lh = line_height(l) * 1.25;
    for (int i = 0; i < pango_layout_get_line_count(l); i++) {
        if (c->y + lh > c->bottom)
            new_page(c);
        show_line(c, l, i, MARGIN_X, c->y);
        c->y += lh;
    }
    g_object_unref(l);
}

/* ---- tables on pages ---- */

static double col_x(const ptable *t, int col)
{
    double x = MARGIN_X;
    for (int i = 0; i < col; i++)
        x += g_array_index(t->widths, double, i);
    return x;
}

static double cell_width(const ptable *t, const pcell *x)
{
    return col_x(t, x->col + x->colspan) - col_x(t, x->col);
}

/* Row heights: each row fits its single-row cells; a spanning cell that
 * needs more makes the last of its rows taller. */
static double *row_heights(pdf_ctx *c, const ptable *t)
{
    double *h = g_new0(double, t->rows);
    for (int pass = 0; pass < 2; pass++)
        for (guint i = 0; i < t->cells->len; i++) {
            const pcell *x = g_ptr_array_index(t->cells, i);
            if ((pass == 0) != (x->rowspan == 1))
                continue;
            PangoLayout *l = layout_new(c, x->text, TABLE_FONT, FALSE, cell_width(t, x) - 2 * CELL_PAD);
            int ph = 0;
            pango_layout_get_size(l, NULL, &ph);
            g_object_unref(l);
            double need = ph / (double)PANGO_SCALE + 2 * CELL_PAD + 4;
            double have = 0;
            for (int r = x->row; r < x->row + x->rowspan; r++)
                have += h[r];
            if (need > have)
                h[x->row + x->rowspan - 1] += need - have;
        }
    return h;
}

static void rule_box(pdf_ctx *c, double x0, double y0, double x1, double y1)
{
    if (c->rules == RULE_HORIZONTAL) {
        cairo_set_line_width(c->cr, 0.6);
        cairo_move_to(c->cr, x0, y0);
        cairo_line_to(c->cr, x1, y0);
        cairo_move_to(c->cr, x0, y1);
        cairo_line_to(c->cr, x1, y1);
        cairo_stroke(c->cr);
    } else if (c->rules == RULE_LINES) {
        cairo_set_line_width(c->cr, 0.6);
        cairo_rectangle(c->cr, x0, y0, x1 - x0, y1 - y0);
        cairo_stroke(c->cr);
    } else if (c->rules == RULE_FILLS) {
        const double t = 0.75;
        cairo_rectangle(c->cr, x0 - t / 2, y0 - t / 2, x1 - x0 + t, t);
        cairo_rectangle(c->cr, x0 - t / 2, y1 - t / 2, x1 - x0 + t, t);
        cairo_rectangle(c->cr, x0 - t / 2, y0 - t / 2, t, y1 - y0 + t);
        cairo_rectangle(c->cr, x1 - t / 2, y0 - t / 2, t, y1 - y0 + t);
        cairo_fill(c->cr);
    }
}

/* Draws the part of cell `x` in rows [from, to) of the page segment whose
 * first row starts at `top`; `skip` lines of its text were shown on earlier
 * pages.  Returns the number of text lines shown. */
static int draw_cell_part(pdf_ctx *c, const ptable *t, const pcell *x, const double *h, int seg,
                          int from, int to, double top, int skip)
{
    double y0 = top, y1;
    for (int r = seg; r < from; r++)
        y0 += h[r];
    y1 = y0;
    for (int r = from; r < to; r++)
        y1 += h[r];
    double x0 = col_x(t, x->col), x1 = col_x(t, x->col + x->colspan);
    if (x->shaded && c->rules != RULE_NONE) {
        cairo_set_source_rgb(c->cr, 0.86, 0.90, 0.95);
        cairo_rectangle(c->cr, x0, y0, x1 - x0, y1 - y0);
        cairo_fill(c->cr);
        cairo_set_source_rgb(c->cr, 0, 0, 0);
    }
    rule_box(c, x0, y0, x1, y1);
    PangoLayout *l = layout_new(c, x->text, TABLE_FONT, FALSE, x1 - x0 - 2 * CELL_PAD);
    if (!x->label)
        pango_layout_set_alignment(l, x->value ? c->numbers : PANGO_ALIGN_CENTER);
    int n = pango_layout_get_line_count(l), shown = 0;
    double lh = line_height(l);
    gboolean split = x->row < from || x->row + x->rowspan > to;
    int fit = split ? (int)floor((y1 - y0 - 2 * CELL_PAD) / MAX(lh, 1)) : n;
    if (split && x->row + x->rowspan <= to)
        fit = n - skip; /* the last part shows the rest */
    int count = MIN(n - skip, MAX(fit, 0));
    double ty = split ? y0 + CELL_PAD : y0 + (y1 - y0 - count * lh) / 2;
    for (int i = 0; i < count; i++, shown++)
        show_line(c, l, skip + i, x0 + CELL_PAD, ty + i * lh);
    g_object_unref(l);
    return shown;
}

/* Draws rows [from, to) at the current position (plus the header rows
 * again when `repeat` is set). */
static void draw_segment(pdf_ctx *c, const ptable *t, const double *h, int from, int to,
                         int *shown)
{
    for (guint i = 0; i < t->cells->len; i++) {
        const pcell *x = g_ptr_array_index(t->cells, i);
        int a = MAX(x->row, from), b = MIN(x->row + x->rowspan, to);
        if (a >= b)
            continue;
        shown[i] += draw_cell_part(c, t, x, h, from, a, b, c->y, shown[i]);
    }
    for (int r = from; r < to; r++)
        c->y += h[r];
}

/* draw_segment, then (an office's print) sometimes a seal over its cells. */
static void draw_table_part(pdf_ctx *c, const ptable *t, const double *h, int from, int to,
                            int *shown)
{
    double top = c->y;
    draw_segment(c, t, h, from, to, shown);
    if (!c->office || c->y - top < 60 || !nb_synth_chance(c->office->rnd, c->office->table_seal_percent))
        return;
    GRand *rnd = c->office->rnd;
    double r = g_rand_double_range(rnd, 30, 42);
    nb_synth_draw_seal(c->cr, c->pango, c->office->body_font,
                       g_rand_double_range(rnd, MARGIN_X + r, PAGE_W - MARGIN_X - r),
                       g_rand_double_range(rnd, top + r / 2, c->y - r / 2), r, rnd);
}

static void draw_header_again(pdf_ctx *c, const ptable *t, const double *h)
{
    int *none = g_new0(int, t->cells->len);
    draw_segment(c, t, h, 0, t->header_rows, none);
    g_free(none);
}

/* Lays the table out over as many pages as it needs. */
static void draw_table(pdf_ctx *c, const ptable *t)
{
    double *h = row_heights(c, t);
    int *shown = g_new0(int, t->cells->len);
    int from = 0;
    c->y += 6;
    for (int r = 0; r < t->rows; r++) {
        double used = 0;
        for (int k = from; k < r; k++)
            used += h[k];
        gboolean forced = r == t->break_at && r > from;
        if (c->y + used + h[r] <= c->bottom && !forced)
            continue;
        if (r > from)
            draw_table_part(c, t, h, from, r, shown);
        new_page(c);
        if (c->repeat_headers && t->header_rows && r >= t->header_rows)
            draw_header_again(c, t, h);
        from = r;
    }
    draw_table_part(c, t, h, from, t->rows, shown);
    c->y += 10;
    g_free(shown);
    g_free(h);
}

/* ---- the document ---- */

/* A heading's words without their own numbering. */
static const char *heading_words(const GPtrArray *headings)
{
    const char *h = nb_synth_first_label(headings);
    const char *mark = strstr(h, "、");
    return mark && mark - h <= 6 ? mark + strlen("、") : h;
}

static void heading(pdf_ctx *c, int n, const char *words)
{
    char *text = g_strdup_printf("%s、%s", nb_synth_numeral(n), words);
    if (c->y + 3 * c->body_size > c->bottom)
        new_page(c);
    c->y += 4;
    paragraph(c, text, c->body_size + 1, TRUE, 2, FALSE);
    g_free(text);
}

static void prose(pdf_ctx *c, const char *text)
{
    char **paras = g_strsplit(text ? text : "", "\n", -1);
    for (char **p = paras; *p; p++)
        if (**p)
            paragraph(c, *p, c->body_size, FALSE, 2, FALSE);
    g_strfreev(paras);
}

static void title(pdf_ctx *c)
{
    if (!c->r->agency || !c->r->year)
        return;
    const char *kind = nb_synth_first_label(c->s->report_title);
    double size = 18 + g_rand_int_range(c->rnd, 0, 5);
    if (nb_synth_chance(c->rnd, 60)) {
        paragraph(c, c->r->agency, size, TRUE, 0, TRUE);
        char *second = g_strdup_printf("%d 年%s", c->r->year, kind);
        paragraph(c, second, size, TRUE, 0, TRUE);
        g_free(second);
    } else {
        char *one = g_strdup_printf("%s%d年%s", c->r->agency, c->r->year, kind);
        paragraph(c, one, size, TRUE, 0, TRUE);
        g_free(one);
    }
    c->y += 12;
}

static void section(pdf_ctx *c, int *n, guint index)
{
    if (index >= c->s->sections->len)
        return;
    const nb_schema_section *sec = g_ptr_array_index(c->s->sections, index);
    const char *text = g_hash_table_lookup(c->r->sections, sec->key);
    if (!text)
        return;
    heading(c, (*n)++, nb_synth_first_label(sec->headings));
    prose(c, text);
}

/* One block of the annex: a ruled list of documents (name, number, date)
 * that is no template table, numbered on from `*item`. */
static ptable *annex_list(pdf_ctx *c, int *item)
{
    static const char *const kinds[] = {"关于印发", "关于做好", "关于进一步加强", "关于公布"};
    static const char *const topics[] = {"政务公开工作要点的通知", "政府信息主动公开目录的通知",
                                         "依申请公开办理规范的通知", "规范性文件清理结果的通知"};
    ptable *p = ptable_new(4);
    const double w[4] = {40, 235, 110, 70};
    set_widths(p, w);
    put(p, 0, 0, 1, 1, g_strdup("序号"), FALSE);
    put(p, 0, 1, 1, 1, g_strdup("文件名称"), FALSE);
    put(p, 0, 2, 1, 1, g_strdup("文号"), FALSE);
    put(p, 0, 3, 1, 1, g_strdup("发布日期"), FALSE);
    p->header_rows = 1;
    for (int r = 1; r <= 12; r++, (*item)++) {
        put(p, r, 0, 1, 1, g_strdup_printf("%d", *item), FALSE);
        put(p, r, 1, 1, 1, g_strdup_printf("%s%s", kinds[g_rand_int_range(c->rnd, 0, 4)],
                                           topics[g_rand_int_range(c->rnd, 0, 4)]), TRUE);
        put(p, r, 2, 1, 1, g_strdup_printf("政办发〔%d〕%d号", c->r->year ? c->r->year : 2024,
                                           *item), FALSE);
        put(p, r, 3, 1, 1, g_strdup_printf("%d-%02d-%02d", c->r->year ? c->r->year : 2024,
                                           1 + *item % 12, 1 + *item % 28), FALSE);
    }
    return p;
}

/* opts->annex_pages pages after the report: lists of documents and the
 * report's overview again as prose, as in a report with a long annex. */
static void annex(pdf_ctx *c)
{
    if (c->opts->annex_pages <= 0)
        return;
    int last = c->page + c->opts->annex_pages, item = 1;
    new_page(c);
    paragraph(c, "附件：本机关主动公开文件目录", c->body_size + 1, TRUE, 0, TRUE);
    const nb_schema_section *sec = c->s->sections->len ? g_ptr_array_index(c->s->sections, 0) : NULL;
    const char *text = sec ? g_hash_table_lookup(c->r->sections, sec->key) : NULL;
    while (c->page < last) {
        ptable *p = annex_list(c, &item);
        draw_table(c, p);
        ptable_free(p);
        if (c->page < last)
            prose(c, text ? text : "本机关按照规定公开政府信息。");
    }
}

/* The agency and the date under the last section, right-aligned, often
 * under the agency's red seal. */
static void signature(pdf_ctx *c)
{
    GRand *rnd = c->office->rnd;
    int month = g_rand_int_range(rnd, 1, 4), day = g_rand_int_range(rnd, 1, 29);
    char *date = g_strdup_printf("%d年%d月%d日", c->r->year + 1, month, day);
    if (c->y + 5 * c->body_size > c->bottom)
        new_page(c);
    c->y += 2 * c->body_size;
    double top = c->y, right = PAGE_W - MARGIN_X - 2 * c->body_size;
    const char *lines[] = {c->r->agency, date};
    double width = 0;
    for (int i = 0; i < 2; i++) {
        PangoLayout *l = layout_new(c, lines[i], c->body_size, FALSE, PAGE_W);
        PangoRectangle ext;
        pango_layout_line_get_extents(pango_layout_get_line_readonly(l, 0), NULL, &ext);
        int w = ext.width;
        width = MAX(width, w / (double)PANGO_SCALE);
        double lh = line_height(l) * 1.25;
        show_line(c, l, 0, right - w / (double)PANGO_SCALE, c->y);
        c->y += lh;
        g_object_unref(l);
    }
    if (c->office->seal)
        nb_synth_draw_seal(c->cr, c->pango, c->office->body_font,
                           right - width / 2 + g_rand_double_range(rnd, -10, 10),
                           (top + c->y) / 2 + g_rand_double_range(rnd, -6, 6),
                           g_rand_double_range(rnd, 36, 46), rnd);
    g_free(date);
}

static void document(pdf_ctx *c)
{
    new_page(c);
    title(c);
    int n = 0;
    section(c, &n, 0);
    for (guint i = 0; i < c->s->tables->len; i++) {
        const nb_schema_table *t = g_ptr_array_index(c->s->tables, i);
        heading(c, n++, heading_words(t->headings));
        const char *unit = heading_unit(c, t);
        if (unit) {
            char *line = g_strdup_printf("单位：%s", unit);
            paragraph(c, line, TABLE_FONT + 1, FALSE, 0, FALSE);
            g_free(line);
        }
        ptable *p = t->wide                           ? wide_table(c, t)
                    : nb_synth_rows_share_columns(t) ? grid_table(c, t)
                                                     : list_table(c, t);
        draw_table(c, p);
        ptable_free(p);
    }
    for (guint i = 1; i < c->s->sections->len; i++)
        section(c, &n, i);
    if (c->office && c->office->signature)
        signature(c);
    annex(c);
    footer(c);
}

/* The table families of opts->layout in force for this document (drawn
 * with NB_SYNTH_RANDOM) and what they set: rulings, number alignment,
 * repeated headers after the split. */
static void choose_families(pdf_ctx *c)
{
    c->layout = nb_synth_layout_draw_from(c->lrnd, c->opts->layout, NB_SYNTH_PDF_DRAWN);
    if (c->layout & NB_SYNTH_NORULES)
        c->rules = RULE_NONE;
    else if (c->layout & NB_SYNTH_HRULES)
        c->rules = RULE_HORIZONTAL;
    if (c->layout & NB_SYNTH_ALIGN) {
        static const PangoAlignment aligns[] = {PANGO_ALIGN_LEFT, PANGO_ALIGN_CENTER,
                                                PANGO_ALIGN_RIGHT};
        c->numbers = aligns[g_rand_int_range(c->lrnd, 0, 3)];
    }
    if (c->layout & NB_SYNTH_SPLIT)
        c->repeat_headers = g_rand_boolean(c->lrnd);
    g_debug("synth seed %u: pdf layout 0x%x", c->opts->seed, c->layout);
}

static cairo_status_t write_bytes(void *closure, const unsigned char *data, unsigned int len)
{
    g_byte_array_append(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

gboolean nb_synth_render_pdf(const nb_record *r, const nb_schema *s, const nb_synth_opts *opts,
                             GByteArray *out, char **err)
{
    if (err)
        *err = NULL;
    g_return_val_if_fail(r && s && opts && out, FALSE);
    cairo_surface_t *surf = cairo_pdf_surface_create_for_stream(write_bytes, out, PAGE_W, PAGE_H);
    pdf_ctx c = {r, s, opts, g_rand_new_with_seed(opts->seed ^ 0x9dfu), cairo_create(surf), 0, 0,
                 0, 0, RULE_LINES, FALSE, pango_cairo_font_map_new(), NULL,
                 opts->office ? nb_synth_office_new(opts->seed) : NULL, 0,
                 g_rand_new_with_seed(opts->seed ^ 0x51a7u), PANGO_ALIGN_CENTER};
    if (c.office) {
        char *what = nb_synth_office_describe(c.office);
        g_debug("synth seed %u: %s", opts->seed, what);
        g_free(what);
    }
    c.pango = pango_font_map_create_context(c.fonts);
    pango_cairo_update_context(c.cr, c.pango);
    c.body_size = 10.5 + g_rand_int_range(c.rnd, 0, 4) * 0.5;
    c.bottom = PAGE_H - 72 - g_rand_int_range(c.rnd, 0, 60);
    int style = g_rand_int_range(c.rnd, 0, 10);
    c.rules = style < 6 ? RULE_LINES : style < 8 ? RULE_FILLS : RULE_NONE;
    c.repeat_headers = nb_synth_chance(c.rnd, 30);
    choose_families(&c);
    cairo_set_source_rgb(c.cr, 0, 0, 0);
    document(&c);
    cairo_destroy(c.cr);
    cairo_surface_finish(surf);
    cairo_status_t st = cairo_surface_status(surf);
    cairo_surface_destroy(surf);
    g_object_unref(c.pango);
    g_object_unref(c.fonts);
    g_rand_free(c.rnd);
    g_rand_free(c.lrnd);
    nb_synth_office_free(c.office);
    if (st != CAIRO_STATUS_SUCCESS) {
        if (err)
            *err = g_strdup(cairo_status_to_string(st));
        return FALSE;
    }
    return TRUE;
}
