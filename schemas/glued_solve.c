/*
 * glued_solve.c — the search half of glued.h: splitting one digit run into a
 * row's cells, and the constraint problem (nb_csp) that decides which
 * alternatives can satisfy the schema's equations together.
 *
 * Equations are always judged by nb_equation_eval (schemas/rules.h) through a
 * lookup callback on the partial assignment; the interval bounds used here
 * only prune branches that cannot reach a satisfying assignment.
 */
#include "schemas/glued.h"
#include "schemas/mapper.h"
#include "schemas/rules.h"

#include <math.h>
#include <string.h>

enum {
    DEFAULT_MAX_NODES = 500000, /* about a second of search at worst */
    DEFAULT_MAX_CANDIDATES = 4096,
    DEFAULT_MAX_CELL_DIGITS = 15 /* a double holds 15 significant digits exactly */
};

static nb_glued_limits limits_or_default(const nb_glued_limits *lim)
{
    nb_glued_limits l = {0};
    if (lim)
        l = *lim;
    if (l.max_nodes <= 0)
        l.max_nodes = DEFAULT_MAX_NODES;
    if (l.max_candidates <= 0)
        l.max_candidates = DEFAULT_MAX_CANDIDATES;
    if (l.max_cell_digits <= 0 || l.max_cell_digits > DEFAULT_MAX_CELL_DIGITS + 2)
        l.max_cell_digits = DEFAULT_MAX_CELL_DIGITS;
    return l;
}

void nb_glued_split_free(gpointer p)
{
    nb_glued_split *s = p;
    if (!s)
        return;
    g_strfreev(s->cells);
    g_free(s->values);
    g_free(s);
}

/* ======================================================================
 * Splitting one run
 * ====================================================================== */

typedef struct {
    char *run;              /* the run's characters: digits, '-', '.' */
    int len;
    const char *suffix;     /* unit text kept on the last cell ("元"), or "" */
    int ncells;
    GPtrArray *paths;       /* char*: the path of each cell */
    GHashTable *index;      /* path -> cell index + 1 */
    const nb_schema_row *row; /* NULL for the single row of a wide table */
    gboolean *signed_ok;    /* per cell: may carry a sign */
    gboolean *decimal_ok;   /* per cell: may carry a decimal point */
    GPtrArray *local;       /* const nb_equation*: equations inside the row */
    GArray *local_last;     /* int per local equation: last cell it needs */
    int *cuts;              /* cuts[k] = start of cell k; cuts[ncells] = len */
    double *vals;
    int assigned;           /* cells 0..assigned-1 hold values */
    long nodes;
    nb_glued_limits lim;
    gboolean limited;
    GPtrArray *out;
} splitter;

static bool splitter_lookup(void *ctx, const char *path, double *value)
{
    splitter *sp = ctx;
    int k = GPOINTER_TO_INT(g_hash_table_lookup(sp->index, path)) - 1;
    if (k < 0 || k >= sp->assigned)
        return false;
    *value = sp->vals[k];
    return true;
}

/* Whether run[from, from+n) is a well-formed cell k: an optional sign where
 * the cell may be signed, digits without a leading zero (a lone 0 is fine), and one
 * decimal point inside the digits where the row allows decimals. */
static gboolean cell_well_formed(const splitter *sp, int k, int from, int n)
{
    const char *c = sp->run + from;
    int i = 0;
    if (c[0] == '-' || c[0] == '+') {
        if (!sp->signed_ok[k] || n < 2)
            return FALSE;
        i = 1;
    }
    int int_digits = 0, dots = 0;
    for (int j = i; j < n; j++) {
        if (c[j] == '.') {
            if (dots++ || !sp->decimal_ok[k] || j == i || j == n - 1)
                return FALSE;
        } else if (c[j] == '-' || c[j] == '+') {
            return FALSE;
        } else if (!dots) {
            int_digits++;
        }
    }
    if (int_digits > 1 && c[i] == '0')
        return FALSE;
    if ((c[0] == '-' || c[0] == '+') && int_digits == 1 && c[1] == '0' && !dots)
        return FALSE; /* "-0" is no printed change */
    return TRUE;
}

/* Checks the local equations that become complete with cell k. */
static gboolean local_equations_hold(splitter *sp, int k)
{
    for (guint i = 0; i < sp->local->len; i++) {
        if (g_array_index(sp->local_last, int, i) != k)
            continue;
        if (nb_equation_eval(g_ptr_array_index(sp->local, i), splitter_lookup, sp, NULL, NULL) ==
            NB_EQ_FAILS)
            return FALSE;
    }
    return TRUE;
}

