/*
 * pdfgrid.c — see pdfgrid.h.  Tables from rulings and page stitching; the
 * fallback for tables without rulings is in pdfgrid_unruled.c.
 */
#include "layout/pdfgrid.h"
#include "layout/pdfgrid_priv.h"
#include "layout/model/textnorm.h"

#include <math.h>
#include <string.h>

/* Edges of two parts of one table closer than this (points) are the same. */
#define EDGE_TOL 3.0
/* Outer edges of a continued table may differ by this much (points). */
#define OUTLINE_TOL 6.0

void nb_pdf_cell_free(gpointer p)
{
    nb_pdf_cell *c = p;
    if (!c)
        return;
    g_free(c->text);
    g_free(c);
}

void nb_pdf_table_free(gpointer p)
{
    nb_pdf_table *t = p;
    if (!t)
        return;
    g_array_free(t->col_edges, TRUE);
    g_ptr_array_free(t->cells, TRUE);
    g_free(t);
}

nb_pdf_table *nb_pdf_table_new(int page)
{
    nb_pdf_table *t = g_new0(nb_pdf_table, 1);
    t->page = t->last_page = page;
    t->col_edges = g_array_new(FALSE, FALSE, sizeof(double));
    t->cells = g_ptr_array_new_with_free_func(nb_pdf_cell_free);
    return t;
}

nb_pdf_cell *nb_pdf_cell_from_glyphs(GPtrArray *glyphs, nb_box outline, int page)
{
    nb_pdf_cell *c = g_new0(nb_pdf_cell, 1);
    GPtrArray *lines = nb_text_lines(glyphs, page);
    c->text = nb_text_lines_join(lines);
    c->box = outline;
    c->prov = nb_prov_none(NB_ORIGIN_TEXT_LAYER);
    c->prov.page = page;
    c->prov.has_box = true;
    nb_box b = outline;
    for (guint i = 0; i < glyphs->len; i++) {
        const nb_glyph *g = g_ptr_array_index(glyphs, i);
        b = i == 0 ? g->box : nb_box_union(b, g->box);
    }
    c->prov.box[0] = b.x0, c->prov.box[1] = b.y0, c->prov.box[2] = b.x1, c->prov.box[3] = b.y1;
    g_ptr_array_free(lines, TRUE);
    return c;
}

/* ---- rulings against text ---- */

/* The part of a glyph's box a ruling never crosses: its box shrunk by a
 * tenth of its size on the axis across the segment. */
static gboolean glyph_interval(const nb_segment *s, const nb_glyph *g, gboolean horizontal,
                               double *a, double *b)
{
    double lo = horizontal ? g->box.y0 : g->box.x0, hi = horizontal ? g->box.y1 : g->box.x1;
    double m = (hi - lo) / 10;
    if (s->pos <= lo + m || s->pos >= hi - m)
        return FALSE;
    *a = horizontal ? g->box.x0 : g->box.y0;
    *b = horizontal ? g->box.x1 : g->box.y1;
    return *b > s->from && *a < s->to;
}

static int interval_cmp(gconstpointer x, gconstpointer y)
{
    const double *a = x, *b = y;
    return (a[0] > b[0]) - (a[0] < b[0]);
}

/* Replaces each segment by its pieces outside glyph boxes that are still
 * `min_len` long: strokes of bold or large characters rendered at low
 * resolution, dashes and underlines are not rulings, and a ruling that a
 * stroke lengthened gets its true end back. */
