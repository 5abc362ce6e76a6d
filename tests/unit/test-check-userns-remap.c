/* test-check-userns-remap.c: table-driven tests of the check kind userns_remap. */
#include "check-test-util.h"

extern const struct check_kind check_userns_remap;

static void base(struct facts *f)
{
	tf_daemon(f);
	tf_accounts(f);
	tf_user(f, "root", 0, 0);
	tf_user(f, "alice", 1000, 1000);
}

static void unset(struct facts *f)
{
	base(f);
}

static void empty(struct facts *f)
{
	base(f);
	tf_daemon_file(f, "userns-remap", tv_str(""), 2);
}

static void dflt_no_ranges(struct facts *f)
{
	base(f);
	tf_daemon_file(f, "userns-remap", tv_str("default"), 2);
}

static void dflt_no_files(struct facts *f)
{
	dflt_no_ranges(f);
	tf_status(&f->accounts.subuid, "/etc/subuid", FACT_ABSENT);
	tf_status(&f->accounts.subgid, "/etc/subgid", FACT_ABSENT);
}

static void dflt_ranges(struct facts *f)
{
	dflt_no_ranges(f);
	tf_user(f, "dockremap", 999, 999);
	tf_subuid(f, "dockremap", 165536, 65536);
	tf_subgid(f, "dockremap", 165536, 65536);
}

static void dflt_short(struct facts *f)
{
	dflt_no_ranges(f);
	tf_user(f, "dockremap", 999, 999);
	tf_subuid(f, "dockremap", 165536, 1000);
	tf_subgid(f, "dockremap", 165536, 65536);
}

static void named_no_subuid(struct facts *f)
{
	base(f);
	tf_daemon_flag(f, "userns-remap", tv_str("alice:alice"), "--userns-remap=alice:alice");
	tf_subgid(f, "alice", 100000, 65536);
}

static void named_ok(struct facts *f)
{
	base(f);
	tf_daemon_file(f, "userns-remap", tv_str("alice"), 2);
	tf_subuid(f, "alice", 100000, 65536);
	tf_subgid(f, "alice", 100000, 65536);
}

static void named_by_uid_lines(struct facts *f)
{
	base(f);
	tf_daemon_file(f, "userns-remap", tv_str("alice"), 2);
	tf_subuid(f, "1000", 100000, 65536);
	tf_subgid(f, "alice", 100000, 32768);
	tf_subgid(f, "alice", 200000, 32768); /* two ranges add up */
}

static void named_group_only(struct facts *f)
{
	/* dockerd looks both files up by the user, not by the group after ':' */
	base(f);
	tf_group(f, "remapgrp", 2000, "");
	tf_daemon_file(f, "userns-remap", tv_str("alice:remapgrp"), 2);
	tf_subuid(f, "alice", 100000, 65536);
	tf_subgid(f, "remapgrp", 100000, 65536);
}

static void named_missing_user(struct facts *f)
{
	base(f);
	tf_daemon_file(f, "userns-remap", tv_str("bob"), 2);
	tf_subuid(f, "bob", 100000, 65536);
	tf_subgid(f, "bob", 100000, 65536);
}

static void named_subuid_absent(struct facts *f)
{
	named_ok(f);
	tf_status(&f->accounts.subuid, "/etc/subuid", FACT_ABSENT);
}

static void root_remap(struct facts *f)
{
	base(f);
	tf_daemon_file(f, "userns-remap", tv_str("root"), 2);
}

static void subuid_unreadable(struct facts *f)
{
	named_ok(f);
	tf_status(&f->accounts.subuid, "/etc/subuid", FACT_UNREADABLE);
}

static void passwd_unreadable(struct facts *f)
{
	named_ok(f);
	tf_status(&f->accounts.passwd, "/etc/passwd", FACT_UNREADABLE);
}

static void json_invalid(struct facts *f)
{
	base(f);
	tf_daemon_invalid(f, 3, 1, "trailing comma");
}

static void conflict(struct facts *f)
{
	named_ok(f);
	tf_daemon_flag(f, "userns-remap", tv_str("default"), "--userns-remap=default");
}

