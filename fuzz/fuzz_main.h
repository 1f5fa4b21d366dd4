/*
 * fuzz_main.h — the libFuzzer entry points of a harness.  Each fuzz_<name>.c
 * defines NB_FUZZ_TARGET (a function of fuzz_targets.h) and includes this.
 *
 * GLib reports a failed allocation (g_error) and a broken precondition
 * (g_return_if_fail → g_critical) with a breakpoint trap, which libFuzzer
 * does not catch: both become abort() here, so that the input is saved.
 */
#ifndef NB_FUZZ_MAIN_H
#define NB_FUZZ_MAIN_H

#include "fuzz_targets.h"

#include <stdio.h>

static void nb_fuzz_log(const gchar *domain, GLogLevelFlags level, const gchar *msg, gpointer u)
{
    (void)u;
    if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_FLAG_FATAL)) {
        fprintf(stderr, "%s: %s\n", domain ? domain : "nianbao", msg);
        abort();
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    g_log_set_default_handler(nb_fuzz_log, NULL);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    NB_FUZZ_TARGET(data, size);
    return 0;
}

#endif
