/*
 * synth_record.c — random records with known numbers (see synth.h).
 *
 * The table layout (tables, rows, columns, units, signs) and the arithmetic
 * come from the schema: values that a rule defines as a sum are computed by
 * solving the schema's equations (schemas/rules.h), never by code that knows
 * which row is a total.  Only the vocabulary of plausible agency names and
 * prose lives here, because it is not schema knowledge.
 */
#include "cmd/synth/synth.h"
#include "layout/model/textnorm.h"
#include "schemas/rules.h"

#include <math.h>
#include <string.h>

/* ---- vocabulary for names and prose (generator data, not schema data) ---- */

static const char *k_places[] = {"清河", "桐城", "安阳", "临川", "江宁", "黎平", "沙洋", "云溪", "永和",
                                 "东坡", "青山", "宁远", "白水", "长丰", "海门", "石门", "嘉禾", "鹤山"};
static const char *k_levels[] = {"市", "县", "区"};
static const char *k_bodies[] = {"人民政府", "教育局", "交通运输局", "卫生健康委员会", "自然资源和规划局",
                                 "市场监督管理局", "生态环境局", "住房和城乡建设局", "人力资源和社会保障局",
                                 "民政局", "发展和改革委员会", "财政局", "农业农村局", "水利局"};

/* The first sentence names the year and the agency, as real overviews do
 * ("在2025年,长春市经济合作局坚决贯彻…"): a page without its title still
 * says whose report it is. */
static const char *k_overview_opening =
    "%d年，%s深入贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，持续推进政务公开工作。";
static const char *k_overview[] = {
    "健全政务公开工作机制，调整充实政务公开工作领导小组，明确专人负责信息发布与审核。",
    "围绕重点领域信息公开，及时发布政策文件、规划计划和办事指南，主动回应社会关切。",
    "规范依申请公开办理流程，严格按照法定时限答复申请人，切实保障群众的知情权、参与权和监督权。",
    "加强政府网站和政务新媒体管理，定期开展内容检查，确保发布信息准确、及时、规范。",
    "组织开展政务公开业务培训，提升工作人员的政策水平和业务能力。"};
static const char *k_problems[] = {
    "政务公开工作仍存在一些不足：信息发布的及时性有待提高，政策解读形式较为单一。",
    "部分工作人员对政务公开重要性认识不够，业务能力有待进一步提升。",
    "下一步，我们将加强业务培训，丰富解读形式，推动政务公开工作规范化、标准化。",
    "同时健全信息发布审核机制，强化监督考核，不断提升政务公开质量和实效。"};
static const char *k_other[] = {
    "本年度无其他需要报告的事项。",
    "按照上级要求，认真落实政务公开工作要点各项任务，全年共办理人大代表建议和政协委员提案若干件。",
    "认真做好政务公开第三方评估反馈问题的整改工作。"};

#define PICK(rand, arr) ((arr)[g_rand_int_range((rand), 0, (gint32)G_N_ELEMENTS(arr))])

/* ---- values ---- */

/* A count: mostly small and non-zero, sometimes zero, rarely large. */
static double random_count(GRand *rnd)
{
    int p = g_rand_int_range(rnd, 0, 100);
    if (p < 12)
        return 0;
    if (p < 92)
        return g_rand_int_range(rnd, 1, 60);
    return g_rand_int_range(rnd, 60, 500);
}

/* A money amount with at most two decimals, large for yuan, small for 万元. */
static double random_money(GRand *rnd, const char *unit)
{
    gboolean yuan = unit && !strcmp(unit, "yuan");
    gint64 cents = yuan ? (gint64)g_rand_int_range(rnd, 100000, 2000000000) * 10
                        : g_rand_int_range(rnd, 1, 1000000);
    int decimals = g_rand_int_range(rnd, 0, 3);
    if (decimals == 0)
        cents -= cents % 100;
    else if (decimals == 1)
        cents -= cents % 10;
    /* parsing the printed form gives the shortest double: keep the same */
    char *s = g_strdup_printf("%" G_GINT64_FORMAT ".%02d", cents / 100, (int)(cents % 100));
    double v = g_ascii_strtod(s, NULL);
    g_free(s);
    return v;
}


/* A value for one cell that no rule defines.  A row's money and sign flags
 * apply to the columns the table marks as such (the count of procurement
 * items is not money; only the change may be negative), or to every column
 * when the table says nothing about its columns. */
