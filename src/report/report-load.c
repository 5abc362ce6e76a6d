/* report-load.c: a dockward-report/1 file read back into struct report_file.
 *
 * `report diff` and `report merge` read reports that any host, any version of dockward or any
 * person may have written, so the file is hostile input: bounded read, json-c in strict mode
 * with a bounded depth, and a check of the type of every member that is used. Members that are
 * not used are ignored (a report may gain fields within its schema version); another "schema"
 * is refused. Problems are collected, not stopped at: "FILE:LINE:COL: message" for JSON syntax
 * (json-c says where), "FILE: results[3].status: message" for structure.
 *
 * Speed: `report merge` reads a thousand reports, so nothing is copied while loading. The
 * strings stay in json-c's tree, which the report_file keeps, and are handed out as borrowed
 * pointers; only a string with a NUL byte in it (which a C string would cut short) is copied,
 * with the NUL written "\u0000" as json-util.c does. report_file_compact() later moves every
 * string into one block and frees the tree, when a reader thread hands a report to another
 * thread (glibc frees a block into the arena of the thread that allocated it, under that
 * arena's lock: thousands of cross-thread frees per report cost more than the parse saved).
 * Paths for messages are formatted only when there is a problem. UTF-8 is not validated here
 * (json-c's check costs a fifth of the parse): every renderer escapes or repairs what it
 * prints. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "json-util.h"
#include "report-compare.h"
#include "report.h"

#define NO_INDEX SIZE_MAX

/* Where a member is, for messages: "results[3].objects[1].status", "host.hostname", "schema". */
struct where {
	const char *list; /* "results", "host", or NULL at the top */
	size_t i;         /* its index, or NO_INDEX */
	const char *sub;  /* "evidence", "objects", "docker", or NULL */
	size_t j;
};

struct ctx {
	struct report_file *r;
	struct diags *diags;
	unsigned flags;
	int errors;
};

static void tokener_freep(struct json_tokener **t)
{
	if (*t)
		json_tokener_free(*t);
}

static char *where_format(const struct where *w, const char *key)
{
	struct strbuf sb = STRBUF_INIT;
	if (w && w->list) {
		strbuf_adds(&sb, w->list);
		if (w->i != NO_INDEX)
			strbuf_addf(&sb, "[%zu]", w->i);
		if (w->sub) {
			strbuf_addf(&sb, ".%s", w->sub);
			if (w->j != NO_INDEX)
				strbuf_addf(&sb, "[%zu]", w->j);
		}
	}
	if (key)
		strbuf_addf(&sb, "%s%s", sb.len ? "." : "", key);
	return strbuf_detach(&sb);
}

static void bad(struct ctx *c, const struct where *w, const char *key, const char *fmt, ...)
	_printf_(4, 5);
static void bad(struct ctx *c, const struct where *w, const char *key, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	_cleanup_free_ char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	_cleanup_free_ char *path = where_format(w, key);
	diags_add(c->diags, c->r->file, 0, 0, "%s%s%s", path, *path ? ": " : "", msg);
	c->errors++;
}

static const char *type_article(json_object *v)
{
	switch (json_object_get_type(v)) {
	case json_type_null:
		return "null";
	case json_type_boolean:
		return "a boolean";
	case json_type_int:
	case json_type_double:
		return "a number";
	case json_type_string:
		return "a string";
	case json_type_array:
		return "an array";
	case json_type_object:
		return "an object";
	}
	return "something else";
}

/* A quoted piece of hostile input for a message: escaped, at most 60 columns. Caller frees. */
static char *quote(const char *s)
{
	return text_fit(s, 60);
}

/* The string value of v, borrowed from the tree (or a copy kept in r->copies). */
static const char *string_of(struct ctx *c, json_object *v)
{
	const char *s = json_object_get_string(v);
	size_t len = (size_t)json_object_get_string_len(v);
	if (!memchr(s, '\0', len))
		return s;
	struct strbuf sb = STRBUF_INIT;
	for (size_t k = 0; k < len; k++) {
		if (s[k] == '\0')
			strbuf_adds(&sb, "\\u0000");
		else
			strbuf_addc(&sb, s[k]);
	}
	char *copy = strbuf_detach(&sb);
	*GROW(c->r->copies, c->r->n_copies) = copy;
	return copy;
}

