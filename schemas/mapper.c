/* mapper.c — see mapper.h. */
#include "schemas/mapper.h"
#include "layout/model/grid.h"
#include "layout/model/textnorm.h"

#include <math.h>
#include <string.h>

/* A grid row seen as: leading label cells, then value cells in order. */
typedef struct {
    GPtrArray *labels;    /* char* (borrowed texts) */
    GArray *label_cols;   /* int: the grid column of each label */
    GPtrArray *values;    /* const nb_cell* anchors */
    int first_value_col;  /* the grid column of values[0]; -1 when none */
    int lead_blanks;      /* blank cells before any label, skipped as padding */
    int grid, row;
    const nb_grid *g;     /* the grid the row is in (borrowed) */
    const nb_doc *doc;    /* the document of the grid (borrowed): its text flow
                           * holds the lines above the grid (header units) */
} data_row;

static void data_row_free(gpointer p)
{
    data_row *d = p;
    g_ptr_array_free(d->labels, TRUE);
    g_array_free(d->label_cols, TRUE);
    g_ptr_array_free(d->values, TRUE);
    g_free(d);
}

static char *value_before_note(const nb_schema *s, const char *text);

/* A value cell: a number or blank marker, or a number with a note after it
 * ("35（其中修订12件）"; the note words come from schema `s`, may be NULL). */
static gboolean is_value_text(const nb_schema *s, const char *t)
{
    if (nb_parse_number(t, NULL) != NB_NUM_BAD)
        return TRUE;
    char *v = s ? value_before_note(s, t) : NULL;
    g_free(v);
    return v != NULL;
}

/* Splits a grid row into label cells and value cells.  Covered cells from a
 * row span above contribute their anchor's text as a label (the group label);
 * covered cells from a column span in the same row are skipped. */
static data_row *split_row(const nb_schema *s, const nb_grid *g, int r)
{
    data_row *d = g_new0(data_row, 1);
    d->labels = g_ptr_array_new();
    d->label_cols = g_array_new(FALSE, FALSE, sizeof(int));
    d->values = g_ptr_array_new();
    d->first_value_col = -1;
    gboolean in_values = FALSE;
    for (int c = 0; c < nb_grid_cols(g); c++) {
        const nb_cell *cell = nb_grid_cell(g, r, c);
        if (!cell || !cell->set)
            continue;
        if (!cell->anchor) {
            if (cell->anchor_row < r && !in_values && cell->anchor_col == c) {
                const char *t = nb_grid_text(g, r, c);
                if (*t && !is_value_text(s, t)) {
                    g_ptr_array_add(d->labels, (gpointer)t);
                    g_array_append_val(d->label_cols, c);
                }
            }
            continue;
        }
        /* a cell the layout stage could not determine is still a value
         * position (layout/model/grid.h); the stage that marked it has warned */
        gboolean undetermined = strcmp(cell->text, NB_CELL_UNDETERMINED) == 0;
        if (!in_values && *cell->text && !is_value_text(s, cell->text) && !undetermined) {
            g_ptr_array_add(d->labels, cell->text);
            g_array_append_val(d->label_cols, c);
            continue;
        }
        if (!in_values && !*cell->text && d->labels->len == 0) {
            d->lead_blanks++;
            continue; /* blank before any label: layout padding, as a rule */
        }
        if (!in_values)
            d->first_value_col = c;
        in_values = TRUE;
        g_ptr_array_add(d->values, (gpointer)cell);
    }
    return d;
}

static int cell_column(const nb_grid *g, int r, const nb_cell *cell)
{
    for (int c = 0; c < nb_grid_cols(g); c++)
        if (nb_grid_cell(g, r, c) == cell)
            return c;
    return -1;
}

/* OCR reads a speck or a stray stroke left of a label as a dash ("- |
 * 茸以公开 | 404 …"), a blank marker, and the row then starts its values
 * there and has no label.  In a scanned row that has no label, leading
 * blank markers followed by a text that is no value are label cells. */
static void take_dash_before_label(const nb_grid *g, data_row *d)
{
    guint k = 0;
    for (; k < d->values->len; k++) {
        const nb_cell *cell = g_ptr_array_index(d->values, k);
        if (!*cell->text || cell->prov.origin != NB_ORIGIN_OCR ||
            nb_parse_number(cell->text, NULL) != NB_NUM_BLANK)
            break;
    }
    if (d->labels->len || k == 0 || k == d->values->len)
        return;
    const nb_cell *next = g_ptr_array_index(d->values, k);
    if (nb_parse_number(next->text, NULL) != NB_NUM_BAD || !strcmp(next->text, NB_CELL_UNDETERMINED))
        return;
    while (d->values->len) {
        const nb_cell *cell = g_ptr_array_index(d->values, 0);
        nb_numkind kind = nb_parse_number(cell->text, NULL);
        if (!*cell->text || kind == NB_NUM_OK || !strcmp(cell->text, NB_CELL_UNDETERMINED) ||
            (kind == NB_NUM_BLANK && d->labels->len > k))
            break;
        int c = cell_column(g, d->row, cell);
        g_ptr_array_add(d->labels, cell->text);
        g_array_append_val(d->label_cols, c);
        g_ptr_array_remove_index(d->values, 0);
    }
    d->first_value_col = d->values->len
                             ? cell_column(g, d->row, g_ptr_array_index(d->values, 0))
                             : -1;
}

/* Values, dropping trailing blanks (spans lost in flattening leave them). */
static int value_count(const data_row *d)
{
    int n = (int)d->values->len;
    while (n > 0 && !*((const nb_cell *)g_ptr_array_index(d->values, n - 1))->text)
        n--;
    return n;
}

static int number_count(const data_row *d)
{
    int n = 0;
    for (guint i = 0; i < d->values->len; i++)
        n += nb_parse_number(((const nb_cell *)g_ptr_array_index(d->values, i))->text, NULL) ==
             NB_NUM_OK;
    return n;
}

/* True when the row prints at least one value: a number, or a blank marker
 * ("—", "/", "无"), which is a 0 inside a filled table.  Empty cells alone
 * are layout padding. */
static gboolean states_values(const data_row *d)
{
    for (guint i = 0; i < d->values->len; i++)
        if (*((const nb_cell *)g_ptr_array_index(d->values, i))->text)
            return TRUE;
    return FALSE;
}

static GPtrArray *collect_rows(const nb_schema *s, const nb_doc *doc)
{
    GPtrArray *rows = g_ptr_array_new_with_free_func(data_row_free);
    for (guint gi = 0; gi < doc->grids->len; gi++) {
        const nb_grid *g = g_ptr_array_index(doc->grids, gi);
        for (int r = 0; r < nb_grid_rows(g); r++) {
            data_row *d = split_row(s, g, r);
            d->grid = (int)gi;
            d->row = r;
            d->g = g;
            d->doc = doc;
            take_dash_before_label(g, d);
            g_ptr_array_add(rows, d);
        }
    }
    return rows;
}

/* The column where a grid's data rows start their values: the most common
 * first value column among rows that have a label and two numbers or more;
 * -1 when the grid has no such row. */
static int grid_value_column(GPtrArray *rows, guint from, guint to)
{
    GHashTable *votes = g_hash_table_new(g_direct_hash, g_direct_equal);
    int best = -1;
    guint best_n = 0;
    for (guint i = from; i < to; i++) {
        const data_row *d = g_ptr_array_index(rows, i);
        if (d->labels->len == 0 || number_count(d) < 2)
            continue;
        gpointer key = GINT_TO_POINTER(d->first_value_col + 1);
        guint n = GPOINTER_TO_UINT(g_hash_table_lookup(votes, key)) + 1;
        g_hash_table_insert(votes, key, GUINT_TO_POINTER(n));
        if (n > best_n || (n == best_n && d->first_value_col < best))
            best_n = n, best = d->first_value_col;
    }
    g_hash_table_destroy(votes);
    return best;
}

