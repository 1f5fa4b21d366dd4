/* review_index.c — see review_index.h. */
#include "cmd/review/review_index.h"
#include "cmd/review/review_assets.h"
#include "cmd/review/review_db.h"

static void esc(GString *s, const char *t)
{
    nb_review_esc(s, t);
}

/* A text cell whose sort key is its text. */
static void text_cell(GString *s, const char *t)
{
    g_string_append(s, "<td data-v=\"");
    esc(s, t);
    g_string_append(s, "\">");
    esc(s, t);
    g_string_append(s, "</td>");
}

static void num_cell(GString *s, int n, const char *cls)
{
    g_string_append_printf(s, "<td class=\"num %s\" data-v=\"%d\">%d</td>", n > 0 ? cls : "", n, n);
}

static void doc_row(GString *s, const nb_review_doc *d, const char *page)
{
    g_string_append_printf(s, "<tr class=\"%s\" data-flagged=\"%d\"><td data-v=\"",
                           g_strcmp0(d->status, "ok") == 0 ? "ok" : "failed",
                           d->n_flagged + d->n_checks);
    esc(s, d->relpath);
    g_string_append(s, "\">");
    if (page) {
        g_string_append(s, "<a href=\"");
        esc(s, page);
        g_string_append(s, "\">");
    }
    esc(s, d->relpath);
    g_string_append(s, page ? "</a></td>" : "</td>");
    text_cell(s, d->agency);
    char year[16];
    g_snprintf(year, sizeof year, "%d", d->year);
    g_string_append_printf(s, "<td class=\"num\" data-v=\"%d\">%s</td>", d->year,
                           d->year ? year : "");
    text_cell(s, d->template_name);
    text_cell(s, d->format);
    text_cell(s, g_strcmp0(d->status, "ok") == 0 ? "ok" : d->error ? d->error : d->status);
    num_cell(s, d->n_values, "");
    num_cell(s, d->n_flagged, "flag");
    num_cell(s, d->n_checks, "flag");
    num_cell(s, d->n_warnings, "");
    g_string_append(s, "</tr>\n");
}

gboolean nb_review_write_index(FILE *out, const char *title, GPtrArray *docs, GHashTable *pages)
{
    GString *s = g_string_sized_new(256 * (docs->len + 16));
    g_string_append(s, "<!DOCTYPE html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\">"
                       "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                       "style-src 'unsafe-inline'; script-src 'unsafe-inline'\"><title>");
    esc(s, title);
    g_string_append(s, " — nianbao review</title><style>");
    g_string_append(s, nb_review_index_css);
    g_string_append(s, "</style></head><body><h1>");
    esc(s, title);
    g_string_append_printf(s, "</h1><p>%u documents. Click a column to sort. "
                           "<input type=\"search\" id=\"filter\" placeholder=\"filter\"> "
                           "<label><input type=\"checkbox\" id=\"only-flagged\"> with flagged "
                           "values or failed checks only</label></p>"
                           "<table id=\"docs\"><thead><tr><th>file</th><th>agency</th>"
                           "<th class=\"num\">year</th><th>template</th><th>format</th>"
                           "<th>status</th><th class=\"num\">values</th><th class=\"num\">flagged"
                           "</th><th class=\"num\">checks</th><th class=\"num\">warnings</th>"
                           "</tr></thead><tbody>\n", docs->len);
    for (guint i = 0; i < docs->len; i++) {
        const nb_review_doc *d = g_ptr_array_index(docs, i);
        doc_row(s, d, g_hash_table_lookup(pages, d));
    }
    g_string_append(s, "</tbody></table><script>");
    g_string_append(s, nb_review_index_script);
    g_string_append(s, "</script></body></html>\n");
    gboolean ok = fwrite(s->str, 1, s->len, out) == s->len;
    g_string_free(s, TRUE);
    return ok;
}
