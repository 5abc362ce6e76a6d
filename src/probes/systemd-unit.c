/* systemd-unit.c: docker.service, its drop-ins and environment files -> dockerd's command line.
 *
 * Which ExecStart= would systemd run? The unit file is the first docker.service found in the
 * unit directories in systemd's order (so /etc/systemd/system masks /lib/systemd/system);
 * drop-ins are docker.service.d/\*.conf from all of them, sorted by file name, where a name in
 * an earlier directory hides the same name in later ones; files are read in that order. In
 * [Service], ExecStart= accumulates and an empty ExecStart= resets the list; the last one left
 * is the effective one. Environment= and EnvironmentFile= (applied after, overriding) give the
 * variables that $VAR and ${VAR} take (shell-words.c, env-file.c).
 *
 * Why not augeas here, when DESIGN lists it for units: on the read path, loading augeas's
 * Systemd lens was measured at ~6 ms and Shellvars (for /etc/default/docker) at ~40 ms on this
 * project's reference machine, against a budget of 20 ms for a whole audit. Unit syntax that
 * matters for one key is small: comments ('#', ';'), [Section] headers, Key=Value, and
 * continuation lines ending in a backslash (comment lines inside a continuation are skipped, as
 * systemd does). So this file is a careful line parser instead, following systemd's
 * conf-parser.c. Augeas stays the tool for the write path (fixers), where the lens's
 * round-tripping of the whole file is what matters. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "daemon-probe.h"

#define DROPIN_MAX 256    /* drop-in files considered */
#define ENV_FILES_MAX 64  /* EnvironmentFile= entries considered */

/* systemd's unit search path for the system manager, in priority order (the generator and
 * transient directories are left out: nothing installs docker.service there). */
static const char *const unit_dirs[] = {
	"/etc/systemd/system",
	"/run/systemd/system",
	"/usr/local/lib/systemd/system",
	"/lib/systemd/system",
	"/usr/lib/systemd/system",
};

struct env_file_ref {
	char *pattern;
	bool optional;
	char *source;
	int line;
};

struct unit_state {
	const char *unit_name;
	bool in_service, seen_section;
	/* ExecStart= */
	char **exec_words; /* the last ExecStart= left, unquoted and specifier-expanded */
	bool exec_no_env;  /* ':' prefix: no variable expansion */
	char *exec_source;
	int exec_line;
	size_t n_exec; /* ExecStart= lines since the last reset */
	char *type;    /* Type= */
	/* Environment= and EnvironmentFile= */
	char **env;
	size_t n_assign; /* Environment= and EnvironmentFile= assignments read, all files */
	struct env_file_ref *env_files;
	size_t n_env_files;
	struct diags *problems;
};

/* A link's target, read from the link itself (O_PATH|O_NOFOLLOW fd from host_open_path). */
static int read_link(const struct host *h, const char *path, char **ret)
{
	int fd = host_open_path(h, path, O_PATH, false);
	if (fd < 0)
		return fd;
	char buf[4096];
	ssize_t n = readlinkat(fd, "", buf, sizeof(buf) - 1);
	int r = n < 0 ? -errno : 0;
	close(fd);
	if (r < 0)
		return r;
	buf[n] = '\0';
	*ret = xstrdup(buf);
	return 0;
}

/* systemd masks a unit (or a drop-in) with a link to /dev/null, or with an empty file. */
static bool is_masked(const struct host *h, const char *path, const struct stat *lst)
{
	if (S_ISLNK(lst->st_mode)) {
		_cleanup_free_ char *target = NULL;
		if (read_link(h, path, &target) >= 0 && STREQ(target, "/dev/null"))
			return true;
		struct stat st;
		return host_stat(h, path, true, &st) >= 0 && S_ISCHR(st.st_mode);
	}
	return S_ISREG(lst->st_mode) && lst->st_size == 0;
}

/* The specifiers a docker.service could plausibly use (systemd.unit(5), "Specifiers"), as the
 * system manager expands them. */
