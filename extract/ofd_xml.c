/* ofd_xml.c — see ofd_xml.h. */
#include "extract/ofd_xml.h"

#include <math.h>
#include <string.h>

gboolean nb_ofd_is(const xmlNode *n, const char *local)
{
    return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, local);
}

xmlNode *nb_ofd_child(const xmlNode *n, const char *local)
{
    for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (nb_ofd_is(c, local))
            return c;
    return NULL;
}

char *nb_ofd_text(const xmlNode *n)
{
    xmlChar *t = n ? xmlNodeGetContent(n) : NULL;
    char *s = g_strdup(t ? (const char *)t : "");
    xmlFree(t);
    return g_strstrip(s);
}

char *nb_ofd_attr(const xmlNode *n, const char *name)
{
    xmlChar *v = n ? xmlGetProp(n, (const xmlChar *)name) : NULL;
    char *s = v ? g_strdup((const char *)v) : NULL;
    xmlFree(v);
    return s;
}

/* strtod stops at the first thing that is not a number */
int nb_ofd_numbers(const char *s, double *out, int max)
{
    int n = 0;
    char *end = NULL;
    for (const char *p = s; p && *p && n < max;) {
        double v = g_ascii_strtod(p, &end);
        if (end == p)
            break;
        if (isfinite(v))
            out[n++] = v;
        p = end;
    }
    return n;
}

/* OFD locations are relative to the file that names them, or absolute from
 * the package root. */
char *nb_ofd_resolve(const char *base, const char *rel)
{
    if (!rel)
        return NULL;
    while (*rel == ' ')
        rel++;
    if (*rel == '/')
        return g_strdup(rel + 1);
    const char *slash = base ? strrchr(base, '/') : NULL;
    return slash ? g_strdup_printf("%.*s/%s", (int)(slash - base), base, rel) : g_strdup(rel);
}

