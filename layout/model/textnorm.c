/* textnorm.c — see textnorm.h. */
#include "layout/model/textnorm.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static gboolean is_space_char(gunichar c)
{
    return g_unichar_isspace(c) || c == 0x3000 || c == 0xA0 || c == 0x200B ||
           c == 0x200C || c == 0x200D || c == 0xFEFF;
}

static gunichar fold_char(gunichar c)
{
    switch (c) {
    case 0xFF08: case 0x3010: case 0x3014: case 0xFF3B: case '[': return '(';
    case 0xFF09: case 0x3011: case 0x3015: case 0xFF3D: case ']': return ')';
    case 0x201C: case 0x201D: case 0x300C: case 0x300D: return '"';
    case 0x2018: case 0x2019: return '\'';
    case 0xFF0C: return ',';
    case 0xFF1A: return ':';
    case 0x2014: case 0x2013: case 0x2015: case 0x2212: case 0xFF0D: return '-';
    default: return c;
    }
}

char *nb_norm_squash(const char *s)
{
    if (!s)
        return g_strdup("");
    char *valid = g_utf8_make_valid(s, -1);
    char *n = g_utf8_normalize(valid, -1, G_NORMALIZE_NFKC);
    g_free(valid);
    if (!n)
        return g_strdup("");
    GString *out = g_string_sized_new(strlen(n));
    for (const char *p = n; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (is_space_char(c))
            continue;
        g_string_append_unichar(out, fold_char(c));
    }
    g_free(n);
    return g_string_free(out, FALSE);
}

/* The digit a Chinese numeral stands for in a year written digit by digit,
 * or -1. */
static int cn_year_digit(gunichar c)
{
    /* 一 二 三 四 五 六 七 八 九 */
    static const gunichar digits[] = {0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94,
                                      0x516D, 0x4E03, 0x516B, 0x4E5D};
    if (c == 0x3007 /* 〇 */ || c == 0x25CB /* ○ */ || c == 0x25EF /* ◯ */ || c == 0x96F6 /* 零 */)
        return 0;
    for (int i = 0; i < 9; i++)
        if (digits[i] == c)
            return i + 1;
    return -1;
}

char *nb_norm_cn_years(const char *s)
{
    GString *out = g_string_new(NULL);
    for (const char *p = s ? s : ""; *p;) {
        const char *q = p;
        int year = 0, n = 0;
        for (; n < 4 && cn_year_digit(g_utf8_get_char(q)) >= 0; n++, q = g_utf8_next_char(q))
            year = year * 10 + cn_year_digit(g_utf8_get_char(q));
        if (n == 4 && g_utf8_get_char(q) == 0x5E74 /* 年 */ && year >= 1900 && year < 2100) {
            g_string_append_printf(out, "%d", year);
            p = q;
            continue;
        }
        const char *next = g_utf8_next_char(p);
        g_string_append_len(out, p, next - p);
        p = next;
    }
    return g_string_free(out, FALSE);
}

static const char *k_cn_digits = "一二三四五六七八九十";

static gboolean is_cn_digit(gunichar c)
{
    for (const char *p = k_cn_digits; *p; p = g_utf8_next_char(p))
        if (g_utf8_get_char(p) == c)
            return TRUE;
    return FALSE;
}

/* Length in bytes of a leading numbering such as "一、", "(一)", "1.", "1、". */
static size_t numbering_len(const char *s)
{
    const char *p = s;
    gboolean paren = FALSE;
    if (*p == '(')
        paren = TRUE, p++;
    const char *digits = p;
    if (g_str_has_prefix(p, "第"))
        p += strlen("第");
    while (*p && (g_ascii_isdigit(*p) || is_cn_digit(g_utf8_get_char(p))))
        p = g_utf8_next_char(p);
    if (p == digits)
        return 0;
    if (paren) {
        if (*p != ')')
            return 0;
        p++;
    } else if (*p == '.' || *p == ',') {
        p++;
    } else if (g_str_has_prefix(p, "、")) {
        p += strlen("、");
    } else if (g_str_has_prefix(p, "是")) { /* 一是, 二是 */
        return 0;
    } else if (g_str_has_prefix(p, "项")) {
        return 0;
    } else {
        return 0;
    }
    if (g_str_has_prefix(p, "、"))
        p += strlen("、");
    return (size_t)(p - s);
}

int nb_label_level(const char *s)
{
    char *sq = nb_norm_squash(s);
    int level = 0;
    if (numbering_len(sq) > 0) {
        gboolean paren = sq[0] == '(';
        const char *p = paren ? sq + 1 : sq;
        gboolean arabic = g_ascii_isdigit(*p);
        level = arabic ? 3 : paren ? 2 : 1;
    }
    g_free(sq);
    return level;
}

char *nb_norm_label(const char *s)
{
    char *sq = nb_norm_squash(s);
    size_t n;
    char *p = sq;
    while ((n = numbering_len(p)) > 0)
        p += n;
    char *out = g_strdup(p);
    g_free(sq);
    return out;
}

