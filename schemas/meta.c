/* meta.c — see meta.h.  Patterns use pcre2 (UTF mode). */
#include "schemas/meta.h"
#include "schemas/pattern.h"
#include "layout/model/textnorm.h"
#include "schemas/vote.h"

#include <stdlib.h>
#include <string.h>

/* ---- report detection ---- */

static gboolean text_names_report(const char *text, const nb_schema_set *set)
{
    char *sq = nb_norm_squash(text);
    gboolean yes = FALSE;
    for (guint i = 0; !yes && i < set->schemas->len; i++) {
        const nb_schema *s = g_ptr_array_index(set->schemas, i);
        for (guint j = 0; !yes && j < s->report_title->len; j++)
            yes = strstr(sq, g_ptr_array_index(s->report_title, j)) != NULL;
    }
    g_free(sq);
    return yes;
}

gboolean nb_meta_names_report(const nb_doc *doc, const nb_schema_set *set)
{
    if (doc->title && text_names_report(doc->title, set))
        return TRUE;
    for (guint i = 0; i < doc->lines->len; i++)
        if (text_names_report(((nb_line *)g_ptr_array_index(doc->lines, i))->text, set))
            return TRUE;
    return FALSE;
}

/* ---- provenance of document-level values ---- */

/* The reader's title has no line of its own: it keeps the document's origin
 * (html, text-layer, ocr) and page 1 when the document is paged. */
static nb_prov doc_origin_prov(const nb_doc *doc)
{
    nb_prov p = nb_prov_none(NB_ORIGIN_TEXT);
    if (doc->lines->len) {
        const nb_line *l = g_ptr_array_index(doc->lines, 0);
        p.origin = l->prov.origin;
        p.page = l->prov.page > 0 ? 1 : 0;
    }
    return p;
}

/* The provenance of the first text line that mentions `words`, so a value read
 * from prose can be found in the source. */
static nb_prov line_prov_with(const nb_doc *doc, const char *words)
{
    for (guint i = 0; i < doc->lines->len; i++) {
        const nb_line *l = g_ptr_array_index(doc->lines, i);
        char *sq = nb_norm_squash(l->text);
        gboolean hit = strstr(sq, words) != NULL;
        g_free(sq);
        if (hit)
            return l->prov;
    }
    return doc_origin_prov(doc);
}

/* ---- agency and year ---- */

static const char *k_title_re =
    "^(?:标题[:：])?\\s*(?:关于)?(?:印发)?(.{2,40}?)\\s*[(（]?\\s*(20\\d\\d|19\\d\\d)\\s*[)）]?\\s*年度?\\s*"
    "(?:度)?\\s*(?:本级)?\\s*(?:政府|政务)?\\s*信\\s*息\\s*公\\s*开";
static const char *k_title_year_first_re =
    "^(?:标题[:：])?\\s*(20\\d\\d|19\\d\\d)\\s*年度?\\s*(.{2,40}?)\\s*(?:政府|政务)\\s*信息公开";
/* The name runs as far as it can (greedy: "人力资源和社会保障局" must not stop
 * at the 会 of 社会) but not into the sentence: it ends before the words a
 * report's first sentence continues with (深入, 坚持, 在, 的, …). */
static const char *k_body_re =
    "(?:在|于)?(20\\d\\d)\\s*年(?:度)?[,，、\\s]*(?:以来)?[,，]?\\s*"
    "((?:(?!深入|坚持|坚决|认真|按照|根据|围绕|紧紧|紧扣|积极|持续|全面|进一步|不断|始终|切实|高度|严格|"
    "着力|聚焦|立足|结合|贯彻|落实|在|的|以|把|将)[\\p{Han}（）()]){2,30}"
    "(?:人民政府|管理委员会|委员会|办公室|实验区|管委会|局|厅|委|办|院|中心|署|街道办事处|街道|镇|乡|所|站|队|公司|馆|会))";

