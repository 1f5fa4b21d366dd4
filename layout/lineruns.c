/* lineruns.c — see lineruns.h. */
#include "layout/lineruns.h"

#include <leptonica/allheaders.h>

/* A run of ink: `line` is the row (horizontal runs) or column (vertical
 * runs), [from, to] the pixels along it, `first` its first pixel in raster
 * order (y * width + x). */
typedef struct {
    int line, from, to;
    gint64 first;
} run;

/* Index of the first pixel at or after `x` in the 1-bpp row `row` (width
 * `w`) whose bit is `want`; `w` when there is none. */
static int next_bit(const l_uint32 *row, int x, int w, gboolean want)
{
    while (x < w) {
        l_uint32 word = want ? row[x >> 5] : ~row[x >> 5];
        word &= 0xFFFFFFFFu >> (x & 31);
        if (word)
            return MIN(w, (x & ~31) + __builtin_clz(word));
        x = (x & ~31) + 32;
    }
    return w;
}

/* Horizontal runs at least `len` long, row by row, left to right. */
static GArray *row_runs(PIX *bin, int len)
{
    GArray *runs = g_array_new(FALSE, FALSE, sizeof(run));
    int w = pixGetWidth(bin), h = pixGetHeight(bin), wpl = pixGetWpl(bin);
    const l_uint32 *data = pixGetData(bin);
    for (int y = 0; y < h; y++) {
        const l_uint32 *row = data + (gsize)y * wpl;
        for (int x = next_bit(row, 0, w, TRUE); x < w; x = next_bit(row, x, w, TRUE)) {
            int end = next_bit(row, x, w, FALSE);
            if (end - x >= len) {
                run r = {y, x, end - 1, (gint64)y * w + x};
                g_array_append_val(runs, r);
            }
            x = end;
        }
    }
    return runs;
}

static int run_cmp(gconstpointer a, gconstpointer b)
{
    const run *x = a, *y = b;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return (x->from > y->from) - (x->from < y->from);
}

/* Vertical runs at least `len` long, column by column, top to bottom: the
 * image is read row by row and only where a column starts or stops being
 * ink is anything done. */
static GArray *column_runs(PIX *bin, int len)
{
    GArray *runs = g_array_new(FALSE, FALSE, sizeof(run));
    int w = pixGetWidth(bin), h = pixGetHeight(bin), wpl = pixGetWpl(bin);
    const l_uint32 *data = pixGetData(bin);
    int *start = g_new0(int, (gsize)wpl * 32);
    for (int y = 0; y <= h; y++) {
        const l_uint32 *row = y < h ? data + (gsize)y * wpl : NULL;
        const l_uint32 *prev = y > 0 ? data + (gsize)(y - 1) * wpl : NULL;
        for (int i = 0; i < wpl; i++) {
            l_uint32 cur = row ? row[i] : 0, before = prev ? prev[i] : 0;
            for (l_uint32 ends = before & ~cur; ends; ends &= ends - 1) {
                /* lowest set bit first: right to left; runs are sorted below */
                int x = i * 32 + 31 - __builtin_ctz(ends);
                if (y - start[x] >= len) {
                    run r = {x, start[x], y - 1, (gint64)start[x] * w + x};
                    g_array_append_val(runs, r);
                }
            }
            for (l_uint32 starts = cur & ~before; starts; starts &= starts - 1)
                start[i * 32 + 31 - __builtin_ctz(starts)] = y;
        }
    }
    g_free(start);
    g_array_sort(runs, run_cmp);
    return runs;
}

static guint uf_root(guint *parent, guint i)
{
    while (parent[i] != i)
        i = parent[i] = parent[parent[i]];
    return i;
}

/* Joins the runs of neighbouring lines that touch, diagonals included
 * (8-connectivity).  `runs` is sorted by line, then start. */
static void join_touching(GArray *runs, guint *parent)
{
    const run *r = (const run *)runs->data;
    guint n = runs->len, a = 0;
    while (a < n) {
        guint a_end = a;
        while (a_end < n && r[a_end].line == r[a].line)
            a_end++;
        guint b = a_end, b_end = b;
        while (b_end < n && r[b_end].line == r[a].line + 1)
            b_end++;
        for (guint i = a, j = b; i < a_end && j < b_end;) {
            if (r[j].from <= r[i].to + 1 && r[i].from <= r[j].to + 1) {
                guint x = uf_root(parent, i), y = uf_root(parent, j);
                if (x != y)
                    parent[MAX(x, y)] = MIN(x, y);
            }
            if (r[i].to < r[j].to)
                i++;
            else
                j++;
        }
        a = a_end;
    }
}

typedef struct {
    nb_line_comp c;
    gint64 first;
} keyed_comp;

static int keyed_cmp(gconstpointer a, gconstpointer b)
{
    const keyed_comp *x = a, *y = b;
    return (x->first > y->first) - (x->first < y->first);
}

/* One component per root: box, pixel count and first pixel. */
static GArray *components(GArray *runs, guint *parent, gboolean horizontal)
{
    GArray *keyed = g_array_new(FALSE, FALSE, sizeof(keyed_comp));
    int *slot = g_new(int, MAX(runs->len, 1));
    for (guint i = 0; i < runs->len; i++) {
        const run *r = &g_array_index(runs, run, i);
        int x0 = horizontal ? r->from : r->line, x1 = horizontal ? r->to : r->line;
        int y0 = horizontal ? r->line : r->from, y1 = horizontal ? r->line : r->to;
        guint root = uf_root(parent, i);
        if (root == i) {
            slot[i] = (int)keyed->len;
            keyed_comp k = {{x0, y0, x1 - x0 + 1, y1 - y0 + 1, 0}, r->first};
            g_array_append_val(keyed, k);
        }
        keyed_comp *k = &g_array_index(keyed, keyed_comp, slot[root]);
        int kx1 = MAX(k->c.x + k->c.w - 1, x1), ky1 = MAX(k->c.y + k->c.h - 1, y1);
        k->c.x = MIN(k->c.x, x0);
        k->c.y = MIN(k->c.y, y0);
        k->c.w = kx1 - k->c.x + 1;
        k->c.h = ky1 - k->c.y + 1;
        k->c.count += r->to - r->from + 1;
        k->first = MIN(k->first, r->first);
    }
    g_free(slot);
    g_array_sort(keyed, keyed_cmp);
    GArray *out = g_array_sized_new(FALSE, FALSE, sizeof(nb_line_comp), keyed->len);
    for (guint i = 0; i < keyed->len; i++)
        g_array_append_val(out, g_array_index(keyed, keyed_comp, i).c);
    g_array_free(keyed, TRUE);
    return out;
}

GArray *nb_line_components(struct Pix *bin, gboolean horizontal, int len)
{
    if (!bin || pixGetDepth(bin) != 1 || len < 1)
        return NULL;
    GArray *runs = horizontal ? row_runs(bin, len) : column_runs(bin, len);
    guint *parent = g_new(guint, MAX(runs->len, 1));
    for (guint i = 0; i < runs->len; i++)
        parent[i] = i;
    join_touching(runs, parent);
    GArray *out = components(runs, parent, horizontal);
    g_free(parent);
    g_array_free(runs, TRUE);
    return out;
}
