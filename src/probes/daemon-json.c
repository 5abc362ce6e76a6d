/* daemon-json.c: daemon.json text -> its top-level keys, their values and where each key is.
 *
 * json-c builds the tree (strict mode, UTF-8 validated, bounded depth) and its error offset
 * becomes line:col. json-c does not say where a key is, so one linear pass of a small scanner
 * over the same text finds the depth-1 keys: it tracks string escapes and nesting depth only.
 * The same pass refuses what json-c's strict mode still lets through but Go's encoding/json
 * (that is, dockerd) refuses: NaN and Infinity, single-quoted names, raw control characters
 * inside strings and numbers like "1.". That way "valid" here means "dockerd would read it".
 *
 * Duplicate top-level keys: Go keeps the last value, and so does json-c; the key is reported
 * once, at its last position. Keys are matched to json-c's by decoded name (a key with escapes
 * is decoded by json-c itself, so both sides agree byte for byte); matching goes through one
 * sort, never a rescan per key, so a hostile 4 MiB file of keys costs O(n log n). */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "daemon-probe.h"
#include "json-util.h"

static void tokener_freep(struct json_tokener **t)
{
	if (*t)
		json_tokener_free(*t);
}

/* Line and column (in characters: UTF-8 continuation bytes do not count) of byte off. */
static void position_of(const char *s, size_t n, size_t off, int *ret_line, int *ret_col)
{
	int line = 1, col = 1;
	if (off > n)
		off = n;
	for (size_t i = 0; i < off; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\n') {
			if (line < INT_MAX)
				line++;
			col = 1;
		} else if ((c & 0xc0) != 0x80 && col < INT_MAX) {
			col++;
		}
	}
	*ret_line = line;
	*ret_col = col;
}

static int fail(struct daemon_json *j, int line, int col, const char *fmt, ...) _printf_(4, 5);
static int fail(struct daemon_json *j, int line, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	free(j->err_message);
	j->err_message = xvasprintf(fmt, ap);
	va_end(ap);
	j->err_line = line;
	j->err_col = col;
	return -EBADMSG;
}

static int fail_at(struct daemon_json *j, const char *s, size_t n, size_t off, const char *msg)
{
	int line, col;
	position_of(s, n, off, &line, &col);
	return fail(j, line, col, "%s", msg);
}

/* ---- the scanner ---- */

struct raw_key {
	size_t off, len; /* of the text between the quotes */
	int line, col;   /* of the opening quote */
	bool escaped;    /* holds a backslash: decode through json-c */
	bool last;       /* the last occurrence of its name */
	char *name;
};

struct scanner {
	const char *s;
	size_t n, i;
	int line, col;
	struct raw_key *keys;
	size_t n_keys, cap_keys;
};

