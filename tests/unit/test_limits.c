/* test_limits.c — the reader limits added for hostile inputs (issue #7):
 * the text reader's cell bound (--max-cells), the HTML reader's time checks
 * while parsing, the PDF reader's page count when poppler rejects /Count,
 * and poppler's messages kept off stderr and turned into one warning. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "extract/reader.h"

#include <glib/gstdio.h>

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

/* `rows` lines of "label N 1 2 3 4": five cells each. */
static GString *number_rows(int rows)
{
    GString *s = g_string_new(NULL);
    for (int i = 0; i < rows; i++)
        g_string_append_printf(s, "label%d 1 2 3 4\n", i);
    return s;
}

static void test_text_cells_over_the_limit(void **state)
{
    (void)state;
    GString *s = number_rows(100); /* 500 cells */
    nb_limits lim = nb_limits_default();
    lim.max_cells = 499;
    nb_error err = {0};
    nb_doc *doc = nb_read_text((const guchar *)s->str, s->len, &lim, &err);
    assert_null(doc);
    assert_int_equal(err.cls, NB_ERR_LIMIT);
    assert_non_null(strstr(err.message, "more than 499 cells"));
    assert_non_null(strstr(err.message, "--max-cells"));
    assert_null(strchr(err.message, '\n'));
    nb_error_clear(&err);
    g_string_free(s, TRUE);
}

static void test_text_cells_at_the_limit(void **state)
{
    (void)state;
    GString *s = number_rows(100);
    nb_limits lim = nb_limits_default();
    lim.max_cells = 500;
    nb_error err = {0};
    nb_doc *doc = nb_read_text((const guchar *)s->str, s->len, &lim, &err);
    assert_non_null(doc);
    assert_int_equal(doc->grids->len, 1);
    nb_doc_free(doc);
    lim.max_cells = 0; /* none */
    doc = nb_read_text((const guchar *)s->str, s->len, &lim, &err);
    assert_non_null(doc);
    nb_doc_free(doc);
    g_string_free(s, TRUE);
}

/* The default bound stops 5 MB of rows early (a million cells). */
static void test_text_default_bound(void **state)
{
    (void)state;
    GString *s = number_rows(200 * 1000);
    nb_limits lim = nb_limits_default();
    nb_error err = {0};
    assert_null(nb_read_text((const guchar *)s->str, s->len, &lim, &err));
    assert_int_equal(err.cls, NB_ERR_LIMIT);
    nb_error_clear(&err);
    g_string_free(s, TRUE);
}

/* A budget already spent when parsing starts: the HTML reader says so from
 * the parser, not after it (a page that takes long to parse used to run
 * past --timeout until the SIGALRM backstop). */
static void test_html_timeout_while_parsing(void **state)
{
    (void)state;
    GString *s = g_string_new("<html><body><table>");
    for (int i = 0; i < 20000; i++)
        g_string_append_printf(s, "<tr><td>label %d</td><td>%d</td></tr>\n", i, i);
    g_string_append(s, "</table></body></html>");
    nb_limits lim = nb_limits_default();
    lim.timeout_s = 0.001;
    lim.started_us = g_get_monotonic_time() - 1000 * 1000;
    nb_error err = {0};
    assert_null(nb_read_html((const guchar *)s->str, s->len, &lim, &err));
    assert_int_equal(err.cls, NB_ERR_LIMIT);
    assert_non_null(strstr(err.message, "while parsing the page"));
    nb_error_clear(&err);
    /* the same page within its time is read, table and all */
    lim.timeout_s = 0;
    nb_doc *doc = nb_read_html((const guchar *)s->str, s->len, &lim, &err);
    assert_non_null(doc);
    assert_int_equal(doc->grids->len, 1);
    nb_doc_free(doc);
    g_string_free(s, TRUE);
}

/* Writes objects 1..n as a PDF with a correct xref. */
static GString *pdf_file(const char *const *objs, int n)
{
    GString *s = g_string_new("%PDF-1.4\n");
    gsize *off = g_new(gsize, n);
    for (int i = 0; i < n; i++) {
        off[i] = s->len;
        g_string_append_printf(s, "%d 0 obj\n%s\nendobj\n", i + 1, objs[i]);
    }
    gsize xref = s->len;
    g_string_append_printf(s, "xref\n0 %d\n0000000000 65535 f \n", n + 1);
    for (int i = 0; i < n; i++)
        g_string_append_printf(s, "%010" G_GSIZE_FORMAT " 00000 n \n", off[i]);
    g_string_append_printf(s, "trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%" G_GSIZE_FORMAT
                           "\n%%%%EOF\n", n + 1, xref);
    g_free(off);
    return s;
}