/* Member key of obj: absent or null gives NULL (and true); a string gives its text; anything
 * else is a problem (false). `required` also refuses absent, null and "". */
static bool get_string(struct ctx *c, json_object *obj, const struct where *w, const char *key,
		       bool required, const char **ret)
{
	json_object *v = NULL;
	*ret = NULL;
	if (!json_object_object_get_ex(obj, key, &v) || !v) {
		if (required)
			bad(c, w, key, "missing (a string is required)");
		return !required;
	}
	if (!json_object_is_type(v, json_type_string)) {
		bad(c, w, key, "expected a string, got %s", type_article(v));
		return false;
	}
	*ret = string_of(c, v);
	if (required && !**ret) {
		bad(c, w, key, "empty");
		return false;
	}
	return true;
}

/* An object member (NULL when absent or null), or a problem. */
static bool get_object(struct ctx *c, json_object *obj, const struct where *w, const char *key,
		       json_object **ret)
{
	json_object *v = NULL;
	*ret = NULL;
	if (!json_object_object_get_ex(obj, key, &v) || !v)
		return true;
	if (!json_object_is_type(v, json_type_object)) {
		bad(c, w, key, "expected an object, got %s", type_article(v));
		return false;
	}
	*ret = v;
	return true;
}

/* An array member (NULL when absent or null), or a problem. */
static bool get_array(struct ctx *c, json_object *obj, const struct where *w, const char *key,
		      json_object **ret)
{
	json_object *v = NULL;
	*ret = NULL;
	if (!json_object_object_get_ex(obj, key, &v) || !v)
		return true;
	if (!json_object_is_type(v, json_type_array)) {
		bad(c, w, key, "expected an array, got %s", type_article(v));
		return false;
	}
	*ret = v;
	return true;
}

/* A non-negative integer member; *ret untouched when absent or null. */
static void get_count(struct ctx *c, json_object *obj, const struct where *w, const char *key,
		      int64_t *ret)
{
	json_object *v = NULL;
	if (!json_object_object_get_ex(obj, key, &v) || !v)
		return;
	if (!json_object_is_type(v, json_type_int) || json_object_get_int64(v) < 0) {
		_cleanup_free_ char *text =
			quote(json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN));
		bad(c, w, key, "expected a non-negative integer, got %s", text);
		return;
	}
	*ret = json_object_get_int64(v);
}

static enum status get_status(struct ctx *c, json_object *obj, const struct where *w)
{
	const char *s;
	if (!get_string(c, obj, w, "status", true, &s))
		return _STATUS_INVALID;
	enum status st = status_from_string(s);
	if (st < 0) {
		_cleanup_free_ char *q = quote(s);
		bad(c, w, "status", "unknown status '%s': expected pass, fail, error, "
				    "not_applicable, waived or manual", q);
	}
	return st;
}

static enum severity get_severity(struct ctx *c, json_object *obj, const struct where *w)
{
	const char *s;
	if (!get_string(c, obj, w, "severity", true, &s))
		return _SEVERITY_INVALID;
	enum severity sev = severity_from_string(s);
	if (sev < 0) {
		_cleanup_free_ char *q = quote(s);
		bad(c, w, "severity", "unknown severity '%s': expected low, medium, high or "
				      "critical", q);
	}
	return sev;
}

static void load_evidence(struct ctx *c, json_object *arr, size_t i, struct loaded_result *res)
{
	size_t n = json_object_array_length(arr);
	if (n == 0)
		return;
	res->evidence = xcalloc(n, sizeof(*res->evidence));
	res->n_evidence = n;
	for (size_t j = 0; j < n; j++) {
		struct where w = {"results", i, "evidence", j};
		struct loaded_evidence *e = &res->evidence[j];
		json_object *o = json_object_array_get_idx(arr, j);
		if (!json_object_is_type(o, json_type_object)) {
			bad(c, &w, NULL, "expected an object, got %s", type_article(o));
			continue;
		}
		get_string(c, o, &w, "source", false, &e->source);
		get_count(c, o, &w, "line", &e->line);
		get_count(c, o, &w, "col", &e->col);
		get_string(c, o, &w, "detail", false, &e->detail);
	}
}

