/*
 * synth_html.c — a record as a saved government web page (see synth.h).
 *
 * Writes what the HTML reader meets in the wild: a whole CMS page (menus,
 * breadcrumb, search form, scripts, footer) around the article, the article
 * either in a plain editor <div> or as Word-exported markup (MsoNormal
 * paragraphs, mso- styles, <o:p>, conditional comments, <xml> islands,
 * placeholder cells), sometimes inside nested layout tables; the title in
 * <title> ("报告_栏目_网站"), <meta name="ArticleTitle"> or <h1>; the three
 * tables with the template's rowspan/colspan headers, labels split over
 * <span>/<br>/<p>, digits padded with &nbsp;, value cells whose colspans do
 * not line up with the header's, the applications table sometimes split
 * into several <table>s (a Word page split repeats the vertical label).
 * Row labels, column labels and headings come from the schema; only the
 * furniture words every printed template shares (信息内容, 申请人情况,
 * 法人或其他组织, 行政诉讼, …) are written here.  opts->encoding "GB18030"
 * writes GBK-family bytes declared as gb2312, gbk or gb18030 (or not at
 * all); UTF-8 pages declare their charset in one of the usual ways.
 */
#include "cmd/synth/synth.h"
#include "cmd/synth/synth_common.h"
#include "layout/model/textnorm.h"

#include <math.h>
#include <string.h>

typedef struct {
    char *html;  /* inner HTML, already escaped */
    int rowspan, colspan;
    gboolean header;
} hcell;

typedef struct {
    const nb_record *r;
    const nb_schema *s;
    const nb_synth_opts *opts;
    GRand *rnd;
    GString *out;
    gboolean word;      /* Word-exported article markup */
    gboolean typo_done; /* one long label gets a typo, at most */
    gboolean title_in_h1; /* the title block uses <h1> (else a styled <div>) */
    unsigned lay;       /* NB_SYNTH_* layout variations in force (0: none) */
    const nb_schema_table *outside; /* NB_SYNTH_OUTSIDE: the table written after the article */
} html_ctx;

static gboolean has(const html_ctx *c, unsigned bit)
{
    return (c->lay & bit) != 0;
}

static int pick(html_ctx *c, int n)
{
    return g_rand_int_range(c->rnd, 0, n);
}

/* ---- table model: rows of anchor cells ---- */

static void hcell_free(gpointer p)
{
    hcell *h = p;
    g_free(h->html);
    g_free(h);
}

static GPtrArray *hrow_new(GPtrArray *rows)
{
    GPtrArray *row = g_ptr_array_new_with_free_func(hcell_free);
    g_ptr_array_add(rows, row);
    return row;
}

static void hrow_free(gpointer row)
{
    if (row) /* NULL rows mark table breaks */
        g_ptr_array_unref(row);
}

static GPtrArray *htable_new(void)
{
    return g_ptr_array_new_with_free_func(hrow_free);
}

/* Adds a cell; takes ownership of `html`. */
static void hrow_add(GPtrArray *row, char *html, int rowspan, int colspan, gboolean header)
{
    hcell *h = g_new0(hcell, 1);
    h->html = html;
    h->rowspan = MAX(1, rowspan);
    h->colspan = MAX(1, colspan);
    h->header = header;
    g_ptr_array_add(row, h);
}

/* ---- text as printed ---- */

/* A label with the noise of published reports when opts->mangle asks. */
static char *noisy_label(html_ctx *c, const char *label)
{
    if (!c->opts->mangle)
        return g_strdup(label);
    return nb_synth_label_noise(c->rnd, label, &c->typo_done, FALSE);
}

/* `html` (escaped, one label) with a line break after one of its
 * characters in its first 30 % to 80 %: <br/>, or the pieces in <p>s. */
static GString *wrap_once(html_ctx *c, const char *html)
{
    GString *o = g_string_new(NULL);
    glong n = g_utf8_strlen(html, -1), cut = n * 3 / 10 + pick(c, MAX(1, (int)(n / 2)));
    gboolean para = nb_synth_chance(c->rnd, 50);
    glong at = 0;
    gboolean in_tag = FALSE, in_ent = FALSE;
    for (const char *p = html; *p; p = g_utf8_next_char(p)) {
        g_string_append_len(o, p, g_utf8_next_char(p) - p);
        in_tag = *p == '<' ? TRUE : *p == '>' ? FALSE : in_tag;
        in_ent = *p == '&' ? TRUE : *p == ';' ? FALSE : in_ent;
        if (in_tag || in_ent || *p == '>' || *p == ';' || ++at != cut)
            continue;
        g_string_append(o, para ? "</p><p>" : "<br/>");
    }
    if (para)
        g_string_prepend(o, "<p>"), g_string_append(o, "</p>");
    return o;
}

/* A header label printed one character per line, as narrow columns print
 * it: each character in a <p>, or <br> between characters. */
