/* test-check-image.c: table-driven tests of the check kind image (runs_as_root, healthcheck,
 * dangling), on images built by hand and on the recorded answers of dockerd 20.10.24
 * (tests/unit/data/engine/images.json and image.json). */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "check-test-util.h"
#include "engine-parse.h"

extern const struct check_kind check_image;

#define ID_A "sha256:d123fa0895e29aad65885cdc6c51f3cdfd29552183579400295693bb12bdde4f"
#define ID_B "sha256:0b1edfbffd27c935a666e233a0042ed634205f6f754dbe20769a60369c614f85"
#define ID_C "sha256:9a0f7b1c6e3d4f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c"

/* ---- facts ---- */

static void not_probed(struct facts *f)
{
	(void)f;
}

static void offline(struct facts *f)
{
	f->probed |= PROBE_ENGINE;
	fact_status_set(&f->engine.status, NULL, FACT_UNKNOWN, 0,
			"offline root (--docker-host to contact one)");
}

static void unreachable(struct facts *f)
{
	f->probed |= PROBE_ENGINE;
	f->engine.docker_host = xstrdup(TF_DOCKER_HOST);
	fact_status_set(&f->engine.status, TF_DOCKER_HOST, FACT_UNREADABLE, ECONNREFUSED,
			"cannot connect to unix:///var/run/docker.sock: Connection refused");
}

static void list_invalid(struct facts *f)
{
	tf_engine(f);
	fact_status_set(&f->engine.images_status, "/images/json", FACT_INVALID, EBADMSG,
			"[0].Id: expected a string, got null");
}

static void no_images(struct facts *f)
{
	tf_engine(f);
}

static void root_and_user(struct facts *f)
{
	tf_engine(f);
	tf_image(f, ID_A, "dw-busybox:1", "", TRI_NO);
	tf_image(f, ID_B, "app:2", "app", TRI_YES);
}

static void users_only(struct facts *f)
{
	tf_engine(f);
	tf_image(f, ID_B, "app:2", "app:app", TRI_YES);
	tf_image(f, ID_C, "nobody:1", "65534", TRI_YES);
}

static void root_uid(struct facts *f)
{
	tf_engine(f);
	tf_image(f, ID_B, NULL, "0:0", TRI_YES);
}

static void inspect_broken(struct facts *f)
{
	tf_engine(f);
	tf_image(f, ID_B, "app:2", "app", TRI_YES);
	struct image_fact *i = tf_image(f, ID_A, NULL, "", TRI_UNKNOWN);
	fact_status_set(&i->inspect, "/images/json", FACT_INVALID, EBADMSG,
			"Config.User: expected a string, got 7");
	i->dangling = true;
	i->used = false;
}

static void inspect_gone(struct facts *f)
{
	tf_engine(f);
	tf_image(f, ID_B, "app:2", "app", TRI_NO);
	struct image_fact *i = tf_image(f, ID_A, "old:1", "", TRI_UNKNOWN);
	fact_status_set(&i->inspect, "/images/json", FACT_ABSENT, ENOENT, "no such image");
}

static void health_unknown(struct facts *f)
{
	tf_engine(f);
	tf_image(f, ID_B, "app:2", "app", TRI_UNKNOWN);
}

static void one_dangling(struct facts *f)
{
	tf_engine(f);
	tf_image(f, ID_B, "app:2", "app", TRI_YES);
	struct image_fact *i = tf_image(f, ID_C, NULL, "app", TRI_YES);
	i->used = false;
	i->dangling = true;
}

static void untagged_used(struct facts *f)
{
	tf_engine(f);
	tf_image(f, ID_C, NULL, "app", TRI_YES);
}

/* ---- cases ---- */

#define T(name) PS("test", name)

