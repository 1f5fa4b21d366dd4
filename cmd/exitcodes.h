/*
 * exitcodes.h — the exit codes of every nianbao command (the table in
 * `nianbao --help`, each command's --help and the README).
 */
#ifndef NB_EXITCODES_H
#define NB_EXITCODES_H

enum {
    NB_EXIT_OK = 0,          /* a record (or grids) was written */
    NB_EXIT_USAGE = 1,       /* bad command line */
    NB_EXIT_IO = 2,          /* cannot open or read the input, or it is empty */
    NB_EXIT_FORMAT = 3,      /* unsupported, corrupt, encrypted, binary or wrongly encoded input */
    NB_EXIT_NOT_REPORT = 4,  /* readable, but not an OGI annual report (tables: no table) */
    NB_EXIT_LIMIT = 5,       /* a size, page, pixel or time limit was exceeded */
    NB_EXIT_STRICT = 6,      /* --strict: the record has failed checks or value warnings */
    NB_EXIT_PARTIAL = 7,     /* batch: some files failed, the others were converted */
    NB_EXIT_INTERNAL = 70    /* a bug: please report it */
};

#endif
