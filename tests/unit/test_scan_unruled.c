/* ctest-labels: ocr */
/* test_scan_unruled.c — the scan path on a synthetic office scan whose
 * tables are printed without rulings: the text-line fallback
 * (extract/scan_unruled.c) must find the applications table, every value
 * must be right or flagged, nearly all right, with OCR provenance and the
 * driver's re-reading available as for ruled cells.  Two pages only: OCR
 * is slow. */
#include "scan_fixture.h"

/* Seed 6 of the 2021 template draws the style without rulings (and a gray,
 * JPEG-compressed scan); its applications table runs over pages 2 and 3. */
#define SEED 6
#define FIRST_PAGE 2
#define LAST_PAGE 3

static int setup(void **state)
{
    return scan_fixture_setup(state, SEED, FIRST_PAGE, LAST_PAGE);
}

/* The table has no rulings, yet the page yields grids of numbers. */
static void test_grids_found(void **state)
{
    const scan_fixture *f = *state;
    assert_true(f->doc->grids->len >= 1);
    const nb_grid *g = g_ptr_array_index(f->doc->grids, 0);
    assert_true(nb_grid_rows(g) >= 15);
    assert_true(nb_grid_cols(g) >= 9); /* group, label, seven values */
}

/* Every applications value is right or flagged; at least 90 % are right and
 * at least 70 % of those are not zero. */
static void test_values_right_or_flagged(void **state)
{
    scan_assert_right_or_flagged(*state, "applications.", 23 * 7, 90, 70);
}

static void test_provenance(void **state)
{
    scan_assert_provenance(*state, "applications.new_received.total", FIRST_PAGE);
}

/* A number of a table without rulings can be read again through the
 * driver's API, by its reported box, like a ruled cell. */
static void test_reread_api(void **state)
{
    scan_assert_reread(*state);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grids_found),
        cmocka_unit_test(test_values_right_or_flagged),
        cmocka_unit_test(test_provenance),
        cmocka_unit_test(test_reread_api),
    };
    return cmocka_run_group_tests(tests, setup, scan_fixture_teardown);
}
