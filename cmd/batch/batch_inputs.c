/* batch_inputs.c — see batch_inputs.h. */
#include "cmd/batch/batch_inputs.h"
#include "extract/reader.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

struct nb_inputs {
    GPtrArray *items;     /* nb_input* */
    GPtrArray *includes;  /* GPatternSpec* */
    GPtrArray *excludes;  /* GPatternSpec* */
    GPtrArray *skip;      /* char*: paths never taken from a walk */
    GArray *skip_ids;     /* struct file_id of skip paths that exist */
};

struct file_id {
    dev_t dev;
    ino_t ino;
};

static void input_free(gpointer p)
{
    nb_input *i = p;
    g_free(i->path);
    g_free(i->relpath);
    g_free(i);
}

nb_inputs *nb_inputs_new(void)
{
    nb_inputs *in = g_new0(nb_inputs, 1);
    in->items = g_ptr_array_new_with_free_func(input_free);
    in->includes = g_ptr_array_new_with_free_func((GDestroyNotify)g_pattern_spec_free);
    in->excludes = g_ptr_array_new_with_free_func((GDestroyNotify)g_pattern_spec_free);
    in->skip = g_ptr_array_new_with_free_func(g_free);
    in->skip_ids = g_array_new(FALSE, FALSE, sizeof(struct file_id));
    return in;
}

void nb_inputs_free(nb_inputs *in)
{
    if (!in)
        return;
    g_ptr_array_free(in->items, TRUE);
    g_ptr_array_free(in->includes, TRUE);
    g_ptr_array_free(in->excludes, TRUE);
    g_ptr_array_free(in->skip, TRUE);
    g_array_free(in->skip_ids, TRUE);
    g_free(in);
}

void nb_inputs_include(nb_inputs *in, const char *glob)
{
    g_ptr_array_add(in->includes, g_pattern_spec_new(glob));
}

void nb_inputs_exclude(nb_inputs *in, const char *glob)
{
    g_ptr_array_add(in->excludes, g_pattern_spec_new(glob));
}

void nb_inputs_skip_file(nb_inputs *in, const char *path)
{
    /* SQLite keeps these next to a database while it is open */
    static const char *suffixes[] = {"", "-wal", "-shm", "-journal"};
    for (guint i = 0; i < G_N_ELEMENTS(suffixes); i++) {
        char *p = g_strconcat(path, suffixes[i], NULL);
        struct stat st;
        if (stat(p, &st) == 0) {
            struct file_id id = {st.st_dev, st.st_ino};
            g_array_append_val(in->skip_ids, id);
        }
        g_ptr_array_add(in->skip, p);
    }
}

static gboolean matches_any(GPtrArray *globs, const char *name)
{
    for (guint i = 0; i < globs->len; i++)
        if (g_pattern_spec_match_string(g_ptr_array_index(globs, i), name))
            return TRUE;
    return FALSE;
}

/* A file found by a walk is taken unless a glob or the skip list rules it out. */
static gboolean wanted(const nb_inputs *in, const char *path, const char *name,
                       const struct stat *st)
{
    if (in->includes->len && !matches_any(in->includes, name))
        return FALSE;
    if (matches_any(in->excludes, name))
        return FALSE;
    for (guint i = 0; i < in->skip_ids->len; i++) {
        const struct file_id *id = &g_array_index(in->skip_ids, struct file_id, i);
        if (id->dev == st->st_dev && id->ino == st->st_ino)
            return FALSE;
    }
    for (guint i = 0; i < in->skip->len; i++)
        if (!strcmp(g_ptr_array_index(in->skip, i), path))
            return FALSE;
    return TRUE;
}

static void add_item(nb_inputs *in, const char *path, const char *relpath)
{
    nb_input *i = g_new0(nb_input, 1);
    i->path = g_strdup(path);
    i->relpath = g_strdup(relpath);
    g_ptr_array_add(in->items, i);
}

/* The identity path of a file named directly or listed: relative to the
 * current directory when below it, else absolute; '.' and '..' resolved
 * lexically, so "a.pdf", "./a.pdf" and "/cwd/a.pdf" are one input. */
