/* check-common.c: helpers shared by the check kinds (see include/check-common.h).
 *
 * The wording of "why a fact cannot be used", of a daemon key's origin and of modes and owners
 * lives here so that every check kind says it the same way. Pure: no I/O. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "check-common.h"
#include "daemon-options.h"

#define DAEMON_JSON_DEFAULT "/etc/docker/daemon.json"

/* ---- facts ---- */

static const char *const probe_names[] = {
	"daemon", "accounts", "files", "mounts", "sysctl", "lsm", "audit", "sockets", "engine",
};

bool check_require_probes(const struct facts *f, unsigned mask, struct result *res)
{
	unsigned missing = mask & ~f->probed;
	if (!missing)
		return true;
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < ELEMENTSOF(probe_names); i++)
		if (missing & (1u << i))
			strbuf_addf(&sb, "%s%s", sb.len ? ", " : "", probe_names[i]);
	_cleanup_free_ char *names = strbuf_detach(&sb);
	result_set(res, STATUS_ERROR, "facts not collected: the %s probe%s did not run", names,
		   strchr(names, ',') ? "s" : "");
	result_add_evidence(res, "dockward", 0, 0, "probes not run: %s", names);
	return false;
}

const char *check_status_reason(const struct fact_status *s)
{
	switch (s->state) {
	case FACT_UNKNOWN:
		return "not collected (its probe did not run)";
	case FACT_OK:
		return "ok";
	case FACT_ABSENT:
		return s->reason ? s->reason : "absent";
	case FACT_UNREADABLE:
		if (s->reason)
			return s->reason;
		return s->err ? strerror(s->err) : "unreadable";
	case FACT_INVALID:
		return s->reason ? s->reason : "invalid";
	default:
		return "?";
	}
}

bool check_status_usable(struct result *res, const struct fact_status *s, const char *what,
			 const char *fallback_source)
{
	if (check_state_usable(s->state))
		return true;
	const char *reason = check_status_reason(s);
	result_set(res, STATUS_ERROR, "%s is %s", what, reason);
	result_add_evidence(res, s->source ? s->source : fallback_source, 0, 0, "%s", reason);
	return false;
}

const char *check_rel(const char *path)
{
	if (path && path[0] == '/' && path[1])
		return path + 1;
	return path ? path : "?";
}

/* ---- modes, owners, paths ---- */

void check_mode_format(uint32_t mode, char buf[static 8])
{
	snprintf(buf, 8, "%04o", (unsigned)(mode & 07777));
}

int check_mode_param(const struct value *v, uint32_t *ret)
{
	char text[32];
	if (!v)
		return -EINVAL;
	if (v->type == VALUE_STRING)
		return parse_mode(v->s, ret);
	if (v->type == VALUE_INT) {
		if (v->i < 0)
			return -EINVAL;
		snprintf(text, sizeof(text), "%" PRId64, v->i);
		return parse_mode(text, ret);
	}
	return -EINVAL;
}

const char *check_uid_name(const struct accounts_facts *a, uint32_t uid, char buf[static 16])
{
	const char *n = a ? accounts_user_name(a, uid) : NULL;
	if (n)
		return n;
	snprintf(buf, 16, "%" PRIu32, uid);
	return buf;
}

const char *check_gid_name(const struct accounts_facts *a, uint32_t gid, char buf[static 16])
{
	const char *n = a ? accounts_group_name(a, gid) : NULL;
	if (n)
		return n;
	snprintf(buf, 16, "%" PRIu32, gid);
	return buf;
}

char *check_path_normalize(const char *p)
{
	struct strbuf sb = STRBUF_INIT;
	bool abs = p[0] == '/';
	const char *s = p;
	while (*s) {
		while (*s == '/')
			s++;
		if (!*s)
			break;
		size_t n = strcspn(s, "/");
		if (!(n == 1 && s[0] == '.')) {
			if (sb.len || abs)
				strbuf_addc(&sb, '/');
			strbuf_add(&sb, s, n);
		}
		s += n;
	}
	if (!sb.len)
		strbuf_adds(&sb, abs ? "/" : ".");
	return strbuf_detach(&sb);
}

bool check_path_equal(const char *a, const char *b)
{
	_cleanup_free_ char *x = check_path_normalize(a);
	_cleanup_free_ char *y = check_path_normalize(b);
	return STREQ(x, y);
}

bool check_path_below(const char *path, const char *dir)
{
	_cleanup_free_ char *p = check_path_normalize(path);
	_cleanup_free_ char *d = check_path_normalize(dir);
	if (STREQ(p, d))
		return false;
	if (STREQ(d, "/"))
		return p[0] == '/';
	size_t n = strlen(d);
	return strncmp(p, d, n) == 0 && p[n] == '/';
}

