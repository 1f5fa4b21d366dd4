/*
 * pdfgrid_unruled.c — tables drawn without rulings (see pdfgrid.h).
 *
 * A table row without rulings is a line that breaks into chunks at wide
 * gaps: label chunks first, then one or more numbers.  Consecutive rows
 * with the same number of values form a table; its value columns are the
 * clusters of the numbers' positions.  Lines between rows that hold only
 * words (a label wrapped over two or three lines, a group label centred
 * beside its rows) join the row nearest to them.
 */
#include "layout/pdfgrid_priv.h"
#include "layout/model/textnorm.h"

#include <math.h>
#include <string.h>

/* A gap wider than this many font sizes separates two cells of a line
 * (Chinese words have no spaces; a stray space inside a label is narrower,
 * and a label cut in two still matches its template label). */
#define CELL_GAP 0.8
/* A table row standing alone has a short label: a longer one is a line of
 * running text that happens to end in a number. */
#define LONE_LABEL_CHARS 16
/* Two digits further apart than this many font sizes are two numbers. */
#define DIGIT_GAP 0.6
/* Rows of one table follow each other within this many line heights. */
#define ROW_GAP 3.0
/* A wrapped label's next line follows within this many line heights. */
#define FRAGMENT_GAP 1.0

typedef struct {
    GPtrArray *glyphs; /* nb_glyph* borrowed from the page */
    nb_box box;
    char *text;
    gboolean number;
} chunk;

typedef struct {
    const nb_text_line *line;
    GPtrArray *labels;   /* chunk*: leading words */
    GPtrArray *values;   /* chunk*: the numbers */
    GPtrArray *pieces;   /* chunk*: label fragments from lines around it */
} row;

static void chunk_free(gpointer p)
{
    chunk *c = p;
    if (!c)
        return;
    g_ptr_array_free(c->glyphs, TRUE);
    g_free(c->text);
    g_free(c);
}

static void row_free(gpointer p)
{
    row *r = p;
    g_ptr_array_free(r->labels, TRUE);
    g_ptr_array_free(r->values, TRUE);
    g_ptr_array_free(r->pieces, TRUE);
    g_free(r);
}

static chunk *chunk_new(void)
{
    chunk *c = g_new0(chunk, 1);
    c->glyphs = g_ptr_array_new();
    return c;
}

static void chunk_finish(chunk *c, int page)
{
    GPtrArray *lines = nb_text_lines(c->glyphs, page);
    c->text = nb_text_lines_join(lines);
    g_ptr_array_free(lines, TRUE);
    for (guint i = 0; i < c->glyphs->len; i++) {
        const nb_glyph *g = g_ptr_array_index(c->glyphs, i);
        c->box = i == 0 ? g->box : nb_box_union(c->box, g->box);
    }
    c->number = nb_pdf_text_is_number(c->text);
}

/* Splits a line into chunks at gaps wider than CELL_GAP font sizes.  The
 * glyph pointers refer to the line's own copies. */
static GPtrArray *line_chunks(const nb_text_line *l, int page)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(chunk_free);
    chunk *cur = NULL;
    for (guint i = 0; i < l->glyphs->len; i++) {
        nb_glyph *g = &g_array_index(l->glyphs, nb_glyph, i);
        if (cur && i > 0) {
            const nb_glyph *p = &g_array_index(l->glyphs, nb_glyph, i - 1);
            double gap = g->box.x0 - p->box.x1, size = MAX(g->size, p->size);
            /* numbers set in narrow columns stand closer than words do */
            gboolean digits = g_unichar_isdigit(p->ch) && g_unichar_isdigit(g->ch);
            if (gap > CELL_GAP * size || (digits && gap > DIGIT_GAP * size)) {
                chunk_finish(cur, page);
                cur = NULL;
            }
        }
        if (!cur)
            g_ptr_array_add(out, cur = chunk_new());
        g_ptr_array_add(cur->glyphs, g);
    }
    if (cur)
        chunk_finish(cur, page);
    return out;
}

