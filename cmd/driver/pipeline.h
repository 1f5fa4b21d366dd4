/*
 * pipeline.h — the driver: reader → grids → record → checks.
 *
 * Owns the order of the stages and the one explicit feedback loop (cells the
 * checks put in doubt go back to the reader for another reading, for scans).
 * Everything returned is new and owned by the caller.
 */
#ifndef NB_PIPELINE_H
#define NB_PIPELINE_H

#include "extract/reader.h"
#include "cmd/driver/corrections.h"
#include "schemas/record.h"

/* Reads `path` and completes its grids: tables that only the layout stage can
 * rebuild (glued text) are rebuilt here.  Returns NULL with `err` set, also
 * (NB_ERR_LIMIT) when the reader stopped at the time limit. */
nb_doc *nb_pipeline_read(const char *path, const nb_limits *lim, nb_error *err);

/* nb_pipeline_read that also fingerprints the bytes it reads: the input is
 * loaded once (nb_load_input: regular files only, --max-bytes, --timeout)
 * and *sha256 (optional, always set; g_free) receives the SHA-256 of those
 * very bytes, or NULL when they could not be loaded.  A file is never read
 * a second time to hash it (stdin could not be, a device must not be).
 * When `expect_sha256` is given (the source a corrections file is for) and
 * the bytes have another digest, returns NULL with NB_ERR_USAGE
 * ("corrections for another file …") before any reader runs. */
nb_doc *nb_pipeline_read_hashed(const char *path, const nb_limits *lim, const char *expect_sha256,
                                char **sha256, nb_error *err);

/* The second half of nb_pipeline_read_hashed, for bytes the caller loaded
 * (and fingerprinted) itself with nb_load_input: reads them with the reader
 * their content calls for and completes the grids.  `data` is borrowed.
 * Returns NULL with `err` set, also (NB_ERR_LIMIT) when the time budget of
 * `lim` ran out. */
nb_doc *nb_pipeline_read_loaded(const char *path, const guchar *data, gsize len,
                                const nb_limits *lim, nb_error *err);

/* Turns a read document into a record: template, values, metadata,
 * sections, checks.  Returns NULL with `err` (NB_ERR_NOT_REPORT) when the
 * document is no OGI annual report.  `err` is always initialised. */
nb_record *nb_pipeline_record(const nb_doc *doc, nb_error *err);

/* nb_pipeline_record, with a person's corrections (optional, NULL = none)
 * applied after the values are read and before the checks are evaluated, so
 * that the checks judge the corrected values.  Returns NULL with `err`
 * (NB_ERR_USAGE) when the corrections name a key the document's template
 * lacks.  Whether the corrections are for this file (its SHA-256) is the
 * caller's to check. */
nb_record *nb_pipeline_record_corrected(const nb_doc *doc, const nb_corrections *corr,
                                        nb_error *err);

/* TRUE, with `err` set to NB_ERR_LIMIT, when the time budget of `lim` ran
 * out: whatever was read or built by then is incomplete and is dropped (a
 * limit hit writes no record).  FALSE (err untouched) otherwise. */
gboolean nb_pipeline_over_time(const nb_limits *lim, nb_error *err);

/* Both steps for one file (a record finished past the time budget is
 * dropped with NB_ERR_LIMIT). */
nb_record *nb_pipeline_convert(const char *path, const nb_limits *lim, nb_error *err);

#endif
