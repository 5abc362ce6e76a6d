/* report-merge.c: many hosts' reports as one fleet view (`dockward report merge`).
 *
 * Reports are added one at a time and released by the caller right after, so memory holds one
 * parsed report plus what the view needs: per host its counts and one byte per rule (its
 * status), per rule its counts. Rule ids are looked up in a hash table (json-c's linkhash, the
 * one json-c already brings) so that adding a report is linear in its results; ordering comes
 * once at the end. A thousand reports of 120 rules cost their JSON parsing and little else.
 *
 * Order of rules, worst first: failing on more hosts, then higher severity, then in error on
 * more hosts, then the order in which they were first seen (the baseline's order). Hosts, worst
 * first: lower score, then more failures, then the order given. A rule's severity is the
 * highest that any report gave it (two baselines may disagree). */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "json-util.h"
#include "report-compare.h"

#define INDEX_SIZE_MIN 256

static void *grow(void *array, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return array;
	*cap = *cap ? *cap * 2 : 16;
	return xreallocarray(array, *cap, size);
}

void fleet_init(struct fleet *f)
{
	memset(f, 0, sizeof(*f));
}

static void free_key(struct lh_entry *e)
{
	free(lh_entry_k(e));
}

static struct lh_table *new_table(lh_entry_free_fn *free_fn)
{
	struct lh_table *t = lh_kchar_table_new(INDEX_SIZE_MIN, free_fn);
	if (!t)
		abort(); /* out of memory: see util.h */
	return t;
}

/* The index of rule res->id, added when new. -E2BIG beyond FLEET_RULES_MAX. */
static int rule_index(struct fleet *f, const struct loaded_result *res, size_t *ret)
{
	void *v;
	if (lh_table_lookup_ex(f->index, res->id, &v)) {
		*ret = (size_t)(uintptr_t)v;
		struct fleet_rule *rule = &f->rules[*ret];
		if (res->severity > rule->severity)
			rule->severity = res->severity;
		return 0;
	}
	if (f->n_rules >= FLEET_RULES_MAX)
		return -E2BIG;
	f->rules = grow(f->rules, f->n_rules, &f->cap_rules, sizeof(*f->rules));
	struct fleet_rule *rule = &f->rules[f->n_rules];
	*rule = (struct fleet_rule){
		.id = xstrdup(res->id),
		.title = xstrdup_or_null(res->title),
		.section = xstrdup_or_null(res->section),
		.severity = res->severity,
	};
	if (lh_table_insert(f->index, rule->id, (void *)(uintptr_t)f->n_rules) < 0)
		abort();
	*ret = f->n_rules++;
	return 0;
}

static void count_baseline(struct fleet *f, const struct report_file *r)
{
	_cleanup_free_ char *key = xasprintf("%lld %s", (long long)r->baseline_version,
					     r->baseline_id ? r->baseline_id : "");
	void *v;
	if (lh_table_lookup_ex(f->baseline_index, key, &v)) {
		f->baselines[(uintptr_t)v].hosts++;
		return;
	}
	f->baselines = grow(f->baselines, f->n_baselines, &f->cap_baselines, sizeof(*f->baselines));
	f->baselines[f->n_baselines] = (struct fleet_baseline){
		.id = xstrdup_or_null(r->baseline_id),
		.version = r->baseline_version,
		.hosts = 1,
	};
	if (lh_table_insert(f->baseline_index, TAKE_PTR(key), (void *)(uintptr_t)f->n_baselines) <
	    0)
		abort();
	f->n_baselines++;
}

int fleet_add(struct fleet *f, const struct report_file *r, struct diags *diags)
{
	if (!f->index) {
		f->index = new_table(NULL); /* keys are the rules' ids */
		f->baseline_index = new_table(free_key);
	}
	if (f->n_hosts >= FLEET_HOSTS_MAX) {
		diags_add(diags, r->file, 0, 0, "more than %d reports to merge", FLEET_HOSTS_MAX);
		return -E2BIG;
	}
	_cleanup_free_ size_t *idx = xcalloc(r->n_results + 1, sizeof(*idx));
	for (size_t i = 0; i < r->n_results; i++) {
		if (rule_index(f, &r->results[i], &idx[i]) < 0) {
			diags_add(diags, r->file, 0, 0,
				  "more than %d distinct rules in the reports to merge",
				  FLEET_RULES_MAX);
			return -E2BIG;
		}
	}

	f->hosts = grow(f->hosts, f->n_hosts, &f->cap_hosts, sizeof(*f->hosts));
	struct fleet_host *h = &f->hosts[f->n_hosts++];
	*h = (struct fleet_host){
		.file = xstrdup(r->file),
		.hostname = xstrdup_or_null(r->hostname),
		.root = xstrdup_or_null(r->root),
		.baseline_id = xstrdup_or_null(r->baseline_id),
		.started = xstrdup_or_null(r->started),
		.baseline_version = r->baseline_version,
	};
	memcpy(h->summary, r->summary, sizeof(h->summary));
	h->n_row = f->n_rules;
	if (h->n_row) {
		h->row = xmalloc(h->n_row);
		memset(h->row, FLEET_ABSENT, h->n_row);
	}
	for (size_t i = 0; i < r->n_results; i++) {
		/* Ids are unique in a loaded report; a second one would not be counted twice. */
		if (h->row[idx[i]] != FLEET_ABSENT)
			continue;
		h->row[idx[i]] = (uint8_t)r->results[i].status;
		f->rules[idx[i]].counts[r->results[i].status]++;
	}
	count_baseline(f, r);
	return 0;
}

