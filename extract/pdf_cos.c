/* pdf_cos.c — see pdf_cos.h. */
#include "extract/pdf_cos.h"

#include <math.h>
#include <string.h>
#include <zlib.h>

/* Nesting of arrays and dictionaries in one value, and of references
 * followed in one resolve; deeper is treated as damaged. */
#define MAX_DEPTH 64
/* Depth of the page tree and the number of pages walked. */
#define MAX_TREE_DEPTH 64
#define MAX_PAGES 1000000
/* Object streams and the objects in one (a damaged count is not trusted). */
#define MAX_OBJSTM (64u << 20)
#define MAX_OBJSTM_MEMBERS 1000000

typedef struct {
    const guchar *start; /* the "N G obj" header in the file or a decoded object stream */
    const guchar *end;   /* the end of the buffer it lies in */
    gboolean parsed;
    nb_cos_val *val;
    const guchar *sdata; /* stream data, when the object is a stream */
    gsize slen;
    gboolean in_objstm;  /* a member: no header, no stream */
    gsize pos;           /* where the definition lies in the file (a member: its stream's) */
} cos_obj;

typedef struct {
    double media[4];
    gboolean has_media;
    double crop[4];
    gboolean has_crop;
    int rotate;
    const nb_cos_val *resources;
} inherited;

struct nb_cos {
    const guchar *data;
    gsize len;
    GHashTable *objs;     /* object number → cos_obj* */
    GPtrArray *vals;      /* every nb_cos_val made, freed together */
    GPtrArray *buffers;   /* GBytes of decoded object streams */
    GArray *pages;        /* nb_cos_page */
    GHashTable *visited;  /* page-tree nodes seen (object numbers) */
    GHashTable *streams;  /* a stream's dictionary (nb_cos_val*) → its cos_obj* */
};

/* ---- the lexer ---- */

/* Byte classes of the PDF syntax: white space, delimiters, the rest. */
enum { CL_REGULAR, CL_SPACE, CL_DELIM };

static const guint8 byte_class[256] = {
    [0] = CL_SPACE,   ['\t'] = CL_SPACE, ['\n'] = CL_SPACE, ['\f'] = CL_SPACE,
    ['\r'] = CL_SPACE, [' '] = CL_SPACE,  ['('] = CL_DELIM,  [')'] = CL_DELIM,
    ['<'] = CL_DELIM, ['>'] = CL_DELIM,   ['['] = CL_DELIM,  [']'] = CL_DELIM,
    ['{'] = CL_DELIM, ['}'] = CL_DELIM,   ['/'] = CL_DELIM,  ['%'] = CL_DELIM,
};

static inline gboolean is_space(int c)
{
    return byte_class[(guchar)c] == CL_SPACE;
}

static inline gboolean is_delim(int c)
{
    return byte_class[(guchar)c] == CL_DELIM;
}

static inline gboolean is_regular(int c)
{
    return byte_class[(guchar)c] == CL_REGULAR;
}

static void skip_space(nb_lexer *lx)
{
    while (lx->p < lx->end) {
        if (is_space(*lx->p))
            lx->p++;
        else if (*lx->p == '%')
            while (lx->p < lx->end && *lx->p != '\n' && *lx->p != '\r')
                lx->p++;
        else
            break;
    }
}

/* A literal string, nesting parentheses, backslash escapes skipped. */
static void skip_literal(nb_lexer *lx)
{
    int depth = 0;
    while (lx->p < lx->end) {
        guchar c = *lx->p++;
        if (c == '\\')
            lx->p += lx->p < lx->end;
        else if (c == '(')
            depth++;
        else if (c == ')' && --depth == 0)
            return;
    }
}

