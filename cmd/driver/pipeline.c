/* pipeline.c — see pipeline.h. */
#include "cmd/driver/pipeline.h"
#include "cmd/driver/scan_review.h"
#include "layout/cellines.h"
#include "schemas/glued.h"
#include "schemas/mapper.h"
#include "schemas/meta.h"
#include "schemas/rules.h"
#include "schemas/statements.h"

#include <string.h>

gboolean nb_pipeline_over_time(const nb_limits *lim, nb_error *err)
{
    if (!nb_limits_expired(lim))
        return FALSE;
    nb_error_set(err, NB_ERR_LIMIT, "time limit of %g s reached while reading (--timeout); "
                 "no record written", lim->timeout_s);
    return TRUE;
}

nb_doc *nb_pipeline_read(const char *path, const nb_limits *lim, nb_error *err)
{
    return nb_pipeline_read_hashed(path, lim, NULL, NULL, err);
}

nb_doc *nb_pipeline_read_hashed(const char *path, const nb_limits *lim, const char *expect_sha256,
                                char **sha256, nb_error *err)
{
    char *dummy = NULL;
    if (!sha256)
        sha256 = &dummy;
    *sha256 = NULL;
    guchar *data = NULL;
    gsize len = 0;
    if (!nb_load_input(path, lim, &data, &len, err))
        return NULL;
    if (sha256 != &dummy || expect_sha256)
        *sha256 = g_compute_checksum_for_data(G_CHECKSUM_SHA256, data, len);
    nb_doc *doc = NULL;
    if (expect_sha256 && g_ascii_strcasecmp(expect_sha256, *sha256) != 0)
        nb_error_set(err, NB_ERR_USAGE, "corrections for another file (source_sha256 %.12s…, "
                     "this file has %.12s…)", expect_sha256, *sha256);
    else
        doc = nb_pipeline_read_loaded(path, data, len, lim, err);
    g_free(data);
    g_free(dummy);
    return doc;
}

nb_doc *nb_pipeline_read_loaded(const char *path, const guchar *data, gsize len,
                                const nb_limits *lim, nb_error *err)
{
    nb_doc *doc = nb_read_bytes(path, data, len, lim, err);
    /* a reader that ran out of time (OCR stops between cells) returns what
     * it read so far: a partial document must never pass for "not a report"
     * nor for a complete record */
    if (doc && nb_pipeline_over_time(lim, err)) {
        nb_doc_free(doc);
        return NULL;
    }
    /* scraped text whose tables lost their markup: cells one per line, or
     * glued together with no separator.  Both rebuild grids from the text
     * flow and do nothing when the reader found the tables. */
    if (doc) {
        nb_cellines_recover(doc);
        nb_glued_recover(doc, nb_schema_set_default(), NULL);
    }
    return doc;
}

nb_record *nb_pipeline_record(const nb_doc *doc, nb_error *err)
{
    return nb_pipeline_record_corrected(doc, NULL, err);
}

/* Applies `corr` to `r` when they fit its template; FALSE with `err` set. */
static gboolean apply_corrections(const nb_corrections *corr, nb_record *r, nb_error *err)
{
    if (!corr)
        return TRUE;
    const nb_schema *t = nb_schema_find(nb_schema_set_default(), r->template_name);
    GError *ge = NULL;
    if (!nb_corrections_fit(corr, t, &ge)) {
        nb_error_set(err, NB_ERR_USAGE, "%s", ge->message);
        g_clear_error(&ge);
        return FALSE;
    }
    nb_corrections_apply(corr, r);
    return TRUE;
}

nb_record *nb_pipeline_record_corrected(const nb_doc *doc, const nb_corrections *corr,
                                        nb_error *err)
{
    err->cls = NB_ERR_NONE;
    err->message = NULL;
    const nb_schema_set *set = nb_schema_set_default();
    int evidence = 0;
    const nb_schema *s = nb_mapper_detect(doc, set, &evidence);
    gboolean named = nb_meta_names_report(doc, set), undecided = FALSE;
    nb_record *r = nb_record_new();
    int tables = 0;
    gboolean meta_read = FALSE;
    if (s) {
        tables = nb_mapper_map(doc, s, r);
    } else if ((s = nb_mapper_detect_by_tables(doc, set, &undecided))) {
        /* a page holding only tables both templates print (spec: a single
         * page yields the values printed on it) */
        tables = nb_mapper_map(doc, s, r);
        if (tables == 0) { /* words of the tables in prose: not a template's evidence */
            s = NULL;
            nb_record_free(r);
            r = nb_record_new();
        }
    }
    if (tables == 0 && !named) {
        nb_record_free(r);
        nb_error_set(err, NB_ERR_NOT_REPORT,
                     "not an annual report on government information disclosure "
                     "(no such title and no template table)");
        return NULL;
    }
    if (tables > 0) {
        r->template_name = g_strdup(s->name);
        if (undecided)
            nb_record_warn(r, "template", "the tables shown cannot tell the templates apart: "
                           "%s, the layout in force, assumed", s->name);
    } else {
        /* No template table: a pre-2019 report is the legacy form; a later one
         * lost its tables (or we could not read them), which is said per table. */
        nb_record_free(r);
        r = nb_record_new();
        nb_meta_read_agency_year(doc, set, r);
        meta_read = TRUE;
        const nb_schema *by_year = nb_schema_for_year(set, r->year);
        const nb_schema *t = s ? s : by_year;
        if (t && by_year) {
            r->template_name = g_strdup(t->name);
            for (guint i = 0; i < t->tables->len; i++) {
                const nb_schema_table *tab = g_ptr_array_index(t->tables, i);
                nb_record_warn(r, tab->key, "table %s not found", tab->key);
            }
        } else {
            r->template_name = g_strdup("legacy");
        }
    }
    for (guint i = 0; i < doc->warnings->len; i++) {
        const nb_warning *w = g_ptr_array_index(doc->warnings, i);
        nb_record_warn(r, w->path, "%s", w->message);
    }
    if (!meta_read)
        nb_meta_read_agency_year(doc, set, r);
    nb_meta_read_sections(doc, set, r);
    if (strcmp(r->template_name, "legacy") != 0)
        nb_meta_read_info_fees(doc, set, r);
    if (s && tables > 0) {
        /* The one feedback loop: OCR cells the rules put in doubt go back to
         * the scan reader for another reading (scan_review.h) before the
         * checks are recorded. */
        nb_scan_review(doc, s, r);
    }
    /* after every reading (the scan review included), before the checks: a
     * person's value outranks any reading and the checks judge it */
    if (!apply_corrections(corr, r, err)) {
        nb_record_free(r);
        return NULL;
    }
    if (s && tables > 0) {
        nb_rules_check_record(s, r);
        nb_statements_check(doc, s, r);
    }
    return r;
}

nb_record *nb_pipeline_convert(const char *path, const nb_limits *lim, nb_error *err)
{
    nb_doc *doc = nb_pipeline_read(path, lim, err);
    if (!doc)
        return NULL;
    nb_record *r = nb_pipeline_record(doc, err);
    nb_doc_free(doc);
    if (r && nb_pipeline_over_time(lim, err)) {
        nb_record_free(r);
        return NULL;
    }
    return r;
}
