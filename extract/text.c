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
    GPtrArray *rows;     /* current block: GPtrArray of flat_cell rows */
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

/* Ends the current block.  A bare captioned table is held back while the
 * next block may continue it (same header, as many rows). */
static void block_flush(text_state *st)
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
static GPtrArray *split_row_line(const char *s, int lineno)
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
    /* g_strsplit_set splits on bytes: U+3000 must become a space first, or
     * every CJK character sharing one of its three bytes would be cut */
    GString *spaced = g_string_new(s);
    g_string_replace(spaced, "\u3000", " ", 0);
    char **tok = g_strsplit_set(spaced->str, " \t", -1);
    g_string_free(spaced, TRUE);
    int ntok = 0, nnum = 0, first_num = -1;
    for (char **p = tok; *p; p++)
        if (**p) {
            ntok++;
            if (is_number_token(*p)) {
                if (first_num < 0)
                    first_num = ntok - 1;
                nnum++;
            } else if (first_num >= 0) {
                nnum = -1000; /* words after numbers: prose, not a row */
            }
        }
    if (nnum == 1 && first_num == ntok - 1 && !single_value_row(s, first_num))
        nnum = 0;
    if (nnum >= 1 && first_num >= 0 && first_num + nnum == ntok) {
        row = g_ptr_array_new_with_free_func(nb_flat_cell_free);
        GString *label = g_string_new(NULL);
        int i = 0;
        for (char **p = tok; *p; p++) {
            if (!**p)
                continue;
            if (i < first_num)
                g_string_append(label, *p);
            else {
                if (i == first_num && label->len)
                    row_add(row, label->str, lineno);
                row_add(row, *p, lineno);
            }
            i++;
        }
        if (label->len > 200) { /* prose ending in numbers */
            g_ptr_array_free(row, TRUE);
            row = NULL;
        }
        g_string_free(label, TRUE);
    }
    g_strfreev(tok);
    return row;
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
    if (!is_label_line(last->text) || last->prov.line < lineno - 2)
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
    GPtrArray *row = *t ? split_row_line(t, lineno) : NULL;
    if (row) {
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
    block_flush(st);
    nb_prov p = nb_prov_none(NB_ORIGIN_TEXT);
    p.line = lineno;
    nb_doc_add_line(st->doc, t, &p);
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
    st.held.blocks = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
    st.held.captions = g_ptr_array_new_with_free_func(g_free);
    st.pending = g_string_new(NULL);
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