/* A number as poppler's lexer reads it: sign, digits, one point. */
static gboolean lex_number(nb_lexer *lx, nb_tok *t)
{
    const guchar *p = lx->p;
    double sign = 1;
    if (p < lx->end && (*p == '-' || *p == '+'))
        sign = *p++ == '-' ? -1 : 1;
    double v = 0, scale = 0;
    gboolean digits = FALSE;
    for (; p < lx->end; p++) {
        if (g_ascii_isdigit(*p)) {
            digits = TRUE;
            if (scale > 0) {
                v += (*p - '0') * scale;
                scale /= 10;
            } else {
                v = v * 10 + (*p - '0');
            }
        } else if (*p == '.' && scale == 0) {
            scale = 0.1;
        } else {
            break;
        }
    }
    if (!digits || (p < lx->end && is_regular(*p)))
        return FALSE;
    t->kind = NB_TOK_NUM;
    t->num = sign * v;
    t->is_int = scale == 0;
    t->len = (gsize)(p - lx->p);
    lx->p = p;
    return TRUE;
}

nb_tok nb_lex_next(nb_lexer *lx)
{
    nb_tok t = {NB_TOK_END, 0, NULL, 0, FALSE};
    skip_space(lx);
    if (lx->p >= lx->end)
        return t;
    guchar c = *lx->p;
    t.start = lx->p;
    if (c == '/') {
        const guchar *s = ++lx->p;
        while (lx->p < lx->end && is_regular(*lx->p))
            lx->p++;
        t.kind = NB_TOK_NAME, t.start = s, t.len = (gsize)(lx->p - s);
    } else if (c == '(') {
        skip_literal(lx);
        t.kind = NB_TOK_STRING;
    } else if (c == '<' && lx->p + 1 < lx->end && lx->p[1] == '<') {
        lx->p += 2, t.kind = NB_TOK_DICT_OPEN;
    } else if (c == '<') {
        while (lx->p < lx->end && *lx->p != '>')
            lx->p++;
        lx->p += lx->p < lx->end;
        t.kind = NB_TOK_STRING;
    } else if (c == '>' && lx->p + 1 < lx->end && lx->p[1] == '>') {
        lx->p += 2, t.kind = NB_TOK_DICT_CLOSE;
    } else if (c == '[' || c == ']') {
        lx->p++, t.kind = c == '[' ? NB_TOK_ARRAY_OPEN : NB_TOK_ARRAY_CLOSE;
    } else if (is_delim(c)) {
        lx->p++, t.kind = NB_TOK_BAD;
    } else if ((g_ascii_isdigit(c) || c == '-' || c == '+' || c == '.') && lex_number(lx, &t)) {
        /* t filled */
    } else {
        while (lx->p < lx->end && is_regular(*lx->p))
            lx->p++;
        t.kind = NB_TOK_WORD, t.len = (gsize)(lx->p - t.start);
    }
    return t;
}

gboolean nb_tok_is(const nb_tok *t, const char *w)
{
    gsize n = strlen(w);
    return t->kind == NB_TOK_WORD && t->len == n && !memcmp(t->start, w, n);
}

/* ---- values ---- */

static void val_free(gpointer p)
{
    nb_cos_val *v = p;
    g_free(v->text);
    if (v->items)
        g_ptr_array_free(v->items, TRUE);
    g_free(v);
}

static nb_cos_val *val_new(nb_cos *c, nb_cos_kind kind)
{
    nb_cos_val *v = g_new0(nb_cos_val, 1);
    v->kind = kind;
    g_ptr_array_add(c->vals, v);
    return v;
}

static nb_cos_val *parse_value(nb_cos *c, nb_lexer *lx, nb_tok t, int depth);

/* Items up to the closing token `close` (keys and values alike). */
static nb_cos_val *parse_items(nb_cos *c, nb_lexer *lx, nb_cos_kind kind, nb_tok_kind close,
                               int depth)
{
    nb_cos_val *v = val_new(c, kind);
    v->items = g_ptr_array_new();
    for (;;) {
        nb_tok t = nb_lex_next(lx);
        if (t.kind == close || t.kind == NB_TOK_END)
            break;
        g_ptr_array_add(v->items, parse_value(c, lx, t, depth + 1));
    }
    if (kind == NB_COS_DICT && v->items->len % 2)
        g_ptr_array_set_size(v->items, v->items->len - 1);
    return v;
}

