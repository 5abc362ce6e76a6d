/* fixer-userns-remap.c: fixer kind `userns_remap`: user namespace remapping, end to end.
 *
 * Plans, for the remap user (`user`: "default" means dockerd's own name for it, dockremap):
 *   - the user in /etc/passwd (Passwd.lns): a free system id (the highest free one in 100-999,
 *     the same number for uid and gid when both are free, as adduser --system does), empty
 *     GECOS, home /nonexistent, shell /usr/sbin/nologin (or /bin/false when the root has no
 *     nologin); a locked entry ("!") in /etc/shadow when that file exists (appended as text and
 *     read back through Shadow.lns: see the comment in plan_accounts());
 *   - the group in /etc/group (Group.lns) and /etc/gshadow (Gshadow.lns) when it exists;
 *   - one range of 65536 subordinate ids in /etc/subuid and /etc/subgid, the same start in both,
 *     aligned to 65536, at or above 100000 and overlapping no range of any owner;
 *   - "userns-remap" in daemon.json (through daemon-fix.c, so a --userns-remap flag moves too).
 * An existing user, group, shadow entry or range of at least 65536 ids is reused, never
 * duplicated. The plan warns that the data root changes.
 *
 * subuid and subgid are edited by a small line editor here: Debian 12's augeas has no lens for
 * them (there is none upstream either), and their format is one "owner:start:count" per line.
 * The editor appends a line and never rewrites others. */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <sys/stat.h>

#include "augeas-util.h"
#include "daemon-fix.h"
#include "fixer.h"

#define SUBID_COUNT 65536u
#define SUBID_MIN_START 100000u
#define SYSTEM_ID_MIN 100u
#define SYSTEM_ID_MAX 999u

static const struct check_param params[] = {
	{"user", PARAM_STRING, false,
	 "remap user: \"default\" (dockerd's dockremap; default) or a user name"},
	{NULL},
};

static bool user_name_valid(const char *s)
{
	if (!*s || strlen(s) > 32 || !((*s >= 'a' && *s <= 'z') || *s == '_'))
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' ||
		      *p == '-'))
			return false;
	return true;
}

static int validate(const struct value *fix, const char *file, struct diags *diags)
{
	const struct value *u = value_map_get(fix, "user");
	if (u && u->type == VALUE_STRING && !STREQ(u->s, "default") &&
	    (!user_name_valid(u->s) || STREQ(u->s, "root"))) {
		diags_add(diags, file, u->line, u->col,
			  "user: \"default\" or a user name ([a-z_][a-z0-9_-]*, not root), not '%s'",
			  u->s);
		return -EINVAL;
	}
	return 0;
}

/* ---- subuid/subgid: "owner:start:count" lines ---- */

struct subid {
	char *owner;
	uint64_t start, count;
};

static void subids_free(struct subid *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(s[i].owner);
	free(s);
}

/* Parses the lines of a subuid/subgid file. Blank lines and '#' comments are skipped (shadow's
 * commonio keeps them). 0, or -EINVAL with *ret_line at the first bad line. */
static int subids_parse(const char *text, size_t len, struct subid **ret, size_t *ret_n,
			int *ret_line)
{
	struct subid *s = NULL;
	size_t n = 0;
	int line = 0;
	for (size_t i = 0; text && i < len;) {
		const char *b = text + i;
		const char *nl = memchr(b, '\n', len - i);
		size_t l = nl ? (size_t)(nl - b) : len - i;
		i += l + (nl ? 1 : 0);
		line++;
		_cleanup_free_ char *copy = xstrndup(b, l);
		char *t = strstrip(copy);
		if (!*t || *t == '#')
			continue;
		char *c1 = strchr(t, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		uint64_t start, count;
		if (!c2 || strchr(c2 + 1, ':') || c1 == t)
			goto bad;
		*c1 = *c2 = '\0';
		if (parse_uint64(c1 + 1, &start) < 0 || parse_uint64(c2 + 1, &count) < 0)
			goto bad;
		struct subid *x = GROW(s, n);
		x->owner = xstrdup(t);
		x->start = start;
		x->count = count;
		continue;
	bad:
		subids_free(s, n);
		*ret_line = line;
		return -EINVAL;
	}
	*ret = s;
	*ret_n = n;
	return 0;
}

static bool subids_free_range(const struct subid *s, size_t n, uint64_t start, uint64_t count)
{
	for (size_t i = 0; i < n; i++)
		if (start < s[i].start + s[i].count && s[i].start < start + count)
			return false;
	return true;
}

/* The start of a range of owner (name or uid) with at least SUBID_COUNT ids, or -1. */
static int64_t subids_owned(const struct subid *s, size_t n, const char *name, const char *uid)
{
	for (size_t i = 0; i < n; i++)
		if ((STREQ(s[i].owner, name) || (uid && STREQ(s[i].owner, uid))) &&
		    s[i].count >= SUBID_COUNT && s[i].start <= INT64_MAX)
			return (int64_t)s[i].start;
	return -1;
}

static char *subids_append(const char *text, size_t len, const char *owner, uint64_t start)
{
	struct strbuf sb = STRBUF_INIT;
	if (text && len) {
		strbuf_add(&sb, text, len);
		if (text[len - 1] != '\n')
			strbuf_addc(&sb, '\n');
	}
	strbuf_addf(&sb, "%s:%" PRIu64 ":%u\n", owner, start, SUBID_COUNT);
	return strbuf_detach(&sb);
}

/* ---- the plan ---- */

struct pending {
	char *path, *text, *what;
	uint32_t mode;
};

struct ctx {
	struct plan_builder *pb;
	const struct rule *r;
	struct pending files[6];
	size_t n;
};

static void ctx_release(struct ctx *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->files[i].path);
		free(c->files[i].text);
		free(c->files[i].what);
	}
}

