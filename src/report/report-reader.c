/* report-reader.c: many report files read ahead on worker threads, handed over in order.
 *
 * `report merge` of a thousand reports is JSON parsing and little else (json-c builds and
 * frees a tree per file), and parsing one file does not depend on another, so workers (one
 * per CPU, at most READER_THREADS_MAX) each claim the next file, load it and park it in a slot
 * of a ring of READER_AHEAD_PER_THREAD slots per worker; the caller takes the reports in the
 * order given, so the output and the order of messages do not depend on timing. A worker waits
 * while the ring is full: memory stays that of a few parsed reports, whatever their number.
 *
 *     claim i ──▶ load(paths[i]) ──▶ slots[i % n_slots] ──▶ report_reader_next() in order
 *      (workers, while i < taken + n_slots)                  (the caller)
 *
 * With one thread (one CPU, or pthread_create failing) the caller loads each file itself in
 * report_reader_next(). */
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include "report-compare.h"

#define READER_THREADS_MAX 8
#define READER_AHEAD_PER_THREAD 2

struct slot {
	bool ready;
	int ret; /* report_file_load()'s */
	struct report_file report;
	struct diags diags;
};

struct report_reader {
	char *const *paths;
	size_t n;
	unsigned flags;
	pthread_mutex_t lock;
	pthread_cond_t changed;
	size_t claimed; /* next index a worker takes */
	size_t taken;   /* next index the caller takes */
	bool stop;
	struct slot *slots;
	size_t n_slots;
	pthread_t threads[READER_THREADS_MAX];
	size_t n_threads;
};

static void *worker(void *userdata)
{
	struct report_reader *rd = userdata;
	pthread_mutex_lock(&rd->lock);
	for (;;) {
		while (!rd->stop && rd->claimed < rd->n && rd->claimed >= rd->taken + rd->n_slots)
			pthread_cond_wait(&rd->changed, &rd->lock);
		if (rd->stop || rd->claimed >= rd->n)
			break;
		size_t i = rd->claimed++;
		pthread_mutex_unlock(&rd->lock);

		struct slot s = {.ready = true};
		s.ret = report_file_load(rd->paths[i], rd->flags, &s.report, &s.diags);
		if (s.ret >= 0)
			report_file_compact(&s.report);

		pthread_mutex_lock(&rd->lock);
		rd->slots[i % rd->n_slots] = s;
		pthread_cond_broadcast(&rd->changed);
	}
	pthread_mutex_unlock(&rd->lock);
	return NULL;
}

static unsigned cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > READER_THREADS_MAX ? READER_THREADS_MAX : (unsigned)n;
}

struct report_reader *report_reader_new(char *const *paths, size_t n, unsigned flags,
					unsigned threads)
{
	struct report_reader *rd = xcalloc(1, sizeof(*rd));
	rd->paths = paths;
	rd->n = n;
	rd->flags = flags;
	pthread_mutex_init(&rd->lock, NULL);
	pthread_cond_init(&rd->changed, NULL);
	if (threads == 0)
		threads = cpus();
	if (threads > READER_THREADS_MAX)
		threads = READER_THREADS_MAX;
	if (threads > n)
		threads = (unsigned)n;
	/* One thread: the caller's (a single worker would only take turns with it). */
	if (threads <= 1)
		threads = 0;
	rd->n_slots = (threads ? threads : 1) * READER_AHEAD_PER_THREAD;
	rd->slots = xcalloc(rd->n_slots, sizeof(*rd->slots));
	for (unsigned t = 0; t < threads; t++) {
		if (pthread_create(&rd->threads[rd->n_threads], NULL, worker, rd) != 0)
			break; /* fewer workers, or none: report_reader_next() loads */
		rd->n_threads++;
	}
	return rd;
}

int report_reader_next(struct report_reader *rd, struct report_file *ret, struct diags *diags)
{
	if (rd->taken >= rd->n)
		return 0;
	size_t i = rd->taken;
	int r;
	if (rd->n_threads == 0) {
		r = report_file_load(rd->paths[i], rd->flags, ret, diags);
		rd->taken++;
		return r < 0 ? r : 1;
	}
	pthread_mutex_lock(&rd->lock);
	struct slot *s = &rd->slots[i % rd->n_slots];
	while (!s->ready)
		pthread_cond_wait(&rd->changed, &rd->lock);
	*ret = s->report;
	r = s->ret;
	for (size_t k = 0; k < s->diags.n; k++) { /* hand the messages over in order */
		struct diag *x = &s->diags.items[k];
		diags_add(diags, x->file, x->line, x->col, "%s", x->message);
	}
	diags_release(&s->diags);
	*s = (struct slot){0};
	rd->taken++;
	pthread_cond_broadcast(&rd->changed);
	pthread_mutex_unlock(&rd->lock);
	return r < 0 ? r : 1;
}

struct report_reader *report_reader_free(struct report_reader *rd)
{
	if (!rd)
		return NULL;
	pthread_mutex_lock(&rd->lock);
	rd->stop = true;
	pthread_cond_broadcast(&rd->changed);
	pthread_mutex_unlock(&rd->lock);
	for (size_t t = 0; t < rd->n_threads; t++)
		pthread_join(rd->threads[t], NULL);
	/* Reports loaded ahead that the caller did not take. */
	for (size_t k = 0; k < rd->n_slots; k++) {
		if (rd->slots[k].ready)
			report_file_release(&rd->slots[k].report);
		diags_release(&rd->slots[k].diags);
	}
	free(rd->slots);
	pthread_cond_destroy(&rd->changed);
	pthread_mutex_destroy(&rd->lock);
	free(rd);
	return NULL;
}
