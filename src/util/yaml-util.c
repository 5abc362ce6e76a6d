/* yaml-util.c: libyaml events -> struct value tree with positions and limits, the schema
 * helpers the YAML loaders share, and the emitter that writes a tree back.
 *
 * The event API rather than libyaml's document API: the document loader would expand aliases
 * and build its own node array before we could look at a single node, so limits (depth, string
 * length, aliases) would be checked only after the damage was done. Here every event is
 * checked as it arrives, and nothing is built beyond the limits. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "yaml-util.h"

#define TAG_PREFIX "tag:yaml.org,2002:"

/* ---- small hashes ---- */

static uint64_t hash_str(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL; /* FNV-1a */
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		h ^= *p;
		h *= 0x100000001b3ULL;
	}
	return h;
}

static uint64_t hash_ptr(const void *p)
{
	uint64_t x = (uint64_t)(uintptr_t)p;
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return x;
}

struct name_index_slot {
	const char *key; /* NULL: free */
	size_t value;
};

static struct name_index_slot *name_index_slot(const struct name_index *x, const char *key)
{
	size_t mask = x->cap - 1;
	for (size_t i = hash_str(key) & mask;; i = (i + 1) & mask)
		if (!x->slots[i].key || STREQ(x->slots[i].key, key))
			return &x->slots[i];
}

void name_index_put(struct name_index *x, const char *key, size_t value)
{
	if ((x->n + 1) * 2 > x->cap) {
		struct name_index old = *x;
		x->cap = old.cap ? old.cap * 2 : 16;
		x->slots = xcalloc(x->cap, sizeof(*x->slots));
		for (size_t i = 0; i < old.cap; i++)
			if (old.slots[i].key)
				*name_index_slot(x, old.slots[i].key) = old.slots[i];
		free(old.slots);
	}
	struct name_index_slot *s = name_index_slot(x, key);
	if (!s->key)
		x->n++;
	s->key = key;
	s->value = value;
}

bool name_index_get(const struct name_index *x, const char *key, size_t *ret)
{
	if (!x->cap)
		return false;
	const struct name_index_slot *s = name_index_slot(x, key);
	if (!s->key)
		return false;
	if (ret)
		*ret = s->value;
	return true;
}

void name_index_release(struct name_index *x)
{
	free(x->slots);
	*x = (struct name_index){0};
}

/* ---- key positions: map node -> the line:col of each of its keys ---- */

struct yaml_key_slot {
	const struct value *map; /* NULL: free */
	int *pos;                /* line, col of key i at [2i], [2i+1] */
	size_t n;
};

static struct yaml_key_slot *key_slot(const struct yaml_doc *d, const struct value *map)
{
	size_t mask = d->cap_keys - 1;
	for (size_t i = hash_ptr(map) & mask;; i = (i + 1) & mask)
		if (!d->keys[i].map || d->keys[i].map == map)
			return &d->keys[i];
}

/* Takes pos. */
static void keys_add(struct yaml_doc *d, const struct value *map, int *pos, size_t n)
{
	if ((d->n_keys + 1) * 2 > d->cap_keys) {
		struct yaml_key_slot *old = d->keys;
		size_t old_cap = d->cap_keys;
		d->cap_keys = old_cap ? old_cap * 2 : 64;
		d->keys = xcalloc(d->cap_keys, sizeof(*d->keys));
		for (size_t i = 0; i < old_cap; i++)
			if (old[i].map)
				*key_slot(d, old[i].map) = old[i];
		free(old);
	}
	struct yaml_key_slot *s = key_slot(d, map);
	if (s->map) /* cannot happen: a node is added once */
		free(s->pos);
	else
		d->n_keys++;
	*s = (struct yaml_key_slot){map, pos, n};
}

void yaml_doc_key_pos(const struct yaml_doc *d, const struct value *map, size_t i, int *ret_line,
		      int *ret_col)
{
	const struct yaml_key_slot *s = d->cap_keys ? key_slot(d, map) : NULL;
	if (s && s->map && i < s->n) {
		*ret_line = s->pos[2 * i];
		*ret_col = s->pos[2 * i + 1];
	} else {
		*ret_line = map->map.vals[i]->line;
		*ret_col = map->map.vals[i]->col;
	}
}

