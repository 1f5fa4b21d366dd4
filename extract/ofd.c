/*
 * ofd.c — OFD documents (GB/T 33190, the format of archived electronic
 * documents): nb_read_ofd.
 *
 * The package is opened within limits (extract/zippart.h).  OFD.xml names
 * the document root (DocBody/DocRoot), whose Document.xml lists the pages
 * (Pages/Page BaseLoc) and the default page area.  Each page's TextObjects
 * become positioned glyphs (Boundary origin, TextCode X/Y relative to it, in
 * millimetres, DeltaX/DeltaY advances including the short "g N v" form, the
 * CTM applied) and its PathObjects' straight strokes, and thin filled boxes,
 * become rulings: the same model the text-PDF path fills (layout/pdfpage.h,
 * layout/pdfgrid.h), so that cells, tables continued over pages, page
 * furniture, paragraphs and the title come from the same heuristics.  The
 * layout works in points (millimetres × 72 / 25.4, its thresholds are in
 * points); provenance boxes are given back in millimetres, origin
 * text-layer (spec).  A page with images and no text (a scanned archive) is
 * read by OCR (extract/ofd_scan.h): its image resource decoded and handed
 * to the scan path, its boxes in millimetres too, origin ocr.
 */
#include "extract/ocr.h"
#include "extract/ofd_scan.h"
#include "extract/ofd_xml.h"
#include "extract/pdf_text.h"
#include "extract/reader.h"
#include "extract/zippart.h"
#include "layout/pdfdoc.h"
#include "layout/pdfgrid.h"
#include "layout/pdfpage.h"
#include "layout/rulings.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PT_PER_MM (72.0 / 25.4)
#define MIN_RULING_LEN 12.0 /* points, as the PDF reader */
#define RULING_TOL 3.0
#define MAX_RULING_WIDTH 2.0 /* points: a filled box thinner than this is a line */

typedef struct {
    double a, b, c, d, e, f;
} ctm;

static double attr_number(const xmlNode *n, const char *name, double def)
{
    char *v = nb_ofd_attr(n, name);
    double x = def;
    if (v && nb_ofd_numbers(v, &x, 1) != 1)
        x = def;
    g_free(v);
    return x;
}

/* A DeltaX/DeltaY list: numbers, "g N v" meaning N times v.  At most
 * `max` advances are kept (one per character). */
static GArray *parse_deltas(const char *s, int max)
{
    GArray *d = g_array_new(FALSE, FALSE, sizeof(double));
    char **tok = g_strsplit_set(s ? s : "", " \t\r\n", -1);
    for (char **t = tok; *t && (int)d->len < max; t++) {
        if (!**t)
            continue;
        if (!strcmp(*t, "g")) {
            char **n = t + 1;
            while (*n && !**n)
                n++;
            char **v = *n ? n + 1 : n;
            while (*v && !**v)
                v++;
            if (!*n || !*v)
                break;
            long count = strtol(*n, NULL, 10);
            double val = g_ascii_strtod(*v, NULL);
            for (long i = 0; i < count && (int)d->len < max; i++)
                g_array_append_val(d, val);
            t = v;
        } else {
            double val = g_ascii_strtod(*t, NULL);
            g_array_append_val(d, val);
        }
    }
    g_strfreev(tok);
    return d;
}

static ctm parse_ctm(const xmlNode *n)
{
    ctm m = {1, 0, 0, 1, 0, 0};
    char *v = nb_ofd_attr(n, "CTM");
    double x[6];
    if (v && nb_ofd_numbers(v, x, 6) == 6)
        m = (ctm){x[0], x[1], x[2], x[3], x[4], x[5]};
    g_free(v);
    return m;
}

/* Object coordinates → page millimetres: CTM, then the Boundary origin. */
static void to_page(const ctm *m, const double *bound, double x, double y, double *px, double *py)
{
    *px = bound[0] + m->a * x + m->c * y + m->e;
    *py = bound[1] + m->b * x + m->d * y + m->f;
}

