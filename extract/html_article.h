/*
 * html_article.h — finding the report inside a whole web page.
 *
 * Owns: the choice of the element that holds the article.  Saved government
 * pages wrap a report of a few thousand characters in 100–350 KB of menus,
 * search forms, breadcrumbs, link lists, scripts and footers, under class
 * names that differ from one CMS to the next, so the article is found by
 * what it contains: visible text outside links, numeric table cells, and
 * numbered section headings (一、…).  Returns nodes of the caller's tree.
 */
#ifndef NB_HTML_ARTICLE_H
#define NB_HTML_ARTICLE_H

#include "extract/html_dom.h"

/* Returns the smallest element under `root` that still holds most of the
 * page's content: starting at <body>, it steps into the child holding at
 * least 60 % of the visible text outside links, when that child also holds
 * at least 90 % of the numeric table cells and of the numbered headings
 * (outside data tables, whose numbered row labels are no headings).
 * Returns `root` itself when nothing narrower qualifies, NULL only for a
 * NULL root. */
const xmlNode *nb_html_find_article(const xmlNode *root);

#endif
