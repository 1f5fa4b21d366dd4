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
 * document in page order (layout/pdfdoc.c, shared with the OFD reader).
 *
 * poppler's own messages never reach stderr: they are caught for the whole
 * read (pdf_quiet.c) and become at most one document warning.
 */
#include "extract/reader.h"
#include "extract/ocr.h"
#include "extract/pdf_cos.h"
#include "extract/pdf_precheck.h"
#include "extract/pdf_quiet.h"
#include "extract/pdf_render.h"
#include "extract/pdf_text.h"
#include "layout/pdfdoc.h"
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
    nb_paged *paged; /* the pages read: flow, tables, OCR parts (layout/pdfdoc.h) */
    int ocr_pages;
    GBytes *bytes;        /* the file, for the object reader */
    nb_cos *cos;          /* its objects, opened at the first page with columns */
    gboolean cos_tried;
    int paths_pages;      /* pages whose rulings came from their paths */
} pdf_reader;

static void reader_clear(pdf_reader *rd)
{
    nb_paged_free(rd->paged);
    nb_cos_free(rd->cos);
    if (rd->pd)
        g_object_unref(rd->pd);
}

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
    nb_paged_set_part(rd->paged, number, part);
    rd->ocr_pages += !rd->lim->no_ocr;
    gboolean ok = nb_ocr_page_part(pix, number, 72.0 / OCR_DPI, why, part, rd->lim, err);
    pixDestroy(&pix);
    return ok;
}

/* The file's objects, read once, when they give poppler's page count
 * (else every page is rendered). */
static nb_cos *reader_cos(pdf_reader *rd)
{
    if (!rd->cos_tried) {
        rd->cos_tried = TRUE;
        gsize len = 0;
        const guchar *data = g_bytes_get_data(rd->bytes, &len);
        rd->cos = nb_cos_open(data, len);
        if (rd->cos && nb_cos_n_pages(rd->cos) != rd->npages) {
            nb_cos_free(rd->cos);
            rd->cos = NULL;
        }
    }
    return rd->cos;
}

/* Tables drawn with rulings, found on a low-resolution image of the page's
 * paths (or its rendering: nb_pdf_render_rulings). */
static GPtrArray *ruled_tables(pdf_reader *rd, PopplerPage *page, const nb_page_text *pt,
                               gboolean *used, nb_error *err)
{
    gboolean from_paths = FALSE;
    PIX *pix = nb_pdf_render_rulings(page, reader_cos(rd), pt->number, RULING_DPI, rd->lim,
                                     &from_paths, err);
    rd->paths_pages += from_paths;
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

static gboolean text_page(pdf_reader *rd, PopplerPage *page, nb_page_text *pt, nb_error *err)
{
    gboolean *used = g_new0(gboolean, MAX(pt->glyphs->len, 1));
    gboolean columns = nb_pdf_page_has_columns(pt);
    GPtrArray *ruled = columns ? ruled_tables(rd, page, pt, used, err) : NULL;
    if (columns && !ruled) {
        g_free(used);
        return FALSE;
    }
    nb_paged_add_text_page(rd->paged, pt, ruled, used, columns);
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

/* Moves the lines, grids and warnings of an OCR'd page into the document,
 * with the page images and cell boxes the driver's re-reading needs. */
static void add_ocr_part(nb_doc *doc, nb_doc *part)
{
    nb_doc_take_part(doc, part);
    nb_ocr_store_move(doc, part);
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
    rd.bytes = bytes;
    rd.pd = open_document(bytes, err);
    if (!rd.pd)
        return NULL;
    rd.npages = poppler_document_get_n_pages(rd.pd);
    rd.paged = nb_paged_new(rd.npages);
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
    nb_paged_fill(rd.paged, doc, 1.0, add_ocr_part);
    doc->format = rd.ocr_pages * 2 > rd.npages ? "pdf-scan" : "pdf-text";
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