static void load_objects(struct ctx *c, json_object *arr, size_t i, struct loaded_result *res)
{
	size_t n = json_object_array_length(arr);
	if (n == 0)
		return;
	res->objects = xcalloc(n, sizeof(*res->objects));
	res->n_objects = n;
	for (size_t j = 0; j < n; j++) {
		struct where w = {"results", i, "objects", j};
		struct loaded_object *x = &res->objects[j];
		json_object *o = json_object_array_get_idx(arr, j);
		if (!json_object_is_type(o, json_type_object)) {
			bad(c, &w, NULL, "expected an object, got %s", type_article(o));
			continue;
		}
		get_string(c, o, &w, "kind", false, &x->kind);
		get_string(c, o, &w, "id", false, &x->id);
		get_string(c, o, &w, "name", false, &x->name);
		get_string(c, o, &w, "image", false, &x->image);
		x->status = get_status(c, o, &w);
		get_string(c, o, &w, "observed", false, &x->observed);
	}
}

static void load_result(struct ctx *c, json_object *o, size_t i, struct loaded_result *res)
{
	struct where w = {"results", i, NULL, NO_INDEX};
	if (!json_object_is_type(o, json_type_object)) {
		bad(c, &w, NULL, "expected an object, got %s", type_article(o));
		res->status = _STATUS_INVALID;
		return;
	}
	get_string(c, o, &w, "id", true, &res->id);
	get_string(c, o, &w, "title", false, &res->title);
	get_string(c, o, &w, "section", false, &res->section);
	res->severity = get_severity(c, o, &w);
	res->status = get_status(c, o, &w);
	if (c->flags & REPORT_LOAD_BRIEF)
		return;
	get_string(c, o, &w, "expected", false, &res->expected);
	get_string(c, o, &w, "observed", false, &res->observed);
	json_object *arr;
	if (get_array(c, o, &w, "evidence", &arr) && arr)
		load_evidence(c, arr, i, res);
	if (get_array(c, o, &w, "objects", &arr) && arr)
		load_objects(c, arr, i, res);
}

static int cmp_result_id(const void *a, const void *b)
{
	const struct loaded_result *x = *(const struct loaded_result *const *)a;
	const struct loaded_result *y = *(const struct loaded_result *const *)b;
	int r = strcmp(x->id, y->id);
	return r ? r : x < y ? -1 : x > y;
}

/* Rule ids are the key of every comparison: each may appear once. */
static void check_unique(struct ctx *c)
{
	struct report_file *r = c->r;
	if (r->n_results < 2)
		return;
	_cleanup_free_ const struct loaded_result **sorted =
		xcalloc(r->n_results, sizeof(*sorted));
	size_t n = 0;
	for (size_t i = 0; i < r->n_results; i++)
		if (r->results[i].id)
			sorted[n++] = &r->results[i];
	qsort(sorted, n, sizeof(*sorted), cmp_result_id);
	for (size_t k = 1; k < n; k++) {
		if (!STREQ(sorted[k - 1]->id, sorted[k]->id))
			continue;
		struct where w = {"results", (size_t)(sorted[k] - r->results), NULL, NO_INDEX};
		_cleanup_free_ char *q = quote(sorted[k]->id);
		bad(c, &w, "id", "rule '%s' appears twice (also results[%zu])", q,
		    (size_t)(sorted[k - 1] - r->results));
	}
}

static void load_header(struct ctx *c, json_object *root)
{
	struct report_file *r = c->r;
	json_object *o, *docker;
	struct where w = {"tool", NO_INDEX, NULL, NO_INDEX};
	if (get_object(c, root, NULL, "tool", &o) && o)
		get_string(c, o, &w, "version", false, &r->tool_version);

	w.list = "host";
	if (get_object(c, root, NULL, "host", &o) && o) {
		get_string(c, o, &w, "root", false, &r->root);
		get_string(c, o, &w, "hostname", false, &r->hostname);
		if (get_object(c, o, &w, "docker", &docker) && docker) {
			w.list = "host.docker";
			get_string(c, docker, &w, "source", false, &r->docker_source);
			get_string(c, docker, &w, "version", false, &r->docker_version);
		}
	}

	w = (struct where){"baseline", NO_INDEX, NULL, NO_INDEX};
	if (get_object(c, root, NULL, "baseline", &o) && o) {
		get_string(c, o, &w, "id", false, &r->baseline_id);
		get_count(c, o, &w, "version", &r->baseline_version);
		get_string(c, o, &w, "sha256", false, &r->baseline_sha256);
	}
	get_string(c, root, NULL, "started", false, &r->started);
}

