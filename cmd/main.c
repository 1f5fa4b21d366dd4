/* main.c — the nianbao command: dispatches to a subcommand. */
#include "cmd/commands.h"
#include "cmd/cli.h"
#include "cmd/write/version.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

static const char *k_usage =
    " — turns published 政府信息公开工作年度报告 into structured data\n"
    "\n"
    "Usage: nianbao COMMAND [OPTIONS] ARGS\n"
    "\n"
    "Commands:\n"
    "  convert FILE         write the report's record (JSON) on stdout\n"
    "  tables FILE          write the rebuilt table grids (TSV, CSV or JSON), no schema\n"
    "  synth                generate a synthetic report with known numbers (tests, demos)\n"
    "  batch DIR|LIST       convert many files into an SQLite database\n"
    "  review FILE|DB -o OUT  offline HTML pages to check values and type corrections\n"
    "  export DB            export a batch database as CSV or NDJSON\n"
    "  merge A.db B.db ...  combine batch databases (shards)\n"
    "  eval DIR...          score the tool on folders of source.* + truth.json\n"
    "  help [COMMAND]       show help\n"
    "  version              print the version (also -V, --version, COMMAND -V)\n"
    "\n"
    "Inputs are recognised by content, not by name: PDF (text layer or scanned),\n"
    "HTML (UTF-8 or GBK), images (PNG, JPEG, TIFF), plain text (UTF-8 or GB18030).\n"
    "Data goes to stdout, messages to stderr.\n"
    "\n"
    "Examples:\n"
    "  nianbao convert report.pdf > report.json\n"
    "  nianbao convert --provenance --strict page.html\n"
    "  nianbao tables scraped.txt --format csv\n"
    "\n"
    "Exit codes:\n"
    "  0  a record (or grids) was written, possibly partial, with warnings or failed checks\n"
    "  1  bad command line\n"
    "  2  the file cannot be opened or read, or is empty\n"
    "  3  unsupported, corrupt, encrypted, binary or wrongly encoded input\n"
    "  4  the file is readable but is not an OGI annual report (no table found for tables)\n"
    "  5  a limit was exceeded (--max-bytes, --max-pages, --max-cells, --max-pixels, --timeout)\n"
    "  6  --strict and the record has failed checks or value warnings\n"
    "  7  batch, or convert with several inputs: some files failed (each reported\n"
    "     with its error), the rest converted\n"
    " 70  internal error (a bug)\n"
    "130  interrupted (Ctrl-C; 143 for SIGTERM): batch resumes when run again\n"
    "\n"
    "Run 'nianbao COMMAND --help' for the options of a command.\n";

typedef int (*nb_cmd_fn)(int, char **);

typedef struct {
    const char *name;
    nb_cmd_fn fn;
} nb_cmd;

#if defined(__SANITIZE_ADDRESS__)
#define NB_MAIN_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NB_MAIN_ASAN 1
#endif
#endif
#ifdef NB_MAIN_ASAN
/* Under AddressSanitizer RLIMIT_AS cannot bound memory (the shadow alone is
 * terabytes of address space), so the allocator bounds it instead
 * (cmd/driver/guard.h): past 2 GB of RSS, or for one allocation of more
 * than 1 GB, malloc returns NULL — poppler then says "Out of memory" and
 * aborts, which the guard turns into exit 5.  ASAN_OPTIONS overrides these. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "allocator_may_return_null=1:soft_rss_limit_mb=2048:max_allocation_size_mb=1024";
}
#endif

/* TRUE when the arguments before "--" ask for the version (-V, --version). */
static gboolean wants_version(int argc, char **argv)
{
    for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
        if (!strcmp(argv[i], "-V") || !strcmp(argv[i], "--version"))
            return TRUE;
    return FALSE;
}

/* Splits "-j4" into "-j" "4" (before "--"): GLib's parser takes the next
 * argument as the value of a short option, never the digits glued to it, and
 * people type -j4 as often as -j 4.  Returns a new vector (g_free, strings
 * borrowed from argv, which outlives it). */
static char **split_glued_numbers(int *argc, char **argv)
{
    char **out = g_new0(char *, 2 * (gsize)*argc + 1);
    int n = 0;
    gboolean options = TRUE;
    for (int i = 0; i < *argc; i++) {
        const char *a = argv[i];
        options = options && strcmp(a, "--");
        if (options && a[0] == '-' && g_ascii_isalpha(a[1]) && g_ascii_isdigit(a[2])) {
            char *flag = g_strndup(a, 2);
            out[n++] = (char *)g_intern_string(flag); /* interned: lives as long as the process */
            g_free(flag);
            out[n++] = argv[i] + 2;
        } else {
            out[n++] = argv[i];
        }
    }
    *argc = n;
    return out;
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "C.UTF-8");
    const nb_cmd cmds[] = {
        {"convert", nb_cmd_convert}, {"tables", nb_cmd_tables}, {"synth", nb_cmd_synth},
        {"batch", nb_cmd_batch},     {"export", nb_cmd_export}, {"merge", nb_cmd_merge},
        {"eval", nb_cmd_eval},       {"review", nb_cmd_review}, {"dictionary", nb_cmd_dictionary},
        {NULL, NULL}};
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
        (!strcmp(argv[1], "help") && argc == 2)) {
        FILE *out = argc < 2 ? stderr : stdout;
        fprintf(out, "nianbao %s", nb_version());
        fputs(k_usage, out);
        return argc < 2 ? NB_EXIT_USAGE : NB_EXIT_OK;
    }
    /* nianbao -V, nianbao version, nianbao COMMAND -V */
    if (!strcmp(argv[1], "version") || wants_version(argc, argv)) {
        printf("nianbao %s\n", nb_version());
        return NB_EXIT_OK;
    }
    if (!strcmp(argv[1], "help") && !strcmp(argv[2], "help")) {
        printf("nianbao %s", nb_version());
        fputs(k_usage, stdout);
        return NB_EXIT_OK;
    }
    const char *name = argv[1];
    static char *help_argv[4];
    if (!strcmp(name, "help") && argc > 2) {
        name = argv[2];
        help_argv[0] = argv[0], help_argv[1] = argv[2], help_argv[2] = (char *)"--help";
        argc = 3;
        argv = help_argv;
    }
    for (const nb_cmd *c = cmds; c->name; c++)
        if (!strcmp(c->name, name)) {
            if (!c->fn) {
                fprintf(stderr, "nianbao: %s: not available in this build\n", name);
                return NB_EXIT_USAGE;
            }
            /* GLib's usage line starts with the program name: "nianbao tables" */
            char *prgname = g_strdup_printf("nianbao %s", c->name);
            g_set_prgname(prgname);
            g_free(prgname);
            char **args = split_glued_numbers(&argc, argv);
            int code = c->fn(argc - 1, args + 1);
            g_free(args);
            return code;
        }
    fprintf(stderr, "nianbao: unknown command '%s' (see 'nianbao --help')\n", name);
    return NB_EXIT_USAGE;
}
