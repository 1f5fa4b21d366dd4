/*
 * dictionary.c — `nianbao dictionary`: the record's value keys, from the
 * schema files, as a table or as the Markdown of docs/record.md.
 *
 * The rows are the batch database's `dictionary` table (cmd/batch/db.h builds
 * it from the templates), read from a database kept in memory, so the
 * document, the database and export --labels zh can never disagree.  The
 * top-level text of the Markdown is the spec's Top level, which is fixed.
 */
#include "cmd/commands.h"
#include "cmd/cli.h"
#include "cmd/batch/db.h"
#include "schemas/schema.h"

#include <stdio.h>
#include <string.h>

static const char *k_record_intro =
    "# The record: every key, its Chinese labels, unit and type\n"
    "\n"
    "<!-- Generated from the schema files (schemas/cn-ogi-*.json) by\n"
    "     nianbao dictionary --format markdown > docs/record.md\n"
    "     Do not edit: tests/cli/record_doc.sh fails when this file is not current. -->\n"
    "\n"
    "`nianbao convert` writes one JSON object per report (schema `cn-ogi-annual-report`); `batch`\n"
    "stores the same values in a database (see [batch.md](batch.md)), whose table `dictionary`\n"
    "holds the rows below, and `export --labels zh` names its columns with them.\n"
    "\n"
    "## Top level\n"
    "\n"
    "| key | type | meaning |\n"
    "|---|---|---|\n"
    "| `schema` | text | always `cn-ogi-annual-report` |\n"
    "| `source` | object | `path` as given (bytes that are not UTF-8 written `\\xNN`), `sha256` of the bytes read (stdin too), `format` as sniffed (`pdf-text`, `pdf-scan`, `html`, `text`, `image`, `docx`, `doc`, `ofd`) |\n"
    "| `tool` | object | `name` (`nianbao`) and `version` (`nianbao --version`: git describe at build time, else the CMake project version) |\n"
    "| `template` | text | the form the report follows: `2021` or `2019` |\n"
    "| `agency` | text | the reporting body as the report names it (title first, else body text) |\n"
    "| `year` | integer | the year the report covers (not the publication year) |\n"
    "| value keys | object | nested by the dotted keys below: `applications.granted.total` is `{\"applications\": {\"granted\": {\"total\": 42}}}` |\n"
    "| `sections` | object | the text sections below |\n"
    "| `checks` | array | broken consistency rules: `rule` (1-4, or `\"text\"` for a body-text sentence), `expected`, `found`, `message`, `paths` (every value the rule involves) |\n"
    "| `warnings` | array | doubts and losses: `path` (the value, table or `template` it is about; null for the document) and `message` |\n"
    "| `provenance` | object | with `--provenance`: per dotted key `page`, `box`, `line`, `raw`, `confidence`, `origin` |\n"
    "\n"
    "A key is present only when the document states the value; a value that cannot be read is\n"
    "left out with a warning naming its key.  A value is *flagged* when its key, or a prefix of\n"
    "it, is named by a warning's `path` or a check's `paths`.  Numbers are JSON numbers:\n"
    "integers for counts, decimals as printed for money.\n"
    "\n"
    "Types: `count` a whole number from 0; `signed_count` a whole number that may be negative\n"
    "(a decrease); `money` an amount in the unit given (`yuan` 元, `10k_yuan` 万元), decimals\n"
    "allowed.  Templates: the forms that have the key (2021: reports for 2021 and later).\n";

static const char *k_summary =
    "Prints every value key of the record (schema cn-ogi-annual-report) with\n"
    "the Chinese labels its template prints, its unit, type and templates, as\n"
    "the batch database's table 'dictionary' holds them.  --format tsv (the\n"
    "default) writes one header line and one line per key; --format markdown\n"
    "writes docs/record.md (the top level, the keys table by table, the text\n"
    "sections).\n\n"
    "Examples:\n"
    "  nianbao dictionary | grep 本年新收\n"
    "  nianbao dictionary --format markdown > docs/record.md";

static const char *k_exits = "Exit codes: 0 written; 1 usage; 2 stdout cannot be written; 70 internal\nerror.";

#define DICT_COLUMNS "key, type, unit, templates, table_zh, group_zh, row_zh, column_zh"
enum { COL_KEY, COL_TYPE, COL_UNIT, COL_TEMPLATES, COL_TABLE, COL_GROUP, COL_ROW, COL_COLUMN, N_COL };

static const char *col_text(sqlite3_stmt *st, int i)
{
    const char *s = (const char *)sqlite3_column_text(st, i);
    return s ? s : "";
}