static char *vertical_html(html_ctx *c, const char *label)
{
    GString *o = g_string_new(NULL);
    gboolean para = nb_synth_chance(c->rnd, 50);
    for (const char *p = label; *p; p = g_utf8_next_char(p)) {
        char *one = g_markup_escape_text(p, g_utf8_next_char(p) - p);
        if (para)
            g_string_append_printf(o, "<p>%s</p>", one);
        else
            g_string_append_printf(o, "%s%s", o->len ? "<br>" : "", one);
        g_free(one);
    }
    return g_string_free(o, FALSE);
}

/* Escaped label HTML, split into pieces: inline <span>s (no visible gap),
 * <br/> or <p> (a line break, which a reader sees as a space). */
static char *label_html(html_ctx *c, const char *label)
{
    char *text = noisy_label(c, label);
    GString *o = g_string_new(NULL);
    int style = pick(c, 4);
    glong n = g_utf8_strlen(text, -1), at = 0;
    for (const char *p = text; *p; p = g_utf8_next_char(p), at++) {
        char *one = g_markup_escape_text(p, g_utf8_next_char(p) - p);
        g_string_append(o, one);
        g_free(one);
        if (at + 1 < n && n >= 4 && nb_synth_chance(c->rnd, 12)) {
            static const char *cuts[] = {"</span><span>", "<br/>", "</p><p>", "</span>\n<span>"};
            g_string_append(o, cuts[style]);
        }
    }
    g_free(text);
    if (has(c, NB_SYNTH_WRAP) && n >= 4 && nb_synth_chance(c->rnd, 60)) {
        /* a narrow column: the label wrapped once, by <br> or <p> */
        char *whole = g_string_free(o, FALSE);
        o = wrap_once(c, whole);
        g_free(whole);
    }
    if (style == 2)
        g_string_prepend(o, "<p>"), g_string_append(o, "</p>");
    else if (style != 1)
        g_string_prepend(o, "<span>"), g_string_append(o, "</span>");
    return g_string_free(o, FALSE);
}

/* A column header of a narrow table: vertical under NB_SYNTH_VERTICAL
 * (`percent` in 100 of the labels), else as label_html prints it. */
static char *column_html(html_ctx *c, const char *label, int percent)
{
    if (has(c, NB_SYNTH_VERTICAL) && nb_synth_chance(c->rnd, percent))
        return vertical_html(c, label);
    return label_html(c, label);
}

/* A number as printed: full-width digits, thousands separators, 减少N, a
 * blank marker for zero (mangle only), padded with &nbsp; spans or
 * whitespace the way Word and CMS editors leave them. */
static char *value_html(html_ctx *c, const nb_schema_row *row, double v)
{
    char *num = nb_format_number(v);
    if (row && row->unit && !strcmp(row->unit, "yuan") && nb_synth_chance(c->rnd, 40)) {
        char *t = g_strconcat(num, "元", NULL);
        g_free(num), num = t;
    } else if (c->opts->mangle && v == 0 && nb_synth_chance(c->rnd, 15)) {
        static const char *blanks[] = {"", "—", "-", "/", "无", "&nbsp;"};
        g_free(num), num = g_strdup(blanks[pick(c, G_N_ELEMENTS(blanks))]);
    } else if (c->opts->mangle && v < 0 && nb_synth_chance(c->rnd, 40)) {
        char *abs = nb_format_number(-v);
        g_free(num), num = g_strconcat("减少", abs, NULL);
        g_free(abs);
    } else if (c->opts->mangle && fabs(v) >= 1000 && v == floor(v) && nb_synth_chance(c->rnd, 40)) {
        char *grouped = nb_synth_group_thousands(num);
        g_free(num), num = grouped;
    }
    static const char *const pads[][2] = {{"<span>&nbsp;</span><span>", "</span>"},
                                          {"", "<span>&nbsp;&nbsp;</span>"},
                                          {"\n  ", " \n"},
                                          {"", ""},
                                          {"", ""}};
    int k = pick(c, G_N_ELEMENTS(pads));
    char *html = g_strconcat(pads[k][0], num, pads[k][1], NULL);
    g_free(num);
    return html;
}

/* ---- the three tables ---- */

/* The value cell of `row_key`.`col_key`, or a blank one when the record
 * lacks it. */
static char *cell_value(html_ctx *c, const nb_schema_table *t, const nb_schema_row *row,
                        const char *row_key, const char *col_key)
{
    const nb_value *v = nb_synth_value(c->r, t, row_key, col_key);
    char *varied = v ? nb_synth_vary_value(c->opts, t, row, col_key, v->value, TRUE) : NULL;
    const char *note = varied ? strstr(varied, "（") : NULL;
    if (note && has(c, NB_SYNTH_WRAP) && nb_synth_chance(c->rnd, 70)) {
        /* "35<br/>（其中修订12件）": the note on a line of its own */
        char *broken = g_strdup_printf("%.*s%s%s", (int)(note - varied), varied,
                                       nb_synth_chance(c->rnd, 50) ? "<br/>" : "</p><p>", note);
        g_free(varied);
        return broken;
    }
    if (varied)
        return varied;
    return v ? value_html(c, row, v->value) : g_strdup("");
}

