/*
 * synth_docx.c — a record as a Word document (.docx, see synth.h).
 *
 * Writes what the DOCX reader meets in agencies' attachments: a title of one
 * or two centred paragraphs, headings numbered either as typed text ("一、")
 * or by list numbering (chineseCounting with "%1、", so that the number lives
 * in numbering.xml, not in the text), prose paragraphs, and the template's
 * tables (extract/synth_grid.h) with w:gridSpan and w:vMerge, header rows
 * marked w:tblHeader, the vertical group label typed one character per
 * paragraph or turned by w:textDirection, long labels in two paragraphs,
 * now and then a w:br page break inside a row; the applications table split
 * into two w:tbl over a page break, the second repeating the header rows,
 * at the rows where a page falls (group labels printed again) or in the
 * middle of the vertical label (a merged label cut by the split and
 * continued by w:vMerge in the second table).
 */
#include "cmd/synth/synth.h"
#include "cmd/synth/synth_common.h"
#include "cmd/synth/synth_grid.h"
#include "cmd/synth/synth_zip.h"
#include "layout/flat.h"
#include "layout/model/textnorm.h"

#include <string.h>

typedef struct {
    const nb_record *r;
    const nb_schema *s;
    const nb_synth_opts *opts;
    GRand *rnd;
    GString *out;
    gboolean list_headings; /* heading numbers from numbering.xml */
    gboolean typo_done;
} docx_ctx;

static void run(docx_ctx *c, const char *text)
{
    char *esc = g_markup_escape_text(text, -1);
    g_string_append_printf(c->out, "<w:r><w:rPr><w:rFonts w:hint=\"eastAsia\"/></w:rPr>"
                           "<w:t xml:space=\"preserve\">%s</w:t></w:r>", esc);
    g_free(esc);
}

/* A paragraph of `text`, its runs cut here and there as Word leaves them. */
static void paragraph(docx_ctx *c, const char *ppr, const char *text)
{
    g_string_append_printf(c->out, "<w:p>%s", ppr ? ppr : "");
    const char *start = text;
    for (const char *p = text; *p; p = g_utf8_next_char(p))
        if (p != start && nb_synth_chance(c->rnd, 3)) {
            char *piece = g_strndup(start, (gsize)(p - start));
            run(c, piece);
            g_free(piece);
            start = p;
        }
    if (*start)
        run(c, start);
    g_string_append(c->out, "</w:p>\n");
}

static void heading(docx_ctx *c, int n, const char *words)
{
    if (c->list_headings) {
        paragraph(c, "<w:pPr><w:pStyle w:val=\"Heading2\"/><w:numPr><w:ilvl w:val=\"0\"/>"
                     "<w:numId w:val=\"1\"/></w:numPr></w:pPr>", words);
        return;
    }
    char *text = g_strdup_printf("%s、%s", nb_synth_numeral(n), words);
    paragraph(c, "<w:pPr><w:ind w:firstLine=\"640\"/></w:pPr>", text);
    g_free(text);
}

static void prose(docx_ctx *c, const char *text)
{
    const char *start = text;
    for (const char *p = text; *p; p = g_utf8_next_char(p))
        if (g_str_has_prefix(p, "。") && *g_utf8_next_char(p) && nb_synth_chance(c->rnd, 40)) {
            const char *next = g_utf8_next_char(p);
            char *part = g_strndup(start, (gsize)(next - start));
            paragraph(c, "<w:pPr><w:ind w:firstLine=\"640\"/></w:pPr>", part);
            g_free(part);
            start = next;
        }
    if (*start)
        paragraph(c, "<w:pPr><w:ind w:firstLine=\"640\"/></w:pPr>", start);
}

/* ---- tables ---- */

/* The paragraphs of a cell: a vertical label one character per paragraph,
 * a long label sometimes in two paragraphs, a value now and then after a
 * page break Word left inside the row. */
static void cell_paragraphs(docx_ctx *c, const char *text, gboolean vertical, gboolean one_per_char)
{
    glong n = g_utf8_strlen(text, -1);
    if (vertical && one_per_char) {
        for (const char *p = text; *p; p = g_utf8_next_char(p)) {
            char *one = g_strndup(p, (gsize)(g_utf8_next_char(p) - p));
            paragraph(c, "<w:pPr><w:jc w:val=\"center\"/></w:pPr>", one);
            g_free(one);
        }
    } else if (n >= 10 && !nb_flat_is_value(text) && nb_synth_chance(c->rnd, 15)) {
        const char *cut = g_utf8_offset_to_pointer(text, n / 2);
        char *head = g_strndup(text, (gsize)(cut - text));
        paragraph(c, NULL, head);
        paragraph(c, NULL, cut);
        g_free(head);
    } else if (n && nb_flat_is_value(text) && nb_synth_chance(c->rnd, 3)) {
        char *esc = g_markup_escape_text(text, -1);
        g_string_append_printf(c->out, "<w:p><w:r><w:br w:type=\"page\"/></w:r><w:r><w:t>%s</w:t>"
                               "</w:r></w:p>\n", esc);
        g_free(esc);
    } else {
        paragraph(c, n && nb_flat_is_value(text) ? "<w:pPr><w:jc w:val=\"center\"/></w:pPr>" : NULL,
                  text);
    }
}

