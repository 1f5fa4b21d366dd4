/*
 * statements.h — the second witness (spec rule "text"): sentences of the
 * body text that restate a table value ("共收到政府信息公开申请95件",
 * "予以公开42件", "行政复议2件"), checked against the table.
 *
 * Owns nothing: reads an nb_doc's text flow with the phrasings of the
 * schema file (`statements`) and adds checks to an nb_record.  A
 * disagreement is a check of rule NB_RULE_TEXT with the sentence in its
 * message and the table paths in its paths; no value is ever changed.
 */
#ifndef NB_STATEMENTS_H
#define NB_STATEMENTS_H

#include "layout/model/doc.h"
#include "schemas/record.h"
#include "schemas/schema.h"

/* Checks every statement of template `s` found in the text lines of `doc`
 * against the record's values: a statement whose number differs from the
 * sum of its paths' values becomes one check (rule NB_RULE_TEXT, expected =
 * the table's value, found = the stated number).  A statement is skipped
 * when one of its paths has no value (a single page, a value left out).
 * The same statement stated twice with the same number is checked once.
 * Returns the number of statements found and evaluated. */
int nb_statements_check(const nb_doc *doc, const nb_schema *s, nb_record *r);

#endif
