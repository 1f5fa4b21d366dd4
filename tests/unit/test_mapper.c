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

/* Maps `d` with template `tmpl` into a new record; at least one table must
 * be found. */
static nb_record *map_doc(const nb_doc *d, const char *tmpl)
{
    nb_record *r = nb_record_new();
    assert_true(nb_mapper_map(d, nb_schema_find(nb_schema_set_default(), tmpl), r) >= 1);
    return r;
}

/* Reads `text` and maps it with template `tmpl` into a new record. */
static nb_record *map_text(const char *tmpl, const char *text)
{
    nb_doc *d = read_text(text);
    nb_record *r = map_doc(d, tmpl);
    nb_doc_free(d);
    return r;
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
    nb_record *r = map_text("2019", k_2019_active);
    assert_true(value(r, "active_disclosure.regulations.total_published") == 7);
    assert_true(value(r, "active_disclosure.punishment.prev_items") == 2648);
    assert_true(value(r, "active_disclosure.punishment.change") == -18);
    assert_true(value(r, "active_disclosure.punishment.decisions") == 538);
    assert_true(value(r, "active_disclosure.procurement.amount_yuan") == 251000);
    /* rows the document does not print are absent, never invented */
    assert_null(nb_record_get(r, "active_disclosure.licensing.decisions"));
    assert_true(nb_record_flagged(r, "applications.granted.total")); /* table not found */
    nb_record_free(r);

    r = map_text("2021", k_2021_active);
    assert_true(value(r, "active_disclosure.licensing.decisions") == 1204);
    assert_true(value(r, "active_disclosure.fees.amount_10k_yuan") == 18651.06);
    assert_true(value(r, "active_disclosure.normative_documents.in_force") == 48);
    assert_int_equal(nb_record_get(r, "active_disclosure.regulations.issued")->prov.line, 3);
    nb_record_free(r);
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
    nb_record *r = map_text("2021", two_of_three);
    assert_true(nb_record_get(r, "applications.other_no_fee.natural_person") != NULL);
    assert_true(nb_record_flagged(r, "applications.other_other.total"));
    assert_false(nb_record_flagged(r, "applications.other_handling.total"));
    nb_record_free(r);
    r = map_text("2021", single);
    assert_true(nb_record_get(r, "applications.other_handling.total") != NULL);
    assert_false(nb_record_flagged(r, "applications.other_other.total"));
    nb_record_free(r);
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
    nb_record *r = map_text("2021", text);
    assert_null(nb_record_get(r, "applications.new_received.natural_person"));
    assert_null(nb_record_get(r, "applications.new_received.total"));
    assert_true(nb_record_flagged(r, "applications.new_received.total"));
    assert_true(nb_record_get(r, "applications.carried_over.total")->value == 3);
    nb_record_free(r);
}

static gboolean warned(const nb_record *r, const char *path, const char *part)
{
    for (guint i = 0; i < r->warnings->len; i++) {
        const nb_warning *w = g_ptr_array_index(r->warnings, i);
        if (w->path && !strcmp(w->path, path) && strstr(w->message, part))
            return TRUE;
    }
    return FALSE;
}

#define K_APPS_HEAD                                                                    \
    "三、收到和处理政府信息公开申请情况\n"                                             \
    "一、本年新收政府信息公开申请数量\t1\t2\t3\t4\t5\t6\t21\n"                         \
    "二、上年结转政府信息公开申请数量\t1\t0\t0\t0\t0\t2\t3\n"
#define K_PARTIAL "（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t2\t0\t0\t0\t0\t0\t2\n"

/* Rows whose labels OCR garbled ("规章" read "规卓", "（一）予以公开" read
 * "闻以公") are placed by their position — at a table's start (a header row
 * in between is passed over) and between two rows found — and every value
 * is flagged. */
