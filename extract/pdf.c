/*
 * pdf.c — the PDF reader: poppler-glib text layer, rulings from a
 * low-resolution rendering, OCR for pages without a usable text layer.
 *
 * Per page: the glyphs (pdf_text.c); when the text layer is unusable the
 * page is rendered at 300 dpi and handed to nb_ocr_page.  Otherwise, on a
 * page whose lines show columns, the page is rendered at RULING_DPI to find
 * its rulings (pdf_render.c, layout/rulings.c) and the tables are built from
 * them (layout/pdfgrid.c); tables without rulings are found from the
 * alignment of numbers.  The glyphs left over form the text flow
 * (layout/pdfflow.c).  After the last page, furniture is removed, tables
 * continued over page breaks are stitched, and everything is handed to the
 * document in page order.
 *
 * poppler's own messages never reach stderr: they are caught for the whole
 * read (pdf_quiet.c) and become at most one document warning.
 */
#include "extract/reader.h"
#include "extract/ocr.h"
#include "extract/pdf_precheck.h"
#include "extract/pdf_quiet.h"
#include "extract/pdf_render.h"
#include "extract/pdf_text.h"
#include "layout/pdfflow.h"
#include "layout/pdfgrid.h"
#include "layout/rulings.h"

#include <leptonica/allheaders.h>
#include <poppler.h>

/* Resolution of the rendering used only to find rulings: at 72 dpi one
 * pixel is one point, enough to separate rulings that bound a row of text,
 * and rendering cost grows with the pixel count. */
#define RULING_DPI 72.0
/* Rulings shorter than this (points) are not table lines. */
#define MIN_RULING_LEN 12.0
/* Ruling positions closer than this (points) are one boundary. */
#define RULING_TOL 3.0
/* Resolution at which pages without a text layer are rendered for OCR. */
#define OCR_DPI 300.0

typedef struct {
    PopplerDocument *pd;
    const nb_limits *lim;
    int npages;
    GPtrArray *flow;      /* nb_flow_page*, one per page (empty for OCR pages) */
    GPtrArray *tables;    /* nb_pdf_table*, document order */
    GPtrArray *ocr_docs;  /* nb_doc* per page, NULL for text pages */
    int ocr_pages;
} pdf_reader;

static void reader_clear(pdf_reader *rd)
{
    g_ptr_array_free(rd->flow, TRUE);
    g_ptr_array_free(rd->tables, TRUE);
    g_ptr_array_free(rd->ocr_docs, TRUE);
    if (rd->pd)
        g_object_unref(rd->pd);
}

static void ocr_doc_free(gpointer d) { nb_doc_free(d); }

/* ---- opening ---- */

