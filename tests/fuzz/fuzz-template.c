/* fuzz-template.c: libFuzzer target for the HTML template renderer (src/report/template.c,
 * template-html.c).
 *
 * The input is split at NUL bytes into a template, a JSON data document and two partials
 * named "a" and "b" (the name "t" gives the template itself, to include recursively). Any bytes
 * at all must parse to a template or to -EINVAL with diagnostics, and a template must render
 * with any data to 0 or to -EINVAL / -E2BIG / -EIO with a message, never crash, leak or read
 * outside the buffers (the pieces are copied to buffers sized exactly, not NUL-terminated).
 * The page goes to a sink that keeps at most 1 MiB and fails beyond, so that sections nested
 * over long lists stop early. On a page written whole, two properties of the escaping:
 *  - when the template's text has none of < > " ' the page has none either: no value adds
 *    markup, whatever the data;
 *  - when the template's text is valid UTF-8, so is the page.
 * Seeds: tests/fuzz/corpus/template/. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json-util.h"
#include "report.h"
#include "template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define PIECES 4 /* template, data, partial a, partial b */
#define SINK_MAX (1 << 20)

struct piece {
	char *text;
	size_t len;
};

static void need(bool ok)
{
	if (!ok)
		abort();
}

static const char *partial(const char *name, size_t *ret_len, void *userdata)
{
	const struct piece *p = userdata;
	int i = STREQ(name, "t") ? 0 : STREQ(name, "a") ? 2 : STREQ(name, "b") ? 3 : -1;
	if (i < 0 || !p[i].text)
		return NULL;
	*ret_len = p[i].len;
	return p[i].text;
}

static struct value *read_data(const struct piece *p)
{
	if (!p->text)
		return NULL;
	struct json_tokener *tok = json_tokener_new_ex(32);
	need(tok != NULL);
	json_object *o = json_tokener_parse_ex(tok, p->text, (int)p->len);
	struct value *v = json_tokener_get_error(tok) == json_tokener_success ? json_to_value(o)
									     : NULL;
	json_object_put(o);
	json_tokener_free(tok);
	return v;
}

static char sink_buf[SINK_MAX];
static size_t sink_len;
static bool sink_full;

static ssize_t sink_write(void *cookie, const char *buf, size_t n)
{
	(void)cookie;
	if (n > SINK_MAX - sink_len) {
		sink_full = true;
		return 0; /* an error for stdio */
	}
	memcpy(sink_buf + sink_len, buf, n);
	sink_len += n;
	return (ssize_t)n;
}

static bool has_markup(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] == '<' || s[i] == '>' || s[i] == '"' || s[i] == '\'')
			return true;
	return false;
}

static bool valid_utf8(const char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		/* text_utf8_decode wants a NUL after the sequence: copy at most 4 bytes */
		char c[5] = {0};
		memcpy(c, s + i, len - i < 4 ? len - i : 4);
		uint32_t cp;
		size_t n = text_utf8_decode(c, &cp);
		if (n == 0 || n > len - i)
			return false;
		i += n;
	}
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct piece p[PIECES] = {0};
	const char *s = (const char *)data, *end = s + size;
	for (size_t i = 0; i < PIECES; i++) {
		const char *nul = size ? memchr(s, '\0', (size_t)(end - s)) : NULL;
		size_t len = (size_t)((nul ? nul : end) - s);
		p[i].text = xmalloc(len ? len : 1); /* sized exactly, no NUL after it */
		if (len)
			memcpy(p[i].text, s, len);
		p[i].len = len;
		if (!nul)
			break;
		s = nul + 1;
	}

	struct diags diags = {0};
	struct template *t = NULL;
	int r = template_parse("fuzz", p[0].text, p[0].len, partial, p, &diags, &t);
	if (r == 0) {
		need(t && diags.n == 0);
		struct value *v = read_data(&p[1]);
		sink_len = 0;
		sink_full = false;
		FILE *out = fopencookie(NULL, "w", (cookie_io_functions_t){.write = sink_write});
		need(out != NULL);
		char *err = NULL;
		r = template_render(t, v, out, &err);
		fclose(out);
		need(r == 0 || r == -EINVAL || r == -E2BIG || r == -EIO);
		need((r == 0) == (err == NULL));
		need(r != -EIO || sink_full);
		if (r == 0) {
			bool markup = false, utf8 = true;
			for (size_t i = 0; i < PIECES; i++) {
				if (!p[i].text || i == 1)
					continue;
				markup = markup || has_markup(p[i].text, p[i].len);
				utf8 = utf8 && valid_utf8(p[i].text, p[i].len);
			}
			need(markup || !has_markup(sink_buf, sink_len));
			need(!utf8 || valid_utf8(sink_buf, sink_len));
		}
		free(err);
		value_free(v);
		template_free(t);
	} else {
		need(r == -EINVAL && !t && diags.n > 0);
		for (size_t i = 0; i < diags.n; i++)
			need(diags.items[i].file && diags.items[i].message &&
			     diags.items[i].line >= 0 && diags.items[i].col >= 0);
	}
	diags_release(&diags);
	for (size_t i = 0; i < PIECES; i++)
		free(p[i].text);
	return 0;
}