static void not_installed(struct facts *f)
{
	tf_daemon_none(f);
	tf_accounts(f);
}

static void no_accounts(struct facts *f)
{
	tf_daemon(f);
	tf_daemon_file(f, "userns-remap", tv_str("default"), 2);
}

static const struct check_case cases[] = {
	{"fail/unset", {{0}}, unset, STATUS_FAIL, "userns-remap is off: unset",
	 "dockerd default:0:0: userns-remap"},
	{"fail/empty string", {{0}}, empty, STATUS_FAIL,
	 "userns-remap is off: \"\" (etc/docker/daemon.json:2)"},
	{"pass/default, ranges created by dockerd", {{0}}, dflt_no_ranges, STATUS_PASS,
	 "\"default\" (etc/docker/daemon.json:2); dockerd creates dockremap and its id ranges at "
	 "start",
	 "etc/subuid:0:0: no range for dockremap: created by dockerd at start"},
	{"pass/default, no subuid/subgid files yet", {{0}}, dflt_no_files, STATUS_PASS,
	 "dockerd creates dockremap", "etc/passwd:0:0: no user dockremap: created by dockerd"},
	{"pass/default with its ranges", {{0}}, dflt_ranges, STATUS_PASS,
	 "; its subordinate id ranges are in place", "etc/subuid:1:0: dockremap owns 65536 ids"},
	{"fail/default with a short range", {{0}}, dflt_short, STATUS_FAIL,
	 "dockremap owns only 1000 ids in etc/subuid (needs 65536)"},
	{"fail/named user without subuid", {{0}}, named_no_subuid, STATUS_FAIL,
	 "\"alice:alice\" (dockerd flag --userns-remap=alice:alice); no range for alice in "
	 "etc/subuid",
	 "proc/4321/cmdline:0:0: --userns-remap=alice:alice"},
	{"pass/named user with ranges", {{0}}, named_ok, STATUS_PASS,
	 "\"alice\" (etc/docker/daemon.json:2); its subordinate id ranges are in place",
	 "etc/passwd:2:0: alice: uid 1000"},
	{"pass/ranges by uid and split in two", {{0}}, named_by_uid_lines, STATUS_PASS,
	 "\"alice\" (etc/docker/daemon.json:2); its subordinate id ranges are in place",
	 "etc/subgid:1:0: alice owns 65536 ids"},
	{"fail/subgid under the group name does not count", {{0}}, named_group_only, STATUS_FAIL,
	 "no range for alice in etc/subgid"},
	{"fail/user does not exist", {{0}}, named_missing_user, STATUS_FAIL,
	 "user bob does not exist; dockerd refuses to start"},
	{"fail/etc/subuid absent for a named user", {{0}}, named_subuid_absent, STATUS_FAIL,
	 "etc/subuid is absent"},
	{"fail/root is not remapped", {{0}}, root_remap, STATUS_FAIL,
	 "root cannot be remapped to itself"},
	{"error/subuid unreadable", {{0}}, subuid_unreadable, STATUS_ERROR,
	 "etc/subuid is unreadable: Permission denied"},
	{"error/passwd unreadable", {{0}}, passwd_unreadable, STATUS_ERROR,
	 "etc/passwd is unreadable"},
	{"error/daemon.json invalid", {{0}}, json_invalid, STATUS_ERROR,
	 "cannot tell the value of userns-remap: daemon.json is invalid "
	 "(etc/docker/daemon.json:3:1: trailing comma)"},
	{"fail/set as flag and in the file", {{0}}, conflict, STATUS_FAIL,
	 "userns-remap set both as flag (--userns-remap=default) and in daemon.json"},
	{"not_applicable/not installed", {{0}}, not_installed, STATUS_NOT_APPLICABLE,
	 "Docker is not installed"},
	{"error/accounts probe did not run", {{0}}, no_accounts, STATUS_ERROR,
	 "the accounts probe did not run"},
};

int main(void)
{
	return run_check_cases("userns_remap", &check_userns_remap, cases, ELEMENTSOF(cases), NULL,
			       0);
}
