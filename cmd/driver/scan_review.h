/*
 * scan_review.h — the driver's second look at values read by OCR.
 *
 * Owns: the policy of the pipeline's one feedback loop.  After mapping, the
 * consistency rules are evaluated; for each failing equation the OCR cells
 * it involves go back to the scan reader (extract/ocr_reread.h), weakest
 * reading first, to be read again with other preprocessing.  A value is
 * changed only when a new reading is itself confident and makes every
 * equation it takes part in hold; each change is recorded in the value's
 * provenance and in a warning naming its path.  Finally, OCR values whose
 * reading is uncertain and that no holding equation confirms are flagged.
 * Nothing here knows the template: equations come from schemas/rules.
 */
#ifndef NB_SCAN_REVIEW_H
#define NB_SCAN_REVIEW_H

#include "layout/model/doc.h"
#include "schemas/record.h"
#include "schemas/schema.h"

/* Re-reads the OCR values of `r` that the rules of `s` put in doubt, using
 * the scan reader's store on `doc`, then flags doubtful OCR values that no
 * rule confirms.  Does nothing for documents with no OCR values.  Returns
 * the number of values changed.  Checks are not added here: the caller runs
 * nb_rules_check_record afterwards, on the reviewed values. */
int nb_scan_review(const nb_doc *doc, const nb_schema *s, nb_record *r);

#endif
