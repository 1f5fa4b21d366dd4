/* fuzz_doc.c — libFuzzer harness for the Word 97-2003 reader (nb_read_doc:
 * libgsf's OLE2 container, our FIB, piece table and PAPX reader), and
 * everything after it.  The target lives in fuzz_targets.h. */
#define NB_FUZZ_TARGET nb_fuzz_doc
#include "fuzz_main.h"
