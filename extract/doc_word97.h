/*
 * doc_word97.h — the text and table structure of a Word 97-2003 binary
 * document (the WordDocument stream and its table stream, as libgsf gives
 * them out of the OLE2 container).
 *
 * Owns: reading the FIB, the piece table (CLX: which byte ranges hold which
 * characters, 8-bit or UTF-16), and the paragraph properties that matter
 * here from the PAPX FKPs (in a table, end of a table row, centred, and the
 * row's cell boundaries and vertical merges from sprmTDefTable), and turning
 * the main text into a sequence of nb_w97_para: a paragraph's text, where it
 * ends (body paragraph, end of a table cell, end of a table row) and, for a
 * row end, its cells' boundaries and merge flags.  Field codes are dropped
 * and field results kept.  Every offset read from the file is checked
 * against the stream it points into: a hostile file gets an error, never a
 * read out of bounds.
 *
 * Everything returned is the caller's: nb_w97_free releases the result.
 */
#ifndef NB_DOC_WORD97_H
#define NB_DOC_WORD97_H

#include <glib.h>

typedef enum {
    NB_W97_BODY = 0, /* a paragraph outside tables */
    NB_W97_IN_CELL,  /* a paragraph of a table cell that does not end it */
    NB_W97_CELL_END, /* the last paragraph of a table cell */
    NB_W97_ROW_END   /* the end-of-row mark */
} nb_w97_kind;

typedef struct {
    char *text;      /* UTF-8, without the paragraph mark */
    nb_w97_kind kind;
    gboolean centred;
    /* row ends only (from sprmTDefTable; ncells = 0 when the row has none) */
    int ncells;
    gint16 *bounds;  /* ncells + 1 cell boundaries in twips */
    guint16 *flags;  /* ncells TC flags: 0x20 vertical merge, 0x40 its first cell */
} nb_w97_para;

typedef struct {
    GPtrArray *paras; /* nb_w97_para*, in document order */
} nb_w97;

/* Reads the main text of the document from the WordDocument stream `wd`,
 * the table stream `table` and the Data stream `data` (may be NULL).
 * Returns NULL with *why (static string) on a file that is not Word 97 or
 * later, or inconsistent. */
nb_w97 *nb_w97_read(const guchar *wd, gsize wd_len, const guchar *table, gsize table_len,
                    const guchar *data, gsize data_len, const char **why);

/* Which table stream the FIB names ("1Table" or "0Table"), or NULL when
 * `wd` is no Word FIB.  *encrypted (always set) tells an encrypted file. */
const char *nb_w97_table_stream(const guchar *wd, gsize wd_len, gboolean *encrypted);

void nb_w97_free(nb_w97 *w);

#endif
