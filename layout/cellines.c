/* cellines.c — see cellines.h. */
#include "layout/cellines.h"
#include "layout/flat.h"
#include "layout/model/textnorm.h"

#include <string.h>

/* Longest label line, in characters: the longest template labels with their
 * explanations ("（二）部分公开（区分处理的，只计这一情况，不计其他情形）") are
 * about 35; prose lines are much longer. */
#define LABEL_MAX_CHARS 64

typedef enum { KIND_TEXT = 0, KIND_LABEL, KIND_VALUE } line_kind;

/* What a line of the text flow can be in a flattened table: a value (a
 * number or a blank marker), a label (short, no sentence end), or prose. */
static line_kind classify(const char *text)
{
    if (!*text)
        return KIND_TEXT;
    if (nb_flat_is_value(text))
        return KIND_VALUE;
    return nb_flat_is_label(text, LABEL_MAX_CHARS) ? KIND_LABEL : KIND_TEXT;
}

/* One group of a run: label lines, then the values that follow them. */
typedef struct {
    GPtrArray *labels; /* const nb_line* */
    GPtrArray *values; /* const nb_line* */
} group;

static void group_free(gpointer p)
{
    group *g = p;
    g_ptr_array_free(g->labels, TRUE);
    g_ptr_array_free(g->values, TRUE);
    g_free(g);
}

static group *group_new(void)
{
    group *g = g_new0(group, 1);
    g->labels = g_ptr_array_new();
    g->values = g_ptr_array_new();
    return g;
}

static const char *line_text(const GPtrArray *lines, guint i)
{
    return ((const nb_line *)g_ptr_array_index(lines, i))->text;
}

/* Cuts the run doc->lines[from, to) into groups of labels and values. */
static GPtrArray *run_groups(const nb_doc *doc, guint from, guint to)
{
    GPtrArray *groups = g_ptr_array_new_with_free_func(group_free);
    group *g = NULL;
    for (guint i = from; i < to; i++) {
        const nb_line *l = g_ptr_array_index(doc->lines, i);
        gboolean value = classify(l->text) == KIND_VALUE;
        if (!g || (!value && g->values->len)) {
            g = group_new();
            g_ptr_array_add(groups, g);
        }
        g_ptr_array_add(value ? g->values : g->labels, (gpointer)l);
    }
    return groups;
}

static gboolean same_text(const char *a, const char *b)
{
    char *x = nb_norm_squash(a), *y = nb_norm_squash(b);
    gboolean same = strcmp(x, y) == 0;
    g_free(x);
    g_free(y);
    return same;
}

/* Where a group's row label starts: `first` is the first label line of
 * the row (the lines before it are header rows) and `item` the line where
 * its own label starts; the lines from `item` on are one label broken over
 * lines ("2.没有现成信" / "息需要另行制作").  first == item, or first is the
 * group label above the item ("三、本年度办理结果" before "（一）予以公开"). */
typedef struct {
    guint first;
    guint item;
} label_span;

/* Finds the row label of a group.  Numbered labels make the row: the item,
 * with the unnumbered lines after it (its continuation, at most two), and
 * its group label when that is numbered one level up.  An unnumbered label
 * with no numbered line before it is a single line (two when the last is a
 * short fragment), unless it repeats a header word of the same block ("总计"
 * under each column group of a wide table): then the row has no label at
 * all (first = item = n). */
static label_span label_start(const GPtrArray *labels)
{
    guint n = labels->len;
    label_span none = {n, n};
    if (n == 0)
        return none;
    guint item = n - 1;
    for (guint back = 0; back < 3 && back < n; back++)
        if (nb_label_level(line_text(labels, n - 1 - back)) > 0) {
            item = n - 1 - back;
            break;
        }
    int level = nb_label_level(line_text(labels, item));
    if (level == 0) {
        for (guint i = 0; i + 1 < n; i++)
            if (same_text(line_text(labels, i), line_text(labels, n - 1)))
                return none;
        /* a short last line is the end of a label wrapped in its cell
         * ("行政事业" / "性收费"): the line before is the row's too */
        if (n >= 2 && g_utf8_strlen(line_text(labels, n - 1), -1) <= 4)
            return (label_span){n - 2, n - 2};
        return (label_span){n - 1, n - 1};
    }
    label_span sp = {item, item};
    if (item >= 1) {
        int up = nb_label_level(line_text(labels, item - 1));
        if (up > 0 && up < level)
            sp.first = item - 1;
    }
    return sp;
}

