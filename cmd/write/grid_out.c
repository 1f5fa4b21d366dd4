/* grid_out.c — see grid_out.h. */
#include "cmd/write/grid_out.h"
#include "cmd/write/prov_json.h"

#include <jansson.h>
#include <string.h>

gboolean nb_grid_format_parse(const char *s, nb_grid_format *out)
{
    if (!s || !strcmp(s, "tsv"))
        *out = NB_GRID_TSV;
    else if (!strcmp(s, "csv"))
        *out = NB_GRID_CSV;
    else if (!strcmp(s, "json"))
        *out = NB_GRID_JSON;
    else
        return FALSE;
    return TRUE;
}

/* TSV cells cannot hold tabs or newlines: they become spaces. */
static void put_tsv(FILE *out, const char *s)
{
    for (; *s; s++)
        fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, out);
}

void nb_csv_write_field(FILE *out, const char *s)
{
    /* quote what a spreadsheet would otherwise split or trim */
    if (!strpbrk(s, ",\"\r\n") && s[0] != ' ' && (!*s || s[strlen(s) - 1] != ' ')) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

/* Writes the rows of `g` from `first_row` on. */
static void write_delimited(FILE *out, const nb_grid *g, nb_grid_format fmt, int first_row)
{
    for (int r = first_row; r < nb_grid_rows(g); r++) {
        for (int c = 0; c < nb_grid_cols(g); c++) {
            if (c)
                fputc(fmt == NB_GRID_TSV ? '\t' : ',', out);
            const char *t = nb_grid_text(g, r, c);
            if (fmt == NB_GRID_TSV)
                put_tsv(out, t);
            else
                nb_csv_write_field(out, t);
        }
        fputc('\n', out);
    }
}

static json_t *grid_json(const nb_grid *g, gboolean provenance)
{
    json_t *rows = json_array();
    for (int r = 0; r < nb_grid_rows(g); r++) {
        json_t *row = json_array();
        for (int c = 0; c < nb_grid_cols(g); c++) {
            const nb_cell *cell = nb_grid_cell(g, r, c);
            if (!cell || !cell->set || !cell->anchor)
                continue;
            json_t *o = json_pack("{s:i,s:s}", "col", c, "text", cell->text);
            if (cell->rowspan > 1)
                json_object_set_new(o, "rowspan", json_integer(cell->rowspan));
            if (cell->colspan > 1)
                json_object_set_new(o, "colspan", json_integer(cell->colspan));
            if (provenance)
                json_object_set_new(o, "provenance", nb_prov_json(&cell->prov, NULL));
            json_array_append_new(row, o);
        }
        json_array_append_new(rows, row);
    }
    return json_pack("{s:s?,s:i,s:i,s:o}", "name", nb_grid_name(g), "rows", nb_grid_rows(g),
                     "cols", nb_grid_cols(g), "cells", rows);
}

void nb_grids_write(FILE *out, const nb_doc *doc, nb_grid_format fmt, gboolean provenance)
{
    if (fmt == NB_GRID_JSON) {
        json_t *all = json_array();
        for (guint i = 0; i < doc->grids->len; i++)
            json_array_append_new(all, grid_json(g_ptr_array_index(doc->grids, i), provenance));
        json_dumpf(all, out, JSON_INDENT(1));
        fputc('\n', out);
        json_decref(all);
        return;
    }
    for (guint i = 0; i < doc->grids->len; i++) {
        const nb_grid *g = g_ptr_array_index(doc->grids, i);
        if (i)
            fputc('\n', out);
        fprintf(out, "# %s\n", nb_grid_name(g) ? nb_grid_name(g) : "table");
        write_delimited(out, g, fmt, 0);
    }
}

/* A cell that states a number ("1,234", "-3", "12.5"): a data row's mark. */
static gboolean is_number(const char *s)
{
    while (*s == ' ')
        s++;
    if (*s == '-' || *s == '+')
        s++;
    if (!g_ascii_isdigit(*s))
        return FALSE;
    while (g_ascii_isdigit(*s) || *s == ',' || *s == '.')
        s++;
    while (*s == ' ')
        s++;
    return *s == '\0';
}

static gboolean row_has_number(const nb_grid *g, int r)
{
    for (int c = 0; c < nb_grid_cols(g); c++)
        if (is_number(nb_grid_text(g, r, c)))
            return TRUE;
    return FALSE;
}

/* How many leading rows name the columns (see nb_grid_write_csv_table). */
static int header_rows(const nb_grid *g)
{
    int n = 0;
    while (n < nb_grid_rows(g) && !row_has_number(g, n))
        n++;
    return n == nb_grid_rows(g) ? MIN(n, 1) : n;
}

/* Column c's name: the header rows' texts top down, a repeat named once. */
static char *column_name(const nb_grid *g, int c, int nhead)
{
    GString *s = g_string_new(NULL);
    const char *prev = NULL;
    for (int r = 0; r < nhead; r++) {
        const char *t = nb_grid_text(g, r, c);
        if (!*t || (prev && !strcmp(prev, t)))
            continue;
        g_string_append_printf(s, "%s%s", s->len ? " / " : "", t);
        prev = t;
    }
    if (!s->len)
        g_string_printf(s, "column %d", c + 1);
    return g_string_free(s, FALSE);
}

void nb_grid_write_csv_table(FILE *out, const nb_grid *g)
{
    int nhead = header_rows(g);
    for (int c = 0; c < nb_grid_cols(g); c++) {
        char *name = column_name(g, c, nhead);
        if (c)
            fputc(',', out);
        nb_csv_write_field(out, name);
        g_free(name);
    }
    fputc('\n', out);
    write_delimited(out, g, NB_GRID_CSV, nhead);
}

GHashTable *nb_grid_pages(const nb_grid *g)
{
    GHashTable *pages = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (int r = 0; r < nb_grid_rows(g); r++)
        for (int c = 0; c < nb_grid_cols(g); c++) {
            const nb_cell *cell = nb_grid_cell(g, r, c);
            if (cell && cell->set && cell->prov.page > 0)
                g_hash_table_add(pages, GINT_TO_POINTER(cell->prov.page));
        }
    return pages;
}
