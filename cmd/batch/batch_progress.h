/*
 * batch_progress.h — the progress of a batch run on stderr.
 *
 * Owns: nb_progress, counters of one run (converted, failed, skipped as not
 * reports, skipped as already done, total), the files in progress, and the
 * status line: files done/total, failures, the file being converted, rate,
 * ETA.  On a terminal the line is redrawn ("\r") a few times a second; when
 * stderr is not a terminal (a log file, a pipe, a Slurm job) a plain line is
 * printed every NB_PROGRESS_LOG_EVERY seconds instead, so that a log shows
 * the run moving.  Messages printed through nb_progress_message clear the
 * line first so they never mix with it.
 */
#ifndef NB_BATCH_PROGRESS_H
#define NB_BATCH_PROGRESS_H

#include <glib.h>

/* Seconds between two progress lines when stderr is not a terminal. */
#define NB_PROGRESS_LOG_EVERY 10.0

typedef struct nb_progress nb_progress;

typedef enum {
    NB_PROGRESS_CONVERTED,
    NB_PROGRESS_FAILED,
    NB_PROGRESS_NOT_REPORT /* readable, but not a report: skipped */
} nb_progress_outcome;

/* Starts a meter for `total` files; `enabled` FALSE makes every drawing call
 * a no-op (messages still print).  Free with nb_progress_free. */
nb_progress *nb_progress_new(guint total, gboolean enabled);

/* Clears the line and releases the meter.  NULL is accepted. */
void nb_progress_free(nb_progress *p);

/* A worker started on `path` (copied), tagged `tag` / ended.  The line names
 * the file started last among those still running. */
void nb_progress_started(nb_progress *p, guint tag, const char *path);
void nb_progress_finished(nb_progress *p, guint tag);

/* Counts one file done with `outcome`, or skipped because an earlier run
 * (or another batch) has it, and redraws when the last redraw is old. */
void nb_progress_done(nb_progress *p, nb_progress_outcome outcome);
void nb_progress_skipped(nb_progress *p);

/* Redraws now if the last redraw is old enough (the rate and ETA move even
 * while no file finishes). */
void nb_progress_tick(nb_progress *p);

/* Prints one message line on stderr without garbling the progress line. */
void nb_progress_message(nb_progress *p, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* The counters so far. */
guint nb_progress_converted(const nb_progress *p);
guint nb_progress_failed(const nb_progress *p);
guint nb_progress_not_reports(const nb_progress *p);
guint nb_progress_skipped_count(const nb_progress *p);

/* Seconds since the meter was created. */
double nb_progress_elapsed(const nb_progress *p);

/* The status text (no newline) for these counts: exposed for tests.
 * `running` files are in progress, `current` is the file named (or NULL),
 * `secs` the time so far.  New string. */
char *nb_progress_format(guint done, guint skipped, guint failed, guint total, guint running,
                         const char *current, double secs);

#endif
