/* pdf_paths.c — see pdf_paths.h. */
#include "extract/pdf_paths.h"

#include <math.h>
#include <string.h>

/* Decoded bytes of one content stream, at most (larger pages are rendered). */
#define MAX_CONTENT (64u << 20)
/* Operands before one operator (poppler's own bound is 33). */
#define MAX_OPERANDS 64
/* Form XObjects inside each other. */
#define MAX_FORM_DEPTH 16

/* One point of a path, as poppler's GfxSubpath keeps it: the two control
 * points of a curve are marked. */
typedef struct {
    double x, y;
    gboolean curve;
} path_pt;

typedef struct {
    guint start, n;
    gboolean closed;
} subpath;

/* The path under construction, with poppler's GfxPath rules: a moveto alone
 * makes no subpath; a lineto after a closed subpath starts a new one at its
 * last point. */
typedef struct {
    GArray *pts;  /* path_pt */
    GArray *subs; /* subpath */
    gboolean just_moved;
    double fx, fy;   /* the point of the last moveto */
    double cx, cy;   /* the current point */
} path;

typedef struct {
    double fill[3], stroke[3];
    int fill_n, stroke_n; /* components of the colour spaces: 1 gray, 3 RGB */
    double line_width;
} gstate;

typedef enum { CLIP_NONE, CLIP_NORMAL, CLIP_EO } clip_kind;

typedef enum { OPD_NUM, OPD_NAME, OPD_ARRAY, OPD_OTHER } opd_kind;

typedef struct {
    opd_kind kind;
    double num;
    const guchar *name;
    gsize len;
    GArray *nums; /* OPD_ARRAY of numbers only, else NULL */
} operand;

typedef struct {
    nb_cos *cos;
    cairo_t *cr;
    GArray *states; /* gstate; the last is current */
    path p;
    clip_kind clip;
    operand ops[MAX_OPERANDS];
    int nops;
    int compat; /* BX depth: unknown operators allowed */
    GPtrArray *arrays; /* the numbers of array operands (GArray*), freed at the end */
} interp;

/* ---- paths ---- */

static gboolean has_curpt(const path *p)
{
    return p->subs->len > 0 || p->just_moved;
}

static void path_clear(path *p)
{
    g_array_set_size(p->pts, 0);
    g_array_set_size(p->subs, 0);
    p->just_moved = FALSE;
}

static void path_add(path *p, double x, double y, gboolean curve)
{
    path_pt pt = {x, y, curve};
    g_array_append_val(p->pts, pt);
    g_array_index(p->subs, subpath, p->subs->len - 1).n++;
}

/* A new subpath at the moveto, or at the end of a closed subpath. */
static void path_open(path *p)
{
    guint n = p->subs->len;
    gboolean closed = n > 0 && g_array_index(p->subs, subpath, n - 1).closed;
    if (!p->just_moved && !closed)
        return;
    if (!p->just_moved) {
        const path_pt *last = &g_array_index(p->pts, path_pt, p->pts->len - 1);
        p->fx = last->x, p->fy = last->y;
    }
    subpath s = {p->pts->len, 0, FALSE};
    g_array_append_val(p->subs, s);
    path_add(p, p->fx, p->fy, FALSE);
    p->just_moved = FALSE;
}

static void path_move(path *p, double x, double y)
{
    p->just_moved = TRUE;
    p->fx = p->cx = x, p->fy = p->cy = y;
}

static void path_line(path *p, double x, double y)
{
    path_open(p);
    path_add(p, x, y, FALSE);
    p->cx = x, p->cy = y;
}

static void path_curve(path *p, double x1, double y1, double x2, double y2, double x3, double y3)
{
    path_open(p);
    path_add(p, x1, y1, TRUE);
    path_add(p, x2, y2, TRUE);
    path_add(p, x3, y3, FALSE);
    p->cx = x3, p->cy = y3;
}

static void path_close(path *p)
{
    if (p->just_moved) {
        subpath s = {p->pts->len, 0, FALSE};
        g_array_append_val(p->subs, s);
        path_add(p, p->fx, p->fy, FALSE);
        p->just_moved = FALSE;
    }
    subpath *s = &g_array_index(p->subs, subpath, p->subs->len - 1);
    const path_pt *first = &g_array_index(p->pts, path_pt, s->start);
    const path_pt *last = &g_array_index(p->pts, path_pt, s->start + s->n - 1);
    if (first->x != last->x || first->y != last->y)
        path_add(p, first->x, first->y, FALSE);
    s = &g_array_index(p->subs, subpath, p->subs->len - 1);
    s->closed = TRUE;
    last = &g_array_index(p->pts, path_pt, s->start + s->n - 1);
    p->cx = last->x, p->cy = last->y;
}

