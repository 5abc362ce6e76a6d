/* test-check-file-owner-mode.c: table-driven tests of the check kind file_owner_mode. */
#include "check-test-util.h"

extern const struct check_kind check_file_owner_mode;

#define DJ "/etc/docker/daemon.json"

static void accounts(struct facts *f)
{
	tf_accounts(f);
	tf_user(f, "root", 0, 0);
	tf_user(f, "alice", 1000, 1000);
	tf_group(f, "root", 0, "");
	tf_group(f, "docker", 999, "alice");
}

static void base(struct facts *f)
{
	tf_daemon(f);
	accounts(f);
	f->probed |= PROBE_FILES;
}

static void dj_0644(struct facts *f)
{
	base(f);
	tf_file(f, DJ, S_IFREG | 0644, 0, 0);
}

static void dj_0664(struct facts *f)
{
	base(f);
	tf_file(f, DJ, S_IFREG | 0664, 0, 0);
}

static void dj_0600(struct facts *f)
{
	base(f);
	tf_file(f, DJ, S_IFREG | 0600, 0, 0);
}

static void dj_suid(struct facts *f)
{
	base(f);
	tf_file(f, DJ, S_IFREG | 04755, 0, 0);
}

static void dj_alice(struct facts *f)
{
	base(f);
	tf_file(f, DJ, S_IFREG | 0644, 1000, 0);
}

static void dj_uid_unknown(struct facts *f)
{
	base(f);
	tf_file(f, DJ, S_IFREG | 0644, 4242, 0);
}

static void sock_gid_999_no_group(struct facts *f)
{
	tf_accounts(f);
	tf_user(f, "root", 0, 0);
	tf_group(f, "root", 0, "");
	f->probed |= PROBE_FILES | PROBE_DAEMON;
	tf_file(f, "/run/docker.sock", S_IFSOCK | 0660, 0, 999);
}

static void sock_docker(struct facts *f)
{
	base(f);
	tf_file(f, "/run/docker.sock", S_IFSOCK | 0660, 0, 999);
}

static void passwd_unreadable_root(struct facts *f)
{
	dj_0644(f);
	tf_status(&f->accounts.passwd, "/etc/passwd", FACT_UNREADABLE);
}

static void passwd_unreadable_alice(struct facts *f)
{
	dj_alice(f);
	tf_status(&f->accounts.passwd, "/etc/passwd", FACT_UNREADABLE);
	free(f->accounts.users[1].name); /* as if etc/passwd had not been parsed */
	f->accounts.users[1].name = xstrdup("someone-else");
	f->accounts.users[1].uid = 77;
}

static void dj_absent(struct facts *f)
{
	base(f);
	tf_file_fact(f, DJ, FACT_ABSENT);
}

static void dj_unreadable(struct facts *f)
{
	base(f);
	tf_file_fact(f, DJ, FACT_UNREADABLE);
}

static void not_requested(struct facts *f)
{
	base(f);
	tf_file(f, "/etc/other", S_IFREG | 0644, 0, 0);
}

static void dockerd_paths(struct facts *f)
{
	base(f);
	tf_file_fact(f, "/usr/sbin/dockerd", FACT_ABSENT);
	tf_file(f, "/usr/bin/dockerd", S_IFREG | 0755, 0, 0);
}

static void two_files_one_bad(struct facts *f)
{
	base(f);
	tf_file(f, "/etc/docker", S_IFDIR | 0755, 0, 0);
	tf_file(f, DJ, S_IFREG | 0666, 0, 0);
}

static void certs_tree(struct facts *f)
{
	base(f);
	tf_file(f, "/etc/docker/certs.d", S_IFDIR | 0755, 0, 0);
	tf_file(f, "/etc/docker/certs.d/reg:5000", S_IFDIR | 0755, 0, 0)->from_recursion = true;
	tf_file(f, "/etc/docker/certs.d/reg:5000/ca.crt", S_IFREG | 0666, 0, 0)->from_recursion =
		true;
	/* a sibling whose name starts the same is not below the directory */
	tf_file(f, "/etc/docker/certs.d-old/x.crt", S_IFREG | 0666, 0, 0)->from_recursion = true;
}

static void certs_tree_ok(struct facts *f)
{
	base(f);
	tf_file(f, "/etc/docker/certs.d", S_IFDIR | 0755, 0, 0);
	tf_file(f, "/etc/docker/certs.d/reg:5000", S_IFDIR | 0755, 0, 0)->from_recursion = true;
	tf_file(f, "/etc/docker/certs.d/reg:5000/ca.crt", S_IFREG | 0444, 0, 0)->from_recursion =
		true;
}

