/* test_glued.c — the glued-text splitter on the literal examples of issue 8,
 * the constraint problem, and recovery of whole tables from a text flow. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "layout/model/doc.h"
#include "schemas/glued.h"
#include "schemas/rules.h"
#include "schemas/schema.h"

#include <string.h>

static const nb_schema *schema(const char *name)
{
    const nb_schema *s = nb_schema_find(nb_schema_set_default(), name);
    assert_non_null(s);
    return s;
}

/* The splits of `run` joined as "a|b|c", one per array entry. */
static GPtrArray *splits_of(const char *tmpl, const char *table, const char *row, const char *run,
                            gboolean *limited)
{
    const nb_schema *s = schema(tmpl);
    GPtrArray *eqs = nb_rules_expand(s);
    GPtrArray *sp = nb_glued_split_run(s, eqs, table, row, run, NULL, limited);
    assert_non_null(sp);
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < sp->len; i++)
        g_ptr_array_add(out, g_strjoinv("|", ((nb_glued_split *)g_ptr_array_index(sp, i))->cells));
    g_ptr_array_free(sp, TRUE);
    g_ptr_array_free(eqs, TRUE);
    return out;
}

static void assert_only_split(const char *tmpl, const char *table, const char *row,
                              const char *run, const char *want)
{
    gboolean limited = TRUE;
    GPtrArray *got = splits_of(tmpl, table, row, run, &limited);
    assert_false(limited);
    assert_int_equal(got->len, 1);
    assert_string_equal(g_ptr_array_index(got, 0), want);
    g_ptr_array_free(got, TRUE);
}

static gboolean contains(GPtrArray *a, const char *s)
{
    for (guint i = 0; i < a->len; i++)
        if (!strcmp(g_ptr_array_index(a, i), s))
            return TRUE;
    return FALSE;
}

/* ---- one run ---- */

static void test_row_total_pins_split(void **state)
{
    (void)state;
    assert_only_split("2021", "applications", "new_received", "21710000218", "217|1|0|0|0|0|218");
    assert_only_split("2021", "applications", "denied_internal_affairs", "320000032",
                      "32|0|0|0|0|0|32");
    /* stray spaces from <p> breaks are not boundaries */
    assert_only_split("2019", "applications", "new_received", "200 000121", "20|0|0|0|0|1|21");
}

static void test_wide_row_groups(void **state)
{
    (void)state;
    assert_only_split("2021", "reviews_litigation", NULL, "21317000001324019",
                      "2|1|3|1|7|0|0|0|0|0|13|2|4|0|19");
    assert_only_split("2019", "reviews_litigation", NULL, "000000000000000",
                      "0|0|0|0|0|0|0|0|0|0|0|0|0|0|0");
}

static void test_no_leading_zero(void **state)
{
    (void)state;
    assert_only_split("2019", "active_disclosure", "regulations", "007", "0|0|7");
    assert_only_split("2021", "active_disclosure", "regulations", "000", "0|0|0");
}

static void test_sign_only_where_the_column_is_signed(void **state)
{
    (void)state;
    assert_only_split("2019", "active_disclosure", "fees", "35-15", "35|-15");
    gboolean limited = TRUE;
    GPtrArray *got = splits_of("2019", "active_disclosure", "punishment", "2648-18538", &limited);
    assert_false(limited);
    assert_true(contains(got, "2648|-18|538"));
    assert_true(got->len > 1); /* no sum pins section 二 */
    for (guint i = 0; i < got->len; i++) /* only 本年增/减 may be negative */
        assert_true(g_str_has_prefix(g_ptr_array_index(got, i), "2648|-"));
    /* the number grammar's sign words mark the signed cell the same way */
    GPtrArray *words = splits_of("2019", "active_disclosure", "punishment", "2648减少18538", &limited);
    assert_int_equal(words->len, got->len);
    assert_true(contains(words, "2648|-18|538"));
    g_ptr_array_free(words, TRUE);
    g_ptr_array_free(got, TRUE);
    assert_only_split("2019", "active_disclosure", "fees", "35增加15", "35|+15");
}

