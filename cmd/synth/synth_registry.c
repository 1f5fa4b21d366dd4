/*
 * synth_registry.c — the renderers of `nianbao synth`, one per input kind.
 */
#include "cmd/synth/synth.h"

#include <string.h>

/* The renderers, one line each.  To add an input kind, implement
 * nb_synth_render_<kind> in cmd/synth/synth_<kind>.c, declare it in synth.h and
 * add its line here; nothing else needs to change. */
static const nb_synth_entry k_renderers[] = {
    {"text", "txt", FALSE, nb_synth_render_text},
    {"glued", "txt", FALSE, nb_synth_render_glued},
    {"html", "html", FALSE, nb_synth_render_html},
    {"pdf", "pdf", TRUE, nb_synth_render_pdf},
    {"scan", "tif", TRUE, nb_synth_render_scan},
    {"docx", "docx", TRUE, nb_synth_render_docx},
    {"ofd", "ofd", TRUE, nb_synth_render_ofd},
};

const nb_synth_entry *nb_synth_find(const char *kind)
{
    for (guint i = 0; kind && i < G_N_ELEMENTS(k_renderers); i++)
        if (!strcmp(k_renderers[i].kind, kind))
            return &k_renderers[i];
    return NULL;
}

nb_synth_render_fn nb_synth_renderer(const char *kind)
{
    const nb_synth_entry *e = nb_synth_find(kind);
    return e ? e->fn : NULL;
}

const char *nb_synth_extension(const char *kind)
{
    const nb_synth_entry *e = nb_synth_find(kind);
    return e ? e->extension : NULL;
}

char *nb_synth_kind_list(void)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < G_N_ELEMENTS(k_renderers); i++)
        g_string_append_printf(s, "%s%s", i ? ", " : "", k_renderers[i].kind);
    return g_string_free(s, FALSE);
}