static void certs_tree_truncated(struct facts *f)
{
	certs_tree_ok(f);
	free(f->files.items[0].status.reason);
	f->files.items[0].status.reason = xstrdup("listing incomplete: more than 10000 entries");
}

static void tlscacert_set(struct facts *f)
{
	base(f);
	tf_daemon_file(f, "tlscacert", tv_str("/etc/docker/tls/ca.pem"), 4);
	tf_file(f, "/etc/docker/tls/ca.pem", S_IFREG | 0444, 0, 0);
}

static void tlscacert_unset(struct facts *f)
{
	base(f);
}

static void tlscacert_json_invalid(struct facts *f)
{
	base(f);
	tf_daemon_invalid(f, 2, 2, "bad");
}

static void not_installed(struct facts *f)
{
	tf_daemon_none(f);
	accounts(f);
	f->probed |= PROBE_FILES;
}

static void dockerd_link(struct facts *f)
{
	base(f);
	tf_file_link(f, "/usr/bin/dockerd", "/usr/libexec/docker/dockerd", S_IFREG | 0755);
}

static void no_files_probe(struct facts *f)
{
	tf_daemon(f);
	accounts(f);
}

#define ROOT_0644 PL("owner", "root"), PL("group", "root"), PS("max_mode", "0644")

static const struct check_case cases[] = {
	{"pass/root:root 0644", {PS("path", DJ), ROOT_0644}, dj_0644, STATUS_PASS,
	 DJ ": root:root 0644", "etc/docker/daemon.json:0:0: root:root 0644", 1},
	{"fail/0664 is more than 0644", {PS("path", DJ), ROOT_0644}, dj_0664, STATUS_FAIL,
	 DJ ": root:root 0664 (mode 0664 has bits 0020 beyond 0644)",
	 "etc/docker/daemon.json:0:0: root:root 0664 (mode 0664 has bits 0020 beyond 0644)", 1},
	{"pass/0600 is within 0644", {PS("path", DJ), ROOT_0644}, dj_0600, STATUS_PASS,
	 "root:root 0600"},
	{"fail/setuid bit", {PS("path", DJ), PS("max_mode", "0755")}, dj_suid, STATUS_FAIL,
	 "mode 4755 has bits 4000 beyond 0755"},
	{"pass/\"644\" is octal", {PS("path", DJ), PS("max_mode", "644")}, dj_0644, STATUS_PASS,
	 "root:root 0644"},
	{"fail/\"644\" is octal, 0664 exceeds it", {PS("path", DJ), PS("max_mode", "644")}, dj_0664,
	 STATUS_FAIL, "beyond 0644"},
	{"fail/an unquoted 644 (int) is octal too", {PS("path", DJ), PI("max_mode", 644)}, dj_0664,
	 STATUS_FAIL, "mode 0664 has bits 0020 beyond 0644"},
	{"fail/owner not allowed", {PS("path", DJ), ROOT_0644}, dj_alice, STATUS_FAIL,
	 "alice:root 0644 (owner alice not allowed)"},
	{"fail/unknown uid shown as a number", {PS("path", DJ), ROOT_0644}, dj_uid_unknown,
	 STATUS_FAIL, "owner 4242 (no such user in etc/passwd) not allowed"},
	{"pass/numeric owner allowed", {PS("path", DJ), PL("owner", "0")}, dj_0644, STATUS_PASS,
	 "root:root 0644"},
	{"fail/group docker absent from etc/group", {PS("path", "/run/docker.sock"),
	 PL("owner", "root"), PL("group", "docker"), PS("max_mode", "0660")},
	 sock_gid_999_no_group, STATUS_FAIL, "group 999 (no such group in etc/group) not allowed"},
	{"pass/socket root:docker 0660", {PS("path", "/run/docker.sock"), PL("owner", "root"),
	 PL("group", "root", "docker"), PS("max_mode", "0660")},
	 sock_docker, STATUS_PASS, "root:docker 0660"},
	{"pass/uid 0 is root without etc/passwd", {PS("path", DJ), ROOT_0644},
	 passwd_unreadable_root, STATUS_PASS, "root:root 0644"},
	{"error/owner cannot be named", {PS("path", DJ), ROOT_0644}, passwd_unreadable_alice,
	 STATUS_ERROR, "cannot name the owner: etc/passwd is unreadable: Permission denied"},
	{"not_applicable/absent by default", {PS("path", DJ), ROOT_0644}, dj_absent,
	 STATUS_NOT_APPLICABLE, "absent: " DJ, "etc/docker/daemon.json:0:0: absent", 1},
	{"fail/absent with missing: fail", {PS("path", DJ), ROOT_0644, PS("missing", "fail")},
	 dj_absent, STATUS_FAIL, "absent: " DJ},
	{"pass/absent with missing: pass", {PS("path", DJ), ROOT_0644, PS("missing", "pass")},
	 dj_absent, STATUS_PASS, "absent: " DJ},
	{"error/stat unreadable", {PS("path", DJ), ROOT_0644}, dj_unreadable, STATUS_ERROR,
	 DJ ": unreadable: Permission denied"},
	{"error/path was not collected", {PS("path", DJ), ROOT_0644}, not_requested, STATUS_ERROR,
	 "not collected"},
	{"pass/one of two candidates exists",
	 {PL("paths", "/usr/bin/dockerd", "/usr/sbin/dockerd"), PL("owner", "root"),
	  PS("max_mode", "0755")},
	 dockerd_paths, STATUS_PASS, "/usr/bin/dockerd: root:root 0755; absent: /usr/sbin/dockerd",
	 NULL, 2},
	{"fail/one of two files", {PL("paths", "/etc/docker", DJ), ROOT_0644}, two_files_one_bad,
	 STATUS_FAIL, DJ ": root:root 0666 (mode 0666 has bits 0022 beyond 0644)", NULL, 2},
	{"fail/recursive finds a file below",
	 {PS("path", "/etc/docker/certs.d"), PB("recursive", true), PL("owner", "root"),
	  PS("max_mode", "0755")},
	 certs_tree, STATUS_FAIL, "/etc/docker/certs.d/reg:5000/ca.crt: root:root 0666", NULL, 3},
	{"pass/recursive, all within",
	 {PS("path", "/etc/docker/certs.d"), PB("recursive", true), PL("owner", "root"),
	  PS("max_mode", "0755")},
	 certs_tree_ok, STATUS_PASS, "3 files as expected", NULL, 3},
	{"fail/recursive 0444 judges the directories too",
	 {PS("path", "/etc/docker/certs.d"), PB("recursive", true), PS("max_mode", "0444")},
	 certs_tree_ok, STATUS_FAIL, "/etc/docker/certs.d: root:root 0755 (mode 0755 has bits 0311"},
	{"pass/recursive 0444 with types: [file] judges only files",
	 {PS("path", "/etc/docker/certs.d"), PB("recursive", true), PL("types", "file"),
	  PS("max_mode", "0444")},
	 certs_tree_ok, STATUS_PASS, "/etc/docker/certs.d/reg:5000/ca.crt: root:root 0444"},
	{"error/recursive walk cut short cannot pass",
	 {PS("path", "/etc/docker/certs.d"), PB("recursive", true), PL("types", "file"),
	  PS("max_mode", "0444")},
	 certs_tree_truncated, STATUS_ERROR, "listing incomplete"},
	{"pass/daemon_option names the file",
	 {PS("daemon_option", "tlscacert"), PL("owner", "root"), PS("max_mode", "0444")},
	 tlscacert_set, STATUS_PASS, "/etc/docker/tls/ca.pem: root:root 0444",
	 "etc/docker/daemon.json:4:3: \"tlscacert\""},
	{"not_applicable/daemon_option unset",
	 {PS("daemon_option", "tlscacert"), PL("owner", "root"), PS("max_mode", "0444")},
	 tlscacert_unset, STATUS_NOT_APPLICABLE, "tlscacert is not set"},
	{"fail/daemon_option unset with missing: fail",
	 {PS("daemon_option", "tlscacert"), PL("owner", "root"), PS("missing", "fail")},
	 tlscacert_unset, STATUS_FAIL, "tlscacert is not set"},
	{"error/daemon_option with daemon.json invalid",
	 {PS("daemon_option", "tlscacert"), PL("owner", "root")}, tlscacert_json_invalid,
	 STATUS_ERROR, "cannot tell the value of tlscacert"},
	{"not_applicable/daemon_option, Docker not installed",
	 {PS("daemon_option", "tlscacert"), PL("owner", "root")}, not_installed,
	 STATUS_NOT_APPLICABLE, "Docker is not installed"},
	{"pass/symlink judged by its target",
	 {PS("path", "/usr/bin/dockerd"), PL("owner", "root"), PS("max_mode", "0755")},
	 dockerd_link, STATUS_PASS, "root:root 0755",
	 "usr/bin/dockerd:0:0: root:root 0755 (-> /usr/libexec/docker/dockerd)"},
	{"error/files probe did not run", {PS("path", DJ), ROOT_0644}, no_files_probe,
	 STATUS_ERROR, "the files probe did not run"},
};

