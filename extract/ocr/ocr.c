/*
 * ocr.c — see ocr_page.h.
 *
 * A page is read in five steps: prepare the image (scan_page: gray,
 * flattened, deskewed, binarised), find the ruled tables (layout/rulings),
 * read every cell of every table on its own (scan_cell: digits with the
 * digit engine, labels with the Chinese one), find and read the tables
 * printed without rulings in the ink that is left (scan_unruled), and read
 * the text outside all tables line by line (scan_lines).  Pages with tables
 * are kept in the document's re-read store (ocr_reread) for the driver's
 * second look.
 */
#include "extract/ocr/ocr_page.h"
#include "layout/rulings.h"
#include "layout/model/textnorm.h"
#include "extract/ocr/ocr_engine.h"
#include "extract/ocr/ocr_reread.h"
#include "extract/ocr/scan_cell.h"
#include "extract/ocr/scan_lines.h"
#include "extract/ocr/scan_page.h"
#include "extract/ocr/scan_table.h"
#include "extract/ocr/scan_unruled.h"

#include <leptonica/allheaders.h>
#include <math.h>

#define MIN_RULING_IN 0.3    /* shorter strokes are text, not rulings */
#define RULING_TOL_IN 0.025  /* positions this close are one boundary */
#define RULING_GAP_IN 0.012  /* breaks in a scanned line bridged before finding it */
#define LEGIBLE_CONFIDENCE 60 /* a text reading at least this sure counts as legible */
#define ILLEGIBLE_SHARE 0.4  /* a page with fewer legible readings may be upside down */
#define MIN_TEXT_READINGS 8  /* fewer readings say nothing about the orientation */

static double inches(const nb_scan_page *pg, double in) { return in * pg->ppi; }

/* The ruled tables of the page, in pixels of its deskewed images.  Scanned
 * lines are broken by noise and thresholding; a short closing along each
 * axis mends them without joining text strokes into lines. */
static GPtrArray *find_tables(const nb_scan_page *pg)
{
    int gap = MAX(2, (int)lround(inches(pg, RULING_GAP_IN)));
    PIX *h = pixCloseBrick(NULL, pg->ink, gap, 1);
    PIX *v = pixCloseBrick(NULL, pg->ink, 1, gap);
    PIX *both = h && v ? pixOr(NULL, h, v) : NULL;
    pixDestroy(&h);
    pixDestroy(&v);
    nb_rulings *r = both ? nb_rulings_find(both, 1.0, inches(pg, MIN_RULING_IN)) : NULL;
    pixDestroy(&both);
    GPtrArray *tables = nb_ruled_tables(r, inches(pg, RULING_TOL_IN));
    nb_rulings_free(r);
    for (guint i = tables->len; i-- > 0;) {
        const nb_ruled_table *t = g_ptr_array_index(tables, i);
        if (t->cells->len < 2) /* a framed box, not a table */
            g_ptr_array_remove_index(tables, i);
    }
    return tables;
}

static nb_prov cell_prov(const nb_scan_page *pg, int page, const double pixel_box[4], int conf)
{
    nb_prov prov = nb_prov_none(NB_ORIGIN_OCR);
    prov.page = page;
    prov.has_box = true;
    prov.confidence = conf;
    nb_scan_page_box_to_page(pg, pixel_box, prov.box);
    return prov;
}

/* Reads every cell of `t` into a new grid.  Returns NULL when the engine
 * failed or time ran out before the table was complete. */
static nb_grid *read_table(const nb_scan_page *pg, const nb_ruled_table *t, int page, int index,
                           nb_scan_store *st, const nb_limits *lim, gboolean *expired)
{
    nb_scan_reading *rds = g_new0(nb_scan_reading, MAX(t->cells->len, 1));
    nb_grid *g = NULL;
    if (nb_scan_read_table_cells(pg, t, rds, lim, expired)) {
        g = nb_grid_new();
        char *name = g_strdup_printf("page %d table %d", page, index);
        nb_grid_set_name(g, name);
        g_free(name);
        for (guint i = 0; i < t->cells->len; i++) {
            const nb_ruled_cell *c = &g_array_index(t->cells, nb_ruled_cell, i);
            const double box[4] = {c->box.x0, c->box.y0, c->box.x1, c->box.y1};
            nb_prov prov = cell_prov(pg, page, box, rds[i].confidence);
            nb_grid_put(g, c->row, c->col, rds[i].text, c->rowspan, c->colspan, &prov);
            if (rds[i].numeric)
                nb_scan_store_add_cell(st, page, box, prov.box);
        }
    }
    for (guint i = 0; i < t->cells->len; i++)
        nb_scan_reading_clear(&rds[i]);
    g_free(rds);
    return g;
}

