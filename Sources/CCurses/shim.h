#ifndef CCURSES_SHIM_H
#define CCURSES_SHIM_H
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
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
#endif
