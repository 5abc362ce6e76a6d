/* test-check-daemon-tcp-tls.c: table-driven tests of the check kind daemon_tcp_tls. */
#include "check-test-util.h"

extern const struct check_kind check_daemon_tcp_tls;

/* daemon installed, daemon.json read, proc/net/tcp read with dockerd's fds known */
static void base(struct facts *f)
{
	tf_daemon(f);
	tf_sockets(f, FACT_OK, true);
}

static void certs_file(struct facts *f)
{
	tf_daemon_file(f, "tlscacert", tv_str("/etc/docker/tls/ca.pem"), 4);
	tf_daemon_file(f, "tlscert", tv_str("/etc/docker/tls/server.pem"), 5);
	tf_daemon_file(f, "tlskey", tv_str("/etc/docker/tls/server-key.pem"), 6);
}

static void nothing(struct facts *f)
{
	base(f);
	tf_socket(f, 4, "127.0.0.1", 631, false);
}

static void unix_only(struct facts *f)
{
	base(f);
	tf_daemon_file(f, "hosts", tv_list("unix:///var/run/docker.sock", NULL), 2);
}

static void file_tcp_no_tls(struct facts *f)
{
	base(f);
	tf_daemon_file(f, "hosts", tv_list("unix:///var/run/docker.sock", "tcp://0.0.0.0:2376", NULL),
		       2);
}

static void flag_tcp_no_tls(struct facts *f)
{
	base(f);
	tf_daemon_flag(f, "hosts", tv_list("fd://", "tcp://0.0.0.0:2376", NULL),
		       "-H fd:// -H tcp://0.0.0.0:2376");
}

static void file_tcp_tls(struct facts *f)
{
	file_tcp_no_tls(f);
	tf_daemon_file(f, "tlsverify", tv_bool(true), 3);
	certs_file(f);
	tf_socket(f, 4, "0.0.0.0", 2376, true);
}

static void flag_tcp_tls(struct facts *f)
{
	flag_tcp_no_tls(f);
	tf_daemon_flag(f, "tlsverify", tv_bool(true), "--tlsverify");
	tf_daemon_flag(f, "tlscacert", tv_str("/etc/docker/ca.pem"), "--tlscacert=/etc/docker/ca.pem");
	tf_daemon_flag(f, "tlscert", tv_str("/etc/docker/cert.pem"), "--tlscert=/etc/docker/cert.pem");
	tf_daemon_flag(f, "tlskey", tv_str("/etc/docker/key.pem"), "--tlskey=/etc/docker/key.pem");
}

static void tls_no_key(struct facts *f)
{
	file_tcp_no_tls(f);
	tf_daemon_file(f, "tlsverify", tv_bool(true), 3);
	tf_daemon_file(f, "tlscacert", tv_str("/etc/docker/tls/ca.pem"), 4);
	tf_daemon_file(f, "tlscert", tv_str("/etc/docker/tls/server.pem"), 5);
}

static void tls_only(struct facts *f)
{
	file_tcp_no_tls(f);
	tf_daemon_file(f, "tls", tv_bool(true), 3);
	certs_file(f);
}

static void listen_2375(struct facts *f)
{
	tf_daemon(f);
	tf_sockets(f, FACT_OK, false);
	tf_socket(f, 4, "0.0.0.0", 2375, false);
}

static void listen_2375_v6(struct facts *f)
{
	base(f);
	tf_socket(f, 6, "::", 2375, true);
}

static void dockerd_socket_no_tls(struct facts *f)
{
	base(f);
	tf_daemon_flag(f, "hosts", tv_list("fd://", NULL), "-H fd://");
	tf_socket(f, 4, "0.0.0.0", 2376, true);
}

static void dockerd_socket_tls(struct facts *f)
{
	dockerd_socket_no_tls(f);
	tf_daemon_file(f, "tlsverify", tv_bool(true), 3);
	certs_file(f);
}

static void listen_2376_other(struct facts *f)
{
	base(f);
	tf_socket(f, 4, "0.0.0.0", 2376, false);
}

static void bare_host(struct facts *f)
{
	base(f);
	tf_daemon_file(f, "hosts", tv_list("0.0.0.0:2375", NULL), 2);
}

static void json_invalid(struct facts *f)
{
	base(f);
	tf_daemon_invalid(f, 2, 9, "unexpected end of data");
}

static void json_invalid_listen(struct facts *f)
{
	json_invalid(f);
	tf_socket(f, 4, "0.0.0.0", 2375, false);
}

static void json_invalid_flag_tcp(struct facts *f)
{
	json_invalid(f);
	tf_daemon_flag(f, "hosts", tv_list("tcp://0.0.0.0:2376", NULL), "-H tcp://0.0.0.0:2376");
}

static void sockets_unreadable(struct facts *f)
{
	tf_daemon(f);
	tf_sockets(f, FACT_UNREADABLE, false);
}

static void offline(struct facts *f)
{
	tf_daemon(f);
	tf_sockets(f, FACT_ABSENT, false);
	tf_daemon_file(f, "hosts", tv_list("unix:///var/run/docker.sock", NULL), 2);
}

static void offline_tcp(struct facts *f)
{
	offline(f);
	tf_daemon_flag(f, "hosts", tv_list("tcp://0.0.0.0:2375", NULL), "-H tcp://0.0.0.0:2375");
}

static void not_installed(struct facts *f)
{
	tf_daemon_none(f);
	tf_sockets(f, FACT_OK, false);
}

static void no_sockets_probe(struct facts *f)
{
	tf_daemon(f);
}

