/* check-test-util.h: rules and facts built by hand for the check kinds' table-driven tests.
 *
 * Checks are pure (rule params, facts) -> result, so their tests need no host: a case is a row
 * {name, params, facts setup, expected status, substring of observed}, and run_check_cases()
 * turns every row into one cmocka test (named after the row) that builds the rule and the
 * facts, evaluates, asserts, and frees everything (the tests run under valgrind).
 *
 * Params are written with PS (string), PB (bool), PI (int), PL (list of strings), PL0 (empty
 * list) and PV (any value, from a function). Facts are filled by the tf_* helpers below, which
 * also mark the probe as run, as probes_run() would. Header-only: one test file includes it. */
#pragma once

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "check.h"
#include "diag.h"
#include "facts.h"
#include "result.h"
#include "value.h"

/* ---- params ---- */

enum tp_type { TP_END, TP_STR, TP_BOOL, TP_INT, TP_STRS, TP_VALUE };

struct tparam {
	const char *name;
	enum tp_type type;
	const char *s;
	bool b;
	int64_t i;
	const char *const *strs;
	struct value *(*make)(void);
};

#define PS(n, v) {.name = (n), .type = TP_STR, .s = (v)}
#define PB(n, v) {.name = (n), .type = TP_BOOL, .b = (v)}
#define PI(n, v) {.name = (n), .type = TP_INT, .i = (v)}
#define PL(n, ...) {.name = (n), .type = TP_STRS, .strs = (const char *const[]){__VA_ARGS__, NULL}}
#define PL0(n) {.name = (n), .type = TP_STRS, .strs = (const char *const[]){NULL}}
#define PV(n, fn) {.name = (n), .type = TP_VALUE, .make = (fn)}
#define TP_MAX 8

/* Where the test rule's check map is, for diag assertions. */
#define TEST_FILE "test.yaml"
#define TEST_LINE 7
#define TEST_COL 12

struct check_case {
	const char *name;
	struct tparam params[TP_MAX];
	void (*setup)(struct facts *f);
	enum status status;
	const char *observed; /* must be a substring of res.observed */
	const char *evidence; /* optional: substring of some "source:line:col: detail" */
	int objects;          /* optional: number of objects (0: not checked) */
};

_unused_ static struct value *tv_str(const char *s)
{
	return value_new_string(s);
}

_unused_ static struct value *tv_bool(bool b)
{
	return value_new_bool(b);
}

_unused_ static struct value *tv_int(int64_t i)
{
	return value_new_int(i);
}

/* A list of strings, NULL-terminated arguments. */
_unused_ static struct value *tv_list(const char *first, ...)
{
	struct value *l = value_new_list();
	va_list ap;
	va_start(ap, first);
	for (const char *s = first; s; s = va_arg(ap, const char *))
		value_list_append(l, value_new_string(s));
	va_end(ap);
	return l;
}

_unused_ static struct value *tparam_value(const struct tparam *p)
{
	switch (p->type) {
	case TP_STR:
		return value_new_string(p->s);
	case TP_BOOL:
		return value_new_bool(p->b);
	case TP_INT:
		return value_new_int(p->i);
	case TP_STRS: {
		struct value *l = value_new_list();
		for (size_t i = 0; p->strs[i]; i++)
			value_list_append(l, value_new_string(p->strs[i]));
		return l;
	}
	case TP_VALUE:
		return p->make();
	default:
		return value_new_null();
	}
}

/* A rule of kind k whose check map holds params; its map is at TEST_LINE:TEST_COL and param i
 * at line TEST_LINE + 1 + i, column TEST_COL + 2. Free with test_rule_free(). */
_unused_ static struct rule *test_rule_new(const struct check_kind *k, const struct tparam *p)
{
	struct rule *r = xcalloc(1, sizeof(*r));
	r->id = xstrdup("test.rule");
	r->title = xstrdup("a test rule");
	r->kind = k;
	r->enabled = true;
	r->file = xstrdup(TEST_FILE);
	r->line = TEST_LINE - 1;
	r->col = 3;
	r->check = value_new_map();
	r->check->line = TEST_LINE;
	r->check->col = TEST_COL;
	for (size_t i = 0; p && i < TP_MAX && p[i].name; i++) {
		struct value *v = tparam_value(&p[i]);
		v->line = TEST_LINE + 1 + (int)i;
		v->col = TEST_COL + 2;
		value_map_set(r->check, p[i].name, v);
	}
	return r;
}

