/* render-junit.c: the report as JUnit XML, for CI systems that show test results (Jenkins,
 * GitLab, Azure Pipelines, GitHub test reporters).
 *
 *   <testsuites name="dockward" tests="4" failures="1" errors="0" skipped="2" time="0">
 *     <testsuite name="daemon" tests="4" failures="1" errors="0" skipped="2" time="0" ...>
 *       <testcase classname="daemon" name="daemon.icc: Restrict traffic ..." time="0">
 *         <failure message="OBSERVED" type="SEVERITY">expected: ...
 *   observed: ...
 *   evidence: etc/docker/daemon.json:3: "icc": true</failure>
 *       </testcase>
 *
 * One testsuite per section (sections in the order the baseline first uses them, as in the
 * text report), one testcase per rule. fail is a <failure> whose type is the rule's severity,
 * error an <error>, and not_applicable, waived and manual a <skipped> whose message says which
 * and why. The body of each holds what the text report shows with -v: expected, observed,
 * evidence, the objects that did not pass, the fix and the waiver. The model has no time per
 * rule: testcases and testsuites say time="0", and <testsuites> the audit's duration (0 under
 * SOURCE_DATE_EPOCH, so the document is reproducible).
 *
 * Strings from baselines, waivers and the host are hostile. Every one goes through xml_escape():
 * &<>"' become references, and whatever XML 1.0 does not allow (C0 controls but tab, newline and
 * carriage return, U+FFFE, U+FFFF) is replaced with U+FFFD, as are C1 controls and DEL (allowed
 * but "discouraged", and a terminal would obey them) and every byte of invalid UTF-8. The
 * document is well-formed whatever a title, a reason or a host file holds. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "report.h"

#define REPLACEMENT_CHARACTER "\xef\xbf\xbd"

static bool xml_char_ok(uint32_t cp)
{
	if (cp == '\t' || cp == '\n' || cp == '\r')
		return true;
	if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
		return false;
	return cp != 0xfffe && cp != 0xffff;
}

/* Appends s (NULL: nothing) to sb as XML character data, or as an attribute value when attr is
 * set: there tab, newline and carriage return are written as references too, since a parser
 * turns them into spaces otherwise. In text a carriage return is a reference (a parser turns
 * "\r\n" into "\n"). */
static void xml_escape(struct strbuf *sb, const char *s, bool attr)
{
	if (!s)
		return;
	while (*s) {
		uint32_t cp;
		size_t len = text_utf8_decode(s, &cp);
		if (len == 0) {
			strbuf_adds(sb, REPLACEMENT_CHARACTER);
			s++;
			continue;
		}
		s += len;
		if (!xml_char_ok(cp)) {
			strbuf_adds(sb, REPLACEMENT_CHARACTER);
			continue;
		}
		switch (cp) {
		case '&':
			strbuf_adds(sb, "&amp;");
			break;
		case '<':
			strbuf_adds(sb, "&lt;");
			break;
		case '>':
			strbuf_adds(sb, "&gt;");
			break;
		case '"':
			strbuf_adds(sb, "&quot;");
			break;
		case '\'':
			strbuf_adds(sb, "&apos;");
			break;
		case '\r':
			strbuf_adds(sb, "&#13;");
			break;
		case '\n':
			strbuf_adds(sb, attr ? "&#10;" : "\n");
			break;
		case '\t':
			strbuf_adds(sb, attr ? "&#9;" : "\t");
			break;
		default:
			strbuf_add(sb, s - len, len);
		}
	}
}

/* name="VALUE" with a leading space; VALUE escaped. */
static void add_attr(struct strbuf *sb, const char *name, const char *value)
{
	strbuf_addf(sb, " %s=\"", name);
	xml_escape(sb, value, true);
	strbuf_addc(sb, '"');
}

static void add_attrf(struct strbuf *sb, const char *name, const char *fmt, ...) _printf_(3, 4);
static void add_attrf(struct strbuf *sb, const char *name, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	_cleanup_free_ char *value = xvasprintf(fmt, ap);
	va_end(ap);
	add_attr(sb, name, value);
}

static const char *section_of(const struct result *res)
{
	return res->rule->section ? res->rule->section : "other";
}

static enum status status_of(const struct result *res)
{
	return res->status >= 0 && res->status < _STATUS_MAX ? res->status : STATUS_ERROR;
}

