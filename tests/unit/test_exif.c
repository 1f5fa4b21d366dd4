/* test_exif.c — a phone photo's EXIF orientation (extract/exif.h): found
 * in little- and big-endian EXIF blocks, 1 for no or broken EXIF data
 * (never read past the end), and the page turned upright by it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "extract/exif.h"

#include <leptonica/allheaders.h>
#include <string.h>

/* A 60 x 40 gray JPEG, black in its top-left 10 x 10 corner, with an APP1
 * Exif segment holding IFD0 { Orientation = `orientation` } in the byte
 * order `le` says, inserted after SOI. */
static GByteArray *jpeg_with_orientation(int orientation, gboolean le)
{
    PIX *pix = pixCreate(60, 40, 8);
    pixSetAllArbitrary(pix, 255);
    BOX *corner = boxCreate(0, 0, 10, 10);
    pixSetInRectArbitrary(pix, corner, 0);
    boxDestroy(&corner);
    l_uint8 *jpeg = NULL;
    size_t size = 0;
    assert_int_equal(pixWriteMemJpeg(&jpeg, &size, pix, 90, 0), 0);
    pixDestroy(&pix);
    guchar tiff[26];
    memcpy(tiff, le ? "II*\0\x08\0\0\0" : "MM\0*\0\0\0\x08", 8);
    guchar entry_le[] = {1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, (guchar)orientation, 0, 0, 0};
    guchar entry_be[] = {0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (guchar)orientation, 0, 0};
    memcpy(tiff + 8, le ? entry_le : entry_be, 14); /* count, then one 12-byte entry */
    memset(tiff + 22, 0, 4);                        /* no next IFD */
    GByteArray *b = g_byte_array_new();
    g_byte_array_append(b, jpeg, 2);
    guint seg = 2 + 6 + sizeof tiff;
    guchar head[] = {0xFF, 0xE1, (guchar)(seg >> 8), (guchar)seg, 'E', 'x', 'i', 'f', 0, 0};
    g_byte_array_append(b, head, sizeof head);
    g_byte_array_append(b, tiff, sizeof tiff);
    g_byte_array_append(b, jpeg + 2, (guint)size - 2);
    lept_free(jpeg);
    return b;
}

static void test_orientation_found(void **state)
{
    (void)state;
    for (int o = 1; o <= 8; o++) {
        GByteArray *le = jpeg_with_orientation(o, TRUE), *be = jpeg_with_orientation(o, FALSE);
        assert_int_equal(nb_exif_orientation(le->data, le->len), o);
        assert_int_equal(nb_exif_orientation(be->data, be->len), o);
        g_byte_array_free(le, TRUE);
        g_byte_array_free(be, TRUE);
    }
}

/* No EXIF, not a JPEG, an out-of-range value, every cut of the segment. */
static void test_orientation_absent_or_broken(void **state)
{
    (void)state;
    GByteArray *b = jpeg_with_orientation(9, TRUE);
    assert_int_equal(nb_exif_orientation(b->data, b->len), 1);
    static const guchar png[] = {0x89, 'P', 'N', 'G', 13, 10, 26, 10};
    assert_int_equal(nb_exif_orientation(png, sizeof png), 1);
    g_byte_array_free(b, TRUE);
    b = jpeg_with_orientation(6, TRUE);
    for (gsize cut = 0; cut < 2 + 10 + 26; cut++) {
        guchar *part = g_memdup2(b->data, cut);
        assert_int_equal(nb_exif_orientation(part, cut), 1);
        g_free(part);
    }
    g_byte_array_free(b, TRUE);
}

/* Orientation 6 (shot with the phone turned): turned 90 degrees clockwise,
 * the black corner moves from top left to top right; 8 to bottom left. */
static void test_upright(void **state)
{
    (void)state;
    GByteArray *b = jpeg_with_orientation(6, TRUE);
    PIX *pix = pixReadMem(b->data, b->len);
    assert_non_null(pix);
    l_uint32 v = 0;
    PIX *up = nb_exif_upright(pix, nb_exif_orientation(b->data, b->len));
    assert_int_equal(pixGetWidth(up), 40);
    assert_int_equal(pixGetHeight(up), 60);
    pixGetPixel(up, 35, 4, &v);
    assert_true(v < 60);
    pixGetPixel(up, 4, 4, &v);
    assert_true(v > 200);
    pixDestroy(&up);
    up = nb_exif_upright(pix, 8);
    pixGetPixel(up, 4, 55, &v);
    assert_true(v < 60);
    pixDestroy(&up);
    up = nb_exif_upright(pix, 1);
    assert_int_equal(pixGetWidth(up), 60);
    pixDestroy(&up);
    pixDestroy(&pix);
    g_byte_array_free(b, TRUE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_orientation_found),
        cmocka_unit_test(test_orientation_absent_or_broken),
        cmocka_unit_test(test_upright),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
