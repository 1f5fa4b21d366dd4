/*
 * rulings.c — see rulings.h.
 *
 * Lines are found on the binarised image: it is opened with a long thin
 * structuring element (text strokes are short, rulings are long), and every
 * surviving connected component whose mean thickness is small becomes a
 * segment.  The opening and the components are computed from the image's
 * runs (layout/lineruns.c: the same result as Leptonica's pixOpenBrick and
 * pixConnComp, a fraction of their time on a page that is mostly paper).  Mean thickness (pixels / length) rather than the bounding box
 * height is used so that a slightly rotated scan line, whose box is a tall
 * staircase, still counts as a line while a filled block does not.
 *
 * Tables are the connected groups of crossing segments; their row and column
 * boundaries are the clustered segment positions, and a cell grows over any
 * boundary that has no drawn segment (a spanning cell).
 */
#include "layout/rulings.h"
#include "layout/lineruns.h"

#include <leptonica/allheaders.h>
#include <math.h>

/* Gray level below which a pixel is ink.  High enough that a thin
 * anti-aliased ruling rendered at 72 dpi (grey ~190) is ink, low enough that
 * light cell shading (#D9D9D9 and lighter) is not. */
#define INK_THRESHOLD 200

/* Collinear pieces closer than this (pixels) are one line: anti-aliasing and
 * scan noise break lines into pieces. */
#define JOIN_GAP_PX 3.0

/* A boundary counts as drawn where segments cover at least this share of it. */
#define MIN_COVER 0.5

void nb_rulings_free(nb_rulings *r)
{
    if (!r)
        return;
    g_array_free(r->h, TRUE);
    g_array_free(r->v, TRUE);
    g_free(r);
}

void nb_ruled_table_free(gpointer p)
{
    nb_ruled_table *t = p;
    if (!t)
        return;
    g_array_free(t->row_edges, TRUE);
    g_array_free(t->col_edges, TRUE);
    g_array_free(t->cells, TRUE);
    g_free(t);
}

/* ---- finding segments ---- */

/* Returns a new 1-bpp image of the ink of `pix`, or NULL. */
static PIX *binarise(PIX *pix)
{
    if (pixGetDepth(pix) == 1)
        return pixClone(pix);
    PIX *gray = pixConvertTo8(pix, 0);
    if (!gray)
        return NULL;
    PIX *bin = pixThresholdToBinary(gray, INK_THRESHOLD);
    pixDestroy(&gray);
    return bin;
}

static int segment_cmp(gconstpointer a, gconstpointer b)
{
    const nb_segment *x = a, *y = b;
    if (x->pos != y->pos)
        return x->pos < y->pos ? -1 : 1;
    return (x->from > y->from) - (x->from < y->from);
}

/* Merges pieces of one line: same position (within `pos_tol`) and touching
 * or nearly touching extents.  `segs` must be sorted by position. */
static void join_collinear(GArray *segs, double pos_tol, double gap)
{
    gboolean changed = TRUE;
    while (changed) {
        changed = FALSE;
        for (guint i = 0; i < segs->len; i++) {
            nb_segment *a = &g_array_index(segs, nb_segment, i);
            for (guint j = i + 1; j < segs->len; j++) {
                nb_segment *b = &g_array_index(segs, nb_segment, j);
                if (b->pos - a->pos > pos_tol)
                    break;
                if (b->from > a->to + gap || a->from > b->to + gap)
                    continue;
                double la = a->to - a->from, lb = b->to - b->from;
                a->pos = (a->pos * la + b->pos * lb) / MAX(la + lb, 1e-9);
                a->from = MIN(a->from, b->from);
                a->to = MAX(a->to, b->to);
                g_array_remove_index(segs, j);
                changed = TRUE;
                break;
            }
        }
    }
    g_array_sort(segs, segment_cmp);
}

/* Finds the lines of one direction in the binary image `bin`: the
 * components of its runs at least min_len_px long (an opening with a long
 * thin brick, layout/lineruns.h) that are thin for their length.
 * `horizontal` chooses the direction; lengths are in pixels here. */
static GArray *find_direction(PIX *bin, gboolean horizontal, int min_len_px, double max_thick,
                              double scale)
{
    GArray *out = g_array_new(FALSE, FALSE, sizeof(nb_segment));
    GArray *comps = nb_line_components(bin, horizontal, min_len_px);
    for (guint i = 0; comps && i < comps->len; i++) {
        const nb_line_comp *c = &g_array_index(comps, nb_line_comp, i);
        double len = horizontal ? c->w : c->h;
        if (len < min_len_px || c->count / len > max_thick)
            continue;
        nb_segment s;
        if (horizontal)
            s = (nb_segment){(c->y + c->h / 2.0) * scale, c->x * scale, (c->x + c->w) * scale};
        else
            s = (nb_segment){(c->x + c->w / 2.0) * scale, c->y * scale, (c->y + c->h) * scale};
        g_array_append_val(out, s);
    }
    if (comps)
        g_array_free(comps, TRUE);
    g_array_sort(out, segment_cmp);
    join_collinear(out, 2.0 * scale, JOIN_GAP_PX * scale);
    return out;
}