typedef struct {
    nb_page_text *pt;
    nb_rulings *rulings;
    nb_ofd_image image; /* the largest ImageObject */
    int texts;
} page_ctx;

static void add_glyph(page_ctx *pc, gunichar ch, double x, double y, double size, double adv,
                      const ctm *m, const double *bound)
{
    if (g_unichar_isspace(ch) || !g_unichar_validate(ch))
        return;
    double w = nb_glyph_is_cjk(ch) ? size : size * 0.55;
    if (adv > 0 && adv < w)
        w = adv;
    double x0, y0, x1, y1;
    to_page(m, bound, x, y - size * 0.88, &x0, &y0);
    to_page(m, bound, x + w, y + size * 0.12, &x1, &y1);
    double scale = sqrt(fabs(m->a * m->d - m->b * m->c));
    nb_glyph g = {ch,
                  {MIN(x0, x1) * PT_PER_MM, MIN(y0, y1) * PT_PER_MM, MAX(x0, x1) * PT_PER_MM,
                   MAX(y0, y1) * PT_PER_MM},
                  size * (scale > 0 ? scale : 1) * PT_PER_MM};
    g_array_append_val(pc->pt->glyphs, g);
}

static void text_object(page_ctx *pc, const xmlNode *obj)
{
    double bound[4] = {0, 0, 0, 0};
    char *b = nb_ofd_attr(obj, "Boundary");
    nb_ofd_numbers(b, bound, 4);
    g_free(b);
    double size = attr_number(obj, "Size", 3.5);
    if (!(size > 0 && size < 1000))
        size = 3.5;
    ctm m = parse_ctm(obj);
    double x = 0, y = 0;
    for (const xmlNode *tc = obj->children; tc; tc = tc->next) {
        if (!nb_ofd_is(tc, "TextCode"))
            continue;
        x = attr_number(tc, "X", x);
        y = attr_number(tc, "Y", y);
        char *text = nb_ofd_text(tc);
        glong n = g_utf8_strlen(text, -1);
        char *dxs = nb_ofd_attr(tc, "DeltaX"), *dys = nb_ofd_attr(tc, "DeltaY");
        GArray *dx = parse_deltas(dxs, (int)MIN(n, 100000)), *dy = parse_deltas(dys, (int)MIN(n, 100000));
        int i = 0;
        for (const char *p = text; *p && i < 100000; p = g_utf8_next_char(p), i++) {
            double adv = i < (int)dx->len ? g_array_index(dx, double, i) : size;
            add_glyph(pc, g_utf8_get_char(p), x, y, size, adv, &m, bound);
            x += adv;
            if (i < (int)dy->len)
                y += g_array_index(dy, double, i);
        }
        pc->texts += n > 0;
        g_array_free(dx, TRUE), g_array_free(dy, TRUE);
        g_free(dxs), g_free(dys), g_free(text);
    }
}

static void add_segment(page_ctx *pc, double x0, double y0, double x1, double y1)
{
    x0 *= PT_PER_MM, y0 *= PT_PER_MM, x1 *= PT_PER_MM, y1 *= PT_PER_MM;
    if (fabs(y1 - y0) <= MAX_RULING_WIDTH && fabs(x1 - x0) >= MIN_RULING_LEN) {
        nb_segment s = {(y0 + y1) / 2, MIN(x0, x1), MAX(x0, x1)};
        g_array_append_val(pc->rulings->h, s);
    } else if (fabs(x1 - x0) <= MAX_RULING_WIDTH && fabs(y1 - y0) >= MIN_RULING_LEN) {
        nb_segment s = {(x0 + x1) / 2, MIN(y0, y1), MAX(y0, y1)};
        g_array_append_val(pc->rulings->v, s);
    }
}

/* A path's straight strokes (M/L/Z of AbbreviatedData) as rulings; a path
 * whose whole extent is thin (a filled bar) is one ruling. */
