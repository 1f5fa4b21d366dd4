/* corrections.c — see corrections.h. */
#include "cmd/driver/corrections.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <jansson.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <string.h>

struct nb_corrections {
    char *sha256;
    char *digest;      /* SHA-256 of the corrections file itself */
    GPtrArray *paths;  /* char*, in file order */
    GArray *values;    /* double, parallel to paths */
};

struct nb_corrections_set {
    GHashTable *by_sha; /* sha256 (borrowed from the value) -> nb_corrections* */
};

void nb_corrections_free(nb_corrections *c)
{
    if (!c)
        return;
    g_free(c->sha256);
    g_free(c->digest);
    g_ptr_array_free(c->paths, TRUE);
    g_array_free(c->values, TRUE);
    g_free(c);
}

static gboolean is_sha256_hex(const char *s)
{
    if (!s || strlen(s) != 64)
        return FALSE;
    for (const char *p = s; *p; p++)
        if (!g_ascii_isxdigit(*p))
            return FALSE;
    return TRUE;
}

static gboolean in_some_template(const char *path)
{
    const nb_schema_set *set = nb_schema_set_default();
    for (guint i = 0; i < set->schemas->len; i++)
        if (nb_schema_has_path(g_ptr_array_index(set->schemas, i), path))
            return TRUE;
    return FALSE;
}

/* Checks the parsed JSON and copies it into a new nb_corrections. */
static nb_corrections *from_json(json_t *root, GError **error)
{
    const char *sha = json_string_value(json_object_get(root, "source_sha256"));
    json_t *values = json_object_get(root, "values");
    if (!is_sha256_hex(sha) || !json_is_object(values)) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "not a corrections file (expects {\"source_sha256\": \"<64 hex digits>\", "
                    "\"values\": {KEY: NUMBER, ...}})");
        return NULL;
    }
    nb_corrections *c = g_new0(nb_corrections, 1);
    c->sha256 = g_ascii_strdown(sha, -1);
    c->paths = g_ptr_array_new_with_free_func(g_free);
    c->values = g_array_new(FALSE, FALSE, sizeof(double));
    const char *key;
    json_t *v;
    json_object_foreach(values, key, v) {
        if (!json_is_number(v)) {
            g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                        "correction of %s is not a number", key);
            nb_corrections_free(c);
            return NULL;
        }
        if (!in_some_template(key)) {
            g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                        "correction of %s: no template has this key", key);
            nb_corrections_free(c);
            return NULL;
        }
        double d = json_number_value(v);
        g_ptr_array_add(c->paths, g_strdup(key));
        g_array_append_val(c->values, d);
    }
    return c;
}

nb_corrections *nb_corrections_load(const char *path, GError **error)
{
    json_error_t je;
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "corrections file: %s (line %d)",
                    je.text, je.line);
        return NULL;
    }
    nb_corrections *c = from_json(root, error);
    json_decref(root);
    if (c)
        c->digest = nb_corrections_file_sha256(path, NULL);
    return c;
}

const char *nb_corrections_sha256(const nb_corrections *c)
{
    return c->sha256;
}

const char *nb_corrections_digest(const nb_corrections *c)
{
    return c->digest ? c->digest : "";
}

guint nb_corrections_count(const nb_corrections *c)
{
    return c ? c->paths->len : 0;
}

/* `path` opened for reading when it is a regular file, else NULL: a FIFO
 * would block the open, a device would be hashed without end.  O_NONBLOCK
 * and the fstat catch a name swapped for a FIFO after the stat. */
static FILE *open_regular(const char *path)
{
    GStatBuf st;
    if (g_stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return NULL;
    int fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return NULL;
    }
    FILE *f = fdopen(fd, "rb");
    if (!f)
        close(fd);
    return f;
}

char *nb_corrections_file_sha256(const char *path, GError **error)
{
    FILE *f = open_regular(path);
    if (!f) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT, 
                    "cannot open the file (or not a regular file)");
        return NULL;
    }
    GChecksum *ck = g_checksum_new(G_CHECKSUM_SHA256);
    guchar buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        g_checksum_update(ck, buf, n);
    gboolean bad = ferror(f);
    fclose(f);
    char *hex = bad ? NULL : g_strdup(g_checksum_get_string(ck));
    g_checksum_free(ck);
    if (bad)
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_IO, "cannot read the file");
    return hex;
}

gboolean nb_corrections_fit(const nb_corrections *c, const nb_schema *s, GError **error)
{
    for (guint i = 0; c && i < c->paths->len; i++) {
        const char *p = g_ptr_array_index(c->paths, i);
        if (!s || !nb_schema_has_path(s, p)) {
            g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                        "correction of %s: template %s has no such key", p,
                        s ? s->name : "legacy");
            return FALSE;
        }
    }
    return TRUE;
}

void nb_corrections_apply(const nb_corrections *c, nb_record *r)
{
    for (guint i = 0; c && i < c->paths->len; i++)
        nb_record_correct(r, g_ptr_array_index(c->paths, i),
                          g_array_index(c->values, double, i));
}

/* Adds the corrections file `name` of `dir` to `s`; FALSE with *error set
 * ("NAME: problem") when it is malformed or its source is already taken. */
static gboolean set_add_file(nb_corrections_set *s, const char *dir, const char *name,
                             GError **error)
{
    char *path = g_build_filename(dir, name, NULL);
    GError *e = NULL;
    nb_corrections *c = nb_corrections_load(path, &e);
    if (c && g_hash_table_contains(s->by_sha, c->sha256)) {
        g_set_error(&e, G_FILE_ERROR, G_FILE_ERROR_EXIST,
                    "a second corrections file for source %s", c->sha256);
        nb_corrections_free(c);
        c = NULL;
    }
    if (c)
        g_hash_table_insert(s->by_sha, c->sha256, c);
    else
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: %s", path, e->message);
    g_clear_error(&e);
    g_free(path);
    return c != NULL;
}

static int by_name(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

nb_corrections_set *nb_corrections_set_load(const char *dir, GError **error)
{
    GError *e = NULL;
    GDir *d = g_dir_open(dir, 0, &e);
    if (!d) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "%s: %s", dir, e->message);
        g_clear_error(&e);
        return NULL;
    }
    nb_corrections_set *s = g_new0(nb_corrections_set, 1);
    s->by_sha = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                      (GDestroyNotify)nb_corrections_free);
    /* sorted, so that which of two clashing files is named does not depend
     * on the directory's order */
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    const char *n;
    while ((n = g_dir_read_name(d)))
        if (g_str_has_suffix(n, ".json"))
            g_ptr_array_add(names, g_strdup(n));
    g_dir_close(d);
    g_ptr_array_sort(names, by_name);
    gboolean ok = TRUE;
    for (guint i = 0; i < names->len && ok; i++)
        ok = set_add_file(s, dir, g_ptr_array_index(names, i), error);
    g_ptr_array_free(names, TRUE);
    if (!ok) {
        nb_corrections_set_free(s);
        return NULL;
    }
    return s;
}

void nb_corrections_set_free(nb_corrections_set *s)
{
    if (!s)
        return;
    g_hash_table_destroy(s->by_sha);
    g_free(s);
}

const nb_corrections *nb_corrections_set_find(const nb_corrections_set *s, const char *sha256)
{
    return s && sha256 ? g_hash_table_lookup(s->by_sha, sha256) : NULL;
}

guint nb_corrections_set_size(const nb_corrections_set *s)
{
    return s ? g_hash_table_size(s->by_sha) : 0;
}
