/*
 * fuzz_mapper.c — libFuzzer harness for the driver on arbitrary grids:
 * template detection, row alignment, value reading, metadata, sections,
 * rules and the JSON writer (nb_pipeline_record), without any reader.
 *
 * The bytes are decoded into an nb_doc by a tiny line language, chosen so
 * that `nianbao tables --format tsv` output is already a valid seed:
 *   "# name"   starts a new grid (blank lines also end a grid)
 *   ">text"    a line of the text flow
 *   "!text"    a reader warning
 *   other      a table row; cells split on TAB or '|'.  A cell written
 *              "^RC..." (R, C digits 1-9) spans R rows and C columns, the
 *              way an HTML <td rowspan colspan> is laid out (nb_grid_append).
 * Invalid UTF-8 is made valid first: readers guarantee UTF-8 to later stages.
 */
#include "fuzz_common.h"

#include <stdint.h>
#include <string.h>

typedef struct {
    nb_doc *doc;
    nb_grid *grid; /* grid being filled, or NULL */
    int row;
    int line;
} map_state;

static void grid_close(map_state *st)
{
    if (st->grid)
        nb_doc_add_grid(st->doc, st->grid);
    st->grid = NULL;
    st->row = 0;
}

/* "^RC" prefix → spans; anything else spans 1x1. */
static const char *cell_spans(const char *cell, int *rs, int *cs)
{
    *rs = *cs = 1;
    if (cell[0] == '^' && cell[1] >= '1' && cell[1] <= '9' && cell[2] >= '1' && cell[2] <= '9') {
        *rs = cell[1] - '0';
        *cs = cell[2] - '0';
        return cell + 3;
    }
    return cell;
}

static void add_row(map_state *st, const char *line)
{
    if (!st->grid)
        st->grid = nb_grid_new();
    char **cells = g_strsplit_set(line, "\t|", -1);
    nb_prov p = nb_prov_none(NB_ORIGIN_HTML);
    p.line = st->line;
    for (char **c = cells; *c; c++) {
        int rs, cs;
        const char *text = cell_spans(*c, &rs, &cs);
        nb_grid_append(st->grid, st->row, text, rs, cs, &p);
    }
    g_strfreev(cells);
    st->row++;
}

static void add_line(map_state *st, const char *line)
{
    nb_prov p = nb_prov_none(NB_ORIGIN_TEXT);
    p.line = st->line;
    if (line[0] == '#') {
        grid_close(st);
        st->grid = nb_grid_new();
        nb_grid_set_name(st->grid, line + 1);
    } else if (line[0] == '>') {
        nb_doc_add_line(st->doc, line + 1, &p);
    } else if (line[0] == '!') {
        nb_doc_warn(st->doc, NULL, "%s", line + 1);
    } else if (!line[0]) {
        grid_close(st);
    } else {
        add_row(st, line);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = g_utf8_make_valid((const char *)data, (gssize)size);
    map_state st = {nb_doc_new(), NULL, 0, 0};
    st.doc->format = "html";
    char **lines = g_strsplit(text, "\n", -1);
    for (char **l = lines; *l; l++) {
        st.line++;
        add_line(&st, *l);
    }
    grid_close(&st);
    g_strfreev(lines);
    g_free(text);
    nb_error none = {0};
    nb_fuzz_finish(st.doc, &none);
    return 0;
}
