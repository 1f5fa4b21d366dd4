/*
 * glued.h — tables whose cells a crawler glued together, and the constraint
 * search that splits them.
 *
 * Archive crawlers often strip a page's tags without leaving any separator,
 * so a table row reaches us as its label followed by all its numbers in one
 * digit string ("一、本年新收政府信息公开申请数量21710000218" is
 * 217|1|0|0|0|0|218).  This module owns:
 *
 *  - nb_glued_recover(): finds template row labels followed by digit runs in
 *    a document's text flow, splits every run into the template's number of
 *    cells and appends the rebuilt grids to the document;
 *  - nb_glued_split_run(): the candidate splits of one digit run, subject to
 *    the schema's equations that involve only that row;
 *  - nb_csp: a small constraint problem over value paths (units with a list
 *    of alternative assignments, the schema's equations between them) that
 *    tells which alternatives can be part of an assignment satisfying every
 *    equation.  The glued splitter uses it for the column rules (it is
 *    general: nothing in it is about glued text, and tests/unit/test_glued.c
 *    drives it directly; the scan review does not use it).
 *
 * Schema knowledge (labels, column counts, units, signs, equations) comes in
 * as data: an nb_schema and the equations of schemas/rules.h.  No split is
 * ever chosen among several valid ones: a cell whose value differs between
 * valid splits is written as NB_CELL_UNDETERMINED and a warning naming its path
 * lists the candidates.  Every search is bounded; hitting a bound leaves the
 * affected cells out with a warning.
 *
 * Memory: everything returned is new and owned by the caller (free functions
 * named with each function); grids appended to a document belong to it.
 */
#ifndef NB_GLUED_H
#define NB_GLUED_H

#include "layout/model/doc.h"
#include "schemas/schema.h"

#include <glib.h>

/* Bounds of the searches.  Zero fields take the defaults. */
typedef struct {
    long max_nodes;       /* search steps per digit run / per constraint problem (500000) */
    int max_candidates;   /* splits kept per digit run (4096) */
    int max_cell_digits;  /* longest cell, in characters: digits, sign, point (15) */
} nb_glued_limits;

/* ---- recovery of glued tables from a document's text flow ---- */

/* Rebuilds the template tables of `doc` that its grids do not already hold
 * (as the mapper sees them) from glued label/digit runs in its text flow.
 * The template is detected with the mapper's rules among `set`.  Each table
 * found becomes one grid appended to doc->grids: one row per template row
 * found, its first cell the schema row's label and then one cell per column
 * holding that cell's digits (prov.line = the source line, origin text),
 * or NB_CELL_UNDETERMINED.  Warnings (undetermined cells with their candidate
 * splits, values decided by a statement of the body text, search limits,
 * column rules the document breaks) go to doc->warnings with the value's
 * path.  `lim` may be NULL.  Returns the number of grids appended. */
int nb_glued_recover(nb_doc *doc, const nb_schema_set *set, const nb_glued_limits *lim);

/* ---- splitting one digit run ---- */

/* One way to cut a digit run into cells. */
typedef struct {
    char **cells;   /* ncells strings (NULL-terminated), the cells' characters */
    double *values; /* ncells values as the row reads them (units applied) */
    int ncells;
} nb_glued_split;

void nb_glued_split_free(gpointer p);

/* Enumerates the splits of `run` (digits, optionally '-' and '.', spaces
 * ignored; a trailing 元/万元 is kept on the last cell) into the cells of a
 * template row: `table_key`.`row_key` for an ordinary row, or for a wide
 * table (row_key NULL) every group x column of its single data row.  A cell
 * has no leading zero (a lone 0 is fine), a sign only in a column the
 * schema lets decrease ("change"), a decimal point only in a money column
 * of a decimal row (or any cell of a signed/decimal row whose columns carry
 * no such flags).  Every
 * equation of `eqs` (nb_equation*, see nb_rules_expand) whose paths all lie
 * in the row must hold.  Returns a new array of nb_glued_split* (possibly
 * empty), or NULL when the row is not in the schema.  *limited (optional,
 * always set) is TRUE when a bound of `lim` (may be NULL) cut the search
 * short, in which case the list is incomplete. */
GPtrArray *nb_glued_split_run(const nb_schema *s, const GPtrArray *eqs, const char *table_key,
                              const char *row_key, const char *run, const nb_glued_limits *lim,
                              gboolean *limited);

/* ---- the constraint problem ---- */

typedef struct nb_csp nb_csp;

typedef enum {
    NB_CSP_SOLVED = 0,  /* viability of every alternative is known */
    NB_CSP_INFEASIBLE,  /* no assignment satisfies every equation */
    NB_CSP_LIMIT        /* the step bound was hit: viability is unknown */
} nb_csp_status;

/* Creates a problem over the equations `eqs` (nb_equation*, borrowed: they
 * must outlive the problem).  Free with nb_csp_free. */
nb_csp *nb_csp_new(const GPtrArray *eqs);

/* Releases a problem.  NULL is accepted. */
void nb_csp_free(nb_csp *c);

/* Gives `path` a known value (a cell read with certainty). */
void nb_csp_fix(nb_csp *c, const char *path, double value);

/* Adds a unit: a group of paths that take their values together (a row
 * split, or one uncertain cell).  Paths are copied (at most 4096 per unit;
 * a path belongs to one unit).  Returns the unit's index. */
int nb_csp_add_unit(nb_csp *c, const char *const *paths, int npaths);

/* Adds one alternative to unit `unit`: `values` holds one value per path of
 * the unit, in the order given to nb_csp_add_unit.  Returns its index. */
int nb_csp_add_choice(nb_csp *c, int unit, const double *values);

/* Decides, for every alternative of every unit, whether some choice of one
 * alternative per unit satisfies every equation that can be evaluated (all
 * its required operands are fixed or belong to a unit, as nb_equation_eval
 * judges it).  Units linked by no equation are decided independently.
 * Returns NB_CSP_INFEASIBLE when some linked group of units has no
 * satisfying choice, NB_CSP_LIMIT after lim->max_nodes search steps (`lim`
 * may be NULL).  Can be called again after adding units or choices. */
nb_csp_status nb_csp_solve(nb_csp *c, const nb_glued_limits *lim);

/* After a solve that returned NB_CSP_SOLVED: whether alternative `choice` of
 * `unit` is part of some satisfying assignment.  FALSE otherwise. */
gboolean nb_csp_viable(const nb_csp *c, int unit, int choice);

/* After a solve that returned NB_CSP_SOLVED: TRUE and *value (optional,
 * always set) when every viable alternative gives `path` the same value (or
 * the path is fixed); FALSE when they disagree, the path is unknown or the
 * solve did not succeed. */
gboolean nb_csp_determined(const nb_csp *c, const char *path, double *value);

#endif
