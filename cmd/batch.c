/*
 * batch.c — `nianbao batch DIR|LIST... -o reports.db`: converts many files
 * into one SQLite database, each in an isolated worker, resumably.
 *
 * The parent only schedules and never reads an input: it hands each one to
 * the worker pool (batch_worker.h), whose worker loads and fingerprints it
 * (SHA-256) and asks the parent (admit_file) whether the database already
 * holds it before converting those same bytes; each result is written in its
 * own transaction (db.h).  Inputs come from batch_inputs.h, the progress line from
 * batch_progress.h.
 */
#include "cmd/commands.h"
#include "cmd/batch/batch_inputs.h"
#include "cmd/batch/batch_progress.h"
#include "cmd/batch/batch_worker.h"
#include "cmd/cli.h"
#include "cmd/batch/db.h"
#include "schemas/schema.h"
#include "cmd/write/record_json.h"
#include "cmd/write/version.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
    char *output;
    gint jobs;
    gboolean retry_failed, reconvert_older;
    char *shard;
    char **include, **exclude;
    gboolean nul;
    gint64 max_memory_mb;
    gboolean quiet;
    char *corrections;
    nb_cli_limits limits;
} batch_opts;

/* What the parent knows about an input while its worker runs. */
typedef struct {
    char *sha256;
    gint64 size;
    const char *kind;
    char *version;       /* tool version, + the corrections' digest when corrected */
    char *path, *relpath; /* as stored: bytes that are not UTF-8 escaped (nb_escape_bytes) */
} pending;

typedef struct {
    const batch_opts *o;
    nb_inputs *inputs;
    nb_db *db;
    nb_pool *pool;
    nb_progress *progress;
    pending *pend;       /* one per input */
    const nb_corrections_set *corrections; /* --corrections DIR, or NULL */
    guint next;          /* next input to schedule */
    guint old_failures;  /* failures of an earlier run, skipped (no --retry-failed) */
    guint elsewhere;     /* inputs claimed by another batch running on the database */
    char *owner;         /* this batch's name in the claims table */
    gboolean db_broken;  /* a write failed: stop scheduling */
} batch_run;

static volatile sig_atomic_t g_interrupted = 0;

static void on_interrupt(int sig)
{
    g_interrupted = sig;
}

