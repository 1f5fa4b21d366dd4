/*
 * glued.c — recovery of glued tables from a document's text flow (see
 * glued.h).  The search itself (splitting runs, the constraint problem) is in
 * glued_solve.c.
 *
 * Steps: the text flow is cut into word runs and value runs; each value run
 * is paired with the words before it (an item number glued to the end of a
 * run, "…国家秘密40000042.其他…", goes back to the next label); the words'
 * tail is matched against the template's rows in order inside the region of
 * each table heading; every run is split into the row's cells; the rows of
 * a table are solved together against the schema's equations; statements of
 * the body text ("制发行政规范性文件62件") decide between splits that the
 * equations leave open; each table becomes a grid.
 */
#include "schemas/glued.h"
#include "layout/model/textnorm.h"
#include "schemas/mapper.h"
#include "schemas/record.h"
#include "schemas/rules.h"

#include <math.h>
#include <string.h>

/* Label scores below this do not make a row (the mapper uses 0.72 on whole
 * cells; a tail cut from running text needs a little more evidence). */
#define ROW_MATCH_MIN 0.8
/* A body statement must name the row's label plainly. */
#define STATEMENT_MATCH_MIN 0.9
/* Candidate splits listed in one warning. */
#define LIST_MAX 6

/* ---------------------------------------------------------------------
 * The text flow as one string, with the line each byte came from
 * --------------------------------------------------------------------- */

typedef struct {
    GString *text;
    GArray *starts; /* gsize: byte offset where each doc line starts */
    GArray *lines;  /* int: that line's prov.line */
} flow;

static flow flow_build(const nb_doc *doc)
{
    flow f = {g_string_new(NULL), g_array_new(FALSE, FALSE, sizeof(gsize)),
              g_array_new(FALSE, FALSE, sizeof(int))};
    for (guint i = 0; i < doc->lines->len; i++) {
        const nb_line *l = g_ptr_array_index(doc->lines, i);
        gsize at = f.text->len;
        g_array_append_val(f.starts, at);
        g_array_append_val(f.lines, l->prov.line);
        char *valid = g_utf8_make_valid(l->text, -1); /* the scan below walks code points */
        g_string_append(f.text, valid);
        g_string_append_c(f.text, '\n');
        g_free(valid);
    }
    return f;
}

static void flow_free(flow *f)
{
    g_string_free(f->text, TRUE);
    g_array_free(f->starts, TRUE);
    g_array_free(f->lines, TRUE);
}

/* The prov.line of the doc line holding byte `off` (binary search). */
static int flow_line_at(const flow *f, gsize off)
{
    guint lo = 0, hi = f->starts->len;
    while (hi - lo > 1) {
        guint mid = lo + (hi - lo) / 2;
        if (g_array_index(f->starts, gsize, mid) <= off)
            lo = mid;
        else
            hi = mid;
    }
    return f->starts->len ? g_array_index(f->lines, int, lo) : 0;
}

/* ---------------------------------------------------------------------
 * Word runs and value runs
 * --------------------------------------------------------------------- */

typedef struct {
    char *words;     /* raw text of the words before the run */
    char *squashed;  /* the same through nb_norm_squash */
    GPtrArray *tails;/* nb_label_cands*, index n: the last n characters of
                        `squashed` made ready for label scores, when asked */
    char *run;       /* the value run as printed (spaces kept) */
    const char *unit;/* "元", "万元" or "" right after the run */
    gboolean prose;  /* the run is followed by a counting word (件, 年, ...) */
    gboolean counted;/* ... and that word counts documents or cases */
    int line;
} entry;

static void entry_free(gpointer p)
{
    entry *e = p;
    g_free(e->words);
    g_free(e->squashed);
    g_ptr_array_free(e->tails, TRUE);
    g_free(e->run);
    g_free(e);
}

static gboolean is_digit_char(gunichar c)
{
    return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19);
}

static gboolean is_minus(gunichar c)
{
    return c == '-' || c == 0xFF0D || c == 0x2212;
}

static gboolean is_blank(gunichar c)
{
    return c == ' ' || c == '\t' || c == 0x3000 || c == 0xA0;
}

static gunichar char_at(const char *p)
{
    return *p ? g_utf8_get_char(p) : 0;
}

/* Whether a value run continues at p: a digit, a sign before a digit, a
 * decimal point between digits, or blanks (crawled <p> breaks) before any of
 * these on the same line. */
static gboolean run_continues(const char *p, gboolean in_run)
{
    gunichar c = char_at(p);
    if (is_digit_char(c))
        return TRUE;
    const char *n = *p ? g_utf8_next_char(p) : p;
    if (is_minus(c)) {
        /* inside a run a <p> break may follow the sign ("49- 57") */
        while (in_run && is_blank(char_at(n)))
            n = g_utf8_next_char(n);
        return is_digit_char(char_at(n));
    }
    if (in_run && (c == '.' || c == 0xFF0E))
        return is_digit_char(char_at(n));
    if (in_run && is_blank(c)) {
        while (is_blank(char_at(n)))
            n = g_utf8_next_char(n);
        return run_continues(n, TRUE) && !is_blank(char_at(n));
    }
    return FALSE;
}

