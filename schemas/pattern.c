/* pattern.c — see pattern.h. */
#include "schemas/pattern.h"

#include <string.h>

gboolean nb_re_compile(nb_re *r, const char *pattern)
{
    int code;
    PCRE2_SIZE off;
    r->md = NULL;
    r->re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                          PCRE2_UTF | PCRE2_UCP | PCRE2_MULTILINE, &code, &off, NULL);
    if (!r->re)
        return FALSE;
    r->md = pcre2_match_data_create_from_pattern(r->re, NULL);
    return TRUE;
}

void nb_re_free(nb_re *r)
{
    pcre2_match_data_free(r->md);
    pcre2_code_free(r->re);
}

gboolean nb_re_match(nb_re *r, const char *s, size_t start)
{
    if (!r->re)
        return FALSE;
    return pcre2_match(r->re, (PCRE2_SPTR)s, strlen(s), start, 0, r->md, NULL) >= 0;
}

char *nb_re_group(nb_re *r, const char *s, int g)
{
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);
    if (ov[2 * g] == PCRE2_UNSET)
        return NULL;
    return g_strndup(s + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
}

char *nb_re_named(nb_re *r, const char *s, const char *name)
{
    int g = pcre2_substring_number_from_name(r->re, (PCRE2_SPTR)name);
    return g > 0 ? nb_re_group(r, s, g) : NULL;
}

size_t nb_re_start(nb_re *r, int g) { return pcre2_get_ovector_pointer(r->md)[2 * g]; }
size_t nb_re_end(nb_re *r, int g) { return pcre2_get_ovector_pointer(r->md)[2 * g + 1]; }
