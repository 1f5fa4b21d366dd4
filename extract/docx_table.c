/* docx_table.c — see docx_table.h. */
#include "extract/docx_table.h"
#include "extract/span_table.h"

#include <string.h>

/* w:gridSpan may not make one cell wider than this (a hostile span would
 * cost memory; the table itself is capped at NB_SPAN_MAX_COLS). */
enum { k_max_span = 64 };

struct nb_docx_table {
    nb_span_table *spans;
    int rows, cols;      /* rows added so far; columns of the first w:tblGrid */
    int header_rows;     /* leading rows marked w:tblHeader */
    GPtrArray *headers;  /* char*: the text of each header row, to spot repeats */
    char *name;          /* "table N" of the first w:tbl */
};

char *nb_docx_walk_para(nb_docx_walk *walk, const xmlNode *p)
{
    (*walk->para)++;
    char *label = nb_docx_num_label(walk->num, p);
    char *text = nb_docx_para_text(p);
    if (!label)
        return text;
    char *both = g_strconcat(label, text, NULL);
    g_free(label);
    g_free(text);
    return both;
}

/* The elements of kind `local` directly under `n`, looking through the
 * content controls and custom XML Word wraps rows and cells in. */
static void own_children(const xmlNode *n, const char *local, GPtrArray *out)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (nb_w_is(c, local))
            g_ptr_array_add(out, (gpointer)c);
        else if (nb_w_is(c, "sdt") || nb_w_is(c, "sdtContent") || nb_w_is(c, "customXml"))
            own_children(c, local, out);
    }
}

static int grid_columns(const xmlNode *tbl)
{
    int n = 0;
    for (const xmlNode *c = nb_w_child(tbl, "tblGrid") ? nb_w_child(tbl, "tblGrid")->children : NULL; c;
         c = c->next)
        n += nb_w_is(c, "gridCol");
    return MIN(n, NB_SPAN_MAX_COLS);
}

static gboolean is_header_row(const xmlNode *tr)
{
    const xmlNode *h = nb_w_child(nb_w_child(tr, "trPr"), "tblHeader");
    if (!h)
        return FALSE;
    char *v = nb_w_attr(h, "val");
    gboolean on = !v || !(strcmp(v, "0") && strcmp(v, "false") && strcmp(v, "off"));
    g_free(v);
    return on;
}

static nb_vmerge vmerge_of(const xmlNode *tc)
{
    const xmlNode *vm = nb_w_child(nb_w_child(tc, "tcPr"), "vMerge");
    if (!vm)
        return NB_VMERGE_NONE;
    char *v = nb_w_attr(vm, "val");
    nb_vmerge kind = v && !strcmp(v, "restart") ? NB_VMERGE_RESTART : NB_VMERGE_CONTINUE;
    g_free(v);
    return kind;
}

/* A cell's text being joined from its paragraphs (nb_span_join). */
typedef struct {
    GString *text;
    glong last_chars; /* characters of the last paragraph joined */
    int first_para;   /* index of the cell's first paragraph, 0 = none yet */
} cell_join;

/* Joins the text of `n`'s paragraphs (and those of tables nested in it) into
 * `j`, counting them in `walk`. */
static void cell_text(const xmlNode *n, nb_docx_walk *walk, cell_join *j)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (nb_w_is(c, "p")) {
            char *t = nb_docx_walk_para(walk, c);
            if (!j->first_para)
                j->first_para = *walk->para;
            nb_span_join(j->text, &j->last_chars, g_strstrip(t));
            g_free(t);
        } else if (c->type == XML_ELEMENT_NODE && !nb_w_is(c, "tcPr")) {
            cell_text(c, walk, j); /* nested tables, content controls */
        }
    }
}

/* The texts of one row, for comparing a repeated header with the first. */
static char *row_text(const xmlNode *tr)
{
    GString *o = g_string_new(NULL);
    GPtrArray *tcs = g_ptr_array_new();
    own_children(tr, "tc", tcs);
    for (guint i = 0; i < tcs->len; i++) {
        const xmlNode *tc = g_ptr_array_index(tcs, i);
        for (const xmlNode *p = tc->children; p; p = p->next)
            if (nb_w_is(p, "p")) {
                char *t = nb_docx_para_text(p);
                g_string_append(o, t);
                g_free(t);
            }
        g_string_append_c(o, '|');
    }
    g_ptr_array_free(tcs, TRUE);
    return g_string_free(o, FALSE);
}

/* Adds cell `tc` at grid row `row`, column `col`; returns the columns it spans. */
static int add_cell(nb_docx_table *t, const xmlNode *tc, int row, int col, int tbl_index, int tr_index,
                    nb_docx_walk *walk)
{
    int span = nb_w_child_val_int(nb_w_child(tc, "tcPr"), "gridSpan", 1, 1, k_max_span);
    cell_join j = {g_string_new(NULL), 0, 0};
    cell_text(tc, walk, &j);
    nb_prov prov = nb_prov_none(NB_ORIGIN_DOCX);
    prov.line = j.first_para;
    prov.has_cell = true;
    prov.cell[0] = tbl_index, prov.cell[1] = tr_index, prov.cell[2] = col;
    *walk->positions += nb_span_table_add(t->spans, row, col, span, vmerge_of(tc), j.text->str, &prov);
    g_string_free(j.text, TRUE);
    return span;
}

