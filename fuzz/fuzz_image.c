/* fuzz_image.c — libFuzzer harness for the image reader (nb_read_image),
 * and everything after it.  The target lives in fuzz_targets.h. */
#define NB_FUZZ_TARGET nb_fuzz_image
#include "fuzz_main.h"
