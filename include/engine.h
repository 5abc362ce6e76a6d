/* engine.h: the Docker Engine API client (libcurl over the unix socket).
 *
 * Read-only use only: GET requests. The remediation path uses it to wait for a restarted dockerd
 * (/_ping) and to read back the settings it reports; the running-engine probe (issue 5) builds
 * on it. */
#pragma once

#include <stdbool.h>

struct engine;

/* docker_host: "unix:///run/docker.sock" (only unix sockets). 0 or -EINVAL. */
int engine_open(const char *docker_host, struct engine **ret);
void engine_close(struct engine *e);
/* GET path (e.g. "/_ping", "/v1.41/info"). 0 with *ret_status (HTTP status) and *ret_body
 * (NUL-terminated, bounded to 16 MiB; the caller frees it), or -errno: -ECONNREFUSED /
 * -ENOENT when nothing listens, -ETIMEDOUT. */
int engine_get(struct engine *e, const char *path, int timeout_ms, long *ret_status,
	       char **ret_body);
/* True when GET /_ping answers 200 "OK" within timeout_ms. */
bool engine_ping(struct engine *e, int timeout_ms);
