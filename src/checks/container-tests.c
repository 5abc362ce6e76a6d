/* container-tests.c: the table of container tests (container-tests.h) and what the tests and
 * the two engine check kinds share: whether the engine facts can be used at all, who a user is,
 * how dockerd splits a SecurityOpt entry, and a bounded list for observed texts (a host with a
 * thousand published ports must not give a thousand-item line). */
#include <stdarg.h>
#include <string.h>

#include "check-common.h"
#include "container-tests.h"

extern const struct container_test container_test_apparmor, container_test_capabilities_added,
	container_test_cgroup_parent, container_test_cpu_limit, container_test_default_bridge,
	container_test_devices, container_test_docker_socket, container_test_healthcheck,
	container_test_host_namespace, container_test_memory_limit,
	container_test_mount_propagation, container_test_no_new_privileges,
	container_test_pids_limit, container_test_ports_bound, container_test_privileged,
	container_test_privileged_ports, container_test_processes, container_test_readonly_rootfs,
	container_test_restart_policy, container_test_seccomp, container_test_selinux,
	container_test_sensitive_mounts, container_test_user;

/* Adding a test: a `const struct container_test container_test_<name>` in the file of its
 * group (see container-tests.h), a line here kept sorted by name, the parameters it uses in its
 * params (and in check-container.c's schema when new), and cases in test-check-container.c. */
const struct container_test *const container_tests[] = {
	&container_test_apparmor,
	&container_test_capabilities_added,
	&container_test_cgroup_parent,
	&container_test_cpu_limit,
	&container_test_default_bridge,
	&container_test_devices,
	&container_test_docker_socket,
	&container_test_healthcheck,
	&container_test_host_namespace,
	&container_test_memory_limit,
	&container_test_mount_propagation,
	&container_test_no_new_privileges,
	&container_test_pids_limit,
	&container_test_ports_bound,
	&container_test_privileged,
	&container_test_privileged_ports,
	&container_test_processes,
	&container_test_readonly_rootfs,
	&container_test_restart_policy,
	&container_test_seccomp,
	&container_test_selinux,
	&container_test_sensitive_mounts,
	&container_test_user,
	NULL,
};

const struct container_test *container_test_find(const char *name)
{
	for (size_t i = 0; name && container_tests[i]; i++)
		if (STREQ(container_tests[i]->name, name))
			return container_tests[i];
	return NULL;
}

/* ---- the engine ---- */

const char *container_engine_source(const struct facts *f)
{
	if (f->engine.docker_host)
		return f->engine.docker_host;
	if (f->engine.status.source)
		return f->engine.status.source;
	return "Engine API";
}

bool container_engine_ready(const struct facts *f, struct result *res)
{
	const struct fact_status *s = &f->engine.status;
	if (!(f->probed & PROBE_ENGINE)) {
		/* check_require_probes() has no name for this probe's bit */
		result_set(res, STATUS_ERROR, "facts not collected: the engine probe did not run");
		result_add_evidence(res, "dockward", 0, 0, "probes not run: engine");
		return false;
	}
	switch (s->state) {
	case FACT_OK:
		return true;
	case FACT_UNKNOWN:
		if (s->reason && startswith(s->reason, "Engine API"))
			result_set(res, STATUS_NOT_APPLICABLE, "%s", s->reason);
		else
			result_set(res, STATUS_NOT_APPLICABLE, "Engine API not contacted%s%s",
				   s->reason ? ": " : "", s->reason ? s->reason : "");
		result_add_evidence(res, container_engine_source(f), 0, 0, "not contacted");
		return false;
	case FACT_INVALID:
		result_set(res, STATUS_ERROR, "Engine API answer not understood: %s",
			   check_status_reason(s));
		result_add_evidence(res, container_engine_source(f), 0, 0, "%s",
				    check_status_reason(s));
		return false;
	default: /* unreadable: nothing answers; absent: no engine there */
		result_set(res, STATUS_ERROR, "Engine API unreachable: %s", check_status_reason(s));
		result_add_evidence(res, container_engine_source(f), 0, 0, "%s",
				    check_status_reason(s));
		return false;
	}
}

/* ---- containers ---- */

bool container_user_is_root(const char *user)
{
	if (!user)
		return true;
	size_t n = strcspn(user, ":");
	if (n == 0)
		return true; /* "" or ":GROUP": the image's user, root unless it says otherwise */
	if (n == 4 && strncmp(user, "root", 4) == 0)
		return true;
	for (size_t i = 0; i < n; i++)
		if (user[i] != '0')
			return false;
	return true;
}

const char *container_security_opt(const char *opt, const char *name)
{
	if (!opt || !name)
		return NULL;
	if (STREQ(opt, "no-new-privileges"))
		return STREQ(name, "no-new-privileges") ? "true" : NULL;
	if (STREQ(opt, "disable"))
		return STREQ(name, "label") ? "disable" : NULL;
	/* daemon/daemon_unix.go parseSecurityOpt: '=' when there is one, else the old ':' */
	const char *sep = strchr(opt, '=');
	if (!sep)
		sep = strchr(opt, ':');
	if (!sep)
		return NULL;
	size_t n = strlen(name);
	if ((size_t)(sep - opt) != n || strncmp(opt, name, n) != 0)
		return NULL;
	return sep + 1;
}

/* ---- observed texts ---- */

void container_list_add(struct container_list *l, const char *fmt, ...)
{
	if (l->n++ >= CONTAINER_LIST_SHOWN)
		return;
	if (l->sb.len)
		strbuf_adds(&l->sb, ", ");
	va_list ap;
	va_start(ap, fmt);
	_cleanup_free_ char *t = xvasprintf(fmt, ap);
	va_end(ap);
	strbuf_adds(&l->sb, t);
}

char *container_list_text(struct container_list *l)
{
	if (l->n > CONTAINER_LIST_SHOWN)
		strbuf_addf(&l->sb, " and %zu more", l->n - CONTAINER_LIST_SHOWN);
	l->n = 0;
	return strbuf_detach(&l->sb);
}