static char *cell_text(const splitter *sp, int k)
{
    char *digits = g_strndup(sp->run + sp->cuts[k], (gsize)(sp->cuts[k + 1] - sp->cuts[k]));
    if (k == sp->ncells - 1 && *sp->suffix) {
        char *t = g_strconcat(digits, sp->suffix, NULL);
        g_free(digits);
        return t;
    }
    return digits;
}

/* Reads a finished split the way the mapper will, so that the values the
 * equations were judged on are the values the record gets. */
static void record_split(splitter *sp)
{
    nb_glued_split *s = g_new0(nb_glued_split, 1);
    s->ncells = sp->ncells;
    s->cells = g_new0(char *, sp->ncells + 1);
    s->values = g_new0(double, sp->ncells);
    for (int k = 0; k < sp->ncells; k++) {
        s->cells[k] = cell_text(sp, k);
        double v = sp->vals[k];
        if (sp->row && !nb_mapper_read_value(sp->row, s->cells[k], &v, NULL)) {
            nb_glued_split_free(s);
            return;
        }
        s->values[k] = v;
    }
    /* the unit may have changed the last value: judge the row again */
    double saved = sp->vals[sp->ncells - 1];
    sp->vals[sp->ncells - 1] = s->values[sp->ncells - 1];
    gboolean ok = local_equations_hold(sp, sp->ncells - 1);
    sp->vals[sp->ncells - 1] = saved;
    if (!ok) {
        nb_glued_split_free(s);
        return;
    }
    g_ptr_array_add(sp->out, s);
}

static void split_from(splitter *sp, int k, int pos)
{
    if (sp->limited)
        return;
    if (++sp->nodes > sp->lim.max_nodes || (int)sp->out->len >= sp->lim.max_candidates) {
        sp->limited = TRUE;
        return;
    }
    int cells_left = sp->ncells - k, chars_left = sp->len - pos;
    if (chars_left < cells_left || chars_left > cells_left * sp->lim.max_cell_digits)
        return;
    int max_n = chars_left - (cells_left - 1);
    if (max_n > sp->lim.max_cell_digits)
        max_n = sp->lim.max_cell_digits;
    int min_n = cells_left == 1 ? chars_left : 1;
    for (int n = min_n; n <= max_n; n++) {
        if (!cell_well_formed(sp, k, pos, n))
            continue;
        char *t = g_strndup(sp->run + pos, (gsize)n);
        sp->vals[k] = g_ascii_strtod(t, NULL);
        g_free(t);
        sp->cuts[k] = pos;
        sp->cuts[k + 1] = pos + n;
        sp->assigned = k + 1;
        if (local_equations_hold(sp, k)) {
            if (k + 1 == sp->ncells)
                record_split(sp);
            else
                split_from(sp, k + 1, pos + n);
        }
        sp->assigned = k;
    }
}

/* The cell paths of a row (or of a wide table's groups x columns). */
static GPtrArray *row_paths(const nb_schema_table *t, const nb_schema_row *row)
{
    GPtrArray *paths = g_ptr_array_new_with_free_func(g_free);
    if (row) {
        GPtrArray *cols = nb_schema_row_columns(t, row);
        for (guint i = 0; cols && i < cols->len; i++)
            g_ptr_array_add(paths, g_strdup_printf("%s.%s.%s", t->key, row->key,
                                                   (const char *)g_ptr_array_index(cols, i)));
        return paths;
    }
    for (guint gi = 0; gi < t->groups->len; gi++)
        for (guint ci = 0; ci < t->columns->len; ci++)
            g_ptr_array_add(paths, g_strdup_printf(
                "%s.%s.%s", t->key, ((nb_schema_labels *)g_ptr_array_index(t->groups, gi))->key,
                ((nb_schema_labels *)g_ptr_array_index(t->columns, ci))->key));
    return paths;
}

/* The last cell an equation needs, or -1 when a term lies outside the row. */
static int equation_last_cell(const nb_equation *eq, GHashTable *index)
{
    int last = -1;
    const GPtrArray *sides[2] = {eq->lhs, eq->rhs};
    for (int s = 0; s < 2; s++)
        for (guint i = 0; i < sides[s]->len; i++) {
            int k = GPOINTER_TO_INT(g_hash_table_lookup(index, g_ptr_array_index(sides[s], i))) - 1;
            if (k < 0)
                return -1;
            if (k > last)
                last = k;
        }
    return last;
}


