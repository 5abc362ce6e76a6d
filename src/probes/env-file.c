/* env-file.c: EnvironmentFile= contents (Debian's /etc/default/docker) -> NAME=value.
 *
 * systemd does not run a shell on these files; it has its own small grammar
 * (parse_env_file_internal() in systemd's env-file.c), and this is a port of it, so that
 *     DOCKER_OPTS="-H tcp://0.0.0.0:2375 --icc=false"
 * gives exactly the value that systemd substitutes for $DOCKER_OPTS. In short: '#' or ';' starts
 * a comment only at the beginning of a line; KEY=value; unquoted values lose trailing blanks and
 * a backslash takes the next character (a backslash-newline joins lines); '...' is literal;
 * "..." honours \" \\ \` \$ and a backslash-newline, and keeps other backslashes. Unlike a
 * shell, `export NAME=value` is not understood: systemd sees the invalid name "export NAME" and
 * drops the line, and so do we (with a problem saying why). Reading stops at a NUL byte, as
 * systemd's does. Pure string work: the caller reads the file through host.h. */
#include <string.h>

#include "daemon-probe.h"

struct parser {
	const char *source;
	char ***env;
	struct diags *problems;
	struct strbuf key, value;
	int key_line;
	size_t n_assign, max_assign;
	bool full;
};

static void push(struct parser *ps, bool value_set)
{
	/* the key loses trailing blanks (leading ones never got in) */
	while (ps->key.len && strchr(" \t\r", ps->key.buf[ps->key.len - 1]))
		ps->key.buf[--ps->key.len] = '\0';
	const char *k = ps->key.buf ? ps->key.buf : "";
	const char *v = value_set && ps->value.buf ? ps->value.buf : "";

	if (!ps->full && ps->n_assign >= ps->max_assign) {
		diags_add(ps->problems, ps->source, ps->key_line, 0,
			  "more than %d assignments in the unit's environment, ignoring the rest",
			  ENV_ASSIGN_MAX);
		ps->full = true;
	}
	if (!ps->full) {
		ps->n_assign++;
		if (!env_name_is_valid(k, ps->key.len))
			diags_add(ps->problems, ps->source, ps->key_line, 0,
				  "'%s' is not a valid variable name: systemd ignores this line%s",
				  k,
				  startswith(k, "export ") ? " (it does not understand 'export')"
							   : "");
		else if (env_set(ps->env, k, ps->key.len, v) < 0)
			diags_add(ps->problems, ps->source, ps->key_line, 0,
				  "more than %d variables, ignoring '%s'", ENV_MAX, k);
	}
	strbuf_release(&ps->key);
	strbuf_release(&ps->value);
}

size_t env_file_parse(const char *text, size_t len, const char *source, char ***env,
		      struct diags *problems, size_t max_assign)
{
	enum {
		PRE_KEY,
		KEY,
		PRE_VALUE,
		VALUE,
		VALUE_ESCAPE,
		SINGLE_QUOTE_VALUE,
		DOUBLE_QUOTE_VALUE,
		DOUBLE_QUOTE_VALUE_ESCAPE,
		COMMENT,
		COMMENT_ESCAPE,
	} state = PRE_KEY;
	struct parser ps = {
		.source = source, .env = env, .problems = problems, .max_assign = max_assign};
	size_t last_value_ws = SIZE_MAX; /* where trailing blanks of an unquoted value start */
	int line = 1, quote_line = 0;

	for (size_t i = 0; i < len && text[i] && !ps.full; i++) {
		char c = text[i];
		bool newline = c == '\n' || c == '\r';
		bool blank = c == ' ' || c == '\t' || newline;

		switch (state) {
		case PRE_KEY:
			if (c == '#' || c == ';') {
				state = COMMENT;
			} else if (!blank) {
				state = KEY;
				ps.key_line = line;
				strbuf_addc(&ps.key, c);
			}
			break;
		case KEY:
			if (newline) {
				/* a word without '=': systemd drops it silently */
				strbuf_release(&ps.key);
				state = PRE_KEY;
			} else if (c == '=') {
				state = PRE_VALUE;
				last_value_ws = SIZE_MAX;
			} else {
				strbuf_addc(&ps.key, c);
			}
			break;
		case PRE_VALUE:
			if (newline) {
				push(&ps, true);
				state = PRE_KEY;
			} else if (c == '\'') {
				state = SINGLE_QUOTE_VALUE;
				quote_line = line;
			} else if (c == '"') {
				state = DOUBLE_QUOTE_VALUE;
				quote_line = line;
			} else if (c == '\\') {
				state = VALUE_ESCAPE;
			} else if (!blank) {
				state = VALUE;
				strbuf_addc(&ps.value, c);
			}
			break;
		case VALUE:
			if (newline) {
				if (last_value_ws != SIZE_MAX && ps.value.buf) {
					ps.value.len = last_value_ws;
					ps.value.buf[last_value_ws] = '\0';
				}
				push(&ps, true);
				state = PRE_KEY;
			} else if (c == '\\') {
				state = VALUE_ESCAPE;
				last_value_ws = SIZE_MAX;
			} else {
				if (!blank)
					last_value_ws = SIZE_MAX;
				else if (last_value_ws == SIZE_MAX)
					last_value_ws = ps.value.len;
				strbuf_addc(&ps.value, c);
			}
			break;
		case VALUE_ESCAPE:
			state = VALUE;
			if (!newline) /* an escaped newline is eaten */
				strbuf_addc(&ps.value, c);
			break;
		case SINGLE_QUOTE_VALUE:
			if (c == '\'')
				state = PRE_VALUE;
			else
				strbuf_addc(&ps.value, c);
			break;
		case DOUBLE_QUOTE_VALUE:
			if (c == '"')
				state = PRE_VALUE;
			else if (c == '\\')
				state = DOUBLE_QUOTE_VALUE_ESCAPE;
			else
				strbuf_addc(&ps.value, c);
			break;
		case DOUBLE_QUOTE_VALUE_ESCAPE:
			state = DOUBLE_QUOTE_VALUE;
			if (c == '"' || c == '\\' || c == '`' || c == '$') {
				strbuf_addc(&ps.value, c);
			} else if (c != '\n') {
				strbuf_addc(&ps.value, '\\');
				strbuf_addc(&ps.value, c);
			}
			break;
		case COMMENT:
			if (c == '\\')
				state = COMMENT_ESCAPE;
			else if (newline)
				state = PRE_KEY;
			break;
		case COMMENT_ESCAPE:
			state = newline ? PRE_KEY : COMMENT;
			break;
		}
		if (c == '\n')
			line++;
	}

	if (ps.full) {
		strbuf_release(&ps.key);
		strbuf_release(&ps.value);
		return ps.n_assign;
	}
	switch (state) {
	case SINGLE_QUOTE_VALUE:
	case DOUBLE_QUOTE_VALUE:
	case DOUBLE_QUOTE_VALUE_ESCAPE:
		diags_add(problems, source, quote_line, 0,
			  "unterminated quote in the value of '%s' (systemd takes the rest of "
			  "the file)",
			  ps.key.buf ? ps.key.buf : "");
		push(&ps, true);
		break;
	case VALUE:
		if (last_value_ws != SIZE_MAX && ps.value.buf) {
			ps.value.len = last_value_ws;
			ps.value.buf[last_value_ws] = '\0';
		}
		push(&ps, true);
		break;
	case PRE_VALUE:
	case VALUE_ESCAPE:
		push(&ps, true);
		break;
	default:
		strbuf_release(&ps.key);
		strbuf_release(&ps.value);
		break;
	}
	return ps.n_assign;
}
