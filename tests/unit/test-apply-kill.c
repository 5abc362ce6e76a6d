/* test-apply-kill.c: kill -9 of an apply at random instants (src/apply/).
 *
 * Each trial makes a fake root, plans ~30 file changes (replacements and creations, some in
 * directories that do not exist yet, sizes up to 256 KiB, new modes and owners) and two
 * attribute changes, forks a child that applies the plan and SIGKILLs it after a random delay
 * between 0 and the time a whole run takes. Then: every target must be exactly its old bytes
 * (or absent) or exactly its new bytes with the new mode and owner, never anything else; and
 * the journal must take the tree back to the original, byte for byte with owner and mode
 * (stray temp files and created directories included): through rollback of the last run when
 * the kill came after the journal existed, or with nothing to undo when it came before.
 *
 * Trials: argv[1], else DOCKWARD_KILL_TRIALS, else 10. Seed: DOCKWARD_KILL_SEED, else
 * time and pid (printed, to replay a failure). bench/apply-kill-stress.sh runs 300. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "apply-test-util.h"
#include "apply.h"

#define N_FILES 30
#define MAX_SIZE (256 * 1024)
#define EXCLUDE "/var/lib/dockward"

static unsigned long n_trials = 10;
static uint64_t seed;
static uint64_t rng_state;

static uint64_t rnd(void)
{
	/* xorshift64*: reproducible from the seed */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

struct target {
	char *path; /* host path */
	char *old;  /* NULL: absent */
	size_t old_len;
	char *new;
	size_t new_len;
	uint32_t new_mode, new_uid, new_gid;
};

struct trial {
	char *tmp, *root;
	struct target t[N_FILES];
	struct plan plan;
	char *before;
};

static char *random_bytes(size_t len)
{
	char *b = xmalloc(len + 1);
	for (size_t i = 0; i < len; i++)
		b[i] = (char)('a' + rnd() % 26);
	for (size_t i = 63; i < len; i += 64)
		b[i] = '\n';
	b[len] = '\0';
	return b;
}

static size_t random_size(void)
{
	/* mostly small files, some large: configuration files, keys, rule files */
	switch (rnd() % 4) {
	case 0:
		return rnd() % 256;
	case 1:
		return rnd() % 8192;
	case 2:
		return rnd() % 65536;
	default:
		return rnd() % (MAX_SIZE + 1);
	}
}

static void trial_make(struct trial *tr)
{
	memset(tr, 0, sizeof(*tr));
	char tmpl[] = "/tmp/dw-apply-kill-XXXXXX";
	assert_non_null(mkdtemp(tmpl));
	tr->tmp = xstrdup(tmpl);
	tr->root = xasprintf("%s/root", tr->tmp);
	assert_int_equal(mkdir(tr->root, 0755), 0);
	t_mkdirs_at(tr->root, "var/lib");
	t_puts(tr->root, "etc/keep.conf", "untouched\n");
	t_put(tr->root, "etc/attr-a", "a\n", 2, 0644, 0, 0);
	t_put(tr->root, "etc/attr-b", "b\n", 2, 0600, 3, 3);
	plan_init(&tr->plan);
	for (size_t i = 0; i < N_FILES; i++) {
		struct target *t = &tr->t[i];
		switch (i % 3) {
		case 0: /* replace */
			t->path = xasprintf("/etc/dw/f%02zu.conf", i);
			t->old_len = random_size();
			t->old = random_bytes(t->old_len);
			t_put(tr->root, t->path + 1, t->old, t->old_len, 0644, (uid_t)i, 0);
			break;
		case 1: /* create in an existing directory */
			t->path = xasprintf("/etc/dw/n%02zu.conf", i);
			break;
		default: /* create in new directories */
			t->path = xasprintf("/etc/new%02zu/sub/f.conf", i);
			break;
		}
		t->new_len = random_size();
		if (t->old && t->old_len == 0 && t->new_len == 0)
			t->new_len = 1;
		t->new = random_bytes(t->new_len);
		if (t->old && t->new_len == t->old_len)
			t->new[0] = t->old[0] == 'x' ? 'y' : 'x'; /* never the same bytes */

		struct change *c = plan_add_change(&tr->plan, CHANGE_FILE);
		c->path = xstrdup(t->path);
		c->new_content = xmalloc(t->new_len + 1);
		memcpy(c->new_content, t->new, t->new_len + 1);
		c->new_len = t->new_len;
		if (t->old) {
			c->old_exists = true;
			c->old_content = xmalloc(t->old_len + 1);
			memcpy(c->old_content, t->old, t->old_len + 1);
			c->old_len = t->old_len;
			sha256_hex(t->old, t->old_len, c->old_sha256);
			c->old_mode = 0644;
			c->old_uid = (uint32_t)i;
		}
		if (i % 2) {
			c->set_mode = 0600;
			c->set_uid = 1000 + (int64_t)i;
		}
		t->new_mode = c->set_mode >= 0 ? (uint32_t)c->set_mode : 0644;
		t->new_uid = c->set_uid >= 0 ? (uint32_t)c->set_uid : t->old ? (uint32_t)i : 0;
		t->new_gid = 0;
		c->daemon_config = i == 0;
	}
	struct change *a = plan_add_change(&tr->plan, CHANGE_ATTR);
	a->path = xstrdup("/etc/attr-a");
	a->set_mode = 0600;
	a->set_gid = 7;
	a = plan_add_change(&tr->plan, CHANGE_ATTR);
	a->path = xstrdup("/etc/attr-b");
	a->set_mode = 0640;
	a->set_uid = 0;
	tr->before = t_snapshot(tr->root, EXCLUDE);
}

