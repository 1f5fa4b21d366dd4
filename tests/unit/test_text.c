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

/* A short label with a label-only line under it is a row of blank cells,
 * not a wrapped label (the wrapped labels themselves: k_grid_cases). */
static void test_spaces_label_only_line(void **state)
{
    (void)state;
    nb_doc *d = read_str("信息内容            本年处理决定数量\n"
                         "行政规范性文件             3\n"
                         "行政处罚                   53\n"
                         "行政强制\n");
    assert_int_equal(d->grids->len, 1);
    const nb_grid *g = g_ptr_array_index(d->grids, 0);
    assert_string_equal(nb_grid_text(g, 1, 0), "行政处罚");
    assert_string_equal(line_text(d, d->lines->len - 1), "行政强制");
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

/* ---- texts that give one grid ------------------------------------------ */

typedef struct {
    guint row, col;
    const char *text;
    int line; /* the cell's provenance line, 0 = not asserted */
} cell_want;

typedef struct {
    const char *text;
    guint rows, cols; /* 0 = not asserted */
    int warnings;     /* -1 = not asserted */
    cell_want cells[8]; /* up to the first without text */
} grid_case;

static const grid_case k_grid_cases[] = {
    /* Section 四 cut into one captioned table per group: one grid, the
     * captions over the shared header over the values, side by side. */
    {"### 行政复议\n"
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
     "五、存在的主要问题\n",
     3, 15, -1,
     {{0, 0, "行政复议", 0}, {0, 9, "行政诉讼（未经复议直接起诉）", 0}, {1, 14, "总计", 0},
      {2, 4, "61", 0}, {2, 10, "8", 0}, {2, 14, "10", 12}}},
    /* Laid out with spaces, a blank cell is spaces: each value goes to the
     * column it sits under (a CJK character is two columns wide), the blanks
     * become empty cells. */
    {"项目          甲      乙      丙      丁\n"
     "一、新收        1       2       3       4\n"
     "二、结转               26               3\n"
     "三、其他        5\n",
     0, 0, 0,
     {{1, 0, "二、结转", 0}, {1, 1, "", 0}, {1, 2, "26", 0}, {1, 3, "", 0}, {1, 4, "3", 0},
      {2, 1, "5", 0}, {2, 4, "", 0}}},
    /* Labels wrapped in a narrow table laid out with spaces: a continuation
     * under a label that fills its column joins it (values on the first
     * line), a numbered piece opens the next row's label (values on a later
     * line), a group label above its sub-row goes to that row. */
    {"                1.属于国家秘密        1       2\n"
     "                2.其他法律行政法      3       4\n"
     "                规禁止公开\n"
     "                5.要求行政机关确\n"
     "（五）不予处理  认或重新出具已获      5       6\n"
     "                取信息\n"
     "                3.补正后申请内容      7       8\n"
     "                仍不明确\n",
     4, 0, -1,
     {{1, 0, "2.其他法律行政法规禁止公开", 0},
      {2, 0, "（五）不予处理5.要求行政机关确认或重新出具已获取信息", 0}, {2, 1, "5", 0},
      {3, 0, "3.补正后申请内容仍不明确", 0}}},
    /* Column headers printed one character per line (vertical headers): the
     * header lines together give the columns, so a first column left blank
     * is an empty cell, and a header line is never taken for a wrapped
     * label. */
    {"          行政复议\n"
     "结果维持   结   其   尚\n"
     "           果   他   未   总\n"
     "           纠   结   审   计\n"
     "           13   10   6    29\n",
     0, 5, -1,
     {{0, 0, "", 0}, {0, 1, "13", 0}, {0, 4, "29", 0}}},
    /* A value halfway between two columns is a doubt: the row stays as
     * printed and a warning names its line. */
    {"一、新收        1       2       3       4\n"
     "二、结转                   26\n",
     0, 0, 1,
     {{1, 1, "26", 0}}},
    /* A row alone under its header line: the header's words are the
     * columns. */
    {"信息内容        上一年项目数量      本年增/减\n"
     "行政事业性收费              41\n",
     0, 0, -1,
     {{0, 0, "行政事业性收费", 0}, {0, 1, "41", 0}, {0, 2, "", 0}}},
};

/* Each text of k_grid_cases gives exactly one grid with the cells, sizes and
 * warnings the case asks for. */
static void test_grid_cases(void **state)
{
    (void)state;
    for (gsize i = 0; i < G_N_ELEMENTS(k_grid_cases); i++) {
        const grid_case *c = &k_grid_cases[i];
        print_message("grid case %" G_GSIZE_FORMAT "\n", i);
        nb_doc *d = read_str(c->text);
        assert_int_equal(d->grids->len, 1);
        const nb_grid *g = g_ptr_array_index(d->grids, 0);
        if (c->rows)
            assert_int_equal(nb_grid_rows(g), c->rows);
        if (c->cols)
            assert_int_equal(nb_grid_cols(g), c->cols);
        if (c->warnings >= 0)
            assert_int_equal(d->warnings->len, c->warnings);
        for (const cell_want *w = c->cells; w < c->cells + G_N_ELEMENTS(c->cells) && w->text; w++) {
            assert_string_equal(nb_grid_text(g, w->row, w->col), w->text);
            if (w->line)
                assert_int_equal(nb_grid_cell(g, w->row, w->col)->prov.line, w->line);
        }
        nb_doc_free(d);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_md_heading_and_rule),
        cmocka_unit_test(test_md_hash_without_space_is_text),
        cmocka_unit_test(test_md_different_tables_stay_apart),
        cmocka_unit_test(test_spaces_label_only_line),
        cmocka_unit_test(test_grid_cases),
        cmocka_unit_test(test_browser_furniture_dropped),
        cmocka_unit_test(test_running_header_dropped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
