/* journal.c: the journal of runs under <root>/var/lib/dockward/journal/: layout, manifests,
 * backups, the lock, history.
 *
 *   var/lib/dockward/            0700
 *     journal/                   0700, flock()ed by the run that writes (one at a time)
 *       20261123T140501Z-4242/   0700, one per run (sortable: start time, then pid)
 *         manifest.json          0600, schema "dockward-journal/1", rewritten atomically
 *         files/0001             0600, the original bytes of entry 1 (when it existed)
 *       .new-...                 staging directory of a run being created (ignored)
 *
 * A run directory appears by rename of a staging directory that already holds its manifest,
 * so a run directory without a manifest is damage, never a normal state. The manifest is
 * written with apply_write_file (temp file, fsync, rename, fsync of the directory): after a
 * kill it is the old manifest or the new one. It is read back as hostile input (bounded,
 * depth-limited, every field type-checked): a journal lives in the tree it describes, and a
 * golden image may come with one. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "journal-internal.h"
#include "json-util.h"

static const char *const run_state_names[_RUN_STATE_MAX] = {
	[RUN_APPLYING] = "applying",
	[RUN_APPLIED] = "applied",
	[RUN_ROLLED_BACK] = "rolled-back",
};
_Static_assert(ELEMENTSOF(run_state_names) == _RUN_STATE_MAX, "run_state_names");

const char *run_state_to_string(enum run_state s)
{
	return s >= 0 && s < _RUN_STATE_MAX ? run_state_names[s] : "?";
}

static int run_state_from_string(const char *s)
{
	for (int i = 0; i < _RUN_STATE_MAX; i++)
		if (STREQ(run_state_names[i], s))
			return i;
	return -EBADMSG;
}

static int change_kind_from_string(const char *s)
{
	for (int i = 0; i < _CHANGE_KIND_MAX; i++)
		if (STREQ(change_kind_to_string(i), s))
			return i;
	return -EBADMSG;
}

void run_entry_release(struct run_entry *e)
{
	free(e->path);
	free(e->summary);
	strv_free(e->rule_ids);
	free(e->backup);
	free(e->old_value);
	free(e->new_value);
	strv_free(e->argv);
	strv_free(e->dirs_created);
	memset(e, 0, sizeof(*e));
}

void run_record_release(struct run_record *r)
{
	if (!r)
		return;
	free(r->id);
	free(r->user);
	free(r->root);
	free(r->note);
	for (size_t i = 0; i < r->n_entries; i++)
		run_entry_release(&r->entries[i]);
	free(r->entries);
	memset(r, 0, sizeof(*r));
}

char *journal_path(const char *id, const char *name)
{
	if (!name)
		return xasprintf("%s/%s", JOURNAL_DIR, id);
	return xasprintf("%s/%s/%s", JOURNAL_DIR, id, name);
}

/* Run ids as they are made: letters, digits, '-', no leading dot, bounded. */
static bool id_is_valid(const char *id)
{
	size_t n = strlen(id);
	if (n == 0 || n > 64 || id[0] == '.' || id[0] == '-')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((id[i] >= '0' && id[i] <= '9') || (id[i] >= 'A' && id[i] <= 'Z') ||
		      (id[i] >= 'a' && id[i] <= 'z') || id[i] == '-' || id[i] == '_'))
			return false;
	return true;
}

