/* merge.c — placeholder until the merge command lands: says so instead of pretending. */
#include "cli.h"

#include <stdio.h>

int nb_cmd_merge(int argc, char **argv)
{
    (void)argc, (void)argv;
    fprintf(stderr, "nianbao: merge: not available in this build yet\n");
    return NB_EXIT_USAGE;
}
