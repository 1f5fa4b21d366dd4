/*
 * synth_zip.h — writing a ZIP package in memory (DOCX and OFD renderers).
 *
 * Owns: nb_synth_zip, the parts of a package being written (name → bytes,
 * in the order added) and their deflated ZIP (libzip).  Opaque; _new and
 * NULL-safe _free.
 */
#ifndef NB_SYNTH_ZIP_H
#define NB_SYNTH_ZIP_H

#include <glib.h>

typedef struct nb_synth_zip nb_synth_zip;

nb_synth_zip *nb_synth_zip_new(void);
void nb_synth_zip_free(nb_synth_zip *z);

/* Adds part `name` with the bytes of `text` (copied). */
void nb_synth_zip_add(nb_synth_zip *z, const char *name, const GString *text);

/* Appends the ZIP of the parts added to `out`.  Returns FALSE with *err set
 * (g_free; err may be NULL) when libzip fails. */
gboolean nb_synth_zip_write(nb_synth_zip *z, GByteArray *out, char **err);

#endif
