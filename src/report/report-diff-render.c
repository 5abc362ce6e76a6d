/* report-diff-render.c: `report diff` as text for people and as JSON (dockward-report-diff/1,
 * documented in include/report-compare.h).
 *
 * Text layout (every line fits 100 columns; hostile strings are escaped with text_escape()):
 *
 *   dockward report diff of dock1 (root /)
 *     old  old.json, started 2026-11-22T09:40:00Z, baseline docker-host v1
 *          30 pass, 56 fail, 0 error, 31 not applicable, 0 waived, 4 manual; score 34.8%
 *     new  new.json, started 2026-11-23T09:40:00Z, baseline docker-host-site v2
 *          34 pass, 51 fail, 0 error, 31 not applicable, 1 waived, 4 manual; score 40%
 *     note: the baseline changed: docker-host v1 -> docker-host-site v2
 *
 *   new failures (1)
 *     FAIL   critical files.docker-sock-mode  was PASS   The Docker socket permissions are...
 *        expected: /var/run/docker.sock: mode at most 0660
 *        observed: /var/run/docker.sock: root:docker 0666 (mode 0666 has bits 0006 beyond 0660)
 *          before: /var/run/docker.sock: root:docker 0660
 *       -evidence: var/run/docker.sock: root:docker 0660
 *       +evidence: var/run/docker.sock: root:docker 0666 (mode 0666 has bits 0006 beyond 0660)
 *          object: file /var/run/docker.sock: fail (was pass): root:docker 0666 (...)
 *
 *   fixed (4) ... status changed ... changed, same status ... added to the baseline ...
 *   removed from the baseline ...
 *
 *   objects (7)
 *     container web (bbbbbbbbbbbb) image busybox:1: appeared, fails 3 rules: containers.user, ...
 *     container sshd (3fc72f0609ed) image busybox:1: disappeared, failed 9 rules: ...
 *     container always (eeeeeeeeeeee) image busybox:1: same verdicts; recreated, id ... (was ...)
 *
 *   rules: 1 new failure, 4 fixed, 1 status changed, 36 changed, 1 added, 1 removed, 78 unchanged
 *   objects: 2 appeared, 2 disappeared, 2 changed verdict, 1 changed otherwise
 *   score: 34.8% -> 40%
 *
 * New failures and status changes show expected, observed and evidence; the other kinds show
 * what changed, and a rule lists only the objects that explain it (a verdict that changed, an
 * object that appeared failing) and counts the others, since the objects section lists each
 * object once (-v: everything). -q prints the new failures and the summary only. */
#include <errno.h>
#include <string.h>

#include "compare-util.h"
#include "report-compare.h"

#define INDENT_RULE 2
#define LABEL_END 15       /* labels are right-aligned to end here: "      +evidence: " */
#define SEVERITY_WIDTH 8   /* "critical" */
#define WAS_WIDTH 10       /* "was WAIVED" */
#define ID_COLUMN_MAX 32   /* longer ids push the rest of their line right ... */
#define ID_WIDTH_MAX 60    /* ... up to this: beyond, an id is hostile and cut */
#define OBJECTS_SHOWN_MAX 20 /* per rule, unless -v */

static const char *const headings[] = {
	[DIFF_NEW_FAILURE] = "new failures",
	[DIFF_FIXED] = "fixed",
	[DIFF_STATUS_CHANGED] = "status changed",
	[DIFF_CHANGED] = "changed, same status",
	[DIFF_ADDED] = "added to the baseline",
	[DIFF_REMOVED] = "removed from the baseline",
};
_Static_assert(ELEMENTSOF(headings) == _DIFF_CHANGE_MAX, "headings");

static const struct loaded_result *current(const struct rule_diff *rd)
{
	return rd->new ? rd->new : rd->old;
}

/* ---- text ---- */

