/* hostfix-test-util.h: fake roots, audits and plans for the host fixers' tests (file_mode,
 * file_owner, sysctl, audit_rules, group_members, lsm).
 *
 * A test builds a root in a mkdtemp directory (tr_put, tr_mkdir), loads a small baseline from a
 * buffer, audits the root with audit_run() (the real probes and checks), and plans the failing
 * rules with the fixers named in the test (struct fx), as fix_plan() does but without needing
 * the fixer table. fx_apply() then carries the plan out in the fake root the simple way (write
 * files, chmod/chown; a live sysctl or setenforce goes to the root's own proc/sys or
 * sys/fs/selinux, never to the machine's), so that a test can audit and plan again and assert
 * that the second plan is empty. Header-only: one test file includes it. */
#pragma once

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "audit.h"
#include "baseline.h"
#include "facts.h"
#include "fixer.h"
#include "host.h"
#include "plan.h"
#include "report.h"

/* ---- fake roots ---- */

_unused_ static void tr_mkdir_parents(const char *path)
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

_unused_ static char *tr_new(void)
{
	char tmpl[] = "/tmp/dockward-hostfix-test.XXXXXX";
	assert_non_null(mkdtemp(tmpl));
	return xstrdup(tmpl);
}

/* Writes a file under the root with a mode (parents 0755). */
_unused_ static void tr_put(const char *root, const char *rel, const char *content, mode_t mode)
{
	_cleanup_free_ char *path = xasprintf("%s/%s", root, rel);
	tr_mkdir_parents(path);
	FILE *f = fopen(path, "we");
	assert_non_null(f);
	fputs(content, f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(path, mode), 0);
}

_unused_ static void tr_mkdir(const char *root, const char *rel, mode_t mode)
{
	_cleanup_free_ char *path = xasprintf("%s/%s/", root, rel);
	tr_mkdir_parents(path);
	assert_int_equal(chmod(path, mode), 0);
}

_unused_ static void tr_chown(const char *root, const char *rel, uid_t uid, gid_t gid)
{
	_cleanup_free_ char *path = xasprintf("%s/%s", root, rel);
	assert_int_equal(lchown(path, uid, gid), 0);
}

/* The file's bytes (NULL when absent). Caller frees. */
_unused_ static char *tr_read(const char *root, const char *rel)
{
	_cleanup_free_ char *path = xasprintf("%s/%s", root, rel);
	FILE *f = fopen(path, "re");
	if (!f)
		return NULL;
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(f);
	return strbuf_detach(&sb);
}

_unused_ static struct stat tr_stat(const char *root, const char *rel)
{
	_cleanup_free_ char *path = xasprintf("%s/%s", root, rel);
	struct stat st;
	assert_int_equal(lstat(path, &st), 0);
	return st;
}

static int tr_rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(p);
}

