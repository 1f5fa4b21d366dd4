/* prov_json.c — see prov_json.h. */
#include "cmd/write/prov_json.h"

json_t *nb_prov_json(const nb_prov *p, const char *raw)
{
    json_t *o = json_object();
    json_object_set_new(o, "page", p->page > 0 ? json_integer(p->page) : json_null());
    if (p->has_box) {
        json_t *box = json_array();
        for (int i = 0; i < 4; i++)
            json_array_append_new(box, json_real((double)(long long)(p->box[i] * 10 + (p->box[i] >= 0 ? 0.5 : -0.5)) / 10));
        json_object_set_new(o, "box", box);
    } else {
        json_object_set_new(o, "box", json_null());
    }
    json_object_set_new(o, "line", p->line > 0 ? json_integer(p->line) : json_null());
    if (p->has_cell)
        json_object_set_new(o, "cell", json_pack("[iii]", p->cell[0], p->cell[1], p->cell[2]));
    if (raw)
        json_object_set_new(o, "raw", json_string(raw));
    json_object_set_new(o, "confidence", p->confidence >= 0 ? json_integer(p->confidence) : json_null());
    json_object_set_new(o, "origin", json_string(nb_origin_name(p->origin)));
    return o;
}
