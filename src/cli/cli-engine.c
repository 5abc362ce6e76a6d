/* cli-engine.c: where the Engine API is, and which containers an audit looks at.
 *
 * The environment that the docker CLI reads is read here, the same way (engine_resolve_host()):
 * --docker-host, else DOCKER_HOST, else unix:///var/run/docker.sock; DOCKER_TLS_VERIFY,
 * DOCKER_TLS and DOCKER_CERT_PATH (else ~/.docker) for tcp://. Under --root an image or a
 * fixture has no engine: only an explicit --docker-host is contacted, so that a DOCKER_HOST
 * left in the environment does not mix a live engine into the audit of a mounted image. */
#include <stdlib.h>

#include "cli.h"
#include "engine.h"
#include "facts.h"

int cli_engine_options(const struct host *h, struct engine_endpoint *ep,
		       struct engine_options *ret)
{
	*ret = (struct engine_options){0};
	_cleanup_free_ char *why = NULL;
	int r = engine_resolve_host(arg_docker_host, getenv("DOCKER_HOST"), h->live,
				    getenv("DOCKER_TLS_VERIFY"), getenv("DOCKER_TLS"),
				    getenv("DOCKER_CERT_PATH"), getenv("HOME"), ep, &why);
	if (r < 0) {
		log_error("%s", why ? why : "invalid docker host");
		return EXIT_BAD_INPUT;
	}
	if (ep->url) {
		ret->endpoint = ep;
		ret->implicit = !arg_docker_host && !getenv("DOCKER_HOST");
		log_info("engine: %s%s", ep->url,
			 ep->base_url && !ep->tls ? " (plain tcp: no TLS)" : "");
	} else {
		ret->not_contacted_reason = "offline root (--docker-host URL contacts an engine)";
		log_info("engine: not contacted (--root without --docker-host)");
	}
	ret->all_containers = arg_all_containers;
	ret->containers_regex = arg_containers;
	ret->skip_labels = arg_skip_labels;
	return 0;
}