/* "    label: text", the label right-aligned so that the texts line up. */
static void detail(struct strbuf *sb, const char *label, const char *text)
{
	size_t len = strlen(label) + 2;
	size_t pad = len < LABEL_END ? LABEL_END - len : 0;
	_cleanup_free_ char *prefix = xasprintf("%*s%s: ", (int)pad, "", label);
	compare_add_wrapped(sb, prefix, strlen(prefix), text ? text : "(none)");
}

static char *evidence_text(const struct loaded_evidence *e)
{
	const char *src = e->source ? e->source : "?";
	const char *det = e->detail ? e->detail : "";
	if (e->line > 0 && e->col > 0)
		return xasprintf("%s:%lld:%lld: %s", src, (long long)e->line, (long long)e->col,
				 det);
	if (e->line > 0)
		return xasprintf("%s:%lld: %s", src, (long long)e->line, det);
	return xasprintf("%s: %s", src, det);
}

struct text_item {
	char *text;
	size_t index;
	bool common;
};

static int cmp_item(const void *a, const void *b)
{
	const struct text_item *x = *(const struct text_item *const *)a;
	const struct text_item *y = *(const struct text_item *const *)b;
	int r = strcmp(x->text, y->text);
	return r ? r : x->index < y->index ? -1 : x->index > y->index;
}

static struct text_item *evidence_items(const struct loaded_result *res)
{
	struct text_item *items = xcalloc(res->n_evidence + 1, sizeof(*items));
	for (size_t i = 0; i < res->n_evidence; i++)
		items[i] = (struct text_item){evidence_text(&res->evidence[i]), i, false};
	return items;
}

static void items_free(struct text_item *items, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(items[i].text);
	free(items);
}

/* Marks the entries that both lists have (as multisets): sorted once, then walked together. */
static void mark_common(struct text_item *a, size_t na, struct text_item *b, size_t nb)
{
	_cleanup_free_ struct text_item **sa = xcalloc(na + 1, sizeof(*sa));
	_cleanup_free_ struct text_item **sb = xcalloc(nb + 1, sizeof(*sb));
	for (size_t i = 0; i < na; i++)
		sa[i] = &a[i];
	for (size_t i = 0; i < nb; i++)
		sb[i] = &b[i];
	qsort(sa, na, sizeof(*sa), cmp_item);
	qsort(sb, nb, sizeof(*sb), cmp_item);
	size_t i = 0, j = 0;
	while (i < na && j < nb) {
		int r = strcmp(sa[i]->text, sb[j]->text);
		if (r == 0) {
			sa[i++]->common = true;
			sb[j++]->common = true;
		} else if (r < 0) {
			i++;
		} else {
			j++;
		}
	}
}

static void add_evidence(struct strbuf *sb, const struct rule_diff *rd, bool full)
{
	if (!rd->old || !rd->new || !(rd->fields & DIFF_FIELD_EVIDENCE)) {
		if (!full)
			return;
		const struct loaded_result *res = current(rd);
		for (size_t i = 0; i < res->n_evidence; i++) {
			_cleanup_free_ char *t = evidence_text(&res->evidence[i]);
			detail(sb, "evidence", t);
		}
		return;
	}
	size_t no = rd->old->n_evidence, nn = rd->new->n_evidence;
	struct text_item *old = evidence_items(rd->old), *new = evidence_items(rd->new);
	mark_common(old, no, new, nn);
	for (size_t i = 0; i < no; i++)
		if (!old[i].common)
			detail(sb, "-evidence", old[i].text);
	for (size_t i = 0; i < nn; i++)
		if (!new[i].common || full)
			detail(sb, new[i].common ? "evidence" : "+evidence", new[i].text);
	items_free(old, no);
	items_free(new, nn);
}