static double random_cell(GRand *rnd, const nb_schema_row *row, const nb_schema_labels *col)
{
    if (row->decimal && (!col || col->money))
        return random_money(rnd, row->unit);
    double v = random_count(rnd);
    if (row->signed_values && (!col || col->signed_values) && v > 0 && g_rand_int_range(rnd, 0, 3) == 0)
        v = -v;
    return v;
}

/* The rows the record will hold.  A row that `replaces` another stands for a
 * whole group (the single （六）其他处理 row instead of its numbered sub-rows):
 * the generator takes either the replacing row or the group, at random. */
static gboolean row_wanted(const nb_schema_table *t, const nb_schema_row *row, gboolean use_replacing)
{
    if (row->replaces)
        return use_replacing;
    for (guint i = 0; i < t->rows->len; i++) {
        const nb_schema_row *o = g_ptr_array_index(t->rows, i);
        if (!o->replaces)
            continue;
        const nb_schema_row *replaced = nb_schema_row_find(t, o->replaces);
        if (replaced && replaced->group && row->group && !strcmp(replaced->group, row->group))
            return !use_replacing;
    }
    return TRUE;
}

/* Every (path, row) the record will hold, in schema order. */
typedef struct {
    char *path;
    const nb_schema_row *row;     /* NULL for wide tables */
    const nb_schema_labels *col;  /* the table's description of the column, or NULL */
} cell_slot;

static void slot_clear(gpointer p)
{
    g_free(((cell_slot *)p)->path);
}

static GArray *record_slots(const nb_schema *s, GRand *rnd)
{
    GArray *slots = g_array_new(FALSE, TRUE, sizeof(cell_slot));
    g_array_set_clear_func(slots, slot_clear);
    gboolean use_replacing = g_rand_boolean(rnd);
    for (guint i = 0; i < s->tables->len; i++) {
        const nb_schema_table *t = g_ptr_array_index(s->tables, i);
        if (t->wide) {
            for (guint g = 0; g < t->groups->len; g++)
                for (guint c = 0; c < t->columns->len; c++) {
                    cell_slot sl = {g_strdup_printf("%s.%s.%s", t->key,
                                                    ((nb_schema_labels *)g_ptr_array_index(t->groups, g))->key,
                                                    ((nb_schema_labels *)g_ptr_array_index(t->columns, c))->key),
                                    NULL, NULL};
                    g_array_append_val(slots, sl);
                }
            continue;
        }
        for (guint j = 0; j < t->rows->len; j++) {
            const nb_schema_row *row = g_ptr_array_index(t->rows, j);
            if (!row_wanted(t, row, use_replacing))
                continue;
            const GPtrArray *cols = nb_schema_row_columns(t, row); /* borrowed */
            for (guint c = 0; c < cols->len; c++) {
                cell_slot sl = {g_strdup_printf("%s.%s.%s", t->key, row->key,
                                                (const char *)g_ptr_array_index(cols, c)),
                                row, nb_schema_column_find(t, g_ptr_array_index(cols, c))};
                g_array_append_val(slots, sl);
            }
        }
    }
    return slots;
}

/* The working assignment while solving: path -> value. */
typedef struct {
    GHashTable *vals;   /* char* path (borrowed from slots) -> double* */
    GHashTable *wanted; /* paths the record holds */
} assignment;

static bool assignment_lookup(void *ctx, const char *path, double *value)
{
    double *v = g_hash_table_lookup(((assignment *)ctx)->vals, path);
    if (v)
        *value = *v;
    return v != NULL;
}

static void assign(assignment *a, const char *path, double v)
{
    gpointer key = NULL;
    if (!g_hash_table_lookup_extended(a->wanted, path, &key, NULL))
        return;
    double *p = g_new(double, 1);
    *p = v;
    g_hash_table_replace(a->vals, key, p);
}

/* Left-hand terms of `eq` that are held but not yet assigned. */
static GPtrArray *unknown_lhs(const nb_equation *eq, const assignment *a)
{
    GPtrArray *u = g_ptr_array_new();
    for (guint i = 0; i < eq->lhs->len; i++) {
        const char *p = g_ptr_array_index(eq->lhs, i);
        if (g_hash_table_contains(a->wanted, p) && !g_hash_table_contains(a->vals, p))
            g_ptr_array_add(u, (gpointer)p);
    }
    return u;
}

