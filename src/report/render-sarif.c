/* render-sarif.c: the report as SARIF 2.1.0, for code scanning dashboards and SARIF viewers.
 *
 * One run. tool.driver lists every rule of the baseline (disabled ones with
 * defaultConfiguration.enabled false): id, a PascalCase name made from the id, the title as
 * shortDescription, the rationale as fullDescription, the remediation as help, the level from
 * the severity (critical and high: error, medium: warning, low: note) and, in properties, the
 * severity, section, references, tags and GitHub's "security-severity" (critical 9.5, high 8.0,
 * medium 5.5, low 2.0: the middle of GitHub's bands).
 *
 * Results are findings only:
 *   - a failing rule gives one result per object that failed (a container, a file, a user ...),
 *     or one result for the rule when no object failed;
 *   - a waived rule gives the same results, each with a suppression {kind: external, status:
 *     accepted, justification: the waiver's reason}; an expired waiver suppresses nothing;
 *   - pass, not_applicable and manual give none (the JSON report has them).
 * A result's location is where the host showed the problem: for a file, physicalLocation with
 * the host path relative to the audited root (uriBaseId ROOT, which originalUriBaseIds maps to
 * the root as a file:// URI) and region.startLine when the evidence has a line; for a container
 * or another object, a logicalLocation {name, kind, fullyQualifiedName: its id}. All evidence
 * is kept in relatedLocations, a message each.
 *
 * A rule in error (the check could not decide) is a toolExecutionNotification of level error
 * with its associatedRule, not a result: SARIF consumers (GitHub code scanning among them) show
 * every result as an alert whatever its kind, while notifications are shown as problems of the
 * tool's run, which is what an undecided rule is. executionSuccessful is false when there is one.
 *
 * Strings go through json-c, which escapes what JSON needs; invalid UTF-8 is replaced with
 * U+FFFD here first, as in the JSON report. Nothing depends on the clock but the report's start
 * (SOURCE_DATE_EPOCH makes it fixed). */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>

#include "json-util.h"
#include "report.h"
#include "version.h" /* DOCKWARD_URL, once the project has a home page */

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define URI_BASE_ID "ROOT"

/* s with every invalid UTF-8 byte replaced with U+FFFD. The caller frees it. */
static char *utf8_repair(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	text_utf8_repair(&sb, s);
	return strbuf_detach(&sb);
}

/* A JSON string for s (never NULL: "" for NULL). */
static json_object *jstr(const char *s)
{
	_cleanup_free_ char *valid = utf8_repair(s ? s : "");
	return json_object_new_string(valid);
}

static json_object *jstrf(const char *fmt, ...) _printf_(1, 2);
static json_object *jstrf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	_cleanup_free_ char *s = xvasprintf(fmt, ap);
	va_end(ap);
	return jstr(s);
}

static void add(json_object *obj, const char *key, json_object *val)
{
	json_object_object_add(obj, key, val);
}

/* {"text": s}: a message or a multiformatMessageString. */
static json_object *jtext(json_object *text)
{
	json_object *o = json_object_new_object();
	add(o, "text", text);
	return o;
}

static const char *level_of(enum severity s)
{
	switch (s) {
	case SEVERITY_CRITICAL:
	case SEVERITY_HIGH:
		return "error";
	case SEVERITY_MEDIUM:
		return "warning";
	default:
		return "note";
	}
}

static const char *security_severity_of(enum severity s)
{
	switch (s) {
	case SEVERITY_CRITICAL:
		return "9.5";
	case SEVERITY_HIGH:
		return "8.0";
	case SEVERITY_MEDIUM:
		return "5.5";
	default:
		return "2.0";
	}
}

/* "daemon.icc" -> "DaemonIcc", "containers.host-pid" -> "ContainersHostPid": the id's ASCII
 * letters and digits, each run capitalised. The id itself when that leaves nothing. */
static char *rule_name(const char *id)
{
	struct strbuf sb = STRBUF_INIT;
	bool start = true;
	for (const char *p = id; *p; p++) {
		char c = *p;
		bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
		if (!alpha && !(c >= '0' && c <= '9')) {
			start = true;
			continue;
		}
		if (start && c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		strbuf_addc(&sb, c);
		start = false;
	}
	if (sb.len == 0) {
		strbuf_release(&sb);
		return xstrdup(id);
	}
	return strbuf_detach(&sb);
}

/* ---- URIs ---- */

/* Appends path percent-encoded for a URI path: unreserved characters, sub-delims, ':', '@'
 * and '/' stay, every other byte is %XX. */
static void uri_encode_path(struct strbuf *sb, const char *path)
{
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~!$&'()*+,;=:@/", *p))
			strbuf_addc(sb, (char)*p);
		else
			strbuf_addf(sb, "%%%02X", *p);
	}
}

