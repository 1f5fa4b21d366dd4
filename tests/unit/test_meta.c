/* test_meta.c — agency and year (title, body), sections, info fees, and the
 * "is this a report" decision, on documents built line by line. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "schemas/meta.h"

#include <string.h>

/* A document whose text flow is the given lines. */
static nb_doc *doc_of(const char *const *lines, int n)
{
    nb_doc *d = nb_doc_new();
    for (int i = 0; i < n; i++) {
        nb_prov p = nb_prov_none(NB_ORIGIN_TEXT);
        p.line = i + 1;
        nb_doc_add_line(d, lines[i], &p);
    }
    return d;
}

static void test_agency_year_from_title(void **state)
{
    (void)state;
    const char *lines[] = {"清河市交通运输局2023年政府信息公开工作年度报告",
                           "一、总体情况", "2023年，我局持续推进政务公开。"};
    nb_doc *d = doc_of(lines, 3);
    nb_record *r = nb_record_new();
    nb_meta_read_agency_year(d, nb_schema_set_default(), r);
    assert_string_equal(r->agency, "清河市交通运输局");
    assert_int_equal(r->year, 2023);
    nb_record_free(r);
    nb_doc_free(d);
}

static void test_agency_year_year_first(void **state)
{
    (void)state;
    const char *lines[] = {"2022年桐城县人民政府政府信息公开工作年度报告"};
    nb_doc *d = doc_of(lines, 1);
    nb_record *r = nb_record_new();
    nb_meta_read_agency_year(d, nb_schema_set_default(), r);
    assert_string_equal(r->agency, "桐城县人民政府");
    assert_int_equal(r->year, 2022);
    nb_record_free(r);
    nb_doc_free(d);
}

/* Titles written as published: the year in Chinese numerals, a covering
 * notice "关于印发…的通知"; the body does not name the agency. */
static void test_agency_year_title_forms(void **state)
{
    (void)state;
    const char *titles[] = {"云溪市教育局\n2021 年政府信息公开工作年度报告",
                            "云溪市教育局二〇二一年度政府信息公开工作年度报告",
                            "云溪市教育局二○二一年政府信息公开年度报告",
                            "关于印发云溪市教育局2021年政府信息公开工作年度报告的通知"};
    for (int i = 0; i < 4; i++) {
        /* a title broken over two lines (text copied from a PDF) */
        char **two = g_strsplit(titles[i], "\n", 2);
        const char *lines[] = {two[0], two[1] ? two[1] : "", "一、总体情况", "本局持续推进政务公开。"};
        nb_doc *d = doc_of(lines, 4);
        nb_record *r = nb_record_new();
        nb_meta_read_agency_year(d, nb_schema_set_default(), r);
        assert_string_equal(r->agency, "云溪市教育局");
        assert_int_equal(r->year, 2021);
        assert_int_equal(r->year_prov.line, 1);
        nb_record_free(r);
        nb_doc_free(d);
        g_strfreev(two);
    }
}

/* No title (the seed case): "在2025年,长春市经济合作局…" names both. */
static void test_agency_year_from_body(void **state)
{
    (void)state;
    const char *lines[] = {"一、总体情况",
                           "在2025年,长春市经济合作局坚决贯彻党的二十大精神,深入贯彻落实政务公开工作。"};
    nb_doc *d = doc_of(lines, 2);
    nb_record *r = nb_record_new();
    nb_meta_read_agency_year(d, nb_schema_set_default(), r);
    assert_string_equal(r->agency, "长春市经济合作局");
    assert_int_equal(r->year, 2025);
    assert_int_equal(r->year_prov.line, 2);
    nb_record_free(r);
    nb_doc_free(d);
}

/* The name runs to its own end, not to the first suffix-like character
 * ("社会" inside 人力资源和社会保障局), and stops where the sentence goes on. */
