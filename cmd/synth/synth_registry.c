/*
 * synth_registry.c — the renderers of `nianbao synth`, one per input kind.
 */
#include "cmd/synth/synth.h"

#include <string.h>

/* The renderers, one line each.  To add an input kind, implement
 * nb_synth_render_<kind> in cmd/synth/synth_<kind>.c, declare it in synth.h and
 * add its line here; nothing else needs to change. */
static const nb_synth_entry k_renderers[] = {
    {"text", "txt", FALSE, TRUE, nb_synth_render_text},
    {"markdown", "md", FALSE, TRUE, nb_synth_render_markdown},
    {"glued", "txt", FALSE, FALSE, nb_synth_render_glued},
    {"html", "html", FALSE, TRUE, nb_synth_render_html},
    {"pdf", "pdf", TRUE, TRUE, nb_synth_render_pdf},
    {"scan", "tif", TRUE, FALSE, nb_synth_render_scan},
    {"docx", "docx", TRUE, FALSE, nb_synth_render_docx},
    {"ofd", "ofd", TRUE, FALSE, nb_synth_render_ofd},
    {"ofd-scan", "ofd", TRUE, FALSE, nb_synth_render_ofd_scan},
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


static const struct {
    const char *name;
    unsigned bit;
} k_layouts[] = {
    {"spaces", NB_SYNTH_SPACES}, {"vertical", NB_SYNTH_VERTICAL}, {"wrap", NB_SYNTH_WRAP},
    {"webprint", NB_SYNTH_WEBPRINT}, {"headers", NB_SYNTH_HEADERS}, {"nested", NB_SYNTH_NESTED},
    {"split", NB_SYNTH_SPLIT}, {"containers", NB_SYNTH_CONTAINERS},
    {"outside", NB_SYNTH_OUTSIDE}, {"titles", NB_SYNTH_TITLES},
    {"fragment", NB_SYNTH_FRAGMENT}, {"widths", NB_SYNTH_WIDTHS},
    {"norules", NB_SYNTH_NORULES}, {"hrules", NB_SYNTH_HRULES}, {"align", NB_SYNTH_ALIGN},
    {"headunit", NB_SYNTH_HEADUNIT}, {"random", NB_SYNTH_RANDOM}, {"none", 0},
};

gboolean nb_synth_parse_layout(const char *list, unsigned *layout, char **bad)
{
    if (bad)
        *bad = NULL;
    *layout = 0;
    char **names = g_strsplit(list ? list : "", ",", -1);
    gboolean ok = TRUE;
    for (char **n = names; ok && *n; n++) {
        g_strstrip(*n);
        guint i = 0;
        while (i < G_N_ELEMENTS(k_layouts) && strcmp(k_layouts[i].name, *n))
            i++;
        if (i < G_N_ELEMENTS(k_layouts))
            *layout |= k_layouts[i].bit;
        else if (**n) {
            ok = FALSE;
            if (bad)
                *bad = g_strdup(*n);
        }
    }
    g_strfreev(names);
    return ok;
}

unsigned nb_synth_layout_draw(GRand *rnd, unsigned layout)
{
    return nb_synth_layout_draw_from(rnd, layout,
                                     NB_SYNTH_VERTICAL | NB_SYNTH_WRAP | NB_SYNTH_WEBPRINT);
}

unsigned nb_synth_layout_draw_from(GRand *rnd, unsigned layout, unsigned drawable)
{
    if (!(layout & NB_SYNTH_RANDOM))
        return layout;
    unsigned out = layout & ~drawable & ~(unsigned)NB_SYNTH_RANDOM;
    for (unsigned bit = 1; bit; bit <<= 1)
        if ((drawable & bit) && g_rand_int_range(rnd, 0, 2))
            out |= bit;
    return out;
}
