/*
 * export_records.h — `export --records`: the batch database's reports back
 * as the records `convert` writes, one JSON object per line.
 *
 * Owns nothing past a call: reads the documents that converted (status ok)
 * with their values, sections, checks and warnings, and writes each as the
 * spec's record — "schema", "source" (path, sha256, format), "tool" (name,
 * version that converted it), template, agency, year, the values nested by
 * their keys in the dictionary's order, "sections", "checks", "warnings".
 */
#ifndef NB_EXPORT_RECORDS_H
#define NB_EXPORT_RECORDS_H

#include "cmd/batch/db.h"

#include <stdio.h>

/* Writes one record per converted document of `db` on `out` (NDJSON, in the
 * order of their paths).  Returns an exit code of cmd/exitcodes.h: NB_EXIT_IO
 * with one line naming `db_path` when SQLite fails. */
int nb_export_records(nb_db *db, const char *db_path, FILE *out);

#endif
