/* reader.c — see reader.h. */
#include "extract/reader.h"
#include "extract/container.h"
#include "extract/encoding.h"
#include "extract/pdf_quiet.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

nb_limits nb_limits_default(void)
{
    nb_limits l = {.max_bytes = 100 * 1000 * 1000, .max_pages = 500, .max_cells = 200 * 1000,
                   .max_pixels = 100 * 1000 * 1000, .timeout_s = 300.0};
    return l;
}

void nb_limits_progress(const nb_limits *lim, int page, int pages)
{
    /* lines mode: the time of the last line, so that a log gets one a second */
    static gint64 last_line_us;
    if (!lim || lim->verbose_progress == NB_PROGRESS_NONE)
        return;
    const char *name = lim->progress_name ? lim->progress_name : "-";
    if (lim->verbose_progress == NB_PROGRESS_REDRAW) {
        dprintf(nb_real_stderr_fd(), "\r\033[Knianbao: %s: page %d/%d", name, page, pages);
        return;
    }
    gint64 now = g_get_monotonic_time();
    if (page != pages && page != 1 && now - last_line_us < G_USEC_PER_SEC)
        return;
    last_line_us = now;
    dprintf(nb_real_stderr_fd(), "nianbao: %s: page %d/%d\n", name, page, pages);
}

void nb_limits_progress_end(const nb_limits *lim)
{
    if (lim && lim->verbose_progress == NB_PROGRESS_REDRAW)
        dprintf(nb_real_stderr_fd(), "\r\033[K");
}

gboolean nb_limits_expired(const nb_limits *lim)
{
    if (!lim || lim->timeout_s <= 0 || lim->started_us == 0)
        return FALSE;
    return (g_get_monotonic_time() - lim->started_us) > (gint64)(lim->timeout_s * 1e6);
}

void nb_error_clear(nb_error *e)
{
    if (!e)
        return;
    g_free(e->message);
    e->message = NULL;
    e->cls = NB_ERR_NONE;
}

void nb_error_set(nb_error *e, nb_errclass cls, const char *fmt, ...)
{
    if (!e)
        return;
    g_free(e->message);
    va_list ap;
    va_start(ap, fmt);
    e->message = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    e->cls = cls;
}

const char *nb_kind_name(nb_kind k)
{
    static const char *names[] = {"empty", "text", "html", "pdf", "image", "binary", "docx", "doc", "ofd"};
    return (unsigned)k < G_N_ELEMENTS(names) ? names[k] : "unknown";
}

static gboolean has_prefix(const guchar *d, gsize len, const char *magic, gsize mlen)
{
    return len >= mlen && memcmp(d, magic, mlen) == 0;
}

static gboolean is_image(const guchar *d, gsize len)
{
    return has_prefix(d, len, "\x89PNG\r\n\x1a\n", 8) || has_prefix(d, len, "\xff\xd8\xff", 3) ||
           has_prefix(d, len, "II*\0", 4) || has_prefix(d, len, "MM\0*", 4) ||
           has_prefix(d, len, "GIF8", 4) || has_prefix(d, len, "BM", 2) ||
           (has_prefix(d, len, "RIFF", 4) && len >= 12 && memcmp(d + 8, "WEBP", 4) == 0) ||
           (len >= 2 && d[0] == 'P' && d[1] >= '1' && d[1] <= '6' && len > 2 &&
            g_ascii_isspace(d[2]));
}

/* Markup is HTML when one of the usual document tags appears near the start. */
static gboolean is_html(const guchar *d, gsize len)
{
    gsize n = len < 65536 ? len : 65536;
    char *head = g_ascii_strdown((const char *)d, (gssize)n);
    gboolean html = strstr(head, "<!doctype html") || strstr(head, "<html") ||
                    strstr(head, "<table") || strstr(head, "<body") || strstr(head, "<head");
    g_free(head);
    return html;
}

nb_kind nb_sniff(const guchar *data, gsize len)
{
    gsize skip = 0;
    while (skip < len && skip < 1024 && g_ascii_isspace(data[skip]))
        skip++;
    if (len == 0 || skip == len)
        return NB_KIND_EMPTY;
    /* %PDF may follow a little junk; the spec allows it within the first KB */
    gsize n = len < 1024 ? len : 1024;
    for (gsize i = 0; i + 5 <= n; i++)
        if (memcmp(data + i, "%PDF-", 5) == 0)
            return NB_KIND_PDF;
    if (is_image(data, len))
        return NB_KIND_IMAGE;
    if (nb_container_magic(data, len))
        return nb_container_sniff(data, len, NULL, NULL);
    if (nb_looks_binary(data, len))
        return NB_KIND_BINARY;
    if (is_html(data + skip, len - skip))
        return NB_KIND_HTML;
    return NB_KIND_TEXT;
}

