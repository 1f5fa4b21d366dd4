/* batch.c — placeholder until the batch command lands: says so instead of pretending. */
#include "cli.h"

#include <stdio.h>

int nb_cmd_batch(int argc, char **argv)
{
    (void)argc, (void)argv;
    fprintf(stderr, "nianbao: batch: not available in this build yet\n");
    return NB_EXIT_USAGE;
}
