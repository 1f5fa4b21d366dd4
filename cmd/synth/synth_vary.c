/*
 * synth_vary.c — the content variations of published reports that every
 * renderer prints the same way (see synth_common.h): blank zeros, label
 * variants, value notes, header units.  Choices derive from the seed alone,
 * so every renderer of one document makes the same ones.
 */
#include "cmd/synth/synth.h"
#include "cmd/synth/synth_common.h"
#include "layout/model/textnorm.h"

#include <math.h>
#include <string.h>

gboolean nb_synth_parse_vary(const char *list, guint *bits)
{
    static const struct {
        const char *name;
        guint bit;
    } names[] = {{"blanks", NB_VARY_BLANKS}, {"labels", NB_VARY_LABELS},
                 {"notes", NB_VARY_NOTES},   {"units", NB_VARY_UNITS},
                 {"fees", NB_VARY_FEES},     {"restate", NB_VARY_RESTATE},
                 {"partial", NB_VARY_PARTIAL}, {"all", NB_VARY_ALL},
                 {"none", 0}};
    *bits = 0;
    char **parts = g_strsplit(list ? list : "", ",", -1);
    gboolean ok = TRUE;
    for (int i = 0; parts[i] && ok; i++) {
        char *name = g_strstrip(parts[i]);
        gboolean known = FALSE;
        for (guint k = 0; k < G_N_ELEMENTS(names) && !known; k++)
            if (!strcmp(name, names[k].name))
                *bits |= names[k].bit, known = TRUE;
        ok = known || !*name;
    }
    g_strfreev(parts);
    return ok;
}

/* The unit a money column is printed in under NB_VARY_UNITS: the other
 * one of 元 and 万元.  Returns the number of 元 per printed unit. */
static double printed_unit_yuan(const nb_schema_row *row)
{
    return row->unit && !strcmp(row->unit, "10k_yuan") ? 1.0 : 10000.0;
}

static gboolean money_column(const nb_schema_table *t, const char *col)
{
    const nb_schema_labels *l = nb_schema_column_find(t, col);
    return l && l->money;
}

char *nb_synth_vary_value(const nb_synth_opts *o, const nb_schema_table *t,
                          const nb_schema_row *row, const char *col, double v, gboolean blank_ok)
{
    if (!o || !t || !col)
        return NULL;
    if ((o->vary & NB_VARY_BLANKS) && v == 0 && blank_ok)
        return g_strdup("");
    if ((o->vary & NB_VARY_UNITS) && row && row->unit && money_column(t, col)) {
        double key_yuan = !strcmp(row->unit, "10k_yuan") ? 10000.0 : 1.0;
        return nb_format_number(round(v * key_yuan / printed_unit_yuan(row) * 1e6) / 1e6);
    }
    /* the first count of the first row of section 二 ("本年制发件数") */
    if ((o->vary & NB_VARY_NOTES) && row && v >= 2 && v == floor(v) && t->rows->len &&
        row == g_ptr_array_index(t->rows, 0) && row->columns->len &&
        !strcmp(col, g_ptr_array_index(row->columns, 0)) && !money_column(t, col))
        return g_strdup_printf("%.0f（其中修订%.0f件）", v, floor(v / 2));
    return NULL;
}

char *nb_synth_vary_row_label(const nb_synth_opts *o, const nb_schema_row *row, const char *label)
{
    if (!o || !(o->vary & NB_VARY_LABELS) || !row)
        return g_strdup(label);
    if (g_str_has_prefix(label, "（七）总计"))
        return g_strconcat("（七）合计", label + strlen("（七）总计"), NULL);
    /* "1.属于国家秘密" → "1、…" or "（1）…", one style per document */
    const char *p = label;
    while (g_ascii_isdigit(*p))
        p++;
    if (p == label || *p != '.')
        return g_strdup(label);
    char *num = g_strndup(label, (gsize)(p - label));
    char *out = o->seed % 3 == 0   ? g_strconcat(num, "、", p + 1, NULL)
                : o->seed % 3 == 1 ? g_strconcat("（", num, "）", p + 1, NULL)
                                   : g_strdup(label);
    g_free(num);
    return out;
}

/* The unit is stated beside the block's caption rather than in the column
 * header (one document of two, by the seed). */
static gboolean unit_in_caption(const nb_synth_opts *o)
{
    return o && (o->vary & NB_VARY_UNITS) && (o->seed / 3) % 2 == 1;
}

/* The unit text of `row`'s printed money values under NB_VARY_UNITS. */
static const char *printed_unit_text(const nb_schema_row *row)
{
    return printed_unit_yuan(row) == 1.0 ? "（单位：元）" : "（单位：万元）";
}

const char *nb_synth_printed_unit(const nb_synth_opts *o, const nb_schema_table *t,
                                  const nb_schema_row *row)
{
    if (!o || !(o->vary & NB_VARY_UNITS) || !t || !row || !row->unit)
        return NULL;
    for (guint k = 0; k < row->columns->len; k++)
        if (money_column(t, g_ptr_array_index(row->columns, k)))
            return printed_unit_yuan(row) == 1.0 ? "元" : "万元";
    return NULL;
}

gboolean nb_synth_caption_has_unit(const nb_synth_opts *o, const nb_schema_table *t,
                                   const nb_schema_row *row)
{
    if (!unit_in_caption(o) || !t || !row || !row->unit)
        return FALSE;
    for (guint k = 0; k < row->columns->len; k++)
        if (money_column(t, g_ptr_array_index(row->columns, k)))
            return TRUE;
    return FALSE;
}

const char *nb_synth_caption(const nb_synth_opts *o, const nb_schema_table *t,
                             const nb_schema_row *row, const char *caption)
{
    if (!nb_synth_caption_has_unit(o, t, row))
        return g_intern_string(caption);
    char *c = g_strconcat(caption, printed_unit_text(row), NULL);
    const char *out = g_intern_string(c);
    g_free(c);
    return out;
}

char *nb_synth_vary_column_label(const nb_synth_opts *o, const nb_schema_table *t,
                                 const char *col, const char *label)
{
    if (!o || !(o->vary & NB_VARY_UNITS) || !money_column(t, col))
        return g_strdup(label);
    const nb_schema_row *row = NULL;
    for (guint i = 0; i < t->rows->len && !row; i++) {
        const nb_schema_row *r = g_ptr_array_index(t->rows, i);
        for (guint k = 0; k < r->columns->len && !row; k++)
            if (!strcmp(g_ptr_array_index(r->columns, k), col) && r->unit)
                row = r;
    }
    if (!row)
        return g_strdup(label);
    /* the label's words, without a unit of its own */
    const char *cut = strstr(label, "（");
    char *words = cut ? g_strndup(label, (gsize)(cut - label)) : g_strdup(label);
    char *out = g_strconcat(words, unit_in_caption(o) ? "" : printed_unit_text(row), NULL);
    g_free(words);
    return out;
}

const char *nb_synth_row_label(const nb_synth_opts *o, const nb_schema_row *row)
{
    char *l = nb_synth_vary_row_label(o, row, nb_synth_first_label(row->labels));
    const char *out = g_intern_string(l);
    g_free(l);
    return out;
}

const char *nb_synth_printed_column(const nb_synth_opts *o, const nb_schema_table *t,
                                    const char *col)
{
    char *l = nb_synth_vary_column_label(o, t, col, nb_synth_column_label(t, col));
    const char *out = g_intern_string(l);
    g_free(l);
    return out;
}
