/* test-json-daemon-edit.c: the daemon.json editor (json_daemon_edit in json-util.c).
 *
 * Table-driven: input text, keys to set (as a small JSON text turned into a value map), keys to
 * remove, and the exact expected output (or the expected error and its line:col). The cases
 * pin down what a round trip through json-c keeps (key order, doubles as written, big integers,
 * UTF-8, nested log-opts) and what it changes (escapes, -0, repeated keys), as the header says. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "json-util.h"

struct edit_case {
	const char *name;
	const char *in;        /* NULL: absent file */
	const char *set;       /* JSON object text, or NULL */
	const char *remove[4]; /* NULL-terminated */
	int r;
	const char *out;   /* expected text when r == 0 */
	const char *error; /* expected prefix of the error otherwise */
};

static const struct edit_case cases[] = {
	{"absent_file", NULL, "{\"icc\": false}", {NULL}, 0, "{\n  \"icc\": false\n}\n", NULL},
	{"empty_text", "", "{\"icc\": false}", {NULL}, 0, "{\n  \"icc\": false\n}\n", NULL},
	{"whitespace_only", " \n\t\n", NULL, {NULL}, 0, "{}\n", NULL},
	{"empty_object_no_edit", "{}", NULL, {NULL}, 0, "{}\n", NULL},
	{"replace_in_place",
	 "{\"log-level\":\"debug\",\"icc\":true,\"live-restore\":false}",
	 "{\"icc\": false}", {NULL}, 0,
	 "{\n  \"log-level\": \"debug\",\n  \"icc\": false,\n  \"live-restore\": false\n}\n", NULL},
	{"append_in_given_order", "{\"b\": 1}", "{\"z\": true, \"a\": \"x\"}", {NULL}, 0,
	 "{\n  \"b\": 1,\n  \"z\": true,\n  \"a\": \"x\"\n}\n", NULL},
	{"remove_keeps_others", "{\"a\": 1, \"iptables\": false, \"c\": [1, 2]}", NULL,
	 {"iptables", "absent-key", NULL}, 0,
	 "{\n  \"a\": 1,\n  \"c\": [\n    1,\n    2\n  ]\n}\n", NULL},
	{"remove_and_set_same_key_appends", "{\"icc\": true, \"x\": 1}", "{\"icc\": false}",
	 {"icc", NULL}, 0, "{\n  \"x\": 1,\n  \"icc\": false\n}\n", NULL},
	{"numbers_survive",
	 "{\"d\": 1.50, \"e\": 1e3, \"f\": -1.0E+2, \"g\": 0.1, \"i\": 9223372036854775807, "
	 "\"j\": -9223372036854775808, \"u\": 18446744073709551615, \"z\": 0}",
	 NULL, {NULL}, 0,
	 "{\n  \"d\": 1.50,\n  \"e\": 1e3,\n  \"f\": -1.0E+2,\n  \"g\": 0.1,\n"
	 "  \"i\": 9223372036854775807,\n  \"j\": -9223372036854775808,\n"
	 "  \"u\": 18446744073709551615,\n  \"z\": 0\n}\n",
	 NULL},
	{"minus_zero_becomes_zero", "{\"a\": -0}", NULL, {NULL}, 0, "{\n  \"a\": 0\n}\n", NULL},
	{"int_beyond_uint64_refused", "{\"a\": 1,\n \"b\": 99999999999999999999999}", NULL,
	 {NULL}, -ERANGE, NULL, "2:7: integer 99999999999999999999999"},
	{"int_below_int64_refused", "{\"a\": -9223372036854775809}", NULL, {NULL}, -ERANGE, NULL,
	 "1:7: integer"},
	{"digits_in_strings_are_not_numbers", "{\"a\": \"99999999999999999999999\"}", NULL, {NULL},
	 0, "{\n  \"a\": \"99999999999999999999999\"\n}\n", NULL},
	{"unicode_kept_escapes_decoded",
	 "{\"label\": \"caf\xc3\xa9 \\u00e9 \\u2603\", \"p\": \"a\\/b/c\", \"nul\": \"x\\u0000y\", "
	 "\"q\": \"say \\\"hi\\\"\\n\"}",
	 NULL, {NULL}, 0,
	 "{\n  \"label\": \"caf\xc3\xa9 \xc3\xa9 \xe2\x98\x83\",\n  \"p\": \"a/b/c\",\n"
	 "  \"nul\": \"x\\u0000y\",\n  \"q\": \"say \\\"hi\\\"\\n\"\n}\n",
	 NULL},
	{"nested_log_opts_kept",
	 "{\n\t\"log-driver\": \"json-file\",\n\t\"log-opts\": {\"max-size\": \"10m\", "
	 "\"max-file\": \"3\", \"labels\": \"a,b\"},\n\t\"default-ulimits\": {\"nofile\": "
	 "{\"Name\": \"nofile\", \"Hard\": 64000, \"Soft\": 64000}}\n}\n",
	 "{\"log-level\": \"info\"}", {NULL}, 0,
	 "{\n  \"log-driver\": \"json-file\",\n  \"log-opts\": {\n    \"max-size\": \"10m\",\n"
	 "    \"max-file\": \"3\",\n    \"labels\": \"a,b\"\n  },\n  \"default-ulimits\": {\n"
	 "    \"nofile\": {\n      \"Name\": \"nofile\",\n      \"Hard\": 64000,\n"
	 "      \"Soft\": 64000\n    }\n  },\n  \"log-level\": \"info\"\n}\n",
	 NULL},
	{"set_nested_map_and_list", "{}",
	 "{\"log-opts\": {\"max-size\": \"10m\"}, \"hosts\": [\"unix:///run/docker.sock\"], "
	 "\"empty\": {}, \"none\": []}",
	 {NULL}, 0,
	 "{\n  \"log-opts\": {\n    \"max-size\": \"10m\"\n  },\n  \"hosts\": [\n"
	 "    \"unix:///run/docker.sock\"\n  ],\n  \"empty\": {},\n  \"none\": []\n}\n",
	 NULL},
	{"repeated_key_once_last_value", "{\"a\": 1, \"b\": 2, \"a\": 3}", NULL, {NULL}, 0,
	 "{\n  \"a\": 3,\n  \"b\": 2\n}\n", NULL},
	{"bom_dropped", "\xef\xbb\xbf{\"a\": true}", NULL, {NULL}, 0, "{\n  \"a\": true\n}\n",
	 NULL},
	{"syntax_error_position", "{\n  \"icc\": false,\n  \"log-level\" \"info\"\n}\n", NULL,
	 {NULL}, -EBADMSG, NULL, "3:15: "},
	{"unterminated", "{\"a\": [1, 2", NULL, {NULL}, -EBADMSG, NULL, "1:12: unexpected end"},
	{"trailing_garbage", "{\"a\": 1} x", NULL, {NULL}, -EBADMSG, NULL, "1:10: unexpected"},
	{"not_an_object", "[1, 2]", NULL, {NULL}, -EBADMSG, NULL, "1:1: the top level is not"},
	/* json-c's strict mode takes single quotes (Go does not): the daemon probe refuses such a
	 * file before any fixer sees it (the fixers check facts->daemon.config first). */
	{"single_quotes_json_c_accepts", "{'a': 1}", NULL, {NULL}, 0, "{\n  \"a\": 1\n}\n", NULL},
	{"invalid_utf8_refused", "{\"a\": \"\xff\"}", NULL, {NULL}, -EBADMSG, NULL, "1:"},
};

