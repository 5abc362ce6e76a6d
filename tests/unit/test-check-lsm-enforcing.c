/* test-check-lsm-enforcing.c: table-driven tests of the check kind lsm_enforcing. */
#include "check-test-util.h"

extern const struct check_kind check_lsm_enforcing;

static void neither(struct facts *f)
{
	tf_lsm(f);
}

static void selinux_enforcing(struct facts *f)
{
	tf_lsm(f);
	tf_selinux(f, 1, "enforcing");
}

static void selinux_not_persistent(struct facts *f)
{
	tf_lsm(f);
	tf_selinux(f, 1, "permissive");
}

static void selinux_no_config(struct facts *f)
{
	tf_lsm(f);
	tf_selinux(f, 1, NULL); /* etc/selinux/config absent */
}

static void selinux_permissive(struct facts *f)
{
	tf_lsm(f);
	tf_selinux(f, 0, "enforcing");
}

static void selinux_config_unreadable(struct facts *f)
{
	tf_lsm(f);
	tf_selinux(f, 1, NULL);
	tf_status(&f->lsm.selinux_config, "/etc/selinux/config", FACT_UNREADABLE);
}

static void apparmor_enforce(struct facts *f)
{
	tf_lsm(f);
	tf_apparmor(f, true, 42, 3);
	f->lsm.apparmor_docker_default = true;
}

static void apparmor_complain_only(struct facts *f)
{
	tf_lsm(f);
	tf_apparmor(f, true, 0, 12);
}

static void apparmor_disabled(struct facts *f)
{
	tf_lsm(f);
	tf_apparmor(f, false, 0, 0);
}

static void apparmor_profiles_unreadable(struct facts *f)
{
	tf_lsm(f);
	tf_apparmor(f, true, 0, 0);
	tf_status(&f->lsm.apparmor_profiles, "/sys/kernel/security/apparmor/profiles",
		  FACT_UNREADABLE);
}

static void selinuxfs_unreadable(struct facts *f)
{
	tf_lsm(f);
	tf_status(&f->lsm.selinux_fs, "/sys/fs/selinux/enforce", FACT_UNREADABLE);
}

static void offline_selinux_config(struct facts *f)
{
	tf_lsm(f);
	tf_status(&f->lsm.selinux_config, "/etc/selinux/config", FACT_OK);
	f->lsm.selinux_config_mode = xstrdup("enforcing");
	f->lsm.selinux_config_line = 7;
	f->host = &test_offline_host;
}

static void offline_nothing(struct facts *f)
{
	tf_lsm(f);
	f->host = &test_offline_host;
}

static void not_probed(struct facts *f)
{
	(void)f;
}

static const struct check_case cases[] = {
	{"pass/SELinux enforcing, live and configured", {{0}}, selinux_enforcing, STATUS_PASS,
	 "SELinux enforcing (live and in etc/selinux/config)",
	 "etc/selinux/config:7:0: SELINUX=enforcing"},
	{"fail/SELinux enforcing live but permissive in config", {{0}}, selinux_not_persistent,
	 STATUS_FAIL,
	 "SELinux enforcing live but not persistent: etc/selinux/config says SELINUX=permissive",
	 "sys/fs/selinux/enforce:0:0: 1 (enforcing)"},
	{"fail/SELinux enforcing live, no config file", {{0}}, selinux_no_config, STATUS_FAIL,
	 "not persistent: etc/selinux/config is absent"},
	{"fail/SELinux permissive", {{0}}, selinux_permissive, STATUS_FAIL, "SELinux permissive"},
	{"error/SELinux config unreadable", {{0}}, selinux_config_unreadable, STATUS_ERROR,
	 "etc/selinux/config is unreadable"},
	{"pass/AppArmor with enforced profiles", {{0}}, apparmor_enforce, STATUS_PASS,
	 "AppArmor enabled, 42 profiles in enforce mode (docker-default among them)",
	 "sys/kernel/security/apparmor/profiles:0:0: 42 in enforce mode, 3 in complain mode"},
	{"fail/AppArmor with complain profiles only", {{0}}, apparmor_complain_only, STATUS_FAIL,
	 "AppArmor enabled but no profile in enforce mode (12 in complain mode)"},
	{"fail/AppArmor disabled", {{0}}, apparmor_disabled, STATUS_FAIL, "AppArmor disabled",
	 "sys/module/apparmor/parameters/enabled:0:0: N"},
	{"fail/neither", {{0}}, neither, STATUS_FAIL,
	 "SELinux not active; AppArmor not in the kernel",
	 "sys/fs/selinux/enforce:0:0: absent: SELinux is not active"},
	{"error/AppArmor profiles unreadable", {{0}}, apparmor_profiles_unreadable, STATUS_ERROR,
	 "AppArmor enabled, profiles unknown"},
	{"error/selinuxfs unreadable", {{0}}, selinuxfs_unreadable, STATUS_ERROR,
	 "SELinux state unknown"},
	{"pass/AppArmor accepted alone", {PL("accept", "apparmor")}, apparmor_enforce, STATUS_PASS,
	 "AppArmor enabled"},
	{"fail/AppArmor not accepted", {PL("accept", "selinux")}, apparmor_enforce, STATUS_FAIL,
	 "SELinux not active"},
	{"pass/offline root: SELinux judged on its config", {{0}}, offline_selinux_config,
	 STATUS_PASS, "SELinux enforcing in etc/selinux/config (offline root: no live state)"},
	{"not_applicable/offline root without SELinux config", {{0}}, offline_nothing,
	 STATUS_NOT_APPLICABLE, "AppArmor's live state cannot be seen"},
	{"fail/offline root, only SELinux accepted, not configured", {PL("accept", "selinux")},
	 offline_nothing, STATUS_FAIL, "SELinux not enforcing in etc/selinux/config"},
	{"error/lsm probe did not run", {{0}}, not_probed, STATUS_ERROR, "the lsm probe did not run"},
};

static void validate_accept(void **state)
{
	(void)state;
	struct diags d = {0};
	assert_int_equal(test_validate(&check_lsm_enforcing,
				       (struct tparam[]){PL("accept", "selinux", "smack"), {0}}, &d),
			 -EINVAL);
	assert_one_diag(&d, TEST_LINE + 1, TEST_COL + 2, "accept: \"smack\" is not one of");
	diags_release(&d);
	assert_int_equal(test_validate(&check_lsm_enforcing, (struct tparam[]){PL0("accept"), {0}},
				       &d),
			 -EINVAL);
	assert_one_diag(&d, TEST_LINE + 1, TEST_COL + 2, "accept: must not be empty");
	diags_release(&d);
	assert_int_equal(test_validate(&check_lsm_enforcing, (struct tparam[]){{0}}, &d), 0);
	assert_int_equal(d.n, 0);
}

int main(void)
{
	const struct CMUnitTest extra[] = {cmocka_unit_test(validate_accept)};
	return run_check_cases("lsm_enforcing", &check_lsm_enforcing, cases, ELEMENTSOF(cases),
			       extra, ELEMENTSOF(extra));
}
