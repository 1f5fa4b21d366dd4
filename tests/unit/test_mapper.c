/* test_mapper.c — template detection, tolerant label matching, value
 * reading by unit and sign, and mapping of text tables to record paths. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "extract/reader.h"
#include "schemas/mapper.h"

#include <string.h>

static nb_doc *read_text(const char *text)
{
    nb_limits lim = nb_limits_default();
    nb_error err = {0};
    nb_doc *d = nb_read_text((const guchar *)text, strlen(text), &lim, &err);
    assert_non_null(d);
    return d;
}

static const nb_schema_row *row(const char *tmpl, const char *table, const char *key)
{
    const nb_schema *s = nb_schema_find(nb_schema_set_default(), tmpl);
    const nb_schema_row *r = nb_schema_row_find(nb_schema_table_find(s, table), key);
    assert_non_null(r);
    return r;
}

static const char *k_2021_active =
    "二、主动公开政府信息情况\n"
    "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n"
    "规章\t5\t2\t17\n"
    "行政规范性文件\t11\t3\t48\n"
    "信息内容\t本年处理决定数量\n"
    "行政许可\t1,204\n"
    "信息内容\t本年收费金额（单位：万元）\n"
    "行政事业性收费\t18651.06\n";

static const char *k_2019_active =
    "二、主动公开政府信息情况\n"
    "信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n"
    "规章\t3\t3\t7\n"
    "信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n"
    "行政处罚\t2648\t减少18\t538\n"
    "信息内容\t采购项目数量\t采购总金额\n"
    "政府集中采购\t395\t25.1万元\n";

static void test_detect_template(void **state)
{
    (void)state;
    nb_doc *d = read_text(k_2021_active);
    int score = 0;
    const nb_schema *s = nb_mapper_detect(d, nb_schema_set_default(), &score);
    assert_non_null(s);
    assert_string_equal(s->name, "2021");
    assert_true(score >= 3);
    nb_doc_free(d);
    d = read_text(k_2019_active);
    s = nb_mapper_detect(d, nb_schema_set_default(), NULL);
    assert_non_null(s);
    assert_string_equal(s->name, "2019");
    nb_doc_free(d);
    d = read_text("一、总体情况\n本年度持续推进政务公开。\n");
    assert_null(nb_mapper_detect(d, nb_schema_set_default(), &score));
    assert_int_equal(score, 0);
    nb_doc_free(d);
}

static void test_label_typos_match_their_row(void **state)
{
    (void)state;
    const char *typo[] = {"5.属于三类内容事务信息"};
    double right = nb_mapper_label_score(row("2021", "applications", "denied_internal_affairs"), typo, 1);
    double wrong = nb_mapper_label_score(row("2021", "applications", "denied_process_info"), typo, 1);
    assert_true(right >= 0.72);
    assert_true(right > wrong);
    const char *dropped[] = {"2.其他法律行政止公开"};
    assert_true(nb_mapper_label_score(row("2021", "applications", "denied_law_prohibited"), dropped, 1) >= 0.72);
    /* group label and row label in separate cells, spaces inside */
    const char *split[] = {"三 、本 年 度办 理 结果", "（ 一 ）予以公开"};
    assert_true(nb_mapper_label_score(row("2021", "applications", "granted"), split, 2) >= 0.9);
}

static void test_read_value_units_and_signs(void **state)
{
    (void)state;
    double v = 0;
    const char *why = "unset";
    const nb_schema_row *fees = row("2021", "active_disclosure", "fees");
    assert_true(nb_mapper_read_value(fees, "25.1万元", &v, &why));
    assert_true(v > 25.0999 && v < 25.1001); /* the column is in 万元 */
    assert_null(why);
    assert_false(nb_mapper_read_value(fees, "3940元", &v, &why)); /* yuan where 万元 is asked */
    assert_non_null(why);
    const nb_schema_row *granted = row("2021", "applications", "granted");
    assert_false(nb_mapper_read_value(granted, "-3", &v, NULL));
    assert_false(nb_mapper_read_value(granted, "2.5", &v, NULL));
    assert_true(nb_mapper_read_value(granted, "—", &v, NULL));
    assert_true(v == 0);
    const nb_schema_row *punish = row("2019", "active_disclosure", "punishment");
    assert_true(nb_mapper_read_value(punish, "减少18", &v, NULL));
    assert_true(v == -18);
    const nb_schema_row *proc = row("2019", "active_disclosure", "procurement");
    assert_true(nb_mapper_read_value(proc, "25.1万元", &v, NULL));
    assert_true(v > 250999.99 && v < 251000.01); /* the column is in 元 */
}

static double value(const nb_record *r, const char *path)
{
    const nb_value *v = nb_record_get(r, path);
    if (!v)
        fail_msg("%s missing", path);
    return v->value;
}

