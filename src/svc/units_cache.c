/* The unit list page cache (see units_cache.h): a few entries under one mutex, least recently used
 * replaced. */
#include "base/base.h"

#include <pthread.h>

#include "svc/units_cache.h"

struct page {
	char *key; /* NULL = free */
	int64_t stamp[2];
	struct unit *units;
	size_t n;
	bool more;
	uint64_t used; /* last use, for replacement */
};

struct units_cache {
	pthread_mutex_t lock;
	uint64_t clock;
	struct page pages[UNITS_CACHE_PAGES];
};

struct units_cache *units_cache_new(void)
{
	struct units_cache *c = xcalloc(1, sizeof(*c));
	pthread_mutex_init(&c->lock, NULL);
	return c;
}

static void page_clear(struct page *p)
{
	free(p->key);
	free(p->units);
	memset(p, 0, sizeof(*p));
}

void units_cache_free(struct units_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < UNITS_CACHE_PAGES; i++)
		page_clear(&c->pages[i]);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

bool units_cache_get(struct units_cache *c, const char *key, const int64_t stamp[2],
		     struct arena *a, struct unit **units, size_t *n, bool *more)
{
	if (!c)
		return false;
	bool found = false;
	pthread_mutex_lock(&c->lock);
	for (size_t i = 0; i < UNITS_CACHE_PAGES && !found; i++) {
		struct page *p = &c->pages[i];
		if (!p->key || strcmp(p->key, key) != 0)
			continue;
		if (p->stamp[0] != stamp[0] || p->stamp[1] != stamp[1]) {
			page_clear(p); /* the units changed since */
			break;
		}
		found = true;
		p->used = ++c->clock;
		*units = arena_alloc(a, (p->n ? p->n : 1) * sizeof(**units));
		if (p->n)
			memcpy(*units, p->units, p->n * sizeof(**units));
		*n = p->n;
		*more = p->more;
	}
	pthread_mutex_unlock(&c->lock);
	return found;
}

void units_cache_put(struct units_cache *c, const char *key, const int64_t stamp[2],
		     const struct unit *units, size_t n, bool more)
{
	if (!c)
		return;
	pthread_mutex_lock(&c->lock);
	struct page *victim = &c->pages[0];
	for (size_t i = 0; i < UNITS_CACHE_PAGES; i++) {
		struct page *p = &c->pages[i];
		if (p->key && strcmp(p->key, key) == 0) {
			victim = p;
			break;
		}
		if (!p->key || (victim->key && p->used < victim->used))
			victim = p;
	}
	page_clear(victim);
	victim->key = xstrdup(key);
	victim->stamp[0] = stamp[0];
	victim->stamp[1] = stamp[1];
	victim->units = xmalloc((n ? n : 1) * sizeof(*units));
	if (n)
		memcpy(victim->units, units, n * sizeof(*units));
	victim->n = n;
	victim->more = more;
	victim->used = ++c->clock;
	pthread_mutex_unlock(&c->lock);
}
