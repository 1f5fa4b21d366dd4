/* lazyload.c — see lazyload.h: a library opened by name on first use. */
#include "extract/lazyload.h"

#include <gmodule.h>

static GMutex lazy_lock;

/* Resolves the `n` symbols `names` of the opened `m` into `slots`.  FALSE
 * with *why set when one is missing. */
static gboolean resolve(GModule *m, const char *const *names, gpointer *slots, gsize n,
                        char **why)
{
    for (gsize i = 0; i < n; i++)
        if (!g_module_symbol(m, names[i], &slots[i]) || !slots[i]) {
            *why = g_strdup_printf("%s has no %s", g_module_name(m), names[i]);
            return FALSE;
        }
    return TRUE;
}

gboolean nb_lazy_open(nb_lazy_lib *lib, const char *const *names, gpointer *slots, gsize n,
                      char **why)
{
    if (why)
        *why = NULL;
    g_mutex_lock(&lazy_lock);
    if (!lib->tried) {
        lib->tried = TRUE;
        GModule *m = g_module_open(lib->soname, G_MODULE_BIND_LOCAL);
        if (!m)
            lib->why = g_strdup(g_module_error());
        else if (resolve(m, names, slots, n, &lib->why))
            lib->ok = TRUE;
        if (m) /* the functions are used until the process ends */
            g_module_make_resident(m);
    }
    gboolean ok = lib->ok;
    g_mutex_unlock(&lazy_lock);
    if (!ok && why)
        *why = g_strdup_printf("cannot load %s: %s", lib->soname, lib->why ? lib->why : "?");
    return ok;
}