static void test_map_text_tables(void **state)
{
    (void)state;
    nb_doc *d = read_text(k_2019_active);
    const nb_schema *s = nb_schema_find(nb_schema_set_default(), "2019");
    nb_record *r = nb_record_new();
    assert_true(nb_mapper_map(d, s, r) >= 1);
    assert_true(value(r, "active_disclosure.regulations.total_published") == 7);
    assert_true(value(r, "active_disclosure.punishment.prev_items") == 2648);
    assert_true(value(r, "active_disclosure.punishment.change") == -18);
    assert_true(value(r, "active_disclosure.punishment.decisions") == 538);
    assert_true(value(r, "active_disclosure.procurement.amount_yuan") == 251000);
    /* rows the document does not print are absent, never invented */
    assert_null(nb_record_get(r, "active_disclosure.licensing.decisions"));
    assert_true(nb_record_flagged(r, "applications.granted.total")); /* table not found */
    nb_record_free(r);
    nb_doc_free(d);

    d = read_text(k_2021_active);
    s = nb_schema_find(nb_schema_set_default(), "2021");
    r = nb_record_new();
    nb_mapper_map(d, s, r);
    assert_true(value(r, "active_disclosure.licensing.decisions") == 1204);
    assert_true(value(r, "active_disclosure.fees.amount_10k_yuan") == 18651.06);
    assert_true(value(r, "active_disclosure.normative_documents.in_force") == 48);
    assert_int_equal(nb_record_get(r, "active_disclosure.regulations.issued")->prov.line, 3);
    nb_record_free(r);
    nb_doc_free(d);
}

/* A report that prints （六） as sub-rows prints all three: a missing one is
 * named in a warning, while a report with the single row warns of none. */
static void test_missing_sub_row_is_flagged(void **state)
{
    (void)state;
    const char *two_of_three =
        "三、收到和处理政府信息公开申请情况\n"
        "（六）其他处理\t1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\t1\t0\t0\t0\t0\t2\t3\n"
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请\t4\t0\t0\t0\t0\t0\t4\n"
        "（七）总计\t5\t0\t0\t0\t0\t2\t7\n";
    const char *single =
        "三、收到和处理政府信息公开申请情况\n"
        "（六）其他处理\t6\t0\t0\t0\t0\t1\t7\n"
        "（七）总计\t6\t0\t0\t0\t0\t1\t7\n";
    const nb_schema *s = nb_schema_find(nb_schema_set_default(), "2021");
    nb_doc *d = read_text(two_of_three);
    nb_record *r = nb_record_new();
    assert_true(nb_mapper_map(d, s, r) >= 1);
    assert_true(nb_record_get(r, "applications.other_no_fee.natural_person") != NULL);
    assert_true(nb_record_flagged(r, "applications.other_other.total"));
    assert_false(nb_record_flagged(r, "applications.other_handling.total"));
    nb_record_free(r);
    nb_doc_free(d);
    d = read_text(single);
    r = nb_record_new();
    assert_true(nb_mapper_map(d, s, r) >= 1);
    assert_true(nb_record_get(r, "applications.other_handling.total") != NULL);
    assert_false(nb_record_flagged(r, "applications.other_other.total"));
    nb_record_free(r);
    nb_doc_free(d);
}

/* A row with fewer cells than the template's columns, holding only blank
 * markers: left out and named (which cell is missing is unknown), never
 * read past its end (a fuzzer found the overread). */
static void test_short_row_of_blanks_left_out(void **state)
{
    (void)state;
    const char *text =
        "三、收到和处理政府信息公开申请情况\n"
        "一、本年新收政府信息公开申请数量\t—\t—\n"
        "二、上年结转政府信息公开申请数量\t1\t0\t0\t0\t0\t2\t3\n";
    const nb_schema *s = nb_schema_find(nb_schema_set_default(), "2021");
    nb_doc *d = read_text(text);
    nb_record *r = nb_record_new();
    assert_true(nb_mapper_map(d, s, r) >= 1);
    assert_null(nb_record_get(r, "applications.new_received.natural_person"));
    assert_null(nb_record_get(r, "applications.new_received.total"));
    assert_true(nb_record_flagged(r, "applications.new_received.total"));
    assert_true(nb_record_get(r, "applications.carried_over.total")->value == 3);
    nb_record_free(r);
    nb_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_detect_template),
        cmocka_unit_test(test_label_typos_match_their_row),
        cmocka_unit_test(test_read_value_units_and_signs),
        cmocka_unit_test(test_map_text_tables),
        cmocka_unit_test(test_missing_sub_row_is_flagged),
        cmocka_unit_test(test_short_row_of_blanks_left_out),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
