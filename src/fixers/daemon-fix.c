/* daemon-fix.c: daemon.json edits that never leave a directive both in the file and in a flag.
 *
 * dockerd refuses to start when a key is set in daemon.json and also given as a flag ("the
 * following directives are specified both as a flag and in the configuration file"). So before
 * a key is written to daemon.json (or removed, when a flag also sets it), the flag goes from its
 * source:
 *   - a word of docker.service's effective ExecStart= (unit file or drop-in): dockward's drop-in
 *     (DOCKWARD_DOCKER_DROPIN) resets ExecStart= and gives the same command without that flag,
 *     every other word kept byte for byte as written (quotes included);
 *   - a word of "$VAR" in that ExecStart=, VAR coming from an EnvironmentFile= (DOCKER_OPTS in
 *     /etc/default/docker or /etc/sysconfig/docker): VAR is edited through augeas (Shellvars),
 *     the rest of that file untouched;
 *   - anything dockward cannot see or edit safely (a running dockerd whose flag no unit
 *     carries, a flag inside a cluster like -Dl, a variable set by Environment= or a globbed
 *     EnvironmentFile=, an ExecStart= in a drop-in that sorts after dockward's and so would win
 *     over it): nothing is planned for the rule, and a NOTE_SKIPPED says why and what to do.
 * Everything is computed first and planned only when every piece works out, so a rule is either
 * fully planned or not at all, and never yields a daemon.json that duplicates a flag.
 *
 * Why a unit reader here rather than the probe's (src/probes/systemd-unit.c, shell-words.c):
 * the probe keeps the expanded argv only, not which word of which line of which file (or of
 * which variable) a flag came from; its readers live in dw_probes, which dw_fixers does not
 * link; and they read the host directly, while a fixer must see the planned text of a file an
 * earlier rule of the same plan changed (dockward's own drop-in). So this file has a small pure
 * reader on pb_file_get() text that keeps raw word spans. It follows the probe's rules (unit
 * search path, drop-in order, ExecStart= reset, systemd quoting, $VAR and ${VAR}) but covers less:
 * specifiers and globbed EnvironmentFile= are not expanded (a flag behind them is reported, not
 * guessed). */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "augeas-util.h"
#include "daemon-fix.h"
#include "daemon-options.h"
#include "json-util.h"

#define DEFAULT_CONFIG "/etc/docker/daemon.json"
#define WS " \t\n\r"
#define DOCKWARD_DROPIN_NAME "60-dockward.conf"

static const char *const unit_dirs[] = {
	"/etc/systemd/system",	     "/run/systemd/system", "/usr/local/lib/systemd/system",
	"/lib/systemd/system", "/usr/lib/systemd/system",
};

/* ---- words: systemd's extract_first_word(EXTRACT_UNQUOTE [| EXTRACT_CUNESCAPE]) ---- */

struct word {
	size_t b, e; /* the word as written: text[b, e) */
	char *v;     /* unquoted, unescaped */
};

static void words_free(struct word *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(w[i].v);
	free(w);
}

static int hexval(char c)
{
	return c >= '0' && c <= '9'   ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
				      : -1;
}

static void add_utf8(struct strbuf *sb, uint32_t u)
{
	if (u < 0x80) {
		strbuf_addc(sb, (char)u);
	} else if (u < 0x800) {
		strbuf_addc(sb, (char)(0xc0 | (u >> 6)));
		strbuf_addc(sb, (char)(0x80 | (u & 0x3f)));
	} else if (u < 0x10000) {
		strbuf_addc(sb, (char)(0xe0 | (u >> 12)));
		strbuf_addc(sb, (char)(0x80 | ((u >> 6) & 0x3f)));
		strbuf_addc(sb, (char)(0x80 | (u & 0x3f)));
	} else {
		strbuf_addc(sb, (char)(0xf0 | (u >> 18)));
		strbuf_addc(sb, (char)(0x80 | ((u >> 12) & 0x3f)));
		strbuf_addc(sb, (char)(0x80 | ((u >> 6) & 0x3f)));
		strbuf_addc(sb, (char)(0x80 | (u & 0x3f)));
	}
}

/* systemd's cunescape_one() on s (after the backslash): characters used, or -EINVAL. */
static int unescape_one(const char *s, size_t n, struct strbuf *sb)
{
	static const char simple[] = "a\ab\bf\fn\nr\rt\tv\v\\\\\"\"''s ";
	if (n == 0)
		return -EINVAL;
	for (size_t i = 0; i + 1 < sizeof(simple); i += 2)
		if (s[0] == simple[i]) {
			strbuf_addc(sb, simple[i + 1]);
			return 1;
		}
	if (s[0] == 'x' || s[0] == 'u' || s[0] == 'U') {
		size_t digits = s[0] == 'x' ? 2 : s[0] == 'u' ? 4 : 8;
		uint32_t u = 0;
		if (n < digits + 1)
			return -EINVAL;
		for (size_t i = 1; i <= digits; i++) {
			int h = hexval(s[i]);
			if (h < 0)
				return -EINVAL;
			u = u * 16 + (uint32_t)h;
		}
		if (u == 0 || u > 0x10ffff)
			return -EINVAL;
		if (s[0] == 'x')
			strbuf_addc(sb, (char)u);
		else
			add_utf8(sb, u);
		return (int)digits + 1;
	}
	if (s[0] >= '0' && s[0] <= '7') {
		if (n < 3 || s[1] < '0' || s[1] > '7' || s[2] < '0' || s[2] > '7')
			return -EINVAL;
		int v = (s[0] - '0') * 64 + (s[1] - '0') * 8 + (s[2] - '0');
		if (v == 0 || v > 255)
			return -EINVAL;
		strbuf_addc(sb, (char)v);
		return 3;
	}
	return -EINVAL;
}

