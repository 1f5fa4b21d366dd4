/*
 * scan_table.h — reading the cells of one ruled table of a scanned page.
 *
 * Owns: the table-level reading policy: every cell read on its own
 * (scan_cell), then a second look at the cells that the first reading took
 * for labels although they sit among the table's values, and at those it
 * took for numbers although they sit among its labels.  The readings are
 * written into a caller-owned array (one nb_scan_reading per cell of the
 * table, in the table's cell order); the caller frees each with
 * nb_scan_reading_clear, also after a failure.
 */
#ifndef NB_SCAN_TABLE_H
#define NB_SCAN_TABLE_H

#include "layout/rulings.h"
#include "extract/reader.h"
#include "extract/ocr/scan_cell.h"
#include "extract/ocr/scan_page.h"

#include <glib.h>

/* The most confidence a value may claim when it was read as a number only
 * at the second look: below the review's trust, so that only a consistency
 * rule that holds with it makes it sure. */
#define NB_SCAN_RETYPED_CONFIDENCE 90

/* Reads every cell of `t` (boxes in pixels of `pg`'s deskewed images) into
 * rds[0 .. t->cells->len-1], then reads again, as a number, every cell for
 * which nb_scan_value_in_doubt holds: the cell gets that reading when it is
 * a number (at most NB_SCAN_RETYPED_CONFIDENCE), and the text
 * NB_CELL_ILLEGIBLE otherwise; then reads again, as a label, every cell for
 * which nb_scan_label_in_doubt holds (text with an ideograph, or
 * NB_CELL_ILLEGIBLE as a label).  Returns FALSE when the
 * OCR engine failed, or when the time limit of `lim` ran out (then
 * *expired is set to TRUE); cells not reached are left zeroed. */
gboolean nb_scan_read_table_cells(const nb_scan_page *pg, const nb_ruled_table *t,
                                  nb_scan_reading *rds, const nb_limits *lim, gboolean *expired);

/* True when cell `i` of `t`, given the first readings `rds` of all its
 * cells, was read as text but is probably a misread value: its reading is
 * short (one or two characters besides ASCII punctuation) or illegible, it
 * spans one column, its row holds a number in another cell, and in the other
 * rows that hold a number its column holds numbers (at least one, and three
 * quarters of its cells that are neither blank nor in doubt themselves).  A
 * Chinese model that gets a number whose ink is not digit-shaped can answer
 * with an ideograph ("34" read "四"); the row then has one value too few and
 * the mapper must leave all of it out. */
gboolean nb_scan_value_in_doubt(const nb_ruled_table *t, const nb_scan_reading *rds, guint i);

/* True when cell `i` of `t`, given the readings `rds` of all its cells, was
 * read as a number but is probably a misread label: it spans one column,
 * its row holds a number in another cell, and in the other rows that hold a
 * number its column holds labels (text that is no short misread value: at
 * least three, and three quarters of its inked cells).  A label of two
 * lines can come back from the engines as a lone digit ("6"); as a value it
 * makes the row one value too many and the mapper loses the row. */
gboolean nb_scan_label_in_doubt(const nb_ruled_table *t, const nb_scan_reading *rds, guint i);

#endif