/* Whether an evidence source names a host file ("etc/docker/daemon.json"), rather than "dockerd
 * default", "GET /info", "unix:///run/docker.sock" or "builtin:docker-host": a path relative to
 * the root with a '/' in it, no whitespace or control character, no scheme, and no empty, "." or
 * ".." segment (which could point outside the root). */
static bool is_host_path(const char *s)
{
	if (!s[0] || s[0] == '/' || !strchr(s, '/') || strstr(s, "://"))
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= ' ' || *p == 0x7f)
			return false;
	const char *colon = strchr(s, ':'), *slash = strchr(s, '/');
	if (colon && colon < slash) /* "builtin:x/y", "c:/x": would read as a scheme */
		return false;
	for (const char *seg = s; seg; seg = strchr(seg, '/') ? strchr(seg, '/') + 1 : NULL) {
		size_t len = strcspn(seg, "/");
		if ((len == 0 && seg[0]) || (len == 1 && seg[0] == '.') ||
		    (len == 2 && seg[0] == '.' && seg[1] == '.'))
			return false;
	}
	return true;
}

/* A physicalLocation for path (is_host_path()), with a region for line > 0. */
static json_object *jphysical(const char *path, int line, int col)
{
	struct strbuf uri = STRBUF_INIT;
	uri_encode_path(&uri, path);
	json_object *artifact = json_object_new_object();
	add(artifact, "uri", json_object_new_string(uri.buf ? uri.buf : ""));
	add(artifact, "uriBaseId", json_object_new_string(URI_BASE_ID));
	strbuf_release(&uri);

	json_object *phys = json_object_new_object();
	add(phys, "artifactLocation", artifact);
	if (line > 0) {
		json_object *region = json_object_new_object();
		add(region, "startLine", json_object_new_int(line));
		if (col > 0)
			add(region, "startColumn", json_object_new_int(col));
		add(phys, "region", region);
	}
	return phys;
}

/* The evidence as locations, a message each; ids keep identical entries distinct (the schema
 * wants relatedLocations unique). */
static json_object *jevidence_locations(const struct result *res)
{
	json_object *arr = json_object_new_array();
	for (size_t i = 0; i < res->n_evidence; i++) {
		const struct evidence *e = &res->evidence[i];
		const char *src = e->source ? e->source : "?";
		const char *detail = e->detail ? e->detail : "";
		json_object *loc = json_object_new_object();
		add(loc, "id", json_object_new_int64((int64_t)i));
		if (is_host_path(src)) {
			add(loc, "physicalLocation", jphysical(src, e->line, e->col));
			add(loc, "message", jtext(jstr(detail)));
		} else {
			add(loc, "message", jtext(jstrf("%s: %s", src, detail)));
		}
		json_object_array_add(arr, loc);
	}
	return arr;
}

/* The primary location of a rule-level result: the first evidence from a host file, one with a
 * line preferred. NULL when no evidence names a file. */
static json_object *jrule_location(const struct result *res)
{
	const struct evidence *best = NULL;
	for (size_t i = 0; i < res->n_evidence; i++) {
		const struct evidence *e = &res->evidence[i];
		if (!e->source || !is_host_path(e->source))
			continue;
		if (!best || (best->line <= 0 && e->line > 0))
			best = e;
	}
	if (!best)
		return NULL;
	json_object *loc = json_object_new_object();
	add(loc, "physicalLocation", jphysical(best->source, best->line, best->col));
	return loc;
}

static json_object *jobject_location(const struct result_object *o)
{
	json_object *loc = json_object_new_object();
	const char *kind = o->kind ? o->kind : "object";
	/* A file's id is its absolute host path ("/etc/docker"). */
	if (STREQ(kind, "file") && o->id && o->id[0] == '/' && is_host_path(o->id + 1)) {
		add(loc, "physicalLocation", jphysical(o->id + 1, 0, 0));
		return loc;
	}
	json_object *logical = json_object_new_object();
	add(logical, "name", jstr(o->name ? o->name : o->id ? o->id : "?"));
	add(logical, "kind", jstr(kind));
	if (o->id)
		add(logical, "fullyQualifiedName", jstr(o->id));
	json_object *arr = json_object_new_array();
	json_object_array_add(arr, logical);
	add(loc, "logicalLocations", arr);
	return loc;
}

