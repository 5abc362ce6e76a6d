/* test-check-audit-watch.c: table-driven tests of the check kind audit_watch. */
#include "check-test-util.h"

extern const struct check_kind check_audit_watch;

#define UBD "/usr/bin/dockerd"
#define USD "/usr/sbin/dockerd"

/* dockerd in /usr/bin only */
static void base(struct facts *f)
{
	tf_daemon(f);
	tf_audit(f, FACT_OK);
	tf_file(f, UBD, S_IFREG | 0755, 0, 0);
	tf_file_fact(f, USD, FACT_ABSENT);
}

static void watched(struct facts *f)
{
	base(f);
	tf_watch(f, "/etc/docker", "wa", 1);
	tf_watch(f, UBD, "wa", 2);
}

static void substring_trap(struct facts *f)
{
	base(f);
	tf_watch(f, "/usr/bin/dockerd-rootless.sh", "wa", 1);
	tf_watch(f, "/usr/bin/docker", "x", 2);
	tf_watch(f, "/usr/bin/dockerd.d", "x", 3);
	tf_watch(f, "/usr/bin/dockerd-ce", "x", 4);
	tf_watch(f, "/usr/bin/d", "x", 5);
}

static void trailing_slash_watch(struct facts *f)
{
	base(f);
	free(f->daemon.dockerd_path);
	f->daemon.dockerd_path = NULL;
	tf_file(f, "/etc/docker", S_IFDIR | 0755, 0, 0);
	tf_watch(f, "/etc/docker/", "wa", 1);
}

static void not_watched(struct facts *f)
{
	base(f);
	tf_watch(f, "/etc/docker", "wa", 1);
}

static void symlinked(struct facts *f)
{
	tf_daemon(f);
	tf_audit(f, FACT_OK);
	tf_file_link(f, UBD, "/usr/libexec/docker/dockerd", S_IFREG | 0755);
	tf_file_fact(f, USD, FACT_ABSENT);
	tf_watch(f, "/usr/libexec/docker/dockerd", "x", 4);
}

static void symlinked_unwatched(struct facts *f)
{
	tf_daemon(f);
	tf_audit(f, FACT_OK);
	tf_file_link(f, UBD, "/usr/libexec/docker/dockerd", S_IFREG | 0755);
	tf_file_fact(f, USD, FACT_ABSENT);
	tf_watch(f, "/usr/libexec/docker/dockerd-ce", "x", 4);
}

static void dir_watch(struct facts *f)
{
	base(f);
	tf_watch(f, "/usr/bin", "x", 5);
}

static void both_exist_one_watched(struct facts *f)
{
	tf_daemon(f);
	tf_audit(f, FACT_OK);
	tf_file(f, UBD, S_IFREG | 0755, 0, 0);
	tf_file(f, USD, S_IFREG | 0755, 0, 0);
	tf_watch(f, UBD, "x", 2);
}

static void none_exists(struct facts *f)
{
	tf_daemon(f);
	tf_audit(f, FACT_OK);
	tf_file_fact(f, UBD, FACT_ABSENT);
	tf_file_fact(f, USD, FACT_ABSENT);
}

static void no_rules(struct facts *f)
{
	tf_daemon(f);
	tf_audit(f, FACT_ABSENT);
	tf_file(f, UBD, S_IFREG | 0755, 0, 0);
	tf_file_fact(f, USD, FACT_ABSENT);
}

static void rules_unreadable(struct facts *f)
{
	tf_daemon(f);
	tf_audit(f, FACT_UNREADABLE);
	tf_file(f, UBD, S_IFREG | 0755, 0, 0);
	tf_file_fact(f, USD, FACT_ABSENT);
}

static void stat_unreadable(struct facts *f)
{
	watched(f);
	tf_file_fact(f, "/usr/local/bin/dockerd", FACT_UNREADABLE);
}

static void from_daemon_path(struct facts *f)
{
	tf_daemon(f);
	free(f->daemon.dockerd_path);
	f->daemon.dockerd_path = xstrdup("/opt/docker/bin/dockerd");
	tf_audit(f, FACT_OK);
	tf_file(f, "/opt/docker/bin/dockerd", S_IFREG | 0755, 0, 0);
	tf_file_fact(f, UBD, FACT_ABSENT);
	tf_watch(f, UBD, "x", 2);
}

static void no_dockerd(struct facts *f)
{
	tf_daemon_none(f);
	tf_audit(f, FACT_ABSENT);
	f->probed |= PROBE_FILES;
}

static void no_files_probe(struct facts *f)
{
	tf_daemon(f);
	tf_audit(f, FACT_OK);
}

#define CANDIDATES PL("paths", UBD, USD)

