/* synth.c — placeholder until the synth command lands: says so instead of pretending. */
#include "cli.h"

#include <stdio.h>

int nb_cmd_synth(int argc, char **argv)
{
    (void)argc, (void)argv;
    fprintf(stderr, "nianbao: synth: not available in this build yet\n");
    return NB_EXIT_USAGE;
}
