/* daemon-fixer-test-util.h: fake roots for the fixer tests (header-only; one test file includes it).
 *
 * A case writes a few files under a mkdtemp root (unit files, environment files, daemon.json,
 * a fake proc/), runs the real audit probes on it (probes_run), builds a plan with one fixer
 * for one rule (plan_builder_new / kind->plan / plan_builder_finish), and checks the planned
 * texts exactly. tf_apply() writes the planned texts into the root as apply would, so that a
 * second probe + plan can show that nothing is left to do. */
#pragma once

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "facts.h"
#include "fixer.h"
#include "host.h"
#include "plan.h"
#include "probe.h"
#include "value.h"

struct tf_file {
	const char *path; /* host path */
	const char *text;
};

static _unused_ void tf_mkdirs(const char *full)
{
	_cleanup_free_ char *p = xstrdup(full);
	for (char *s = p + 1; *s; s++)
		if (*s == '/') {
			*s = '\0';
			(void)mkdir(p, 0755);
			*s = '/';
		}
}

static _unused_ void tf_write(const char *root, const char *path, const char *text)
{
	_cleanup_free_ char *full = xasprintf("%s%s", root, path);
	tf_mkdirs(full);
	FILE *f = fopen(full, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	assert_int_equal(fclose(f), 0);
}

static _unused_ char *tf_root(const struct tf_file *files)
{
	char tmpl[] = "/tmp/dockward-fixer-XXXXXX";
	assert_non_null(mkdtemp(tmpl));
	for (size_t i = 0; files && files[i].path; i++)
		tf_write(tmpl, files[i].path, files[i].text);
	return xstrdup(tmpl);
}

static _unused_ void tf_rm_rf(const char *root)
{
	_cleanup_free_ char *cmd = xasprintf("rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
}

/* A rule whose fix map is given as a value (taken). */
static _unused_ void tf_rule(struct rule *r, const char *id, struct value *fix)
{
	*r = (struct rule){.id = xstrdup(id), .fix = fix, .file = xstrdup("test.yaml")};
}

static _unused_ void tf_rule_release(struct rule *r)
{
	free(r->id);
	free(r->file);
	value_free(r->fix);
}

/* Probes the root and plans kind for rule r into *p. */
static _unused_ void tf_plan(const char *root, const struct fixer_kind *kind, const struct rule *r,
		    struct plan *p)
{
	struct host h;
	struct facts f;
	struct fact_requests q = {0};
	assert_int_equal(host_open(&h, root), 0);
	facts_init(&f, &h);
	probes_run(&h, PROBE_DAEMON | PROBE_ACCOUNTS, false, &q, &f);
	struct plan_builder_options o = {.live = false};
	struct plan_builder *pb = plan_builder_new(&h, &f, &o);
	struct result res = {0};
	kind->plan(r, &res, pb);
	plan_builder_finish(pb, p);
	plan_builder_free(pb);
	facts_release(&f);
	host_close(&h);
}

static _unused_ const struct change *tf_change(const struct plan *p, const char *path)
{
	for (size_t i = 0; i < p->n_changes; i++)
		if (p->changes[i].kind == CHANGE_FILE && STREQ(p->changes[i].path, path))
			return &p->changes[i];
	return NULL;
}

static _unused_ size_t tf_count_notes(const struct plan *p, enum note_kind k)
{
	size_t n = 0;
	for (size_t i = 0; i < p->n_notes; i++)
		n += p->notes[i].kind == k;
	return n;
}

static _unused_ const char *tf_note(const struct plan *p, enum note_kind k)
{
	for (size_t i = 0; i < p->n_notes; i++)
		if (p->notes[i].kind == k)
			return p->notes[i].text;
	return NULL;
}

/* Writes every planned file into the root (what apply does, minus the journal). */
static _unused_ void tf_apply(const char *root, const struct plan *p)
{
	for (size_t i = 0; i < p->n_changes; i++)
		if (p->changes[i].kind == CHANGE_FILE)
			tf_write(root, p->changes[i].path, p->changes[i].new_content);
}

static _unused_ void tf_dump(const struct plan *p)
{
	for (size_t i = 0; i < p->n_changes; i++)
		fprintf(stderr, "change %s:\n%s---\n", p->changes[i].path,
			p->changes[i].new_content ? p->changes[i].new_content : "(none)");
	for (size_t i = 0; i < p->n_notes; i++)
		fprintf(stderr, "note %d: %s\n", p->notes[i].kind, p->notes[i].text);
	for (size_t i = 0; i < p->errors.n; i++)
		fprintf(stderr, "error %s:%d:%d: %s\n", p->errors.items[i].file,
			p->errors.items[i].line, p->errors.items[i].col, p->errors.items[i].message);
}