/* Keeps digits, signs and points; drops spaces; moves a trailing unit. */
static char *clean_run(const char *run, const char **suffix)
{
    GString *s = g_string_new(NULL);
    *suffix = "";
    for (const char *p = run; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        /* the sign words of the number grammar start a signed cell */
        if (g_str_has_prefix(p, "减少") || g_str_has_prefix(p, "增加"))
            p = g_utf8_next_char(p), c = c == 0x51CF ? '-' : '+';
        else if (c == 0x51CF) /* 减 */
            c = '-';
        else if (c == 0x589E) /* 增 */
            c = '+';
        if (c >= 0xFF10 && c <= 0xFF19)
            c = '0' + (c - 0xFF10);
        else if (c == 0xFF0E)
            c = '.';
        else if (c == 0xFF0D || c == 0x2212)
            c = '-';
        if (g_ascii_isdigit(c) || c == '-' || c == '+' || c == '.')
            g_string_append_c(s, (char)c);
        else if (g_str_has_prefix(p, "万元")) {
            *suffix = "万元";
            break;
        } else if (g_str_has_prefix(p, "元")) {
            *suffix = "元";
            break;
        }
    }
    return g_string_free(s, FALSE);
}

GPtrArray *nb_glued_split_run(const nb_schema *s, const GPtrArray *eqs, const char *table_key,
                              const char *row_key, const char *run, const nb_glued_limits *lim,
                              gboolean *limited)
{
    gboolean dummy;
    if (!limited)
        limited = &dummy;
    *limited = FALSE;
    const nb_schema_table *t = s ? nb_schema_table_find(s, table_key) : NULL;
    if (!t || !run)
        return NULL;
    const nb_schema_row *row = row_key ? nb_schema_row_find(t, row_key) : NULL;
    if ((row_key && !row) || (!row_key && !t->wide))
        return NULL;
    splitter sp = {0};
    sp.lim = limits_or_default(lim);
    sp.row = row;
    sp.run = clean_run(run, &sp.suffix);
    sp.len = (int)strlen(sp.run);
    sp.paths = row_paths(t, row);
    sp.ncells = (int)sp.paths->len;
    sp.index = g_hash_table_new(g_str_hash, g_str_equal);
    for (int k = 0; k < sp.ncells; k++)
        g_hash_table_insert(sp.index, g_ptr_array_index(sp.paths, k), GINT_TO_POINTER(k + 1));
    sp.local = g_ptr_array_new();
    sp.local_last = g_array_new(FALSE, FALSE, sizeof(int));
    for (guint i = 0; eqs && i < eqs->len; i++) {
        const nb_equation *eq = g_ptr_array_index(eqs, i);
        int last = equation_last_cell(eq, sp.index);
        if (last >= 0) {
            g_ptr_array_add(sp.local, (gpointer)eq);
            g_array_append_val(sp.local_last, last);
        }
    }
    sp.signed_ok = g_new0(gboolean, sp.ncells + 1);
    sp.decimal_ok = g_new0(gboolean, sp.ncells + 1);
    if (row)
        nb_schema_cell_permissions(t, row, sp.signed_ok, sp.decimal_ok);
    sp.cuts = g_new0(int, sp.ncells + 1);
    sp.vals = g_new0(double, sp.ncells + 1);
    sp.out = g_ptr_array_new_with_free_func(nb_glued_split_free);
    if (sp.ncells > 0 && sp.len > 0)
        split_from(&sp, 0, 0);
    *limited = sp.limited;
    g_free(sp.run);
    g_ptr_array_free(sp.paths, TRUE);
    g_hash_table_destroy(sp.index);
    g_ptr_array_free(sp.local, TRUE);
    g_array_free(sp.local_last, TRUE);
    g_free(sp.cuts);
    g_free(sp.vals);
    g_free(sp.signed_ok);
    g_free(sp.decimal_ok);
    return sp.out;
}

/* ======================================================================
 * The constraint problem
 * ====================================================================== */

typedef struct {
    char **paths;
    int npaths;
    GArray *vals;     /* double: npaths per choice */
    GArray *ok;       /* gboolean per choice: holds the equations of this unit alone */
    GArray *viable;   /* gboolean per choice */
    double *lo, *hi;  /* per path, over the ok choices */
    int cur;          /* choice assigned during the search, or -1 */
    int comp;         /* component (union-find root) */
    GPtrArray *eqs;   /* csp_eq* touching this unit */
} csp_unit;

