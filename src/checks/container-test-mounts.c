/* container-test-mounts.c: container tests about what of the host a container sees.
 *
 *   sensitive_mounts   CIS 5.5   a bind or volume whose source is one of `exact_paths`, or is
 *                                one of `paths` or below one ("/etc", "/etc/ssl")
 *   docker_socket      CIS 5.31  a bind or volume of the Docker socket in any form: one of
 *                                `socket_paths`, the socket the audit talks to, a unix socket
 *                                dockerd listens on (-H), or a directory holding one ("/var/run")
 *   mount_propagation  CIS 5.19  a mount with shared or rshared propagation
 *
 * A source is judged both as the engine gives it and resolved on the host (real_source, when
 * the engine probe could resolve it): binding /srv/link-to-etc is binding /etc. Paths are
 * compared on whole components (check_path_equal, check_path_below). */
#include <string.h>

#include "check-common.h"
#include "container-tests.h"

static const char *const default_sockets[] = {"/var/run/docker.sock", "/run/docker.sock", NULL};

static bool has_source(const struct container_mount *m)
{
	return m->source && m->source[0] == '/' && m->type &&
	       (STREQ(m->type, "bind") || STREQ(m->type, "volume"));
}

/* The mount as the report shows it: "/etc -> /host-etc (ro)", with the resolved source when it
 * differs. */
static void add_mount(struct container_list *l, const struct container_mount *m, const char *note)
{
	bool resolved = m->real_source && !check_path_equal(m->real_source, m->source);
	container_list_add(l, "%.200s%s%.200s%s -> %.200s (%s)%s%s", m->source,
			   resolved ? " (resolves to " : "", resolved ? m->real_source : "",
			   resolved ? ")" : "", m->destination ? m->destination : "?",
			   m->rw ? "rw" : "ro", note ? ": " : "", note ? note : "");
}

static void finish(struct container_verdict *v, struct container_list *bad, size_t n_checked,
		   const char *none)
{
	bool fail = bad->n > 0;
	_cleanup_free_ char *t = container_list_text(bad);
	v->status = fail ? STATUS_FAIL : STATUS_PASS;
	if (fail)
		v->observed = xstrdup(t);
	else if (n_checked)
		v->observed = xasprintf("%s (%zu mount%s)", none, n_checked,
					n_checked == 1 ? "" : "s");
	else
		v->observed = xstrdup("no mounts");
}

/* ---- sensitive_mounts ---- */

static bool path_hit(const char *src, const struct value *paths, bool below)
{
	for (size_t i = 0; src && paths && paths->type == VALUE_LIST && i < paths->list.n; i++) {
		const struct value *p = paths->list.items[i];
		if (p->type != VALUE_STRING)
			continue;
		if (check_path_equal(src, p->s) || (below && check_path_below(src, p->s)))
			return true;
	}
	return false;
}

static char *sensitive_expect(const struct rule *r)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "no container mounts ");
	const struct value *p = check_param(r, "paths"), *e = check_param(r, "exact_paths");
	if (p) {
		_cleanup_free_ char *t = check_list_or(p);
		strbuf_addf(&sb, "%s or below", t);
	}
	if (e) {
		_cleanup_free_ char *t = check_list_or(e);
		strbuf_addf(&sb, "%s%s", p ? ", nor " : "", t);
	}
	return strbuf_detach(&sb);
}

static void sensitive_judge(const struct rule *r, const struct facts *f,
			    const struct container_fact *c, struct container_verdict *v)
{
	(void)f;
	const struct value *paths = check_param(r, "paths");
	const struct value *exact = check_param(r, "exact_paths");
	struct container_list bad = {STRBUF_INIT, 0};
	size_t n = 0;
	for (size_t i = 0; i < c->n_mounts; i++) {
		const struct container_mount *m = &c->mounts[i];
		if (!has_source(m))
			continue;
		n++;
		if (path_hit(m->source, paths, true) || path_hit(m->source, exact, false) ||
		    path_hit(m->real_source, paths, true) || path_hit(m->real_source, exact, false))
			add_mount(&bad, m, NULL);
	}
	finish(v, &bad, n, "no sensitive host path mounted");
}

static const char *const sensitive_params[] = {"paths", "exact_paths", NULL};

const struct container_test container_test_sensitive_mounts = {
	.name = "sensitive_mounts",
	.help = "the container mounts no host path of `exact_paths`, and none of `paths` or below "
		"one (bind and volume sources, also resolved)",
	.params = sensitive_params,
	.expect = sensitive_expect,
	.judge = sensitive_judge,
};

/* ---- docker_socket ---- */