/* True when every right-hand term the record holds has a value. */
static gboolean rhs_known(const nb_equation *eq, const assignment *a)
{
    for (guint i = 0; i < eq->rhs->len; i++) {
        const char *p = g_ptr_array_index(eq->rhs, i);
        if (g_hash_table_contains(a->wanted, p) && !g_hash_table_contains(a->vals, p))
            return FALSE;
    }
    return TRUE;
}

static double sum_known(const GPtrArray *terms, const assignment *a)
{
    double s = 0, v;
    for (guint i = 0; i < terms->len; i++)
        if (assignment_lookup((void *)a, g_ptr_array_index(terms, i), &v))
            s += v;
    return s;
}

/* Solves one equation whose right side is known: a single unknown on the
 * left takes the difference; several unknowns share it at random (the
 * first takes the rest, so none goes negative). */
static void solve_equation(const nb_equation *eq, assignment *a, GPtrArray *unknown, GRand *rnd)
{
    double rest = sum_known(eq->rhs, a) - sum_known(eq->lhs, a);
    for (guint i = unknown->len; i-- > 1;) {
        double part = rest > 0 ? floor(rest * g_rand_double_range(rnd, 0, 0.3)) : 0;
        assign(a, g_ptr_array_index(unknown, i), part);
        rest -= part;
    }
    assign(a, g_ptr_array_index(unknown, 0), rest);
}

/* Assigns every left-hand term of the schema's equations from its right
 * side.  Equations with one unknown go first, so that a share chosen at
 * random never contradicts a sum another equation fixes. */
static void solve_all(GPtrArray *eqs, assignment *a, GRand *rnd)
{
    for (;;) {
        gboolean progress = FALSE;
        const nb_equation *several = NULL;
        for (guint i = 0; i < eqs->len; i++) {
            const nb_equation *eq = g_ptr_array_index(eqs, i);
            if (!rhs_known(eq, a))
                continue;
            GPtrArray *u = unknown_lhs(eq, a);
            if (u->len == 1) {
                solve_equation(eq, a, u, rnd);
                progress = TRUE;
            } else if (u->len > 1 && !several) {
                several = eq;
            }
            g_ptr_array_free(u, TRUE);
        }
        if (progress)
            continue;
        if (!several)
            return;
        GPtrArray *u = unknown_lhs(several, a);
        solve_equation(several, a, u, rnd);
        g_ptr_array_free(u, TRUE);
    }
}

/* Paths that some equation defines (its left-hand terms). */
static GHashTable *defined_paths(GPtrArray *eqs)
{
    GHashTable *d = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; i < eqs->len; i++) {
        const nb_equation *eq = g_ptr_array_index(eqs, i);
        for (guint j = 0; j < eq->lhs->len; j++)
            g_hash_table_add(d, g_ptr_array_index(eq->lhs, j));
    }
    return d;
}

/* True when every equation holds or is not applicable. */
static gboolean all_hold(GPtrArray *eqs, assignment *a)
{
    for (guint i = 0; i < eqs->len; i++)
        if (nb_equation_eval(g_ptr_array_index(eqs, i), assignment_lookup, a, NULL, NULL) ==
            NB_EQ_FAILS)
            return FALSE;
    return TRUE;
}

/* Number of failing equations of rules 2 and 3. */
static int row_column_failures(GPtrArray *eqs, assignment *a)
{
    int fails = 0;
    for (guint i = 0; i < eqs->len; i++) {
        const nb_equation *eq = g_ptr_array_index(eqs, i);
        fails += (eq->rule == 2 || eq->rule == 3) &&
                 nb_equation_eval(eq, assignment_lookup, a, NULL, NULL) == NB_EQ_FAILS;
    }
    return fails;
}

/* Changes one printed total so that exactly one equation of rule 2 or 3
 * fails (a row total outside the results block: its column equation of
 * rule 1 may fail with it).  Tries candidates in random order and keeps the
 * first change that breaks exactly one rule-2/3 equation. */
