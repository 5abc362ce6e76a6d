/* test-probe-mounts.c: the mounts probe on fixture roots built in a temp dir.
 *
 * Covers a host with a separate /var/lib/docker filesystem, a bind mount of /var/lib/docker
 * onto itself (same major:minor as "/", root field "/var/lib/docker"), mountinfo's escapes and
 * optional fields, an empty source, "/dev/root" kept as written (libmount would ask the
 * auditing machine's /sys what it is), proc/self as a link, malformed mountinfo (a bad line
 * anywhere, a first line that would make libmount read the rest as an fstab, an empty file),
 * absent and unreadable files, and the live host's own table. */
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "facts.h"
#include "host.h"
#include "probe.h"

extern const struct probe probe_mounts;

/* ---- fixture roots ---- */

static void mkdir_parents(const char *path)
{
	char buf[PATH_MAX];
	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			(void)mkdir(buf, 0755);
			*p = '/';
		}
}

static void put(const char *root, const char *rel, const char *content)
{
	_cleanup_free_ char *path = xasprintf("%s/%s", root, rel);
	mkdir_parents(path);
	FILE *f = fopen(path, "we");
	assert_non_null(f);
	fputs(content, f);
	assert_int_equal(fclose(f), 0);
}

static char *make_root(void)
{
	char *t = xstrdup("/tmp/dw-test-mounts-XXXXXX");
	assert_non_null(mkdtemp(t));
	return t;
}

static int rm_one(const char *p, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)sb;
	(void)type;
	(void)ftw;
	return remove(p);
}

static void remove_root(char *root)
{
	assert_int_equal(nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS), 0);
	free(root);
}

struct run {
	struct host h;
	struct facts f;
};

static void run_probe(struct run *r, const char *root)
{
	assert_int_equal(host_open(&r->h, root), 0);
	facts_init(&r->f, &r->h);
	probes_run(&r->h, PROBE_MOUNTS, false, NULL, &r->f);
	assert_true(r->f.probed & PROBE_MOUNTS);
}

static void run_release(struct run *r)
{
	facts_release(&r->f);
	host_close(&r->h);
}

/* Runs the probe on a root whose proc/self/mountinfo is text. */
static void run_text(struct run *r, char **root, const char *text)
{
	*root = make_root();
	put(*root, "proc/self/mountinfo", text);
	run_probe(r, *root);
}

static void assert_status(const struct fact_status *s, enum fact_state state, int err,
			  const char *reason)
{
	assert_string_equal(fact_state_to_string(s->state), fact_state_to_string(state));
	assert_int_equal(s->err, err);
	assert_string_equal(s->source, "/proc/self/mountinfo");
	if (reason)
		assert_string_equal(s->reason, reason);
	else
		assert_null(s->reason);
}

static void assert_mount(const struct mount_entry *m, int id, int parent, unsigned major,
			 unsigned minor, const char *root, const char *target, const char *fstype,
			 const char *source, const char *options)
{
	assert_int_equal(m->id, id);
	assert_int_equal(m->parent_id, parent);
	assert_int_equal(m->major, major);
	assert_int_equal(m->minor, minor);
	assert_string_equal(m->root, root);
	assert_string_equal(m->target, target);
	assert_string_equal(m->fstype, fstype);
	assert_string_equal(m->source, source);
	assert_string_equal(m->options, options);
}

/* ---- cases ---- */

static void test_separate_docker_mount(void **state)
{
	(void)state;
	char *root;
	struct run r;
	run_text(&r, &root,
		 "21 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw,errors=remount-ro\n"
		 "22 21 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw\n"
		 "30 21 253:3 / /var/lib/docker rw,nodev,relatime shared:20 - xfs "
		 "/dev/mapper/vg-docker rw,attr2,inode64,noquota\n"
		 "31 21 0:25 / /run rw,nosuid,nodev,noexec,relatime shared:5 - tmpfs tmpfs "
		 "rw,size=1628420k,mode=755\n");
	const struct mounts_facts *m = &r.f.mounts;
	assert_status(&m->status, FACT_OK, 0, NULL);
	assert_int_equal(m->n, 4);
	assert_mount(&m->items[0], 21, 1, 8, 1, "/", "/", "ext4", "/dev/sda1",
		     "rw,relatime,errors=remount-ro");
	assert_mount(&m->items[1], 22, 21, 0, 21, "/", "/proc", "proc", "proc",
		     "rw,nosuid,nodev,noexec,relatime");
	assert_mount(&m->items[2], 30, 21, 253, 3, "/", "/var/lib/docker", "xfs",
		     "/dev/mapper/vg-docker", "rw,nodev,relatime,attr2,inode64,noquota");
	assert_mount(&m->items[3], 31, 21, 0, 25, "/", "/run", "tmpfs", "tmpfs",
		     "rw,nosuid,nodev,noexec,relatime,size=1628420k,mode=755");
	run_release(&r);
	remove_root(root);
}

