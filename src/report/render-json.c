/* render-json.c: the JSON report, schema dockward-report/1 (shared/DESIGN.md).
 *
 * This is the canonical report: CI users, fleet tooling and the other formats read it. Keys come
 * in DESIGN's order (json-c keeps insertion order), unknown values are null rather than absent,
 * and optional members (evidence line/col, waiver, rationale, and fix.diff, which only a report
 * that carries a fix plan has) are left out when they do not apply. Fields may be added within
 * the schema version, never renamed or given a new meaning.
 *
 * Strings from baselines and the host are hostile: json-c escapes quotes, backslashes and
 * control characters, but copies other bytes as they are, so invalid UTF-8 is replaced with
 * U+FFFD here to keep the document valid JSON whatever a host file contained. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "json-util.h"
#include "plan.h"
#include "report.h"


/* A JSON string for s (valid UTF-8 guaranteed), or JSON null for NULL. */
static json_object *jstr(const char *s)
{
	if (!s)
		return NULL;
	struct strbuf sb = STRBUF_INIT;
	text_utf8_repair(&sb, s);
	json_object *o = json_object_new_string_len(sb.buf ? sb.buf : "", (int)sb.len);
	strbuf_release(&sb);
	return o;
}

static void add(json_object *obj, const char *key, json_object *val)
{
	json_object_object_add(obj, key, val);
}

/* Milliseconds with at most three decimals ("4.2", "0"): json-c's default "%.17g" would print
 * 4.2000000000000002. */
static json_object *jduration(double ms)
{
	if (!(ms >= 0)) /* NaN too */
		ms = 0;
	char buf[64];
	snprintf(buf, sizeof(buf), "%.3f", ms);
	char *dot = strchr(buf, '.');
	if (dot) {
		char *end = buf + strlen(buf);
		while (end > dot + 1 && end[-1] == '0')
			*--end = '\0';
		if (end == dot + 1)
			*dot = '\0';
	}
	return json_object_new_double_s(ms, buf);
}

static json_object *jrefs(const struct rule *rule)
{
	json_object *refs = json_object_new_object();
	for (size_t i = 0; i < rule->n_refs; i++) {
		json_object *ids = json_object_new_array();
		for (char **id = rule->refs[i].ids; id && *id; id++)
			json_object_array_add(ids, jstr(*id));
		/* Keys go through the same UTF-8 repair as values. */
		json_object *key = jstr(rule->refs[i].name ? rule->refs[i].name : "");
		add(refs, json_object_get_string(key), ids);
		json_object_put(key);
	}
	return refs;
}

static json_object *jevidence(const struct result *res)
{
	json_object *arr = json_object_new_array();
	for (size_t i = 0; i < res->n_evidence; i++) {
		const struct evidence *e = &res->evidence[i];
		json_object *o = json_object_new_object();
		add(o, "source", jstr(e->source));
		if (e->line > 0)
			add(o, "line", json_object_new_int(e->line));
		if (e->line > 0 && e->col > 0)
			add(o, "col", json_object_new_int(e->col));
		add(o, "detail", jstr(e->detail));
		json_object_array_add(arr, o);
	}
	return arr;
}

static json_object *jobjects(const struct result *res)
{
	json_object *arr = json_object_new_array();
	for (size_t i = 0; i < res->n_objects; i++) {
		const struct result_object *x = &res->objects[i];
		json_object *o = json_object_new_object();
		add(o, "kind", jstr(x->kind));
		add(o, "id", jstr(x->id));
		add(o, "name", jstr(x->name));
		if (x->image)
			add(o, "image", jstr(x->image));
		add(o, "status", jstr(status_to_string(x->status)));
		add(o, "observed", jstr(x->observed));
		json_object_array_add(arr, o);
	}
	return arr;
}

static json_object *jresult(const struct report *r, const struct result *res)
{
	const struct rule *rule = res->rule;
	json_object *o = json_object_new_object();

	add(o, "id", jstr(rule->id));
	add(o, "title", jstr(rule->title));
	add(o, "section", jstr(rule->section));
	add(o, "severity", jstr(severity_to_string(rule->severity)));
	add(o, "status", jstr(status_to_string(res->status)));
	add(o, "refs", jrefs(rule));
	add(o, "expected", jstr(res->expected));
	add(o, "observed", jstr(res->observed));
	add(o, "evidence", jevidence(res));

	json_object *fix = json_object_new_object();
	add(fix, "available", json_object_new_boolean(res->fix_available));
	add(fix, "summary", jstr(res->fix_summary));
	add(fix, "restart_required", json_object_new_boolean(res->restart_required));
	_cleanup_free_ char *diff = report_fix_diff(r, rule->id); /* only with a plan */
	if (diff)
		add(fix, "diff", jstr(diff));
	add(o, "fix", fix);

	add(o, "objects", jobjects(res));

	if (res->waiver) {
		json_object *w = json_object_new_object();
		add(w, "reason", jstr(res->waiver->reason));
		add(w, "approver", jstr(res->waiver->approver));
		add(w, "expires", jstr(res->waiver->expires_text));
		add(w, "expired", json_object_new_boolean(res->waiver_expired));
		add(o, "waiver", w);
	}
	if (rule->rationale)
		add(o, "rationale", jstr(rule->rationale));
	return o;
}