static void add_object(struct strbuf *sb, const struct object_diff *od)
{
	const struct loaded_object *o = od->new ? od->new : od->old;
	const char *name = o->name ? o->name : o->id ? o->id : "?";
	bool both = o->name && o->id && !STREQ(o->name, o->id);
	struct strbuf t = STRBUF_INIT;
	strbuf_addf(&t, "%s %s", o->kind ? o->kind : "?", name);
	if (both)
		strbuf_addf(&t, " (%.12s)", o->id);
	if (o->image)
		strbuf_addf(&t, " image %s", o->image);
	strbuf_adds(&t, ": ");
	const char *observed = o->observed ? o->observed : "";
	switch (od->change) {
	case OBJECT_APPEARED:
		strbuf_addf(&t, "appeared, %s: %s", status_to_string(o->status), observed);
		break;
	case OBJECT_DISAPPEARED:
		strbuf_addf(&t, "disappeared (was %s)", status_to_string(o->status));
		break;
	case OBJECT_STATUS_CHANGED:
		strbuf_addf(&t, "%s (was %s): %s", status_to_string(o->status),
			    status_to_string(od->old->status), observed);
		break;
	case OBJECT_CHANGED:
	default:
		strbuf_addf(&t, "%s: %s", status_to_string(o->status), observed);
		if (!streq_ptr(od->old->observed, od->new->observed))
			strbuf_addf(&t, " (before: %s)", od->old->observed ? od->old->observed : "");
		if (!streq_ptr(od->old->id, od->new->id))
			strbuf_addf(&t, "; recreated, id %.12s (was %.12s)",
				    od->new->id ? od->new->id : "none",
				    od->old->id ? od->old->id : "none");
		if (!streq_ptr(od->old->image, od->new->image))
			strbuf_addf(&t, "; image %s (was %s)",
				    od->new->image ? od->new->image : "none",
				    od->old->image ? od->old->image : "none");
		break;
	}
	detail(sb, "object", t.buf);
	strbuf_release(&t);
}

/* The current value of a field, and "before" under it when it changed. */
static void add_field(struct strbuf *sb, const struct rule_diff *rd, const char *label,
		      unsigned field, const char *old, const char *new, bool full)
{
	bool changed = rd->old && rd->new && (rd->fields & field);
	if (!changed && !full)
		return;
	if (rd->new || full)
		detail(sb, label, rd->new ? new : old);
	if (changed)
		detail(sb, "before", old);
}

/* Without -v, a rule lists the objects that explain it (a verdict that changed, an object
 * that appeared failing) and counts the others; the objects section has them all once. */
static bool object_shown(const struct object_diff *od, bool verbose)
{
	return verbose || od->change == OBJECT_STATUS_CHANGED ||
	       (od->change == OBJECT_APPEARED && od->new->status == STATUS_FAIL);
}

static void add_rule_objects(struct strbuf *sb, const struct rule_diff *rd, bool verbose)
{
	size_t shown = 0, counts[_OBJECT_CHANGE_MAX] = {0};
	for (size_t i = 0; i < rd->n_objects; i++) {
		const struct object_diff *od = &rd->objects[i];
		if (!object_shown(od, verbose) || (!verbose && shown == OBJECTS_SHOWN_MAX)) {
			counts[od->change]++;
			continue;
		}
		add_object(sb, od);
		shown++;
	}
	if (counts[OBJECT_APPEARED] + counts[OBJECT_DISAPPEARED] + counts[OBJECT_STATUS_CHANGED] +
	    counts[OBJECT_CHANGED] == 0)
		return;
	struct strbuf t = STRBUF_INIT;
	static const char *const words[] = {
		[OBJECT_APPEARED] = "appeared",
		[OBJECT_DISAPPEARED] = "disappeared",
		[OBJECT_STATUS_CHANGED] = "changed verdict",
		[OBJECT_CHANGED] = "changed otherwise",
	};
	_Static_assert(ELEMENTSOF(words) == _OBJECT_CHANGE_MAX, "words");
	for (int c = 0; c < _OBJECT_CHANGE_MAX; c++)
		if (counts[c])
			strbuf_addf(&t, "%s%zu %s", t.len ? ", " : "", counts[c], words[c]);
	strbuf_adds(&t, " (-v lists them)");
	detail(sb, shown ? "and objects" : "objects", t.buf);
	strbuf_release(&t);
}

