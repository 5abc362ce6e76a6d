/* test-fixer-lsm.c: the lsm fixer on fake roots: SELINUX=enforcing through augeas (comments and
 * SELINUXTYPE kept), setenforce when SELinux is permissive (live only), a manual reboot and
 * relabel when SELinux is disabled in the kernel, an image judged on its config alone, AppArmor
 * profiles in complain mode enforced with aa-enforce, AppArmor disabled by a boot parameter, and
 * no MAC system at all. Also measures what Shellvars.lns costs to load (printed). */
#include <time.h>

#include "augeas-util.h"
#include "hostfix-test-util.h"

extern const struct fixer_kind fixer_lsm;
static const struct fixer_kind *const kinds[] = {&fixer_lsm, NULL};

static const char *const baseline =
	"id: t\ntitle: t\nversion: 1\nrules:\n"
	"  - id: host.lsm-enforcing\n    title: l\n    severity: high\n"
	"    check: {kind: lsm_enforcing, accept: [selinux, apparmor]}\n"
	"    fix: {kind: lsm}\n";

#define SECONFIG "# This file controls the state of SELinux on the system.\nSELINUX=permissive\n" \
		 "# type\nSELINUXTYPE=targeted\n"
#define SECONFIG_FIXED "# This file controls the state of SELinux on the system.\n"           \
		       "SELINUX=enforcing\n# type\nSELINUXTYPE=targeted\n"

static void test_selinux_permissive(void **state)
{
	(void)state;
	struct fx x = {.root = tr_new(), .kinds = kinds, .live = true};
	tr_put(x.root, "etc/selinux/config", SECONFIG, 0644);
	tr_put(x.root, "sys/fs/selinux/enforce", "0", 0644);
	fx_plan(&x, baseline);
	assert_int_equal(fx_status(&x, "host.lsm-enforcing"), STATUS_FAIL);
	assert_int_equal(x.plan.n_changes, 2);
	struct change *c = fx_change(&x, CHANGE_FILE, "/etc/selinux/config");
	assert_non_null(c);
	assert_string_equal(c->new_content, SECONFIG_FIXED);
	assert_non_null(fx_change(&x, CHANGE_SELINUX, "selinux"));
	assert_true(fx_planned(&x, "host.lsm-enforcing"));
	fx_apply(&x);
	fx_plan(&x, baseline);
	assert_plan_empty(&x);
	assert_int_equal(fx_status(&x, "host.lsm-enforcing"), STATUS_PASS);
	fx_release(&x);

	/* under --root: the file only, and the permissive kernel is said */
	tr_put(x.root, "sys/fs/selinux/enforce", "0", 0644);
	x.live = false;
	fx_plan(&x, baseline);
	assert_int_equal(x.plan.n_changes, 0);
	_cleanup_free_ char *s = fx_notes(&x, NOTE_SKIPPED);
	assert_non_null(strstr(s, "SELinux is permissive in the root's sys/fs/selinux"));
	assert_false(fx_planned(&x, "host.lsm-enforcing"));
	fx_release(&x);
	tr_free(x.root);
}

static const char *const baseline_selinux =
	"id: t\ntitle: t\nversion: 1\nrules:\n"
	"  - id: host.lsm-enforcing\n    title: l\n    severity: high\n"
	"    check: {kind: lsm_enforcing, accept: [selinux]}\n"
	"    fix: {kind: lsm}\n";

/* An image (no sys/): with AppArmor accepted the check cannot judge (not applicable); with
 * SELinux only, it judges the config file, and the fixer sets it. */
static void test_selinux_image(void **state)
{
	(void)state;
	struct fx x = {.root = tr_new(), .kinds = kinds};
	tr_put(x.root, "etc/selinux/config",
	       "\n \n# top\nSELINUX=disabled\nSELINUXTYPE=targeted\nSELINUX=bogus\n", 0644);
	fx_plan(&x, baseline);
	assert_int_equal(fx_status(&x, "host.lsm-enforcing"), STATUS_NOT_APPLICABLE);
	fx_plan(&x, baseline_selinux);
	assert_int_equal(fx_status(&x, "host.lsm-enforcing"), STATUS_FAIL);
	assert_int_equal(x.plan.n_changes, 1);
	struct change *c = fx_change(&x, CHANGE_FILE, "/etc/selinux/config");
	assert_non_null(c);
	/* the blank lines at the top kept (Shellvars.lns drops them), every SELINUX= set */
	assert_string_equal(c->new_content, "\n \n# top\nSELINUX=enforcing\nSELINUXTYPE=targeted\n"
					    "SELINUX=enforcing\n");
	assert_true(fx_planned(&x, "host.lsm-enforcing"));
	fx_apply(&x);
	fx_plan(&x, baseline_selinux);
	assert_plan_empty(&x);
	assert_int_equal(fx_status(&x, "host.lsm-enforcing"), STATUS_PASS);
	fx_release(&x);
	tr_free(x.root);
}

static void test_selinux_disabled_in_kernel(void **state)
{
	(void)state;
	struct fx x = {.root = tr_new(), .kinds = kinds, .live = true};
	tr_put(x.root, "etc/selinux/config", "SELINUX=disabled\n", 0644);
	tr_put(x.root, "sys/module/apparmor/parameters/enabled", "N\n", 0644);
	fx_plan(&x, baseline);
	assert_int_equal(x.plan.n_changes, 1);
	assert_non_null(fx_change(&x, CHANGE_FILE, "/etc/selinux/config"));
	assert_null(fx_change(&x, CHANGE_SELINUX, "selinux"));
	_cleanup_free_ char *m = fx_notes(&x, NOTE_MANUAL);
	assert_non_null(strstr(m, "SELinux is disabled in the running kernel"));
	assert_non_null(strstr(m, "`touch /.autorelabel` and reboot"));
	assert_non_null(strstr(m, "AppArmor is in the kernel but disabled"));
	assert_false(fx_planned(&x, "host.lsm-enforcing"));
	fx_release(&x);
	tr_free(x.root);
}

