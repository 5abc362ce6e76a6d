/* check-daemon-tcp-tls.c: check kind `daemon_tcp_tls`.
 *
 * Decides whether the Docker API is reachable over TCP without TLS client verification, from
 * the daemon facts (every tcp:// entry of `hosts` in daemon.json and in the flags; tlsverify and
 * tlscacert/tlscert/tlskey) and the sockets facts (TCP sockets in LISTEN state, and which of them
 * the running dockerd holds).
 *
 *   a tcp:// host (or a bare "addr:port", which dockerd reads as tcp) without effective
 *     tlsverify=true, or without tlscacert, tlscert and tlskey set explicitly   -> fail
 *   a listening TCP socket held by dockerd while tlsverify is not true           -> fail
 *   anything listening on one of `ports` (2375: plain Docker by convention)      -> fail
 *   otherwise, when daemon.json or the sockets could not be read                 -> error
 *
 * The certificates must be set explicitly: dockerd's fallback (the .pem files in ~/.docker of
 * whoever starts it) is not something an audit can rely on. Without proc/net/tcp (an offline root)
 * only the configuration is judged, and the evidence says so. */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "check-common.h"
#include "check.h"

static const struct check_param params[] = {
	{"ports", PARAM_STRING_LIST, false,
	 "TCP ports on which any listener fails the rule (default [\"2375\"], the plain-Docker "
	 "port)"},
	{NULL},
};

static const char *const cert_keys[] = {"tlscacert", "tlscert", "tlskey", NULL};

static int validate(const struct value *check, const char *file, struct diags *diags)
{
	const struct value *ports = value_map_get(check, "ports");
	int r = 0;
	for (size_t i = 0; ports && ports->type == VALUE_LIST && i < ports->list.n; i++) {
		const struct value *p = ports->list.items[i];
		uint32_t n;
		if (p->type == VALUE_STRING && parse_uint32(p->s, &n) == 0 && n >= 1 && n <= 65535)
			continue;
		_cleanup_free_ char *t = value_to_text(p);
		int line, col;
		check_value_pos(check, ports, p, &line, &col);
		diags_add(diags, file, line, col, "ports: %s is not a TCP port", t);
		r = -EINVAL;
	}
	return r;
}

/* dockerd reads an entry without a scheme as tcp (parseDaemonHost). */
static bool host_is_tcp(const char *h)
{
	while (*h == ' ' || *h == '\t')
		h++;
	if (startswith(h, "tcp://"))
		return true;
	return *h && *h != '/' && !strstr(h, "://");
}

struct ctx {
	size_t n_fail;
	struct strbuf why;
};

static void add_fail(struct ctx *c, const char *fmt, ...) _printf_(2, 3);
static void add_fail(struct ctx *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	_cleanup_free_ char *s = xvasprintf(fmt, ap);
	va_end(ap);
	if (c->n_fail < 3)
		strbuf_addf(&c->why, "%s%s", c->n_fail ? "; " : "", s);
	c->n_fail++;
}

static bool port_listed(const struct value *ports, uint16_t port)
{
	if (!ports)
		return port == 2375;
	for (size_t i = 0; ports->type == VALUE_LIST && i < ports->list.n; i++) {
		uint32_t n;
		const struct value *p = ports->list.items[i];
		if (p->type == VALUE_STRING && parse_uint32(p->s, &n) == 0 && n == port)
			return true;
	}
	return false;
}

/* Collects the tcp:// entries of one hosts value (list or string). */
static void tcp_entries(const struct value *v, char ***ret)
{
	if (!v)
		return;
	if (v->type == VALUE_STRING) {
		if (host_is_tcp(v->s))
			strv_extend(ret, v->s);
		return;
	}
	for (size_t i = 0; v->type == VALUE_LIST && i < v->list.n; i++)
		tcp_entries(v->list.items[i], ret);
}