/* Length of a sign word inside a run ("减少18", "增加3"), 0 when p does not
 * start one followed by a digit. */
static gsize sign_word_len(const char *p)
{
    static const char *const words[] = {"减少", "增加", "减", "增"};
    for (gsize i = 0; i < G_N_ELEMENTS(words); i++) {
        gsize n = strlen(words[i]);
        if (g_str_has_prefix(p, words[i]) && is_digit_char(char_at(p + n)))
            return n;
    }
    return 0;
}

/* Words that follow a number in prose, not in a table cell. */
static const char *const k_counting_words[] = {"件", "个", "条", "篇", "次", "人", "项", "份", "家", "名"};
static const char *const k_prose_words[] = {"年", "月", "日", "期", "%", "％", "余", "多", "天", "批",
                                            "号", "万条", "岁", "届"};

static gboolean starts_with_any(const char *s, const char *const *words, gsize n)
{
    for (gsize i = 0; i < n; i++)
        if (g_str_has_prefix(s, words[i]))
            return TRUE;
    return FALSE;
}

/* The largest item number of the template's row labels ("8.属于行政查询事项")
 * tells how many digits at the end of a run can belong to the next label. */
static int item_number_digits(const nb_schema *s)
{
    int max = 1;
    for (guint ti = 0; ti < s->tables->len; ti++) {
        const nb_schema_table *t = g_ptr_array_index(s->tables, ti);
        for (guint ri = 0; ri < t->rows->len; ri++) {
            const nb_schema_row *r = g_ptr_array_index(t->rows, ri);
            for (guint li = 0; li < r->labels->len; li++) {
                const char *l = g_ptr_array_index(r->labels, li);
                int n = 0;
                while (g_ascii_isdigit(l[n]))
                    n++;
                if (n > max && (l[n] == '.' || g_str_has_prefix(l + n, "、")))
                    max = n;
            }
        }
    }
    return max;
}

/* Whether the text at p starts an item label: ".", "．" or "、" (after
 * stray blanks) and then something that is not a digit. */
static gboolean starts_item_label(const char *p)
{
    while (is_blank(char_at(p)))
        p = g_utf8_next_char(p);
    gunichar c = char_at(p);
    if (c != '.' && c != 0xFF0E && c != 0x3001)
        return FALSE;
    return !is_digit_char(char_at(g_utf8_next_char(p)));
}

/* Digits at the end of a cleaned run that are an item number; 0 when the run
 * ends otherwise. */
static int trailing_item_digits(const GString *run, int max_digits)
{
    int n = 0;
    while (n < (int)run->len && n < max_digits && g_ascii_isdigit(run->str[run->len - 1 - n]))
        n++;
    /* "0." is no item number; keep at most the digits of one number */
    if (n > 0 && run->str[run->len - n] == '0')
        n = 0;
    return n;
}

typedef struct {
    GPtrArray *entries; /* entry* */
    GString *words;
    const flow *f;
} tokenizer;

static void emit(tokenizer *tk, const char *raw_run, gsize run_off, const char *after)
{
    entry *e = g_new0(entry, 1);
    e->words = g_strdup(tk->words->str);
    e->squashed = nb_norm_squash(e->words);
    e->tails = g_ptr_array_new_with_free_func((GDestroyNotify)nb_label_cands_free);
    g_ptr_array_set_size(e->tails, (guint)g_utf8_strlen(e->squashed, -1) + 1);
    e->run = g_strdup(raw_run);
    e->line = flow_line_at(tk->f, run_off);
    e->unit = g_str_has_prefix(after, "万元") ? "万元" : g_str_has_prefix(after, "元") ? "元" : "";
    e->counted = starts_with_any(after, k_counting_words, G_N_ELEMENTS(k_counting_words));
    e->prose = e->counted || starts_with_any(after, k_prose_words, G_N_ELEMENTS(k_prose_words)) ||
               g_str_has_suffix(e->words, "第");
    g_ptr_array_add(tk->entries, e);
    g_string_truncate(tk->words, 0);
}

/* Returns the end of the value run that starts at `start`; `clean`
 * receives its characters without blanks. */
static const char *scan_run(const char *start, GString *clean)
{
    const char *p = start;
    while (*p) {
        gsize w = p != start ? sign_word_len(p) : 0;
        if (w) { /* "2648减少18538": the word is the sign of the next cell */
            g_string_append_c(clean, '-');
            p += w;
            continue;
        }
        if (!run_continues(p, p != start))
            break;
        gunichar c = g_utf8_get_char(p);
        if (!is_blank(c))
            g_string_append_unichar(clean, c);
        p = g_utf8_next_char(p);
    }
    return p;
}

