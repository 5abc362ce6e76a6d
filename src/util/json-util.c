/* json-util.c: conversions between json-c objects and struct value.
 *
 * The one place that walks json-c trees for the model: daemon.json becomes values here, and
 * values (rule parameters, daemon settings) become JSON here for the report. Lists and maps are
 * sized once from json-c's own counts rather than grown one item at a time, and map keys are
 * taken as json-c gives them (already unique), so a hostile document with a million keys costs
 * linear time, not value_map_set()'s quadratic search.
 *
 * It also holds json_daemon_edit(), the daemon.json editor of the fixers: json-c keeps an
 * object's keys in insertion order and replaces a key's value in place, so parsing, editing the
 * top-level object and printing it back keeps every key the fixer does not manage where it was,
 * with its value untouched (doubles print the text they were read from). */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <sys/types.h>
#include <string.h>

#include "json-util.h"

/* A json-c string (which may hold NUL bytes) as a C string, each NUL written "\u0000". */
static char *string_dup(const char *s, size_t len)
{
	if (!memchr(s, '\0', len))
		return xstrndup(s, len);
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\0')
			strbuf_adds(&sb, "\\u0000");
		else
			strbuf_addc(&sb, s[i]);
	}
	return strbuf_detach(&sb);
}

static struct value *number_text(json_object *o)
{
	struct value *v = xcalloc(1, sizeof(*v));
	v->type = VALUE_STRING;
	v->s = xstrdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	return v;
}

struct value *json_to_value(json_object *o)
{
	struct value *v;

	switch (json_object_get_type(o)) {
	case json_type_null:
		return value_new_null();
	case json_type_boolean:
		return value_new_bool(json_object_get_boolean(o));
	case json_type_int: {
		int64_t i = json_object_get_int64(o);
		/* json-c keeps integers above INT64_MAX as uint64 and clamps get_int64. */
		if (i == INT64_MAX && json_object_get_uint64(o) > (uint64_t)INT64_MAX)
			return number_text(o);
		return value_new_int(i);
	}
	case json_type_double:
		return number_text(o);
	case json_type_string:
		v = xcalloc(1, sizeof(*v));
		v->type = VALUE_STRING;
		v->s = string_dup(json_object_get_string(o), (size_t)json_object_get_string_len(o));
		return v;
	case json_type_array: {
		size_t n = json_object_array_length(o);
		v = value_new_list();
		if (n == 0)
			return v;
		v->list.items = xcalloc(n, sizeof(struct value *));
		for (size_t i = 0; i < n; i++)
			v->list.items[i] = json_to_value(json_object_array_get_idx(o, i));
		v->list.n = n;
		return v;
	}
	case json_type_object: {
		int count = json_object_object_length(o);
		v = value_new_map();
		if (count <= 0)
			return v;
		v->map.keys = xcalloc((size_t)count, sizeof(char *));
		v->map.vals = xcalloc((size_t)count, sizeof(struct value *));
		size_t n = 0;
		json_object_object_foreach(o, key, val)
		{
			if (n == (size_t)count) /* cannot happen: json-c counted them */
				break;
			v->map.keys[n] = xstrdup(key);
			v->map.vals[n] = json_to_value(val);
			n++;
		}
		v->map.n = n;
		return v;
	}
	}
	return value_new_null();
}

json_object *json_from_value(const struct value *v)
{
	if (!v)
		return NULL;
	switch (v->type) {
	case VALUE_NULL:
		return NULL;
	case VALUE_BOOL:
		return json_object_new_boolean(v->b);
	case VALUE_INT:
		return json_object_new_int64(v->i);
	case VALUE_STRING:
		return json_object_new_string(v->s);
	case VALUE_LIST: {
		json_object *a = json_object_new_array_ext((int)v->list.n);
		for (size_t i = 0; i < v->list.n; i++)
			json_object_array_add(a, json_from_value(v->list.items[i]));
		return a;
	}
	case VALUE_MAP: {
		json_object *m = json_object_new_object();
		for (size_t i = 0; i < v->map.n; i++)
			json_object_object_add(m, v->map.keys[i], json_from_value(v->map.vals[i]));
		return m;
	}
	default:
		return NULL;
	}
}

/* ---- json_daemon_edit ---- */

static void tokener_freep(struct json_tokener **t)
{
	if (*t)
		json_tokener_free(*t);
}

/* Line and column (characters, 1-based) of byte off. */
static void text_position(const char *s, size_t off, int *ret_line, int *ret_col)
{
	int line = 1, col = 1;
	for (size_t i = 0; i < off; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\n') {
			line++;
			col = 1;
		} else if ((c & 0xc0) != 0x80) {
			col++;
		}
	}
	*ret_line = line;
	*ret_col = col;
}

static int edit_fail(const char *s, size_t off, char **ret_error, int r, const char *fmt, ...)
	_printf_(5, 6);