static void drop_direction(GArray *segs, const nb_page_text *p, gboolean horizontal, double min_len)
{
    GArray *out = g_array_new(FALSE, FALSE, sizeof(nb_segment));
    GArray *cuts = g_array_new(FALSE, FALSE, 2 * sizeof(double));
    for (guint i = 0; i < segs->len; i++) {
        const nb_segment *s = &g_array_index(segs, nb_segment, i);
        g_array_set_size(cuts, 0);
        for (guint k = 0; k < p->glyphs->len; k++) {
            double iv[2];
            if (glyph_interval(s, &g_array_index(p->glyphs, nb_glyph, k), horizontal, &iv[0], &iv[1]))
                g_array_append_val(cuts, iv);
        }
        g_array_sort(cuts, interval_cmp);
        double from = s->from;
        for (guint k = 0; k <= cuts->len; k++) {
            const double *iv = k < cuts->len ? &g_array_index(cuts, double, 2 * k) : NULL;
            double to = iv ? MIN(iv[0], s->to) : s->to;
            if (to - from >= min_len) {
                nb_segment piece = {s->pos, from, to};
                g_array_append_val(out, piece);
            }
            if (iv)
                from = MAX(from, iv[1]);
        }
    }
    g_array_set_size(segs, 0);
    g_array_append_vals(segs, out->data, out->len);
    g_array_free(out, TRUE);
    g_array_free(cuts, TRUE);
}

void nb_rulings_drop_text(nb_rulings *r, const nb_page_text *p, double min_len)
{
    if (!r || !p)
        return;
    drop_direction(r->h, p, TRUE, min_len);
    drop_direction(r->v, p, FALSE, min_len);
}

/* ---- tables from rulings ---- */

/* Index i with edges[i] <= v < edges[i+1], clamped to the table. */
static int edge_index(GArray *edges, double v)
{
    int n = (int)edges->len - 1;
    for (int i = 0; i < n; i++)
        if (v < g_array_index(edges, double, i + 1))
            return i;
    return n - 1;
}

static gboolean box_contains(const nb_box *b, double x, double y)
{
    return x >= b->x0 && x <= b->x1 && y >= b->y0 && y <= b->y1;
}

static nb_pdf_table *table_from_ruled(const nb_page_text *p, const nb_ruled_table *rt,
                                      gboolean *used)
{
    int rows = (int)rt->row_edges->len - 1, cols = (int)rt->col_edges->len - 1;
    int *anchor = g_new(int, (gsize)rows * cols);
    for (guint k = 0; k < rt->cells->len; k++) {
        const nb_ruled_cell *rc = &g_array_index(rt->cells, nb_ruled_cell, k);
        for (int r = rc->row; r < rc->row + rc->rowspan; r++)
            for (int c = rc->col; c < rc->col + rc->colspan; c++)
                anchor[r * cols + c] = (int)k;
    }
    GPtrArray **members = g_new0(GPtrArray *, rt->cells->len);
    for (guint k = 0; k < rt->cells->len; k++)
        members[k] = g_ptr_array_new();
    for (guint i = 0; i < p->glyphs->len; i++) {
        nb_glyph *g = &g_array_index(p->glyphs, nb_glyph, i);
        double cx = (g->box.x0 + g->box.x1) / 2, cy = (g->box.y0 + g->box.y1) / 2;
        if (used[i] || !box_contains(&rt->box, cx, cy))
            continue;
        int r = edge_index(rt->row_edges, cy), c = edge_index(rt->col_edges, cx);
        g_ptr_array_add(members[anchor[r * cols + c]], g);
        used[i] = TRUE;
    }
    nb_pdf_table *t = nb_pdf_table_new(p->number);
    t->box = rt->box;
    t->rows = rows;
    g_array_append_vals(t->col_edges, rt->col_edges->data, rt->col_edges->len);
    for (guint k = 0; k < rt->cells->len; k++) {
        const nb_ruled_cell *rc = &g_array_index(rt->cells, nb_ruled_cell, k);
        nb_pdf_cell *c = nb_pdf_cell_from_glyphs(members[k], rc->box, p->number);
        c->row = rc->row, c->col = rc->col, c->rowspan = rc->rowspan, c->colspan = rc->colspan;
        g_ptr_array_add(t->cells, c);
        g_ptr_array_free(members[k], TRUE);
    }
    g_free(members);
    g_free(anchor);
    return t;
}

GPtrArray *nb_pdf_tables_from_rulings(const nb_page_text *p, const GPtrArray *ruled,
                                      gboolean *used)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(nb_pdf_table_free);
    for (guint i = 0; ruled && i < ruled->len; i++) {
        const nb_ruled_table *rt = g_ptr_array_index(ruled, i);
        if (rt->cells->len < 2)
            continue; /* a frame or a text box, not a table */
        g_ptr_array_add(out, table_from_ruled(p, rt, used));
    }
    return out;
}