static void add_details(struct strbuf *sb, const struct rule_diff *rd, unsigned flags)
{
	bool verbose = flags & RENDER_VERBOSE;
	bool full = verbose || rd->change == DIFF_NEW_FAILURE || rd->change == DIFF_STATUS_CHANGED;
	if (rd->change == DIFF_REMOVED && !verbose)
		return;
	if (rd->fields & DIFF_FIELD_SEVERITY) {
		_cleanup_free_ char *t =
			xasprintf("%s (was %s)", severity_to_string(rd->new->severity),
				  severity_to_string(rd->old->severity));
		detail(sb, "severity", t);
	}
	const struct loaded_result *o = rd->old, *n = rd->new;
	add_field(sb, rd, "expected", DIFF_FIELD_EXPECTED, o ? o->expected : NULL,
		  n ? n->expected : NULL, full);
	add_field(sb, rd, "observed", DIFF_FIELD_OBSERVED, o ? o->observed : NULL,
		  n ? n->observed : NULL, full || rd->change == DIFF_FIXED);
	add_evidence(sb, rd, full);
	add_rule_objects(sb, rd, verbose);
}

/* The objects section: each object once, over every rule. */
static void add_object_summary(struct strbuf *sb, const struct object_summary *x)
{
	const struct loaded_object *o = x->new ? x->new : x->old;
	const char *name = o->name ? o->name : o->id ? o->id : "?";
	bool both = o->name && o->id && !STREQ(o->name, o->id);
	struct strbuf t = STRBUF_INIT;
	strbuf_addf(&t, "%s %s", o->kind ? o->kind : "?", name);
	if (both)
		strbuf_addf(&t, " (%.12s)", o->id);
	if (o->image)
		strbuf_addf(&t, " image %s", o->image);
	strbuf_adds(&t, ": ");
	switch (x->change) {
	case OBJECT_APPEARED:
	case OBJECT_DISAPPEARED: {
		bool appeared = x->change == OBJECT_APPEARED;
		strbuf_adds(&t, appeared ? "appeared" : "disappeared");
		if (x->n_rules)
			strbuf_addf(&t, ", %s %zu %s: ", appeared ? "fails" : "failed", x->n_rules,
				    x->n_rules == 1 ? "rule" : "rules");
		for (size_t k = 0; k < x->n_rules; k++)
			strbuf_addf(&t, "%s%s", k ? ", " : "", x->rules[k].rule_id);
		break;
	}
	case OBJECT_STATUS_CHANGED:
		for (size_t k = 0; k < x->n_rules; k++)
			strbuf_addf(&t, "%s%s %s (was %s)", k ? ", " : "", x->rules[k].rule_id,
				    status_to_string(x->rules[k].new),
				    status_to_string(x->rules[k].old));
		break;
	case OBJECT_CHANGED:
	default:
		strbuf_adds(&t, "same verdicts");
		break;
	}
	if (x->old && x->new && !streq_ptr(x->old->id, x->new->id))
		strbuf_addf(&t, "; recreated, id %.12s (was %.12s)", x->new->id ? x->new->id : "none",
			    x->old->id ? x->old->id : "none");
	if (x->old && x->new && !streq_ptr(x->old->image, x->new->image))
		strbuf_addf(&t, "; image %s (was %s)", x->new->image ? x->new->image : "none",
			    x->old->image ? x->old->image : "none");
	compare_add_wrapped(sb, "  ", 6, t.buf);
	strbuf_release(&t);
}