/* The socket path that src is, or holds; NULL when none. *ret_dir: src is a directory of it. */
static const char *socket_hit(const char *src, const struct value *sockets, bool *ret_dir)
{
	size_t n = sockets && sockets->type == VALUE_LIST ? sockets->list.n
							   : ELEMENTSOF(default_sockets) - 1;
	for (size_t i = 0; src && i < n; i++) {
		const char *s = NULL;
		if (!sockets)
			s = default_sockets[i];
		else if (sockets->list.items[i]->type == VALUE_STRING)
			s = sockets->list.items[i]->s;
		if (!s)
			continue;
		if (check_path_equal(src, s)) {
			*ret_dir = false;
			return s;
		}
		if (check_path_below(s, src)) {
			*ret_dir = true;
			return s;
		}
	}
	return NULL;
}

/* The engine's own sockets, wherever they are: the unix socket the audit talks to, and the
 * unix:// hosts dockerd listens on (its -H flags or daemon.json). A list value; caller frees. */
static struct value *engine_sockets(const struct facts *f)
{
	struct value *l = value_new_list();
	if (f->engine.docker_host && startswith(f->engine.docker_host, "unix://"))
		value_list_append(l, value_new_string(f->engine.docker_host + strlen("unix://")));
	const struct value *h = (f->probed & PROBE_DAEMON)
					? daemon_facts_effective(&f->daemon, "hosts", NULL)
					: NULL;
	for (size_t i = 0; h && h->type == VALUE_LIST && i < h->list.n; i++) {
		const struct value *x = h->list.items[i];
		if (x->type == VALUE_STRING && startswith(x->s, "unix:///"))
			value_list_append(l, value_new_string(x->s + strlen("unix://")));
	}
	return l;
}

static void socket_judge(const struct rule *r, const struct facts *f,
			 const struct container_fact *c, struct container_verdict *v)
{
	const struct value *sockets = check_param(r, "socket_paths");
	_cleanup_(value_freep) struct value *own = engine_sockets(f);
	struct container_list bad = {STRBUF_INIT, 0};
	size_t n = 0;
	for (size_t i = 0; i < c->n_mounts; i++) {
		const struct container_mount *m = &c->mounts[i];
		if (!has_source(m))
			continue;
		n++;
		bool dir = false;
		const char *s = socket_hit(m->source, sockets, &dir);
		if (!s)
			s = socket_hit(m->real_source, sockets, &dir);
		if (!s && own->list.n)
			s = socket_hit(m->source, own, &dir);
		if (!s && own->list.n)
			s = socket_hit(m->real_source, own, &dir);
		if (!s)
			continue;
		_cleanup_free_ char *note = dir ? xasprintf("holds %.200s", s) : NULL;
		add_mount(&bad, m, note);
	}
	finish(v, &bad, n, "Docker socket not mounted");
}

static char *socket_expect(const struct rule *r)
{
	const struct value *l = check_param(r, "socket_paths");
	_cleanup_free_ char *t = l ? check_list_or(l) : xstrdup("/var/run/docker.sock or "
								  "/run/docker.sock");
	return xasprintf("no container mounts the Docker socket (%s) or a directory holding it", t);
}

static const char *const socket_params[] = {"socket_paths", NULL};

const struct container_test container_test_docker_socket = {
	.name = "docker_socket",
	.help = "the container does not mount the Docker socket (`socket_paths`, default "
		"/var/run/docker.sock and /run/docker.sock) or a directory holding it",
	.params = socket_params,
	.expect = socket_expect,
	.judge = socket_judge,
};

/* ---- mount_propagation ---- */

static void propagation_judge(const struct rule *r, const struct facts *f,
			      const struct container_fact *c, struct container_verdict *v)
{
	(void)r;
	(void)f;
	struct container_list bad = {STRBUF_INIT, 0};
	for (size_t i = 0; i < c->n_mounts; i++) {
		const struct container_mount *m = &c->mounts[i];
		const char *p = m->propagation ? m->propagation : "";
		if (STREQ(p, "shared") || STREQ(p, "rshared"))
			container_list_add(&bad, "%.200s -> %.200s (%s)",
					   m->source && *m->source ? m->source : "?",
					   m->destination ? m->destination : "?", p);
	}
	bool fail = bad.n > 0;
	_cleanup_free_ char *t = container_list_text(&bad);
	v->status = fail ? STATUS_FAIL : STATUS_PASS;
	v->observed = fail ? xasprintf("shared propagation: %s", t)
			   : c->n_mounts ? xasprintf("no shared mount (%zu mount%s)", c->n_mounts,
						     c->n_mounts == 1 ? "" : "s")
					 : xstrdup("no mounts");
}

static const char *const no_params[] = {NULL};

const struct container_test container_test_mount_propagation = {
	.name = "mount_propagation",
	.help = "no mount of the container has shared or rshared propagation",
	.params = no_params,
	.judge = propagation_judge,
};
