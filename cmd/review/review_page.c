/* review_page.c — see review_page.h. */
#include "cmd/review/review_page.h"
#include "cmd/review/review_assets.h"
#include "cmd/review/review_images.h"
#include "layout/model/textnorm.h"
#include "schemas/schema.h"

#include <string.h>

/* Confidence below which a reading nobody flagged is still marked doubtful
 * on the page (the spec's flags are warnings and checks; this is a hint). */
#define LOW_CONFIDENCE 70

/* ---- small writers ------------------------------------------------------- */

/* Appends `t` escaped for HTML text and attribute values. */
static void esc(GString *s, const char *t)
{
    nb_review_esc(s, t);
}

static void esc_num(GString *s, double v)
{
    char *n = nb_format_number(v);
    esc(s, n);
    g_free(n);
}

static gboolean prefix_path(const char *prefix, const char *path)
{
    size_t n = strlen(prefix);
    return strncmp(prefix, path, n) == 0 && (path[n] == 0 || path[n] == '.');
}

/* The class attribute value of an element of value `path`. */
static const char *value_class(const nb_record *r, const char *path)
{
    if (nb_record_flagged(r, path))
        return "flagged";
    const nb_value *v = nb_record_get(r, path);
    if (v && v->prov.confidence >= 0 && v->prov.confidence < LOW_CONFIDENCE)
        return "doubtful";
    return "";
}

/* Appends ` data-path="P" class="C..."` for an element of value `path`. */
static void value_attrs(GString *s, const nb_record *r, const char *path, const char *cls)
{
    g_string_append(s, " data-path=\"");
    esc(s, path);
    g_string_append_printf(s, "\" class=\"%s %s\"", cls, value_class(r, path));
}

/* Appends the doubts about `path`: each warning and failed check naming it
 * or a prefix of it, one per line. */
static void doubts(GString *s, const nb_record *r, const char *path)
{
    for (guint i = 0; i < r->warnings->len; i++) {
        const nb_warning *w = g_ptr_array_index(r->warnings, i);
        if (w->path && prefix_path(w->path, path)) {
            g_string_append(s, "<div class=\"why\">");
            esc(s, w->message);
            g_string_append(s, "</div>");
        }
    }
    for (guint i = 0; i < r->checks->len; i++) {
        const nb_check *c = g_ptr_array_index(r->checks, i);
        for (guint j = 0; j < c->paths->len; j++) {
            if (!prefix_path(g_ptr_array_index(c->paths, j), path))
                continue;
            g_string_append_printf(s, "<div class=\"why\"><a href=\"#check-%u\">", i + 1);
            esc(s, c->message);
            g_string_append(s, "</a></div>");
            break;
        }
    }
}

/* "p. 3", "line 107", "p. 2 line 4" or "". */
static void where(GString *s, const nb_prov *p)
{
    if (p->page > 0)
        g_string_append_printf(s, "p.&#160;%d", p->page);
    if (p->line > 0)
        g_string_append_printf(s, "%sline&#160;%d", p->page > 0 ? " " : "", p->line);
}

/* ---- pages with boxes ---------------------------------------------------- */

static void svg_rect(GString *s, const double b[4])
{
    g_string_append_printf(s, " x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"", b[0], b[1],
                           MAX(b[2] - b[0], 0.5), MAX(b[3] - b[1], 0.5));
}

/* The rebuilt grids' cells on page `page`, as thin rectangles. */
static void svg_grid_cells(GString *s, const nb_doc *doc, int page)
{
    for (guint g = 0; doc && g < doc->grids->len; g++) {
        const nb_grid *grid = g_ptr_array_index(doc->grids, g);
        for (int r = 0; r < nb_grid_rows(grid); r++)
            for (int c = 0; c < nb_grid_cols(grid); c++) {
                const nb_cell *cell = nb_grid_cell(grid, r, c);
                if (!cell || !cell->set || !cell->anchor || !cell->prov.has_box ||
                    cell->prov.page != page)
                    continue;
                g_string_append(s, "<rect class=\"cell\"");
                svg_rect(s, cell->prov.box);
                g_string_append(s, "/>");
            }
    }
}

/* A tooltip: "path = value · raw … · confidence …". */
static void value_title(GString *s, const nb_value *v)
{
    g_string_append(s, "<title>");
    esc(s, v->path);
    g_string_append(s, " = ");
    esc_num(s, v->value);
    g_string_append(s, " · raw ‘");
    esc(s, v->raw);
    g_string_append(s, "’");
    if (v->prov.confidence >= 0)
        g_string_append_printf(s, " · confidence %d", v->prov.confidence);
    g_string_append(s, "</title>");
}

