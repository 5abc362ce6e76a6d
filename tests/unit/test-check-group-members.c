/* test-check-group-members.c: table-driven tests of the check kind group_members. */
#include "check-test-util.h"

extern const struct check_kind check_group_members;

static void base(struct facts *f)
{
	tf_accounts(f);
	tf_user(f, "root", 0, 0);
	tf_user(f, "alice", 1000, 1000);
	tf_user(f, "bob", 1001, 1001);
	tf_group(f, "root", 0, "");
	tf_group(f, "alice", 1000, "");
}

static void only_root(struct facts *f)
{
	base(f);
	tf_group(f, "docker", 999, "root");
}

static void empty(struct facts *f)
{
	base(f);
	tf_group(f, "docker", 999, "");
}

static void alice_secondary(struct facts *f)
{
	base(f);
	tf_group(f, "docker", 999, "root,alice");
}

static void primary_group(struct facts *f)
{
	base(f);
	tf_group(f, "docker", 999, "");
	tf_user(f, "ci", 1002, 999); /* docker is ci's primary group: not listed in etc/group */
}

static void same_gid(struct facts *f)
{
	base(f);
	tf_group(f, "docker", 999, "root");
	tf_group(f, "dockr", 999, "bob"); /* another name for gid 999 */
}

static void no_docker_group(struct facts *f)
{
	base(f);
}

static void group_unreadable(struct facts *f)
{
	base(f);
	tf_status(&f->accounts.group, "/etc/group", FACT_UNREADABLE);
}

static void group_absent(struct facts *f)
{
	tf_accounts(f);
	tf_status(&f->accounts.group, "/etc/group", FACT_ABSENT);
}

static void passwd_unreadable(struct facts *f)
{
	only_root(f);
	tf_status(&f->accounts.passwd, "/etc/passwd", FACT_UNREADABLE);
}

static void passwd_unreadable_bad(struct facts *f)
{
	alice_secondary(f);
	tf_status(&f->accounts.passwd, "/etc/passwd", FACT_UNREADABLE);
}

static void listed_twice(struct facts *f)
{
	base(f);
	tf_group(f, "docker", 999, "root,root,");
	tf_user(f, "root2", 0, 999);
}

static void not_probed(struct facts *f)
{
	tf_daemon(f);
}

#define DOCKER_ROOT {PS("group", "docker"), PL("allowed", "root")}

static const struct check_case cases[] = {
	{"pass/only allowed members", DOCKER_ROOT, only_root, STATUS_PASS, "docker members: root",
	 "etc/group:3:0: docker (gid 999): root", 1},
	{"pass/no members", DOCKER_ROOT, empty, STATUS_PASS, "docker has no members"},
	{"fail/secondary member not allowed", DOCKER_ROOT, alice_secondary, STATUS_FAIL,
	 "docker has members not allowed: alice (members: root, alice)", NULL, 2},
	{"fail/primary-group member not allowed", DOCKER_ROOT, primary_group, STATUS_FAIL,
	 "members not allowed: ci", "etc/passwd:4:0: ci: gid 999", 1},
	{"fail/member of another group with the same gid", DOCKER_ROOT, same_gid, STATUS_FAIL,
	 "members not allowed: bob", "etc/group:4:0: dockr (gid 999): bob", 2},
	{"pass/allowed list with several users",
	 {PS("group", "docker"), PL("allowed", "root", "alice")}, alice_secondary, STATUS_PASS,
	 "docker members: root, alice"},
	{"pass/group absent: nobody can be in it", DOCKER_ROOT, no_docker_group, STATUS_PASS,
	 "group docker does not exist: nobody can be in it", "etc/group:0:0: no group docker"},
	{"fail/duplicates counted once, primary member fails", DOCKER_ROOT, listed_twice, STATUS_FAIL,
	 "members not allowed: root2", NULL, 2},
	{"error/etc/group unreadable", DOCKER_ROOT, group_unreadable, STATUS_ERROR,
	 "etc/group is unreadable: Permission denied"},
	{"not_applicable/etc/group absent", DOCKER_ROOT, group_absent, STATUS_NOT_APPLICABLE,
	 "etc/group is absent"},
	{"error/etc/passwd unreadable: primary members unknown", DOCKER_ROOT, passwd_unreadable,
	 STATUS_ERROR, "etc/passwd (users whose primary group it is) is unreadable"},
	{"fail/etc/passwd unreadable but a secondary member fails", DOCKER_ROOT,
	 passwd_unreadable_bad, STATUS_FAIL, "members not allowed: alice"},
	{"error/accounts probe did not run", DOCKER_ROOT, not_probed, STATUS_ERROR,
	 "the accounts probe did not run"},
};

int main(void)
{
	return run_check_cases("group_members", &check_group_members, cases, ELEMENTSOF(cases),
			       NULL, 0);
}
