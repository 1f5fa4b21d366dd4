/* fuzz_docx.c — libFuzzer harness for the Word reader (nb_read_docx: the
 * ZIP package within limits, WordprocessingML, numbering, tables), and
 * everything after it.  The target lives in fuzz_targets.h. */
#define NB_FUZZ_TARGET nb_fuzz_docx
#include "fuzz_main.h"
