/* probe-lsm.c: mandatory access control, SELinux and AppArmor.
 *
 * SELinux: the live mode from sys/fs/selinux/enforce (on the live host libselinux is asked
 * first: it knows where selinuxfs is really mounted), the persistent one from
 * etc/selinux/config. That file is read the way libselinux reads it at boot, not as a generic
 * KEY=value file: SELINUX= counts only at the start of a line and the first line with a value
 * it recognises (by prefix, any case) wins (selinux_getenforcemode()); SELINUXTYPE= may be
 * indented and the last one wins (selinux_config.c). AppArmor: whether the module is enabled
 * and which profiles are loaded in which mode. securityfs is root-only: as another user the
 * profiles are FACT_UNREADABLE, never "none loaded". */
#include <errno.h>
#include <string.h>
#include <strings.h>

#include "probe.h"
#include "selinux-util.h"

#define SELINUX_ENFORCE_PATH "/sys/fs/selinux/enforce"
#define SELINUX_CONFIG_PATH "/etc/selinux/config"
#define APPARMOR_ENABLED_PATH "/sys/module/apparmor/parameters/enabled"
#define APPARMOR_PROFILES_PATH "/sys/kernel/security/apparmor/profiles"
#define SMALL_FILE_MAX 4096 /* a sysfs attribute */

/* Reads a small one-value file and strips it; false (with the status set) when unreadable. */
static bool read_value(const struct host *h, const char *path, struct fact_status *s, char **ret)
{
	char *buf = NULL;
	int r = host_read_file(h, path, SMALL_FILE_MAX, false, &buf, NULL);
	if (r < 0) {
		fact_status_from_errno(s, path, r);
		return false;
	}
	strstrip(buf);
	*ret = buf;
	return true;
}

static void selinux_fs_from_file(const struct host *h, struct lsm_facts *l)
{
	_cleanup_free_ char *v = NULL;
	if (!read_value(h, SELINUX_ENFORCE_PATH, &l->selinux_fs, &v))
		return;
	if (STREQ(v, "1") || STREQ(v, "0")) {
		l->selinux_enforce = STREQ(v, "1");
		fact_status_set(&l->selinux_fs, SELINUX_ENFORCE_PATH, FACT_OK, 0, NULL);
	} else
		fact_status_set(&l->selinux_fs, SELINUX_ENFORCE_PATH, FACT_INVALID, EBADMSG,
				"invalid: expected 0 or 1");
}

static void probe_selinux_fs(const struct host *h, struct lsm_facts *l)
{
	l->selinux_enforce = -1;
	if (h->live) {
		int enforce = -1;
		int r = selinux_live_state(&enforce);
		if (r > 0) {
			l->selinux_enforce = enforce;
			fact_status_set(&l->selinux_fs, SELINUX_ENFORCE_PATH, FACT_OK, 0, NULL);
			return;
		}
		if (r == 0) {
			fact_status_set(&l->selinux_fs, SELINUX_ENFORCE_PATH, FACT_ABSENT, 0,
					"absent: SELinux is disabled (libselinux)");
			return;
		}
		/* libselinux could not tell: the file says what it can */
	}
	selinux_fs_from_file(h, l);
}

static const char *const selinux_modes[] = {"enforcing", "permissive", "disabled"};

static void parse_selinux_config(char *buf, struct lsm_facts *l)
{
	bool mode_known = false;
	int lineno = 0;
	char *p = buf;
	while (*p) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		char *line = p;
		lineno++;
		p = nl ? nl + 1 : p + strlen(p);

		if (!mode_known && startswith(line, "SELINUX=")) {
			char *v = line + strlen("SELINUX=");
			while (*v == ' ' || *v == '\t')
				v++;
			for (size_t i = 0; i < ELEMENTSOF(selinux_modes); i++) {
				const char *mode = selinux_modes[i];
				if (strncasecmp(v, mode, strlen(mode)) == 0) {
					free(l->selinux_config_mode);
					l->selinux_config_mode = xstrdup(mode);
					l->selinux_config_line = lineno;
					mode_known = true;
					break;
				}
			}
			if (!mode_known && !l->selinux_config_mode && *strstrip(v)) {
				/* libselinux ignores it; keep it to show what the file says */
				l->selinux_config_mode = xstrdup(v);
				l->selinux_config_line = lineno;
			}
			continue;
		}
		char *s = line;
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '#' || !*s)
			continue;
		if (strncasecmp(s, "SELINUXTYPE=", strlen("SELINUXTYPE=")) == 0) {
			free(l->selinux_config_type);
			l->selinux_config_type = xstrdup(strstrip(s + strlen("SELINUXTYPE=")));
		}
	}
}