/* A value cell OCR read as an ideograph ("二" for a 2, "本" for a 4) looks
 * like the end of the row's label, and the row then comes out a value short
 * and is left out whole.  Trailing label cells of a scanned row that sit in
 * the grid's value columns, are short (a number's width: three characters
 * at most) or read with no confidence at all (ink the reader marked
 * illegible) and leave a label before the value columns are moved back to the
 * values, where they are read (and fail) like any unreadable value, so that
 * the row's other values are kept and the misread cell is named. */
static void take_misread_values(const nb_doc *doc, data_row *d, int value_col)
{
    const nb_grid *g = g_ptr_array_index(doc->grids, d->grid);
    guint keep = d->labels->len;
    while (keep > 0 && g_array_index(d->label_cols, int, keep - 1) >= value_col)
        keep--;
    /* header rows (short column heads such as 总计) hold no numbers */
    if (keep == 0 || keep == d->labels->len || value_col < 0 || number_count(d) < 2)
        return;
    for (guint i = keep; i < d->labels->len; i++) {
        const nb_cell *cell = nb_grid_cell(g, d->row, g_array_index(d->label_cols, int, i));
        if (!cell || !cell->anchor || cell->prov.origin != NB_ORIGIN_OCR ||
            (g_utf8_strlen(cell->text, -1) > 3 && cell->prov.confidence != 0))
            return;
    }
    for (guint i = d->labels->len; i-- > keep;) {
        int c = g_array_index(d->label_cols, int, i);
        g_ptr_array_insert(d->values, 0, (gpointer)nb_grid_cell(g, d->row, c));
        d->first_value_col = c;
    }
    g_ptr_array_set_size(d->labels, keep);
    g_array_set_size(d->label_cols, keep);
}

static void take_misread_values_all(const nb_doc *doc, GPtrArray *rows)
{
    for (guint from = 0, to; from < rows->len; from = to) {
        int grid = ((const data_row *)g_ptr_array_index(rows, from))->grid;
        for (to = from; to < rows->len &&
                        ((const data_row *)g_ptr_array_index(rows, to))->grid == grid;
             to++)
            ;
        int value_col = grid_value_column(rows, from, to);
        for (guint i = from; i < to; i++)
            take_misread_values(doc, g_ptr_array_index(rows, i), value_col);
    }
}

/* ---- template detection ---- */

static int count_markers(const GPtrArray *markers, const char *text)
{
    int n = 0;
    for (guint i = 0; i < markers->len; i++)
        if (strstr(text, g_ptr_array_index(markers, i)))
            n++;
    return n;
}

static char *doc_squashed_text(const nb_doc *doc, gboolean grids_only)
{
    GString *s = g_string_new(NULL);
    for (guint gi = 0; gi < doc->grids->len; gi++) {
        const nb_grid *g = g_ptr_array_index(doc->grids, gi);
        for (int r = 0; r < nb_grid_rows(g); r++)
            for (int c = 0; c < nb_grid_cols(g); c++) {
                const nb_cell *cell = nb_grid_cell(g, r, c);
                if (cell && cell->anchor && *cell->text) {
                    char *n = nb_norm_squash(cell->text);
                    g_string_append(s, n);
                    g_string_append_c(s, '|');
                    g_free(n);
                }
            }
    }
    if (!grids_only)
        for (guint i = 0; i < doc->lines->len; i++) {
            char *n = nb_norm_squash(((nb_line *)g_ptr_array_index(doc->lines, i))->text);
            g_string_append(s, n);
            g_string_append_c(s, '\n');
            g_free(n);
        }
    return g_string_free(s, FALSE);
}

const nb_schema *nb_mapper_detect(const nb_doc *doc, const nb_schema_set *set, int *score)
{
    int dummy;
    if (!score)
        score = &dummy;
    *score = 0;
    const nb_schema *best = NULL;
    int best_n = 0;
    /* grids first: the template is decided by the tables' layout */
    for (int pass = 0; pass < 2 && !best; pass++) {
        char *text = doc_squashed_text(doc, pass == 0);
        for (guint i = 0; i < set->schemas->len; i++) {
            const nb_schema *s = g_ptr_array_index(set->schemas, i);
            int n = count_markers(s->markers, text);
            if (n > best_n)
                best_n = n, best = s;
        }
        g_free(text);
    }
    *score = best_n;
    return best;
}

static int count_table_markers(const nb_schema *s, const char *text)
{
    int n = 0;
    for (guint t = 0; t < s->tables->len; t++)
        n += count_markers(((nb_schema_table *)g_ptr_array_index(s->tables, t))->markers, text);
    return n;
}

const nb_schema *nb_mapper_detect_by_tables(const nb_doc *doc, const nb_schema_set *set,
                                            gboolean *undecided)
{
    gboolean dummy;
    if (!undecided)
        undecided = &dummy;
    *undecided = FALSE;
    const nb_schema *best = NULL, *in_force = NULL;
    int best_n = 0, ties = 0;
    /* grids first; the text flow when no grid was rebuilt yet (glued text) */
    for (int pass = 0; pass < 2 && !best; pass++) {
        char *text = doc_squashed_text(doc, pass == 0);
        for (guint i = 0; i < set->schemas->len; i++) {
            const nb_schema *s = g_ptr_array_index(set->schemas, i);
            int n = count_table_markers(s, text);
            if (s->in_force)
                in_force = s;
            if (n > best_n)
                best_n = n, best = s, ties = 0;
            else if (n == best_n && n > 0)
                ties++;
        }
        g_free(text);
    }
    if (best && ties) {
        *undecided = TRUE;
        return in_force ? in_force : best;
    }
    return best;
}

/* ---- label matching ---- */

/* One candidate label: through nb_norm_label, and decoded. */
typedef struct {
    char *s;
    size_t len;  /* bytes */
    gunichar *u;
    glong n;     /* code points */
} label_cand;

struct nb_label_cands {
    int n;
    label_cand c[3];
};

nb_label_cands *nb_label_cands_new(const char *const *cells, int ncells)
{
    nb_label_cands *lc = g_new0(nb_label_cands, 1);
    /* the last cell, the last two joined, and everything joined */
    for (int from = ncells - 1; from >= 0; from--) {
        if (from < ncells - 2 && from != 0)
            continue;
        GString *joined = g_string_new(NULL);
        for (int i = from; i < ncells; i++)
            g_string_append(joined, cells[i]);
        label_cand *c = &lc->c[lc->n++];
        c->s = nb_norm_label(joined->str);
        c->len = strlen(c->s);
        c->u = g_utf8_to_ucs4_fast(c->s, -1, &c->n);
        g_string_free(joined, TRUE);
    }
    return lc;
}

void nb_label_cands_free(nb_label_cands *lc)
{
    if (!lc)
        return;
    for (int i = 0; i < lc->n; i++) {
        g_free(lc->c[i].s);
        g_free(lc->c[i].u);
    }
    g_free(lc);
}

static glong ucs4_len(const gunichar *u)
{
    glong n = 0;
    while (u[n])
        n++;
    return n;
}

