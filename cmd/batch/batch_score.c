/* batch_score.c — see batch_score.h.  Mirrors score.py function by function. */
#include "cmd/batch/batch_score.h"

#include <math.h>
#include <string.h>

static const char *k_leaf_roots[] = {"active_disclosure", "applications", "reviews_litigation",
                                     "info_fees"};
static const char *k_meta[] = {"agency", "year", "template"};

/* ---- text similarity (difflib) ------------------------------------------- */

/* NFKC, then every whitespace character dropped, as code points. */
static gunichar *squash(const char *s, glong *len)
{
    char *nfkc = g_utf8_normalize(s ? s : "", -1, G_NORMALIZE_NFKC);
    glong n = 0;
    gunichar *u = nfkc ? g_utf8_to_ucs4_fast(nfkc, -1, &n) : g_new0(gunichar, 1);
    glong k = 0;
    for (glong i = 0; i < n; i++)
        if (!g_unichar_isspace(u[i]))
            u[k++] = u[i];
    g_free(nfkc);
    *len = k;
    return u;
}

typedef struct {
    const gunichar *a, *b;
    GHashTable *b2j;  /* code point -> GArray of glong positions in b, ascending */
    glong *len_old, *len_new; /* match length ending at (i-1, j) / (i, j), index j + 1 */
} matcher;

/* difflib's find_longest_match without junk: the longest common block of
 * a[alo:ahi] and b[blo:bhi], earliest in a, then earliest in b. */
static glong longest(matcher *m, glong alo, glong ahi, glong blo, glong bhi, glong *bi, glong *bj)
{
    glong besti = alo, bestj = blo, best = 0;
    GArray *touched = g_array_new(FALSE, FALSE, sizeof(glong));
    GArray *touched_new = g_array_new(FALSE, FALSE, sizeof(glong));
    for (glong i = alo; i < ahi; i++) {
        GArray *js = g_hash_table_lookup(m->b2j, GUINT_TO_POINTER(m->a[i]));
        for (guint x = 0; js && x < js->len; x++) {
            glong j = g_array_index(js, glong, x);
            if (j < blo)
                continue;
            if (j >= bhi)
                break;
            glong k = m->len_old[j] + 1;
            m->len_new[j + 1] = k;
            g_array_append_val(touched_new, j);
            if (k > best)
                besti = i - k + 1, bestj = j - k + 1, best = k;
        }
        for (guint x = 0; x < touched->len; x++)
            m->len_old[g_array_index(touched, glong, x) + 1] = 0;
        glong *t = m->len_old;
        m->len_old = m->len_new, m->len_new = t;
        GArray *ta = touched;
        touched = touched_new, touched_new = ta;
        g_array_set_size(touched_new, 0);
    }
    for (guint x = 0; x < touched->len; x++)
        m->len_old[g_array_index(touched, glong, x) + 1] = 0;
    g_array_free(touched, TRUE);
    g_array_free(touched_new, TRUE);
    *bi = besti, *bj = bestj;
    return best;
}

/* Sum of the sizes of difflib's matching blocks. */
static glong matched(matcher *m, glong alo, glong ahi, glong blo, glong bhi)
{
    glong i, j;
    glong k = longest(m, alo, ahi, blo, bhi, &i, &j);
    if (k == 0)
        return 0;
    glong n = k;
    if (alo < i && blo < j)
        n += matched(m, alo, i, blo, j);
    if (i + k < ahi && j + k < bhi)
        n += matched(m, i + k, ahi, j + k, bhi);
    return n;
}

static void free_positions(gpointer p)
{
    g_array_free(p, TRUE);
}

