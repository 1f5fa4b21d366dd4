/* test_flat.c — grids rebuilt from flattened rows whose spans were lost. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "layout/flat.h"

#include <string.h>

/* A row from a '|'-separated literal ("a|b|c"), cells numbered by line. */
static GPtrArray *row_of(const char *cells, int line)
{
    GPtrArray *row = g_ptr_array_new_with_free_func(nb_flat_cell_free);
    char **parts = g_strsplit(cells, "|", -1);
    for (char **p = parts; *p; p++)
        g_ptr_array_add(row, nb_flat_cell_new(*p, line));
    g_strfreev(parts);
    return row;
}

static GPtrArray *rows_of(const char *const *lines, int n)
{
    GPtrArray *rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
    for (int i = 0; i < n; i++)
        g_ptr_array_add(rows, row_of(lines[i], i + 1));
    return rows;
}

/* "（三）不予公开 | 1.属于国家秘密 | values" then "2.其他… | values": the
 * group label spans both rows, and the values line up. */
static void test_group_label_spans_rows(void **state)
{
    (void)state;
    const char *lines[] = {
        "（三）不予公开|1.属于国家秘密|3|1|4|1|5|9|23",
        "2.其他法律行政法规禁止公开|2|6|5|3|5|8|29",
        "3.危及“三安全一稳定”|9|7|9|3|2|3|33",
    };
    GPtrArray *rows = rows_of(lines, 3);
    nb_grid *g = nb_flat_build(rows);
    assert_int_equal(nb_grid_rows(g), 3);
    assert_string_equal(nb_grid_text(g, 1, 0), "（三）不予公开");
    assert_string_equal(nb_grid_text(g, 2, 0), "（三）不予公开");
    assert_string_equal(nb_grid_text(g, 1, 1), "2.其他法律行政法规禁止公开");
    assert_string_equal(nb_grid_text(g, 1, 2), "2");
    assert_string_equal(nb_grid_text(g, 2, 8), "33");
    const nb_cell *anchor = nb_grid_cell(g, 0, 0);
    assert_true(anchor->anchor);
    assert_int_equal(anchor->rowspan, 3);
    const nb_cell *covered = nb_grid_cell(g, 2, 0);
    assert_false(covered->anchor);
    assert_int_equal(covered->anchor_row, 0);
    /* provenance: the line each value came from */
    assert_int_equal(nb_grid_cell(g, 2, 8)->prov.line, 3);
    nb_grid_free(g);
    g_ptr_array_free(rows, TRUE);
}

/* "（七）总计" after a group is not inside the group: it spans the label
 * columns itself and its values stay aligned with the rows above. */
static void test_sibling_row_leaves_group(void **state)
{
    (void)state;
    const char *lines[] = {
        "（六）其他处理|1.申请人无正当理由逾期不补正|2|1|1|1|1|1|7",
        "3.其他|4|1|1|1|1|1|9",
        "（七）总计|12|11|13|14|15|16|81",
    };
    GPtrArray *rows = rows_of(lines, 3);
    nb_grid *g = nb_flat_build(rows);
    assert_string_equal(nb_grid_text(g, 2, 0), "（七）总计");
    assert_string_equal(nb_grid_text(g, 2, 2), "12");
    assert_string_equal(nb_grid_text(g, 2, 8), "81");
    assert_string_equal(nb_grid_text(g, 1, 0), "（六）其他处理");
    nb_grid_free(g);
    g_ptr_array_free(rows, TRUE);
}

static void test_header_rows_are_kept(void **state)
{
    (void)state;
    const char *lines[] = {
        "信息内容|本年制发件数|本年废止件数|现行有效件数",
        "规章|5|2|17",
        "行政规范性文件|11|3|48",
    };
    GPtrArray *rows = rows_of(lines, 3);
    nb_grid *g = nb_flat_build(rows);
    assert_int_equal(nb_grid_rows(g), 3);
    assert_string_equal(nb_grid_text(g, 0, 1), "本年制发件数");
    assert_string_equal(nb_grid_text(g, 2, 0), "行政规范性文件");
    assert_string_equal(nb_grid_text(g, 2, 3), "48");
    nb_grid_free(g);
    g_ptr_array_free(rows, TRUE);
}

static void test_is_value(void **state)
{
    (void)state;
    assert_true(nb_flat_is_value("1,234"));
    assert_true(nb_flat_is_value("—"));
    assert_true(nb_flat_is_value("减少18"));
    assert_true(nb_flat_is_value("２５"));
    assert_false(nb_flat_is_value("规章"));
    assert_false(nb_flat_is_value("1.属于国家秘密"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_group_label_spans_rows),
        cmocka_unit_test(test_sibling_row_leaves_group),
        cmocka_unit_test(test_header_rows_are_kept),
        cmocka_unit_test(test_is_value),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