/* Value cells of a row in order.  The last one spans what is left of the
 * table's width; Word exports also give some cells a colspan of 2 that the
 * header does not share, which a reader must not take for a shifted column. */
static void add_value_cells(html_ctx *c, const nb_schema_table *t, const nb_schema_row *row,
                            GPtrArray *cells, int width)
{
    guint n = row->columns->len;
    for (guint i = 0; i < n; i++) {
        int span = i + 1 == n ? MAX(1, width - (int)i) : nb_synth_chance(c->rnd, 6) ? 2 : 1;
        hrow_add(cells, cell_value(c, t, row, row->key, g_ptr_array_index(row->columns, i)), 1,
                 span, FALSE);
    }
}

/* The header row of a block of section 二: 信息内容 and the block's
 * column labels, sometimes followed by a blank column Word left there. */
static void add_list_header(html_ctx *c, const nb_schema_table *t, const nb_schema_row *row,
                            GPtrArray *rows, int maxcols, int block)
{
    static const char *items[] = {"（一）", "（五）", "（六）", "（八）", "（九）", "（十）"};
    if (nb_synth_chance(c->rnd, 60) || nb_synth_caption_has_unit(c->opts, t, row)) {
        char *item = g_strdup(nb_synth_caption(c->opts, t, row, row->block ? row->block : ""));
        if (!row->block)
            g_free(item), item = g_strdup_printf("第二十条第%s项", items[MIN(block, 5)]);
        hrow_add(hrow_new(rows), item, 1, 1 + maxcols, TRUE);
    }
    GPtrArray *h = hrow_new(rows);
    hrow_add(h, g_strdup("信息内容"), 1, 1, TRUE);
    guint n = row->columns->len;
    for (guint k = 0; k < n; k++)
        hrow_add(h, label_html(c, nb_synth_printed_column(c->opts, t, g_ptr_array_index(row->columns, k))), 1,
                 k + 1 == n ? maxcols - (int)k : 1, TRUE);
    if (nb_synth_chance(c->rnd, 10))
        hrow_add(h, g_strdup("&nbsp;"), 1, 1, TRUE);
}

/* Section 二: blocks of rows sharing their columns, each under its header. */
static GPtrArray *build_list_table(html_ctx *c, const nb_schema_table *t)
{
    int maxcols = nb_synth_max_row_columns(t);
    GPtrArray *rows = htable_new();
    const GPtrArray *prev = NULL;
    int block = 0;
    for (guint i = 0; i < t->rows->len; i++) {
        const nb_schema_row *row = g_ptr_array_index(t->rows, i);
        if (!nb_synth_row_present(c->r, t, row))
            continue;
        if (!nb_synth_same_columns(prev, row->columns)) {
            if (prev && has(c, NB_SYNTH_SPLIT) && nb_synth_chance(c->rnd, 40))
                g_ptr_array_add(rows, NULL); /* the next block in a <table> of its own */
            add_list_header(c, t, row, rows, maxcols, block++);
        }
        prev = row->columns;
        GPtrArray *d = hrow_new(rows);
        hrow_add(d, label_html(c, nb_synth_row_label(c->opts, row)), 1, 1, FALSE);
        add_value_cells(c, t, row, d, maxcols);
    }
    return rows;
}

/* The three header rows of section 三 (the corner note, 申请人情况, the
 * applicant columns with the middle ones under 法人或其他组织). */
static void add_grid_header(html_ctx *c, const nb_schema_table *t, GPtrArray *rows, int nlab)
{
    int ncols = (int)t->columns->len;
    /* NB_SYNTH_HEADERS: 0 the three rows, 1 without 申请人情况, 2 the columns alone */
    int shape = has(c, NB_SYNTH_HEADERS) ? pick(c, 3) : 0;
    int depth = 3 - shape;
    /* h1 the first row; h2 the one of 自然人 and 法人或其他组织; h3 the lowest */
    GPtrArray *h1 = hrow_new(rows), *h2 = depth == 3 ? hrow_new(rows) : h1,
              *h3 = depth >= 2 ? hrow_new(rows) : h1;
    hrow_add(h1, g_strdup("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"),
             depth, nlab, TRUE);
    if (depth == 3)
        hrow_add(h1, g_strdup("申请人情况"), 1, ncols, TRUE);
    for (int k = 0; k < ncols; k++) {
        const nb_schema_labels *col = g_ptr_array_index(t->columns, k);
        const char *lab = nb_synth_first_label(col->labels);
        if (depth > 1 && (k == 0 || k == ncols - 1))
            hrow_add(h2, column_html(c, lab, 30), 2, 1, TRUE);
        else
            hrow_add(depth > 1 ? h3 : h1, column_html(c, lab, 30), 1, 1, TRUE);
        if (k == 0 && depth > 1)
            hrow_add(h2, g_strdup("法人或其他组织"), 1, ncols - 2, TRUE);
    }
}