static char *named_relpath(const char *path)
{
    char *abs = g_canonicalize_filename(path, NULL);
    char *cwd = g_get_current_dir();
    gsize n = strlen(cwd);
    char *rel = !strncmp(abs, cwd, n) && abs[n] == '/' && abs[n + 1] ? g_strdup(abs + n + 1)
                                                                       : g_strdup(abs);
    g_free(cwd);
    g_free(abs);
    return rel;
}

static void add_named(nb_inputs *in, const char *path)
{
    char *rel = named_relpath(path);
    add_item(in, path, rel);
    g_free(rel);
}

/* Walks `dir` (whose path relative to the root is `rel`, "" at the root). */
static void walk(nb_inputs *in, const char *dir, const char *rel)
{
    GError *e = NULL;
    GDir *d = g_dir_open(dir, 0, &e);
    if (!d) {
        fprintf(stderr, "nianbao: %s: skipped (%s)\n", dir, e->message);
        g_error_free(e);
        return;
    }
    const char *name;
    while ((name = g_dir_read_name(d))) {
        if (name[0] == '.')
            continue;
        char *path = g_build_filename(dir, name, NULL);
        char *relpath = *rel ? g_build_filename(rel, name, NULL) : g_strdup(name);
        struct stat lst, st;
        if (lstat(path, &lst) == 0 && stat(path, &st) == 0) {
            if (S_ISDIR(st.st_mode) && !S_ISLNK(lst.st_mode))
                walk(in, path, relpath);
            else if (S_ISREG(st.st_mode) && wanted(in, path, name, &st))
                add_item(in, path, relpath);
        }
        g_free(path);
        g_free(relpath);
    }
    g_dir_close(d);
}

gboolean nb_inputs_add_dir(nb_inputs *in, const char *dir, GError **error)
{
    GDir *d = g_dir_open(dir, 0, error);
    if (!d)
        return FALSE;
    g_dir_close(d);
    walk(in, dir, "");
    return TRUE;
}

gboolean nb_inputs_add_list(nb_inputs *in, const char *list, gboolean nul, GError **error)
{
    char *data = NULL;
    gsize len = 0;
    if (!strcmp(list, "-")) {
        GString *s = g_string_new(NULL);
        char buf[65536];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, stdin)) > 0)
            g_string_append_len(s, buf, (gssize)n);
        if (ferror(stdin)) {
            g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
                        "cannot read the list from stdin: %s", g_strerror(errno));
            g_string_free(s, TRUE);
            return FALSE;
        }
        len = s->len;
        data = g_string_free(s, FALSE);
    } else if (!g_file_get_contents(list, &data, &len, error)) {
        return FALSE;
    }
    const char sep = nul ? '\0' : '\n';
    for (gsize start = 0; start < len;) {
        const char *end = memchr(data + start, sep, len - start);
        gsize stop = end ? (gsize)(end - data) : len;
        gsize n = stop - start;
        if (!nul && n > 0 && data[start + n - 1] == '\r')
            n--;
        if (n > 0) {
            char *path = g_strndup(data + start, n);
            add_named(in, path);
            g_free(path);
        }
        start = stop + 1;
    }
    g_free(data);
    return TRUE;
}

void nb_inputs_add_file(nb_inputs *in, const char *path)
{
    add_named(in, path);
}

gboolean nb_inputs_is_list(const char *path, gboolean nul)
{
    /* a FIFO would block the open, a device never ends: only a regular file
     * is looked into; anything else is a document, which its worker refuses */
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
        return FALSE;
    FILE *f = fopen(path, "rb");
    if (!f)
        return TRUE; /* reading it as a list reports why it cannot be read */
    guchar buf[4096];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    if (n == 0)
        return TRUE;
    if (nb_sniff(buf, n) != NB_KIND_TEXT && !nul)
        return FALSE;
    const guchar *end = memchr(buf, nul ? '\0' : '\n', n);
    if (!end)
        return FALSE; /* no complete first entry in 4 KB: no path is that long */
    size_t len = (size_t)(end - buf);
    if (!nul && len > 0 && buf[len - 1] == '\r')
        len--;
    char *first = g_strndup((const char *)buf, len);
    gboolean exists = len > 0 && g_file_test(first, G_FILE_TEST_EXISTS);
    g_free(first);
    return exists;
}

