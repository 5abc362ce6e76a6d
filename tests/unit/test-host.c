/* test-host.c: resolution and reads of host paths under a root (src/util/host.c).
 *
 * Every fixture root is a temp dir with a sibling "outside" file that no path may reach: links
 * with absolute targets, relative targets climbing with "..", ".." in the path itself, links
 * to directories above the root. Also: loops and chains of links (-ELOOP), absent files and
 * components (-ENOENT), files used as directories (-ENOTDIR), the size limit (-EFBIG),
 * embedded NUL (-EBADMSG), directories and FIFOs where a file is expected (-EISDIR, -EBADFD),
 * sorted listings and canonical paths. */
#include <errno.h>
#include <fcntl.h>
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

#include "host.h"

/* ---- fixture: <tmp>/root is the host root, <tmp>/outside/secret must stay out of reach ---- */

struct fixture {
	char *tmp;
	char *root;
	struct host h;
};

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

static void put_bytes(const char *dir, const char *rel, const char *content, size_t len)
{
	_cleanup_free_ char *path = xasprintf("%s/%s", dir, rel);
	mkdir_parents(path);
	FILE *f = fopen(path, "we");
	assert_non_null(f);
	assert_int_equal(fwrite(content, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void put(const char *dir, const char *rel, const char *content)
{
	put_bytes(dir, rel, content, strlen(content));
}

static void put_link(const char *dir, const char *rel, const char *target)
{
	_cleanup_free_ char *path = xasprintf("%s/%s", dir, rel);
	mkdir_parents(path);
	assert_int_equal(symlink(target, path), 0);
}

static void put_dir(const char *dir, const char *rel)
{
	_cleanup_free_ char *path = xasprintf("%s/%s/", dir, rel);
	mkdir_parents(path);
}

static int rm_one(const char *p, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)sb;
	(void)type;
	(void)ftw;
	return remove(p);
}

static int setup(void **state)
{
	struct fixture *fx = xcalloc(1, sizeof(*fx));
	fx->tmp = xstrdup("/tmp/dw-test-host-XXXXXX");
	assert_non_null(mkdtemp(fx->tmp));
	fx->root = xasprintf("%s/root", fx->tmp);
	put(fx->tmp, "outside/secret", "not yours\n");
	put(fx->tmp, "root/etc/passwd", "root:x:0:0:root:/root:/bin/sh\n");
	put(fx->tmp, "root/outside/.keep", "");
	assert_int_equal(host_open(&fx->h, fx->root), 0);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	host_close(&fx->h);
	assert_int_equal(nftw(fx->tmp, rm_one, 16, FTW_DEPTH | FTW_PHYS), 0);
	free(fx->root);
	free(fx->tmp);
	free(fx);
	return 0;
}

static void assert_read(const struct host *h, const char *path, const char *expected)
{
	char *buf = NULL;
	size_t len = 0;
	assert_int_equal(host_read_file(h, path, 0, false, &buf, &len), 0);
	assert_string_equal(buf, expected);
	assert_int_equal(len, strlen(expected));
	free(buf);
}

static void assert_read_fails(const struct host *h, const char *path, int expected)
{
	char *buf = NULL;
	assert_int_equal(host_read_file(h, path, 0, false, &buf, NULL), expected);
	assert_null(buf);
}

static void assert_realpath(const struct host *h, const char *path, const char *expected)
{
	char *real = NULL;
	assert_int_equal(host_realpath(h, path, &real), 0);
	assert_string_equal(real, expected);
	free(real);
}

/* ---- opening the root ---- */

static void test_open(void **state)
{
	struct fixture *fx = *state;
	struct host h;
	assert_int_equal(host_open(&h, "/nonexistent-dockward-root"), -ENOENT);
	_cleanup_free_ char *file = xasprintf("%s/etc/passwd", fx->root);
	assert_int_equal(host_open(&h, file), -ENOTDIR);

	/* a root given with "..", "//" and a trailing slash is canonicalised */
	_cleanup_free_ char *odd = xasprintf("%s//etc/../", fx->root);
	assert_int_equal(host_open(&h, odd), 0);
	assert_string_equal(h.root, fx->root);
	assert_false(h.live);
	host_close(&h);
	host_close(&h); /* idempotent */

	_cleanup_free_ char *full = host_full_path(&fx->h, "/etc/passwd");
	_cleanup_free_ char *want = xasprintf("%s/etc/passwd", fx->root);
	assert_string_equal(full, want);

	assert_int_equal(host_open(&h, "/"), 0);
	assert_true(h.live);
	_cleanup_free_ char *live = host_full_path(&h, "/etc/passwd");
	assert_string_equal(live, "/etc/passwd");
	host_close(&h);
}

/* ---- symlinks never leave the root ---- */

static void test_absolute_link_stays_inside(void **state)
{
	struct fixture *fx = *state;
	put_link(fx->root, "abs", "/etc/passwd");
	assert_read(&fx->h, "/abs", "root:x:0:0:root:/root:/bin/sh\n");
	assert_realpath(&fx->h, "/abs", "/etc/passwd");

	/* absolute target naming the outside file's real location: resolved in the root */
	_cleanup_free_ char *escape = xasprintf("%s/outside/secret", fx->tmp);
	put_link(fx->root, "abs-escape", escape);
	assert_read_fails(&fx->h, "/abs-escape", -ENOENT);

	/* absolute target with ".." above "/" */
	put_link(fx->root, "abs-dotdot", "/../../../../outside/secret");
	assert_read_fails(&fx->h, "/abs-dotdot", -ENOENT);
	put(fx->root, "outside/secret", "the root's own\n");
	assert_read(&fx->h, "/abs-dotdot", "the root's own\n");
	assert_realpath(&fx->h, "/abs-dotdot", "/outside/secret");
}

static void test_relative_link_stays_inside(void **state)
{
	struct fixture *fx = *state;
	put_link(fx->root, "etc/up", "../../../../../outside/secret");
	assert_read_fails(&fx->h, "/etc/up", -ENOENT);
	put_link(fx->root, "etc/rel", "passwd");
	assert_read(&fx->h, "/etc/rel", "root:x:0:0:root:/root:/bin/sh\n");
	assert_realpath(&fx->h, "/etc/rel", "/etc/passwd");
	put_link(fx->root, "etc/rel-up", "../etc/./passwd");
	assert_realpath(&fx->h, "/etc/rel-up", "/etc/passwd");
}

static void test_dotdot_in_path(void **state)
{
	struct fixture *fx = *state;
	assert_read_fails(&fx->h, "/../outside/secret", -ENOENT);
	assert_read_fails(&fx->h, "/etc/../../../outside/secret", -ENOENT);
	assert_read(&fx->h, "/../../etc/passwd", "root:x:0:0:root:/root:/bin/sh\n");
	assert_realpath(&fx->h, "/../etc/../etc/./passwd", "/etc/passwd");
	assert_realpath(&fx->h, "/..", "/");
	assert_realpath(&fx->h, "/", "/");
}

static void test_directory_links(void **state)
{
	struct fixture *fx = *state;
	/* a link to a directory above the root, used as a directory */
	put_link(fx->root, "up", "../..");
	assert_read_fails(&fx->h, "/up/outside/secret", -ENOENT);
	assert_read(&fx->h, "/up/etc/passwd", "root:x:0:0:root:/root:/bin/sh\n");
	assert_realpath(&fx->h, "/up/etc/passwd", "/etc/passwd");

	/* ".." after a link is taken physically: from the link's target, as the kernel does */
	put_dir(fx->root, "a/b");
	put_link(fx->root, "l", "a/b");
	put(fx->root, "a/x", "x\n");
	assert_realpath(&fx->h, "/l/../x", "/a/x");
	put_link(fx->root, "abslink", "/a/b");
	assert_read(&fx->h, "/abslink/../x", "x\n");

	/* listing through a link */
	put(fx->root, "a/b/f", "");
	char **names = NULL;
	assert_int_equal(host_list_dir(&fx->h, "/l", &names), 0);
	assert_int_equal(strv_length(names), 1);
	assert_string_equal(names[0], "f");
	strv_free(names);
}

static void test_loops(void **state)
{
	struct fixture *fx = *state;
	put_link(fx->root, "self", "self");
	assert_read_fails(&fx->h, "/self", -ELOOP);
	put_link(fx->root, "ping", "pong");
	put_link(fx->root, "pong", "/ping");
	assert_read_fails(&fx->h, "/ping", -ELOOP);
	char *real = NULL;
	assert_int_equal(host_realpath(&fx->h, "/ping", &real), -ELOOP);
	struct stat st;
	assert_int_equal(host_stat(&fx->h, "/ping", true, &st), -ELOOP);
	assert_int_equal(host_stat(&fx->h, "/ping/x", false, &st), -ELOOP);
	/* not following the last link is no loop */
	assert_int_equal(host_stat(&fx->h, "/ping", false, &st), 0);
	assert_true(S_ISLNK(st.st_mode));

	/* a directory loop through ".." */
	put_link(fx->root, "etc/loop", "../etc/loop/x");
	assert_read_fails(&fx->h, "/etc/loop", -ELOOP);

	/* HOST_LINK_MAX links in a chain are fine, one more is a loop */
	put_link(fx->root, "chain/l0", "/etc/passwd");
	for (int i = 1; i <= HOST_LINK_MAX; i++) {
		_cleanup_free_ char *name = xasprintf("chain/l%d", i);
		_cleanup_free_ char *target = xasprintf("l%d", i - 1);
		put_link(fx->root, name, target);
	}
	_cleanup_free_ char *ok = xasprintf("/chain/l%d", HOST_LINK_MAX - 1);
	assert_read(&fx->h, ok, "root:x:0:0:root:/root:/bin/sh\n");
	_cleanup_free_ char *too_many = xasprintf("/chain/l%d", HOST_LINK_MAX);
	assert_read_fails(&fx->h, too_many, -ELOOP);
}

/* ---- absent, wrong type, limits ---- */

static void test_absent(void **state)
{
	struct fixture *fx = *state;
	assert_read_fails(&fx->h, "/etc/shadow", -ENOENT);
	assert_read_fails(&fx->h, "/no/such/dir/file", -ENOENT);
	put_link(fx->root, "dangling", "/etc/nothing");
	assert_read_fails(&fx->h, "/dangling", -ENOENT);
	struct stat st;
	assert_int_equal(host_stat(&fx->h, "/dangling", true, &st), -ENOENT);
	assert_int_equal(host_stat(&fx->h, "/dangling", false, &st), 0);
	char *real = NULL;
	assert_int_equal(host_realpath(&fx->h, "/etc/shadow", &real), -ENOENT);
	assert_null(real);
	char **names = NULL;
	assert_int_equal(host_list_dir(&fx->h, "/nope", &names), -ENOENT);
	assert_null(names);

	/* a file used as a directory */
	assert_read_fails(&fx->h, "/etc/passwd/x", -ENOTDIR);
	assert_read_fails(&fx->h, "/etc/passwd/", -ENOTDIR);
	assert_int_equal(host_list_dir(&fx->h, "/etc/passwd", &names), -ENOTDIR);
	/* only absolute host paths */
	assert_read_fails(&fx->h, "etc/passwd", -EINVAL);
	assert_int_equal(host_stat(&fx->h, "", true, &st), -EINVAL);
}

static void test_size_limit(void **state)
{
	struct fixture *fx = *state;
	put(fx->root, "etc/ten", "0123456789");
	char *buf = NULL;
	size_t len = 0;
	assert_int_equal(host_read_file(&fx->h, "/etc/ten", 9, false, &buf, &len), -EFBIG);
	assert_null(buf);
	assert_int_equal(host_read_file(&fx->h, "/etc/ten", 10, false, &buf, &len), 0);
	assert_int_equal(len, 10);
	free(buf);

	/* the default limit */
	_cleanup_free_ char *big = xmalloc(HOST_FILE_MAX + 1);
	memset(big, 'a', HOST_FILE_MAX + 1);
	put_bytes(fx->root, "etc/big", big, HOST_FILE_MAX + 1);
	assert_read_fails(&fx->h, "/etc/big", -EFBIG);
	put_bytes(fx->root, "etc/max", big, HOST_FILE_MAX);
	assert_int_equal(host_read_file(&fx->h, "/etc/max", 0, false, &buf, &len), 0);
	assert_int_equal(len, HOST_FILE_MAX);
	free(buf);

	/* an empty file is an empty string */
	put(fx->root, "etc/empty", "");
	assert_read(&fx->h, "/etc/empty", "");
}

static void test_nul(void **state)
{
	struct fixture *fx = *state;
	put_bytes(fx->root, "etc/nul", "a\0b\n", 4);
	assert_read_fails(&fx->h, "/etc/nul", -EBADMSG);
	char *buf = NULL;
	size_t len = 0;
	assert_int_equal(host_read_file(&fx->h, "/etc/nul", 0, true, &buf, &len), 0);
	assert_int_equal(len, 4);
	assert_memory_equal(buf, "a\0b\n", 5); /* and NUL-terminated */
	free(buf);
}

static void test_not_a_file(void **state)
{
	struct fixture *fx = *state;
	put_dir(fx->root, "etc/dir");
	assert_read_fails(&fx->h, "/etc/dir", -EISDIR);
	assert_read_fails(&fx->h, "/", -EISDIR);
	_cleanup_free_ char *fifo = xasprintf("%s/etc/fifo", fx->root);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_read_fails(&fx->h, "/etc/fifo", -EBADFD); /* and does not block */
	put_link(fx->root, "etc/to-fifo", "fifo");
	assert_read_fails(&fx->h, "/etc/to-fifo", -EBADFD);
	struct stat st;
	assert_int_equal(host_stat(&fx->h, "/etc/to-fifo", true, &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
}

/* ---- stat, open, list ---- */

static void test_stat_and_open(void **state)
{
	struct fixture *fx = *state;
	_cleanup_free_ char *p = xasprintf("%s/etc/passwd", fx->root);
	assert_int_equal(chmod(p, 0640), 0);
	put_link(fx->root, "pw", "etc/passwd");
	struct stat st;
	assert_int_equal(host_stat(&fx->h, "/pw", true, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0640);
	assert_int_equal(host_stat(&fx->h, "/pw", false, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(host_stat(&fx->h, "/", true, &st), 0);
	assert_true(S_ISDIR(st.st_mode));

	int fd = host_open_path(&fx->h, "/pw", O_RDONLY, true);
	assert_true(fd >= 0);
	char buf[5] = {0};
	assert_int_equal(read(fd, buf, 4), 4);
	assert_string_equal(buf, "root");
	close(fd);
	/* O_RDONLY without following the last link refuses the link */
	assert_int_equal(host_open_path(&fx->h, "/pw", O_RDONLY, false), -ELOOP);
	/* "link/" follows the link even when the last one is not to be followed */
	put_link(fx->root, "etcdir", "/etc");
	fd = host_open_path(&fx->h, "/etcdir/", O_RDONLY | O_DIRECTORY, false);
	assert_true(fd >= 0);
	close(fd);
}

static void test_list_dir(void **state)
{
	struct fixture *fx = *state;
	put(fx->root, "d/b", "");
	put(fx->root, "d/a", "");
	put(fx->root, "d/C", "");
	put(fx->root, "d/.hidden", "");
	put_dir(fx->root, "d/sub");
	put_dir(fx->root, "empty");
	char **names = NULL;
	assert_int_equal(host_list_dir(&fx->h, "/d", &names), 0);
	const char *want[] = {".hidden", "C", "a", "b", "sub"}; /* C locale order */
	assert_int_equal(strv_length(names), ELEMENTSOF(want));
	for (size_t i = 0; i < ELEMENTSOF(want); i++)
		assert_string_equal(names[i], want[i]);
	strv_free(names);

	assert_int_equal(host_list_dir(&fx->h, "/empty", &names), 0);
	assert_non_null(names);
	assert_int_equal(strv_length(names), 0);
	strv_free(names);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_open, setup, teardown),
		cmocka_unit_test_setup_teardown(test_absolute_link_stays_inside, setup, teardown),
		cmocka_unit_test_setup_teardown(test_relative_link_stays_inside, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dotdot_in_path, setup, teardown),
		cmocka_unit_test_setup_teardown(test_directory_links, setup, teardown),
		cmocka_unit_test_setup_teardown(test_loops, setup, teardown),
		cmocka_unit_test_setup_teardown(test_absent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_size_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nul, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_a_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stat_and_open, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_dir, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
