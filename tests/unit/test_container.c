/* test_container.c — sniffing ZIP and OLE2 containers, and the hostile
 * packages the DOCX reader must refuse with a clear one-line error: a ZIP
 * bomb, too many entries, a DTD (entity bomb / external entity), XML nested
 * deeper than libxml2 allows, an encrypted Office file, an Excel workbook. */
#include "extract/container.h"
#include "extract/reader.h"

#include <gsf/gsf-outfile-msole.h>
#include <gsf/gsf-output-memory.h>
#include <gsf/gsf-utils.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include <glib/gstdio.h>
#include <unistd.h>
#include <zip.h>

/* A ZIP of the given (name, text) pairs, NULL-terminated, in memory. */
static GByteArray *make_zip(const char *first, ...)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    zip_source_keep(src);
    va_list ap;
    va_start(ap, first);
    for (const char *name = first; name; name = va_arg(ap, const char *)) {
        const char *text = va_arg(ap, const char *);
        zip_source_t *part = zip_source_buffer(z, g_strdup(text), strlen(text), 1);
        zip_file_add(z, name, part, 0);
    }
    va_end(ap);
    assert_int_equal(zip_close(z), 0);
    GByteArray *out = g_byte_array_new();
    zip_source_open(src);
    guchar buf[65536];
    zip_int64_t n;
    while ((n = zip_source_read(src, buf, sizeof buf)) > 0)
        g_byte_array_append(out, buf, (guint)n);
    zip_source_close(src);
    zip_source_free(src);
    zip_error_fini(&ze);
    return out;
}

/* An OLE2 compound file with one stream named `stream`. */
static GByteArray *make_ole2(const char *stream)
{
    GsfOutput *mem = gsf_output_memory_new();
    GsfOutfile *ole = gsf_outfile_msole_new(mem);
    GsfOutput *s = gsf_outfile_new_child(ole, stream, FALSE);
    guchar junk[600];
    memset(junk, 7, sizeof junk);
    gsf_output_write(s, sizeof junk, junk);
    gsf_output_close(s);
    g_object_unref(s);
    gsf_output_close(GSF_OUTPUT(ole));
    g_object_unref(ole);
    GByteArray *out = g_byte_array_new();
    g_byte_array_append(out, gsf_output_memory_get_bytes(GSF_OUTPUT_MEMORY(mem)),
                        (guint)gsf_output_size(mem));
    g_object_unref(mem);
    return out;
}

/* nb_read_file on the bytes (written to a temporary file), returning the
 * error; the document, if any, is freed. */
static nb_errclass read_bytes(const GByteArray *b, const nb_limits *lim, char **msg)
{
    char *path = NULL;
    int fd = g_file_open_tmp("nb-container-XXXXXX", &path, NULL);
    assert_true(fd >= 0);
    close(fd);
    assert_true(g_file_set_contents(path, (const char *)b->data, b->len, NULL));
    nb_error err = {0};
    nb_doc *doc = nb_read_file(path, lim, &err);
    nb_doc_free(doc);
    g_unlink(path);
    g_free(path);
    *msg = err.message ? err.message : g_strdup("");
    if (err.message)
        assert_null(strchr(err.message, '\n'));
    return err.cls;
}

static void test_ole2_kinds(void **state)
{
    (void)state;
    GByteArray *word = make_ole2("WordDocument"), *enc = make_ole2("EncryptedPackage"),
               *xls = make_ole2("Workbook"), *other = make_ole2("Foo");
    assert_int_equal(nb_sniff(word->data, word->len), NB_KIND_DOC);
    char *why = NULL;
    assert_int_equal(read_bytes(word, NULL, &why), NB_ERR_FORMAT); /* junk WordDocument stream */
    assert_non_null(strstr(why, "Word"));
    g_free(why);
    assert_int_equal(nb_sniff(enc->data, enc->len), NB_KIND_BINARY);
    char *msg = NULL;
    assert_int_equal(read_bytes(enc, NULL, &msg), NB_ERR_FORMAT);
    assert_non_null(strstr(msg, "needs a password"));
    g_free(msg);
    assert_int_equal(read_bytes(xls, NULL, &msg), NB_ERR_UNSUPPORTED);
    assert_string_equal(msg, "an Excel workbook: not supported");
    g_free(msg);
    assert_int_equal(read_bytes(other, NULL, &msg), NB_ERR_UNSUPPORTED);
    assert_non_null(strstr(msg, "OLE2"));
    g_free(msg);
    g_byte_array_free(word, TRUE), g_byte_array_free(enc, TRUE);
    g_byte_array_free(xls, TRUE), g_byte_array_free(other, TRUE);
}

static const char *k_doc_head = "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas."
                                "openxmlformats.org/wordprocessingml/2006/main\"><w:body>";

