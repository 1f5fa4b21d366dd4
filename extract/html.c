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
#include "extract/reader.h"
#include "extract/html_article.h"
#include "extract/html_charset.h"
#include "extract/html_flow.h"
#include "extract/html_title.h"

#include <string.h>

static const int k_parse_options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                   HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC;

/* Bytes handed to the parser between two looks at the clock: small enough
 * that one chunk parses in milliseconds, large enough that the push parser's
 * per-chunk work does not show. */
#define PARSE_CHUNK (64 * 1024)

static void set_timeout_error(nb_error *err, const nb_limits *lim, const char *stage)
{
    nb_error_set(err, NB_ERR_LIMIT, "time limit of %g s exceeded while %s (--timeout)",
                 lim ? lim->timeout_s : 0.0, stage);
}

/* Parses the UTF-8 page with libxml2's push parser, PARSE_CHUNK bytes at a
 * time, so that the time limit is checked between chunks: a page that takes
 * long to parse ends with the limit error instead of running past it.  (The
 * process's SIGALRM backstop would end it too, but without freeing anything
 * and only in the CLI.)  Returns the document, or NULL with `err` set. */
static htmlDocPtr parse_utf8(const char *utf8, const nb_limits *lim, nb_error *err)
{
    size_t n = strlen(utf8);
    if (n > G_MAXINT) {
        nb_error_set(err, NB_ERR_LIMIT, "HTML page of %zu bytes is too large to parse", n);
        return NULL;
    }
    htmlParserCtxtPtr ctx = htmlCreatePushParserCtxt(NULL, NULL, NULL, 0, NULL,
                                                     XML_CHAR_ENCODING_UTF8);
    if (!ctx) {
        nb_error_set(err, NB_ERR_FORMAT, "HTML page could not be parsed");
        return NULL;
    }
    htmlCtxtUseOptions(ctx, k_parse_options);
    ctx->linenumbers = 1; /* as htmlReadMemory does: provenance gives line numbers */
    gboolean expired = FALSE;
    for (size_t off = 0; off < n; off += PARSE_CHUNK) {
        if (nb_limits_expired(lim)) {
            expired = TRUE;
            break;
        }
        size_t len = MIN((size_t)PARSE_CHUNK, n - off);
        htmlParseChunk(ctx, utf8 + off, (int)len, 0);
    }
    if (!expired)
        htmlParseChunk(ctx, NULL, 0, 1);
    htmlDocPtr hd = ctx->myDoc;
    ctx->myDoc = NULL;
    htmlFreeParserCtxt(ctx);
    if (expired || nb_limits_expired(lim)) {
        if (hd)
            xmlFreeDoc(hd);
        set_timeout_error(err, lim, "parsing the page");
        return NULL;
    }
    if (!hd)
        nb_error_set(err, NB_ERR_FORMAT, "HTML page could not be parsed");
    return hd;
}

nb_doc *nb_read_html(const guchar *data, gsize len, const nb_limits *lim, nb_error *err)
{
    nb_html_decoding how;
    char *utf8 = nb_html_to_utf8(data, len, &how);
    if (!utf8) {
        if (how.mixed)
            nb_error_set(err, NB_ERR_FORMAT, "mixed encodings (UTF-8 and GBK)");
        else
            nb_error_set(err, NB_ERR_FORMAT, "HTML page is in no supported encoding "
                         "(UTF-8, GB2312/GBK/GB18030, Big5, UTF-16)");
        nb_html_decoding_clear(&how);
        return NULL;
    }
    htmlDocPtr hd = parse_utf8(utf8, lim, err);
    g_free(utf8);
    if (!hd) {
        nb_html_decoding_clear(&how);
        return NULL;
    }
    nb_doc *doc = nb_doc_new();
    doc->format = "html";
    if (how.note)
        nb_doc_warn(doc, NULL, "%s", how.note);
    if (how.replaced)
        nb_doc_warn(doc, NULL, "%" G_GSIZE_FORMAT " byte%s invalid in %s replaced", how.replaced,
                    how.replaced == 1 ? "" : "s", how.used);
    nb_html_decoding_clear(&how);
    /* each later stage is one walk over the tree (linear in its size, as deep
     * as libxml2 lets it be); the clock is read between them, and the flow
     * reader, the longest, reads it between elements */
    const xmlNode *root = xmlDocGetRootElement(hd);
    doc->title = nb_html_title(root);
    gboolean finished = FALSE;
    if (!nb_limits_expired(lim)) {
        const xmlNode *article = nb_html_find_article(root);
        finished = !nb_limits_expired(lim) && nb_html_flow_read(root, article, doc, lim);
    }
    xmlFreeDoc(hd);
    if (!finished) {
        nb_doc_free(doc);
        set_timeout_error(err, lim, "reading the page");
        return NULL;
    }
    return doc;
}
