/* json-util.h: the one door to json-c (daemon.json reading, the JSON report).
 *
 * Other files include this header rather than json-c's. It adds cleanup helpers and the
 * conversions between json-c objects and struct value. */
#pragma once

#include <json-c/json.h>

#include "util.h"
#include "value.h"

static inline void json_object_putp(json_object **o)
{
	if (*o)
		json_object_put(*o);
}
#define _cleanup_json_ _cleanup_(json_object_putp)

/* Converts a json-c value into a struct value, deeply. Integers become VALUE_INT (one beyond
 * int64 a string of its digits), doubles a string of their text as written ("1.50", "1e3"), and a
 * NUL inside a string or key is kept visible as the six characters "\u0000" so that no string is
 * silently cut short. NULL (JSON null as a C pointer) gives VALUE_NULL. Recursive: the caller
 * bounds the depth (json_tokener_new_ex). Never NULL; the caller frees it with value_free(). */
struct value *json_to_value(json_object *o);

/* The reverse: a new json-c object for v (NULL v gives NULL, which json-c treats as null).
 * Positions are dropped. The caller releases it with json_object_put(). */
json_object *json_from_value(const struct value *v);