static void add_pending(struct ctx *c, const char *path, char *text, uint32_t mode,
			const char *what)
{
	c->files[c->n++] = (struct pending){xstrdup(path), text, xstrdup(what), mode};
}

/* Reads path (NULL text when absent); on error notes it and returns false. */
static bool get(struct ctx *c, const char *path, char **ret)
{
	const char *text;
	size_t len;
	int r = pb_file_get(c->pb, path, &text, &len);
	if (r < 0) {
		pb_note(c->pb, c->r, NOTE_SKIPPED, "%s cannot be read: %s", path, strerror(-r));
		return false;
	}
	*ret = text ? xstrndup(text, len) : NULL;
	return true;
}

static bool aug_values(struct ctx *c, const char *lens, const char *path, const char *text,
		       const char *expr, char ***ret)
{
	_cleanup_free_ char *err = NULL;
	if (augeas_match_text(pb_augeas(c->pb), lens, text, expr, ret, &err) < 0) {
		pb_note(c->pb, c->r, NOTE_SKIPPED, "%s does not parse (%s): %s", path, lens,
			err ? err : "?");
		return false;
	}
	return true;
}

static bool aug_edit(struct ctx *c, const char *lens, const char *path, const char *text,
		     const struct augeas_op *ops, size_t n, char **ret)
{
	_cleanup_free_ char *err = NULL;
	if (augeas_edit_text(pb_augeas(c->pb), lens, text, ops, n, ret, &err) < 0) {
		pb_note(c->pb, c->r, NOTE_SKIPPED, "%s: augeas (%s) refused the edit: %s", path,
			lens, err ? err : "?");
		return false;
	}
	return true;
}

static bool id_in(char *const *ids, uint32_t id)
{
	for (size_t i = 0; ids && ids[i]; i++) {
		uint32_t x;
		if (parse_uint32(ids[i], &x) >= 0 && x == id)
			return true;
	}
	return false;
}

static bool first_id(char *const *v, uint32_t *ret)
{
	return v && v[0] && parse_uint32(v[0], ret) >= 0;
}

/* The subuid/subgid part: reuse a range or pick one free in both files. */
static bool plan_subids(struct ctx *c, const char *name, uint32_t uid)
{
	_cleanup_free_ char *ut = NULL, *gt = NULL;
	if (!get(c, "/etc/subuid", &ut) || !get(c, "/etc/subgid", &gt))
		return false;
	struct subid *su = NULL, *sg = NULL;
	size_t nu = 0, ng = 0;
	int line = 0;
	if (subids_parse(ut, ut ? strlen(ut) : 0, &su, &nu, &line) < 0) {
		pb_note(c->pb, c->r, NOTE_SKIPPED,
			"/etc/subuid line %d is not owner:start:count: fix it, then run fix again",
			line);
		return false;
	}
	if (subids_parse(gt, gt ? strlen(gt) : 0, &sg, &ng, &line) < 0) {
		subids_free(su, nu);
		pb_note(c->pb, c->r, NOTE_SKIPPED,
			"/etc/subgid line %d is not owner:start:count: fix it, then run fix again",
			line);
		return false;
	}
	char uid_text[16];
	snprintf(uid_text, sizeof(uid_text), "%" PRIu32, uid);
	int64_t hu = subids_owned(su, nu, name, uid_text);
	int64_t hg = subids_owned(sg, ng, name, uid_text);
	uint64_t start = 0;
	if (hu >= 0 && hg < 0 && subids_free_range(sg, ng, (uint64_t)hu, SUBID_COUNT))
		start = (uint64_t)hu;
	else if (hg >= 0 && hu < 0 && subids_free_range(su, nu, (uint64_t)hg, SUBID_COUNT))
		start = (uint64_t)hg;
	else
		for (uint64_t k = (SUBID_MIN_START + SUBID_COUNT - 1) / SUBID_COUNT;; k++) {
			start = k * SUBID_COUNT;
			if (subids_free_range(su, nu, start, SUBID_COUNT) &&
			    subids_free_range(sg, ng, start, SUBID_COUNT))
				break;
		}
	_cleanup_free_ char *what = xasprintf("subordinate ids %s:%" PRIu64 ":%u", name, start,
					      SUBID_COUNT);
	if (hu < 0)
		add_pending(c, "/etc/subuid", subids_append(ut, ut ? strlen(ut) : 0, name, start),
			    0644, what);
	if (hg < 0)
		add_pending(c, "/etc/subgid", subids_append(gt, gt ? strlen(gt) : 0, name, start),
			    0644, what);
	subids_free(su, nu);
	subids_free(sg, ng);
	return true;
}

