/*
 * zippart.h — the parts of a ZIP package (DOCX, OFD), read within limits.
 *
 * Owns: opening a ZIP held in memory (libzip), looking parts up by name, and
 * reading a part whole while holding the package to its limits: at most
 * NB_ZIP_MAX_ENTRIES entries, and the bytes actually inflated over all the
 * parts read counted against --max-bytes (a ZIP bomb's declared sizes are not
 * trusted: reading stops at the limit whatever the header says).  XML parts
 * are parsed without the network, without entity substitution, and refused
 * when they declare a DTD (no Office or OFD part has one; a DTD is how entity
 * bombs and external entities come in); libxml2's depth limit stays on.
 *
 * nb_zip is opaque; free with nb_zip_free (NULL-safe).  Buffers and
 * documents returned are the caller's (g_free / xmlFreeDoc).  The ZIP keeps
 * a pointer to the caller's bytes, which must outlive it.
 */
#ifndef NB_ZIPPART_H
#define NB_ZIPPART_H

#include "extract/reader.h"

#include <glib.h>
#include <libxml/tree.h>

/* More entries than any document package has (a DOCX has a few dozen, an OFD
 * a few per page). */
#define NB_ZIP_MAX_ENTRIES 20000

typedef struct nb_zip nb_zip;

/* Opens the ZIP in `data` (not copied).  Returns NULL with `err` set (format:
 * not a readable ZIP; limit: too many entries).  `lim` may be NULL (defaults). */
nb_zip *nb_zip_open(const guchar *data, gsize len, const nb_limits *lim, nb_error *err);

void nb_zip_free(nb_zip *z);

/* True when the package has an entry named exactly `name`. */
gboolean nb_zip_has(nb_zip *z, const char *name);

/* Name of the first entry whose name ends with `suffix` (case-insensitive),
 * or NULL; the string belongs to the ZIP. */
const char *nb_zip_find_suffix(nb_zip *z, const char *suffix);

/* Reads part `name` whole, NUL-terminated.  Returns NULL with `err` set when
 * the part is missing (format), corrupt or encrypted (format), or when the
 * bytes inflated so far pass --max-bytes (limit).  *len (optional, always
 * set) receives the length. */
char *nb_zip_read(nb_zip *z, const char *name, gsize *len, nb_error *err);

/* Reads and parses XML part `name` (see above for what is refused).  Returns
 * NULL with `err` set; a missing part is an error only when `required`
 * (otherwise NULL with err untouched). */
xmlDoc *nb_zip_xml(nb_zip *z, const char *name, gboolean required, nb_error *err);

#endif
