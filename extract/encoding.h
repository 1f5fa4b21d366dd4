/*
 * encoding.h — turning input bytes into UTF-8.
 *
 * Owns: BOM handling, UTF-8 validation, GB18030 (superset of GB2312/GBK)
 * fallback.  Returned strings are new and freed by the caller with g_free.
 */
#ifndef NB_ENCODING_H
#define NB_ENCODING_H

#include <glib.h>

/* Converts `data` to UTF-8.  `charset` is a declared charset (HTML meta) or
 * NULL to detect: a BOM wins, then valid UTF-8, then GB18030.  Returns NULL
 * when the bytes are valid in none of them; *used (optional, always set)
 * receives the charset name used (static string). */
char *nb_to_utf8(const guchar *data, gsize len, const char *charset, const char **used);

/* The canonical name of a charset a page may declare ("UTF-8", "GB18030"
 * for gb2312/gbk/gb18030/cp936, "BIG5"), a static string; NULL for one not
 * read by name (it is then detected). */
const char *nb_charset_canonical(const char *cs);

/* True when the bytes look like binary data (NUL bytes or many control
 * characters in the first 4 KB). */
gboolean nb_looks_binary(const guchar *data, gsize len);

#endif