/* The kind a file name promises, or NB_KIND_EMPTY when its extension says
 * nothing we know (no extension, .dat, ...). */
static nb_kind kind_of_name(const char *path)
{
    static const struct {
        const char *ext;
        nb_kind kind;
    } exts[] = {{".pdf", NB_KIND_PDF},   {".html", NB_KIND_HTML}, {".htm", NB_KIND_HTML},
                {".shtml", NB_KIND_HTML}, {".txt", NB_KIND_TEXT}, {".png", NB_KIND_IMAGE},
                {".jpg", NB_KIND_IMAGE},  {".jpeg", NB_KIND_IMAGE}, {".tif", NB_KIND_IMAGE},
                {".tiff", NB_KIND_IMAGE}, {".bmp", NB_KIND_IMAGE}, {".gif", NB_KIND_IMAGE},
                {".webp", NB_KIND_IMAGE}, {".pnm", NB_KIND_IMAGE}, {".pgm", NB_KIND_IMAGE},
                {".pbm", NB_KIND_IMAGE},  {".ppm", NB_KIND_IMAGE}, {".docx", NB_KIND_DOCX},
                {".doc", NB_KIND_DOC},    {".wps", NB_KIND_DOC},   {".ofd", NB_KIND_OFD}};
    const char *dot = strrchr(path, '.');
    if (!dot || strchr(dot, '/'))
        return NB_KIND_EMPTY;
    for (gsize i = 0; i < G_N_ELEMENTS(exts); i++)
        if (!g_ascii_strcasecmp(dot, exts[i].ext))
            return exts[i].kind;
    return NB_KIND_EMPTY;
}

/* Content decides the reader; a name that says otherwise (a ".pdf" that is an
 * HTML page) is worth telling the user, since the file was probably saved
 * from a download that went wrong. */
static void warn_if_misnamed(nb_doc *doc, const char *path, nb_kind kind)
{
    nb_kind named = kind_of_name(path);
    if (doc && named != NB_KIND_EMPTY && named != kind)
        nb_doc_warn(doc, NULL, "the file name says %s but the content is %s; read as %s",
                    nb_kind_name(named), nb_kind_name(kind), nb_kind_name(kind));
}

/* What a file that is not a regular file is, for the one-line error. */
static const char *special_kind(mode_t mode)
{
    if (S_ISDIR(mode))
        return "is a directory";
    if (S_ISFIFO(mode))
        return "is a FIFO (named pipe), not a regular file";
    if (S_ISCHR(mode))
        return "is a character device, not a regular file";
    if (S_ISBLK(mode))
        return "is a block device, not a regular file";
    if (S_ISSOCK(mode))
        return "is a socket, not a regular file";
    return "is not a regular file";
}

/* Reads `fd` to its end, never more than max_bytes + 1 bytes (a device or a
 * pipe has no size to check beforehand).  `hint` is the size stat gave, 0
 * for stdin: only then is the time limit polled between reads (a regular
 * file of at most --max-bytes takes no time worth a message; stdin may be a
 * writer that never ends). */
static gboolean read_capped(int fd, gint64 hint, const nb_limits *lim, guchar **data, gsize *len,
                            nb_error *err)
{
    const gsize step = 1 << 20;
    gsize cap = lim->max_bytes > 0 ? (gsize)lim->max_bytes + 1 : G_MAXSIZE;
    gsize alloc = MIN((gsize)MAX(hint, 0) + 1, cap), used = 0;
    guchar *buf = g_malloc(MAX(alloc, 1));
    for (;;) {
        if (used >= cap) {
            nb_error_set(err, NB_ERR_LIMIT, "input is over the limit of %lld bytes (--max-bytes)",
                         (long long)lim->max_bytes);
            break;
        }
        if (hint == 0 && nb_limits_expired(lim)) {
            nb_error_set(err, NB_ERR_LIMIT, "time limit of %g s exceeded while reading the input "
                         "(--timeout)", lim->timeout_s);
            break;
        }
        if (used == alloc) {
            alloc = MIN(MAX(alloc * 2, step), cap);
            buf = g_realloc(buf, alloc);
        }
        ssize_t n = read(fd, buf + used, alloc - used);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            nb_error_set(err, NB_ERR_IO, "cannot read: %s", g_strerror(errno));
            break;
        }
        if (n == 0) {
            *len = used;
            *data = buf;
            return TRUE;
        }
        used += (gsize)n;
    }
    g_free(buf);
    return FALSE;
}

