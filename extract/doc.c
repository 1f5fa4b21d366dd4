/*
 * doc.c — Word 97-2003 binary documents (.doc, and Kingsoft .wps saved in
 * Word's format): nb_read_doc.
 *
 * libgsf opens the OLE2 container (a maintained Debian library that only
 * hands us stream bytes); our own reader (extract/doc_word97.c) reads the
 * piece table and the paragraph properties.  libwv was the alternative: its
 * upstream is dormant and it is fragile on hostile files (it would have to run
 * in a forked, limited reader), and it gives formatted text rather than the
 * cell and row marks the tables need; the piece table is a few hundred lines
 * whose every offset is checked.
 *
 * Body paragraphs go to the text flow (the centred ones at the start are the
 * title); cells to grids, their boundaries (sprmTDefTable) giving column
 * spans and the TC merge flags vertical spans.  Provenance: line = paragraph
 * index from 1, cell = [table, row, column], origin doc.  Not read: list
 * numbering (LST/LFO: a heading numbered by a list loses its number), headers
 * and footers, footnotes, text boxes.
 */
#include "extract/doc_word97.h"
#include "extract/liblog.h"
#include "extract/reader.h"
#include "extract/span_table.h"

#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-memory.h>

#include "extract/lazylibs.h"

/* Reads stream `name` of the OLE2 file whole (NULL when missing or larger
 * than the file itself: a stream cannot be). */
static guchar *read_stream(GsfInfile *ole, const char *name, gsize file_len, gsize *len)
{
    *len = 0;
    GsfInput *s = gsf_infile_child_by_name(ole, name);
    if (!s)
        return NULL;
    gsf_off_t size = gsf_input_size(s);
    guchar *data = NULL;
    if (size > 0 && (guint64)size <= file_len) {
        data = g_malloc((gsize)size);
        if (gsf_input_read(s, (size_t)size, data))
            *len = (gsize)size;
        else
            g_clear_pointer(&data, g_free);
    }
    g_object_unref(s);
    return data;
}

/* One table row as read: its cells' texts and first paragraphs, and the
 * row-end mark with the cell boundaries. */
typedef struct {
    GPtrArray *cells;       /* char* */
    GArray *paras;          /* int */
    const nb_w97_para *end; /* points into the nb_w97 */
} doc_row;

static void doc_row_free(gpointer p)
{
    doc_row *r = p;
    g_ptr_array_free(r->cells, TRUE);
    g_array_free(r->paras, TRUE);
    g_free(r);
}

static doc_row *doc_row_new(void)
{
    doc_row *r = g_new0(doc_row, 1);
    r->cells = g_ptr_array_new_with_free_func(g_free);
    r->paras = g_array_new(FALSE, FALSE, sizeof(int));
    return r;
}

typedef struct {
    nb_doc *doc;
    GPtrArray *rows;       /* doc_row*: the table being read */
    doc_row *row;          /* the row being read, or NULL */
    GString *cell;
    glong cell_last;       /* nb_span_join's state */
    int cell_first_para;
    int tables, para;
    gboolean title_done;
    GString *title;
} doc_ctx;

static int bound_index(GArray *edges, gint16 v)
{
    for (guint i = 0; i < edges->len; i++)
        if (g_array_index(edges, gint16, i) == v)
            return (int)i;
    return -1;
}

static gint cmp_i16(gconstpointer a, gconstpointer b)
{
    return *(const gint16 *)a - *(const gint16 *)b;
}

/* A row whose boundaries describe its cells. */
static gboolean row_bounded(const doc_row *r)
{
    return r->end && r->end->ncells > 0 && r->end->ncells == (int)r->cells->len;
}

/* The column edges of the table: every row's cell boundaries, sorted,
 * unique; NULL when a row has none (cells then go one per column). */
static GArray *table_edges(GPtrArray *rows)
{
    GArray *e = g_array_new(FALSE, FALSE, sizeof(gint16));
    for (guint r = 0; r < rows->len; r++) {
        const doc_row *row = g_ptr_array_index(rows, r);
        if (!row_bounded(row)) {
            g_array_free(e, TRUE);
            return NULL;
        }
        for (int i = 0; i <= row->end->ncells && e->len < NB_SPAN_MAX_COLS; i++)
            if (bound_index(e, row->end->bounds[i]) < 0)
                g_array_append_val(e, row->end->bounds[i]);
    }
    g_array_sort(e, cmp_i16);
    return e;
}

static void add_row(nb_span_table *t, int tbl, int r, const doc_row *row, GArray *edges)
{
    for (guint i = 0; i < row->cells->len; i++) {
        int col = (int)i, span = 1;
        nb_vmerge vm = NB_VMERGE_NONE;
        if (edges) {
            col = bound_index(edges, row->end->bounds[i]);
            span = MAX(1, bound_index(edges, row->end->bounds[i + 1]) - col);
            guint16 f = row->end->flags[i];
            vm = !(f & 0x20) ? NB_VMERGE_NONE : (f & 0x40) ? NB_VMERGE_RESTART : NB_VMERGE_CONTINUE;
        }
        nb_prov prov = nb_prov_none(NB_ORIGIN_DOC);
        prov.line = g_array_index(row->paras, int, i);
        prov.has_cell = true;
        prov.cell[0] = tbl, prov.cell[1] = r, prov.cell[2] = col;
        nb_span_table_add(t, r, col, span, vm, g_ptr_array_index(row->cells, i), &prov);
    }
}

