/* test-probe-files.c: the files probe on fixture roots built in a temp dir.
 *
 * Covers owner, group and mode of requested files, symlinks followed inside the root (and
 * their canonical real_path), links that try to leave the root, absent files, loops, recursive
 * requests (sorted depth-first, links recorded but never descended, dangling links, a
 * requested directory reached through a link), no duplicates whatever the order of requests,
 * and the bounds: 8 levels and 10000 entries, said in the status reasons. */
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

extern const struct probe probe_files;

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

static void put_mode(const char *root, const char *rel, mode_t mode)
{
	_cleanup_free_ char *path = xasprintf("%s/%s", root, rel);
	mkdir_parents(path);
	FILE *f = fopen(path, "we");
	assert_non_null(f);
	fputs("x\n", f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(path, mode), 0);
}

static void put_dir(const char *root, const char *rel, mode_t mode)
{
	_cleanup_free_ char *path = xasprintf("%s/%s/", root, rel);
	mkdir_parents(path);
	assert_int_equal(chmod(path, mode), 0);
}

static void put_link(const char *root, const char *rel, const char *target)
{
	_cleanup_free_ char *path = xasprintf("%s/%s", root, rel);
	mkdir_parents(path);
	assert_int_equal(symlink(target, path), 0);
}

/* <tmp>/root is the host root; <tmp>/outside must stay out of reach. */
static char *make_tmp(void)
{
	char *t = xstrdup("/tmp/dw-test-files-XXXXXX");
	assert_non_null(mkdtemp(t));
	put_mode(t, "outside/ca.pem", 0600);
	put_dir(t, "root", 0755);
	return t;
}

static int rm_one(const char *p, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)sb;
	(void)type;
	(void)ftw;
	return remove(p);
}

static void remove_tmp(char *tmp)
{
	assert_int_equal(nftw(tmp, rm_one, 64, FTW_DEPTH | FTW_PHYS), 0);
	free(tmp);
}

struct run {
	struct host h;
	struct facts f;
	struct fact_requests q;
};

/* Requests: "path", or "path" followed by "/" and "**" for a recursive one; NULL-terminated. */
static void run_probe(struct run *r, const char *tmp, const char *const *requests)
{
	_cleanup_free_ char *root = xasprintf("%s/root", tmp);
	assert_int_equal(host_open(&r->h, root), 0);
	facts_init(&r->f, &r->h);
	memset(&r->q, 0, sizeof(r->q));
	for (const char *const *p = requests; *p; p++) {
		if (endswith(*p, "/**")) {
			_cleanup_free_ char *dir = xstrndup(*p, strlen(*p) - 3);
			fact_requests_add_file(&r->q, dir, true);
		} else
			fact_requests_add_file(&r->q, *p, false);
	}
	probes_run(&r->h, PROBE_FILES, false, &r->q, &r->f); /* needs requests: does not run */
	assert_int_equal(r->f.files.n, 0);
	probes_run(&r->h, PROBE_FILES, true, &r->q, &r->f);
	assert_true(r->f.probed & PROBE_FILES);
}

static void run_release(struct run *r)
{
	fact_requests_release(&r->q);
	facts_release(&r->f);
	host_close(&r->h);
}

static void assert_ok(const struct file_fact *x, const char *path, const char *real, mode_t mode,
		      uid_t uid, gid_t gid, bool from_recursion)
{
	assert_non_null(x);
	assert_string_equal(x->path, path);
	assert_string_equal(fact_state_to_string(x->status.state), "ok");
	assert_string_equal(x->status.source, path);
	assert_null(x->status.reason);
	assert_string_equal(x->real_path, real);
	assert_int_equal(x->mode, mode);
	assert_int_equal(x->uid, uid);
	assert_int_equal(x->gid, gid);
	assert_int_equal(x->from_recursion, from_recursion);
}

static void assert_not_ok(const struct file_fact *x, const char *path, enum fact_state state,
			  int err, const char *reason, bool from_recursion)
{
	assert_non_null(x);
	assert_string_equal(x->path, path);
	assert_string_equal(fact_state_to_string(x->status.state), fact_state_to_string(state));
	assert_int_equal(x->status.err, err);
	assert_string_equal(x->status.source, path);
	assert_string_equal(x->status.reason, reason);
	assert_null(x->real_path);
	assert_int_equal(x->from_recursion, from_recursion);
}

