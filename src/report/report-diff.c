/* report-diff.c: what changed between two audits of one host (`dockward report diff`).
 *
 * Rules are matched by id, objects (containers, files, users a rule looked at) by kind and
 * name, or by id when they have no name: a container recreated under the same name by a deploy
 * is the same object with a new id, not one that disappeared and one that appeared. Each rule
 * that differs gets exactly one kind of change, decided by this table (a rule only in the old
 * report is "removed" whatever its status):
 *
 *                        new status
 *                  | fail          | pass, n/a  | error, waived, manual
 *   ---------------+---------------+------------+----------------------
 *   absent         | new_failure   | added      | added
 *   fail           | changed*      | fixed      | status_changed
 *   anything else  | new_failure   | status_changed or changed* (same status)
 *
 *   * "changed" when the status is the same and another field differs (severity, expected,
 *     observed, evidence, objects); a rule where nothing differs is counted as unchanged.
 *
 * A rule new to the baseline that fails is a new failure: `report diff` is the gate that CI
 * puts on drift, and a failure nobody has seen before is what it is for (waive it, or fix it).
 *
 * Objects are also summed up over the whole reports, once each: a container that was removed
 * is one line "disappeared" rather than one per rule that looked at it, and a container
 * recreated with the same settings (new id, same verdicts) is a change of the container, not
 * of every rule.
 *
 * Cost: the old report's results and each rule's objects are sorted once and looked up by
 * binary search, and all objects are sorted once for the summary, so a diff is O(n log n) in
 * the size of the reports. */
#include <string.h>

#include "report-compare.h"

static const char *const change_names[] = {
	[DIFF_NEW_FAILURE] = "new_failure",
	[DIFF_FIXED] = "fixed",
	[DIFF_STATUS_CHANGED] = "status_changed",
	[DIFF_CHANGED] = "changed",
	[DIFF_ADDED] = "added",
	[DIFF_REMOVED] = "removed",
};
_Static_assert(ELEMENTSOF(change_names) == _DIFF_CHANGE_MAX, "change_names");

static const char *const field_names[_DIFF_FIELD_COUNT] = {
	"severity", "expected", "observed", "evidence", "objects",
};

static const char *const object_change_names[] = {
	[OBJECT_APPEARED] = "appeared",
	[OBJECT_DISAPPEARED] = "disappeared",
	[OBJECT_STATUS_CHANGED] = "status_changed",
	[OBJECT_CHANGED] = "changed",
};
_Static_assert(ELEMENTSOF(object_change_names) == _OBJECT_CHANGE_MAX, "object_change_names");

const char *diff_change_to_string(enum diff_change c)
{
	return c >= 0 && c < _DIFF_CHANGE_MAX ? change_names[c] : "?";
}

const char *diff_field_to_string(enum diff_fields f)
{
	for (int i = 0; i < _DIFF_FIELD_COUNT; i++)
		if ((unsigned)f == 1u << i)
			return field_names[i];
	return "?";
}

const char *object_change_to_string(enum object_change c)
{
	return c >= 0 && c < _OBJECT_CHANGE_MAX ? object_change_names[c] : "?";
}

/* ---- objects ---- */

static const char *object_key(const struct loaded_object *o)
{
	return o->name ? o->name : o->id ? o->id : "";
}

static int object_cmp(const struct loaded_object *a, const struct loaded_object *b)
{
	int r = strcmp(a->kind ? a->kind : "", b->kind ? b->kind : "");
	return r ? r : strcmp(object_key(a), object_key(b));
}

static int cmp_object_ptr(const void *a, const void *b)
{
	const struct loaded_object *x = *(const struct loaded_object *const *)a;
	const struct loaded_object *y = *(const struct loaded_object *const *)b;
	int r = object_cmp(x, y);
	return r ? r : x < y ? -1 : x > y; /* equal keys keep the report's order */
}

static void add_object_diff(struct rule_diff *rd, size_t *cap, enum object_change change,
			    const struct loaded_object *old, const struct loaded_object *new)
{
	if (rd->n_objects == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		rd->objects = xreallocarray(rd->objects, *cap, sizeof(*rd->objects));
	}
	rd->objects[rd->n_objects++] = (struct object_diff){change, old, new};
}

