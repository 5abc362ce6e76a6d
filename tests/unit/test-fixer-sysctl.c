/* test-fixer-sysctl.c: the sysctl fixer on fake roots: a new 60-dockward.conf, an edit that
 * keeps comments, systemd-sysctl precedence (a later /etc file is edited in place, a later vendor
 * file is overridden by a copy in /etc, /etc/sysctl.conf applies last, an earlier file or a glob
 * does not matter), live values, and a file the lens cannot parse. Each fixed root is audited
 * and planned again: the second plan is empty. */
#include "hostfix-test-util.h"

extern const struct fixer_kind fixer_sysctl;
static const struct fixer_kind *const kinds[] = {&fixer_sysctl, NULL};

#define OURS "etc/sysctl.d/60-dockward.conf"
#define HEADER                                                                                     \
	"# Written by dockward (dockward fix): kernel parameters for a Docker host.\n"             \
	"# dockward sets the keys it manages in this file and keeps every other line.\n"

static const char *const baseline =
	"id: t\ntitle: t\nversion: 1\nrules:\n"
	"  - id: kernel.dmesg\n    title: d\n    severity: low\n"
	"    check: {kind: sysctl, key: kernel.dmesg_restrict, equals: \"1\"}\n"
	"    fix: {kind: sysctl, key: kernel.dmesg_restrict, value: \"1\"}\n"
	"  - id: kernel.syncookies\n    title: s\n    severity: low\n"
	"    check: {kind: sysctl, key: net.ipv4.tcp_syncookies, equals: \"1\"}\n"
	"    fix: {kind: sysctl, key: net.ipv4.tcp_syncookies, value: 1}\n";

static const char *const baseline_redirects =
	"id: t\ntitle: t\nversion: 1\nrules:\n"
	"  - id: kernel.redirects\n    title: r\n    severity: low\n"
	"    check: {kind: sysctl, key: net.ipv4.conf.all.accept_redirects, equals: \"0\"}\n"
	"    fix: {kind: sysctl, key: net.ipv4.conf.all.accept_redirects, value: \"0\"}\n";

/* Applies the plan, audits and plans again: nothing left, every rule passes. */
static void assert_fixed(struct fx *x, const char *yaml)
{
	fx_apply(x);
	fx_plan(x, yaml);
	assert_plan_empty(x);
	for (size_t i = 0; i < x->rep.n_results; i++)
		assert_int_equal(x->rep.results[i].status, STATUS_PASS);
}

static void test_new_file(void **state)
{
	(void)state;
	struct fx x = {.root = tr_new(), .kinds = kinds};
	tr_mkdir(x.root, "etc", 0755);
	fx_plan(&x, baseline);
	assert_int_equal(fx_status(&x, "kernel.dmesg"), STATUS_FAIL);
	assert_int_equal(x.plan.n_changes, 1);
	struct change *c = fx_change(&x, CHANGE_FILE, "/" OURS);
	assert_non_null(c);
	assert_false(c->old_exists);
	assert_string_equal(c->new_content,
			    HEADER "kernel.dmesg_restrict = 1\nnet.ipv4.tcp_syncookies = 1\n");
	assert_int_equal(c->set_mode, 0644);
	assert_false(c->daemon_config);
	assert_true(fx_planned(&x, "kernel.dmesg"));
	assert_true(fx_planned(&x, "kernel.syncookies"));
	assert_int_equal(x.plan.n_notes, 0);
	assert_fixed(&x, baseline);
	fx_release(&x);
	tr_free(x.root);
}

static void test_edit_keeps_comments(void **state)
{
	(void)state;
	struct fx x = {.root = tr_new(), .kinds = kinds};
	tr_put(x.root, OURS,
	       "# mine\nkernel.dmesg_restrict=0 # old\n; other\nvm.swappiness = 10\n", 0600);
	fx_plan(&x, baseline);
	struct change *c = fx_change(&x, CHANGE_FILE, "/" OURS);
	assert_non_null(c);
	assert_true(c->old_exists);
	/* systemd-sysctl has no inline comments: "=0 # old" sets "0 # old", so the line goes and
	 * a clean one is added at the end (augeas keeps the old line's "=") rather than
	 * "=1 # old" */
	assert_string_equal(c->new_content, "# mine\n; other\nvm.swappiness = 10\n"
					    "kernel.dmesg_restrict=1\nnet.ipv4.tcp_syncookies = 1\n");
	assert_int_equal(c->set_mode, -1); /* an existing file keeps its mode */
	assert_fixed(&x, baseline);
	assert_int_equal(tr_stat(x.root, OURS).st_mode & 07777, 0600);
	fx_release(&x);
	tr_free(x.root);
}