/* ---- validate ---- */

static void validate_sources(void **state)
{
	(void)state;
	struct diags d = {0};
	assert_int_equal(test_validate(&check_file_owner_mode,
				       (struct tparam[]){PL("owner", "root"), {0}}, &d),
			 -EINVAL);
	assert_one_diag(&d, TEST_LINE, TEST_COL,
			"exactly one of path, paths, daemon_option is required, found none");
	diags_release(&d);

	assert_int_equal(test_validate(&check_file_owner_mode,
				       (struct tparam[]){PS("path", DJ), PL("paths", DJ),
							 PL("owner", "root"), {0}},
				       &d),
			 -EINVAL);
	assert_one_diag(&d, TEST_LINE, TEST_COL, "found path, paths");
	diags_release(&d);

	assert_int_equal(test_validate(&check_file_owner_mode,
				       (struct tparam[]){PS("path", DJ), ROOT_0644, {0}}, &d),
			 0);
	assert_int_equal(d.n, 0);
}

static void validate_values(void **state)
{
	(void)state;
	struct diags d = {0};
	assert_int_equal(test_validate(&check_file_owner_mode,
				       (struct tparam[]){PS("path", DJ), PS("max_mode", "0999"), {0}},
				       &d),
			 -EINVAL);
	assert_one_diag(&d, TEST_LINE + 2, TEST_COL + 2, "max_mode: \"0999\" is not an octal mode");
	diags_release(&d);

	assert_int_equal(test_validate(&check_file_owner_mode,
				       (struct tparam[]){PS("path", "etc/docker"), PL("owner", "root"),
							 {0}},
				       &d),
			 -EINVAL);
	assert_one_diag(&d, TEST_LINE + 1, TEST_COL + 2, "path: \"etc/docker\" is not an absolute");
	diags_release(&d);

	assert_int_equal(test_validate(&check_file_owner_mode,
				       (struct tparam[]){PS("path", DJ), PL("owner", "root"),
							 PS("missing", "ignore"), {0}},
				       &d),
			 -EINVAL);
	assert_one_diag(&d, TEST_LINE + 3, TEST_COL + 2, "missing: \"ignore\" is not one of");
	diags_release(&d);

	assert_int_equal(test_validate(&check_file_owner_mode,
				       (struct tparam[]){PS("path", DJ), {0}}, &d),
			 -EINVAL);
	assert_one_diag(&d, TEST_LINE, TEST_COL, "at least one of owner, group, max_mode");
	diags_release(&d);

	assert_int_equal(test_validate(&check_file_owner_mode,
				       (struct tparam[]){PS("daemon_option", "tlscacrt"),
							 PL("owner", "root"), {0}},
				       &d),
			 -EINVAL);
	assert_one_diag(&d, TEST_LINE + 1, TEST_COL + 2, "'tlscacrt' is not a daemon.json key");
	diags_release(&d);
}

