/*
 * synth_text.c — a record as scraped web text (see synth.h).
 *
 * Writes the form crawlers produce from a report page: a title, numbered
 * section headings, prose, and the three tables flattened either one cell
 * per line (a line "|" opens a row, each cell ends in " |", cells covered by
 * a span become a run of "|") or one row per line (cells separated by tabs,
 * or a label followed by space-separated numbers).  Row labels, column
 * labels, headings and the table layout come from the schema; only the
 * furniture words every printed template shares (信息内容, 申请人情况, …)
 * are written here.  With opts->mangle the labels and numbers get the noise
 * of published reports.
 */
#include "cmd/synth/synth.h"
#include "cmd/synth/synth_common.h"
#include "layout/model/textnorm.h"

#include <math.h>
#include <string.h>

/* ---- an intermediate table: rows of anchor cells with spans ---- */

typedef struct {
    char *text;
    int colspan, rowspan;
    gboolean row_label; /* the row's own label: noise may break it in two */
} tcell;

typedef struct {
    GPtrArray *rows; /* GPtrArray* of tcell* (the anchors that start in the row) */
    int width;       /* columns of the printed table */
} ttable;

typedef enum { LAYOUT_FLAT = 0, LAYOUT_TABS, LAYOUT_SPACES, LAYOUT_COLUMNS, LAYOUT_MARKDOWN } row_layout;

typedef struct {
    const nb_record *r;
    const nb_schema *s;
    const nb_synth_opts *opts;
    GRand *rnd;
    row_layout layout;
    GString *out;
    gboolean typo_done; /* one long label gets a typo, at most */
    unsigned variations; /* NB_SYNTH_* bits in force */
    gboolean blank_zeros; /* columns layout: a zero printed as an empty cell */
} text_ctx;

static void tcell_free(gpointer p)
{
    tcell *c = p;
    g_free(c->text);
    g_free(c);
}

static ttable *ttable_new(int width)
{
    ttable *t = g_new0(ttable, 1);
    t->rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
    t->width = width;
    return t;
}

static void ttable_free(ttable *t)
{
    if (!t)
        return;
    g_ptr_array_free(t->rows, TRUE);
    g_free(t);
}

static GPtrArray *trow_new(ttable *t)
{
    GPtrArray *row = g_ptr_array_new_with_free_func(tcell_free);
    g_ptr_array_add(t->rows, row);
    return row;
}

/* Adds an anchor cell; takes ownership of `text`. */
static tcell *trow_add(GPtrArray *row, char *text, int colspan, int rowspan)
{
    tcell *c = g_new0(tcell, 1);
    c->text = text;
    c->colspan = colspan;
    c->rowspan = rowspan;
    g_ptr_array_add(row, c);
    return c;
}

/* ---- label and number noise ---- */

/* Spaces between some characters ("三 、本 年 度办 理 结果"). */
static char *spread_spaces(text_ctx *c, const char *s)
{
    GString *o = g_string_new(NULL);
    for (const char *p = s; *p; p = g_utf8_next_char(p)) {
        g_string_append_unichar(o, g_utf8_get_char(p));
        if (*g_utf8_next_char(p) && nb_synth_chance(c->rnd, 25))
            g_string_append(o, nb_synth_chance(c->rnd, 70) ? " " : "\u3000");
    }
    return g_string_free(o, FALSE);
}

/* A row label as printed: the schema's first label, with noise if asked.
 * Spaces are kept out of the space-separated layout, where they split
 * cells. */
static char *print_label(text_ctx *c, const char *label)
{
    if (!c->opts->mangle)
        return g_strdup(label);
    char *s = nb_synth_label_noise(c->rnd, label, &c->typo_done, TRUE);
    if (c->layout != LAYOUT_SPACES && c->layout != LAYOUT_COLUMNS &&
        c->layout != LAYOUT_MARKDOWN && nb_synth_chance(c->rnd, 20)) {
        char *t = spread_spaces(c, s);
        g_free(s), s = t;
    }
    return s;
}

/* A value as printed.  Counts may come with full-width digits or thousands
 * separators, a decrease as "减少18", zero as a blank marker (in the cell
 * layout, where a blank keeps its place). */
