/* fuzz_glued.c — libFuzzer harness for the glued-table splitter
 * (nb_glued_recover and its constraint search): every line of the bytes is
 * a text-flow line; then the rest of the driver.  See fuzz_targets.h. */
#define NB_FUZZ_TARGET nb_fuzz_glued
#include "fuzz_main.h"
