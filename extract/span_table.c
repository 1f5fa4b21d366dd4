/* span_table.c — see span_table.h. */
#include "extract/span_table.h"

typedef struct {
    int row, col, rowspan, colspan;
    char *text;
    nb_prov prov;
} scell;

struct nb_span_table {
    GPtrArray *cells;             /* scell* */
    int open[NB_SPAN_MAX_COLS];   /* per column: index in cells of an open merge, or -1 */
};

static void scell_free(gpointer p)
{
    scell *c = p;
    g_free(c->text);
    g_free(c);
}

nb_span_table *nb_span_table_new(void)
{
    nb_span_table *t = g_new0(nb_span_table, 1);
    t->cells = g_ptr_array_new_with_free_func(scell_free);
    for (int c = 0; c < NB_SPAN_MAX_COLS; c++)
        t->open[c] = -1;
    return t;
}

void nb_span_table_free(nb_span_table *t)
{
    if (!t)
        return;
    g_ptr_array_free(t->cells, TRUE);
    g_free(t);
}

static void set_open(nb_span_table *t, int col, int span, int idx)
{
    for (int c = col; c < col + span && c < NB_SPAN_MAX_COLS; c++)
        t->open[c] = idx;
}

int nb_span_table_add(nb_span_table *t, int row, int col, int colspan, nb_vmerge vm,
                      const char *text, const nb_prov *prov)
{
    if (col < 0 || col >= NB_SPAN_MAX_COLS)
        return 0;
    colspan = CLAMP(colspan, 1, NB_SPAN_MAX_COLS - col);
    scell *above = vm == NB_VMERGE_CONTINUE && t->open[col] >= 0
                       ? g_ptr_array_index(t->cells, t->open[col]) : NULL;
    if (above && above->col == col && above->colspan == colspan && row > above->row) {
        above->rowspan = row - above->row + 1;
        if (text && *text && !*above->text) {
            g_free(above->text);
            above->text = g_strdup(text);
        }
        return 0;
    }
    scell *c = g_new0(scell, 1);
    c->row = row, c->col = col, c->rowspan = 1, c->colspan = colspan;
    c->text = g_strdup(text ? text : "");
    c->prov = *prov;
    g_ptr_array_add(t->cells, c);
    set_open(t, col, colspan, vm == NB_VMERGE_RESTART ? (int)t->cells->len - 1 : -1);
    return colspan;
}

gboolean nb_span_table_merge_open(const nb_span_table *t)
{
    for (int c = 0; t && c < NB_SPAN_MAX_COLS; c++)
        if (t->open[c] >= 0)
            return TRUE;
    return FALSE;
}

guint nb_span_table_cells(const nb_span_table *t)
{
    return t ? t->cells->len : 0;
}

nb_grid *nb_span_table_grid(const nb_span_table *t, const char *name)
{
    if (!t || !t->cells->len)
        return NULL;
    nb_grid *g = nb_grid_new();
    for (guint i = 0; i < t->cells->len; i++) {
        const scell *c = g_ptr_array_index(t->cells, i);
        nb_grid_put(g, c->row, c->col, c->text, c->rowspan, c->colspan, &c->prov);
    }
    nb_grid_set_name(g, name);
    return g;
}

void nb_span_join(GString *text, glong *last_chars, const char *part)
{
    glong n = g_utf8_strlen(part, -1);
    if (!n)
        return;
    if (text->len && !(n == 1 && *last_chars == 1))
        g_string_append_c(text, ' ');
    g_string_append(text, part);
    *last_chars = n;
}
