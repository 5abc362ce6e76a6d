/* diff.c: unified diffs (see diff.h). Myers' greedy O(ND) algorithm with the V arrays of every
 * step kept for the backtrack: memory O((N+M)·D), fine for configuration files; very different
 * or very long texts fall back to "all removed, all added". */
#include <string.h>

#include "diff.h"

#define DIFF_MAX_D 4000 /* edit distance beyond which a whole replacement is shown */

struct line {
	const char *s;
	size_t len; /* without the newline */
	bool nl;    /* ends in a newline */
};

static struct line *split(const char *t, size_t len, size_t *ret_n)
{
	struct line *v = NULL;
	size_t n = 0;
	size_t i = 0;
	while (t && i < len) {
		const char *e = memchr(t + i, '\n', len - i);
		size_t l = e ? (size_t)(e - (t + i)) : len - i;
		struct line *L = GROW(v, n);
		L->s = t + i;
		L->len = l;
		L->nl = e != NULL;
		i += l + (e ? 1 : 0);
	}
	*ret_n = n;
	return v;
}

static bool line_eq(const struct line *a, const struct line *b)
{
	return a->len == b->len && a->nl == b->nl && memcmp(a->s, b->s, a->len) == 0;
}

enum op { OP_EQ, OP_DEL, OP_ADD };
struct edit {
	enum op op;
	size_t ai, bi; /* the line in a (EQ, DEL) and in b (EQ, ADD) */
};

/* The edit script from a to b, in order; NULL (and *ret_n 0) when it would cost too much. */
static struct edit *myers(const struct line *a, size_t n, const struct line *b, size_t m,
			  size_t *ret_n)
{
	*ret_n = 0;
	long max = (long)(n + m);
	if (max == 0)
		return NULL;
	long off = max;
	long *v = xcalloc((size_t)(2 * max + 1), sizeof(long));
	long **trace = NULL;
	size_t n_trace = 0;
	long dfound = -1;
	for (long d = 0; d <= max && d <= DIFF_MAX_D; d++) {
		long *copy = xmalloc(sizeof(long) * (size_t)(2 * max + 1));
		memcpy(copy, v, sizeof(long) * (size_t)(2 * max + 1));
		*GROW(trace, n_trace) = copy;
		for (long k = -d; k <= d; k += 2) {
			long x = (k == -d || (k != d && v[off + k - 1] < v[off + k + 1]))
					 ? v[off + k + 1]
					 : v[off + k - 1] + 1;
			long y = x - k;
			while (x < (long)n && y < (long)m && line_eq(&a[x], &b[y]))
				x++, y++;
			v[off + k] = x;
			if (x >= (long)n && y >= (long)m) {
				dfound = d;
				break;
			}
		}
		if (dfound >= 0)
			break;
	}
	struct edit *e = NULL;
	size_t ne = 0;
	if (dfound >= 0) {
		long x = (long)n, y = (long)m;
		for (long d = dfound; d >= 0; d--) {
			long *tv = trace[d];
			long k = x - y;
			long pk, px, py;
			if (d == 0) {
				pk = 0;
				px = py = 0;
			} else {
				pk = (k == -d || (k != d && tv[off + k - 1] < tv[off + k + 1])) ? k + 1
												  : k - 1;
				px = tv[off + pk];
				py = px - pk;
			}
			while (x > px && y > py) {
				x--, y--;
				*GROW(e, ne) = (struct edit){OP_EQ, (size_t)x, (size_t)y};
			}
			if (d > 0) {
				if (x == px)
					*GROW(e, ne) = (struct edit){OP_ADD, 0, (size_t)py};
				else
					*GROW(e, ne) = (struct edit){OP_DEL, (size_t)px, 0};
			}
			x = px, y = py;
		}
		for (size_t i = 0; i < ne / 2; i++) { /* built backwards */
			struct edit t = e[i];
			e[i] = e[ne - 1 - i];
			e[ne - 1 - i] = t;
		}
	}
	for (size_t i = 0; i < n_trace; i++)
		free(trace[i]);
	free(trace);
	free(v);
	*ret_n = ne;
	return e;
}

static void add_line(struct strbuf *sb, char sign, const struct line *L)
{
	strbuf_addc(sb, sign);
	strbuf_add(sb, L->s, L->len);
	strbuf_addc(sb, '\n');
	if (!L->nl)
		strbuf_adds(sb, "\\ No newline at end of file\n");
}