/* An integer token followed by "G R" is a reference. */
static nb_cos_val *parse_number(nb_cos *c, nb_lexer *lx, nb_tok t)
{
    if (t.is_int && t.num >= 0 && t.num <= G_MAXINT) {
        nb_lexer save = *lx;
        nb_tok g = nb_lex_next(lx);
        if (g.kind == NB_TOK_NUM && g.is_int && g.num >= 0 && g.num <= G_MAXINT) {
            nb_tok r = nb_lex_next(lx);
            if (nb_tok_is(&r, "R")) {
                nb_cos_val *v = val_new(c, NB_COS_REF);
                v->ref_num = (int)t.num, v->ref_gen = (int)g.num;
                return v;
            }
        }
        *lx = save;
    }
    nb_cos_val *v = val_new(c, NB_COS_NUM);
    v->num = t.num;
    return v;
}

static nb_cos_val *parse_value(nb_cos *c, nb_lexer *lx, nb_tok t, int depth)
{
    if (depth > MAX_DEPTH)
        return val_new(c, NB_COS_NULL);
    switch (t.kind) {
    case NB_TOK_NUM:
        return parse_number(c, lx, t);
    case NB_TOK_NAME: {
        nb_cos_val *v = val_new(c, NB_COS_NAME);
        v->text = g_strndup((const char *)t.start, t.len);
        return v;
    }
    case NB_TOK_STRING: {
        nb_cos_val *v = val_new(c, NB_COS_STRING);
        v->text = g_strndup((const char *)t.start, (gsize)(lx->p - t.start));
        return v;
    }
    case NB_TOK_ARRAY_OPEN:
        return parse_items(c, lx, NB_COS_ARRAY, NB_TOK_ARRAY_CLOSE, depth);
    case NB_TOK_DICT_OPEN:
        return parse_items(c, lx, NB_COS_DICT, NB_TOK_DICT_CLOSE, depth);
    default:
        break;
    }
    if (nb_tok_is(&t, "true") || nb_tok_is(&t, "false")) {
        nb_cos_val *v = val_new(c, NB_COS_BOOL);
        v->num = nb_tok_is(&t, "true");
        return v;
    }
    return val_new(c, NB_COS_NULL);
}

gboolean nb_cos_is_name(const nb_cos_val *v, const char *name)
{
    return v && v->kind == NB_COS_NAME && !strcmp(v->text, name);
}

/* ---- objects ---- */

/* The stream data after the "stream" keyword at `p`: /Length when it ends
 * at "endstream", else up to the next "endstream". */
static void locate_stream(nb_cos *c, cos_obj *o, const guchar *p, const guchar *end)
{
    if (p < end && *p == '\r')
        p++;
    if (p < end && *p == '\n')
        p++;
    double n = nb_cos_num(c, nb_cos_dict_get(c, o->val, "Length"), -1);
    if (n >= 0 && n <= (double)(end - p)) {
        nb_lexer lx = {p + (gsize)n, end};
        nb_tok t = nb_lex_next(&lx);
        if (nb_tok_is(&t, "endstream")) {
            o->sdata = p, o->slen = (gsize)n;
            return;
        }
    }
    const guchar *e = memmem(p, (gsize)(end - p), "endstream", 9);
    if (!e)
        return;
    while (e > p && (e[-1] == '\n' || e[-1] == '\r'))
        e--;
    o->sdata = p, o->slen = (gsize)(e - p);
}

