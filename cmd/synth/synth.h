/*
 * synth.h — the synthetic report generator (`nianbao synth`).
 *
 * Owns: random records with known numbers (non-zero, satisfying the
 * consistency rules unless asked to break one) and the renderers that write
 * a record as a document of each input kind.  A synthetic record is an
 * ordinary nb_record (template, agency, year, values, sections): its JSON is
 * the golden expected output of a round trip.  Everything returned is new
 * and owned by the caller.
 *
 * Renderers live one per file (synth_text.c, synth_html.c, synth_pdf.c,
 * synth_glued.c, synth_scan.c) and register in the table of synth.c.
 */
#ifndef NB_SYNTH_H
#define NB_SYNTH_H

#include "schemas/record.h"
#include "schemas/schema.h"

#include <glib.h>

/* Content variations of published reports (nb_synth_opts.vary), each a
 * class of documents the readers must take: */
enum {
    NB_VARY_BLANKS = 1 << 0,  /* zeros printed as blank cells (html, pdf, scan, text in tabs);
                                 one result row of zeros, sometimes section 四 all zeros */
    NB_VARY_LABELS = 1 << 1,  /* （七）合计 for （七）总计; sub-rows numbered 1、 or （1） */
    NB_VARY_NOTES = 1 << 2,   /* a value cell with a note: "35（其中修订12件）" */
    NB_VARY_UNITS = 1 << 3,   /* money headers naming another unit: 本年收费金额（单位：元） */
    NB_VARY_FEES = 1 << 4,    /* the info-fee sentence in its many phrasings */
    NB_VARY_RESTATE = 1 << 5, /* body sentences restating table values (rule "text") */
    NB_VARY_PARTIAL = 1 << 6, /* a partial page: the tail of section 三 and section 四 only */
    NB_VARY_ALL = (1 << 7) - 1
};

/* Layout variations (issue 14), bits of nb_synth_opts.layout.  Each
 * renderer applies the ones that exist in its kind of document. */
enum {
    NB_SYNTH_SPACES = 1 << 0,   /* text: columns laid out with spaces (pdftotext -layout) */
    NB_SYNTH_VERTICAL = 1 << 1, /* narrow column headers printed one character per line */
    NB_SYNTH_WRAP = 1 << 2,     /* narrow tables: labels and headers wrapped over lines */
    NB_SYNTH_WEBPRINT = 1 << 3, /* a web page printed: browser header and footer on every
                                 * page (text: form feeds between pages) */
    NB_SYNTH_RANDOM = 1 << 8,   /* each variation above drawn per document */
    /* HTML pages (synth_html.c); NB_SYNTH_VERTICAL and NB_SYNTH_WRAP apply
     * there too: a <p> or <br> per header character; labels, headers and
     * value notes broken by <br>/<p> inside their cells */
    NB_SYNTH_HEADERS = 1 << 16,    /* header rows in other shapes: section 四 without its
                                    * first header row or with only its lowest one,
                                    * section 三 without 申请人情况 or in one row */
    NB_SYNTH_NESTED = 1 << 17,     /* a data table inside a layout table's cell */
    NB_SYNTH_SPLIT = 1 << 18,      /* a template table split in two <table>s, its
                                    * header repeated or not */
    NB_SYNTH_CONTAINERS = 1 << 19, /* the article spread over several containers or
                                    * custom tags (<wzcontent>, <div class=TRS_Editor>) */
    NB_SYNTH_OUTSIDE = 1 << 20,    /* a table after the article's container */
    NB_SYNTH_TITLES = 1 << 21,     /* two <title>s: the site's and the report's */
    NB_SYNTH_FRAGMENT = 1 << 22,   /* a bare fragment: no <html>, <head> or charset */
    /* PDF table families (synth_pdf.c; NB_SYNTH_SPLIT there: section 三 broken by a
     * page break at a random row, the header repeated or not): */
    NB_SYNTH_WIDTHS = 1 << 10,  /* uneven column widths, narrower or wider tables */
    NB_SYNTH_NORULES = 1 << 11, /* tables with no rulings at all */
    NB_SYNTH_HRULES = 1 << 12,  /* horizontal rulings only */
    NB_SYNTH_ALIGN = 1 << 13,   /* numbers right-aligned, centred or left-aligned */
    NB_SYNTH_HEADUNIT = 1 << 15, /* the money unit stated in the heading area above the
                                  * table (`单位：元`), not in the header (with --vary units) */
};