static char *print_value(text_ctx *c, const nb_schema_row *row, double v)
{
    if (v == 0 && c->blank_zeros)
        return g_strdup("");
    char *num = nb_format_number(v);
    if (!c->opts->mangle)
        return num;
    char *out = NULL;
    if (v == 0 && c->layout == LAYOUT_FLAT && nb_synth_chance(c->rnd, 15)) {
        /* not "": an empty cell line " |" reads as the "|" that opens a row */
        static const char *blanks[] = {"—", "-", "/", "无"};
        out = g_strdup(blanks[g_rand_int_range(c->rnd, 0, G_N_ELEMENTS(blanks))]);
    } else if (v < 0 && nb_synth_chance(c->rnd, 40)) {
        char *abs = nb_format_number(-v);
        out = g_strconcat("减少", abs, NULL);
        g_free(abs);
    } else if (fabs(v) >= 1000 && v == floor(v) && nb_synth_chance(c->rnd, 50)) {
        out = nb_synth_group_thousands(num);
    } else if (v > 0 && v == floor(v) && nb_synth_chance(c->rnd, 8)) {
        GString *g = g_string_new(NULL);
        for (const char *p = num; *p; p++)
            g_string_append_unichar(g, 0xFF10 + (gunichar)(*p - '0'));
        out = g_string_free(g, FALSE);
    }
    (void)row;
    if (!out)
        return num;
    g_free(num);
    return out;
}

/* A money value of a row whose unit is yuan: sometimes with its unit. */
static char *print_money(text_ctx *c, const nb_schema_row *row, double v)
{
    char *num = nb_format_number(v);
    if (row->unit && !strcmp(row->unit, "yuan") && nb_synth_chance(c->rnd, 50)) {
        char *t = g_strconcat(num, "元", NULL);
        g_free(num);
        return t;
    }
    return num;
}

/* ---- the tables ---- */

/* Value cells of `row` into `cells`; the last spans what is left of `width`. */
static void add_values(text_ctx *c, const nb_schema_table *t, const nb_schema_row *row,
                       GPtrArray *cells, int width_left)
{
    guint n = row->columns->len;
    for (guint i = 0; i < n; i++) {
        const char *key = g_ptr_array_index(row->columns, i);
        const nb_value *v = nb_synth_value(c->r, t, row->key, key);
        const nb_schema_labels *col = nb_schema_column_find(t, key);
        gboolean money = row->decimal && (!col || col->money);
        /* a blank cell keeps its place only between tabs */
        char *text = v ? nb_synth_vary_value(c->opts, t, row, key, v->value,
                                             c->layout == LAYOUT_TABS)
                       : NULL;
        if (!text)
            text = !v ? g_strdup("") : money ? print_money(c, row, v->value)
                                             : print_value(c, row, v->value);
        trow_add(cells, text, i + 1 == n ? MAX(1, width_left - (int)i) : 1, 1);
    }
}

/* Section 二: blocks of rows sharing their columns, each with a header row
 * naming the columns.  Row labels and column labels come from the schema. */
static ttable *build_list_table(text_ctx *c, const nb_schema_table *t)
{
    int maxcols = nb_synth_max_row_columns(t);
    ttable *tt = ttable_new(1 + maxcols);
    const GPtrArray *prev_cols = NULL;
    for (guint i = 0; i < t->rows->len; i++) {
        const nb_schema_row *row = g_ptr_array_index(t->rows, i);
        if (!nb_synth_row_present(c->r, t, row))
            continue;
        gboolean same = !row->block && nb_synth_same_columns(prev_cols, row->columns);
        if (!same && row->block) {
            GPtrArray *cap = trow_new(tt);
            trow_add(cap, print_label(c, nb_synth_caption(c->opts, t, row, row->block)), 1 + maxcols, 1);
        }
        if (!same) {
            GPtrArray *h = trow_new(tt);
            trow_add(h, g_strdup("信息内容"), 1, 1);
            for (guint k = 0; k < row->columns->len; k++) {
                trow_add(h, g_strdup(nb_synth_printed_column(c->opts, t, g_ptr_array_index(row->columns, k))),
                         k + 1 == row->columns->len ? maxcols - (int)k : 1, 1);
            }
        }
        prev_cols = row->columns;
        GPtrArray *d = trow_new(tt);
        trow_add(d, print_label(c, nb_synth_row_label(c->opts, row)), 1, 1)->row_label = TRUE;
        add_values(c, t, row, d, maxcols);
    }
    return tt;
}

/* Section 三: a three-level header (applicant columns under 申请人情况, the
 * middle ones under 法人或其他组织), then every row with its group labels. */
