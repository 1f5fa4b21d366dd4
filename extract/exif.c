/* exif.c — see exif.h. */
#include "extract/exif.h"

#include <leptonica/allheaders.h>
#include <string.h>

/* 16- and 32-bit values in the TIFF byte order of the EXIF block. */
static guint read16(const guchar *p, gboolean le)
{
    return le ? (guint)(p[0] | p[1] << 8) : (guint)(p[0] << 8 | p[1]);
}

static guint32 read32(const guchar *p, gboolean le)
{
    return le ? (guint32)p[0] | (guint32)p[1] << 8 | (guint32)p[2] << 16 | (guint32)p[3] << 24
              : (guint32)p[0] << 24 | (guint32)p[1] << 16 | (guint32)p[2] << 8 | (guint32)p[3];
}

/* The Orientation of IFD0 in the TIFF block `t` (`n` bytes), or 1. */
static int tiff_orientation(const guchar *t, gsize n)
{
    if (n < 8 || !(memcmp(t, "II*\0", 4) == 0 || memcmp(t, "MM\0*", 4) == 0))
        return 1;
    gboolean le = t[0] == 'I';
    guint32 ifd = read32(t + 4, le);
    if (ifd > n - 2)
        return 1;
    guint entries = read16(t + ifd, le);
    for (guint i = 0; i < entries; i++) {
        gsize at = ifd + 2 + (gsize)i * 12;
        if (at + 12 > n)
            break;
        if (read16(t + at, le) != 0x0112) /* Orientation, a SHORT in the value field */
            continue;
        guint v = read16(t + at + 8, le);
        return v >= 1 && v <= 8 ? (int)v : 1;
    }
    return 1;
}

int nb_exif_orientation(const guchar *data, gsize len)
{
    if (len < 4 || data[0] != 0xFF || data[1] != 0xD8)
        return 1;
    gsize at = 2;
    /* the markers before the image data, each with its length */
    while (at + 4 <= len && data[at] == 0xFF) {
        guint marker = data[at + 1];
        if (marker == 0xDA || marker == 0xD9) /* start of scan, end of image */
            break;
        gsize seg = (gsize)(data[at + 2] << 8 | data[at + 3]);
        if (seg < 2 || at + 2 + seg > len)
            break;
        const guchar *body = data + at + 4;
        if (marker == 0xE1 && seg >= 8 && memcmp(body, "Exif\0\0", 6) == 0)
            return tiff_orientation(body + 6, seg - 2 - 6);
        at += 2 + seg;
    }
    return 1;
}

struct Pix *nb_exif_upright(struct Pix *pix, int orientation)
{
    if (!pix)
        return NULL;
    /* 2..8: mirrored, 180, flipped, transposed, 90 clockwise, transverse,
     * 90 anticlockwise (EXIF 2.3, table of the Orientation tag) */
    PIX *turned = NULL;
    switch (orientation) {
    case 2: return pixFlipLR(NULL, pix);
    case 3: return pixRotate180(NULL, pix);
    case 4: return pixFlipTB(NULL, pix);
    case 5: turned = pixRotateOrth(pix, 1); return turned ? pixFlipLR(turned, turned) : NULL;
    case 6: return pixRotateOrth(pix, 1);
    case 7: turned = pixRotateOrth(pix, 1); return turned ? pixFlipTB(turned, turned) : NULL;
    case 8: return pixRotateOrth(pix, 3);
    default: return pixClone(pix);
    }
}
