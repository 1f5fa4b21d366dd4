/* batch_worker.c — see batch_worker.h. */
#include "cmd/batch/batch_worker.h"
#include "cmd/driver/guard.h"
#include "cmd/driver/pipeline.h"
#include "cmd/exitcodes.h"
#include "cmd/write/record_json.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

/* The worker gets this long past --timeout to fail by itself (the readers poll
 * the deadline and report a clean "limit" error) before it is killed. */
#define NB_KILL_GRACE_S 1.0
/* Last bytes of a worker's stderr kept for the error message. */
#define NB_STDERR_TAIL 4096

typedef struct {
    pid_t pid;          /* 0 = free slot */
    guint tag;
    int out_fd, err_fd; /* -1 once at end of file */
    GString *out, *err;
    gint64 started_us, deadline_us; /* deadline 0 = none */
    gboolean killed;    /* we killed it for its deadline */
    gboolean reaped;
    int status;
    gboolean awaiting;  /* its fingerprint line has not been answered yet */
    gboolean declined;  /* the admit callback said no */
    char *sha256;       /* the fingerprint it announced, or NULL */
    gint64 size;
    const char *kind;
} nb_slot;

struct nb_pool {
    nb_slot *slots;
    guint n;
    nb_worker_opts opts;
    struct pollfd *fds; /* 2 per slot: result pipe and stderr */
    nb_slot **owner;    /* the slot of each fds entry */
};

void nb_job_result_free(nb_job_result *r)
{
    if (!r)
        return;
    json_decref(r->record);
    g_free(r->format);
    g_free(r->error_class);
    g_free(r->error);
    g_free(r->sha256);
    g_free(r);
}

/* ---- the child's side ---------------------------------------------------- */

static const char *class_name(nb_errclass c)
{
    switch (c) {
    case NB_ERR_IO: return "io";
    case NB_ERR_FORMAT: return "format";
    case NB_ERR_NOT_REPORT: return "not_report";
    case NB_ERR_LIMIT: return "limit";
    case NB_ERR_UNSUPPORTED: return "unsupported";
    case NB_ERR_USAGE: return "corrections";
    default: return "internal";
    }
}

/* The wire message for a failure. */
static json_t *failure_message(const nb_error *err)
{
    return json_pack("{s:b,s:s,s:s}", "ok", 0, "class", class_name(err->cls), "message",
                     err->message ? err->message : "conversion failed without a message");
}

/* Converts bytes already loaded, whose SHA-256 is `sha` (may be NULL when no
 * corrections are to be found), into the wire message. */
static json_t *convert_loaded(const char *path, const guchar *data, gsize len, const char *sha,
                              const nb_limits *limits, const nb_corrections_set *corrections)
{
    nb_error err = {NB_ERR_NONE, NULL};
    nb_doc *doc = nb_pipeline_read_loaded(path, data, len, limits, &err);
    /* the corrections for the bytes read, not for a second reading */
    const nb_corrections *corr = nb_corrections_set_find(corrections, sha);
    nb_record *rec = doc ? nb_pipeline_record_corrected(doc, corr, &err) : NULL;
    if (rec && nb_pipeline_over_time(limits, &err)) {
        nb_record_free(rec);
        rec = NULL;
    }
    json_t *msg;
    if (rec)
        msg = json_pack("{s:b,s:s,s:i,s:o}", "ok", 1, "format", doc->format ? doc->format : "unknown",
                        "pages", doc->pages, "record", nb_record_to_json(rec, TRUE));
    else
        msg = failure_message(&err);
    nb_record_free(rec);
    nb_doc_free(doc);
    nb_error_clear(&err);
    return msg;
}

json_t *nb_worker_convert(const char *path, const nb_limits *limits,
                          const nb_corrections_set *corrections)
{
    guchar *data = NULL;
    gsize len = 0;
    nb_error err;
    if (!nb_load_input(path, limits, &data, &len, &err)) {
        json_t *msg = failure_message(&err);
        nb_error_clear(&err);
        return msg;
    }
    char *sha = nb_corrections_set_size(corrections)
                    ? g_compute_checksum_for_data(G_CHECKSUM_SHA256, data, len)
                    : NULL;
    json_t *msg = convert_loaded(path, data, len, sha, limits, corrections);
    g_free(sha);
    g_free(data);
    return msg;
}