/* ---- rules ---- */

/* The rules the driver lists: the baseline's, or the results' when there is no baseline. */
struct rule_list {
	const struct rule **items;
	size_t n;
};

static void rule_list_init(struct rule_list *l, const struct report *r)
{
	const struct baseline *b = r->baseline;
	size_t n = b ? b->n_rules : r->n_results;
	l->items = xcalloc(n ? n : 1, sizeof(*l->items));
	l->n = n;
	for (size_t i = 0; i < n; i++)
		l->items[i] = b ? &b->rules[i] : r->results[i].rule;
}

static void rule_list_release(struct rule_list *l)
{
	free(l->items);
}

static ssize_t rule_list_index(const struct rule_list *l, const struct rule *rule)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->items[i] == rule)
			return (ssize_t)i;
	return -1;
}

static json_object *jrefs(const struct rule *rule)
{
	json_object *refs = json_object_new_object();
	for (size_t i = 0; i < rule->n_refs; i++) {
		json_object *ids = json_object_new_array();
		for (char **id = rule->refs[i].ids; id && *id; id++)
			json_object_array_add(ids, jstr(*id));
		_cleanup_free_ char *key = utf8_repair(rule->refs[i].name ? rule->refs[i].name : "");
		add(refs, key, ids);
	}
	return refs;
}

static void add_tag(char ***tags, const char *tag)
{
	char *valid = utf8_repair(tag);
	if (strv_contains(*tags, valid))
		free(valid);
	else
		strv_push(tags, valid);
}

/* "security", the section, "external/REF/ID" for each reference; unique, as the schema wants. */
static json_object *jtags(const struct rule *rule)
{
	_cleanup_strv_free_ char **tags = NULL;
	add_tag(&tags, "security");
	if (rule->section)
		add_tag(&tags, rule->section);
	for (size_t i = 0; i < rule->n_refs; i++)
		for (char **id = rule->refs[i].ids; id && *id; id++) {
			_cleanup_free_ char *tag = xasprintf(
				"external/%s/%s", rule->refs[i].name ? rule->refs[i].name : "", *id);
			add_tag(&tags, tag);
		}
	json_object *arr = json_object_new_array();
	STRV_FOREACH(t, tags)
		json_object_array_add(arr, json_object_new_string(*t));
	return arr;
}

static json_object *jrule(const struct rule *rule)
{
	json_object *o = json_object_new_object();
	const char *id = rule->id ? rule->id : "?";
	add(o, "id", jstr(id));
	_cleanup_free_ char *name = rule_name(id);
	add(o, "name", jstr(name));
	add(o, "shortDescription", jtext(jstr(rule->title ? rule->title : id)));
	if (rule->rationale)
		add(o, "fullDescription", jtext(jstr(rule->rationale)));
	if (rule->remediation)
		add(o, "help", jtext(jstr(rule->remediation)));

	json_object *config = json_object_new_object();
	if (!rule->enabled)
		add(config, "enabled", json_object_new_boolean(false));
	add(config, "level", json_object_new_string(level_of(rule->severity)));
	add(o, "defaultConfiguration", config);

	json_object *props = json_object_new_object();
	add(props, "severity", json_object_new_string(severity_to_string(rule->severity)));
	if (rule->section)
		add(props, "section", jstr(rule->section));
	add(props, "refs", jrefs(rule));
	add(props, "tags", jtags(rule));
	add(props, "security-severity",
	    json_object_new_string(security_severity_of(rule->severity)));
	add(o, "properties", props);
	return o;
}

/* ---- results ---- */

static json_object *jwaiver(const struct result *res)
{
	const struct waiver *w = res->waiver;
	json_object *o = json_object_new_object();
	add(o, "reason", w->reason ? jstr(w->reason) : NULL);
	add(o, "approver", w->approver ? jstr(w->approver) : NULL);
	add(o, "expires", w->expires_text ? jstr(w->expires_text) : NULL);
	add(o, "expired", json_object_new_boolean(res->waiver_expired));
	return o;
}

static json_object *jsuppressions(const struct result *res)
{
	const struct waiver *w = res->waiver;
	json_object *s = json_object_new_object();
	add(s, "kind", json_object_new_string("external"));
	add(s, "status", json_object_new_string("accepted"));
	if (w)
		add(s, "justification", jstr(w->reason ? w->reason : "no reason given"));
	json_object *props = json_object_new_object();
	if (w) {
		add(props, "approver", w->approver ? jstr(w->approver) : NULL);
		add(props, "expires", w->expires_text ? jstr(w->expires_text) : NULL);
	}
	add(props, "statusWithoutWaiver",
	    json_object_new_string(status_to_string(res->waived_status)));
	add(s, "properties", props);
	json_object *arr = json_object_new_array();
	json_object_array_add(arr, s);
	return arr;
}