static void trial_free(struct trial *tr)
{
	t_rm_rf(tr->tmp);
	for (size_t i = 0; i < N_FILES; i++) {
		free(tr->t[i].path);
		free(tr->t[i].old);
		free(tr->t[i].new);
	}
	plan_release(&tr->plan);
	free(tr->before);
	free(tr->root);
	free(tr->tmp);
	memset(tr, 0, sizeof(*tr));
}

/* Forks a child applying the plan; kills it after delay_us (< 0: never). 1 when the child
 * finished by itself with success, 0 when it was killed, -1 on an error in the child. */
static int run_child(struct trial *tr, long delay_us)
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct host h;
		if (host_open(&h, tr->root) < 0)
			_exit(10);
		struct apply_options o = {.now = (int64_t)time(NULL), .user = "kill-test"};
		char *id = NULL, *err = NULL;
		int r = apply_plan(&h, &tr->plan, &o, &id, &err);
		if (r < 0)
			fprintf(stderr, "apply failed in child: %s\n", err ? err : strerror(-r));
		_exit(r < 0 ? 11 : 0);
	}
	if (delay_us >= 0) {
		struct timespec ts = {.tv_sec = delay_us / 1000000,
				      .tv_nsec = (delay_us % 1000000) * 1000};
		while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
			;
		(void)kill(pid, SIGKILL);
	}
	int status = 0;
	while (waitpid(pid, &status, 0) < 0)
		assert_int_equal(errno, EINTR);
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
		return 0;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 1 : -1;
}

/* Every target old (or absent) or new (with the new owner and mode): the number that are not. */
static int check_targets(struct trial *tr, unsigned long trial, int *n_new)
{
	int bad = 0;
	*n_new = 0;
	for (size_t i = 0; i < N_FILES; i++) {
		struct target *t = &tr->t[i];
		size_t len = 0;
		_cleanup_free_ char *got = t_read(tr->root, t->path + 1, &len);
		bool is_old = t->old ? got && len == t->old_len && memcmp(got, t->old, len) == 0
				     : got == NULL;
		bool is_new = got && len == t->new_len && memcmp(got, t->new, len) == 0;
		if (is_new) {
			struct stat st;
			(*n_new)++;
			if (t_lstat(tr->root, t->path + 1, &st) < 0 ||
			    (st.st_mode & 07777) != t->new_mode || st.st_uid != t->new_uid ||
			    st.st_gid != t->new_gid) {
				fprintf(stderr,
					"trial %lu: %s: new bytes with the wrong owner/mode\n",
					trial, t->path);
				bad++;
			}
		} else if (!is_old) {
			fprintf(stderr, "trial %lu: %s: neither old nor new (%zu bytes)\n", trial,
				t->path, len);
			bad++;
		}
	}
	return bad;
}

