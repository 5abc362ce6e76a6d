/* engine-parse-util.c: the typed json-c getters of the engine parsers (engine-parse-util.h).
 *
 * json-c does the parsing (strict mode, UTF-8 validated, depth bounded by the tokener). Three
 * things it lets through are refused here: a NUL byte in the raw text (json-c stops reading
 * there, which would turn a hostile answer into a truncated but "valid" one), an escaped NUL
 * in an object key (json-c keeps keys as C strings, so "a\u0000b" would quietly become "a"),
 * and single-quoted keys (not JSON; Go never writes them). One linear pass over the text
 * finds the last two after json-c has accepted it, so the pass only sees text json-c took. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "engine-parse-util.h"

#define EP_SHOW_MAX 40 /* bytes of a wrong value quoted in a message */

static void tokener_freep(struct json_tokener **t)
{
	if (*t)
		json_tokener_free(*t);
}

int ep_fail(char **ret_why, const char *path, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	_cleanup_free_ char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	free(*ret_why);
	*ret_why = xasprintf("%s: %s", path && *path ? path : "top level", msg);
	return -EBADMSG;
}

static int fail_offset(char **ret_why, size_t off, const char *msg)
{
	free(*ret_why);
	*ret_why = xasprintf("offset %zu: %s", off, msg);
	return -EBADMSG;
}

/* Offset of the first escaped NUL inside an object key, or -1; *ret_quote set when a
 * single-quoted string comes first instead. The text is what json-c accepted: a string runs
 * from an unescaped '"' to the next one, and it is a key when the next non-blank character
 * after it is ':'. json-c's strict mode still takes single-quoted keys, which Go (dockerd)
 * never writes: the first quote outside a string stops the scan, so that the scan never
 * reads a '"' inside such a key as the start of a string. */
static ssize_t scan_strings(const char *s, size_t n, bool *ret_quote)
{
	*ret_quote = false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\'') {
			*ret_quote = true;
			return (ssize_t)i;
		}
		if (s[i] != '"')
			continue;
		ssize_t nul = -1;
		size_t k = i + 1;
		for (; k < n && s[k] != '"'; k++) {
			if (s[k] != '\\')
				continue;
			if (k + 5 < n && s[k + 1] == 'u' && memcmp(s + k + 2, "0000", 4) == 0 &&
			    nul < 0)
				nul = (ssize_t)k;
			k++; /* the escaped character */
		}
		i = k; /* the closing quote */
		if (nul < 0)
			continue;
		size_t j = k + 1;
		while (j < n && strchr(" \t\r\n", s[j]) && s[j] != '\0')
			j++;
		if (j < n && s[j] == ':')
			return nul;
	}
	return -1;
}

int ep_parse(const char *text, size_t len, json_object **ret, char **ret_why)
{
	if (len > INT_MAX)
		return fail_offset(ret_why, 0, "answer larger than 2 GiB");
	const char *nul = memchr(text, '\0', len);
	if (nul)
		return fail_offset(ret_why, (size_t)(nul - text), "NUL byte");

	_cleanup_(tokener_freep) struct json_tokener *tok = json_tokener_new_ex(EP_DEPTH_MAX);
	if (!tok)
		return -ENOMEM;
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	json_object *root = json_tokener_parse_ex(tok, text, (int)len);
	enum json_tokener_error e = json_tokener_get_error(tok);
	size_t end = json_tokener_get_parse_end(tok);
	if (e == json_tokener_continue) {
		/* A top-level number or literal ("42", "null") is complete only once something
		 * follows it; a blank tells json-c the text ends here. */
		root = json_tokener_parse_ex(tok, " ", 1);
		e = json_tokener_get_error(tok);
		end = len;
		if (e == json_tokener_continue)
			return fail_offset(ret_why, len, "unexpected end of data");
	}
	if (e != json_tokener_success) {
		json_object_put(root);
		return fail_offset(ret_why, end > len ? len : end, json_tokener_error_desc(e));
	}
	_cleanup_json_ json_object *o = root;
	while (end < len && strchr(" \t\r\n", text[end]))
		end++;
	if (end < len)
		return fail_offset(ret_why, end, "unexpected text after the JSON value");
	bool quote;
	ssize_t bad = scan_strings(text, len, &quote);
	if (bad >= 0)
		return fail_offset(ret_why, (size_t)bad,
				   quote ? "single-quoted string" : "NUL byte in an object key");
	*ret = TAKE_PTR(o);
	return 0;
}

