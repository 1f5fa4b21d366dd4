/*
 * synth_ofd.c — a record as an OFD document (GB/T 33190, see synth.h).
 *
 * Lays the report out on A4 pages in millimetres, the way OFD writers put
 * it: each line of text one TextObject (Boundary, TextCode X/Y relative to
 * it, DeltaX advances, written in the short "g N v" form for runs of equal
 * advances, now and then a CTM scaling the object), each table cell a
 * PathObject rectangle; a centred title of one or two lines, numbered
 * headings, paragraphs wrapped at the margins, page numbers in the footer,
 * and the template's tables (cmd/synth/synth_grid.h) whose rows run over
 * page breaks (header rows repeated or not; a spanning label's text stays on
 * the page where it starts).  nb_synth_render_ofd_scan writes a scanned
 * archive instead: the scan renderer's pages (synth_scan.c), each the one
 * ImageObject of its page, PNG or JPEG resources named in DocumentRes.xml.
 */
#include "cmd/synth/synth.h"
#include "cmd/synth/synth_common.h"
#include "cmd/synth/synth_grid.h"
#include "cmd/synth/synth_zip.h"
#include "layout/flat.h"

#include <leptonica/allheaders.h>

#include <string.h>

#define PAGE_W 210.0
#define PAGE_H 297.0
#define LEFT 25.0
#define RIGHT 185.0
#define TOP 25.0
#define BOTTOM 272.0
#define BODY 4.2
#define CELL 3.0
#define PAD 1.0

typedef struct {
    const nb_record *r;
    const nb_schema *s;
    const nb_synth_opts *opts;
    GRand *rnd;
    GPtrArray *pages; /* GString*: the Content.xml of each page */
    GString *page;
    double y;
    int ids;
    gboolean repeat_headers, typo_done;
    GString *media; /* the MultiMedias of DocumentRes.xml (scanned pages), or NULL */
} ofd_ctx;

static double advance(gunichar c, double size)
{
    return c < 0x2E80 ? size * 0.55 : size;
}

static double text_width(const char *s, double size)
{
    double w = 0;
    for (const char *p = s; *p; p = g_utf8_next_char(p))
        w += advance(g_utf8_get_char(p), size);
    return w;
}

static void footer(ofd_ctx *c)
{
    char *num = g_strdup_printf("- %u -", c->pages->len + 1);
    double w = text_width(num, 3.5);
    g_string_append_printf(c->page, "<ofd:TextObject ID=\"%d\" Boundary=\"%.2f 280 %.2f 6\" Font=\"1\" "
                           "Size=\"3.5\"><ofd:TextCode X=\"0\" Y=\"4\" DeltaX=\"g %d 1.93\">%s"
                           "</ofd:TextCode></ofd:TextObject>\n",
                           ++c->ids, (PAGE_W - w) / 2, w + 1, (int)strlen(num) - 1, num);
    g_free(num);
}

static void end_page(ofd_ctx *c)
{
    footer(c);
    g_ptr_array_add(c->pages, c->page);
    c->page = g_string_new(NULL);
    c->y = TOP;
}

/* One line of text at (x, baseline y): a TextObject whose Boundary starts at
 * the line's box, DeltaX in the "g N v" form where advances repeat. */
static void text_line(ofd_ctx *c, double x, double y, const char *text, double size)
{
    if (!*text)
        return;
    gboolean scaled = nb_synth_chance(c->rnd, 15);
    double s = scaled ? size * 2 : size; /* drawn at twice the size, scaled by the CTM */
    GString *dx = g_string_new(NULL);
    const char *p = text;
    while (*p && *g_utf8_next_char(p)) {
        double a = advance(g_utf8_get_char(p), s);
        int run = 0;
        const char *q = p;
        while (*q && *g_utf8_next_char(q) && advance(g_utf8_get_char(q), s) == a)
            run++, q = g_utf8_next_char(q);
        if (run > 1)
            g_string_append_printf(dx, "%sg %d %.3f", dx->len ? " " : "", run, a);
        else
            g_string_append_printf(dx, "%s%.3f", dx->len ? " " : "", a);
        p = q;
    }
    char *esc = g_markup_escape_text(text, -1);
    double w = text_width(text, size);
    g_string_append_printf(c->page, "<ofd:TextObject ID=\"%d\" Boundary=\"%.3f %.3f %.3f %.3f\" Font=\"1\" "
                           "Size=\"%.3f\"%s><ofd:TextCode X=\"0\" Y=\"%.3f\"%s%s%s>%s</ofd:TextCode>"
                           "</ofd:TextObject>\n",
                           ++c->ids, x, y - size, w + 1, size * 1.3, s,
                           scaled ? " CTM=\"0.5 0 0 0.5 0 0\"" : "", scaled ? s : size,
                           dx->len ? " DeltaX=\"" : "", dx->str, dx->len ? "\"" : "", esc);
    g_free(esc);
    g_string_free(dx, TRUE);
}