static void path_object(page_ctx *pc, const xmlNode *obj)
{
    double bound[4] = {0, 0, 0, 0};
    char *b = nb_ofd_attr(obj, "Boundary");
    nb_ofd_numbers(b, bound, 4);
    g_free(b);
    ctm m = parse_ctm(obj);
    char *data = nb_ofd_text(nb_ofd_child(obj, "AbbreviatedData"));
    char **tok = g_strsplit_set(data, " \t\r\n", -1);
    double cx = 0, cy = 0, sx = 0, sy = 0;
    int segments = 0;
    for (char **t = tok; *t; t++) {
        if (!**t)
            continue;
        if ((!strcmp(*t, "M") || !strcmp(*t, "L")) && t[1] && t[2]) {
            double x = g_ascii_strtod(t[1], NULL), y = g_ascii_strtod(t[2], NULL), px, py;
            to_page(&m, bound, x, y, &px, &py);
            if (**t == 'L' && segments++ < 10000)
                add_segment(pc, cx, cy, px, py);
            else
                sx = px, sy = py;
            cx = px, cy = py;
            t += 2;
        } else if (!strcmp(*t, "C") || !strcmp(*t, "Z")) { /* close the subpath */
            if (segments++ < 10000)
                add_segment(pc, cx, cy, sx, sy);
            cx = sx, cy = sy;
        }
    }
    g_strfreev(tok);
    g_free(data);
    if (bound[2] > 0 && bound[3] > 0 && (bound[2] * PT_PER_MM <= MAX_RULING_WIDTH || bound[3] * PT_PER_MM <= MAX_RULING_WIDTH))
        add_segment(pc, bound[0], bound[1] + (bound[3] < bound[2] ? bound[3] / 2 : 0),
                    bound[0] + (bound[3] < bound[2] ? bound[2] : bound[2] / 2), bound[1] + (bound[3] < bound[2] ? bound[3] / 2 : bound[3]));
}

/* Walks a layer or page block (blocks nest; libxml2's depth limit bounds it). */
static void walk_objects(page_ctx *pc, const xmlNode *n)
{
    for (const xmlNode *o = n->children; o; o = o->next) {
        if (nb_ofd_is(o, "TextObject"))
            text_object(pc, o);
        else if (nb_ofd_is(o, "PathObject"))
            path_object(pc, o);
        else if (nb_ofd_is(o, "ImageObject"))
            nb_ofd_image_note(&pc->image, o);
        else if (nb_ofd_is(o, "PageBlock") || nb_ofd_is(o, "Layer"))
            walk_objects(pc, o);
    }
}

/* ---- pages ---- */

typedef struct {
    nb_zip *zip;
    const nb_limits *lim;
    nb_paged *paged;     /* the pages read: flow, tables, OCR parts (layout/pdfdoc.h) */
    nb_ofd_media *media; /* image resources */
    nb_doc *doc;
    int scans_unread; /* pages of images only whose image could not be decoded */
    char *unread_why;        /* why the first of those was not read */
} ofd_reader;

static gint seg_cmp(gconstpointer a, gconstpointer b)
{
    double x = ((const nb_segment *)a)->pos, y = ((const nb_segment *)b)->pos;
    return (x > y) - (x < y);
}

/* Cells and lines of one page, as the PDF reader makes them of a text page. */
static void lay_out_page(ofd_reader *rd, page_ctx *pc)
{
    nb_page_text *pt = pc->pt;
    gboolean *used = g_new0(gboolean, MAX(pt->glyphs->len, 1));
    g_array_sort(pc->rulings->h, seg_cmp);
    g_array_sort(pc->rulings->v, seg_cmp);
    GPtrArray *ruled = nb_ruled_tables(pc->rulings, RULING_TOL);
    GPtrArray *tables = nb_pdf_tables_from_rulings(pt, ruled, used);
    g_ptr_array_free(ruled, TRUE);
    nb_paged_add_text_page(rd->paged, pt, tables, used, nb_pdf_page_has_columns(pt));
    g_free(used);
}