/* Adds the rows of `tbl` from its row `skip` on. */
static void add_rows(nb_docx_table *t, const xmlNode *tbl, int index, int skip, nb_docx_walk *walk)
{
    GPtrArray *trs = g_ptr_array_new();
    own_children(tbl, "tr", trs);
    for (guint r = 0; r < trs->len; r++) {
        const xmlNode *tr = g_ptr_array_index(trs, r);
        GPtrArray *tcs = g_ptr_array_new();
        own_children(tr, "tc", tcs);
        if ((int)r < skip) { /* a repeated header: its paragraphs still count */
            for (guint k = 0; k < tcs->len; k++) {
                cell_join j = {g_string_new(NULL), 0, 0};
                cell_text(g_ptr_array_index(tcs, k), walk, &j);
                g_string_free(j.text, TRUE);
            }
            g_ptr_array_free(tcs, TRUE);
            continue;
        }
        int col = nb_w_child_val_int(nb_w_child(tr, "trPr"), "gridBefore", 0, 0, NB_SPAN_MAX_COLS - 1);
        for (guint k = 0; k < tcs->len && col < NB_SPAN_MAX_COLS; k++)
            col += add_cell(t, g_ptr_array_index(tcs, k), t->rows, col, index, (int)r, walk);
        if (t->rows == (int)r && (int)r == t->header_rows && is_header_row(tr)) {
            t->header_rows++;
            g_ptr_array_add(t->headers, row_text(tr));
        }
        t->rows++;
        g_ptr_array_free(tcs, TRUE);
    }
    g_ptr_array_free(trs, TRUE);
}

nb_docx_table *nb_docx_table_new(const xmlNode *tbl, int index, nb_docx_walk *walk)
{
    nb_docx_table *t = g_new0(nb_docx_table, 1);
    t->spans = nb_span_table_new();
    t->headers = g_ptr_array_new_with_free_func(g_free);
    t->cols = grid_columns(tbl);
    t->name = g_strdup_printf("table %d", index + 1);
    add_rows(t, tbl, index, 0, walk);
    return t;
}

/* The leading header rows of `tbl` that repeat t's header, or 0. */
static int repeated_header(const nb_docx_table *t, const xmlNode *tbl)
{
    GPtrArray *trs = g_ptr_array_new();
    own_children(tbl, "tr", trs);
    int n = 0;
    for (guint r = 0; r < trs->len && (int)r < t->header_rows; r++) {
        const xmlNode *tr = g_ptr_array_index(trs, r);
        char *text = is_header_row(tr) ? row_text(tr) : NULL;
        gboolean same = text && !strcmp(text, g_ptr_array_index(t->headers, r));
        g_free(text);
        if (!same)
            break;
        n++;
    }
    g_ptr_array_free(trs, TRUE);
    return n == t->header_rows ? n : 0;
}

/* True when the first row of `tbl` continues a vertical merge open in t. */
static gboolean opens_with_continuation(const nb_docx_table *t, const xmlNode *tbl)
{
    GPtrArray *trs = g_ptr_array_new(), *tcs = g_ptr_array_new();
    own_children(tbl, "tr", trs);
    if (trs->len)
        own_children(g_ptr_array_index(trs, 0), "tc", tcs);
    gboolean yes = FALSE;
    for (guint k = 0; k < tcs->len && !yes; k++)
        yes = vmerge_of(g_ptr_array_index(tcs, k)) == NB_VMERGE_CONTINUE;
    g_ptr_array_free(trs, TRUE);
    g_ptr_array_free(tcs, TRUE);
    return yes && nb_span_table_merge_open(t->spans);
}

gboolean nb_docx_table_continues(const nb_docx_table *t, const xmlNode *tbl)
{
    if (!t || !nb_span_table_cells(t->spans) || grid_columns(tbl) != t->cols)
        return FALSE;
    return (t->header_rows > 0 && repeated_header(t, tbl) > 0) || opens_with_continuation(t, tbl);
}

void nb_docx_table_add(nb_docx_table *t, const xmlNode *tbl, int index, nb_docx_walk *walk)
{
    add_rows(t, tbl, index, repeated_header(t, tbl), walk);
}

nb_grid *nb_docx_table_grid(const nb_docx_table *t)
{
    return t ? nb_span_table_grid(t->spans, t->name) : NULL;
}

void nb_docx_table_free(nb_docx_table *t)
{
    if (!t)
        return;
    nb_span_table_free(t->spans);
    g_ptr_array_free(t->headers, TRUE);
    g_free(t->name);
    g_free(t);
}