/* The certificate keys not set explicitly, joined by ", " ("" when all are). Caller frees. */
static char *missing_certs(const struct daemon_facts *d)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t k = 0; cert_keys[k]; k++) {
		const struct daemon_setting *s = daemon_facts_find(d, cert_keys[k]);
		bool set = s && ((s->flag_value && !check_value_empty(s->flag_value)) ||
				 (s->file_value && !check_value_empty(s->file_value)));
		if (!set)
			strbuf_addf(&sb, "%s%s", sb.len ? ", " : "", cert_keys[k]);
	}
	return strbuf_detach(&sb);
}

/* Evidence for tlsverify and the certificates, once. */
static void tls_evidence(struct result *res, const struct daemon_facts *d, bool *done)
{
	if (*done)
		return;
	*done = true;
	check_daemon_evidence(res, d, "tlsverify");
	for (size_t k = 0; cert_keys[k]; k++)
		if (daemon_facts_find(d, cert_keys[k]))
			check_daemon_evidence(res, d, cert_keys[k]);
}

static void eval(const struct rule *r, const struct facts *f, struct result *res)
{
	const struct daemon_facts *d = &f->daemon;
	const struct sockets_facts *so = &f->sockets;
	const struct value *ports = check_param(r, "ports");
	_cleanup_free_ char *ports_text = ports ? check_list_text(ports) : xstrdup("\"2375\"");

	result_expect(res, "every tcp:// host with tlsverify=true and tlscacert, tlscert, tlskey; "
			   "nothing listening on %s", ports_text);
	if (!check_daemon_present(f, res))
		return;
	if (!check_require_probes(f, PROBE_SOCKETS, res))
		return;

	struct ctx c = {.why = STRBUF_INIT};
	bool config_ok = check_daemon_config_usable(d);
	_cleanup_free_ char *config_problem = config_ok ? NULL : check_daemon_config_problem(d);

	/* TLS, when it can be known: a flag decides alone, else the file (or the default) */
	const struct daemon_setting *tv = daemon_facts_find(d, "tlsverify");
	bool tls_known = config_ok || (tv && tv->flag_value);
	const struct value *tvv = daemon_facts_effective(d, "tlsverify", NULL);
	bool tlsverify = tvv && ((tvv->type == VALUE_BOOL && tvv->b) || value_is_string(tvv, "true"));
	_cleanup_free_ char *tv_text = check_daemon_describe(d, "tlsverify");
	_cleanup_free_ char *miss = missing_certs(d);
	_cleanup_free_ char *tls_problem = !tlsverify ? xasprintf("without tlsverify (tlsverify: %s)",
								  tv_text)
				       : *miss	   ? xasprintf("without %s", miss)
						   : NULL;
	bool tls_shown = false;

	/* the configuration: every tcp:// entry of hosts, from the file and the flags */
	_cleanup_strv_free_ char **tcp = NULL;
	const struct daemon_setting *hs = daemon_facts_find(d, "hosts");
	if (hs) {
		tcp_entries(hs->flag_value, &tcp);
		tcp_entries(hs->file_value, &tcp);
	} else {
		tcp_entries(daemon_facts_effective(d, "hosts", NULL), &tcp);
	}
	check_daemon_evidence(res, d, "hosts");
	for (size_t i = 0; tcp && tcp[i] && tls_known; i++) {
		tls_evidence(res, d, &tls_shown);
		if (tls_problem)
			add_fail(&c, "%s %s", tcp[i], tls_problem);
		result_add_object(res, "host", tcp[i], tcp[i], tls_problem ? STATUS_FAIL : STATUS_PASS,
				  "%s", tls_problem ? tls_problem
						    : "tlsverify with tlscacert, tlscert, tlskey");
	}

	/* the sockets: what actually listens */
	bool sockets_ok = so->status.state == FACT_OK;
	struct strbuf held = STRBUF_INIT; /* tcp sockets dockerd holds, with TLS */
	if (so->status.state == FACT_ABSENT)
		result_add_evidence(res, so->status.source ? so->status.source : "/proc/net/tcp", 0, 0,
				    "absent (offline root?): listening sockets not checked");
	for (size_t i = 0; sockets_ok && i < so->n; i++) {
		const struct listen_socket *s = &so->items[i];
		bool by_dockerd = so->owners_known && s->dockerd;
		_cleanup_free_ char *id = xasprintf(s->family == 6 ? "[%s]:%" PRIu16 : "%s:%" PRIu16,
						    s->addr, s->port);
		/* the table read: /proc/net/tcp, or dockerd's /proc/PID/net/tcp (probe-sockets.c) */
		const char *table = so->status.source ? so->status.source : "/proc/net/tcp";
		_cleanup_free_ char *src = xasprintf("%s%s", table, s->family == 6 ? "6" : "");
		if (port_listed(ports, s->port)) {
			add_fail(&c, "%s listening on %s (a plain-Docker port)",
				 by_dockerd ? "dockerd" : "something", id);
			result_add_evidence(res, src, 0, 0, "LISTEN %s%s", id,
					    by_dockerd ? " (dockerd)" : "");
			result_add_object(res, "socket", id, id, STATUS_FAIL,
					  "listening on a plain-Docker port");
		} else if (by_dockerd && tls_known) {
			result_add_evidence(res, src, 0, 0, "LISTEN %s (dockerd)", id);
			tls_evidence(res, d, &tls_shown);
			if (tls_problem)
				add_fail(&c, "dockerd listening on tcp %s %s", id, tls_problem);
			else
				strbuf_addf(&held, "%s%s", held.len ? ", " : "", id);
			result_add_object(res, "socket", id, id,
					  tls_problem ? STATUS_FAIL : STATUS_PASS, "held by dockerd, %s",
					  tls_problem ? tls_problem : "with tlsverify");
		} else if (by_dockerd) {
			result_add_evidence(res, src, 0, 0, "LISTEN %s (dockerd)", id);
		}
	}

	_cleanup_free_ char *why = strbuf_detach(&c.why);
	_cleanup_free_ char *held_text = strbuf_detach(&held);
	if (c.n_fail) {
		result_set(res, STATUS_FAIL, "%s%s", why, c.n_fail > 3 ? "; ..." : "");
		if (!config_ok)
			check_daemon_config_evidence(res, d);
		return;
	}
	if (!config_ok) {
		bool hosts_known = hs && hs->flag_value;
		result_set(res, STATUS_ERROR, "cannot tell %s: daemon.json is %s (%s)",
			   !hosts_known ? "which hosts dockerd listens on"
			   : tcp	? "whether tlsverify is set"
					: "whether daemon.json also sets hosts",
			   fact_state_to_string(d->config.state), config_problem);
		check_daemon_config_evidence(res, d);
		return;
	}
	if (!check_state_usable(so->status.state)) {
		check_status_usable(res, &so->status, "the list of listening sockets",
				    "/proc/net/tcp");
		return;
	}

	_cleanup_free_ char *joined = tcp ? strv_join(tcp, ", ") : NULL;
	const char *listen = sockets_ok ? "; nothing listens on a plain-Docker port"
					: "; listening sockets not checked (no proc/net/tcp)";
	_cleanup_free_ char *held_note = *held_text ? xasprintf("; dockerd holds tcp %s, with TLS "
								"verification",
								held_text)
						    : xstrdup("");
	if (tcp)
		result_set(res, STATUS_PASS, "%s with tlsverify, tlscacert, tlscert, tlskey%s%s",
			   joined, held_note, listen);
	else
		result_set(res, STATUS_PASS, "no tcp:// host%s%s", held_note, listen);
}

const struct check_kind check_daemon_tcp_tls = {
	.name = "daemon_tcp_tls",
	.help = "the Docker API is not exposed over TCP without TLS client verification",
	.params = params,
	.probes = PROBE_DAEMON | PROBE_SOCKETS,
	.validate = validate,
	.eval = eval,
};
