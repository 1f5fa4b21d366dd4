/* test_html.c — the HTML reader on small handmade pages: span expansion,
 * character sets, Word-export noise, layout tables, the article among the
 * site chrome, titles, provenance, limits. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "extract/html_charset.h"
#include "extract/reader.h"

#include <string.h>

static nb_doc *read_bytes(const char *data, gsize len)
{
    nb_limits lim = nb_limits_default();
    nb_error err = {0};
    nb_doc *doc = nb_read_html((const guchar *)data, len, &lim, &err);
    if (!doc)
        fail_msg("read failed: %s", err.message ? err.message : "(no message)");
    nb_error_clear(&err);
    return doc;
}

static nb_doc *read_html(const char *html)
{
    return read_bytes(html, strlen(html));
}

/* Asserts that row `r` of `g` shows exactly `cells` ("|"-separated texts,
 * covered positions showing their anchor's text). */
static void assert_row(const nb_grid *g, int r, const char *cells)
{
    char **want = g_strsplit(cells, "|", -1);
    int n = (int)g_strv_length(want);
    assert_int_equal(nb_grid_cols(g), n);
    for (int c = 0; c < n; c++)
        assert_string_equal(nb_grid_text(g, r, c), want[c]);
    g_strfreev(want);
}

static const char *line_text(const nb_doc *d, guint i)
{
    assert_true(i < d->lines->len);
    return ((const nb_line *)g_ptr_array_index(d->lines, i))->text;
}

static const nb_grid *grid(const nb_doc *d, guint i)
{
    assert_true(i < d->grids->len);
    return g_ptr_array_index(d->grids, i);
}

static void test_spans_expand(void **state)
{
    (void)state;
    nb_doc *d = read_html("<table>\n"
                          "<tr><td rowspan=2 colspan=2>corner</td><td colspan=3>申请人情况</td></tr>\n"
                          "<tr><td>自然人</td><td colspan=2>法人</td></tr>\n"
                          "<tr><td rowspan=3>三、结果</td><td>（一）</td><td>7</td><td>0</td><td>7</td></tr>\n"
                          "<tr><td>（二）</td><td>12</td><td colspan=2>5</td></tr>\n"
                          "<tr><td>（三）</td><td>3</td><td>1</td><td>4</td></tr>\n"
                          "</table>");
    assert_int_equal(d->grids->len, 1);
    assert_int_equal(d->lines->len, 0);
    const nb_grid *g = grid(d, 0);
    assert_int_equal(nb_grid_rows(g), 5);
    assert_row(g, 0, "corner|corner|申请人情况|申请人情况|申请人情况");
    assert_row(g, 1, "corner|corner|自然人|法人|法人");
    assert_row(g, 2, "三、结果|（一）|7|0|7");
    assert_row(g, 3, "三、结果|（二）|12|5|5");
    assert_row(g, 4, "三、结果|（三）|3|1|4");
    /* anchors are recorded once, with their spans; covered cells point back */
    const nb_cell *corner = nb_grid_cell(g, 0, 0);
    assert_true(corner->anchor);
    assert_int_equal(corner->rowspan, 2);
    assert_int_equal(corner->colspan, 2);
    const nb_cell *covered = nb_grid_cell(g, 1, 1);
    assert_false(covered->anchor);
    assert_int_equal(covered->anchor_row, 0);
    assert_int_equal(covered->anchor_col, 0);
    const nb_cell *group = nb_grid_cell(g, 2, 0);
    assert_int_equal(group->rowspan, 3);
    assert_false(nb_grid_cell(g, 4, 0)->anchor);
    const nb_cell *wide = nb_grid_cell(g, 3, 3);
    assert_true(wide->anchor);
    assert_int_equal(wide->colspan, 2);
    assert_false(nb_grid_cell(g, 3, 4)->anchor);
    nb_doc_free(d);
}

