/*
 * batch_progress.h — the progress line of a batch run on a terminal.
 *
 * Owns: nb_progress, counters of one run (done, failed, skipped, total) and
 * the single status line it redraws on stderr ("\r...") at most a few times
 * a second: files done/total, failures, rate, ETA.  When stderr is not a
 * terminal (a log file, a pipe, a Slurm job) it draws nothing, so logs hold
 * only real messages.  Messages printed through nb_progress_message clear
 * the line first so they never mix with it.
 */
#ifndef NB_BATCH_PROGRESS_H
#define NB_BATCH_PROGRESS_H

#include <glib.h>

typedef struct nb_progress nb_progress;

/* Starts a meter for `total` files; `enabled` FALSE (or stderr not a
 * terminal) makes every drawing call a no-op.  Free with nb_progress_free. */
nb_progress *nb_progress_new(guint total, gboolean enabled);

/* Clears the line and releases the meter.  NULL is accepted. */
void nb_progress_free(nb_progress *p);

/* Counts one file converted (failed = FALSE) or failed, or skipped because
 * an earlier run already did it, and redraws when the last redraw is old. */
void nb_progress_done(nb_progress *p, gboolean failed);
void nb_progress_skipped(nb_progress *p);

/* Redraws now if the last redraw is older than 200 ms (the rate and ETA
 * move even while no file finishes). */
void nb_progress_tick(nb_progress *p);

/* Prints one message line on stderr without garbling the progress line. */
void nb_progress_message(nb_progress *p, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* The counters so far: files converted, failed, and skipped as already done. */
guint nb_progress_converted(const nb_progress *p);
guint nb_progress_failed(const nb_progress *p);
guint nb_progress_skipped_count(const nb_progress *p);

/* Seconds since the meter was created. */
double nb_progress_elapsed(const nb_progress *p);

#endif