static void advance(struct scanner *sc)
{
	unsigned char c = (unsigned char)sc->s[sc->i++];
	if (c == '\n') {
		if (sc->line < INT_MAX)
			sc->line++;
		sc->col = 1;
	} else if ((c & 0xc0) != 0x80 && sc->col < INT_MAX) {
		sc->col++;
	}
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static void add_key(struct scanner *sc, size_t off, size_t len, int line, int col, bool escaped)
{
	if (sc->n_keys == sc->cap_keys) {
		sc->cap_keys = sc->cap_keys ? sc->cap_keys * 2 : 16;
		sc->keys = xreallocarray(sc->keys, sc->cap_keys, sizeof(*sc->keys));
	}
	sc->keys[sc->n_keys++] = (struct raw_key){
		.off = off, .len = len, .line = line, .col = col, .escaped = escaped};
}

/* A string starting at the opening quote; records it when it is a top-level key. */
static int scan_string(struct scanner *sc, struct daemon_json *j, bool is_key)
{
	int line = sc->line, col = sc->col;
	bool escaped = false;
	advance(sc);
	size_t start = sc->i;
	while (sc->i < sc->n) {
		unsigned char c = (unsigned char)sc->s[sc->i];
		if (c == '"') {
			if (is_key)
				add_key(sc, start, sc->i - start, line, col, escaped);
			advance(sc);
			return 0;
		}
		if (c < 0x20)
			return fail(j, sc->line, sc->col,
				    "invalid control character 0x%02x in a string (escape it)", c);
		if (c == '\\') {
			escaped = true;
			advance(sc);
			if (sc->i >= sc->n)
				break;
		}
		advance(sc);
	}
	return fail(j, line, col, "unterminated string");
}

/* Go's grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static int scan_number(struct scanner *sc, struct daemon_json *j)
{
	int line = sc->line, col = sc->col;
	const char *s = sc->s;
	size_t k = sc->i, n = sc->n;

	if (k < n && s[k] == '-')
		k++;
	if (k < n && s[k] == '0')
		k++;
	else if (k < n && is_digit(s[k]))
		while (k < n && is_digit(s[k]))
			k++;
	else
		return fail(j, line, col, "invalid number (NaN and Infinity are not JSON)");
	if (k < n && s[k] == '.') {
		k++;
		if (!(k < n && is_digit(s[k])))
			return fail(j, line, col, "invalid number: digits must follow '.'");
		while (k < n && is_digit(s[k]))
			k++;
	}
	if (k < n && (s[k] == 'e' || s[k] == 'E')) {
		k++;
		if (k < n && (s[k] == '+' || s[k] == '-'))
			k++;
		if (!(k < n && is_digit(s[k])))
			return fail(j, line, col,
				    "invalid number: digits must follow the exponent");
		while (k < n && is_digit(s[k]))
			k++;
	}
	while (sc->i < k)
		advance(sc);
	return 0;
}

static int scan_word(struct scanner *sc, struct daemon_json *j)
{
	int line = sc->line, col = sc->col;
	size_t start = sc->i;
	while (sc->i < sc->n && is_alpha(sc->s[sc->i]))
		advance(sc);
	size_t len = sc->i - start;
	const char *w = sc->s + start;
	if ((len == 4 && memcmp(w, "true", 4) == 0) || (len == 5 && memcmp(w, "false", 5) == 0) ||
	    (len == 4 && memcmp(w, "null", 4) == 0))
		return 0;
	return fail(j, line, col, "invalid literal '%.*s' (JSON knows true, false and null)",
		    len > 32 ? 32 : (int)len, w);
}

static int scan(struct scanner *sc, struct daemon_json *j)
{
	int depth = 0, r;
	bool expect_key = false;

	while (sc->i < sc->n) {
		char c = sc->s[sc->i];
		switch (c) {
		case ' ':
		case '\t':
		case '\n':
		case '\r':
			advance(sc);
			break;
		case '{':
			depth++;
			expect_key = depth == 1;
			advance(sc);
			break;
		case '[':
			depth++;
			advance(sc);
			break;
		case '}':
		case ']':
			depth--;
			advance(sc);
			break;
		case ',':
			if (depth == 1)
				expect_key = true;
			advance(sc);
			break;
		case ':':
			advance(sc);
			break;
		case '"':
			r = scan_string(sc, j, depth == 1 && expect_key);
			if (r < 0)
				return r;
			expect_key = false;
			break;
		case '\'':
			return fail(j, sc->line, sc->col,
				    "invalid character '\\'' (JSON strings use double quotes)");
		default:
			if (c == '-' || is_digit(c))
				r = scan_number(sc, j);
			else if (is_alpha(c))
				r = scan_word(sc, j);
			else
				r = fail(j, sc->line, sc->col, "unexpected character");
			if (r < 0)
				return r;
		}
	}
	return 0;
}

/* ---- keys -> values ---- */

static int decode_key(struct json_tokener *tok, const char *s, struct raw_key *k,
		      struct daemon_json *j)
{
	if (!k->escaped) {
		k->name = xstrndup(s + k->off, k->len);
		return 0;
	}
	/* The key with its quotes, parsed as a JSON string by json-c: same decoding as the tree. */
	json_tokener_reset(tok);
	_cleanup_json_ json_object *o =
		json_tokener_parse_ex(tok, s + k->off - 1, (int)(k->len + 2));
	if (!o || !json_object_is_type(o, json_type_string))
		return fail(j, k->line, k->col, "invalid escape in a key");
	const char *str = json_object_get_string(o);
	size_t len = (size_t)json_object_get_string_len(o);
	/* json-c keys are C strings: "icc\u0000x" would silently become "icc". dockerd sees an
	 * unknown key and refuses to start; say so rather than report a false "icc". */
	if (memchr(str, '\0', len))
		return fail(j, k->line, k->col, "key contains a NUL character (\\u0000)");
	k->name = xstrndup(str, len);
	return 0;
}

static int cmp_keys(const void *a, const void *b)
{
	const struct raw_key *x = *(const struct raw_key *const *)a;
	const struct raw_key *y = *(const struct raw_key *const *)b;
	int c = strcmp(x->name, y->name);
	if (c)
		return c;
	return x->off < y->off ? -1 : x->off > y->off;
}

static void mark_last(struct raw_key *keys, size_t n)
{
	if (n == 0)
		return;
	_cleanup_free_ struct raw_key **idx = xcalloc(n, sizeof(*idx));
	for (size_t i = 0; i < n; i++)
		idx[i] = &keys[i];
	qsort(idx, n, sizeof(*idx), cmp_keys);
	for (size_t i = 0; i < n; i++)
		idx[i]->last = i + 1 == n || !STREQ(idx[i]->name, idx[i + 1]->name);
}

static const char *json_type_article(json_type t)
{
	switch (t) {
	case json_type_array:
		return "an array";
	case json_type_string:
		return "a string";
	case json_type_boolean:
		return "a boolean";
	case json_type_int:
	case json_type_double:
		return "a number";
	default:
		return "null";
	}
}

static bool all_space(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strchr(" \t\r\n", s[i]) || s[i] == '\0')
			return false;
	return true;
}

