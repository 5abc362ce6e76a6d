/* probe-mounts.c: the mount table of the host, from <root>/proc/self/mountinfo.
 *
 * The text is read with host_read_file() (bounded, resolved inside the root) and parsed by
 * libmount from memory (mount-util.h), so a fixture or an image's copy of mountinfo is read the
 * same way as the kernel's and nothing outside the root is opened. Entries are kept in file
 * order: a later mount on the same target covers an earlier one. A mountinfo that libmount
 * cannot parse line by line is FACT_INVALID and yields no entries: half a mount table would
 * make a separate-mount check guess. */
#include <errno.h>
#include <string.h>
#include <sys/sysmacros.h>

#include "mount-util.h"
#include "probe.h"

#define MOUNTINFO_PATH "/proc/self/mountinfo"

static void add_entry(struct mounts_facts *m, struct libmnt_fs *fs)
{
	struct mount_entry *e = GROW(m->items, m->n);
	dev_t dev = mnt_fs_get_devno(fs);
	e->id = mnt_fs_get_id(fs);
	e->parent_id = mnt_fs_get_parent_id(fs);
	e->major = major(dev);
	e->minor = minor(dev);
	e->root = xstrdup_or_null(mnt_fs_get_root(fs));
	e->target = xstrdup_or_null(mnt_fs_get_target(fs));
	e->fstype = xstrdup_or_null(mnt_fs_get_fstype(fs));
	e->source = xstrdup_or_null(mnt_fs_get_source(fs));
	e->options = xstrdup_or_null(mnt_fs_get_options(fs));
}

static void run(const struct host *h, const struct fact_requests *q, struct facts *f)
{
	(void)q;
	struct mounts_facts *m = &f->mounts;
	_cleanup_free_ char *text = NULL;
	size_t len = 0;

	int r = host_read_file(h, MOUNTINFO_PATH, 0, false, &text, &len);
	if (r < 0) {
		fact_status_from_errno(&m->status, MOUNTINFO_PATH, r);
		return;
	}

	_cleanup_(mnt_free_tablep) struct libmnt_table *tb = NULL;
	int bad_line = 0;
	unsigned n_bad = 0;
	r = mountinfo_parse_text(text, len, &tb, &bad_line, &n_bad);
	if (r == -EBADMSG) {
		if (n_bad > 1)
			fact_status_set(&m->status, MOUNTINFO_PATH, FACT_INVALID, EBADMSG,
					"invalid: line %d is not a mountinfo line (and %u more)",
					bad_line, n_bad - 1);
		else
			fact_status_set(&m->status, MOUNTINFO_PATH, FACT_INVALID, EBADMSG,
					"invalid: line %d is not a mountinfo line", bad_line);
		return;
	}
	if (r < 0) {
		fact_status_set(&m->status, MOUNTINFO_PATH, FACT_UNREADABLE, -r,
				"unreadable: libmount: %s", strerror(-r));
		return;
	}
	if (mnt_table_get_nents(tb) <= 0) {
		/* The kernel always lists at least "/": an empty file is not a mount table. */
		fact_status_set(&m->status, MOUNTINFO_PATH, FACT_INVALID, EBADMSG,
				"invalid: no mount entries");
		return;
	}

	_cleanup_(mnt_free_iterp) struct libmnt_iter *it = mnt_new_iter(MNT_ITER_FORWARD);
	if (!it) {
		fact_status_set(&m->status, MOUNTINFO_PATH, FACT_UNREADABLE, ENOMEM,
				"unreadable: %s", strerror(ENOMEM));
		return;
	}
	struct libmnt_fs *fs;
	while (mnt_table_next_fs(tb, it, &fs) == 0)
		add_entry(m, fs);
	fact_status_set(&m->status, MOUNTINFO_PATH, FACT_OK, 0, NULL);
}

const struct probe probe_mounts = {
	.name = "mounts",
	.flag = PROBE_MOUNTS,
	.offline = true,
	.run = run,
};
