/* batch_progress.c — see batch_progress.h. */
#include "cmd/batch/batch_progress.h"

#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#define NB_REDRAW_US 200000

struct nb_progress {
    guint total, converted, failed, not_reports, skipped;
    gboolean enabled, tty;
    gboolean drawn;      /* a line is on screen and must be cleared before a message */
    gint64 started_us, last_draw_us;
    GHashTable *running; /* tag → path (owned) */
    guint current_tag;   /* the file named on the line */
    gboolean has_current;
};

nb_progress *nb_progress_new(guint total, gboolean enabled)
{
    nb_progress *p = g_new0(nb_progress, 1);
    p->total = total;
    p->enabled = enabled;
    p->tty = isatty(STDERR_FILENO);
    p->started_us = g_get_monotonic_time();
    p->last_draw_us = p->started_us;
    p->running = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
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
    g_hash_table_destroy(p->running);
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

/* The file name as shown: its last 40 characters at most. */
static char *short_name(const char *path)
{
    char *valid = g_utf8_make_valid(path, -1);
    glong n = g_utf8_strlen(valid, -1);
    if (n <= 40)
        return valid;
    char *tail = g_strconcat("…", g_utf8_offset_to_pointer(valid, n - 39), NULL);
    g_free(valid);
    return tail;
}

char *nb_progress_format(guint done, guint skipped, guint failed, guint total, guint running,
                         const char *current, double secs)
{
    double rate = secs > 0 ? done / secs : 0;
    /* the files in progress are not done: they are part of what is left */
    guint left = total > done + skipped ? total - done - skipped : 0;
    char eta[32];
    format_eta(eta, sizeof eta, rate > 0 ? left / rate : -1);
    char *name = current ? short_name(current) : NULL;
    char *s = g_strdup_printf("%u/%u done, %u failed, %u skipped, %u running%s%s, %.1f files/s, "
                              "ETA %s", done + skipped, total, failed, skipped, running,
                              name ? ": " : "", name ? name : "", rate, eta);
    g_free(name);
    return s;
}

static void draw(nb_progress *p, gint64 now)
{
    p->last_draw_us = now;
    const char *current = p->has_current
                              ? g_hash_table_lookup(p->running, GUINT_TO_POINTER(p->current_tag))
                              : NULL;
    char *line = nb_progress_format(p->converted + p->failed + p->not_reports, p->skipped,
                                    p->failed, p->total, g_hash_table_size(p->running), current,
                                    (double)(now - p->started_us) / 1e6);
    if (p->tty) {
        fprintf(stderr, "\r\033[K%s", line);
        p->drawn = TRUE;
    } else {
        fprintf(stderr, "nianbao: batch: %s\n", line);
    }
    fflush(stderr);
    g_free(line);
}

void nb_progress_tick(nb_progress *p)
{
    if (!p->enabled)
        return;
    gint64 now = g_get_monotonic_time();
    gint64 every = p->tty ? NB_REDRAW_US : (gint64)(NB_PROGRESS_LOG_EVERY * 1e6);
    if (now - p->last_draw_us >= every)
        draw(p, now);
}

void nb_progress_started(nb_progress *p, guint tag, const char *path)
{
    g_hash_table_insert(p->running, GUINT_TO_POINTER(tag), g_strdup(path));
    p->current_tag = tag;
    p->has_current = TRUE;
}

void nb_progress_finished(nb_progress *p, guint tag)
{
    g_hash_table_remove(p->running, GUINT_TO_POINTER(tag));
    if (p->has_current && p->current_tag == tag) {
        /* name another file still running, if any */
        GHashTableIter it;
        gpointer k;
        g_hash_table_iter_init(&it, p->running);
        p->has_current = g_hash_table_iter_next(&it, &k, NULL);
        p->current_tag = GPOINTER_TO_UINT(k);
    }
}

void nb_progress_done(nb_progress *p, nb_progress_outcome outcome)
{
    if (outcome == NB_PROGRESS_FAILED)
        p->failed++;
    else if (outcome == NB_PROGRESS_NOT_REPORT)
        p->not_reports++;
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
guint nb_progress_not_reports(const nb_progress *p) { return p->not_reports; }
guint nb_progress_skipped_count(const nb_progress *p) { return p->skipped; }

double nb_progress_elapsed(const nb_progress *p)
{
    return (double)(g_get_monotonic_time() - p->started_us) / 1e6;
}
