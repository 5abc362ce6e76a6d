/* container-test-namespaces.c: container tests host_namespace and default_bridge.
 *
 * host_namespace (CIS 5.9 network, 5.15 pid, 5.16 ipc, 5.20 uts, 5.30 user, and cgroup) fails
 * a container whose HostConfig mode for that namespace is "host". "container:ID" joins another
 * container's namespace, which is not the host's: it passes, saying so. For the user namespace,
 * "host" is the explicit --userns=host that opts out of the daemon's remapping.
 *
 * The cgroup namespace is judged only on cgroup v2. On cgroup v1 dockerd 20.10 creates every
 * container in the host's cgroup namespace unless told --cgroupns=private, and reports
 * CgroupnsMode "host" for them: the test would fail every container of such a host for a
 * default nobody chose, so the rule is not_applicable there, with that reason. When /info does
 * not say which cgroup version runs, "host" cannot be judged (error).
 *
 * default_bridge (CIS 5.29) fails a container on the default bridge docker0: NetworkMode
 * "default" or "bridge" (or "", which dockerd reads as default). */
#include <string.h>

#include "check-common.h"
#include "container-tests.h"

struct ns {
	const char *name;  /* the rule's namespace parameter */
	const char *field; /* HostConfig field */
	size_t offset;     /* of the mode in struct container_fact */
};

static const struct ns namespaces[] = {
	{"cgroup", "CgroupnsMode", offsetof(struct container_fact, cgroupns_mode)},
	{"ipc", "IpcMode", offsetof(struct container_fact, ipc_mode)},
	{"network", "NetworkMode", offsetof(struct container_fact, network_mode)},
	{"pid", "PidMode", offsetof(struct container_fact, pid_mode)},
	{"user", "UsernsMode", offsetof(struct container_fact, userns_mode)},
	{"uts", "UTSMode", offsetof(struct container_fact, uts_mode)},
};

static const struct ns *ns_of(const struct rule *r)
{
	const char *name = check_param_string(r, "namespace", "");
	for (size_t i = 0; i < ELEMENTSOF(namespaces); i++)
		if (STREQ(namespaces[i].name, name))
			return &namespaces[i];
	return NULL;
}

static const char *mode_of(const struct ns *n, const struct container_fact *c)
{
	const char *m = *(char *const *)((const char *)c + n->offset);
	return m ? m : "";
}

static char *host_namespace_expect(const struct rule *r)
{
	const struct ns *n = ns_of(r);
	return xasprintf("no container shares the host's %s namespace", n ? n->name : "?");
}

static bool host_namespace_applies(const struct rule *r, const struct facts *f, char **why)
{
	const struct ns *n = ns_of(r);
	if (n && STREQ(n->name, "cgroup") && f->engine.cgroup_version == 1) {
		*why = xstrdup("the engine runs on cgroup v1, where dockerd puts every container "
			       "in the host's cgroup namespace unless created with "
			       "--cgroupns=private and reports CgroupnsMode \"host\"; judged on "
			       "cgroup v2 only");
		return false;
	}
	return true;
}

static void host_namespace_judge(const struct rule *r, const struct facts *f,
				 const struct container_fact *c, struct container_verdict *v)
{
	const struct ns *n = ns_of(r);
	if (!n) { /* validate() refuses it */
		v->status = STATUS_ERROR;
		v->observed = xstrdup("no namespace given");
		return;
	}
	const char *m = mode_of(n, c);
	if (STREQ(m, "host")) {
		if (STREQ(n->name, "cgroup") && f->engine.cgroup_version != 2) {
			v->status = STATUS_ERROR;
			v->observed = xstrdup("CgroupnsMode host, but the engine does not say "
					      "which cgroup version it runs (on v1 that is the "
					      "default)");
			return;
		}
		v->status = STATUS_FAIL;
		v->observed = xasprintf("%s host: shares the host's %s namespace", n->field,
					n->name);
		return;
	}
	v->status = STATUS_PASS;
	if (startswith(m, "container:"))
		v->observed = xasprintf("%s %.22s: the %s namespace of another container, not the "
					"host's",
					n->field, m, n->name);
	else if (STREQ(n->name, "user") && !*m && !f->engine.userns)
		v->observed = xstrdup("UsernsMode default; the daemon does not remap users");
	else
		v->observed = xasprintf("%s %s", n->field, *m ? m : "default");
}

static const char *const host_namespace_params[] = {"namespace", NULL};

const struct container_test container_test_host_namespace = {
	.name = "host_namespace",
	.help = "the container does not share the host's namespace given by `namespace` (pid, "
		"network, ipc, uts, user or cgroup)",
	.params = host_namespace_params,
	.expect = host_namespace_expect,
	.applies = host_namespace_applies,
	.judge = host_namespace_judge,
};

static void default_bridge_judge(const struct rule *r, const struct facts *f,
				 const struct container_fact *c, struct container_verdict *v)
{
	(void)r;
	(void)f;
	const char *m = c->network_mode ? c->network_mode : "";
	if (!*m || STREQ(m, "default") || STREQ(m, "bridge")) { /* dockerd reads "" as default */
		v->status = STATUS_FAIL;
		v->observed = xasprintf("NetworkMode %s: on the default bridge docker0",
					*m ? m : "(empty)");
		return;
	}
	v->status = STATUS_PASS;
	if (startswith(m, "container:"))
		v->observed = xasprintf("NetworkMode %.22s: the network of another container", m);
	else
		v->observed = xasprintf("NetworkMode %s", m);
}

static const char *const no_params[] = {NULL};

const struct container_test container_test_default_bridge = {
	.name = "default_bridge",
	.help = "the container is not on the default bridge docker0 (NetworkMode default or "
		"bridge)",
	.params = no_params,
	.judge = default_bridge_judge,
};