/* Point `i` of subpath `s`, moved to a pixel centre when it and a
 * neighbour form a horizontal or vertical line (poppler's
 * CairoOutputDev::alignStrokeCoords, for strokes widened to one pixel). */
static void aligned(cairo_t *cr, const path *p, const subpath *s, guint i, double *x, double *y)
{
    const path_pt *pt = &g_array_index(p->pts, path_pt, s->start + i);
    double x1 = pt->x, y1 = pt->y;
    cairo_user_to_device(cr, &x1, &y1);
    gboolean align = FALSE;
    for (int d = -1; d <= 1 && !align; d += 2) {
        if ((d < 0 && i == 0) || (d > 0 && i + 1 >= s->n))
            continue;
        const path_pt *q = &g_array_index(p->pts, path_pt, s->start + i + d);
        if (q->curve)
            continue;
        double x2 = q->x, y2 = q->y;
        cairo_user_to_device(cr, &x2, &y2);
        align = fabs(x2 - x1) < 0.5 || fabs(y2 - y1) < 0.5;
    }
    *x = pt->x, *y = pt->y;
    if (align) {
        cairo_user_to_device(cr, x, y);
        *x = floor(*x) + 0.5;
        *y = floor(*y) + 0.5;
        cairo_device_to_user(cr, x, y);
    }
}

/* The path into cairo as poppler's CairoOutputDev::doPath puts it. */
static void emit_path(cairo_t *cr, const path *p, gboolean align)
{
    cairo_new_path(cr);
    for (guint k = 0; k < p->subs->len; k++) {
        const subpath *s = &g_array_index(p->subs, subpath, k);
        double x, y;
        if (align)
            aligned(cr, p, s, 0, &x, &y);
        else
            x = g_array_index(p->pts, path_pt, s->start).x,
            y = g_array_index(p->pts, path_pt, s->start).y;
        cairo_move_to(cr, x, y);
        for (guint j = 1; j < s->n;) {
            const path_pt *pt = &g_array_index(p->pts, path_pt, s->start + j);
            gboolean curve = pt->curve && j + 2 < s->n;
            guint end = curve ? j + 2 : j;
            if (align)
                aligned(cr, p, s, end, &x, &y);
            else
                x = g_array_index(p->pts, path_pt, s->start + end).x,
                y = g_array_index(p->pts, path_pt, s->start + end).y;
            if (curve)
                cairo_curve_to(cr, pt[0].x, pt[0].y, pt[1].x, pt[1].y, x, y);
            else
                cairo_line_to(cr, x, y);
            j = end + 1;
        }
        if (s->closed)
            cairo_close_path(cr);
    }
}

/* ---- painting ---- */

static gstate *cur(interp *in)
{
    return &g_array_index(in->states, gstate, in->states->len - 1);
}

/* A colour as poppler holds it: 16.16 fixed point, clipped to [0, 1]. */
static double col(double v)
{
    v = CLAMP(v, 0.0, 1.0); /* first: what is outside clips to 0 or 1 either way */
    return (double)(int)(v * 65536) / 65536.0;
}

static void set_source(cairo_t *cr, const double rgb[3])
{
    cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
}

static void fill(interp *in, gboolean eo)
{
    emit_path(in->cr, &in->p, FALSE);
    cairo_set_fill_rule(in->cr, eo ? CAIRO_FILL_RULE_EVEN_ODD : CAIRO_FILL_RULE_WINDING);
    set_source(in->cr, cur(in)->fill);
    cairo_fill(in->cr);
}

/* poppler's CairoOutputDev::updateLineWidth with stroke adjustment: a line
 * at most one pixel wide is drawn exactly one pixel wide, on pixel centres. */
static void stroke(interp *in)
{
    cairo_t *cr = in->cr;
    double w = cur(in)->line_width, x = w, y = w;
    cairo_user_to_device_distance(cr, &x, &y);
    gboolean adjusted = fabs(x) <= 1.0 && fabs(y) <= 1.0;
    if (adjusted) {
        x = y = 1.0;
        cairo_device_to_user_distance(cr, &x, &y);
        w = MIN(fabs(x), fabs(y));
    }
    cairo_set_line_width(cr, w);
    emit_path(cr, &in->p, adjusted);
    set_source(cr, cur(in)->stroke);
    cairo_stroke(cr);
}

