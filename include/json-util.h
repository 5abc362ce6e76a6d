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

/* Edits daemon.json text (len bytes; empty or all-whitespace text is an empty object): sets the
 * keys of `set` (a map, or NULL) in their place, or appends them in the order given, and removes
 * the keys of `remove` (a strv, or NULL). Every other key, its value and the order of keys are
 * kept. The output is json-c's pretty form with 2-space indent, "key": value, '/' not escaped,
 * empty objects and lists written {} and [], and a trailing newline.
 *
 * What a round trip through json-c changes (tests/unit/test-json-daemon-edit.c shows each):
 * layout and indentation; "\u00e9"-style escapes of printable characters become the UTF-8
 * characters themselves and "\/" becomes "/"; a repeated key is written once, where it first
 * appeared, with its last value (Go's encoding/json also keeps the last value); -0 becomes 0; a
 * byte order mark is dropped. Doubles keep their text as written ("1.50", "1e3"). Integers that
 * json-c cannot hold exactly (beyond the int64/uint64 range) would be clamped: such a text is
 * refused with -ERANGE rather than rewritten with another number.
 *
 * 0 with *ret (caller frees), or -EBADMSG when the text is not a JSON object (json-c strict
 * mode, which still takes single quotes: callers check the text with the daemon probe's
 * stricter, Go-compatible parser first), -ERANGE as above; then *ret_error says "LINE:COL: message" (caller frees). */
int json_daemon_edit(const char *text, size_t len, const struct value *set, char *const *remove,
		     char **ret, char **ret_error);
