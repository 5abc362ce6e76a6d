/* test-apply-journal.c: runs, the journal, history and rollback (src/apply/run.c, journal.c,
 * rollback.c) on fake roots.
 *
 * A plan of file replacements, creations (in new directories) and attribute changes is
 * applied; the tree is checked; rollback must give back the tree as it was, entry for entry
 * (type, mode, owner, bytes), created files and directories gone. Also: a second apply
 * changes nothing (not even the journal), an empty plan writes no journal, files changed
 * since the plan (-ESTALE at apply) or after the run (-ESTALE at rollback, then --force), a
 * read-only directory and a full filesystem in the middle of a run (rolled back by itself),
 * a run killed between journaling a change and making it, damaged manifests, history order
 * and ids, the lock, -EALREADY. */
#include <errno.h>
#include <fcntl.h>
#include <regex.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "apply-test-util.h"
#include "apply.h"
#include "../../src/apply/journal-internal.h" /* journal_lock */

#define NOW 1795446301 /* 2026-11-23T15:05:01Z */
#define EXCLUDE "/var/lib/dockward"

struct fixture {
	char *tmp;
	char *root;
	struct host h;
	bool mounted, mounted2;
	char *mount2;
	int sock;
};

static void populate(const char *root)
{
	t_put(root, "etc/docker/daemon.json", "{\n  \"icc\": true\n}\n", 18, 0644, 0, 0);
	t_put(root, "etc/group", "root:x:0:\ndocker:x:999:alice,bob\n", 33, 0644, 0, 0);
	t_put(root, "etc/docker/key.pem", "KEY\n", 4, 0644, 0, 0);
	t_put(root, "etc/default/docker", "DOCKER_OPTS=\"--icc=true\"\n", 25, 0640, 0, 4);
	t_mkdirs_at(root, "var/lib");
	t_mkdirs_at(root, "var/run");
}

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	char tmpl[] = "/tmp/dw-apply-journal-XXXXXX";
	assert_non_null(mkdtemp(tmpl));
	f->tmp = xstrdup(tmpl);
	f->root = xasprintf("%s/root", f->tmp);
	f->sock = -1;
	assert_int_equal(mkdir(f->root, 0755), 0);
	populate(f->root);
	assert_int_equal(host_open(&f->h, f->root), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	host_close(&f->h);
	if (f->sock >= 0)
		close(f->sock);
	if (f->mounted2)
		(void)umount2(f->mount2, MNT_DETACH);
	if (f->mounted)
		(void)umount2(f->root, MNT_DETACH);
	t_rm_rf(f->tmp);
	free(f->mount2);
	free(f->tmp);
	free(f->root);
	free(f);
	return 0;
}

/* A CHANGE_FILE writing `content` to path, planned from what is there now. */
static struct change *plan_file(struct fixture *f, struct plan *p, const char *path,
				const char *content, int64_t mode, int64_t uid, int64_t gid)
{
	struct change *c = plan_add_change(p, CHANGE_FILE);
	c->path = xstrdup(path);
	c->summary = xasprintf("write %s", path);
	change_add_rule(c, "DW-TEST-1");
	size_t len = 0;
	c->old_content = t_read(f->root, path + 1, &len);
	if (c->old_content) {
		struct stat st;
		assert_int_equal(t_lstat(f->root, path + 1, &st), 0);
		c->old_exists = true;
		c->old_len = len;
		c->old_mode = st.st_mode & 07777;
		c->old_uid = st.st_uid;
		c->old_gid = st.st_gid;
		sha256_hex(c->old_content, len, c->old_sha256);
	}
	c->new_content = xstrdup(content);
	c->new_len = strlen(content);
	c->set_mode = mode;
	c->set_uid = uid;
	c->set_gid = gid;
	return c;
}

static struct change *plan_attr(struct plan *p, const char *path, int64_t mode, int64_t uid,
				int64_t gid)
{
	struct change *c = plan_add_change(p, CHANGE_ATTR);
	c->path = xstrdup(path);
	c->summary = xasprintf("chmod/chown %s", path);
	change_add_rule(c, "DW-TEST-2");
	c->set_mode = mode;
	c->set_uid = uid;
	c->set_gid = gid;
	return c;
}