static void range(struct strbuf *sb, char sign, size_t start, size_t count)
{
	/* diff -u: "-3" for one line, "-3,0" for none (start is then the line before) */
	if (count == 1)
		strbuf_addf(sb, "%c%zu", sign, start + 1);
	else
		strbuf_addf(sb, "%c%zu,%zu", sign, count ? start + 1 : start, count);
}

size_t diff_unified(struct strbuf *sb, const char *a_label, const char *a, size_t alen,
		    const char *b_label, const char *b, size_t blen, int context)
{
	size_t n, m;
	_cleanup_free_ struct line *la = split(a, alen, &n);
	_cleanup_free_ struct line *lb = split(b, blen, &m);
	size_t ne = 0;
	_cleanup_free_ struct edit *e = NULL;
	if (n <= DIFF_MAX_LINES && m <= DIFF_MAX_LINES)
		e = myers(la, n, lb, m, &ne);
	if (!e && n + m > 0) { /* too costly, or one side empty: everything changes */
		if (n && m && n == m) {
			bool all = true;
			for (size_t i = 0; i < n && all; i++)
				all = line_eq(&la[i], &lb[i]);
			if (all)
				return 0;
		}
		e = xcalloc(n + m, sizeof(*e));
		for (size_t i = 0; i < n; i++)
			e[ne++] = (struct edit){OP_DEL, i, 0};
		for (size_t j = 0; j < m; j++)
			e[ne++] = (struct edit){OP_ADD, 0, j};
	}
	size_t changed = 0;
	for (size_t i = 0; i < ne; i++)
		changed += e[i].op != OP_EQ;
	if (!changed)
		return 0;

	strbuf_addf(sb, "--- %s\n+++ %s\n", a_label, b_label);
	size_t ctx = context < 0 ? 0 : (size_t)context;
	size_t i = 0;
	while (i < ne) {
		while (i < ne && e[i].op == OP_EQ)
			i++;
		if (i >= ne)
			break;
		/* a hunk: from ctx lines before this change to ctx lines after the last change
		 * that is no more than 2*ctx equal lines from the next */
		size_t start = i >= ctx ? i - ctx : 0;
		size_t end = i;
		for (;;) {
			while (end < ne && e[end].op != OP_EQ)
				end++;
			size_t eq = end;
			while (eq < ne && e[eq].op == OP_EQ)
				eq++;
			if (eq < ne && eq - end <= 2 * ctx) {
				end = eq;
				continue;
			}
			end = end + ctx < ne ? end + ctx : ne;
			if (eq >= ne && end > eq)
				end = eq;
			break;
		}
		/* positions of the hunk in a and b */
		size_t a0 = 0, b0 = 0, ac = 0, bc = 0;
		bool a_set = false, b_set = false;
		for (size_t j = 0; j < start; j++) {
			if (e[j].op != OP_ADD)
				a0 = e[j].ai + 1;
			if (e[j].op != OP_DEL)
				b0 = e[j].bi + 1;
		}
		for (size_t j = start; j < end; j++) {
			if (e[j].op != OP_ADD) {
				if (!a_set)
					a0 = e[j].ai, a_set = true;
				ac++;
			}
			if (e[j].op != OP_DEL) {
				if (!b_set)
					b0 = e[j].bi, b_set = true;
				bc++;
			}
		}
		strbuf_adds(sb, "@@ ");
		range(sb, '-', a0, ac);
		strbuf_addc(sb, ' ');
		range(sb, '+', b0, bc);
		strbuf_adds(sb, " @@\n");
		/* within a run of changes, removals first, then additions (as diff -u does) */
		for (size_t j = start; j < end;) {
			if (e[j].op == OP_EQ) {
				add_line(sb, ' ', &la[e[j].ai]);
				j++;
				continue;
			}
			size_t k = j;
			while (k < end && e[k].op != OP_EQ)
				k++;
			for (size_t x = j; x < k; x++)
				if (e[x].op == OP_DEL)
					add_line(sb, '-', &la[e[x].ai]);
			for (size_t x = j; x < k; x++)
				if (e[x].op == OP_ADD)
					add_line(sb, '+', &lb[e[x].bi]);
			j = k;
		}
		i = end;
	}
	return changed;
}
