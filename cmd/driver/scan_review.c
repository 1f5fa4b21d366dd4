/* scan_review.c — see scan_review.h. */
#include "cmd/driver/scan_review.h"
#include "extract/ocr.h"
#include "layout/model/textnorm.h"
#include "schemas/rules.h"

#include <math.h>
#include <string.h>

/* A new reading must be at least this sure of itself to replace a value. */
#define REREAD_MIN_CONFIDENCE 90

/* OCR values below this confidence are flagged unless a rule confirms them.
 * Digit confidences are the weakest symbol's; correct digits read at 96+. */
#define TRUST_CONFIDENCE 97

/* A different reading at least this confident puts an unconfirmed value in
 * doubt. */
#define SECOND_OPINION_CONFIDENCE 80

/* Cells tried per failing equation: the weakest readings are the likely
 * culprits, and each re-reading costs a few OCR calls. */
#define MAX_SUSPECTS 6

/* A lookup that sees one value replaced (a candidate reading). */
typedef struct {
    nb_record *r;
    const char *path;
    double value;
} override;

static bool override_lookup(void *ctx, const char *path, double *value)
{
    const override *o = ctx;
    if (strcmp(path, o->path) == 0) {
        *value = o->value;
        return true;
    }
    return nb_record_lookup(o->r, path, value);
}

static gboolean eq_mentions(const nb_equation *e, const char *path)
{
    for (guint i = 0; i < e->lhs->len; i++)
        if (!strcmp(g_ptr_array_index(e->lhs, i), path))
            return TRUE;
    for (guint i = 0; i < e->rhs->len; i++)
        if (!strcmp(g_ptr_array_index(e->rhs, i), path))
            return TRUE;
    return FALSE;
}

static gboolean is_ocr_cell(const nb_value *v)
{
    return v && v->prov.origin == NB_ORIGIN_OCR && v->prov.has_box;
}

/* True when replacing `path` by `value` makes every evaluable equation that
 * mentions it hold (the failing ones included). */
static gboolean fits_everywhere(GPtrArray *eqs, nb_record *r, const char *path, double value)
{
    override o = {r, path, value};
    gboolean any = FALSE;
    for (guint i = 0; i < eqs->len; i++) {
        const nb_equation *e = g_ptr_array_index(eqs, i);
        if (!eq_mentions(e, path))
            continue;
        nb_eq_result res = nb_equation_eval(e, override_lookup, &o, NULL, NULL);
        if (res == NB_EQ_FAILS)
            return FALSE;
        any |= res == NB_EQ_HOLDS;
    }
    return any;
}

/* Reads `text` as a count the way the tables print it. */
static gboolean reading_value(const char *text, double *value)
{
    nb_number n;
    if (nb_parse_number(text, &n) != NB_NUM_OK || !n.integer || n.value < 0)
        return FALSE;
    *value = n.value;
    return TRUE;
}

/* Tries every alternative reading of `path`; applies the first confident
 * one that makes the rules hold.  Returns TRUE when the value changed. */
static gboolean reread_value(const nb_doc *doc, GPtrArray *eqs, nb_record *r, const char *path)
{
    const nb_value *v = nb_record_get(r, path);
    for (int variant = 1; variant < nb_ocr_reread_variants(); variant++) {
        char *text = NULL;
        int conf = -1;
        double nv;
        if (!nb_ocr_reread(doc, v->prov.page, v->prov.box, variant, &text, &conf))
            break;
        gboolean fits = conf >= REREAD_MIN_CONFIDENCE && reading_value(text, &nv) &&
                        nv != v->value && fits_everywhere(eqs, r, path, nv);
        if (fits) {
            char *old = nb_format_number(v->value), *now = nb_format_number(nv);
            nb_prov prov = v->prov;
            prov.confidence = conf;
            nb_record_warn(r, path, "re-read: %s → %s (confidence %d)", old, now, conf);
            nb_record_set(r, path, nv, text, &prov);
            g_free(old);
            g_free(now);
            g_free(text);
            return TRUE;
        }
        g_free(text);
    }
    return FALSE;
}

