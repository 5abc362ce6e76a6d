/* tui-internal.h: what the TUI's own files share: the screen base struct (htop's Panel), the
 * screen stack, and the terminal module (tui-term.c, the one file that sets ncurses up and puts
 * the terminal back).
 *
 * A screen is a struct that starts with struct tui_screen and a const vtable: draw() paints the
 * whole terminal, on_key() returns enum tui_flags (TUI_QUIT closes the screen), free() releases
 * it. Screens open other screens with tui_push(); the loop (tui.c) owns them. */
#pragma once

#include <stdbool.h>

#include "tui.h"

struct tui;
struct tui_screen;

struct tui_screen_ops {
	void (*draw)(struct tui_screen *s);
	unsigned (*on_key)(struct tui_screen *s, int key); /* enum tui_flags */
	void (*free)(struct tui_screen *s);
};

struct tui_screen {
	const struct tui_screen_ops *ops;
	struct tui *tui;
};

#define TUI_SCREENS_MAX 8

struct tui {
	const struct report *report;
	struct tui_screen *screens[TUI_SCREENS_MAX]; /* a stack: the last one is shown */
	size_t n_screens;
};

/* Opens s on top (the loop frees it when it quits). false, with s freed, when the stack is
 * full. */
bool tui_push(struct tui *t, struct tui_screen *s);

/* The screens (screen-list.c, screen-detail.c). */
struct tui_screen *screen_list_new(struct tui *t);
struct tui_screen *screen_detail_new(struct tui *t, const struct result *res);

/* ---- the terminal (tui-term.c) ---- */

enum term_attr {
	TERM_NORMAL,
	TERM_HEADER,   /* the top and bottom bars */
	TERM_SECTION,  /* a section header row */
	TERM_SELECTED, /* the row under the cursor */
	TERM_TITLE,    /* labels in the detail screen */
	_TERM_ATTR_MAX,
};

/* Sets the terminal up (UTF-8 locale, cbreak, keypad, no echo, hidden cursor; colours when
 * color is true and the terminal has them) and arranges for it to be put back at exit and on
 * SIGINT, SIGTERM, SIGHUP and SIGQUIT. 0 or -errno. */
int term_init(bool color);
/* Puts the terminal back (idempotent; also called at exit). */
void term_restore(void);
/* The next key as enum tui_key or a character (TUI_KEY_RESIZE after SIGWINCH). */
int term_getkey(void);
int term_lines(void);
int term_cols(void);
/* Clears the screen for a new frame; term_flush() shows it. */
void term_clear(void);
void term_flush(void);
/* Writes text at (y, x), escaped (hostile strings cannot move the cursor) and cut at width
 * columns. Returns the columns written. */
int term_put(int y, int x, int width, const char *text, int attr);
/* A whole line in attr, padded with spaces. */
void term_line(int y, const char *text, int attr);
/* The curses attribute of an enum term_attr, a status or a severity (colour when enabled). */
int term_attr(enum term_attr a);
int term_status_attr(enum status s);
int term_severity_attr(enum severity s);
/* Reads a line on the bottom row after prompt; NULL when cancelled (Esc). The caller frees
 * it. */
char *term_prompt(const char *prompt, size_t max);