static int edit_fail(const char *s, size_t off, char **ret_error, int r, const char *fmt, ...)
{
	int line, col;
	text_position(s, off, &line, &col);
	va_list ap;
	va_start(ap, fmt);
	_cleanup_free_ char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	*ret_error = xasprintf("%d:%d: %s", line, col, msg);
	return r;
}

/* json-c clamps integers it cannot hold (beyond int64 below zero, beyond uint64 above): find
 * such a literal outside strings. A number token here is [-0-9][-+.0-9eE]*; only the ones
 * without '.', 'e' or 'E' are integers (doubles keep their text). Returns the offset or -1. */
static ssize_t find_unrepresentable_int(const char *s, size_t n, size_t *ret_len)
{
	bool in_string = false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = false;
			continue;
		}
		if (c == '"') {
			in_string = true;
			continue;
		}
		if (c != '-' && !(c >= '0' && c <= '9'))
			continue;
		size_t k = i;
		bool integer = true;
		while (k < n && strchr("-+.0123456789eE", s[k]) && s[k] != '\0') {
			if (s[k] == '.' || s[k] == 'e' || s[k] == 'E')
				integer = false;
			k++;
		}
		if (integer) {
			_cleanup_free_ char *tok = xstrndup(s + i, k - i);
			int64_t i64;
			uint64_t u64;
			if (parse_int64(tok, &i64) < 0 && parse_uint64(tok, &u64) < 0) {
				*ret_len = k - i;
				return (ssize_t)i;
			}
		}
		i = k - 1;
	}
	return -1;
}

/* "{\n  }" and "[\n  ]" -> "{}" and "[]". json-c never writes a raw newline inside a string,
 * so a bracket followed by a newline is always structure. */
static char *compact_empty(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	for (const char *p = s; *p; p++) {
		strbuf_addc(&sb, *p);
		if ((*p == '{' || *p == '[') && p[1] == '\n') {
			const char *q = p + 2;
			while (*q == ' ')
				q++;
			if (*q == (*p == '{' ? '}' : ']')) {
				strbuf_addc(&sb, *q);
				p = q;
			}
		}
	}
	return strbuf_detach(&sb);
}

int json_daemon_edit(const char *text, size_t len, const struct value *set, char *const *remove,
		     char **ret, char **ret_error)
{
	_cleanup_json_ json_object *root = NULL;
	size_t start = 0;

	*ret = NULL;
	*ret_error = NULL;
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		start = 3;
	size_t i = start;
	while (i < len && strchr(" \t\r\n", text[i]) && text[i] != '\0')
		i++;
	if (i == len) {
		root = json_object_new_object();
	} else {
		if (len > INT32_MAX)
			return edit_fail(text, 0, ret_error, -EBADMSG, "larger than 2 GiB");
		size_t bad_len;
		ssize_t bad = find_unrepresentable_int(text, len, &bad_len);
		if (bad >= 0)
			return edit_fail(text, (size_t)bad, ret_error, -ERANGE,
					 "integer %.*s cannot be kept exactly (out of the 64-bit "
					 "range); edit it by hand",
					 (int)(bad_len > 64 ? 64 : bad_len), text + bad);
		_cleanup_(tokener_freep) struct json_tokener *tok = json_tokener_new_ex(64);
		if (!tok)
			return -ENOMEM;
		json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
		root = json_tokener_parse_ex(tok, text + start, (int)(len - start));
		enum json_tokener_error e = json_tokener_get_error(tok);
		size_t end = start + json_tokener_get_parse_end(tok);
		if (!root || e != json_tokener_success) {
			const char *msg = e == json_tokener_continue
						  ? "unexpected end of the text"
						  : json_tokener_error_desc(e);
			return edit_fail(text, end > len ? len : end, ret_error, -EBADMSG, "%s", msg);
		}
		while (end < len && strchr(" \t\r\n", text[end]) && text[end] != '\0')
			end++;
		if (end < len)
			return edit_fail(text, end, ret_error, -EBADMSG,
					 "unexpected text after the top-level object");
		if (!json_object_is_type(root, json_type_object))
			return edit_fail(text, i, ret_error, -EBADMSG,
					 "the top level is not an object");
	}

	for (size_t k = 0; remove && remove[k]; k++)
		json_object_object_del(root, remove[k]);
	/* json_object_object_add replaces an existing key's value in its place and appends a
	 * new key at the end. */
	for (size_t k = 0; set && set->type == VALUE_MAP && k < set->map.n; k++)
		json_object_object_add(root, set->map.keys[k], json_from_value(set->map.vals[k]));

	const char *out = json_object_to_json_string_ext(
		root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
			      JSON_C_TO_STRING_NOSLASHESCAPE);
	if (!out)
		return -ENOMEM;
	_cleanup_free_ char *compact = compact_empty(out);
	*ret = xasprintf("%s\n", compact);
	return 0;
}
