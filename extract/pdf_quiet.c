/* pdf_quiet.c — see pdf_quiet.h. */
#include "extract/pdf_quiet.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define NB_QUIET_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NB_QUIET_SANITIZED 1
#endif
#endif
#ifdef NB_QUIET_SANITIZED
#include <sanitizer/common_interface_defs.h>
#endif

/* Longest first message kept for the warning. */
#define FIRST_MAX 200

struct nb_pdf_quiet {
    int saved_fd;      /* dup of the real stderr, -1 when stderr was not redirected */
    int pipe_rd;       /* read end of the pipe descriptor 2 points at, or -1 */
    guint handler;     /* g_log handler id for the "Poppler" domain */
    int lines;         /* message lines caught through g_log */
    char *first;       /* first message caught (g_log or stderr) */
    int rejected;      /* page count poppler rejected, 0 when none */
    int objects;       /* its number of objects */
};

static volatile sig_atomic_t g_real_stderr = STDERR_FILENO;
static volatile sig_atomic_t g_pipe_rd = -1; /* the capture's pipe, for nb_pdf_quiet_peek */

/* A sanitizer report must reach the real stderr, never the pipe that the
 * capture drops: the ASan test run fails on what it can see. */
static void sanitizer_report_to(int fd)
{
#ifdef NB_QUIET_SANITIZED
    __sanitizer_set_report_fd((void *)(intptr_t)fd);
#else
    (void)fd;
#endif
}

int nb_real_stderr_fd(void) { return g_real_stderr; }

/* One line of at most FIRST_MAX bytes, valid UTF-8. */
static char *one_line(const char *s, gsize n)
{
    gsize end = 0;
    while (end < n && end < FIRST_MAX && s[end] != '\n' && s[end] != '\r')
        end++;
    char *line = g_utf8_make_valid(s, (gssize)end);
    return g_strstrip(line);
}

static void on_poppler_log(const gchar *domain, GLogLevelFlags level, const gchar *msg,
                           gpointer data)
{
    (void)domain, (void)level;
    nb_pdf_quiet *q = data;
    q->lines++;
    if (!msg)
        return;
    const char *pc = strstr(msg, "Page count (");
    int count = 0, objects = 0;
    if (pc && sscanf(pc, "Page count (%d) larger than number of objects (%d)", &count,
                     &objects) == 2 && count > 0) {
        q->rejected = count;
        q->objects = objects;
    }
    if (!q->first)
        q->first = one_line(msg, strlen(msg));
}

/* Points descriptor 2 at the write end of a non-blocking pipe: a writer
 * never blocks, and what does not fit is dropped (write fails with EAGAIN). */
static void redirect_stderr(nb_pdf_quiet *q)
{
    int fds[2];
    if (pipe(fds) != 0)
        return;
    fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK);
    fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK);
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    fflush(stderr);
    q->saved_fd = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
    if (q->saved_fd < 0 || dup2(fds[1], STDERR_FILENO) < 0) {
        if (q->saved_fd >= 0)
            close(q->saved_fd);
        q->saved_fd = -1;
        close(fds[0]);
        close(fds[1]);
        return;
    }
    close(fds[1]);
    q->pipe_rd = fds[0];
    g_real_stderr = q->saved_fd;
    g_pipe_rd = fds[0];
    sanitizer_report_to(q->saved_fd);
}

nb_pdf_quiet *nb_pdf_quiet_begin(void)
{
    nb_pdf_quiet *q = g_new0(nb_pdf_quiet, 1);
    q->saved_fd = q->pipe_rd = -1;
    q->handler = g_log_set_handler("Poppler",
                                   G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO | G_LOG_LEVEL_DEBUG,
                                   on_poppler_log, q);
    redirect_stderr(q);
    return q;
}

/* Counts the lines waiting in the pipe; keeps the first if none is kept. */
static int drain(nb_pdf_quiet *q)
{
    int lines = 0;
    char buf[4096];
    gboolean partial = FALSE;
    for (;;) {
        ssize_t n = read(q->pipe_rd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        if (!q->first)
            q->first = one_line(buf, (gsize)n);
        for (ssize_t i = 0; i < n; i++)
            lines += buf[i] == '\n';
        partial = buf[n - 1] != '\n';
    }
    return lines + partial;
}

int nb_pdf_quiet_end(nb_pdf_quiet *q, char **first)
{
    if (first)
        *first = NULL;
    if (!q)
        return 0;
    g_log_remove_handler("Poppler", q->handler);
    int lines = q->lines;
    if (q->saved_fd >= 0) {
        fflush(stderr);
        dup2(q->saved_fd, STDERR_FILENO);
        g_real_stderr = STDERR_FILENO;
        g_pipe_rd = -1;
        sanitizer_report_to(STDERR_FILENO);
        close(q->saved_fd);
        clearerr(stderr); /* writes dropped by the full pipe set its error flag */
        lines += drain(q);
        close(q->pipe_rd);
    }
    if (first)
        *first = q->first;
    else
        g_free(q->first);
    g_free(q);
    return lines;
}

size_t nb_pdf_quiet_peek(char *buf, size_t cap)
{
    int fd = g_pipe_rd;
    size_t got = 0;
    while (fd >= 0 && got < cap) {
        ssize_t n = read(fd, buf + got, cap - got);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    return got;
}

int nb_pdf_quiet_rejected_count(const nb_pdf_quiet *q, int *objects)
{
    if (objects)
        *objects = q ? q->objects : 0;
    return q ? q->rejected : 0;
}
