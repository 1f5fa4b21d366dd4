/*
 * batch_inputs.h — the list of files a batch run converts.
 *
 * Owns: nb_inputs, the inputs of one run in a deterministic order (sorted by
 * path relative to their root), built from directories (walked recursively)
 * and list files (one path per line, or NUL-separated), filtered by basename
 * globs and by shard.  Also the two fingerprints batch needs from a file: its
 * SHA-256 and size, and its shard number.
 *
 * Paths are taken as given: a list file's lines are never trimmed, expanded
 * or interpreted by a shell; a directory's files are the directory path joined
 * with each name found.  Every string in an nb_input is owned by the nb_inputs
 * that holds it; nb_inputs_free releases them all.
 */
#ifndef NB_BATCH_INPUTS_H
#define NB_BATCH_INPUTS_H

#include <glib.h>

typedef struct {
    char *path;    /* the file to open: "DIR/sub/a.pdf" or a list line as given */
    char *relpath; /* relative to the directory root ("sub/a.pdf"); for a file named or
                      listed, relative to the current directory when below it, else
                      absolute ('.' and '..' resolved) */
} nb_input;

typedef struct nb_inputs nb_inputs;

/* Creates an empty input list.  Free it with nb_inputs_free. */
nb_inputs *nb_inputs_new(void);

/* Releases the list and every string in it.  NULL is accepted. */
void nb_inputs_free(nb_inputs *in);

/* Adds a basename glob ("*.pdf", "source.*"): once any include glob is set,
 * only directory entries matching one of them are taken.  Exclude globs drop
 * matching entries (they win over includes).  Globs apply to files found by
 * walking a directory, not to list-file lines, which are taken as given. */
void nb_inputs_include(nb_inputs *in, const char *glob);
void nb_inputs_exclude(nb_inputs *in, const char *glob);

/* Never takes the file at `path` (nor its SQLite companions -wal, -shm,
 * -journal) from a directory walk: the output database may live inside the
 * input tree.  A path that does not exist yet is remembered by name. */
void nb_inputs_skip_file(nb_inputs *in, const char *path);

/* Adds every regular file below `dir` (recursively; hidden files and
 * directories, those starting with '.', are skipped; symbolic links to files
 * are followed, links to directories are not, so a walk always ends).  Returns
 * FALSE with *error set when `dir` cannot be opened; unreadable
 * subdirectories are reported on stderr and skipped. */
gboolean nb_inputs_add_dir(nb_inputs *in, const char *dir, GError **error);

/* Adds the paths listed in `list` ("-" = stdin), one per line ('\n', a '\r'
 * before it is dropped), or NUL-separated when `nul` is TRUE.  Empty lines are
 * skipped; nothing else is changed.  Returns FALSE with *error set when the
 * list cannot be read. */
gboolean nb_inputs_add_list(nb_inputs *in, const char *list, gboolean nul, GError **error);

/* Adds one file to convert, named directly (relpath: see nb_input). */
void nb_inputs_add_file(nb_inputs *in, const char *path);

/* Tells a list file from a document named directly (`nianbao batch *.txt`):
 * TRUE when the file is text whose first entry (line, or NUL-terminated entry
 * when `nul`) names an existing file, or when it is empty. */
gboolean nb_inputs_is_list(const char *path, gboolean nul);

/* Sorts the inputs by relative path and drops repeated paths, so that runs
 * over the same inputs schedule them in the same order. */
void nb_inputs_finish(nb_inputs *in);

/* Keeps only the inputs of shard `index` (1-based) of `count`. */
void nb_inputs_keep_shard(nb_inputs *in, guint index, guint count);

/* Number of inputs (0 for NULL). */
guint nb_inputs_len(const nb_inputs *in);

/* Input `i` (0-based), or NULL past the end.  Borrowed from `in`. */
const nb_input *nb_inputs_get(const nb_inputs *in, guint i);

/* Parses "I/N" with 1 <= I <= N.  Returns FALSE (outputs set to 0) when the
 * text is not such a pair. */
gboolean nb_shard_parse(const char *text, guint *index, guint *count);

/* The shard (1..count) a relative path belongs to: the first 8 bytes of the
 * SHA-256 of the path, modulo count, plus one.  The same on every machine, so
 * shards computed on different hosts never overlap or miss a file. */
guint nb_shard_of(const char *relpath, guint count);

/* Reads the file at `path` and returns its SHA-256 as 64 hex digits (g_free),
 * setting *size to its length in bytes and *kind to the kind its first bytes
 * show ("pdf", "html", "text", "image", "binary", "empty"; a static string),
 * so that a failed file's row still says what it was.  Both out-parameters
 * are optional and always initialised.  Returns NULL with *error set when the
 * file cannot be read. */
char *nb_file_sha256(const char *path, gint64 *size, const char **kind, GError **error);

#endif
