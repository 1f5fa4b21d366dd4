/* ocr_reread.c — see ocr_reread.h. */
#include "extract/ocr/ocr_reread.h"
#include "extract/ocr/scan_cell.h"

#include <math.h>

typedef struct {
    int page;
    double pixel_box[4];
    double page_box[4];
} stored_cell;

struct nb_scan_store {
    GHashTable *pages; /* page number → nb_scan_page* */
    GArray *cells;     /* stored_cell */
};

static void page_free(gpointer p) { nb_scan_page_free(p); }

static void store_free(gpointer p)
{
    nb_scan_store *st = p;
    if (!st)
        return;
    g_hash_table_destroy(st->pages);
    g_array_free(st->cells, TRUE);
    g_free(st);
}

nb_scan_store *nb_scan_store_of(nb_doc *doc)
{
    if (doc->reader_state && doc->reader_state_free == store_free)
        return doc->reader_state;
    g_return_val_if_fail(doc->reader_state == NULL, NULL);
    nb_scan_store *st = g_new0(nb_scan_store, 1);
    st->pages = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, page_free);
    st->cells = g_array_new(FALSE, FALSE, sizeof(stored_cell));
    doc->reader_state = st;
    doc->reader_state_free = store_free;
    return st;
}

void nb_scan_store_add_page(nb_scan_store *st, int page, nb_scan_page *pg)
{
    g_hash_table_replace(st->pages, GINT_TO_POINTER(page), pg);
}

void nb_scan_store_add_cell(nb_scan_store *st, int page, const double pixel_box[4],
                            const double page_box[4])
{
    stored_cell c = {page, {0}, {0}};
    for (int i = 0; i < 4; i++)
        c.pixel_box[i] = pixel_box[i], c.page_box[i] = page_box[i];
    g_array_append_val(st->cells, c);
}

static const nb_scan_store *store_of(const nb_doc *doc)
{
    return doc && doc->reader_state && doc->reader_state_free == store_free ? doc->reader_state
                                                                            : NULL;
}

void nb_scan_store_move(nb_doc *into, nb_doc *from)
{
    nb_scan_store *src = (nb_scan_store *)store_of(from);
    if (!src || (into->reader_state && into->reader_state_free != store_free))
        return;
    nb_scan_store *dst = nb_scan_store_of(into);
    GHashTableIter it;
    gpointer page, pg;
    g_hash_table_iter_init(&it, src->pages);
    while (g_hash_table_iter_next(&it, &page, &pg)) {
        g_hash_table_iter_steal(&it);
        g_hash_table_replace(dst->pages, page, pg);
    }
    g_array_append_vals(dst->cells, src->cells->data, src->cells->len);
    g_array_set_size(src->cells, 0);
}

void nb_scan_store_map(nb_doc *doc, double scale, double dx, double dy)
{
    nb_scan_store *st = (nb_scan_store *)store_of(doc);
    for (guint i = 0; st && i < st->cells->len; i++) {
        stored_cell *c = &g_array_index(st->cells, stored_cell, i);
        for (int k = 0; k < 4; k++)
            c->page_box[k] = c->page_box[k] * scale + (k % 2 ? dy : dx);
    }
}

gboolean nb_scan_can_reread(const nb_doc *doc)
{
    const nb_scan_store *st = store_of(doc);
    return st && st->cells->len > 0;
}

int nb_scan_reread_variants(void) { return NB_VARIANT_COUNT; }

/* The stored cell whose reported box is `box` (boxes are copied verbatim
 * into provenance, so an exact match is expected; a small tolerance covers
 * a writer that rounded them). */
static const stored_cell *find_cell(const nb_scan_store *st, int page, const double box[4])
{
    for (guint i = 0; i < st->cells->len; i++) {
        const stored_cell *c = &g_array_index(st->cells, stored_cell, i);
        if (c->page != page)
            continue;
        double d = 0;
        for (int k = 0; k < 4; k++)
            d = MAX(d, fabs(c->page_box[k] - box[k]));
        if (d < 0.5)
            return c;
    }
    return NULL;
}

gboolean nb_scan_reread(const nb_doc *doc, int page, const double box[4], int variant,
                    char **text, int *confidence)
{
    *text = NULL;
    *confidence = -1;
    const nb_scan_store *st = store_of(doc);
    if (!st || variant <= 0 || variant >= NB_VARIANT_COUNT)
        return FALSE;
    const stored_cell *c = find_cell(st, page, box);
    const nb_scan_page *pg = c ? g_hash_table_lookup(st->pages, GINT_TO_POINTER(page)) : NULL;
    if (!pg)
        return FALSE;
    nb_scan_reading rd;
    if (!nb_scan_read_cell(pg, c->pixel_box, NB_SCAN_NUMBER, (nb_scan_variant)variant, &rd))
        return FALSE;
    *text = rd.text;
    *confidence = rd.confidence;
    return TRUE;
}
