/* ctest-labels: ocr */
/* test_ocr.c — the scan path on a synthetic office scan with known numbers:
 * one page (the applications table) is read cell by cell, mapped, reviewed
 * (re-reading) and checked as the driver does; every value must be right or flagged, and
 * nearly all must be right.  One page only: OCR is slow. */
#include "scan_fixture.h"

/* Page 2 of the synthetic 2021 report of seed 4 (ruled) holds the whole
 * applications table. */
#define TABLE_PAGE 2

static int setup(void **state)
{
    return scan_fixture_setup(state, 4, TABLE_PAGE, TABLE_PAGE);
}

/* Every applications value is right or flagged; at least 90 % are right.
 * 23 rows when （六） is one row, 25 with its sub-rows. */
static void test_values_right_or_flagged(void **state)
{
    scan_assert_right_or_flagged(*state, "applications.", 23 * 7, 90, 0);
}

static void test_provenance(void **state)
{
    scan_assert_provenance(*state, "applications.new_received.total", TABLE_PAGE);
}

/* A confident cell reads again to the same number; an unknown box is
 * refused, with the out-parameters still set. */
static void test_reread_api(void **state)
{
    const scan_fixture *f = *state;
    const nb_value *v = scan_assert_reread(f);
    char *text = NULL;
    int conf = 0;
    const double nowhere[4] = {1, 1, 2, 2};
    assert_false(nb_ocr_reread(f->doc, v->prov.page, nowhere, 1, &text, &conf));
    assert_null(text);
    assert_int_equal(conf, -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values_right_or_flagged),
        cmocka_unit_test(test_provenance),
        cmocka_unit_test(test_reread_api),
    };
    return cmocka_run_group_tests(tests, setup, scan_fixture_teardown);
}
