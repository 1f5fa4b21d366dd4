/* html_dom.c — see html_dom.h. */
#include "extract/html_dom.h"

#include <stdlib.h>
#include <string.h>

/* Content a browser does not show as text. */
static const char *const k_skipped[] = {
    "script", "style", "noscript", "template", "head", "title", "meta", "link",
    "iframe", "frame", "frameset", "object", "embed", "applet", "param",
    "select", "option", "optgroup", "textarea", "button", "input", "svg",
    "canvas", "map", "audio", "video", "source", "track",
    "xml", /* Word's data islands (<xml><w:WordDocument>…) */
    NULL};

static const char *const k_blocks[] = {
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd",
    "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "html", "legend",
    "li", "listing", "main", "menu", "nav", "ol", "p", "pre", "section", "summary",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "xmp",
    NULL};

static const char *const k_headings[] = {"h1", "h2", "h3", "h4", "h5", "h6", NULL};

static gboolean is_element(const xmlNode *n)
{
    return n && n->type == XML_ELEMENT_NODE && n->name;
}

gboolean nb_html_is(const xmlNode *n, const char *name)
{
    return is_element(n) && g_ascii_strcasecmp((const char *)n->name, name) == 0;
}

gboolean nb_html_is_heading(const xmlNode *n)
{
    return is_element(n) && g_strv_contains(k_headings, (const char *)n->name);
}

gboolean nb_html_is_block(const xmlNode *n)
{
    if (!is_element(n) || !g_strv_contains(k_blocks, (const char *)n->name))
        return FALSE;
    /* libxml2 drops the prefix of Word's <o:p>, leaving a "p" inside a "p"
     * that a real <p> could never be (it would close the outer one): inline */
    return !(nb_html_is(n, "p") && nb_html_is(n->parent, "p"));
}

char *nb_html_attr(const xmlNode *n, const char *name)
{
    if (!is_element(n))
        return NULL;
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    if (!v)
        return NULL;
    char *copy = g_strdup((const char *)v);
    xmlFree(v);
    return copy;
}

int nb_html_attr_int(const xmlNode *n, const char *name, int dflt, int lo, int hi)
{
    char *v = nb_html_attr(n, name);
    if (!v)
        return dflt;
    const char *p = v;
    while (g_ascii_isspace(*p))
        p++;
    int result = dflt;
    if (g_ascii_isdigit(*p)) {
        /* browsers read the leading digits: colspan="2px" is 2 */
        guint64 x = g_ascii_strtoull(p, NULL, 10);
        result = x < (guint64)lo ? lo : x > (guint64)hi ? hi : (int)x;
    }
    g_free(v);
    return result;
}

/* Style text without spaces, lower case: "DISPLAY: none" -> "display:none". */
static char *squashed_style(const xmlNode *n)
{
    char *style = nb_html_attr(n, "style");
    if (!style)
        return NULL;
    GString *s = g_string_new(NULL);
    for (const char *p = style; *p; p++)
        if (!g_ascii_isspace(*p))
            g_string_append_c(s, g_ascii_tolower(*p));
    g_free(style);
    return g_string_free(s, FALSE);
}

static gboolean is_hidden(const xmlNode *n)
{
    if (xmlHasProp(n, (const xmlChar *)"hidden"))
        return TRUE;
    char *style = squashed_style(n);
    /* Word pads rows whose cells do not line up with placeholder cells
     * that it does not show (mso-cell-special:placeholder) */
    gboolean hidden = style && (strstr(style, "display:none") || strstr(style, "mso-hide:all") ||
                                strstr(style, "visibility:hidden") ||
                                strstr(style, "mso-cell-special:placeholder"));
    g_free(style);
    return hidden;
}

gboolean nb_html_skipped(const xmlNode *n)
{
    if (!is_element(n))
        return FALSE;
    return g_strv_contains(k_skipped, (const char *)n->name) || is_hidden(n);
}

void nb_html_text_node_append(GString *buf, const xmlNode *n)
{
    if (!n || (n->type != XML_TEXT_NODE && n->type != XML_CDATA_SECTION_NODE) || !n->content)
        return;
    const char *p = (const char *)n->content;
    /* Word's downlevel-revealed conditionals (<![if !supportLists]> …
     * <![endif]>) reach libxml2 2.9 as text; a browser shows neither */
    for (const char *open; (open = strstr(p, "<![")) != NULL;) {
        const char *close = strstr(open, "]>");
        if (!close)
            break;
        g_string_append_len(buf, p, open - p);
        p = close + 2;
    }
    g_string_append(buf, p);
}

void nb_html_text_append(GString *buf, const xmlNode *n)
{
    if (!n)
        return;
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        nb_html_text_node_append(buf, n);
        return;
    }
    if (!is_element(n) || nb_html_skipped(n))
        return;
    if (nb_html_is(n, "br")) {
        g_string_append_c(buf, ' ');
        return;
    }
    gboolean block = nb_html_is_block(n);
    if (block)
        g_string_append_c(buf, ' ');
    for (const xmlNode *c = n->children; c; c = c->next)
        nb_html_text_append(buf, c);
    if (block)
        g_string_append_c(buf, ' ');
}

char *nb_html_collapse(const char *s)
{
    GString *out = g_string_sized_new(s ? strlen(s) : 0);
    gboolean space = FALSE;
    for (const char *p = s ? s : ""; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (g_unichar_isspace(c)) {
            space = out->len > 0;
            continue;
        }
        /* zero-width spaces and joiners, soft hyphens, BOMs: invisible */
        if (c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 || c == 0x00AD ||
            c == 0xFEFF)
            continue;
        if (space)
            g_string_append_c(out, ' ');
        space = FALSE;
        g_string_append_unichar(out, c);
    }
    return g_string_free(out, FALSE);
}

char *nb_html_text(const xmlNode *n)
{
    GString *buf = g_string_new(NULL);
    nb_html_text_append(buf, n);
    char *text = nb_html_collapse(buf->str);
    g_string_free(buf, TRUE);
    return text;
}

int nb_html_line(const xmlNode *n)
{
    long line = n ? xmlGetLineNo(n) : -1;
    return line > 0 && line < G_MAXINT ? (int)line : 0;
}
