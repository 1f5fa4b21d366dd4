/*
 * text_wrap.h — row labels wrapped over several lines in text laid out with
 * spaces (pdftotext -layout of a narrow ruled table, text pasted from a PDF).
 *
 * Owns: the rule that gives the label-only lines between two rows of a
 * block (`5.要求行政机关确` / `认或重新出具已获   22  340 …` / `取信息`) to the
 * row whose label they continue or open.  Works on the text reader's rows
 * (GPtrArray of nb_flat_cell, the label first, with the display columns of
 * its last word) and on the held lines' words (nb_flat_cell with display
 * columns); it changes the rows' label texts in place and hands back what
 * it could not place.  Nothing here is owned beyond a call.
 */
#ifndef NB_TEXT_WRAP_H
#define NB_TEXT_WRAP_H

#include "layout/flat.h"

#include <glib.h>

/* True when `words` (a text line's words split at two or more spaces, with
 * their display columns) can be a piece of wrapped row labels inside
 * `block` (the rows read so far, the last one laid out with spaces): every
 * word is a short label that ends left of the block's first value column. */
gboolean nb_wrap_label_line(const GPtrArray *block, const GPtrArray *words);

/* Gives the words of `held` (GPtrArray of word lines, in order, as
 * nb_wrap_label_line accepted them) to `prev` (the row above; may be NULL)
 * and `next` (the row below; NULL at the end of the block): a numbered word
 * (`5.`, `（五）`, `三、`) opens a label of `next`, and the words below it in
 * its column continue it; an unnumbered word under the last label word of
 * `prev` continues that label when that word fills its column (it is as
 * wide as the widest label word starting at its column, `widths`: display
 * column → width, GINT_TO_POINTER; a shorter label ended there, and the
 * word under it is a row of blank cells); an unnumbered word over the label
 * of `next` opens it.  A continuation lies within the span of what it
 * continues; after a held line with a word placed nowhere (a heading, a
 * header line) the held lines are left to the text flow.  Returns the words placed nowhere, one line per held line that
 * kept any (nb_flat_cell: the words joined by a space, the line number,
 * x0 the index of the held line, x1 the number of its words left), for the
 * text flow.  The caller frees the result (g_ptr_array_unref). */
GPtrArray *nb_wrap_place(const GPtrArray *held, GPtrArray *prev, GPtrArray *next,
                         GHashTable *widths);

/* Notes in `widths` the label cell `label` of a row laid out with spaces
 * (the widest label word seen at each display column). */
void nb_wrap_note_label(GHashTable *widths, const nb_flat_cell *label);

#endif
