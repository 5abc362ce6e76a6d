/* test-template.c: the HTML template renderer (src/report/template.c, template-html.c).
 *
 * Table-driven: each row is a template, its data (JSON text, read with json_to_value) and the
 * exact page, or the exact diagnostics. Covers every syntax form, lookups (dotted names, the
 * context stack, {{.}}), the truthiness table, every HTML context with hostile data (markup,
 * quotes, javascript: URLs, "</script>" in a JSON block, U+2028, invalid UTF-8, NUL), every
 * refused context with its exact position, partials (inlined in context, self-including ones
 * refused, the size bound against exponential inclusion), render errors (a map or list where a
 * scalar goes, JSON too deep, too many steps, a failing stream), and a whole page rendered
 * byte for byte. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "json-util.h"
#include "template.h"

/* ---- helpers ---- */

static const struct {
	const char *name, *text;
} partials[] = {
	{"head", "<title>{{title}}</title>"},
	{"open-href", "<a href=\""},
	{"self", "x{{> self}}"},
	{"ping", "{{> pong}}"},
	{"pong", "{{> ping}}"},
	{"style-bad", "\n<style>{{x}}</style>"},
	{"close", "{{/a}}"},
	{"list", "\n {{l}}"},
	{"nul", "a\0b"},
	{"css", "td.fail { color: #b00; }\n"},
	{"row", "<tr id=\"rule-{{id}}\" data-status=\"{{status}}\">\n"
		"<td><code>{{id}}</code></td>\n"
		"<td class=\"{{status}}\">{{status}}</td>\n"
		"<td>{{title}}{{#waived}} <i>(waived)</i>{{/waived}}</td>\n"
		"<td><a href=\"{{link}}\">more</a> <a href=\"/rules/{{id}}\">here</a></td>\n"
		"</tr>\n"},
};

/* Partials "blow0".."blow24": each includes the next twice, the last is 16 bytes. */
#define BLOW_LEVELS 25
static char blow[BLOW_LEVELS][64];

static const char *test_partial(const char *name, size_t *ret_len, void *userdata)
{
	(void)userdata;
	for (size_t i = 0; i < ELEMENTSOF(partials); i++)
		if (STREQ(partials[i].name, name)) {
			*ret_len = STREQ(name, "nul") ? 3 : strlen(partials[i].text);
			return partials[i].text;
		}
	int64_t k;
	if (startswith(name, "blow") && parse_int64(name + 4, &k) == 0 && k >= 0 &&
	    k < BLOW_LEVELS) {
		if (k == BLOW_LEVELS - 1)
			snprintf(blow[k], sizeof(blow[k]), "0123456789abcdef");
		else
			snprintf(blow[k], sizeof(blow[k]), "{{> blow%d}}{{> blow%d}}", (int)k + 1,
				 (int)k + 1);
		*ret_len = strlen(blow[k]);
		return blow[k];
	}
	return NULL;
}

static struct value *data_from(const char *json)
{
	if (!json)
		return NULL;
	enum json_tokener_error e;
	json_object *o = json_tokener_parse_verbose(json, &e);
	if (e != json_tokener_success)
		fail_msg("test data does not parse: %s", json);
	struct value *v = json_to_value(o);
	json_object_put(o);
	return v;
}

static char *diags_text(const struct diags *d)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < d->n; i++) {
		_cleanup_free_ char *s = diag_format(&d->items[i]);
		strbuf_adds(&sb, s);
		strbuf_addc(&sb, '\n');
	}
	return strbuf_detach(&sb);
}

/* Parses tmpl (len bytes) as "t.html": 0 with *ret, or the diagnostics joined by newlines
 * in *ret_diags. */
static int parse(const char *tmpl, size_t len, struct template **ret, char **ret_diags)
{
	struct diags d = {0};
	int r = template_parse("t.html", tmpl, len, test_partial, NULL, &d, ret);
	*ret_diags = diags_text(&d);
	if (r == 0)
		assert_int_equal(d.n, 0);
	else
		assert_true(r == -EINVAL && d.n > 0);
	diags_release(&d);
	return r;
}

/* Renders tmpl with data: 0 and the page in *ret, or the render error in *ret (the page so far
 * is dropped), or fails the test when tmpl does not parse. */
static int render(const char *tmpl, const struct value *data, char **ret)
{
	struct template *t = NULL;
	_cleanup_free_ char *d = NULL;
	if (parse(tmpl, strlen(tmpl), &t, &d) < 0)
		fail_msg("does not parse: %s\n%s", tmpl, d);
	char *page = NULL, *err = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&page, &len);
	assert_non_null(f);
	int r = template_render(t, data, f, &err);
	assert_int_equal(fclose(f), 0);
	template_free(t);
	if (r < 0) {
		assert_non_null(err);
		free(page);
		*ret = err;
	} else {
		assert_int_equal(strlen(page), len);
		*ret = page;
	}
	return r;
}

struct render_case {
	const char *name;
	const char *tmpl;
	const char *json; /* the data; NULL: none */
	const char *expect;
};

static void run_render_cases(const struct render_case *cases, size_t n)
{
	size_t failed = 0;
	for (size_t i = 0; i < n; i++) {
		const struct render_case *c = &cases[i];
		struct value *data = data_from(c->json);
		_cleanup_free_ char *page = NULL;
		int r = render(c->tmpl, data, &page);
		if (r != 0 || !STREQ(page, c->expect)) {
			print_error("case '%s': render %d\n   got: [%s]\nwanted: [%s]\n", c->name,
				    r, page, c->expect);
			failed++;
		}
		value_free(data);
	}
	if (failed > 0)
		fail_msg("%zu of %zu cases failed", failed, n);
}
#define RUN_RENDER_CASES(cases) run_render_cases(cases, ELEMENTSOF(cases))

struct error_case {
	const char *name;
	const char *tmpl;
	const char *expect; /* every diagnostic, each ending in a newline */
};

static void run_error_cases(const struct error_case *cases, size_t n)
{
	size_t failed = 0;
	for (size_t i = 0; i < n; i++) {
		const struct error_case *c = &cases[i];
		struct template *t = NULL;
		_cleanup_free_ char *d = NULL;
		int r = parse(c->tmpl, strlen(c->tmpl), &t, &d);
		template_free(t);
		if (r != -EINVAL || !STREQ(d, c->expect)) {
			print_error("case '%s': parse %d\n   got: [%s]\nwanted: [%s]\n", c->name, r,
				    d, c->expect);
			failed++;
		}
	}
	if (failed > 0)
		fail_msg("%zu of %zu cases failed", failed, n);
}
#define RUN_ERROR_CASES(cases) run_error_cases(cases, ELEMENTSOF(cases))

/* ---- syntax and lookups ---- */

