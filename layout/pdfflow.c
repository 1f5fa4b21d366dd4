/* pdfflow.c — see pdfflow.h. */
#include "layout/pdfflow.h"
#include "layout/model/textnorm.h"

#include <math.h>
#include <string.h>

/* Share of the page height at the top and bottom where furniture lives. */
#define TOP_MARGIN 0.10
#define BOTTOM_MARGIN 0.12
/* Title lines are this much larger than the body text. */
#define TITLE_RATIO 1.15

nb_flow_page *nb_flow_page_new(int number, double width, double height, GPtrArray *lines)
{
    nb_flow_page *p = g_new0(nb_flow_page, 1);
    p->number = number;
    p->width = width;
    p->height = height;
    p->lines = lines ? lines : g_ptr_array_new_with_free_func(nb_text_line_free);
    p->tables = g_array_new(FALSE, FALSE, sizeof(nb_box));
    return p;
}

void nb_flow_page_free(gpointer page)
{
    nb_flow_page *p = page;
    if (!p)
        return;
    g_ptr_array_free(p->lines, TRUE);
    g_array_free(p->tables, TRUE);
    g_free(p);
}

/* ---- furniture ---- */

static gboolean is_page_number(const char *text)
{
    static GRegex *re;
    if (g_once_init_enter(&re)) {
        GRegex *r = g_regex_new("^[-—–_·•.]*(?:第)?\\d{1,4}(?:页)?(?:/\\d{1,4}|共\\d{1,4}页)?[-—–_·•.]*$"
                                "|^(?i:page)\\d{1,4}(?:(?i:of)\\d{1,4})?$",
                                G_REGEX_OPTIMIZE, 0, NULL);
        g_once_init_leave(&re, r);
    }
    char *sq = nb_norm_squash(text);
    gboolean yes = *sq && g_regex_match(re, sq, 0, NULL);
    g_free(sq);
    return yes;
}

static gboolean in_margin(const nb_text_line *l, const nb_flow_page *p)
{
    return l->box.y1 <= TOP_MARGIN * p->height || l->box.y0 >= (1 - BOTTOM_MARGIN) * p->height;
}

/* The text of a margin line with digits masked: running headers and
 * footers compare equal across pages even when they carry the page number. */
static char *furniture_key(const nb_text_line *l, const nb_flow_page *p)
{
    char *sq = nb_norm_squash(l->text);
    for (char *c = sq; *c; c++)
        if (g_ascii_isdigit(*c))
            *c = '#';
    char *key = g_strdup_printf("%c%s", l->box.y0 < p->height / 2 ? 'T' : 'B', sq);
    g_free(sq);
    return key;
}

void nb_flow_strip_furniture(GPtrArray *pages)
{
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; i < pages->len; i++) {
        const nb_flow_page *p = g_ptr_array_index(pages, i);
        GHashTable *once = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
        for (guint k = 0; k < p->lines->len; k++) {
            const nb_text_line *l = g_ptr_array_index(p->lines, k);
            if (in_margin(l, p))
                g_hash_table_add(once, furniture_key(l, p));
        }
        GHashTableIter it;
        gpointer key;
        g_hash_table_iter_init(&it, once);
        while (g_hash_table_iter_next(&it, &key, NULL)) {
            guint n = GPOINTER_TO_UINT(g_hash_table_lookup(seen, key));
            g_hash_table_insert(seen, g_strdup(key), GUINT_TO_POINTER(n + 1));
        }
        g_hash_table_destroy(once);
    }
    guint repeat = MAX(2, pages->len / 2);
    for (guint i = 0; i < pages->len; i++) {
        nb_flow_page *p = g_ptr_array_index(pages, i);
        for (guint k = p->lines->len; k-- > 0;) {
            const nb_text_line *l = g_ptr_array_index(p->lines, k);
            if (!in_margin(l, p))
                continue;
            char *key = furniture_key(l, p);
            gboolean repeated = GPOINTER_TO_UINT(g_hash_table_lookup(seen, key)) >= repeat;
            g_free(key);
            if (repeated || is_page_number(l->text))
                g_ptr_array_remove_index(p->lines, k);
        }
    }
    g_hash_table_destroy(seen);
}

/* ---- paragraphs ---- */

