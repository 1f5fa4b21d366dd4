/* docx_xml.c — see docx_xml.h. */
#include "extract/docx_xml.h"

#include <stdlib.h>
#include <string.h>

gboolean nb_w_is(const xmlNode *n, const char *local)
{
    if (!n || n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, local))
        return FALSE;
    const char *href = n->ns && n->ns->href ? (const char *)n->ns->href : "";
    return g_str_has_suffix(href, "/wordprocessingml/2006/main") ||
           g_str_has_suffix(href, "/wordprocessingml/main");
}

xmlNode *nb_w_child(const xmlNode *n, const char *local)
{
    for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (nb_w_is(c, local))
            return c;
    return NULL;
}

char *nb_w_attr(const xmlNode *n, const char *local)
{
    for (const xmlAttr *a = n ? n->properties : NULL; a; a = a->next)
        if (!strcmp((const char *)a->name, local)) {
            xmlChar *v = xmlNodeGetContent((const xmlNode *)a);
            char *s = g_strdup(v ? (const char *)v : "");
            xmlFree(v);
            return s;
        }
    return NULL;
}

int nb_w_child_val_int(const xmlNode *n, const char *child, int def, int min, int max)
{
    char *v = nb_w_attr(nb_w_child(n, child), "val");
    char *end = NULL;
    long x = v ? strtol(v, &end, 10) : 0;
    int r = v && end != v && !*end && x >= min && x <= max ? (int)x : def;
    g_free(v);
    return r;
}

/* ---- paragraph text ---- */

/* Elements whose content is not part of the paragraph's visible text:
 * deletions, field codes, drawings and text boxes (read as their own
 * paragraphs when at all), properties. */
static gboolean hidden(const xmlNode *n)
{
    static const char *skip[] = {"del", "moveFrom", "instrText", "delText", "delInstrText", "drawing",
                                 "pict", "object", "pPr", "rPr", "footnoteReference", "commentReference"};
    for (gsize i = 0; i < G_N_ELEMENTS(skip); i++)
        if (nb_w_is(n, skip[i]))
            return TRUE;
    return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, "AlternateContent");
}

static void append_text(const xmlNode *n, GString *out)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || hidden(c))
            continue;
        if (nb_w_is(c, "t")) {
            xmlChar *t = xmlNodeGetContent(c);
            g_string_append(out, t ? (const char *)t : "");
            xmlFree(t);
        } else if (nb_w_is(c, "tab") || nb_w_is(c, "cr") || nb_w_is(c, "br")) {
            g_string_append_c(out, ' ');
        } else if (nb_w_is(c, "noBreakHyphen")) {
            g_string_append_c(out, '-');
        } else if (!nb_w_is(c, "p") && !nb_w_is(c, "tbl")) {
            append_text(c, out); /* runs, hyperlinks, insertions, smart tags, fields */
        }
    }
}

char *nb_docx_para_text(const xmlNode *p)
{
    GString *out = g_string_new(NULL);
    append_text(p, out);
    char *s = g_string_free(out, FALSE);
    if (!g_utf8_validate(s, -1, NULL)) {
        char *v = g_utf8_make_valid(s, -1);
        g_free(s);
        s = v;
    }
    return s;
}

/* ---- numbering ---- */

enum { k_levels = 9, k_max_style_depth = 12 };

typedef struct {
    int counter[k_levels];
    gboolean started[k_levels];
} num_state;

struct nb_docx_num {
    GHashTable *nums;      /* numId (string) → abstractNum element */
    GHashTable *overrides; /* "numId/ilvl" → lvlOverride element */
    GHashTable *abstracts; /* abstractNumId (string) → abstractNum element */
    GHashTable *styles;    /* styleId → style element */
    GHashTable *state;     /* numId → num_state* */
};

static void index_numbering(nb_docx_num *n, xmlNode *root)
{
    for (xmlNode *c = root ? root->children : NULL; c; c = c->next)
        if (nb_w_is(c, "abstractNum")) {
            char *id = nb_w_attr(c, "abstractNumId");
            if (id)
                g_hash_table_replace(n->abstracts, id, c);
        }
    for (xmlNode *c = root ? root->children : NULL; c; c = c->next) {
        if (!nb_w_is(c, "num"))
            continue;
        char *id = nb_w_attr(c, "numId");
        char *abs = nb_w_attr(nb_w_child(c, "abstractNumId"), "val");
        xmlNode *a = abs ? g_hash_table_lookup(n->abstracts, abs) : NULL;
        g_free(abs);
        if (!id || !a) {
            g_free(id);
            continue;
        }
        for (xmlNode *o = c->children; o; o = o->next)
            if (nb_w_is(o, "lvlOverride")) {
                char *l = nb_w_attr(o, "ilvl");
                g_hash_table_replace(n->overrides, g_strdup_printf("%s/%s", id, l ? l : "0"), o);
                g_free(l);
            }
        g_hash_table_replace(n->nums, id, a);
    }
}