/* Section 三.  A NULL row in the result closes the <table> and opens the
 * next one: the header alone, or a later segment, may be a table of its own.
 * NB_SYNTH_SPLIT splits the table at one of its rows (a page break), the
 * header printed again after it in one document of two. */
static GPtrArray *build_grid_table(html_ctx *c, const nb_schema_table *t)
{
    int nlab = 3, ncols = (int)t->columns->len;
    GPtrArray *rows = htable_new();
    add_grid_header(c, t, rows, nlab);
    if (nb_synth_chance(c->rnd, 15))
        g_ptr_array_add(rows, NULL);
    GArray *placed = nb_synth_place_rows(c->r, t, c->rnd, has(c, NB_SYNTH_SPLIT) ? 0 : 5);
    int split_at = has(c, NB_SYNTH_SPLIT) && placed->len > 2 ? 1 + pick(c, (int)placed->len - 1) : -1;
    gboolean repeat = split_at > 0 && nb_synth_chance(c->rnd, 50);
    for (guint i = 0; i < placed->len; i++) {
        nb_synth_placed_row *p = &g_array_index(placed, nb_synth_placed_row, i);
        if ((int)i == split_at) /* later rows are a segment of their own */
            for (guint k = i; k < placed->len; k++)
                g_array_index(placed, nb_synth_placed_row, k).segment++;
        if ((int)i == split_at) {
            g_ptr_array_add(rows, NULL);
            if (repeat)
                add_grid_header(c, t, rows, nlab);
        } else if (i > 0 && p->segment != p[-1].segment && nb_synth_chance(c->rnd, 50))
            g_ptr_array_add(rows, NULL);
        GPtrArray *d = hrow_new(rows);
        int used = 0;
        if (p->outer && nb_synth_starts_group(placed, i, FALSE)) /* a tall, narrow cell */
            hrow_add(d, column_html(c, p->outer, 50), nb_synth_group_run(placed, i, FALSE), 1,
                     FALSE);
        used += p->outer != NULL;
        if (p->inner && nb_synth_starts_group(placed, i, TRUE))
            hrow_add(d, label_html(c, p->inner), nb_synth_group_run(placed, i, TRUE), 1, FALSE);
        used += p->inner != NULL;
        hrow_add(d, label_html(c, nb_synth_row_label(c->opts, p->row)), 1, nlab - used, FALSE);
        add_value_cells(c, t, p->row, d, ncols);
    }
    g_array_free(placed, TRUE);
    return rows;
}

/* The header rows of section 四 in `shape` (see build_wide_table). */
static void add_wide_header(html_ctx *c, const nb_schema_table *t, GPtrArray *rows, int shape)
{
    int ng = (int)t->groups->len, nc = (int)t->columns->len;
    GPtrArray *h1 = shape == 0 ? hrow_new(rows) : NULL, *h2 = shape <= 1 ? hrow_new(rows) : NULL,
              *h3 = hrow_new(rows);
    const nb_schema_labels *first = g_ptr_array_index(t->groups, 0);
    if (h1) {
        hrow_add(h1, label_html(c, nb_synth_first_label(first->labels)), 1, nc, TRUE);
        hrow_add(h1, g_strdup("行政诉讼"), 1, nc * (ng - 1), TRUE);
    }
    for (int g = 0; g < ng; g++) {
        const nb_schema_labels *gl = g_ptr_array_index(t->groups, g);
        if (h2 && (g > 0 || !h1))
            hrow_add(h2, label_html(c, nb_synth_first_label(gl->labels)), 1, nc, TRUE);
        for (int k = 0; k < nc; k++) {
            const nb_schema_labels *cl = g_ptr_array_index(t->columns, k);
            gboolean under_first = g == 0 && h1;
            hrow_add(under_first ? h2 : h3, column_html(c, nb_synth_first_label(cl->labels), 100),
                     under_first ? 2 : 1, 1, TRUE);
        }
    }
}

/* Section 四: 行政复议 and 行政诉讼 over their groups and columns, then the
 * one row of values.  NB_SYNTH_HEADERS leaves out the first header row
 * (行政复议 over its columns, 行政诉讼 over its groups) or prints only the
 * columns; NB_SYNTH_SPLIT puts the values in a <table> of their own, under
 * the header printed again or not. */
static GPtrArray *build_wide_table(html_ctx *c, const nb_schema_table *t)
{
    int ng = (int)t->groups->len, nc = (int)t->columns->len;
    int shape = has(c, NB_SYNTH_HEADERS) ? pick(c, 3) : 0;
    GPtrArray *rows = htable_new();
    add_wide_header(c, t, rows, shape);
    if (has(c, NB_SYNTH_SPLIT)) {
        g_ptr_array_add(rows, NULL);
        if (nb_synth_chance(c->rnd, 50))
            add_wide_header(c, t, rows, shape);
    }
    GPtrArray *d = hrow_new(rows);
    for (int g = 0; g < ng; g++) {
        const nb_schema_labels *gl = g_ptr_array_index(t->groups, g);
        for (int k = 0; k < nc; k++) {
            const nb_schema_labels *cl = g_ptr_array_index(t->columns, k);
            hrow_add(d, cell_value(c, t, NULL, gl->key, cl->key), 1, 1, FALSE);
        }
    }
    return rows;
}

