/*
 * cli.h — pieces shared by the subcommands: limit options, the one-line
 * error format, the mapping from reader errors to exit codes, and the
 * per-file timeout.
 */
#ifndef NB_CLI_H
#define NB_CLI_H

#include "extract/reader.h"
#include "cmd/driver/corrections.h"
#include "cmd/exitcodes.h"

#include <glib.h>

/* Options shared by every command that reads documents. */
typedef struct {
    gint64 max_bytes;
    gint max_pages;
    gint64 max_cells;
    gint64 max_pixels;
    gdouble timeout;
    gboolean progress; /* --progress (nb_cli_add_progress_option) */
} nb_cli_limits;

/* Returns a new option context for a subcommand: `parameters` is the usage
 * line after the command name ("FILE - what it does"), `summary` and
 * `description` (either may be NULL) the text above and below the options,
 * and `entries` (NULL-terminated, kept by reference until the context is
 * freed) its options.  Free it with g_option_context_free. */
GOptionContext *nb_cli_context_new(const char *parameters, const char *summary,
                                   const char *description, const GOptionEntry *entries);

/* Adds --max-bytes, --max-pages, --max-cells, --max-pixels and --timeout to the
 * main group of `ctx` (listed by plain --help),
 * filling `l` (initialised here to the defaults). */
void nb_cli_add_limit_options(GOptionContext *ctx, nb_cli_limits *l);

/* Adds --max-memory MB (the address space of the whole process, default
 * NB_CLI_MAX_MEMORY_MB, 0 = unlimited) to `ctx`, filling `*mb`.  For the
 * commands that read one file in their own process (convert, tables); batch
 * has its own per-worker option.  The bound is applied by nb_guard_begin. */
#define NB_CLI_MAX_MEMORY_MB 1024
void nb_cli_add_memory_option(GOptionContext *ctx, gint64 *mb);

/* Adds --progress to `ctx` (filling l->progress): page progress of a long
 * read on stderr even when it is not a terminal (a log), where it is shown
 * anyway (one line redrawn, erased when the file is read).  For the commands
 * that read a file in their own process (convert, tables). */
void nb_cli_add_progress_option(GOptionContext *ctx, nb_cli_limits *l);

/* Turns parsed options into reader limits (started now); page progress as
 * l->progress and the terminal say (the caller names the file in
 * progress_name). */
nb_limits nb_cli_limits_get(const nb_cli_limits *l);

/* Prints "nianbao: FILE: MESSAGE" on stderr (one line). */
void nb_cli_error(const char *file, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* Exit code for a reader error class. */
int nb_cli_exit_for(nb_errclass cls);

/* Arms a wall-clock alarm: when it fires the process prints a one-line
 * error for `file` and exits with NB_EXIT_LIMIT.  0 seconds disarms. */
void nb_cli_arm_timeout(const char *file, double seconds);

/* Loads the corrections file `corrections` into *out (always initialised;
 * nb_corrections_free).  On a malformed file prints one line and returns
 * NB_EXIT_USAGE; else NB_EXIT_OK.  Whether they are for the source is
 * for nb_pipeline_read_hashed to say, as the source is read (its size
 * limits come first: it is never read just to be hashed). */
int nb_cli_load_corrections(const char *corrections, nb_corrections **out);

#endif