/* Cuts the flow into entries: the words before each value run and the run. */
static GPtrArray *tokenize(const flow *f, int item_digits)
{
    tokenizer tk = {g_ptr_array_new_with_free_func(entry_free), g_string_new(NULL), f};
    const char *text = f->text->str;
    const char *p = text;
    while (*p) {
        if (!run_continues(p, FALSE)) {
            const char *n = g_utf8_next_char(p);
            g_string_append_len(tk.words, p, n - p);
            p = n;
            continue;
        }
        const char *start = p;
        GString *clean = g_string_new(NULL);
        p = scan_run(start, clean);
        GString *raw = g_string_new_len(start, p - start);
        int k = starts_item_label(p) ? trailing_item_digits(clean, item_digits) : 0;
        if (k > 0) {
            /* the run's last digits number the next label: give them back */
            const char *cut = raw->str + raw->len;
            for (int i = 0; i < k; i++)
                cut = g_utf8_prev_char(cut);
            char *item = g_strdup(cut);
            g_string_truncate(raw, (gsize)(cut - raw->str));
            g_strchomp(raw->str);
            if (*raw->str)
                emit(&tk, raw->str, (gsize)(start - text), p);
            g_string_append(tk.words, item);
            g_free(item);
        } else {
            emit(&tk, raw->str, (gsize)(start - text), p);
        }
        g_string_free(raw, TRUE);
        g_string_free(clean, TRUE);
    }
    g_string_free(tk.words, TRUE);
    return tk.entries;
}

/* ---------------------------------------------------------------------
 * Matching word tails to template rows
 * --------------------------------------------------------------------- */

/* Range of label lengths (code points, after nb_norm_label) of a row. */
static void label_lengths(const nb_schema_row *row, long *lo, long *hi)
{
    *lo = G_MAXLONG, *hi = 0;
    for (guint i = 0; i < row->norm->len; i++) {
        long n = g_utf8_strlen(g_ptr_array_index(row->norm, i), -1);
        *lo = MIN(*lo, n);
        *hi = MAX(*hi, n);
    }
}

/* How well the end of the entry's words reads as the row's label: the
 * mapper's tolerant score on tails a few characters shorter or longer than
 * the label (the words before a run also hold headers and group labels).
 * Each tail is normalised once per entry, whatever the number of rows
 * compared with it. */
static double tail_score(const nb_schema_row *row, const entry *e)
{
    long lo, hi, have = (long)e->tails->len - 1;
    label_lengths(row, &lo, &hi);
    if (hi == 0 || have == 0)
        return 0;
    long from = lo <= 3 ? lo : lo - 2, to = MIN(hi + 4, have);
    double best = 0;
    for (long n = MAX(from, 1); n <= to; n++) {
        nb_label_cands *lc = g_ptr_array_index(e->tails, n);
        if (!lc) {
            const char *tail = g_utf8_offset_to_pointer(e->squashed, have - n);
            const char *cells[1] = {tail};
            lc = nb_label_cands_new(cells, 1);
            g_ptr_array_index(e->tails, n) = lc;
        }
        double s = nb_label_cands_score(row, lc);
        if (s > best)
            best = s;
    }
    return best;
}

/* The first entry in [from, to) whose words hold one of the table's
 * headings; numbered headings ("二、主动公开…") are tried before the bare
 * words, which the introduction of a report also lists. */
static int find_heading(const nb_schema_table *t, const GPtrArray *entries, int from)
{
    int found = -1;
    for (int numbered = 1; numbered >= 0 && found < 0; numbered--)
        for (guint h = 0; h < t->headings->len; h++) {
            char *head = nb_norm_squash(g_ptr_array_index(t->headings, h));
            char *bare = nb_norm_label(head);
            gboolean is_numbered = strcmp(head, bare) != 0;
            for (guint i = (guint)from; is_numbered == numbered && i < entries->len; i++) {
                if (found >= 0 && (int)i >= found)
                    break;
                if (strstr(((const entry *)g_ptr_array_index(entries, i))->squashed, head))
                    found = (int)i;
            }
            g_free(head);
            g_free(bare);
        }
    return found;
}

/* ---------------------------------------------------------------------
 * One recovered row
 * --------------------------------------------------------------------- */

typedef struct {
    const nb_schema_row *row;   /* NULL for a wide table's row */
    const entry *src;
    GPtrArray *paths;           /* char* per cell */
    GPtrArray *splits;          /* nb_glued_split*: the row's own valid splits */
    GArray *viable;             /* gboolean per split, after the table solve */
    gboolean fixed;             /* one split only by ignoring the row's rules */
    gboolean interrupted;       /* more digits follow with no label between */
    gboolean limited;
    int unit;                   /* csp unit, or -1 */
    GPtrArray *decided_by;      /* char* per cell: body statement that decided it, or NULL */
} grow;

