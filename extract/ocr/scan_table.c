/* scan_table.c — see scan_table.h. */
#include "extract/ocr/scan_table.h"
#include "layout/model/textnorm.h"

#include <string.h>

/* A reading that cannot be a value by itself but may be a misread one: ink
 * nothing could read, or a short text: at most two characters besides ASCII
 * punctuation and spaces ("四" for "34", "||骂" where ruling remnants stand
 * around a glyph), or a digit reading that is no number ("." for a faint
 * digit). */
static gboolean maybe_misread_number(const nb_scan_reading *rd)
{
    if (!rd->has_ink)
        return FALSE;
    if (rd->numeric) /* the digit engine's "." or "," alone */
        return nb_parse_number(rd->text, NULL) == NB_NUM_BAD;
    if (strcmp(rd->text, NB_CELL_ILLEGIBLE) == 0)
        return TRUE;
    int chars = 0;
    for (const char *p = rd->text; *p && chars <= 2; p = g_utf8_next_char(p))
        chars += !(g_ascii_ispunct(*p) || g_ascii_isspace(*p));
    return chars <= 2;
}

/* True when the row of cell `i` holds a number in another cell. */
static gboolean number_in_row(const nb_ruled_table *t, const nb_scan_reading *rds, guint i)
{
    const nb_ruled_cell *c = &g_array_index(t->cells, nb_ruled_cell, i);
    for (guint k = 0; k < t->cells->len; k++) {
        const nb_ruled_cell *o = &g_array_index(t->cells, nb_ruled_cell, k);
        if (k != i && o->row == c->row && rds[k].numeric)
            return TRUE;
    }
    return FALSE;
}

gboolean nb_scan_value_in_doubt(const nb_ruled_table *t, const nb_scan_reading *rds, guint i)
{
    const nb_ruled_cell *c = &g_array_index(t->cells, nb_ruled_cell, i);
    if (c->colspan != 1 || !maybe_misread_number(&rds[i]) || !number_in_row(t, rds, i))
        return FALSE;
    int numbers = 0, inked = 0;
    for (guint k = 0; k < t->cells->len; k++) {
        const nb_ruled_cell *o = &g_array_index(t->cells, nb_ruled_cell, k);
        /* the other doubtful cells are no evidence either way */
        if (k == i || o->col != c->col || o->colspan != 1 || !rds[k].has_ink ||
            maybe_misread_number(&rds[k]) || !number_in_row(t, rds, k))
            continue;
        inked++;
        numbers += rds[k].numeric;
    }
    return numbers >= 1 && numbers * 4 >= inked * 3;
}

gboolean nb_scan_label_in_doubt(const nb_ruled_table *t, const nb_scan_reading *rds, guint i)
{
    const nb_ruled_cell *c = &g_array_index(t->cells, nb_ruled_cell, i);
    if (c->colspan != 1 || !rds[i].numeric || !number_in_row(t, rds, i))
        return FALSE;
    int labels = 0, inked = 0;
    for (guint k = 0; k < t->cells->len; k++) {
        const nb_ruled_cell *o = &g_array_index(t->cells, nb_ruled_cell, k);
        if (k == i || o->col != c->col || o->colspan != 1 || !rds[k].has_ink ||
            !number_in_row(t, rds, k))
            continue;
        inked++;
        labels += !rds[k].numeric && !maybe_misread_number(&rds[k]);
    }
    return labels >= 3 && labels * 4 >= inked * 3;
}

/* The second look at a cell in doubt: read as a number, the cell keeps that
 * reading only if it is one or a blank marker (a dash the Chinese model
 * read as 一), its confidence capped so that the value stays
 * in doubt unless a rule confirms it.  Otherwise it is illegible: a value
 * position that holds no number, which the mapper leaves out and names,
 * instead of a label that would cost the row all its values. */
static gboolean reread_as_number(const nb_scan_page *pg, const double box[4], nb_scan_reading *rd)
{
    nb_scan_reading num;
    if (!nb_scan_read_cell(pg, box, NB_SCAN_NUMBER, NB_VARIANT_PLAIN, &num))
        return FALSE;
    if (!num.numeric || nb_parse_number(num.text, NULL) == NB_NUM_BAD) {
        g_free(num.text);
        num.text = g_strdup(NB_CELL_ILLEGIBLE);
        num.numeric = FALSE;
        num.confidence = 0;
    }
    num.confidence = MIN(num.confidence, NB_SCAN_RETYPED_CONFIDENCE);
    nb_scan_reading_clear(rd);
    *rd = num;
    return TRUE;
}

/* The second look at a number in a column of labels: read by the Chinese
 * engine alone, the cell keeps that reading when it holds an ideograph, and
 * is an illegible label otherwise — never a value, which would shift the
 * row's numbers one column and cost the row (a two-line label
 * "5.要求行政机关确认或重新出 / 具已获取信息" read as "6"). */
static gboolean reread_as_label(const nb_scan_page *pg, const double box[4], nb_scan_reading *rd)
{
    nb_scan_reading label;
    if (!nb_scan_read_cell(pg, box, NB_SCAN_LABEL, NB_VARIANT_PLAIN, &label))
        return FALSE;
    gboolean ideograph = FALSE;
    for (const char *p = label.text; *p && !ideograph; p = g_utf8_next_char(p))
        ideograph = g_unichar_iswide(g_utf8_get_char(p));
    if (!ideograph) {
        g_free(label.text);
        label.text = g_strdup(NB_CELL_ILLEGIBLE);
        label.confidence = 0;
    }
    label.numeric = FALSE;
    label.has_ink = TRUE;
    nb_scan_reading_clear(rd);
    *rd = label;
    return TRUE;
}

gboolean nb_scan_read_table_cells(const nb_scan_page *pg, const nb_ruled_table *t,
                                  nb_scan_reading *rds, const nb_limits *lim, gboolean *expired)
{
    for (guint i = 0; i < t->cells->len; i++) {
        if (nb_limits_expired(lim)) {
            *expired = TRUE;
            return FALSE;
        }
        const nb_ruled_cell *c = &g_array_index(t->cells, nb_ruled_cell, i);
        const double box[4] = {c->box.x0, c->box.y0, c->box.x1, c->box.y1};
        if (!nb_scan_read_cell(pg, box, NB_SCAN_AUTO, NB_VARIANT_PLAIN, &rds[i]))
            return FALSE;
    }
    for (guint i = 0; i < t->cells->len; i++) {
        const nb_ruled_cell *c = &g_array_index(t->cells, nb_ruled_cell, i);
        const double box[4] = {c->box.x0, c->box.y0, c->box.x1, c->box.y1};
        if (nb_scan_value_in_doubt(t, rds, i) && !reread_as_number(pg, box, &rds[i]))
            return FALSE;
    }
    /* after the values: a label column's evidence is its cells read as text */
    for (guint i = 0; i < t->cells->len; i++) {
        const nb_ruled_cell *c = &g_array_index(t->cells, nb_ruled_cell, i);
        const double box[4] = {c->box.x0, c->box.y0, c->box.x1, c->box.y1};
        if (nb_scan_label_in_doubt(t, rds, i) && !reread_as_label(pg, box, &rds[i]))
            return FALSE;
    }
    return TRUE;
}