static void table_open(docx_ctx *c, int cols)
{
    g_string_append(c->out, "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"0\" "
                            "w:type=\"auto\"/><w:tblBorders><w:top w:val=\"single\" w:sz=\"4\"/>"
                            "<w:left w:val=\"single\" w:sz=\"4\"/><w:bottom w:val=\"single\" w:sz=\"4\"/>"
                            "<w:right w:val=\"single\" w:sz=\"4\"/><w:insideH w:val=\"single\" w:sz=\"4\"/>"
                            "<w:insideV w:val=\"single\" w:sz=\"4\"/></w:tblBorders></w:tblPr><w:tblGrid>");
    for (int k = 0; k < cols; k++)
        g_string_append_printf(c->out, "<w:gridCol w:w=\"%d\"/>", k < 3 ? 900 + 300 * k : 1000);
    g_string_append(c->out, "</w:tblGrid>\n");
}

/* One w:tc: an anchor (restart of a vertical merge when it spans rows) or
 * the continuation of the anchor above. */
static void table_cell(docx_ctx *c, const nb_cell *x, int colspan, gboolean cont, gboolean vertical,
                       gboolean one_per_char)
{
    g_string_append(c->out, "<w:tc><w:tcPr>");
    if (colspan > 1)
        g_string_append_printf(c->out, "<w:gridSpan w:val=\"%d\"/>", colspan);
    if (cont)
        g_string_append(c->out, "<w:vMerge/>");
    else if (x && x->rowspan > 1)
        g_string_append(c->out, "<w:vMerge w:val=\"restart\"/>");
    if (vertical && !one_per_char)
        g_string_append(c->out, "<w:textDirection w:val=\"tbRlV\"/>");
    g_string_append(c->out, "<w:vAlign w:val=\"center\"/></w:tcPr>");
    if (cont || !x)
        g_string_append(c->out, "<w:p/>");
    else
        cell_paragraphs(c, x->text, vertical, one_per_char);
    g_string_append(c->out, "</w:tc>");
}

static void table_row(docx_ctx *c, const nb_synth_table *t, int r, gboolean header, gboolean one_per_char)
{
    const nb_grid *g = t->grid;
    g_string_append(c->out, header ? "<w:tr><w:trPr><w:tblHeader/></w:trPr>" : "<w:tr>");
    for (int k = 0; k < nb_grid_cols(g);) {
        const nb_cell *x = nb_grid_cell(g, r, k);
        if (x->set && !x->anchor) { /* covered: a continuation below its anchor */
            const nb_cell *a = nb_grid_cell(g, x->anchor_row, x->anchor_col);
            table_cell(c, NULL, a->colspan, TRUE, FALSE, FALSE);
            k += a->colspan;
        } else {
            gboolean vertical = k == t->vertical_col && x->set && x->rowspan > 1;
            table_cell(c, x->set ? x : NULL, x->set ? x->colspan : 1, FALSE, vertical, one_per_char);
            k += x->set ? x->colspan : 1;
        }
    }
    g_string_append(c->out, "</w:tr>\n");
}

static gboolean is_split(const nb_synth_table *t, int r, int extra)
{
    for (guint i = 0; i < t->splits->len; i++)
        if (g_array_index(t->splits, int, i) == r)
            return TRUE;
    return r == extra;
}

/* The row at which the vertical label is cut by an extra page split, or -1. */
static int cut_row(docx_ctx *c, const nb_synth_table *t)
{
    if (t->vertical_col < 0 || !nb_synth_chance(c->rnd, 50))
        return -1;
    for (int r = t->header_rows; r < nb_grid_rows(t->grid); r++) {
        const nb_cell *x = nb_grid_cell(t->grid, r, t->vertical_col);
        if (x->anchor && x->rowspan > 2)
            return r + 1 + g_rand_int_range(c->rnd, 0, x->rowspan - 1);
    }
    return -1;
}

static void table(docx_ctx *c, const nb_schema_table *st)
{
    nb_synth_table *t = nb_synth_table_build(c->r, st, c->rnd, c->opts, 20, &c->typo_done);
    gboolean one_per_char = nb_synth_chance(c->rnd, 50);
    int cols = nb_grid_cols(t->grid), extra = cut_row(c, t);
    table_open(c, cols);
    for (int r = 0; r < nb_grid_rows(t->grid); r++) {
        if (r > t->header_rows && is_split(t, r, extra)) {
            g_string_append(c->out, "</w:tbl>\n");
            if (nb_synth_chance(c->rnd, 50))
                g_string_append(c->out, "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>\n");
            table_open(c, cols);
            for (int h = 0; h < t->header_rows; h++)
                table_row(c, t, h, TRUE, one_per_char);
        }
        table_row(c, t, r, r < t->header_rows, one_per_char);
    }
    g_string_append(c->out, "</w:tbl>\n<w:p/>\n");
    nb_synth_table_free(t);
}

