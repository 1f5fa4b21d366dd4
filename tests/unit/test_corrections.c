/* test_corrections.c — a person's corrections: the template's value
 * positions, nb_record_correct (the reading kept, its warnings gone), the
 * corrections file's checks, and the checks evaluated on corrected values. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cmd/driver/corrections.h"
#include "layout/model/doc.h"
#include "schemas/rules.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

static const nb_schema *schema(const char *name)
{
    const nb_schema *s = nb_schema_find(nb_schema_set_default(), name);
    assert_non_null(s);
    return s;
}

static void test_slots_have_labels(void **state)
{
    (void)state;
    GArray *slots = nb_schema_slots(schema("2021"));
    assert_true(slots->len > 150);
    gboolean seen = FALSE;
    for (guint i = 0; i < slots->len; i++) {
        const nb_schema_slot *sl = &g_array_index(slots, nb_schema_slot, i);
        assert_non_null(sl->row_label);
        if (strcmp(sl->path, "applications.granted.total") == 0) {
            seen = TRUE;
            assert_string_equal(sl->column_label, "总计");
            assert_non_null(strstr(sl->row_label, "予以公开"));
            assert_string_equal(sl->table->key, "applications");
        }
    }
    assert_true(seen);
    nb_schema_slots_free(slots);
    assert_true(nb_schema_has_path(schema("2021"), "reviews_litigation.review.total"));
    assert_false(nb_schema_has_path(schema("2021"), "active_disclosure.procurement.items"));
    assert_true(nb_schema_has_path(schema("2019"), "active_disclosure.procurement.items"));
    assert_false(nb_schema_has_path(schema("2021"), "applications.granted"));
}

static void test_correct_keeps_reading(void **state)
{
    (void)state;
    nb_record *r = nb_record_new();
    nb_prov p = nb_prov_none(NB_ORIGIN_OCR);
    p.page = 3, p.confidence = 41, p.has_box = true;
    nb_record_set(r, "applications.granted.total", 191, "191", &p);
    nb_record_warn(r, "applications.granted.total", "OCR confidence 41 %%");
    nb_record_warn(r, "applications", "a remark on the whole table");
    nb_record_correct(r, "applications.granted.total", 119);
    nb_record_correct(r, "applications.granted.research", 7);
    const nb_value *v = nb_record_get(r, "applications.granted.total");
    assert_true(v->value == 119 && v->had_reading && v->original == 191);
    assert_int_equal(v->prov.origin, NB_ORIGIN_CORRECTION);
    assert_int_equal(v->prov.page, 3);
    assert_int_equal(v->prov.confidence, -1);
    assert_int_equal(v->original_prov.confidence, 41);
    assert_string_equal(v->raw, "191");
    const nb_value *n = nb_record_get(r, "applications.granted.research");
    assert_true(n->value == 7 && !n->had_reading);
    /* the value's own warning goes, the table's stays */
    assert_int_equal(r->warnings->len, 1);
    assert_string_equal(((nb_warning *)g_ptr_array_index(r->warnings, 0))->path, "applications");
    nb_record_free(r);
}

static char *write_tmp(const char *text)
{
    char *path = NULL;
    int fd = g_file_open_tmp("nb-corr-XXXXXX.json", &path, NULL);
    assert_true(fd >= 0);
    close(fd);
    assert_true(g_file_set_contents(path, text, -1, NULL));
    return path;
}

static void expect_refused(const char *text, const char *why)
{
    char *path = write_tmp(text);
    GError *e = NULL;
    nb_corrections *c = nb_corrections_load(path, &e);
    assert_null(c);
    assert_non_null(e);
    assert_non_null(strstr(e->message, why));
    g_error_free(e);
    g_unlink(path);
    g_free(path);
}

#define SHA "c3635ff547a93d99e58a28d753a4137fa1731d8d69b28c2d4bfca1845c6cfb15"

static void test_load_and_fit(void **state)
{
    (void)state;
    expect_refused("{\"values\": {}}", "not a corrections file");
    expect_refused("{\"source_sha256\": \"abc\", \"values\": {}}", "not a corrections file");
    expect_refused("{\"source_sha256\": \"" SHA "\", \"values\": {\"x.y.z\": 1}}", "no template");
    expect_refused("{\"source_sha256\": \"" SHA "\", \"values\": "
                   "{\"applications.granted.total\": \"1\"}}", "not a number");
    expect_refused("not json", "corrections file");
    char *path = write_tmp("{\"source_sha256\": \"" SHA "\", \"values\": "
                           "{\"active_disclosure.procurement.items\": 4}}");
    GError *e = NULL;
    nb_corrections *c = nb_corrections_load(path, &e);
    assert_non_null(c);
    assert_string_equal(nb_corrections_sha256(c), SHA);
    assert_int_equal(nb_corrections_count(c), 1);
    assert_int_equal(strlen(nb_corrections_digest(c)), 64);
    assert_true(nb_corrections_fit(c, schema("2019"), NULL));
    assert_false(nb_corrections_fit(c, schema("2021"), &e));
    assert_non_null(strstr(e->message, "template 2021 has no such key"));
    g_clear_error(&e);
    assert_false(nb_corrections_fit(c, NULL, NULL));
    nb_corrections_free(c);
    g_unlink(path);
    g_free(path);
}

/* A corrected total that no longer matches its row is a failed check. */
static void test_checks_see_corrections(void **state)
{
    (void)state;
    const nb_schema *s = schema("2021");
    nb_record *r = nb_record_new();
    GArray *slots = nb_schema_slots(s);
    for (guint i = 0; i < slots->len; i++) {
        const char *p = g_array_index(slots, nb_schema_slot, i).path;
        if (g_str_has_prefix(p, "applications.granted."))
            nb_record_set(r, p, g_str_has_suffix(p, ".total") ? 6 : 1, "1", NULL);
    }
    nb_schema_slots_free(slots);
    int before = nb_rules_check_record(s, r);
    char *path = write_tmp("{\"source_sha256\": \"" SHA "\", \"values\": "
                           "{\"applications.granted.total\": 7}}");
    nb_corrections *c = nb_corrections_load(path, NULL);
    assert_non_null(c);
    nb_corrections_apply(c, r);
    g_ptr_array_set_size(r->checks, 0);
    int after = nb_rules_check_record(s, r);
    assert_int_equal(after, before + 1);
    assert_true(nb_record_flagged(r, "applications.granted.total"));
    nb_corrections_free(c);
    nb_record_free(r);
    g_unlink(path);
    g_free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_slots_have_labels),
        cmocka_unit_test(test_correct_keeps_reading),
        cmocka_unit_test(test_load_and_fit),
        cmocka_unit_test(test_checks_see_corrections),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