static PopplerDocument *open_document(GBytes *bytes, nb_error *err)
{
    GError *ge = NULL;
    PopplerDocument *pd = poppler_document_new_from_bytes(bytes, NULL, &ge);
    if (pd)
        return pd;
    if (ge && g_error_matches(ge, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
        nb_error_set(err, NB_ERR_FORMAT, "encrypted PDF: it needs a password");
    else
        nb_error_set(err, NB_ERR_FORMAT, "corrupt PDF: %s", ge ? ge->message : "cannot be opened");
    g_clear_error(&ge);
    return NULL;
}

/* ---- one page ---- */

/* Renders a page without a usable text layer at OCR_DPI and reads it with
 * the scan path into a document part of its own (merged in page order
 * later).  Returns FALSE only for errors that end the whole document. */
static gboolean ocr_page(pdf_reader *rd, PopplerPage *page, int number, const char *why,
                         nb_error *err)
{
    PIX *pix = nb_pdf_render_gray(page, number, OCR_DPI, rd->lim, err);
    if (!pix)
        return FALSE;
    nb_doc *part = nb_doc_new();
    rd->ocr_docs->pdata[number - 1] = part;
    rd->ocr_pages += !rd->lim->no_ocr;
    gboolean ok = nb_ocr_page_part(pix, number, 72.0 / OCR_DPI, why, part, rd->lim, err);
    pixDestroy(&pix);
    return ok;
}

/* Tables drawn with rulings, found on a low-resolution rendering. */
static GPtrArray *ruled_tables(PopplerPage *page, const nb_page_text *pt, gboolean *used,
                               const nb_limits *lim, nb_error *err)
{
    PIX *pix = nb_pdf_render_gray(page, pt->number, RULING_DPI, lim, err);
    if (!pix)
        return NULL;
    nb_rulings *r = nb_rulings_find(pix, 72.0 / RULING_DPI, MIN_RULING_LEN);
    pixDestroy(&pix);
    nb_rulings_drop_text(r, pt, MIN_RULING_LEN);
    GPtrArray *ruled = nb_ruled_tables(r, RULING_TOL);
    GPtrArray *tables = nb_pdf_tables_from_rulings(pt, ruled, used);
    g_ptr_array_free(ruled, TRUE);
    nb_rulings_free(r);
    return tables;
}

static int table_top_cmp(gconstpointer a, gconstpointer b)
{
    const nb_pdf_table *x = *(nb_pdf_table *const *)a, *y = *(nb_pdf_table *const *)b;
    return (x->box.y0 > y->box.y0) - (x->box.y0 < y->box.y0);
}

/* Lines of the glyphs no table took. */
static GPtrArray *flow_lines(const nb_page_text *pt, const gboolean *used)
{
    GPtrArray *free_glyphs = g_ptr_array_new();
    for (guint i = 0; i < pt->glyphs->len; i++)
        if (!used[i])
            g_ptr_array_add(free_glyphs, &g_array_index(pt->glyphs, nb_glyph, i));
    GPtrArray *lines = nb_text_lines(free_glyphs, pt->number);
    g_ptr_array_free(free_glyphs, TRUE);
    return lines;
}

static gboolean text_page(pdf_reader *rd, PopplerPage *page, nb_page_text *pt, nb_error *err)
{
    gboolean *used = g_new0(gboolean, MAX(pt->glyphs->len, 1));
    GPtrArray *tables = NULL;
    if (nb_pdf_page_has_columns(pt)) {
        tables = ruled_tables(page, pt, used, rd->lim, err);
        if (!tables) {
            g_free(used);
            return FALSE;
        }
        GPtrArray *plain = nb_pdf_tables_unruled(pt, used);
        for (guint i = 0; i < plain->len; i++) {
            g_ptr_array_add(tables, g_ptr_array_index(plain, i));
            plain->pdata[i] = NULL;
        }
        g_ptr_array_free(plain, TRUE);
        g_ptr_array_sort(tables, table_top_cmp);
    }
    nb_flow_page *fp = nb_flow_page_new(pt->number, pt->width, pt->height, flow_lines(pt, used));
    for (guint i = 0; tables && i < tables->len; i++) {
        nb_pdf_table *t = g_ptr_array_index(tables, i);
        g_array_append_val(fp->tables, t->box);
        g_ptr_array_add(rd->tables, t);
        tables->pdata[i] = NULL;
    }
    if (tables)
        g_ptr_array_free(tables, TRUE);
    rd->flow->pdata[pt->number - 1] = fp;
    g_free(used);
    return TRUE;
}

static gboolean read_page(pdf_reader *rd, int index, nb_error *err)
{
    PopplerPage *page = poppler_document_get_page(rd->pd, index);
    if (!page) {
        nb_error_set(err, NB_ERR_FORMAT, "corrupt PDF: page %d cannot be read", index + 1);
        return FALSE;
    }
    nb_page_text *pt = nb_pdf_page_text(page, index + 1);
    const char *why = NULL;
    gboolean ok;
    if (nb_pdf_text_usable(pt, page, &why))
        ok = text_page(rd, page, pt, err);
    else
        ok = ocr_page(rd, page, index + 1, why, err);
    nb_page_text_free(pt);
    g_object_unref(page);
    return ok;
}

/* ---- the document ---- */

/* A table starts its page when nothing but furniture is above it, and ends
 * it when nothing is below it. */
static void mark_page_edges(pdf_reader *rd)
{
    for (guint i = 0; i < rd->tables->len; i++) {
        nb_pdf_table *t = g_ptr_array_index(rd->tables, i);
        const nb_flow_page *fp = g_ptr_array_index(rd->flow, t->page - 1);
        t->starts_page = t->ends_page = TRUE;
        for (guint k = 0; k < fp->lines->len; k++) {
            const nb_text_line *l = g_ptr_array_index(fp->lines, k);
            if (l->box.y1 <= t->box.y0 + 1)
                t->starts_page = FALSE;
            if (l->box.y0 >= t->box.y1 - 1)
                t->ends_page = FALSE;
        }
        for (guint k = 0; k < fp->tables->len; k++) {
            const nb_box *b = &g_array_index(fp->tables, nb_box, k);
            if (b->y1 <= t->box.y0 + 1)
                t->starts_page = FALSE;
            if (b->y0 >= t->box.y1 - 1)
                t->ends_page = FALSE;
        }
    }
}

static void add_paragraph(nb_doc *doc, const nb_text_line *l)
{
    nb_prov p = nb_prov_none(NB_ORIGIN_TEXT_LAYER);
    p.page = l->page;
    p.has_box = true;
    p.box[0] = l->box.x0, p.box[1] = l->box.y0, p.box[2] = l->box.x1, p.box[3] = l->box.y1;
    nb_doc_add_line(doc, l->text, &p);
}

/* Moves the lines, grids and warnings of an OCR'd page into the document,
 * with the page images and cell boxes the driver's re-reading needs. */
static void add_ocr_part(nb_doc *doc, nb_doc *part)
{
    nb_doc_take_part(doc, part);
    nb_ocr_store_move(doc, part);
}

/* Hands paragraphs, grids and OCR parts to the document in page order. */
static void fill_doc(pdf_reader *rd, nb_doc *doc)
{
    for (guint i = 0; i < rd->flow->len; i++)
        if (!g_ptr_array_index(rd->flow, i))
            rd->flow->pdata[i] = nb_flow_page_new((int)i + 1, 0, 0, NULL);
    nb_flow_strip_furniture(rd->flow);
    mark_page_edges(rd);
    doc->title = nb_flow_title(g_ptr_array_index(rd->flow, 0));
    GPtrArray *paras = nb_flow_paragraphs(rd->flow);
    GPtrArray *tables = nb_pdf_tables_stitch(rd->tables);
    rd->tables = g_ptr_array_new_with_free_func(nb_pdf_table_free);
    guint pi = 0, ti = 0;
    for (int page = 1; page <= rd->npages; page++) {
        for (; pi < paras->len && ((nb_text_line *)g_ptr_array_index(paras, pi))->page <= page; pi++)
            add_paragraph(doc, g_ptr_array_index(paras, pi));
        for (; ti < tables->len && ((nb_pdf_table *)g_ptr_array_index(tables, ti))->page <= page;
             ti++)
            nb_doc_add_grid(doc, nb_pdf_table_to_grid(g_ptr_array_index(tables, ti), (int)ti + 1));
        nb_doc *part = g_ptr_array_index(rd->ocr_docs, page - 1);
        if (part)
            add_ocr_part(doc, part);
    }
    g_ptr_array_free(paras, TRUE);
    g_ptr_array_free(tables, TRUE);
    doc->pages = rd->npages;
    doc->format = rd->ocr_pages * 2 > rd->npages ? "pdf-scan" : "pdf-text";
}

/* The error for a document poppler opened with no pages.  poppler sets the
 * page count to 0 when the page tree's /Count is larger than the file's
 * number of objects (a crafted "1e6 pages" file): that declared count is
 * held against --max-pages like any other, or reported as inconsistent when
 * it is within the limit. */
static void no_pages_error(const nb_pdf_quiet *q, const nb_limits *lim, nb_error *err)
{
    int objects = 0;
    int declared = nb_pdf_quiet_rejected_count(q, &objects);
    if (declared > 0 && lim->max_pages > 0 && declared > lim->max_pages)
        nb_error_set(err, NB_ERR_LIMIT,
                     "PDF declares %d pages, over the limit of %d (--max-pages)", declared,
                     lim->max_pages);
    else if (declared > 0)
        nb_error_set(err, NB_ERR_FORMAT,
                     "corrupt PDF: the page tree declares %d pages but the file has only %d "
                     "objects",
                     declared, objects);
    else
        nb_error_set(err, NB_ERR_FORMAT, "PDF has no pages");
}

/* Opens the document and reads every page; NULL with `err` set on failure. */
static nb_doc *read_document(GBytes *bytes, const nb_limits *lim, const nb_pdf_quiet *q,
                             nb_error *err)
{
    pdf_reader rd = {0};
    rd.lim = lim;
    rd.pd = open_document(bytes, err);
    if (!rd.pd)
        return NULL;
    rd.npages = poppler_document_get_n_pages(rd.pd);
    rd.flow = g_ptr_array_new_with_free_func(nb_flow_page_free);
    rd.tables = g_ptr_array_new_with_free_func(nb_pdf_table_free);
    rd.ocr_docs = g_ptr_array_new_with_free_func(ocr_doc_free);
    if (rd.npages <= 0) {
        no_pages_error(q, lim, err);
        reader_clear(&rd);
        return NULL;
    }
    if (lim->max_pages > 0 && rd.npages > lim->max_pages) {
        nb_error_set(err, NB_ERR_LIMIT, "PDF has %d pages, over the limit of %d (--max-pages)",
                     rd.npages, lim->max_pages);
        reader_clear(&rd);
        return NULL;
    }
    g_ptr_array_set_size(rd.flow, (guint)rd.npages);
    g_ptr_array_set_size(rd.ocr_docs, (guint)rd.npages);
    for (int i = 0; i < rd.npages; i++) {
        if (nb_limits_expired(lim)) {
            nb_error_set(err, NB_ERR_LIMIT, "time limit of %g s exceeded after %d of %d pages",
                         lim->timeout_s, i, rd.npages);
            reader_clear(&rd);
            return NULL;
        }
        nb_limits_progress(lim, i + 1, rd.npages);
        if (!read_page(&rd, i, err)) {
            reader_clear(&rd);
            return NULL;
        }
    }
    nb_doc *doc = nb_doc_new();
    fill_doc(&rd, doc);
    reader_clear(&rd);
    return doc;
}

nb_doc *nb_read_pdf(const guchar *data, gsize len, const nb_limits *lim, nb_error *err)
{
    nb_limits deflim = nb_limits_default();
    if (!lim)
        lim = &deflim;
    if (!nb_pdf_precheck(data, len, lim, err))
        return NULL;
    GBytes *bytes = g_bytes_new_static(data, len);
    nb_pdf_quiet *q = nb_pdf_quiet_begin();
    nb_doc *doc = read_document(bytes, lim, q, err);
    g_bytes_unref(bytes);
    char *first = NULL;
    int messages = nb_pdf_quiet_end(q, &first);
    if (doc && messages > 0)
        nb_doc_warn(doc, NULL,
                    "the PDF library reported %d problem%s reading the file (first: %s); "
                    "text or tables may be incomplete",
                    messages, messages == 1 ? "" : "s", first && *first ? first : "?");
    g_free(first);
    return doc;
}