/* A row when the line is labels then at least one number, in two or more
 * chunks, with nothing but numbers after the first number. */
static row *row_from_line(const nb_text_line *l, int page)
{
    GPtrArray *chunks = line_chunks(l, page);
    row *r = NULL;
    guint first_num = chunks->len;
    for (guint i = 0; i < chunks->len; i++)
        if (((chunk *)g_ptr_array_index(chunks, i))->number) {
            first_num = i;
            break;
        }
    gboolean ok = chunks->len >= 2 && first_num < chunks->len;
    for (guint i = first_num; ok && i < chunks->len; i++)
        ok = ((chunk *)g_ptr_array_index(chunks, i))->number;
    if (ok) {
        r = g_new0(row, 1);
        r->line = l;
        r->labels = g_ptr_array_new_with_free_func(chunk_free);
        r->values = g_ptr_array_new_with_free_func(chunk_free);
        r->pieces = g_ptr_array_new_with_free_func(chunk_free);
        for (guint i = 0; i < chunks->len; i++) {
            g_ptr_array_add(i < first_num ? r->labels : r->values, g_ptr_array_index(chunks, i));
            chunks->pdata[i] = NULL;
        }
    }
    g_ptr_array_free(chunks, TRUE);
    return r;
}

static double first_value_x(const row *r)
{
    return ((chunk *)g_ptr_array_index(r->values, 0))->box.x0;
}

/* A line of words only, left of the values: a label fragment. */
static chunk *fragment_of(const nb_text_line *l, double values_x, int page)
{
    if (l->box.x1 >= values_x)
        return NULL;
    chunk *c = chunk_new();
    for (guint i = 0; i < l->glyphs->len; i++)
        g_ptr_array_add(c->glyphs, &g_array_index(l->glyphs, nb_glyph, i));
    chunk_finish(c, page);
    if (c->number) {
        chunk_free(c);
        return NULL;
    }
    return c;
}

static gboolean starts_item(const char *text)
{
    char *sq = nb_norm_label(text), *raw = nb_norm_squash(text);
    gboolean numbered = strcmp(sq, raw) != 0; /* numbering was stripped */
    g_free(sq);
    g_free(raw);
    return numbered;
}

/* The row a fragment belongs to: the nearest by vertical centre; on a tie
 * a fragment that starts a new item goes down, a continuation goes up. */
static row *nearest_row(GPtrArray *rows, const chunk *f)
{
    double fy = (f->box.y0 + f->box.y1) / 2, best = G_MAXDOUBLE;
    row *pick = NULL;
    gboolean down = starts_item(f->text);
    for (guint i = 0; i < rows->len; i++) {
        row *r = g_ptr_array_index(rows, i);
        double ry = (r->line->box.y0 + r->line->box.y1) / 2;
        double d = fabs(ry - fy) + (ry > fy ? (down ? -0.01 : 0.01) : 0);
        if (d < best)
            best = d, pick = r;
    }
    return pick;
}

/* ---- columns ---- */

