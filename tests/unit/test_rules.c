/* test_rules.c — each consistency rule on a record that satisfies it and on
 * one that breaks it.  The paths come from the schema's own equations. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "schemas/rules.h"

#include <string.h>

static const nb_schema *schema(const char *name)
{
    const nb_schema *s = nb_schema_find(nb_schema_set_default(), name);
    assert_non_null(s);
    return s;
}

/* The equation of `rule` whose label is `label` ("row granted"). */
static const nb_equation *equation(GPtrArray *eqs, int rule, const char *label)
{
    for (guint i = 0; i < eqs->len; i++) {
        const nb_equation *e = g_ptr_array_index(eqs, i);
        if (e->rule == rule && !strcmp(e->label, label))
            return e;
    }
    fail_msg("no rule %d equation '%s'", rule, label);
    return NULL;
}

/* Fills the right side with 1, 2, 3, ... (optional terms: only the first)
 * and the left side so that the equation holds; returns the right sum. */
static double satisfy(nb_record *r, const nb_equation *e)
{
    double sum = 0;
    gboolean optional_used = FALSE;
    for (guint i = 0; i < e->rhs->len; i++) {
        if (g_array_index(e->rhs_optional, gboolean, i)) {
            if (optional_used)
                continue;
            optional_used = TRUE;
        }
        double v = (double)(i + 1);
        nb_record_set(r, g_ptr_array_index(e->rhs, i), v, NULL, NULL);
        sum += v;
    }
    /* several terms on the left: all but the first take 1 each */
    double rest = sum;
    for (guint i = 1; i < e->lhs->len; i++) {
        nb_record_set(r, g_ptr_array_index(e->lhs, i), 1, NULL, NULL);
        rest -= 1;
    }
    nb_record_set(r, g_ptr_array_index(e->lhs, 0), rest, NULL, NULL);
    return sum;
}

/* One rule: holds as generated, fails by one after the first left term is
 * changed, and nb_rules_check_record reports exactly that equation. */
static void check_rule(const char *tmpl, int rule, const char *label)
{
    const nb_schema *s = schema(tmpl);
    GPtrArray *eqs = nb_rules_expand(s);
    const nb_equation *e = equation(eqs, rule, label);
    nb_record *r = nb_record_new();
    double sum = satisfy(r, e);
    assert_true(sum > 0);
    double l, rr;
    assert_int_equal(nb_equation_eval(e, nb_record_lookup, r, &l, &rr), NB_EQ_HOLDS);
    assert_true(l == rr && l == sum);
    assert_int_equal(nb_rules_check_record(s, r), 0);

    const char *first = g_ptr_array_index(e->lhs, 0);
    double printed = nb_record_get(r, first)->value + 1;
    nb_record_set(r, first, printed, NULL, NULL);
    assert_int_equal(nb_equation_eval(e, nb_record_lookup, r, &l, &rr), NB_EQ_FAILS);
    assert_int_equal(nb_rules_check_record(s, r), 1);
    const nb_check *c = g_ptr_array_index(r->checks, 0);
    assert_int_equal(c->rule, rule);
    assert_true(c->expected == sum && c->found == sum + 1);
    gboolean named = FALSE;
    for (guint i = 0; i < c->paths->len; i++)
        named |= !strcmp(g_ptr_array_index(c->paths, i), first);
    assert_true(named);
    /* checks never change values */
    assert_true(nb_record_get(r, first)->value == printed);
    nb_record_free(r);
    g_ptr_array_free(eqs, TRUE);
}

static void test_rule1_columns(void **state)
{
    (void)state;
    check_rule("2021", 1, "column natural_person");
    check_rule("2019", 1, "column total");
}

static void test_rule2_rows(void **state)
{
    (void)state;
    check_rule("2021", 2, "row granted");
    check_rule("2019", 2, "row carried_forward");
}

static void test_rule3_results(void **state)
{
    (void)state;
    check_rule("2021", 3, "column commercial");
    check_rule("2019", 3, "column total");
}

static void test_rule4_reviews(void **state)
{
    (void)state;
    check_rule("2021", 4, "review");
    check_rule("2019", 4, "litigation_after_review");
}

/* An equation with a missing required operand is not evaluated. */
static void test_incomplete_is_not_a_break(void **state)
{
    (void)state;
    const nb_schema *s = schema("2021");
    GPtrArray *eqs = nb_rules_expand(s);
    const nb_equation *e = equation(eqs, 2, "row granted");
    nb_record *r = nb_record_new();
    satisfy(r, e);
    nb_record_unset(r, g_ptr_array_index(e->rhs, 2));
    double l = 7, rr = 7;
    assert_int_equal(nb_equation_eval(e, nb_record_lookup, r, &l, &rr), NB_EQ_INCOMPLETE);
    assert_true(l == 0 && rr == 0); /* out-parameters are always set */
    assert_int_equal(nb_rules_check_record(s, r), 0);
    nb_record_free(r);
    g_ptr_array_free(eqs, TRUE);
}

/* Rule 3 of template 2021 takes either the three （六） sub-rows or the
 * single other_handling row: both forms are complete. */
static void test_rule3_optional_other_rows(void **state)
{
    (void)state;
    const nb_schema *s = schema("2021");
    GPtrArray *eqs = nb_rules_expand(s);
    const nb_equation *e = equation(eqs, 3, "column research");
    nb_record *r = nb_record_new();
    double sum = 0;
    for (guint i = 0; i < e->rhs->len; i++) {
        const char *p = g_ptr_array_index(e->rhs, i);
        if (g_array_index(e->rhs_optional, gboolean, i) && !strstr(p, "other_handling"))
            continue; /* the single-row form */
        nb_record_set(r, p, 2, NULL, NULL);
        sum += 2;
    }
    nb_record_set(r, g_ptr_array_index(e->lhs, 0), sum, NULL, NULL);
    assert_int_equal(nb_equation_eval(e, nb_record_lookup, r, NULL, NULL), NB_EQ_HOLDS);
    nb_record_free(r);
    g_ptr_array_free(eqs, TRUE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rule1_columns),
        cmocka_unit_test(test_rule2_rows),
        cmocka_unit_test(test_rule3_results),
        cmocka_unit_test(test_rule4_reviews),
        cmocka_unit_test(test_incomplete_is_not_a_break),
        cmocka_unit_test(test_rule3_optional_other_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
