/*
 * text.c — the plain-text reader.
 *
 * Understands three table shapes inside otherwise free text:
 *  - flattened web tables: a line "|" opens a row, each cell is a line ending
 *    in " |", runs of "|" are that many empty cells;
 *  - one row per line with cells separated by "|" or tabs;
 *  - one row per line: a label followed by space-separated numbers.
 * Consecutive table rows form one grid; every other line joins the text flow.
 * Cells glued without any separator are left in the text flow for layout/.
 *
 * Memory: every table cell costs about 200 bytes while its block is built
 * (the flattened cell, then the grid cell with its provenance), so a few MB
 * of number rows would take hundreds of MB: the cells of a document are
 * counted and the read ends at lim->max_cells (--max-cells).  Lines are cut
 * in place in the one UTF-8 copy of the input, never copied again.
 */
#include "extract/reader.h"
#include "extract/encoding.h"
#include "extract/text_wrap.h"
#include "layout/flat.h"
#include "layout/model/textnorm.h"

#include <string.h>

/* Captioned tables held back (Markdown converters print section 四 as one
 * small pipe table per group, each under a heading of its own). */
typedef struct {
    GPtrArray *blocks;   /* GPtrArray of blocks (GPtrArray of flat_cell rows) */
    GPtrArray *captions; /* char*: the heading above each block */
} held_tables;

typedef struct {
    nb_doc *doc;
    held_tables held;
    GPtrArray *above;    /* the last text lines' words split at 2+ spaces
                          * (GPtrArray of nb_flat_cell rows): headers */
    GPtrArray *rows;     /* current block: GPtrArray of flat_cell rows */
    GPtrArray *wrapped;  /* label-only lines held inside a block laid out with
                          * spaces (their words, text_wrap.h) until the next
                          * row tells which row they belong to */
    GHashTable *label_widths; /* display column → widest label word there */
    GPtrArray *row;      /* row being filled (flattened form) */
    GString *pending;    /* cell text continued over several lines */
    int pending_line;
    gint64 cells;        /* table cells read so far */
} text_state;

static gboolean is_pipe_run(const char *s)
{
    if (!*s)
        return FALSE;
    for (; *s; s++)
        if (*s != '|')
            return FALSE;
    return TRUE;
}

static void add_named_grid(nb_doc *doc, nb_grid *g)
{
    char name[32];
    g_snprintf(name, sizeof name, "table %u", doc->grids->len + 1);
    nb_grid_set_name(g, name);
    nb_doc_add_grid(doc, g);
}

static gboolean is_label_line(const char *s);

/* True when every cell of `row` reads as a value (a number or a blank mark). */
static gboolean all_values(const GPtrArray *row)
{
    for (guint i = 0; i < row->len; i++)
        if (!nb_flat_is_value(((nb_flat_cell *)g_ptr_array_index(row, i))->text))
            return FALSE;
    return row->len > 0;
}

/* A bare captioned table: one header row of words, then rows of values only
 * (no row label), right under a heading line (at most one blank line
 * between).  Returns the heading, or NULL. */
static const char *bare_table_caption(const text_state *st, const GPtrArray *rows)
{
    if (rows->len < 2 || !st->doc->lines->len)
        return NULL;
    const GPtrArray *head = g_ptr_array_index(rows, 0);
    for (guint i = 0; i < head->len; i++)
        if (nb_flat_is_value(((nb_flat_cell *)g_ptr_array_index(head, i))->text))
            return NULL;
    for (guint r = 1; r < rows->len; r++) {
        const GPtrArray *row = g_ptr_array_index(rows, r);
        if (row->len != head->len || !all_values(row))
            return NULL;
    }
    const nb_line *last = g_ptr_array_index(st->doc->lines, st->doc->lines->len - 1);
    int first = ((nb_flat_cell *)g_ptr_array_index(head, 0))->line;
    if (last->prov.line < first - 2 || !is_label_line(last->text))
        return NULL;
    return last->text;
}

/* True when two blocks have the same header row and as many rows. */
static gboolean same_shape(const GPtrArray *a, const GPtrArray *b)
{
    const GPtrArray *ha = g_ptr_array_index(a, 0), *hb = g_ptr_array_index(b, 0);
    if (a->len != b->len || ha->len != hb->len)
        return FALSE;
    for (guint i = 0; i < ha->len; i++)
        if (strcmp(((nb_flat_cell *)g_ptr_array_index(ha, i))->text,
                   ((nb_flat_cell *)g_ptr_array_index(hb, i))->text))
            return FALSE;
    return TRUE;
}

static void put_flat(nb_grid *g, int row, int col, const nb_flat_cell *c, const char *text,
                     int colspan)
{
    nb_prov p = nb_prov_none(NB_ORIGIN_TEXT);
    p.line = c->line;
    nb_grid_put(g, row, col, text, 1, colspan, &p);
}

/* The held captioned tables as one grid, side by side: their captions over
 * their (shared) header over their value rows — the table they were cut
 * from.  A single held table is built as it stands. */