static int double_cmp(gconstpointer a, gconstpointer b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Column boundaries: left of the group labels, left of the rows' own
 * labels, between the label column and the values, between value columns (midway between the k-th values of the
 * rows, which all have the same count), right of the last values. */
static GArray *block_edges(GPtrArray *rows)
{
    const row *r0 = g_ptr_array_index(rows, 0);
    guint n = r0->values->len;
    GArray *edges = g_array_new(FALSE, FALSE, sizeof(double));
    double left = G_MAXDOUBLE, label_right = -G_MAXDOUBLE, right = -G_MAXDOUBLE;
    double *lo = g_new(double, n), *hi = g_new(double, n);
    for (guint k = 0; k < n; k++)
        lo[k] = G_MAXDOUBLE, hi[k] = -G_MAXDOUBLE;
    for (guint i = 0; i < rows->len; i++) {
        const row *r = g_ptr_array_index(rows, i);
        left = MIN(left, r->line->box.x0);
        for (guint k = 0; k < r->labels->len; k++)
            label_right = MAX(label_right, ((chunk *)g_ptr_array_index(r->labels, k))->box.x1);
        for (guint k = 0; k < r->pieces->len; k++) {
            const chunk *c = g_ptr_array_index(r->pieces, k);
            left = MIN(left, c->box.x0);
            label_right = MAX(label_right, c->box.x1);
        }
        for (guint k = 0; k < n; k++) {
            const chunk *c = g_ptr_array_index(r->values, k);
            lo[k] = MIN(lo[k], c->box.x0);
            hi[k] = MAX(hi[k], c->box.x1);
            right = MAX(right, c->box.x1);
        }
    }
    if (label_right < left)
        label_right = left;
    /* the group column ends where the rows' own labels start; it keeps a
     * few points of width when no group label is printed */
    double own_left = G_MAXDOUBLE;
    for (guint i = 0; i < rows->len; i++) {
        const row *r = g_ptr_array_index(rows, i);
        if (r->labels->len)
            own_left = MIN(own_left, ((chunk *)g_ptr_array_index(r->labels, r->labels->len - 1))->box.x0);
    }
    if (own_left == G_MAXDOUBLE)
        own_left = left;
    double e0 = MIN(left, own_left) - 6, e1 = own_left - 1;
    g_array_append_val(edges, e0);
    g_array_append_val(edges, e1);
    double b = (label_right + lo[0]) / 2;
    g_array_append_val(edges, b);
    for (guint k = 1; k < n; k++) {
        b = (hi[k - 1] + lo[k]) / 2;
        g_array_append_val(edges, b);
    }
    g_array_append_val(edges, right);
    g_array_sort(edges, double_cmp);
    g_free(lo);
    g_free(hi);
    return edges;
}

/* ---- building a table ---- */

static int piece_order(gconstpointer a, gconstpointer b)
{
    const chunk *x = *(chunk *const *)a, *y = *(chunk *const *)b;
    return (x->box.y0 > y->box.y0) - (x->box.y0 < y->box.y0);
}

/* A label cell of the pieces in `part`, top to bottom, in column `col`. */
static nb_pdf_cell *pieces_cell(GPtrArray *part, GArray *edges, const row *r, int col, int page)
{
    g_ptr_array_sort(part, piece_order);
    GString *text = g_string_new(NULL);
    GPtrArray *glyphs = g_ptr_array_new();
    for (guint k = 0; k < part->len; k++) {
        chunk *c = g_ptr_array_index(part, k);
        g_string_append(text, c->text);
        g_ptr_array_extend(glyphs, c->glyphs, NULL, NULL);
    }
    nb_box outline = {g_array_index(edges, double, col), r->line->box.y0,
                      g_array_index(edges, double, col + 1), r->line->box.y1};
    nb_pdf_cell *cell = nb_pdf_cell_from_glyphs(glyphs, outline, page);
    g_free(cell->text);
    cell->text = g_string_free(text, FALSE);
    cell->row = -1, cell->col = col, cell->rowspan = cell->colspan = 1;
    g_ptr_array_free(glyphs, TRUE);
    return cell;
}

/* The two label cells of a row: group labels (left of the row's own label:
 * a vertical or centred group label) and the row's own words. */
static void label_cells(row *r, GArray *edges, int page, nb_pdf_cell **group_cell,
                        nb_pdf_cell **own_cell)
{
    const chunk *last = r->labels->len ? g_ptr_array_index(r->labels, r->labels->len - 1) : NULL;
    double own_x = last ? last->box.x0 : G_MAXDOUBLE;
    GPtrArray *group = g_ptr_array_new(), *own = g_ptr_array_new();
    for (guint k = 0; k < r->labels->len; k++)
        g_ptr_array_add(k + 1 < r->labels->len ? group : own, g_ptr_array_index(r->labels, k));
    for (guint k = 0; k < r->pieces->len; k++) {
        chunk *c = g_ptr_array_index(r->pieces, k);
        g_ptr_array_add(c->box.x1 <= own_x ? group : own, c);
    }
    *group_cell = pieces_cell(group, edges, r, 0, page);
    *own_cell = pieces_cell(own, edges, r, 1, page);
    g_ptr_array_free(group, TRUE);
    g_ptr_array_free(own, TRUE);
}

static nb_pdf_table *table_from_rows(GPtrArray *rows, int page)
{
    nb_pdf_table *t = nb_pdf_table_new(page);
    GArray *edges = block_edges(rows);
    g_array_append_vals(t->col_edges, edges->data, edges->len);
    t->rows = (int)rows->len;
    for (guint i = 0; i < rows->len; i++) {
        row *r = g_ptr_array_index(rows, i);
        nb_pdf_cell *gc, *lc;
        label_cells(r, edges, page, &gc, &lc);
        gc->row = lc->row = (int)i;
        g_ptr_array_add(t->cells, gc);
        g_ptr_array_add(t->cells, lc);
        t->box = i == 0 ? r->line->box : nb_box_union(t->box, r->line->box);
        for (guint k = 0; k < r->values->len; k++) {
            chunk *c = g_ptr_array_index(r->values, k);
            nb_box outline = {g_array_index(edges, double, k + 2), r->line->box.y0,
                              g_array_index(edges, double, k + 3), r->line->box.y1};
            nb_pdf_cell *vc = nb_pdf_cell_from_glyphs(c->glyphs, outline, page);
            vc->row = (int)i, vc->col = (int)k + 2, vc->rowspan = vc->colspan = 1;
            g_ptr_array_add(t->cells, vc);
        }
        for (guint k = 0; k < r->pieces->len; k++)
            t->box = nb_box_union(t->box, ((chunk *)g_ptr_array_index(r->pieces, k))->box);
    }
    t->box.x0 = g_array_index(edges, double, 0);
    t->box.x1 = g_array_index(edges, double, edges->len - 1);
    g_array_free(edges, TRUE);
    return t;
}

/* Marks the page glyphs that a table took (line glyphs are copies: they
 * are matched to the page's by position). */
static void mark_used(const nb_page_text *p, gboolean *used, const nb_box *box)
{
    for (guint i = 0; i < p->glyphs->len; i++) {
        const nb_glyph *g = &g_array_index(p->glyphs, nb_glyph, i);
        double cx = (g->box.x0 + g->box.x1) / 2, cy = (g->box.y0 + g->box.y1) / 2;
        if (!used[i] && cx >= box->x0 && cx <= box->x1 && cy >= box->y0 && cy <= box->y1)
            used[i] = TRUE;
    }
}

/* Attaches the fragment lines among lines [from, to) (the block's rows and
 * the word-only lines between and just after them) to their rows. */
static void attach_fragments(GPtrArray *block, GPtrArray *lines, guint from, guint to, int page)
{
    double values_x = G_MAXDOUBLE;
    for (guint i = 0; i < block->len; i++)
        values_x = MIN(values_x, first_value_x(g_ptr_array_index(block, i)));
    for (guint i = from; i < to; i++) {
        const nb_text_line *l = g_ptr_array_index(lines, i);
        chunk *f = fragment_of(l, values_x, page);
        if (!f)
            continue;
        g_ptr_array_add(nearest_row(block, f)->pieces, f);
    }
}

/* Whether line `l` (a row when `r` is set) closes the block: the end of
 * the page, another number of values, a wide gap, or a line of words that
 * reaches into the value columns. */
static gboolean block_ends(GPtrArray *block, const nb_text_line *l, const row *r, double prev_bottom)
{
    if (!block->len)
        return FALSE;
    if (!l)
        return TRUE;
    const row *first = g_ptr_array_index(block, 0);
    double size = MAX(l->size, 1.0);
    if (l->box.y0 - prev_bottom > ROW_GAP * size)
        return TRUE;
    if (r)
        return r->values->len != first->values->len;
    return l->box.x1 >= first_value_x(first);
}

/* Whether line `l` is close enough below (or above) line `m` to be the
 * next line of the same wrapped label. */
static gboolean close_lines(const nb_text_line *upper, const nb_text_line *lower)
{
    return lower->box.y0 - upper->box.y1 <= FRAGMENT_GAP * MAX(lower->size, upper->size);
}

/* The lines of the block: from up to two word lines closely above its first
 * row to the word lines closely below its last row. */
static void block_extent(GPtrArray *block, GPtrArray *lines, guint first_row, guint end,
                         guint *from, guint *to)
{
    const row *first = g_ptr_array_index(block, 0), *last = g_ptr_array_index(block, block->len - 1);
    double values_x = first_value_x(first);
    *from = first_row;
    for (int k = 0; k < 2 && *from > 0; k++) {
        const nb_text_line *above = g_ptr_array_index(lines, *from - 1);
        const nb_text_line *below = g_ptr_array_index(lines, *from);
        if (above->box.x1 >= values_x || !close_lines(above, below))
            break;
        (*from)--;
    }
    guint last_row = first_row;
    for (guint i = first_row; i < end; i++)
        if (g_ptr_array_index(lines, i) == last->line)
            last_row = i;
    *to = last_row + 1;
    while (*to < end && close_lines(g_ptr_array_index(lines, *to - 1), g_ptr_array_index(lines, *to)))
        (*to)++;
}

/* Turns the block into a table (a lone row needs a short label or three
 * values) and empties it.  `first_row` is the line of its first row, `end`
 * the line that closed it. */
static void flush_block(GPtrArray *block, GPtrArray *lines, guint first_row, guint end,
                        const nb_page_text *p, gboolean *used, GPtrArray *out)
{
    guint from, to;
    block_extent(block, lines, first_row, end, &from, &to);
    attach_fragments(block, lines, from, to, p->number);
    const row *r0 = g_ptr_array_index(block, 0);
    glong label_chars = 0;
    for (guint k = 0; k < r0->labels->len; k++)
        label_chars += g_utf8_strlen(((chunk *)g_ptr_array_index(r0->labels, k))->text, -1);
    if (block->len >= 2 || (r0->labels->len > 0 && label_chars <= LONE_LABEL_CHARS) ||
        r0->values->len >= 3) {
        nb_pdf_table *t = table_from_rows(block, p->number);
        mark_used(p, used, &t->box);
        g_ptr_array_add(out, t);
    }
    g_ptr_array_set_size(block, 0);
}

GPtrArray *nb_pdf_tables_unruled(const nb_page_text *p, gboolean *used)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(nb_pdf_table_free);
    GPtrArray *free_glyphs = g_ptr_array_new();
    for (guint i = 0; i < p->glyphs->len; i++)
        if (!used[i])
            g_ptr_array_add(free_glyphs, &g_array_index(p->glyphs, nb_glyph, i));
    GPtrArray *lines = nb_text_lines(free_glyphs, p->number);
    g_ptr_array_free(free_glyphs, TRUE);
    GPtrArray *block = g_ptr_array_new_with_free_func(row_free);
    guint block_first_line = 0;
    double prev_bottom = 0;
    for (guint i = 0; i <= lines->len; i++) {
        const nb_text_line *l = i < lines->len ? g_ptr_array_index(lines, i) : NULL;
        row *r = l ? row_from_line(l, p->number) : NULL;
        if (block_ends(block, l, r, prev_bottom))
            flush_block(block, lines, block_first_line, i, p, used, out);
        if (r) {
            if (!block->len)
                block_first_line = i;
            g_ptr_array_add(block, r);
        }
        if (l)
            prev_bottom = l->box.y1;
    }
    g_ptr_array_free(block, TRUE);
    g_ptr_array_free(lines, TRUE);
    return out;
}
