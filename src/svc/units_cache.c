/* The unit list page cache (see units_cache.h): a few entries under one mutex, least recently used
 * replaced; and units by code, a direct-mapped table under a reader-writer lock whose current
 * entries are those of svc/cache_gen.h's generation. */
#include "base/base.h"

#include <pthread.h>

#include "svc/cache_gen.h"
#include "svc/units_cache.h"

struct page {
	char *key; /* NULL = free */
	int64_t stamp[2];
	struct unit *units;
	size_t n;
	bool more;
	uint64_t used; /* last use, for replacement */
};

struct unit_entry {
	uint64_t gen;
	struct unit row; /* parent "" */
	size_t nspans;
	struct unit_parent_span spans[UNITS_CACHE_SPANS];
};

struct units_cache {
	pthread_mutex_t lock;
	uint64_t clock;
	struct page pages[UNITS_CACHE_PAGES];
	pthread_rwlock_t units_lock;
	struct cache_gen gen;
	struct unit_entry *units[UNITS_CACHE_SLOTS];
	/* The tree (under units_lock): the generation it was read at (0: none) and its instants. */
	uint64_t tree_gen;
	int64_t tree_from, tree_until;
	struct units_tree_row *tree;
	size_t tree_n;
};

struct units_cache *units_cache_new(void)
{
	struct units_cache *c = xcalloc(1, sizeof(*c));
	pthread_mutex_init(&c->lock, NULL);
	pthread_rwlock_init(&c->units_lock, NULL);
	cache_gen_init(&c->gen);
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
	for (size_t i = 0; i < UNITS_CACHE_SLOTS; i++)
		free(c->units[i]);
	free(c->tree);
	pthread_mutex_destroy(&c->lock);
	pthread_rwlock_destroy(&c->units_lock);
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

static size_t unit_slot(const char *code)
{
	uint64_t h = 14695981039346656037ull;
	for (const char *s = code; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return (size_t)(h % UNITS_CACHE_SLOTS);
}

uint64_t units_cache_stamp(struct units_cache *c)
{
	return c ? cache_gen_stamp(&c->gen) : 0;
}

bool units_cache_unit(struct units_cache *c, const char *code, int64_t as_of, struct unit *out,
		      bool *found)
{
	uint64_t stamp = units_cache_stamp(c);
	if (!stamp)
		return false;
	size_t covering = 0;
	pthread_rwlock_rdlock(&c->units_lock);
	const struct unit_entry *e = c->units[unit_slot(code)];
	bool kept = e && e->gen == stamp && !strcmp(e->row.code, code);
	/* The span unitstore_get's join picks: valid_from <= as_of < valid_to. When several
	 * overlap, the database's row order would decide: that is left to the database. */
	for (size_t i = 0; kept && i < e->nspans; i++) {
		const struct unit_parent_span *s = &e->spans[i];
		if (s->from > as_of || as_of >= s->to)
			continue;
		if (covering++ == 0) {
			*out = e->row;
			memcpy(out->parent, s->parent, sizeof(out->parent));
		}
	}
	pthread_rwlock_unlock(&c->units_lock);
	*found = covering == 1;
	return kept && covering <= 1;
}

void units_cache_keep(struct units_cache *c, uint64_t stamp, const struct unit *row,
		      const struct unit_parent_span *spans, size_t n)
{
	if (!stamp || stamp != units_cache_stamp(c) || n > UNITS_CACHE_SPANS)
		return;
	struct unit_entry *e = xcalloc(1, sizeof(*e));
	e->gen = stamp;
	e->row = *row;
	e->row.parent[0] = '\0';
	e->nspans = n;
	if (n)
		memcpy(e->spans, spans, n * sizeof(*spans));
	pthread_rwlock_wrlock(&c->units_lock);
	struct unit_entry **slot = &c->units[unit_slot(row->code)];
	struct unit_entry *old = *slot;
	*slot = e;
	pthread_rwlock_unlock(&c->units_lock);
	free(old);
}

bool units_cache_tree(struct units_cache *c, int64_t as_of, struct arena *a,
		      struct units_tree_row **rows, size_t *n)
{
	uint64_t stamp = units_cache_stamp(c);
	if (!stamp)
		return false;
	pthread_rwlock_rdlock(&c->units_lock);
	bool kept = c->tree_gen == stamp && c->tree_from <= as_of && as_of < c->tree_until;
	if (kept) {
		*n = c->tree_n;
		*rows = arena_alloc(a, (c->tree_n + 1) * sizeof(**rows));
		if (c->tree_n)
			memcpy(*rows, c->tree, c->tree_n * sizeof(**rows));
	}
	pthread_rwlock_unlock(&c->units_lock);
	return kept;
}

void units_cache_tree_keep(struct units_cache *c, uint64_t stamp, int64_t as_of, int64_t until,
			   const struct units_tree_row *rows, size_t n)
{
	if (!stamp || stamp != units_cache_stamp(c) || as_of >= until)
		return;
	struct units_tree_row *copy = xmalloc((n + 1) * sizeof(*copy));
	if (n)
		memcpy(copy, rows, n * sizeof(*rows));
	pthread_rwlock_wrlock(&c->units_lock);
	struct units_tree_row *old = c->tree;
	c->tree = copy;
	c->tree_n = n;
	c->tree_gen = stamp;
	c->tree_from = as_of;
	c->tree_until = until;
	pthread_rwlock_unlock(&c->units_lock);
	free(old);
}

void units_cache_change(struct units_cache *c)
{
	if (c)
		cache_gen_begin(&c->gen);
}

void units_cache_changed(struct units_cache *c, int n)
{
	if (c)
		cache_gen_end(&c->gen, n);
}

void units_cache_changed_elsewhere(struct units_cache *c)
{
	if (c)
		cache_gen_elsewhere(&c->gen);
}
