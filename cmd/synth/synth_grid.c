/* synth_grid.c — see synth_grid.h. */
#include "cmd/synth/synth_grid.h"
#include "cmd/synth/synth_common.h"
#include "layout/model/textnorm.h"

#include <math.h>
#include <string.h>

typedef struct {
    const nb_record *r;
    const nb_synth_opts *opts;
    GRand *rnd;
    gboolean *typo_done;
    nb_synth_table *out;
} grid_ctx;

static void put(grid_ctx *c, int row, int col, int rowspan, int colspan, const char *text)
{
    nb_prov none = nb_prov_none(NB_ORIGIN_TEXT);
    nb_grid_put(c->out->grid, row, col, text, rowspan, colspan, &none);
}

static void put_label(grid_ctx *c, int row, int col, int rowspan, int colspan, const char *label)
{
    char *text = c->opts->mangle ? nb_synth_label_noise(c->rnd, label, c->typo_done, FALSE)
                                 : g_strdup(label);
    put(c, row, col, rowspan, colspan, text);
    g_free(text);
}

static void put_value(grid_ctx *c, int row, int col, int colspan, const nb_schema_table *t,
                      const char *row_key, const char *col_key)
{
    const nb_value *v = nb_synth_value(c->r, t, row_key, col_key);
    char *num = v ? nb_format_number(v->value) : g_strdup("");
    if (v && c->opts->mangle && fabs(v->value) >= 1000 && v->value == floor(v->value) &&
        nb_synth_chance(c->rnd, 40)) {
        char *grouped = nb_synth_group_thousands(num);
        g_free(num);
        num = grouped;
    }
    put(c, row, col, 1, colspan, num);
    g_free(num);
}

/* Section 二: a header row whenever the columns change, block captions
 * across the table, rows with fewer values span the last value cell. */
static void list_table(grid_ctx *c, const nb_schema_table *t)
{
    int maxv = nb_synth_max_row_columns(t), row = 0;
    const GPtrArray *prev = NULL;
    for (guint i = 0; i < t->rows->len; i++) {
        const nb_schema_row *sr = g_ptr_array_index(t->rows, i);
        if (!nb_synth_row_present(c->r, t, sr))
            continue;
        int n = (int)sr->columns->len;
        if (sr->block)
            put(c, row++, 0, 1, maxv + 1, sr->block);
        if (sr->block || !nb_synth_same_columns(prev, sr->columns)) {
            put(c, row, 0, 1, 1, "信息内容");
            for (int k = 0; k < n; k++)
                put_label(c, row, k + 1, 1, k + 1 == n ? maxv - k : 1,
                          nb_synth_column_label(t, g_ptr_array_index(sr->columns, k)));
            row++;
        }
        prev = sr->columns;
        put_label(c, row, 0, 1, 1, nb_synth_first_label(sr->labels));
        for (int k = 0; k < n; k++)
            put_value(c, row, k + 1, k + 1 == n ? maxv - k : 1, t, sr->key,
                      g_ptr_array_index(sr->columns, k));
        row++;
    }
}

/* Section 三's header: the corner note, 申请人情况, 法人或其他组织 over the
 * middle columns, the column labels. */
