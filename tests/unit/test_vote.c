/* test_vote.c — agency and year of an OCR'd report by consensus of the
 * places that print them (schemas/vote.h through nb_meta_read_agency_year),
 * and the section text of OCR lines: paragraphs re-joined across line
 * breaks, running heads and margin marks left out.  Documents are built
 * line by line with OCR provenance (confidence, box); no OCR runs. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "schemas/meta.h"
#include "schemas/vote.h"

#include <string.h>

typedef struct {
    const char *text;
    int confidence;
    double x0, y0, x1, y1;
} ocr_line;

/* A one-page document whose text flow is the given OCR lines. */
static nb_doc *ocr_doc(const ocr_line *lines, int n, int origin)
{
    nb_doc *d = nb_doc_new();
    for (int i = 0; i < n; i++) {
        nb_prov p = nb_prov_none(origin);
        p.page = 1;
        p.confidence = lines[i].confidence;
        p.has_box = true;
        p.box[0] = lines[i].x0, p.box[1] = lines[i].y0, p.box[2] = lines[i].x1, p.box[3] = lines[i].y1;
        nb_doc_add_line(d, lines[i].text, &p);
    }
    return d;
}

static int warnings_on(const nb_record *r, const char *path)
{
    int n = 0;
    for (guint i = 0; i < r->warnings->len; i++) {
        const nb_warning *w = g_ptr_array_index(r->warnings, i);
        n += w->path && !strcmp(w->path, path);
    }
    return n;
}

static nb_record *agency_year_of(const ocr_line *lines, int n, int origin)
{
    nb_doc *d = ocr_doc(lines, n, origin);
    nb_record *r = nb_record_new();
    nb_meta_read_agency_year(d, nb_schema_set_default(), r);
    nb_doc_free(d);
    return r;
}

/* A new record with the agency, year and sections of the OCR lines. */
static nb_record *sections_of(const ocr_line *lines, int n)
{
    nb_doc *d = ocr_doc(lines, n, NB_ORIGIN_OCR);
    nb_record *r = nb_record_new();
    nb_meta_read_agency_year(d, nb_schema_set_default(), r);
    nb_meta_read_sections(d, nb_schema_set_default(), r);
    nb_doc_free(d);
    return r;
}

/* The title's 溪 read as 遂: the first sentence and the signature, read
 * more surely, outvote it; the change is warned about. */
static const ocr_line k_misread_title[] = {
    {"云遂区民政局2024年政府信息公开工作年度报告", 83, 300, 300, 2200, 420},
    {"一、总体情况", 94, 370, 500, 900, 570},
    {"2024年，云溪区民政局深入贯彻落实《中华人民共和国政府信息公开条例》，坚", 93, 370, 600, 2180, 680},
    {"持以公开为常态、不公开为例外，持续推进政务公开工作。", 92, 280, 690, 1800, 770},
    {"云溪区民政局", 90, 1700, 900, 2100, 980},
    {"2025年1月20日", 91, 1700, 990, 2100, 1070}};

static void test_title_outvoted(void **state)
{
    (void)state;
    nb_record *r = agency_year_of(k_misread_title, 6, NB_ORIGIN_OCR);
    assert_string_equal(r->agency, "云溪区民政局");
    assert_int_equal(r->year, 2024);
    assert_int_equal(warnings_on(r, "agency"), 1);
    assert_int_equal(warnings_on(r, "year"), 0);
    nb_record_free(r);
}

/* The same lines from a text layer: the title's wording is the report's
 * own and stands, without a warning. */
static void test_text_layer_not_voted(void **state)
{
    (void)state;
    nb_record *r = agency_year_of(k_misread_title, 6, NB_ORIGIN_TEXT_LAYER);
    assert_string_equal(r->agency, "云遂区民政局");
    assert_int_equal(warnings_on(r, "agency"), 0);
    nb_record_free(r);
}

/* One other place disagrees but was read less surely than the title: the
 * title stands and the doubt is warned about. */
static void test_weaker_dissent_warns(void **state)
{
    (void)state;
    const ocr_line lines[] = {
        {"清河市财政局2023年政府信息公开工作年度报告", 95, 300, 300, 2200, 420},
        {"2023年，清河市时政局深入贯彻落实《中华人民共和国政府信息公开条例》，坚持", 70, 370, 600, 2180, 680}};
    nb_record *r = agency_year_of(lines, 2, NB_ORIGIN_OCR);
    assert_string_equal(r->agency, "清河市财政局");
    assert_int_equal(warnings_on(r, "agency"), 1);
    nb_record_free(r);
}

/* Furniture OCR reads into a title's agency: a ruling as '|', the heading
 * numeral of the line above. */
static void test_title_furniture_trimmed(void **state)
{
    (void)state;
    const ocr_line lines[] = {{"三、石门市永安市人民政府|2022年政府信息公开工作年度报告", 88, 300, 300, 2200, 420}};
    nb_record *r = agency_year_of(lines, 1, NB_ORIGIN_OCR);
    assert_string_equal(r->agency, "石门市永安市人民政府");
    assert_int_equal(warnings_on(r, "agency"), 1);
    nb_record_free(r);
}

/* The title's year misread by one digit: the first sentence and the fee
 * sentence state the other; a date (2022年1月) does not vote. */
