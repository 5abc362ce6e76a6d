/* facts.c: lifecycle and lookups of struct facts. No I/O: probes fill it. */
#include <errno.h>
#include <string.h>

#include "daemon-options.h"
#include "facts.h"

static const char *const fact_state_names[] = {
	[FACT_UNKNOWN] = "unknown",       [FACT_OK] = "ok",         [FACT_ABSENT] = "absent",
	[FACT_UNREADABLE] = "unreadable", [FACT_INVALID] = "invalid",
};
_Static_assert(ELEMENTSOF(fact_state_names) == _FACT_STATE_MAX, "fact_state_names");

const char *fact_state_to_string(enum fact_state s)
{
	return s < _FACT_STATE_MAX ? fact_state_names[s] : "?";
}

void fact_status_release(struct fact_status *s)
{
	free(s->source);
	free(s->reason);
	memset(s, 0, sizeof(*s));
}

void fact_status_set(struct fact_status *s, const char *source, enum fact_state state, int err,
		     const char *reason_fmt, ...)
{
	fact_status_release(s);
	s->state = state;
	s->err = err;
	s->source = xstrdup_or_null(source);
	if (reason_fmt) {
		va_list ap;
		va_start(ap, reason_fmt);
		s->reason = xvasprintf(reason_fmt, ap);
		va_end(ap);
	}
}

void fact_status_from_errno(struct fact_status *s, const char *source, int r)
{
	if (r >= 0)
		fact_status_set(s, source, FACT_OK, 0, NULL);
	else if (r == -ENOENT || r == -ENOTDIR)
		fact_status_set(s, source, FACT_ABSENT, 0, "absent");
	else if (r == -EFBIG)
		fact_status_set(s, source, FACT_UNREADABLE, -r, "unreadable: larger than the limit");
	else if (r == -EBADMSG)
		fact_status_set(s, source, FACT_INVALID, -r, "invalid: contains a NUL byte");
	else
		fact_status_set(s, source, FACT_UNREADABLE, -r, "unreadable: %s", strerror(-r));
}

void facts_init(struct facts *f, const struct host *h)
{
	memset(f, 0, sizeof(*f));
	f->host = h;
	f->lsm.selinux_enforce = -1;
}

static void daemon_facts_release(struct daemon_facts *d)
{
	free(d->dockerd_path);
	fact_status_release(&d->config);
	free(d->config_error.file);
	free(d->config_error.message);
	free(d->flags_source);
	strv_free(d->argv);
	strv_free(d->unknown_flags);
	diags_release(&d->flag_problems);
	for (size_t i = 0; i < d->n_settings; i++) {
		free(d->settings[i].key);
		value_free(d->settings[i].file_value);
		value_free(d->settings[i].flag_value);
		free(d->settings[i].flag_text);
	}
	free(d->settings);
}

static void subids_release(struct subid_range *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(s[i].owner);
	free(s);
}

static void accounts_facts_release(struct accounts_facts *a)
{
	fact_status_release(&a->passwd);
	fact_status_release(&a->group);
	fact_status_release(&a->subuid);
	fact_status_release(&a->subgid);
	for (size_t i = 0; i < a->n_users; i++)
		free(a->users[i].name);
	free(a->users);
	for (size_t i = 0; i < a->n_groups; i++) {
		free(a->groups[i].name);
		strv_free(a->groups[i].members);
	}
	free(a->groups);
	subids_release(a->subuids, a->n_subuids);
	subids_release(a->subgids, a->n_subgids);
}