void yaml_doc_release(struct yaml_doc *d)
{
	free(d->file);
	value_free(d->root);
	for (size_t i = 0; i < d->cap_keys; i++)
		free(d->keys[i].pos);
	free(d->keys);
	*d = (struct yaml_doc){0};
}


/* ---- parsing ---- */

/* The type a plain (unquoted) scalar resolves to, as the header describes; *ret_b for a bool,
 * *ret_i for an int. -ERANGE for an integer outside int64. */
static int resolve(const char *s, bool *ret_b, int64_t *ret_i)
{
	switch (s[0]) { /* most scalars are words: one test sends them on */
	case '\0':
		return VALUE_NULL;
	case '~':
		return s[1] ? VALUE_STRING : VALUE_NULL;
	case 'n':
	case 'N':
		return STREQ(s, "null") || STREQ(s, "Null") || STREQ(s, "NULL") ? VALUE_NULL
										 : VALUE_STRING;
	case 't':
	case 'T':
	case 'f':
	case 'F':
		if (STREQ(s, "true") || STREQ(s, "True") || STREQ(s, "TRUE")) {
			*ret_b = true;
			return VALUE_BOOL;
		}
		if (STREQ(s, "false") || STREQ(s, "False") || STREQ(s, "FALSE")) {
			*ret_b = false;
			return VALUE_BOOL;
		}
		return VALUE_STRING;
	default:
		break;
	}
	/* Decimal only, no leading zeros: "0644" and "0x1f" stay strings. */
	const char *p = s + (*s == '-' || *s == '+');
	if (!*p || (p[0] == '0' && p[1]))
		return VALUE_STRING;
	for (const char *q = p; *q; q++)
		if (*q < '0' || *q > '9')
			return VALUE_STRING;
	int r = parse_int64(s, ret_i);
	return r < 0 ? r : VALUE_INT;
}

/* Small maps are searched for duplicate keys directly; past this many keys, through a hash. */
#define MAP_SCAN_MAX 32

/* One open list or map. Items collect in scratch arrays that every collection at the same depth
 * reuses, and move into the node, at its exact size, when it ends: no realloc per item. */
struct frame {
	struct value *v; /* the list or map being filled */
	size_t n;        /* items so far */
	struct value **items; /* scratch: list items or map values */
	char **keys;          /* scratch: map keys */
	int *pos;             /* scratch: line, col of each key */
	size_t cap;
	struct name_index index; /* map: key -> i, once it has more than MAP_SCAN_MAX keys */
	char *key;    /* map: the key whose value comes next (owned) */
	bool discard; /* map: the key was rejected; drop its value */
	int key_line, key_col;
};

struct builder {
	struct yaml_doc *doc;
	const struct yaml_limits *lim;
	struct diags *diags;
	struct frame *stack;
	size_t depth;
	size_t skip; /* > 0: inside a collection being dropped */
	int r;
};

static void problem(struct builder *b, const yaml_mark_t *m, const char *fmt, ...) _printf_(3, 4);
static void problem(struct builder *b, const yaml_mark_t *m, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	_cleanup_free_ char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	diags_add(b->diags, b->doc->file, (int)m->line + 1, (int)m->column + 1, "%s", msg);
	if (!b->r)
		b->r = -EINVAL;
}

static void frame_grow(struct frame *f)
{
	if (f->n < f->cap)
		return;
	f->cap = f->cap ? f->cap * 2 : 16;
	f->items = xreallocarray(f->items, f->cap, sizeof(*f->items));
	f->keys = xreallocarray(f->keys, f->cap, sizeof(*f->keys));
	f->pos = xreallocarray(f->pos, f->cap, 2 * sizeof(int));
}

