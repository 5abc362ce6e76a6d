/* fixer-lsm.c: fixer kind `lsm`: make SELinux or AppArmor confine containers (check kind
 * lsm_enforcing), as far as a tool can without a reboot.
 *
 *   SELinux, etc/selinux/config present:
 *     SELINUX= not enforcing          -> SELINUX=enforcing through augeas (Shellvars.lns; the
 *                                        lens costs ~40 ms to load, paid only when this runs)
 *     live, policy loaded, permissive -> setenforce 1 now (libselinux, in apply)
 *     not active in the running kernel-> manual: the config applies at the next boot, which
 *                                        must relabel (touch /.autorelabel) and reboot; skipped
 *                                        entirely when AppArmor is the active LSM (switching
 *                                        LSMs is not a fix, it is a migration)
 *   AppArmor (live state only):
 *     enabled, profiles in complain mode, none enforced
 *                                     -> aa-enforce on the profile files that are in complain
 *                                        mode (flags=(complain) or force-complain/), when
 *                                        aa-enforce is installed; rollback does not undo it
 *                                        (aa-complain does), which the plan says
 *     in the kernel but disabled      -> manual: the boot parameters, update-grub, reboot
 *   neither                           -> manual: install AppArmor (or SELinux) and reboot
 * Under --root (an image), SELinux is judged and fixed on its config file alone, and nothing
 * live is planned. */
#include <errno.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "augeas-util.h"
#include "fixer.h"

#define SELINUX_CONFIG "/etc/selinux/config"
#define APPARMOR_DIR "/etc/apparmor.d"
#define APPARMOR_PROFILES_MAX 256

static const struct check_param params[] = {
	{NULL},
};

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

static const char *find_tool(const struct host *h, const char *name, char **buf)
{
	static const char *const dirs[] = {"/usr/sbin", "/sbin"};
	for (size_t i = 0; i < ELEMENTSOF(dirs); i++) {
		free(*buf);
		*buf = xasprintf("%s/%s", dirs[i], name);
		struct stat st;
		if (host_stat(h, *buf, true, &st) == 0 && S_ISREG(st.st_mode))
			return *buf;
	}
	return NULL;
}

/* SELINUX=enforcing in the config's text through Shellvars.lns. Every SELINUX= line is set
 * (libselinux reads the first one whose value it recognises, augeas cannot set one path that
 * matches several), and blank lines at the top are kept by hand: the lens drops them (augeas
 * 1.14; Sysctl.lns and Group.lns keep them). 0 or -errno with *ret_error. */
static int set_enforcing(struct plan_builder *pb, const char *text, size_t len, char **ret,
			 char **ret_error)
{
	struct augeas_session *aug = pb_augeas(pb);
	_cleanup_free_ char *copy = xstrndup(text, len);
	size_t head = 0; /* leading blank lines */
	for (size_t i = 0; copy[i] == ' ' || copy[i] == '\t' || copy[i] == '\n'; i++)
		if (copy[i] == '\n')
			head = i + 1;
	/* one parse (~30 ms with this lens) in the usual case of one SELINUX= line */
	_cleanup_free_ char *out = NULL;
	struct augeas_op one = {AUGEAS_SET, "SELINUX", "enforcing"};
	int k = augeas_edit_text(aug, "Shellvars.lns", copy + head, &one, 1, &out, ret_error);
	if (k == 0) {
		copy[head] = '\0';
		*ret = xasprintf("%s%s", copy, out);
		return 0;
	}
	free(*ret_error);
	*ret_error = NULL;
	_cleanup_strv_free_ char **matches = NULL;
	k = augeas_match_text(aug, "Shellvars.lns", copy + head, "SELINUX", &matches, ret_error);
	if (k < 0)
		return k;
	size_t n = strv_length(matches) ? strv_length(matches) : 1;
	struct augeas_op *ops = xcalloc(n, sizeof(*ops));
	char **paths = xcalloc(n + 1, sizeof(char *));
	for (size_t i = 0; i < n; i++) {
		paths[i] = n == 1 ? xstrdup("SELINUX") : xasprintf("SELINUX[%zu]", i + 1);
		ops[i] = (struct augeas_op){AUGEAS_SET, paths[i], "enforcing"};
	}
	k = augeas_edit_text(aug, "Shellvars.lns", copy + head, ops, n, &out, ret_error);
	strv_free(paths);
	free(ops);
	if (k < 0)
		return k;
	copy[head] = '\0';
	*ret = xasprintf("%s%s", copy, out);
	return 0;
}

