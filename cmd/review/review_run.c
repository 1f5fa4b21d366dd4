/* review_run.c — see review_run.h. */
#include "cmd/review/review_run.h"
#include "cmd/batch/db.h"
#include "cmd/driver/pipeline.h"
#include "cmd/review/review_db.h"
#include "cmd/review/review_images.h"
#include "cmd/review/review_index.h"
#include "cmd/review/review_page.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

typedef gboolean (*page_writer)(FILE *out, gconstpointer data);

/* Writes a page through `write` into `path`.tmp, then renames it into place,
 * so that a page is either complete or absent. */
static gboolean write_file(const char *path, page_writer write, gconstpointer data, nb_error *err)
{
    char *tmp = g_strconcat(path, ".tmp", NULL);
    FILE *f = fopen(tmp, "wb");
    gboolean ok = f && write(f, data);
    ok = f && fclose(f) == 0 && ok;
    ok = ok && g_rename(tmp, path) == 0;
    if (!ok) {
        nb_error_set(err, NB_ERR_IO, "cannot write %s: %s", path, g_strerror(errno));
        g_unlink(tmp);
    }
    g_free(tmp);
    return ok;
}

static gboolean write_review(FILE *out, gconstpointer in)
{
    return nb_review_write_page(out, in);
}

/* The page images of `file`, or NULL with *note set to why there are none
 * (a rendering failure never costs the page: the values are still listed). */
static GPtrArray *images_or_note(const char *file, const nb_limits *lim, char **note)
{
    nb_error e = {NB_ERR_NONE, NULL};
    GPtrArray *images = nb_review_images(file, lim, &e);
    *note = images ? NULL : g_strdup_printf("the pages could not be rendered: %s", e.message);
    nb_error_clear(&e);
    return images;
}

gboolean nb_review_file(const char *file, const char *out, const nb_corrections *corr,
                        const nb_limits *lim, nb_error *err)
{
    err->cls = NB_ERR_NONE;
    err->message = NULL;
    char *sha = NULL;
    nb_doc *doc = nb_pipeline_read_hashed(file, lim, corr ? nb_corrections_sha256(corr) : NULL,
                                          &sha, err);
    nb_record *rec = doc ? nb_pipeline_record_corrected(doc, corr, err) : NULL;
    if (!rec) {
        nb_doc_free(doc);
        g_free(sha);
        return FALSE;
    }
    char *name = g_filename_display_basename(file);
    char *note = NULL;
    GPtrArray *images = images_or_note(file, lim, &note);
    nb_review_input in = {name, sha ? sha : "", doc->format, rec, doc, images, NULL, note};
    gboolean ok = write_file(out, write_review, &in, err);
    nb_review_images_free(images);
    g_free(note), g_free(name), g_free(sha);
    nb_record_free(rec);
    nb_doc_free(doc);
    return ok;
}

gboolean nb_review_is_database(const char *path)
{
    if (nb_conn_is_postgres(path))
        return TRUE; /* refused with a pointer to merge by review_db */
    FILE *f = fopen(path, "rb");
    char head[16] = {0};
    gboolean db = f && fread(head, 1, sizeof head, f) == sizeof head &&
                  memcmp(head, "SQLite format 3", 16) == 0;
    if (f)
        fclose(f);
    return db;
}

/* ---- a batch database ---------------------------------------------------- */

/* The source of `d` when it is still at its path with the same bytes. */
static gboolean source_available(const nb_review_doc *d)
{
    char *sha = d->path ? nb_corrections_file_sha256(d->path, NULL) : NULL;
    gboolean same = sha && g_strcmp0(sha, d->sha256) == 0;
    g_free(sha);
    return same;
}

/* The text flow and grids of `d` when reading them again is cheap (no OCR):
 * text, HTML and PDF text layers.  NULL otherwise. */
static nb_doc *reread_cheap(const nb_review_doc *d, const nb_limits *lim)
{
    const char *f = d->format ? d->format : "";
    if (strcmp(f, "text") != 0 && strcmp(f, "html") != 0 && strcmp(f, "pdf-text") != 0)
        return NULL;
    nb_limits l = *lim;
    l.started_us = g_get_monotonic_time();
    nb_error e = {NB_ERR_NONE, NULL};
    nb_doc *doc = nb_pipeline_read(d->path, &l, &e);
    nb_error_clear(&e);
    return doc;
}