static void test_syntax(void **state)
{
	(void)state;
	static const struct render_case cases[] = {
		{"text only", "plain <b>text</b> & more", NULL, "plain <b>text</b> & more"},
		{"empty", "", NULL, ""},
		{"value", "a{{x}}b", "{\"x\": \"1\"}", "a1b"},
		{"spaces in tag", "{{ x }}{{\tx\t}}", "{\"x\": \"y\"}", "yy"},
		{"scalars", "{{n}} {{m}} {{t}} {{f}} [{{z}}] [{{missing}}]",
		 "{\"n\": 42, \"m\": -9223372036854775808, \"t\": true, \"f\": false, \"z\": null}",
		 "42 -9223372036854775808 true false [] []"},
		{"list section", "{{#l}}[{{.}}]{{/l}}", "{\"l\": [1, \"a\", true]}",
		 "[1][a][true]"},
		{"map section", "{{#m}}{{a}}{{/m}}", "{\"m\": {\"a\": \"x\"}}", "x"},
		{"scalar section is the context", "{{#s}}({{.}}){{/s}}{{#i}}({{.}}){{/i}}",
		 "{\"s\": \"str\", \"i\": 7}", "(str)(7)"},
		{"inverted", "{{^l}}empty{{/l}}{{^x}}no x{{/x}}", "{\"l\": []}", "emptyno x"},
		{"inverted not rendered", "{{^l}}empty{{/l}}", "{\"l\": [0]}", ""},
		{"comment", "{{! a comment }}x{{!}}", NULL, "x"},
		{"comment nests", "{{! old: {{#a}}{{b}}{{/a}} }}x", NULL, "x"},
		{"comment lines", "a{{! one\ntwo }}b", NULL, "ab"},
		{"nested sections", "{{#a}}{{#b}}{{c}}{{/b}}{{/a}}",
		 "{\"a\": {\"b\": {\"c\": \"deep\"}}}", "deep"},
		{"section names may be dotted", "{{#a.b}}{{c}}{{/a.b}}",
		 "{\"a\": {\"b\": {\"c\": \"d\"}}}", "d"},
		{"whitespace kept", "{{#t}}\n  x\n{{/t}}\n", "{\"t\": true}", "\n  x\n\n"},
		{"partial", "<head>{{> head}}</head>", "{\"title\": \"T\"}",
		 "<head><title>T</title></head>"},
		{"partial in a section", "{{#l}}{{> head}}{{/l}}",
		 "{\"l\": [{\"title\": \"a\"}, {\"title\": \"b\"}]}",
		 "<title>a</title><title>b</title>"},
		{"braces alone", "a { b } c }} d {", NULL, "a { b } c }} d {"},
		{"names", "{{a_b-c}}{{A9}}", "{\"a_b-c\": 1, \"A9\": 2}", "12"},
		{"root is a scalar", "{{.}}", "\"str\"", "str"},
		{"root is a list", "[{{x}}]{{#.}}{{.}}{{/.}}", "[1, 2]", "[]12"},
		{"no data", "[{{x}}]{{^x}}none{{/x}}", NULL, "[]none"},
	};
	RUN_RENDER_CASES(cases);
}

static void test_lookups(void **state)
{
	(void)state;
	static const struct render_case cases[] = {
		{"dotted", "{{a.b.c}}", "{\"a\": {\"b\": {\"c\": \"v\"}}}", "v"},
		{"dotted, missing in the middle", "[{{a.x.c}}]", "{\"a\": {\"b\": 1}}", "[]"},
		{"dotted through a scalar", "[{{a.b}}]", "{\"a\": \"s\"}", "[]"},
		{"shadowing", "{{#inner}}{{name}}/{{outer}}{{/inner}}|{{name}}",
		 "{\"name\": \"root\", \"outer\": \"o\", \"inner\": {\"name\": \"in\"}}",
		 "in/o|root"},
		/* the first part is found up the stack, the rest only below it */
		{"dotted does not fall through", "{{#inner}}[{{a.b}}]{{/inner}}",
		 "{\"a\": {\"b\": \"root\"}, \"inner\": {\"a\": {\"c\": \"x\"}}}", "[]"},
		{"items shadow, null included", "{{#l}}({{x}}){{/l}}",
		 "{\"x\": \"outer\", \"l\": [{\"x\": \"1\"}, {}, {\"x\": null}]}", "(1)(outer)()"},
		{"dot in nested lists", "{{#l}}[{{#.}}{{.}}{{/.}}]{{/l}}", "{\"l\": [[1, 2], [3]]}",
		 "[12][3]"},
		{"list of maps", "{{#rules}}{{id}}={{status}};{{/rules}}",
		 "{\"rules\": [{\"id\": \"a\", \"status\": \"pass\"}, {\"id\": \"b\", "
		 "\"status\": \"fail\"}]}",
		 "a=pass;b=fail;"},
		{"outer from deep", "{{#a}}{{#b}}{{#c}}{{top}}{{/c}}{{/b}}{{/a}}",
		 "{\"top\": \"T\", \"a\": {\"b\": {\"c\": true}}}", "T"},
	};
	RUN_RENDER_CASES(cases);
}

static void test_truthiness(void **state)
{
	(void)state;
	static const struct {
		const char *value; /* JSON; NULL: missing */
		const char *expect;
	} rows[] = {
		{"true", "Y"},     {"false", "N"},   {"null", "N"},         {NULL, "N"},
		{"0", "N"},        {"1", "Y"},       {"-1", "Y"},           {"\"\"", "N"},
		{"\"0\"", "Y"},    {"\"a\"", "Y"},   {"[]", "N"},           {"[0]", "Y"},
		{"[1, 2]", "YY"},  {"{}", "N"},      {"{\"a\": 1}", "Y"},   {"[false]", "Y"},
	};
	for (size_t i = 0; i < ELEMENTSOF(rows); i++) {
		_cleanup_free_ char *json =
			rows[i].value ? xasprintf("{\"v\": %s}", rows[i].value) : xstrdup("{}");
		struct value *data = data_from(json);
		_cleanup_free_ char *page = NULL;
		assert_int_equal(render("{{#v}}Y{{/v}}{{^v}}N{{/v}}", data, &page), 0);
		if (!STREQ(page, rows[i].expect))
			fail_msg("%s: got %s, wanted %s", json, page, rows[i].expect);
		value_free(data);
	}
}

/* ---- contexts with hostile data ---- */

#define XSS "<script>alert(1)</script>"
#define XSS_TEXT "&lt;script&gt;alert(1)&lt;/script&gt;"

