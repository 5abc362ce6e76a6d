/* engine.c: the Docker Engine API client, on top of curl-util (GET over the unix socket).
 *
 * Only unix:// hosts: dockward runs on the Docker host itself, and a tcp:// engine would need
 * TLS client certificates that a hardening tool has no business holding. The engine handle is
 * just the socket path; every request opens its own connection (see curl-util.c). */
#include <errno.h>
#include <string.h>
#include <sys/un.h>

#include "curl-util.h"
#include "engine.h"
#include "util.h"

struct engine {
	char *socket_path;
};

int engine_open(const char *docker_host, struct engine **ret)
{
	if (!docker_host || !ret || !startswith(docker_host, "unix://"))
		return -EINVAL;
	const char *path = docker_host + strlen("unix://");
	/* absolute, and short enough for sun_path (connect would fail later, less clearly) */
	if (path[0] != '/' || strlen(path) >= sizeof(((struct sockaddr_un *)NULL)->sun_path))
		return -EINVAL;
	struct engine *e = xcalloc(1, sizeof(*e));
	e->socket_path = xstrdup(path);
	*ret = e;
	return 0;
}

void engine_close(struct engine *e)
{
	if (!e)
		return;
	free(e->socket_path);
	free(e);
}

int engine_get(struct engine *e, const char *path, int timeout_ms, long *ret_status,
	       char **ret_body)
{
	if (!e || !path || !ret_status || !ret_body)
		return -EINVAL;
	return curl_unix_get(e->socket_path, path, timeout_ms, 0, ret_status, ret_body, NULL);
}

bool engine_ping(struct engine *e, int timeout_ms)
{
	long status = 0;
	_cleanup_free_ char *body = NULL;
	if (engine_get(e, "/_ping", timeout_ms, &status, &body) < 0)
		return false;
	return status == 200 && STREQ(strstrip(body), "OK");
}