static struct value *parse_set(const char *s)
{
	if (!s)
		return NULL;
	json_object *o = json_tokener_parse(s);
	assert_non_null(o);
	struct value *v = json_to_value(o);
	json_object_put(o);
	return v;
}

static void run_case(void **state)
{
	const struct edit_case *c = *state;
	_cleanup_(value_freep) struct value *set = parse_set(c->set);
	_cleanup_free_ char *out = NULL, *error = NULL;
	int r = json_daemon_edit(c->in, c->in ? strlen(c->in) : 0, set, (char *const *)c->remove,
				 &out, &error);
	assert_int_equal(r, c->r);
	if (c->r == 0) {
		assert_null(error);
		assert_string_equal(out, c->out);
		/* the output is itself valid and a no-op edit of it gives the same bytes */
		_cleanup_free_ char *again = NULL, *e2 = NULL;
		assert_int_equal(json_daemon_edit(out, strlen(out), NULL, NULL, &again, &e2), 0);
		assert_string_equal(again, out);
	} else {
		assert_null(out);
		assert_non_null(error);
		if (strncmp(error, c->error, strlen(c->error)) != 0)
			fail_msg("error '%s' does not start with '%s'", error, c->error);
	}
}

int main(void)
{
	struct CMUnitTest tests[sizeof(cases) / sizeof(cases[0])];
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		tests[i] = (struct CMUnitTest){.name = cases[i].name,
					       .test_func = run_case,
					       .initial_state = (void *)&cases[i]};
	return _cmocka_run_group_tests("json_daemon_edit", tests, sizeof(cases) / sizeof(cases[0]),
				       NULL, NULL);
}