gboolean nb_load_input(const char *path, const nb_limits *lim, guchar **data, gsize *len,
                       nb_error *err)
{
    nb_limits deflim = nb_limits_default();
    if (!lim)
        lim = &deflim;
    *data = NULL;
    *len = 0;
    err->cls = NB_ERR_NONE;
    err->message = NULL;
    if (!strcmp(path, "-"))
        return read_capped(STDIN_FILENO, 0, lim, data, len, err);
    /* stat first: a FIFO would block the open itself, a device never ends */
    GStatBuf st;
    if (g_stat(path, &st) != 0) {
        nb_error_set(err, NB_ERR_IO, "cannot open: %s", g_strerror(errno));
        return FALSE;
    }
    if (!S_ISREG(st.st_mode)) {
        nb_error_set(err, NB_ERR_IO, "%s", special_kind(st.st_mode));
        return FALSE;
    }
    if (lim->max_bytes > 0 && st.st_size > lim->max_bytes) {
        nb_error_set(err, NB_ERR_LIMIT, "file is %lld bytes, over the limit of %lld (--max-bytes)",
                     (long long)st.st_size, (long long)lim->max_bytes);
        return FALSE;
    }
    /* O_NONBLOCK: if the name was swapped for a FIFO since the stat, the
     * open does not wait for a writer, and the fstat below refuses it */
    int fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        nb_error_set(err, NB_ERR_IO, "cannot open: %s", g_strerror(errno));
        return FALSE;
    }
    gboolean ok = FALSE;
    if (fstat(fd, &st) != 0)
        nb_error_set(err, NB_ERR_IO, "cannot read: %s", g_strerror(errno));
    else if (!S_ISREG(st.st_mode))
        nb_error_set(err, NB_ERR_IO, "%s", special_kind(st.st_mode));
    else
        ok = read_capped(fd, (gint64)st.st_size, lim, data, len, err); /* a file that grows is still capped */
    close(fd);
    return ok;
}

/* The one line a binary input gets: what the container is when it is one
 * ("an Excel workbook: not supported"), else that it is no kind we read. */
static void set_binary_error(const guchar *data, gsize len, nb_error *err)
{
    const char *what = NULL;
    nb_errclass cls = NB_ERR_FORMAT;
    if (nb_container_magic(data, len) && nb_container_sniff(data, len, &what, &cls) == NB_KIND_BINARY)
        nb_error_set(err, cls, "%s%s", what, cls == NB_ERR_UNSUPPORTED ? ": not supported" : "");
    else
        nb_error_set(err, NB_ERR_FORMAT, "binary data of no supported kind (not PDF, image, HTML, "
                     "text, Word or OFD)");
}

nb_doc *nb_read_bytes(const char *path, const guchar *data, gsize len, const nb_limits *lim,
                      nb_error *err)
{
    nb_limits deflim = nb_limits_default();
    if (!lim)
        lim = &deflim;
    err->cls = NB_ERR_NONE;
    err->message = NULL;
    nb_doc *doc = NULL;
    nb_kind kind = nb_sniff(data, len);
    switch (kind) {
    case NB_KIND_EMPTY:
        nb_error_set(err, NB_ERR_IO, "file is empty");
        break;
    case NB_KIND_BINARY: set_binary_error(data, len, err); break;
    case NB_KIND_TEXT: doc = nb_read_text(data, len, lim, err); break;
    case NB_KIND_HTML: doc = nb_read_html(data, len, lim, err); break;
    case NB_KIND_PDF: doc = nb_read_pdf(data, len, lim, err); break;
    case NB_KIND_IMAGE: doc = nb_read_image(data, len, lim, err); break;
    case NB_KIND_DOCX: doc = nb_read_docx(data, len, lim, err); break;
    case NB_KIND_DOC: doc = nb_read_doc(data, len, lim, err); break;
    case NB_KIND_OFD: doc = nb_read_ofd(data, len, lim, err); break;
    }
    if (path)
        warn_if_misnamed(doc, path, kind);
    if (!doc && err->cls == NB_ERR_NONE)
        nb_error_set(err, NB_ERR_FORMAT, "unreadable %s input", nb_kind_name(kind));
    return doc;
}

nb_doc *nb_read_file(const char *path, const nb_limits *lim, nb_error *err)
{
    guchar *data = NULL;
    gsize len = 0;
    if (!nb_load_input(path, lim, &data, &len, err))
        return NULL;
    nb_doc *doc = nb_read_bytes(path, data, len, lim, err);
    g_free(data);
    return doc;
}
