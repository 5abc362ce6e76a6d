/* check-daemon-option.c: check kind `daemon_option`.
 *
 * Decides whether one dockerd setting has the wanted value, from the daemon facts alone:
 * daemon.json merged with dockerd's flags (daemon_facts_effective), and dockerd's default from
 * the option table when nothing sets the key. Exactly one test is given: equals, one_of,
 * not_one_of, present or excludes.
 *
 *   Docker not installed                         -> not_applicable
 *   key set both by a flag and in daemon.json    -> fail (dockerd refuses to start)
 *   key not set by a flag, daemon.json unusable  -> error, with the parse error
 *   nothing sets the key                         -> when_unset: default (judge dockerd's default,
 *                                                   or "unset" when it has none) | pass | fail
 *   log-level while debug is on (flag or file)   -> judged as "debug": dockerd logs at debug
 *
 * Then the running daemon, when the Engine API tells the key (engine_setting): the
 * configuration and the daemon must both hold the wanted value. When only the configuration
 * does, the result fails with evidence from both and restart_required (the daemon was not
 * restarted since); when only the daemon does, it fails too (the next restart loses it).
 *
 * A list value (hosts, insecure-registries, ...) passes one_of when every item is allowed and
 * not_one_of / excludes when no item is forbidden. */
#include <errno.h>
#include <string.h>

#include "check-common.h"
#include "check.h"
#include "daemon-options.h"

static const struct check_param params[] = {
	{"key", PARAM_STRING, true, "daemon.json key of the setting, e.g. icc or log-level"},
	{"equals", PARAM_ANY, false, "the effective value must equal this value"},
	{"one_of", PARAM_SCALAR_LIST, false,
	 "the effective value must be one of these (each item of a list value)"},
	{"not_one_of", PARAM_SCALAR_LIST, false,
	 "the effective value must be none of these (no item of a list value)"},
	{"present", PARAM_BOOL, false,
	 "true: the key must be set to a non-empty value by daemon.json or a flag; false: it must "
	 "not be"},
	{"excludes", PARAM_STRING_LIST, false,
	 "glob patterns; no item of the value (or the string value) may match one"},
	{"when_unset", PARAM_STRING, false,
	 "when nothing sets the key: default (judge dockerd's default; default), pass or fail"},
	{NULL},
};

static const char *const tests[] = {"equals", "one_of", "not_one_of", "present", "excludes", NULL};
static const char *const when_unset_values[] = {"default", "pass", "fail", NULL};

static int validate(const struct value *check, const char *file, struct diags *diags)
{
	int r = check_validate_exactly_one(check, file, diags, tests);
	int k = check_validate_enum(check, file, diags, "when_unset", when_unset_values);
	int d = check_validate_daemon_key(check, file, diags, "key");
	return r < 0 ? r : k < 0 ? k : d;
}

/* The items to judge: a list's items, or the value itself. */
static size_t n_items(const struct value *v)
{
	return v->type == VALUE_LIST ? v->list.n : 1;
}

static const struct value *item(const struct value *v, size_t i)
{
	return v->type == VALUE_LIST ? v->list.items[i] : v;
}

static bool in_list(const struct value *list, const struct value *x)
{
	for (size_t i = 0; list && list->type == VALUE_LIST && i < list->list.n; i++)
		if (check_value_equal(list->list.items[i], x))
			return true;
	return false;
}

static const char *glob_hit(const struct value *globs, const struct value *x)
{
	_cleanup_free_ char *t = check_value_plain(x);
	for (size_t i = 0; globs && globs->type == VALUE_LIST && i < globs->list.n; i++) {
		const struct value *g = globs->list.items[i];
		if (g->type == VALUE_STRING && glob_match(g->s, t))
			return g->s;
	}
	return NULL;
}

/* Judges v (may be NULL: unset) against the one test of the rule. On failure *why says which
 * item broke it (caller frees). */
static bool judge(const struct rule *r, const struct value *v, bool explicit, char **why)
{
	const struct value *p;
	if ((p = check_param(r, "equals")))
		return v && check_value_equal(v, p);
	if ((p = check_param(r, "present"))) {
		bool present = explicit && !check_value_empty(v);
		return present == (p->type == VALUE_BOOL && p->b);
	}
	if ((p = check_param(r, "one_of"))) {
		if (!v)
			return false;
		for (size_t i = 0; i < n_items(v); i++)
			if (!in_list(p, item(v, i))) {
				_cleanup_free_ char *t = value_to_text(item(v, i));
				*why = xasprintf("%s is not one of them", t);
				return false;
			}
		return true;
	}
	if ((p = check_param(r, "not_one_of"))) {
		if (!v)
			return true;
		for (size_t i = 0; i < n_items(v); i++)
			if (in_list(p, item(v, i))) {
				_cleanup_free_ char *t = value_to_text(item(v, i));
				*why = xasprintf("%s is forbidden", t);
				return false;
			}
		return true;
	}
	if ((p = check_param(r, "excludes"))) {
		if (!v || v->type == VALUE_NULL || v->type == VALUE_MAP)
			return true;
		for (size_t i = 0; i < n_items(v); i++) {
			const char *g = glob_hit(p, item(v, i));
			if (g) {
				_cleanup_free_ char *t = value_to_text(item(v, i));
				*why = xasprintf("%s matches \"%s\"", t, g);
				return false;
			}
		}
		return true;
	}
	return false; /* validate() guarantees one test */
}