/* ---- stitching ---- */

gboolean nb_pdf_text_is_number(const char *t)
{
    return nb_parse_number(t, NULL) == NB_NUM_OK;
}

/* Whether a label starts with item numbering: （四）, 1., 2、, 一、 ... */
static gboolean starts_numbered(const char *text)
{
    static GRegex *re;
    if (g_once_init_enter(&re)) {
        GRegex *r = g_regex_new("^(?:\\([一二三四五六七八九十\\d]{1,3}\\)|[一二三四五六七八九十]{1,3}[、.]|"
                                "\\d{1,2}[、.])",
                                G_REGEX_OPTIMIZE, 0, NULL);
        g_once_init_leave(&re, r);
    }
    char *sq = nb_norm_squash(text);
    gboolean yes = g_regex_match(re, sq, 0, NULL);
    g_free(sq);
    return yes;
}

static gboolean is_label(const nb_pdf_cell *c)
{
    return *c->text && !nb_pdf_text_is_number(c->text);
}

/* The row's texts as one comparable string (header rows repeated after a
 * page break compare equal). */
static char *row_signature(const nb_pdf_table *t, int row)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < t->cells->len; i++) {
        const nb_pdf_cell *c = g_ptr_array_index(t->cells, i);
        if (c->row != row)
            continue;
        char *sq = nb_norm_squash(c->text);
        g_string_append_printf(s, "%s|", sq);
        g_free(sq);
    }
    return g_string_free(s, FALSE);
}

/* Removes rows [0, n) of `t`, clipping cells that reach below them. */
static void drop_top_rows(nb_pdf_table *t, int n)
{
    for (guint i = t->cells->len; i-- > 0;) {
        nb_pdf_cell *c = g_ptr_array_index(t->cells, i);
        if (c->row + c->rowspan <= n) {
            g_ptr_array_remove_index(t->cells, i);
            continue;
        }
        if (c->row < n) {
            c->rowspan -= n - c->row;
            c->row = n;
        }
        c->row -= n;
    }
    t->rows -= n;
}

static int repeated_header_rows(const nb_pdf_table *a, const nb_pdf_table *b)
{
    int n = 0;
    while (n < a->rows && n < b->rows - 1) {
        char *sa = row_signature(a, n), *sb = row_signature(b, n);
        gboolean same = *sa && strcmp(sa, sb) == 0;
        g_free(sa);
        g_free(sb);
        if (!same)
            break;
        n++;
    }
    return n;
}

static int nearest_edge(GArray *edges, double x)
{
    int best = 0;
    for (guint i = 1; i < edges->len; i++)
        if (fabs(g_array_index(edges, double, i) - x) <
            fabs(g_array_index(edges, double, best) - x))
            best = (int)i;
    return best;
}

/* Re-indexes the columns of `t` against `edges` (a superset of its own). */
static void rebase_columns(nb_pdf_table *t, GArray *edges)
{
    for (guint i = 0; i < t->cells->len; i++) {
        nb_pdf_cell *c = g_ptr_array_index(t->cells, i);
        int c0 = nearest_edge(edges, c->box.x0), c1 = nearest_edge(edges, c->box.x1);
        c->col = c0;
        c->colspan = MAX(1, c1 - c0);
    }
    g_array_set_size(t->col_edges, 0);
    g_array_append_vals(t->col_edges, edges->data, edges->len);
}