static void svg_value_boxes(GString *s, const nb_record *r, int page)
{
    for (guint i = 0; i < r->values->len; i++) {
        const nb_value *v = g_ptr_array_index(r->values, i);
        if (!v->prov.has_box || v->prov.page != page)
            continue;
        g_string_append(s, "<rect id=\"b-");
        esc(s, v->path);
        g_string_append(s, "\"");
        value_attrs(s, r, v->path, "box");
        svg_rect(s, v->prov.box);
        g_string_append(s, ">");
        value_title(s, v);
        g_string_append(s, "</rect>");
    }
}

static void image_page(GString *s, const nb_review_input *in, const nb_review_image *im)
{
    g_string_append_printf(s, "<figure class=\"page\" id=\"page-%d\" data-page=\"%d\">"
                           "<figcaption>page %d</figcaption><div class=\"sheet\">", im->page,
                           im->page, im->page);
    gsize len = 0;
    const guchar *data = g_bytes_get_data(im->jpeg, &len);
    char *b64 = g_base64_encode(data, len);
    g_string_append_printf(s, "<img data-page=\"%d\" alt=\"page %d\" width=\"%d\" height=\"%d\" "
                           "src=\"data:image/jpeg;base64,%s\">", im->page, im->page,
                           im->pixel_width, im->pixel_height, b64);
    g_free(b64);
    g_string_append_printf(s, "<svg viewBox=\"0 0 %.1f %.1f\" preserveAspectRatio=\"none\">",
                           im->width, im->height);
    svg_grid_cells(s, in->doc, im->page);
    svg_value_boxes(s, in->record, im->page);
    g_string_append(s, "</svg></div></figure>\n");
}

/* ---- unpaged inputs: the text flow and the grids, with source lines ------ */

/* True when `v` and `cell` come from the same place: the same source line,
 * or (inputs located by boxes whose pages are not drawn: OFD) the same box. */
static gboolean same_place(const nb_prov *v, const nb_prov *cell)
{
    if (v->page != cell->page)
        return FALSE;
    if (cell->line > 0)
        return v->line == cell->line;
    return cell->has_box && v->has_box && memcmp(v->box, cell->box, sizeof v->box) == 0;
}

/* The value read from `cell`, or NULL: the same place and the same text (a
 * glued or flattened row puts several values on one line, so the line alone
 * does not tell). */
static const nb_value *value_of_cell(const nb_record *r, const nb_cell *cell, GHashTable *used)
{
    for (guint i = 0; i < r->values->len; i++) {
        const nb_value *v = g_ptr_array_index(r->values, i);
        if (!g_hash_table_contains(used, v) && same_place(&v->prov, &cell->prov) && v->raw &&
            strcmp(v->raw, cell->text) == 0)
            return v;
    }
    return NULL;
}

static void grid_cell(GString *s, const nb_record *r, const nb_cell *cell, GHashTable *used)
{
    g_string_append(s, "<td");
    if (cell->rowspan > 1)
        g_string_append_printf(s, " rowspan=\"%d\"", cell->rowspan);
    if (cell->colspan > 1)
        g_string_append_printf(s, " colspan=\"%d\"", cell->colspan);
    if (cell->prov.line > 0)
        g_string_append_printf(s, " title=\"line %d\"", cell->prov.line);
    const nb_value *v = value_of_cell(r, cell, used);
    if (v) {
        g_hash_table_add(used, (gpointer)v);
        g_string_append(s, " id=\"b-");
        esc(s, v->path);
        g_string_append(s, "\"");
        value_attrs(s, r, v->path, "box");
    }
    g_string_append(s, ">");
    esc(s, cell->text);
    g_string_append(s, "</td>");
}

static void grid_table(GString *s, const nb_record *r, const nb_grid *g, GHashTable *used)
{
    g_string_append(s, "<table class=\"grid\"><caption>");
    esc(s, nb_grid_name(g) ? nb_grid_name(g) : "table");
    g_string_append(s, "</caption>");
    for (int row = 0; row < nb_grid_rows(g); row++) {
        g_string_append(s, "<tr>");
        for (int c = 0; c < nb_grid_cols(g); c++) {
            const nb_cell *cell = nb_grid_cell(g, row, c);
            if (!cell->set)
                g_string_append(s, "<td class=\"unset\"></td>");
            else if (cell->anchor)
                grid_cell(s, r, cell, used);
        }
        g_string_append(s, "</tr>");
    }
    g_string_append(s, "</table>\n");
}

