/* restart.c: restarting dockerd after its configuration changed, and waiting until it answers.
 *
 * How: a restart_command when one is given (other init systems, chroots with their own daemon,
 * tests); else, on the live host only, the init system that runs dockerd: systemd when PID 1 is
 * systemd, else the SysV script. Under --root without a command nothing is restarted: a golden
 * image or a chroot has no daemon of ours to touch.
 *
 * The command runs under /bin/sh -c in its own process group, stdin from /dev/null, stdout and
 * stderr captured into a bounded buffer (its tail goes into messages), killed with its whole
 * group when it outlives the timeout. We wait for the command's exit, not for the end of its
 * output: a command that starts a daemon in the background may leave it holding the pipe.
 *
 * Waiting for "the" daemon: a restart command may return before the old dockerd has exited (a
 * script that signals it and starts the new one in the background), and a ping would then be
 * answered by the old daemon, still running the old configuration. So before the command runs,
 * we record who listens on the socket: the socket file's inode and the listener's pid
 * (SO_PEERCRED gives the pid that called listen()). After the command, an answer counts only
 * when the listener is a different one: dockerd unlinks and re-creates its socket at start
 * (new inode) and is a new process (new pid); either change proves a new listener, and the old
 * daemon can change neither. When the old listener's pid is unknown or is PID 1 (systemd's
 * socket activation: docker.socket holds the socket across restarts), no change is visible;
 * then the first answer after the command counts, which is sound for the methods we run
 * ourselves: `systemctl restart` returns only after the old unit stopped and the new one is
 * up, and Debian's init script stops with start-stop-daemon --retry before it starts. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "apply.h"
#include "engine.h"
#include "host.h"
#include "util.h"

extern char **environ;

#define RESTART_TIMEOUT_DEFAULT_MS 60000
#define PING_INTERVAL_MS 100
#define PING_TIMEOUT_MAX_MS 2000
#define OUTPUT_KEEP (64u << 10) /* bytes of the command's output kept (its tail) */
#define OUTPUT_DRAIN_MAX (1u << 20) /* read after the command exited, at most */
#define OUTPUT_TAIL 1500        /* bytes of that tail quoted in a message */

/* The environment of the init-system methods: what `service` gives a SysV script. */
static char *const clean_env[] = {
	(char *)"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
	(char *)"LANG=C",
	NULL,
};

enum method_kind {
	METHOD_NONE,
	METHOD_COMMAND,
	METHOD_SYSTEMD,
	METHOD_SYSV,
};

static bool pid1_is_systemd(const struct host *h)
{
	struct stat st;
	if (host_stat(h, "/run/systemd/system", true, &st) == 0 && S_ISDIR(st.st_mode))
		return true;
	_cleanup_free_ char *comm = NULL;
	if (host_read_file(h, "/proc/1/comm", 256, false, &comm, NULL) < 0)
		return false;
	return STREQ(strstrip(comm), "systemd");
}

static bool has_sysv_script(const struct host *h)
{
	struct stat st;
	return host_stat(h, "/etc/init.d/docker", true, &st) == 0 && S_ISREG(st.st_mode) &&
	       (st.st_mode & 0111);
}

static enum method_kind method_detect(const struct host *h, const struct restart_options *o,
				      char **ret_why)
{
	*ret_why = NULL;
	if (o->command && o->command[0])
		return METHOD_COMMAND;
	if (!o->live) {
		*ret_why = xstrdup("--root: nothing live is restarted (set restart_command to restart "
				   "a daemon that serves this root)");
		return METHOD_NONE;
	}
	if (pid1_is_systemd(h))
		return METHOD_SYSTEMD;
	if (has_sysv_script(h))
		return METHOD_SYSV;
	*ret_why = xstrdup("PID 1 is not systemd and there is no /etc/init.d/docker: restart dockerd "
			   "yourself, or set restart_command");
	return METHOD_NONE;
}