static void test_text_and_attributes(void **state)
{
	(void)state;
	static const struct render_case cases[] = {
		{"text", "<p>{{x}}</p>", "{\"x\": \"" XSS "\"}", "<p>" XSS_TEXT "</p>"},
		{"five characters", "<p>{{x}}</p>", "{\"x\": \"&<>\\\"'\"}",
		 "<p>&amp;&lt;&gt;&quot;&#39;</p>"},
		{"entity in data stays text", "<p>{{x}}</p>", "{\"x\": \"&lt;&#106;\"}",
		 "<p>&amp;lt;&amp;#106;</p>"},
		{"double-quoted attribute", "<a title=\"{{x}}\">",
		 "{\"x\": \"\\\" onmouseover=\\\"x\"}",
		 "<a title=\"&quot; onmouseover=&quot;x\">"},
		{"single-quoted attribute", "<a title='{{x}}'>", "{\"x\": \"' onmouseover='x\"}",
		 "<a title='&#39; onmouseover=&#39;x'>"},
		{"attribute after others", "<input type=checkbox value=\"{{x}}\" checked>",
		 "{\"x\": \"\\\"><script>\"}",
		 "<input type=checkbox value=\"&quot;&gt;&lt;script&gt;\" checked>"},
		{"after a completed reference", "<p>&amp;{{x}}</p>", "{\"x\": \"lt;\"}",
		 "<p>&amp;lt;</p>"},
		{"title", "<title>{{x}}</title>", "{\"x\": \"</title>" XSS "\"}",
		 "<title>&lt;/title&gt;" XSS_TEXT "</title>"},
		{"textarea", "<textarea>{{x}}</textarea>", "{\"x\": \"</textarea>" XSS "\"}",
		 "<textarea>&lt;/textarea&gt;" XSS_TEXT "</textarea>"},
		{"after a comment", "<!-- <p title=\" -->{{x}}", "{\"x\": \"<b>\"}",
		 "<!-- <p title=\" -->&lt;b&gt;"},
		{"after short comments", "<!-->{{x}}<!--->{{x}}", "{\"x\": \"<\"}",
		 "<!-->&lt;<!--->&lt;"},
		{"after --!>", "<!-- a --!>{{x}}", "{\"x\": \"<\"}", "<!-- a --!>&lt;"},
		{"after a doctype", "<!DOCTYPE html>{{x}}", "{\"x\": \"<\"}",
		 "<!DOCTYPE html>&lt;"},
		{"a lone '<'", "a < b {{x}}", "{\"x\": \">\"}", "a < b &gt;"},
		{"after a script", "<script>if (a</b) x = '</scrip';</script >{{x}}",
		 "{\"x\": \"<\"}", "<script>if (a</b) x = '</scrip';</script >&lt;"},
		{"after a style", "<style>p:after { content: \"</p>\" }</STYLE>{{x}}",
		 "{\"x\": \"<\"}", "<style>p:after { content: \"</p>\" }</STYLE>&lt;"},
		{"svg", "<svg viewBox=\"0 0 {{w}} 10\"><text x=\"{{w}}\">{{x}}</text>"
			"<title>{{x}}</title></svg>",
		 "{\"w\": 100, \"x\": \"<a>\"}",
		 "<svg viewBox=\"0 0 100 10\"><text x=\"100\">&lt;a&gt;</text>"
		 "<title>&lt;a&gt;</title></svg>"},
		{"U+2028 in text", "<p>{{x}}</p>", "{\"x\": \"a\\u2028b\"}",
		 "<p>a\xe2\x80\xa8" "b</p>"},
		{"invalid UTF-8", "<p>{{x}}</p><a title=\"{{x}}\">",
		 "{\"x\": \"a\xff\xc0\x80\xed\xa0\x80z\"}",
		 "<p>a\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdz</p>"
		 "<a title=\"a\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf"
		 "\xbdz\">"},
		{"valid UTF-8 kept", "<p>{{x}}</p>", "{\"x\": \"d\xc3\xa9j\xc3\xa0 \xe6\xbc\xa2 "
						     "\xf0\x9f\x90\xb3\"}",
		 "<p>d\xc3\xa9j\xc3\xa0 \xe6\xbc\xa2 \xf0\x9f\x90\xb3</p>"},
		/* json_to_value keeps an escaped NUL visible; an overlong NUL is invalid UTF-8 */
		{"NUL", "<p>{{x}}|{{y}}</p>", "{\"x\": \"a\\u0000b\", \"y\": \"a\xc0\x80" "b\"}",
		 "<p>a\\u0000b|a\xef\xbf\xbd\xef\xbf\xbd" "b</p>"},
	};
	RUN_RENDER_CASES(cases);
}

