/* check-container.c: check kind `container`.
 *
 * Judges every selected container of the running engine with one test of container-tests.h
 * (CIS Docker Benchmark 1.6.0 section 5 and 4.1, numbered as docker-bench-security numbers
 * them), from the engine facts: one object per container, and a summary ("2 of 7 containers
 * fail: hostpid, web").
 *
 *   engine probe not run                         -> error
 *   engine not contacted (offline root)          -> not_applicable, with the probe's reason
 *   engine unreachable, or answers not understood -> error, with the docker host as evidence
 *   container list unusable                      -> error
 *   the test does not apply to this engine       -> not_applicable (no AppArmor, cgroup v1, ...)
 *   no container selected                        -> not_applicable ("no running containers")
 *   a container gone between list and inspect    -> left out
 *   a container whose inspect did not parse      -> its object is an error
 *   running_only test, container not running     -> its object is not_applicable
 *   needs_processes, processes not seen          -> its object is an error
 * then: fail when one fails, else error when one could not be judged, else pass when one
 * passed, else not_applicable.
 *
 * validate() refuses an unknown test, a parameter the test does not use, and a test without
 * the parameters it cannot do without (namespace, processes, paths or exact_paths). */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "check-common.h"
#include "check.h"
#include "container-tests.h"

static const struct check_param params[] = {
	{"test", PARAM_STRING, true,
	 "what to judge in each container: host_namespace, privileged, sensitive_mounts, ... "
	 "(`dockward rules` lists them)"},
	{"namespace", PARAM_STRING, false,
	 "host_namespace: pid, network, ipc, uts, user or cgroup"},
	{"capabilities", PARAM_STRING_LIST, false,
	 "capabilities_added: the capabilities that fail (SYS_ADMIN or CAP_SYS_ADMIN; ALL: any); "
	 "default: any added capability"},
	{"paths", PARAM_STRING_LIST, false,
	 "sensitive_mounts: host paths that fail when mounted, and anything below them"},
	{"exact_paths", PARAM_STRING_LIST, false,
	 "sensitive_mounts: host paths that fail when mounted themselves (\"/\", \"/run\")"},
	{"processes", PARAM_STRING_LIST, false,
	 "processes: process names that must not run in a container (sshd)"},
	{"below", PARAM_INT, false, "privileged_ports: host ports below this fail (default 1024)"},
	{"max_retries", PARAM_INT, false,
	 "restart_policy: most on-failure retries allowed (default 5)"},
	{"socket_paths", PARAM_STRING_LIST, false,
	 "docker_socket: the engine's sockets (default /var/run/docker.sock, /run/docker.sock)"},
	{NULL},
};

static const char *const namespaces[] = {"pid", "network", "ipc", "uts", "user", "cgroup", NULL};
static const char *const path_lists[] = {"paths", "exact_paths", "socket_paths", NULL};
static const char *const nonempty_lists[] = {"paths",     "exact_paths",  "socket_paths",
					     "processes", "capabilities", NULL};

static bool test_uses(const struct container_test *t, const char *param)
{
	for (size_t i = 0; t->params && t->params[i]; i++)
		if (STREQ(t->params[i], param))
			return true;
	return false;
}

/* A diag at v, else at its list, else at the check map. */
static int diag_at(const struct value *check, const struct value *list, const struct value *v,
		   const char *file, struct diags *diags, const char *msg)
{
	int line, col;
	check_value_pos(check, list, v, &line, &col);
	diags_add(diags, file, line, col, "%s", msg);
	return -EINVAL;
}

static int validate_test_params(const struct value *check, const char *file, struct diags *diags,
				const struct container_test *t)
{
	int r = 0;
	for (size_t i = 0; i < check->map.n; i++) {
		const char *key = check->map.keys[i];
		if (STREQ(key, "kind") || STREQ(key, "test") || test_uses(t, key))
			continue;
		_cleanup_free_ char *takes = t->params && t->params[0]
						     ? strv_join((char *const *)t->params, ", ")
						     : xstrdup("none");
		_cleanup_free_ char *msg = xasprintf(
			"%s: not a parameter of test '%s' (it takes %s)", key, t->name, takes);
		r = diag_at(check, NULL, check->map.vals[i], file, diags, msg);
	}
	const char *need = NULL;
	if (test_uses(t, "namespace") && !value_map_get(check, "namespace"))
		need = "namespace";
	else if (test_uses(t, "processes") && !value_map_get(check, "processes"))
		need = "processes";
	else if (test_uses(t, "paths") && !value_map_get(check, "paths") &&
		 !value_map_get(check, "exact_paths"))
		need = "paths or exact_paths";
	if (need) {
		_cleanup_free_ char *msg = xasprintf("test '%s' needs %s", t->name, need);
		r = diag_at(check, NULL, NULL, file, diags, msg);
	}
	return r;
}