/* First source line of a grid (its position in the text flow), or 0. */
static int grid_line(const nb_grid *g)
{
    int best = 0;
    for (int row = 0; row < nb_grid_rows(g); row++)
        for (int c = 0; c < nb_grid_cols(g); c++) {
            const nb_cell *cell = nb_grid_cell(g, row, c);
            if (cell->set && cell->prov.line > 0 && (best == 0 || cell->prov.line < best))
                best = cell->prov.line;
        }
    return best;
}

static void flow_line(GString *s, const nb_line *l)
{
    g_string_append(s, "<div class=\"ln\"");
    if (l->prov.line > 0)
        g_string_append_printf(s, " id=\"L%d\"><span class=\"no\">%d</span>", l->prov.line,
                               l->prov.line);
    else
        g_string_append(s, "><span class=\"no\"></span>");
    esc(s, l->text);
    g_string_append(s, "</div>\n");
}

/* The text flow and the grids interleaved by source line. */
static void text_page(GString *s, const nb_review_input *in)
{
    const nb_doc *doc = in->doc;
    g_string_append(s, "<figure class=\"page text\" id=\"page-1\" data-page=\"1\">"
                       "<figcaption>text flow and rebuilt tables, with source line numbers"
                       "</figcaption><div class=\"flow\">");
    GHashTable *used = g_hash_table_new(NULL, NULL);
    guint li = 0;
    for (guint g = 0; g < doc->grids->len; g++) {
        const nb_grid *grid = g_ptr_array_index(doc->grids, g);
        int at = grid_line(grid);
        for (; li < doc->lines->len; li++) {
            const nb_line *l = g_ptr_array_index(doc->lines, li);
            if (at > 0 && l->prov.line > at)
                break;
            flow_line(s, l);
        }
        grid_table(s, in->record, grid, used);
    }
    for (; li < doc->lines->len; li++)
        flow_line(s, g_ptr_array_index(doc->lines, li));
    g_hash_table_destroy(used);
    g_string_append(s, "</div></figure>\n");
}

static void pages(GString *s, const nb_review_input *in)
{
    g_string_append(s, "<section id=\"pages\">");
    if (in->images && in->images->len > 0) {
        for (guint i = 0; i < in->images->len; i++)
            image_page(s, in, g_ptr_array_index(in->images, i));
    } else if (in->doc) {
        text_page(s, in);
    } else {
        g_string_append(s, "<p class=\"note\">The source is not available: the values are "
                           "listed without their page.</p>");
    }
    g_string_append(s, "</section>\n");
}

/* ---- the record table ---------------------------------------------------- */

/* The key with a break opportunity after each dot. */
static void key_text(GString *s, const char *path)
{
    char **parts = g_strsplit(path, ".", -1);
    for (int i = 0; parts[i]; i++) {
        if (i)
            g_string_append(s, ".<wbr>");
        esc(s, parts[i]);
    }
    g_strfreev(parts);
}

/* The key and the template's Chinese labels of its row and column. */
static void labels_cell(GString *s, const char *path, const nb_schema_slot *sl)
{
    g_string_append(s, "<td><div class=\"key\">");
    key_text(s, path);
    g_string_append(s, "</div>");
    if (sl) {
        g_string_append(s, "<div class=\"lab\">");
        if (sl->group_label) {
            esc(s, sl->group_label);
            g_string_append(s, " › ");
        }
        esc(s, sl->row_label);
        if (sl->column_label) {
            g_string_append(s, " › <b>");
            esc(s, sl->column_label);
            g_string_append(s, "</b>");
        }
        g_string_append(s, "</div>");
    }
    g_string_append(s, "</td>");
}

