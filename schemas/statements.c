/* statements.c — see statements.h. */
#include "schemas/statements.h"
#include "layout/model/textnorm.h"
#include "schemas/pattern.h"

#include <stdlib.h>
#include <string.h>

/* The table's value a statement restates: the sum of its paths; FALSE when
 * one of them has no value. */
static gboolean table_value(const nb_record *r, const nb_schema_statement *st, double *sum)
{
    *sum = 0;
    for (guint i = 0; i < st->paths->len; i++) {
        const nb_value *v = nb_record_get(r, g_ptr_array_index(st->paths, i));
        if (!v)
            return FALSE;
        *sum += v->value;
    }
    return TRUE;
}

/* The sentence around byte range [from, to) of the squashed line `line`:
 * from the previous 。；, (or the line's start) to the next one. */
static char *sentence_around(const char *line, size_t from, size_t to)
{
    size_t a = from, b = to, n = strlen(line);
    while (a > 0 && !strchr(";,", line[a - 1]) && (a < 3 || strncmp(line + a - 3, "。", 3)) &&
           (a < 3 || strncmp(line + a - 3, "，", 3)))
        a--;
    while (b < n && !strchr(";,", line[b]) && strncmp(line + b, "。", 3) &&
           strncmp(line + b, "，", 3))
        b++;
    return g_strndup(line + a, b - a);
}

/* Evaluates statement `st` at every match in `line`; adds a check per
 * disagreement not seen before (`seen`: "pattern|number"). */
static int check_line(const nb_schema_statement *st, nb_re *re, const char *line,
                      GHashTable *seen, nb_record *r)
{
    int found = 0;
    for (size_t at = 0; nb_re_match(re, line, at); at = nb_re_end(re, 0)) {
        char *n = nb_re_named(re, line, "n");
        double table;
        char *key = g_strdup_printf("%s|%s", st->pattern, n ? n : "");
        if (n && table_value(r, st, &table) && !g_hash_table_contains(seen, key)) {
            found++;
            double stated = atof(n);
            if (stated != table) {
                char *sentence = sentence_around(line, nb_re_start(re, 0), nb_re_end(re, 0));
                GPtrArray *paths = g_ptr_array_new_with_free_func(g_free);
                for (guint i = 0; i < st->paths->len; i++)
                    g_ptr_array_add(paths, g_strdup(g_ptr_array_index(st->paths, i)));
                char *msg = g_strdup_printf("the text states %s (\"%s\"), the table %g", n,
                                            sentence, table);
                nb_record_add_check(r, NB_RULE_TEXT, table, stated, msg, paths);
                g_free(msg);
                g_free(sentence);
            }
            g_hash_table_add(seen, key);
            key = NULL;
        }
        g_free(key);
        g_free(n);
        if (nb_re_end(re, 0) <= at)
            break;
    }
    return found;
}

int nb_statements_check(const nb_doc *doc, const nb_schema *s, nb_record *r)
{
    if (!doc || !s || !r)
        return 0;
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    int found = 0;
    for (guint k = 0; k < s->statements->len; k++) {
        const nb_schema_statement *st = g_ptr_array_index(s->statements, k);
        nb_re re;
        if (!nb_re_compile(&re, st->pattern)) {
            nb_re_free(&re);
            continue;
        }
        for (guint i = 0; i < doc->lines->len; i++) {
            char *line = nb_norm_squash(((nb_line *)g_ptr_array_index(doc->lines, i))->text);
            found += check_line(st, &re, line, seen, r);
            g_free(line);
        }
        nb_re_free(&re);
    }
    g_hash_table_destroy(seen);
    return found;
}
