/* test_rulings.c — rulings found on drawn images, and the cells they enclose. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "layout/lineruns.h"
#include "layout/rulings.h"

#include <leptonica/allheaders.h>
#include <math.h>

/* A white 8-bit page with black lines drawn on it. */
static PIX *blank_page(int w, int h)
{
    PIX *p = pixCreate(w, h, 8);
    pixSetAllArbitrary(p, 255);
    return p;
}

static void hline(PIX *p, int y, int x0, int x1, int thick)
{
    pixRenderLineArb(p, x0, y, x1, y, thick, 0, 0, 0);
}

static void vline(PIX *p, int x, int y0, int y1, int thick)
{
    pixRenderLineArb(p, x, y0, x, y1, thick, 0, 0, 0);
}

/* Converts to 32 bpp so that pixRenderLineArb can draw in black. */
static PIX *rgb_page(int w, int h)
{
    PIX *g = blank_page(w, h);
    PIX *c = pixConvertTo32(g);
    pixDestroy(&g);
    return c;
}

static const nb_ruled_cell *cell_at(const nb_ruled_table *t, int row, int col)
{
    for (guint i = 0; i < t->cells->len; i++) {
        const nb_ruled_cell *c = &g_array_index(t->cells, nb_ruled_cell, i);
        if (c->row == row && c->col == col)
            return c;
    }
    return NULL;
}

/* A 3x3 grid whose top-left cell spans two rows (the boundary under it is
 * not drawn) and whose middle row's last two cells are one (no line). */
static void test_spans(void **state)
{
    (void)state;
    PIX *p = rgb_page(400, 300);
    int xs[] = {20, 120, 220, 380}, ys[] = {30, 100, 170, 260};
    hline(p, ys[0], xs[0], xs[3], 1);
    hline(p, ys[3], xs[0], xs[3], 1);
    hline(p, ys[1], xs[1], xs[3], 1); /* not under the first column */
    hline(p, ys[2], xs[0], xs[3], 1);
    vline(p, xs[0], ys[0], ys[3], 1);
    vline(p, xs[1], ys[0], ys[3], 1);
    vline(p, xs[2], ys[0], ys[1], 1); /* missing in row 1 */
    vline(p, xs[2], ys[2], ys[3], 1);
    vline(p, xs[3], ys[0], ys[3], 1);
    nb_rulings *r = nb_rulings_find(p, 0.5, 20);
    assert_non_null(r);
    assert_int_equal(r->h->len, 4);
    assert_int_equal(r->v->len, 5);
    /* page units are half pixels: the first vertical line is at x = 10 */
    assert_true(fabs(g_array_index(r->v, nb_segment, 0).pos - 10.25) < 1.0);
    GPtrArray *tables = nb_ruled_tables(r, 3.0);
    assert_int_equal(tables->len, 1);
    const nb_ruled_table *t = g_ptr_array_index(tables, 0);
    assert_int_equal(t->row_edges->len, 4);
    assert_int_equal(t->col_edges->len, 4);
    const nb_ruled_cell *a = cell_at(t, 0, 0);
    assert_non_null(a);
    assert_int_equal(a->rowspan, 2);
    assert_int_equal(a->colspan, 1);
    const nb_ruled_cell *b = cell_at(t, 1, 1);
    assert_non_null(b);
    assert_int_equal(b->colspan, 2);
    assert_int_equal(b->rowspan, 1);
    assert_null(cell_at(t, 1, 0)); /* covered by the span */
    assert_null(cell_at(t, 1, 2));
    assert_int_equal(t->cells->len, 7);
    assert_true(fabs(t->box.y1 - 130) < 1.5);
    g_ptr_array_free(tables, TRUE);
    nb_rulings_free(r);
    pixDestroy(&p);
}

/* Short marks that cross nothing are not a table; two separate tables are
 * returned top to bottom. */
static void test_two_tables_and_noise(void **state)
{
    (void)state;
    PIX *p = rgb_page(500, 600);
    /* lower table first, so that sorting is exercised */
    for (int y = 350; y <= 550; y += 50)
        hline(p, y, 50, 450, 2);
    vline(p, 50, 350, 550, 2);
    vline(p, 450, 350, 550, 2);
    for (int y = 40; y <= 140; y += 50)
        hline(p, y, 60, 300, 1);
    vline(p, 60, 40, 140, 1);
    vline(p, 180, 40, 140, 1);
    vline(p, 300, 40, 140, 1);
    hline(p, 250, 100, 200, 1); /* a lone underline */
    nb_rulings *r = nb_rulings_find(p, 1.0, 15);
    GPtrArray *tables = nb_ruled_tables(r, 3.0);
    assert_int_equal(tables->len, 2);
    const nb_ruled_table *top = g_ptr_array_index(tables, 0);
    const nb_ruled_table *low = g_ptr_array_index(tables, 1);
    assert_true(top->box.y0 < 50 && low->box.y0 > 340);
    assert_int_equal(top->col_edges->len, 3);
    assert_int_equal(low->row_edges->len, 5);
    assert_int_equal(low->cells->len, 4);
    g_ptr_array_free(tables, TRUE);
    nb_rulings_free(r);
    pixDestroy(&p);
}