/* Seconds with at most three decimals ("0", "0.004"). */
static void format_seconds(double ms, char buf[static 64])
{
	if (!(ms >= 0) || ms > 1e12) /* NaN too */
		ms = 0;
	snprintf(buf, 64, "%.3f", ms / 1000.0);
	char *end = buf + strlen(buf);
	while (end[-1] == '0')
		*--end = '\0';
	if (end[-1] == '.')
		end[-1] = '\0';
}

/* One "label: text" line of a body; text escaped. */
static void add_line(struct strbuf *sb, const char *label, const char *text)
{
	strbuf_adds(sb, label);
	strbuf_adds(sb, ": ");
	xml_escape(sb, text, false);
	strbuf_addc(sb, '\n');
}

static void add_linef(struct strbuf *sb, const char *label, const char *fmt, ...) _printf_(3, 4);
static void add_linef(struct strbuf *sb, const char *label, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	_cleanup_free_ char *text = xvasprintf(fmt, ap);
	va_end(ap);
	add_line(sb, label, text);
}

/* The body of a <failure>, <error> or <skipped>: everything the report knows about the rule,
 * one "label: text" line each (a text with newlines of its own spans several). */
static void add_details(struct strbuf *sb, const struct result *res)
{
	if (res->expected)
		add_line(sb, "expected", res->expected);
	if (res->observed)
		add_line(sb, "observed", res->observed);
	for (size_t i = 0; i < res->n_evidence; i++) {
		const struct evidence *e = &res->evidence[i];
		const char *src = e->source ? e->source : "?";
		const char *detail = e->detail ? e->detail : "";
		if (e->line > 0 && e->col > 0)
			add_linef(sb, "evidence", "%s:%d:%d: %s", src, e->line, e->col, detail);
		else if (e->line > 0)
			add_linef(sb, "evidence", "%s:%d: %s", src, e->line, detail);
		else
			add_linef(sb, "evidence", "%s: %s", src, detail);
	}
	for (size_t i = 0; i < res->n_objects; i++) {
		const struct result_object *o = &res->objects[i];
		if (o->status == STATUS_PASS)
			continue;
		const char *name = o->name ? o->name : o->id ? o->id : "?";
		bool both = o->name && o->id && !STREQ(o->name, o->id);
		add_linef(sb, "object", "%s %s%s%s%s%s%s: %s: %s", o->kind ? o->kind : "?", name,
			  both ? " (" : "", both ? o->id : "", both ? ")" : "",
			  o->image ? " image " : "", o->image ? o->image : "",
			  status_to_string(o->status), o->observed ? o->observed : "");
	}
	if (res->fix_available)
		add_linef(sb, "fix", "%s%s", res->fix_summary ? res->fix_summary : "available",
			  res->restart_required ? " (restarts dockerd)" : "");
	const struct waiver *w = res->waiver;
	if (w) {
		const char *reason = w->reason ? w->reason : "no reason given";
		const char *approver = w->approver ? w->approver : "nobody";
		const char *expires = w->expires_text ? w->expires_text : "?";
		if (res->waiver_expired)
			add_linef(sb, "waiver", "expired %s (no longer counts): %s; approved by %s",
				  expires, reason, approver);
		else if (res->status == STATUS_WAIVED)
			add_linef(sb, "waived", "%s; approved by %s, expires %s; status without it: %s",
				  reason, approver, expires, status_to_string(res->waived_status));
		else
			add_linef(sb, "waiver", "%s; approved by %s, expires %s; not needed: %s",
				  reason, approver, expires, status_to_string(res->status));
	}
}

/* <failure>, <error> or <skipped> with its body; the body's last newline is dropped. */
static void add_outcome(struct strbuf *sb, const char *element, const char *message,
			const char *type, const struct result *res)
{
	strbuf_addf(sb, "      <%s", element);
	add_attr(sb, "message", message);
	if (type)
		add_attr(sb, "type", type);
	struct strbuf body = STRBUF_INIT;
	add_details(&body, res);
	if (body.len == 0) {
		strbuf_adds(sb, "/>\n");
	} else {
		strbuf_addc(sb, '>');
		strbuf_add(sb, body.buf, body.len - 1);
		strbuf_addf(sb, "</%s>\n", element);
	}
	strbuf_release(&body);
}

