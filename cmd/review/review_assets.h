/*
 * review_assets.h — the CSS and script inlined into every review page and
 * into the batch index (static strings; nothing is fetched), and the one
 * escaping function every text of a page goes through.
 */
#ifndef NB_REVIEW_ASSETS_H
#define NB_REVIEW_ASSETS_H

/* Style of a document's review page. */
extern const char nb_review_css[];

/* Script of a document's review page: selection linking boxes and rows, the
 * record filter, and the corrections file built from the inputs. */
extern const char nb_review_script[];

/* Style and script of the batch index page: sorting and filtering. */
extern const char nb_review_index_css[];
extern const char nb_review_index_script[];

#include <glib.h>

/* Appends `t` (NULL = "") to `s` escaped for HTML text and attribute values;
 * invalid UTF-8 (a file name from another locale) is replaced, not copied. */
void nb_review_esc(GString *s, const char *t);

#endif
