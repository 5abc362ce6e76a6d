/* check-sysctl.c: check kind `sysctl`.
 *
 * Decides whether a kernel parameter has the wanted value now and after a reboot, from the
 * sysctl facts: the live value (proc/sys/<key with '.' as '/'>) and the value that wins at boot
 * (systemd-sysctl order over sysctl.d and etc/sysctl.conf, last assignment wins). Values are
 * compared after whitespace normalisation (runs of blanks and tabs are one space); a bool in
 * the rule means 1 or 0.
 *
 *   proc/sys present, the key absent from it   -> not_applicable ("kernel has no <key>")
 *   proc/sys absent (an image, a fixture)      -> only the persisted value is judged
 *   live value differs                         -> fail
 *   persisted value differs, or not persisted  -> fail ("not persisted")
 *   live value unreadable, proc/sys unreadable -> error */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "check-common.h"
#include "check.h"

static const struct check_param params[] = {
	{"key", PARAM_STRING, true, "dotted kernel parameter, e.g. net.ipv4.ip_forward"},
	{"equals", PARAM_SCALAR, true, "the wanted value (whitespace-normalised; true/false mean 1/0)"},
	{"live", PARAM_BOOL, false, "judge the running kernel's value (default true)"},
	{"persisted", PARAM_BOOL, false,
	 "judge the value sysctl.d / sysctl.conf set at boot (default true)"},
	{NULL},
};

static int validate(const struct value *check, const char *file, struct diags *diags)
{
	int r = 0;
	const struct value *k = value_map_get(check, "key");
	if (k && k->type == VALUE_STRING) {
		bool ok = *k->s && k->s[0] != '.' && !strstr(k->s, "..") &&
			  k->s[strlen(k->s) - 1] != '.';
		for (const char *p = k->s; ok && *p; p++)
			ok = isalnum((unsigned char)*p) || strchr("._-:@", *p);
		if (!ok) {
			int line, col;
			check_value_pos(check, NULL, k, &line, &col);
			diags_add(diags, file, line, col,
				  "key: '%s' is not a sysctl key such as net.ipv4.ip_forward", k->s);
			r = -EINVAL;
		}
	}
	const struct value *live = value_map_get(check, "live");
	const struct value *pers = value_map_get(check, "persisted");
	if (live && live->type == VALUE_BOOL && !live->b && pers && pers->type == VALUE_BOOL &&
	    !pers->b) {
		diags_add(diags, file, check->line, check->col,
			  "live and persisted are both false: nothing to check");
		r = -EINVAL;
	}
	return r;
}

static void request(const struct rule *r, const struct facts *f, struct fact_requests *q)
{
	(void)f;
	const char *key = check_param_string(r, "key", NULL);
	if (key)
		fact_requests_add_sysctl(q, key);
}

/* Trimmed, blank runs as one space. Caller frees. */
static char *normalize(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	bool blank = false;
	for (const char *p = s; p && *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			blank = sb.len > 0;
			continue;
		}
		if (blank)
			strbuf_addc(&sb, ' ');
		blank = false;
		strbuf_addc(&sb, *p);
	}
	return strbuf_detach(&sb);
}

static char *wanted_text(const struct value *v)
{
	if (v && v->type == VALUE_BOOL)
		return xstrdup(v->b ? "1" : "0");
	if (v && v->type == VALUE_INT)
		return xasprintf("%" PRId64, v->i);
	if (v && v->type == VALUE_STRING)
		return normalize(v->s);
	return xstrdup("");
}

static void eval(const struct rule *r, const struct facts *f, struct result *res)
{
	const char *key = check_param_string(r, "key", "");
	bool want_live = check_param_bool(r, "live", true);
	bool want_pers = check_param_bool(r, "persisted", true);
	_cleanup_free_ char *want = wanted_text(check_param(r, "equals"));
	const struct sysctl_facts *sf = &f->sysctl;

	result_expect(res, "%s = %s%s", key, want,
		      want_live && want_pers ? " (live and persisted)"
		      : want_live	     ? " (live)"
					     : " (persisted)");
	if (!check_require_probes(f, PROBE_SYSCTL, res))
		return;
	const struct sysctl_fact *s = facts_find_sysctl(sf, key);
	if (!s) {
		result_set(res, STATUS_ERROR, "%s was not collected (no request for it)", key);
		result_add_evidence(res, "/proc/sys", 0, 0, "%s not collected by the sysctl probe",
				    key);
		return;
	}

	_cleanup_free_ char *proc = xasprintf("/proc/sys/%s", key);
	for (char *p = proc + strlen("/proc/sys/"); *p; p++)
		if (*p == '.')
			*p = '/';

	/* live: the kernel */
	bool offline = sf->live_root.state == FACT_ABSENT;
	if (!offline && !check_status_usable(res, &sf->live_root, "proc/sys", "/proc/sys"))
		return;
	if (!offline && s->live.state == FACT_ABSENT) {
		result_set(res, STATUS_NOT_APPLICABLE, "kernel has no %s", key);
		result_add_evidence(res, proc, 0, 0, "absent");
		return;
	}
	if (!offline && want_live && !check_status_usable(res, &s->live, check_rel(proc), proc))
		return;

	struct strbuf obs = STRBUF_INIT;
	bool fail = false;
	if (offline) {
		strbuf_adds(&obs, "live value not seen (no proc/sys: offline root)");
		result_add_evidence(res, "/proc/sys", 0, 0, "absent: offline root");
	} else if (s->live.state == FACT_OK) {
		_cleanup_free_ char *live = normalize(s->live_value);
		bool bad = want_live && !STREQ(live, want);
		fail |= bad;
		strbuf_addf(&obs, "live %s%s", live,
			    want_live ? (bad ? " (wrong)" : "") : " (not judged)");
		result_add_evidence(res, proc, 0, 0, "%s", live);
	}

	/* persisted: what boot applies */
	if (s->persisted_value) {
		_cleanup_free_ char *pv = normalize(s->persisted_value);
		bool bad = want_pers && !STREQ(pv, want);
		fail |= bad;
		strbuf_addf(&obs, "%spersisted %s (%s:%d)%s", obs.len ? "; " : "", pv,
			    check_rel(s->persisted_file), s->persisted_line,
			    want_pers ? (bad ? " (wrong)" : "") : " (not judged)");
		result_add_evidence(res, s->persisted_file ? s->persisted_file : "/etc/sysctl.d",
				    s->persisted_line, 0, "%s = %s", key, pv);
	} else {
		fail |= want_pers;
		_cleanup_free_ char *files = sf->files_read ? strv_join(sf->files_read, ", ")
							    : xstrdup("");
		strbuf_addf(&obs, "%snot persisted%s", obs.len ? "; " : "",
			    want_pers ? "" : " (not judged)");
		result_add_evidence(res, sf->files_read ? sf->files_read[0] : "/etc/sysctl.d", 0, 0,
				    "%s is not set in %s", key,
				    *files ? files : "any sysctl file (none found)");
	}
	_cleanup_free_ char *o = strbuf_detach(&obs);

	if (offline && !want_pers) {
		result_set(res, STATUS_NOT_APPLICABLE,
			   "offline root: no live value, and the rule does not judge persistence");
		return;
	}
	result_set(res, fail ? STATUS_FAIL : STATUS_PASS, "%s", o);
}

const struct check_kind check_sysctl = {
	.name = "sysctl",
	.help = "a kernel parameter has the wanted value, live and as persisted for boot",
	.params = params,
	.probes = PROBE_SYSCTL,
	.validate = validate,
	.request = request,
	.eval = eval,
};