static void add_testcase(struct strbuf *sb, const struct result *res)
{
	const struct rule *rule = res->rule;
	const char *observed = res->observed;
	enum status st = status_of(res);

	strbuf_adds(sb, "    <testcase");
	add_attr(sb, "classname", section_of(res));
	add_attrf(sb, "name", "%s: %s", rule->id ? rule->id : "?", rule->title ? rule->title : "");
	add_attr(sb, "time", "0");
	if (st == STATUS_PASS) {
		strbuf_adds(sb, "/>\n");
		return;
	}
	strbuf_adds(sb, ">\n");

	_cleanup_free_ char *message = NULL;
	switch (st) {
	case STATUS_FAIL:
		add_outcome(sb, "failure", observed ? observed : "fail",
			    severity_to_string(rule->severity), res);
		break;
	case STATUS_ERROR:
		add_outcome(sb, "error", observed ? observed : "error", NULL, res);
		break;
	case STATUS_WAIVED: {
		const struct waiver *w = res->waiver;
		if (w)
			message = xasprintf("waived: %s (approved by %s, expires %s)",
					    w->reason ? w->reason : "no reason given",
					    w->approver ? w->approver : "nobody",
					    w->expires_text ? w->expires_text : "?");
		else
			message = xstrdup("waived");
		add_outcome(sb, "skipped", message, NULL, res);
		break;
	}
	case STATUS_NOT_APPLICABLE:
	case STATUS_MANUAL:
		message = xasprintf("%s%s%s",
				    st == STATUS_MANUAL ? "manual" : "not applicable",
				    observed ? ": " : "", observed ? observed : "");
		add_outcome(sb, "skipped", message, NULL, res);
		break;
	default:
		break;
	}
	strbuf_adds(sb, "    </testcase>\n");
}

static int render(const struct report *r, unsigned flags, FILE *out)
{
	(void)flags; /* the document is always complete */
	struct strbuf sb = STRBUF_INIT;
	char started[32], seconds[64];

	format_iso8601(r->started, started);
	started[19] = '\0'; /* JUnit's timestamp has no zone ("...T08:00:00"): it is UTC */
	format_seconds(r->duration_ms, seconds);

	strbuf_adds(&sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites");
	add_attr(&sb, "name", "dockward");
	add_attrf(&sb, "tests", "%zu", r->n_results);
	add_attrf(&sb, "failures", "%zu", r->summary[STATUS_FAIL]);
	add_attrf(&sb, "errors", "%zu", r->summary[STATUS_ERROR]);
	add_attrf(&sb, "skipped", "%zu",
		  r->summary[STATUS_NOT_APPLICABLE] + r->summary[STATUS_WAIVED] +
			  r->summary[STATUS_MANUAL]);
	add_attr(&sb, "time", seconds);
	strbuf_adds(&sb, ">\n");

	/* Sections in the order of their first rule; O(n^2) over at most BASELINE_RULES_MAX. */
	for (size_t i = 0; i < r->n_results; i++) {
		const char *section = section_of(&r->results[i]);
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = STREQ(section_of(&r->results[j]), section);
		if (seen)
			continue;

		size_t count[_STATUS_MAX] = {0}, tests = 0;
		struct strbuf cases = STRBUF_INIT;
		for (size_t j = i; j < r->n_results; j++) {
			const struct result *res = &r->results[j];
			if (!STREQ(section_of(res), section))
				continue;
			count[status_of(res)]++;
			tests++;
			add_testcase(&cases, res);
		}
		strbuf_adds(&sb, "  <testsuite");
		add_attr(&sb, "name", section);
		add_attrf(&sb, "tests", "%zu", tests);
		add_attrf(&sb, "failures", "%zu", count[STATUS_FAIL]);
		add_attrf(&sb, "errors", "%zu", count[STATUS_ERROR]);
		add_attrf(&sb, "skipped", "%zu",
			  count[STATUS_NOT_APPLICABLE] + count[STATUS_WAIVED] +
				  count[STATUS_MANUAL]);
		add_attr(&sb, "time", "0");
		add_attr(&sb, "timestamp", started);
		if (r->hostname)
			add_attr(&sb, "hostname", r->hostname);
		strbuf_adds(&sb, ">\n");
		strbuf_add(&sb, cases.buf, cases.len);
		strbuf_adds(&sb, "  </testsuite>\n");
		strbuf_release(&cases);
	}
	strbuf_adds(&sb, "</testsuites>\n");

	fputs(sb.buf, out);
	strbuf_release(&sb);
	return ferror(out) ? -EIO : 0;
}

const struct renderer renderer_junit = {.name = "junit", .render = render};
