/* test-probe-accounts.c: the accounts probe on fixture roots built in a temp dir.
 *
 * Covers passwd and group as glibc parses them (hostile lines: missing fields, non-numeric,
 * padded and oversized ids, NIS compat entries, comments, blank lines, CRLF, huge lines), each
 * entry's line number, group members and users whose primary group it is, subuid/subgid ranges with
 * malformed lines counted in the status reason, absent files, and files that cannot be read
 * (a directory, a FIFO, a NUL byte). */
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

extern const struct probe probe_accounts;

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

static void put_bytes(const char *root, const char *rel, const char *content, size_t len)
{
	_cleanup_free_ char *path = xasprintf("%s/%s", root, rel);
	mkdir_parents(path);
	FILE *f = fopen(path, "we");
	assert_non_null(f);
	assert_int_equal(fwrite(content, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void put(const char *root, const char *rel, const char *content)
{
	put_bytes(root, rel, content, strlen(content));
}

static char *make_root(void)
{
	char *t = xstrdup("/tmp/dw-test-accounts-XXXXXX");
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
	probes_run(&r->h, PROBE_ACCOUNTS, false, NULL, &r->f);
	assert_true(r->f.probed & PROBE_ACCOUNTS);
}

static void run_release(struct run *r)
{
	facts_release(&r->f);
	host_close(&r->h);
}

static void assert_status(const struct fact_status *s, enum fact_state state, int err,
			  const char *source, const char *reason)
{
	assert_string_equal(fact_state_to_string(s->state), fact_state_to_string(state));
	assert_int_equal(s->err, err);
	assert_string_equal(s->source, source);
	if (reason)
		assert_string_equal(s->reason, reason);
	else
		assert_null(s->reason);
}

static void assert_user(const struct accounts_facts *a, size_t i, const char *name, uint32_t uid,
			uint32_t gid, int line)
{
	assert_true(i < a->n_users);
	assert_string_equal(a->users[i].name, name);
	assert_int_equal(a->users[i].uid, uid);
	assert_int_equal(a->users[i].gid, gid);
	assert_int_equal(a->users[i].line, line);
}

static void assert_group(const struct accounts_facts *a, size_t i, const char *name, uint32_t gid,
			 int line, const char *members)
{
	assert_true(i < a->n_groups);
	assert_string_equal(a->groups[i].name, name);
	assert_int_equal(a->groups[i].gid, gid);
	assert_int_equal(a->groups[i].line, line);
	assert_non_null(a->groups[i].members);
	_cleanup_free_ char *joined = strv_join(a->groups[i].members, ",");
	assert_string_equal(joined, members);
}

static void assert_range(const struct subid_range *s, const char *owner, uint64_t start,
			 uint64_t count, int line)
{
	assert_string_equal(s->owner, owner);
	assert_int_equal(s->start, start);
	assert_int_equal(s->count, count);
	assert_int_equal(s->line, line);
}

/* ---- cases ---- */

static void test_typical(void **state)
{
	(void)state;
	char *root = make_root();
	put(root, "etc/passwd",
	    "root:x:0:0:root:/root:/bin/bash\n"
	    "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
	    "alice:x:1000:1000:Alice,,,:/home/alice:/bin/bash\n"
	    "dockremap:x:998:998::/home/dockremap:/bin/false\n"
	    "ci:x:1001:999:CI runner:/home/ci:/bin/sh\n");
	put(root, "etc/group",
	    "root:x:0:\n"
	    "daemon:x:1:\n"
	    "alice:x:1000:\n"
	    "dockremap:x:998:\n"
	    "docker:x:999:alice,bob\n");
	put(root, "etc/subuid", "alice:100000:65536\ndockremap:165536:65536\n");
	put(root, "etc/subgid", "alice:100000:65536\n1000:231072:65536\n");

	struct run r;
	run_probe(&r, root);
	const struct accounts_facts *a = &r.f.accounts;
	assert_status(&a->passwd, FACT_OK, 0, "/etc/passwd", NULL);
	assert_status(&a->group, FACT_OK, 0, "/etc/group", NULL);
	assert_status(&a->subuid, FACT_OK, 0, "/etc/subuid", NULL);
	assert_status(&a->subgid, FACT_OK, 0, "/etc/subgid", NULL);

	assert_int_equal(a->n_users, 5);
	assert_user(a, 0, "root", 0, 0, 1);
	assert_user(a, 1, "daemon", 1, 1, 2);
	assert_user(a, 2, "alice", 1000, 1000, 3);
	assert_user(a, 3, "dockremap", 998, 998, 4);
	assert_user(a, 4, "ci", 1001, 999, 5);

	assert_int_equal(a->n_groups, 5);
	assert_group(a, 0, "root", 0, 1, "");
	assert_group(a, 4, "docker", 999, 5, "alice,bob");

	/* the docker group: secondary members, and ci whose primary group it is */
	const struct account_group *g = accounts_find_group(a, "docker");
	assert_non_null(g);
	assert_true(strv_contains(g->members, "alice"));
	assert_true(strv_contains(g->members, "bob"));
	assert_false(strv_contains(g->members, "ci"));
	const struct account_user *ci = accounts_find_user(a, "ci");
	assert_non_null(ci);
	assert_int_equal(ci->gid, g->gid);
	assert_string_equal(accounts_group_name(a, ci->gid), "docker");
	assert_string_equal(accounts_user_name(a, 0), "root");
	assert_null(accounts_user_name(a, 4242));

	assert_int_equal(a->n_subuids, 2);
	assert_range(&a->subuids[0], "alice", 100000, 65536, 1);
	assert_range(&a->subuids[1], "dockremap", 165536, 65536, 2);
	assert_int_equal(a->n_subgids, 2);
	assert_range(&a->subgids[1], "1000", 231072, 65536, 2);

	run_release(&r);
	remove_root(root);
}

static void test_hostile_passwd(void **state)
{
	(void)state;
	char *root = make_root();
	_cleanup_free_ char *huge = xmalloc(200001);
	memset(huge, 'g', 200000);
	huge[200000] = '\0';
	_cleanup_free_ char *passwd = xasprintf(
		"# a comment line\n"                         /* 1: skipped, not malformed */
		"\n"                                         /* 2: blank */
		"root:x:0:0:root:/root:/bin/bash\n"          /* 3 */
		"nouid:x::0::/:/bin/sh\n"                    /* 4: malformed (empty uid) */
		"letters:x:abc:0::/:/bin/sh\n"               /* 5: malformed */
		"short:x:5\n"                                /* 6: malformed (no gid) */
		"   padded:x:7:7::/:/bin/sh\n"               /* 7: glibc strips leading blanks */
		"+::::::\n"                                  /* 8: NIS compat */
		"-evil:x:0:0::/:/bin/sh\n"                   /* 9: NIS compat, not uid 0 */
		"+nis\n"                                     /* 10: NIS compat */
		":x:0:0::/:/bin/sh\n"                        /* 11: no name */
		"crlf:x:12:12::/:/bin/sh\r\n"                /* 12 */
		"extra:x:13:13::/:/bin/sh:more:fields\n"     /* 13: glibc takes the rest as shell */
		"big:x:4294967296:0::/:/bin/sh\n"            /* 14: malformed, above 32 bits */
		"long:x:15:15:%s:/:/bin/sh\n"                /* 15: a 200 kB gecos */
		"spaced:x: 0:0::/:/bin/sh\n"                 /* 16: uid 0 to glibc, so to us */
		"nonl:x:17:17::/:/bin/sh",                   /* 17: no final newline */
		huge);
	put(root, "etc/passwd", passwd);

	struct run r;
	run_probe(&r, root);
	const struct accounts_facts *a = &r.f.accounts;
	assert_status(&a->passwd, FACT_OK, 0, "/etc/passwd",
		      "5 malformed lines and 3 NIS compat lines skipped");
	assert_int_equal(a->n_users, 7);
	assert_user(a, 0, "root", 0, 0, 3);
	assert_user(a, 1, "padded", 7, 7, 7);
	assert_user(a, 2, "crlf", 12, 12, 12);
	assert_user(a, 3, "extra", 13, 13, 13);
	assert_user(a, 4, "long", 15, 15, 15);
	assert_user(a, 5, "spaced", 0, 0, 16);
	assert_user(a, 6, "nonl", 17, 17, 17);
	assert_null(accounts_find_user(a, "-evil"));
	assert_null(accounts_find_user(a, "evil"));
	assert_string_equal(accounts_user_name(a, 0), "root");
	/* group absent: its own status, the passwd facts stand */
	assert_status(&a->group, FACT_ABSENT, 0, "/etc/group", "absent");
	assert_int_equal(a->n_groups, 0);

	run_release(&r);
	remove_root(root);
}

static void test_hostile_group(void **state)
{
	(void)state;
	char *root = make_root();
	put(root, "etc/group",
	    "root:x:0:\n"                         /* 1 */
	    "docker:x:999:alice,,bob, carol\n"    /* 2: empty member skipped, blank stripped */
	    "nogid:x::alice\n"                    /* 3: malformed */
	    "badgid:x:12a:alice\n"                /* 4: malformed */
	    "+:::\n"                              /* 5: NIS compat */
	    "# docker:x:0:mallory\n"              /* 6: comment */
	    "wheel:x:10\n"                        /* 7: no member field at all */
	    "docker:x:1999:mallory\n");           /* 8: a second docker group */
	put(root, "etc/passwd", "root:x:0:0:root:/root:/bin/bash\n");

	struct run r;
	run_probe(&r, root);
	const struct accounts_facts *a = &r.f.accounts;
	assert_status(&a->group, FACT_OK, 0, "/etc/group",
		      "2 malformed lines and 1 NIS compat line skipped");
	assert_int_equal(a->n_groups, 4);
	assert_group(a, 0, "root", 0, 1, "");
	assert_group(a, 1, "docker", 999, 2, "alice,bob,carol");
	assert_group(a, 2, "wheel", 10, 7, "");
	assert_group(a, 3, "docker", 1999, 8, "mallory");
	/* lookups take the first, as getgrnam() does */
	assert_int_equal(accounts_find_group(a, "docker")->gid, 999);

	run_release(&r);
	remove_root(root);
}

static void test_subids(void **state)
{
	(void)state;
	char *root = make_root();
	put(root, "etc/subuid",
	    "alice:100000:65536\n"          /* 1 */
	    "bob:100000\n"                  /* 2: malformed, two fields */
	    "carol:1:2:3\n"                 /* 3: malformed, four fields */
	    ":1:2\n"                        /* 4: malformed, no owner */
	    "dave:-1:65536\n"               /* 5: malformed, negative */
	    "erin: 1:65536\n"               /* 6: malformed, blank */
	    " frank:1:65536\n"              /* 7: malformed, blank before the owner */
	    "# comment\n"                   /* 8 */
	    "\n"                            /* 9 */
	    "gina:18446744073709551615:0\n" /* 10: UINT64_MAX */
	    "hank:1:18446744073709551616\n" /* 11: malformed, out of range */
	    "ivan:300000:65536\r\n");       /* 12: CRLF */
	put(root, "etc/subgid", "");

	struct run r;
	run_probe(&r, root);
	const struct accounts_facts *a = &r.f.accounts;
	assert_status(&a->subuid, FACT_OK, 0, "/etc/subuid", "7 malformed lines skipped");
	assert_int_equal(a->n_subuids, 3);
	assert_range(&a->subuids[0], "alice", 100000, 65536, 1);
	assert_range(&a->subuids[1], "gina", UINT64_MAX, 0, 10);
	assert_range(&a->subuids[2], "ivan", 300000, 65536, 12);
	assert_status(&a->subgid, FACT_OK, 0, "/etc/subgid", NULL);
	assert_int_equal(a->n_subgids, 0);
	assert_status(&a->passwd, FACT_ABSENT, 0, "/etc/passwd", "absent");
	assert_status(&a->group, FACT_ABSENT, 0, "/etc/group", "absent");

	run_release(&r);
	remove_root(root);
}

static void test_unreadable(void **state)
{
	(void)state;
	char *root = make_root();
	/* root ignores chmod 000: make the files unreadable by what they are instead */
	_cleanup_free_ char *dir = xasprintf("%s/etc/passwd", root);
	mkdir_parents(dir);
	assert_int_equal(mkdir(dir, 0755), 0);
	_cleanup_free_ char *fifo = xasprintf("%s/etc/group", root);
	assert_int_equal(mkfifo(fifo, 0644), 0);
	put_bytes(root, "etc/subuid", "alice:1:2\n\0evil:0:1\n", 20);
	_cleanup_free_ char *link = xasprintf("%s/etc/subgid", root);
	assert_int_equal(symlink("/../../../../etc/subgid-escape", link), 0);

	struct run r;
	run_probe(&r, root);
	const struct accounts_facts *a = &r.f.accounts;
	_cleanup_free_ char *isdir = xasprintf("unreadable: %s", strerror(EISDIR));
	assert_status(&a->passwd, FACT_UNREADABLE, EISDIR, "/etc/passwd", isdir);
	_cleanup_free_ char *badfd = xasprintf("unreadable: %s", strerror(EBADFD));
	assert_status(&a->group, FACT_UNREADABLE, EBADFD, "/etc/group", badfd);
	assert_status(&a->subuid, FACT_INVALID, EBADMSG, "/etc/subuid",
		      "invalid: contains a NUL byte");
	assert_status(&a->subgid, FACT_ABSENT, 0, "/etc/subgid", "absent");
	assert_int_equal(a->n_users, 0);
	assert_int_equal(a->n_groups, 0);
	assert_int_equal(a->n_subuids, 0);

	run_release(&r);
	remove_root(root);
}

static void test_symlinked_files(void **state)
{
	(void)state;
	char *root = make_root();
	/* /etc a link into the image, passwd a link with an absolute target: both in the root */
	put(root, "usr/etc/passwd.real", "root:x:0:0:root:/root:/bin/bash\n");
	put(root, "usr/etc/group", "docker:x:999:root\n");
	_cleanup_free_ char *etc = xasprintf("%s/etc", root);
	assert_int_equal(symlink("usr/etc", etc), 0);
	_cleanup_free_ char *pw = xasprintf("%s/usr/etc/passwd", root);
	assert_int_equal(symlink("/usr/etc/passwd.real", pw), 0);

	struct run r;
	run_probe(&r, root);
	const struct accounts_facts *a = &r.f.accounts;
	assert_status(&a->passwd, FACT_OK, 0, "/etc/passwd", NULL);
	assert_int_equal(a->n_users, 1);
	assert_user(a, 0, "root", 0, 0, 1);
	assert_group(a, 0, "docker", 999, 1, "root");

	run_release(&r);
	remove_root(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_typical),
		cmocka_unit_test(test_hostile_passwd),
		cmocka_unit_test(test_hostile_group),
		cmocka_unit_test(test_subids),
		cmocka_unit_test(test_unreadable),
		cmocka_unit_test(test_symlinked_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