static void test_money_with_unit(void **state)
{
    (void)state;
    const nb_schema *s = schema("2019");
    GPtrArray *sp = nb_glued_split_run(s, NULL, "active_disclosure", "procurement",
                                       "39573802895.90元", NULL, NULL);
    assert_non_null(sp);
    assert_true(sp->len > 1);
    gboolean found = FALSE;
    for (guint i = 0; i < sp->len; i++) {
        const nb_glued_split *x = g_ptr_array_index(sp, i);
        assert_null(strchr(x->cells[0], '.')); /* items count: no decimals */
        if (!strcmp(x->cells[0], "395")) {
            assert_string_equal(x->cells[1], "73802895.90元");
            assert_true(x->values[1] > 73802895.89 && x->values[1] < 73802895.91);
            found = TRUE;
        }
    }
    assert_true(found);
    g_ptr_array_free(sp, TRUE);
}

static void test_long_run_is_bounded(void **state)
{
    (void)state;
    GString *run = g_string_new(NULL);
    for (int i = 0; i < 200; i++)
        g_string_append_c(run, (char)('1' + i % 9));
    gboolean limited = TRUE;
    GPtrArray *got = splits_of("2021", "applications", "granted", run->str, &limited);
    assert_int_equal(got->len, 0); /* 7 cells of at most 15 digits cannot hold 200 */
    g_ptr_array_free(got, TRUE);
    /* a run that does fit but has many splits stops at the limits */
    nb_glued_limits lim = {.max_nodes = 500, .max_candidates = 10};
    const nb_schema *s = schema("2019");
    GPtrArray *sp = nb_glued_split_run(s, NULL, "active_disclosure", "licensing",
                                       "123456789123456789123456789", &lim, &limited);
    assert_true(limited);
    assert_true(sp->len <= 10);
    g_ptr_array_free(sp, TRUE);
    g_string_free(run, TRUE);
}

static void test_unknown_row(void **state)
{
    (void)state;
    const nb_schema *s = schema("2021");
    gboolean limited = TRUE;
    assert_null(nb_glued_split_run(s, NULL, "applications", "no_such_row", "123", NULL, &limited));
    assert_false(limited);
    assert_null(nb_glued_split_run(s, NULL, "no_such_table", "granted", "123", NULL, NULL));
}

/* ---- the constraint problem ---- */

static void test_csp_pins_and_leaves_open(void **state)
{
    (void)state;
    GPtrArray *eqs = nb_rules_expand(schema("2021"));
    /* review: total 7 = upheld + corrected + 3 + 1 */
    nb_csp *c = nb_csp_new(eqs);
    nb_csp_fix(c, "reviews_litigation.review.total", 7);
    nb_csp_fix(c, "reviews_litigation.review.other", 3);
    nb_csp_fix(c, "reviews_litigation.review.pending", 1);
    const char *up[] = {"reviews_litigation.review.upheld"};
    const char *co[] = {"reviews_litigation.review.corrected"};
    int u = nb_csp_add_unit(c, up, 1), k = nb_csp_add_unit(c, co, 1);
    double v2 = 2, v3 = 3, v1 = 1, v0 = 0, v9 = 9;
    nb_csp_add_choice(c, u, &v2);
    nb_csp_add_choice(c, u, &v9);
    nb_csp_add_choice(c, k, &v1);
    assert_int_equal(nb_csp_solve(c, NULL), NB_CSP_SOLVED);
    assert_true(nb_csp_viable(c, u, 0));
    assert_false(nb_csp_viable(c, u, 1));
    double v = -1;
    assert_true(nb_csp_determined(c, "reviews_litigation.review.upheld", &v));
    assert_true(v == 2);
    /* a second reading of both cells that also adds up: both stay open */
    nb_csp_add_choice(c, u, &v3);
    nb_csp_add_choice(c, k, &v0);
    assert_int_equal(nb_csp_solve(c, NULL), NB_CSP_SOLVED);
    assert_false(nb_csp_determined(c, "reviews_litigation.review.upheld", &v));
    assert_true(v == 0);
    assert_false(nb_csp_determined(c, "reviews_litigation.review.corrected", NULL));
    assert_true(nb_csp_determined(c, "reviews_litigation.review.other", &v));
    assert_true(v == 3);
    nb_csp_free(c);
    g_ptr_array_free(eqs, TRUE);
}

