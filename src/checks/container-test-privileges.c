/* container-test-privileges.c: container tests about what a container may do to the kernel.
 *
 *   privileged          CIS 5.4   HostConfig.Privileged
 *   capabilities_added  CIS 5.3   HostConfig.CapAdd has one of `capabilities` (any added one
 *                                 when not given); "ALL" is every capability, and so is
 *                                 --privileged
 *   no_new_privileges   CIS 5.25  SecurityOpt no-new-privileges, else the daemon-wide setting
 *                                 (daemon.json / flag, or the running daemon's /info); an
 *                                 explicit no-new-privileges=false fails whatever the daemon says
 *   seccomp             CIS 5.21  SecurityOpt seccomp=unconfined, --privileged (dockerd turns
 *                                 seccomp off for it) or a daemon whose default is unconfined
 *   apparmor            CIS 5.1   AppArmorProfile unconfined or empty, where the engine has
 *                                 AppArmor (an empty profile fails, as docker-bench does)
 *   selinux             CIS 5.2   SecurityOpt label=disable, an empty ProcessLabel, or the
 *                                 unconfined spc_t type, where the engine runs with SELinux
 *   devices             CIS 5.17  HostConfig.Devices (or --privileged: every host device)
 *   user                CIS 4.1   Config.User empty, root or uid 0
 *
 * SecurityOpt entries are read as dockerd reads them (container_security_opt()); the last one
 * of a kind wins, as in dockerd. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "check-common.h"
#include "container-tests.h"

static const char *const no_params[] = {NULL};

static void set(struct container_verdict *v, enum status s, char *observed)
{
	v->status = s;
	v->observed = observed;
}

/* The last SecurityOpt value for name, and the entry it came from. */
static const char *last_opt(const struct container_fact *c, const char *name,
			    const char **ret_entry)
{
	const char *val = NULL;
	for (size_t i = 0; c->security_opt && c->security_opt[i]; i++) {
		const char *x = container_security_opt(c->security_opt[i], name);
		if (x) {
			val = x;
			if (ret_entry)
				*ret_entry = c->security_opt[i];
		}
	}
	return val;
}

/* /info tells whether the engine has AppArmor, SELinux, seccomp: without it, error. */
static bool info_known(const struct facts *f, const char *what, struct container_verdict *v)
{
	if (f->engine.info.state == FACT_OK)
		return true;
	set(v, STATUS_ERROR,
	    xasprintf("cannot tell %s: the engine's /info is %s", what,
		      check_status_reason(&f->engine.info)));
	return false;
}

/* ---- privileged ---- */

static void privileged_judge(const struct rule *r, const struct facts *f,
			     const struct container_fact *c, struct container_verdict *v)
{
	(void)r;
	(void)f;
	if (c->privileged)
		set(v, STATUS_FAIL, xstrdup("privileged: every capability and host device"));
	else
		set(v, STATUS_PASS, xstrdup("not privileged"));
}

const struct container_test container_test_privileged = {
	.name = "privileged",
	.help = "the container is not privileged (--privileged)",
	.params = no_params,
	.judge = privileged_judge,
};

/* ---- capabilities_added ---- */

/* "cap_sys_admin" -> "SYS_ADMIN" into buf (truncated names never match a real one). */
static const char *cap_norm(const char *cap, char buf[static 64])
{
	if (strncasecmp(cap, "CAP_", 4) == 0)
		cap += 4;
	size_t i = 0;
	for (; cap[i] && i < 63; i++)
		buf[i] = (char)toupper((unsigned char)cap[i]);
	buf[i] = '\0';
	return buf;
}

static bool cap_listed(const struct value *list, const char *norm)
{
	if (!list)
		return true; /* no list: every added capability counts */
	for (size_t i = 0; list->type == VALUE_LIST && i < list->list.n; i++) {
		const struct value *it = list->list.items[i];
		char buf[64];
		if (it->type != VALUE_STRING)
			continue;
		const char *w = cap_norm(it->s, buf);
		if (STREQ(w, "ALL") || STREQ(w, norm))
			return true;
	}
	return false;
}

