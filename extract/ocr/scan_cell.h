/*
 * scan_cell.h — reading one table cell of a scanned page.
 *
 * Owns: the per-cell OCR policy: where the ink of a cell is (ignoring the
 * rulings around it and scanner speckles), whether a cell is blank, whether
 * it holds a number or a label, which engine and segmentation mode read it,
 * and the alternative preprocessings ("variants") used when a reading is
 * re-done.  Readings are returned in a caller-owned nb_scan_reading whose
 * text is freed by nb_scan_reading_clear.
 */
#ifndef NB_SCAN_CELL_H
#define NB_SCAN_CELL_H

#include "extract/ocr/scan_page.h"

#include <glib.h>

typedef enum {
    NB_SCAN_AUTO = 0, /* decide from what the cell looks like and reads as */
    NB_SCAN_NUMBER,   /* a value cell: read with the digit engine only */
    NB_SCAN_LABEL     /* a label cell: read with the Chinese engine only */
} nb_scan_cell_kind;

/* Preprocessings for a cell.  The first is the normal reading; the others
 * serve the normal reading of a doubtful number and re-reading, each
 * changing one thing a degraded scan gets wrong.  The digit engine reads
 * gray best: on the thresholded strokes of the ink image it reads a thin
 * 5 as 3 or 9 with confidence 95-99, on the softened gray it does not.
 * Re-reading (nb_scan_reread) tries them in this order. */
typedef enum {
    NB_VARIANT_PLAIN = 0, /* a number: the softened gray crop, with GRAY and
                           * INKED when in doubt; a label: the ink image */
    NB_VARIANT_GRAY,      /* the gray crop, paper made white, a tight margin */
    NB_VARIANT_INKED,     /* the darker of GRAY and the softened ink image:
                           * strokes the threshold kept, edges of the gray */
    NB_VARIANT_INK,       /* the page's ink image (binarised, flattened) */
    NB_VARIANT_DARKER,    /* a higher ink threshold, strokes thickened */
    NB_VARIANT_LIGHTER,   /* a lower ink threshold: touching strokes part */
    NB_VARIANT_COUNT
} nb_scan_variant;

/* The text of a cell that holds ink no engine could read: not a number, so
 * the mapper leaves the value out and warns with its path. */
#define NB_CELL_ILLEGIBLE "(illegible)"

typedef struct {
    char *text;        /* "" for a blank cell; never NULL after a successful read */
    int confidence;    /* 0..100; 100 for a cell with no ink at all */
    gboolean numeric;  /* read as a number (digit engine) */
    gboolean has_ink;  /* something is printed in the cell */
} nb_scan_reading;

/* Reads the cell whose inside is `box` (x0, y0, x1, y1 in pixels of the
 * page's deskewed images) as `kind`, with preprocessing `variant`.  Fills
 * `out` (always initialised) and returns TRUE; returns FALSE when the OCR
 * engine is unavailable.  A cell with ink that no engine can read gets the
 * text NB_CELL_ILLEGIBLE and confidence 0, so that it is never taken for a blank. */
gboolean nb_scan_read_cell(const nb_scan_page *pg, const double box[4], nb_scan_cell_kind kind,
                           nb_scan_variant variant, nb_scan_reading *out);

/* Frees the reading's text and resets it.  NULL is accepted. */
void nb_scan_reading_clear(nb_scan_reading *r);

#endif
