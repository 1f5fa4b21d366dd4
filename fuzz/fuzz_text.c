/* fuzz_text.c — libFuzzer harness for the plain-text reader (nb_read_text)
 * and everything after it.  The bytes are any file's content; the sniffer
 * runs too, so that it sees the same inputs. */
#include "fuzz_common.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    (void)nb_sniff(data, size);
    nb_limits lim = nb_fuzz_limits();
    nb_error err = {0};
    nb_doc *doc = nb_read_text(data, size, &lim, &err);
    nb_fuzz_finish(doc, &err);
    return 0;
}
