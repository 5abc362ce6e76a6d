/* plan-builder.c: collects what the fixers of one fix want, then turns it into a plan.
 *
 * The builder is the only part of src/fixers/ that reads the host, and it only reads: the files
 * that fixers ask for (through host.h, under the root, symlinks in the last component refused so
 * that a plan never writes through a link it did not make) and the attributes of paths whose mode
 * or owner a fixer wants to change. Fixers chain on a file: each gets the text the previous one
 * planned. At the end, files whose planned text is their current text drop out, so a second
 * fix on a fixed host plans nothing. */
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>

#include "augeas-util.h"
#include "fixer.h"

struct pb_file {
	char *path;
	int load_err;  /* -errno when it could not be read */
	bool exists;
	char *orig;    /* current bytes, NULL when absent */
	size_t orig_len;
	uint32_t mode, uid, gid;
	char *text;    /* planned text (NULL: not planned yet) */
	size_t len;
	uint32_t create_mode;
	bool daemon_config;
	char **rule_ids;
	struct strbuf what;
};

struct plan_builder {
	const struct host *host;
	const struct facts *facts;
	bool live;
	struct pb_file *files;
	size_t n_files;
	struct plan staged; /* attributes, live actions, notes, errors */
	char **planned;
	struct augeas_session *aug;
};

struct plan_builder *plan_builder_new(const struct host *h, const struct facts *f,
				      const struct plan_builder_options *o)
{
	struct plan_builder *pb = xcalloc(1, sizeof(*pb));
	pb->host = h;
	pb->facts = f;
	pb->live = o && o->live;
	plan_init(&pb->staged);
	return pb;
}

struct plan_builder *plan_builder_free(struct plan_builder *pb)
{
	if (!pb)
		return NULL;
	for (size_t i = 0; i < pb->n_files; i++) {
		struct pb_file *pf = &pb->files[i];
		free(pf->path);
		free(pf->orig);
		free(pf->text);
		strv_free(pf->rule_ids);
		strbuf_release(&pf->what);
	}
	free(pb->files);
	plan_release(&pb->staged);
	strv_free(pb->planned);
	augeas_session_free(pb->aug);
	free(pb);
	return NULL;
}

const struct facts *pb_facts(const struct plan_builder *pb)
{
	return pb->facts;
}

const struct host *pb_host(const struct plan_builder *pb)
{
	return pb->host;
}

bool pb_live(const struct plan_builder *pb)
{
	return pb->live;
}

struct augeas_session *pb_augeas(struct plan_builder *pb)
{
	if (!pb->aug)
		pb->aug = augeas_session_new();
	return pb->aug;
}

static struct pb_file *file_find(struct plan_builder *pb, const char *path)
{
	for (size_t i = 0; i < pb->n_files; i++)
		if (STREQ(pb->files[i].path, path))
			return &pb->files[i];
	return NULL;
}

static struct pb_file *file_load(struct plan_builder *pb, const char *path)
{
	struct pb_file *pf = file_find(pb, path);
	if (pf)
		return pf;
	pf = GROW(pb->files, pb->n_files);
	pf->path = xstrdup(path);
	struct stat st;
	int r = host_stat(pb->host, path, false, &st);
	if (r == -ENOENT)
		return pf;
	if (r < 0) {
		pf->load_err = r;
		return pf;
	}
	if (S_ISLNK(st.st_mode)) {
		pf->load_err = -ELOOP;
		return pf;
	}
	if (!S_ISREG(st.st_mode)) {
		pf->load_err = S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
		return pf;
	}
	r = host_read_file(pb->host, path, 0, false, &pf->orig, &pf->orig_len);
	if (r < 0) {
		pf->load_err = r;
		return pf;
	}
	pf->exists = true;
	pf->mode = st.st_mode & 07777;
	pf->uid = st.st_uid;
	pf->gid = st.st_gid;
	return pf;
}

int pb_file_get(struct plan_builder *pb, const char *path, const char **ret_text, size_t *ret_len)
{
	struct pb_file *pf = file_load(pb, path);
	*ret_text = NULL;
	*ret_len = 0;
	if (pf->load_err < 0)
		return pf->load_err;
	if (pf->text) {
		*ret_text = pf->text;
		*ret_len = pf->len;
	} else if (pf->exists) {
		*ret_text = pf->orig;
		*ret_len = pf->orig_len;
	}
	return 0;
}