static int parse_typed(const char *text, size_t len, enum json_type type, const char *expected,
		       json_object **ret, char **ret_why)
{
	_cleanup_json_ json_object *o = NULL;
	int r = ep_parse(text, len, &o, ret_why);
	if (r < 0)
		return r;
	if (!json_object_is_type(o, type))
		return ep_type_error(ret_why, NULL, expected, o);
	*ret = TAKE_PTR(o);
	return 0;
}

int ep_parse_object(const char *text, size_t len, json_object **ret, char **ret_why)
{
	return parse_typed(text, len, json_type_object, "an object", ret, ret_why);
}

int ep_parse_list(const char *text, size_t len, json_object **ret, char **ret_why)
{
	return parse_typed(text, len, json_type_array, "a list", ret, ret_why);
}

char *ep_path(const char *parent, const char *key)
{
	if (!parent || !*parent)
		return xstrdup(key);
	return xasprintf("%s.%s", parent, key);
}

char *ep_path_index(const char *parent, size_t i)
{
	return xasprintf("%s[%zu]", parent && *parent ? parent : "", i);
}

char *ep_path_key(const char *parent, const char *key)
{
	/* Keys come from hostile text: show them as JSON strings (escaped, never raw). */
	_cleanup_json_ json_object *k = json_object_new_string(key);
	return xasprintf("%s[%s]", parent && *parent ? parent : "", ep_text(k));
}

const char *ep_text(json_object *v)
{
	return json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN |
							 JSON_C_TO_STRING_NOSLASHESCAPE);
}

int ep_type_error(char **ret_why, const char *path, const char *expected, json_object *v)
{
	switch (json_object_get_type(v)) {
	case json_type_object:
		return ep_fail(ret_why, path, "expected %s, got an object", expected);
	case json_type_array:
		return ep_fail(ret_why, path, "expected %s, got a list", expected);
	default:
		break;
	}
	const char *t = ep_text(v);
	size_t n = strlen(t);
	if (n <= EP_SHOW_MAX)
		return ep_fail(ret_why, path, "expected %s, got %s", expected, t);
	n = EP_SHOW_MAX;
	while (n > 0 && ((unsigned char)t[n] & 0xc0) == 0x80) /* not inside a UTF-8 character */
		n--;
	return ep_fail(ret_why, path, "expected %s, got %.*s...", expected, (int)n, t);
}

int ep_member_type_error(char **ret_why, const char *path, const char *key, const char *expected,
			 json_object *v)
{
	_cleanup_free_ char *p = ep_path(path, key);
	return ep_type_error(ret_why, p, expected, v);
}

static int missing(char **ret_why, const char *path, const char *key)
{
	_cleanup_free_ char *p = ep_path(path, key);
	return ep_fail(ret_why, p, "missing");
}

int ep_as_string(json_object *v, const char *path, char **ret, char **ret_why)
{
	if (!json_object_is_type(v, json_type_string))
		return ep_type_error(ret_why, path, "a string", v);
	const char *s = json_object_get_string(v);
	size_t n = (size_t)json_object_get_string_len(v);
	if (memchr(s, '\0', n))
		return ep_fail(ret_why, path, "contains a NUL byte");
	*ret = xstrndup(s, n);
	return 0;
}

static int member_string(const char *path, const char *key, json_object *v, char **ret,
			 char **ret_why)
{
	if (!json_object_is_type(v, json_type_string))
		return ep_member_type_error(ret_why, path, key, "a string", v);
	const char *s = json_object_get_string(v);
	size_t n = (size_t)json_object_get_string_len(v);
	if (memchr(s, '\0', n)) {
		_cleanup_free_ char *p = ep_path(path, key);
		return ep_fail(ret_why, p, "contains a NUL byte");
	}
	free(*ret);
	*ret = xstrndup(s, n);
	return 0;
}

int ep_string(json_object *o, const char *path, const char *key, const char *def, char **ret,
	      char **ret_why)
{
	json_object *v;
	if (!json_object_object_get_ex(o, key, &v)) {
		free(*ret);
		*ret = xstrdup_or_null(def);
		return 0;
	}
	return member_string(path, key, v, ret, ret_why);
}

int ep_string_required(json_object *o, const char *path, const char *key, char **ret,
		       char **ret_why)
{
	json_object *v;
	if (!json_object_object_get_ex(o, key, &v))
		return missing(ret_why, path, key);
	return member_string(path, key, v, ret, ret_why);
}