static void grow_free(gpointer p)
{
    grow *g = p;
    g_ptr_array_free(g->paths, TRUE);
    if (g->splits)
        g_ptr_array_free(g->splits, TRUE);
    g_array_free(g->viable, TRUE);
    g_ptr_array_free(g->decided_by, TRUE);
    g_free(g);
}

static grow *grow_new(const nb_schema_table *t, const nb_schema_row *row, const entry *src)
{
    grow *g = g_new0(grow, 1);
    g->row = row;
    g->src = src;
    g->paths = g_ptr_array_new_with_free_func(g_free);
    if (row) {
        GPtrArray *cols = nb_schema_row_columns(t, row);
        for (guint i = 0; cols && i < cols->len; i++)
            g_ptr_array_add(g->paths, g_strdup_printf("%s.%s.%s", t->key, row->key,
                                                      (const char *)g_ptr_array_index(cols, i)));
    } else {
        for (guint gi = 0; gi < t->groups->len; gi++)
            for (guint ci = 0; ci < t->columns->len; ci++)
                g_ptr_array_add(g->paths, g_strdup_printf(
                    "%s.%s.%s", t->key, ((nb_schema_labels *)g_ptr_array_index(t->groups, gi))->key,
                    ((nb_schema_labels *)g_ptr_array_index(t->columns, ci))->key));
    }
    g->viable = g_array_new(FALSE, TRUE, sizeof(gboolean));
    g->decided_by = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_set_size(g->decided_by, (gint)g->paths->len);
    g->unit = -1;
    return g;
}

static char *row_path(const grow *g)
{
    const char *p = g_ptr_array_index(g->paths, 0);
    const char *dot = strrchr(p, '.');
    return g_strndup(p, (gsize)(dot - p));
}

static char *run_with_unit(const entry *e)
{
    return g_strconcat(e->run, e->unit, NULL);
}

/* The row's own splits; when none satisfies the row's rules, the one split
 * that the digit count alone allows (the document breaks a rule there; the
 * normal checks report it). */
static void split_row(const nb_schema *s, const GPtrArray *eqs, const nb_schema_table *t, grow *g,
                      const nb_glued_limits *lim)
{
    if (g->interrupted)
        return; /* where the row's digits end is unknown: no split is trusted */
    char *run = run_with_unit(g->src);
    const char *key = g->row ? g->row->key : NULL;
    g->splits = nb_glued_split_run(s, eqs, t->key, key, run, lim, &g->limited);
    if (g->splits && g->splits->len == 0 && !g->limited) {
        gboolean limited = FALSE;
        GPtrArray *free_splits = nb_glued_split_run(s, NULL, t->key, key, run, lim, &limited);
        if (free_splits && free_splits->len == 1 && !limited) {
            g_ptr_array_free(g->splits, TRUE);
            g->splits = free_splits;
            g->fixed = TRUE;
        } else if (free_splits) {
            g_ptr_array_free(free_splits, TRUE);
        }
    }
    g_free(run);
    g_array_set_size(g->viable, g->splits ? g->splits->len : 0);
    for (guint i = 0; i < g->viable->len; i++)
        g_array_index(g->viable, gboolean, i) = !g->limited;
}

static int viable_count(const grow *g)
{
    int n = 0;
    for (guint i = 0; i < g->viable->len; i++)
        n += g_array_index(g->viable, gboolean, i);
    return n;
}

/* ---------------------------------------------------------------------
 * Solving a table's rows together
 * --------------------------------------------------------------------- */

static void solve_table(nb_doc *doc, const GPtrArray *eqs, const nb_schema_table *t, GPtrArray *rows,
                        const nb_glued_limits *lim)
{
    nb_csp *csp = nb_csp_new(eqs);
    for (guint i = 0; i < rows->len; i++) {
        grow *g = g_ptr_array_index(rows, i);
        if (!g->splits || g->limited || g->splits->len == 0)
            continue;
        if (g->fixed) {
            const nb_glued_split *sp = g_ptr_array_index(g->splits, 0);
            for (guint k = 0; k < g->paths->len; k++)
                nb_csp_fix(csp, g_ptr_array_index(g->paths, k), sp->values[k]);
            continue;
        }
        g->unit = nb_csp_add_unit(csp, (const char *const *)g->paths->pdata, (int)g->paths->len);
        for (guint k = 0; k < g->splits->len; k++)
            nb_csp_add_choice(csp, g->unit, ((nb_glued_split *)g_ptr_array_index(g->splits, k))->values);
    }
    nb_csp_status st = nb_csp_solve(csp, lim);
    if (st == NB_CSP_SOLVED) {
        for (guint i = 0; i < rows->len; i++) {
            grow *g = g_ptr_array_index(rows, i);
            for (guint k = 0; g->unit >= 0 && k < g->viable->len; k++)
                g_array_index(g->viable, gboolean, k) = nb_csp_viable(csp, g->unit, (int)k);
        }
    } else {
        /* keep each row's own splits: rows that their own totals pin stay
         * determined, the others are left open */
        nb_doc_warn(doc, t->key,
                    st == NB_CSP_LIMIT
                        ? "glued table: the search over the column rules hit its limit; "
                          "only rows determined by their own totals are kept"
                        : "glued table: no split of the rows satisfies every column rule (the "
                          "document breaks one, see checks); only rows determined by their own "
                          "totals are kept");
    }
    nb_csp_free(csp);
}