/* Without SA_RESTART, so that the pool's poll() returns at once. */
static void catch_interrupts(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_interrupt;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

static const char *k_summary =
    "Converts every file below DIR (recursively), every path listed in LIST\n"
    "(one per line; '-' reads the list from stdin) and every FILE named, into\n"
    "the database DB — an SQLite file, or a PostgreSQL database named by a URI\n"
    "postgresql://… that many batches may write at once (the password goes in\n"
    "PGPASSWORD or ~/.pgpass, never in the URI): one row per document, per value, per failed check\n"
    "and per warning, with views for spreadsheets (documents_wide, fields_long,\n"
    "failures, check_failures, rule5_failures).  See docs/batch.md.\n"
    "\n"
    "A LIST is a text file whose first line names an existing file; any other\n"
    "file argument is a document to convert.\n"
    "\n"
    "Each file is converted in its own worker process under --timeout and\n"
    "--max-memory: a crash, hang or out-of-memory costs that file only, and is\n"
    "recorded with its error.  Each document is committed on its own, so an\n"
    "interrupted run keeps everything finished; rerun the same command to\n"
    "resume: files whose SHA-256 and tool version are in DB are skipped.\n"
    "\n"
    "At the end the cross-year rule (spec rule 5: carried_over of year N equals\n"
    "carried_forward of year N-1, same agency) is checked over the whole\n"
    "database and summarised on stderr.\n"
    "\n"
    "Examples:\n"
    "  nianbao batch reports/ -o reports.db\n"
    "  nianbao batch 2023/*.pdf 2024/*.html -o reports.db\n"
    "  nianbao batch reports/ -o reports.db --retry-failed -j 8\n"
    "  find /data -name '*.pdf' -print0 | nianbao batch --null - -o pdfs.db\n"
    "  nianbao batch corpus/ --include 'source.*' -o corpus.db\n"
    "  nianbao batch reports/ --shard 2/4 -o part2.db   # then: nianbao merge part*.db -o all.db\n"
    "  nianbao batch reports/ --shard 2/4 -o 'postgresql://dbhost/nianbao?user=conv'\n"
    "  sqlite3 reports.db 'SELECT path, error FROM failures'";

static const char *k_description =
    "Exit codes: 0 every file converted; 7 some files failed (each recorded in DB\n"
    "with its error, the others converted); 1 bad command line (or a password in\n"
    "the URI); 2 no input file found, or DB cannot be opened (or is lost while\n"
    "writing); 130 interrupted (rerun to resume).\n"
    "Messages and the progress line (on a terminal only) go to stderr.";

static gboolean parse_options(int *argc, char ***argv, batch_opts *o)
{
    o->jobs = (gint)g_get_num_processors();
    o->max_memory_mb = 2048;
    GOptionEntry entries[] = {
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &o->output,
         "Database to write (created if missing, resumed if present): a file or a "
         "postgresql:// URI", "DB"},
        {"jobs", 'j', 0, G_OPTION_ARG_INT, &o->jobs,
         "Convert N files at a time (default: number of cores)", "N"},
        {"retry-failed", 0, 0, G_OPTION_ARG_NONE, &o->retry_failed,
         "Convert again the files that failed in an earlier run", NULL},
        {"reconvert-older", 0, 0, G_OPTION_ARG_NONE, &o->reconvert_older,
         "Convert again the files an older version of nianbao converted", NULL},
        {"shard", 0, 0, G_OPTION_ARG_STRING, &o->shard,
         "Take only shard I of N (by hash of the path relative to DIR)", "I/N"},
        {"include", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->include,
         "Walk only files whose name matches GLOB (repeatable)", "GLOB"},
        {"exclude", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->exclude,
         "Skip files whose name matches GLOB (repeatable)", "GLOB"},
        {"null", '0', 0, G_OPTION_ARG_NONE, &o->nul,
         "LIST entries are separated by NUL bytes (find -print0)", NULL},
        {"max-memory", 0, 0, G_OPTION_ARG_INT64, &o->max_memory_mb,
         "Address space per worker in MB (default 2048, 0 = unlimited)", "MB"},
        {"quiet", 'q', 0, G_OPTION_ARG_NONE, &o->quiet,
         "No progress line, no per-file errors, no summary", NULL},
        {"corrections", 0, 0, G_OPTION_ARG_FILENAME, &o->corrections,
         "Apply the corrections files (*.json) of DIR, matched by the source's SHA-256",
         "DIR"},
        {NULL}};
    GOptionContext *ctx =
        nb_cli_context_new("DIR|LIST|FILE... - convert many files into a database", k_summary, k_description, entries);
    nb_cli_add_limit_options(ctx, &o->limits);
    GError *e = NULL;
    gboolean ok = g_option_context_parse(ctx, argc, argv, &e);
    const char *problem = e ? e->message : NULL;
    guint si, sn;
    if (ok && *argc < 2)
        problem = "expects at least one DIR or LIST";
    else if (ok && !o->output)
        problem = "expects -o DB";
    else if (ok && o->jobs < 1)
        problem = "--jobs must be at least 1";
    else if (ok && o->shard && !nb_shard_parse(o->shard, &si, &sn))
        problem = "--shard expects I/N with 1 <= I <= N";
    if (problem)
        nb_cli_error(NULL, "batch: %s (see 'nianbao batch --help')", problem);
    else if (!nb_conn_check_target(o->output, &e)) {
        nb_cli_error(NULL, "batch: %s", e->message);
        problem = "refused";
    }
    g_clear_error(&e);
    g_option_context_free(ctx);
    return problem == NULL;
}

static void free_options(batch_opts *o)
{
    g_free(o->output);
    g_free(o->shard);
    g_free(o->corrections);
    g_strfreev(o->include);
    g_strfreev(o->exclude);
}

/* Collects the inputs; FALSE when an argument is neither a directory nor a
 * readable list (reported, the others are still taken). */
