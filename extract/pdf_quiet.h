/*
 * pdf_quiet.h — keeps poppler's own messages off stderr while a PDF is read.
 *
 * poppler prints two kinds of messages: those of its core (syntax errors,
 * "Page count (N) larger than number of objects (M)", missing fonts) reach
 * poppler-glib's error callback, which hands them to g_log in the "Poppler"
 * domain at INFO level; those of its cairo font engine ("some font thing
 * failed") are written with fprintf(stderr) and nothing can intercept them
 * but the file descriptor.  nianbao promises one line on stderr per failed
 * file, so while a PDF is read both are caught here: the g_log messages by a
 * domain handler, stderr by pointing descriptor 2 at a non-blocking pipe
 * (what does not fit in the pipe is dropped, so a page that prints a million
 * lines costs no memory).  The reader turns what it caught into at most one
 * document warning, and reads the declared page count off poppler's message
 * when poppler gives up on the page tree.
 *
 * Owns: the capture (nb_pdf_quiet, opaque; nb_pdf_quiet_end frees it) and the
 * descriptor of the real stderr while a capture is on.  Not thread-safe:
 * descriptor 2 and the g_log handler are process-wide, and nianbao reads one
 * file per process at a time (batch forks a worker per file).
 */
#ifndef NB_PDF_QUIET_H
#define NB_PDF_QUIET_H

#include <glib.h>
#include <stddef.h>

typedef struct nb_pdf_quiet nb_pdf_quiet;

/* Starts catching poppler's messages: stderr goes to a pipe, "Poppler"
 * INFO/DEBUG/MESSAGE g_log calls to a counter.  Warnings and criticals of
 * the domain still reach the default handler (they are bugs, and the fuzz
 * harnesses must see them).  If the pipe cannot be made, stderr is left
 * alone and only the g_log messages are caught.  Never returns NULL. */
nb_pdf_quiet *nb_pdf_quiet_begin(void);

/* Puts stderr back, drains the pipe and frees the capture.  Returns the
 * number of message lines caught (both kinds) and, in `first` when not NULL,
 * the first of them (g_free; NULL when none), one line, at most 200 bytes.
 * NULL `q` returns 0. */
int nb_pdf_quiet_end(nb_pdf_quiet *q, char **first);

/* The page count poppler's core read from the page tree and rejected as
 * larger than the file's number of objects ("Page count (N) larger than
 * number of objects (M)"), or 0 when it said no such thing.  `objects` (may
 * be NULL) receives M. */
int nb_pdf_quiet_rejected_count(const nb_pdf_quiet *q, int *objects);

/* Reads what the capture has caught on descriptor 2 and not yet drained
 * (at most `cap` bytes into `buf`, not terminated); 0 when no capture is on.
 * Async-signal-safe, for the handler that must tell an abort after a failed
 * allocation ("Out of memory") from a crash (cmd/driver/guard.c).  What it
 * reads is gone from the capture. */
size_t nb_pdf_quiet_peek(char *buf, size_t cap);

/* The descriptor that reaches the real stderr: 2, or the saved copy while a
 * capture is on.  Async-signal-safe (a plain read of a global), for the
 * time-limit handler that must still be heard in the middle of a PDF. */
int nb_real_stderr_fd(void);

#endif
