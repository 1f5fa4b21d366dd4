/* text_wrap.c — see text_wrap.h. */
#include "extract/text_wrap.h"
#include "layout/model/textnorm.h"

#include <string.h>

/* Wrapped label pieces are short: a label column of a narrow table. */
#define WRAP_WORD_MAX 40

/* The display column where the values of `block` start (the leftmost first
 * value of its rows laid out with spaces); G_MAXINT when none has one. */
static int values_left(const GPtrArray *block)
{
    int left = G_MAXINT;
    for (guint r = 0; r < block->len; r++) {
        const GPtrArray *row = g_ptr_array_index(block, r);
        for (guint i = 0; i < row->len; i++) {
            const nb_flat_cell *c = g_ptr_array_index(row, i);
            if (nb_flat_is_value(c->text)) {
                if (c->x1)
                    left = MIN(left, c->x0);
                break;
            }
        }
    }
    return left;
}

gboolean nb_wrap_label_line(const GPtrArray *block, const GPtrArray *words)
{
    if (!block || !block->len || !words || !words->len)
        return FALSE;
    int left = values_left(block);
    if (left == G_MAXINT)
        return FALSE;
    for (guint i = 0; i < words->len; i++) {
        const nb_flat_cell *w = g_ptr_array_index(words, i);
        if (w->x1 > left - 1 || nb_flat_is_value(w->text) || !nb_flat_is_label(w->text, WRAP_WORD_MAX))
            return FALSE;
    }
    return TRUE;
}

/* The label cell of `row` (its first cell when that is no value), or NULL. */
static nb_flat_cell *row_label(GPtrArray *row)
{
    if (!row || !row->len)
        return NULL;
    nb_flat_cell *c = g_ptr_array_index(row, 0);
    return nb_flat_is_value(c->text) || !c->x1 ? NULL : c;
}

static gboolean overlaps(const nb_flat_cell *a, int b0, int b1)
{
    return a->x0 < b1 && b0 < a->x1;
}

/* A wrapped line lies under the line it continues: a label wraps when its
 * column is full, so what follows is no wider (left-aligned or centred). */
static gboolean within(const nb_flat_cell *a, int b0, int b1)
{
    return a->x0 >= b0 - 1 && a->x1 <= b1 + 1;
}

/* A label of the next row being opened by held words. */
typedef struct {
    GString *text;
    int x0, x1;
} fragment;

static void label_append(nb_flat_cell *label, const char *text)
{
    char *t = g_strconcat(label->text, text, NULL);
    g_free(label->text);
    label->text = t;
}

/* True when numbered word `w` can open a label of the row whose label is
 * `next`: in the column of its last word, or one level above it
 * (`（五）不予处理` over `4.无正当理由…`), or the next label is unnumbered
 * (it continues `w`). */
static gboolean opens_next(const nb_flat_cell *w, const nb_flat_cell *next)
{
    int lw = nb_label_level(w->text), ln = nb_label_level(next->text);
    return lw > 0 && (ln == 0 || lw < ln || overlaps(w, next->x0, next->x1));
}

/* The byte offset in `label`'s text where its last word starts: the
 * suffix as wide as its display columns [x0, x1). */
static gsize last_word_offset(const nb_flat_cell *label)
{
    int need = label->x1 - label->x0;
    const char *start = label->text, *p = label->text + strlen(label->text);
    while (p > start && need > 0) {
        p = g_utf8_prev_char(p);
        need -= g_unichar_iswide(g_utf8_get_char(p)) ? 2 : 1;
    }
    return (gsize)(p - start);
}

void nb_wrap_note_label(GHashTable *widths, const nb_flat_cell *label)
{
    if (!widths || !label || !label->x1 || nb_flat_is_value(label->text))
        return;
    int w = label->x1 - label->x0;
    gpointer key = GINT_TO_POINTER(label->x0);
    if (w > GPOINTER_TO_INT(g_hash_table_lookup(widths, key)))
        g_hash_table_insert(widths, key, GINT_TO_POINTER(w));
}

/* True when label word `label` fills its column: a word after it would
 * have passed the widest label seen there (a wide character is two). */
static gboolean fills_column(const nb_flat_cell *label, GHashTable *widths)
{
    int widest = GPOINTER_TO_INT(g_hash_table_lookup(widths, GINT_TO_POINTER(label->x0)));
    return label->x1 - label->x0 + 2 > widest;
}

/* Places one held word; FALSE when it belongs nowhere. */
static gboolean place_word(const nb_flat_cell *w, nb_flat_cell *prev, nb_flat_cell *next,
                           GArray *frags, GHashTable *widths)
{
    gboolean numbered = nb_label_level(w->text) > 0;
    for (guint f = 0; !numbered && f < frags->len; f++) {
        fragment *fr = &g_array_index(frags, fragment, f);
        if (within(w, fr->x0, fr->x1)) {
            g_string_append(fr->text, w->text);
            return TRUE;
        }
    }
    if (!numbered && prev && within(w, prev->x0, prev->x1) && fills_column(prev, widths)) {
        label_append(prev, w->text);
        return TRUE;
    }
    if (next && (numbered ? opens_next(w, next) : within(w, next->x0, next->x1))) {
        fragment fr = {g_string_new(w->text), w->x0, w->x1};
        g_array_append_val(frags, fr);
        return TRUE;
    }
    return FALSE;
}

GPtrArray *nb_wrap_place(const GPtrArray *held, GPtrArray *prev, GPtrArray *next,
                         GHashTable *widths)
{
    GPtrArray *left = g_ptr_array_new_with_free_func(nb_flat_cell_free);
    nb_flat_cell *pl = row_label(prev), *nl = row_label(next);
    GArray *frags = g_array_new(FALSE, FALSE, sizeof(fragment));
    /* after a line with a word placed nowhere (a heading, a header line)
     * the held lines are no labels of these rows */
    gboolean ended = FALSE;
    for (guint i = 0; held && i < held->len; i++) {
        const GPtrArray *words = g_ptr_array_index(held, i);
        GString *rest = g_string_new(NULL);
        int line = 0, kept = 0;
        for (guint k = 0; k < words->len; k++) {
            const nb_flat_cell *w = g_ptr_array_index(words, k);
            line = w->line;
            if (ended || !place_word(w, pl, nl, frags, widths)) {
                g_string_append_printf(rest, "%s%s", rest->len ? " " : "", w->text);
                kept++;
            }
        }
        ended |= kept > 0;
        if (kept) {
            nb_flat_cell *c = nb_flat_cell_new(rest->str, line);
            c->x0 = (int)i, c->x1 = kept;
            g_ptr_array_add(left, c);
        }
        g_string_free(rest, TRUE);
    }
    /* pieces in the column of the next label's last word go before that
     * word, the others (group labels) before the whole label */
    GString *lead = g_string_new(NULL), *tail = g_string_new(NULL);
    for (guint f = 0; f < frags->len; f++) {
        fragment *fr = &g_array_index(frags, fragment, f);
        g_string_append(fr->x0 < nl->x1 && nl->x0 < fr->x1 ? tail : lead, fr->text->str);
        g_string_free(fr->text, TRUE);
    }
    if (lead->len || tail->len) {
        GString *t = g_string_new(lead->str);
        gsize at = last_word_offset(nl);
        g_string_append_len(t, nl->text, (gssize)at);
        g_string_append(t, tail->str);
        g_string_append(t, nl->text + at);
        g_free(nl->text);
        nl->text = g_string_free(t, FALSE);
    }
    g_string_free(lead, TRUE);
    g_string_free(tail, TRUE);
    g_array_free(frags, TRUE);
    return left;
}