static double best_similarity(const nb_schema_row *row, const label_cand *c)
{
    double best = 0;
    const char *cand = c->s;
    for (guint i = 0; i < row->norm->len; i++) {
        const char *lab = g_ptr_array_index(row->norm, i);
        gunichar *own = row->norm_u ? NULL : g_utf8_to_ucs4_fast(lab, -1, NULL);
        const gunichar *labu = own ? own : g_ptr_array_index(row->norm_u, i);
        glong nl = ucs4_len(labu), nc = c->n;
        double s = nb_edit_similarity_ucs4(labu, nl, c->u, nc);
        size_t ll = strlen(lab), lc = c->len;
        /* a label that ends the candidate ("三、本年度办理结果(一)予以公开") */
        if (ll >= 6 && lc > ll && strcmp(cand + lc - ll, lab) == 0 && s < 0.92)
            s = 0.92;
        /* the same with a slip in the label, after a group label printed in
         * the same cell ("(四)无法提供1.本机关不掌握握相关政府信息") */
        for (glong d = -1; nl >= 6 && nc > nl + 1 && s < 0.92 && d <= 1; d++) {
            double t = nb_edit_similarity_ucs4(labu, nl, c->u + (nc - nl - d), nl + d);
            if (t >= 0.85)
                s = MAX(s, MIN(t, 0.92) - 0.02);
        }
        /* a long label printed with its explanation cut or extended; counted
         * in characters, so that a short group label ("其他处理", 12 bytes)
         * followed by a garbled sub-row label does not pass for the group row */
        if (nl >= 6 && nc >= 6 && (g_str_has_prefix(cand, lab) || g_str_has_prefix(lab, cand)) &&
            s < 0.9)
            s = 0.9;
        if (s > best)
            best = s;
        g_free(own);
    }
    return best;
}

double nb_label_cands_score(const nb_schema_row *row, const nb_label_cands *lc)
{
    double best = 0;
    for (int i = 0; lc && i < lc->n; i++) {
        double s = best_similarity(row, &lc->c[i]);
        if (s > best)
            best = s;
    }
    return best;
}

double nb_mapper_label_score(const nb_schema_row *row, const char *const *cells, int ncells)
{
    if (ncells == 0)
        return 0;
    nb_label_cands *lc = nb_label_cands_new(cells, ncells);
    double s = nb_label_cands_score(row, lc);
    nb_label_cands_free(lc);
    return s;
}

/* ---- values ---- */

gboolean nb_mapper_read_value(const nb_schema_row *row, const char *text, double *value,
                              const char **why)
{
    const char *dummy;
    if (!why)
        why = &dummy;
    *why = NULL;
    nb_number n;
    nb_numkind k = nb_parse_number(text, &n);
    if (k == NB_NUM_BLANK) {
        *value = 0;
        return TRUE;
    }
    if (k == NB_NUM_BAD) {
        *why = "not a number";
        return FALSE;
    }
    double v = n.value;
    if (row->unit && !strcmp(row->unit, "10k_yuan") && n.wan)
        v = v / 10000.0;
    else if (row->unit && !strcmp(row->unit, "10k_yuan") && n.yuan) {
        *why = "amount in 元 where the table asks for 万元";
        return FALSE;
    }
    if (!n.integer && !row->decimal) {
        *why = "a count with decimals";
        return FALSE;
    }
    if (v < 0 && !row->signed_values) {
        *why = "a negative count";
        return FALSE;
    }
    *value = v;
    return TRUE;
}

typedef struct {
    const nb_schema_table *table;
    const nb_schema_row *row;
    gboolean filled;
    const nb_schema *schema;
} slot;

/* ---- notes and header units ---- */

/* A value cell with a note after the number ("35（其中修订12件）", the note
 * sometimes on a line of its own): the number, when the bracket opens with
 * one of the schema's note words; NULL otherwise.  The value is the number
 * before the note. */
static char *value_before_note(const nb_schema *s, const char *text)
{
    char *sq = nb_norm_squash(text);
    char *open = strchr(sq, '(');
    char *out = NULL;
    if (open && open > sq && sq[strlen(sq) - 1] == ')') {
        for (guint i = 0; s && i < s->value_notes->len && !out; i++)
            if (g_str_has_prefix(open + 1, g_ptr_array_index(s->value_notes, i)))
                out = g_strndup(sq, (gsize)(open - sq));
        if (out && nb_parse_number(out, NULL) != NB_NUM_OK)
            g_free(out), out = NULL;
    }
    g_free(sq);
    return out;
}

/* How many 元 the unit a squashed header names is: a unit after a marker
 * ("单位:万元"; one punctuation mark between, as OCR reads the colon as
 * ';' or '.') or a bracketed unit ("(元)").  0 when it names none, -1 when a
 * marker names a unit the schema does not know. */
static double unit_in_header(const nb_schema *s, const char *sq)
{
    gboolean marked = FALSE;
    for (guint m = 0; m < s->unit_markers->len; m++) {
        const char *marker = g_ptr_array_index(s->unit_markers, m);
        for (const char *p = strstr(sq, marker); p; p = strstr(p + 1, marker)) {
            marked = TRUE;
            const char *after = p + strlen(marker);
            if (g_ascii_ispunct(*after) && *after != '(' && *after != ')')
                after++;
            for (guint u = 0; u < s->units->len; u++) {
                const nb_schema_unit *unit = g_ptr_array_index(s->units, u);
                if (g_str_has_prefix(after, unit->label))
                    return unit->yuan;
            }
        }
    }
    for (guint u = 0; u < s->units->len; u++) {
        const nb_schema_unit *unit = g_ptr_array_index(s->units, u);
        char *bracket = g_strconcat("(", unit->label, ")", NULL);
        gboolean found = strstr(sq, bracket) != NULL;
        g_free(bracket);
        if (found)
            return unit->yuan;
    }
    return marked ? -1 : 0;
}

/* The column's words of `col`'s label `k`, squashed, without the label's
 * own unit ("采购总金额（单位：万元）" → "采购总金额"); g_free. */
static char *column_words(const nb_schema_labels *col, guint k)
{
    char *lab = nb_norm_squash(g_ptr_array_index(col->labels, k));
    char *cut = strchr(lab, '(');
    if (cut)
        *cut = 0;
    return lab;
}

/* True when squashed text `sq` prints one of `col`'s labels. */
static gboolean names_column(const nb_schema_labels *col, const char *sq)
{
    gboolean names = FALSE;
    for (guint k = 0; k < col->labels->len && !names; k++) {
        char *lab = column_words(col, k);
        names = *lab && strstr(sq, lab) != NULL;
        g_free(lab);
    }
    return names;
}

/* A unit a heading line states: after a marker and one punctuation mark
 * ("单位：万元", "（单位:元）") or bracketed ("（万元）") — a marker without
 * punctuation is a word of prose ("本单位").  0 when it states none, -1 for
 * a unit the schema does not know. */
static double unit_in_heading(const nb_schema *s, const char *sq)
{
    gboolean marked = FALSE;
    for (guint m = 0; m < s->unit_markers->len && !marked; m++) {
        const char *marker = g_ptr_array_index(s->unit_markers, m);
        for (const char *p = strstr(sq, marker); p && !marked; p = strstr(p + 1, marker))
            marked = g_ascii_ispunct(p[strlen(marker)]) && p[strlen(marker)] != '(';
    }
    double yuan = unit_in_header(s, sq);
    return marked || yuan > 0 ? yuan : 0;
}

/* The unit the header of money column `col` names in the grid of data row
 * `d`: its header cell (the nearest cell above, within four rows, that
 * prints one of the column's labels) or a caption among those rows that
 * states a unit ("第二十条第（九）项（单位：万元）").  As unit_in_header;
 * -1 as well when the two name different units. */
static double grid_header_unit(const nb_schema *s, const nb_schema_labels *col,
                               const data_row *d)
{
    double header = 0, caption = 0;
    gboolean named = FALSE;
    for (int r = d->row - 1; d->g && r >= 0 && r >= d->row - 4; r--)
        for (int c = 0; c < nb_grid_cols(d->g); c++) {
            const nb_cell *cell = nb_grid_cell(d->g, r, c);
            if (!cell || !cell->anchor || !*cell->text)
                continue;
            char *sq = nb_norm_squash(cell->text);
            if (!named && names_column(col, sq))
                named = TRUE, header = unit_in_header(s, sq);
            else if (!caption)
                caption = unit_in_heading(s, sq);
            g_free(sq);
        }
    if (header < 0 || caption < 0 || (header > 0 && caption > 0 && header != caption))
        return -1;
    return header ? header : caption;
}