static const struct check_case cases[] = {
	{"engine/probe did not run", {T("runs_as_root")}, not_probed, STATUS_ERROR,
	 "the engine probe did not run"},
	{"engine/not contacted", {T("runs_as_root")}, offline, STATUS_NOT_APPLICABLE,
	 "Engine API not contacted: offline root (--docker-host to contact one)"},
	{"engine/unreachable", {T("healthcheck")}, unreachable, STATUS_ERROR,
	 "Engine API unreachable: cannot connect", "unix:///var/run/docker.sock:0:0: cannot"},
	{"engine/image list invalid", {T("dangling")}, list_invalid, STATUS_ERROR,
	 "the image list is [0].Id: expected a string, got null",
	 "unix:///var/run/docker.sock:0:0: /images/json: [0].Id"},
	{"engine/no images", {T("runs_as_root")}, no_images, STATUS_NOT_APPLICABLE, "no images",
	 "/images/json: 0 images"},
	{"runs_as_root/one of two", {T("runs_as_root")}, root_and_user, STATUS_FAIL,
	 "1 of 2 images fails: dw-busybox:1", "/images/json: 2 images", 2},
	{"runs_as_root/uid 0, untagged", {T("runs_as_root")}, root_uid, STATUS_FAIL,
	 "1 of 1 image fails: 0b1edfbffd27", NULL, 1},
	{"runs_as_root/users only", {T("runs_as_root")}, users_only, STATUS_PASS,
	 "2 of 2 images pass", NULL, 2},
	{"runs_as_root/inspect broken", {T("runs_as_root")}, inspect_broken, STATUS_ERROR,
	 "1 of 2 images could not be judged: d123fa0895e2", NULL, 2},
	{"runs_as_root/gone meanwhile", {T("runs_as_root")}, inspect_gone, STATUS_PASS,
	 "1 of 1 image passes", NULL, 1},
	{"healthcheck/none", {T("healthcheck")}, root_and_user, STATUS_FAIL,
	 "1 of 2 images fails: dw-busybox:1", NULL, 2},
	{"healthcheck/all have one", {T("healthcheck")}, users_only, STATUS_PASS,
	 "2 of 2 images pass"},
	{"healthcheck/unknown", {T("healthcheck")}, health_unknown, STATUS_ERROR,
	 "1 of 1 image could not be judged: app:2"},
	{"healthcheck/gone meanwhile", {T("healthcheck")}, inspect_gone, STATUS_FAIL,
	 "1 of 1 image fails: app:2", NULL, 1},
	{"dangling/one", {T("dangling")}, one_dangling, STATUS_FAIL,
	 "1 of 2 images fails: 9a0f7b1c6e3d", NULL, 2},
	{"dangling/none", {T("dangling")}, users_only, STATUS_PASS, "2 of 2 images pass"},
	{"dangling/untagged but used", {T("dangling")}, untagged_used, STATUS_PASS,
	 "1 of 1 image passes"},
	{"dangling/needs no inspect", {T("dangling")}, inspect_broken, STATUS_FAIL,
	 "1 of 2 images fails: d123fa0895e2", NULL, 2},
};

/* ---- objects ---- */

static void object_texts(void **state)
{
	(void)state;
	const struct {
		const char *test;
		void (*setup)(struct facts *f);
		size_t index;
		const char *name, *id;
		enum status status;
		const char *observed;
	} want[] = {
		{"runs_as_root", root_and_user, 0, "dw-busybox:1", ID_A, STATUS_FAIL,
		 "User unset: runs as root"},
		{"runs_as_root", root_and_user, 1, "app:2", ID_B, STATUS_PASS, "User app"},
		{"runs_as_root", root_uid, 0, "0b1edfbffd27", ID_B, STATUS_FAIL,
		 "User 0:0: runs as root"},
		{"runs_as_root", inspect_broken, 1, "d123fa0895e2", ID_A, STATUS_ERROR,
		 "inspect: Config.User: expected a string, got 7"},
		{"healthcheck", root_and_user, 0, "dw-busybox:1", ID_A, STATUS_FAIL,
		 "no HEALTHCHECK"},
		{"healthcheck", root_and_user, 1, "app:2", ID_B, STATUS_PASS, "has a HEALTHCHECK"},
		{"healthcheck", health_unknown, 0, "app:2", ID_B, STATUS_ERROR,
		 "health check unknown"},
		{"dangling", one_dangling, 1, "9a0f7b1c6e3d", ID_C, STATUS_FAIL,
		 "dangling: no tag, and no container uses it"},
		{"dangling", one_dangling, 0, "app:2", ID_B, STATUS_PASS, "tagged"},
		{"dangling", untagged_used, 0, "9a0f7b1c6e3d", ID_C, STATUS_PASS,
		 "no tag, but a container uses it"},
	};
	for (size_t i = 0; i < ELEMENTSOF(want); i++) {
		struct result res;
		test_eval(&check_image, (struct tparam[TP_MAX]){T(want[i].test)}, want[i].setup,
			  &res);
		assert_true(want[i].index < res.n_objects);
		const struct result_object *o = &res.objects[want[i].index];
		assert_string_equal(o->kind, "image");
		assert_string_equal(o->name, want[i].name);
		assert_string_equal(o->id, want[i].id);
		assert_null(o->image);
		assert_int_equal(o->status, want[i].status);
		assert_string_equal(o->observed, want[i].observed);
		result_release(&res);
	}
}