static void grid_header(grid_ctx *c, const nb_schema_table *t)
{
    int nv = (int)t->columns->len;
    put(c, 0, 0, 3, 3, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）");
    put(c, 0, 3, 1, nv, "申请人情况");
    for (int k = 0; k < nv; k++) {
        const nb_schema_labels *col = g_ptr_array_index(t->columns, k);
        if (k == 0 || k == nv - 1)
            put_label(c, 1, 3 + k, 2, 1, nb_synth_first_label(col->labels));
        else
            put_label(c, 2, 3 + k, 1, 1, nb_synth_first_label(col->labels));
    }
    put(c, 1, 4, 1, nv - 2, "法人或其他组织");
    c->out->header_rows = 3;
}

/* Section 三: the vertical group label, sub-group labels, row labels, the
 * applicant columns; a group label printed again after each page split. */
static void grid_table(grid_ctx *c, const nb_schema_table *t, int split_percent)
{
    int nv = (int)t->columns->len, base = 3;
    grid_header(c, t);
    GArray *placed = nb_synth_place_rows(c->r, t, c->rnd, split_percent);
    for (guint i = 0; i < placed->len; i++) {
        const nb_synth_placed_row *p = &g_array_index(placed, nb_synth_placed_row, i);
        int row = base + (int)i, col = 0;
        if (i > 0 && p->segment != p[-1].segment)
            g_array_append_val(c->out->splits, row);
        if (p->outer) {
            if (nb_synth_starts_group(placed, i, FALSE))
                put(c, row, 0, nb_synth_group_run(placed, i, FALSE), 1, p->outer);
            c->out->vertical_col = 0;
            col++;
        }
        if (p->inner) {
            if (nb_synth_starts_group(placed, i, TRUE))
                put_label(c, row, col, nb_synth_group_run(placed, i, TRUE), 1, p->inner);
            col++;
        }
        put_label(c, row, col, 1, 3 - col, nb_synth_first_label(p->row->labels));
        for (int k = 0; k < nv; k++) {
            const nb_schema_labels *cl = g_ptr_array_index(t->columns, k);
            put_value(c, row, 3 + k, 1, t, p->row->key, cl->key);
        }
    }
    g_array_free(placed, TRUE);
}

/* Section 四: the first group beside 行政诉讼 over the other two, their
 * columns, one row of values. */
static void wide_table(grid_ctx *c, const nb_schema_table *t)
{
    int ng = (int)t->groups->len, nc = (int)t->columns->len;
    const nb_schema_labels *first = g_ptr_array_index(t->groups, 0);
    put_label(c, 0, 0, 1, nc, nb_synth_first_label(first->labels));
    put(c, 0, nc, 1, (ng - 1) * nc, "行政诉讼");
    for (int g = 0; g < ng; g++) {
        const nb_schema_labels *gl = g_ptr_array_index(t->groups, g);
        if (g > 0)
            put_label(c, 1, g * nc, 1, nc, nb_synth_first_label(gl->labels));
        for (int k = 0; k < nc; k++) {
            const nb_schema_labels *cl = g_ptr_array_index(t->columns, k);
            put_label(c, g ? 2 : 1, g * nc + k, g ? 1 : 2, 1, nb_synth_first_label(cl->labels));
            put_value(c, 3, g * nc + k, 1, t, gl->key, cl->key);
        }
    }
    c->out->header_rows = 3;
}

nb_synth_table *nb_synth_table_build(const nb_record *r, const nb_schema_table *t, GRand *rnd,
                                     const nb_synth_opts *opts, int split_percent,
                                     gboolean *typo_done)
{
    nb_synth_table *out = g_new0(nb_synth_table, 1);
    out->grid = nb_grid_new();
    out->splits = g_array_new(FALSE, FALSE, sizeof(int));
    out->vertical_col = -1;
    grid_ctx c = {r, opts, rnd, typo_done, out};
    if (t->wide)
        wide_table(&c, t);
    else if (nb_synth_rows_share_columns(t))
        grid_table(&c, t, split_percent);
    else
        list_table(&c, t);
    return out;
}

void nb_synth_table_free(nb_synth_table *t)
{
    if (!t)
        return;
    nb_grid_free(t->grid);
    g_array_free(t->splits, TRUE);
    g_free(t);
}

const char *nb_synth_plain_heading(const GPtrArray *headings)
{
    for (guint i = 0; headings && i < headings->len; i++)
        if (nb_label_level(g_ptr_array_index(headings, i)) == 0)
            return g_ptr_array_index(headings, i);
    return nb_synth_first_label(headings);
}