typedef enum { TERM_FIXED, TERM_UNIT, TERM_ABSENT } term_kind;

typedef struct {
    term_kind kind;
    double value; /* TERM_FIXED */
    int unit, idx;/* TERM_UNIT */
} csp_term;

typedef struct {
    const nb_equation *eq;
    GArray *lhs, *rhs; /* csp_term */
    GArray *units;     /* int: distinct units involved */
} csp_eq;

struct nb_csp {
    const GPtrArray *eqs;
    GHashTable *fixed;  /* path -> double* */
    GHashTable *where;  /* path -> (unit << 12 | idx) + 1 */
    GPtrArray *units;   /* csp_unit* */
    GPtrArray *ceqs;    /* csp_eq*, rebuilt by each solve */
    nb_csp_status status;
    gboolean solved;
    long nodes, max_nodes;
};

enum { MAX_UNIT_PATHS = 4096 };

static void csp_unit_free(gpointer p)
{
    csp_unit *u = p;
    g_strfreev(u->paths);
    g_array_free(u->vals, TRUE);
    g_array_free(u->ok, TRUE);
    g_array_free(u->viable, TRUE);
    g_free(u->lo);
    g_free(u->hi);
    g_ptr_array_free(u->eqs, TRUE);
    g_free(u);
}

static void csp_eq_free(gpointer p)
{
    csp_eq *e = p;
    g_array_free(e->lhs, TRUE);
    g_array_free(e->rhs, TRUE);
    g_array_free(e->units, TRUE);
    g_free(e);
}

nb_csp *nb_csp_new(const GPtrArray *eqs)
{
    nb_csp *c = g_new0(nb_csp, 1);
    c->eqs = eqs;
    c->fixed = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    c->where = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    c->units = g_ptr_array_new_with_free_func(csp_unit_free);
    c->ceqs = g_ptr_array_new_with_free_func(csp_eq_free);
    return c;
}

void nb_csp_free(nb_csp *c)
{
    if (!c)
        return;
    g_hash_table_destroy(c->fixed);
    g_hash_table_destroy(c->where);
    g_ptr_array_free(c->units, TRUE);
    g_ptr_array_free(c->ceqs, TRUE);
    g_free(c);
}

void nb_csp_fix(nb_csp *c, const char *path, double value)
{
    double *v = g_new(double, 1);
    *v = value;
    g_hash_table_replace(c->fixed, g_strdup(path), v);
    c->solved = FALSE;
}

int nb_csp_add_unit(nb_csp *c, const char *const *paths, int npaths)
{
    csp_unit *u = g_new0(csp_unit, 1);
    if (npaths > MAX_UNIT_PATHS)
        npaths = MAX_UNIT_PATHS;
    u->npaths = npaths < 0 ? 0 : npaths;
    u->paths = g_new0(char *, u->npaths + 1);
    int id = (int)c->units->len;
    for (int i = 0; i < u->npaths; i++) {
        u->paths[i] = g_strdup(paths[i]);
        g_hash_table_replace(c->where, g_strdup(paths[i]), GINT_TO_POINTER((id << 12 | i) + 1));
    }
    u->vals = g_array_new(FALSE, FALSE, sizeof(double));
    u->ok = g_array_new(FALSE, TRUE, sizeof(gboolean));
    u->viable = g_array_new(FALSE, TRUE, sizeof(gboolean));
    u->lo = g_new0(double, u->npaths + 1);
    u->hi = g_new0(double, u->npaths + 1);
    u->cur = -1;
    u->eqs = g_ptr_array_new();
    g_ptr_array_add(c->units, u);
    c->solved = FALSE;
    return id;
}

static int unit_choices(const csp_unit *u)
{
    return u->npaths ? (int)(u->vals->len / (guint)u->npaths) : 0;
}

int nb_csp_add_choice(nb_csp *c, int unit, const double *values)
{
    if (unit < 0 || unit >= (int)c->units->len)
        return -1;
    csp_unit *u = g_ptr_array_index(c->units, unit);
    g_array_append_vals(u->vals, values, (guint)u->npaths);
    gboolean f = FALSE;
    g_array_append_val(u->ok, f);
    g_array_append_val(u->viable, f);
    c->solved = FALSE;
    return unit_choices(u) - 1;
}