/* ---- the document ---- */

static void title(docx_ctx *c)
{
    const char *kind = nb_synth_first_label(c->s->report_title);
    static const char *ppr = "<w:pPr><w:jc w:val=\"center\"/><w:rPr><w:sz w:val=\"44\"/></w:rPr></w:pPr>";
    if (!c->r->agency || !c->r->year) {
        paragraph(c, ppr, kind);
        return;
    }
    char *year = g_strdup_printf("%d年%s%s", c->r->year, nb_synth_chance(c->rnd, 50) ? "度" : "", kind);
    if (nb_synth_chance(c->rnd, 50)) {
        paragraph(c, ppr, c->r->agency);
        paragraph(c, ppr, year);
    } else {
        char *all = g_strconcat(c->r->agency, year, NULL);
        paragraph(c, ppr, all);
        g_free(all);
    }
    g_free(year);
}

static void section(docx_ctx *c, int *n, const nb_schema_section *sec)
{
    const char *text = g_hash_table_lookup(c->r->sections, sec->key);
    if (!text)
        return;
    heading(c, (*n)++, nb_synth_first_label(sec->headings));
    prose(c, text);
}

static void document_xml(docx_ctx *c)
{
    g_string_append(c->out, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                            "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/"
                            "2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/"
                            "relationships\"><w:body>\n");
    title(c);
    int n = 0;
    if (c->s->sections->len)
        section(c, &n, g_ptr_array_index(c->s->sections, 0));
    for (guint i = 0; i < c->s->tables->len; i++) {
        const nb_schema_table *t = g_ptr_array_index(c->s->tables, i);
        heading(c, n++, nb_synth_plain_heading(t->headings));
        table(c, t);
    }
    for (guint i = 1; i < c->s->sections->len; i++)
        section(c, &n, g_ptr_array_index(c->s->sections, i));
    g_string_append(c->out, "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/></w:sectPr></w:body>"
                            "</w:document>\n");
}

static void add_part(nb_synth_zip *z, const char *name, const char *text)
{
    GString *s = g_string_new(text);
    nb_synth_zip_add(z, name, s);
    g_string_free(s, TRUE);
}

static void package_parts(nb_synth_zip *z)
{
    add_part(z, "[Content_Types].xml",
             "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://"
             "schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" "
             "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default "
             "Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" "
             "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+"
             "xml\"/><Override PartName=\"/word/numbering.xml\" ContentType=\"application/vnd."
             "openxmlformats-officedocument.wordprocessingml.numbering+xml\"/><Override PartName=\"/word/"
             "styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml."
             "styles+xml\"/></Types>\n");
    add_part(z, "_rels/.rels",
             "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\""
             "http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" "
             "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
             "Target=\"word/document.xml\"/></Relationships>\n");
    add_part(z, "word/_rels/document.xml.rels",
             "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\""
             "http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" "
             "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering\" "
             "Target=\"numbering.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/"
             "officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/></Relationships>\n");
    /* the heading style the headings name, defined as Word defines it:
     * LibreOffice drops the list numbering of a paragraph whose style is
     * missing (its own "Heading 2" then wins), and the Word 97 files of the
     * tests are saved by it */
    add_part(z, "word/styles.xml",
             "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:styles xmlns:w=\""
             "http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:style w:type=\"paragraph\" "
             "w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/></w:style><w:style "
             "w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val=\"heading 2\"/><w:basedOn "
             "w:val=\"Normal\"/><w:pPr><w:outlineLvl w:val=\"1\"/></w:pPr></w:style></w:styles>\n");
    add_part(z, "word/numbering.xml",
             "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:numbering xmlns:w=\""
             "http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:abstractNum "
             "w:abstractNumId=\"0\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt "
             "w:val=\"chineseCounting\"/><w:lvlText w:val=\"%1、\"/><w:lvlJc w:val=\"left\"/></w:lvl>"
             "<w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"chineseCounting\"/><w:lvlText "
             "w:val=\"（%2）\"/></w:lvl></w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId "
             "w:val=\"0\"/></w:num></w:numbering>\n");
}

gboolean nb_synth_render_docx(const nb_record *r, const nb_schema *s, const nb_synth_opts *opts,
                              GByteArray *out, char **err)
{
    if (err)
        *err = NULL;
    g_return_val_if_fail(r && s && opts && out, FALSE);
    docx_ctx c = {r, s, opts, g_rand_new_with_seed(opts->seed ^ 0x444fu), g_string_new(NULL), FALSE, FALSE};
    c.list_headings = nb_synth_chance(c.rnd, 50);
    document_xml(&c);
    nb_synth_zip *z = nb_synth_zip_new();
    package_parts(z);
    nb_synth_zip_add(z, "word/document.xml", c.out);
    gboolean ok = nb_synth_zip_write(z, out, err);
    nb_synth_zip_free(z);
    g_string_free(c.out, TRUE);
    g_rand_free(c.rnd);
    return ok;
}
