/* ctest-labels: ocr */
/* test_scan_page.c — page preparation: red seal ink dropped out of a colour
 * page (ink.h), black print kept, also where the seal covers it; marks in
 * the margins left out of the ink outside the tables. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "extract/ink.h"
#include "extract/ocr/scan_page.h"

#include <leptonica/allheaders.h>

/* The ink pixels of `p` inside the box (x, y, w, h). */
static int ink_in(const nb_scan_page *p, int x, int y, int w, int h)
{
    BOX *b = boxCreate(x, y, w, h);
    PIX *part = pixClipRectangle(p->ink, b, NULL);
    l_int32 n = 0;
    pixCountPixels(part, &n, NULL);
    pixDestroy(&part);
    boxDestroy(&b);
    return n;
}

static void test_ink_gray(void **state)
{
    (void)state;
    assert_int_equal(nb_ink_gray(0, 0, 0), 0);         /* black print */
    assert_int_equal(nb_ink_gray(255, 255, 255), 255); /* paper */
    assert_int_equal(nb_ink_gray(230, 60, 64), 230);   /* seal ink: its red channel */
    assert_true(nb_ink_gray(60, 20, 20) < 80);         /* black under the seal stays dark */
    assert_int_equal(nb_ink_gray(20, 20, 160), (299 * 20 + 587 * 20 + 114 * 160) / 1000); /* blue ink */
    unsigned edge = nb_ink_gray(200, 150, 150); /* a blurred seal edge: between luma and red */
    assert_true(edge > (299 * 200 + 587 * 150 + 114 * 150) / 1000 && edge < 200);
}

/* A colour page: a black bar and a red disc over its right half (the seal
 * half transparent over print).  The disc leaves no ink; the bar keeps
 * its ink under the disc too. */
static void test_red_seal_dropped(void **state)
{
    (void)state;
    PIX *page = pixCreate(1200, 1600, 32);
    pixSetAllArbitrary(page, 0xffffff00);
    BOX *bar = boxCreate(200, 700, 800, 40);
    pixSetInRectArbitrary(page, bar, 0x18181800);
    boxDestroy(&bar);
    for (int y = 500; y < 1000; y++)
        for (int x = 500; x < 1000; x++) {
            if ((x - 750) * (x - 750) + (y - 750) * (y - 750) > 250 * 250)
                continue;
            l_uint32 px = 0;
            pixGetPixel(page, x, y, &px);
            gboolean print = (px >> 8) == 0x181818;
            pixSetPixel(page, x, y, print ? 0x30101000 : 0xe6403c00);
        }
    const char *why = NULL;
    nb_scan_page *p = nb_scan_page_new(page, 1.0, &why);
    assert_non_null(p);
    assert_int_equal(p->angle_deg, 0);
    assert_int_equal(ink_in(p, 520, 520, 200, 150), 0);  /* the disc above the bar */
    assert_int_equal(ink_in(p, 600, 800, 300, 150), 0);  /* and below it */
    assert_true(ink_in(p, 250, 705, 200, 30) > 5000);    /* the bar outside the disc */
    assert_true(ink_in(p, 650, 705, 200, 30) > 5000);    /* and under it */
    nb_scan_page_free(p);
    pixDestroy(&page);
}

/* The ink pixels of a 1-bpp image inside the box (x, y, w, h). */
static int pixels_in(PIX *ink, int x, int y, int w, int h)
{
    BOX *b = boxCreate(x, y, w, h);
    PIX *part = pixClipRectangle(ink, b, NULL);
    l_int32 n = 0;
    pixCountPixels(part, &n, NULL);
    pixDestroy(&part);
    boxDestroy(&b);
    return n;
}

/* A line of "glyphs" (blocks 20 px wide, 6 px apart) from x0 to x1 at y. */
static void glyph_line(PIX *page, int x0, int x1, int y)
{
    for (int x = x0; x + 20 <= x1; x += 26) {
        BOX *g = boxCreate(x, y, 20, 24);
        pixSetInRectArbitrary(page, g, 0);
        boxDestroy(&g);
    }
}

/* A tick in the right margin, beside a heading of a page of body text, is
 * not ink of the page's text; the number columns of a table without
 * rulings on a page with no body text stay, and so does a tall mark. */
static void test_margin_marks_left_out(void **state)
{
    (void)state;
    PIX *page = pixCreate(1200, 1600, 8);
    pixSetAllArbitrary(page, 255);
    for (int y = 300; y < 900; y += 50)
        glyph_line(page, 150, y == 700 ? 500 : 1050, y); /* the heading at 700 is short */
    BOX *tick = boxCreate(1100, 690, 30, 45);
    pixSetInRectArbitrary(page, tick, 0);
    boxDestroy(&tick);
    BOX *rule = boxCreate(30, 300, 8, 400); /* a tall mark: a margin rule */
    pixSetInRectArbitrary(page, rule, 0);
    boxDestroy(&rule);
    const char *why = NULL;
    nb_scan_page *p = nb_scan_page_new(page, 1.0, &why);
    assert_non_null(p);
    assert_true(ink_in(p, 1095, 685, 40, 55) > 500); /* the tick is ink of the page */
    PIX *ink = nb_scan_ink_outside(p, NULL, 0);
    assert_int_equal(pixels_in(ink, 1095, 685, 40, 55), 0); /* not of its text */
    assert_true(pixels_in(ink, 150, 700, 350, 24) > 3000);  /* the heading is */
    assert_true(pixels_in(ink, 28, 300, 12, 400) > 2000);   /* the tall mark stays */
    pixDestroy(&ink);
    nb_scan_page_free(p);
    pixDestroy(&page);

    /* no body text: labels and three number columns, the last far right */
    page = pixCreate(1200, 1600, 8);
    pixSetAllArbitrary(page, 255);
    for (int y = 300; y < 600; y += 50) {
        glyph_line(page, 150, 400, y);
        glyph_line(page, 600, 650, y);
        glyph_line(page, 800, 850, y);
        glyph_line(page, 1100, 1150, y);
    }
    p = nb_scan_page_new(page, 1.0, &why);
    assert_non_null(p);
    ink = nb_scan_ink_outside(p, NULL, 0);
    assert_true(pixels_in(ink, 1095, 295, 60, 300) > 2000);
    pixDestroy(&ink);
    nb_scan_page_free(p);
    pixDestroy(&page);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ink_gray),
        cmocka_unit_test(test_red_seal_dropped),
        cmocka_unit_test(test_margin_marks_left_out),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