static gint by_confidence(gconstpointer a, gconstpointer b, gpointer r)
{
    const nb_value *x = nb_record_get(r, *(const char *const *)a);
    const nb_value *y = nb_record_get(r, *(const char *const *)b);
    return (x->prov.confidence > y->prov.confidence) - (x->prov.confidence < y->prov.confidence);
}

/* The OCR cells of a failing equation, weakest reading first. */
static GPtrArray *suspects(const nb_equation *e, nb_record *r)
{
    GPtrArray *out = g_ptr_array_new();
    const GPtrArray *sides[2] = {e->lhs, e->rhs};
    for (int s = 0; s < 2; s++)
        for (guint i = 0; i < sides[s]->len; i++) {
            const char *p = g_ptr_array_index(sides[s], i);
            if (is_ocr_cell(nb_record_get(r, p)))
                g_ptr_array_add(out, (gpointer)p);
        }
    g_ptr_array_sort_with_data(out, by_confidence, r);
    if (out->len > MAX_SUSPECTS)
        g_ptr_array_set_size(out, MAX_SUSPECTS);
    return out;
}

static int reread_failing(const nb_doc *doc, GPtrArray *eqs, nb_record *r)
{
    int changed = 0;
    for (guint i = 0; i < eqs->len; i++) {
        const nb_equation *e = g_ptr_array_index(eqs, i);
        if (nb_equation_eval(e, nb_record_lookup, r, NULL, NULL) != NB_EQ_FAILS)
            continue;
        GPtrArray *cells = suspects(e, r);
        for (guint k = 0; k < cells->len; k++)
            if (reread_value(doc, eqs, r, g_ptr_array_index(cells, k))) {
                changed++;
                break; /* the equation holds now: one cell explained it */
            }
        g_ptr_array_free(cells, TRUE);
    }
    return changed;
}

/* A new reading of one value that makes the failing equation it was read
 * for hold, not yet applied. */
typedef struct {
    const char *path;
    double value;
    char *text;
    int confidence;
} candidate;

static void candidate_clear(gpointer p) { g_free(((candidate *)p)->text); }

/* A lookup that sees every candidate's value in place of the record's. */
typedef struct {
    nb_record *r;
    GArray *cands;
} joint;

static bool joint_lookup(void *ctx, const char *path, double *value)
{
    const joint *j = ctx;
    for (guint i = 0; i < j->cands->len; i++) {
        const candidate *c = &g_array_index(j->cands, candidate, i);
        if (!strcmp(c->path, path)) {
            *value = c->value;
            return true;
        }
    }
    return nb_record_lookup(j->r, path, value);
}

static gboolean is_candidate(GArray *cands, const char *path)
{
    for (guint i = 0; i < cands->len; i++)
        if (!strcmp(g_array_index(cands, candidate, i).path, path))
            return TRUE;
    return FALSE;
}

/* The first confident re-reading of `path` that makes `e` hold on its own. */
static gboolean find_candidate(const nb_doc *doc, const nb_equation *e, nb_record *r,
                               const char *path, candidate *out)
{
    const nb_value *v = nb_record_get(r, path);
    for (int variant = 1; variant < nb_ocr_reread_variants(); variant++) {
        char *text = NULL;
        int conf = -1;
        double nv = 0;
        if (!nb_ocr_reread(doc, v->prov.page, v->prov.box, variant, &text, &conf))
            break;
        gboolean ok = conf >= REREAD_MIN_CONFIDENCE && reading_value(text, &nv) && nv != v->value;
        override o = {r, path, nv};
        if (ok && nb_equation_eval(e, override_lookup, &o, NULL, NULL) == NB_EQ_HOLDS) {
            *out = (candidate){path, nv, text, conf};
            return TRUE;
        }
        g_free(text);
    }
    return FALSE;
}