static void test_agency_from_body_long_name(void **state)
{
    (void)state;
    const char *lines[] = {"一、总体情况",
                           "2024年，清河区人力资源和社会保障局深入贯彻落实政务公开工作要点。"};
    nb_doc *d = doc_of(lines, 2);
    nb_record *r = nb_record_new();
    nb_meta_read_agency_year(d, nb_schema_set_default(), r);
    assert_string_equal(r->agency, "清河区人力资源和社会保障局");
    assert_int_equal(r->year, 2024);
    nb_record_free(r);
    nb_doc_free(d);
    const char *lines2[] = {"2023年，深圳市南山区教育局在区委区政府的领导下推进政务公开。"};
    d = doc_of(lines2, 1);
    r = nb_record_new();
    nb_meta_read_agency_year(d, nb_schema_set_default(), r);
    assert_string_equal(r->agency, "深圳市南山区教育局");
    nb_record_free(r);
    nb_doc_free(d);
}

static const char *k_report[] = {
    "安阳市民政局2024年政府信息公开工作年度报告",
    "一、总体情况",
    "2024年，安阳市民政局深入推进政务公开。",
    "全年主动公开信息312条。",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "政策解读形式较为单一。下一步将丰富解读形式。",
    "六、其他需要报告的事项",
    "本年度共对3件申请收取信息处理费340元。",
    "安阳市民政局",
    "二○二五年一月二十日",
};

static void test_sections(void **state)
{
    (void)state;
    nb_doc *d = doc_of(k_report, G_N_ELEMENTS(k_report));
    nb_record *r = nb_record_new();
    nb_meta_read_sections(d, nb_schema_set_default(), r);
    const char *overview = g_hash_table_lookup(r->sections, "overview");
    assert_non_null(overview);
    assert_non_null(strstr(overview, "深入推进政务公开"));
    assert_non_null(strstr(overview, "312条"));
    assert_null(strstr(overview, "主动公开政府信息情况")); /* ends at the next heading */
    const char *problems = g_hash_table_lookup(r->sections, "problems");
    assert_non_null(problems);
    assert_non_null(strstr(problems, "丰富解读形式"));
    const char *other = g_hash_table_lookup(r->sections, "other");
    assert_non_null(other);
    assert_non_null(strstr(other, "340元"));
    /* the signature date ends it, and the signature is not part of it */
    assert_string_equal(other, "本年度共对3件申请收取信息处理费340元。");
    nb_record_free(r);
    nb_doc_free(d);
}

/* Ends of the last section: an Arabic date on its own line, site footers;
 * a short last line that is text, not a name, stays. */
static void test_sections_end_markers(void **state)
{
    (void)state;
    const char *a[] = {"一、总体情况", "本局持续推进政务公开。", "六、其他需要报告的事项",
                       "无。", "清流县林业局", "（盖章）", "2013年3月20日", "版权所有 清流县人民政府"};
    const char *b[] = {"一、总体情况", "本局持续推进政务公开。", "六、其他需要报告的事项",
                       "第一行说明。", "本年度无其他需要报告的事项", "主办单位：清流县人民政府办公室"};
    nb_doc *d = doc_of(a, G_N_ELEMENTS(a));
    nb_record *r = nb_record_new();
    nb_meta_read_sections(d, nb_schema_set_default(), r);
    assert_string_equal(g_hash_table_lookup(r->sections, "other"), "无。");
    nb_record_free(r);
    nb_doc_free(d);
    const char *c[] = {"一、概述 本局持续推进政务公开。 七、其他需要报告的事项 无。 清流县林业局 "
                       "二○一三年三月二十日 附件1：统计表"};
    d = doc_of(c, 1);
    r = nb_record_new();
    nb_meta_read_sections(d, nb_schema_set_default(), r);
    assert_string_equal(g_hash_table_lookup(r->sections, "other"), "无。");
    assert_string_equal(g_hash_table_lookup(r->sections, "overview"), "本局持续推进政务公开。");
    nb_record_free(r);
    nb_doc_free(d);
    d = doc_of(b, G_N_ELEMENTS(b));
    r = nb_record_new();
    nb_meta_read_sections(d, nb_schema_set_default(), r);
    assert_string_equal(g_hash_table_lookup(r->sections, "other"),
                        "第一行说明。\n本年度无其他需要报告的事项");
    nb_record_free(r);
    nb_doc_free(d);
}

