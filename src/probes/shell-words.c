/* shell-words.c: systemd's word splitting and variable expansion, for ExecStart= and friends.
 *
 * dockerd's flags often reach it through a unit line such as
 *     ExecStart=/usr/bin/dockerd -H fd:// $DOCKER_OPTS
 * so reading them means doing what systemd does, not what a shell does: extract_first_word()
 * with EXTRACT_UNQUOTE for the split (quotes may open anywhere in a word, a backslash escapes
 * inside quotes too), and replace_env_argv() for the expansion: "$NAME" as a whole word is
 * split into words, "${NAME}" inside a word is replaced as-is, "$$" is a '$', "$NAME" inside a
 * word is left alone. Pure string work; no I/O. */
#include <errno.h>
#include <string.h>

#include "daemon-probe.h"

static bool is_separator(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void add_utf8(struct strbuf *sb, uint32_t cp)
{
	char b[4];
	if (cp < 0x80) {
		strbuf_addc(sb, (char)cp);
		return;
	}
	if (cp < 0x800) {
		b[0] = (char)(0xc0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3f));
		strbuf_add(sb, b, 2);
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		strbuf_add(sb, b, 3);
	} else {
		b[0] = (char)(0xf0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f));
		strbuf_add(sb, b, 4);
	}
}

/* systemd's cunescape_one(): s points after the backslash. Appends the decoded character and
 * returns how many bytes of s it used, or 0 when s does not start a C escape. A NUL is refused
 * (it could not live in an argv word anyway). */
static size_t cunescape_one(const char *s, struct strbuf *sb)
{
	static const char simple_from[] = "abfnrtv\\\"'s";
	static const char simple_to[] = "\a\b\f\n\r\t\v\\\"' ";
	const char *p = s[0] ? strchr(simple_from, s[0]) : NULL;
	if (p) {
		strbuf_addc(sb, simple_to[p - simple_from]);
		return 1;
	}
	uint32_t v = 0;
	switch (s[0]) {
	case 'x':
		for (int i = 1; i <= 2; i++) {
			int h = hexval(s[i]);
			if (h < 0)
				return 0;
			v = v * 16 + (uint32_t)h;
		}
		if (v == 0)
			return 0;
		strbuf_addc(sb, (char)v);
		return 3;
	case 'u':
	case 'U': {
		int digits = s[0] == 'u' ? 4 : 8;
		for (int i = 1; i <= digits; i++) {
			int h = hexval(s[i]);
			if (h < 0)
				return 0;
			v = v * 16 + (uint32_t)h;
		}
		if (v == 0 || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
			return 0;
		add_utf8(sb, v);
		return (size_t)digits + 1;
	}
	default:
		if (s[0] < '0' || s[0] > '3')
			return 0;
		for (int i = 0; i < 3; i++) {
			if (s[i] < '0' || s[i] > '7')
				return 0;
			v = v * 8 + (uint32_t)(s[i] - '0');
		}
		if (v == 0)
			return 0;
		strbuf_addc(sb, (char)v);
		return 3;
	}
}

/* A strv that knows its length and capacity: strv_push() recounts, which would make a hostile
 * line of a million words quadratic. */
struct vec {
	char **v;
	size_t n, cap;
};

static void vec_push(struct vec *x, char *s)
{
	if (x->n + 2 > x->cap) {
		x->cap = x->cap ? x->cap * 2 : 8;
		x->v = xreallocarray(x->v, x->cap, sizeof(char *));
	}
	x->v[x->n++] = s;
	x->v[x->n] = NULL;
}

static char **vec_detach(struct vec *x)
{
	char **v = x->v ? x->v : xcalloc(1, sizeof(char *));
	*x = (struct vec){0};
	return v;
}

int shell_split(const char *s, unsigned flags, char ***ret, const char **ret_error)
{
	struct vec words = {0};
	const char *error = NULL;
	const char *p = s;

	for (;;) {
		while (*p && is_separator(*p))
			p++;
		if (!*p)
			break;

		struct strbuf w = STRBUF_INIT;
		char quote = 0;
		bool any = false; /* "" is a word too */
		for (;;) {
			char c = *p;
			if (!c) {
				if (quote) {
					error = "unterminated quote";
					if (!(flags & SPLIT_RELAX)) {
						strbuf_release(&w);
						goto fail;
					}
				}
				break;
			}
			if (!quote && is_separator(c))
				break;
			p++;
			if (quote && c == quote) {
				quote = 0;
			} else if (!quote && (c == '\'' || c == '"')) {
				quote = c;
				any = true;
			} else if (c == '\\') {
				if (!*p) {
					error = "trailing backslash";
					if (!(flags & SPLIT_RELAX)) {
						strbuf_release(&w);
						goto fail;
					}
					strbuf_addc(&w, '\\');
					continue;
				}
				size_t used = (flags & SPLIT_CUNESCAPE) ? cunescape_one(p, &w) : 0;
				if (used == 0) { /* not a C escape: the character itself */
					strbuf_addc(&w, *p);
					used = 1;
				}
				p += used;
			} else {
				strbuf_addc(&w, c);
			}
			any = true;
		}
		if (any)
			vec_push(&words, strbuf_detach(&w));
		else
			strbuf_release(&w);
	}
	*ret = vec_detach(&words);
	if (ret_error)
		*ret_error = error;
	return 0;
fail:
	strv_free(words.v);
	if (ret_error)
		*ret_error = error;
	return -EINVAL;
}

bool env_name_is_valid(const char *name, size_t len)
{
	if (len == 0 || (name[0] >= '0' && name[0] <= '9'))
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_'))
			return false;
	}
	return true;
}