static void break_one_rule(GPtrArray *eqs, assignment *a, GRand *rnd)
{
    GPtrArray *cands = g_ptr_array_new();
    for (guint i = 0; i < eqs->len; i++) {
        const nb_equation *eq = g_ptr_array_index(eqs, i);
        if ((eq->rule == 2 || eq->rule == 3) && eq->lhs->len == 1 &&
            g_hash_table_contains(a->vals, g_ptr_array_index(eq->lhs, 0)))
            g_ptr_array_add(cands, g_ptr_array_index(eq->lhs, 0));
    }
    /* a total that is also a part of a rule-3 column breaks two rule-2/3
     * equations at once; the loop below skips those */
    for (guint n = cands->len; n > 0; n--) {
        guint k = (guint)g_rand_int_range(rnd, 0, (gint32)n);
        const char *path = g_ptr_array_index(cands, k);
        g_ptr_array_remove_index_fast(cands, k);
        double old = 0;
        assignment_lookup(a, path, &old);
        assign(a, path, old + g_rand_int_range(rnd, 1, 4));
        if (row_column_failures(eqs, a) == 1)
            break;
        assign(a, path, old);
    }
    g_ptr_array_free(cands, TRUE);
}

/* Fills r's values: free cells at random, defined cells by the equations. */
static void generate_values(const nb_schema *s, const nb_synth_opts *opts, GRand *rnd, nb_record *r)
{
    GArray *slots = record_slots(s, rnd);
    GPtrArray *eqs = nb_rules_expand(s);
    GHashTable *defined = defined_paths(eqs);
    assignment a = {g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free),
                    g_hash_table_new(g_str_hash, g_str_equal)};
    for (guint i = 0; i < slots->len; i++)
        g_hash_table_add(a.wanted, g_array_index(slots, cell_slot, i).path);
    for (guint i = 0; i < slots->len; i++) {
        const cell_slot *sl = &g_array_index(slots, cell_slot, i);
        if (!g_hash_table_contains(defined, sl->path))
            assign(&a, sl->path, sl->row ? random_cell(rnd, sl->row, sl->col)
                                             : floor(random_count(rnd) / 4));
    }
    solve_all(eqs, &a, rnd);
    g_assert(all_hold(eqs, &a));
    if (opts->break_rule)
        break_one_rule(eqs, &a, rnd);
    for (guint i = 0; i < slots->len; i++) {
        const char *path = g_array_index(slots, cell_slot, i).path;
        double v = 0;
        if (!assignment_lookup(&a, path, &v))
            continue;
        char *raw = nb_format_number(v);
        nb_record_set(r, path, v, raw, NULL);
        g_free(raw);
    }
    g_hash_table_destroy(a.vals);
    g_hash_table_destroy(a.wanted);
    g_hash_table_destroy(defined);
    g_ptr_array_free(eqs, TRUE);
    g_array_free(slots, TRUE);
}

/* ---- ambiguity (glued text) ---- */

/* Sets the first left-hand term of every failing equation from the other
 * terms until nothing changes, so the record satisfies the rules again. */
static void resolve_totals(nb_record *r, const GPtrArray *eqs)
{
    for (int pass = 0; pass < 8; pass++) {
        gboolean changed = FALSE;
        for (guint i = 0; i < eqs->len; i++) {
            const nb_equation *eq = g_ptr_array_index(eqs, i);
            double l, rr, first;
            if (nb_equation_eval(eq, nb_record_lookup, r, &l, &rr) != NB_EQ_FAILS)
                continue;
            const char *target = g_ptr_array_index(eq->lhs, 0);
            if (!nb_record_lookup(r, target, &first))
                continue;
            char *raw = nb_format_number(first + (rr - l));
            nb_record_set(r, target, first + (rr - l), raw, NULL);
            g_free(raw);
            changed = TRUE;
        }
        if (!changed)
            return;
    }
}

/* True when every equation holds and no count went negative. */
static gboolean consistent_and_non_negative(nb_record *r, const GPtrArray *eqs)
{
    for (guint i = 0; i < r->values->len; i++) {
        const nb_value *v = g_ptr_array_index(r->values, i);
        if (v->value < 0 && !g_str_has_prefix(v->path, "active_disclosure."))
            return FALSE;
    }
    for (guint i = 0; i < eqs->len; i++)
        if (nb_equation_eval(g_ptr_array_index(eqs, i), nb_record_lookup, r, NULL, NULL) ==
            NB_EQ_FAILS)
            return FALSE;
    return TRUE;
}

/* The rows a rule-3 equation sums (the result rows) that the record holds,
 * as "<table>.<row>" prefixes. */
