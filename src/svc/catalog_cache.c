/* The procedure version cache (see catalog_cache.h): a direct-mapped table of deep copies, each in
 * an arena of its own, under one reader-writer lock; a slot taken by another key is replaced.
 * Which entries are current is svc/cache_gen.h's generation. */
#include "base/base.h"

#include <pthread.h>

#include "svc/cache_gen.h"
#include "svc/catalog_cache.h"

struct cc_entry {
	char code[PROC_CODE_MAX];
	int64_t version; /* as asked: 0 = the latest */
	uint64_t gen;
	struct arena mem;
	struct procedure p; /* texts and arrays in mem */
};

struct catalog_cache {
	pthread_rwlock_t lock;
	struct cache_gen gen;
	struct cc_entry *slots[CATALOG_CACHE_SLOTS];
};

static const char *dup_or_null(struct arena *a, const char *s)
{
	return s ? arena_strdup(a, s) : NULL;
}

/* Copies src into dst with every text and array in a. */
static void proc_copy(struct arena *a, const struct procedure *src, struct procedure *dst)
{
	*dst = *src;
	dst->name = dup_or_null(a, src->name);
	dst->field = dup_or_null(a, src->field);
	dst->result = dup_or_null(a, src->result);
	dst->fees_text = dup_or_null(a, src->fees_text);
	dst->components = arena_alloc(a, (src->ncomponents + 1) * sizeof(*src->components));
	for (size_t i = 0; i < src->ncomponents; i++) {
		dst->components[i] = src->components[i];
		dst->components[i].name = dup_or_null(a, src->components[i].name);
	}
	dst->steps = arena_alloc(a, (src->nsteps + 1) * sizeof(*src->steps));
	for (size_t i = 0; i < src->nsteps; i++) {
		dst->steps[i] = src->steps[i];
		dst->steps[i].name = dup_or_null(a, src->steps[i].name);
	}
	dst->fees = arena_alloc(a, (src->nfees + 1) * sizeof(*src->fees));
	for (size_t i = 0; i < src->nfees; i++) {
		struct fee_rule *r = &dst->fees[i];
		*r = src->fees[i];
		r->name = dup_or_null(a, r->name);
		r->agency = dup_or_null(a, r->agency);
		r->legal_basis = dup_or_null(a, r->legal_basis);
		for (size_t j = 0; j < r->nexemptions && j < FEE_MAX_EXEMPTIONS; j++) {
			r->exemptions[j].name = dup_or_null(a, r->exemptions[j].name);
			r->exemptions[j].legal_basis = dup_or_null(a, r->exemptions[j].legal_basis);
		}
	}
}

static size_t slot_of(const char *code, int64_t version)
{
	uint64_t h = 14695981039346656037ull;
	for (const char *s = code; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	h = (h ^ (uint64_t)version) * 1099511628211ull;
	return (size_t)(h % CATALOG_CACHE_SLOTS);
}

static void entry_free(struct cc_entry *e)
{
	if (!e)
		return;
	arena_release(&e->mem);
	free(e);
}

struct catalog_cache *catalog_cache_new(void)
{
	struct catalog_cache *c = xcalloc(1, sizeof(*c));
	pthread_rwlock_init(&c->lock, NULL);
	cache_gen_init(&c->gen);
	return c;
}

void catalog_cache_free(struct catalog_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < CATALOG_CACHE_SLOTS; i++)
		entry_free(c->slots[i]);
	pthread_rwlock_destroy(&c->lock);
	free(c);
}

uint64_t catalog_cache_stamp(struct catalog_cache *c)
{
	return c ? cache_gen_stamp(&c->gen) : 0;
}

bool catalog_cache_get(struct catalog_cache *c, const char *code, int64_t version,
		       struct arena *a, struct procedure *out)
{
	uint64_t stamp = catalog_cache_stamp(c);
	if (!stamp || strlen(code) >= PROC_CODE_MAX)
		return false;
	pthread_rwlock_rdlock(&c->lock);
	const struct cc_entry *e = c->slots[slot_of(code, version)];
	bool found = e && e->gen == stamp && e->version == version && !strcmp(e->code, code);
	if (found)
		proc_copy(a, &e->p, out);
	pthread_rwlock_unlock(&c->lock);
	return found;
}

void catalog_cache_put(struct catalog_cache *c, uint64_t stamp, const char *code, int64_t version,
		       const struct procedure *p)
{
	if (!stamp || stamp != catalog_cache_stamp(c) || strlen(code) >= PROC_CODE_MAX)
		return;
	struct cc_entry *e = xcalloc(1, sizeof(*e));
	arena_init_max(&e->mem, 0);
	str_copy(e->code, sizeof(e->code), code);
	e->version = version;
	e->gen = stamp;
	proc_copy(&e->mem, p, &e->p);
	pthread_rwlock_wrlock(&c->lock);
	struct cc_entry **slot = &c->slots[slot_of(code, version)];
	struct cc_entry *old = *slot;
	*slot = e;
	pthread_rwlock_unlock(&c->lock);
	entry_free(old);
}

void catalog_cache_change(struct catalog_cache *c)
{
	if (c)
		cache_gen_begin(&c->gen);
}

void catalog_cache_changed(struct catalog_cache *c, int n)
{
	if (c)
		cache_gen_end(&c->gen, n);
}

void catalog_cache_changed_elsewhere(struct catalog_cache *c)
{
	if (c)
		cache_gen_elsewhere(&c->gen);
}