static const char *specifier(char c, const char *unit_name, struct strbuf *tmp)
{
	switch (c) {
	case '%':
		return "%";
	case 'n':
		return unit_name;
	case 'N':
	case 'p':
	case 'P': {
		const char *dot = strrchr(unit_name, '.');
		strbuf_release(tmp);
		strbuf_add(tmp, unit_name, dot ? (size_t)(dot - unit_name) : strlen(unit_name));
		return tmp->buf;
	}
	case 'i':
	case 'I':
	case 'j':
	case 'J':
		return ""; /* not a template instance */
	case 't':
		return "/run";
	case 'S':
		return "/var/lib";
	case 'C':
		return "/var/cache";
	case 'L':
		return "/var/log";
	case 'E':
		return "/etc";
	case 'T':
		return "/tmp";
	case 'V':
		return "/var/tmp";
	case 'h':
		return "/root";
	case 'u':
	case 'g':
		return "root";
	case 'U':
	case 'G':
		return "0";
	default:
		return NULL;
	}
}

/* Expands %-specifiers in s. An unknown one stays as written and is reported. */
static char *expand_specifiers(struct unit_state *st, const char *s, const char *source, int line)
{
	if (!strchr(s, '%'))
		return xstrdup(s);
	struct strbuf sb = STRBUF_INIT, tmp = STRBUF_INIT;
	for (const char *p = s; *p; p++) {
		if (*p != '%') {
			strbuf_addc(&sb, *p);
			continue;
		}
		const char *v = p[1] ? specifier(p[1], st->unit_name, &tmp) : NULL;
		if (!v) {
			diags_add(st->problems, source, line, 0,
				  "unknown specifier '%%%c', left as written", p[1] ? p[1] : ' ');
			strbuf_addc(&sb, '%');
			continue;
		}
		strbuf_adds(&sb, v);
		p++;
	}
	strbuf_release(&tmp);
	return strbuf_detach(&sb);
}

static void exec_start(struct unit_state *st, const char *value, const char *source, int line)
{
	if (!*value) { /* "ExecStart=" resets the list */
		st->exec_words = strv_free(st->exec_words);
		free(st->exec_source);
		st->exec_source = NULL;
		st->exec_line = 0;
		st->n_exec = 0;
		return;
	}
	/* Prefixes: '-' (failure ignored), '@' (argv[0] given separately), ':' (no variable
	 * expansion), '+', '!', "!!" (privileges): none changes which program runs. */
	bool at = false, no_env = false;
	const char *p = value;
	while (*p && strchr("-@:+!", *p)) {
		at |= *p == '@';
		no_env |= *p == ':';
		p++;
	}
	_cleanup_strv_free_ char **words = NULL;
	const char *err = NULL;
	if (shell_split(p, SPLIT_CUNESCAPE, &words, &err) < 0) {
		diags_add(st->problems, source, line, 0,
			  "ExecStart=: %s: systemd ignores this line", err);
		return;
	}
	if (!words[0]) {
		diags_add(st->problems, source, line, 0, "ExecStart= has no command, ignored");
		return;
	}
	if (at && words[1]) { /* "@/usr/bin/dockerd name args": name is only argv[0] */
		free(words[1]);
		memmove(words + 1, words + 2, (strv_length(words + 2) + 1) * sizeof(char *));
	}
	for (size_t i = 0; words[i]; i++) {
		char *x = expand_specifiers(st, words[i], source, line);
		free(words[i]);
		words[i] = x;
	}
	strv_free(st->exec_words);
	st->exec_words = TAKE_PTR(words);
	st->exec_no_env = no_env;
	free(st->exec_source);
	st->exec_source = xstrdup(source);
	st->exec_line = line;
	st->n_exec++;
}

