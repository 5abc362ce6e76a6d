/* socket-dropin.c: the docker.socket drop-in shared by the file_mode and file_owner fixers.
 *
 * Why a line editor and not augeas's Systemd.lns: the file is dockward's own, the edit is one
 * key in one section, and the lens would have to be loaded for it (and it rejects some values
 * systemd accepts). The editor follows systemd's unit syntax as far as it matters here: sections
 * "[Name]", assignments "Key=Value" with blanks around both trimmed, comments starting with '#'
 * or ';', and a line ending in a backslash continuing on the next one (such lines are kept as
 * they are and never taken for a key). Lines it does not change are copied byte for byte.
 *
 * Why no restart of docker.socket: docker.service Requires= docker.socket, so stopping the
 * socket stops dockerd and every container with --restart=no. The live socket gets its owner
 * and mode from the fixer's chmod/chown now; the drop-in only has to be there when systemd
 * creates the socket again, and `systemctl daemon-reload` makes systemd read it (without it,
 * systemctl warns that the unit changed on disk). */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "socket-dropin.h"

#define DROPIN_HEADER                                                                              \
	"# Written by dockward (dockward fix): keeps the owner, group and mode of the Docker\n"    \
	"# socket when systemd creates it again. dockward edits the keys below; it keeps other\n"  \
	"# lines.\n"

static const char *const socket_key_order[] = {"SocketMode", "SocketUser", "SocketGroup", NULL};

struct uline {
	const char *s;
	size_t len;
	bool cont; /* a continuation of the previous line */
};

static char *trimmed(const char *s, size_t len)
{
	while (len && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'))
		len--;
	return xstrndup(s, len);
}

/* The key of an assignment line (caller frees), or NULL. *ret_value: its value (caller frees). */
static char *line_key(const struct uline *l, char **ret_value)
{
	if (l->cont)
		return NULL;
	_cleanup_free_ char *t = trimmed(l->s, l->len);
	if (!*t || *t == '#' || *t == ';' || *t == '[')
		return NULL;
	char *eq = strchr(t, '=');
	if (!eq)
		return NULL;
	if (ret_value)
		*ret_value = trimmed(eq + 1, strlen(eq + 1));
	return trimmed(t, (size_t)(eq - t));
}

static size_t rank(const char *const *order, const char *key)
{
	size_t i = 0;
	for (; order && order[i]; i++)
		if (STREQ(order[i], key))
			return i;
	return i;
}

int unit_text_set(const char *text, const char *section, const char *key, const char *value,
		  const char *const *order, char **ret)
{
	if (strpbrk(key, "\n\r=[") || strpbrk(value, "\n\r") || strpbrk(section, "\n]"))
		return -EINVAL;
	if (!text)
		text = "";

	struct uline *lines = NULL;
	size_t n = 0;
	bool prev_backslash = false;
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		struct uline *l = GROW(lines, n);
		l->s = p;
		l->len = len;
		l->cont = prev_backslash;
		_cleanup_free_ char *t = trimmed(p, len);
		prev_backslash = *t && *t != '#' && *t != ';' && t[strlen(t) - 1] == '\\';
		p = nl ? nl + 1 : p + len;
	}
	if (prev_backslash) {
		free(lines);
		return -EINVAL;
	}

	_cleanup_free_ char *header = xasprintf("[%s]", section);
	ssize_t found = -1, sec_start = -1, last_content = -1;
	bool in = false;
	for (size_t i = 0; i < n; i++) {
		_cleanup_free_ char *t = trimmed(lines[i].s, lines[i].len);
		if (!lines[i].cont && *t == '[') {
			in = STREQ(t, header);
			if (in)
				sec_start = last_content = (ssize_t)i;
			continue;
		}
		if (!in)
			continue;
		if (*t)
			last_content = (ssize_t)i;
		_cleanup_free_ char *k = line_key(&lines[i], NULL);
		if (k && STREQ(k, key))
			found = (ssize_t)i;
	}

	ssize_t insert_at = -1; /* line index before which "key=value" goes */
	if (found >= 0) {
		_cleanup_free_ char *v = NULL;
		free(line_key(&lines[found], &v)); /* the key is known: only its value matters */
		if (v && STREQ(v, value)) {
			free(lines);
			*ret = xstrdup(text);
			return 0;
		}
	} else if (sec_start >= 0) {
		insert_at = last_content + 1;
		size_t want = rank(order, key);
		for (ssize_t i = sec_start + 1; i <= last_content; i++) {
			_cleanup_free_ char *k = line_key(&lines[i], NULL);
			if (k && rank(order, k) > want && rank(order, k) < strv_length((char **)order)) {
				insert_at = i;
				break;
			}
		}
	}

	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if ((ssize_t)i == insert_at)
			strbuf_addf(&sb, "%s=%s\n", key, value);
		if ((ssize_t)i == found)
			strbuf_addf(&sb, "%s=%s\n", key, value);
		else {
			strbuf_add(&sb, lines[i].s, lines[i].len);
			strbuf_addc(&sb, '\n');
		}
	}
	if (insert_at == (ssize_t)n)
		strbuf_addf(&sb, "%s=%s\n", key, value);
	if (found < 0 && sec_start < 0) {
		if (n > 0 && lines[n - 1].len > 0)
			strbuf_addc(&sb, '\n');
		strbuf_addf(&sb, "%s\n%s=%s\n", header, key, value);
	}
	free(lines);
	*ret = strbuf_detach(&sb);
	return 0;
}