static void test_bind_onto_itself(void **state)
{
	(void)state;
	char *root;
	struct run r;
	/* `mount --bind /var/lib/docker /var/lib/docker`: the same filesystem as "/", its root
	 * field the directory; later entries cover earlier ones, so the order is kept */
	run_text(&r, &root,
		 "25 1 259:2 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p2 rw\n"
		 "26 25 259:1 / /boot/efi rw,relatime shared:2 - vfat /dev/nvme0n1p1 "
		 "rw,fmask=0077\n"
		 "512 25 259:2 /var/lib/docker /var/lib/docker rw,relatime shared:1 - ext4 "
		 "/dev/nvme0n1p2 rw\n"
		 "600 512 0:55 / /var/lib/docker/overlay2/abc/merged rw,relatime - overlay overlay "
		 "rw,lowerdir=/var/lib/docker/overlay2/l/X:/var/lib/docker/overlay2/l/Y\n");
	const struct mounts_facts *m = &r.f.mounts;
	assert_status(&m->status, FACT_OK, 0, NULL);
	assert_int_equal(m->n, 4);
	assert_mount(&m->items[0], 25, 1, 259, 2, "/", "/", "ext4", "/dev/nvme0n1p2",
		     "rw,relatime");
	assert_mount(&m->items[2], 512, 25, 259, 2, "/var/lib/docker", "/var/lib/docker", "ext4",
		     "/dev/nvme0n1p2", "rw,relatime");
	assert_int_equal(m->items[2].major, m->items[0].major);
	assert_int_equal(m->items[2].minor, m->items[0].minor);
	assert_mount(&m->items[3], 600, 512, 0, 55, "/", "/var/lib/docker/overlay2/abc/merged",
		     "overlay", "overlay",
		     "rw,relatime,"
		     "lowerdir=/var/lib/docker/overlay2/l/X:/var/lib/docker/overlay2/l/Y");
	run_release(&r);
	remove_root(root);
}

static void test_escapes_and_odd_fields(void **state)
{
	(void)state;
	char *root;
	struct run r;
	run_text(&r, &root,
		 "# a comment is skipped, like libmount does\n"
		 "\n"
		 "1 0 0:2 / / rw - rootfs /dev/root rw\n"
		 "2 1 8:3 /sub\\040dir /mnt/my\\040disk rw shared:3 master:7 propagate_from:2 "
		 "- ext4 /dev/sda3 rw\n"
		 "3 1 0:40 / /mnt/empty\\011src ro - tmpfs  rw\n"
		 "4 1 0:41 / /mnt/tabbed rw - fuse.sshfs user@host:/a\\134b rw,user_id=0\r\n");
	const struct mounts_facts *m = &r.f.mounts;
	assert_status(&m->status, FACT_OK, 0, NULL);
	assert_int_equal(m->n, 4);
	/* "/dev/root" is what the file says: not a device of the machine running the tests */
	assert_mount(&m->items[0], 1, 0, 0, 2, "/", "/", "rootfs", "/dev/root", "rw");
	assert_mount(&m->items[1], 2, 1, 8, 3, "/sub dir", "/mnt/my disk", "ext4", "/dev/sda3",
		     "rw");
	assert_mount(&m->items[2], 3, 1, 0, 40, "/", "/mnt/empty\tsrc", "tmpfs", "", "ro");
	assert_mount(&m->items[3], 4, 1, 0, 41, "/", "/mnt/tabbed", "fuse.sshfs", "user@host:/a\\b",
		     "rw,user_id=0");
	run_release(&r);
	remove_root(root);
}

