/* schema.c — see schema.h.  Parses the embedded JSON schema files with jansson. */
#include "schemas/schema.h"
#include "layout/model/textnorm.h"

#include <jansson.h>
#include <string.h>

extern const struct { const char *name; const char *text; } nb_schema_sources[];

static GPtrArray *str_array(json_t *arr, gboolean normalise)
{
    GPtrArray *a = g_ptr_array_new_with_free_func(g_free);
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        if (json_is_string(v))
            g_ptr_array_add(a, normalise ? nb_norm_label(json_string_value(v))
                                         : g_strdup(json_string_value(v)));
    }
    return a;
}

static char *opt_str(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? g_strdup(json_string_value(v)) : NULL;
}

static void labels_free(gpointer p)
{
    nb_schema_labels *l = p;
    g_free(l->key);
    g_ptr_array_free(l->labels, TRUE);
    g_ptr_array_free(l->norm, TRUE);
    g_free(l);
}

static GPtrArray *labels_array(json_t *arr)
{
    GPtrArray *a = g_ptr_array_new_with_free_func(labels_free);
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        nb_schema_labels *l = g_new0(nb_schema_labels, 1);
        l->key = opt_str(v, "key");
        l->labels = str_array(json_object_get(v, "labels"), FALSE);
        l->norm = str_array(json_object_get(v, "labels"), TRUE);
        l->signed_values = json_is_true(json_object_get(v, "signed"));
        l->money = json_is_true(json_object_get(v, "money"));
        g_ptr_array_add(a, l);
    }
    return a;
}

static void row_free(gpointer p)
{
    nb_schema_row *r = p;
    g_free(r->key);
    g_ptr_array_free(r->labels, TRUE);
    g_ptr_array_free(r->norm, TRUE);
    g_ptr_array_free(r->norm_u, TRUE);
    g_ptr_array_free(r->columns, TRUE);
    g_free(r->unit);
    g_free(r->replaces);
    g_free(r->group);
    g_free(r->block);
    g_free(r);
}

static nb_schema_row *row_parse(json_t *o, GPtrArray *table_cols)
{
    nb_schema_row *r = g_new0(nb_schema_row, 1);
    r->key = opt_str(o, "key");
    r->labels = str_array(json_object_get(o, "labels"), FALSE);
    r->norm = str_array(json_object_get(o, "labels"), TRUE);
    r->norm_u = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < r->norm->len; i++)
        g_ptr_array_add(r->norm_u, g_utf8_to_ucs4_fast(g_ptr_array_index(r->norm, i), -1, NULL));
    json_t *cols = json_object_get(o, "columns");
    if (cols) {
        r->columns = str_array(cols, FALSE);
    } else {
        r->columns = g_ptr_array_new_with_free_func(g_free);
        for (guint i = 0; i < table_cols->len; i++)
            g_ptr_array_add(r->columns,
                            g_strdup(((nb_schema_labels *)g_ptr_array_index(table_cols, i))->key));
    }
    r->unit = opt_str(o, "unit");
    r->decimal = json_is_true(json_object_get(o, "decimal"));
    r->signed_values = json_is_true(json_object_get(o, "signed"));
    r->optional = json_is_true(json_object_get(o, "optional"));
    r->replaces = opt_str(o, "replaces");
    r->group = opt_str(o, "group");
    r->block = opt_str(o, "block");
    return r;
}

static void table_free(gpointer p)
{
    nb_schema_table *t = p;
    g_free(t->key);
    g_ptr_array_free(t->headings, TRUE);
    g_ptr_array_free(t->rows, TRUE);
    g_ptr_array_free(t->columns, TRUE);
    g_ptr_array_free(t->groups, TRUE);
    g_ptr_array_free(t->markers, TRUE);
    g_free(t);
}

static nb_schema_table *table_parse(json_t *o)
{
    nb_schema_table *t = g_new0(nb_schema_table, 1);
    t->key = opt_str(o, "key");
    t->headings = str_array(json_object_get(o, "headings"), TRUE);
    t->markers = str_array(json_object_get(o, "markers"), TRUE);
    t->columns = labels_array(json_object_get(o, "columns"));
    t->groups = labels_array(json_object_get(o, "groups"));
    t->wide = json_is_true(json_object_get(o, "wide"));
    t->rows = g_ptr_array_new_with_free_func(row_free);
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(o, "rows"), i, v)
        g_ptr_array_add(t->rows, row_parse(v, t->columns));
    return t;
}