static void apply_rlimits(const nb_worker_opts *o)
{
    /* a crash is recorded in the database; a core file per crashing input
     * would fill the disk and dumping a large one can outlast --timeout */
    struct rlimit core = {0, 0};
    setrlimit(RLIMIT_CORE, &core);
    if (o->limits.timeout_s > 0) {
        /* CPU seconds can only run behind the wall clock, so this fires only
         * when the kill from the parent could not be delivered in time */
        rlim_t cpu = (rlim_t)ceil(o->limits.timeout_s + NB_KILL_GRACE_S);
        struct rlimit r = {cpu, cpu + 1};
        setrlimit(RLIMIT_CPU, &r);
    }
}

static gboolean hook_matches(const char *var, const char *path)
{
    const char *v = g_getenv(var);
    return v && *v && strstr(path, v);
}

/* Test-only behaviours selected by environment variables holding a substring
 * of the path: they let the tests produce a hang, a crash and an
 * out-of-memory on demand, which no well-formed input does reliably. */
static void run_test_hooks(const char *path)
{
    if (hook_matches("NB_BATCH_TEST_HANG", path))
        for (;;)
            pause();
    if (hook_matches("NB_BATCH_TEST_CRASH", path))
        abort();
    if (hook_matches("NB_BATCH_TEST_HOG", path)) {
        /* address space is what RLIMIT_AS counts, so the pages need not be
         * touched; without a limit the hook must not eat the machine */
        struct rlimit as;
        if (getrlimit(RLIMIT_AS, &as) != 0 || as.rlim_cur == RLIM_INFINITY)
            abort();
        for (GSList *l = NULL;;)
            l = g_slist_prepend(l, g_malloc(64u << 20)); /* aborts: "failed to allocate" */
    }
}

static void write_all(int fd, const char *s, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, s, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            _exit(NB_EXIT_INTERNAL);
        s += w, n -= (size_t)w;
    }
}

/* Announces the loaded bytes to the parent and waits for its answer: TRUE
 * when they are to be converted.  The parent's death ends the wait (it
 * closes the socket, and PR_SET_PDEATHSIG kills us anyway). */
static gboolean ask_parent(int fd, const char *sha, gsize len, const guchar *data)
{
    char *line = g_strdup_printf("fp %s %" G_GSIZE_FORMAT " %s\n", sha, len,
                                 nb_kind_name(nb_sniff(data, len)));
    write_all(fd, line, strlen(line));
    g_free(line);
    char answer = 0;
    ssize_t n;
    while ((n = read(fd, &answer, 1)) < 0 && errno == EINTR)
        ;
    return n == 1 && answer == 'y';
}

/* Loads the file (once: the parent never reads it), has the parent admit its
 * fingerprint, converts it: the wire message, or NULL when the parent said
 * no. */
static json_t *worker_run(const char *path, const nb_worker_opts *o, int fd)
{
    nb_limits lim = o->limits;
    lim.started_us = g_get_monotonic_time();
    lim.verbose_progress = 0;
    guchar *data = NULL;
    gsize len = 0;
    nb_error err;
    if (!nb_load_input(path, &lim, &data, &len, &err)) {
        json_t *msg = failure_message(&err);
        nb_error_clear(&err);
        return msg;
    }
    char *sha = g_compute_checksum_for_data(G_CHECKSUM_SHA256, data, len);
    gint64 asked = g_get_monotonic_time();
    json_t *msg = NULL;
    if (ask_parent(fd, sha, len, data)) {
        /* the parent's database lookup is not this file's time */
        lim.started_us += g_get_monotonic_time() - asked;
        run_test_hooks(path);
        msg = convert_loaded(path, data, len, sha, &lim, o->corrections);
    }
    g_free(sha);
    g_free(data);
    return msg;
}

