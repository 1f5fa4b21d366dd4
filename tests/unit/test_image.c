/* ctest-labels: ocr */
/* test_image.c — the image reader's refusals: corrupt data, decompression
 * bombs, pixel and frame limits, all before any OCR work; and a blank page
 * read without tables or values. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "extract/reader.h"

#include <glib/gstdio.h>
#include <leptonica/allheaders.h>
#include <string.h>
#include <unistd.h>

static PIX *white(int w, int h)
{
    PIX *p = pixCreate(w, h, 8);
    pixSetAllArbitrary(p, 255);
    return p;
}

static GByteArray *png_bytes(PIX *pix)
{
    l_uint8 *data = NULL;
    size_t size = 0;
    assert_int_equal(pixWriteMemPng(&data, &size, pix, 0.0f), 0);
    GByteArray *b = g_byte_array_new();
    g_byte_array_append(b, data, (guint)size);
    lept_free(data);
    return b;
}

/* The CRC of PNG chunks (ISO 3309), so that a patched header stays valid. */
static guint32 png_crc(const guchar *p, gsize n)
{
    guint32 c = 0xffffffffu;
    for (gsize i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
    }
    return c ^ 0xffffffffu;
}

static void put_be32(guchar *p, guint32 v)
{
    p[0] = (guchar)(v >> 24), p[1] = (guchar)(v >> 16), p[2] = (guchar)(v >> 8), p[3] = (guchar)v;
}

static nb_limits limits(void)
{
    nb_limits l = nb_limits_default();
    l.started_us = g_get_monotonic_time();
    return l;
}

/* A 200-byte PNG whose header claims 60000 x 60000 pixels: refused from the
 * header, never decoded. */
static void test_bomb_refused_from_header(void **state)
{
    (void)state;
    PIX *p = white(16, 16);
    GByteArray *b = png_bytes(p);
    pixDestroy(&p);
    /* IHDR data starts at byte 16: width, height; CRC over type+data at 29 */
    put_be32(b->data + 16, 60000);
    put_be32(b->data + 20, 60000);
    put_be32(b->data + 29, png_crc(b->data + 12, 17));
    nb_limits lim = limits();
    nb_error err = {0};
    nb_doc *doc = nb_read_image(b->data, b->len, &lim, &err);
    assert_null(doc);
    assert_int_equal(err.cls, NB_ERR_LIMIT);
    assert_non_null(strstr(err.message, "60000"));
    assert_null(strchr(err.message, '\n'));
    nb_error_clear(&err);
    g_byte_array_free(b, TRUE);
}

static void test_pixel_limit(void **state)
{
    (void)state;
    PIX *p = white(120, 80);
    GByteArray *b = png_bytes(p);
    pixDestroy(&p);
    nb_limits lim = limits();
    lim.max_pixels = 120 * 80 - 1;
    nb_error err = {0};
    assert_null(nb_read_image(b->data, b->len, &lim, &err));
    assert_int_equal(err.cls, NB_ERR_LIMIT);
    nb_error_clear(&err);
    g_byte_array_free(b, TRUE);
}

static void test_corrupt_png(void **state)
{
    (void)state;
    PIX *p = white(64, 64);
    GByteArray *b = png_bytes(p);
    pixDestroy(&p);
    g_byte_array_set_size(b, 40); /* header intact, image data cut off */
    nb_limits lim = limits();
    nb_error err = {0};
    assert_null(nb_read_image(b->data, b->len, &lim, &err));
    assert_int_equal(err.cls, NB_ERR_FORMAT);
    nb_error_clear(&err);
    const guchar junk[] = "\x89PNG\r\n\x1a\n garbage that is no chunk at all";
    assert_null(nb_read_image(junk, sizeof junk - 1, &lim, &err));
    assert_int_equal(err.cls, NB_ERR_FORMAT);
    nb_error_clear(&err);
    g_byte_array_free(b, TRUE);
}

/* What libjpeg and libpng print on stderr for a damaged image is caught
 * and becomes part of the one-line error (the CLI adds nothing else). */
