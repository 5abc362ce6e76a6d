/* engine-parse.h: the Engine API's answers (JSON text) turned into facts. Pure: no I/O.
 *
 * Every answer is hostile input: it may be truncated, malformed, of the wrong types, deeply
 * nested or huge. Each parser checks what it reads against the API's documented types (Docker
 * Engine API 1.41, as dockerd 20.10 answers; later versions add fields, which are ignored), and
 * on trouble returns -EBADMSG with *ret_why saying where ("HostConfig.CapAdd: expected a list
 * of strings, got 42"; "offset 812: unexpected end of data"). A field that the API may leave
 * out or set to null takes its documented meaning (PidsLimit null: unlimited). json-c parses,
 * with a bounded depth; strings with a NUL byte are refused.
 *
 * The fuzz target tests/fuzz/fuzz-engine-inspect.c feeds engine_parse_inspect() arbitrary
 * bytes; tests/unit/test-engine-parse.c runs every parser on answers recorded from dockerd
 * 20.10.24 (tests/unit/data/engine/) and on broken copies of them. */
#pragma once

#include <stddef.h>

#include "facts.h"

/* GET /version: Version, ApiVersion, Os, Arch, KernelVersion into e. 0 or -EBADMSG. */
int engine_parse_version(const char *text, size_t len, struct engine_facts *e, char **ret_why);

/* GET /info: SecurityOptions (userns, rootless, selinux, apparmor, seccomp profile),
 * LoggingDriver, LiveRestoreEnabled, DockerRootDir, Driver, ExperimentalBuild, Debug,
 * DefaultRuntime, CgroupDriver into e, and the settings they decide, in daemon.json's terms,
 * into e->settings:
 *   log-driver, data-root, storage-driver, default-runtime   strings
 *   live-restore, experimental, debug, selinux-enabled       bools
 *   seccomp-profile    the profile's path or "unconfined"; VALUE_NULL for "default" (the
 *                      built-in profile, as when daemon.json does not set the key)
 *   insecure-registries  a list: RegistryConfig.InsecureRegistryCIDRs other than 127.0.0.0/8
 *                      (always there) and the IndexConfigs names with Secure false
 *   log-level          "debug" only when Debug is true (the API does not tell other levels)
 * userns-remap is not a setting (the API says only whether it is on): see e->userns.
 * 0 or -EBADMSG. */
int engine_parse_info(const char *text, size_t len, struct engine_facts *e, char **ret_why);

/* GET /networks/bridge: the icc setting (Options "com.docker.network.bridge.enable_icc"), as the
 * setting "icc" in e->settings. 0 or -EBADMSG. */
int engine_parse_bridge(const char *text, size_t len, struct engine_facts *e, char **ret_why);

/* One container of GET /containers/json. */
struct container_summary {
	char *id;
	char *name;   /* Names[0] without '/' */
	char *image;
	char *image_id; /* ImageID: "sha256:..." */
	char *state;  /* "running", ... */
	struct value *labels; /* a map, never NULL */
};
void container_summaries_free(struct container_summary *s, size_t n);
/* GET /containers/json[?all=1]. 0 with *ret (*ret_n entries; caller frees with
 * container_summaries_free) or -EBADMSG. */
int engine_parse_container_list(const char *text, size_t len, struct container_summary **ret,
				size_t *ret_n, char **ret_why);

/* GET /containers/ID/json into *c (zeroed by the caller, released with
 * container_fact_release()). Fills everything in struct container_fact except the processes.
 * 0 or -EBADMSG (then *c holds what was read so far, still releasable). */
int engine_parse_inspect(const char *text, size_t len, struct container_fact *c, char **ret_why);

/* GET /containers/ID/top: the command names (basename of the first word of CMD, or COMMAND)
 * as a strv into *ret (NULL when no process). 0 or -EBADMSG. */
int engine_parse_top(const char *text, size_t len, char ***ret, char **ret_why);

/* GET /images/json: one image_fact per image (id, tags) into *ret. 0 or -EBADMSG. */
int engine_parse_image_list(const char *text, size_t len, struct image_fact **ret, size_t *ret_n,
			    char **ret_why);
/* GET /images/ID/json: Config.User and Config.Healthcheck into *i. 0 or -EBADMSG. */
int engine_parse_image_inspect(const char *text, size_t len, struct image_fact *i, char **ret_why);
