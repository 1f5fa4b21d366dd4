/*
 * synth_glued.c — a record as glued crawler text (see synth.h).
 *
 * Writes what an archive crawler leaves of a report page when it strips the
 * tags without any separator: a crawler header, then the whole body on one
 * line, headings glued to the text after them, and every table row as its
 * label immediately followed by its numbers glued into one digit string
 * ("一、本年新收政府信息公开申请数量21710000218"), so that a row's digits run
 * straight into the next row's item number ("…40000042.其他法律…").  Section
 * 四 is one run of groups x columns digits.  Some documents get stray spaces
 * inside digit runs and labels (the <p> breaks of a CMS), and some state a
 * value of section 二 in the text before the report ("本年度制发行政规范性
 * 文件62件"), as real reports do.  Labels, headings, column captions and the
 * table layout come from the schema; only the furniture words every printed
 * template shares (信息内容, 申请人情况, …) are written here.
 */
#include "cmd/synth/synth.h"
#include "cmd/synth/synth_common.h"
#include "layout/model/textnorm.h"

#include <string.h>

typedef struct {
    const nb_record *r;
    const nb_schema *s;
    const nb_synth_opts *opts;
    GRand *rnd;
    GString *out;
    gboolean stray_spaces; /* this document has <p> breaks inside cells */
    gboolean typo_done;
} glued_ctx;

/* A stray space where a CMS put a <p> break, sometimes. */
static void maybe_space(glued_ctx *c, int percent)
{
    if (c->stray_spaces && nb_synth_chance(c->rnd, percent))
        g_string_append(c->out, nb_synth_chance(c->rnd, 80) ? " " : "\u3000");
}

/* A label with the noise of published pages when asked: a space inside a
 * word, half-width brackets, one dropped character in a long label. */
static void put_label(glued_ctx *c, const char *label)
{
    glong n = g_utf8_strlen(label, -1);
    glong drop = -1;
    if (c->opts->mangle && !c->typo_done && n >= 12 && nb_synth_chance(c->rnd, 10)) {
        drop = n / 2;
        c->typo_done = TRUE;
    }
    glong i = 0;
    for (const char *p = label; *p; p = g_utf8_next_char(p), i++) {
        gunichar ch = g_utf8_get_char(p);
        if (i == drop)
            continue;
        if (c->opts->mangle && (ch == 0xFF08 || ch == 0xFF09) && nb_synth_chance(c->rnd, 30))
            ch = ch == 0xFF08 ? '(' : ')';
        g_string_append_unichar(c->out, ch);
        if (c->opts->mangle && *g_utf8_next_char(p))
            maybe_space(c, 6);
    }
}

/* The digits of one value as a crawler keeps them: no separators, a sign for
 * a decrease, decimals as printed. */
static char *value_text(const nb_record *r, const char *path)
{
    const nb_value *v = nb_record_get(r, path);
    return v ? nb_format_number(v->value) : NULL;
}

/* Appends the glued digits of `paths`; stray spaces may fall anywhere. */
static void put_digits(glued_ctx *c, GPtrArray *paths, const char *unit)
{
    maybe_space(c, 30);
    for (guint i = 0; i < paths->len; i++) {
        char *t = value_text(c->r, g_ptr_array_index(paths, i));
        for (const char *p = t ? t : ""; *p; p++) {
            g_string_append_c(c->out, *p);
            if (p[1])
                maybe_space(c, 5);
        }
        if (i + 1 < paths->len)
            maybe_space(c, 20);
        g_free(t);
    }
    if (unit)
        g_string_append(c->out, unit);
    maybe_space(c, 20);
}

static GPtrArray *row_paths(const nb_schema_table *t, const nb_schema_row *row)
{
    GPtrArray *paths = g_ptr_array_new_with_free_func(g_free);
    GPtrArray *cols = nb_schema_row_columns(t, row);
    for (guint i = 0; cols && i < cols->len; i++)
        g_ptr_array_add(paths, g_strdup_printf("%s.%s.%s", t->key, row->key,
                                               (const char *)g_ptr_array_index(cols, i)));
    return paths;
}