static ttable *build_grid_table(text_ctx *c, const nb_schema_table *t)
{
    int ncols = (int)t->columns->len, nlab = 3;
    ttable *tt = ttable_new(nlab + ncols);
    GPtrArray *h1 = trow_new(tt), *h2 = trow_new(tt), *h3 = trow_new(tt);
    trow_add(h1, g_strdup("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"), nlab, 3);
    trow_add(h1, g_strdup("申请人情况"), ncols, 1);
    for (int k = 0; k < ncols; k++) {
        const nb_schema_labels *col = g_ptr_array_index(t->columns, k);
        const char *lab = nb_synth_first_label(col->labels);
        if (k == 0 || k == ncols - 1)
            trow_add(h2, g_strdup(lab), 1, 2);
        else
            trow_add(h3, g_strdup(lab), 1, 1);
        if (k == 0)
            trow_add(h2, g_strdup("法人或其他组织"), ncols - 2, 1);
    }
    GArray *rows = nb_synth_place_rows(c->r, t, NULL, 0);
    /* a page break inside the outer group repeats its label (Word does) */
    guint repeat_at = c->opts->mangle && nb_synth_chance(c->rnd, 30)
                          ? (guint)g_rand_int_range(c->rnd, 1, (gint32)rows->len)
                          : 0;
    for (guint i = 0; i < rows->len; i++) {
        const nb_synth_placed_row *p = &g_array_index(rows, nb_synth_placed_row, i);
        GPtrArray *d = trow_new(tt);
        int used = 0;
        if (p->outer) {
            /* the label repeated after the break starts a span of its own:
             * the one above ends there (else the repeated cell would push
             * the row's values one column right in the column layout) */
            int run = nb_synth_group_run(rows, i, FALSE);
            if (i < repeat_at && i + (guint)run > repeat_at)
                run = (int)(repeat_at - i);
            if (i == repeat_at || nb_synth_starts_group(rows, i, FALSE))
                trow_add(d, print_label(c, p->outer), 1, run);
            used++;
        }
        if (p->inner) {
            if (nb_synth_starts_group(rows, i, TRUE))
                trow_add(d, print_label(c, p->inner), 1, nb_synth_group_run(rows, i, TRUE));
            used++;
        }
        trow_add(d, print_label(c, nb_synth_row_label(c->opts, p->row)), nlab - used, 1)
            ->row_label = TRUE;
        add_values(c, t, p->row, d, ncols);
    }
    g_array_free(rows, TRUE);
    return tt;
}

/* Section 四: group labels over column labels over one row of values. */
static ttable *build_wide_table(text_ctx *c, const nb_schema_table *t)
{
    int ng = (int)t->groups->len, nc = (int)t->columns->len;
    ttable *tt = ttable_new(ng * nc);
    GPtrArray *h1 = trow_new(tt), *h2 = trow_new(tt), *d = trow_new(tt);
    for (int g = 0; g < ng; g++) {
        const nb_schema_labels *gl = g_ptr_array_index(t->groups, g);
        trow_add(h1, print_label(c, nb_synth_first_label(gl->labels)), nc, 1);
        for (int k = 0; k < nc; k++) {
            const nb_schema_labels *cl = g_ptr_array_index(t->columns, k);
            trow_add(h2, g_strdup(nb_synth_first_label(cl->labels)), 1, 1);
            const nb_value *v = nb_synth_value(c->r, t, gl->key, cl->key);
            trow_add(d, v ? print_value(c, NULL, v->value) : g_strdup(""), 1, 1);
        }
    }
    return tt;
}

/* ---- writing ---- */

/* A cell of the flattened form.  With noise a long row label breaks over
 * two lines of one cell, or (rarely) over two cells, as page scrapers leave
 * a label that wrapped inside its cell.  Returns the cells written. */
static int write_flat_cell(text_ctx *c, const tcell *cell)
{
    glong n = g_utf8_strlen(cell->text, -1);
    if (!c->opts->mangle || !cell->row_label || n < 8 || !nb_synth_chance(c->rnd, 12)) {
        g_string_append_printf(c->out, "%s |\n", cell->text);
        return 1;
    }
    const char *cut = g_utf8_offset_to_pointer(cell->text, g_rand_int_range(c->rnd, 3, (gint32)n - 2));
    gboolean two_cells = nb_synth_chance(c->rnd, 30);
    g_string_append_len(c->out, cell->text, cut - cell->text);
    g_string_append(c->out, two_cells ? " |\n" : "\n");
    g_string_append_printf(c->out, "%s |\n", cut);
    return two_cells ? 2 : 1;
}