static void test_year_outvoted(void **state)
{
    (void)state;
    const ocr_line lines[] = {
        {"白水县水利局2027年政府信息公开工作年度报告", 80, 300, 300, 2200, 420},
        {"2021年，白水县水利局深入贯彻落实《中华人民共和国政府信息公开条例》，坚持", 93, 370, 600, 2180, 680},
        {"2021年度本机关未收取信息处理费。", 93, 280, 700, 1300, 780},
        {"2022年1月15日", 93, 1700, 990, 2100, 1070}};
    nb_record *r = agency_year_of(lines, 4, NB_ORIGIN_OCR);
    assert_int_equal(r->year, 2021);
    assert_int_equal(warnings_on(r, "year"), 1);
    nb_record_free(r);
}

static void test_edit_distance(void **state)
{
    (void)state;
    assert_int_equal(nb_vote_edit_distance("云溪区民政局", "云遂区民政局"), 1);
    assert_int_equal(nb_vote_edit_distance("株洲市芦淞区", "洲市芦淞区|"), 2);
    assert_int_equal(nb_vote_edit_distance("", "局"), 1);
}

/* Section text from OCR lines: the paragraph broken at the margin is one
 * again, the running head, the page number and a tick in the margin are
 * left out, the seal read as a tall weak block too. */
static void test_ocr_section_flow(void **state)
{
    (void)state;
    const ocr_line lines[] = {
        {"云溪区民政局2024年政府信息公开工作年度报告", 90, 300, 300, 2200, 420},
        {"一、总体情况", 94, 370, 500, 900, 570},
        {"2024年，云溪区民政局深入贯彻落实《中华人民共和国政府信息公开条例》，坚", 93, 370, 600, 2180, 680},
        {"V", 75, 140, 620, 250, 700},
        {"- 1 -", 90, 1150, 3300, 1300, 3360},
        {"云溪区民政局2024年政府信息公开工作年度报告", 88, 800, 150, 1700, 200},
        {"持以公开为常态、不公开为例外，持续推进政务公开工作。", 92, 280, 690, 1800, 770},
        {"二、其他需要报告的事项", 94, 370, 800, 1000, 870},
        {"本年度无其他需要报告的事项。", 93, 370, 880, 1200, 960},
        {"永，然粳5-人公疏4有朋27二", 37, 1700, 1000, 2100, 1350}};
    nb_record *r = sections_of(lines, 10);
    const char *overview = g_hash_table_lookup(r->sections, "overview");
    assert_non_null(overview);
    assert_string_equal(overview, "2024年，云溪区民政局深入贯彻落实《中华人民共和国政府信息公开条例》，坚"
                                  "持以公开为常态、不公开为例外，持续推进政务公开工作。");
    assert_string_equal(g_hash_table_lookup(r->sections, "other"), "本年度无其他需要报告的事项。");
    nb_record_free(r);
}

/* The last section's full stop read as a comma, then the page number with
 * a dash lost ("3-"): the page number is left out, the comma taken as '。'
 * and warned about on the section's path. */
static void test_ocr_section_final_comma(void **state)
{
    (void)state;
    const ocr_line lines[] = {
        {"云溪区民政局2024年政府信息公开工作年度报告", 90, 300, 300, 2200, 420},
        {"一、总体情况", 94, 370, 500, 900, 570},
        {"本机关坚持以公开为常态、不公开为例外。", 93, 370, 600, 2180, 680},
        {"二、其他需要报告的事项", 94, 370, 800, 1000, 870},
        {"2022年度本机关未收取信息处理费，", 93, 370, 880, 1200, 960},
        {"3-", 90, 1150, 3300, 1250, 3360}};
    nb_record *r = sections_of(lines, 6);
    assert_string_equal(g_hash_table_lookup(r->sections, "other"), "2022年度本机关未收取信息处理费。");
    assert_int_equal(warnings_on(r, "sections.other"), 1);
    assert_string_equal(g_hash_table_lookup(r->sections, "overview"), "本机关坚持以公开为常态、不公开为例外。");
    assert_int_equal(warnings_on(r, "sections.overview"), 0);
    nb_record_free(r);
}

/* The last sentence's full stop lost by OCR: the signature on the next
 * line, set off to the right, is not joined to it as a wrapped line. */
static void test_ocr_signature_not_joined(void **state)
{
    (void)state;
    const ocr_line lines[] = {
        {"云溪区民政局2024年政府信息公开工作年度报告", 90, 300, 300, 2200, 420},
        {"二、其他需要报告的事项", 94, 370, 800, 1000, 870},
        {"本年度共对3件申请收取信息处理费1480元，其中依申请公开收费3件共计1480元", 92, 370, 880, 2180, 960},
        {"云溪区民政局", 88, 1600, 1100, 2000, 1170},
        {"2025年1月20日", 90, 1600, 1200, 2000, 1270}};
    nb_record *r = sections_of(lines, 5);
    assert_string_equal(g_hash_table_lookup(r->sections, "other"),
                        "本年度共对3件申请收取信息处理费1480元，其中依申请公开收费3件共计1480元");
    nb_record_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_title_outvoted),      cmocka_unit_test(test_text_layer_not_voted),
        cmocka_unit_test(test_weaker_dissent_warns), cmocka_unit_test(test_title_furniture_trimmed),
        cmocka_unit_test(test_year_outvoted),       cmocka_unit_test(test_edit_distance),
        cmocka_unit_test(test_ocr_section_flow),    cmocka_unit_test(test_ocr_section_final_comma),
        cmocka_unit_test(test_ocr_signature_not_joined),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
