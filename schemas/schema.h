/*
 * schema.h — the template schemas, read from the JSON schema files that are
 * compiled into the binary (schemas/cn-ogi-NNNN.json, embedded at build time).
 *
 * Owns: nb_schema (one template: its tables, rows, columns, label variants,
 * detection markers, section headings and consistency rules) and the set of
 * all templates.  nb_schema_set_default() returns a process-wide set that is
 * loaded once and never freed; callers never free schemas they did not load
 * with nb_schema_set_load().
 *
 * Code holds no schema knowledge: row labels, aliases, column keys and rules
 * all come from here.
 */
#ifndef NB_SCHEMA_H
#define NB_SCHEMA_H

#include <glib.h>
#include <stdbool.h>

typedef struct {
    char *key;
    GPtrArray *labels;    /* char*: label variants as printed */
    GPtrArray *norm;      /* char*: the same, through nb_norm_label */
    bool signed_values;   /* a column that may print a decrease ("change") */
    bool money;           /* a column of amounts, in a row whose other columns count */
} nb_schema_labels;

typedef struct {
    char *key;
    GPtrArray *labels, *norm;
    GPtrArray *norm_u;    /* gunichar* (0-terminated): `norm` decoded once, for
                             the mapper's label comparisons */
    GPtrArray *columns;   /* char* column keys for this row */
    char *unit;           /* NULL, "yuan" (万 multiplies) or "10k_yuan" */
    bool decimal;         /* money: decimals allowed */
    bool signed_values;   /* negative numbers allowed ("change") */
    bool optional;        /* may be absent without a warning */
    char *replaces;       /* row key this row stands in for ("other_handling") */
    char *group;          /* group label of the row ("（三）不予公开"), or NULL */
    char *block;          /* caption of the block of the table this row opens
                             ("第二十条第（一）项"), or NULL */
} nb_schema_row;

typedef struct {
    char *key;            /* "active_disclosure", "applications", ... */
    GPtrArray *headings;  /* char*: heading variants of the section */
    GPtrArray *rows;      /* nb_schema_row* in template order */
    GPtrArray *columns;   /* nb_schema_labels*: table-wide columns, or empty */
    /* wide tables (one data row, groups x columns of values) */
    bool wide;
    GPtrArray *groups;    /* nb_schema_labels* */
    GPtrArray *markers;   /* char*: header words that identify the table */
} nb_schema_table;

typedef struct {
    int rule;
    GPtrArray *each;      /* char*: values substituted for "{}" */
    GPtrArray *lhs, *rhs; /* char*: paths; a leading '?' marks an optional term */
    char *label;          /* "{} total", used in messages */
} nb_schema_rule;

typedef struct {
    char *key;
    GPtrArray *headings;  /* char*: normalised heading words */
} nb_schema_section;

/* A value read outside the template's tables (the information-processing
 * fees of the text), described for the data dictionary. */
typedef struct {
    char *key;            /* "info_fees.amount_yuan" */
    GPtrArray *labels;    /* char*: Chinese labels, most general first */
    char *unit;           /* NULL or "yuan" */
    char *type;           /* "count", "signed_count", "money" */
} nb_schema_value;
/* A body-text sentence that restates a table value (spec rule "text"):
 * `pattern` (pcre2, on squashed text) captures the number in the group
 * named `n`; the number restates the sum of the values at `paths` (char*;
 * one path mostly, two for 行政诉讼 stated over both litigation groups). */
typedef struct {
    char *pattern;
    GPtrArray *paths;
} nb_schema_statement;

/* A unit a header may name for a money column ("（单位：元）"): `label`
 * as printed, `yuan` the number of 元 one unit is. */
typedef struct {
    char *label;
    double yuan;
} nb_schema_unit;

/* The info-fee statement's phrasings (pcre2 on squashed text): `none`
 * patterns say nothing was charged; `amount` ones capture the amount in a
 * group named `amount` (and 万 in `wan`), `cases` ones the count in a group
 * named `cases`; `mentions` are the words of a sentence about fees, which
 * is warned about when no pattern reads it.  The keys the values go to
 * and the path of the warnings come from the schema file too (NULL when
 * the template states no fees). */