/* "fix_run": {"dry_run", "changed", "run_id", "restarted", "changes": [{kind, target, summary,
 * rules}]}: what `dockward fix` changed (or, in a dry run, would change). */
static json_object *jfix_run(const struct fix_run *fr)
{
	json_object *o = json_object_new_object();
	add(o, "dry_run", json_object_new_boolean(fr->dry_run));
	add(o, "changed", json_object_new_boolean(fr->changed));
	add(o, "run_id", jstr(fr->run_id));
	add(o, "restarted", json_object_new_boolean(fr->restarted));
	json_object *changes = json_object_new_array();
	for (size_t i = 0; fr->plan && i < fr->plan->n_changes; i++) {
		const struct change *c = &fr->plan->changes[i];
		json_object *jc = json_object_new_object();
		add(jc, "kind", jstr(change_kind_to_string(c->kind)));
		add(jc, "target", jstr(c->path));
		add(jc, "summary", jstr(c->summary));
		json_object *rules = json_object_new_array();
		STRV_FOREACH(id, c->rule_ids)
			json_object_array_add(rules, jstr(*id));
		add(jc, "rules", rules);
		json_object_array_add(changes, jc);
	}
	add(o, "changes", changes);
	return o;
}

/* The whole report as a new json-c object (the caller puts it). */
static json_object *report_json(const struct report *r)
{
	json_object *root = json_object_new_object();

	add(root, "schema", jstr(REPORT_SCHEMA));

	json_object *tool = json_object_new_object();
	add(tool, "name", jstr("dockward"));
	add(tool, "version", jstr(r->tool_version));
	add(root, "tool", tool);

	json_object *host = json_object_new_object();
	add(host, "root", jstr(r->root));
	add(host, "hostname", jstr(r->hostname));
	json_object *docker = json_object_new_object();
	add(docker, "source", jstr(r->docker_source));
	add(docker, "version", jstr(r->docker_version));
	add(host, "docker", docker);
	add(root, "host", host);

	json_object *base = json_object_new_object();
	const struct baseline *b = r->baseline;
	add(base, "id", jstr(b ? b->id : NULL));
	add(base, "version", b ? json_object_new_int64(b->version) : NULL);
	add(base, "file", jstr(b ? b->file : NULL));
	add(base, "sha256", jstr(b && b->sha256[0] ? b->sha256 : NULL));
	add(root, "baseline", base);

	char started[32];
	format_iso8601(r->started, started);
	add(root, "started", jstr(started));
	add(root, "duration_ms", jduration(r->duration_ms));

	json_object *summary = json_object_new_object();
	for (int s = 0; s < _STATUS_MAX; s++)
		add(summary, status_to_string((enum status)s),
		    json_object_new_int64((int64_t)r->summary[s]));
	add(root, "summary", summary);

	json_object *results = json_object_new_array();
	for (size_t i = 0; i < r->n_results; i++)
		json_object_array_add(results, jresult(r, &r->results[i]));
	add(root, "results", results);
	if (r->fix_run)
		add(root, "fix_run", jfix_run(r->fix_run));
	return root;
}

struct value *report_to_value(const struct report *r)
{
	_cleanup_json_ json_object *root = report_json(r);
	return json_to_value(root);
}

static int render(const struct report *r, unsigned flags, FILE *out)
{
	(void)flags; /* the JSON report is always complete */
	_cleanup_json_ json_object *root = report_json(r);
	int json_flags = JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
			 JSON_C_TO_STRING_NOSLASHESCAPE;
	const char *text = json_object_to_json_string_ext(root, json_flags);
	if (!text)
		return -ENOMEM;
	fputs(text, out);
	fputc('\n', out);
	return ferror(out) ? -EIO : 0;
}

const struct renderer renderer_json = {.name = "json", .render = render};
