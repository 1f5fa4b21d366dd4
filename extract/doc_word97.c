/* doc_word97.c — see doc_word97.h.  Offsets and structures follow
 * [MS-DOC] (FibBase, FibRgLw97, FibRgFcLcb97, Clx/PlcPcd, PlcBtePapx,
 * PapxFkp, Sprm). */
#include "extract/doc_word97.h"
#include "extract/doc_lists.h"

#include <string.h>

/* Little-endian reads that fail (FALSE) instead of reading past `len`. */
static gboolean u16_at(const guchar *d, gsize len, gsize off, guint *v)
{
    if (off > len || len - off < 2)
        return FALSE;
    *v = (guint)d[off] | (guint)d[off + 1] << 8;
    return TRUE;
}

static gboolean u32_at(const guchar *d, gsize len, gsize off, guint32 *v)
{
    if (off > len || len - off < 4)
        return FALSE;
    *v = (guint32)d[off] | (guint32)d[off + 1] << 8 | (guint32)d[off + 2] << 16 | (guint32)d[off + 3] << 24;
    return TRUE;
}

enum { k_fib_ident = 0xA5EC, k_max_chars = 20 * 1000 * 1000 };

/* What the FIB tells: where the text and the structures are. */
typedef struct {
    guint32 ccp_text;
    guint32 fc_clx, lcb_clx;
    guint32 fc_bte_papx, lcb_bte_papx;
    guint32 fc_lst, lcb_lst, fc_lfo, lcb_lfo; /* list numbering: 0 when the FIB has none */
} fib;

const char *nb_w97_table_stream(const guchar *wd, gsize wd_len, gboolean *encrypted)
{
    guint ident = 0, flags = 0;
    *encrypted = FALSE;
    if (!u16_at(wd, wd_len, 0, &ident) || ident != k_fib_ident || !u16_at(wd, wd_len, 0x0A, &flags))
        return NULL;
    *encrypted = (flags & 0x0100) != 0;
    return flags & 0x0200 ? "1Table" : "0Table";
}

static gboolean read_fib(const guchar *wd, gsize len, fib *f)
{
    guint csw = 0, cslw = 0, cb = 0;
    gsize off = 32;
    if (!u16_at(wd, len, off, &csw))
        return FALSE;
    off += 2 + 2 * (gsize)csw;
    if (!u16_at(wd, len, off, &cslw) || cslw < 4)
        return FALSE;
    gsize lw = off + 2;
    if (!u32_at(wd, len, lw + 3 * 4, &f->ccp_text))
        return FALSE;
    off = lw + 4 * (gsize)cslw;
    if (!u16_at(wd, len, off, &cb) || cb < 34)
        return FALSE;
    gsize fc = off + 2;
    if (cb >= 75) { /* fcPlfLst, fcPlfLfo: the 74th and 75th pairs */
        u32_at(wd, len, fc + 73 * 8, &f->fc_lst), u32_at(wd, len, fc + 73 * 8 + 4, &f->lcb_lst);
        u32_at(wd, len, fc + 74 * 8, &f->fc_lfo), u32_at(wd, len, fc + 74 * 8 + 4, &f->lcb_lfo);
    }
    return u32_at(wd, len, fc + 33 * 8, &f->fc_clx) && u32_at(wd, len, fc + 33 * 8 + 4, &f->lcb_clx) &&
           u32_at(wd, len, fc + 13 * 8, &f->fc_bte_papx) &&
           u32_at(wd, len, fc + 13 * 8 + 4, &f->lcb_bte_papx);
}

/* ---- the piece table: characters with the file offset of each ---- */

typedef struct {
    GArray *chars; /* gunichar */
    GArray *fcs;   /* guint32: byte offset of each character in WordDocument */
} text_run;

/* 0x80-0x9F of Windows-1252 (compressed pieces hold that code page). */
static gunichar cp1252(guchar b)
{
    static const guint16 hi[32] = {0x20AC, 0x81, 0x201A, 0x192, 0x201E, 0x2026, 0x2020, 0x2021,
                                   0x2C6, 0x2030, 0x160, 0x2039, 0x152, 0x8D, 0x17D, 0x8F,
                                   0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                   0x2DC, 0x2122, 0x161, 0x203A, 0x153, 0x9D, 0x17E, 0x178};
    return b >= 0x80 && b < 0xA0 ? hi[b - 0x80] : b;
}

