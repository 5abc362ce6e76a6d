/* test-probe-lsm.c: the lsm probe on fixture roots built in a temp dir.
 *
 * Covers SELinux enforcing, permissive and absent, etc/selinux/config read as libselinux reads
 * it at boot (SELINUX= only at the start of a line, first recognised value wins, any case;
 * SELINUXTYPE= last wins), a selinuxfs that says something else than 0 or 1; AppArmor enabled
 * and disabled, the profiles list (enforce and complain counts, docker-default, names with
 * spaces and parentheses, malformed lines), securityfs unreadable and absent; and the live
 * host through libselinux. */
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "facts.h"
#include "host.h"
#include "probe.h"
#include "selinux-util.h"

extern const struct probe probe_lsm;

/* ---- fixture roots ---- */

static void mkdir_parents(const char *path)
{
	char buf[PATH_MAX];
	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			(void)mkdir(buf, 0755);
			*p = '/';
		}
}

static void put(const char *root, const char *rel, const char *content)
{
	_cleanup_free_ char *path = xasprintf("%s/%s", root, rel);
	mkdir_parents(path);
	FILE *f = fopen(path, "we");
	assert_non_null(f);
	fputs(content, f);
	assert_int_equal(fclose(f), 0);
}

static char *make_root(void)
{
	char *t = xstrdup("/tmp/dw-test-lsm-XXXXXX");
	assert_non_null(mkdtemp(t));
	return t;
}

static int rm_one(const char *p, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)sb;
	(void)type;
	(void)ftw;
	return remove(p);
}

static void remove_root(char *root)
{
	assert_int_equal(nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS), 0);
	free(root);
}

struct run {
	struct host h;
	struct facts f;
};

static void run_probe(struct run *r, const char *root)
{
	assert_int_equal(host_open(&r->h, root), 0);
	facts_init(&r->f, &r->h);
	probes_run(&r->h, PROBE_LSM, false, NULL, &r->f);
	assert_true(r->f.probed & PROBE_LSM);
}

static void run_release(struct run *r)
{
	facts_release(&r->f);
	host_close(&r->h);
}

static void assert_status(const struct fact_status *s, enum fact_state state, int err,
			  const char *source, const char *reason)
{
	assert_string_equal(fact_state_to_string(s->state), fact_state_to_string(state));
	assert_int_equal(s->err, err);
	assert_string_equal(s->source, source);
	if (reason)
		assert_string_equal(s->reason, reason);
	else
		assert_null(s->reason);
}

#define ENFORCE "/sys/fs/selinux/enforce"
#define CONFIG "/etc/selinux/config"
#define AA_ENABLED "/sys/module/apparmor/parameters/enabled"
#define AA_PROFILES "/sys/kernel/security/apparmor/profiles"

/* ---- SELinux ---- */

static void test_selinux_enforcing(void **state)
{
	(void)state;
	char *root = make_root();
	put(root, "sys/fs/selinux/enforce", "1");
	put(root, "etc/selinux/config",
	    "# This file controls the state of SELinux on the system.\n"
	    "# SELINUX= can take one of these three values:\n"
	    "#     enforcing - SELinux security policy is enforced.\n"
	    "\n"
	    "SELINUX=enforcing\n"
	    "# SELINUXTYPE= can take one of these three values:\n"
	    "SELINUXTYPE=targeted\n");
	struct run r;
	run_probe(&r, root);
	const struct lsm_facts *l = &r.f.lsm;
	assert_status(&l->selinux_fs, FACT_OK, 0, ENFORCE, NULL);
	assert_int_equal(l->selinux_enforce, 1);
	assert_status(&l->selinux_config, FACT_OK, 0, CONFIG, NULL);
	assert_string_equal(l->selinux_config_mode, "enforcing");
	assert_int_equal(l->selinux_config_line, 5);
	assert_string_equal(l->selinux_config_type, "targeted");
	/* no AppArmor in this root */
	assert_status(&l->apparmor_module, FACT_ABSENT, 0, AA_ENABLED, "absent");
	assert_false(l->apparmor_enabled);
	assert_status(&l->apparmor_profiles, FACT_ABSENT, 0, AA_PROFILES, "absent");
	assert_int_equal(l->apparmor_enforce, 0);
	run_release(&r);
	remove_root(root);
}

