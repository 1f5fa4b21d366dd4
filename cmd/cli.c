/* cli.c — see cli.h. */
#include "cmd/cli.h"
#include "extract/pdf_quiet.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

GOptionContext *nb_cli_context_new(const char *parameters, const char *summary,
                                   const char *description, const GOptionEntry *entries)
{
    GOptionContext *ctx = g_option_context_new(parameters);
    if (summary)
        g_option_context_set_summary(ctx, summary);
    if (description)
        g_option_context_set_description(ctx, description);
    g_option_context_add_main_entries(ctx, entries, NULL);
    return ctx;
}

/* The limits being parsed: the main group's hooks get no user data of ours
 * (one command line is parsed per process). */
static const nb_cli_limits *g_parsing_limits;

/* After parsing: a negative limit is refused (GLib takes "-5" as a number). */
static gboolean limits_not_negative(GOptionContext *ctx, GOptionGroup *group, gpointer data,
                                    GError **error)
{
    const nb_cli_limits *l = g_parsing_limits;
    if (!l)
        return TRUE;
    const char *name = l->max_bytes < 0   ? "--max-bytes"
                       : l->max_pages < 0 ? "--max-pages"
                       : l->max_cells < 0 ? "--max-cells"
                       : l->max_pixels < 0 ? "--max-pixels"
                       : l->timeout < 0   ? "--timeout"
                                          : NULL;
    if (name)
        g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                    "%s must not be negative (0 = no limit)", name);
    return name == NULL;
}

void nb_cli_add_limit_options(GOptionContext *ctx, nb_cli_limits *l)
{
    nb_limits d = nb_limits_default();
    l->max_bytes = d.max_bytes;
    l->max_pages = d.max_pages;
    l->max_cells = d.max_cells;
    l->max_pixels = d.max_pixels;
    l->timeout = d.timeout_s;
    l->progress = FALSE;
    GOptionEntry entries[] = {
        {"max-bytes", 0, 0, G_OPTION_ARG_INT64, &l->max_bytes,
         "Refuse inputs larger than N bytes (default 100000000)", "N"},
        {"max-pages", 0, 0, G_OPTION_ARG_INT, &l->max_pages,
         "Refuse PDFs / TIFFs with more than N pages (default 500)", "N"},
        {"max-cells", 0, 0, G_OPTION_ARG_INT64, &l->max_cells,
         "Refuse text whose tables have more than N cells; leave out HTML tables past N "
         "cells (default 200000)", "N"},
        {"max-pixels", 0, 0, G_OPTION_ARG_INT64, &l->max_pixels,
         "Refuse images or rendered pages over N pixels (default 100000000)", "N"},
        {"timeout", 0, 0, G_OPTION_ARG_DOUBLE, &l->timeout,
         "Give up on a file after S seconds (default 300, 0 = never)", "S"},
        {NULL}};
    /* in the main group, so that plain --help lists them (a group of its
     * own would show only under --help-all) */
    g_option_context_add_main_entries(ctx, entries, NULL);
    g_parsing_limits = l;
    g_option_group_set_parse_hooks(g_option_context_get_main_group(ctx), NULL,
                                   limits_not_negative);
}

void nb_cli_add_memory_option(GOptionContext *ctx, gint64 *mb)
{
    *mb = NB_CLI_MAX_MEMORY_MB;
    GOptionEntry entries[] = {
        {"max-memory", 0, 0, G_OPTION_ARG_INT64, mb,
         "Give up on a file that needs more than MB megabytes of address space (default 1024, "
         "0 = unlimited)", "MB"},
        {NULL}};
    g_option_context_add_main_entries(ctx, entries, NULL);
}

nb_limits nb_cli_limits_get(const nb_cli_limits *l)
{
    nb_limits lim = nb_limits_default();
    lim.max_bytes = l->max_bytes;
    lim.max_pages = l->max_pages;
    lim.max_cells = l->max_cells;
    lim.max_pixels = l->max_pixels;
    lim.timeout_s = l->timeout;
    lim.started_us = g_get_monotonic_time();
    lim.verbose_progress = isatty(STDERR_FILENO) ? NB_PROGRESS_REDRAW
                           : l->progress         ? NB_PROGRESS_LINES
                                                 : NB_PROGRESS_NONE;
    return lim;
}

void nb_cli_add_progress_option(GOptionContext *ctx, nb_cli_limits *l)
{
    l->progress = FALSE;
    GOptionEntry entries[] = {
        {"progress", 0, 0, G_OPTION_ARG_NONE, &l->progress,
         "Page progress on stderr also when it is not a terminal (a line a second)", NULL},
        {NULL}};
    g_option_context_add_main_entries(ctx, entries, NULL);
}

void nb_cli_error(const char *file, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    /* one line, always */
    for (char *p = msg; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    if (file)
        fprintf(stderr, "nianbao: %s: %s\n", file, msg);
    else
        fprintf(stderr, "nianbao: %s\n", msg);
    g_free(msg);
}

int nb_cli_exit_for(nb_errclass cls)
{
    switch (cls) {
    case NB_ERR_NONE: return NB_EXIT_OK;
    case NB_ERR_IO: return NB_EXIT_IO;
    case NB_ERR_NOT_REPORT: return NB_EXIT_NOT_REPORT;
    case NB_ERR_LIMIT: return NB_EXIT_LIMIT;
    case NB_ERR_USAGE: return NB_EXIT_USAGE;
    default: return NB_EXIT_FORMAT;
    }
}

static char g_timeout_msg[1024];

static void on_alarm(int sig)
{
    (void)sig;
    /* async-signal-safe: a prepared message and _exit */
    /* the real stderr even while the PDF reader has descriptor 2 redirected */
    ssize_t n = write(nb_real_stderr_fd(), g_timeout_msg, strlen(g_timeout_msg));
    (void)n;
    _exit(NB_EXIT_LIMIT);
}

void nb_cli_arm_timeout(const char *file, double seconds)
{
    if (seconds <= 0) {
        alarm(0);
        return;
    }
    /* The backstop fires a second after the limit: the readers' own checks
     * (which say where the time ran out and free what they made) get the
     * first chance; the alarm ends only work that does not poll. */
    unsigned s = (unsigned)(seconds + 0.999) + 1;
    /* on a terminal, over the page progress line being redrawn */
    g_snprintf(g_timeout_msg, sizeof g_timeout_msg,
               "%snianbao: %s: gave up after %u s (--timeout %g)\n",
               isatty(STDERR_FILENO) ? "\r\033[K" : "", file, s, seconds);
    signal(SIGALRM, on_alarm);
    alarm(s);
}