/* When several values of one column are misread, no single re-reading can
 * make the column's equation hold, and the one-at-a-time pass changes
 * nothing.  Here each failing equation proposes the first confident
 * re-reading of one of its cells that makes it hold on its own; the
 * proposals are accepted together only if, with all of them, every
 * evaluable equation that mentions any of them holds (the column's
 * included), else none is.  Returns the number of values changed. */
static int reread_jointly(const nb_doc *doc, GPtrArray *eqs, nb_record *r)
{
    GArray *cands = g_array_new(FALSE, FALSE, sizeof(candidate));
    g_array_set_clear_func(cands, candidate_clear);
    for (guint i = 0; i < eqs->len; i++) {
        const nb_equation *e = g_ptr_array_index(eqs, i);
        if (nb_equation_eval(e, nb_record_lookup, r, NULL, NULL) != NB_EQ_FAILS)
            continue;
        GPtrArray *cells = suspects(e, r);
        for (guint k = 0; k < cells->len; k++) {
            const char *p = g_ptr_array_index(cells, k);
            candidate c;
            if (!is_candidate(cands, p) && find_candidate(doc, e, r, p, &c)) {
                g_array_append_val(cands, c);
                break;
            }
        }
        g_ptr_array_free(cells, TRUE);
    }
    joint j = {r, cands};
    gboolean all_hold = cands->len > 1;
    for (guint i = 0; i < eqs->len && all_hold; i++) {
        const nb_equation *e = g_ptr_array_index(eqs, i);
        gboolean touched = FALSE;
        for (guint k = 0; k < cands->len && !touched; k++)
            touched = eq_mentions(e, g_array_index(cands, candidate, k).path);
        if (touched && nb_equation_eval(e, joint_lookup, &j, NULL, NULL) == NB_EQ_FAILS)
            all_hold = FALSE;
    }
    int changed = 0;
    for (guint k = 0; k < cands->len && all_hold; k++) {
        const candidate *c = &g_array_index(cands, candidate, k);
        const nb_value *v = nb_record_get(r, c->path);
        char *old = nb_format_number(v->value), *now = nb_format_number(c->value);
        nb_prov prov = v->prov;
        prov.confidence = c->confidence;
        nb_record_warn(r, c->path, "re-read: %s → %s (confidence %d), with %u other re-read "
                       "values of the same rules", old, now, c->confidence, cands->len - 1);
        nb_record_set(r, c->path, c->value, c->text, &prov);
        g_free(old);
        g_free(now);
        changed++;
    }
    g_array_free(cands, TRUE);
    return changed;
}

static int nonzero_terms(const nb_equation *e, nb_record *r)
{
    int n = 0;
    const GPtrArray *sides[2] = {e->lhs, e->rhs};
    for (int s = 0; s < 2; s++)
        for (guint i = 0; i < sides[s]->len; i++) {
            double v;
            n += nb_record_lookup(r, g_ptr_array_index(sides[s], i), &v) && v != 0;
        }
    return n;
}

/* True when some equation that mentions `path` holds with at least three
 * non-zero terms.  "x = x" (a row whose only entry is also its total) is no
 * evidence: the same misreading of two look-alike cells ("11" read as "1"
 * twice) satisfies it. */
static gboolean confirmed(GPtrArray *eqs, nb_record *r, const char *path)
{
    for (guint i = 0; i < eqs->len; i++) {
        const nb_equation *e = g_ptr_array_index(eqs, i);
        if (eq_mentions(e, path) && nonzero_terms(e, r) >= 3 &&
            nb_equation_eval(e, nb_record_lookup, r, NULL, NULL) == NB_EQ_HOLDS)
            return TRUE;
    }
    return FALSE;
}

/* True when an equation that mentions `path` fails: the check it produces
 * flags the value already. */