/* The end of a path: the pending clip applied, the path cleared. */
static void end_path(interp *in)
{
    if (has_curpt(&in->p) && in->clip != CLIP_NONE) {
        emit_path(in->cr, &in->p, FALSE);
        cairo_set_fill_rule(in->cr,
                            in->clip == CLIP_EO ? CAIRO_FILL_RULE_EVEN_ODD : CAIRO_FILL_RULE_WINDING);
        cairo_clip(in->cr);
    }
    in->clip = CLIP_NONE;
    path_clear(&in->p);
}

/* S s f F f* B B* b b* n */
static void paint(interp *in, gboolean close, int fill_rule, gboolean do_stroke)
{
    if (!has_curpt(&in->p))
        return;
    if (in->p.subs->len > 0) {
        if (close)
            path_close(&in->p);
        if (fill_rule)
            fill(in, fill_rule == 2);
        if (do_stroke)
            stroke(in);
    }
    end_path(in);
}

/* ---- operands ---- */

/* The last `n` operands as numbers into `v`; FALSE when there are not
 * exactly `n` or one is not a number (poppler would complain and skip). */
static gboolean nums(const interp *in, int n, double *v)
{
    if (in->nops != n)
        return FALSE;
    for (int i = 0; i < n; i++) {
        if (in->ops[i].kind != OPD_NUM)
            return FALSE;
        v[i] = in->ops[i].num;
    }
    return TRUE;
}

static gboolean name_is(const operand *o, const char *s)
{
    gsize n = strlen(s);
    return o->kind == OPD_NAME && o->len == n && !memcmp(o->name, s, n);
}

/* The resource `cat`/`name` (e.g. XObject/Im1) of `res`, resolved. */
static const nb_cos_val *resource(interp *in, const nb_cos_val *res, const char *cat,
                                  const operand *name)
{
    const nb_cos_val *d = nb_cos_dict_get(in->cos, res, cat);
    char *key = g_strndup((const char *)name->name, name->len);
    const nb_cos_val *v = nb_cos_dict_get(in->cos, d, key);
    g_free(key);
    return v;
}

/* ---- colours ---- */

/* The number of components of colour space `cs` (a name operand of cs/CS),
 * 0 when it is not plainly DeviceGray or DeviceRGB. */
static int space_components(interp *in, const nb_cos_val *res, const operand *cs)
{
    if (cs->kind != OPD_NAME)
        return 0;
    if (name_is(cs, "DeviceGray"))
        return 1;
    if (name_is(cs, "DeviceRGB"))
        return 3;
    const nb_cos_val *v = resource(in, res, "ColorSpace", cs);
    if (nb_cos_is_name(v, "DeviceGray"))
        return 1;
    if (nb_cos_is_name(v, "DeviceRGB"))
        return 3;
    return 0;
}

/* g G rg RG sc SC scn SCN cs CS; FALSE for what is not drawn here. */
static gboolean set_colour(interp *in, const nb_cos_val *res, gboolean stroking, int n)
{
    double v[3];
    if (!nums(in, n, v))
        return FALSE;
    double *dst = stroking ? cur(in)->stroke : cur(in)->fill;
    for (int i = 0; i < 3; i++)
        dst[i] = col(v[n == 1 ? 0 : i]);
    (void)res;
    return TRUE;
}

static gboolean set_space(interp *in, const nb_cos_val *res, gboolean stroking)
{
    if (in->nops != 1)
        return FALSE;
    int n = space_components(in, res, &in->ops[0]);
    if (!n)
        return FALSE;
    gstate *g = cur(in);
    double *dst = stroking ? g->stroke : g->fill;
    dst[0] = dst[1] = dst[2] = 0; /* the initial colour of both spaces is black */
    if (stroking)
        g->stroke_n = n;
    else
        g->fill_n = n;
    return TRUE;
}

/* ---- graphics state ---- */

static void push_state(interp *in)
{
    gstate g = *cur(in);
    g_array_append_val(in->states, g);
    cairo_save(in->cr);
}

static void pop_state(interp *in, guint floor_depth)
{
    if (in->states->len <= floor_depth)
        return;
    g_array_set_size(in->states, in->states->len - 1);
    cairo_restore(in->cr);
}