/* One cell per line; covered cells of the row as a trailing run of bars. */
static void write_flat(text_ctx *c, const ttable *tt)
{
    for (guint i = 0; i < tt->rows->len; i++) {
        const GPtrArray *row = g_ptr_array_index(tt->rows, i);
        g_string_append(c->out, "|\n");
        int written = 0;
        for (guint k = 0; k < row->len; k++)
            written += write_flat_cell(c, g_ptr_array_index(row, k));
        int bars = tt->width - written;
        if (c->opts->mangle && nb_synth_chance(c->rnd, 20))
            bars += g_rand_int_range(c->rnd, 1, 4);
        if (bars > 0) {
            for (int b = 0; b < bars; b++)
                g_string_append_c(c->out, '|');
            g_string_append_c(c->out, '\n');
        }
    }
}

/* True when some data row of `tt` holds a label and a single value.  A
 * space-separated "行政许可 38" cannot be told from prose ending in a
 * number, so scrapers of such tables keep their tabs: the space layout is
 * only written for tables whose rows carry several values. */
static gboolean single_value_rows(const ttable *tt)
{
    for (guint i = 0; i < tt->rows->len; i++) {
        const GPtrArray *row = g_ptr_array_index(tt->rows, i);
        if (row->len == 2 && nb_parse_number(((tcell *)g_ptr_array_index(row, 1))->text, NULL) ==
                                 NB_NUM_OK)
            return TRUE;
    }
    return FALSE;
}

/* One row per line, cells joined by `sep` (a tab or a space). */
static void write_lines(text_ctx *c, const ttable *tt, const char *sep)
{
    for (guint i = 0; i < tt->rows->len; i++) {
        const GPtrArray *row = g_ptr_array_index(tt->rows, i);
        for (guint k = 0; k < row->len; k++)
            g_string_append_printf(c->out, "%s%s", k ? sep : "",
                                   ((tcell *)g_ptr_array_index(row, k))->text);
        g_string_append_c(c->out, '\n');
    }
}

/* ---- a table placed on a grid (columns and Markdown layouts) ---- */

typedef struct {
    const tcell *cell; /* NULL for a position no cell covers */
    int row, col;      /* the anchor's position */
} tslot;

/* The positions of `tt`: anchors placed at the first free column of their
 * row, the way HTML lays out cells; returns rows*width slots (g_free). */
static tslot *place_cells(const ttable *tt)
{
    int nr = (int)tt->rows->len, w = tt->width;
    tslot *m = g_new0(tslot, (gsize)MAX(1, nr * w));
    for (int r = 0; r < nr; r++) {
        const GPtrArray *row = g_ptr_array_index(tt->rows, r);
        int col = 0;
        for (guint k = 0; k < row->len; k++) {
            const tcell *x = g_ptr_array_index(row, k);
            while (col < w && m[r * w + col].cell)
                col++;
            for (int dr = 0; dr < x->rowspan && r + dr < nr; dr++)
                for (int dc = 0; dc < x->colspan && col + dc < w; dc++)
                    m[(r + dr) * w + col + dc] = (tslot){x, r, col};
            col += x->colspan;
        }
    }
    return m;
}

/* Display width: a CJK (wide) character takes two columns. */
static int display_width(const char *s)
{
    int n = 0;
    for (const char *p = s; *p; p = g_utf8_next_char(p))
        n += g_unichar_iswide(g_utf8_get_char(p)) ? 2 : 1;
    return n;
}

/* `s` cut into lines of at most `width` display columns (one character
 * per line when `vertical`); a GPtrArray of strings. */
static GPtrArray *wrap_text(const char *s, int width, gboolean vertical)
{
    GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
    GString *cur = g_string_new(NULL);
    int cw = 0;
    for (const char *p = s; *p; p = g_utf8_next_char(p)) {
        gunichar ch = g_utf8_get_char(p);
        int chw = g_unichar_iswide(ch) ? 2 : 1;
        if (cur->len && (vertical || cw + chw > width)) {
            g_ptr_array_add(lines, g_strdup(cur->str));
            g_string_truncate(cur, 0);
            cw = 0;
        }
        g_string_append_unichar(cur, ch);
        cw += chw;
    }
    if (cur->len || !lines->len)
        g_ptr_array_add(lines, g_strdup(cur->str));
    g_string_free(cur, TRUE);
    return lines;
}