static void rule_free(gpointer p)
{
    nb_schema_rule *r = p;
    g_ptr_array_free(r->each, TRUE);
    g_ptr_array_free(r->lhs, TRUE);
    g_ptr_array_free(r->rhs, TRUE);
    g_free(r->label);
    g_free(r);
}

/* "each" is a list, or "<table>.rows" meaning every row key of that table. */
static GPtrArray *rule_each(json_t *each, GPtrArray *tables)
{
    if (json_is_array(each))
        return str_array(each, FALSE);
    GPtrArray *a = g_ptr_array_new_with_free_func(g_free);
    const char *spec = json_string_value(each);
    if (!spec || !g_str_has_suffix(spec, ".rows"))
        return a;
    for (guint i = 0; i < tables->len; i++) {
        nb_schema_table *t = g_ptr_array_index(tables, i);
        if (strncmp(spec, t->key, strlen(t->key)) == 0 && spec[strlen(t->key)] == '.')
            for (guint j = 0; j < t->rows->len; j++)
                g_ptr_array_add(a, g_strdup(((nb_schema_row *)g_ptr_array_index(t->rows, j))->key));
    }
    return a;
}

static void section_free(gpointer p)
{
    nb_schema_section *s = p;
    g_free(s->key);
    g_ptr_array_free(s->headings, TRUE);
    g_free(s);
}

static void value_free(gpointer p)
{
    nb_schema_value *v = p;
    g_free(v->key);
    g_ptr_array_free(v->labels, TRUE);
    g_free(v->unit);
    g_free(v->type);
    g_free(v);
}

static void statement_free(gpointer p)
{
    nb_schema_statement *st = p;
    g_free(st->pattern);
    g_ptr_array_free(st->paths, TRUE);
    g_free(st);
}

static void unit_free(gpointer p)
{
    nb_schema_unit *u = p;
    g_free(u->label);
    g_free(u);
}

static GPtrArray *statements_parse(json_t *arr)
{
    GPtrArray *a = g_ptr_array_new_with_free_func(statement_free);
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        nb_schema_statement *st = g_new0(nb_schema_statement, 1);
        st->pattern = opt_str(v, "pattern");
        st->paths = str_array(json_object_get(v, "paths"), FALSE);
        if (st->pattern && st->paths->len)
            g_ptr_array_add(a, st);
        else
            statement_free(st);
    }
    return a;
}

static GPtrArray *units_parse(json_t *arr)
{
    GPtrArray *a = g_ptr_array_new_with_free_func(unit_free);
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        nb_schema_unit *u = g_new0(nb_schema_unit, 1);
        u->label = opt_str(v, "label");
        u->yuan = json_number_value(json_object_get(v, "yuan"));
        if (u->label && u->yuan > 0)
            g_ptr_array_add(a, u);
        else
            unit_free(u);
    }
    return a;
}

static void fees_parse(json_t *o, nb_schema_fees *f)
{
    f->none = str_array(json_object_get(o, "none"), FALSE);
    f->amount = str_array(json_object_get(o, "amount"), FALSE);
    f->cases = str_array(json_object_get(o, "cases"), FALSE);
    f->mentions = str_array(json_object_get(o, "mentions"), FALSE);
    f->path = o ? opt_str(o, "path") : NULL;
    f->amount_key = o ? opt_str(o, "amount_key") : NULL;
    f->cases_key = o ? opt_str(o, "cases_key") : NULL;
}

static void schema_free(gpointer p)
{
    nb_schema *s = p;
    if (!s)
        return;
    g_free(s->name);
    g_ptr_array_free(s->markers, TRUE);
    g_ptr_array_free(s->tables, TRUE);
    g_ptr_array_free(s->rules, TRUE);
    g_ptr_array_free(s->sections, TRUE);
    g_ptr_array_free(s->report_title, TRUE);
    g_ptr_array_free(s->values, TRUE);
    g_ptr_array_free(s->statements, TRUE);
    g_ptr_array_free(s->units, TRUE);
    g_ptr_array_free(s->unit_markers, TRUE);
    g_ptr_array_free(s->value_notes, TRUE);
    g_ptr_array_free(s->fees.none, TRUE);
    g_ptr_array_free(s->fees.amount, TRUE);
    g_ptr_array_free(s->fees.cases, TRUE);
    g_ptr_array_free(s->fees.mentions, TRUE);
    g_free(s->fees.path);
    g_free(s->fees.amount_key);
    g_free(s->fees.cases_key);
    g_free(s);
}

