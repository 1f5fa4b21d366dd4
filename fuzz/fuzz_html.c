/* fuzz_html.c — libFuzzer harness for the html reader (nb_read_html),
 * and everything after it.  The target lives in fuzz_targets.h. */
#define NB_FUZZ_TARGET nb_fuzz_html
#include "fuzz_main.h"
