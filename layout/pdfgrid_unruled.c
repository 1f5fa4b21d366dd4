/*
 * pdfgrid_unruled.c — tables drawn without rulings (see pdfgrid.h).
 *
 * A table row without rulings is a line that breaks into chunks at wide
 * gaps: label chunks first, then one or more numbers.  Consecutive rows
 * with the same number of values form a table; its value columns are the
 * clusters of the numbers' positions.  Lines between rows that hold only
 * words (a label wrapped over two or three lines, a group label centred
 * beside its rows) join the row nearest to them.
 *
 * In a text layer whose zeros are printed blank (nb_pdf_tables_unruled_blanks)
 * rows of other counts join by position, numbered label lines without
 * values are rows of blank cells, and a lone row of values takes its
 * columns from the header cells above it (docs/pdf.md).
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
/* A gap wider than this many font sizes, where a column's labels start,
 * parts a group label from a row's own label on a word line. */
#define COLUMN_GAP 0.25
/* Header lines looked at above a lone row of values. */
#define HEADER_LINES 12
/* Lines of one wrapped label follow each other within this many font
 * sizes (centre to centre); rows are further apart. */
#define LABEL_STEP 1.7

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
    int *cols;           /* value k's column (blank cells: see value_columns), or NULL */
} row;

/* The value columns of a block whose rows print different numbers of
 * values (blank cells): the clusters of overlapping value boxes, left to
 * right. */
typedef struct {
    GArray *lo, *hi; /* double */
} columns;

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
    g_free(r->cols);
    g_free(r);
}

