/* probe-audit.c: the file watches that auditd's rules set up, read from the rules files.
 *
 * Sources, in this order: /etc/audit/audit.rules, then the *.rules files of /etc/audit/rules.d
 * sorted by name (augenrules builds the first from the second; which one a host loads depends
 * on the distribution, so both are read and a watch in either counts). Each line is one auditctl
 * command, split into words on whitespace ('"' quotes a word; a word starting with '#' starts a
 * comment). Two forms give a watched path:
 *   -w PATH [-p PERMS] [-k KEY]                       perms default to "rwxa", as auditctl's
 *   -a always,exit [-F arch=..] -F path=PATH|dir=PATH [-F perm=PERMS] [-k KEY | -F key=KEY]
 * Only the "=" operator on path/dir counts (path!=X watches nothing), and only always,exit
 * (either order) rules: "never" rules suppress events. Several keys are joined with ','.
 * Paths are recorded exactly as written, so the check matches whole paths: a watch on
 * /usr/bin/dockerd-rootless.sh is not a watch on /usr/bin/dockerd. -W, -D and the other
 * commands are not modelled: the files are read as rule sets, not replayed.
 *
 * status: FACT_ABSENT when neither audit.rules nor rules.d exists; FACT_UNREADABLE when one of
 * them exists but cannot be read (auditd's /etc/audit is usually 0750 root: a non-root audit
 * must say it could not see the rules, not that nothing is watched); FACT_OK otherwise.
 *
 * The rules loaded in the kernel (`auditctl -l`) are not read: that needs CAP_AUDIT_CONTROL and
 * a fork and exec, which costs more than this probe's whole budget (well under 1 ms), so
 * kernel_rules_read stays false. */
#include <errno.h>
#include <string.h>

#include "probe.h"

#define AUDIT_RULES "/etc/audit/audit.rules"
#define AUDIT_RULES_DIR "/etc/audit/rules.d"
#define AUDIT_FILES_MAX 1024
#define AUDIT_WATCHES_MAX 65536
#define AUDIT_WORDS_MAX 256 /* words in one rule line */

/* Splits a line into words in place. Returns the number of words. */
static size_t split_words(char *line, char **words, size_t max)
{
	size_t n = 0;
	char *r = line;
	for (;;) {
		while (*r == ' ' || *r == '\t' || *r == '\r')
			r++;
		if (!*r || *r == '#' || n == max)
			break;
		char *w = r, *start = r;
		bool quoted = false;
		for (; *r && (quoted || (*r != ' ' && *r != '\t' && *r != '\r')); r++) {
			if (*r == '"')
				quoted = !quoted;
			else
				*w++ = *r;
		}
		bool end = !*r;
		*w = '\0';
		words[n++] = start;
		if (end)
			break;
		r++;
	}
	return n;
}

/* Options of auditctl that take a value (the next word, or attached: "-w/etc/docker"). */
static bool takes_value(char opt)
{
	return opt && strchr("aAbCdeFfkmpqrRSwW", opt) != NULL;
}

static void add_key(char **keys, const char *k)
{
	char *joined = *keys ? xasprintf("%s,%s", *keys, k) : xstrdup(k);
	free(*keys);
	*keys = joined;
}

/* "always,exit" or "exit,always". */
static bool is_always_exit(const char *v)
{
	return STREQ(v, "always,exit") || STREQ(v, "exit,always");
}

static void add_watch(struct audit_facts *a, const char *path, const char *perms,
		      const char *key, const char *source, int line)
{
	if (!*path || a->n >= AUDIT_WATCHES_MAX)
		return;
	struct audit_watch *w = GROW(a->items, a->n);
	w->path = xstrdup(path);
	w->perms = xstrdup_or_null(perms);
	w->key = xstrdup_or_null(key);
	w->source = xstrdup(source);
	w->line = line;
}

