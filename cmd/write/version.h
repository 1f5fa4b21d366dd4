/*
 * version.h — the version of this build of nianbao.
 *
 * Owns nothing: nb_version() is defined in a file the build generates
 * (cmake/version.cmake): `git describe` of the source tree when it is a git
 * checkout ("0.1.0-412-gf39234c", "-dirty" with uncommitted changes), else
 * the CMake project version.  Never empty.
 */
#ifndef NB_VERSION_H
#define NB_VERSION_H

/* The version string (static; never NULL or empty). */
const char *nb_version(void);

#endif