static void test_zip_kinds(void **state)
{
    (void)state;
    char *docxml = g_strconcat(k_doc_head, "<w:p><w:r><w:t>一、概述</w:t></w:r></w:p></w:body></w:document>", NULL);
    GByteArray *docx = make_zip("word/document.xml", docxml, NULL);
    GByteArray *ofd = make_zip("OFD.xml", "<ofd:OFD/>", NULL);
    GByteArray *xlsx = make_zip("[Content_Types].xml", "<Types/>", "xl/workbook.xml", "<w/>", NULL);
    GByteArray *plain = make_zip("a.txt", "hello", NULL);
    assert_int_equal(nb_sniff(docx->data, docx->len), NB_KIND_DOCX);
    assert_int_equal(nb_sniff(ofd->data, ofd->len), NB_KIND_OFD);
    char *msg = NULL;
    assert_int_equal(read_bytes(docx, NULL, &msg), NB_ERR_NONE);
    g_free(msg);
    assert_int_equal(read_bytes(xlsx, NULL, &msg), NB_ERR_UNSUPPORTED);
    assert_string_equal(msg, "an Excel workbook: not supported");
    g_free(msg);
    assert_int_equal(read_bytes(plain, NULL, &msg), NB_ERR_UNSUPPORTED);
    assert_non_null(strstr(msg, "ZIP archive"));
    g_free(msg);
    g_free(docxml);
    g_byte_array_free(docx, TRUE), g_byte_array_free(ofd, TRUE);
    g_byte_array_free(xlsx, TRUE), g_byte_array_free(plain, TRUE);
}

/* 20 MB of one paragraph's text deflates to a few tens of KB; with
 * --max-bytes 1 MB the read stops at the limit instead of inflating it. */
static void test_zip_bomb(void **state)
{
    (void)state;
    gsize n = 20u * 1000 * 1000;
    char *big = g_malloc(n + 1);
    memset(big, 'a', n);
    big[n] = 0;
    char *docxml = g_strconcat(k_doc_head, "<w:p><w:r><w:t>", big, "</w:t></w:r></w:p></w:body></w:document>", NULL);
    g_free(big);
    GByteArray *bomb = make_zip("word/document.xml", docxml, NULL);
    g_free(docxml);
    assert_true(bomb->len < 1000 * 1000);
    nb_limits lim = nb_limits_default();
    lim.max_bytes = 1000 * 1000;
    char *msg = NULL;
    assert_int_equal(read_bytes(bomb, &lim, &msg), NB_ERR_LIMIT);
    assert_non_null(strstr(msg, "--max-bytes"));
    g_free(msg);
    g_byte_array_free(bomb, TRUE);
}

static void test_dtd_and_depth(void **state)
{
    (void)state;
    char *dtd = g_strconcat("<?xml version=\"1.0\"?><!DOCTYPE w:document [<!ENTITY a \"aaaaaaaaaa\">"
                            "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY ext SYSTEM "
                            "\"http://example.invalid/x\">]>",
                            k_doc_head + strlen("<?xml version=\"1.0\"?>"),
                            "<w:p><w:r><w:t>&b;&ext;</w:t></w:r></w:p></w:body></w:document>", NULL);
    GByteArray *z = make_zip("word/document.xml", dtd, NULL);
    char *msg = NULL;
    assert_int_equal(read_bytes(z, NULL, &msg), NB_ERR_FORMAT);
    assert_non_null(strstr(msg, "DTD"));
    g_free(msg);
    g_byte_array_free(z, TRUE);
    g_free(dtd);
    GString *deep = g_string_new(k_doc_head);
    for (int i = 0; i < 5000; i++)
        g_string_append(deep, "<w:sdt><w:sdtContent>");
    for (int i = 0; i < 5000; i++)
        g_string_append(deep, "</w:sdtContent></w:sdt>");
    g_string_append(deep, "</w:body></w:document>");
    z = make_zip("word/document.xml", deep->str, NULL);
    assert_int_equal(read_bytes(z, NULL, &msg), NB_ERR_FORMAT);
    assert_non_null(strstr(msg, "not well-formed"));
    g_free(msg);
    g_byte_array_free(z, TRUE);
    g_string_free(deep, TRUE);
}

static void test_too_many_entries(void **state)
{
    (void)state;
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    zip_source_keep(src);
    zip_file_add(z, "word/document.xml", zip_source_buffer(z, "<x/>", 4, 0), 0);
    for (int i = 0; i < 20001; i++) {
        char name[32];
        g_snprintf(name, sizeof name, "f%d", i);
        zip_file_add(z, name, zip_source_buffer(z, "", 0, 0), 0);
    }
    assert_int_equal(zip_close(z), 0);
    GByteArray *out = g_byte_array_new();
    zip_source_open(src);
    guchar buf[65536];
    zip_int64_t n;
    while ((n = zip_source_read(src, buf, sizeof buf)) > 0)
        g_byte_array_append(out, buf, (guint)n);
    zip_source_close(src);
    zip_source_free(src);
    zip_error_fini(&ze);
    nb_error err = {0};
    assert_null(nb_read_docx(out->data, out->len, NULL, &err));
    assert_int_equal(err.cls, NB_ERR_LIMIT);
    assert_non_null(strstr(err.message, "entries"));
    nb_error_clear(&err);
    g_byte_array_free(out, TRUE);
}

int main(void)
{
    gsf_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ole2_kinds),   cmocka_unit_test(test_zip_kinds),
        cmocka_unit_test(test_zip_bomb),     cmocka_unit_test(test_dtd_and_depth),
        cmocka_unit_test(test_too_many_entries),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    gsf_shutdown();
    return rc;
}
