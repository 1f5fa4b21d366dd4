/*
 * html.c — the HTML reader: a saved web page (whole CMS page, Word export,
 * bare fragment) as an nb_doc.
 *
 * The page is converted to UTF-8 first (html_charset), then parsed by
 * libxml2's HTML parser in recovery mode with the encoding fixed to UTF-8
 * (its own <meta> sniffing is switched off: the bytes are already
 * converted).  The article is found by content (html_article), its text
 * flow and data tables are read in document order (html_flow), and the
 * title is chosen among <meta>, <title> and headings (html_title).
 */
#include "reader.h"
#include "html_article.h"
#include "html_charset.h"
#include "html_flow.h"
#include "html_title.h"

#include <string.h>

static const int k_parse_options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                   HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC;

static htmlDocPtr parse_utf8(const char *utf8, nb_error *err)
{
    size_t n = strlen(utf8);
    if (n > G_MAXINT) {
        nb_error_set(err, NB_ERR_LIMIT, "HTML page of %zu bytes is too large to parse", n);
        return NULL;
    }
    htmlDocPtr hd = htmlReadMemory(utf8, (int)n, NULL, "UTF-8", k_parse_options);
    if (!hd)
        nb_error_set(err, NB_ERR_FORMAT, "HTML page could not be parsed");
    return hd;
}

nb_doc *nb_read_html(const guchar *data, gsize len, const nb_limits *lim, nb_error *err)
{
    const char *charset = NULL;
    gsize replaced = 0;
    char *utf8 = nb_html_to_utf8(data, len, &charset, &replaced);
    if (!utf8) {
        nb_error_set(err, NB_ERR_FORMAT, "HTML page is in no supported encoding "
                     "(UTF-8, GB2312/GBK/GB18030, Big5, UTF-16)");
        return NULL;
    }
    htmlDocPtr hd = parse_utf8(utf8, err);
    g_free(utf8);
    if (!hd)
        return NULL;
    nb_doc *doc = nb_doc_new();
    doc->format = "html";
    if (replaced)
        nb_doc_warn(doc, NULL, "%" G_GSIZE_FORMAT " byte%s invalid in %s replaced", replaced,
                    replaced == 1 ? "" : "s", charset);
    const xmlNode *root = xmlDocGetRootElement(hd);
    doc->title = nb_html_title(root);
    gboolean finished = nb_html_flow_read(nb_html_find_article(root), doc, lim);
    xmlFreeDoc(hd);
    if (!finished) {
        nb_doc_free(doc);
        nb_error_set(err, NB_ERR_LIMIT, "time limit of %g s exceeded while reading the page "
                     "(--timeout)", lim ? lim->timeout_s : 0.0);
        return NULL;
    }
    return doc;
}
