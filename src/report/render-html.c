/* render-html.c: the HTML report: one self-contained page (inline CSS, SVG and script, nothing
 * fetched), rendered from templates/report.html.tmpl by the template renderer (template.h).
 *
 * This file builds the view model, the value tree that the template reads, so that the template
 * only lays things out and never computes:
 *
 *   report      the canonical JSON report as a value (report_to_value())
 *   score       pass / (pass + fail) as a percentage, and the gauge's arc
 *   totals      one entry per status, in the order the page lists them (fail first)
 *   severities  rules per severity, and how many of them fail
 *   charts      statuses by severity and by section: stacked bars whose geometry (x, width in
 *               SVG user units) is computed here
 *   sections    the rules grouped by section: sections with failing rules first (worst
 *               severity, then most failures), and in each section fail, error, manual,
 *               waived, pass, not applicable, each by severity; every rule with its labels,
 *               evidence as "file:line:col", objects (failing first), waiver, and its fix:
 *               the changes the plan makes for it, the notes, whether it waits for a restart
 *   plan        what `dockward fix` would do, when the report carries the plan: a sentence,
 *               and every change with the rules it serves and, for a file, its unified diff
 *               split into classed lines. A file that only one rule changes shows its diff
 *               under that rule; a file shared by several rules shows it once, in the plan,
 *               linked from each of them.
 *
 * Hostile strings: the template escapes every value for where it stands, so nothing here
 * escapes HTML. What is done here is what escaping cannot do: invalid UTF-8 becomes U+FFFD
 * (report_to_value() already repairs the report's strings; plan text and diffs are repaired
 * here), and control characters and bidi overrides, which would hide or reorder text on the
 * page, are shown as escapes ("\x1b", "\u202e"), in every string of the tree. Newlines and
 * tabs stay: observed values and diffs are multi-line. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "diff.h"
#include "report.h"
#include "template.h"
#include "templates.h"

#define REPLACEMENT_CHARACTER "\xef\xbf\xbd"

/* Chart geometry, in SVG user units (the template sets the viewBox from width and height). */
#define CHART_WIDTH 460
#define CHART_LABEL_WIDTH 96 /* row labels, right-aligned at its end */
#define CHART_LABEL_CHARS 14 /* what fits in it at the page's font size */
#define CHART_BAR_WIDTH 280
#define CHART_ROW_HEIGHT 20
#define CHART_BAR_HEIGHT 13
#define CHART_TOP 4
#define CHART_COUNT_MIN_WIDTH 14.0 /* a segment this wide shows its count */
#define GAUGE_RADIUS 42.0
#define SHORT_ID_LEN 12 /* container ids as docker ps shows them */

/* The order the page lists statuses in: what needs attention first. */
static const enum status status_order[] = {
	STATUS_FAIL, STATUS_ERROR, STATUS_MANUAL, STATUS_WAIVED, STATUS_PASS, STATUS_NOT_APPLICABLE,
};
_Static_assert(ELEMENTSOF(status_order) == _STATUS_MAX, "status_order");

static const char *const status_labels[] = {
	[STATUS_PASS] = "PASS",
	[STATUS_FAIL] = "FAIL",
	[STATUS_ERROR] = "ERROR",
	[STATUS_NOT_APPLICABLE] = "N/A",
	[STATUS_WAIVED] = "WAIVED",
	[STATUS_MANUAL] = "MANUAL",
};
_Static_assert(ELEMENTSOF(status_labels) == _STATUS_MAX, "status_labels");

static const char *const status_names[] = { /* for sentences ("2 not applicable") */
	[STATUS_PASS] = "pass",
	[STATUS_FAIL] = "fail",
	[STATUS_ERROR] = "error",
	[STATUS_NOT_APPLICABLE] = "not applicable",
	[STATUS_WAIVED] = "waived",
	[STATUS_MANUAL] = "manual",
};
_Static_assert(ELEMENTSOF(status_names) == _STATUS_MAX, "status_names");

static const char *const severity_labels[] = {
	[SEVERITY_LOW] = "LOW",
	[SEVERITY_MEDIUM] = "MEDIUM",
	[SEVERITY_HIGH] = "HIGH",
	[SEVERITY_CRITICAL] = "CRITICAL",
};
_Static_assert(ELEMENTSOF(severity_labels) == _SEVERITY_MAX, "severity_labels");

