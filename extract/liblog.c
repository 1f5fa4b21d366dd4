/* liblog.c — see liblog.h. */
#include "extract/liblog.h"

const char *const nb_liblog_gsf[] = {"libgsf",     "libgsf:msole", "libgsf:zip",
                                     "libgsf:tar", "libgsf:open_pkg", NULL};

struct nb_liblog {
    const char *const *domains;
    GArray *handlers; /* guint handler id per domain */
    int count;
    char *first;
};

static void on_log(const gchar *domain, GLogLevelFlags level, const gchar *msg, gpointer user)
{
    (void)level;
    nb_liblog *q = user;
    if (q->count++ == 0)
        q->first = g_strdup_printf("%s: %s", domain ? domain : "library", msg ? msg : "");
}

nb_liblog *nb_liblog_begin(const char *const *domains)
{
    nb_liblog *q = g_new0(nb_liblog, 1);
    q->domains = domains;
    q->handlers = g_array_new(FALSE, FALSE, sizeof(guint));
    /* G_LOG_LEVEL_ERROR stays fatal: it means the library cannot go on */
    GLogLevelFlags levels = G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE |
                            G_LOG_LEVEL_INFO | G_LOG_LEVEL_DEBUG;
    for (int i = 0; domains && domains[i]; i++) {
        guint id = g_log_set_handler(domains[i], levels, on_log, q);
        g_array_append_val(q->handlers, id);
    }
    return q;
}

int nb_liblog_end(nb_liblog *q, char **first)
{
    if (first)
        *first = NULL;
    if (!q)
        return 0;
    for (guint i = 0; i < q->handlers->len; i++)
        g_log_remove_handler(q->domains[i], g_array_index(q->handlers, guint, i));
    g_array_free(q->handlers, TRUE);
    int n = q->count;
    if (first)
        *first = q->first;
    else
        g_free(q->first);
    g_free(q);
    return n;
}