static gboolean set_dash(cairo_t *cr, const GArray *a, double phase)
{
    double total = 0;
    for (guint i = 0; i < a->len; i++) {
        double d = g_array_index(a, double, i);
        if (d < 0)
            return FALSE;
        total += d;
    }
    if (a->len > 0 && total <= 0)
        return FALSE;
    cairo_set_dash(cr, (const double *)(const void *)a->data, (int)a->len, phase);
    return TRUE;
}

static gboolean set_join_cap(cairo_t *cr, double v, gboolean join)
{
    if (!(v >= 0 && v < 3))
        return FALSE;
    int k = (int)v;
    if (join)
        cairo_set_line_join(cr, k == 0 ? CAIRO_LINE_JOIN_MITER
                                : k == 1 ? CAIRO_LINE_JOIN_ROUND : CAIRO_LINE_JOIN_BEVEL);
    else
        cairo_set_line_cap(cr, k == 0 ? CAIRO_LINE_CAP_BUTT
                               : k == 1 ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_SQUARE);
    return TRUE;
}

/* One entry of an ExtGState dictionary; FALSE for what changes how things
 * are drawn beyond what this file draws (transparency, blend modes,
 * transfer functions, fonts, stroke adjustment switched). */
static gboolean ext_entry(interp *in, const char *key, const nb_cos_val *v)
{
    nb_cos *c = in->cos;
    if (!strcmp(key, "LW")) {
        cur(in)->line_width = nb_cos_num(c, v, cur(in)->line_width);
    } else if (!strcmp(key, "LC") || !strcmp(key, "LJ")) {
        return set_join_cap(in->cr, nb_cos_num(c, v, -1), key[1] == 'J');
    } else if (!strcmp(key, "ML")) {
        cairo_set_miter_limit(in->cr, nb_cos_num(c, v, 10));
    } else if (!strcmp(key, "CA") || !strcmp(key, "ca")) {
        return nb_cos_num(c, v, 1) == 1;
    } else if (!strcmp(key, "BM")) {
        return nb_cos_is_name(v, "Normal") || nb_cos_is_name(v, "Compatible");
    } else if (!strcmp(key, "SMask")) {
        return nb_cos_is_name(v, "None");
    } else if (!strcmp(key, "D") || !strcmp(key, "Font") || !strcmp(key, "TR") ||
               !strcmp(key, "TR2") || !strcmp(key, "SA")) {
        return FALSE;
    }
    return TRUE; /* Type, OP, op, OPM, HT, FL, SM, AIS, TK: no effect on cairo */
}

static gboolean ext_gstate(interp *in, const nb_cos_val *res)
{
    if (in->nops != 1 || in->ops[0].kind != OPD_NAME)
        return FALSE;
    const nb_cos_val *d = resource(in, res, "ExtGState", &in->ops[0]);
    if (!d || d->kind != NB_COS_DICT)
        return FALSE;
    for (guint i = 0; i + 1 < d->items->len; i += 2) {
        const nb_cos_val *k = g_ptr_array_index(d->items, i);
        const nb_cos_val *v = nb_cos_resolve(in->cos, g_ptr_array_index(d->items, i + 1));
        if (k->kind != NB_COS_NAME || !ext_entry(in, k->text, v))
            return FALSE;
    }
    return TRUE;
}

static void concat(cairo_t *cr, const double m[6])
{
    cairo_matrix_t mx;
    cairo_matrix_init(&mx, m[0], m[1], m[2], m[3], m[4], m[5]);
    cairo_transform(cr, &mx);
}

static gboolean invertible(const double m[6])
{
    return fabs(m[0] * m[3] - m[1] * m[2]) > 1e-12;
}

/* ---- the interpreter ---- */

static gboolean run(interp *in, const guchar *data, gsize len, const nb_cos_val *res, int depth);

/* Do on a Form XObject: its matrix, its box as a clip, its content with its
 * resources (poppler's Gfx::doForm1).  Images and anything unusual: FALSE. */