/* ---- writing markup ---- */

static void open_table(html_ctx *c)
{
    if (c->word)
        g_string_append(c->out, "<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 "
                                "style='border-collapse:collapse;border:none;mso-border-alt:solid "
                                "windowtext .5pt;mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>\n");
    else
        g_string_append(c->out, "<table style=\"font-family: &#39;Times New Roman&#39;;border-collapse: "
                                "collapse;\" cellspacing=\"0\" align=\"center\" border=\"1\"><tbody>\n");
}

static void close_table(html_ctx *c)
{
    if (c->word && nb_synth_chance(c->rnd, 50)) /* Word's column-width row */
        g_string_append(c->out, "<![if !supportMisalignedColumns]><tr height=0><td width=83 "
                                "style='border:none'></td><td width=60 style='border:none'></td>"
                                "</tr><![endif]>\n");
    g_string_append(c->out, c->word ? "</table>\n" : "</tbody></table>\n");
}

static void write_cell(html_ctx *c, const hcell *h)
{
    const char *tag = h->header && !c->word && nb_synth_chance(c->rnd, 20) ? "th" : "td";
    g_string_append_printf(c->out, "<%s", tag);
    if (h->rowspan > 1)
        g_string_append_printf(c->out, " rowspan=%d", h->rowspan);
    if (h->colspan > 1)
        g_string_append_printf(c->out, " colspan=\"%d\"", h->colspan);
    if (c->word)
        g_string_append_printf(c->out, " width=%d valign=top style='width:%d.6pt;border:solid "
                               "windowtext 1.0pt;mso-border-alt:solid windowtext .5pt;padding:0cm "
                               "5.4pt 0cm 5.4pt'><p class=MsoNormal align=center style='text-align:"
                               "center'><span style='font-family:仿宋_GB2312;mso-hansi-font-family:"
                               "Calibri'>%s</span><o:p></o:p></p></%s>",
                               40 + pick(c, 60), 30 + pick(c, 40), h->html, tag);
    else if (nb_synth_chance(c->rnd, 70))
        g_string_append_printf(c->out, " style=\"padding: 5px; border: 1px solid windowtext;\" "
                               "valign=\"center\"><p style=\"text-indent: 0em;\">%s</p></%s>",
                               h->html, tag);
    else
        g_string_append_printf(c->out, ">%s</%s>", h->html, tag);
}

/* Writes a table model; NULL rows split it into several <table>s. */
static void write_rows(html_ctx *c, GPtrArray *rows)
{
    open_table(c);
    for (guint i = 0; i < rows->len; i++) {
        const GPtrArray *row = g_ptr_array_index(rows, i);
        if (!row) {
            close_table(c);
            open_table(c);
            continue;
        }
        g_string_append(c->out, "<tr>");
        if (c->word && !((hcell *)g_ptr_array_index(row, 0))->header && nb_synth_chance(c->rnd, 8))
            g_string_append(c->out, "<td width=0 style='mso-cell-special:placeholder;border:none;"
                                    "padding:0cm 0cm 0cm 0cm'><p class='MsoNormal'>&nbsp;</p></td>");
        for (guint k = 0; k < row->len; k++)
            write_cell(c, g_ptr_array_index(row, k));
        g_string_append(c->out, "</tr>\n");
    }
    close_table(c);
}

/* Writes table `t`; under NB_SYNTH_NESTED (two tables of three) inside a
 * cell of a one-cell layout table, sometimes beside a note in the cell. */
static void write_table(html_ctx *c, const nb_schema_table *t)
{
    GPtrArray *rows = t->wide                  ? build_wide_table(c, t)
                      : nb_synth_rows_share_columns(t) ? build_grid_table(c, t)
                                              : build_list_table(c, t);
    gboolean nested = has(c, NB_SYNTH_NESTED) && nb_synth_chance(c->rnd, 67);
    if (nested)
        g_string_append_printf(c->out, "<table width=\"100%%\" border=\"0\"><tbody><tr><td%s>\n%s",
                               nb_synth_chance(c->rnd, 50) ? " align=\"center\"" : "",
                               nb_synth_chance(c->rnd, 30) ? "<p>&nbsp;</p>\n" : "");
    write_rows(c, rows);
    if (nested)
        g_string_append(c->out, "</td></tr></tbody></table>\n");
    g_ptr_array_free(rows, TRUE);
}

/* ---- headings and prose ---- */

