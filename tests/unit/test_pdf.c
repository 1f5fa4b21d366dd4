/* test_pdf.c — the text-PDF reader: lines from glyphs, stitching tables over
 * page breaks, the reader on synthetic and corpus PDFs, errors and limits. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cmd/synth/synth.h"
#include "extract/reader.h"
#include "layout/pdfflow.h"
#include "layout/pdfgrid.h"
#include "layout/pdfpage.h"
#include "layout/model/textnorm.h"
#include "schemas/record.h"
#include "synth_fixture.h"

#include <cairo-pdf.h>
#include <string.h>

/* ---- helpers ---- */

static nb_glyph glyph(gunichar ch, double x, double y, double size)
{
    nb_glyph g = {ch, {x, y, x + size, y + size}, size};
    return g;
}

/* Glyphs for `text` laid left to right from (x, y), `gap` points apart. */
static void add_text(GArray *out, const char *text, double x, double y, double size, double gap)
{
    for (const char *p = text; *p; p = g_utf8_next_char(p)) {
        nb_glyph g = glyph(g_utf8_get_char(p), x, y, size);
        g_array_append_val(out, g);
        x += size + gap;
    }
}

static GPtrArray *pointers(GArray *glyphs)
{
    GPtrArray *p = g_ptr_array_new();
    for (guint i = 0; i < glyphs->len; i++)
        g_ptr_array_add(p, &g_array_index(glyphs, nb_glyph, i));
    return p;
}

/* A cell of a hand-made table (the box spans columns by their edges). */
static void cell(nb_pdf_table *t, int row, int col, int rowspan, int colspan, const char *text)
{
    nb_pdf_cell *c = g_new0(nb_pdf_cell, 1);
    c->text = g_strdup(text);
    c->row = row, c->col = col, c->rowspan = rowspan, c->colspan = colspan;
    c->box = (nb_box){g_array_index(t->col_edges, double, col), 100.0 + row * 20,
                      g_array_index(t->col_edges, double, col + colspan), 100.0 + (row + rowspan) * 20};
    c->prov = nb_prov_none(NB_ORIGIN_TEXT_LAYER);
    c->prov.page = t->page;
    g_ptr_array_add(t->cells, c);
    t->rows = MAX(t->rows, row + rowspan);
}

static void cell_free(gpointer p)
{
    nb_pdf_cell *c = p;
    if (c)
        g_free(c->text);
    g_free(c);
}

/* A table of page `page` with four columns at 50, 100, 250, 300, 350. */
static nb_pdf_table *table(int page)
{
    nb_pdf_table *t = g_new0(nb_pdf_table, 1);
    t->page = t->last_page = page;
    t->col_edges = g_array_new(FALSE, FALSE, sizeof(double));
    double e[] = {50, 100, 250, 300, 350};
    g_array_append_vals(t->col_edges, e, 5);
    t->cells = g_ptr_array_new_with_free_func(cell_free);
    t->starts_page = t->ends_page = TRUE;
    t->box = (nb_box){50, 100, 350, 400};
    return t;
}

/* ---- lines ---- */

static void test_lines_join_cjk_and_numbers(void **state)
{
    (void)state;
    GArray *g = g_array_new(FALSE, FALSE, sizeof(nb_glyph));
    add_text(g, "行政处罚", 50, 100, 10, 0);
    add_text(g, "39", 120, 100.5, 10, -4); /* a number in two text items */
    add_text(g, "85", 132, 100, 10, -4);
    add_text(g, "第二行", 50, 115, 10, 0);
    GPtrArray *p = pointers(g);
    GPtrArray *lines = nb_text_lines(p, 3);
    assert_int_equal(lines->len, 2);
    const nb_text_line *l0 = g_ptr_array_index(lines, 0);
    assert_string_equal(l0->text, "行政处罚 3985"); /* a visible gap before a digit */
    assert_int_equal(l0->page, 3);
    assert_true(l0->box.x1 > 140);
    char *joined = nb_text_lines_join(lines);
    assert_string_equal(joined, "行政处罚 3985第二行");
    g_free(joined);
    g_ptr_array_free(lines, TRUE);
    g_ptr_array_free(p, TRUE);
    g_array_free(g, TRUE);
}

/* A vertical label, one character per line, reads top to bottom; a number
 * set between the two lines of a wrapped label is a line of its own. */
