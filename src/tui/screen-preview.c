/* screen-preview.c: the plan of the marked rules as text, scrollable: from d, the diffs that
 * `dockward fix --dry-run --only IDS` prints; from a, the confirmation: what will change (files,
 * other changes, the restart of dockerd) and y to apply it.
 *
 *   plan: daemon.icc  (1-20 of 31 lines)                                          <- header
 *   --- a/etc/docker/daemon.json
 *   ...
 *   q back  Up/Down/PgUp/PgDn/Home/End scroll                                     <- footer
 *
 * The text comes from the caller (tui_actions.plan: the CLI plans with fix_plan() and renders
 * with plan_render_text()); this file only splits it into lines and shows a window on them.
 * Lines wider than the terminal are cut, not wrapped: a diff must keep its columns. */
#include <string.h>

#include "tui-internal.h"
#include "util.h"

struct screen_preview {
	struct tui_screen base;
	char **ids;
	char **lines;
	size_t n_lines;
	size_t top;
	bool confirm;
};

static void preview_draw(struct tui_screen *s)
{
	struct screen_preview *sp = (struct screen_preview *)s;
	int lines = term_lines(), cols = term_cols();
	size_t body = lines > 2 ? (size_t)lines - 2 : 1;
	if (sp->top + body > sp->n_lines)
		sp->top = sp->n_lines > body ? sp->n_lines - body : 0;
	_cleanup_free_ char *ids = strv_join(sp->ids, ", ");
	_cleanup_free_ char *head =
		xasprintf("%s: %s  (%zu-%zu of %zu lines)", sp->confirm ? "apply" : "plan", ids,
			  sp->n_lines ? sp->top + 1 : 0,
			  sp->top + body < sp->n_lines ? sp->top + body : sp->n_lines, sp->n_lines);
	term_line(0, head, term_attr(TERM_HEADER));
	for (size_t i = 0; i < body && sp->top + i < sp->n_lines; i++)
		term_put(1 + (int)i, 0, cols, sp->lines[sp->top + i], term_attr(TERM_NORMAL));
	tui_footer(s->tui, sp->confirm ? "y apply  n cancel  Up/Down/PgUp/PgDn scroll"
				       : "q back  Up/Down/PgUp/PgDn/Home/End scroll");
}

static unsigned preview_on_key(struct tui_screen *s, int key)
{
	struct screen_preview *sp = (struct screen_preview *)s;
	if (sp->confirm && (key == 'y' || key == 'Y')) {
		tui_act(s->tui, TUI_APPLY, sp->ids); /* sets t->reload: back to the list */
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (key == 'q' || key == TUI_KEY_ESC || (sp->confirm && (key == 'n' || key == 'N'))) {
		if (sp->confirm)
			tui_message(s->tui, xstrdup("nothing was changed"));
		return TUI_HANDLED | TUI_QUIT;
	}
	return tui_scroll_key(&sp->top, sp->n_lines, key);
}

static void preview_free(struct tui_screen *s)
{
	struct screen_preview *sp = (struct screen_preview *)s;
	strv_free(sp->ids);
	strv_free(sp->lines);
	free(sp);
}

static const struct tui_screen_ops preview_ops = {
	.draw = preview_draw,
	.on_key = preview_on_key,
	.free = preview_free,
};

struct tui_screen *screen_preview_new(struct tui *t, char **ids, bool confirm)
{
	if (!ids) {
		tui_message(t, xstrdup("no rule selected"));
		return NULL;
	}
	_cleanup_free_ char *text = NULL;
	tui_progress("planning ...");
	int r = t->actions->plan(t->actions->userdata, ids, confirm, &text);
	if (r != 0 && confirm) { /* nothing to apply: say why in one line */
		char *nl = text ? strchr(text, '\n') : NULL;
		if (nl)
			*nl = '\0';
		tui_message(t, xstrdup(text ? text : "nothing to apply"));
		strv_free(ids);
		return NULL;
	}
	struct screen_preview *sp = xcalloc(1, sizeof(*sp));
	sp->base = (struct tui_screen){.ops = &preview_ops, .tui = t};
	sp->ids = ids;
	sp->confirm = confirm;
	tui_split_lines(&sp->lines, text);
	sp->n_lines = strv_length(sp->lines);
	return &sp->base;
}
