/* test-fixer-group-members.c: the group_members fixer: members not allowed leave the member
 * lists of /etc/group and /etc/gshadow (other lines, owner and mode kept); a user whose primary
 * group it is, or who is in another group line with the same gid, gets a manual note with the
 * exact command and keeps the rule unplanned; a gshadow the lens cannot parse is not edited
 * alone. */
#include "hostfix-test-util.h"

extern const struct fixer_kind fixer_group_members;
static const struct fixer_kind *const kinds[] = {&fixer_group_members, NULL};

static const char *const baseline =
	"id: t\ntitle: t\nversion: 1\nrules:\n"
	"  - id: host.docker-group\n    title: g\n    severity: high\n"
	"    check: {kind: group_members, group: docker, allowed: [root]}\n"
	"    fix: {kind: group_members}\n";

static const char *const passwd = "root:x:0:0:root:/root:/bin/bash\n"
				  "alice:x:1000:1000::/home/alice:/bin/sh\n"
				  "bob:x:1001:999::/home/bob:/bin/sh\n"
				  "carol:x:1002:1002::/home/carol:/bin/sh\n"
				  "dave:x:1003:1003::/home/dave:/bin/sh\n";

static void test_secondary_members(void **state)
{
	(void)state;
	struct fx x = {.root = tr_new(), .kinds = kinds};
	tr_put(x.root, "etc/passwd", "root:x:0:0:root:/root:/bin/bash\n"
				     "alice:x:1000:1000::/home/alice:/bin/sh\n"
				     "carol:x:1002:1002::/home/carol:/bin/sh\n", 0644);
	tr_put(x.root, "etc/group", "root:x:0:\n# comment\ndocker:x:999:alice,root,carol\n"
				    "carol:x:1002:\n", 0644);
	tr_put(x.root, "etc/gshadow", "root:*::\ndocker:!:alice:alice,root,carol\n", 0640);
	tr_chown(x.root, "etc/gshadow", 0, 42);
	fx_plan(&x, baseline);
	assert_int_equal(fx_status(&x, "host.docker-group"), STATUS_FAIL);
	assert_int_equal(x.plan.n_changes, 2);
	struct change *c = fx_change(&x, CHANGE_FILE, "/etc/group");
	assert_non_null(c);
	assert_string_equal(c->new_content,
			    "root:x:0:\n# comment\ndocker:x:999:root\ncarol:x:1002:\n");
	assert_int_equal(c->set_mode, -1);
	assert_non_null(strstr(c->summary, "remove alice, carol from docker"));
	c = fx_change(&x, CHANGE_FILE, "/etc/gshadow");
	assert_non_null(c);
	/* the admin list is not a membership: kept */
	assert_string_equal(c->new_content, "root:*::\ndocker:!:alice:root\n");
	assert_int_equal(c->set_gid, -1);
	assert_int_equal(x.plan.n_notes, 0);
	assert_true(fx_planned(&x, "host.docker-group"));
	fx_apply(&x);
	fx_plan(&x, baseline);
	assert_plan_empty(&x);
	assert_int_equal(fx_status(&x, "host.docker-group"), STATUS_PASS);
	assert_int_equal(tr_stat(x.root, "etc/gshadow").st_gid, 42);
	fx_release(&x);
	tr_free(x.root);
}

static void test_manual_cases(void **state)
{
	(void)state;
	struct fx x = {.root = tr_new(), .kinds = kinds};
	tr_put(x.root, "etc/passwd", passwd, 0644);
	tr_put(x.root, "etc/group", "root:x:0:\ndocker:x:999:carol\ncarol:x:1002:\n"
				    "dockerz:x:999:dave\n", 0644);
	fx_plan(&x, baseline);
	assert_int_equal(x.plan.n_changes, 1);
	struct change *c = fx_change(&x, CHANGE_FILE, "/etc/group");
	assert_non_null(c);
	assert_string_equal(c->new_content, "root:x:0:\ndocker:x:999:\ncarol:x:1002:\n"
					    "dockerz:x:999:dave\n");
	_cleanup_free_ char *m = fx_notes(&x, NOTE_MANUAL);
	assert_non_null(strstr(m, "bob has docker as primary group (/etc/passwd:3): give it another "
				  "one, e.g. `groupadd bob && usermod -g bob bob`"));
	assert_non_null(strstr(m, "dave is a member of dockerz (/etc/group:4), which has the same "
				  "gid 999 as docker: remove it with `gpasswd -d dave dockerz`"));
	assert_int_equal(x.plan.n_notes, 2);
	assert_false(fx_planned(&x, "host.docker-group"));
	fx_apply(&x);
	fx_plan(&x, baseline);
	assert_plan_empty(&x);
	assert_int_equal(fx_status(&x, "host.docker-group"), STATUS_FAIL); /* bob and dave */
	assert_int_equal(x.plan.n_notes, 2);
	fx_release(&x);
	tr_free(x.root);
}

static void test_gshadow_unparseable(void **state)
{
	(void)state;
	struct fx x = {.root = tr_new(), .kinds = kinds};
	tr_put(x.root, "etc/passwd", passwd, 0644);
	tr_put(x.root, "etc/group", "docker:x:999:alice\n", 0644);
	tr_put(x.root, "etc/gshadow", "docker:$6$salt$hash::alice\n", 0640);
	fx_plan(&x, baseline);
	/* /etc/group alone is edited; gshadow needs gpasswd */
	assert_non_null(fx_change(&x, CHANGE_FILE, "/etc/group"));
	assert_null(fx_change(&x, CHANGE_FILE, "/etc/gshadow"));
	_cleanup_free_ char *m = fx_notes(&x, NOTE_MANUAL);
	assert_non_null(strstr(m, "/etc/gshadow cannot be edited"));
	assert_non_null(strstr(m, "`gpasswd -d USER docker` for alice"));
	assert_false(fx_planned(&x, "host.docker-group"));
	fx_release(&x);
	tr_free(x.root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_secondary_members),
		cmocka_unit_test(test_manual_cases),
		cmocka_unit_test(test_gshadow_unparseable),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