static const struct check_case cases[] = {
	{"pass/no tcp host, nothing on 2375", {{0}}, nothing, STATUS_PASS,
	 "no tcp:// host; nothing listens on a plain-Docker port"},
	{"pass/unix socket only", {{0}}, unix_only, STATUS_PASS, "no tcp:// host"},
	{"fail/tcp in daemon.json without tlsverify", {{0}}, file_tcp_no_tls, STATUS_FAIL,
	 "tcp://0.0.0.0:2376 without tlsverify (tlsverify: ",
	 "etc/docker/daemon.json:2:3: \"hosts\": [\"unix:///var/run/docker.sock\",\"tcp://0.0.0.0:2376\"]",
	 1},
	{"fail/tcp in flags without tlsverify", {{0}}, flag_tcp_no_tls, STATUS_FAIL,
	 "tcp://0.0.0.0:2376 without tlsverify", "proc/4321/cmdline:0:0: -H fd:// -H tcp://0.0.0.0:2376",
	 1},
	{"pass/tcp in daemon.json with tlsverify and certificates", {{0}}, file_tcp_tls, STATUS_PASS,
	 "tcp://0.0.0.0:2376 with tlsverify, tlscacert, tlscert, tlskey",
	 "etc/docker/daemon.json:6:3: \"tlskey\""},
	{"pass/tcp in flags with tlsverify and certificates", {{0}}, flag_tcp_tls, STATUS_PASS,
	 "tcp://0.0.0.0:2376 with tlsverify", "proc/4321/cmdline:0:0: --tlsverify"},
	{"fail/tlsverify without tlskey", {{0}}, tls_no_key, STATUS_FAIL,
	 "tcp://0.0.0.0:2376 without tlskey"},
	{"fail/tls without verify", {{0}}, tls_only, STATUS_FAIL, "without tlsverify"},
	{"fail/something listens on 2375", {{0}}, listen_2375, STATUS_FAIL,
	 "something listening on 0.0.0.0:2375 (a plain-Docker port)", "proc/net/tcp:0:0: LISTEN", 1},
	{"fail/dockerd listens on [::]:2375", {{0}}, listen_2375_v6, STATUS_FAIL,
	 "dockerd listening on [::]:2375", "proc/net/tcp6:0:0: LISTEN [::]:2375 (dockerd)"},
	{"fail/dockerd holds a tcp socket without tlsverify", {{0}}, dockerd_socket_no_tls,
	 STATUS_FAIL, "dockerd listening on tcp 0.0.0.0:2376 without tlsverify"},
	{"pass/dockerd holds a tcp socket with tlsverify", {{0}}, dockerd_socket_tls, STATUS_PASS,
	 "no tcp:// host", "LISTEN 0.0.0.0:2376 (dockerd)"},
	{"pass/2376 by another process is not judged", {{0}}, listen_2376_other, STATUS_PASS,
	 "no tcp:// host"},
	{"fail/ports param names 2376", {PL("ports", "2376")}, listen_2376_other, STATUS_FAIL,
	 "something listening on 0.0.0.0:2376"},
	{"fail/a host without scheme is tcp", {{0}}, bare_host, STATUS_FAIL,
	 "0.0.0.0:2375 without tlsverify"},
	{"error/daemon.json invalid", {{0}}, json_invalid, STATUS_ERROR,
	 "cannot tell which hosts dockerd listens on: daemon.json is invalid "
	 "(etc/docker/daemon.json:2:9: unexpected end of data)",
	 "etc/docker/daemon.json:2:9: "},
	{"fail/daemon.json invalid but 2375 listens", {{0}}, json_invalid_listen, STATUS_FAIL,
	 "something listening on 0.0.0.0:2375", "etc/docker/daemon.json:2:9:"},
	{"error/tcp flag, tlsverify unknowable", {{0}}, json_invalid_flag_tcp, STATUS_ERROR,
	 "cannot tell whether tlsverify is set"},
	{"error/sockets unreadable", {{0}}, sockets_unreadable, STATUS_ERROR,
	 "the list of listening sockets is unreadable"},
	{"pass/offline root: configuration only", {{0}}, offline, STATUS_PASS,
	 "listening sockets not checked", "proc/net/tcp:0:0: absent"},
	{"fail/offline root: tcp flag", {{0}}, offline_tcp, STATUS_FAIL,
	 "tcp://0.0.0.0:2375 without tlsverify"},
	{"not_applicable/not installed", {{0}}, not_installed, STATUS_NOT_APPLICABLE,
	 "Docker is not installed"},
	{"error/sockets probe did not run", {{0}}, no_sockets_probe, STATUS_ERROR,
	 "the sockets probe did not run"},
};

static void validate_ports(void **state)
{
	(void)state;
	struct diags d = {0};
	assert_int_equal(test_validate(&check_daemon_tcp_tls,
				       (struct tparam[]){PL("ports", "2375", "70000"), {0}}, &d),
			 -EINVAL);
	assert_one_diag(&d, TEST_LINE + 1, TEST_COL + 2, "ports: \"70000\" is not a TCP port");
	diags_release(&d);
	assert_int_equal(test_validate(&check_daemon_tcp_tls,
				       (struct tparam[]){PL("ports", "2375", "2376"), {0}}, &d),
			 0);
	assert_int_equal(test_validate(&check_daemon_tcp_tls, (struct tparam[]){{0}}, &d), 0);
	assert_int_equal(d.n, 0);
}

int main(void)
{
	const struct CMUnitTest extra[] = {cmocka_unit_test(validate_ports)};
	return run_check_cases("daemon_tcp_tls", &check_daemon_tcp_tls, cases, ELEMENTSOF(cases),
			       extra, ELEMENTSOF(extra));
}