static void close_table(doc_ctx *c)
{
    if (c->row && c->row->cells->len) /* cells after the last row mark */
        g_ptr_array_add(c->rows, c->row), c->row = NULL;
    if (!c->rows->len)
        return;
    GArray *edges = table_edges(c->rows);
    nb_span_table *t = nb_span_table_new();
    for (guint r = 0; r < c->rows->len; r++)
        add_row(t, c->tables, (int)r, g_ptr_array_index(c->rows, r), edges);
    char *name = g_strdup_printf("table %d", ++c->tables);
    nb_grid *g = nb_span_table_grid(t, name);
    if (g)
        nb_doc_add_grid(c->doc, g);
    g_free(name);
    nb_span_table_free(t);
    if (edges)
        g_array_free(edges, TRUE);
    g_ptr_array_set_size(c->rows, 0);
}

static void cell_paragraph(doc_ctx *c, const nb_w97_para *p)
{
    if (!c->cell_first_para)
        c->cell_first_para = c->para;
    nb_span_join(c->cell, &c->cell_last, p->text);
    if (p->kind != NB_W97_CELL_END)
        return;
    if (!c->row)
        c->row = doc_row_new();
    g_ptr_array_add(c->row->cells, g_strdup(c->cell->str));
    g_array_append_val(c->row->paras, c->cell_first_para);
    g_string_truncate(c->cell, 0);
    c->cell_last = 0;
    c->cell_first_para = 0;
}

static void row_end(doc_ctx *c, const nb_w97_para *p)
{
    if (!c->row)
        c->row = doc_row_new();
    c->row->end = p;
    g_ptr_array_add(c->rows, c->row);
    c->row = NULL;
}

static void body_paragraph(doc_ctx *c, const nb_w97_para *p)
{
    close_table(c);
    if (!*p->text)
        return;
    nb_prov prov = nb_prov_none(NB_ORIGIN_DOC);
    prov.line = c->para;
    nb_doc_add_line(c->doc, p->text, &prov);
    if (!c->title_done && p->centred && c->title->len < 400)
        g_string_append(c->title, p->text);
    else
        c->title_done = TRUE;
}

static nb_doc *build_doc(const nb_w97 *w)
{
    doc_ctx c = {0};
    c.doc = nb_doc_new();
    c.doc->format = "doc";
    c.rows = g_ptr_array_new_with_free_func(doc_row_free);
    c.cell = g_string_new(NULL);
    c.title = g_string_new(NULL);
    for (guint i = 0; i < w->paras->len; i++) {
        const nb_w97_para *p = g_ptr_array_index(w->paras, i);
        c.para++;
        if (p->kind == NB_W97_ROW_END)
            row_end(&c, p);
        else if (p->kind == NB_W97_BODY)
            body_paragraph(&c, p);
        else
            cell_paragraph(&c, p);
    }
    close_table(&c);
    if (c.title->len)
        c.doc->title = g_strdup(c.title->str);
    if (c.row)
        doc_row_free(c.row);
    g_ptr_array_free(c.rows, TRUE);
    g_string_free(c.cell, TRUE);
    g_string_free(c.title, TRUE);
    return c.doc;
}

nb_doc *nb_read_doc(const guchar *data, gsize len, const nb_limits *lim, nb_error *err)
{
    (void)lim; /* the streams are bounded by the file, which --max-bytes bounds */
    if (!nb_lazy_gsf(err))
        return NULL;
    nb_liblog *gsf_log = nb_liblog_begin(nb_liblog_gsf); /* see liblog.h */
    GsfInput *in = gsf_input_memory_new(data, (gsf_off_t)len, FALSE);
    GsfInfile *ole = gsf_infile_msole_new(in, NULL);
    nb_doc *doc = NULL;
    gsize wd_len = 0, tb_len = 0;
    guchar *wd = ole ? read_stream(ole, "WordDocument", len, &wd_len) : NULL;
    gboolean encrypted = FALSE;
    const char *tname = wd ? nb_w97_table_stream(wd, wd_len, &encrypted) : NULL;
    guchar *tb = tname && !encrypted ? read_stream(ole, tname, len, &tb_len) : NULL;
    gsize data_len = 0;
    guchar *dat = tb ? read_stream(ole, "Data", len, &data_len) : NULL;
    const char *why = NULL;
    nb_w97 *w = tb ? nb_w97_read(wd, wd_len, tb, tb_len, dat, data_len, &why) : NULL;
    if (w)
        doc = build_doc(w);
    else if (encrypted)
        nb_error_set(err, NB_ERR_FORMAT, "an encrypted Word document: needs a password");
    else
        nb_error_set(err, NB_ERR_FORMAT, "%s", why ? why : !ole ? "a damaged OLE2 compound file"
                                              : !wd ? "a Word file without a readable WordDocument stream"
                                              : !tname ? "a Word file older than Word 97 (not supported)"
                                                       : "a Word file without its table stream");
    nb_w97_free(w);
    g_free(dat);
    g_free(tb);
    g_free(wd);
    if (ole)
        g_object_unref(ole);
    g_object_unref(in);
    char *said = NULL;
    if (nb_liblog_end(gsf_log, &said) && doc)
        nb_doc_warn(doc, NULL, "the OLE2 container is damaged (%s)", said);
    g_free(said);
    return doc;
}