static void test_decoder_messages_caught(void **state)
{
    (void)state;
    PIX *p = white(64, 48);
    pixRenderLine(p, 4, 4, 60, 44, 3, L_CLEAR_PIXELS); /* data the JPEG coder must keep */
    l_uint8 *jpg = NULL;
    size_t size = 0;
    assert_int_equal(pixWriteMemJpeg(&jpg, &size, p, 75, 0), 0);
    nb_limits lim = limits();
    nb_error err = {0};
    assert_null(nb_read_image(jpg, size * 2 / 3, &lim, &err)); /* scan data cut short */
    assert_int_equal(err.cls, NB_ERR_FORMAT);
    assert_non_null(strstr(err.message, "JPEG"));
    assert_null(strchr(err.message, '\n'));
    nb_error_clear(&err);
    lept_free(jpg);
    GByteArray *b = png_bytes(p);
    pixDestroy(&p);
    /* the first IDAT's CRC broken: libpng's "IDAT: CRC error" */
    guchar *idat = (guchar *)memmem(b->data, b->len, "IDAT", 4);
    assert_non_null(idat);
    guint32 n = ((guint32)idat[-4] << 24) | ((guint32)idat[-3] << 16) | ((guint32)idat[-2] << 8) | idat[-1];
    idat[4 + n] ^= 0x55;
    assert_null(nb_read_image(b->data, b->len, &lim, &err));
    assert_int_equal(err.cls, NB_ERR_FORMAT);
    assert_non_null(strstr(err.message, "libpng error: IDAT: CRC error"));
    nb_error_clear(&err);
    g_byte_array_free(b, TRUE);
}

static GByteArray *tiff_of(int frames)
{
    PIXA *pa = pixaCreate(frames);
    for (int i = 0; i < frames; i++)
        pixaAddPix(pa, white(40 + i, 30), L_INSERT);
    l_uint8 *data = NULL;
    size_t size = 0;
    assert_int_equal(pixaWriteMemMultipageTiff(&data, &size, pa), 0);
    pixaDestroy(&pa);
    GByteArray *b = g_byte_array_new();
    g_byte_array_append(b, data, (guint)size);
    lept_free(data);
    return b;
}

static void test_tiff_frame_limit(void **state)
{
    (void)state;
    GByteArray *b = tiff_of(4);
    nb_limits lim = limits();
    lim.max_pages = 3;
    nb_error err = {0};
    assert_null(nb_read_image(b->data, b->len, &lim, &err));
    assert_int_equal(err.cls, NB_ERR_LIMIT);
    assert_non_null(strstr(err.message, "3"));
    nb_error_clear(&err);
    g_byte_array_free(b, TRUE);
}

/* Blank frames are read (no ink, so no OCR calls) and counted as pages. */
static void test_tiff_blank_pages(void **state)
{
    (void)state;
    GByteArray *b = tiff_of(3);
    nb_limits lim = limits();
    nb_error err = {0};
    nb_doc *doc = nb_read_image(b->data, b->len, &lim, &err);
    assert_non_null(doc);
    assert_int_equal(doc->pages, 3);
    assert_string_equal(doc->format, "image");
    assert_int_equal(doc->grids->len, 0);
    assert_int_equal(doc->lines->len, 0);
    nb_doc_free(doc);
    g_byte_array_free(b, TRUE);
}

/* A colour scanner's multi-page TIFF, JPEG-compressed: Leptonica appends
 * pages only to a file, so it goes through a temporary one. */
static GByteArray *jpeg_tiff_of(int frames)
{
    char *path = NULL;
    int fd = g_file_open_tmp("test-image-XXXXXX.tif", &path, NULL);
    assert_true(fd >= 0);
    close(fd);
    for (int i = 0; i < frames; i++) {
        PIX *page = pixCreate(64 + i, 48, 32);
        pixSetAllArbitrary(page, 0xffffff00);
        assert_int_equal(pixWriteTiff(path, page, IFF_TIFF_JPEG, i == 0 ? "w" : "a"), 0);
        pixDestroy(&page);
    }
    gchar *bytes = NULL;
    gsize len = 0;
    assert_true(g_file_get_contents(path, &bytes, &len, NULL));
    g_unlink(path);
    g_free(path);
    GByteArray *b = g_byte_array_new_take((guint8 *)bytes, len);
    return b;
}

/* Every frame of a JPEG-compressed TIFF is read (once only the first was:
 * the frame count covered the lossless compressions only). */
static void test_tiff_jpeg_pages(void **state)
{
    (void)state;
    GByteArray *b = jpeg_tiff_of(3);
    nb_limits lim = limits();
    nb_error err = {0};
    nb_doc *doc = nb_read_image(b->data, b->len, &lim, &err);
    assert_non_null(doc);
    assert_int_equal(doc->pages, 3);
    nb_doc_free(doc);
    g_byte_array_free(b, TRUE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bomb_refused_from_header),
        cmocka_unit_test(test_pixel_limit),
        cmocka_unit_test(test_corrupt_png),
        cmocka_unit_test(test_decoder_messages_caught),
        cmocka_unit_test(test_tiff_frame_limit),
        cmocka_unit_test(test_tiff_blank_pages),
        cmocka_unit_test(test_tiff_jpeg_pages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