static void test_garbled_rows_placed_by_position(void **state)
{
    (void)state;
    nb_record *r = map_text("2021", "二、主动公开政府信息情况\n"
                            "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n"
                            "规卓\t5\t2\t17\n"
                            "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n"
                            "行政规范性文件\t11\t3\t48\n"
                            "信息内容\t本年处理决定数量\n"
                            "行政许可\t1204\n" K_APPS_HEAD "（一）闻以公\t7\t1\t1\t1\t1\t1\t12\n" K_PARTIAL);
    assert_true(value(r, "active_disclosure.regulations.issued") == 5);
    assert_true(value(r, "active_disclosure.regulations.in_force") == 17);
    assert_true(warned(r, "active_disclosure.regulations", "row placed by its position"));
    assert_true(value(r, "applications.granted.natural_person") == 7);
    assert_true(value(r, "applications.granted.total") == 12);
    assert_true(nb_record_flagged(r, "applications.granted.total"));
    assert_true(warned(r, "applications.granted", "label '（一）闻以公' not recognised"));
    assert_false(nb_record_flagged(r, "applications.partially_granted.total"));
    nb_record_free(r);

    /* （六） given as one garbled row takes the single-row form */
    r = map_text("2021", K_APPS_HEAD "5.要求行政机关确认或重新出具已获取信息\t0\t0\t0\t0\t0\t1\t1\n"
                             "（六）具他处埋\t6\t0\t0\t0\t0\t1\t7\n"
                             "（七）总计\t6\t0\t0\t0\t0\t2\t8\n");
    assert_true(value(r, "applications.other_handling.total") == 7);
    assert_true(warned(r, "applications.other_handling", "row placed by its position"));
    assert_null(nb_record_get(r, "applications.other_other.total"));
    nb_record_free(r);
}

/* Where doubt remains nothing is placed and the rows stay "not found": two
 * unmatched rows for one empty slot; an item number that is another row's;
 * two unmatched rows where （六） prints one or three. */
static void test_garbled_rows_in_doubt_not_placed(void **state)
{
    (void)state;
    nb_record *r = map_text("2021", K_APPS_HEAD "（一）闻以公\t7\t1\t1\t1\t1\t1\t12\n"
                                        "闻以\t3\t0\t0\t0\t0\t0\t3\n" K_PARTIAL);
    assert_null(nb_record_get(r, "applications.granted.total"));
    assert_true(warned(r, "applications.granted", "not found"));
    nb_record_free(r);

    r = map_text("2021", K_APPS_HEAD K_PARTIAL "5.届于三女内部\t4\t0\t0\t0\t0\t0\t4\n"
                                       "2.其他法律行政法规禁止公开\t1\t0\t0\t0\t0\t0\t1\n");
    assert_null(nb_record_get(r, "applications.denied_state_secret.total"));
    assert_true(warned(r, "applications.denied_state_secret", "not found"));
    nb_record_free(r);

    r = map_text("2021", K_APPS_HEAD "5.要求行政机关确认或重新出具已获取信息\t0\t0\t0\t0\t0\t1\t1\n"
                             "具他处埋\t6\t0\t0\t0\t0\t1\t7\n"
                             "具他\t1\t0\t0\t0\t0\t0\t1\n"
                             "（七）总计\t7\t0\t0\t0\t0\t2\t9\n");
    assert_null(nb_record_get(r, "applications.other_handling.total"));
    assert_null(nb_record_get(r, "applications.other_no_fee.total"));
    assert_true(warned(r, "applications.other_handling", "not found"));
    nb_record_free(r);
}

/* A header row whose 总计 OCR read as a number ("其他 | 7") must not take
 * the row "3.其他": a row with under half a slot's cells is not that row. */
static void test_short_header_row_not_taken(void **state)
{
    (void)state;
    nb_record *r = map_text("2021", K_APPS_HEAD
                            "5.要求行政机关确认或重新出具已获取信息\t0\t0\t0\t0\t0\t1\t1\n"
                            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
                            "\t1\t0\t0\t0\t0\t0\t1\n"
                            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
                            "\t1\t0\t0\t0\t0\t0\t1\n"
                            "商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t7\n"
                            "3.其他\t0\t34\t35\t36\t23\t422\t550\n");
    assert_true(value(r, "applications.other_other.total") == 550);
    assert_false(nb_record_flagged(r, "applications.other_other.total"));
    nb_record_free(r);
}