static const struct apply_options opts = {.live = false, .now = NOW, .user = "tester"};

/* The plan most tests use: two replacements (one with a new mode and group), two creations
 * in new directories, two attribute changes (a file and a socket), a live sysctl (skipped:
 * not live). */
static void build_plan(struct fixture *f, struct plan *p)
{
	plan_init(p);
	struct change *c =
		plan_file(f, p, "/etc/docker/daemon.json",
			  "{\n  \"icc\": false,\n  \"log-level\": \"info\"\n}\n", -1, -1, -1);
	c->daemon_config = true;
	p->restart = true;
	plan_file(f, p, "/etc/group", "root:x:0:\ndocker:x:999:alice\n", 0640, -1, 42);
	plan_file(f, p, "/etc/sysctl.d/90-dockward.conf", "net.ipv4.ip_forward = 0\n", -1, -1, -1);
	plan_file(f, p, "/etc/audit/rules.d/dockward/docker.rules",
		  "-w /usr/bin/dockerd -k docker\n", 0600, -1, -1);
	plan_attr(p, "/etc/docker/key.pem", 0400, -1, -1);
	plan_attr(p, "/var/run/docker.sock", 0660, 0, 999);
	struct change *s = plan_add_change(p, CHANGE_SYSCTL);
	s->path = xstrdup("net.ipv4.ip_forward");
	s->value = xstrdup("0");
}