static double unit_value(const csp_unit *u, int choice, int idx)
{
    return g_array_index(u->vals, double, (guint)(choice * u->npaths + idx));
}

static bool csp_lookup(void *ctx, const char *path, double *value)
{
    nb_csp *c = ctx;
    double *f = g_hash_table_lookup(c->fixed, path);
    if (f) {
        *value = *f;
        return true;
    }
    int w = GPOINTER_TO_INT(g_hash_table_lookup(c->where, path)) - 1;
    if (w < 0)
        return false;
    const csp_unit *u = g_ptr_array_index(c->units, w >> 12);
    if (u->cur < 0)
        return false;
    *value = unit_value(u, u->cur, w & 0xFFF);
    return true;
}

static csp_term term_of(nb_csp *c, const char *path)
{
    csp_term t = {TERM_ABSENT, 0, -1, -1};
    double *f = g_hash_table_lookup(c->fixed, path);
    int w = GPOINTER_TO_INT(g_hash_table_lookup(c->where, path)) - 1;
    if (f)
        t.kind = TERM_FIXED, t.value = *f;
    else if (w >= 0)
        t.kind = TERM_UNIT, t.unit = w >> 12, t.idx = w & 0xFFF;
    return t;
}

static void add_unit_once(GArray *units, int u)
{
    for (guint i = 0; i < units->len; i++)
        if (g_array_index(units, int, i) == u)
            return;
    g_array_append_val(units, u);
}

/* The equations the problem can judge: every required operand is fixed or in
 * a unit, at least one right-hand term is there, and a unit is involved. */
static void build_equations(nb_csp *c)
{
    g_ptr_array_set_size(c->ceqs, 0);
    for (guint i = 0; i < c->units->len; i++)
        g_ptr_array_set_size(((csp_unit *)g_ptr_array_index(c->units, i))->eqs, 0);
    for (guint i = 0; c->eqs && i < c->eqs->len; i++) {
        const nb_equation *eq = g_ptr_array_index(c->eqs, i);
        csp_eq *e = g_new0(csp_eq, 1);
        e->eq = eq;
        e->lhs = g_array_new(FALSE, FALSE, sizeof(csp_term));
        e->rhs = g_array_new(FALSE, FALSE, sizeof(csp_term));
        e->units = g_array_new(FALSE, FALSE, sizeof(int));
        gboolean usable = TRUE;
        int rhs_present = 0;
        for (guint j = 0; j < eq->lhs->len && usable; j++) {
            csp_term t = term_of(c, g_ptr_array_index(eq->lhs, j));
            usable = t.kind != TERM_ABSENT;
            g_array_append_val(e->lhs, t);
        }
        for (guint j = 0; j < eq->rhs->len && usable; j++) {
            csp_term t = term_of(c, g_ptr_array_index(eq->rhs, j));
            if (t.kind == TERM_ABSENT && !g_array_index(eq->rhs_optional, gboolean, j))
                usable = FALSE;
            rhs_present += t.kind != TERM_ABSENT;
            g_array_append_val(e->rhs, t);
        }
        const GArray *sides[2] = {e->lhs, e->rhs};
        for (int s = 0; s < 2; s++)
            for (guint j = 0; j < sides[s]->len; j++) {
                const csp_term *t = &g_array_index(sides[s], csp_term, j);
                if (t->kind == TERM_UNIT)
                    add_unit_once(e->units, t->unit);
            }
        if (!usable || rhs_present == 0 || e->units->len == 0) {
            csp_eq_free(e);
            continue;
        }
        g_ptr_array_add(c->ceqs, e);
        for (guint j = 0; j < e->units->len; j++)
            g_ptr_array_add(((csp_unit *)g_ptr_array_index(c->units, g_array_index(e->units, int, j)))->eqs, e);
    }
}

/* Bounds of one side under the current partial assignment. */
static void side_bounds(const nb_csp *c, const GArray *terms, double *lo, double *hi)
{
    *lo = *hi = 0;
    for (guint i = 0; i < terms->len; i++) {
        const csp_term *t = &g_array_index(terms, csp_term, i);
        if (t->kind == TERM_FIXED) {
            *lo += t->value, *hi += t->value;
        } else if (t->kind == TERM_UNIT) {
            const csp_unit *u = g_ptr_array_index(c->units, t->unit);
            if (u->cur >= 0) {
                double v = unit_value(u, u->cur, t->idx);
                *lo += v, *hi += v;
            } else {
                *lo += u->lo[t->idx], *hi += u->hi[t->idx];
            }
        }
    }
}

