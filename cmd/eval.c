/*
 * eval.c — `nianbao eval DIR...`: scores the tool on folders of hand-checked
 * cases (source.* + truth.json [+ provenance.json]), with the rules of
 * score.py (batch_score.h): fields right/total per case and per format, silent
 * errors, known rule breaks reported, time per case.
 *
 * Conversions run in the batch worker pool (batch_worker.h): isolated, in
 * parallel with -j, under the same limits as batch.
 */
#include "cmd/commands.h"
#include "cmd/batch/batch_score.h"
#include "cmd/batch/batch_worker.h"
#include "cmd/cli.h"
#include "schemas/schema.h"

#include <stdio.h>
#include <string.h>

typedef struct {
    char *dir, *name, *source;
    json_t *truth, *prov;     /* prov may be NULL */
    nb_job_result *result;
} eval_case;

typedef struct {
    int right, total, silent, breaks_got, breaks_all, cases;
    double secs;
} tally;

static const char *k_summary =
    "Converts the source.* of every case folder (a DIR holding truth.json, or\n"
    "each DIR/*/ that holds one) and compares the record with truth.json as\n"
    "the shared tools/score.py does (spec: \"Matching a truth file\"):\n"
    "every number, agency, year, template, and each text section (right when\n"
    "at least 95 % similar).  'silent' counts wrong numbers the record does not\n"
    "flag in its checks or warnings: the goal for them is zero.\n"
    "\n"
    "Prints one line per case (name, format, right/total, silent, known rule\n"
    "breaks reported, seconds, error), one line per format, then the total line\n"
    "'fields R/T (P%) silent N breaks a/b cases C secs S'.\n"
    "\n"
    "Examples:\n"
    "  nianbao eval ../shared/corpus\n"
    "  nianbao eval ../shared/corpus --formats html,text --verbose\n"
    "  nianbao eval cases/a cases/b -j 4 --timeout 60";

static const char *k_description =
    "Exit codes: 0 every case scored (whatever the score); 1 bad command line;\n"
    "2 no case found.";

/* ---- cases --------------------------------------------------------------- */

static void case_free(gpointer p)
{
    eval_case *c = p;
    g_free(c->dir), g_free(c->name), g_free(c->source);
    json_decref(c->truth);
    json_decref(c->prov);
    nb_job_result_free(c->result);
    g_free(c);
}

/* The first source* file of the folder in name order, as score.py takes it. */
static char *find_source(const char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    if (!d)
        return NULL;
    char *best = NULL;
    const char *name;
    while ((name = g_dir_read_name(d)))
        if (g_str_has_prefix(name, "source") && (!best || strcmp(name, best) < 0)) {
            g_free(best);
            best = g_strdup(name);
        }
    g_dir_close(d);
    char *path = best ? g_build_filename(dir, best, NULL) : NULL;
    g_free(best);
    return path;
}

static void add_case(GPtrArray *cases, const char *dir)
{
    char *truth_path = g_build_filename(dir, "truth.json", NULL);
    char *prov_path = g_build_filename(dir, "provenance.json", NULL);
    json_error_t je;
    eval_case *c = g_new0(eval_case, 1);
    c->dir = g_strdup(dir);
    char *trimmed = g_strdup(dir);
    while (strlen(trimmed) > 1 && g_str_has_suffix(trimmed, "/"))
        trimmed[strlen(trimmed) - 1] = '\0';
    c->name = g_path_get_basename(trimmed);
    g_free(trimmed);
    c->source = find_source(dir);
    c->truth = json_load_file(truth_path, 0, &je);
    if (!c->truth)
        nb_cli_error(truth_path, "%s (case skipped)", je.text);
    if (g_file_test(prov_path, G_FILE_TEST_EXISTS) && !(c->prov = json_load_file(prov_path, 0, &je)))
        nb_cli_error(prov_path, "%s (read as empty)", je.text);
    if (c->truth && c->source)
        g_ptr_array_add(cases, c);
    else {
        if (c->truth)
            nb_cli_error(dir, "no source.* file (case skipped)");
        case_free(c);
    }
    g_free(truth_path);
    g_free(prov_path);
}

