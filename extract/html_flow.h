/*
 * html_flow.h — the article's text flow and data tables, in document order.
 *
 * Owns: the walk over the article element that turns what a browser shows
 * into nb_doc lines (one per paragraph or other block element, and one per
 * <br>-separated piece; tables excluded) and nb_grids (one per data table;
 * layout tables are walked into as blocks).  Every line and cell carries
 * provenance with origin html and the source line of its element.  Fills
 * the caller's nb_doc, which owns what is added.
 */
#ifndef NB_HTML_FLOW_H
#define NB_HTML_FLOW_H

#include "layout/model/doc.h"
#include "extract/html_dom.h"
#include "extract/reader.h"

/* Grid positions all the tables of one page may fill together when `lim`
 * sets no max_cells; a page needing more gets its remaining tables left out
 * with a warning. */
#define NB_HTML_MAX_GRID_POSITIONS ((gint64)1000 * 1000)

/* Appends the text flow and the data grids of `article` (and everything
 * under it) to `doc`, and, in document order with them, the data tables of
 * `page` outside the article that look like report tables: 3 or more cells
 * holding a number, or 8 or more blank cells (a table printed with zeros as
 * blanks), and no link, with the data table right before such a table (its
 * header printed as a table of its own).  CMS editors leave a table after the article's
 * container, or the article's choice (html_article.h) leaves out a table
 * too small to hold its share of the page's numbers; text outside the
 * article stays out.  `page` may be NULL or `article` itself.  The tables together fill at most lim->max_cells grid
 * positions (NB_HTML_MAX_GRID_POSITIONS when `lim` is NULL or sets none).  Returns FALSE when the time budget of `lim` ran out
 * before the walk finished (what was read so far stays in `doc`). */
gboolean nb_html_flow_read(const xmlNode *page, const xmlNode *article, nb_doc *doc,
                           const nb_limits *lim);

#endif