static size_t status_rank(enum status s)
{
	for (size_t i = 0; i < ELEMENTSOF(status_order); i++)
		if (status_order[i] == s)
			return i;
	return ELEMENTSOF(status_order);
}

static bool status_valid(enum status s)
{
	return s >= 0 && s < _STATUS_MAX;
}

static bool severity_valid(enum severity s)
{
	return s >= 0 && s < _SEVERITY_MAX;
}

/* ---- strings: UTF-8 repair and visible control characters ---- */

static bool is_hidden(uint32_t cp)
{
	if (cp == '\n' || cp == '\t')
		return false;
	return cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp == 0x061c || cp == 0x200e ||
	       cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/* s (len bytes) with invalid UTF-8 as U+FFFD and hidden characters as escapes. */
static char *clean_n(const char *s, size_t len)
{
	struct strbuf sb = STRBUF_INIT;
	const char *end = s + len;
	while (s < end) {
		uint32_t cp;
		size_t n = *s ? text_utf8_decode(s, &cp) : 0;
		if (n == 0 || n > (size_t)(end - s)) {
			if (*s)
				strbuf_adds(&sb, REPLACEMENT_CHARACTER);
			else
				strbuf_adds(&sb, "\\x00");
			s++;
			continue;
		}
		if (cp == '\r')
			strbuf_adds(&sb, "\\r");
		else if (is_hidden(cp) && cp < 0x80)
			strbuf_addf(&sb, "\\x%02x", (unsigned)cp);
		else if (is_hidden(cp))
			strbuf_addf(&sb, "\\u%04x", (unsigned)cp);
		else
			strbuf_add(&sb, s, n);
		s += n;
	}
	return strbuf_detach(&sb);
}

static bool needs_cleaning(const char *s)
{
	for (const char *p = s; *p;) {
		uint32_t cp;
		size_t n = text_utf8_decode(p, &cp);
		if (n == 0 || cp == '\r' || is_hidden(cp))
			return true;
		p += n;
	}
	return false;
}

/* Cleans every string of the tree in place. */
static void clean_tree(struct value *v)
{
	if (!v)
		return;
	switch (v->type) {
	case VALUE_STRING:
		if (needs_cleaning(v->s)) {
			char *c = clean_n(v->s, strlen(v->s));
			free(v->s);
			v->s = c;
		}
		break;
	case VALUE_LIST:
		for (size_t i = 0; i < v->list.n; i++)
			clean_tree(v->list.items[i]);
		break;
	case VALUE_MAP:
		for (size_t i = 0; i < v->map.n; i++)
			clean_tree(v->map.vals[i]);
		break;
	default:
		break;
	}
}

/* ---- building values ---- */

static void set_str(struct value *map, const char *key, const char *s)
{
	value_map_set(map, key, s ? value_new_string(s) : value_new_null());
}

static void set_strf(struct value *map, const char *key, const char *fmt, ...) _printf_(3, 4);
static void set_strf(struct value *map, const char *key, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	_cleanup_free_ char *s = xvasprintf(fmt, ap);
	va_end(ap);
	value_map_set(map, key, value_new_string(s));
}

static void set_int(struct value *map, const char *key, int64_t i)
{
	value_map_set(map, key, value_new_int(i));
}

static void set_bool(struct value *map, const char *key, bool b)
{
	value_map_set(map, key, value_new_bool(b));
}

static struct value *append_map(struct value *list)
{
	struct value *m = value_new_map();
	value_list_append(list, m);
	return m;
}

/* A user-unit number for SVG: one decimal, no trailing ".0". */
static char *num(double x)
{
	if (!isfinite(x))
		x = 0;
	_cleanup_free_ char *s = xasprintf("%.1f", x);
	size_t len = strlen(s);
	if (len > 2 && STREQ(s + len - 2, ".0"))
		s[len - 2] = '\0';
	return TAKE_PTR(s);
}

static void set_num(struct value *map, const char *key, double x)
{
	_cleanup_free_ char *s = num(x);
	value_map_set(map, key, value_new_string(s));
}

/* ---- counts ---- */

struct tally {
	char *name; /* section name, or severity label */
	size_t by_status[_STATUS_MAX];
	size_t total;
	int worst_fail; /* highest severity of a failing rule, -1 when none fails */
	size_t first;   /* baseline position of its first rule */
};

static void tally_add(struct tally *t, const struct result *res)
{
	if (status_valid(res->status))
		t->by_status[res->status]++;
	t->total++;
	if (res->status == STATUS_FAIL && (int)res->rule->severity > t->worst_fail)
		t->worst_fail = (int)res->rule->severity;
}

/* A status count list: [{status, label, name, count}] for the statuses that occur (or all of
 * them when all is true), in page order. */
static struct value *status_counts(const size_t by_status[_STATUS_MAX], bool all)
{
	struct value *list = value_new_list();
	for (size_t i = 0; i < ELEMENTSOF(status_order); i++) {
		enum status s = status_order[i];
		if (!all && by_status[s] == 0)
			continue;
		struct value *m = append_map(list);
		set_str(m, "status", status_to_string(s));
		set_str(m, "label", status_labels[s]);
		set_str(m, "name", status_names[s]);
		set_int(m, "count", (int64_t)by_status[s]);
	}
	return list;
}

/* ---- charts ---- */

/* A stacked-bar chart, one row per tally: {width, height, rows: [{label, y, ty, total,
 * summary, segments: [{status, label, x, w, count}]}]}. Bars share one scale (the largest
 * row fills CHART_BAR_WIDTH), so rows compare by length. */
static struct value *chart(const struct tally *rows, size_t n)
{
	size_t max = 1;
	for (size_t i = 0; i < n; i++)
		if (rows[i].total > max)
			max = rows[i].total;
	struct value *c = value_new_map();
	set_int(c, "width", CHART_WIDTH);
	set_int(c, "height", (int64_t)(CHART_TOP * 2 + n * CHART_ROW_HEIGHT));
	set_int(c, "label_x", CHART_LABEL_WIDTH - 6);
	set_int(c, "bar_x", CHART_LABEL_WIDTH);
	struct value *list = value_new_list();
	for (size_t i = 0; i < n; i++) {
		const struct tally *t = &rows[i];
		struct value *row = append_map(list);
		double y = CHART_TOP + (double)i * CHART_ROW_HEIGHT;
		/* the label column is CHART_LABEL_WIDTH wide: a longer name is cut (whole in title) */
		_cleanup_free_ char *label = text_fit(t->name, CHART_LABEL_CHARS);
		set_str(row, "label", label);
		set_num(row, "y", y + (CHART_ROW_HEIGHT - CHART_BAR_HEIGHT) / 2.0);
		set_num(row, "h", CHART_BAR_HEIGHT);
		set_num(row, "ty", y + CHART_ROW_HEIGHT / 2.0 + 4);
		set_int(row, "total", (int64_t)t->total);
		struct value *segs = value_new_list();
		struct strbuf summary = STRBUF_INIT;
		double x = CHART_LABEL_WIDTH;
		for (size_t k = 0; k < ELEMENTSOF(status_order); k++) {
			enum status s = status_order[k];
			if (t->by_status[s] == 0)
				continue;
			double w = (double)t->by_status[s] * CHART_BAR_WIDTH / (double)max;
			struct value *seg = append_map(segs);
			set_str(seg, "status", status_to_string(s));
			set_str(seg, "label", status_labels[s]);
			set_num(seg, "x", x);
			set_num(seg, "w", w);
			set_int(seg, "count", (int64_t)t->by_status[s]);
			/* the count inside its bar when it fits (readable without colour) */
			set_bool(seg, "show_count", w >= CHART_COUNT_MIN_WIDTH);
			set_num(seg, "cx", x + w / 2);
			set_strf(seg, "title", "%s: %zu %s", t->name, t->by_status[s], status_names[s]);
			x += w;
			strbuf_addf(&summary, "%s%zu %s", summary.len ? " · " : "", t->by_status[s],
				    status_names[s]);
		}
		set_num(row, "total_x", x + 5);
		value_map_set(row, "segments", segs);
		set_str(row, "summary", summary.buf ? summary.buf : "no rules");
		strbuf_release(&summary);
	}
	value_map_set(c, "rows", list);
	return c;
}

/* ---- one rule ---- */

/* Splits a unified diff into [{cls, text}] lines: meta (---/+++), hunk, add, del, note, ctx. */
static struct value *diff_lines(const char *d)
{
	struct value *list = value_new_list();
	const char *s = d;
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		const char *cls = "ctx";
		if (startswith(s, "--- ") || startswith(s, "+++ "))
			cls = "meta";
		else if (*s == '@')
			cls = "hunk";
		else if (*s == '+')
			cls = "add";
		else if (*s == '-')
			cls = "del";
		else if (*s == '\\')
			cls = "note";
		struct value *m = append_map(list);
		set_str(m, "cls", cls);
		_cleanup_free_ char *text = clean_n(s, len);
		set_str(m, "text", text);
		s += len + (nl ? 1 : 0);
	}
	return list;
}