static char *caps_expect(const struct rule *r)
{
	const struct value *l = check_param(r, "capabilities");
	if (!l)
		return xstrdup("no container adds capabilities (CapAdd) or runs privileged");
	_cleanup_free_ char *t = check_list_or(l);
	return xasprintf("no container adds %s (CapAdd, or privileged)", t);
}

static void caps_judge(const struct rule *r, const struct facts *f, const struct container_fact *c,
		       struct container_verdict *v)
{
	(void)f;
	const struct value *wanted = check_param(r, "capabilities");
	if (c->privileged) {
		set(v, STATUS_FAIL, xstrdup("privileged: every capability"));
		return;
	}
	struct container_list bad = {STRBUF_INIT, 0}, other = {STRBUF_INIT, 0};
	for (size_t i = 0; c->cap_add && c->cap_add[i]; i++) {
		char buf[64];
		const char *n = cap_norm(c->cap_add[i], buf);
		if (STREQ(n, "ALL"))
			container_list_add(&bad, "ALL (every capability)");
		else if (cap_listed(wanted, n))
			container_list_add(&bad, "%s", n);
		else
			container_list_add(&other, "%s", n);
	}
	bool fail = bad.n > 0;
	_cleanup_free_ char *b = container_list_text(&bad);
	_cleanup_free_ char *o = container_list_text(&other);
	if (fail)
		set(v, STATUS_FAIL, xasprintf("CapAdd: %s", b));
	else if (*o)
		set(v, STATUS_PASS, xasprintf("CapAdd: %s (none of those listed)", o));
	else
		set(v, STATUS_PASS, xstrdup("no capabilities added"));
}

static const char *const caps_params[] = {"capabilities", NULL};

const struct container_test container_test_capabilities_added = {
	.name = "capabilities_added",
	.help = "the container adds none of `capabilities` (any capability when not given) and is "
		"not privileged; ALL counts as every capability",
	.params = caps_params,
	.expect = caps_expect,
	.judge = caps_judge,
};

/* ---- no_new_privileges ---- */

/* strconv.ParseBool, as dockerd reads the option: 1 true, 0 false, -1 neither. */
static int parse_go_bool(const char *s)
{
	static const char *const yes[] = {"1", "t", "T", "TRUE", "true", "True"};
	static const char *const no[] = {"0", "f", "F", "FALSE", "false", "False"};
	for (size_t i = 0; i < ELEMENTSOF(yes); i++) {
		if (STREQ(s, yes[i]))
			return 1;
		if (STREQ(s, no[i]))
			return 0;
	}
	return -1;
}

/* Where the daemon turns no-new-privileges on for every container, or NULL. Caller frees. */
static char *daemon_nnp(const struct facts *f)
{
	if (f->probed & PROBE_DAEMON) {
		enum daemon_source src;
		const struct value *v =
			daemon_facts_effective(&f->daemon, "no-new-privileges", &src);
		const struct value yes = {.type = VALUE_BOOL, .b = true};
		if (v && src != DAEMON_SOURCE_DEFAULT && check_value_equal(v, &yes))
			return check_daemon_where(&f->daemon, "no-new-privileges");
	}
	if (f->engine.no_new_privileges)
		return xstrdup("the running daemon's /info SecurityOptions");
	return NULL;
}

static void nnp_judge(const struct rule *r, const struct facts *f, const struct container_fact *c,
		      struct container_verdict *v)
{
	(void)r;
	const char *entry = NULL;
	const char *val = last_opt(c, "no-new-privileges", &entry);
	_cleanup_free_ char *daemon = daemon_nnp(f);
	if (val) {
		int b = parse_go_bool(val);
		if (b < 0)
			set(v, STATUS_ERROR, xasprintf("SecurityOpt %s: not a boolean", entry));
		else if (b)
			set(v, STATUS_PASS, xasprintf("SecurityOpt %s", entry));
		else if (daemon)
			set(v, STATUS_FAIL, xasprintf("SecurityOpt %s overrides the daemon's "
						      "no-new-privileges (%s)",
						      entry, daemon));
		else
			set(v, STATUS_FAIL, xasprintf("SecurityOpt %s", entry));
		return;
	}
	if (daemon)
		set(v, STATUS_PASS, xasprintf("no-new-privileges from the daemon (%s)", daemon));
	else
		set(v, STATUS_FAIL, xstrdup("no-new-privileges not set, by the container or the "
					    "daemon"));
}