static GPtrArray *summed_rows(const nb_record *r, const GPtrArray *eqs)
{
    GPtrArray *rows = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < eqs->len && rows->len == 0; i++) {
        const nb_equation *eq = g_ptr_array_index(eqs, i);
        if (eq->rule != 3)
            continue;
        for (guint k = 0; k < eq->rhs->len; k++) {
            const char *p = g_ptr_array_index(eq->rhs, k);
            if (nb_record_get(r, p))
                g_ptr_array_add(rows, g_strndup(p, (gsize)(strrchr(p, '.') - p)));
        }
    }
    return rows;
}

gboolean nb_synth_make_ambiguous(const nb_schema *s, GRand *rnd, nb_record *r, char **cells)
{
    for (int k = 0; cells && k < 4; k++)
        cells[k] = NULL;
    gboolean done = FALSE;
    GPtrArray *eqs = nb_rules_expand(s);
    GPtrArray *rows = summed_rows(r, eqs);
    GPtrArray *cols = rows->len ? nb_schema_row_find(nb_schema_table_find(s, "applications"),
                                                     strchr(g_ptr_array_index(rows, 0), '.') + 1)
                                      ->columns
                                : NULL;
    for (int attempt = 0; cols && cols->len >= 3 && rows->len >= 2 && attempt < 10; attempt++) {
        GHashTable *saved = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
        for (guint i = 0; i < r->values->len; i++) {
            const nb_value *v = g_ptr_array_index(r->values, i);
            g_hash_table_insert(saved, g_strdup(v->path), g_memdup2(&v->value, sizeof v->value));
        }
        guint a = (guint)g_rand_int_range(rnd, 0, (gint32)rows->len), b;
        do
            b = (guint)g_rand_int_range(rnd, 0, (gint32)rows->len);
        while (b == a);
        int c = g_rand_int_range(rnd, 0, (gint32)cols->len - 2); /* two columns before the total */
        double d = g_rand_int_range(rnd, 1, 10);
        const double vals[4] = {d, d * 11, d * 11, d};
        char *paths[4];
        for (int k = 0; k < 4; k++) {
            paths[k] = g_strdup_printf("%s.%s", (char *)g_ptr_array_index(rows, k < 2 ? a : b),
                                       (char *)g_ptr_array_index(cols, c + (k % 2)));
            char *raw = nb_format_number(vals[k]);
            nb_record_set(r, paths[k], vals[k], raw, NULL);
            g_free(raw);
        }
        resolve_totals(r, eqs);
        gboolean ok = consistent_and_non_negative(r, eqs);
        if (!ok) {
            GHashTableIter it;
            gpointer k, v;
            g_hash_table_iter_init(&it, saved);
            while (g_hash_table_iter_next(&it, &k, &v)) {
                char *raw = nb_format_number(*(double *)v);
                nb_record_set(r, k, *(double *)v, raw, NULL);
                g_free(raw);
            }
        }
        g_hash_table_destroy(saved);
        for (int k = 0; k < 4; k++) {
            if (ok && cells)
                cells[k] = paths[k];
            else
                g_free(paths[k]);
        }
        if (ok) {
            done = TRUE;
            break;
        }
    }
    g_ptr_array_free(rows, TRUE);
    g_ptr_array_free(eqs, TRUE);
    return done;
}

/* ---- metadata and prose ---- */

/* Report years each template is used for (the generator's choice). */
static void template_years(const nb_schema *s, int *first, int *last)
{
    *first = atoi(s->name);
    *last = *first <= 2019 ? *first + 1 : 2025;
}

static char *random_agency(GRand *rnd)
{
    return g_strconcat(PICK(rnd, k_places), PICK(rnd, k_levels), PICK(rnd, k_bodies), NULL);
}

/* A few sentences drawn in order from `pool` (order keeps the prose sane). */
static char *random_prose(GRand *rnd, const char *const *pool, guint n, guint min)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < n; i++)
        if (i < min || g_rand_boolean(rnd))
            g_string_append(s, pool[i]);
    return g_string_free(s, FALSE);
}

/* The info-fee sentence of section 六 and the values it states:
 * nothing charged (0/0), an amount alone, or cases and amount.  With
 * `varied` (NB_VARY_FEES) in the many phrasings reports use. */
