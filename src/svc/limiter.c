/* The failure limiter (see limiter.h): entries in one array used from the front, a hash index
 * chained through the entries, and a list of the entries in the order their windows started
 * (a restarted window moves its entry to the end), so the oldest window is always the first. */
#include "base/base.h"

#include <pthread.h>

#include "svc/limiter.h"

#define NIL UINT32_MAX

struct entry {
	char key[LIMITER_KEY_MAX];
	int64_t start, failures;
	uint32_t chain;      /* next entry of the same hash bucket */
	uint32_t prev, next; /* the age list */
};

struct limiter {
	pthread_mutex_t lock;
	struct entry *entries;
	uint32_t *buckets; /* index + 1 of the first entry; 0 when empty */
	size_t capacity, used, nbuckets;
	uint32_t oldest, newest;
	int64_t max_failures, window;
	uint64_t uncounted;
};

struct limiter *limiter_new(size_t capacity, int64_t max_failures, int64_t window)
{
	struct limiter *l = xcalloc(1, sizeof(*l));
	if (capacity < 1)
		capacity = 1;
	if (capacity > UINT32_MAX / 4)
		capacity = UINT32_MAX / 4;
	l->capacity = capacity;
	l->nbuckets = 16;
	while (l->nbuckets < 2 * capacity)
		l->nbuckets *= 2;
	/* calloc: pages are touched only as entries are used. */
	l->entries = xcalloc(capacity, sizeof(*l->entries));
	l->buckets = xcalloc(l->nbuckets, sizeof(*l->buckets));
	l->oldest = l->newest = NIL;
	l->max_failures = max_failures;
	l->window = window;
	pthread_mutex_init(&l->lock, NULL);
	return l;
}

void limiter_free(struct limiter *l)
{
	if (!l)
		return;
	pthread_mutex_destroy(&l->lock);
	free(l->entries);
	free(l->buckets);
	free(l);
}

static size_t bucket_of(const struct limiter *l, const char *key)
{
	uint32_t h = 2166136261u;
	for (const char *p = key; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	return h & (l->nbuckets - 1);
}

static uint32_t find(const struct limiter *l, const char *key)
{
	for (uint32_t i = l->buckets[bucket_of(l, key)]; i; i = l->entries[i - 1].chain)
		if (strcmp(l->entries[i - 1].key, key) == 0)
			return i - 1;
	return NIL;
}

static void age_unlink(struct limiter *l, uint32_t i)
{
	struct entry *e = &l->entries[i];
	if (e->prev != NIL)
		l->entries[e->prev].next = e->next;
	else
		l->oldest = e->next;
	if (e->next != NIL)
		l->entries[e->next].prev = e->prev;
	else
		l->newest = e->prev;
}

static void age_append(struct limiter *l, uint32_t i)
{
	struct entry *e = &l->entries[i];
	e->prev = l->newest;
	e->next = NIL;
	if (l->newest != NIL)
		l->entries[l->newest].next = i;
	else
		l->oldest = i;
	l->newest = i;
}

static void unhash(struct limiter *l, uint32_t i)
{
	uint32_t *p = &l->buckets[bucket_of(l, l->entries[i].key)];
	while (*p && *p - 1 != i)
		p = &l->entries[*p - 1].chain;
	if (*p)
		*p = l->entries[i].chain;
}

static void key_copy(char dst[LIMITER_KEY_MAX], const char *key)
{
	snprintf(dst, LIMITER_KEY_MAX, "%s", key);
}

enum mc_err limiter_check(struct limiter *l, const char *key, int64_t now, int64_t *retry_after)
{
	char k[LIMITER_KEY_MAX];
	enum mc_err err = MC_OK;
	key_copy(k, key);
	pthread_mutex_lock(&l->lock);
	uint32_t i = find(l, k);
	if (i != NIL) {
		const struct entry *e = &l->entries[i];
		if (now < e->start + l->window && e->failures >= l->max_failures) {
			*retry_after = e->start + l->window - now;
			if (*retry_after < 1)
				*retry_after = 1;
			err = MC_ETOOMANY;
		}
	}
	pthread_mutex_unlock(&l->lock);
	return err;
}

/* A free entry: the next never used one, else the oldest if its window has passed. Lock held. */
static uint32_t take_entry(struct limiter *l, int64_t now)
{
	if (l->used < l->capacity)
		return (uint32_t)l->used++;
	uint32_t i = l->oldest;
	if (i == NIL || now < l->entries[i].start + l->window)
		return NIL;
	unhash(l, i);
	age_unlink(l, i);
	return i;
}

bool limiter_fail(struct limiter *l, const char *key, int64_t now)
{
	char k[LIMITER_KEY_MAX];
	bool counted = true;
	key_copy(k, key);
	pthread_mutex_lock(&l->lock);
	uint32_t i = find(l, k);
	if (i != NIL && now >= l->entries[i].start + l->window) {
		l->entries[i].start = now; /* a new window */
		l->entries[i].failures = 0;
		age_unlink(l, i);
		age_append(l, i);
	}
	if (i == NIL && (i = take_entry(l, now)) != NIL) {
		struct entry *e = &l->entries[i];
		memcpy(e->key, k, sizeof(k));
		e->start = now;
		e->failures = 0;
		size_t b = bucket_of(l, k);
		e->chain = l->buckets[b];
		l->buckets[b] = i + 1;
		age_append(l, i);
	}
	if (i != NIL)
		l->entries[i].failures++;
	else
		counted = false, l->uncounted++;
	pthread_mutex_unlock(&l->lock);
	return counted;
}

size_t limiter_size(struct limiter *l)
{
	pthread_mutex_lock(&l->lock);
	size_t n = l->used;
	pthread_mutex_unlock(&l->lock);
	return n;
}

uint64_t limiter_uncounted(struct limiter *l)
{
	pthread_mutex_lock(&l->lock);
	uint64_t n = l->uncounted;
	pthread_mutex_unlock(&l->lock);
	return n;
}