static void test_selinux_permissive(void **state)
{
	(void)state;
	char *root = make_root();
	put(root, "sys/fs/selinux/enforce", "0\n");
	put(root, "etc/selinux/config", "SELINUX=permissive\r\nSELINUXTYPE=mls \r\n");
	struct run r;
	run_probe(&r, root);
	const struct lsm_facts *l = &r.f.lsm;
	assert_status(&l->selinux_fs, FACT_OK, 0, ENFORCE, NULL);
	assert_int_equal(l->selinux_enforce, 0);
	assert_string_equal(l->selinux_config_mode, "permissive");
	assert_int_equal(l->selinux_config_line, 1);
	assert_string_equal(l->selinux_config_type, "mls");
	run_release(&r);
	remove_root(root);
}

static void test_selinux_absent(void **state)
{
	(void)state;
	char *root = make_root();
	struct run r;
	run_probe(&r, root);
	const struct lsm_facts *l = &r.f.lsm;
	assert_status(&l->selinux_fs, FACT_ABSENT, 0, ENFORCE, "absent");
	assert_int_equal(l->selinux_enforce, -1);
	assert_status(&l->selinux_config, FACT_ABSENT, 0, CONFIG, "absent");
	assert_null(l->selinux_config_mode);
	assert_int_equal(l->selinux_config_line, 0);
	assert_null(l->selinux_config_type);
	run_release(&r);

	/* selinuxfs mounted but saying something unexpected; config a directory */
	put(root, "sys/fs/selinux/enforce", "2\n");
	_cleanup_free_ char *cfg = xasprintf("%s/etc/selinux/config/", root);
	mkdir_parents(cfg);
	run_probe(&r, root);
	assert_status(&l->selinux_fs, FACT_INVALID, EBADMSG, ENFORCE, "invalid: expected 0 or 1");
	assert_int_equal(l->selinux_enforce, -1);
	_cleanup_free_ char *isdir = xasprintf("unreadable: %s", strerror(EISDIR));
	assert_status(&l->selinux_config, FACT_UNREADABLE, EISDIR, CONFIG, isdir);
	run_release(&r);
	remove_root(root);
}

static void test_selinux_config_like_libselinux(void **state)
{
	(void)state;
	char *root = make_root();
	put(root, "etc/selinux/config",
	    "#SELINUX=permissive\n"  /* 1: a comment */
	    "  SELINUX=disabled\n"   /* 2: indented: libselinux does not see it */
	    "SELINUX=bogus\n"        /* 3: not a value libselinux knows */
	    "SELINUXTYPE=targeted\n" /* 4 */
	    "SELINUX= Enforcing\n"   /* 5: this one counts */
	    "SELINUX=permissive\n"   /* 6: too late, the first one wins */
	    "  selinuxtype=mls\n");  /* 7: the last type wins, any case, indented */
	struct run r;
	run_probe(&r, root);
	const struct lsm_facts *l = &r.f.lsm;
	assert_status(&l->selinux_config, FACT_OK, 0, CONFIG, NULL);
	assert_string_equal(l->selinux_config_mode, "enforcing");
	assert_int_equal(l->selinux_config_line, 5);
	assert_string_equal(l->selinux_config_type, "mls");
	run_release(&r);

	/* nothing libselinux recognises: what the file says is kept, not a default */
	put(root, "etc/selinux/config", "SELINUX=\nSELINUX=sometimes\nSELINUX=\n");
	run_probe(&r, root);
	assert_string_equal(l->selinux_config_mode, "sometimes");
	assert_int_equal(l->selinux_config_line, 2);
	assert_null(l->selinux_config_type);
	run_release(&r);

	/* no SELINUX= at all */
	put(root, "etc/selinux/config", "SELINUXTYPE=targeted\n");
	run_probe(&r, root);
	assert_status(&l->selinux_config, FACT_OK, 0, CONFIG, NULL);
	assert_null(l->selinux_config_mode);
	assert_int_equal(l->selinux_config_line, 0);
	run_release(&r);
	remove_root(root);
}

/* ---- AppArmor ---- */