/* A place in the document's reading order: a text line (page 0, y the
 * line number) or a point on a page (PDF points or pixels, y downwards). */
typedef struct {
    int page;
    double y;
} doc_pos;

static gboolean pos_before(doc_pos a, doc_pos b)
{
    return a.page < b.page || (a.page == b.page && a.y < b.y);
}

/* The top and the end of grid `g` in reading order; FALSE when its cells
 * carry neither a line nor a box. */
static gboolean grid_extent(const nb_grid *g, doc_pos *top, doc_pos *end)
{
    gboolean any = FALSE;
    for (int r = 0; r < nb_grid_rows(g); r++)
        for (int c = 0; c < nb_grid_cols(g); c++) {
            const nb_cell *cell = nb_grid_cell(g, r, c);
            if (!cell || !cell->anchor || (!cell->prov.has_box && cell->prov.line <= 0))
                continue;
            doc_pos t = {cell->prov.has_box ? cell->prov.page : 0,
                         cell->prov.has_box ? cell->prov.box[1] : cell->prov.line};
            doc_pos e = {t.page, cell->prov.has_box ? cell->prov.box[3] : t.y};
            if (!any || pos_before(t, *top))
                *top = t;
            if (!any || pos_before(*end, e))
                *end = e;
            any = TRUE;
        }
    return any;
}

/* Text lines above a grid that make its heading area: six lines up, or
 * five line heights on a page (and the last six lines of the page before,
 * after its last grid: headers split from the body by a page break). */
#define HEADING_AREA_LINES 6
/* Lines looked at above a grid, up to its section heading, for a unit
 * stated on a line of its own of at most UNIT_LINE_CHARS characters. */
#define SECTION_UNIT_LINES 40
#define UNIT_LINE_CHARS 10

/* True when text line `l` lies in the heading area of a grid whose top is
 * `top`, below `floor` (the end of the grid before it). */
static gboolean in_heading_area(const nb_line *l, doc_pos top, doc_pos floor)
{
    if (l->prov.has_box) {
        double h = MAX(l->prov.box[3] - l->prov.box[1], 1);
        doc_pos at = {l->prov.page, l->prov.box[3]};
        return l->prov.page == top.page && l->prov.box[3] <= top.y + 1 && pos_before(floor, at) &&
               top.y - l->prov.box[3] <= (HEADING_AREA_LINES - 1) * h;
    }
    doc_pos at = {0, l->prov.line};
    return top.page == 0 && l->prov.line > 0 && l->prov.line < top.y && pos_before(floor, at) &&
           l->prov.line >= top.y - HEADING_AREA_LINES;
}

/* A section heading ("二、主动公开政府信息情况"): a line that opens with a
 * Chinese numeral and 、. */
static gboolean section_heading_line(const char *sq)
{
    static const char *numerals = "一二三四五六七八九十";
    gunichar first = g_utf8_get_char(sq);
    return first && g_utf8_strchr(numerals, -1, first) &&
           g_str_has_prefix(g_utf8_next_char(sq), "、");
}

/* The unit a line of its own states for the whole table of the grid whose
 * top is `top` (`单位：万元` under the section heading, over a table that a
 * reader without rulings found as one grid per block): the nearest such
 * line above the grid, up to its section heading.  0 when there is none. */
static double section_unit(const nb_schema *s, const nb_doc *doc, doc_pos top)
{
    int last = -1;
    for (guint i = 0; i < doc->lines->len; i++) {
        const nb_line *l = g_ptr_array_index(doc->lines, i);
        doc_pos at = {l->prov.has_box ? l->prov.page : 0,
                      l->prov.has_box ? l->prov.box[3] : l->prov.line};
        if (pos_before(at, top))
            last = (int)i;
    }
    double unit = 0;
    for (int i = last, n = 0; i >= 0 && n < SECTION_UNIT_LINES && !unit; i--, n++) {
        char *sq = nb_norm_squash(((const nb_line *)g_ptr_array_index(doc->lines, i))->text);
        gboolean heading = section_heading_line(sq);
        if (!heading && g_utf8_strlen(sq, -1) <= UNIT_LINE_CHARS)
            unit = unit_in_heading(s, sq);
        g_free(sq);
        if (heading)
            break;
    }
    return unit;
}

/* The unit the heading area of data row `d`'s grid states (the text lines
 * right above the grid, down to the grid before it: a header line laid out
 * with spaces that the grid did not take, `（单位：万元）` beside the table's
 * caption).  A line that prints one of `col`'s labels is its header; other
 * lines state a unit for the whole table.  0 when none states a unit, -1
 * when a unit is unknown or two lines state different units (a doubt). */
static double heading_area_unit(const nb_schema *s, const nb_schema_labels *col,
                                const data_row *d)
{
    doc_pos top, end, floor = {-1, 0};
    if (!d->doc || !grid_extent(d->g, &top, &end))
        return 0;
    for (guint gi = 0; gi < d->doc->grids->len; gi++) {
        doc_pos t, e;
        const nb_grid *other = g_ptr_array_index(d->doc->grids, gi);
        if (other != d->g && grid_extent(other, &t, &e) && pos_before(e, top) &&
            pos_before(floor, e))
            floor = e;
    }
    /* a page break between a table's headers and its body: the last lines
     * of the page before, after its last grid, head the grid too */
    guint prev_page_end = 0;
    for (guint i = 0; i < d->doc->lines->len; i++) {
        const nb_line *l = g_ptr_array_index(d->doc->lines, i);
        if (l->prov.has_box && top.page > 1 && l->prov.page == top.page - 1)
            prev_page_end = i + 1;
    }
    double unit = 0;
    for (guint i = 0; i < d->doc->lines->len; i++) {
        const nb_line *l = g_ptr_array_index(d->doc->lines, i);
        doc_pos at = {l->prov.page, l->prov.box[3]};
        gboolean page_before = l->prov.has_box && l->prov.page == top.page - 1 &&
                               i + HEADING_AREA_LINES >= prev_page_end && pos_before(floor, at);
        if (!in_heading_area(l, top, floor) && !page_before)
            continue;
        char *sq = nb_norm_squash(l->text);
        double yuan = names_column(col, sq) ? unit_in_header(s, sq) : unit_in_heading(s, sq);
        g_free(sq);
        if (yuan < 0 || (yuan > 0 && unit > 0 && yuan != unit))
            return -1;
        if (yuan > 0)
            unit = yuan;
    }
    return unit ? unit : section_unit(s, d->doc, top);
}

/* How many 元 one unit of money column `col` is for data row `d`
 * ("本年收费金额（单位：元）" → 1, "采购总金额（单位：万元）" → 10000): the
 * unit its header cell in the grid names, or the unit the grid's heading
 * area states.  0 when neither names a unit, -1 when a unit is unknown or
 * the two disagree (the value is then left out, flagged). */
static double header_unit(const nb_schema *s, const nb_schema_labels *col, const data_row *d)
{
    if (!s)
        return 0;
    double in_grid = grid_header_unit(s, col, d);
    double above = heading_area_unit(s, col, d);
    if (in_grid < 0 || above < 0 || (in_grid > 0 && above > 0 && in_grid != above))
        return -1;
    return in_grid > 0 ? in_grid : above;
}

/* The number of 元 one unit of the row's money values is ("10k_yuan":
 * 10000, "yuan": 1). */
