/* fuzz_pdf.c — libFuzzer harness for the pdf reader (nb_read_pdf),
 * and everything after it.  The target lives in fuzz_targets.h. */
#define NB_FUZZ_TARGET nb_fuzz_pdf
#include "fuzz_main.h"