static bool host_is(const struct host *h, const char *path, mode_t type)
{
	struct stat st;
	return host_stat(h, path, true, &st) == 0 && (st.st_mode & S_IFMT) == type &&
	       (type != S_IFREG || st.st_size > 0); /* an empty unit file is a mask */
}

static const char *const unit_dirs[] = {
	"/etc/systemd/system", "/run/systemd/system", "/lib/systemd/system",
	"/usr/lib/systemd/system",
};

bool socket_dropin_set(struct plan_builder *pb, const struct rule *r, const char *unit,
		       const char *key, const char *value)
{
	const struct host *h = pb_host(pb);
	if (!STREQ(unit, "docker.socket")) {
		pb_note(pb, r, NOTE_SKIPPED, "socket unit '%s': only docker.socket is supported",
			unit);
		return false;
	}
	bool exists = false;
	for (size_t i = 0; i < ELEMENTSOF(unit_dirs) && !exists; i++) {
		_cleanup_free_ char *p = xasprintf("%s/%s", unit_dirs[i], unit);
		exists = host_is(h, p, S_IFREG);
	}
	if (!exists)
		return false; /* no socket activation: dockerd creates the socket itself */

	const char *text = NULL;
	size_t len = 0;
	int k = pb_file_get(pb, DOCKWARD_SOCKET_DROPIN, &text, &len);
	if (k < 0) {
		pb_note(pb, r, NOTE_SKIPPED, "%s: cannot be edited (%s): %s=%s is not made "
			"persistent", DOCKWARD_SOCKET_DROPIN, strerror(-k), key, value);
		return false;
	}
	_cleanup_free_ char *out = NULL;
	k = unit_text_set(text ? text : DROPIN_HEADER, "Socket", key, value, socket_key_order,
			  &out);
	if (k < 0) {
		pb_note(pb, r, NOTE_SKIPPED, "%s: cannot be edited (a continued last line, or a "
			"newline in '%s'): %s is not made persistent", DOCKWARD_SOCKET_DROPIN, value,
			key);
		return false;
	}
	if (text && strlen(out) == len && memcmp(out, text, len) == 0)
		return true; /* already there */
	pb_file_put(pb, r, DOCKWARD_SOCKET_DROPIN, out, strlen(out), 0644, false, "%s=%s", key,
		    value);
	if (pb_live(pb) && host_is(h, "/run/systemd/system", S_IFDIR)) {
		const char *systemctl = host_is(h, "/usr/bin/systemctl", S_IFREG) ? "/usr/bin/systemctl"
					: host_is(h, "/bin/systemctl", S_IFREG)	    ? "/bin/systemctl"
										    : NULL;
		if (systemctl)
			pb_command(pb, r, (char *const[]){(char *)systemctl, "daemon-reload", NULL},
				   "systemctl daemon-reload (systemd reads the docker.socket "
				   "drop-in; the socket is not restarted, which would stop dockerd)");
		else
			pb_note(pb, r, NOTE_MANUAL, "run `systemctl daemon-reload` so that systemd "
				"reads %s", DOCKWARD_SOCKET_DROPIN);
	}
	return true;
}

int socket_dropin_validate(const struct value *fix, const char *file, struct diags *diags)
{
	const struct value *v = value_map_get(fix, "socket_unit");
	if (!v || value_is_string(v, "docker.socket"))
		return 0;
	diags_add(diags, file, v->line ? v->line : fix->line, v->line ? v->col : fix->col,
		  "socket_unit: only docker.socket is supported");
	return -EINVAL;
}