/* 元 after an amount in yuan, as some pages print it. */
static const char *unit_suffix(glued_ctx *c, const nb_schema_row *row)
{
    return row->unit && !strcmp(row->unit, "yuan") && nb_synth_chance(c->rnd, 50) ? "元" : NULL;
}

/* Section 二: each block's caption and column captions glued before its
 * first row, then label+digits per row. */
static void put_list_table(glued_ctx *c, const nb_schema_table *t)
{
    const GPtrArray *prev = NULL;
    for (guint i = 0; i < t->rows->len; i++) {
        const nb_schema_row *row = g_ptr_array_index(t->rows, i);
        if (!nb_synth_row_present(c->r, t, row))
            continue;
        GPtrArray *paths = row_paths(t, row);
        if (row->block || !nb_synth_same_columns(prev, row->columns)) {
            if (row->block)
                g_string_append(c->out, row->block);
            g_string_append(c->out, "信息内容");
            for (guint k = 0; k < row->columns->len; k++)
                g_string_append(c->out,
                                nb_synth_column_label(t, g_ptr_array_index(row->columns, k)));
        }
        prev = row->columns;
        put_label(c, nb_synth_first_label(row->labels));
        put_digits(c, paths, unit_suffix(c, row));
        g_ptr_array_free(paths, TRUE);
    }
}

/* Section 三: the header captions in the order a crawler meets them in a
 * three-level header, then every row with its group labels glued before
 * its first row (the outer one sometimes again after a page break). */