static void expectations(void **state)
{
	(void)state;
	const struct {
		const char *test, *expected;
	} want[] = {
		{"runs_as_root", "every image sets a user other than root (USER)"},
		{"healthcheck", "every image has a HEALTHCHECK"},
		{"dangling", "no image is dangling (untagged and unused)"},
	};
	for (size_t i = 0; i < ELEMENTSOF(want); i++) {
		struct result res;
		test_eval(&check_image, (struct tparam[TP_MAX]){T(want[i].test)}, users_only, &res);
		assert_string_equal(res.expected, want[i].expected);
		result_release(&res);
	}
}

static void request_images(void **state)
{
	(void)state;
	struct facts f;
	facts_init(&f, NULL);
	struct fact_requests q = {0};
	struct rule *r = test_rule_new(&check_image, (struct tparam[TP_MAX]){T("dangling")});
	check_image.request(r, &f, &q);
	assert_true(q.engine_images);
	assert_false(q.engine_processes);
	test_rule_free(r);
	fact_requests_release(&q);
	facts_release(&f);
	assert_int_equal(check_image.probes, PROBE_ENGINE);
}

static void validate_tests(void **state)
{
	(void)state;
	struct diags d = {0};
	static const char *const good[] = {"runs_as_root", "healthcheck", "dangling"};
	for (size_t i = 0; i < ELEMENTSOF(good); i++) {
		struct tparam p[TP_MAX] = {T(good[i])};
		assert_int_equal(test_validate(&check_image, p, &d), 0);
		assert_int_equal(d.n, 0);
	}
	assert_int_equal(test_validate(&check_image, (struct tparam[TP_MAX]){T("user")}, &d),
			 -EINVAL);
	assert_one_diag(&d, TEST_LINE + 1, TEST_COL + 2,
			"test: \"user\" is not an image test, expected one of runs_as_root, "
			"healthcheck, dangling");
	diags_release(&d);
	assert_int_equal(test_validate(&check_image, (struct tparam[TP_MAX]){{0}}, &d), -EINVAL);
	assert_one_diag(&d, TEST_LINE, TEST_COL, "test: an image test is required");
	diags_release(&d);
}

/* ---- the recorded answers ---- */

static char *read_data(const char *name, size_t *ret_len)
{
	const char *dir = getenv("DOCKWARD_TEST_DATA");
	assert_non_null(dir);
	_cleanup_free_ char *path = xasprintf("%s/engine/%s", dir, name);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	ssize_t n;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		strbuf_add(&sb, buf, (size_t)n);
	close(fd);
	*ret_len = sb.len;
	return strbuf_detach(&sb);
}

/* images.json (one image, dw-busybox:1, used by the recorded containers), inspected with
 * image.json as the probe does. */
static void recorded(struct facts *f)
{
	tf_engine(f);
	size_t len;
	_cleanup_free_ char *list = read_data("images.json", &len);
	_cleanup_free_ char *why = NULL;
	assert_int_equal(engine_parse_image_list(list, len, &f->engine.images, &f->engine.n_images,
						 &why),
			 0);
	assert_int_equal(f->engine.n_images, 1);
	_cleanup_free_ char *inspect = read_data("image.json", &len);
	_cleanup_free_ char *why2 = NULL;
	assert_int_equal(engine_parse_image_inspect(inspect, len, &f->engine.images[0], &why2), 0);
	f->engine.images[0].used = true;
}

static void recorded_answers(void **state)
{
	(void)state;
	const struct {
		const char *test;
		enum status status;
		const char *observed;
	} want[] = {
		{"runs_as_root", STATUS_FAIL, "User unset: runs as root"},
		{"healthcheck", STATUS_FAIL, "no HEALTHCHECK"},
		{"dangling", STATUS_PASS, "tagged"},
	};
	for (size_t i = 0; i < ELEMENTSOF(want); i++) {
		struct result res;
		test_eval(&check_image, (struct tparam[TP_MAX]){T(want[i].test)}, recorded, &res);
		assert_int_equal(res.status, want[i].status);
		assert_int_equal(res.n_objects, 1);
		assert_string_equal(res.objects[0].name, "dw-busybox:1");
		assert_string_equal(res.objects[0].id, ID_A);
		assert_string_equal(res.objects[0].observed, want[i].observed);
		result_release(&res);
	}
}

int main(void)
{
	const struct CMUnitTest extra[] = {
		cmocka_unit_test(object_texts),   cmocka_unit_test(expectations),
		cmocka_unit_test(request_images), cmocka_unit_test(validate_tests),
		cmocka_unit_test(recorded_answers),
	};
	return run_check_cases("image", &check_image, cases, ELEMENTSOF(cases), extra,
			       ELEMENTSOF(extra));
}
