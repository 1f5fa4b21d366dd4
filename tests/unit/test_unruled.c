/* test_unruled.c — tables drawn without rulings in a text layer whose zeros
 * are printed as blank cells (layout/pdfgrid_unruled.c,
 * nb_pdf_tables_unruled_blanks): values placed by position, rows printed
 * blank, a lone row placed under its header cells. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "layout/pdfgrid.h"
#include "layout/pdfpage.h"

#include <string.h>

#define SIZE 10.0

/* Glyphs for `text` laid left to right from (x, y), one font size apart. */
static void add_text(nb_page_text *p, const char *text, double x, double y)
{
    for (const char *c = text; *c; c = g_utf8_next_char(c)) {
        nb_glyph g = {g_utf8_get_char(c), {x, y, x + SIZE, y + SIZE}, SIZE};
        g_array_append_val(p->glyphs, g);
        x += SIZE;
    }
}

/* Values right-aligned in columns 40 points wide from x = 240 ("" leaves
 * the cell blank). */
static void add_values(nb_page_text *p, const char *const *values, int n, double y)
{
    for (int k = 0; k < n; k++)
        if (*values[k])
            add_text(p, values[k], 240 + 40 * k - SIZE * (double)strlen(values[k]), y);
}

/* The text of the cell anchored at (row, col), or NULL when there is none. */
static const char *cell_text(const nb_pdf_table *t, int row, int col)
{
    for (guint i = 0; i < t->cells->len; i++) {
        const nb_pdf_cell *c = g_ptr_array_index(t->cells, i);
        if (c->row == row && c->col == col)
            return c->text;
    }
    return NULL;
}

static GPtrArray *tables_of(const nb_page_text *p, gboolean blanks)
{
    gboolean *used = g_new0(gboolean, p->glyphs->len);
    GPtrArray *t = nb_pdf_tables_unruled_blanks(p, used, blanks);
    g_free(used);
    return t;
}

/* Rows printing different numbers of values stay one table; each value
 * goes to the column it stands in, the others are blank cells; a numbered
 * label with no value between two numbered rows is a row of blank cells,
 * also when its line carries the end of a group label close beside it. */
static void test_blank_cells_by_position(void **state)
{
    (void)state;
    nb_page_text *p = nb_page_text_new(1, 595, 842);
    const char *full[] = {"51", "46", "51", "6", "23", "35", "212"};
    const char *gaps[] = {"32", "", "31", "", "10", "11", "84"};
    add_text(p, "1.属于国家秘密", 64, 100);
    add_values(p, full, 7, 100);
    add_text(p, "（三）不予公", 0, 120);
    add_text(p, "2.其他法律", 64, 120); /* 0.4 font sizes after the group label */
    add_text(p, "开", 0, 135);
    add_text(p, "3.危及稳定", 64, 140);
    add_values(p, gaps, 7, 140);
    GPtrArray *tables = tables_of(p, TRUE);
    assert_int_equal(tables->len, 1);
    const nb_pdf_table *t = g_ptr_array_index(tables, 0);
    assert_int_equal(t->rows, 3);
    assert_string_equal(cell_text(t, 0, 1), "1.属于国家秘密");
    assert_string_equal(cell_text(t, 1, 1), "2.其他法律");
    assert_string_equal(cell_text(t, 2, 1), "3.危及稳定");
    for (int k = 0; k < 7; k++) {
        assert_string_equal(cell_text(t, 0, 2 + k), full[k]);
        assert_string_equal(cell_text(t, 1, 2 + k), "");
        assert_string_equal(cell_text(t, 2, 2 + k), gaps[k]);
    }
    g_ptr_array_free(tables, TRUE);

    /* without blanks (OCR, where a value may be missing because it was not
     * read) rows of another count are another table, never placed by
     * position */
    tables = tables_of(p, FALSE);
    for (guint i = 0; i < tables->len; i++) {
        const nb_pdf_table *o = g_ptr_array_index(tables, i);
        for (guint k = 0; k < o->cells->len; k++) {
            const nb_pdf_cell *c = g_ptr_array_index(o->cells, k);
            if (c->col >= 2)
                assert_true(*c->text);
        }
    }
    g_ptr_array_free(tables, TRUE);
    nb_page_text_free(p);
}

/* A lone row of values without label under its header cells (section 四):
 * the lowest header cells are the columns, a blank cell stays where it is
 * rather than the values moving left. */
static void test_lone_row_under_header(void **state)
{
    (void)state;
    nb_page_text *p = nb_page_text_new(1, 595, 842);
    add_text(p, "行政复议", 235, 60);
    const char *heads[] = {"维持", "纠正", "其他", "审结", "总计"};
    for (int k = 0; k < 5; k++)
        add_text(p, heads[k], 220 + 40 * k, 80);
    const char *vals[] = {"5", "6", "", "7", "18"};
    add_values(p, vals, 5, 100);
    GPtrArray *tables = tables_of(p, TRUE);
    assert_int_equal(tables->len, 1);
    const nb_pdf_table *t = g_ptr_array_index(tables, 0);
    for (int k = 0; k < 5; k++)
        assert_string_equal(cell_text(t, 0, 2 + k), vals[k]);
    /* no empty label cells that would read as leading blank values */
    assert_null(cell_text(t, 0, 0));
    g_ptr_array_free(tables, TRUE);
    nb_page_text_free(p);
}

/* Values of two rows that do not share columns (two values of one row in
 * one column) end the table rather than being placed by position. */
static void test_rows_without_shared_columns(void **state)
{
    (void)state;
    nb_page_text *p = nb_page_text_new(1, 595, 842);
    const char *a[] = {"1", "2", "3"};
    add_text(p, "一、甲", 60, 100);
    add_values(p, a, 3, 100);
    add_text(p, "二、乙", 60, 120);
    add_text(p, "1234567", 225, 120); /* over the first two columns */
    add_text(p, "9", 310, 120);
    GPtrArray *tables = tables_of(p, TRUE);
    for (guint i = 0; i < tables->len; i++) {
        const nb_pdf_table *t = g_ptr_array_index(tables, i);
        assert_true(t->rows == 1);
    }
    g_ptr_array_free(tables, TRUE);
    nb_page_text_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_blank_cells_by_position),
        cmocka_unit_test(test_lone_row_under_header),
        cmocka_unit_test(test_rows_without_shared_columns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
