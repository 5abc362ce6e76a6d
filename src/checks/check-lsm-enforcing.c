/* check-lsm-enforcing.c: check kind `lsm_enforcing`.
 *
 * Decides whether a mandatory access control system confines containers, from the lsm facts:
 * SELinux (sys/fs/selinux/enforce live, SELINUX= in etc/selinux/config for the next boot) and
 * AppArmor (sys/module/apparmor/parameters/enabled, profiles in enforce mode).
 *
 *                       live enforcing    live permissive/absent
 *   config enforcing    SELinux ok        not ok
 *   config other/none   fail: not         not ok
 *                       persistent
 *
 *   AppArmor ok: enabled "Y" and at least one profile in enforce mode.
 *   any accepted one ok -> pass; SELinux enforcing but not persistent -> fail (whatever else);
 *   none ok, but one of them could not be read -> error; none ok -> fail.
 *   Under --root with no sys/ at all (an image): SELinux is judged on etc/selinux/config alone;
 *   otherwise not_applicable, since a stopped system has no live state to show. */
#include <errno.h>
#include <strings.h>

#include "check-common.h"
#include "check.h"

static const struct check_param params[] = {
	{"accept", PARAM_STRING_LIST, false,
	 "which LSMs count: selinux, apparmor (default both)"},
	{NULL},
};

static int validate(const struct value *check, const char *file, struct diags *diags)
{
	const struct value *acc = value_map_get(check, "accept");
	int r = 0;
	for (size_t i = 0; acc && acc->type == VALUE_LIST && i < acc->list.n; i++) {
		const struct value *v = acc->list.items[i];
		if (value_is_string(v, "selinux") || value_is_string(v, "apparmor"))
			continue;
		_cleanup_free_ char *t = value_to_text(v);
		int line, col;
		check_value_pos(check, acc, v, &line, &col);
		diags_add(diags, file, line, col, "accept: %s is not one of 'selinux', 'apparmor'", t);
		r = -EINVAL;
	}
	if (acc && acc->type == VALUE_LIST && acc->list.n == 0) {
		int line, col;
		check_value_pos(check, NULL, acc, &line, &col);
		diags_add(diags, file, line, col, "accept: must not be empty");
		r = -EINVAL;
	}
	return r;
}

static bool accepts(const struct rule *r, const char *name)
{
	const struct value *acc = check_param(r, "accept");
	if (!acc || acc->type != VALUE_LIST)
		return true;
	for (size_t i = 0; i < acc->list.n; i++)
		if (value_is_string(acc->list.items[i], name))
			return true;
	return false;
}

enum verdict { V_OK, V_NOT, V_UNKNOWN, V_NOT_PERSISTENT };

struct judged {
	enum verdict v;
	char *text;
};

static const char *fs_src(const struct fact_status *s, const char *def)
{
	return s->source ? s->source : def;
}

static struct judged selinux(const struct lsm_facts *l, bool offline, struct result *res)
{
	const char *enf = fs_src(&l->selinux_fs, "/sys/fs/selinux/enforce");
	const char *cfg = fs_src(&l->selinux_config, "/etc/selinux/config");
	bool cfg_enforcing = l->selinux_config.state == FACT_OK && l->selinux_config_mode &&
			     strcasecmp(l->selinux_config_mode, "enforcing") == 0;
	if (l->selinux_config.state == FACT_OK)
		result_add_evidence(res, cfg, l->selinux_config_line, 0, "SELINUX=%s",
				    l->selinux_config_mode ? l->selinux_config_mode : "(not set)");
	else
		result_add_evidence(res, cfg, 0, 0, "%s", check_status_reason(&l->selinux_config));

	if (offline) {
		if (cfg_enforcing)
			return (struct judged){V_OK, xstrdup("SELinux enforcing in etc/selinux/config "
							     "(offline root: no live state)")};
		return (struct judged){V_NOT,
				       xasprintf("SELinux not enforcing in etc/selinux/config (%s%s)",
						 l->selinux_config_mode ? "SELINUX=" : "",
						 l->selinux_config_mode
							 ? l->selinux_config_mode
							 : check_status_reason(&l->selinux_config))};
	}
	switch (l->selinux_fs.state) {
	case FACT_ABSENT:
		result_add_evidence(res, enf, 0, 0, "absent: SELinux is not active");
		return (struct judged){V_NOT, xstrdup("SELinux not active")};
	case FACT_OK:
		break;
	default:
		result_add_evidence(res, enf, 0, 0, "%s", check_status_reason(&l->selinux_fs));
		return (struct judged){V_UNKNOWN, xasprintf("SELinux state unknown: %s %s",
							    check_rel(enf),
							    check_status_reason(&l->selinux_fs))};
	}
	result_add_evidence(res, enf, 0, 0, "%d (%s)", l->selinux_enforce,
			    l->selinux_enforce == 1   ? "enforcing"
			    : l->selinux_enforce == 0 ? "permissive"
						      : "unknown");
	if (l->selinux_enforce == 0)
		return (struct judged){V_NOT, xstrdup("SELinux permissive")};
	if (l->selinux_enforce != 1)
		return (struct judged){V_UNKNOWN, xasprintf("SELinux state unknown: %s unreadable",
							    check_rel(enf))};
	if (cfg_enforcing)
		return (struct judged){V_OK, xstrdup("SELinux enforcing (live and in "
						     "etc/selinux/config)")};
	if (!check_state_usable(l->selinux_config.state))
		return (struct judged){V_UNKNOWN,
				       xasprintf("SELinux enforcing live, but etc/selinux/config is "
						 "%s", check_status_reason(&l->selinux_config))};
	_cleanup_free_ char *says = l->selinux_config_mode
					    ? xasprintf("says SELINUX=%s", l->selinux_config_mode)
				    : l->selinux_config.state == FACT_ABSENT ? xstrdup("is absent")
									     : xstrdup("sets no SELINUX=");
	return (struct judged){V_NOT_PERSISTENT,
			       xasprintf("SELinux enforcing live but not persistent: "
					 "etc/selinux/config %s",
					 says)};
}

