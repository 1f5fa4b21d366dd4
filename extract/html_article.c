/* html_article.c — see html_article.h. */
#include "extract/html_article.h"
#include "extract/html_table.h"
#include "layout/model/textnorm.h"

#include <string.h>

/* What a subtree holds that a report would. */
typedef struct {
    gint64 chars; /* visible non-space characters outside links */
    int numbers;  /* table cells holding one number */
    int heads;    /* blocks that read as a numbered section heading */
} evidence;

static gint64 visible_chars(const char *s)
{
    gint64 n = 0;
    for (const char *p = s; *p; p = g_utf8_next_char(p))
        n += !g_unichar_isspace(g_utf8_get_char(p));
    return n;
}

/* "二、主动公开政府信息情况": a short block opening with a Chinese numeral
 * and an enumeration comma. */
static gboolean is_numbered_heading(const char *text)
{
    static const char numerals[] = "一二三四五六七八九十";
    const char *p = text;
    int digits = 0;
    while (*p && digits < 3) {
        const char *next = g_utf8_next_char(p);
        char one[8] = {0};
        memcpy(one, p, MIN((size_t)(next - p), sizeof one - 1));
        if (!strstr(numerals, one))
            break;
        digits++;
        p = next;
    }
    return digits > 0 && (g_str_has_prefix(p, "、") || g_str_has_prefix(p, "．"));
}

static gboolean has_table(const xmlNode *n)
{
    for (const xmlNode *c = n->children; c; c = c->next)
        if (nb_html_is(c, "table") || (c->type == XML_ELEMENT_NODE && has_table(c)))
            return TRUE;
    return FALSE;
}

/* Headings are counted on the innermost block that reads as one, so that a
 * <div><p>一、…</p></div> counts once. */
static void count_heading(const xmlNode *n, evidence *e)
{
    if (e->heads > 0 || e->chars > 60 || !nb_html_is_block(n))
        return;
    char *text = nb_html_text(n);
    e->heads = is_numbered_heading(text);
    g_free(text);
}

/* `in_cell`: inside a data table, where "一、本年新收…" is a row label, not
 * a section heading (a short last section in a container of its own must
 * not be outweighed by the row labels of the tables beside it). */
static evidence measure(const xmlNode *n, gboolean in_link, gboolean in_cell, GHashTable *memo)
{
    evidence e = {0, 0, 0};
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        if (!in_link && n->content)
            e.chars = visible_chars((const char *)n->content);
        return e;
    }
    if (n->type != XML_ELEMENT_NODE || nb_html_skipped(n))
        return e;
    gboolean link = in_link || nb_html_is(n, "a");
    gboolean cell = in_cell || (nb_html_is(n, "table") && !nb_html_table_is_layout(n));
    for (const xmlNode *c = n->children; c; c = c->next) {
        evidence ce = measure(c, link, cell, memo);
        e.chars += ce.chars;
        e.numbers += ce.numbers;
        e.heads += ce.heads;
    }
    if ((nb_html_is(n, "td") || nb_html_is(n, "th")) && !has_table(n) && nb_html_is_number_cell(n))
        e.numbers++;
    if (!cell)
        count_heading(n, &e);
    g_hash_table_insert(memo, (gpointer)n, g_memdup2(&e, sizeof e));
    return e;
}

static const evidence *evidence_of(GHashTable *memo, const xmlNode *n)
{
    return g_hash_table_lookup(memo, n);
}

/* True when `child` holds enough of `parent`'s content to stand for it. */
static gboolean holds_most(const evidence *child, const evidence *parent)
{
    return child->chars * 10 >= parent->chars * 6 && child->numbers * 10 >= parent->numbers * 9 &&
           child->heads * 10 >= parent->heads * 9;
}

static const xmlNode *find_body(const xmlNode *root)
{
    for (const xmlNode *c = root->children; c; c = c->next)
        if (nb_html_is(c, "body"))
            return c;
    return root;
}

const xmlNode *nb_html_find_article(const xmlNode *root)
{
    if (!root)
        return NULL;
    GHashTable *memo = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
    const xmlNode *node = nb_html_is(root, "html") ? find_body(root) : root;
    measure(node, FALSE, FALSE, memo);
    /* a data table is read whole, never one of its rows or cells */
    while (!(nb_html_is(node, "table") && !nb_html_table_is_layout(node))) {
        const evidence *here = evidence_of(memo, node);
        const xmlNode *best = NULL;
        for (const xmlNode *c = node->children; c; c = c->next) {
            const evidence *ce = evidence_of(memo, c);
            if (ce && (!best || ce->chars > evidence_of(memo, best)->chars))
                best = c;
        }
        if (!best || !here || !holds_most(evidence_of(memo, best), here))
            break;
        node = best;
    }
    g_hash_table_destroy(memo);
    return node;
}