static void probe_selinux_config(const struct host *h, struct lsm_facts *l)
{
	_cleanup_free_ char *buf = NULL;
	int r = host_read_file(h, SELINUX_CONFIG_PATH, 0, false, &buf, NULL);
	if (r < 0) {
		fact_status_from_errno(&l->selinux_config, SELINUX_CONFIG_PATH, r);
		return;
	}
	parse_selinux_config(buf, l);
	fact_status_set(&l->selinux_config, SELINUX_CONFIG_PATH, FACT_OK, 0, NULL);
}

static void probe_apparmor_module(const struct host *h, struct lsm_facts *l)
{
	_cleanup_free_ char *v = NULL;
	if (!read_value(h, APPARMOR_ENABLED_PATH, &l->apparmor_module, &v))
		return;
	l->apparmor_enabled = STREQ(v, "Y");
	fact_status_set(&l->apparmor_module, APPARMOR_ENABLED_PATH, FACT_OK, 0, NULL);
}

/* One line of the profiles file: "NAME (MODE)"; the name may contain spaces and parentheses,
 * so the mode is the last parenthesised word. false when the line is not of that form. */
static bool parse_profile_line(char *line, const char **ret_name, const char **ret_mode)
{
	strstrip(line);
	size_t n = strlen(line);
	if (n < 4 || line[n - 1] != ')')
		return false;
	line[n - 1] = '\0';
	char *open = strrchr(line, '(');
	if (!open || open == line || open[-1] != ' ' || !open[1])
		return false;
	open[-1] = '\0';
	*ret_name = line;
	*ret_mode = open + 1;
	return true;
}

static void probe_apparmor_profiles(const struct host *h, struct lsm_facts *l)
{
	_cleanup_free_ char *buf = NULL;
	int r = host_read_file(h, APPARMOR_PROFILES_PATH, 0, false, &buf, NULL);
	if (r < 0) {
		fact_status_from_errno(&l->apparmor_profiles, APPARMOR_PROFILES_PATH, r);
		return;
	}
	unsigned malformed = 0;
	char *p = buf;
	while (*p) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		char *line = p;
		p = nl ? nl + 1 : p + strlen(p);
		if (!*strstrip(line))
			continue;
		const char *name, *mode;
		if (!parse_profile_line(line, &name, &mode)) {
			malformed++;
			continue;
		}
		if (STREQ(mode, "enforce")) {
			l->apparmor_enforce++;
			if (STREQ(name, "docker-default"))
				l->apparmor_docker_default = true;
		} else if (STREQ(mode, "complain"))
			l->apparmor_complain++;
	}
	if (malformed)
		fact_status_set(&l->apparmor_profiles, APPARMOR_PROFILES_PATH, FACT_OK, 0,
				"%u malformed line%s skipped", malformed,
				malformed == 1 ? "" : "s");
	else
		fact_status_set(&l->apparmor_profiles, APPARMOR_PROFILES_PATH, FACT_OK, 0, NULL);
}

static void run(const struct host *h, const struct fact_requests *q, struct facts *f)
{
	(void)q;
	probe_selinux_fs(h, &f->lsm);
	probe_selinux_config(h, &f->lsm);
	probe_apparmor_module(h, &f->lsm);
	probe_apparmor_profiles(h, &f->lsm);
}

const struct probe probe_lsm = {
	.name = "lsm",
	.flag = PROBE_LSM,
	.offline = true,
	.run = run,
};
