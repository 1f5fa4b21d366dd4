/*
 * batch_worker.h — isolated conversion of one file per worker process.
 *
 * Owns: nb_pool, a fixed number of worker slots.  Each submitted file is
 * converted in a fresh child process (fork, then the pipeline runs in the
 * child) under a memory limit (RLIMIT_AS), a CPU limit (RLIMIT_CPU) and a
 * wall-clock deadline after which the parent kills it.  The child sends its
 * result back over a pipe as one JSON message (the wire format below); its
 * stderr is captured so that a crash can be reported with its last words.  A
 * crash, a hang or an out-of-memory therefore costs one file, never the run.
 *
 * The worker reads its file once: it loads it (regular files only, at most
 * --max-bytes, under its own limits — the parent never reads an input),
 * hashes those bytes and announces them to the parent, which decides through
 * the pool's admit callback whether the file is to be converted at all (a
 * rerun skips what the database holds); only then does it convert them.
 *
 * Wire format, on a socket pair between the parent and the child:
 *   child → parent, once the bytes are loaded: "fp SHA256 SIZE KIND\n"
 *   parent → child: one byte, 'y' (convert) or 'n' (stop, nothing sent)
 *   child → parent, the result: one JSON object,
 *     {"ok": true,  "format": "pdf-text", "pages": 5,
 *      "record": <the record as `nianbao convert --provenance` writes it>}
 *     {"ok": false, "class": "format", "message": "corrupt PDF ..."}
 *   A file that cannot be loaded sends no fingerprint, only the failure.
 *
 * Results are new nb_job_result values owned by the caller
 * (nb_job_result_free).  The pool is single-threaded: call it from one thread.
 */
#ifndef NB_BATCH_WORKER_H
#define NB_BATCH_WORKER_H

#include "cmd/driver/corrections.h"
#include "extract/reader.h"

#include <glib.h>
#include <jansson.h>

/* What a worker announces about the bytes it loaded (borrowed for the call). */
typedef struct {
    const char *sha256; /* 64 hex digits */
    gint64 size;        /* bytes loaded */
    const char *kind;   /* nb_kind_name of the content (a static name) */
} nb_fingerprint;

/* Decides whether the worker of job `tag`, whose bytes are `fp`, converts
 * them (TRUE) or stops (FALSE: its job ends as a result with `declined`).
 * Called from nb_pool_wait, in the parent; the time it takes is not charged
 * to the worker's deadline. */
typedef gboolean (*nb_admit_fn)(void *data, guint tag, const nb_fingerprint *fp);

typedef struct {
    nb_limits limits;   /* passed to the readers; limits.timeout_s is also the kill deadline */
    gint64 max_memory;  /* bytes of address space per worker; 0 = unlimited */
    /* corrections to apply, found by each file's SHA-256 (borrowed, may be
     * NULL; it must outlive the pool) */
    const nb_corrections_set *corrections;
    nb_admit_fn admit;  /* optional: NULL converts every file */
    void *admit_data;   /* handed to `admit` (borrowed) */
} nb_worker_opts;

typedef struct {
    guint tag;          /* the caller's number for the job (index of the input) */
    gboolean ok;        /* TRUE: `record` holds the record */
    json_t *record;     /* the record JSON with provenance (ok only), owned */
    char *format;       /* the reader's format name ("pdf-text", ...) (ok only) */
    char *error_class;  /* "io", "format", "not_report", "limit", "unsupported",
                           "timeout", "memory", "crash", "internal" (failures only) */
    char *error;        /* one line, without the file name (failures only) */
    double seconds;     /* wall-clock time from fork to the worker's end */
    gboolean interrupted; /* the worker was stopped by SIGINT/SIGTERM/SIGHUP from
                             outside: no result, the file is left unrecorded */
    gboolean declined;  /* the admit callback said no: no result, nothing to record */
    char *sha256;       /* the fingerprint the worker announced (owned), NULL when
                           it could not load the file (or died first) */
    gint64 size;        /* with sha256: bytes loaded, else 0 */
    const char *kind;   /* with sha256: nb_kind_name of the content, else "unknown" */
} nb_job_result;

/* Releases a result and the record it holds.  NULL is accepted. */
void nb_job_result_free(nb_job_result *r);

typedef struct nb_pool nb_pool;

/* Creates a pool of `jobs` worker slots (at least 1) that convert files under
 * `opts` (copied).  Free it with nb_pool_free, which kills running workers. */
nb_pool *nb_pool_new(guint jobs, const nb_worker_opts *opts);

/* The options the pool's workers run under (owned by the pool). */
const nb_worker_opts *nb_pool_opts(const nb_pool *p);

/* Kills every running worker (SIGKILL), reaps it and releases the pool.
 * NULL is accepted. */
void nb_pool_free(nb_pool *p);

/* TRUE when a slot is free, so that nb_pool_submit can start a worker. */
gboolean nb_pool_has_room(const nb_pool *p);

/* Number of workers started and not yet returned by nb_pool_wait. */
guint nb_pool_running(const nb_pool *p);

/* Starts converting `path` in a new worker, tagged `tag`.  Returns FALSE with
 * *error set when no slot is free or the worker cannot be started (fork or
 * pipe failed); the caller decides whether to retry later. */
gboolean nb_pool_submit(nb_pool *p, guint tag, const char *path, GError **error);

/* Waits at most `timeout_ms` (-1 = until a worker ends) for a worker to end
 * and returns its result, or NULL when none ended in time, none is running,
 * or a signal interrupted the wait.  Deadlines are enforced here: a worker
 * past its deadline is killed and reported as a timeout, and the workers'
 * fingerprints are handed to the admit callback here. */
nb_job_result *nb_pool_wait(nb_pool *p, int timeout_ms);

/* Runs the conversion of `path` in this process, with the corrections of
 * `corrections` (optional) for the SHA-256 of the bytes it reads (the file
 * is read once), and returns the wire message (what a worker sends).  This
 * is the child's side; exposed for tests. */
json_t *nb_worker_convert(const char *path, const nb_limits *limits,
                          const nb_corrections_set *corrections);

#endif
