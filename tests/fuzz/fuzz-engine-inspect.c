/* fuzz-engine-inspect.c: libFuzzer target for the container inspect parser
 * (src/probes/engine-parse-containers.c and its json-c getters, engine-parse-util.c).
 *
 * A /containers/ID/json answer is hostile input: any bytes at all go through
 * engine_parse_inspect(), which must return 0 or -EBADMSG, never crash, leak or read outside
 * the buffer (the input is not NUL-terminated here on purpose). On success every field the
 * checks read is set (strings never NULL, labels a map, counts matching arrays) and the
 * inspect status is FACT_OK; on failure there is a message, and what was read so far is still
 * released whole by container_fact_release(). Seeds: tests/fuzz/corpus/engine-inspect/ (the
 * answers recorded from dockerd 20.10.24, plus a few edited ones). */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine-parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void need(bool ok)
{
	if (!ok)
		abort();
}

static void check_ok(const struct container_fact *c)
{
	need(c->inspect.state == FACT_OK && c->id && *c->id && c->name);
	need(c->image && c->image_id && c->state && c->user && c->apparmor_profile &&
	     c->process_label);
	need(c->labels && c->labels->type == VALUE_MAP);
	need(c->pid_mode && c->network_mode && c->ipc_mode && c->uts_mode && c->userns_mode &&
	     c->cgroupns_mode && c->cgroup_parent && c->restart_policy);
	need(c->pids_limit >= 0);
	need(c->healthcheck == TRI_YES || c->healthcheck == TRI_NO);
	need((c->n_mounts == 0) == (c->mounts == NULL));
	for (size_t i = 0; i < c->n_mounts; i++)
		need(c->mounts[i].type && c->mounts[i].source && c->mounts[i].destination &&
		     c->mounts[i].mode && c->mounts[i].propagation && !c->mounts[i].real_source);
	need((c->n_ports == 0) == (c->ports == NULL));
	for (size_t i = 0; i < c->n_ports; i++)
		need(c->ports[i].container_port && c->ports[i].host_ip &&
		     c->ports[i].host_port <= 65535);
	need((c->n_devices == 0) == (c->devices == NULL));
	for (size_t i = 0; i < c->n_devices; i++)
		need(c->devices[i].host_path && c->devices[i].container_path &&
		     c->devices[i].permissions);
	free(value_to_text(c->labels));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A private copy sized exactly, so that ASan catches any read past the end. */
	char *copy = size ? xmalloc(size) : NULL;
	if (size)
		memcpy(copy, data, size);

	struct container_fact c = {0};
	char *why = NULL;
	int r = engine_parse_inspect(copy ? copy : "", size, &c, &why);
	if (r == 0) {
		need(!why);
		check_ok(&c);
	} else {
		need(r == -EBADMSG && why && *why && c.inspect.state != FACT_OK);
	}
	container_fact_release(&c);
	free(why);
	free(copy);
	return 0;
}