double nb_score_text_similarity(const char *a, const char *b)
{
    glong la, lb;
    gunichar *ua = squash(a, &la), *ub = squash(b, &lb);
    double ratio = 1.0;
    if (la + lb > 0) {
        matcher m = {ua, ub, g_hash_table_new_full(NULL, NULL, NULL, free_positions),
                     g_new0(glong, lb + 1), g_new0(glong, lb + 1)};
        for (glong j = 0; j < lb; j++) {
            GArray *js = g_hash_table_lookup(m.b2j, GUINT_TO_POINTER(ub[j]));
            if (!js) {
                js = g_array_new(FALSE, FALSE, sizeof(glong));
                g_hash_table_insert(m.b2j, GUINT_TO_POINTER(ub[j]), js);
            }
            g_array_append_val(js, j);
        }
        ratio = 2.0 * (double)matched(&m, 0, la, 0, lb) / (double)(la + lb);
        g_hash_table_destroy(m.b2j);
        g_free(m.len_old);
        g_free(m.len_new);
    }
    g_free(ua);
    g_free(ub);
    return ratio;
}

/* ---- field comparison ---------------------------------------------------- */

static json_t *get_path(json_t *root, const char *path)
{
    char **parts = g_strsplit(path, ".", -1);
    json_t *o = root;
    for (int i = 0; parts[i] && o; i++)
        o = json_is_object(o) ? json_object_get(o, parts[i]) : NULL;
    g_strfreev(parts);
    return o;
}

static char *without_space(const char *s)
{
    GString *g = g_string_new(NULL);
    for (const char *p = s; *p; p = g_utf8_next_char(p))
        if (!g_unichar_isspace(g_utf8_get_char(p)))
            g_string_append_unichar(g, g_utf8_get_char(p));
    return g_string_free(g, FALSE);
}

/* score.py same(): numbers within 1e-6, strings equal without whitespace. */
static gboolean same(json_t *got, json_t *want)
{
    if (json_is_number(got) && json_is_number(want))
        return fabs(json_number_value(got) - json_number_value(want)) < 1e-6;
    if (json_is_string(got) && json_is_string(want)) {
        char *a = without_space(json_string_value(got)), *b = without_space(json_string_value(want));
        gboolean eq = !strcmp(a, b);
        g_free(a), g_free(b);
        return eq;
    }
    return json_equal(got, want);
}

static gboolean same_section(json_t *want, json_t *got)
{
    if (!json_is_string(got))
        return FALSE;
    return nb_score_text_similarity(json_string_value(want), json_string_value(got)) >= 0.95;
}

/* Leaves of `v` below `prefix`, in document order. */
static void leaves(json_t *v, const char *prefix, GPtrArray *paths, GPtrArray *values)
{
    if (!json_is_object(v)) {
        g_ptr_array_add(paths, g_strdup(prefix));
        g_ptr_array_add(values, v);
        return;
    }
    const char *k;
    json_t *c;
    json_object_foreach(v, k, c) {
        char *p = g_strconcat(prefix, ".", k, NULL);
        leaves(c, p, paths, values);
        g_free(p);
    }
}

static GHashTable *flagged_set(json_t *record)
{
    GHashTable *set = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    size_t i, j;
    json_t *w, *c, *p;
    json_array_foreach(json_object_get(record, "warnings"), i, w)
        if (json_is_string(json_object_get(w, "path")))
            g_hash_table_add(set, g_strdup(json_string_value(json_object_get(w, "path"))));
    json_array_foreach(json_object_get(record, "checks"), i, c)
        json_array_foreach(json_object_get(c, "paths"), j, p)
            if (json_is_string(p))
                g_hash_table_add(set, g_strdup(json_string_value(p)));
    return set;
}

static gboolean is_flagged(GHashTable *flagged, const char *path)
{
    GHashTableIter it;
    gpointer key;
    g_hash_table_iter_init(&it, flagged);
    while (g_hash_table_iter_next(&it, &key, NULL)) {
        gsize n = strlen(key);
        if (!strncmp(path, key, n) && (path[n] == '\0' || path[n] == '.'))
            return TRUE;
    }
    return FALSE;
}

static gboolean in_array_of_strings(json_t *a, const char *s)
{
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v)
        if (json_is_string(v) && !strcmp(json_string_value(v), s))
            return TRUE;
    return FALSE;
}