static nb_schema *schema_parse(json_t *root)
{
    nb_schema *s = g_new0(nb_schema, 1);
    s->name = opt_str(root, "template");
    s->first_year = (int)json_integer_value(json_object_get(root, "first_year"));
    s->markers = str_array(json_object_get(root, "markers"), TRUE);
    s->report_title = str_array(json_object_get(root, "report_title"), TRUE);
    s->statements = statements_parse(json_object_get(root, "statements"));
    s->units = units_parse(json_object_get(root, "units"));
    s->unit_markers = str_array(json_object_get(root, "unit_markers"), TRUE);
    s->value_notes = str_array(json_object_get(root, "value_notes"), TRUE);
    fees_parse(json_object_get(root, "info_fees"), &s->fees);
    s->in_force = json_is_true(json_object_get(root, "in_force"));
    s->tables = g_ptr_array_new_with_free_func(table_free);
    s->rules = g_ptr_array_new_with_free_func(rule_free);
    s->sections = g_ptr_array_new_with_free_func(section_free);
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(root, "tables"), i, v)
        g_ptr_array_add(s->tables, table_parse(v));
    json_array_foreach(json_object_get(root, "rules"), i, v) {
        nb_schema_rule *r = g_new0(nb_schema_rule, 1);
        r->rule = (int)json_integer_value(json_object_get(v, "rule"));
        r->each = rule_each(json_object_get(v, "each"), s->tables);
        r->lhs = str_array(json_object_get(v, "lhs"), FALSE);
        r->rhs = str_array(json_object_get(v, "rhs"), FALSE);
        r->label = opt_str(v, "label");
        g_ptr_array_add(s->rules, r);
    }
    s->values = g_ptr_array_new_with_free_func(value_free);
    json_array_foreach(json_object_get(root, "values"), i, v) {
        nb_schema_value *val = g_new0(nb_schema_value, 1);
        val->key = opt_str(v, "key");
        val->labels = str_array(json_object_get(v, "labels"), FALSE);
        val->unit = opt_str(v, "unit");
        val->type = opt_str(v, "type");
        g_ptr_array_add(s->values, val);
    }
    json_array_foreach(json_object_get(root, "sections"), i, v) {
        nb_schema_section *sec = g_new0(nb_schema_section, 1);
        sec->key = opt_str(v, "key");
        sec->headings = str_array(json_object_get(v, "headings"), TRUE);
        g_ptr_array_add(s->sections, sec);
    }
    return s;
}

nb_schema_set *nb_schema_set_load(char **err)
{
    char *dummy = NULL;
    if (!err)
        err = &dummy;
    *err = NULL;
    nb_schema_set *set = g_new0(nb_schema_set, 1);
    set->schemas = g_ptr_array_new_with_free_func(schema_free);
    for (int i = 0; nb_schema_sources[i].name; i++) {
        json_error_t je;
        json_t *root = json_loads(nb_schema_sources[i].text, 0, &je);
        if (!root || !json_is_string(json_object_get(root, "template"))) {
            *err = g_strdup_printf("schema %s: %s (line %d)", nb_schema_sources[i].name,
                                   root ? "no template name" : je.text, je.line);
            json_decref(root);
            nb_schema_set_free(set);
            g_free(dummy);
            return NULL;
        }
        g_ptr_array_add(set->schemas, schema_parse(root));
        json_decref(root);
    }
    return set;
}

void nb_schema_set_free(nb_schema_set *s)
{
    if (!s)
        return;
    g_ptr_array_free(s->schemas, TRUE);
    g_free(s);
}

const nb_schema_set *nb_schema_set_default(void)
{
    static gsize once = 0;
    static nb_schema_set *set = NULL;
    if (g_once_init_enter(&once)) {
        char *err = NULL;
        set = nb_schema_set_load(&err);
        if (!set)
            g_error("embedded schemas are broken: %s", err);
        g_once_init_leave(&once, 1);
    }
    return set;
}

const nb_schema *nb_schema_find(const nb_schema_set *s, const char *name)
{
    for (guint i = 0; s && name && i < s->schemas->len; i++) {
        const nb_schema *x = g_ptr_array_index(s->schemas, i);
        if (x->name && strcmp(x->name, name) == 0)
            return x;
    }
    return NULL;
}

const nb_schema *nb_schema_for_year(const nb_schema_set *s, int year)
{
    const nb_schema *best = NULL;
    for (guint i = 0; s && i < s->schemas->len; i++) {
        const nb_schema *x = g_ptr_array_index(s->schemas, i);
        if (x->first_year > 0 && x->first_year <= year &&
            (!best || x->first_year > best->first_year))
            best = x;
    }
    return best;
}