/* A filled block is not a line; a slightly rotated thick line still is. */
static void test_blocks_and_slope(void **state)
{
    (void)state;
    PIX *p = rgb_page(600, 400);
    BOX *b = boxCreate(100, 50, 300, 60);
    pixRenderBoxArb(p, b, 30, 0, 0, 0);
    boxDestroy(&b);
    pixRenderLineArb(p, 20, 250, 580, 262, 4, 0, 0, 0);
    nb_rulings *r = nb_rulings_find(p, 1.0, 40);
    guint thin = 0;
    for (guint i = 0; i < r->h->len; i++) {
        const nb_segment *s = &g_array_index(r->h, nb_segment, i);
        if (s->pos > 240 && s->pos < 275 && s->to - s->from > 500)
            thin++;
        assert_false(s->pos > 60 && s->pos < 100); /* the inside of the block */
    }
    assert_int_equal(thin, 1);
    nb_rulings_free(r);
    pixDestroy(&p);
}

/* A table without outer vertical borders still gets its outer columns. */
static void test_open_sides(void **state)
{
    (void)state;
    PIX *p = rgb_page(400, 200);
    for (int y = 20; y <= 180; y += 40)
        hline(p, y, 10, 390, 1);
    vline(p, 200, 20, 180, 1);
    vline(p, 300, 20, 180, 1);
    nb_rulings *r = nb_rulings_find(p, 1.0, 20);
    GPtrArray *tables = nb_ruled_tables(r, 3.0);
    assert_int_equal(tables->len, 1);
    const nb_ruled_table *t = g_ptr_array_index(tables, 0);
    assert_int_equal(t->col_edges->len, 4);
    assert_int_equal(t->cells->len, 12);
    assert_true(g_array_index(t->col_edges, double, 0) < 15);
    g_ptr_array_free(tables, TRUE);
    nb_rulings_free(r);
    pixDestroy(&p);
}

static void test_null_safe(void **state)
{
    (void)state;
    nb_rulings_free(NULL);
    nb_ruled_table_free(NULL);
    assert_null(nb_rulings_find(NULL, 1.0, 10));
    GPtrArray *t = nb_ruled_tables(NULL, 2.0);
    assert_int_equal(t->len, 0);
    g_ptr_array_free(t, TRUE);
}

/* nb_line_components against what it stands for: Leptonica's opening with
 * a 1 x len / len x 1 brick, its 8-connected components and their pixel
 * counts (boxes, counts and order), on images with noise, dense ink and
 * lines of several thicknesses touching the borders. */
static int lept_mismatches(PIX *bin, gboolean horizontal, int len)
{
    PIX *open = horizontal ? pixOpenBrick(NULL, bin, len, 1) : pixOpenBrick(NULL, bin, 1, len);
    PIXA *pixa = NULL;
    BOXA *boxa = pixConnComp(open, &pixa, 8);
    int n = boxa ? boxaGetCount(boxa) : 0;
    GArray *c = nb_line_components(bin, horizontal, len);
    int bad = c->len == (guint)n ? 0 : 1;
    for (int i = 0; !bad && i < n; i++) {
        l_int32 x, y, w, h, count = 0;
        boxaGetBoxGeometry(boxa, i, &x, &y, &w, &h);
        PIX *comp = pixaGetPix(pixa, i, L_CLONE);
        pixCountPixels(comp, &count, NULL);
        pixDestroy(&comp);
        const nb_line_comp *k = &g_array_index(c, nb_line_comp, i);
        bad += k->x != x || k->y != y || k->w != w || k->h != h || k->count != count;
    }
    g_array_free(c, TRUE);
    boxaDestroy(&boxa);
    pixaDestroy(&pixa);
    pixDestroy(&open);
    return bad;
}

static void test_line_components_match_leptonica(void **state)
{
    (void)state;
    GRand *rng = g_rand_new_with_seed(21);
    int cases = 0, bad = 0, comps = 0;
    for (int t = 0; t < 300; t++) {
        int w = g_rand_int_range(rng, 1, 130), h = g_rand_int_range(rng, 1, 90);
        int len = g_rand_int_range(rng, 1, 15), mode = t % 3;
        PIX *b = pixCreate(w, h, 1);
        for (int y = 0; mode < 2 && y < h; y++)
            for (int x = 0; x < w; x++)
                if (g_rand_int_range(rng, 0, 10) < (mode == 0 ? 5 : 8))
                    pixSetPixel(b, x, y, 1);
        for (int k = 0; mode == 2 && k < 12; k++) { /* lines, 1-3 px thick, some cut by a border */
            gboolean hor = g_rand_boolean(rng);
            int at = g_rand_int_range(rng, 0, hor ? h : w), from = g_rand_int_range(rng, 0, hor ? w : h);
            int n = g_rand_int_range(rng, 0, 60), thick = g_rand_int_range(rng, 1, 4);
            for (int q = 0; q < n; q++)
                for (int s2 = 0; s2 < thick; s2++) {
                    int x = hor ? from + q : at + s2, y = hor ? at + s2 : from + q;
                    if (x < w && y < h)
                        pixSetPixel(b, x, y, 1);
                }
        }
        for (int dir = 0; dir < 2; dir++) {
            bad += lept_mismatches(b, dir == 0, len);
            GArray *c = nb_line_components(b, dir == 0, len);
            comps += (int)c->len;
            g_array_free(c, TRUE);
            cases++;
        }
        pixDestroy(&b);
    }
    g_rand_free(rng);
    assert_int_equal(cases, 600);
    assert_true(comps > 1000); /* the images did have lines to find */
    assert_int_equal(bad, 0);
    PIX *gray = pixCreate(8, 8, 8);
    assert_null(nb_line_components(gray, TRUE, 4)); /* 1 bpp only */
    assert_null(nb_line_components(NULL, TRUE, 4));
    pixDestroy(&gray);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spans),
        cmocka_unit_test(test_two_tables_and_noise),
        cmocka_unit_test(test_blocks_and_slope),
        cmocka_unit_test(test_open_sides),
        cmocka_unit_test(test_null_safe),
        cmocka_unit_test(test_line_components_match_leptonica),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
