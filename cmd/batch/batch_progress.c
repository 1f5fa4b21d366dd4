/* batch_progress.c — see batch_progress.h. */
#include "cmd/batch/batch_progress.h"

#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#define NB_REDRAW_US 200000

struct nb_progress {
    guint total, converted, failed, skipped;
    gboolean draw;
    gboolean drawn;      /* a line is on screen and must be cleared before a message */
    gint64 started_us, last_draw_us;
};

nb_progress *nb_progress_new(guint total, gboolean enabled)
{
    nb_progress *p = g_new0(nb_progress, 1);
    p->total = total;
    p->draw = enabled && isatty(STDERR_FILENO);
    p->started_us = g_get_monotonic_time();
    return p;
}

static void clear_line(nb_progress *p)
{
    if (p->drawn)
        fputs("\r\033[K", stderr);
    p->drawn = FALSE;
}

void nb_progress_free(nb_progress *p)
{
    if (!p)
        return;
    clear_line(p);
    g_free(p);
}

static void format_eta(char *buf, gsize n, double s)
{
    if (s < 0)
        g_snprintf(buf, n, "?");
    else if (s < 3600)
        g_snprintf(buf, n, "%dm%02ds", (int)s / 60, (int)s % 60);
    else
        g_snprintf(buf, n, "%dh%02dm", (int)s / 3600, (int)s / 60 % 60);
}

static void draw(nb_progress *p)
{
    gint64 now = g_get_monotonic_time();
    p->last_draw_us = now;
    guint done = p->converted + p->failed;
    double secs = (double)(now - p->started_us) / 1e6;
    double rate = secs > 0 ? done / secs : 0;
    guint left = p->total - done - p->skipped;
    char eta[32];
    format_eta(eta, sizeof eta, rate > 0 ? left / rate : -1);
    fprintf(stderr, "\r\033[K%u/%u done, %u failed, %u skipped, %.1f files/s, ETA %s",
            done + p->skipped, p->total, p->failed, p->skipped, rate, eta);
    fflush(stderr);
    p->drawn = TRUE;
}

void nb_progress_tick(nb_progress *p)
{
    if (p->draw && g_get_monotonic_time() - p->last_draw_us >= NB_REDRAW_US)
        draw(p);
}

void nb_progress_done(nb_progress *p, gboolean failed)
{
    if (failed)
        p->failed++;
    else
        p->converted++;
    nb_progress_tick(p);
}

void nb_progress_skipped(nb_progress *p)
{
    p->skipped++;
    nb_progress_tick(p);
}

void nb_progress_message(nb_progress *p, const char *fmt, ...)
{
    clear_line(p);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

guint nb_progress_converted(const nb_progress *p) { return p->converted; }
guint nb_progress_failed(const nb_progress *p) { return p->failed; }
guint nb_progress_skipped_count(const nb_progress *p) { return p->skipped; }

double nb_progress_elapsed(const nb_progress *p)
{
    return (double)(g_get_monotonic_time() - p->started_us) / 1e6;
}