static double row_unit_yuan(const nb_schema_row *row)
{
    return row->unit && !strcmp(row->unit, "10k_yuan") ? 10000.0 : 1.0;
}

/* Reads cell `text` of column `key` of slot `sl`'s row: the note after a
 * number dropped, a money value without a unit of its own converted from
 * the unit its header names to the key's unit.  FALSE with *why set when it
 * cannot be read (an unknown header unit included). */
static gboolean read_cell(const slot *sl, const char *key, const data_row *d, const char *text,
                          double *v, const char **why)
{
    char *noted = value_before_note(sl->schema, text);
    const char *t = noted ? noted : text;
    gboolean ok = nb_mapper_read_value(sl->row, t, v, why);
    const nb_schema_labels *col = nb_schema_column_find(sl->table, key);
    nb_number n;
    if (ok && col && col->money && nb_parse_number(t, &n) == NB_NUM_OK && !n.wan && !n.yuan) {
        double yuan = header_unit(sl->schema, col, d);
        if (yuan < 0) {
            ok = FALSE;
            *why = "the header names a unit the schema does not know, or two headings name "
                   "different units";
        } else if (yuan > 0) {
            /* rounded to a millionth: 25.1 × 10000 is 251000, not 250999.99999999997 */
            *v = round(*v * yuan / row_unit_yuan(sl->row) * 1e6) / 1e6;
        }
    }
    g_free(noted);
    return ok;
}

static void read_row_values(const nb_schema_table *t, const slot *s, const data_row *d,
                            nb_record *r)
{
    const GPtrArray *cols = s->row->columns;
    int ncols = (int)cols->len, nvals = value_count(d);
    /* fewer cells than columns: which one is missing is unknown (and a row
     * of blank markers alone must not be read past its end) */
    if ((int)d->values->len < ncols) {
        char *path = g_strdup_printf("%s.%s", t->key, s->row->key);
        nb_record_warn(r, path, "row has %d values where the template has %d columns; left out",
                       nvals, ncols);
        g_free(path);
        return;
    }
    /* a blank label cell between the label and the values (a drawn but
     * empty sub-label column) is not a value */
    int skip = 0;
    while (nvals - skip > ncols &&
           !*((const nb_cell *)g_ptr_array_index(d->values, skip))->text)
        skip++;
    if (nvals - skip > ncols) {
        char *path = g_strdup_printf("%s.%s", t->key, s->row->key);
        nb_record_warn(r, path, "row has %d values where the template has %d columns; "
                       "the first %d were taken", nvals, ncols, ncols);
        g_free(path);
    }
    for (int i = 0; i < ncols; i++) {
        const nb_cell *cell = g_ptr_array_index(d->values, i + skip);
        char *path = g_strdup_printf("%s.%s.%s", t->key, s->row->key,
                                     (const char *)g_ptr_array_index(cols, i));
        double v;
        const char *why;
        if (strcmp(cell->text, NB_CELL_UNDETERMINED) == 0)
            ; /* left out; the layout stage named the path and the candidates */
        else if (read_cell(s, (const char *)g_ptr_array_index(cols, i), d, cell->text, &v, &why))
            nb_record_set(r, path, v, cell->text, &cell->prov);
        else
            nb_record_warn(r, path, "cannot read '%s' (%s); left out", cell->text, why);
        g_free(path);
    }
}

/* ---- wide tables (reviews and litigation: one row of groups x columns) ---- */

/* A label-less row one value short whose leading blank cells make up the
 * difference: those blanks are the row's first values (blank = 0), not
 * padding — padding would leave the row a value too long instead.  The
 * blank cells become values at the front of d->values. */
static void take_lead_blanks(const nb_grid *g, data_row *d, int need)
{
    int missing = need - value_count(d);
    if (d->labels->len || missing <= 0 || missing > d->lead_blanks)
        return;
    int skip = d->lead_blanks - missing;
    for (int c = 0, seen = 0; c < nb_grid_cols(g) && seen < d->lead_blanks; c++) {
        const nb_cell *cell = nb_grid_cell(g, d->row, c);
        if (!cell || !cell->set || !cell->anchor)
            continue;
        if (seen++ >= skip)
            g_ptr_array_insert(d->values, seen - skip - 1, (gpointer)cell);
    }
    d->lead_blanks = 0;
}

/* True when row `d` prints one of the wide table's column labels (its
 * lowest header row: 结果维持 … 总计). */
static gboolean is_wide_header(const nb_schema_table *t, const data_row *d)
{
    for (guint i = 0; i < d->labels->len; i++) {
        char *n = nb_norm_label(g_ptr_array_index(d->labels, i));
        gboolean hit = FALSE;
        for (guint c = 0; c < t->columns->len && !hit; c++) {
            const nb_schema_labels *l = g_ptr_array_index(t->columns, c);
            for (guint k = 0; k < l->norm->len && !hit; k++)
                hit = !strcmp(n, g_ptr_array_index(l->norm, k));
        }
        g_free(n);
        if (hit)
            return TRUE;
    }
    return FALSE;
}

/* The row printed right above row `i` of `rows`: the row before it in its
 * grid, or, when a page split put row i first in a table of its own, the
 * last row of the table before that prints something (Word closes a table
 * with an empty row of column widths).  NULL when there is none. */
static const data_row *row_above(GPtrArray *rows, guint i)
{
    const data_row *d = g_ptr_array_index(rows, i);
    for (guint k = i; k-- > 0;) {
        const data_row *up = g_ptr_array_index(rows, k);
        if (up->grid == d->grid)
            return up;
        if (up->grid + 1 != d->grid || d->row != 0)
            return NULL;
        if (up->labels->len || states_values(up))
            return up;
    }
    return NULL;
}

/* The wide table printed with every value cell blank: the label-less row
 * of `need` empty cells right under the header row that names the columns
 * is a row of zeros, with one warning on the table's path. */
static gboolean map_wide_blank(const nb_doc *doc, const nb_schema_table *t, GPtrArray *rows,
                               nb_record *r)
{
    int need = (int)(t->groups->len * t->columns->len);
    for (guint i = 1; i < rows->len; i++) {
        data_row *d = g_ptr_array_index(rows, i);
        const data_row *above = row_above(rows, i);
        if (d->labels->len || !above || !is_wide_header(t, above) || states_values(d))
            continue;
        take_lead_blanks(g_ptr_array_index(doc->grids, d->grid), d, need);
        if ((int)d->values->len != need)
            continue;
        int k = 0;
        for (guint gi = 0; gi < t->groups->len; gi++)
            for (guint ci = 0; ci < t->columns->len; ci++, k++) {
                const nb_cell *cell = g_ptr_array_index(d->values, k);
                char *path = g_strdup_printf(
                    "%s.%s.%s", t->key, ((nb_schema_labels *)g_ptr_array_index(t->groups, gi))->key,
                    ((nb_schema_labels *)g_ptr_array_index(t->columns, ci))->key);
                nb_record_set(r, path, 0, cell->text, &cell->prov);
                g_free(path);
            }
        nb_record_warn(r, t->key, "every value cell of table %s is blank: read as zeros", t->key);
        return TRUE;
    }
    return FALSE;
}

