/* doc_lists.c — see doc_lists.h. */
#include "extract/doc_lists.h"
#include "extract/docx_xml.h"

#define LEVELS 9
#define MAX_XST 64 /* characters of a level's number text (Word's own cap is 32) */
#define MAX_LISTS 4096

typedef struct {
    int start, nfc;
    gboolean legal;           /* fLegal: every level's number in decimal */
    guint16 xst[MAX_XST];     /* number text; characters 0-8 stand for levels */
    int xst_len;
} level;

typedef struct {
    guint32 lsid;
    int nlvl; /* 9, or 1 for a simple list */
    level lvl[LEVELS];
} list_def;

typedef struct {
    guint32 lsid;
    int start_at[LEVELS]; /* start override, or G_MININT */
    int counter[LEVELS];
    gboolean started[LEVELS];
} list_override;

struct nb_w97_lists {
    GArray *defs;      /* list_def */
    GArray *overrides; /* list_override, ilfo - 1 */
};

static guint32 le32(const guchar *d)
{
    return (guint32)d[0] | (guint32)d[1] << 8 | (guint32)d[2] << 16 | (guint32)d[3] << 24;
}

/* One LVL at `off` (LVLF, grpprlPapx, grpprlChpx, xst); returns the offset
 * after it, or 0 when it does not fit. */
static gsize read_lvl(const guchar *d, gsize len, gsize off, level *lv)
{
    if (off > len || len - off < 30)
        return 0;
    const guchar *f = d + off;
    lv->start = (gint32)le32(f);
    lv->nfc = f[4];
    lv->legal = (f[5] >> 2) & 1;
    gsize x = off + 28 + f[24] + f[25]; /* cbGrpprlChpx, cbGrpprlPapx */
    if (x > len || len - x < 2)
        return 0;
    gsize cch = d[x] | d[x + 1] << 8;
    x += 2;
    if (cch > MAX_XST || len - x < 2 * cch)
        return 0;
    lv->xst_len = (int)cch;
    for (gsize i = 0; i < cch; i++)
        lv->xst[i] = (guint16)(d[x + 2 * i] | d[x + 2 * i + 1] << 8);
    return x + 2 * cch;
}

/* PlfLst: cLst LSTFs, then the LVLs of each list in order. */
static void read_lst(nb_w97_lists *l, const guchar *tb, gsize len, gsize fc, gsize lcb)
{
    if (!lcb || fc > len || len - fc < 2)
        return;
    gsize n = tb[fc] | tb[fc + 1] << 8;
    if (n > MAX_LISTS || len - fc - 2 < 28 * n)
        return;
    gsize lvl_off = fc + 2 + 28 * n;
    for (gsize i = 0; i < n; i++) {
        const guchar *lstf = tb + fc + 2 + 28 * i;
        list_def def = {le32(lstf), (lstf[26] & 1) ? 1 : LEVELS, {{0}}};
        for (int k = 0; k < def.nlvl; k++) {
            lvl_off = read_lvl(tb, len, lvl_off, &def.lvl[k]);
            if (!lvl_off)
                return; /* the lists read so far are whole */
        }
        g_array_append_val(l->defs, def);
    }
}

/* PlfLfo: lfoMac LFOs, then each one's LFOData (cp, LFOLVLs with start
 * overrides and, with fFormatting, a whole LVL). */
static void read_lfo(nb_w97_lists *l, const guchar *tb, gsize len, gsize fc, gsize lcb)
{
    if (!lcb || fc > len || len - fc < 4)
        return;
    gsize n = le32(tb + fc);
    if (n > MAX_LISTS || len - fc - 4 < 16 * n)
        return;
    for (gsize i = 0; i < n; i++) {
        list_override o = {le32(tb + fc + 4 + 16 * i), {0}, {0}, {0}};
        for (int k = 0; k < LEVELS; k++)
            o.start_at[k] = G_MININT;
        g_array_append_val(l->overrides, o);
    }
    gsize off = fc + 4 + 16 * n;
    for (gsize i = 0; i < n; i++) {
        int levels = tb[fc + 4 + 16 * i + 12]; /* clfolvl */
        if (off > len || len - off < 4)
            return;
        off += 4; /* cp */
        for (int k = 0; k < levels; k++) {
            if (off > len || len - off < 8)
                return;
            int start = (gint32)le32(tb + off);
            guint32 flags = le32(tb + off + 4);
            off += 8;
            list_override *o = &g_array_index(l->overrides, list_override, i);
            if ((flags & 0x10) && (flags & 0xF) < LEVELS)
                o->start_at[flags & 0xF] = start;
            level skip;
            if ((flags & 0x20) && !(off = read_lvl(tb, len, off, &skip)))
                return;
        }
    }
}

