/* engine-facts.c: lifecycle and lookups of the running engine's facts (facts.h). No I/O. */
#include <string.h>

#include "facts.h"

void container_fact_release(struct container_fact *c)
{
	if (!c)
		return;
	free(c->id);
	free(c->name);
	free(c->image);
	free(c->image_id);
	fact_status_release(&c->inspect);
	free(c->state);
	value_free(c->labels);
	free(c->pid_mode);
	free(c->network_mode);
	free(c->ipc_mode);
	free(c->uts_mode);
	free(c->userns_mode);
	free(c->cgroupns_mode);
	strv_free(c->cap_add);
	strv_free(c->cap_drop);
	strv_free(c->security_opt);
	for (size_t i = 0; i < c->n_mounts; i++) {
		free(c->mounts[i].type);
		free(c->mounts[i].source);
		free(c->mounts[i].destination);
		free(c->mounts[i].mode);
		free(c->mounts[i].propagation);
		free(c->mounts[i].real_source);
	}
	free(c->mounts);
	for (size_t i = 0; i < c->n_ports; i++) {
		free(c->ports[i].container_port);
		free(c->ports[i].host_ip);
	}
	free(c->ports);
	for (size_t i = 0; i < c->n_devices; i++) {
		free(c->devices[i].host_path);
		free(c->devices[i].container_path);
		free(c->devices[i].permissions);
	}
	free(c->devices);
	free(c->restart_policy);
	free(c->cgroup_parent);
	free(c->apparmor_profile);
	free(c->process_label);
	free(c->user);
	fact_status_release(&c->processes);
	strv_free(c->process_names);
	memset(c, 0, sizeof(*c));
}

void image_fact_release(struct image_fact *i)
{
	if (!i)
		return;
	free(i->id);
	strv_free(i->tags);
	fact_status_release(&i->inspect);
	free(i->user);
	memset(i, 0, sizeof(*i));
}

static void engine_setting_release(struct engine_setting *s)
{
	free(s->key);
	value_free(s->value);
	free(s->api_field);
	free(s->api_text);
}

void engine_facts_release(struct engine_facts *e)
{
	fact_status_release(&e->status);
	free(e->docker_host);
	free(e->version);
	free(e->api_version);
	free(e->os);
	free(e->arch);
	free(e->kernel_version);
	fact_status_release(&e->info);
	strv_free(e->security_options);
	free(e->seccomp_profile);
	free(e->default_runtime);
	free(e->cgroup_driver);
	free(e->storage_driver);
	free(e->data_root);
	free(e->logging_driver);
	for (size_t i = 0; i < e->n_settings; i++)
		engine_setting_release(&e->settings[i]);
	free(e->settings);
	fact_status_release(&e->bridge);
	fact_status_release(&e->containers_status);
	for (size_t i = 0; i < e->n_containers; i++)
		container_fact_release(&e->containers[i]);
	free(e->containers);
	free(e->selection);
	free(e->processes_source);
	fact_status_release(&e->images_status);
	for (size_t i = 0; i < e->n_images; i++)
		image_fact_release(&e->images[i]);
	free(e->images);
	memset(e, 0, sizeof(*e));
}

const struct engine_setting *engine_facts_setting(const struct engine_facts *e, const char *key)
{
	for (size_t i = 0; i < e->n_settings; i++)
		if (STREQ(e->settings[i].key, key))
			return &e->settings[i];
	return NULL;
}

const struct image_fact *engine_facts_image(const struct engine_facts *e, const char *id)
{
	if (!id)
		return NULL;
	for (size_t i = 0; i < e->n_images; i++)
		if (e->images[i].id && STREQ(e->images[i].id, id))
			return &e->images[i];
	return NULL;
}

void engine_facts_add_setting(struct engine_facts *e, const char *key, struct value *value,
			      const char *api_field, const char *api_text)
{
	struct engine_setting *s = NULL;
	for (size_t i = 0; i < e->n_settings; i++)
		if (STREQ(e->settings[i].key, key)) {
			s = &e->settings[i];
			engine_setting_release(s);
			break;
		}
	if (!s)
		s = GROW(e->settings, e->n_settings);
	s->key = xstrdup(key);
	s->value = value;
	s->api_field = xstrdup_or_null(api_field);
	s->api_text = xstrdup_or_null(api_text);
}
