/* test-apply-write.c: the one writer of host files (src/apply/write-file.c, attr.c, live.c).
 *
 * Fake roots in mkdtemp directories, with an "outside" directory next to the root that no
 * write may reach. Atomic replace and create with mode and owner, nothing written when already
 * identical (same inode, same mtime), symlinks refused in the last component and followed
 * inside the root on the way, escapes refused (-EXDEV), -ESTALE, directories created 0755,
 * non-regular targets, chmod/chown without following links (sockets too), removal; and two
 * faults on real mounts: a 64 KiB tmpfs (ENOSPC) and a read-only bind mount (EROFS), after
 * which the target is the old file and no temp file is left. Runs as root (chown, mount). */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cmocka.h>

#include "apply-test-util.h"
#include "apply.h"
#include "../../src/apply/journal-internal.h" /* apply_missing_dirs */

struct fixture {
	char *tmp;
	char *root;
	char *outside;
	struct host h;
	bool mounted;
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	char tmpl[] = "/tmp/dw-apply-write-XXXXXX";
	assert_non_null(mkdtemp(tmpl));
	f->tmp = xstrdup(tmpl);
	f->root = xasprintf("%s/root", f->tmp);
	f->outside = xasprintf("%s/outside", f->tmp);
	assert_int_equal(mkdir(f->root, 0755), 0);
	assert_int_equal(mkdir(f->outside, 0755), 0);
	t_puts(f->outside, "secret", "outside\n");
	t_puts(f->root, "etc/docker/daemon.json", "{}\n");
	assert_int_equal(host_open(&f->h, f->root), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	host_close(&f->h);
	if (f->mounted)
		(void)umount2(f->root, MNT_DETACH);
	t_rm_rf(f->tmp);
	free(f->tmp);
	free(f->root);
	free(f->outside);
	free(f);
	return 0;
}

/* Remounts f->root as a tmpfs of `size` (the host is reopened on it). */
static void mount_tmpfs(struct fixture *f, const char *size)
{
	_cleanup_free_ char *opts = xasprintf("size=%s,mode=0755", size);
	if (mount("tmpfs", f->root, "tmpfs", 0, opts) < 0) {
		print_message("skipped: mount -t tmpfs -o %s: %s\n", opts, strerror(errno));
		skip();
	}
	f->mounted = true;
	host_close(&f->h);
	assert_int_equal(host_open(&f->h, f->root), 0);
}

static void test_create_and_replace(void **state)
{
	struct fixture *f = *state;
	bool changed = false;
	const char *text = "{\n  \"icc\": false\n}\n";
	assert_int_equal(apply_write_file(&f->h, "/etc/docker/new.json", text, strlen(text), 0640,
					  1234, 2345, NULL, false, &changed),
			 0);
	assert_true(changed);
	_cleanup_free_ char *got = t_read(f->root, "etc/docker/new.json", NULL);
	assert_string_equal(got, text);
	struct stat st;
	assert_int_equal(t_lstat(f->root, "etc/docker/new.json", &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	assert_int_equal(st.st_uid, 1234);
	assert_int_equal(st.st_gid, 2345);

	/* replace: a new inode, the old bytes gone, no temp file left */
	struct stat before;
	assert_int_equal(t_lstat(f->root, "etc/docker/daemon.json", &before), 0);
	const char *text2 = "{\"log-level\": \"info\"}\n";
	char sha[65];
	sha256_hex("{}\n", 3, sha);
	assert_int_equal(apply_write_file(&f->h, "/etc/docker/daemon.json", text2, strlen(text2),
					  0600, 0, 0, sha, false, &changed),
			 0);
	assert_true(changed);
	_cleanup_free_ char *got2 = t_read(f->root, "etc/docker/daemon.json", NULL);
	assert_string_equal(got2, text2);
	assert_int_equal(t_lstat(f->root, "etc/docker/daemon.json", &st), 0);
	assert_int_not_equal(st.st_ino, before.st_ino);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(t_count_names(f->root, "etc/docker", ".dockward-"), 0);

	/* set-id bits survive the chown (mode is applied after the owner) */
	assert_int_equal(apply_write_file(&f->h, "/etc/docker/suid", "x", 1, 04755, 1, 1, "", false,
					  &changed),
			 0);
	assert_int_equal(t_lstat(f->root, "etc/docker/suid", &st), 0);
	assert_int_equal(st.st_mode & 07777, 04755);

	/* an empty file, and a file under the root itself */
	assert_int_equal(apply_write_file(&f->h, "/empty", "", 0, 0644, 0, 0, "", false, &changed),
			 0);
	assert_int_equal(t_lstat(f->root, "empty", &st), 0);
	assert_int_equal(st.st_size, 0);
}

static void test_identical_writes_nothing(void **state)
{
	struct fixture *f = *state;
	struct stat before, after;
	assert_int_equal(t_lstat(f->root, "etc/docker/daemon.json", &before), 0);
	usleep(20000); /* a write now would show in the mtime */
	bool changed = true;
	assert_int_equal(apply_write_file(&f->h, "/etc/docker/daemon.json", "{}\n", 3, 0644, 0, 0,
					  NULL, false, &changed),
			 0);
	assert_false(changed);
	assert_int_equal(t_lstat(f->root, "etc/docker/daemon.json", &after), 0);
	assert_int_equal(after.st_ino, before.st_ino);
	assert_int_equal(after.st_mtim.tv_sec, before.st_mtim.tv_sec);
	assert_int_equal(after.st_mtim.tv_nsec, before.st_mtim.tv_nsec);
	assert_int_equal(after.st_ctim.tv_nsec, before.st_ctim.tv_nsec);

	/* same bytes, other mode: written */
	assert_int_equal(apply_write_file(&f->h, "/etc/docker/daemon.json", "{}\n", 3, 0600, 0, 0,
					  NULL, false, &changed),
			 0);
	assert_true(changed);
	assert_int_equal(t_lstat(f->root, "etc/docker/daemon.json", &after), 0);
	assert_int_equal(after.st_mode & 07777, 0600);
	/* same bytes, other owner: written */
	assert_int_equal(apply_write_file(&f->h, "/etc/docker/daemon.json", "{}\n", 3, 0600, 0, 7,
					  NULL, false, &changed),
			 0);
	assert_true(changed);
	assert_int_equal(t_lstat(f->root, "etc/docker/daemon.json", &after), 0);
	assert_int_equal(after.st_gid, 7);
}

static void test_symlink_target_refused(void **state)
{
	struct fixture *f = *state;
	_cleanup_free_ char *l1 = xasprintf("%s/etc/docker/link.json", f->root);
	_cleanup_free_ char *l2 = xasprintf("%s/etc/docker/out.json", f->root);
	assert_int_equal(symlink("/etc/docker/daemon.json", l1), 0);
	assert_int_equal(symlink("../../../outside/secret", l2), 0);
	bool changed = true;
	assert_int_equal(apply_write_file(&f->h, "/etc/docker/link.json", "x", 1, 0644, 0, 0, NULL,
					  false, &changed),
			 -ELOOP);
	assert_int_equal(apply_write_file(&f->h, "/etc/docker/out.json", "x", 1, 0644, 0, 0, NULL,
					  false, &changed),
			 -ELOOP);
	_cleanup_free_ char *a = t_read(f->root, "etc/docker/daemon.json", NULL);
	_cleanup_free_ char *b = t_read(f->outside, "secret", NULL);
	assert_string_equal(a, "{}\n");
	assert_string_equal(b, "outside\n");
	struct stat st;
	assert_int_equal(t_lstat(f->root, "etc/docker/link.json", &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(t_count_names(f->root, "etc/docker", ".dockward-"), 0);
	/* removal and attributes refuse it too */
	assert_int_equal(apply_remove_file(&f->h, "/etc/docker/out.json"), -ELOOP);
	assert_int_equal(apply_set_attr(&f->h, "/etc/docker/out.json", 0777, -1, -1), -ELOOP);
	assert_int_equal(t_lstat(f->outside, "secret", &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
}

static void test_escape_refused(void **state)
{
	struct fixture *f = *state;
	/* a directory link climbing out of the root */
	_cleanup_free_ char *l = xasprintf("%s/etc/esc", f->root);
	assert_int_equal(symlink("../../outside", l), 0);
	assert_int_equal(apply_write_file(&f->h, "/etc/esc/secret", "pwned", 5, 0644, 0, 0, NULL,
					  false, NULL),
			 -EXDEV);
	assert_int_equal(
		apply_write_file(&f->h, "/etc/esc/new", "pwned", 5, 0644, 0, 0, NULL, true, NULL),
		-EXDEV);
	/* ".." in the path itself, and in an absolute link target */
	assert_int_equal(apply_write_file(&f->h, "/../outside/new", "pwned", 5, 0644, 0, 0, NULL,
					  true, NULL),
			 -EXDEV);
	_cleanup_free_ char *l2 = xasprintf("%s/etc/abs-esc", f->root);
	assert_int_equal(symlink("/../outside", l2), 0);
	assert_int_equal(apply_write_file(&f->h, "/etc/abs-esc/new", "pwned", 5, 0644, 0, 0, NULL,
					  true, NULL),
			 -EXDEV);
	assert_int_equal(apply_set_attr(&f->h, "/etc/esc/secret", 0777, -1, -1), -EXDEV);
	_cleanup_free_ char *b = t_read(f->outside, "secret", NULL);
	assert_string_equal(b, "outside\n");
	assert_null(t_read(f->outside, "new", NULL));

	/* links inside the root are followed there: an absolute target restarts at the root */
	_cleanup_free_ char *l3 = xasprintf("%s/etc/dockerlink", f->root);
	assert_int_equal(symlink("/srv/docker", l3), 0);
	_cleanup_free_ char *srv = xasprintf("%s/srv", f->root);
	assert_int_equal(mkdir(srv, 0755), 0);
	assert_int_equal(apply_write_file(&f->h, "/etc/dockerlink/daemon.json", "{}", 2, 0644, 0, 0,
					  "", true, NULL),
			 0);
	_cleanup_free_ char *c = t_read(f->root, "srv/docker/daemon.json", NULL);
	assert_string_equal(c, "{}");
	/* ".." inside the root is fine */
	assert_int_equal(apply_write_file(&f->h, "/etc/docker/../x.conf", "x", 1, 0644, 0, 0, "",
					  false, NULL),
			 0);
	_cleanup_free_ char *d = t_read(f->root, "etc/x.conf", NULL);
	assert_string_equal(d, "x");
}

static void test_stale(void **state)
{
	struct fixture *f = *state;
	char sha_other[65], sha_cur[65];
	sha256_hex("something else", 14, sha_other);
	sha256_hex("{}\n", 3, sha_cur);
	assert_int_equal(apply_write_file(&f->h, "/etc/docker/daemon.json", "new", 3, 0644, 0, 0,
					  sha_other, false, NULL),
			 -ESTALE);
	/* must still be absent, but exists */
	assert_int_equal(apply_write_file(&f->h, "/etc/docker/daemon.json", "new", 3, 0644, 0, 0,
					  "", false, NULL),
			 -ESTALE);
	/* must exist with a hash, but absent (the file and its directory) */
	assert_int_equal(apply_write_file(&f->h, "/etc/docker/gone.json", "new", 3, 0644, 0, 0,
					  sha_cur, false, NULL),
			 -ESTALE);
	assert_int_equal(apply_write_file(&f->h, "/etc/nodir/gone.json", "new", 3, 0644, 0, 0,
					  sha_cur, true, NULL),
			 -ESTALE);
	struct stat st;
	assert_int_equal(t_lstat(f->root, "etc/nodir", &st), -ENOENT); /* not created for nothing */
	_cleanup_free_ char *a = t_read(f->root, "etc/docker/daemon.json", NULL);
	assert_string_equal(a, "{}\n");
	assert_int_equal(apply_write_file(&f->h, "/etc/docker/daemon.json", "new", 3, 0644, 0, 0,
					  sha_cur, false, NULL),
			 0);
	_cleanup_free_ char *b = t_read(f->root, "etc/docker/daemon.json", NULL);
	assert_string_equal(b, "new");
}

static void test_mkdir_parents(void **state)
{
	struct fixture *f = *state;
	mode_t old = umask(077); /* the directories are 0755 whatever the umask */
	assert_int_equal(apply_write_file(&f->h, "/etc/audit/rules.d/docker.rules", "-w x\n", 5,
					  0640, 0, 0, "", false, NULL),
			 -ENOENT);
	_cleanup_strv_free_ char **missing = NULL;
	assert_int_equal(apply_missing_dirs(&f->h, "/etc/audit/rules.d/docker.rules", &missing), 0);
	_cleanup_free_ char *joined = strv_join(missing, ",");
	assert_string_equal(joined, "/etc/audit,/etc/audit/rules.d");
	assert_int_equal(apply_write_file(&f->h, "/etc/audit/rules.d/docker.rules", "-w x\n", 5,
					  0640, 0, 0, "", true, NULL),
			 0);
	umask(old);
	struct stat st;
	assert_int_equal(t_lstat(f->root, "etc/audit", &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0755);
	assert_int_equal(st.st_uid, 0);
	assert_int_equal(t_lstat(f->root, "etc/audit/rules.d", &st), 0);
	assert_int_equal(st.st_mode & 07777, 0755);
	assert_int_equal(t_lstat(f->root, "etc/audit/rules.d/docker.rules", &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	_cleanup_strv_free_ char **none = NULL;
	assert_int_equal(apply_missing_dirs(&f->h, "/etc/audit/rules.d/docker.rules", &none), 0);
	assert_null(none);
	/* a file on the way */
	assert_int_equal(apply_write_file(&f->h, "/etc/docker/daemon.json/x", "x", 1, 0644, 0, 0,
					  NULL, true, NULL),
			 -ENOTDIR);
}

static void test_not_regular(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(
		apply_write_file(&f->h, "/etc/docker", "x", 1, 0644, 0, 0, NULL, false, NULL),
		-EISDIR);
	assert_int_equal(
		apply_write_file(&f->h, "/etc/docker/", "x", 1, 0644, 0, 0, NULL, false, NULL),
		-EISDIR);
	assert_int_equal(
		apply_write_file(&f->h, "etc/relative", "x", 1, 0644, 0, 0, NULL, false, NULL),
		-EINVAL);
	_cleanup_free_ char *fifo = xasprintf("%s/etc/fifo", f->root);
	assert_int_equal(mkfifo(fifo, 0644), 0);
	assert_int_equal(
		apply_write_file(&f->h, "/etc/fifo", "x", 1, 0644, 0, 0, NULL, false, NULL),
		-EINVAL);
	assert_int_equal(apply_remove_file(&f->h, "/etc/docker"), -EISDIR);
}

static void test_set_attr(void **state)
{
	struct fixture *f = *state;
	struct stat st;
	assert_int_equal(apply_set_attr(&f->h, "/etc/docker/daemon.json", 0600, 5, 6), 0);
	assert_int_equal(t_lstat(f->root, "etc/docker/daemon.json", &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(st.st_uid, 5);
	assert_int_equal(st.st_gid, 6);
	/* -1 keeps */
	assert_int_equal(apply_set_attr(&f->h, "/etc/docker/daemon.json", -1, -1, 9), 0);
	assert_int_equal(t_lstat(f->root, "etc/docker/daemon.json", &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(st.st_uid, 5);
	assert_int_equal(st.st_gid, 9);
	/* a directory */
	assert_int_equal(apply_set_attr(&f->h, "/etc/docker", 0750, 0, 0), 0);
	assert_int_equal(t_lstat(f->root, "etc/docker", &st), 0);
	assert_int_equal(st.st_mode & 07777, 0750);

	/* a unix socket (cannot be opened for reading) */
	_cleanup_free_ char *sock = xasprintf("%s/docker.sock", f->root);
	int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(s >= 0);
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	assert_true(strlen(sock) < sizeof(sa.sun_path));
	memcpy(sa.sun_path, sock, strlen(sock) + 1);
	assert_int_equal(bind(s, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(apply_set_attr(&f->h, "/docker.sock", 0660, 0, 999), 0);
	assert_int_equal(t_lstat(f->root, "docker.sock", &st), 0);
	assert_true(S_ISSOCK(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0660);
	assert_int_equal(st.st_gid, 999);
	close(s);

	assert_int_equal(apply_set_attr(&f->h, "/etc/absent", 0600, -1, -1), -ENOENT);
	assert_int_equal(apply_set_attr(&f->h, "/etc/docker/daemon.json", 010000, -1, -1), -EINVAL);
}

static void test_remove(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(apply_remove_file(&f->h, "/etc/docker/daemon.json"), 0);
	assert_null(t_read(f->root, "etc/docker/daemon.json", NULL));
	assert_int_equal(apply_remove_file(&f->h, "/etc/docker/daemon.json"), -ENOENT);
	assert_int_equal(apply_remove_file(&f->h, "/no/such/dir/file"), -ENOENT);
}

static void test_enospc(void **state)
{
	struct fixture *f = *state;
	mount_tmpfs(f, "64k");
	t_puts(f->root, "etc/docker/daemon.json", "{ \"old\": true }\n");
	_cleanup_free_ char *snap = t_snapshot(f->root, NULL);
	size_t big = 256 * 1024;
	_cleanup_free_ char *data = xmalloc(big);
	memset(data, 'x', big);
	assert_int_equal(apply_write_file(&f->h, "/etc/docker/daemon.json", data, big, 0644, 0, 0,
					  NULL, false, NULL),
			 -ENOSPC);
	assert_int_equal(apply_write_file(&f->h, "/etc/docker/new.json", data, big, 0644, 0, 0, "",
					  false, NULL),
			 -ENOSPC);
	/* the old file, no temp file, no new file */
	_cleanup_free_ char *after = t_snapshot(f->root, NULL);
	t_snapshot_diff(snap, after);
	assert_string_equal(snap, after);
	assert_int_equal(t_count_names(f->root, "etc/docker", ".dockward-"), 0);
	/* and a file that fits still goes in */
	assert_int_equal(apply_write_file(&f->h, "/etc/docker/daemon.json", data, 4096, 0644, 0, 0,
					  NULL, false, NULL),
			 0);
}

static void test_erofs(void **state)
{
	struct fixture *f = *state;
	if (mount(f->root, f->root, NULL, MS_BIND, NULL) < 0) {
		print_message("skipped: bind mount: %s\n", strerror(errno));
		skip();
	}
	f->mounted = true;
	if (mount(NULL, f->root, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL) < 0)
		fail_msg("remount ro: %s", strerror(errno));
	host_close(&f->h);
	assert_int_equal(host_open(&f->h, f->root), 0);
	_cleanup_free_ char *snap = t_snapshot(f->root, NULL);
	assert_int_equal(apply_write_file(&f->h, "/etc/docker/daemon.json", "new", 3, 0644, 0, 0,
					  NULL, false, NULL),
			 -EROFS);
	assert_int_equal(
		apply_write_file(&f->h, "/etc/new/x", "new", 3, 0644, 0, 0, NULL, true, NULL),
		-EROFS);
	assert_int_equal(apply_set_attr(&f->h, "/etc/docker/daemon.json", 0600, -1, -1), -EROFS);
	_cleanup_free_ char *after = t_snapshot(f->root, NULL);
	assert_string_equal(snap, after);
}

static void test_run_command(void **state)
{
	(void)state;
	char *echo[] = {"/bin/sh", "-c", "echo out; echo err >&2; exit 3", NULL};
	_cleanup_free_ char *out = NULL;
	assert_int_equal(apply_run_command(echo, 5000, &out), 3);
	assert_string_equal(out, "out\nerr\n");
	char *ok[] = {"true", NULL};
	assert_int_equal(apply_run_command(ok, 5000, NULL), 0);
	char *slow[] = {"sleep", "10", NULL};
	_cleanup_free_ char *out2 = NULL;
	assert_int_equal(apply_run_command(slow, 200, &out2), -ETIMEDOUT);
	char *none[] = {"/nonexistent/dockward-test", NULL};
	assert_int_equal(apply_run_command(none, 1000, NULL), -ENOENT);
	/* output is bounded */
	char *flood[] = {"/bin/sh", "-c", "head -c 1000000 /dev/zero | tr '\\0' a", NULL};
	_cleanup_free_ char *out3 = NULL;
	assert_int_equal(apply_run_command(flood, 5000, &out3), 0);
	assert_int_equal(strlen(out3), 65536);
}

static void test_sysctl_keys(void **state)
{
	(void)state;
	/* reads only: tests never write the machine's kernel settings */
	_cleanup_free_ char *v = NULL;
	assert_int_equal(apply_sysctl_read("kernel.ostype", &v), 0);
	assert_string_equal(v, "Linux");
	_cleanup_free_ char *v2 = NULL;
	assert_int_equal(apply_sysctl_read("kernel/ostype", &v2), 0);
	assert_string_equal(v2, "Linux");
	char *w = NULL;
	assert_int_equal(apply_sysctl_read("kernel..ostype", &w), -EINVAL);
	assert_int_equal(apply_sysctl_read("../../etc/passwd", &w), -EINVAL);
	assert_int_equal(apply_sysctl_read("kernel/../../etc", &w), -EINVAL);
	assert_int_equal(apply_sysctl_read("kernel.no_such_key_dw", &w), -ENOENT);
	assert_int_equal(apply_sysctl_live("kernel.ostype", "a\nb"), -EINVAL);
	assert_int_equal(apply_sysctl_live("a b", "1"), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_and_replace, setup, teardown),
		cmocka_unit_test_setup_teardown(test_identical_writes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_symlink_target_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_escape_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mkdir_parents, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_regular, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_attr, setup, teardown),
		cmocka_unit_test_setup_teardown(test_remove, setup, teardown),
		cmocka_unit_test_setup_teardown(test_enospc, setup, teardown),
		cmocka_unit_test_setup_teardown(test_erofs, setup, teardown),
		cmocka_unit_test(test_run_command),
		cmocka_unit_test(test_sysctl_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
