/* pdfpage.c — see pdfpage.h. */
#include "layout/pdfpage.h"

#include <math.h>
#include <string.h>

nb_page_text *nb_page_text_new(int number, double width, double height)
{
    nb_page_text *p = g_new0(nb_page_text, 1);
    p->number = number;
    p->width = width;
    p->height = height;
    p->glyphs = g_array_new(FALSE, FALSE, sizeof(nb_glyph));
    return p;
}

void nb_page_text_free(nb_page_text *p)
{
    if (!p)
        return;
    g_array_free(p->glyphs, TRUE);
    g_free(p);
}

void nb_text_line_free(gpointer line)
{
    nb_text_line *l = line;
    if (!l)
        return;
    g_free(l->text);
    g_array_free(l->glyphs, TRUE);
    g_free(l);
}

gboolean nb_glyph_is_cjk(gunichar c)
{
    GUnicodeScript s = g_unichar_get_script(c);
    if (s == G_UNICODE_SCRIPT_HAN || s == G_UNICODE_SCRIPT_HIRAGANA ||
        s == G_UNICODE_SCRIPT_KATAKANA || s == G_UNICODE_SCRIPT_BOPOMOFO)
        return TRUE;
    /* CJK symbols and punctuation, full-width forms, general punctuation
     * used in Chinese text (“” ‘’ — …) */
    return (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF) ||
           (c >= 0x2010 && c <= 0x206F);
}

nb_box nb_box_union(nb_box a, nb_box b)
{
    return (nb_box){MIN(a.x0, b.x0), MIN(a.y0, b.y0), MAX(a.x1, b.x1), MAX(a.y1, b.y1)};
}

static int glyph_ymid_cmp(gconstpointer a, gconstpointer b)
{
    const nb_glyph *x = *(nb_glyph *const *)a, *y = *(nb_glyph *const *)b;
    double mx = x->box.y0 + x->box.y1, my = y->box.y0 + y->box.y1;
    return (mx > my) - (mx < my);
}

static int glyph_x_cmp(gconstpointer a, gconstpointer b)
{
    const nb_glyph *x = a, *y = b;
    return (x->box.x0 > y->box.x0) - (x->box.x0 < y->box.x0);
}

/* Whether a glyph sits on the line whose glyphs so far have the mean
 * vertical centre `mid` and the largest height `h`: centres closer than a
 * third of the taller height.  Centres rather than overlaps keep a number
 * set between the two lines of a wrapped label off both lines. */
static gboolean on_line(const nb_glyph *g, double mid, double h)
{
    double gm = (g->box.y0 + g->box.y1) / 2, gh = g->box.y1 - g->box.y0;
    return fabs(gm - mid) <= MAX(gh, h) / 3.0;
}

/* Text of a line from its sorted glyphs: a visible gap is a space unless
 * both sides are CJK (Chinese is written without spaces). */
static char *line_text(GArray *glyphs)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < glyphs->len; i++) {
        const nb_glyph *g = &g_array_index(glyphs, nb_glyph, i);
        if (i > 0) {
            const nb_glyph *p = &g_array_index(glyphs, nb_glyph, i - 1);
            double gap = g->box.x0 - p->box.x1;
            if (!(nb_glyph_is_cjk(p->ch) && nb_glyph_is_cjk(g->ch)) &&
                gap > 0.25 * MAX(g->size, p->size))
                g_string_append_c(s, ' ');
        }
        g_string_append_unichar(s, g->ch);
    }
    return g_string_free(s, FALSE);
}

static nb_text_line *line_finish(GArray *glyphs, int page)
{
    g_array_sort(glyphs, glyph_x_cmp);
    nb_text_line *l = g_new0(nb_text_line, 1);
    l->glyphs = glyphs;
    l->page = page;
    l->box = g_array_index(glyphs, nb_glyph, 0).box;
    for (guint i = 0; i < glyphs->len; i++) {
        const nb_glyph *g = &g_array_index(glyphs, nb_glyph, i);
        l->box = nb_box_union(l->box, g->box);
        l->size = MAX(l->size, g->size);
    }
    l->text = line_text(glyphs);
    return l;
}

GPtrArray *nb_text_lines(GPtrArray *glyphs, int page)
{
    GPtrArray *lines = g_ptr_array_new_with_free_func(nb_text_line_free);
    if (!glyphs || glyphs->len == 0)
        return lines;
    GPtrArray *sorted = g_ptr_array_copy(glyphs, NULL, NULL);
    g_ptr_array_set_free_func(sorted, NULL);
    g_ptr_array_sort(sorted, glyph_ymid_cmp);
    GArray *cur = NULL;
    double sum_mid = 0, h = 0;
    for (guint i = 0; i < sorted->len; i++) {
        const nb_glyph *g = g_ptr_array_index(sorted, i);
        if (cur && !on_line(g, sum_mid / cur->len, h)) {
            g_ptr_array_add(lines, line_finish(cur, page));
            cur = NULL;
        }
        if (!cur) {
            cur = g_array_new(FALSE, FALSE, sizeof(nb_glyph));
            sum_mid = h = 0;
        }
        g_array_append_val(cur, *g);
        sum_mid += (g->box.y0 + g->box.y1) / 2;
        h = MAX(h, g->box.y1 - g->box.y0);
    }
    if (cur)
        g_ptr_array_add(lines, line_finish(cur, page));
    g_ptr_array_free(sorted, TRUE);
    return lines;
}

static gboolean is_latin_end(gunichar c)
{
    return c < 0x80 && g_ascii_isalnum((char)c);
}

char *nb_text_lines_join(GPtrArray *lines)
{
    GString *s = g_string_new(NULL);
    gunichar last = 0;
    for (guint i = 0; i < lines->len; i++) {
        const nb_text_line *l = g_ptr_array_index(lines, i);
        if (!*l->text)
            continue;
        gunichar first = g_utf8_get_char(l->text);
        if (s->len && is_latin_end(last) && is_latin_end(first) &&
            !(g_ascii_isdigit((char)last) && g_ascii_isdigit((char)first)))
            g_string_append_c(s, ' ');
        g_string_append(s, l->text);
        last = g_utf8_get_char(g_utf8_prev_char(l->text + strlen(l->text)));
    }
    return g_string_free(s, FALSE);
}