/* Splits `text` into lines no wider than `width` at `size`. */
static GPtrArray *wrap(const char *text, double width, double size)
{
    GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
    const char *start = text;
    double w = 0;
    for (const char *p = text; *p; p = g_utf8_next_char(p)) {
        double a = advance(g_utf8_get_char(p), size);
        if (w + a > width && p != start) {
            g_ptr_array_add(lines, g_strndup(start, (gsize)(p - start)));
            start = p;
            w = 0;
        }
        w += a;
    }
    if (*start || !lines->len)
        g_ptr_array_add(lines, g_strdup(start));
    return lines;
}

static void paragraph(ofd_ctx *c, const char *text, double size, double indent, gboolean centre)
{
    GPtrArray *lines = wrap(text, RIGHT - LEFT - indent, size);
    for (guint i = 0; i < lines->len; i++) {
        if (c->y + size * 1.6 > BOTTOM)
            end_page(c);
        const char *l = g_ptr_array_index(lines, i);
        double x = centre ? (PAGE_W - text_width(l, size)) / 2 : LEFT + (i == 0 ? indent : 0);
        c->y += size * 1.6;
        text_line(c, x, c->y, l, size);
    }
    g_ptr_array_free(lines, TRUE);
}

/* ---- tables ---- */

static double *column_widths(const nb_synth_table *t)
{
    int n = nb_grid_cols(t->grid);
    double *w = g_new(double, n), total = RIGHT - LEFT;
    if (t->vertical_col >= 0 && n > 3) {
        w[0] = 9, w[1] = 24, w[2] = 45;
        for (int k = 3; k < n; k++)
            w[k] = (total - 78) / (n - 3);
    } else if (n <= 6) {
        w[0] = 52;
        for (int k = 1; k < n; k++)
            w[k] = (total - 52) / (n - 1);
    } else {
        for (int k = 0; k < n; k++)
            w[k] = total / n;
    }
    return w;
}

static double span_width(const double *w, int col, int span)
{
    double s = 0;
    for (int k = col; k < col + span; k++)
        s += w[k];
    return s;
}

/* Row heights: each one-row cell's wrapped text fits; a cell spanning rows
 * gets what it lacks added to its last row. */
static double *row_heights(const nb_synth_table *t, const double *w)
{
    int rows = nb_grid_rows(t->grid), cols = nb_grid_cols(t->grid);
    double *h = g_new(double, rows);
    for (int r = 0; r < rows; r++)
        h[r] = CELL * 1.4 + 2 * PAD;
    for (int pass = 0; pass < 2; pass++)
        for (int r = 0; r < rows; r++)
            for (int k = 0; k < cols; k++) {
                const nb_cell *x = nb_grid_cell(t->grid, r, k);
                if (!x->anchor || (pass == 0) != (x->rowspan == 1))
                    continue;
                GPtrArray *l = wrap(x->text, span_width(w, k, x->colspan) - 2 * PAD, CELL);
                double need = l->len * CELL * 1.4 + 2 * PAD, have = 0;
                for (int i = r; i < r + x->rowspan; i++)
                    have += h[i];
                if (need > have)
                    h[r + x->rowspan - 1] += need - have;
                g_ptr_array_free(l, TRUE);
            }
    return h;
}

static void cell_box(ofd_ctx *c, double x, double y, double w, double h)
{
    g_string_append_printf(c->page, "<ofd:PathObject ID=\"%d\" Boundary=\"%.3f %.3f %.3f %.3f\" "
                           "LineWidth=\"0.25\"><ofd:AbbreviatedData>M 0 0 L %.3f 0 L %.3f %.3f L 0 %.3f C"
                           "</ofd:AbbreviatedData></ofd:PathObject>\n",
                           ++c->ids, x, y, w, h, w, w, h, h);
}

