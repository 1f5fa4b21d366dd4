/* export.c — placeholder until the export command lands: says so instead of pretending. */
#include "cli.h"

#include <stdio.h>

int nb_cmd_export(int argc, char **argv)
{
    (void)argc, (void)argv;
    fprintf(stderr, "nianbao: export: not available in this build yet\n");
    return NB_EXIT_USAGE;
}