/* ---- values ---- */

bool check_value_empty(const struct value *v)
{
	if (!v)
		return true;
	switch (v->type) {
	case VALUE_NULL:
		return true;
	case VALUE_STRING:
		return !*v->s;
	case VALUE_LIST:
		return v->list.n == 0;
	case VALUE_MAP:
		return v->map.n == 0;
	default:
		return false;
	}
}

static bool is_scalar(const struct value *v)
{
	return v->type == VALUE_BOOL || v->type == VALUE_INT || v->type == VALUE_STRING;
}

char *check_value_plain(const struct value *v)
{
	if (v && v->type == VALUE_STRING)
		return xstrdup(v->s);
	return value_to_text(v);
}

bool check_value_equal(const struct value *a, const struct value *b)
{
	if (!a || !b)
		return a == b;
	if (is_scalar(a) && is_scalar(b)) {
		if (a->type == b->type)
			return value_equal(a, b);
		_cleanup_free_ char *x = check_value_plain(a);
		_cleanup_free_ char *y = check_value_plain(b);
		return STREQ(x, y);
	}
	if (a->type != b->type)
		return false;
	if (a->type == VALUE_LIST) {
		if (a->list.n != b->list.n)
			return false;
		for (size_t i = 0; i < a->list.n; i++)
			if (!check_value_equal(a->list.items[i], b->list.items[i]))
				return false;
		return true;
	}
	if (a->type == VALUE_MAP) {
		if (a->map.n != b->map.n)
			return false;
		for (size_t i = 0; i < a->map.n; i++)
			if (!check_value_equal(a->map.vals[i], value_map_get(b, a->map.keys[i])))
				return false;
		return true;
	}
	return value_equal(a, b);
}

char *check_list_text(const struct value *list)
{
	if (!list || list->type != VALUE_LIST)
		return value_to_text(list);
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < list->list.n; i++) {
		_cleanup_free_ char *t = value_to_text(list->list.items[i]);
		strbuf_addf(&sb, "%s%s", i ? ", " : "", t);
	}
	return strbuf_detach(&sb);
}

char *check_list_or(const struct value *list)
{
	if (!list || list->type != VALUE_LIST)
		return check_value_plain(list);
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < list->list.n; i++) {
		_cleanup_free_ char *t = check_value_plain(list->list.items[i]);
		strbuf_addf(&sb, "%s%s", i == 0 ? "" : i + 1 == list->list.n ? " or " : ", ", t);
	}
	return strbuf_detach(&sb);
}

/* ---- the daemon configuration ---- */

static const char *config_source(const struct daemon_facts *d)
{
	return d->config.source ? d->config.source : DAEMON_JSON_DEFAULT;
}

bool check_daemon_present(const struct facts *f, struct result *res)
{
	if (!check_require_probes(f, PROBE_DAEMON, res))
		return false;
	if (!f->daemon.installed) {
		result_set(res, STATUS_NOT_APPLICABLE,
			   "Docker is not installed (no dockerd binary, docker.service unit or "
			   "daemon.json)");
		result_add_evidence(res, config_source(&f->daemon), 0, 0,
				    "absent; no usr/bin/dockerd, usr/sbin/dockerd or docker.service "
				    "either");
		return false;
	}
	return true;
}

bool check_daemon_config_usable(const struct daemon_facts *d)
{
	return check_state_usable(d->config.state);
}

char *check_daemon_config_problem(const struct daemon_facts *d)
{
	const struct diag *e = &d->config_error;
	if (d->config.state == FACT_INVALID && e->message) {
		const char *file = check_rel(e->file ? e->file : config_source(d));
		if (e->line > 0 && e->col > 0)
			return xasprintf("%s:%d:%d: %s", file, e->line, e->col, e->message);
		if (e->line > 0)
			return xasprintf("%s:%d: %s", file, e->line, e->message);
		return xasprintf("%s: %s", file, e->message);
	}
	return xasprintf("%s: %s", check_rel(config_source(d)), check_status_reason(&d->config));
}

void check_daemon_config_evidence(struct result *res, const struct daemon_facts *d)
{
	const struct diag *e = &d->config_error;
	if (d->config.state == FACT_INVALID && e->message)
		result_add_evidence(res, e->file ? e->file : config_source(d), e->line, e->col, "%s",
				    e->message);
	else
		result_add_evidence(res, config_source(d), 0, 0, "%s",
				    check_status_reason(&d->config));
}