static const struct check_case cases[] = {
	{"pass/watched by its path", {CANDIDATES}, watched, STATUS_PASS, "watched: " UBD,
	 "etc/audit/rules.d/docker.rules:2:0: watch " UBD " -p wa -k docker", 2},
	{"fail/substrings and other files do not count", {CANDIDATES}, substring_trap, STATUS_FAIL,
	 "not watched: " UBD},
	{"pass/trailing slash is the same path", {PL("paths", "/etc/docker")},
	 trailing_slash_watch, STATUS_PASS, "watched: /etc/docker"},
	{"fail/not watched", {CANDIDATES}, not_watched, STATUS_FAIL, "not watched: " UBD,
	 "etc/audit/rules.d/docker.rules:0:0: 1 watch in /etc/audit/rules.d/docker.rules; none "
	 "for " UBD},
	{"pass/watch on the real path of a symlink", {CANDIDATES}, symlinked, STATUS_PASS,
	 "watched: " UBD, "watch /usr/libexec/docker/dockerd -p x"},
	{"fail/symlink, neither path watched", {CANDIDATES}, symlinked_unwatched, STATUS_FAIL,
	 UBD " (nor its real path /usr/libexec/docker/dockerd)"},
	{"pass/a watched directory covers its tree", {CANDIDATES}, dir_watch, STATUS_PASS,
	 "watched: " UBD, "directory watch /usr/bin -p x"},
	{"fail/both exist, one watched", {CANDIDATES}, both_exist_one_watched, STATUS_FAIL,
	 "not watched: " USD, NULL, 2},
	{"not_applicable/no candidate exists", {CANDIDATES}, none_exists, STATUS_NOT_APPLICABLE,
	 "none of " UBD ", " USD " exists on this host", "usr/bin/dockerd:0:0: absent"},
	{"fail/no audit rules at all", {CANDIDATES}, no_rules, STATUS_FAIL,
	 "no audit rules at all (auditd not configured)", "etc/audit/audit.rules:0:0: absent"},
	{"error/rules unreadable", {CANDIDATES}, rules_unreadable, STATUS_ERROR,
	 "the audit rules file is unreadable"},
	{"error/a candidate cannot be stat'ed",
	 {PL("paths", UBD, USD, "/usr/local/bin/dockerd")}, stat_unreadable, STATUS_ERROR,
	 "/usr/local/bin/dockerd: unreadable: Permission denied"},
	{"fail/from_daemon adds the running binary", {PL("paths", UBD), PB("from_daemon", true)},
	 from_daemon_path, STATUS_FAIL, "not watched: /opt/docker/bin/dockerd"},
	{"not_applicable/from_daemon without a dockerd", {PB("from_daemon", true)}, no_dockerd,
	 STATUS_NOT_APPLICABLE, "no dockerd binary found", "dockerd:0:0: dockerd binary: none"},
	{"error/files probe did not run", {CANDIDATES}, no_files_probe, STATUS_ERROR,
	 "the files probe did not run"},
};

static void validate_needs_candidates(void **state)
{
	(void)state;
	struct diags d = {0};
	assert_int_equal(test_validate(&check_audit_watch, (struct tparam[]){PL0("paths"), {0}}, &d),
			 -EINVAL);
	assert_one_diag(&d, TEST_LINE, TEST_COL, "paths (non-empty) or from_daemon: true");
	diags_release(&d);
	assert_int_equal(test_validate(&check_audit_watch,
				       (struct tparam[]){PL("paths", "usr/bin/dockerd"), {0}}, &d),
			 -EINVAL);
	assert_one_diag(&d, TEST_LINE + 1, TEST_COL + 2, "is not an absolute path");
	diags_release(&d);
	assert_int_equal(test_validate(&check_audit_watch,
				       (struct tparam[]){PB("from_daemon", true), {0}}, &d),
			 0);
	assert_int_equal(d.n, 0);
}

static void request_candidates(void **state)
{
	(void)state;
	struct facts f;
	facts_init(&f, NULL);
	from_daemon_path(&f);
	struct fact_requests q = {0};
	struct rule *r = test_rule_new(&check_audit_watch,
				       (struct tparam[]){PL("paths", UBD, USD),
							 PB("from_daemon", true), {0}});
	check_audit_watch.request(r, &f, &q);
	test_rule_free(r);
	assert_int_equal(q.n_files, 3);
	assert_string_equal(q.files[0].path, UBD);
	assert_string_equal(q.files[1].path, USD);
	assert_string_equal(q.files[2].path, "/opt/docker/bin/dockerd");
	assert_false(q.files[2].recursive);
	fact_requests_release(&q);
	facts_release(&f);
}

int main(void)
{
	const struct CMUnitTest extra[] = {
		cmocka_unit_test(validate_needs_candidates),
		cmocka_unit_test(request_candidates),
	};
	return run_check_cases("audit_watch", &check_audit_watch, cases, ELEMENTSOF(cases), extra,
			       ELEMENTSOF(extra));
}