static G_GNUC_NORETURN void child_main(const char *path, const nb_worker_opts *o, pid_t parent,
                                       int out_fd, int err_fd)
{
    /* Ctrl-C and SIGTERM reach the whole process group: the batch answers
     * them (it kills its workers and records nothing of theirs); a worker
     * dying of them first would look like a crash */
    signal(SIGINT, SIG_IGN);
    signal(SIGTERM, SIG_IGN);
    signal(SIGPIPE, SIG_DFL);
    signal(SIGALRM, SIG_DFL);
#ifdef __linux__
    /* a worker must not outlive a killed batch */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
    if (getppid() != parent)
        _exit(NB_EXIT_INTERNAL);
    int devnull = open("/dev/null", O_RDWR);
    if (devnull >= 0) {
        dup2(devnull, STDIN_FILENO);
        dup2(devnull, STDOUT_FILENO); /* stray printf output must not reach the batch's stdout */
        close(devnull);
    }
    dup2(err_fd, STDERR_FILENO);
    close(err_fd);
    apply_rlimits(o);
    /* RLIMIT_AS, and an out-of-memory abort or a stack overflow turned into
     * one line and exit 5 / 3 (explain_death reads them) */
    nb_guard_begin(path, o->max_memory);
    json_t *msg = worker_run(path, o, out_fd);
    if (!msg)
        _exit(0); /* declined: the parent expects nothing */
    char *text = json_dumps(msg, JSON_COMPACT | JSON_REAL_PRECISION(17));
    if (text)
        write_all(out_fd, text, strlen(text));
    /* freed although _exit follows: under valgrind a leak changes the exit status */
    gboolean written = text != NULL;
    free(text);
    json_decref(msg);
    _exit(written ? 0 : NB_EXIT_INTERNAL);
}

/* ---- the parent's side --------------------------------------------------- */

nb_pool *nb_pool_new(guint jobs, const nb_worker_opts *opts)
{
    nb_pool *p = g_new0(nb_pool, 1);
    p->n = jobs ? jobs : 1;
    p->slots = g_new0(nb_slot, p->n);
    p->opts = *opts;
    p->fds = g_new0(struct pollfd, 2 * p->n);
    p->owner = g_new0(nb_slot *, 2 * p->n);
    return p;
}

const nb_worker_opts *nb_pool_opts(const nb_pool *p)
{
    return &p->opts;
}

static void slot_close(nb_slot *s)
{
    if (s->out_fd >= 0)
        close(s->out_fd);
    if (s->err_fd >= 0)
        close(s->err_fd);
    s->out_fd = s->err_fd = -1;
}

static void slot_clear(nb_slot *s)
{
    slot_close(s);
    g_free(s->sha256);
    if (s->out)
        g_string_free(s->out, TRUE);
    if (s->err)
        g_string_free(s->err, TRUE);
    memset(s, 0, sizeof *s);
}

void nb_pool_free(nb_pool *p)
{
    if (!p)
        return;
    for (guint i = 0; i < p->n; i++) {
        nb_slot *s = &p->slots[i];
        if (s->pid > 0 && !s->reaped) {
            kill(s->pid, SIGKILL);
            waitpid(s->pid, NULL, 0);
        }
        slot_clear(s);
    }
    g_free(p->slots);
    g_free(p->fds);
    g_free(p->owner);
    g_free(p);
}

guint nb_pool_running(const nb_pool *p)
{
    guint n = 0;
    for (guint i = 0; i < p->n; i++)
        n += p->slots[i].pid > 0;
    return n;
}

gboolean nb_pool_has_room(const nb_pool *p)
{
    return nb_pool_running(p) < p->n;
}

static gboolean make_pipe(int fds[2], GError **error)
{
    if (pipe2(fds, O_CLOEXEC) == 0)
        return TRUE;
    g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno), "pipe: %s",
                g_strerror(errno));
    return FALSE;
}