static gboolean map_wide(const nb_doc *doc, const nb_schema_table *t, GPtrArray *rows, guint from,
                         nb_record *r)
{
    int need = (int)(t->groups->len * t->columns->len);
    for (guint i = from; i < rows->len; i++) {
        data_row *d = g_ptr_array_index(rows, i);
        take_lead_blanks(g_ptr_array_index(doc->grids, d->grid), d, need);
        if (d->labels->len > 1 || value_count(d) < need || number_count(d) < need / 2)
            continue;
        int k = 0;
        for (guint gi = 0; gi < t->groups->len; gi++)
            for (guint ci = 0; ci < t->columns->len; ci++, k++) {
                const nb_cell *cell = g_ptr_array_index(d->values, k);
                char *path = g_strdup_printf(
                    "%s.%s.%s", t->key, ((nb_schema_labels *)g_ptr_array_index(t->groups, gi))->key,
                    ((nb_schema_labels *)g_ptr_array_index(t->columns, ci))->key);
                nb_number n;
                nb_numkind kind = nb_parse_number(cell->text, &n);
                if (kind == NB_NUM_OK && n.integer && n.value >= 0)
                    nb_record_set(r, path, n.value, cell->text, &cell->prov);
                else if (kind == NB_NUM_BLANK)
                    nb_record_set(r, path, 0, cell->text, &cell->prov);
                else
                    nb_record_warn(r, path, "cannot read '%s'; left out", cell->text);
                g_free(path);
            }
        if (value_count(d) > need)
            nb_record_warn(r, t->key, "the row has %d values where the template has %d; "
                           "the first %d were taken", value_count(d), need, need);
        return TRUE;
    }
    return FALSE;
}

/* ---- the mapping ---- */

static int best_slot(GArray *slots, guint cursor, const data_row *d, double *score)
{
    int best = -1;
    double best_s = 0;
    nb_label_cands *lc = NULL; /* made at the first slot that needs it */
    for (guint i = 0; i < slots->len; i++) {
        slot *s = &g_array_index(slots, slot, i);
        /* a row with under half the slot's cells is not that row: a header
         * row whose 总计 OCR read as "7" ends in the label "其他" */
        if (s->filled || 2 * (int)d->values->len < (int)s->row->columns->len)
            continue;
        if (!lc && d->labels->len > 0)
            lc = nb_label_cands_new((const char *const *)d->labels->pdata, (int)d->labels->len);
        double sc = nb_label_cands_score(s->row, lc);
        /* the expected next rows win close calls; rows far behind the cursor lose */
        if (i >= cursor && i < cursor + 3)
            sc += 0.04;
        else if (i < cursor)
            sc -= 0.08;
        if (sc > best_s)
            best_s = sc, best = (int)i;
    }
    nb_label_cands_free(lc);
    *score = best_s;
    return best;
}

/* An optional row is expected after all when a row of its group was printed:
 * a report that gives （六） as sub-rows gives all of them. */
static gboolean sibling_filled(GArray *slots, const slot *sl)
{
    if (!sl->row->group)
        return FALSE;
    for (guint i = 0; i < slots->len; i++) {
        const slot *o = &g_array_index(slots, slot, i);
        if (o != sl && o->filled && o->table == sl->table && o->row->group &&
            strcmp(o->row->group, sl->row->group) == 0)
            return TRUE;
    }
    return FALSE;
}

/* The slot that stands in for `sl` or its group ("（六）其他处理" given as
 * one row instead of three sub-rows), or the one `sl` stands in for; NULL
 * when the template offers no alternative form. */
static const slot *alternative_form(GArray *slots, const slot *sl)
{
    for (guint i = 0; i < slots->len; i++) {
        const slot *o = &g_array_index(slots, slot, i);
        if (o == sl || o->table != sl->table)
            continue;
        if (sl->row->replaces && !strcmp(sl->row->replaces, o->row->key))
            return o;
        if (o->row->replaces) {
            for (guint k = 0; k < slots->len; k++) {
                const slot *t = &g_array_index(slots, slot, k);
                gboolean same_group = t == sl || (t->row->group && sl->row->group &&
                                                  !strcmp(t->row->group, sl->row->group));
                if (t->table == sl->table && same_group && !strcmp(o->row->replaces, t->row->key))
                    return o;
            }
        }
    }
    return NULL;
}

/* True when an optional row is missing although the table prints it in one
 * of its forms: a sibling of its group was printed, or the template offers
 * two forms of it and neither was found (its values are then lost, not
 * absent, and must be flagged). */
static gboolean optional_expected(GArray *slots, const slot *sl)
{
    if (sibling_filled(slots, sl))
        return TRUE;
    const slot *alt = alternative_form(slots, sl);
    return alt && !alt->filled && !sibling_filled(slots, alt);
}

/* The leading Arabic item number of a label ("2.重复申请" → 2), after
 * squashing; 0 when it has none. */
static int item_number(const char *label)
{
    char *sq = nb_norm_squash(label);
    int n = 0;
    const char *p = sq;
    while (g_ascii_isdigit(*p) && n < 1000)
        n = n * 10 + (*p++ - '0');
    if (*p != '.' && *p != ',' && !g_str_has_prefix(p, "、"))
        n = 0;
    g_free(sq);
    return n;
}

/* ---- rows placed by their position ---- */

/* A run of empty slots of one table, and the filled slots that bound it in
 * that table (-1: the run starts or ends the table). */
typedef struct {
    guint k0, k1; /* slots k0 .. k1 - 1 */
    int before, after;
} slot_run;

/* Which data rows a filled slot took. */
static gboolean *rows_taken(GArray *slots, const int *slot_row, guint nrows)
{
    gboolean *taken = g_new0(gboolean, MAX(nrows, 1));
    for (guint k = 0; k < slots->len; k++)
        if (g_array_index(slots, slot, k).filled)
            taken[slot_row[k]] = TRUE;
    return taken;
}

/* The untaken rows that print values where the run's rows must be: between
 * the bounding rows; at a table's start (end), back (on) from its first
 * (last) row found to the start (end) of the document or to a row another
 * slot took, across grids (a scan without rulings makes a grid of each
 * short table).  Rows without values (headers) are passed over, and so are
 * rows without a label beyond a table's start or end (the wide row of the
 * reviews table).  Returns FALSE when the bounding rows are out of order or
 * a row between them belongs to another slot: the order the placement
 * relies on does not hold. */
static gboolean run_rows(GPtrArray *rows, const gboolean *taken, const int *slot_row,
                         const slot_run *run, GArray *out)
{
    gboolean inside = run->before >= 0 && run->after >= 0;
    int lo = run->before >= 0 ? slot_row[run->before] + 1 : 0;
    int hi = run->after >= 0 ? slot_row[run->after] - 1 : (int)rows->len - 1;
    if (inside && lo > hi + 1)
        return FALSE;
    for (int i = lo; i <= hi; i++) {
        if (taken[i] && inside)
            return FALSE;
        if (taken[i] && run->before >= 0)
            break; /* a table's end: the next table's rows begin */
        if (taken[i]) {
            g_array_set_size(out, 0); /* a table's start: the rows before it are another's */
            continue;
        }
        const data_row *d = g_ptr_array_index(rows, (guint)i);
        if (d->values->len > 0 && states_values(d) && (inside || d->labels->len > 0))
            g_array_append_val(out, i);
    }
    return TRUE;
}

/* Whether an empty optional slot's row is printed: yes when a sibling of its
 * group was found, no when its other form was; otherwise undecided (-1). */
static int optional_printed(GArray *slots, const slot *sl)
{
    if (sibling_filled(slots, sl))
        return 1;
    const slot *alt = alternative_form(slots, sl);
    if (alt && (alt->filled || sibling_filled(slots, alt)))
        return 0;
    return -1;
}

/* The slots the run's rows must fill, in order, given `nrows` rows.  An
 * optional row whose form is undecided ((六) as one row or as three
 * sub-rows) gives two candidate sequences: the sub-rows, or the single row;
 * the row count must pick exactly one.  Returns NULL when none or both fit. */
