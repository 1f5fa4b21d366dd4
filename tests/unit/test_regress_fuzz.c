/*
 * test_regress_fuzz.c — replays every input in tests/regress/<target>/
 * through the fuzz target that found it (fuzz/fuzz_targets.h).
 *
 * A regression shows up as an abort (a failed read without a one-line
 * message, a GLib critical — made fatal here), a sanitizer report in the
 * ASan build, or a valgrind error.  The test also asserts that each
 * folder it knows actually holds inputs, so that an emptied or misnamed
 * folder cannot make it pass by replaying nothing.
 */
#include "fuzz/fuzz_targets.h"

/* In the sanitizer build, leak checking uses the fuzzers' suppressions
 * (library caches and one tesseract leak, each explained in fuzz/lsan.supp)
 * and full malloc stacks, without which a suppression cannot match a leak
 * inside a C++ library.  Both hooks are ignored by other builds. */
const char *__asan_default_options(void);
const char *__lsan_default_options(void);
const char *__asan_default_options(void) { return "fast_unwind_on_malloc=0"; }
const char *__lsan_default_options(void) { return "print_suppressions=0:suppressions=" NB_SOURCE_DIR "/fuzz/lsan.supp"; }

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

/* Replays every file of tests/regress/<target>/ and returns how many. */
static int replay_dir(const char *target)
{
    nb_fuzz_fn fn = nb_fuzz_target(target);
    assert_non_null(fn);
    char *dir = g_build_filename(NB_SOURCE_DIR, "tests", "regress", target, NULL);
    GDir *d = g_dir_open(dir, 0, NULL);
    int n = 0;
    for (const char *name; d && (name = g_dir_read_name(d));) {
        char *path = g_build_filename(dir, name, NULL);
        gchar *data = NULL;
        gsize len = 0;
        assert_true(g_file_get_contents(path, &data, &len, NULL));
        fn((const uint8_t *)data, len);
        g_free(data);
        g_free(path);
        n++;
    }
    if (d)
        g_dir_close(d);
    g_free(dir);
    return n;
}

static void test_text(void **state)
{
    (void)state;
    assert_true(replay_dir("text") >= 1);
}

/* Targets whose folder may still be empty: they are replayed when present. */
static void test_others(void **state)
{
    (void)state;
    const char *targets[] = {"mapper", "html", "pdf", "image", "glued", "doc"};
    for (size_t i = 0; i < G_N_ELEMENTS(targets); i++)
        replay_dir(targets[i]);
}

/* Every folder of tests/regress/ must name a target: an input filed under
 * a typo would otherwise never be replayed. */
static void test_folders_are_targets(void **state)
{
    (void)state;
    char *dir = g_build_filename(NB_SOURCE_DIR, "tests", "regress", NULL);
    GDir *d = g_dir_open(dir, 0, NULL);
    assert_non_null(d);
    for (const char *name; (name = g_dir_read_name(d));) {
        char *path = g_build_filename(dir, name, NULL);
        if (g_file_test(path, G_FILE_TEST_IS_DIR) && !nb_fuzz_target(name))
            fail_msg("tests/regress/%s is not a fuzz target", name);
        g_free(path);
    }
    g_dir_close(d);
    g_free(dir);
}

/* A critical that reaches the default handler is a broken precondition
 * somewhere: fail, do not go on.  (As in fuzz/fuzz_main.h, and not with
 * g_log_set_always_fatal, which would also abort on the library criticals a
 * reader catches on purpose: extract/liblog.h.) */
static void fatal_log(const gchar *domain, GLogLevelFlags level, const gchar *msg, gpointer u)
{
    g_log_default_handler(domain, level, msg, u);
    if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_FLAG_FATAL))
        abort();
}

int main(void)
{
    g_log_set_default_handler(fatal_log, NULL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_folders_are_targets),
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_others),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