static void environment(struct unit_state *st, const char *value, const char *source, int line)
{
	if (!*value) {
		st->env = strv_free(st->env);
		return;
	}
	_cleanup_strv_free_ char **words = NULL;
	const char *err = NULL;
	if (shell_split(value, SPLIT_CUNESCAPE, &words, &err) < 0) {
		diags_add(st->problems, source, line, 0,
			  "Environment=: %s: systemd ignores this line", err);
		return;
	}
	for (size_t i = 0; words[i]; i++) {
		if (st->n_assign++ >= ENV_ASSIGN_MAX) {
			diags_add(st->problems, source, line, 0,
				  "more than %d assignments in the unit's environment, ignoring the "
				  "rest",
				  ENV_ASSIGN_MAX);
			return;
		}
		_cleanup_free_ char *w = expand_specifiers(st, words[i], source, line);
		const char *eq = strchr(w, '=');
		if (!eq || !env_name_is_valid(w, (size_t)(eq - w))) {
			diags_add(st->problems, source, line, 0,
				  "Environment=: '%s' is not a NAME=value assignment, ignored", w);
			continue;
		}
		if (env_set(&st->env, w, (size_t)(eq - w), eq + 1) < 0) {
			diags_add(st->problems, source, line, 0,
				  "more than %d variables, ignoring the rest", ENV_MAX);
			return;
		}
	}
}

static void environment_file(struct unit_state *st, const char *value, const char *source,
			     int line)
{
	if (!*value) {
		for (size_t i = 0; i < st->n_env_files; i++) {
			free(st->env_files[i].pattern);
			free(st->env_files[i].source);
		}
		free(st->env_files);
		st->env_files = NULL;
		st->n_env_files = 0;
		return;
	}
	bool optional = value[0] == '-';
	_cleanup_free_ char *path = expand_specifiers(st, value + optional, source, line);
	if (path[0] != '/') {
		diags_add(st->problems, source, line, 0,
			  "EnvironmentFile=: '%s' is not an absolute path, ignored", path);
		return;
	}
	if (st->n_env_files >= ENV_FILES_MAX) {
		diags_add(st->problems, source, line, 0,
			  "more than %d EnvironmentFile= entries, ignored", ENV_FILES_MAX);
		return;
	}
	struct env_file_ref *ef = GROW(st->env_files, st->n_env_files);
	ef->pattern = TAKE_PTR(path);
	ef->optional = optional;
	ef->source = xstrdup(source);
	ef->line = line;
}

/* One logical line (continuations joined), already stripped. */
static void parse_line(struct unit_state *st, char *l, const char *source, int line)
{
	if (!*l || *l == '#' || *l == ';')
		return;
	if (*l == '[') {
		size_t n = strlen(l);
		if (n < 2 || l[n - 1] != ']') {
			diags_add(st->problems, source, line, 0, "invalid section header '%s'", l);
			st->in_service = false;
			return;
		}
		l[n - 1] = '\0';
		st->in_service = STREQ(l + 1, "Service");
		st->seen_section = true;
		return;
	}
	if (!st->in_service)
		return; /* other sections, or assignments before any section: ignored */
	char *eq = strchr(l, '=');
	if (!eq) {
		diags_add(st->problems, source, line, 0, "missing '=', line ignored");
		return;
	}
	*eq = '\0';
	char *key = strstrip(l);
	char *value = strstrip(eq + 1);
	if (STREQ(key, "ExecStart"))
		exec_start(st, value, source, line);
	else if (STREQ(key, "Environment"))
		environment(st, value, source, line);
	else if (STREQ(key, "EnvironmentFile"))
		environment_file(st, value, source, line);
	else if (STREQ(key, "Type")) {
		free(st->type);
		st->type = xstrdup(value);
	}
}

/* systemd's config_parse(): physical lines, joined while one ends in an odd number of
 * backslashes (the backslash becomes a space); a comment line inside a continuation is
 * skipped. A line is reported at the line where it starts. */
static void parse_unit_text(struct unit_state *st, const char *text, size_t len,
			    const char *source)
{
	struct strbuf logical = STRBUF_INIT;
	bool continuing = false;
	int line = 0, start_line = 0;
	size_t i = 0;

	st->in_service = false;
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len) {
		const char *b = text + i;
		const char *nl = memchr(b, '\n', len - i);
		size_t n = nl ? (size_t)(nl - b) : len - i;
		i += n + (nl ? 1 : 0);
		line++;
		if (n && b[n - 1] == '\r')
			n--;

		if (continuing) {
			size_t k = 0;
			while (k < n && (b[k] == ' ' || b[k] == '\t'))
				k++;
			if (k < n && (b[k] == '#' || b[k] == ';'))
				continue;
		} else {
			strbuf_release(&logical);
			start_line = line;
		}
		strbuf_add(&logical, b, n);

		size_t backslashes = 0;
		while (backslashes < logical.len &&
		       logical.buf[logical.len - 1 - backslashes] == '\\')
			backslashes++;
		if (backslashes % 2 == 1) {
			logical.buf[logical.len - 1] = ' ';
			continuing = true;
			continue;
		}
		continuing = false;
		parse_line(st, strstrip(logical.buf), source, start_line);
	}
	if (continuing && logical.buf)
		parse_line(st, strstrip(logical.buf), source, start_line);
	strbuf_release(&logical);
}

