/* fixer-sysctl.c: fixer kind `sysctl`: a kernel parameter, persisted for boot and set live.
 *
 * Persisted: in DOCKWARD_SYSCTL_FILE (/etc/sysctl.d/60-dockward.conf, created 0644 with a header
 * saying dockward wrote it), edited through augeas's Sysctl.lns so that comments and other keys
 * stay as they are. Whether that file wins depends on the order systemd-sysctl applies files in
 * (the sysctl probe computes it: files sorted by name across /etc, /run, /usr/local/lib,
 * /usr/lib and /lib sysctl.d, a name in an earlier directory masking the same name later,
 * /etc/sysctl.conf last; an explicit key beats any glob whatever the order). The sysctl facts
 * name the file that sets the key last (persisted_file). When it applies after 60-dockward.conf
 * with an explicit assignment, a line in our file would be overridden at every boot, so the
 * value is changed where it wins instead:
 *   - that file is under /etc (the administrator's): edited in place through augeas (the last
 *     assignment of the key in it changes; comments and the other keys stay);
 *   - it is a vendor file (/usr/lib, /lib, /usr/local/lib, /run): a package update would undo an
 *     edit there, so a copy of it with the key changed goes to /etc/sysctl.d under the same
 *     name, which masks the vendor file (the plan warns about that).
 *
 * Live: proc/sys/<key> through pb_sysctl_live when the kernel's value differs (the builder plans
 * it only on a live host; under --root a proc/sys that is there is not written, and the plan
 * says so). */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "augeas-util.h"
#include "fixer.h"

#define SYSCTL_LENS "Sysctl.lns"
#define SYSCTL_CONF "/etc/sysctl.conf"
#define SYSCTL_HEADER                                                                              \
	"# Written by dockward (dockward fix): kernel parameters for a Docker host.\n"             \
	"# dockward sets the keys it manages in this file and keeps every other line.\n"

static const struct check_param params[] = {
	{"key", PARAM_STRING, true, "dotted kernel parameter, e.g. net.ipv4.conf.all.send_redirects"},
	{"value", PARAM_SCALAR, true, "the value to set (true/false mean 1/0)"},
	{NULL},
};

/* Dotted keys only: '/' or glob characters would not be one augeas path step. */
static bool key_valid(const char *k)
{
	if (!*k || *k == '.' || k[strlen(k) - 1] == '.' || strstr(k, ".."))
		return false;
	for (const char *p = k; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("._-", *p))
			return false;
	return true;
}

static int validate(const struct value *fix, const char *file, struct diags *diags)
{
	const struct value *k = value_map_get(fix, "key");
	const struct value *v = value_map_get(fix, "value");
	int r = 0;
	if (k && k->type == VALUE_STRING && !key_valid(k->s)) {
		diags_add(diags, file, k->line ? k->line : fix->line, k->line ? k->col : fix->col,
			  "key: '%s' is not a dotted sysctl key such as net.ipv4.ip_forward", k->s);
		r = -EINVAL;
	}
	if (v && v->type == VALUE_STRING && strpbrk(v->s, "\n\r#;")) {
		diags_add(diags, file, v->line ? v->line : fix->line, v->line ? v->col : fix->col,
			  "value: must be one line without '#' or ';'");
		r = -EINVAL;
	}
	return r;
}

/* Trimmed, runs of blanks as one space (the probe's and the check's normalisation). */
static char *normalize(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	bool blank = false;
	for (const char *p = s; p && *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			blank = sb.len > 0;
			continue;
		}
		if (blank)
			strbuf_addc(&sb, ' ');
		blank = false;
		strbuf_addc(&sb, *p);
	}
	return strbuf_detach(&sb);
}

static char *value_text(const struct value *v)
{
	if (v && v->type == VALUE_BOOL)
		return xstrdup(v->b ? "1" : "0");
	if (v && v->type == VALUE_INT)
		return xasprintf("%" PRId64, v->i);
	if (v && v->type == VALUE_STRING)
		return normalize(v->s);
	return NULL;
}