static void test_spans_clamped(void **state)
{
    (void)state;
    /* rowspan past the last row and rowspan=0 stop at the table's end */
    nb_doc *d = read_html("<table><tr><td rowspan=40>a</td><td rowspan=0>b</td><td>1</td></tr>"
                          "<tr><td>2</td></tr></table>");
    const nb_grid *g = grid(d, 0);
    assert_int_equal(nb_grid_rows(g), 2);
    assert_row(g, 0, "a|b|1");
    assert_row(g, 1, "a|b|2");
    assert_int_equal(nb_grid_cell(g, 0, 0)->rowspan, 2);
    assert_int_equal(nb_grid_cell(g, 0, 1)->rowspan, 2);
    nb_doc_free(d);
}

static const char *k_gbk_page =
    "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">"
    "<title>某县2023年政府信息公开工作年度报告_某县政府</title></head><body>"
    "<p>一、总体情况</p><p>全年主动公开信息1234条。</p>"
    "<table><tr><td>规章</td><td>5</td><td>6</td><td>17</td></tr></table></body></html>";

static char *to_gbk(const char *utf8, gsize *len)
{
    GError *e = NULL;
    char *out = g_convert(utf8, -1, "GB18030", "UTF-8", NULL, len, &e);
    assert_null(e);
    return out;
}

static void test_gbk_page(void **state)
{
    (void)state;
    gsize len = 0;
    char *gbk = to_gbk(k_gbk_page, &len);
    assert_false(g_utf8_validate(gbk, (gssize)len, NULL));
    char *declared = nb_html_declared_charset((const guchar *)gbk, len);
    assert_string_equal(declared, "gb2312");
    g_free(declared);
    nb_doc *d = read_bytes(gbk, len);
    assert_string_equal(d->title, "某县2023年政府信息公开工作年度报告");
    assert_int_equal(d->lines->len, 2);
    assert_string_equal(line_text(d, 0), "一、总体情况");
    assert_string_equal(line_text(d, 1), "全年主动公开信息1234条。");
    assert_row(grid(d, 0), 0, "规章|5|6|17");
    nb_doc_free(d);
    g_free(gbk);
}

static void test_gbk_undeclared_and_utf8_viewport(void **state)
{
    (void)state;
    /* no declaration at all: detected as GB18030 */
    gsize len = 0;
    char *gbk = to_gbk("<html><body><p>行政许可决定数量</p></body></html>", &len);
    nb_doc *d = read_bytes(gbk, len);
    assert_string_equal(line_text(d, 0), "行政许可决定数量");
    nb_doc_free(d);
    g_free(gbk);
    /* the charset shares its <meta> with a viewport */
    const char *page = "<html><head><meta charset=\"utf-8\" name=\"viewport\" "
                       "content=\"width=device-width\"></head><body><p>申请人情况</p></body></html>";
    char *declared = nb_html_declared_charset((const guchar *)page, strlen(page));
    assert_string_equal(declared, "utf-8");
    g_free(declared);
    d = read_html(page);
    assert_string_equal(line_text(d, 0), "申请人情况");
    nb_doc_free(d);
    /* declared gb2312 over UTF-8 bytes: the bytes win, and a warning says so */
    d = read_html("<html><head><meta charset=gb2312></head><body><p>结转下年度</p></body></html>");
    assert_string_equal(line_text(d, 0), "结转下年度");
    assert_int_equal(d->warnings->len, 1);
    assert_non_null(strstr(((const nb_warning *)g_ptr_array_index(d->warnings, 0))->message, "declares charset gb2312"));
    nb_doc_free(d);
    /* declared utf-8 over GBK bytes: read as GB18030, warned */
    gbk = to_gbk("<html><head><meta charset=utf-8></head><body><p>行政许可决定数量</p></body></html>",
                 &len);
    d = read_bytes(gbk, len);
    assert_string_equal(line_text(d, 0), "行政许可决定数量");
    assert_int_equal(d->warnings->len, 1);
    assert_non_null(strstr(((const nb_warning *)g_ptr_array_index(d->warnings, 0))->message, "its bytes are GB18030"));
    nb_doc_free(d);
    g_free(gbk);
}

/* GBK text and UTF-8 labels on one page: no single charset reads it, so it
 * is refused rather than read with half its labels garbled; a few UTF-8
 * characters in a GBK page (or the reverse) are damage, read as before. */