static void diff_objects(const struct loaded_result *old, const struct loaded_result *new,
			 struct rule_diff *rd)
{
	if (old->n_objects == 0 && new->n_objects == 0)
		return;
	size_t cap = 0;
	_cleanup_free_ const struct loaded_object **sorted = NULL;
	_cleanup_free_ bool *matched = NULL;
	size_t n = old->n_objects;
	if (n) {
		sorted = xcalloc(n, sizeof(*sorted));
		matched = xcalloc(n, sizeof(*matched)); /* by position in sorted */
		for (size_t i = 0; i < n; i++)
			sorted[i] = &old->objects[i];
		qsort(sorted, n, sizeof(*sorted), cmp_object_ptr);
	}

	for (size_t i = 0; i < new->n_objects; i++) {
		const struct loaded_object *no = &new->objects[i];
		/* The first old object with this key that is not matched yet. */
		size_t lo = 0, hi = n;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (object_cmp(sorted[mid], no) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		while (lo < n && matched[lo] && object_cmp(sorted[lo], no) == 0)
			lo++;
		if (lo == n || object_cmp(sorted[lo], no) != 0) {
			add_object_diff(rd, &cap, OBJECT_APPEARED, NULL, no);
			continue;
		}
		matched[lo] = true;
		const struct loaded_object *oo = sorted[lo];
		if (oo->status != no->status)
			add_object_diff(rd, &cap, OBJECT_STATUS_CHANGED, oo, no);
		else if (!streq_ptr(oo->observed, no->observed) || !streq_ptr(oo->image, no->image))
			add_object_diff(rd, &cap, OBJECT_CHANGED, oo, no);
		/* A new id alone (recreated, same verdict) is not a change of this rule: the
		 * summary over the whole reports says it once. */
	}
	/* What disappeared, in the old report's order. */
	if (n) {
		_cleanup_free_ bool *gone = xcalloc(n, sizeof(*gone));
		for (size_t k = 0; k < n; k++)
			if (!matched[k])
				gone[sorted[k] - old->objects] = true;
		for (size_t k = 0; k < n; k++)
			if (gone[k])
				add_object_diff(rd, &cap, OBJECT_DISAPPEARED, &old->objects[k], NULL);
	}
}

/* ---- objects over the whole reports ---- */

/* One object as one rule saw it. */
struct entry {
	const struct loaded_object *o;
	const char *rule_id;
};

static int cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int r = object_cmp(x->o, y->o);
	if (r)
		return r;
	r = strcmp(x->rule_id, y->rule_id);
	return r ? r : x->o < y->o ? -1 : x->o > y->o;
}

/* Every object of every result of r, sorted by kind, name, rule. *ret_n of them. */
static struct entry *entries_of(const struct report_file *r, size_t *ret_n)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n_results; i++)
		n += r->results[i].n_objects;
	struct entry *e = xcalloc(n + 1, sizeof(*e));
	size_t k = 0;
	for (size_t i = 0; i < r->n_results; i++)
		for (size_t j = 0; j < r->results[i].n_objects; j++)
			e[k++] = (struct entry){&r->results[i].objects[j], r->results[i].id};
	qsort(e, n, sizeof(*e), cmp_entry);
	*ret_n = n;
	return e;
}

/* The end of the group of entries with the same object key as e[from]. */
static size_t group_end(const struct entry *e, size_t n, size_t from)
{
	size_t to = from + 1;
	while (to < n && object_cmp(e[to].o, e[from].o) == 0)
		to++;
	return to;
}

struct summaries {
	struct object_summary *items;
	size_t n, cap;
};

static struct object_summary *add_summary(struct summaries *s, enum object_change change,
					  const struct loaded_object *old,
					  const struct loaded_object *new)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 8;
		s->items = xreallocarray(s->items, s->cap, sizeof(*s->items));
	}
	struct object_summary *x = &s->items[s->n++];
	*x = (struct object_summary){.change = change, .old = old, .new = new};
	return x;
}

static void add_rule_status(struct object_summary *x, size_t *cap, const char *rule_id,
			    enum status old, enum status new)
{
	if (x->n_rules == *cap) {
		*cap = *cap ? *cap * 2 : 4;
		x->rules = xreallocarray(x->rules, *cap, sizeof(*x->rules));
	}
	x->rules[x->n_rules++] = (struct object_rule_status){rule_id, old, new};
}