nb_rulings *nb_rulings_find(struct Pix *pix, double scale, double min_len)
{
    if (!pix || scale <= 0)
        return NULL;
    PIX *bin = binarise(pix);
    if (!bin)
        return NULL;
    int min_px = MAX(4, (int)lround(min_len / scale));
    /* a ruling is at most ~2.5 pt thick at 72 dpi; scans get proportionally
     * thicker lines, so the limit also grows with the image width */
    double max_thick = MAX(3.0, pixGetWidth(bin) / 150.0);
    nb_rulings *r = g_new0(nb_rulings, 1);
    r->h = find_direction(bin, TRUE, min_px, max_thick, scale);
    r->v = find_direction(bin, FALSE, min_px, max_thick, scale);
    pixDestroy(&bin);
    return r;
}

/* ---- grouping into tables ---- */

static gboolean crosses(const nb_segment *h, const nb_segment *v, double tol)
{
    return v->pos >= h->from - tol && v->pos <= h->to + tol && h->pos >= v->from - tol &&
           h->pos <= v->to + tol;
}

static guint uf_find(guint *parent, guint i)
{
    while (parent[i] != i)
        i = parent[i] = parent[parent[i]];
    return i;
}

static int double_cmp(gconstpointer a, gconstpointer b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Sorted, de-duplicated positions: values closer than `tol` become their mean. */
static GArray *cluster_positions(GArray *vals, double tol)
{
    g_array_sort(vals, double_cmp);
    GArray *out = g_array_new(FALSE, FALSE, sizeof(double));
    const double *v = (const double *)vals->data;
    guint n = vals->len;
    for (guint i = 0; i < n;) {
        double sum = 0;
        guint j = i;
        while (j < n && v[j] - v[i] <= tol)
            sum += v[j++];
        double mean = sum / (j - i);
        g_array_append_val(out, mean);
        i = j;
    }
    return out;
}

/* Share of [a, b] covered by segments of `segs` lying at `pos` (within tol). */
static double coverage(GPtrArray *segs, double pos, double a, double b, double tol)
{
    if (b <= a)
        return 1;
    double covered = 0;
    for (guint i = 0; i < segs->len; i++) {
        const nb_segment *s = g_ptr_array_index(segs, i);
        if (fabs(s->pos - pos) > tol)
            continue;
        double lo = MAX(a, s->from), hi = MIN(b, s->to);
        if (hi > lo)
            covered += hi - lo;
    }
    return covered / (b - a);
}

typedef struct {
    GPtrArray *h, *v; /* nb_segment* borrowed from the rulings */
} seg_group;

static double edge(GArray *edges, int i) { return g_array_index(edges, double, i); }

/* Cells of the table: each unit grows right over undrawn vertical
 * boundaries, then down while the boundary below the whole span is undrawn
 * and no drawn vertical boundary cuts the new row inside the span. */
static void derive_cells(nb_ruled_table *t, seg_group *g, double tol)
{
    int rows = (int)t->row_edges->len - 1, cols = (int)t->col_edges->len - 1;
    gboolean *taken = g_new0(gboolean, (gsize)rows * cols);
#define V_DRAWN(r, c) /* boundary left of column c in row r */ \
    (coverage(g->v, edge(t->col_edges, c), edge(t->row_edges, r), edge(t->row_edges, (r) + 1), tol) >= MIN_COVER)
#define H_DRAWN(r, c) /* boundary above row r in column c */ \
    (coverage(g->h, edge(t->row_edges, r), edge(t->col_edges, c), edge(t->col_edges, (c) + 1), tol) >= MIN_COVER)
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < cols; c++) {
            if (taken[r * cols + c])
                continue;
            int cs = 1, rs = 1;
            while (c + cs < cols && !taken[r * cols + c + cs] && !V_DRAWN(r, c + cs))
                cs++;
            for (;;) {
                int nr = r + rs;
                if (nr >= rows)
                    break;
                gboolean open = TRUE;
                for (int k = c; k < c + cs && open; k++)
                    open = !taken[nr * cols + k] && !H_DRAWN(nr, k) && (k == c || !V_DRAWN(nr, k));
                if (!open)
                    break;
                rs++;
            }
            for (int rr = r; rr < r + rs; rr++)
                for (int k = c; k < c + cs; k++)
                    taken[rr * cols + k] = TRUE;
            nb_ruled_cell cell = {{edge(t->col_edges, c), edge(t->row_edges, r),
                                   edge(t->col_edges, c + cs), edge(t->row_edges, r + rs)},
                                  r, c, rs, cs};
            g_array_append_val(t->cells, cell);
        }
#undef V_DRAWN
#undef H_DRAWN
    g_free(taken);
}

