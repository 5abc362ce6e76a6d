/* json-util.c: conversions between json-c objects and struct value.
 *
 * The one place that walks json-c trees for the model: daemon.json becomes values here, and
 * values (rule parameters, daemon settings) become JSON here for the report. Lists and maps are
 * sized once from json-c's own counts rather than grown one item at a time, and map keys are
 * taken as json-c gives them (already unique), so a hostile document with a million keys costs
 * linear time, not value_map_set()'s quadratic search. */
#include <inttypes.h>
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