/* ---- cases ---- */

static void test_requested_files(void **state)
{
	(void)state;
	char *tmp = make_tmp();
	_cleanup_free_ char *root = xasprintf("%s/root", tmp);
	put_mode(root, "etc/docker/daemon.json", 0640);
	_cleanup_free_ char *dj = xasprintf("%s/etc/docker/daemon.json", root);
	assert_int_equal(chown(dj, 1000, 999), 0);
	put_mode(root, "usr/libexec/docker/dockerd", 04755);
	put_link(root, "usr/bin/dockerd", "../libexec/docker/dockerd");
	put_link(root, "usr/sbin/dockerd", "/usr/bin/dockerd");
	put_dir(root, "etc/docker/certs.d", 0750);
	/* a link naming the outside file's real place, and one climbing out with ".." */
	_cleanup_free_ char *outside = xasprintf("%s/outside/ca.pem", tmp);
	put_link(root, "etc/docker/ca.pem", outside);
	put_link(root, "etc/docker/key.pem", "../../../../../outside/ca.pem");
	put_link(root, "etc/docker/loop.pem", "loop.pem");
	_cleanup_free_ char *fifo = xasprintf("%s/run/docker.fifo", root);
	mkdir_parents(fifo);
	assert_int_equal(mkfifo(fifo, 0660), 0);
	assert_int_equal(chmod(fifo, 0660), 0);

	struct run r;
	static const char *const requests[] = {
		"/etc/docker/daemon.json", "/usr/bin/dockerd", "/usr/sbin/dockerd",
		"/etc/docker/certs.d/", "/etc/docker/ca.pem", "/etc/docker/key.pem",
		"/etc/docker/loop.pem", "/etc/nothing", "/run/docker.fifo", "/", NULL,
	};
	run_probe(&r, tmp, requests);
	const struct files_facts *ff = &r.f.files;
	assert_int_equal(ff->n, 10);
	assert_ok(&ff->items[0], "/etc/docker/daemon.json", "/etc/docker/daemon.json",
		  S_IFREG | 0640, 1000, 999, false);
	assert_ok(&ff->items[1], "/usr/bin/dockerd", "/usr/libexec/docker/dockerd", S_IFREG | 04755,
		  0, 0, false);
	assert_ok(&ff->items[2], "/usr/sbin/dockerd", "/usr/libexec/docker/dockerd",
		  S_IFREG | 04755, 0, 0, false);
	assert_ok(&ff->items[3], "/etc/docker/certs.d/", "/etc/docker/certs.d", S_IFDIR | 0750, 0,
		  0, false);
	assert_not_ok(&ff->items[4], "/etc/docker/ca.pem", FACT_ABSENT, 0, "absent", false);
	assert_not_ok(&ff->items[5], "/etc/docker/key.pem", FACT_ABSENT, 0, "absent", false);
	_cleanup_free_ char *loop = xasprintf("unreadable: %s", strerror(ELOOP));
	assert_not_ok(&ff->items[6], "/etc/docker/loop.pem", FACT_UNREADABLE, ELOOP, loop, false);
	assert_not_ok(&ff->items[7], "/etc/nothing", FACT_ABSENT, 0, "absent", false);
	assert_ok(&ff->items[8], "/run/docker.fifo", "/run/docker.fifo", S_IFIFO | 0660, 0, 0,
		  false);
	assert_ok(&ff->items[9], "/", "/", S_IFDIR | 0755, 0, 0, false);
	assert_ptr_equal(facts_find_file(ff, "/usr/sbin/dockerd"), &ff->items[2]);
	assert_null(facts_find_file(ff, "/usr/libexec/docker/dockerd"));
	run_release(&r);
	remove_tmp(tmp);
}

static void make_docker_tree(const char *root)
{
	put_mode(root, "etc/docker/daemon.json", 0644);
	put_mode(root, "etc/docker/key.json", 0600);
	put_mode(root, "etc/docker/certs.d/registry:5000/ca.crt", 0444);
	put_dir(root, "etc/docker/certs.d/registry:5000", 0700);
	put_link(root, "etc/docker/certs.d/etc", "/etc"); /* a directory link: not descended */
	put_link(root, "etc/docker/certs.d/up", "../../.."); /* "/" */
	put_link(root, "etc/docker/certs.d/gone.crt", "/etc/docker/nothing.crt");
	put_link(root, "etc/docker/certs.d/key", "../key.json");
	put_mode(root, "etc/hostname", 0644);
}