static void write_tsv_row(sqlite3_stmt *st)
{
    for (int i = 0; i < N_COL; i++)
        printf("%s%s", i ? "\t" : "", col_text(st, i));
    putchar('\n');
}

/* Markdown cell text: a '|' would end the cell. */
static void put_md(const char *s)
{
    for (; *s; s++) {
        if (*s == '|')
            putchar('\\');
        putchar(*s);
    }
}

/* The part of a dotted key before its first dot ("applications"). */
static char *table_of(const char *key)
{
    const char *dot = strchr(key, '.');
    return dot ? g_strndup(key, (gsize)(dot - key)) : g_strdup(key);
}

static void write_md_row(sqlite3_stmt *st, char **table)
{
    char *t = table_of(col_text(st, COL_KEY));
    if (g_strcmp0(t, *table)) {
        printf("\n### `%s`%s%s\n\n", t, *col_text(st, COL_TABLE) ? " " : "",
               col_text(st, COL_TABLE));
        puts("| key | group | row | column | type | unit | templates |");
        puts("|---|---|---|---|---|---|---|");
        g_free(*table);
        *table = g_strdup(t);
    }
    g_free(t);
    printf("| `%s` |", col_text(st, COL_KEY));
    for (int i = COL_GROUP; i <= COL_COLUMN; i++) {
        putchar(' ');
        put_md(col_text(st, i));
        fputs(" |", stdout);
    }
    printf(" %s | %s | %s |\n", col_text(st, COL_TYPE), col_text(st, COL_UNIT),
           col_text(st, COL_TEMPLATES));
}

/* The text sections of every template, first heading as their label. */
static void write_md_sections(void)
{
    puts("\n## `sections`\n\n| key | heading (as printed; variants are recognised too) |\n|---|---|");
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    const nb_schema_set *set = nb_schema_set_default();
    for (guint s = 0; s < set->schemas->len; s++) {
        const nb_schema *sc = g_ptr_array_index(set->schemas, s);
        for (guint i = 0; i < sc->sections->len; i++) {
            const nb_schema_section *sec = g_ptr_array_index(sc->sections, i);
            if (!g_hash_table_add(seen, sec->key))
                continue;
            printf("| `sections.%s` | %s |\n", sec->key,
                   sec->headings->len ? (char *)g_ptr_array_index(sec->headings, 0) : "");
        }
    }
    g_hash_table_destroy(seen);
}

static int write_dictionary(gboolean markdown)
{
    GError *e = NULL;
    nb_db *db = nb_db_open(":memory:", &e);
    sqlite3_stmt *st = NULL;
    if (!db || sqlite3_prepare_v2(nb_db_handle(db), "SELECT " DICT_COLUMNS
                                  " FROM dictionary ORDER BY position", -1, &st, NULL)) {
        nb_cli_error(NULL, "dictionary: %s", e ? e->message : sqlite3_errmsg(nb_db_handle(db)));
        g_clear_error(&e);
        nb_db_close(db);
        return NB_EXIT_INTERNAL;
    }
    char *table = NULL;
    if (markdown)
        printf("%s\n## Value keys\n", k_record_intro);
    else
        puts("key\ttype\tunit\ttemplates\ttable_zh\tgroup_zh\trow_zh\tcolumn_zh");
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (markdown)
            write_md_row(st, &table);
        else
            write_tsv_row(st);
    }
    if (markdown)
        write_md_sections();
    g_free(table);
    sqlite3_finalize(st);
    nb_db_close(db);
    return fflush(stdout) == 0 ? NB_EXIT_OK : NB_EXIT_IO;
}

int nb_cmd_dictionary(int argc, char **argv)
{
    char *format = NULL;
    GOptionEntry entries[] = {
        {"format", 'f', 0, G_OPTION_ARG_STRING, &format, "tsv (default) or markdown", "FMT"},
        {NULL}};
    GOptionContext *ctx = nb_cli_context_new("- the record's keys with their Chinese labels",
                                             k_summary, k_exits, entries);
    GError *ge = NULL;
    gboolean ok = g_option_context_parse(ctx, &argc, &argv, &ge);
    g_option_context_free(ctx);
    const char *problem = !ok ? ge->message : argc != 1 ? "takes no argument" : NULL;
    if (!problem && format && strcmp(format, "tsv") && strcmp(format, "markdown"))
        problem = "--format is tsv or markdown";
    if (problem) {
        nb_cli_error(NULL, "dictionary: %s (see 'nianbao dictionary --help')", problem);
        g_clear_error(&ge);
        g_free(format);
        return NB_EXIT_USAGE;
    }
    int code = write_dictionary(format && !strcmp(format, "markdown"));
    g_free(format);
    return code;
}
