/* container-test-network.c: container tests about the ports a container publishes on the host.
 *
 *   privileged_ports  CIS 5.7   a published host port from 1 to `below` - 1 (default 1024:
 *                               the ports only root may bind)
 *   ports_bound       CIS 5.13  a port published on every interface: HostIp "", "0.0.0.0" or
 *                               "::" (dockerd reads "" as every interface)
 *
 * Both read HostConfig.PortBindings, which is what the container asked for and what dockerd
 * publishes again at each start. A host port 0 is one dockerd picks at start (ephemeral, above
 * 1024). Ports are shown as docker ps shows them: "0.0.0.0:8080->80/tcp", "[::]:8443->8443/tcp". */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "check-common.h"
#include "container-tests.h"

#define DEFAULT_BELOW 1024

static bool every_interface(const char *ip)
{
	return !ip || !*ip || STREQ(ip, "0.0.0.0") || STREQ(ip, "::") || STREQ(ip, "[::]");
}

static void add_port(struct container_list *l, const struct container_port *p)
{
	const char *ip = p->host_ip && *p->host_ip ? p->host_ip : "0.0.0.0";
	bool v6 = strchr(ip, ':') && ip[0] != '[';
	char port[16] = "random";
	if (p->host_port)
		snprintf(port, sizeof(port), "%" PRIu32, p->host_port);
	container_list_add(l, "%s%.64s%s:%s->%.32s", v6 ? "[" : "", ip, v6 ? "]" : "", port,
			   p->container_port ? p->container_port : "?");
}

/* Fails with what and the bad ports, else passes listing the published ones. */
static void finish(struct container_verdict *v, const struct container_fact *c,
		   struct container_list *bad, const char *what)
{
	bool fail = bad->n > 0;
	_cleanup_free_ char *t = container_list_text(bad);
	v->status = fail ? STATUS_FAIL : STATUS_PASS;
	if (fail) {
		v->observed = xasprintf("%s %s", what, t);
		return;
	}
	if (!c->n_ports) {
		v->observed = xstrdup("no published ports");
		return;
	}
	struct container_list all = {STRBUF_INIT, 0};
	for (size_t i = 0; i < c->n_ports; i++)
		add_port(&all, &c->ports[i]);
	_cleanup_free_ char *a = container_list_text(&all);
	v->observed = xasprintf("publishes %s", a);
}

/* ---- privileged_ports ---- */

static char *privileged_ports_expect(const struct rule *r)
{
	return xasprintf("no container publishes a host port below %" PRId64,
			 check_param_int(r, "below", DEFAULT_BELOW));
}

static void privileged_ports_judge(const struct rule *r, const struct facts *f,
				   const struct container_fact *c, struct container_verdict *v)
{
	(void)f;
	int64_t below = check_param_int(r, "below", DEFAULT_BELOW);
	struct container_list bad = {STRBUF_INIT, 0};
	for (size_t i = 0; i < c->n_ports; i++)
		if (c->ports[i].host_port >= 1 && (int64_t)c->ports[i].host_port < below)
			add_port(&bad, &c->ports[i]);
	_cleanup_free_ char *what = xasprintf("host ports below %" PRId64 ":", below);
	finish(v, c, &bad, what);
}

static const char *const privileged_ports_params[] = {"below", NULL};

const struct container_test container_test_privileged_ports = {
	.name = "privileged_ports",
	.help = "the container publishes no host port below `below` (default 1024)",
	.params = privileged_ports_params,
	.expect = privileged_ports_expect,
	.judge = privileged_ports_judge,
};

/* ---- ports_bound ---- */

static void ports_bound_judge(const struct rule *r, const struct facts *f,
			      const struct container_fact *c, struct container_verdict *v)
{
	(void)r;
	(void)f;
	struct container_list bad = {STRBUF_INIT, 0};
	for (size_t i = 0; i < c->n_ports; i++)
		if (every_interface(c->ports[i].host_ip))
			add_port(&bad, &c->ports[i]);
	finish(v, c, &bad, "bound to every interface:");
}

static const char *const no_params[] = {NULL};

const struct container_test container_test_ports_bound = {
	.name = "ports_bound",
	.help = "every port the container publishes is bound to a given host address, not to "
		"every interface",
	.params = no_params,
	.judge = ports_bound_judge,
};