static void test_recursive(void **state)
{
	(void)state;
	char *tmp = make_tmp();
	_cleanup_free_ char *root = xasprintf("%s/root", tmp);
	make_docker_tree(root);

	struct run r;
	run_probe(&r, tmp, (const char *[]){"/etc/docker/**", NULL});
	const struct files_facts *ff = &r.f.files;
	assert_int_equal(ff->n, 10);
	assert_ok(&ff->items[0], "/etc/docker", "/etc/docker", S_IFDIR | 0755, 0, 0, false);
	assert_ok(&ff->items[1], "/etc/docker/certs.d", "/etc/docker/certs.d", S_IFDIR | 0755, 0, 0,
		  true);
	assert_ok(&ff->items[2], "/etc/docker/certs.d/etc", "/etc", S_IFDIR | 0755, 0, 0, true);
	assert_not_ok(&ff->items[3], "/etc/docker/certs.d/gone.crt", FACT_ABSENT, 0,
		      "absent: dangling symbolic link", true);
	assert_ok(&ff->items[4], "/etc/docker/certs.d/key", "/etc/docker/key.json", S_IFREG | 0600,
		  0, 0, true);
	assert_ok(&ff->items[5], "/etc/docker/certs.d/registry:5000",
		  "/etc/docker/certs.d/registry:5000", S_IFDIR | 0700, 0, 0, true);
	assert_ok(&ff->items[6], "/etc/docker/certs.d/registry:5000/ca.crt",
		  "/etc/docker/certs.d/registry:5000/ca.crt", S_IFREG | 0444, 0, 0, true);
	assert_ok(&ff->items[7], "/etc/docker/certs.d/up", "/", S_IFDIR | 0755, 0, 0, true);
	assert_ok(&ff->items[8], "/etc/docker/daemon.json", "/etc/docker/daemon.json",
		  S_IFREG | 0644, 0, 0, true);
	assert_ok(&ff->items[9], "/etc/docker/key.json", "/etc/docker/key.json", S_IFREG | 0600, 0,
		  0, true);
	assert_null(facts_find_file(ff, "/etc/docker/certs.d/etc/hostname"));
	run_release(&r);
	remove_tmp(tmp);
}

static void test_no_duplicates(void **state)
{
	(void)state;
	char *tmp = make_tmp();
	_cleanup_free_ char *root = xasprintf("%s/root", tmp);
	make_docker_tree(root);

	/* explicit first, then the tree around it, then a subtree, then the same file again */
	struct run r;
	run_probe(&r, tmp,
		  (const char *[]){"/etc/docker/daemon.json", "/etc/docker/**",
				   "/etc/docker/certs.d/**", "/etc/docker/daemon.json", NULL});
	const struct files_facts *ff = &r.f.files;
	assert_int_equal(ff->n, 10);
	assert_ok(&ff->items[0], "/etc/docker/daemon.json", "/etc/docker/daemon.json",
		  S_IFREG | 0644, 0, 0, false);
	assert_ok(&ff->items[1], "/etc/docker", "/etc/docker", S_IFDIR | 0755, 0, 0, false);
	/* asked for by name after the walk found it */
	assert_ok(facts_find_file(ff, "/etc/docker/certs.d"), "/etc/docker/certs.d",
		  "/etc/docker/certs.d", S_IFDIR | 0755, 0, 0, false);
	for (size_t i = 0; i < ff->n; i++)
		for (size_t j = i + 1; j < ff->n; j++)
			assert_string_not_equal(ff->items[i].path, ff->items[j].path);
	run_release(&r);

	/* the tree first, then a file in it by name */
	run_probe(&r, tmp, (const char *[]){"/etc/docker/**", "/etc/docker/key.json", NULL});
	assert_int_equal(ff->n, 10);
	assert_ok(facts_find_file(ff, "/etc/docker/key.json"), "/etc/docker/key.json",
		  "/etc/docker/key.json", S_IFREG | 0600, 0, 0, false);
	run_release(&r);
	remove_tmp(tmp);
}