/* Splits s into words; cunescape: C escapes (ExecStart=, Environment=), else a backslash takes
 * the next character as it is (the split of a $VAR's value). 0 or -EINVAL. */
static int split_words(const char *s, bool cunescape, struct word **ret, size_t *ret_n)
{
	struct word *w = NULL;
	size_t n = 0, len = strlen(s), i = 0;

	for (;;) {
		while (i < len && strchr(WS, s[i]))
			i++;
		if (i >= len)
			break;
		struct strbuf sb = STRBUF_INIT;
		size_t b = i;
		char q = 0;
		while (i < len) {
			char c = s[i];
			if (!q && strchr(WS, c))
				break;
			if (!q && (c == '\'' || c == '"')) {
				q = c;
				i++;
			} else if (q && c == q) {
				q = 0;
				i++;
			} else if (c == '\\') {
				int k = -EINVAL;
				if (i + 1 < len && cunescape)
					k = unescape_one(s + i + 1, len - i - 1, &sb);
				else if (i + 1 < len) {
					strbuf_addc(&sb, s[i + 1]);
					k = 1;
				}
				if (k < 0) {
					strbuf_release(&sb);
					words_free(w, n);
					return -EINVAL;
				}
				i += 1 + (size_t)k;
			} else {
				strbuf_addc(&sb, c);
				i++;
			}
		}
		if (q) {
			strbuf_release(&sb);
			words_free(w, n);
			return -EINVAL;
		}
		struct word *x = GROW(w, n);
		x->b = b;
		x->e = i;
		x->v = strbuf_detach(&sb);
	}
	*ret = w;
	*ret_n = n;
	return 0;
}

/* The words of text whose keep[] is true, as written, joined by one space. */
static char *join_kept(const char *text, const struct word *w, size_t n, const bool *drop)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (drop[i])
			continue;
		if (sb.len)
			strbuf_addc(&sb, ' ');
		strbuf_add(&sb, text + w[i].b, w[i].e - w[i].b);
	}
	return strbuf_detach(&sb);
}

/* ---- docker.service ---- */

struct env_file {
	char *path;
	bool optional, glob;
};

struct unit {
	char *unit_path; /* NULL: no docker.service under the root */
	char *problem;   /* why the unit could not be read */
	/* the effective ExecStart= */
	char *exec_path;
	int exec_line;
	char *exec_prefix; /* "-", "@", ":" ... as written */
	char *exec_cmd;    /* the command after the prefix, as written */
	char **env;        /* Environment=: NAME=value */
	struct env_file *env_files;
	size_t n_env_files;
	bool in_service;
};

static void unit_release(struct unit *u)
{
	free(u->unit_path);
	free(u->problem);
	free(u->exec_path);
	free(u->exec_prefix);
	free(u->exec_cmd);
	strv_free(u->env);
	for (size_t i = 0; i < u->n_env_files; i++)
		free(u->env_files[i].path);
	free(u->env_files);
}

static void env_files_reset(struct unit *u)
{
	for (size_t i = 0; i < u->n_env_files; i++)
		free(u->env_files[i].path);
	free(u->env_files);
	u->env_files = NULL;
	u->n_env_files = 0;
}

static void unit_line(struct unit *u, char *l, const char *path, int line)
{
	if (!*l || *l == '#' || *l == ';')
		return;
	if (*l == '[') {
		size_t n = strlen(l);
		u->in_service = n >= 2 && l[n - 1] == ']' && n == 9 && !strncmp(l, "[Service]", 9);
		return;
	}
	char *eq = strchr(l, '=');
	if (!u->in_service || !eq)
		return;
	*eq = '\0';
	char *key = strstrip(l), *value = strstrip(eq + 1);
	if (STREQ(key, "ExecStart")) {
		free(u->exec_path);
		free(u->exec_prefix);
		free(u->exec_cmd);
		u->exec_path = u->exec_prefix = u->exec_cmd = NULL;
		u->exec_line = 0;
		if (!*value)
			return;
		size_t p = strspn(value, "-@:+!");
		u->exec_path = xstrdup(path);
		u->exec_line = line;
		u->exec_prefix = xstrndup(value, p);
		u->exec_cmd = xstrdup(value + p);
	} else if (STREQ(key, "Environment")) {
		if (!*value) {
			u->env = strv_free(u->env);
			return;
		}
		struct word *w = NULL;
		size_t n = 0;
		if (split_words(value, true, &w, &n) < 0)
			return; /* systemd ignores the line too */
		for (size_t i = 0; i < n; i++)
			if (strchr(w[i].v, '='))
				strv_extend(&u->env, w[i].v);
		words_free(w, n);
	} else if (STREQ(key, "EnvironmentFile")) {
		if (!*value) {
			env_files_reset(u);
			return;
		}
		bool optional = value[0] == '-';
		const char *p = value + optional;
		if (p[0] != '/')
			return;
		const char *slash = strrchr(p, '/');
		struct env_file *ef = GROW(u->env_files, u->n_env_files);
		ef->path = xstrdup(p);
		ef->optional = optional;
		ef->glob = strpbrk(slash + 1, "*?[") != NULL;
	}
}