static char *info_fee_sentence(GRand *rnd, int year, nb_record *r, gboolean varied)
{
    static const char *const none[] = {"%d年度本机关未收取信息处理费。", "本年度未发生收费情况。",
                                       "本机关未发生政府信息公开收费事项。",
                                       "本年度未收取信息公开处理费。"};
    int form = g_rand_int_range(rnd, 0, 3);
    if (form == 0) {
        int k = varied ? g_rand_int_range(rnd, 0, G_N_ELEMENTS(none)) : 0;
        nb_record_set(r, "info_fees.cases", 0, "未收取", NULL);
        nb_record_set(r, "info_fees.amount_yuan", 0, "未收取", NULL);
        return k == 0 ? g_strdup_printf(none[0], year) : g_strdup(none[k]);
    }
    int amount = g_rand_int_range(rnd, 1, 200) * 10;
    char *raw = g_strdup_printf("%d", amount);
    nb_record_set(r, "info_fees.amount_yuan", amount, raw, NULL);
    g_free(raw);
    if (form == 1)
        return varied && g_rand_boolean(rnd)
                   ? g_strdup_printf("本年度依法收取信息处理费，金额为%d元。", amount)
                   : g_strdup_printf("本年度依据《政府信息公开信息处理费管理办法》收取信息处理费%d元。", amount);
    int cases = g_rand_int_range(rnd, 1, 9);
    raw = g_strdup_printf("%d", cases);
    nb_record_set(r, "info_fees.cases", cases, raw, NULL);
    g_free(raw);
    static const char *const both[] = {"本年度收取信息处理费%d件，共计%d元。",
                                       "本年度收取信息处理费%d件，合计%d元。",
                                       "本年度对%d件申请共收取信息处理费%d元。"};
    if (varied)
        return g_strdup_printf(both[g_rand_int_range(rnd, 0, G_N_ELEMENTS(both))], cases, amount);
    return g_strdup_printf("本年度共对%d件申请收取信息处理费%d元。", cases, amount);
}

/* ---- content variations ---- */

/* NB_VARY_BLANKS: one result row of applications becomes a row of zeros
 * (printed blank), the totals re-solved from the equations; with a chance
 * of 1 in 3 section 四 is all zeros as well. */
static void zero_rows(const nb_schema *s, GRand *rnd, nb_record *r)
{
    GPtrArray *eqs = nb_rules_expand(s);
    GPtrArray *rows = summed_rows(r, eqs);
    const nb_schema_table *apps = nb_schema_table_find(s, "applications");
    for (int attempt = 0; rows->len && apps && attempt < 10; attempt++) {
        const char *row = g_ptr_array_index(rows, g_rand_int_range(rnd, 0, (gint32)rows->len));
        const nb_schema_row *sr = nb_schema_row_find(apps, strchr(row, '.') + 1);
        GHashTable *saved = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
        for (guint i = 0; i < r->values->len; i++) {
            const nb_value *v = g_ptr_array_index(r->values, i);
            g_hash_table_insert(saved, g_strdup(v->path), g_memdup2(&v->value, sizeof v->value));
        }
        for (guint c = 0; sr && c < sr->columns->len; c++) {
            char *path = g_strdup_printf("%s.%s", row, (char *)g_ptr_array_index(sr->columns, c));
            nb_record_set(r, path, 0, "0", NULL);
            g_free(path);
        }
        resolve_totals(r, eqs);
        gboolean ok = consistent_and_non_negative(r, eqs);
        if (!ok) {
            GHashTableIter it;
            gpointer k, v;
            g_hash_table_iter_init(&it, saved);
            while (g_hash_table_iter_next(&it, &k, &v)) {
                char *raw = nb_format_number(*(double *)v);
                nb_record_set(r, k, *(double *)v, raw, NULL);
                g_free(raw);
            }
        }
        g_hash_table_destroy(saved);
        if (ok)
            break;
    }
    if (g_rand_int_range(rnd, 0, 3) == 0)
        for (guint i = 0; i < r->values->len; i++) {
            nb_value *v = g_ptr_array_index(r->values, i);
            if (g_str_has_prefix(v->path, "reviews_litigation."))
                v->value = 0, g_free(v->raw), v->raw = g_strdup("0");
        }
    g_ptr_array_free(rows, TRUE);
    g_ptr_array_free(eqs, TRUE);
}

