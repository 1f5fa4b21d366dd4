/*
 * prov_json.h — provenance as JSON (shared by the record and grid writers).
 */
#ifndef NB_PROV_JSON_H
#define NB_PROV_JSON_H

#include "layout/model/grid.h"

#include <jansson.h>

/* Returns a new JSON object {"page", "box", "line", "raw", "confidence",
 * "origin"}; `raw` may be NULL (then the key is omitted). */
json_t *nb_prov_json(const nb_prov *p, const char *raw);

#endif