/* Index of key in the map being built, or -1. */
static ssize_t map_find(const struct frame *f, const char *key)
{
	size_t i;
	if (f->n > MAP_SCAN_MAX)
		return name_index_get(&f->index, key, &i) ? (ssize_t)i : -1;
	for (i = 0; i < f->n; i++)
		if (STREQ(f->keys[i], key))
			return (ssize_t)i;
	return -1;
}

static void map_append(struct frame *f, char *key, struct value *v)
{
	frame_grow(f);
	size_t n = f->n++;
	f->keys[n] = key;
	f->items[n] = v;
	f->pos[2 * n] = f->key_line;
	f->pos[2 * n + 1] = f->key_col;
	if (f->n == MAP_SCAN_MAX + 1)
		for (size_t i = 0; i < n; i++)
			name_index_put(&f->index, f->keys[i], i);
	if (f->n > MAP_SCAN_MAX)
		name_index_put(&f->index, key, n);
}

static void *mfree(void *p)
{
	free(p);
	return NULL;
}

static void *memdup_array(const void *p, size_t n, size_t size)
{
	void *q = xreallocarray(NULL, n, size);
	memcpy(q, p, n * size);
	return q;
}

/* Hangs v (a scalar, or a collection that has just started) where the document is. Returns
 * false when v was dropped (a rejected key, or the value of one): the caller skips the
 * children of a dropped collection. `bad`: v is a placeholder for a node already reported. */
static bool attach(struct builder *b, struct value *v, bool bad, const yaml_mark_t *m)
{
	if (b->depth == 0) {
		b->doc->root = v;
		return true;
	}
	struct frame *f = &b->stack[b->depth - 1];
	if (f->v->type == VALUE_LIST) {
		frame_grow(f);
		f->items[f->n++] = v;
		return true;
	}
	if (!f->key && !f->discard) { /* v is a key */
		ssize_t first;
		if (bad) {
			f->discard = true;
		} else if (v->type != VALUE_STRING) {
			_cleanup_free_ char *what = yaml_describe(v);
			problem(b, m, "keys must be strings, got %s", what);
			f->discard = true;
		} else if ((first = map_find(f, v->s)) >= 0) {
			_cleanup_free_ char *k = yaml_shorten(v->s);
			problem(b, m, "duplicate key '%s' (first at line %d)", k,
				f->pos[2 * first]);
			f->discard = true;
		} else {
			f->key = TAKE_PTR(v->s);
			f->key_line = (int)m->line + 1;
			f->key_col = (int)m->column + 1;
		}
		value_free(v);
		return false;
	}
	if (f->discard) {
		f->discard = false;
		value_free(v);
		return false;
	}
	map_append(f, TAKE_PTR(f->key), v);
	return true;
}

static bool tag_is(const yaml_char_t *tag, const char *name)
{
	return tag && startswith((const char *)tag, TAG_PREFIX) &&
	       STREQ((const char *)tag + strlen(TAG_PREFIX), name);
}

static void check_anchor(struct builder *b, const yaml_char_t *anchor, const yaml_mark_t *m)
{
	if (anchor) {
		_cleanup_free_ char *a = yaml_shorten((const char *)anchor);
		problem(b, m, "anchors and aliases are not allowed (anchor '%s')", a);
	}
}

/* "!!python/object" for "tag:yaml.org,2002:python/object", shortened. Caller frees. */
static char *tag_text(const yaml_char_t *tag)
{
	const char *t = (const char *)tag;
	_cleanup_free_ char *full =
		startswith(t, TAG_PREFIX) ? xasprintf("!!%s", t + strlen(TAG_PREFIX)) : NULL;
	return yaml_shorten(full ? full : t);
}

/* A node for a scalar event, or NULL when it is reported (the caller puts a placeholder). A
 * string takes over the event's buffer rather than copying it: libyaml allocates it with
 * malloc() (yaml_malloc) and yaml_event_delete() skips a NULL value. */
