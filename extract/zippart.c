/* zippart.c — see zippart.h. */
#include "extract/zippart.h"

#include <libxml/parser.h>
#include <string.h>
#include <zip.h>

#include "extract/lazylibs.h"

struct nb_zip {
    zip_t *zip;
    gint64 budget;   /* bytes that may still be inflated; < 0 = no limit */
};

nb_zip *nb_zip_open(const guchar *data, gsize len, const nb_limits *lim, nb_error *err)
{
    if (!nb_lazy_zip(err))
        return NULL;
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
    zip_t *zip = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
    if (!zip) {
        nb_error_set(err, NB_ERR_FORMAT, "a damaged ZIP package: %s", zip_error_strerror(&ze));
        if (src)
            zip_source_free(src);
        zip_error_fini(&ze);
        return NULL;
    }
    zip_error_fini(&ze);
    if (zip_get_num_entries(zip, 0) > NB_ZIP_MAX_ENTRIES) {
        nb_error_set(err, NB_ERR_LIMIT, "a ZIP package of %lld entries, over the cap of %d",
                     (long long)zip_get_num_entries(zip, 0), NB_ZIP_MAX_ENTRIES);
        zip_discard(zip);
        return NULL;
    }
    nb_zip *z = g_new0(nb_zip, 1);
    z->zip = zip;
    z->budget = lim && lim->max_bytes > 0 ? lim->max_bytes : -1;
    return z;
}

void nb_zip_free(nb_zip *z)
{
    if (!z)
        return;
    zip_discard(z->zip);
    g_free(z);
}

gboolean nb_zip_has(nb_zip *z, const char *name)
{
    return z && zip_name_locate(z->zip, name, 0) >= 0;
}

const char *nb_zip_find_suffix(nb_zip *z, const char *suffix)
{
    zip_int64_t n = z ? zip_get_num_entries(z->zip, 0) : 0;
    gsize sl = strlen(suffix);
    for (zip_int64_t i = 0; i < n; i++) {
        const char *name = zip_get_name(z->zip, (zip_uint64_t)i, 0);
        gsize nl = name ? strlen(name) : 0;
        if (nl >= sl && !g_ascii_strcasecmp(name + nl - sl, suffix))
            return name;
    }
    return NULL;
}

/* Inflates an open entry into `out` until its end, or until the budget is
 * spent (then FALSE with the limit error). */
static gboolean inflate_all(nb_zip *z, zip_file_t *f, GByteArray *out, nb_error *err)
{
    guchar buf[65536];
    for (;;) {
        zip_int64_t got = zip_fread(f, buf, sizeof buf);
        if (got < 0) {
            nb_error_set(err, NB_ERR_FORMAT, "a damaged ZIP package: %s",
                         zip_error_strerror(zip_file_get_error(f)));
            return FALSE;
        }
        if (got == 0)
            return TRUE;
        if (z->budget >= 0 && got > z->budget) {
            nb_error_set(err, NB_ERR_LIMIT, "the package inflates to more than the limit of "
                         "--max-bytes (a ZIP bomb?)");
            return FALSE;
        }
        if (z->budget >= 0)
            z->budget -= got;
        g_byte_array_append(out, buf, (guint)got);
    }
}

char *nb_zip_read(nb_zip *z, const char *name, gsize *len, nb_error *err)
{
    if (len)
        *len = 0;
    zip_int64_t idx = zip_name_locate(z->zip, name, 0);
    zip_file_t *f = idx >= 0 ? zip_fopen_index(z->zip, (zip_uint64_t)idx, 0) : NULL;
    if (!f) {
        nb_error_set(err, NB_ERR_FORMAT, idx < 0 ? "the package has no part %s"
                                                  : "part %s cannot be read (encrypted or of an "
                                                    "unknown compression)", name);
        return NULL;
    }
    GByteArray *out = g_byte_array_new();
    gboolean ok = inflate_all(z, f, out, err);
    zip_fclose(f);
    if (!ok) {
        g_byte_array_free(out, TRUE);
        return NULL;
    }
    if (len)
        *len = out->len;
    g_byte_array_append(out, (const guchar *)"", 1);
    return (char *)g_byte_array_free(out, FALSE);
}

/* A DTD (internal subset or external) in the first bytes before the root. */
static gboolean declares_dtd(const char *xml, gsize len)
{
    const char *root = NULL;
    for (gsize i = 0; i + 1 < len; i++)
        if (xml[i] == '<' && xml[i + 1] != '?' && xml[i + 1] != '!') {
            root = xml + i;
            break;
        }
    gsize n = root ? (gsize)(root - xml) : len;
    return g_strstr_len(xml, (gssize)n, "<!DOCTYPE") || g_strstr_len(xml, (gssize)n, "<!ENTITY");
}

xmlDoc *nb_zip_xml(nb_zip *z, const char *name, gboolean required, nb_error *err)
{
    if (!required && !nb_zip_has(z, name))
        return NULL;
    gsize len = 0;
    char *xml = nb_zip_read(z, name, &len, err);
    if (!xml)
        return NULL;
    if (len > G_MAXINT) {
        g_free(xml);
        nb_error_set(err, NB_ERR_LIMIT, "part %s is over 2 GB", name);
        return NULL;
    }
    if (declares_dtd(xml, len)) {
        g_free(xml);
        nb_error_set(err, NB_ERR_FORMAT, "part %s declares a DTD (refused: entities and external "
                     "references are never expanded or fetched)", name);
        return NULL;
    }
    xmlDoc *doc = xmlReadMemory(xml, (int)len, name, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                    XML_PARSE_NOCDATA);
    g_free(xml);
    if (!doc || !xmlDocGetRootElement(doc)) {
        const xmlError *xe = xmlGetLastError();
        char *why = g_strdup(xe && xe->message ? xe->message : "");
        g_strstrip(g_strdelimit(why, "\r\n", ' '));
        nb_error_set(err, NB_ERR_FORMAT, "part %s is not well-formed XML%s%s", name,
                     *why ? ": " : "", why);
        g_free(why);
        xmlFreeDoc(doc);
        return NULL;
    }
    return doc;
}
