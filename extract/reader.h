/*
 * reader.h — input sniffing, limits and the reader dispatcher.
 *
 * Owns: the decision of which reader handles a file, made from its content
 * (magic bytes, BOM, encoding, markup), never from its name; the limits every
 * reader honours; the one-line error a failed read produces.
 *
 * Readers plug in here: each has an entry point `nb_read_<kind>` that fills
 * an nb_doc or returns NULL and sets an nb_error.  Error messages are owned
 * by the caller (free with g_free).
 */
#ifndef NB_READER_H
#define NB_READER_H

#include "layout/model/doc.h"

#include <glib.h>

typedef struct {
    gint64 max_bytes;  /* input file size */
    int max_pages;     /* PDF pages / TIFF frames */
    gint64 max_cells;  /* table cells one document may have (text: exceeded = error;
                        * HTML: the tables past it are left out with a warning) */
    gint64 max_pixels; /* pixels of one image or rendered page */
    double timeout_s;  /* wall-clock budget for one file; 0 = none */
    gint64 started_us; /* g_get_monotonic_time() when the file was opened */
    int verbose_progress; /* NB_PROGRESS_*: page progress on stderr (nb_limits_progress) */
    const char *progress_name; /* the input as the progress line names it (borrowed; may be NULL) */
    int no_ocr;           /* 1 = PDF pages without a usable text layer are rendered (so
                           * --max-pixels still applies) but not OCR'd: the page gets a
                           * warning instead.  Set by the pdf fuzz harness, which must not
                           * spend seconds in tesseract per input (fuzz_image covers OCR). */
} nb_limits;

/* Sane defaults: 100 MB, 500 pages, 200000 table cells, 100 megapixels, 300 s, OCR
 * on.  A limit of 0 means none. */
nb_limits nb_limits_default(void);

/* True once the file's time budget is spent (readers poll this between pages). */
gboolean nb_limits_expired(const nb_limits *lim);

/* Page progress of a long read (verbose_progress): none; one line redrawn
 * in place (stderr is a terminal); plain lines, at most one a second and
 * the last page (--progress into a log). */
enum { NB_PROGRESS_NONE = 0, NB_PROGRESS_REDRAW = 1, NB_PROGRESS_LINES = 2 };

/* Readers call this before reading page `page` (1-based) of `pages`: prints
 * "nianbao: NAME: page 3/12" on the process's real stderr as
 * verbose_progress says (nothing for NB_PROGRESS_NONE or a NULL `lim`). */
void nb_limits_progress(const nb_limits *lim, int page, int pages);

/* Erases a redrawn progress line (NB_PROGRESS_REDRAW) once the reading is
 * over, so that stderr keeps only the error lines; else does nothing. */
void nb_limits_progress_end(const nb_limits *lim);

typedef enum {
    NB_KIND_EMPTY = 0,
    NB_KIND_TEXT,
    NB_KIND_HTML,
    NB_KIND_PDF,
    NB_KIND_IMAGE,   /* PNG, JPEG, TIFF, BMP, GIF, WebP, PNM */
    NB_KIND_BINARY,  /* anything else that is not text */
    NB_KIND_DOCX,    /* a ZIP package with word/document.xml */
    NB_KIND_DOC,     /* an OLE2 compound file with a WordDocument stream (.doc, .wps) */
    NB_KIND_OFD      /* a ZIP package with OFD.xml (GB/T 33190) */
} nb_kind;

/* Error classes; the CLI maps each to an exit code (see cmd/exitcodes.h). */
typedef enum {
    NB_ERR_NONE = 0,
    NB_ERR_IO,          /* cannot open or read the file, or it is empty */
    NB_ERR_FORMAT,      /* binary, wrong encoding, corrupt or encrypted */
    NB_ERR_NOT_REPORT,  /* readable, but no OGI annual report */
    NB_ERR_LIMIT,       /* a size, page, pixel or time limit was exceeded */
    NB_ERR_UNSUPPORTED, /* a kind this build cannot read */
    NB_ERR_USAGE        /* the request does not fit the document (corrections
                           naming a key its template lacks): exit 1 */
} nb_errclass;

typedef struct {
    nb_errclass cls;
    char *message; /* one line, without the file name; g_free */
} nb_error;

void nb_error_clear(nb_error *e);
void nb_error_set(nb_error *e, nb_errclass cls, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

/* Decides the kind of the bytes (the first few KB are looked at; a ZIP or
 * OLE2 container is opened to see its entry names, see extract/container.h). */
nb_kind nb_sniff(const guchar *data, gsize len);

/* Returns a short name for a kind ("text", "html", "pdf", "image", ...). */
const char *nb_kind_name(nb_kind k);

/* Loads the input named `path` into memory (g_free `*data`): "-" is stdin,
 * read whatever it is; any other name must be a regular file (after
 * symlinks) — a directory, FIFO, device or socket is refused (NB_ERR_IO,
 * "is a FIFO (named pipe), not a regular file", ...) before it is opened for
 * reading.  At most `max_bytes` bytes are taken whatever stat says (a file
 * that grows, stdin); more is NB_ERR_LIMIT.  The time limit is polled
 * between 64 KB chunks.  Returns FALSE with `err` set; `*data`, `*len` and
 * `err` are always initialised. */
gboolean nb_load_input(const char *path, const nb_limits *lim, guchar **data, gsize *len,
                       nb_error *err);

/* Reads bytes already loaded with the reader their content calls for.
 * `path` (may be NULL) only names the input for the misnamed-file warning.
 * Returns a new document, or NULL with `err` (always initialised) set. */
nb_doc *nb_read_bytes(const char *path, const guchar *data, gsize len, const nb_limits *lim,
                      nb_error *err);

/* Reads the file at `path` (nb_load_input, then nb_read_bytes) with the reader its content calls for.  Returns a
 * new document, or NULL with `err` set.  `err` is always initialised.  When
 * the file name's extension names another kind than the content (a ".pdf"
 * that is HTML), the document carries a warning saying so. */
nb_doc *nb_read_file(const char *path, const nb_limits *lim, nb_error *err);

/* The readers.  Each takes the whole file in memory (`data`, `len`) and the
 * path (for messages and for libraries that want a file).  On failure they
 * return NULL and set `err`. */
nb_doc *nb_read_text(const guchar *data, gsize len, const nb_limits *lim, nb_error *err);
nb_doc *nb_read_html(const guchar *data, gsize len, const nb_limits *lim, nb_error *err);
nb_doc *nb_read_pdf(const guchar *data, gsize len, const nb_limits *lim, nb_error *err);
nb_doc *nb_read_image(const guchar *data, gsize len, const nb_limits *lim, nb_error *err);
nb_doc *nb_read_docx(const guchar *data, gsize len, const nb_limits *lim, nb_error *err);
nb_doc *nb_read_doc(const guchar *data, gsize len, const nb_limits *lim, nb_error *err);
nb_doc *nb_read_ofd(const guchar *data, gsize len, const nb_limits *lim, nb_error *err);

#endif
