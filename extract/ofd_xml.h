/*
 * ofd_xml.h — small helpers for the XML parts of an OFD package, shared by
 * the page reader (ofd.c) and the resources and scanned pages (ofd_scan.c).
 *
 * Owns nothing: elements are matched by local name (OFD parts use the
 * ofd: prefix, and writers differ in how they declare it).  Strings returned
 * are new (g_free).
 */
#ifndef NB_OFD_XML_H
#define NB_OFD_XML_H

#include <glib.h>
#include <libxml/tree.h>

/* True when `n` is an element named `local` (NULL-safe). */
gboolean nb_ofd_is(const xmlNode *n, const char *local);

/* The first child element of `n` named `local`, or NULL (NULL-safe). */
xmlNode *nb_ofd_child(const xmlNode *n, const char *local);

/* The text content of `n`, stripped; "" for NULL.  g_free. */
char *nb_ofd_text(const xmlNode *n);

/* The attribute `name` of `n`, or NULL.  g_free. */
char *nb_ofd_attr(const xmlNode *n, const char *name);

/* Up to `max` numbers of the space-separated list `s` (may be NULL) into
 * `out`; non-finite numbers are skipped.  Returns how many were read. */
int nb_ofd_numbers(const char *s, double *out, int max);

/* `rel` resolved against the folder of `base` (OFD locations are relative
 * to the file that names them, or absolute from the package root when they
 * start with '/').  NULL for a NULL `rel`; g_free. */
char *nb_ofd_resolve(const char *base, const char *rel);

#endif