static void parse_object(nb_cos *c, cos_obj *o)
{
    o->parsed = TRUE;
    nb_lexer lx = {o->start, o->end};
    if (!o->in_objstm) {
        nb_tok a = nb_lex_next(&lx), b = nb_lex_next(&lx), k = nb_lex_next(&lx);
        if (a.kind != NB_TOK_NUM || b.kind != NB_TOK_NUM || !nb_tok_is(&k, "obj"))
            return;
    }
    o->val = parse_value(c, &lx, nb_lex_next(&lx), 0);
    if (o->in_objstm || o->val->kind != NB_COS_DICT)
        return;
    nb_lexer after = lx;
    nb_tok s = nb_lex_next(&after);
    if (nb_tok_is(&s, "stream")) {
        locate_stream(c, o, s.start + 6, c->data + c->len);
        g_hash_table_insert(c->streams, o->val, o);
    }
}

/* Records object `num` defined at file offset `pos`, unless a definition
 * later in the file is known (an incremental update replaces objects by
 * appending them, plainly or in a new object stream). */
static void add_obj(nb_cos *c, int num, const guchar *start, const guchar *end, gboolean member,
                    gsize pos)
{
    cos_obj *old = g_hash_table_lookup(c->objs, GINT_TO_POINTER(num));
    if (old && old->pos > pos)
        return;
    if (old && old->val)
        g_hash_table_remove(c->streams, old->val);
    cos_obj *o = g_new0(cos_obj, 1);
    o->start = start, o->end = end, o->in_objstm = member, o->pos = pos;
    g_hash_table_replace(c->objs, GINT_TO_POINTER(num), o);
}

/* Every "N G obj" header of the file; a later one replaces an earlier one. */
static void scan_objects(nb_cos *c)
{
    const guchar *d = c->data, *end = d + c->len;
    for (const guchar *p = d; p + 3 <= end && (p = memmem(p, (gsize)(end - p), "obj", 3)); p += 3) {
        if (p + 3 < end && is_regular(p[3]))
            continue;
        const guchar *q = p;
        if (q == d || !is_space(q[-1]))
            continue;
        while (q > d && is_space(q[-1]))
            q--;
        const guchar *g = q;
        while (g > d && g_ascii_isdigit(g[-1]))
            g--;
        if (g == q || g == d || !is_space(g[-1]))
            continue;
        const guchar *n = g;
        while (n > d && is_space(n[-1]))
            n--;
        const guchar *s = n;
        while (s > d && g_ascii_isdigit(s[-1]))
            s--;
        if (s == n || n - s > 9 || (s > d && is_regular(s[-1])))
            continue;
        add_obj(c, (int)g_ascii_strtoll((const char *)s, NULL, 10), s, end, FALSE,
                (gsize)(s - d));
    }
}

/* The members of one object stream (at file offset `pos`), registered
 * unless a definition later in the file replaces them. */
static void load_objstm(nb_cos *c, const nb_cos_val *dict, gsize pos)
{
    double nd = nb_cos_num(c, nb_cos_dict_get(c, dict, "N"), -1);
    double fd = nb_cos_num(c, nb_cos_dict_get(c, dict, "First"), -1);
    if (!(nd > 0 && nd <= MAX_OBJSTM_MEMBERS && fd >= 0 && fd <= MAX_OBJSTM))
        return;
    int n = (int)nd, first = (int)fd;
    GBytes *b = nb_cos_stream(c, dict, MAX_OBJSTM);
    if (!b)
        return;
    gsize len = 0;
    const guchar *d = g_bytes_get_data(b, &len);
    g_ptr_array_add(c->buffers, b);
    if (n <= 0 || n > MAX_OBJSTM_MEMBERS || first < 0 || (gsize)first > len)
        return;
    nb_lexer lx = {d, d + first};
    for (int i = 0; i < n; i++) {
        nb_tok num = nb_lex_next(&lx), off = nb_lex_next(&lx);
        if (num.kind != NB_TOK_NUM || off.kind != NB_TOK_NUM || !(off.num >= 0) ||
            !(num.num >= 0 && num.num <= G_MAXINT) || off.num > (double)len ||
            (gsize)first + (gsize)off.num > len)
            return;
        add_obj(c, (int)num.num, d + first + (gsize)off.num, d + len, TRUE, pos);
    }
}

