/* html_table.c — see html_table.h. */
#include "extract/html_table.h"
#include "layout/model/textnorm.h"

/* Appends to `out` the elements named `name` under `n` that belong to it,
 * not to a table nested inside (whose rows and cells are its own). */
static void collect_own(const xmlNode *n, const char *name, GPtrArray *out)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || nb_html_skipped(c) || nb_html_is(c, "table"))
            continue;
        if (nb_html_is(c, name))
            g_ptr_array_add(out, (gpointer)c);
        else
            collect_own(c, name, out);
    }
}

static GPtrArray *table_rows(const xmlNode *table)
{
    GPtrArray *rows = g_ptr_array_new();
    collect_own(table, "tr", rows);
    return rows;
}

static gboolean is_cell(const xmlNode *n)
{
    return (nb_html_is(n, "td") || nb_html_is(n, "th")) && !nb_html_skipped(n);
}

/* The visible <td>/<th> cells of a row, in document order (hidden ones,
 * like Word's placeholder cells, take no place in a browser either). */
static GPtrArray *row_cells(const xmlNode *tr)
{
    GPtrArray *cells = g_ptr_array_new();
    for (const xmlNode *c = tr->children; c; c = c->next) {
        if (is_cell(c))
            g_ptr_array_add(cells, (gpointer)c);
        else if (c->type == XML_ELEMENT_NODE && !nb_html_skipped(c) && !nb_html_is(c, "tr") &&
                 !nb_html_is(c, "table") && !nb_html_is(c, "td") && !nb_html_is(c, "th"))
            /* cells wrapped by stray markup (<form>, <span>) still belong to the row */
            for (const xmlNode *d = c->children; d; d = d->next)
                if (is_cell(d))
                    g_ptr_array_add(cells, (gpointer)d);
    }
    return cells;
}

static gboolean contains_table(const xmlNode *n)
{
    for (const xmlNode *c = n->children; c; c = c->next)
        if (nb_html_is(c, "table") || (c->type == XML_ELEMENT_NODE && contains_table(c)))
            return TRUE;
    return FALSE;
}

/* Longer than any label or note a template table prints (the longest are
 * about 40 characters): such a cell holds prose, laid out by the table. */
enum { k_prose_chars = 150 };

static gboolean holds_prose(const xmlNode *cell)
{
    char *text = nb_html_text(cell);
    gboolean prose = g_utf8_strlen(text, -1) > k_prose_chars;
    g_free(text);
    return prose;
}

gboolean nb_html_table_is_layout(const xmlNode *table)
{
    GPtrArray *rows = table_rows(table);
    gboolean layout = FALSE, wide = FALSE;
    for (guint r = 0; r < rows->len && !layout; r++) {
        GPtrArray *cells = row_cells(g_ptr_array_index(rows, r));
        wide |= cells->len > 1;
        for (guint c = 0; c < cells->len && !layout; c++) {
            const xmlNode *cell = g_ptr_array_index(cells, c);
            layout = contains_table(cell) || holds_prose(cell);
        }
        g_ptr_array_free(cells, TRUE);
    }
    g_ptr_array_free(rows, TRUE);
    return layout || !wide;
}

gboolean nb_html_is_number_cell(const xmlNode *td)
{
    char *text = nb_html_text(td);
    gboolean yes = nb_parse_number(text, NULL) == NB_NUM_OK;
    g_free(text);
    return yes;
}

static gboolean holds_link(const xmlNode *n)
{
    for (const xmlNode *c = n->children; c; c = c->next)
        if (nb_html_is(c, "a") || (c->type == XML_ELEMENT_NODE && holds_link(c)))
            return TRUE;
    return FALSE;
}

gboolean nb_html_table_census(const xmlNode *table, int *numbers, int *blanks)
{
    int nums = 0, empty = 0;
    GPtrArray *rows = table_rows(table);
    for (guint r = 0; r < rows->len; r++) {
        GPtrArray *cells = row_cells(g_ptr_array_index(rows, r));
        for (guint c = 0; c < cells->len; c++) {
            const xmlNode *cell = g_ptr_array_index(cells, c);
            char *text = nb_html_text(cell);
            empty += !*text;
            nums += *text && nb_parse_number(text, NULL) == NB_NUM_OK;
            g_free(text);
        }
        g_ptr_array_free(cells, TRUE);
    }
    g_ptr_array_free(rows, TRUE);
    if (numbers)
        *numbers = nums;
    if (blanks)
        *blanks = empty;
    return holds_link(table);
}

/* Report tables are at most a few dozen columns wide; a wider table is no
 * template table, and laying it out costs time quadratic in its width. */
enum { k_max_columns = 256 };

/* A cell's spans, clamped the way browsers clamp them; rowspan="0" means
 * "to the end of the table". */
static void cell_spans(const xmlNode *td, int rows_left, int *rowspan, int *colspan)
{
    *rowspan = nb_html_attr_int(td, "rowspan", 1, 0, 65534);
    if (*rowspan == 0 || *rowspan > rows_left)
        *rowspan = rows_left;
    *colspan = nb_html_attr_int(td, "colspan", 1, 1, 1000);
}

/* What a table would take once expanded, counted before anything is built:
 * the grid positions its cells fill (the grid's memory) and a bound on its
 * width (the widest row's own colspans plus every colspan that a rowspan
 * carries down into other rows). */
typedef struct {
    gint64 area;
    gint64 width;
} table_size;

static table_size measure_table(GPtrArray *rows)
{
    table_size size = {0, 0};
    gint64 widest = 0, carried = 0;
    for (guint r = 0; r < rows->len; r++) {
        GPtrArray *cells = row_cells(g_ptr_array_index(rows, r));
        gint64 own = 0;
        for (guint c = 0; c < cells->len; c++) {
            int rs, cs;
            cell_spans(g_ptr_array_index(cells, c), (int)(rows->len - r), &rs, &cs);
            size.area += (gint64)rs * cs;
            own += cs;
            if (rs > 1)
                carried += cs;
        }
        widest = MAX(widest, own);
        g_ptr_array_free(cells, TRUE);
    }
    size.width = widest + carried;
    return size;
}

static void put_cell(nb_grid *g, int r, int rows_left, const xmlNode *td)
{
    int rowspan, colspan;
    cell_spans(td, rows_left, &rowspan, &colspan);
    nb_prov prov = nb_prov_none(NB_ORIGIN_HTML);
    prov.line = nb_html_line(td);
    char *text = nb_html_text(td);
    nb_grid_append(g, r, text, rowspan, colspan, &prov);
    g_free(text);
}

nb_grid *nb_html_table_grid(const xmlNode *table, gint64 max_positions, gint64 *positions,
                            const char **why)
{
    gint64 dummy_positions;
    const char *dummy_why;
    if (!positions)
        positions = &dummy_positions;
    if (!why)
        why = &dummy_why;
    GPtrArray *rows = table_rows(table);
    table_size size = measure_table(rows);
    *positions = size.area;
    *why = size.area > max_positions  ? "over the page's budget of grid cells"
           : size.width > k_max_columns ? "wider than any report table"
                                        : NULL;
    nb_grid *g = NULL;
    if (size.area > 0 && !*why) {
        g = nb_grid_new();
        for (guint r = 0; r < rows->len; r++) {
            GPtrArray *cells = row_cells(g_ptr_array_index(rows, r));
            for (guint c = 0; c < cells->len; c++)
                put_cell(g, (int)r, (int)(rows->len - r), g_ptr_array_index(cells, c));
            g_ptr_array_free(cells, TRUE);
        }
    }
    g_ptr_array_free(rows, TRUE);
    return g;
}