/* True when SELinux will be enforcing (persistently) once the plan is applied. */
static bool plan_selinux(const struct rule *r, struct plan_builder *pb, bool offline)
{
	const struct lsm_facts *l = &pb_facts(pb)->lsm;
	const char *text = NULL;
	size_t len = 0;
	int k = pb_file_get(pb, SELINUX_CONFIG, &text, &len);
	if (k < 0) {
		pb_note(pb, r, NOTE_SKIPPED, "%s cannot be edited: %s", SELINUX_CONFIG, strerror(-k));
		return false;
	}
	if (!text)
		return false;
	if (!offline && l->selinux_fs.state == FACT_ABSENT && l->apparmor_module.state == FACT_OK &&
	    l->apparmor_enabled)
		return false; /* AppArmor is this host's LSM */

	if (!l->selinux_config_mode || strcasecmp(l->selinux_config_mode, "enforcing") != 0) {
		_cleanup_free_ char *out = NULL, *err = NULL;
		k = set_enforcing(pb, text, len, &out, &err);
		if (k < 0) {
			pb_note(pb, r, NOTE_MANUAL, "%s does not parse (%s): set SELINUX=enforcing in "
				"it by hand", SELINUX_CONFIG, err ? err : strerror(-k));
			return false;
		}
		pb_file_put(pb, r, SELINUX_CONFIG, out, strlen(out), 0644, false,
			    "SELINUX=enforcing");
	}
	if (offline)
		return true;
	switch (l->selinux_fs.state) {
	case FACT_OK:
		if (l->selinux_enforce == 1)
			return true;
		if (l->selinux_enforce != 0)
			return false;
		if (pb_live(pb)) {
			pb_selinux_enforce(pb, r);
			return true;
		}
		pb_note(pb, r, NOTE_SKIPPED, "SELinux is permissive in the root's sys/fs/selinux, "
			"which is not changed under --root: enforcing applies at the next boot");
		return false;
	case FACT_ABSENT:
		pb_note(pb, r, NOTE_MANUAL, "SELinux is disabled in the running kernel: "
			"SELINUX=enforcing applies at the next boot, which must relabel every file: "
			"run `touch /.autorelabel` and reboot (consider SELINUX=permissive for that "
			"first boot, then enforcing once `ausearch -m avc` shows no denials)");
		return false;
	default:
		return false;
	}
}

/* Whether a profile's text puts it in complain mode (flags=(complain) or flags=(...,complain)). */
static bool profile_complain(const char *text)
{
	for (const char *p = text; (p = strstr(p, "flags")); p += 5) {
		const char *end = strpbrk(p, "){\n");
		_cleanup_free_ char *flags = xstrndup(p, end ? (size_t)(end - p) : strlen(p));
		if (strstr(flags, "complain"))
			return true;
	}
	return false;
}

/* The profile files in complain mode, sorted. */
static char **complain_profiles(struct plan_builder *pb)
{
	const struct host *h = pb_host(pb);
	char **found = NULL;
	_cleanup_strv_free_ char **forced = NULL, **names = NULL;
	host_list_dir(h, APPARMOR_DIR "/force-complain", &forced);
	if (host_list_dir(h, APPARMOR_DIR, &names) < 0)
		return NULL;
	for (size_t i = 0; names && names[i] && strv_length(found) < APPARMOR_PROFILES_MAX; i++) {
		if (names[i][0] == '.' || strchr(names[i], '~') || strstr(names[i], ".dpkg-"))
			continue;
		_cleanup_free_ char *path = xasprintf("%s/%s", APPARMOR_DIR, names[i]);
		struct stat st;
		if (host_stat(h, path, false, &st) < 0 || !S_ISREG(st.st_mode))
			continue;
		const char *text = NULL;
		size_t len = 0;
		if (strv_contains(forced, names[i]) ||
		    (pb_file_get(pb, path, &text, &len) == 0 && text && profile_complain(text)))
			strv_extend(&found, path);
	}
	return found;
}

