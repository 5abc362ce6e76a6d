/* check-daemon-config-valid.c: check kind `daemon_config_valid`.
 *
 * Decides whether dockerd would accept its configuration, from the daemon facts: daemon.json's
 * state and parse error, its keys against the option table (dockerd 20.10 refuses unknown
 * directives and values of the wrong type), and the keys set both as a flag and in the file
 * (dockerd refuses to start: "the following directives are specified both as a flag and in the
 * configuration file").
 *
 *   Docker not installed            -> not_applicable
 *   daemon.json absent              -> pass (dockerd uses its defaults)
 *   daemon.json unreadable          -> error
 *   invalid JSON / not an object    -> fail, at line:col
 *   unknown key, wrong type, clash  -> fail, one object per directive */
#include <string.h>

#include "check-common.h"
#include "check.h"
#include "daemon-options.h"

static const struct check_param params[] = {{NULL}};

static enum value_type wanted_type(enum daemon_option_type t)
{
	switch (t) {
	case DAEMON_OPT_BOOL:
		return VALUE_BOOL;
	case DAEMON_OPT_STRING:
		return VALUE_STRING;
	case DAEMON_OPT_LIST:
		return VALUE_LIST;
	case DAEMON_OPT_MAP:
		return VALUE_MAP;
	case DAEMON_OPT_INT:
		return VALUE_INT;
	default:
		return _VALUE_TYPE_MAX;
	}
}

static void eval(const struct rule *r, const struct facts *f, struct result *res)
{
	(void)r;
	const struct daemon_facts *d = &f->daemon;
	const char *src = d->config.source ? d->config.source : "/etc/docker/daemon.json";

	result_expect(res, "daemon.json absent, or a JSON object of known directives with values "
			   "of the right type, none also set as a flag");
	if (!check_daemon_present(f, res))
		return;

	switch (d->config.state) {
	case FACT_ABSENT:
		if (!STREQ(src, "/etc/docker/daemon.json")) {
			/* dockerd ignores a missing default file, never one named by --config-file */
			result_set(res, STATUS_FAIL,
				   "--config-file '%s' does not exist: dockerd refuses to start", src);
			result_add_evidence(res, d->flags_source ? d->flags_source : "dockerd flags",
					    d->flags_line, 0, "%s", res->observed);
		} else {
			result_set(res, STATUS_PASS, "%s is absent: dockerd uses its defaults",
				   check_rel(src));
		}
		result_add_evidence(res, src, 0, 0, "absent");
		return;
	case FACT_INVALID: {
		_cleanup_free_ char *why = check_daemon_config_problem(d);
		result_set(res, STATUS_FAIL, "not valid: %s; dockerd refuses to start", why);
		const struct diag *e = &d->config_error;
		result_add_evidence(res, e->file ? e->file : src, e->line, e->col, "%s",
				    e->message ? e->message : check_status_reason(&d->config));
		return;
	}
	case FACT_OK:
		break;
	default:
		check_status_usable(res, &d->config, "daemon.json", src);
		return;
	}

	/* not judged (the option table may lag behind dockerd), but worth showing */
	if (d->unknown_flags) {
		_cleanup_free_ char *u = strv_join(d->unknown_flags, " ");
		result_add_evidence(res, d->flags_source ? d->flags_source : "dockerd flags",
				    d->flags_line, 0, "flags dockward does not know: %s", u);
	}

	size_t bad = 0, n_file = 0;
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < d->n_settings; i++) {
		const struct daemon_setting *s = &d->settings[i];
		if (!s->file_value)
			continue;
		n_file++;
		const struct daemon_option *o = daemon_option_by_key(s->key);
		_cleanup_free_ char *problem = NULL;
		if (!o) {
			problem = xasprintf("unknown directive '%s'", s->key);
		} else if (s->file_value->type != wanted_type(o->type) &&
			   s->file_value->type != VALUE_NULL) {
			/* null is fine: Go's decoder leaves the field at its zero value */
			enum value_type have = s->file_value->type, want = wanted_type(o->type);
			problem = xasprintf("'%s' is %s %s, dockerd wants %s %s", s->key,
					    have == VALUE_INT ? "an" : "a", value_type_to_string(have),
					    want == VALUE_INT ? "an" : "a", value_type_to_string(want));
		} else if (s->flag_value) {
			_cleanup_free_ char *ft = s->flag_text ? xstrdup(s->flag_text)
							       : xasprintf("--%s", s->key);
			problem = xasprintf("'%s' is also set as flag %s", s->key, ft);
			result_add_evidence(res, d->flags_source ? d->flags_source : "dockerd flags",
					    d->flags_line, 0, "%s", ft);
		}
		if (!problem)
			continue;
		_cleanup_free_ char *v = value_to_text(s->file_value);
		result_add_evidence(res, src, s->file_line, s->file_col, "\"%s\": %s: %s", s->key, v,
				    problem);
		result_add_object(res, "directive", s->key, s->key, STATUS_FAIL, "%s (%s:%d)",
				  problem, check_rel(src), s->file_line);
		if (bad < 3)
			strbuf_addf(&sb, "%s%s (line %d)", bad ? "; " : "", problem, s->file_line);
		bad++;
	}
	_cleanup_free_ char *list = strbuf_detach(&sb);
	if (bad) {
		result_set(res, STATUS_FAIL, "%zu problem%s in %s: %s%s; dockerd refuses to start",
			   bad, bad == 1 ? "" : "s", check_rel(src), list, bad > 3 ? "; ..." : "");
		return;
	}
	result_set(res, STATUS_PASS, "%s is valid: %zu directive%s, all known, none also set as a flag",
		   check_rel(src), n_file, n_file == 1 ? "" : "s");
	result_add_evidence(res, src, 0, 0, "%zu directive%s", n_file, n_file == 1 ? "" : "s");
}

const struct check_kind check_daemon_config_valid = {
	.name = "daemon_config_valid",
	.help = "daemon.json is absent or valid: JSON, known directives, right types, no clash with "
		"flags",
	.params = params,
	.probes = PROBE_DAEMON,
	.eval = eval,
};
