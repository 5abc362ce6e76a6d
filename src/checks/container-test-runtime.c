/* container-test-runtime.c: container tests about how a container runs.
 *
 *   restart_policy  CIS 5.14  "always" and "unless-stopped" restart without end, and so does
 *                             "on-failure" with MaximumRetryCount 0; "on-failure" with more
 *                             than `max_retries` (default 5) fails too; "no" and "" pass
 *   healthcheck     CIS 5.26  no health check from the container or its image (TRI_NO);
 *                             unknown is an error, not a pass
 *   processes       CIS 5.6   one of `processes` (e.g. sshd) runs in the container: judged on
 *                             running containers only, from the process names the engine probe
 *                             saw (comm names are cut at 15 characters by the kernel, so a
 *                             15-character name matches the longer name it starts) */
#include <inttypes.h>
#include <string.h>

#include "check-common.h"
#include "container-tests.h"

#define DEFAULT_MAX_RETRIES 5
#define COMM_LEN 15 /* TASK_COMM_LEN - 1 */

static void set(struct container_verdict *v, enum status s, char *observed)
{
	v->status = s;
	v->observed = observed;
}

/* ---- restart_policy ---- */

static char *restart_expect(const struct rule *r)
{
	return xasprintf("no container restarts without end: restart policy no, or on-failure "
			 "with at most %" PRId64 " retries",
			 check_param_int(r, "max_retries", DEFAULT_MAX_RETRIES));
}

static void restart_judge(const struct rule *r, const struct facts *f,
			  const struct container_fact *c, struct container_verdict *v)
{
	(void)f;
	int64_t max = check_param_int(r, "max_retries", DEFAULT_MAX_RETRIES);
	const char *p = c->restart_policy ? c->restart_policy : "";
	int64_t n = c->restart_max_retries;
	if (!*p || STREQ(p, "no"))
		set(v, STATUS_PASS, xasprintf("RestartPolicy %s", *p ? p : "none"));
	else if (STREQ(p, "always") || STREQ(p, "unless-stopped"))
		set(v, STATUS_FAIL, xasprintf("RestartPolicy %s: restarts without end", p));
	else if (!STREQ(p, "on-failure"))
		set(v, STATUS_ERROR,
		    xasprintf("RestartPolicy %.64s: not a policy dockward knows", p));
	else if (n <= 0)
		set(v, STATUS_FAIL, xstrdup("RestartPolicy on-failure without a maximum: retries "
					    "without end"));
	else if (n > max)
		set(v, STATUS_FAIL,
		    xasprintf("RestartPolicy on-failure:%" PRId64 ": more than %" PRId64 " retries",
			      n, max));
	else
		set(v, STATUS_PASS, xasprintf("RestartPolicy on-failure:%" PRId64, n));
}

static const char *const restart_params[] = {"max_retries", NULL};

const struct container_test container_test_restart_policy = {
	.name = "restart_policy",
	.help = "the container does not restart without end: no always or unless-stopped, "
		"on-failure with at most `max_retries` retries (default 5)",
	.params = restart_params,
	.expect = restart_expect,
	.judge = restart_judge,
};

/* ---- healthcheck ---- */

static void health_judge(const struct rule *r, const struct facts *f,
			 const struct container_fact *c, struct container_verdict *v)
{
	(void)r;
	(void)f;
	switch (c->healthcheck) {
	case TRI_YES:
		set(v, STATUS_PASS, xstrdup("has a health check"));
		break;
	case TRI_NO:
		set(v, STATUS_FAIL, xstrdup("no health check (from the container or its image)"));
		break;
	default:
		set(v, STATUS_ERROR, xstrdup("health check unknown"));
		break;
	}
}

static const char *const no_params[] = {NULL};

const struct container_test container_test_healthcheck = {
	.name = "healthcheck",
	.help = "the container has a health check (its own or its image's HEALTHCHECK)",
	.params = no_params,
	.judge = health_judge,
};

/* ---- processes ---- */

static bool name_matches(const char *seen, const char *wanted)
{
	if (STREQ(seen, wanted))
		return true;
	return strlen(seen) == COMM_LEN && strlen(wanted) > COMM_LEN &&
	       strncmp(seen, wanted, COMM_LEN) == 0;
}

static char *processes_expect(const struct rule *r)
{
	_cleanup_free_ char *t = check_list_or(check_param(r, "processes"));
	return xasprintf("no running container runs %s", t);
}

static void processes_judge(const struct rule *r, const struct facts *f,
			    const struct container_fact *c, struct container_verdict *v)
{
	(void)f;
	const struct value *wanted = check_param(r, "processes");
	struct container_list bad = {STRBUF_INIT, 0};
	size_t n = strv_length(c->process_names);
	for (size_t i = 0; wanted && wanted->type == VALUE_LIST && i < wanted->list.n; i++) {
		const struct value *w = wanted->list.items[i];
		if (w->type != VALUE_STRING)
			continue;
		size_t hits = 0;
		for (size_t j = 0; j < n; j++)
			hits += name_matches(c->process_names[j], w->s);
		if (hits == 1)
			container_list_add(&bad, "%.64s", w->s);
		else if (hits > 1)
			container_list_add(&bad, "%.64s (%zu processes)", w->s, hits);
	}
	bool fail = bad.n > 0;
	_cleanup_free_ char *t = container_list_text(&bad);
	if (fail)
		set(v, STATUS_FAIL, xasprintf("runs %s", t));
	else
		set(v, STATUS_PASS, xasprintf("none of them among its %zu process%s", n,
					      n == 1 ? "" : "es"));
}

static const char *const processes_params[] = {"processes", NULL};

const struct container_test container_test_processes = {
	.name = "processes",
	.help = "none of `processes` (e.g. sshd) runs in the container (running containers only)",
	.params = processes_params,
	.expect = processes_expect,
	.judge = processes_judge,
	.running_only = true,
	.needs_processes = true,
};
