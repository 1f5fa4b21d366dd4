/* record_json.c — see record_json.h. */
#include "cmd/write/record_json.h"
#include "cmd/write/prov_json.h"
#include "cmd/write/version.h"
#include "layout/model/doc.h"
#include "layout/model/textnorm.h"

#include <math.h>
#include <string.h>

json_t *nb_json_number(double v)
{
    if (fabs(v - round(v)) < 1e-9 && fabs(v) < 9e15)
        return json_integer((json_int_t)llround(v));
    char *s = nb_format_number(v);
    json_t *j = json_real(g_ascii_strtod(s, NULL));
    g_free(s);
    return j;
}

void nb_json_put_path(json_t *root, const char *path, json_t *value)
{
    char **parts = g_strsplit(path, ".", -1);
    json_t *o = root;
    for (int i = 0; parts[i]; i++) {
        if (!parts[i + 1]) {
            json_object_set_new(o, parts[i], value);
            break;
        }
        json_t *next = json_object_get(o, parts[i]);
        if (!json_is_object(next)) {
            next = json_object();
            json_object_set_new(o, parts[i], next);
        }
        o = next;
    }
    g_strfreev(parts);
}

static json_t *checks_json(const nb_record *r)
{
    json_t *a = json_array();
    for (guint i = 0; i < r->checks->len; i++) {
        const nb_check *c = g_ptr_array_index(r->checks, i);
        json_t *paths = json_array();
        for (guint j = 0; j < c->paths->len; j++)
            json_array_append_new(paths, json_string(g_ptr_array_index(c->paths, j)));
        /* the spec names the body-text rule "text"; the others by number */
        json_t *rule = c->rule == NB_RULE_TEXT ? json_string("text") : json_integer(c->rule);
        json_array_append_new(a, json_pack("{s:o,s:o,s:o,s:s,s:o}", "rule", rule, "expected",
                                           nb_json_number(c->expected), "found",
                                           nb_json_number(c->found), "message", c->message,
                                           "paths", paths));
    }
    return a;
}

static json_t *warnings_json(const nb_record *r)
{
    json_t *a = json_array();
    for (guint i = 0; i < r->warnings->len; i++) {
        const nb_warning *w = g_ptr_array_index(r->warnings, i);
        json_array_append_new(a, json_pack("{s:s?,s:s}", "path", w->path, "message", w->message));
    }
    return a;
}

/* A value's provenance; a corrected value also carries "original": the
 * reader's value, origin and confidence (null when it had read nothing). */
static json_t *value_prov_json(const nb_value *v)
{
    json_t *o = nb_prov_json(&v->prov, v->raw);
    if (v->prov.origin != NB_ORIGIN_CORRECTION)
        return o;
    json_t *orig = json_null();
    if (v->had_reading) {
        const nb_prov *p = &v->original_prov;
        orig = json_pack("{s:o,s:o,s:s}", "value", nb_json_number(v->original), "confidence",
                         p->confidence >= 0 ? json_integer(p->confidence) : json_null(),
                         "origin", nb_origin_name(p->origin));
    }
    json_object_set_new(o, "original", orig);
    return o;
}

json_t *nb_record_to_json(const nb_record *r, gboolean provenance)
{
    json_t *root = json_object();
    json_object_set_new(root, "schema", json_string(r->schema));
    if (r->template_name)
        json_object_set_new(root, "template", json_string(r->template_name));
    if (r->agency)
        json_object_set_new(root, "agency", json_string(r->agency));
    if (r->year)
        json_object_set_new(root, "year", json_integer(r->year));
    for (guint i = 0; i < r->values->len; i++) {
        const nb_value *v = g_ptr_array_index(r->values, i);
        nb_json_put_path(root, v->path, nb_json_number(v->value));
    }
    if (r->section_order->len) {
        json_t *sec = json_object();
        for (guint i = 0; i < r->section_order->len; i++) {
            const char *k = g_ptr_array_index(r->section_order, i);
            json_object_set_new(sec, k, json_string(g_hash_table_lookup(r->sections, k)));
        }
        json_object_set_new(root, "sections", sec);
    }
    json_object_set_new(root, "checks", checks_json(r));
    json_object_set_new(root, "warnings", warnings_json(r));
    if (provenance) {
        json_t *prov = json_object();
        if (r->agency)
            json_object_set_new(prov, "agency", nb_prov_json(&r->agency_prov, r->agency_raw));
        if (r->year)
            json_object_set_new(prov, "year", nb_prov_json(&r->year_prov, r->year_raw));
        for (guint i = 0; i < r->values->len; i++) {
            const nb_value *v = g_ptr_array_index(r->values, i);
            json_object_set_new(prov, v->path, value_prov_json(v));
        }
        json_object_set_new(root, "provenance", prov);
    }
    return root;
}

void nb_record_write_json(FILE *out, const nb_record *r, gboolean provenance)
{
    json_t *j = nb_record_to_json(r, provenance);
    json_dumpf(j, out, JSON_INDENT(1) | JSON_REAL_PRECISION(15));
    fputc('\n', out);
    json_decref(j);
}

char *nb_escape_bytes(const char *s)
{
    GString *out = g_string_new(NULL);
    const char *p = s, *end = s + strlen(s);
    while (p < end) {
        const char *bad = NULL;
        g_utf8_validate(p, end - p, &bad);
        for (const char *q = p; q < bad; q++) {
            if (*q == '\\')
                g_string_append(out, "\\\\");
            else
                g_string_append_c(out, *q);
        }
        if (bad >= end)
            break;
        g_string_append_printf(out, "\\x%02X", (guchar)*bad);
        p = bad + 1;
    }
    return g_string_free(out, FALSE);
}

json_t *nb_record_json_sourced(json_t *record, const char *path, const char *sha256,
                               const char *format)
{
    json_t *out = json_object();
    json_t *schema = json_object_get(record, "schema");
    if (schema)
        json_object_set(out, "schema", schema);
    char *shown = nb_escape_bytes(path);
    json_object_set_new(out, "source", json_pack("{s:s,s:s?,s:s?}", "path", shown, "sha256",
                                                 sha256, "format", format));
    g_free(shown);
    json_object_set_new(out, "tool", json_pack("{s:s,s:s}", "name", "nianbao", "version",
                                               nb_version()));
    const char *k;
    json_t *v;
    json_object_foreach(record, k, v)
        if (strcmp(k, "schema"))
            json_object_set(out, k, v);
    return out;
}
