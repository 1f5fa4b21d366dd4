/*
 * pdfpage.h — positioned text of one page: glyphs and the lines they form.
 *
 * Owns: nb_glyph (one character with its box in page units and its font
 * size), nb_page_text (the glyphs of one page and its size) and nb_text_line
 * (glyphs grouped into a line by geometry, with its text and box).  Readers
 * that know where each character sits (the PDF text layer) fill an
 * nb_page_text; layout/pdfgrid.h and layout/pdfflow.h turn it into grids and
 * the text flow.  Boxes are x0,y0,x1,y1 with y growing downwards (PDF points
 * from the top-left corner of the page).
 *
 * Everything returned is new: free pages with nb_page_text_free, line arrays
 * with g_ptr_array_free (they free their lines).  A line borrows nothing.
 */
#ifndef NB_PDFPAGE_H
#define NB_PDFPAGE_H

#include "layout/rulings.h"

#include <glib.h>

typedef struct {
    gunichar ch;   /* never whitespace: spacing is decided from geometry */
    nb_box box;
    double size;   /* font size in page units */
} nb_glyph;

typedef struct {
    int number;     /* 1-based page number */
    double width, height;
    GArray *glyphs; /* nb_glyph, in the order the reader gave them */
} nb_page_text;

typedef struct {
    char *text;     /* UTF-8; CJK joined without spaces */
    nb_box box;     /* union of the glyph boxes */
    double size;    /* largest font size on the line */
    int page;
    GArray *glyphs; /* nb_glyph, left to right */
} nb_text_line;

/* Creates an empty page of the given number and size. */
nb_page_text *nb_page_text_new(int number, double width, double height);

/* Releases a page and its glyphs.  NULL is accepted. */
void nb_page_text_free(nb_page_text *p);

/* Releases a line.  NULL is accepted (usable as a GDestroyNotify). */
void nb_text_line_free(gpointer line);

/* True for the characters written without spaces between them: CJK
 * ideographs, kana, CJK punctuation and full-width forms. */
gboolean nb_glyph_is_cjk(gunichar c);

/* Groups `glyphs` (nb_glyph* borrowed, any order) into lines: a glyph
 * whose vertical centre is within a third of the line height of the line's
 * mean centre shares the line.  Lines come back top to bottom, glyphs left
 * to right; a space is put between two glyphs separated by more than a
 * quarter of the font size unless both are CJK, nothing otherwise (a
 * number split into two text items is joined).  Returns a new array of
 * nb_text_line* owning its lines. */
GPtrArray *nb_text_lines(GPtrArray *glyphs, int page);

/* Joins the lines of one table cell into its text: lines concatenated
 * without a separator, except a space between two Latin/digit ends.
 * Returns a new string. */
char *nb_text_lines_join(GPtrArray *lines);

/* The union of two boxes. */
nb_box nb_box_union(nb_box a, nb_box b);

#endif
