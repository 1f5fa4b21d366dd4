/*
 * pattern.h — compiled pcre2 patterns (UTF, Unicode properties, multi-line)
 * for the readers of prose: metadata, info fees, body-text statements.
 *
 * Owns: an nb_re holds one compiled pattern and its match data; the caller
 * declares it, fills it with nb_re_compile and releases it with nb_re_free.
 * Strings returned as `char *` are new (g_free).  The patterns themselves
 * come from the schema files or from meta.c's description of how titles and
 * dates are printed.
 */
#ifndef NB_PATTERN_H
#define NB_PATTERN_H

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <glib.h>
#include <pcre2.h>

typedef struct {
    pcre2_code *re;
    pcre2_match_data *md;
} nb_re;

/* Compiles `pattern` into `r`.  Returns FALSE, with r->re NULL (nb_re_free
 * still accepts it), when the pattern does not compile. */
gboolean nb_re_compile(nb_re *r, const char *pattern);

/* Releases what nb_re_compile allocated; a failed compile is accepted. */
void nb_re_free(nb_re *r);

/* Matches at or after byte `start` of `s`.  Returns TRUE when it matched;
 * the groups of that match are then read with the functions below.  FALSE
 * for a pattern that did not compile. */
gboolean nb_re_match(nb_re *r, const char *s, size_t start);

/* The text of group `g` of the last match, or NULL when it did not take
 * part in the match. */
char *nb_re_group(nb_re *r, const char *s, int g);

/* The text of the group named `name` of the last match, or NULL when the
 * pattern has no such group or it did not take part in the match. */
char *nb_re_named(nb_re *r, const char *s, const char *name);

/* Byte offsets of group `g` of the last match (start, end). */
size_t nb_re_start(nb_re *r, int g);
size_t nb_re_end(nb_re *r, int g);

#endif