static gboolean draw_form(interp *in, const nb_cos_val *res, int depth)
{
    if (in->nops != 1 || in->ops[0].kind != OPD_NAME || depth >= MAX_FORM_DEPTH)
        return FALSE;
    nb_cos *c = in->cos;
    const nb_cos_val *x = resource(in, res, "XObject", &in->ops[0]);
    if (!x || !nb_cos_is_name(nb_cos_dict_get(c, x, "Subtype"), "Form") ||
        nb_cos_dict_get(c, x, "OC") || nb_cos_dict_get(c, x, "Group") ||
        nb_cos_dict_get(c, x, "Ref"))
        return FALSE;
    double m[6] = {1, 0, 0, 1, 0, 0}, bbox[4];
    const nb_cos_val *mv = nb_cos_dict_get(c, x, "Matrix");
    if (mv && mv->kind == NB_COS_ARRAY && mv->items->len == 6)
        for (int i = 0; i < 6; i++)
            m[i] = nb_cos_num(c, g_ptr_array_index(mv->items, i), m[i]);
    const nb_cos_val *bv = nb_cos_dict_get(c, x, "BBox");
    if (!bv || bv->kind != NB_COS_ARRAY || bv->items->len != 4 || !invertible(m))
        return FALSE;
    for (int i = 0; i < 4; i++)
        bbox[i] = nb_cos_num(c, g_ptr_array_index(bv->items, i), 0);
    GBytes *b = nb_cos_stream(c, x, MAX_CONTENT);
    if (!b)
        return FALSE;
    const nb_cos_val *fres = nb_cos_dict_get(c, x, "Resources");
    path saved = in->p;
    clip_kind saved_clip = in->clip;
    path inner = {g_array_new(FALSE, FALSE, sizeof(path_pt)), g_array_new(FALSE, FALSE, sizeof(subpath)),
                  FALSE, 0, 0, 0, 0};
    in->p = inner;
    in->clip = CLIP_NONE;
    push_state(in);
    concat(in->cr, m);
    path_move(&in->p, bbox[0], bbox[1]);
    path_line(&in->p, bbox[2], bbox[1]);
    path_line(&in->p, bbox[2], bbox[3]);
    path_line(&in->p, bbox[0], bbox[3]);
    path_close(&in->p);
    in->clip = CLIP_NORMAL;
    end_path(in);
    gsize n = 0;
    const guchar *d = g_bytes_get_data(b, &n);
    gboolean ok = run(in, d, n, fres ? fres : res, depth + 1);
    g_bytes_unref(b);
    g_array_free(in->p.pts, TRUE);
    g_array_free(in->p.subs, TRUE);
    in->p = saved;
    in->clip = saved_clip;
    pop_state(in, 0);
    return ok;
}

/* Tf: a Type 3 font draws its glyphs as paths: refused. */
static gboolean check_font(interp *in, const nb_cos_val *res)
{
    if (in->nops != 2 || in->ops[0].kind != OPD_NAME)
        return FALSE;
    const nb_cos_val *f = resource(in, res, "Font", &in->ops[0]);
    return !nb_cos_is_name(nb_cos_dict_get(in->cos, f, "Subtype"), "Type3");
}

/* An operator as up to three bytes packed in an integer, for one switch. */
#define K1(a) ((guint32)(guchar)(a))
#define K2(a, b) (K1(a) | K1(b) << 8)
#define K3(a, b, c) (K2(a, b) | K1(c) << 16)

/* Path construction; -1 when `op` is not one of them. */
static int construct_op(interp *in, guint32 op)
{
    double v[6];
    path *p = &in->p;
    switch (op) {
    case K1('m'):
        return nums(in, 2, v) ? (path_move(p, v[0], v[1]), 1) : 0;
    case K1('l'):
        return nums(in, 2, v) && has_curpt(p) ? (path_line(p, v[0], v[1]), 1) : 0;
    case K1('c'):
        return nums(in, 6, v) && has_curpt(p)
                   ? (path_curve(p, v[0], v[1], v[2], v[3], v[4], v[5]), 1)
                   : 0;
    case K1('v'):
        return nums(in, 4, v) && has_curpt(p)
                   ? (path_curve(p, p->cx, p->cy, v[0], v[1], v[2], v[3]), 1)
                   : 0;
    case K1('y'):
        return nums(in, 4, v) && has_curpt(p)
                   ? (path_curve(p, v[0], v[1], v[2], v[3], v[2], v[3]), 1)
                   : 0;
    case K1('h'):
        return in->nops == 0 && has_curpt(p) ? (path_close(p), 1) : 0;
    case K2('r', 'e'):
        if (!nums(in, 4, v))
            return 0;
        path_move(p, v[0], v[1]);
        path_line(p, v[0] + v[2], v[1]);
        path_line(p, v[0] + v[2], v[1] + v[3]);
        path_line(p, v[0], v[1] + v[3]);
        path_close(p);
        return 1;
    case K1('W'):
    case K2('W', '*'):
        in->clip = op == K1('W') ? CLIP_NORMAL : CLIP_EO;
        return in->nops == 0;
    default:
        return -1;
    }
}