/* By hand rather than rule_release(): that lives in src/model/baseline.c, whose
 * builtin_baseline_find() needs dw_baseline's generated table, which a test linking only what
 * the checks use would not pull in (static link order). */
_unused_ static void test_rule_free(struct rule *r)
{
	if (!r)
		return;
	free(r->id);
	free(r->title);
	free(r->file);
	value_free(r->check);
	free(r);
}

/* ---- facts ---- */

_unused_ static void tf_status(struct fact_status *s, const char *source, enum fact_state st)
{
	switch (st) {
	case FACT_OK:
		fact_status_set(s, source, FACT_OK, 0, NULL);
		break;
	case FACT_ABSENT:
		fact_status_set(s, source, FACT_ABSENT, 0, "absent");
		break;
	case FACT_UNREADABLE:
		fact_status_set(s, source, FACT_UNREADABLE, EACCES, "unreadable: Permission denied");
		break;
	case FACT_INVALID:
		fact_status_set(s, source, FACT_INVALID, EBADMSG, "invalid: cannot be parsed");
		break;
	default:
		fact_status_set(s, source, FACT_UNKNOWN, 0, NULL);
		break;
	}
}

/* daemon: installed, daemon.json read (no keys yet), flags from a running dockerd (no flags). */
_unused_ static void tf_daemon(struct facts *f)
{
	f->probed |= PROBE_DAEMON;
	f->daemon.installed = true;
	f->daemon.dockerd_path = xstrdup("/usr/bin/dockerd");
	tf_status(&f->daemon.config, "/etc/docker/daemon.json", FACT_OK);
	f->daemon.flags_from = DAEMON_FLAGS_PROCESS;
	f->daemon.flags_source = xstrdup("proc/4321/cmdline");
	f->daemon.pid = 4321;
}

_unused_ static struct daemon_setting *tf_setting(struct facts *f, const char *key)
{
	struct daemon_facts *d = &f->daemon;
	for (size_t i = 0; i < d->n_settings; i++)
		if (STREQ(d->settings[i].key, key))
			return &d->settings[i];
	struct daemon_setting *s = GROW(d->settings, d->n_settings);
	s->key = xstrdup(key);
	return s;
}

/* key in daemon.json at line (column 3); takes v. */
_unused_ static void tf_daemon_file(struct facts *f, const char *key, struct value *v, int line)
{
	struct daemon_setting *s = tf_setting(f, key);
	value_free(s->file_value);
	s->file_value = v;
	s->file_line = line;
	s->file_col = 3;
}

/* key set by a dockerd flag written as text; takes v. */
_unused_ static void tf_daemon_flag(struct facts *f, const char *key, struct value *v,
				    const char *text)
{
	struct daemon_setting *s = tf_setting(f, key);
	value_free(s->flag_value);
	s->flag_value = v;
	free(s->flag_text);
	s->flag_text = xstrdup(text);
}

/* daemon.json does not parse. */
_unused_ static void tf_daemon_invalid(struct facts *f, int line, int col, const char *msg)
{
	fact_status_set(&f->daemon.config, "/etc/docker/daemon.json", FACT_INVALID, EBADMSG,
			"invalid: %s", msg);
	free(f->daemon.config_error.file);
	free(f->daemon.config_error.message);
	f->daemon.config_error.file = xstrdup("/etc/docker/daemon.json");
	f->daemon.config_error.line = line;
	f->daemon.config_error.col = col;
	f->daemon.config_error.message = xstrdup(msg);
}

/* the daemon probe ran and found no Docker at all */
_unused_ static void tf_daemon_none(struct facts *f)
{
	f->probed |= PROBE_DAEMON;
	f->daemon.installed = false;
	tf_status(&f->daemon.config, "/etc/docker/daemon.json", FACT_ABSENT);
}

/* accounts: all four files read, empty */
_unused_ static void tf_accounts(struct facts *f)
{
	f->probed |= PROBE_ACCOUNTS;
	tf_status(&f->accounts.passwd, "/etc/passwd", FACT_OK);
	tf_status(&f->accounts.group, "/etc/group", FACT_OK);
	tf_status(&f->accounts.subuid, "/etc/subuid", FACT_OK);
	tf_status(&f->accounts.subgid, "/etc/subgid", FACT_OK);
}

