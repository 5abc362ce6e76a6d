/* tui-term.c: the one place that talks to ncursesw: setup, teardown, keys, colours, text.
 *
 * Whatever happens, the terminal is put back: term_restore() runs at exit (atexit) and from
 * the handlers of SIGINT, SIGTERM, SIGHUP and SIGQUIT, which then re-raise the signal with its
 * default action so that the exit status still says what killed us. SIGWINCH is ncurses' own:
 * it turns into KEY_RESIZE. Colour is off with --no-color, NO_COLOR (the caller decides) and on
 * terminals without colours; then status and severity are still there as text labels. */
#include <curses.h>
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "tui-internal.h"
#include "util.h"

static bool term_active;
static bool term_color;

enum { /* colour pairs */
	PAIR_GREEN = 1,
	PAIR_RED,
	PAIR_YELLOW,
	PAIR_BLUE,
	PAIR_MAGENTA,
	PAIR_CYAN,
	PAIR_BAR,
};

void term_restore(void)
{
	if (!term_active)
		return;
	term_active = false;
	curs_set(1);
	endwin();
}

static void on_signal(int sig)
{
	term_restore();
	signal(sig, SIG_DFL);
	raise(sig);
}

int term_init(bool color)
{
	setlocale(LC_ALL, "");
	if (!newterm(NULL, stdout, stdin))
		return -ENOTTY;
	term_active = true;
	atexit(term_restore);
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
	for (size_t i = 0; i < ELEMENTSOF(sigs); i++) {
		struct sigaction sa = {.sa_handler = on_signal};
		sigemptyset(&sa.sa_mask);
		sigaction(sigs[i], &sa, NULL);
	}
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	term_color = color && has_colors() && start_color() == OK;
	if (term_color) {
		use_default_colors();
		init_pair(PAIR_GREEN, COLOR_GREEN, -1);
		init_pair(PAIR_RED, COLOR_RED, -1);
		init_pair(PAIR_YELLOW, COLOR_YELLOW, -1);
		init_pair(PAIR_BLUE, COLOR_BLUE, -1);
		init_pair(PAIR_MAGENTA, COLOR_MAGENTA, -1);
		init_pair(PAIR_CYAN, COLOR_CYAN, -1);
		init_pair(PAIR_BAR, COLOR_BLACK, COLOR_CYAN);
	}
	return 0;
}

int term_getkey(void)
{
	int c = getch();
	switch (c) {
	case KEY_UP:
		return TUI_KEY_UP;
	case KEY_DOWN:
		return TUI_KEY_DOWN;
	case KEY_PPAGE:
		return TUI_KEY_PGUP;
	case KEY_NPAGE:
		return TUI_KEY_PGDN;
	case KEY_HOME:
		return TUI_KEY_HOME;
	case KEY_END:
		return TUI_KEY_END;
	case KEY_F(1):
		return TUI_KEY_F1;
	case KEY_RESIZE:
		return TUI_KEY_RESIZE;
	case KEY_ENTER:
	case '\r':
		return TUI_KEY_ENTER;
	case ERR:
		return TUI_KEY_ESC; /* no more input: treat as going back */
	default:
		return c;
	}
}

int term_lines(void)
{
	return LINES;
}

int term_cols(void)
{
	return COLS;
}

void term_clear(void)
{
	erase();
}

void term_flush(void)
{
	refresh();
}

int term_put(int y, int x, int width, const char *text, int attr)
{
	if (width <= 0 || y < 0 || y >= LINES || x >= COLS)
		return 0;
	_cleanup_free_ char *fit = text_fit(text ? text : "", (size_t)width);
	attron(attr);
	mvaddstr(y, x, fit);
	attroff(attr);
	return (int)text_width(fit);
}

void term_line(int y, const char *text, int attr)
{
	attron(attr);
	mvhline(y, 0, ' ', COLS);
	attroff(attr);
	term_put(y, 0, COLS, text, attr);
}

int term_attr(enum term_attr a)
{
	switch (a) {
	case TERM_HEADER:
		return term_color ? (int)COLOR_PAIR(PAIR_BAR) : A_REVERSE;
	case TERM_SECTION:
	case TERM_TITLE:
		return A_BOLD;
	case TERM_SELECTED:
		return A_REVERSE;
	default:
		return A_NORMAL;
	}
}

int term_status_attr(enum status s)
{
	static const int pairs[] = {
		[STATUS_PASS] = PAIR_GREEN,   [STATUS_FAIL] = PAIR_RED,
		[STATUS_ERROR] = PAIR_YELLOW, [STATUS_NOT_APPLICABLE] = PAIR_BLUE,
		[STATUS_WAIVED] = PAIR_MAGENTA, [STATUS_MANUAL] = PAIR_CYAN,
	};
	_Static_assert(ELEMENTSOF(pairs) == _STATUS_MAX, "a colour per status");
	int bold = s == STATUS_FAIL || s == STATUS_ERROR ? A_BOLD : A_NORMAL;
	if (!term_color || s < 0 || s >= _STATUS_MAX)
		return bold;
	return (int)COLOR_PAIR(pairs[s]) | bold;
}

int term_severity_attr(enum severity s)
{
	if (!term_color)
		return s == SEVERITY_CRITICAL ? A_BOLD : A_NORMAL;
	switch (s) {
	case SEVERITY_CRITICAL:
		return (int)COLOR_PAIR(PAIR_RED) | A_BOLD;
	case SEVERITY_HIGH:
		return (int)COLOR_PAIR(PAIR_RED);
	case SEVERITY_MEDIUM:
		return (int)COLOR_PAIR(PAIR_YELLOW);
	default:
		return A_NORMAL;
	}
}

char *term_prompt(const char *prompt, size_t max)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "");
	for (;;) {
		_cleanup_free_ char *line = xasprintf("%s%s", prompt, sb.buf);
		term_line(LINES - 1, line, A_NORMAL);
		refresh();
		int c = getch();
		if (c == 27 || c == ERR) {
			strbuf_release(&sb);
			return NULL;
		}
		if (c == '\n' || c == '\r' || c == KEY_ENTER)
			return strbuf_detach(&sb);
		if ((c == KEY_BACKSPACE || c == 127 || c == 8) && sb.len > 0) {
			while (sb.len > 0 && ((unsigned char)sb.buf[sb.len - 1] & 0xc0) == 0x80)
				sb.len--; /* a whole UTF-8 sequence */
			if (sb.len > 0)
				sb.len--;
			sb.buf[sb.len] = '\0';
		} else if (c >= 0x20 && c < 0x100 && c != 127 && sb.len < max) {
			strbuf_addc(&sb, (char)c);
		}
	}
}