static gboolean add_piece(text_run *t, const guchar *wd, gsize len, guint32 cp0, guint32 cp1,
                          guint32 fc_raw, guint32 limit)
{
    gboolean compressed = (fc_raw & 0x40000000u) != 0;
    guint32 fc = compressed ? (fc_raw & 0x3FFFFFFFu) / 2 : fc_raw & 0x3FFFFFFFu;
    for (guint32 cp = cp0; cp < cp1 && cp < limit; cp++) {
        gsize at = fc + (gsize)(cp - cp0) * (compressed ? 1 : 2);
        guint u = 0;
        if (compressed ? at >= len : !u16_at(wd, len, at, &u))
            return FALSE;
        gunichar c = compressed ? cp1252(wd[at]) : (gunichar)u;
        guint32 f = (guint32)at;
        g_array_append_val(t->chars, c);
        g_array_append_val(t->fcs, f);
    }
    return TRUE;
}

/* Finds the PlcPcd in the CLX (skipping the Prc property blocks before it)
 * and reads the main text's characters, CP 0 to ccp_text. */
static gboolean read_pieces(text_run *t, const guchar *wd, gsize wd_len, const guchar *tb, gsize tb_len,
                            const fib *f)
{
    gsize off = f->fc_clx, end = (gsize)f->fc_clx + f->lcb_clx;
    if (end > tb_len || end < off)
        return FALSE;
    while (off < end && tb[off] == 0x01) { /* Prc: clxt, cbGrpprl, grpprl */
        guint cb = 0;
        if (!u16_at(tb, end, off + 1, &cb))
            return FALSE;
        off += 3 + (gsize)(gint16)cb;
    }
    guint32 lcb = 0;
    if (off >= end || tb[off] != 0x02 || !u32_at(tb, end, off + 1, &lcb) || lcb < 4 ||
        lcb > end - off - 5)
        return FALSE;
    const guchar *plc = tb + off + 5;
    gsize n = (lcb - 4) / 12;
    guint32 limit = MIN(f->ccp_text, (guint32)k_max_chars);
    for (gsize i = 0; i < n && t->chars->len < limit; i++) {
        guint32 cp0 = 0, cp1 = 0, fc_raw = 0;
        if (!u32_at(plc, lcb, 4 * i, &cp0) || !u32_at(plc, lcb, 4 * (i + 1), &cp1) ||
            !u32_at(plc, lcb, 4 * (n + 1) + 8 * i + 2, &fc_raw))
            return FALSE;
        if (cp1 < cp0 || cp0 != t->chars->len) /* pieces must follow each other */
            return FALSE;
        if (!add_piece(t, wd, wd_len, cp0, cp1, fc_raw, limit))
            return FALSE;
    }
    return TRUE;
}

/* ---- paragraph properties from the PAPX FKPs ---- */

typedef struct {
    guint32 fc0, fc1; /* byte range of WordDocument the properties apply to */
    gboolean in_table, ttp, centred;
    int ilfo, ilvl; /* list override (1-based, 0: none) and level */
    int ncells;
    gint16 *bounds;
    guint16 *flags;
} papx;

static void papx_free(gpointer p)
{
    papx *x = p;
    g_free(x->bounds);
    g_free(x->flags);
    g_free(x);
}

/* sprmTDefTable's operand: itcMac, rgdxaCenter[itcMac+1], rgTc80[itcMac]. */
static void read_tdef(papx *x, const guchar *op, gsize len)
{
    if (len < 1)
        return;
    int n = op[0];
    if (n < 1 || n > 63 || len < 1 + 2 * (gsize)(n + 1))
        return;
    g_free(x->bounds), g_free(x->flags);
    x->ncells = n;
    x->bounds = g_new0(gint16, n + 1);
    x->flags = g_new0(guint16, n);
    for (int i = 0; i <= n; i++)
        x->bounds[i] = (gint16)(op[1 + 2 * i] | op[2 + 2 * i] << 8);
    gsize tc = 1 + 2 * (gsize)(n + 1);
    for (int i = 0; i < n && tc + 20 * (gsize)i + 2 <= len; i++)
        x->flags[i] = (guint16)(op[tc + 20 * i] | op[tc + 20 * i + 1] << 8);
}

/* The Data stream, where a paragraph's properties too big for its FKP
 * live (sprmPHugePapx: a table row of many cells has them). */
typedef struct {
    const guchar *data;
    gsize len;
} data_stream;

/* Walks a grpprl, keeping the sprms that matter here; `huge` is where
 * sprmPHugePapx points (NULL once followed: it does not nest). */
