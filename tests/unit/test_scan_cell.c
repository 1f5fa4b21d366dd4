/* ctest-labels: ocr */
/* test_scan_cell.c — the per-cell reader (extract/scan_cell.c) on cells of
 * synthetic office scans whose digits the thresholded ink image misreads:
 * the light face's 5 read as 3 with confidence 97-98, so that the value
 * passed the cell reader as sure.  The cells are read directly, without
 * mapping or review, so that what is tested is the reading itself. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cmd/synth/synth.h"
#include "extract/ocr/scan_cell.h"
#include "extract/ocr/scan_page.h"
#include "schemas/schema.h"

#include <leptonica/allheaders.h>
#include <stdio.h>

/* Page `page` of the template-2021 report of `seed` rendered as a scan and
 * prepared for reading, or NULL. */
static nb_scan_page *scan_page_of(unsigned seed, int page)
{
    const nb_schema *s = nb_schema_find(nb_schema_set_default(), "2021");
    nb_synth_opts opts = {.seed = seed};
    nb_record *truth = nb_synth_record(s, &opts);
    GByteArray *tif = g_byte_array_new();
    char *err = NULL;
    nb_scan_page *pg = NULL;
    if (nb_synth_render_scan(truth, s, &opts, tif, &err)) {
        PIX *pix = pixReadMemTiff(tif->data, tif->len, page - 1);
        const char *why = NULL;
        pg = pix ? nb_scan_page_new(pix, 1.0, &why) : NULL;
        pixDestroy(&pix);
    } else {
        fprintf(stderr, "render: %s\n", err);
    }
    g_free(err);
    g_byte_array_free(tif, TRUE);
    nb_record_free(truth);
    return pg;
}

/* Seed 102 (gray JPEG), page 2: two cells of the applications table, as
 * boxes on the deskewed page (inside their rulings). */
static const double CELL_55[4] = {1191, 964, 1334, 1059};
static const double CELL_58[4] = {1191, 1686, 1334, 1782};

static int setup(void **state)
{
    *state = scan_page_of(102, 2);
    return *state ? 0 : -1;
}

static int teardown(void **state)
{
    nb_scan_page_free(*state);
    return 0;
}

static void assert_reads(const nb_scan_page *pg, const double box[4], nb_scan_cell_kind kind,
                         nb_scan_variant variant, const char *want, int min_conf)
{
    nb_scan_reading r;
    assert_true(nb_scan_read_cell(pg, box, kind, variant, &r));
    fprintf(stderr, "variant %d: %s (%d)\n", variant, r.text, r.confidence);
    assert_true(r.numeric);
    assert_string_equal(r.text, want);
    assert_true(r.confidence >= min_conf);
    nb_scan_reading_clear(&r);
}

/* The first reading (the softened gray crop) gets the 5s right, and surely:
 * the ink image read them as 35 (98) and 38 (97). */
static void test_fives_read_right(void **state)
{
    assert_reads(*state, CELL_55, NB_SCAN_AUTO, NB_VARIANT_PLAIN, "55", 97);
    assert_reads(*state, CELL_58, NB_SCAN_AUTO, NB_VARIANT_PLAIN, "58", 97);
}

/* The gray crop as a re-reading: with the paper left at its normalised
 * level (about 200) on a white margin, the engine read the whole crop as
 * ink and returned nothing ("(illegible)"). */
static void test_gray_variant_reads(void **state)
{
    assert_reads(*state, CELL_55, NB_SCAN_NUMBER, NB_VARIANT_GRAY, "55", 90);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fives_read_right),
        cmocka_unit_test(test_gray_variant_reads),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