static GArray *run_slots(GArray *slots, const slot_run *run, guint nrows)
{
    GArray *form[2] = {g_array_new(FALSE, FALSE, sizeof(guint)),
                       g_array_new(FALSE, FALSE, sizeof(guint))};
    for (guint k = run->k0; k < run->k1; k++) {
        const slot *sl = &g_array_index(slots, slot, k);
        int printed = sl->row->optional ? optional_printed(slots, sl) : 1;
        if (printed == 1 || (printed < 0 && sl->row->group))
            g_array_append_val(form[0], k);
        if (printed == 1 || (printed < 0 && !sl->row->group))
            g_array_append_val(form[1], k);
    }
    gboolean fits0 = form[0]->len == nrows, fits1 = form[1]->len == nrows;
    /* Two empty forms have no data to compare (memcmp of NULL: found by fuzz_doc). */
    gboolean same = form[0]->len == form[1]->len &&
                    (form[0]->len == 0 ||
                     memcmp(form[0]->data, form[1]->data, form[0]->len * sizeof(guint)) == 0);
    GArray *pick = NULL;
    if (fits0 && (!fits1 || same))
        pick = form[0];
    else if (fits1 && !fits0)
        pick = form[1];
    for (int i = 0; i < 2; i++)
        if (form[i] != pick)
            g_array_free(form[i], TRUE);
    return pick;
}

static int row_item_number(const data_row *d)
{
    return item_number(g_ptr_array_index(d->labels, d->labels->len - 1));
}

/* True when row `d` can stand for slot k with no doubt left: it has a label
 * and exactly the slot's cells (no value dropped, none left over), it
 * carries no item number but the slot's, and its label is not nearer to
 * any other slot than to this one. */
static gboolean row_fits(GArray *slots, guint k, const data_row *d)
{
    const slot *sl = &g_array_index(slots, slot, k);
    int ncols = (int)sl->row->columns->len, nvals = value_count(d), skip = 0;
    if (d->labels->len == 0 || (int)d->values->len < ncols)
        return FALSE;
    while (nvals - skip > ncols && !*((const nb_cell *)g_ptr_array_index(d->values, skip))->text)
        skip++;
    if (nvals - skip > ncols)
        return FALSE;
    int item = row_item_number(d);
    if (item && item != item_number(g_ptr_array_index(sl->row->labels, 0)))
        return FALSE;
    nb_label_cands *lc =
        nb_label_cands_new((const char *const *)d->labels->pdata, (int)d->labels->len);
    double own = nb_label_cands_score(sl->row, lc);
    gboolean fits = TRUE;
    for (guint o = 0; fits && o < slots->len; o++) {
        double sc = nb_label_cands_score(g_array_index(slots, slot, o).row, lc);
        if (o != k && sc >= 0.5 && sc > own)
            fits = FALSE;
    }
    nb_label_cands_free(lc);
    return fits;
}

/* Places the run's rows when their count picks one sequence of slots and
 * every row fits its slot; otherwise places nothing.  Each placed row is
 * flagged, so that none of its values passes as sure. */
static void place_run(GArray *slots, int *slot_row, GPtrArray *rows, gboolean *taken,
                      const slot_run *run, nb_record *r)
{
    GArray *cand = g_array_new(FALSE, FALSE, sizeof(int));
    GArray *seq = NULL;
    if (run_rows(rows, taken, slot_row, run, cand) && cand->len > 0)
        seq = run_slots(slots, run, cand->len);
    gboolean fit = seq != NULL;
    for (guint i = 0; fit && i < seq->len; i++)
        fit = row_fits(slots, g_array_index(seq, guint, i),
                       g_ptr_array_index(rows, (guint)g_array_index(cand, int, i)));
    if (seq && !fit)
        g_array_free(seq, TRUE), seq = NULL;
    for (guint i = 0; seq && i < seq->len; i++) {
        guint k = g_array_index(seq, guint, i);
        int ri = g_array_index(cand, int, i);
        slot *sl = &g_array_index(slots, slot, k);
        const data_row *d = g_ptr_array_index(rows, (guint)ri);
        sl->filled = TRUE;
        slot_row[k] = ri;
        taken[ri] = TRUE;
        char *path = g_strdup_printf("%s.%s", sl->table->key, sl->row->key);
        nb_record_warn(r, path, "label '%s' not recognised; row placed by its position%s",
                       (const char *)g_ptr_array_index(d->labels, d->labels->len - 1),
                       row_item_number(d) ? " and item number" : " among the rows found");
        g_free(path);
        read_row_values(sl->table, sl, d, r);
    }
    if (seq)
        g_array_free(seq, TRUE);
    g_array_free(cand, TRUE);
}

/* Rows whose label OCR garbled beyond recognition ("规章" read "规卓",
 * "（一）予以公开" read "闻以公") are still placed when their position leaves
 * no doubt.  For each run of empty slots of a table, bounded by slots whose
 * rows were found (or by the table's start or end), the untaken rows that
 * print values where the run's rows must be are given to the run's slots in
 * order — only when their count is the run's, each row has the slot's cells,
 * and no item number or label points elsewhere. */
static void place_by_position(GArray *slots, int *slot_row, GPtrArray *rows, nb_record *r)
{
    gboolean *taken = rows_taken(slots, slot_row, rows->len);
    for (guint k0 = 0, k1; k0 < slots->len; k0 = MAX(k1, k0 + 1)) {
        const slot *first = &g_array_index(slots, slot, k0);
        k1 = k0;
        if (first->filled)
            continue;
        while (k1 < slots->len && !g_array_index(slots, slot, k1).filled &&
               g_array_index(slots, slot, k1).table == first->table)
            k1++;
        slot_run run = {k0, k1, -1, -1};
        if (k0 > 0 && g_array_index(slots, slot, k0 - 1).table == first->table)
            run.before = (int)k0 - 1;
        if (k1 < slots->len && g_array_index(slots, slot, k1).table == first->table)
            run.after = (int)k1;
        if (run.before >= 0 || run.after >= 0)
            place_run(slots, slot_row, rows, taken, &run, r);
    }
    g_free(taken);
}

/* ---- rows printed blank ---- */

/* A labelled row that prints no value at all: every value cell is empty,
 * or the row has no value cell (a flattened table dropped the blanks). */
static gboolean prints_blank(const data_row *d)
{
    return d->labels->len > 0 && d->labels->len <= 3 && !states_values(d);
}

/* True when a label cell of `d` is printed exactly as a column or group
 * header of a table of `s` ("总计", "结果维持"): a header row, whose last
 * cell must not pass for the label of a blank row ("（七）总计"). */
static gboolean is_header_row(const nb_schema *s, const data_row *d)
{
    gboolean hit = FALSE;
    for (guint i = 0; i < d->labels->len && !hit; i++) {
        char *cell = nb_norm_squash(g_ptr_array_index(d->labels, i));
        for (guint t = 0; t < s->tables->len && !hit; t++) {
            const nb_schema_table *tab = g_ptr_array_index(s->tables, t);
            const GPtrArray *lists[] = {tab->columns, tab->groups};
            for (int l = 0; l < 2 && !hit; l++)
                for (guint c = 0; lists[l] && c < lists[l]->len && !hit; c++) {
                    const nb_schema_labels *lab = g_ptr_array_index(lists[l], c);
                    for (guint k = 0; k < lab->labels->len && !hit; k++) {
                        char *h = nb_norm_squash(g_ptr_array_index(lab->labels, k));
                        hit = !strcmp(cell, h);
                        g_free(h);
                    }
                }
        }
        g_free(cell);
    }
    return hit;
}

/* The best empty slot for the blank row `d` at data row `i`: its label
 * matches (0.85 or better), no form of it was found (a blank group row above
 * its sub-rows is not the single-row form), and it lies where the slots
 * found around it put it (after the row of the slot found before it, before
 * the row of the one found after it, in the same table).  -1 when none. */