bool check_daemon_lookup(struct result *res, const struct daemon_facts *d, const char *key,
			 struct daemon_lookup *ret)
{
	const struct daemon_setting *s = daemon_facts_find(d, key);
	if (!(s && s->flag_value) && !check_daemon_config_usable(d)) {
		_cleanup_free_ char *why = check_daemon_config_problem(d);
		result_set(res, STATUS_ERROR,
			   "cannot tell the value of %s: daemon.json is %s (%s)", key,
			   fact_state_to_string(d->config.state), why);
		check_daemon_config_evidence(res, d);
		return false;
	}
	ret->setting = s;
	ret->value = daemon_facts_effective(d, key, &ret->source);
	return true;
}

static char *flag_text(const struct daemon_setting *s)
{
	if (s->flag_text)
		return xstrdup(s->flag_text);
	_cleanup_free_ char *v = check_value_plain(s->flag_value);
	return xasprintf("--%s=%s", s->key, v);
}

static void add_file_evidence(struct result *res, const struct daemon_facts *d,
			      const struct daemon_setting *s)
{
	_cleanup_free_ char *v = value_to_text(s->file_value);
	result_add_evidence(res, config_source(d), s->file_line, s->file_col, "\"%s\": %s", s->key,
			    v);
}

static void add_flag_evidence(struct result *res, const struct daemon_facts *d,
			      const struct daemon_setting *s)
{
	_cleanup_free_ char *t = flag_text(s);
	result_add_evidence(res, d->flags_source ? d->flags_source : "dockerd flags",
			    d->flags_line, 0, "%s", t);
}

bool check_daemon_conflict(struct result *res, const struct daemon_facts *d, const char *key)
{
	const struct daemon_setting *s = daemon_facts_find(d, key);
	if (!s || !s->flag_value || !s->file_value)
		return false;
	_cleanup_free_ char *ft = flag_text(s);
	_cleanup_free_ char *fv = value_to_text(s->file_value);
	result_set(res, STATUS_FAIL,
		   "%s set both as flag (%s) and in daemon.json (%s:%d: %s); dockerd refuses to start",
		   key, ft, check_rel(config_source(d)), s->file_line, fv);
	add_flag_evidence(res, d, s);
	add_file_evidence(res, d, s);
	return true;
}

char *check_daemon_where(const struct daemon_facts *d, const char *key)
{
	const struct daemon_setting *s = daemon_facts_find(d, key);
	if (s && s->flag_value) {
		_cleanup_free_ char *t = flag_text(s);
		return xasprintf("dockerd flag %s", t);
	}
	if (s && s->file_value)
		return xasprintf("%s:%d", check_rel(config_source(d)), s->file_line);
	const struct daemon_option *o = daemon_option_by_key(key);
	if (o && o->default_value)
		return xasprintf("dockerd default: nothing sets %s", key);
	return xasprintf("nothing sets %s and dockerd has no default", key);
}

char *check_daemon_describe(const struct daemon_facts *d, const char *key)
{
	const struct value *v = daemon_facts_effective(d, key, NULL);
	_cleanup_free_ char *where = check_daemon_where(d, key);
	if (!v)
		return xasprintf("unset (%s)", where);
	_cleanup_free_ char *t = value_to_text(v);
	return xasprintf("%s (%s)", t, where);
}

void check_daemon_evidence(struct result *res, const struct daemon_facts *d, const char *key)
{
	const struct daemon_setting *s = daemon_facts_find(d, key);
	if (s && s->flag_value)
		add_flag_evidence(res, d, s);
	if (s && s->file_value)
		add_file_evidence(res, d, s);
	if (s && (s->flag_value || s->file_value))
		return;

	const struct daemon_option *o = daemon_option_by_key(key);
	if (d->config.state == FACT_OK)
		result_add_evidence(res, config_source(d), 0, 0, "does not set %s", key);
	else
		result_add_evidence(res, config_source(d), 0, 0, "%s",
				    check_status_reason(&d->config));
	if (d->flags_from != DAEMON_FLAGS_NONE)
		result_add_evidence(res, d->flags_source ? d->flags_source : "dockerd flags",
				    d->flags_line, 0, "no --%s flag", o && o->flag ? o->flag : key);
	else
		result_add_evidence(res, "dockerd flags", 0, 0,
				    "no running dockerd and no docker.service unit found");
	if (o && o->default_value) {
		_cleanup_free_ char *t = value_to_text(o->default_value);
		result_add_evidence(res, "dockerd default", 0, 0, "%s: %s", key, t);
	} else {
		result_add_evidence(res, "dockerd default", 0, 0, "%s: none", key);
	}
}

