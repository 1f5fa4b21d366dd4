/* encoding.c — see encoding.h. */
#include "extract/encoding.h"

#include <string.h>

gboolean nb_looks_binary(const guchar *data, gsize len)
{
    gsize n = len < 4096 ? len : 4096, ctrl = 0;
    /* UTF-16 with a BOM is text even though it has NULs */
    if (len >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) || (data[0] == 0xFE && data[1] == 0xFF)))
        return FALSE;
    for (gsize i = 0; i < n; i++) {
        if (data[i] == 0)
            return TRUE;
        if (data[i] < 0x20 && data[i] != '\n' && data[i] != '\r' && data[i] != '\t' &&
            data[i] != '\f' && data[i] != 0x1b)
            ctrl++;
    }
    return n > 0 && ctrl * 20 > n;
}

static char *convert(const guchar *data, gsize len, const char *from)
{
    GError *e = NULL;
    gsize out_len = 0;
    char *out = g_convert((const char *)data, (gssize)len, "UTF-8", from, NULL, &out_len, &e);
    if (e) {
        g_error_free(e);
        return NULL;
    }
    return out;
}

const char *nb_charset_canonical(const char *cs)
{
    if (!cs)
        return NULL;
    if (!g_ascii_strcasecmp(cs, "utf-8") || !g_ascii_strcasecmp(cs, "utf8"))
        return "UTF-8";
    if (!g_ascii_strcasecmp(cs, "gb2312") || !g_ascii_strcasecmp(cs, "gbk") ||
        !g_ascii_strcasecmp(cs, "gb18030") || !g_ascii_strcasecmp(cs, "x-gbk") ||
        !g_ascii_strcasecmp(cs, "cp936"))
        return "GB18030";
    if (!g_ascii_strcasecmp(cs, "big5"))
        return "BIG5";
    return NULL;
}

char *nb_to_utf8(const guchar *data, gsize len, const char *charset, const char **used)
{
    const char *dummy;
    if (!used)
        used = &dummy;
    *used = NULL;
    if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF) {
        *used = "UTF-8";
        data += 3, len -= 3;
        return g_utf8_validate((const char *)data, (gssize)len, NULL)
                   ? g_strndup((const char *)data, len)
                   : g_utf8_make_valid((const char *)data, (gssize)len);
    }
    if (len >= 2 && data[0] == 0xFF && data[1] == 0xFE) {
        *used = "UTF-16LE";
        return convert(data + 2, len - 2, "UTF-16LE");
    }
    if (len >= 2 && data[0] == 0xFE && data[1] == 0xFF) {
        *used = "UTF-16BE";
        return convert(data + 2, len - 2, "UTF-16BE");
    }
    const char *declared = nb_charset_canonical(charset);
    if (declared && strcmp(declared, "UTF-8") != 0) {
        char *out = convert(data, len, declared);
        if (out) {
            *used = declared;
            return out;
        }
    }
    if (g_utf8_validate((const char *)data, (gssize)len, NULL)) {
        *used = "UTF-8";
        return g_strndup((const char *)data, len);
    }
    char *out = convert(data, len, "GB18030");
    if (out) {
        *used = "GB18030";
        return out;
    }
    return NULL;
}
