/*
 * flat.h — rebuilding a grid from rows whose spans were lost.
 *
 * Owns: nb_flat_cell (a cell's text and source line, as a text reader saw it)
 * and the heuristic that turns rows of such cells into an nb_grid: rows with
 * fewer leading label cells than their neighbours are right-aligned on their
 * numbers, and the missing label cells become part of a row span from above
 * (the flattened form puts "（三）不予公开 | 1.属于国家秘密" in one row and
 * "2.其他…" alone in the next).  The caller owns the rows; the grid returned
 * is new (nb_grid_free).
 */
#ifndef NB_FLAT_H
#define NB_FLAT_H

#include "layout/model/grid.h"

#include <glib.h>

typedef struct {
    char *text;
    int line;
    int x0, x1; /* display columns [x0, x1) of a cell laid out with spaces (a
                 * CJK character is two columns); x1 = 0 when not known */
} nb_flat_cell;

nb_flat_cell *nb_flat_cell_new(const char *text, int line);
void nb_flat_cell_free(gpointer c);

/* Builds a grid from `rows` (GPtrArray of GPtrArray of nb_flat_cell*). */
nb_grid *nb_flat_build(const GPtrArray *rows);

/* True when `s` reads as a table value: a number (half- or full-width,
 * separators, sign, unit suffix) or a blank marker (—, -, /, 无). */
gboolean nb_flat_is_value(const char *s);

/* True when `s` reads as a table label line: not empty, at most
 * `max_chars` characters, no sentence end (。；;) and not a value.  Prose
 * is longer or ends its sentences. */
gboolean nb_flat_is_label(const char *s, glong max_chars);

#endif