static void test_urls(void **state)
{
	(void)state;
	static const struct {
		const char *url;
		bool allowed;
	} rows[] = {
		{"javascript:alert(1)", false},
		{"JavaScript:alert(1)", false},
		{" javascript:alert(1)", false},
		{"\x01\x02javascript:alert(1)", false},
		{"java\tscript:alert(1)", false},
		{"java\nscript:alert(1)", false},
		{"data:text/html,<script>", false},
		{"vbscript:x", false},
		{":x", false},
		{"httpx:x", false},
		{"verylongscheme:x", false},
		{"https://example.com/a?b=c:d", true},
		{"HTTP://example.com", true},
		{"http://x", true},
		{"mailto:a@b.c", true},
		{"/rules/x:y", true},
		{"#frag:x", true},
		{"?q=a:b", true},
		{"rule-1", true},
		{"", true},
		{"javascript", true},
		{"./javascript:x", true},
	};
	for (size_t i = 0; i < ELEMENTSOF(rows); i++) {
		struct value *data = value_new_map();
		value_map_set(data, "x", value_new_string(rows[i].url));
		_cleanup_free_ char *page = NULL, *want = NULL;
		assert_int_equal(render("<a href=\"{{x}}\">", data, &page), 0);
		struct value *s = value_new_string(rows[i].url);
		if (rows[i].allowed) {
			/* the same bytes as a text value would give */
			_cleanup_free_ char *text = NULL;
			struct value *d = value_new_map();
			value_map_set(d, "x", s);
			assert_int_equal(render("{{x}}", d, &text), 0);
			want = xasprintf("<a href=\"%s\">", text);
			value_free(d);
		} else {
			value_free(s);
			want = xstrdup("<a href=\"#blocked\">");
		}
		if (!STREQ(page, want))
			fail_msg("row %zu: got %s, wanted %s", i, page, want);
		value_free(data);
	}

	static const struct render_case cases[] = {
		{"every URL attribute",
		 "<img src=\"{{x}}\"><form action='{{x}}'><button formaction=\"{{x}}\">"
		 "<svg><a xlink:href=\"{{x}}\"><animate values=\"{{x}}\"></svg>"
		 "<object data=\"{{x}}\"><A HREF=\"{{x}}\">",
		 "{\"x\": \"javascript:alert(1)\"}",
		 "<img src=\"#blocked\"><form action='#blocked'><button formaction=\"#blocked\">"
		 "<svg><a xlink:href=\"#blocked\"><animate values=\"#blocked\"></svg>"
		 "<object data=\"#blocked\"><A HREF=\"#blocked\">"},
		{"other attributes are not URLs", "<a title=\"{{x}}\" data-x=\"{{x}}\">",
		 "{\"x\": \"javascript:alert(1)\"}",
		 "<a title=\"javascript:alert(1)\" data-x=\"javascript:alert(1)\">"},
		{"scheme settled by the template",
		 "<a href=\"/rules/{{x}}\"><a href=\"https://h/{{x}}\">",
		 "{\"x\": \"javascript:alert(1)\"}",
		 "<a href=\"/rules/javascript:alert(1)\">"
		 "<a href=\"https://h/javascript:alert(1)\">"},
		{"scheme started by the template", "<a href=\"java{{x}}\">",
		 "{\"x\": \"script:alert(1)\"}", "<a href=\"java#blocked\">"},
		{"scheme split over values", "<a href=\"{{a}}{{b}}\">",
		 "{\"a\": \"javascript\", \"b\": \":alert(1)\"}",
		 "<a href=\"javascript#blocked\">"},
		{"a '#' in a character reference settles nothing", "<a href=\"&#106;{{x}}\">",
		 "{\"x\": \"avascript:alert(1)\"}", "<a href=\"&#106;#blocked\">"},
		{"leading spaces settle nothing", "<a href=\" \t{{x}}\">",
		 "{\"x\": \"javascript:alert(1)\"}", "<a href=\" \t#blocked\">"},
		{"a section that may not render settles nothing",
		 "<a href=\"{{#s}}/{{/s}}{{x}}\">", "{\"x\": \"javascript:alert(1)\"}",
		 "<a href=\"#blocked\">"},
		{"a section around the whole value", "<a href=\"{{#x}}{{x}}{{/x}}{{^x}}#{{/x}}\">",
		 "{\"x\": \"https://h/\"}", "<a href=\"https://h/\">"},
		{"in a list", "{{#l}}<a href=\"{{.}}\">{{/l}}",
		 "{\"l\": [\"http://a\", \"javascript:b\", \"c\"]}",
		 "<a href=\"http://a\"><a href=\"#blocked\"><a href=\"c\">"},
		{"escaped as well", "<a href=\"{{x}}\">", "{\"x\": \"https://h/?a=1&b=\\\"\"}",
		 "<a href=\"https://h/?a=1&amp;b=&quot;\">"},
		{"ints", "<a href=\"{{n}}\">", "{\"n\": 42}", "<a href=\"42\">"},
		{"the partial's context flows", "{{> open-href}}{{x}}\">",
		 "{\"x\": \"javascript:alert(1)\"}", "<a href=\"#blocked\">"},
	};
	RUN_RENDER_CASES(cases);
}

#define JSON_OPEN "<script type=\"application/json\">"

static void test_script_json(void **state)
{
	(void)state;
	static const struct render_case cases[] = {
		{"script end in a string", JSON_OPEN "{\"x\": {{x}}}</script>",
		 "{\"x\": \"</script>" XSS "\"}",
		 JSON_OPEN "{\"x\": \"\\u003c/script\\u003e\\u003cscript\\u003ealert(1)"
			   "\\u003c/script\\u003e\"}</script>"},
		{"escapes", JSON_OPEN "{{x}}</script>",
		 "{\"x\": \"a\\\"b\\\\c\\n\\t\\u0001\\u2028\\u2029'&<>/\xc3\xa9\"}",
		 JSON_OPEN "\"a\\\"b\\\\c\\u000a\\u0009\\u0001\\u2028\\u2029\\u0027\\u0026\\u003c"
			   "\\u003e/\xc3\xa9\"</script>"},
		{"invalid UTF-8", JSON_OPEN "{{x}}</script>", "{\"x\": \"a\xff" "b\"}",
		 JSON_OPEN "\"a\\ufffdb\"</script>"},
		{"scalars", JSON_OPEN "[{{n}}, {{t}}, {{z}}, {{missing}}]</script>",
		 "{\"n\": -5, \"t\": false, \"z\": null}",
		 JSON_OPEN "[-5, false, null, null]</script>"},
		{"lists and maps", JSON_OPEN "{{.}}</script>",
		 "{\"l\": [1, \"a\", true, null, {\"k\": []}], \"m\": {\"</script>\": {}}}",
		 JSON_OPEN "{\"l\":[1,\"a\",true,null,{\"k\":[]}],"
			   "\"m\":{\"\\u003c/script\\u003e\":{}}}</script>"},
		{"where values may start", JSON_OPEN "{\"a\": {{x}}, \"b\": [{{x}},{{x}}], \"c\": "
						     "\"s\\\"[\", \"d\":{{x}}}</script>",
		 "{\"x\": 1}",
		 JSON_OPEN "{\"a\": 1, \"b\": [1,1], \"c\": \"s\\\"[\", \"d\":1}</script>"},
		{"type variants", "<script type=\" Application/JSON \">{{x}}</script>"
				  "<script type='application/ld+json'>{{x}}</script>"
				  "<script type=application/json>{{x}}</script>",
		 "{\"x\": 1}",
		 "<script type=\" Application/JSON \">1</script>"
		 "<script type='application/ld+json'>1</script>"
		 "<script type=application/json>1</script>"},
		{"section in a list", JSON_OPEN "[{{#l}}{{.}},{{/l}}0]</script>",
		 "{\"l\": [\"a\", 2]}", JSON_OPEN "[\"a\",2,0]</script>"},
		{"text after the block", JSON_OPEN "{{x}}</script><p>{{x}}</p>", "{\"x\": \"<\"}",
		 JSON_OPEN "\"\\u003c\"</script><p>&lt;</p>"},
	};
	RUN_RENDER_CASES(cases);

	/* JSON nested beyond the bound */
	struct value *data = value_new_map(), *v = value_new_list();
	for (int i = 0; i < 70; i++) {
		struct value *outer = value_new_list();
		value_list_append(outer, v);
		v = outer;
	}
	value_map_set(data, "deep", v);
	_cleanup_free_ char *err = NULL;
	assert_int_equal(render("\n" JSON_OPEN "{{deep}}</script>", data, &err), -EINVAL);
	assert_string_equal(err, "t.html:2:33: {{deep}} is nested deeper than 64 levels");
	value_free(data);
}

/* ---- refused contexts and other parse errors ---- */

