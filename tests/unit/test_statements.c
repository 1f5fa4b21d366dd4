/* test_statements.c — the second witness (spec rule "text"): body-text
 * sentences restating table values, found with the schema's phrasings and
 * checked against the record. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "schemas/statements.h"

#include <string.h>

static nb_doc *doc_of(const char *const *lines, int n)
{
    nb_doc *d = nb_doc_new();
    for (int i = 0; i < n; i++) {
        nb_prov p = nb_prov_none(NB_ORIGIN_TEXT);
        p.line = i + 1;
        nb_doc_add_line(d, lines[i], &p);
    }
    return d;
}

static const nb_check *check_on(const nb_record *r, const char *path)
{
    for (guint i = 0; i < r->checks->len; i++) {
        const nb_check *c = g_ptr_array_index(r->checks, i);
        for (guint k = 0; k < c->paths->len; k++)
            if (!strcmp(g_ptr_array_index(c->paths, k), path))
                return c;
    }
    return NULL;
}

static nb_record *record_with_values(void)
{
    nb_record *r = nb_record_new();
    nb_record_set(r, "applications.new_received.total", 95, "95", NULL);
    nb_record_set(r, "applications.granted.total", 42, "42", NULL);
    nb_record_set(r, "applications.partially_granted.total", 7, "7", NULL);
    nb_record_set(r, "reviews_litigation.review.total", 2, "2", NULL);
    nb_record_set(r, "reviews_litigation.litigation_direct.total", 1, "1", NULL);
    nb_record_set(r, "reviews_litigation.litigation_after_review.total", 1, "1", NULL);
    return r;
}

/* Statements that agree with the table are counted and add no check. */
static void test_statements_agree(void **state)
{
    (void)state;
    const char *lines[] = {"2024年，本机关共收到政府信息公开申请95件，其中予以公开42件，部分公开7件。",
                           "全年发生政府信息公开行政复议2件，行政诉讼2件。"};
    nb_doc *d = doc_of(lines, 2);
    nb_record *r = record_with_values();
    int n = nb_statements_check(d, nb_schema_find(nb_schema_set_default(), "2021"), r);
    assert_int_equal(n, 5);
    assert_int_equal(r->checks->len, 0);
    nb_record_free(r);
    nb_doc_free(d);
}

/* A statement that disagrees is one check of rule "text" naming the table
 * path, with the stated number as `found`; the value is not changed. */
static void test_statements_disagree(void **state)
{
    (void)state;
    const char *lines[] = {"共收到政府信息公开申请 59 件，予以公开42件。",
                           "行政诉讼3件。"};
    nb_doc *d = doc_of(lines, 2);
    nb_record *r = record_with_values();
    nb_statements_check(d, nb_schema_find(nb_schema_set_default(), "2019"), r);
    assert_int_equal(r->checks->len, 2);
    const nb_check *c = check_on(r, "applications.new_received.total");
    assert_non_null(c);
    assert_int_equal(c->rule, NB_RULE_TEXT);
    assert_true(c->expected == 95 && c->found == 59);
    assert_non_null(strstr(c->message, "共收到政府信息公开申请59件"));
    c = check_on(r, "reviews_litigation.litigation_after_review.total");
    assert_non_null(c);
    assert_true(c->expected == 2 && c->found == 3);
    assert_true(nb_record_get(r, "applications.new_received.total")->value == 95);
    nb_record_free(r);
    nb_doc_free(d);
}

/* A statement about a value the record lacks (a single page) is skipped,
 * and table lines (a label and its number on separate lines) are no
 * statement. */
static void test_statements_skipped(void **state)
{
    (void)state;
    const char *lines[] = {"结转下年度继续办理5件。", "（一）予以公开", "42"};
    nb_doc *d = doc_of(lines, 3);
    nb_record *r = record_with_values();
    assert_int_equal(nb_statements_check(d, nb_schema_find(nb_schema_set_default(), "2021"), r),
                     0);
    assert_int_equal(r->checks->len, 0);
    nb_record_free(r);
    nb_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_statements_agree),
        cmocka_unit_test(test_statements_disagree),
        cmocka_unit_test(test_statements_skipped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
