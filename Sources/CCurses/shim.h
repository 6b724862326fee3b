#ifndef CCURSES_SHIM_H
#define CCURSES_SHIM_H
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <stdio.h>
#include <ncursesw/curses.h>

/* Macros and globals wrapped as functions so Swift can call them and
   Swift 6 concurrency checks see no global mutable state. */
static inline WINDOW *ccurses_stdscr(void) { return stdscr; }
static inline int ccurses_lines(void) { return LINES; }
static inline int ccurses_cols(void) { return COLS; }
static inline int ccurses_colors(void) { return COLORS; }
static inline int ccurses_color_pairs(void) { return COLOR_PAIRS; }
static inline attr_t ccurses_color_pair(int n) { return COLOR_PAIR(n); }
static inline attr_t ccurses_a_bold(void) { return A_BOLD; }
static inline attr_t ccurses_a_reverse(void) { return A_REVERSE; }
static inline attr_t ccurses_a_underline(void) { return A_UNDERLINE; }
static inline attr_t ccurses_a_dim(void) { return A_DIM; }
static inline attr_t ccurses_a_normal(void) { return A_NORMAL; }
static inline int ccurses_key_resize(void) { return KEY_RESIZE; }

/* Terminal start-up on the process's stdin/stdout; NULL instead of exiting
   when TERM has no terminfo entry (initscr would exit). */
static inline SCREEN *ccurses_newterm(const char *term) { return newterm(term, stdout, stdin); }

/* The current codeset after setlocale, e.g. "UTF-8". */
static inline const char *ccurses_codeset(void) { return nl_langinfo(CODESET); }

/* Sets the attributes and colour pair of stdscr for the next writes. */
static inline int ccurses_set_attr(attr_t attrs, int pair) {
    return wattr_set(stdscr, attrs, (short)pair, NULL);
}

/* Writes n wide characters at (y, x) of stdscr. */
static inline int ccurses_put_wide(int y, int x, const wchar_t *text, int n) {
    return mvwaddnwstr(stdscr, y, x, text, n);
}

/* Reads one key into *wch with the given timeout (ms; -1 blocks).
   Returns OK for a character, KEY_CODE_YES for a KEY_* code, ERR on timeout. */
static inline int ccurses_read(int timeout_ms, wint_t *wch) {
    wtimeout(stdscr, timeout_ms);
    return wget_wch(stdscr, wch);
}

static inline int ccurses_key_code_yes(void) { return KEY_CODE_YES; }
static inline int ccurses_ok(void) { return OK; }
static inline int ccurses_err(void) { return ERR; }

/* Stdscr mode setup: keypad keys decoded, no newline translation. */
static inline void ccurses_setup_input(void) {
    keypad(stdscr, TRUE);
    nonl();
    cbreak();
    noecho();
    intrflush(stdscr, FALSE);
    leaveok(stdscr, TRUE);
}
/* Mouse reporting: clicks of button 1 and the wheel (buttons 4 and 5), or none. */
static inline void ccurses_mouse(int on) {
    mousemask(on ? (BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED) : 0, NULL);
    mouseinterval(0);
}
static inline int ccurses_key_mouse(void) { return KEY_MOUSE; }

/* The pending mouse event: its cell and 1 (click), 4 (wheel up), 5 (wheel down) or 0 (other). */
static inline int ccurses_mouse_event(int *y, int *x) {
    MEVENT event;
    if (getmouse(&event) != OK) return -1;
    *y = event.y;
    *x = event.x;
    if (event.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)) return 1;
    if (event.bstate & BUTTON4_PRESSED) return 4;
    if (event.bstate & BUTTON5_PRESSED) return 5;
    return 0;
}
#endif