int daemon_json_parse(const char *text, size_t len, struct daemon_json *ret)
{
	*ret = (struct daemon_json){0};
	if (len > INT_MAX - 2) {
		fail(ret, 0, 0, "larger than %d bytes", INT_MAX - 2);
		return -EFBIG;
	}
	if (len == 0)
		return 0;

	const char *nul = memchr(text, '\0', len);
	if (nul)
		return fail_at(ret, text, len, (size_t)(nul - text), "contains a NUL byte");

	/* dockerd 23+ skips a UTF-8 byte order mark (Notepad writes one); columns start after. */
	const char *s = text;
	size_t n = len;
	if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
		s += 3;
		n -= 3;
	}
	if (all_space(s, n))
		return 0; /* dockerd 23+: an empty file configures nothing (20.10 said "EOF") */

	_cleanup_(tokener_freep) struct json_tokener *tok =
		json_tokener_new_ex(DAEMON_JSON_MAX_DEPTH);
	if (!tok)
		abort(); /* json-c failed to allocate */
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	_cleanup_json_ json_object *root = json_tokener_parse_ex(tok, s, (int)n);
	enum json_tokener_error jerr = json_tokener_get_error(tok);
	if (jerr == json_tokener_continue) {
		/* A top-level literal ("null", "42") only ends at the end of input: say so. */
		root = json_tokener_parse_ex(tok, "", 1);
		jerr = json_tokener_get_error(tok);
		if (jerr != json_tokener_success)
			return fail_at(ret, s, n, n, "unexpected end of file");
	}
	if (jerr != json_tokener_success)
		return fail_at(ret, s, n, json_tokener_get_parse_end(tok),
			       json_tokener_error_desc(jerr));
	if (!json_object_is_type(root, json_type_object)) {
		size_t off = 0;
		while (off < n && strchr(" \t\r\n", s[off]))
			off++;
		int line, col;
		position_of(s, n, off, &line, &col);
		return fail(ret, line, col, "expected a JSON object, found %s",
			    json_type_article(json_object_get_type(root)));
	}

	struct scanner sc = {.s = s, .n = n, .line = 1, .col = 1};
	int r = scan(&sc, ret);
	for (size_t i = 0; r >= 0 && i < sc.n_keys; i++)
		r = decode_key(tok, s, &sc.keys[i], ret);
	if (r >= 0) {
		mark_last(sc.keys, sc.n_keys);
		size_t n_last = 0;
		for (size_t i = 0; i < sc.n_keys; i++)
			n_last += sc.keys[i].last;
		if (n_last)
			ret->keys = xcalloc(n_last, sizeof(*ret->keys));
		for (size_t i = 0; i < sc.n_keys; i++) {
			struct raw_key *k = &sc.keys[i];
			if (!k->last)
				continue;
			json_object *v = NULL;
			json_object_object_get_ex(root, k->name, &v);
			struct daemon_json_key *out = &ret->keys[ret->n++];
			out->key = TAKE_PTR(k->name);
			out->value = json_to_value(v);
			out->value->line = out->line = k->line;
			out->value->col = out->col = k->col;
		}
	}
	for (size_t i = 0; i < sc.n_keys; i++)
		free(sc.keys[i].name);
	free(sc.keys);
	if (r < 0) {
		for (size_t i = 0; i < ret->n; i++) {
			free(ret->keys[i].key);
			value_free(ret->keys[i].value);
		}
		free(ret->keys);
		ret->keys = NULL;
		ret->n = 0;
	}
	return r;
}

void daemon_json_release(struct daemon_json *j)
{
	for (size_t i = 0; i < j->n; i++) {
		free(j->keys[i].key);
		value_free(j->keys[i].value);
	}
	free(j->keys);
	free(j->err_message);
	*j = (struct daemon_json){0};
}
