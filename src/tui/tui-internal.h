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
	const struct tui_actions *actions;
	struct tui_screen *screens[TUI_SCREENS_MAX]; /* a stack: the last one is shown */
	size_t n_screens;
	char *message; /* shown in place of the footer until the next key; NULL: none */
	bool reload;   /* the report changed: back to the list, which reloads it */
};

/* The scrolling keys of a text screen (Up/Down/PgUp/PgDn/Home/End, j/k/Space/g/G) on a
 * window whose first line is *top, over n lines (clamped when drawn). TUI_HANDLED|TUI_REDRAW,
 * or 0 for another key. */
unsigned tui_scroll_key(size_t *top, size_t n, int key);
/* Replaces the message (takes msg). */
void tui_message(struct tui *t, char *msg);
/* Shows what is under way in the footer at once ("applying ..."), before a slow call. */
void tui_progress(const char *what);
/* The footer: the message when there is one, else text. */
void tui_footer(struct tui *t, const char *text);
/* Runs an action (apply, rollback, reaudit) with progress and takes its message; the list
 * reloads afterwards whatever happened (a failed apply may have audited again). */
void tui_act(struct tui *t, unsigned flag, char **ids);

/* Opens s on top (the loop frees it when it quits). false, with s freed, when the stack is
 * full. */
bool tui_push(struct tui *t, struct tui_screen *s);

/* The screens (screen-list.c, screen-detail.c, screen-preview.c). */
struct tui_screen *screen_list_new(struct tui *t);
/* Rebuilds the list from t->report (after t->reload). */
void screen_list_reload(struct tui_screen *s);
struct tui_screen *screen_detail_new(struct tui *t, const struct result *res);
/* The plan of ids (taken) as scrollable text: the diffs (confirm false, from 'd'), or what will
 * change with y to apply (confirm true, from 'a'). NULL, with a message set, when there is
 * nothing to show. */
struct tui_screen *screen_preview_new(struct tui *t, char **ids, bool confirm);
/* The help: the key table (screen-text.c). */
struct tui_screen *screen_help_new(struct tui *t);
/* The runs of the journal, from t->actions->history. NULL, with a message set, when it
 * failed. */
struct tui_screen *screen_history_new(struct tui *t);
/* Appends the lines of text (split at '\n', no trailing empty line) to *lines. */
void tui_split_lines(char ***lines, const char *text);

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
