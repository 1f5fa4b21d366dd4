/* html_title.c — see html_title.h. */
#include "extract/html_title.h"

#include <string.h>

static const xmlNode *first_element(const xmlNode *n, const char *name)
{
    for (; n; n = n->next) {
        if (nb_html_is(n, name))
            return n;
        if (n->type == XML_ELEMENT_NODE && !nb_html_is(n, "script") && !nb_html_is(n, "style")) {
            const xmlNode *found = first_element(n->children, name);
            if (found)
                return found;
        }
    }
    return NULL;
}

static void add_candidate(GPtrArray *out, char *text)
{
    if (text && *text)
        g_ptr_array_add(out, text);
    else
        g_free(text);
}

/* The content of the first <meta> whose name (or property) is `name`. */
static char *meta_content(const xmlNode *n, const char *name)
{
    for (; n; n = n->next) {
        if (nb_html_is(n, "meta")) {
            char *key = nb_html_attr(n, "name");
            if (!key)
                key = nb_html_attr(n, "property");
            gboolean match = key && !g_ascii_strcasecmp(key, name);
            g_free(key);
            if (match) {
                char *content = nb_html_attr(n, "content");
                char *text = nb_html_collapse(content);
                g_free(content);
                return text;
            }
        }
        char *found = n->type == XML_ELEMENT_NODE ? meta_content(n->children, name) : NULL;
        if (found)
            return found;
    }
    return NULL;
}

/* <title> text of the page, read directly: nb_html_text skips <title>
 * (a browser does not show it in the page). */
static char *title_text(const xmlNode *title)
{
    GString *buf = g_string_new(NULL);
    for (const xmlNode *c = title ? title->children : NULL; c; c = c->next)
        nb_html_text_node_append(buf, c);
    char *text = nb_html_collapse(buf->str);
    g_string_free(buf, TRUE);
    return text;
}

static void add_title_pieces(GPtrArray *out, const char *title)
{
    static const char *const seps[] = {"｜", "－", " - ", " – ", " — ", "——", "|", ">", "»",
                                       "›", "＞", NULL};
    char *joined = g_strdup(title);
    for (const char *const *s = seps; *s; s++) {
        char **parts = g_strsplit(joined, *s, -1);
        g_free(joined);
        joined = g_strjoinv("_", parts);
        g_strfreev(parts);
    }
    char **pieces = g_strsplit(joined, "_", -1);
    for (char **p = pieces; *p; p++)
        add_candidate(out, nb_html_collapse(*p));
    g_strfreev(pieces);
    g_free(joined);
}

/* True when `s` holds a year: a run of exactly four digits (ASCII or full
 * width) starting 19 or 20.  Phone numbers and site codes are longer runs. */
static gboolean has_year(const char *s)
{
    int run = 0, value = 0;
    for (const char *p = s;; p = g_utf8_next_char(p)) {
        int d = *p ? g_unichar_digit_value(g_utf8_get_char(p)) : -1;
        if (d >= 0) {
            run++;
            value = value * 10 + d;
            if (run > 4)
                value = 0;
            continue;
        }
        if (run == 4 && value >= 1900 && value < 2100)
            return TRUE;
        run = value = 0;
        if (!*p)
            return FALSE;
    }
}

char *nb_html_title(const xmlNode *root)
{
    if (!root)
        return NULL;
    GPtrArray *cands = g_ptr_array_new_with_free_func(g_free);
    add_candidate(cands, meta_content(root, "ArticleTitle"));
    add_candidate(cands, meta_content(root, "og:title"));
    guint first_piece = cands->len;
    char *title = title_text(first_element(root, "title"));
    add_title_pieces(cands, title);
    gboolean have_pieces = cands->len > first_piece;
    g_free(title);
    const xmlNode *h1 = first_element(root, "h1"), *h2 = first_element(root, "h2");
    add_candidate(cands, h1 ? nb_html_text(h1) : NULL);
    add_candidate(cands, h2 ? nb_html_text(h2) : NULL);
    const char *best = NULL;
    for (guint i = 0; i < cands->len && !best; i++)
        if (has_year(g_ptr_array_index(cands, i)))
            best = g_ptr_array_index(cands, i);
    if (!best && cands->len)
        best = g_ptr_array_index(cands, have_pieces ? first_piece : 0);
    char *out = g_strdup(best);
    g_ptr_array_free(cands, TRUE);
    return out;
}