static struct value *scalar_node(struct builder *b, yaml_event_t *e)
{
	const yaml_mark_t *m = &e->start_mark;
	const char *s = (const char *)e->data.scalar.value;
	size_t len = e->data.scalar.length;
	const yaml_char_t *tag = e->data.scalar.tag;
	check_anchor(b, e->data.scalar.anchor, m);
	if (len > b->lim->string_max) {
		problem(b, m, "string longer than %zu bytes", b->lim->string_max);
		return NULL;
	}
	if (memchr(s, '\0', len)) {
		problem(b, m, "string contains a NUL character");
		return NULL;
	}
	bool plain = e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE, bv = false;
	int64_t iv = 0;
	int t;
	if ((!tag && !plain) || (tag && (STREQ((const char *)tag, "!") || tag_is(tag, "str")))) {
		t = VALUE_STRING;
	} else if (!tag || tag_is(tag, "int") || tag_is(tag, "bool") || tag_is(tag, "null")) {
		t = resolve(s, &bv, &iv);
		if (t < 0) {
			problem(b, m, "integer out of range");
			return NULL;
		}
		const char *want = tag ? (const char *)tag + strlen(TAG_PREFIX) : NULL;
		if (want && !STREQ(want, value_type_to_string(t))) {
			_cleanup_free_ char *v = yaml_shorten(s);
			problem(b, m, "tag '!!%s' on %s '%s'", want, value_type_to_string(t), v);
			return NULL;
		}
	} else {
		_cleanup_free_ char *tg = tag_text(tag);
		problem(b, m, "tag '%s' is not allowed (only str, int, bool and null)", tg);
		return NULL;
	}
	struct value *v = t == VALUE_BOOL ? value_new_bool(bv)
			  : t == VALUE_INT ? value_new_int(iv)
					   : value_new_null();
	if (t == VALUE_STRING) {
		v->type = VALUE_STRING;
		v->s = (char *)TAKE_PTR(e->data.scalar.value);
	}
	v->line = (int)m->line + 1;
	v->col = (int)m->column + 1;
	return v;
}

static void on_scalar(struct builder *b, yaml_event_t *e)
{
	struct value *v = scalar_node(b, e);
	bool bad = !v;
	if (bad)
		v = value_new_null();
	attach(b, v, bad, &e->start_mark);
}

/* Returns -EINVAL when parsing must stop (nesting too deep). */
static int on_collection_start(struct builder *b, const yaml_event_t *e, bool map)
{
	const yaml_mark_t *m = &e->start_mark;
	const yaml_char_t *tag = map ? e->data.mapping_start.tag : e->data.sequence_start.tag;
	check_anchor(b, map ? e->data.mapping_start.anchor : e->data.sequence_start.anchor, m);
	bool bad = false;
	if (tag && !STREQ((const char *)tag, "!") && !tag_is(tag, map ? "map" : "seq")) {
		_cleanup_free_ char *t = tag_text(tag);
		problem(b, m, "tag '%s' is not allowed (only map and seq)", t);
		bad = true;
	}
	if (b->depth >= b->lim->depth_max) {
		problem(b, m, "nesting deeper than %zu levels", b->lim->depth_max);
		return -EINVAL;
	}
	struct value *v = map ? value_new_map() : value_new_list();
	v->line = (int)m->line + 1;
	v->col = (int)m->column + 1;
	if (!attach(b, v, bad, m)) {
		b->skip = 1;
		return 0;
	}
	struct frame *f = &b->stack[b->depth++];
	f->v = v;
	f->n = 0;
	return 0;
}

static void on_collection_end(struct builder *b)
{
	struct frame *f = &b->stack[--b->depth];
	struct value *v = f->v;
	if (f->n > 0 && v->type == VALUE_LIST) {
		v->list.items = memdup_array(f->items, f->n, sizeof(*f->items));
		v->list.n = f->n;
	} else if (f->n > 0) {
		v->map.keys = memdup_array(f->keys, f->n, sizeof(*f->keys));
		v->map.vals = memdup_array(f->items, f->n, sizeof(*f->items));
		v->map.n = f->n;
		keys_add(b->doc, v, memdup_array(f->pos, f->n, 2 * sizeof(int)), f->n);
	}
	name_index_release(&f->index);
	f->key = mfree(f->key); /* libyaml always pairs keys with values: belt and braces */
	f->discard = false;
	f->v = NULL;
	f->n = 0;
}

