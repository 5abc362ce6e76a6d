/* screen-list.c: the rule list, the first screen of `dockward tui`.
 *
 *   dockward  host h1  baseline docker-host v1  score 63%  fail 5 error 1 ...   <- header
 *   status all  severity >= low  search 'priv'  marked 2                         <- filters
 *   daemon                                                                       <- section
 *     FAIL    MEDIUM    daemon.icc            Inter-container traffic is ...     <- rule
 *   ...
 *   Space mark  / search  f status  d diff  a apply  u undo  ? help  q quit        <- footer
 *
 * Everything but the drawing is the list model (list-model.c): this file lays it out and turns
 * TUI_OPEN_DETAIL, TUI_SEARCH and TUI_PREVIEW into a detail screen, a prompt and a preview,
 * TUI_HELP and TUI_HISTORY into the help and the history (screen-text.c);
 * TUI_APPLY opens the confirmation (a preview with y), TUI_ROLLBACK and TUI_REAUDIT go to the
 * caller's actions (tui_act()). In report-only mode a and u are left out of the footer. Status and severity are
 * text labels first, colour second, so that nothing depends on colour. */
#include <string.h>

#include "tui-internal.h"
#include "util.h"

#define STATUS_COL 8    /* "WAIVED" + 2 */
#define SEVERITY_COL 10 /* "CRITICAL" + 2 */
#define ID_COL_MAX 32
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

struct screen_list {
	struct tui_screen base;
	struct list_model model;
	char *cursor_id; /* the selected rule at the last draw: kept across a new report */
};

static void draw_header(struct screen_list *sl)
{
	const struct report *r = sl->model.report;
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "dockward  host %s  baseline %s v%lld  score %.0f%%",
		    r->hostname ? r->hostname : "?",
		    r->baseline && r->baseline->id ? r->baseline->id : "?",
		    r->baseline ? (long long)r->baseline->version : 0, report_score(r));
	for (int s = 0; s < _STATUS_MAX; s++)
		if (r->summary[s])
			strbuf_addf(&sb, "  %s %zu", status_to_string(s), r->summary[s]);
	term_line(0, sb.buf, term_attr(TERM_HEADER));
	strbuf_release(&sb);
}

static void draw_filters(const struct list_model *m)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "status ");
	if (m->status_mask == (1u << _STATUS_MAX) - 1)
		strbuf_adds(&sb, "all");
	else
		for (int s = 0, first = 1; s < _STATUS_MAX; s++)
			if (m->status_mask & (1u << s)) {
				strbuf_addf(&sb, "%s%s", first ? "" : ",", status_to_string(s));
				first = 0;
			}
	strbuf_addf(&sb, "  severity >= %s", severity_to_string(m->min_severity));
	if (m->search)
		strbuf_addf(&sb, "  search '%s'", m->search);
	size_t shown = 0;
	for (size_t k = 0; k < m->n_rows; k++)
		shown += m->rows[k].result != NULL;
	strbuf_addf(&sb, "  %zu of %zu rules", shown, m->report->n_results);
	if (m->n_marked)
		strbuf_addf(&sb, "  %zu marked", m->n_marked);
	term_line(1, sb.buf, term_attr(TERM_NORMAL));
	strbuf_release(&sb);
}

static void draw_footer(struct tui *t)
{
	struct strbuf sb = STRBUF_INIT;
	for (const struct list_key *k = list_keys; k->key; k++)
		if (k->label && !(t->actions->read_only && (k->key == 'a' || k->key == 'u')))
			strbuf_addf(&sb, "%s%s %s", sb.len ? "  " : "", k->label, k->help);
	tui_footer(t, sb.buf);
	strbuf_release(&sb);
}