static void add_rule_line(struct strbuf *sb, const struct rule_diff *rd, size_t id_w,
			  unsigned flags)
{
	const struct loaded_result *res = current(rd);
	for (int k = 0; k < INDENT_RULE; k++)
		strbuf_addc(sb, ' ');
	compare_add_tag(sb, res->status, flags & RENDER_COLOR);
	strbuf_addc(sb, ' ');
	text_pad(sb, severity_to_string(res->severity), SEVERITY_WIDTH);
	strbuf_addc(sb, ' ');
	_cleanup_free_ char *id = text_fit(res->id, ID_WIDTH_MAX);
	size_t id_used = text_width(id) > id_w ? text_width(id) : id_w;
	text_pad(sb, id, id_used);
	strbuf_addc(sb, ' ');
	char was[32] = "";
	if (rd->change == DIFF_REMOVED)
		snprintf(was, sizeof(was), "removed");
	else if (!rd->old)
		snprintf(was, sizeof(was), "new rule");
	else if (rd->old->status != rd->new->status)
		snprintf(was, sizeof(was), "was %s", compare_status_tag(rd->old->status));
	text_pad(sb, was, WAS_WIDTH);
	strbuf_addc(sb, ' ');
	size_t used = INDENT_RULE + COMPARE_TAG_WIDTH + 1 + SEVERITY_WIDTH + 1 + id_used + 1 +
		      WAS_WIDTH + 1;
	size_t room = COMPARE_LINE_WIDTH > used + 10 ? COMPARE_LINE_WIDTH - used : 10;
	_cleanup_free_ char *title = text_fit(res->title ? res->title : "", room);
	strbuf_adds(sb, title);
	strbuf_addc(sb, '\n');
}

static void add_counts(struct strbuf *sb, const struct report_file *r)
{
	char score[16];
	compare_score_text(report_file_score(r), score);
	strbuf_addf(sb,
		    "%zu pass, %zu fail, %zu error, %zu not applicable, %zu waived, %zu manual; "
		    "score %s%%",
		    r->summary[STATUS_PASS], r->summary[STATUS_FAIL], r->summary[STATUS_ERROR],
		    r->summary[STATUS_NOT_APPLICABLE], r->summary[STATUS_WAIVED],
		    r->summary[STATUS_MANUAL], score);
}

static char *baseline_text(const struct report_file *r)
{
	if (r->baseline_version >= 0)
		return xasprintf("%s v%lld", r->baseline_id ? r->baseline_id : "?",
				 (long long)r->baseline_version);
	return xstrdup(r->baseline_id ? r->baseline_id : "?");
}

static void add_side(struct strbuf *sb, const char *label, const struct report_file *r)
{
	_cleanup_free_ char *base = baseline_text(r);
	_cleanup_free_ char *line = xasprintf("%s, started %s, baseline %s", r->file,
					      r->started ? r->started : "?", base);
	_cleanup_free_ char *prefix = xasprintf("  %s  ", label);
	compare_add_wrapped(sb, prefix, 7, line);
	struct strbuf counts = STRBUF_INIT;
	add_counts(&counts, r);
	compare_add_wrapped(sb, "       ", 7, counts.buf);
	strbuf_release(&counts);
}

static void add_header(struct strbuf *sb, const struct report_diff *d)
{
	const struct report_file *o = d->old, *n = d->new;
	const char *host = n->hostname ? n->hostname : o->hostname ? o->hostname : "unknown host";
	_cleanup_free_ char *title = xasprintf("dockward report diff of %s (root %s)", host,
					       n->root ? n->root : "?");
	compare_add_wrapped(sb, "", 2, title);
	add_side(sb, "old", o);
	add_side(sb, "new", n);
	if (o->hostname && n->hostname && !STREQ(o->hostname, n->hostname)) {
		_cleanup_free_ char *t = xasprintf("the reports are of two hosts: '%s' and '%s'",
						   o->hostname, n->hostname);
		compare_add_wrapped(sb, "  note: ", 8, t);
	}
	_cleanup_free_ char *ob = baseline_text(o), *nb = baseline_text(n);
	if (!STREQ(ob, nb)) {
		_cleanup_free_ char *t = xasprintf("the baseline changed: %s -> %s", ob, nb);
		compare_add_wrapped(sb, "  note: ", 8, t);
	} else if (o->baseline_sha256 && n->baseline_sha256 &&
		   !STREQ(o->baseline_sha256, n->baseline_sha256)) {
		_cleanup_free_ char *t = xasprintf(
			"the baseline changed without a new version: sha256 %.12s -> %.12s",
			o->baseline_sha256, n->baseline_sha256);
		compare_add_wrapped(sb, "  note: ", 8, t);
	}
}