static gboolean collect_inputs(const batch_opts *o, int argc, char **argv, nb_inputs *in)
{
    gboolean all_ok = TRUE;
    for (char **g = o->include; g && *g; g++)
        nb_inputs_include(in, *g);
    for (char **g = o->exclude; g && *g; g++)
        nb_inputs_exclude(in, *g);
    nb_inputs_skip_file(in, o->output);
    for (int i = 1; i < argc; i++) {
        GError *e = NULL;
        gboolean ok = TRUE;
        if (g_file_test(argv[i], G_FILE_TEST_IS_DIR))
            ok = nb_inputs_add_dir(in, argv[i], &e);
        else if (!strcmp(argv[i], "-") || nb_inputs_is_list(argv[i], o->nul))
            ok = nb_inputs_add_list(in, argv[i], o->nul, &e);
        else
            nb_inputs_add_file(in, argv[i]); /* a document named directly */
        if (!ok) {
            nb_cli_error(argv[i], "%s", e->message);
            all_ok = FALSE;
        }
        g_clear_error(&e);
    }
    nb_inputs_finish(in);
    return all_ok;
}

/* ---- one result ---------------------------------------------------------- */

static void store(batch_run *run, guint index, const nb_job_result *res)
{
    const nb_input *in = nb_inputs_get(run->inputs, index);
    pending *p = &run->pend[index];
    if (!p->path)
        p->path = nb_escape_bytes(in->path), p->relpath = nb_escape_bytes(in->relpath);
    nb_db_doc doc = {p->path, p->relpath, p->sha256 ? p->sha256 : "", p->size, p->kind,
                     p->version ? p->version : nb_version()};
    if (g_interrupted)
        return; /* an interrupted file is left unrecorded: a rerun converts it */
    GError *e = NULL;
    if (!nb_db_put(run->db, &doc, res, &e)) {
        nb_progress_message(run->progress, "nianbao: %s: cannot write %s: %s", run->o->output,
                            p->path, e->message);
        g_error_free(e);
        run->db_broken = TRUE;
        return;
    }
    const char *status = nb_db_status_of(res);
    nb_progress_done(run->progress, !strcmp(status, "ok")       ? NB_PROGRESS_CONVERTED
                                    : !strcmp(status, "skipped") ? NB_PROGRESS_NOT_REPORT
                                                                 : NB_PROGRESS_FAILED);
    if (!strcmp(status, "failed") && !run->o->quiet)
        nb_progress_message(run->progress, "nianbao: %s: %s", p->path, res->error);
}

/* A failure found by the parent itself (unreadable file, fork failed). */
static void store_failure(batch_run *run, guint index, const char *cls, const char *message)
{
    nb_job_result res = {.tag = index, .ok = FALSE};
    res.error_class = (char *)cls;
    res.error = (char *)message;
    store(run, index, &res);
}

/* ---- scheduling ---------------------------------------------------------- */

/* The version a conversion of the source `sha256` is recorded under: the
 * tool's, plus the digest of its corrections file when it has one, so that a
 * rerun with new corrections converts the file again.  New string. */
static char *conversion_version(const batch_run *run, const char *sha256)
{
    const nb_corrections *c = nb_corrections_set_find(run->corrections, sha256);
    return c ? g_strdup_printf("%s+corrections-%.16s", nb_version(), nb_corrections_digest(c))
             : g_strdup(nb_version());
}

/* Whether the database's answer for an input means it is done: converted by
 * any version (by an older one only without --reconvert-older), with the
 * same corrections as now. */
static gboolean already_done(const batch_run *run, nb_db_state st, const char *stored,
                             const char *wanted)
{
    if (st == NB_DB_ABSENT)
        return FALSE;
    const char *a = stored ? strstr(stored, "+corrections-") : NULL;
    const char *b = strstr(wanted, "+corrections-");
    if (g_strcmp0(a, b))
        return FALSE;
    if (run->o->reconvert_older && nb_version_compare(stored, nb_version()) < 0)
        return FALSE;
    return st == NB_DB_DONE_OK || !run->o->retry_failed;
}

/* A claim older than this, made on another host, is taken to be abandoned. */
static gint64 stale_claim_seconds(const batch_opts *o)
{
    return MAX((gint64)600, (gint64)(3 * o->limits.timeout));
}

/* The pool's admit callback: input `i`'s worker loaded its bytes, whose
 * fingerprint is `fp`; TRUE when this batch has to convert them: not done
 * before, and not being converted by another batch. */