/* The variations nb_synth_layout_draw draws for HTML pages. */
#define NB_SYNTH_HTML_LAYOUTS                                                                   \
    (NB_SYNTH_VERTICAL | NB_SYNTH_WRAP | NB_SYNTH_HEADERS | NB_SYNTH_NESTED | NB_SYNTH_SPLIT |  \
     NB_SYNTH_CONTAINERS | NB_SYNTH_OUTSIDE | NB_SYNTH_TITLES | NB_SYNTH_FRAGMENT)

/* The variations the PDF renderer draws (nb_synth_layout_draw_from). */
#define NB_SYNTH_PDF_DRAWN                                                                     \
    (NB_SYNTH_VERTICAL | NB_SYNTH_WRAP | NB_SYNTH_WIDTHS | NB_SYNTH_NORULES | NB_SYNTH_HRULES | \
     NB_SYNTH_ALIGN | NB_SYNTH_SPLIT | NB_SYNTH_HEADUNIT)

typedef struct {
    guint32 seed;        /* every random choice derives from it */
    gboolean mangle;     /* label noise: spaces, bracket widths, split labels, typos */
    gboolean break_rule; /* make one consistency rule fail on purpose */
    gboolean ambiguous;  /* glued text: build values with several valid splits */
    const char *encoding;/* html/text: "UTF-8" (default) or "GB18030" */
    int annex_pages;     /* pdf: pages of annex after the report (a list of
                          * documents and prose, for long-document benchmarks) */
    gboolean office;     /* pdf: an office's print (fonts, signature, seals, ticks,
                          * running heads: synth_office.h); set by the scan renderer */
    guint vary;          /* NB_VARY_* bits: content variations */
    unsigned layout;     /* NB_SYNTH_* variation bits (0: none) */
} nb_synth_opts;

/* Parses a --vary list ("blanks,labels", "all", "none") into NB_VARY_*
 * bits.  Returns FALSE for an unknown name. */
gboolean nb_synth_parse_vary(const char *list, guint *bits);

/* Parses a --layout list ("spaces,vertical,wrap,webprint", "random",
 * "none") into NB_SYNTH_* bits.  Returns FALSE on an unknown name, with
 * *bad (always initialised when `bad` is not NULL) a copy of it (g_free). */
gboolean nb_synth_parse_layout(const char *list, unsigned *layout, char **bad);

/* The variations in force for one document: `layout` itself, or with
 * NB_SYNTH_RANDOM each variation drawn from `rnd` (one draw each, 50 in
 * 100; SPACES is left to the caller). */
unsigned nb_synth_layout_draw(GRand *rnd, unsigned layout);

/* The same over the variations of `drawable` (one draw each, 50 in 100, in
 * the order of their bits; the variations of `layout` outside `drawable`
 * are kept): the HTML renderer draws NB_SYNTH_HTML_LAYOUTS. */
unsigned nb_synth_layout_draw_from(GRand *rnd, unsigned layout, unsigned drawable);

/* Generates a random record for template `s` ("2019" or "2021"): agency,
 * year, every table value (mostly non-zero), overview/problems/other
 * sections, info_fees for 2021.  Values that a rule defines as a sum are
 * solved from the schema's equations, so every rule holds.  With
 * opts->break_rule one printed total of the applications table is changed
 * so that exactly one rule-2 or rule-3 equation fails (the record keeps the
 * printed, inconsistent number).  The record's checks are those its values
 * fail, as `nianbao convert` must report them.  Same seed, same record.
 * Returns a new record (nb_record_free), or NULL if `s` or `opts` is NULL. */
nb_record *nb_synth_record(const nb_schema *s, const nb_synth_opts *opts);