void pb_file_put(struct plan_builder *pb, const struct rule *r, const char *path,
		 const char *text, size_t len, uint32_t create_mode, bool daemon_config,
		 const char *what_fmt, ...)
{
	struct pb_file *pf = file_load(pb, path);
	if (pf->load_err < 0) /* the fixer was told by pb_file_get; nothing can be planned */
		return;
	char *copy = xmalloc(len + 1);
	memcpy(copy, text, len);
	copy[len] = '\0';
	free(pf->text);
	pf->text = copy;
	pf->len = len;
	if (!pf->create_mode)
		pf->create_mode = create_mode;
	pf->daemon_config |= daemon_config;
	if (r && !strv_contains(pf->rule_ids, r->id))
		strv_extend(&pf->rule_ids, r->id);
	if (what_fmt) {
		va_list ap;
		va_start(ap, what_fmt);
		_cleanup_free_ char *what = xvasprintf(what_fmt, ap);
		va_end(ap);
		if (pf->what.len)
			strbuf_adds(&pf->what, "; ");
		strbuf_adds(&pf->what, what);
	}
}

void pb_attr(struct plan_builder *pb, const struct rule *r, const char *path, int64_t mode,
	     int64_t uid, int64_t gid)
{
	struct stat st;
	int k = host_stat(pb->host, path, false, &st);
	if (k < 0) {
		errno = -k;
		pb_note(pb, r, NOTE_SKIPPED, "%s: cannot change its owner or mode: %m", path);
		return;
	}
	if (S_ISLNK(st.st_mode)) {
		pb_note(pb, r, NOTE_SKIPPED,
			"%s is a symlink: dockward does not change attributes through links", path);
		return;
	}
	if (mode >= 0 && (int64_t)(st.st_mode & 07777) == mode)
		mode = -1;
	if (uid >= 0 && (int64_t)st.st_uid == uid)
		uid = -1;
	if (gid >= 0 && (int64_t)st.st_gid == gid)
		gid = -1;
	if (mode < 0 && uid < 0 && gid < 0)
		return;
	struct change *c = plan_find_change(&pb->staged, CHANGE_ATTR, path);
	if (!c) {
		c = plan_add_change(&pb->staged, CHANGE_ATTR);
		c->path = xstrdup(path);
		c->old_mode = st.st_mode & 07777;
		c->old_uid = st.st_uid;
		c->old_gid = st.st_gid;
	}
	if (mode >= 0)
		c->set_mode = mode;
	if (uid >= 0)
		c->set_uid = uid;
	if (gid >= 0)
		c->set_gid = gid;
	if (r)
		change_add_rule(c, r->id);
}

void pb_sysctl_live(struct plan_builder *pb, const struct rule *r, const char *key,
		    const char *value, const char *old_value)
{
	if (!pb->live)
		return;
	struct change *c = plan_find_change(&pb->staged, CHANGE_SYSCTL, key);
	if (!c) {
		c = plan_add_change(&pb->staged, CHANGE_SYSCTL);
		c->path = xstrdup(key);
		c->old_value = xstrdup_or_null(old_value);
	}
	free(c->value);
	c->value = xstrdup(value);
	free(c->summary);
	c->summary = xasprintf("sysctl %s=%s (now %s)", key, value, old_value ? old_value : "?");
	if (r)
		change_add_rule(c, r->id);
}

void pb_selinux_enforce(struct plan_builder *pb, const struct rule *r)
{
	if (!pb->live)
		return;
	struct change *c = plan_find_change(&pb->staged, CHANGE_SELINUX, "selinux");
	if (!c) {
		c = plan_add_change(&pb->staged, CHANGE_SELINUX);
		c->path = xstrdup("selinux");
		c->value = xstrdup("1");
		c->old_value = xstrdup("0");
		c->summary = xstrdup("switch SELinux to enforcing now (setenforce 1)");
	}
	if (r)
		change_add_rule(c, r->id);
}

static bool strv_equal(char *const *a, char *const *b)
{
	size_t i = 0;
	for (; a && b && a[i] && b[i]; i++)
		if (!STREQ(a[i], b[i]))
			return false;
	return (!a || !a[i]) && (!b || !b[i]);
}

void pb_command(struct plan_builder *pb, const struct rule *r, char *const *argv,
		const char *summary)
{
	if (!pb->live || !argv || !argv[0])
		return;
	struct change *c = NULL;
	for (size_t i = 0; i < pb->staged.n_changes && !c; i++)
		if (pb->staged.changes[i].kind == CHANGE_COMMAND &&
		    strv_equal(pb->staged.changes[i].argv, argv))
			c = &pb->staged.changes[i];
	if (!c) {
		c = plan_add_change(&pb->staged, CHANGE_COMMAND);
		c->path = xstrdup(argv[0]);
		for (size_t i = 0; argv[i]; i++)
			strv_extend(&c->argv, argv[i]);
		c->summary = xstrdup(summary);
	}
	if (r)
		change_add_rule(c, r->id);
}

void pb_note(struct plan_builder *pb, const struct rule *r, enum note_kind k, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	_cleanup_free_ char *text = xvasprintf(fmt, ap);
	va_end(ap);
	plan_add_note(&pb->staged, k, r ? r->id : NULL, "%s", text);
}