/* Boundaries of one axis: the positions of the segments across it, plus the
 * far ends of the crossing segments when no line closes the table there
 * (tables drawn without outer borders). */
static GArray *axis_edges(GPtrArray *along, GPtrArray *across, double tol)
{
    GArray *vals = g_array_new(FALSE, FALSE, sizeof(double));
    double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;
    for (guint i = 0; i < along->len; i++)
        g_array_append_val(vals, ((nb_segment *)g_ptr_array_index(along, i))->pos);
    for (guint i = 0; i < across->len; i++) {
        const nb_segment *s = g_ptr_array_index(across, i);
        lo = MIN(lo, s->from);
        hi = MAX(hi, s->to);
    }
    GArray *edges = cluster_positions(vals, tol);
    g_array_free(vals, TRUE);
    if (edges->len && lo < edge(edges, 0) - 2 * tol)
        g_array_prepend_val(edges, lo);
    if (edges->len && hi > edge(edges, (int)edges->len - 1) + 2 * tol)
        g_array_append_val(edges, hi);
    return edges;
}

static nb_ruled_table *table_from_group(seg_group *g, double tol)
{
    nb_ruled_table *t = g_new0(nb_ruled_table, 1);
    t->row_edges = axis_edges(g->h, g->v, tol);
    t->col_edges = axis_edges(g->v, g->h, tol);
    t->cells = g_array_new(FALSE, FALSE, sizeof(nb_ruled_cell));
    if (t->row_edges->len < 2 || t->col_edges->len < 2) {
        nb_ruled_table_free(t);
        return NULL;
    }
    t->box = (nb_box){edge(t->col_edges, 0), edge(t->row_edges, 0),
                      edge(t->col_edges, (int)t->col_edges->len - 1),
                      edge(t->row_edges, (int)t->row_edges->len - 1)};
    derive_cells(t, g, tol);
    return t;
}

static int table_top_cmp(gconstpointer a, gconstpointer b)
{
    const nb_ruled_table *x = *(nb_ruled_table *const *)a, *y = *(nb_ruled_table *const *)b;
    return (x->box.y0 > y->box.y0) - (x->box.y0 < y->box.y0);
}

GPtrArray *nb_ruled_tables(const nb_rulings *r, double tolerance)
{
    GPtrArray *tables = g_ptr_array_new_with_free_func(nb_ruled_table_free);
    if (!r)
        return tables;
    guint nh = r->h->len, n = nh + r->v->len;
    guint *parent = g_new(guint, MAX(n, 1));
    for (guint i = 0; i < n; i++)
        parent[i] = i;
    for (guint i = 0; i < nh; i++)
        for (guint j = 0; j < r->v->len; j++)
            if (crosses(&g_array_index(r->h, nb_segment, i), &g_array_index(r->v, nb_segment, j),
                        tolerance))
                parent[uf_find(parent, i)] = uf_find(parent, nh + j);
    GHashTable *groups = g_hash_table_new(g_direct_hash, g_direct_equal);
    GPtrArray *order = g_ptr_array_new();
    for (guint i = 0; i < n; i++) {
        guint root = uf_find(parent, i);
        seg_group *g = g_hash_table_lookup(groups, GUINT_TO_POINTER(root));
        if (!g) {
            g = g_new0(seg_group, 1);
            g->h = g_ptr_array_new();
            g->v = g_ptr_array_new();
            g_hash_table_insert(groups, GUINT_TO_POINTER(root), g);
            g_ptr_array_add(order, g);
        }
        if (i < nh)
            g_ptr_array_add(g->h, &g_array_index(r->h, nb_segment, i));
        else
            g_ptr_array_add(g->v, &g_array_index(r->v, nb_segment, i - nh));
    }
    for (guint i = 0; i < order->len; i++) {
        seg_group *g = g_ptr_array_index(order, i);
        /* a table needs at least one closed cell: two lines each way */
        if (g->h->len >= 2 && g->v->len >= 2) {
            nb_ruled_table *t = table_from_group(g, tolerance);
            if (t)
                g_ptr_array_add(tables, t);
        }
        g_ptr_array_free(g->h, TRUE);
        g_ptr_array_free(g->v, TRUE);
        g_free(g);
    }
    g_ptr_array_free(order, TRUE);
    g_hash_table_destroy(groups);
    g_free(parent);
    g_ptr_array_sort(tables, table_top_cmp);
    return tables;
}
