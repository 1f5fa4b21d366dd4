/* ofd_scan.c — see ofd_scan.h. */
#include "extract/ofd_scan.h"
#include "extract/ocr.h"
#include "extract/ofd_xml.h"
#include "extract/pdf_quiet.h"

#include <leptonica/allheaders.h>
#include <string.h>

#define PT_PER_MM (72.0 / 25.4)

struct nb_ofd_media {
    GHashTable *loc; /* ResourceID → part location */
};

nb_ofd_media *nb_ofd_media_new(void)
{
    nb_ofd_media *m = g_new0(nb_ofd_media, 1);
    m->loc = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    return m;
}

void nb_ofd_media_free(nb_ofd_media *m)
{
    if (!m)
        return;
    g_hash_table_destroy(m->loc);
    g_free(m);
}

/* The MultiMedia entries of one resource file: MediaFile is relative to the
 * file's BaseLoc folder, itself relative to the resource file. */
static void add_res_file(nb_ofd_media *m, nb_zip *zip, const char *loc)
{
    nb_error err = {NB_ERR_NONE, NULL};
    xmlDoc *x = nb_zip_xml(zip, loc, FALSE, &err);
    nb_error_clear(&err);
    if (!x)
        return;
    xmlNode *root = xmlDocGetRootElement(x);
    char *base = nb_ofd_attr(root, "BaseLoc");
    /* a file name inside the BaseLoc folder, so that resolving against it
     * gives that folder */
    char *folder = base && *base ? g_strdup_printf("%s/.", base) : NULL;
    char *res_base = folder ? nb_ofd_resolve(loc, folder) : g_strdup(loc);
    for (const xmlNode *list = root ? root->children : NULL; list; list = list->next) {
        if (!nb_ofd_is(list, "MultiMedias"))
            continue;
        for (const xmlNode *mm = list->children; mm; mm = mm->next) {
            char *id = nb_ofd_is(mm, "MultiMedia") ? nb_ofd_attr(mm, "ID") : NULL;
            char *file = id ? nb_ofd_text(nb_ofd_child(mm, "MediaFile")) : NULL;
            if (id && file && *file)
                g_hash_table_replace(m->loc, g_strstrip(id), nb_ofd_resolve(res_base, file));
            else
                g_free(id);
            g_free(file);
        }
    }
    g_free(res_base);
    g_free(folder);
    g_free(base);
    xmlFreeDoc(x);
}

void nb_ofd_media_add(nb_ofd_media *m, nb_zip *zip, const xmlNode *parent, const char *what,
                      const char *base)
{
    for (const xmlNode *c = parent ? parent->children : NULL; m && c; c = c->next) {
        if (!nb_ofd_is(c, what))
            continue;
        char *name = nb_ofd_text(c);
        char *loc = *name ? nb_ofd_resolve(base, name) : NULL;
        if (loc)
            add_res_file(m, zip, loc);
        g_free(loc);
        g_free(name);
    }
}

void nb_ofd_image_note(nb_ofd_image *im, const xmlNode *obj)
{
    im->count++;
    double box[4] = {0, 0, 0, 0};
    char *b = nb_ofd_attr(obj, "Boundary");
    nb_ofd_numbers(b, box, 4);
    g_free(b);
    char *id = nb_ofd_attr(obj, "ResourceID");
    if (id && (!im->resource || box[2] * box[3] > im->box[2] * im->box[3])) {
        g_free(im->resource);
        im->resource = g_strstrip(id);
        memcpy(im->box, box, sizeof box);
    } else {
        g_free(id);
    }
}

void nb_ofd_image_clear(nb_ofd_image *im)
{
    g_free(im->resource);
    memset(im, 0, sizeof *im);
}

/* The page's image decoded, or NULL: with `err` set for a limit, with a
 * warning in `part` for anything else. */
static PIX *decode_image(const guchar *data, gsize len, int page, nb_doc *part,
                         const nb_limits *lim, nb_error *err)
{
    setMsgSeverity(L_SEVERITY_NONE);
    l_int32 format = 0, w = 0, h = 0, bps = 0, spp = 0, cmap = 0;
    char *said = NULL;
    nb_pdf_quiet *q = nb_pdf_quiet_begin();
    gboolean header = pixReadHeaderMem(data, len, &format, &w, &h, &bps, &spp, &cmap) == 0;
    PIX *pix = NULL;
    if (header && w > 0 && h > 0 && !(lim->max_pixels > 0 && (gint64)w * h > lim->max_pixels))
        pix = pixReadMem(data, len);
    nb_pdf_quiet_end(q, &said);
    if (header && w > 0 && h > 0 && lim->max_pixels > 0 && (gint64)w * h > lim->max_pixels)
        nb_error_set(err, NB_ERR_LIMIT, "the image of page %d is %d x %d pixels, over the limit "
                     "of %lld (--max-pixels)", page, w, h, (long long)lim->max_pixels);
    else if (!pix)
        nb_doc_warn(part, NULL, "page %d holds only an image (a scan) that cannot be decoded (%s%s"
                    "%s) and was not read", page, header ? "corrupt" : "unreadable header: damaged, or not PNG, JPEG, TIFF or BMP",
                    said ? ": " : "", said ? said : "");
    g_free(said);
    return pix;
}

gboolean nb_ofd_scan_page(nb_zip *zip, const nb_ofd_media *m, const nb_ofd_image *im, int page,
                          double page_w, nb_doc *part, const nb_limits *lim, gboolean *decoded,
                          nb_error *err)
{
    *decoded = FALSE;
    const char *loc = im->resource ? g_hash_table_lookup(m->loc, im->resource) : NULL;
    if (!loc) {
        nb_doc_warn(part, NULL, "page %d holds only an image (a scan) whose resource %s is not "
                    "in the package, and was not read", page, im->resource ? im->resource : "(none)");
        return TRUE;
    }
    nb_error zerr = {NB_ERR_NONE, NULL};
    gsize len = 0;
    guchar *data = (guchar *)nb_zip_read(zip, loc, &len, &zerr);
    if (!data && zerr.cls == NB_ERR_LIMIT) {
        *err = zerr;
        return FALSE;
    }
    if (!data) {
        nb_doc_warn(part, NULL, "page %d holds only an image (a scan) that cannot be read from "
                    "the package (%s) and was not read", page, zerr.message ? zerr.message : loc);
        nb_error_clear(&zerr);
        return TRUE;
    }
    PIX *pix = decode_image(data, len, page, part, lim, err);
    g_free(data);
    if (!pix)
        return err->cls == NB_ERR_NONE;
    /* the scan path works in points (its thresholds are); the image spans
     * its Boundary's width */
    *decoded = TRUE;
    double width_mm = im->box[2] > 0 ? im->box[2] : page_w;
    double scale = width_mm * PT_PER_MM / pixGetWidth(pix);
    gboolean ok = nb_ocr_page_part(pix, page, scale, "holds only an image (a scan)", part, lim, err);
    pixDestroy(&pix);
    nb_ocr_part_map_boxes(part, 1.0 / PT_PER_MM, im->box[0], im->box[1]);
    if (im->count > 1)
        nb_doc_warn(part, NULL, "page %d holds %d images: only the largest was read", page, im->count);
    return ok;
}
