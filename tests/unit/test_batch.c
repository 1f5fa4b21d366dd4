/* test_batch.c — the batch modules: inputs and shards, the worker pool, the
 * database (writes, resume lookup, rule 5, merge) and the eval scorer. */
#include "cmd/batch/batch_inputs.h"
#include "cmd/batch/batch_score.h"
#include "cmd/batch/batch_worker.h"
#include "cmd/batch/db.h"

#include <glib/gstdio.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

static char *tmpdir(void)
{
    char *d = g_dir_make_tmp("nb-test-batch-XXXXXX", NULL);
    assert_non_null(d);
    return d;
}

static void rm_rf(const char *path)
{
    GDir *d = g_dir_open(path, 0, NULL);
    if (d) {
        const char *n;
        while ((n = g_dir_read_name(d))) {
            char *p = g_build_filename(path, n, NULL);
            if (g_file_test(p, G_FILE_TEST_IS_DIR) && !g_file_test(p, G_FILE_TEST_IS_SYMLINK))
                rm_rf(p);
            else
                g_unlink(p);
            g_free(p);
        }
        g_dir_close(d);
    }
    g_rmdir(path);
}

static void write_file(const char *dir, const char *name, const char *text, gssize len)
{
    char *p = g_build_filename(dir, name, NULL);
    assert_true(g_file_set_contents(p, text, len, NULL));
    g_free(p);
}

/* ---- inputs and shards --------------------------------------------------- */

static void test_shard_parse(void **state)
{
    (void)state;
    guint i = 9, n = 9;
    assert_true(nb_shard_parse("2/3", &i, &n));
    assert_int_equal(i, 2);
    assert_int_equal(n, 3);
    const char *bad[] = {"0/3", "4/3", "a/b", "1/", "/3", "1/3x", "1-3", "", "-1/3"};
    for (guint k = 0; k < G_N_ELEMENTS(bad); k++) {
        i = n = 9;
        assert_false(nb_shard_parse(bad[k], &i, &n));
        assert_int_equal(i, 0);
        assert_int_equal(n, 0);
    }
    assert_false(nb_shard_parse(NULL, &i, &n));
}

static void test_shard_of(void **state)
{
    (void)state;
    /* known answers from Python: int.from_bytes(sha256(p).digest()[:8], 'big') % n + 1 */
    assert_int_equal(nb_shard_of("x/001.txt", 3), 3);
    assert_int_equal(nb_shard_of("x/002.txt", 3), 1);
    assert_int_equal(nb_shard_of("报告/2024.pdf", 5), 3);
    assert_int_equal(nb_shard_of("a", 1000003), 441831);
    int count[4] = {0};
    for (int k = 0; k < 300; k++) {
        char *p = g_strdup_printf("dir/%03d.pdf", k);
        guint s = nb_shard_of(p, 3);
        assert_in_range(s, 1, 3);
        count[s]++;
        g_free(p);
    }
    for (int s = 1; s <= 3; s++)
        assert_in_range(count[s], 60, 140);
}

