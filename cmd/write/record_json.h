/*
 * record_json.h — the record as the spec's JSON (jansson).
 *
 * Owns nothing: builds a new json_t from a record (caller json_decref's it).
 * Values are nested by their dotted paths in the schema's order; numbers are
 * integers when integral, else the shortest decimal that reads back the same.
 */
#ifndef NB_RECORD_JSON_H
#define NB_RECORD_JSON_H

#include "schemas/record.h"

#include <jansson.h>
#include <stdio.h>

/* Builds the JSON record; with `provenance`, adds the "provenance" object. */
json_t *nb_record_to_json(const nb_record *r, gboolean provenance);

/* Writes the record to `out`, indented, followed by a newline. */
void nb_record_write_json(FILE *out, const nb_record *r, gboolean provenance);

/* A file name as text: valid UTF-8 is kept, every byte that is not (a GBK
 * name from a Windows archive) is written as \xNN, and a backslash as \\,
 * so that the bytes can be told back.  New string. */
char *nb_escape_bytes(const char *s);

/* A new record object: `record`'s "schema" first, then "source" (`path` as
 * given, escaped by nb_escape_bytes; `sha256` of the bytes; `format` as
 * sniffed) and "tool" (`name`, `version`), then the rest of `record`
 * (borrowed, not changed).  The spec's top level. */
json_t *nb_record_json_sourced(json_t *record, const char *path, const char *sha256,
                               const char *format);

/* Puts `value` (taken) at the dotted `path` inside the object `root`,
 * creating the objects on the way ("a.b.c" -> {"a": {"b": {"c": value}}}). */
void nb_json_put_path(json_t *root, const char *path, json_t *value);

/* A JSON number for `v`: integer when integral, else shortest real. */
json_t *nb_json_number(double v);

#endif