static gboolean admit_file(void *data, guint i, const nb_fingerprint *fp)
{
    batch_run *run = data;
    pending *p = &run->pend[i];
    GError *e = NULL;
    if (g_interrupted || run->db_broken)
        return FALSE;
    p->sha256 = g_strdup(fp->sha256);
    p->size = fp->size;
    p->kind = fp->kind;
    p->version = conversion_version(run, p->sha256);
    char *version = NULL;
    nb_db_state st = nb_db_lookup(run->db, p->relpath, p->sha256, &version);
    gboolean done = already_done(run, st, version, p->version);
    g_free(version);
    if (done && !nb_db_update_path(run->db, p->relpath, p->sha256, p->path, &e)) {
        nb_progress_message(run->progress, "nianbao: %s: cannot write: %s", run->o->output,
                            e->message);
        g_clear_error(&e);
    }
    if (done) {
        run->old_failures += st == NB_DB_DONE_FAILED;
        nb_progress_skipped(run->progress);
        return FALSE;
    }
    gboolean mine = FALSE;
    if (!nb_db_claim(run->db, p->relpath, p->sha256, run->owner, st == NB_DB_ABSENT,
                     stale_claim_seconds(run->o), &mine, &e)) {
        nb_progress_message(run->progress, "nianbao: %s: cannot write: %s", run->o->output,
                            e->message);
        g_error_free(e);
        run->db_broken = TRUE;
        return FALSE;
    }
    if (!mine) {
        run->elsewhere += st == NB_DB_ABSENT;
        nb_progress_skipped(run->progress);
    }
    return mine;
}

/* Starts workers until the pool is full or the inputs are exhausted. */
static void fill_pool(batch_run *run)
{
    guint n = nb_inputs_len(run->inputs);
    while (!g_interrupted && !run->db_broken && run->next < n && nb_pool_has_room(run->pool)) {
        guint i = run->next++;
        const nb_input *in = nb_inputs_get(run->inputs, i);
        if (!run->pend[i].path)
            run->pend[i].path = nb_escape_bytes(in->path),
            run->pend[i].relpath = nb_escape_bytes(in->relpath);
        GError *e = NULL;
        if (nb_pool_submit(run->pool, i, nb_inputs_get(run->inputs, i)->path, &e)) {
            nb_progress_started(run->progress, i, nb_inputs_get(run->inputs, i)->path);
            continue;
        }
        if (nb_pool_running(run->pool) > 0) {
            /* out of processes for now: try again when a worker ends */
            run->next = i;
            g_error_free(e);
            return;
        }
        store_failure(run, i, "internal", e->message);
        g_error_free(e);
    }
}

static void run_all(batch_run *run)
{
    guint n = nb_inputs_len(run->inputs);
    while (!g_interrupted && !run->db_broken) {
        fill_pool(run);
        if (run->next >= n && nb_pool_running(run->pool) == 0)
            break;
        nb_job_result *res = nb_pool_wait(run->pool, 200);
        if (res) {
            nb_progress_finished(run->progress, res->tag);
            if (!res->interrupted && !res->declined)
                store(run, res->tag, res);
        } else
            nb_progress_tick(run->progress);
        nb_job_result_free(res);
    }
}

/* ---- the end of a run ---------------------------------------------------- */

static void report_summary(const batch_run *run)
{
    guint ok = nb_progress_converted(run->progress), bad = nb_progress_failed(run->progress);
    double s = nb_progress_elapsed(run->progress);
    guint not_reports = nb_progress_not_reports(run->progress);
    char *old = run->old_failures
                    ? g_strdup_printf(", %u of them failed before: --retry-failed redoes them",
                                      run->old_failures)
                    : g_strdup("");
    char *other = run->elsewhere
                      ? g_strdup_printf("; %u being converted by another batch", run->elsewhere)
                      : g_strdup("");
    /* through the meter, which clears its line first */
    nb_progress_message(run->progress,
                        "nianbao: batch: %u converted, %u failed, %u skipped as not reports, "
                        "%u already done (in %s%s%s) in %.1f s, %.1f files/s", ok, bad,
                        not_reports, nb_progress_skipped_count(run->progress) - run->elsewhere,
                        run->o->output, old, other, s, s > 0 ? (ok + bad + not_reports) / s : 0.0);
    g_free(old);
    g_free(other);
}