_unused_ static void tf_user(struct facts *f, const char *name, uint32_t uid, uint32_t gid)
{
	struct accounts_facts *a = &f->accounts;
	struct account_user *u = GROW(a->users, a->n_users);
	u->name = xstrdup(name);
	u->uid = uid;
	u->gid = gid;
	u->line = (int)a->n_users;
}

/* members: comma-separated, as in etc/group ("" for none) */
_unused_ static void tf_group(struct facts *f, const char *name, uint32_t gid, const char *members)
{
	struct accounts_facts *a = &f->accounts;
	struct account_group *g = GROW(a->groups, a->n_groups);
	g->name = xstrdup(name);
	g->gid = gid;
	g->line = (int)a->n_groups;
	_cleanup_free_ char *copy = xstrdup(members);
	for (char *p = copy, *e; p && *p; p = e) {
		e = strchr(p, ',');
		if (e)
			*e++ = '\0';
		strv_extend(&g->members, p);
	}
	if (!g->members)
		g->members = xcalloc(1, sizeof(char *));
}

_unused_ static void tf_subid(struct subid_range **r, size_t *n, const char *owner,
			      uint64_t start, uint64_t count)
{
	struct subid_range *x = GROW(*r, *n);
	x->owner = xstrdup(owner);
	x->start = start;
	x->count = count;
	x->line = (int)*n;
}

_unused_ static void tf_subuid(struct facts *f, const char *owner, uint64_t start, uint64_t count)
{
	tf_subid(&f->accounts.subuids, &f->accounts.n_subuids, owner, start, count);
}

_unused_ static void tf_subgid(struct facts *f, const char *owner, uint64_t start, uint64_t count)
{
	tf_subid(&f->accounts.subgids, &f->accounts.n_subgids, owner, start, count);
}

/* files */
_unused_ static struct file_fact *tf_file_fact(struct facts *f, const char *path,
					       enum fact_state st)
{
	f->probed |= PROBE_FILES;
	struct file_fact *x = GROW(f->files.items, f->files.n);
	x->path = xstrdup(path);
	tf_status(&x->status, path, st);
	return x;
}

/* an existing file (mode includes the type bits, e.g. S_IFREG | 0644) */
_unused_ static struct file_fact *tf_file(struct facts *f, const char *path, mode_t mode,
					  uid_t uid, gid_t gid)
{
	struct file_fact *x = tf_file_fact(f, path, FACT_OK);
	x->real_path = xstrdup(path);
	x->mode = mode;
	x->uid = uid;
	x->gid = gid;
	return x;
}

/* a symlink to real (the stat is the target's) */
_unused_ static struct file_fact *tf_file_link(struct facts *f, const char *path,
					       const char *real, mode_t mode)
{
	struct file_fact *x = tf_file(f, path, mode, 0, 0);
	free(x->real_path);
	x->real_path = xstrdup(real);
	return x;
}

/* mounts */
_unused_ static void tf_mounts(struct facts *f, enum fact_state st)
{
	f->probed |= PROBE_MOUNTS;
	tf_status(&f->mounts.status, "/proc/self/mountinfo", st);
}

_unused_ static void tf_mount(struct facts *f, int id, int parent, unsigned major, unsigned minor,
			      const char *root, const char *target, const char *fstype,
			      const char *source)
{
	struct mount_entry *m = GROW(f->mounts.items, f->mounts.n);
	m->id = id;
	m->parent_id = parent;
	m->major = major;
	m->minor = minor;
	m->root = xstrdup(root);
	m->target = xstrdup(target);
	m->fstype = xstrdup(fstype);
	m->source = xstrdup(source);
	m->options = xstrdup("rw,relatime");
}

/* sysctl: live_root is proc/sys itself */
_unused_ static void tf_sysctl(struct facts *f, enum fact_state live_root)
{
	f->probed |= PROBE_SYSCTL;
	tf_status(&f->sysctl.live_root, "/proc/sys", live_root);
	strv_extend(&f->sysctl.files_read, "/usr/lib/sysctl.d/50-default.conf");
	strv_extend(&f->sysctl.files_read, "/etc/sysctl.conf");
}

/* live may be NULL (with live_state not FACT_OK); persisted NULL when not persisted */
_unused_ static void tf_sysctl_key(struct facts *f, const char *key, enum fact_state live_state,
				   const char *live, const char *persisted, const char *file,
				   int line)
{
	struct sysctl_fact *s = GROW(f->sysctl.items, f->sysctl.n);
	s->key = xstrdup(key);
	_cleanup_free_ char *proc = xasprintf("/proc/sys/%s", key);
	for (char *p = proc + strlen("/proc/sys/"); *p; p++)
		if (*p == '.')
			*p = '/';
	tf_status(&s->live, proc, live_state);
	s->live_value = xstrdup_or_null(live);
	s->persisted_value = xstrdup_or_null(persisted);
	s->persisted_file = xstrdup_or_null(file);
	s->persisted_line = line;
}

