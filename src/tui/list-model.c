/* list-model.c: the rule list of `dockward tui` as plain data: rows grouped by section, a
 * cursor, filters, marks and the key table.
 *
 * No terminal here, so that every key can be unit-tested (tests/unit/test-tui-list.c): the
 * screen (screen-list.c) only draws m->rows and feeds keys to list_model_key(). Handlers return
 * enum tui_flags; opening the detail, previewing a fix or prompting for a search string are the
 * loop's business, not the model's. */
#include <string.h>

#include "tui.h"
#include "util.h"

#define STATUS_ALL ((1u << _STATUS_MAX) - 1)

static const char *const status_labels[] = {
	[STATUS_PASS] = "PASS",
	[STATUS_FAIL] = "FAIL",
	[STATUS_ERROR] = "ERROR",
	[STATUS_NOT_APPLICABLE] = "N/A",
	[STATUS_WAIVED] = "WAIVED",
	[STATUS_MANUAL] = "MANUAL",
};
_Static_assert(ELEMENTSOF(status_labels) == _STATUS_MAX, "a label per status");

static const char *const severity_labels[] = {
	[SEVERITY_LOW] = "LOW",
	[SEVERITY_MEDIUM] = "MEDIUM",
	[SEVERITY_HIGH] = "HIGH",
	[SEVERITY_CRITICAL] = "CRITICAL",
};
_Static_assert(ELEMENTSOF(severity_labels) == _SEVERITY_MAX, "a label per severity");

const char *tui_status_label(enum status s)
{
	return s >= 0 && s < _STATUS_MAX ? status_labels[s] : "?";
}

const char *tui_severity_label(enum severity s)
{
	return s >= 0 && s < _SEVERITY_MAX ? severity_labels[s] : "?";
}

static const char *result_section(const struct result *res)
{
	return res->rule && res->rule->section ? res->rule->section : "other";
}

bool list_model_shows(const struct list_model *m, size_t i)
{
	const struct result *res = &m->report->results[i];
	if (res->status < 0 || res->status >= _STATUS_MAX || !(m->status_mask & (1u << res->status)))
		return false;
	if (res->rule && res->rule->severity < m->min_severity)
		return false;
	if (!m->search)
		return true;
	const char *fields[] = {res->rule ? res->rule->id : NULL, res->rule ? res->rule->title : NULL,
				res->observed};
	for (size_t k = 0; k < ELEMENTSOF(fields); k++)
		if (fields[k] && strcasestr(fields[k], m->search))
			return true;
	return false;
}

/* The sections in order of first appearance, each followed by its shown rules in report order;
 * a section with no shown rule has no header either. */
static void rebuild(struct list_model *m)
{
	const struct report *r = m->report;
	free(m->rows);
	m->rows = NULL;
	m->n_rows = 0;
	_cleanup_free_ bool *done = xcalloc(r->n_results + 1, sizeof(bool)); /* section emitted */
	for (size_t i = 0; i < r->n_results; i++) {
		if (done[i])
			continue;
		const char *section = result_section(&r->results[i]);
		bool header = false;
		for (size_t j = i; j < r->n_results; j++) {
			if (done[j] || !STREQ(result_section(&r->results[j]), section))
				continue;
			done[j] = true;
			if (!list_model_shows(m, j))
				continue;
			if (!header) {
				*GROW(m->rows, m->n_rows) = (struct list_row){.section = section};
				header = true;
			}
			*GROW(m->rows, m->n_rows) = (struct list_row){
				.section = section, .result = &r->results[j], .index = j};
		}
	}
}

static void refilter(struct list_model *m)
{
	const struct result *was = list_model_selected(m);
	size_t was_pos = was ? m->position[was - m->report->results] : 0;
	rebuild(m);
	m->cursor = 0;
	m->top = 0;
	size_t last = 0;
	bool found = false;
	for (size_t k = 0; k < m->n_rows; k++) {
		if (!m->rows[k].result)
			continue;
		last = k;
		if (!found && m->position[m->rows[k].index] >= was_pos) {
			m->cursor = k;
			found = true;
		}
	}
	if (!found)
		m->cursor = last;
	list_model_scroll(m);
}