static bool plan_accounts(struct ctx *c, const char *name)
{
	_cleanup_free_ char *passwd = NULL, *group = NULL, *shadow = NULL, *gshadow = NULL;
	if (!get(c, "/etc/passwd", &passwd) || !get(c, "/etc/group", &group) ||
	    !get(c, "/etc/shadow", &shadow) || !get(c, "/etc/gshadow", &gshadow))
		return false;
	if (!passwd || !group) {
		pb_note(c->pb, c->r, NOTE_SKIPPED, "%s is absent under the root",
			!passwd ? "/etc/passwd" : "/etc/group");
		return false;
	}
	_cleanup_free_ char *p_uid = xasprintf("%s/uid", name), *p_gid = xasprintf("%s/gid", name);
	_cleanup_strv_free_ char **uids = NULL, **gids = NULL, **my_uid = NULL, **my_ugid = NULL,
				 **my_gid = NULL;
	if (!aug_values(c, "Passwd.lns", "/etc/passwd", passwd, "*/uid", &uids) ||
	    !aug_values(c, "Passwd.lns", "/etc/passwd", passwd, p_uid, &my_uid) ||
	    !aug_values(c, "Passwd.lns", "/etc/passwd", passwd, p_gid, &my_ugid) ||
	    !aug_values(c, "Group.lns", "/etc/group", group, "*/gid", &gids) ||
	    !aug_values(c, "Group.lns", "/etc/group", group, p_gid, &my_gid))
		return false;

	uint32_t uid = 0, gid = 0, g;
	bool have_user = first_id(my_uid, &uid), have_group = first_id(my_gid, &g);
	if (have_user) {
		if (!first_id(my_ugid, &gid))
			gid = have_group ? g : uid;
	} else if (have_group) {
		gid = g;
		uid = 0;
		if (!id_in(uids, g))
			uid = g;
		for (uint32_t id = SYSTEM_ID_MAX; !uid && id >= SYSTEM_ID_MIN; id--)
			if (!id_in(uids, id))
				uid = id;
	} else {
		for (uint32_t id = SYSTEM_ID_MAX; !uid && id >= SYSTEM_ID_MIN; id--)
			if (!id_in(uids, id) && !id_in(gids, id))
				uid = gid = id;
	}
	if (!uid) {
		pb_note(c->pb, c->r, NOTE_SKIPPED,
			"no free system id in %u-%u for the user %s: create it by hand "
			"(adduser --system --group %s), then run fix again",
			SYSTEM_ID_MIN, SYSTEM_ID_MAX, name, name);
		return false;
	}
	if (have_group && gid != g && !have_user) /* cannot happen: gid = g above */
		return false;

	if (!have_group) {
		if (id_in(gids, gid)) {
			pb_note(c->pb, c->r, NOTE_SKIPPED,
				"the user %s's primary gid %" PRIu32 " belongs to another group: "
				"create the group %s by hand, then run fix again",
				name, gid, name);
			return false;
		}
		_cleanup_free_ char *pw = xasprintf("%s/password", name);
		_cleanup_free_ char *gid_text = xasprintf("%" PRIu32, gid);
		struct augeas_op ops[] = {
			{AUGEAS_SET, pw, "x"},
			{AUGEAS_SET, p_gid, gid_text},
		};
		char *out = NULL;
		if (!aug_edit(c, "Group.lns", "/etc/group", group, ops, ELEMENTSOF(ops), &out))
			return false;
		_cleanup_free_ char *what = xasprintf("group %s (gid %" PRIu32 ")", name, gid);
		add_pending(c, "/etc/group", out, 0644, what);
		if (gshadow) {
			_cleanup_strv_free_ char **gs = NULL;
			if (!aug_values(c, "Gshadow.lns", "/etc/gshadow", gshadow, pw, &gs))
				return false;
			if (!gs || !gs[0]) {
				struct augeas_op op = {AUGEAS_SET, pw, "!"};
				if (!aug_edit(c, "Gshadow.lns", "/etc/gshadow", gshadow, &op, 1, &out))
					return false;
				add_pending(c, "/etc/gshadow", out, 0640, what);
			}
		}
	}

	if (!have_user) {
		struct stat st;
		const char *shell = host_stat(pb_host(c->pb), "/usr/sbin/nologin", true, &st) >= 0
					    ? "/usr/sbin/nologin"
					    : "/bin/false";
		_cleanup_free_ char *pw = xasprintf("%s/password", name);
		_cleanup_free_ char *gecos = xasprintf("%s/name", name);
		_cleanup_free_ char *home = xasprintf("%s/home", name);
		_cleanup_free_ char *sh = xasprintf("%s/shell", name);
		_cleanup_free_ char *uid_text = xasprintf("%" PRIu32, uid);
		_cleanup_free_ char *gid_text = xasprintf("%" PRIu32, gid);
		struct augeas_op ops[] = {
			{AUGEAS_SET, pw, shadow ? "x" : "!"},
			{AUGEAS_SET, p_uid, uid_text},
			{AUGEAS_SET, p_gid, gid_text},
			{AUGEAS_SET, gecos, NULL},
			{AUGEAS_SET, home, "/nonexistent"},
			{AUGEAS_SET, sh, shell},
		};
		char *out = NULL;
		if (!aug_edit(c, "Passwd.lns", "/etc/passwd", passwd, ops, ELEMENTSOF(ops), &out))
			return false;
		_cleanup_free_ char *what = xasprintf("system user %s (uid %" PRIu32 ", gid %" PRIu32
						      ", no login)",
						      name, uid, gid);
		add_pending(c, "/etc/passwd", out, 0644, what);
	}
	if (shadow) {
		_cleanup_free_ char *pw = xasprintf("%s/password", name);
		_cleanup_strv_free_ char **sp = NULL;
		if (!aug_values(c, "Shadow.lns", "/etc/shadow", shadow, pw, &sp))
			return false;
		if (!sp || !sp[0]) {
			/* Shadow.lns stores the aging fields as `store integer?`: augeas 1.14
			 * cannot render a new node of it without a value ("Can not store a
			 * nonexistent (NULL) value"), and a lastchange date would make the plan
			 * depend on today's date. So the entry "NAME:!:::::::" (locked, no aging,
			 * as for a system user) is appended as text, and the lens then checks
			 * that the whole file still parses and holds exactly that entry. */
			size_t len = strlen(shadow);
			char *out = xasprintf("%s%s%s:!:::::::\n", shadow,
					      len && shadow[len - 1] != '\n' ? "\n" : "", name);
			_cleanup_strv_free_ char **check = NULL;
			if (!aug_values(c, "Shadow.lns", "/etc/shadow", out, pw, &check) ||
			    strv_length(check) != 1 || !STREQ(check[0], "!")) {
				free(out);
				if (check)
					pb_note(c->pb, c->r, NOTE_SKIPPED,
						"/etc/shadow: the entry for %s would not read back",
						name);
				return false;
			}
			_cleanup_free_ char *what = xasprintf("locked password for %s", name);
			add_pending(c, "/etc/shadow", out, 0640, what);
		}
	}
	return plan_subids(c, name, uid);
}

