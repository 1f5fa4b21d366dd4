/*
 * fuzz_targets.h — the fuzz targets: what each libFuzzer harness does with
 * its bytes, shared by the harnesses (fuzz/fuzz_<name>.c) and by the test that
 * replays every past finding (tests/unit/test_regress_fuzz.c).
 *
 * Owns: the limits the targets run under, the decoding of the mapper
 * harness's grid language, and the tail of the pipeline every target drives
 * (record, JSON writer).  Header-only (static inline) so that each harness
 * stays one translation unit.  Nothing keeps state between calls: each call
 * frees everything it made, so a leak report names the input that caused it.
 */
#ifndef NB_FUZZ_TARGETS_H
#define NB_FUZZ_TARGETS_H

#include "cmd/driver/pipeline.h"
#include "cmd/write/record_json.h"
#include "extract/reader.h"
#include "schemas/glued.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Limits small enough that a single input cannot legitimately take long:
 * libFuzzer's -timeout and -rss_limit_mb then catch only real bugs (a reader
 * that ignores its limits), not big-but-honest inputs. */
static inline nb_limits nb_fuzz_limits(void)
{
    nb_limits lim = nb_limits_default();
    lim.max_bytes = 4 * 1000 * 1000;
    lim.max_pages = 8;
    lim.max_pixels = 4 * 1000 * 1000;
    lim.timeout_s = 20.0;
    lim.started_us = g_get_monotonic_time();
    lim.verbose_progress = 0;
    return lim;
}

/* The pdf and ofd harnesses' limits: as above, without OCR.  A text-less page is
 * still rendered at 300 dpi (the pixel limit is fuzzed) but tesseract is not
 * run on it: one OCR'd page costs seconds under ASan, which would make the
 * harness spend its time in tesseract instead of poppler and the PDF reader;
 * fuzz_image fuzzes the OCR path on its own. */
static inline nb_limits nb_fuzz_pdf_limits(void)
{
    nb_limits lim = nb_fuzz_limits();
    lim.no_ocr = 1;
    return lim;
}

/* Drives a read document through the rest of the pipeline as
 * nb_pipeline_convert does (glued-table recovery, template, values,
 * metadata, checks) and the JSON writer, then frees everything, `doc`
 * included.  A reader that returned NULL must have set a one-line message:
 * that contract is enforced here (abort = a finding). */
static inline void nb_fuzz_finish(nb_doc *doc, nb_error *rerr)
{
    if (!doc) {
        if (rerr->cls == NB_ERR_NONE || !rerr->message || !*rerr->message ||
            strchr(rerr->message, '\n'))
            abort(); /* a failed read must say why, on one line */
        nb_error_clear(rerr);
        return;
    }
    nb_error_clear(rerr);
    /* A fiftieth of the default search per digit run: a 3 KB line of digits
     * took 3 s under ASan with the default 500000 steps (1 s with 50000),
     * and what is fuzzed is the search code, not how far it gets (hitting
     * the bound more often fuzzes the bounded path too). */
    const nb_glued_limits glim = {10000, 1024, 0};
    nb_glued_recover(doc, nb_schema_set_default(), &glim);
    nb_error err;
    nb_record *r = nb_pipeline_record(doc, &err);
    if (r) {
        json_t *j = nb_record_to_json(r, TRUE);
        char *s = json_dumps(j, JSON_COMPACT);
        free(s);
        json_decref(j);
        nb_record_free(r);
    }
    nb_error_clear(&err);
    nb_doc_free(doc);
}

/* A reader target: the bytes are any file's content, whatever its kind;
 * `limits` is the function that gives the target's limits. */
