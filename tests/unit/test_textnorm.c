/* test_textnorm.c — number grammar, label normalisation and similarity. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "layout/model/textnorm.h"

#include <math.h>
#include <string.h>

/* Parses `raw`, asserting it reads as the number `want` (to the last few
 * bits: "75394432.52" need not be built digit by digit like strtod). */
static void assert_number(const char *raw, double want)
{
    nb_number n;
    assert_int_equal(nb_parse_number(raw, &n), NB_NUM_OK);
    assert_true(fabs(n.value - want) <= 1e-12 * fmax(1.0, fabs(want)));
}

static void test_plain_and_fullwidth_digits(void **state)
{
    (void)state;
    assert_number("217", 217);
    assert_number(" 42 ", 42);
    assert_number("１２３", 123);
    assert_number("７７３０.２８", 7730.28);
}

static void test_thousands_and_signs(void **state)
{
    (void)state;
    assert_number("1,234", 1234);
    assert_number("12,345,678", 12345678);
    assert_number("-18", -18);
    assert_number("减少18", -18);
    assert_number("增加3", 3);
}

static void test_units(void **state)
{
    (void)state;
    nb_number n;
    assert_int_equal(nb_parse_number("25.1万元", &n), NB_NUM_OK);
    assert_true(n.wan);
    assert_true(n.value > 250999.99 && n.value < 251000.01);
    assert_int_equal(nb_parse_number("3940元", &n), NB_NUM_OK);
    assert_true(n.yuan);
    assert_false(n.wan);
    assert_true(n.value == 3940);
    assert_number("12件", 12);
    assert_number("75394432.52元", 75394432.52);
}

static void test_integer_flag(void **state)
{
    (void)state;
    nb_number n;
    assert_int_equal(nb_parse_number("18651.06", &n), NB_NUM_OK);
    assert_false(n.integer);
    assert_int_equal(nb_parse_number("18651", &n), NB_NUM_OK);
    assert_true(n.integer);
}

static void test_blanks_and_words(void **state)
{
    (void)state;
    const char *blanks[] = {"", "—", "-", "/", "无"};
    for (size_t i = 0; i < sizeof blanks / sizeof *blanks; i++) {
        nb_number n = {.value = 99};
        assert_int_equal(nb_parse_number(blanks[i], &n), NB_NUM_BLANK);
        assert_true(n.value == 0); /* out is always initialised */
    }
    assert_int_equal(nb_parse_number("予以公开", NULL), NB_NUM_BAD);
    assert_int_equal(nb_parse_number("共15件申请", NULL), NB_NUM_BAD);
}

static void test_format_shortest(void **state)
{
    (void)state;
    const struct {
        double v;
        const char *s;
    } cases[] = {{18651.06, "18651.06"}, {3940, "3940"}, {-18, "-18"}, {0.5, "0.5"}, {96171.6, "96171.6"},
                 {73802895.9, "73802895.9"}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *s = nb_format_number(cases[i].v);
        assert_string_equal(s, cases[i].s);
        g_free(s);
    }
}

static void test_label_spaces_and_numbering(void **state)
{
    (void)state;
    char *a = nb_norm_label("三 、本 年 度办 理 结果");
    char *b = nb_norm_label("三、本年度办理结果");
    assert_string_equal(a, b);
    assert_string_equal(a, "本年度办理结果");
    g_free(a);
    g_free(b);
    a = nb_norm_label("（ 一 ）予以公开");
    assert_string_equal(a, "予以公开");
    g_free(a);
    a = nb_norm_label("5.属于三类内部事务信息");
    assert_string_equal(a, "属于三类内部事务信息");
    g_free(a);
}

static void test_squash_brackets(void **state)
{
    (void)state;
    char *a = nb_norm_squash("（二）部分公开（区分处理的）");
    char *b = nb_norm_squash("(二) 部分公开(区分处理的)");
    assert_string_equal(a, b);
    assert_null(strstr(a, "（"));
    g_free(a);
    g_free(b);
}

static void test_cn_years(void **state)
{
    (void)state;
    char *a = nb_norm_cn_years("二〇二三年度报告，二○一九年，二零二零年");
    assert_string_equal(a, "2023年度报告，2019年，2020年");
    /* not a year: three numerals, or no 年 after four */
    char *b = nb_norm_cn_years("三二一年 一二三四五");
    assert_string_equal(b, "三二一年 一二三四五");
    g_free(a);
    g_free(b);
}

static void test_label_level(void **state)
{
    (void)state;
    assert_int_equal(nb_label_level("一、本年新收政府信息公开申请数量"), 1);
    assert_int_equal(nb_label_level("（三）不予公开"), 2);
    assert_int_equal(nb_label_level("(三)不予公开"), 2);
    assert_int_equal(nb_label_level("1.属于国家秘密"), 3);
    assert_int_equal(nb_label_level("行政许可"), 0);
}

static void test_similarity_of_typos(void **state)
{
    (void)state;
    double typo = nb_edit_similarity("属于三类内部事务信息", "属于三类内容事务信息");
    assert_true(typo >= 0.85 && typo < 1.0);
    double dropped = nb_edit_similarity("其他法律行政法规禁止公开", "其他法律行政止公开");
    assert_true(dropped >= 0.75);
    double other = nb_edit_similarity("属于三类内部事务信息", "属于四类过程性信息");
    assert_true(other < typo);
    assert_true(nb_edit_similarity("规章", "规章") == 1.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_and_fullwidth_digits),
        cmocka_unit_test(test_thousands_and_signs),
        cmocka_unit_test(test_units),
        cmocka_unit_test(test_integer_flag),
        cmocka_unit_test(test_blanks_and_words),
        cmocka_unit_test(test_format_shortest),
        cmocka_unit_test(test_label_spaces_and_numbering),
        cmocka_unit_test(test_squash_brackets),
        cmocka_unit_test(test_label_level),
        cmocka_unit_test(test_cn_years),
        cmocka_unit_test(test_similarity_of_typos),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