static int double_cmp(gconstpointer a, gconstpointer b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static GArray *union_edges(GArray *a, GArray *b)
{
    GArray *all = g_array_new(FALSE, FALSE, sizeof(double));
    g_array_append_vals(all, a->data, a->len);
    g_array_append_vals(all, b->data, b->len);
    g_array_sort(all, double_cmp);
    GArray *out = g_array_new(FALSE, FALSE, sizeof(double));
    for (guint i = 0; i < all->len; i++) {
        double v = g_array_index(all, double, i);
        if (out->len && v - g_array_index(out, double, out->len - 1) <= EDGE_TOL)
            continue;
        g_array_append_val(out, v);
    }
    g_array_free(all, TRUE);
    return out;
}

/* The cell of `a` that covers its last row in exactly the columns of `b`. */
static nb_pdf_cell *cell_above(nb_pdf_table *a, const nb_pdf_cell *b)
{
    for (guint i = 0; i < a->cells->len; i++) {
        nb_pdf_cell *c = g_ptr_array_index(a->cells, i);
        if (c->row + c->rowspan == a->rows && c->col == b->col && c->colspan == b->colspan)
            return c;
    }
    return NULL;
}

static void append_text(nb_pdf_cell *dst, const nb_pdf_cell *src)
{
    char *t = g_strconcat(dst->text, src->text, NULL);
    g_free(dst->text);
    dst->text = t;
    if (*src->text && src->prov.page == dst->prov.page) {
        dst->prov.box[0] = MIN(dst->prov.box[0], src->prov.box[0]);
        dst->prov.box[1] = MIN(dst->prov.box[1], src->prov.box[1]);
        dst->prov.box[2] = MAX(dst->prov.box[2], src->prov.box[2]);
        dst->prov.box[3] = MAX(dst->prov.box[3], src->prov.box[3]);
    }
}

/* A group label cut by the break: '（四）无' above, '法提供' (or nothing,
 * when the whole label stayed above) below, in the same columns. */
static void join_split_labels(nb_pdf_table *a, nb_pdf_table *b, GPtrArray *grown)
{
    for (guint i = b->cells->len; i-- > 0;) {
        nb_pdf_cell *lo = g_ptr_array_index(b->cells, i);
        if (lo->row != 0)
            continue;
        nb_pdf_cell *up = cell_above(a, lo);
        if (!up || !is_label(up))
            continue;
        gboolean fragment = is_label(lo) && !starts_numbered(lo->text);
        gboolean continued_group = !*lo->text && (up->rowspan > 1 || lo->rowspan > 1);
        if (!fragment && !continued_group)
            continue;
        if (fragment && lo->rowspan == 1 && up->rowspan == 1)
            continue; /* a whole row split: see join_split_row */
        append_text(up, lo);
        up->rowspan += lo->rowspan; /* rows of b come right after a's last */
        lo->rowspan = -1;           /* merged: removed below */
        g_ptr_array_add(grown, up);
    }
}

/* Whether the first row of `b` continues the last row of `a`: every cell of
 * it lines up with a cell of a's last row, its label does not start a new
 * item, the numbers are on one side only and face blank cells. */
static gboolean row_continues(nb_pdf_table *a, nb_pdf_table *b)
{
    gboolean numbers_a = FALSE, numbers_b = FALSE, fragment = FALSE, any = FALSE;
    for (guint i = 0; i < b->cells->len; i++) {
        const nb_pdf_cell *lo = g_ptr_array_index(b->cells, i);
        if (lo->row != 0 || lo->rowspan < 0)
            continue;
        if (lo->rowspan != 1)
            return FALSE;
        nb_pdf_cell *up = cell_above(a, lo);
        if (!up || up->rowspan != 1)
            return FALSE;
        any = TRUE;
        gboolean num_up = nb_pdf_text_is_number(up->text), num_lo = nb_pdf_text_is_number(lo->text);
        /* a value cut by the break leaves the other half blank; a header
         * row above the first data row has words over the numbers */
        if ((num_up && *lo->text) || (num_lo && *up->text))
            return FALSE;
        numbers_a |= num_up;
        numbers_b |= num_lo;
        if (is_label(lo) && !fragment) {
            if (starts_numbered(lo->text))
                return FALSE;
            fragment = TRUE;
        }
    }
    return any && fragment && !(numbers_a && numbers_b);
}

static void join_split_row(nb_pdf_table *a, nb_pdf_table *b)
{
    for (guint i = 0; i < b->cells->len; i++) {
        nb_pdf_cell *lo = g_ptr_array_index(b->cells, i);
        if (lo->row != 0 || lo->rowspan < 0)
            continue;
        nb_pdf_cell *up = cell_above(a, lo);
        if (!*up->text)
            up->prov = lo->prov;
        append_text(up, lo);
        lo->rowspan = -1;
    }
}

/* Cells of `b` merged into `a` are marked rowspan -1; the rest move below
 * a's rows, one row higher when b's first row was joined (`shift`). */
static void move_cells(nb_pdf_table *a, nb_pdf_table *b, int shift)
{
    for (guint i = 0; i < b->cells->len; i++) {
        nb_pdf_cell *c = g_ptr_array_index(b->cells, i);
        if (c->rowspan < 0)
            continue;
        b->cells->pdata[i] = NULL;
        c->row += a->rows - shift;
        g_ptr_array_add(a->cells, c);
    }
    a->rows += b->rows - shift;
}

static void append_part(nb_pdf_table *a, nb_pdf_table *b)
{
    int rep = repeated_header_rows(a, b);
    if (rep > 0)
        drop_top_rows(b, rep);
    GArray *edges = union_edges(a->col_edges, b->col_edges);
    rebase_columns(a, edges);
    rebase_columns(b, edges);
    g_array_free(edges, TRUE);
    GPtrArray *grown = g_ptr_array_new();
    join_split_labels(a, b, grown);
    int shift = 0;
    if (row_continues(a, b)) {
        join_split_row(a, b);
        shift = 1;
        /* b's first row became a's last: the grown labels reach one row less */
        for (guint i = 0; i < grown->len; i++)
            ((nb_pdf_cell *)g_ptr_array_index(grown, i))->rowspan--;
    }
    g_ptr_array_free(grown, TRUE);
    move_cells(a, b, shift);
    a->box = b->box;
    a->last_page = b->last_page;
    a->ends_page = b->ends_page;
}

static gboolean continues(const nb_pdf_table *a, const nb_pdf_table *b)
{
    if (b->page != a->last_page + 1 || !a->ends_page || !b->starts_page)
        return FALSE;
    double al = g_array_index(a->col_edges, double, 0);
    double ar = g_array_index(a->col_edges, double, a->col_edges->len - 1);
    double bl = g_array_index(b->col_edges, double, 0);
    double br = g_array_index(b->col_edges, double, b->col_edges->len - 1);
    return fabs(al - bl) <= OUTLINE_TOL && fabs(ar - br) <= OUTLINE_TOL;
}

GPtrArray *nb_pdf_tables_stitch(GPtrArray *tables)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(nb_pdf_table_free);
    nb_pdf_table *prev = NULL;
    for (guint i = 0; i < tables->len; i++) {
        nb_pdf_table *t = g_ptr_array_index(tables, i);
        tables->pdata[i] = NULL;
        if (prev && continues(prev, t)) {
            append_part(prev, t);
            nb_pdf_table_free(t);
            continue;
        }
        g_ptr_array_add(out, t);
        prev = t;
    }
    g_ptr_array_free(tables, TRUE);
    return out;
}