static gint by_relpath(gconstpointer a, gconstpointer b)
{
    const nb_input *x = *(nb_input *const *)a, *y = *(nb_input *const *)b;
    int c = strcmp(x->relpath, y->relpath);
    return c ? c : strcmp(x->path, y->path);
}

void nb_inputs_finish(nb_inputs *in)
{
    g_ptr_array_sort(in->items, by_relpath);
    /* the same file named twice (two list lines, or a list and a walk) is one input */
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    GPtrArray *kept = g_ptr_array_new_with_free_func(input_free);
    for (guint i = 0; i < in->items->len; i++) {
        nb_input *it = g_ptr_array_index(in->items, i);
        if (g_hash_table_contains(seen, it->path)) {
            input_free(it);
            continue;
        }
        g_hash_table_add(seen, it->path);
        g_ptr_array_add(kept, it);
    }
    g_hash_table_destroy(seen);
    g_ptr_array_set_free_func(in->items, NULL);
    g_ptr_array_free(in->items, TRUE);
    in->items = kept;
}

void nb_inputs_keep_shard(nb_inputs *in, guint index, guint count)
{
    GPtrArray *kept = g_ptr_array_new_with_free_func(input_free);
    for (guint i = 0; i < in->items->len; i++) {
        nb_input *it = g_ptr_array_index(in->items, i);
        if (nb_shard_of(it->relpath, count) == index)
            g_ptr_array_add(kept, it);
        else
            input_free(it);
    }
    g_ptr_array_set_free_func(in->items, NULL);
    g_ptr_array_free(in->items, TRUE);
    in->items = kept;
}

guint nb_inputs_len(const nb_inputs *in)
{
    return in ? in->items->len : 0;
}

const nb_input *nb_inputs_get(const nb_inputs *in, guint i)
{
    return i < in->items->len ? g_ptr_array_index(in->items, i) : NULL;
}

gboolean nb_shard_parse(const char *text, guint *index, guint *count)
{
    *index = *count = 0;
    guint64 i = 0, n = 0;
    char *end = NULL;
    if (!text || !g_ascii_isdigit(text[0]))
        return FALSE;
    i = g_ascii_strtoull(text, &end, 10);
    if (*end != '/' || !g_ascii_isdigit(end[1]))
        return FALSE;
    n = g_ascii_strtoull(end + 1, &end, 10);
    if (*end || i < 1 || n < 1 || i > n || n > G_MAXUINT)
        return FALSE;
    *index = (guint)i, *count = (guint)n;
    return TRUE;
}

guint nb_shard_of(const char *relpath, guint count)
{
    guint8 digest[32];
    gsize len = sizeof digest;
    GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
    g_checksum_update(c, (const guchar *)relpath, -1);
    g_checksum_get_digest(c, digest, &len);
    g_checksum_free(c);
    guint64 h = 0;
    for (int i = 0; i < 8; i++)
        h = (h << 8) | digest[i];
    return (guint)(h % count) + 1;
}

char *nb_file_sha256(const char *path, gint64 *size, const char **kind, GError **error)
{
    if (size)
        *size = 0;
    if (kind)
        *kind = "unknown";
    FILE *f = fopen(path, "rb");
    if (!f) {
        int e = errno;
        g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e), "%s", g_strerror(e));
        return NULL;
    }
    GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
    guchar buf[65536];
    size_t n;
    gint64 total = 0;
    gboolean first = TRUE;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        if (first && kind)
            *kind = nb_kind_name(nb_sniff(buf, n));
        first = FALSE;
        g_checksum_update(c, buf, n);
        total += (gint64)n;
    }
    if (ferror(f)) {
        int e = errno;
        g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e), "%s", g_strerror(e));
        g_checksum_free(c);
        fclose(f);
        return NULL;
    }
    fclose(f);
    if (first && kind)
        *kind = nb_kind_name(NB_KIND_EMPTY);
    if (size)
        *size = total;
    char *hex = g_strdup(g_checksum_get_string(c));
    g_checksum_free(c);
    return hex;
}