static void test_lines_vertical_and_between(void **state)
{
    (void)state;
    GArray *g = g_array_new(FALSE, FALSE, sizeof(nb_glyph));
    const char *chars[] = {"办", "理", "结", "果"};
    for (int i = 3; i >= 0; i--)
        add_text(g, chars[i], 50, 100 + i * 14, 9, 0);
    add_text(g, "只计这一情", 100, 300, 9, 0);
    add_text(g, "447", 200, 306, 12, 0);
    add_text(g, "形", 100, 312, 9, 0);
    GPtrArray *p = pointers(g);
    GPtrArray *lines = nb_text_lines(p, 1);
    assert_int_equal(lines->len, 7);
    GPtrArray *four = g_ptr_array_new();
    for (int i = 0; i < 4; i++)
        g_ptr_array_add(four, g_ptr_array_index(lines, i));
    char *joined = nb_text_lines_join(four);
    assert_string_equal(joined, "办理结果");
    assert_string_equal(((nb_text_line *)g_ptr_array_index(lines, 5))->text, "447");
    g_free(joined);
    g_ptr_array_free(four, TRUE);
    g_ptr_array_free(lines, TRUE);
    g_ptr_array_free(p, TRUE);
    g_array_free(g, TRUE);
}

/* ---- stitching ---- */

/* '（四）无' at the bottom of one page and '法提供' on top of the next are
 * one group label spanning all its rows; the repeated header row goes. */
static void test_stitch_split_group_label(void **state)
{
    (void)state;
    nb_pdf_table *a = table(4), *b = table(5);
    cell(a, 0, 0, 1, 4, "申请人情况");
    cell(a, 1, 0, 1, 1, "（三）不予公开");
    cell(a, 1, 1, 1, 1, "8.属于行政查询事项");
    cell(a, 1, 2, 1, 1, "105");
    cell(a, 1, 3, 1, 1, "105");
    cell(a, 2, 0, 1, 1, "（四）无");
    cell(a, 2, 1, 1, 1, "1.本机关不掌握相关政府信息");
    cell(a, 2, 2, 1, 1, "746");
    cell(a, 2, 3, 1, 1, "769");
    cell(b, 0, 0, 1, 4, "申请人情况");
    cell(b, 1, 0, 2, 1, "法提供");
    cell(b, 1, 1, 1, 1, "2.没有现成信息需要另行制作");
    cell(b, 1, 2, 1, 1, "11");
    cell(b, 1, 3, 1, 1, "11");
    cell(b, 2, 1, 1, 1, "3.补正后申请内容仍不明确");
    cell(b, 2, 2, 1, 1, "1");
    cell(b, 2, 3, 1, 1, "1");
    GPtrArray *in = g_ptr_array_new_with_free_func(nb_pdf_table_free);
    g_ptr_array_add(in, a);
    g_ptr_array_add(in, b);
    GPtrArray *out = nb_pdf_tables_stitch(in);
    assert_int_equal(out->len, 1);
    nb_grid *g = nb_pdf_table_to_grid(g_ptr_array_index(out, 0), 1);
    assert_int_equal(nb_grid_rows(g), 5);
    assert_string_equal(nb_grid_name(g), "pages 4-5 table 1");
    const nb_cell *group = nb_grid_cell(g, 2, 0);
    assert_true(group->anchor);
    assert_string_equal(group->text, "（四）无法提供");
    assert_int_equal(group->rowspan, 3);
    assert_string_equal(nb_grid_text(g, 4, 0), "（四）无法提供");
    assert_string_equal(nb_grid_text(g, 3, 1), "2.没有现成信息需要另行制作");
    assert_string_equal(nb_grid_text(g, 4, 3), "1");
    nb_grid_free(g);
    g_ptr_array_free(out, TRUE);
}

/* A row cut by the break (label words on both pages, the numbers on one)
 * is joined; a header row followed by the first data row is not. */