/* Column `col` holds values: some single-column cell in it is a number or
 * an empty value cell. */
static gboolean value_column(const ttable *tt, const tslot *m, int col)
{
    for (guint r = 0; r < tt->rows->len; r++) {
        const tslot *s = &m[r * tt->width + col];
        if (s->cell && s->col == col && s->cell->colspan == 1 && s->row == (int)r &&
            *s->cell->text && nb_parse_number(s->cell->text, NULL) == NB_NUM_OK)
            return TRUE;
    }
    return FALSE;
}

/* A header cell: a word cell over value columns only, in the rows above
 * the first row holding a number. */
static gboolean is_header_cell(const ttable *tt, const tslot *m, const gboolean *valcol,
                               const tslot *s, int first_data)
{
    (void)tt, (void)m;
    if (!s->cell || s->row >= first_data || nb_parse_number(s->cell->text, NULL) == NB_NUM_OK)
        return FALSE;
    for (int dc = 0; dc < s->cell->colspan; dc++)
        if (!valcol[s->col + dc])
            return FALSE;
    return TRUE;
}

typedef struct {
    char **text; /* lines of the placed cell */
    int n;
} tlines;

/* Writes `s` into the character line `line` (an array of display columns
 * holding UTF-8 characters, "" = blank) from column x. */
static void put_text(GPtrArray *line, int x, const char *s)
{
    for (const char *p = s; *p; p = g_utf8_next_char(p)) {
        gunichar ch = g_utf8_get_char(p);
        int chw = g_unichar_iswide(ch) ? 2 : 1;
        while ((int)line->len < x + chw)
            g_ptr_array_add(line, g_strdup(""));
        char buf[8] = {0};
        g_unichar_to_utf8(ch, buf);
        g_free(line->pdata[x]);
        line->pdata[x] = g_strdup(buf);
        if (chw == 2) {
            g_free(line->pdata[x + 1]);
            line->pdata[x + 1] = NULL; /* the right half of a wide character */
        }
        x += chw;
    }
}

static void emit_line(text_ctx *c, GPtrArray *line)
{
    GString *o = g_string_new(NULL);
    for (guint i = 0; i < line->len; i++) {
        const char *ch = g_ptr_array_index(line, i);
        if (ch)
            g_string_append(o, *ch ? ch : " ");
    }
    while (o->len && o->str[o->len - 1] == ' ')
        g_string_truncate(o, o->len - 1);
    g_string_append_c(o, '\n');
    g_string_append(c->out, o->str);
    g_string_free(o, TRUE);
}

/* The table as `pdftotext -layout` prints a ruled table: every cell at its
 * column's position, blank cells as spaces, long labels and headers wrapped
 * inside their column (with NB_SYNTH_WRAP narrow columns), headers of
 * value columns one character per line (NB_SYNTH_VERTICAL), values centred
 * or right-aligned and set at the top, middle or bottom of a tall row. */
