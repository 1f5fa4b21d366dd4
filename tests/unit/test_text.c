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

/* Laid out with spaces, a blank cell is spaces: each value goes to the
 * column it sits under (a CJK character is two columns wide), the blanks
 * become empty cells. */
static void test_spaces_values_by_position(void **state)
{
    (void)state;
    nb_doc *d = read_str("项目          甲      乙      丙      丁\n"
                         "一、新收        1       2       3       4\n"
                         "二、结转               26               3\n"
                         "三、其他        5\n");
    assert_int_equal(d->grids->len, 1);
    const nb_grid *g = g_ptr_array_index(d->grids, 0);
    assert_string_equal(nb_grid_text(g, 1, 0), "二、结转");
    assert_string_equal(nb_grid_text(g, 1, 1), "");
    assert_string_equal(nb_grid_text(g, 1, 2), "26");
    assert_string_equal(nb_grid_text(g, 1, 3), "");
    assert_string_equal(nb_grid_text(g, 1, 4), "3");
    assert_string_equal(nb_grid_text(g, 2, 1), "5");
    assert_string_equal(nb_grid_text(g, 2, 4), "");
    assert_int_equal(d->warnings->len, 0);
    nb_doc_free(d);
}

/* Labels wrapped in a narrow table laid out with spaces: a continuation
 * under a label that fills its column joins it (values on the first line),
 * a numbered piece opens the next row's label (values on a later line), a
 * group label above its sub-row goes to that row; a short label with a
 * label-only line under it is a row of blank cells, not wrapped. */
static void test_spaces_wrapped_labels(void **state)
{
    (void)state;
    nb_doc *d = read_str("                1.属于国家秘密        1       2\n"
                         "                2.其他法律行政法      3       4\n"
                         "                规禁止公开\n"
                         "                5.要求行政机关确\n"
                         "（五）不予处理  认或重新出具已获      5       6\n"
                         "                取信息\n"
                         "                3.补正后申请内容      7       8\n"
                         "                仍不明确\n");
    assert_int_equal(d->grids->len, 1);
    const nb_grid *g = g_ptr_array_index(d->grids, 0);
    assert_int_equal(nb_grid_rows(g), 4);
    assert_string_equal(nb_grid_text(g, 1, 0), "2.其他法律行政法规禁止公开");
    assert_string_equal(nb_grid_text(g, 2, 0), "（五）不予处理5.要求行政机关确认或重新出具已获取信息");
    assert_string_equal(nb_grid_text(g, 2, 1), "5");
    assert_string_equal(nb_grid_text(g, 3, 0), "3.补正后申请内容仍不明确");
    nb_doc_free(d);
    d = read_str("信息内容            本年处理决定数量\n"
                 "行政规范性文件             3\n"
                 "行政处罚                   53\n"
                 "行政强制\n");
    assert_int_equal(d->grids->len, 1);
    g = g_ptr_array_index(d->grids, 0);
    assert_string_equal(nb_grid_text(g, 1, 0), "行政处罚");
    assert_string_equal(line_text(d, d->lines->len - 1), "行政强制");
    nb_doc_free(d);
}

/* Column headers printed one character per line (vertical headers): the
 * header lines together give the columns, so a first column left blank is
 * an empty cell, and a header line is never taken for a wrapped label. */
static void test_spaces_vertical_header_columns(void **state)
{
    (void)state;
    nb_doc *d = read_str("          行政复议\n"
                         "结果维持   结   其   尚\n"
                         "           果   他   未   总\n"
                         "           纠   结   审   计\n"
                         "           13   10   6    29\n");
    assert_int_equal(d->grids->len, 1);
    const nb_grid *g = g_ptr_array_index(d->grids, 0);
    assert_int_equal(nb_grid_cols(g), 5);
    assert_string_equal(nb_grid_text(g, 0, 0), "");
    assert_string_equal(nb_grid_text(g, 0, 1), "13");
    assert_string_equal(nb_grid_text(g, 0, 4), "29");
    nb_doc_free(d);
}

/* A value halfway between two columns is a doubt: the row stays as
 * printed and a warning names its line. */
static void test_spaces_value_between_columns(void **state)
{
    (void)state;
    nb_doc *d = read_str("一、新收        1       2       3       4\n"
                         "二、结转                   26\n");
    const nb_grid *g = g_ptr_array_index(d->grids, 0);
    assert_string_equal(nb_grid_text(g, 1, 1), "26");
    assert_int_equal(d->warnings->len, 1);
    nb_doc_free(d);
}

/* A row alone under its header line: the header's words are the columns. */
static void test_spaces_columns_from_header(void **state)
{
    (void)state;
    nb_doc *d = read_str("信息内容        上一年项目数量      本年增/减\n"
                         "行政事业性收费              41\n");
    const nb_grid *g = g_ptr_array_index(d->grids, 0);
    assert_string_equal(nb_grid_text(g, 0, 0), "行政事业性收费");
    assert_string_equal(nb_grid_text(g, 0, 1), "41");
    assert_string_equal(nb_grid_text(g, 0, 2), "");
    nb_doc_free(d);
}

/* A web page printed to PDF, then to text: the browser's header and footer
 * on every page (date and title, address and "n/m") stay out of the text. */
static void test_browser_furniture_dropped(void **state)
{
    (void)state;
    nb_doc *d = read_str("2026/1/4 10:00    某局2025年政府信息公开工作年度报告\n"
                         "某局2025年政府信息公开工作年度报告\n"
                         "正文第一页\n"
                         "https://www.example.gov.cn/art/1.html    1/2\n"
                         "\f2026/1/4 10:00    某局2025年政府信息公开工作年度报告\n"
                         "正文第二页\n"
                         "https://www.example.gov.cn/art/1.html    2/2\n");
    assert_int_equal(d->lines->len, 3);
    assert_string_equal(line_text(d, 0), "某局2025年政府信息公开工作年度报告");
    assert_string_equal(line_text(d, 2), "正文第二页");
    assert_int_equal(((const nb_line *)g_ptr_array_index(d->lines, 2))->prov.line, 6);
    nb_doc_free(d);
}

/* A running header repeated at the top of every form-feed page goes too;
 * the same words once in the body stay. */
static void test_running_header_dropped(void **state)
{
    (void)state;
    nb_doc *d = read_str("某局年报 第1页\n正文甲\n\f某局年报 第2页\n正文乙\n\f某局年报 第3页\n正文丙\n");
    assert_int_equal(d->lines->len, 3);
    assert_string_equal(line_text(d, 1), "正文乙");
    nb_doc_free(d);
    /* values that open several pages are no furniture */
    d = read_str("规章\n49\n\f12\n行政许可\n\f37\n行政处罚\n");
    assert_int_equal(d->lines->len, 6);
    assert_string_equal(line_text(d, 1), "49");
    nb_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_md_heading_and_rule),
        cmocka_unit_test(test_md_hash_without_space_is_text),
        cmocka_unit_test(test_md_captioned_tables_join),
        cmocka_unit_test(test_md_different_tables_stay_apart),
        cmocka_unit_test(test_spaces_values_by_position),
        cmocka_unit_test(test_spaces_value_between_columns),
        cmocka_unit_test(test_spaces_wrapped_labels),
        cmocka_unit_test(test_spaces_vertical_header_columns),
        cmocka_unit_test(test_spaces_columns_from_header),
        cmocka_unit_test(test_browser_furniture_dropped),
        cmocka_unit_test(test_running_header_dropped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