static void test_stitch_split_row_and_header(void **state)
{
    (void)state;
    nb_pdf_table *a = table(2), *b = table(3);
    cell(a, 0, 0, 1, 2, "4.无正当理由大量反复申请");
    cell(a, 0, 2, 1, 1, "3");
    cell(a, 0, 3, 1, 1, "9");
    cell(a, 1, 0, 1, 2, "5.要求行政机关确认或重新出");
    cell(a, 1, 2, 1, 1, "");
    cell(a, 1, 3, 1, 1, "");
    cell(b, 0, 0, 1, 2, "具已获取信息");
    cell(b, 0, 2, 1, 1, "12");
    cell(b, 0, 3, 1, 1, "7");
    GPtrArray *in = g_ptr_array_new_with_free_func(nb_pdf_table_free);
    g_ptr_array_add(in, a);
    g_ptr_array_add(in, b);
    GPtrArray *out = nb_pdf_tables_stitch(in);
    nb_grid *g = nb_pdf_table_to_grid(g_ptr_array_index(out, 0), 1);
    assert_int_equal(nb_grid_rows(g), 2);
    assert_string_equal(nb_grid_text(g, 1, 0), "5.要求行政机关确认或重新出具已获取信息");
    assert_string_equal(nb_grid_text(g, 1, 2), "12");
    nb_grid_free(g);
    g_ptr_array_free(out, TRUE);

    a = table(2), b = table(3);
    cell(a, 0, 0, 1, 2, "信息内容");
    cell(a, 0, 2, 1, 1, "上一年项目数量");
    cell(a, 0, 3, 1, 1, "本年增/减");
    cell(b, 0, 0, 1, 2, "行政事业性收费");
    cell(b, 0, 2, 1, 1, "49");
    cell(b, 0, 3, 1, 1, "-57");
    in = g_ptr_array_new_with_free_func(nb_pdf_table_free);
    g_ptr_array_add(in, a);
    g_ptr_array_add(in, b);
    out = nb_pdf_tables_stitch(in);
    g = nb_pdf_table_to_grid(g_ptr_array_index(out, 0), 1);
    assert_int_equal(nb_grid_rows(g), 2);
    assert_string_equal(nb_grid_text(g, 0, 0), "信息内容");
    assert_string_equal(nb_grid_text(g, 1, 3), "-57");
    nb_grid_free(g);
    g_ptr_array_free(out, TRUE);
}

/* Tables of different widths, or with body text between them, stay apart. */
static void test_stitch_needs_same_outline(void **state)
{
    (void)state;
    nb_pdf_table *a = table(1), *b = table(2), *c = table(3);
    cell(a, 0, 0, 1, 4, "甲");
    cell(b, 0, 0, 1, 4, "乙");
    g_array_index(b->col_edges, double, 4) = 420; /* wider */
    cell(c, 0, 0, 1, 4, "丙");
    c->starts_page = FALSE; /* text above it */
    GPtrArray *in = g_ptr_array_new_with_free_func(nb_pdf_table_free);
    g_ptr_array_add(in, a);
    g_ptr_array_add(in, b);
    g_ptr_array_add(in, c);
    GPtrArray *out = nb_pdf_tables_stitch(in);
    assert_int_equal(out->len, 3);
    g_ptr_array_free(out, TRUE);
}

/* ---- flow ---- */

static nb_text_line *line_at(const char *text, double x0, double y0, double x1, double size, int page)
{
    GArray *g = g_array_new(FALSE, FALSE, sizeof(nb_glyph));
    add_text(g, text, x0, y0, size, 0);
    GPtrArray *p = pointers(g);
    GPtrArray *ls = nb_text_lines(p, page);
    nb_text_line *l = g_ptr_array_steal_index(ls, 0);
    l->box.x1 = x1;
    g_ptr_array_free(ls, TRUE);
    g_ptr_array_free(p, TRUE);
    g_array_free(g, TRUE);
    return l;
}

/* Page numbers go; a paragraph continued over the page break is one line;
 * an indented line starts a new paragraph; the title is the big lines. */
