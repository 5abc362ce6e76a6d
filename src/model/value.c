/* value.c: the typed tree shared by baseline parameters and daemon settings. */
#include <inttypes.h>
#include <string.h>

#include "value.h"

static const char *const value_type_names[] = {
	[VALUE_NULL] = "null",  [VALUE_BOOL] = "bool", [VALUE_INT] = "int",
	[VALUE_STRING] = "string", [VALUE_LIST] = "list", [VALUE_MAP] = "map",
};
_Static_assert(ELEMENTSOF(value_type_names) == _VALUE_TYPE_MAX, "value_type_names");

const char *value_type_to_string(enum value_type t)
{
	return t < _VALUE_TYPE_MAX ? value_type_names[t] : "?";
}

static struct value *value_alloc(enum value_type t)
{
	struct value *v = xcalloc(1, sizeof(*v));
	v->type = t;
	return v;
}

struct value *value_new_null(void)
{
	return value_alloc(VALUE_NULL);
}

struct value *value_new_bool(bool b)
{
	struct value *v = value_alloc(VALUE_BOOL);
	v->b = b;
	return v;
}

struct value *value_new_int(int64_t i)
{
	struct value *v = value_alloc(VALUE_INT);
	v->i = i;
	return v;
}

struct value *value_new_string(const char *s)
{
	struct value *v = value_alloc(VALUE_STRING);
	v->s = xstrdup(s);
	return v;
}

struct value *value_new_list(void)
{
	return value_alloc(VALUE_LIST);
}

struct value *value_new_map(void)
{
	return value_alloc(VALUE_MAP);
}

struct value *value_free(struct value *v)
{
	if (!v)
		return NULL;
	switch (v->type) {
	case VALUE_STRING:
		free(v->s);
		break;
	case VALUE_LIST:
		for (size_t i = 0; i < v->list.n; i++)
			value_free(v->list.items[i]);
		free(v->list.items);
		break;
	case VALUE_MAP:
		for (size_t i = 0; i < v->map.n; i++) {
			free(v->map.keys[i]);
			value_free(v->map.vals[i]);
		}
		free(v->map.keys);
		free(v->map.vals);
		break;
	default:
		break;
	}
	free(v);
	return NULL;
}

struct value *value_copy(const struct value *v)
{
	if (!v)
		return NULL;
	struct value *c = value_alloc(v->type);
	c->line = v->line;
	c->col = v->col;
	switch (v->type) {
	case VALUE_BOOL:
		c->b = v->b;
		break;
	case VALUE_INT:
		c->i = v->i;
		break;
	case VALUE_STRING:
		c->s = xstrdup(v->s);
		break;
	case VALUE_LIST:
		for (size_t i = 0; i < v->list.n; i++)
			value_list_append(c, value_copy(v->list.items[i]));
		break;
	case VALUE_MAP:
		for (size_t i = 0; i < v->map.n; i++)
			value_map_set(c, v->map.keys[i], value_copy(v->map.vals[i]));
		break;
	default:
		break;
	}
	return c;
}

void value_list_append(struct value *list, struct value *item)
{
	if (list->type != VALUE_LIST)
		abort();
	list->list.items = xreallocarray(list->list.items, list->list.n + 1, sizeof(item));
	list->list.items[list->list.n++] = item;
}

void value_map_set(struct value *map, const char *key, struct value *item)
{
	if (map->type != VALUE_MAP)
		abort();
	for (size_t i = 0; i < map->map.n; i++)
		if (STREQ(map->map.keys[i], key)) {
			value_free(map->map.vals[i]);
			map->map.vals[i] = item;
			return;
		}
	map->map.keys = xreallocarray(map->map.keys, map->map.n + 1, sizeof(char *));
	map->map.vals = xreallocarray(map->map.vals, map->map.n + 1, sizeof(item));
	map->map.keys[map->map.n] = xstrdup(key);
	map->map.vals[map->map.n] = item;
	map->map.n++;
}