/* systemd's config_parse(): continuation lines (odd trailing backslashes) joined with a space,
 * comment lines inside a continuation skipped. */
static void unit_parse(struct unit *u, const char *text, size_t len, const char *path)
{
	struct strbuf logical = STRBUF_INIT;
	bool cont = false;
	int line = 0, start = 0;
	size_t i = len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3) ? 3 : 0;

	u->in_service = false;
	while (i < len) {
		const char *b = text + i;
		const char *nl = memchr(b, '\n', len - i);
		size_t n = nl ? (size_t)(nl - b) : len - i;
		i += n + (nl ? 1 : 0);
		line++;
		if (n && b[n - 1] == '\r')
			n--;
		if (cont) {
			size_t k = strspn(b, " \t");
			if (k < n && (b[k] == '#' || b[k] == ';'))
				continue;
		} else {
			strbuf_release(&logical);
			start = line;
		}
		strbuf_add(&logical, b, n);
		size_t bs = 0;
		while (bs < logical.len && logical.buf[logical.len - 1 - bs] == '\\')
			bs++;
		if (bs % 2 == 1) {
			logical.buf[logical.len - 1] = ' ';
			cont = true;
			continue;
		}
		cont = false;
		unit_line(u, strstrip(logical.buf), path, start);
	}
	if (cont && logical.buf)
		unit_line(u, strstrip(logical.buf), path, start);
	strbuf_release(&logical);
}

/* Reads docker.service and its drop-ins as planned so far. 0, or -errno with u->problem. */
static int unit_load(struct plan_builder *pb, struct unit *u)
{
	const char *text;
	size_t len;
	int r;

	*u = (struct unit){0};
	for (size_t i = 0; i < ELEMENTSOF(unit_dirs) && !u->unit_path; i++) {
		_cleanup_free_ char *p = xasprintf("%s/docker.service", unit_dirs[i]);
		struct stat st;
		if (host_stat(pb_host(pb), p, false, &st) >= 0)
			u->unit_path = TAKE_PTR(p);
	}
	if (!u->unit_path)
		return 0;
	r = pb_file_get(pb, u->unit_path, &text, &len);
	if (r < 0) {
		u->problem = xasprintf("%s: %s", u->unit_path,
				       r == -ELOOP ? "a symbolic link (masked or aliased unit)"
						   : strerror(-r));
		return r;
	}
	if (text)
		unit_parse(u, text, len, u->unit_path);

	/* drop-ins: sorted by name; a name in an earlier directory hides later ones; dockward's
	 * own drop-in counts as planned even before it exists */
	_cleanup_strv_free_ char **names = NULL;
	for (size_t i = 0; i < ELEMENTSOF(unit_dirs); i++) {
		_cleanup_free_ char *dir = xasprintf("%s/docker.service.d", unit_dirs[i]);
		_cleanup_strv_free_ char **entries = NULL;
		if (host_list_dir(pb_host(pb), dir, &entries) < 0)
			entries = NULL;
		if (i == 0 && !strv_contains(entries, DOCKWARD_DROPIN_NAME))
			strv_extend(&entries, DOCKWARD_DROPIN_NAME);
		for (size_t k = 0; entries && entries[k]; k++) {
			if (!endswith(entries[k], ".conf") || strv_contains(names, entries[k]))
				continue;
			strv_extend(&names, entries[k]);
		}
	}
	strv_sort(names);
	size_t n = strv_length(names);
	for (size_t k = 0; k < n; k++) {
		_cleanup_free_ char *found = NULL;
		for (size_t i = 0; i < ELEMENTSOF(unit_dirs) && !found; i++) {
			_cleanup_free_ char *p =
				xasprintf("%s/docker.service.d/%s", unit_dirs[i], names[k]);
			struct stat st;
			if (STREQ(p, DOCKWARD_DOCKER_DROPIN) ||
			    host_stat(pb_host(pb), p, false, &st) >= 0)
				found = TAKE_PTR(p);
		}
		if (!found)
			continue;
		r = pb_file_get(pb, found, &text, &len);
		if (r < 0) {
			u->problem = xasprintf("%s: %s", found,
					       r == -ELOOP ? "a symbolic link" : strerror(-r));
			return r;
		}
		if (text)
			unit_parse(u, text, len, found);
	}
	return 0;
}

/* ---- variables ---- */

struct var {
	char *name;
	char *value;  /* NULL when unset */
	char *file;   /* the EnvironmentFile= that sets it last; NULL for Environment= */
	char *problem; /* why its source is unknown, NULL when known */
};

static void var_release(struct var *v)
{
	free(v->name);
	free(v->value);
	free(v->file);
	free(v->problem);
}