/* Painting (close first?, fill rule 0 none / 1 winding / 2 even-odd,
 * stroke?); -1 when `op` is not one of them. */
static int paint_op(interp *in, guint32 op)
{
    gboolean close = FALSE, do_stroke = TRUE;
    int rule = 0;
    switch (op) {
    case K1('S'):
        break;
    case K1('s'):
        close = TRUE;
        break;
    case K1('f'):
    case K1('F'):
        rule = 1, do_stroke = FALSE;
        break;
    case K2('f', '*'):
        rule = 2, do_stroke = FALSE;
        break;
    case K1('B'):
        rule = 1;
        break;
    case K2('B', '*'):
        rule = 2;
        break;
    case K1('b'):
        close = TRUE, rule = 1;
        break;
    case K2('b', '*'):
        close = TRUE, rule = 2;
        break;
    case K1('n'):
        do_stroke = FALSE;
        break;
    default:
        return -1;
    }
    if (in->nops)
        return 0;
    paint(in, close, rule, do_stroke);
    return 1;
}

/* Sets the fill or stroke colour space's size and its colour. */
static int colour_op(interp *in, const nb_cos_val *res, gboolean stroking, int n)
{
    if (!set_colour(in, res, stroking, n))
        return 0;
    if (stroking)
        cur(in)->stroke_n = n;
    else
        cur(in)->fill_n = n;
    return 1;
}

/* Graphics state and colour operators; -1 when `op` is none of them. */
static int state_op(interp *in, guint32 op, const nb_cos_val *res, guint floor_depth)
{
    double v[6];
    switch (op) {
    case K1('q'):
        return in->nops == 0 ? (push_state(in), 1) : 0;
    case K1('Q'): /* one too many: poppler complains */
        return in->nops == 0 && in->states->len > floor_depth ? (pop_state(in, floor_depth), 1)
                                                              : 0;
    case K2('c', 'm'):
        if (!nums(in, 6, v) || !invertible(v))
            return 0;
        concat(in->cr, v);
        return 1;
    case K1('w'):
        return nums(in, 1, v) ? (cur(in)->line_width = v[0], 1) : 0;
    case K1('J'):
    case K1('j'):
        return nums(in, 1, v) && set_join_cap(in->cr, v[0], op == K1('j'));
    case K1('M'):
        return nums(in, 1, v) ? (cairo_set_miter_limit(in->cr, v[0]), 1) : 0;
    case K1('d'):
        return in->nops == 2 && in->ops[0].kind == OPD_ARRAY && in->ops[0].nums &&
               in->ops[1].kind == OPD_NUM && set_dash(in->cr, in->ops[0].nums, in->ops[1].num);
    case K2('g', 's'):
        return ext_gstate(in, res);
    case K1('g'):
    case K1('G'):
        return colour_op(in, res, op == K1('G'), 1);
    case K2('r', 'g'):
    case K2('R', 'G'):
        return colour_op(in, res, op == K2('R', 'G'), 3);
    case K2('c', 's'):
    case K2('C', 'S'):
        return set_space(in, res, op == K2('C', 'S'));
    case K2('s', 'c'):
    case K3('s', 'c', 'n'):
        return set_colour(in, res, FALSE, cur(in)->fill_n);
    case K2('S', 'C'):
    case K3('S', 'C', 'N'):
        return set_colour(in, res, TRUE, cur(in)->stroke_n);
    default:
        return -1;
    }
}

/* Text, marked content and XObjects; -1 when `op` is none of them. */
static int other_op(interp *in, guint32 op, const nb_cos_val *res, int depth)
{
    switch (op) {
    case K2('D', 'o'):
        return draw_form(in, res, depth);
    case K2('T', 'f'):
        return check_font(in, res);
    case K2('T', 'r'):
        return in->nops == 1 && in->ops[0].kind == OPD_NUM && in->ops[0].num < 4;
    case K3('B', 'D', 'C'):
        return !(in->nops >= 1 && name_is(&in->ops[0], "OC"));
    case K2('B', 'X'):
        return in->compat++, 1;
    case K2('E', 'X'):
        return in->compat -= in->compat > 0, 1;
    /* placing and showing text, marked content: no effect on the paths */
    case K2('B', 'T'): case K2('E', 'T'): case K2('T', 'c'): case K2('T', 'w'):
    case K2('T', 'z'): case K2('T', 'L'): case K2('T', 's'): case K2('T', 'd'):
    case K2('T', 'D'): case K2('T', 'm'): case K2('T', '*'): case K2('T', 'j'):
    case K2('T', 'J'): case K1('\''): case K1('"'): case K2('d', '0'): case K2('d', '1'):
    case K2('r', 'i'): case K1('i'): case K2('M', 'P'): case K2('D', 'P'):
    case K3('B', 'M', 'C'): case K3('E', 'M', 'C'):
        return 1;
    default:
        return -1;
    }
}