/* score.py breaks_reported(): known breaks "rule N ..." against checks by rule. */
static void count_breaks(json_t *prov, json_t *record, nb_score *s)
{
    int want[10] = {0}, got[10] = {0};
    size_t i;
    json_t *v;
    GRegex *re = g_regex_new("^\\s*rule\\s*(\\d)", 0, 0, NULL);
    json_array_foreach(json_object_get(prov, "known_breaks"), i, v) {
        GMatchInfo *mi = NULL;
        if (json_is_string(v) && g_regex_match(re, json_string_value(v), 0, &mi)) {
            char *d = g_match_info_fetch(mi, 1);
            want[d[0] - '0']++;
            s->breaks_known++;
            g_free(d);
        }
        g_match_info_free(mi);
    }
    g_regex_unref(re);
    json_array_foreach(json_object_get(record, "checks"), i, v) {
        json_int_t r = json_integer_value(json_object_get(v, "rule"));
        if (json_is_integer(json_object_get(v, "rule")) && r >= 0 && r < 10)
            got[r]++;
    }
    for (int r = 0; r < 10; r++)
        s->breaks_reported += MIN(want[r], got[r]);
}

static gboolean is_meta(const char *path)
{
    for (guint i = 0; i < G_N_ELEMENTS(k_meta); i++)
        if (!strcmp(path, k_meta[i]))
            return TRUE;
    return FALSE;
}

static void truth_fields(json_t *truth, GPtrArray *paths, GPtrArray *values)
{
    for (guint i = 0; i < G_N_ELEMENTS(k_leaf_roots); i++) {
        json_t *t = json_object_get(truth, k_leaf_roots[i]);
        if (t)
            leaves(t, k_leaf_roots[i], paths, values);
    }
    for (guint i = 0; i < G_N_ELEMENTS(k_meta); i++)
        if (json_object_get(truth, k_meta[i])) {
            g_ptr_array_add(paths, g_strdup(k_meta[i]));
            g_ptr_array_add(values, json_object_get(truth, k_meta[i]));
        }
    const char *k;
    json_t *v;
    json_object_foreach(json_object_get(truth, "sections"), k, v) {
        g_ptr_array_add(paths, g_strconcat("sections.", k, NULL));
        g_ptr_array_add(values, v);
    }
}

void nb_score_case(json_t *truth, json_t *prov, json_t *record, nb_score *out)
{
    memset(out, 0, sizeof *out);
    out->wrong = g_ptr_array_new_with_free_func(g_free);
    json_t *empty = json_object();
    json_t *rec = json_is_object(record) ? record : empty;
    GPtrArray *paths = g_ptr_array_new_with_free_func(g_free), *values = g_ptr_array_new();
    truth_fields(truth, paths, values);
    GHashTable *flagged = flagged_set(rec);
    json_t *undetermined = json_object_get(prov, "undetermined");
    for (guint i = 0; i < paths->len; i++) {
        const char *k = g_ptr_array_index(paths, i);
        json_t *want = g_ptr_array_index(values, i), *got = get_path(rec, k);
        gboolean section = g_str_has_prefix(k, "sections.");
        gboolean ok = section ? same_section(want, got)
                      : (in_array_of_strings(undetermined, k) && !got) ? is_flagged(flagged, k)
                                                                       : same(got, want);
        out->total++;
        if (ok) {
            out->right++;
            continue;
        }
        g_ptr_array_add(out->wrong, g_strdup(k));
        if (!section && !is_meta(k) && !is_flagged(flagged, k))
            out->silent++;
    }
    count_breaks(prov, rec, out);
    g_hash_table_destroy(flagged);
    g_ptr_array_free(paths, TRUE);
    g_ptr_array_free(values, TRUE);
    json_decref(empty);
}

void nb_score_clear(nb_score *s)
{
    if (!s)
        return;
    if (s->wrong)
        g_ptr_array_free(s->wrong, TRUE);
    memset(s, 0, sizeof *s);
}
