/* record.c — see record.h. */
#include "schemas/record.h"
#include "layout/model/doc.h"

#include <stdarg.h>
#include <string.h>

static void value_free(gpointer p)
{
    nb_value *v = p;
    if (!v)
        return;
    g_free(v->path);
    g_free(v->raw);
    g_free(v);
}

static void check_free(gpointer p)
{
    nb_check *c = p;
    if (!c)
        return;
    g_free(c->message);
    if (c->paths)
        g_ptr_array_free(c->paths, TRUE);
    g_free(c);
}

nb_record *nb_record_new(void)
{
    nb_record *r = g_new0(nb_record, 1);
    r->schema = g_strdup(NB_SCHEMA_NAME);
    r->values = g_ptr_array_new_with_free_func(value_free);
    r->index = g_hash_table_new(g_str_hash, g_str_equal);
    r->sections = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    r->section_order = g_ptr_array_new_with_free_func(g_free);
    r->checks = g_ptr_array_new_with_free_func(check_free);
    r->warnings = g_ptr_array_new_with_free_func(nb_warning_free);
    r->agency_prov = r->year_prov = nb_prov_none(NB_ORIGIN_TEXT);
    return r;
}

void nb_record_free(nb_record *r)
{
    if (!r)
        return;
    g_hash_table_destroy(r->index);
    g_ptr_array_free(r->values, TRUE);
    g_hash_table_destroy(r->sections);
    g_ptr_array_free(r->section_order, TRUE);
    g_ptr_array_free(r->checks, TRUE);
    g_ptr_array_free(r->warnings, TRUE);
    g_free(r->schema);
    g_free(r->template_name);
    g_free(r->agency);
    g_free(r->agency_raw);
    g_free(r->year_raw);
    g_free(r);
}

void nb_record_set(nb_record *r, const char *path, double value, const char *raw,
                   const nb_prov *prov)
{
    nb_value *v = g_hash_table_lookup(r->index, path);
    if (!v) {
        v = g_new0(nb_value, 1);
        v->path = g_strdup(path);
        g_ptr_array_add(r->values, v);
        g_hash_table_insert(r->index, v->path, v);
    }
    g_free(v->raw);
    v->raw = g_strdup(raw ? raw : "");
    v->value = value;
    v->prov = prov ? *prov : nb_prov_none(NB_ORIGIN_TEXT);
}

const nb_value *nb_record_get(const nb_record *r, const char *path)
{
    return r ? g_hash_table_lookup(r->index, path) : NULL;
}

void nb_record_unset(nb_record *r, const char *path)
{
    nb_value *v = g_hash_table_lookup(r->index, path);
    if (!v)
        return;
    g_hash_table_remove(r->index, path);
    g_ptr_array_remove(r->values, v);
}

void nb_record_correct(nb_record *r, const char *path, double value)
{
    nb_value *v = g_hash_table_lookup(r->index, path);
    if (v) {
        v->had_reading = true;
        v->original = v->value;
        v->original_prov = v->prov;
    } else {
        nb_record_set(r, path, value, NULL, NULL);
        v = g_hash_table_lookup(r->index, path);
        v->had_reading = false;
    }
    v->value = value;
    v->prov.origin = NB_ORIGIN_CORRECTION;
    v->prov.confidence = -1;
    for (guint i = r->warnings->len; i-- > 0;) {
        const nb_warning *w = g_ptr_array_index(r->warnings, i);
        if (w->path && strcmp(w->path, path) == 0)
            g_ptr_array_remove_index(r->warnings, i);
    }
}

void nb_record_set_section(nb_record *r, const char *key, const char *text)
{
    if (!g_hash_table_contains(r->sections, key))
        g_ptr_array_add(r->section_order, g_strdup(key));
    g_hash_table_insert(r->sections, g_strdup(key), g_strdup(text ? text : ""));
}

void nb_record_warn(nb_record *r, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    nb_warnings_addv(r->warnings, path, fmt, ap);
    va_end(ap);
}

void nb_record_add_check(nb_record *r, int rule, double expected, double found,
                         const char *message, GPtrArray *paths)
{
    nb_check *c = g_new0(nb_check, 1);
    c->rule = rule;
    c->expected = expected;
    c->found = found;
    c->message = g_strdup(message);
    c->paths = paths ? paths : g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(r->checks, c);
}

static bool is_prefix_path(const char *prefix, const char *path)
{
    size_t n = strlen(prefix);
    return strncmp(prefix, path, n) == 0 && (path[n] == 0 || path[n] == '.');
}

bool nb_record_flagged(const nb_record *r, const char *path)
{
    for (guint i = 0; i < r->warnings->len; i++) {
        const nb_warning *w = g_ptr_array_index(r->warnings, i);
        if (w->path && is_prefix_path(w->path, path))
            return true;
    }
    for (guint i = 0; i < r->checks->len; i++) {
        const nb_check *c = g_ptr_array_index(r->checks, i);
        for (guint j = 0; j < c->paths->len; j++)
            if (is_prefix_path(g_ptr_array_index(c->paths, j), path))
                return true;
    }
    return false;
}

int nb_record_value_warnings(const nb_record *r)
{
    int n = 0;
    for (guint i = 0; i < r->warnings->len; i++)
        n += ((const nb_warning *)g_ptr_array_index(r->warnings, i))->path != NULL;
    return n;
}
