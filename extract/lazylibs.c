/* lazylibs.c — see lazylibs.h: libzip and libgsf opened on first use. */
#define NB_LAZYLIBS_IMPL
#include "extract/lazylibs.h"
#include "extract/lazyload.h"

#ifndef NB_LIBZIP_SONAME
#define NB_LIBZIP_SONAME "libzip.so.4"
#endif
#ifndef NB_LIBGSF_SONAME
#define NB_LIBGSF_SONAME "libgsf-1.so.114"
#endif

nb_zip_api nb_zip_fn;
nb_gsf_api nb_gsf_fn;

static nb_lazy_lib zip_lib = {NB_LIBZIP_SONAME, FALSE, FALSE, NULL};
static nb_lazy_lib gsf_lib = {NB_LIBGSF_SONAME, FALSE, FALSE, NULL};

/* The generic loader's outcome as the readers' one-line error. */
static gboolean open_lib(nb_lazy_lib *lib, const char *const *names, gpointer *slots, gsize n,
                         nb_error *err)
{
    char *why = NULL;
    gboolean ok = nb_lazy_open(lib, names, slots, n, &why);
    if (!ok)
        nb_error_set(err, NB_ERR_UNSUPPORTED, "%s", why);
    g_free(why);
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
