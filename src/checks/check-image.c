/* check-image.c: check kind `image`.
 *
 * Judges every image of the running engine (GET /images/json, each inspected) with one test:
 *
 *   runs_as_root  CIS 4.1  Config.User empty, root or uid 0: containers run as root unless
 *                          told otherwise
 *   healthcheck   CIS 4.6  no HEALTHCHECK (or HEALTHCHECK NONE); unknown is an error
 *   dangling      CIS 6.1  untagged and used by no container: left behind by a rebuild, never
 *                          updated again; the baseline rates it low
 *
 * One object per image (kind "image", named by its first tag or its short id), and a summary
 * as for containers. The engine states are judged as check-container.c does (not contacted:
 * not_applicable; unreachable: error); an image gone between list and inspect is left out, one
 * whose inspect failed is an error object (dangling needs only the list). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "check-common.h"
#include "check.h"
#include "container-tests.h"

static const struct check_param params[] = {
	{"test", PARAM_STRING, true, "what to judge in each image: runs_as_root, healthcheck or "
				     "dangling"},
	{NULL},
};

struct image_test {
	const char *name;
	const char *expected;
	bool needs_inspect;
	void (*judge)(const struct image_fact *i, struct container_verdict *v);
};

static void root_judge(const struct image_fact *i, struct container_verdict *v)
{
	const char *u = i->user ? i->user : "";
	if (container_user_is_root(u)) {
		v->status = STATUS_FAIL;
		v->observed = xasprintf("User %.200s: runs as root", *u ? u : "unset");
	} else {
		v->status = STATUS_PASS;
		v->observed = xasprintf("User %.200s", u);
	}
}

static void health_judge(const struct image_fact *i, struct container_verdict *v)
{
	v->status = i->healthcheck == TRI_YES  ? STATUS_PASS
		    : i->healthcheck == TRI_NO ? STATUS_FAIL
					       : STATUS_ERROR;
	v->observed = xstrdup(i->healthcheck == TRI_YES  ? "has a HEALTHCHECK"
			      : i->healthcheck == TRI_NO ? "no HEALTHCHECK"
							 : "health check unknown");
}

static void dangling_judge(const struct image_fact *i, struct container_verdict *v)
{
	v->status = i->dangling ? STATUS_FAIL : STATUS_PASS;
	v->observed = xstrdup(i->dangling ? "dangling: no tag, and no container uses it"
				: i->tags ? "tagged"
					  : "no tag, but a container uses it");
}

static const struct image_test image_tests[] = {
	{"dangling", "no image is dangling (untagged and unused)", false, dangling_judge},
	{"healthcheck", "every image has a HEALTHCHECK", true, health_judge},
	{"runs_as_root", "every image sets a user other than root (USER)", true, root_judge},
};

static const struct image_test *test_find(const char *name)
{
	for (size_t i = 0; name && i < ELEMENTSOF(image_tests); i++)
		if (STREQ(image_tests[i].name, name))
			return &image_tests[i];
	return NULL;
}

static int validate(const struct value *check, const char *file, struct diags *diags)
{
	const struct value *tv = value_map_get(check, "test");
	if (tv && tv->type == VALUE_STRING && test_find(tv->s))
		return 0;
	int line, col;
	check_value_pos(check, NULL, tv, &line, &col);
	if (!tv) {
		diags_add(diags, file, line, col,
			  "test: an image test is required: runs_as_root, healthcheck or dangling");
		return -EINVAL;
	}
	_cleanup_free_ char *t = value_to_text(tv);
	diags_add(diags, file, line, col,
		  "test: %.64s is not an image test, expected one of runs_as_root, healthcheck, "
		  "dangling",
		  t);
	return -EINVAL;
}

static void request(const struct rule *r, const struct facts *f, struct fact_requests *q)
{
	(void)r;
	(void)f;
	q->engine_images = true;
}

/* "dw-busybox:1", else the short id "d123fa0895e2". Borrowed or in buf. */
static const char *image_name(const struct image_fact *i, char buf[static 16])
{
	if (i->tags && i->tags[0])
		return i->tags[0];
	const char *id = i->id ? i->id : "?";
	if (startswith(id, "sha256:"))
		id += strlen("sha256:");
	snprintf(buf, 16, "%.12s", id);
	return buf;
}

static void eval(const struct rule *r, const struct facts *f, struct result *res)
{
	const struct image_test *t = test_find(check_param_string(r, "test", ""));
	if (!t) { /* validate() refuses it */
		result_expect(res, "an image test");
		result_set(res, STATUS_ERROR, "unknown image test '%s'",
			   check_param_string(r, "test", ""));
		result_add_evidence(res, "dockward", 0, 0, "no such image test");
		return;
	}
	result_expect(res, "%s", t->expected);
	if (!container_engine_ready(f, res))
		return;
	const struct engine_facts *e = &f->engine;
	const char *src = container_engine_source(f);
	if (!check_state_usable(e->images_status.state)) {
		const char *why = check_status_reason(&e->images_status);
		result_set(res, STATUS_ERROR, "the image list is %s", why);
		result_add_evidence(res, src, 0, 0, "/images/json: %s", why);
		return;
	}
	result_add_evidence(res, src, 0, 0, "/images/json: %zu image%s", e->n_images,
			    e->n_images == 1 ? "" : "s");

	size_t n[_STATUS_MAX] = {0}, total = 0;
	struct container_list failed = {STRBUF_INIT, 0}, errors = {STRBUF_INIT, 0};
	for (size_t k = 0; k < e->n_images; k++) {
		const struct image_fact *i = &e->images[k];
		char buf[16];
		const char *name = image_name(i, buf);
		struct container_verdict v = {STATUS_ERROR, NULL};
		if (t->needs_inspect && i->inspect.state == FACT_ABSENT)
			continue;
		if (t->needs_inspect && i->inspect.state != FACT_OK)
			v.observed = xasprintf("inspect: %s", check_status_reason(&i->inspect));
		else
			t->judge(i, &v);
		result_add_object(res, "image", i->id, name, v.status, "%s", v.observed);
		free(v.observed);
		total++;
		n[v.status]++;
		if (v.status == STATUS_FAIL)
			container_list_add(&failed, "%.128s", name);
		else if (v.status == STATUS_ERROR)
			container_list_add(&errors, "%.128s", name);
	}

	_cleanup_free_ char *ft = container_list_text(&failed);
	_cleanup_free_ char *et = container_list_text(&errors);
	const char *s = total == 1 ? "" : "s";
	if (!total)
		result_set(res, STATUS_NOT_APPLICABLE, "no images");
	else if (n[STATUS_FAIL])
		result_set(res, STATUS_FAIL, "%zu of %zu image%s fail%s: %s", n[STATUS_FAIL], total,
			   s, n[STATUS_FAIL] == 1 ? "s" : "", ft);
	else if (n[STATUS_ERROR])
		result_set(res, STATUS_ERROR, "%zu of %zu image%s could not be judged: %s",
			   n[STATUS_ERROR], total, s, et);
	else
		result_set(res, STATUS_PASS, "%zu of %zu image%s pass%s", n[STATUS_PASS], total, s,
			   n[STATUS_PASS] == 1 ? "es" : "");
}

const struct check_kind check_image = {
	.name = "image",
	.help = "every image of the running engine passes one test: runs_as_root (CIS 4.1), "
		"healthcheck (4.6) or dangling",
	.params = params,
	.probes = PROBE_ENGINE,
	.validate = validate,
	.request = request,
	.eval = eval,
};
