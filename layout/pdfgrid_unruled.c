/* pdfgrid_unruled.c — tables drawn without rulings (see pdfgrid.h). */
#include "pdfgrid_priv.h"

GPtrArray *nb_pdf_tables_unruled(const nb_page_text *p, gboolean *used)
{
    (void)p, (void)used;
    return g_ptr_array_new_with_free_func(nb_pdf_table_free);
}
