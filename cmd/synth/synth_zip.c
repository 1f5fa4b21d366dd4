/* synth_zip.c — see synth_zip.h. */
#include "cmd/synth/synth_zip.h"

#include <zip.h>

#include "extract/lazylibs.h"

struct nb_synth_zip {
    GPtrArray *names; /* char* */
    GPtrArray *parts; /* GBytes* */
};

nb_synth_zip *nb_synth_zip_new(void)
{
    nb_synth_zip *z = g_new0(nb_synth_zip, 1);
    z->names = g_ptr_array_new_with_free_func(g_free);
    z->parts = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
    return z;
}

void nb_synth_zip_free(nb_synth_zip *z)
{
    if (!z)
        return;
    g_ptr_array_free(z->names, TRUE);
    g_ptr_array_free(z->parts, TRUE);
    g_free(z);
}

void nb_synth_zip_add(nb_synth_zip *z, const char *name, const GString *text)
{
    g_ptr_array_add(z->names, g_strdup(name));
    g_ptr_array_add(z->parts, g_bytes_new(text->str, text->len));
}

/* Copies the finished archive out of the in-memory source. */
static gboolean read_source(zip_source_t *src, GByteArray *out)
{
    if (zip_source_open(src) < 0)
        return FALSE;
    guchar buf[65536];
    zip_int64_t n;
    while ((n = zip_source_read(src, buf, sizeof buf)) > 0)
        g_byte_array_append(out, buf, (guint)n);
    zip_source_close(src);
    return n == 0;
}

gboolean nb_synth_zip_write(nb_synth_zip *z, GByteArray *out, char **err)
{
    if (err)
        *err = NULL;
    nb_error le = {NB_ERR_NONE, NULL};
    if (!nb_lazy_zip(&le)) {
        if (err)
            *err = g_strdup(le.message);
        nb_error_clear(&le);
        return FALSE;
    }
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_t *zip = src ? zip_open_from_source(src, ZIP_TRUNCATE, &ze) : NULL;
    gboolean ok = zip != NULL;
    if (zip)
        zip_source_keep(src);
    for (guint i = 0; ok && i < z->names->len; i++) {
        gsize len = 0;
        const void *data = g_bytes_get_data(g_ptr_array_index(z->parts, i), &len);
        zip_source_t *part = zip_source_buffer(zip, data, len, 0);
        ok = part && zip_file_add(zip, g_ptr_array_index(z->names, i), part, ZIP_FL_ENC_UTF_8) >= 0;
        if (!ok && part)
            zip_source_free(part);
    }
    if (zip && ok)
        ok = zip_close(zip) == 0;
    else if (zip)
        zip_discard(zip);
    if (ok)
        ok = read_source(src, out);
    if (!ok && err)
        *err = g_strdup("cannot write the ZIP package");
    if (src)
        zip_source_free(src);
    zip_error_fini(&ze);
    return ok;
}
