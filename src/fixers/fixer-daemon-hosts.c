/* fixer-daemon-hosts.c: fixer kind `daemon_tcp_hosts`: no Docker API over TCP without TLS.
 *
 * When dockerd's TCP hosts lack TLS client verification (tlsverify true with tlscacert, tlscert
 * and tlskey, as the daemon_tcp_tls check judges it), every plain-TCP entry goes: from "hosts"
 * in daemon.json (the key is removed when nothing is left, so dockerd falls back to its default
 * unix socket) and every -H/--host flag with a tcp:// (or scheme-less, which dockerd reads as
 * tcp) value from its source (unit drop-in or DOCKER_OPTS, see daemon-fix.c). unix:// and fd://
 * entries stay. Setting up TLS needs certificates only the operator has, so it is not done
 * here; the plan warns that remote clients lose access. A port that something other than
 * dockerd's configuration holds is reported, not fixed. */
#include <errno.h>
#include <string.h>

#include "daemon-fix.h"
#include "fixer.h"

static const struct check_param params[] = {{NULL}};

static const char *const cert_keys[] = {"tlscacert", "tlscert", "tlskey", NULL};

/* dockerd reads an entry without a scheme as tcp (parseDaemonHost). */
static bool host_is_tcp(const char *h)
{
	while (*h == ' ' || *h == '\t')
		h++;
	if (startswith(h, "tcp://"))
		return true;
	return *h && *h != '/' && !strstr(h, "://");
}

static bool truthy(const struct value *v)
{
	return v && ((v->type == VALUE_BOOL && v->b) || value_is_string(v, "true"));
}

static bool tls_complete(const struct daemon_facts *d)
{
	if (!truthy(daemon_facts_effective(d, "tlsverify", NULL)))
		return false;
	for (size_t i = 0; cert_keys[i]; i++) {
		const struct value *v = daemon_facts_effective(d, cert_keys[i], NULL);
		if (!v || v->type != VALUE_STRING || !*v->s)
			return false;
	}
	return true;
}

/* Appends the tcp entries of v (a list or a string) to *tcp; returns v without them (a list),
 * or NULL when v was not a list. */
static struct value *without_tcp(const struct value *v, char ***tcp)
{
	if (!v)
		return NULL;
	if (v->type == VALUE_STRING) {
		if (host_is_tcp(v->s))
			strv_extend(tcp, v->s);
		return NULL;
	}
	if (v->type != VALUE_LIST)
		return NULL;
	struct value *out = value_new_list();
	for (size_t i = 0; i < v->list.n; i++) {
		const struct value *x = v->list.items[i];
		if (x->type == VALUE_STRING && host_is_tcp(x->s))
			strv_extend(tcp, x->s);
		else
			value_list_append(out, value_copy(x));
	}
	return out;
}

static void plan(const struct rule *r, const struct result *res, struct plan_builder *pb)
{
	(void)res;
	const struct daemon_facts *d = &pb_facts(pb)->daemon;
	if (tls_complete(d)) {
		pb_note(pb, r, NOTE_SKIPPED,
			"dockerd's tcp hosts use TLS client verification; what fails is a socket on "
			"a plain-Docker port that dockerd's configuration does not open: find what "
			"holds it (`ss -ltnp`) and stop it");
		return;
	}

	const struct daemon_setting *s = daemon_facts_find(d, "hosts");
	_cleanup_strv_free_ char **file_tcp = NULL, **flag_tcp = NULL;
	_cleanup_(value_freep) struct value *kept = s ? without_tcp(s->file_value, &file_tcp)
						      : NULL;
	/* only the list of plain-TCP flags is needed; the flags' kept value is dropped */
	value_free(s ? without_tcp(s->flag_value, &flag_tcp) : NULL);
	_cleanup_(value_freep) struct value *set = NULL;
	_cleanup_strv_free_ char **remove = NULL;

	if (file_tcp) {
		if (kept && kept->list.n) {
			set = value_new_map();
			value_map_set(set, "hosts", TAKE_PTR(kept));
		} else {
			strv_extend(&remove, "hosts");
		}
	}
	_cleanup_strv_free_ char **all = NULL;
	for (size_t i = 0; file_tcp && file_tcp[i]; i++)
		strv_extend(&all, file_tcp[i]);
	for (size_t i = 0; flag_tcp && flag_tcp[i]; i++)
		if (!strv_contains(all, flag_tcp[i]))
			strv_extend(&all, flag_tcp[i]);
	_cleanup_free_ char *list = all ? strv_join(all, ", ") : NULL;
	_cleanup_free_ char *what = xasprintf("remove the plain-TCP hosts %s", list ? list : "");

	struct daemon_change c = {
		.set = set,
		.remove = remove,
		.drop_key = "hosts",
		.drop_value = host_is_tcp,
		.what = what,
	};
	/* also runs when the facts list no tcp host: an ExecStart= that dockerd has not been
	 * restarted with may still carry one */
	if (!daemon_fix_plan(pb, r, &c))
		return;
	if (all)
		pb_note(pb, r, NOTE_WARNING,
			"the Docker API stops listening on %s: remote clients that use it lose "
			"access (use `docker -H ssh://USER@HOST`, or set up TLS with tlsverify, "
			"tlscacert, tlscert and tlskey and listen on 2376)",
			list);
	pb_rule_planned(pb, r);
}

const struct fixer_kind fixer_daemon_tcp_hosts = {
	.name = "daemon_tcp_hosts",
	.help = "remove tcp:// hosts without TLS verification from daemon.json and dockerd's -H "
		"flags (unix:// and fd:// stay)",
	.params = params,
	.plan = plan,
	.daemon_config = true,
};