/* Smallest spacing (blank lines) the source puts between two lines of a
 * kind of step inside the run: a label to its first value, or a value to the
 * next.  Only extra blank lines beyond it can be empty cells. */
typedef struct {
    int label_to_value;
    int value_to_value;
    int value_to_label; /* the end of a row */
} spacing;

static int gap(const nb_line *a, const nb_line *b)
{
    if (a->prov.origin != NB_ORIGIN_TEXT || a->prov.line <= 0 || b->prov.line <= a->prov.line)
        return 0;
    return b->prov.line - a->prov.line - 1;
}

/* The first line of the group after `gi`, or NULL. */
static const nb_line *next_group_line(const GPtrArray *groups, guint gi)
{
    if (gi + 1 >= groups->len)
        return NULL;
    const group *n = g_ptr_array_index(groups, gi + 1);
    return n->labels->len ? g_ptr_array_index(n->labels, 0) : NULL;
}

static spacing run_spacing(const GPtrArray *groups)
{
    spacing s = {G_MAXINT, G_MAXINT, G_MAXINT};
    for (guint gi = 0; gi < groups->len; gi++) {
        const group *g = g_ptr_array_index(groups, gi);
        const nb_line *next = next_group_line(groups, gi);
        if (next && g->values->len)
            s.value_to_label =
                MIN(s.value_to_label, gap(g_ptr_array_index(g->values, g->values->len - 1), next));
        for (guint i = 0; i < g->values->len; i++) {
            const nb_line *prev = i ? g_ptr_array_index(g->values, i - 1)
                                    : g->labels->len ? g_ptr_array_index(g->labels, g->labels->len - 1)
                                                     : NULL;
            if (!prev)
                continue;
            int *min = i ? &s.value_to_value : &s.label_to_value;
            *min = MIN(*min, gap(prev, g_ptr_array_index(g->values, i)));
        }
    }
    if (s.label_to_value == G_MAXINT)
        s.label_to_value = 0;
    if (s.value_to_value == G_MAXINT)
        s.value_to_value = 0;
    if (s.value_to_label == G_MAXINT)
        s.value_to_label = 0;
    return s;
}

/* Empty cells behind `blank_lines` blank lines where the source's usual
 * spacing is `usual`: each empty cell takes its own line plus the spacing
 * ("a", "", "", "", "c" in a double-spaced source is one empty cell). */
static int extra_cells(int blank_lines, int usual)
{
    return blank_lines > usual ? (blank_lines - usual) / (usual + 1) : 0;
}

static void add_cell(GPtrArray *row, const nb_line *l, const char *text)
{
    g_ptr_array_add(row, nb_flat_cell_new(text, l->prov.line));
}

static GPtrArray *row_new(void)
{
    return g_ptr_array_new_with_free_func(nb_flat_cell_free);
}

/* The data row of a group: its label cells, then its values with an empty
 * cell for each blank line beyond the run's usual spacing, up to the first
 * line of the next group (`next`, NULL at the end of the run).  Extra
 * blank cells at the end of a row are harmless: the mapper ignores
 * trailing blanks. */