void pb_error(struct plan_builder *pb, const struct rule *r, const char *file, int line, int col,
	      const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	_cleanup_free_ char *text = xvasprintf(fmt, ap);
	va_end(ap);
	if (r)
		diags_add(&pb->staged.errors, file, line, col, "%s (needed to fix %s)", text, r->id);
	else
		diags_add(&pb->staged.errors, file, line, col, "%s", text);
}

void pb_rule_planned(struct plan_builder *pb, const struct rule *r)
{
	if (r && !strv_contains(pb->planned, r->id))
		strv_extend(&pb->planned, r->id);
}

static void move_change(struct plan *dst, struct change *src)
{
	struct change *c = GROW(dst->changes, dst->n_changes);
	*c = *src;
	memset(src, 0, sizeof(*src));
	src->kind = _CHANGE_KIND_MAX; /* moved */
}

void plan_builder_finish(struct plan_builder *pb, struct plan *ret)
{
	plan_init(ret);
	struct plan *st = &pb->staged;

	for (size_t i = 0; i < pb->n_files; i++) {
		struct pb_file *pf = &pb->files[i];
		if (!pf->text || pf->load_err < 0)
			continue;
		struct change *attr = plan_find_change(st, CHANGE_ATTR, pf->path);
		bool same = pf->exists && pf->len == pf->orig_len &&
			    memcmp(pf->text, pf->orig, pf->len) == 0;
		if (same)
			continue; /* an attribute change, if any, stays a change of its own */
		struct change *c = plan_add_change(ret, CHANGE_FILE);
		c->path = xstrdup(pf->path);
		c->summary = xasprintf("%s %s%s%s", pf->exists ? "edit" : "create", pf->path,
				       pf->what.len ? ": " : "", pf->what.len ? pf->what.buf : "");
		c->rule_ids = TAKE_PTR(pf->rule_ids);
		c->daemon_config = pf->daemon_config;
		c->old_exists = pf->exists;
		if (pf->exists) {
			c->old_content = xmalloc(pf->orig_len + 1);
			memcpy(c->old_content, pf->orig, pf->orig_len);
			c->old_content[pf->orig_len] = '\0';
			c->old_len = pf->orig_len;
			sha256_hex(pf->orig, pf->orig_len, c->old_sha256);
			c->old_mode = pf->mode;
			c->old_uid = pf->uid;
			c->old_gid = pf->gid;
		} else {
			c->set_mode = pf->create_mode ? pf->create_mode : 0644;
			c->set_uid = 0;
			c->set_gid = 0;
		}
		c->new_content = TAKE_PTR(pf->text);
		c->new_len = pf->len;
		if (attr) { /* fold a chmod/chown of the same file into its write */
			if (attr->set_mode >= 0)
				c->set_mode = attr->set_mode;
			if (attr->set_uid >= 0)
				c->set_uid = attr->set_uid;
			if (attr->set_gid >= 0)
				c->set_gid = attr->set_gid;
			for (size_t j = 0; attr->rule_ids && attr->rule_ids[j]; j++)
				change_add_rule(c, attr->rule_ids[j]);
			change_release(attr);
			attr->kind = _CHANGE_KIND_MAX; /* dropped below */
		}
		if (c->daemon_config) {
			ret->restart = true;
			for (size_t j = 0; c->rule_ids && c->rule_ids[j]; j++)
				if (!strv_contains(ret->restart_rules, c->rule_ids[j]))
					strv_extend(&ret->restart_rules, c->rule_ids[j]);
		}
	}
	/* attributes, then live actions, each in the order asked */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < st->n_changes; i++) {
			struct change *c = &st->changes[i];
			if (c->kind == _CHANGE_KIND_MAX || (pass == 0) != (c->kind == CHANGE_ATTR))
				continue;
			if (c->kind == CHANGE_ATTR && !c->summary) {
				struct strbuf sb = STRBUF_INIT;
				strbuf_addf(&sb, "%s:", c->path);
				if (c->set_mode >= 0)
					strbuf_addf(&sb, " mode %04o -> %04o", c->old_mode,
						    (unsigned)c->set_mode);
				if (c->set_uid >= 0 || c->set_gid >= 0)
					strbuf_addf(&sb, " owner %u:%u -> %u:%u", c->old_uid,
						    c->old_gid,
						    (unsigned)(c->set_uid >= 0 ? c->set_uid
									       : c->old_uid),
						    (unsigned)(c->set_gid >= 0 ? c->set_gid
									       : c->old_gid));
				c->summary = strbuf_detach(&sb);
			}
			move_change(ret, c);
		}
	for (size_t i = 0; i < st->n_changes; i++)
		change_release(&st->changes[i]);
	free(st->changes);
	st->changes = NULL;
	st->n_changes = 0;

	ret->notes = TAKE_PTR(st->notes);
	ret->n_notes = st->n_notes;
	st->n_notes = 0;
	ret->errors = st->errors;
	memset(&st->errors, 0, sizeof(st->errors));
	ret->rules_planned = TAKE_PTR(pb->planned);
}