char *restart_method(const struct host *h, const struct restart_options *o, char **ret_why)
{
	_cleanup_free_ char *why = NULL;
	switch (method_detect(h, o, &why)) {
	case METHOD_COMMAND:
		return xstrdup(o->command);
	case METHOD_SYSTEMD:
		return xstrdup("systemctl restart docker.service");
	case METHOD_SYSV:
		return xstrdup("/etc/init.d/docker restart");
	case METHOD_NONE:
	default:
		if (ret_why)
			*ret_why = TAKE_PTR(why);
		return NULL;
	}
}

/* ---- a bounded command runner ---- */

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(int64_t ms)
{
	if (ms <= 0)
		return;
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000};
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Appends to the kept tail of the output: the newest OUTPUT_KEEP bytes at most. */
static void output_add(struct strbuf *out, const char *buf, size_t n)
{
	strbuf_add(out, buf, n);
	if (out->len > OUTPUT_KEEP) {
		size_t drop = out->len - OUTPUT_KEEP / 2;
		memmove(out->buf, out->buf + drop, out->len - drop + 1);
		out->len -= drop;
	}
}

/* Reads what is there without blocking. Returns false at EOF (or on an error). */
static bool output_read(int fd, struct strbuf *out, size_t *budget)
{
	char buf[4096];
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n > 0) {
			output_add(out, buf, (size_t)n);
			if (budget) {
				if ((size_t)n >= *budget)
					return false;
				*budget -= (size_t)n;
			}
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		return n < 0 && errno == EAGAIN;
	}
}

/* Runs `/bin/sh -c script` with envp. 0 with *ret_wstatus, or -ETIMEDOUT (the process group was
 * killed), or -errno when it could not start. *ret_output gets the output's tail in every case
 * but the last. */
static int run_shell(const char *script, char *const envp[], int timeout_ms, int *ret_wstatus,
		     char **ret_output)
{
	int fds[2];
	if (pipe2(fds, O_CLOEXEC) < 0)
		return -errno;
	char *const argv[] = {(char *)"/bin/sh", (char *)"-c", (char *)script, NULL};

	pid_t pid = fork();
	if (pid < 0) {
		int r = -errno;
		close(fds[0]);
		close(fds[1]);
		return r;
	}
	if (pid == 0) {
		/* async-signal-safe calls only from here on */
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		signal(SIGPIPE, SIG_DFL);
		setpgid(0, 0);
		int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
		if (null < 0 || dup2(null, STDIN_FILENO) < 0 || dup2(fds[1], STDOUT_FILENO) < 0 ||
		    dup2(fds[1], STDERR_FILENO) < 0)
			_exit(127);
		close_range(3, ~0U, 0);
		execve(argv[0], argv, envp);
		_exit(127);
	}
	(void)setpgid(pid, pid); /* also here: no race with a kill before the child ran */
	close(fds[1]);
	(void)fcntl(fds[0], F_SETFL, O_NONBLOCK);

	struct strbuf out = STRBUF_INIT;
	int64_t deadline = now_ms() + timeout_ms;
	bool eof = false, timed_out = false;
	int wstatus = 0;
	for (;;) {
		pid_t w = waitpid(pid, &wstatus, WNOHANG);
		if (w == pid) {
			size_t budget = OUTPUT_DRAIN_MAX;
			if (!eof)
				(void)output_read(fds[0], &out, &budget);
			break;
		}
		if (w < 0 && errno != EINTR) {
			/* cannot happen unless SIGCHLD is ignored: then the status is lost */
			wstatus = 0;
			break;
		}
		int64_t left = deadline - now_ms();
		if (left <= 0) {
			(void)kill(-pid, SIGKILL);
			(void)kill(pid, SIGKILL);
			while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
				;
			if (!eof)
				(void)output_read(fds[0], &out, NULL);
			timed_out = true;
			break;
		}
		struct pollfd pfd = {.fd = eof ? -1 : fds[0], .events = POLLIN};
		int n = poll(&pfd, 1, (int)(left < 50 ? left : 50));
		if (n > 0 && !eof)
			eof = !output_read(fds[0], &out, NULL);
	}
	close(fds[0]);
	*ret_wstatus = wstatus;
	*ret_output = strbuf_detach(&out);
	return timed_out ? -ETIMEDOUT : 0;
}