static gboolean all_assigned(const nb_csp *c, const csp_eq *e)
{
    for (guint i = 0; i < e->units->len; i++)
        if (((csp_unit *)g_ptr_array_index(c->units, g_array_index(e->units, int, i)))->cur < 0)
            return FALSE;
    return TRUE;
}

/* Whether an equation can still hold: judged exactly by the rules module once
 * all its units are assigned, by interval bounds before. */
static gboolean equation_possible(nb_csp *c, const csp_eq *e)
{
    if (all_assigned(c, e))
        return nb_equation_eval(e->eq, csp_lookup, c, NULL, NULL) != NB_EQ_FAILS;
    double llo, lhi, rlo, rhi;
    side_bounds(c, e->lhs, &llo, &lhi);
    side_bounds(c, e->rhs, &rlo, &rhi);
    return llo <= rhi + 1e-6 && rlo <= lhi + 1e-6;
}

static gboolean unit_equations_possible(nb_csp *c, const csp_unit *u)
{
    for (guint i = 0; i < u->eqs->len; i++)
        if (!equation_possible(c, g_ptr_array_index(u->eqs, i)))
            return FALSE;
    return TRUE;
}

/* Marks the choices that satisfy the equations of their unit alone, and the
 * per-path bounds over them. */
static void filter_local(nb_csp *c)
{
    for (guint ui = 0; ui < c->units->len; ui++) {
        csp_unit *u = g_ptr_array_index(c->units, ui);
        for (int p = 0; p < u->npaths; p++)
            u->lo[p] = G_MAXDOUBLE, u->hi[p] = -G_MAXDOUBLE;
        for (int k = 0; k < unit_choices(u); k++) {
            u->cur = k;
            gboolean ok = TRUE;
            for (guint i = 0; i < u->eqs->len && ok; i++) {
                const csp_eq *e = g_ptr_array_index(u->eqs, i);
                if (e->units->len == 1)
                    ok = nb_equation_eval(e->eq, csp_lookup, c, NULL, NULL) != NB_EQ_FAILS;
            }
            g_array_index(u->ok, gboolean, k) = ok;
            g_array_index(u->viable, gboolean, k) = FALSE;
            for (int p = 0; ok && p < u->npaths; p++) {
                double v = unit_value(u, k, p);
                u->lo[p] = MIN(u->lo[p], v);
                u->hi[p] = MAX(u->hi[p], v);
            }
        }
        u->cur = -1;
    }
}

static int find_root(int *parent, int x)
{
    while (parent[x] != x)
        x = parent[x] = parent[parent[x]];
    return x;
}

static void assign_components(nb_csp *c)
{
    int n = (int)c->units->len;
    int *parent = g_new(int, n + 1);
    for (int i = 0; i < n; i++)
        parent[i] = i;
    for (guint i = 0; i < c->ceqs->len; i++) {
        const csp_eq *e = g_ptr_array_index(c->ceqs, i);
        int a = find_root(parent, g_array_index(e->units, int, 0));
        for (guint j = 1; j < e->units->len; j++) {
            int b = find_root(parent, g_array_index(e->units, int, j));
            if (a != b)
                parent[b] = a;
        }
    }
    for (int i = 0; i < n; i++)
        ((csp_unit *)g_ptr_array_index(c->units, i))->comp = find_root(parent, i);
    g_free(parent);
}

typedef struct {
    int *order;
    int n;
} search_order;

/* Depth-first search for one satisfying assignment of order[i..]; on success
 * every assigned choice is marked viable.  Returns FALSE on exhaustion or
 * when the step bound is hit (c->status says which). */
static gboolean search(nb_csp *c, const search_order *o, int i)
{
    if (i == o->n) {
        for (int j = 0; j < o->n; j++) {
            csp_unit *u = g_ptr_array_index(c->units, o->order[j]);
            g_array_index(u->viable, gboolean, u->cur) = TRUE;
        }
        return TRUE;
    }
    csp_unit *u = g_ptr_array_index(c->units, o->order[i]);
    for (int k = 0; k < unit_choices(u); k++) {
        if (!g_array_index(u->ok, gboolean, k))
            continue;
        if (++c->nodes > c->max_nodes) {
            c->status = NB_CSP_LIMIT;
            return FALSE;
        }
        u->cur = k;
        gboolean found = unit_equations_possible(c, u) && search(c, o, i + 1);
        u->cur = -1;
        if (found)
            return TRUE;
        if (c->status == NB_CSP_LIMIT)
            return FALSE;
    }
    return FALSE;
}

