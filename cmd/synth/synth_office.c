/* synth_office.c — see synth_office.h. */
#include "cmd/synth/synth_office.h"
#include "cmd/synth/synth_common.h"

#include <math.h>

/* Body faces of Chinese offices that Debian packages give: Song (two
 * cuts), Kai, Hei.  No FangSong face is packaged for simplified Chinese. */
static const char *k_body_fonts[] = {"Noto Serif CJK SC", "AR PL UMing CN", "AR PL UKai CN",
                                     "Noto Sans CJK SC"};

nb_synth_office *nb_synth_office_new(guint32 seed)
{
    nb_synth_office *o = g_new0(nb_synth_office, 1);
    o->rnd = g_rand_new_with_seed(seed ^ 0x5ea1u);
    o->body_font = k_body_fonts[g_rand_int_range(o->rnd, 0, G_N_ELEMENTS(k_body_fonts))];
    o->bold_font = nb_synth_chance(o->rnd, 60) ? "Noto Sans CJK SC Bold" : o->body_font;
    o->running_heads = nb_synth_chance(o->rnd, 30);
    o->signature = nb_synth_chance(o->rnd, 75);
    o->seal = o->signature && nb_synth_chance(o->rnd, 70);
    o->table_seal_percent = nb_synth_chance(o->rnd, 25) ? 40 : 0;
    o->tick_percent = nb_synth_chance(o->rnd, 40) ? 50 : 0;
    return o;
}

void nb_synth_office_free(nb_synth_office *o)
{
    if (!o)
        return;
    g_rand_free(o->rnd);
    g_free(o);
}

char *nb_synth_office_describe(const nb_synth_office *o)
{
    return g_strdup_printf("font %s / %s%s%s%s%s%s", o->body_font, o->bold_font,
                           o->running_heads ? ", running heads" : "",
                           o->signature ? ", signature" : "", o->seal ? ", seal" : "",
                           o->table_seal_percent ? ", seals over tables" : "",
                           o->tick_percent ? ", ticks" : "");
}

/* The five points of a star of outer radius `r`, filled. */
static void star(cairo_t *cr, double cx, double cy, double r)
{
    for (int k = 0; k < 10; k++) {
        double a = -M_PI / 2 + k * M_PI / 5, rr = k % 2 ? r * 0.38 : r;
        if (k == 0)
            cairo_move_to(cr, cx + rr * cos(a), cy + rr * sin(a));
        else
            cairo_line_to(cr, cx + rr * cos(a), cy + rr * sin(a));
    }
    cairo_close_path(cr);
    cairo_fill(cr);
}

void nb_synth_draw_seal(cairo_t *cr, PangoContext *pango, const char *font, double cx, double cy,
                        double r, GRand *rnd)
{
    cairo_save(cr);
    double alpha = g_rand_double_range(rnd, 0.55, 0.85);
    cairo_set_source_rgba(cr, 0.85, 0.08, 0.10, alpha);
    /* Ink over toner: the print under the seal stays black (multiplied),
     * as on paper; painted over, it became the seal's red and a ruling or
     * digit under the star vanished with the seal's dropout. */
    cairo_set_operator(cr, CAIRO_OPERATOR_MULTIPLY);
    cairo_set_line_width(cr, r * 0.07);
    /* The page's last text leaves a current point: cairo_arc would join it
     * to the ring with a straight red stroke across the table. */
    cairo_new_path(cr);
    cairo_arc(cr, cx, cy, r, 0, 2 * M_PI);
    cairo_stroke(cr);
    star(cr, cx, cy - r * 0.1, r * 0.3);
    PangoLayout *l = pango_layout_new(pango);
    PangoFontDescription *fd = pango_font_description_from_string(font);
    pango_font_description_set_absolute_size(fd, r * 0.22 * PANGO_SCALE);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    pango_layout_set_text(l, "政务公开专用章", -1);
    int w = 0, h = 0;
    pango_layout_get_size(l, &w, &h);
    cairo_move_to(cr, cx - w / 2.0 / PANGO_SCALE, cy + r * 0.35);
    pango_cairo_show_layout(cr, l);
    g_object_unref(l);
    cairo_restore(cr);
}

void nb_synth_draw_tick(cairo_t *cr, double x, double y, double size, GRand *rnd)
{
    cairo_save(cr);
    double blue = g_rand_boolean(rnd) ? 0.55 : 0.1;
    cairo_set_source_rgba(cr, 0.1, 0.1, blue, 0.9);
    cairo_set_line_width(cr, size * 0.09);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    double j = size * 0.08;
    cairo_move_to(cr, x, y - size * 0.45);
    cairo_curve_to(cr, x + size * 0.15, y - size * 0.3 + g_rand_double_range(rnd, -j, j),
                   x + size * 0.25, y - size * 0.1, x + size * 0.32, y);
    cairo_curve_to(cr, x + size * 0.5, y - size * 0.5 + g_rand_double_range(rnd, -j, j),
                   x + size * 0.7, y - size * 0.8, x + size, y - size);
    cairo_stroke(cr);
    cairo_restore(cr);
}