/* Cleans an agency name: no spaces, no trailing "关于"/"的". */
static char *clean_agency(const char *s)
{
    char *sq = nb_norm_squash(s);
    /* NFKC turned full-width brackets half-width; agencies rarely print them */
    char *p = sq;
    if (g_str_has_prefix(p, "关于"))
        p += strlen("关于");
    if (g_str_has_prefix(p, "印发"))
        p += strlen("印发");
    char *out = g_strdup(p);
    g_free(sq);
    size_t n = strlen(out);
    if (n >= 3 && strcmp(out + n - 3, "的") == 0)
        out[n - 3] = 0;
    return out;
}

static gboolean title_agency_year(const char *text, nb_record *r, const nb_prov *prov)
{
    nb_re re, re2;
    gboolean ok = FALSE;
    nb_re_compile(&re, k_title_re);
    nb_re_compile(&re2, k_title_year_first_re);
    char *t = nb_norm_cn_years(text);
    g_strstrip(t);
    if (nb_re_match(&re, t, 0)) {
        char *ag = nb_re_group(&re, t, 1), *yr = nb_re_group(&re, t, 2);
        char *clean = clean_agency(ag);
        if (g_utf8_strlen(clean, -1) >= 2 && !strstr(clean, "。") && !strstr(clean, "，")) {
            r->agency = clean, clean = NULL;
            r->year = atoi(yr);
            ok = TRUE;
        }
        g_free(clean);
        g_free(ag);
        g_free(yr);
    }
    if (!ok && nb_re_match(&re2, t, 0)) {
        char *yr = nb_re_group(&re2, t, 1), *ag = nb_re_group(&re2, t, 2);
        r->agency = clean_agency(ag);
        r->year = atoi(yr);
        ok = TRUE;
        g_free(ag);
        g_free(yr);
    }
    if (ok) {
        r->agency_prov = r->year_prov = *prov;
        g_free(r->agency_raw);
        g_free(r->year_raw);
        r->agency_raw = g_strdup(t);
        r->year_raw = g_strdup(t);
    }
    g_free(t);
    nb_re_free(&re);
    nb_re_free(&re2);
    return ok;
}

static void body_agency_year(const nb_doc *doc, nb_record *r)
{
    nb_re re;
    nb_re_compile(&re, k_body_re);
    for (guint i = 0; i < doc->lines->len && (!r->agency || !r->year); i++) {
        const nb_line *l = g_ptr_array_index(doc->lines, i);
        if (!nb_re_match(&re, l->text, 0))
            continue;
        char *yr = nb_re_group(&re, l->text, 1), *ag = nb_re_group(&re, l->text, 2);
        if (!r->year) {
            r->year = atoi(yr);
            r->year_prov = l->prov;
            r->year_raw = g_strdup(l->text);
        }
        if (!r->agency) {
            r->agency = clean_agency(ag);
            r->agency_prov = l->prov;
            r->agency_raw = g_strdup(l->text);
        }
        g_free(yr);
        g_free(ag);
    }
    nb_re_free(&re);
}

static void read_agency_year(const nb_doc *doc, const nb_schema_set *set, nb_record *r)
{
    nb_prov none = doc_origin_prov(doc);
    if (doc->title && text_names_report(doc->title, set) && title_agency_year(doc->title, r, &none))
        return;
    for (guint i = 0; i < doc->lines->len && i < 400; i++) {
        const nb_line *l = g_ptr_array_index(doc->lines, i);
        if (strlen(l->text) >= 400 || !text_names_report(l->text, set))
            continue;
        if (title_agency_year(l->text, r, &l->prov))
            return;
        /* a title broken over two lines: "淮安市洪泽区人民政府" / "2024 年政府信息…" */
        const nb_line *above = i > 0 ? g_ptr_array_index(doc->lines, i - 1) : NULL;
        if (above && g_utf8_strlen(above->text, -1) <= 40 && !strstr(above->text, "。")) {
            char *joined = g_strconcat(above->text, l->text, NULL);
            gboolean ok = title_agency_year(joined, r, &above->prov);
            g_free(joined);
            if (ok)
                return;
        }
    }
    body_agency_year(doc, r);
    if (r->agency || r->year)
        nb_record_warn(r, NULL, "no title line: agency and year taken from the body text");
    if (!r->agency)
        nb_record_warn(r, "agency", "agency not found");
    if (!r->year)
        nb_record_warn(r, "year", "year not found");
}