/* A page of images only (a scanned archive): its largest image read by OCR
 * into the page's part.  FALSE (err set) only for a limit. */
static gboolean scan_page(ofd_reader *rd, const nb_ofd_image *im, int number, double page_w, nb_error *err)
{
    nb_doc *part = nb_doc_new();
    nb_paged_set_part(rd->paged, number, part);
    gboolean decoded = FALSE;
    gboolean ok = nb_ofd_scan_page(rd->zip, rd->media, im, number, page_w, part, rd->lim, &decoded, err);
    rd->scans_unread += !decoded;
    if (!decoded && !rd->unread_why && part->warnings->len) {
        const nb_warning *w = g_ptr_array_index(part->warnings, part->warnings->len - 1);
        rd->unread_why = g_strdup(w->message);
    }
    return ok;
}

static gboolean read_page(ofd_reader *rd, const char *loc, int number, const double *area, nb_error *err)
{
    xmlDoc *x = nb_zip_xml(rd->zip, loc, TRUE, err);
    if (!x)
        return FALSE;
    xmlNode *root = xmlDocGetRootElement(x);
    double box[4] = {area[0], area[1], area[2], area[3]};
    char *own = nb_ofd_text(nb_ofd_child(nb_ofd_child(root, "Area"), "PhysicalBox"));
    if (nb_ofd_numbers(own, box, 4) != 4)
        memcpy(box, area, sizeof box);
    g_free(own);
    page_ctx pc = {nb_page_text_new(number, box[2] * PT_PER_MM, box[3] * PT_PER_MM), g_new0(nb_rulings, 1),
                   {NULL, {0, 0, 0, 0}, 0}, 0};
    pc.rulings->h = g_array_new(FALSE, FALSE, sizeof(nb_segment));
    pc.rulings->v = g_array_new(FALSE, FALSE, sizeof(nb_segment));
    nb_ofd_media_add(rd->media, rd->zip, root, "PageRes", loc);
    for (const xmlNode *c = nb_ofd_child(root, "Content") ? nb_ofd_child(root, "Content")->children : NULL; c; c = c->next)
        if (nb_ofd_is(c, "Layer"))
            walk_objects(&pc, c);
    gboolean ok = pc.texts || !pc.image.count || scan_page(rd, &pc.image, number, box[2], err);
    nb_ofd_image_clear(&pc.image);
    lay_out_page(rd, &pc);
    nb_page_text_free(pc.pt);
    nb_rulings_free(pc.rulings);
    xmlFreeDoc(x);
    return ok;
}

/* The page locations of Document.xml, resolved, and the default page area. */
static GPtrArray *page_list(xmlDoc *docxml, const char *doc_loc, double *area)
{
    xmlNode *root = xmlDocGetRootElement(docxml);
    char *box = nb_ofd_text(nb_ofd_child(nb_ofd_child(nb_ofd_child(root, "CommonData"), "PageArea"), "PhysicalBox"));
    if (nb_ofd_numbers(box, area, 4) != 4)
        area[0] = area[1] = 0, area[2] = 210, area[3] = 297;
    g_free(box);
    GPtrArray *pages = g_ptr_array_new_with_free_func(g_free);
    for (const xmlNode *p = nb_ofd_child(root, "Pages") ? nb_ofd_child(root, "Pages")->children : NULL; p; p = p->next)
        if (nb_ofd_is(p, "Page")) {
            char *base = nb_ofd_attr(p, "BaseLoc");
            if (base)
                g_ptr_array_add(pages, nb_ofd_resolve(doc_loc, base));
            g_free(base);
        }
    return pages;
}

