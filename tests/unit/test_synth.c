/* test_synth.c — the generator: records consistent with the schema's rules,
 * deterministic per seed, both （六） forms, a deliberate break that is
 * exactly one rule-2/3 equation, and an in-process round trip through the
 * text renderer, the text reader and the mapper; the office seal as ink
 * over print. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cmd/write/record_json.h"
#include "cmd/synth/synth.h"
#include "cmd/synth/synth_office.h"
#include "extract/ink.h"
#include "extract/reader.h"
#include "schemas/mapper.h"
#include "schemas/rules.h"

#include <string.h>

static const nb_schema *schema(const char *name)
{
    const nb_schema *s = nb_schema_find(nb_schema_set_default(), name);
    assert_non_null(s);
    return s;
}

static nb_record *make(const char *tmpl, guint32 seed, gboolean mangle, gboolean brk)
{
    nb_synth_opts o = {.seed = seed, .mangle = mangle, .break_rule = brk, .encoding = "UTF-8"};
    nb_record *r = nb_synth_record(schema(tmpl), &o);
    assert_non_null(r);
    return r;
}

static char *json_of(const nb_record *r)
{
    json_t *j = nb_record_to_json(r, FALSE);
    char *s = json_dumps(j, JSON_SORT_KEYS | JSON_REAL_PRECISION(17));
    json_decref(j);
    return s;
}

static void test_same_seed_same_record(void **state)
{
    (void)state;
    nb_record *a = make("2021", 42, FALSE, FALSE), *b = make("2021", 42, FALSE, FALSE);
    nb_record *c = make("2021", 43, FALSE, FALSE);
    char *ja = json_of(a), *jb = json_of(b), *jc = json_of(c);
    assert_string_equal(ja, jb);
    assert_string_not_equal(ja, jc);
    free(ja), free(jb), free(jc);
    nb_record_free(a), nb_record_free(b), nb_record_free(c);
}

/* Every equation of every rule holds, values are mostly non-zero, metadata
 * and sections are set, years fit the template. */
static void test_records_satisfy_rules(void **state)
{
    (void)state;
    const char *tmpls[] = {"2019", "2021"};
    for (int t = 0; t < 2; t++)
        for (guint32 seed = 1; seed <= 30; seed++) {
            nb_record *r = make(tmpls[t], seed, FALSE, FALSE);
            assert_int_equal(r->checks->len, 0);
            GPtrArray *eqs = nb_rules_expand(schema(tmpls[t]));
            int held = 0, failed = 0;
            for (guint i = 0; i < eqs->len; i++) {
                nb_eq_result res = nb_equation_eval(g_ptr_array_index(eqs, i), nb_record_lookup, r,
                                                    NULL, NULL);
                held += res == NB_EQ_HOLDS;
                failed += res == NB_EQ_FAILS;
            }
            assert_int_equal(failed, 0);
            /* only the row equations of the （六） form not chosen are idle */
            assert_true(held >= (int)eqs->len - 3);
            g_ptr_array_free(eqs, TRUE);
            int nonzero = 0;
            for (guint i = 0; i < r->values->len; i++)
                nonzero += ((nb_value *)g_ptr_array_index(r->values, i))->value != 0;
            assert_true(nonzero * 10 > (int)r->values->len * 7);
            assert_non_null(r->agency);
            assert_string_equal(r->template_name, tmpls[t]);
            assert_true(t == 0 ? r->year >= 2019 && r->year <= 2020 : r->year >= 2021 && r->year <= 2025);
            assert_non_null(g_hash_table_lookup(r->sections, "overview"));
            assert_non_null(g_hash_table_lookup(r->sections, "problems"));
            /* info fees belong to the 2021 template only */
            assert_true((nb_record_get(r, "info_fees.amount_yuan") != NULL) == (t == 1));
            nb_record_free(r);
        }
}

/* 2021 records use either the single （六） row or the three sub-rows, never
 * both, and both forms occur; 2019 always has the single row. */