static void test_pdf_declared_million_pages(void **state)
{
    (void)state;
    const char *objs[] = {"<</Type/Catalog/Pages 2 0 R>>",
                          "<</Type/Pages/Kids[3 0 R]/Count 1000000>>",
                          "<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>"};
    GString *pdf = pdf_file(objs, 3);
    nb_limits lim = nb_limits_default();
    nb_error err = {0};
    assert_null(nb_read_pdf((const guchar *)pdf->str, pdf->len, &lim, &err));
    assert_int_equal(err.cls, NB_ERR_LIMIT);
    assert_string_equal(err.message, "PDF declares 1000000 pages, over the limit of 500 (--max-pages)");
    nb_error_clear(&err);
    lim.max_pages = 0; /* no page limit: the count is still not believed */
    assert_null(nb_read_pdf((const guchar *)pdf->str, pdf->len, &lim, &err));
    assert_int_equal(err.cls, NB_ERR_FORMAT);
    assert_non_null(strstr(err.message, "declares 1000000 pages but the file has only"));
    nb_error_clear(&err);
    g_string_free(pdf, TRUE);
}

/* A page of number columns (so that it is rendered for its rulings) drawn
 * with a TrueType font whose embedded file is garbage: poppler's cairo font
 * engine prints "some font thing failed" on stderr for it. */
static GString *broken_font_pdf(void)
{
    GString *rows = g_string_new(NULL);
    for (int i = 0; i < 12; i++)
        g_string_append_printf(rows, "BT /F1 10 Tf 40 %d Td (Row%d) Tj 120 0 Td (%d) Tj 60 0 Td "
                               "(%d) Tj ET\n", 700 - 20 * i, i, i, i + 1);
    char *contents = g_strdup_printf("<</Length %u>>stream\n%s\nendstream", (unsigned)rows->len,
                                     rows->str);
    GString *widths = g_string_new(NULL);
    for (int i = 0; i < 95; i++)
        g_string_append(widths, " 500");
    char *font = g_strdup_printf("<</Type/Font/Subtype/TrueType/BaseFont/Broken/FirstChar 32"
                                 "/LastChar 126/Widths[%s]/Encoding/WinAnsiEncoding"
                                 "/FontDescriptor 6 0 R>>", widths->str);
    GString *garbage = g_string_new(NULL);
    for (int i = 0; i < 64; i++)
        g_string_append(garbage, "garbage!");
    char *file = g_strdup_printf("<</Length %u>>stream\n%s\nendstream", (unsigned)garbage->len,
                                 garbage->str);
    const char *objs[] = {
        "<</Type/Catalog/Pages 2 0 R>>", "<</Type/Pages/Kids[3 0 R]/Count 1>>",
        "<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R"
        "/Resources<</Font<</F1 5 0 R>>>>>>",
        contents, font,
        "<</Type/FontDescriptor/FontName/Broken/Flags 32/FontBBox[0 0 1000 1000]/ItalicAngle 0"
        "/Ascent 800/Descent -200/CapHeight 700/StemV 80/FontFile2 7 0 R>>",
        file};
    GString *pdf = pdf_file(objs, 7);
    g_free(contents);
    g_free(font);
    g_free(file);
    g_string_free(rows, TRUE);
    g_string_free(widths, TRUE);
    g_string_free(garbage, TRUE);
    return pdf;
}

static void test_pdf_library_messages_become_one_warning(void **state)
{
    (void)state;
    GString *pdf = broken_font_pdf();
    /* stderr goes to a file for the read, to see what reaches it */
    char *path = NULL;
    int fd = g_file_open_tmp("nb-stderr-XXXXXX", &path, NULL);
    assert_true(fd >= 0);
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    dup2(fd, STDERR_FILENO);
    nb_limits lim = nb_limits_default();
    nb_error err = {0};
    nb_doc *doc = nb_read_pdf((const guchar *)pdf->str, pdf->len, &lim, &err);
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    close(fd);
    gchar *caught = NULL;
    assert_true(g_file_get_contents(path, &caught, NULL, NULL));
    g_unlink(path);
    g_free(path);
    assert_string_equal(caught, "");
    g_free(caught);
    assert_non_null(doc);
    int found = 0;
    for (guint i = 0; i < doc->warnings->len; i++) {
        const nb_warning *w = g_ptr_array_index(doc->warnings, i);
        found += strstr(w->message, "the PDF library reported") != NULL;
    }
    assert_int_equal(found, 1);
    nb_doc_free(doc);
    g_string_free(pdf, TRUE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_cells_over_the_limit),
        cmocka_unit_test(test_text_cells_at_the_limit),
        cmocka_unit_test(test_text_default_bound),
        cmocka_unit_test(test_html_timeout_while_parsing),
        cmocka_unit_test(test_pdf_declared_million_pages),
        cmocka_unit_test(test_pdf_library_messages_become_one_warning),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
