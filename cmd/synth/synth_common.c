/*
 * synth_common.c — helpers the synthetic report renderers share (see
 * synth_common.h).
 */
#include "cmd/synth/synth_common.h"
#include "layout/model/textnorm.h"

#include <string.h>

gboolean nb_synth_chance(GRand *rnd, int percent)
{
    return g_rand_int_range(rnd, 0, 100) < percent;
}

const char *nb_synth_first_label(const GPtrArray *labels)
{
    return labels && labels->len ? g_ptr_array_index(labels, 0) : "";
}

const char *nb_synth_column_label(const nb_schema_table *t, const char *key)
{
    const nb_schema_labels *l = nb_schema_column_find(t, key);
    return l ? nb_synth_first_label(l->labels) : "";
}

const nb_value *nb_synth_value(const nb_record *r, const nb_schema_table *t, const char *row_key,
                               const char *col_key)
{
    char *path = g_strdup_printf("%s.%s.%s", t->key, row_key, col_key);
    const nb_value *v = nb_record_get(r, path);
    g_free(path);
    return v;
}

gboolean nb_synth_row_present(const nb_record *r, const nb_schema_table *t,
                              const nb_schema_row *row)
{
    for (guint i = 0; row->columns && i < row->columns->len; i++)
        if (nb_synth_value(r, t, row->key, g_ptr_array_index(row->columns, i)))
            return TRUE;
    return FALSE;
}

gboolean nb_synth_same_columns(const GPtrArray *a, const GPtrArray *b)
{
    if (!a || !b || a->len != b->len)
        return FALSE;
    for (guint k = 0; k < a->len; k++)
        if (strcmp(g_ptr_array_index(a, k), g_ptr_array_index(b, k)))
            return FALSE;
    return TRUE;
}

gboolean nb_synth_rows_share_columns(const nb_schema_table *t)
{
    if (!t->columns || !t->columns->len || !t->rows->len)
        return FALSE;
    for (guint i = 0; i < t->rows->len; i++)
        if (((nb_schema_row *)g_ptr_array_index(t->rows, i))->columns->len != t->columns->len)
            return FALSE;
    return TRUE;
}

int nb_synth_max_row_columns(const nb_schema_table *t)
{
    int most = 0;
    for (guint i = 0; i < t->rows->len; i++)
        most = MAX(most, (int)((nb_schema_row *)g_ptr_array_index(t->rows, i))->columns->len);
    return most;
}

char *nb_synth_swap_brackets(const char *s)
{
    GString *o = g_string_new(NULL);
    for (const char *p = s; *p; p = g_utf8_next_char(p)) {
        gunichar ch = g_utf8_get_char(p);
        switch (ch) {
        case 0xFF08: g_string_append_c(o, '('); break;
        case 0xFF09: g_string_append_c(o, ')'); break;
        case '(': g_string_append(o, "（"); break;
        case ')': g_string_append(o, "）"); break;
        default: g_string_append_unichar(o, ch);
        }
    }
    return g_string_free(o, FALSE);
}

char *nb_synth_typo(GRand *rnd, const char *s, gboolean replace)
{
    glong n = g_utf8_strlen(s, -1);
    glong at = n / 3 + g_rand_int_range(rnd, 0, (gint32)MAX(1, n / 3));
    const char *p = g_utf8_offset_to_pointer(s, at);
    const char *next = g_utf8_next_char(p);
    GString *o = g_string_new_len(s, p - s);
    /* without `replace`, a draw of 100 split evenly (the HTML renderer's
     * stream of documents depends on it) */
    int kind = replace ? g_rand_int_range(rnd, 0, 3) : nb_synth_chance(rnd, 50) ? 0 : 1;
    switch (kind) {
    case 0: /* dropped */
        break;
    case 1: /* doubled */
        g_string_append_len(o, p, next - p);
        g_string_append_len(o, p, next - p);
        break;
    default: /* replaced by a character from elsewhere in the label */
        g_string_append_unichar(o, g_utf8_get_char(g_utf8_offset_to_pointer(
                                       s, (at + 1 + g_rand_int_range(rnd, 0, (gint32)n - 1)) % n)));
        break;
    }
    g_string_append(o, next);
    return g_string_free(o, FALSE);
}