/* The heading words without their numbering ("主动公开政府信息情况"). */
static const char *plain_heading(const GPtrArray *headings)
{
    for (guint i = 0; headings && i < headings->len; i++)
        if (nb_label_level(g_ptr_array_index(headings, i)) == 0)
            return g_ptr_array_index(headings, i);
    return nb_synth_first_label(headings);
}

static void write_heading(html_ctx *c, int n, const char *words)
{
    char *text = g_strdup_printf("%s、%s", nb_synth_numeral(n), words);
    char *esc = g_markup_escape_text(text, -1);
    static const char *const forms[][2] = {
        {"<p style=\"text-indent: 2em;\"><span style=\"font-family: 黑体, SimHei;\">", "&nbsp;</span></p>"},
        {"<h3>", "</h3>"},
        {"<p><strong>", "</strong></p>"},
        {"<p class=MsoNormal style='text-indent:32.0pt'><span style='font-family:黑体'>\u3000\u3000",
         "<span lang=EN-US><o:p></o:p></span></span></p>"}};
    int k = c->word ? 3 : pick(c, 3);
    g_string_append_printf(c->out, "%s%s%s\n", forms[k][0], esc, forms[k][1]);
    g_free(esc);
    g_free(text);
}

/* A paragraph, its text cut into inline spans here and there. */
static void write_paragraph(html_ctx *c, const char *text, gsize len)
{
    g_string_append(c->out, c->word ? "<p class=MsoNormal style='text-indent:32.0pt;mso-char-indent-"
                                      "count:2.0'><span style='font-family:仿宋_GB2312'>"
                                    : "<p style=\"text-indent: 2em;\">");
    const char *end = text + len;
    for (const char *p = text; p < end; p = g_utf8_next_char(p)) {
        char *one = g_markup_escape_text(p, g_utf8_next_char(p) - p);
        g_string_append(c->out, one);
        g_free(one);
        if (nb_synth_chance(c->rnd, 1))
            g_string_append(c->out, c->word ? "</span><span lang=EN-US>" : "<span></span>");
    }
    g_string_append(c->out, c->word ? "<o:p></o:p></span></p>\n" : "</p>\n");
}

/* A section's text as paragraphs, cut after some of its full stops. */
static void write_prose(html_ctx *c, const char *text)
{
    const char *start = text;
    for (const char *p = text; *p; p = g_utf8_next_char(p))
        if (g_str_has_prefix(p, "。") && *g_utf8_next_char(p) && nb_synth_chance(c->rnd, 40)) {
            const char *next = g_utf8_next_char(p);
            write_paragraph(c, start, (gsize)(next - start));
            start = next;
        }
    if (*start)
        write_paragraph(c, start, strlen(start));
}

static void write_section(html_ctx *c, int *n, const nb_schema_section *sec)
{
    const char *text = g_hash_table_lookup(c->r->sections, sec->key);
    if (!text)
        return;
    write_heading(c, (*n)++, nb_synth_first_label(sec->headings));
    write_prose(c, text);
}

/* ---- the page ---- */

static char *report_title(html_ctx *c)
{
    const char *kind = nb_synth_first_label(c->s->report_title);
    return c->r->agency && c->r->year
               ? g_strdup_printf("%s%d年%s%s", c->r->agency, c->r->year,
                                 nb_synth_chance(c->rnd, 50) ? "度" : "", kind)
               : g_strdup(kind);
}

static void write_charset(html_ctx *c, gboolean gbk)
{
    static const char *const utf8[] = {
        "<meta charset=\"utf-8\" name=\"viewport\" content=\"width=device-width, initial-scale=1.0\" />",
        "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">",
        "<meta charset=\"UTF-8\">", ""};
    static const char *const gb[] = {
        "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\" />",
        "<meta charset=\"gbk\">", "<META HTTP-EQUIV=\"content-type\" CONTENT=\"text/html;charset=GB18030\">",
        ""};
    g_string_append_printf(c->out, "%s\n", gbk ? gb[pick(c, 4)] : utf8[pick(c, 4)]);
}