static void test_flow(void **state)
{
    (void)state;
    GPtrArray *pages = g_ptr_array_new_with_free_func(nb_flow_page_free);
    nb_flow_page *p1 = nb_flow_page_new(1, 595, 842, NULL);
    g_ptr_array_add(p1->lines, line_at("淮安市人民政府", 200, 80, 390, 22, 1));
    g_ptr_array_add(p1->lines, line_at("2024年政府信息公开工作年度报告", 120, 110, 470, 22, 1));
    g_ptr_array_add(p1->lines, line_at("一、总体情况", 100, 200, 230, 16, 1));
    g_ptr_array_add(p1->lines, line_at("第一段第一行", 100, 230, 500, 16, 1));
    g_ptr_array_add(p1->lines, line_at("第一段末行", 70, 252, 500, 16, 1));
    g_ptr_array_add(p1->lines, line_at("-1-", 280, 800, 300, 10, 1));
    nb_flow_page *p2 = nb_flow_page_new(2, 595, 842, NULL);
    g_ptr_array_add(p2->lines, line_at("续上页", 70, 72, 300, 16, 2));
    g_ptr_array_add(p2->lines, line_at("第二段", 100, 94, 500, 16, 2));
    g_ptr_array_add(p2->lines, line_at("完", 70, 116, 120, 16, 2));
    g_ptr_array_add(p2->lines, line_at("- 2 -", 280, 800, 300, 10, 2));
    g_ptr_array_add(pages, p1);
    g_ptr_array_add(pages, p2);
    nb_flow_strip_furniture(pages);
    assert_int_equal(p1->lines->len, 5);
    assert_int_equal(p2->lines->len, 3);
    char *title = nb_flow_title(p1);
    assert_string_equal(title, "淮安市人民政府 2024年政府信息公开工作年度报告");
    g_free(title);
    GPtrArray *paras = nb_flow_paragraphs(pages);
    assert_int_equal(paras->len, 5);
    assert_string_equal(((nb_text_line *)g_ptr_array_index(paras, 3))->text,
                        "第一段第一行第一段末行续上页");
    assert_int_equal(((nb_text_line *)g_ptr_array_index(paras, 3))->page, 1);
    assert_string_equal(((nb_text_line *)g_ptr_array_index(paras, 4))->text, "第二段完");
    g_ptr_array_free(paras, TRUE);
    g_ptr_array_free(pages, TRUE);
}

/* ---- the reader ---- */

/* Every table value of a synthetic report is in a grid cell, with the page
 * and box it came from; the title names agency and year. */
static void test_read_synthetic(void **state)
{
    (void)state;
    nb_record *r = NULL;
    GByteArray *pdf = synth_fixture_pdf("2021", 11, &r);
    nb_limits lim = nb_limits_default();
    nb_error err = {NB_ERR_NONE, NULL};
    nb_doc *doc = nb_read_pdf(pdf->data, pdf->len, &lim, &err);
    assert_non_null(doc);
    assert_string_equal(doc->format, "pdf-text");
    assert_true(doc->pages >= 2);
    assert_non_null(doc->title);
    assert_non_null(strstr(doc->title, r->agency));
    char year[8];
    g_snprintf(year, sizeof year, "%d", r->year);
    assert_non_null(strstr(doc->title, year));
    const nb_value *v = nb_record_get(r, "applications.new_received.total");
    char *want = nb_format_number(v->value);
    gboolean found = FALSE;
    for (guint i = 0; i < doc->grids->len && !found; i++) {
        const nb_grid *g = g_ptr_array_index(doc->grids, i);
        for (int row = 0; row < nb_grid_rows(g) && !found; row++)
            for (int col = 0; col < nb_grid_cols(g) && !found; col++) {
                const nb_cell *c = nb_grid_cell(g, row, col);
                if (c->anchor && !strcmp(c->text, want) && strstr(nb_grid_text(g, row, 1), "本年新收")) {
                    found = TRUE;
                    assert_true(c->prov.page >= 1);
                    assert_true(c->prov.has_box);
                    assert_true(c->prov.box[2] > c->prov.box[0] && c->prov.box[3] > c->prov.box[1]);
                    assert_int_equal(c->prov.origin, NB_ORIGIN_TEXT_LAYER);
                }
            }
    }
    assert_true(found);
    for (guint i = 0; i < doc->lines->len; i++) /* page numbers are not text */
        assert_false(g_regex_match_simple("^-\\s*\\d+\\s*-$", ((nb_line *)g_ptr_array_index(doc->lines, i))->text, 0, 0));
    g_free(want);
    nb_doc_free(doc);
    nb_record_free(r);
    g_byte_array_unref(pdf);
}