static void draw_row(const struct list_model *m, size_t k, int y, int id_col)
{
	const struct list_row *row = &m->rows[k];
	int cols = term_cols();
	if (!row->result) {
		term_put(y, 0, cols, row->section, term_attr(TERM_SECTION));
		return;
	}
	const struct result *res = row->result;
	bool selected = k == m->cursor;
	int base = selected ? term_attr(TERM_SELECTED) : term_attr(TERM_NORMAL);
	if (selected)
		term_line(y, "", base);
	int x = 0;
	x += term_put(y, x, 2, m->marked[row->index] ? "* " : "  ", base);
	term_put(y, x, STATUS_COL, tui_status_label(res->status),
		 base | term_status_attr(res->status));
	x += STATUS_COL;
	enum severity sev = res->rule ? res->rule->severity : SEVERITY_LOW;
	term_put(y, x, SEVERITY_COL, tui_severity_label(sev), base | term_severity_attr(sev));
	x += SEVERITY_COL;
	term_put(y, x, id_col - 1, res->rule ? res->rule->id : "?", base);
	x += id_col;
	term_put(y, x, cols - x, res->rule ? res->rule->title : "", base);
}

static void list_draw(struct tui_screen *s)
{
	struct screen_list *sl = (struct screen_list *)s;
	struct list_model *m = &sl->model;
	int lines = term_lines(), cols = term_cols();
	draw_header(sl);
	draw_filters(m);
	draw_footer(s->tui);
	int body = lines - 3;
	m->page = body > 0 ? (size_t)body : 1;
	list_model_scroll(m);
	const struct result *sel = list_model_selected(m);
	free(sl->cursor_id);
	sl->cursor_id = sel && sel->rule ? xstrdup(sel->rule->id) : NULL;

	int id_col = 0; /* the longest id on screen, bounded */
	for (size_t k = m->top; k < m->n_rows && k < m->top + m->page; k++)
		if (m->rows[k].result && m->rows[k].result->rule)
			id_col = MAX(id_col, (int)text_width(m->rows[k].result->rule->id) + 2);
	id_col = MIN(id_col, MIN(ID_COL_MAX, cols / 3));
	if (!m->n_rows)
		term_put(2, 2, cols - 2, "no rule matches (c clears the filters)", term_attr(TERM_NORMAL));
	for (size_t k = m->top; k < m->n_rows && k < m->top + m->page; k++)
		draw_row(m, k, 2 + (int)(k - m->top), id_col);
}

static unsigned list_on_key(struct tui_screen *s, int key)
{
	struct screen_list *sl = (struct screen_list *)s;
	unsigned f = list_model_key(&sl->model, key);
	if (f & TUI_OPEN_DETAIL)
		tui_push(s->tui, screen_detail_new(s->tui, list_model_selected(&sl->model)));
	if (f & TUI_SEARCH) {
		_cleanup_free_ char *q = term_prompt("search: ", LIST_SEARCH_MAX);
		if (q)
			list_model_set_search(&sl->model, q);
	}
	if (f & TUI_PREVIEW) {
		struct tui_screen *p = screen_preview_new(s->tui, list_model_selection(&sl->model),
							  false);
		if (p)
			tui_push(s->tui, p);
	}
	if (f & TUI_APPLY) {
		if (s->tui->actions->read_only) {
			tui_act(s->tui, TUI_APPLY, NULL); /* says why not */
		} else {
			struct tui_screen *p = screen_preview_new(
				s->tui, list_model_selection(&sl->model), true);
			if (p)
				tui_push(s->tui, p);
		}
	}
	if (f & TUI_HELP)
		tui_push(s->tui, screen_help_new(s->tui));
	if (f & TUI_HISTORY) {
		struct tui_screen *h = screen_history_new(s->tui);
		if (h)
			tui_push(s->tui, h);
	}
	if (f & (TUI_ROLLBACK | TUI_REAUDIT))
		tui_act(s->tui, f & (TUI_ROLLBACK | TUI_REAUDIT), NULL);
	return f;
}

void screen_list_reload(struct tui_screen *s)
{
	struct screen_list *sl = (struct screen_list *)s;
	list_model_reload(&sl->model, s->tui->report, sl->cursor_id);
}

static void list_free(struct tui_screen *s)
{
	struct screen_list *sl = (struct screen_list *)s;
	list_model_release(&sl->model);
	free(sl->cursor_id);
	free(sl);
}

static const struct tui_screen_ops list_ops = {
	.draw = list_draw,
	.on_key = list_on_key,
	.free = list_free,
};

struct tui_screen *screen_list_new(struct tui *t)
{
	struct screen_list *sl = xcalloc(1, sizeof(*sl));
	sl->base = (struct tui_screen){.ops = &list_ops, .tui = t};
	list_model_init(&sl->model, t->report);
	return &sl->base;
}
