/*
 * rules.h — the consistency rules (勾稽关系) as equations over value paths.
 *
 * Owns: nb_equation, one instance of a schema rule with its "{}" substituted
 * (rule 2 for row "granted" is one equation).  The rules themselves are data
 * in the schema files; this module expands and evaluates them.  It never
 * changes values.  Every stage that must judge a reading against the
 * document's arithmetic (the mapper's checks, the glued-text splitter, scan
 * re-reading) calls this module through a lookup callback, so it works on a
 * record or on a candidate assignment alike.
 */
#ifndef NB_RULES_H
#define NB_RULES_H

#include "schemas/record.h"
#include "schemas/schema.h"

#include <stdbool.h>

typedef struct {
    int rule;
    char *label;       /* "row granted", "column total", "review" */
    GPtrArray *lhs;    /* char* paths summed on the left */
    GPtrArray *rhs;    /* char* paths summed on the right */
    GArray *rhs_optional; /* gboolean per rhs term: absent counts as no term */
} nb_equation;

typedef enum {
    NB_EQ_INCOMPLETE = 0, /* a required operand is missing: not evaluated */
    NB_EQ_HOLDS,
    NB_EQ_FAILS
} nb_eq_result;

/* Looks a path up; returns true and sets *value when the path has a value. */
typedef bool (*nb_lookup_fn)(void *ctx, const char *path, double *value);

/* Expands every rule of `s` into equations.  Returns a new array of
 * nb_equation* owned by the caller (g_ptr_array_free frees the equations). */
GPtrArray *nb_rules_expand(const nb_schema *s);

/* Evaluates one equation.  *lhs and *rhs (optional, always set) receive the
 * two sums when the equation could be evaluated. */
nb_eq_result nb_equation_eval(const nb_equation *eq, nb_lookup_fn lookup, void *ctx,
                              double *lhs, double *rhs);

/* The lookup callback for an nb_record (ctx is the record). */
bool nb_record_lookup(void *record, const char *path, double *value);

/* Evaluates every rule of `s` on `r` and appends one check per failing
 * equation to r->checks, with every path the equation involves.  Returns
 * the number of failures. */
int nb_rules_check_record(const nb_schema *s, nb_record *r);

#endif