static void read_grpprl(papx *x, const guchar *g, gsize len, const data_stream *huge)
{
    gsize off = 0;
    while (off + 2 <= len) {
        guint sprm = g[off] | g[off + 1] << 8;
        off += 2;
        gsize size;
        switch ((sprm >> 13) & 7) {
        case 0: case 1: size = 1; break;
        case 2: case 4: case 5: size = 2; break;
        case 3: size = 4; break;
        case 7: size = 3; break;
        default: /* 6: variable */
            if (sprm == 0xD608 || sprm == 0xD606) {
                guint cb = 0;
                if (!u16_at(g, len, off, &cb) || cb < 1)
                    return;
                off += 2;
                size = cb - 1;
            } else {
                if (off >= len || g[off] == 255)
                    return;
                size = g[off++];
            }
        }
        if (size > len - off)
            return;
        const guchar *op = g + off;
        if (sprm == 0x2416 || sprm == 0x244B)
            x->in_table = op[0] != 0;
        else if (sprm == 0x2417 || sprm == 0x244C)
            x->ttp = op[0] != 0;
        else if (sprm == 0x6649)
            x->in_table = x->in_table || (op[0] | op[1] | op[2] | op[3]) != 0;
        else if (sprm == 0x2403 || sprm == 0x2461)
            x->centred = op[0] == 1;
        else if (sprm == 0xD608)
            read_tdef(x, op, size);
        else if (sprm == 0x460B) /* sprmPIlfo */
            x->ilfo = op[0] | op[1] << 8;
        else if (sprm == 0x260A) /* sprmPIlvl */
            x->ilvl = op[0];
        else if ((sprm == 0x6646 || sprm == 0x6645) && huge && huge->data) {
            guint32 at = 0;
            guint cb = 0;
            u32_at(op, size, 0, &at);
            if (u16_at(huge->data, huge->len, at, &cb) && cb <= huge->len - at - 2)
                read_grpprl(x, huge->data + at + 2, cb, NULL);
        }
        off += size;
    }
}

/* Reads one 512-byte FKP page of PAPXs. */
static void read_fkp(GPtrArray *out, const guchar *page, const data_stream *huge)
{
    int crun = page[511];
    if (crun < 1 || 4 * (crun + 1) + 13 * crun > 511)
        return;
    for (int i = 0; i < crun; i++) {
        guint32 fc0 = 0, fc1 = 0;
        u32_at(page, 512, 4 * (gsize)i, &fc0);
        u32_at(page, 512, 4 * (gsize)(i + 1), &fc1);
        papx *x = g_new0(papx, 1);
        x->fc0 = fc0, x->fc1 = fc1;
        gsize boff = 2 * (gsize)page[4 * (crun + 1) + 13 * i];
        if (boff && boff < 511) {
            gsize cb = page[boff], start = boff + 1, glen;
            if (cb == 0) {
                cb = page[boff + 1];
                start = boff + 2;
                glen = 2 * cb;
            } else {
                glen = 2 * cb - 1;
            }
            if (start + glen <= 511 && glen >= 2)
                read_grpprl(x, page + start + 2, glen - 2, huge); /* after the istd */
        }
        g_ptr_array_add(out, x);
    }
}

static GPtrArray *read_papx(const guchar *wd, gsize wd_len, const guchar *tb, gsize tb_len, const fib *f,
                            const data_stream *huge)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(papx_free);
    gsize off = f->fc_bte_papx, lcb = f->lcb_bte_papx;
    if (off > tb_len || lcb > tb_len - off || lcb < 12)
        return out;
    gsize n = (lcb - 4) / 8;
    for (gsize i = 0; i < n; i++) {
        guint32 pn = 0;
        if (!u32_at(tb + off, lcb, 4 * (n + 1) + 4 * i, &pn))
            break;
        gsize at = (gsize)(pn & 0x3FFFFF) * 512;
        if (at + 512 <= wd_len)
            read_fkp(out, wd + at, huge);
    }
    return out;
}

/* The properties of the paragraph whose mark is at byte `fc` (FKP runs are
 * sorted by fc; a binary search finds the run holding it). */
static const papx *papx_at(GPtrArray *runs, guint32 fc)
{
    guint lo = 0, hi = runs->len;
    while (lo < hi) {
        guint mid = (lo + hi) / 2;
        const papx *x = g_ptr_array_index(runs, mid);
        if (fc < x->fc0)
            hi = mid;
        else if (fc >= x->fc1)
            lo = mid + 1;
        else
            return x;
    }
    return NULL;
}

/* ---- paragraphs ---- */