/* Line and column (characters, 1-based) of byte off. */
static void position_of(const char *s, size_t off, int *ret_line, int *ret_col)
{
	int line = 1, col = 1;
	for (size_t k = 0; k < off; k++) {
		unsigned char ch = (unsigned char)s[k];
		if (ch == '\n') {
			line++;
			col = 1;
		} else if ((ch & 0xc0) != 0x80) {
			col++;
		}
	}
	*ret_line = line;
	*ret_col = col;
}

static int syntax_error(struct ctx *c, const char *s, size_t off, const char *msg)
{
	int line, col;
	position_of(s, off, &line, &col);
	diags_add(c->diags, c->r->file, line, col, "%s", msg);
	return -EBADMSG;
}

static bool is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

static int parse(struct ctx *c, const char *text, size_t len)
{
	struct report_file *r = c->r;
	if (len > INT32_MAX) {
		diags_add(c->diags, r->file, 0, 0, "larger than 2 GiB");
		return -EFBIG;
	}
	const char *nul = memchr(text, '\0', len);
	if (nul)
		return syntax_error(c, text, (size_t)(nul - text), "contains a NUL byte");
	size_t start = len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
	const char *s = text + start;
	size_t n = len - start;

	_cleanup_(tokener_freep) struct json_tokener *tok = json_tokener_new_ex(REPORT_DEPTH_MAX);
	if (!tok)
		abort(); /* json-c could not allocate: see util.h */
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	r->doc = json_tokener_parse_ex(tok, s, (int)n);
	enum json_tokener_error jerr = json_tokener_get_error(tok);
	if (jerr == json_tokener_continue)
		return syntax_error(c, text, len, "unexpected end of file");
	if (jerr != json_tokener_success)
		return syntax_error(c, text, start + json_tokener_get_parse_end(tok),
				    json_tokener_error_desc(jerr));
	size_t end = json_tokener_get_parse_end(tok);
	while (end < n && is_space(s[end]))
		end++;
	if (end < n)
		return syntax_error(c, text, start + end, "unexpected text after the JSON document");

	json_object *root = r->doc, *schema = NULL;
	if (!json_object_is_type(root, json_type_object)) {
		diags_add(c->diags, r->file, 0, 0,
			  "not a " REPORT_SCHEMA " report (%s, not an object)", type_article(root));
		return -EINVAL;
	}
	if (!json_object_object_get_ex(root, "schema", &schema)) {
		diags_add(c->diags, r->file, 0, 0, "not a " REPORT_SCHEMA " report (no \"schema\")");
		return -EINVAL;
	}
	if (!json_object_is_type(schema, json_type_string)) {
		diags_add(c->diags, r->file, 0, 0,
			  "not a " REPORT_SCHEMA " report (\"schema\" is %s)", type_article(schema));
		return -EINVAL;
	}
	if (!STREQ(json_object_get_string(schema), REPORT_SCHEMA)) {
		_cleanup_free_ char *q = quote(json_object_get_string(schema));
		diags_add(c->diags, r->file, 0, 0, "not a " REPORT_SCHEMA " report (schema \"%s\")",
			  q);
		return -EINVAL;
	}

	load_header(c, root);
	json_object *results = NULL;
	if (!json_object_object_get_ex(root, "results", &results) || !results) {
		bad(c, NULL, "results", "missing (an array is required)");
		return -EINVAL;
	}
	if (!json_object_is_type(results, json_type_array)) {
		bad(c, NULL, "results", "expected an array, got %s", type_article(results));
		return -EINVAL;
	}
	size_t count = json_object_array_length(results);
	if (count > REPORT_RESULTS_MAX) {
		bad(c, NULL, "results", "%zu results, more than %d", count, REPORT_RESULTS_MAX);
		return -EINVAL;
	}
	if (count)
		r->results = xcalloc(count, sizeof(*r->results));
	r->n_results = count;
	for (size_t i = 0; i < count; i++)
		load_result(c, json_object_array_get_idx(results, i), i, &r->results[i]);
	check_unique(c);
	if (c->errors)
		return -EINVAL;
	for (size_t i = 0; i < count; i++)
		r->summary[r->results[i].status]++;
	return 0;
}