static void held_flush(text_state *st)
{
    GPtrArray *blocks = st->held.blocks;
    if (blocks->len == 1)
        add_named_grid(st->doc, nb_flat_build(g_ptr_array_index(blocks, 0)));
    else if (blocks->len > 1) {
        nb_grid *g = nb_grid_new();
        int col = 0;
        for (guint b = 0; b < blocks->len; b++) {
            const GPtrArray *rows = g_ptr_array_index(blocks, b);
            const GPtrArray *head = g_ptr_array_index(rows, 0);
            int w = (int)head->len;
            put_flat(g, 0, col, g_ptr_array_index(head, 0),
                     g_ptr_array_index(st->held.captions, b), w);
            for (guint r = 0; r < rows->len; r++) {
                const GPtrArray *row = g_ptr_array_index(rows, r);
                for (int k = 0; k < w; k++) {
                    const nb_flat_cell *c = g_ptr_array_index(row, k);
                    put_flat(g, (int)r + 1, col + k, c, c->text, 1);
                }
            }
            col += w;
        }
        add_named_grid(st->doc, g);
    }
    g_ptr_array_set_size(blocks, 0);
    g_ptr_array_set_size(st->held.captions, 0);
}

/* ---- values placed by their position under the columns ---- */

static nb_flat_cell *positioned_cell(const char *text, int line, int x0, int x1)
{
    nb_flat_cell *c = nb_flat_cell_new(text, line);
    c->x0 = x0, c->x1 = x1;
    return c;
}


/* The value cells of `row` that carry their display columns. */
static int positioned_values(const GPtrArray *row, int *first)
{
    int n = 0;
    *first = -1;
    for (guint i = 0; i < row->len; i++) {
        const nb_flat_cell *c = g_ptr_array_index(row, i);
        if (!nb_flat_is_value(c->text))
            continue;
        if (!c->x1)
            return 0; /* a value without position: not laid out with spaces */
        if (*first < 0)
            *first = (int)i;
        n++;
    }
    return n;
}

/* Distance in display columns between [a0, a1) and [b0, b1) (0 when they
 * overlap). */
static int span_gap(int a0, int a1, int b0, int b1)
{
    return a1 <= b0 ? b0 - a1 + 1 : b1 <= a0 ? a0 - b1 + 1 : 0;
}

/* Places the values of a short row under the columns [lo, hi) of the
 * block's full rows: each value in the column it overlaps or, when it
 * overlaps none, the nearest one.  FALSE (a doubt) when a value is about as
 * near to two columns, or two values fall in one column. */
static gboolean place_row(const GPtrArray *row, int first, const int *lo, const int *hi, int ncol,
                          int *col)
{
    int prev = -1;
    for (guint i = (guint)first; i < row->len; i++) {
        const nb_flat_cell *c = g_ptr_array_index(row, i);
        int best = -1, d1 = G_MAXINT, d2 = G_MAXINT;
        for (int k = 0; k < ncol; k++) {
            int d = span_gap(c->x0, c->x1, lo[k], hi[k]);
            if (d < d1)
                d2 = d1, d1 = d, best = k;
            else if (d < d2)
                d2 = d;
        }
        if (best <= prev || (d1 > 0 && d2 - d1 < 2) || (d1 == 0 && d2 == 0))
            return FALSE;
        col[i - first] = prev = best;
    }
    return TRUE;
}

/* The words of a line laid out with spaces, each with its display columns
 * (a wide character counts two, a tab moves to the next multiple of 8,
 * U+3000 is a wide space).  A GPtrArray of nb_flat_cell. */
static GPtrArray *space_tokens(const char *s, int indent)
{
    GPtrArray *tok = g_ptr_array_new_with_free_func(nb_flat_cell_free);
    GString *cur = g_string_new(NULL);
    int x = indent, x0 = indent;
    for (const char *p = s;; p = g_utf8_next_char(p)) {
        gunichar ch = *p ? g_utf8_get_char(p) : ' ';
        gboolean space = ch == ' ' || ch == '\t' || ch == 0x3000;
        if (space && cur->len) {
            g_ptr_array_add(tok, positioned_cell(cur->str, 0, x0, x));
            g_string_truncate(cur, 0);
        }
        if (!*p)
            break;
        if (!space && !cur->len)
            x0 = x;
        if (!space)
            g_string_append_unichar(cur, ch);
        x = ch == '\t' ? (x / 8 + 1) * 8 : x + (g_unichar_iswide(ch) ? 2 : 1);
    }
    g_string_free(cur, TRUE);
    return tok;
}

/* The words of `s` split where two or more spaces (or a tab) part them,
 * with their display columns: the cells of a header line. */
static GPtrArray *header_words(const char *s, int line)
{
    GPtrArray *tok = space_tokens(s, 0);
    GPtrArray *out = g_ptr_array_new_with_free_func(nb_flat_cell_free);
    for (guint i = 0; i < tok->len; i++) {
        nb_flat_cell *t = g_ptr_array_index(tok, i);
        nb_flat_cell *last = out->len ? g_ptr_array_index(out, out->len - 1) : NULL;
        if (last && t->x0 - last->x1 < 2) {
            char *joined = g_strconcat(last->text, t->text, NULL);
            g_free(last->text);
            last->text = joined;
            last->x1 = t->x1;
        } else {
            g_ptr_array_add(out, positioned_cell(t->text, line, t->x0, t->x1));
        }
    }
    g_ptr_array_free(tok, TRUE);
    return out;
}

