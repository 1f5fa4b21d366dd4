/* ocr.c — see ocr.h: opens the OCR module on first use and forwards to it. */
#include "extract/ocr.h"

#include <gmodule.h>

#ifndef NB_OCR_MODULE_FILE
#define NB_OCR_MODULE_FILE "nianbao-ocr.so"
#endif
#ifndef NB_OCR_MODULE_RELDIR
#define NB_OCR_MODULE_RELDIR "../lib/nianbao"
#endif

static GMutex module_lock;
static const nb_ocr_module *module;  /* set once, never unset */
static char *module_error;           /* why it could not be opened, once tried */

/* The folder of the running program (Linux: /proc/self/exe), or NULL. */
static char *program_dir(void)
{
    char *exe = g_file_read_link("/proc/self/exe", NULL);
    if (!exe)
        return NULL;
    char *dir = g_path_get_dirname(exe);
    g_free(exe);
    return dir;
}

/* Opens `path` and checks what it exports; NULL (and *why set) when it is no
 * module of this build. */
static const nb_ocr_module *open_module(const char *path, char **why)
{
    GModule *m = g_module_open(path, G_MODULE_BIND_LOCAL);
    if (!m) {
        *why = g_strdup(g_module_error());
        return NULL;
    }
    gpointer sym = NULL;
    if (!g_module_symbol(m, NB_OCR_MODULE_SYMBOL, &sym) || !sym ||
        ((const nb_ocr_module *)sym)->abi != NB_OCR_ABI) {
        *why = g_strdup_printf("%s: not an OCR module of this build", path);
        g_module_close(m);
        return NULL;
    }
    /* documents keep reader state whose free function lives in the module */
    g_module_make_resident(m);
    return sym;
}

/* The module, opened on the first call; NULL when it cannot be (the reason
 * in module_error). */
static const nb_ocr_module *ocr_module(void)
{
    g_mutex_lock(&module_lock);
    if (!module && !module_error) {
        char *dir = program_dir();
        const char *const places[] = {".", NB_OCR_MODULE_RELDIR, ".."};
        GString *tried = g_string_new(NULL);
        for (guint i = 0; dir && !module && i < G_N_ELEMENTS(places); i++) {
            char *built = g_build_filename(dir, places[i], NB_OCR_MODULE_FILE, NULL);
            char *path = g_canonicalize_filename(built, NULL);
            g_free(built);
            char *why = NULL;
            if (g_file_test(path, G_FILE_TEST_IS_REGULAR))
                module = open_module(path, &why);
            else
                why = g_strdup_printf("no %s", path);
            if (!module)
                g_string_append_printf(tried, "%s%s", tried->len ? "; " : "", why);
            g_free(why);
            g_free(path);
        }
        if (!module)
            module_error = g_strdup_printf("OCR module not found (%s)",
                                           dir ? tried->str : "program folder unknown");
        g_string_free(tried, TRUE);
        g_free(dir);
    }
    const nb_ocr_module *m = module;
    g_mutex_unlock(&module_lock);
    return m;
}

/* The module if some page was already read by OCR in this process, without
 * opening it: a document without OCR pages has nothing for it to do. */
static const nb_ocr_module *ocr_module_if_open(void)
{
    g_mutex_lock(&module_lock);
    const nb_ocr_module *m = module;
    g_mutex_unlock(&module_lock);
    return m;
}

gboolean nb_ocr_page(struct Pix *pix, int page, double scale, nb_doc *doc, const nb_limits *lim,
                     nb_error *err)
{
    const nb_ocr_module *m = ocr_module();
    if (!m) {
        nb_error_set(err, NB_ERR_UNSUPPORTED, "page %d needs OCR: %s", page, module_error);
        return FALSE;
    }
    return m->read_page(pix, page, scale, doc, lim, err);
}

gboolean nb_ocr_page_part(struct Pix *pix, int page, double scale, const char *why, nb_doc *part,
                          const nb_limits *lim, nb_error *err)
{
    if (lim->no_ocr) {
        nb_doc_warn(part, NULL, "page %d %s and was not read (OCR is off)", page, why);
        return TRUE;
    }
    nb_doc_warn(part, NULL, "page %d %s and was read by OCR", page, why);
    nb_error page_err = {NB_ERR_NONE, NULL};
    if (nb_ocr_page(pix, page, scale, part, lim, &page_err))
        return TRUE;
    /* a limit ends the document; any other failure costs only this page */
    if (page_err.cls == NB_ERR_LIMIT) {
        nb_error_set(err, NB_ERR_LIMIT, "%s", page_err.message ? page_err.message : "limit exceeded");
        nb_error_clear(&page_err);
        return FALSE;
    }
    nb_doc_warn(part, NULL, "page %d could not be read by OCR: %s", page,
                page_err.message ? page_err.message : "unknown error");
    nb_error_clear(&page_err);
    return TRUE;
}

static void map_box(nb_prov *p, double scale, double dx, double dy)
{
    if (!p->has_box)
        return;
    for (int k = 0; k < 4; k++)
        p->box[k] = p->box[k] * scale + (k % 2 ? dy : dx);
}

void nb_ocr_part_map_boxes(nb_doc *part, double scale, double dx, double dy)
{
    for (guint i = 0; i < part->grids->len; i++) {
        nb_grid *g = g_ptr_array_index(part->grids, i);
        for (int r = 0; r < nb_grid_rows(g); r++)
            for (int c = 0; c < nb_grid_cols(g); c++) {
                nb_cell *cell = (nb_cell *)nb_grid_cell(g, r, c);
                if (cell && cell->set)
                    map_box(&cell->prov, scale, dx, dy);
            }
    }
    for (guint i = 0; i < part->lines->len; i++)
        map_box(&((nb_line *)g_ptr_array_index(part->lines, i))->prov, scale, dx, dy);
    const nb_ocr_module *m = ocr_module_if_open();
    if (m)
        m->store_map(part, scale, dx, dy);
}

void nb_ocr_store_move(nb_doc *into, nb_doc *from)
{
    const nb_ocr_module *m = ocr_module_if_open();
    if (m)
        m->store_move(into, from);
}

gboolean nb_ocr_can_reread(const nb_doc *doc)
{
    const nb_ocr_module *m = ocr_module_if_open();
    return m && m->can_reread(doc);
}

int nb_ocr_reread_variants(void)
{
    const nb_ocr_module *m = ocr_module_if_open();
    return m ? m->reread_variants() : 1;
}

gboolean nb_ocr_reread(const nb_doc *doc, int page, const double box[4], int variant, char **text,
                       int *confidence)
{
    const nb_ocr_module *m = ocr_module_if_open();
    if (!m) {
        *text = NULL;
        *confidence = -1;
        return FALSE;
    }
    return m->reread(doc, page, box, variant, text, confidence);
}
