/* test-probe-sysctl.c: the sysctl probe on fixture roots built in a temp dir.
 *
 * Covers systemd-sysctl precedence (a name in /etc masks it in /usr/lib, later file names win
 * whatever their directory, /etc/sysctl.conf last, /dev/null masks), the line syntax ('-'
 * prefix, '/' separators, comments, bad lines as problems), globs against explicit keys, live
 * values present and absent, invalid keys, and a symlink that tries to leave the root. */
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
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cmocka.h>

#include "facts.h"
#include "host.h"
#include "probe.h"

extern const struct probe probe_sysctl;

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

static void put_link(const char *root, const char *rel, const char *target)
{
	_cleanup_free_ char *path = xasprintf("%s/%s", root, rel);
	mkdir_parents(path);
	assert_int_equal(symlink(target, path), 0);
}

static char *make_root(void)
{
	char *t = xstrdup("/tmp/dw-test-sysctl-XXXXXX");
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

/* Runs the probe on root for keys (NULL-terminated). */
static void probe(const char *root, const char *const *keys, struct host *h, struct facts *f)
{
	struct fact_requests q = {0};
	for (size_t i = 0; keys[i]; i++)
		fact_requests_add_sysctl(&q, keys[i]);
	assert_int_equal(host_open(h, root), 0);
	facts_init(f, h);
	probe_sysctl.run(h, &q, f);
	fact_requests_release(&q);
}

static const struct sysctl_fact *get(const struct facts *f, const char *key)
{
	const struct sysctl_fact *s = facts_find_sysctl(&f->sysctl, key);
	assert_non_null(s);
	return s;
}

static void assert_persisted(const struct facts *f, const char *key, const char *value,
			     const char *file, int line)
{
	const struct sysctl_fact *s = get(f, key);
	if (!value) {
		assert_null(s->persisted_value);
		assert_null(s->persisted_file);
		return;
	}
	assert_non_null(s->persisted_value);
	assert_string_equal(s->persisted_value, value);
	assert_string_equal(s->persisted_file, file);
	assert_int_equal(s->persisted_line, line);
}

/* ---- tests ---- */

static void test_precedence(void **state)
{
	(void)state;
	char *root = make_root();
	/* masked by /etc/sysctl.d/50-a.conf: its ip_forward must not count */
	put(root, "usr/lib/sysctl.d/50-a.conf",
	    "net.ipv4.ip_forward = 1\nkernel.kptr_restrict = 0\n");
	put(root, "etc/sysctl.d/50-a.conf", "kernel.kptr_restrict = 1\n");
	/* later names win whatever their directory */
	put(root, "etc/sysctl.d/10-z.conf", "fs.suid_dumpable = 2\n");
	put(root, "lib/sysctl.d/99-x.conf", "fs.suid_dumpable = 0\n");
	put(root, "usr/lib/sysctl.d/60-b.conf", "kernel.dmesg_restrict = 0\n");
	put(root, "run/sysctl.d/70-c.conf", "# run\nkernel.dmesg_restrict=1\n");
	put(root, "usr/local/lib/sysctl.d/80-d.conf",
	    "; semicolon comment\n"
	    "\n"
	    "   # indented comment\n"
	    "-net.ipv6.conf.all.forwarding = 0\n"
	    "net/ipv4/conf/all/send_redirects = 0\n"
	    "net/ipv4/conf/eth0.100/rp_filter = 1\n"
	    "kernel.printk =  3\t4 1   3  \n"
	    "this line is wrong\n"
	    " = 5\n");
	/* applied last, whatever the names */
	put(root, "etc/sysctl.conf", "kernel.dmesg_restrict = 2\n");
	/* not *.conf, hidden: ignored */
	put(root, "etc/sysctl.d/README", "kernel.kptr_restrict = 9\n");
	put(root, "etc/sysctl.d/.hidden.conf", "kernel.kptr_restrict = 9\n");

	static const char *const keys[] = {
		"net.ipv4.ip_forward",
		"kernel.kptr_restrict",
		"fs.suid_dumpable",
		"kernel.dmesg_restrict",
		"net.ipv6.conf.all.forwarding",
		"net.ipv4.conf.all.send_redirects",
		"net.ipv4.conf.eth0/100.rp_filter",
		"kernel.printk",
		"kernel.sysrq",
		NULL,
	};
	struct host h;
	struct facts f;
	probe(root, keys, &h, &f);

	assert_int_equal(f.sysctl.n, 9);
	assert_persisted(&f, "net.ipv4.ip_forward", NULL, NULL, 0);
	assert_persisted(&f, "kernel.kptr_restrict", "1", "/etc/sysctl.d/50-a.conf", 1);
	assert_persisted(&f, "fs.suid_dumpable", "0", "/lib/sysctl.d/99-x.conf", 1);
	assert_persisted(&f, "kernel.dmesg_restrict", "2", "/etc/sysctl.conf", 1);
	assert_persisted(&f, "net.ipv6.conf.all.forwarding", "0",
			 "/usr/local/lib/sysctl.d/80-d.conf", 4);
	assert_persisted(&f, "net.ipv4.conf.all.send_redirects", "0",
			 "/usr/local/lib/sysctl.d/80-d.conf", 5);
	assert_persisted(&f, "net.ipv4.conf.eth0/100.rp_filter", "1",
			 "/usr/local/lib/sysctl.d/80-d.conf", 6);
	assert_persisted(&f, "kernel.printk", "3 4 1 3", "/usr/local/lib/sysctl.d/80-d.conf", 7);
	assert_persisted(&f, "kernel.sysrq", NULL, NULL, 0);

	static const char *const order[] = {
		"/etc/sysctl.d/10-z.conf",
		"/etc/sysctl.d/50-a.conf",
		"/usr/lib/sysctl.d/60-b.conf",
		"/run/sysctl.d/70-c.conf",
		"/usr/local/lib/sysctl.d/80-d.conf",
		"/lib/sysctl.d/99-x.conf",
		"/etc/sysctl.conf",
		NULL,
	};
	assert_int_equal(strv_length(f.sysctl.files_read), ELEMENTSOF(order) - 1);
	for (size_t i = 0; order[i]; i++)
		assert_string_equal(f.sysctl.files_read[i], order[i]);

	assert_int_equal(f.sysctl.problems.n, 2);
	assert_string_equal(f.sysctl.problems.items[0].file, "/usr/local/lib/sysctl.d/80-d.conf");
	assert_int_equal(f.sysctl.problems.items[0].line, 8);
	assert_int_equal(f.sysctl.problems.items[1].line, 9);

	/* no proc/sys in this root */
	assert_int_equal(f.sysctl.live_root.state, FACT_ABSENT);
	assert_int_equal(get(&f, "kernel.printk")->live.state, FACT_ABSENT);
	assert_null(get(&f, "kernel.printk")->live_value);

	facts_release(&f);
	host_close(&h);
	remove_root(root);
}

static void test_dev_null_masks(void **state)
{
	(void)state;
	char *root = make_root();
	put(root, "usr/lib/sysctl.d/50-docker.conf", "net.ipv4.ip_forward = 1\n");
	put(root, "usr/lib/sysctl.d/60-other.conf", "kernel.sysrq = 1\n");
	/* no dev/null in this root: the link dangles, and still masks */
	put_link(root, "etc/sysctl.d/50-docker.conf", "/dev/null");
	/* a relative link to the real file does not mask anything away */
	put(root, "etc/sysctl.conf", "kernel.sysrq = 0\n");
	put_link(root, "etc/sysctl.d/99-sysctl.conf", "../sysctl.conf");

	static const char *const keys[] = {"net.ipv4.ip_forward", "kernel.sysrq", NULL};
	struct host h;
	struct facts f;
	probe(root, keys, &h, &f);
	assert_persisted(&f, "net.ipv4.ip_forward", NULL, NULL, 0);
	assert_persisted(&f, "kernel.sysrq", "0", "/etc/sysctl.conf", 1);
	assert_int_equal(strv_length(f.sysctl.files_read), 3);
	assert_string_equal(f.sysctl.files_read[0], "/usr/lib/sysctl.d/60-other.conf");
	assert_string_equal(f.sysctl.files_read[1], "/etc/sysctl.d/99-sysctl.conf");
	assert_string_equal(f.sysctl.files_read[2], "/etc/sysctl.conf");
	assert_int_equal(f.sysctl.problems.n, 0);
	facts_release(&f);
	host_close(&h);

	/* with a dev/null that is a character device, as on a real system */
	_cleanup_free_ char *devnull = xasprintf("%s/dev/null", root);
	mkdir_parents(devnull);
	if (mknod(devnull, S_IFCHR | 0666, makedev(1, 3)) == 0) {
		probe(root, keys, &h, &f);
		assert_persisted(&f, "net.ipv4.ip_forward", NULL, NULL, 0);
		assert_int_equal(f.sysctl.problems.n, 0);
		facts_release(&f);
		host_close(&h);
	}
	remove_root(root);
}

static void test_globs(void **state)
{
	(void)state;
	char *root = make_root();
	/* the explicit assignment is in an earlier file than the glob: it still wins */
	put(root, "etc/sysctl.d/05-explicit.conf", "net.ipv4.conf.all.rp_filter = 1\n");
	put(root, "etc/sysctl.d/10-glob.conf",
	    "net.ipv4.conf.e*.rp_filter = 3\n"
	    "net.ipv4.conf.*.rp_filter = 2\n"
	    "-net.ipv4.conf.lo.rp_filter\n"
	    "net.* = 9\n");
	/* reassigning the first glob moves it after the second one */
	put(root, "etc/sysctl.d/20-again.conf", "net.ipv4.conf.e*.rp_filter = 4\n");

	static const char *const keys[] = {
		"net.ipv4.conf.all.rp_filter", "net.ipv4.conf.default.rp_filter",
		"net.ipv4.conf.lo.rp_filter",  "net.ipv4.conf.eth0.rp_filter",
		"net.ipv4.ip_forward",         NULL,
	};
	struct host h;
	struct facts f;
	probe(root, keys, &h, &f);
	assert_persisted(&f, "net.ipv4.conf.all.rp_filter", "1", "/etc/sysctl.d/05-explicit.conf",
			 1);
	assert_persisted(&f, "net.ipv4.conf.default.rp_filter", "2", "/etc/sysctl.d/10-glob.conf",
			 2);
	assert_persisted(&f, "net.ipv4.conf.lo.rp_filter", NULL, NULL, 0);
	assert_persisted(&f, "net.ipv4.conf.eth0.rp_filter", "4", "/etc/sysctl.d/20-again.conf", 1);
	/* '*' does not cross a separator, as glob(3) on /proc/sys */
	assert_persisted(&f, "net.ipv4.ip_forward", NULL, NULL, 0);
	assert_int_equal(f.sysctl.problems.n, 0);
	facts_release(&f);
	host_close(&h);
	remove_root(root);
}

static void test_live(void **state)
{
	(void)state;
	char *root = make_root();
	put(root, "proc/sys/net/ipv4/ip_forward", "1\n");
	put(root, "proc/sys/kernel/printk", "4\t4\t1\t7\n");
	put(root, "proc/sys/net/ipv4/conf/eth0.100/rp_filter", "2\n");
	put(root, "etc/sysctl.d/90-x.conf", "net.ipv4.ip_forward = 0\n");
	/* a key trying to climb out of proc/sys */
	put(root, "etc/passwd", "root:x:0:0::/root:/bin/sh\n");

	static const char *const keys[] = {
		"net.ipv4.ip_forward", "kernel.printk", "kernel.no_such_key",
		"net.ipv4.conf.eth0/100.rp_filter", "kernel/../../../etc/passwd", NULL,
	};
	struct host h;
	struct facts f;
	probe(root, keys, &h, &f);
	assert_int_equal(f.sysctl.live_root.state, FACT_OK);

	const struct sysctl_fact *s = get(&f, "net.ipv4.ip_forward");
	assert_int_equal(s->live.state, FACT_OK);
	assert_string_equal(s->live.source, "/proc/sys/net/ipv4/ip_forward");
	assert_string_equal(s->live_value, "1");
	assert_string_equal(s->persisted_value, "0");

	s = get(&f, "kernel.printk");
	assert_int_equal(s->live.state, FACT_OK);
	assert_string_equal(s->live_value, "4 4 1 7");
	assert_null(s->persisted_value);

	s = get(&f, "kernel.no_such_key");
	assert_int_equal(s->live.state, FACT_ABSENT);
	assert_null(s->live_value);

	s = get(&f, "net.ipv4.conf.eth0/100.rp_filter");
	assert_int_equal(s->live.state, FACT_OK);
	assert_string_equal(s->live_value, "2");

	s = get(&f, "kernel/../../../etc/passwd");
	assert_int_equal(s->live.state, FACT_INVALID);
	assert_int_equal(s->live.err, EINVAL);
	assert_null(s->live_value);

	facts_release(&f);
	host_close(&h);
	remove_root(root);
}

static void test_no_escape(void **state)
{
	(void)state;
	char *root = make_root();
	char *outside = make_root();
	put(outside, "outside.conf", "net.ipv4.ip_forward = 1\n");
	/* an absolute link is resolved inside the root, where it does not exist */
	_cleanup_free_ char *target = xasprintf("%s/outside.conf", outside);
	put_link(root, "etc/sysctl.d/50-escape.conf", target);
	put_link(root, "etc/sysctl.d/60-escape.conf", "../../../../../../../../outside.conf");

	static const char *const keys[] = {"net.ipv4.ip_forward", NULL};
	struct host h;
	struct facts f;
	probe(root, keys, &h, &f);
	assert_persisted(&f, "net.ipv4.ip_forward", NULL, NULL, 0);
	assert_int_equal(strv_length(f.sysctl.files_read), 0);
	/* dangling inside the root: said, not silently dropped */
	assert_int_equal(f.sysctl.problems.n, 2);
	assert_string_equal(f.sysctl.problems.items[0].file, "/etc/sysctl.d/50-escape.conf");
	assert_string_equal(f.sysctl.problems.items[0].message,
			    "not read: No such file or directory");
	facts_release(&f);
	host_close(&h);
	remove_root(root);
	remove_root(outside);
}

static void test_nothing_requested(void **state)
{
	(void)state;
	char *root = make_root();
	put(root, "etc/sysctl.d/90-x.conf", "garbage\n");
	static const char *const keys[] = {NULL};
	struct host h;
	struct facts f;
	probe(root, keys, &h, &f);
	assert_int_equal(f.sysctl.n, 0);
	assert_int_equal(f.sysctl.live_root.state, FACT_ABSENT);
	facts_release(&f);
	host_close(&h);
	remove_root(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_dev_null_masks),
		cmocka_unit_test(test_globs),
		cmocka_unit_test(test_live),
		cmocka_unit_test(test_no_escape),
		cmocka_unit_test(test_nothing_requested),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
