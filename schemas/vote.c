/* vote.c — see vote.h. */
#include "schemas/vote.h"
#include "layout/model/textnorm.h"

#include <stdlib.h>
#include <string.h>

/* One place other than the title that prints the agency: the reading found
 * there and its line's OCR confidence. */
typedef struct {
    char *text;
    int confidence;
} occurrence;

static void occurrence_clear(gpointer p)
{
    g_free(((occurrence *)p)->text);
}

int nb_vote_edit_distance(const char *a, const char *b)
{
    glong n = MAX(g_utf8_strlen(a ? a : "", -1), g_utf8_strlen(b ? b : "", -1));
    return (int)((1.0 - nb_edit_similarity(a ? a : "", b ? b : "")) * n + 0.5);
}

/* How many slips a reading of a name of `n` characters may have and still
 * count as the same name: one, two from eight characters on (a district
 * and a body name differ from a neighbour's by more). */
static int slips_allowed(glong n)
{
    return n >= 8 ? 2 : 1;
}

/* The window of `line` (squashed) nearest to `name`: lengths n-1 .. n+1,
 * the fewest edits, the name's own length first on a tie.  Returns a new
 * string, or NULL when no window is within slips_allowed. */
static char *nearest_window(const char *line, const char *name)
{
    glong n = g_utf8_strlen(name, -1), len = g_utf8_strlen(line, -1);
    int allowed = slips_allowed(n), best = allowed + 1;
    char *found = NULL;
    const glong widths[] = {n, n + 1, n - 1};
    for (guint k = 0; k < G_N_ELEMENTS(widths); k++) {
        glong w = widths[k];
        for (glong at = 0; w > 1 && at + w <= len; at++) {
            char *win = g_utf8_substring(line, at, at + w);
            int d = nb_vote_edit_distance(win, name);
            if (d < best) {
                best = d;
                g_free(found);
                found = win;
            } else {
                g_free(win);
            }
        }
    }
    return found;
}

/* True when the squashed line is part of the title the agency was read from
 * (a title printed over two lines is joined there): it does not vote. */
static gboolean is_title_line(const char *squashed_line, const char *squashed_title)
{
    return *squashed_line && squashed_title && strstr(squashed_title, squashed_line);
}

/* The agency as read in every OCR line but the title's. */
static GArray *agency_occurrences(const nb_doc *doc, const nb_record *r)
{
    GArray *occ = g_array_new(FALSE, TRUE, sizeof(occurrence));
    g_array_set_clear_func(occ, occurrence_clear);
    char *title = nb_norm_squash(r->agency_raw ? r->agency_raw : r->agency);
    for (guint i = 0; i < doc->lines->len; i++) {
        const nb_line *l = g_ptr_array_index(doc->lines, i);
        if (l->prov.origin != NB_ORIGIN_OCR)
            continue;
        char *sq = nb_norm_squash(l->text);
        char *win = is_title_line(sq, title) ? NULL : nearest_window(sq, r->agency);
        if (win) {
            occurrence o = {win, l->prov.confidence};
            g_array_append_val(occ, o);
        }
        g_free(sq);
    }
    g_free(title);
    return occ;
}

/* The reading most occurrences give other than `title`, its count and its
 * best confidence; *agree = how many read the title's. */
static const char *most_common_other(GArray *occ, const char *title, int *count, int *conf,
                                     int *agree)
{
    const char *best = NULL;
    *count = *agree = 0;
    *conf = -1;
    for (guint i = 0; i < occ->len; i++) {
        const occurrence *o = &g_array_index(occ, occurrence, i);
        if (!strcmp(o->text, title)) {
            (*agree)++;
            continue;
        }
        int k = 0, c = -1;
        for (guint j = 0; j < occ->len; j++) {
            const occurrence *p = &g_array_index(occ, occurrence, j);
            if (!strcmp(p->text, o->text))
                k++, c = MAX(c, p->confidence);
        }
        if (k > *count || (k == *count && c > *conf))
            best = o->text, *count = k, *conf = c;
    }
    return best;
}

/* Character by character among the readings as long as the title's: the
 * character most of them (the title included) read wins; on a tie the
 * title's.  Returns a new string. */
static char *vote_characters(GArray *occ, const char *title)
{
    glong n = 0;
    gunichar *t = g_utf8_to_ucs4_fast(title, -1, &n);
    gunichar **rd = g_new0(gunichar *, occ->len);
    for (guint i = 0; i < occ->len; i++) {
        const occurrence *o = &g_array_index(occ, occurrence, i);
        if (g_utf8_strlen(o->text, -1) == n)
            rd[i] = g_utf8_to_ucs4_fast(o->text, -1, NULL);
    }
    GString *out = g_string_new(NULL);
    for (glong k = 0; k < n; k++) {
        gunichar win = t[k];
        int win_votes = 1;
        for (guint j = 0; j < occ->len; j++)
            win_votes += rd[j] && rd[j][k] == t[k];
        for (guint i = 0; i < occ->len; i++) {
            if (!rd[i])
                continue;
            int votes = (rd[i][k] == t[k]);
            for (guint j = 0; j < occ->len; j++)
                votes += rd[j] && rd[j][k] == rd[i][k];
            if (votes > win_votes)
                win = rd[i][k], win_votes = votes;
        }
        g_string_append_unichar(out, win);
    }
    for (guint i = 0; i < occ->len; i++)
        g_free(rd[i]);
    g_free(rd);
    g_free(t);
    return g_string_free(out, FALSE);
}

/* The agency the occurrences elect: a reading given by two places or more
 * and by more than read the title's, or the one other place's reading when
 * it alone prints the name again and was read more confidently; else the
 * character vote.  Returns a new string (the title's when it stands). */