/* True when word `w` spans two or more words of another line of `lines`
 * that do not touch each other (a header over several columns). */
static gboolean spans_columns(const GPtrArray *lines, const GPtrArray *own, const nb_flat_cell *w)
{
    for (guint i = 0; i < lines->len; i++) {
        const GPtrArray *words = g_ptr_array_index(lines, i);
        int n = 0;
        for (guint k = 0; words != own && k < words->len; k++) {
            const nb_flat_cell *o = g_ptr_array_index(words, k);
            n += o->x0 < w->x1 && w->x0 < o->x1;
        }
        if (n >= 2)
            return TRUE;
    }
    return FALSE;
}

static gint cmp_int(gconstpointer a, gconstpointer b)
{
    return *(const int *)a - *(const int *)b;
}

/* The columns the header lines `lines` (GPtrArray of word lines) give
 * together, right of `edge`: the spans of their words, without the words
 * over several columns, overlapping spans merged (a header printed one
 * character per line, or wrapped, stacks its pieces in its column).  A
 * GArray of int: lo, hi of each column in order (g_array_free). */
static GArray *union_columns(const GPtrArray *lines, int edge)
{
    GArray *spans = g_array_new(FALSE, FALSE, sizeof(int) * 2);
    for (guint i = 0; i < lines->len; i++) {
        const GPtrArray *words = g_ptr_array_index(lines, i);
        for (guint k = 0; k < words->len; k++) {
            const nb_flat_cell *w = g_ptr_array_index(words, k);
            if (w->x0 < edge || spans_columns(lines, words, w))
                continue;
            int pair[2] = {w->x0, w->x1};
            g_array_append_val(spans, pair);
        }
    }
    g_array_sort(spans, cmp_int);
    GArray *cols = g_array_new(FALSE, FALSE, sizeof(int));
    for (guint i = 0; i < spans->len; i++) {
        const int *p = (const int *)(void *)(spans->data + i * sizeof(int) * 2);
        int n = (int)cols->len;
        if (n && p[0] < g_array_index(cols, int, n - 1)) {
            g_array_index(cols, int, n - 1) = MAX(g_array_index(cols, int, n - 1), p[1]);
            continue;
        }
        g_array_append_val(cols, p[0]);
        g_array_append_val(cols, p[1]);
    }
    g_array_free(spans, TRUE);
    return cols;
}

/* Columns from the header lines right above a block none of whose rows
 * holds every value: among the text lines that touch the block (no gap of
 * lines), the one with the most words right of the row labels gives a
 * column per word.  Returns the number of columns (0: none found). */
static int header_columns(const text_state *st, const GPtrArray *block, int **lo, int **hi)
{
    const GPtrArray *row0 = g_ptr_array_index(block, 0);
    int line = ((nb_flat_cell *)g_ptr_array_index(row0, 0))->line, edge = 0, first;
    for (guint r = 0; r < block->len; r++) {
        const GPtrArray *row = g_ptr_array_index(block, r);
        positioned_values(row, &first);
        for (int i = 0; i < first; i++)
            edge = MAX(edge, ((nb_flat_cell *)g_ptr_array_index(row, i))->x1);
    }
    const GPtrArray *best = NULL;
    int best_n = 0;
    GPtrArray *touching = g_ptr_array_new();
    for (guint i = st->above->len; i-- > 0;) {
        const GPtrArray *words = g_ptr_array_index(st->above, i);
        if (!words->len || ((nb_flat_cell *)g_ptr_array_index(words, 0))->line != line - 1)
            break;
        line--;
        g_ptr_array_add(touching, (gpointer)words);
        int n = 0;
        for (guint k = 0; k < words->len; k++)
            n += ((nb_flat_cell *)g_ptr_array_index(words, k))->x0 >= edge;
        if (n > best_n)
            best = words, best_n = n;
    }
    GArray *cols = union_columns(touching, edge);
    g_ptr_array_free(touching, TRUE);
    if ((int)cols->len / 2 > best_n) {
        int n = (int)cols->len / 2;
        *lo = g_new(int, n), *hi = g_new(int, n);
        for (int k = 0; k < n; k++)
            (*lo)[k] = g_array_index(cols, int, 2 * k), (*hi)[k] = g_array_index(cols, int, 2 * k + 1);
        g_array_free(cols, TRUE);
        return n;
    }
    g_array_free(cols, TRUE);
    if (!best)
        return 0;
    *lo = g_new(int, best_n), *hi = g_new(int, best_n);
    int n = 0;
    for (guint k = 0; k < best->len; k++) {
        const nb_flat_cell *w = g_ptr_array_index(best, k);
        if (w->x0 >= edge)
            (*lo)[n] = w->x0, (*hi)[n] = w->x1, n++;
    }
    return n;
}

/* Text laid out with spaces (pdftotext -layout, text pasted from a PDF)
 * prints a blank cell as spaces: a row then holds fewer values than the
 * columns.  Each value of such a row is given the column it sits under,
 * by display position, taking the columns from the block's rows that hold
 * every value; the blank cells become empty cells (blank = 0 inside a
 * filled table).  A value between two columns is a doubt: the row is left
 * as printed (short, so the mapper leaves it out and names it) and the
 * doubt is a warning. */
