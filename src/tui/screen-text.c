/* screen-text.c: a titled page of text, scrollable, q or Esc back: the help (the key table, from
 * tui_help_lines()) and the history (the runs of the journal, from tui_actions.history: the TUI
 * never reads the journal itself).
 *
 *   help  (1-20 of 21 lines)                                                      <- header
 *   Space      mark
 *   ...
 *   q back  Up/Down/PgUp/PgDn/Home/End scroll                                     <- footer
 *
 * Lines wider than the terminal are cut, not wrapped, as in the preview. */
#include <string.h>

#include "tui-internal.h"
#include "util.h"

struct screen_text {
	struct tui_screen base;
	char *title;
	char **lines;
	size_t n_lines;
	size_t top;
};

static void text_draw(struct tui_screen *s)
{
	struct screen_text *st = (struct screen_text *)s;
	int lines = term_lines(), cols = term_cols();
	size_t body = lines > 2 ? (size_t)lines - 2 : 1;
	if (st->top + body > st->n_lines)
		st->top = st->n_lines > body ? st->n_lines - body : 0;
	_cleanup_free_ char *head = xasprintf(
		"%s  (%zu-%zu of %zu lines)", st->title, st->n_lines ? st->top + 1 : 0,
		st->top + body < st->n_lines ? st->top + body : st->n_lines, st->n_lines);
	term_line(0, head, term_attr(TERM_HEADER));
	for (size_t i = 0; i < body && st->top + i < st->n_lines; i++)
		term_put(1 + (int)i, 0, cols, st->lines[st->top + i], term_attr(TERM_NORMAL));
	tui_footer(s->tui, "q back  Up/Down/PgUp/PgDn/Home/End scroll");
}

static unsigned text_on_key(struct tui_screen *s, int key)
{
	struct screen_text *st = (struct screen_text *)s;
	if (key == 'q' || key == TUI_KEY_ESC)
		return TUI_HANDLED | TUI_QUIT;
	return tui_scroll_key(&st->top, st->n_lines, key);
}

static void text_free(struct tui_screen *s)
{
	struct screen_text *st = (struct screen_text *)s;
	free(st->title);
	strv_free(st->lines);
	free(st);
}

static const struct tui_screen_ops text_ops = {
	.draw = text_draw,
	.on_key = text_on_key,
	.free = text_free,
};

void tui_split_lines(char ***lines, const char *text)
{
	for (const char *p = text ? text : ""; *p;) {
		const char *nl = strchrnul(p, '\n');
		strv_extendf(lines, "%.*s", (int)(nl - p), p);
		p = *nl ? nl + 1 : nl;
	}
}

static struct tui_screen *text_new(struct tui *t, const char *title, char **lines)
{
	struct screen_text *st = xcalloc(1, sizeof(*st));
	st->base = (struct tui_screen){.ops = &text_ops, .tui = t};
	st->title = xstrdup(title);
	st->lines = lines;
	st->n_lines = strv_length(lines);
	return &st->base;
}

struct tui_screen *screen_help_new(struct tui *t)
{
	return text_new(t, "help: keys of the list", tui_help_lines());
}

struct tui_screen *screen_history_new(struct tui *t)
{
	_cleanup_free_ char *text = NULL;
	tui_progress("reading the journal ...");
	int r = t->actions->history(t->actions->userdata, &text);
	if (r < 0) {
		char *nl = text ? strchr(text, '\n') : NULL;
		if (nl)
			*nl = '\0';
		tui_message(t, xstrdup(text ? text : "cannot read the journal"));
		return NULL;
	}
	char **lines = NULL;
	tui_split_lines(&lines, text);
	return text_new(t, "history", lines);
}