/* ---- to grid ---- */

static int cell_order(gconstpointer a, gconstpointer b)
{
    const nb_pdf_cell *x = *(nb_pdf_cell *const *)a, *y = *(nb_pdf_cell *const *)b;
    if (x->row != y->row)
        return x->row - y->row;
    return x->col - y->col;
}

nb_grid *nb_pdf_table_to_grid(const nb_pdf_table *t, int index)
{
    nb_grid *g = nb_grid_new();
    GPtrArray *cells = g_ptr_array_copy(t->cells, NULL, NULL);
    g_ptr_array_set_free_func(cells, NULL); /* the copy borrows the cells */
    g_ptr_array_sort(cells, cell_order);
    for (guint i = 0; i < cells->len; i++) {
        const nb_pdf_cell *c = g_ptr_array_index(cells, i);
        if (c->rowspan > 0)
            nb_grid_put(g, c->row, c->col, c->text, c->rowspan, c->colspan, &c->prov);
    }
    g_ptr_array_free(cells, TRUE);
    char *name = t->last_page != t->page
                     ? g_strdup_printf("pages %d-%d table %d", t->page, t->last_page, index)
                     : g_strdup_printf("page %d table %d", t->page, index);
    nb_grid_set_name(g, name);
    g_free(name);
    return g;
}