/* One operator; FALSE refuses the page.  Unknown operators are allowed
 * only between BX and EX, and never inline images or shadings. */
static gboolean do_op(interp *in, guint32 op, const nb_cos_val *res, int depth,
                      guint floor_depth)
{
    int r = construct_op(in, op);
    if (r < 0)
        r = paint_op(in, op);
    if (r < 0)
        r = state_op(in, op, res, floor_depth);
    if (r < 0)
        r = other_op(in, op, res, depth);
    if (r >= 0)
        return r == 1;
    return in->compat > 0 && op != K2('B', 'I') && op != K2('s', 'h');
}

/* An array operand: its numbers kept when it holds only numbers. */
static operand read_array(interp *in, nb_lexer *lx)
{
    operand o = {OPD_ARRAY, 0, NULL, 0, g_array_new(FALSE, FALSE, sizeof(double))};
    g_ptr_array_add(in->arrays, o.nums);
    gboolean only_nums = TRUE;
    for (int depth = 1; depth > 0;) {
        nb_tok t = nb_lex_next(lx);
        if (t.kind == NB_TOK_END)
            break;
        if (t.kind == NB_TOK_ARRAY_OPEN)
            depth++, only_nums = FALSE;
        else if (t.kind == NB_TOK_ARRAY_CLOSE)
            depth--;
        else if (t.kind == NB_TOK_NUM)
            g_array_append_val(o.nums, t.num);
        else
            only_nums = FALSE;
    }
    if (!only_nums)
        o.nums = NULL;
    return o;
}

static void skip_dict(nb_lexer *lx)
{
    for (int depth = 1; depth > 0;) {
        nb_tok t = nb_lex_next(lx);
        if (t.kind == NB_TOK_END)
            return;
        depth += t.kind == NB_TOK_DICT_OPEN ? 1 : t.kind == NB_TOK_DICT_CLOSE ? -1 : 0;
    }
}

/* Runs one content stream (a page's, or a form's) with resources `res`;
 * the graphics states it leaves open are closed at its end. */
static gboolean run(interp *in, const guchar *data, gsize len, const nb_cos_val *res, int depth)
{
    nb_lexer lx = {data, data + len};
    guint floor_depth = in->states->len;
    gboolean ok = TRUE;
    in->nops = 0;
    while (ok) {
        nb_tok t = nb_lex_next(&lx);
        if (t.kind == NB_TOK_END)
            break;
        if (in->nops >= MAX_OPERANDS && t.kind != NB_TOK_WORD) {
            ok = FALSE;
            break;
        }
        operand *o = &in->ops[in->nops];
        switch (t.kind) {
        case NB_TOK_NUM:
            *o = (operand){OPD_NUM, t.num, NULL, 0, NULL}, in->nops++;
            break;
        case NB_TOK_NAME:
            *o = (operand){OPD_NAME, 0, t.start, t.len, NULL}, in->nops++;
            break;
        case NB_TOK_ARRAY_OPEN:
            *o = read_array(in, &lx), in->nops++;
            break;
        case NB_TOK_DICT_OPEN:
            skip_dict(&lx);
            *o = (operand){OPD_OTHER, 0, NULL, 0, NULL}, in->nops++;
            break;
        case NB_TOK_STRING:
            *o = (operand){OPD_OTHER, 0, NULL, 0, NULL}, in->nops++;
            break;
        case NB_TOK_WORD: {
            if (nb_tok_is(&t, "true") || nb_tok_is(&t, "false") || nb_tok_is(&t, "null")) {
                *o = (operand){OPD_OTHER, 0, NULL, 0, NULL}, in->nops++;
                break;
            }
            guint32 op = 0;
            for (gsize i = 0; i < t.len && i < 3; i++)
                op |= K1(t.start[i]) << (8 * i);
            ok = t.len <= 3 ? do_op(in, op, res, depth, floor_depth) : in->compat > 0;
            in->nops = 0;
            break;
        }
        default:
            ok = FALSE;
        }
    }
    ok = ok && in->nops == 0;
    while (in->states->len > floor_depth)
        pop_state(in, 0);
    return ok;
}

