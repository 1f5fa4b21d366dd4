/*
 * textnorm.h — text normalisation and number reading shared by every stage.
 *
 * Owns: NFKC folding with whitespace removal (labels are compared this way),
 * the number grammar of the reports (half/full-width digits, thousands
 * separators, signs and 增加/减少, 万/元 units, blank markers), and a
 * Levenshtein similarity on code points.  Returned strings are new (g_free).
 */
#ifndef NB_TEXTNORM_H
#define NB_TEXTNORM_H

#include <glib.h>
#include <stdbool.h>

/* NFKC-folds `s`, drops all whitespace (ASCII, U+3000, NBSP, zero-width),
 * and maps the usual bracket and punctuation variants to one form:
 * （）【】〔〕 → (), 、．。 kept as is, “” → "". */
char *nb_norm_squash(const char *s);

/* Like nb_norm_squash, then removes leading item numbering such as "一、",
 * "(一)", "1.", "1、", "（1）", "第一" so that labels compare on their words. */
char *nb_norm_label(const char *s);

/* The outline level of a label's leading numbering: 1 for "一、", 2 for
 * "（一）", 3 for "1." / "1、" / "（1）", 0 when the label has none. */
int nb_label_level(const char *s);

/* Returns a copy of `s` in which every year written digit by digit in
 * Chinese numerals ("二〇二三年", "二○二三年度", "二零二三年") has Arabic
 * digits instead ("2023年"), so that one year pattern reads both forms.
 * Only runs of exactly four numerals followed by 年 are changed. */
char *nb_norm_cn_years(const char *s);

/* Similarity of two strings in [0, 1]: 1 - edit distance / longer length,
 * counted on Unicode code points. */
double nb_edit_similarity(const char *a, const char *b);

/* The same on decoded strings: `a` of `la` code points, `b` of `lb`.  For
 * callers that compare one string with many (decode once, compare often). */
double nb_edit_similarity_ucs4(const gunichar *a, glong la, const gunichar *b, glong lb);

typedef enum {
    NB_NUM_BAD = 0, /* not a number */
    NB_NUM_OK,
    NB_NUM_BLANK    /* "", "—", "-", "/", "无": a zero inside a filled table */
} nb_numkind;

typedef struct {
    double value;   /* already multiplied by 10000 when the text said 万 */
    bool integer;   /* no decimals printed */
    bool wan;       /* the text carried 万 (ten thousand) */
    bool yuan;      /* the text carried 元 */
} nb_number;

/* Reads `raw` as a table number.  Accepts surrounding whitespace, full-width
 * digits, "1,234", "-18", "减少18", "增加3", "+3", "7730.28", "25.1万元",
 * "3940元", "12件".  `out` is always initialised. */
nb_numkind nb_parse_number(const char *raw, nb_number *out);

/* Formats a number in the shortest form that reads back as the same double
 * ("18651.06", "3940", "-18").  Returns a new string. */
char *nb_format_number(double v);

#endif