static void cell_text(ofd_ctx *c, const char *text, double x, double y, double w, double h)
{
    GPtrArray *lines = wrap(text, w - 2 * PAD, CELL);
    double top = y + (h - lines->len * CELL * 1.4) / 2;
    gboolean value = nb_flat_is_value(text);
    for (guint i = 0; i < lines->len; i++) {
        const char *l = g_ptr_array_index(lines, i);
        double lx = value ? x + (w - text_width(l, CELL)) / 2 : x + PAD;
        text_line(c, lx, top + (i + 1) * CELL * 1.4 - CELL * 0.3, l, CELL);
    }
    g_ptr_array_free(lines, TRUE);
}

/* Draws rows [from, to) of the table at the current y; a cell spanning past
 * `to` is cut there (its text stays with its first part). */
static void draw_rows(ofd_ctx *c, const nb_synth_table *t, const double *w, const double *h, int from,
                      int to)
{
    int cols = nb_grid_cols(t->grid);
    double y = c->y;
    for (int r = from; r < to; r++) {
        double x = LEFT;
        for (int k = 0; k < cols; k++) {
            const nb_cell *cell = nb_grid_cell(t->grid, r, k);
            const nb_cell *a = cell->anchor ? cell
                               : cell->set   ? nb_grid_cell(t->grid, cell->anchor_row, cell->anchor_col)
                                             : NULL;
            int ar = cell->anchor ? r : cell->set ? cell->anchor_row : r;
            int ac = cell->anchor ? k : cell->set ? cell->anchor_col : k;
            gboolean first_row_here = ar == r || r == from;
            if (ac == k && first_row_here) {
                int span = a ? a->colspan : 1, last = a ? MIN(ar + a->rowspan, to) : r + 1;
                double hh = 0;
                for (int i = r; i < last; i++)
                    hh += h[i];
                double ww = span_width(w, k, span);
                cell_box(c, x, y, ww, hh);
                if (a && ar == r)
                    cell_text(c, a->text, x, y, ww, hh);
            }
            x += w[k];
        }
        y += h[r];
    }
    c->y = y;
}

/* The table's heading (numbered `*n`) and the table; nothing for a table
 * the record leaves out (--vary partial: a page with section 四 only). */
static void table(ofd_ctx *c, const nb_schema_table *st, int *n)
{
    nb_synth_table *t = nb_synth_table_build(c->r, st, c->rnd, c->opts, 0, &c->typo_done);
    if (!nb_grid_rows(t->grid) || !nb_grid_cols(t->grid)) {
        nb_synth_table_free(t);
        return;
    }
    char *head = g_strdup_printf("%s、%s", nb_synth_numeral((*n)++), nb_synth_plain_heading(st->headings));
    paragraph(c, head, BODY, BODY * 2, FALSE);
    g_free(head);
    double *w = column_widths(t), *h = row_heights(t, w);
    int rows = nb_grid_rows(t->grid), from = 0;
    c->y += 2;
    while (from < rows) {
        int to = from;
        double y = c->y;
        while (to < rows && y + h[to] <= BOTTOM)
            y += h[to++];
        if (to == from && c->y > TOP + 1) { /* not one row fits: next page */
            end_page(c);
            if (from > 0 && c->repeat_headers)
                draw_rows(c, t, w, h, 0, t->header_rows);
            continue;
        }
        to = MAX(to, from + 1);
        draw_rows(c, t, w, h, from, to);
        from = to;
        if (from < rows) {
            end_page(c);
            if (c->repeat_headers)
                draw_rows(c, t, w, h, 0, t->header_rows);
        }
    }
    c->y += 3;
    g_free(w);
    g_free(h);
    nb_synth_table_free(t);
}

/* ---- the document ---- */

static void section(ofd_ctx *c, int *n, const nb_schema_section *sec)
{
    const char *text = g_hash_table_lookup(c->r->sections, sec->key);
    if (!text)
        return;
    char *head = g_strdup_printf("%s、%s", nb_synth_numeral((*n)++), nb_synth_first_label(sec->headings));
    paragraph(c, head, BODY, BODY * 2, FALSE);
    g_free(head);
    paragraph(c, text, BODY, BODY * 2, FALSE);
}