static void parse_unit_file(const struct host *h, struct unit_state *st, const char *path)
{
	_cleanup_free_ char *text = NULL;
	size_t len = 0;
	int r = host_read_file(h, path, 0, false, &text, &len);
	if (r < 0) {
		diags_add(st->problems, path, 0, 0, "cannot read: %s",
			  r == -EFBIG ? "larger than the limit"
			  : r == -EBADMSG ? "contains a NUL byte"
					  : strerror(-r));
		return;
	}
	parse_unit_text(st, text, len, path);
}

struct dropin {
	char *name, *path;
};

static int cmp_dropin(const void *a, const void *b)
{
	return strcmp(((const struct dropin *)a)->name, ((const struct dropin *)b)->name);
}

/* docker.service.d/\*.conf in every unit directory; the first directory with a name wins. */
static void collect_dropins(const struct host *h, const char *name, struct dropin **ret,
			    size_t *ret_n, struct diags *problems)
{
	struct dropin *d = NULL;
	size_t n = 0;
	for (size_t i = 0; i < ELEMENTSOF(unit_dirs); i++) {
		_cleanup_free_ char *dir = xasprintf("%s/%s.d", unit_dirs[i], name);
		_cleanup_strv_free_ char **entries = NULL;
		if (host_list_dir(h, dir, &entries) < 0)
			continue;
		for (size_t k = 0; entries[k]; k++) {
			if (!endswith(entries[k], ".conf"))
				continue;
			bool seen = false;
			for (size_t m = 0; m < n && !seen; m++)
				seen = STREQ(d[m].name, entries[k]);
			if (seen)
				continue;
			if (n >= DROPIN_MAX) {
				diags_add(problems, dir, 0, 0,
					  "more than %d drop-ins, ignoring the rest", DROPIN_MAX);
				goto done;
			}
			struct dropin *x = GROW(d, n);
			x->name = xstrdup(entries[k]);
			x->path = xasprintf("%s/%s", dir, entries[k]);
		}
	}
done:
	if (n)
		qsort(d, n, sizeof(*d), cmp_dropin);
	*ret = d;
	*ret_n = n;
}

/* Reads one environment file into env; a missing file is a problem unless optional. */
static void read_env_file(const struct host *h, struct unit_state *st, const char *path,
			  const struct env_file_ref *ef)
{
	_cleanup_free_ char *text = NULL;
	size_t len = 0;
	int r = host_read_file(h, path, 0, false, &text, &len);
	if (r == -ENOENT && ef->optional)
		return;
	if (r < 0) {
		diags_add(st->problems, ef->source, ef->line, 0,
			  "EnvironmentFile '%s': %s%s", path,
			  r == -EFBIG ? "larger than the limit"
			  : r == -EBADMSG ? "contains a NUL byte"
					  : strerror(-r),
			  ef->optional ? "" : " (systemd refuses to start the service)");
		return;
	}
	size_t left = st->n_assign < ENV_ASSIGN_MAX ? ENV_ASSIGN_MAX - st->n_assign : 0;
	st->n_assign += env_file_parse(text, len, path, &st->env, st->problems, left);
}

