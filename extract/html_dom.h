/*
 * html_dom.h — the questions the HTML reader asks about libxml2 nodes.
 *
 * Owns nothing: every function reads a node of a tree that libxml2 parsed
 * (htmlReadMemory) and the tree stays the caller's.  Returned strings are new
 * and freed by the caller with g_free.
 *
 * What a browser would not show (scripts, styles, form widgets, Word's
 * embedded <xml> blocks, elements hidden by style) is "skipped" here, so
 * every module of the reader ignores the same things.
 */
#ifndef NB_HTML_DOM_H
#define NB_HTML_DOM_H

#include <glib.h>
#include <libxml/HTMLparser.h>

/* True when `n` is an element named `name` (lower case; libxml2 lowercases
 * HTML tag names while parsing). */
gboolean nb_html_is(const xmlNode *n, const char *name);

/* True when `n` is an element whose content a reader must ignore: scripts,
 * styles, form widgets, embedded objects, Word's <xml> data islands, and
 * elements hidden by `hidden`, `display:none`, `visibility:hidden`, Word's
 * `mso-hide:all`, and Word's placeholder cells (`mso-cell-special:
 * placeholder`, padding it adds to rows whose cells do not line up). */
gboolean nb_html_skipped(const xmlNode *n);

/* True when `n` is an element that starts a new line of text in a browser
 * (p, div, headings, list items, table parts, ...).  <br> is not a block:
 * callers treat it as a line break of its own.  Word's <o:p> (which libxml2
 * reads as a "p" inside a "p") is inline. */
gboolean nb_html_is_block(const xmlNode *n);

/* True when `n` is one of h1..h6. */
gboolean nb_html_is_heading(const xmlNode *n);

/* Returns a copy of attribute `name` of element `n`, or NULL when absent. */
char *nb_html_attr(const xmlNode *n, const char *name);

/* Reads attribute `name` as a non-negative integer the way browsers do
 * (leading digits, anything after them ignored).  Returns `dflt` when the
 * attribute is absent or has no leading digits, otherwise the number
 * clamped to [lo, hi]. */
int nb_html_attr_int(const xmlNode *n, const char *name, int dflt, int lo, int hi);

/* Appends the content of text node `n` (other nodes add nothing), leaving
 * out the markers of Word's downlevel-revealed conditionals (<![if …]>,
 * <![endif]>) that libxml2 reads as text. */
void nb_html_text_node_append(GString *buf, const xmlNode *n);

/* Appends the visible text of `n` and its descendants to `buf`: skipped
 * elements contribute nothing, and each block boundary or <br> adds one
 * space, so that words in separate paragraphs of one table cell stay apart.
 * Whitespace is appended as found; nb_html_collapse tidies it. */
void nb_html_text_append(GString *buf, const xmlNode *n);

/* Returns `s` with every run of white space (ASCII, NBSP, U+3000, ...)
 * turned into one ASCII space, zero-width characters dropped, and the ends
 * trimmed, the way a browser shows text.  Never returns NULL. */
char *nb_html_collapse(const char *s);

/* Returns the collapsed visible text of `n` (nb_html_text_append then
 * nb_html_collapse).  Never returns NULL. */
char *nb_html_text(const xmlNode *n);

/* Source line of `n` (1-based), or 0 when libxml2 did not record one. */
int nb_html_line(const xmlNode *n);

#endif