/* lsm: nothing active (no selinuxfs, no apparmor module, no selinux config) */
_unused_ static void tf_lsm(struct facts *f)
{
	f->probed |= PROBE_LSM;
	tf_status(&f->lsm.selinux_fs, "/sys/fs/selinux/enforce", FACT_ABSENT);
	tf_status(&f->lsm.selinux_config, "/etc/selinux/config", FACT_ABSENT);
	tf_status(&f->lsm.apparmor_module, "/sys/module/apparmor/parameters/enabled", FACT_ABSENT);
	tf_status(&f->lsm.apparmor_profiles, "/sys/kernel/security/apparmor/profiles",
		  FACT_ABSENT);
	f->lsm.selinux_enforce = -1;
}

_unused_ static void tf_selinux(struct facts *f, int enforce, const char *config_mode)
{
	tf_status(&f->lsm.selinux_fs, "/sys/fs/selinux/enforce", FACT_OK);
	f->lsm.selinux_enforce = enforce;
	if (config_mode) {
		tf_status(&f->lsm.selinux_config, "/etc/selinux/config", FACT_OK);
		f->lsm.selinux_config_mode = xstrdup(config_mode);
		f->lsm.selinux_config_line = 7;
		f->lsm.selinux_config_type = xstrdup("targeted");
	}
}

_unused_ static void tf_apparmor(struct facts *f, bool enabled, size_t enforce, size_t complain)
{
	tf_status(&f->lsm.apparmor_module, "/sys/module/apparmor/parameters/enabled", FACT_OK);
	f->lsm.apparmor_enabled = enabled;
	tf_status(&f->lsm.apparmor_profiles, "/sys/kernel/security/apparmor/profiles", FACT_OK);
	f->lsm.apparmor_enforce = enforce;
	f->lsm.apparmor_complain = complain;
}

/* audit */
_unused_ static void tf_audit(struct facts *f, enum fact_state st)
{
	f->probed |= PROBE_AUDIT;
	tf_status(&f->audit.status, "/etc/audit/audit.rules", st);
	if (st == FACT_OK)
		strv_extend(&f->audit.files_read, "/etc/audit/rules.d/docker.rules");
}

_unused_ static void tf_watch(struct facts *f, const char *path, const char *perms, int line)
{
	struct audit_watch *w = GROW(f->audit.items, f->audit.n);
	w->path = xstrdup(path);
	w->perms = xstrdup_or_null(perms);
	w->key = xstrdup("docker");
	w->source = xstrdup("/etc/audit/rules.d/docker.rules");
	w->line = line;
}

/* sockets */
_unused_ static void tf_sockets(struct facts *f, enum fact_state st, bool owners_known)
{
	f->probed |= PROBE_SOCKETS;
	tf_status(&f->sockets.status, "/proc/net/tcp", st);
	f->sockets.owners_known = owners_known;
}

_unused_ static void tf_socket(struct facts *f, int family, const char *addr, uint16_t port,
			       bool dockerd)
{
	struct listen_socket *s = GROW(f->sockets.items, f->sockets.n);
	s->family = family;
	snprintf(s->addr, sizeof(s->addr), "%s", addr);
	s->port = port;
	s->inode = 10000 + f->sockets.n;
	s->dockerd = dockerd;
}

/* engine: contacted at unix:///var/run/docker.sock, /version and /info answered (seccomp
 * default profile, cgroup v2, no AppArmor or SELinux), no containers or images listed yet */
#define TF_DOCKER_HOST "unix:///var/run/docker.sock"
_unused_ static void tf_engine(struct facts *f)
{
	struct engine_facts *e = &f->engine;
	f->probed |= PROBE_ENGINE;
	tf_status(&e->status, TF_DOCKER_HOST, FACT_OK);
	e->docker_host = xstrdup(TF_DOCKER_HOST);
	e->version = xstrdup("20.10.24");
	e->api_version = xstrdup("1.41");
	tf_status(&e->info, "/info", FACT_OK);
	strv_extend(&e->security_options, "name=seccomp,profile=default");
	e->seccomp_profile = xstrdup("default");
	e->cgroup_version = 2;
	tf_status(&e->containers_status, "/containers/json", FACT_OK);
	tf_status(&e->images_status, "/images/json", FACT_OK);
}