/* Every object stream of the file, read when the file opens (its members
 * may replace plain objects written before it). */
static void load_objstms(nb_cos *c)
{
    GList *keys = g_hash_table_get_keys(c->objs);
    for (GList *k = keys; k; k = k->next) {
        cos_obj *o = g_hash_table_lookup(c->objs, k->data);
        if (!o)
            continue;
        gsize look = MIN((gsize)512, (gsize)(o->end - o->start));
        if (o->in_objstm || !memmem(o->start, look, "/ObjStm", 7))
            continue;
        if (!o->parsed)
            parse_object(c, o);
        if (nb_cos_is_name(nb_cos_dict_get(c, o->val, "Type"), "ObjStm"))
            load_objstm(c, o->val, o->pos);
    }
    g_list_free(keys);
}

static cos_obj *find_obj(nb_cos *c, int num)
{
    cos_obj *o = g_hash_table_lookup(c->objs, GINT_TO_POINTER(num));
    if (o && !o->parsed)
        parse_object(c, o);
    return o;
}

const nb_cos_val *nb_cos_resolve(nb_cos *c, const nb_cos_val *v)
{
    for (int i = 0; v && v->kind == NB_COS_REF; i++) {
        if (i > MAX_DEPTH)
            return NULL;
        cos_obj *o = find_obj(c, v->ref_num);
        v = o ? o->val : NULL;
    }
    return v;
}

const nb_cos_val *nb_cos_dict_get(nb_cos *c, const nb_cos_val *dict, const char *key)
{
    dict = nb_cos_resolve(c, dict);
    if (!dict || dict->kind != NB_COS_DICT)
        return NULL;
    for (guint i = 0; i + 1 < dict->items->len; i += 2)
        if (nb_cos_is_name(g_ptr_array_index(dict->items, i), key))
            return nb_cos_resolve(c, g_ptr_array_index(dict->items, i + 1));
    return NULL;
}

double nb_cos_num(nb_cos *c, const nb_cos_val *v, double fallback)
{
    v = nb_cos_resolve(c, v);
    return v && v->kind == NB_COS_NUM ? v->num : fallback;
}

/* ---- streams ---- */

/* TRUE when the stream's filters are none or Flate without a predictor. */
static gboolean plain_or_flate(nb_cos *c, const nb_cos_val *dict, gboolean *flate)
{
    const nb_cos_val *f = nb_cos_dict_get(c, dict, "Filter");
    if (f && f->kind == NB_COS_ARRAY && f->items->len == 1)
        f = nb_cos_resolve(c, g_ptr_array_index(f->items, 0));
    else if (f && f->kind == NB_COS_ARRAY && f->items->len == 0)
        f = NULL;
    *flate = f != NULL;
    if (f && !nb_cos_is_name(f, "FlateDecode") && !nb_cos_is_name(f, "Fl"))
        return FALSE;
    const nb_cos_val *p = nb_cos_dict_get(c, dict, "DecodeParms");
    if (p && p->kind == NB_COS_ARRAY && p->items->len == 1)
        p = nb_cos_resolve(c, g_ptr_array_index(p->items, 0));
    return !p || p->kind == NB_COS_NULL ||
           (p->kind == NB_COS_DICT && nb_cos_num(c, nb_cos_dict_get(c, p, "Predictor"), 1) <= 1);
}

/* The whole of a zlib stream, or NULL when it is damaged, cut short or
 * larger than `cap`. */