/* ---- the running daemon ---- */

const struct engine_setting *check_engine_setting(const struct facts *f, const char *key)
{
	if (!(f->probed & PROBE_ENGINE) || f->engine.status.state != FACT_OK)
		return NULL;
	return engine_facts_setting(&f->engine, key);
}

void check_engine_evidence(struct result *res, const struct facts *f,
			   const struct engine_setting *s)
{
	const char *field = s->api_field ? s->api_field : "?";
	const char *sp = strchr(field, ' ');
	_cleanup_free_ char *source = sp ? xasprintf("GET %.*s", (int)(sp - field), field)
					 : xstrdup("engine API");
	const char *host = f->engine.docker_host ? f->engine.docker_host : "engine";
	result_add_evidence(res, source, 0, 0, "%s: %s (%s)", sp ? sp + 1 : field,
			    s->api_text ? s->api_text : "?", host);
}

/* ---- validate() helpers ---- */

static void pos_of(const struct value *check, const char *name, int *line, int *col)
{
	const struct value *v = name ? value_map_get(check, name) : NULL;
	if (v && v->line > 0) {
		*line = v->line;
		*col = v->col;
	} else {
		*line = check ? check->line : 0;
		*col = check ? check->col : 0;
	}
}

void check_value_pos(const struct value *check, const struct value *list, const struct value *v,
		     int *ret_line, int *ret_col)
{
	const struct value *at = v && v->line > 0 ? v : list && list->line > 0 ? list : check;
	*ret_line = at ? at->line : 0;
	*ret_col = at ? at->col : 0;
}

int check_validate_exactly_one(const struct value *check, const char *file, struct diags *diags,
			       const char *const *names)
{
	struct strbuf all = STRBUF_INIT, found = STRBUF_INIT;
	size_t n = 0;
	for (size_t i = 0; names[i]; i++) {
		strbuf_addf(&all, "%s%s", i ? ", " : "", names[i]);
		if (value_map_get(check, names[i])) {
			strbuf_addf(&found, "%s%s", n ? ", " : "", names[i]);
			n++;
		}
	}
	_cleanup_free_ char *a = strbuf_detach(&all);
	_cleanup_free_ char *fnd = strbuf_detach(&found);
	if (n == 1)
		return 0;
	int line = check ? check->line : 0, col = check ? check->col : 0;
	if (n == 0)
		diags_add(diags, file, line, col, "exactly one of %s is required, found none", a);
	else
		diags_add(diags, file, line, col, "exactly one of %s is allowed, found %s", a, fnd);
	return -EINVAL;
}

int check_validate_enum(const struct value *check, const char *file, struct diags *diags,
			const char *name, const char *const *allowed)
{
	const struct value *v = value_map_get(check, name);
	if (!v)
		return 0;
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; allowed[i]; i++) {
		if (v->type == VALUE_STRING && STREQ(v->s, allowed[i])) {
			strbuf_release(&sb);
			return 0;
		}
		strbuf_addf(&sb, "%s'%s'", i ? ", " : "", allowed[i]);
	}
	_cleanup_free_ char *list = strbuf_detach(&sb);
	_cleanup_free_ char *t = value_to_text(v);
	int line, col;
	pos_of(check, name, &line, &col);
	diags_add(diags, file, line, col, "%s: %s is not one of %s", name, t, list);
	return -EINVAL;
}

int check_validate_daemon_key(const struct value *check, const char *file, struct diags *diags,
			      const char *name)
{
	const struct value *v = value_map_get(check, name);
	if (!v || v->type != VALUE_STRING || daemon_option_by_key(v->s))
		return 0;
	int line, col;
	pos_of(check, name, &line, &col);
	diags_add(diags, file, line, col, "%s: '%s' is not a daemon.json key dockward knows", name,
		  v->s);
	return -EINVAL;
}

int check_validate_abs_path(const struct value *check, const char *file, struct diags *diags,
			    const char *name)
{
	const struct value *v = value_map_get(check, name);
	if (!v)
		return 0;
	int r = 0;
	size_t n = v->type == VALUE_LIST ? v->list.n : 1;
	for (size_t i = 0; i < n; i++) {
		const struct value *it = v->type == VALUE_LIST ? v->list.items[i] : v;
		if (it->type == VALUE_STRING && it->s[0] == '/')
			continue;
		_cleanup_free_ char *t = value_to_text(it);
		int line, col;
		check_value_pos(check, v, it, &line, &col);
		diags_add(diags, file, line, col, "%s: %s is not an absolute path", name, t);
		r = -EINVAL;
	}
	return r;
}