char *nb_synth_label_noise(GRand *rnd, const char *label, gboolean *typo_done,
                           gboolean typo_replace)
{
    char *s = g_strdup(label);
    if (nb_synth_chance(rnd, 30)) {
        char *t = nb_synth_swap_brackets(s);
        g_free(s), s = t;
    }
    if (!*typo_done && g_utf8_strlen(s, -1) >= 12 && nb_synth_chance(rnd, 15)) {
        char *t = nb_synth_typo(rnd, s, typo_replace);
        g_free(s), s = t;
        *typo_done = TRUE;
    }
    return s;
}

char *nb_synth_group_thousands(const char *num)
{
    GString *g = g_string_new(NULL);
    size_t n = strlen(num), lead = num[0] == '-';
    for (size_t i = 0; i < n; i++) {
        g_string_append_c(g, num[i]);
        size_t left = n - 1 - i;
        if (i >= lead && left > 0 && left % 3 == 0)
            g_string_append_c(g, ',');
    }
    return g_string_free(g, FALSE);
}

const char *nb_synth_numeral(int n)
{
    static const char *numerals[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
    return numerals[CLAMP(n, 0, 9)];
}

const nb_schema_section *nb_synth_section(const nb_schema *s, const char *key)
{
    for (guint i = 0; i < s->sections->len; i++) {
        const nb_schema_section *sec = g_ptr_array_index(s->sections, i);
        if (!strcmp(sec->key, key))
            return sec;
    }
    return NULL;
}

GArray *nb_synth_place_rows(const nb_record *r, const nb_schema_table *t, GRand *split,
                            int split_percent)
{
    GArray *out = g_array_new(FALSE, TRUE, sizeof(nb_synth_placed_row));
    const char *outer = NULL;
    int segment = 0;
    for (guint i = 0; i < t->rows->len; i++) {
        const nb_schema_row *row = g_ptr_array_index(t->rows, i);
        if (!nb_synth_row_present(r, t, row))
            continue;
        const char *inner = NULL;
        if (row->group && nb_label_level(row->group) == 1)
            outer = row->group;
        else if (row->group)
            inner = row->group;
        else if (nb_label_level(nb_synth_first_label(row->labels)) <= 1)
            outer = NULL; /* a top-level (or unnumbered) row ends the outer group */
        if (split && out->len > 4 && nb_synth_chance(split, split_percent))
            segment++;
        nb_synth_placed_row p = {row, outer, inner, segment};
        g_array_append_val(out, p);
    }
    return out;
}

int nb_synth_group_run(GArray *rows, guint i, gboolean inner)
{
    const nb_synth_placed_row *p = &g_array_index(rows, nb_synth_placed_row, i);
    const char *g = inner ? p->inner : p->outer;
    int n = 0;
    for (guint k = i; k < rows->len; k++, n++) {
        const nb_synth_placed_row *q = &g_array_index(rows, nb_synth_placed_row, k);
        const char *h = inner ? q->inner : q->outer;
        if (!g || !h || strcmp(h, g) || q->segment != p->segment)
            break;
    }
    return n;
}

gboolean nb_synth_starts_group(GArray *rows, guint i, gboolean inner)
{
    if (i == 0)
        return TRUE;
    const nb_synth_placed_row *p = &g_array_index(rows, nb_synth_placed_row, i), *q = p - 1;
    return g_strcmp0(inner ? q->inner : q->outer, inner ? p->inner : p->outer) != 0 ||
           q->segment != p->segment;
}

gboolean nb_synth_encode(const GString *doc, const char *encoding, gboolean bom, GByteArray *out,
                         char **err)
{
    if (!encoding || !g_ascii_strcasecmp(encoding, "UTF-8")) {
        if (bom)
            g_byte_array_append(out, (const guint8 *)"\xEF\xBB\xBF", 3);
        g_byte_array_append(out, (const guint8 *)doc->str, (guint)doc->len);
        return TRUE;
    }
    GError *ge = NULL;
    gsize len = 0;
    char *conv = g_convert(doc->str, (gssize)doc->len, encoding, "UTF-8", NULL, &len, &ge);
    if (!conv) {
        if (err)
            *err = g_strdup_printf("cannot encode as %s: %s", encoding, ge->message);
        g_error_free(ge);
        return FALSE;
    }
    g_byte_array_append(out, (const guint8 *)conv, (guint)len);
    g_free(conv);
    return TRUE;
}
