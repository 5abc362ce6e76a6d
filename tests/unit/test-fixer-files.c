/* test-fixer-files.c: the file_mode and file_owner fixers, and the docker.socket drop-in they
 * share: exact modes for failing files only, directories keeping their search bits (limited by
 * the check's max_mode), real paths instead of symlinks, names resolved through the root's
 * accounts, an unknown name as a plan error, and SocketMode/SocketGroup merged into one drop-in
 * whatever the order of the rules. Each fixed root is audited and planned again: nothing left. */
#include <sys/socket.h>
#include <sys/un.h>

#include "hostfix-test-util.h"
#include "../../src/fixers/socket-dropin.h"

extern const struct fixer_kind fixer_file_mode, fixer_file_owner;
static const struct fixer_kind *const kinds[] = {&fixer_file_mode, &fixer_file_owner, NULL};

#define DROPIN "etc/systemd/system/docker.socket.d/60-dockward.conf"
#define DROPIN_HEADER                                                                              \
	"# Written by dockward (dockward fix): keeps the owner, group and mode of the Docker\n"    \
	"# socket when systemd creates it again. dockward edits the keys below; it keeps other\n"  \
	"# lines.\n"

static const char *const accounts_passwd = "root:x:0:0:root:/root:/bin/bash\n"
					   "alice:x:1000:1000::/home/alice:/bin/sh\n";
static const char *const accounts_group = "root:x:0:\nalice:x:1000:\ndocker:x:999:\n";

static void accounts(const char *root)
{
	tr_put(root, "etc/passwd", accounts_passwd, 0644);
	tr_put(root, "etc/group", accounts_group, 0644);
}

static void assert_fixed(struct fx *x, const char *yaml)
{
	fx_apply(x);
	fx_plan(x, yaml);
	assert_plan_empty(x);
	assert_int_equal(x->plan.n_notes, 0);
	for (size_t i = 0; i < x->rep.n_results; i++)
		assert_int_equal(x->rep.results[i].status, STATUS_PASS);
}

static const char *const baseline_modes =
	"id: t\ntitle: t\nversion: 1\nrules:\n"
	"  - id: files.etc-docker-mode\n    title: m\n    severity: high\n"
	"    check: {kind: file_owner_mode, path: /etc/docker, max_mode: \"0755\"}\n"
	"    fix: {kind: file_mode, mode: \"0755\"}\n"
	"  - id: files.dropins-mode\n    title: d\n    severity: high\n"
	"    check: {kind: file_owner_mode, path: /etc/systemd/system/docker.service.d,\n"
	"            recursive: true, max_mode: \"0755\"}\n"
	"    fix: {kind: file_mode, mode: \"0644\"}\n"
	"  - id: files.certs-mode\n    title: c\n    severity: high\n"
	"    check: {kind: file_owner_mode, path: /etc/docker/certs.d, recursive: true,\n"
	"            max_mode: \"0750\"}\n"
	"    fix: {kind: file_mode, mode: \"0640\"}\n"
	"  - id: files.daemon-json-mode\n    title: j\n    severity: high\n"
	"    check: {kind: file_owner_mode, path: /etc/docker/daemon.json, max_mode: \"0644\"}\n"
	"    fix: {kind: file_mode, mode: \"0644\"}\n";