static void test_other_handling_forms(void **state)
{
    (void)state;
    int single = 0, three = 0;
    for (guint32 seed = 1; seed <= 20; seed++) {
        nb_record *r = make("2021", seed, FALSE, FALSE);
        gboolean one = nb_record_get(r, "applications.other_handling.total") != NULL;
        gboolean sub = nb_record_get(r, "applications.other_no_correction.total") != NULL &&
                       nb_record_get(r, "applications.other_no_fee.total") != NULL &&
                       nb_record_get(r, "applications.other_other.total") != NULL;
        assert_true(one != sub);
        single += one, three += sub;
        nb_record_free(r);
        r = make("2019", seed, FALSE, FALSE);
        assert_non_null(nb_record_get(r, "applications.other_handling.total"));
        assert_null(nb_record_get(r, "applications.other_other.total"));
        nb_record_free(r);
    }
    assert_true(single > 0 && three > 0);
}

static void test_negative_changes_only_in_signed_columns(void **state)
{
    (void)state;
    int negative = 0;
    for (guint32 seed = 1; seed <= 20; seed++) {
        nb_record *r = make("2019", seed, FALSE, FALSE);
        for (guint i = 0; i < r->values->len; i++) {
            const nb_value *v = g_ptr_array_index(r->values, i);
            if (v->value < 0) {
                assert_true(g_str_has_suffix(v->path, ".change"));
                negative++;
            }
        }
        nb_record_free(r);
    }
    assert_true(negative > 0);
}

/* --break-rule: exactly one failing equation of rule 2 or 3, the record
 * keeps the printed number and carries the check. */
static void test_break_rule(void **state)
{
    (void)state;
    for (guint32 seed = 1; seed <= 20; seed++) {
        nb_record *r = make(seed % 2 ? "2021" : "2019", seed, FALSE, TRUE);
        GPtrArray *eqs = nb_rules_expand(schema(r->template_name));
        int failing23 = 0;
        for (guint i = 0; i < eqs->len; i++) {
            const nb_equation *e = g_ptr_array_index(eqs, i);
            if ((e->rule == 2 || e->rule == 3) &&
                nb_equation_eval(e, nb_record_lookup, r, NULL, NULL) == NB_EQ_FAILS)
                failing23++;
        }
        assert_int_equal(failing23, 1);
        int reported23 = 0;
        for (guint i = 0; i < r->checks->len; i++) {
            const nb_check *c = g_ptr_array_index(r->checks, i);
            reported23 += c->rule == 2 || c->rule == 3;
            assert_true(c->expected != c->found);
        }
        assert_int_equal(reported23, 1);
        g_ptr_array_free(eqs, TRUE);
        nb_record_free(r);
    }
}

static void test_registry(void **state)
{
    (void)state;
    assert_true(nb_synth_renderer("text") == nb_synth_render_text);
    assert_string_equal(nb_synth_extension("text"), "txt");
    assert_true(nb_synth_renderer("docx") == nb_synth_render_docx);
    assert_string_equal(nb_synth_extension("docx"), "docx");
    assert_null(nb_synth_renderer("xlsx"));
    assert_null(nb_synth_extension(NULL));
}