static void test_dev_root_real_root_fs(void **state)
{
	(void)state;
	char *root;
	struct run r;
	/* a major > 0 makes libmount look up /sys/dev/block/8:1 of the machine it runs on */
	run_text(&r, &root,
		 "15 0 8:1 / / rw,relatime - ext4 /dev/root rw\n"
		 "16 15 0:5 / /dev rw - devtmpfs /dev/root2 rw\n");
	const struct mounts_facts *m = &r.f.mounts;
	assert_status(&m->status, FACT_OK, 0, NULL);
	assert_int_equal(m->n, 2);
	assert_string_equal(m->items[0].source, "/dev/root");
	assert_string_equal(m->items[1].source, "/dev/root2");
	run_release(&r);
	remove_root(root);
}

static void test_proc_self_link(void **state)
{
	(void)state;
	char *root = make_root();
	put(root, "proc/4242/mountinfo", "21 1 8:1 / / rw - ext4 /dev/sda1 rw\n");
	_cleanup_free_ char *self = xasprintf("%s/proc/self", root);
	assert_int_equal(symlink("4242", self), 0);
	struct run r;
	run_probe(&r, root);
	assert_status(&r.f.mounts.status, FACT_OK, 0, NULL);
	assert_int_equal(r.f.mounts.n, 1);
	assert_string_equal(r.f.mounts.items[0].target, "/");
	run_release(&r);
	remove_root(root);
}

static void test_malformed(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		const char *reason;
	} cases[] = {
		{"21 1 8:1 / / rw - ext4 /dev/sda1 rw\n"
		 "22 21 0:21 / /proc rw - proc proc rw\n"
		 "this is not mountinfo\n",
		 "invalid: line 3 is not a mountinfo line"},
		{"21 1 8:1 / / rw - ext4 /dev/sda1 rw\n"
		 "22 21 x:21 / /proc rw - proc proc rw\n"
		 "23 21 0:22 / /sys rw proc proc rw\n"
		 "24 21 0:23 / /run rw - tmpfs\n",
		 "invalid: line 2 is not a mountinfo line (and 2 more)"},
		/* libmount would take the whole file for an fstab after such a first line */
		{"/dev/sda1 / ext4 rw 0 1\n"
		 "21 1 8:1 / / rw - ext4 /dev/sda1 rw\n",
		 "invalid: line 1 is not a mountinfo line"},
		{"\n# only a comment\n  \n", "invalid: no mount entries"},
		{"", "invalid: no mount entries"},
	};
	for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
		char *root;
		struct run r;
		run_text(&r, &root, cases[i].text);
		assert_status(&r.f.mounts.status, FACT_INVALID, EBADMSG, cases[i].reason);
		assert_int_equal(r.f.mounts.n, 0);
		assert_null(r.f.mounts.items);
		run_release(&r);
		remove_root(root);
	}
}

static void test_absent_and_unreadable(void **state)
{
	(void)state;
	char *root = make_root();
	struct run r;
	run_probe(&r, root);
	assert_status(&r.f.mounts.status, FACT_ABSENT, 0, "absent");
	assert_int_equal(r.f.mounts.n, 0);
	run_release(&r);

	_cleanup_free_ char *dir = xasprintf("%s/proc/self/mountinfo/", root);
	mkdir_parents(dir);
	run_probe(&r, root);
	_cleanup_free_ char *isdir = xasprintf("unreadable: %s", strerror(EISDIR));
	assert_status(&r.f.mounts.status, FACT_UNREADABLE, EISDIR, isdir);
	run_release(&r);
	remove_root(root);

	/* a link out of the root finds nothing */
	root = make_root();
	_cleanup_free_ char *proc = xasprintf("%s/proc", root);
	assert_int_equal(symlink("../../../../", proc), 0); /* "/" of the auditing machine? */
	run_probe(&r, root);
	assert_status(&r.f.mounts.status, FACT_ABSENT, 0, "absent");
	run_release(&r);
	remove_root(root);
}

static void test_live(void **state)
{
	(void)state;
	struct run r;
	run_probe(&r, "/");
	assert_status(&r.f.mounts.status, FACT_OK, 0, NULL);
	assert_true(r.f.mounts.n > 0);
	bool has_root = false;
	for (size_t i = 0; i < r.f.mounts.n; i++)
		has_root |= STREQ(r.f.mounts.items[i].target, "/");
	assert_true(has_root);
	run_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_separate_docker_mount),
		cmocka_unit_test(test_bind_onto_itself),
		cmocka_unit_test(test_escapes_and_odd_fields),
		cmocka_unit_test(test_dev_root_real_root_fs),
		cmocka_unit_test(test_proc_self_link),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_absent_and_unreadable),
		cmocka_unit_test(test_live),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