static gboolean read_pages(ofd_reader *rd, nb_error *err)
{
    xmlDoc *ofd = nb_zip_xml(rd->zip, "OFD.xml", TRUE, err);
    if (!ofd)
        return FALSE;
    char *root = nb_ofd_text(nb_ofd_child(nb_ofd_child(xmlDocGetRootElement(ofd), "DocBody"), "DocRoot"));
    xmlFreeDoc(ofd);
    char *doc_loc = nb_ofd_resolve(NULL, root);
    g_free(root);
    xmlDoc *docxml = *doc_loc ? nb_zip_xml(rd->zip, doc_loc, TRUE, err) : NULL;
    if (!docxml && err->cls == NB_ERR_NONE)
        nb_error_set(err, NB_ERR_FORMAT, "OFD.xml names no document (DocBody/DocRoot)");
    double area[4];
    GPtrArray *pages = docxml ? page_list(docxml, doc_loc, area) : NULL;
    if (docxml) {
        xmlNode *common = nb_ofd_child(xmlDocGetRootElement(docxml), "CommonData");
        nb_ofd_media_add(rd->media, rd->zip, common, "PublicRes", doc_loc);
        nb_ofd_media_add(rd->media, rd->zip, common, "DocumentRes", doc_loc);
    }
    gboolean ok = pages != NULL;
    if (pages)
        rd->paged = nb_paged_new((int)pages->len);
    if (ok && rd->lim && rd->lim->max_pages > 0 && (int)pages->len > rd->lim->max_pages) {
        nb_error_set(err, NB_ERR_LIMIT, "OFD has %u pages, over the limit of %d (--max-pages)",
                     pages->len, rd->lim->max_pages);
        ok = FALSE;
    }
    for (guint i = 0; ok && pages && i < pages->len; i++) {
        if (nb_limits_expired(rd->lim)) {
            nb_error_set(err, NB_ERR_LIMIT, "time limit of %g s exceeded after %u of %u pages "
                         "(--timeout)", rd->lim->timeout_s, i, pages->len);
            ok = FALSE;
        } else {
            nb_limits_progress(rd->lim, (int)i + 1, (int)pages->len);
            ok = read_page(rd, g_ptr_array_index(pages, i), (int)i + 1, area, err);
        }
    }
    if (ok && pages && !pages->len) {
        nb_error_set(err, NB_ERR_FORMAT, "OFD document has no pages");
        ok = FALSE;
    } else if (ok && rd->scans_unread == (int)pages->len) {
        nb_error_set(err, NB_ERR_FORMAT, "an OFD of scanned pages whose images cannot be read (%s)",
                     rd->unread_why ? rd->unread_why : "?");
        ok = FALSE;
    }
    if (pages)
        g_ptr_array_free(pages, TRUE);
    xmlFreeDoc(docxml);
    g_free(doc_loc);
    return ok;
}

/* An OCR'd page's lines, grids and warnings, with the store the driver's
 * re-reading needs. */
static void add_ocr_part(nb_doc *doc, nb_doc *part)
{
    nb_doc_take_part(doc, part);
    nb_ocr_store_move(doc, part);
}

nb_doc *nb_read_ofd(const guchar *data, gsize len, const nb_limits *lim, nb_error *err)
{
    nb_limits deflim = nb_limits_default();
    if (!lim)
        lim = &deflim;
    ofd_reader rd = {nb_zip_open(data, len, lim, err), lim, NULL, nb_ofd_media_new(), nb_doc_new(), 0, NULL};
    rd.doc->format = "ofd";
    gboolean ok = rd.zip && read_pages(&rd, err);
    /* the layout worked in points; provenance is in millimetres (spec) */
    if (ok)
        nb_paged_fill(rd.paged, rd.doc, PT_PER_MM, add_ocr_part);
    nb_paged_free(rd.paged);
    nb_ofd_media_free(rd.media);
    g_free(rd.unread_why);
    nb_zip_free(rd.zip);
    if (!ok) {
        nb_doc_free(rd.doc);
        return NULL;
    }
    return rd.doc;
}