/* NB_VARY_RESTATE: sentences of the overview restating table values. */
static char *restating_sentences(const nb_record *r)
{
    GString *o = g_string_new(NULL);
    const nb_value *nr = nb_record_get(r, "applications.new_received.total");
    const nb_value *gr = nb_record_get(r, "applications.granted.total");
    const nb_value *rv = nb_record_get(r, "reviews_litigation.review.total");
    if (nr && gr)
        g_string_append_printf(o, "本年度共收到政府信息公开申请%.0f件，其中予以公开%.0f件。",
                               nr->value, gr->value);
    if (rv)
        g_string_append_printf(o, "全年发生政府信息公开行政复议%.0f件。", rv->value);
    return g_string_free(o, FALSE);
}

/* NB_VARY_PARTIAL: what one page holding the tail of section 三 and
 * section 四 shows: no title, sections or section 二, the applications
 * rows from a cut among the result rows on. */
static void keep_tail(const nb_schema *s, GRand *rnd, nb_record *r)
{
    const nb_schema_table *apps = nb_schema_table_find(s, "applications");
    int cut = apps ? g_rand_int_range(rnd, (gint32)apps->rows->len / 2,
                                      (gint32)apps->rows->len - 3)
                   : 0;
    GPtrArray *drop = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < r->values->len; i++) {
        const char *p = ((nb_value *)g_ptr_array_index(r->values, i))->path;
        gboolean keep = g_str_has_prefix(p, "reviews_litigation.");
        for (guint k = (guint)cut; apps && !keep && k < apps->rows->len; k++) {
            char *pre = g_strdup_printf("applications.%s.",
                                        ((nb_schema_row *)g_ptr_array_index(apps->rows, k))->key);
            keep = g_str_has_prefix(p, pre);
            g_free(pre);
        }
        if (!keep)
            g_ptr_array_add(drop, g_strdup(p));
    }
    for (guint i = 0; i < drop->len; i++)
        nb_record_unset(r, g_ptr_array_index(drop, i));
    g_ptr_array_free(drop, TRUE);
    g_free(r->agency), r->agency = NULL;
    r->year = 0;
    g_hash_table_remove_all(r->sections);
    g_ptr_array_set_size(r->section_order, 0);
}

/* True when the template reports info fees: its section 六 is where the
 * spec puts them, for templates after 2019's. */
static gboolean template_has_info_fees(const nb_schema *s)
{
    return atoi(s->name) >= 2021;
}

nb_record *nb_synth_record(const nb_schema *s, const nb_synth_opts *opts)
{
    g_return_val_if_fail(s && opts, NULL);
    GRand *rnd = g_rand_new_with_seed(opts->seed);
    nb_record *r = nb_record_new();
    r->template_name = g_strdup(s->name);
    r->agency = random_agency(rnd);
    int first, last;
    template_years(s, &first, &last);
    r->year = g_rand_int_range(rnd, first, last + 1);
    generate_values(s, opts, rnd, r);
    if (opts->ambiguous && !opts->break_rule)
        nb_synth_make_ambiguous(s, rnd, r, NULL);
    if (opts->vary & NB_VARY_BLANKS)
        zero_rows(s, rnd, r);
    char *opening = g_strdup_printf(k_overview_opening, r->year, r->agency);
    char *rest = random_prose(rnd, k_overview, G_N_ELEMENTS(k_overview), 1);
    char *restate = opts->vary & NB_VARY_RESTATE ? restating_sentences(r) : g_strdup("");
    char *overview = g_strconcat(opening, restate, rest, NULL);
    g_free(restate);
    g_free(opening);
    g_free(rest);
    char *problems = random_prose(rnd, k_problems, G_N_ELEMENTS(k_problems), 2);
    char *other = random_prose(rnd, k_other, G_N_ELEMENTS(k_other), 0);
    if (template_has_info_fees(s)) {
        char *fee = info_fee_sentence(rnd, r->year, r, (opts->vary & NB_VARY_FEES) != 0);
        char *joined = g_strconcat(other, fee, NULL);
        g_free(other);
        g_free(fee);
        other = joined;
    } else if (!*other) {
        g_free(other);
        other = g_strdup(k_other[0]);
    }
    nb_record_set_section(r, "overview", overview);
    nb_record_set_section(r, "problems", problems);
    nb_record_set_section(r, "other", other);
    g_free(overview);
    g_free(problems);
    g_free(other);
    if (opts->vary & NB_VARY_PARTIAL)
        keep_tail(s, rnd, r);
    /* the record a round trip must give carries the same checks */
    nb_rules_check_record(s, r);
    g_rand_free(rnd);
    return r;
}
