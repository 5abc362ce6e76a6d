/* tui.c: tui_run(), the loop of `dockward tui`: a stack of screens, a key at a time.
 *
 * The loop knows nothing of rules: it draws the top screen, reads a key, hands it over, and
 * pops the screen when the handler says TUI_QUIT (the last one popped ends the TUI). A resize
 * is only a redraw: every screen lays itself out from LINES and COLS each time it draws. */
#include <errno.h>
#include <unistd.h>

#include "tui-internal.h"
#include "util.h"

bool tui_push(struct tui *t, struct tui_screen *s)
{
	if (t->n_screens >= TUI_SCREENS_MAX) {
		s->ops->free(s);
		return false;
	}
	t->screens[t->n_screens++] = s;
	return true;
}

static void pop(struct tui *t)
{
	struct tui_screen *s = t->screens[--t->n_screens];
	s->ops->free(s);
}

int tui_run(const struct report *r, unsigned flags)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return -ENOTTY;
	int ret = term_init(flags & TUI_RUN_COLOR);
	if (ret < 0)
		return ret;
	struct tui t = {.report = r};
	tui_push(&t, screen_list_new(&t));
	while (t.n_screens > 0) {
		struct tui_screen *top = t.screens[t.n_screens - 1];
		term_clear();
		top->ops->draw(top);
		term_flush();
		int key = term_getkey();
		if (key == TUI_KEY_RESIZE)
			continue;
		if (top->ops->on_key(top, key) & TUI_QUIT)
			pop(&t); /* a handler that opens a screen does not also quit */
	}
	term_restore();
	return 0;
}