static void test_csp_infeasible(void **state)
{
    (void)state;
    GPtrArray *eqs = nb_rules_expand(schema("2021"));
    nb_csp *c = nb_csp_new(eqs);
    nb_csp_fix(c, "reviews_litigation.review.total", 7);
    const char *p[] = {"reviews_litigation.review.upheld", "reviews_litigation.review.corrected",
                       "reviews_litigation.review.other", "reviews_litigation.review.pending"};
    int u = nb_csp_add_unit(c, p, 4);
    double a[] = {1, 1, 1, 1}, b[] = {5, 1, 0, 0};
    nb_csp_add_choice(c, u, a);
    nb_csp_add_choice(c, u, b);
    assert_int_equal(nb_csp_solve(c, NULL), NB_CSP_INFEASIBLE);
    assert_false(nb_csp_viable(c, u, 0));
    assert_false(nb_csp_determined(c, p[0], NULL));
    nb_csp_free(c);
    nb_csp_free(NULL);
    g_ptr_array_free(eqs, TRUE);
}

/* ---- recovery from a text flow ---- */

static nb_doc *doc_of(const char *text)
{
    nb_doc *d = nb_doc_new();
    nb_prov p = nb_prov_none(NB_ORIGIN_TEXT);
    p.line = 3;
    nb_doc_add_line(d, text, &p);
    return d;
}

static const nb_grid *grid_named(const nb_doc *d, const char *suffix)
{
    for (guint i = 0; i < d->grids->len; i++) {
        const nb_grid *g = g_ptr_array_index(d->grids, i);
        if (nb_grid_name(g) && g_str_has_suffix(nb_grid_name(g), suffix))
            return g;
    }
    return NULL;
}

/* The row of `g` whose first cell is `label`, joined as "a|b|…". */
static char *row_text(const nb_grid *g, const char *label)
{
    for (int r = 0; r < nb_grid_rows(g); r++) {
        if (strcmp(nb_grid_text(g, r, 0), label))
            continue;
        GString *s = g_string_new(NULL);
        for (int c = 1; c < nb_grid_cols(g) && *nb_grid_text(g, r, c); c++)
            g_string_append_printf(s, "%s%s", c > 1 ? "|" : "", nb_grid_text(g, r, c));
        return g_string_free(s, FALSE);
    }
    return NULL;
}

static int warnings_on(const nb_doc *d, const char *path, const char *word)
{
    int n = 0;
    for (guint i = 0; i < d->warnings->len; i++) {
        const nb_warning *w = g_ptr_array_index(d->warnings, i);
        n += w->path && !strcmp(w->path, path) && strstr(w->message, word);
    }
    return n;
}

/* Section 三 of the 2024 Pingtan page, as the crawler glued it (rows 1-3 of
 * 不予公开 and the runs into the next item number). */
static const char *k_section3 =
    "本报告根据条例编制。二、主动公开政府信息情况信息内容本年制发件数本年废止件数现行有效件数"
    "三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，"
    "等于第三项加第四项之和）申请人情况自然人法人或其他组织总计商业企业科研机构社会公益 组织 法律服务 "
    "机构 其他一、本年新收政府信息公开申请数量21710000218二、上年结转政府信息公开申请数量0000000"
    "三、本年度办 理结果 （一）予以公开11000000110（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    "10000000100（三）不予公开1.属于国家秘密40000042.其他法律行政法规禁止公开00000003.危及“三安全一稳定”"
    "2100003（七）总计21610000217四、结转下年度继续办理1000001五、存在的主要问题及改进情况无。";