static void test_later_etc_file_edited_there(void **state)
{
	(void)state;
	struct fx x = {.root = tr_new(), .kinds = kinds};
	tr_put(x.root, "etc/sysctl.d/90-y.conf",
	       "# tuning\nnet.ipv4.tcp_syncookies\t=  0\nkernel.dmesg_restrict = 1\n", 0644);
	fx_plan(&x, baseline);
	assert_int_equal(fx_status(&x, "kernel.dmesg"), STATUS_PASS);
	assert_int_equal(x.plan.n_changes, 1);
	struct change *c = fx_change(&x, CHANGE_FILE, "/etc/sysctl.d/90-y.conf");
	assert_non_null(c);
	assert_string_equal(c->new_content,
			    "# tuning\nnet.ipv4.tcp_syncookies\t=  1\nkernel.dmesg_restrict = 1\n");
	assert_null(fx_change(&x, CHANGE_FILE, "/" OURS));
	_cleanup_free_ char *w = fx_notes(&x, NOTE_WARNING);
	assert_non_null(strstr(w, "is set in /etc/sysctl.d/90-y.conf, not in "
				  "/etc/sysctl.d/60-dockward.conf"));
	assert_true(fx_planned(&x, "kernel.syncookies"));
	assert_fixed(&x, baseline);
	fx_release(&x);
	tr_free(x.root);
}

static void test_later_vendor_file_overridden(void **state)
{
	(void)state;
	struct fx x = {.root = tr_new(), .kinds = kinds};
	tr_put(x.root, "usr/lib/sysctl.d/99-vendor.conf",
	       "kernel.dmesg_restrict = 0\nkernel.pid_max = 4194304\n", 0644);
	tr_put(x.root, OURS, HEADER "kernel.dmesg_restrict = 1\n", 0644);
	tr_put(x.root, "etc/sysctl.d/50-x.conf", "net.ipv4.tcp_syncookies = 1\n", 0644);
	fx_plan(&x, baseline);
	assert_int_equal(x.plan.n_changes, 1);
	struct change *c = fx_change(&x, CHANGE_FILE, "/etc/sysctl.d/99-vendor.conf");
	assert_non_null(c);
	assert_false(c->old_exists);
	assert_string_equal(c->new_content, "kernel.dmesg_restrict = 1\nkernel.pid_max = 4194304\n");
	_cleanup_free_ char *w = fx_notes(&x, NOTE_WARNING);
	assert_non_null(strstr(w, "/etc/sysctl.d/99-vendor.conf is a copy of "
				  "/usr/lib/sysctl.d/99-vendor.conf with kernel.dmesg_restrict = 1"));
	assert_fixed(&x, baseline);
	fx_release(&x);
	tr_free(x.root);
}

static void test_sysctl_conf_last(void **state)
{
	(void)state;
	struct fx x = {.root = tr_new(), .kinds = kinds};
	tr_put(x.root, "etc/sysctl.conf", "#kernel.dmesg_restrict = 1\nkernel.dmesg_restrict\t= 0\n"
					  "kernel.dmesg_restrict = 0\n", 0644);
	tr_put(x.root, "etc/sysctl.d/99-z.conf", "kernel.dmesg_restrict = 1\n", 0644);
	tr_put(x.root, OURS, "net.ipv4.tcp_syncookies = 1\n", 0644);
	fx_plan(&x, baseline);
	assert_int_equal(x.plan.n_changes, 1);
	struct change *c = fx_change(&x, CHANGE_FILE, "/etc/sysctl.conf");
	assert_non_null(c);
	/* the last assignment changes: it is the one that wins */
	assert_string_equal(c->new_content, "#kernel.dmesg_restrict = 1\nkernel.dmesg_restrict\t= 0\n"
					    "kernel.dmesg_restrict = 1\n");
	assert_fixed(&x, baseline);
	fx_release(&x);
	tr_free(x.root);
}

