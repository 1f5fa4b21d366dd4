/*
 * pdfflow.h — the text flow of positioned pages: page furniture removed,
 * wrapped lines joined into paragraphs, the title found.
 *
 * Owns: nb_flow_page (one page's text lines outside tables, and where its
 * tables are) and the rules that turn pages of lines into paragraphs in
 * reading order.  Pages hold nb_text_line* they own; functions returning
 * arrays or strings return new ones.
 */
#ifndef NB_PDFFLOW_H
#define NB_PDFFLOW_H

#include "layout/pdfpage.h"

#include <glib.h>

typedef struct {
    int number;
    double width, height;
    GPtrArray *lines;  /* nb_text_line*, top to bottom (owned) */
    GArray *tables;    /* nb_box of the page's tables */
} nb_flow_page;

/* A new page taking ownership of `lines` (may be NULL: no lines). */
nb_flow_page *nb_flow_page_new(int number, double width, double height, GPtrArray *lines);

/* Releases a page and its lines.  NULL is accepted. */
void nb_flow_page_free(gpointer page);

/* Removes page furniture from `pages` (nb_flow_page*): page numbers ("-3-",
 * "第 3 页", "3 / 6") and running headers or footers (the same text, digits
 * aside, near the same edge of several pages) in the top or bottom margin. */
void nb_flow_strip_furniture(GPtrArray *pages);

/* Joins lines into paragraphs in reading order: a line continues the
 * previous one when that one ran to the right margin, the new one is not
 * indented, has the same font size and follows closely (on the same page
 * with no table in between, or at the top of the next page).  Returns a new
 * array of nb_text_line* (text joined, box on the paragraph's first page). */
GPtrArray *nb_flow_paragraphs(GPtrArray *pages);

/* The document title: the lines of the largest font near the top of the
 * first page, joined (a space between a CJK and a Latin end).  Returns a
 * new string, or NULL when no line stands out by its size. */
char *nb_flow_title(const nb_flow_page *first);

#endif