/* A Shellvars value as the shell (and systemd) reads it: "..." and '...' unquoted. */
static char *shell_unquote(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	char q = 0;
	for (const char *p = s; *p; p++) {
		if (!q && (*p == '"' || *p == '\'')) {
			q = *p;
		} else if (q && *p == q) {
			q = 0;
		} else if (*p == '\\' && q != '\'' && p[1] &&
			   (!q || strchr("\"\\$`", p[1]))) {
			strbuf_addc(&sb, *++p);
		} else {
			strbuf_addc(&sb, *p);
		}
	}
	return strbuf_detach(&sb);
}

static void var_resolve(struct plan_builder *pb, const struct unit *u, const char *name,
			struct var *v)
{
	v->name = xstrdup(name);
	for (size_t i = u->n_env_files; i-- > 0;) {
		const struct env_file *ef = &u->env_files[i];
		if (ef->glob) {
			v->problem = xasprintf("EnvironmentFile=%s is a pattern", ef->path);
			return;
		}
		const char *text;
		size_t len;
		int r = pb_file_get(pb, ef->path, &text, &len);
		if (r < 0) {
			v->problem = xasprintf("%s: %s", ef->path, strerror(-r));
			return;
		}
		if (!text)
			continue;
		_cleanup_free_ char *copy = xstrndup(text, len), *err = NULL;
		_cleanup_strv_free_ char **vals = NULL;
		if (augeas_match_text(pb_augeas(pb), "Shellvars.lns", copy, name, &vals, &err) < 0) {
			v->problem = xasprintf("%s does not parse as shell variables: %s", ef->path,
					       err ? err : "?");
			return;
		}
		size_t n = strv_length(vals);
		if (n) {
			v->value = shell_unquote(vals[n - 1]);
			v->file = xstrdup(ef->path);
			return;
		}
	}
	size_t nl = strlen(name);
	for (size_t i = strv_length(u->env); i-- > 0;)
		if (!strncmp(u->env[i], name, nl) && u->env[i][nl] == '=') {
			v->value = xstrdup(u->env[i] + nl + 1);
			v->problem = xasprintf("$%s is set by Environment= in docker.service", name);
			return;
		}
}

/* ---- dockerd's flags, with where each word comes from ---- */

struct xword {
	char *v;
	size_t raw;     /* index of the ExecStart= word it comes from */
	ssize_t var;    /* index into vars when it is a word of "$VAR", else -1 */
	size_t var_idx; /* its index among that variable's words */
};

struct cmdline {
	struct word *raw;
	size_t n_raw;
	struct var *vars;
	size_t n_vars;
	struct word **var_words; /* per var: its value's words */
	size_t *n_var_words;
	struct xword *x;
	size_t n_x;
	size_t first; /* first flag word (1, or 2 with the '@' prefix) */
	char *problem;
};

static void cmdline_release(struct cmdline *c)
{
	words_free(c->raw, c->n_raw);
	for (size_t i = 0; i < c->n_vars; i++) {
		var_release(&c->vars[i]);
		words_free(c->var_words[i], c->n_var_words[i]);
	}
	free(c->vars);
	free(c->var_words);
	free(c->n_var_words);
	for (size_t i = 0; i < c->n_x; i++)
		free(c->x[i].v);
	free(c->x);
	free(c->problem);
}

static bool name_valid(const char *s, size_t n)
{
	if (n == 0 || (s[0] >= '0' && s[0] <= '9'))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return true;
}

static ssize_t cmdline_var(struct plan_builder *pb, const struct unit *u, struct cmdline *c,
			   const char *name)
{
	for (size_t i = 0; i < c->n_vars; i++)
		if (STREQ(c->vars[i].name, name))
			return (ssize_t)i;
	size_t k = c->n_vars;
	c->vars = xreallocarray(c->vars, k + 1, sizeof(*c->vars));
	c->var_words = xreallocarray(c->var_words, k + 1, sizeof(*c->var_words));
	c->n_var_words = xreallocarray(c->n_var_words, k + 1, sizeof(size_t));
	c->vars[k] = (struct var){0};
	c->var_words[k] = NULL;
	c->n_var_words[k] = 0;
	c->n_vars++;
	var_resolve(pb, u, name, &c->vars[k]);
	if (c->vars[k].value &&
	    split_words(c->vars[k].value, false, &c->var_words[k], &c->n_var_words[k]) < 0 &&
	    !c->vars[k].problem)
		c->vars[k].problem = xasprintf("$%s has an unterminated quote", name);
	return (ssize_t)k;
}

static void push_x(struct cmdline *c, char *v, size_t raw, ssize_t var, size_t var_idx)
{
	struct xword *x = GROW(c->x, c->n_x);
	*x = (struct xword){.v = v, .raw = raw, .var = var, .var_idx = var_idx};
}