/* mkdirat 0700 when absent (fsyncing the parent), then an O_NOFOLLOW fd on it. */
static int ensure_private_dir(int parent, const char *name)
{
	if (mkdirat(parent, name, 0700) == 0) {
		if (fsync(parent) < 0)
			return -errno;
	} else if (errno != EEXIST)
		return -errno;
	int fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

/* An fd on the journal directory, created (0700) when create. */
static int open_journal_dir(const struct host *h, bool create)
{
	_cleanup_close_ int lib = -1;
	_cleanup_free_ char *name = NULL;
	int r = apply_open_parent(h, "/var/lib/dockward", create, &lib, &name);
	if (r < 0)
		return r;
	if (!create) {
		_cleanup_close_ int d =
			openat(lib, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (d < 0)
			return -errno;
		int j = openat(d, "journal", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		return j < 0 ? -errno : j;
	}
	_cleanup_close_ int d = ensure_private_dir(lib, name);
	if (d < 0)
		return d;
	return ensure_private_dir(d, "journal");
}

int journal_lock(const struct host *h, int *ret_fd)
{
	int fd = open_journal_dir(h, true);
	if (fd < 0)
		return fd;
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		int r = errno == EWOULDBLOCK ? -EBUSY : -errno;
		close(fd);
		return r;
	}
	*ret_fd = fd;
	return 0;
}

/* ---- manifest: to JSON ---- */

static json_object *strv_to_json(char *const *v)
{
	json_object *a = json_object_new_array();
	for (size_t i = 0; v && v[i]; i++)
		json_object_array_add(a, json_object_new_string(v[i]));
	return a;
}

static json_object *string_or_null(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static json_object *mode_to_json(uint32_t mode)
{
	char buf[16];
	snprintf(buf, sizeof(buf), "%04o", (unsigned)mode);
	return json_object_new_string(buf);
}

static json_object *entry_to_json(const struct run_entry *e)
{
	json_object *o = json_object_new_object();
	json_object_object_add(o, "kind", json_object_new_string(change_kind_to_string(e->kind)));
	json_object_object_add(o, "path", json_object_new_string(e->path ? e->path : ""));
	json_object_object_add(o, "summary", string_or_null(e->summary));
	json_object_object_add(o, "rules", strv_to_json(e->rule_ids));
	json_object_object_add(o, "daemon_config", json_object_new_boolean(e->daemon_config));
	switch (e->kind) {
	case CHANGE_FILE:
		json_object_object_add(o, "existed", json_object_new_boolean(e->existed));
		json_object_object_add(o, "backup", string_or_null(e->backup));
		json_object_object_add(o, "sha256_before",
				       json_object_new_string(e->sha256_before));
		json_object_object_add(o, "sha256_after", json_object_new_string(e->sha256_after));
		json_object_object_add(o, "dirs_created", strv_to_json(e->dirs_created));
		if (!e->existed)
			break;
		/* the original's owner and mode, as for an attribute change */
		__attribute__((fallthrough));
	case CHANGE_ATTR:
		json_object_object_add(o, "mode", mode_to_json(e->mode));
		json_object_object_add(o, "uid", json_object_new_int64(e->uid));
		json_object_object_add(o, "gid", json_object_new_int64(e->gid));
		break;
	case CHANGE_SYSCTL:
	case CHANGE_SELINUX:
		json_object_object_add(o, "old_value", string_or_null(e->old_value));
		json_object_object_add(o, "new_value", string_or_null(e->new_value));
		break;
	case CHANGE_COMMAND:
		json_object_object_add(o, "argv", strv_to_json(e->argv));
		break;
	default:
		break;
	}
	return o;
}

static char *record_to_json(const struct run_record *r)
{
	_cleanup_json_ json_object *o = json_object_new_object();
	json_object_object_add(o, "schema", json_object_new_string(JOURNAL_SCHEMA));
	json_object_object_add(o, "id", json_object_new_string(r->id));
	json_object_object_add(o, "started", json_object_new_int64(r->started));
	json_object_object_add(o, "finished", json_object_new_int64(r->finished));
	json_object_object_add(o, "user", string_or_null(r->user));
	json_object_object_add(o, "root", string_or_null(r->root));
	json_object_object_add(o, "state", json_object_new_string(run_state_to_string(r->state)));
	json_object_object_add(o, "restart", json_object_new_boolean(r->restart));
	json_object_object_add(o, "note", string_or_null(r->note));
	json_object *entries = json_object_new_array();
	for (size_t i = 0; i < r->n_entries; i++)
		json_object_array_add(entries, entry_to_json(&r->entries[i]));
	json_object_object_add(o, "entries", entries);
	const char *s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
								  JSON_C_TO_STRING_SPACED |
								  JSON_C_TO_STRING_NOSLASHESCAPE);
	return xasprintf("%s\n", s);
}

static int write_manifest(const struct host *h, const struct run_record *r, const char *dir)
{
	_cleanup_free_ char *text = record_to_json(r);
	_cleanup_free_ char *path = journal_path(dir, "manifest.json");
	return apply_write_file(h, path, text, strlen(text), 0600, geteuid(), getegid(), NULL,
				false, NULL);
}

int journal_save(const struct host *h, const struct run_record *r)
{
	return write_manifest(h, r, r->id);
}

/* Removes directory name in dirfd with what it holds, depth levels deep at most (a staging
 * directory: manifest, temp files, files/NNNN). Links are removed, never followed. */
static int remove_tree(int parent, const char *name, int depth)
{
	int fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	DIR *d = fdopendir(fd);
	if (!d) {
		int r = -errno;
		close(fd);
		return r;
	}
	char **names = NULL;
	struct dirent *de;
	while ((de = readdir(d)))
		if (!STREQ(de->d_name, ".") && !STREQ(de->d_name, ".."))
			strv_extend(&names, de->d_name);
	for (size_t i = 0; names && names[i]; i++) {
		struct stat st;
		if (fstatat(dirfd(d), names[i], &st, AT_SYMLINK_NOFOLLOW) < 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			if (depth > 0)
				(void)remove_tree(dirfd(d), names[i], depth - 1);
		} else
			(void)unlinkat(dirfd(d), names[i], 0);
	}
	strv_free(names);
	closedir(d);
	return unlinkat(parent, name, AT_REMOVEDIR) < 0 ? -errno : 0;
}

/* Staging directories left by runs killed while being created (the lock is ours: nobody else
 * is creating one). */
static void remove_dead_staging(int jfd)
{
	int fd = openat(jfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return;
	DIR *d = fdopendir(fd);
	if (!d) {
		close(fd);
		return;
	}
	char **dead = NULL;
	struct dirent *de;
	while ((de = readdir(d)))
		if (startswith(de->d_name, ".new-"))
			strv_extend(&dead, de->d_name);
	closedir(d);
	for (size_t i = 0; dead && dead[i]; i++)
		(void)remove_tree(jfd, dead[i], 2);
	strv_free(dead);
}

int journal_create_run(const struct host *h, struct run_record *r)
{
	_cleanup_close_ int jfd = open_journal_dir(h, true);
	if (jfd < 0)
		return jfd;
	remove_dead_staging(jfd);
	time_t t = (time_t)r->started;
	struct tm tm;
	char stamp[32];
	if (!gmtime_r(&t, &tm) || strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm) == 0)
		return -EINVAL;
	_cleanup_free_ char *base = xasprintf("%s-%ld", stamp, (long)getpid());

	/* The lock is held: nobody else picks an id between the look and the rename. */
	_cleanup_free_ char *id = NULL, *staging = NULL;
	for (unsigned k = 1;; k++) {
		if (k > 10000)
			return -EEXIST;
		free(id);
		free(staging);
		id = k == 1 ? xstrdup(base) : xasprintf("%s-%u", base, k);
		staging = xasprintf(".new-%s", id);
		struct stat st;
		if (fstatat(jfd, id, &st, AT_SYMLINK_NOFOLLOW) == 0)
			continue;
		if (errno != ENOENT)
			return -errno;
		if (mkdirat(jfd, staging, 0700) == 0)
			break;
		if (errno != EEXIST) /* EEXIST: the leftover of a killed attempt; next */
			return -errno;
	}
	int r2 = 0;
	{
		_cleanup_close_ int sfd =
			openat(jfd, staging, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (sfd < 0)
			return -errno;
		_cleanup_close_ int ffd = ensure_private_dir(sfd, "files");
		if (ffd < 0)
			return ffd;
	}
	free(r->id);
	r->id = xstrdup(id);
	r2 = write_manifest(h, r, staging);
	if (r2 < 0)
		return r2;
	if (renameat2(jfd, staging, jfd, id, RENAME_NOREPLACE) < 0) {
		if (errno != EINVAL && errno != ENOSYS)
			return -errno;
		/* a filesystem without RENAME_NOREPLACE: the lock makes the plain one safe */
		if (renameat(jfd, staging, jfd, id) < 0)
			return -errno;
	}
	return fsync(jfd) < 0 ? -errno : 0;
}

int journal_write_backup(const struct host *h, const char *id, size_t n, const void *data,
			 size_t len, char **ret_name)
{
	_cleanup_free_ char *name = xasprintf("files/%04zu", n);
	_cleanup_free_ char *path = journal_path(id, name);
	/* "": a backup is never overwritten */
	int r = apply_write_file(h, path, data, len, 0600, geteuid(), getegid(), "", false, NULL);
	if (r < 0)
		return r;
	*ret_name = TAKE_PTR(name);
	return 0;
}

static bool backup_name_is_valid(const char *name)
{
	if (!startswith(name, "files/"))
		return false;
	const char *p = name + strlen("files/");
	if (!*p || strlen(p) > 16)
		return false;
	for (; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	return true;
}

int journal_read_backup(const struct host *h, const char *id, const char *name, const char *sha256,
			char **ret, size_t *ret_len)
{
	if (!backup_name_is_valid(name))
		return -EBADMSG;
	_cleanup_free_ char *path = journal_path(id, name);
	struct file_state s;
	int r = apply_read_current(h, path, &s);
	if (r < 0)
		return r;
	if (!s.exists)
		return -ENOENT;
	if (!STREQ(s.sha256, sha256)) {
		file_state_release(&s);
		return -EBADMSG;
	}
	*ret_len = s.len;
	*ret = TAKE_PTR(s.data);
	file_state_release(&s);
	return 0;
}

/* ---- manifest: from JSON (hostile input) ---- */

static json_object *member(json_object *o, const char *key)
{
	json_object *v = NULL;
	if (!json_object_object_get_ex(o, key, &v) || json_object_is_type(v, json_type_null))
		return NULL;
	return v;
}

static int get_string(json_object *o, const char *key, bool required, char **ret)
{
	json_object *v = member(o, key);
	if (!v) {
		*ret = NULL;
		return required ? -EBADMSG : 0;
	}
	if (!json_object_is_type(v, json_type_string))
		return -EBADMSG;
	const char *s = json_object_get_string(v);
	int len = json_object_get_string_len(v);
	if (len < 0 || memchr(s, '\0', (size_t)len))
		return -EBADMSG;
	*ret = xstrdup(s);
	return 0;
}

static int get_int64(json_object *o, const char *key, int64_t *ret)
{
	json_object *v = member(o, key);
	if (!v) {
		*ret = 0;
		return 0;
	}
	if (!json_object_is_type(v, json_type_int))
		return -EBADMSG;
	errno = 0;
	int64_t n = json_object_get_int64(v);
	if (errno == ERANGE)
		return -EBADMSG;
	*ret = n;
	return 0;
}

static int get_uint32(json_object *o, const char *key, uint32_t *ret)
{
	int64_t n;
	int r = get_int64(o, key, &n);
	if (r < 0)
		return r;
	if (n < 0 || n > UINT32_MAX)
		return -EBADMSG;
	*ret = (uint32_t)n;
	return 0;
}

static int get_bool(json_object *o, const char *key, bool *ret)
{
	json_object *v = member(o, key);
	if (!v) {
		*ret = false;
		return 0;
	}
	if (!json_object_is_type(v, json_type_boolean))
		return -EBADMSG;
	*ret = json_object_get_boolean(v);
	return 0;
}

static int get_strv(json_object *o, const char *key, char ***ret)
{
	json_object *v = member(o, key);
	*ret = NULL;
	if (!v)
		return 0;
	if (!json_object_is_type(v, json_type_array))
		return -EBADMSG;
	size_t n = json_object_array_length(v);
	char **out = NULL;
	for (size_t i = 0; i < n; i++) {
		json_object *s = json_object_array_get_idx(v, i);
		if (!json_object_is_type(s, json_type_string) ||
		    memchr(json_object_get_string(s), '\0',
			   (size_t)json_object_get_string_len(s))) {
			strv_free(out);
			return -EBADMSG;
		}
		strv_extend(&out, json_object_get_string(s));
	}
	*ret = out;
	return 0;
}

static int get_sha(json_object *o, const char *key, char ret[static 65])
{
	_cleanup_free_ char *s = NULL;
	int r = get_string(o, key, false, &s);
	if (r < 0)
		return r;
	ret[0] = '\0';
	if (!s || !*s)
		return 0;
	if (strlen(s) != 64 || strspn(s, "0123456789abcdef") != 64)
		return -EBADMSG;
	memcpy(ret, s, 65);
	return 0;
}

static int entry_from_json(json_object *o, struct run_entry *e)
{
	_cleanup_free_ char *kind = NULL, *mode = NULL;
	int r;
	if (!json_object_is_type(o, json_type_object))
		return -EBADMSG;
	if ((r = get_string(o, "kind", true, &kind)) < 0)
		return r;
	int k = change_kind_from_string(kind);
	if (k < 0)
		return k;
	e->kind = k;
	if ((r = get_string(o, "path", true, &e->path)) < 0 ||
	    (r = get_string(o, "summary", false, &e->summary)) < 0 ||
	    (r = get_strv(o, "rules", &e->rule_ids)) < 0 ||
	    (r = get_bool(o, "daemon_config", &e->daemon_config)) < 0 ||
	    (r = get_bool(o, "existed", &e->existed)) < 0 ||
	    (r = get_string(o, "backup", false, &e->backup)) < 0 ||
	    (r = get_sha(o, "sha256_before", e->sha256_before)) < 0 ||
	    (r = get_sha(o, "sha256_after", e->sha256_after)) < 0 ||
	    (r = get_strv(o, "dirs_created", &e->dirs_created)) < 0 ||
	    (r = get_string(o, "mode", false, &mode)) < 0 ||
	    (r = get_uint32(o, "uid", &e->uid)) < 0 || (r = get_uint32(o, "gid", &e->gid)) < 0 ||
	    (r = get_string(o, "old_value", false, &e->old_value)) < 0 ||
	    (r = get_string(o, "new_value", false, &e->new_value)) < 0 ||
	    (r = get_strv(o, "argv", &e->argv)) < 0)
		return r;
	if (mode && parse_mode(mode, &e->mode) < 0)
		return -EBADMSG;
	/* what rollback relies on */
	if ((e->kind == CHANGE_FILE || e->kind == CHANGE_ATTR) && e->path[0] != '/')
		return -EBADMSG;
	if (e->kind == CHANGE_FILE) {
		if (!e->sha256_after[0])
			return -EBADMSG;
		if (e->existed &&
		    (!e->backup || !backup_name_is_valid(e->backup) || !e->sha256_before[0]))
			return -EBADMSG;
		for (size_t i = 0; e->dirs_created && e->dirs_created[i]; i++)
			if (e->dirs_created[i][0] != '/')
				return -EBADMSG;
	}
	if (e->kind == CHANGE_COMMAND && (!e->argv || !e->argv[0]))
		return -EBADMSG;
	return 0;
}

static int record_from_json(const char *text, size_t len, const char *id, struct run_record *ret)
{
	json_tokener *tok = json_tokener_new_ex(16);
	if (!tok)
		return -ENOMEM;
	json_object *o = json_tokener_parse_ex(tok, text, (int)len);
	bool ok = o && json_tokener_get_error(tok) == json_tokener_success;
	if (ok) {
		size_t end = json_tokener_get_parse_end(tok);
		for (size_t i = end; i < len; i++)
			if (!strchr(" \t\r\n", text[i]))
				ok = false;
	}
	json_tokener_free(tok);
	_cleanup_json_ json_object *root = o;
	if (!ok || !json_object_is_type(root, json_type_object))
		return -EBADMSG;

	struct run_record r = {0};
	_cleanup_free_ char *schema = NULL, *state = NULL;
	int k = 0;
	if ((k = get_string(root, "schema", true, &schema)) < 0 || !STREQ(schema, JOURNAL_SCHEMA) ||
	    (k = get_string(root, "id", true, &r.id)) < 0 || !STREQ(r.id, id) ||
	    (k = get_int64(root, "started", &r.started)) < 0 ||
	    (k = get_int64(root, "finished", &r.finished)) < 0 ||
	    (k = get_string(root, "user", false, &r.user)) < 0 ||
	    (k = get_string(root, "root", false, &r.root)) < 0 ||
	    (k = get_string(root, "state", true, &state)) < 0 ||
	    (k = run_state_from_string(state)) < 0)
		goto bad;
	r.state = k;
	if ((k = get_bool(root, "restart", &r.restart)) < 0 ||
	    (k = get_string(root, "note", false, &r.note)) < 0)
		goto bad;
	json_object *entries = member(root, "entries");
	if (entries) {
		if (!json_object_is_type(entries, json_type_array))
			goto bad;
		size_t n = json_object_array_length(entries);
		for (size_t i = 0; i < n; i++) {
			struct run_entry *e = GROW(r.entries, r.n_entries);
			if (entry_from_json(json_object_array_get_idx(entries, i), e) < 0)
				goto bad;
		}
	}
	*ret = r;
	return 0;
bad:
	run_record_release(&r);
	return -EBADMSG;
}

int journal_load(const struct host *h, const char *id, struct run_record *ret)
{
	if (!id || !id_is_valid(id))
		return -EINVAL;
	_cleanup_free_ char *dir = journal_path(id, NULL);
	struct stat st;
	int r = host_stat(h, dir, false, &st);
	if (r < 0)
		return r;
	if (!S_ISDIR(st.st_mode))
		return -EBADMSG;
	_cleanup_free_ char *path = journal_path(id, "manifest.json");
	struct file_state s;
	r = apply_read_current(h, path, &s);
	if (r < 0)
		return r == -EFBIG ? -EBADMSG : r;
	if (!s.exists)
		return -EBADMSG; /* a run directory always has a manifest */
	if (s.len > JOURNAL_MANIFEST_MAX) {
		file_state_release(&s);
		return -EBADMSG;
	}
	r = record_from_json(s.data, s.len, id, ret);
	file_state_release(&s);
	return r;
}

/* ---- history ---- */

static int cmp_record(const void *a, const void *b)
{
	return strverscmp(((const struct run_record *)a)->id, ((const struct run_record *)b)->id);
}

int journal_list(const struct host *h, struct run_record **ret, size_t *ret_n)
{
	_cleanup_strv_free_ char **names = NULL;
	int r = host_list_dir(h, JOURNAL_DIR, &names);
	if (r == -ENOENT) {
		*ret = NULL;
		*ret_n = 0;
		return 0;
	}
	if (r < 0)
		return r;
	struct run_record *v = NULL;
	size_t n = 0;
	for (size_t i = 0; names[i]; i++) {
		if (names[i][0] == '.' || !id_is_valid(names[i]))
			continue; /* staging directories, foreign files */
		struct run_record rec;
		r = journal_load(h, names[i], &rec);
		if (r == -ENOTDIR)
			continue;
		if (r < 0) {
			/* listed, so that `history` shows it, but never taken for a rollback */
			rec = (struct run_record){
				.id = xstrdup(names[i]),
				.state = RUN_APPLYING,
				.note = xasprintf("damaged manifest: %s", strerror(-r)),
			};
		}
		*GROW(v, n) = rec;
	}
	if (n)
		qsort(v, n, sizeof(*v), cmp_record);
	*ret = v;
	*ret_n = n;
	return 0;
}

int journal_last_id(const struct host *h, char **ret)
{
	struct run_record *v = NULL;
	size_t n = 0;
	int r = journal_list(h, &v, &n);
	if (r < 0)
		return r;
	char *found = NULL;
	for (size_t i = n; i > 0 && !found; i--) {
		struct run_record *rec = &v[i - 1];
		if (rec->state == RUN_ROLLED_BACK || rec->started == 0)
			continue; /* rolled back, or damaged (see journal_list) */
		found = xstrdup(rec->id);
	}
	for (size_t i = 0; i < n; i++)
		run_record_release(&v[i]);
	free(v);
	if (!found)
		return -ENOENT;
	*ret = found;
	return 0;
}