static void test_recursive_odd_requests(void **state)
{
	(void)state;
	char *tmp = make_tmp();
	_cleanup_free_ char *root = xasprintf("%s/root", tmp);
	put_mode(root, "srv/docker/daemon.json", 0600);
	put_link(root, "etc/docker", "/srv/docker");
	put_mode(root, "etc/file", 0644);

	struct run r;
	run_probe(&r, tmp,
		  (const char *[]){"/etc/docker/**", "/etc/file/**", "/etc/absent/**", NULL});
	const struct files_facts *ff = &r.f.files;
	assert_int_equal(ff->n, 4);
	/* the requested link is followed, its entries keep the requested prefix */
	assert_ok(&ff->items[0], "/etc/docker", "/srv/docker", S_IFDIR | 0755, 0, 0, false);
	assert_ok(&ff->items[1], "/etc/docker/daemon.json", "/srv/docker/daemon.json",
		  S_IFREG | 0600, 0, 0, true);
	assert_ok(&ff->items[2], "/etc/file", "/etc/file", S_IFREG | 0644, 0, 0, false);
	assert_not_ok(&ff->items[3], "/etc/absent", FACT_ABSENT, 0, "absent", false);
	run_release(&r);
	remove_tmp(tmp);
}

static void test_depth_limit(void **state)
{
	(void)state;
	char *tmp = make_tmp();
	_cleanup_free_ char *root = xasprintf("%s/root", tmp);
	put_mode(root, "deep/1/2/3/4/5/6/7/8/9/10/f", 0644);
	put_mode(root, "deep/1/2/3/4/5/6/7/f8", 0644);

	struct run r;
	run_probe(&r, tmp, (const char *[]){"/deep/**", NULL});
	const struct files_facts *ff = &r.f.files;
	/* /deep, 1..8 and 7/f8: entries down to 8 levels, directories at 8 not listed */
	assert_int_equal(ff->n, 10);
	assert_string_equal(ff->items[0].status.reason,
			    "listing incomplete: 1 directory deeper than 8 levels not listed");
	assert_string_equal(fact_state_to_string(ff->items[0].status.state), "ok");
	const struct file_fact *d8 = facts_find_file(ff, "/deep/1/2/3/4/5/6/7/8");
	assert_non_null(d8);
	assert_string_equal(fact_state_to_string(d8->status.state), "ok");
	assert_string_equal(d8->status.reason,
			    "not listed: deeper than 8 levels below the request");
	assert_true(S_ISDIR(d8->mode));
	assert_non_null(facts_find_file(ff, "/deep/1/2/3/4/5/6/7/f8"));
	assert_null(facts_find_file(ff, "/deep/1/2/3/4/5/6/7/8/9"));
	run_release(&r);

	/* asked for by name below the limit: a walk of its own */
	run_probe(&r, tmp, (const char *[]){"/deep/**", "/deep/1/2/3/4/5/6/7/8/**", NULL});
	assert_int_equal(ff->n, 13);
	assert_null(facts_find_file(ff, "/deep/1/2/3/4/5/6/7/8")->status.reason);
	assert_non_null(facts_find_file(ff, "/deep/1/2/3/4/5/6/7/8/9/10/f"));
	run_release(&r);
	remove_tmp(tmp);
}

static void test_entry_limit(void **state)
{
	(void)state;
	char *tmp = make_tmp();
	_cleanup_free_ char *root = xasprintf("%s/root", tmp);
	_cleanup_free_ char *dir = xasprintf("%s/many/", root);
	mkdir_parents(dir);
	for (int i = 0; i < 10005; i++) {
		_cleanup_free_ char *p = xasprintf("%s/f%05d", dir, i);
		FILE *f = fopen(p, "we");
		assert_non_null(f);
		fclose(f);
	}

	struct run r;
	run_probe(&r, tmp, (const char *[]){"/many/**", NULL});
	const struct files_facts *ff = &r.f.files;
	assert_int_equal(ff->n, 1 + 10000);
	assert_string_equal(ff->items[0].status.reason,
			    "listing incomplete: stopped after 10000 entries");
	assert_string_equal(ff->items[10000].path, "/many/f09999");
	assert_null(facts_find_file(ff, "/many/f10000"));
	run_release(&r);
	remove_tmp(tmp);
}

int main(void)
{
	umask(022);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_requested_files),
		cmocka_unit_test(test_recursive),
		cmocka_unit_test(test_no_duplicates),
		cmocka_unit_test(test_recursive_odd_requests),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_entry_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