static void write_columns(text_ctx *c, const ttable *tt)
{
    int nr = (int)tt->rows->len, w = tt->width;
    tslot *m = place_cells(tt);
    gboolean *valcol = g_new0(gboolean, w);
    int first_data = nr;
    for (int k = 0; k < w; k++)
        valcol[k] = value_column(tt, m, k);
    for (int r = 0; r < nr && first_data == nr; r++)
        for (int k = 0; k < w; k++)
            if (valcol[k] && m[r * w + k].cell && m[r * w + k].row == r &&
                nb_parse_number(m[r * w + k].cell->text, NULL) == NB_NUM_OK)
                first_data = r;
    gboolean wrap = (c->variations & NB_SYNTH_WRAP) != 0;
    gboolean vertical = (c->variations & NB_SYNTH_VERTICAL) != 0;
    int gap = g_rand_int_range(c->rnd, 2, 6);
    int valign = g_rand_int_range(c->rnd, 0, 3); /* top, middle, bottom */
    gboolean right = nb_synth_chance(c->rnd, 40);
    /* column widths */
    int *cw = g_new0(int, w);
    for (int k = 0; k < w; k++) {
        int need = 1;
        for (int r = 0; r < nr; r++) {
            const tslot *s = &m[r * w + k];
            if (!s->cell || s->row != r || s->col != k || s->cell->colspan != 1)
                continue;
            gboolean head = is_header_cell(tt, m, valcol, s, first_data);
            int dw = display_width(s->cell->text);
            if (valcol[k] && head)
                dw = vertical ? 2 : wrap ? MIN(dw, 8) : MIN(dw, 16);
            need = MAX(need, dw);
        }
        if (!valcol[k])
            need = wrap ? MIN(need, g_rand_int_range(c->rnd, 12, 26)) : MIN(need, 60);
        cw[k] = MAX(need, 2);
    }
    int *x = g_new0(int, w + 1);
    for (int k = 0; k < w; k++)
        x[k + 1] = x[k] + cw[k] + gap;
    /* each anchor's lines, and the rows' heights */
    tlines *cl = g_new0(tlines, nr * w);
    int *h = g_new0(int, nr);
    for (int pass = 0; pass < 2; pass++)
        for (int r = 0; r < nr; r++)
            for (int k = 0; k < w; k++) {
                const tslot *s = &m[r * w + k];
                if (!s->cell || s->row != r || s->col != k || (pass == 0) != (s->cell->rowspan == 1))
                    continue;
                int span_w = x[k + s->cell->colspan] - x[k] - gap;
                gboolean vert = vertical && valcol[k] && s->cell->colspan == 1 &&
                                is_header_cell(tt, m, valcol, s, first_data);
                GPtrArray *lines = wrap_text(s->cell->text, span_w, vert);
                cl[r * w + k].n = (int)lines->len;
                g_ptr_array_add(lines, NULL);
                cl[r * w + k].text = (char **)g_ptr_array_free(lines, FALSE);
                int last = MIN(nr, r + s->cell->rowspan) - 1, have = 0;
                for (int rr = r; rr <= last; rr++)
                    have += MAX(h[rr], 1);
                if (cl[r * w + k].n > have)
                    h[last] = MAX(h[last], 1) + cl[r * w + k].n - have;
                h[r] = MAX(h[r], 1);
            }
    int *top = g_new0(int, nr + 1);
    for (int r = 0; r < nr; r++)
        top[r + 1] = top[r] + h[r];
    GPtrArray **lines = g_new0(GPtrArray *, MAX(1, top[nr]));
    for (int i = 0; i < top[nr]; i++)
        lines[i] = g_ptr_array_new_with_free_func(g_free);
    for (int r = 0; r < nr; r++)
        for (int k = 0; k < w; k++) {
            const tslot *s = &m[r * w + k];
            if (!s->cell || s->row != r || s->col != k)
                continue;
            const tlines *t = &cl[r * w + k];
            int last = MIN(nr, r + s->cell->rowspan);
            int rows_h = top[last] - top[r];
            int y0 = valign == 0 ? 0 : valign == 1 ? (rows_h - t->n) / 2 : rows_h - t->n;
            if (s->cell->rowspan > 1 || !valcol[k])
                y0 = s->cell->rowspan > 1 ? (rows_h - t->n) / 2 : 0;
            int span_w = x[k + s->cell->colspan] - x[k] - gap;
            for (int i = 0; i < t->n; i++) {
                int tw = display_width(t->text[i]);
                int xx = x[k];
                if (valcol[k] || s->cell->colspan > 1)
                    xx += right && valcol[k] ? span_w - tw : (span_w - tw) / 2;
                put_text(lines[top[r] + MAX(0, y0) + i], MAX(xx, x[k]), t->text[i]);
            }
        }
    for (int i = 0; i < top[nr]; i++) {
        emit_line(c, lines[i]);
        g_ptr_array_free(lines[i], TRUE);
    }
    g_free(lines);
    g_free(top);
    for (int i = 0; i < nr * w; i++)
        g_strfreev(cl[i].text);
    g_free(cl);
    g_free(h);
    g_free(x);
    g_free(cw);
    g_free(valcol);
    g_free(m);
}

/* The table as a Markdown pipe table: a delimiter row under the first row,
 * a spanned position repeating its anchor's text or left empty. */
static void write_markdown_rows(text_ctx *c, const ttable *tt, gboolean repeat)
{
    int nr = (int)tt->rows->len, w = tt->width;
    tslot *m = place_cells(tt);
    for (int r = 0; r < nr; r++) {
        g_string_append(c->out, "|");
        for (int k = 0; k < w; k++) {
            const tslot *s = &m[r * w + k];
            gboolean anchor = s->cell && s->row == r && s->col == k;
            const char *t = s->cell && (anchor || repeat) ? s->cell->text : "";
            g_string_append_printf(c->out, " %s |", t);
        }
        g_string_append_c(c->out, '\n');
        if (r == 0) {
            g_string_append(c->out, "|");
            for (int k = 0; k < w; k++)
                g_string_append(c->out, "---|");
            g_string_append_c(c->out, '\n');
        }
    }
    g_free(m);
}