/* What the reader read: raw text, confidence, where (linked to the box). */
static void reading_cell(GString *s, const nb_value *v)
{
    g_string_append(s, "<td class=\"raw\">");
    if (!v) {
        g_string_append(s, "</td>");
        return;
    }
    if (v->prov.origin == NB_ORIGIN_CORRECTION) {
        g_string_append(s, "<b>corrected</b>");
        if (v->had_reading) {
            g_string_append(s, "; read ");
            esc_num(s, v->original);
            if (v->original_prov.confidence >= 0)
                g_string_append_printf(s, " (conf. %d)", v->original_prov.confidence);
        }
        g_string_append(s, "<br>");
    }
    if (v->raw && *v->raw) {
        g_string_append(s, "‘<span class=\"rawtext\">");
        esc(s, v->raw);
        g_string_append(s, "</span>’ ");
    }
    if (v->prov.confidence >= 0)
        g_string_append_printf(s, "conf.&#160;%d ", v->prov.confidence);
    g_string_append(s, "<a href=\"#b-");
    esc(s, v->path);
    g_string_append(s, "\">");
    where(s, &v->prov);
    g_string_append(s, "</a></td>");
}

/* One row of the record table: key and labels, value, reading, doubts and
 * the correction input. */
static void record_row(GString *s, const nb_record *r, const char *path, const nb_schema_slot *sl)
{
    const nb_value *v = nb_record_get(r, path);
    g_string_append(s, "<tr id=\"row-");
    esc(s, path);
    g_string_append(s, "\"");
    value_attrs(s, r, path, v ? "val" : "val missing");
    g_string_append(s, ">");
    labels_cell(s, path, sl);
    g_string_append(s, "<td class=\"num\">");
    if (v)
        esc_num(s, v->value);
    else
        g_string_append(s, "—");
    g_string_append(s, "</td>");
    reading_cell(s, v);
    g_string_append(s, "<td>");
    doubts(s, r, path);
    g_string_append(s, "</td><td><input class=\"fix\" inputmode=\"decimal\" data-key=\"");
    esc(s, path);
    g_string_append(s, "\"");
    if (v && v->prov.origin == NB_ORIGIN_CORRECTION) {
        g_string_append(s, " value=\"");
        esc_num(s, v->value);
        g_string_append(s, "\"");
    }
    g_string_append(s, "></td></tr>\n");
}

static void table_heading_row(GString *s, const nb_schema_table *t)
{
    g_string_append(s, "<tr class=\"tab\"><th colspan=\"5\">");
    esc(s, t->headings && t->headings->len ? g_ptr_array_index(t->headings, 0) : t->key);
    g_string_append(s, " <code>");
    esc(s, t->key);
    g_string_append(s, "</code></th></tr>\n");
}

static void record_table(GString *s, const nb_record *r)
{
    g_string_append(s, "<section id=\"record\"><h2>Record</h2>"
                       "<p class=\"tools\"><label><input type=\"checkbox\" id=\"only-flagged\"> "
                       "flagged only</label> <input type=\"search\" id=\"filter\" "
                       "placeholder=\"filter keys and labels\"></p>"
                       "<table class=\"record\"><thead><tr><th>key · 行 › 列</th><th>value</th>"
                       "<th>reading</th><th>doubts</th><th>correction</th></tr></thead>"
                       "<tbody>\n");
    const nb_schema *t = r->template_name ? nb_schema_find(nb_schema_set_default(), r->template_name)
                                          : NULL;
    GArray *slots = nb_schema_slots(t);
    GHashTable *listed = g_hash_table_new(g_str_hash, g_str_equal);
    const nb_schema_table *cur = NULL;
    for (guint i = 0; i < slots->len; i++) {
        const nb_schema_slot *sl = &g_array_index(slots, nb_schema_slot, i);
        if (sl->table != cur)
            table_heading_row(s, cur = sl->table);
        record_row(s, r, sl->path, sl);
        g_hash_table_add(listed, sl->path);
    }
    for (guint i = 0; i < r->values->len; i++) {
        const nb_value *v = g_ptr_array_index(r->values, i);
        if (!g_hash_table_contains(listed, v->path))
            record_row(s, r, v->path, NULL);
    }
    g_hash_table_destroy(listed);
    nb_schema_slots_free(slots);
    g_string_append(s, "</tbody></table></section>\n");
}

/* ---- checks and warnings ------------------------------------------------- */

static void path_link(GString *s, const char *path)
{
    g_string_append(s, "<a class=\"ref\" href=\"#row-");
    esc(s, path);
    g_string_append(s, "\">");
    esc(s, path);
    g_string_append(s, "</a> ");
}

