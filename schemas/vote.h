/*
 * vote.h — the agency and the year of an OCR'd report by consensus of the
 * places that print them.
 *
 * Owns nothing: reads an nb_doc's text lines and corrects or flags the
 * agency and year already in an nb_record (schemas/meta.c read them from the
 * title).  A report prints its agency's name in the title, usually again in
 * the first sentence ("2024年，云溪区民政局深入贯彻…"), in running heads and
 * in the closing signature; its year in the title and in the first sentence.
 * An OCR slip rarely repeats the same way, so the other occurrences vote on
 * the title's characters.  The title's wording decides what is compared
 * (spec: the agency as the report names it); only characters that the other
 * occurrences read otherwise, and agree on, are changed.  Any disagreement
 * leaves a warning on the path `agency` or `year`.
 *
 * Only documents read by OCR are voted on: in a text layer or an HTML page a
 * different wording elsewhere is the report's own, not a misreading.
 */
#ifndef NB_VOTE_H
#define NB_VOTE_H

#include "layout/model/doc.h"
#include "schemas/record.h"

/* Lets the other occurrences of `r`'s agency and year in `doc`'s lines vote
 * on the title's reading (see above).  Changes r->agency / r->year (and
 * their raw text) only when the title was read by OCR and the other
 * occurrences outvote it; warns on `agency` / `year` whenever they disagree.
 * Does nothing when `r` has no agency or year or the document has no OCR
 * lines. */
void nb_vote_agency_year(const nb_doc *doc, nb_record *r);

/* Exposed for tests: the number of single-character edits (insert, delete,
 * substitute) between the UTF-8 strings `a` and `b`. */
int nb_vote_edit_distance(const char *a, const char *b);

#endif