static void plural(struct strbuf *sb, size_t n, const char *one, const char *many)
{
	strbuf_addf(sb, "%zu %s", n, n == 1 ? one : many);
}

static void add_summary(struct strbuf *sb, const struct report_diff *d)
{
	struct strbuf t = STRBUF_INIT;
	strbuf_adds(&t, "rules: ");
	plural(&t, d->counts[DIFF_NEW_FAILURE], "new failure", "new failures");
	strbuf_addf(&t, ", %zu fixed, %zu status changed, %zu changed, %zu added, %zu removed, "
			"%zu unchanged",
		    d->counts[DIFF_FIXED], d->counts[DIFF_STATUS_CHANGED], d->counts[DIFF_CHANGED],
		    d->counts[DIFF_ADDED], d->counts[DIFF_REMOVED], d->unchanged);
	compare_add_wrapped(sb, "", 2, t.buf);
	strbuf_release(&t);
	const size_t *oc = d->object_counts;
	strbuf_addf(sb, "objects: %zu appeared, %zu disappeared, %zu changed verdict, %zu changed "
			"otherwise\n",
		    oc[OBJECT_APPEARED], oc[OBJECT_DISAPPEARED], oc[OBJECT_STATUS_CHANGED],
		    oc[OBJECT_CHANGED]);
	char a[16], b[16];
	compare_score_text(report_file_score(d->old), a);
	compare_score_text(report_file_score(d->new), b);
	strbuf_addf(sb, "score: %s%% -> %s%%\n", a, b);
}

int report_diff_render_text(const struct report_diff *d, unsigned flags, FILE *out)
{
	struct strbuf sb = STRBUF_INIT;
	bool quiet = flags & RENDER_QUIET;
	bool color = flags & RENDER_COLOR;

	if (!quiet)
		add_header(&sb, d);
	size_t id_w = 2;
	for (size_t i = 0; i < d->n_rules; i++) {
		if (quiet && d->rules[i].change != DIFF_NEW_FAILURE)
			continue;
		_cleanup_free_ char *id = text_fit(current(&d->rules[i])->id, ID_COLUMN_MAX);
		if (text_width(id) > id_w)
			id_w = text_width(id);
	}
	size_t i = 0;
	for (int c = 0; c < _DIFF_CHANGE_MAX; c++) {
		size_t n = d->counts[c];
		if (n && (!quiet || c == DIFF_NEW_FAILURE)) {
			if (sb.len)
				strbuf_addc(&sb, '\n');
			strbuf_addf(&sb, "%s%s (%zu)%s\n", color ? "\033[1m" : "", headings[c], n,
				    color ? COMPARE_COLOR_RESET : "");
			for (size_t k = i; k < i + n; k++) {
				add_rule_line(&sb, &d->rules[k], id_w, flags);
				add_details(&sb, &d->rules[k], flags);
			}
		}
		i += n;
	}
	if (!quiet && d->n_objects) {
		if (sb.len)
			strbuf_addc(&sb, '\n');
		strbuf_addf(&sb, "%sobjects (%zu)%s\n", color ? "\033[1m" : "", d->n_objects,
			    color ? COMPARE_COLOR_RESET : "");
		for (size_t k = 0; k < d->n_objects; k++)
			add_object_summary(&sb, &d->objects[k]);
	}
	if (sb.len)
		strbuf_addc(&sb, '\n');
	add_summary(&sb, d);
	fputs(sb.buf, out);
	strbuf_release(&sb);
	return ferror(out) ? -EIO : 0;
}