/* Section 四 as converters often give it: one captioned table per group,
 * the column labels as its header, the group's values below. */
static void write_markdown_groups(text_ctx *c, const nb_schema_table *t)
{
    for (guint g = 0; g < t->groups->len; g++) {
        const nb_schema_labels *gl = g_ptr_array_index(t->groups, g);
        g_string_append_printf(c->out, "\n### %s\n|", nb_synth_first_label(gl->labels));
        for (guint k = 0; k < t->columns->len; k++)
            g_string_append_printf(c->out, " %s |", nb_synth_first_label(
                ((nb_schema_labels *)g_ptr_array_index(t->columns, k))->labels));
        g_string_append(c->out, "\n|");
        for (guint k = 0; k < t->columns->len; k++)
            g_string_append(c->out, "---|");
        g_string_append(c->out, "\n|");
        for (guint k = 0; k < t->columns->len; k++) {
            const nb_schema_labels *cl = g_ptr_array_index(t->columns, k);
            const nb_value *v = nb_synth_value(c->r, t, gl->key, cl->key);
            char *num = v ? nb_format_number(v->value) : g_strdup("");
            g_string_append_printf(c->out, " %s |", num);
            g_free(num);
        }
        g_string_append(c->out, "\n");
    }
    g_string_append(c->out, "\n");
}

static void write_table(text_ctx *c, const nb_schema_table *t)
{
    if (c->layout == LAYOUT_MARKDOWN && t->wide && nb_synth_chance(c->rnd, 50)) {
        write_markdown_groups(c, t);
        return;
    }
    ttable *tt = t->wide                  ? build_wide_table(c, t)
                 : nb_synth_rows_share_columns(t) ? build_grid_table(c, t)
                                         : build_list_table(c, t);
    if (c->layout == LAYOUT_FLAT)
        write_flat(c, tt);
    else if (c->layout == LAYOUT_COLUMNS)
        write_columns(c, tt);
    else if (c->layout == LAYOUT_MARKDOWN) {
        g_string_append_c(c->out, '\n');
        write_markdown_rows(c, tt, nb_synth_chance(c->rnd, 50));
        g_string_append_c(c->out, '\n');
    } else
        write_lines(c, tt, c->layout == LAYOUT_SPACES && !single_value_rows(tt) ? " " : "\t");
    ttable_free(tt);
}

static void write_heading(text_ctx *c, int n, const char *words)
{
    const char *sep = c->opts->mangle && nb_synth_chance(c->rnd, 30) ? "、 " : "、";
    if (c->layout == LAYOUT_MARKDOWN)
        g_string_append(c->out, "## ");
    g_string_append_printf(c->out, "%s%s%s\n", nb_synth_numeral(n), sep, words);
}

/* Section text as printed: the record's text, sentence groups on lines. */
static void write_prose(text_ctx *c, const char *text)
{
    for (const char *p = text; *p; p = g_utf8_next_char(p)) {
        g_string_append_unichar(c->out, g_utf8_get_char(p));
        if (g_str_has_prefix(p, "。") && *g_utf8_next_char(p) && nb_synth_chance(c->rnd, 35))
            g_string_append_c(c->out, '\n');
    }
    g_string_append_c(c->out, '\n');
}

/* A text section with its numbered heading, when the record has it. */
static void write_section(text_ctx *c, int *n, const char *key)
{
    const char *text = g_hash_table_lookup(c->r->sections, key);
    const nb_schema_section *sec = nb_synth_section(c->s, key);
    if (!text || !sec)
        return;
    write_heading(c, (*n)++, nb_synth_first_label(sec->headings));
    write_prose(c, text);
}

static void write_title(text_ctx *c)
{
    if (!c->r->agency || !c->r->year || nb_synth_chance(c->rnd, 15))
        return; /* some scraped pages lose the title: the body names the agency */
    const char *kind = nb_synth_first_label(c->s->report_title);
    if (c->layout == LAYOUT_MARKDOWN)
        g_string_append(c->out, "# ");
    switch (g_rand_int_range(c->rnd, 0, 3)) {
    case 0: g_string_append_printf(c->out, "%s%d年%s\n", c->r->agency, c->r->year, kind); break;
    case 1: g_string_append_printf(c->out, "%s%d年度%s\n", c->r->agency, c->r->year, kind); break;
    default: g_string_append_printf(c->out, "%d年%s%s\n", c->r->year, c->r->agency, kind); break;
    }
}

