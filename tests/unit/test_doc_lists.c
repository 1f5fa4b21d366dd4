/* test_doc_lists.c — Word 97 list numbering (extract/doc_lists.c): list
 * tables built byte by byte as Word and LibreOffice write them (PlfLst with
 * LSTFs and LVLs, PlfLfo with LFOs and LFOData), and the labels they give
 * paragraphs in document order; damaged tables give no label, never a read
 * out of bounds. */
#include "extract/doc_lists.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

static void put16(GByteArray *b, guint v)
{
    guint8 x[2] = {v & 0xFF, (v >> 8) & 0xFF};
    g_byte_array_append(b, x, 2);
}

static void put32(GByteArray *b, guint32 v)
{
    put16(b, v & 0xFFFF);
    put16(b, v >> 16);
}

/* One LVL: start, number format, number text (UTF-16 code units, 0-8 are
 * level placeholders), with a grpprlPapx of 3 bytes to skip. */
static void put_lvl(GByteArray *b, int start, int nfc, const guint16 *xst, int n)
{
    guint8 f[28] = {0};
    f[0] = (guint8)start;
    f[4] = (guint8)nfc;
    f[25] = 3; /* cbGrpprlPapx */
    g_byte_array_append(b, f, 28);
    guint8 papx[3] = {1, 2, 3};
    g_byte_array_append(b, papx, 3);
    put16(b, (guint)n);
    for (int i = 0; i < n; i++)
        put16(b, xst[i]);
}

/* A table stream with one nine-level list (lsid 77): level 0
 * chineseCounting "%1、", level 1 chineseCounting "（%2）", level 2 bullet,
 * the rest decimal "%1.%4"; one LFO for it whose level 0 starts at 3 when
 * `override` is set.  *lst / *lfo receive the offsets. */
static GByteArray *list_stream(gboolean override, guint32 *lst, guint32 *lst_len, guint32 *lfo,
                               guint32 *lfo_len)
{
    GByteArray *b = g_byte_array_new();
    put32(b, 0xDEADBEEF); /* something before, as in a real table stream */
    *lst = b->len;
    put16(b, 1);
    guint8 lstf[28] = {0};
    lstf[0] = 77;
    g_byte_array_append(b, lstf, 28);
    *lst_len = b->len - *lst;
    const guint16 l0[] = {0, 0x3001}, l1[] = {0xFF08, 1, 0xFF09}, l2[] = {0x2022}, ln[] = {0, '.', 3};
    put_lvl(b, 1, 37, l0, 2);
    put_lvl(b, 1, 37, l1, 3);
    put_lvl(b, 1, 23, l2, 1);
    for (int k = 3; k < 9; k++)
        put_lvl(b, 1, 0, ln, 3);
    *lfo = b->len;
    put32(b, 1);
    guint8 lfo_rec[16] = {0};
    lfo_rec[0] = 77;
    lfo_rec[12] = override ? 1 : 0; /* clfolvl */
    g_byte_array_append(b, lfo_rec, 16);
    put32(b, 0); /* LFOData cp */
    if (override) {
        put32(b, 3);
        put32(b, 0x10 | 0); /* fStartAt, level 0 */
    }
    *lfo_len = b->len - *lfo;
    return b;
}

/* The lists of list_stream(override); *b receives the stream (free it
 * after the lists). */
static nb_w97_lists *read_lists(gboolean override, GByteArray **b)
{
    guint32 lst, lst_len, lfo, lfo_len;
    *b = list_stream(override, &lst, &lst_len, &lfo, &lfo_len);
    return nb_w97_lists_read((*b)->data, (*b)->len, lst, lst_len, lfo, lfo_len);
}

static char *label(nb_w97_lists *l, int ilfo, int ilvl)
{
    return nb_w97_lists_label(l, ilfo, ilvl);
}

static void expect_label(nb_w97_lists *l, int ilfo, int ilvl, const char *want)
{
    char *got = label(l, ilfo, ilvl);
    if (want) {
        assert_non_null(got);
        assert_string_equal(got, want);
    } else {
        assert_null(got);
    }
    g_free(got);
}

static void test_headings_count_and_restart(void **state)
{
    (void)state;
    GByteArray *b = NULL;
    nb_w97_lists *l = read_lists(FALSE, &b);
    expect_label(l, 1, 0, "一、");
    expect_label(l, 1, 1, "（一）");
    expect_label(l, 1, 1, "（二）");
    expect_label(l, 1, 2, NULL); /* a bullet is no item number */
    expect_label(l, 1, 0, "二、");
    expect_label(l, 1, 1, "（一）"); /* the deeper level restarts */
    for (int i = 0; i < 8; i++)
        g_free(label(l, 1, 0));
    expect_label(l, 1, 0, "十一、");
    expect_label(l, 1, 3, "十一.1"); /* each placeholder in its own level's format */
    expect_label(l, 0, 0, NULL); /* not in a list */
    expect_label(l, 2, 0, NULL); /* no such override */
    expect_label(l, 1, 9, NULL);
    nb_w97_lists_free(l);
    g_byte_array_free(b, TRUE);
}

static void test_start_override(void **state)
{
    (void)state;
    GByteArray *b = NULL;
    nb_w97_lists *l = read_lists(TRUE, &b);
    expect_label(l, 1, 0, "三、");
    expect_label(l, 1, 0, "四、");
    nb_w97_lists_free(l);
    g_byte_array_free(b, TRUE);
}

/* Every truncation of the stream: no crash, no read past it (ASan), and
 * either no label or a well-formed one. */
static void test_truncated(void **state)
{
    (void)state;
    guint32 lst, lst_len, lfo, lfo_len;
    GByteArray *b = list_stream(TRUE, &lst, &lst_len, &lfo, &lfo_len);
    int labelled = 0;
    for (guint cut = 0; cut <= b->len; cut++) {
        guint8 *copy = g_memdup2(b->data, cut ? cut : 1);
        nb_w97_lists *l = nb_w97_lists_read(copy, cut, lst, lst_len, lfo, lfo_len);
        char *got = label(l, 1, 0);
        if (got) {
            assert_true(g_utf8_validate(got, -1, NULL));
            labelled++;
        }
        g_free(got);
        nb_w97_lists_free(l);
        g_free(copy);
    }
    assert_true(labelled >= 1); /* the whole stream at least */
    nb_w97_lists *none = nb_w97_lists_read(NULL, 0, 0, 0, 0, 0);
    expect_label(none, 1, 0, NULL);
    nb_w97_lists_free(none);
    nb_w97_lists_free(NULL);
    g_byte_array_free(b, TRUE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_headings_count_and_restart),
        cmocka_unit_test(test_start_override),
        cmocka_unit_test(test_truncated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
