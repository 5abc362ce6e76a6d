/* probe-files.c: owner, group and mode of every file a rule asked about.
 *
 * Each requested path is stat()ed following symlinks inside the root (CIS asks about the file a
 * path leads to, like stat -L) and its canonical path is kept as real_path. A recursive request
 * on a directory also records everything below it, bounded (WALK_MAX_ENTRIES entries visited,
 * WALK_MAX_DEPTH levels) because an image may hold any tree. Symlinks met during the walk are
 * recorded with their target's owner and mode but never descended into: a link to "/" would
 * otherwise make /etc/docker's tree the whole host. What the walk could not cover is said in
 * the status reason of the directory concerned and of the requested one.
 *
 * Entries below a listed directory are stat()ed relative to that directory's fd (one
 * fstatat(AT_SYMLINK_NOFOLLOW) of a single name cannot leave the root), not resolved again from
 * the root: a tree of some thousand files stays well under a second. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "probe.h"

#define WALK_MAX_ENTRIES 10000
#define WALK_MAX_DEPTH 8

/* ---- an index of the facts by path, so that nothing is recorded twice ---- */

struct path_index {
	size_t *slots; /* item index + 1, 0 when free */
	size_t n_slots, n_used;
};

static size_t hash_path(const char *s)
{
	size_t h = 14695981039346656037ULL; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static void index_put(struct path_index *ix, const struct files_facts *ff, size_t item);

static void index_grow(struct path_index *ix, const struct files_facts *ff)
{
	size_t *old = ix->slots, n_old = ix->n_slots;
	ix->n_slots = n_old ? n_old * 2 : 64;
	ix->slots = xcalloc(ix->n_slots, sizeof(size_t));
	ix->n_used = 0;
	for (size_t i = 0; i < n_old; i++)
		if (old[i])
			index_put(ix, ff, old[i] - 1);
	free(old);
}

static void index_put(struct path_index *ix, const struct files_facts *ff, size_t item)
{
	if ((ix->n_used + 1) * 2 > ix->n_slots)
		index_grow(ix, ff);
	size_t mask = ix->n_slots - 1;
	for (size_t i = hash_path(ff->items[item].path) & mask;; i = (i + 1) & mask)
		if (!ix->slots[i]) {
			ix->slots[i] = item + 1;
			ix->n_used++;
			return;
		}
}

/* The index of the fact for path, or -1. */
static ssize_t index_find(const struct path_index *ix, const struct files_facts *ff,
			  const char *path)
{
	if (!ix->n_slots)
		return -1;
	size_t mask = ix->n_slots - 1;
	for (size_t i = hash_path(path) & mask; ix->slots[i]; i = (i + 1) & mask)
		if (STREQ(ff->items[ix->slots[i] - 1].path, path))
			return (ssize_t)(ix->slots[i] - 1);
	return -1;
}

/* ---- recording ---- */

struct probe_ctx {
	const struct host *h;
	struct files_facts *ff;
	struct path_index ix;
};

static size_t add_item(struct probe_ctx *c, const char *path, bool from_recursion)
{
	struct file_fact *x = GROW(c->ff->items, c->ff->n);
	x->path = xstrdup(path);
	x->from_recursion = from_recursion;
	size_t i = c->ff->n - 1;
	index_put(&c->ix, c->ff, i);
	return i;
}

static void set_stat(struct file_fact *x, const struct stat *st, char *real_path)
{
	x->mode = st->st_mode;
	x->uid = st->st_uid;
	x->gid = st->st_gid;
	free(x->real_path);
	x->real_path = real_path;
	fact_status_set(&x->status, x->path, FACT_OK, 0, NULL);
}

/* stat -L of a host path, resolved from the root. dangling: the path is known to exist as a
 * symlink, so ENOENT means its target is missing. */
static void stat_resolved(struct probe_ctx *c, size_t i, bool dangling_if_absent)
{
	struct file_fact *x = &c->ff->items[i];
	struct stat st;
	char *real = NULL;
	int r = host_stat(c->h, x->path, true, &st);
	if (r >= 0)
		r = host_realpath(c->h, x->path, &real);
	if (r < 0) {
		if (r == -ENOENT && dangling_if_absent)
			fact_status_set(&x->status, x->path, FACT_ABSENT, 0,
					"absent: dangling symbolic link");
		else
			fact_status_from_errno(&x->status, x->path, r);
		return;
	}
	set_stat(x, &st, real);
}

static char *join(const char *dir, const char *name)
{
	size_t n = strlen(dir);
	while (n > 0 && dir[n - 1] == '/')
		n--;
	return xasprintf("%.*s/%s", (int)n, dir, name);
}

/* ---- recursion ---- */

struct walk {
	size_t top;       /* the requested directory's fact */
	size_t visited;   /* entries seen, against WALK_MAX_ENTRIES */
	bool out_of_budget;
	unsigned too_deep, unlisted;
};

/* Says why a directory's listing is incomplete, keeping its state (its own stat is fine). */
static void note(struct file_fact *x, const char *why)
{
	fact_status_set(&x->status, x->path, x->status.state, x->status.err, "%s", why);
}

static void walk_dir(struct probe_ctx *c, struct walk *w, size_t dir, int depth)
{
	if (w->out_of_budget)
		return;
	const char *path = c->ff->items[dir].path;
	if (depth >= WALK_MAX_DEPTH) {
		w->too_deep++;
		_cleanup_free_ char *why = xasprintf(
			"not listed: deeper than %d levels below the request", WALK_MAX_DEPTH);
		note(&c->ff->items[dir], why);
		return;
	}
	if (!c->ff->items[dir].real_path) { /* recorded earlier, not by a successful stat */
		int r = host_realpath(c->h, path, &c->ff->items[dir].real_path);
		if (r < 0) {
			w->unlisted++;
			note(&c->ff->items[dir], "not listed: cannot resolve its path");
			return;
		}
	}

	_cleanup_strv_free_ char **names = NULL;
	int r = host_list_dir(c->h, path, &names);
	int dfd = r >= 0 ? host_open_path(c->h, path, O_PATH | O_DIRECTORY, true) : r;
	if (dfd < 0) {
		w->unlisted++;
		_cleanup_free_ char *why = xasprintf("not listed: %s", strerror(-dfd));
		note(&c->ff->items[dir], why);
		return;
	}
	_cleanup_free_ char *dir_real = xstrdup(c->ff->items[dir].real_path);

	for (char **n = names; *n; n++) {
		if (w->visited >= WALK_MAX_ENTRIES) {
			w->out_of_budget = true;
			_cleanup_free_ char *why = xasprintf(
				"listing truncated: more than %d entries below the request",
				WALK_MAX_ENTRIES);
			note(&c->ff->items[dir], why);
			break;
		}
		w->visited++;
		_cleanup_free_ char *child = join(c->ff->items[dir].path, *n);
		ssize_t found = index_find(&c->ix, c->ff, child);
		size_t i = found >= 0 ? (size_t)found : add_item(c, child, true);

		struct stat st;
		if (fstatat(dfd, *n, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			if (found < 0)
				fact_status_from_errno(&c->ff->items[i].status, child, -errno);
			continue;
		}
		if (S_ISLNK(st.st_mode)) {
			if (found < 0)
				stat_resolved(c, i, true);
			continue; /* never descend through a link */
		}
		if (found < 0)
			set_stat(&c->ff->items[i], &st, join(dir_real, *n));
		if (S_ISDIR(st.st_mode))
			walk_dir(c, w, i, depth + 1);
	}
	close(dfd);
}

static void walk_request(struct probe_ctx *c, size_t top)
{
	struct file_fact *x = &c->ff->items[top];
	if (x->status.state != FACT_OK || !S_ISDIR(x->mode))
		return;
	/* a directory an earlier walk could not list is listed now: forget what it said */
	fact_status_set(&x->status, x->path, FACT_OK, 0, NULL);
	struct walk w = {.top = top};
	walk_dir(c, &w, top, 0);

	x = &c->ff->items[top];
	if (!w.out_of_budget && !w.too_deep && !w.unlisted)
		return;
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "listing incomplete:");
	if (w.out_of_budget)
		strbuf_addf(&sb, " stopped after %d entries;", WALK_MAX_ENTRIES);
	if (w.too_deep)
		strbuf_addf(&sb, " %u director%s deeper than %d levels not listed;", w.too_deep,
			    w.too_deep == 1 ? "y" : "ies", WALK_MAX_DEPTH);
	if (w.unlisted)
		strbuf_addf(&sb, " %u director%s could not be listed;", w.unlisted,
			    w.unlisted == 1 ? "y" : "ies");
	sb.buf[--sb.len] = '\0'; /* the last ';' */
	fact_status_set(&x->status, x->path, FACT_OK, 0, "%s", sb.buf);
	strbuf_release(&sb);
}

static void run(const struct host *h, const struct fact_requests *q, struct facts *f)
{
	struct probe_ctx c = {.h = h, .ff = &f->files};
	for (size_t i = 0; i < c.ff->n; i++)
		index_put(&c.ix, c.ff, i);

	for (size_t k = 0; q && k < q->n_files; k++) {
		const struct file_request *req = &q->files[k];
		ssize_t found = index_find(&c.ix, c.ff, req->path);
		size_t i;
		if (found >= 0) {
			i = (size_t)found;
			c.ff->items[i].from_recursion = false; /* asked for by name after all */
		} else {
			i = add_item(&c, req->path, false);
			stat_resolved(&c, i, false);
		}
		if (req->recursive)
			walk_request(&c, i);
	}
	free(c.ix.slots);
}

const struct probe probe_files = {
	.name = "files",
	.flag = PROBE_FILES,
	.offline = true,
	.needs_requests = true,
	.run = run,
};
