/* container-tests.h: the tests that check kind `container` runs on each container, one table.
 * Private to src/checks/.
 *
 * check-container.c does what every container rule shares: it says why nothing could be judged
 * (engine not contacted, not reachable, answer not understood), asks the test whether it applies
 * to this host at all (AppArmor options only where the engine has AppArmor), walks the selected
 * containers, turns each verdict into one object of the result (name, id, image, status,
 * observed), and sums them up: fail when one fails, else error when one could not be judged,
 * else pass when one passed, else not_applicable ("no running containers").
 *
 * A test judges one container from its facts (and the rule's parameters, and the host's facts
 * for daemon-wide settings). It is pure, like every check. */
#pragma once

#include <stdbool.h>

#include "baseline.h"
#include "check.h"
#include "facts.h"
#include "result.h"

struct container_verdict {
	enum status status; /* PASS, FAIL, ERROR (a fact it needs is missing) or NOT_APPLICABLE */
	char *observed;     /* short, about this container: "CapAdd: SYS_ADMIN, NET_ADMIN" */
};

struct container_test {
	const char *name; /* the value of the rule's `test` parameter: "privileged" */
	const char *help; /* one line for `dockward rules` and the docs */
	/* Which optional parameters of the kind it uses (names from check-container.c's schema,
	 * NULL-terminated); the loader refuses the others for this test. */
	const char *const *params;
	/* Optional: the result's expected text, from the parameters ("no container shares the
	 * host's pid namespace"); caller frees. Without it: help. */
	char *(*expect)(const struct rule *r);
	/* Optional: whether the rule applies on this host at all (e.g. the engine has no AppArmor).
	 * false with *why (caller frees) makes the whole result not_applicable. */
	bool (*applies)(const struct rule *r, const struct facts *f, char **why);
	/* Judges one container (inspected: c->inspect.state == FACT_OK). Sets v->status and
	 * v->observed (malloc'ed). Stopped containers are judged too, unless running_only. */
	void (*judge)(const struct rule *r, const struct facts *f, const struct container_fact *c,
		      struct container_verdict *v);
	bool running_only; /* needs a running container (processes): others are not_applicable */
	bool needs_processes; /* asks the engine probe for each container's processes */
};

/* Sorted by name, NULL-terminated (container-tests.c). */
extern const struct container_test *const container_tests[];
const struct container_test *container_test_find(const char *name);

/* ---- shared by the tests and by check-image.c (container-tests.c) ---- */

/* Whether the engine facts can be used: the engine probe ran, the engine was contacted and
 * answered. Otherwise sets the result (not_applicable when not contacted, error when
 * unreachable or not understood, with the docker host as evidence) and returns false. */
bool container_engine_ready(const struct facts *f, struct result *res);
/* The docker host for evidence ("unix:///var/run/docker.sock"). Borrowed, never NULL. */
const char *container_engine_source(const struct facts *f);

/* Config.User runs as root: "", "root", "0", "root:GROUP", "0:GROUP" (and "00"). */
bool container_user_is_root(const char *user);

/* The value of a SecurityOpt entry named name, split as dockerd does ('=' first, else ':');
 * the bare forms "no-new-privileges" (-> "true") and "disable" (label -> "disable") count.
 * NULL when opt is not about name. Borrowed from opt. */
const char *container_security_opt(const char *opt, const char *name);

/* A bounded list for observed texts: "a, b, c and 4 more". */
struct container_list {
	struct strbuf sb;
	size_t n;
};
#define CONTAINER_LIST_SHOWN 8
void container_list_add(struct container_list *l, const char *fmt, ...) _printf_(2, 3);
/* The text (caller frees); the list is reset. */
char *container_list_text(struct container_list *l);

/* The tests, by file:
 *   container-test-namespaces.c  host_namespace, default_bridge
 *   container-test-privileges.c  privileged, capabilities_added, no_new_privileges, seccomp,
 *                                apparmor, selinux, devices, user
 *   container-test-mounts.c      sensitive_mounts, docker_socket, mount_propagation
 *   container-test-resources.c   memory_limit, cpu_limit, pids_limit, readonly_rootfs,
 *                                cgroup_parent
 *   container-test-runtime.c     restart_policy, healthcheck, processes
 *   container-test-network.c     privileged_ports, ports_bound */