static void test_mixed_encodings(void **state)
{
    (void)state;
    gsize len = 0;
    char *gbk = to_gbk("<html><head><meta charset=gb2312></head><body><p>一、总体情况全年主动公开信息</p>",
                       &len);
    GString *page = g_string_new_len(gbk, (gssize)len);
    g_string_append(page, "<table><tr><td>收到和处理政府信息公开申请情况</td><td>12</td></tr></table>"
                          "</body></html>");
    nb_limits lim = nb_limits_default();
    nb_error err = {0};
    nb_doc *d = nb_read_html((const guchar *)page->str, page->len, &lim, &err);
    assert_null(d);
    assert_int_equal(err.cls, NB_ERR_FORMAT);
    assert_string_equal(err.message, "mixed encodings (UTF-8 and GBK)");
    nb_error_clear(&err);
    nb_html_decoding how = {0};
    assert_null(nb_html_to_utf8((const guchar *)page->str, page->len, &how));
    assert_true(how.mixed);
    nb_html_decoding_clear(&how);
    /* one UTF-8 word of three characters in the GBK page: below a run */
    g_string_truncate(page, len);
    g_string_append(page, "<p>合计数</p></body></html>");
    d = read_bytes(page->str, page->len);
    assert_string_equal(line_text(d, 0), "一、总体情况全年主动公开信息");
    nb_doc_free(d);
    g_string_free(page, TRUE);
    g_free(gbk);
}

/* A few broken bytes do not make a page unreadable: they become U+FFFD and
 * the document says so. */
static void test_damaged_bytes(void **state)
{
    (void)state;
    const char utf8[] = "<html><head><meta charset=utf-8></head><body><p>主动公开\xe4</p>"
                        "<table><tr><td>规章</td><td>8</td></tr></table></body></html>";
    nb_doc *d = read_bytes(utf8, sizeof utf8 - 1);
    assert_string_equal(line_text(d, 0), "主动公开\xef\xbf\xbd");
    assert_row(grid(d, 0), 0, "规章|8");
    assert_int_equal(d->warnings->len, 1);
    nb_doc_free(d);
    /* a GBK page whose last character lost its second byte */
    gsize len = 0;
    char *gbk = to_gbk("<html><head><meta charset=gbk></head><body><table><tr><td>行政处罚</td>"
                       "<td>12</td></tr></table><p>完", &len);
    gbk[len - 1] = 0; /* "完" is two bytes in GBK: keep only the first */
    d = read_bytes(gbk, len - 1);
    assert_row(grid(d, 0), 0, "行政处罚|12");
    assert_int_equal(d->warnings->len, 1);
    nb_doc_free(d);
    g_free(gbk);
}

static void test_word_noise(void **state)
{
    (void)state;
    nb_doc *d = read_html(
        "<html xmlns:o=\"urn:schemas-microsoft-com:office:office\"><head>"
        "<!--[if gte mso 9]><xml><w:WordDocument><w:Zoom>90</w:Zoom></w:WordDocument></xml><![endif]-->"
        "<style>p.MsoNormal{mso-style-parent:\"\";}</style></head><body>"
        "<xml><o:DocumentProperties><o:Author>X</o:Author></o:DocumentProperties></xml>"
        "<p class=MsoNormal style='mso-list:l0 level1 lfo1'><![if !supportLists]><span>1.<span>&nbsp;</span>"
        "</span><![endif]><span style='font-family:仿宋_GB2312'>加强组织</span><span>领导</span><o:p>&nbsp;</o:p></p>"
        "<p class=MsoNormal><span style='display:none;mso-hide:all'>隐藏</span>可见<o:p></o:p></p>"
        "<table class=MsoNormalTable border=1>"
        "<tr><td><p class=MsoNormal><span>本年新<br/>制作数量</span><o:p></o:p></p></td>"
        "<td><p><span>&nbsp;</span><span>0</span><span>&nbsp;&nbsp;</span><o:p></o:p></p></td>"
        "<td>\n  12 \n</td><td><p>3</p><p>&nbsp;</p></td></tr></table>"
        "<table><tr><td width=0 style='mso-cell-special:placeholder;border:none'><p>&nbsp;</p></td>"
        "<td>行政许可</td><td colspan=2>5</td></tr>"
        "<![if !supportMisalignedColumns]><tr height=0><td style='border:none'></td></tr><![endif]>"
        "</table>"
        "<p>&#20013;&amp;&lt;文&gt;</p></body></html>");
    assert_int_equal(d->lines->len, 3);
    assert_string_equal(line_text(d, 0), "1. 加强组织领导");
    assert_string_equal(line_text(d, 1), "可见");
    assert_string_equal(line_text(d, 2), "中&<文>");
    assert_row(grid(d, 0), 0, "本年新 制作数量|0|12|3");
    /* the placeholder cell takes no place; the value keeps its span */
    assert_row(grid(d, 1), 0, "行政许可|5|5");
    assert_true(nb_grid_cell(grid(d, 1), 0, 1)->anchor);
    assert_int_equal(nb_grid_cell(grid(d, 1), 0, 1)->colspan, 2);
    nb_doc_free(d);
}