typedef struct {
    GPtrArray *none, *amount, *cases, *mentions; /* char* */
    char *path;       /* the record path warnings about the statement name ("info_fees") */
    char *amount_key; /* the value key of the amount ("info_fees.amount_yuan"), in 元 */
    char *cases_key;  /* the value key of the number of cases ("info_fees.cases") */
} nb_schema_fees;

typedef struct {
    char *name;           /* "2021", "2019" */
    int first_year;       /* reports for this year and later use the template
                           * (until a later template's first year) */
    GPtrArray *markers;   /* char*: normalised words only this template prints */
    GPtrArray *tables;    /* nb_schema_table* */
    GPtrArray *rules;     /* nb_schema_rule* */
    GPtrArray *sections;  /* nb_schema_section* */
    GPtrArray *values;    /* nb_schema_value*: values outside the tables */
    GPtrArray *report_title; /* char*: words that name the report kind */
    GPtrArray *statements;/* nb_schema_statement*: rule "text" sentences */
    GPtrArray *units;     /* nb_schema_unit*: units a money header may name */
    GPtrArray *unit_markers; /* char*: words that open a header's unit ("单位") */
    GPtrArray *value_notes;  /* char*: words that open a note after a value ("其中") */
    nb_schema_fees fees;  /* empty arrays when the template states no fees */
    bool in_force;        /* the layout in force: chosen when a page cannot tell */
} nb_schema;

typedef struct {
    GPtrArray *schemas;   /* nb_schema* */
} nb_schema_set;

/* Loads every embedded schema file.  Returns NULL and sets *err (optional,
 * always initialised; g_free) when a file is malformed. */
nb_schema_set *nb_schema_set_load(char **err);

/* Releases a set loaded with nb_schema_set_load.  NULL is accepted. */
void nb_schema_set_free(nb_schema_set *s);

/* The embedded schemas, loaded on first use (aborts if they are malformed,
 * which the build's tests rule out). */
const nb_schema_set *nb_schema_set_default(void);

/* Finds a template by name ("2021"), or NULL. */
const nb_schema *nb_schema_find(const nb_schema_set *s, const char *name);

/* The template that reports for `year` use: the one with the latest
 * first_year not after `year`.  NULL for years before every template (the
 * legacy form, which has no template file). */
const nb_schema *nb_schema_for_year(const nb_schema_set *s, int year);

/* Finds a table / row by key, or NULL. */
const nb_schema_table *nb_schema_table_find(const nb_schema *s, const char *key);
const nb_schema_row *nb_schema_row_find(const nb_schema_table *t, const char *key);

/* Finds table `t`'s column `key` (its labels and flags), or NULL when the
 * table has no such table-wide column. */
const nb_schema_labels *nb_schema_column_find(const nb_schema_table *t, const char *key);

/* Column keys of a row: its own list, else the table's. */
GPtrArray *nb_schema_row_columns(const nb_schema_table *t, const nb_schema_row *r);

/* One value position of a template, for writers that list every key (the
 * review page) and for checking that a key belongs to a template. */
typedef struct {
    char *path;                   /* "applications.granted.total" (owned) */
    const nb_schema_table *table; /* borrowed from the schema */
    const char *row_label;        /* first label of the row (or wide group) */
    const char *group_label;      /* the row's group label, or NULL */
    const char *column_label;     /* first label of the column, or NULL */
} nb_schema_slot;

/* Every value position of `s` in template order (tables, rows or groups,
 * columns).  Returns a new array of nb_schema_slot; free it with
 * nb_schema_slots_free.  Labels are borrowed from `s`. */
GArray *nb_schema_slots(const nb_schema *s);

/* Releases an array from nb_schema_slots.  NULL is accepted. */
void nb_schema_slots_free(GArray *slots);

/* True when `path` is a value position of `s` (a key the template has). */
bool nb_schema_has_path(const nb_schema *s, const char *path);

/* Which cells of `row` may carry a sign or a decimal point (money), one
 * gboolean per column of nb_schema_row_columns, written into the caller's
 * arrays.  A signed row whose columns say which of them is signed ("change")
 * allows the sign only there; likewise decimals in the money column of a
 * decimal row.  Rows without such column flags allow them in every cell. */
void nb_schema_cell_permissions(const nb_schema_table *t, const nb_schema_row *row,
                                gboolean *signed_ok, gboolean *decimal_ok);

#endif