static void para_free(gpointer p)
{
    nb_w97_para *x = p;
    g_free(x->text);
    g_free(x->bounds);
    g_free(x->flags);
    g_free(x);
}

void nb_w97_free(nb_w97 *w)
{
    if (!w)
        return;
    g_ptr_array_free(w->paras, TRUE);
    g_free(w);
}

/* Ends the paragraph held in `text` with `mark` (0x0D, or 0x07 for a cell
 * or row end); its list number, if any, goes in front of its text. */
static void end_paragraph(nb_w97 *w, GString *text, gunichar mark, const papx *x, nb_w97_lists *lists)
{
    nb_w97_para *p = g_new0(nb_w97_para, 1);
    char *label = x && x->ilfo ? nb_w97_lists_label(lists, x->ilfo, x->ilvl) : NULL;
    g_strstrip(text->str);
    p->text = label && *text->str ? g_strconcat(label, text->str, NULL) : g_strdup(text->str);
    g_free(label);
    p->centred = x && x->centred;
    if (mark == 0x07 && x && x->ttp) {
        p->kind = NB_W97_ROW_END;
        if (x->ncells) {
            p->ncells = x->ncells;
            p->bounds = g_memdup2(x->bounds, sizeof(gint16) * (gsize)(x->ncells + 1));
            p->flags = g_memdup2(x->flags, sizeof(guint16) * (gsize)x->ncells);
        }
    } else if (mark == 0x07) {
        p->kind = NB_W97_CELL_END;
    } else {
        p->kind = x && x->in_table ? NB_W97_IN_CELL : NB_W97_BODY;
    }
    g_ptr_array_add(w->paras, p);
    g_string_truncate(text, 0);
}

/* Splits the characters into paragraphs: field codes (between 0x13 and
 * 0x14) dropped, their results (0x14 to 0x15) kept, control characters
 * of objects and breaks as spaces or nothing. */
static void split_paragraphs(nb_w97 *w, const text_run *t, GPtrArray *runs, nb_w97_lists *lists)
{
    GString *text = g_string_new(NULL);
    int field_code = 0; /* nesting of field codes being skipped */
    for (guint i = 0; i < t->chars->len; i++) {
        gunichar c = g_array_index(t->chars, gunichar, i);
        if (c == 0x13) {
            field_code++;
        } else if (c == 0x14 || c == 0x15) {
            field_code = field_code > 0 ? field_code - 1 : 0;
        } else if (c == 0x0D || c == 0x07) {
            end_paragraph(w, text, c, papx_at(runs, g_array_index(t->fcs, guint32, i)), lists);
        } else if (field_code) {
            continue;
        } else if (c == 0x09 || c == 0x0B || c == 0x0C || c == 0xA0) {
            g_string_append_c(text, ' ');
        } else if (c == 0x1E) {
            g_string_append_c(text, '-');
        } else if (c >= 0x20 && g_unichar_validate(c) && !(c >= 0xD800 && c <= 0xDFFF)) {
            g_string_append_unichar(text, c);
        }
    }
    if (text->len)
        end_paragraph(w, text, 0x0D, NULL, lists);
    g_string_free(text, TRUE);
}

nb_w97 *nb_w97_read(const guchar *wd, gsize wd_len, const guchar *table, gsize table_len,
                    const guchar *data, gsize data_len, const char **why)
{
    data_stream huge = {data, data_len};
    fib f = {0};
    if (!read_fib(wd, wd_len, &f)) {
        *why = "a Word file whose header (FIB) is damaged";
        return NULL;
    }
    text_run t = {g_array_new(FALSE, FALSE, sizeof(gunichar)), g_array_new(FALSE, FALSE, sizeof(guint32))};
    nb_w97 *w = NULL;
    if (!read_pieces(&t, wd, wd_len, table, table_len, &f)) {
        *why = "a Word file whose piece table is damaged";
    } else {
        GPtrArray *runs = read_papx(wd, wd_len, table, table_len, &f, &huge);
        w = g_new0(nb_w97, 1);
        w->paras = g_ptr_array_new_with_free_func(para_free);
        nb_w97_lists *lists = nb_w97_lists_read(table, table_len, f.fc_lst, f.lcb_lst, f.fc_lfo, f.lcb_lfo);
        split_paragraphs(w, &t, runs, lists);
        nb_w97_lists_free(lists);
        g_ptr_array_free(runs, TRUE);
    }
    g_array_free(t.chars, TRUE);
    g_array_free(t.fcs, TRUE);
    return w;
}