static void test_list_taken_as_given(void **state)
{
    (void)state;
    char *d = tmpdir();
    write_file(d, "list", "a.txt\r\n  spaced name.pdf\n\n/abs/x;rm -rf y\n$HOME/z", -1);
    write_file(d, "list0", "one\0two words\0\0three", 20);
    nb_inputs *in = nb_inputs_new();
    char *list = g_build_filename(d, "list", NULL), *list0 = g_build_filename(d, "list0", NULL);
    assert_true(nb_inputs_add_list(in, list, FALSE, NULL));
    assert_int_equal(nb_inputs_len(in), 4);
    assert_string_equal(nb_inputs_get(in, 0)->path, "a.txt");
    assert_string_equal(nb_inputs_get(in, 1)->path, "  spaced name.pdf");
    assert_string_equal(nb_inputs_get(in, 2)->path, "/abs/x;rm -rf y");
    assert_string_equal(nb_inputs_get(in, 3)->path, "$HOME/z");
    assert_string_equal(nb_inputs_get(in, 3)->relpath, "$HOME/z");
    /* the identity path: relative to the current directory, '.' and '..' resolved */
    assert_string_equal(nb_inputs_get(in, 2)->relpath, "/abs/x;rm -rf y");
    nb_inputs *named = nb_inputs_new();
    char *cwd = g_get_current_dir();
    char *abs = g_build_filename(cwd, "sub", "..", "r.pdf", NULL);
    nb_inputs_add_file(named, "./r.pdf");
    nb_inputs_add_file(named, abs);
    assert_string_equal(nb_inputs_get(named, 0)->relpath, "r.pdf");
    assert_string_equal(nb_inputs_get(named, 1)->relpath, "r.pdf");
    nb_inputs_free(named);
    g_free(cwd), g_free(abs);
    assert_true(nb_inputs_add_list(in, list0, TRUE, NULL));
    assert_int_equal(nb_inputs_len(in), 7);
    assert_string_equal(nb_inputs_get(in, 5)->path, "two words");
    GError *e = NULL;
    assert_false(nb_inputs_add_list(in, "/nonexistent/list", FALSE, &e));
    assert_non_null(e);
    g_error_free(e);
    nb_inputs_free(in);
    g_free(list), g_free(list0);
    rm_rf(d);
    g_free(d);
}

static void test_list_or_document(void **state)
{
    (void)state;
    char *d = tmpdir();
    char *doc = g_build_filename(d, "report.txt", NULL);
    write_file(d, "report.txt", "某市2024年政府信息公开工作年度报告\n一、总体情况\n", -1);
    char *listed = g_strconcat(doc, "\nmissing.txt\n", NULL);
    write_file(d, "list", listed, -1);
    write_file(d, "stale", "gone/1.pdf\ngone/2.pdf\n", -1);
    write_file(d, "empty", "", 0);
    write_file(d, "pdf", "%PDF-1.7\n", -1);
    const char *names[] = {"list", "stale", "empty", "pdf", "report.txt"};
    const gboolean want[] = {TRUE, FALSE, TRUE, FALSE, FALSE};
    for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
        char *p = g_build_filename(d, names[i], NULL);
        assert_int_equal(nb_inputs_is_list(p, FALSE), want[i]);
        g_free(p);
    }
    g_free(listed), g_free(doc);
    rm_rf(d);
    g_free(d);
}

static void test_walk(void **state)
{
    (void)state;
    char *d = tmpdir();
    char *sub = g_build_filename(d, "sub", NULL), *hid = g_build_filename(d, ".git", NULL);
    g_mkdir(sub, 0700);
    g_mkdir(hid, 0700);
    write_file(d, "b.pdf", "%PDF", -1);
    write_file(d, "a.txt", "x", -1);
    write_file(d, "skip.log", "x", -1);
    write_file(d, ".hidden", "x", -1);
    write_file(d, "out.db", "x", -1);
    write_file(sub, "c.html", "<html>", -1);
    write_file(hid, "d.txt", "x", -1);
    char *loop = g_build_filename(sub, "loop", NULL);
    assert_int_equal(symlink(d, loop), 0); /* a link to a directory is not followed */
    nb_inputs *in = nb_inputs_new();
    nb_inputs_exclude(in, "*.log");
    char *db = g_build_filename(d, "out.db", NULL);
    nb_inputs_skip_file(in, db);
    assert_true(nb_inputs_add_dir(in, d, NULL));
    nb_inputs_finish(in);
    assert_int_equal(nb_inputs_len(in), 3);
    assert_string_equal(nb_inputs_get(in, 0)->relpath, "a.txt");
    assert_string_equal(nb_inputs_get(in, 1)->relpath, "b.pdf");
    assert_string_equal(nb_inputs_get(in, 2)->relpath, "sub/c.html");
    char *want = g_build_filename(d, "sub", "c.html", NULL);
    assert_string_equal(nb_inputs_get(in, 2)->path, want);
    nb_inputs_keep_shard(in, 1, 1);
    assert_int_equal(nb_inputs_len(in), 3);
    nb_inputs_free(in);
    in = nb_inputs_new();
    nb_inputs_include(in, "*.html");
    assert_true(nb_inputs_add_dir(in, d, NULL));
    assert_int_equal(nb_inputs_len(in), 1);
    nb_inputs_free(in);
    g_free(want), g_free(db), g_free(loop), g_free(sub), g_free(hid);
    rm_rf(d);
    g_free(d);
}