static int validate_values(const struct value *check, const char *file, struct diags *diags)
{
	int r = check_validate_enum(check, file, diags, "namespace", namespaces);
	for (size_t i = 0; path_lists[i]; i++)
		if (check_validate_abs_path(check, file, diags, path_lists[i]) < 0)
			r = -EINVAL;
	for (size_t i = 0; nonempty_lists[i]; i++) {
		const struct value *v = value_map_get(check, nonempty_lists[i]);
		if (v && v->type == VALUE_LIST && v->list.n == 0) {
			_cleanup_free_ char *msg =
				xasprintf("%s: must not be empty", nonempty_lists[i]);
			r = diag_at(check, NULL, v, file, diags, msg);
		}
		for (size_t j = 0; v && v->type == VALUE_LIST && j < v->list.n; j++) {
			const struct value *it = v->list.items[j];
			if (it->type == VALUE_STRING && *it->s)
				continue;
			_cleanup_free_ char *msg = xasprintf("%s: items must be non-empty strings",
							     nonempty_lists[i]);
			r = diag_at(check, v, it, file, diags, msg);
		}
	}
	const struct value *caps = value_map_get(check, "capabilities");
	for (size_t i = 0; caps && caps->type == VALUE_LIST && i < caps->list.n; i++) {
		const struct value *it = caps->list.items[i];
		bool ok = it->type == VALUE_STRING && *it->s && strlen(it->s) < 48;
		for (const char *p = ok ? it->s : ""; *p; p++)
			ok &= (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
			      (*p >= '0' && *p <= '9') || *p == '_';
		if (!ok) {
			_cleanup_free_ char *t = value_to_text(it);
			_cleanup_free_ char *msg = xasprintf(
				"capabilities: %s is not a capability name such as SYS_ADMIN", t);
			r = diag_at(check, caps, it, file, diags, msg);
		}
	}
	const struct value *below = value_map_get(check, "below");
	if (below && below->type == VALUE_INT && (below->i < 1 || below->i > 65536)) {
		_cleanup_free_ char *msg = xasprintf(
			"below: %" PRId64 " is not a port bound from 1 to 65536", below->i);
		r = diag_at(check, NULL, below, file, diags, msg);
	}
	const struct value *max = value_map_get(check, "max_retries");
	if (max && max->type == VALUE_INT && (max->i < 0 || max->i > 1000000)) {
		_cleanup_free_ char *msg =
			xasprintf("max_retries: %" PRId64 " is not from 0 to 1000000", max->i);
		r = diag_at(check, NULL, max, file, diags, msg);
	}
	return r;
}

static int validate(const struct value *check, const char *file, struct diags *diags)
{
	const struct value *tv = value_map_get(check, "test");
	if (!tv || tv->type != VALUE_STRING)
		return diag_at(check, NULL, tv, file, diags,
			       "test: a container test name is required");
	const struct container_test *t = container_test_find(tv->s);
	if (!t) {
		struct strbuf sb = STRBUF_INIT;
		for (size_t i = 0; container_tests[i]; i++)
			strbuf_addf(&sb, "%s%s", i ? ", " : "", container_tests[i]->name);
		_cleanup_free_ char *names = strbuf_detach(&sb);
		_cleanup_free_ char *msg = xasprintf("test: '%.64s' is not a container test, "
						     "expected one of %s",
						     tv->s, names);
		return diag_at(check, NULL, tv, file, diags, msg);
	}
	int r = validate_test_params(check, file, diags, t);
	int v = validate_values(check, file, diags);
	return r < 0 ? r : v;
}

static const struct container_test *test_of(const struct rule *r)
{
	return container_test_find(check_param_string(r, "test", ""));
}

static void request(const struct rule *r, const struct facts *f, struct fact_requests *q)
{
	(void)f;
	const struct container_test *t = test_of(r);
	if (t && t->needs_processes)
		q->engine_processes = true;
}

static char *expectation(const struct rule *r, const struct container_test *t)
{
	if (t->expect)
		return t->expect(r);
	if (startswith(t->help, "the container "))
		return xasprintf("each container %s", t->help + strlen("the container "));
	return xstrdup(t->help);
}

struct tally {
	size_t n[_STATUS_MAX];
	size_t total, gone;
	struct container_list failed, errors;
};

/* One container: its verdict as an object of the result. */
static void judge_one(const struct rule *r, const struct facts *f, const struct container_test *t,
		      const struct container_fact *c, struct result *res, struct tally *y)
{
	const char *name = c->name && *c->name ? c->name : c->id ? c->id : "?";
	struct container_verdict v = {STATUS_ERROR, NULL};
	if (c->inspect.state == FACT_ABSENT) {
		y->gone++;
		return;
	}
	if (c->inspect.state != FACT_OK)
		v.observed = xasprintf("inspect: %s", check_status_reason(&c->inspect));
	else if (t->running_only && !c->running)
		v = (struct container_verdict){STATUS_NOT_APPLICABLE,
					       xasprintf("not running (%s)",
							 c->state ? c->state : "unknown state")};
	else if (t->needs_processes && c->processes.state != FACT_OK)
		v.observed = xasprintf("processes: %s", check_status_reason(&c->processes));
	else
		t->judge(r, f, c, &v);
	if (!v.observed) /* a test that forgot to say: never an unexplained verdict */
		v.observed = xstrdup("(no detail)");
	result_add_container(res, c->id, name, c->image, v.status, "%s", v.observed);
	y->total++;
	y->n[v.status]++;
	if (v.status == STATUS_FAIL)
		container_list_add(&y->failed, "%.128s", name);
	else if (v.status == STATUS_ERROR)
		container_list_add(&y->errors, "%.128s", name);
	free(v.observed);
}

/* "; 2 skipped (name matches ^web); 1 removed while inspected" */
static char *extras(const struct engine_facts *e, const struct tally *y)
{
	struct strbuf sb = STRBUF_INIT;
	if (e->n_skipped)
		strbuf_addf(&sb, "; %zu skipped%s%s%s", e->n_skipped, e->selection ? " (" : "",
			    e->selection ? e->selection : "", e->selection ? ")" : "");
	if (y->gone)
		strbuf_addf(&sb, "; %zu removed while inspected", y->gone);
	return strbuf_detach(&sb);
}

static void summarise(const struct engine_facts *e, struct tally *y, struct result *res)
{
	const char *what = e->all_containers ? "containers" : "running containers";
	_cleanup_free_ char *more = extras(e, y);
	_cleanup_free_ char *failed = container_list_text(&y->failed);
	_cleanup_free_ char *errors = container_list_text(&y->errors);
	size_t total = y->total;
	const char *s = total == 1 ? "" : "s";
	if (total == 0)
		result_set(res, STATUS_NOT_APPLICABLE, "no %s%s", what, more);
	else if (y->n[STATUS_FAIL])
		result_set(res, STATUS_FAIL, "%zu of %zu container%s fail%s: %s%s",
			   y->n[STATUS_FAIL], total, s, y->n[STATUS_FAIL] == 1 ? "s" : "", failed,
			   more);
	else if (y->n[STATUS_ERROR])
		result_set(res, STATUS_ERROR, "%zu of %zu container%s could not be judged: %s%s",
			   y->n[STATUS_ERROR], total, s, errors, more);
	else if (y->n[STATUS_PASS])
		result_set(res, STATUS_PASS, "%zu of %zu container%s pass%s%s", y->n[STATUS_PASS],
			   total, s, y->n[STATUS_PASS] == 1 ? "es" : "", more);
	else
		result_set(res, STATUS_NOT_APPLICABLE, "none of %zu container%s is running%s",
			   total, s, more);
}

static void eval(const struct rule *r, const struct facts *f, struct result *res)
{
	const struct container_test *t = test_of(r);
	if (!t) { /* validate() refuses it */
		result_expect(res, "a container test");
		result_set(res, STATUS_ERROR, "unknown container test '%s'",
			   check_param_string(r, "test", ""));
		result_add_evidence(res, "dockward", 0, 0, "no such container test");
		return;
	}
	_cleanup_free_ char *exp = expectation(r, t);
	result_expect(res, "%s", exp);

	if (!container_engine_ready(f, res))
		return;
	const struct engine_facts *e = &f->engine;
	const char *src = container_engine_source(f);
	if (!check_state_usable(e->containers_status.state)) {
		const char *why = check_status_reason(&e->containers_status);
		result_set(res, STATUS_ERROR, "the container list is %s", why);
		result_add_evidence(res, src, 0, 0, "/containers/json: %s", why);
		return;
	}
	result_add_evidence(res, src, 0, 0,
			    "/containers/json%s: %zu %s selected, %zu skipped%s%s%s",
			    e->all_containers ? "?all=1" : "", e->n_containers,
			    e->n_containers == 1 ? "container" : "containers", e->n_skipped,
			    e->selection ? " (" : "", e->selection ? e->selection : "",
			    e->selection ? ")" : "");
	if (t->needs_processes && e->processes_source)
		result_add_evidence(res, src, 0, 0, "processes seen in %s", e->processes_source);

	_cleanup_free_ char *why = NULL;
	if (t->applies && !t->applies(r, f, &why)) {
		result_set(res, STATUS_NOT_APPLICABLE, "%s", why ? why : "does not apply here");
		return;
	}

	struct tally y = {.failed = {STRBUF_INIT, 0}, .errors = {STRBUF_INIT, 0}};
	for (size_t i = 0; i < e->n_containers; i++)
		judge_one(r, f, t, &e->containers[i], res, &y);
	summarise(e, &y, res);
}

const struct check_kind check_container = {
	.name = "container",
	.help = "every selected container of the running engine passes one test (CIS section 5): "
		"namespaces, privileges, mounts, limits, restart policy, ports, processes",
	.params = params,
	.probes = PROBE_ENGINE | PROBE_DAEMON, /* daemon: no_new_privileges's daemon-wide setting */
	.validate = validate,
	.request = request,
	.eval = eval,
};
