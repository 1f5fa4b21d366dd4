/* pdfdoc.c — see pdfdoc.h. */
#include "layout/pdfdoc.h"
#include "layout/pdfflow.h"
#include "layout/pdfgrid.h"

struct nb_paged {
    int npages;
    GPtrArray *flow;   /* nb_flow_page* per page (NULL until read) */
    GPtrArray *tables; /* nb_pdf_table*, document order */
    GPtrArray *parts;  /* nb_doc* per page, NULL for text pages */
};

static void part_free(gpointer d)
{
    nb_doc_free(d);
}

nb_paged *nb_paged_new(int npages)
{
    nb_paged *pd = g_new0(nb_paged, 1);
    pd->npages = MAX(npages, 0);
    pd->flow = g_ptr_array_new_with_free_func(nb_flow_page_free);
    pd->tables = g_ptr_array_new_with_free_func(nb_pdf_table_free);
    pd->parts = g_ptr_array_new_with_free_func(part_free);
    g_ptr_array_set_size(pd->flow, (guint)pd->npages);
    g_ptr_array_set_size(pd->parts, (guint)pd->npages);
    return pd;
}

void nb_paged_free(nb_paged *pd)
{
    if (!pd)
        return;
    g_ptr_array_free(pd->flow, TRUE);
    g_ptr_array_free(pd->tables, TRUE);
    g_ptr_array_free(pd->parts, TRUE);
    g_free(pd);
}

static int table_top_cmp(gconstpointer a, gconstpointer b)
{
    const nb_pdf_table *x = *(nb_pdf_table *const *)a, *y = *(nb_pdf_table *const *)b;
    return (x->box.y0 > y->box.y0) - (x->box.y0 < y->box.y0);
}

/* Lines of the glyphs no table took. */
static GPtrArray *flow_lines(const nb_page_text *pt, const gboolean *used)
{
    GPtrArray *free_glyphs = g_ptr_array_new();
    for (guint i = 0; i < pt->glyphs->len; i++)
        if (!used[i])
            g_ptr_array_add(free_glyphs, &g_array_index(pt->glyphs, nb_glyph, i));
    GPtrArray *lines = nb_text_lines(free_glyphs, pt->number);
    g_ptr_array_free(free_glyphs, TRUE);
    return lines;
}

void nb_paged_add_text_page(nb_paged *pd, const nb_page_text *pt, GPtrArray *ruled, gboolean *used,
                            gboolean columns)
{
    g_return_if_fail(pd && pt && pt->number >= 1 && pt->number <= pd->npages);
    GPtrArray *tables = ruled ? ruled : g_ptr_array_new_with_free_func(nb_pdf_table_free);
    if (columns) {
        GPtrArray *plain = nb_pdf_tables_unruled_blanks(pt, used, TRUE); /* a text layer: blank is empty */
        for (guint i = 0; i < plain->len; i++) {
            g_ptr_array_add(tables, g_ptr_array_index(plain, i));
            plain->pdata[i] = NULL;
        }
        g_ptr_array_free(plain, TRUE);
    }
    g_ptr_array_sort(tables, table_top_cmp);
    nb_flow_page *fp = nb_flow_page_new(pt->number, pt->width, pt->height, flow_lines(pt, used));
    for (guint i = 0; i < tables->len; i++) {
        nb_pdf_table *t = g_ptr_array_index(tables, i);
        g_array_append_val(fp->tables, t->box);
        g_ptr_array_add(pd->tables, t);
        tables->pdata[i] = NULL;
    }
    g_ptr_array_free(tables, TRUE);
    nb_flow_page_free(pd->flow->pdata[pt->number - 1]);
    pd->flow->pdata[pt->number - 1] = fp;
}

void nb_paged_set_part(nb_paged *pd, int page, nb_doc *part)
{
    g_return_if_fail(pd && page >= 1 && page <= pd->npages);
    nb_doc_free(pd->parts->pdata[page - 1]);
    pd->parts->pdata[page - 1] = part;
}