static const char *change_kind_label(enum change_kind k)
{
	switch (k) {
	case CHANGE_FILE:
		return "write file";
	case CHANGE_ATTR:
		return "owner/mode";
	case CHANGE_SYSCTL:
		return "live sysctl";
	case CHANGE_SELINUX:
		return "SELinux";
	case CHANGE_COMMAND:
		return "command";
	default:
		return "change";
	}
}

/* One change of the plan: {anchor, kind, kind_label, path, summary, rules: [{id}], n_rules,
 * has_diff, diff: [{cls, text}], new_file}. */
static struct value *change_view(const struct change *c, size_t index, bool with_diff)
{
	struct value *m = value_new_map();
	set_strf(m, "anchor", "change-%zu", index + 1);
	set_str(m, "kind", change_kind_to_string(c->kind));
	set_str(m, "kind_label", change_kind_label(c->kind));
	set_str(m, "path", c->path);
	set_str(m, "summary", c->summary ? c->summary : c->path);
	struct value *rules = value_new_list();
	STRV_FOREACH(id, c->rule_ids)
		set_str(append_map(rules), "id", *id);
	value_map_set(m, "rules", rules);
	set_int(m, "n_rules", (int64_t)strv_length(c->rule_ids));
	set_bool(m, "has_diff", false);
	if (c->kind == CHANGE_FILE && with_diff) {
		struct strbuf d = STRBUF_INIT;
		_cleanup_free_ char *a = xasprintf("a%s", c->path);
		_cleanup_free_ char *b = xasprintf("b%s", c->path);
		diff_unified(&d, c->old_exists ? a : "/dev/null", c->old_content, c->old_len, b,
			     c->new_content, c->new_len, 3);
		/* diff_unified output may hold NULs from the file: cleaned line by line */
		_cleanup_free_ char *text = clean_n(d.buf ? d.buf : "", d.len);
		value_map_set(m, "diff", diff_lines(text));
		set_bool(m, "has_diff", d.len > 0);
		set_bool(m, "new_file", !c->old_exists);
		strbuf_release(&d);
	}
	return m;
}