/* A running, inspected container named name that passes every container test (user 65534,
 * limits, read-only, no-new-privileges, cap_drop ALL, health check, on-failure:5, its own
 * network, AppArmor and SELinux labels set, process "sleep"); cases change one thing. */
_unused_ static struct container_fact *tf_container(struct facts *f, const char *name)
{
	struct engine_facts *e = &f->engine;
	struct container_fact *c = GROW(e->containers, e->n_containers);
	char hex[65];
	sha256_hex(name, strlen(name), hex);
	c->id = xstrdup(hex);
	c->name = xstrdup(name);
	c->image = xstrdup("busybox:1.36");
	c->image_id = xstrdup("sha256:d123fa0895e29aad65885cdc6c51f3cdfd29552183579400295693bb12bdde4f");
	tf_status(&c->inspect, "/containers/json", FACT_OK);
	c->state = xstrdup("running");
	c->running = true;
	c->pid = 4242;
	c->labels = value_new_map();
	c->pid_mode = xstrdup("");
	c->network_mode = xstrdup("appnet");
	c->ipc_mode = xstrdup("private");
	c->uts_mode = xstrdup("");
	c->userns_mode = xstrdup("");
	c->cgroupns_mode = xstrdup("private");
	strv_extend(&c->cap_drop, "ALL");
	strv_extend(&c->security_opt, "no-new-privileges");
	c->memory = 64 << 20;
	c->nano_cpus = 500000000;
	c->pids_limit = 50;
	c->readonly_rootfs = true;
	c->restart_policy = xstrdup("on-failure");
	c->restart_max_retries = 5;
	c->cgroup_parent = xstrdup("");
	c->apparmor_profile = xstrdup("docker-default");
	c->process_label = xstrdup("system_u:system_r:container_t:s0:c1,c2");
	c->user = xstrdup("65534");
	c->healthcheck = TRI_YES;
	tf_status(&c->processes, "/proc/4242/cgroup", FACT_OK);
	strv_extend(&c->process_names, "sleep");
	return c;
}

_unused_ static struct container_mount *tf_container_mount(struct container_fact *c,
							    const char *type, const char *source,
							    const char *real_source,
							    const char *destination,
							    const char *propagation)
{
	struct container_mount *m = GROW(c->mounts, c->n_mounts);
	m->type = xstrdup(type);
	m->source = xstrdup(source);
	m->real_source = xstrdup_or_null(real_source);
	m->destination = xstrdup(destination);
	m->mode = xstrdup("");
	m->propagation = xstrdup(propagation);
	m->rw = true;
	return m;
}

_unused_ static void tf_container_port(struct container_fact *c, const char *container_port,
				       const char *host_ip, uint32_t host_port)
{
	struct container_port *p = GROW(c->ports, c->n_ports);
	p->container_port = xstrdup(container_port);
	p->host_ip = xstrdup(host_ip);
	p->host_port = host_port;
}

/* An inspected image: tag NULL for none; user "" for root. */
_unused_ static struct image_fact *tf_image(struct facts *f, const char *id, const char *tag,
					    const char *user, enum tri healthcheck)
{
	struct engine_facts *e = &f->engine;
	struct image_fact *i = GROW(e->images, e->n_images);
	i->id = xstrdup(id);
	if (tag)
		strv_extend(&i->tags, tag);
	tf_status(&i->inspect, "/images/json", FACT_OK);
	i->user = xstrdup(user);
	i->healthcheck = healthcheck;
	i->used = true;
	return i;
}

/* A root that is not the live system (an image or a fixture): facts->host for offline cases. */
_unused_ static const struct host test_offline_host = {.root = (char *)"/fixture", .root_fd = -1,
						       .live = false};

/* ---- running ---- */

/* "source:line:col: detail" of each evidence, joined by newlines. Caller frees. */
_unused_ static char *test_evidence_text(const struct result *res)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < res->n_evidence; i++)
		strbuf_addf(&sb, "%s:%d:%d: %s\n", res->evidence[i].source, res->evidence[i].line,
			    res->evidence[i].col, res->evidence[i].detail);
	return strbuf_detach(&sb);
}

static const struct check_kind *test_kind; /* set by run_check_cases() */