static struct judged apparmor(const struct lsm_facts *l, struct result *res)
{
	const char *mod = fs_src(&l->apparmor_module, "/sys/module/apparmor/parameters/enabled");
	const char *prof = fs_src(&l->apparmor_profiles, "/sys/kernel/security/apparmor/profiles");
	switch (l->apparmor_module.state) {
	case FACT_ABSENT:
		result_add_evidence(res, mod, 0, 0, "absent: AppArmor is not in the kernel");
		return (struct judged){V_NOT, xstrdup("AppArmor not in the kernel")};
	case FACT_OK:
		break;
	default:
		result_add_evidence(res, mod, 0, 0, "%s", check_status_reason(&l->apparmor_module));
		return (struct judged){V_UNKNOWN,
				       xasprintf("AppArmor state unknown: %s %s", check_rel(mod),
						 check_status_reason(&l->apparmor_module))};
	}
	result_add_evidence(res, mod, 0, 0, "%s", l->apparmor_enabled ? "Y" : "N");
	if (!l->apparmor_enabled)
		return (struct judged){V_NOT, xstrdup("AppArmor disabled")};
	if (l->apparmor_profiles.state != FACT_OK) {
		result_add_evidence(res, prof, 0, 0, "%s",
				    check_status_reason(&l->apparmor_profiles));
		return (struct judged){V_UNKNOWN,
				       xasprintf("AppArmor enabled, profiles unknown: %s %s",
						 check_rel(prof),
						 check_status_reason(&l->apparmor_profiles))};
	}
	result_add_evidence(res, prof, 0, 0, "%zu in enforce mode, %zu in complain mode%s",
			    l->apparmor_enforce, l->apparmor_complain,
			    l->apparmor_docker_default ? ", docker-default enforced" : "");
	if (l->apparmor_enforce == 0)
		return (struct judged){V_NOT, xasprintf("AppArmor enabled but no profile in enforce "
							"mode (%zu in complain mode)",
							l->apparmor_complain)};
	return (struct judged){V_OK, xasprintf("AppArmor enabled, %zu %s in enforce mode%s",
					       l->apparmor_enforce,
					       l->apparmor_enforce == 1 ? "profile" : "profiles",
					       l->apparmor_docker_default ? " (docker-default among "
									    "them)"
									  : "")};
}

static void eval(const struct rule *r, const struct facts *f, struct result *res)
{
	const struct lsm_facts *l = &f->lsm;
	bool want_se = accepts(r, "selinux"), want_aa = accepts(r, "apparmor");

	result_expect(res, "%s%s%s", want_se ? "SELinux enforcing, live and in etc/selinux/config" : "",
		      want_se && want_aa ? ", or " : "",
		      want_aa ? "AppArmor enabled with profiles in enforce mode" : "");
	if (!check_require_probes(f, PROBE_LSM, res))
		return;

	/* an image or a stopped system: no sys/ to show live state */
	bool offline = f->host && !f->host->live && l->selinux_fs.state == FACT_ABSENT &&
		       l->apparmor_module.state == FACT_ABSENT;
	struct judged se = {V_NOT, NULL}, aa = {V_NOT, NULL};
	if (want_se)
		se = selinux(l, offline, res);
	if (want_aa && !offline)
		aa = apparmor(l, res);
	_cleanup_free_ char *se_text = se.text, *aa_text = aa.text;
	_cleanup_free_ char *both = xasprintf("%s%s%s", se_text ? se_text : "",
					      se_text && aa_text ? "; " : "", aa_text ? aa_text : "");

	if (se.v == V_NOT_PERSISTENT)
		result_set(res, STATUS_FAIL, "%s", se_text);
	else if (se.v == V_OK)
		result_set(res, STATUS_PASS, "%s", se_text);
	else if (aa.v == V_OK)
		result_set(res, STATUS_PASS, "%s", aa_text);
	else if (se.v == V_UNKNOWN || aa.v == V_UNKNOWN)
		result_set(res, STATUS_ERROR, "%s", both);
	else if (offline && want_aa) {
		result_add_evidence(res, "/sys/module/apparmor/parameters/enabled", 0, 0,
				    "absent, as is sys/fs/selinux: not a live root");
		result_set(res, STATUS_NOT_APPLICABLE, "offline root: %s%sAppArmor's live state "
						       "cannot be seen",
			   se_text ? se_text : "", se_text ? "; " : "");
	}
	else
		result_set(res, STATUS_FAIL, "%s", both);
}

const struct check_kind check_lsm_enforcing = {
	.name = "lsm_enforcing",
	.help = "SELinux is enforcing (persistently) or AppArmor is enabled with enforced profiles",
	.params = params,
	.probes = PROBE_LSM,
	.validate = validate,
	.eval = eval,
};
