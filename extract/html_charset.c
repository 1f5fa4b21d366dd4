/* html_charset.c — see html_charset.h. */
#include "extract/html_charset.h"
#include "extract/encoding.h"
#include "extract/html_dom.h"

#include <string.h>

enum { k_prescan_bytes = 64 * 1024 };

/* "text/html; charset=GB2312" -> "gb2312"; NULL when there is no charset. */
static char *charset_from_content(const char *content)
{
    char *lower = g_ascii_strdown(content, -1);
    char *at = strstr(lower, "charset");
    char *cs = NULL;
    if (at) {
        at += strlen("charset");
        while (g_ascii_isspace(*at))
            at++;
        if (*at == '=') {
            at++;
            while (g_ascii_isspace(*at) || *at == '"' || *at == '\'')
                at++;
            size_t n = strcspn(at, " \t\r\n;\"'");
            if (n > 0)
                cs = g_strndup(at, n);
        }
    }
    g_free(lower);
    return cs;
}

/* The charset one <meta> element declares, or NULL. */
static char *meta_charset(const xmlNode *meta)
{
    char *cs = nb_html_attr(meta, "charset");
    if (cs) {
        g_strstrip(cs);
        char *lower = g_ascii_strdown(cs, -1);
        g_free(cs);
        if (*lower)
            return lower;
        g_free(lower);
        return NULL;
    }
    char *equiv = nb_html_attr(meta, "http-equiv");
    char *content = equiv && !g_ascii_strcasecmp(g_strstrip(equiv), "content-type")
                        ? nb_html_attr(meta, "content")
                        : NULL;
    cs = content ? charset_from_content(content) : NULL;
    g_free(content);
    g_free(equiv);
    return cs;
}

static char *find_meta_charset(const xmlNode *n)
{
    for (; n; n = n->next) {
        if (nb_html_is(n, "meta")) {
            char *cs = meta_charset(n);
            if (cs)
                return cs;
        }
        char *cs = n->type == XML_ELEMENT_NODE ? find_meta_charset(n->children) : NULL;
        if (cs)
            return cs;
    }
    return NULL;
}

char *nb_html_declared_charset(const guchar *data, gsize len)
{
    if (!data || len == 0)
        return NULL;
    int n = (int)MIN(len, (gsize)k_prescan_bytes);
    htmlDocPtr doc = htmlReadMemory((const char *)data, n, NULL, "ISO-8859-1",
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                        HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC);
    if (!doc)
        return NULL;
    char *cs = find_meta_charset(xmlDocGetRootElement(doc));
    xmlFreeDoc(doc);
    return cs;
}

static gboolean has_bom(const guchar *d, gsize len)
{
    return (len >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF) ||
           (len >= 2 && ((d[0] == 0xFF && d[1] == 0xFE) || (d[0] == 0xFE && d[1] == 0xFF)));
}

static gboolean is_ascii(const guchar *d, gsize len)
{
    for (gsize i = 0; i < len; i++)
        if (d[i] >= 0x80)
            return FALSE;
    return TRUE;
}

/* Bytes of `data` that are not part of a valid UTF-8 sequence. */
static gsize utf8_invalid_bytes(const guchar *data, gsize len)
{
    gsize bad = 0;
    const char *p = (const char *)data, *end = p + len;
    while (p < end) {
        const char *stop = NULL;
        if (g_utf8_validate_len(p, (gsize)(end - p), &stop))
            break;
        bad++;
        p = stop + 1;
    }
    return bad;
}

/* Converts from `charset`, replacing each byte that starts an invalid
 * sequence with U+FFFD.  Gives up (NULL) after `max_bad` replacements: a
 * page that bad is in some other encoding. */
static char *convert_lossy(const guchar *data, gsize len, const char *charset, gsize max_bad,
                           gsize *replaced)
{
    GString *out = g_string_sized_new(len + len / 2);
    *replaced = 0;
    gsize pos = 0;
    while (pos < len) {
        GError *e = NULL;
        gsize done = 0, written = 0;
        char *part = g_convert((const char *)data + pos, (gssize)(len - pos), "UTF-8", charset,
                               &done, &written, &e);
        if (part) {
            g_string_append_len(out, part, (gssize)written);
            g_free(part);
            if (pos + done >= len)
                break;
            /* with bytes_read asked for, a character cut at the end is no error */
            if (++*replaced > max_bad) {
                g_string_free(out, TRUE);
                return NULL;
            }
            g_string_append(out, "\xEF\xBF\xBD");
            pos += done + 1;
            continue;
        }
        gboolean bad_input = e->domain == G_CONVERT_ERROR &&
                             (e->code == G_CONVERT_ERROR_ILLEGAL_SEQUENCE ||
                              e->code == G_CONVERT_ERROR_PARTIAL_INPUT);
        g_error_free(e);
        if (!bad_input || ++*replaced > max_bad) {
            g_string_free(out, TRUE);
            return NULL;
        }
        /* the bytes before the bad one convert cleanly */
        char *good = g_convert((const char *)data + pos, (gssize)done, "UTF-8", charset, NULL,
                               &written, NULL);
        if (good)
            g_string_append_len(out, good, (gssize)written);
        g_free(good);
        g_string_append(out, "\xEF\xBF\xBD");
        pos += done + 1;
    }
    return g_string_free(out, FALSE);
}

