/* test_cellines.c — tables flattened to one cell per line, rebuilt from the
 * text flow: row labels, header lines, wrapped labels, empty cells told by
 * blank lines, and prose left alone. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "layout/cellines.h"

#include <string.h>

/* A text document whose flow is `lines`; an entry "" stands for a blank
 * source line (not added, but it moves the line numbers on). */
static nb_doc *doc_of(const char *const *lines, int n)
{
    nb_doc *d = nb_doc_new();
    for (int i = 0; i < n; i++) {
        if (!*lines[i])
            continue;
        nb_prov p = nb_prov_none(NB_ORIGIN_TEXT);
        p.line = i + 1;
        nb_doc_add_line(d, lines[i], &p);
    }
    return d;
}

/* The first grid row with a cell reading `label`, or -1. */
static int row_with(const nb_grid *g, const char *label)
{
    for (int r = 0; r < nb_grid_rows(g); r++)
        for (int c = 0; c < nb_grid_cols(g); c++)
            if (!strcmp(nb_grid_text(g, r, c), label))
                return r;
    return -1;
}

static void test_rows_groups_and_headers(void **state)
{
    (void)state;
    const char *lines[] = {
        "2023年，本局认真贯彻落实《条例》。",
        "三、收到和处理政府信息公开申请情况",
        "自然人", "法人或其他组织", "总计",
        "一、本年新收政府信息公开申请数量", "12", "3", "15",
        "三、本年度办理结果", "（一）予以公开", "7", "1", "8",
        "（三）不予公开", "1.属于国家", "秘密", "2", "0", "2",
        "2.其他法律行政法规禁止公开", "1", "1", "2",
        "五、存在的主要问题及改进情况",
        "一是公开不够及时。",
    };
    nb_doc *d = doc_of(lines, G_N_ELEMENTS(lines));
    assert_int_equal(nb_cellines_recover(d), 1);
    const nb_grid *g = g_ptr_array_index(d->grids, 0);
    int r = row_with(g, "一、本年新收政府信息公开申请数量");
    assert_true(r >= 0);
    int last = nb_grid_cols(g) - 1;
    assert_string_equal(nb_grid_text(g, r, last), "15");
    assert_string_equal(nb_grid_text(g, r, last - 2), "12");
    /* the group label and its item share a row; a wrapped item is joined */
    r = row_with(g, "（一）予以公开");
    assert_string_equal(nb_grid_text(g, r, 0), "三、本年度办理结果");
    assert_string_equal(nb_grid_text(g, r, last), "8");
    r = row_with(g, "1.属于国家秘密");
    assert_true(r >= 0);
    assert_string_equal(nb_grid_text(g, r, 0), "（三）不予公开");
    /* the next item sits under the same group label (a row span) */
    r = row_with(g, "2.其他法律行政法规禁止公开");
    assert_string_equal(nb_grid_text(g, r, 0), "（三）不予公开");
    assert_string_equal(nb_grid_text(g, r, last), "2");
    /* the text flow is left as it was */
    assert_int_equal(d->lines->len, G_N_ELEMENTS(lines));
    nb_doc_free(d);
}

/* A blank line between values is an empty cell; a wide row without a label
 * (its last header word repeats) keeps all its values. */
static void test_blank_lines_are_empty_cells(void **state)
{
    (void)state;
    const char *lines[] = {
        "规章", "4", "", "9",
        "行政规范性文件", "2", "1", "3",
        "结果维持", "总计", "结果维持", "总计", "", "5", "5", "1",
    };
    nb_doc *d = doc_of(lines, G_N_ELEMENTS(lines));
    assert_int_equal(nb_cellines_recover(d), 1);
    const nb_grid *g = g_ptr_array_index(d->grids, 0);
    int r = row_with(g, "规章");
    assert_string_equal(nb_grid_text(g, r, 1), "4");
    assert_string_equal(nb_grid_text(g, r, 2), "");
    assert_string_equal(nb_grid_text(g, r, 3), "9");
    r = row_with(g, "5");
    assert_true(r >= 0);
    assert_string_equal(nb_grid_text(g, r, 0), ""); /* the empty first cell */
    assert_string_equal(nb_grid_text(g, r, 1), "5");
    assert_string_equal(nb_grid_text(g, r, 3), "1");
    nb_doc_free(d);
}

/* Prose with a number here and there, and documents whose reader found the
 * tables, are left alone. */
static void test_prose_and_tabled_documents_untouched(void **state)
{
    (void)state;
    const char *prose[] = {"一、总体情况", "共公开", "312", "条信息。", "主动公开", "5"};
    nb_doc *d = doc_of(prose, G_N_ELEMENTS(prose));
    assert_int_equal(nb_cellines_recover(d), 0);
    assert_int_equal(d->grids->len, 0);
    nb_doc_free(d);
    const char *rows[] = {"规章", "4", "9", "行政规范性文件", "2", "3"};
    d = doc_of(rows, G_N_ELEMENTS(rows));
    nb_doc_add_grid(d, nb_grid_new());
    assert_int_equal(nb_cellines_recover(d), 0);
    assert_int_equal(d->grids->len, 1);
    nb_doc_free(d);
    assert_int_equal(nb_cellines_recover(NULL), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_groups_and_headers),
        cmocka_unit_test(test_blank_lines_are_empty_cells),
        cmocka_unit_test(test_prose_and_tabled_documents_untouched),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