static void align_block(text_state *st, GPtrArray *block)
{
    int ncol = 0, first;
    for (guint r = 0; r < block->len; r++)
        ncol = MAX(ncol, positioned_values(g_ptr_array_index(block, r), &first));
    if (ncol < 1)
        return;
    int *lo = g_new(int, ncol), *hi = g_new(int, ncol), full = 0;
    for (int k = 0; k < ncol; k++)
        lo[k] = G_MAXINT, hi[k] = -1;
    for (guint r = 0; r < block->len; r++) {
        const GPtrArray *row = g_ptr_array_index(block, r);
        if (positioned_values(row, &first) != ncol)
            continue;
        full++;
        for (int k = 0; k < ncol; k++) {
            const nb_flat_cell *c = g_ptr_array_index(row, first + k);
            lo[k] = MIN(lo[k], c->x0), hi[k] = MAX(hi[k], c->x1);
        }
    }
    int *hlo = NULL, *hhi = NULL;
    int nhead = header_columns(st, block, &hlo, &hhi);
    {
        if (nhead > ncol || (nhead == ncol && !full)) {
            g_free(lo), g_free(hi);
            lo = hlo, hi = hhi, ncol = nhead;
        } else {
            g_free(hlo), g_free(hhi);
            nhead = 0;
        }
    }
    int *col = g_new(int, ncol);
    gboolean apart = full || nhead > 0;
    for (int k = 0; k + 1 < ncol; k++)
        apart &= hi[k] <= lo[k + 1];
    for (guint r = 0; apart && r < block->len; r++) {
        GPtrArray *row = g_ptr_array_index(block, r);
        int n = positioned_values(row, &first);
        if (n == 0 || n == ncol)
            continue;
        if (!place_row(row, first, lo, hi, ncol, col)) {
            const nb_flat_cell *c = g_ptr_array_index(row, first);
            nb_doc_warn(st->doc, NULL, "line %d: a value sits between two columns of the table "
                        "laid out with spaces; its row is left as printed", c->line);
            continue;
        }
        /* the label's line; a row of values alone has none left once its
         * values move, so its first value's line */
        int line = ((nb_flat_cell *)g_ptr_array_index(row, first > 0 ? 0 : first))->line;
        GPtrArray *values = g_ptr_array_new_with_free_func(nb_flat_cell_free);
        for (int k = 0; k < ncol; k++)
            g_ptr_array_add(values, NULL);
        for (int i = 0; i < n; i++)
            values->pdata[col[i]] = g_ptr_array_steal_index(row, (guint)first);
        for (int k = 0; k < ncol; k++)
            if (!values->pdata[k])
                values->pdata[k] = positioned_cell("", line, lo[k], hi[k]);
        for (int k = 0; k < ncol; k++)
            g_ptr_array_add(row, values->pdata[k]);
        g_free(g_ptr_array_free(values, FALSE)); /* the cells moved into row */
    }
    g_free(lo);
    g_free(hi);
    g_free(col);
}

/* Keeps the words of a text line among the last lines' (`words` is taken). */
static void add_above(text_state *st, GPtrArray *words)
{
    if (st->above->len >= 12)
        g_ptr_array_remove_index(st->above, 0);
    g_ptr_array_add(st->above, words);
}

/* Keeps the word lines of `lines` (taken; NULL accepted) among the last
 * lines'. */
static void add_above_all(text_state *st, GPtrArray *lines)
{
    for (guint i = 0; lines && i < lines->len; i++)
        add_above(st, g_ptr_array_ref(g_ptr_array_index(lines, i)));
    if (lines)
        g_ptr_array_unref(lines);
}

/* Gives the held label-only lines to the row above and `next` (the row
 * below, NULL when the block ends); what belongs to neither joins the text
 * flow.  Returns the held lines that stayed whole (their words, for the
 * lines above what comes next; g_ptr_array_unref), or NULL when none was
 * held. */
static GPtrArray *place_wrapped(text_state *st, GPtrArray *next)
{
    if (!st->wrapped->len)
        return NULL;
    GPtrArray *prev = st->rows->len ? g_ptr_array_index(st->rows, st->rows->len - 1) : NULL;
    GPtrArray *left = nb_wrap_place(st->wrapped, prev, next, st->label_widths);
    GPtrArray *whole = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
    for (guint i = 0; i < left->len; i++) {
        const nb_flat_cell *c = g_ptr_array_index(left, i);
        nb_prov p = nb_prov_none(NB_ORIGIN_TEXT);
        p.line = c->line;
        nb_doc_add_line(st->doc, c->text, &p);
        GPtrArray *words = g_ptr_array_index(st->wrapped, (guint)c->x0);
        if ((guint)c->x1 == words->len) /* a whole line of text: a header line, maybe */
            g_ptr_array_add(whole, g_ptr_array_ref(words));
    }
    g_ptr_array_unref(left);
    g_ptr_array_set_size(st->wrapped, 0);
    return whole;
}

/* A line of label pieces only inside a block laid out with spaces (a row
 * label wrapped over lines): held, at most a few lines, until the next row
 * or the block's end places its words (text_wrap.h). */
