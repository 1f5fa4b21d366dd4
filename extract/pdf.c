/* pdf.c — placeholder until the pdf reader lands: says so instead of guessing. */
#include "reader.h"

nb_doc *nb_read_pdf(const guchar *data, gsize len, const nb_limits *lim, nb_error *err)
{
    (void)data, (void)len, (void)lim;
    nb_error_set(err, NB_ERR_UNSUPPORTED, "pdf input is not supported by this build yet");
    return NULL;
}
