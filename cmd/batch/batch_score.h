/*
 * batch_score.h — scoring a record against a hand-checked truth file, by the
 * rules of the spec's "Matching a truth file" and the shared tools/score.py
 * (the project's reference scorer; `nianbao eval` must agree with it).
 *
 * Owns: nb_score (the tally of one case) and the text similarity used for
 * sections (difflib's SequenceMatcher ratio on NFKC text without whitespace).
 * JSON inputs are borrowed; nb_score_clear releases what a score holds.
 */
#ifndef NB_BATCH_SCORE_H
#define NB_BATCH_SCORE_H

#include <glib.h>
#include <jansson.h>

typedef struct {
    int right, total;     /* fields of the truth matched / compared */
    int silent;           /* wrong numbers the record does not flag */
    int breaks_reported;  /* known_breaks of provenance.json the checks report */
    int breaks_known;
    GPtrArray *wrong;     /* char*: dotted paths of the fields not matched, in truth order */
} nb_score;

/* Scores `record` (the JSON `nianbao convert` writes, or NULL when the
 * conversion failed: then nothing is right) against `truth` (truth.json) and
 * `prov` (provenance.json, or NULL): every leaf under active_disclosure,
 * applications, reviews_litigation and info_fees, plus agency, year, template,
 * plus each text section (right when at least 95 % similar).  `out` is always
 * initialised; release it with nb_score_clear. */
void nb_score_case(json_t *truth, json_t *prov, json_t *record, nb_score *out);

/* Releases what `s` holds and zeroes it.  NULL is accepted. */
void nb_score_clear(nb_score *s);

/* difflib.SequenceMatcher(None, a', b', autojunk=False).ratio() where x' is x
 * NFKC-normalised with all whitespace removed; 1.0 when both are empty. */
double nb_score_text_similarity(const char *a, const char *b);

#endif