/* The effective ExecStart= as words with their origins, variables expanded as systemd does. */
static int cmdline_build(struct plan_builder *pb, const struct unit *u, struct cmdline *c)
{
	*c = (struct cmdline){0};
	if (split_words(u->exec_cmd, true, &c->raw, &c->n_raw) < 0) {
		c->problem = xasprintf("the ExecStart= at %s:%d does not split into words",
				       u->exec_path, u->exec_line);
		return -EINVAL;
	}
	bool no_env = strchr(u->exec_prefix, ':') != NULL;
	c->first = strchr(u->exec_prefix, '@') ? 2 : 1;
	for (size_t i = 0; i < c->n_raw; i++) {
		const char *w = c->raw[i].v;
		if (!no_env && w[0] == '$' && name_valid(w + 1, strlen(w + 1))) {
			ssize_t k = cmdline_var(pb, u, c, w + 1);
			for (size_t j = 0; j < c->n_var_words[k]; j++)
				push_x(c, xstrdup(c->var_words[k][j].v), i, k, j);
			continue;
		}
		if (no_env || !strchr(w, '$')) {
			push_x(c, xstrdup(w), i, -1, 0);
			continue;
		}
		struct strbuf sb = STRBUF_INIT;
		for (const char *p = w; *p; p++) {
			const char *end;
			if (p[0] == '$' && p[1] == '$') {
				strbuf_addc(&sb, '$');
				p++;
			} else if (p[0] == '$' && p[1] == '{' && (end = strchr(p, '}')) &&
				   name_valid(p + 2, (size_t)(end - p - 2))) {
				_cleanup_free_ char *name = xstrndup(p + 2, (size_t)(end - p - 2));
				ssize_t k = cmdline_var(pb, u, c, name);
				if (c->vars[k].value)
					strbuf_adds(&sb, c->vars[k].value);
				p = end;
			} else {
				strbuf_addc(&sb, *p);
			}
		}
		push_x(c, strbuf_detach(&sb), i, -1, 0);
	}
	return 0;
}

/* One flag found on the command line: words x[first, first + n). */
struct occ {
	const struct daemon_option *o;
	size_t first, n;
	const char *value; /* borrowed from the words; NULL for a boolean without value */
	bool cluster;      /* inside -abc with other flags */
};

static const struct {
	const char *name;
	char short_flag;
	bool takes_value;
} flag_only[] = {
	{"config-file", 0, true}, {"help", 'h', false},	   {"restart", 'r', false},
	{"validate", 0, false},	  {"version", 'v', false},
};

static int flag_only_find(const char *name, char c)
{
	for (size_t i = 0; i < ELEMENTSOF(flag_only); i++)
		if (name ? STREQ(flag_only[i].name, name) : (c && flag_only[i].short_flag == c))
			return (int)i;
	return -1;
}

/* pflag's rules, as in src/probes/dockerd-flags.c. */
static void find_flags(const struct cmdline *c, struct occ **ret, size_t *ret_n)
{
	struct occ *o = NULL;
	size_t n = 0;
	for (size_t i = c->first; i < c->n_x; i++) {
		const char *w = c->x[i].v;
		const char *next = i + 1 < c->n_x ? c->x[i + 1].v : NULL;
		if (w[0] != '-' || w[1] == '\0')
			continue;
		if (w[1] == '-') {
			if (w[2] == '\0')
				break;
			const char *eq = strchr(w + 2, '=');
			_cleanup_free_ char *name =
				eq ? xstrndup(w + 2, (size_t)(eq - w - 2)) : xstrdup(w + 2);
			const struct daemon_option *opt = daemon_option_by_flag(name);
			int only = opt ? -1 : flag_only_find(name, 0);
			bool boolean = opt ? opt->type == DAEMON_OPT_BOOL
				       : only >= 0 ? !flag_only[only].takes_value
						   : !(!eq && next && next[0] != '-');
			size_t used = !eq && !boolean && next ? 2 : 1;
			if (opt)
				*GROW(o, n) = (struct occ){
					.o = opt, .first = i, .n = used,
					.value = eq ? eq + 1 : used == 2 ? next : NULL};
			i += used - 1;
			continue;
		}
		size_t letters = strlen(w + 1);
		for (const char *p = w + 1; *p; p++) {
			const struct daemon_option *opt = daemon_option_by_short(*p);
			int only = opt ? -1 : flag_only_find(NULL, *p);
			if (!opt && only < 0)
				break;
			bool boolean = opt ? opt->type == DAEMON_OPT_BOOL
					   : !flag_only[only].takes_value;
			if (boolean) {
				if (opt)
					*GROW(o, n) = (struct occ){.o = opt, .first = i, .n = 1,
								   .cluster = letters > 1};
				continue;
			}
			size_t used = 1;
			const char *value = p[1] == '=' ? p + 2 : p[1] ? p + 1 : next;
			if (!p[1] && next)
				used = 2;
			if (opt)
				*GROW(o, n) = (struct occ){.o = opt, .first = i, .n = used,
							   .value = value,
							   .cluster = p != w + 1};
			i += used - 1;
			break;
		}
	}
	*ret = o;
	*ret_n = n;
}

/* ---- planning ---- */

const char *daemon_fix_config_path(const struct facts *f)
{
	const struct daemon_facts *d = &f->daemon;
	return d->config.source ? d->config.source : DEFAULT_CONFIG;
}

static bool option_is(const struct daemon_option *o, const char *key)
{
	return STREQ(o->key, key) || (STREQ(key, "data-root") && STREQ(o->key, "graph"));
}

static bool key_targeted(const struct daemon_change *c, const char *key)
{
	if (c->set && value_map_get(c->set, key))
		return true;
	return strv_contains(c->remove, key);
}