static gint by_string(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A folder with truth.json is a case; otherwise each subfolder with one is. */
static void collect_cases(GPtrArray *cases, const char *dir)
{
    char *truth = g_build_filename(dir, "truth.json", NULL);
    gboolean is_case = g_file_test(truth, G_FILE_TEST_IS_REGULAR);
    g_free(truth);
    if (is_case) {
        add_case(cases, dir);
        return;
    }
    GDir *d = g_dir_open(dir, 0, NULL);
    if (!d) {
        nb_cli_error(dir, "not a directory");
        return;
    }
    GPtrArray *subs = g_ptr_array_new_with_free_func(g_free);
    const char *name;
    while ((name = g_dir_read_name(d))) {
        char *sub = g_build_filename(dir, name, NULL);
        char *t = g_build_filename(sub, "truth.json", NULL);
        if (g_file_test(t, G_FILE_TEST_IS_REGULAR))
            g_ptr_array_add(subs, sub);
        else
            g_free(sub);
        g_free(t);
    }
    g_dir_close(d);
    g_ptr_array_sort(subs, by_string);
    for (guint i = 0; i < subs->len; i++)
        add_case(cases, g_ptr_array_index(subs, i));
    g_ptr_array_free(subs, TRUE);
}

static const char *case_format(const eval_case *c)
{
    const char *f = json_string_value(json_object_get(c->prov, "format"));
    return f ? f : "?";
}

static gboolean format_wanted(const eval_case *c, char **formats)
{
    if (!formats)
        return TRUE;
    for (char **f = formats; *f; f++)
        if (!strcmp(*f, case_format(c)))
            return TRUE;
    return FALSE;
}

/* ---- running ------------------------------------------------------------- */

static void run_cases(GPtrArray *cases, guint jobs, const nb_worker_opts *wo)
{
    (void)nb_schema_set_default(); /* parsed once, inherited by every worker */
    nb_pool *pool = nb_pool_new(jobs, wo);
    guint next = 0;
    while (next < cases->len || nb_pool_running(pool) > 0) {
        while (next < cases->len && nb_pool_has_room(pool)) {
            eval_case *c = g_ptr_array_index(cases, next);
            GError *e = NULL;
            if (!nb_pool_submit(pool, next, c->source, &e)) {
                if (nb_pool_running(pool) > 0) {
                    g_error_free(e);
                    break; /* out of processes: retry when a worker ends */
                }
                c->result = g_new0(nb_job_result, 1);
                c->result->error_class = g_strdup("internal");
                c->result->error = g_strdup(e->message);
                g_error_free(e);
            }
            next++;
        }
        nb_job_result *r = nb_pool_wait(pool, -1);
        if (r)
            ((eval_case *)g_ptr_array_index(cases, r->tag))->result = r;
    }
    nb_pool_free(pool);
}

/* ---- reporting ----------------------------------------------------------- */

static void print_wrong(const eval_case *c, const nb_score *s)
{
    json_t *rec = c->result->ok ? c->result->record : NULL;
    for (guint i = 0; i < s->wrong->len && i < 40; i++) {
        const char *k = g_ptr_array_index(s->wrong, i);
        json_t *want = c->truth, *got = rec;
        char **parts = g_strsplit(k, ".", -1);
        for (int j = 0; parts[j]; j++) {
            want = json_object_get(want, parts[j]);
            got = json_object_get(got, parts[j]);
        }
        g_strfreev(parts);
        char *w = json_dumps(want, JSON_ENCODE_ANY), *g = got ? json_dumps(got, JSON_ENCODE_ANY) : NULL;
        /* sections are long: their first 60 characters tell which way they went */
        char *ws = w ? g_utf8_substring(w, 0, MIN(g_utf8_strlen(w, -1), 62)) : g_strdup("null");
        char *gs = g ? g_utf8_substring(g, 0, MIN(g_utf8_strlen(g, -1), 62)) : g_strdup("null");
        printf("    %s: want %s got %s\n", k, ws, gs);
        free(w), free(g), g_free(ws), g_free(gs);
    }
}

static void print_case(const eval_case *c, const nb_score *s)
{
    char kb[64] = "";
    if (s->breaks_known)
        g_snprintf(kb, sizeof kb, " breaks %d/%d", s->breaks_reported, s->breaks_known);
    char *err = c->result->ok ? g_strdup("")
                              : g_strdup_printf("%s: %s", c->result->error_class, c->result->error);
    printf("%-40s %-9s %4d/%4d silent %3d%s %6.2fs %s\n", c->name, case_format(c), s->right,
           s->total, s->silent, kb, c->result->seconds, err);
    g_free(err);
}

static void add_tally(tally *t, const nb_score *s, double secs)
{
    t->right += s->right, t->total += s->total, t->silent += s->silent;
    t->breaks_got += s->breaks_reported, t->breaks_all += s->breaks_known;
    t->cases++;
    t->secs += secs;
}

static void print_tally(const char *prefix, const tally *t)
{
    printf("%sfields %d/%d (%.2f%%) silent %d breaks %d/%d cases %d secs %.1f\n", prefix, t->right,
           t->total, t->total ? 100.0 * t->right / t->total : 0.0, t->silent, t->breaks_got,
           t->breaks_all, t->cases, t->secs);
}

static void report(GPtrArray *cases, gboolean verbose)
{
    tally all = {0};
    GHashTable *by_format = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
    GPtrArray *formats = g_ptr_array_new();
    for (guint i = 0; i < cases->len; i++) {
        const eval_case *c = g_ptr_array_index(cases, i);
        nb_score s;
        nb_score_case(c->truth, c->prov, c->result->ok ? c->result->record : NULL, &s);
        print_case(c, &s);
        if (verbose)
            print_wrong(c, &s);
        tally *t = g_hash_table_lookup(by_format, case_format(c));
        if (!t) {
            t = g_new0(tally, 1);
            g_hash_table_insert(by_format, (gpointer)case_format(c), t);
            g_ptr_array_add(formats, (gpointer)case_format(c));
        }
        add_tally(t, &s, c->result->seconds);
        add_tally(&all, &s, c->result->seconds);
        nb_score_clear(&s);
    }
    g_ptr_array_sort(formats, by_string);
    for (guint i = 0; i < formats->len; i++) {
        char *prefix = g_strdup_printf("format %-11s ", (char *)g_ptr_array_index(formats, i));
        print_tally(prefix, g_hash_table_lookup(by_format, g_ptr_array_index(formats, i)));
        g_free(prefix);
    }
    print_tally("", &all);
    g_ptr_array_free(formats, TRUE);
    g_hash_table_destroy(by_format);
}

int nb_cmd_eval(int argc, char **argv)
{
    gint jobs = (gint)g_get_num_processors();
    char *formats_opt = NULL;
    gboolean verbose = FALSE;
    gint64 max_memory_mb = 2048;
    nb_cli_limits cl;
    GOptionEntry entries[] = {
        {"jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, "Convert N cases at a time (default: cores)", "N"},
        {"formats", 0, 0, G_OPTION_ARG_STRING, &formats_opt,
         "Only cases whose provenance format is in the list (html,pdf-text,...)", "LIST"},
        {"verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, "List the wrong fields of each case", NULL},
        {"max-memory", 0, 0, G_OPTION_ARG_INT64, &max_memory_mb,
         "Address space per worker in MB (default 2048, 0 = unlimited)", "MB"},
        {NULL}};
    GOptionContext *ctx =
        nb_cli_context_new("DIR... - score the tool on hand-checked cases", k_summary, k_description, entries);
    nb_cli_add_limit_options(ctx, &cl);
    GError *ge = NULL;
    gboolean ok = g_option_context_parse(ctx, &argc, &argv, &ge);
    g_option_context_free(ctx);
    if (!ok || argc < 2 || jobs < 1) {
        nb_cli_error(NULL, "eval: %s (see 'nianbao eval --help')",
                     ge ? ge->message : jobs < 1 ? "--jobs must be at least 1" : "expects DIR...");
        g_clear_error(&ge);
        g_free(formats_opt);
        return NB_EXIT_USAGE;
    }
    char **formats = formats_opt ? g_strsplit(formats_opt, ",", -1) : NULL;
    GPtrArray *all = g_ptr_array_new_with_free_func(case_free);
    for (int i = 1; i < argc; i++)
        collect_cases(all, argv[i]);
    GPtrArray *cases = g_ptr_array_new();
    for (guint i = 0; i < all->len; i++)
        if (format_wanted(g_ptr_array_index(all, i), formats))
            g_ptr_array_add(cases, g_ptr_array_index(all, i));
    int code = NB_EXIT_OK;
    if (cases->len == 0) {
        nb_cli_error(NULL, "eval: no case found (a case is a folder with truth.json and source.*)");
        code = NB_EXIT_IO;
    } else {
        nb_worker_opts wo = {nb_cli_limits_get(&cl), max_memory_mb << 20, NULL, NULL, NULL};
        run_cases(cases, (guint)jobs, &wo);
        report(cases, verbose);
    }
    g_ptr_array_free(cases, TRUE);
    g_ptr_array_free(all, TRUE);
    g_strfreev(formats);
    g_free(formats_opt);
    return code;
}