static void test_refused_contexts(void **state)
{
	(void)state;
	static const struct error_case cases[] = {
		{"section changes context", "{{#x}}<b{{/x}}",
		 "t.html:1:9: section 'x' (opened at 1:1) starts in text and ends in a tag name: a "
		 "section must end in the context it starts in\n"},
		{"section leaves an attribute", "<a title=\"{{#x}}\">{{/x}}\"",
		 "t.html:1:19: section 'x' (opened at 1:11) starts in the value of attribute "
		 "'title' and ends in text: a section must end in the context it starts in\n"},
		{"section within a JSON block", JSON_OPEN "[{{#x}}1{{/x}}]</script>",
		 "t.html:1:41: section 'x' (opened at 1:34) changes the HTML context within "
		 "<script>: a section must end in the context it starts in\n"},
		{"boolean attribute", "<input {{#on}}checked{{/on}}>",
		 "t.html:1:22: section 'on' (opened at 1:8) starts in a tag, where an attribute "
		 "name goes and ends in an attribute name: a section must end in the context it "
		 "starts in\n"},
		{"unquoted value", "<a href={{x}}>",
		 "t.html:1:9: {{x}} inside an unquoted attribute value: quote the value\n"},
		{"unquoted value, started", "<a href=x{{name}}>",
		 "t.html:1:10: {{name}} inside an unquoted attribute value: quote the value\n"},
		{"style", "<style>\np { color: {{c}} }</style>",
		 "t.html:2:12: {{c}} inside <style>: not allowed\n"},
		{"style attribute", "<p style=\"color: {{c}}\">",
		 "t.html:1:18: {{c}} inside the 'style' attribute: not allowed (its value is "
		 "code)\n"},
		{"event handler", "<a onclick=\"f('{{x}}')\">",
		 "t.html:1:16: {{x}} inside the 'onclick' attribute: not allowed (its value is "
		 "code)\n"},
		{"srcdoc", "<iframe srcdoc=\"{{x}}\"></iframe>",
		 "t.html:1:17: {{x}} inside the 'srcdoc' attribute: not allowed (its value is "
		 "code)\n"},
		{"JavaScript", "<script>var x = {{x}};</script>",
		 "t.html:1:17: {{x}} inside <script>: only <script type=\"application/json\"> "
		 "takes values\n"},
		{"JavaScript, other type", "<script type=\"module\">{{x}}</script>",
		 "t.html:1:23: {{x}} inside <script>: only <script type=\"application/json\"> "
		 "takes values\n"},
		{"first type attribute counts", "<script type=\"text/javascript\" "
						"type=\"application/json\">{{x}}</script>",
		 "t.html:1:56: {{x}} inside <script>: only <script type=\"application/json\"> "
		 "takes values\n"},
		{"type from a value", "<script type=\"{{t}}\">{{x}}</script>",
		 "t.html:1:22: {{x}} inside <script>: only <script type=\"application/json\"> "
		 "takes values\n"},
		{"JSON string", JSON_OPEN "{\"a\": \"{{x}}\"}</script>",
		 "t.html:1:40: {{x}} inside a JSON string: a value is written as a whole JSON "
		 "value, drop the quotes\n"},
		{"JSON, no value can start", JSON_OPEN "{\"a\": 1 {{x}}}</script>",
		 "t.html:1:41: {{x}} inside <script> where no JSON value can start (only first, "
		 "or after '[', ',' or ':')\n"},
		{"JSON, two values", JSON_OPEN "[{{x}}{{x}}]</script>",
		 "t.html:1:39: {{x}} inside <script> where no JSON value can start (only first, "
		 "or after '[', ',' or ':')\n"},
		{"JSON after a '<'", JSON_OPEN "{\"a\": \"<b>\", \"c\": {{x}}}</script>",
		 "t.html:1:51: {{x}} inside <script> after a '<': not allowed\n"},
		{"'<!--' in a script", "<script>\n<!-- x</script>",
		 "t.html:2:4: '<!--' inside <script> is not supported\n"},
		{"HTML comment", "<!-- {{x}} -->",
		 "t.html:1:6: {{x}} inside an HTML comment: not allowed\n"},
		{"after '<'", "<{{x}}>",
		 "t.html:1:2: {{x}} inside a tag, right after '<': not allowed\n"},
		{"after '</'", "</{{x}}>",
		 "t.html:1:3: {{x}} inside an end tag, right after '</': not allowed\n"},
		{"tag name", "<d{{x}}>", "t.html:1:3: {{x}} inside a tag name: not allowed\n"},
		{"between attributes", "<div {{x}}>",
		 "t.html:1:6: {{x}} inside a tag, where an attribute name goes: not allowed\n"},
		{"after a value", "<div a=\"1\"{{x}}>",
		 "t.html:1:11: {{x}} inside a tag, after an attribute value: not allowed\n"},
		{"attribute name", "<div class{{x}}>",
		 "t.html:1:11: {{x}} inside an attribute name: not allowed\n"},
		{"after '&' in text", "<p>&{{x}}</p>",
		 "t.html:1:5: {{x}} right after '&': end the character reference first (&amp;)\n"},
		{"in a reference in an attribute", "<a href=\"&#{{x}}\">",
		 "t.html:1:12: {{x}} right after '&': end the character reference first (&amp;)\n"},
		{"after '&' in a title", "<title>&{{x}}</title>",
		 "t.html:1:9: {{x}} inside <title>, right after '&': end the character reference "
		 "first (&amp;)\n"},
		{"title after a '<'", "<title>a<b{{x}}</title>",
		 "t.html:1:11: {{x}} inside <title> after a '<': not allowed\n"},
		{"iframe", "<iframe>{{x}}</iframe>",
		 "t.html:1:9: {{x}} inside <iframe>: not allowed\n"},
		{"noscript", "<noscript>{{x}}</noscript>",
		 "t.html:1:11: {{x}} inside <noscript>: not allowed\n"},
		{"doctype", "<!DOCTYPE {{x}}>",
		 "t.html:1:11: {{x}} inside a <!...> or <?...> declaration: not allowed\n"},
		{"plaintext", "<plaintext>", "t.html:1:11: <plaintext> is not supported\n"},
		{"several", "{{#a}}<b{{/a}}\n<style>{{c}}</style>\n<a href={{d}}>",
		 "t.html:1:9: section 'a' (opened at 1:1) starts in text and ends in a tag name: a "
		 "section must end in the context it starts in\n"
		 "t.html:2:8: {{c}} inside <style>: not allowed\n"
		 "t.html:3:9: {{d}} inside an unquoted attribute value: quote the value\n"},
		{"columns count characters", "<p>\xc3\xa9\xc3\xa9\xe6\xbc\xa2 <b {{x}}>",
		 "t.html:1:11: {{x}} inside a tag, where an attribute name goes: not allowed\n"},
	};
	RUN_ERROR_CASES(cases);
}