static bool same_value(const char *a, const char *b)
{
	_cleanup_free_ char *x = normalize(a), *y = normalize(b);
	return STREQ(x, y);
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* Whether a file applies after ours at boot. */
static bool applies_after_ours(const char *path)
{
	if (STREQ(path, SYSCTL_CONF))
		return true;
	return strcmp(base_name(path), base_name(DOCKWARD_SYSCTL_FILE)) > 0;
}

/* Whether line `line` of text assigns a glob key (which an explicit key in any file beats). */
static bool line_is_glob(const char *text, int line)
{
	const char *p = text;
	for (int i = 1; p && i < line; i++) {
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	if (!p)
		return false;
	size_t len = strcspn(p, "=\n");
	_cleanup_free_ char *k = xstrndup(p, len);
	return strpbrk(k, "*?[") != NULL;
}

/* The value of the last assignment of key in text as systemd-sysctl reads it (no inline
 * comments: "k = 1 # x" sets "1 # x"), or NULL. Caller frees. */
static char *last_value(const char *text, const char *key)
{
	char *found = NULL;
	for (const char *p = text; p && *p;) {
		const char *nl = strchr(p, '\n');
		_cleanup_free_ char *line = xstrndup(p, nl ? (size_t)(nl - p) : strlen(p));
		p = nl ? nl + 1 : NULL;
		char *t = strstrip(line);
		char *eq = strchr(t, '=');
		if (!*t || *t == '#' || *t == ';' || !eq)
			continue;
		*eq = '\0';
		char *k = strstrip(t[0] == '-' ? t + 1 : t);
		if (STREQ(k, key)) {
			free(found);
			found = normalize(eq + 1);
		}
	}
	return found;
}

/* Sets key = value in text through the lens: the last assignment of the key changes, or a new
 * line is added at the end. The lens takes "# ..." after a value for a comment, which
 * systemd-sysctl does not: when the edited line would not read as the value, the key's lines
 * are removed and one clean line is added at the end. 0 or -errno with *ret_error. */
static int edit(struct plan_builder *pb, const char *text, const char *key, const char *value,
		char **ret, char **ret_error)
{
	struct augeas_session *aug = pb_augeas(pb);
	_cleanup_strv_free_ char **matches = NULL;
	int k = augeas_match_text(aug, SYSCTL_LENS, text, key, &matches, ret_error);
	if (k < 0)
		return k;
	_cleanup_free_ char *path = strv_length(matches) > 0 ? xasprintf("%s[last()]", key)
							      : xstrdup(key);
	struct augeas_op op = {AUGEAS_SET, path, value};
	k = augeas_edit_text(aug, SYSCTL_LENS, text, &op, 1, ret, ret_error);
	if (k < 0)
		return k;
	_cleanup_free_ char *got = last_value(*ret, key);
	if (got && STREQ(got, value))
		return 0;
	free(*ret);
	*ret = NULL;
	struct augeas_op ops[] = {{AUGEAS_RM, key, NULL}, {AUGEAS_SET, key, value}};
	k = augeas_edit_text(aug, SYSCTL_LENS, text, ops, ELEMENTSOF(ops), ret, ret_error);
	if (k < 0)
		return k;
	free(got);
	got = last_value(*ret, key);
	if (got && STREQ(got, value))
		return 0;
	free(*ret);
	*ret = NULL;
	*ret_error = xasprintf("%s = %s does not read back as written", key, value);
	return -EINVAL;
}

static bool vendor_dir(const char *path)
{
	return !startswith(path, "/etc/");
}

/* Plans the persisted value. True when it will hold after the plan. */
static bool plan_persist(const struct rule *r, struct plan_builder *pb, const char *key,
			 const char *want, const struct sysctl_fact *s)
{
	const char *target = DOCKWARD_SYSCTL_FILE, *source = NULL;
	_cleanup_free_ char *override = NULL;
	const char *winner = s ? s->persisted_file : NULL;
	const char *text = NULL;
	size_t len = 0;
	int k;

	if (winner && !STREQ(winner, DOCKWARD_SYSCTL_FILE) && applies_after_ours(winner)) {
		k = pb_file_get(pb, winner, &text, &len);
		if (k < 0) {
			pb_note(pb, r, NOTE_MANUAL, "%s sets %s = %s after %s, and it cannot be "
				"edited (%s): set %s = %s there by hand", winner, key,
				s->persisted_value, DOCKWARD_SYSCTL_FILE, strerror(-k), key, want);
			return false;
		}
		if (!text || !line_is_glob(text, s->persisted_line)) {
			if (vendor_dir(winner)) {
				override = xasprintf("/etc/sysctl.d/%s", base_name(winner));
				target = override;
				source = winner;
			} else
				target = winner;
		}
	}

	k = pb_file_get(pb, target, &text, &len);
	if (k < 0) {
		pb_note(pb, r, NOTE_SKIPPED, "%s cannot be edited (%s): %s = %s is not persisted",
			target, strerror(-k), key, want);
		return false;
	}
	if (!text && source) {
		k = pb_file_get(pb, source, &text, &len);
		if (k < 0 || !text) {
			pb_note(pb, r, NOTE_MANUAL, "%s sets %s = %s after %s and cannot be read: set "
				"%s = %s in %s by hand", source, key, s->persisted_value,
				DOCKWARD_SYSCTL_FILE, key, want, target);
			return false;
		}
	}
	if (!text)
		text = SYSCTL_HEADER;
	_cleanup_free_ char *out = NULL, *err = NULL;
	_cleanup_free_ char *copy = xstrndup(text, len ? len : strlen(text));
	k = edit(pb, copy, key, want, &out, &err);
	if (k < 0) {
		pb_note(pb, r, NOTE_SKIPPED, "%s does not parse as a sysctl file (%s): %s = %s is "
			"not persisted", target, err ? err : strerror(-k), key, want);
		return false;
	}
	pb_file_put(pb, r, target, out, strlen(out), 0644, false, "%s = %s", key, want);
	if (source)
		pb_note(pb, r, NOTE_WARNING, "%s is a copy of %s with %s = %s: it masks that vendor "
			"file, so package updates of it no longer apply", target, source, key, want);
	else if (!STREQ(target, DOCKWARD_SYSCTL_FILE))
		pb_note(pb, r, NOTE_WARNING, "%s = %s is set in %s, not in %s: that file applies "
			"later at boot and would override it", key, want, target,
			DOCKWARD_SYSCTL_FILE);
	return true;
}

static void plan(const struct rule *r, const struct result *res, struct plan_builder *pb)
{
	(void)res;
	const struct facts *f = pb_facts(pb);
	const char *key = fix_param_string(r, "key", NULL);
	_cleanup_free_ char *want = value_text(fix_param(r, "value"));
	if (!key || !want || !key_valid(key)) {
		pb_error(pb, r, r->file, r->line, r->col, "fix: key and value are required");
		return;
	}
	const struct sysctl_fact *s = facts_find_sysctl(&f->sysctl, key);

	bool persisted = s && s->persisted_value && same_value(s->persisted_value, want);
	if (!persisted)
		persisted = plan_persist(r, pb, key, want, s);

	bool live = true;
	if (s && s->live.state == FACT_OK && s->live_value && !same_value(s->live_value, want)) {
		if (pb_live(pb))
			pb_sysctl_live(pb, r, key, want, s->live_value);
		else {
			live = false;
			pb_note(pb, r, NOTE_SKIPPED, "%s is %s in the root's proc/sys, which is not "
				"written under --root: %s = %s applies at the next boot", key,
				s->live_value, key, want);
		}
	}
	if (persisted && live)
		pb_rule_planned(pb, r);
}

const struct fixer_kind fixer_sysctl = {
	.name = "sysctl",
	.help = "persist a kernel parameter in /etc/sysctl.d (augeas) and set it live",
	.params = params,
	.validate = validate,
	.plan = plan,
	.daemon_config = false,
};
