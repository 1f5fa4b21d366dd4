/*
 * lazyload.h — a shared library opened by its shared-object name the first
 * time it is needed, its functions resolved into a table of pointers.
 *
 * Owns: nothing per call; each nb_lazy_lib (a static of its user) keeps the
 * outcome of its one attempt.  Libraries that only some inputs or targets
 * need (libzip and libgsf for Word and OFD: extract/lazylibs.h; libpq for
 * PostgreSQL targets: cmd/batch/pq_lazy.h) are opened this way instead of
 * being linked, because every linked library costs every run its symbol
 * binding at start-up.  GModule opens them through the dynamic loader, by the
 * name the build was made against; no other program is run.  An opened
 * library stays loaded until the process ends.
 */
#ifndef NB_LAZYLOAD_H
#define NB_LAZYLOAD_H

#include <glib.h>

/* One library: its shared-object name, and the outcome of the one attempt to
 * open it (`why` says what failed; owned, never freed). */
typedef struct {
    const char *soname;
    gboolean tried, ok;
    char *why;
} nb_lazy_lib;

/* Opens `lib` on the first call (thread-safe) and resolves the `n` symbols
 * `names` into `slots` (a table of function pointers, one pointer-sized slot
 * each, in the order of `names`); later calls return the first outcome.
 * Returns TRUE when every symbol was found.  On FALSE, `why` (may be NULL)
 * receives a newly allocated message naming the library and the failure, to
 * be freed by the caller; when the call succeeds `*why` is set to NULL. */
gboolean nb_lazy_open(nb_lazy_lib *lib, const char *const *names, gpointer *slots, gsize n,
                      char **why);

#endif