static void apparmor_root(const char *root)
{
	tr_put(root, "sys/module/apparmor/parameters/enabled", "Y\n", 0644);
	tr_put(root, "sys/kernel/security/apparmor/profiles",
	       "/usr/sbin/cupsd (complain)\nnvidia_modprobe (complain)\n", 0644);
	tr_put(root, "etc/apparmor.d/usr.sbin.cupsd",
	       "profile /usr/sbin/cupsd flags=(attach_disconnected,complain) {\n}\n", 0644);
	tr_put(root, "etc/apparmor.d/nvidia_modprobe", "profile nvidia_modprobe {\n}\n", 0644);
	tr_put(root, "etc/apparmor.d/usr.bin.man", "profile man /usr/bin/man {\n}\n", 0644);
	tr_put(root, "etc/apparmor.d/force-complain/nvidia_modprobe", "", 0644);
	tr_put(root, "etc/apparmor.d/tunables/global", "", 0644);
}

static void test_apparmor_complain(void **state)
{
	(void)state;
	struct fx x = {.root = tr_new(), .kinds = kinds, .live = true};
	apparmor_root(x.root);
	tr_put(x.root, "usr/sbin/aa-enforce", "", 0755);
	fx_plan(&x, baseline);
	assert_int_equal(fx_status(&x, "host.lsm-enforcing"), STATUS_FAIL);
	assert_int_equal(x.plan.n_changes, 1);
	struct change *c = fx_change(&x, CHANGE_COMMAND, "/usr/sbin/aa-enforce");
	assert_non_null(c);
	assert_int_equal(strv_length(c->argv), 3);
	assert_string_equal(c->argv[1], "/etc/apparmor.d/nvidia_modprobe");
	assert_string_equal(c->argv[2], "/etc/apparmor.d/usr.sbin.cupsd");
	_cleanup_free_ char *w = fx_notes(&x, NOTE_WARNING);
	assert_non_null(strstr(w, "`dockward rollback` does not undo it"));
	assert_true(fx_planned(&x, "host.lsm-enforcing"));
	fx_release(&x);

	/* without aa-enforce: the exact commands */
	_cleanup_free_ char *tool = xasprintf("%s/usr/sbin/aa-enforce", x.root);
	assert_int_equal(unlink(tool), 0);
	fx_plan(&x, baseline);
	assert_int_equal(x.plan.n_changes, 0);
	_cleanup_free_ char *m = fx_notes(&x, NOTE_MANUAL);
	assert_string_equal(m, "`apt-get install apparmor-utils`, then `aa-enforce "
			       "/etc/apparmor.d/nvidia_modprobe /etc/apparmor.d/usr.sbin.cupsd`");
	fx_release(&x);
	tr_free(x.root);
}

static void test_no_mac(void **state)
{
	(void)state;
	struct fx x = {.root = tr_new(), .kinds = kinds, .live = true};
	tr_mkdir(x.root, "sys/fs", 0755);
	tr_mkdir(x.root, "proc", 0755);
	/* a live-looking root without either: the check fails (host.live is false, but sys/ exists
	 * only partly: both LSMs are absent, so the check takes it for an image) */
	fx_plan(&x, baseline);
	assert_int_equal(fx_status(&x, "host.lsm-enforcing"), STATUS_NOT_APPLICABLE);
	assert_int_equal(x.plan.n_changes, 0);
	fx_release(&x);

	tr_put(x.root, "sys/module/apparmor/parameters/enabled", "Y\n", 0644);
	tr_put(x.root, "sys/kernel/security/apparmor/profiles", "", 0644);
	fx_plan(&x, baseline);
	assert_int_equal(fx_status(&x, "host.lsm-enforcing"), STATUS_FAIL);
	_cleanup_free_ char *m = fx_notes(&x, NOTE_MANUAL);
	assert_non_null(strstr(m, "AppArmor is enabled but has no profile loaded"));
	fx_release(&x);
	tr_free(x.root);
}

static void test_shellvars_cost(void **state)
{
	(void)state;
	struct timespec a, b, c;
	_cleanup_(augeas_session_freep) struct augeas_session *s = augeas_session_new();
	struct augeas_op op = {AUGEAS_SET, "SELINUX", "enforcing"};
	_cleanup_free_ char *out = NULL, *out2 = NULL, *err = NULL;
	clock_gettime(CLOCK_MONOTONIC, &a);
	assert_int_equal(augeas_edit_text(s, "Shellvars.lns", SECONFIG, &op, 1, &out, &err), 0);
	clock_gettime(CLOCK_MONOTONIC, &b);
	assert_int_equal(augeas_edit_text(s, "Shellvars.lns", SECONFIG, &op, 1, &out2, &err), 0);
	clock_gettime(CLOCK_MONOTONIC, &c);
	assert_string_equal(out, SECONFIG_FIXED);
	print_message("Shellvars.lns: first edit (lens load) %.1f ms, second %.2f ms\n",
		      (b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6,
		      (c.tv_sec - b.tv_sec) * 1e3 + (c.tv_nsec - b.tv_nsec) / 1e6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_selinux_permissive),
		cmocka_unit_test(test_selinux_image),
		cmocka_unit_test(test_selinux_disabled_in_kernel),
		cmocka_unit_test(test_apparmor_complain),
		cmocka_unit_test(test_no_mac),
		cmocka_unit_test(test_shellvars_cost),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
