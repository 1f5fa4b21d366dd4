/*
 * doc.h — what a reader hands to the rest of the pipeline.
 *
 * Owns: nb_doc, the reader's output: the document's text flow (lines in
 * reading order with provenance, tables excluded) and the table grids it
 * rebuilt, plus reader-level warnings.  nb_doc owns its lines, grids and
 * warnings; nb_doc_free releases everything.  Readers fill a doc; the
 * driver's layout completion (cell lines, glued recovery) may add grids and
 * warnings to it before mapping; the mapper and the stages after it only
 * read it.  reader_state is the reader's own (the scan store of
 * extract/ocr_reread.h), reached only through the reader's functions.
 */
#ifndef NB_DOC_H
#define NB_DOC_H

#include "layout/model/grid.h"

#include <glib.h>
#include <stdarg.h>

typedef struct {
    char *text;  /* UTF-8, one line or paragraph of the text flow */
    nb_prov prov;
} nb_line;

typedef struct {
    char *path;        /* NULL = document-level */
    char *message;
} nb_warning;

typedef struct {
    GPtrArray *lines;    /* nb_line*, reading order */
    GPtrArray *grids;    /* nb_grid*, document order */
    GPtrArray *warnings; /* nb_warning* */
    char *title;         /* title found by the reader (HTML <title>, ...), or NULL */
    int pages;           /* pages read (0 for unpaged inputs) */
    const char *format;  /* "text", "html", "pdf-text", "pdf-scan", "image" */
    /* What a reader keeps to answer the driver's requests after reading
     * (the scan reader's page images for re-reading cells, see
     * extract/ocr_reread.h); owned by the doc, released by reader_state_free. */
    gpointer reader_state;
    GDestroyNotify reader_state_free;
} nb_doc;

/* Creates an empty document.  Free with nb_doc_free. */
nb_doc *nb_doc_new(void);

/* Releases the document and everything in it.  NULL is accepted. */
void nb_doc_free(nb_doc *d);

/* Appends a copy of `text` to the text flow. */
void nb_doc_add_line(nb_doc *d, const char *text, const nb_prov *prov);

/* Appends a grid; the document takes ownership of it. */
void nb_doc_add_grid(nb_doc *d, nb_grid *g);

/* Moves the lines, grids and warnings of `part` (a document part a reader
 * filled on its own, e.g. one page) to the end of `d`'s, in order.  `part`
 * keeps its reader_state and is left without lines, grids or warnings; the
 * caller still frees it. */
void nb_doc_take_part(nb_doc *d, nb_doc *part);

/* Appends to `warnings` (a GPtrArray of nb_warning*, a document's or a
 * record's) a warning on `path` (NULL for a document-level remark) whose
 * message is `fmt` formatted with `ap`.  Strings are copied; the array owns
 * the new warning.  Every stage's warn function goes through this one. */
void nb_warnings_addv(GPtrArray *warnings, const char *path, const char *fmt, va_list ap)
    G_GNUC_PRINTF(3, 0);

/* Appends a warning (path may be NULL).  Strings are copied. */
void nb_doc_warn(nb_doc *d, const char *path, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);

void nb_warning_free(gpointer w);
nb_warning *nb_warning_new(const char *path, const char *message);

#endif
