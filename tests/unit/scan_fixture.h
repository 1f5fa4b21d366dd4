/* scan_fixture.h — what the scan tests share: a synthetic report rendered as
 * an office scan, some of its pages read by OCR and taken through the
 * driver's steps (map, review, checks), and the assertions every scan test
 * makes (values right or flagged, OCR provenance, the re-read API).
 * Header-only (static inline) so that each test stays one executable. */
#ifndef NB_TEST_SCAN_FIXTURE_H
#define NB_TEST_SCAN_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cmd/driver/scan_review.h"
#include "cmd/synth/synth.h"
#include "extract/ocr.h"
#include "schemas/mapper.h"
#include "schemas/record.h"
#include "schemas/rules.h"

#include <leptonica/allheaders.h>
#include <stdio.h>

typedef struct {
    nb_record *truth; /* the synthetic record */
    nb_doc *doc;      /* the pages read by OCR */
    nb_record *got;   /* the driver's record of those pages */
} scan_fixture;

static inline gboolean scan_fixture_read_pages(const GByteArray *tif, int first, int last,
                                               nb_doc *doc)
{
    nb_limits lim = nb_limits_default();
    for (int page = first; page <= last; page++) {
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

/* cmocka setup: renders the template-2021 report of `seed` as a scan, reads
 * pages first..last and runs the driver's steps for a known template (a
 * page or two carry too few markers to detect one).  Returns -1 when any
 * step fails. */
static inline int scan_fixture_setup(void **state, unsigned seed, int first, int last)
{
    scan_fixture *f = g_new0(scan_fixture, 1);
    *state = f;
    const nb_schema *s = nb_schema_find(nb_schema_set_default(), "2021");
    nb_synth_opts opts = {.seed = seed};
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
    gboolean ok = scan_fixture_read_pages(tif, first, last, f->doc);
    g_byte_array_free(tif, TRUE);
    if (!ok)
        return -1;
    f->got = nb_record_new();
    if (nb_mapper_map(f->doc, s, f->got) < 1)
        return -1;
    nb_scan_review(f->doc, s, f->got);
    nb_rules_check_record(s, f->got);
    return 0;
}

static inline int scan_fixture_teardown(void **state)
{
    scan_fixture *f = *state;
    nb_record_free(f->truth);
    nb_record_free(f->got);
    nb_doc_free(f->doc);
    g_free(f);
    return 0;
}

/* Every value of the synthetic record under `prefix` is, in the record read
 * from the scan, equal or flagged; at least `min_total` such values exist,
 * at least `right_pct` % are equal, and at least `nonzero_pct` % of the
 * equal ones are not zero (a reader that made every illegible cell 0 would
 * not pass). */
static inline void scan_assert_right_or_flagged(const scan_fixture *f, const char *prefix,
                                                int min_total, int right_pct, int nonzero_pct)
{
    int total = 0, right = 0, silent = 0, right_nonzero = 0;
    for (guint i = 0; i < f->truth->values->len; i++) {
        const nb_value *want = g_ptr_array_index(f->truth->values, i);
        if (!g_str_has_prefix(want->path, prefix))
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
    assert_true(total >= min_total);
    assert_int_equal(silent, 0);
    assert_true(right * 100 >= total * right_pct);
    assert_true(right_nonzero * 100 >= right * nonzero_pct);
}

/* The value at `path` carries OCR provenance: `page`, a box inside the
 * page, a confidence. */
static inline void scan_assert_provenance(const scan_fixture *f, const char *path, int page)
{
    const nb_value *v = nb_record_get(f->got, path);
    assert_non_null(v);
    assert_int_equal(v->prov.origin, NB_ORIGIN_OCR);
    assert_int_equal(v->prov.page, page);
    assert_true(v->prov.has_box);
    assert_true(v->prov.box[0] > 0 && v->prov.box[2] > v->prov.box[0]);
    assert_true(v->prov.box[3] > v->prov.box[1] && v->prov.box[3] < 3600);
    assert_in_range(v->prov.confidence, 0, 100);
}

/* The driver's re-read request finds a confident, right cell of at least two
 * digits by its reported box and reads it to the same number.  Returns it. */
static inline const nb_value *scan_assert_reread(const scan_fixture *f)
{
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
    return v;
}

#endif