/* ---- request ---- */

static void request_paths(void **state)
{
	(void)state;
	struct facts f;
	facts_init(&f, NULL);
	tlscacert_set(&f);
	struct fact_requests q = {0};

	struct rule *r = test_rule_new(&check_file_owner_mode,
				       (struct tparam[]){PS("path", "/etc/docker"),
							 PB("recursive", true), ROOT_0644, {0}});
	check_file_owner_mode.request(r, &f, &q);
	test_rule_free(r);
	r = test_rule_new(&check_file_owner_mode,
			  (struct tparam[]){PL("paths", "/a", "/b"), ROOT_0644, {0}});
	check_file_owner_mode.request(r, &f, &q);
	test_rule_free(r);
	r = test_rule_new(&check_file_owner_mode,
			  (struct tparam[]){PS("daemon_option", "tlscacert"), ROOT_0644, {0}});
	check_file_owner_mode.request(r, &f, &q);
	test_rule_free(r);
	r = test_rule_new(&check_file_owner_mode,
			  (struct tparam[]){PS("daemon_option", "tlskey"), ROOT_0644, {0}});
	check_file_owner_mode.request(r, &f, &q); /* unset: nothing to ask for */
	test_rule_free(r);

	assert_int_equal(q.n_files, 4);
	assert_string_equal(q.files[0].path, "/etc/docker");
	assert_true(q.files[0].recursive);
	assert_string_equal(q.files[1].path, "/a");
	assert_false(q.files[1].recursive);
	assert_string_equal(q.files[2].path, "/b");
	assert_string_equal(q.files[3].path, "/etc/docker/tls/ca.pem");
	fact_requests_release(&q);
	facts_release(&f);
}

int main(void)
{
	const struct CMUnitTest extra[] = {
		cmocka_unit_test(validate_sources),
		cmocka_unit_test(validate_values),
		cmocka_unit_test(request_paths),
	};
	return run_check_cases("file_owner_mode", &check_file_owner_mode, cases, ELEMENTSOF(cases),
			       extra, ELEMENTSOF(extra));
}