static void test_syntax_errors(void **state)
{
	(void)state;
	static const struct error_case cases[] = {
		{"unclosed section", "{{#rules}}\nx",
		 "t.html:2:2: unclosed section 'rules' (opened at 1:1)\n"},
		{"unclosed sections", "{{#a}}{{^b}}",
		 "t.html:1:13: unclosed section 'b' (opened at 1:7)\n"
		 "t.html:1:13: unclosed section 'a' (opened at 1:1)\n"},
		{"mismatched section", "{{#a}}{{/b}}",
		 "t.html:1:7: '{{/b}}' does not close section 'a' (opened at 1:1)\n"},
		{"stray close", "x{{/a}}", "t.html:1:2: '{{/a}}' closes no open section\n"},
		{"space in a name", "{{a b}}",
		 "t.html:1:1: bad tag '{{a b}}': a name is letters, digits, '_' and '-', joined by "
		 "'.' (or '.' alone)\n"},
		{"empty name", "{{}}{{#}}",
		 "t.html:1:1: bad tag '{{}}': a name is letters, digits, '_' and '-', joined by "
		 "'.' (or '.' alone)\n"
		 "t.html:1:5: bad tag '{{#}}': a name is letters, digits, '_' and '-', joined by "
		 "'.' (or '.' alone)\n"},
		{"dots", "{{a..b}}{{.a}}{{a.}}",
		 "t.html:1:1: bad tag '{{a..b}}': a name is letters, digits, '_' and '-', joined "
		 "by '.' (or '.' alone)\n"
		 "t.html:1:9: bad tag '{{.a}}': a name is letters, digits, '_' and '-', joined by "
		 "'.' (or '.' alone)\n"
		 "t.html:1:15: bad tag '{{a.}}': a name is letters, digits, '_' and '-', joined by "
		 "'.' (or '.' alone)\n"},
		{"triple braces", "<p>{{{x}}}</p>",
		 "t.html:1:4: '{{{x}}': there is no unescaped form, every value is escaped\n"},
		{"ampersand", "{{&x}}",
		 "t.html:1:1: '{{&x}}': there is no unescaped form, every value is escaped\n"},
		{"set delimiters", "{{=<% %>=}}",
		 "t.html:1:1: bad tag '{{=<% %>=}}': a name is letters, digits, '_' and '-', "
		 "joined by '.' (or '.' alone)\n"},
		{"control characters shown", "{{a\x1b[2J}}",
		 "t.html:1:1: bad tag '{{a?[2J}}': a name is letters, digits, '_' and '-', joined "
		 "by '.' (or '.' alone)\n"},
		{"unterminated tag", "x\n y {{z", "t.html:2:4: '{{' without '}}'\n"},
		{"unterminated comment", "{{! {{a}} ", "t.html:1:1: '{{' without '}}'\n"},
		{"129 bytes", "{{aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
			      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa}}",
		 "t.html:1:1: bad tag '{{aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa}}': a name is "
		 "letters, digits, '_' and '-', joined by '.' (or '.' alone)\n"},
		{"partial name", "{{> a/b}}",
		 "t.html:1:1: bad tag '{{> a/b}}': a name is letters, digits, '_' and '-', joined "
		 "by '.' (or '.' alone)\n"},
	};
	RUN_ERROR_CASES(cases);

	struct template *t = NULL;
	_cleanup_free_ char *d = NULL;
	char name[128 + 5] = "{{";
	memset(name + 2, 'a', 128);
	memcpy(name + 130, "}}", 3);
	assert_int_equal(parse(name, strlen(name), &t, &d), 0); /* 128 bytes are fine */
	template_free(t);
	free(TAKE_PTR(d));

	assert_int_equal(parse("ab\0c", 4, &t, &d), -EINVAL);
	assert_string_equal(d, "t.html:1:3: NUL byte in a template\n");
	free(TAKE_PTR(d));

	size_t big = TEMPLATE_SIZE_MAX + 1;
	char *text = xmalloc(big);
	memset(text, 'x', big);
	assert_int_equal(parse(text, big, &t, &d), -EINVAL);
	assert_string_equal(d, "t.html: the template with its partials is larger than 4194304 "
			       "bytes\n");
	free(TAKE_PTR(d));
	assert_int_equal(parse(text, big - 1, &t, &d), 0);
	template_free(t);
	free(text);
}

static void test_depth(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < TEMPLATE_DEPTH_MAX; i++)
		strbuf_adds(&sb, "{{#a}}");
	strbuf_adds(&sb, "{{x}}");
	for (int i = 0; i < TEMPLATE_DEPTH_MAX; i++)
		strbuf_adds(&sb, "{{/a}}");

	/* maps in maps as "a", 32 deep; x at the top */
	struct value *data = value_new_map(), *v = data;
	value_map_set(v, "x", value_new_string("deep"));
	for (int i = 0; i < TEMPLATE_DEPTH_MAX; i++) {
		struct value *a = value_new_map();
		value_map_set(v, "a", a);
		v = a;
	}
	value_map_set(v, "leaf", value_new_bool(true)); /* an empty map renders nothing */
	_cleanup_free_ char *page = NULL;
	assert_int_equal(render(sb.buf, data, &page), 0);
	assert_string_equal(page, "deep");
	value_free(data);

	strbuf_release(&sb);
	for (int i = 0; i <= TEMPLATE_DEPTH_MAX; i++)
		strbuf_adds(&sb, "{{#a}}");
	struct template *t = NULL;
	_cleanup_free_ char *d = NULL;
	assert_int_equal(parse(sb.buf, sb.len, &t, &d), -EINVAL);
	assert_string_equal(d, "t.html:1:193: sections and partials nested deeper than 32\n");
	strbuf_release(&sb);
}

/* ---- partials ---- */

static void test_partials(void **state)
{
	(void)state;
	static const struct error_case cases[] = {
		{"includes itself", "{{> self}}", "self:1:2: partial 'self' includes itself\n"},
		{"through another", "a\n{{> ping}}", "pong:1:1: partial 'ping' includes itself\n"},
		{"unknown", "{{> nope}}", "t.html:1:1: unknown partial 'nope'\n"},
		{"error inside", "x{{> style-bad}}",
		 "style-bad:2:8: {{x}} inside <style>: not allowed\n"},
		{"NUL inside", "{{> nul}}", "nul:1:2: NUL byte in a template\n"},
		{"cannot close the caller's section", "{{#a}}{{> close}}",
		 "close:1:1: '{{/a}}' closes no open section\n"
		 "t.html:1:18: unclosed section 'a' (opened at 1:1)\n"},
		{"exponential inclusion", "{{> blow0}}",
		 "blow23: the template with its partials is larger than 4194304 bytes\n"},
	};
	RUN_ERROR_CASES(cases);

	/* no lookup at all */
	struct diags d = {0};
	struct template *t = NULL;
	assert_int_equal(template_parse("t.html", "{{> head}}", 10, NULL, NULL, &d, &t), -EINVAL);
	assert_int_equal(d.n, 1);
	_cleanup_free_ char *msg = diag_format(&d.items[0]);
	assert_string_equal(msg, "t.html:1:1: unknown partial 'head'");
	diags_release(&d);

	/* a render error inside a partial says where in the partial */
	struct value *data = data_from("{\"l\": [1]}");
	_cleanup_free_ char *err = NULL;
	assert_int_equal(render("x{{> list}}", data, &err), -EINVAL);
	assert_string_equal(err, "list:2:2: {{l}} is a list: only "
				 "<script type=\"application/json\"> takes lists and maps");
	value_free(data);
}

