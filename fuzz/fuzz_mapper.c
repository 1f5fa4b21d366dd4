/* fuzz_mapper.c — libFuzzer harness for the driver on arbitrary grids: no
 * reader, a document decoded from the bytes (see nb_fuzz_mapper in
 * fuzz_targets.h) goes through template detection, mapping, metadata,
 * checks and the JSON writer. */
#define NB_FUZZ_TARGET nb_fuzz_mapper
#include "fuzz_main.h"