static GBytes *inflate_all(const guchar *p, gsize n, gsize cap)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit(&z) != Z_OK)
        return NULL;
    GByteArray *out = g_byte_array_new();
    guchar buf[65536];
    z.next_in = (Bytef *)p;
    z.avail_in = (uInt)MIN(n, (gsize)G_MAXUINT);
    int rc;
    do {
        z.next_out = buf;
        z.avail_out = sizeof buf;
        rc = inflate(&z, Z_NO_FLUSH);
        g_byte_array_append(out, buf, (guint)(sizeof buf - z.avail_out));
    } while (rc == Z_OK && out->len <= cap);
    inflateEnd(&z);
    if (rc != Z_STREAM_END || out->len > cap) {
        g_byte_array_free(out, TRUE);
        return NULL;
    }
    return g_byte_array_free_to_bytes(out);
}

GBytes *nb_cos_stream(nb_cos *c, const nb_cos_val *dict, gsize cap)
{
    cos_obj *o = dict ? g_hash_table_lookup(c->streams, dict) : NULL;
    gboolean flate = FALSE;
    if (!o || !o->sdata || !plain_or_flate(c, dict, &flate))
        return NULL;
    if (!flate)
        return o->slen <= cap ? g_bytes_new(o->sdata, o->slen) : NULL;
    return inflate_all(o->sdata, o->slen, cap);
}

/* ---- the page tree ---- */

/* A box of four numbers, normalised; FALSE when `v` is not one. */
static gboolean read_box(nb_cos *c, const nb_cos_val *v, double box[4])
{
    v = nb_cos_resolve(c, v);
    if (!v || v->kind != NB_COS_ARRAY || v->items->len != 4)
        return FALSE;
    for (int i = 0; i < 4; i++) {
        const nb_cos_val *n = nb_cos_resolve(c, g_ptr_array_index(v->items, i));
        if (!n || n->kind != NB_COS_NUM)
            return FALSE;
        box[i] = n->num;
    }
    if (box[0] > box[2]) {
        double t = box[0];
        box[0] = box[2], box[2] = t;
    }
    if (box[1] > box[3]) {
        double t = box[1];
        box[1] = box[3], box[3] = t;
    }
    return TRUE;
}

static void inherit(nb_cos *c, const nb_cos_val *node, inherited *in)
{
    if (read_box(c, nb_cos_dict_get(c, node, "MediaBox"), in->media))
        in->has_media = TRUE;
    if (read_box(c, nb_cos_dict_get(c, node, "CropBox"), in->crop))
        in->has_crop = TRUE;
    const nb_cos_val *r = nb_cos_dict_get(c, node, "Rotate");
    if (r && r->kind == NB_COS_NUM && fabs(r->num) < 1e6)
        in->rotate = (int)r->num;
    const nb_cos_val *res = nb_cos_dict_get(c, node, "Resources");
    if (res && res->kind == NB_COS_DICT)
        in->resources = res;
}

/* Adds a leaf; FALSE when it has no usable media box. */
static gboolean add_page(nb_cos *c, const nb_cos_val *node, const inherited *in)
{
    if (!in->has_media)
        return FALSE;
    nb_cos_page pg = {{0}, {0}, 0, in->resources, node};
    memcpy(pg.media, in->media, sizeof pg.media);
    memcpy(pg.crop, in->has_crop ? in->crop : in->media, sizeof pg.crop);
    pg.crop[0] = MAX(pg.crop[0], pg.media[0]), pg.crop[1] = MAX(pg.crop[1], pg.media[1]);
    pg.crop[2] = MIN(pg.crop[2], pg.media[2]), pg.crop[3] = MIN(pg.crop[3], pg.media[3]);
    pg.rotate = ((in->rotate % 360) + 360) % 360;
    g_array_append_val(c->pages, pg);
    return TRUE;
}

/* Walks the (sub)tree at `ref`; FALSE when it is damaged (a cycle, a
 * missing node, too deep or too many pages). */