static gboolean db_doc_page(sqlite3 *h, const nb_review_doc *d, const char *path,
                            const nb_limits *lim, nb_error *err)
{
    GError *ge = NULL;
    nb_record *rec = nb_review_db_record(h, d, &ge);
    if (!rec) {
        nb_error_set(err, NB_ERR_FORMAT, "document %s: %s", d->relpath, ge->message);
        g_clear_error(&ge);
        return FALSE;
    }
    gboolean have = source_available(d);
    char *note = have ? NULL
                      : g_strdup("the source file is no longer at its path with the same "
                                 "SHA-256: the values are listed without their pages");
    GPtrArray *images = have ? images_or_note(d->path, lim, &note) : NULL;
    nb_doc *doc = have ? reread_cheap(d, lim) : NULL;
    if (have && !doc && !note && images && images->len)
        note = g_strdup("the rebuilt grids are not drawn (the scan is not read again); "
                        "the boxes of the values come from the database");
    char *name = g_filename_display_basename(d->relpath);
    nb_review_input in = {name, d->sha256, d->format, rec, doc, images, "index.html", note};
    gboolean ok = write_file(path, write_review, &in, err);
    g_free(name), g_free(note);
    nb_doc_free(doc);
    nb_review_images_free(images);
    nb_record_free(rec);
    return ok;
}

typedef struct {
    const char *title;
    GPtrArray *docs;
    GHashTable *pages;
} index_data;

static gboolean write_index(FILE *out, gconstpointer data)
{
    const index_data *x = data;
    return nb_review_write_index(out, x->title, x->docs, x->pages);
}

/* Writes one page per converted document; fills `pages` (doc -> file name). */
static gboolean db_doc_pages(sqlite3 *h, GPtrArray *docs, const char *dir, const nb_limits *lim,
                             GHashTable *pages, nb_error *err)
{
    /* copies of one file (same SHA-256) share one page, written once */
    GHashTable *written = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    gboolean ok = TRUE;
    for (guint i = 0; i < docs->len && ok; i++) {
        const nb_review_doc *d = g_ptr_array_index(docs, i);
        if (g_strcmp0(d->status, "ok") != 0 || !d->sha256)
            continue;
        /* named by content: a rerun writes the same names */
        char *name = g_strdup_printf("doc-%.16s.html", d->sha256);
        char *path = g_build_filename(dir, name, NULL);
        ok = g_hash_table_contains(written, name) || db_doc_page(h, d, path, lim, err);
        g_hash_table_add(written, g_strdup(name));
        g_free(path);
        if (ok)
            g_hash_table_insert(pages, (gpointer)d, g_strdup(name));
        g_free(name);
    }
    g_hash_table_destroy(written);
    return ok;
}

gboolean nb_review_db(const char *db, const char *dir, const nb_limits *lim, int *pages,
                      nb_error *err)
{
    err->cls = NB_ERR_NONE;
    err->message = NULL;
    if (pages)
        *pages = 0;
    GError *ge = NULL;
    nb_db *h = nb_db_open_readonly(db, &ge);
    /* the pages are read through SQLite: a PostgreSQL database is copied
     * into a file first */
    if (h && !nb_db_handle(h))
        g_set_error(&ge, NB_DB_ERROR, NB_DB_ERR_REFUSED, "review reads batch database files "
                    "only: copy it into one first (nianbao merge URI -o copy.db)");
    GPtrArray *docs = h && nb_db_handle(h) ? nb_review_db_documents(nb_db_handle(h), &ge) : NULL;
    if (!docs) {
        nb_error_set(err, NB_ERR_FORMAT, "%s", ge->message);
        g_clear_error(&ge);
        nb_db_close(h);
        return FALSE;
    }
    gboolean ok = g_mkdir_with_parents(dir, 0777) == 0;
    if (!ok)
        nb_error_set(err, NB_ERR_IO, "cannot create %s: %s", dir, g_strerror(errno));
    GHashTable *names = g_hash_table_new_full(NULL, NULL, NULL, g_free);
    ok = ok && db_doc_pages(nb_db_handle(h), docs, dir, lim, names, err);
    if (ok) {
        char *title = g_path_get_basename(db);
        char *index = g_build_filename(dir, "index.html", NULL);
        index_data x = {title, docs, names};
        ok = write_file(index, write_index, &x, err);
        g_free(index), g_free(title);
    }
    if (pages)
        *pages = (int)g_hash_table_size(names);
    g_hash_table_destroy(names);
    g_ptr_array_free(docs, TRUE);
    nb_db_close(h);
    return ok;
}
