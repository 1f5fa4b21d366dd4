/* test_scan_unruled.c — the scan path on a synthetic office scan whose
 * tables are printed without rulings: the text-line fallback
 * (extract/scan_unruled.c) must find the applications table, every value
 * must be right or flagged, nearly all right, with OCR provenance and the
 * driver's re-reading available as for ruled cells.  Two pages only: OCR
 * is slow. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cmd/scan_review.h"
#include "cmd/synth.h"
#include "extract/ocr.h"
#include "extract/ocr_reread.h"
#include "schemas/mapper.h"
#include "schemas/record.h"
#include "schemas/rules.h"

#include <leptonica/allheaders.h>
#include <string.h>

typedef struct {
    nb_record *truth;   /* the synthetic record */
    nb_doc *doc;        /* pages 2 and 3 of its scan, read by OCR */
    nb_record *got;     /* the driver's record of those pages */
} fixture;

/* Seed 6 of the 2021 template draws the style without rulings (and a gray,
 * JPEG-compressed scan); its applications table runs over pages 2 and 3. */
#define SEED 6
#define FIRST_PAGE 2
#define LAST_PAGE 3

static gboolean read_pages(const GByteArray *tif, nb_doc *doc)
{
    nb_limits lim = nb_limits_default();
    for (int page = FIRST_PAGE; page <= LAST_PAGE; page++) {
        PIX *pix = pixReadMemTiff(tif->data, tif->len, page - 1);
        if (!pix)
            return FALSE;
        nb_error e = {0};
        gboolean ok = nb_ocr_page(pix, page, 1.0, doc, &lim, &e);
        pixDestroy(&pix);
        if (!ok) {
            fprintf(stderr, "ocr: %s\n", e.message);
            nb_error_clear(&e);
            return FALSE;
        }
    }
    return TRUE;
}

static int setup(void **state)
{
    fixture *f = g_new0(fixture, 1);
    *state = f;
    const nb_schema *s = nb_schema_find(nb_schema_set_default(), "2021");
    nb_synth_opts opts = {.seed = SEED};
    f->truth = nb_synth_record(s, &opts);
    GByteArray *tif = g_byte_array_new();
    char *err = NULL;
    if (!nb_synth_render_scan(f->truth, s, &opts, tif, &err)) {
        fprintf(stderr, "render: %s\n", err);
        g_free(err);
        g_byte_array_free(tif, TRUE);
        return -1;
    }
    f->doc = nb_doc_new();
    f->doc->format = "image";
    gboolean ok = read_pages(tif, f->doc);
    g_byte_array_free(tif, TRUE);
    if (!ok)
        return -1;
    /* the driver's steps for a known template: the applications table
     * and, on page 3, the reviews table */
    f->got = nb_record_new();
    if (nb_mapper_map(f->doc, s, f->got) < 1)
        return -1;
    nb_scan_review(f->doc, s, f->got);
    nb_rules_check_record(s, f->got);
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    nb_record_free(f->truth);
    nb_record_free(f->got);
    nb_doc_free(f->doc);
    g_free(f);
    return 0;
}

/* The table has no rulings, yet the page yields grids of numbers. */
static void test_grids_found(void **state)
{
    fixture *f = *state;
    assert_true(f->doc->grids->len >= 1);
    const nb_grid *g = g_ptr_array_index(f->doc->grids, 0);
    assert_true(nb_grid_rows(g) >= 15);
    assert_true(nb_grid_cols(g) >= 9); /* group, label, seven values */
}

/* Every applications value the synthetic record holds is, in the record
 * read from the scan, either equal or flagged; at least 90 % are equal and
 * some of them are not zero (a reader that made every illegible cell 0
 * would not pass). */
static void test_values_right_or_flagged(void **state)
{
    fixture *f = *state;
    int total = 0, right = 0, silent = 0, right_nonzero = 0;
    for (guint i = 0; i < f->truth->values->len; i++) {
        const nb_value *want = g_ptr_array_index(f->truth->values, i);
        if (!g_str_has_prefix(want->path, "applications."))
            continue;
        total++;
        const nb_value *got = nb_record_get(f->got, want->path);
        if (got && got->value == want->value) {
            right++;
            right_nonzero += want->value != 0;
        } else if (!nb_record_flagged(f->got, want->path)) {
            fprintf(stderr, "silent: %s want %g got %g\n", want->path, want->value,
                    got ? got->value : -1);
            silent++;
        }
    }
    assert_true(total >= 23 * 7);
    assert_int_equal(silent, 0);
    assert_true(right * 10 >= total * 9);
    assert_true(right_nonzero * 10 >= right * 7);
}

/* Values carry OCR provenance: the page, a box inside the page, a
 * confidence. */
static void test_provenance(void **state)
{
    fixture *f = *state;
    const nb_value *v = nb_record_get(f->got, "applications.new_received.total");
    assert_non_null(v);
    assert_int_equal(v->prov.origin, NB_ORIGIN_OCR);
    assert_int_equal(v->prov.page, FIRST_PAGE);
    assert_true(v->prov.has_box);
    assert_true(v->prov.box[0] > 0 && v->prov.box[2] > v->prov.box[0]);
    assert_true(v->prov.box[3] > v->prov.box[1] && v->prov.box[3] < 3600);
    assert_in_range(v->prov.confidence, 0, 100);
}

/* A number of a table without rulings can be read again through the
 * driver's API, by its reported box, like a ruled cell. */
static void test_reread_api(void **state)
{
    fixture *f = *state;
    assert_true(nb_ocr_can_reread(f->doc));
    const nb_value *v = NULL;
    for (guint i = 0; i < f->got->values->len && !v; i++) {
        const nb_value *c = g_ptr_array_index(f->got->values, i);
        const nb_value *want = nb_record_get(f->truth, c->path);
        if (c->prov.origin == NB_ORIGIN_OCR && c->prov.confidence >= 98 && c->value >= 10 &&
            want && want->value == c->value)
            v = c;
    }
    assert_non_null(v);
    char *text = NULL;
    int conf = -1;
    assert_true(nb_ocr_reread(f->doc, v->prov.page, v->prov.box, 1, &text, &conf));
    assert_non_null(text);
    assert_int_equal(g_ascii_strtoll(text, NULL, 10), (gint64)v->value);
    g_free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grids_found),
        cmocka_unit_test(test_values_right_or_flagged),
        cmocka_unit_test(test_provenance),
        cmocka_unit_test(test_reread_api),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
