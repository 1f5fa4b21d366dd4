/* flat.c — see flat.h. */
#include "layout/flat.h"
#include "layout/model/textnorm.h"

#include <string.h>

nb_flat_cell *nb_flat_cell_new(const char *text, int line)
{
    nb_flat_cell *c = g_new0(nb_flat_cell, 1);
    c->text = g_strdup(text ? text : "");
    c->line = line;
    return c;
}

void nb_flat_cell_free(gpointer p)
{
    nb_flat_cell *c = p;
    if (!c)
        return;
    g_free(c->text);
    g_free(c);
}

gboolean nb_flat_is_value(const char *s)
{
    return nb_parse_number(s, NULL) != NB_NUM_BAD;
}

gboolean nb_flat_is_label(const char *s, glong max_chars)
{
    return *s && g_utf8_strlen(s, -1) <= max_chars && !strstr(s, "。") && !strstr(s, "；") &&
           !strchr(s, ';') && !nb_flat_is_value(s);
}

/* Leading cells that are labels (text that is not a number or blank). */
static int label_count(const GPtrArray *row)
{
    int n = 0;
    while (n < (int)row->len) {
        const nb_flat_cell *c = g_ptr_array_index(row, n);
        if (nb_flat_is_value(c->text))
            break;
        n++;
    }
    return n;
}

/* A data row: a label, then only values (numbers or blanks), at least one number. */
static gboolean is_data_row(const GPtrArray *row, int labels)
{
    if (labels == 0 || labels == (int)row->len)
        return FALSE;
    gboolean number = FALSE;
    for (guint i = (guint)labels; i < row->len; i++) {
        const nb_flat_cell *c = g_ptr_array_index(row, i);
        nb_numkind k = nb_parse_number(c->text, NULL);
        if (k == NB_NUM_BAD)
            return FALSE;
        number |= k == NB_NUM_OK;
    }
    return number;
}

static nb_prov line_prov(const nb_flat_cell *c)
{
    nb_prov p = nb_prov_none(NB_ORIGIN_TEXT);
    p.line = c->line;
    return p;
}

/* A row whose own label is numbered at the level of the group label above it
 * (or higher: "（七）总计" after "（六）其他处理", "四、…" after a group) is not
 * inside that group; it spans the label columns itself. */
static gboolean sibling_of_group(const nb_grid *g, int above, const GPtrArray *row)
{
    const nb_cell *c = nb_grid_cell(g, above, 0);
    if (!c || !c->set || !row->len)
        return FALSE;
    int group = nb_label_level(nb_grid_text(g, above, 0));
    int own = nb_label_level(((const nb_flat_cell *)g_ptr_array_index(row, 0))->text);
    return group > 0 && own > 0 && own <= group;
}

nb_grid *nb_flat_build(const GPtrArray *rows)
{
    nb_grid *g = nb_grid_new();
    int n = (int)rows->len;
    int *labels = g_new0(int, n);
    gboolean *data = g_new0(gboolean, n);
    gboolean *aligned = g_new0(gboolean, n); /* row holds a full set of labels */
    int width = 0;
    for (int r = 0; r < n; r++) {
        const GPtrArray *row = g_ptr_array_index(rows, r);
        labels[r] = label_count(row);
        data[r] = is_data_row(row, labels[r]);
        if (data[r] && labels[r] > width)
            width = labels[r];
    }
    for (int r = 0; r < n; r++) {
        const GPtrArray *row = g_ptr_array_index(rows, r);
        /* data rows with fewer labels sit under the group label of the row above */
        int shift = data[r] ? width - labels[r] : 0;
        if (shift > 0 && r > 0 && data[r - 1] && aligned[r - 1] &&
            !sibling_of_group(g, r - 1, row)) {
            aligned[r] = TRUE;
            for (int c = 0; c < shift; c++) {
                const nb_cell *above = nb_grid_cell(g, r - 1, c);
                if (!above || !above->set)
                    continue;
                const nb_cell *a = nb_grid_cell(g, above->anchor_row, above->anchor_col);
                if (a && a->anchor && a->anchor_col == c && a->colspan == 1) {
                    int ar = above->anchor_row;
                    char *t = g_strdup(a->text);
                    nb_prov p = a->prov;
                    nb_grid_put(g, ar, c, t, r - ar + 1, 1, &p);
                    g_free(t);
                }
            }
        } else if (shift > 0) {
            shift = 0;
        } else {
            aligned[r] = data[r];
        }
        int lead = data[r] && !aligned[r] && labels[r] < width ? width - labels[r] : 0;
        for (guint i = 0; i < row->len; i++) {
            const nb_flat_cell *c = g_ptr_array_index(row, i);
            nb_prov p = line_prov(c);
            /* a short label row that is not in a group spans the label columns */
            int span = (i == 0 && lead > 0) ? lead + 1 : 1;
            int col = shift + (int)i + (i > 0 ? lead : 0);
            nb_grid_put(g, r, col, c->text, 1, span, &p);
        }
        if (row->len == 0)
            nb_grid_put(g, r, 0, "", 1, 1, NULL);
    }
    g_free(labels);
    g_free(data);
    g_free(aligned);
    return g;
}
