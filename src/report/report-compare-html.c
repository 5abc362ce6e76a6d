/* report-compare-html.c: `report diff` and `report merge` as self-contained HTML pages,
 * rendered from the built-in templates/report-diff.html.tmpl and templates/fleet.html.tmpl
 * (which include the audit report's report.css, so the three pages look alike).
 *
 * As in render-html.c, this file builds the view model, the value tree that a template reads,
 * so that the templates only lay things out: labels, CSS class names, bar geometry and the
 * text of each line are computed here. The views (the field lists are in the templates' header
 * comments):
 *
 *   diff   the two reports (file, time, baseline, counts, score), notes (another baseline,
 *          another host), a tile per kind of change, the changed rules grouped by kind (each
 *          with expected/observed and what they were, evidence marked added or removed, and
 *          its objects), and the objects summed up over the whole reports;
 *   fleet  the hosts (worst first, with score, counts and a row of the matrix each), the rules
 *          (worst first, with counts and a bar of hosts by status), the matrix's columns.
 *
 * Hostile strings: the template escapes every value for where it stands. What is done here is
 * what escaping cannot do: invalid UTF-8 becomes U+FFFD, and control characters and bidi
 * overrides, which would hide or reorder text on the page, are shown as escapes ("\x1b",
 * "\u202e"). Newlines and tabs stay. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "report-compare.h"
#include "report.h"
#include "template.h"
#include "templates.h"

#define TEMPLATE_DIFF "report-diff.html.tmpl"
#define TEMPLATE_FLEET "fleet.html.tmpl"
#define REPLACEMENT_CHARACTER "\xef\xbf\xbd"
#define SHORT_ID_LEN 12 /* container ids as docker ps shows them */

static const char *const status_labels[] = {
	[STATUS_PASS] = "PASS",     [STATUS_FAIL] = "FAIL",     [STATUS_ERROR] = "ERROR",
	[STATUS_NOT_APPLICABLE] = "N/A", [STATUS_WAIVED] = "WAIVED", [STATUS_MANUAL] = "MANUAL",
};
_Static_assert(ELEMENTSOF(status_labels) == _STATUS_MAX, "status_labels");

static const char *status_label(enum status s)
{
	return s >= 0 && s < _STATUS_MAX ? status_labels[s] : "?";
}

/* ---- values ---- */