static void test_nested_layout_tables(void **state)
{
    (void)state;
    nb_doc *d = read_html(
        "<html><body><table width=100%><tr>"
        "<td><table><tr><td><a href=/a>首页</a></td></tr><tr><td><a href=/b>政务公开</a></td></tr>"
        "</table></td>"
        "<td><table><tr><td><p>二、主动公开政府信息情况</p>"
        "<table><tr><td>信息内容</td><td>本年制发件数</td></tr><tr><td>规章</td><td>4</td></tr></table>"
        "<table><tr><td>行政规范性文件</td><td>9</td></tr></table>"
        "<p>三、收到和处理政府信息公开申请情况</p></td></tr></table></td>"
        "</tr></table></body></html>");
    /* the two layout tables are walked into; the data tables become grids */
    assert_int_equal(d->grids->len, 2);
    assert_row(grid(d, 0), 0, "信息内容|本年制发件数");
    assert_row(grid(d, 0), 1, "规章|4");
    assert_row(grid(d, 1), 0, "行政规范性文件|9");
    assert_int_equal(d->lines->len, 2);
    assert_string_equal(line_text(d, 0), "二、主动公开政府信息情况");
    assert_string_equal(line_text(d, 1), "三、收到和处理政府信息公开申请情况");
    nb_doc_free(d);
}

/* A CMS page: menus, breadcrumb, footer and scripts around the article. */
/* An old table-layout page whose report has no tables: the page's table is
 * layout (its cell holds prose), so the report is text flow, not a grid. */
static void test_layout_table_with_prose(void **state)
{
    (void)state;
    GString *page = g_string_new("<html><body><table><tr><td><a href=/>首页</a><br><a href=/x>公开</a></td>"
                                 "<td><p>一、概述</p><p>");
    for (int i = 0; i < 8; i++)
        g_string_append(page, "本年度我局认真贯彻落实政府信息公开条例，主动公开各类信息。");
    g_string_append(page, "</p><p>二、主动公开政府信息情况</p><p>全年主动公开信息321条。</p></td></tr></table>"
                          "</body></html>");
    nb_doc *d = read_html(page->str);
    assert_int_equal(d->grids->len, 0);
    assert_int_equal(d->lines->len, 4);
    assert_string_equal(line_text(d, 0), "一、概述");
    assert_string_equal(line_text(d, 3), "全年主动公开信息321条。");
    nb_doc_free(d);
    g_string_free(page, TRUE);
}