static void write_head(html_ctx *c, const char *title, gboolean gbk)
{
    g_string_append(c->out, c->word ? "<html xmlns:o=\"urn:schemas-microsoft-com:office:office\" "
                                      "xmlns:w=\"urn:schemas-microsoft-com:office:word\">\n<head>\n"
                                    : "<!DOCTYPE html>\n<html>\n<head>\n");
    write_charset(c, gbk);
    int form = pick(c, 3);
    char *esc = g_markup_escape_text(title, -1);
    if (has(c, NB_SYNTH_TITLES) && nb_synth_chance(c->rnd, 50)) /* the site's title first */
        g_string_append(c->out, "<title>门户网站</title>\n");
    if (form == 0)
        g_string_append_printf(c->out, "<title>%s_政府信息公开年报_%s门户网站</title>\n", esc,
                               c->r->agency ? c->r->agency : "");
    else
        g_string_append(c->out, "<title>政府信息公开年报 | 门户网站</title>\n");
    if (has(c, NB_SYNTH_TITLES)) /* a second <title>, from an included template */
        g_string_append_printf(c->out, "<title>%s</title>\n",
                               nb_synth_chance(c->rnd, 50) ? esc : "信息公开目录");
    if (form == 1)
        g_string_append_printf(c->out, "<meta name=\"ArticleTitle\" content=\"%s\"/>\n", esc);
    g_free(esc);
    if (c->word)
        g_string_append(c->out, "<!--[if gte mso 9]><xml><w:WordDocument><w:View>Print</w:View>"
                                "<w:Zoom>90</w:Zoom></w:WordDocument></xml><![endif]-->\n"
                                "<style>p.MsoNormal{mso-style-parent:\"\";margin:0cm;"
                                "font-family:\"Times New Roman\";}</style>\n");
    g_string_append(c->out, "<script>var _hmt = _hmt || []; document.write('<div>统计</div>');</script>\n"
                            "<link rel=\"stylesheet\" href=\"/images/style.css\">\n</head>\n<body>\n");
    /* form 2: the page's heading is the only title */
    c->title_in_h1 = form == 2 || nb_synth_chance(c->rnd, 60);
}

static void write_links(html_ctx *c, const char *cls, int n)
{
    static const char *words[] = {"首页", "政务公开", "政务服务", "互动交流", "走进本地", "专题专栏",
                                  "政策文件", "政策解读", "通知公告", "人事信息", "财政资金", "规划计划"};
    g_string_append_printf(c->out, "<ul class=\"%s\">", cls);
    for (int i = 0; i < n; i++)
        g_string_append_printf(c->out, "<li><a href=\"/col/%d/\" title=\"%s\">%s</a></li>\n", i,
                               words[i % G_N_ELEMENTS(words)], words[i % G_N_ELEMENTS(words)]);
    g_string_append(c->out, "</ul>\n");
}

static void write_chrome_top(html_ctx *c)
{
    g_string_append(c->out, "<div class=\"header\"><div class=\"logo\"><img src=\"/images/logo.png\"/></div>");
    write_links(c, "nav", 8 + pick(c, 30));
    g_string_append(c->out, "<form action=\"/search\"><input type=\"text\" name=\"q\" value=\"请输入关键字\">"
                            "<button>搜索</button><select><option>全站</option><option>信息公开</option>"
                            "</select></form>\n<div class=\"crumb\">当前位置：<a href=\"/\">首页</a> &gt; "
                            "<a href=\"/zwgk/\">政务公开</a> &gt; <a href=\"/nb/\">政府信息公开年报</a></div>"
                            "</div>\n");
}

static void write_chrome_bottom(html_ctx *c)
{
    g_string_append(c->out, "<div class=\"share\">分享到：<a href=\"#\">微信</a><a href=\"#\">微博</a>"
                            "</div>\n<div class=\"footer\">");
    write_links(c, "links", 10 + pick(c, 30));
    g_string_append_printf(c->out, "<p>主办单位：%s办公室　承办单位：信息中心</p><p>地址：人民路1号　"
                           "联系电话：0000-12345678　网站标识码：3500000001　备案号：ICP备05000001号</p>"
                           "</div>\n<script type=\"text/javascript\">$(function(){ $('.nav li')"
                           ".hover(function(){}); });</script>\n",
                           c->r->agency ? c->r->agency : "");
}

/* The containers CMS templates put around pieces of an article
 * (NB_SYNTH_CONTAINERS): custom tags and editor <div>s, open and close. */
static const char *const k_containers[][2] = {
    {"<wzcontent>", "</wzcontent>"},
    {"<ucapcontent>", "</ucapcontent>"},
    {"<div class=TRS_Editor>", "</div>"},
    {"<div class=\"TRS_UEDITOR trs_paper_default trs_web\">", "</div>"},
    {"<span id=\"zoom\">", "</span>"},
    {"<founder-content>", "</founder-content>"},
};

/* Under NB_SYNTH_CONTAINERS, one time in two, closes the piece of the
 * article written so far and opens the next one in another container
 * (sometimes after a blank line of the template between them); *open is
 * the container in force (-1: none of these). */
static void next_container(html_ctx *c, int *open)
{
    if (!has(c, NB_SYNTH_CONTAINERS) || !nb_synth_chance(c->rnd, 50))
        return;
    if (*open >= 0)
        g_string_append_printf(c->out, "%s\n", k_containers[*open][1]);
    if (nb_synth_chance(c->rnd, 30))
        g_string_append(c->out, "<div class=\"clear\"></div>\n");
    else if (nb_synth_chance(c->rnd, 20)) /* the template's furniture between the parts */
        g_string_append(c->out, "<div class=\"share\">分享到：<a href=\"#\">微信</a>"
                                "<a href=\"#\">微博</a></div>\n");
    *open = pick(c, G_N_ELEMENTS(k_containers));
    g_string_append_printf(c->out, "%s\n", k_containers[*open][0]);
}