static void test_sha256(void **state)
{
    (void)state;
    char *d = tmpdir();
    write_file(d, "abc", "abc", -1);
    write_file(d, "empty", "", 0);
    char *p = g_build_filename(d, "abc", NULL), *e = g_build_filename(d, "empty", NULL);
    gint64 size = -1;
    const char *kind = NULL;
    char *h = nb_file_sha256(p, &size, &kind, NULL);
    assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_int_equal(size, 3);
    assert_string_equal(kind, "text");
    g_free(h);
    h = nb_file_sha256(e, &size, &kind, NULL);
    assert_string_equal(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assert_int_equal(size, 0);
    assert_string_equal(kind, "empty");
    g_free(h);
    GError *err = NULL;
    assert_null(nb_file_sha256("/nonexistent/file", &size, &kind, &err));
    assert_int_equal(size, 0);
    assert_non_null(err);
    g_error_free(err);
    g_free(p), g_free(e);
    rm_rf(d);
    g_free(d);
}

/* ---- the worker pool ----------------------------------------------------- */

/* Runs `path` through a pool of two slots under `o` and returns its result. */
static nb_job_result *run_pooled(const nb_worker_opts *o, const char *path)
{
    nb_pool *p = nb_pool_new(2, o);
    assert_true(nb_pool_submit(p, 41, path, NULL));
    assert_int_equal(nb_pool_running(p), 1);
    nb_job_result *r = NULL;
    while (!r)
        r = nb_pool_wait(p, -1);
    assert_int_equal(r->tag, 41);
    assert_int_equal(nb_pool_running(p), 0);
    nb_pool_free(p);
    return r;
}

static nb_job_result *run_one(const char *path, double timeout)
{
    nb_worker_opts o = {nb_limits_default(), 0, NULL, NULL, NULL};
    o.limits.timeout_s = timeout;
    return run_pooled(&o, path);
}

static void test_pool_failures(void **state)
{
    (void)state;
    char *d = tmpdir();
    write_file(d, "crash-me.txt", "x", -1);
    write_file(d, "hang-me.txt", "x", -1);
    write_file(d, "blob", "\x01\x02\x00\xff\xfe\x00\x00\x10", 8);
    char *crash = g_build_filename(d, "crash-me.txt", NULL);
    char *hang = g_build_filename(d, "hang-me.txt", NULL);
    char *blob = g_build_filename(d, "blob", NULL);
    nb_job_result *r = run_one("/nonexistent/report.pdf", 0);
    assert_false(r->ok);
    assert_string_equal(r->error_class, "io");
    assert_null(r->record);
    nb_job_result_free(r);
    r = run_one(blob, 0);
    assert_string_equal(r->error_class, "format");
    nb_job_result_free(r);
    g_setenv("NB_BATCH_TEST_CRASH", "crash-me", TRUE);
    g_setenv("NB_BATCH_TEST_HANG", "hang-me", TRUE);
    r = run_one(crash, 0);
    assert_string_equal(r->error_class, "crash");
    assert_non_null(strstr(r->error, "signal 6"));
    nb_job_result_free(r);
    r = run_one(hang, 0.2);
    assert_string_equal(r->error_class, "timeout");
    assert_true(r->seconds >= 0.2);
    nb_job_result_free(r);
    g_unsetenv("NB_BATCH_TEST_CRASH");
    g_unsetenv("NB_BATCH_TEST_HANG");
    g_free(crash), g_free(hang), g_free(blob);
    rm_rf(d);
    g_free(d);
}

/* The admit callback of test_pool_admit: counts its calls, keeps the last
 * fingerprint, answers `answer`. */
typedef struct {
    int calls;
    guint tag;
    char *sha256;
    gint64 size;
    const char *kind;
    gboolean answer;
} admit_log;

static gboolean log_admit(void *data, guint tag, const nb_fingerprint *fp)
{
    admit_log *l = data;
    l->calls++;
    l->tag = tag;
    g_free(l->sha256);
    l->sha256 = g_strdup(fp->sha256);
    l->size = fp->size;
    l->kind = fp->kind;
    return l->answer;
}

static nb_job_result *run_admitted(const char *path, admit_log *log)
{
    nb_worker_opts o = {nb_limits_default(), 0, NULL, log_admit, log};
    o.limits.timeout_s = 5;
    return run_pooled(&o, path);
}

/* The worker reads and hashes its file once and asks before converting: a
 * declined file ends with its fingerprint and nothing else (not even the
 * test hook that would hang its conversion), an admitted one is converted. */
static void test_pool_admit(void **state)
{
    (void)state;
    char *d = tmpdir();
    write_file(d, "hang-me.txt", "abc", -1);
    char *path = g_build_filename(d, "hang-me.txt", NULL);
    g_setenv("NB_BATCH_TEST_HANG", "hang-me", TRUE);
    admit_log log = {0};
    nb_job_result *r = run_admitted(path, &log);
    assert_int_equal(log.calls, 1);
    assert_int_equal(log.tag, 41);
    assert_string_equal(log.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_int_equal(log.size, 3);
    assert_string_equal(log.kind, "text");
    assert_true(r->declined);
    assert_false(r->ok);
    assert_null(r->error_class);
    assert_string_equal(r->sha256, log.sha256);
    assert_int_equal(r->size, 3);
    assert_true(r->seconds < 4);
    nb_job_result_free(r);
    g_unsetenv("NB_BATCH_TEST_HANG");
    log.answer = TRUE;
    r = run_admitted(path, &log);
    assert_int_equal(log.calls, 2);
    assert_false(r->declined);
    assert_string_equal(r->error_class, "not_report");
    assert_string_equal(r->sha256, log.sha256);
    nb_job_result_free(r);
    /* a file that cannot be loaded fails without asking */
    r = run_admitted("/nonexistent/report.pdf", &log);
    assert_int_equal(log.calls, 2);
    assert_string_equal(r->error_class, "io");
    assert_null(r->sha256);
    assert_string_equal(r->kind, "unknown");
    nb_job_result_free(r);
    g_free(log.sha256);
    g_free(path);
    rm_rf(d);
    g_free(d);
}

static void test_pool_converts_corpus_case(void **state)
{
    (void)state;
    char *src = g_build_filename(NB_CORPUS_DIR, "pingtan-2024-glued-text", "source.txt", NULL);
    if (!g_file_test(src, G_FILE_TEST_EXISTS)) {
        g_free(src);
        skip();
    }
    nb_job_result *r = run_one(src, 60);
    assert_true(r->ok);
    assert_string_equal(r->format, "text");
    assert_int_equal(json_integer_value(json_object_get(r->record, "year")), 2024);
    /* the provenance of every value travels with the record */
    assert_non_null(json_object_get(json_object_get(r->record, "provenance"),
                                    "applications.new_received.total"));
    nb_job_result_free(r);
    g_free(src);
}

/* ---- the database -------------------------------------------------------- */

/* A record as a worker sends it: carried_over / carried_forward totals, one
 * warning on the carried_forward total. */
static nb_job_result *fake_ok(const char *agency, int year, double over, double forward)
{
    char *text = g_strdup_printf(
        "{\"template\": \"2021\", \"agency\": \"%s\", \"year\": %d,"
        " \"applications\": {\"carried_over\": {\"total\": %g}, \"carried_forward\": {\"total\": %g}},"
        " \"sections\": {\"overview\": \"概述文字\"},"
        " \"checks\": [{\"rule\": 2, \"expected\": 3, \"found\": 4, \"message\": \"m\","
        "   \"paths\": [\"applications.carried_over.total\"]}],"
        " \"warnings\": [{\"path\": null, \"message\": \"doc remark\"}],"
        " \"provenance\": {\"agency\": {\"page\": 1},"
        "   \"applications.carried_over.total\": {\"page\": 2, \"box\": [1, 2, 3, 4], \"line\": null,"
        "     \"raw\": \"%g\", \"confidence\": 91, \"origin\": \"text-layer\"},"
        "   \"applications.carried_forward.total\": {\"page\": 3, \"box\": null, \"line\": null,"
        "     \"raw\": \"%g\", \"confidence\": null, \"origin\": \"text-layer\"}}}",
        agency, year, over, forward, over, forward);
    nb_job_result *r = g_new0(nb_job_result, 1);
    r->ok = TRUE;
    r->record = json_loads(text, 0, NULL);
    assert_non_null(r->record);
    r->format = g_strdup("pdf-text");
    r->seconds = 1.5;
    g_free(text);
    return r;
}

static void put(nb_db *db, const char *path, const char *sha, nb_job_result *r)
{
    nb_db_doc doc = {path, path, sha, 1234, "pdf", "0.test"};
    GError *e = NULL;
    assert_true(nb_db_put(db, &doc, r, &e));
    assert_null(e);
    nb_job_result_free(r);
}

static long long scalar(nb_db *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(nb_db_handle(db), sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long long v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static void test_db_roundtrip(void **state)
{
    (void)state;
    char *d = tmpdir();
    char *path = g_build_filename(d, "t.db", NULL);
    nb_db *db = nb_db_open(path, NULL);
    assert_non_null(db);
    put(db, "a/2023.pdf", "s1", fake_ok("某 市", 2023, 4, 7));
    put(db, "a/2024.pdf", "s2", fake_ok("某市", 2024, 9, 2)); /* 9 carried over, 7 forwarded */
    put(db, "b/2024.pdf", "s3", fake_ok("他县", 2024, 5, 5));
    nb_job_result *bad = g_new0(nb_job_result, 1);
    bad->error_class = g_strdup("format");
    bad->error = g_strdup("corrupt PDF");
    put(db, "c.pdf", "s4", bad);
    char *version = NULL;
    assert_int_equal(nb_db_lookup(db, "a/2023.pdf", "s1", &version), NB_DB_DONE_OK);
    assert_string_equal(version, "0.test");
    g_free(version);
    assert_int_equal(nb_db_lookup(db, "a/2023.pdf", "other", &version), NB_DB_ABSENT);
    assert_null(version);
    assert_int_equal(nb_db_lookup(db, "c.pdf", "s4", NULL), NB_DB_DONE_FAILED);
    /* whole numbers are INTEGER, not 9.0 */
    assert_int_equal(scalar(db, "SELECT count(*) FROM fields WHERE typeof(value) <> 'integer'"), 0);
    assert_int_equal(scalar(db, "SELECT count(*) FROM checks WHERE typeof(expected) = 'integer'"), 3);
    assert_int_equal(scalar(db, "SELECT count(*) FROM fields"), 6);
    assert_int_equal(scalar(db, "SELECT flagged FROM fields f JOIN documents d ON d.id = "
                                "f.document_id WHERE d.path = 'a/2024.pdf' AND key = "
                                "'applications.carried_over.total'"), 1);
    assert_int_equal(scalar(db, "SELECT flagged FROM fields WHERE key = "
                                "'applications.carried_forward.total' LIMIT 1"), 0);
    assert_int_equal(scalar(db, "SELECT x1 * 10 + confidence FROM fields WHERE key = "
                                "'applications.carried_over.total' LIMIT 1"), 121);
    assert_int_equal(scalar(db, "SELECT count(*) FROM documents WHERE agency_key = '某市'"), 2);
    /* replacing a document replaces its rows */
    put(db, "b/2024.pdf", "s3b", fake_ok("他县", 2024, 6, 6));
    assert_int_equal(scalar(db, "SELECT count(*) FROM fields"), 6);
    assert_int_equal(scalar(db, "SELECT count(*) FROM checks"), 3);
    int agencies = -1, pairs = -1, failing = -1;
    nb_db_rule5_counts(db, &agencies, &pairs, &failing);
    assert_int_equal(agencies, 1);
    assert_int_equal(pairs, 1);
    assert_int_equal(failing, 1);
    assert_int_equal(scalar(db, "SELECT carried_over - prev_carried_forward FROM rule5_failures"), 2);
    assert_true(nb_db_refresh_views(db, NULL));
    assert_int_equal(scalar(db, "SELECT \"applications.carried_over.total\" FROM documents_wide"
                                " WHERE path = 'a/2024.pdf'"), 9);
    assert_int_equal(scalar(db, "SELECT count(*) FROM documents_wide WHERE"
                                " \"sections.overview\" = '概述文字'"), 3);
    /* a byte-identical copy under another name: its own row, marked, and
     * left out of the one-row-per-report views (rule 5 included) */
    put(db, "copy/2023.pdf", "s1", fake_ok("某 市", 2023, 4, 7));
    assert_int_equal(scalar(db, "SELECT count(*) FROM documents"), 5);
    assert_int_equal(scalar(db, "SELECT count(*) FROM reports"), 3);
    assert_int_equal(scalar(db, "SELECT d.duplicate_of = o.id FROM documents d, documents o"
                                " WHERE d.path = 'copy/2023.pdf' AND o.path = 'a/2023.pdf'"), 1);
    nb_db_rule5_counts(db, &agencies, &pairs, &failing);
    assert_int_equal(pairs, 1);
    assert_true(nb_db_refresh_views(db, NULL));
    assert_int_equal(scalar(db, "SELECT count(*) FROM reports_wide"), 3);
    assert_int_equal(scalar(db, "SELECT \"applications.carried_over.total:flagged\" FROM"
                                " documents_wide WHERE path = 'a/2024.pdf'"), 1);
    assert_true(scalar(db, "SELECT count(*) FROM dictionary WHERE type = 'money'") > 0);
    sqlite3_exec(nb_db_handle(db), "DELETE FROM documents WHERE path = 'copy/2023.pdf'", NULL,
                 NULL, NULL);
    /* claims: a live batch keeps its file, a dead one's claim is taken over */
    gboolean mine = FALSE;
    char *me = nb_db_owner_name();
    char *dead = g_strdup_printf("%s:%d", g_get_host_name(), 999999999);
    assert_true(nb_db_claim(db, "n.pdf", "s9", "elsewhere:1", TRUE, 600, &mine, NULL));
    assert_true(mine);
    assert_true(nb_db_claim(db, "n.pdf", "s9", me, TRUE, 600, &mine, NULL));
    assert_false(mine); /* another host, a fresh claim */
    assert_true(nb_db_claim(db, "m.pdf", "s8", dead, TRUE, 600, &mine, NULL));
    assert_true(nb_db_claim(db, "m.pdf", "s8", me, TRUE, 600, &mine, NULL));
    assert_true(mine);  /* its owner is not running */
    assert_true(nb_db_claim(db, "c.pdf", "s4", me, TRUE, 600, &mine, NULL));
    assert_false(mine); /* a document holds it */
    nb_db_release_claims(db, me);
    assert_int_equal(scalar(db, "SELECT count(*) FROM claims"), 1);
    g_free(me), g_free(dead);
    /* versions: by number, then by commits since */
    assert_true(nb_version_compare("0.1.0-41-gabc", "0.1.0-412-gdef") < 0);
    assert_true(nb_version_compare("0.2.0", "0.1.0-412-gdef") > 0);
    assert_int_equal(nb_version_compare("0.1.0-7-gabc-dirty", "0.1.0-7-gabc"), 0);
    nb_db_close(db);

    /* merge: a failed row is replaced by a converted one, nothing else moves */
    char *other = g_build_filename(d, "o.db", NULL);
    nb_db *db2 = nb_db_open(other, NULL);
    put(db2, "c.pdf", "s4", fake_ok("另局", 2020, 1, 1));
    put(db2, "a/2023.pdf", "s1", fake_ok("不同", 2023, 1, 1));
    int copied = -1;
    GError *e = NULL;
    db = nb_db_open(path, NULL);
    assert_true(nb_db_merge_from(db2, path, &copied, &e));
    assert_int_equal(copied, 2); /* a/2024 and b/2024; a/2023 kept; c.pdf failed there */
    assert_int_equal(scalar(db2, "SELECT count(*) FROM documents WHERE status = 'ok'"), 4);
    assert_int_equal(scalar(db2, "SELECT count(*) FROM fields"), 8);
    assert_true(nb_db_merge_from(db, other, &copied, &e));
    assert_int_equal(copied, 1); /* only c.pdf: ok there, failed here */
    assert_int_equal(scalar(db, "SELECT count(*) FROM documents WHERE status = 'failed'"), 0);
    assert_false(nb_db_merge_from(db, "/nonexistent.db", &copied, &e));
    assert_int_equal(copied, 0);
    g_clear_error(&e);
    nb_db_close(db);
    nb_db_close(db2);
    g_free(other), g_free(path);
    rm_rf(d);
    g_free(d);
}

/* ---- the scorer ---------------------------------------------------------- */

/* Targets: what is PostgreSQL, what may be printed, what is refused. */
static void test_db_targets(void **state)
{
    (void)state;
    assert_true(nb_conn_is_postgres("postgresql:///nb?host=/run/pg"));
    assert_true(nb_conn_is_postgres("postgres://h/nb"));
    assert_false(nb_conn_is_postgres("postgresql.db"));
    char *s = nb_conn_display_name("postgresql://ann:s3cret@db.example.org:5433/nb?sslmode=require");
    assert_string_equal(s, "postgresql://ann:***@db.example.org:5433/nb?sslmode=require");
    g_free(s);
    s = nb_conn_display_name("postgres:///nb?host=/run/pg&password=s3cret&user=x");
    assert_string_equal(s, "postgres:///nb?host=/run/pg&password=***&user=x");
    g_free(s);
    s = nb_conn_display_name("postgresql://ann@h/nb"); /* no password: unchanged */
    assert_string_equal(s, "postgresql://ann@h/nb");
    g_free(s);
    GError *e = NULL;
    assert_false(nb_conn_check_target("postgresql://ann:s3cret@h/nb", &e));
    assert_int_equal(e->code, NB_DB_ERR_REFUSED);
    assert_null(strstr(e->message, "s3cret"));
    assert_non_null(strstr(e->message, "PGPASSWORD"));
    g_clear_error(&e);
    assert_null(nb_conn_open("postgresql://ann:s3cret@h/nb", FALSE, &e));
    assert_int_equal(e->code, NB_DB_ERR_REFUSED);
    g_clear_error(&e);
    assert_true(nb_conn_check_target("postgresql://ann@h/nb", NULL));
    assert_true(nb_conn_check_target("reports.db", NULL));
}

/* nb_rows: 70 rows go out as 32 + 32 + 6, typed as added; quoting. */
static void test_db_rows(void **state)
{
    (void)state;
    GError *e = NULL;
    nb_conn *c = nb_conn_open(":memory:", FALSE, &e);
    assert_non_null(c);
    assert_true(nb_conn_exec(c, "CREATE TABLE t(a INTEGER, b, c TEXT)", &e));
    nb_rows *r = nb_rows_new(c, "INSERT INTO t(a, b, c)", 3);
    for (int i = 0; i < 70; i++) {
        nb_rows_int64(r, i);
        if (i % 2)
            nb_rows_double(r, i + 0.5);
        else
            nb_rows_null(r);
        nb_rows_text(r, i == 69 ? "it's" : "x");
        assert_true(nb_rows_end_row(r, &e));
    }
    assert_true(nb_rows_flush(r, &e));
    nb_rows_free(r);
    char *n = nb_conn_query_text(c, "SELECT count(*) || '/' || sum(a) || '/' || count(b) FROM t", NULL);
    assert_string_equal(n, "70/2415/35");
    g_free(n);
    n = nb_conn_query_text(c, "SELECT typeof(b) FROM t WHERE a = ?1", "69", NULL);
    assert_string_equal(n, "real");
    g_free(n);
    char *lit = nb_sql_quote_text("it's");
    char *sql = g_strconcat("SELECT count(*) FROM t WHERE c = ", lit, NULL);
    n = nb_conn_query_text(c, sql, NULL);
    assert_string_equal(n, "1");
    g_free(n), g_free(sql), g_free(lit);
    char *id = nb_sql_quote_ident("a\"b");
    assert_string_equal(id, "\"a\"\"b\"");
    g_free(id);
    assert_true(nb_conn_has_relation(c, "t"));
    assert_false(nb_conn_has_relation(c, "u"));
    nb_conn_close(c);
}

static void test_similarity(void **state)
{
    (void)state;
    /* reference values from difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() */
    assert_float_equal(nb_score_text_similarity("abcd", "bcde"), 0.75, 1e-12);
    assert_float_equal(nb_score_text_similarity("政府信息公开工作", "政府 信息公开工做"), 0.875, 1e-12);
    assert_float_equal(nb_score_text_similarity("abxcd abcd", "abcd"), 8.0 / 13.0, 1e-12);
    assert_float_equal(nb_score_text_similarity("", ""), 1.0, 1e-12);
    assert_float_equal(nb_score_text_similarity("x", ""), 0.0, 1e-12);
    assert_float_equal(nb_score_text_similarity("主动公开政府信息情况良好，依申请公开办理及时规范。存在的问题是公开内容不够全面。",
                                          "主动公开政府信息情况良好，依申请公开办理及时规范，存在问题是公开内容还不够全面完整"),
                       0.9135802469135802, 1e-12);
}

static void test_score_case(void **state)
{
    (void)state;
    json_t *truth = json_loads(
        "{\"template\": \"2021\", \"agency\": \"某 市\", \"year\": 2024,"
        " \"applications\": {\"granted\": {\"total\": 5, \"natural_person\": 3},"
        "   \"denied_state_secret\": {\"total\": 2}},"
        " \"info_fees\": {\"amount_yuan\": 18651.06},"
        " \"sections\": {\"overview\": \"总体情况良好\"}}", 0, NULL);
    json_t *prov = json_loads("{\"undetermined\": [\"applications.denied_state_secret.total\"],"
                              " \"known_breaks\": [\"rule 3 total: ...\", \"rule 1 x\"]}", 0, NULL);
    json_t *rec = json_loads(
        "{\"template\": \"2021\", \"agency\": \"某市\", \"year\": 2023,"
        " \"applications\": {\"granted\": {\"total\": 6, \"natural_person\": 4}},"
        " \"info_fees\": {\"amount_yuan\": 18651.060000001},"
        " \"sections\": {\"overview\": \"总体 情况良好\"},"
        " \"checks\": [{\"rule\": 3, \"paths\": [\"applications.granted\"]}],"
        " \"warnings\": [{\"path\": \"applications.denied_state_secret.total\", \"message\": \"?\"}]}",
        0, NULL);
    nb_score s;
    nb_score_case(truth, prov, rec, &s);
    assert_int_equal(s.total, 8);
    /* right: template, agency (spaces ignored), fee (1e-6), overview, the undetermined
     * path (left out and flagged); wrong: granted.total and natural_person (flagged
     * by the check on their prefix, so not silent), year (metadata, never silent) */
    assert_int_equal(s.right, 5);
    assert_int_equal(s.silent, 0);
    assert_int_equal(s.breaks_known, 2);
    assert_int_equal(s.breaks_reported, 1);
    assert_int_equal(s.wrong->len, 3);
    assert_string_equal(g_ptr_array_index(s.wrong, 0), "applications.granted.total");
    nb_score_clear(&s);
    /* a failed conversion: every number wrong and silent */
    nb_score_case(truth, NULL, NULL, &s);
    assert_int_equal(s.right, 0);
    assert_int_equal(s.silent, 4);
    nb_score_clear(&s);
    json_decref(truth), json_decref(prov), json_decref(rec);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shard_parse),     cmocka_unit_test(test_shard_of),
        cmocka_unit_test(test_list_taken_as_given), cmocka_unit_test(test_list_or_document),
        cmocka_unit_test(test_walk),
        cmocka_unit_test(test_sha256),          cmocka_unit_test(test_pool_failures),
        cmocka_unit_test(test_pool_admit),
        cmocka_unit_test(test_pool_converts_corpus_case), cmocka_unit_test(test_db_roundtrip),
        cmocka_unit_test(test_db_targets),      cmocka_unit_test(test_db_rows),
        cmocka_unit_test(test_similarity),      cmocka_unit_test(test_score_case),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