/* Reads the page into `doc`, turned upside down first when `upside_down`. */
static gboolean read_page(struct Pix *pix, int page, double scale, gboolean upside_down,
                          nb_doc *doc, const nb_limits *lim, nb_error *err)
{
    const char *why = NULL;
    nb_scan_page *pg = upside_down ? nb_scan_page_new_upside_down(pix, scale, &why)
                                   : nb_scan_page_new(pix, scale, &why);
    if (!pg) {
        nb_error_set(err, NB_ERR_FORMAT, "page %d: %s", page, why);
        return FALSE;
    }
    nb_scan_store *st = nb_scan_store_of(doc);
    GPtrArray *tables = find_tables(pg);
    if (tables->len == 0 && pg->weak_angle_deg != 0 && !upside_down &&
        nb_scan_unruled_likely(pg, NULL)) {
        /* rows without rulings: left skewed, a row's numbers drift off its
         * label's line, so the weakly measured skew is worth removing */
        nb_scan_page *turned = nb_scan_page_new_turned(pix, scale, pg->weak_angle_deg, &why);
        if (turned) {
            nb_scan_page_free(pg);
            pg = turned;
            g_ptr_array_free(tables, TRUE);
            tables = find_tables(pg);
        }
    }
    GArray *boxes = g_array_new(FALSE, FALSE, sizeof(double));
    gboolean expired = FALSE, failed = FALSE;
    for (guint i = 0; i < tables->len && !expired; i++) {
        const nb_ruled_table *t = g_ptr_array_index(tables, i);
        nb_grid *g = read_table(pg, t, page, (int)i + 1, st, lim, &expired);
        if (!g && !expired) {
            nb_error_set(err, NB_ERR_UNSUPPORTED, "page %d: the OCR engine failed", page);
            failed = TRUE;
            break;
        }
        if (g)
            nb_doc_add_grid(doc, g);
        const double b[4] = {t->box.x0, t->box.y0, t->box.x1, t->box.y1};
        g_array_append_vals(boxes, b, 4);
    }
    int unruled = 0;
    if (!expired && !failed) {
        /* tables printed without rulings, outside the ruled ones */
        unruled = nb_scan_read_unruled(pg, page, (int)tables->len + 1, boxes, st, doc, lim,
                                       &expired);
        if (unruled < 0) {
            nb_error_set(err, NB_ERR_UNSUPPORTED, "page %d: the OCR engine failed", page);
            failed = TRUE;
        }
    }
    if (expired)
        nb_doc_warn(doc, NULL, "page %d: time limit reached while reading its tables; "
                    "the rest of the page was not read", page);
    else if (!failed)
        nb_scan_read_lines(pg, boxes, page, doc, lim);
    g_array_free(boxes, TRUE);
    /* only pages with cells can be asked for a re-reading: keep no others */
    if (tables->len > 0 || unruled > 0)
        nb_scan_store_add_page(st, page, pg);
    else
        nb_scan_page_free(pg);
    g_ptr_array_free(tables, TRUE);
    return !failed;
}

/* The share of the page's text readings (text lines, and table cells that
 * are not numbers) that the engine was at least fairly sure of, out of
 * *n readings.  Upright pages, even poor bilevel scans, score 0.85 or more;
 * read upside down, the Chinese model still answers, with confidences
 * mostly under 60, and the page scores under 0.2. */
static double legible_share(const nb_doc *part, int *n)
{
    int sure = 0, all = 0;
    for (guint i = 0; i < part->lines->len; i++) {
        const nb_line *l = g_ptr_array_index(part->lines, i);
        all++;
        sure += l->prov.confidence >= LEGIBLE_CONFIDENCE;
    }
    for (guint i = 0; i < part->grids->len; i++) {
        const nb_grid *g = g_ptr_array_index(part->grids, i);
        for (int r = 0; r < nb_grid_rows(g); r++)
            for (int c = 0; c < nb_grid_cols(g); c++) {
                const nb_cell *cell = nb_grid_cell(g, r, c);
                if (!cell || !cell->anchor || !*cell->text ||
                    nb_parse_number(cell->text, NULL) != NB_NUM_BAD)
                    continue;
                all++;
                sure += cell->prov.confidence >= LEGIBLE_CONFIDENCE;
            }
    }
    *n = all;
    return all ? (double)sure / all : 1.0;
}

gboolean nb_scan_read_page(struct Pix *pix, int page, double scale, nb_doc *doc,
                           const nb_limits *lim, nb_error *err)
{
    const char *why = NULL;
    /* Leptonica reports every problem on stderr as well; the one-line error
     * says what matters */
    setMsgSeverity(L_SEVERITY_NONE);
    if (!nb_ocr_engine_ready(&why)) {
        nb_error_set(err, NB_ERR_UNSUPPORTED, "%s", why);
        return FALSE;
    }
    nb_doc *part = nb_doc_new();
    gboolean ok = read_page(pix, page, scale, FALSE, part, lim, err);
    int n = 0;
    double share = ok ? legible_share(part, &n) : 1.0;
    if (ok && n >= MIN_TEXT_READINGS && share < ILLEGIBLE_SHARE && !nb_limits_expired(lim)) {
        /* a page scanned upside down reads as noise; the half turn is only
         * tried then, and kept only when it reads clearly better */
        nb_doc *turned = nb_doc_new();
        nb_error terr = {NB_ERR_NONE, NULL};
        int tn = 0;
        if (read_page(pix, page, scale, TRUE, turned, lim, &terr) &&
            legible_share(turned, &tn) >= share + 0.3 && tn >= MIN_TEXT_READINGS) {
            nb_doc *t = part;
            part = turned, turned = t;
            nb_doc_warn(part, NULL, "page %d was upside down: read turned by 180 degrees", page);
        }
        nb_error_clear(&terr);
        nb_doc_free(turned);
    }
    nb_doc_take_part(doc, part);
    nb_scan_store_move(doc, part);
    nb_doc_free(part);
    return ok;
}
