/* test_ocr.c — the scan path on a synthetic office scan with known numbers:
 * one page (the applications table) is read cell by cell, mapped, reviewed
 * (re-reading) and checked as the driver does; every value must be right or flagged, and
 * nearly all must be right.  One page only: OCR is slow. */
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
    nb_doc *doc;        /* page 2 of its scan, read by OCR */
    nb_record *got;     /* the driver's record of that page */
} fixture;

/* Page 2 of the synthetic 2021 report holds the whole applications table. */
#define TABLE_PAGE 2

static int setup(void **state)
{
    fixture *f = g_new0(fixture, 1);
    const nb_schema *s = nb_schema_find(nb_schema_set_default(), "2021");
    nb_synth_opts opts = {.seed = 4};
    f->truth = nb_synth_record(s, &opts);
    GByteArray *tif = g_byte_array_new();
    char *err = NULL;
    if (!nb_synth_render_scan(f->truth, s, &opts, tif, &err)) {
        fprintf(stderr, "render: %s\n", err);
        g_free(err);
        return -1;
    }
    PIX *page = pixReadMemTiff(tif->data, tif->len, TABLE_PAGE - 1);
    g_byte_array_free(tif, TRUE);
    if (!page)
        return -1;
    nb_limits lim = nb_limits_default();
    nb_error e = {0};
    f->doc = nb_doc_new();
    f->doc->format = "image";
    gboolean ok = nb_ocr_page(page, TABLE_PAGE, 1.0, f->doc, &lim, &e);
    pixDestroy(&page);
    if (!ok) {
        fprintf(stderr, "ocr: %s\n", e.message);
        return -1;
    }
    /* the driver's steps for a known template: a page holding only the
     * applications table carries too few markers to detect one */
    f->got = nb_record_new();
    if (nb_mapper_map(f->doc, s, f->got) != 1)
        return -1;
    nb_scan_review(f->doc, s, f->got);
    nb_rules_check_record(s, f->got);
    *state = f;
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

/* Every applications value the synthetic record holds is, in the record read
 * from the scan, either equal or flagged; at least 90 % are equal. */
static void test_values_right_or_flagged(void **state)
{
    fixture *f = *state;
    int total = 0, right = 0, silent = 0;
    for (guint i = 0; i < f->truth->values->len; i++) {
        const nb_value *want = g_ptr_array_index(f->truth->values, i);
        if (!g_str_has_prefix(want->path, "applications."))
            continue;
        total++;
        const nb_value *got = nb_record_get(f->got, want->path);
        if (got && got->value == want->value)
            right++;
        else if (!nb_record_flagged(f->got, want->path)) {
            fprintf(stderr, "silent: %s want %g got %g\n", want->path, want->value,
                    got ? got->value : -1);
            silent++;
        }
    }
    assert_true(total >= 23 * 7); /* 23 rows when （六） is one row, 25 with its sub-rows */
    assert_int_equal(silent, 0);
    assert_true(right * 10 >= total * 9);
}

/* Values carry OCR provenance: the page, a box inside the page, a confidence. */
static void test_provenance(void **state)
{
    fixture *f = *state;
    const nb_value *v = nb_record_get(f->got, "applications.new_received.total");
    assert_non_null(v);
    assert_int_equal(v->prov.origin, NB_ORIGIN_OCR);
    assert_int_equal(v->prov.page, TABLE_PAGE);
    assert_true(v->prov.has_box);
    assert_true(v->prov.box[0] > 0 && v->prov.box[2] > v->prov.box[0]);
    assert_true(v->prov.box[3] > v->prov.box[1] && v->prov.box[3] < 3600);
    assert_in_range(v->prov.confidence, 0, 100);
}

/* The driver's re-read request finds the cell by its reported box and reads
 * a confident cell to the same number; an unknown box is refused. */
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
    return cmocka_run_group_tests(tests, setup, teardown);
}
