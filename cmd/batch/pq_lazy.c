/* pq_lazy.c — see pq_lazy.h: libpq opened on first use.  Compiled only
 * when the build found libpq (NB_HAVE_LIBPQ). */
#ifdef NB_HAVE_LIBPQ
#define NB_PQ_LAZY_IMPL
#include "cmd/batch/pq_lazy.h"
#include "extract/lazyload.h"

#ifndef NB_LIBPQ_SONAME
#define NB_LIBPQ_SONAME "libpq.so.5"
#endif

nb_pq_api nb_pq_fn;

static nb_lazy_lib pq_lib = {NB_LIBPQ_SONAME, FALSE, FALSE, NULL};

#define NB_PQ_NAME(ret, name, params) #name,
static const char *const pq_names[] = {NB_PQ_FUNCTIONS(NB_PQ_NAME)};
#undef NB_PQ_NAME

/* The table is filled as an array of pointer slots, in the order of names. */
G_STATIC_ASSERT(sizeof(nb_pq_api) == G_N_ELEMENTS(pq_names) * sizeof(gpointer));

gboolean nb_pq_load(char **why)
{
    return nb_lazy_open(&pq_lib, pq_names, (gpointer *)&nb_pq_fn, G_N_ELEMENTS(pq_names), why);
}
#endif