static void index_styles(nb_docx_num *n, xmlNode *root)
{
    for (xmlNode *c = root ? root->children : NULL; c; c = c->next)
        if (nb_w_is(c, "style")) {
            char *id = nb_w_attr(c, "styleId");
            if (id)
                g_hash_table_replace(n->styles, id, c);
        }
}

nb_docx_num *nb_docx_num_new(xmlDoc *numbering, xmlDoc *styles)
{
    nb_docx_num *n = g_new0(nb_docx_num, 1);
    n->nums = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    n->overrides = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    n->abstracts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    n->styles = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    n->state = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    if (numbering)
        index_numbering(n, xmlDocGetRootElement(numbering));
    if (styles)
        index_styles(n, xmlDocGetRootElement(styles));
    return n;
}

void nb_docx_num_free(nb_docx_num *n)
{
    if (!n)
        return;
    g_hash_table_destroy(n->nums);
    g_hash_table_destroy(n->overrides);
    g_hash_table_destroy(n->abstracts);
    g_hash_table_destroy(n->styles);
    g_hash_table_destroy(n->state);
    g_free(n);
}

/* The numPr that applies to paragraph `p`: its own, else its style's (and
 * the styles it is based on).  *num_id is new (g_free) or NULL. */
static void para_numpr(nb_docx_num *n, const xmlNode *p, char **num_id, int *ilvl)
{
    *num_id = NULL;
    *ilvl = 0;
    const xmlNode *ppr = nb_w_child(p, "pPr");
    const xmlNode *numpr = nb_w_child(ppr, "numPr");
    char *style = nb_w_attr(nb_w_child(ppr, "pStyle"), "val");
    for (int depth = 0; !numpr && style && depth < k_max_style_depth; depth++) {
        const xmlNode *st = g_hash_table_lookup(n->styles, style);
        g_free(style);
        style = NULL;
        if (!st)
            break;
        numpr = nb_w_child(nb_w_child(st, "pPr"), "numPr");
        style = nb_w_attr(nb_w_child(st, "basedOn"), "val");
    }
    g_free(style);
    if (!numpr)
        return;
    *num_id = nb_w_attr(nb_w_child(numpr, "numId"), "val");
    *ilvl = nb_w_child_val_int(numpr, "ilvl", 0, 0, k_levels - 1);
}

static const xmlNode *find_level(const xmlNode *abs, int ilvl)
{
    for (const xmlNode *c = abs->children; c; c = c->next)
        if (nb_w_is(c, "lvl")) {
            char *l = nb_w_attr(c, "ilvl");
            gboolean hit = l && atoi(l) == ilvl;
            g_free(l);
            if (hit)
                return c;
        }
    return NULL;
}

/* The level definition of (num_id, ilvl): an override's own w:lvl, else the
 * abstract numbering's. *override receives the override (for startOverride). */
static const xmlNode *level_of(nb_docx_num *n, const char *num_id, int ilvl, const xmlNode **override)
{
    char *key = g_strdup_printf("%s/%d", num_id, ilvl);
    *override = g_hash_table_lookup(n->overrides, key);
    g_free(key);
    const xmlNode *own = *override ? nb_w_child(*override, "lvl") : NULL;
    if (own)
        return own;
    const xmlNode *abs = g_hash_table_lookup(n->nums, num_id);
    return abs ? find_level(abs, ilvl) : NULL;
}

