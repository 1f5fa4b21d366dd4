/* pdf_text.c — see pdf_text.h. */
#include "extract/pdf_text.h"

#include <string.h>

/* Fewer characters than this on a page: no text layer worth reading. */
#define MIN_PAGE_CHARS 20
/* Share of unreadable characters above which the font mapping is broken. */
#define MAX_BAD_SHARE 0.25
/* An image covering this share of the page makes a sparse text layer
 * (page numbers, a stamp) a scan. */
#define SCAN_IMAGE_SHARE 0.5
#define SCAN_MAX_CHARS 200

/* Font size of each character offset, from poppler's text attributes. */
static double *char_sizes(PopplerPage *page, guint n)
{
    double *sizes = g_new0(double, MAX(n, 1));
    GList *attrs = poppler_page_get_text_attributes(page);
    for (GList *l = attrs; l; l = l->next) {
        const PopplerTextAttributes *a = l->data;
        for (int i = MAX(a->start_index, 0); i <= a->end_index && i < (int)n; i++)
            sizes[i] = a->font_size;
    }
    poppler_page_free_text_attributes(attrs);
    return sizes;
}

nb_page_text *nb_pdf_page_text(PopplerPage *page, int number)
{
    double w = 0, h = 0;
    poppler_page_get_size(page, &w, &h);
    nb_page_text *pt = nb_page_text_new(number, w, h);
    char *text = poppler_page_get_text(page);
    PopplerRectangle *rects = NULL;
    guint n = 0;
    if (!text || !poppler_page_get_text_layout(page, &rects, &n)) {
        g_free(text);
        g_free(rects);
        return pt;
    }
    double *sizes = char_sizes(page, n);
    const char *p = text;
    for (guint i = 0; i < n && *p; i++, p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (g_unichar_isspace(c) || g_unichar_iscntrl(c) || c == 0x200B || c == 0xFEFF)
            continue;
        const PopplerRectangle *r = &rects[i];
        nb_glyph g = {c, {MIN(r->x1, r->x2), MIN(r->y1, r->y2), MAX(r->x1, r->x2), MAX(r->y1, r->y2)},
                      sizes[i] > 0 ? sizes[i] : MAX(r->y2 - r->y1, 1.0)};
        g_array_append_val(pt->glyphs, g);
    }
    g_free(sizes);
    g_free(rects);
    g_free(text);
    return pt;
}

static gboolean unreadable(gunichar c)
{
    return c == 0xFFFD || (c >= 0xE000 && c <= 0xF8FF) || c >= 0xF0000 ||
           g_unichar_type(c) == G_UNICODE_UNASSIGNED;
}

/* Share of the page covered by images (overlaps counted twice: an upper
 * bound is enough to tell a scan). */
static double image_share(PopplerPage *page, double w, double h)
{
    double area = 0;
    GList *map = poppler_page_get_image_mapping(page);
    for (GList *l = map; l; l = l->next) {
        const PopplerImageMapping *m = l->data;
        area += (m->area.x2 - m->area.x1) * (m->area.y2 - m->area.y1);
    }
    poppler_page_free_image_mapping(map);
    return w > 0 && h > 0 ? area / (w * h) : 0;
}

/* Counts "(cid:" runs spelled out by the text layer. */
static guint cid_runs(const nb_page_text *t)
{
    static const gunichar pat[] = {'(', 'c', 'i', 'd', ':'};
    guint runs = 0;
    for (guint i = 0; i + 5 <= t->glyphs->len; i++) {
        guint k = 0;
        while (k < 5 && g_array_index(t->glyphs, nb_glyph, i + k).ch == pat[k])
            k++;
        runs += k == 5;
    }
    return runs;
}

gboolean nb_pdf_text_usable(const nb_page_text *t, PopplerPage *page, const char **why)
{
    const char *dummy;
    if (!why)
        why = &dummy;
    *why = NULL;
    guint n = t->glyphs->len, bad = 0;
    for (guint i = 0; i < n; i++)
        bad += unreadable(g_array_index(t->glyphs, nb_glyph, i).ch);
    bad += 5 * cid_runs(t);
    if (n < MIN_PAGE_CHARS) {
        *why = "has no text layer";
        return FALSE;
    }
    if (bad > MAX_BAD_SHARE * n) {
        *why = "has a text layer whose font mapping is broken";
        return FALSE;
    }
    if (n < SCAN_MAX_CHARS && image_share(page, t->width, t->height) > SCAN_IMAGE_SHARE) {
        *why = "is an image with little text";
        return FALSE;
    }
    return TRUE;
}

gboolean nb_pdf_page_has_columns(const nb_page_text *t)
{
    GPtrArray *all = g_ptr_array_new();
    for (guint i = 0; i < t->glyphs->len; i++)
        g_ptr_array_add(all, &g_array_index(t->glyphs, nb_glyph, i));
    GPtrArray *lines = nb_text_lines(all, t->number);
    int wide = 0;
    for (guint i = 0; i < lines->len; i++) {
        const nb_text_line *l = g_ptr_array_index(lines, i);
        for (guint k = 1; k < l->glyphs->len; k++) {
            const nb_glyph *a = &g_array_index(l->glyphs, nb_glyph, k - 1);
            const nb_glyph *b = &g_array_index(l->glyphs, nb_glyph, k);
            if (b->box.x0 - a->box.x1 > 2.0 * MAX(a->size, b->size)) {
                wide++;
                break;
            }
        }
    }
    g_ptr_array_free(lines, TRUE);
    g_ptr_array_free(all, TRUE);
    return wide >= 3;
}