/* A table starts its page when nothing but furniture is above it, and ends
 * it when nothing is below it. */
static void mark_page_edges(nb_paged *pd)
{
    for (guint i = 0; i < pd->tables->len; i++) {
        nb_pdf_table *t = g_ptr_array_index(pd->tables, i);
        const nb_flow_page *fp = g_ptr_array_index(pd->flow, t->page - 1);
        t->starts_page = t->ends_page = TRUE;
        for (guint k = 0; k < fp->lines->len; k++) {
            const nb_text_line *l = g_ptr_array_index(fp->lines, k);
            if (l->box.y1 <= t->box.y0 + 1)
                t->starts_page = FALSE;
            if (l->box.y0 >= t->box.y1 - 1)
                t->ends_page = FALSE;
        }
        for (guint k = 0; k < fp->tables->len; k++) {
            const nb_box *b = &g_array_index(fp->tables, nb_box, k);
            if (b->y1 <= t->box.y0 + 1)
                t->starts_page = FALSE;
            if (b->y0 >= t->box.y1 - 1)
                t->ends_page = FALSE;
        }
    }
}

static void add_paragraph(nb_doc *doc, const nb_text_line *l, double unit)
{
    nb_prov p = nb_prov_none(NB_ORIGIN_TEXT_LAYER);
    p.page = l->page;
    p.has_box = true;
    p.box[0] = l->box.x0 / unit, p.box[1] = l->box.y0 / unit;
    p.box[2] = l->box.x1 / unit, p.box[3] = l->box.y1 / unit;
    nb_doc_add_line(doc, l->text, &p);
}

static void grid_boxes_divide(nb_grid *g, double unit)
{
    for (int r = 0; unit != 1.0 && r < nb_grid_rows(g); r++)
        for (int c = 0; c < nb_grid_cols(g); c++) {
            nb_cell *cell = (nb_cell *)nb_grid_cell(g, r, c);
            if (cell && cell->set && cell->prov.has_box)
                for (int k = 0; k < 4; k++)
                    cell->prov.box[k] /= unit;
        }
}

void nb_paged_fill(nb_paged *pd, nb_doc *doc, double unit, nb_paged_part_fn add_part)
{
    g_return_if_fail(pd && doc && unit > 0);
    for (guint i = 0; i < pd->flow->len; i++)
        if (!g_ptr_array_index(pd->flow, i))
            pd->flow->pdata[i] = nb_flow_page_new((int)i + 1, 0, 0, NULL);
    nb_flow_strip_furniture(pd->flow);
    mark_page_edges(pd);
    doc->title = pd->flow->len ? nb_flow_title(g_ptr_array_index(pd->flow, 0)) : NULL;
    GPtrArray *paras = nb_flow_paragraphs(pd->flow);
    GPtrArray *tables = nb_pdf_tables_stitch(pd->tables);
    pd->tables = g_ptr_array_new_with_free_func(nb_pdf_table_free);
    guint pi = 0, ti = 0;
    for (int page = 1; page <= pd->npages; page++) {
        for (; pi < paras->len && ((nb_text_line *)g_ptr_array_index(paras, pi))->page <= page; pi++)
            add_paragraph(doc, g_ptr_array_index(paras, pi), unit);
        for (; ti < tables->len && ((nb_pdf_table *)g_ptr_array_index(tables, ti))->page <= page; ti++) {
            nb_grid *g = nb_pdf_table_to_grid(g_ptr_array_index(tables, ti), (int)ti + 1);
            grid_boxes_divide(g, unit);
            nb_doc_add_grid(doc, g);
        }
        nb_doc *part = g_ptr_array_index(pd->parts, page - 1);
        if (part && add_part)
            add_part(doc, part);
    }
    g_ptr_array_free(paras, TRUE);
    g_ptr_array_free(tables, TRUE);
    doc->pages = pd->npages;
}