/* Renders, reads back with the text reader, maps: every value returns. */
static void round_trip(const char *tmpl, guint32 seed, gboolean mangle, const char *encoding)
{
    const nb_schema *s = schema(tmpl);
    nb_synth_opts o = {.seed = seed, .mangle = mangle, .encoding = encoding};
    nb_record *want = nb_synth_record(s, &o);
    GByteArray *doc = g_byte_array_new();
    char *err = (char *)"unset";
    assert_true(nb_synth_render_text(want, s, &o, doc, &err));
    assert_null(err);
    if (strcmp(encoding, "UTF-8") != 0)
        assert_false(g_utf8_validate((const char *)doc->data, doc->len, NULL));
    nb_limits lim = nb_limits_default();
    nb_error rerr = {0};
    nb_doc *d = nb_read_text(doc->data, doc->len, &lim, &rerr);
    assert_non_null(d);
    assert_true(nb_mapper_detect(d, nb_schema_set_default(), NULL) == s);
    nb_record *got = nb_record_new();
    assert_int_equal(nb_mapper_map(d, s, got), (int)s->tables->len);
    for (guint i = 0; i < want->values->len; i++) {
        const nb_value *w = g_ptr_array_index(want->values, i);
        if (g_str_has_prefix(w->path, "info_fees."))
            continue; /* metadata, not a table */
        const nb_value *g = nb_record_get(got, w->path);
        if (!g || g->value != w->value)
            fail_msg("seed %u %s: %s want %g got %g", seed, tmpl, w->path, w->value,
                     g ? g->value : -1.0);
    }
    for (guint i = 0; i < got->values->len; i++)
        assert_non_null(nb_record_get(want, ((nb_value *)g_ptr_array_index(got->values, i))->path));
    nb_record_free(got);
    nb_doc_free(d);
    nb_record_free(want);
    g_byte_array_unref(doc);
}

static void test_text_round_trip(void **state)
{
    (void)state;
    for (guint32 seed = 1; seed <= 8; seed++) {
        round_trip("2019", seed, seed % 2, "UTF-8");
        round_trip("2021", seed, seed % 2 == 0, "UTF-8");
    }
    round_trip("2021", 77, TRUE, "GB18030");
    round_trip("2019", 78, FALSE, "GB18030");
}

/* The gray value after red dropout (extract/ink.h) of pixel (x, y) of an
 * RGB24 surface. */
static unsigned dropped_gray(cairo_surface_t *img, int x, int y)
{
    const unsigned char *row = cairo_image_surface_get_data(img) + y * cairo_image_surface_get_stride(img);
    guint32 px = ((const guint32 *)row)[x];
    return nb_ink_gray((px >> 16) & 0xff, (px >> 8) & 0xff, px & 0xff);
}

/* A seal stamped over a black ruling: the ruling under the star stays print
 * after red dropout (multiplied, as ink over toner), the seal's ink around
 * it is dropped, and the current point a text left behind is not joined to
 * the ring by a straight stroke. */
static void test_seal_is_ink_over_print(void **state)
{
    (void)state;
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 200, 200);
    cairo_t *cr = cairo_create(img);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_rectangle(cr, 98, 0, 4, 200); /* a ruling through the star */
    cairo_fill(cr);
    cairo_move_to(cr, 10, 190); /* a text's current point, far from the ring */
    PangoContext *pango = pango_cairo_create_context(cr);
    GRand *rnd = g_rand_new_with_seed(7);
    nb_synth_draw_seal(cr, pango, "Noto Serif CJK SC", 100, 100, 60, rnd);
    cairo_surface_flush(img);
    /* the star's centre is at (100, 94): ruling under it, seal beside it */
    assert_true(dropped_gray(img, 100, 94) < 80);
    assert_true(dropped_gray(img, 92, 94) > 170);
    /* the ring itself (right edge at 160, 100) is seal ink, dropped */
    assert_true(dropped_gray(img, 160, 100) > 170);
    /* halfway between the old current point and the ring's start: paper */
    assert_true(dropped_gray(img, 85, 145) > 240);
    const unsigned char *row = cairo_image_surface_get_data(img) + 145 * cairo_image_surface_get_stride(img);
    assert_int_equal(((const guint32 *)row)[85] & 0xffffff, 0xffffff);
    g_rand_free(rnd);
    g_object_unref(pango);
    cairo_destroy(cr);
    cairo_surface_destroy(img);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_seed_same_record),
        cmocka_unit_test(test_records_satisfy_rules),
        cmocka_unit_test(test_other_handling_forms),
        cmocka_unit_test(test_negative_changes_only_in_signed_columns),
        cmocka_unit_test(test_break_rule),
        cmocka_unit_test(test_registry),
        cmocka_unit_test(test_text_round_trip),
        cmocka_unit_test(test_seal_is_ink_over_print),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
