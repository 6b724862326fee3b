#include "terminal_guard.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

enum { SEQUENCE_MAX = 256, ALTERNATE_STACK_SIZE = 256 * 1024 };

static const int guarded[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP};
enum { GUARDED_COUNT = sizeof guarded / sizeof guarded[0] };

/* Everything the handler reads is prepared here before it can run. */
static char reset_sequence[SEQUENCE_MAX];
static size_t reset_length;
static int output_fd = -1;
static struct termios saved_modes;
static int modes_fd = -1;
static struct sigaction previous[GUARDED_COUNT];
static volatile sig_atomic_t armed;
static volatile sig_atomic_t restoring;
/* A stack for the handler, so a stack overflow (SIGSEGV) can still be handled. */
static char alternate_stack[ALTERNATE_STACK_SIZE];

int terminal_guard_save_modes(int fd) {
    if (tcgetattr(fd, &saved_modes) != 0) {
        modes_fd = -1;
        return -1;
    }
    modes_fd = fd;
    return 0;
}

static void restore_terminal(void) {
    size_t written = 0;
    while (written < reset_length) {
        ssize_t n = write(output_fd, reset_sequence + written, reset_length - written);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        written += (size_t)n;
    }
    if (modes_fd >= 0) {
        while (tcsetattr(modes_fd, TCSANOW, &saved_modes) != 0 && errno == EINTR) {
        }
    }
}

static void on_crash(int signal_number, siginfo_t *info, void *context) {
    int saved_errno = errno;
    /* Only the first crash restores (another thread may crash at the same time). */
    if (!restoring) {
        restoring = 1;
        restore_terminal();
    }
    struct sigaction before;
    memset(&before, 0, sizeof before);
    for (int i = 0; i < GUARDED_COUNT; i++) {
        if (guarded[i] == signal_number) before = previous[i];
    }
    armed = 0;
    errno = saved_errno;
    /* The previous handler (Swift's backtracer prints its crash report) runs now, below
       the restored terminal, with the signal's own details. */
    if (before.sa_flags & SA_SIGINFO) {
        if (before.sa_sigaction != NULL) before.sa_sigaction(signal_number, info, context);
    } else if (before.sa_handler != SIG_DFL && before.sa_handler != SIG_IGN && before.sa_handler != NULL) {
        before.sa_handler(signal_number);
    }
    /* Then the default action ends the process with the signal: a fault or a trap must
       not resume, and a sent signal (kill, abort) would otherwise be forgotten. The signal
       is blocked until this handler returns, so it is delivered right after. */
    struct sigaction fallback;
    memset(&fallback, 0, sizeof fallback);
    fallback.sa_handler = SIG_DFL;
    sigemptyset(&fallback.sa_mask);
    sigaction(signal_number, &fallback, NULL);
    raise(signal_number);
}

int terminal_guard_arm(int fd, const char *sequence, size_t length) {
    if (armed) return 0;
    if (length >= SEQUENCE_MAX) length = SEQUENCE_MAX - 1;
    memcpy(reset_sequence, sequence, length);
    reset_length = length;
    output_fd = fd;
    restoring = 0;

    stack_t current;
    if (sigaltstack(NULL, &current) == 0 && (current.ss_flags & SS_DISABLE)) {
        stack_t ours = {.ss_sp = alternate_stack, .ss_size = sizeof alternate_stack, .ss_flags = 0};
        sigaltstack(&ours, NULL);
    }
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_crash;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&action.sa_mask);
    for (int i = 0; i < GUARDED_COUNT; i++) sigaddset(&action.sa_mask, guarded[i]);
    for (int i = 0; i < GUARDED_COUNT; i++) {
        if (sigaction(guarded[i], &action, &previous[i]) != 0) {
            for (int j = 0; j < i; j++) sigaction(guarded[j], &previous[j], NULL);
            return -1;
        }
    }
    armed = 1;
    return 0;
}

void terminal_guard_disarm(void) {
    if (!armed) return;
    for (int i = 0; i < GUARDED_COUNT; i++) sigaction(guarded[i], &previous[i], NULL);
    armed = 0;
}

int terminal_guard_is_armed(void) { return armed; }
