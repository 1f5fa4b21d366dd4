/*
 * fuzz_common.h — what every libFuzzer harness in fuzz/ shares.
 *
 * Owns: the limits the harnesses run under and the tail of the pipeline a
 * harness drives once a reader has produced a document (record, JSON
 * writer).  Header-only so that each harness stays one translation unit.
 * Nothing here keeps state between runs: every call frees what it made, so
 * LeakSanitizer reports a leak on the input that caused it.
 */
#ifndef NB_FUZZ_COMMON_H
#define NB_FUZZ_COMMON_H

#include "cmd/pipeline.h"
#include "cmd/record_json.h"
#include "extract/reader.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* GLib reports a failed allocation (g_error) and a broken precondition
 * (g_return_if_fail → g_critical) with a breakpoint trap, which libFuzzer
 * does not catch: turn both into abort() so that the input is saved. */
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

/* Limits small enough that a single input cannot legitimately take long:
 * libFuzzer's -timeout and -rss_limit_mb then catch only real bugs (a reader
 * that ignores its limits), not big-but-honest inputs. */
static inline nb_limits nb_fuzz_limits(void)
{
    nb_limits lim = nb_limits_default();
    lim.max_bytes = 4 * 1000 * 1000;
    lim.max_pages = 8;
    lim.max_pixels = 4 * 1000 * 1000;
    lim.timeout_s = 20.0;
    lim.started_us = g_get_monotonic_time();
    lim.verbose_progress = 0;
    return lim;
}

/* Drives a read document through the rest of the pipeline (template, values,
 * metadata, checks) and the JSON writer, then frees everything, `doc`
 * included.  A reader that returned NULL must have set a one-line message:
 * that contract is asserted here (abort = a finding). */
static inline void nb_fuzz_finish(nb_doc *doc, nb_error *rerr)
{
    if (!doc) {
        if (rerr->cls == NB_ERR_NONE || !rerr->message || !*rerr->message ||
            strchr(rerr->message, '\n'))
            __builtin_trap(); /* a failed read must say why, on one line */
        nb_error_clear(rerr);
        return;
    }
    nb_error_clear(rerr);
    nb_error err;
    nb_record *r = nb_pipeline_record(doc, &err);
    if (r) {
        json_t *j = nb_record_to_json(r, TRUE);
        char *s = json_dumps(j, JSON_COMPACT);
        free(s);
        json_decref(j);
        nb_record_free(r);
    }
    nb_error_clear(&err);
    nb_doc_free(doc);
}

#endif
