/* engine-parse-util.h: reading Engine API answers with json-c, typed and with the field's path.
 *
 * Private to the engine parsers (engine-parse-daemon.c, engine-parse-containers.c). Each getter
 * reads one member of an object against the type the API documents and, on a mismatch, returns
 * -EBADMSG with *ret_why naming the member by its path from the top of the answer
 * ("HostConfig.CapAdd: expected a list of strings, got 42"). Paths are built only on error.
 * `path` is the object's own path (NULL or "" at the top level).
 *
 * Absent and null: Go's encoder writes every field of dockerd's structs, null for nil slices,
 * maps and pointers, never for strings, bools or numbers. So a null list or map reads as empty,
 * a null object (a pointer) as absent, and a null where a string, bool or number belongs is a
 * wrong type. Absent members are the caller's business (each getter says what it gives). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "json-util.h"

/* Nesting depth json-c accepts: dockerd's answers stay under 10. */
#define EP_DEPTH_MAX 64

/* Parses a whole answer: strict JSON, UTF-8 validated, bounded depth, nothing but whitespace
 * after the value. A NUL byte anywhere, an escaped NUL ("\u0000") in an object key (json-c
 * would cut the key short) or a single-quoted key (json-c's strict mode takes them) is
 * refused; an escaped NUL in a string value is left for the getters, which refuse it with the
 * field's name. 0 with *ret (NULL for a top-level null; the caller releases it), or -EBADMSG
 * with *ret_why "offset N: <what>" (the caller frees it). */
int ep_parse(const char *text, size_t len, json_object **ret, char **ret_why);
/* The same, and the top level must be an object (or a list for ep_parse_list). */
int ep_parse_object(const char *text, size_t len, json_object **ret, char **ret_why);
int ep_parse_list(const char *text, size_t len, json_object **ret, char **ret_why);

/* Paths: "Parent.key" (just "key" at the top), "Parent[3]", "Parent[\"key\"]". Caller frees. */
char *ep_path(const char *parent, const char *key);
char *ep_path_index(const char *parent, size_t i);
char *ep_path_key(const char *parent, const char *key);

/* Sets *ret_why to "<path>: <message>" (path NULL or "": "top level") and returns -EBADMSG. */
int ep_fail(char **ret_why, const char *path, const char *fmt, ...) _printf_(3, 4);
/* "<path>: expected <expected>, got <what v is>": scalars as their JSON text (long strings cut
 * short), "an object", "a list". */
int ep_type_error(char **ret_why, const char *path, const char *expected, json_object *v);
/* The same for member key of the object at path. */
int ep_member_type_error(char **ret_why, const char *path, const char *key, const char *expected,
			 json_object *v);

/* A value (not a member) as a string: a copy in *ret, or -EBADMSG (wrong type, NUL byte). */
int ep_as_string(json_object *v, const char *path, char **ret, char **ret_why);

/* Member key of the object o as a string. Absent: a copy of def (NULL stays NULL). null, another
 * type or a NUL byte: -EBADMSG. On success the old *ret is freed and replaced. */
int ep_string(json_object *o, const char *path, const char *key, const char *def, char **ret,
	      char **ret_why);
/* The same, but an absent member is an error ("<key>: missing"). */
int ep_string_required(json_object *o, const char *path, const char *key, char **ret,
		       char **ret_why);
/* A boolean member; absent: false, and *ret_present (may be NULL) false. */
int ep_bool(json_object *o, const char *path, const char *key, bool *ret, bool *ret_present,
	    char **ret_why);
/* An integer member (no fraction, no exponent, within int64). Absent: 0. null: 0 when nullable
 * (a Go pointer such as PidsLimit), else an error. *ret_present (may be NULL) says whether a
 * number was there. */
int ep_int64(json_object *o, const char *path, const char *key, bool nullable, int64_t *ret,
	     bool *ret_present, char **ret_why);
/* An object member: *ret borrowed, NULL when absent or null; with required, absent or null is
 * an error. */
int ep_object(json_object *o, const char *path, const char *key, bool required,
	      json_object **ret, char **ret_why);
/* A list member: *ret borrowed, NULL when absent or null. */
int ep_list(json_object *o, const char *path, const char *key, json_object **ret,
	    char **ret_why);
/* A list of strings (a Go []string): strv in *ret, NULL when absent, null or empty. On error
 * *ret is left alone. */
int ep_strv(json_object *o, const char *path, const char *key, char ***ret, char **ret_why);
/* An object of strings (a Go map[string]string) as a VALUE_MAP, {} when absent or null. On
 * success the old *ret is freed and replaced. */
int ep_string_map(json_object *o, const char *path, const char *key, struct value **ret,
		  char **ret_why);

/* The JSON text of v, compact ("null" for NULL). Borrowed from v: valid while v lives. */
const char *ep_text(json_object *v);
