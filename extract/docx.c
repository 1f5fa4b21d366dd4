/*
 * docx.c — Word documents (Office Open XML, .docx): nb_read_docx.
 *
 * The package is opened within limits (extract/zippart.h: entry cap, the
 * bytes inflated held to --max-bytes, no DTD, no network); word/document.xml
 * is walked in order: paragraphs (with the list numbering Word shows in front
 * of them, where reports keep their item numbers "一、", "（三）") go to the
 * text flow, tables to grids (extract/docx_table.h), a table Word split over
 * a page read as one.  The leading centred paragraphs are the title.
 * Provenance: line = paragraph index (every w:p of the body, cells included,
 * from 1), cell = [table, row, column], origin docx.  Headers, footers,
 * comments and text boxes are not read; external relationships (linked
 * images, templates) are never fetched: nothing but the package's own parts is
 * opened.
 */
#include "extract/docx_table.h"
#include "extract/docx_xml.h"
#include "extract/reader.h"
#include "extract/zippart.h"

#include <string.h>

typedef struct {
    nb_doc *doc;
    nb_docx_walk walk;
    int para;
    gint64 positions;
    int tables;             /* w:tbl seen */
    nb_docx_table *pending; /* the last table, which the next one may continue */
    gboolean gap_empty;     /* only empty paragraphs since the pending table */
    gboolean title_done;    /* the leading centred paragraphs are over */
    GString *title;
    const nb_limits *lim;
} docx_ctx;

static void flush_table(docx_ctx *c)
{
    nb_grid *g = nb_docx_table_grid(c->pending);
    if (g)
        nb_doc_add_grid(c->doc, g);
    nb_docx_table_free(c->pending);
    c->pending = NULL;
}

static gboolean centred(const xmlNode *p)
{
    char *jc = nb_w_attr(nb_w_child(nb_w_child(p, "pPr"), "jc"), "val");
    gboolean yes = jc && !strcmp(jc, "center");
    g_free(jc);
    return yes;
}

static void body_paragraph(docx_ctx *c, const xmlNode *p)
{
    char *text = nb_docx_walk_para(&c->walk, p);
    g_strstrip(text);
    if (*text) {
        nb_prov prov = nb_prov_none(NB_ORIGIN_DOCX);
        prov.line = c->para;
        nb_doc_add_line(c->doc, text, &prov);
        c->gap_empty = FALSE;
        if (!c->title_done && centred(p) && c->title->len < 400)
            g_string_append(c->title, text);
        else
            c->title_done = TRUE;
    }
    g_free(text);
}

static void body_table(docx_ctx *c, const xmlNode *tbl)
{
    int index = c->tables++;
    c->title_done = TRUE;
    if (c->pending && c->gap_empty && nb_docx_table_continues(c->pending, tbl)) {
        nb_docx_table_add(c->pending, tbl, index, &c->walk);
    } else {
        flush_table(c);
        c->pending = nb_docx_table_new(tbl, index, &c->walk);
    }
    c->gap_empty = TRUE;
}

/* Walks the block-level content of `n` (the body, or a content control in
 * it) in order. */
static void walk_blocks(docx_ctx *c, const xmlNode *n)
{
    for (const xmlNode *b = n->children; b; b = b->next) {
        if (nb_w_is(b, "p"))
            body_paragraph(c, b);
        else if (nb_w_is(b, "tbl"))
            body_table(c, b);
        else if (nb_w_is(b, "sdt") || nb_w_is(b, "sdtContent") || nb_w_is(b, "customXml"))
            walk_blocks(c, b);
    }
}

static gboolean walk_document(docx_ctx *c, xmlDoc *xml, nb_error *err)
{
    xmlNode *body = nb_w_child(xmlDocGetRootElement(xml), "body");
    if (!nb_w_is(xmlDocGetRootElement(xml), "document") || !body) {
        nb_error_set(err, NB_ERR_FORMAT, "word/document.xml has no w:document/w:body");
        return FALSE;
    }
    walk_blocks(c, body);
    flush_table(c);
    if (c->lim && c->lim->max_cells > 0 && c->positions > c->lim->max_cells) {
        nb_error_set(err, NB_ERR_LIMIT, "the tables hold %lld cells, over the limit of %lld "
                     "(--max-cells)", (long long)c->positions, (long long)c->lim->max_cells);
        return FALSE;
    }
    return TRUE;
}

nb_doc *nb_read_docx(const guchar *data, gsize len, const nb_limits *lim, nb_error *err)
{
    nb_zip *z = nb_zip_open(data, len, lim, err);
    if (!z)
        return NULL;
    xmlDoc *body = nb_zip_xml(z, "word/document.xml", TRUE, err);
    xmlDoc *numbering = body ? nb_zip_xml(z, "word/numbering.xml", FALSE, err) : NULL;
    xmlDoc *styles = body && err->cls == NB_ERR_NONE ? nb_zip_xml(z, "word/styles.xml", FALSE, err) : NULL;
    nb_doc *doc = NULL;
    if (body && err->cls == NB_ERR_NONE) {
        docx_ctx c = {0};
        c.doc = nb_doc_new();
        c.doc->format = "docx";
        c.walk.num = nb_docx_num_new(numbering, styles);
        c.walk.para = &c.para;
        c.walk.positions = &c.positions;
        c.gap_empty = FALSE;
        c.title = g_string_new(NULL);
        c.lim = lim;
        if (walk_document(&c, body, err)) {
            doc = c.doc;
            if (c.title->len)
                doc->title = g_strdup(c.title->str);
        } else {
            nb_doc_free(c.doc);
        }
        nb_docx_table_free(c.pending);
        nb_docx_num_free(c.walk.num);
        g_string_free(c.title, TRUE);
    }
    xmlFreeDoc(styles);
    xmlFreeDoc(numbering);
    xmlFreeDoc(body);
    nb_zip_free(z);
    return doc;
}