void facts_release(struct facts *f)
{
	daemon_facts_release(&f->daemon);
	accounts_facts_release(&f->accounts);

	for (size_t i = 0; i < f->files.n; i++) {
		free(f->files.items[i].path);
		free(f->files.items[i].real_path);
		fact_status_release(&f->files.items[i].status);
	}
	free(f->files.items);

	fact_status_release(&f->mounts.status);
	for (size_t i = 0; i < f->mounts.n; i++) {
		struct mount_entry *m = &f->mounts.items[i];
		free(m->root);
		free(m->target);
		free(m->fstype);
		free(m->source);
		free(m->options);
	}
	free(f->mounts.items);

	fact_status_release(&f->sysctl.live_root);
	for (size_t i = 0; i < f->sysctl.n; i++) {
		struct sysctl_fact *s = &f->sysctl.items[i];
		free(s->key);
		fact_status_release(&s->live);
		free(s->live_value);
		free(s->persisted_value);
		free(s->persisted_file);
	}
	free(f->sysctl.items);
	strv_free(f->sysctl.files_read);
	diags_release(&f->sysctl.problems);

	fact_status_release(&f->lsm.selinux_fs);
	fact_status_release(&f->lsm.selinux_config);
	free(f->lsm.selinux_config_mode);
	free(f->lsm.selinux_config_type);
	fact_status_release(&f->lsm.apparmor_module);
	fact_status_release(&f->lsm.apparmor_profiles);

	fact_status_release(&f->audit.status);
	strv_free(f->audit.files_read);
	for (size_t i = 0; i < f->audit.n; i++) {
		free(f->audit.items[i].path);
		free(f->audit.items[i].perms);
		free(f->audit.items[i].key);
		free(f->audit.items[i].source);
	}
	free(f->audit.items);

	fact_status_release(&f->sockets.status);
	free(f->sockets.items);
	engine_facts_release(&f->engine);
	memset(f, 0, sizeof(*f));
}

const struct daemon_setting *daemon_facts_find(const struct daemon_facts *d, const char *key)
{
	for (size_t i = 0; i < d->n_settings; i++)
		if (STREQ(d->settings[i].key, key))
			return &d->settings[i];
	return NULL;
}

const struct value *daemon_facts_effective(const struct daemon_facts *d, const char *key,
					   enum daemon_source *ret_source)
{
	const struct daemon_setting *s = daemon_facts_find(d, key);
	if (s && s->flag_value) {
		if (ret_source)
			*ret_source = DAEMON_SOURCE_FLAG;
		return s->flag_value;
	}
	if (s && s->file_value) {
		if (ret_source)
			*ret_source = DAEMON_SOURCE_FILE;
		return s->file_value;
	}
	if (ret_source)
		*ret_source = DAEMON_SOURCE_DEFAULT;
	const struct daemon_option *o = daemon_option_by_key(key);
	return o ? o->default_value : NULL;
}

const struct account_group *accounts_find_group(const struct accounts_facts *a, const char *name)
{
	for (size_t i = 0; i < a->n_groups; i++)
		if (STREQ(a->groups[i].name, name))
			return &a->groups[i];
	return NULL;
}

const struct account_user *accounts_find_user(const struct accounts_facts *a, const char *name)
{
	for (size_t i = 0; i < a->n_users; i++)
		if (STREQ(a->users[i].name, name))
			return &a->users[i];
	return NULL;
}

const char *accounts_user_name(const struct accounts_facts *a, uint32_t uid)
{
	for (size_t i = 0; i < a->n_users; i++)
		if (a->users[i].uid == uid)
			return a->users[i].name;
	return NULL;
}

const char *accounts_group_name(const struct accounts_facts *a, uint32_t gid)
{
	for (size_t i = 0; i < a->n_groups; i++)
		if (a->groups[i].gid == gid)
			return a->groups[i].name;
	return NULL;
}

const struct file_fact *facts_find_file(const struct files_facts *f, const char *path)
{
	for (size_t i = 0; i < f->n; i++)
		if (STREQ(f->items[i].path, path))
			return &f->items[i];
	return NULL;
}

const struct sysctl_fact *facts_find_sysctl(const struct sysctl_facts *s, const char *key)
{
	for (size_t i = 0; i < s->n; i++)
		if (STREQ(s->items[i].key, key))
			return &s->items[i];
	return NULL;
}

void fact_requests_add_file(struct fact_requests *q, const char *path, bool recursive)
{
	for (size_t i = 0; i < q->n_files; i++)
		if (STREQ(q->files[i].path, path)) {
			q->files[i].recursive |= recursive;
			return;
		}
	struct file_request *r = GROW(q->files, q->n_files);
	r->path = xstrdup(path);
	r->recursive = recursive;
}

void fact_requests_add_sysctl(struct fact_requests *q, const char *key)
{
	if (!strv_contains(q->sysctls, key))
		strv_extend(&q->sysctls, key);
}

void fact_requests_release(struct fact_requests *q)
{
	for (size_t i = 0; i < q->n_files; i++)
		free(q->files[i].path);
	free(q->files);
	strv_free(q->sysctls);
	memset(q, 0, sizeof(*q));
}