static int cmp_rules(const void *a, const void *b, void *userdata)
{
	const struct fleet *f = userdata;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	const struct fleet_rule *x = &f->rules[i], *y = &f->rules[j];
	if (x->counts[STATUS_FAIL] != y->counts[STATUS_FAIL])
		return x->counts[STATUS_FAIL] > y->counts[STATUS_FAIL] ? -1 : 1;
	if (x->severity != y->severity)
		return x->severity > y->severity ? -1 : 1;
	if (x->counts[STATUS_ERROR] != y->counts[STATUS_ERROR])
		return x->counts[STATUS_ERROR] > y->counts[STATUS_ERROR] ? -1 : 1;
	return i < j ? -1 : i > j;
}

double fleet_host_score(const struct fleet_host *h)
{
	size_t decided = h->summary[STATUS_PASS] + h->summary[STATUS_FAIL];
	return decided ? 100.0 * (double)h->summary[STATUS_PASS] / (double)decided : 100.0;
}

static int cmp_hosts(const void *a, const void *b, void *userdata)
{
	const struct fleet *f = userdata;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	const struct fleet_host *x = &f->hosts[i], *y = &f->hosts[j];
	double sx = fleet_host_score(x), sy = fleet_host_score(y);
	if (sx != sy)
		return sx < sy ? -1 : 1;
	if (x->summary[STATUS_FAIL] != y->summary[STATUS_FAIL])
		return x->summary[STATUS_FAIL] > y->summary[STATUS_FAIL] ? -1 : 1;
	return i < j ? -1 : i > j;
}

void fleet_finish(struct fleet *f)
{
	free(f->rule_order);
	free(f->host_order);
	f->rule_order = xcalloc(f->n_rules + 1, sizeof(size_t));
	f->host_order = xcalloc(f->n_hosts + 1, sizeof(size_t));
	f->rules_failing = f->hosts_failing = 0;
	for (size_t i = 0; i < f->n_rules; i++) {
		struct fleet_rule *rule = &f->rules[i];
		size_t seen = 0;
		for (int s = 0; s < _STATUS_MAX; s++)
			seen += rule->counts[s];
		rule->absent = f->n_hosts - seen;
		f->rules_failing += rule->counts[STATUS_FAIL] > 0;
		f->rule_order[i] = i;
	}
	for (size_t i = 0; i < f->n_hosts; i++) {
		f->hosts_failing += f->hosts[i].summary[STATUS_FAIL] > 0;
		f->host_order[i] = i;
	}
	qsort_r(f->rule_order, f->n_rules, sizeof(size_t), cmp_rules, f);
	qsort_r(f->host_order, f->n_hosts, sizeof(size_t), cmp_hosts, f);
}

char fleet_status_letter(uint8_t status)
{
	static const char letters[] = {
		[STATUS_PASS] = '.',
		[STATUS_FAIL] = 'F',
		[STATUS_ERROR] = 'E',
		[STATUS_NOT_APPLICABLE] = '-',
		[STATUS_WAIVED] = 'W',
		[STATUS_MANUAL] = 'M',
	};
	_Static_assert(ELEMENTSOF(letters) == _STATUS_MAX, "letters");
	return status < _STATUS_MAX ? letters[status] : ' ';
}

void fleet_release(struct fleet *f)
{
	for (size_t i = 0; i < f->n_rules; i++) {
		free(f->rules[i].id);
		free(f->rules[i].title);
		free(f->rules[i].section);
	}
	free(f->rules);
	for (size_t i = 0; i < f->n_hosts; i++) {
		struct fleet_host *h = &f->hosts[i];
		free(h->file);
		free(h->hostname);
		free(h->root);
		free(h->baseline_id);
		free(h->started);
		free(h->row);
	}
	free(f->hosts);
	for (size_t i = 0; i < f->n_baselines; i++)
		free(f->baselines[i].id);
	free(f->baselines);
	if (f->index)
		lh_table_free(f->index);
	if (f->baseline_index)
		lh_table_free(f->baseline_index);
	free(f->rule_order);
	free(f->host_order);
	memset(f, 0, sizeof(*f));
}
