/* container.c — see container.h. */
#include "extract/container.h"
#include "extract/liblog.h"
#include "extract/zippart.h"

#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-memory.h>
#include <gsf/gsf-utils.h>
#include <string.h>

#include "extract/lazylibs.h"

static const guchar k_ole2_magic[8] = {0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1};

static gboolean is_zip(const guchar *d, gsize len)
{
    return len >= 4 && d[0] == 'P' && d[1] == 'K' &&
           ((d[2] == 3 && d[3] == 4) || (d[2] == 5 && d[3] == 6) || (d[2] == 7 && d[3] == 8));
}

static gboolean is_ole2(const guchar *d, gsize len)
{
    return len >= 8 && memcmp(d, k_ole2_magic, 8) == 0;
}

gboolean nb_container_magic(const guchar *data, gsize len)
{
    return is_zip(data, len) || is_ole2(data, len);
}

/* The OpenDocument kind its "mimetype" entry would name, told by the
 * entries every such package has. */
static nb_kind zip_kind(nb_zip *z, const char **what)
{
    if (nb_zip_has(z, "word/document.xml"))
        return NB_KIND_DOCX;
    if (nb_zip_has(z, "OFD.xml"))
        return NB_KIND_OFD;
    static const struct {
        const char *entry, *what;
    } others[] = {{"xl/workbook.xml", "an Excel workbook"},
                  {"ppt/presentation.xml", "a PowerPoint presentation"},
                  {"content.xml", "an OpenDocument file (save it as .docx or PDF)"},
                  {"Documents/Document.xml", "an XPS document"},
                  {"[Content_Types].xml", "an Office Open XML package of no supported kind"}};
    for (gsize i = 0; i < G_N_ELEMENTS(others); i++)
        if (nb_zip_has(z, others[i].entry)) {
            *what = others[i].what;
            return NB_KIND_BINARY;
        }
    *what = "a ZIP archive (unpack it and convert the documents inside)";
    return NB_KIND_BINARY;
}

static nb_kind ole2_kind(GsfInfile *ole, const char **what, nb_errclass *cls)
{
    static const struct {
        const char *stream, *what;
        nb_errclass cls;
    } kinds[] = {{"EncryptedPackage", "an encrypted Office document: needs a password", NB_ERR_FORMAT},
                 {"Workbook", "an Excel workbook", NB_ERR_UNSUPPORTED},
                 {"Book", "an Excel workbook", NB_ERR_UNSUPPORTED},
                 {"PowerPoint Document", "a PowerPoint presentation", NB_ERR_UNSUPPORTED}};
    for (gsize i = 0; i < G_N_ELEMENTS(kinds); i++) {
        GsfInput *c = gsf_infile_child_by_name(ole, kinds[i].stream);
        if (c) {
            g_object_unref(c);
            *what = kinds[i].what;
            *cls = kinds[i].cls;
            return NB_KIND_BINARY;
        }
    }
    GsfInput *word = gsf_infile_child_by_name(ole, "WordDocument");
    if (word) {
        g_object_unref(word);
        return NB_KIND_DOC;
    }
    *what = "an OLE2 compound file of no supported kind";
    return NB_KIND_BINARY;
}

nb_kind nb_container_sniff(const guchar *data, gsize len, const char **what, nb_errclass *cls)
{
    const char *dummy_what;
    nb_errclass dummy_cls;
    if (!what)
        what = &dummy_what;
    if (!cls)
        cls = &dummy_cls;
    *what = NULL;
    *cls = NB_ERR_UNSUPPORTED;
    if (is_zip(data, len)) {
        nb_error err = {0};
        nb_zip *z = nb_zip_open(data, len, NULL, &err);
        nb_error_clear(&err);
        if (!z) {
            *what = "a damaged ZIP archive";
            *cls = NB_ERR_FORMAT;
            return NB_KIND_BINARY;
        }
        nb_kind k = zip_kind(z, what);
        nb_zip_free(z);
        return k;
    }
    if (!is_ole2(data, len)) {
        *what = "binary data of no supported kind";
        *cls = NB_ERR_FORMAT;
        return NB_KIND_BINARY;
    }
    if (!nb_lazy_gsf(NULL)) {
        *what = "an OLE2 compound file (libgsf, which reads them, cannot be loaded)";
        return NB_KIND_BINARY;
    }
    /* a damaged file makes libgsf log criticals: caught (liblog.h); the
     * reader reports the damage */
    nb_liblog *gsf_log = nb_liblog_begin(nb_liblog_gsf);
    GsfInput *in = gsf_input_memory_new(data, (gsf_off_t)len, FALSE);
    GsfInfile *ole = gsf_infile_msole_new(in, NULL);
    nb_kind k = NB_KIND_BINARY;
    if (ole) {
        k = ole2_kind(ole, what, cls);
        g_object_unref(ole);
    } else {
        *what = "a damaged OLE2 compound file";
        *cls = NB_ERR_FORMAT;
    }
    g_object_unref(in);
    nb_liblog_end(gsf_log, NULL);
    return k;
}