static void test_kill_at_random_instants(void **state)
{
	(void)state;
	rng_state = seed ? seed : 1;

	/* how long a whole run takes here */
	struct trial cal;
	trial_make(&cal);
	double t0 = now_ms();
	assert_int_equal(run_child(&cal, -1), 1);
	double full_ms = now_ms() - t0;
	int n_new = 0;
	assert_int_equal(check_targets(&cal, 0, &n_new), 0);
	assert_int_equal(n_new, N_FILES);
	{
		struct host h;
		assert_int_equal(host_open(&h, cal.root), 0);
		_cleanup_free_ char *id = NULL, *err = NULL;
		assert_int_equal(journal_last_id(&h, &id), 0);
		bool restart = false;
		struct rollback_options ro = {0};
		double r0 = now_ms();
		assert_int_equal(rollback_run(&h, id, &ro, &restart, &err), 0);
		double rb_ms = now_ms() - r0;
		assert_true(restart);
		_cleanup_free_ char *after = t_snapshot(cal.root, EXCLUDE);
		t_snapshot_diff(cal.before, after);
		assert_string_equal(cal.before, after);
		host_close(&h);
		print_message(
			"kill-stress: full run %.1f ms, rollback %.1f ms (%d files, 2 attrs)\n",
			full_ms, rb_ms, N_FILES);
	}
	trial_free(&cal);

	unsigned long failures = 0, before_journal = 0, mid_run = 0, completed = 0;
	unsigned long partial_new = 0;
	double start = now_ms();
	for (unsigned long k = 1; k <= n_trials; k++) {
		struct trial tr;
		trial_make(&tr);
		long delay_us = (long)(rnd() % (uint64_t)(full_ms * 1000.0 + 1));
		int child = run_child(&tr, delay_us);
		int bad = check_targets(&tr, k, &n_new);
		if (child < 0) {
			fprintf(stderr, "trial %lu: the child failed by itself\n", k);
			bad++;
		}
		struct host h;
		assert_int_equal(host_open(&h, tr.root), 0);
		_cleanup_free_ char *id = NULL, *err = NULL;
		int r = journal_last_id(&h, &id);
		if (r == -ENOENT) {
			before_journal++;
			if (n_new) {
				fprintf(stderr, "trial %lu: %d files changed and no run\n", k,
					n_new);
				bad++;
			}
		} else if (r < 0) {
			fprintf(stderr, "trial %lu: journal_last_id: %s\n", k, strerror(-r));
			bad++;
		} else {
			struct run_record rec;
			if (journal_load(&h, id, &rec) < 0) {
				fprintf(stderr, "trial %lu: run %s does not load\n", k, id);
				bad++;
			} else {
				if (rec.state == RUN_APPLIED)
					completed++;
				else {
					mid_run++;
					if (n_new > 0 && n_new < N_FILES)
						partial_new++;
				}
				run_record_release(&rec);
			}
			bool restart = false;
			struct rollback_options ro = {0};
			r = rollback_run(&h, id, &ro, &restart, &err);
			if (r < 0) {
				fprintf(stderr, "trial %lu: rollback: %s\n", k, err);
				bad++;
			}
		}
		_cleanup_free_ char *after = t_snapshot(tr.root, EXCLUDE);
		if (!STREQ(after, tr.before)) {
			fprintf(stderr, "trial %lu (delay %ld us): tree not restored\n", k,
				delay_us);
			t_snapshot_diff(tr.before, after);
			bad++;
		}
		host_close(&h);
		if (bad)
			failures++;
		trial_free(&tr);
	}
	double secs = (now_ms() - start) / 1000.0;
	print_message("kill-stress: trials=%lu failures=%lu killed_before_journal=%lu "
		      "killed_mid_run=%lu (with some but not all files new: %lu) completed=%lu "
		      "time=%.1fs seed=%" PRIu64 "\n",
		      n_trials, failures, before_journal, mid_run, partial_new, completed, secs,
		      seed);
	assert_int_equal(failures, 0);
}

int main(int argc, char **argv)
{
	const char *s = argc > 1 ? argv[1] : getenv("DOCKWARD_KILL_TRIALS");
	if (s) {
		uint64_t n;
		if (parse_uint64(s, &n) < 0 || n == 0 || n > 1000000) {
			fprintf(stderr, "bad number of trials '%s'\n", s);
			return 2;
		}
		n_trials = (unsigned long)n;
	}
	const char *sd = getenv("DOCKWARD_KILL_SEED");
	if (!sd || parse_uint64(sd, &seed) < 0)
		seed = (uint64_t)time(NULL) * 1000003u ^ (uint64_t)getpid();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kill_at_random_instants),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