nb_w97_lists *nb_w97_lists_read(const guchar *tb, gsize tb_len, guint32 fc_lst, guint32 lcb_lst,
                                guint32 fc_lfo, guint32 lcb_lfo)
{
    nb_w97_lists *l = g_new0(nb_w97_lists, 1);
    l->defs = g_array_new(FALSE, TRUE, sizeof(list_def));
    l->overrides = g_array_new(FALSE, TRUE, sizeof(list_override));
    if (tb) {
        read_lst(l, tb, tb_len, fc_lst, lcb_lst);
        read_lfo(l, tb, tb_len, fc_lfo, lcb_lfo);
    }
    return l;
}

void nb_w97_lists_free(nb_w97_lists *l)
{
    if (!l)
        return;
    g_array_free(l->defs, TRUE);
    g_array_free(l->overrides, TRUE);
    g_free(l);
}

/* The OOXML name of Word 97 number format `nfc` (MS-DOC's MSONFC), for
 * nb_list_format_counter; NULL for a bullet or no number. */
static const char *nfc_name(int nfc)
{
    switch (nfc) {
    case 1: return "upperRoman";
    case 2: return "lowerRoman";
    case 3: return "upperLetter";
    case 4: return "lowerLetter";
    case 10: return "ideographDigital";
    case 11: return "japaneseCounting";
    case 14: case 19: return "decimalFullWidth";
    case 18: case 28: return "decimalEnclosedCircle";
    case 22: return "decimalZero";
    case 23: case 255: return NULL;
    case 30: return "ideographTraditional";
    case 33: return "taiwaneseCounting";
    case 34: return "ideographLegalTraditional";
    case 35: return "taiwaneseCountingThousand";
    case 37: return "chineseCounting";
    case 38: return "chineseLegalSimplified";
    case 39: return "chineseCountingThousand";
    default: return "decimal";
    }
}

static const list_def *find_def(const nb_w97_lists *l, guint32 lsid)
{
    for (guint i = 0; i < l->defs->len; i++)
        if (g_array_index(l->defs, list_def, i).lsid == lsid)
            return &g_array_index(l->defs, list_def, i);
    return NULL;
}

static int level_start(const list_def *def, const list_override *o, int k)
{
    return o->start_at[k] != G_MININT ? o->start_at[k] : def->lvl[k].start;
}

char *nb_w97_lists_label(nb_w97_lists *l, int ilfo, int ilvl)
{
    if (!l || ilfo < 1 || ilfo > (int)l->overrides->len)
        return NULL;
    list_override *o = &g_array_index(l->overrides, list_override, ilfo - 1);
    const list_def *def = find_def(l, o->lsid);
    if (!def || ilvl < 0 || ilvl >= def->nlvl || !nfc_name(def->lvl[ilvl].nfc))
        return NULL;
    for (int k = ilvl + 1; k < LEVELS; k++)
        o->started[k] = FALSE;
    o->counter[ilvl] = o->started[ilvl] ? o->counter[ilvl] + 1 : level_start(def, o, ilvl);
    o->started[ilvl] = TRUE;
    const level *lv = &def->lvl[ilvl];
    GString *s = g_string_new(NULL);
    for (int i = 0; i < lv->xst_len; i++) {
        int k = lv->xst[i];
        if (k < def->nlvl) { /* a placeholder for level k's number */
            int v = o->started[k] ? o->counter[k] : level_start(def, o, k);
            const char *fmt = nfc_name(def->lvl[k].nfc);
            nb_list_format_counter(s, lv->legal ? "decimal" : fmt ? fmt : "decimal", v);
        } else if (k >= 0x20 && !(k >= 0xD800 && k <= 0xDFFF)) {
            g_string_append_unichar(s, (gunichar)k);
        }
    }
    return g_string_free(s, FALSE);
}
