/*
 * ink.h — which colours are the report's print: red seal ink dropped out
 * when a colour page is turned into the gray image that OCR reads.
 *
 * An office stamps its red seal over the signature and, often, over table
 * cells; read in gray, the seal's ring and characters are as dark as print
 * and OCR misreads the digits under them.  Scanners offer "red dropout" for
 * this: a reddish pixel is replaced by its red channel, which is as light
 * as the paper under red ink, while black print (dark in every channel,
 * also where the seal covers it) stays dark.  Pure arithmetic on one pixel,
 * shared by the PDF renderer and the OCR module's page preparation, so it
 * lives in this header (static inline: no object of its own).
 */
#ifndef NB_INK_H
#define NB_INK_H

/* Below this excess of red over the other channels a pixel is print (JPEG's
 * chroma noise, gray or black ink); at RED_FULL and above it is seal ink
 * and takes its red channel. */
#define NB_INK_RED_START 24
#define NB_INK_RED_FULL 64

/* The gray value (0 dark .. 255 white) of an RGB pixel with red ink dropped
 * out: ITU-R 601 luma for print, blended towards the red channel as the
 * pixel gets redder (a smooth ramp, so that JPEG's blurred seal edges leave
 * no speckle). */
static inline unsigned nb_ink_gray(unsigned r, unsigned g, unsigned b)
{
    unsigned luma = (299 * r + 587 * g + 114 * b) / 1000;
    unsigned other = g > b ? g : b;
    if (r <= other + NB_INK_RED_START)
        return luma;
    unsigned excess = r - other - NB_INK_RED_START, span = NB_INK_RED_FULL - NB_INK_RED_START;
    if (excess >= span)
        return r;
    return luma + (r - luma) * excess / span;
}

#endif
