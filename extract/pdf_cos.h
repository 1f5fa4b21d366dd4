/*
 * pdf_cos.h — a small reader of a PDF's objects: enough to find each page's
 * content streams and resources without poppler, so that the drawn lines of
 * a page can be read from its vector content (pdf_paths.h) instead of a
 * rendering.
 *
 * It knows the plain objects of the file ("N G obj … endobj", found by
 * scanning the bytes; a later definition replaces an earlier one, as an
 * incremental update does), objects inside object streams (/Type /ObjStm),
 * the page tree from the trailer's /Root (inherited /Resources, /MediaBox,
 * /CropBox, /Rotate) and streams without a filter or with /FlateDecode and
 * no predictor.  Anything else (an encrypted file, other filters, a page
 * tree it cannot walk) makes nb_cos_open return NULL or a stream read fail:
 * the caller then renders the page with poppler as before.  It never
 * decides anything about the document's text.
 *
 * Owns: nb_cos (the index of objects and every value parsed from it; it
 * borrows the file's bytes, which must outlive it).  Values returned by the
 * accessors belong to the nb_cos; decoded streams are new (g_bytes_unref).
 */
#ifndef NB_PDF_COS_H
#define NB_PDF_COS_H

#include <glib.h>

typedef struct nb_cos nb_cos;

typedef enum {
    NB_COS_NULL,
    NB_COS_BOOL,
    NB_COS_NUM,
    NB_COS_NAME,
    NB_COS_STRING,
    NB_COS_ARRAY,
    NB_COS_DICT,
    NB_COS_REF
} nb_cos_kind;

/* One value.  Arrays hold their items in `items`; dictionaries hold keys
 * (NB_COS_NAME) and values alternately.  `text` is a name without its '/'
 * or a string's raw bytes (escapes not decoded). */
typedef struct nb_cos_val {
    nb_cos_kind kind;
    double num;           /* NUM, BOOL (0/1) */
    int ref_num, ref_gen; /* REF */
    char *text;           /* NAME, STRING (NUL-terminated) */
    GPtrArray *items;     /* ARRAY, DICT: nb_cos_val* */
} nb_cos_val;

/* The page's box and inherited attributes, in default user space. */
typedef struct {
    double media[4], crop[4]; /* x0 y0 x1 y1 (crop clipped to media) */
    int rotate;
    const nb_cos_val *resources; /* the page's (or inherited) /Resources dict, or NULL */
    const nb_cos_val *page;      /* the page dictionary */
} nb_cos_page;

/* Indexes `data` (a whole PDF file, borrowed: it must outlive the result).
 * Returns NULL when the file is encrypted or its page tree cannot be
 * walked from the trailer's /Root (not an error: the caller falls back).
 * The page count is the number of leaves found; the caller compares it
 * with poppler's. */
nb_cos *nb_cos_open(const guchar *data, gsize len);
void nb_cos_free(nb_cos *c);

int nb_cos_n_pages(const nb_cos *c);

/* Page `index` (0-based) or NULL. */
const nb_cos_page *nb_cos_get_page(const nb_cos *c, int index);

/* The value itself, or the object a reference names (NULL-safe; a missing
 * object reads as NULL).  Resolves chains of references up to a bound. */
const nb_cos_val *nb_cos_resolve(nb_cos *c, const nb_cos_val *v);

/* The value of `key` (no '/') in dictionary `dict`, resolved; NULL when
 * `dict` is not a dictionary or has no such key. */
const nb_cos_val *nb_cos_dict_get(nb_cos *c, const nb_cos_val *dict, const char *key);

/* TRUE when `v` is the name `name`. */
gboolean nb_cos_is_name(const nb_cos_val *v, const char *name);

/* The number in `v`, resolved, or `fallback`. */
double nb_cos_num(nb_cos *c, const nb_cos_val *v, double fallback);

/* The decoded data of the stream whose dictionary is `dict` (a value
 * returned by nb_cos_resolve of a reference to a stream object), at most
 * `cap` bytes.  NULL when `dict` is not a stream, uses a filter other than
 * /FlateDecode, a predictor, or does not decode cleanly. */
GBytes *nb_cos_stream(nb_cos *c, const nb_cos_val *dict, gsize cap);

/* ---- the lexer, shared with the content-stream reader ---- */

typedef enum {
    NB_TOK_END,
    NB_TOK_NUM,
    NB_TOK_NAME,    /* /Name: text without the '/' */
    NB_TOK_STRING,  /* ( … ) or < … >: skipped, text not kept */
    NB_TOK_ARRAY_OPEN,
    NB_TOK_ARRAY_CLOSE,
    NB_TOK_DICT_OPEN,
    NB_TOK_DICT_CLOSE,
    NB_TOK_WORD,    /* an operator or keyword (true, null, R, obj, re …) */
    NB_TOK_BAD      /* a stray ')' '>' '{' '}' */
} nb_tok_kind;

typedef struct {
    nb_tok_kind kind;
    double num;
    const guchar *start; /* NAME: after '/'; WORD: the word; STRING: the opening byte */
    gsize len;
    gboolean is_int;
} nb_tok;

typedef struct {
    const guchar *p, *end;
} nb_lexer;

/* The next token; NB_TOK_END at the end of the data. */
nb_tok nb_lex_next(nb_lexer *lx);

/* TRUE when token `t` is the word `w`. */
gboolean nb_tok_is(const nb_tok *t, const char *w);

#endif