void list_model_init(struct list_model *m, const struct report *r)
{
	*m = (struct list_model){
		.report = r,
		.page = 1,
		.status_mask = STATUS_ALL,
		.min_severity = SEVERITY_LOW,
		.marked = xcalloc(r->n_results + 1, sizeof(bool)),
		.position = xcalloc(r->n_results + 1, sizeof(size_t)),
	};
	rebuild(m); /* every rule shown: the rows give the grouped order */
	for (size_t k = 0, pos = 0; k < m->n_rows; k++)
		if (m->rows[k].result)
			m->position[m->rows[k].index] = pos++;
	list_model_home(m);
}

char **list_model_selection(const struct list_model *m)
{
	char **ids = NULL;
	const struct report *r = m->report;
	for (size_t i = 0; m->n_marked && i < r->n_results; i++)
		if (m->marked[i] && r->results[i].rule)
			strv_extend(&ids, r->results[i].rule->id);
	const struct result *sel = list_model_selected(m);
	if (!ids && sel && sel->rule)
		strv_extend(&ids, sel->rule->id);
	return ids;
}

void list_model_reload(struct list_model *m, const struct report *r, const char *id)
{
	unsigned mask = m->status_mask;
	enum severity sev = m->min_severity;
	_cleanup_free_ char *search = TAKE_PTR(m->search);
	list_model_release(m); /* the old report may be gone: only the model's own arrays */
	list_model_init(m, r);
	m->status_mask = mask;
	m->min_severity = sev;
	list_model_set_search(m, search); /* refilters with all three */
	for (size_t k = 0; id && k < m->n_rows; k++)
		if (m->rows[k].result && m->rows[k].result->rule &&
		    STREQ(m->rows[k].result->rule->id, id))
			m->cursor = k;
}

void list_model_release(struct list_model *m)
{
	free(m->rows);
	free(m->search);
	free(m->marked);
	free(m->position);
	*m = (struct list_model){0};
}

void list_model_set_status_mask(struct list_model *m, unsigned mask)
{
	m->status_mask = mask & STATUS_ALL;
	refilter(m);
}

void list_model_set_min_severity(struct list_model *m, enum severity s)
{
	m->min_severity = s >= 0 && s < _SEVERITY_MAX ? s : SEVERITY_LOW;
	refilter(m);
}

void list_model_set_search(struct list_model *m, const char *s)
{
	free(m->search);
	m->search = s && *s ? xstrndup(s, LIST_SEARCH_MAX) : NULL;
	refilter(m);
}

const struct result *list_model_selected(const struct list_model *m)
{
	return m->cursor < m->n_rows ? m->rows[m->cursor].result : NULL;
}

void list_model_scroll(struct list_model *m)
{
	size_t page = m->page ? m->page : 1;
	if (m->cursor < m->top)
		m->top = m->cursor;
	else if (m->cursor >= m->top + page)
		m->top = m->cursor - page + 1;
	/* the section header of the first rule stays visible when it fits */
	if (m->top > 0 && m->top == m->cursor && !m->rows[m->top - 1].result && page > 1)
		m->top--;
	if (m->n_rows <= page)
		m->top = 0;
	else if (m->top > m->n_rows - page)
		m->top = m->n_rows - page;
}

void list_model_move(struct list_model *m, long delta)
{
	if (!list_model_selected(m))
		return;
	size_t k = m->cursor;
	for (; delta > 0; delta--) { /* next rule row, if any */
		size_t n = k + 1;
		while (n < m->n_rows && !m->rows[n].result)
			n++;
		if (n >= m->n_rows)
			break;
		k = n;
	}
	for (; delta < 0; delta++) {
		size_t n = k;
		while (n > 0 && !m->rows[n - 1].result)
			n--;
		if (n == 0)
			break;
		k = n - 1;
	}
	m->cursor = k;
	list_model_scroll(m);
}

