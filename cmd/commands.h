/*
 * commands.h — the subcommands of `nianbao`, one per cmd/<name>.c.
 *
 * Each takes the arguments after the program name (argv[0] is the command's
 * name), prints data on stdout and messages on stderr, and returns an exit
 * code of cmd/exitcodes.h.  They own nothing past their return; cmd/main.c
 * dispatches to them by name.
 */
#ifndef NB_COMMANDS_H
#define NB_COMMANDS_H

/* `convert FILE`: the JSON record of one report (cmd/convert.c). */
int nb_cmd_convert(int argc, char **argv);

/* `tables FILE`: the rebuilt grids, no schema (cmd/tables.c). */
int nb_cmd_tables(int argc, char **argv);

/* `synth`: synthetic reports with known numbers (cmd/synth.c). */
int nb_cmd_synth(int argc, char **argv);

/* `batch DIR|LIST -o DB`: many files into a database (cmd/batch.c). */
int nb_cmd_batch(int argc, char **argv);

/* `export DB`: the database as CSV or NDJSON (cmd/export.c). */
int nb_cmd_export(int argc, char **argv);

/* `merge OUT.db SHARD.db...`: shard databases into one (cmd/merge.c). */
int nb_cmd_merge(int argc, char **argv);

/* `eval DIR`: scores against truth files (cmd/eval.c). */
int nb_cmd_eval(int argc, char **argv);

/* `review FILE|DB -o OUT`: offline review pages (cmd/review.c). */
int nb_cmd_review(int argc, char **argv);

/* `dictionary`: the record's keys with their labels (cmd/dictionary.c). */
int nb_cmd_dictionary(int argc, char **argv);

#endif
