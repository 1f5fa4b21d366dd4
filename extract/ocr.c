/* ocr.c — placeholder until the scan path lands: reports the page instead of guessing. */
#include "ocr.h"

gboolean nb_ocr_page(struct Pix *pix, int page, double scale, nb_doc *doc, const nb_limits *lim,
                     nb_error *err)
{
    (void)pix, (void)scale, (void)lim, (void)err;
    nb_doc_warn(doc, NULL, "page %d has no usable text layer and needs OCR, "
                "which this build cannot do yet", page);
    return TRUE;
}