_unused_ static void tr_free(char *root)
{
	if (root)
		nftw(root, tr_rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(root);
}

/* ---- audit and plan ---- */

struct fx {
	char *root;
	bool live; /* the builder plans live actions (fx_apply carries them out in the fake root) */
	const struct fixer_kind *const *kinds; /* the fixers under test, NULL-terminated */
	struct host h;
	struct baseline *b;
	struct facts f;
	struct report rep;
	struct plan plan;
	bool have_report, have_plan;
};

_unused_ static const struct fixer_kind *fx_kind(const struct fx *x, const struct rule *r)
{
	const struct value *k = r->fix ? value_map_get(r->fix, "kind") : NULL;
	for (size_t i = 0; k && k->type == VALUE_STRING && x->kinds[i]; i++)
		if (STREQ(x->kinds[i]->name, k->s))
			return x->kinds[i];
	return NULL;
}

_unused_ static void fx_release(struct fx *x)
{
	if (x->have_plan)
		plan_release(&x->plan);
	if (x->have_report) {
		report_release(&x->rep);
		facts_release(&x->f);
	}
	x->have_plan = x->have_report = false;
	if (x->h.root)
		host_close(&x->h);
	memset(&x->h, 0, sizeof(x->h));
	baseline_free(x->b);
	x->b = NULL;
}

/* Audits x->root with the baseline text and plans every failing rule whose fix kind is one of
 * x->kinds (in baseline order, as fix_plan does). */
_unused_ static void fx_plan(struct fx *x, const char *baseline_yaml)
{
	fx_release(x);
	struct diags d = {0};
	int r = baseline_load_buffer("test.yaml", baseline_yaml, strlen(baseline_yaml), &d, &x->b);
	for (size_t i = 0; i < d.n; i++) {
		_cleanup_free_ char *t = diag_format(&d.items[i]);
		print_error("%s\n", t);
	}
	diags_release(&d);
	assert_int_equal(r, 0);
	assert_int_equal(host_open(&x->h, x->root), 0);
	/* h.live stays false: the probes must read the fake root's proc/ and sys/, never ask the
	 * machine (the lsm probe asks libselinux on a live host); only the builder plans live */
	struct audit_options o = {.now = 1795426800, .tool_version = "test"};
	assert_int_equal(audit_run(&x->h, x->b, &o, &x->f, &x->rep), 0);
	x->have_report = true;

	_cleanup_(plan_builder_freep) struct plan_builder *pb =
		plan_builder_new(&x->h, &x->f, &(struct plan_builder_options){.live = x->live});
	for (size_t i = 0; i < x->rep.n_results; i++) {
		const struct result *res = &x->rep.results[i];
		const struct fixer_kind *k = fx_kind(x, res->rule);
		if (res->status == STATUS_FAIL && k && k->plan)
			k->plan(res->rule, res, pb);
	}
	plan_builder_finish(pb, &x->plan);
	x->have_plan = true;
}

_unused_ static enum status fx_status(const struct fx *x, const char *rule_id)
{
	for (size_t i = 0; i < x->rep.n_results; i++)
		if (STREQ(x->rep.results[i].rule->id, rule_id))
			return x->rep.results[i].status;
	fail_msg("no result for %s", rule_id);
	return _STATUS_INVALID;
}

_unused_ static struct change *fx_change(struct fx *x, enum change_kind k, const char *path)
{
	return plan_find_change(&x->plan, k, path);
}

/* The notes of kind k joined with '\n' (caller frees). */
_unused_ static char *fx_notes(const struct fx *x, enum note_kind k)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < x->plan.n_notes; i++)
		if (x->plan.notes[i].kind == k)
			strbuf_addf(&sb, "%s%s", sb.len ? "\n" : "", x->plan.notes[i].text);
	return strbuf_detach(&sb);
}

_unused_ static bool fx_planned(const struct fx *x, const char *rule_id)
{
	return strv_contains(x->plan.rules_planned, rule_id);
}

/* Carries the plan out in the fake root (see the top of the file). */
_unused_ static void fx_apply(struct fx *x)
{
	assert_int_equal(x->plan.errors.n, 0);
	for (size_t i = 0; i < x->plan.n_changes; i++) {
		const struct change *c = &x->plan.changes[i];
		_cleanup_free_ char *path = NULL;
		switch (c->kind) {
		case CHANGE_FILE: {
			path = xasprintf("%s%s", x->root, c->path);
			tr_mkdir_parents(path);
			FILE *f = fopen(path, "we");
			assert_non_null(f);
			assert_int_equal(fwrite(c->new_content, 1, c->new_len, f), c->new_len);
			assert_int_equal(fclose(f), 0);
			if (c->set_mode >= 0)
				assert_int_equal(chmod(path, (mode_t)c->set_mode), 0);
			if (c->set_uid >= 0 || c->set_gid >= 0)
				assert_int_equal(lchown(path, (uid_t)c->set_uid, (gid_t)c->set_gid), 0);
			break;
		}
		case CHANGE_ATTR:
			path = xasprintf("%s%s", x->root, c->path);
			if (c->set_mode >= 0)
				assert_int_equal(chmod(path, (mode_t)c->set_mode), 0);
			if (c->set_uid >= 0 || c->set_gid >= 0)
				assert_int_equal(lchown(path, (uid_t)c->set_uid, (gid_t)c->set_gid), 0);
			break;
		case CHANGE_SYSCTL: {
			path = xasprintf("%s/proc/sys/%s", x->root, c->path);
			for (char *p = path + strlen(x->root) + strlen("/proc/sys/"); *p; p++)
				if (*p == '.')
					*p = '/';
			FILE *f = fopen(path, "we");
			assert_non_null(f);
			fprintf(f, "%s\n", c->value);
			assert_int_equal(fclose(f), 0);
			break;
		}
		case CHANGE_SELINUX: {
			path = xasprintf("%s/sys/fs/selinux/enforce", x->root);
			FILE *f = fopen(path, "we");
			assert_non_null(f);
			fputs("1", f);
			assert_int_equal(fclose(f), 0);
			break;
		}
		default:
			break;
		}
	}
}

/* The plan is empty: no change at all. */
#define assert_plan_empty(x)                                                                       \
	do {                                                                                       \
		for (size_t _i = 0; _i < (x)->plan.n_changes; _i++)                                \
			print_error("unexpected change: %s\n", (x)->plan.changes[_i].summary);     \
		assert_true(plan_is_empty(&(x)->plan));                                            \
	} while (0)