void list_model_home(struct list_model *m)
{
	m->cursor = 0;
	while (m->cursor < m->n_rows && !m->rows[m->cursor].result)
		m->cursor++;
	if (m->cursor >= m->n_rows)
		m->cursor = 0;
	m->top = 0;
	list_model_scroll(m);
}

void list_model_end(struct list_model *m)
{
	if (!list_model_selected(m))
		return;
	for (size_t k = m->n_rows; k > 0; k--)
		if (m->rows[k - 1].result) {
			m->cursor = k - 1;
			break;
		}
	list_model_scroll(m);
}

bool list_model_toggle_mark(struct list_model *m)
{
	const struct result *res = list_model_selected(m);
	if (!res)
		return false;
	size_t i = m->rows[m->cursor].index;
	m->marked[i] = !m->marked[i];
	if (m->marked[i])
		m->n_marked++;
	else
		m->n_marked--;
	return true;
}

/* ---- key handlers: each returns enum tui_flags ---- */

static unsigned key_quit(_unused_ struct list_model *m, _unused_ int key)
{
	return TUI_HANDLED | TUI_QUIT;
}

static unsigned key_open(struct list_model *m, _unused_ int key)
{
	return list_model_selected(m) ? TUI_HANDLED | TUI_OPEN_DETAIL : TUI_HANDLED;
}

static unsigned key_move(struct list_model *m, int key)
{
	long page = m->page > 1 ? (long)m->page - 1 : 1;
	switch (key) {
	case TUI_KEY_UP:
	case 'k':
		list_model_move(m, -1);
		break;
	case TUI_KEY_DOWN:
	case 'j':
		list_model_move(m, 1);
		break;
	case TUI_KEY_PGUP:
		list_model_move(m, -page);
		break;
	case TUI_KEY_PGDN:
		list_model_move(m, page);
		break;
	case TUI_KEY_HOME:
	case 'g':
		list_model_home(m);
		break;
	default:
		list_model_end(m);
		break;
	}
	return TUI_HANDLED | TUI_REDRAW;
}

/* htop's Space: mark, then go on to the next line so that a run of rules is quick to mark. */
static unsigned key_mark(struct list_model *m, _unused_ int key)
{
	if (list_model_toggle_mark(m))
		list_model_move(m, 1);
	return TUI_HANDLED | TUI_REDRAW;
}

/* All statuses, then each status alone, then all again. */
static unsigned key_status_filter(struct list_model *m, _unused_ int key)
{
	unsigned mask = STATUS_ALL;
	if (m->status_mask == STATUS_ALL)
		mask = 1u << STATUS_PASS;
	else if (m->status_mask == 1u << (_STATUS_MAX - 1))
		mask = STATUS_ALL;
	else
		for (int s = 0; s < _STATUS_MAX - 1; s++)
			if (m->status_mask == 1u << s)
				mask = 1u << (s + 1);
	list_model_set_status_mask(m, mask);
	return TUI_HANDLED | TUI_REDRAW;
}

/* low (all), medium and above, high and above, critical, then all again. */
static unsigned key_severity_filter(struct list_model *m, _unused_ int key)
{
	list_model_set_min_severity(m, (m->min_severity + 1) % _SEVERITY_MAX);
	return TUI_HANDLED | TUI_REDRAW;
}

static unsigned key_search(_unused_ struct list_model *m, _unused_ int key)
{
	return TUI_HANDLED | TUI_SEARCH;
}

static unsigned key_clear(struct list_model *m, _unused_ int key)
{
	free(m->search);
	m->search = NULL;
	m->min_severity = SEVERITY_LOW;
	list_model_set_status_mask(m, STATUS_ALL);
	return TUI_HANDLED | TUI_REDRAW;
}

static unsigned key_preview(struct list_model *m, _unused_ int key)
{
	return m->n_marked || list_model_selected(m) ? TUI_HANDLED | TUI_PREVIEW : TUI_HANDLED;
}

static unsigned key_apply(struct list_model *m, _unused_ int key)
{
	return m->n_marked || list_model_selected(m) ? TUI_HANDLED | TUI_APPLY : TUI_HANDLED;
}