/* The plan's part for one rule, into the result's "fix" map: its changes, the notes, whether
 * it waits for a restart, the other rules its changes serve. A change that serves this rule
 * alone carries its diff here; a change that several rules share (daemon.json, the audit
 * rules file) is shown once, in the plan at the end of the page, and linked from each (the
 * same 20-line diff under 14 rules would bury the page). */
static void add_plan(struct value *fix, const struct plan *p, const struct rule *rule)
{
	const char *id = rule->id;
	set_bool(fix, "planned", strv_contains(p->rules_planned, id));
	set_bool(fix, "waits_restart", p->restart && strv_contains(p->restart_rules, id));
	struct value *changes = value_new_list();
	_cleanup_strv_free_ char **others = NULL;
	for (size_t i = 0; i < p->n_changes; i++) {
		const struct change *c = &p->changes[i];
		if (!strv_contains(c->rule_ids, id))
			continue;
		bool shared = strv_length(c->rule_ids) > 1;
		struct value *m = change_view(c, i, !shared);
		set_bool(m, "shared", shared);
		set_bool(m, "diff_in_plan", shared && c->kind == CHANGE_FILE);
		value_list_append(changes, m);
		STRV_FOREACH(other, c->rule_ids)
			if (!STREQ(*other, id) && !strv_contains(others, *other))
				strv_extend(&others, *other);
	}
	value_map_set(fix, "changes", changes);
	struct value *shared = value_new_list();
	STRV_FOREACH(other, others)
		set_str(append_map(shared), "id", *other);
	value_map_set(fix, "shared_with", shared);
	set_bool(fix, "has_shared", others != NULL);

	struct value *notes = value_new_list();
	for (size_t i = 0; i < p->n_notes; i++) {
		const struct plan_note *n = &p->notes[i];
		if (!n->rule_id || !STREQ(n->rule_id, id))
			continue;
		/* a manual fixer's note repeats the rule's remediation, which the page shows */
		if (n->kind == NOTE_MANUAL && rule->remediation && STREQ(n->text, rule->remediation))
			continue;
		struct value *m = append_map(notes);
		set_str(m, "kind", note_kind_to_string(n->kind));
		set_str(m, "text", n->text);
	}
	value_map_set(fix, "notes", notes);
}