/* ---- JSON ---- */

static void add(json_object *obj, const char *key, json_object *val)
{
	json_object_object_add(obj, key, val);
}

static json_object *jreport(const struct report_file *r)
{
	json_object *o = json_object_new_object();
	add(o, "file", compare_jstr(r->file));
	add(o, "hostname", compare_jstr(r->hostname));
	add(o, "root", compare_jstr(r->root));
	json_object *b = json_object_new_object();
	add(b, "id", compare_jstr(r->baseline_id));
	add(b, "version", r->baseline_version >= 0 ? json_object_new_int64(r->baseline_version)
						   : NULL);
	add(b, "sha256", compare_jstr(r->baseline_sha256));
	add(o, "baseline", b);
	add(o, "started", compare_jstr(r->started));
	add(o, "summary", compare_jsummary(r->summary));
	add(o, "score", compare_jscore(report_file_score(r)));
	return o;
}

static json_object *jside(const struct loaded_result *res)
{
	if (!res)
		return NULL;
	json_object *o = json_object_new_object();
	add(o, "status", json_object_new_string(status_to_string(res->status)));
	add(o, "severity", json_object_new_string(severity_to_string(res->severity)));
	add(o, "expected", compare_jstr(res->expected));
	add(o, "observed", compare_jstr(res->observed));
	json_object *ev = json_object_new_array();
	for (size_t i = 0; i < res->n_evidence; i++) {
		const struct loaded_evidence *e = &res->evidence[i];
		json_object *x = json_object_new_object();
		add(x, "source", compare_jstr(e->source));
		if (e->line > 0)
			add(x, "line", json_object_new_int64(e->line));
		if (e->line > 0 && e->col > 0)
			add(x, "col", json_object_new_int64(e->col));
		add(x, "detail", compare_jstr(e->detail));
		json_object_array_add(ev, x);
	}
	add(o, "evidence", ev);
	return o;
}

static json_object *jobject_side(const struct loaded_object *x)
{
	if (!x)
		return NULL;
	json_object *o = json_object_new_object();
	add(o, "id", compare_jstr(x->id));
	add(o, "image", compare_jstr(x->image));
	add(o, "status", json_object_new_string(status_to_string(x->status)));
	add(o, "observed", compare_jstr(x->observed));
	return o;
}

static json_object *jchange(const struct rule_diff *rd)
{
	const struct loaded_result *res = current(rd);
	json_object *o = json_object_new_object();
	add(o, "id", compare_jstr(res->id));
	add(o, "title", compare_jstr(res->title));
	add(o, "section", compare_jstr(res->section));
	add(o, "severity", json_object_new_string(severity_to_string(res->severity)));
	add(o, "change", json_object_new_string(diff_change_to_string(rd->change)));
	json_object *fields = json_object_new_array();
	for (int f = 0; f < _DIFF_FIELD_COUNT; f++)
		if (rd->fields & (1u << f))
			json_object_array_add(fields, json_object_new_string(diff_field_to_string(
							      (enum diff_fields)(1u << f))));
	add(o, "fields", fields);
	add(o, "old", jside(rd->old));
	add(o, "new", jside(rd->new));
	json_object *objects = json_object_new_array();
	for (size_t i = 0; i < rd->n_objects; i++) {
		const struct object_diff *od = &rd->objects[i];
		const struct loaded_object *x = od->new ? od->new : od->old;
		json_object *j = json_object_new_object();
		add(j, "kind", compare_jstr(x->kind));
		add(j, "name", compare_jstr(x->name));
		add(j, "change", json_object_new_string(object_change_to_string(od->change)));
		add(j, "old", jobject_side(od->old));
		add(j, "new", jobject_side(od->new));
		json_object_array_add(objects, j);
	}
	add(o, "objects", objects);
	return o;
}