static gboolean hold_wrapped(text_state *st, const char *s, int lineno)
{
    if (st->row || st->pending->len || !st->rows->len || st->wrapped->len >= 4)
        return FALSE;
    int first;
    if (!positioned_values(g_ptr_array_index(st->rows, st->rows->len - 1), &first))
        return FALSE;
    GPtrArray *words = header_words(s, lineno);
    if (!nb_wrap_label_line(st->rows, words)) {
        g_ptr_array_unref(words);
        return FALSE;
    }
    g_ptr_array_add(st->wrapped, words);
    return TRUE;
}

/* Ends the current block.  A bare captioned table is held back while the
 * next block may continue it (same header, as many rows). */
static void block_flush_rows(text_state *st)
{
    if (st->row && st->row->len)
        g_ptr_array_add(st->rows, st->row);
    else if (st->row)
        g_ptr_array_free(st->row, TRUE);
    st->row = NULL;
    if (!st->rows->len)
        return;
    GPtrArray *block = st->rows;
    st->rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
    align_block(st, block);
    const char *caption = bare_table_caption(st, block);
    if (st->held.blocks->len &&
        (!caption || !same_shape(g_ptr_array_index(st->held.blocks, 0), block)))
        held_flush(st);
    if (caption) {
        g_ptr_array_add(st->held.blocks, block);
        g_ptr_array_add(st->held.captions, g_strdup(caption));
        return;
    }
    add_named_grid(st->doc, nb_flat_build(block));
    g_ptr_array_unref(block);
}

/* Ends the current block.  Held label-only lines that label no row join
 * the text flow, and the last lines' words once the block is aligned (its
 * header lines are those above it, not after it). */
static void block_flush(text_state *st)
{
    GPtrArray *after = place_wrapped(st, NULL);
    block_flush_rows(st);
    add_above_all(st, after);
}

/* A Markdown heading ("## 一、总体情况"): the hashes are markup, not text. */
static char *strip_md_heading(char *t)
{
    char *p = t;
    while (*p == '#')
        p++;
    if (p == t || p - t > 6 || (*p != ' ' && *p != '\t'))
        return t;
    while (*p == ' ' || *p == '\t')
        p++;
    return *p ? p : t;
}

/* A Markdown table's delimiter row ("|---|:--:|"): layout, not a row. */
static gboolean is_md_rule(const char *t)
{
    if (*t != '|' && *t != '-' && *t != ':')
        return FALSE;
    gboolean dash = FALSE;
    for (const char *p = t; *p; p++) {
        if (*p == '-')
            dash = TRUE;
        else if (*p != '|' && *p != ':' && *p != ' ' && *p != '\t')
            return FALSE;
    }
    return dash && strchr(t, '|');
}

static void pending_to_text(text_state *st)
{
    if (st->pending->len) {
        nb_prov p = nb_prov_none(NB_ORIGIN_TEXT);
        p.line = st->pending_line;
        nb_doc_add_line(st->doc, st->pending->str, &p);
        g_string_truncate(st->pending, 0);
    }
}

static void row_add(GPtrArray *row, const char *text, int line)
{
    g_ptr_array_add(row, nb_flat_cell_new(text, line));
}

/* Adds a cell to the flattened row being filled, and counts it. */
static void flat_add(text_state *st, const char *text, int line)
{
    row_add(st->row, text, line);
    st->cells++;
}

/* A cell line of the flattened form: "text |" (the bar may be preceded by a
 * space or not), possibly followed by more bars for empty cells. */
static gboolean flat_cell_line(text_state *st, const char *s, int lineno)
{
    size_t n = strlen(s);
    if (n == 0 || s[n - 1] != '|' || !st->row)
        return FALSE;
    size_t end = n;
    int bars = 0;
    while (end > 0 && s[end - 1] == '|')
        end--, bars++;
    char *cell = g_strndup(s, end);
    g_strstrip(cell);
    if (st->pending->len) {
        g_string_append(st->pending, cell);
        g_free(cell);
        cell = g_string_free(g_string_new(st->pending->str), FALSE);
        g_string_truncate(st->pending, 0);
    }
    if (*cell || end > 0)
        flat_add(st, cell, lineno), bars--;
    for (int i = 0; i < bars; i++)
        flat_add(st, "", lineno);
    g_free(cell);
    return TRUE;
}

/* A table value in a space-separated row: anything the number grammar reads
 * ("1,234", "-18", "减少18", "57205840.9元", "25.1万元"), so that amounts
 * printed with their unit stay in the row. */
static gboolean is_number_token(const char *t)
{
    return *t && nb_parse_number(t, NULL) == NB_NUM_OK;
}

/* A label line of a table: short, no sentence end, not a value. */
static gboolean is_label_line(const char *s)
{
    return nb_flat_is_label(s, 40);
}

/* "行政处罚          2776": one value far from a short label (a table row
 * laid out with spaces: two or more blanks before the value) is a row; a
 * sentence ending in a number is not. */