/* Whether dockerd (per the facts) gets a flag that the change must take away. */
static bool facts_flag(const struct daemon_change *c, const struct daemon_setting *s,
		       bool all)
{
	if (!s || !s->flag_value)
		return false;
	if (all)
		return true;
	const struct value *v = s->flag_value;
	if (v->type == VALUE_STRING)
		return c->drop_value(v->s);
	for (size_t i = 0; v->type == VALUE_LIST && i < v->list.n; i++)
		if (v->list.items[i]->type == VALUE_STRING && c->drop_value(v->list.items[i]->s))
			return true;
	return false;
}

static void skip(struct plan_builder *pb, const struct rule *r, const char *fmt, ...)
	_printf_(3, 4);
static void skip(struct plan_builder *pb, const struct rule *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	_cleanup_free_ char *s = xvasprintf(fmt, ap);
	va_end(ap);
	pb_note(pb, r, NOTE_SKIPPED, "%s", s);
}

/* The keys whose flags the change concerns, for messages: "icc, log-level". */
static char *flag_keys_text(const struct daemon_change *c)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; c->set && i < c->set->map.n; i++)
		strbuf_addf(&sb, "%s%s", sb.len ? ", " : "", c->set->map.keys[i]);
	for (size_t i = 0; c->remove && c->remove[i]; i++)
		strbuf_addf(&sb, "%s%s", sb.len ? ", " : "", c->remove[i]);
	if (c->drop_key && !key_targeted(c, c->drop_key))
		strbuf_addf(&sb, "%s%s", sb.len ? ", " : "", c->drop_key);
	return strbuf_detach(&sb);
}

/* Double-quoted for a shell variable file: \ " $ ` escaped. */
static char *shell_quote(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addc(&sb, '"');
	for (const char *p = s; *p; p++) {
		if (strchr("\\\"$`", *p))
			strbuf_addc(&sb, '\\');
		strbuf_addc(&sb, *p);
	}
	strbuf_addc(&sb, '"');
	return strbuf_detach(&sb);
}