/* ---------------------------------------------------------------------
 * Statements of the body text
 * --------------------------------------------------------------------- */

typedef struct {
    const entry *e;
    double value;
    int column; /* the column the statement names, or -1 for any */
} statement;

static gboolean split_states(const nb_glued_split *sp, const statement *st)
{
    for (int k = 0; k < sp->ncells; k++)
        if ((st->column < 0 || st->column == k) && fabs(sp->values[k] - st->value) < 1e-9)
            return TRUE;
    return FALSE;
}

static char *statement_snippet(const entry *e)
{
    long n = g_utf8_strlen(e->words, -1);
    const char *from = g_utf8_offset_to_pointer(e->words, MAX(0, n - 14));
    return g_strdup_printf("%s%s", from, e->run);
}

/* Whether the viable splits disagree on cell c. */
static gboolean cell_open(const grow *g, guint c)
{
    double v0 = 0;
    gboolean seen = FALSE;
    for (guint k = 0; k < g->splits->len; k++) {
        if (!g_array_index(g->viable, gboolean, k))
            continue;
        double v = ((nb_glued_split *)g_ptr_array_index(g->splits, k))->values[c];
        if (seen && fabs(v - v0) > 1e-9)
            return TRUE;
        seen = TRUE, v0 = v;
    }
    return FALSE;
}

/* Keeps the viable splits that hold the stated number (in the stated
 * column when the statement names one); a cell that the filter pins
 * remembers the statement. */
static void apply_statement(grow *g, const statement *st)
{
    int kept = 0, before = viable_count(g);
    for (guint k = 0; k < g->splits->len; k++)
        kept += g_array_index(g->viable, gboolean, k) &&
                split_states(g_ptr_array_index(g->splits, k), st);
    if (kept == 0 || kept == before)
        return; /* contradicts every split, or decides nothing */
    gboolean *was_open = g_new0(gboolean, g->paths->len + 1);
    for (guint c = 0; c < g->paths->len; c++)
        was_open[c] = cell_open(g, c);
    for (guint k = 0; k < g->splits->len; k++)
        if (!split_states(g_ptr_array_index(g->splits, k), st))
            g_array_index(g->viable, gboolean, k) = FALSE;
    char *snippet = statement_snippet(st->e);
    for (guint c = 0; c < g->paths->len; c++)
        if (was_open[c] && !cell_open(g, c))
            g_ptr_array_index(g->decided_by, c) =
                g_strdup_printf("'%s' (line %d)", snippet, st->e->line);
    g_free(snippet);
    g_free(was_open);
}

static const char *column_caption(const nb_schema_table *t, const char *key)
{
    for (guint i = 0; t->columns && i < t->columns->len; i++) {
        const nb_schema_labels *l = g_ptr_array_index(t->columns, i);
        if (!g_strcmp0(l->key, key) && l->labels->len)
            return g_ptr_array_index(l->labels, 0);
    }
    return NULL;
}

/* Whether the two characters at `pair` occur in `text`. */
static gboolean has_pair(const char *text, const char *pair)
{
    gsize n = (gsize)(g_utf8_next_char(g_utf8_next_char(pair)) - pair);
    char *p = g_strndup(pair, n);
    gboolean hit = strstr(text, p) != NULL;
    g_free(p);
    return hit;
}

/* The `n` characters right before the last printed variant of the row's
 * label in `squashed` ("制发" in …制发行政规范性文件), or "" when no variant is
 * printed as such. */
static char *words_before_label(const nb_schema_row *row, const char *squashed, long n)
{
    const char *best = NULL;
    for (guint i = 0; i < row->labels->len; i++) {
        char *lab = nb_norm_squash(g_ptr_array_index(row->labels, i));
        const char *at = g_strrstr(squashed, lab);
        if (at && (!best || at < best)) /* the longest variant starts first */
            best = at;
        g_free(lab);
    }
    if (!best)
        return g_strdup("");
    const char *from = best;
    for (long k = 0; k < n && from > squashed; k++)
        from = g_utf8_prev_char(from);
    return g_strndup(from, (gsize)(best - from));
}

/* The column a statement names through a pair of characters, right before
 * the row label, of one column's caption that no other caption of the row
 * has ("制发" of 本年制发件数, "有效" of 现行有效件数; 本年 and 件数 say
 * nothing), or -1. */
