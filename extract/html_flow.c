/* html_flow.c — see html_flow.h. */
#include "extract/html_flow.h"
#include "extract/html_table.h"

typedef struct {
    nb_doc *doc;
    GString *line;   /* text of the block being read, whitespace as found */
    int line_no;     /* source line where its visible text starts; 0 = none yet */
    gint64 budget;   /* grid positions still allowed */
    const nb_limits *lim;
    gboolean expired;
    const xmlNode *article; /* text is read inside it only */
    gboolean inside;
    const xmlNode *held;    /* the last data table outside the article left out */
} flow;

static void flush_line(flow *f)
{
    char *text = nb_html_collapse(f->line->str);
    if (*text) {
        nb_prov prov = nb_prov_none(NB_ORIGIN_HTML);
        prov.line = f->line_no;
        nb_doc_add_line(f->doc, text, &prov);
    }
    g_free(text);
    g_string_truncate(f->line, 0);
    f->line_no = 0;
}

static void add_text(flow *f, const xmlNode *text)
{
    gsize before = f->line->len;
    nb_html_text_node_append(f->line, text);
    if (f->line_no == 0) {
        char *piece = nb_html_collapse(f->line->str + before);
        if (*piece)
            f->line_no = nb_html_line(text) ? nb_html_line(text) : nb_html_line(text->parent);
        g_free(piece);
    }
}

static void walk(flow *f, const xmlNode *n);

static void walk_children(flow *f, const xmlNode *n)
{
    for (const xmlNode *c = n->children; c && !f->expired; c = c->next)
        walk(f, c);
}

/* A caption belongs to the text flow, above its table. */
static void add_captions(flow *f, const xmlNode *table)
{
    for (const xmlNode *c = table->children; c; c = c->next)
        if (nb_html_is(c, "caption")) {
            walk_children(f, c);
            flush_line(f);
        }
}

static void add_data_table(flow *f, const xmlNode *table)
{
    flush_line(f);
    add_captions(f, table);
    gint64 positions = 0;
    const char *why = NULL;
    nb_grid *g = nb_html_table_grid(table, f->budget, &positions, &why);
    if (g) {
        char name[48];
        g_snprintf(name, sizeof name, "table %u (line %d)", f->doc->grids->len + 1,
                   nb_html_line(table));
        nb_grid_set_name(g, name);
        nb_doc_add_grid(f->doc, g);
        f->budget -= positions;
    } else if (why) {
        nb_doc_warn(f->doc, NULL, "table at line %d (%" G_GINT64_FORMAT " grid cells) is %s; "
                    "left out", nb_html_line(table), positions, why);
    }
}

/* Thresholds of a report table outside the article (see html_flow.h). */
enum { k_stray_numbers = 3, k_stray_blanks = 8 };

static gboolean looks_like_report_table(const xmlNode *table)
{
    int numbers, blanks;
    gboolean links = nb_html_table_census(table, &numbers, &blanks);
    return !links && (numbers >= k_stray_numbers || blanks >= k_stray_blanks);
}

/* True when `n` is an element a browser shows and the time budget is not
 * spent (when it is, the walk stops: f->expired). */
static gboolean visible_element(flow *f, const xmlNode *n)
{
    if (n->type != XML_ELEMENT_NODE || nb_html_skipped(n))
        return FALSE;
    if (nb_limits_expired(f->lim)) {
        f->expired = TRUE;
        return FALSE;
    }
    return TRUE;
}

/* The element after `n` among its siblings (text between them being
 * white space), or NULL. */
static const xmlNode *next_element(const xmlNode *n)
{
    for (const xmlNode *c = n->next; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE)
            return c;
        if (c->type == XML_TEXT_NODE && c->content) {
            char *t = nb_html_collapse((const char *)c->content);
            gboolean blank = !*t;
            g_free(t);
            if (!blank)
                return NULL;
        }
    }
    return NULL;
}

/* Outside the article: only the data tables that look like report tables. */
static void walk_outside(flow *f, const xmlNode *n)
{
    if (n == f->article) {
        f->inside = TRUE;
        walk(f, n);
        f->inside = FALSE;
        return;
    }
    if (!visible_element(f, n))
        return;
    if (nb_html_is(n, "table") && !nb_html_table_is_layout(n)) {
        if (!looks_like_report_table(n)) {
            f->held = n;
            return;
        }
        /* a header printed as a table of its own (words only) right
         * before the body's table is part of it */
        if (f->held && next_element(f->held) == n)
            add_data_table(f, f->held);
        add_data_table(f, n);
        return;
    }
    for (const xmlNode *c = n->children; c && !f->expired; c = c->next)
        walk_outside(f, c);
}

static void walk(flow *f, const xmlNode *n)
{
    if (!f->inside) {
        walk_outside(f, n);
        return;
    }
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        add_text(f, n);
        return;
    }
    if (!visible_element(f, n))
        return;
    if (nb_html_is(n, "br")) {
        flush_line(f);
    } else if (nb_html_is(n, "table") && !nb_html_table_is_layout(n)) {
        add_data_table(f, n);
    } else if (nb_html_is_block(n)) {
        flush_line(f);
        walk_children(f, n);
        flush_line(f);
    } else {
        walk_children(f, n);
    }
}

gboolean nb_html_flow_read(const xmlNode *page, const xmlNode *article, nb_doc *doc,
                           const nb_limits *lim)
{
    gint64 budget = lim && lim->max_cells > 0 ? lim->max_cells : NB_HTML_MAX_GRID_POSITIONS;
    flow f = {doc, g_string_new(NULL), 0, budget, lim, FALSE, article, FALSE, NULL};
    if (page && article)
        walk_outside(&f, page);
    else if (article)
        f.inside = TRUE, walk(&f, article);
    flush_line(&f);
    g_string_free(f.line, TRUE);
    return !f.expired;
}
