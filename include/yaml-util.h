/* yaml-util.h: the one door to libyaml (baselines, waivers).
 *
 * Owns reading a YAML document into a struct value tree (value.h) that keeps the line and column
 * of every node and of every map key, under hard limits on size, nesting and string length, and
 * rejecting what a configuration file has no use for and an attacker does: anchors and aliases
 * (billion laughs), tags beyond the standard str/int/bool/null/seq/map, duplicate keys and keys
 * that are not strings. Plain scalars resolve as a small YAML 1.2 core schema: true/false ->
 * bool, decimal integers without leading zeros -> int ("0644" stays a string, as modes want),
 * null/~/empty -> null, anything else and every quoted scalar -> string.
 *
 * Also here, because the baseline and waiver loaders share them: the typed field helpers that
 * report problems as "path: expected X, got Y" diagnostics, a string -> index hash that keeps
 * the loaders linear, and the emitter that writes a value tree back as YAML with exactly the
 * quoting the parser needs to read the same values again. */
#pragma once

#include <stdio.h>
#include <sys/stat.h>
#include <yaml.h>

#include "diag.h"
#include "util.h"
#include "value.h"

/* Hard limits for one document (hostile input). */
struct yaml_limits {
	size_t depth_max;  /* nesting of lists and maps */
	size_t string_max; /* bytes of one scalar */
};

struct yaml_key_slot; /* private to yaml-util.c */

/* A parsed document. The tree is plain struct value, which keeps only the position of values;
 * the positions of keys live beside it, one array per map, in a hash keyed by the map node's
 * address. Callers may replace or take values of the tree, but must not free a map of it (and
 * let its address be reused) while they still ask for key positions. */
struct yaml_doc {
	char *file;         /* the name diagnostics use */
	struct value *root; /* NULL for an empty document */
	struct yaml_key_slot *keys;
	size_t n_keys, cap_keys;
};


/* Parses data (len bytes) as a single YAML document into *ret (released with
 * yaml_doc_release), every problem added to diags against `file`. Returns 0, -EBADMSG when
 * libyaml found a syntax error (parsing stops there), or -EINVAL for anything else (aliases,
 * tags, duplicate keys, limits: parsing goes on to find more, except past the depth limit); on
 * error *ret is released and zeroed. */
int yaml_doc_parse(const char *file, const char *data, size_t len, const struct yaml_limits *lim,
		   struct diags *diags, struct yaml_doc *ret);
void yaml_doc_release(struct yaml_doc *d);
/* Where key i of map was written; the value's position for maps that did not come from d
 * (copies). */
void yaml_doc_key_pos(const struct yaml_doc *d, const struct value *map, size_t i, int *ret_line,
		      int *ret_col);

/* Schema helpers. `path` names the node in messages ("rules[3]"); "" is the document's top.
 * Messages read "rules[3].title: expected string, got int 5". */

/* s cut to 60 bytes (at a character boundary, "..." appended) with control characters replaced
 * by '?', for quoting input in messages without terminal escapes. Caller frees. */
char *yaml_shorten(const char *s);
/* "string 'text'" (shortened), "int 5", "bool true", "null", "list", "map". Caller frees. */
char *yaml_describe(const struct value *v);
/* "path.key", "path[i]" or "key" when path is "". Caller frees. */
char *yaml_path_key(const char *path, const char *key);
char *yaml_path_index(const char *path, size_t i);
/* Reports "path: unknown key 'k', expected one of a, b, c" at the key for each key of map that
 * is not in allowed (NULL-terminated). Returns how many were reported. */
size_t yaml_check_keys(const struct yaml_doc *d, const struct value *map, const char *path,
		       const char *const *allowed, struct diags *diags);
/* Looks up key in map and checks its type. Returns 1 with *ret set when present and of the
 * type, 0 when absent and not required, -EINVAL (reported: missing required key, or wrong type)
 * otherwise. A VALUE_STRING field must also be non-empty when required. */
int yaml_field(const struct yaml_doc *d, const struct value *map, const char *path,
	       const char *key, enum value_type type, bool required, struct diags *diags,
	       const struct value **ret);

/* Sorts the diagnostics added since index `from` by file (in the order the files first
 * appear), line and column, keeping the order of discovery among equals, and the final "too
 * many problems" entry (diag.h) last: a loader finds problems pass by pass, a reader wants
 * them in the order of the file. */
void yaml_diags_sort(struct diags *d, size_t from);

/* A string -> size_t hash (open addressing) so the loaders' lookups of rule ids and params
 * stay linear. Keys are borrowed: they must outlive the index. */
struct name_index_slot;
struct name_index {
	struct name_index_slot *slots;
	size_t n, cap;
};
/* Sets key to value, replacing an existing entry. */
void name_index_put(struct name_index *x, const char *key, size_t value);
/* True with *ret set (may be NULL) when key is present. */
bool name_index_get(const struct name_index *x, const char *key, size_t *ret);
void name_index_release(struct name_index *x);

/* Deep copy, linear in the size of v (value_copy() re-checks every map key for duplicates
 * through value_map_set(), which is quadratic in the size of a map; keys of a parsed map are
 * unique already). Positions are kept. NULL in, NULL out. */
struct value *yaml_value_copy(const struct value *v);

/* The message for a read_regular_file() error: "not a regular file", "larger than N bytes", or
 * strerror(). Borrowed or static: valid until the next call. */
const char *yaml_read_error(int r, size_t max);

/* A streaming writer of one YAML document: maps and lists of maps in block style, lists of
 * scalars in flow style, strings quoted exactly when a plain scalar would read back as
 * something else (as the parser resolves plain scalars). Deterministic: the same calls give
 * the same bytes. Errors are sticky and reported once, by yaml_writer_end(). */
struct yaml_writer {
	yaml_emitter_t emitter;
	FILE *out;
	bool failed;
};
void yaml_writer_begin(struct yaml_writer *w, FILE *out);
void yaml_writer_map_start(struct yaml_writer *w);
void yaml_writer_map_end(struct yaml_writer *w);
/* flow: [a, b] on one line (for lists of scalars). */
void yaml_writer_list_start(struct yaml_writer *w, bool flow);
void yaml_writer_list_end(struct yaml_writer *w);
/* A key is written like any string. */
void yaml_writer_string(struct yaml_writer *w, const char *s);
void yaml_writer_int(struct yaml_writer *w, int64_t i);
void yaml_writer_bool(struct yaml_writer *w, bool b);
void yaml_writer_value(struct yaml_writer *w, const struct value *v);
/* Ends the document and releases the emitter. 0, -EIO (writing failed), or -EINVAL (libyaml
 * refused the event sequence: a bug in the caller). */
int yaml_writer_end(struct yaml_writer *w);
