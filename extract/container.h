/*
 * container.h — what a ZIP package or an OLE2 compound file holds.
 *
 * Owns: telling the document packages nianbao reads (DOCX: a ZIP with
 * word/document.xml; OFD: a ZIP with OFD.xml; Word 97-2003: an OLE2 file
 * with a WordDocument stream, whatever its extension, .wps included) from
 * the other packages (an Excel workbook, a PowerPoint deck, an OpenDocument
 * file, an encrypted Office file, a plain ZIP archive), which get a one-line
 * error naming what they are.  Looks at the entry names only: nothing is
 * inflated.
 */
#ifndef NB_CONTAINER_H
#define NB_CONTAINER_H

#include "extract/reader.h"

#include <glib.h>

/* True when the bytes start like a ZIP (local header or empty archive) or an
 * OLE2 compound file. */
gboolean nb_container_magic(const guchar *data, gsize len);

/* Decides what the container in `data` is: NB_KIND_DOCX, NB_KIND_OFD or
 * NB_KIND_DOC, or NB_KIND_BINARY with *what (optional, always set) a static
 * phrase naming it ("an Excel workbook", "an encrypted Office document") and
 * *cls (optional, always set) the error class it gets. */
nb_kind nb_container_sniff(const guchar *data, gsize len, const char **what, nb_errclass *cls);

#endif
