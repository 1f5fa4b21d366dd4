/*
 * pdf_precheck.h — what a PDF asks of the renderer, looked at before poppler
 * sees the file.
 *
 * poppler allocates one graphics state per `q` without a bound and decodes
 * every image at its declared size, so a small file can ask for gigabytes
 * (3 million nested `q`: 4.7 GB; a 30000² image: 3.6 GB of cairo surface).
 * The process's memory bound (cmd/driver/guard.h) ends such a run cleanly in
 * a release build, but under AddressSanitizer a failed C++ allocation is a
 * report, and a refusal stated from the file's own declarations is a better
 * answer anyway.  This scan reads the raw bytes once: every stream (Flate
 * streams inflated, at most NB_PDF_PRECHECK_INFLATE bytes each, counted and
 * dropped as they come) for the depth of `q` nesting and the size of its
 * inline images (BI /W /H … ID), every image dictionary for its /Width and
 * /Height (an indirect "/Width 5 0 R" resolved when the object is plain
 * text in the file, or packed in an object stream: /Type /ObjStm streams
 * are decoded, at most NB_PDF_PRECHECK_INFLATE bytes in all, the first time
 * a reference is not found as plain text), every embedded font file for its
 * decoded size (the bytes up to `endstream`, whatever /Length says).
 *
 * Owns nothing; the error message is set in `err` (g_free'd by the caller).
 */
#ifndef NB_PDF_PRECHECK_H
#define NB_PDF_PRECHECK_H

#include "extract/reader.h"

/* Deeper `q` nesting than this in one stream is refused (real pages nest a
 * few levels; each level costs poppler about 1.5 KB). */
#define NB_PDF_MAX_Q_DEPTH 10000
/* Bytes of one Flate stream inflated by the scan (content streams are far
 * smaller; what is past this is left to the memory bound). */
#define NB_PDF_PRECHECK_INFLATE (64u << 20)

/* An embedded font file larger than this (decoded) is refused: real ones
 * are a few MB, a complete CJK font about 20 MB; poppler reads each whole
 * into memory, and a 1 GB one took 30 s. */
#define NB_PDF_MAX_FONT (128u << 20)

/* Returns FALSE with `err` set when the file nests graphics states deeper
 * than NB_PDF_MAX_Q_DEPTH (NB_ERR_FORMAT, "corrupt PDF: graphics states
 * nested N deep …") or declares an image over --max-pixels (NB_ERR_LIMIT,
 * "the PDF has an image of W x H pixels, over the limit …", "… an inline
 * image of …") or embeds a font
 * file over NB_PDF_MAX_FONT (NB_ERR_LIMIT). */
gboolean nb_pdf_precheck(const guchar *data, gsize len, const nb_limits *lim, nb_error *err);

#endif
