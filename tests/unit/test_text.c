/* test_text.c — the plain-text reader's layout rules: Markdown from
 * PDF-to-Markdown converters, text laid out with spaces. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "extract/reader.h"

#include <string.h>

static nb_doc *read_str(const char *s)
{
    nb_error err = {0};
    nb_doc *doc = nb_read_text((const guchar *)s, strlen(s), NULL, &err);
    assert_non_null(doc);
    nb_error_clear(&err);
    return doc;
}

static const char *line_text(const nb_doc *d, guint i)
{
    return ((const nb_line *)g_ptr_array_index(d->lines, i))->text;
}

/* "## 一、总体情况": the hashes are markup; "|---|---|" is no table row. */
static void test_md_heading_and_rule(void **state)
{
    (void)state;
    nb_doc *d = read_str("# 某县人民政府 2025 年 政府信息公开工作年度报告\n"
                         "## 二、主动公开政府信息情况\n"
                         "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n"
                         "|:---|---:|---|---|\n"
                         "| 规章 | 3 | 0 | 8 |\n");
    assert_string_equal(line_text(d, 0), "某县人民政府 2025 年 政府信息公开工作年度报告");
    assert_string_equal(line_text(d, 1), "二、主动公开政府信息情况");
    assert_int_equal(d->grids->len, 1);
    const nb_grid *g = g_ptr_array_index(d->grids, 0);
    assert_int_equal(nb_grid_rows(g), 2);
    assert_string_equal(nb_grid_text(g, 1, 0), "规章");
    assert_string_equal(nb_grid_text(g, 1, 3), "8");
    nb_doc_free(d);
}

/* "#hashtag" without a space is text, not a heading. */
static void test_md_hash_without_space_is_text(void **state)
{
    (void)state;
    nb_doc *d = read_str("#话题 文字\n");
    assert_string_equal(line_text(d, 0), "#话题 文字");
    nb_doc_free(d);
}

/* Section 四 cut into one captioned table per group: one grid, the
 * captions over the shared header over the values, side by side. */
static void test_md_captioned_tables_join(void **state)
{
    (void)state;
    nb_doc *d = read_str("### 行政复议\n"
                         "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n"
                         "|---|---|---|---|---|\n"
                         "| 27 | 10 | 9 | 15 | 61 |\n"
                         "\n"
                         "### 行政诉讼（未经复议直接起诉）\n"
                         "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n"
                         "|---|---|---|---|---|\n"
                         "| 3 | 0 | 0 | 0 | 3 |\n"
                         "### 行政诉讼（复议后起诉）\n"
                         "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n"
                         "| 8 | 0 | 1 | 1 | 10 |\n"
                         "五、存在的主要问题\n");
    assert_int_equal(d->grids->len, 1);
    const nb_grid *g = g_ptr_array_index(d->grids, 0);
    assert_int_equal(nb_grid_rows(g), 3);
    assert_int_equal(nb_grid_cols(g), 15);
    assert_string_equal(nb_grid_text(g, 0, 0), "行政复议");
    assert_string_equal(nb_grid_text(g, 0, 9), "行政诉讼（未经复议直接起诉）");
    assert_string_equal(nb_grid_text(g, 1, 14), "总计");
    assert_string_equal(nb_grid_text(g, 2, 4), "61");
    assert_string_equal(nb_grid_text(g, 2, 10), "8");
    assert_int_equal(nb_grid_cell(g, 2, 14)->prov.line, 12);
    nb_doc_free(d);
}

/* Captioned tables of different headers stay apart. */
static void test_md_different_tables_stay_apart(void **state)
{
    (void)state;
    nb_doc *d = read_str("### 甲\n"
                         "| 结果维持 | 总计 |\n"
                         "| 1 | 2 |\n"
                         "### 乙\n"
                         "| 商业企业 | 科研机构 | 其他 |\n"
                         "| 1 | 2 | 3 |\n");
    assert_int_equal(d->grids->len, 2);
    assert_int_equal(nb_grid_cols(g_ptr_array_index(d->grids, 0)), 2);
    assert_int_equal(nb_grid_cols(g_ptr_array_index(d->grids, 1)), 3);
    nb_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_md_heading_and_rule),
        cmocka_unit_test(test_md_hash_without_space_is_text),
        cmocka_unit_test(test_md_captioned_tables_join),
        cmocka_unit_test(test_md_different_tables_stay_apart),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
