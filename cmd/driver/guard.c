/* guard.c — see guard.h. */
#include "cmd/driver/guard.h"
#include "extract/pdf_quiet.h"

#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

/* AddressSanitizer reserves terabytes of address space for its shadow memory,
 * so an RLIMIT_AS limit would make every allocation fail. */
#if defined(__SANITIZE_ADDRESS__)
#define NB_GUARD_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NB_GUARD_ASAN 1
#endif
#endif

/* A stack that the limit leaves unbounded is bounded to this, so that a
 * runaway recursion faults in a place we can recognise. */
#define GUARD_STACK_MAX ((rlim_t)64 << 20)
/* How far from the stack's lowest allowed address a fault still counts as
 * an overflow: the kernel's guard gap (1 MB) and a large frame or two. */
#define GUARD_SLACK ((uintptr_t)16 << 20)

static char g_msg_memory[1200], g_msg_stack[1200];
static uintptr_t g_stack_top, g_stack_size;
static struct sigaction g_old_segv, g_old_bus, g_old_abrt;
static char g_altstack[1 << 16];

static void say(const char *msg)
{
    ssize_t n = write(nb_real_stderr_fd(), msg, strlen(msg));
    (void)n;
}

/* The fault is below the stack, near the lowest address it may grow to. */
static gboolean is_stack_overflow(uintptr_t addr)
{
    if (!g_stack_size || addr >= g_stack_top)
        return FALSE;
    uintptr_t lowest = g_stack_top > g_stack_size ? g_stack_top - g_stack_size : 0;
    return addr + GUARD_SLACK >= lowest && addr <= lowest + GUARD_SLACK;
}

static void on_fault(int sig, siginfo_t *si, void *ctx)
{
    (void)ctx;
    if (is_stack_overflow((uintptr_t)si->si_addr)) {
        say(g_msg_stack);
        _exit(NB_GUARD_EXIT_STACK);
    }
    /* a real crash: the old handler gets it when the instruction faults again */
    sigaction(sig, sig == SIGBUS ? &g_old_bus : &g_old_segv, NULL);
}

/* An allocation failed when the words the libraries print before they abort
 * are among the messages caught from the PDF library. */
static gboolean said_out_of_memory(void)
{
    static char caught[8192];
    size_t n = nb_pdf_quiet_peek(caught, sizeof caught - 1);
    caught[n] = '\0';
    for (size_t i = 0; i < n; i++)
        if (!caught[i])
            caught[i] = ' ';
    return strstr(caught, "Out of memory") || strstr(caught, "out of memory") ||
           strstr(caught, "failed to allocate") || strstr(caught, "bad_alloc") ||
           strstr(caught, "Cannot allocate memory");
}

static void on_abort(int sig)
{
    if (said_out_of_memory()) {
        say(g_msg_memory);
        _exit(NB_GUARD_EXIT_MEMORY);
    }
    sigaction(sig, &g_old_abrt, NULL);
    raise(sig);
}

static void remember_stack(void)
{
    volatile char here = 0;
    g_stack_top = (uintptr_t)&here;
    struct rlimit st;
    if (getrlimit(RLIMIT_STACK, &st) != 0)
        return;
    if (st.rlim_cur == RLIM_INFINITY || st.rlim_cur > GUARD_STACK_MAX) {
        st.rlim_cur = GUARD_STACK_MAX;
        if (setrlimit(RLIMIT_STACK, &st) != 0)
            return;
    }
    g_stack_size = (uintptr_t)st.rlim_cur;
}

void nb_guard_begin(const char *name, gint64 max_memory)
{
    g_snprintf(g_msg_memory, sizeof g_msg_memory,
               "nianbao: %s: out of memory (--max-memory %" G_GINT64_FORMAT " MB): the input "
               "asks for more than the limit\n", name, max_memory >> 20);
    g_snprintf(g_msg_stack, sizeof g_msg_stack,
               "nianbao: %s: corrupt input: drawing it recurses without end (stack overflow; a "
               "PDF glyph or form that draws itself?)\n", name);
#ifndef NB_GUARD_ASAN
    if (max_memory > 0) {
        struct rlimit as = {(rlim_t)max_memory, (rlim_t)max_memory};
        setrlimit(RLIMIT_AS, &as);
    }
#endif
    remember_stack();
    stack_t alt = {.ss_sp = g_altstack, .ss_size = sizeof g_altstack, .ss_flags = 0};
    sigaltstack(&alt, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigaction(SIGSEGV, &sa, &g_old_segv);
    sigaction(SIGBUS, &sa, &g_old_bus);
    struct sigaction ab;
    memset(&ab, 0, sizeof ab);
    sigemptyset(&ab.sa_mask);
    ab.sa_handler = on_abort;
    ab.sa_flags = SA_ONSTACK;
    sigaction(SIGABRT, &ab, &g_old_abrt);
}