static void test_modes(void **state)
{
	(void)state;
	struct fx x = {.root = tr_new(), .kinds = kinds};
	accounts(x.root);
	tr_mkdir(x.root, "etc/docker", 0777);
	tr_put(x.root, "etc/systemd/system/docker.service.d/a.conf", "[Service]\n", 0666);
	tr_put(x.root, "etc/systemd/system/docker.service.d/b.conf", "[Service]\n", 0600);
	tr_mkdir(x.root, "etc/systemd/system/docker.service.d/sub", 0777);
	tr_chown(x.root, "etc/systemd/system/docker.service.d", 0, 0);
	tr_mkdir(x.root, "etc/docker/certs.d/reg", 0777);
	tr_put(x.root, "etc/docker/certs.d/reg/ca.crt", "x", 0664);
	/* daemon.json is a link: the change goes to its target */
	tr_put(x.root, "etc/docker/real.json", "{}", 0666);
	_cleanup_free_ char *link = xasprintf("%s/etc/docker/daemon.json", x.root);
	assert_int_equal(symlink("real.json", link), 0);

	fx_plan(&x, baseline_modes);
	assert_int_equal(x.plan.errors.n, 0);
	struct change *c;
	assert_non_null(c = fx_change(&x, CHANGE_ATTR, "/etc/docker"));
	assert_int_equal(c->set_mode, 0755);
	assert_int_equal(c->set_uid, -1);
	assert_non_null(c = fx_change(&x, CHANGE_ATTR, "/etc/systemd/system/docker.service.d/a.conf"));
	assert_int_equal(c->set_mode, 0644);
	/* a directory gets x where the fix mode has r: 0644 -> 0755 */
	assert_non_null(c = fx_change(&x, CHANGE_ATTR, "/etc/systemd/system/docker.service.d/sub"));
	assert_int_equal(c->set_mode, 0755);
	/* 0600 is within 0755: left alone */
	assert_null(fx_change(&x, CHANGE_ATTR, "/etc/systemd/system/docker.service.d/b.conf"));
	/* 0640 -> 0750, within the check's 0750 */
	assert_non_null(c = fx_change(&x, CHANGE_ATTR, "/etc/docker/certs.d/reg"));
	assert_int_equal(c->set_mode, 0750);
	assert_non_null(c = fx_change(&x, CHANGE_ATTR, "/etc/docker/certs.d/reg/ca.crt"));
	assert_int_equal(c->set_mode, 0640);
	assert_non_null(c = fx_change(&x, CHANGE_ATTR, "/etc/docker/real.json"));
	assert_int_equal(c->set_mode, 0644);
	assert_string_equal(c->rule_ids[0], "files.daemon-json-mode");
	assert_null(fx_change(&x, CHANGE_ATTR, "/etc/docker/daemon.json"));
	assert_int_equal(x.plan.n_changes, 7); /* certs.d itself is 0755 but checked at 0750 */
	assert_true(fx_planned(&x, "files.etc-docker-mode"));
	assert_true(fx_planned(&x, "files.dropins-mode"));
	assert_true(fx_planned(&x, "files.daemon-json-mode"));
	assert_fixed(&x, baseline_modes);
	assert_int_equal(tr_stat(x.root, "etc/systemd/system/docker.service.d/b.conf").st_mode & 07777,
			 0600);
	fx_release(&x);
	tr_free(x.root);
}

static const char *const baseline_owner =
	"id: t\ntitle: t\nversion: 1\nrules:\n"
	"  - id: files.daemon-json-owner\n    title: o\n    severity: high\n"
	"    check: {kind: file_owner_mode, path: /etc/docker/daemon.json, owner: [root],\n"
	"            group: [root]}\n"
	"    fix: {kind: file_owner, owner: root, group: root}\n"
	"  - id: files.certs-owner\n    title: c\n    severity: high\n"
	"    check: {kind: file_owner_mode, path: /etc/docker/certs.d, recursive: true,\n"
	"            owner: [root], group: [docker]}\n"
	"    fix: {kind: file_owner, owner: \"0\", group: docker}\n";

static void test_owner(void **state)
{
	(void)state;
	struct fx x = {.root = tr_new(), .kinds = kinds};
	accounts(x.root);
	tr_put(x.root, "etc/docker/daemon.json", "{}", 0644);
	tr_chown(x.root, "etc/docker/daemon.json", 1000, 0);
	tr_put(x.root, "etc/docker/certs.d/ca.crt", "x", 0444);
	tr_chown(x.root, "etc/docker/certs.d/ca.crt", 0, 999);
	tr_chown(x.root, "etc/docker/certs.d", 1000, 1000);
	fx_plan(&x, baseline_owner);
	assert_int_equal(x.plan.errors.n, 0);
	assert_int_equal(x.plan.n_changes, 2);
	struct change *c;
	assert_non_null(c = fx_change(&x, CHANGE_ATTR, "/etc/docker/daemon.json"));
	assert_int_equal(c->set_uid, 0);
	assert_int_equal(c->set_gid, -1); /* already root: the builder leaves it */
	assert_int_equal(c->set_mode, -1);
	assert_non_null(c = fx_change(&x, CHANGE_ATTR, "/etc/docker/certs.d"));
	assert_int_equal(c->set_uid, 0);
	assert_int_equal(c->set_gid, 999);
	assert_fixed(&x, baseline_owner);
	fx_release(&x);
	tr_free(x.root);
}

