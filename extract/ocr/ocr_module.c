/* ocr_module.c — the table through which the program reaches this module
 * (see extract/ocr.h): the only symbol the program looks up. */
#include "extract/ocr.h"
#include "extract/ocr/ocr_page.h"
#include "extract/ocr/ocr_reread.h"

/* exported from nianbao-ocr.so; looked up by name with g_module_symbol */
extern const nb_ocr_module nb_ocr_module_table;
const nb_ocr_module nb_ocr_module_table = {
    NB_OCR_ABI,       nb_scan_read_page,       nb_scan_store_move,      nb_scan_store_map,
    nb_scan_can_reread, nb_scan_reread_variants, nb_scan_reread,
};