static char *expectation(const struct rule *r, const char *key)
{
	const struct value *p;
	if ((p = check_param(r, "equals"))) {
		_cleanup_free_ char *t = check_value_plain(p);
		return xasprintf("%s is %s", key, t);
	}
	if ((p = check_param(r, "present")))
		return xasprintf(p->type == VALUE_BOOL && p->b ? "%s is set" : "%s is not set", key);
	if ((p = check_param(r, "one_of"))) {
		_cleanup_free_ char *t = check_list_text(p);
		return xasprintf("%s is one of %s", key, t);
	}
	if ((p = check_param(r, "not_one_of"))) {
		_cleanup_free_ char *t = check_list_text(p);
		return xasprintf("%s is none of %s", key, t);
	}
	if ((p = check_param(r, "excludes"))) {
		_cleanup_free_ char *t = check_list_text(p);
		return xasprintf("%s has no item matching %s", key, t);
	}
	return xasprintf("%s is as the rule says", key);
}

/* log-level: --debug (or "debug": true) makes dockerd log at debug level whatever log-level
 * says. When debug is on, the effective log level is "debug", from where debug is set. */
static bool debug_overrides(const struct daemon_facts *d, const char *key)
{
	if (!STREQ(key, "log-level"))
		return false;
	const struct value *dbg = daemon_facts_effective(d, "debug", NULL);
	return dbg && dbg->type == VALUE_BOOL && dbg->b;
}

/* The running daemon's verdict, when the Engine API tells the key: folds it into the result
 * that the configuration gave (cfg_ok). The file can hold the wanted value while the daemon
 * that runs has another (never restarted since, or a flag overrides it): that fails, with
 * evidence from both, and restart_required when a restart would settle it. */
static void judge_running(const struct rule *r, const struct facts *f, const char *key,
			  const char *when_unset, bool cfg_ok, const char *cfg_observed,
			  struct result *res)
{
	const struct engine_setting *s = check_engine_setting(f, key);
	if (!s) {
		/* the engine answered, but not the request that tells this key: say so */
		const struct fact_status *st = STREQ(key, "icc") ? &f->engine.bridge : &f->engine.info;
		if ((f->probed & PROBE_ENGINE) && f->engine.status.state == FACT_OK &&
		    st->state != FACT_OK && st->reason)
			result_add_evidence(res, STREQ(key, "icc") ? "GET /networks/bridge" : "GET /info",
					    0, 0, "not compared with the running daemon: %s",
					    st->reason);
		return;
	}
	check_engine_evidence(res, f, s);
	const struct value *v = s->value;
	bool unset = !v || v->type == VALUE_NULL;
	bool run_ok;
	if (unset && !STREQ(when_unset, "default")) {
		run_ok = STREQ(when_unset, "pass");
	} else {
		if (unset) {
			const struct daemon_option *o = daemon_option_by_key(key);
			v = o ? o->default_value : NULL;
		}
		_cleanup_free_ char *why = NULL;
		run_ok = judge(r, v, !unset, &why);
	}
	_cleanup_free_ char *t = unset ? xstrdup("its default") : value_to_text(v);
	if (cfg_ok && run_ok) {
		result_set(res, STATUS_PASS, "%s; the running daemon agrees (%s)", cfg_observed, t);
	} else if (cfg_ok) {
		res->restart_required = true;
		result_set(res, STATUS_FAIL,
			   "%s, but the running daemon has %s: it was not restarted since the "
			   "configuration changed",
			   cfg_observed, t);
	} else if (run_ok) {
		result_set(res, STATUS_FAIL,
			   "%s; the running daemon still has %s, until its next restart", cfg_observed,
			   t);
	} else {
		result_set(res, STATUS_FAIL, "%s; the running daemon has %s too", cfg_observed, t);
	}
}

static void eval(const struct rule *r, const struct facts *f, struct result *res)
{
	const char *key = check_param_string(r, "key", "");
	const char *when_unset = check_param_string(r, "when_unset", "default");
	const struct daemon_facts *d = &f->daemon;

	_cleanup_free_ char *exp = expectation(r, key);
	result_expect(res, "%s", exp);

	if (!check_daemon_present(f, res))
		return;
	if (check_daemon_conflict(res, d, key))
		return;
	struct daemon_lookup l;
	if (!check_daemon_lookup(res, d, key, &l))
		return;

	bool explicit = l.source != DAEMON_SOURCE_DEFAULT;
	_cleanup_free_ char *observed = check_daemon_describe(d, key);
	check_daemon_evidence(res, d, key);

	_cleanup_(value_freep) struct value *debug_level = NULL;
	const struct value *v = l.value;
	if (debug_overrides(d, key)) {
		_cleanup_free_ char *where = check_daemon_where(d, "debug");
		check_daemon_evidence(res, d, "debug");
		free(observed);
		observed = xasprintf("debug (%s turns debug logging on, whatever log-level says)",
				     where);
		debug_level = value_new_string("debug");
		v = debug_level;
		explicit = true;
	}

	bool ok;
	_cleanup_free_ char *why = NULL;
	if (!explicit && !STREQ(when_unset, "default")) {
		ok = STREQ(when_unset, "pass");
		char *o2 = xasprintf("%s; the rule says unset is a %s", observed, ok ? "pass" : "fail");
		free(observed);
		observed = o2;
	} else {
		ok = judge(r, v, explicit, &why);
		if (!ok && why) {
			char *o2 = xasprintf("%s; %s", observed, why);
			free(observed);
			observed = o2;
		}
	}
	result_set(res, ok ? STATUS_PASS : STATUS_FAIL, "%s", observed);
	judge_running(r, f, key, when_unset, ok, observed, res);
}

const struct check_kind check_daemon_option = {
	.name = "daemon_option",
	.help = "a dockerd setting (daemon.json merged with flags, else dockerd's default) has the "
		"wanted value",
	.params = params,
	.probes = PROBE_DAEMON | PROBE_ENGINE,
	.validate = validate,
	.eval = eval,
};