/* An object on one side only: the rules it fails (failed). */
static void one_side(struct summaries *s, enum object_change change, const struct entry *e,
		     size_t from, size_t to)
{
	bool appeared = change == OBJECT_APPEARED;
	struct object_summary *x = add_summary(s, change, appeared ? NULL : e[from].o,
					       appeared ? e[from].o : NULL);
	size_t cap = 0;
	for (size_t k = from; k < to; k++)
		if (e[k].o->status == STATUS_FAIL)
			add_rule_status(x, &cap, e[k].rule_id,
					appeared ? _STATUS_INVALID : STATUS_FAIL,
					appeared ? STATUS_FAIL : _STATUS_INVALID);
}

/* An object on both sides: the rules in both whose verdict changed, by walking the two groups
 * (sorted by rule id) together. */
static void both_sides(struct summaries *s, const struct entry *a, size_t af, size_t at,
		       const struct entry *b, size_t bf, size_t bt)
{
	struct object_summary *x = NULL;
	size_t cap = 0;
	for (size_t i = af, j = bf; i < at && j < bt;) {
		int r = strcmp(a[i].rule_id, b[j].rule_id);
		if (r < 0) {
			i++;
		} else if (r > 0) {
			j++;
		} else {
			if (a[i].o->status != b[j].o->status) {
				if (!x)
					x = add_summary(s, OBJECT_STATUS_CHANGED, a[af].o, b[bf].o);
				add_rule_status(x, &cap, b[j].rule_id, a[i].o->status,
						b[j].o->status);
			}
			i++;
			j++;
		}
	}
	if (!x && (!streq_ptr(a[af].o->id, b[bf].o->id) || !streq_ptr(a[af].o->image, b[bf].o->image)))
		add_summary(s, OBJECT_CHANGED, a[af].o, b[bf].o);
}

static void summarize_objects(struct report_diff *d)
{
	size_t na, nb;
	_cleanup_free_ struct entry *a = entries_of(d->old, &na);
	_cleanup_free_ struct entry *b = entries_of(d->new, &nb);
	struct summaries s = {0};
	size_t i = 0, j = 0;
	while (i < na || j < nb) {
		int r = i == na ? 1 : j == nb ? -1 : object_cmp(a[i].o, b[j].o);
		if (r < 0) {
			size_t end = group_end(a, na, i);
			one_side(&s, OBJECT_DISAPPEARED, a, i, end);
			i = end;
		} else if (r > 0) {
			size_t end = group_end(b, nb, j);
			one_side(&s, OBJECT_APPEARED, b, j, end);
			j = end;
		} else {
			size_t ea = group_end(a, na, i), eb = group_end(b, nb, j);
			both_sides(&s, a, i, ea, b, j, eb);
			i = ea;
			j = eb;
		}
	}
	/* By kind of change, keeping the order of kind and name within each (counting sort). */
	for (size_t k = 0; k < s.n; k++)
		d->object_counts[s.items[k].change]++;
	size_t start[_OBJECT_CHANGE_MAX], at = 0;
	for (int c = 0; c < _OBJECT_CHANGE_MAX; c++) {
		start[c] = at;
		at += d->object_counts[c];
	}
	if (s.n)
		d->objects = xcalloc(s.n, sizeof(*d->objects));
	for (size_t k = 0; k < s.n; k++)
		d->objects[start[s.items[k].change]++] = s.items[k];
	d->n_objects = s.n;
	free(s.items);
}

/* ---- rules ---- */

static bool evidence_equal(const struct loaded_result *a, const struct loaded_result *b)
{
	if (a->n_evidence != b->n_evidence)
		return false;
	for (size_t i = 0; i < a->n_evidence; i++) {
		const struct loaded_evidence *x = &a->evidence[i], *y = &b->evidence[i];
		if (!streq_ptr(x->source, y->source) || !streq_ptr(x->detail, y->detail) ||
		    x->line != y->line || x->col != y->col)
			return false;
	}
	return true;
}

static enum diff_change classify(enum status old, enum status new)
{
	if (new == STATUS_FAIL)
		return DIFF_NEW_FAILURE;
	if (old == STATUS_FAIL && (new == STATUS_PASS || new == STATUS_NOT_APPLICABLE))
		return DIFF_FIXED;
	return DIFF_STATUS_CHANGED;
}