/* "LINE:COL: message" from json_daemon_edit() -> line, col and the message. */
static const char *error_position(const char *err, int *ret_line, int *ret_col)
{
	if (!err)
		return "invalid";
	const char *c1 = strchr(err, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
	if (!c2 || c2[1] != ' ')
		return err;
	_cleanup_free_ char *l = xstrndup(err, (size_t)(c1 - err));
	_cleanup_free_ char *c = xstrndup(c1 + 1, (size_t)(c2 - c1 - 1));
	int64_t li, ci;
	if (parse_int64(l, &li) < 0 || parse_int64(c, &ci) < 0 || li > INT32_MAX || ci > INT32_MAX)
		return err;
	*ret_line = (int)li;
	*ret_col = (int)ci;
	return c2 + 2;
}

struct file_edit {
	char *path, *text, *what;
	bool daemon_config;
};

bool daemon_fix_plan(struct plan_builder *pb, const struct rule *r, const struct daemon_change *c)
{
	const struct facts *f = pb_facts(pb);
	const struct daemon_facts *d = &f->daemon;
	const char *config = daemon_fix_config_path(f);
	bool ok = false;

	if (!(f->probed & PROBE_DAEMON)) {
		skip(pb, r, "the Docker daemon's configuration was not probed");
		return false;
	}
	if (d->config.state == FACT_INVALID) {
		pb_error(pb, r, d->config_error.file ? d->config_error.file : config,
			 d->config_error.line, d->config_error.col,
			 "%s (dockward does not rewrite a daemon.json that dockerd cannot read: fix "
			 "it first)",
			 d->config_error.message ? d->config_error.message : "invalid");
		return false;
	}
	if (d->config.state == FACT_UNREADABLE) {
		pb_error(pb, r, config, 0, 0, "%s", d->config.reason ? d->config.reason
								: "unreadable");
		return false;
	}

	struct unit u;
	struct cmdline cl = {0};
	struct occ *occ = NULL;
	size_t n_occ = 0;
	struct file_edit edits[8];
	size_t n_edits = 0;
	_cleanup_free_ char *keys = flag_keys_text(c);
	_cleanup_free_ bool *drop_raw = NULL;
	bool **drop_var = NULL;

	int lr = unit_load(pb, &u);
	bool have_cmd = lr >= 0 && u.exec_cmd && cmdline_build(pb, &u, &cl) >= 0;
	if (have_cmd)
		find_flags(&cl, &occ, &n_occ);

	/* 1. which flag occurrences go, and may they */
	drop_raw = xcalloc(cl.n_raw + 1, sizeof(bool));
	drop_var = xcalloc(cl.n_vars + 1, sizeof(bool *));
	for (size_t i = 0; i < cl.n_vars; i++)
		drop_var[i] = xcalloc(cl.n_var_words[i] + 1, sizeof(bool));
	bool raw_changed = false;
	bool *var_changed = xcalloc(cl.n_vars + 1, sizeof(bool));

	for (size_t i = 0; i < n_occ; i++) {
		const struct occ *oc = &occ[i];
		bool all = key_targeted(c, oc->o->key) ||
			   (STREQ(oc->o->key, "graph") && key_targeted(c, "data-root"));
		bool some = c->drop_key && option_is(oc->o, c->drop_key) &&
			    c->drop_value(oc->value ? oc->value : "");
		if (!all && !some)
			continue;
		_cleanup_free_ char *text = NULL;
		{
			struct strbuf sb = STRBUF_INIT;
			for (size_t k = 0; k < oc->n; k++)
				strbuf_addf(&sb, "%s%s", k ? " " : "", cl.x[oc->first + k].v);
			text = strbuf_detach(&sb);
		}
		if (oc->cluster) {
			skip(pb, r, "'%s' in the ExecStart= at %s:%d sets %s inside a cluster of "
				    "one-letter flags: write the flags separately, then run fix again",
			     text, u.exec_path, u.exec_line, oc->o->key);
			goto out;
		}
		const struct xword *a = &cl.x[oc->first], *b = &cl.x[oc->first + oc->n - 1];
		if (a->var != b->var) {
			skip(pb, r, "'%s' in the ExecStart= at %s:%d is split between the command "
				    "and a variable: remove it by hand, then run fix again",
			     text, u.exec_path, u.exec_line);
			goto out;
		}
		if (a->var < 0) {
			/* a whole raw word per flag word; a "${VAR}" word is dropped as a whole */
			for (size_t k = 0; k < oc->n; k++)
				drop_raw[cl.x[oc->first + k].raw] = true;
			raw_changed = true;
			continue;
		}
		struct var *v = &cl.vars[a->var];
		if (v->problem || !v->file) {
			skip(pb, r, "'%s' comes from $%s, whose source dockward cannot edit (%s): "
				    "remove it there, then run fix again",
			     text, v->name, v->problem ? v->problem : "unknown");
			goto out;
		}
		for (size_t k = 0; k < oc->n; k++)
			drop_var[a->var][cl.x[oc->first + k].var_idx] = true;
		var_changed[a->var] = true;
	}

	/* 2. flags dockerd has (per the facts) that no readable unit carries */
	for (size_t i = 0; i < d->n_settings; i++) {
		const struct daemon_setting *s = &d->settings[i];
		bool all = key_targeted(c, s->key);
		bool some = c->drop_key && STREQ(s->key, c->drop_key) && facts_flag(c, s, false);
		if (!(all && facts_flag(c, s, true)) && !some)
			continue;
		bool carried = false;
		for (size_t k = 0; k < n_occ && !carried; k++)
			carried = option_is(occ[k].o, s->key) &&
				  (all || c->drop_value(occ[k].value ? occ[k].value : ""));
		if (carried)
			continue;
		if (d->flags_from == DAEMON_FLAGS_PROCESS)
			skip(pb, r, "dockerd (pid %d) runs with '%s', and %s: remove the flag where "
				    "dockerd is started (its init script, /etc/default/docker or "
				    "/etc/sysconfig/docker for SysV init, a wrapper), then run fix "
				    "again",
			     (int)d->pid, s->flag_text,
			     u.problem    ? u.problem
			     : !u.unit_path ? "no docker.service exists under the root"
					    : "no ExecStart= of docker.service (nor its environment "
					      "files) carries it");
		else
			skip(pb, r, "dockerd gets '%s' from %s:%d, but dockward cannot tell from "
				    "which word%s%s: remove the flag there, then run fix again",
			     s->flag_text, d->flags_source ? d->flags_source : "?", d->flags_line,
			     u.problem ? ": " : "", u.problem ? u.problem : "");
		goto out;
	}

	/* 3. the unit: dockward's drop-in replaces ExecStart= */
	if (raw_changed) {
		const char *base = strrchr(u.exec_path, '/') + 1;
		if (!STREQ(u.exec_path, u.unit_path) && !STREQ(u.exec_path, DOCKWARD_DOCKER_DROPIN) &&
		    strcmp(base, DOCKWARD_DROPIN_NAME) > 0) {
			skip(pb, r, "the effective ExecStart= is in %s:%d, a drop-in read after "
				    "dockward's (%s), so dockward's could not replace it: remove the "
				    "flags for %s there, then run fix again",
			     u.exec_path, u.exec_line, DOCKWARD_DOCKER_DROPIN, keys);
			goto out;
		}
		_cleanup_free_ char *cmd = join_kept(u.exec_cmd, cl.raw, cl.n_raw, drop_raw);
		edits[n_edits++] = (struct file_edit){
			.path = xstrdup(DOCKWARD_DOCKER_DROPIN),
			.text = xasprintf("[Service]\nExecStart=\nExecStart=%s%s\n", u.exec_prefix,
					  cmd),
			.what = xasprintf("ExecStart= of docker.service without the flags for %s "
					  "(was %s:%d)",
					  keys, u.exec_path, u.exec_line),
			.daemon_config = true,
		};
	}

	/* 4. environment files through augeas */
	for (size_t k = 0; k < cl.n_vars; k++) {
		if (!var_changed[k])
			continue;
		struct var *v = &cl.vars[k];
		const char *text;
		size_t len;
		const char *prev = NULL;
		for (size_t e = 0; e < n_edits; e++)
			if (STREQ(edits[e].path, v->file))
				prev = edits[e].text;
		if (!prev && pb_file_get(pb, v->file, &text, &len) >= 0 && text)
			prev = text;
		if (!prev || n_edits >= ELEMENTSOF(edits) - 1) {
			skip(pb, r, "%s cannot be read again", v->file);
			goto out;
		}
		_cleanup_free_ char *copy = xstrdup(prev), *value = NULL, *quoted = NULL;
		_cleanup_free_ char *out = NULL, *err = NULL;
		value = join_kept(v->value, cl.var_words[k], cl.n_var_words[k], drop_var[k]);
		quoted = shell_quote(value);
		struct augeas_op op = {AUGEAS_SET, v->name, quoted};
		if (augeas_edit_text(pb_augeas(pb), "Shellvars.lns", copy, &op, 1, &out, &err) < 0) {
			skip(pb, r, "%s: cannot set %s through augeas: %s", v->file, v->name,
			     err ? err : "?");
			goto out;
		}
		bool replaced = false;
		for (size_t e = 0; e < n_edits; e++)
			if (STREQ(edits[e].path, v->file)) {
				free(edits[e].text);
				edits[e].text = TAKE_PTR(out);
				replaced = true;
			}
		if (!replaced)
			edits[n_edits++] = (struct file_edit){
				.path = xstrdup(v->file),
				.text = TAKE_PTR(out),
				.what = xasprintf("%s without the flags for %s", v->name, keys),
				.daemon_config = true,
			};
	}

	/* 5. daemon.json */
	bool json_needed = (c->set && c->set->map.n) || c->remove;
	if (json_needed) {
		const char *text;
		size_t len;
		int rr = pb_file_get(pb, config, &text, &len);
		if (rr < 0) {
			pb_error(pb, r, config, 0, 0, "cannot read: %s", strerror(-rr));
			goto out;
		}
		if (text || (c->set && c->set->map.n)) {
			_cleanup_free_ char *out = NULL, *err = NULL;
			rr = json_daemon_edit(text, len, c->set, c->remove, &out, &err);
			if (rr < 0) {
				int line = 0, col = 0;
				const char *msg = error_position(err, &line, &col);
				pb_error(pb, r, config, line, col, "%s", msg);
				goto out;
			}
			edits[n_edits++] = (struct file_edit){
				.path = xstrdup(config),
				.text = TAKE_PTR(out),
				.what = xstrdup(c->what ? c->what : "edit"),
				.daemon_config = true,
			};
		}
	}

	for (size_t e = 0; e < n_edits; e++)
		pb_file_put(pb, r, edits[e].path, edits[e].text, strlen(edits[e].text), 0644,
			    edits[e].daemon_config, "%s", edits[e].what);
	ok = true;
out:
	for (size_t e = 0; e < n_edits; e++) {
		free(edits[e].path);
		free(edits[e].text);
		free(edits[e].what);
	}
	for (size_t i = 0; i < cl.n_vars; i++)
		free(drop_var[i]);
	free(drop_var);
	free(var_changed);
	free(occ);
	cmdline_release(&cl);
	unit_release(&u);
	return ok;
}

/* ---- validation ---- */

static bool type_fits(const struct daemon_option *o, const struct value *v)
{
	switch (o->type) {
	case DAEMON_OPT_BOOL:
		return v->type == VALUE_BOOL;
	case DAEMON_OPT_INT:
		return v->type == VALUE_INT;
	case DAEMON_OPT_STRING:
		return v->type == VALUE_STRING;
	case DAEMON_OPT_LIST:
		return v->type == VALUE_LIST;
	case DAEMON_OPT_MAP:
		return v->type == VALUE_MAP;
	default:
		return true;
	}
}

static const char *const opt_type_names[] = {"a boolean", "a string", "a list", "a map",
					     "an integer"};

int daemon_fix_validate_keys(const struct value *fix, const char *file, struct diags *diags)
{
	const struct value *set = value_map_get(fix, "set");
	const struct value *remove = value_map_get(fix, "remove");
	int r = 0;

	if ((!set || set->type != VALUE_MAP || set->map.n == 0) &&
	    (!remove || remove->type != VALUE_LIST || remove->list.n == 0)) {
		diags_add(diags, file, fix->line, fix->col,
			  "daemon_json: give `set` (a map of daemon.json keys) or `remove` (a list "
			  "of keys), or both");
		return -EINVAL;
	}
	for (size_t i = 0; set && set->type == VALUE_MAP && i < set->map.n; i++) {
		const struct value *v = set->map.vals[i];
		const struct daemon_option *o = daemon_option_by_key(set->map.keys[i]);
		if (!o) {
			diags_add(diags, file, v->line, v->col, "set: '%s' is not a daemon.json key",
				  set->map.keys[i]);
			r = -EINVAL;
		} else if (!type_fits(o, v)) {
			diags_add(diags, file, v->line, v->col, "set: %s takes %s, not a %s",
				  o->key, opt_type_names[o->type], value_type_to_string(v->type));
			r = -EINVAL;
		}
		if (remove && remove->type == VALUE_LIST)
			for (size_t k = 0; k < remove->list.n; k++)
				if (value_is_string(remove->list.items[k], set->map.keys[i])) {
					diags_add(diags, file, v->line, v->col,
						  "'%s' is both set and removed", set->map.keys[i]);
					r = -EINVAL;
				}
	}
	for (size_t i = 0; remove && remove->type == VALUE_LIST && i < remove->list.n; i++) {
		const struct value *v = remove->list.items[i];
		if (v->type != VALUE_STRING || !daemon_option_by_key(v->s)) {
			_cleanup_free_ char *t = value_to_text(v);
			diags_add(diags, file, v->line, v->col, "remove: %s is not a daemon.json key",
				  t);
			r = -EINVAL;
		}
	}
	return r;
}