/* The page's content streams, decoded and joined; NULL when one is not a
 * stream or does not decode. */
static GByteArray *page_content(nb_cos *c, const nb_cos_page *pg)
{
    const nb_cos_val *contents = nb_cos_dict_get(c, pg->page, "Contents");
    GByteArray *all = g_byte_array_new();
    if (!contents)
        return all;
    guint n = contents->kind == NB_COS_ARRAY ? contents->items->len : 1;
    for (guint i = 0; i < n; i++) {
        const nb_cos_val *s = contents->kind == NB_COS_ARRAY
                                  ? nb_cos_resolve(c, g_ptr_array_index(contents->items, i))
                                  : contents;
        GBytes *b = s ? nb_cos_stream(c, s, MAX_CONTENT) : NULL;
        if (!b) {
            g_byte_array_free(all, TRUE);
            return NULL;
        }
        gsize len = 0;
        const guchar *d = g_bytes_get_data(b, &len);
        g_byte_array_append(all, d, (guint)len);
        g_byte_array_append(all, (const guint8 *)"\n", 1);
        g_bytes_unref(b);
    }
    return all;
}

/* A page this file cannot draw as poppler does, before reading it. */
static gboolean page_refused(nb_cos *c, const nb_cos_page *pg)
{
    const nb_cos_val *annots = nb_cos_dict_get(c, pg->page, "Annots");
    if (annots && (annots->kind != NB_COS_ARRAY || annots->items->len > 0))
        return TRUE;
    const nb_cos_val *cs = nb_cos_dict_get(c, pg->resources, "ColorSpace");
    if (nb_cos_dict_get(c, cs, "DefaultGray") || nb_cos_dict_get(c, cs, "DefaultRGB"))
        return TRUE;
    return pg->rotate != 0 || pg->crop[2] <= pg->crop[0] || pg->crop[3] <= pg->crop[1];
}

gboolean nb_pdf_paths_draw(nb_cos *cos, int index, cairo_t *cr)
{
    const nb_cos_page *pg = nb_cos_get_page(cos, index);
    if (!pg || page_refused(cos, pg))
        return FALSE;
    GByteArray *content = page_content(cos, pg);
    if (!content)
        return FALSE;
    interp in = {0};
    in.cos = cos;
    in.cr = cr;
    in.states = g_array_new(FALSE, FALSE, sizeof(gstate));
    in.arrays = g_ptr_array_new_with_free_func((GDestroyNotify)g_array_unref);
    in.p.pts = g_array_new(FALSE, FALSE, sizeof(path_pt));
    in.p.subs = g_array_new(FALSE, FALSE, sizeof(subpath));
    gstate g0 = {{0, 0, 0}, {0, 0, 0}, 1, 1, 1.0};
    g_array_append_val(in.states, g0);
    cairo_save(cr);
    /* poppler's default matrix (upside down, the crop box's top-left at
     * the origin), then the crop box as a clip (Gfx's constructor) */
    double base[6] = {1, 0, 0, -1, -pg->crop[0], pg->crop[3]};
    concat(cr, base);
    cairo_set_line_width(cr, 1.0);
    cairo_set_miter_limit(cr, 10.0);
    path_move(&in.p, pg->crop[0], pg->crop[1]);
    path_line(&in.p, pg->crop[2], pg->crop[1]);
    path_line(&in.p, pg->crop[2], pg->crop[3]);
    path_line(&in.p, pg->crop[0], pg->crop[3]);
    path_close(&in.p);
    in.clip = CLIP_NORMAL;
    end_path(&in);
    gboolean ok = run(&in, content->data, content->len, pg->resources, 0);
    cairo_restore(cr);
    ok = ok && cairo_status(cr) == CAIRO_STATUS_SUCCESS;
    g_byte_array_free(content, TRUE);
    g_array_free(in.states, TRUE);
    g_ptr_array_free(in.arrays, TRUE);
    g_array_free(in.p.pts, TRUE);
    g_array_free(in.p.subs, TRUE);
    return ok;
}
