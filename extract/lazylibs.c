/* lazylibs.c — see lazylibs.h: libzip and libgsf opened on first use. */
#define NB_LAZYLIBS_IMPL
#include "extract/lazylibs.h"

#include <gmodule.h>

#ifndef NB_LIBZIP_SONAME
#define NB_LIBZIP_SONAME "libzip.so.4"
#endif
#ifndef NB_LIBGSF_SONAME
#define NB_LIBGSF_SONAME "libgsf-1.so.114"
#endif

nb_zip_api nb_zip_fn;
nb_gsf_api nb_gsf_fn;

/* One library: opened at most once, its outcome kept. */
typedef struct {
    const char *soname;
    gboolean tried, ok;
    char *why;
} lazy_lib;

static GMutex lazy_lock;
static lazy_lib zip_lib = {NB_LIBZIP_SONAME, FALSE, FALSE, NULL};
static lazy_lib gsf_lib = {NB_LIBGSF_SONAME, FALSE, FALSE, NULL};

/* Resolves `n` symbols `names` of the opened `m` into `slots` (function
 * pointers stored as gpointer-sized slots of a table).  FALSE with *why
 * set when one is missing. */
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

/* Opens `lib` and fills the table `slots` (`n` entries named `names`) on
 * the first call; the outcome afterwards. */
static gboolean open_lib(lazy_lib *lib, const char *const *names, gpointer *slots, gsize n,
                         nb_error *err)
{
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
    if (!ok)
        nb_error_set(err, NB_ERR_UNSUPPORTED, "cannot load %s: %s", lib->soname,
                     lib->why ? lib->why : "?");
    return ok;
}

#define NB_LAZY_NAME(ret, name, params) #name,
static const char *const zip_names[] = {NB_ZIP_FUNCTIONS(NB_LAZY_NAME)};
static const char *const gsf_names[] = {NB_GSF_FUNCTIONS(NB_LAZY_NAME)};
#undef NB_LAZY_NAME

/* The tables are filled as arrays of pointer slots: every entry is a
 * function pointer, all of one size, in the order of the name lists. */
G_STATIC_ASSERT(sizeof(nb_zip_api) == G_N_ELEMENTS(zip_names) * sizeof(gpointer));
G_STATIC_ASSERT(sizeof(nb_gsf_api) == G_N_ELEMENTS(gsf_names) * sizeof(gpointer));

gboolean nb_lazy_zip(nb_error *err)
{
    return open_lib(&zip_lib, zip_names, (gpointer *)&nb_zip_fn, G_N_ELEMENTS(zip_names), err);
}

gboolean nb_lazy_gsf(nb_error *err)
{
    return open_lib(&gsf_lib, gsf_names, (gpointer *)&nb_gsf_fn, G_N_ELEMENTS(gsf_names), err);
}
