/*
 * synth_grid.h — the template's tables as grids, for the renderers that lay
 * a table out cell by cell themselves (DOCX, OFD).
 *
 * Owns: nb_synth_table, one schema table of a record as an nb_grid (the
 * model's grid: anchors with row/column spans, covered positions) with the
 * template's header rows (section 二 blocks under 信息内容 headers, the
 * three header rows and three label columns of section 三 with its vertical
 * group label, the groups × columns of section 四), labels with the noise
 * of published reports when opts->mangle asks, values as printed; and the
 * grid rows before which the table is split over a page (a spanning group
 * label is printed again after such a split, as nb_synth_place_rows
 * decides).  Everything returned is the caller's (nb_synth_table_free).
 */
#ifndef NB_SYNTH_GRID_H
#define NB_SYNTH_GRID_H

#include "layout/model/grid.h"
#include "cmd/synth/synth.h"

#include <glib.h>

typedef struct {
    nb_grid *grid;
    int header_rows;     /* leading rows that a page split may repeat */
    GArray *splits;      /* int: grid rows that start a new page segment, ascending */
    int vertical_col;    /* the column of the vertical group label, or -1 */
} nb_synth_table;

/* Builds table `t` of record `r`.  Draws from `rnd`; `split_percent` is the
 * chance (in 100) of a page split before each row of section 三 after the
 * fifth.  *typo_done is shared over a document (one label typo at most). */
nb_synth_table *nb_synth_table_build(const nb_record *r, const nb_schema_table *t, GRand *rnd,
                                     const nb_synth_opts *opts, int split_percent,
                                     gboolean *typo_done);

void nb_synth_table_free(nb_synth_table *t);

/* The Chinese heading of a schema table: its heading without numbering
 * ("主动公开政府信息情况"); points into the schema. */
const char *nb_synth_plain_heading(const GPtrArray *headings);

#endif