const struct container_test container_test_no_new_privileges = {
	.name = "no_new_privileges",
	.help = "the container cannot gain privileges (no-new-privileges, its own or the "
		"daemon's)",
	.params = no_params,
	.judge = nnp_judge,
};

/* ---- seccomp ---- */

static bool seccomp_applies(const struct rule *r, const struct facts *f, char **why)
{
	(void)r;
	if (f->engine.info.state == FACT_OK && !f->engine.seccomp_profile) {
		*why = xstrdup("the engine has no seccomp (its /info SecurityOptions has no "
			       "name=seccomp)");
		return false;
	}
	return true;
}

static void seccomp_judge(const struct rule *r, const struct facts *f,
			  const struct container_fact *c, struct container_verdict *v)
{
	(void)r;
	if (c->privileged) {
		set(v, STATUS_FAIL, xstrdup("privileged: runs without seccomp"));
		return;
	}
	const char *entry = NULL;
	const char *val = last_opt(c, "seccomp", &entry);
	if (val && STREQ(val, "unconfined")) {
		set(v, STATUS_FAIL, xasprintf("SecurityOpt %s", entry));
		return;
	}
	if (val && *val && !STREQ(val, "builtin")) {
		/* the CLI sends the profile's JSON itself: not fit for a report */
		set(v, STATUS_PASS, xstrdup("its own seccomp profile (SecurityOpt seccomp=...)"));
		return;
	}
	if (!info_known(f, "the daemon's default seccomp profile", v))
		return;
	const char *p = f->engine.seccomp_profile;
	if (STREQ(p, "unconfined"))
		set(v, STATUS_FAIL, xstrdup("no seccomp profile of its own, and the daemon's "
					    "default is unconfined"));
	else if (STREQ(p, "default") || STREQ(p, "builtin"))
		set(v, STATUS_PASS, xstrdup("the daemon's default seccomp profile"));
	else
		set(v, STATUS_PASS, xasprintf("the daemon's seccomp profile %.200s", p));
}

const struct container_test container_test_seccomp = {
	.name = "seccomp",
	.help = "the container runs with a seccomp profile (not seccomp=unconfined, not "
		"privileged)",
	.params = no_params,
	.applies = seccomp_applies,
	.judge = seccomp_judge,
};

/* ---- apparmor ---- */

static bool apparmor_applies(const struct rule *r, const struct facts *f, char **why)
{
	(void)r;
	if (f->engine.info.state == FACT_OK && !f->engine.apparmor) {
		*why = xstrdup("the engine does not use AppArmor (its /info SecurityOptions has no "
			       "name=apparmor)");
		return false;
	}
	return true;
}

static void apparmor_judge(const struct rule *r, const struct facts *f,
			   const struct container_fact *c, struct container_verdict *v)
{
	(void)r;
	if (!info_known(f, "whether the engine uses AppArmor", v))
		return;
	const char *entry = NULL;
	const char *val = last_opt(c, "apparmor", &entry);
	const char *p = c->apparmor_profile ? c->apparmor_profile : "";
	if (val && STREQ(val, "unconfined"))
		set(v, STATUS_FAIL, xasprintf("SecurityOpt %s", entry));
	else if (STREQ(p, "unconfined"))
		set(v, STATUS_FAIL, xstrdup("AppArmorProfile unconfined"));
	else if (!*p)
		set(v, STATUS_FAIL, xstrdup("no AppArmor profile (AppArmorProfile empty)"));
	else
		set(v, STATUS_PASS, xasprintf("AppArmorProfile %.200s", p));
}

