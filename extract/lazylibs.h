/*
 * lazylibs.h — libzip and libgsf, opened the first time a ZIP package or an
 * OLE2 file is read or written, never at start-up.
 *
 * Owns: the two library handles and their function tables.  Only Word and
 * OFD documents (and synth's DOCX/OFD writers) need these libraries; linked
 * into the binary, they and what they bring (libcrypto through libzip) cost
 * every run, `--version` and every PDF included, some 8 M instructions of
 * symbol binding (a fifth of start-up; docs/pdf.md "Cost").  They are opened
 * with GModule by the shared-object name of the library the build was made
 * against (NB_LIBZIP_SONAME, NB_LIBGSF_SONAME, set by CMakeLists.txt), so
 * the dynamic loader finds them where it found them before; no other program
 * is run.  Once opened they stay loaded until the process ends.
 *
 * A file that uses these libraries includes this header after <zip.h> or
 * the gsf headers: the library's function names then name the entries of
 * the table (`zip_close(z)` is the loaded zip_close), so the code reads as
 * plain library calls.  Before the first such call on any path, the file
 * calls nb_lazy_zip() or nb_lazy_gsf(), which open the library (once) and
 * fail with a one-line NB_ERR_UNSUPPORTED error when it cannot be opened.
 */
#ifndef NB_LAZYLIBS_H
#define NB_LAZYLIBS_H

#include "extract/reader.h"

#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-memory.h>
#include <zip.h>

/* X(return type, name, parameter list) for every libzip function used. */
#define NB_ZIP_FUNCTIONS(X)                                                                   \
    X(int, zip_close, (zip_t *))                                                              \
    X(void, zip_discard, (zip_t *))                                                           \
    X(void, zip_error_fini, (zip_error_t *))                                                  \
    X(void, zip_error_init, (zip_error_t *))                                                  \
    X(const char *, zip_error_strerror, (zip_error_t *))                                      \
    X(int, zip_fclose, (zip_file_t *))                                                        \
    X(zip_int64_t, zip_file_add, (zip_t *, const char *, zip_source_t *, zip_flags_t))         \
    X(zip_error_t *, zip_file_get_error, (zip_file_t *))                                      \
    X(zip_file_t *, zip_fopen_index, (zip_t *, zip_uint64_t, zip_flags_t))                    \
    X(zip_int64_t, zip_fread, (zip_file_t *, void *, zip_uint64_t))                           \
    X(const char *, zip_get_name, (zip_t *, zip_uint64_t, zip_flags_t))                       \
    X(zip_int64_t, zip_get_num_entries, (zip_t *, zip_flags_t))                               \
    X(zip_int64_t, zip_name_locate, (zip_t *, const char *, zip_flags_t))                     \
    X(zip_t *, zip_open_from_source, (zip_source_t *, int, zip_error_t *))                    \
    X(zip_source_t *, zip_source_buffer, (zip_t *, const void *, zip_uint64_t, int))          \
    X(zip_source_t *, zip_source_buffer_create, (const void *, zip_uint64_t, int, zip_error_t *)) \
    X(int, zip_source_close, (zip_source_t *))                                                \
    X(void, zip_source_free, (zip_source_t *))                                                \
    X(void, zip_source_keep, (zip_source_t *))                                                \
    X(int, zip_source_open, (zip_source_t *))                                                 \
    X(zip_int64_t, zip_source_read, (zip_source_t *, void *, zip_uint64_t))

/* The same for libgsf. */
#define NB_GSF_FUNCTIONS(X)                                                                   \
    X(GsfInput *, gsf_infile_child_by_name, (GsfInfile *, char const *))                       \
    X(GsfInfile *, gsf_infile_msole_new, (GsfInput *, GError **))                              \
    X(GsfInput *, gsf_input_memory_new, (guint8 const *, gsf_off_t, gboolean))                 \
    X(guint8 const *, gsf_input_read, (GsfInput *, size_t, guint8 *))                          \
    X(gsf_off_t, gsf_input_size, (GsfInput *))

#define NB_LAZY_FIELD(ret, name, params) ret (*name) params;
typedef struct {
    NB_ZIP_FUNCTIONS(NB_LAZY_FIELD)
} nb_zip_api;
typedef struct {
    NB_GSF_FUNCTIONS(NB_LAZY_FIELD)
} nb_gsf_api;
#undef NB_LAZY_FIELD

/* Opens libzip on the first call (thread-safe).  Returns TRUE when its
 * functions can be called; FALSE with `err` (may be NULL) set to
 * NB_ERR_UNSUPPORTED, naming the library, when it cannot be opened. */
gboolean nb_lazy_zip(nb_error *err);

/* The same for libgsf. */
gboolean nb_lazy_gsf(nb_error *err);

/* The function tables; valid (all entries set) once nb_lazy_zip /
 * nb_lazy_gsf returned TRUE, never freed. */
extern nb_zip_api nb_zip_fn;
extern nb_gsf_api nb_gsf_fn;

#ifndef NB_LAZYLIBS_IMPL
#define zip_close (nb_zip_fn.zip_close)
#define zip_discard (nb_zip_fn.zip_discard)
#define zip_error_fini (nb_zip_fn.zip_error_fini)
#define zip_error_init (nb_zip_fn.zip_error_init)
#define zip_error_strerror (nb_zip_fn.zip_error_strerror)
#define zip_fclose (nb_zip_fn.zip_fclose)
#define zip_file_add (nb_zip_fn.zip_file_add)
#define zip_file_get_error (nb_zip_fn.zip_file_get_error)
#define zip_fopen_index (nb_zip_fn.zip_fopen_index)
#define zip_fread (nb_zip_fn.zip_fread)
#define zip_get_name (nb_zip_fn.zip_get_name)
#define zip_get_num_entries (nb_zip_fn.zip_get_num_entries)
#define zip_name_locate (nb_zip_fn.zip_name_locate)
#define zip_open_from_source (nb_zip_fn.zip_open_from_source)
#define zip_source_buffer (nb_zip_fn.zip_source_buffer)
#define zip_source_buffer_create (nb_zip_fn.zip_source_buffer_create)
#define zip_source_close (nb_zip_fn.zip_source_close)
#define zip_source_free (nb_zip_fn.zip_source_free)
#define zip_source_keep (nb_zip_fn.zip_source_keep)
#define zip_source_open (nb_zip_fn.zip_source_open)
#define zip_source_read (nb_zip_fn.zip_source_read)
#define gsf_infile_child_by_name (nb_gsf_fn.gsf_infile_child_by_name)
#define gsf_infile_msole_new (nb_gsf_fn.gsf_infile_msole_new)
#define gsf_input_memory_new (nb_gsf_fn.gsf_input_memory_new)
#define gsf_input_read (nb_gsf_fn.gsf_input_read)
#define gsf_input_size (nb_gsf_fn.gsf_input_size)
#endif

#endif