/* libyaml marks count characters; a reader error has a byte offset only. */
static void offset_to_mark(const char *data, size_t len, size_t offset, yaml_mark_t *m)
{
	*m = (yaml_mark_t){0};
	for (size_t i = 0; i < offset && i < len; i++) {
		if (data[i] == '\n') {
			m->line++;
			m->column = 0;
		} else if (((unsigned char)data[i] & 0xc0) != 0x80) {
			m->column++;
		}
	}
}

static void syntax_error(struct builder *b, const yaml_parser_t *p, const char *data, size_t len)
{
	yaml_mark_t m = p->problem_mark;
	const char *problem_text = p->problem ? p->problem : "cannot parse";
	if (p->error == YAML_MEMORY_ERROR) {
		fputs("dockward: out of memory\n", stderr);
		abort();
	}
	if (p->error == YAML_READER_ERROR) {
		offset_to_mark(data, len, p->problem_offset, &m);
		diags_add(b->diags, b->doc->file, (int)m.line + 1, (int)m.column + 1,
			  "invalid yaml: %s", problem_text);
	} else if (p->context) {
		diags_add(b->diags, b->doc->file, (int)m.line + 1, (int)m.column + 1,
			  "invalid yaml: %s (%s at line %d)", problem_text, p->context,
			  (int)p->context_mark.line + 1);
	} else {
		diags_add(b->diags, b->doc->file, (int)m.line + 1, (int)m.column + 1,
			  "invalid yaml: %s", problem_text);
	}
	b->r = -EBADMSG;
}

int yaml_doc_parse(const char *file, const char *data, size_t len, const struct yaml_limits *lim,
		   struct diags *diags, struct yaml_doc *ret)
{
	*ret = (struct yaml_doc){.file = xstrdup(file)};
	struct builder b = {
		.doc = ret,
		.lim = lim,
		.diags = diags,
		.stack = xcalloc(lim->depth_max + 1, sizeof(struct frame)),
	};
	yaml_parser_t parser;
	if (!yaml_parser_initialize(&parser))
		abort();
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	unsigned documents = 0;
	for (bool done = false; !done;) {
		yaml_event_t e;
		if (!yaml_parser_parse(&parser, &e)) {
			syntax_error(&b, &parser, data, len);
			break;
		}
		if (b.skip > 0) {
			if (e.type == YAML_SEQUENCE_START_EVENT ||
			    e.type == YAML_MAPPING_START_EVENT)
				b.skip++;
			else if (e.type == YAML_SEQUENCE_END_EVENT ||
				 e.type == YAML_MAPPING_END_EVENT)
				b.skip--;
			yaml_event_delete(&e);
			continue;
		}
		switch (e.type) {
		case YAML_DOCUMENT_START_EVENT:
			if (++documents > 1) {
				problem(&b, &e.start_mark, "only one document is allowed");
				done = true;
			}
			break;
		case YAML_SCALAR_EVENT:
			on_scalar(&b, &e); /* may take e's value */
			break;
		case YAML_ALIAS_EVENT: {
			_cleanup_free_ char *a = yaml_shorten((const char *)e.data.alias.anchor);
			problem(&b, &e.start_mark,
				"anchors and aliases are not allowed (alias '%s')", a);
			attach(&b, value_new_null(), true, &e.start_mark);
			break;
		}
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (on_collection_start(&b, &e, e.type == YAML_MAPPING_START_EVENT) < 0)
				done = true;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			on_collection_end(&b);
			break;
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		default:
			break;
		}
		yaml_event_delete(&e);
	}
	yaml_parser_delete(&parser);
	while (b.depth > 0)
		on_collection_end(&b);
	for (size_t i = 0; i <= lim->depth_max; i++) {
		free(b.stack[i].items);
		free(b.stack[i].keys);
		free(b.stack[i].pos);
	}
	free(b.stack);
	if (b.r < 0)
		yaml_doc_release(ret);
	return b.r;
}

