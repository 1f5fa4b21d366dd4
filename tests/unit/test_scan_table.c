/* ctest-labels: ocr */
/* test_scan_table.c — which cells of a scanned table get a second look as
 * numbers (nb_scan_value_in_doubt), and which as labels
 * (nb_scan_label_in_doubt).  No OCR: the first readings are given. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "extract/ocr/scan_table.h"

/* A table of `rows` x `cols` one-column cells, read as `texts` (row-major);
 * a text made of digits counts as a number reading, "" as a blank cell. */
typedef struct {
    nb_ruled_table t;
    nb_scan_reading rds[64];
} fixture;

static void fixture_build(fixture *f, int rows, int cols, const char *const *texts)
{
    memset(f, 0, sizeof *f);
    f->t.cells = g_array_new(FALSE, TRUE, sizeof(nb_ruled_cell));
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < cols; c++) {
            nb_ruled_cell cell = {
                {c * 100.0, r * 50.0, c * 100.0 + 100, r * 50.0 + 50}, r, c, 1, 1};
            g_array_append_val(f->t.cells, cell);
            nb_scan_reading *rd = &f->rds[r * cols + c];
            const char *text = texts[r * cols + c];
            rd->text = g_strdup(text);
            rd->has_ink = *text != 0;
            rd->numeric = *text && strspn(text, "0123456789") == strlen(text);
            rd->confidence = 95;
        }
}

static void fixture_clear(fixture *f)
{
    for (guint i = 0; i < f->t.cells->len; i++)
        nb_scan_reading_clear(&f->rds[i]);
    g_array_free(f->t.cells, TRUE);
}

/* A value of a data row read as an ideograph ("34" → 四) in a column of
 * numbers is put in doubt; so is an illegible one.  The labels, the header
 * row and the numbers are not. */
static void test_misread_value_in_numeric_column(void **state)
{
    (void)state;
    const char *texts[] = {
        "信息内容",       "自然人", "商业企业",    "总计", /* header: no numbers */
        "1.本机关不掌握", "389",    "47",          "436",  "2.没有现成信息", "四",   "7",  "41",
        "3.补正后申请",   "19",     "(illegible)", "41",   "1.信访举报",     "||骂", "12", "20",
        "2.重复申请",     ".",      "5",           "9",
    };
    fixture f;
    fixture_build(&f, 6, 4, texts);
    f.rds[21].numeric = TRUE;                              /* the digit engine read "." */
    assert_true(nb_scan_value_in_doubt(&f.t, f.rds, 9));   /* 四 */
    assert_true(nb_scan_value_in_doubt(&f.t, f.rds, 17));  /* ||骂 */
    assert_true(nb_scan_value_in_doubt(&f.t, f.rds, 21));  /* . */
    assert_true(nb_scan_value_in_doubt(&f.t, f.rds, 14));  /* illegible */
    assert_false(nb_scan_value_in_doubt(&f.t, f.rds, 8));  /* the label */
    assert_false(nb_scan_value_in_doubt(&f.t, f.rds, 1));  /* a header cell */
    assert_false(nb_scan_value_in_doubt(&f.t, f.rds, 10)); /* a number */
    fixture_clear(&f);
}

/* A short label in a column of labels (a sub-row label such as 其他 between
 * the group label and the numbers) is not a value, even in a row of numbers. */
static void test_short_label_column_left_alone(void **state)
{
    (void)state;
    const char *texts[] = {
        "（六）其他处理", "不补正", "12", "30", "（六）其他处理", "未缴费", "5", "8",
        "（六）其他处理", "其他",   "61", "77",
    };
    fixture f;
    fixture_build(&f, 3, 4, texts);
    assert_false(nb_scan_value_in_doubt(&f.t, f.rds, 9));
    fixture_clear(&f);
}

/* A sub-table whose column has one other data row (规章 above 行政规范性文件):
 * that row's number is enough evidence, the header rows between do not
 * count against it. */
static void test_two_row_sub_table(void **state)
{
    (void)state;
    const char *texts[] = {
        "信息内容",
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
        "规章",
        "9",
        "57",
        "17",
        "信息内容",
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
        "行政规范性文件",
        "本",
        "32",
        "59",
    };
    fixture f;
    fixture_build(&f, 4, 4, texts);
    assert_true(nb_scan_value_in_doubt(&f.t, f.rds, 13));
    /* without any number in the row, the same reading is left alone */
    g_free(f.rds[14].text), f.rds[14].text = g_strdup(""), f.rds[14].numeric = FALSE;
    f.rds[14].has_ink = FALSE;
    g_free(f.rds[15].text), f.rds[15].text = g_strdup(""), f.rds[15].numeric = FALSE;
    f.rds[15].has_ink = FALSE;
    assert_false(nb_scan_value_in_doubt(&f.t, f.rds, 13));
    fixture_clear(&f);
}

/* A two-line label read as a digit ("5.要求行政机关确认…" → "6") in a
 * column of labels is put in doubt as a label; a number in a column of
 * numbers, a label column with too few labels, and a row of no other
 * number are not. */
static void test_misread_label_in_label_column(void **state)
{
    (void)state;
    const char *texts[] = {
        "（五）不予处理", "1.信访举报", "36", "188", "（五）不予处理", "2.重复申请", "31", "187",
        "（五）不予处理", "3.出版物",   "0",  "51",  "（五）不予处理", "4.无正当",   "30", "196",
        "（五）不予处理", "6",          "21", "86",
    };
    fixture f;
    fixture_build(&f, 5, 4, texts);
    assert_true(nb_scan_label_in_doubt(&f.t, f.rds, 17));   /* "6" among the labels */
    assert_false(nb_scan_label_in_doubt(&f.t, f.rds, 18));  /* a value */
    assert_false(nb_scan_label_in_doubt(&f.t, f.rds, 13));  /* a label */
    assert_false(nb_scan_value_in_doubt(&f.t, f.rds, 17));  /* not a value in doubt */
    /* two labels left in the column are not enough evidence */
    for (int k = 1; k <= 9; k += 4) {
        g_free(f.rds[k].text), f.rds[k].text = g_strdup("12"), f.rds[k].numeric = TRUE;
    }
    assert_false(nb_scan_label_in_doubt(&f.t, f.rds, 17));
    fixture_clear(&f);
    /* alone in its row, the digit is no label in doubt */
    const char *alone[] = {"1.信访举报", "36", "2.重复申请", "31", "3.出版物", "5", "6", ""};
    fixture_build(&f, 4, 2, alone);
    assert_false(nb_scan_label_in_doubt(&f.t, f.rds, 6));
    fixture_clear(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_misread_value_in_numeric_column),
        cmocka_unit_test(test_short_label_column_left_alone),
        cmocka_unit_test(test_two_row_sub_table),
        cmocka_unit_test(test_misread_label_in_label_column),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