static int compare_by_choices(gconstpointer a, gconstpointer b, gpointer ctx)
{
    const nb_csp *c = ctx;
    const csp_unit *ua = g_ptr_array_index(c->units, *(const int *)a);
    const csp_unit *ub = g_ptr_array_index(c->units, *(const int *)b);
    return unit_choices(ua) - unit_choices(ub);
}

/* Decides viability for the units of one component. */
static void solve_component(nb_csp *c, int comp)
{
    GArray *members = g_array_new(FALSE, FALSE, sizeof(int));
    for (guint i = 0; i < c->units->len; i++)
        if (((csp_unit *)g_ptr_array_index(c->units, i))->comp == comp) {
            int id = (int)i;
            g_array_append_val(members, id);
        }
    g_array_sort_with_data(members, compare_by_choices, c);
    search_order o = {g_new(int, members->len + 1), (int)members->len};
    gboolean any = FALSE;
    for (guint m = 0; m < members->len && c->status != NB_CSP_LIMIT; m++) {
        int uid = g_array_index(members, int, m);
        csp_unit *u = g_ptr_array_index(c->units, uid);
        /* this unit first, fixed to each of its choices in turn */
        o.order[0] = uid;
        for (guint j = 0, k = 1; j < members->len; j++)
            if (g_array_index(members, int, j) != uid)
                o.order[k++] = g_array_index(members, int, j);
        for (int ch = 0; ch < unit_choices(u) && c->status != NB_CSP_LIMIT; ch++) {
            if (!g_array_index(u->ok, gboolean, ch) || g_array_index(u->viable, gboolean, ch))
                continue;
            u->cur = ch;
            if (unit_equations_possible(c, u))
                any |= search(c, &o, 1);
            u->cur = -1;
        }
        if (m == 0 && !any)
            break; /* the first unit has no viable choice: nothing has */
    }
    if (!any && c->status != NB_CSP_LIMIT)
        c->status = NB_CSP_INFEASIBLE;
    g_free(o.order);
    g_array_free(members, TRUE);
}

nb_csp_status nb_csp_solve(nb_csp *c, const nb_glued_limits *lim)
{
    nb_glued_limits l = limits_or_default(lim);
    c->max_nodes = l.max_nodes;
    c->nodes = 0;
    c->status = NB_CSP_SOLVED;
    build_equations(c);
    filter_local(c);
    assign_components(c);
    for (guint i = 0; i < c->units->len && c->status != NB_CSP_LIMIT; i++) {
        const csp_unit *u = g_ptr_array_index(c->units, i);
        if (u->comp == (int)i)
            solve_component(c, (int)i);
    }
    c->solved = TRUE;
    return c->status;
}

gboolean nb_csp_viable(const nb_csp *c, int unit, int choice)
{
    if (!c->solved || c->status != NB_CSP_SOLVED || unit < 0 || unit >= (int)c->units->len)
        return FALSE;
    const csp_unit *u = g_ptr_array_index(c->units, unit);
    return choice >= 0 && choice < unit_choices(u) && g_array_index(u->viable, gboolean, choice);
}

gboolean nb_csp_determined(const nb_csp *c, const char *path, double *value)
{
    double dummy;
    if (!value)
        value = &dummy;
    *value = 0;
    if (!c->solved || c->status != NB_CSP_SOLVED)
        return FALSE;
    double *f = g_hash_table_lookup(c->fixed, path);
    if (f) {
        *value = *f;
        return TRUE;
    }
    int w = GPOINTER_TO_INT(g_hash_table_lookup(c->where, path)) - 1;
    if (w < 0)
        return FALSE;
    const csp_unit *u = g_ptr_array_index(c->units, w >> 12);
    gboolean seen = FALSE;
    double v0 = 0;
    for (int k = 0; k < unit_choices(u); k++) {
        if (!g_array_index(u->viable, gboolean, k))
            continue;
        double v = unit_value(u, k, w & 0xFFF);
        if (seen && fabs(v - v0) > 1e-9)
            return FALSE;
        seen = TRUE, v0 = v;
    }
    if (seen)
        *value = v0;
    return seen;
}