static gboolean walk(nb_cos *c, const nb_cos_val *ref, inherited in, int depth)
{
    if (depth > MAX_TREE_DEPTH || !ref || ref->kind != NB_COS_REF || c->pages->len > MAX_PAGES)
        return FALSE;
    if (g_hash_table_contains(c->visited, GINT_TO_POINTER(ref->ref_num)))
        return FALSE;
    g_hash_table_add(c->visited, GINT_TO_POINTER(ref->ref_num));
    const nb_cos_val *node = nb_cos_resolve(c, ref);
    if (!node || node->kind != NB_COS_DICT)
        return FALSE;
    inherit(c, node, &in);
    const nb_cos_val *kids = nb_cos_dict_get(c, node, "Kids");
    if (nb_cos_is_name(nb_cos_dict_get(c, node, "Type"), "Page") || !kids)
        return add_page(c, node, &in);
    if (kids->kind != NB_COS_ARRAY)
        return FALSE;
    for (guint i = 0; i < kids->items->len; i++)
        if (!walk(c, g_ptr_array_index(kids->items, i), in, depth + 1))
            return FALSE;
    return TRUE;
}

/* The reference after the last "/Root" of the file (the newest trailer). */
static const nb_cos_val *find_root(nb_cos *c)
{
    const guchar *d = c->data;
    for (gsize i = c->len; i-- > 5;) {
        if (d[i] != '/' || memcmp(d + i, "/Root", 5) || (i + 5 < c->len && is_regular(d[i + 5])))
            continue;
        nb_lexer lx = {d + i + 5, d + c->len};
        const nb_cos_val *v = parse_value(c, &lx, nb_lex_next(&lx), 0);
        return v->kind == NB_COS_REF ? v : NULL;
    }
    return NULL;
}

nb_cos *nb_cos_open(const guchar *data, gsize len)
{
    if (!data || len < 8 || memmem(data, len, "/Encrypt", 8))
        return NULL;
    nb_cos *c = g_new0(nb_cos, 1);
    c->data = data, c->len = len;
    c->objs = g_hash_table_new_full(NULL, NULL, NULL, g_free);
    c->vals = g_ptr_array_new_with_free_func(val_free);
    c->buffers = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
    c->pages = g_array_new(FALSE, FALSE, sizeof(nb_cos_page));
    c->visited = g_hash_table_new(NULL, NULL);
    c->streams = g_hash_table_new(NULL, NULL);
    scan_objects(c);
    if (memmem(data, len, "/ObjStm", 7))
        load_objstms(c);
    const nb_cos_val *root = find_root(c);
    inherited in = {{0}, FALSE, {0}, FALSE, 0, NULL};
    const nb_cos_val *pages = root ? nb_cos_dict_get(c, root, "Pages") : NULL;
    /* the /Pages value must be a reference for the walk (and its cycle check) */
    const nb_cos_val *catalog = root ? nb_cos_resolve(c, root) : NULL;
    const nb_cos_val *pref = NULL;
    for (guint i = 0; catalog && catalog->kind == NB_COS_DICT && i + 1 < catalog->items->len;
         i += 2)
        if (nb_cos_is_name(g_ptr_array_index(catalog->items, i), "Pages"))
            pref = g_ptr_array_index(catalog->items, i + 1);
    if (!pages || !pref || !walk(c, pref, in, 0) || c->pages->len == 0) {
        nb_cos_free(c);
        return NULL;
    }
    return c;
}

void nb_cos_free(nb_cos *c)
{
    if (!c)
        return;
    g_hash_table_destroy(c->objs);
    g_ptr_array_free(c->vals, TRUE);
    g_ptr_array_free(c->buffers, TRUE);
    g_array_free(c->pages, TRUE);
    g_hash_table_destroy(c->visited);
    g_hash_table_destroy(c->streams);
    g_free(c);
}

int nb_cos_n_pages(const nb_cos *c)
{
    return c ? (int)c->pages->len : 0;
}

const nb_cos_page *nb_cos_get_page(const nb_cos *c, int index)
{
    if (!c || index < 0 || (guint)index >= c->pages->len)
        return NULL;
    return &g_array_index(c->pages, nb_cos_page, index);
}