static int double_cmp(gconstpointer a, gconstpointer b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The body's left and right margins: the median line starts and ends
 * (most lines of a report are full lines of running text). */
static void body_margins(GPtrArray *pages, double *left, double *right)
{
    GArray *x0 = g_array_new(FALSE, FALSE, sizeof(double));
    GArray *x1 = g_array_new(FALSE, FALSE, sizeof(double));
    for (guint i = 0; i < pages->len; i++) {
        const nb_flow_page *p = g_ptr_array_index(pages, i);
        for (guint k = 0; k < p->lines->len; k++) {
            const nb_text_line *l = g_ptr_array_index(p->lines, k);
            g_array_append_val(x0, l->box.x0);
            g_array_append_val(x1, l->box.x1);
        }
    }
    g_array_sort(x0, double_cmp);
    g_array_sort(x1, double_cmp);
    *left = x0->len ? g_array_index(x0, double, x0->len / 2) : 0;
    *right = x1->len ? g_array_index(x1, double, x1->len / 2) : 0;
    g_array_free(x0, TRUE);
    g_array_free(x1, TRUE);
}

/* Whether a table of the page lies vertically between y0 and y1. */
static gboolean table_between(const nb_flow_page *p, double y0, double y1)
{
    for (guint i = 0; i < p->tables->len; i++) {
        const nb_box *b = &g_array_index(p->tables, nb_box, i);
        if (b->y1 > y0 && b->y0 < y1)
            return TRUE;
    }
    return FALSE;
}

typedef struct {
    const nb_text_line *line;
    const nb_flow_page *page;
    gboolean first, last; /* of its page */
} line_ref;

static gboolean continues(const line_ref *a, const line_ref *b, double left, double right)
{
    double size = MAX(a->line->size, b->line->size);
    if (fabs(a->line->size - b->line->size) > 1.0)
        return FALSE;
    if (a->line->box.x1 < right - 1.5 * size || b->line->box.x0 > left + 0.6 * size)
        return FALSE;
    if (a->page == b->page) {
        double gap = b->line->box.y0 - a->line->box.y1;
        return gap > -0.3 * size && gap <= 1.2 * size &&
               !table_between(a->page, a->line->box.y1, b->line->box.y0);
    }
    return b->page->number == a->page->number + 1 && a->last && b->first &&
           !table_between(a->page, a->line->box.y1, a->page->height) &&
           !table_between(b->page, 0, b->line->box.y0);
}

static nb_text_line *paragraph_new(const nb_text_line *first)
{
    nb_text_line *p = g_new0(nb_text_line, 1);
    p->text = g_strdup(first->text);
    p->box = first->box;
    p->size = first->size;
    p->page = first->page;
    p->glyphs = g_array_new(FALSE, FALSE, sizeof(nb_glyph));
    return p;
}

static void paragraph_extend(nb_text_line *para, const nb_text_line *next)
{
    GPtrArray *two = g_ptr_array_new();
    nb_text_line head = *para;
    g_ptr_array_add(two, &head);
    g_ptr_array_add(two, (gpointer)next);
    char *joined = nb_text_lines_join(two);
    g_ptr_array_free(two, TRUE);
    g_free(para->text);
    para->text = joined;
    if (next->page == para->page)
        para->box = nb_box_union(para->box, next->box);
}

GPtrArray *nb_flow_paragraphs(GPtrArray *pages)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(nb_text_line_free);
    double left, right;
    body_margins(pages, &left, &right);
    line_ref prev = {NULL, NULL, FALSE, FALSE};
    nb_text_line *para = NULL;
    for (guint i = 0; i < pages->len; i++) {
        const nb_flow_page *p = g_ptr_array_index(pages, i);
        for (guint k = 0; k < p->lines->len; k++) {
            line_ref cur = {g_ptr_array_index(p->lines, k), p, k == 0, k + 1 == p->lines->len};
            if (para && continues(&prev, &cur, left, right))
                paragraph_extend(para, cur.line);
            else
                g_ptr_array_add(out, para = paragraph_new(cur.line));
            prev = cur;
        }
    }
    return out;
}

/* ---- title ---- */

static double median_size(GPtrArray *lines)
{
    GArray *s = g_array_new(FALSE, FALSE, sizeof(double));
    for (guint i = 0; i < lines->len; i++)
        g_array_append_val(s, ((nb_text_line *)g_ptr_array_index(lines, i))->size);
    g_array_sort(s, double_cmp);
    double m = s->len ? g_array_index(s, double, s->len / 2) : 0;
    g_array_free(s, TRUE);
    return m;
}

char *nb_flow_title(const nb_flow_page *first)
{
    if (!first || first->lines->len == 0)
        return NULL;
    double top = 0.4 * first->height, biggest = 0;
    for (guint i = 0; i < first->lines->len; i++) {
        const nb_text_line *l = g_ptr_array_index(first->lines, i);
        if (l->box.y0 < top)
            biggest = MAX(biggest, l->size);
    }
    if (biggest < TITLE_RATIO * median_size(first->lines))
        return NULL;
    GPtrArray *run = g_ptr_array_new();
    const nb_text_line *last = NULL;
    for (guint i = 0; i < first->lines->len; i++) {
        const nb_text_line *l = g_ptr_array_index(first->lines, i);
        gboolean big = l->size >= 0.95 * biggest && l->box.y0 < top;
        if (big && (!last || l->box.y0 - last->box.y1 <= 2.0 * l->size)) {
            g_ptr_array_add(run, (gpointer)l);
            last = l;
        } else if (last) {
            break;
        }
    }
    char *title = NULL;
    if (run->len) {
        GString *s = g_string_new(NULL);
        for (guint i = 0; i < run->len; i++) {
            const char *t = ((nb_text_line *)g_ptr_array_index(run, i))->text;
            if (s->len) {
                gunichar end = g_utf8_get_char(g_utf8_prev_char(s->str + s->len));
                if (!nb_glyph_is_cjk(end) || !nb_glyph_is_cjk(g_utf8_get_char(t)))
                    g_string_append_c(s, ' ');
            }
            g_string_append(s, t);
        }
        title = g_string_free(s, FALSE);
    }
    g_ptr_array_free(run, TRUE);
    return title;
}