static gboolean single_value_row(const char *s, int label_tokens)
{
    const char *end = s + strlen(s);
    while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
    const char *num = end;
    while (num > s && num[-1] != ' ' && num[-1] != '\t')
        num--;
    int blanks = 0;
    for (const char *p = num; p > s && (p[-1] == ' ' || p[-1] == '\t'); p--)
        blanks += p[-1] == '\t' ? 2 : 1;
    char *label = g_strndup(s, (gsize)(num - s));
    g_strstrip(label);
    gboolean ok = label_tokens >= 1 && blanks >= 2 && is_label_line(label) && !strstr(label, "，") &&
                  !strchr(label, ',');
    g_free(label);
    return ok;
}

/* "label | a | b" or "label\ta\tb": at least two cells. */
static GPtrArray *split_row_line(const char *s, int lineno, int indent)
{
    const char *sep = NULL;
    if (strchr(s, '\t'))
        sep = "\t";
    else if (strchr(s, '|')) {
        int bars = 0;
        for (const char *p = s; *p; p++)
            bars += *p == '|';
        if (bars >= 2)
            sep = "|";
    }
    GPtrArray *row = NULL;
    if (sep) {
        char *t = g_strdup(s);
        g_strstrip(t);
        char *body = t;
        size_t n = strlen(body);
        if (*sep == '|' && body[0] == '|')
            body++, n--;
        if (*sep == '|' && n && body[n - 1] == '|')
            body[n - 1] = 0;
        char **parts = g_strsplit(body, sep, -1);
        if (g_strv_length(parts) >= 2) {
            row = g_ptr_array_new_with_free_func(nb_flat_cell_free);
            for (char **p = parts; *p; p++) {
                g_strstrip(*p);
                row_add(row, *p, lineno);
            }
        }
        g_strfreev(parts);
        g_free(t);
        return row;
    }
    /* label followed by whitespace-separated numbers */
    GPtrArray *tok = space_tokens(s, indent);
    int ntok = (int)tok->len, nnum = 0, first_num = -1;
    for (int i = 0; i < ntok; i++) {
        const nb_flat_cell *t = g_ptr_array_index(tok, i);
        if (is_number_token(t->text)) {
            if (first_num < 0)
                first_num = i;
            nnum++;
        } else if (first_num >= 0) {
            nnum = -1000; /* words after numbers: prose, not a row */
        }
    }
    if (nnum == 1 && first_num == ntok - 1 && !single_value_row(s, first_num))
        nnum = 0;
    if (nnum >= 1 && first_num >= 0 && first_num + nnum == ntok) {
        row = g_ptr_array_new_with_free_func(nb_flat_cell_free);
        /* the label cell keeps the display columns of its last word (words
         * part at two spaces or more): wrapped lines continue that one */
        GString *label = g_string_new(NULL);
        int lx0 = 0, lx1 = 0;
        for (int i = 0; i < ntok; i++) {
            const nb_flat_cell *t = g_ptr_array_index(tok, i);
            if (i < first_num) {
                if (!label->len || t->x0 - lx1 >= 2)
                    lx0 = t->x0;
                g_string_append(label, t->text);
                lx1 = t->x1;
                continue;
            }
            if (i == first_num && label->len)
                g_ptr_array_add(row, positioned_cell(label->str, lineno, lx0, lx1));
            g_ptr_array_add(row, positioned_cell(t->text, lineno, t->x0, t->x1));
        }
        if (label->len > 200) { /* prose ending in numbers */
            g_ptr_array_free(row, TRUE);
            row = NULL;
        }
        g_string_free(label, TRUE);
    }
    g_ptr_array_free(tok, TRUE);
    return row;
}

/* True when text line `line` is laid out as words over the value columns
 * (a word after its first starts at or right of `value`, the row's first
 * value): a header line (`结果维持   结   其`), never a wrapped row label. */
static gboolean header_over_values(const text_state *st, int line, const nb_flat_cell *value)
{
    if (!value->x1)
        return FALSE;
    for (guint i = st->above->len; i-- > 0;) {
        const GPtrArray *words = g_ptr_array_index(st->above, i);
        if (!words->len || ((nb_flat_cell *)g_ptr_array_index(words, 0))->line != line)
            continue;
        for (guint k = 1; k < words->len; k++)
            if (((nb_flat_cell *)g_ptr_array_index(words, k))->x0 >= value->x0)
                return TRUE;
        return FALSE;
    }
    return FALSE;
}

/* A row of values alone, right under its label (text copied from a PDF
 * puts a long label, wrapped, on lines of its own: "（二）部分公开（…不" /
 * "计其他情形）" / "9 0 0 0 0 0 9"): the label lines leave the text flow and
 * head the row.  Two lines are taken when the first is numbered and the
 * second is its unnumbered continuation. */
static void attach_label_lines(text_state *st, GPtrArray *row, int lineno)
{
    GPtrArray *lines = st->doc->lines;
    if (!row->len || !nb_flat_is_value(((nb_flat_cell *)g_ptr_array_index(row, 0))->text) ||
        st->rows->len || !lines->len)
        return;
    const nb_line *last = g_ptr_array_index(lines, lines->len - 1);
    if (!is_label_line(last->text) || last->prov.line < lineno - 2 ||
        header_over_values(st, last->prov.line, g_ptr_array_index(row, 0)))
        return;
    guint take = 1;
    if (lines->len >= 2) {
        const nb_line *prev = g_ptr_array_index(lines, lines->len - 2);
        if (is_label_line(prev->text) && prev->prov.line >= last->prov.line - 2 &&
            nb_label_level(prev->text) > 0 && nb_label_level(last->text) == 0)
            take = 2;
    }
    GString *label = g_string_new(NULL);
    int first_line = 0;
    for (guint i = lines->len - take; i < lines->len; i++) {
        const nb_line *l = g_ptr_array_index(lines, i);
        if (!first_line)
            first_line = l->prov.line;
        g_string_append(label, l->text);
    }
    g_ptr_array_insert(row, 0, nb_flat_cell_new(label->str, first_line));
    g_string_free(label, TRUE);
    g_ptr_array_set_size(lines, lines->len - take);
}