static int cmp_result_ptr(const void *a, const void *b)
{
	const struct loaded_result *x = *(const struct loaded_result *const *)a;
	const struct loaded_result *y = *(const struct loaded_result *const *)b;
	return strcmp(x->id, y->id);
}

void report_diff_compute(const struct report_file *old, const struct report_file *new,
			 struct report_diff *ret)
{
	memset(ret, 0, sizeof(*ret));
	ret->old = old;
	ret->new = new;
	size_t n_old = old->n_results, cap = old->n_results + new->n_results;
	if (cap == 0)
		return;

	/* Ids are unique in a loaded report (report-load.c checks). */
	_cleanup_free_ const struct loaded_result **sorted = NULL;
	_cleanup_free_ bool *seen = xcalloc(n_old ? n_old : 1, sizeof(*seen));
	if (n_old) {
		sorted = xcalloc(n_old, sizeof(*sorted));
		for (size_t i = 0; i < n_old; i++)
			sorted[i] = &old->results[i];
		qsort(sorted, n_old, sizeof(*sorted), cmp_result_ptr);
	}

	_cleanup_free_ struct rule_diff *found = xcalloc(cap, sizeof(*found));
	size_t n = 0;
	for (size_t i = 0; i < new->n_results; i++) {
		const struct loaded_result *nr = &new->results[i];
		const struct loaded_result key = {.id = nr->id}, *keyp = &key;
		const struct loaded_result **hit =
			n_old ? bsearch(&keyp, sorted, n_old, sizeof(*sorted), cmp_result_ptr)
			      : NULL;
		struct rule_diff *rd = &found[n];
		rd->new = nr;
		if (!hit) {
			rd->change = nr->status == STATUS_FAIL ? DIFF_NEW_FAILURE : DIFF_ADDED;
			n++;
			continue;
		}
		const struct loaded_result *or = *hit;
		seen[or - old->results] = true;
		rd->old = or;
		diff_objects(or, nr, rd);
		if (or->severity != nr->severity)
			rd->fields |= DIFF_FIELD_SEVERITY;
		if (!streq_ptr(or->expected, nr->expected))
			rd->fields |= DIFF_FIELD_EXPECTED;
		if (!streq_ptr(or->observed, nr->observed))
			rd->fields |= DIFF_FIELD_OBSERVED;
		if (!evidence_equal(or, nr))
			rd->fields |= DIFF_FIELD_EVIDENCE;
		if (rd->n_objects)
			rd->fields |= DIFF_FIELD_OBJECTS;
		if (or->status != nr->status) {
			rd->change = classify(or->status, nr->status);
		} else if (rd->fields) {
			rd->change = DIFF_CHANGED;
		} else {
			ret->unchanged++;
			free(rd->objects);
			*rd = (struct rule_diff){0};
			continue;
		}
		n++;
	}
	for (size_t i = 0; i < n_old; i++)
		if (!seen[i])
			found[n++] = (struct rule_diff){.change = DIFF_REMOVED,
							.old = &old->results[i]};

	/* A counting sort by kind of change keeps the report's order within each kind. */
	for (size_t i = 0; i < n; i++)
		ret->counts[found[i].change]++;
	size_t start[_DIFF_CHANGE_MAX], at = 0;
	for (int c = 0; c < _DIFF_CHANGE_MAX; c++) {
		start[c] = at;
		at += ret->counts[c];
	}
	if (n)
		ret->rules = xcalloc(n, sizeof(*ret->rules));
	for (size_t i = 0; i < n; i++)
		ret->rules[start[found[i].change]++] = found[i];
	ret->n_rules = n;
	summarize_objects(ret);
}

void report_diff_release(struct report_diff *d)
{
	for (size_t i = 0; i < d->n_rules; i++)
		free(d->rules[i].objects);
	free(d->rules);
	for (size_t i = 0; i < d->n_objects; i++)
		free(d->objects[i].rules);
	free(d->objects);
	memset(d, 0, sizeof(*d));
}

size_t report_diff_new_failures(const struct report_diff *d, enum severity fail_on)
{
	size_t n = 0;
	for (size_t i = 0; i < d->n_rules; i++)
		if (d->rules[i].change == DIFF_NEW_FAILURE && d->rules[i].new->severity >= fail_on)
			n++;
	return n;
}