/* One result: for the rule (o NULL) or for one of its objects. */
static json_object *jresult(const struct result *res, const struct result_object *o,
			    ssize_t rule_index)
{
	const struct rule *rule = res->rule;
	json_object *x = json_object_new_object();
	add(x, "ruleId", jstr(rule->id ? rule->id : "?"));
	if (rule_index >= 0)
		add(x, "ruleIndex", json_object_new_int64((int64_t)rule_index));
	add(x, "level", json_object_new_string(level_of(rule->severity)));

	struct strbuf msg = STRBUF_INIT;
	if (o) {
		strbuf_addf(&msg, "%s %s: %s", o->kind ? o->kind : "object",
			    o->name ? o->name : o->id ? o->id : "?",
			    o->observed ? o->observed : status_to_string(o->status));
		if (res->expected)
			strbuf_addf(&msg, "; expected: %s", res->expected);
	} else {
		if (res->expected)
			strbuf_addf(&msg, "expected: %s; ", res->expected);
		strbuf_addf(&msg, "observed: %s",
			    res->observed ? res->observed : status_to_string(res->status));
	}
	add(x, "message", jtext(jstr(msg.buf)));
	strbuf_release(&msg);

	json_object *loc = o ? jobject_location(o) : jrule_location(res);
	if (loc) {
		json_object *locs = json_object_new_array();
		json_object_array_add(locs, loc);
		add(x, "locations", locs);
	}
	if (res->n_evidence > 0)
		add(x, "relatedLocations", jevidence_locations(res));
	if (res->status == STATUS_WAIVED)
		add(x, "suppressions", jsuppressions(res));

	json_object *props = json_object_new_object();
	add(props, "status", json_object_new_string(status_to_string(res->status)));
	if (res->expected)
		add(props, "expected", jstr(res->expected));
	if (res->observed)
		add(props, "observed", jstr(res->observed));
	if (o) {
		json_object *obj = json_object_new_object();
		add(obj, "kind", o->kind ? jstr(o->kind) : NULL);
		add(obj, "id", o->id ? jstr(o->id) : NULL);
		add(obj, "name", o->name ? jstr(o->name) : NULL);
		if (o->image)
			add(obj, "image", jstr(o->image));
		add(obj, "observed", o->observed ? jstr(o->observed) : NULL);
		add(props, "object", obj);
	}
	json_object *fix = json_object_new_object();
	add(fix, "available", json_object_new_boolean(res->fix_available));
	add(fix, "summary", res->fix_summary ? jstr(res->fix_summary) : NULL);
	add(fix, "restart_required", json_object_new_boolean(res->restart_required));
	add(props, "fix", fix);
	if (res->waiver)
		add(props, "waiver", jwaiver(res));
	add(x, "properties", props);
	return x;
}

static void add_results(json_object *arr, const struct result *res, ssize_t rule_index)
{
	bool any = false;
	for (size_t i = 0; i < res->n_objects; i++)
		if (res->objects[i].status == STATUS_FAIL) {
			json_object_array_add(arr, jresult(res, &res->objects[i], rule_index));
			any = true;
		}
	if (!any)
		json_object_array_add(arr, jresult(res, NULL, rule_index));
}

static json_object *jnotification(const struct result *res, ssize_t rule_index)
{
	const struct rule *rule = res->rule;
	json_object *n = json_object_new_object();
	json_object *locs = jevidence_locations(res);
	if (json_object_array_length(locs) > 0)
		add(n, "locations", locs);
	else
		json_object_put(locs);
	add(n, "message", jtext(jstrf("%s: could not decide: %s", rule->id ? rule->id : "?",
				      res->observed ? res->observed : "no reason given")));
	add(n, "level", json_object_new_string("error"));
	json_object *assoc = json_object_new_object();
	add(assoc, "id", jstr(rule->id ? rule->id : "?"));
	if (rule_index >= 0)
		add(assoc, "index", json_object_new_int64((int64_t)rule_index));
	add(n, "associatedRule", assoc);
	if (res->expected) {
		json_object *props = json_object_new_object();
		add(props, "expected", jstr(res->expected));
		add(n, "properties", props);
	}
	return n;
}

