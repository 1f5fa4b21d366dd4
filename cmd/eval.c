/* eval.c — placeholder until the eval command lands: says so instead of pretending. */
#include "cli.h"

#include <stdio.h>

int nb_cmd_eval(int argc, char **argv)
{
    (void)argc, (void)argv;
    fprintf(stderr, "nianbao: eval: not available in this build yet\n");
    return NB_EXIT_USAGE;
}