static void body(ofd_ctx *c)
{
    const char *kind = nb_synth_first_label(c->s->report_title);
    c->y = TOP;
    if (c->r->agency && c->r->year) {
        char *year = g_strdup_printf("%d年%s%s", c->r->year, nb_synth_chance(c->rnd, 50) ? "度" : "", kind);
        paragraph(c, c->r->agency, 7, 0, TRUE);
        paragraph(c, year, 7, 0, TRUE);
        g_free(year);
    } else {
        paragraph(c, kind, 7, 0, TRUE);
    }
    c->y += 4;
    int n = 0;
    if (c->s->sections->len)
        section(c, &n, g_ptr_array_index(c->s->sections, 0));
    for (guint i = 0; i < c->s->tables->len; i++) {
        table(c, g_ptr_array_index(c->s->tables, i), &n);
    }
    for (guint i = 1; i < c->s->sections->len; i++)
        section(c, &n, g_ptr_array_index(c->s->sections, i));
    end_page(c);
}

static void add_text(nb_synth_zip *z, const char *name, const char *text)
{
    GString *s = g_string_new(text);
    nb_synth_zip_add(z, name, s);
    g_string_free(s, TRUE);
}

static void package(ofd_ctx *c, nb_synth_zip *z)
{
    static const char *ns = "xmlns:ofd=\"http://www.ofdspec.org/2016\"";
    char *ofd = g_strdup_printf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ofd:OFD %s Version=\"1.1\" "
                                "DocType=\"OFD\"><ofd:DocBody><ofd:DocInfo><ofd:DocID>nianbao-synth"
                                "</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>"
                                "</ofd:DocBody></ofd:OFD>\n", ns);
    add_text(z, "OFD.xml", ofd);
    g_free(ofd);
    GString *doc = g_string_new(NULL);
    g_string_append_printf(doc, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ofd:Document %s><ofd:CommonData>"
                           "<ofd:MaxUnitID>%d</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297"
                           "</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes>%s"
                           "</ofd:CommonData><ofd:Pages>", ns, c->ids + 1,
                           c->media ? "<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>" : "");
    for (guint i = 0; i < c->pages->len; i++)
        g_string_append_printf(doc, "<ofd:Page ID=\"%u\" BaseLoc=\"Pages/Page_%u/Content.xml\"/>", i + 1, i);
    g_string_append(doc, "</ofd:Pages></ofd:Document>\n");
    nb_synth_zip_add(z, "Doc_0/Document.xml", doc);
    g_string_free(doc, TRUE);
    char *res = g_strdup_printf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ofd:Res %s BaseLoc=\"Res\">"
                                "<ofd:Fonts><ofd:Font ID=\"1\" FontName=\"宋体\" FamilyName=\"宋体\"/>"
                                "</ofd:Fonts></ofd:Res>\n", ns);
    add_text(z, "Doc_0/PublicRes.xml", res);
    g_free(res);
    if (c->media) {
        res = g_strdup_printf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ofd:Res %s BaseLoc=\"Res\">"
                              "<ofd:MultiMedias>%s</ofd:MultiMedias></ofd:Res>\n", ns, c->media->str);
        add_text(z, "Doc_0/DocumentRes.xml", res);
        g_free(res);
    }
    for (guint i = 0; i < c->pages->len; i++) {
        GString *p = g_string_new(NULL);
        g_string_append_printf(p, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ofd:Page %s><ofd:Content>"
                               "<ofd:Layer ID=\"%u\">\n%s</ofd:Layer></ofd:Content></ofd:Page>\n", ns,
                               100000 + i, ((GString *)g_ptr_array_index(c->pages, i))->str);
        char *name = g_strdup_printf("Doc_0/Pages/Page_%u/Content.xml", i);
        nb_synth_zip_add(z, name, p);
        g_free(name);
        g_string_free(p, TRUE);
    }
}

static void page_free(gpointer p)
{
    g_string_free(p, TRUE);
}