gboolean nb_pool_submit(nb_pool *p, guint tag, const char *path, GError **error)
{
    nb_slot *s = NULL;
    for (guint i = 0; i < p->n && !s; i++)
        if (p->slots[i].pid == 0)
            s = &p->slots[i];
    if (!s) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_AGAIN, "no free worker slot");
        return FALSE;
    }
    /* a socket pair, not a pipe: the parent answers the fingerprint on it */
    int out[2], err[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, out) != 0) {
        g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno), "socketpair: %s",
                    g_strerror(errno));
        return FALSE;
    }
    if (!make_pipe(err, error)) {
        close(out[0]), close(out[1]);
        return FALSE;
    }
    fflush(NULL); /* nothing buffered may be written twice */
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(out[0]), close(out[1]), close(err[0]), close(err[1]);
        g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e), "fork: %s", g_strerror(e));
        return FALSE;
    }
    if (pid == 0) {
        /* O_CLOEXEC does not close across fork: drop the parent's ends here */
        close(out[0]), close(err[0]);
        child_main(path, &p->opts, parent, out[1], err[1]);
    }
    close(out[1]), close(err[1]);
    fcntl(out[0], F_SETFL, O_NONBLOCK);
    fcntl(err[0], F_SETFL, O_NONBLOCK);
    s->pid = pid;
    s->tag = tag;
    s->out_fd = out[0];
    s->err_fd = err[0];
    s->out = g_string_new(NULL);
    s->err = g_string_new(NULL);
    s->awaiting = TRUE;
    s->kind = "unknown";
    s->started_us = g_get_monotonic_time();
    double t = p->opts.limits.timeout_s;
    s->deadline_us = t > 0 ? s->started_us + (gint64)((t + NB_KILL_GRACE_S) * 1e6) : 0;
    return TRUE;
}

/* Reads what is available on `*fd` into `buf`; closes it at end of file. */
static void drain(int *fd, GString *buf, gboolean tail_only)
{
    char chunk[65536];
    while (*fd >= 0) {
        ssize_t n = read(*fd, chunk, sizeof chunk);
        if (n > 0) {
            g_string_append_len(buf, chunk, n);
            if (tail_only && buf->len > 2 * NB_STDERR_TAIL)
                g_string_erase(buf, 0, (gssize)(buf->len - NB_STDERR_TAIL));
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
            close(*fd);
            *fd = -1;
        }
        return;
    }
}

/* The static name nb_kind_name gives for `name`, or "unknown". */
static const char *kind_named(const char *name)
{
    for (int k = 0; strcmp(nb_kind_name((nb_kind)k), "unknown"); k++)
        if (!strcmp(nb_kind_name((nb_kind)k), name))
            return nb_kind_name((nb_kind)k);
    return "unknown";
}

/* Takes the fingerprint line "fp SHA SIZE KIND" off the front of the
 * worker's output into the slot; FALSE when the line is malformed. */
static gboolean take_fingerprint(nb_slot *s, gsize line_len)
{
    char *line = g_strndup(s->out->str, line_len);
    g_string_erase(s->out, 0, (gssize)line_len + 1);
    char **w = g_strsplit(line, " ", 5);
    gboolean ok = g_strv_length(w) == 4 && strlen(w[1]) == 64;
    if (ok) {
        s->sha256 = g_strdup(w[1]);
        s->size = g_ascii_strtoll(w[2], NULL, 10);
        s->kind = kind_named(w[3]);
    }
    g_strfreev(w);
    g_free(line);
    return ok;
}

/* Answers a worker's fingerprint once its line is complete: asks the admit
 * callback, then tells the worker to go on or stop.  A worker whose output
 * starts otherwise could not load its file and sends its failure instead.
 * The time the callback takes moves the worker's deadline. */
static void answer_fingerprint(nb_pool *p, nb_slot *s)
{
    if (!s->awaiting || s->out->len == 0)
        return;
    const char *nl = memchr(s->out->str, '\n', s->out->len);
    if (strncmp(s->out->str, "fp ", MIN(s->out->len, 3)) != 0) {
        s->awaiting = FALSE;
        return;
    }
    if (!nl)
        return;
    s->awaiting = FALSE;
    gboolean go = FALSE;
    /* a malformed line stops the worker, which then sends no result: an
     * internal failure, never a guess */
    if (take_fingerprint(s, (gsize)(nl - s->out->str))) {
        gint64 asked = g_get_monotonic_time();
        nb_fingerprint fp = {s->sha256, s->size, s->kind};
        go = !p->opts.admit || p->opts.admit(p->opts.admit_data, s->tag, &fp);
        s->declined = !go;
        if (s->deadline_us)
            s->deadline_us += g_get_monotonic_time() - asked;
    }
    if (s->out_fd >= 0)
        send(s->out_fd, go ? "y" : "n", 1, MSG_NOSIGNAL);
}

static void drain_slot(nb_pool *p, nb_slot *s)
{
    drain(&s->out_fd, s->out, FALSE);
    drain(&s->err_fd, s->err, TRUE);
    answer_fingerprint(p, s);
}

