/*
 * corrections.h — a person's corrections to a record (docs/corrections.md).
 *
 * Owns: nb_corrections, one corrections file read into memory:
 *   {"source_sha256": "<64 hex digits of the source file>",
 *    "values": {"applications.granted.total": 119, ...}}
 * and nb_corrections_set, the corrections files of a directory indexed by the
 * source's SHA-256 (so they follow a file through renames and reruns).
 * Loading checks the shape and that every key is a value of some template;
 * the driver checks, once the template is known, that the document's
 * template has each key (nb_pipeline_record_corrected).  Everything returned
 * is owned by the caller and freed with the matching _free (NULL-safe).
 */
#ifndef NB_CORRECTIONS_H
#define NB_CORRECTIONS_H

#include "schemas/record.h"
#include "schemas/schema.h"

#include <glib.h>

typedef struct nb_corrections nb_corrections;
typedef struct nb_corrections_set nb_corrections_set;

/* Reads the corrections file `path`.  Returns NULL with *error set (one line,
 * without the file name) when it cannot be read, is not JSON of the format
 * above, or names a key no template has. */
nb_corrections *nb_corrections_load(const char *path, GError **error);

/* Releases corrections.  NULL is accepted. */
void nb_corrections_free(nb_corrections *c);

/* The SHA-256 (lower-case hex) of the source file the corrections are for. */
const char *nb_corrections_sha256(const nb_corrections *c);

/* The SHA-256 of the corrections file itself (hex): a batch database keys
 * a document's conversion on it, so that changed corrections reconvert. */
const char *nb_corrections_digest(const nb_corrections *c);

/* Number of corrected values. */
guint nb_corrections_count(const nb_corrections *c);

/* The SHA-256 of the file at `path` as lower-case hex (new string), or NULL
 * with *error set when it cannot be read or is not a regular file (a FIFO,
 * a device: never opened).  For the corrections file itself and a review's
 * check that a source is unchanged; a source being converted is hashed from
 * the bytes its reader reads (nb_pipeline_read_hashed). */
char *nb_corrections_file_sha256(const char *path, GError **error);

/* TRUE when every key of `c` is a value of template `s` (NULL = no template,
 * e.g. a legacy report: then no key fits); else FALSE with *error naming the
 * first key that does not fit. */
gboolean nb_corrections_fit(const nb_corrections *c, const nb_schema *s, GError **error);

/* Replaces each corrected value of `r` (nb_record_correct: original reading
 * kept, its warnings removed).  Checks are the caller's to evaluate after. */
void nb_corrections_apply(const nb_corrections *c, nb_record *r);

/* Reads every *.json file of directory `dir` as corrections.  Returns NULL
 * with *error set ("FILE: problem") when a file is malformed or two files are
 * for the same source. */
nb_corrections_set *nb_corrections_set_load(const char *dir, GError **error);

/* Releases a set and the corrections in it.  NULL is accepted. */
void nb_corrections_set_free(nb_corrections_set *s);

/* The corrections for the source whose SHA-256 is `sha256`, or NULL.
 * Borrowed from the set. */
const nb_corrections *nb_corrections_set_find(const nb_corrections_set *s, const char *sha256);

/* Number of corrections files in the set. */
guint nb_corrections_set_size(const nb_corrections_set *s);

#endif
