/* ctest-labels: corpus */
/* test_html_corpus.c — the real saved web pages of the corpus give their
 * truth.json exactly (numbers, agency, year, template; sections at least
 * 95 % similar), with no warning and no failed check.  Skips when the
 * shared corpus is not there. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cmd/driver/pipeline.h"
#include "layout/model/textnorm.h"

#include <jansson.h>
#include <string.h>

static const char *const k_value_roots[] = {"active_disclosure", "applications",
                                            "reviews_litigation", "info_fees", NULL};

/* Compares every number under `node` (a truth subtree at `path`). */
static int compare_values(const nb_record *r, const char *path, json_t *node)
{
    if (json_is_object(node)) {
        int n = 0;
        const char *key;
        json_t *child;
        json_object_foreach(node, key, child) {
            char *sub = g_strdup_printf("%s.%s", path, key);
            n += compare_values(r, sub, child);
            g_free(sub);
        }
        return n;
    }
    const nb_value *v = nb_record_get(r, path);
    if (!v)
        fail_msg("%s: missing (truth %g)", path, json_number_value(node));
    if (v->value != json_number_value(node))
        fail_msg("%s: got %g, truth %g", path, v->value, json_number_value(node));
    if (!g_str_has_prefix(path, "info_fees.")) { /* table cells, not body text */
        assert_int_equal(v->prov.origin, NB_ORIGIN_HTML);
        assert_true(v->prov.line > 0);
    }
    return 1;
}

static void compare_section(const nb_record *r, const char *key, const char *want)
{
    const char *got = g_hash_table_lookup(r->sections, key);
    if (!got)
        fail_msg("section %s missing", key);
    char *a = nb_norm_squash(want), *b = nb_norm_squash(got);
    double sim = nb_edit_similarity(a, b);
    if (sim < 0.95)
        fail_msg("section %s only %.3f similar", key, sim);
    g_free(a);
    g_free(b);
}

static void check_case(const char *name, int min_values)
{
    char *dir = g_build_filename(NB_CORPUS_DIR, name, NULL);
    char *src = g_build_filename(dir, "source.html", NULL);
    char *truth_path = g_build_filename(dir, "truth.json", NULL);
    if (!g_file_test(src, G_FILE_TEST_EXISTS) || !g_file_test(truth_path, G_FILE_TEST_EXISTS)) {
        g_free(dir), g_free(src), g_free(truth_path);
        skip();
    }
    json_error_t je;
    json_t *truth = json_load_file(truth_path, 0, &je);
    assert_non_null(truth);
    nb_limits lim = nb_limits_default();
    nb_error err = {0};
    nb_record *r = nb_pipeline_convert(src, &lim, &err);
    if (!r)
        fail_msg("%s: %s", name, err.message);
    assert_string_equal(r->template_name, json_string_value(json_object_get(truth, "template")));
    assert_string_equal(r->agency, json_string_value(json_object_get(truth, "agency")));
    assert_int_equal(r->year, json_integer_value(json_object_get(truth, "year")));
    int n = 0;
    for (const char *const *root = k_value_roots; *root; root++)
        if (json_object_get(truth, *root))
            n += compare_values(r, *root, json_object_get(truth, *root));
    assert_true(n >= min_values);
    const char *key;
    json_t *text;
    json_object_foreach(json_object_get(truth, "sections"), key, text)
        compare_section(r, key, json_string_value(text));
    assert_int_equal(r->warnings->len, 0);
    assert_int_equal(r->checks->len, 0);
    nb_record_free(r);
    json_decref(truth);
    g_free(dir), g_free(src), g_free(truth_path);
}

static void test_pingtan_2019(void **state)
{
    (void)state;
    check_case("pingtan-2019-html", 190);
}

static void test_pingtan_2024(void **state)
{
    (void)state;
    check_case("pingtan-2024-html", 190);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pingtan_2019),
        cmocka_unit_test(test_pingtan_2024),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
