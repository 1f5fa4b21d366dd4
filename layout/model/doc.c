/* doc.c — see doc.h. */
#include "layout/model/doc.h"

#include <stdarg.h>

static void line_free(gpointer p)
{
    nb_line *l = p;
    if (!l)
        return;
    g_free(l->text);
    g_free(l);
}

static void grid_free(gpointer p) { nb_grid_free(p); }

nb_warning *nb_warning_new(const char *path, const char *message)
{
    nb_warning *w = g_new0(nb_warning, 1);
    w->path = g_strdup(path);
    w->message = g_strdup(message);
    return w;
}

void nb_warning_free(gpointer p)
{
    nb_warning *w = p;
    if (!w)
        return;
    g_free(w->path);
    g_free(w->message);
    g_free(w);
}

nb_doc *nb_doc_new(void)
{
    nb_doc *d = g_new0(nb_doc, 1);
    d->lines = g_ptr_array_new_with_free_func(line_free);
    d->grids = g_ptr_array_new_with_free_func(grid_free);
    d->warnings = g_ptr_array_new_with_free_func(nb_warning_free);
    d->format = "text";
    return d;
}

void nb_doc_free(nb_doc *d)
{
    if (!d)
        return;
    g_ptr_array_free(d->lines, TRUE);
    g_ptr_array_free(d->grids, TRUE);
    g_ptr_array_free(d->warnings, TRUE);
    g_free(d->title);
    if (d->reader_state && d->reader_state_free)
        d->reader_state_free(d->reader_state);
    g_free(d);
}

void nb_doc_add_line(nb_doc *d, const char *text, const nb_prov *prov)
{
    nb_line *l = g_new0(nb_line, 1);
    l->text = g_strdup(text ? text : "");
    l->prov = prov ? *prov : nb_prov_none(NB_ORIGIN_TEXT);
    g_ptr_array_add(d->lines, l);
}

void nb_doc_add_grid(nb_doc *d, nb_grid *g)
{
    if (g)
        g_ptr_array_add(d->grids, g);
}

static void move_all(GPtrArray *into, GPtrArray *from)
{
    gsize n = 0;
    gpointer *items = g_ptr_array_steal(from, &n);
    for (gsize i = 0; i < n; i++)
        g_ptr_array_add(into, items[i]);
    g_free(items);
}

void nb_doc_take_part(nb_doc *d, nb_doc *part)
{
    move_all(d->lines, part->lines);
    move_all(d->grids, part->grids);
    move_all(d->warnings, part->warnings);
}

void nb_warnings_addv(GPtrArray *warnings, const char *path, const char *fmt, va_list ap)
{
    char *msg = g_strdup_vprintf(fmt, ap);
    g_ptr_array_add(warnings, nb_warning_new(path, msg));
    g_free(msg);
}

void nb_doc_warn(nb_doc *d, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    nb_warnings_addv(d->warnings, path, fmt, ap);
    va_end(ap);
}