static void handle_line(text_state *st, char *s, int lineno)
{
    g_strchomp(s);
    char *t = s;
    while (*t == ' ' || *t == '\t')
        t++;
    if (!st->row && is_md_rule(t))
        return;
    t = strip_md_heading(t);
    if (strcmp(t, "|") == 0) { /* opens a flattened row */
        if (st->pending->len) { /* text between two tables */
            block_flush(st);
            pending_to_text(st);
        } else if (st->row && st->row->len) {
            g_ptr_array_add(st->rows, st->row);
        } else if (st->row) {
            g_ptr_array_free(st->row, TRUE);
        }
        st->row = g_ptr_array_new_with_free_func(nb_flat_cell_free);
        return;
    }
    if (st->row && is_pipe_run(t)) {
        for (const char *p = t; *p; p++)
            flat_add(st, "", lineno);
        return;
    }
    if (st->row && flat_cell_line(st, t, lineno))
        return;
    if (st->row && *t && !st->pending->len) {
        /* a cell broken over lines, or the table ended: decided by what follows */
        st->pending_line = lineno;
        g_string_append(st->pending, t);
        return;
    }
    if (st->pending->len) { /* two open lines in a row: the table has ended */
        block_flush(st);
        pending_to_text(st);
    }
    int indent = 0;
    for (const char *p = s; p < t; p++)
        indent = *p == '\t' ? (indent / 8 + 1) * 8 : indent + 1;
    GPtrArray *row = *t ? split_row_line(t, lineno, indent) : NULL;
    if (row) {
        nb_wrap_note_label(st->label_widths, g_ptr_array_index(row, 0));
        add_above_all(st, place_wrapped(st, row));
        attach_label_lines(st, row, lineno);
        if (st->row) {
            if (st->row->len)
                g_ptr_array_add(st->rows, st->row);
            else
                g_ptr_array_free(st->row, TRUE);
            st->row = NULL;
        }
        g_ptr_array_add(st->rows, row);
        st->cells += row->len;
        return;
    }
    if (!*t) {
        if (!st->row) /* a blank line inside a flattened row is just spacing */
            block_flush(st);
        return;
    }
    if (hold_wrapped(st, s, lineno))
        return;
    block_flush(st);
    nb_prov p = nb_prov_none(NB_ORIGIN_TEXT);
    p.line = lineno;
    nb_doc_add_line(st->doc, t, &p);
    add_above(st, header_words(s, lineno));
}

/* Cuts the next line off `*cursor` in place (the '\n' becomes NUL, a CR
 * before it too) and returns it; NULL after the last line. */
static char *next_line(char **cursor)
{
    char *line = *cursor;
    if (!line)
        return NULL;
    char *nl = strchr(line, '\n');
    if (nl) {
        *nl = 0;
        *cursor = nl + 1;
        if (nl > line && nl[-1] == '\r')
            nl[-1] = 0;
    } else {
        *cursor = NULL;
        size_t n = strlen(line);
        if (n && line[n - 1] == '\r')
            line[n - 1] = 0;
    }
    return line;
}

/* The key of a furniture candidate: squashed, digits masked ("3/9" and
 * "4/9", or two dates, compare equal).  A line of numbers alone has no key
 * (""): table values at the top of several pages ("49", "12") would all be
 * "##". */
static char *furniture_key(const char *line, gsize len)
{
    GString *k = g_string_new(NULL);
    for (gsize i = 0; i < len; i++) {
        char ch = line[i];
        if (ch == ' ' || ch == '\t' || ch == '\f' || ch == '\r')
            continue;
        g_string_append_c(k, g_ascii_isdigit(ch) ? '#' : ch);
    }
    gboolean words = FALSE;
    for (const char *p = k->str; *p && !words; p = g_utf8_next_char(p))
        words = g_unichar_isalpha(g_utf8_get_char(p));
    if (!words)
        g_string_truncate(k, 0);
    return g_string_free(k, FALSE);
}

/* The shape of what a browser prints at the top and bottom of each page:
 * the date and time then the page title ("2026/1/4 10:00  XX局…"), the
 * address then the page count ("https://… 3/9"). */
static gboolean browser_furniture(const char *line, gsize len)
{
    static GRegex *re;
    if (g_once_init_enter(&re)) {
        GRegex *r = g_regex_new("^\\s*(?:\\d{2,4}[/-]\\d{1,2}[/-]\\d{1,2}\\s*(?:上午|下午)?\\d{1,2}:\\d{2}(?:\\s|$)"
                                "|(?:https?|file)://\\S+(?:\\s+\\d{1,3}\\s*/\\s*\\d{1,3})?\\s*$)",
                                G_REGEX_OPTIMIZE, 0, NULL);
        g_once_init_leave(&re, r);
    }
    char *l = g_strndup(line, len);
    gboolean yes = g_regex_match(re, l, 0, NULL);
    g_free(l);
    return yes;
}