static row *row_new(const nb_text_line *l)
{
    row *r = g_new0(row, 1);
    r->line = l;
    r->labels = g_ptr_array_new_with_free_func(chunk_free);
    r->values = g_ptr_array_new_with_free_func(chunk_free);
    r->pieces = g_ptr_array_new_with_free_func(chunk_free);
    return r;
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

static gboolean starts_item(const char *text);

/* Whether glyph `i` of `l` opens an item ("（一）", "4.", "二、") after a
 * visible gap (COLUMN_GAP): a row's own label beside a group label. */
static gboolean item_after_gap(const nb_text_line *l, guint i)
{
    const nb_glyph *p = &g_array_index(l->glyphs, nb_glyph, i - 1);
    const nb_glyph *g = &g_array_index(l->glyphs, nb_glyph, i);
    if (g->box.x0 - p->box.x1 <= COLUMN_GAP * MAX(g->size, p->size))
        return FALSE;
    GString *head = g_string_new(NULL);
    for (guint k = i; k < l->glyphs->len && k < i + 6; k++)
        g_string_append_unichar(head, g_array_index(l->glyphs, nb_glyph, k).ch);
    gboolean item = starts_item(head->str);
    g_string_free(head, TRUE);
    return item;
}

/* Splits a line into chunks at gaps wider than CELL_GAP font sizes, and
 * with `items` also where an item opens after a visible gap.  The glyph
 * pointers refer to the line's own copies. */
static GPtrArray *line_chunks(const nb_text_line *l, int page, gboolean items)
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
            gboolean crosses = items && item_after_gap(l, i);
            if (gap > CELL_GAP * size || (digits && gap > DIGIT_GAP * size) || crosses) {
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
    GPtrArray *chunks = line_chunks(l, page, FALSE);
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
        r = row_new(l);
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

/* A line of words only, left of the values, cut into its chunks and where
 * an item opens after a visible gap: a group label's line beside a row's
 * own label are two fragments, even when the gap between them is narrower
 * than between cells.  NULL when the line is no fragment. */
static GPtrArray *fragment_chunks(const nb_text_line *l, double values_x, int page)
{
    if (l->box.x1 >= values_x)
        return NULL;
    GPtrArray *parts = line_chunks(l, page, TRUE);
    for (guint k = 0; k < parts->len; k++)
        if (((chunk *)g_ptr_array_index(parts, k))->number) {
            g_ptr_array_free(parts, TRUE);
            return NULL;
        }
    return parts;
}

static double centre_y(const nb_box *b)
{
    return (b->y0 + b->y1) / 2;
}

/* Where the own label of the row nearest to height `y` starts, of the
 * rows of `block` that print a label (`side` < 0: rows above `y` only,
 * > 0: below only, 0: either), or G_MAXDOUBLE. */
static double own_label_x(GPtrArray *block, double y, int side)
{
    double x = G_MAXDOUBLE, best = G_MAXDOUBLE;
    for (guint i = 0; i < block->len; i++) {
        const row *r = g_ptr_array_index(block, i);
        double dy = centre_y(&r->line->box) - y, d = fabs(dy);
        if (r->labels->len && d < best && (side == 0 || (side < 0) == (dy < 0)))
            best = d, x = ((chunk *)g_ptr_array_index(r->labels, r->labels->len - 1))->box.x0;
    }
    return x;
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

static void columns_clear(columns *c)
{
    if (c->lo)
        g_array_free(c->lo, TRUE);
    if (c->hi)
        g_array_free(c->hi, TRUE);
    c->lo = c->hi = NULL;
}

static int box_x0_cmp(gconstpointer a, gconstpointer b)
{
    const nb_box *x = a, *y = b;
    return (x->x0 > y->x0) - (x->x0 < y->x0);
}

/* The column of `c` among the clusters `cols`, or -1. */
static int column_of(const columns *cols, const chunk *c)
{
    for (guint k = 0; k < cols->lo->len; k++)
        if (c->box.x0 >= g_array_index(cols->lo, double, k) &&
            c->box.x1 <= g_array_index(cols->hi, double, k))
            return (int)k;
    return -1;
}

/* Whether the values of `r` fall into distinct columns, left to right;
 * with `assign` each value's column is stored in r->cols. */
static gboolean row_fits(row *r, const columns *cols, gboolean assign)
{
    int prev = -1;
    int *at = g_new(int, MAX(r->values->len, 1));
    for (guint k = 0; k < r->values->len; k++) {
        at[k] = column_of(cols, g_ptr_array_index(r->values, k));
        if (at[k] <= prev) {
            g_free(at);
            return FALSE;
        }
        prev = at[k];
    }
    if (assign) {
        g_free(r->cols);
        r->cols = at;
    } else {
        g_free(at);
    }
    return TRUE;
}

/* The value columns of a table whose blank cells print nothing: the
 * clusters of overlapping value boxes of the rows of `block` (and of
 * `extra`, a row that may join it, or NULL), whatever alignment the numbers
 * have in their cells (centred values overlap at the centre, left- or
 * right-aligned ones share an edge).  Returns FALSE, with `out` empty, when
 * two values of one row fall into one cluster: the rows share no columns.
 * With `assign` each row's values get their columns (row.cols). */
static gboolean value_columns(GPtrArray *block, row *extra, gboolean assign, columns *out)
{
    out->lo = g_array_new(FALSE, FALSE, sizeof(double));
    out->hi = g_array_new(FALSE, FALSE, sizeof(double));
    GArray *boxes = g_array_new(FALSE, FALSE, sizeof(nb_box));
    for (guint i = 0; i <= block->len; i++) {
        const row *r = i < block->len ? g_ptr_array_index(block, i) : extra;
        for (guint k = 0; r && k < r->values->len; k++)
            g_array_append_val(boxes, ((chunk *)g_ptr_array_index(r->values, k))->box);
    }
    g_array_sort(boxes, box_x0_cmp);
    for (guint i = 0; i < boxes->len; i++) {
        const nb_box *b = &g_array_index(boxes, nb_box, i);
        guint n = out->hi->len;
        if (n && b->x0 <= g_array_index(out->hi, double, n - 1)) {
            double *hi = &g_array_index(out->hi, double, n - 1);
            *hi = MAX(*hi, b->x1);
        } else {
            g_array_append_val(out->lo, b->x0);
            g_array_append_val(out->hi, b->x1);
        }
    }
    g_array_free(boxes, TRUE);
    gboolean ok = !extra || row_fits(extra, out, FALSE);
    for (guint i = 0; ok && i < block->len; i++)
        ok = row_fits(g_ptr_array_index(block, i), out, assign);
    if (!ok)
        columns_clear(out);
    return ok;
}

/* Column boundaries: left of the group labels, left of the rows' own
 * labels, between the label column and the values, between value columns (midway between the k-th values of the
 * rows, which all have the same count), right of the last values. */
static GArray *block_edges(GPtrArray *rows, const columns *cols)
{
    const row *r0 = g_ptr_array_index(rows, 0);
    guint n = cols->lo ? cols->lo->len : r0->values->len;
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
        for (guint k = 0; !cols->lo && k < n; k++) {
            const chunk *c = g_ptr_array_index(r->values, k);
            lo[k] = MIN(lo[k], c->box.x0);
            hi[k] = MAX(hi[k], c->box.x1);
            right = MAX(right, c->box.x1);
        }
    }
    for (guint k = 0; cols->lo && k < n; k++) {
        lo[k] = g_array_index(cols->lo, double, k);
        hi[k] = g_array_index(cols->hi, double, k);
        right = MAX(right, hi[k]);
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

static int piece_order_x(gconstpointer a, gconstpointer b)
{
    const chunk *x = *(chunk *const *)a, *y = *(chunk *const *)b;
    return (x->box.x0 > y->box.x0) - (x->box.x0 < y->box.x0);
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

/* An empty cell in value column `col` of row `r` (a blank cell). */
static nb_pdf_cell *blank_cell(GArray *edges, const row *r, int col, int page)
{
    GPtrArray *none = g_ptr_array_new();
    nb_box outline = {g_array_index(edges, double, col), r->line->box.y0,
                      g_array_index(edges, double, col + 1), r->line->box.y1};
    nb_pdf_cell *cell = nb_pdf_cell_from_glyphs(none, outline, page);
    cell->col = col, cell->rowspan = cell->colspan = 1;
    g_ptr_array_free(none, TRUE);
    return cell;
}

/* Builds the table of `rows`; with `cols` (clusters, see value_columns)
 * each value goes to its own column and the others get blank cells. */
static nb_pdf_table *table_from_rows(GPtrArray *rows, const columns *cols, int page)
{
    nb_pdf_table *t = nb_pdf_table_new(page);
    GArray *edges = block_edges(rows, cols);
    g_array_append_vals(t->col_edges, edges->data, edges->len);
    t->rows = (int)rows->len;
    for (guint i = 0; i < rows->len; i++) {
        row *r = g_ptr_array_index(rows, i);
        /* a row of values alone in a table placed by position gets no
         * empty label cells: they would read as its leading blank values */
        if (!cols->lo || r->labels->len || r->pieces->len) {
            nb_pdf_cell *gc, *lc;
            label_cells(r, edges, page, &gc, &lc);
            gc->row = lc->row = (int)i;
            g_ptr_array_add(t->cells, gc);
            g_ptr_array_add(t->cells, lc);
        }
        t->box = i == 0 ? r->line->box : nb_box_union(t->box, r->line->box);
        guint ncols = cols->lo ? cols->lo->len : r->values->len;
        for (guint k = 0, v = 0; k < ncols; k++) {
            gboolean here = v < r->values->len && (!cols->lo || r->cols[v] == (int)k);
            nb_pdf_cell *vc;
            if (here) {
                chunk *c = g_ptr_array_index(r->values, v++);
                nb_box outline = {g_array_index(edges, double, k + 2), r->line->box.y0,
                                  g_array_index(edges, double, k + 3), r->line->box.y1};
                vc = nb_pdf_cell_from_glyphs(c->glyphs, outline, page);
            } else {
                vc = blank_cell(edges, r, (int)k + 2, page);
            }
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

/* Whether fragment `f` may open a row's own label: it starts an item and
 * is no group label, which stands left of the own labels of the rows
 * beside it, above and below. */
static gboolean opens_own_label(GPtrArray *block, const chunk *f)
{
    double y = centre_y(&f->box);
    gboolean group = own_label_x(block, y, -1) >= f->box.x1 - 1 &&
                     own_label_x(block, y, 1) >= f->box.x1 - 1;
    return starts_item(f->text) && !group;
}

/* The fragment of `frags` that starts the wrapped own label of row `r`
 * (whose own label, if any, starts no item): walking up from the row's
 * line through the lines of its label, each within LABEL_STEP font sizes
 * of the one below, the first fragment that starts an item.  Group labels
 * left of the row's own column are stepped over.  -1 when the walk ends
 * without one: the item start above is then another row's. */
static int label_start_above(GPtrArray *frags, const row *r)
{
    double y = centre_y(&r->line->box), size = MAX(r->line->size, 1.0);
    const chunk *own = r->labels->len ? g_ptr_array_index(r->labels, r->labels->len - 1) : NULL;
    double own_x = own ? own->box.x0 : -G_MAXDOUBLE;
    for (;;) {
        int next = -1;
        double best = G_MAXDOUBLE;
        for (guint k = 0; k < frags->len; k++) {
            const chunk *f = g_ptr_array_index(frags, k);
            double d = y - centre_y(&f->box);
            if (d > 0.1 * size && d <= LABEL_STEP * size && f->box.x1 > own_x && d < best)
                best = d, next = (int)k;
        }
        if (next < 0 || starts_item(((chunk *)g_ptr_array_index(frags, next))->text))
            return next;
        y = centre_y(&((chunk *)g_ptr_array_index(frags, next))->box);
    }
}

/* Finds the rows printed blank (a row of zeros) among the fragments
 * `frags` (lines `flines`) of `block`: every row of values owns one item
 * start, its own label when that starts an item, else the first line of
 * its wrapped label (label_start_above); an item start that opens an own label and that no row owns is
 * the label of a row of blank cells.  Those fragments move out of `frags`
 * into new rows appended to `blank`. */
static void find_blank_rows(GPtrArray *block, GPtrArray *frags, GPtrArray *flines,
                            GPtrArray *blank)
{
    gboolean *item = g_new0(gboolean, MAX(frags->len, 1));
    for (guint i = 0; i < frags->len; i++)
        item[i] = opens_own_label(block, g_ptr_array_index(frags, i));
    for (guint i = 0; i < block->len; i++) {
        const row *r = g_ptr_array_index(block, i);
        const chunk *own = r->labels->len ? g_ptr_array_index(r->labels, r->labels->len - 1) : NULL;
        if (own && starts_item(own->text))
            continue;
        int pick = label_start_above(frags, r);
        if (pick >= 0)
            item[pick] = FALSE;
    }
    for (guint i = 0, k = 0; i < frags->len; k++) {
        if (!item[k]) {
            i++;
            continue;
        }
        row *r = row_new(g_ptr_array_index(flines, i));
        g_ptr_array_add(r->labels, g_ptr_array_steal_index(frags, i));
        g_ptr_array_remove_index(flines, i);
        g_ptr_array_add(blank, r);
    }
    g_free(item);
}

static int row_order(gconstpointer a, gconstpointer b)
{
    const row *x = *(row *const *)a, *y = *(row *const *)b;
    return (x->line->box.y0 > y->line->box.y0) - (x->line->box.y0 < y->line->box.y0);
}

/* Attaches the fragment lines among lines [from, to) (the block's rows and
 * the word-only lines between and just after them) to their rows.  With
 * `blank_rows` (the block's columns are known by position) a fragment that
 * is a row's own label becomes a row of blank cells first, and the other
 * fragments may join it. */
static void attach_fragments(GPtrArray *block, GPtrArray *lines, guint from, guint to, int page,
                             gboolean blank_rows)
{
    double values_x = G_MAXDOUBLE;
    for (guint i = 0; i < block->len; i++)
        values_x = MIN(values_x, first_value_x(g_ptr_array_index(block, i)));
    GPtrArray *frags = g_ptr_array_new_with_free_func(chunk_free);
    GPtrArray *flines = g_ptr_array_new(), *blank = g_ptr_array_new();
    for (guint i = from; i < to; i++) {
        nb_text_line *l = g_ptr_array_index(lines, i);
        GPtrArray *parts = blank_rows ? fragment_chunks(l, values_x, page) : NULL;
        if (!parts) {
            chunk *f = fragment_of(l, values_x, page);
            if (f)
                g_ptr_array_add(frags, f), g_ptr_array_add(flines, l);
            continue;
        }
        while (parts->len)
            g_ptr_array_add(frags, g_ptr_array_steal_index(parts, 0)), g_ptr_array_add(flines, l);
        g_ptr_array_free(parts, TRUE);
    }
    if (blank_rows)
        find_blank_rows(block, frags, flines, blank);
    g_ptr_array_free(flines, TRUE);
    g_ptr_array_extend_and_steal(block, blank);
    g_ptr_array_sort(block, row_order);
    for (guint i = 0; i < frags->len; i++) {
        chunk *f = g_ptr_array_index(frags, i);
        g_ptr_array_add(nearest_row(block, f)->pieces, f);
        frags->pdata[i] = NULL;
    }
    g_ptr_array_free(frags, TRUE);
}

/* Whether row `r`, whose number of values differs from the block's rows
 * (or whose block already mixes numbers of values), continues the block
 * of a table with blank cells: its words end left of every value of the
 * block, its values start right of every label, and all values still fall
 * into distinct columns by position. */
static gboolean joins_by_position(GPtrArray *block, row *r)
{
    double values_x = G_MAXDOUBLE, labels_x = -G_MAXDOUBLE;
    for (guint i = 0; i < block->len; i++) {
        const row *b = g_ptr_array_index(block, i);
        values_x = MIN(values_x, first_value_x(b));
        for (guint k = 0; k < b->labels->len; k++)
            labels_x = MAX(labels_x, ((chunk *)g_ptr_array_index(b->labels, k))->box.x1);
    }
    for (guint k = 0; k < r->labels->len; k++)
        if (((chunk *)g_ptr_array_index(r->labels, k))->box.x1 >= values_x)
            return FALSE;
    if (first_value_x(r) <= labels_x)
        return FALSE;
    columns cols;
    gboolean ok = value_columns(block, r, FALSE, &cols);
    columns_clear(&cols);
    return ok;
}

/* Whether the rows of `block` print different numbers of values. */
static gboolean block_mixed(GPtrArray *block)
{
    for (guint i = 1; i < block->len; i++)
        if (((row *)g_ptr_array_index(block, i))->values->len !=
            ((row *)g_ptr_array_index(block, 0))->values->len)
            return TRUE;
    return FALSE;
}

/* Whether line `l` (a row when `r` is set) closes the block: the end of
 * the page, another number of values (with `blanks`: values that do not
 * join by position), a wide gap, or a line of words that reaches into the
 * value columns. */
static gboolean block_ends(GPtrArray *block, const nb_text_line *l, row *r, double prev_bottom,
                           gboolean blanks)
{
    if (!block->len)
        return FALSE;
    if (!l)
        return TRUE;
    const row *first = g_ptr_array_index(block, 0);
    double size = MAX(l->size, 1.0);
    if (l->box.y0 - prev_bottom > ROW_GAP * size)
        return TRUE;
    if (r && blanks && (r->values->len != first->values->len || block_mixed(block)))
        return !joins_by_position(block, r);
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
/* The header chunks of the lines closely above line `first` (each within
 * ROW_GAP line heights of the next, at most HEADER_LINES) that have no
 * other header chunk below them overlapping horizontally: the lowest
 * header cells, one per column (a column label wrapped or stacked one
 * character per line ends in its lowest line; a spanning label has labels
 * under it).  Sorted left to right; new array of chunk*. */
static GPtrArray *header_leaves(GPtrArray *lines, guint first, int page)
{
    GPtrArray *all = g_ptr_array_new_with_free_func(chunk_free);
    const nb_text_line *below = g_ptr_array_index(lines, first);
    for (guint i = first, n = 0; i > 0 && n < HEADER_LINES; i--, n++) {
        const nb_text_line *l = g_ptr_array_index(lines, i - 1);
        if (below->box.y0 - l->box.y1 > ROW_GAP * MAX(l->size, 1.0))
            break;
        g_ptr_array_extend_and_steal(all, line_chunks(l, page, FALSE));
        below = l;
    }
    GPtrArray *leaves = g_ptr_array_new_with_free_func(chunk_free);
    gboolean *covered = g_new0(gboolean, MAX(all->len, 1));
    for (guint i = 0; i < all->len; i++) {
        const chunk *c = g_ptr_array_index(all, i);
        covered[i] = c->number; /* a value of a row above, not a header */
        for (guint k = 0; k < all->len && !covered[i]; k++) {
            const chunk *d = g_ptr_array_index(all, k);
            covered[i] = d->box.y0 > c->box.y1 - 1 && d->box.x0 < c->box.x1 && d->box.x1 > c->box.x0;
        }
    }
    for (guint i = 0; i < all->len; i++)
        if (!covered[i]) {
            g_ptr_array_add(leaves, all->pdata[i]);
            all->pdata[i] = NULL;
        }
    g_free(covered);
    g_ptr_array_free(all, TRUE);
    g_ptr_array_sort(leaves, piece_order_x);
    return leaves;
}

/* The columns of a lone row of values without label (section 四 of the
 * templates: one row under its header rows) whose cells print blank: the
 * lowest header cells above it, each column reaching half-way to its
 * neighbours.  TRUE (and the row's values placed, row.cols) when there are
 * more of them than values and every value falls into a distinct one. */
static gboolean header_columns(GPtrArray *block, GPtrArray *lines, guint first, int page,
                               columns *out)
{
    row *r = g_ptr_array_index(block, 0);
    GPtrArray *leaves = header_leaves(lines, first, page);
    gboolean ok = leaves->len > r->values->len;
    if (ok) {
        out->lo = g_array_new(FALSE, FALSE, sizeof(double));
        out->hi = g_array_new(FALSE, FALSE, sizeof(double));
        for (guint k = 0; k < leaves->len; k++) {
            const nb_box *b = &((chunk *)g_ptr_array_index(leaves, k))->box;
            const nb_box *l = k ? &((chunk *)g_ptr_array_index(leaves, k - 1))->box : NULL;
            const nb_box *n = k + 1 < leaves->len ? &((chunk *)g_ptr_array_index(leaves, k + 1))->box : NULL;
            double lo = l ? (l->x1 + b->x0) / 2 : b->x0 - (b->x1 - b->x0);
            double hi = n ? (b->x1 + n->x0) / 2 : b->x1 + (b->x1 - b->x0);
            g_array_append_val(out->lo, lo);
            g_array_append_val(out->hi, hi);
        }
        ok = row_fits(r, out, TRUE);
        if (!ok)
            columns_clear(out);
    }
    g_ptr_array_free(leaves, TRUE);
    return ok;
}

static void flush_block(GPtrArray *block, GPtrArray *lines, guint first_row, guint end,
                        const nb_page_text *p, gboolean *used, gboolean blanks, GPtrArray *out)
{
    guint from, to;
    block_extent(block, lines, first_row, end, &from, &to);
    columns cols = {NULL, NULL};
    if (blanks)
        value_columns(block, NULL, TRUE, &cols);
    attach_fragments(block, lines, from, to, p->number, cols.lo != NULL);
    const row *lone = g_ptr_array_index(block, 0);
    columns by_header = {NULL, NULL};
    if (blanks && block->len == 1 && !lone->labels->len && !lone->pieces->len &&
        header_columns(block, lines, first_row, p->number, &by_header)) {
        columns_clear(&cols);
        cols = by_header;
    }
    const row *r0 = g_ptr_array_index(block, 0);
    glong label_chars = 0;
    for (guint k = 0; k < r0->labels->len; k++)
        label_chars += g_utf8_strlen(((chunk *)g_ptr_array_index(r0->labels, k))->text, -1);
    if (block->len >= 2 || (r0->labels->len > 0 && label_chars <= LONE_LABEL_CHARS) ||
        r0->values->len >= 3) {
        nb_pdf_table *t = table_from_rows(block, &cols, p->number);
        mark_used(p, used, &t->box);
        g_ptr_array_add(out, t);
    }
    columns_clear(&cols);
    g_ptr_array_set_size(block, 0);
}

GPtrArray *nb_pdf_tables_unruled(const nb_page_text *p, gboolean *used)
{
    return nb_pdf_tables_unruled_blanks(p, used, FALSE);
}

GPtrArray *nb_pdf_tables_unruled_blanks(const nb_page_text *p, gboolean *used, gboolean blanks)
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
        if (block_ends(block, l, r, prev_bottom, blanks))
            flush_block(block, lines, block_first_line, i, p, used, blanks, out);
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
