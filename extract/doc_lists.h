/*
 * doc_lists.h — Word 97 list numbering: the number Word shows before a
 * paragraph of a list ("一、", "（三）") when the report's item numbers live
 * in list numbering rather than in the text, as extract/docx_xml.c gives it
 * for DOCX.
 *
 * Owns: nb_w97_lists, the list definitions of the table stream (PlfLst: one
 * LSTF per list and its nine, or one, LVLs: start, number format, number
 * text with level placeholders), the list overrides (PlfLfo: which list a
 * paragraph's sprmPIlfo names, start overrides of LFOLVLs) and the counters
 * of each override, advanced in document order.  Every offset is checked
 * against the table stream; a damaged or missing structure gives an empty
 * set (no paragraph is numbered), never an error.  Opaque:
 * nb_w97_lists_read, NULL-safe nb_w97_lists_free; labels are new (g_free).
 */
#ifndef NB_DOC_LISTS_H
#define NB_DOC_LISTS_H

#include <glib.h>

typedef struct nb_w97_lists nb_w97_lists;

/* Reads the PlfLst at `fc_lst` (`lcb_lst` bytes, 0: none) and the PlfLfo at
 * `fc_lfo` (`lcb_lfo`) of table stream `tb`.  Never NULL. */
nb_w97_lists *nb_w97_lists_read(const guchar *tb, gsize tb_len, guint32 fc_lst, guint32 lcb_lst,
                                guint32 fc_lfo, guint32 lcb_lfo);

void nb_w97_lists_free(nb_w97_lists *l);

/* The label of a paragraph in list override `ilfo` (sprmPIlfo, 1-based; 0:
 * not in a list) at level `ilvl` (sprmPIlvl), counting this paragraph
 * (call it once per paragraph, in document order): deeper levels restart,
 * this one counts on.  NULL when the paragraph is in no known list or its
 * level shows a bullet or no number. */
char *nb_w97_lists_label(nb_w97_lists *l, int ilfo, int ilvl);

#endif
