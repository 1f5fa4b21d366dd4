/* fuzz_ofd.c — libFuzzer harness for the OFD reader (nb_read_ofd: the ZIP
 * package within limits, OFD.xml → Document.xml → pages, positioned text and
 * paths into the text-PDF layout), and everything after it.  The target
 * lives in fuzz_targets.h. */
#define NB_FUZZ_TARGET nb_fuzz_ofd
#include "fuzz_main.h"