/* A grid row of OCR cells: label cells then value cells, one per column. */
static void put_ocr_row(nb_grid *g, int r, const char *const *cells, int n)
{
    nb_prov p = nb_prov_none(NB_ORIGIN_OCR);
    p.confidence = 95;
    for (int c = 0; c < n; c++)
        nb_grid_put(g, r, c, cells[c], 1, 1, &p);
}

/* A value cell OCR read as an ideograph ("二" for a digit), or marked
 * illegible by the reader, sits in the grid's value columns: the row keeps
 * its other six values and names the unreadable one, instead of being left
 * out whole; a dash OCR found left of a label is part of the label. */
static void test_misread_value_cell_kept_in_place(void **state)
{
    (void)state;
    static const char *const rows[][9] = {
        {"一、本年新收政府信息公开申请数量", "1", "2", "3", "4", "5", "6", "21"},
        {"-", "二、上年结转政府信息公开申请数量", "1", "0", "0", "0", "0", "2", "3"},
        {"（一）予以公开", "二", "41", "18", "7", "5", "3", "76"},
        {"（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "2", "0", "0", "0", "0", "0",
         "2"},
        {"1.属于国家秘密", "1", "1", "0", "0", "0", "0", "2"},
        {"2.其他法律行政法规禁止公开", "(illegible)", "3", "0", "0", "0", "0", "4"},
    };
    nb_doc *d = nb_doc_new();
    nb_grid *g = nb_grid_new();
    for (int r = 0; r < 6; r++)
        put_ocr_row(g, r, rows[r], r == 1 ? 9 : 8);
    /* ink the reader could not read at all: confidence 0, whatever its text */
    nb_prov illegible = nb_prov_none(NB_ORIGIN_OCR);
    illegible.confidence = 0;
    nb_grid_put(g, 5, 1, "(illegible)", 1, 1, &illegible);
    g_ptr_array_add(d->grids, g);
    nb_record *r = map_doc(d, "2021");
    assert_true(value(r, "applications.granted.commercial") == 41);
    assert_true(value(r, "applications.granted.total") == 76);
    assert_null(nb_record_get(r, "applications.granted.natural_person"));
    assert_true(warned(r, "applications.granted.natural_person", "cannot read '二'"));
    assert_false(warned(r, "applications.granted", "row has"));
    assert_true(value(r, "applications.carried_over.total") == 3);
    assert_false(nb_record_flagged(r, "applications.carried_over.total"));
    assert_true(value(r, "applications.denied_law_prohibited.commercial") == 3);
    assert_null(nb_record_get(r, "applications.denied_law_prohibited.natural_person"));
    assert_true(warned(r, "applications.denied_law_prohibited.natural_person", "cannot read"));
    nb_record_free(r);
    nb_doc_free(d);
}

static nb_doc *read_html(const char *html)
{
    nb_limits lim = nb_limits_default();
    nb_error err = {0};
    nb_doc *d = nb_read_html((const guchar *)html, strlen(html), &lim, &err);
    assert_non_null(d);
    return d;
}

#define TR7(label, a, b, c, d, e, f, g)                                                       \
    "<tr><td>" label "</td><td>" a "</td><td>" b "</td><td>" c "</td><td>" d "</td><td>" e \
    "</td><td>" f "</td><td>" g "</td></tr>"

/* A row whose value cells are all empty inside a filled table is a row of
 * zeros, not a missing row; a blank group row above its sub-rows is not the
 * single-row form, and a header row ending in 总计 is not （七）总计. */
