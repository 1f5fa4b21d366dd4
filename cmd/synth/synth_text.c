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

typedef enum { LAYOUT_FLAT = 0, LAYOUT_TABS, LAYOUT_SPACES } row_layout;

typedef struct {
    const nb_record *r;
    const nb_schema *s;
    const nb_synth_opts *opts;
    GRand *rnd;
    row_layout layout;
    GString *out;
    gboolean typo_done; /* one long label gets a typo, at most */
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
    if (c->layout != LAYOUT_SPACES && nb_synth_chance(c->rnd, 20)) {
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
            trow_add(cap, print_label(c, row->block), 1 + maxcols, 1);
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
            if (i == repeat_at || nb_synth_starts_group(rows, i, FALSE))
                trow_add(d, print_label(c, p->outer), 1, nb_synth_group_run(rows, i, FALSE));
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

static void write_table(text_ctx *c, const nb_schema_table *t)
{
    ttable *tt = t->wide                  ? build_wide_table(c, t)
                 : nb_synth_rows_share_columns(t) ? build_grid_table(c, t)
                                         : build_list_table(c, t);
    if (c->layout == LAYOUT_FLAT)
        write_flat(c, tt);
    else
        write_lines(c, tt, c->layout == LAYOUT_SPACES && !single_value_rows(tt) ? " " : "\t");
    ttable_free(tt);
}

static void write_heading(text_ctx *c, int n, const char *words)
{
    const char *sep = c->opts->mangle && nb_synth_chance(c->rnd, 30) ? "、 " : "、";
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

gboolean nb_synth_render_text(const nb_record *r, const nb_schema *s, const nb_synth_opts *opts,
                              GByteArray *out, char **err)
{
    if (err)
        *err = NULL;
    g_return_val_if_fail(r && s && opts && out, FALSE);
    text_ctx c = {r, s, opts, g_rand_new_with_seed(opts->seed ^ 0x7e57u), LAYOUT_FLAT,
                  g_string_new(NULL), FALSE};
    int pick = g_rand_int_range(c.rnd, 0, 10);
    c.layout = pick < 6 ? LAYOUT_FLAT : pick < 8 ? LAYOUT_TABS : LAYOUT_SPACES;
    write_document(&c);
    gboolean ok = nb_synth_encode(c.out, opts->encoding, FALSE, out, err);
    g_string_free(c.out, TRUE);
    g_rand_free(c.rnd);
    return ok;
}