/* info_fees from the text of section 六, in the forms the spec lists. */
static nb_record *fees_of(const char *sentence)
{
    const char *lines[] = {"六、其他需要报告的事项", sentence};
    nb_doc *d = doc_of(lines, 2);
    nb_record *r = nb_record_new();
    nb_meta_read_sections(d, nb_schema_set_default(), r);
    nb_meta_read_info_fees(d, nb_schema_set_default(), r);
    nb_doc_free(d);
    return r;
}

/* `want` < 0: the key must be absent (the text does not state it). */
static void assert_fee(const nb_record *r, const char *path, double want)
{
    const nb_value *v = nb_record_get(r, path);
    if (want < 0) {
        assert_null(v);
        return;
    }
    assert_non_null(v);
    assert_true(v->value == want);
}

static void test_info_fees_forms(void **state)
{
    (void)state;
    static const struct {
        const char *sentence;
        double cases, amount; /* -1: not stated */
    } forms[] = {
        {"2025年度本单位（本地区）未收取信息处理费。", 0, 0},
        {"本年度收取信息处理费3940元。", -1, 3940},
        {"本年度共对3件申请收取信息处理费340元。", 3, 340},
        {"本年度收取信息处理费0元。", 0, 0},
        /* cases and amount in two clauses; a zero count; the notices */
        {"本年度收取信息处理费2件，金额200元。", 2, 200},
        {"信息处理费收费情况：收费0件，金额0元。", 0, 0},
        {"本年度发出收费通知的件数和总金额以及实际收取的总金额均为0。", 0, 0},
        /* the applications' count is not the fees' */
        {"共收到申请2件，未收取信息处理费。", 0, 0},
        /* a count after 其中 is a part, not the total */
        {"收取信息处理费共计380元，其中民政局1件，收取380元。", -1, 380},
        {"本年度无其他需要报告的事项。", -1, -1},
        /* the phrasings of the schema file: a total after the count, the
         * amount after 金额为 / 共收取, and the negative forms */
        {"本年度收取信息处理费4件，共计50元。", 4, 50},
        {"本年度收取信息处理费3件，合计120元。", 3, 120},
        {"本年度依法收取信息处理费，金额为80元。", -1, 80},
        {"本年度对2件申请共收取信息处理费60元。", 2, 60},
        {"本年度未发生收费情况。", 0, 0},
        {"本机关未发生政府信息公开收费事项。", 0, 0},
        {"本年度未收取信息公开处理费。", 0, 0},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(forms); i++) {
        nb_record *r = fees_of(forms[i].sentence);
        assert_fee(r, "info_fees.cases", forms[i].cases);
        assert_fee(r, "info_fees.amount_yuan", forms[i].amount);
        nb_record_free(r);
    }
}

/* A sentence about fees that no phrasing reads is a warning on info_fees,
 * with no value: never a silent gap. */
static void test_info_fees_unread_warns(void **state)
{
    (void)state;
    nb_record *r = fees_of("本年度信息处理费按规定减免处理。");
    assert_null(nb_record_get(r, "info_fees.cases"));
    assert_null(nb_record_get(r, "info_fees.amount_yuan"));
    assert_true(nb_record_flagged(r, "info_fees.amount_yuan"));
    nb_record_free(r);
    /* no sentence about fees at all: nothing to warn about */
    r = fees_of("本年度无其他需要报告的事项。");
    assert_int_equal(r->warnings->len, 0);
    nb_record_free(r);
}

static void test_names_report(void **state)
{
    (void)state;
    nb_doc *d = doc_of(k_report, 1);
    assert_true(nb_meta_names_report(d, nb_schema_set_default()));
    nb_doc_free(d);
    const char *menu[] = {"菜谱：红烧肉", "五花肉500克，冰糖30克。"};
    d = doc_of(menu, 2);
    assert_false(nb_meta_names_report(d, nb_schema_set_default()));
    nb_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_agency_year_from_title),
        cmocka_unit_test(test_agency_year_year_first),
        cmocka_unit_test(test_agency_year_title_forms),
        cmocka_unit_test(test_agency_year_from_body),
        cmocka_unit_test(test_agency_from_body_long_name),
        cmocka_unit_test(test_sections),
        cmocka_unit_test(test_sections_end_markers),
        cmocka_unit_test(test_info_fees_forms),
        cmocka_unit_test(test_info_fees_unread_warns),
        cmocka_unit_test(test_names_report),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