static void make_socket(struct fixture *f)
{
	_cleanup_free_ char *sock = xasprintf("%s/var/run/docker.sock", f->root);
	f->sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(f->sock >= 0);
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	assert_true(strlen(sock) < sizeof(sa.sun_path));
	memcpy(sa.sun_path, sock, strlen(sock) + 1);
	assert_int_equal(bind(f->sock, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(chmod(sock, 0666), 0);
}

static void assert_file(struct fixture *f, const char *rel, const char *content, mode_t mode,
			uid_t uid, gid_t gid)
{
	_cleanup_free_ char *got = t_read(f->root, rel, NULL);
	assert_non_null(got);
	assert_string_equal(got, content);
	struct stat st;
	assert_int_equal(t_lstat(f->root, rel, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, mode);
	assert_int_equal(st.st_uid, uid);
	assert_int_equal(st.st_gid, gid);
}

static void test_apply_and_rollback(void **state)
{
	struct fixture *f = *state;
	make_socket(f);
	_cleanup_free_ char *before = t_snapshot(f->root, EXCLUDE);
	struct plan p;
	build_plan(f, &p);

	_cleanup_free_ char *id = NULL, *err = NULL;
	assert_int_equal(apply_plan(&f->h, &p, &opts, &id, &err), 0);
	assert_null(err);
	assert_non_null(id);
	regex_t re;
	assert_int_equal(regcomp(&re, "^[0-9]{8}T[0-9]{6}Z-[0-9]+$", REG_EXTENDED | REG_NOSUB), 0);
	assert_int_equal(regexec(&re, id, 0, NULL, 0), 0);
	regfree(&re);
	assert_true(startswith(id, "20261123T150501Z-"));

	assert_file(f, "etc/docker/daemon.json",
		    "{\n  \"icc\": false,\n  \"log-level\": \"info\"\n}\n", 0644, 0, 0);
	assert_file(f, "etc/group", "root:x:0:\ndocker:x:999:alice\n", 0640, 0, 42);
	assert_file(f, "etc/sysctl.d/90-dockward.conf", "net.ipv4.ip_forward = 0\n", 0644, 0, 0);
	assert_file(f, "etc/audit/rules.d/dockward/docker.rules", "-w /usr/bin/dockerd -k docker\n",
		    0600, 0, 0);
	struct stat st;
	assert_int_equal(t_lstat(f->root, "etc/docker/key.pem", &st), 0);
	assert_int_equal(st.st_mode & 07777, 0400);
	assert_int_equal(t_lstat(f->root, "var/run/docker.sock", &st), 0);
	assert_int_equal(st.st_mode & 07777, 0660);
	assert_int_equal(st.st_gid, 999);
	assert_int_equal(t_lstat(f->root, "etc/audit/rules.d", &st), 0);
	assert_int_equal(st.st_mode & 07777, 0755);

	/* the journal: private, one run, every change but the (not live) sysctl */
	assert_int_equal(t_lstat(f->root, "var/lib/dockward/journal", &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);
	_cleanup_free_ char *manifest = xasprintf("var/lib/dockward/journal/%s/manifest.json", id);
	assert_int_equal(t_lstat(f->root, manifest, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	_cleanup_free_ char *text = t_read(f->root, manifest, NULL);
	assert_non_null(strstr(text, "\"schema\": \"dockward-journal/1\""));
	_cleanup_free_ char *backup = xasprintf("var/lib/dockward/journal/%s/files/0001", id);
	_cleanup_free_ char *saved = t_read(f->root, backup, NULL);
	assert_string_equal(saved, "{\n  \"icc\": true\n}\n");

	struct run_record *runs = NULL;
	size_t n = 0;
	assert_int_equal(journal_list(&f->h, &runs, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(runs[0].id, id);
	assert_int_equal(runs[0].state, RUN_APPLIED);
	assert_string_equal(run_state_to_string(runs[0].state), "applied");
	assert_int_equal(runs[0].started, NOW);
	assert_int_equal(runs[0].finished, NOW);
	assert_string_equal(runs[0].user, "tester");
	assert_string_equal(runs[0].root, f->h.root);
	assert_true(runs[0].restart);
	assert_int_equal(runs[0].n_entries, 6);
	const struct run_entry *e = &runs[0].entries[0];
	assert_int_equal(e->kind, CHANGE_FILE);
	assert_string_equal(e->path, "/etc/docker/daemon.json");
	assert_true(e->existed);
	assert_true(e->daemon_config);
	assert_string_equal(e->rule_ids[0], "DW-TEST-1");
	assert_int_equal(e->mode, 0644);
	assert_string_equal(e->backup, "files/0001");
	char sha[65];
	sha256_hex("{\n  \"icc\": true\n}\n", 18, sha);
	assert_string_equal(e->sha256_before, sha);
	e = &runs[0].entries[3];
	assert_false(e->existed);
	assert_null(e->backup);
	assert_int_equal(strv_length(e->dirs_created), 3);
	assert_string_equal(e->dirs_created[0], "/etc/audit");
	e = &runs[0].entries[5];
	assert_int_equal(e->kind, CHANGE_ATTR);
	assert_int_equal(e->mode, 0666);
	for (size_t i = 0; i < n; i++)
		run_record_release(&runs[i]);
	free(runs);

	_cleanup_free_ char *last = NULL;
	assert_int_equal(journal_last_id(&f->h, &last), 0);
	assert_string_equal(last, id);

	/* rollback: the tree as it was, byte for byte, owner and mode */
	bool restart = false;
	_cleanup_free_ char *rb_err = NULL;
	struct rollback_options ro = {0};
	assert_int_equal(rollback_run(&f->h, id, &ro, &restart, &rb_err), 0);
	assert_true(restart);
	_cleanup_free_ char *after = t_snapshot(f->root, EXCLUDE);
	t_snapshot_diff(before, after);
	assert_string_equal(before, after);

	struct run_record rec;
	assert_int_equal(journal_load(&f->h, id, &rec), 0);
	assert_int_equal(rec.state, RUN_ROLLED_BACK);
	run_record_release(&rec);
	char *none = NULL;
	assert_int_equal(journal_last_id(&f->h, &none), -ENOENT);
	_cleanup_free_ char *again_err = NULL;
	assert_int_equal(rollback_run(&f->h, id, &ro, &restart, &again_err), -EALREADY);
	assert_non_null(strstr(again_err, "already rolled back"));
	plan_release(&p);
}

static void test_second_apply_changes_nothing(void **state)
{
	struct fixture *f = *state;
	make_socket(f);
	struct plan p;
	build_plan(f, &p);
	_cleanup_free_ char *id = NULL, *err = NULL;
	assert_int_equal(apply_plan(&f->h, &p, &opts, &id, &err), 0);
	_cleanup_free_ char *snap = t_snapshot(f->root, NULL); /* journal included */
	usleep(20000);

	/* the same plan again, and a plan made afresh from the new state */
	_cleanup_free_ char *id2 = NULL, *err2 = NULL;
	assert_int_equal(apply_plan(&f->h, &p, &opts, &id2, &err2), 0);
	assert_null(id2);
	struct plan p2;
	build_plan(f, &p2);
	_cleanup_free_ char *id3 = NULL, *err3 = NULL;
	assert_int_equal(apply_plan(&f->h, &p2, &opts, &id3, &err3), 0);
	assert_null(id3);
	_cleanup_free_ char *after = t_snapshot(f->root, NULL);
	assert_string_equal(snap, after);
	struct stat st1, st2;
	_cleanup_free_ char *path = xasprintf("%s/etc/group", f->root);
	assert_int_equal(stat(path, &st1), 0);
	assert_int_equal(apply_plan(&f->h, &p2, &opts, &id3, &err3), 0);
	assert_int_equal(stat(path, &st2), 0);
	assert_int_equal(st1.st_mtim.tv_nsec, st2.st_mtim.tv_nsec);
	assert_int_equal(st1.st_ino, st2.st_ino);
	plan_release(&p);
	plan_release(&p2);
}

static void test_empty_plan(void **state)
{
	struct fixture *f = *state;
	struct plan p;
	plan_init(&p);
	/* live-only changes on a fake root are not carried out: nothing to do either */
	struct change *s = plan_add_change(&p, CHANGE_SYSCTL);
	s->path = xstrdup("net.ipv4.ip_forward");
	s->value = xstrdup("0");
	struct change *c = plan_add_change(&p, CHANGE_COMMAND);
	strv_extend(&c->argv, "/bin/false");
	c->path = xstrdup("/bin/false");
	_cleanup_free_ char *id = NULL, *err = NULL;
	assert_int_equal(apply_plan(&f->h, &p, &opts, &id, &err), 0);
	assert_null(id);
	assert_null(err);
	struct stat st;
	assert_int_equal(t_lstat(f->root, "var/lib/dockward", &st), -ENOENT);
	struct run_record *runs = NULL;
	size_t n = 1;
	assert_int_equal(journal_list(&f->h, &runs, &n), 0);
	assert_int_equal(n, 0);
	plan_release(&p);
}

static void test_stale_at_apply(void **state)
{
	struct fixture *f = *state;
	make_socket(f);
	struct plan p;
	build_plan(f, &p);
	/* someone edits a file that comes second in the plan, after planning */
	t_put(f->root, "etc/group", "root:x:0:\n", 10, 0644, 0, 0);
	_cleanup_free_ char *before = t_snapshot(f->root, EXCLUDE);
	_cleanup_free_ char *id = NULL, *err = NULL;
	assert_int_equal(apply_plan(&f->h, &p, &opts, &id, &err), -ESTALE);
	assert_non_null(err);
	assert_string_equal(err, "/etc/group: changed since the plan");
	assert_non_null(id); /* the journal existed: the first change was made, then undone */
	_cleanup_free_ char *after = t_snapshot(f->root, EXCLUDE);
	t_snapshot_diff(before, after);
	assert_string_equal(before, after);
	struct run_record rec;
	assert_int_equal(journal_load(&f->h, id, &rec), 0);
	assert_int_equal(rec.state, RUN_ROLLED_BACK);
	assert_non_null(strstr(rec.note, "apply failed: /etc/group: changed since the plan"));
	assert_int_equal(rec.n_entries, 1);
	run_record_release(&rec);
	plan_release(&p);
}

static void test_rollback_refuses_changed_file(void **state)
{
	struct fixture *f = *state;
	make_socket(f);
	_cleanup_free_ char *before = t_snapshot(f->root, EXCLUDE);
	struct plan p;
	build_plan(f, &p);
	_cleanup_free_ char *id = NULL, *err = NULL;
	assert_int_equal(apply_plan(&f->h, &p, &opts, &id, &err), 0);
	_cleanup_free_ char *applied = t_snapshot(f->root, EXCLUDE);
	/* the admin edits a file the run wrote */
	t_put(f->root, "etc/sysctl.d/90-dockward.conf", "# mine\n", 7, 0644, 0, 0);
	_cleanup_free_ char *edited = t_snapshot(f->root, EXCLUDE);
	bool restart = false;
	_cleanup_free_ char *rb_err = NULL;
	struct rollback_options ro = {0};
	assert_int_equal(rollback_run(&f->h, id, &ro, &restart, &rb_err), -ESTALE);
	assert_non_null(strstr(rb_err, "/etc/sysctl.d/90-dockward.conf: changed after run"));
	_cleanup_free_ char *still = t_snapshot(f->root, EXCLUDE);
	assert_string_equal(edited, still); /* nothing restored */
	struct run_record rec;
	assert_int_equal(journal_load(&f->h, id, &rec), 0);
	assert_int_equal(rec.state, RUN_APPLIED);
	run_record_release(&rec);
	/* --force */
	ro.force = true;
	_cleanup_free_ char *rb_err2 = NULL;
	assert_int_equal(rollback_run(&f->h, id, &ro, &restart, &rb_err2), 0);
	_cleanup_free_ char *after = t_snapshot(f->root, EXCLUDE);
	t_snapshot_diff(before, after);
	assert_string_equal(before, after);
	(void)applied;
	plan_release(&p);
}

static void test_readonly_mid_run(void **state)
{
	struct fixture *f = *state;
	t_puts(f->root, "etc/ro/c.conf", "old c\n");
	f->mount2 = xasprintf("%s/etc/ro", f->root);
	if (mount(f->mount2, f->mount2, NULL, MS_BIND, NULL) < 0) {
		print_message("skipped: bind mount: %s\n", strerror(errno));
		skip();
	}
	f->mounted2 = true;
	assert_int_equal(mount(NULL, f->mount2, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL), 0);
	_cleanup_free_ char *before = t_snapshot(f->root, EXCLUDE);
	struct plan p;
	plan_init(&p);
	plan_file(f, &p, "/etc/group", "changed\n", -1, -1, -1);
	plan_file(f, &p, "/etc/new.d/b.conf", "new b\n", -1, -1, -1);
	plan_file(f, &p, "/etc/ro/c.conf", "new c\n", -1, -1, -1);
	plan_file(f, &p, "/etc/docker/daemon.json", "{}\n", -1, -1, -1);
	_cleanup_free_ char *id = NULL, *err = NULL;
	assert_int_equal(apply_plan(&f->h, &p, &opts, &id, &err), -EROFS);
	assert_string_equal(err, "/etc/ro/c.conf: cannot write: Read-only file system");
	_cleanup_free_ char *after = t_snapshot(f->root, EXCLUDE);
	t_snapshot_diff(before, after);
	assert_string_equal(before, after);
	assert_int_equal(t_count_names(f->root, "etc/ro", ".dockward-"), 0);
	struct run_record rec;
	assert_int_equal(journal_load(&f->h, id, &rec), 0);
	assert_int_equal(rec.state, RUN_ROLLED_BACK);
	assert_non_null(strstr(rec.note, "Read-only file system"));
	run_record_release(&rec);
	plan_release(&p);
}

static void test_enospc_mid_run(void **state)
{
	struct fixture *f = *state;
	host_close(&f->h);
	if (mount("tmpfs", f->root, "tmpfs", 0, "size=64k,mode=0755") < 0) {
		print_message("skipped: mount tmpfs: %s\n", strerror(errno));
		skip();
	}
	f->mounted = true;
	populate(f->root);
	assert_int_equal(host_open(&f->h, f->root), 0);
	_cleanup_free_ char *before = t_snapshot(f->root, EXCLUDE);
	size_t big = 200 * 1024;
	_cleanup_free_ char *data = xmalloc(big + 1);
	memset(data, 'y', big);
	data[big] = '\0';
	struct plan p;
	plan_init(&p);
	plan_file(f, &p, "/etc/group", "changed\n", -1, -1, -1);
	plan_file(f, &p, "/etc/docker/daemon.json", data, -1, -1, -1);
	_cleanup_free_ char *id = NULL, *err = NULL;
	assert_int_equal(apply_plan(&f->h, &p, &opts, &id, &err), -ENOSPC);
	assert_string_equal(err, "/etc/docker/daemon.json: cannot write: No space left on device");
	_cleanup_free_ char *after = t_snapshot(f->root, EXCLUDE);
	t_snapshot_diff(before, after);
	assert_string_equal(before, after);
	assert_int_equal(t_count_names(f->root, "etc/docker", ".dockward-"), 0);
	assert_int_equal(t_count_names(f->root, "etc", ".dockward-"), 0);
	struct run_record rec;
	assert_int_equal(journal_load(&f->h, id, &rec), 0);
	assert_int_equal(rec.state, RUN_ROLLED_BACK);
	run_record_release(&rec);
	plan_release(&p);
}

/* Rollback on a full disk: the atomic write of the original needs room for a temp file; the
 * saved copy is linked back instead. */
static void test_rollback_on_full_disk(void **state)
{
	struct fixture *f = *state;
	host_close(&f->h);
	if (mount("tmpfs", f->root, "tmpfs", 0, "size=128k,mode=0755") < 0) {
		print_message("skipped: mount tmpfs: %s\n", strerror(errno));
		skip();
	}
	f->mounted = true;
	populate(f->root);
	assert_int_equal(host_open(&f->h, f->root), 0);
	_cleanup_free_ char *before = t_snapshot(f->root, EXCLUDE);
	struct plan p;
	plan_init(&p);
	/* the creation first: removing it (last) would free room for the others */
	plan_file(f, &p, "/etc/new.conf", "new\n", -1, -1, -1);
	plan_file(f, &p, "/etc/group", "root:x:0:\ndocker:x:999:\n", -1, -1, -1);
	plan_file(f, &p, "/etc/docker/daemon.json", "{ \"icc\": false }\n", 0600, -1, -1);
	_cleanup_free_ char *id = NULL, *err = NULL;
	assert_int_equal(apply_plan(&f->h, &p, &opts, &id, &err), 0);
	/* fill the filesystem to the last byte */
	_cleanup_free_ char *filler = xasprintf("%s/var/filler", f->root);
	int fd = open(filler, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	char buf[512];
	memset(buf, 'f', sizeof(buf));
	while (write(fd, buf, sizeof(buf)) > 0)
		;
	while (write(fd, buf, 1) > 0)
		;
	close(fd);
	assert_int_equal(apply_write_file(&f->h, "/etc/probe", "x", 1, 0644, 0, 0, "", false, NULL),
			 -ENOSPC);

	bool restart = false;
	_cleanup_free_ char *rb_err = NULL;
	struct rollback_options ro = {0};
	int r = rollback_run(&f->h, id, &ro, &restart, &rb_err);
	if (r < 0)
		print_message("rollback: %s\n", rb_err);
	assert_int_equal(unlink(filler), 0);
	_cleanup_free_ char *after = t_snapshot(f->root, EXCLUDE);
	t_snapshot_diff(before, after);
	assert_string_equal(before, after);
	assert_int_equal(t_count_names(f->root, "etc", ".dockward-"), 0);
	/* the restored files do not share their inode with the journal */
	struct stat st;
	assert_int_equal(t_lstat(f->root, "etc/group", &st), 0);
	assert_int_equal(st.st_nlink, 1);
	/* the manifest could only be saved if there was room; the files are what count */
	(void)r;
	plan_release(&p);
}

/* Killed after the manifest listed a change but before it was made: the entry's file is still
 * the original; rollback leaves it and restores the rest. Simulated by undoing the last write
 * by hand and setting the state back to "applying". */
static void test_killed_between_journal_and_change(void **state)
{
	struct fixture *f = *state;
	_cleanup_free_ char *before = t_snapshot(f->root, EXCLUDE);
	struct plan p;
	plan_init(&p);
	plan_file(f, &p, "/etc/group", "changed\n", -1, -1, -1);
	plan_file(f, &p, "/etc/docker/daemon.json", "{}\n", -1, -1, -1);
	plan_file(f, &p, "/etc/new/file", "new\n", -1, -1, -1);
	_cleanup_free_ char *id = NULL, *err = NULL;
	assert_int_equal(apply_plan(&f->h, &p, &opts, &id, &err), 0);
	/* a temp file of the interrupted write, the last file never created, the run unfinished */
	t_puts(f->root, "etc/new/.file.dockward-AbC123", "ne");
	_cleanup_free_ char *nf = xasprintf("%s/etc/new/file", f->root);
	assert_int_equal(unlink(nf), 0);
	_cleanup_free_ char *mpath = xasprintf("var/lib/dockward/journal/%s/manifest.json", id);
	_cleanup_free_ char *m = t_read(f->root, mpath, NULL);
	char *s = strstr(m, "\"applied\"");
	assert_non_null(s);
	_cleanup_free_ char *m2 = xasprintf("%.*s\"applying\"%s", (int)(s - m), m, s + 9);
	t_put(f->root, mpath, m2, strlen(m2), 0600, 0, 0);
	struct run_record rec;
	assert_int_equal(journal_load(&f->h, id, &rec), 0);
	assert_int_equal(rec.state, RUN_APPLYING);
	run_record_release(&rec);

	_cleanup_free_ char *last = NULL;
	assert_int_equal(journal_last_id(&f->h, &last), 0);
	bool restart = true;
	_cleanup_free_ char *rb_err = NULL;
	struct rollback_options ro = {0};
	assert_int_equal(rollback_run(&f->h, last, &ro, &restart, &rb_err), 0);
	assert_false(restart);
	_cleanup_free_ char *after = t_snapshot(f->root, EXCLUDE);
	t_snapshot_diff(before, after);
	assert_string_equal(before, after);
	plan_release(&p);
}

static void test_damaged_manifest(void **state)
{
	struct fixture *f = *state;
	struct plan p;
	plan_init(&p);
	plan_file(f, &p, "/etc/group", "changed\n", -1, -1, -1);
	_cleanup_free_ char *id = NULL, *err = NULL;
	assert_int_equal(apply_plan(&f->h, &p, &opts, &id, &err), 0);
	/* a newer run with garbage for a manifest, one without any, one with a hostile backup */
	t_puts(f->root, "var/lib/dockward/journal/20300101T000000Z-1/manifest.json",
	       "{\"schema\":");
	t_mkdirs_at(f->root, "var/lib/dockward/journal/20300101T000000Z-2/files");
	_cleanup_free_ char *mpath = xasprintf("var/lib/dockward/journal/%s/manifest.json", id);
	_cleanup_free_ char *m = t_read(f->root, mpath, NULL);
	char *s = strstr(m, "files/0001");
	assert_non_null(s);
	_cleanup_free_ char *m2 =
		xasprintf("%.*s../../../../../etc/shadow%s", (int)(s - m), m, s + 10);
	_cleanup_free_ char *m2path =
		xasprintf("var/lib/dockward/journal/20300101T000000Z-3/manifest.json");
	/* the id inside must match the directory: rewrite it too */
	char *idp = strstr(m2, id);
	assert_non_null(idp);
	_cleanup_free_ char *m3 =
		xasprintf("%.*s20300101T000000Z-3%s", (int)(idp - m2), m2, idp + strlen(id));
	t_put(f->root, m2path, m3, strlen(m3), 0600, 0, 0);

	struct run_record *runs = NULL;
	size_t n = 0;
	assert_int_equal(journal_list(&f->h, &runs, &n), 0);
	assert_int_equal(n, 4);
	assert_string_equal(runs[0].id, id);
	assert_int_equal(runs[0].state, RUN_APPLIED);
	for (size_t i = 1; i < 4; i++) {
		assert_non_null(runs[i].note);
		assert_true(startswith(runs[i].note, "damaged manifest"));
	}
	for (size_t i = 0; i < n; i++)
		run_record_release(&runs[i]);
	free(runs);
	struct run_record rec;
	assert_int_equal(journal_load(&f->h, "20300101T000000Z-1", &rec), -EBADMSG);
	assert_int_equal(journal_load(&f->h, "20300101T000000Z-2", &rec), -EBADMSG);
	assert_int_equal(journal_load(&f->h, "20300101T000000Z-3", &rec), -EBADMSG);
	assert_int_equal(journal_load(&f->h, "20300101T000000Z-9", &rec), -ENOENT);
	assert_int_equal(journal_load(&f->h, "../../etc", &rec), -EINVAL);
	_cleanup_free_ char *last = NULL;
	assert_int_equal(journal_last_id(&f->h, &last), 0);
	assert_string_equal(last, id); /* damaged runs are never the default */
	bool restart;
	_cleanup_free_ char *rb_err = NULL;
	struct rollback_options ro = {0};
	assert_int_equal(rollback_run(&f->h, "20300101T000000Z-1", &ro, &restart, &rb_err),
			 -EBADMSG);
	assert_non_null(strstr(rb_err, "damaged"));
	plan_release(&p);
}

static void test_history_order_and_lock(void **state)
{
	struct fixture *f = *state;
	const char *contents[] = {"one\n", "two\n", "three\n"};
	const int64_t times[] = {NOW, NOW + 3600, NOW + 3600};
	char *ids[3] = {0};
	/* the staging directory of a run killed while being created: ignored, then cleaned up */
	t_puts(f->root, "var/lib/dockward/journal/.new-20200101T000000Z-1/files/0001", "x");
	t_puts(f->root, "var/lib/dockward/journal/.new-20200101T000000Z-1/manifest.json", "{");
	struct run_record *none = NULL;
	size_t n_none = 1;
	assert_int_equal(journal_list(&f->h, &none, &n_none), 0);
	assert_int_equal(n_none, 0);
	for (size_t i = 0; i < 3; i++) {
		struct plan p;
		plan_init(&p);
		plan_file(f, &p, "/etc/group", contents[i], -1, -1, -1);
		struct apply_options o = {.now = times[i], .user = "tester"};
		_cleanup_free_ char *err = NULL;
		assert_int_equal(apply_plan(&f->h, &p, &o, &ids[i], &err), 0);
		plan_release(&p);
	}
	struct stat st;
	assert_int_equal(t_lstat(f->root, "var/lib/dockward/journal/.new-20200101T000000Z-1", &st),
			 -ENOENT);
	/* the same second and pid: a counter */
	_cleanup_free_ char *third = xasprintf("%s-2", ids[1]);
	assert_string_equal(ids[2], third);
	struct run_record *runs = NULL;
	size_t n = 0;
	assert_int_equal(journal_list(&f->h, &runs, &n), 0);
	assert_int_equal(n, 3);
	for (size_t i = 0; i < 3; i++)
		assert_string_equal(runs[i].id, ids[i]);
	for (size_t i = 0; i < n; i++)
		run_record_release(&runs[i]);
	free(runs);

	/* rolling back the newest makes the one before the default */
	bool restart;
	_cleanup_free_ char *rb_err = NULL;
	struct rollback_options ro = {0};
	assert_int_equal(rollback_run(&f->h, ids[2], &ro, &restart, &rb_err), 0);
	_cleanup_free_ char *got = t_read(f->root, "etc/group", NULL);
	assert_string_equal(got, "two\n");
	_cleanup_free_ char *last = NULL;
	assert_int_equal(journal_last_id(&f->h, &last), 0);
	assert_string_equal(last, ids[1]);

	/* another run holds the lock */
	int lock = -1;
	assert_int_equal(journal_lock(&f->h, &lock), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct plan p;
		plan_init(&p);
		plan_file(f, &p, "/etc/group", "four\n", -1, -1, -1);
		struct host h2;
		char *id = NULL, *err = NULL;
		if (host_open(&h2, f->root) < 0)
			_exit(10);
		int r = apply_plan(&h2, &p, &opts, &id, &err);
		_exit(r == -EBUSY && id == NULL && err && strstr(err, "in progress") ? 0 : 1);
	}
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	close(lock);
	for (size_t i = 0; i < 3; i++)
		free(ids[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_apply_and_rollback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_second_apply_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_plan, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale_at_apply, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rollback_refuses_changed_file, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_readonly_mid_run, setup, teardown),
		cmocka_unit_test_setup_teardown(test_enospc_mid_run, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rollback_on_full_disk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_killed_between_journal_and_change, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_damaged_manifest, setup, teardown),
		cmocka_unit_test_setup_teardown(test_history_order_and_lock, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
