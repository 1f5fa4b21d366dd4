/* html_charset.c — see html_charset.h. */
#include "html_charset.h"
#include "encoding.h"
#include "html_dom.h"

#include <string.h>

enum { k_prescan_bytes = 64 * 1024 };

/* "text/html; charset=GB2312" -> "gb2312"; NULL when there is no charset. */
static char *charset_from_content(const char *content)
{
    char *lower = g_ascii_strdown(content, -1);
    char *at = strstr(lower, "charset");
    char *cs = NULL;
    if (at) {
        at += strlen("charset");
        while (g_ascii_isspace(*at))
            at++;
        if (*at == '=') {
            at++;
            while (g_ascii_isspace(*at) || *at == '"' || *at == '\'')
                at++;
            size_t n = strcspn(at, " \t\r\n;\"'");
            if (n > 0)
                cs = g_strndup(at, n);
        }
    }
    g_free(lower);
    return cs;
}

/* The charset one <meta> element declares, or NULL. */
static char *meta_charset(const xmlNode *meta)
{
    char *cs = nb_html_attr(meta, "charset");
    if (cs) {
        g_strstrip(cs);
        char *lower = g_ascii_strdown(cs, -1);
        g_free(cs);
        if (*lower)
            return lower;
        g_free(lower);
        return NULL;
    }
    char *equiv = nb_html_attr(meta, "http-equiv");
    char *content = equiv && !g_ascii_strcasecmp(g_strstrip(equiv), "content-type")
                        ? nb_html_attr(meta, "content")
                        : NULL;
    cs = content ? charset_from_content(content) : NULL;
    g_free(content);
    g_free(equiv);
    return cs;
}

static char *find_meta_charset(const xmlNode *n)
{
    for (; n; n = n->next) {
        if (nb_html_is(n, "meta")) {
            char *cs = meta_charset(n);
            if (cs)
                return cs;
        }
        char *cs = n->type == XML_ELEMENT_NODE ? find_meta_charset(n->children) : NULL;
        if (cs)
            return cs;
    }
    return NULL;
}

char *nb_html_declared_charset(const guchar *data, gsize len)
{
    if (!data || len == 0)
        return NULL;
    int n = (int)MIN(len, (gsize)k_prescan_bytes);
    htmlDocPtr doc = htmlReadMemory((const char *)data, n, NULL, "ISO-8859-1",
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                        HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC);
    if (!doc)
        return NULL;
    char *cs = find_meta_charset(xmlDocGetRootElement(doc));
    xmlFreeDoc(doc);
    return cs;
}

static gboolean has_bom(const guchar *d, gsize len)
{
    return (len >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF) ||
           (len >= 2 && ((d[0] == 0xFF && d[1] == 0xFE) || (d[0] == 0xFE && d[1] == 0xFF)));
}

static gboolean is_ascii(const guchar *d, gsize len)
{
    for (gsize i = 0; i < len; i++)
        if (d[i] >= 0x80)
            return FALSE;
    return TRUE;
}

char *nb_html_to_utf8(const guchar *data, gsize len, const char **used)
{
    const char *dummy;
    if (!used)
        used = &dummy;
    *used = NULL;
    if (has_bom(data, len) ||
        (g_utf8_validate((const char *)data, (gssize)len, NULL) && !is_ascii(data, len)))
        return nb_to_utf8(data, len, NULL, used);
    char *declared = nb_html_declared_charset(data, len);
    char *out = nb_to_utf8(data, len, declared, used);
    g_free(declared);
    return out;
}