const nb_schema_table *nb_schema_table_find(const nb_schema *s, const char *key)
{
    for (guint i = 0; s && i < s->tables->len; i++) {
        const nb_schema_table *t = g_ptr_array_index(s->tables, i);
        if (strcmp(t->key, key) == 0)
            return t;
    }
    return NULL;
}

const nb_schema_row *nb_schema_row_find(const nb_schema_table *t, const char *key)
{
    for (guint i = 0; t && i < t->rows->len; i++) {
        const nb_schema_row *r = g_ptr_array_index(t->rows, i);
        if (strcmp(r->key, key) == 0)
            return r;
    }
    return NULL;
}

const nb_schema_labels *nb_schema_column_find(const nb_schema_table *t, const char *key)
{
    for (guint i = 0; t && t->columns && i < t->columns->len; i++) {
        const nb_schema_labels *l = g_ptr_array_index(t->columns, i);
        if (!g_strcmp0(l->key, key))
            return l;
    }
    return NULL;
}

GPtrArray *nb_schema_row_columns(const nb_schema_table *t, const nb_schema_row *r)
{
    (void)t;
    return r->columns;
}

static const char *first_label(GPtrArray *labels)
{
    return labels && labels->len ? g_ptr_array_index(labels, 0) : NULL;
}

static void add_slot(GArray *slots, const nb_schema_table *t, const char *row_key,
                     const char *row_label, const char *group, const char *col_key)
{
    const nb_schema_labels *col = nb_schema_column_find(t, col_key);
    nb_schema_slot sl = {g_strdup_printf("%s.%s.%s", t->key, row_key, col_key), t, row_label,
                         group, col ? first_label(col->labels) : NULL};
    g_array_append_val(slots, sl);
}

GArray *nb_schema_slots(const nb_schema *s)
{
    GArray *slots = g_array_new(FALSE, FALSE, sizeof(nb_schema_slot));
    for (guint i = 0; s && i < s->tables->len; i++) {
        const nb_schema_table *t = g_ptr_array_index(s->tables, i);
        for (guint g = 0; t->wide && g < t->groups->len; g++) {
            const nb_schema_labels *grp = g_ptr_array_index(t->groups, g);
            for (guint c = 0; c < t->columns->len; c++)
                add_slot(slots, t, grp->key, first_label(grp->labels), NULL,
                         ((nb_schema_labels *)g_ptr_array_index(t->columns, c))->key);
        }
        for (guint r = 0; !t->wide && r < t->rows->len; r++) {
            const nb_schema_row *row = g_ptr_array_index(t->rows, r);
            GPtrArray *cols = nb_schema_row_columns(t, row);
            for (guint c = 0; cols && c < cols->len; c++)
                add_slot(slots, t, row->key, first_label(row->labels), row->group,
                         g_ptr_array_index(cols, c));
        }
    }
    return slots;
}

void nb_schema_slots_free(GArray *slots)
{
    for (guint i = 0; slots && i < slots->len; i++)
        g_free(g_array_index(slots, nb_schema_slot, i).path);
    if (slots)
        g_array_free(slots, TRUE);
}

bool nb_schema_has_path(const nb_schema *s, const char *path)
{
    GArray *slots = nb_schema_slots(s);
    bool found = false;
    for (guint i = 0; i < slots->len && !found; i++)
        found = strcmp(g_array_index(slots, nb_schema_slot, i).path, path) == 0;
    nb_schema_slots_free(slots);
    return found;
}

void nb_schema_cell_permissions(const nb_schema_table *t, const nb_schema_row *row,
                                gboolean *signed_ok, gboolean *decimal_ok)
{
    GPtrArray *cols = nb_schema_row_columns(t, row);
    gboolean any_signed = FALSE, any_money = FALSE;
    for (guint i = 0; cols && i < cols->len; i++) {
        const nb_schema_labels *l = nb_schema_column_find(t, g_ptr_array_index(cols, i));
        any_signed |= l && l->signed_values;
        any_money |= l && l->money;
    }
    for (guint i = 0; cols && i < cols->len; i++) {
        const nb_schema_labels *l = nb_schema_column_find(t, g_ptr_array_index(cols, i));
        signed_ok[i] = row->signed_values && (!any_signed || (l && l->signed_values));
        decimal_ok[i] = row->decimal && (!any_money || (l && l->money));
    }
}
