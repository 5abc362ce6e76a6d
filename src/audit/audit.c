/* audit.c: one read-only audit run: probes, rule requests, probes that need them, checks,
 * waivers, report.
 *
 * Only the probes that the enabled rules' check kinds need are run, and the probes that look at
 * paths or keys named by rules run once, after every rule said what it wants: an audit of a
 * host costs what its baseline asks for, no more. */
#include <errno.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>

#include "audit.h"
#include "fixer.h"
#include "check.h"
#include "probe.h"

static double elapsed_ms(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) * 1e3 + (double)(b->tv_nsec - a->tv_nsec) / 1e6;
}

static char *host_name(const struct host *h)
{
	if (h->live) {
		struct utsname u;
		if (uname(&u) == 0)
			return xstrdup(u.nodename);
	}
	_cleanup_free_ char *s = NULL;
	if (host_read_file(h, "/etc/hostname", 4096, false, &s, NULL) == 0) {
		strstrip(s);
		char *nl = strchr(s, '\n');
		if (nl)
			*nl = '\0';
		if (*s)
			return TAKE_PTR(s);
	}
	return NULL;
}

static void apply_waiver(struct result *res, const struct waivers *w, int64_t now)
{
	const struct waiver *x = waivers_find(w, res->rule->id);
	if (!x)
		return;
	res->waiver = x;
	if (x->expires < now) {
		res->waiver_expired = true; /* reported, but no longer counts */
		return;
	}
	if (res->status == STATUS_PASS || res->status == STATUS_NOT_APPLICABLE)
		return; /* nothing to waive: the report still names the waiver */
	res->waived_status = res->status;
	res->status = STATUS_WAIVED;
}

int audit_run(const struct host *h, const struct baseline *b, const struct audit_options *o,
	      struct facts *facts, struct report *ret)
{
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	facts_init(facts, h);
	facts->engine_options = o->engine;
	report_init(ret);

	unsigned mask = 0;
	size_t n_enabled = 0;
	for (size_t i = 0; i < b->n_rules; i++)
		if (b->rules[i].enabled) {
			mask |= b->rules[i].kind->probes;
			n_enabled++;
		}

	probes_run(h, mask, false, NULL, facts);
	struct fact_requests q = {0};
	for (size_t i = 0; i < b->n_rules; i++)
		if (b->rules[i].enabled && b->rules[i].kind->request)
			b->rules[i].kind->request(&b->rules[i], facts, &q);
	probes_run(h, mask, true, &q, facts);
	fact_requests_release(&q);

	ret->results = n_enabled ? xcalloc(n_enabled, sizeof(struct result)) : NULL;
	for (size_t i = 0; i < b->n_rules; i++) {
		const struct rule *rule = &b->rules[i];
		if (!rule->enabled)
			continue;
		struct result *res = &ret->results[ret->n_results++];
		result_init(res, rule);
		rule->kind->eval(rule, facts, res);
		res->fix_available = fixer_available(rule);
		if (o->waivers)
			apply_waiver(res, o->waivers, o->now);
	}
	report_summarize(ret);

	ret->tool_version = xstrdup(o->tool_version ? o->tool_version : "?");
	ret->root = xstrdup(h->root);
	ret->hostname = host_name(h);
	bool api = (facts->probed & PROBE_ENGINE) && facts->engine.status.state == FACT_OK;
	ret->docker_source = xstrdup(api ? "api" : "files");
	if (api)
		ret->docker_version = xstrdup_or_null(facts->engine.version);
	ret->baseline = b;
	ret->started = o->now;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ret->duration_ms = elapsed_ms(&t0, &t1);
	return 0;
}