static bool is_hidden(uint32_t cp)
{
	return (cp < 0x20 && cp != '\n' && cp != '\t') || (cp >= 0x7f && cp <= 0x9f) ||
	       cp == 0x061c || cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

/* A string value safe to show (see the header), or null for NULL. */
static struct value *vs(const char *s)
{
	if (!s)
		return value_new_null();
	struct strbuf sb = STRBUF_INIT;
	while (*s) {
		uint32_t cp;
		size_t len = text_utf8_decode(s, &cp);
		if (len == 0) {
			strbuf_adds(&sb, REPLACEMENT_CHARACTER);
			s++;
		} else {
			if (is_hidden(cp) && cp < 0x80)
				strbuf_addf(&sb, "\\x%02x", (unsigned)cp);
			else if (is_hidden(cp))
				strbuf_addf(&sb, "\\u%04x", (unsigned)cp);
			else
				strbuf_add(&sb, s, len);
			s += len;
		}
	}
	struct value *v = value_new_string(sb.buf ? sb.buf : "");
	strbuf_release(&sb);
	return v;
}

static void set(struct value *map, const char *key, struct value *v)
{
	value_map_set(map, key, v);
}

static void set_s(struct value *map, const char *key, const char *s)
{
	set(map, key, vs(s));
}

static void set_i(struct value *map, const char *key, int64_t i)
{
	set(map, key, value_new_int(i));
}

static void set_b(struct value *map, const char *key, bool b)
{
	set(map, key, value_new_bool(b));
}

static void set_f(struct value *map, const char *key, const char *fmt, ...) _printf_(3, 4);
static void set_f(struct value *map, const char *key, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	_cleanup_free_ char *s = xvasprintf(fmt, ap);
	va_end(ap);
	set_s(map, key, s);
}

static struct value *append_map(struct value *list)
{
	struct value *m = value_new_map();
	value_list_append(list, m);
	return m;
}

/* The score, cut to one decimal as the text says it. */
static void set_score(struct value *map, double score)
{
	unsigned tenths = !(score > 0) ? 0 : score >= 100 ? 1000 : (unsigned)(score * 10.0);
	if (tenths % 10)
		set_f(map, "score", "%u.%u", tenths / 10, tenths % 10);
	else
		set_f(map, "score", "%u", tenths / 10);
	set_s(map, "grade", score >= 90 ? "good" : score >= 60 ? "fair" : "poor");
}

static char *baseline_text(const char *id, int64_t version)
{
	if (version >= 0)
		return xasprintf("%s v%lld", id ? id : "?", (long long)version);
	return xstrdup(id ? id : "?");
}

static struct value *counts_list(const size_t summary[_STATUS_MAX])
{
	static const enum status order[] = {
		STATUS_FAIL, STATUS_ERROR, STATUS_MANUAL, STATUS_WAIVED, STATUS_PASS,
		STATUS_NOT_APPLICABLE,
	};
	_Static_assert(ELEMENTSOF(order) == _STATUS_MAX, "order");
	struct value *l = value_new_list();
	for (size_t i = 0; i < ELEMENTSOF(order); i++) {
		struct value *c = append_map(l);
		set_s(c, "status", status_to_string(order[i]));
		set_s(c, "label", status_label(order[i]));
		set_i(c, "count", (int64_t)summary[order[i]]);
	}
	return l;
}

static void set_object_name(struct value *m, const struct loaded_object *o)
{
	set_s(m, "kind", o->kind ? o->kind : "?");
	set_s(m, "name", o->name ? o->name : o->id ? o->id : "?");
	_cleanup_free_ char *short_id = o->id && o->name && !STREQ(o->id, o->name)
						? xstrndup(o->id, SHORT_ID_LEN)
						: NULL;
	set_s(m, "short_id", short_id);
	set_s(m, "image", o->image);
}

/* ---- diff ---- */

static const struct {
	const char *heading, *tile;
} change_words[] = {
	[DIFF_NEW_FAILURE] = {"New failures", "new failures"},
	[DIFF_FIXED] = {"Fixed", "fixed"},
	[DIFF_STATUS_CHANGED] = {"Status changed", "status changed"},
	[DIFF_CHANGED] = {"Changed, same status", "changed"},
	[DIFF_ADDED] = {"Added to the baseline", "added"},
	[DIFF_REMOVED] = {"Removed from the baseline", "removed"},
};
_Static_assert(ELEMENTSOF(change_words) == _DIFF_CHANGE_MAX, "change_words");

static const char *const object_change_labels[] = {
	[OBJECT_APPEARED] = "appeared",
	[OBJECT_DISAPPEARED] = "disappeared",
	[OBJECT_STATUS_CHANGED] = "verdict changed",
	[OBJECT_CHANGED] = "changed",
};
_Static_assert(ELEMENTSOF(object_change_labels) == _OBJECT_CHANGE_MAX, "object_change_labels");

static struct value *side_view(const struct report_file *r)
{
	struct value *s = value_new_map();
	set_s(s, "file", r->file);
	set_s(s, "hostname", r->hostname);
	set_s(s, "started", r->started);
	_cleanup_free_ char *b = baseline_text(r->baseline_id, r->baseline_version);
	set_s(s, "baseline", b);
	set_s(s, "sha256", r->baseline_sha256);
	set_score(s, report_file_score(r));
	set(s, "counts", counts_list(r->summary));
	return s;
}

static char *evidence_where(const struct loaded_evidence *e)
{
	const char *src = e->source ? e->source : "?";
	if (e->line > 0 && e->col > 0)
		return xasprintf("%s:%lld:%lld", src, (long long)e->line, (long long)e->col);
	if (e->line > 0)
		return xasprintf("%s:%lld", src, (long long)e->line);
	return xstrdup(src);
}

static bool evidence_same(const struct loaded_evidence *a, const struct loaded_evidence *b)
{
	return streq_ptr(a->source, b->source) && streq_ptr(a->detail, b->detail) &&
	       a->line == b->line && a->col == b->col;
}

static void add_evidence_row(struct value *list, const struct loaded_evidence *e, const char *mark,
			     const char *cls)
{
	struct value *m = append_map(list);
	set_s(m, "mark", mark);
	set_s(m, "cls", cls);
	_cleanup_free_ char *where = evidence_where(e);
	set_s(m, "where", where);
	set_s(m, "detail", e->detail);
}

/* The new evidence, each entry marked "+" when the old list does not have it, then the old
 * entries the new list does not have, marked "-". Quadratic in the lists, which are short;
 * beyond EVIDENCE_MARK_MAX entries they are listed unmarked. */
#define EVIDENCE_MARK_MAX 256
static struct value *evidence_view(const struct rule_diff *rd)
{
	struct value *l = value_new_list();
	const struct loaded_result *o = rd->old, *n = rd->new;
	if (!o || !n) {
		const struct loaded_result *res = n ? n : o;
		for (size_t i = 0; i < res->n_evidence; i++)
			add_evidence_row(l, &res->evidence[i], "", "");
		return l;
	}
	bool mark = (rd->fields & DIFF_FIELD_EVIDENCE) && o->n_evidence <= EVIDENCE_MARK_MAX &&
		    n->n_evidence <= EVIDENCE_MARK_MAX;
	for (size_t i = 0; i < n->n_evidence; i++) {
		bool common = !mark;
		for (size_t j = 0; !common && j < o->n_evidence; j++)
			common = evidence_same(&n->evidence[i], &o->evidence[j]);
		add_evidence_row(l, &n->evidence[i], common ? "" : "+", common ? "" : "add");
	}
	for (size_t j = 0; mark && j < o->n_evidence; j++) {
		bool common = false;
		for (size_t i = 0; !common && i < n->n_evidence; i++)
			common = evidence_same(&n->evidence[i], &o->evidence[j]);
		if (!common)
			add_evidence_row(l, &o->evidence[j], "-", "del");
	}
	return l;
}

static void add_row(struct value *rows, const char *label, const char *text, const char *cls)
{
	struct value *m = append_map(rows);
	set_s(m, "label", label);
	set_s(m, "text", text ? text : "(none)");
	set_s(m, "cls", cls);
}

static struct value *rule_view(const struct rule_diff *rd)
{
	const struct loaded_result *o = rd->old, *n = rd->new, *cur = n ? n : o;
	struct value *m = value_new_map();
	set_s(m, "id", cur->id);
	set_s(m, "title", cur->title);
	set_s(m, "severity", severity_to_string(cur->severity));
	set_s(m, "status", status_to_string(cur->status));
	set_s(m, "status_label", status_label(cur->status));
	set_s(m, "change", diff_change_to_string(rd->change));
	bool was = o && n && o->status != n->status;
	set_s(m, "was_status", was ? status_to_string(o->status) : NULL);
	set_s(m, "was_label", was ? status_label(o->status) : NULL);
	set_s(m, "note", rd->change == DIFF_REMOVED ? "removed" : !o ? "new rule" : "");

	struct strbuf fields = STRBUF_INIT;
	for (int f = 0; f < _DIFF_FIELD_COUNT; f++)
		if (rd->fields & (1u << f))
			strbuf_addf(&fields, "%s%s", fields.len ? ", " : "",
				    diff_field_to_string((enum diff_fields)(1u << f)));
	set_s(m, "fields", fields.buf ? fields.buf : "");
	strbuf_release(&fields);

	struct value *rows = value_new_list();
	if (rd->fields & DIFF_FIELD_SEVERITY) {
		_cleanup_free_ char *t = xasprintf("%s (was %s)", severity_to_string(n->severity),
						   severity_to_string(o->severity));
		add_row(rows, "Severity", t, "");
	}
	add_row(rows, "Expected", cur->expected, "");
	if (rd->fields & DIFF_FIELD_EXPECTED)
		add_row(rows, "Expected before", o->expected, "before");
	add_row(rows, "Observed", cur->observed, "");
	if (rd->fields & DIFF_FIELD_OBSERVED)
		add_row(rows, "Observed before", o->observed, "before");
	set(m, "rows", rows);

	struct value *ev = evidence_view(rd);
	set_b(m, "has_evidence", ev->list.n > 0);
	set(m, "evidence", ev);

	struct value *objs = value_new_list();
	for (size_t i = 0; i < rd->n_objects; i++) {
		const struct object_diff *od = &rd->objects[i];
		const struct loaded_object *x = od->new ? od->new : od->old;
		struct value *j = append_map(objs);
		set_object_name(j, x);
		set_s(j, "change", object_change_to_string(od->change));
		set_s(j, "change_label", object_change_labels[od->change]);
		set_s(j, "status", status_to_string(x->status));
		set_s(j, "status_label", status_label(x->status));
		bool changed = od->old && od->new && od->old->status != od->new->status;
		set_s(j, "was_status", changed ? status_to_string(od->old->status) : NULL);
		set_s(j, "was_label", changed ? status_label(od->old->status) : NULL);
		set_s(j, "observed", x->observed);
		bool before = od->old && od->new && !streq_ptr(od->old->observed, od->new->observed);
		set_s(j, "before", !before ? NULL : od->old->observed ? od->old->observed : "(none)");
	}
	set_b(m, "has_objects", objs->list.n > 0);
	set(m, "objects", objs);
	return m;
}

static struct value *object_summary_view(const struct object_summary *x)
{
	const struct loaded_object *o = x->new ? x->new : x->old;
	struct value *m = value_new_map();
	set_object_name(m, o);
	set_s(m, "change", object_change_to_string(x->change));
	set_s(m, "change_label", object_change_labels[x->change]);
	struct strbuf t = STRBUF_INIT;
	if (x->change == OBJECT_APPEARED && x->n_rules)
		strbuf_addf(&t, "fails %zu %s", x->n_rules, x->n_rules == 1 ? "rule" : "rules");
	else if (x->change == OBJECT_DISAPPEARED && x->n_rules)
		strbuf_addf(&t, "failed %zu %s", x->n_rules, x->n_rules == 1 ? "rule" : "rules");
	else if (x->change == OBJECT_CHANGED)
		strbuf_adds(&t, "same verdicts");
	if (x->old && x->new && !streq_ptr(x->old->id, x->new->id))
		strbuf_addf(&t, "%srecreated, id %.12s (was %.12s)", t.len ? "; " : "",
			    x->new->id ? x->new->id : "none", x->old->id ? x->old->id : "none");
	if (x->old && x->new && !streq_ptr(x->old->image, x->new->image))
		strbuf_addf(&t, "%simage %s (was %s)", t.len ? "; " : "",
			    x->new->image ? x->new->image : "none",
			    x->old->image ? x->old->image : "none");
	set_s(m, "text", t.buf ? t.buf : "");
	strbuf_release(&t);
	struct value *rules = value_new_list();
	for (size_t k = 0; k < x->n_rules; k++) {
		const struct object_rule_status *r = &x->rules[k];
		struct value *j = append_map(rules);
		set_s(j, "id", r->rule_id);
		/* Every key is set (null when absent): a missing one would be looked up in the
		 * enclosing contexts. */
		set_s(j, "old", r->old >= 0 ? status_to_string(r->old) : NULL);
		set_s(j, "old_label", r->old >= 0 ? status_label(r->old) : NULL);
		set_s(j, "new", r->new >= 0 ? status_to_string(r->new) : NULL);
		set_s(j, "new_label", r->new >= 0 ? status_label(r->new) : NULL);
	}
	set(m, "rules", rules);
	return m;
}

struct value *report_diff_html_view(const struct report_diff *d, const char *tool_version)
{
	struct value *v = value_new_map();
	const char *host = d->new->hostname ? d->new->hostname
					    : d->old->hostname ? d->old->hostname : "unknown host";
	set_f(v, "title", "dockward: drift on %s", host);
	set_s(v, "host", host);
	set_s(v, "root", d->new->root);
	set_s(v, "tool_version", tool_version);
	set_s(v, "schema", REPORT_DIFF_SCHEMA);
	set(v, "old", side_view(d->old));
	set(v, "new", side_view(d->new));

	struct value *notes = value_new_list();
	if (d->old->hostname && d->new->hostname && !STREQ(d->old->hostname, d->new->hostname)) {
		_cleanup_free_ char *t = xasprintf("The reports are of two hosts: %s and %s.",
						   d->old->hostname, d->new->hostname);
		value_list_append(notes, vs(t));
	}
	_cleanup_free_ char *ob = baseline_text(d->old->baseline_id, d->old->baseline_version);
	_cleanup_free_ char *nb = baseline_text(d->new->baseline_id, d->new->baseline_version);
	if (!STREQ(ob, nb)) {
		_cleanup_free_ char *t = xasprintf("The baseline changed: %s, then %s.", ob, nb);
		value_list_append(notes, vs(t));
	} else if (d->old->baseline_sha256 && d->new->baseline_sha256 &&
		   !STREQ(d->old->baseline_sha256, d->new->baseline_sha256)) {
		value_list_append(notes, vs("The baseline changed without a new version (another "
					    "sha256)."));
	}
	set(v, "notes", notes);

	struct value *tiles = value_new_list();
	for (int c = 0; c < _DIFF_CHANGE_MAX; c++) {
		struct value *t = append_map(tiles);
		set_s(t, "key", diff_change_to_string((enum diff_change)c));
		set_s(t, "label", change_words[c].tile);
		set_i(t, "count", (int64_t)d->counts[c]);
	}
	struct value *t = append_map(tiles);
	set_s(t, "key", "unchanged");
	set_s(t, "label", "unchanged");
	set_i(t, "count", (int64_t)d->unchanged);
	set(v, "tiles", tiles);
	set_i(v, "new_failures", (int64_t)d->counts[DIFF_NEW_FAILURE]);

	struct value *groups = value_new_list();
	size_t i = 0;
	for (int c = 0; c < _DIFF_CHANGE_MAX; c++) {
		size_t n = d->counts[c];
		if (n) {
			struct value *g = append_map(groups);
			set_s(g, "key", diff_change_to_string((enum diff_change)c));
			set_s(g, "heading", change_words[c].heading);
			set_i(g, "count", (int64_t)n);
			struct value *rules = value_new_list();
			for (size_t k = i; k < i + n; k++)
				value_list_append(rules, rule_view(&d->rules[k]));
			set(g, "rules", rules);
		}
		i += n;
	}
	set(v, "groups", groups);

	struct value *objects = value_new_list();
	for (size_t k = 0; k < d->n_objects; k++)
		value_list_append(objects, object_summary_view(&d->objects[k]));
	set_i(v, "n_objects", (int64_t)d->n_objects);
	set(v, "objects", objects);
	struct value *ot = value_new_list();
	for (int c = 0; c < _OBJECT_CHANGE_MAX; c++) {
		struct value *x = append_map(ot);
		set_s(x, "key", object_change_to_string((enum object_change)c));
		set_s(x, "label", object_change_labels[c]);
		set_i(x, "count", (int64_t)d->object_counts[c]);
	}
	set(v, "object_counts", ot);
	return v;
}

/* ---- fleet ---- */

/* A bar of hosts by status: SVG rects in a 0..100 wide box. */
static struct value *bar_view(const size_t counts[_STATUS_MAX], size_t absent, size_t total)
{
	static const enum status order[] = {
		STATUS_FAIL, STATUS_ERROR, STATUS_MANUAL, STATUS_WAIVED, STATUS_PASS,
		STATUS_NOT_APPLICABLE,
	};
	struct value *l = value_new_list();
	size_t before = 0;
	for (size_t i = 0; i <= ELEMENTSOF(order); i++) {
		size_t n = i < ELEMENTSOF(order) ? counts[order[i]] : absent;
		if (!n || !total)
			continue;
		struct value *s = append_map(l);
		set_s(s, "status", i < ELEMENTSOF(order) ? status_to_string(order[i]) : "absent");
		/* Edges at before/total and (before + n)/total, in hundredths, so bars add up. */
		unsigned x0 = (unsigned)(before * 10000 / total);
		unsigned x1 = (unsigned)((before + n) * 10000 / total);
		set_f(s, "x", "%u.%02u", x0 / 100, x0 % 100);
		set_f(s, "w", "%u.%02u", (x1 - x0) / 100, (x1 - x0) % 100);
		set_f(s, "title", "%zu %s", n,
		      i < ELEMENTSOF(order) ? status_to_string(order[i]) : "without the rule");
		before += n;
	}
	return l;
}

struct value *fleet_html_view(const struct fleet *f, const char *tool_version)
{
	struct value *v = value_new_map();
	set_f(v, "title", "dockward: fleet of %zu %s", f->n_hosts, f->n_hosts == 1 ? "host" : "hosts");
	set_s(v, "tool_version", tool_version);
	set_s(v, "schema", FLEET_SCHEMA);
	set_i(v, "n_hosts", (int64_t)f->n_hosts);
	set_i(v, "n_rules", (int64_t)f->n_rules);
	set_i(v, "hosts_failing", (int64_t)f->hosts_failing);
	set_i(v, "rules_failing", (int64_t)f->rules_failing);

	struct value *baselines = value_new_list();
	for (size_t i = 0; i < f->n_baselines; i++) {
		struct value *b = append_map(baselines);
		_cleanup_free_ char *t = baseline_text(f->baselines[i].id, f->baselines[i].version);
		set_s(b, "text", t);
		set_i(b, "hosts", (int64_t)f->baselines[i].hosts);
	}
	set(v, "baselines", baselines);
	set_b(v, "several_baselines", f->n_baselines > 1);

	struct value *rules = value_new_list(), *columns = value_new_list();
	for (size_t k = 0; k < f->n_rules; k++) {
		const struct fleet_rule *rule = &f->rules[f->rule_order[k]];
		struct value *r = append_map(rules);
		set_i(r, "n", (int64_t)k + 1);
		set_s(r, "id", rule->id);
		set_s(r, "title", rule->title);
		set_s(r, "severity", severity_to_string(rule->severity));
		for (int s = 0; s < _STATUS_MAX; s++)
			set_i(r, status_to_string((enum status)s), (int64_t)rule->counts[s]);
		set_i(r, "absent", (int64_t)rule->absent);
		set(r, "bar", bar_view(rule->counts, rule->absent, f->n_hosts));
		struct value *c = append_map(columns);
		set_i(c, "n", (int64_t)k + 1);
		set_s(c, "id", rule->id);
		set_s(c, "status", rule->counts[STATUS_FAIL] ? "fail" : "");
	}
	set(v, "rules", rules);
	set(v, "columns", columns);

	struct value *hosts = value_new_list();
	for (size_t k = 0; k < f->n_hosts; k++) {
		const struct fleet_host *h = &f->hosts[f->host_order[k]];
		struct value *m = append_map(hosts);
		set_s(m, "label", h->hostname && *h->hostname ? h->hostname : h->file);
		set_s(m, "file", h->file);
		set_s(m, "root", h->root);
		set_s(m, "started", h->started);
		_cleanup_free_ char *b = baseline_text(h->baseline_id, h->baseline_version);
		set_s(m, "baseline", b);
		set_score(m, fleet_host_score(h));
		for (int s = 0; s < _STATUS_MAX; s++)
			set_i(m, status_to_string((enum status)s), (int64_t)h->summary[s]);
		struct value *cells = value_new_list();
		if (f->n_rules) {
			cells->list.items = xcalloc(f->n_rules, sizeof(struct value *));
			for (size_t j = 0; j < f->n_rules; j++) {
				size_t idx = f->rule_order[j];
				uint8_t st = idx < h->n_row ? h->row[idx] : FLEET_ABSENT;
				struct value *c = value_new_map();
				set_s(c, "s", st < _STATUS_MAX ? status_to_string((enum status)st)
							      : "absent");
				char letter[2] = {st < _STATUS_MAX ? fleet_status_letter(st) : ' ', 0};
				set_s(c, "l", letter);
				cells->list.items[cells->list.n++] = c;
			}
		}
		set(m, "cells", cells);
	}
	set(v, "hosts", hosts);
	return v;
}

/* ---- rendering ---- */

static int render(const char *name, struct value *view, FILE *out, char **ret_error)
{
	const struct embedded_template *e = embedded_template_find(name);
	if (!e) {
		*ret_error = xasprintf("no built-in template '%s'", name);
		return -ENOENT;
	}
	struct diags diags = {0};
	struct template *t = NULL;
	int r = template_parse(e->name, e->data, e->len, embedded_template_partial, NULL, &diags,
			       &t);
	if (r < 0) {
		*ret_error = diags.n ? diag_format(&diags.items[0])
				     : xasprintf("cannot parse template '%s'", name);
		diags_release(&diags);
		return r;
	}
	diags_release(&diags);
	r = template_render(t, view, out, ret_error);
	template_free(t);
	return r;
}

int report_diff_render_html(const struct report_diff *d, const char *tool_version, FILE *out,
			    char **ret_error)
{
	_cleanup_(value_freep) struct value *view = report_diff_html_view(d, tool_version);
	return render(TEMPLATE_DIFF, view, out, ret_error);
}

int fleet_render_html(const struct fleet *f, const char *tool_version, FILE *out,
		      char **ret_error)
{
	_cleanup_(value_freep) struct value *view = fleet_html_view(f, tool_version);
	return render(TEMPLATE_FLEET, view, out, ret_error);
}