/* ---- schema helpers ---- */

char *yaml_shorten(const char *s)
{
	const size_t max = 60;
	size_t n = strlen(s);
	bool cut = n > max;
	if (cut) {
		n = max;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80) /* not inside a character */
			n--;
	}
	char *t = xmalloc(n + 4);
	for (size_t i = 0; i < n; i++) { /* no terminal escapes in messages: C0, DEL, C1 */
		unsigned char c = (unsigned char)s[i], next = i + 1 < n ? (unsigned char)s[i + 1] : 0;
		if (c == 0xc2 && next >= 0x80 && next <= 0x9f) {
			t[i] = t[i + 1] = '?';
			i++;
			continue;
		}
		t[i] = c < 0x20 || c == 0x7f ? '?' : (char)c;
	}
	memcpy(t + n, cut ? "..." : "", cut ? 4 : 1);
	return t;
}

char *yaml_describe(const struct value *v)
{
	switch (v->type) {
	case VALUE_BOOL:
		return xstrdup(v->b ? "bool true" : "bool false");
	case VALUE_INT:
		return xasprintf("int %" PRId64, v->i);
	case VALUE_STRING: {
		_cleanup_free_ char *s = yaml_shorten(v->s);
		return xasprintf("string '%s'", s);
	}
	default:
		return xstrdup(value_type_to_string(v->type));
	}
}

char *yaml_path_key(const char *path, const char *key)
{
	_cleanup_free_ char *k = yaml_shorten(key);
	return *path ? xasprintf("%s.%s", path, k) : xstrdup(k);
}

char *yaml_path_index(const char *path, size_t i)
{
	return xasprintf("%s[%zu]", path, i);
}

/* "path: " or "" at the top. */
static const char *prefix(const char *path, char **buf)
{
	return *path ? (*buf = xasprintf("%s: ", path)) : "";
}

size_t yaml_check_keys(const struct yaml_doc *d, const struct value *map, const char *path,
		       const char *const *allowed, struct diags *diags)
{
	size_t bad = 0;
	for (size_t i = 0; i < map->map.n; i++) {
		bool ok = false;
		for (size_t j = 0; allowed[j] && !ok; j++)
			ok = STREQ(map->map.keys[i], allowed[j]);
		if (ok)
			continue;
		int line, col;
		yaml_doc_key_pos(d, map, i, &line, &col);
		_cleanup_free_ char *pbuf = NULL, *k = yaml_shorten(map->map.keys[i]);
		_cleanup_free_ char *list = strv_join((char *const *)allowed, ", ");
		diags_add(diags, d->file, line, col, "%sunknown key '%s', expected one of %s",
			  prefix(path, &pbuf), k, list);
		bad++;
	}
	return bad;
}

int yaml_field(const struct yaml_doc *d, const struct value *map, const char *path,
	       const char *key, enum value_type type, bool required, struct diags *diags,
	       const struct value **ret)
{
	const struct value *v = value_map_get(map, key);
	if (!v) {
		if (!required)
			return 0;
		_cleanup_free_ char *pbuf = NULL;
		diags_add(diags, d->file, map->line, map->col, "%smissing required key '%s'",
			  prefix(path, &pbuf), key);
		return -EINVAL;
	}
	if (v->type != type || (required && type == VALUE_STRING && !*v->s)) {
		_cleanup_free_ char *p = yaml_path_key(path, key), *what = yaml_describe(v);
		diags_add(diags, d->file, v->line, v->col, "%s: expected %s%s, got %s", p,
			  type == VALUE_STRING && required ? "a non-empty " : "",
			  value_type_to_string(type), what);
		return -EINVAL;
	}
	*ret = v;
	return 1;
}

