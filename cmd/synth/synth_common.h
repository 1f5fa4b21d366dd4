/*
 * synth_common.h — helpers the synthetic report renderers share.
 *
 * Owns the small pieces of logic that the renderers of synth_<kind>.c
 * would otherwise each carry a copy of: random choices over the renderer's
 * GRand, schema look-ups (first label, column labels, sections, whether a
 * record has a row), the label and number noise of published reports
 * (bracket widths, typos, thousands separators), the placement of the
 * applications table's rows under their group labels, and the final
 * encoding of a text document.  What a renderer prints, and how it lays a
 * table out, stays in its own file.
 *
 * Strings returned as `char *` are new and owned by the caller (g_free);
 * `const char *` results point into the schema or a static table and must
 * not be freed.  Arrays returned as `GArray *` are freed by the caller with
 * g_array_free(a, TRUE).  Every random choice draws from the GRand passed
 * in, so a renderer keeps its own seeded stream.
 */
#ifndef NB_SYNTH_COMMON_H
#define NB_SYNTH_COMMON_H

#include "schemas/record.h"
#include "schemas/schema.h"
#include "cmd/synth/synth.h"

#include <glib.h>

/* Returns TRUE with a probability of `percent` in 100, drawing one integer
 * from `rnd`.  A percent of 0 or less never holds, 100 or more always
 * does; a draw is made either way. */
gboolean nb_synth_chance(GRand *rnd, int percent);

/* Returns the first label of a schema label list (the printed form of a
 * row, column, group, heading or title), or "" when the list is NULL or
 * empty.  The result points into the list. */
const char *nb_synth_first_label(const GPtrArray *labels);

/* Returns the printed label of table `t`'s column `key`: its first label,
 * or "" when the table has no such column (never NULL). */
const char *nb_synth_column_label(const nb_schema_table *t, const char *key);

/* Returns the record's value at "<table>.<row_key>.<col_key>", or NULL when
 * the record does not hold it.  The value belongs to the record. */
const nb_value *nb_synth_value(const nb_record *r, const nb_schema_table *t, const char *row_key,
                               const char *col_key);

/* Returns TRUE when the record holds at least one value of schema row `row`
 * of table `t` (one of the row's columns), FALSE otherwise, also for a row
 * without columns.  Renderers leave out the rows this is FALSE for. */
gboolean nb_synth_row_present(const nb_record *r, const nb_schema_table *t,
                              const nb_schema_row *row);

/* Returns TRUE when the column key lists `a` and `b` are both non-NULL and
 * hold the same keys in the same order: consecutive rows of section 二 that
 * share their columns share one header. */
gboolean nb_synth_same_columns(const GPtrArray *a, const GPtrArray *b);

/* Returns TRUE when table `t` has columns of its own and every row has as
 * many columns as the table (the applications table, printed as a grid
 * under a multi-level header), FALSE for a table whose rows carry columns
 * of their own (section 二) or an empty table. */
gboolean nb_synth_rows_share_columns(const nb_schema_table *t);

/* Returns the largest number of columns any row of `t` has (0 for a table
 * without rows): the value columns of a section 二 table. */
int nb_synth_max_row_columns(const nb_schema_table *t);

/* Returns a copy of `s` with full-width round brackets made half-width and
 * half-width ones made full-width, as published reports mix them. */
char *nb_synth_swap_brackets(const char *s);

/* Returns a copy of `s` with one slip near the middle of the label, of the
 * kinds printed reports carry: a character dropped ("其他法律行政止公开")
 * or doubled, and when `replace` is TRUE also a character replaced by
 * another character of the same label ("属于三类内容事务信息").  The slip
 * falls in the middle third of the label; `s` should be at least a few
 * characters long (callers use it on labels of 12 characters or more). */
char *nb_synth_typo(GRand *rnd, const char *s, gboolean replace);

/* Returns a copy of `label` with the noise of published reports: bracket
 * widths swapped (30 in 100), and, when *typo_done is FALSE and the label
 * has 12 characters or more, one typo (15 in 100; nb_synth_typo with
 * `typo_replace`), after which *typo_done is set so that a document carries
 * one typo at most.  The caller decides whether noise is wanted at all. */
char *nb_synth_label_noise(GRand *rnd, const char *label, gboolean *typo_done,
                           gboolean typo_replace);

/* Returns a copy of the number text `num` (as nb_format_number writes it:
 * an optional '-' then digits) with a comma between groups of three digits
 * ("-12,345").  Meant for whole numbers; a decimal point is not looked for. */
char *nb_synth_group_thousands(const char *num);

/* Returns the Chinese numeral of a top-level heading numbered from 0
 * ("一" for 0, …, "十" for 9 and above). */
const char *nb_synth_numeral(int n);

/* Returns the schema's section `key` (its headings), or NULL when the
 * schema has none of that key. */
const nb_schema_section *nb_synth_section(const nb_schema *s, const char *key);