const struct container_test container_test_apparmor = {
	.name = "apparmor",
	.help = "the container runs under an AppArmor profile, where the engine has AppArmor",
	.params = no_params,
	.applies = apparmor_applies,
	.judge = apparmor_judge,
};

/* ---- selinux ---- */

static bool selinux_applies(const struct rule *r, const struct facts *f, char **why)
{
	(void)r;
	if (f->engine.info.state == FACT_OK && !f->engine.selinux) {
		*why = xstrdup("the engine runs without SELinux (its /info SecurityOptions has no "
			       "name=selinux)");
		return false;
	}
	return true;
}

/* The type of a label "user:role:type:level", or "". */
static void label_type(const char *label, char buf[static 64])
{
	const char *p = label;
	buf[0] = '\0';
	for (int i = 0; i < 2 && p; i++) {
		p = strchr(p, ':');
		if (p)
			p++;
	}
	if (!p)
		return;
	size_t n = strcspn(p, ":");
	if (n > 63)
		n = 63;
	memcpy(buf, p, n);
	buf[n] = '\0';
}

static void selinux_judge(const struct rule *r, const struct facts *f,
			  const struct container_fact *c, struct container_verdict *v)
{
	(void)r;
	if (!info_known(f, "whether the engine runs with SELinux", v))
		return;
	const char *entry = NULL;
	const char *val = last_opt(c, "label", &entry);
	const char *l = c->process_label ? c->process_label : "";
	char type[64];
	label_type(l, type);
	if (val && STREQ(val, "disable"))
		set(v, STATUS_FAIL, xasprintf("SecurityOpt %s: no SELinux separation", entry));
	else if (!*l)
		set(v, STATUS_FAIL, xstrdup("no SELinux process label (ProcessLabel empty)"));
	else if (STREQ(type, "spc_t") || STREQ(type, "unconfined_t"))
		set(v, STATUS_FAIL, xasprintf("ProcessLabel %.200s: the %s type is unconfined", l,
					      type));
	else
		set(v, STATUS_PASS, xasprintf("ProcessLabel %.200s", l));
}

const struct container_test container_test_selinux = {
	.name = "selinux",
	.help = "the container runs under an SELinux label (not label=disable), where the engine "
		"runs with SELinux",
	.params = no_params,
	.applies = selinux_applies,
	.judge = selinux_judge,
};

/* ---- devices ---- */

static void devices_judge(const struct rule *r, const struct facts *f,
			  const struct container_fact *c, struct container_verdict *v)
{
	(void)r;
	(void)f;
	if (c->privileged) {
		set(v, STATUS_FAIL, xstrdup("privileged: every host device"));
		return;
	}
	if (!c->n_devices) {
		set(v, STATUS_PASS, xstrdup("no host devices"));
		return;
	}
	struct container_list l = {STRBUF_INIT, 0};
	for (size_t i = 0; i < c->n_devices; i++) {
		const struct container_device *d = &c->devices[i];
		container_list_add(&l, "%.200s:%.8s", d->host_path ? d->host_path : "?",
				   d->permissions ? d->permissions : "");
	}
	_cleanup_free_ char *t = container_list_text(&l);
	set(v, STATUS_FAIL, xasprintf("host devices %s", t));
}

const struct container_test container_test_devices = {
	.name = "devices",
	.help = "the container is given no host device (--device) and is not privileged",
	.params = no_params,
	.judge = devices_judge,
};

/* ---- user ---- */

static void user_judge(const struct rule *r, const struct facts *f, const struct container_fact *c,
		       struct container_verdict *v)
{
	(void)r;
	const char *u = c->user ? c->user : "";
	if (!container_user_is_root(u))
		set(v, STATUS_PASS, xasprintf("User %.200s", u));
	else
		set(v, STATUS_FAIL, xasprintf("User %.200s: runs as root%s", *u ? u : "unset",
					      f->engine.userns ? " (remapped by the daemon's "
								 "userns-remap)"
							       : ""));
}

const struct container_test container_test_user = {
	.name = "user",
	.help = "the container runs as a user other than root (Config.User)",
	.params = no_params,
	.judge = user_judge,
};