static void test_apparmor_profiles(void **state)
{
	(void)state;
	char *root = make_root();
	put(root, "sys/module/apparmor/parameters/enabled", "Y\n");
	put(root, "sys/kernel/security/apparmor/profiles",
	    "docker-default (enforce)\n"
	    "/usr/sbin/tcpdump (enforce)\n"
	    "/usr/lib/snapd/snap-confine//mount-namespace-capture-helper (complain)\n"
	    "snap.lxd.daemon (complain)\n"
	    "/opt/my app (beta) (enforce)\n"
	    "unconfined-thing (unconfined)\n"
	    "garbage line\n"
	    "(enforce)\n"
	    "\n"
	    "nvidia_modprobe//kmod (kill)\n");
	struct run r;
	run_probe(&r, root);
	const struct lsm_facts *l = &r.f.lsm;
	assert_status(&l->apparmor_module, FACT_OK, 0, AA_ENABLED, NULL);
	assert_true(l->apparmor_enabled);
	assert_status(&l->apparmor_profiles, FACT_OK, 0, AA_PROFILES, "2 malformed lines skipped");
	assert_int_equal(l->apparmor_enforce, 3);
	assert_int_equal(l->apparmor_complain, 2);
	assert_true(l->apparmor_docker_default);
	run_release(&r);

	/* docker-default only in complain mode; the module switched off */
	put(root, "sys/module/apparmor/parameters/enabled", "N\n");
	put(root, "sys/kernel/security/apparmor/profiles",
	    "docker-default (complain)\ndocker-default-x (enforce)");
	run_probe(&r, root);
	assert_status(&l->apparmor_module, FACT_OK, 0, AA_ENABLED, NULL);
	assert_false(l->apparmor_enabled);
	assert_status(&l->apparmor_profiles, FACT_OK, 0, AA_PROFILES, NULL);
	assert_int_equal(l->apparmor_enforce, 1);
	assert_int_equal(l->apparmor_complain, 1);
	assert_false(l->apparmor_docker_default);
	run_release(&r);

	/* no profile loaded at all */
	put(root, "sys/kernel/security/apparmor/profiles", "");
	run_probe(&r, root);
	assert_status(&l->apparmor_profiles, FACT_OK, 0, AA_PROFILES, NULL);
	assert_int_equal(l->apparmor_enforce + l->apparmor_complain, 0);
	run_release(&r);
	remove_root(root);
}

static void test_apparmor_unreadable(void **state)
{
	(void)state;
	char *root = make_root();
	put(root, "sys/module/apparmor/parameters/enabled", "Y\n");
	/* root reads anything: stand in for securityfs refusing us with a FIFO */
	_cleanup_free_ char *p = xasprintf("%s/sys/kernel/security/apparmor/profiles", root);
	mkdir_parents(p);
	assert_int_equal(mkfifo(p, 0600), 0);
	struct run r;
	run_probe(&r, root);
	const struct lsm_facts *l = &r.f.lsm;
	assert_true(l->apparmor_enabled);
	_cleanup_free_ char *badfd = xasprintf("unreadable: %s", strerror(EBADFD));
	assert_status(&l->apparmor_profiles, FACT_UNREADABLE, EBADFD, AA_PROFILES, badfd);
	assert_int_equal(l->apparmor_enforce, 0);
	assert_false(l->apparmor_docker_default);
	run_release(&r);
	remove_root(root);
}

/* ---- the live host ---- */

static void test_live(void **state)
{
	(void)state;
	struct run r;
	run_probe(&r, "/");
	const struct lsm_facts *l = &r.f.lsm;
	int enforce = -1;
	int on = selinux_live_state(&enforce);
	if (on > 0) {
		assert_status(&l->selinux_fs, FACT_OK, 0, ENFORCE, NULL);
		assert_int_equal(l->selinux_enforce, enforce);
	} else if (on == 0) {
		assert_status(&l->selinux_fs, FACT_ABSENT, 0, ENFORCE,
			      "absent: SELinux is disabled (libselinux)");
		assert_int_equal(l->selinux_enforce, -1);
	}
	/* every source was looked at and has a state */
	assert_int_not_equal(l->selinux_config.state, FACT_UNKNOWN);
	assert_int_not_equal(l->apparmor_module.state, FACT_UNKNOWN);
	assert_int_not_equal(l->apparmor_profiles.state, FACT_UNKNOWN);
	run_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_selinux_enforcing),
		cmocka_unit_test(test_selinux_permissive),
		cmocka_unit_test(test_selinux_absent),
		cmocka_unit_test(test_selinux_config_like_libselinux),
		cmocka_unit_test(test_apparmor_profiles),
		cmocka_unit_test(test_apparmor_unreadable),
		cmocka_unit_test(test_live),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