static unsigned key_rollback(_unused_ struct list_model *m, _unused_ int key)
{
	return TUI_HANDLED | TUI_ROLLBACK;
}

static unsigned key_reaudit(_unused_ struct list_model *m, _unused_ int key)
{
	return TUI_HANDLED | TUI_REAUDIT;
}

static unsigned key_help(_unused_ struct list_model *m, _unused_ int key)
{
	return TUI_HANDLED | TUI_HELP;
}

static unsigned key_history(_unused_ struct list_model *m, _unused_ int key)
{
	return TUI_HANDLED | TUI_HISTORY;
}

/* Adding a key: see include/tui.h. The first line of a handler is the one the footer shows. */
const struct list_key list_keys[] = {
	{TUI_KEY_ENTER, key_open, NULL, "detail"}, /* not in the footer: 80 columns */
	{'\r', key_open, NULL, NULL},
	{' ', key_mark, "Space", "mark"},
	{'/', key_search, "/", "search"},
	{'f', key_status_filter, "f", "status"},
	{'d', key_preview, "d", "diff"},
	{'a', key_apply, "a", "apply"}, /* a and u: not shown (nor run) in report-only mode */
	{'u', key_rollback, "u", "undo"},
	{'?', key_help, "?", "help"},
	{'q', key_quit, "q", "quit"},
	/* 80 columns hold the labels above; the help screen (?) lists the rest */
	{TUI_KEY_F1, key_help, NULL, NULL},
	{'h', key_history, NULL, "history of the runs"},
	{'s', key_severity_filter, NULL, "severity"},
	{'c', key_clear, NULL, "clear the filters"},
	{'r', key_reaudit, NULL, "audit again"},
	{TUI_KEY_ESC, key_quit, NULL, NULL},
	{TUI_KEY_UP, key_move, NULL, "previous rule"},
	{TUI_KEY_DOWN, key_move, NULL, "next rule"},
	{'k', key_move, NULL, NULL},
	{'j', key_move, NULL, NULL},
	{TUI_KEY_PGUP, key_move, NULL, "page up"},
	{TUI_KEY_PGDN, key_move, NULL, "page down"},
	{TUI_KEY_HOME, key_move, NULL, "first rule"},
	{TUI_KEY_END, key_move, NULL, "last rule"},
	{'g', key_move, NULL, NULL},
	{'G', key_move, NULL, NULL},
	{0, NULL, NULL, NULL},
};

unsigned list_model_key(struct list_model *m, int key)
{
	for (const struct list_key *k = list_keys; k->key; k++)
		if (k->key == key)
			return k->handler(m, key);
	return 0;
}

static const char *key_name(int key, char one[static 2])
{
	switch (key) {
	case TUI_KEY_ENTER:
		return "Enter";
	case ' ':
		return "Space";
	case TUI_KEY_ESC:
		return "Esc";
	case TUI_KEY_UP:
		return "Up";
	case TUI_KEY_DOWN:
		return "Down";
	case TUI_KEY_PGUP:
		return "PgUp";
	case TUI_KEY_PGDN:
		return "PgDn";
	case TUI_KEY_HOME:
		return "Home";
	case TUI_KEY_END:
		return "End";
	case TUI_KEY_F1:
		return "F1";
	default:
		one[0] = key > ' ' && key < 127 ? (char)key : '?';
		one[1] = '\0';
		return one;
	}
}

char **tui_help_lines(void)
{
	char **lines = NULL;
	for (const struct list_key *k = list_keys; k->key; k++) {
		if (!k->help)
			continue;
		char one[2];
		/* the other keys of the same handler without a help text of their own: "Up k" */
		struct strbuf names = STRBUF_INIT;
		strbuf_adds(&names, key_name(k->key, one));
		for (const struct list_key *o = list_keys; o->key; o++)
			if (o != k && o->handler == k->handler && !o->help && o->handler != key_move &&
			    o->key != '\r')
				strbuf_addf(&names, " %s", key_name(o->key, one));
		strv_extendf(&lines, "%-10s %s", names.buf, k->help);
		strbuf_release(&names);
	}
	return lines;
}
