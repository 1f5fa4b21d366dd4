/*
 * html_charset.h — which character set an HTML page is written in, and the
 * page as UTF-8.
 *
 * Owns: reading the charset the markup declares (<meta charset>, or
 * <meta http-equiv="Content-Type" content="…; charset=…">, wherever the
 * attributes sit, e.g. <meta charset="utf-8" name="viewport">) and the
 * precedence between a BOM, that declaration and detection.  The conversion
 * itself is extract/encoding.h's.  Returned strings are new (g_free).
 */
#ifndef NB_HTML_CHARSET_H
#define NB_HTML_CHARSET_H

#include <glib.h>

/* Returns the charset the page's <meta> elements declare (the first one
 * found in the first 64 KB), lower-cased, or NULL when none does.  The
 * bytes are read by libxml2's HTML parser as Latin-1, which keeps every
 * byte, so the ASCII attribute values come through whatever the page's
 * real encoding is. */
char *nb_html_declared_charset(const guchar *data, gsize len);

/* How a page was decoded (nb_html_to_utf8).  `note` is owned by the struct:
 * nb_html_decoding_clear frees it. */
typedef struct {
    const char *used; /* charset used (static string), NULL on failure */
    gsize replaced;   /* bytes replaced by U+FFFD */
    gboolean mixed;   /* refused: UTF-8 and GBK text side by side */
    char *note;       /* the declared charset the bytes contradict, said as a
                       * warning ("declares gb2312, bytes are UTF-8: read as
                       * UTF-8"), or NULL */
} nb_html_decoding;

/* Frees what `how` owns and zeroes it; NULL-safe. */
void nb_html_decoding_clear(nb_html_decoding *how);

/* Returns the page converted to UTF-8, or NULL when it is valid in no
 * supported encoding or mixes two.  A BOM wins; then bytes that are valid
 * UTF-8 and not plain ASCII are UTF-8 whatever the page declares (GBK text is
 * never valid UTF-8, while CMS templates often declare gb2312 over UTF-8
 * content; the contradiction goes into how->note); then a page holding both
 * runs of UTF-8 Chinese and GBK Chinese is refused (how->mixed: whichever
 * charset is used, part of its labels would be garbled); then the declared
 * charset; then detection (UTF-8, else GB18030).  When no charset reads the
 * bytes cleanly, a page with at most one broken byte in a hundred is read in
 * its declared (or most likely) charset with each broken byte replaced by
 * U+FFFD.  `how` (optional) is always set; the caller clears it. */
char *nb_html_to_utf8(const guchar *data, gsize len, nb_html_decoding *how);

#endif