/* True when AppArmor will be enforcing once the plan is applied. */
static bool plan_apparmor(const struct rule *r, struct plan_builder *pb)
{
	const struct lsm_facts *l = &pb_facts(pb)->lsm;
	if (l->apparmor_module.state != FACT_OK)
		return false;
	if (!l->apparmor_enabled) {
		pb_note(pb, r, NOTE_MANUAL, "AppArmor is in the kernel but disabled: add "
			"`apparmor=1 security=apparmor` to GRUB_CMDLINE_LINUX in /etc/default/grub "
			"(and remove any apparmor=0), run `update-grub`, and reboot");
		return false;
	}
	if (l->apparmor_profiles.state != FACT_OK || l->apparmor_enforce > 0)
		return false;
	if (l->apparmor_complain == 0) {
		pb_note(pb, r, NOTE_MANUAL, "AppArmor is enabled but has no profile loaded: "
			"`apt-get install apparmor apparmor-profiles` and `systemctl restart "
			"apparmor`; dockerd loads docker-default when it starts a container");
		return false;
	}
	_cleanup_strv_free_ char **profiles = complain_profiles(pb);
	_cleanup_free_ char *tool = NULL;
	if (!profiles) {
		pb_note(pb, r, NOTE_MANUAL, "%zu AppArmor profiles are in complain mode, but no file "
			"in %s says so: list them with `aa-status` and run `aa-enforce PROFILE` for "
			"each", l->apparmor_complain, APPARMOR_DIR);
		return false;
	}
	_cleanup_free_ char *list = strv_join(profiles, " ");
	if (!find_tool(pb_host(pb), "aa-enforce", &tool)) {
		pb_note(pb, r, NOTE_MANUAL, "`apt-get install apparmor-utils`, then `aa-enforce %s`",
			list);
		return false;
	}
	if (!pb_live(pb)) {
		pb_note(pb, r, NOTE_SKIPPED, "AppArmor profiles are not switched under --root: run "
			"`aa-enforce %s` on the running system", list);
		return false;
	}
	char **argv = NULL;
	strv_extend(&argv, tool);
	for (size_t i = 0; profiles[i]; i++)
		strv_extend(&argv, profiles[i]);
	_cleanup_free_ char *summary = xasprintf("aa-enforce %s (complain -> enforce mode)", list);
	pb_command(pb, r, argv, summary);
	strv_free(argv);
	pb_note(pb, r, NOTE_WARNING, "aa-enforce edits the profiles itself: `dockward rollback` "
		"does not undo it; `aa-complain %s` does", list);
	return true;
}

static void plan(const struct rule *r, const struct result *res, struct plan_builder *pb)
{
	(void)res;
	const struct facts *f = pb_facts(pb);
	const struct lsm_facts *l = &f->lsm;
	const struct host *h = pb_host(pb);
	bool offline = h && !h->live && l->selinux_fs.state == FACT_ABSENT &&
		       l->apparmor_module.state == FACT_ABSENT;
	bool want_se = accepts(r, "selinux"), want_aa = accepts(r, "apparmor");
	bool se = false, aa = false;
	if (want_aa && !offline)
		aa = plan_apparmor(r, pb);
	if (want_se && !aa)
		se = plan_selinux(r, pb, offline);
	if (se || aa) {
		pb_rule_planned(pb, r);
		return;
	}
	bool has_se = l->selinux_config.state == FACT_OK || l->selinux_fs.state == FACT_OK;
	bool has_aa = l->apparmor_module.state == FACT_OK;
	if (!offline && !has_se && !has_aa)
		pb_note(pb, r, NOTE_MANUAL, "no MAC system is active: on Debian and Ubuntu, "
			"`apt-get install apparmor apparmor-utils`, add `apparmor=1 "
			"security=apparmor` to GRUB_CMDLINE_LINUX in /etc/default/grub, run "
			"`update-grub` and reboot; on RHEL-family hosts install "
			"selinux-policy-targeted, set SELINUX=enforcing in /etc/selinux/config, "
			"`touch /.autorelabel` and reboot");
}

const struct fixer_kind fixer_lsm = {
	.name = "lsm",
	.help = "SELINUX=enforcing (and setenforce 1), AppArmor profiles to enforce mode; the "
		"rest as manual steps",
	.params = params,
	.plan = plan,
	.daemon_config = false,
};