const char *env_get(char *const *env, const char *name, size_t name_len)
{
	for (size_t i = 0; env && env[i]; i++)
		if (strncmp(env[i], name, name_len) == 0 && env[i][name_len] == '=')
			return env[i] + name_len + 1;
	return NULL;
}

int env_set(char ***env, const char *name, size_t name_len, const char *value)
{
	size_t n = 0;
	for (char **e = *env; e && *e; e++, n++)
		if (strncmp(*e, name, name_len) == 0 && (*e)[name_len] == '=') {
			free(*e);
			*e = xasprintf("%.*s=%s", (int)name_len, name, value);
			return 0;
		}
	if (n >= ENV_MAX)
		return -E2BIG;
	strv_push(env, xasprintf("%.*s=%s", (int)name_len, name, value));
	return 0;
}

/* Names are reported once each; the input is bounded (DOCKERD_ARGV_MAX words). */
static void add_unset(char ***unset, const char *name, size_t len)
{
	_cleanup_free_ char *n = xstrndup(name, len);
	if (!strv_contains(*unset, n))
		strv_push(unset, TAKE_PTR(n));
}

/* systemd's replace_env_full() without the extended ${A:-b} forms: "${NAME}" is replaced,
 * "$$" is a '$', anything else (including "${A:-b}" and a lone '$') stays as written. */
static char *replace_env(const char *word, char *const *env, char ***unset)
{
	enum { WORD, CURLY, VARIABLE } state = WORD;
	struct strbuf sb = STRBUF_INIT;
	const char *start = word; /* first byte not yet copied */
	const char *var = NULL;

	for (const char *e = word; *e; e++) {
		switch (state) {
		case WORD:
			if (*e == '$')
				state = CURLY;
			break;
		case CURLY:
			if (*e == '{') {
				strbuf_add(&sb, start, (size_t)(e - 1 - start));
				start = e - 1;
				var = e + 1;
				state = VARIABLE;
			} else if (*e == '$') {
				strbuf_add(&sb, start, (size_t)(e - start));
				start = e + 1;
				state = WORD;
			} else {
				state = WORD;
			}
			break;
		case VARIABLE:
			if (*e == '}') {
				size_t len = (size_t)(e - var);
				const char *v =
					env_name_is_valid(var, len) ? env_get(env, var, len) : NULL;
				if (v)
					strbuf_adds(&sb, v);
				else
					add_unset(unset, var, len);
				start = e + 1;
				state = WORD;
			} else if (*e == ':') {
				state = WORD; /* ${A:-b}: not for ExecStart=, kept as written */
			}
			break;
		}
	}
	strbuf_adds(&sb, start);
	return strbuf_detach(&sb);
}

void shell_expand_argv(char *const *words, char *const *env, char ***ret, char ***ret_unset,
		       char ***ret_bad_quote)
{
	struct vec out = {0};

	for (size_t i = 0; words && words[i] && i < DOCKERD_ARGV_MAX; i++) {
		const char *w = words[i];
		if (out.n >= DOCKERD_ARGV_MAX)
			break;
		if (w[0] == '$' && w[1] != '{' && w[1] != '$') {
			const char *name = w + 1;
			size_t len = strlen(name);
			const char *v =
				env_name_is_valid(name, len) ? env_get(env, name, len) : NULL;
			if (!v) {
				add_unset(ret_unset, name, len);
				continue;
			}
			char **split = NULL;
			const char *err = NULL;
			shell_split(v, SPLIT_RELAX, &split, &err);
			if (err && !strv_contains(*ret_bad_quote, name))
				strv_extend(ret_bad_quote, name);
			for (size_t k = 0; split[k]; k++) {
				if (out.n < DOCKERD_ARGV_MAX)
					vec_push(&out, split[k]);
				else
					free(split[k]);
			}
			free(split);
			continue;
		}
		vec_push(&out, replace_env(w, env, ret_unset));
	}
	*ret = vec_detach(&out);
}