static void test_blank_row_is_zeros(void **state)
{
    (void)state;
    const char *html =
        "<html><body><p>三、收到和处理政府信息公开申请情况</p><table>"
        TR7("", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
        TR7("一、本年新收政府信息公开申请数量", "1", "2", "3", "4", "5", "6", "21")
        TR7("二、上年结转政府信息公开申请数量", "1", "0", "0", "0", "0", "2", "3")
        TR7("（一）予以公开", "", "", "", "", "", "", "")
        TR7("（二）部分公开", "2", "2", "3", "4", "5", "8", "24")
        "</table></body></html>";
    nb_doc *d = read_html(html);
    nb_record *r = map_doc(d, "2021");
    assert_non_null(nb_record_get(r, "applications.granted.total"));
    assert_true(value(r, "applications.granted.total") == 0);
    assert_true(value(r, "applications.granted.natural_person") == 0);
    assert_false(nb_record_flagged(r, "applications.granted.total"));
    assert_true(value(r, "applications.partially_granted.total") == 24);
    assert_null(nb_record_get(r, "applications.total_processed.total"));
    nb_record_free(r);
    nb_doc_free(d);
}

/* Section 四 printed with every value cell blank: zeros, with one warning
 * on the table's path. */
static void test_blank_wide_table_is_zeros(void **state)
{
    (void)state;
    GString *h = g_string_new("<html><body><p>四、政府信息公开行政复议、行政诉讼情况</p><table>"
                              "<tr><td colspan=5>行政复议</td><td colspan=10>行政诉讼</td></tr><tr>");
    for (int g = 0; g < 3; g++)
        g_string_append(h, "<td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td>"
                           "<td>总计</td>");
    g_string_append(h, "</tr><tr>");
    for (int i = 0; i < 15; i++)
        g_string_append(h, "<td></td>");
    g_string_append(h, "</tr></table></body></html>");
    nb_doc *d = read_html(h->str);
    nb_record *r = map_doc(d, "2021");
    assert_true(value(r, "reviews_litigation.review.total") == 0);
    assert_true(value(r, "reviews_litigation.litigation_after_review.upheld") == 0);
    assert_true(nb_record_flagged(r, "reviews_litigation.review.total"));
    nb_record_free(r);
    nb_doc_free(d);
    g_string_free(h, TRUE);
}

/* The same blank row put by a page split in a <table> of its own, after the
 * header's table, which Word closes with an empty row of column widths:
 * still zeros, flagged.  A blank row after a table that is not section 四's
 * header stays no table. */
static void test_blank_wide_table_split(void **state)
{
    (void)state;
    for (int header = 0; header < 2; header++) {
        GString *h = g_string_new("<html><body><p>四、政府信息公开行政复议、行政诉讼情况</p><table>"
                                  "<tr><td colspan=5>行政复议</td><td colspan=10>行政诉讼</td></tr><tr>");
        for (int g = 0; g < 3; g++)
            g_string_append(h, header ? "<td>结果维持</td><td>结果纠正</td><td>其他结果</td>"
                                        "<td>尚未审结</td><td>总计</td>"
                                      : "<td>甲</td><td>乙</td><td>丙</td><td>丁</td><td>戊</td>");
        g_string_append(h, "</tr><tr height=0><td width=83></td><td width=60></td></tr></table>"
                           "<table><tr>");
        for (int i = 0; i < 15; i++)
            g_string_append(h, "<td></td>");
        g_string_append(h, "</tr></table></body></html>");
        nb_doc *d = read_html(h->str);
        nb_record *r = nb_record_new();
        int found = nb_mapper_map(d, nb_schema_find(nb_schema_set_default(), "2021"), r);
        assert_int_equal(found, header);
        if (header) {
            assert_true(value(r, "reviews_litigation.review.total") == 0);
            assert_true(value(r, "reviews_litigation.litigation_direct.pending") == 0);
            assert_true(nb_record_flagged(r, "reviews_litigation.review.total"));
        } else {
            assert_null(nb_record_get(r, "reviews_litigation.review.total"));
        }
        nb_record_free(r);
        nb_doc_free(d);
        g_string_free(h, TRUE);
    }
}

/* A value with a note after it ("35（其中修订12件）") is the number; a header
 * unit converts money values to the key's unit (元 → 万元, 万元 → 元); a unit
 * the schema does not know leaves the value out, flagged. */
static void test_value_notes_and_header_units(void **state)
{
    (void)state;
    nb_record *r = map_text("2021", "二、主动公开政府信息情况\n"
                                    "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n"
                                    "规章\t35（其中修订12件）\t2\t17\n"
                                    "信息内容\t本年收费金额（单位：元）\n"
                                    "行政事业性收费\t26052000\n");
    assert_true(value(r, "active_disclosure.regulations.issued") == 35);
    assert_false(nb_record_flagged(r, "active_disclosure.regulations.issued"));
    assert_true(value(r, "active_disclosure.fees.amount_10k_yuan") == 2605.2);
    nb_record_free(r);
    r = map_text("2019", "二、主动公开政府信息情况\n"
                         "信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n"
                         "规章\t3\t3\t7\n"
                         "信息内容\t采购项目数量\t采购总金额（单位：万元）\n"
                         "政府集中采购\t395\t25.1\n");
    assert_true(value(r, "active_disclosure.procurement.amount_yuan") == 251000);
    assert_true(value(r, "active_disclosure.procurement.items") == 395);
    nb_record_free(r);
    r = map_text("2019", "二、主动公开政府信息情况\n"
                         "信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n"
                         "规章\t3\t3\t7\n"
                         "信息内容\t采购项目数量\t采购总金额（单位：千元）\n"
                         "政府集中采购\t395\t25.1\n");
    assert_null(nb_record_get(r, "active_disclosure.procurement.amount_yuan"));
    assert_true(nb_record_flagged(r, "active_disclosure.procurement.amount_yuan"));
    nb_record_free(r);
}

/* A header unit outside the grid: the header line of a table laid out with
 * spaces (the grid takes the value rows only), or `（单位：万元）` beside the
 * table's title, applies to its money column; two headings naming different
 * units are a doubt (flagged); prose ("本单位") names none. */
static void test_heading_area_unit(void **state)
{
    (void)state;
    const char *head = "二、主动公开政府信息情况\n"
                       "信息内容        本年新制作数量    本年新公开数量    对外公开总数量\n"
                       "规章                   3               3                7\n";
    /* the procurement amount read (-1: left out) and whether it is flagged
     * (-1: not asserted) */
    static const struct {
        const char *tail;
        double amount;
        int flagged;
    } cases[] = {
        {"                   第二十条第（九）项\n"
         "信息内容        采购项目数量      采购总金额（单位：万元）\n"
         "政府集中采购         16                   25.1\n",
         251000, 0},
        {"第二十条第（九）项                    （单位：万元）\n"
         "信息内容        采购项目数量      采购总金额\n"
         "政府集中采购         16                   25.1\n",
         251000, -1},
        {"第二十条第（九）项   单位：元\n"
         "信息内容\t采购项目数量\t采购总金额（单位：万元）\n"
         "政府集中采购\t16\t25.1\n",
         -1, 1},
        {"本单位集中采购情况如下\n"
         "信息内容        采购项目数量      采购总金额\n"
         "政府集中采购         16                   251000\n",
         251000, 0},
    };
    const char *path = "active_disclosure.procurement.amount_yuan";
    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *t = g_strconcat(head, cases[i].tail, NULL);
        nb_record *r = map_text("2019", t);
        if (cases[i].amount < 0)
            assert_null(nb_record_get(r, path));
        else
            assert_true(value(r, path) == cases[i].amount);
        if (cases[i].flagged >= 0)
            assert_int_equal(nb_record_flagged(r, path), cases[i].flagged);
        nb_record_free(r);
        g_free(t);
    }
}