/* The last non-empty line the worker wrote on stderr, or "". */
static char *last_words(const GString *err)
{
    char **lines = g_strsplit(err->str, "\n", -1);
    const char *last = "";
    for (int i = 0; lines[i]; i++)
        if (*g_strstrip(lines[i]))
            last = lines[i];
    char *s = g_utf8_make_valid(last, -1);
    if (g_utf8_strlen(s, -1) > 200) {
        char *cut = g_utf8_substring(s, 0, 200);
        g_free(s);
        s = cut;
    }
    g_strfreev(lines);
    return s;
}

static gboolean mentions_memory(const GString *err)
{
    return strstr(err->str, "alloc") || strstr(err->str, "memory") || strstr(err->str, "bad_alloc");
}

static void fail(nb_job_result *r, const char *cls, char *message)
{
    r->ok = FALSE;
    r->error_class = g_strdup(cls);
    r->error = message;
}

/* Reads the worker's message: either a record or the reader's error. */
static void take_message(const nb_slot *s, nb_job_result *r)
{
    json_error_t je;
    json_t *msg = json_loadb(s->out->str, s->out->len, 0, &je);
    json_t *record = json_object_get(msg, "record");
    if (json_is_true(json_object_get(msg, "ok")) && json_is_object(record)) {
        r->ok = TRUE;
        r->record = json_incref(record);
        r->format = g_strdup(json_string_value(json_object_get(msg, "format")));
    } else if (json_is_false(json_object_get(msg, "ok"))) {
        const char *cls = json_string_value(json_object_get(msg, "class"));
        const char *m = json_string_value(json_object_get(msg, "message"));
        fail(r, cls ? cls : "internal", g_strdup(m ? m : "conversion failed"));
    } else {
        fail(r, "internal", g_strdup_printf("the worker sent no valid result (%s)", je.text));
    }
    json_decref(msg);
}

static void explain_death(const nb_pool *p, const nb_slot *s, nb_job_result *r)
{
    char *words = last_words(s->err);
    const char *sep = *words ? ": " : "";
    if (!s->killed && WIFSIGNALED(s->status) &&
        (WTERMSIG(s->status) == SIGINT || WTERMSIG(s->status) == SIGTERM ||
         WTERMSIG(s->status) == SIGHUP)) {
        r->interrupted = TRUE;
        fail(r, "interrupted", g_strdup_printf("worker stopped by signal %d (%s)",
                                               WTERMSIG(s->status),
                                               g_strsignal(WTERMSIG(s->status))));
    } else if (s->killed) {
        fail(r, "timeout", g_strdup_printf("gave up after %.0f s (--timeout), worker killed",
                                           p->opts.limits.timeout_s));
    } else if (WIFSIGNALED(s->status) && WTERMSIG(s->status) == SIGXCPU) {
        fail(r, "timeout", g_strdup_printf("CPU time limit reached (--timeout %.0f s)",
                                           p->opts.limits.timeout_s));
    } else if (WIFSIGNALED(s->status) && mentions_memory(s->err)) {
        fail(r, "memory", g_strdup_printf("out of memory (--max-memory %" G_GINT64_FORMAT " MB)%s%s",
                                          p->opts.max_memory >> 20, sep, words));
    } else if (WIFSIGNALED(s->status) && WTERMSIG(s->status) == SIGKILL) {
        fail(r, "memory", g_strdup_printf("worker killed by SIGKILL from outside (the system's "
                                          "out-of-memory killer?)%s%s", sep, words));
    } else if (WIFEXITED(s->status) && WEXITSTATUS(s->status) == NB_GUARD_EXIT_MEMORY &&
               mentions_memory(s->err)) {
        /* the guard's line: an allocation failed under --max-memory */
        fail(r, "memory", g_strdup_printf("out of memory (--max-memory %" G_GINT64_FORMAT " MB)",
                                          p->opts.max_memory >> 20));
    } else if (WIFEXITED(s->status) && WEXITSTATUS(s->status) == NB_GUARD_EXIT_STACK) {
        /* the guard's line: a stack overflow in the renderer */
        const char *what = strstr(words, ": corrupt input");
        fail(r, "format", g_strdup(what ? what + 2 : *words ? words : "corrupt input"));
    } else if (WIFSIGNALED(s->status)) {
        fail(r, "crash", g_strdup_printf("worker crashed: signal %d (%s)%s%s", WTERMSIG(s->status),
                                         g_strsignal(WTERMSIG(s->status)), sep, words));
    } else {
        fail(r, "crash", g_strdup_printf("worker exited with status %d%s%s",
                                         WEXITSTATUS(s->status), sep, words));
    }
    g_free(words);
}

