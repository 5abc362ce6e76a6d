/* dump.c: writes a loaded baseline back as YAML (`sshd -T` for baselines).
 *
 * The output is what the audit will run: the merged chain with params substituted, so a user
 * can see exactly what a tailored baseline does, and a test can check that load -> dump ->
 * load -> dump is stable. Keys come in a fixed order and every rule field is spelled out, so
 * the same baseline always gives the same bytes. */
#include "baseline.h"
#include "check.h"
#include "yaml-util.h"

static void key_string(struct yaml_writer *w, const char *key, const char *s)
{
	if (!s)
		return;
	yaml_writer_string(w, key);
	yaml_writer_string(w, s);
}

static void dump_rule(struct yaml_writer *w, const struct rule *r)
{
	yaml_writer_map_start(w);
	key_string(w, "id", r->id);
	key_string(w, "title", r->title);
	key_string(w, "section", r->section);
	key_string(w, "severity", severity_to_string(r->severity));
	yaml_writer_string(w, "enabled");
	yaml_writer_bool(w, r->enabled);
	key_string(w, "rationale", r->rationale);
	key_string(w, "remediation", r->remediation);
	if (r->n_refs) {
		yaml_writer_string(w, "refs");
		yaml_writer_map_start(w);
		for (size_t i = 0; i < r->n_refs; i++) {
			yaml_writer_string(w, r->refs[i].name);
			yaml_writer_list_start(w, true);
			for (char **id = r->refs[i].ids; id && *id; id++)
				yaml_writer_string(w, *id);
			yaml_writer_list_end(w);
		}
		yaml_writer_map_end(w);
	}
	yaml_writer_string(w, "check");
	yaml_writer_map_start(w);
	key_string(w, "kind", r->kind->name);
	for (size_t i = 0; r->check && i < r->check->map.n; i++) {
		if (STREQ(r->check->map.keys[i], "kind"))
			continue;
		yaml_writer_string(w, r->check->map.keys[i]);
		yaml_writer_value(w, r->check->map.vals[i]);
	}
	yaml_writer_map_end(w);
	if (r->fix) {
		yaml_writer_string(w, "fix");
		yaml_writer_value(w, r->fix);
	}
	yaml_writer_map_end(w);
}

int baseline_dump(const struct baseline *b, FILE *out)
{
	struct yaml_writer w;
	yaml_writer_begin(&w, out);
	yaml_writer_map_start(&w);
	key_string(&w, "id", b->id);
	key_string(&w, "title", b->title);
	yaml_writer_string(&w, "version");
	yaml_writer_int(&w, b->version);
	key_string(&w, "description", b->description);
	if (b->params && b->params->map.n) {
		yaml_writer_string(&w, "params");
		yaml_writer_value(&w, b->params);
	}
	yaml_writer_string(&w, "rules");
	yaml_writer_list_start(&w, false);
	for (size_t i = 0; i < b->n_rules; i++)
		dump_rule(&w, &b->rules[i]);
	yaml_writer_list_end(&w);
	yaml_writer_map_end(&w);
	return yaml_writer_end(&w);
}
