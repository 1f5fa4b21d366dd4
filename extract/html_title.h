/*
 * html_title.h — the title of a saved web page's report.
 *
 * Owns: choosing, among the page's title candidates, the one that names the
 * article.  A CMS <title> reads "报告标题_栏目_网站名", government sites
 * also state the article title in <meta name="ArticleTitle"> (required by
 * the national government-website norms), and the first <h1>/<h2> often
 * repeats it.  Returned strings are new (g_free).
 */
#ifndef NB_HTML_TITLE_H
#define NB_HTML_TITLE_H

#include "extract/html_dom.h"

/* Returns the best title candidate of the page under `root`, or NULL when
 * it has none.  Candidates, in this order: <meta name="ArticleTitle"> and
 * og:title, the pieces of <title> split at the separators CMSs put between
 * article, column and site names (_ | ｜ " - " － —— and the breadcrumb
 * arrows > » ›), then the first <h1>,
 * then the first <h2>.  The first candidate that carries a year (a report's
 * title always does, a site or column name almost never) wins; else the
 * first piece of <title>; else the first candidate. */
char *nb_html_title(const xmlNode *root);

#endif