/* "; output: ..." with the last OUTPUT_TAIL bytes, control characters replaced, or "". */
static char *output_suffix(const char *out)
{
	size_t len = strlen(out);
	const char *p = out;
	bool cut = false;
	if (len > OUTPUT_TAIL) {
		p = out + len - OUTPUT_TAIL;
		const char *nl = strchr(p, '\n');
		if (nl && nl[1])
			p = nl + 1;
		cut = true;
	}
	_cleanup_free_ char *tail = xstrdup(p);
	for (char *c = tail; *c; c++)
		if ((unsigned char)*c < ' ' && *c != '\n')
			*c = ' ';
		else if ((unsigned char)*c == 0x7f)
			*c = '?';
	strstrip(tail);
	if (!tail[0])
		return xstrdup("");
	return xasprintf("; output%s:\n%s", cut ? " (tail)" : "", tail);
}

/* ---- who listens on the socket ---- */

struct listener {
	bool up;
	dev_t dev;
	ino_t ino;
	pid_t pid; /* 0: unknown */
};

static void listener_probe(const char *path, struct listener *ret)
{
	*ret = (struct listener){0};
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	size_t len = strlen(path);
	if (len >= sizeof(sa.sun_path))
		return;
	memcpy(sa.sun_path, path, len);
	struct stat st;
	if (stat(path, &st) < 0 || !S_ISSOCK(st.st_mode))
		return;
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 && errno != EAGAIN) {
		close(fd);
		return;
	}
	struct ucred uc = {0};
	socklen_t l = sizeof(uc);
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &uc, &l) == 0 && l == sizeof(uc))
		ret->pid = uc.pid; /* 0 when the listener is in a pid namespace we cannot see */
	close(fd);
	ret->up = true;
	ret->dev = st.st_dev;
	ret->ino = st.st_ino;
}

static bool listener_same(const struct listener *a, const struct listener *b)
{
	return a->up && b->up && a->dev == b->dev && a->ino == b->ino && a->pid == b->pid;
}

/* The socket to wait on: o->docker_host, else <root>/var/run/docker.sock with the directories
 * resolved inside the root (var/run is usually a link to /run). */
static char *docker_host_of(const struct host *h, const struct restart_options *o)
{
	if (o->docker_host)
		return xstrdup(o->docker_host);
	_cleanup_free_ char *dir = NULL;
	if (host_realpath(h, "/var/run", &dir) < 0)
		dir = xstrdup("/var/run");
	_cleanup_free_ char *sock = xasprintf("%s/docker.sock", STREQ(dir, "/") ? "" : dir);
	_cleanup_free_ char *full = host_full_path(h, sock);
	return xasprintf("unix://%s", full);
}

static void set_error(char **ret_error, char *msg)
{
	if (ret_error)
		*ret_error = msg;
	else
		free(msg);
}

