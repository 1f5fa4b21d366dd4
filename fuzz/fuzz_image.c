/* fuzz_image.c — libFuzzer harness for the image reader (nb_read_image) and
 * everything after it.  The bytes are any file's content, whatever its kind:
 * a reader must turn what it cannot read into a one-line error, never a crash
 * (nb_fuzz_finish checks the message). */
#include "fuzz_common.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nb_limits lim = nb_fuzz_limits();
    nb_error err = {0};
    nb_doc *doc = nb_read_image(data, size, &lim, &err);
    nb_fuzz_finish(doc, &err);
    return 0;
}
