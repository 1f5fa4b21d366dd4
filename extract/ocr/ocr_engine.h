/*
 * ocr_engine.h — the Tesseract engines behind the scan path.
 *
 * Owns: one pair of Tesseract handles per thread (chi_sim for labels and body
 * text, eng restricted to digits for numeric cells), created on first use and
 * reused for every page and cell of every file the thread reads, because
 * initialising an engine costs far more than reading a cell.  Handles are
 * released when the thread exits (or by nb_ocr_engine_shutdown for the
 * calling thread).  Text returned to callers is new (g_free).
 */
#ifndef NB_OCR_ENGINE_H
#define NB_OCR_ENGINE_H

#include <glib.h>

struct Pix;

typedef enum {
    NB_OCR_LINE = 0,  /* one line of Chinese text (a label cell): chi_sim, PSM 7 */
    NB_OCR_BLOCK,     /* a block of several lines (wrapped labels, body text): chi_sim, PSM 6 */
    NB_OCR_DIGITS     /* one number: eng restricted to "0123456789.-,", PSM 7 */
} nb_ocr_mode;

/* Makes sure the calling thread's engines are initialised.  Returns FALSE
 * and sets *why (static string, optional, always set) when the language data
 * cannot be loaded. */
gboolean nb_ocr_engine_ready(const char **why);

/* Reads the whole of `pix` (1, 8 or 32 bpp) in `mode`.  Returns the text with
 * surrounding whitespace trimmed (possibly ""), or NULL when the engines are
 * unavailable.  *confidence (optional, always set) receives the weakest
 * symbol's confidence 0..100 for NB_OCR_DIGITS (one doubtful digit makes the
 * number doubtful) and the mean word confidence otherwise; -1 when nothing
 * was read.  `ppi` is the image's resolution (0 = unknown). */
char *nb_ocr_engine_read(struct Pix *pix, nb_ocr_mode mode, int ppi, int *confidence);

/* Releases the calling thread's engines now (tests, leak checkers). */
void nb_ocr_engine_shutdown(void);

#endif