static int statement_column(const nb_schema_table *t, const nb_schema_row *row, const entry *e)
{
    GPtrArray *cols = nb_schema_row_columns(t, row);
    char *window = words_before_label(row, e->squashed, 4);
    int found = -1;
    for (guint c = 0; cols && c < cols->len; c++) {
        const char *cap = column_caption(t, g_ptr_array_index(cols, c));
        for (const char *p = cap; p && *p && *g_utf8_next_char(p); p = g_utf8_next_char(p)) {
            gboolean shared = FALSE;
            for (guint o = 0; o < cols->len && !shared; o++) {
                const char *other = column_caption(t, g_ptr_array_index(cols, o));
                shared = o != c && other && has_pair(other, p);
            }
            if (shared || !has_pair(window, p))
                continue;
            if (found >= 0 && found != (int)c)
                found = -2; /* names two columns: no column */
            else if (found != -2)
                found = (int)c;
        }
    }
    g_free(window);
    return found < 0 ? -1 : found;
}

static const nb_schema_table *table_of_row(const nb_schema *s, const nb_schema_row *row)
{
    for (guint ti = 0; ti < s->tables->len; ti++) {
        const nb_schema_table *t = g_ptr_array_index(s->tables, ti);
        for (guint ri = 0; ri < t->rows->len; ri++)
            if (g_ptr_array_index(t->rows, ri) == row)
                return t;
    }
    return NULL;
}

/* Uses statements "<row label><number>件" outside the tables to narrow rows
 * that the equations leave open. */
static void apply_body_statements(const nb_schema *s, GPtrArray *rows, const GPtrArray *entries,
                                  const GArray *in_table)
{
    for (guint i = 0; i < rows->len; i++) {
        grow *g = g_ptr_array_index(rows, i);
        if (!g->row || viable_count(g) < 2)
            continue;
        const nb_schema_table *t = table_of_row(s, g->row);
        for (guint j = 0; j < entries->len; j++) {
            const entry *e = g_ptr_array_index(entries, j);
            if (g_array_index(in_table, gboolean, j) || !e->counted ||
                tail_score(g->row, e) < STATEMENT_MATCH_MIN)
                continue;
            nb_number n;
            if (nb_parse_number(e->run, &n) != NB_NUM_OK || !n.integer)
                continue;
            statement st = {e, n.value, t ? statement_column(t, g->row, e) : -1};
            apply_statement(g, &st);
        }
    }
}


/* ---------------------------------------------------------------------
 * Grids and warnings
 * --------------------------------------------------------------------- */

/* "62|33|440; 62|3|3440; …" for at most LIST_MAX viable splits. */
static char *list_splits(const grow *g)
{
    GString *s = g_string_new(NULL);
    int shown = 0, total = viable_count(g);
    for (guint k = 0; k < g->splits->len && shown < LIST_MAX; k++) {
        if (!g_array_index(g->viable, gboolean, k))
            continue;
        char *joined = g_strjoinv("|", ((nb_glued_split *)g_ptr_array_index(g->splits, k))->cells);
        g_string_append_printf(s, "%s%s", shown ? "; " : "", joined);
        g_free(joined);
        shown++;
    }
    if (total > shown)
        g_string_append_printf(s, "; … %d more", total - shown);
    return g_string_free(s, FALSE);
}

/* The cell's text if every viable split agrees on its value, else NULL. */
static const char *agreed_cell(const grow *g, guint c)
{
    const char *text = NULL;
    double v0 = 0;
    for (guint k = 0; k < g->splits->len; k++) {
        if (!g_array_index(g->viable, gboolean, k))
            continue;
        const nb_glued_split *sp = g_ptr_array_index(g->splits, k);
        if (text && fabs(sp->values[c] - v0) > 1e-9)
            return NULL;
        if (!text)
            text = sp->cells[c], v0 = sp->values[c];
    }
    return text;
}

static void warn_row(nb_doc *doc, const grow *g)
{
    char *rp = row_path(g);
    char *run = run_with_unit(g->src);
    if (g->interrupted) {
        nb_doc_warn(doc, rp, "glued digits '%s' (line %d) are followed by more digits with no "
                    "label between; where the row ends is unknown, its values are left out", run,
                    g->src->line);
    } else if (!g->splits || g->limited) {
        nb_doc_warn(doc, rp, "glued digits '%s' (line %d): the search for splits hit its limit; "
                    "the row's values are left out", run, g->src->line);
    } else if (g->splits->len == 0) {
        nb_doc_warn(doc, rp, "glued digits '%s' (line %d): no split into %u cells is possible; "
                    "the row's values are left out", run, g->src->line, g->paths->len);
    } else if (viable_count(g) == 0) {
        nb_doc_warn(doc, rp, "glued digits '%s' (line %d): no split fits the table's rules; "
                    "the row's values are left out", run, g->src->line);
    }
    g_free(run);
    g_free(rp);
}