static void checks_list(GString *s, const nb_record *r)
{
    g_string_append_printf(s, "<section id=\"checks\"><h2>Failed checks (%u)</h2><ol>",
                           r->checks->len);
    for (guint i = 0; i < r->checks->len; i++) {
        const nb_check *c = g_ptr_array_index(r->checks, i);
        g_string_append_printf(s, "<li id=\"check-%u\"><b>rule %d</b>: ", i + 1, c->rule);
        esc(s, c->message);
        g_string_append(s, " (expected ");
        esc_num(s, c->expected);
        g_string_append(s, ", found ");
        esc_num(s, c->found);
        g_string_append(s, ")<div class=\"cells\">");
        for (guint j = 0; j < c->paths->len; j++)
            path_link(s, g_ptr_array_index(c->paths, j));
        g_string_append(s, "</div></li>");
    }
    g_string_append(s, "</ol></section>\n");
}

static void warnings_list(GString *s, const nb_record *r)
{
    g_string_append_printf(s, "<section id=\"warnings\"><h2>Warnings (%u)</h2><ul>",
                           r->warnings->len);
    for (guint i = 0; i < r->warnings->len; i++) {
        const nb_warning *w = g_ptr_array_index(r->warnings, i);
        g_string_append(s, "<li>");
        if (w->path)
            path_link(s, w->path);
        esc(s, w->message);
        g_string_append(s, "</li>");
    }
    g_string_append(s, "</ul></section>\n");
}

/* ---- the page ------------------------------------------------------------ */

static int flagged_values(const nb_record *r)
{
    int n = 0;
    for (guint i = 0; i < r->values->len; i++)
        n += nb_record_flagged(r, ((const nb_value *)g_ptr_array_index(r->values, i))->path);
    return n;
}

static void header(GString *s, const nb_review_input *in)
{
    const nb_record *r = in->record;
    g_string_append(s, "<header>");
    if (in->index_href) {
        g_string_append(s, "<a class=\"back\" href=\"");
        esc(s, in->index_href);
        g_string_append(s, "\">← all documents</a>");
    }
    g_string_append(s, "<h1>");
    esc(s, r->agency ? r->agency : "(agency not found)");
    if (r->year)
        g_string_append_printf(s, " %d", r->year);
    g_string_append(s, "</h1><p class=\"meta\"><b>");
    esc(s, in->source_name);
    g_string_append(s, "</b> · ");
    esc(s, in->format ? in->format : "?");
    g_string_append(s, " · template ");
    esc(s, r->template_name ? r->template_name : "?");
    g_string_append_printf(s, " · %u values, <span class=\"flagged\">%d flagged</span>, "
                           "%u failed checks, %u warnings · sha256 <code>",
                           r->values->len, flagged_values(r), r->checks->len, r->warnings->len);
    esc(s, in->sha256);
    g_string_append(s, "</code></p>");
    if (in->note) {
        g_string_append(s, "<p class=\"note\">");
        esc(s, in->note);
        g_string_append(s, "</p>");
    }
    g_string_append(s, "<p class=\"save\"><a id=\"save\" class=\"button off\" download=\"");
    esc(s, in->source_name);
    g_string_append(s, ".corrections.json\">Save corrections (0)</a> Type the right value in the "
                       "correction column; the file applies with <code>nianbao convert "
                       "--corrections FILE</code>.</p><textarea id=\"corrections-json\" "
                       "readonly rows=\"3\"></textarea></header>\n");
}

gboolean nb_review_write_page(FILE *out, const nb_review_input *in)
{
    GString *s = g_string_sized_new(1 << 16);
    g_string_append(s, "<!DOCTYPE html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\">"
                       "<meta name=\"viewport\" content=\"width=device-width\">"
                       "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                       "img-src data: blob:; style-src 'unsafe-inline'; "
                       "script-src 'unsafe-inline'\"><title>");
    esc(s, in->source_name);
    g_string_append(s, " — nianbao review</title><style>");
    g_string_append(s, nb_review_css);
    g_string_append(s, "</style></head><body data-sha256=\"");
    esc(s, in->sha256);
    g_string_append(s, "\">\n");
    header(s, in);
    g_string_append(s, "<main>");
    pages(s, in);
    g_string_append(s, "<div id=\"side\">");
    checks_list(s, in->record);
    warnings_list(s, in->record);
    record_table(s, in->record);
    g_string_append(s, "</div></main><script>");
    g_string_append(s, nb_review_script);
    g_string_append(s, "</script></body></html>\n");
    gboolean ok = fwrite(s->str, 1, s->len, out) == s->len;
    g_string_free(s, TRUE);
    return ok;
}