#define NB_FUZZ_READER_TARGET(kind, limits)                                           \
    static inline void nb_fuzz_##kind(const uint8_t *data, size_t size)              \
    {                                                                                 \
        nb_limits lim = limits();                                                     \
        nb_error err = {0};                                                           \
        nb_fuzz_finish(nb_read_##kind(data, size, &lim, &err), &err);                 \
    }

NB_FUZZ_READER_TARGET(html, nb_fuzz_limits)
NB_FUZZ_READER_TARGET(pdf, nb_fuzz_pdf_limits)
NB_FUZZ_READER_TARGET(image, nb_fuzz_limits)
NB_FUZZ_READER_TARGET(docx, nb_fuzz_limits)
NB_FUZZ_READER_TARGET(doc, nb_fuzz_limits)
NB_FUZZ_READER_TARGET(ofd, nb_fuzz_pdf_limits) /* scanned pages decoded, not OCR'd */

/* The text reader; the sniffer sees the same inputs. */
static inline void nb_fuzz_text(const uint8_t *data, size_t size)
{
    (void)nb_sniff(data, size);
    nb_limits lim = nb_fuzz_limits();
    nb_error err = {0};
    nb_fuzz_finish(nb_read_text(data, size, &lim, &err), &err);
}

/*
 * The mapper target: the driver on arbitrary grids (template detection, row
 * alignment, value reading, metadata, sections, rules, JSON), no reader.
 * The bytes are decoded into an nb_doc by a tiny line language, chosen so
 * that `nianbao tables --format tsv` output is already a valid seed:
 *   "# name"   starts a new grid (blank lines also end a grid)
 *   ">text"    a line of the text flow
 *   "!text"    a reader warning
 *   other      a table row; cells split on TAB or '|'.  A cell written
 *              "^RC..." (R, C digits 1-9) spans R rows and C columns, laid
 *              out the way HTML lays out <td rowspan colspan> (nb_grid_append).
 * Invalid UTF-8 is made valid first: readers guarantee UTF-8 to later stages.
 */
typedef struct {
    nb_doc *doc;
    nb_grid *grid; /* grid being filled, or NULL */
    int row;
    int line;
} nb_fuzz_map_state;

static inline void nb_fuzz_grid_close(nb_fuzz_map_state *st)
{
    if (st->grid)
        nb_doc_add_grid(st->doc, st->grid);
    st->grid = NULL;
    st->row = 0;
}

static inline void nb_fuzz_add_row(nb_fuzz_map_state *st, const char *line)
{
    if (!st->grid)
        st->grid = nb_grid_new();
    char **cells = g_strsplit_set(line, "\t|", -1);
    nb_prov p = nb_prov_none(NB_ORIGIN_HTML);
    p.line = st->line;
    for (char **c = cells; *c; c++) {
        const char *t = *c;
        int rs = 1, cs = 1;
        if (t[0] == '^' && t[1] >= '1' && t[1] <= '9' && t[2] >= '1' && t[2] <= '9')
            rs = t[1] - '0', cs = t[2] - '0', t += 3;
        nb_grid_append(st->grid, st->row, t, rs, cs, &p);
    }
    g_strfreev(cells);
    st->row++;
}

static inline void nb_fuzz_add_line(nb_fuzz_map_state *st, const char *line)
{
    nb_prov p = nb_prov_none(NB_ORIGIN_TEXT);
    p.line = st->line;
    if (line[0] == '#') {
        nb_fuzz_grid_close(st);
        st->grid = nb_grid_new();
        nb_grid_set_name(st->grid, line + 1);
    } else if (line[0] == '>') {
        nb_doc_add_line(st->doc, line + 1, &p);
    } else if (line[0] == '!') {
        nb_doc_warn(st->doc, NULL, "%s", line + 1);
    } else if (!line[0]) {
        nb_fuzz_grid_close(st);
    } else {
        nb_fuzz_add_row(st, line);
    }
}

static inline void nb_fuzz_mapper(const uint8_t *data, size_t size)
{
    char *text = g_utf8_make_valid((const char *)data, (gssize)size);
    nb_fuzz_map_state st = {nb_doc_new(), NULL, 0, 0};
    st.doc->format = "html";
    char **lines = g_strsplit(text, "\n", -1);
    for (char **l = lines; *l; l++) {
        st.line++;
        nb_fuzz_add_line(&st, *l);
    }
    nb_fuzz_grid_close(&st);
    g_strfreev(lines);
    g_free(text);
    nb_error none = {0};
    nb_fuzz_finish(st.doc, &none);
}

/* The glued-table splitter without a reader: every line of the bytes is a
 * line of the text flow (the text reader would turn some of them into
 * grids first), so the fuzzer reaches nb_glued_recover with any line. */
static inline void nb_fuzz_glued(const uint8_t *data, size_t size)
{
    char *text = g_utf8_make_valid((const char *)data, (gssize)size);
    nb_doc *doc = nb_doc_new();
    char **lines = g_strsplit(text, "\n", -1);
    nb_prov p = nb_prov_none(NB_ORIGIN_TEXT);
    for (char **l = lines; *l; l++) {
        p.line++;
        nb_doc_add_line(doc, *l, &p);
    }
    g_strfreev(lines);
    g_free(text);
    nb_error none = {0};
    nb_fuzz_finish(doc, &none);
}

typedef void (*nb_fuzz_fn)(const uint8_t *data, size_t size);

/* The target called `name` ("text", "mapper", ...), or NULL. */
static inline nb_fuzz_fn nb_fuzz_target(const char *name)
{
    static const struct {
        const char *name;
        nb_fuzz_fn fn;
    } targets[] = {{"text", nb_fuzz_text},   {"mapper", nb_fuzz_mapper}, {"html", nb_fuzz_html},
                   {"pdf", nb_fuzz_pdf},     {"image", nb_fuzz_image}, {"glued", nb_fuzz_glued},
                   {"docx", nb_fuzz_docx},   {"doc", nb_fuzz_doc},
                   {"ofd", nb_fuzz_ofd}};
    for (size_t i = 0; i < G_N_ELEMENTS(targets); i++)
        if (!strcmp(targets[i].name, name))
            return targets[i].fn;
    return NULL;
}

#endif