static void test_recover_applications(void **state)
{
    (void)state;
    nb_doc *d = doc_of(k_section3);
    assert_int_equal(nb_glued_recover(d, nb_schema_set_default(), NULL), 1);
    const nb_grid *g = grid_named(d, "applications");
    assert_non_null(g);
    char *t;
    assert_string_equal(t = row_text(g, "1.属于国家秘密"), "4|0|0|0|0|0|4");
    g_free(t);
    assert_string_equal(t = row_text(g, "2.其他法律行政法规禁止公开"), "0|0|0|0|0|0|0");
    g_free(t);
    assert_string_equal(t = row_text(g, "（一）予以公开"), "110|0|0|0|0|0|110");
    g_free(t);
    assert_string_equal(t = row_text(g, "（七）总计"), "216|1|0|0|0|0|217");
    g_free(t);
    assert_string_equal(t = row_text(g, "四、结转下年度继续办理"), "1|0|0|0|0|0|1");
    g_free(t);
    assert_string_equal(t = row_text(g, "3.危及“三安全一稳定”"), "2|1|0|0|0|0|3");
    g_free(t);
    const nb_cell *cell = nb_grid_cell(g, 0, 1);
    assert_int_equal(cell->prov.line, 3);
    assert_int_equal(cell->prov.origin, NB_ORIGIN_TEXT);
    nb_doc_free(d);
}

/* Two rows whose first two cells can be swapped without breaking any rule:
 * granted 1|11 and partially granted 11|1 read just as well as 11|1 and
 * 1|11.  The text is the whole section 三 of template 2021 (every other row
 * zero), glued.  Neither reading is chosen; the cells are marked and the
 * splits listed. */
static char *ambiguous_text(void)
{
    const nb_schema_table *t = nb_schema_table_find(schema("2021"), "applications");
    GString *s = g_string_new("二、主动公开政府信息情况信息内容本年制发件数本年废止件数现行有效件数"
                              "三、收到和处理政府信息公开申请情况申请人情况自然人法人或其他组织总计"
                              "商业企业科研机构社会公益组织法律服务机构其他");
    for (guint i = 0; i < t->rows->len; i++) {
        const nb_schema_row *row = g_ptr_array_index(t->rows, i);
        if (row->optional)
            continue;
        const char *digits = "0000000";
        if (!strcmp(row->key, "new_received") || !strcmp(row->key, "total_processed"))
            digits = "1212000024";
        else if (!strcmp(row->key, "granted") || !strcmp(row->key, "partially_granted"))
            digits = "111000012";
        g_string_append_printf(s, "%s%s", (const char *)g_ptr_array_index(row->labels, 0), digits);
    }
    g_string_append(s, "五、存在的主要问题及改进情况无。");
    return g_string_free(s, FALSE);
}

