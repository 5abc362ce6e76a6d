/* tui.c: tui_run(), the loop of `dockward tui`: a stack of screens, a key at a time.
 *
 * The loop knows nothing of rules: it draws the top screen, reads a key, hands it over, and
 * pops the screen when the handler says TUI_QUIT (the last one popped ends the TUI). A resize
 * is only a redraw: every screen lays itself out from LINES and COLS each time it draws. */
#include <errno.h>
#include <stdlib.h>
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

unsigned tui_scroll_key(size_t *top, size_t n, int key)
{
	size_t page = term_lines() > 3 ? (size_t)term_lines() - 3 : 1;
	switch (key) {
	case TUI_KEY_UP:
	case 'k':
		*top = *top > 0 ? *top - 1 : 0;
		break;
	case TUI_KEY_DOWN:
	case 'j':
		(*top)++; /* clamped when drawn */
		break;
	case TUI_KEY_PGUP:
		*top = *top > page ? *top - page : 0;
		break;
	case TUI_KEY_PGDN:
	case ' ':
		*top += page;
		break;
	case TUI_KEY_HOME:
	case 'g':
		*top = 0;
		break;
	case TUI_KEY_END:
	case 'G':
		*top = n;
		break;
	default:
		return 0;
	}
	return TUI_HANDLED | TUI_REDRAW;
}

void tui_message(struct tui *t, char *msg)
{
	free(t->message);
	t->message = msg;
}

void tui_footer(struct tui *t, const char *text)
{
	term_line(term_lines() - 1, t->message ? t->message : text, term_attr(TERM_HEADER));
}

void tui_progress(const char *what)
{
	term_line(term_lines() - 1, what, term_attr(TERM_HEADER));
	term_flush();
}

void tui_act(struct tui *t, unsigned flag, char **ids)
{
	const struct tui_actions *a = t->actions;
	if ((flag & (TUI_APPLY | TUI_ROLLBACK)) && a->read_only) {
		tui_message(t, a->read_only_why
				       ? xasprintf("read-only (%s): apply and rollback are not offered",
						   a->read_only_why)
				       : xstrdup("read-only: apply and rollback are not offered"));
		return;
	}
	char *msg = NULL;
	if (flag & TUI_APPLY) {
		tui_progress("applying (journal, then each change), then auditing again ...");
		a->apply(a->userdata, ids, &msg);
	} else if (flag & TUI_ROLLBACK) {
		tui_progress("rolling back the last run, then auditing again ...");
		a->rollback(a->userdata, &msg);
	} else if (flag & TUI_REAUDIT) {
		tui_progress("auditing ...");
		a->reaudit(a->userdata, &msg);
	}
	tui_message(t, msg);
	t->reload = true;
}

int tui_run(const struct tui_actions *a, unsigned flags)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return -ENOTTY;
	int ret = term_init(flags & TUI_RUN_COLOR);
	if (ret < 0)
		return ret;
	struct tui t = {.report = a->report, .actions = a};
	tui_push(&t, screen_list_new(&t));
	while (t.n_screens > 0) {
		if (t.reload) { /* the report changed under the screens above the list */
			while (t.n_screens > 1)
				pop(&t);
			screen_list_reload(t.screens[0]);
			t.reload = false;
		}
		struct tui_screen *top = t.screens[t.n_screens - 1];
		term_clear();
		top->ops->draw(top);
		term_flush();
		int key = term_getkey();
		if (key == TUI_KEY_RESIZE)
			continue;
		tui_message(&t, NULL); /* a message lasts until the next key */
		if (top->ops->on_key(top, key) & TUI_QUIT)
			pop(&t); /* a handler that opens a screen does not also quit */
	}
	tui_message(&t, NULL);
	term_restore();
	return 0;
}
