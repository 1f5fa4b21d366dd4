/* fuzz_text.c — libFuzzer harness for the plain-text reader (nb_read_text) and the sniffer,
 * and everything after it.  The target lives in fuzz_targets.h. */
#define NB_FUZZ_TARGET nb_fuzz_text
#include "fuzz_main.h"