static void test_ambiguous_cells_are_not_guessed(void **state)
{
    (void)state;
    char *text = ambiguous_text();
    nb_doc *d = doc_of(text);
    g_free(text);
    assert_int_equal(nb_glued_recover(d, nb_schema_set_default(), NULL), 1);
    const nb_grid *g = grid_named(d, "applications");
    assert_non_null(g);
    char *t;
    assert_string_equal(t = row_text(g, "（一）予以公开"), "?|?|0|0|0|0|12");
    g_free(t);
    assert_string_equal(t = row_text(g, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
                        "?|?|0|0|0|0|12");
    g_free(t);
    assert_int_equal(warnings_on(d, "applications.granted.natural_person", "1|11|0|0|0|0|12"), 1);
    assert_int_equal(warnings_on(d, "applications.granted.commercial", "11|1|0|0|0|0|12"), 1);
    assert_int_equal(warnings_on(d, "applications.granted.total", "valid splits"), 0);
    nb_doc_free(d);
}

/* Section 二 has no sums: the body text's statement decides the first cell,
 * the others stay open. */
static const char *k_section2 =
    "本年度制发行政规范性文件62件。二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数"
    "本年废止件数现行有效件数规章000行政规范性文件6233440第二十条第（五）项信息内容本年处理决定数量"
    "行政许可4529三、收到和处理政府信息公开申请情况";

static void test_body_statement_decides(void **state)
{
    (void)state;
    nb_doc *d = doc_of(k_section2);
    assert_int_equal(nb_glued_recover(d, nb_schema_set_default(), NULL), 1);
    const nb_grid *g = grid_named(d, "active_disclosure");
    assert_non_null(g);
    char *t;
    assert_string_equal(t = row_text(g, "行政规范性文件"), "62|?|?");
    g_free(t);
    assert_string_equal(t = row_text(g, "行政许可"), "4529");
    g_free(t);
    assert_string_equal(t = row_text(g, "规章"), "0|0|0");
    g_free(t);
    assert_int_equal(warnings_on(d, "active_disclosure.normative_documents.issued", "body text"), 1);
    assert_int_equal(warnings_on(d, "active_disclosure.normative_documents.in_force", "62|33|440"), 1);
    assert_int_equal(warnings_on(d, "active_disclosure.regulations.issued", ""), 0);
    nb_doc_free(d);
}

/* A statement that names a column through its caption ("现行有效") pins
 * that column; with both statements every cell of the row is decided. */
static void test_statement_names_its_column(void **state)
{
    (void)state;
    char *text = g_strconcat("全年现行有效行政规范性文件440件。", k_section2, NULL);
    nb_doc *d = doc_of(text);
    g_free(text);
    assert_int_equal(nb_glued_recover(d, nb_schema_set_default(), NULL), 1);
    char *t;
    assert_string_equal(t = row_text(grid_named(d, "active_disclosure"), "行政规范性文件"), "62|33|440");
    g_free(t);
    assert_int_equal(warnings_on(d, "active_disclosure.normative_documents.in_force", "现行有效"), 1);
    assert_int_equal(warnings_on(d, "active_disclosure.normative_documents.repealed", "body text"), 1);
    nb_doc_free(d);
    /* a count that fits no column the statement names decides nothing */
    text = g_strconcat("本年废止行政规范性文件62件。", k_section2 + strlen("本年度制发行政规范性文件62件。"), NULL);
    d = doc_of(text);
    g_free(text);
    assert_int_equal(nb_glued_recover(d, nb_schema_set_default(), NULL), 1);
    assert_string_equal(t = row_text(grid_named(d, "active_disclosure"), "行政规范性文件"), "?|?|?");
    g_free(t);
    nb_doc_free(d);
}

/* A run far too long for its row, and bytes that are not UTF-8: the row is
 * left out with a warning, quickly, and nothing crashes. */
static void test_hostile_runs(void **state)
{
    (void)state;
    GString *s = g_string_new("二、主动公开政府信息情况信息内容本年制发件数本年废止件数现行有效件数规章000"
                              "行政规范性文件");
    for (int i = 0; i < 100000; i++)
        g_string_append_c(s, (char)('0' + i % 10));
    g_string_append(s, "行政许可\xff\xfe" "12\xc3" "三、收到和处理政府信息公开申请情况");
    nb_doc *d = doc_of(s->str);
    g_string_free(s, TRUE);
    assert_int_equal(nb_glued_recover(d, nb_schema_set_default(), NULL), 1);
    char *t;
    assert_string_equal(t = row_text(grid_named(d, "active_disclosure"), "行政规范性文件"), "?|?|?");
    g_free(t);
    assert_int_equal(warnings_on(d, "active_disclosure.normative_documents", "no split"), 1);
    assert_string_equal(t = row_text(grid_named(d, "active_disclosure"), "规章"), "0|0|0");
    g_free(t);
    nb_doc_free(d);
}

static void test_nothing_to_recover(void **state)
{
    (void)state;
    nb_doc *d = doc_of("本年度共受理申请21件，办结21件。");
    assert_int_equal(nb_glued_recover(d, nb_schema_set_default(), NULL), 0);
    assert_int_equal(d->grids->len, 0);
    nb_doc_free(d);
    assert_int_equal(nb_glued_recover(NULL, nb_schema_set_default(), NULL), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_row_total_pins_split),
        cmocka_unit_test(test_wide_row_groups),
        cmocka_unit_test(test_no_leading_zero),
        cmocka_unit_test(test_sign_only_where_the_column_is_signed),
        cmocka_unit_test(test_money_with_unit),
        cmocka_unit_test(test_long_run_is_bounded),
        cmocka_unit_test(test_unknown_row),
        cmocka_unit_test(test_csp_pins_and_leaves_open),
        cmocka_unit_test(test_csp_infeasible),
        cmocka_unit_test(test_recover_applications),
        cmocka_unit_test(test_ambiguous_cells_are_not_guessed),
        cmocka_unit_test(test_body_statement_decides),
        cmocka_unit_test(test_statement_names_its_column),
        cmocka_unit_test(test_hostile_runs),
        cmocka_unit_test(test_nothing_to_recover),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
