/* screen-detail.c: the detail of one rule: what was expected and observed, why the rule
 * exists, the evidence, the objects it looked at, its waiver and its fix, scrollable.
 *
 * The text is built once per width by tui_detail_lines() (no terminal: unit-tested) as escaped,
 * wrapped lines; drawing is then a window on them. A failing rule with a fix gets the diff of
 * its fix (tui_actions.plan for that one rule, as d shows it) under a "fix" heading. ? or F1
 * opens the help; q or Esc goes back to the list. */
#include <string.h>

#include "tui-internal.h"
#include "util.h"

#define DETAIL_INDENT 2

/* Appends text escaped and wrapped at width columns (at the last space that fits, else between
 * two characters), each line after the first indented by indent columns. */
static void add_wrapped(char ***lines, const char *prefix, size_t indent, const char *text,
			size_t width)
{
	struct strbuf esc = STRBUF_INIT;
	strbuf_adds(&esc, prefix);
	text_escape(&esc, text ? text : "");
	const char *p = esc.buf;
	bool first = true;
	if (width < indent + 8)
		width = indent + 8; /* a terminal narrower than that gets lines cut by the screen */
	while (first || *p) {
		size_t avail = first ? width : width - indent, w = 0;
		const char *q = p, *space = NULL;
		while (*q) {
			uint32_t cp;
			size_t len = text_utf8_decode(q, &cp);
			if (!len)
				len = 1; /* escaped text is valid UTF-8; be safe anyway */
			char one[8] = {0};
			memcpy(one, q, len < sizeof(one) ? len : sizeof(one) - 1);
			size_t cw = text_width(one);
			if (w + cw > avail)
				break;
			if (*q == ' ')
				space = q;
			w += cw;
			q += len;
		}
		const char *end = *q && space && space > p ? space : q;
		if (end == p && *q) /* nothing fits: take one character */
			end = q + 1;
		strv_extendf(lines, "%*s%.*s", first ? 0 : (int)indent, "", (int)(end - p), p);
		p = end;
		while (*p == ' ')
			p++;
		first = false;
	}
	strbuf_release(&esc);
}

char **tui_detail_lines(const struct report *r, const struct result *res, size_t width)
{
	(void)r;
	char **lines = NULL;
	const struct rule *rule = res->rule;
	_cleanup_free_ char *head = xasprintf(
		"%s  %s  %s", rule ? rule->id : "?", tui_status_label(res->status),
		tui_severity_label(rule ? rule->severity : SEVERITY_LOW));
	add_wrapped(&lines, "", DETAIL_INDENT, head, width);
	if (rule)
		add_wrapped(&lines, "", DETAIL_INDENT, rule->title, width);
	for (size_t i = 0; rule && i < rule->n_refs; i++) {
		_cleanup_free_ char *ids = strv_join(rule->refs[i].ids, ", ");
		_cleanup_free_ char *ref = xasprintf("%s %s", rule->refs[i].name, ids);
		add_wrapped(&lines, "reference: ", DETAIL_INDENT, ref, width);
	}
	strv_extend(&lines, "");
	add_wrapped(&lines, "expected: ", DETAIL_INDENT, res->expected, width);
	add_wrapped(&lines, "observed: ", DETAIL_INDENT, res->observed, width);
	if (rule && rule->rationale) {
		strv_extend(&lines, "");
		strv_extend(&lines, "rationale:");
		add_wrapped(&lines, "  ", DETAIL_INDENT, rule->rationale, width);
	}
	if (res->n_evidence) {
		strv_extend(&lines, "");
		strv_extend(&lines, "evidence:");
	}
	for (size_t i = 0; i < res->n_evidence; i++) {
		const struct evidence *e = &res->evidence[i];
		_cleanup_free_ char *where = e->line ? xasprintf("%s:%d:%d: ", e->source, e->line,
								  e->col)
						     : xasprintf("%s: ", e->source);
		_cleanup_free_ char *text = xasprintf("%s%s", where, e->detail ? e->detail : "");
		add_wrapped(&lines, "  ", 2 * DETAIL_INDENT, text, width);
	}
	if (res->n_objects) {
		strv_extend(&lines, "");
		strv_extend(&lines, "objects:");
	}
	for (size_t i = 0; i < res->n_objects; i++) {
		const struct result_object *o = &res->objects[i];
		_cleanup_free_ char *text = xasprintf(
			"%-6s %s %s%s%s%s: %s", tui_status_label(o->status), o->kind ? o->kind : "?",
			o->name ? o->name : (o->id ? o->id : "?"), o->image ? " (" : "",
			o->image ? o->image : "", o->image ? ")" : "", o->observed ? o->observed : "");
		add_wrapped(&lines, "  ", 2 * DETAIL_INDENT, text, width);
	}
	if (res->waiver) {
		strv_extend(&lines, "");
		const struct waiver *w = res->waiver;
		_cleanup_free_ char *text = xasprintf(
			"%s (approved by %s, expires %s)%s", w->reason ? w->reason : "",
			w->approver ? w->approver : "?", w->expires_text ? w->expires_text : "?",
			res->waiver_expired ? " EXPIRED: not applied" : "");
		add_wrapped(&lines, "waiver: ", DETAIL_INDENT, text, width);
	}
	if (res->fix_available) {
		strv_extend(&lines, "");
		_cleanup_free_ char *text =
			xasprintf("%s%s", res->fix_summary ? res->fix_summary : "available",
				  res->restart_required ? " (restarts dockerd)" : "");
		add_wrapped(&lines, "fix: ", DETAIL_INDENT, text, width);
	}
	if (rule && rule->remediation) {
		strv_extend(&lines, "");
		strv_extend(&lines, "remediation:");
		add_wrapped(&lines, "  ", DETAIL_INDENT, rule->remediation, width);
	}
	return lines;
}