void nb_meta_read_agency_year(const nb_doc *doc, const nb_schema_set *set, nb_record *r)
{
    read_agency_year(doc, set, r);
    /* on scans the other places that print them vote on the title's reading */
    nb_vote_agency_year(doc, r);
}

/* ---- sections ---- */

typedef struct {
    size_t start;      /* byte offset of the numeral */
    size_t body;       /* byte offset where the section's text starts */
    char *key;         /* section key, or NULL for other headings */
} heading;

static const char *k_heading_re =
    "(?:^|(?<=[\\s。；;！!：:）)”\"\\d%]))([一二三四五六七八九十]{1,2})\\s*[、.．]\\s*";
static const char *k_end_re =
    "(?:^|(?<=[\\s。；;]))(?:[二〇○零一二三四五六七八九十]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日|"
    "20\\d\\d\\s*年\\s*\\d{1,2}\\s*月\\s*\\d{1,2}\\s*日\\s*$|附件[:：\\s1-9一二三]|附件下载|相关链接|"
    "【打印】|【关闭】|扫一扫在手机打开|分享到|版权所有|网站标识码|技术支持[:：]|主办单位[:：]|"
    "[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]ICP备|\\n\\s*(?:第\\s*)?\\d+\\s*页\\s*(?:共\\s*\\d+\\s*页)?\\s*\\n)";

/* A signature under the last section: the agency's name on a line of its
 * own (with its seal), just before the date. */
static const char *k_signature_re =
    "^\\s*(?:[\\p{Han}（）()]{2,30}(?:人民政府|管理委员会|委员会|办公室|实验区|管委会|局|厅|委|办|院|中心|"
    "署|街道办事处|街道|镇|乡|所|站|队|公司|馆|会)|[(（]?盖章[)）]?)\\s*$";

/* Removes up to two signature lines from the end of a section's text
 * (in place): lines that name an agency and nothing else, or the same name
 * after the last sentence on its line.  A section of a single line that is
 * only a name is left alone: its only line is its text. */
static void drop_signature(char *body)
{
    nb_re sig;
    nb_re_compile(&sig, k_signature_re);
    for (int i = 0; i < 2; i++) {
        char *nl = strrchr(body, '\n');
        if (!nl || !nb_re_match(&sig, nl + 1, 0))
            break;
        *nl = 0;
        g_strchomp(body);
    }
    /* crawler text keeps the signature on the last sentence's line:
     * "…事项。 平潭县人民政府" */
    char *end = g_strrstr(body, "。");
    if (end && end[strlen("。")] && nb_re_match(&sig, end + strlen("。"), 0))
        end[strlen("。")] = 0;
    nb_re_free(&sig);
}

static const char *section_for_heading(const nb_schema *s, const char *after, size_t *hlen)
{
    *hlen = 0;
    char *sq = nb_norm_squash(after);
    /* only the first words matter: a heading, not a sentence that mentions one */
    gchar *head = g_utf8_substring(sq, 0, MIN(g_utf8_strlen(sq, -1), 24));
    const char *found = NULL;
    size_t best = 0;
    for (guint i = 0; i < s->sections->len; i++) {
        const nb_schema_section *sec = g_ptr_array_index(s->sections, i);
        for (guint j = 0; j < sec->headings->len; j++) {
            const char *h = g_ptr_array_index(sec->headings, j);
            const char *at = strstr(head, h);
            if (!at || (size_t)(at - head) > 3 * 14)
                continue;
            size_t end = (size_t)(at - head) + strlen(h);
            if (end > best)
                best = end, found = sec->key;
        }
    }
    *hlen = best;
    g_free(head);
    g_free(sq);
    return found;
}