static char *elect_agency(GArray *occ, const char *title, int title_conf)
{
    int count, conf, agree;
    const char *other = most_common_other(occ, title, &count, &conf, &agree);
    if (other && count >= 2 && count > agree)
        return g_strdup(other);
    if (other && count == 1 && agree == 0 && occ->len == 1 && conf > title_conf)
        return g_strdup(other);
    return vote_characters(occ, title);
}

/* OCR furniture around a title's agency: a ruling read as '|', a heading
 * numeral ("三、") from the line above. */
static char *trim_ocr_furniture(const char *agency)
{
    static const char *numerals = "一二三四五六七八九十";
    const char *p = agency;
    if (g_utf8_strchr(numerals, -1, g_utf8_get_char(p)) &&
        g_str_has_prefix(g_utf8_next_char(p), "、"))
        p = g_utf8_next_char(p) + strlen("、");
    while (*p && g_ascii_ispunct(*p))
        p++;
    char *out = g_strdup(p);
    size_t n = strlen(out);
    while (n > 0 && g_ascii_ispunct(out[n - 1]) && out[n - 1] != ')')
        out[--n] = 0;
    return out;
}

static void vote_agency(const nb_doc *doc, nb_record *r)
{
    char *trimmed = trim_ocr_furniture(r->agency);
    if (*trimmed && strcmp(trimmed, r->agency)) {
        nb_record_warn(r, "agency", "agency read '%s' in the title: '%s' taken", r->agency, trimmed);
        g_free(r->agency);
        r->agency = trimmed;
    } else {
        g_free(trimmed);
    }
    GArray *occ = agency_occurrences(doc, r);
    char *elected = elect_agency(occ, r->agency, r->agency_prov.confidence);
    gboolean disagree = FALSE;
    GString *seen = g_string_new(NULL);
    for (guint i = 0; i < occ->len; i++) {
        const char *t = g_array_index(occ, occurrence, i).text;
        disagree |= strcmp(t, r->agency) != 0;
        g_string_append_printf(seen, "%s'%s'", i ? ", " : "", t);
    }
    if (strcmp(elected, r->agency)) {
        nb_record_warn(r, "agency", "agency read '%s' in the title and %s elsewhere: '%s' taken",
                       r->agency, seen->str, elected);
        g_free(r->agency);
        r->agency = elected, elected = NULL;
    } else if (disagree) {
        nb_record_warn(r, "agency", "agency read '%s' in the title but %s elsewhere", r->agency,
                       seen->str);
    }
    g_free(elected);
    g_string_free(seen, TRUE);
    g_array_free(occ, TRUE);
}

/* ---- year ---- */

/* Years the text states for the report outside the title: the first
 * sentence's ("2024年，云溪区民政局…") and "2024年度" anywhere, not dates
 * ("2025年1月") nor years compared with ("与2023年相比" names no 年度). */
static GArray *year_occurrences(const nb_doc *doc, const nb_record *r)
{
    GArray *years = g_array_new(FALSE, FALSE, sizeof(int));
    GRegex *re = g_regex_new("((?:19|20)\\d\\d)年(?:度|[，,、]\\s*(?:\\p{Han}{2,}))", 0, 0, NULL);
    char *title = nb_norm_squash(r->year_raw ? r->year_raw : "");
    for (guint i = 0; re && i < doc->lines->len; i++) {
        const nb_line *l = g_ptr_array_index(doc->lines, i);
        if (l->prov.origin != NB_ORIGIN_OCR)
            continue;
        char *sq = nb_norm_squash(l->text);
        GMatchInfo *mi = NULL;
        if (!is_title_line(sq, title))
            for (g_regex_match(re, sq, 0, &mi); g_match_info_matches(mi); g_match_info_next(mi, NULL)) {
                char *y = g_match_info_fetch(mi, 1);
                int v = atoi(y);
                g_array_append_val(years, v);
                g_free(y);
            }
        g_match_info_free(mi);
        g_free(sq);
    }
    g_free(title);
    if (re)
        g_regex_unref(re);
    return years;
}

/* True when the two years differ in exactly one digit (an OCR slip). */
static gboolean one_digit_apart(int a, int b)
{
    int diff = 0;
    for (int k = 0; k < 4; k++, a /= 10, b /= 10)
        diff += a % 10 != b % 10;
    return diff == 1;
}

static void vote_year(const nb_doc *doc, nb_record *r)
{
    GArray *years = year_occurrences(doc, r);
    int agree = 0, best = 0, best_count = 0;
    for (guint i = 0; i < years->len; i++) {
        int y = g_array_index(years, int, i), k = 0;
        if (y == r->year) {
            agree++;
            continue;
        }
        for (guint j = 0; j < years->len; j++)
            k += g_array_index(years, int, j) == y;
        if (k > best_count)
            best = y, best_count = k;
    }
    if (best_count >= 2 && best_count > agree && one_digit_apart(best, r->year)) {
        nb_record_warn(r, "year", "year read %d in the title and %d in %d places of the text: %d taken",
                       r->year, best, best_count, best);
        r->year = best;
    } else if (best_count > 0 && agree == 0) {
        nb_record_warn(r, "year", "year read %d in the title but %d in the text", r->year, best);
    }
    g_array_free(years, TRUE);
}

void nb_vote_agency_year(const nb_doc *doc, nb_record *r)
{
    if (!doc || !r)
        return;
    if (r->agency && r->agency_prov.origin == NB_ORIGIN_OCR)
        vote_agency(doc, r);
    if (r->year && r->year_prov.origin == NB_ORIGIN_OCR)
        vote_year(doc, r);
}
