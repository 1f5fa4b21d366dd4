/*
 * synth_office.h — what real offices put on a report besides its text,
 * for the synthetic scans: a choice of typeface, the red seal over the
 * signature (and sometimes over a table), handwritten ticks in the margin,
 * the closing signature and date, running heads.
 *
 * Owns nb_synth_office, the choices made for one document (drawn from its
 * own GRand so that the report's layout choices keep their stream).
 * Create with nb_synth_office_new, free with nb_synth_office_free
 * (NULL-safe).  The drawing functions paint on a cairo context in PDF
 * points; they own nothing they are given.
 */
#ifndef NB_SYNTH_OFFICE_H
#define NB_SYNTH_OFFICE_H

#include <cairo.h>
#include <glib.h>
#include <pango/pangocairo.h>

typedef struct {
    GRand *rnd;             /* the decorations' own stream */
    const char *body_font;  /* Pango family of body text and tables */
    const char *bold_font;  /* headings and the title */
    gboolean running_heads; /* the title again at the top of pages 2.. */
    gboolean signature;     /* agency and date under the last section */
    gboolean seal;          /* a red seal over the signature */
    int table_seal_percent; /* chance of a seal over a table's cells, per page part */
    int tick_percent;       /* chance of handwritten ticks on a page */
} nb_synth_office;

/* Draws the choices for a document from `seed`.  Fonts: Song (Noto Serif
 * CJK, AR PL UMing), Kai (AR PL UKai), Hei (Noto Sans CJK); headings bold
 * Hei or the body face.  Returns a new nb_synth_office. */
nb_synth_office *nb_synth_office_new(guint32 seed);

/* Releases `o` and its stream.  NULL is accepted. */
void nb_synth_office_free(nb_synth_office *o);

/* One line naming the choices ("font AR PL UKai CN, signature, seal, …") for
 * the debug log; new string (g_free). */
char *nb_synth_office_describe(const nb_synth_office *o);

/* Paints a round official seal of radius `r` centred at (cx, cy): a red
 * ring, a star and a line of small characters, half transparent and
 * multiplied like ink over print (black print under it stays black). */
void nb_synth_draw_seal(cairo_t *cr, PangoContext *pango, const char *font, double cx, double cy,
                        double r, GRand *rnd);

/* Paints a handwritten tick (✓ drawn as two strokes of a pen, slightly
 * irregular) of size `size` with its lower left at (x, y). */
void nb_synth_draw_tick(cairo_t *cr, double x, double y, double size, GRand *rnd);

#endif