/* A unit on a line of its own under the section heading applies to every
 * grid of the section (a table without rulings read as one grid per block),
 * however many lines below; not past the section heading. */
static void test_section_unit_line(void **state)
{
    (void)state;
    const char *blocks = "信息内容        本年新制作数量    本年新公开数量    对外公开总数量\n"
                         "规章                   3               3                7\n\n"
                         "第二十条第（五）项\n"
                         "信息内容        上一年项目数量    本年增/减    处理决定数量\n"
                         "行政许可               5               1                9\n\n"
                         "第二十条第（九）项\n"
                         "信息内容        采购项目数量      采购总金额\n"
                         "政府集中采购         16                   25.1\n";
    char *t = g_strconcat("二、主动公开政府信息情况\n单位：万元\n", blocks, NULL);
    nb_record *r = map_text("2019", t);
    assert_true(value(r, "active_disclosure.procurement.amount_yuan") == 251000);
    nb_record_free(r);
    g_free(t);
    /* a unit line above the section heading is another table's */
    t = g_strconcat("单位：万元\n二、主动公开政府信息情况\n", blocks, NULL);
    r = map_text("2019", t);
    assert_true(value(r, "active_disclosure.procurement.amount_yuan") == 25.1);
    nb_record_free(r);
    g_free(t);
}