static void test_unknown_group_is_an_error(void **state)
{
	(void)state;
	struct fx x = {.root = tr_new(), .kinds = kinds};
	accounts(x.root);
	tr_put(x.root, "etc/docker/daemon.json", "{}", 0644);
	tr_chown(x.root, "etc/docker/daemon.json", 1000, 1000);
	fx_plan(&x, "id: t\ntitle: t\nversion: 1\nrules:\n"
		    "  - id: files.o\n    title: o\n    severity: high\n"
		    "    check: {kind: file_owner_mode, path: /etc/docker/daemon.json, owner: [root]}\n"
		    "    fix: {kind: file_owner, owner: root, group: dockerz}\n");
	assert_int_equal(x.plan.errors.n, 1);
	assert_string_equal(x.plan.errors.items[0].file, "test.yaml");
	assert_int_equal(x.plan.errors.items[0].line, 9);
	assert_int_equal(x.plan.errors.items[0].col, 49); /* at dockerz */
	assert_non_null(strstr(x.plan.errors.items[0].message,
			       "group: no group 'dockerz' in /etc/group"));
	assert_int_equal(x.plan.n_changes, 0);
	assert_false(fx_planned(&x, "files.o"));
	fx_release(&x);
	tr_free(x.root);
}

static void make_socket(const char *root, const char *rel, mode_t mode)
{
	_cleanup_free_ char *path = xasprintf("%s/%s", root, rel);
	tr_mkdir_parents(path);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(fd >= 0);
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	assert_true(strlen(path) < sizeof(sa.sun_path));
	memcpy(sa.sun_path, path, strlen(path) + 1);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	close(fd);
	assert_int_equal(chmod(path, mode), 0);
}

static const char *const baseline_socket_owner_first =
	"id: t\ntitle: t\nversion: 1\nrules:\n"
	"  - id: files.docker-sock-owner\n    title: o\n    severity: high\n"
	"    check: {kind: file_owner_mode, path: /var/run/docker.sock, owner: [root],\n"
	"            group: [docker, root]}\n"
	"    fix: {kind: file_owner, owner: root, group: docker, socket_unit: docker.socket}\n"
	"  - id: files.docker-sock-mode\n    title: m\n    severity: critical\n"
	"    check: {kind: file_owner_mode, path: /var/run/docker.sock, max_mode: \"0660\"}\n"
	"    fix: {kind: file_mode, mode: \"0660\", socket_unit: docker.socket}\n";

static const char *const baseline_socket_mode_first =
	"id: t\ntitle: t\nversion: 1\nrules:\n"
	"  - id: files.docker-sock-mode\n    title: m\n    severity: critical\n"
	"    check: {kind: file_owner_mode, path: /var/run/docker.sock, max_mode: \"0660\"}\n"
	"    fix: {kind: file_mode, mode: \"0660\", socket_unit: docker.socket}\n"
	"  - id: files.docker-sock-owner\n    title: o\n    severity: high\n"
	"    check: {kind: file_owner_mode, path: /var/run/docker.sock, owner: [root],\n"
	"            group: [docker, root]}\n"
	"    fix: {kind: file_owner, owner: root, group: docker, socket_unit: docker.socket}\n";

static void socket_case(const char *yaml, bool live)
{
	struct fx x = {.root = tr_new(), .kinds = kinds, .live = live};
	accounts(x.root);
	tr_put(x.root, "lib/systemd/system/docker.socket", "[Socket]\nListenStream=/run/docker.sock\n"
							   "SocketMode=0666\n", 0644);
	tr_mkdir(x.root, "run/systemd/system", 0755);
	tr_put(x.root, "usr/bin/systemctl", "#!/bin/sh\n", 0755);
	make_socket(x.root, "var/run/docker.sock", 0666);
	tr_chown(x.root, "var/run/docker.sock", 1000, 1000);

	fx_plan(&x, yaml);
	assert_int_equal(x.plan.errors.n, 0);
	struct change *c = fx_change(&x, CHANGE_FILE, "/" "etc/systemd/system/docker.socket.d/"
						  "60-dockward.conf");
	assert_non_null(c);
	assert_false(c->old_exists);
	assert_false(c->daemon_config);
	assert_int_equal(c->set_mode, 0644);
	assert_string_equal(c->new_content,
			    DROPIN_HEADER "\n[Socket]\nSocketMode=0660\nSocketGroup=docker\n");
	assert_int_equal(strv_length(c->rule_ids), 2);
	assert_non_null(c = fx_change(&x, CHANGE_ATTR, "/var/run/docker.sock"));
	assert_int_equal(c->set_mode, 0660);
	assert_int_equal(c->set_uid, 0);
	assert_int_equal(c->set_gid, 999);
	struct change *cmd = fx_change(&x, CHANGE_COMMAND, "/usr/bin/systemctl");
	if (live) {
		assert_non_null(cmd);
		assert_string_equal(cmd->argv[1], "daemon-reload");
		assert_null(cmd->argv[2]);
		assert_int_equal(x.plan.n_changes, 3);
	} else {
		assert_null(cmd);
		assert_int_equal(x.plan.n_changes, 2);
	}
	assert_true(fx_planned(&x, "files.docker-sock-mode"));
	assert_true(fx_planned(&x, "files.docker-sock-owner"));
	assert_fixed(&x, yaml);
	fx_release(&x);
	tr_free(x.root);
}

