/*
 * record.h — the structured record of one report (the spec's output contract).
 *
 * Owns: nb_record and everything in it: values keyed by dotted path (in the
 * order they were set), metadata, section texts, checks and warnings.  All
 * strings are copies owned by the record; nb_record_free releases them.
 * Writers read a record; only the mapper, the metadata reader and the driver
 * write to it.
 */
#ifndef NB_RECORD_H
#define NB_RECORD_H

#include "layout/model/grid.h"

#include <glib.h>
#include <stdbool.h>

typedef struct {
    char *path;    /* "applications.granted.total" */
    double value;
    char *raw;     /* the text the value was read from */
    nb_prov prov;  /* origin NB_ORIGIN_CORRECTION when a person corrected it */
    /* A corrected value keeps the reader's reading beside it: had_reading is
     * false when the reader had no value there; else `original` and
     * `original_prov` are what it read (raw stays the text it read). */
    bool had_reading;
    double original;
    nb_prov original_prov;
} nb_value;

/* The spec's rule "text" (a body-text statement restating a table value),
 * numbered after the arithmetic rules 1..5. */
#define NB_RULE_TEXT 6

/* The name of the output contract every record states in "schema". */
#define NB_SCHEMA_NAME "cn-ogi-annual-report"

typedef struct {
    int rule;          /* 1..5 as numbered in the spec, NB_RULE_TEXT for "text" */
    double expected;
    double found;
    char *message;
    GPtrArray *paths;  /* char*: every value the rule involves */
} nb_check;

typedef struct {
    char *schema;       /* "cn-ogi-annual-report" */
    char *template_name;/* "2021", "2019", "legacy"; NULL when unknown */
    char *agency;       /* NULL when not found */
    int year;           /* 0 when not found */
    nb_prov agency_prov, year_prov;
    char *agency_raw, *year_raw;
    GPtrArray *values;  /* nb_value*, in insertion order */
    GHashTable *index;  /* path -> nb_value* (borrowed from values) */
    GHashTable *sections; /* key -> text */
    GPtrArray *section_order; /* char* keys in the order found */
    GPtrArray *checks;  /* nb_check* */
    GPtrArray *warnings;/* nb_warning* (see layout/model/doc.h) */
} nb_record;

/* Creates an empty record with no template.  Free with nb_record_free. */
nb_record *nb_record_new(void);

/* Releases the record and all it owns.  NULL is accepted. */
void nb_record_free(nb_record *r);

/* Sets the value at `path` (replacing an earlier one), copying path and raw.
 * `prov` may be NULL. */
void nb_record_set(nb_record *r, const char *path, double value, const char *raw,
                   const nb_prov *prov);

/* Returns the value at `path`, or NULL when the record does not have it. */
const nb_value *nb_record_get(const nb_record *r, const char *path);

/* Removes the value at `path` if present. */
void nb_record_unset(nb_record *r, const char *path);

/* Replaces the value at `path` by a person's correction: the reading (if
 * any) is kept as the original, the provenance keeps its location with
 * origin NB_ORIGIN_CORRECTION and no confidence, and the warnings naming
 * exactly `path` are removed.  Checks are not touched (the caller evaluates
 * them afterwards). */
void nb_record_correct(nb_record *r, const char *path, double value);

/* Sets a text section (copied). */
void nb_record_set_section(nb_record *r, const char *key, const char *text);

/* Appends a warning; `path` may be NULL for document-level remarks. */
void nb_record_warn(nb_record *r, const char *path, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

/* Appends a check failure; the record takes ownership of `paths` (char*). */
void nb_record_add_check(nb_record *r, int rule, double expected, double found,
                         const char *message, GPtrArray *paths);

/* True when the path or a prefix of it is named by a warning or a check. */
bool nb_record_flagged(const nb_record *r, const char *path);

/* Counts warnings that name a value path (not document-level remarks). */
int nb_record_value_warnings(const nb_record *r);

#endif