/* The whole document: overview, the tables, then the other sections (the
 * order every template prints them in). */
static void write_document(text_ctx *c)
{
    write_title(c);
    int n = 0;
    if (c->s->sections->len)
        write_section(c, &n, ((nb_schema_section *)g_ptr_array_index(c->s->sections, 0))->key);
    for (guint i = 0; i < c->s->tables->len; i++) {
        const nb_schema_table *t = g_ptr_array_index(c->s->tables, i);
        write_heading(c, n++, nb_synth_first_label(t->headings));
        write_table(c, t);
    }
    for (guint i = 1; i < c->s->sections->len; i++)
        write_section(c, &n, ((nb_schema_section *)g_ptr_array_index(c->s->sections, i))->key);
}

/* Form feeds every 40-70 lines, as pdftotext separates pages; with
 * NB_SYNTH_WEBPRINT each page also carries the browser's header (date,
 * page title) and footer (address, "3/9"). */
static GString *paginate(text_ctx *c, const GString *doc)
{
    char **lines = g_strsplit(doc->str, "\n", -1);
    guint n = g_strv_length(lines), per = (guint)g_rand_int_range(c->rnd, 40, 71);
    guint pages = MAX(1, (n + per - 1) / per);
    gboolean web = (c->variations & NB_SYNTH_WEBPRINT) != 0;
    GString *o = g_string_new(NULL);
    for (guint p = 0; p < pages; p++) {
        if (p)
            g_string_append_c(o, '\f');
        if (web)
            g_string_append_printf(o, "2026/1/%u 10:%02u    %s%d年政府信息公开工作年度报告\n\n",
                                   1 + c->opts->seed % 28, p, c->r->agency ? c->r->agency : "",
                                   c->r->year);
        for (guint i = p * per; i < MIN(n, (p + 1) * per); i++)
            g_string_append_printf(o, "%s\n", lines[i]);
        if (web)
            g_string_append_printf(o, "\nhttps://www.example.gov.cn/art/%d/%u.html    %u/%u\n",
                                   c->r->year, c->opts->seed, p + 1, pages);
    }
    g_strfreev(lines);
    return o;
}

static gboolean render(const nb_record *r, const nb_schema *s, const nb_synth_opts *opts,
                       gboolean markdown, GByteArray *out, char **err)
{
    if (err)
        *err = NULL;
    g_return_val_if_fail(r && s && opts && out, FALSE);
    text_ctx c = {r, s, opts, g_rand_new_with_seed(opts->seed ^ 0x7e57u), LAYOUT_FLAT,
                  g_string_new(NULL), FALSE, 0, FALSE};
    int pick = g_rand_int_range(c.rnd, 0, 10);
    c.layout = pick < 6 ? LAYOUT_FLAT : pick < 8 ? LAYOUT_TABS : LAYOUT_SPACES;
    if (opts->layout) {
        c.variations = nb_synth_layout_draw(c.rnd, opts->layout);
        if (c.variations & NB_SYNTH_SPACES)
            c.layout = LAYOUT_COLUMNS, c.blank_zeros = nb_synth_chance(c.rnd, 40);
    }
    if (markdown)
        c.layout = LAYOUT_MARKDOWN;
    write_document(&c);
    if (c.layout == LAYOUT_COLUMNS) {
        GString *paged = paginate(&c, c.out);
        g_string_free(c.out, TRUE);
        c.out = paged;
    }
    gboolean ok = nb_synth_encode(c.out, opts->encoding, FALSE, out, err);
    g_string_free(c.out, TRUE);
    g_rand_free(c.rnd);
    return ok;
}

gboolean nb_synth_render_text(const nb_record *r, const nb_schema *s, const nb_synth_opts *opts,
                              GByteArray *out, char **err)
{
    return render(r, s, opts, FALSE, out, err);
}

gboolean nb_synth_render_markdown(const nb_record *r, const nb_schema *s,
                                  const nb_synth_opts *opts, GByteArray *out, char **err)
{
    return render(r, s, opts, TRUE, out, err);
}