int restart_docker(const struct host *h, const struct restart_options *o, char **ret_error)
{
	int timeout_ms = o->timeout_ms > 0 ? o->timeout_ms : RESTART_TIMEOUT_DEFAULT_MS;
	_cleanup_free_ char *why = NULL;
	enum method_kind kind = method_detect(h, o, &why);
	if (kind == METHOD_NONE) {
		set_error(ret_error, xasprintf("cannot restart dockerd: %s", why));
		return -ENOTSUP;
	}

	_cleanup_free_ char *docker_host = docker_host_of(h, o);
	struct engine *e = NULL;
	if (engine_open(docker_host, &e) < 0) {
		set_error(ret_error,
			  xasprintf("cannot wait for dockerd on '%s': only unix:///PATH hosts are "
				    "supported (an absolute path shorter than 108 bytes)",
				    docker_host));
		return -EINVAL;
	}
	const char *sock = docker_host + strlen("unix://");

	const char *script, *shown;
	char *const *envp;
	switch (kind) {
	case METHOD_SYSTEMD:
		/* drop-ins may have changed: without daemon-reload systemd would restart dockerd
		 * with the old flags */
		script = "systemctl daemon-reload && systemctl restart docker.service";
		shown = "systemctl restart docker.service";
		envp = clean_env;
		break;
	case METHOD_SYSV:
		script = "/etc/init.d/docker restart";
		shown = script;
		envp = clean_env;
		break;
	case METHOD_COMMAND:
	default:
		script = o->command;
		shown = o->command;
		envp = environ;
		break;
	}

	struct listener old;
	listener_probe(sock, &old);

	int wstatus = 0;
	_cleanup_free_ char *output = NULL;
	int r = run_shell(script, envp, timeout_ms, &wstatus, &output);
	if (r == -ETIMEDOUT) {
		_cleanup_free_ char *suffix = output_suffix(output);
		set_error(ret_error, xasprintf("restart command '%s' did not finish within %d ms "
					       "(killed)%s",
					       shown, timeout_ms, suffix));
		engine_close(e);
		return r;
	}
	if (r < 0) {
		set_error(ret_error, xasprintf("cannot run restart command '%s': %s", shown,
					       strerror(-r)));
		engine_close(e);
		return r;
	}
	if (WIFSIGNALED(wstatus) || (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) != 0)) {
		_cleanup_free_ char *suffix = output_suffix(output);
		_cleanup_free_ char *how =
			WIFSIGNALED(wstatus)
				? xasprintf("was killed by signal %d", WTERMSIG(wstatus))
				: xasprintf("failed with exit status %d", WEXITSTATUS(wstatus));
		set_error(ret_error, xasprintf("restart command '%s' %s%s", shown, how, suffix));
		engine_close(e);
		return -EIO;
	}

	/* Wait for a new listener to answer /_ping. */
	bool distinguishable = old.up && old.pid > 1;
	int64_t start = now_ms(), deadline = start + timeout_ms;
	int last_r = -ECONNREFUSED;
	long last_status = 0;
	bool last_was_old = false;
	for (;;) {
		int64_t tick = now_ms();
		struct listener cur;
		listener_probe(sock, &cur);
		last_was_old = distinguishable && listener_same(&old, &cur);
		if (!last_was_old) {
			int64_t left = deadline - tick;
			int t = left > PING_TIMEOUT_MAX_MS ? PING_TIMEOUT_MAX_MS : left < 1 ? 1 : (int)left;
			_cleanup_free_ char *body = NULL;
			long status = 0;
			last_r = engine_get(e, "/_ping", t, &status, &body);
			if (last_r == 0) {
				last_status = status;
				if (status == 200 && STREQ(strstrip(body), "OK")) {
					engine_close(e);
					return 0;
				}
			}
		}
		int64_t now = now_ms();
		if (now >= deadline)
			break;
		int64_t next = tick + PING_INTERVAL_MS;
		sleep_ms((next < deadline ? next : deadline) - now);
	}
	engine_close(e);

	_cleanup_free_ char *suffix = output_suffix(output);
	if (last_was_old)
		set_error(ret_error,
			  xasprintf("dockerd was not restarted: the old daemon (pid %d) still answers "
				    "on '%s' %d ms after '%s' returned%s",
				    (int)old.pid, sock, timeout_ms, shown, suffix));
	else {
		_cleanup_free_ char *last =
			last_r < 0 ? xstrdup(strerror(-last_r))
				   : xasprintf("HTTP status %ld to /_ping", last_status);
		set_error(ret_error, xasprintf("dockerd did not answer on '%s' within %d ms after "
					       "'%s' (last attempt: %s)%s",
					       sock, timeout_ms, shown, last, suffix));
	}
	return -ETIMEDOUT;
}
