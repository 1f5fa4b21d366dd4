/* ocr_engine.c — see ocr_engine.h. */
#include "extract/ocr/ocr_engine.h"

#include <dlfcn.h>
#include <leptonica/allheaders.h>
#include <stdlib.h>
#include <tesseract/capi.h>

typedef struct {
    TessBaseAPI *chi;   /* labels and body text */
    TessBaseAPI *digits;/* numbers only */
    gboolean failed;    /* init was tried and failed: do not retry per cell */
} engines;

static void engines_free(gpointer p)
{
    engines *e = p;
    if (!e)
        return;
    if (e->chi)
        TessBaseAPIDelete(e->chi);
    if (e->digits)
        TessBaseAPIDelete(e->digits);
    g_free(e);
}

/* One pair per thread: Tesseract handles are not thread-safe, and sharing
 * one behind a lock would serialise every cell of a batch. */
static GPrivate k_engines = G_PRIVATE_INIT(engines_free);

static TessBaseAPI *engine_new(const char *lang)
{
    TessBaseAPI *api = TessBaseAPICreate();
    /* TESSDATA_PREFIX, when set, wins over the compiled-in location */
    if (TessBaseAPIInit3(api, NULL, lang) != 0) {
        TessBaseAPIDelete(api);
        return NULL;
    }
    /* cells are tiny images: no dictionary-driven "corrections" of numbers,
     * and no warnings about the missing resolution on stderr */
    TessBaseAPISetVariable(api, "debug_file", "/dev/null");
    return api;
}

/* One OpenMP thread per engine: a batch parallelises across files, and
 * Tesseract's own threads only fight over the cores for small cells (with
 * them a page costs three times the CPU, spent spinning).  OMP_THREAD_LIMIT
 * is read when libgomp loads, before any code of ours runs, so setting it now
 * is too late for this process (it is still set for child processes); making
 * every parallel region inactive through the runtime does the same, and is
 * looked up dynamically because only Tesseract links libgomp. */
static void single_threaded_openmp(void)
{
    setenv("OMP_THREAD_LIMIT", "1", 0);
    void (*set_levels)(int) = (void (*)(int))dlsym(RTLD_DEFAULT, "omp_set_max_active_levels");
    if (set_levels)
        set_levels(0);
}

static engines *engines_get(void)
{
    engines *e = g_private_get(&k_engines);
    if (e)
        return e;
    e = g_new0(engines, 1);
    single_threaded_openmp();
    e->chi = engine_new("chi_sim");
    e->digits = engine_new("eng");
    if (e->digits) {
        TessBaseAPISetVariable(e->digits, "tessedit_char_whitelist", "0123456789.-,");
        TessBaseAPISetVariable(e->digits, "load_system_dawg", "0");
        TessBaseAPISetVariable(e->digits, "load_freq_dawg", "0");
        TessBaseAPISetVariable(e->digits, "classify_bln_numeric_mode", "1");
    }
    e->failed = !e->chi || !e->digits;
    g_private_set(&k_engines, e);
    return e;
}

gboolean nb_ocr_engine_ready(const char **why)
{
    const char *dummy;
    if (!why)
        why = &dummy;
    *why = NULL;
    engines *e = engines_get();
    if (e->failed)
        *why = "the OCR engine could not load its chi_sim and eng language data "
               "(install tesseract-ocr-chi-sim and tesseract-ocr-eng, or set TESSDATA_PREFIX)";
    return !e->failed;
}

/* The weakest symbol's confidence: a mean would hide one doubtful digit. */
static int weakest_symbol(TessBaseAPI *api)
{
    TessResultIterator *it = TessBaseAPIGetIterator(api);
    if (!it)
        return -1;
    TessPageIterator *pit = TessResultIteratorGetPageIterator(it);
    float worst = -1;
    do {
        char *sym = TessResultIteratorGetUTF8Text(it, RIL_SYMBOL);
        if (sym && *sym) {
            float c = TessResultIteratorConfidence(it, RIL_SYMBOL);
            if (worst < 0 || c < worst)
                worst = c;
        }
        TessDeleteText(sym);
    } while (TessPageIteratorNext(pit, RIL_SYMBOL));
    TessResultIteratorDelete(it);
    return worst < 0 ? -1 : (int)(worst + 0.5);
}

char *nb_ocr_engine_read(struct Pix *pix, nb_ocr_mode mode, int ppi, int *confidence)
{
    int dummy;
    if (!confidence)
        confidence = &dummy;
    *confidence = -1;
    engines *e = engines_get();
    if (e->failed || !pix)
        return NULL;
    TessBaseAPI *api = mode == NB_OCR_DIGITS ? e->digits : e->chi;
    TessBaseAPISetPageSegMode(api, mode == NB_OCR_BLOCK ? PSM_SINGLE_BLOCK : PSM_SINGLE_LINE);
    TessBaseAPISetImage2(api, pix);
    TessBaseAPISetSourceResolution(api, ppi > 0 ? ppi : 300);
    if (TessBaseAPIRecognize(api, NULL) != 0) {
        TessBaseAPIClear(api);
        return g_strdup("");
    }
    char *raw = TessBaseAPIGetUTF8Text(api);
    char *text = g_strstrip(g_strdup(raw ? raw : ""));
    TessDeleteText(raw);
    if (*text)
        *confidence = mode == NB_OCR_DIGITS ? weakest_symbol(api) : TessBaseAPIMeanTextConf(api);
    TessBaseAPIClear(api);
    return text;
}

void nb_ocr_engine_shutdown(void)
{
    g_private_replace(&k_engines, NULL);
}