static int blank_row_slot(GArray *slots, const int *slot_row, const data_row *d, guint i)
{
    const char **cells = (const char **)d->labels->pdata;
    int best = -1;
    double best_s = 0.85;
    for (guint k = 0; k < slots->len; k++) {
        const slot *sl = &g_array_index(slots, slot, k);
        if (sl->filled || (sl->row->optional && optional_printed(slots, sl) == 0))
            continue;
        const slot *alt = alternative_form(slots, sl);
        if (alt && alt->filled)
            continue;
        double sc = nb_mapper_label_score(sl->row, cells, (int)d->labels->len);
        if (sc < best_s)
            continue;
        gboolean placed = TRUE;
        for (guint o = 0; o < slots->len && placed; o++) {
            const slot *x = &g_array_index(slots, slot, o);
            if (!x->filled || x->table != sl->table)
                continue;
            placed = o < k ? slot_row[o] < (int)i : slot_row[o] > (int)i;
        }
        if (placed)
            best_s = sc, best = (int)k;
    }
    return best;
}

/* Sets the row's values to 0 (a blank cell is 0 inside a filled table).
 * A row with its empty cells is read as printed; a row that lost its cells
 * (flattened text) is a doubt and says so. */
static void read_blank_row(const slot *sl, const data_row *d, nb_record *r)
{
    if (d->values->len >= sl->row->columns->len) {
        read_row_values(sl->table, sl, d, r);
        return;
    }
    for (guint c = 0; c < sl->row->columns->len; c++) {
        char *path = g_strdup_printf("%s.%s.%s", sl->table->key, sl->row->key,
                                     (const char *)g_ptr_array_index(sl->row->columns, c));
        nb_prov prov = nb_prov_none(NB_ORIGIN_TEXT);
        nb_record_set(r, path, 0, "", &prov);
        g_free(path);
    }
    char *path = g_strdup_printf("%s.%s", sl->table->key, sl->row->key);
    nb_record_warn(r, path, "row printed without values: read as zeros");
    g_free(path);
}

/* Rows printed with every value cell blank are rows of zeros, not missing
 * rows (spec: a blank cell inside a table that is otherwise filled is 0).
 * They are matched after the rows that print values.  In a table where no
 * row printed a value, blank rows are zeros only when three or more of them
 * match, with one warning on the table's path; `found` receives the table. */
static void take_blank_rows(const nb_schema *s, GArray *slots, int *slot_row, GPtrArray *rows,
                            GHashTable *found, nb_record *r)
{
    gboolean *taken = rows_taken(slots, slot_row, rows->len);
    GHashTable *had_values = g_hash_table_new(g_str_hash, g_str_equal);
    GHashTable *blank_count = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint k = 0; k < slots->len; k++)
        if (g_array_index(slots, slot, k).filled)
            g_hash_table_add(had_values, (gpointer)g_array_index(slots, slot, k).table->key);
    GArray *picks = g_array_new(FALSE, FALSE, sizeof(int)); /* pairs: row, slot */
    for (guint i = 0; i < rows->len; i++) {
        const data_row *d = g_ptr_array_index(rows, i);
        int k = taken[i] || !prints_blank(d) || is_header_row(s, d)
                    ? -1 : blank_row_slot(slots, slot_row, d, i);
        if (k < 0)
            continue;
        slot *sl = &g_array_index(slots, slot, k);
        sl->filled = TRUE; /* held, so that a later blank row takes another slot */
        slot_row[k] = (int)i;
        int pair[2] = {(int)i, k};
        g_array_append_vals(picks, pair, 2);
        const char *t = sl->table->key;
        g_hash_table_insert(blank_count, (gpointer)t,
                            GINT_TO_POINTER(GPOINTER_TO_INT(g_hash_table_lookup(blank_count, t)) + 1));
    }
    for (guint p = 0; p < picks->len; p += 2) {
        const data_row *d = g_ptr_array_index(rows, (guint)g_array_index(picks, int, p));
        slot *sl = &g_array_index(slots, slot, g_array_index(picks, int, p + 1));
        const char *t = sl->table->key;
        gboolean filled_table = g_hash_table_contains(had_values, t);
        if (!filled_table && GPOINTER_TO_INT(g_hash_table_lookup(blank_count, t)) < 3) {
            sl->filled = FALSE;
            continue;
        }
        if (!filled_table && !g_hash_table_contains(found, t)) {
            nb_record_warn(r, t, "every value cell of table %s is blank: read as zeros", t);
            g_hash_table_add(found, (gpointer)t);
        }
        read_blank_row(sl, d, r);
    }
    g_array_free(picks, TRUE);
    g_hash_table_destroy(had_values);
    g_hash_table_destroy(blank_count);
    g_free(taken);
}

int nb_mapper_map(const nb_doc *doc, const nb_schema *s, nb_record *r)
{
    GPtrArray *rows = collect_rows(s, doc);
    take_misread_values_all(doc, rows);
    GArray *slots = g_array_new(FALSE, TRUE, sizeof(slot));
    for (guint ti = 0; ti < s->tables->len; ti++) {
        const nb_schema_table *t = g_ptr_array_index(s->tables, ti);
        for (guint ri = 0; !t->wide && ri < t->rows->len; ri++) {
            slot sl = {t, g_ptr_array_index(t->rows, ri), FALSE, s};
            g_array_append_val(slots, sl);
        }
    }
    GHashTable *found = g_hash_table_new(g_str_hash, g_str_equal);
    int *slot_row = g_new(int, MAX(slots->len, 1)); /* the data row each filled slot took */
    guint cursor = 0, last_row = 0;
    for (guint i = 0; i < rows->len; i++) {
        const data_row *d = g_ptr_array_index(rows, i);
        if (d->labels->len == 0 || d->values->len == 0 || !states_values(d))
            continue;
        double sc;
        int k = best_slot(slots, cursor, d, &sc);
        if (k < 0 || sc < 0.72)
            continue;
        slot *sl = &g_array_index(slots, slot, k);
        sl->filled = TRUE;
        slot_row[k] = (int)i;
        cursor = (guint)k + 1;
        last_row = i;
        g_hash_table_add(found, (gpointer)sl->table->key);
        read_row_values(sl->table, sl, d, r);
    }
    place_by_position(slots, slot_row, rows, r);
    take_blank_rows(s, slots, slot_row, rows, found, r);
    g_free(slot_row);
    for (guint ti = 0; ti < s->tables->len; ti++) {
        const nb_schema_table *t = g_ptr_array_index(s->tables, ti);
        if (t->wide && (map_wide(doc, t, rows, last_row, r) || map_wide(doc, t, rows, 0, r) ||
                        map_wide_blank(doc, t, rows, r)))
            g_hash_table_add(found, (gpointer)t->key);
    }
    /* what is missing */
    int tables_found = 0;
    for (guint ti = 0; ti < s->tables->len; ti++) {
        const nb_schema_table *t = g_ptr_array_index(s->tables, ti);
        if (!g_hash_table_contains(found, t->key)) {
            nb_record_warn(r, t->key, "table %s not found", t->key);
            continue;
        }
        tables_found++;
    }
    for (guint i = 0; i < slots->len; i++) {
        const slot *sl = &g_array_index(slots, slot, i);
        if (sl->filled || !g_hash_table_contains(found, sl->table->key))
            continue;
        if (sl->row->optional && !optional_expected(slots, sl))
            continue;
        char *path = g_strdup_printf("%s.%s", sl->table->key, sl->row->key);
        nb_record_warn(r, path, "row %s not found", path);
        g_free(path);
    }
    g_hash_table_destroy(found);
    g_array_free(slots, TRUE);
    g_ptr_array_free(rows, TRUE);
    return tables_found;
}