static GPtrArray *data_row(const group *g, label_span ls, spacing sp, const nb_line *next)
{
    GPtrArray *row = row_new();
    if (ls.first < ls.item)
        add_cell(row, g_ptr_array_index(g->labels, ls.first), line_text(g->labels, ls.first));
    if (ls.item < g->labels->len) {
        GString *label = g_string_new(NULL);
        for (guint i = ls.item; i < g->labels->len; i++)
            g_string_append(label, line_text(g->labels, i));
        add_cell(row, g_ptr_array_index(g->labels, ls.item), label->str);
        g_string_free(label, TRUE);
    }
    for (guint i = 0; i < g->values->len; i++) {
        const nb_line *v = g_ptr_array_index(g->values, i);
        const nb_line *prev = i ? g_ptr_array_index(g->values, i - 1)
                                : g->labels->len ? g_ptr_array_index(g->labels, g->labels->len - 1)
                                                 : NULL;
        int blanks = prev ? extra_cells(gap(prev, v), i ? sp.value_to_value : sp.label_to_value) : 0;
        for (int b = 0; b < blanks; b++)
            add_cell(row, v, "");
        add_cell(row, v, v->text);
    }
    if (next && g->values->len) {
        const nb_line *last = g_ptr_array_index(g->values, g->values->len - 1);
        for (int b = extra_cells(gap(last, next), sp.value_to_label); b > 0; b--)
            add_cell(row, last, "");
    }
    return row;
}

static gboolean has_number(const group *g)
{
    for (guint i = 0; i < g->values->len; i++) {
        nb_number n;
        if (nb_parse_number(((const nb_line *)g_ptr_array_index(g->values, i))->text, &n) ==
            NB_NUM_OK)
            return TRUE;
    }
    return FALSE;
}

/* Appends the rows of `rows` as a grid when they hold a row of values;
 * empties `rows` either way. */
static int flush_table(nb_doc *doc, GPtrArray *rows, int data_rows)
{
    int added = 0;
    if (data_rows >= 1) {
        nb_grid *g = nb_flat_build(rows);
        char name[48];
        g_snprintf(name, sizeof name, "table %u (one cell per line)", doc->grids->len + 1);
        nb_grid_set_name(g, name);
        nb_doc_add_grid(doc, g);
        added = 1;
    }
    g_ptr_array_set_size(rows, 0);
    return added;
}

/* Builds the tables of one run of label and value lines, when it holds at
 * least two rows of values (one label above one number is prose).  A
 * section heading among the header lines ("三、收到和处理…", numbered at the
 * top level) starts a new table; trailing labels with no values are not
 * part of any table. */
static int rebuild_run(nb_doc *doc, guint from, guint to)
{
    GPtrArray *groups = run_groups(doc, from, to);
    int with_numbers = 0;
    for (guint gi = 0; gi < groups->len; gi++)
        with_numbers += has_number(g_ptr_array_index(groups, gi));
    if (with_numbers < 2) {
        g_ptr_array_free(groups, TRUE);
        return 0;
    }
    spacing sp = run_spacing(groups);
    GPtrArray *rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
    int added = 0, data_rows = 0;
    for (guint gi = 0; gi < groups->len; gi++) {
        const group *g = g_ptr_array_index(groups, gi);
        if (g->values->len == 0)
            break; /* labels after the last values: the text goes on */
        label_span ls = label_start(g->labels);
        for (guint i = 0; i < ls.first; i++) {
            const char *t = line_text(g->labels, i);
            if (nb_label_level(t) == 1) {
                added += flush_table(doc, rows, data_rows);
                data_rows = 0;
                continue; /* the section heading itself is not a row */
            }
            GPtrArray *header = row_new();
            add_cell(header, g_ptr_array_index(g->labels, i), t);
            g_ptr_array_add(rows, header);
        }
        g_ptr_array_add(rows, data_row(g, ls, sp, next_group_line(groups, gi)));
        data_rows += has_number(g);
    }
    added += flush_table(doc, rows, data_rows);
    g_ptr_array_free(rows, TRUE);
    g_ptr_array_free(groups, TRUE);
    return added;
}

int nb_cellines_recover(nb_doc *doc)
{
    if (!doc || doc->grids->len > 0)
        return 0;
    int added = 0;
    guint n = doc->lines->len;
    for (guint i = 0; i < n;) {
        if (classify(line_text(doc->lines, i)) == KIND_TEXT) {
            i++;
            continue;
        }
        guint end = i;
        while (end < n && classify(line_text(doc->lines, end)) != KIND_TEXT)
            end++;
        added += rebuild_run(doc, i, end);
        i = end;
    }
    return added;
}
