/* rules.c — see rules.h. */
#include "schemas/rules.h"
#include "layout/model/textnorm.h"

#include <math.h>
#include <string.h>

static void equation_free(gpointer p)
{
    nb_equation *e = p;
    g_free(e->label);
    g_ptr_array_free(e->lhs, TRUE);
    g_ptr_array_free(e->rhs, TRUE);
    g_array_free(e->rhs_optional, TRUE);
    g_free(e);
}

static char *subst(const char *tmpl, const char *x)
{
    char **parts = g_strsplit(tmpl, "{}", -1);
    char *out = g_strjoinv(x, parts);
    g_strfreev(parts);
    return out;
}

static void add_terms(GPtrArray *dst, GArray *optional, const GPtrArray *terms, const char *x)
{
    for (guint i = 0; i < terms->len; i++) {
        const char *t = g_ptr_array_index(terms, i);
        gboolean opt = t[0] == '?';
        g_ptr_array_add(dst, subst(opt ? t + 1 : t, x));
        if (optional)
            g_array_append_val(optional, opt);
    }
}

GPtrArray *nb_rules_expand(const nb_schema *s)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(equation_free);
    for (guint i = 0; s && i < s->rules->len; i++) {
        const nb_schema_rule *r = g_ptr_array_index(s->rules, i);
        for (guint j = 0; j < r->each->len; j++) {
            const char *x = g_ptr_array_index(r->each, j);
            nb_equation *e = g_new0(nb_equation, 1);
            e->rule = r->rule;
            e->label = subst(r->label ? r->label : "{}", x);
            e->lhs = g_ptr_array_new_with_free_func(g_free);
            e->rhs = g_ptr_array_new_with_free_func(g_free);
            e->rhs_optional = g_array_new(FALSE, FALSE, sizeof(gboolean));
            add_terms(e->lhs, NULL, r->lhs, x);
            add_terms(e->rhs, e->rhs_optional, r->rhs, x);
            g_ptr_array_add(out, e);
        }
    }
    return out;
}

nb_eq_result nb_equation_eval(const nb_equation *eq, nb_lookup_fn lookup, void *ctx,
                              double *lhs, double *rhs)
{
    double l = 0, r = 0, v;
    if (lhs)
        *lhs = 0;
    if (rhs)
        *rhs = 0;
    for (guint i = 0; i < eq->lhs->len; i++) {
        if (!lookup(ctx, g_ptr_array_index(eq->lhs, i), &v))
            return NB_EQ_INCOMPLETE;
        l += v;
    }
    int present = 0;
    for (guint i = 0; i < eq->rhs->len; i++) {
        if (lookup(ctx, g_ptr_array_index(eq->rhs, i), &v)) {
            r += v;
            present++;
        } else if (!g_array_index(eq->rhs_optional, gboolean, i)) {
            return NB_EQ_INCOMPLETE;
        }
    }
    if (present == 0)
        return NB_EQ_INCOMPLETE;
    if (lhs)
        *lhs = l;
    if (rhs)
        *rhs = r;
    return fabs(l - r) < 1e-6 ? NB_EQ_HOLDS : NB_EQ_FAILS;
}

bool nb_record_lookup(void *record, const char *path, double *value)
{
    const nb_value *v = nb_record_get(record, path);
    if (!v)
        return false;
    *value = v->value;
    return true;
}

static GPtrArray *equation_paths(const nb_equation *e, nb_record *r)
{
    GPtrArray *paths = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < e->lhs->len; i++)
        g_ptr_array_add(paths, g_strdup(g_ptr_array_index(e->lhs, i)));
    for (guint i = 0; i < e->rhs->len; i++) {
        const char *p = g_ptr_array_index(e->rhs, i);
        if (nb_record_get(r, p) || !g_array_index(e->rhs_optional, gboolean, i))
            g_ptr_array_add(paths, g_strdup(p));
    }
    return paths;
}

int nb_rules_check_record(const nb_schema *s, nb_record *r)
{
    GPtrArray *eqs = nb_rules_expand(s);
    int failures = 0;
    for (guint i = 0; i < eqs->len; i++) {
        const nb_equation *e = g_ptr_array_index(eqs, i);
        double l, rr;
        if (nb_equation_eval(e, nb_record_lookup, r, &l, &rr) != NB_EQ_FAILS)
            continue;
        char *ls = nb_format_number(l), *rs = nb_format_number(rr);
        char *msg = g_strdup_printf("rule %d, %s: %s = %s, but the other side sums to %s",
                                    e->rule, e->label, (const char *)g_ptr_array_index(e->lhs, 0),
                                    ls, rs);
        if (e->lhs->len > 1)
            msg = (g_free(msg), g_strdup_printf("rule %d, %s: left side sums to %s, right side to %s",
                                               e->rule, e->label, ls, rs));
        nb_record_add_check(r, e->rule, rr, l, msg, equation_paths(e, r));
        g_free(msg);
        g_free(ls);
        g_free(rs);
        failures++;
    }
    g_ptr_array_free(eqs, TRUE);
    return failures;
}
