/*
 * cellines.h — tables whose cells were flattened to one cell per line.
 *
 * Pages scraped with their tags stripped often keep each table cell on a line
 * of its own, with no separator at all:
 *
 *     三、本年度办理结果
 *     （一）予以公开
 *     12
 *     0
 *     …
 *
 * The readers leave such lines in the text flow (nothing marks them as a
 * table).  This module finds runs of them — short label lines and value
 * lines — and rebuilds rows: the label lines before each run of values are
 * the row's labels (a group label and its item label, "三、…" then "（一）…"),
 * any label lines before those are header rows, and the values follow.
 * Where the source shows blank lines between values beyond its usual
 * spacing (text input: the lines' numbers tell), each extra blank line is an
 * empty cell.  A row whose blank cells left no trace simply has fewer values;
 * the mapper then leaves it out with a warning, never guessing which cell
 * was blank.  No schema knowledge is used: the grids are the document's own.
 *
 * Owns nothing after the call: the grids made are appended to (and owned
 * by) the document; its text flow is left as it is.
 */
#ifndef NB_CELLINES_H
#define NB_CELLINES_H

#include "layout/model/doc.h"

/* Rebuilds the one-cell-per-line tables of `doc`'s text flow as grids
 * appended to doc->grids, when the reader found no table at all (a document
 * with grids has its tables already, and its short lines are prose).  A run
 * becomes a table when it holds at least two rows of values.  Returns the
 * number of grids appended.  NULL is accepted (0). */
int nb_cellines_recover(nb_doc *doc);

#endif
