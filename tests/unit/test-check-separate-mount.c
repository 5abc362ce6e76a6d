/* test-check-separate-mount.c: table-driven tests of the check kind separate_mount. */
#include "check-test-util.h"

extern const struct check_kind check_separate_mount;

#define VLD "/var/lib/docker"

/* "/" on 8:1 plus the usual virtual filesystems */
static void root_only(struct facts *f)
{
	tf_daemon(f);
	tf_mounts(f, FACT_OK);
	tf_mount(f, 22, 1, 8, 1, "/", "/", "ext4", "/dev/sda1");
	tf_mount(f, 23, 22, 0, 21, "/", "/proc", "proc", "proc");
	tf_mount(f, 24, 22, 0, 22, "/", "/run", "tmpfs", "tmpfs");
}

static void own_mount(struct facts *f)
{
	root_only(f);
	tf_mount(f, 40, 22, 8, 17, "/", VLD, "xfs", "/dev/sdb1");
}

static void self_bind(struct facts *f)
{
	/* mount --bind /var/lib/docker /var/lib/docker: same fs as /, root field the directory */
	root_only(f);
	tf_mount(f, 41, 22, 8, 1, VLD, VLD, "ext4", "/dev/sda1");
}

static void bind_from_root_fs_under_var(struct facts *f)
{
	/* /var is separate, but the data root is a bind of a directory of the root fs */
	root_only(f);
	tf_mount(f, 30, 22, 8, 2, "/", "/var", "ext4", "/dev/sda2");
	tf_mount(f, 41, 30, 8, 1, "/srv/docker", VLD, "ext4", "/dev/sda1");
}

static void same_fs_again(struct facts *f)
{
	root_only(f);
	tf_mount(f, 41, 22, 8, 1, "/", VLD, "ext4", "/dev/sda1");
}

static void separate_var(struct facts *f)
{
	root_only(f);
	tf_mount(f, 30, 22, 8, 2, "/", "/var", "ext4", "/dev/sda2");
}

static void shadowed(struct facts *f)
{
	/* a separate mount on /var/lib/docker, then a self-bind mounted on top of it */
	own_mount(f);
	tf_mount(f, 42, 40, 8, 1, VLD, VLD, "ext4", "/dev/sda1");
}

static void prefix_trap(struct facts *f)
{
	/* /var/lib/docker-old is its own mount; /var/lib/docker is not */
	root_only(f);
	tf_mount(f, 40, 22, 8, 17, "/", "/var/lib/docker-old", "xfs", "/dev/sdb1");
}

static void data_root_moved(struct facts *f)
{
	root_only(f);
	tf_daemon_file(f, "data-root", tv_str("/data/docker"), 2);
	tf_mount(f, 40, 22, 8, 17, "/", "/data", "xfs", "/dev/sdb1");
}

static void data_root_moved_to_root_fs(struct facts *f)
{
	own_mount(f); /* /var/lib/docker is separate, but dockerd does not use it */
	tf_daemon_flag(f, "data-root", tv_str("/srv/docker"), "--data-root=/srv/docker");
}

static void graph_key(struct facts *f)
{
	own_mount(f); /* /var/lib/docker is separate, but dockerd uses "graph" */
	tf_daemon_file(f, "graph", tv_str("/srv/docker"), 2);
}

static void data_root_default(struct facts *f)
{
	own_mount(f);
}

static void symlinked(struct facts *f)
{
	root_only(f);
	tf_mount(f, 40, 22, 8, 17, "/", "/data", "xfs", "/dev/sdb1");
	tf_file_link(f, VLD, "/data/docker", S_IFDIR | 0710);
}

static void mountinfo_absent_live(struct facts *f)
{
	tf_daemon(f);
	tf_mounts(f, FACT_ABSENT);
}

static void mountinfo_absent_offline(struct facts *f)
{
	mountinfo_absent_live(f);
	f->host = &test_offline_host;
}

static void mountinfo_unreadable(struct facts *f)
{
	tf_daemon(f);
	tf_mounts(f, FACT_UNREADABLE);
}

static void json_invalid(struct facts *f)
{
	root_only(f);
	tf_daemon_invalid(f, 1, 5, "bad");
}

static void not_installed(struct facts *f)
{
	tf_daemon_none(f);
	tf_mounts(f, FACT_OK);
}

static void no_mounts_probe(struct facts *f)
{
	tf_daemon(f);
}