/* The report itself: sections and tables in the template's order. */
static void write_article(html_ctx *c, const char *title)
{
    static const char *const wrappers[] = {"<div class=TRS_Editor>", "<div class=\"article-content\">",
                                           "<div id=\"zoom\" class=\"view\">", "<div class=WordSection1>"};
    g_string_append_printf(c->out, "%s\n", wrappers[c->word ? 3 : pick(c, 3)]);
    int open = -1;
    next_container(c, &open);
    if (nb_synth_chance(c->rnd, 40)) { /* the title printed again in the body, cut in two */
        char *esc = g_markup_escape_text(title, -1);
        glong n = g_utf8_strlen(esc, -1);
        const char *cut = g_utf8_offset_to_pointer(esc, MAX(1, n - 12));
        g_string_append_printf(c->out, "<p style=\"text-align:center\"><span>%.*s</span></p>\n"
                               "<p style=\"text-align:center\"><span>%s</span></p>\n",
                               (int)(cut - esc), esc, cut);
        g_free(esc);
    }
    int n = 0;
    if (c->s->sections->len)
        write_section(c, &n, g_ptr_array_index(c->s->sections, 0));
    for (guint i = 0; i < c->s->tables->len; i++) {
        const nb_schema_table *t = g_ptr_array_index(c->s->tables, i);
        next_container(c, &open);
        write_heading(c, n++, plain_heading(t->headings));
        if (t != c->outside)
            write_table(c, t);
    }
    for (guint i = 1; i < c->s->sections->len; i++) {
        next_container(c, &open);
        write_section(c, &n, g_ptr_array_index(c->s->sections, i));
    }
    if (open >= 0)
        g_string_append_printf(c->out, "%s\n", k_containers[open][1]);
    g_string_append(c->out, "<p>&nbsp;</p></div>\n");
    if (c->outside) /* the table the editor left after the article's container */
        write_table(c, c->outside);
}

/* The content column: title block, source line, the article; sometimes
 * inside an old-style layout table next to a column of links. */
static void write_content(html_ctx *c, const char *title)
{
    gboolean layout = nb_synth_chance(c->rnd, 30);
    if (layout) {
        g_string_append(c->out, "<table width=\"1000\" align=\"center\"><tr><td width=\"200\" valign=\"top\">"
                                "<table><tr><td>");
        write_links(c, "side", 6 + pick(c, 10));
        g_string_append(c->out, "</td></tr></table></td><td valign=\"top\">\n");
    }
    char *esc = g_markup_escape_text(title, -1);
    g_string_append_printf(c->out, c->title_in_h1 ? "<div class=\"title\"><h1>%s</h1>"
                                                  : "<div class=\"title\"><div class=\"tit\">%s</div>",
                           esc);
    g_string_append_printf(c->out, "<div class=\"info\">"
                           "<span>发布时间：%d-01-20 15:22</span><span>来源：本机关</span>"
                           "<span>字号：<a href=\"#\">大</a> <a href=\"#\">中</a> <a href=\"#\">小</a>"
                           "</span></div></div>\n", c->r->year + 1);
    g_free(esc);
    write_article(c, title);
    if (layout)
        g_string_append(c->out, "</td></tr></table>\n");
}

gboolean nb_synth_render_html(const nb_record *r, const nb_schema *s, const nb_synth_opts *opts,
                              GByteArray *out, char **err)
{
    if (err)
        *err = NULL;
    g_return_val_if_fail(r && s && opts && out, FALSE);
    html_ctx c = {r, s, opts, g_rand_new_with_seed(opts->seed ^ 0x4854u), g_string_new(NULL),
                  FALSE, FALSE, FALSE, 0, NULL};
    c.word = nb_synth_chance(c.rnd, 40);
    gboolean gbk = opts->encoding && g_ascii_strcasecmp(opts->encoding, "UTF-8");
    char *title = report_title(&c);
    if (opts->layout) {
        c.lay = nb_synth_layout_draw_from(c.rnd, opts->layout, NB_SYNTH_HTML_LAYOUTS);
        if (has(&c, NB_SYNTH_OUTSIDE)) { /* section 二 or 四 after the article */
            guint n = s->tables->len;
            c.outside = n ? g_ptr_array_index(s->tables, nb_synth_chance(c.rnd, 50) ? 0 : n - 1) : NULL;
        }
    }
    if (has(&c, NB_SYNTH_FRAGMENT)) { /* what a crawler kept: the content alone */
        c.title_in_h1 = nb_synth_chance(c.rnd, 60);
        write_content(&c, title);
    } else {
        write_head(&c, title, gbk);
        write_chrome_top(&c);
        write_content(&c, title);
        write_chrome_bottom(&c);
        g_string_append(c.out, "</body>\n</html>\n");
    }
    gboolean bom = !gbk && nb_synth_chance(c.rnd, 10);
    gboolean ok = nb_synth_encode(c.out, opts->encoding, bom, out, err);
    g_free(title);
    g_string_free(c.out, TRUE);
    g_rand_free(c.rnd);
    return ok;
}