/* Visits the first and last two non-blank lines of each form-feed page of
 * `text`; with `counts` NULL, blanks (in place, line breaks kept) those
 * whose key `seen` counts on `repeat` pages or more; otherwise counts each
 * key once per page. */
static void visit_margins(char *text, GHashTable *seen, guint repeat, gboolean count)
{
    for (char *page = text; page;) {
        char *end = strchr(page, '\f');
        char *stop = end ? end : page + strlen(page);
        GPtrArray *lines = g_ptr_array_new();
        for (char *l = page; l < stop;) {
            char *nl = memchr(l, '\n', (size_t)(stop - l));
            char *le = nl ? nl : stop;
            gboolean blank = TRUE;
            for (char *q = l; q < le; q++)
                blank &= *q == ' ' || *q == '\t' || *q == '\r';
            if (!blank)
                g_ptr_array_add(lines, l);
            l = nl ? nl + 1 : stop;
        }
        GHashTable *once = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
        for (guint i = 0; i < lines->len; i++) {
            if (i >= 2 && i + 2 < lines->len)
                continue;
            char *l = g_ptr_array_index(lines, i);
            char *nl = memchr(l, '\n', (size_t)(stop - l));
            gsize n = (gsize)((nl ? nl : stop) - l);
            char *key = furniture_key(l, n);
            if (count && *key && !g_hash_table_contains(once, key)) {
                g_hash_table_insert(seen, g_strdup(key),
                                    GUINT_TO_POINTER(GPOINTER_TO_UINT(g_hash_table_lookup(seen, key)) + 1));
                g_hash_table_add(once, g_strdup(key));
            } else if (!count && ((*key && GPOINTER_TO_UINT(g_hash_table_lookup(seen, key)) >= repeat) ||
                                  browser_furniture(l, n))) {
                memset(l, ' ', n);
            }
            g_free(key);
        }
        g_hash_table_destroy(once);
        g_ptr_array_free(lines, TRUE);
        page = end ? end + 1 : NULL;
    }
}

/* Text with form feeds is paged (pdftotext, a web page printed to PDF):
 * a line at the top or bottom of most pages (the browser's date and page
 * title, the address and "3/9", a running header), compared with digits
 * masked, is page furniture and is blanked; the form feeds become spaces. */
static void strip_page_furniture(char *text)
{
    guint pages = 1;
    for (const char *p = text; (p = strchr(p, '\f')) != NULL; p++)
        pages++;
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    if (pages >= 2)
        visit_margins(text, seen, 0, TRUE);
    visit_margins(text, seen, pages >= 2 ? MAX(2, (pages + 1) / 2) : G_MAXUINT, FALSE);
    g_hash_table_destroy(seen);
    for (char *p = text; (p = strchr(p, '\f')) != NULL;)
        *p = ' ';
}

nb_doc *nb_read_text(const guchar *data, gsize len, const nb_limits *lim, nb_error *err)
{
    const char *cs = NULL;
    char *utf8 = nb_to_utf8(data, len, NULL, &cs);
    if (!utf8) {
        nb_error_set(err, NB_ERR_FORMAT, "text is neither UTF-8 nor GB18030");
        return NULL;
    }
    gint64 max_cells = lim && lim->max_cells > 0 ? lim->max_cells : G_MAXINT64;
    text_state st = {0};
    st.doc = nb_doc_new();
    st.doc->format = "text";
    st.rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
    st.above = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
    st.wrapped = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
    st.label_widths = g_hash_table_new(g_direct_hash, g_direct_equal);
    st.held.blocks = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
    st.held.captions = g_ptr_array_new_with_free_func(g_free);
    st.pending = g_string_new(NULL);
    strip_page_furniture(utf8);
    int lineno = 0;
    char *cursor = utf8;
    for (char *l; (l = next_line(&cursor)) != NULL && st.cells <= max_cells;)
        handle_line(&st, l, ++lineno);
    gboolean over = st.cells > max_cells;
    if (!over) {
        block_flush(&st);
        held_flush(&st);
        pending_to_text(&st); /* a last cell that never closed is text */
    }
    if (st.row)
        g_ptr_array_free(st.row, TRUE);
    g_ptr_array_free(st.rows, TRUE);
    g_ptr_array_free(st.above, TRUE);
    g_ptr_array_free(st.wrapped, TRUE);
    g_hash_table_destroy(st.label_widths);
    g_ptr_array_free(st.held.blocks, TRUE);
    g_ptr_array_free(st.held.captions, TRUE);
    g_string_free(st.pending, TRUE);
    g_free(utf8);
    if (over) {
        nb_doc_free(st.doc);
        nb_error_set(err, NB_ERR_LIMIT,
                     "text tables have more than %" G_GINT64_FORMAT " cells, over the limit "
                     "(--max-cells; line %d)",
                     max_cells, lineno);
        return NULL;
    }
    return st.doc;
}
