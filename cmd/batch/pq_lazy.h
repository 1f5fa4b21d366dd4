/*
 * pq_lazy.h — libpq, opened the first time a PostgreSQL target is used,
 * never at start-up.
 *
 * Owns: the library handle and its function table (never freed).  Linked,
 * libpq and what it brings (TLS, GSSAPI, LDAP) cost every run of every
 * command some 24 M instructions of symbol binding, `--version` and every
 * PDF included (docs/pdf.md "Cost"), for the few runs that write to
 * PostgreSQL.  It is opened with GModule (extract/lazyload.h) by the
 * shared-object name of the libpq the build was made against
 * (NB_LIBPQ_SONAME, set by CMakeLists.txt).
 *
 * Only db_pg.c includes this header, after <libpq-fe.h>: libpq's function
 * names then name the entries of the table, so the code reads as plain libpq
 * calls.  Before the first of them on any path it calls nb_pq_load().
 */
#ifndef NB_PQ_LAZY_H
#define NB_PQ_LAZY_H

#include <glib.h>
#include <libpq-fe.h>

/* X(return type, name, parameter list) for every libpq function used. */
#define NB_PQ_FUNCTIONS(X)                                                                    \
    X(void, PQclear, (PGresult *))                                                            \
    X(PGconn *, PQconnectdb, (const char *))                                                  \
    X(void, PQconninfoFree, (PQconninfoOption *))                                             \
    X(PQconninfoOption *, PQconninfoParse, (const char *, char **))                           \
    X(PGresult *, PQdescribePrepared, (PGconn *, const char *))                               \
    X(char *, PQerrorMessage, (const PGconn *))                                               \
    X(PGresult *, PQexec, (PGconn *, const char *))                                           \
    X(PGresult *, PQexecPrepared, (PGconn *, const char *, int, const char *const *,          \
                                   const int *, const int *, int))                            \
    X(void, PQfinish, (PGconn *))                                                             \
    X(char *, PQfname, (const PGresult *, int))                                               \
    X(void, PQfreemem, (void *))                                                              \
    X(Oid, PQftype, (const PGresult *, int))                                                  \
    X(int, PQgetisnull, (const PGresult *, int, int))                                         \
    X(char *, PQgetvalue, (const PGresult *, int, int))                                       \
    X(int, PQnfields, (const PGresult *))                                                     \
    X(int, PQntuples, (const PGresult *))                                                     \
    X(PGresult *, PQprepare, (PGconn *, const char *, const char *, int, const Oid *))        \
    X(char *, PQresultErrorMessage, (const PGresult *))                                       \
    X(ExecStatusType, PQresultStatus, (const PGresult *))                                     \
    X(int, PQsetClientEncoding, (PGconn *, const char *))                                     \
    X(PQnoticeProcessor, PQsetNoticeProcessor, (PGconn *, PQnoticeProcessor, void *))         \
    X(ConnStatusType, PQstatus, (const PGconn *))

#define NB_PQ_FIELD(ret, name, params) ret (*name) params;
typedef struct {
    NB_PQ_FUNCTIONS(NB_PQ_FIELD)
} nb_pq_api;
#undef NB_PQ_FIELD

/* The table; valid (all entries set) once nb_pq_load returned TRUE. */
extern nb_pq_api nb_pq_fn;

/* Opens libpq on the first call (thread-safe).  Returns TRUE when its
 * functions can be called; FALSE with `why` (may be NULL) set to a newly
 * allocated message naming the library, freed by the caller, when it cannot
 * be opened.  `*why` is NULL on success. */
gboolean nb_pq_load(char **why);

#ifndef NB_PQ_LAZY_IMPL
#define PQclear (nb_pq_fn.PQclear)
#define PQconnectdb (nb_pq_fn.PQconnectdb)
#define PQconninfoFree (nb_pq_fn.PQconninfoFree)
#define PQconninfoParse (nb_pq_fn.PQconninfoParse)
#define PQdescribePrepared (nb_pq_fn.PQdescribePrepared)
#define PQerrorMessage (nb_pq_fn.PQerrorMessage)
#define PQexec (nb_pq_fn.PQexec)
#define PQexecPrepared (nb_pq_fn.PQexecPrepared)
#define PQfinish (nb_pq_fn.PQfinish)
#define PQfname (nb_pq_fn.PQfname)
#define PQfreemem (nb_pq_fn.PQfreemem)
#define PQftype (nb_pq_fn.PQftype)
#define PQgetisnull (nb_pq_fn.PQgetisnull)
#define PQgetvalue (nb_pq_fn.PQgetvalue)
#define PQnfields (nb_pq_fn.PQnfields)
#define PQntuples (nb_pq_fn.PQntuples)
#define PQprepare (nb_pq_fn.PQprepare)
#define PQresultErrorMessage (nb_pq_fn.PQresultErrorMessage)
#define PQresultStatus (nb_pq_fn.PQresultStatus)
#define PQsetClientEncoding (nb_pq_fn.PQsetClientEncoding)
#define PQsetNoticeProcessor (nb_pq_fn.PQsetNoticeProcessor)
#define PQstatus (nb_pq_fn.PQstatus)
#endif

#endif