static void plan(const struct rule *r, const struct result *res, struct plan_builder *pb)
{
	(void)res;
	const char *user = fix_param_string(r, "user", "default");
	const char *name = STREQ(user, "default") ? "dockremap" : user;
	struct ctx c = {.pb = pb, .r = r};

	if (plan_accounts(&c, name)) {
		_cleanup_(value_freep) struct value *set = value_new_map();
		value_map_set(set, "userns-remap", value_new_string(user));
		_cleanup_free_ char *what = xasprintf("set userns-remap=\"%s\"", user);
		struct daemon_change dc = {.set = set, .what = what};
		if (daemon_fix_plan(pb, r, &dc)) {
			for (size_t i = 0; i < c.n; i++)
				pb_file_put(pb, r, c.files[i].path, c.files[i].text,
					    strlen(c.files[i].text), c.files[i].mode, false, "%s",
					    c.files[i].what);
			pb_note(pb, r, NOTE_WARNING,
				"userns-remap changes the data root to /var/lib/docker/<uid>.<gid>: "
				"existing images and containers are no longer visible until it is "
				"removed (they stay under the old data root); volumes and bind mounts "
				"need their owners shifted into %s's range, and containers that need "
				"host namespaces or --privileged must run with --userns=host",
				name);
			pb_rule_planned(pb, r);
		}
	}
	ctx_release(&c);
}

const struct fixer_kind fixer_userns_remap = {
	.name = "userns_remap",
	.help = "user namespace remapping: the remap user and group, subuid/subgid ranges and "
		"userns-remap in daemon.json",
	.params = params,
	.validate = validate,
	.plan = plan,
	.daemon_config = true,
};
