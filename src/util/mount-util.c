/* mount-util.c: libmount, fed from memory.
 *
 * libmount is the parser that mount(8) and findmnt(8) trust for mountinfo's escapes (\040) and
 * optional fields, so we use it rather than a parser of our own. But left to itself it opens
 * files: mnt_table_parse_file() on "/proc/..." paths, utab, and for a "/dev/root" source it asks
 * the auditing machine's /sys and /proc/cmdline what the root device is. So we give it a memory
 * stream of text read inside the host root, name that stream "" (which gives libmount no path
 * to resolve for its thread id), and hide "/dev/root" from it. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "mount-util.h"

#define DEV_ROOT "/dev/root"
#define DEV_ROOT_STANDIN "-dev-root" /* as long, and nothing libmount looks up */

struct parse_state {
	int first_bad;
	unsigned n_bad;
};

/* libmount's error callback: count the line and skip it (>0 means "recoverable"), so that every
 * bad line is counted before we refuse the whole text. */
static int on_parse_error(struct libmnt_table *tb, const char *filename, int line)
{
	(void)filename;
	struct parse_state *st = mnt_table_get_userdata(tb);
	if (st->n_bad++ == 0)
		st->first_bad = line;
	return 1;
}

/* Iterates over the lines libmount treats as entries (it skips blank lines and lines starting,
 * after blanks, with '#'). *pos is the offset of the next line; returns false at the end. */
static bool next_entry_line(const char *text, size_t len, size_t *pos, const char **ret_line,
			    size_t *ret_len, int *lineno)
{
	while (*pos < len) {
		const char *l = text + *pos;
		const char *nl = memchr(l, '\n', len - *pos);
		size_t n = nl ? (size_t)(nl - l) : len - *pos;
		*pos += n + (nl ? 1 : 0);
		(*lineno)++;
		size_t i = 0;
		while (i < n && (l[i] == ' ' || l[i] == '\t'))
			i++;
		if (i == n || l[i] == '#' || (i + 1 == n && l[i] == '\r'))
			continue;
		*ret_line = l;
		*ret_len = n;
		return true;
	}
	return false;
}

/* libmount guesses the format from the first entry line and would read the whole text as an
 * fstab when that line does not start with two numbers: refuse that ourselves. */
static bool looks_like_mountinfo(const char *l, size_t n)
{
	size_t i = 0;
	for (int field = 0; field < 2; field++) {
		while (i < n && (l[i] == ' ' || l[i] == '\t'))
			i++;
		size_t start = i;
		while (i < n && l[i] >= '0' && l[i] <= '9')
			i++;
		if (i == start)
			return false;
	}
	return i < n && (l[i] == ' ' || l[i] == '\t');
}

/* The source field of a mountinfo line (the second field after " - ") when it is exactly
 * "/dev/root", else NULL. The fields before the separator are escaped, so " - " cannot occur
 * in them. */
static const char *dev_root_source(const char *l, size_t n)
{
	const char *sep = memmem(l, n, " - ", 3);
	if (!sep)
		return NULL;
	const char *p = sep + 3, *end = l + n;
	while (p < end && *p == ' ')
		p++;
	while (p < end && *p != ' ')
		p++; /* fstype */
	if (p < end)
		p++; /* one separator: two in a row mean an empty source */
	const char *src = p;
	while (p < end && *p != ' ' && *p != '\r')
		p++;
	return (size_t)(p - src) == strlen(DEV_ROOT) && memcmp(src, DEV_ROOT, strlen(DEV_ROOT)) == 0
		       ? src
		       : NULL;
}

int mountinfo_parse_text(const char *text, size_t len, struct libmnt_table **ret,
			 int *ret_bad_line, unsigned *ret_n_bad)
{
	struct parse_state st = {0};
	size_t pos = 0, n;
	int lineno = 0;
	const char *l;

	if (next_entry_line(text, len, &pos, &l, &n, &lineno) && !looks_like_mountinfo(l, n)) {
		*ret_bad_line = lineno;
		*ret_n_bad = 1;
		return -EBADMSG;
	}

	_cleanup_(mnt_free_tablep) struct libmnt_table *tb = mnt_new_table();
	if (!tb)
		return -ENOMEM;
	if (len == 0) { /* fmemopen() refuses an empty buffer */
		*ret = TAKE_PTR(tb);
		return 0;
	}

	/* libmount replaces a "/dev/root" source by what the auditing machine's own /sys and
	 * /proc/cmdline say the root device is (even reading them for a fixture): hand it a
	 * stand-in and put the source back afterwards. */
	_cleanup_free_ char *copy = NULL;
	if (memmem(text, len, DEV_ROOT, strlen(DEV_ROOT))) {
		copy = xmalloc(len);
		memcpy(copy, text, len);
		pos = 0;
		lineno = 0;
		while (next_entry_line(copy, len, &pos, &l, &n, &lineno)) {
			const char *src = dev_root_source(l, n);
			if (src)
				memcpy(copy + (src - copy), DEV_ROOT_STANDIN, strlen(DEV_ROOT));
		}
	}

	mnt_table_set_userdata(tb, &st);
	mnt_table_set_parser_errcb(tb, on_parse_error);
	FILE *f = fmemopen(copy ? copy : (void *)text, len, "r");
	if (!f)
		return -errno;
	int r = mnt_table_parse_stream(tb, f, "");
	fclose(f);
	mnt_table_set_userdata(tb, NULL);
	if (r < 0)
		return r;
	if (st.n_bad > 0) {
		*ret_bad_line = st.first_bad;
		*ret_n_bad = st.n_bad;
		return -EBADMSG;
	}

	if (!copy) {
		*ret = TAKE_PTR(tb);
		return 0;
	}
	/* Every entry line became one entry, in order: put "/dev/root" back. */
	_cleanup_(mnt_free_iterp) struct libmnt_iter *it = mnt_new_iter(MNT_ITER_FORWARD);
	if (!it)
		return -ENOMEM;
	struct libmnt_fs *fs;
	pos = 0;
	lineno = 0;
	while (mnt_table_next_fs(tb, it, &fs) == 0) {
		if (!next_entry_line(text, len, &pos, &l, &n, &lineno))
			break;
		if (dev_root_source(l, n)) {
			r = mnt_fs_set_source(fs, DEV_ROOT);
			if (r < 0)
				return r;
		}
	}
	*ret = TAKE_PTR(tb);
	return 0;
}