/* A PDF page break between a table's header and its body: the header line
 * ending page 1 names the unit of the grid that opens page 2. */
static void test_heading_unit_on_page_before(void **state)
{
    (void)state;
    nb_doc *d = read_text("二、主动公开政府信息情况\n"
                          "信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n"
                          "规章\t3\t3\t7\n");
    nb_prov p = nb_prov_none(NB_ORIGIN_TEXT_LAYER);
    p.page = 1, p.has_box = true;
    p.box[0] = 70, p.box[1] = 700, p.box[2] = 500, p.box[3] = 712;
    nb_doc_add_line(d, "信息内容  采购项目数量  采购总金额（单位：万元）", &p);
    nb_grid *g = nb_grid_new();
    p.page = 2, p.box[1] = 80, p.box[3] = 92;
    nb_grid_put(g, 0, 0, "政府集中采购", 1, 1, &p);
    nb_grid_put(g, 0, 1, "16", 1, 1, &p);
    nb_grid_put(g, 0, 2, "25.1", 1, 1, &p);
    nb_doc_add_grid(d, g);
    nb_record *r = map_doc(d, "2019");
    assert_true(value(r, "active_disclosure.procurement.amount_yuan") == 251000);
    nb_record_free(r);
    nb_doc_free(d);
}

/* A page holding only the tail of section 三 and section 四 prints no word
 * only one template has: the template in force, undecided; with a （六）
 * sub-row on the page, 2021 and decided. */
static void test_detect_partial_page(void **state)
{
    (void)state;
    const char *tail = "（七）总计\t1\t0\t0\t0\t0\t2\t3\n"
                       "四、结转下年度继续办理\t0\t0\t0\t0\t0\t0\t0\n"
                       "四、政府信息公开行政复议、行政诉讼情况\n"
                       "行政复议\t行政诉讼\n"
                       "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n";
    nb_doc *d = read_text(tail);
    assert_null(nb_mapper_detect(d, nb_schema_set_default(), NULL));
    gboolean undecided = FALSE;
    const nb_schema *s = nb_mapper_detect_by_tables(d, nb_schema_set_default(), &undecided);
    assert_non_null(s);
    assert_string_equal(s->name, "2021");
    assert_true(undecided);
    nb_doc_free(d);
    d = read_text("品名\t单价\t数量\n"
                  "五花肉\t1\t2\n");
    assert_null(nb_mapper_detect_by_tables(d, nb_schema_set_default(), &undecided));
    assert_false(undecided);
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
        cmocka_unit_test(test_garbled_rows_placed_by_position),
        cmocka_unit_test(test_garbled_rows_in_doubt_not_placed),
        cmocka_unit_test(test_short_header_row_not_taken),
        cmocka_unit_test(test_misread_value_cell_kept_in_place),
        cmocka_unit_test(test_blank_row_is_zeros),
        cmocka_unit_test(test_blank_wide_table_is_zeros),
        cmocka_unit_test(test_blank_wide_table_split),
        cmocka_unit_test(test_value_notes_and_header_units),
        cmocka_unit_test(test_heading_area_unit),
        cmocka_unit_test(test_heading_unit_on_page_before),
        cmocka_unit_test(test_section_unit_line),
        cmocka_unit_test(test_detect_partial_page),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