/* Gives two result rows of `r` the values d|dd and dd|d in two neighbouring
 * columns ("3" "33" and "33" "3" glue to the same "333"), so glued text cannot
 * tell them apart while every rule still holds (totals are re-solved from the
 * schema's equations).  Tries a few placements with `rnd`; returns FALSE and
 * leaves `r` as it was when none keeps every count non-negative.  `cells`
 * (optional; 4 entries, always initialised) receives the four changed paths,
 * new strings the caller frees, or NULLs. */
gboolean nb_synth_make_ambiguous(const nb_schema *s, GRand *rnd, nb_record *r, char **cells);

/* A renderer writes `r` as a document into `out` (bytes, not necessarily
 * text).  Returns FALSE and sets *err (g_free) on failure. */
typedef gboolean (*nb_synth_render_fn)(const nb_record *r, const nb_schema *s,
                                       const nb_synth_opts *opts, GByteArray *out, char **err);

/* Renderers (each in its own synth_<kind>.c). */
gboolean nb_synth_render_text(const nb_record *r, const nb_schema *s, const nb_synth_opts *opts,
                              GByteArray *out, char **err);
/* Markdown as PDF-to-Markdown converters write it: '#' headings, pipe
 * tables with a delimiter row, spans repeated or left empty, section 四
 * sometimes one captioned table per group (synth_text.c). */
gboolean nb_synth_render_markdown(const nb_record *r, const nb_schema *s,
                                  const nb_synth_opts *opts, GByteArray *out, char **err);
gboolean nb_synth_render_glued(const nb_record *r, const nb_schema *s, const nb_synth_opts *opts,
                               GByteArray *out, char **err);
gboolean nb_synth_render_html(const nb_record *r, const nb_schema *s, const nb_synth_opts *opts,
                              GByteArray *out, char **err);
gboolean nb_synth_render_pdf(const nb_record *r, const nb_schema *s, const nb_synth_opts *opts,
                             GByteArray *out, char **err);
/* The PDF rasterised at 300 dpi and degraded like an office scan (rotation,
 * warp, blur, noise, JPEG or bilevel), as a multi-page TIFF. */
gboolean nb_synth_render_scan(const nb_record *r, const nb_schema *s, const nb_synth_opts *opts,
                              GByteArray *out, char **err);

/* A Word document (.docx): list-numbered or typed headings, tables with
 * gridSpan/vMerge, split over a page with repeated header rows. */
gboolean nb_synth_render_docx(const nb_record *r, const nb_schema *s, const nb_synth_opts *opts,
                              GByteArray *out, char **err);

/* An OFD document: positioned TextObjects (DeltaX "g N v", CTM) and
 * PathObject cell boxes on A4 pages, tables over page breaks. */
gboolean nb_synth_render_ofd(const nb_record *r, const nb_schema *s, const nb_synth_opts *opts,
                             GByteArray *out, char **err);

/* A scanned archive as OFD: the pages of nb_synth_render_scan, each the one
 * ImageObject (a PNG or JPEG resource) of an OFD page, no text. */
gboolean nb_synth_render_ofd_scan(const nb_record *r, const nb_schema *s, const nb_synth_opts *opts,
                                  GByteArray *out, char **err);

/* Returns the renderer registered under `kind` ("text", "html", "pdf",
 * "glued", "scan", ...), or NULL. */
nb_synth_render_fn nb_synth_renderer(const char *kind);

/* Returns the file extension ("txt", "html", "pdf", ...) of the documents
 * the renderer of `kind` writes, or NULL for an unknown kind. */
const char *nb_synth_extension(const char *kind);

/* One renderer of the registry (cmd/synth/synth_registry.c). */
typedef struct {
    const char *kind;      /* --format value */
    const char *extension; /* file extension of the documents it writes */
    gboolean binary;       /* not text: never written to a terminal or stdout */
    gboolean layouts;      /* draws the --layout variations (nb_synth_layout_draw) */
    nb_synth_render_fn fn;
} nb_synth_entry;

/* Returns the registry entry of `kind`, or NULL for an unknown kind (or NULL). */
const nb_synth_entry *nb_synth_find(const char *kind);

/* Returns the registered kinds as "text, glued, html, ..." for messages; the
 * caller frees it with g_free. */
char *nb_synth_kind_list(void);

#endif