/* ---- render errors ---- */

static void test_render_errors(void **state)
{
	(void)state;
	static const struct {
		const char *tmpl, *json, *expect;
	} rows[] = {
		{"<p>{{m}}</p>", "{\"m\": {\"a\": 1}}",
		 "t.html:1:4: {{m}} is a map: only <script type=\"application/json\"> takes lists "
		 "and maps"},
		{"\n <a href=\"{{l}}\">", "{\"l\": []}",
		 "t.html:2:11: {{l}} is a list: only <script type=\"application/json\"> takes "
		 "lists and maps"},
		{"{{#l}}{{.}}{{/l}}", "{\"l\": [{\"a\": 1}]}",
		 "t.html:1:7: {{.}} is a map: only <script type=\"application/json\"> takes lists "
		 "and maps"},
	};
	for (size_t i = 0; i < ELEMENTSOF(rows); i++) {
		struct value *data = data_from(rows[i].json);
		_cleanup_free_ char *err = NULL;
		assert_int_equal(render(rows[i].tmpl, data, &err), -EINVAL);
		assert_string_equal(err, rows[i].expect);
		value_free(data);
	}

	/* too many steps: 70^4 items */
	struct template *t = NULL;
	_cleanup_free_ char *d = NULL;
	const char *nested = "{{#l}}{{#l}}{{#l}}{{#l}}x{{/l}}{{/l}}{{/l}}{{/l}}";
	assert_int_equal(parse(nested, strlen(nested), &t, &d), 0);
	struct value *data = value_new_map(), *l = value_new_list();
	for (int i = 0; i < 70; i++)
		value_list_append(l, value_new_int(i));
	value_map_set(data, "l", l);
	FILE *null = fopen("/dev/null", "we");
	assert_non_null(null);
	char *err = NULL;
	assert_int_equal(template_render(t, data, null, &err), -E2BIG);
	assert_string_equal(err, "t.html:1:25: the page takes more than 16777216 steps to render");
	free(err);
	fclose(null);
	value_free(data);
	template_free(t);

	/* a stream that fails: the error, whether or not asked for */
	free(TAKE_PTR(d));
	assert_int_equal(parse("<p>x</p>", 8, &t, &d), 0);
	FILE *full = fopen("/dev/full", "we");
	assert_non_null(full);
	err = NULL;
	assert_int_equal(template_render(t, NULL, full, &err), -EIO);
	assert_string_equal(err, "t.html: writing the page failed");
	free(err);
	assert_int_equal(template_render(t, NULL, full, NULL), -EIO);
	fclose(full);
	template_free(t);
	template_free(NULL);
}

/* ---- a whole page ---- */

static const char page_template[] =
	"<!DOCTYPE html>\n"
	"{{! page.html: a test page shaped like the report }}\n"
	"<html lang=\"en\">\n"
	"<head>\n"
	"<meta charset=\"utf-8\">\n"
	"<meta name=\"generator\" content=\"dockward {{version}}\">\n"
	"<title>{{title}} - dockward</title>\n"
	"<style>\n"
	"{{> css}}"
	"body { font-family: sans-serif; }\n"
	"a[href^=\"http\"]:after { content: \" >\"; }\n"
	"</style>\n"
	"<script type=\"application/json\" id=\"data\">\n"
	"{\"host\": {{host}}, \"n\": {{n}}, \"ids\": [{{#rules}}{{id}}, {{/rules}}null]}\n"
	"</script>\n"
	"<script>\n"
	"  var data = JSON.parse(document.getElementById('data').textContent);\n"
	"  if (data.n > 1 && data.n < 100) console.log('</scrip' + 't>');\n"
	"</script>\n"
	"</head>\n"
	"<body class=\"{{#failed}}has-fail{{/failed}}\">\n"
	"<!-- the header: <b> is no tag here, <a href=\"x\"> neither -->\n"
	"<h1 title=\"{{title}}\">{{title}}</h1>\n"
	"<p>Host <code>{{host.name}}</code>, {{n}} rules{{#failed}}, <b>{{failed}} "
	"failing</b>{{/failed}}.</p>\n"
	"<svg class=\"gauge\" viewBox=\"0 0 100 100\" role=\"img\" aria-label=\"score "
	"{{score}} percent\">\n"
	"  <circle r=\"{{score}}\" cx='50' cy=50></circle>\n"
	"  <text x=\"50\" y=\"57\">{{score}}%</text>\n"
	"</svg>\n"
	"<table class=\"rules\">\n"
	"<thead><tr><th>Id</th><th>Status</th><th>Title</th><th>Link</th></tr></thead>\n"
	"<tbody>\n"
	"{{#rules}}\n"
	"{{> row}}"
	"{{/rules}}\n"
	"{{^rules}}\n"
	"<tr><td colspan=\"4\">No rules.</td></tr>\n"
	"{{/rules}}\n"
	"</tbody>\n"
	"</table>\n"
	"<ul class=\"labels\">\n"
	"{{#host.labels}}  <li data-label=\"{{.}}\">{{.}}</li>\n"
	"{{/host.labels}}\n"
	"</ul>\n"
	"<form action=\"{{report_url}}\" method=\"get\">\n"
	"  <input type=\"search\" name=\"q\" value=\"{{query}}\" placeholder='Search rules'>\n"
	"  <input type=\"checkbox\" name=\"all\" checked>\n"
	"  <button type=\"submit\">Go</button>\n"
	"</form>\n"
	"<textarea readonly rows=\"3\">{{notes}}</textarea>\n"
	"<p>{{^notes}}No notes.{{/notes}}{{#notes}}Notes above.{{/notes}}</p>\n"
	"<img src=\"{{logo}}\" alt=\"{{title}} logo\">\n"
	"<footer>&copy; dockward &amp; friends, {{year}}.\n"
	"  <a href=\"mailto:{{contact}}\">contact</a>\n"
	"</footer>\n"
	"</body>\n"
	"</html>\n";