static nb_job_result *finish(nb_pool *p, nb_slot *s)
{
    if (!s->reaped) {
        while (waitpid(s->pid, &s->status, 0) < 0 && errno == EINTR)
            ;
        s->reaped = TRUE;
    }
    drain_slot(p, s);
    nb_job_result *r = g_new0(nb_job_result, 1);
    r->tag = s->tag;
    r->seconds = (double)(g_get_monotonic_time() - s->started_us) / 1e6;
    r->sha256 = g_steal_pointer(&s->sha256);
    r->size = s->size;
    r->kind = s->kind;
    if (s->declined)
        r->declined = TRUE; /* nothing to report, whatever its end */
    else if (!s->killed && WIFEXITED(s->status) && WEXITSTATUS(s->status) == 0)
        take_message(s, r);
    else
        explain_death(p, s, r);
    slot_clear(s);
    return r;
}

static void kill_overdue(nb_pool *p, gint64 now)
{
    for (guint i = 0; i < p->n; i++) {
        nb_slot *s = &p->slots[i];
        if (s->pid > 0 && !s->killed && !s->reaped && s->deadline_us && now >= s->deadline_us) {
            kill(s->pid, SIGKILL);
            s->killed = TRUE;
        }
    }
}

/* A slot is done once its pipes are at end of file (it wrote everything and
 * exited), or once it is reaped (a helper it spawned may hold the pipes). */
static nb_slot *done_slot(nb_pool *p)
{
    for (guint i = 0; i < p->n; i++) {
        nb_slot *s = &p->slots[i];
        if (s->pid <= 0)
            continue;
        if (!s->reaped && waitpid(s->pid, &s->status, WNOHANG) == s->pid)
            s->reaped = TRUE;
        if ((s->out_fd < 0 && s->err_fd < 0) || s->reaped)
            return s;
    }
    return NULL;
}

static int poll_timeout(const nb_pool *p, gint64 now, gint64 until)
{
    gint64 wake = until;
    for (guint i = 0; i < p->n; i++) {
        const nb_slot *s = &p->slots[i];
        if (s->pid > 0 && s->deadline_us && !s->killed && (wake < 0 || s->deadline_us < wake))
            wake = s->deadline_us;
    }
    /* reaping is also checked by polling, so never sleep long */
    gint64 ms = wake < 0 ? 200 : (wake - now + 999) / 1000;
    return (int)CLAMP(ms, 0, 200);
}

nb_job_result *nb_pool_wait(nb_pool *p, int timeout_ms)
{
    gint64 until = timeout_ms < 0 ? -1 : g_get_monotonic_time() + (gint64)timeout_ms * 1000;
    for (;;) {
        if (nb_pool_running(p) == 0)
            return NULL;
        gint64 now = g_get_monotonic_time();
        kill_overdue(p, now);
        nb_slot *done = done_slot(p);
        if (done)
            return finish(p, done);
        if (until >= 0 && now >= until)
            return NULL;
        struct pollfd *fds = p->fds;
        nb_slot **owner = p->owner;
        nfds_t n = 0;
        for (guint i = 0; i < p->n; i++) {
            nb_slot *s = &p->slots[i];
            if (s->pid <= 0)
                continue;
            if (s->out_fd >= 0)
                owner[n] = s, fds[n++] = (struct pollfd){s->out_fd, POLLIN, 0};
            if (s->err_fd >= 0)
                owner[n] = s, fds[n++] = (struct pollfd){s->err_fd, POLLIN, 0};
        }
        int rc = poll(fds, n, poll_timeout(p, now, until));
        if (rc < 0 && errno == EINTR)
            return NULL;
        for (nfds_t i = 0; rc > 0 && i < n; i++)
            if (fds[i].revents)
                drain_slot(p, owner[i]);
    }
}