/* originalUriBaseIds: ROOT is the audited root, as a file:// URI when the root is absolute. */
static json_object *jbase_ids(const struct report *r)
{
	json_object *root = json_object_new_object();
	if (r->root && r->root[0] == '/') {
		struct strbuf uri = STRBUF_INIT;
		strbuf_adds(&uri, "file://");
		uri_encode_path(&uri, r->root);
		if (uri.buf[uri.len - 1] != '/')
			strbuf_addc(&uri, '/');
		add(root, "uri", json_object_new_string(uri.buf));
		strbuf_release(&uri);
	}
	add(root, "description", jtext(jstr("the root of the audited host")));
	json_object *ids = json_object_new_object();
	add(ids, URI_BASE_ID, root);
	return ids;
}

static json_object *jrun_properties(const struct report *r)
{
	const struct baseline *b = r->baseline;
	json_object *props = json_object_new_object();
	json_object *base = json_object_new_object();
	add(base, "id", b && b->id ? jstr(b->id) : NULL);
	add(base, "version", b ? json_object_new_int64(b->version) : NULL);
	add(base, "sha256", b && b->sha256[0] ? jstr(b->sha256) : NULL);
	add(props, "baseline", base);
	json_object *host = json_object_new_object();
	add(host, "root", r->root ? jstr(r->root) : NULL);
	add(host, "hostname", r->hostname ? jstr(r->hostname) : NULL);
	add(host, "docker_source", r->docker_source ? jstr(r->docker_source) : NULL);
	add(host, "docker_version", r->docker_version ? jstr(r->docker_version) : NULL);
	add(props, "host", host);
	json_object *summary = json_object_new_object();
	for (int s = 0; s < _STATUS_MAX; s++)
		add(summary, status_to_string((enum status)s),
		    json_object_new_int64((int64_t)r->summary[s]));
	add(props, "summary", summary);
	return props;
}

static int render(const struct report *r, unsigned flags, FILE *out)
{
	(void)flags; /* the document is always complete */
	_cleanup_json_ json_object *root = json_object_new_object();
	_cleanup_(rule_list_release) struct rule_list rules;
	rule_list_init(&rules, r);

	add(root, "$schema", json_object_new_string(SARIF_SCHEMA));
	add(root, "version", json_object_new_string("2.1.0"));

	json_object *driver = json_object_new_object();
	add(driver, "name", json_object_new_string("dockward"));
	add(driver, "version", jstr(r->tool_version ? r->tool_version : "unknown"));
#ifdef DOCKWARD_URL
	add(driver, "informationUri", json_object_new_string(DOCKWARD_URL));
#endif
	json_object *jrules = json_object_new_array();
	for (size_t i = 0; i < rules.n; i++)
		json_object_array_add(jrules, jrule(rules.items[i]));
	add(driver, "rules", jrules);
	json_object *tool = json_object_new_object();
	add(tool, "driver", driver);

	json_object *results = json_object_new_array();
	json_object *notes = json_object_new_array();
	for (size_t i = 0; i < r->n_results; i++) {
		const struct result *res = &r->results[i];
		ssize_t index = rule_list_index(&rules, res->rule);
		if (res->status == STATUS_FAIL || res->status == STATUS_WAIVED)
			add_results(results, res, index);
		else if (res->status == STATUS_ERROR)
			json_object_array_add(notes, jnotification(res, index));
	}

	json_object *invocation = json_object_new_object();
	add(invocation, "executionSuccessful",
	    json_object_new_boolean(json_object_array_length(notes) == 0));
	char started[32];
	format_iso8601(r->started, started);
	add(invocation, "startTimeUtc", json_object_new_string(started));
	if (json_object_array_length(notes) > 0)
		add(invocation, "toolExecutionNotifications", notes);
	else
		json_object_put(notes);
	json_object *invocations = json_object_new_array();
	json_object_array_add(invocations, invocation);

	json_object *run = json_object_new_object();
	add(run, "tool", tool);
	add(run, "invocations", invocations);
	add(run, "originalUriBaseIds", jbase_ids(r));
	add(run, "results", results);
	add(run, "properties", jrun_properties(r));
	json_object *runs = json_object_new_array();
	json_object_array_add(runs, run);
	add(root, "runs", runs);

	int json_flags = JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
			 JSON_C_TO_STRING_NOSLASHESCAPE;
	const char *text = json_object_to_json_string_ext(root, json_flags);
	if (!text)
		return -ENOMEM;
	fputs(text, out);
	fputc('\n', out);
	return ferror(out) ? -EIO : 0;
}

const struct renderer renderer_sarif = {.name = "sarif", .render = render};
