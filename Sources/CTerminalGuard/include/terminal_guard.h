#ifndef CTERMINALGUARD_TERMINAL_GUARD_H
#define CTERMINALGUARD_TERMINAL_GUARD_H

#include <stddef.h>

/* Gives the terminal back when the process dies from a crash signal (SIGSEGV, SIGBUS,
   SIGILL, SIGFPE, SIGABRT, SIGTRAP): the handler writes reset sequences prepared in
   advance and restores the termios saved before curses started, using only
   async-signal-safe calls, then hands the signal to whoever had it before (Swift's
   backtracer, or the default action), so the crash report appears below a usable shell.
   Call from one thread (the console's main thread). */

/* Saves the terminal modes of `fd` (call before curses changes them). 0 on success. */
int terminal_guard_save_modes(int fd);

/* Installs the handlers; `sequence` (copied, at most 255 bytes) is written to `fd` on a
   crash before the saved modes are restored. 0 on success. */
int terminal_guard_arm(int fd, const char *sequence, size_t length);

/* Puts the previous handlers back (after the terminal was restored normally). */
void terminal_guard_disarm(void);

/* Whether the handlers are installed. */
int terminal_guard_is_armed(void);

#endif