/* EnvironmentFile= takes a glob in its last component ("-/etc/default/docker*"). */
static void apply_env_files(const struct host *h, struct unit_state *st)
{
	for (size_t i = 0; i < st->n_env_files; i++) {
		const struct env_file_ref *ef = &st->env_files[i];
		const char *slash = strrchr(ef->pattern, '/');
		if (!strpbrk(slash + 1, "*?[")) {
			read_env_file(h, st, ef->pattern, ef);
			continue;
		}
		size_t dir_len = (size_t)(slash - ef->pattern);
		_cleanup_free_ char *dir = dir_len ? xstrndup(ef->pattern, dir_len) : xstrdup("/");
		_cleanup_strv_free_ char **entries = NULL;
		size_t matched = 0;
		if (host_list_dir(h, dir, &entries) >= 0)
			for (size_t k = 0; entries[k] && matched < ENV_FILES_MAX; k++) {
				if (!glob_match(slash + 1, entries[k]))
					continue;
				_cleanup_free_ char *p =
					xasprintf("%s/%s", dir_len ? dir : "", entries[k]);
				read_env_file(h, st, p, ef);
				matched++;
			}
		if (!matched && !ef->optional)
			diags_add(st->problems, ef->source, ef->line, 0,
				  "EnvironmentFile '%s' matches nothing (systemd refuses to "
				  "start the service)",
				  ef->pattern);
	}
}

static void unit_state_release(struct unit_state *st)
{
	strv_free(st->exec_words);
	free(st->exec_source);
	free(st->type);
	strv_free(st->env);
	for (size_t i = 0; i < st->n_env_files; i++) {
		free(st->env_files[i].pattern);
		free(st->env_files[i].source);
	}
	free(st->env_files);
}

int systemd_unit_load(const struct host *h, const char *name, struct systemd_exec *ret,
		      struct diags *problems)
{
	*ret = (struct systemd_exec){0};
	struct unit_state st = {.unit_name = name, .problems = problems};
	struct stat lst;

	for (size_t i = 0; i < ELEMENTSOF(unit_dirs) && !ret->unit_path; i++) {
		_cleanup_free_ char *p = xasprintf("%s/%s", unit_dirs[i], name);
		if (host_stat(h, p, false, &lst) >= 0)
			ret->unit_path = TAKE_PTR(p);
	}
	if (!ret->unit_path)
		return -ENOENT;
	if (is_masked(h, ret->unit_path, &lst)) {
		ret->masked = true;
		return 0;
	}

	parse_unit_file(h, &st, ret->unit_path);
	struct dropin *dropins = NULL;
	size_t n_dropins = 0;
	collect_dropins(h, name, &dropins, &n_dropins, problems);
	for (size_t i = 0; i < n_dropins; i++) {
		struct stat dst;
		if (host_stat(h, dropins[i].path, false, &dst) >= 0 &&
		    !is_masked(h, dropins[i].path, &dst))
			parse_unit_file(h, &st, dropins[i].path);
		free(dropins[i].name);
		free(dropins[i].path);
	}
	free(dropins);

	apply_env_files(h, &st);

	if (st.exec_words) {
		if (st.n_exec > 1 && !(st.type && STREQ(st.type, "oneshot")))
			diags_add(problems, st.exec_source, st.exec_line, 0,
				  "%zu ExecStart= lines without a reset: systemd refuses the unit "
				  "unless Type=oneshot",
				  st.n_exec);
		if (st.exec_no_env) {
			ret->argv = TAKE_PTR(st.exec_words);
		} else {
			_cleanup_strv_free_ char **unset = NULL, **bad_quote = NULL;
			shell_expand_argv(st.exec_words, st.env, &ret->argv, &unset, &bad_quote);
			for (size_t i = 0; unset && unset[i]; i++)
				diags_add(problems, st.exec_source, st.exec_line, 0,
					  "variable '%s' is not set (systemd substitutes nothing)",
					  unset[i]);
			for (size_t i = 0; bad_quote && bad_quote[i]; i++)
				diags_add(problems, st.exec_source, st.exec_line, 0,
					  "unterminated quote in the value of $%s", bad_quote[i]);
		}
		ret->exec_source = TAKE_PTR(st.exec_source);
		ret->exec_line = st.exec_line;
	}
	ret->env = TAKE_PTR(st.env);
	unit_state_release(&st);
	return 0;
}

void systemd_exec_release(struct systemd_exec *e)
{
	free(e->unit_path);
	strv_free(e->argv);
	free(e->exec_source);
	strv_free(e->env);
	*e = (struct systemd_exec){0};
}
