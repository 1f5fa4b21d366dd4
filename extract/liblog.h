/*
 * liblog.h — catches what a library logs through g_log while it reads a file.
 *
 * libgsf checks its own invariants with g_return_if_fail: on a damaged OLE2
 * compound file it logs a critical ("ole_seek_block: assertion 'block <
 * ole->info->max_block' failed") and returns an error that the readers
 * already handle.  Left to GLib's default handler, that message would be a
 * second line on stderr (nianbao promises one per failed file), and the fuzz
 * harnesses, which abort on criticals to catch our own bugs, stop at each.
 * While a capture is on, every message of the given domains (all levels but
 * fatal errors) is counted and the first kept, for the reader to fold into
 * its one-line error or a document warning.
 *
 * Owns: the capture (nb_liblog, opaque; nb_liblog_end frees it).  Not
 * thread-safe (g_log handlers are process-wide; nianbao reads one file per
 * process at a time).
 */
#ifndef NB_LIBLOG_H
#define NB_LIBLOG_H

#include <glib.h>

typedef struct nb_liblog nb_liblog;

/* The g_log domains of libgsf ("libgsf", "libgsf:msole", "libgsf:zip", ...). */
extern const char *const nb_liblog_gsf[];

/* Starts catching the messages of `domains` (a NULL-terminated list, kept
 * by the caller until nb_liblog_end; static lists above).  Never NULL. */
nb_liblog *nb_liblog_begin(const char *const *domains);

/* Stops catching and frees the capture; returns the number of messages
 * caught and, in `first` when not NULL, the first one (g_free; NULL when
 * none).  NULL `q` returns 0. */
int nb_liblog_end(nb_liblog *q, char **first);

#endif