static json_object *jobject_ref(const struct loaded_object *x)
{
	if (!x)
		return NULL;
	json_object *o = json_object_new_object();
	add(o, "id", compare_jstr(x->id));
	add(o, "image", compare_jstr(x->image));
	return o;
}

static json_object *jstatus(enum status s)
{
	return s >= 0 && s < _STATUS_MAX ? json_object_new_string(status_to_string(s)) : NULL;
}

static json_object *jobject_summary(const struct object_summary *x)
{
	const struct loaded_object *o = x->new ? x->new : x->old;
	json_object *j = json_object_new_object();
	add(j, "kind", compare_jstr(o->kind));
	add(j, "name", compare_jstr(o->name));
	add(j, "change", json_object_new_string(object_change_to_string(x->change)));
	add(j, "old", jobject_ref(x->old));
	add(j, "new", jobject_ref(x->new));
	json_object *rules = json_object_new_array();
	for (size_t k = 0; k < x->n_rules; k++) {
		json_object *r = json_object_new_object();
		add(r, "id", compare_jstr(x->rules[k].rule_id));
		add(r, "old", jstatus(x->rules[k].old));
		add(r, "new", jstatus(x->rules[k].new));
		json_object_array_add(rules, r);
	}
	add(j, "rules", rules);
	return j;
}

static json_object *diff_json(const struct report_diff *d, const char *tool_version)
{
	json_object *root = json_object_new_object();
	add(root, "schema", json_object_new_string(REPORT_DIFF_SCHEMA));
	json_object *tool = json_object_new_object();
	add(tool, "name", json_object_new_string("dockward"));
	add(tool, "version", compare_jstr(tool_version));
	add(root, "tool", tool);
	add(root, "old", jreport(d->old));
	add(root, "new", jreport(d->new));

	json_object *s = json_object_new_object();
	static const char *const count_keys[] = {
		[DIFF_NEW_FAILURE] = "new_failures",
		[DIFF_FIXED] = "fixed",
		[DIFF_STATUS_CHANGED] = "status_changed",
		[DIFF_CHANGED] = "changed",
		[DIFF_ADDED] = "added",
		[DIFF_REMOVED] = "removed",
	};
	_Static_assert(ELEMENTSOF(count_keys) == _DIFF_CHANGE_MAX, "count_keys");
	for (int c = 0; c < _DIFF_CHANGE_MAX; c++)
		add(s, count_keys[c], json_object_new_int64((int64_t)d->counts[c]));
	add(s, "unchanged", json_object_new_int64((int64_t)d->unchanged));
	json_object *objects = json_object_new_object();
	for (int c = 0; c < _OBJECT_CHANGE_MAX; c++)
		add(objects, object_change_to_string((enum object_change)c),
		    json_object_new_int64((int64_t)d->object_counts[c]));
	add(s, "objects", objects);
	add(root, "summary", s);

	json_object *changes = json_object_new_array_ext((int)d->n_rules + 1);
	for (size_t i = 0; i < d->n_rules; i++)
		json_object_array_add(changes, jchange(&d->rules[i]));
	add(root, "changes", changes);

	json_object *objs = json_object_new_array_ext((int)d->n_objects + 1);
	for (size_t i = 0; i < d->n_objects; i++)
		json_object_array_add(objs, jobject_summary(&d->objects[i]));
	add(root, "objects", objs);
	return root;
}

int report_diff_render_json(const struct report_diff *d, const char *tool_version, FILE *out)
{
	_cleanup_json_ json_object *root = diff_json(d, tool_version);
	return compare_json_print(root, out);
}