static void warn_cell(nb_doc *doc, const grow *g, guint c)
{
    const char *path = g_ptr_array_index(g->paths, c);
    char *run = run_with_unit(g->src);
    if (!agreed_cell(g, c)) {
        char *list = list_splits(g);
        nb_doc_warn(doc, path, "glued digits '%s' (line %d) have %d valid splits (%s); this "
                    "cell differs between them and is left out", run, g->src->line,
                    viable_count(g), list);
        g_free(list);
    } else if (g_ptr_array_index(g->decided_by, c)) {
        nb_doc_warn(doc, path, "glued digits '%s' (line %d): the value was decided among several "
                    "valid splits by the body text %s", run, g->src->line,
                    (const char *)g_ptr_array_index(g->decided_by, c));
    } else if (g->fixed) {
        nb_doc_warn(doc, path, "glued digits '%s' (line %d): no split satisfies the row's own "
                    "rule; the only split by digit count was kept", run, g->src->line);
    }
    g_free(run);
}

static nb_grid *build_grid(nb_doc *doc, const nb_schema_table *t, const GPtrArray *rows)
{
    nb_grid *grid = nb_grid_new();
    char *name = g_strdup_printf("glued %s", t->key);
    nb_grid_set_name(grid, name);
    g_free(name);
    for (guint i = 0; i < rows->len; i++) {
        const grow *g = g_ptr_array_index(rows, i);
        nb_prov prov = nb_prov_none(NB_ORIGIN_TEXT);
        prov.line = g->src->line;
        int r = nb_grid_rows(grid);
        int col = 0;
        if (g->row)
            nb_grid_put(grid, r, col++, g_ptr_array_index(g->row->labels, 0), 1, 1, &prov);
        gboolean usable = g->splits && !g->limited && viable_count(g) > 0;
        if (!usable)
            warn_row(doc, g);
        for (guint c = 0; c < g->paths->len; c++) {
            const char *text = usable ? agreed_cell(g, c) : NULL;
            nb_grid_put(grid, r, col++, text ? text : NB_CELL_UNDETERMINED, 1, 1, &prov);
            if (usable)
                warn_cell(doc, g, c);
        }
    }
    return grid;
}

/* ---------------------------------------------------------------------
 * The driver
 * --------------------------------------------------------------------- */

/* Whether the mapper already finds a table of `s` in the document's grids. */
static gboolean grids_hold_template_table(const nb_doc *doc, const nb_schema *s)
{
    if (doc->grids->len == 0)
        return FALSE;
    nb_record *scratch = nb_record_new();
    nb_mapper_map(doc, s, scratch);
    gboolean found = scratch->values->len > 0;
    nb_record_free(scratch);
    return found;
}

/* Whether words hold any letter (a label), not just punctuation: digits
 * separated by a bare "-" or "," belong to a run the tokenizer cut. */
static gboolean has_label_text(const char *squashed)
{
    for (const char *p = squashed; *p; p = g_utf8_next_char(p))
        if (g_unichar_isalpha(g_utf8_get_char(p)))
            return TRUE;
    return FALSE;
}

/* Pairs the entries of [from, to) with the table's rows in template order. */
static GPtrArray *match_rows(const nb_schema_table *t, const GPtrArray *entries, int from, int to,
                             GArray *in_table)
{
    GPtrArray *rows = g_ptr_array_new_with_free_func(grow_free);
    guint cursor = 0;
    gboolean *taken = g_new0(gboolean, t->rows->len + 1);
    for (int i = from; i < to; i++) {
        const entry *e = g_ptr_array_index(entries, i);
        if (e->prose)
            continue;
        if (t->wide) {
            g_ptr_array_add(rows, grow_new(t, NULL, e));
            g_array_index(in_table, gboolean, i) = TRUE;
            break;
        }
        double best = 0;
        int best_i = -1;
        for (guint ri = 0; ri < t->rows->len; ri++) {
            if (taken[ri])
                continue;
            double sc = tail_score(g_ptr_array_index(t->rows, ri), e);
            /* the expected next rows win close calls, rows behind lose */
            if (ri >= cursor && ri < cursor + 3)
                sc += 0.04;
            else if (ri < cursor)
                sc -= 0.08;
            if (sc > best)
                best = sc, best_i = (int)ri;
        }
        if (best_i < 0 || best < ROW_MATCH_MIN)
            continue;
        taken[best_i] = TRUE;
        cursor = (guint)best_i + 1;
        grow *g = grow_new(t, g_ptr_array_index(t->rows, best_i), e);
        g->interrupted = i + 1 < (int)entries->len &&
                         !has_label_text(((const entry *)g_ptr_array_index(entries, i + 1))->squashed);
        g_ptr_array_add(rows, g);
        g_array_index(in_table, gboolean, i) = TRUE;
    }
    g_free(taken);
    return rows;
}

