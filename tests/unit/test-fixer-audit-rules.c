/* test-fixer-audit-rules.c: the audit_rules fixer: one rules file with sorted, deduplicated
 * `-w PATH -p wa -k docker` lines for the unwatched paths (also when auditd has no rules at
 * all, where the check names no objects), lines dockward did not write kept, the path taken as
 * the check names it (a watch on /usr/bin/dockerd-rootless.sh is no watch on /usr/bin/dockerd),
 * loading with augenrules or auditctl on a live host, and a note when auditd is missing. */
#include "hostfix-test-util.h"

extern const struct fixer_kind fixer_audit_rules;
static const struct fixer_kind *const kinds[] = {&fixer_audit_rules, NULL};

#define OURS "etc/audit/rules.d/60-dockward-docker.rules"
#define HEADER                                                                                     \
	"## Written by dockward (dockward fix): audit watches on Docker's files.\n"               \
	"## dockward rewrites the -w ... -k docker lines it manages; other lines are kept.\n"

static const char *const baseline =
	"id: t\ntitle: t\nversion: 1\nrules:\n"
	"  - id: host.audit-etc-docker\n    title: e\n    severity: low\n"
	"    check: {kind: audit_watch, paths: [/etc/docker]}\n"
	"    fix: {kind: audit_rules}\n"
	"  - id: host.audit-dockerd\n    title: d\n    severity: low\n"
	"    check: {kind: audit_watch, paths: [/usr/bin/dockerd, /usr/sbin/dockerd]}\n"
	"    fix: {kind: audit_rules}\n"
	"  - id: host.audit-var-lib-docker\n    title: v\n    severity: low\n"
	"    check: {kind: audit_watch, paths: [/var/lib/docker]}\n"
	"    fix: {kind: audit_rules}\n";

static void assert_fixed(struct fx *x)
{
	fx_apply(x);
	fx_plan(x, baseline);
	assert_plan_empty(x);
	for (size_t i = 0; i < x->rep.n_results; i++)
		assert_true(x->rep.results[i].status == STATUS_PASS ||
			    x->rep.results[i].status == STATUS_NOT_APPLICABLE);
}

static void test_no_rules_at_all(void **state)
{
	(void)state;
	struct fx x = {.root = tr_new(), .kinds = kinds};
	tr_put(x.root, "usr/bin/dockerd", "", 0755);
	tr_mkdir(x.root, "etc/docker", 0755);
	fx_plan(&x, baseline);
	assert_int_equal(fx_status(&x, "host.audit-dockerd"), STATUS_FAIL);
	assert_int_equal(fx_status(&x, "host.audit-var-lib-docker"), STATUS_NOT_APPLICABLE);
	assert_int_equal(x.plan.n_changes, 1);
	struct change *c = fx_change(&x, CHANGE_FILE, "/" OURS);
	assert_non_null(c);
	assert_string_equal(c->new_content, HEADER "-w /etc/docker -p wa -k docker\n"
						   "-w /usr/bin/dockerd -p wa -k docker\n");
	assert_int_equal(c->set_mode, 0640);
	assert_int_equal(strv_length(c->rule_ids), 2);
	assert_true(fx_planned(&x, "host.audit-dockerd"));
	assert_true(fx_planned(&x, "host.audit-etc-docker"));
	/* auditd is not installed: said once */
	assert_int_equal(x.plan.n_notes, 1);
	assert_int_equal(x.plan.notes[0].kind, NOTE_MANUAL);
	assert_non_null(strstr(x.plan.notes[0].text, "apt-get install auditd"));
	assert_fixed(&x);
	fx_release(&x);
	tr_free(x.root);
}

static void test_keeps_other_lines(void **state)
{
	(void)state;
	struct fx x = {.root = tr_new(), .kinds = kinds, .live = true};
	tr_put(x.root, "usr/bin/dockerd", "", 0755);
	tr_put(x.root, "usr/bin/dockerd-rootless.sh", "", 0755);
	tr_mkdir(x.root, "etc/docker", 0755);
	tr_mkdir(x.root, "var/lib/docker", 0710);
	tr_put(x.root, "sbin/auditctl", "", 0755);
	tr_put(x.root, "usr/sbin/augenrules", "", 0755);
	tr_put(x.root, "etc/audit/rules.d/10-base.rules",
	       "-D\n-w /etc/docker -k docker\n-w /usr/bin/dockerd-rootless.sh -k docker\n", 0640);
	tr_put(x.root, OURS,
	       "# mine\n-w /var/lib/docker -p wa -k docker\n-a never,exit -F arch=b64 -S adjtimex\n"
	       "-w /var/lib/docker -p wa -k docker\n",
	       0600);
	fx_plan(&x, baseline);
	assert_int_equal(fx_status(&x, "host.audit-etc-docker"), STATUS_PASS);
	assert_int_equal(fx_status(&x, "host.audit-dockerd"), STATUS_FAIL);
	assert_int_equal(x.plan.n_changes, 2);
	struct change *c = fx_change(&x, CHANGE_FILE, "/" OURS);
	assert_non_null(c);
	assert_string_equal(c->new_content, "# mine\n-a never,exit -F arch=b64 -S adjtimex\n"
					    "-w /usr/bin/dockerd -p wa -k docker\n"
					    "-w /var/lib/docker -p wa -k docker\n");
	assert_int_equal(c->set_mode, -1);
	struct change *cmd = fx_change(&x, CHANGE_COMMAND, "/usr/sbin/augenrules");
	assert_non_null(cmd);
	assert_string_equal(cmd->argv[1], "--load");
	assert_null(cmd->argv[2]);
	assert_int_equal(x.plan.n_notes, 0);
	assert_fixed(&x);
	fx_release(&x);
	tr_free(x.root);
}

static void test_auditctl_without_augenrules(void **state)
{
	(void)state;
	struct fx x = {.root = tr_new(), .kinds = kinds, .live = true};
	tr_mkdir(x.root, "etc/docker", 0755);
	tr_put(x.root, "usr/sbin/auditctl", "", 0755);
	tr_put(x.root, "etc/audit/audit.rules", "-D\n", 0640);
	fx_plan(&x, baseline);
	struct change *cmd = fx_change(&x, CHANGE_COMMAND, "/usr/sbin/auditctl");
	assert_non_null(cmd);
	assert_string_equal(cmd->argv[1], "-R");
	assert_string_equal(cmd->argv[2], "/" OURS);
	assert_non_null(fx_change(&x, CHANGE_FILE, "/" OURS));
	fx_release(&x);

	/* not live: the file, no command */
	x.live = false;
	fx_plan(&x, baseline);
	assert_int_equal(x.plan.n_changes, 1);
	assert_null(fx_change(&x, CHANGE_COMMAND, "/usr/sbin/auditctl"));
	fx_release(&x);
	tr_free(x.root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_rules_at_all),
		cmocka_unit_test(test_keeps_other_lines),
		cmocka_unit_test(test_auditctl_without_augenrules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