static void test_article_among_chrome(void **state)
{
    (void)state;
    GString *page = g_string_new(
        "<html><head><title>某市2024年度政府信息公开工作年度报告_年报_某市人民政府</title>"
        "<script>var menu = '首页 政务公开 办事服务 互动交流';</script></head><body>"
        "<div class=top><ul>");
    for (int i = 0; i < 40; i++)
        g_string_append_printf(page, "<li><a href=/n%d>栏目导航第%d项</a></li>", i, i);
    g_string_append(page, "</ul><div>当前位置：首页 &gt; 政务公开 &gt; 年报</div></div>"
                          "<div class=main><div class=title><h1>某市2024年度政府信息公开工作年度报告</h1>"
                          "<span>来源：某市政府办</span></div><div class=content>"
                          "<p>一、总体情况</p>");
    for (int i = 0; i < 6; i++)
        g_string_append(page, "<p>2024年，某市坚持以公开为常态、不公开为例外，持续深化政务公开，"
                              "全年主动公开政府信息一万余条，办理依申请公开事项若干件。</p>");
    g_string_append(page, "<p>二、主动公开政府信息情况</p><table>"
                          "<tr><td>规章</td><td>1</td><td>2</td><td>3</td></tr>"
                          "<tr><td>行政规范性文件</td><td>4</td><td>5</td><td>6</td></tr></table>"
                          "<p>五、存在的主要问题及改进情况</p><p>政策解读形式仍需创新。</p>"
                          "</div></div><div class=footer><p>主办单位：某市人民政府办公室 "
                          "地址：某市某路1号 电话：0000-1234567</p><p>网站标识码：1234567890 "
                          "备案号：某ICP备00000000号</p></div></body></html>");
    nb_doc *d = read_html(page->str);
    assert_string_equal(d->title, "某市2024年度政府信息公开工作年度报告");
    assert_int_equal(d->grids->len, 1);
    assert_string_equal(line_text(d, 0), "一、总体情况");
    assert_string_equal(line_text(d, d->lines->len - 1), "政策解读形式仍需创新。");
    for (guint i = 0; i < d->lines->len; i++) {
        assert_null(strstr(line_text(d, i), "栏目导航"));
        assert_null(strstr(line_text(d, i), "网站标识码"));
        assert_null(strstr(line_text(d, i), "主办单位"));
        assert_null(strstr(line_text(d, i), "当前位置"));
    }
    nb_doc_free(d);
    g_string_free(page, TRUE);
}

/* A report table the editor left after the article's container (too few of
 * the page's numbers for the article's choice to take it in) is read, in
 * document order after the article's text; a blank one (zeros printed as
 * blanks) too; a table of links or of words outside the article is not,
 * and neither is the text around them. */
static void test_table_outside_article(void **state)
{
    (void)state;
    GString *page = g_string_new("<html><body><div class=nav>");
    for (int i = 0; i < 30; i++)
        g_string_append_printf(page, "<a href=/n%d>栏目导航第%d项</a>", i, i);
    g_string_append(page, "<table><tr><td><a href=/a>通知</a></td><td>2024-01-02</td></tr>"
                          "<tr><td><a href=/b>公告</a></td><td>3</td></tr>"
                          "<tr><td><a href=/c>公示</a></td><td>4</td></tr>"
                          "<tr><td><a href=/d>公报</a></td><td>5</td></tr></table></div>"
                          "<div class=article><p>一、总体情况</p>");
    for (int i = 0; i < 4; i++)
        g_string_append(page, "<p>2024年，某市持续深化政务公开，全年主动公开政府信息一万余条。</p>");
    g_string_append(page, "<p>二、主动公开政府信息情况</p><table>");
    for (int r = 0; r < 30; r++)
        g_string_append_printf(page, "<tr><td>第%d行</td><td>%d</td><td>%d</td><td>%d</td></tr>", r,
                               r, r + 1, r + 2);
    g_string_append(page, "</table><p>四、复议诉讼情况</p></div><div class=side><p>旁注文字</p>"
                          "<table><tr><td>行政复议</td><td>行政诉讼</td></tr>"
                          "<tr><td>1</td><td>2</td></tr><tr><td>3</td><td>4</td></tr></table>"
                          "<table><tr><td>维持</td><td>纠正</td><td>其他</td><td>审结</td></tr>"
                          "<tr><td></td><td></td><td></td><td></td></tr>"
                          "<tr><td></td><td></td><td></td><td></td></tr></table>"
                          "<table><tr><td>联系电话</td><td>地址</td></tr>"
                          "<tr><td>办公室</td><td>某路</td></tr></table></div></body></html>");
    nb_doc *d = read_html(page->str);
    assert_int_equal(d->grids->len, 3); /* the article's, the numbers', the blank one */
    assert_string_equal(nb_grid_text(grid(d, 0), 1, 0), "第1行");
    assert_row(grid(d, 1), 0, "行政复议|行政诉讼");
    assert_row(grid(d, 1), 2, "3|4");
    assert_row(grid(d, 2), 0, "维持|纠正|其他|审结");
    assert_string_equal(line_text(d, d->lines->len - 1), "四、复议诉讼情况");
    for (guint i = 0; i < d->lines->len; i++)
        assert_null(strstr(line_text(d, i), "旁注"));
    nb_doc_free(d);
    g_string_free(page, TRUE);
}