/* A row of the applications table with the group labels in force when it is
 * printed: `outer` a top-level group ("三、本年度办理结果") that spans the
 * rows up to the next top-level label, `inner` a sub-group ("（三）不予公开")
 * that spans its own rows; either may be NULL.  `segment` counts the page
 * splits or separate tables before the row (0 when the renderer splits
 * none); a spanning label is printed again in each segment. */
typedef struct {
    const nb_schema_row *row;
    const char *outer, *inner; /* point into the schema */
    int segment;
} nb_synth_placed_row;

/* Returns the rows of table `t` the record holds (nb_synth_row_present), in
 * schema order, as an array of nb_synth_placed_row.  When `split` is not
 * NULL, every row after the fifth starts a new segment with a chance of
 * `split_percent` in 100 drawn from `split`; with NULL no draw is made and
 * every row is in segment 0. */
GArray *nb_synth_place_rows(const nb_record *r, const nb_schema_table *t, GRand *split,
                            int split_percent);

/* Returns how many rows of `rows` (from nb_synth_place_rows) from index `i`
 * on share row i's outer group (or its inner group when `inner` is TRUE)
 * within its segment: the rowspan of the group label printed at row i. */
int nb_synth_group_run(GArray *rows, guint i, gboolean inner);

/* Returns TRUE when row `i` of `rows` opens its outer group (or inner group
 * when `inner` is TRUE): it is the first row, or the one before it has
 * another group or lies in another segment.  The group label is printed at
 * such rows only. */
gboolean nb_synth_starts_group(GArray *rows, guint i, gboolean inner);

/* Appends the UTF-8 document `doc` to `out` encoded as `encoding` (NULL or
 * "UTF-8" keeps the bytes, then `bom` puts a UTF-8 byte order mark first;
 * otherwise g_convert's charset names, e.g. "GB18030", and `bom` is
 * ignored).  Returns FALSE, with `out` unchanged and *err set (g_free;
 * `err` may be NULL), when the text cannot be encoded. */
gboolean nb_synth_encode(const GString *doc, const char *encoding, gboolean bom, GByteArray *out,
                         char **err);

/* ---- content variations (opts->vary; synth_vary.c) ---- */

/* The printed text of the value `v` at table `t`, row `row`, column `col`
 * under the content variations of `o`, or NULL when none applies (the
 * renderer prints the value its own way): "" for a zero with
 * NB_VARY_BLANKS when `blank_ok` (the renderer can print an empty cell);
 * the money value in the unit its header names with NB_VARY_UNITS; the
 * count with a note after it with NB_VARY_NOTES. */
char *nb_synth_vary_value(const nb_synth_opts *o, const nb_schema_table *t,
                          const nb_schema_row *row, const char *col, double v, gboolean blank_ok);

/* The row label `label` of `row` as printed under NB_VARY_LABELS (a new
 * string): （七）合计 for （七）总计, sub-row numbers as 1、 or （1）. */
char *nb_synth_vary_row_label(const nb_synth_opts *o, const nb_schema_row *row, const char *label);

/* The header `label` of column `col` of table `t` as printed under
 * NB_VARY_UNITS (a new string): a money column names the unit its values
 * are printed in — or, in one document of two, no unit at all, the unit
 * being stated beside the block's caption (nb_synth_caption). */
char *nb_synth_vary_column_label(const nb_synth_opts *o, const nb_schema_table *t,
                                 const char *col, const char *label);

/* The printed row label of `row` (its first label under the variations of
 * `o`) and the printed header of column `col` of table `t`.  Interned
 * strings (g_intern_string): never freed, shared by the renderers. */
const char *nb_synth_row_label(const nb_synth_opts *o, const nb_schema_row *row);
const char *nb_synth_printed_column(const nb_synth_opts *o, const nb_schema_table *t,
                                    const char *col);

/* The unit ("元" or "万元") that `row`'s money values of table `t` are
 * printed in under NB_VARY_UNITS, or NULL when the row has no money column
 * or units do not vary.  Points to a static string. */
const char *nb_synth_printed_unit(const nb_synth_opts *o, const nb_schema_table *t,
                                  const nb_schema_row *row);

/* The caption of the block that `row` of table `t` opens (row->block,
 * "第二十条第（九）项") as printed: under NB_VARY_UNITS, in one document of
 * two, followed by the unit of the block's money column ("（单位：万元）"),
 * which its header then leaves out.  `caption` itself when no unit goes
 * there.  An interned string (g_intern_string). */
const char *nb_synth_caption(const nb_synth_opts *o, const nb_schema_table *t,
                             const nb_schema_row *row, const char *caption);

/* True when the block of `row` of table `t` carries its money column's unit
 * in its caption (see nb_synth_caption): a renderer that may leave
 * captions out must print this one. */
gboolean nb_synth_caption_has_unit(const nb_synth_opts *o, const nb_schema_table *t,
                                   const nb_schema_row *row);

#endif
