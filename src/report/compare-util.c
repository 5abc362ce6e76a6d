/* compare-util.c: text and JSON helpers of the `report diff` and `report merge` renderers. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "compare-util.h"

#define WRAP_MIN 20 /* columns left for text on a wrapped line, whatever the prefix */

static const struct {
	const char *tag;
	const char *color;
} tags[] = {
	[STATUS_PASS] = {"PASS", "\033[32m"},
	[STATUS_FAIL] = {"FAIL", "\033[1;31m"},
	[STATUS_ERROR] = {"ERROR", "\033[35m"},
	[STATUS_NOT_APPLICABLE] = {"N/A", "\033[2m"},
	[STATUS_WAIVED] = {"WAIVED", "\033[36m"},
	[STATUS_MANUAL] = {"MANUAL", "\033[33m"},
};
_Static_assert(ELEMENTSOF(tags) == _STATUS_MAX, "tags");

const char *compare_status_tag(enum status s)
{
	return s >= 0 && s < _STATUS_MAX ? tags[s].tag : "?";
}

const char *compare_status_color(enum status s)
{
	return s >= 0 && s < _STATUS_MAX ? tags[s].color : "";
}

void compare_add_tag(struct strbuf *sb, enum status s, bool color)
{
	const char *tag = compare_status_tag(s);
	if (color)
		strbuf_addf(sb, "%s%s%s", compare_status_color(s), tag, COMPARE_COLOR_RESET);
	else
		strbuf_adds(sb, tag);
	for (size_t w = strlen(tag); w < COMPARE_TAG_WIDTH; w++)
		strbuf_addc(sb, ' ');
}

void compare_score_text(double score, char buf[static 16])
{
	unsigned tenths = !(score > 0) ? 0 : score >= 100 ? 1000 : (unsigned)(score * 10.0);
	if (tenths % 10 == 0)
		snprintf(buf, 16, "%u", tenths / 10);
	else
		snprintf(buf, 16, "%u.%u", tenths / 10, tenths % 10);
}

/* Length in bytes and display width of the character at s (of an escaped string). */
static size_t next_char(const char *s, size_t *ret_width)
{
	uint32_t cp;
	size_t len = text_utf8_decode(s, &cp);
	if (len == 0) {
		*ret_width = 1;
		return 1;
	}
	char one[8];
	memcpy(one, s, len);
	one[len] = '\0';
	*ret_width = text_width(one);
	return len;
}

void compare_add_wrapped(struct strbuf *sb, const char *prefix, size_t cont_indent,
			 const char *text)
{
	struct strbuf esc = STRBUF_INIT;
	text_escape(&esc, text);
	const char *p = esc.buf ? esc.buf : "";

	strbuf_adds(sb, prefix);
	size_t indent = strlen(prefix);
	for (;;) {
		size_t avail = COMPARE_LINE_WIDTH > indent + WRAP_MIN ? COMPARE_LINE_WIDTH - indent
								       : WRAP_MIN;
		const char *q = p, *space = NULL;
		size_t w = 0;
		while (*q) {
			size_t cw, len = next_char(q, &cw);
			if (w + cw > avail)
				break;
			if (*q == ' ')
				space = q;
			w += cw;
			q += len;
		}
		const char *end = q;
		if (*q && *q != ' ' && space && space > p)
			end = space;
		if (end == p && *q) /* a single character wider than the line */
			end = p + next_char(p, &w);
		strbuf_add(sb, p, (size_t)(end - p));
		p = end;
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		strbuf_addc(sb, '\n');
		for (size_t k = 0; k < cont_indent; k++)
			strbuf_addc(sb, ' ');
		indent = cont_indent;
	}
	strbuf_addc(sb, '\n');
	strbuf_release(&esc);
}

void compare_add_detail(struct strbuf *sb, size_t indent, const char *label, const char *fmt,
			...)
{
	va_list ap;
	va_start(ap, fmt);
	_cleanup_free_ char *text = xvasprintf(fmt, ap);
	va_end(ap);
	_cleanup_free_ char *prefix = xasprintf("%*s%s: ", (int)indent, "", label);
	compare_add_wrapped(sb, prefix, strlen(prefix), text);
}

json_object *compare_jstr(const char *s)
{
	if (!s)
		return NULL;
	/* Most strings are valid already: check before copying. */
	const char *p = s;
	while (*p) {
		uint32_t cp;
		size_t len = text_utf8_decode(p, &cp);
		if (len == 0)
			break;
		p += len;
	}
	if (!*p)
		return json_object_new_string_len(s, (int)(p - s));

	struct strbuf sb = STRBUF_INIT;
	text_utf8_repair(&sb, s);
	json_object *o = json_object_new_string_len(sb.buf, (int)sb.len);
	strbuf_release(&sb);
	return o;
}

json_object *compare_jscore(double score)
{
	char buf[16];
	compare_score_text(score, buf);
	return json_object_new_double_s(score, buf);
}

json_object *compare_jsummary(const size_t summary[_STATUS_MAX])
{
	json_object *o = json_object_new_object();
	for (int s = 0; s < _STATUS_MAX; s++)
		json_object_object_add(o, status_to_string((enum status)s),
				       json_object_new_int64((int64_t)summary[s]));
	return o;
}

int compare_json_print(json_object *root, FILE *out)
{
	int flags = JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
		    JSON_C_TO_STRING_NOSLASHESCAPE;
	const char *text = json_object_to_json_string_ext(root, flags);
	if (!text)
		abort(); /* json-c could not allocate: see util.h */
	fputs(text, out);
	fputc('\n', out);
	return ferror(out) ? -EIO : 0;
}