int report_file_parse(const char *name, const char *text, size_t len, unsigned flags,
		      struct report_file *ret, struct diags *diags)
{
	memset(ret, 0, sizeof(*ret));
	ret->file = xstrdup(name);
	ret->baseline_version = -1;
	struct ctx c = {.r = ret, .diags = diags, .flags = flags};
	int r = parse(&c, text, len);
	if (r < 0)
		report_file_release(ret);
	return r;
}

int report_file_load(const char *path, unsigned flags, struct report_file *ret,
		     struct diags *diags)
{
	_cleanup_free_ char *text = NULL;
	size_t len = 0;
	int r = read_regular_file(path, REPORT_FILE_MAX, &text, &len, NULL);
	if (r < 0) {
		memset(ret, 0, sizeof(*ret));
		if (r == -EFBIG)
			diags_add(diags, path, 0, 0, "larger than %u MiB", REPORT_FILE_MAX >> 20);
		else if (r == -EINVAL)
			diags_add(diags, path, 0, 0, "not a regular file");
		else
			diags_add(diags, path, 0, 0, "cannot read: %s", strerror(-r));
		return r;
	}
	return report_file_parse(path, text, len, flags, ret, diags);
}

/* ---- compaction ---- */

struct pool {
	char *buf;
	size_t len, cap;
};

static void pool_measure(struct pool *p, const char *s)
{
	if (s)
		p->cap += strlen(s) + 1;
}

static void pool_move(struct pool *p, const char **s)
{
	if (!*s)
		return;
	size_t n = strlen(*s) + 1;
	memcpy(p->buf + p->len, *s, n);
	*s = p->buf + p->len;
	p->len += n;
}

/* Calls fn on every string pointer of r. */
static void each_string(struct report_file *r, struct pool *p,
			void (*fn)(struct pool *p, const char **s))
{
	fn(p, &r->tool_version);
	fn(p, &r->hostname);
	fn(p, &r->root);
	fn(p, &r->docker_source);
	fn(p, &r->docker_version);
	fn(p, &r->baseline_id);
	fn(p, &r->baseline_sha256);
	fn(p, &r->started);
	for (size_t i = 0; i < r->n_results; i++) {
		struct loaded_result *x = &r->results[i];
		fn(p, &x->id);
		fn(p, &x->title);
		fn(p, &x->section);
		fn(p, &x->expected);
		fn(p, &x->observed);
		for (size_t k = 0; k < x->n_evidence; k++) {
			fn(p, &x->evidence[k].source);
			fn(p, &x->evidence[k].detail);
		}
		for (size_t k = 0; k < x->n_objects; k++) {
			fn(p, &x->objects[k].kind);
			fn(p, &x->objects[k].id);
			fn(p, &x->objects[k].name);
			fn(p, &x->objects[k].image);
			fn(p, &x->objects[k].observed);
		}
	}
}

static void measure_cb(struct pool *p, const char **s)
{
	pool_measure(p, *s);
}

void report_file_compact(struct report_file *r)
{
	if (!r->doc)
		return;
	struct pool p = {0};
	each_string(r, &p, measure_cb);
	p.buf = xmalloc(p.cap + 1);
	each_string(r, &p, pool_move);
	json_object_put(r->doc);
	r->doc = NULL;
	for (size_t i = 0; i < r->n_copies; i++)
		free(r->copies[i]);
	free(r->copies);
	r->copies = NULL;
	r->n_copies = 0;
	r->pool = p.buf;
}

void report_file_release(struct report_file *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n_results; i++) {
		free(r->results[i].evidence);
		free(r->results[i].objects);
	}
	free(r->results);
	if (r->doc)
		json_object_put(r->doc);
	free(r->pool);
	for (size_t i = 0; i < r->n_copies; i++)
		free(r->copies[i]);
	free(r->copies);
	free(r->file);
	memset(r, 0, sizeof(*r));
	r->baseline_version = -1;
}

double report_file_score(const struct report_file *r)
{
	size_t decided = r->summary[STATUS_PASS] + r->summary[STATUS_FAIL];
	if (decided == 0)
		return 100.0;
	return 100.0 * (double)r->summary[STATUS_PASS] / (double)decided;
}