/* Evaluates one rule on one facts set into res (released by the caller). */
_unused_ static void test_eval(const struct check_kind *k, const struct tparam *params,
			       void (*setup)(struct facts *f), struct result *res)
{
	struct facts f;
	facts_init(&f, NULL);
	if (setup)
		setup(&f);
	struct rule *r = test_rule_new(k, params);
	result_init(res, NULL);
	k->eval(r, &f, res);
	res->rule = NULL; /* the rule dies here */
	test_rule_free(r);
	facts_release(&f);
}

_unused_ static void test_one_case(void **state)
{
	const struct check_case *c = *state;
	struct result res;
	test_eval(test_kind, c->params, c->setup, &res);

	_cleanup_free_ char *ev = test_evidence_text(&res);
	bool ok = res.status == c->status && res.observed && c->observed &&
		  strstr(res.observed, c->observed) && res.expected && *res.expected &&
		  res.n_evidence > 0 && (!c->evidence || strstr(ev, c->evidence)) &&
		  (!c->objects || (size_t)c->objects == res.n_objects);
	if (!ok || getenv("CHECK_TEST_VERBOSE"))
		print_message("case '%s'\n  status:   %s (want %s)\n  expected: %s\n  observed: %s\n"
			      "  want:     ...%s...\n  objects:  %zu (want %d)\n  evidence:\n%s",
			      c->name, status_to_string(res.status), status_to_string(c->status),
			      res.expected ? res.expected : "(null)",
			      res.observed ? res.observed : "(null)", c->observed ? c->observed : "",
			      res.n_objects, c->objects, ev);
	for (size_t i = 0; (!ok || getenv("CHECK_TEST_VERBOSE")) && i < res.n_objects; i++)
		print_message("  object %s %s: %s\n", res.objects[i].name ? res.objects[i].name : "",
			      status_to_string(res.objects[i].status), res.objects[i].observed);
	result_release(&res);
	assert_true(ok);
}

/* Validates params with k->validate; returns its result and leaves the diags in *d. */
_unused_ static int test_validate(const struct check_kind *k, const struct tparam *params,
				  struct diags *d)
{
	struct rule *r = test_rule_new(k, params);
	int ret = k->validate ? k->validate(r->check, TEST_FILE, d) : 0;
	test_rule_free(r);
	return ret;
}

/* The kind's schema feeds `dockward rules` and the docs: everything has a help text, and the
 * kind is in the table under its name. */
_unused_ static void test_schema(void **state)
{
	(void)state;
	assert_non_null(test_kind->help);
	assert_true(strlen(test_kind->help) > 10);
	assert_ptr_equal(check_kind_find(test_kind->name), test_kind);
	assert_non_null(test_kind->eval);
	for (size_t i = 0; test_kind->params[i].name; i++) {
		assert_non_null(test_kind->params[i].help);
		assert_true(strlen(test_kind->params[i].help) > 5);
	}
}

/* Asserts one diag at line:col containing text. */
_unused_ static void assert_one_diag(const struct diags *d, int line, int col, const char *text)
{
	if (d->n != 1 || d->items[0].line != line || d->items[0].col != col ||
	    !strstr(d->items[0].message, text))
		for (size_t i = 0; i < d->n; i++)
			print_message("diag %s:%d:%d: %s\n", d->items[i].file, d->items[i].line,
				      d->items[i].col, d->items[i].message);
	assert_int_equal(d->n, 1);
	assert_string_equal(d->items[0].file, TEST_FILE);
	assert_int_equal(d->items[0].line, line);
	assert_int_equal(d->items[0].col, col);
	assert_non_null(strstr(d->items[0].message, text));
}

/* Runs every case as its own cmocka test, then the schema test and the extra tests. */
_unused_ static int run_check_cases(const char *group, const struct check_kind *k,
				    const struct check_case *cases, size_t n,
				    const struct CMUnitTest *extra, size_t n_extra)
{
	test_kind = k;
	struct CMUnitTest *t = xcalloc(n + n_extra + 1, sizeof(*t));
	for (size_t i = 0; i < n; i++) {
		t[i].name = cases[i].name;
		t[i].test_func = test_one_case;
		t[i].initial_state = (void *)&cases[i];
	}
	t[n].name = "schema";
	t[n].test_func = test_schema;
	for (size_t i = 0; i < n_extra; i++)
		t[n + 1 + i] = extra[i];
	int r = _cmocka_run_group_tests(group, t, n + n_extra + 1, NULL, NULL);
	free(t);
	return r;
}