const struct value *value_map_get(const struct value *map, const char *key)
{
	if (!map || map->type != VALUE_MAP)
		return NULL;
	for (size_t i = 0; i < map->map.n; i++)
		if (STREQ(map->map.keys[i], key))
			return map->map.vals[i];
	return NULL;
}

bool value_map_remove(struct value *map, const char *key)
{
	if (!map || map->type != VALUE_MAP)
		return false;
	for (size_t i = 0; i < map->map.n; i++)
		if (STREQ(map->map.keys[i], key)) {
			free(map->map.keys[i]);
			value_free(map->map.vals[i]);
			memmove(map->map.keys + i, map->map.keys + i + 1,
				(map->map.n - i - 1) * sizeof(char *));
			memmove(map->map.vals + i, map->map.vals + i + 1,
				(map->map.n - i - 1) * sizeof(struct value *));
			map->map.n--;
			return true;
		}
	return false;
}

bool value_equal(const struct value *a, const struct value *b)
{
	if (!a || !b)
		return a == b;
	if (a->type != b->type)
		return false;
	switch (a->type) {
	case VALUE_NULL:
		return true;
	case VALUE_BOOL:
		return a->b == b->b;
	case VALUE_INT:
		return a->i == b->i;
	case VALUE_STRING:
		return STREQ(a->s, b->s);
	case VALUE_LIST:
		if (a->list.n != b->list.n)
			return false;
		for (size_t i = 0; i < a->list.n; i++)
			if (!value_equal(a->list.items[i], b->list.items[i]))
				return false;
		return true;
	case VALUE_MAP:
		if (a->map.n != b->map.n)
			return false;
		for (size_t i = 0; i < a->map.n; i++)
			if (!value_equal(a->map.vals[i], value_map_get(b, a->map.keys[i])))
				return false;
		return true;
	default:
		return false;
	}
}

static void quote(struct strbuf *sb, const char *s)
{
	strbuf_addc(sb, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			strbuf_addf(sb, "\\%c", *p);
		else if (*p == '\n')
			strbuf_adds(sb, "\\n");
		else if (*p == '\t')
			strbuf_adds(sb, "\\t");
		else if (*p < 0x20 || *p == 0x7f)
			strbuf_addf(sb, "\\u%04x", *p);
		else
			strbuf_addc(sb, (char)*p);
	}
	strbuf_addc(sb, '"');
}

static void to_text(struct strbuf *sb, const struct value *v)
{
	if (!v) {
		strbuf_adds(sb, "(unset)");
		return;
	}
	switch (v->type) {
	case VALUE_NULL:
		strbuf_adds(sb, "null");
		break;
	case VALUE_BOOL:
		strbuf_adds(sb, v->b ? "true" : "false");
		break;
	case VALUE_INT:
		strbuf_addf(sb, "%" PRId64, v->i);
		break;
	case VALUE_STRING:
		quote(sb, v->s);
		break;
	case VALUE_LIST:
		strbuf_addc(sb, '[');
		for (size_t i = 0; i < v->list.n; i++) {
			if (i)
				strbuf_addc(sb, ',');
			to_text(sb, v->list.items[i]);
		}
		strbuf_addc(sb, ']');
		break;
	case VALUE_MAP:
		strbuf_addc(sb, '{');
		for (size_t i = 0; i < v->map.n; i++) {
			if (i)
				strbuf_addc(sb, ',');
			quote(sb, v->map.keys[i]);
			strbuf_addc(sb, ':');
			to_text(sb, v->map.vals[i]);
		}
		strbuf_addc(sb, '}');
		break;
	default:
		break;
	}
}

char *value_to_text(const struct value *v)
{
	struct strbuf sb = STRBUF_INIT;
	to_text(&sb, v);
	return strbuf_detach(&sb);
}

bool value_is_string(const struct value *v, const char *s)
{
	return v && v->type == VALUE_STRING && STREQ(v->s, s);
}