static void test_earlier_file_and_glob_do_not_matter(void **state)
{
	(void)state;
	struct fx x = {.root = tr_new(), .kinds = kinds};
	tr_put(x.root, "etc/sysctl.d/10-early.conf", "net.ipv4.conf.all.accept_redirects = 1\n",
	       0644);
	tr_put(x.root, "etc/sysctl.d/99-glob.conf", "net.ipv4.conf.*.accept_redirects = 1\n", 0644);
	fx_plan(&x, baseline_redirects);
	assert_int_equal(fx_status(&x, "kernel.redirects"), STATUS_FAIL);
	assert_int_equal(x.plan.n_changes, 1);
	struct change *c = fx_change(&x, CHANGE_FILE, "/" OURS);
	assert_non_null(c);
	assert_string_equal(c->new_content, HEADER "net.ipv4.conf.all.accept_redirects = 0\n");
	assert_fixed(&x, baseline_redirects);
	_cleanup_free_ char *early = tr_read(x.root, "etc/sysctl.d/10-early.conf");
	assert_string_equal(early, "net.ipv4.conf.all.accept_redirects = 1\n");
	fx_release(&x);
	tr_free(x.root);
}

static void test_live(void **state)
{
	(void)state;
	struct fx x = {.root = tr_new(), .kinds = kinds, .live = true};
	tr_put(x.root, "proc/sys/kernel/dmesg_restrict", "0\n", 0644);
	tr_put(x.root, "proc/sys/net/ipv4/tcp_syncookies", "1\n", 0644);
	tr_put(x.root, OURS, "kernel.dmesg_restrict = 1\nnet.ipv4.tcp_syncookies = 1\n", 0644);
	fx_plan(&x, baseline);
	assert_int_equal(fx_status(&x, "kernel.dmesg"), STATUS_FAIL);
	assert_int_equal(x.plan.n_changes, 1);
	struct change *c = fx_change(&x, CHANGE_SYSCTL, "kernel.dmesg_restrict");
	assert_non_null(c);
	assert_string_equal(c->value, "1");
	assert_string_equal(c->old_value, "0");
	assert_true(fx_planned(&x, "kernel.dmesg"));
	assert_fixed(&x, baseline);
	fx_release(&x);

	/* the same root under --root: proc/sys is not written, and the plan says so */
	tr_put(x.root, "proc/sys/kernel/dmesg_restrict", "0\n", 0644);
	x.live = false;
	fx_plan(&x, baseline);
	assert_int_equal(x.plan.n_changes, 0);
	assert_false(fx_planned(&x, "kernel.dmesg"));
	_cleanup_free_ char *s = fx_notes(&x, NOTE_SKIPPED);
	assert_non_null(strstr(s, "kernel.dmesg_restrict is 0 in the root's proc/sys"));
	fx_release(&x);
	tr_free(x.root);
}

static void test_unparseable(void **state)
{
	(void)state;
	struct fx x = {.root = tr_new(), .kinds = kinds};
	tr_put(x.root, OURS, "this is not a sysctl line\n", 0644);
	fx_plan(&x, baseline);
	assert_int_equal(x.plan.n_changes, 0);
	assert_false(fx_planned(&x, "kernel.dmesg"));
	_cleanup_free_ char *s = fx_notes(&x, NOTE_SKIPPED);
	assert_non_null(strstr(s, "/etc/sysctl.d/60-dockward.conf does not parse as a sysctl file"));
	fx_release(&x);
	tr_free(x.root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_file),
		cmocka_unit_test(test_edit_keeps_comments),
		cmocka_unit_test(test_later_etc_file_edited_there),
		cmocka_unit_test(test_later_vendor_file_overridden),
		cmocka_unit_test(test_sysctl_conf_last),
		cmocka_unit_test(test_earlier_file_and_glob_do_not_matter),
		cmocka_unit_test(test_live),
		cmocka_unit_test(test_unparseable),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