int ep_bool(json_object *o, const char *path, const char *key, bool *ret, bool *ret_present,
	    char **ret_why)
{
	json_object *v;
	bool present = json_object_object_get_ex(o, key, &v);
	if (present && !json_object_is_type(v, json_type_boolean))
		return ep_member_type_error(ret_why, path, key, "a boolean", v);
	*ret = present && json_object_get_boolean(v);
	if (ret_present)
		*ret_present = present;
	return 0;
}

int ep_int64(json_object *o, const char *path, const char *key, bool nullable, int64_t *ret,
	     bool *ret_present, char **ret_why)
{
	json_object *v;
	bool present = json_object_object_get_ex(o, key, &v);
	int64_t i = 0;
	if (present && !(nullable && !v)) {
		if (!json_object_is_type(v, json_type_int))
			return ep_member_type_error(ret_why, path, key, "an integer", v);
		i = json_object_get_int64(v);
		/* json-c clamps what int64 cannot hold to its limits (and keeps larger positive
		 * numbers as uint64): neither limit is a meaningful value of any field read
		 * here, so both are refused rather than taken for the clamped number. */
		if (i == INT64_MIN || i == INT64_MAX)
			return ep_member_type_error(ret_why, path, key,
						    "an integer within 64 bits", v);
	}
	*ret = i;
	if (ret_present)
		*ret_present = present && v;
	return 0;
}

int ep_object(json_object *o, const char *path, const char *key, bool required,
	      json_object **ret, char **ret_why)
{
	json_object *v;
	if (!json_object_object_get_ex(o, key, &v)) {
		if (required)
			return missing(ret_why, path, key);
		*ret = NULL;
		return 0;
	}
	if (!v && !required) {
		*ret = NULL;
		return 0;
	}
	if (!json_object_is_type(v, json_type_object))
		return ep_member_type_error(ret_why, path, key, "an object", v);
	*ret = v;
	return 0;
}

int ep_list(json_object *o, const char *path, const char *key, json_object **ret,
	    char **ret_why)
{
	json_object *v = NULL;
	if (json_object_object_get_ex(o, key, &v) && v &&
	    !json_object_is_type(v, json_type_array))
		return ep_member_type_error(ret_why, path, key, "a list", v);
	*ret = v;
	return 0;
}

int ep_strv(json_object *o, const char *path, const char *key, char ***ret, char **ret_why)
{
	json_object *v = NULL;
	if (json_object_object_get_ex(o, key, &v) && v &&
	    !json_object_is_type(v, json_type_array))
		return ep_member_type_error(ret_why, path, key, "a list of strings", v);
	size_t n = v ? json_object_array_length(v) : 0;
	if (n == 0) {
		strv_free(*ret);
		*ret = NULL;
		return 0;
	}
	_cleanup_strv_free_ char **l = xcalloc(n + 1, sizeof(char *));
	for (size_t i = 0; i < n; i++) {
		json_object *item = json_object_array_get_idx(v, i);
		if (!json_object_is_type(item, json_type_string) ||
		    memchr(json_object_get_string(item), '\0',
			   (size_t)json_object_get_string_len(item))) {
			_cleanup_free_ char *p = ep_path(path, key);
			_cleanup_free_ char *pi = ep_path_index(p, i);
			return ep_as_string(item, pi, &l[i], ret_why);
		}
		l[i] = xstrndup(json_object_get_string(item),
				(size_t)json_object_get_string_len(item));
	}
	strv_free(*ret);
	*ret = TAKE_PTR(l);
	return 0;
}

int ep_string_map(json_object *o, const char *path, const char *key, struct value **ret,
		  char **ret_why)
{
	json_object *v = NULL;
	if (json_object_object_get_ex(o, key, &v) && v &&
	    !json_object_is_type(v, json_type_object))
		return ep_member_type_error(ret_why, path, key, "an object of strings", v);
	if (v) {
		json_object_object_foreach(v, k, item)
		{
			if (json_object_is_type(item, json_type_string) &&
			    !memchr(json_object_get_string(item), '\0',
				    (size_t)json_object_get_string_len(item)))
				continue;
			_cleanup_free_ char *p = ep_path(path, key);
			_cleanup_free_ char *pk = ep_path_key(p, k);
			_cleanup_free_ char *unused = NULL;
			return ep_as_string(item, pk, &unused, ret_why);
		}
	}
	/* Checked: every value is a string without NUL, every key NUL-free (ep_parse), so the
	 * conversion is exact. */
	value_free(*ret);
	*ret = v ? json_to_value(v) : value_new_map();
	return 0;
}