gboolean nb_synth_render_ofd(const nb_record *r, const nb_schema *s, const nb_synth_opts *opts,
                             GByteArray *out, char **err)
{
    if (err)
        *err = NULL;
    g_return_val_if_fail(r && s && opts && out, FALSE);
    ofd_ctx c = {r, s, opts, g_rand_new_with_seed(opts->seed ^ 0x4f46u),
                 g_ptr_array_new_with_free_func(page_free), g_string_new(NULL), TOP, 0, FALSE, FALSE, NULL};
    c.repeat_headers = nb_synth_chance(c.rnd, 50);
    body(&c);
    nb_synth_zip *z = nb_synth_zip_new();
    package(&c, z);
    gboolean ok = nb_synth_zip_write(z, out, err);
    nb_synth_zip_free(z);
    g_ptr_array_free(c.pages, TRUE);
    g_string_free(c.page, TRUE);
    g_rand_free(c.rnd);
    return ok;
}

/* ---- scanned archives ---- */

/* Page `i` of a scan as an image resource: bilevel pages as PNG, gray and
 * colour ones as JPEG (what archive scanners store).  FALSE when Leptonica
 * cannot encode it. */
static gboolean add_scan_image(ofd_ctx *c, nb_synth_zip *z, PIX *pix, int i)
{
    l_uint8 *data = NULL;
    size_t size = 0;
    gboolean png = pixGetDepth(pix) == 1;
    if ((png ? pixWriteMemPng(&data, &size, pix, 0) : pixWriteMemJpeg(&data, &size, pix, 90, 0)) != 0)
        return FALSE;
    char *file = g_strdup_printf("page_%d.%s", i, png ? "png" : "jpg");
    char *name = g_strdup_printf("Doc_0/Res/%s", file);
    GString *bytes = g_string_new_len((const char *)data, (gssize)size);
    nb_synth_zip_add(z, name, bytes);
    g_string_free(bytes, TRUE);
    lept_free(data);
    int id = ++c->ids;
    g_string_append_printf(c->media, "<ofd:MultiMedia ID=\"%d\" Type=\"Image\" Format=\"%s\"><ofd:MediaFile>"
                           "%s</ofd:MediaFile></ofd:MultiMedia>", id, png ? "PNG" : "JPEG", file);
    g_string_append_printf(c->page, "<ofd:ImageObject ID=\"%d\" ResourceID=\"%d\" Boundary=\"0 0 %g %g\" "
                           "CTM=\"%g 0 0 %g 0 0\"/>\n", ++c->ids, id, PAGE_W, PAGE_H, PAGE_W, PAGE_H);
    g_ptr_array_add(c->pages, c->page);
    c->page = g_string_new(NULL);
    g_free(name);
    g_free(file);
    return TRUE;
}

gboolean nb_synth_render_ofd_scan(const nb_record *r, const nb_schema *s, const nb_synth_opts *opts,
                                  GByteArray *out, char **err)
{
    if (err)
        *err = NULL;
    g_return_val_if_fail(r && s && opts && out, FALSE);
    GByteArray *tiff = g_byte_array_new();
    gboolean ok = nb_synth_render_scan(r, s, opts, tiff, err);
    PIXA *pages = ok ? pixaReadMemMultipageTiff(tiff->data, tiff->len) : NULL;
    g_byte_array_free(tiff, TRUE);
    if (ok && !pages) {
        if (err)
            *err = g_strdup("cannot decode the scanned pages");
        ok = FALSE;
    }
    ofd_ctx c = {r, s, opts, NULL, g_ptr_array_new_with_free_func(page_free), g_string_new(NULL), TOP, 0,
                 FALSE, FALSE, g_string_new(NULL)};
    nb_synth_zip *z = nb_synth_zip_new();
    for (int i = 0; ok && i < pixaGetCount(pages); i++) {
        PIX *pix = pixaGetPix(pages, i, L_CLONE);
        ok = add_scan_image(&c, z, pix, i);
        pixDestroy(&pix);
        if (!ok && err)
            *err = g_strdup("cannot encode a scanned page");
    }
    if (ok) {
        package(&c, z);
        ok = nb_synth_zip_write(z, out, err);
    }
    nb_synth_zip_free(z);
    pixaDestroy(&pages);
    g_ptr_array_free(c.pages, TRUE);
    g_string_free(c.page, TRUE);
    g_string_free(c.media, TRUE);
    return ok;
}
