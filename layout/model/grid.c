/* grid.c — see grid.h.  Rows are GArrays of nb_cell, grown on demand. */
#include "layout/model/grid.h"

#include <glib.h>
#include <string.h>

struct nb_grid {
    GPtrArray *rows; /* of GArray<nb_cell> */
    int cols;
    char *name;
};

static const nb_cell k_unset = {(char *)"", 0, 0, false, false, -1, -1,
                                {0, 0, false, {0, 0, 0, 0}, -1, NB_ORIGIN_TEXT, false, {0, 0, 0}}};

const char *nb_origin_name(nb_origin o)
{
    switch (o) {
    case NB_ORIGIN_HTML: return "html";
    case NB_ORIGIN_TEXT_LAYER: return "text-layer";
    case NB_ORIGIN_OCR: return "ocr";
    case NB_ORIGIN_CORRECTION: return "correction";
    case NB_ORIGIN_DOCX: return "docx";
    case NB_ORIGIN_DOC: return "doc";
    default: return "text";
    }
}

nb_prov nb_prov_none(nb_origin o)
{
    nb_prov p = {0, 0, false, {0, 0, 0, 0}, -1, o, false, {0, 0, 0}};
    return p;
}

static void cell_clear(nb_cell *c)
{
    if (c->set)
        g_free(c->text);
    *c = k_unset;
}

static void row_free(gpointer p)
{
    GArray *row = p;
    for (guint i = 0; i < row->len; i++)
        cell_clear(&g_array_index(row, nb_cell, i));
    g_array_free(row, TRUE);
}

nb_grid *nb_grid_new(void)
{
    nb_grid *g = g_new0(nb_grid, 1);
    g->rows = g_ptr_array_new_with_free_func(row_free);
    return g;
}

void nb_grid_free(nb_grid *g)
{
    if (!g)
        return;
    g_ptr_array_free(g->rows, TRUE);
    g_free(g->name);
    g_free(g);
}

static nb_cell *cell_at(nb_grid *g, int row, int col)
{
    while ((int)g->rows->len <= row)
        g_ptr_array_add(g->rows, g_array_new(FALSE, FALSE, sizeof(nb_cell)));
    GArray *r = g_ptr_array_index(g->rows, row);
    while ((int)r->len <= col)
        g_array_append_val(r, k_unset);
    if (col + 1 > g->cols)
        g->cols = col + 1;
    return &g_array_index(r, nb_cell, col);
}

void nb_grid_put(nb_grid *g, int row, int col, const char *text, int rowspan,
                 int colspan, const nb_prov *prov)
{
    if (!g || row < 0 || col < 0)
        return;
    rowspan = rowspan < 1 ? 1 : rowspan;
    colspan = colspan < 1 ? 1 : colspan;
    nb_prov p = prov ? *prov : nb_prov_none(NB_ORIGIN_TEXT);
    for (int r = row; r < row + rowspan; r++)
        for (int c = col; c < col + colspan; c++) {
            nb_cell *cell = cell_at(g, r, c);
            cell_clear(cell);
            cell->set = true;
            cell->text = g_strdup(r == row && c == col && text ? text : "");
            cell->anchor = (r == row && c == col);
            cell->rowspan = cell->anchor ? rowspan : 0;
            cell->colspan = cell->anchor ? colspan : 0;
            cell->anchor_row = row;
            cell->anchor_col = col;
            cell->prov = p;
        }
}

int nb_grid_append(nb_grid *g, int row, const char *text, int rowspan,
                   int colspan, const nb_prov *prov)
{
    if (!g || row < 0)
        return -1;
    int col = 0;
    for (;;) {
        const nb_cell *c = nb_grid_cell(g, row, col);
        if (!c || !c->set)
            break;
        col++;
    }
    nb_grid_put(g, row, col, text, rowspan, colspan, prov);
    return col;
}

int nb_grid_rows(const nb_grid *g) { return g ? (int)g->rows->len : 0; }
int nb_grid_cols(const nb_grid *g) { return g ? g->cols : 0; }

const nb_cell *nb_grid_cell(const nb_grid *g, int row, int col)
{
    if (!g || row < 0 || col < 0 || row >= (int)g->rows->len || col >= g->cols)
        return NULL;
    GArray *r = g_ptr_array_index(g->rows, row);
    if (col >= (int)r->len)
        return &k_unset;
    return &g_array_index(r, nb_cell, col);
}

const char *nb_grid_text(const nb_grid *g, int row, int col)
{
    const nb_cell *c = nb_grid_cell(g, row, col);
    if (!c || !c->set)
        return "";
    if (!c->anchor)
        c = nb_grid_cell(g, c->anchor_row, c->anchor_col);
    return c && c->text ? c->text : "";
}

void nb_grid_set_name(nb_grid *g, const char *name)
{
    if (!g)
        return;
    g_free(g->name);
    g->name = g_strdup(name);
}

const char *nb_grid_name(const nb_grid *g) { return g ? g->name : NULL; }

void nb_grid_append_rows(nb_grid *dst, const nb_grid *src, int first_src_row)
{
    if (!dst || !src)
        return;
    int base = nb_grid_rows(dst) - first_src_row;
    for (int r = first_src_row; r < nb_grid_rows(src); r++)
        for (int c = 0; c < nb_grid_cols(src); c++) {
            const nb_cell *cell = nb_grid_cell(src, r, c);
            if (!cell || !cell->set || !cell->anchor)
                continue;
            nb_grid_put(dst, base + r, c, cell->text, cell->rowspan,
                        cell->colspan, &cell->prov);
        }
    /* keep empty trailing rows so row counts add up */
    if (nb_grid_rows(src) > first_src_row)
        cell_at(dst, base + nb_grid_rows(src) - 1, 0);
}

void nb_grid_remove_row(nb_grid *g, int row)
{
    if (!g || row < 0 || row >= (int)g->rows->len)
        return;
    /* anchors in the removed row hand their text to the row below */
    GArray *dead = g_ptr_array_index(g->rows, row);
    for (guint c = 0; c < dead->len; c++) {
        nb_cell *a = &g_array_index(dead, nb_cell, c);
        if (a->set && a->anchor && a->rowspan > 1 && row + 1 < (int)g->rows->len) {
            nb_cell *below = cell_at(g, row + 1, (int)c);
            g_free(below->text);
            below->text = g_strdup(a->text);
            below->anchor = true;
            below->rowspan = a->rowspan - 1;
            below->colspan = a->colspan;
        }
    }
    g_ptr_array_remove_index(g->rows, row);
    for (guint r = 0; r < g->rows->len; r++) {
        GArray *cells = g_ptr_array_index(g->rows, r);
        for (guint c = 0; c < cells->len; c++) {
            nb_cell *x = &g_array_index(cells, nb_cell, c);
            if (!x->set)
                continue;
            if (x->anchor_row > row)
                x->anchor_row--;
            else if (x->anchor_row == row)
                x->anchor_row = row; /* the row below took the anchor */
            if (x->anchor && x->anchor_row < row && x->anchor_row + x->rowspan > row)
                x->rowspan--;
        }
    }
}