static void chinese_count(GString *o, int v, gboolean legal)
{
    static const char *digits[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    static const char *legal_digits[] = {"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"};
    const char **d = legal ? legal_digits : digits;
    const char *ten = legal ? "拾" : "十";
    if (v <= 0 || v >= 100) {
        g_string_append_printf(o, "%d", v);
        return;
    }
    if (v >= 10) {
        if (v >= 20 || legal)
            g_string_append(o, d[v / 10]);
        g_string_append(o, ten);
        v %= 10;
        if (!v)
            return;
    }
    g_string_append(o, d[v]);
}

static void alpha(GString *o, int v, char base)
{
    if (v <= 0) {
        g_string_append_printf(o, "%d", v);
        return;
    }
    int reps = (v - 1) / 26 + 1;
    for (int i = 0; i < reps && i < 10; i++)
        g_string_append_c(o, (char)(base + (v - 1) % 26));
}

static void roman(GString *o, int v, gboolean upper)
{
    static const int vals[] = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
    static const char *syms[] = {"m", "cm", "d", "cd", "c", "xc", "l", "xl", "x", "ix", "v", "iv", "i"};
    if (v <= 0 || v > 3999) {
        g_string_append_printf(o, "%d", v);
        return;
    }
    for (int i = 0; i < 13; i++)
        for (; v >= vals[i]; v -= vals[i])
            for (const char *s = syms[i]; *s; s++)
                g_string_append_c(o, upper ? g_ascii_toupper(*s) : *s);
}

void nb_list_format_counter(GString *o, const char *fmt, int v)
{
    static const char *tiangan[] = {"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"};
    if (!fmt)
        fmt = "decimal";
    if (!strcmp(fmt, "chineseCounting") || !strcmp(fmt, "chineseCountingThousand") ||
        !strcmp(fmt, "japaneseCounting") || !strcmp(fmt, "taiwaneseCounting") ||
        !strcmp(fmt, "taiwaneseCountingThousand") || !strcmp(fmt, "ideographDigital"))
        chinese_count(o, v, FALSE);
    else if (!strcmp(fmt, "chineseLegalSimplified") || !strcmp(fmt, "ideographLegalTraditional"))
        chinese_count(o, v, TRUE);
    else if (!strcmp(fmt, "ideographTraditional") && v >= 1 && v <= 10)
        g_string_append(o, tiangan[v - 1]);
    else if (!strcmp(fmt, "upperLetter") || !strcmp(fmt, "lowerLetter"))
        alpha(o, v, fmt[0] == 'u' ? 'A' : 'a');
    else if (!strcmp(fmt, "upperRoman") || !strcmp(fmt, "lowerRoman"))
        roman(o, v, fmt[0] == 'u');
    else if (!strcmp(fmt, "decimalEnclosedCircle") || !strcmp(fmt, "decimalEnclosedCircleChinese")) {
        if (v >= 1 && v <= 20)
            g_string_append_unichar(o, 0x2460 + (gunichar)(v - 1));
        else
            g_string_append_printf(o, "%d", v);
    } else if (!strcmp(fmt, "decimalFullWidth") || !strcmp(fmt, "decimalFullWidth2")) {
        char *d = g_strdup_printf("%d", v);
        for (const char *p = d; *p; p++)
            g_string_append_unichar(o, *p == '-' ? 0xFF0D : 0xFF10 + (gunichar)(*p - '0'));
        g_free(d);
    } else if (!strcmp(fmt, "decimalZero"))
        g_string_append_printf(o, "%02d", v);
    else
        g_string_append_printf(o, "%d", v);
}

static int level_start(const xmlNode *lvl, const xmlNode *override)
{
    int start = nb_w_child_val_int(lvl, "start", 1, -1000000, 1000000);
    return nb_w_child_val_int(override, "startOverride", start, -1000000, 1000000);
}

/* Advances the counters of list `num_id` for a paragraph at `ilvl`: deeper
 * levels restart, this level counts on. */
static num_state *advance(nb_docx_num *n, const char *num_id, int ilvl)
{
    num_state *st = g_hash_table_lookup(n->state, num_id);
    if (!st) {
        st = g_new0(num_state, 1);
        g_hash_table_insert(n->state, g_strdup(num_id), st);
    }
    for (int l = ilvl + 1; l < k_levels; l++)
        st->started[l] = FALSE;
    if (st->started[ilvl]) {
        st->counter[ilvl]++;
    } else {
        const xmlNode *ov = NULL, *lvl = level_of(n, num_id, ilvl, &ov);
        st->counter[ilvl] = lvl ? level_start(lvl, ov) : 1;
        st->started[ilvl] = TRUE;
    }
    return st;
}

/* lvlText with each %N replaced by level N's counter in level N's format. */
static char *expand_level_text(nb_docx_num *n, const char *num_id, const char *text, num_state *st)
{
    GString *o = g_string_new(NULL);
    for (const char *p = text; *p; p++) {
        if (p[0] == '%' && p[1] >= '1' && p[1] <= '9') {
            int l = p[1] - '1';
            const xmlNode *ov = NULL, *lvl = level_of(n, num_id, l, &ov);
            char *fmt = nb_w_attr(nb_w_child(lvl, "numFmt"), "val");
            int v = st->started[l] ? st->counter[l] : (lvl ? level_start(lvl, ov) : 1);
            nb_list_format_counter(o, fmt, v);
            g_free(fmt);
            p++;
        } else {
            g_string_append_c(o, *p);
        }
    }
    return g_string_free(o, FALSE);
}

char *nb_docx_num_label(nb_docx_num *n, const xmlNode *p)
{
    char *num_id = NULL;
    int ilvl = 0;
    if (!n)
        return NULL;
    para_numpr(n, p, &num_id, &ilvl);
    const xmlNode *ov = NULL, *lvl = num_id ? level_of(n, num_id, ilvl, &ov) : NULL;
    char *fmt = lvl ? nb_w_attr(nb_w_child(lvl, "numFmt"), "val") : NULL;
    char *text = lvl ? nb_w_attr(nb_w_child(lvl, "lvlText"), "val") : NULL;
    char *label = NULL;
    if (lvl && text && !(fmt && (!strcmp(fmt, "bullet") || !strcmp(fmt, "none")))) {
        num_state *st = advance(n, num_id, ilvl);
        label = expand_level_text(n, num_id, text, st);
    }
    g_free(fmt);
    g_free(text);
    g_free(num_id);
    return label;
}