static int finish_run(batch_run *run)
{
    GError *e = NULL;
    if (!nb_db_refresh_views(run->db, &e)) {
        nb_cli_error(run->o->output, "cannot update the views: %s", e->message);
        g_error_free(e);
    }
    nb_progress_free(run->progress);
    run->progress = NULL;
    if (g_interrupted) {
        fprintf(stderr, "nianbao: batch: interrupted; finished files are in %s, "
                "run the same command again to resume\n", run->o->output);
        return 128 + (int)g_interrupted;
    }
    if (run->db_broken)
        return NB_EXIT_IO;
    return NB_EXIT_OK;
}

static int run_batch_db(const batch_opts *o, nb_inputs *inputs, const nb_corrections_set *corr);

static int run_batch(const batch_opts *o, nb_inputs *inputs)
{
    GError *e = NULL;
    nb_corrections_set *corr = NULL;
    if (o->corrections && !(corr = nb_corrections_set_load(o->corrections, &e))) {
        /* the message names the corrections file */
        nb_cli_error(NULL, "%s", e->message);
        g_error_free(e);
        return NB_EXIT_USAGE;
    }
    int code = run_batch_db(o, inputs, corr);
    nb_corrections_set_free(corr);
    return code;
}

static int run_batch_db(const batch_opts *o, nb_inputs *inputs, const nb_corrections_set *corr)
{
    GError *e = NULL;
    nb_db *db = nb_db_open(o->output, &e);
    if (!db) {
        nb_cli_error(o->output, "%s", e->message);
        g_error_free(e);
        return NB_EXIT_IO;
    }
    /* loaded once here so that every forked worker inherits the parsed schemas */
    (void)nb_schema_set_default();
    nb_worker_opts wo = {nb_cli_limits_get(&o->limits), o->max_memory_mb << 20, corr, admit_file,
                         NULL};
    batch_run run = {.o = o,
                     .corrections = corr,
                     .inputs = inputs,
                     .db = db,
                     .progress = nb_progress_new(nb_inputs_len(inputs), !o->quiet),
                     .pend = g_new0(pending, nb_inputs_len(inputs) + 1)};
    run.owner = nb_db_owner_name();
    wo.admit_data = &run;
    run.pool = nb_pool_new((guint)o->jobs, &wo);
    catch_interrupts();
    run_all(&run);
    nb_pool_free(run.pool); /* kills workers still running after an interrupt */
    nb_db_release_claims(db, run.owner); /* files in progress stay unrecorded */
    g_free(run.owner);
    guint failed = nb_progress_failed(run.progress) + run.old_failures;
    if (!o->quiet && !g_interrupted)
        report_summary(&run);
    int code = finish_run(&run);
    if (code == NB_EXIT_OK && !o->quiet)
        nb_db_rule5_report(db, stderr);
    if (code == NB_EXIT_OK && failed > 0)
        code = NB_EXIT_PARTIAL;
    for (guint i = 0; i < nb_inputs_len(inputs); i++) {
        g_free(run.pend[i].sha256);
        g_free(run.pend[i].version);
        g_free(run.pend[i].path);
        g_free(run.pend[i].relpath);
    }
    g_free(run.pend);
    nb_db_close(db);
    return code;
}

int nb_cmd_batch(int argc, char **argv)
{
    batch_opts o = {0};
    if (!parse_options(&argc, &argv, &o)) {
        free_options(&o);
        return NB_EXIT_USAGE;
    }
    nb_inputs *inputs = nb_inputs_new();
    gboolean args_ok = collect_inputs(&o, argc, argv, inputs);
    guint found = nb_inputs_len(inputs);
    guint si = 0, sn = 0;
    if (o.shard && nb_shard_parse(o.shard, &si, &sn))
        nb_inputs_keep_shard(inputs, si, sn);
    int code;
    if (found == 0) {
        nb_cli_error(NULL, "batch: no input file found%s", args_ok ? "" : " (see above)");
        code = NB_EXIT_IO;
    } else {
        code = run_batch(&o, inputs);
        if (code == NB_EXIT_OK && !args_ok)
            code = NB_EXIT_PARTIAL;
    }
    nb_inputs_free(inputs);
    free_options(&o);
    return code;
}