static void put_grid_table(glued_ctx *c, const nb_schema_table *t)
{
    int n = (int)t->columns->len;
    g_string_append(c->out, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况");
    for (int k = 0; k < n; k++) {
        const nb_schema_labels *col = g_ptr_array_index(t->columns, k);
        const nb_schema_labels *last = g_ptr_array_index(t->columns, n - 1);
        const char *cap = nb_synth_first_label(col->labels);
        if (k == 0)
            g_string_append_printf(c->out, "%s法人或其他组织%s", cap,
                                   nb_synth_first_label(last->labels));
        else if (k < n - 1)
            put_label(c, cap);
    }
    const char *group = NULL;
    gboolean repeated = FALSE;
    for (guint i = 0; i < t->rows->len; i++) {
        const nb_schema_row *row = g_ptr_array_index(t->rows, i);
        if (!nb_synth_row_present(c->r, t, row))
            continue;
        GPtrArray *paths = row_paths(t, row);
        if (row->group && g_strcmp0(group, row->group)) {
            put_label(c, row->group);
        } else if (row->group && !repeated && nb_label_level(row->group) == 1 &&
                   nb_synth_chance(c->rnd, 10)) {
            put_label(c, row->group); /* a Word page break repeats the vertical label */
            repeated = TRUE;
        }
        group = row->group;
        put_label(c, nb_synth_first_label(row->labels));
        put_digits(c, paths, NULL);
        g_ptr_array_free(paths, TRUE);
    }
}

/* Section 四: group and column captions, then one run of every value. */
static void put_wide_table(glued_ctx *c, const nb_schema_table *t)
{
    GPtrArray *paths = g_ptr_array_new_with_free_func(g_free);
    for (guint g = 0; g < t->groups->len; g++) {
        const nb_schema_labels *gl = g_ptr_array_index(t->groups, g);
        g_string_append(c->out, nb_synth_first_label(gl->labels));
        for (guint k = 0; k < t->columns->len; k++) {
            const nb_schema_labels *cl = g_ptr_array_index(t->columns, k);
            g_string_append(c->out, nb_synth_first_label(cl->labels));
            g_ptr_array_add(paths, g_strdup_printf("%s.%s.%s", t->key, gl->key, cl->key));
        }
    }
    put_digits(c, paths, NULL);
    g_ptr_array_free(paths, TRUE);
}

static void put_table(glued_ctx *c, const nb_schema_table *t)
{
    if (t->wide)
        put_wide_table(c, t);
    else if (nb_synth_rows_share_columns(t))
        put_grid_table(c, t);
    else
        put_list_table(c, t);
}

/* A sentence before the report that states the first value of a section 二
 * row with several columns, the way reports mention their documents. */
static void put_statement(glued_ctx *c)
{
    const nb_schema_table *t = c->s->tables->len ? g_ptr_array_index(c->s->tables, 0) : NULL;
    for (guint i = 0; t && !t->wide && i < t->rows->len; i++) {
        const nb_schema_row *row = g_ptr_array_index(t->rows, i);
        GPtrArray *paths = row_paths(t, row);
        char *v = paths->len >= 3 ? value_text(c->r, g_ptr_array_index(paths, 0)) : NULL;
        if (v && nb_synth_chance(c->rnd, 50))
            g_string_append_printf(c->out, "本年度共发布%s%s件。",
                                   nb_synth_first_label(row->labels), v);
        g_free(v);
        g_ptr_array_free(paths, TRUE);
    }
}

static const char *section_heading(const nb_schema *s, const char *key)
{
    const nb_schema_section *sec = nb_synth_section(s, key);
    return sec ? nb_synth_first_label(sec->headings) : NULL;
}

static void put_section(glued_ctx *c, int *n, const char *key)
{
    const char *text = g_hash_table_lookup(c->r->sections, key);
    const char *heading = section_heading(c->s, key);
    if (!text || !heading)
        return;
    g_string_append_printf(c->out, "%s、%s", nb_synth_numeral(*n), heading);
    (*n)++;
    g_string_append(c->out, text);
}

static void put_document(glued_ctx *c)
{
    const char *kind = nb_synth_first_label(c->s->report_title);
    if (c->r->agency && c->r->year)
        g_string_append_printf(c->out, "标题: %s%d年度%s\n", c->r->agency, c->r->year, kind);
    g_string_append(c->out, "栏目: 政府信息公开年报\n==================== 正文 ====================\n");
    if (c->r->agency && c->r->year && nb_synth_chance(c->rnd, 50))
        g_string_append_printf(c->out, "%s%d年%s ", c->r->agency, c->r->year, kind);
    g_string_append(c->out, "本报告根据《中华人民共和国政府信息公开条例》要求编制。");
    put_statement(c);
    int n = 0;
    if (c->s->sections->len)
        put_section(c, &n, ((nb_schema_section *)g_ptr_array_index(c->s->sections, 0))->key);
    for (guint i = 0; i < c->s->tables->len; i++) {
        const nb_schema_table *t = g_ptr_array_index(c->s->tables, i);
        g_string_append_printf(c->out, "%s、%s", nb_synth_numeral(n),
                               nb_synth_first_label(t->headings));
        n++;
        put_table(c, t);
    }
    for (guint i = 1; i < c->s->sections->len; i++)
        put_section(c, &n, ((nb_schema_section *)g_ptr_array_index(c->s->sections, i))->key);
}

gboolean nb_synth_render_glued(const nb_record *r, const nb_schema *s, const nb_synth_opts *opts,
                               GByteArray *out, char **err)
{
    if (err)
        *err = NULL;
    g_return_val_if_fail(r && s && opts && out, FALSE);
    glued_ctx c = {r, s, opts, g_rand_new_with_seed(opts->seed ^ 0x6c7edu), g_string_new(NULL),
                   FALSE, FALSE};
    c.stray_spaces = nb_synth_chance(c.rnd, 40);
    put_document(&c);
    g_byte_array_append(out, (const guint8 *)c.out->str, (guint)c.out->len);
    g_string_free(c.out, TRUE);
    g_rand_free(c.rnd);
    return TRUE;
}
