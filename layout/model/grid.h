/*
 * grid.h — rebuilt table grids and the provenance every cell carries.
 *
 * Owns: nb_prov (where a piece of text came from), nb_grid (rows x cols of
 * cells with row/column spans).  A grid owns copies of every string put into
 * it; nb_grid_free releases them.  Cells covered by another cell's span are
 * "covered" (anchor = 0) and point back at their anchor, so consumers can tell
 * a merged header from a repeated value.
 *
 * Every reader (text, HTML, PDF text layer, OCR) produces nb_grid values;
 * nothing after layout/ knows which reader ran.
 */
#ifndef NB_GRID_H
#define NB_GRID_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
    NB_ORIGIN_TEXT = 0,   /* a line of a plain-text input */
    NB_ORIGIN_HTML,       /* an HTML element */
    NB_ORIGIN_TEXT_LAYER, /* a PDF text layer */
    NB_ORIGIN_OCR,        /* OCR of an image or scanned page */
    NB_ORIGIN_CORRECTION, /* a person's correction (convert --corrections) */
    NB_ORIGIN_DOCX,       /* a Word document (Office Open XML) */
    NB_ORIGIN_DOC         /* a Word 97-2003 binary document */
} nb_origin;

/* Where a value came from.  page is 1-based (0 = not paged); line is 1-based
 * (0 = none; for Word documents the paragraph index); box is x0,y0,x1,y1 in
 * PDF points, image pixels or OFD millimetres when has_box; confidence is
 * 0..100, or -1 when the reader has none; cell is [table, row, column] from 0
 * when has_cell (Word tables). */
typedef struct {
    int page;
    int line;
    bool has_box;
    double box[4];
    int confidence;
    nb_origin origin;
    bool has_cell;
    int cell[3];
} nb_prov;

/* Returns the spec's origin name ("text", "html", "text-layer", "ocr",
 * "correction", "docx", "doc"). */
const char *nb_origin_name(nb_origin o);

/* A provenance record with no location: page 0, line 0, no box, confidence -1. */
nb_prov nb_prov_none(nb_origin o);

typedef struct {
    char *text;       /* UTF-8, never NULL for a set cell ("" when blank) */
    int rowspan;      /* >= 1 on anchors */
    int colspan;      /* >= 1 on anchors */
    bool anchor;      /* true for the cell that holds the text of a span */
    bool set;         /* false for positions nobody filled */
    int anchor_row;   /* for covered cells: the anchor's position */
    int anchor_col;
    nb_prov prov;
} nb_cell;

typedef struct nb_grid nb_grid;

/* Creates an empty grid.  It grows as cells are put into it.  Free it with
 * nb_grid_free. */
nb_grid *nb_grid_new(void);

/* Releases a grid and every string it holds.  NULL is accepted. */
void nb_grid_free(nb_grid *g);

/* Puts text at (row, col) spanning rowspan x colspan positions, copying text.
 * Positions covered by the span become covered cells pointing at the anchor.
 * A position that is already set is overwritten.  Spans below 1 count as 1. */
void nb_grid_put(nb_grid *g, int row, int col, const char *text,
                 int rowspan, int colspan, const nb_prov *prov);

/* Appends a cell at the first unset position of row `row` (after any cell
 * already there or covered by a span from above), the way HTML lays out
 * <td> elements.  Returns the column used. */
int nb_grid_append(nb_grid *g, int row, const char *text, int rowspan,
                   int colspan, const nb_prov *prov);

int nb_grid_rows(const nb_grid *g);
int nb_grid_cols(const nb_grid *g);

/* Returns the cell at (row, col), or NULL outside the grid.  Unset positions
 * inside the grid return a cell with set = false and text "". */
const nb_cell *nb_grid_cell(const nb_grid *g, int row, int col);

/* Returns the text shown at (row, col): the anchor's text for covered cells,
 * "" for unset positions or positions outside the grid. */
const char *nb_grid_text(const nb_grid *g, int row, int col);

/* Free-form label of the grid (e.g. "page 3 table 1"), copied; may be NULL. */
void nb_grid_set_name(nb_grid *g, const char *name);
const char *nb_grid_name(const nb_grid *g);

/* Appends the rows of `src` below those of `dst` (page-break stitching and
 * tables split into several <table> elements).  `src` is left unchanged. */
void nb_grid_append_rows(nb_grid *dst, const nb_grid *src, int first_src_row);

/* Removes row `row`, shifting later rows up.  Spans crossing it shrink. */
void nb_grid_remove_row(nb_grid *g, int row);

/* Text of a rebuilt cell whose value the document does not determine (a
 * stage such as glued recovery writes it).  The mapper treats such a cell as a
 * value position and leaves the value out; the warning that says why was added
 * by the stage that wrote the marker. */
#define NB_CELL_UNDETERMINED "?"

#endif
