/* synth_fixture.h — a synthetic report rendered as a text PDF, for the tests
 * that read PDFs (test_pdf, test_pdf_paths). Header-only (static inline) so
 * that each test stays one executable. The caller owns the returned bytes
 * (g_byte_array_unref) and, when `record` is given, the record
 * (nb_record_free). */
#ifndef NB_TEST_SYNTH_FIXTURE_H
#define NB_TEST_SYNTH_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cmd/synth/synth.h"
#include "schemas/record.h"

/* Renders the synthetic report of `template_name` (2019 or 2021) and `seed`
 * as a PDF; fails the test when the renderer fails. The record it was made
 * from is returned in `*record` when `record` is not NULL, else freed. */
static inline GByteArray *synth_fixture_pdf(const char *template_name, guint32 seed,
                                            nb_record **record)
{
    const nb_schema *s = nb_schema_find(nb_schema_set_default(), template_name);
    nb_synth_opts opts = {.seed = seed, .encoding = "UTF-8"};
    nb_record *r = nb_synth_record(s, &opts);
    GByteArray *pdf = g_byte_array_new();
    char *err = NULL;
    assert_true(nb_synth_render_pdf(r, s, &opts, pdf, &err));
    g_free(err);
    if (record)
        *record = r;
    else
        nb_record_free(r);
    return pdf;
}

#endif