/* Byte offset in `raw` just after the first `n` bytes of its squashed form. */
static size_t raw_offset_after(const char *raw, size_t n)
{
    size_t got = 0;
    const char *p = raw;
    while (*p && got < n) {
        const char *next = g_utf8_next_char(p);
        char *one = g_strndup(p, (gsize)(next - p));
        char *sq = nb_norm_squash(one);
        got += strlen(sq);
        g_free(sq);
        g_free(one);
        p = next;
    }
    return (size_t)(p - raw);
}

static char *section_text(const char *text, size_t from, size_t to)
{
    char *s = g_strndup(text + from, to - from);
    g_strstrip(s);
    /* a heading line may end with its own punctuation */
    while (g_str_has_prefix(s, "：") || g_str_has_prefix(s, ":")) {
        char *t = g_strdup(s + (s[0] == ':' ? 1 : strlen("：")));
        g_free(s);
        s = t;
        g_strstrip(s);
    }
    return s;
}

static int cn_numeral(const char *s)
{
    static const char *digits[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
    for (int i = 0; i < 10; i++)
        if (strcmp(s, digits[i]) == 0)
            return i + 1;
    if (g_str_has_prefix(s, "十"))
        return 10 + cn_numeral(s + strlen("十"));
    return 0;
}

/* A page number on a line of its own ("-3-", "— 3 —", "第3页 共5页",
 * "3/5"; "3-" or "-3" when OCR lost a dash), left in text copied from a PDF
 * or read by OCR: page furniture, not section text. */
static const char *k_page_number_re =
    "^\\s*(?:[-—–－]\\s*\\d{1,3}\\s*[-—–－]?|\\d{1,3}\\s*[-—–－]|第\\s*\\d{1,3}\\s*页(?:\\s*[,，/]?\\s*共\\s*\\d{1,3}\\s*页)?|"
    "\\d{1,3}\\s*/\\s*\\d{1,3})\\s*$";

/* A running head: the report's title again at the top of a page (a short
 * line nearly the title, read by OCR apart from it). */
static gboolean running_head(const nb_line *l, const nb_record *r)
{
    if (l->prov.origin != NB_ORIGIN_OCR || !r->agency_raw || g_utf8_strlen(l->text, -1) > 60)
        return FALSE;
    char *a = nb_norm_squash(l->text), *b = nb_norm_squash(r->agency_raw);
    gboolean same = nb_edit_similarity(a, b) >= 0.75;
    g_free(a);
    g_free(b);
    return same;
}

/* True when `next` is a signature (a line that is only an agency's name)
 * set off to the right of `l`, where a paragraph's next line would start
 * at the margin. */
static gboolean signature_after(const nb_line *l, const nb_line *next, nb_re *signature)
{
    if (!l->prov.has_box || !next->prov.has_box || !nb_re_match(signature, next->text, 0))
        return FALSE;
    double width = l->prov.box[2] - l->prov.box[0];
    return width > 0 && next->prov.box[0] - l->prov.box[0] > 0.2 * width;
}

/* True when an OCR line broke a paragraph at the margin: it is long and
 * ends without closing a sentence, and `next` starts no heading and is no
 * signature (OCR can lose the last sentence's full stop). */
static gboolean wraps_into(const nb_line *l, const nb_line *next, nb_re *heading_start,
                           nb_re *signature)
{
    static const char *closing = "。！？；：!?;:”」）)";
    if (l->prov.origin != NB_ORIGIN_OCR || next->prov.origin != NB_ORIGIN_OCR ||
        g_utf8_strlen(l->text, -1) < 20 || nb_re_match(heading_start, next->text, 0) ||
        signature_after(l, next, signature))
        return FALSE;
    const char *end = l->text + strlen(l->text);
    while (end > l->text && g_ascii_isspace(end[-1]))
        end--;
    if (end == l->text)
        return FALSE;
    gunichar last = g_utf8_get_char(g_utf8_find_prev_char(l->text, end));
    return !g_utf8_strchr(closing, -1, last);
}

/* The text column of an OCR'd page: the horizontal extent of its lines of
 * running text (20 characters or more) and their median height. */
typedef struct {
    double x0, x1, height;
} text_column;
#define COLUMN_PAGES 64

static int by_double(gconstpointer a, gconstpointer b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void measure_columns(const nb_doc *doc, text_column *col)
{
    GArray *heights = g_array_new(FALSE, FALSE, sizeof(double));
    for (int p = 0; p < COLUMN_PAGES; p++)
        col[p] = (text_column){G_MAXDOUBLE, -G_MAXDOUBLE, 0};
    for (guint i = 0; i < doc->lines->len; i++) {
        const nb_line *l = g_ptr_array_index(doc->lines, i);
        int p = l->prov.page;
        if (l->prov.origin != NB_ORIGIN_OCR || !l->prov.has_box || p < 0 || p >= COLUMN_PAGES ||
            g_utf8_strlen(l->text, -1) < 20)
            continue;
        col[p].x0 = MIN(col[p].x0, l->prov.box[0]);
        col[p].x1 = MAX(col[p].x1, l->prov.box[2]);
        double h = l->prov.box[3] - l->prov.box[1];
        g_array_append_val(heights, h);
    }
    g_array_sort(heights, by_double);
    double median = heights->len ? g_array_index(heights, double, heights->len / 2) : 0;
    for (int p = 0; p < COLUMN_PAGES; p++)
        col[p].height = median;
    g_array_free(heights, TRUE);
}

/* OCR noise, not text: a mark in the margin outside the page's text
 * column (a handwritten tick read as "V"), or a weak reading of a block
 * far taller than a line or of a few characters (a seal over the
 * signature read as "永，然粳5-人公疏4有朋27二"). */
static gboolean ocr_noise(const nb_line *l, const text_column *col)
{
    int p = l->prov.page;
    if (l->prov.origin != NB_ORIGIN_OCR || !l->prov.has_box || p < 0 || p >= COLUMN_PAGES)
        return FALSE;
    const text_column *c = &col[p];
    if (c->x1 > c->x0 && (l->prov.box[2] < c->x0 || l->prov.box[0] > c->x1))
        return TRUE;
    double h = l->prov.box[3] - l->prov.box[1];
    return l->prov.confidence >= 0 && l->prov.confidence < 60 &&
           ((c->height > 0 && h > 1.8 * c->height) || g_utf8_strlen(l->text, -1) < 4);
}

/* An OCR line of section text read below this confidence puts its
 * section in doubt: a garbled character or two (真 read 昌) is within what
 * the record compares as the same text, more is not. */
#define WEAK_SECTION_LINE 85

/* Where a weak OCR line sits in the section flow (byte range) and how sure
 * its reading was. */
typedef struct {
    size_t from, to;
    int confidence;
} weak_line;

/* The document's text lines as one flow for the section finder: page
 * numbers, running heads and OCR noise (ocr_noise) left out, OCR lines that broke a paragraph at
 * the margin joined again ("坚\n持以公开" → "坚持以公开"). */
static GString *section_flow(const nb_doc *doc, const nb_record *r, GArray *weak)
{
    GString *all = g_string_new(NULL);
    nb_re page, head, sig;
    nb_re_compile(&page, k_page_number_re);
    nb_re_compile(&sig, k_signature_re);
    nb_re_compile(&head, "^\\s*(?:[一二三四五六七八九十]{1,2}\\s*[、.．]|[（(][一二三四五六七八九十]{1,2}[)）])");
    const nb_line *prev = NULL;
    text_column col[COLUMN_PAGES];
    measure_columns(doc, col);
    for (guint i = 0; i < doc->lines->len; i++) {
        const nb_line *l = g_ptr_array_index(doc->lines, i);
        if (nb_re_match(&page, l->text, 0) || running_head(l, r) || ocr_noise(l, col))
            continue;
        if (prev && all->len && all->str[all->len - 1] == '\n' && wraps_into(prev, l, &head, &sig))
            g_string_truncate(all, all->len - 1);
        size_t from = all->len;
        g_string_append(all, l->text);
        g_string_append_c(all, '\n');
        prev = l;
        if (l->prov.origin == NB_ORIGIN_OCR && l->prov.confidence >= 0 &&
            l->prov.confidence < WEAK_SECTION_LINE) {
            weak_line w = {from, all->len, l->prov.confidence};
            g_array_append_val(weak, w);
        }
    }
    nb_re_free(&page);
    nb_re_free(&head);
    nb_re_free(&sig);
    return all;
}

/* True when the document's text was read by OCR. */
static gboolean doc_is_ocr(const nb_doc *doc)
{
    for (guint i = 0; i < doc->lines->len; i++)
        if (((const nb_line *)g_ptr_array_index(doc->lines, i))->prov.origin == NB_ORIGIN_OCR)
            return TRUE;
    return FALSE;
}

/* Warns on sections.KEY when a weak OCR line lies in [from, to). */
static void warn_weak_section(nb_record *r, const char *key, const GArray *weak, size_t from,
                              size_t to)
{
    int worst = 101;
    for (guint i = 0; i < weak->len; i++) {
        const weak_line *w = &g_array_index(weak, weak_line, i);
        if (w->to > from && w->from < to)
            worst = MIN(worst, w->confidence);
    }
    if (worst <= 100) {
        char *path = g_strdup_printf("sections.%s", key);
        nb_record_warn(r, path, "a line of this section was read by OCR with confidence %d %%", worst);
        g_free(path);
    }
}

/* A section ends with a sentence, so with '。' (or '；', '！', a closing
 * bracket); OCR often reads the small full stop as a comma.  A section read
 * by OCR whose last character is '，' or ',' gets '。' in its place, with a
 * warning on sections.KEY: the comma may also mean the text was cut.
 * Takes `body` (g_free) and returns the section's text, `body` itself or a
 * new string in its place. */
static char *mend_final_stop(nb_record *r, const char *key, char *body)
{
    size_t n = strlen(body);
    size_t comma = g_str_has_suffix(body, "，") ? strlen("，") : g_str_has_suffix(body, ",") ? 1 : 0;
    if (!comma)
        return body;
    char *mended = g_strdup_printf("%.*s。", (int)(n - comma), body);
    g_free(body);
    char *path = g_strdup_printf("sections.%s", key);
    nb_record_warn(r, path, "the section ended in a comma: OCR's reading of its full stop, or "
                            "text cut short; read as ending '。'");
    g_free(path);
    return mended;
}

/* On a scan, a section the template has but no heading started: its
 * heading may have been misread (said, so that its absence is no silent
 * loss). */
static void warn_missing_sections(const nb_schema *s, nb_record *r)
{
    for (guint i = 0; i < s->sections->len; i++) {
        const nb_schema_section *sec = g_ptr_array_index(s->sections, i);
        if (g_hash_table_contains(r->sections, sec->key))
            continue;
        char *path = g_strdup_printf("sections.%s", sec->key);
        nb_record_warn(r, path, "section %s not found: no heading of it was read", sec->key);
        g_free(path);
    }
}

void nb_meta_read_sections(const nb_doc *doc, const nb_schema_set *set, nb_record *r)
{
    const nb_schema *s = g_ptr_array_index(set->schemas, 0);
    GArray *weak = g_array_new(FALSE, FALSE, sizeof(weak_line));
    GString *all = section_flow(doc, r, weak);
    const char *text = all->str;
    gboolean ocr = doc_is_ocr(doc);
    nb_re hre, ere;
    nb_re_compile(&hre, k_heading_re);
    nb_re_compile(&ere, k_end_re);
    GArray *heads = g_array_new(FALSE, TRUE, sizeof(heading));
    int expect = 0; /* numerals must not go backwards */
    for (size_t pos = 0; nb_re_match(&hre, text, pos);) {
        char *num = nb_re_group(&hre, text, 1);
        int n = cn_numeral(num);
        g_free(num);
        size_t st = nb_re_start(&hre, 1), en = nb_re_end(&hre, 0);
        pos = en > pos ? en : pos + 1;
        size_t hlen;
        const char *key = section_for_heading(s, text + en, &hlen);
        gboolean line_start = st == 0 || text[st - 1] == '\n';
        if (!key && !line_start && n != expect + 1)
            continue;
        if (n <= expect && !key)
            continue;
        heading h = {st, en + raw_offset_after(text + en, hlen), key ? g_strdup(key) : NULL};
        if (!key) /* a heading line of its own: the text starts on the next line */
            h.body = en;
        g_array_append_val(heads, h);
        expect = n;
    }
    gboolean have_overview = FALSE;
    for (guint i = 0; i < heads->len; i++)
        have_overview |= g_array_index(heads, heading, i).key &&
                         !strcmp(g_array_index(heads, heading, i).key, "overview");
    for (guint i = 0; i < heads->len; i++) {
        heading *h = &g_array_index(heads, heading, i);
        const char *key = h->key;
        gboolean by_place = !key && i == 0 && !have_overview;
        if (by_place)
            key = "overview"; /* the first numbered section is the overview */
        if (!key || g_hash_table_contains(r->sections, key))
            continue;
        if (by_place && ocr)
            nb_record_warn(r, "sections.overview", "overview taken from the first numbered heading, "
                                                   "whose words were not recognised");
        size_t end = i + 1 < heads->len ? g_array_index(heads, heading, i + 1).start : all->len;
        if (end < h->body) /* its heading words ran into the next heading: no body */
            continue;
        if (nb_re_match(&ere, text, h->body) && nb_re_start(&ere, 0) < end)
            end = nb_re_start(&ere, 0);
        char *body = section_text(text, h->body, end);
        drop_signature(body);
        if (ocr)
            body = mend_final_stop(r, key, body);
        nb_record_set_section(r, key, body);
        g_free(body);
        warn_weak_section(r, key, weak, h->body, end);
    }
    if (ocr && g_hash_table_size(r->sections) > 0) /* (a page image of tables alone has none) */
        warn_missing_sections(s, r);
    g_array_free(weak, TRUE);
    for (guint i = 0; i < heads->len; i++)
        g_free(g_array_index(heads, heading, i).key);
    g_array_free(heads, TRUE);
    nb_re_free(&hre);
    nb_re_free(&ere);
    g_string_free(all, TRUE);
}

/* ---- info fees ---- */

/* The fee phrasings of the first template that has them (the statement is
 * printed the same way whatever the table layout); NULL when none has. */
static const nb_schema_fees *fee_phrasings(const nb_schema_set *set)
{
    for (guint i = 0; set && i < set->schemas->len; i++) {
        const nb_schema *s = g_ptr_array_index(set->schemas, i);
        if (s->fees.amount && s->fees.amount->len && s->fees.amount_key && s->fees.cases_key &&
            s->fees.path)
            return &s->fees;
    }
    return NULL;
}

/* Tries the patterns of `list` in order on `text`; returns the text of the
 * group named `group` of the first one that matches and gives it (the whole
 * match when `group` is NULL), or NULL.  *wan (optional, always initialised)
 * is set when the match also has a non-empty group named "wan". */
static char *first_phrasing(const GPtrArray *list, const char *text, const char *group,
                            gboolean *wan)
{
    if (wan)
        *wan = FALSE;
    for (guint i = 0; list && i < list->len; i++) {
        nb_re re;
        char *hit = NULL;
        if (nb_re_compile(&re, g_ptr_array_index(list, i)) && nb_re_match(&re, text, 0)) {
            hit = group ? nb_re_named(&re, text, group) : nb_re_group(&re, text, 0);
            char *w = wan ? nb_re_named(&re, text, "wan") : NULL;
            if (wan && hit)
                *wan = w && *w;
            g_free(w);
        }
        nb_re_free(&re);
        if (hit && *hit)
            return hit;
        g_free(hit);
    }
    return NULL;
}

static void set_fee(nb_record *r, const char *key, double v, const char *raw, const nb_prov *prov)
{
    if (!nb_record_get(r, key))
        nb_record_set(r, key, v, raw, prov);
}

/* Reads a stated amount ("340元", "2.5万元"); FALSE when none is stated. */
static gboolean fee_amount(const nb_schema_fees *f, const char *text, nb_record *r,
                           const nb_prov *prov)
{
    gboolean wan;
    char *a = first_phrasing(f->amount, text, "amount", &wan);
    nb_number n;
    gboolean ok = a && nb_parse_number(a, &n) == NB_NUM_OK;
    if (ok)
        set_fee(r, f->amount_key, n.value * (wan ? 10000.0 : 1.0), a, prov);
    g_free(a);
    return ok;
}

/* Reads a stated number of cases ("3件"); FALSE when none is stated. */
static gboolean fee_cases(const nb_schema_fees *f, const char *text, nb_record *r,
                          const nb_prov *prov)
{
    char *c = first_phrasing(f->cases, text, "cases", NULL);
    if (c)
        set_fee(r, f->cases_key, atof(c), c, prov);
    g_free(c);
    return c != NULL;
}

/* The first sentence of `text` about fees (one of the `mentions` patterns
 * matches it), or NULL: a fee statement the phrasings did not read. */
static char *fee_sentence(const nb_schema_fees *f, const char *text)
{
    char **sentences = g_strsplit(text, "。", -1);
    char *found = NULL;
    for (int k = 0; sentences[k] && !found; k++) {
        char *hit = first_phrasing(f->mentions, sentences[k], NULL, NULL);
        if (hit)
            found = g_strdup(sentences[k]);
        g_free(hit);
    }
    g_strfreev(sentences);
    return found;
}

void nb_meta_read_info_fees(const nb_doc *doc, const nb_schema_set *set, nb_record *r)
{
    const nb_schema_fees *f = fee_phrasings(set);
    if (!f)
        return;
    const char *other = g_hash_table_lookup(r->sections, "other");
    GString *all = g_string_new(other);
    if (!other)
        for (guint i = 0; i < doc->lines->len; i++) {
            g_string_append(all, ((nb_line *)g_ptr_array_index(doc->lines, i))->text);
            g_string_append_c(all, '\n');
        }
    /* squashed as a whole: a PDF's line breaks fall inside words and numbers */
    char *text = nb_norm_squash(all->str);
    nb_prov prov = line_prov_with(doc, "信息处理费");
    char *none = NULL;
    /* a stated amount first (a sentence may add "the others were not
     * charged"), then a statement that nothing was charged, then a number
     * of cases alone; a stated 0 (either one) means nothing was charged */
    if (fee_amount(f, text, r, &prov)) {
        fee_cases(f, text, r, &prov);
        const nb_value *a = nb_record_get(r, f->amount_key);
        if (a->value == 0)
            set_fee(r, f->cases_key, 0, a->raw, &prov);
    } else if ((none = first_phrasing(f->none, text, NULL, NULL))) {
        set_fee(r, f->cases_key, 0, none, &prov);
        set_fee(r, f->amount_key, 0, none, &prov);
    } else if (fee_cases(f, text, r, &prov)) {
        const nb_value *c = nb_record_get(r, f->cases_key);
        if (c->value == 0)
            set_fee(r, f->amount_key, 0, c->raw, &prov);
    } else {
        char *sentence = fee_sentence(f, text);
        if (sentence)
            nb_record_warn(r, f->path, "a sentence about fees was not read: '%s'", sentence);
        g_free(sentence);
    }
    g_free(none);
    g_free(text);
    g_string_free(all, TRUE);
    /* on a scan, a fee sentence OCR garbled is no statement that nothing
     * was charged: its absence is said */
    if (doc_is_ocr(doc) && !nb_record_get(r, f->cases_key) &&
        !nb_record_get(r, f->amount_key) && g_hash_table_size(r->sections) > 0 &&
        !nb_record_flagged(r, f->path))
        nb_record_warn(r, f->path, "no statement of information processing fees was read");
}