double nb_edit_similarity(const char *a, const char *b)
{
    glong la = 0, lb = 0;
    gunichar *ua = g_utf8_to_ucs4_fast(a ? a : "", -1, &la);
    gunichar *ub = g_utf8_to_ucs4_fast(b ? b : "", -1, &lb);
    double sim = nb_edit_similarity_ucs4(ua, la, ub, lb);
    g_free(ua);
    g_free(ub);
    return sim;
}

double nb_edit_similarity_ucs4(const gunichar *ua, glong la, const gunichar *ub, glong lb)
{
    if (la == 0 && lb == 0)
        return 1.0;
    /* two rows of the edit-distance table; labels are short, so on the
     * stack unless a string is long */
    int stack[2][128];
    int *prev = stack[0], *cur = stack[1];
    if (lb >= 128) {
        prev = g_new(int, lb + 1);
        cur = g_new(int, lb + 1);
    }
    int *heap_prev = prev, *heap_cur = cur;
    for (glong j = 0; j <= lb; j++)
        prev[j] = (int)j;
    for (glong i = 1; i <= la; i++) {
        cur[0] = (int)i;
        for (glong j = 1; j <= lb; j++) {
            int sub = prev[j - 1] + (ua[i - 1] != ub[j - 1]);
            int del = prev[j] + 1, ins = cur[j - 1] + 1;
            cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
        int *t = prev;
        prev = cur, cur = t;
    }
    double sim = 1.0 - (double)prev[lb] / (double)(la > lb ? la : lb);
    if (lb >= 128) {
        g_free(heap_prev);
        g_free(heap_cur);
    }
    return sim;
}

static gboolean strip_suffix(char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    if (n >= m && strcmp(s + n - m, suf) == 0) {
        s[n - m] = 0;
        return TRUE;
    }
    return FALSE;
}

static gboolean strip_prefix(char **s, const char *pre)
{
    if (g_str_has_prefix(*s, pre)) {
        *s += strlen(pre);
        return TRUE;
    }
    return FALSE;
}

nb_numkind nb_parse_number(const char *raw, nb_number *out)
{
    nb_number dummy;
    if (!out)
        out = &dummy;
    memset(out, 0, sizeof *out);
    out->integer = true;
    char *s = nb_norm_squash(raw);
    char *p = s;
    nb_numkind kind = NB_NUM_BAD;
    if (!*p || !strcmp(p, "-") || !strcmp(p, "--") || !strcmp(p, "/") || !strcmp(p, "无") ||
        !strcmp(p, "…") || !strcmp(p, "...") || !strcmp(p, "\\")) {
        kind = NB_NUM_BLANK;
        goto done;
    }
    gboolean neg = FALSE;
    if (strip_prefix(&p, "减少") || strip_prefix(&p, "减"))
        neg = TRUE;
    else if (strip_prefix(&p, "增加") || strip_prefix(&p, "增"))
        neg = FALSE;
    else if (*p == '-')
        neg = TRUE, p++;
    else if (*p == '+')
        p++;
    /* units */
    for (int again = 1; again;) {
        again = 0;
        if (strip_suffix(p, "元"))
            out->yuan = true, again = 1;
        if (strip_suffix(p, "万"))
            out->wan = true, again = 1;
        if (strip_suffix(p, "件") || strip_suffix(p, "个") || strip_suffix(p, "项") ||
            strip_suffix(p, "条") || strip_suffix(p, "次") || strip_suffix(p, "人"))
            again = 1;
    }
    /* digits with optional thousands separators and one decimal point */
    GString *num = g_string_new(NULL);
    int dots = 0, digits = 0;
    for (const char *q = p; *q; q++) {
        if (g_ascii_isdigit(*q)) {
            g_string_append_c(num, *q);
            digits++;
        } else if (*q == '.') {
            dots++;
            g_string_append_c(num, '.');
        } else if (*q == ',') {
            /* a thousands separator must be followed by exactly three digits */
            if (!(g_ascii_isdigit(q[1]) && g_ascii_isdigit(q[2]) && g_ascii_isdigit(q[3]) &&
                  !g_ascii_isdigit(q[4]))) {
                digits = 0;
                break;
            }
        } else {
            digits = 0;
            break;
        }
    }
    if (digits > 0 && dots <= 1 && num->str[0] != '.' && num->str[num->len - 1] != '.') {
        out->value = g_ascii_strtod(num->str, NULL);
        out->integer = dots == 0;
        if (out->wan) {
            out->value = round(out->value * 10000.0 * 1e6) / 1e6;
            out->integer = fabs(out->value - round(out->value)) < 1e-9;
        }
        if (neg)
            out->value = -out->value;
        kind = NB_NUM_OK;
    }
    g_string_free(num, TRUE);
done:
    g_free(s);
    return kind;
}

char *nb_format_number(double v)
{
    if (fabs(v - round(v)) < 1e-9 && fabs(v) < 1e15)
        return g_strdup_printf("%.0f", round(v) == 0 ? 0.0 : round(v));
    char buf[64];
    for (int prec = 1; prec <= 17; prec++) {
        g_snprintf(buf, sizeof buf, "%.*g", prec, v);
        if (g_ascii_strtod(buf, NULL) == v)
            break;
    }
    return g_strdup(buf);
}