/* A page in a known charset with a few broken bytes (a truncated character,
 * a pasted fragment in another encoding) is still that page: the broken
 * bytes become U+FFFD, up to one in a hundred. */
static char *decode_damaged(const guchar *data, gsize len, const char *declared, gsize *replaced,
                            const char **used)
{
    gsize max_bad = len / 100 + 8;
    gboolean say_utf8 = declared && (!g_ascii_strcasecmp(declared, "utf-8") ||
                                     !g_ascii_strcasecmp(declared, "utf8"));
    gsize invalid = utf8_invalid_bytes(data, len);
    if ((say_utf8 || !declared) && invalid <= max_bad && !is_ascii(data, len)) {
        *replaced = invalid;
        *used = "UTF-8";
        return g_utf8_make_valid((const char *)data, (gssize)len);
    }
    char *out = convert_lossy(data, len, say_utf8 || !declared ? "GB18030" : declared, max_bad,
                              replaced);
    /* *used must outlive `declared`, which the caller frees: intern it */
    *used = out ? (say_utf8 || !declared ? "GB18030" : g_intern_string(declared)) : NULL;
    return out;
}

/* A valid UTF-8 sequence of two bytes or more at d[0], its length; else 0. */
static gsize utf8_sequence(const guchar *d, gsize left)
{
    gunichar c = g_utf8_get_char_validated((const char *)d, (gssize)MIN(left, (gsize)4));
    if (c == (gunichar)-1 || c == (gunichar)-2 || c < 0x80)
        return 0;
    return (gsize)g_utf8_skip[d[0]];
}

/* GBK's two-byte characters: lead 0x81-0xFE, trail 0x40-0xFE but 0x7F. */
static gboolean gbk_pair(const guchar *d, gsize left)
{
    return left >= 2 && d[0] >= 0x81 && d[0] <= 0xFE && d[1] >= 0x40 && d[1] <= 0xFE &&
           d[1] != 0x7F;
}

enum {
    k_mixed_run = 4,   /* three-byte UTF-8 characters in a row that are UTF-8
                        * text: GBK text makes such a run by chance about
                        * once in 10^7 positions (lead, trail, lead byte
                        * each in the 0x80-0xBF or 0xE0-0xEF range) */
    k_mixed_chars = 8, /* characters of each encoding before a page mixes
                        * them: a broken byte or a truncated character is
                        * damage, read with U+FFFD */
};

/* True when the page holds both UTF-8 Chinese (runs of k_mixed_run
 * three-byte characters or more) and GBK Chinese (two-byte characters among
 * the bytes that are not UTF-8), at least k_mixed_chars of each.  Two-byte
 * UTF-8 sequences (·, ×, °) count as neither: GBK text is full of them. */
static gboolean mixes_utf8_and_gbk(const guchar *d, gsize len)
{
    gsize utf8_chars = 0, gbk_chars = 0, run = 0, i = 0;
    while (i < len) {
        gsize n = d[i] < 0x80 ? 1 : utf8_sequence(d + i, len - i);
        if (n >= 3) {
            run++;
            i += n;
            continue;
        }
        if (run >= k_mixed_run)
            utf8_chars += run;
        run = 0;
        if (n == 0 && gbk_pair(d + i, len - i)) {
            gbk_chars++;
            n = 2;
        }
        i += MAX(n, (gsize)1);
    }
    if (run >= k_mixed_run)
        utf8_chars += run;
    return utf8_chars >= k_mixed_chars && gbk_chars >= k_mixed_chars;
}

void nb_html_decoding_clear(nb_html_decoding *how)
{
    if (!how)
        return;
    g_free(how->note);
    memset(how, 0, sizeof *how);
}

/* The warning for a declaration the bytes contradict, or NULL: a declared
 * charset that is not the one the text was read in (GB2312, GBK and GB18030
 * are one family; an ASCII page fits every declaration). */
static char *contradiction_note(const char *declared, const char *used, const guchar *data,
                                gsize len)
{
    if (!declared || !used || is_ascii(data, len))
        return NULL;
    const char *canon = nb_charset_canonical(declared);
    const char *canon_used = nb_charset_canonical(used);
    if (canon && !g_strcmp0(canon, canon_used ? canon_used : used))
        return NULL;
    return g_strdup_printf("page declares charset %s, its bytes are %s: read as %s", declared,
                           used, used);
}

char *nb_html_to_utf8(const guchar *data, gsize len, nb_html_decoding *how)
{
    nb_html_decoding dummy;
    if (!how)
        how = &dummy;
    memset(how, 0, sizeof *how);
    if (has_bom(data, len))
        return nb_to_utf8(data, len, NULL, &how->used);
    char *declared = nb_html_declared_charset(data, len);
    char *out = NULL;
    if (g_utf8_validate((const char *)data, (gssize)len, NULL) && !is_ascii(data, len))
        out = nb_to_utf8(data, len, NULL, &how->used);
    else if (mixes_utf8_and_gbk(data, len))
        how->mixed = TRUE;
    else {
        out = nb_to_utf8(data, len, declared, &how->used);
        if (!out)
            out = decode_damaged(data, len, declared, &how->replaced, &how->used);
    }
    if (out)
        how->note = contradiction_note(declared, how->used, data, len);
    g_free(declared);
    if (how == &dummy)
        nb_html_decoding_clear(how);
    return out;
}