static void parse_rule(struct audit_facts *a, char **words, size_t n, const char *source,
		       int line)
{
	const char *watch = NULL, *perms = NULL, *action = NULL, *field_perm = NULL;
	const char *paths[16];
	size_t n_paths = 0;
	_cleanup_free_ char *keys = NULL;

	for (size_t i = 0; i < n; i++) {
		const char *w = words[i];
		if (w[0] != '-' || w[1] == '-' || !takes_value(w[1]))
			continue; /* a long option, a flag, or a stray word */
		char opt = w[1];
		const char *v = w[2] ? w + 2 : (i + 1 < n ? words[++i] : NULL);
		if (!v)
			break;
		switch (opt) {
		case 'w':
			watch = v;
			break;
		case 'p':
			perms = v;
			break;
		case 'k':
			add_key(&keys, v);
			break;
		case 'a':
		case 'A':
			action = v;
			break;
		case 'F': {
			size_t len = strcspn(v, "=!<>&");
			if (v[len] != '=' || v[len + 1] == '=')
				break; /* not the plain equality */
			const char *val = v + len + 1;
			bool path = len == 4 && startswith(v, "path");
			if (path || (len == 3 && startswith(v, "dir"))) {
				if (n_paths < ELEMENTSOF(paths))
					paths[n_paths++] = val;
			} else if (len == 4 && startswith(v, "perm"))
				field_perm = val;
			else if (len == 3 && startswith(v, "key"))
				add_key(&keys, val);
			break;
		}
		default:
			break;
		}
	}

	if (watch) {
		add_watch(a, watch, perms ? perms : "rwxa", keys, source, line);
		return;
	}
	if (!action || !is_always_exit(action))
		return;
	for (size_t i = 0; i < n_paths; i++)
		add_watch(a, paths[i], field_perm, keys, source, line);
}

static void parse_rules(struct audit_facts *a, char *buf, const char *source)
{
	char *words[AUDIT_WORDS_MAX];
	int line = 0;
	for (char *next, *p = buf; p; p = next) {
		next = strchr(p, '\n');
		if (next)
			*next++ = '\0';
		line++;
		size_t n = split_words(p, words, ELEMENTSOF(words));
		if (n > 0)
			parse_rule(a, words, n, source, line);
	}
}

/* Reads one rules file. 0 when read, else -errno (the caller decides what absence means). */
static int read_rules(const struct host *h, struct audit_facts *a, const char *path)
{
	_cleanup_free_ char *buf = NULL;
	int r = host_read_file(h, path, 0, false, &buf, NULL);
	if (r < 0)
		return r;
	strv_extend(&a->files_read, path);
	parse_rules(a, buf, path);
	return 0;
}

static void run(const struct host *h, const struct fact_requests *q, struct facts *f)
{
	(void)q;
	struct audit_facts *a = &f->audit;
	const char *bad_source = NULL;
	_cleanup_free_ char *bad_path = NULL;
	int bad = 0;

	int r_main = read_rules(h, a, AUDIT_RULES);
	if (r_main < 0 && r_main != -ENOENT) {
		bad = r_main;
		bad_source = AUDIT_RULES;
	}

	_cleanup_strv_free_ char **names = NULL;
	int r_dir = host_list_dir(h, AUDIT_RULES_DIR, &names);
	if (r_dir < 0 && r_dir != -ENOENT && r_dir != -ENOTDIR && !bad) {
		bad = r_dir;
		bad_source = AUDIT_RULES_DIR;
	}
	size_t n_files = 0;
	for (char **name = names; name && *name; name++) {
		if ((*name)[0] == '.' || !endswith(*name, ".rules"))
			continue;
		if (++n_files > AUDIT_FILES_MAX)
			break;
		_cleanup_free_ char *path = xasprintf("%s/%s", AUDIT_RULES_DIR, *name);
		int r = read_rules(h, a, path);
		if (r < 0 && r != -ENOENT && !bad) { /* ENOENT: a dangling link, nothing loads */
			bad = r;
			bad_path = TAKE_PTR(path);
			bad_source = bad_path;
		}
	}

	if (bad)
		fact_status_from_errno(&a->status, bad_source, bad);
	else if (r_main == -ENOENT && (r_dir == -ENOENT || r_dir == -ENOTDIR))
		fact_status_set(&a->status, AUDIT_RULES, FACT_ABSENT, 0,
				"absent: no %s and no %s", AUDIT_RULES, AUDIT_RULES_DIR);
	else
		fact_status_set(&a->status, r_main == 0 ? AUDIT_RULES : AUDIT_RULES_DIR, FACT_OK, 0,
				NULL);
}

const struct probe probe_audit = {
	.name = "audit",
	.flag = PROBE_AUDIT,
	.offline = true,
	.run = run,
};