struct value *yaml_value_copy(const struct value *v)
{
	if (!v)
		return NULL;
	struct value *c;
	switch (v->type) {
	case VALUE_STRING:
		c = value_new_string(v->s);
		break;
	case VALUE_LIST:
		c = value_new_list();
		if (v->list.n) {
			c->list.items = xcalloc(v->list.n, sizeof(*c->list.items));
			for (size_t i = 0; i < v->list.n; i++)
				c->list.items[i] = yaml_value_copy(v->list.items[i]);
			c->list.n = v->list.n;
		}
		break;
	case VALUE_MAP:
		c = value_new_map();
		if (v->map.n) {
			c->map.keys = xcalloc(v->map.n, sizeof(*c->map.keys));
			c->map.vals = xcalloc(v->map.n, sizeof(*c->map.vals));
			for (size_t i = 0; i < v->map.n; i++) {
				c->map.keys[i] = xstrdup(v->map.keys[i]);
				c->map.vals[i] = yaml_value_copy(v->map.vals[i]);
			}
			c->map.n = v->map.n;
		}
		break;
	default:
		c = value_new_null();
		*c = *v; /* null, bool, int: no pointers */
		break;
	}
	c->line = v->line;
	c->col = v->col;
	return c;
}

const char *yaml_read_error(int r, size_t max)
{
	static __thread char buf[64];
	if (r == -EFBIG) {
		snprintf(buf, sizeof(buf), "larger than %zu bytes", max);
		return buf;
	}
	if (r == -EINVAL)
		return "not a regular file";
	return strerror(-r);
}

struct diag_key {
	size_t file; /* order of first appearance */
	size_t index;
	const struct diag *diag;
};

static int diag_key_cmp(const void *a, const void *b)
{
	const struct diag_key *x = a, *y = b;
	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	if (x->diag->line != y->diag->line)
		return x->diag->line < y->diag->line ? -1 : 1;
	if (x->diag->col != y->diag->col)
		return x->diag->col < y->diag->col ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

void yaml_diags_sort(struct diags *d, size_t from)
{
	size_t n = d->n > DIAG_MAX ? DIAG_MAX : d->n; /* d->items[DIAG_MAX]: "too many" */
	if (from + 1 >= n)
		return;
	struct diag_key *keys = xcalloc(n - from, sizeof(*keys));
	struct name_index files = {0};
	for (size_t i = from; i < n; i++) {
		size_t f;
		if (!name_index_get(&files, d->items[i].file, &f)) {
			f = files.n;
			name_index_put(&files, d->items[i].file, f);
		}
		keys[i - from] = (struct diag_key){f, i, &d->items[i]};
	}
	qsort(keys, n - from, sizeof(*keys), diag_key_cmp);
	struct diag *sorted = xcalloc(n - from, sizeof(*sorted));
	for (size_t i = 0; i < n - from; i++)
		sorted[i] = *keys[i].diag;
	memcpy(d->items + from, sorted, (n - from) * sizeof(*sorted));
	free(sorted);
	free(keys);
	name_index_release(&files);
}

/* ---- emitting ---- */

static void emit(struct yaml_writer *w, yaml_event_t *ev, int initialized)
{
	if (!initialized) /* libyaml refused the event's arguments */
		w->failed = true;
	else if (w->failed)
		yaml_event_delete(ev);
	else if (!yaml_emitter_emit(&w->emitter, ev)) /* consumes ev, even on failure */
		w->failed = true;
}

static void emit_scalar(struct yaml_writer *w, const char *s, bool plain_ok, bool quoted_ok,
			yaml_scalar_style_t style)
{
	yaml_event_t ev;
	emit(w, &ev,
	     yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s, (int)strlen(s),
					  plain_ok, quoted_ok, style));
}

void yaml_writer_begin(struct yaml_writer *w, FILE *out)
{
	yaml_event_t ev;
	*w = (struct yaml_writer){.out = out};
	if (!yaml_emitter_initialize(&w->emitter))
		abort();
	yaml_emitter_set_output_file(&w->emitter, out);
	yaml_emitter_set_unicode(&w->emitter, 1);
	yaml_emitter_set_indent(&w->emitter, 2);
	yaml_emitter_set_width(&w->emitter, 100);
	emit(w, &ev, yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING));
	emit(w, &ev, yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1));
}