static const char page_data[] =
	"{\"version\": \"0.1.0\","
	" \"title\": \"<Audit> \\\"prod\\\" & 'x'\","
	" \"host\": {\"name\": \"h1</script>\", \"labels\": [\"env=prod\", \"a<b\"]},"
	" \"n\": 3, \"failed\": 1, \"score\": 67,"
	" \"rules\": ["
	"  {\"id\": \"daemon.icc\", \"status\": \"fail\", \"title\": \"ICC " XSS "\","
	"   \"link\": \"javascript:alert(1)\"},"
	"  {\"id\": \"x\\\" onclick=\\\"y\", \"status\": \"pass\", \"title\": \"Quote\","
	"   \"link\": \"https://example.com/r?a=1&b=2\", \"waived\": true},"
	"  {\"id\": \"files.owner\", \"status\": \"pass\", \"title\": \"Owner \xe2\x80\xa8 line\","
	"   \"link\": \"/local\"}"
	" ],"
	" \"report_url\": \" data:text/html,<b>\","
	" \"query\": \"\\\"><script>\","
	" \"notes\": \"line1\\n</textarea><script>alert(1)</script>\","
	" \"logo\": \"/img/logo.svg\", \"year\": 2024, \"contact\": \"sec@example.com\"}";

static const char page_expected[] =
	"<!DOCTYPE html>\n"
	"\n"
	"<html lang=\"en\">\n"
	"<head>\n"
	"<meta charset=\"utf-8\">\n"
	"<meta name=\"generator\" content=\"dockward 0.1.0\">\n"
	"<title>&lt;Audit&gt; &quot;prod&quot; &amp; &#39;x&#39; - dockward</title>\n"
	"<style>\n"
	"td.fail { color: #b00; }\n"
	"body { font-family: sans-serif; }\n"
	"a[href^=\"http\"]:after { content: \" >\"; }\n"
	"</style>\n"
	"<script type=\"application/json\" id=\"data\">\n"
	"{\"host\": {\"name\":\"h1\\u003c/script\\u003e\",\"labels\":[\"env=prod\","
	"\"a\\u003cb\"]}, \"n\": 3, \"ids\": [\"daemon.icc\", \"x\\\" onclick=\\\"y\", "
	"\"files.owner\", null]}\n"
	"</script>\n"
	"<script>\n"
	"  var data = JSON.parse(document.getElementById('data').textContent);\n"
	"  if (data.n > 1 && data.n < 100) console.log('</scrip' + 't>');\n"
	"</script>\n"
	"</head>\n"
	"<body class=\"has-fail\">\n"
	"<!-- the header: <b> is no tag here, <a href=\"x\"> neither -->\n"
	"<h1 title=\"&lt;Audit&gt; &quot;prod&quot; &amp; &#39;x&#39;\">&lt;Audit&gt; "
	"&quot;prod&quot; &amp; &#39;x&#39;</h1>\n"
	"<p>Host <code>h1&lt;/script&gt;</code>, 3 rules, <b>1 failing</b>.</p>\n"
	"<svg class=\"gauge\" viewBox=\"0 0 100 100\" role=\"img\" aria-label=\"score 67 "
	"percent\">\n"
	"  <circle r=\"67\" cx='50' cy=50></circle>\n"
	"  <text x=\"50\" y=\"57\">67%</text>\n"
	"</svg>\n"
	"<table class=\"rules\">\n"
	"<thead><tr><th>Id</th><th>Status</th><th>Title</th><th>Link</th></tr></thead>\n"
	"<tbody>\n"
	"\n"
	"<tr id=\"rule-daemon.icc\" data-status=\"fail\">\n"
	"<td><code>daemon.icc</code></td>\n"
	"<td class=\"fail\">fail</td>\n"
	"<td>ICC " XSS_TEXT "</td>\n"
	"<td><a href=\"#blocked\">more</a> <a href=\"/rules/daemon.icc\">here</a></td>\n"
	"</tr>\n"
	"\n"
	"<tr id=\"rule-x&quot; onclick=&quot;y\" data-status=\"pass\">\n"
	"<td><code>x&quot; onclick=&quot;y</code></td>\n"
	"<td class=\"pass\">pass</td>\n"
	"<td>Quote <i>(waived)</i></td>\n"
	"<td><a href=\"https://example.com/r?a=1&amp;b=2\">more</a> "
	"<a href=\"/rules/x&quot; onclick=&quot;y\">here</a></td>\n"
	"</tr>\n"
	"\n"
	"<tr id=\"rule-files.owner\" data-status=\"pass\">\n"
	"<td><code>files.owner</code></td>\n"
	"<td class=\"pass\">pass</td>\n"
	"<td>Owner \xe2\x80\xa8 line</td>\n"
	"<td><a href=\"/local\">more</a> <a href=\"/rules/files.owner\">here</a></td>\n"
	"</tr>\n"
	"\n"
	"\n"
	"</tbody>\n"
	"</table>\n"
	"<ul class=\"labels\">\n"
	"  <li data-label=\"env=prod\">env=prod</li>\n"
	"  <li data-label=\"a&lt;b\">a&lt;b</li>\n"
	"\n"
	"</ul>\n"
	"<form action=\"#blocked\" method=\"get\">\n"
	"  <input type=\"search\" name=\"q\" value=\"&quot;&gt;&lt;script&gt;\" "
	"placeholder='Search rules'>\n"
	"  <input type=\"checkbox\" name=\"all\" checked>\n"
	"  <button type=\"submit\">Go</button>\n"
	"</form>\n"
	"<textarea readonly rows=\"3\">line1\n&lt;/textarea&gt;" XSS_TEXT "</textarea>\n"
	"<p>Notes above.</p>\n"
	"<img src=\"/img/logo.svg\" alt=\"&lt;Audit&gt; &quot;prod&quot; &amp; &#39;x&#39; "
	"logo\">\n"
	"<footer>&copy; dockward &amp; friends, 2024.\n"
	"  <a href=\"mailto:sec@example.com\">contact</a>\n"
	"</footer>\n"
	"</body>\n"
	"</html>\n";

static void test_page(void **state)
{
	(void)state;
	struct value *data = data_from(page_data);
	_cleanup_free_ char *page = NULL;
	assert_int_equal(render(page_template, data, &page), 0);
	if (!STREQ(page, page_expected)) {
		size_t i = 0;
		while (page[i] && page[i] == page_expected[i])
			i++;
		fail_msg("page differs at byte %zu:\n   got: [%.80s]\nwanted: [%.80s]", i, page + i,
			 page_expected + i);
	}
	value_free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_syntax),
		cmocka_unit_test(test_lookups),
		cmocka_unit_test(test_truthiness),
		cmocka_unit_test(test_text_and_attributes),
		cmocka_unit_test(test_urls),
		cmocka_unit_test(test_script_json),
		cmocka_unit_test(test_refused_contexts),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_partials),
		cmocka_unit_test(test_render_errors),
		cmocka_unit_test(test_page),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
