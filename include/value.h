/* value.h: a small typed tree (null, bool, int, string, list, map) with source positions.
 *
 * It is the one variant type of the model: rule parameters and baseline params loaded from YAML,
 * and daemon settings loaded from daemon.json or dockerd's flags, are all values, so that a
 * check compares like with like whatever the source. Maps keep insertion order. Plain data: no
 * I/O, no library headers. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

enum value_type {
	VALUE_NULL,
	VALUE_BOOL,
	VALUE_INT,
	VALUE_STRING,
	VALUE_LIST,
	VALUE_MAP,
	_VALUE_TYPE_MAX,
};

struct value {
	enum value_type type;
	int line, col; /* where it was read, 1-based; 0 when synthetic */
	union {
		bool b;
		int64_t i;
		char *s;
		struct {
			struct value **items;
			size_t n;
		} list;
		struct {
			char **keys;
			struct value **vals;
			size_t n;
		} map;
	};
};

/* "null", "bool", "int", "string", "list", "map". */
const char *value_type_to_string(enum value_type t);

struct value *value_new_null(void);
struct value *value_new_bool(bool b);
struct value *value_new_int(int64_t i);
struct value *value_new_string(const char *s);
struct value *value_new_list(void);
struct value *value_new_map(void);
/* Deep copy; NULL in, NULL out. */
struct value *value_copy(const struct value *v);
/* Frees v and its children; NULL is fine; returns NULL. */
struct value *value_free(struct value *v);
static inline void value_freep(struct value **v)
{
	value_free(*v);
}

/* list append / map set take ownership of item. map_set replaces an existing key. */
void value_list_append(struct value *list, struct value *item);
void value_map_set(struct value *map, const char *key, struct value *item);
/* NULL when map is not a map or the key is absent. Borrowed. */
const struct value *value_map_get(const struct value *map, const char *key);
/* Removes a key (frees its value); true when it was there. */
bool value_map_remove(struct value *map, const char *key);

/* Structural equality (positions ignored). */
bool value_equal(const struct value *a, const struct value *b);
/* Compact JSON-like text: true, 42, "text", ["a","b"], {"k":v}. The caller frees it. */
char *value_to_text(const struct value *v);
/* Convenience for the common scalar cases: true when v is a string equal to s. */
bool value_is_string(const struct value *v, const char *s);
