/* test_pdf_paths.c — rulings from a page's vector content (extract/pdf_paths.c
 * on extract/pdf_cos.c) against poppler's rendering: pixel for pixel on
 * pages without text, the same rulings (after the text is cut away) on
 * synthetic reports and the corpus PDFs, and refusal of what is not drawn
 * as poppler draws it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cmd/synth/synth.h"
#include "extract/pdf_cos.h"
#include "extract/pdf_render.h"
#include "extract/pdf_text.h"
#include "layout/pdfgrid.h"
#include "layout/rulings.h"
#include "schemas/record.h"
#include "synth_fixture.h"

#include <leptonica/allheaders.h>
#include <math.h>
#include <poppler.h>
#include <string.h>
#include <zlib.h>

/* ---- hand-made PDFs ---- */

/* A PDF of one page with `content` as its content stream (Flate-compressed
 * when `flate`), `resources` as its resource dictionary, `extra` as more
 * objects numbered from 5, and `page_extra` in the page dictionary.
 * With `objstm`, the page object lives in an object stream. */
static GByteArray *make_pdf(const char *content, const char *resources, const char *const *extra,
                            const char *page_extra, gboolean flate, gboolean objstm)
{
    GString *pdf = g_string_new("%PDF-1.5\n%\xe2\xe3\xcf\xd3\n");
    GArray *offs = g_array_new(FALSE, TRUE, sizeof(gsize));
    g_array_set_size(offs, 64);
    int next = 1;
#define OBJ(n) (g_array_index(offs, gsize, (n)) = pdf->len, g_string_append_printf(pdf, "%d 0 obj\n", (n)))
    OBJ(1);
    g_string_append(pdf, "<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
    OBJ(2);
    g_string_append(pdf, "<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 300 200] >>\nendobj\n");
    char *page = g_strdup_printf("<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources %s %s >>",
                                 resources ? resources : "<< >>", page_extra ? page_extra : "");
    int last = 4;
    for (int i = 0; extra && extra[i]; i++)
        last = 5 + i;
    if (objstm) {
        int n = last + 1;
        char *head = g_strdup_printf("3 0 ");
        OBJ(n);
        g_string_append_printf(pdf, "<< /Type /ObjStm /N 1 /First %zu /Length %zu >>\nstream\n%s%s\nendstream\nendobj\n",
                               strlen(head), strlen(head) + strlen(page), head, page);
        g_free(head);
        next = n + 1;
    } else {
        OBJ(3);
        g_string_append_printf(pdf, "%s\nendobj\n", page);
        next = last + 1;
    }
    g_free(page);
    OBJ(4);
    if (flate) {
        uLongf n = compressBound(strlen(content));
        guchar *z = g_malloc(n);
        compress(z, &n, (const guchar *)content, strlen(content));
        g_string_append_printf(pdf, "<< /Length %lu /Filter /FlateDecode >>\nstream\n", (unsigned long)n);
        g_string_append_len(pdf, (const char *)z, (gssize)n);
        g_free(z);
    } else {
        g_string_append_printf(pdf, "<< /Length %zu >>\nstream\n%s", strlen(content), content);
    }
    g_string_append(pdf, "\nendstream\nendobj\n");
    for (int i = 0; extra && extra[i]; i++) {
        OBJ(5 + i);
        g_string_append_printf(pdf, "%s\nendobj\n", extra[i]);
    }
#undef OBJ
    /* no usable cross-reference table: poppler rebuilds it, as it does for
     * many real files, and the object reader never needs one */
    g_string_append_printf(pdf, "trailer\n<< /Size %d /Root 1 0 R >>\n%%%%EOF\n", next);
    g_array_free(offs, TRUE);
    gsize len = pdf->len;
    return g_byte_array_new_take((guint8 *)g_string_free(pdf, FALSE), len);
}

/* Both images of page 1 of `pdf`; `paths` NULL when the page is refused. */
static void both_images(GByteArray *pdf, PIX **paths, PIX **render)
{
    GBytes *b = g_bytes_new(pdf->data, pdf->len);
    PopplerDocument *doc = poppler_document_new_from_bytes(b, NULL, NULL);
    assert_non_null(doc);
    PopplerPage *page = poppler_document_get_page(doc, 0);
    nb_cos *cos = nb_cos_open(pdf->data, pdf->len);
    nb_limits lim = nb_limits_default();
    nb_error err = {NB_ERR_NONE, NULL};
    *paths = cos ? nb_pdf_paths_gray(page, cos, 1, 72.0, &lim, &err) : NULL;
    *render = nb_pdf_render_gray(page, 1, 72.0, &lim, &err);
    assert_non_null(*render);
    nb_cos_free(cos);
    g_object_unref(page);
    g_object_unref(doc);
    g_bytes_unref(b);
}

/* Pixels whose gray value differs between the two images. */
static int differing_pixels(PIX *a, PIX *b)
{
    assert_int_equal(pixGetWidth(a), pixGetWidth(b));
    assert_int_equal(pixGetHeight(a), pixGetHeight(b));
    int n = 0;
    for (int y = 0; y < pixGetHeight(a); y++)
        for (int x = 0; x < pixGetWidth(a); x++) {
            l_uint32 va = 0, vb = 0;
            pixGetPixel(a, x, y, &va);
            pixGetPixel(b, x, y, &vb);
            n += va != vb;
        }
    return n;
}

static int ink_pixels(PIX *a)
{
    int n = 0;
    for (int y = 0; y < pixGetHeight(a); y++)
        for (int x = 0; x < pixGetWidth(a); x++) {
            l_uint32 v = 0;
            pixGetPixel(a, x, y, &v);
            n += v < 200;
        }
    return n;
}

/* The page drawn from its paths is the page poppler renders, pixel for
 * pixel.  With `objstm` the object reader reads the page from an object
 * stream; poppler, which needs a cross-reference stream to find objects
 * there, renders the same page stored plainly. */
static void assert_same_image(const char *content, const char *resources, const char *const *extra,
                              gboolean flate, gboolean objstm)
{
    GByteArray *pdf = make_pdf(content, resources, extra, NULL, flate, FALSE);
    PIX *paths = NULL, *render = NULL;
    both_images(pdf, &paths, &render);
    if (objstm) {
        GByteArray *packed = make_pdf(content, resources, extra, NULL, flate, TRUE);
        nb_cos *cos = nb_cos_open(packed->data, packed->len);
        assert_non_null(cos);
        GBytes *b = g_bytes_new(pdf->data, pdf->len);
        PopplerDocument *doc = poppler_document_new_from_bytes(b, NULL, NULL);
        PopplerPage *page = poppler_document_get_page(doc, 0);
        nb_limits lim = nb_limits_default();
        nb_error err = {NB_ERR_NONE, NULL};
        pixDestroy(&paths);
        paths = nb_pdf_paths_gray(page, cos, 1, 72.0, &lim, &err);
        g_object_unref(page);
        g_object_unref(doc);
        g_bytes_unref(b);
        nb_cos_free(cos);
        g_byte_array_unref(packed);
    }
    assert_non_null(paths);
    assert_true(ink_pixels(render) > 100);
    assert_int_equal(differing_pixels(paths, render), 0);
    pixDestroy(&paths);
    pixDestroy(&render);
    g_byte_array_unref(pdf);
}

/* Hairlines on and between pixel centres, thick lines, thin filled
 * rectangles, curves, dashes, a gray and an RGB colour: the same pixels. */
static void test_lines_pixel_for_pixel(void **state)
{
    (void)state;
    const char *content =
        "q 0.5 w 10 10 m 290 10 l S 10 20.3 m 290 20.3 l S 0.25 w 20 5 m 20 195 l S Q\n"
        "2 w 0 0 1 RG 30 30 m 280 30 l 280 180 l h S\n"
        "0.6 g 40 40 200 0.7 re f 0 g 40 50 0.4 120 re f\n"
        "[3 2] 0 d 1 w 50 60 m 250 60 l S [] 0 d\n"
        "q 1 0 0 1 5.5 3.25 cm 0 w 60 70 m 200 150 l S Q\n"
        "1 0 0 rg 100 100 m 150 100 150 150 100 150 c f\n"
        "0 0 0 RG 3 w 1 J 2 j 60 160 m 120 190 l 180 160 l S\n"
        "q 10 10 100 100 re W n 0 g 0 0 300 200 re f* Q\n";
    assert_same_image(content, NULL, NULL, FALSE, FALSE);
}

/* A Form XObject with a matrix and a box clip, an ExtGState line width,
 * compressed content, the page in an object stream. */
static void test_form_gstate_objstm(void **state)
{
    (void)state;
    const char *extra[] = {
        "<< /Type /XObject /Subtype /Form /BBox [0 0 100 50] /Matrix [1 0 0 1 20 20] /Length 41 >>\n"
        "stream\n0.5 w 0 25 m 150 25 l S 10 0 0.6 80 re f\nendstream",
        "<< /Type /ExtGState /LW 0.3 >>", NULL};
    const char *res = "<< /XObject << /Fm1 5 0 R >> /ExtGState << /G1 6 0 R >> >>";
    const char *content = "q 2 0 0 1.5 10 30 cm /Fm1 Do Q /G1 gs 10 150 m 280 150 l S\n";
    assert_same_image(content, res, extra, TRUE, TRUE);
}

static void assert_refused(const char *content, const char *resources, const char *const *extra,
                           const char *page_extra)
{
    GByteArray *pdf = make_pdf(content, resources, extra, page_extra, FALSE, FALSE);
    PIX *paths = NULL, *render = NULL;
    both_images(pdf, &paths, &render);
    if (paths)
        print_message("drawn, not refused: %s\n", content);
    assert_null(paths);
    pixDestroy(&render);
    g_byte_array_unref(pdf);
}

/* What is not drawn as poppler draws it is left to poppler. */
static void test_refusals(void **state)
{
    (void)state;
    const char *image[] = {
        "<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray "
        "/BitsPerComponent 8 /Length 4 >>\nstream\n\x00\xff\xff\x00\nendstream",
        NULL};
    assert_refused("q 100 0 0 100 10 10 cm /Im1 Do Q", "<< /XObject << /Im1 5 0 R >> >>", image,
                   NULL);
    assert_refused("BI /W 2 /H 2 /CS /G /BPC 8 ID \x00\xff\xff\x00 EI", NULL, NULL, NULL);
    assert_refused("0 0 0 1 k 10 10 100 1 re f", NULL, NULL, NULL);
    assert_refused("/Sh1 sh", NULL, NULL, NULL);
    const char *alpha[] = {"<< /Type /ExtGState /ca 0.5 >>", NULL};
    assert_refused("/G1 gs 10 10 100 1 re f", "<< /ExtGState << /G1 5 0 R >> >>", alpha, NULL);
    assert_refused("10 10 100 1 re f", NULL, NULL, "/Rotate 90");
    assert_refused("10 10 100 1 re f", NULL, NULL, "/Annots [<< /Subtype /Square /Rect [0 0 50 50] >>]");
    assert_refused("10 10 10 m 20 20 l S", NULL, NULL, NULL); /* an operand too many */
    assert_refused("10 10 100 1 re f Q", NULL, NULL, NULL);
}

/* ---- the same rulings as the rendering on real layouts ---- */

static void rulings_equal(const nb_rulings *a, const nb_rulings *b)
{
    const GArray *x[2] = {a->h, a->v}, *y[2] = {b->h, b->v};
    for (int k = 0; k < 2; k++) {
        assert_int_equal(x[k]->len, y[k]->len);
        for (guint i = 0; i < x[k]->len; i++) {
            const nb_segment *s = &g_array_index(x[k], nb_segment, i);
            const nb_segment *t = &g_array_index(y[k], nb_segment, i);
            assert_true(s->pos == t->pos && s->from == t->from && s->to == t->to);
        }
    }
}

/* How far a table's boundary may lie from the rendered one (points). */
#define EDGE_TOL 0.25

/* The tables the rulings make (what the reader builds its grids from):
 * the same rows, columns and spans, boundaries within EDGE_TOL. */
static void tables_equal(const nb_rulings *a, const nb_rulings *b)
{
    GPtrArray *x = nb_ruled_tables(a, 3.0), *y = nb_ruled_tables(b, 3.0);
    assert_int_equal(x->len, y->len);
    for (guint i = 0; i < x->len; i++) {
        const nb_ruled_table *s = g_ptr_array_index(x, i), *t = g_ptr_array_index(y, i);
        assert_int_equal(s->row_edges->len, t->row_edges->len);
        assert_int_equal(s->col_edges->len, t->col_edges->len);
        assert_int_equal(s->cells->len, t->cells->len);
        for (guint k = 0; k < s->cells->len; k++) {
            const nb_ruled_cell *c = &g_array_index(s->cells, nb_ruled_cell, k);
            const nb_ruled_cell *d = &g_array_index(t->cells, nb_ruled_cell, k);
            assert_true(c->row == d->row && c->col == d->col && c->rowspan == d->rowspan &&
                        c->colspan == d->colspan);
        }
        /* glyph ink touching a ruling can pull the rendered line's centre
         * by a fraction of a point */
        for (guint k = 0; k < s->row_edges->len; k++)
            assert_true(fabs(g_array_index(s->row_edges, double, k) -
                             g_array_index(t->row_edges, double, k)) <= EDGE_TOL);
        for (guint k = 0; k < s->col_edges->len; k++)
            assert_true(fabs(g_array_index(s->col_edges, double, k) -
                             g_array_index(t->col_edges, double, k)) <= EDGE_TOL);
    }
    g_ptr_array_free(x, TRUE);
    g_ptr_array_free(y, TRUE);
}

static nb_rulings *page_rulings(PIX *pix, const nb_page_text *pt)
{
    nb_rulings *r = nb_rulings_find(pix, 1.0, 12.0);
    assert_non_null(r);
    nb_rulings_drop_text(r, pt, 12.0);
    return r;
}

/* Every page of `data`: the rulings from the paths equal those from the
 * rendering.  Returns the pages drawn from paths; `segments` counts their
 * rulings. */
static int same_rulings(const guchar *data, gsize len, gboolean exact, int *segments)
{
    GBytes *b = g_bytes_new_static(data, len);
    PopplerDocument *doc = poppler_document_new_from_bytes(b, NULL, NULL);
    assert_non_null(doc);
    nb_cos *cos = nb_cos_open(data, len);
    assert_non_null(cos);
    assert_int_equal(nb_cos_n_pages(cos), poppler_document_get_n_pages(doc));
    nb_limits lim = nb_limits_default();
    int drawn = 0;
    for (int i = 0; i < poppler_document_get_n_pages(doc); i++) {
        PopplerPage *page = poppler_document_get_page(doc, i);
        nb_error err = {NB_ERR_NONE, NULL};
        PIX *paths = nb_pdf_paths_gray(page, cos, i + 1, 72.0, &lim, &err);
        if (paths) {
            PIX *render = nb_pdf_render_gray(page, i + 1, 72.0, &lim, &err);
            nb_page_text *pt = nb_pdf_page_text(page, i + 1);
            nb_rulings *a = page_rulings(paths, pt), *r = page_rulings(render, pt);
            if (exact)
                rulings_equal(a, r);
            else
                tables_equal(a, r);
            *segments += (int)(a->h->len + a->v->len);
            drawn++;
            nb_rulings_free(a);
            nb_rulings_free(r);
            nb_page_text_free(pt);
            pixDestroy(&paths);
            pixDestroy(&render);
        }
        g_object_unref(page);
    }
    nb_cos_free(cos);
    g_object_unref(doc);
    g_bytes_unref(b);
    return drawn;
}

/* Synthetic reports of both templates: rulings drawn as lines, as thin
 * filled rectangles, or none (the seed chooses). */
static void test_synthetic_same_rulings(void **state)
{
    (void)state;
    int drawn = 0, segments = 0;
    const char *templates[] = {"2019", "2021"};
    for (int t = 0; t < 2; t++)
        for (guint32 seed = 1; seed <= 6; seed++) {
            GByteArray *pdf = synth_fixture_pdf(templates[t], seed, NULL);
            drawn += same_rulings(pdf->data, pdf->len, TRUE, &segments);
            g_byte_array_unref(pdf);
        }
    print_message("synthetic: %d pages drawn from paths, %d rulings\n", drawn, segments);
    assert_true(drawn >= 12);
    assert_true(segments > 100);
}

/* The corpus text PDFs, when ../shared/corpus is there. */
static void test_corpus_same_rulings(void **state)
{
    (void)state;
    const char *cases[] = {"huaian-city-2024-pdf", "huaian-hongze-2024-pdf"};
    int seen = 0;
    for (int i = 0; i < 2; i++) {
        char *path = g_build_filename(NB_CORPUS_DIR, cases[i], "source.pdf", NULL);
        gchar *data = NULL;
        gsize len = 0;
        if (g_file_get_contents(path, &data, &len, NULL)) {
            int segments = 0;
            int drawn = same_rulings((const guchar *)data, len, FALSE, &segments);
            print_message("%s: %d pages drawn from paths, %d rulings\n", cases[i], drawn, segments);
            assert_true(drawn > 0 && segments > 0);
            seen++;
        }
        g_free(data);
        g_free(path);
    }
    if (!seen)
        skip();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lines_pixel_for_pixel),
        cmocka_unit_test(test_form_gstate_objstm),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_synthetic_same_rulings),
        cmocka_unit_test(test_corpus_same_rulings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