struct screen_detail {
	struct tui_screen base;
	const struct result *result;
	char **lines;
	size_t n_lines;
	size_t width; /* the width lines were built for */
	size_t top;
	char **fix; /* the diff of the rule's fix (failing, fix available), NULL: none */
};

static void detail_draw(struct tui_screen *s)
{
	struct screen_detail *sd = (struct screen_detail *)s;
	int lines = term_lines(), cols = term_cols();
	if (!sd->lines || sd->width != (size_t)cols) {
		strv_free(sd->lines);
		sd->width = (size_t)cols;
		sd->lines = tui_detail_lines(s->tui->report, sd->result, sd->width);
		if (sd->fix) { /* cut, not wrapped: a diff keeps its columns */
			strv_extend(&sd->lines, "");
			strv_extend(&sd->lines, "fix:");
			for (char **l = sd->fix; *l; l++)
				strv_extend(&sd->lines, *l);
		}
		sd->n_lines = strv_length(sd->lines);
	}
	size_t body = lines > 2 ? (size_t)lines - 2 : 1;
	if (sd->top + body > sd->n_lines)
		sd->top = sd->n_lines > body ? sd->n_lines - body : 0;
	_cleanup_free_ char *head = xasprintf("%s  (%zu-%zu of %zu lines)", sd->result->rule
					      ? sd->result->rule->id : "?", sd->top + 1,
					      sd->top + body < sd->n_lines ? sd->top + body : sd->n_lines, sd->n_lines);
	term_line(0, head, term_attr(TERM_HEADER));
	for (size_t i = 0; i < body && sd->top + i < sd->n_lines; i++) {
		const char *line = sd->lines[sd->top + i];
		/* escaped already; escaping again changes nothing (a backslash stays as is) */
		int attr = sd->top + i == 0 || (line[0] && line[strlen(line) - 1] == ':')
				   ? term_attr(TERM_TITLE) : term_attr(TERM_NORMAL);
		term_put(1 + (int)i, 0, cols, line, attr);
	}
	term_line(lines - 1, "q back  Up/Down/PgUp/PgDn/Home/End scroll", term_attr(TERM_HEADER));
}

static unsigned detail_on_key(struct tui_screen *s, int key)
{
	struct screen_detail *sd = (struct screen_detail *)s;
	if (key == 'q' || key == TUI_KEY_ESC)
		return TUI_HANDLED | TUI_QUIT;
	if (key == '?' || key == TUI_KEY_F1) {
		tui_push(s->tui, screen_help_new(s->tui));
		return TUI_HANDLED | TUI_HELP;
	}
	return tui_scroll_key(&sd->top, sd->n_lines, key);
}

static void detail_free(struct tui_screen *s)
{
	struct screen_detail *sd = (struct screen_detail *)s;
	strv_free(sd->lines);
	strv_free(sd->fix);
	free(sd);
}

static const struct tui_screen_ops detail_ops = {
	.draw = detail_draw,
	.on_key = detail_on_key,
	.free = detail_free,
};

struct tui_screen *screen_detail_new(struct tui *t, const struct result *res)
{
	struct screen_detail *sd = xcalloc(1, sizeof(*sd));
	sd->base = (struct tui_screen){.ops = &detail_ops, .tui = t};
	sd->result = res;
	if (res->status == STATUS_FAIL && res->fix_available && res->rule) {
		/* the plan of this one rule, as d shows it: the diff under a "fix" heading */
		char *ids[] = {(char *)res->rule->id, NULL};
		_cleanup_free_ char *text = NULL;
		tui_progress("planning ...");
		if (t->actions->plan(t->actions->userdata, ids, false, &text) == 0)
			tui_split_lines(&sd->fix, text);
	}
	return &sd->base;
}