static size_t object_rank(const struct value *o)
{
	const struct value *st = value_map_get(o, "status");
	return st && st->type == VALUE_STRING ? status_rank(status_from_string(st->s))
					      : ELEMENTSOF(status_order);
}

/* Objects in page order (failing first), otherwise as the check listed them: an insertion
 * sort, stable, on a few hundred containers at most. */
static void sort_objects(struct value *list)
{
	for (size_t i = 1; i < list->list.n; i++) {
		struct value *o = list->list.items[i];
		size_t rank = object_rank(o), j = i;
		for (; j > 0 && object_rank(list->list.items[j - 1]) > rank; j--)
			list->list.items[j] = list->list.items[j - 1];
		list->list.items[j] = o;
	}
}

/* "cis-docker-1.6.0" -> "CIS Docker 1.6.0"; other names as they are. */
static char *ref_name(const char *name)
{
	if (startswith(name, "cis-docker-"))
		return xasprintf("CIS Docker %s", name + strlen("cis-docker-"));
	return xstrdup(name);
}

/* The view of one result: a copy of its JSON form plus labels and the fix plan. */
static struct value *rule_view(const struct report *r, const struct result *res,
			       const struct value *json, size_t index)
{
	struct value *v = value_copy(json);
	const struct rule *rule = res->rule;
	enum status s = status_valid(res->status) ? res->status : STATUS_ERROR;
	set_str(v, "status_label", status_labels[s]);
	set_str(v, "severity_label",
		severity_valid(rule->severity) ? severity_labels[rule->severity] : "?");
	/* failing and erroring rules start expanded (the script collapses the others) */
	set_str(v, "state", s == STATUS_FAIL || s == STATUS_ERROR ? "open" : "closed");
	set_bool(v, "show_fix", s == STATUS_FAIL || s == STATUS_ERROR || s == STATUS_MANUAL ||
					s == STATUS_WAIVED);
	set_bool(v, "has_evidence", res->n_evidence > 0);
	set_bool(v, "has_refs", rule->n_refs > 0);
	set_int(v, "index", (int64_t)index);
	if (rule->remediation)
		set_str(v, "remediation", rule->remediation);

	struct value *refs = value_new_list();
	struct strbuf short_ref = STRBUF_INIT;
	for (size_t i = 0; i < rule->n_refs; i++) {
		_cleanup_free_ char *ids = strv_join(rule->refs[i].ids, ", ");
		_cleanup_free_ char *name = ref_name(rule->refs[i].name ? rule->refs[i].name : "");
		struct value *m = append_map(refs);
		set_str(m, "name", name);
		set_str(m, "ids", ids);
		if (i == 0 && *ids)
			strbuf_adds(&short_ref, ids);
	}
	value_map_set(v, "refs_list", refs);
	set_str(v, "ref_short", short_ref.buf);
	strbuf_release(&short_ref);

	struct value *ev = (struct value *)value_map_get(v, "evidence");
	for (size_t i = 0; ev && ev->type == VALUE_LIST && i < ev->list.n && i < res->n_evidence;
	     i++) {
		const struct evidence *e = &res->evidence[i];
		struct value *m = ev->list.items[i];
		const struct value *src = value_map_get(m, "source");
		const char *source = src && src->type == VALUE_STRING ? src->s : "";
		if (e->line > 0 && e->col > 0)
			set_strf(m, "where", "%s:%d:%d", source, e->line, e->col);
		else if (e->line > 0)
			set_strf(m, "where", "%s:%d", source, e->line);
		else
			set_str(m, "where", source);
	}

	struct value *objs = (struct value *)value_map_get(v, "objects");
	size_t n_bad = 0;
	bool has_ids = false, has_images = false;
	for (size_t i = 0; objs && objs->type == VALUE_LIST && i < objs->list.n &&
			   i < res->n_objects;
	     i++) {
		enum status os = status_valid(res->objects[i].status) ? res->objects[i].status
									: STATUS_ERROR;
		set_str(objs->list.items[i], "status_label", status_labels[os]);
		if (!value_map_get(objs->list.items[i], "image")) /* not another context's */
			value_map_set(objs->list.items[i], "image", value_new_null());
		/* the id column only when it says more than the name (files: the same path) */
		const char *id = res->objects[i].id;
		if (id && *id && !streq_ptr(id, res->objects[i].name))
			has_ids = true;
		if (res->objects[i].image)
			has_images = true;
		if (id && strlen(id) > SHORT_ID_LEN && res->objects[i].kind &&
		    STREQ(res->objects[i].kind, "container")) {
			_cleanup_free_ char *short_id = xstrndup(id, SHORT_ID_LEN);
			set_str(objs->list.items[i], "short_id", short_id);
		} else {
			set_str(objs->list.items[i], "short_id", id);
		}
		if (os == STATUS_FAIL || os == STATUS_ERROR)
			n_bad++;
	}
	set_int(v, "n_objects", (int64_t)res->n_objects);
	set_int(v, "n_objects_failing", (int64_t)n_bad);
	set_bool(v, "has_ids", has_ids);
	set_bool(v, "has_images", has_images);
	if (objs && objs->type == VALUE_LIST)
		sort_objects(objs);

	struct value *w = (struct value *)value_map_get(v, "waiver");
	if (w && w->type == VALUE_MAP) {
		set_str(w, "waiver_class", res->waiver_expired ? "expired" : "active");
		set_str(w, "waiver_title",
			res->waiver_expired ? "Waiver expired (not counted):" : "Waived:");
	}

	struct value *fix = (struct value *)value_map_get(v, "fix");
	if (fix && fix->type == VALUE_MAP && r->plan)
		add_plan(fix, r->plan, rule);
	return v;
}