/* The article over two containers, the last short section in the second:
 * the numbered row labels of the first container's data table ("一、本年新收
 * …") are no section headings, so the article is their parent and the last
 * section is read.  A header printed as a table of its own (words only)
 * right before a report table outside the article is read with it. */
static void test_article_over_containers(void **state)
{
    (void)state;
    GString *page = g_string_new("<html><body><table><tr><td><div id=zoom><wzcontent>"
                                 "<p>一、总体情况</p><p>二、主动公开</p><p>三、申请情况</p>"
                                 "<p>四、复议诉讼</p><p>五、存在的主要问题</p>");
    for (int i = 0; i < 4; i++)
        g_string_append(page, "<p>2024年，某市持续深化政务公开，全年主动公开政府信息一万余条。</p>");
    g_string_append(page, "<table>");
    static const char *const labels[] = {"一、本年新收申请", "二、上年结转申请", "三、本年度办理结果",
                                         "四、结转下年度继续办理"};
    for (int r = 0; r < 4; r++)
        g_string_append_printf(page, "<tr><td>%s</td><td>%d</td><td>%d</td></tr>", labels[r], r + 1,
                               r + 2);
    g_string_append(page, "</table></wzcontent><ucapcontent><p>六、其他需要报告的事项</p>"
                          "<p>本年度无其他事项。</p></ucapcontent></div></td></tr></table>"
                          "<div class=side><table><tr><td>维持</td><td>纠正</td></tr></table>\n"
                          "<table><tr><td>1</td><td>2</td></tr><tr><td>3</td><td>4</td></tr></table>"
                          "</div></body></html>");
    nb_doc *d = read_html(page->str);
    assert_string_equal(line_text(d, d->lines->len - 1), "本年度无其他事项。");
    assert_int_equal(d->grids->len, 3);
    assert_row(grid(d, 1), 0, "维持|纠正");
    assert_row(grid(d, 2), 1, "3|4");
    nb_doc_free(d);
    g_string_free(page, TRUE);
}

static void test_title_choice(void **state)
{
    (void)state;
    nb_doc *d = read_html("<html><head><title>政府信息公开年报 | 某区人民政府</title>"
                          "<meta name=\"ArticleTitle\" content=\"某区2022年政府信息公开工作年度报告\">"
                          "</head><body><p>正文</p></body></html>");
    assert_string_equal(d->title, "某区2022年政府信息公开工作年度报告");
    nb_doc_free(d);
    d = read_html("<html><head><title>网站首页 - 某区人民政府</title></head>"
                  "<body><h1>某区2021年度政府信息公开工作年度报告</h1></body></html>");
    assert_string_equal(d->title, "某区2021年度政府信息公开工作年度报告");
    nb_doc_free(d);
    d = read_html("<html><head><title>首页 &gt; 政务公开 &gt; 某区2020年政府信息公开工作年度报告"
                  "</title></head><body></body></html>");
    assert_string_equal(d->title, "某区2020年政府信息公开工作年度报告");
    nb_doc_free(d);
    d = read_html("<html><head><title>网站首页_某区人民政府_标识码3500000001</title></head>"
                  "<body></body></html>");
    assert_string_equal(d->title, "网站首页");
    nb_doc_free(d);
}

