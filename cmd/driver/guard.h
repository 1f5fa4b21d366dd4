/*
 * guard.h — the bounds one conversion runs under, and the one line a
 * runaway input gets instead of a crash.
 *
 * poppler and its decoders allocate what a file declares (a 30000² image, a
 * JPX tile, 3 million nested `q`) and recurse as deep as a file draws (a
 * Type 3 glyph that draws itself), with no bound of their own.  The guard
 * bounds the process instead: its address space (`RLIMIT_AS`, --max-memory;
 * under AddressSanitizer, whose shadow needs terabytes, the allocator's own
 * soft RSS limit set in cmd/main.c does it), and it turns the two ways
 * such a file ends — an allocation that fails (poppler, GLib and the C++
 * runtime abort after saying "Out of memory", "failed to allocate",
 * "bad_alloc") and a stack overflow (SIGSEGV in the guard area below the
 * stack) — into one line on the real stderr and an exit code:
 *
 *   out of memory (--max-memory N MB): exit 5 (NB_GUARD_EXIT_MEMORY)
 *   stack overflow: exit 3 (NB_GUARD_EXIT_STACK)
 *
 * Any other SIGSEGV, SIGBUS or SIGABRT is a real crash: the previous handler
 * (the default, or the sanitizer's, which prints its report) gets it.
 *
 * Owns: process-wide signal handlers and limits, for the rest of the
 * process.  Called once by `convert`/`tables` and by each batch worker.
 */
#ifndef NB_GUARD_H
#define NB_GUARD_H

#include <glib.h>

/* The exit codes, the same as cmd/exitcodes.h's NB_EXIT_LIMIT and
 * NB_EXIT_FORMAT (the driver may not include the command headers). */
#define NB_GUARD_EXIT_MEMORY 5
#define NB_GUARD_EXIT_STACK 3

/* Sets RLIMIT_AS to `max_memory` bytes (0 = leave it; skipped under ASan),
 * bounds an unlimited stack to 64 MB so that an overflow is a fault, and
 * installs the handlers.  `name` is the input named in the one line
 * ("nianbao: NAME: out of memory …"); it is copied. */
void nb_guard_begin(const char *name, gint64 max_memory);

#endif