static void add_count(struct strbuf *sb, size_t n, const char *verb, const char *one,
		      const char *many)
{
	if (n == 0)
		return;
	strbuf_addf(sb, "%s%s %zu %s", sb->len ? ", " : "", verb, n, n == 1 ? one : many);
}

/* "write 3 files, change the owner or mode of 1 path, then restart dockerd" */
static char *plan_sentence(const struct plan *p, const size_t n_kind[_CHANGE_KIND_MAX])
{
	struct strbuf sb = STRBUF_INIT;
	add_count(&sb, n_kind[CHANGE_FILE], "write", "file", "files");
	add_count(&sb, n_kind[CHANGE_ATTR], "change the owner or mode of", "path", "paths");
	add_count(&sb, n_kind[CHANGE_SYSCTL] + n_kind[CHANGE_SELINUX], "set", "live value",
		  "live values");
	add_count(&sb, n_kind[CHANGE_COMMAND], "run", "command", "commands");
	if (p->restart)
		strbuf_adds(&sb, sb.len ? ", then restart dockerd" : "restart dockerd");
	return strbuf_detach(&sb);
}

/* ---- sections ---- */

struct ordered {
	const struct result *res;
	size_t index;
};

static int cmp_rules(const void *a, const void *b)
{
	const struct ordered *x = a, *y = b;
	size_t rx = status_rank(x->res->status), ry = status_rank(y->res->status);
	if (rx != ry)
		return rx < ry ? -1 : 1;
	if (x->res->rule->severity != y->res->rule->severity)
		return x->res->rule->severity > y->res->rule->severity ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

static int cmp_sections(const void *a, const void *b)
{
	const struct tally *x = a, *y = b;
	int gx = x->by_status[STATUS_FAIL] ? 0 : x->by_status[STATUS_ERROR] ? 1 : 2;
	int gy = y->by_status[STATUS_FAIL] ? 0 : y->by_status[STATUS_ERROR] ? 1 : 2;
	if (gx != gy)
		return gx < gy ? -1 : 1;
	if (x->worst_fail != y->worst_fail)
		return x->worst_fail > y->worst_fail ? -1 : 1;
	if (x->by_status[STATUS_FAIL] != y->by_status[STATUS_FAIL])
		return x->by_status[STATUS_FAIL] > y->by_status[STATUS_FAIL] ? -1 : 1;
	return x->first < y->first ? -1 : x->first > y->first;
}

static const char *section_of(const struct result *res)
{
	return res->rule->section ? res->rule->section : "other";
}

/* ---- the view ---- */

struct value *report_html_view(const struct report *r)
{
	struct value *report = report_to_value(r);
	const struct value *json_results = value_map_get(report, "results");
	struct value *view = value_new_map();

	/* tallies: per section (in first-use order, then sorted) and per severity */
	struct tally *sections = NULL;
	size_t n_sections = 0;
	struct tally sev[_SEVERITY_MAX];
	for (size_t i = 0; i < _SEVERITY_MAX; i++)
		sev[_SEVERITY_MAX - 1 - i] = (struct tally){
			.name = (char *)severity_to_string((enum severity)i), .worst_fail = -1};
	for (size_t i = 0; i < r->n_results; i++) {
		const struct result *res = &r->results[i];
		const char *name = section_of(res);
		struct tally *t = NULL;
		for (size_t k = 0; k < n_sections && !t; k++)
			if (STREQ(sections[k].name, name))
				t = &sections[k];
		if (!t) {
			t = GROW(sections, n_sections);
			t->name = xstrdup(name);
			t->worst_fail = -1;
			t->first = i;
		}
		tally_add(t, res);
		if (severity_valid(res->rule->severity))
			tally_add(&sev[_SEVERITY_MAX - 1 - res->rule->severity], res);
	}
	if (n_sections > 1)
		qsort(sections, n_sections, sizeof(*sections), cmp_sections);

	char started[32];
	format_iso8601(r->started, started);
	set_strf(view, "title", "dockward report: %s", r->hostname ? r->hostname : "unknown host");
	set_str(view, "started", started);
	set_int(view, "n_rules", (int64_t)r->n_results);
	if (r->baseline && r->baseline->sha256[0]) {
		_cleanup_free_ char *sha = xstrndup(r->baseline->sha256, SHORT_ID_LEN);
		set_str(view, "baseline_sha_short", sha);
	}

	/* score: the gauge is a circle whose stroke dash is the pass share of its circumference */
	size_t decided = r->summary[STATUS_PASS] + r->summary[STATUS_FAIL];
	double score = report_score(r);
	struct value *sc = value_new_map();
	set_int(sc, "percent", (int64_t)score); /* truncated: 99.6% is not 100% */
	set_int(sc, "decided", (int64_t)decided);
	set_int(sc, "pass", (int64_t)r->summary[STATUS_PASS]);
	set_bool(sc, "none_decided", decided == 0);
	set_str(sc, "grade", score >= 90 ? "good" : score >= 60 ? "fair" : "poor");
	double circ = 2 * M_PI * GAUGE_RADIUS;
	_cleanup_free_ char *dash = num(circ * score / 100), *rest = num(circ);
	set_strf(sc, "dash", "%s %s", dash, rest);
	set_num(sc, "r", GAUGE_RADIUS);
	value_map_set(view, "score", sc);

	value_map_set(view, "totals", status_counts(r->summary, true));

	struct value *sevs = value_new_list();
	for (size_t i = 0; i < _SEVERITY_MAX; i++) {
		struct value *m = append_map(sevs);
		enum severity s = (enum severity)(_SEVERITY_MAX - 1 - i);
		set_str(m, "severity", severity_to_string(s));
		set_str(m, "label", severity_labels[s]);
		set_int(m, "count", (int64_t)sev[i].total);
		set_int(m, "failing", (int64_t)sev[i].by_status[STATUS_FAIL]);
	}
	value_map_set(view, "severities", sevs);

	struct value *charts = value_new_map();
	value_map_set(charts, "severity", chart(sev, _SEVERITY_MAX));
	value_map_set(charts, "section", chart(sections, n_sections));
	value_map_set(view, "charts", charts);

	/* sections, and their rules in page order */
	struct value *secs = value_new_list();
	struct ordered *order = r->n_results ? xcalloc(r->n_results, sizeof(*order)) : NULL;
	for (size_t k = 0; k < n_sections; k++) {
		size_t n = 0;
		for (size_t i = 0; i < r->n_results; i++)
			if (STREQ(section_of(&r->results[i]), sections[k].name))
				order[n++] = (struct ordered){&r->results[i], i};
		qsort(order, n, sizeof(*order), cmp_rules);
		struct value *m = append_map(secs);
		set_str(m, "name", sections[k].name);
		set_int(m, "total", (int64_t)sections[k].total);
		set_int(m, "failing", (int64_t)sections[k].by_status[STATUS_FAIL]);
		value_map_set(m, "counts", status_counts(sections[k].by_status, false));
		struct value *rules = value_new_list();
		for (size_t i = 0; i < n; i++) {
			const struct value *json = json_results && json_results->type == VALUE_LIST &&
							   order[i].index < json_results->list.n
						   ? json_results->list.items[order[i].index]
						   : NULL;
			if (json)
				value_list_append(rules, rule_view(r, order[i].res, json,
								   order[i].index));
		}
		value_map_set(m, "rules", rules);
	}
	free(order);
	value_map_set(view, "sections", secs);

	/* the plan as a whole */
	struct value *plan = value_new_map();
	set_bool(plan, "present", r->plan != NULL);
	if (r->plan) {
		const struct plan *p = r->plan;
		size_t n_kind[_CHANGE_KIND_MAX] = {0};
		for (size_t i = 0; i < p->n_changes; i++)
			if (p->changes[i].kind >= 0 && p->changes[i].kind < _CHANGE_KIND_MAX)
				n_kind[p->changes[i].kind]++;
		set_bool(plan, "empty", plan_is_empty(p));
		_cleanup_free_ char *summary = plan_sentence(p, n_kind);
		set_str(plan, "summary", summary);
		set_int(plan, "files", (int64_t)n_kind[CHANGE_FILE]);
		set_int(plan, "attrs", (int64_t)n_kind[CHANGE_ATTR]);
		set_int(plan, "live", (int64_t)(n_kind[CHANGE_SYSCTL] + n_kind[CHANGE_SELINUX]));
		set_int(plan, "commands", (int64_t)n_kind[CHANGE_COMMAND]);
		size_t n_planned = strv_length(p->rules_planned);
		set_int(plan, "rules", (int64_t)n_planned);
		set_strf(plan, "rules_text", "%zu failing rule%s", n_planned,
			 n_planned == 1 ? "" : "s");
		set_bool(plan, "restart", p->restart);
		struct value *errs = value_new_list();
		for (size_t i = 0; i < p->errors.n; i++) {
			_cleanup_free_ char *line = diag_format(&p->errors.items[i]);
			value_list_append(errs, value_new_string(line));
		}
		value_map_set(plan, "errors", errs);
		struct value *changes = value_new_list();
		for (size_t i = 0; i < p->n_changes; i++)
			value_list_append(changes, change_view(&p->changes[i], i, true));
		value_map_set(plan, "changes", changes);
		struct value *notes = value_new_list();
		for (size_t i = 0; i < p->n_notes; i++) {
			if (p->notes[i].rule_id)
				continue; /* shown under their rule */
			struct value *m = append_map(notes);
			set_str(m, "kind", note_kind_to_string(p->notes[i].kind));
			set_str(m, "text", p->notes[i].text);
		}
		set_bool(plan, "has_details", p->n_changes > 0 || notes->list.n > 0);
		value_map_set(plan, "notes", notes);
	}
	value_map_set(view, "plan", plan);

	for (size_t k = 0; k < n_sections; k++)
		free(sections[k].name);
	free(sections);
	value_map_set(view, "report", report);
	clean_tree(view);
	return view;
}

int report_render_html(const struct report *r, const struct template *t, FILE *out,
		       char **ret_error)
{
	struct value *view = report_html_view(r);
	int ret = template_render(t, view, out, ret_error);
	value_free(view);
	if (ret >= 0 && ferror(out))
		ret = -EIO;
	return ret;
}

/* The renderer table's entry: the embedded template. The CLI parses the template itself (to
 * report a --template FILE's errors before the audit); this path serves the other callers. */
static int render(const struct report *r, unsigned flags, FILE *out)
{
	(void)flags; /* the page is always complete; colour is the page's */
	const struct embedded_template *e = embedded_template_find(TEMPLATE_HTML_REPORT);
	if (!e)
		return -ENOENT;
	struct diags diags = {0};
	struct template *t = NULL;
	int ret = template_parse(e->name, e->data, e->len, embedded_template_partial, NULL, &diags,
				 &t);
	diags_release(&diags);
	if (ret < 0)
		return ret; /* a broken embedded template: the build's test catches it */
	_cleanup_free_ char *err = NULL;
	ret = report_render_html(r, t, out, &err);
	template_free(t);
	return ret;
}

const struct renderer renderer_html = {.name = "html", .render = render};