static const struct check_case cases[] = {
	{"fail/on the root filesystem", {PS("path", VLD)}, root_only, STATUS_FAIL,
	 VLD " is on the root filesystem (ext4 /dev/sda1, 8:1)",
	 "proc/self/mountinfo:0:0: 22 1 8:1 / / - ext4 /dev/sda1"},
	{"pass/its own mount", {PS("path", VLD)}, own_mount, STATUS_PASS,
	 VLD " is its own mount (xfs /dev/sdb1, 8:17)",
	 "proc/self/mountinfo:0:0: 40 22 8:17 / " VLD " - xfs /dev/sdb1"},
	{"fail/bind mount of itself", {PS("path", VLD)}, self_bind, STATUS_FAIL,
	 VLD " is on " VLD ", a bind mount of directory " VLD " of the filesystem of / (8:1): not "
	     "a separate filesystem",
	 "proc/self/mountinfo:0:0: 41 22 8:1 " VLD " " VLD " - ext4 /dev/sda1"},
	{"fail/bind of a root-fs directory below a separate /var", {PS("path", VLD)},
	 bind_from_root_fs_under_var, STATUS_FAIL,
	 "a bind mount of directory /srv/docker of the filesystem of / (8:1)"},
	{"fail/the root filesystem mounted again", {PS("path", VLD)}, same_fs_again, STATUS_FAIL,
	 "the filesystem of / (8:1) mounted again"},
	{"pass/separate /var", {PS("path", VLD)}, separate_var, STATUS_PASS,
	 VLD " is on the separate mount /var (ext4 /dev/sda2, 8:2)"},
	{"fail/a later mount on the same target wins", {PS("path", VLD)}, shadowed, STATUS_FAIL,
	 "a bind mount of directory " VLD},
	{"fail/docker-old's mount does not count", {PS("path", VLD)}, prefix_trap, STATUS_FAIL,
	 "is on the root filesystem"},
	{"pass/data-root moved by the daemon option", {PS("daemon_option", "data-root")},
	 data_root_moved, STATUS_PASS, "/data/docker is on the separate mount /data",
	 "etc/docker/daemon.json:2:3: \"data-root\": \"/data/docker\""},
	{"fail/data-root flag moves it onto /", {PS("daemon_option", "data-root")},
	 data_root_moved_to_root_fs, STATUS_FAIL, "/srv/docker is on the root filesystem",
	 "proc/4321/cmdline:0:0: --data-root=/srv/docker"},
	{"fail/the deprecated graph key moves it onto /", {PS("daemon_option", "data-root")},
	 graph_key, STATUS_FAIL, "/srv/docker is on the root filesystem",
	 "etc/docker/daemon.json:2:3: \"graph\": \"/srv/docker\""},
	{"pass/data-root unset: the default",
	 {PS("daemon_option", "data-root"), PS("default", VLD)}, data_root_default, STATUS_PASS,
	 VLD " is its own mount"},
	{"pass/symlink to a separate filesystem", {PS("path", VLD)}, symlinked, STATUS_PASS,
	 VLD " (-> /data/docker) is on the separate mount /data", "var/lib/docker:0:0: symlink to"},
	{"error/mountinfo absent on a live host", {PS("path", VLD)}, mountinfo_absent_live,
	 STATUS_ERROR, "proc/self/mountinfo is absent: mounts cannot be seen"},
	{"not_applicable/mountinfo absent under --root", {PS("path", VLD)},
	 mountinfo_absent_offline, STATUS_NOT_APPLICABLE, "not a live root"},
	{"error/mountinfo unreadable", {PS("path", VLD)}, mountinfo_unreadable, STATUS_ERROR,
	 "proc/self/mountinfo is unreadable"},
	{"error/daemon.json invalid", {PS("daemon_option", "data-root")}, json_invalid,
	 STATUS_ERROR, "cannot tell the value of data-root"},
	{"not_applicable/Docker not installed", {PS("daemon_option", "data-root")}, not_installed,
	 STATUS_NOT_APPLICABLE, "Docker is not installed"},
	{"error/mounts probe did not run", {PS("path", VLD)}, no_mounts_probe, STATUS_ERROR,
	 "the mounts probe did not run"},
};

static void validate_combinations(void **state)
{
	(void)state;
	struct diags d = {0};
	assert_int_equal(test_validate(&check_separate_mount, (struct tparam[]){{0}}, &d), -EINVAL);
	assert_one_diag(&d, TEST_LINE, TEST_COL,
			"exactly one of path, daemon_option is required, found none");
	diags_release(&d);
	assert_int_equal(test_validate(&check_separate_mount,
				       (struct tparam[]){PS("path", VLD), PS("default", VLD), {0}},
				       &d),
			 -EINVAL);
	assert_one_diag(&d, TEST_LINE + 2, TEST_COL + 2, "default: only meaningful with");
	diags_release(&d);
	assert_int_equal(test_validate(&check_separate_mount,
				       (struct tparam[]){PS("daemon_option", "data-root"),
							 PS("default", VLD), {0}},
				       &d),
			 0);
	assert_int_equal(d.n, 0);
}

static void request_path(void **state)
{
	(void)state;
	struct facts f;
	facts_init(&f, NULL);
	data_root_moved(&f);
	struct fact_requests q = {0};
	struct rule *r = test_rule_new(&check_separate_mount,
				       (struct tparam[]){PS("daemon_option", "data-root"), {0}});
	check_separate_mount.request(r, &f, &q);
	test_rule_free(r);
	assert_int_equal(q.n_files, 1);
	assert_string_equal(q.files[0].path, "/data/docker");
	fact_requests_release(&q);
	facts_release(&f);
}

int main(void)
{
	const struct CMUnitTest extra[] = {
		cmocka_unit_test(validate_combinations),
		cmocka_unit_test(request_path),
	};
	return run_check_cases("separate_mount", &check_separate_mount, cases, ELEMENTSOF(cases),
			       extra, ELEMENTSOF(extra));
}