/* Heading entry of every table, in order; -1 when not found. */
static int *find_regions(const nb_schema *s, const GPtrArray *entries)
{
    int *start = g_new(int, s->tables->len + 1);
    int from = 0;
    for (guint ti = 0; ti < s->tables->len; ti++) {
        start[ti] = find_heading(g_ptr_array_index(s->tables, ti), entries, from);
        if (start[ti] >= 0)
            from = start[ti];
    }
    start[s->tables->len] = (int)entries->len;
    return start;
}

/* Start of table ti's region: its heading, or when the heading is missing
 * (a variant wording) the previous table's heading — rows are then told
 * apart by their labels alone.  A wide table, whose single run has no
 * label, needs its heading: -1 without it. */
static int region_begin(const int *start, guint ti, gboolean wide)
{
    if (start[ti] >= 0 || wide)
        return start[ti];
    for (guint j = ti; j-- > 0;)
        if (start[j] >= 0)
            return start[j];
    return 0;
}

/* End of the region that begins at `from` for table ti: the next heading
 * found after it. */
static int region_end(const int *start, int from, guint ti, guint ntables, int nentries)
{
    for (guint j = ti + 1; j < ntables; j++)
        if (start[j] > from)
            return start[j];
    return nentries;
}

/* Whether a table's rows look like a glued table at all: at least two rows
 * (or the wide row) matched. */
static gboolean worth_a_grid(const nb_schema_table *t, const GPtrArray *rows)
{
    return t->wide ? rows->len == 1 : rows->len >= 2;
}

/* What one recovery works on. */
typedef struct {
    nb_doc *doc;
    const nb_schema *s;
    GPtrArray *entries;  /* entry* */
    GPtrArray *eqs;      /* nb_equation* of the template */
    GArray *in_table;    /* gboolean per entry: a table row's run */
    int *start;          /* heading entry of each table, or -1 */
    const nb_glued_limits *lim;
} recovery;

/* The rows of table ti found in the text, split and solved together; an
 * empty array when the text holds no such table. */
static GPtrArray *recover_table(recovery *rc, guint ti)
{
    const nb_schema_table *t = g_ptr_array_index(rc->s->tables, ti);
    int from = region_begin(rc->start, ti, t->wide);
    if (from < 0)
        return g_ptr_array_new_with_free_func(grow_free);
    int to = region_end(rc->start, from, ti, rc->s->tables->len, (int)rc->entries->len);
    GPtrArray *rows = match_rows(t, rc->entries, from, to, rc->in_table);
    if (!worth_a_grid(t, rows)) {
        g_ptr_array_set_size(rows, 0);
        return rows;
    }
    for (guint i = 0; i < rows->len; i++)
        split_row(rc->s, rc->eqs, t, g_ptr_array_index(rows, i), rc->lim);
    solve_table(rc->doc, rc->eqs, t, rows, rc->lim);
    return rows;
}

int nb_glued_recover(nb_doc *doc, const nb_schema_set *set, const nb_glued_limits *lim)
{
    if (!doc || !set || doc->lines->len == 0)
        return 0;
    const nb_schema *s = nb_mapper_detect(doc, set, NULL);
    if (!s) /* a page of tables both templates print (the end of a report) */
        s = nb_mapper_detect_by_tables(doc, set, NULL);
    if (!s || grids_hold_template_table(doc, s))
        return 0; /* no template, or the reader rebuilt its tables: the text flow is prose */
    flow f = flow_build(doc);
    recovery rc = {doc, s, tokenize(&f, item_number_digits(s)), nb_rules_expand(s),
                   g_array_new(FALSE, TRUE, sizeof(gboolean)), NULL, lim};
    g_array_set_size(rc.in_table, rc.entries->len);
    rc.start = find_regions(s, rc.entries);
    GPtrArray *tables = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
    GPtrArray *all_rows = g_ptr_array_new();
    for (guint ti = 0; ti < s->tables->len; ti++) {
        GPtrArray *rows = recover_table(&rc, ti);
        g_ptr_array_add(tables, rows);
        g_ptr_array_extend(all_rows, rows, NULL, NULL);
    }
    /* statements decide between splits only once the equations have spoken */
    apply_body_statements(s, all_rows, rc.entries, rc.in_table);
    int added = 0;
    for (guint ti = 0; ti < s->tables->len; ti++) {
        GPtrArray *rows = g_ptr_array_index(tables, ti);
        if (rows->len == 0)
            continue;
        nb_doc_add_grid(doc, build_grid(doc, g_ptr_array_index(s->tables, ti), rows));
        added++;
    }
    g_ptr_array_free(all_rows, TRUE);
    g_ptr_array_free(tables, TRUE);
    g_free(rc.start);
    g_array_free(rc.in_table, TRUE);
    g_ptr_array_free(rc.eqs, TRUE);
    g_ptr_array_free(rc.entries, TRUE);
    flow_free(&f);
    return added;
}
