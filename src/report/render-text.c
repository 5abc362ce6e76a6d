/* render-text.c: the report for people at a terminal, and the text helpers the CLI's tables use.
 *
 * Layout (every line fits LINE_WIDTH columns: titles are cut with "...", long details wrap):
 *
 *   dockward 0.1.0 audit of h1 (root /) against docker-host v1
 *
 *   daemon
 *     FAIL   medium   daemon.icc               2.2      Restrict traffic between containers
 *           expected: icc is false
 *           observed: true (dockerd flag --icc=true)
 *           evidence: proc/4321/cmdline: --icc=true
 *     PASS   high     daemon.tls               2.6      Use TLS for the daemon socket
 *
 *   12 rules: 9 pass, 1 fail, 0 error, 1 not applicable, 1 waived, 0 manual; score 90%
 *
 * Rules are grouped by section, sections in the order the baseline first uses them. Every
 * string that came from a baseline, a waiver or the host goes through text_escape(): a title
 * with "\033[2J" or a newline in it is shown, not obeyed. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "report.h"

#define LINE_WIDTH 100
#define INDENT_RULE 2
#define INDENT_DETAIL 6
#define TAG_WIDTH 6      /* "WAIVED" */
#define SEVERITY_WIDTH 8 /* "critical" */
#define ID_COLUMN_MAX 32 /* longer ids push the rest of their line right, rather than be cut */
#define ID_WIDTH_MAX 60  /* ... up to this: beyond, an id is hostile and cut */
#define REF_WIDTH_MAX 10
#define WRAP_MIN 20          /* columns left for text on a wrapped line, whatever the prefix */
#define OBJECTS_SHOWN_MAX 20 /* per rule, unless verbose */

#define COLOR_RESET "\033[0m"

static size_t max_size(size_t a, size_t b)
{
	return a > b ? a : b;
}

static const struct {
	const char *tag;
	const char *color;
} status_tags[] = {
	[STATUS_PASS] = {"PASS", "\033[32m"},
	[STATUS_FAIL] = {"FAIL", "\033[1;31m"},
	[STATUS_ERROR] = {"ERROR", "\033[35m"},
	[STATUS_NOT_APPLICABLE] = {"N/A", "\033[2m"},
	[STATUS_WAIVED] = {"WAIVED", "\033[36m"},
	[STATUS_MANUAL] = {"MANUAL", "\033[33m"},
};
_Static_assert(ELEMENTSOF(status_tags) == _STATUS_MAX, "status_tags");

/* ---- text helpers ---- */

