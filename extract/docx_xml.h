/*
 * docx_xml.h — WordprocessingML helpers the DOCX reader's modules share.
 *
 * Owns: matching elements and attributes by local name in the
 * WordprocessingML namespaces (transitional and strict), the visible text of
 * a paragraph (runs, hyperlinks, insertions, fields' results; deletions,
 * field codes and drawings left out), and list numbering (numbering.xml and
 * the numbering a paragraph style carries): the label Word shows before a
 * numbered paragraph ("一、", "（三）", "1.").
 *
 * Strings returned as `char *` are new (g_free).  nb_docx_num is opaque,
 * created with nb_docx_num_new and freed with nb_docx_num_free (NULL-safe);
 * it keeps pointers into the two xmlDocs given, which must outlive it.
 */
#ifndef NB_DOCX_XML_H
#define NB_DOCX_XML_H

#include <glib.h>
#include <libxml/tree.h>

/* True when `n` is an element named `local` in a WordprocessingML namespace. */
gboolean nb_w_is(const xmlNode *n, const char *local);

/* The first child element of `n` named `local` (WordprocessingML), or NULL. */
xmlNode *nb_w_child(const xmlNode *n, const char *local);

/* Value of the attribute of `n` whose local name is `local` (any namespace),
 * or NULL. */
char *nb_w_attr(const xmlNode *n, const char *local);

/* The w:val of child `child` of `n` as an integer in [min, max], `def` when
 * the child or its value is missing or not a number. */
int nb_w_child_val_int(const xmlNode *n, const char *child, int def, int min, int max);

/* The visible text of paragraph `p`.  Tabs become a space; a page or line
 * break inside the paragraph becomes a space too (Word keeps breaks inside
 * one paragraph). */
char *nb_docx_para_text(const xmlNode *p);

/* Appends counter `v` written in number format `fmt` (OOXML
 * ST_NumberFormat: "decimal", "chineseCounting", "upperRoman", ...; NULL is
 * decimal, an unknown format decimal too) to `o`.  The Word 97 list reader
 * (doc_lists.c) maps its number formats to these names. */
void nb_list_format_counter(GString *o, const char *fmt, int v);

typedef struct nb_docx_num nb_docx_num;

/* Numbering from word/numbering.xml and word/styles.xml (either may be NULL). */
nb_docx_num *nb_docx_num_new(xmlDoc *numbering, xmlDoc *styles);
void nb_docx_num_free(nb_docx_num *n);

/* The label the list numbering puts before paragraph `p` ("一、"), counting
 * this paragraph (call it once per paragraph, in document order), or NULL when
 * the paragraph is not numbered or its level shows a bullet. */
char *nb_docx_num_label(nb_docx_num *n, const xmlNode *p);

#endif