void yaml_writer_map_start(struct yaml_writer *w)
{
	yaml_event_t ev;
	emit(w, &ev,
	     yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE));
}

void yaml_writer_map_end(struct yaml_writer *w)
{
	yaml_event_t ev;
	emit(w, &ev, yaml_mapping_end_event_initialize(&ev));
}

void yaml_writer_list_start(struct yaml_writer *w, bool flow)
{
	yaml_event_t ev;
	emit(w, &ev,
	     yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
						  flow ? YAML_FLOW_SEQUENCE_STYLE
						       : YAML_BLOCK_SEQUENCE_STYLE));
}

void yaml_writer_list_end(struct yaml_writer *w)
{
	yaml_event_t ev;
	emit(w, &ev, yaml_sequence_end_event_initialize(&ev));
}

void yaml_writer_string(struct yaml_writer *w, const char *s)
{
	/* Quote exactly the strings that would read back as something else when plain: "true",
	 * "42", "", "null", an integer out of range. libyaml itself quotes what YAML syntax needs,
	 * and turns the literal style into double quotes where a block scalar cannot go. */
	bool b;
	int64_t i;
	bool as_plain = resolve(s, &b, &i) == VALUE_STRING;
	emit_scalar(w, s, as_plain, true,
		    strchr(s, '\n') ? YAML_LITERAL_SCALAR_STYLE : YAML_ANY_SCALAR_STYLE);
}

void yaml_writer_int(struct yaml_writer *w, int64_t i)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%" PRId64, i);
	emit_scalar(w, buf, true, false, YAML_PLAIN_SCALAR_STYLE);
}

void yaml_writer_bool(struct yaml_writer *w, bool b)
{
	emit_scalar(w, b ? "true" : "false", true, false, YAML_PLAIN_SCALAR_STYLE);
}

void yaml_writer_value(struct yaml_writer *w, const struct value *v)
{
	switch (v->type) {
	case VALUE_NULL:
		emit_scalar(w, "null", true, false, YAML_PLAIN_SCALAR_STYLE);
		break;
	case VALUE_BOOL:
		yaml_writer_bool(w, v->b);
		break;
	case VALUE_INT:
		yaml_writer_int(w, v->i);
		break;
	case VALUE_STRING:
		yaml_writer_string(w, v->s);
		break;
	case VALUE_LIST: {
		bool scalars = true;
		for (size_t i = 0; i < v->list.n && scalars; i++)
			scalars = v->list.items[i]->type != VALUE_LIST &&
				  v->list.items[i]->type != VALUE_MAP;
		yaml_writer_list_start(w, scalars);
		for (size_t i = 0; i < v->list.n; i++)
			yaml_writer_value(w, v->list.items[i]);
		yaml_writer_list_end(w);
		break;
	}
	case VALUE_MAP:
		yaml_writer_map_start(w);
		for (size_t i = 0; i < v->map.n; i++) {
			yaml_writer_string(w, v->map.keys[i]);
			yaml_writer_value(w, v->map.vals[i]);
		}
		yaml_writer_map_end(w);
		break;
	default:
		w->failed = true;
		break;
	}
}

int yaml_writer_end(struct yaml_writer *w)
{
	yaml_event_t ev;
	emit(w, &ev, yaml_document_end_event_initialize(&ev, 1));
	emit(w, &ev, yaml_stream_end_event_initialize(&ev));
	if (!w->failed && !yaml_emitter_flush(&w->emitter))
		w->failed = true;
	int r = !w->failed ? 0 : w->emitter.error == YAML_WRITER_ERROR ? -EIO : -EINVAL;
	yaml_emitter_delete(&w->emitter);
	if (r == 0 && (fflush(w->out) != 0 || ferror(w->out)))
		r = -EIO; /* stdio kept the bytes that could not be written */
	return r;
}