size_t text_utf8_decode(const char *s, uint32_t *ret_cp)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len;
	uint32_t cp, min;

	if (u[0] < 0x80) {
		*ret_cp = u[0];
		return 1;
	}
	if ((u[0] & 0xe0) == 0xc0) {
		len = 2, cp = u[0] & 0x1f, min = 0x80;
	} else if ((u[0] & 0xf0) == 0xe0) {
		len = 3, cp = u[0] & 0x0f, min = 0x800;
	} else if ((u[0] & 0xf8) == 0xf0) {
		len = 4, cp = u[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	/* A NUL is not a continuation byte: this never reads past the end of s. */
	for (size_t i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (u[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	*ret_cp = cp;
	return len;
}

void text_utf8_repair(struct strbuf *sb, const char *s)
{
	while (s && *s) {
		uint32_t cp;
		size_t len = text_utf8_decode(s, &cp);
		if (len == 0) {
			strbuf_adds(sb, "\xef\xbf\xbd"); /* U+FFFD */
			s++;
			continue;
		}
		strbuf_add(sb, s, len);
		s += len;
	}
}

/* Code points that would change how the rest of a line looks or reads: C0/C1 controls, DEL, and
 * the bidirectional formatting characters ("Trojan Source"). */
static bool is_hidden(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x061c || cp == 0x200e ||
	       cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

void text_escape(struct strbuf *sb, const char *s)
{
	if (!s)
		return;
	while (*s) {
		uint32_t cp;
		size_t len = text_utf8_decode(s, &cp);
		if (len == 0) {
			strbuf_addf(sb, "\\x%02x", (unsigned char)*s);
			s++;
			continue;
		}
		if (cp == '\n')
			strbuf_adds(sb, "\\n");
		else if (cp == '\t')
			strbuf_adds(sb, "\\t");
		else if (cp == '\r')
			strbuf_adds(sb, "\\r");
		else if (cp < 0x80 && is_hidden(cp))
			strbuf_addf(sb, "\\x%02x", (unsigned)cp);
		else if (is_hidden(cp))
			strbuf_addf(sb, "\\u%04x", (unsigned)cp);
		else
			strbuf_add(sb, s, len);
		s += len;
	}
}

static unsigned cp_width(uint32_t cp)
{
	static const struct {
		uint32_t first, last;
	} zero[] = {
		{0x0300, 0x036f}, {0x1ab0, 0x1aff}, {0x1dc0, 0x1dff}, {0x200b, 0x200d},
		{0x20d0, 0x20ff}, {0xfe00, 0xfe0f}, {0xfe20, 0xfe2f},
	}, wide[] = {
		{0x1100, 0x115f}, {0x2e80, 0x303e}, {0x3041, 0x33ff}, {0x3400, 0x4dbf},
		{0x4e00, 0x9fff}, {0xa000, 0xa4cf}, {0xac00, 0xd7a3}, {0xf900, 0xfaff},
		{0xfe30, 0xfe4f}, {0xff00, 0xff60}, {0xffe0, 0xffe6}, {0x1f300, 0x1f64f},
		{0x1f900, 0x1f9ff}, {0x20000, 0x2fffd}, {0x30000, 0x3fffd},
	};
	for (size_t i = 0; i < ELEMENTSOF(zero); i++)
		if (cp >= zero[i].first && cp <= zero[i].last)
			return 0;
	for (size_t i = 0; i < ELEMENTSOF(wide); i++)
		if (cp >= wide[i].first && cp <= wide[i].last)
			return 2;
	return 1;
}

/* Width of the next character of an escaped string, and its length in bytes. */
static size_t next_char(const char *s, unsigned *ret_width)
{
	uint32_t cp;
	size_t len = text_utf8_decode(s, &cp);
	if (len == 0) { /* not from text_escape(); count the byte as one column */
		*ret_width = 1;
		return 1;
	}
	*ret_width = cp_width(cp);
	return len;
}

size_t text_width(const char *s)
{
	size_t w = 0;
	while (s && *s) {
		unsigned cw;
		s += next_char(s, &cw);
		w += cw;
	}
	return w;
}

char *text_fit(const char *s, size_t width)
{
	struct strbuf sb = STRBUF_INIT;
	text_escape(&sb, s);
	char *e = strbuf_detach(&sb);
	if (text_width(e) <= width)
		return e;

	size_t target = width >= 3 ? width - 3 : width, w = 0;
	char *p = e;
	while (*p) {
		unsigned cw;
		size_t len = next_char(p, &cw);
		if (w + cw > target)
			break;
		w += cw;
		p += len;
	}
	*p = '\0';
	if (width >= 3) {
		char *cut = xasprintf("%s...", e);
		free(e);
		return cut;
	}
	return e;
}

void text_pad(struct strbuf *sb, const char *s, size_t width)
{
	strbuf_adds(sb, s);
	for (size_t w = text_width(s); w < width; w++)
		strbuf_addc(sb, ' ');
}

static void add_spaces(struct strbuf *sb, size_t n)
{
	while (n--)
		strbuf_addc(sb, ' ');
}

/* Appends prefix (ASCII, as is) and text (escaped here), wrapped at LINE_WIDTH: at the last
 * space that fits, else between two characters. Continuation lines are indented by
 * cont_indent columns. Ends with a newline. */
static void add_wrapped(struct strbuf *sb, const char *prefix, size_t cont_indent, const char *text)
{
	struct strbuf esc = STRBUF_INIT;
	text_escape(&esc, text);
	const char *p = esc.buf ? esc.buf : "";
	size_t first = strlen(prefix);

	strbuf_adds(sb, prefix);
	for (bool first_line = true;; first_line = false) {
		size_t indent = first_line ? first : cont_indent;
		size_t avail = LINE_WIDTH > indent + WRAP_MIN ? LINE_WIDTH - indent : WRAP_MIN;
		const char *q = p, *space = NULL;
		size_t w = 0;
		while (*q) {
			unsigned cw;
			size_t len = next_char(q, &cw);
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
		strbuf_add(sb, p, (size_t)(end - p));
		p = end;
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		strbuf_addc(sb, '\n');
		add_spaces(sb, cont_indent);
	}
	strbuf_addc(sb, '\n');
	strbuf_release(&esc);
}

/* ---- the report ---- */

static bool is_shown(const struct result *res, unsigned flags)
{
	if (flags & RENDER_QUIET)
		return res->status == STATUS_FAIL || res->status == STATUS_ERROR;
	return true;
}

static bool has_details(const struct result *res, unsigned flags)
{
	return (flags & RENDER_VERBOSE) || res->status == STATUS_FAIL ||
	       res->status == STATUS_ERROR;
}

static const char *section_of(const struct result *res)
{
	return res->rule->section ? res->rule->section : "other";
}

/* The first id of the first CIS reference ("cis-docker-1.6.0": ["2.2"] -> "2.2"), or "-". */
static const char *first_cis_ref(const struct rule *rule)
{
	for (size_t i = 0; i < rule->n_refs; i++)
		if (rule->refs[i].name && startswith(rule->refs[i].name, "cis") &&
		    rule->refs[i].ids && rule->refs[i].ids[0])
			return rule->refs[i].ids[0];
	return "-";
}

static void add_detail(struct strbuf *sb, const char *label, const char *text)
{
	_cleanup_free_ char *prefix = xasprintf("%*s%s: ", INDENT_DETAIL, "", label);
	add_wrapped(sb, prefix, strlen(prefix), text);
}

static void add_detailf(struct strbuf *sb, const char *label, const char *fmt, ...)
	_printf_(3, 4);
static void add_detailf(struct strbuf *sb, const char *label, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	_cleanup_free_ char *text = xvasprintf(fmt, ap);
	va_end(ap);
	add_detail(sb, label, text);
}

static void add_waiver(struct strbuf *sb, const struct result *res)
{
	const struct waiver *w = res->waiver;
	const char *reason = w->reason ? w->reason : "no reason given";
	const char *approver = w->approver ? w->approver : "nobody";
	const char *expires = w->expires_text ? w->expires_text : "?";
	_cleanup_free_ char *prefix = NULL;

	if (res->waiver_expired) {
		prefix = xasprintf("%*swaiver expired ", INDENT_DETAIL, "");
		_cleanup_free_ char *text = xasprintf("%s (no longer counts): %s; approved by %s",
						      expires, reason, approver);
		add_wrapped(sb, prefix, INDENT_DETAIL + 2, text);
	} else if (res->status == STATUS_WAIVED) {
		add_detailf(sb, "waived", "%s; approved by %s, expires %s; status without it: %s",
			    reason, approver, expires, status_to_string(res->waived_status));
	} else {
		add_detailf(sb, "waiver", "%s; approved by %s, expires %s; not needed: %s",
			    reason, approver, expires, status_to_string(res->status));
	}
}

static void add_objects(struct strbuf *sb, const struct result *res, unsigned flags)
{
	size_t shown = 0, left = 0;
	for (size_t i = 0; i < res->n_objects; i++) {
		const struct result_object *o = &res->objects[i];
		if (!(flags & RENDER_VERBOSE) && o->status == STATUS_PASS)
			continue;
		if (!(flags & RENDER_VERBOSE) && shown == OBJECTS_SHOWN_MAX) {
			left++;
			continue;
		}
		const char *name = o->name ? o->name : o->id ? o->id : "?";
		bool both = o->name && o->id && !STREQ(o->name, o->id);
		add_detailf(sb, "object", "%s %s%s%.12s%s%s%s: %s: %s", o->kind ? o->kind : "?",
			    name, both ? " (" : "", both ? o->id : "", both ? ")" : "",
			    o->image ? " image " : "", o->image ? o->image : "",
			    status_to_string(o->status), o->observed ? o->observed : "");
		shown++;
	}
	if (left)
		add_detailf(sb, "object", "... and %zu more (-v shows all)", left);
}

static void add_rule(struct strbuf *sb, const struct result *res, unsigned flags, size_t id_w,
		     size_t ref_w)
{
	const struct rule *rule = res->rule;
	enum status st = res->status >= 0 && res->status < _STATUS_MAX ? res->status : STATUS_ERROR;

	add_spaces(sb, INDENT_RULE);
	if (flags & RENDER_COLOR) {
		strbuf_adds(sb, status_tags[st].color);
		strbuf_adds(sb, status_tags[st].tag);
		strbuf_adds(sb, COLOR_RESET);
		add_spaces(sb, TAG_WIDTH - strlen(status_tags[st].tag));
	} else {
		text_pad(sb, status_tags[st].tag, TAG_WIDTH);
	}
	strbuf_addc(sb, ' ');
	text_pad(sb, severity_to_string(rule->severity), SEVERITY_WIDTH);
	strbuf_addc(sb, ' ');
	_cleanup_free_ char *id = text_fit(rule->id, ID_WIDTH_MAX);
	size_t id_used = text_width(id) > id_w ? text_width(id) : id_w;
	text_pad(sb, id, id_used);
	strbuf_addc(sb, ' ');
	_cleanup_free_ char *ref = text_fit(first_cis_ref(rule), ref_w);
	text_pad(sb, ref, ref_w);
	strbuf_addc(sb, ' ');
	size_t used = INDENT_RULE + TAG_WIDTH + 1 + SEVERITY_WIDTH + 1 + id_used + 1 + ref_w + 1;
	_cleanup_free_ char *title = text_fit(rule->title ? rule->title : "", LINE_WIDTH - used);
	strbuf_adds(sb, title);
	strbuf_addc(sb, '\n');

	if (has_details(res, flags)) {
		if (res->expected)
			add_detail(sb, "expected", res->expected);
		if (res->observed)
			add_detail(sb, "observed", res->observed);
		for (size_t i = 0; i < res->n_evidence; i++) {
			const struct evidence *e = &res->evidence[i];
			const char *src = e->source ? e->source : "?";
			_cleanup_free_ char *where = NULL;
			if (e->line > 0 && e->col > 0)
				where = xasprintf("%s:%d:%d", src, e->line, e->col);
			else if (e->line > 0)
				where = xasprintf("%s:%d", src, e->line);
			else
				where = xstrdup(src);
			add_detailf(sb, "evidence", "%s: %s", where, e->detail ? e->detail : "");
		}
		add_objects(sb, res, flags);
		if (res->fix_available && (st == STATUS_FAIL || (flags & RENDER_VERBOSE)))
			add_detailf(sb, "fix", "%s%s",
				    res->fix_summary ? res->fix_summary : "available",
				    res->restart_required ? " (restarts dockerd)" : "");
	}
	if (res->waiver && (st == STATUS_WAIVED || res->waiver_expired || (flags & RENDER_VERBOSE)))
		add_waiver(sb, res);
}

/* The score with one decimal, cut rather than rounded so that 99.96 never shows as 100. */
static void add_score(struct strbuf *sb, double score)
{
	unsigned tenths = score <= 0 ? 0 : score >= 100 ? 1000 : (unsigned)(score * 10.0);
	if (tenths % 10 == 0)
		strbuf_addf(sb, "%u%%", tenths / 10);
	else
		strbuf_addf(sb, "%u.%u%%", tenths / 10, tenths % 10);
}

static int render(const struct report *r, unsigned flags, FILE *out)
{
	struct strbuf sb = STRBUF_INIT;
	bool quiet = flags & RENDER_QUIET;

	if (!quiet) {
		const struct baseline *b = r->baseline;
		_cleanup_free_ char *header = xasprintf(
			"dockward %s audit of %s (root %s) against %s v%lld",
			r->tool_version ? r->tool_version : "?",
			r->hostname ? r->hostname : "unknown host",
			r->root ? r->root : "?", b && b->id ? b->id : "?",
			b ? (long long)b->version : 0LL);
		add_wrapped(&sb, "", 2, header);
	}

	size_t id_w = 2, ref_w = 1;
	for (size_t i = 0; i < r->n_results; i++) {
		if (!is_shown(&r->results[i], flags))
			continue;
		const struct rule *rule = r->results[i].rule;
		_cleanup_free_ char *id = text_fit(rule->id, ID_COLUMN_MAX);
		_cleanup_free_ char *ref = text_fit(first_cis_ref(rule), REF_WIDTH_MAX);
		id_w = max_size(id_w, text_width(id));
		ref_w = max_size(ref_w, text_width(ref));
	}

	/* Sections in the order of their first rule; O(n^2) over at most BASELINE_RULES_MAX. */
	bool any = false;
	for (size_t i = 0; i < r->n_results; i++) {
		const char *section = section_of(&r->results[i]);
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = STREQ(section_of(&r->results[j]), section);
		if (seen)
			continue;
		bool heading = false;
		for (size_t j = i; j < r->n_results; j++) {
			const struct result *res = &r->results[j];
			if (!STREQ(section_of(res), section) || !is_shown(res, flags))
				continue;
			if (!heading && !quiet) {
				_cleanup_free_ char *name = text_fit(section, LINE_WIDTH);
				bool color = flags & RENDER_COLOR;
				strbuf_addf(&sb, "\n%s%s%s\n", color ? "\033[1m" : "", name,
					    color ? COLOR_RESET : "");
			}
			heading = true;
			any = true;
			add_rule(&sb, res, flags, id_w, ref_w);
		}
	}

	if (!quiet || any)
		strbuf_addc(&sb, '\n');
	strbuf_addf(&sb,
		    "%zu %s: %zu pass, %zu fail, %zu error, %zu not applicable, %zu waived, "
		    "%zu manual; score ", r->n_results, r->n_results == 1 ? "rule" : "rules",
		    r->summary[STATUS_PASS],
		    r->summary[STATUS_FAIL], r->summary[STATUS_ERROR],
		    r->summary[STATUS_NOT_APPLICABLE], r->summary[STATUS_WAIVED],
		    r->summary[STATUS_MANUAL]);
	add_score(&sb, report_score(r));
	strbuf_addc(&sb, '\n');

	fputs(sb.buf, out);
	strbuf_release(&sb);
	return ferror(out) ? -EIO : 0;
}

const struct renderer renderer_text = {.name = "text", .render = render};