static void test_provenance_lines(void **state)
{
    (void)state;
    nb_doc *d = read_html("<html><body>\n"
                          "<p>一、总体情况</p>\n"
                          "<table>\n"
                          "<tr><td>规章</td>\n"
                          "<td>42</td></tr>\n"
                          "</table></body></html>\n");
    const nb_line *l = g_ptr_array_index(d->lines, 0);
    assert_int_equal(l->prov.origin, NB_ORIGIN_HTML);
    assert_int_equal(l->prov.line, 2);
    const nb_cell *label = nb_grid_cell(grid(d, 0), 0, 0), *value = nb_grid_cell(grid(d, 0), 0, 1);
    assert_string_equal(value->text, "42");
    assert_int_equal(value->prov.origin, NB_ORIGIN_HTML);
    assert_int_equal(label->prov.line, 4);
    assert_int_equal(value->prov.line, 5);
    assert_false(value->prov.has_box);
    nb_doc_free(d);
}

static void test_limits_and_bad_input(void **state)
{
    (void)state;
    /* a table whose spans would fill millions of positions is left out */
    GString *page = g_string_new("<table><tr><td>规章</td><td>1</td></tr>");
    for (int i = 0; i < 5000; i++)
        g_string_append(page, "<tr><td colspan=1000></td><td></td></tr>");
    g_string_append(page, "</table><p>正文之后的一段文字</p>");
    nb_doc *d = read_html(page->str);
    assert_int_equal(d->grids->len, 0);
    assert_int_equal(d->warnings->len, 1);
    assert_string_equal(line_text(d, 0), "正文之后的一段文字");
    nb_doc_free(d);
    g_string_free(page, TRUE);
    /* a table thousands of columns wide is no report table */
    page = g_string_new("<table><tr><td>行政许可</td>");
    for (int i = 0; i < 3000; i++)
        g_string_append(page, "<td>1</td>");
    g_string_append(page, "</tr></table><p>正文之后的一段文字</p>");
    d = read_html(page->str);
    assert_int_equal(d->grids->len, 0);
    assert_int_equal(d->warnings->len, 1);
    assert_non_null(strstr(((nb_warning *)g_ptr_array_index(d->warnings, 0))->message, "wider"));
    nb_doc_free(d);
    g_string_free(page, TRUE);
    /* a spent time budget is an error of the limit class */
    nb_limits lim = nb_limits_default();
    lim.timeout_s = 0.001;
    lim.started_us = g_get_monotonic_time() - 10 * G_USEC_PER_SEC;
    nb_error err = {0};
    const char *html = "<html><body><p>a</p></body></html>";
    assert_null(nb_read_html((const guchar *)html, strlen(html), &lim, &err));
    assert_int_equal(err.cls, NB_ERR_LIMIT);
    assert_null(strchr(err.message, '\n'));
    nb_error_clear(&err);
    /* bytes valid in no supported encoding */
    GString *bad = g_string_new("<html><body><p>");
    for (int i = 0; i < 300; i++)
        g_string_append_c(bad, (char)0xff);
    g_string_append(bad, "</p></body></html>");
    assert_null(nb_read_html((const guchar *)bad->str, bad->len, NULL, &err));
    assert_int_equal(err.cls, NB_ERR_FORMAT);
    nb_error_clear(&err);
    g_string_free(bad, TRUE);
    /* markup without any content is an empty document, not an error */
    d = read_html("<html><head><script>x()</script></head><body></body></html>");
    assert_int_equal(d->lines->len, 0);
    assert_int_equal(d->grids->len, 0);
    nb_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spans_expand),
        cmocka_unit_test(test_spans_clamped),
        cmocka_unit_test(test_gbk_page),
        cmocka_unit_test(test_gbk_undeclared_and_utf8_viewport),
        cmocka_unit_test(test_mixed_encodings),
        cmocka_unit_test(test_damaged_bytes),
        cmocka_unit_test(test_word_noise),
        cmocka_unit_test(test_nested_layout_tables),
        cmocka_unit_test(test_layout_table_with_prose),
        cmocka_unit_test(test_article_among_chrome),
        cmocka_unit_test(test_table_outside_article),
        cmocka_unit_test(test_article_over_containers),
        cmocka_unit_test(test_title_choice),
        cmocka_unit_test(test_provenance_lines),
        cmocka_unit_test(test_limits_and_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
