/* review_db.c — see review_db.h. */
#include "cmd/review/review_db.h"

#include <jansson.h>
#include <string.h>

static GQuark review_db_quark(void)
{
    return g_quark_from_static_string("nb-review-db");
}

static char *col_text(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? g_strdup((const char *)t) : NULL;
}

static void doc_free(gpointer p)
{
    nb_review_doc *d = p;
    g_free(d->path), g_free(d->relpath), g_free(d->sha256), g_free(d->format);
    g_free(d->template_name), g_free(d->agency), g_free(d->status), g_free(d->error);
    g_free(d);
}

/* Prepares `sql`; NULL with *error set on failure. */
static sqlite3_stmt *prepare(sqlite3 *h, const char *sql, GError **error)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK) {
        g_set_error(error, review_db_quark(), 1, "%s", sqlite3_errmsg(h));
        sqlite3_finalize(st);
        return NULL;
    }
    return st;
}

GPtrArray *nb_review_db_documents(sqlite3 *h, GError **error)
{
    sqlite3_stmt *st = prepare(h,
        "SELECT d.id, d.path, d.relpath, d.sha256, d.format, d.template, d.agency, d.status,"
        " d.error, d.year, d.n_values, d.n_checks, d.n_warnings,"
        " (SELECT count(*) FROM fields f WHERE f.document_id = d.id AND f.flagged)"
        " FROM documents d ORDER BY d.relpath, d.path", error);
    if (!st)
        return NULL;
    GPtrArray *docs = g_ptr_array_new_with_free_func(doc_free);
    while (sqlite3_step(st) == SQLITE_ROW) {
        nb_review_doc *d = g_new0(nb_review_doc, 1);
        d->id = sqlite3_column_int64(st, 0);
        d->path = col_text(st, 1), d->relpath = col_text(st, 2), d->sha256 = col_text(st, 3);
        d->format = col_text(st, 4), d->template_name = col_text(st, 5);
        d->agency = col_text(st, 6), d->status = col_text(st, 7), d->error = col_text(st, 8);
        d->year = sqlite3_column_int(st, 9);
        d->n_values = sqlite3_column_int(st, 10), d->n_checks = sqlite3_column_int(st, 11);
        d->n_warnings = sqlite3_column_int(st, 12), d->n_flagged = sqlite3_column_int(st, 13);
        g_ptr_array_add(docs, d);
    }
    sqlite3_finalize(st);
    return docs;
}

static nb_origin origin_named(const char *name)
{
    static const nb_origin all[] = {NB_ORIGIN_TEXT, NB_ORIGIN_HTML, NB_ORIGIN_TEXT_LAYER,
                                    NB_ORIGIN_OCR, NB_ORIGIN_CORRECTION};
    for (size_t i = 0; name && i < G_N_ELEMENTS(all); i++)
        if (strcmp(nb_origin_name(all[i]), name) == 0)
            return all[i];
    return NB_ORIGIN_TEXT;
}

static gboolean read_fields(sqlite3 *h, gint64 id, nb_record *r, GError **error)
{
    /* order does not matter: the page lists values in template order */
    sqlite3_stmt *st = prepare(h, "SELECT key, value, raw, page, line, x0, y0, x1, y1,"
                                  " confidence, origin FROM fields WHERE document_id = ?1", error);
    if (!st)
        return FALSE;
    sqlite3_bind_int64(st, 1, id);
    while (sqlite3_step(st) == SQLITE_ROW) {
        nb_prov p = nb_prov_none(origin_named((const char *)sqlite3_column_text(st, 10)));
        p.page = sqlite3_column_int(st, 3);
        p.line = sqlite3_column_int(st, 4);
        p.has_box = sqlite3_column_type(st, 5) != SQLITE_NULL;
        for (int k = 0; k < 4; k++)
            p.box[k] = sqlite3_column_double(st, 5 + k);
        p.confidence = sqlite3_column_type(st, 9) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 9);
        nb_record_set(r, (const char *)sqlite3_column_text(st, 0), sqlite3_column_double(st, 1),
                      (const char *)sqlite3_column_text(st, 2), &p);
    }
    sqlite3_finalize(st);
    return TRUE;
}

static GPtrArray *paths_of(const char *json)
{
    GPtrArray *paths = g_ptr_array_new_with_free_func(g_free);
    json_t *a = json ? json_loads(json, 0, NULL) : NULL;
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v)
        if (json_is_string(v))
            g_ptr_array_add(paths, g_strdup(json_string_value(v)));
    json_decref(a);
    return paths;
}

static gboolean read_diagnostics(sqlite3 *h, gint64 id, nb_record *r, GError **error)
{
    sqlite3_stmt *st = prepare(h, "SELECT rule, expected, found, message, paths FROM checks"
                                  " WHERE document_id = ?1 ORDER BY seq", error);
    if (!st)
        return FALSE;
    sqlite3_bind_int64(st, 1, id);
    while (sqlite3_step(st) == SQLITE_ROW)
        nb_record_add_check(r, sqlite3_column_int(st, 0), sqlite3_column_double(st, 1),
                            sqlite3_column_double(st, 2), (const char *)sqlite3_column_text(st, 3),
                            paths_of((const char *)sqlite3_column_text(st, 4)));
    sqlite3_finalize(st);
    st = prepare(h, "SELECT key, message FROM warnings WHERE document_id = ?1 ORDER BY seq",
                 error);
    if (!st)
        return FALSE;
    sqlite3_bind_int64(st, 1, id);
    while (sqlite3_step(st) == SQLITE_ROW)
        nb_record_warn(r, (const char *)sqlite3_column_text(st, 0), "%s",
                       (const char *)sqlite3_column_text(st, 1));
    sqlite3_finalize(st);
    return TRUE;
}

nb_record *nb_review_db_record(sqlite3 *h, const nb_review_doc *d, GError **error)
{
    nb_record *r = nb_record_new();
    r->template_name = g_strdup(d->template_name);
    r->agency = g_strdup(d->agency);
    r->year = d->year;
    if (!read_fields(h, d->id, r, error) || !read_diagnostics(h, d->id, r, error)) {
        nb_record_free(r);
        return NULL;
    }
    return r;
}