static gboolean in_failing(GPtrArray *eqs, nb_record *r, const char *path)
{
    for (guint i = 0; i < eqs->len; i++) {
        const nb_equation *e = g_ptr_array_index(eqs, i);
        if (eq_mentions(e, path) && nb_equation_eval(e, nb_record_lookup, r, NULL, NULL) == NB_EQ_FAILS)
            return TRUE;
    }
    return FALSE;
}

/* A confident reading that no rule can confirm (a value of a row without
 * totals) has only the engine's word for it, and the engine is sometimes
 * sure of a wrong digit (55 read as 53 at 98 %).  The other preprocessings
 * are asked, in order, until one gives a confident reading: a different
 * number puts the value in doubt, the same one ends the search.  Asking them
 * all cost four readings per value (on a page whose totals are elsewhere,
 * most of the page's OCR time), and on the corpus and the synthetic scans
 * every true misread was caught by the first (the gray crop), while the
 * later ones, which thicken, thin or enlarge the strokes, mostly disagreed
 * with values that were right.  Returns TRUE when a warning was added. */
static gboolean readings_disagree(const nb_doc *doc, nb_record *r, const nb_value *v)
{
    for (int variant = 1; variant < nb_ocr_reread_variants(); variant++) {
        char *text = NULL;
        int conf = -1;
        double nv = 0;
        if (!nb_ocr_reread(doc, v->prov.page, v->prov.box, variant, &text, &conf))
            return FALSE;
        gboolean differs = conf >= SECOND_OPINION_CONFIDENCE && reading_value(text, &nv) &&
                           nv != v->value;
        if (differs) {
            char *a = nb_format_number(v->value), *b = nb_format_number(nv);
            nb_record_warn(r, v->path, "OCR readings differ: %s (confidence %d) and %s "
                           "(confidence %d); no consistency rule confirms either", a,
                           v->prov.confidence, b, conf);
            g_free(a);
            g_free(b);
        }
        g_free(text);
        if (differs)
            return TRUE;
        if (conf >= SECOND_OPINION_CONFIDENCE)
            return FALSE;
    }
    return FALSE;
}

static void flag_unconfirmed(const nb_doc *doc, GPtrArray *eqs, nb_record *r)
{
    gboolean can_reread = nb_ocr_can_reread(doc);
    for (guint i = 0; i < r->values->len; i++) {
        const nb_value *v = g_ptr_array_index(r->values, i);
        if (v->prov.origin != NB_ORIGIN_OCR || confirmed(eqs, r, v->path) ||
            in_failing(eqs, r, v->path) || nb_record_flagged(r, v->path))
            continue;
        if (v->prov.confidence >= TRUST_CONFIDENCE) {
            if (can_reread && is_ocr_cell(v))
                readings_disagree(doc, r, v);
            continue;
        }
        if (v->prov.confidence < 0)
            nb_record_warn(r, v->path, "read by OCR without a confidence; no consistency rule "
                           "confirms it");
        else
            nb_record_warn(r, v->path, "OCR confidence %d %%; no consistency rule confirms it",
                           v->prov.confidence);
    }
}

int nb_scan_review(const nb_doc *doc, const nb_schema *s, nb_record *r)
{
    gboolean any_ocr = FALSE;
    for (guint i = 0; i < r->values->len && !any_ocr; i++)
        any_ocr = ((const nb_value *)g_ptr_array_index(r->values, i))->prov.origin == NB_ORIGIN_OCR;
    if (!any_ocr)
        return 0;
    GPtrArray *eqs = nb_rules_expand(s);
    int changed = 0;
    if (nb_ocr_can_reread(doc)) {
        changed = reread_failing(doc, eqs, r);
        changed += reread_jointly(doc, eqs, r);
    }
    flag_unconfirmed(doc, eqs, r);
    g_ptr_array_free(eqs, TRUE);
    return changed;
}