static void test_errors_and_limits(void **state)
{
    (void)state;
    nb_limits lim = nb_limits_default();
    nb_error err = {NB_ERR_NONE, NULL};
    const char *junk = "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n";
    assert_null(nb_read_pdf((const guchar *)junk, strlen(junk), &lim, &err));
    assert_int_equal(err.cls, NB_ERR_FORMAT);
    assert_non_null(strstr(err.message, "PDF"));
    assert_null(strchr(err.message, '\n'));
    nb_error_clear(&err);

    GByteArray *pdf = synth_fixture_pdf("2019", 4, NULL);
    lim.max_pages = 1;
    assert_null(nb_read_pdf(pdf->data, pdf->len, &lim, &err));
    assert_int_equal(err.cls, NB_ERR_LIMIT);
    assert_non_null(strstr(err.message, "--max-pages"));
    nb_error_clear(&err);

    lim = nb_limits_default();
    lim.max_pixels = 1000; /* no table page can be rendered to find rulings */
    assert_null(nb_read_pdf(pdf->data, pdf->len, &lim, &err));
    assert_int_equal(err.cls, NB_ERR_LIMIT);
    assert_non_null(strstr(err.message, "--max-pixels"));
    nb_error_clear(&err);

    lim = nb_limits_default();
    lim.timeout_s = 1e-9;
    lim.started_us = g_get_monotonic_time() - 1000;
    assert_null(nb_read_pdf(pdf->data, pdf->len, &lim, &err));
    assert_int_equal(err.cls, NB_ERR_LIMIT);
    nb_error_clear(&err);
    g_byte_array_unref(pdf);
}

static cairo_status_t append(void *closure, const unsigned char *data, unsigned int len)
{
    g_byte_array_append(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

/* A page that is only a picture goes to the OCR path, and says so. */
static void test_image_page_goes_to_ocr(void **state)
{
    (void)state;
    GByteArray *pdf = g_byte_array_new();
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(append, pdf, 200, 200);
    cairo_t *cr = cairo_create(s);
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 100, 100);
    cairo_t *ic = cairo_create(img);
    cairo_set_source_rgb(ic, 1, 1, 1);
    cairo_paint(ic);
    cairo_destroy(ic);
    cairo_scale(cr, 2, 2);
    cairo_set_source_surface(cr, img, 0, 0);
    cairo_paint(cr);
    cairo_destroy(cr);
    cairo_surface_destroy(img);
    cairo_surface_finish(s);
    cairo_surface_destroy(s);
    nb_limits lim = nb_limits_default();
    nb_error err = {NB_ERR_NONE, NULL};
    nb_doc *doc = nb_read_pdf(pdf->data, pdf->len, &lim, &err);
    if (doc) {
        gboolean said = FALSE;
        for (guint i = 0; i < doc->warnings->len; i++)
            said |= strstr(((nb_warning *)g_ptr_array_index(doc->warnings, i))->message,
                           "page 1 has no text layer") != NULL;
        assert_true(said);
        assert_string_equal(doc->format, "pdf-scan");
    } else {
        assert_int_not_equal(err.cls, NB_ERR_NONE); /* the OCR path may refuse a blank page */
    }
    nb_error_clear(&err);
    nb_doc_free(doc);
    g_byte_array_unref(pdf);
}

/* The corpus case with split tables: title, one stitched applications grid. */
static void test_corpus_huaian_city(void **state)
{
    (void)state;
    char *path = g_build_filename(NB_CORPUS_DIR, "huaian-city-2024-pdf", "source.pdf", NULL);
    if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
        g_free(path);
        skip();
    }
    nb_limits lim = nb_limits_default();
    nb_error err = {NB_ERR_NONE, NULL};
    nb_doc *doc = nb_read_file(path, &lim, &err);
    assert_non_null(doc);
    assert_string_equal(doc->title, "淮安市人民政府 2024 年政府信息公开工作年度报告");
    gboolean stitched = FALSE;
    for (guint i = 0; i < doc->grids->len; i++) {
        const nb_grid *g = g_ptr_array_index(doc->grids, i);
        for (int r = 0; r < nb_grid_rows(g); r++)
            if (!strcmp(nb_grid_text(g, r, 2), "2.没有现成信息需要另行制作")) {
                assert_string_equal(nb_grid_text(g, r, 1), "（四）无法提供");
                assert_string_equal(nb_grid_name(g), "pages 4-5 table 2");
                stitched = TRUE;
            }
    }
    assert_true(stitched);
    nb_doc_free(doc);
    g_free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lines_join_cjk_and_numbers),
        cmocka_unit_test(test_lines_vertical_and_between),
        cmocka_unit_test(test_stitch_split_group_label),
        cmocka_unit_test(test_stitch_split_row_and_header),
        cmocka_unit_test(test_stitch_needs_same_outline),
        cmocka_unit_test(test_flow),
        cmocka_unit_test(test_read_synthetic),
        cmocka_unit_test(test_errors_and_limits),
        cmocka_unit_test(test_image_page_goes_to_ocr),
        cmocka_unit_test(test_corpus_huaian_city),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