static void test_socket_dropin(void **state)
{
	(void)state;
	socket_case(baseline_socket_owner_first, false);
	socket_case(baseline_socket_mode_first, false);
	socket_case(baseline_socket_owner_first, true);
}

static void test_socket_without_unit(void **state)
{
	(void)state;
	struct fx x = {.root = tr_new(), .kinds = kinds, .live = true};
	accounts(x.root);
	make_socket(x.root, "var/run/docker.sock", 0666);
	fx_plan(&x, baseline_socket_mode_first);
	assert_int_equal(x.plan.n_changes, 1); /* the chmod only: no docker.socket, no drop-in */
	assert_non_null(fx_change(&x, CHANGE_ATTR, "/var/run/docker.sock"));
	fx_release(&x);
	tr_free(x.root);
}

static void test_unit_text_set(void **state)
{
	(void)state;
	static const char *const order[] = {"SocketMode", "SocketUser", "SocketGroup", NULL};
	char *out = NULL;
	/* replaced in place, other lines byte for byte */
	assert_int_equal(unit_text_set("# c\n[Socket]\n SocketMode = 0666 \nX=1\n[Unit]\nA=b\n",
				       "Socket", "SocketMode", "0660", order, &out), 0);
	assert_string_equal(out, "# c\n[Socket]\nSocketMode=0660\nX=1\n[Unit]\nA=b\n");
	free(out);
	/* the same value: the same text */
	assert_int_equal(unit_text_set("[Socket]\nSocketMode= 0660\n", "Socket", "SocketMode",
				       "0660", order, &out), 0);
	assert_string_equal(out, "[Socket]\nSocketMode= 0660\n");
	free(out);
	/* a new key after the section's last line, before a later key of the order */
	assert_int_equal(unit_text_set("[Socket]\nX=1\nSocketGroup=docker\n\n[Unit]\n", "Socket",
				       "SocketUser", "root", order, &out), 0);
	assert_string_equal(out, "[Socket]\nX=1\nSocketUser=root\nSocketGroup=docker\n\n[Unit]\n");
	free(out);
	assert_int_equal(unit_text_set("[Socket]\nX=1\n\n[Unit]\n", "Socket", "SocketMode", "0660",
				       order, &out), 0);
	assert_string_equal(out, "[Socket]\nX=1\nSocketMode=0660\n\n[Unit]\n");
	free(out);
	/* no such section: appended; a missing final newline is added */
	assert_int_equal(unit_text_set("[Unit]\nA=b", "Socket", "SocketMode", "0660", order, &out),
			 0);
	assert_string_equal(out, "[Unit]\nA=b\n\n[Socket]\nSocketMode=0660\n");
	free(out);
	/* a continued line is not a key, and the comment is not one either */
	assert_int_equal(unit_text_set("[Socket]\nX=a \\\nSocketMode=0666\n#SocketMode=0600\n",
				       "Socket", "SocketMode", "0660", order, &out), 0);
	assert_string_equal(out, "[Socket]\nX=a \\\nSocketMode=0666\n#SocketMode=0600\n"
				 "SocketMode=0660\n");
	free(out);
	assert_int_equal(unit_text_set("[Socket]\nX=a \\", "Socket", "A", "1", order, &out),
			 -EINVAL);
	assert_int_equal(unit_text_set("", "Socket", "A", "1\n[Service]", order, &out), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_modes),
		cmocka_unit_test(test_owner),
		cmocka_unit_test(test_unknown_group_is_an_error),
		cmocka_unit_test(test_socket_dropin),
		cmocka_unit_test(test_socket_without_unit),
		cmocka_unit_test(test_unit_text_set),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
