/* test_schema.c — the embedded template files: which template a year uses. */
#include "schemas/schema.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <string.h>

static const char *template_for(int year)
{
    const nb_schema *s = nb_schema_for_year(nb_schema_set_default(), year);
    return s ? s->name : NULL;
}

/* The 2019 form from 2019 (reports on 2019 were the first under the revised
 * regulations), the 2021 form from 2021, nothing (legacy) before. */
static void test_year_picks_template(void **state)
{
    (void)state;
    assert_null(template_for(2018));
    assert_null(template_for(2008));
    assert_string_equal(template_for(2019), "2019");
    assert_string_equal(template_for(2020), "2019");
    assert_string_equal(template_for(2021), "2021");
    assert_string_equal(template_for(2025), "2021");
}

/* Every template file states the year it starts from. */
static void test_every_template_has_first_year(void **state)
{
    (void)state;
    const nb_schema_set *set = nb_schema_set_default();
    assert_true(set->schemas->len >= 2);
    for (guint i = 0; i < set->schemas->len; i++) {
        const nb_schema *s = g_ptr_array_index(set->schemas, i);
        assert_true(s->first_year >= 2019);
    }
}

static gboolean has_value(const nb_schema *s, const char *key)
{
    for (guint k = 0; key && k < s->values->len; k++)
        if (!strcmp(((const nb_schema_value *)g_ptr_array_index(s->values, k))->key, key))
            return TRUE;
    return FALSE;
}

/* A template that reads the info-fee statement names, in its file, the keys
 * the amount and the cases go to — values it declares — and the path of its
 * warnings (schema knowledge, not code). */
static void test_fee_keys_are_declared_values(void **state)
{
    (void)state;
    const nb_schema_set *set = nb_schema_set_default();
    int with_fees = 0;
    for (guint i = 0; i < set->schemas->len; i++) {
        const nb_schema *s = g_ptr_array_index(set->schemas, i);
        if (!s->fees.amount || !s->fees.amount->len)
            continue;
        with_fees++;
        assert_true(has_value(s, s->fees.amount_key));
        assert_true(has_value(s, s->fees.cases_key));
        assert_non_null(s->fees.path);
        assert_true(g_str_has_prefix(s->fees.amount_key, s->fees.path));
    }
    assert_true(with_fees >= 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_year_picks_template),
        cmocka_unit_test(test_every_template_has_first_year),
        cmocka_unit_test(test_fee_keys_are_declared_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
