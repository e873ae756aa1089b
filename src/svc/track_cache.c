/* The public tracking cache (see track_cache.h): a 16-way set-associative table of compact entries
 * (a 32-bit tag per way beside them, so a lookup reads one cache line of tags), locked by stripes
 * of sets, taking a free way or else replacing the ways of a set in turn. Texts many dossiers share
 * (procedure and step names, timeliness, ratings) are interned once for the life of the cache, so
 * an entry holds little more than its code, the applicant's name and the times. */
#include "base/base.h"

#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>

#include "svc/track_cache.h"

#define WAYS 16
#define STRIPES 64
#define INTERN_SLOTS 16384 /* distinct shared texts; a power of two, filled to 3/4 at most */

struct tc_step {
	const char *name; /* interned */
	int64_t done_at;
};

struct tc_entry {
	uint64_t hash;
	int64_t id, received_at, due_at, decided_at, returned_at;
	enum ds_status status;
	const char *procedure_name, *timeliness, *rating; /* interned */
	const char *code, *applicant_name;                         /* in this entry */
	char secret[16];
	size_t nsteps;
	struct tc_step steps[]; /* then the code and the applicant's name, NUL-terminated */
};

struct track_cache {
	size_t nsets; /* a power of two */
	struct tc_entry **ways; /* nsets * WAYS, NULL = free */
	uint32_t *tags;         /* nsets * WAYS: the low bits of the entry's hash */
	unsigned char *next;    /* per set: the way replaced next */
	pthread_mutex_t stripes[STRIPES];
	atomic_uint_fast64_t gen;     /* changes ended */
	atomic_int_fast64_t inflight; /* changes begun and not ended */
	pthread_mutex_t intern_lock;
	size_t ninterned;
	char *interned[INTERN_SLOTS];
};

/* Frees an entry, its copy of the tracking secret wiped first. */
static void entry_free(struct tc_entry *e)
{
	if (!e)
		return;
	sodium_memzero(e->secret, sizeof(e->secret));
	free(e);
}

static uint64_t hash_of(const char *s)
{
	uint64_t h = 14695981039346656037ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

struct track_cache *track_cache_new(size_t entries)
{
	if (entries < WAYS)
		return NULL;
	struct track_cache *c = xcalloc(1, sizeof(*c));
	c->nsets = 1;
	while (c->nsets * 2 * WAYS <= entries)
		c->nsets *= 2;
	c->ways = xcalloc(c->nsets * WAYS, sizeof(*c->ways));
	c->tags = xcalloc(c->nsets * WAYS, sizeof(*c->tags));
	c->next = xcalloc(c->nsets, 1);
	for (size_t i = 0; i < STRIPES; i++)
		pthread_mutex_init(&c->stripes[i], NULL);
	pthread_mutex_init(&c->intern_lock, NULL);
	atomic_init(&c->gen, 0);
	atomic_init(&c->inflight, 0);
	return c;
}

void track_cache_free(struct track_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->nsets * WAYS; i++)
		entry_free(c->ways[i]);
	for (size_t i = 0; i < INTERN_SLOTS; i++)
		free(c->interned[i]);
	for (size_t i = 0; i < STRIPES; i++)
		pthread_mutex_destroy(&c->stripes[i]);
	pthread_mutex_destroy(&c->intern_lock);
	free(c->ways);
	free(c->tags);
	free(c->next);
	free(c);
}

/* The shared copy of s (NULL stays NULL); false when the table is full. */
static bool intern(struct track_cache *c, const char *s, const char **out)
{
	*out = NULL;
	if (!s)
		return true;
	size_t i = hash_of(s) & (INTERN_SLOTS - 1);
	bool ok = true;
	pthread_mutex_lock(&c->intern_lock);
	while (c->interned[i] && strcmp(c->interned[i], s) != 0)
		i = (i + 1) & (INTERN_SLOTS - 1);
	if (c->interned[i]) {
		*out = c->interned[i];
	} else if (c->ninterned < INTERN_SLOTS / 4 * 3) {
		c->interned[i] = xstrdup(s);
		c->ninterned++;
		*out = c->interned[i];
	} else {
		ok = false;
	}
	pthread_mutex_unlock(&c->intern_lock);
	return ok;
}

static size_t set_of(const struct track_cache *c, uint64_t h)
{
	return (size_t)(h >> 32) & (c->nsets - 1);
}

static pthread_mutex_t *stripe_of(struct track_cache *c, size_t set)
{
	return &c->stripes[set & (STRIPES - 1)];
}

bool track_cache_get(struct track_cache *c, struct arena *a, const char *code,
		     struct dossier *out)
{
	if (!c || !code)
		return false;
	uint64_t h = hash_of(code);
	size_t set = set_of(c, h);
	struct tc_entry **ways = &c->ways[set * WAYS];
	const uint32_t *tags = &c->tags[set * WAYS];
	bool found = false;
	pthread_mutex_lock(stripe_of(c, set));
	for (size_t w = 0; w < WAYS && !found; w++) {
		const struct tc_entry *e = ways[w];
		if (tags[w] != (uint32_t)h || !e || e->hash != h || strcmp(e->code, code) != 0)
			continue;
		found = true;
		out->id = e->id;
		str_copy(out->code, sizeof(out->code), e->code);
		out->status = e->status;
		out->procedure_name = e->procedure_name;
		out->applicant_name = e->applicant_name ? arena_strdup(a, e->applicant_name) : NULL;
		out->received_at = e->received_at;
		out->due_at = e->due_at;
		out->decided_at = e->decided_at;
		str_copy(out->timeliness, sizeof(out->timeliness), e->timeliness);
		out->returned_at = e->returned_at;
		memcpy(out->tracking_secret, e->secret, sizeof(out->tracking_secret));
		str_copy(out->rating, sizeof(out->rating), e->rating);
		out->nsteps = e->nsteps;
		for (size_t i = 0; i < e->nsteps; i++) {
			out->steps[i].name = e->steps[i].name;
			out->steps[i].done_at = e->steps[i].done_at;
		}
	}
	pthread_mutex_unlock(stripe_of(c, set));
	return found;
}

uint64_t track_cache_stamp(struct track_cache *c)
{
	return c ? atomic_load(&c->gen) : 0;
}

static bool unchanged(struct track_cache *c, uint64_t stamp)
{
	return atomic_load(&c->inflight) == 0 && atomic_load(&c->gen) == stamp;
}

/* A new entry holding d's public fields; NULL when a shared text cannot be interned. */
static struct tc_entry *entry_of(struct track_cache *c, const struct dossier *d, uint64_t h)
{
	size_t ncode = strlen(d->code) + 1;
	size_t nname = d->applicant_name ? strlen(d->applicant_name) + 1 : 0;
	size_t nsteps = d->nsteps < DOSSIER_MAX_STEPS ? d->nsteps : DOSSIER_MAX_STEPS;
	struct tc_entry *e =
		xmalloc(sizeof(*e) + nsteps * sizeof(e->steps[0]) + ncode + nname);
	char *text = (char *)&e->steps[nsteps];
	e->status = d->status;
	bool ok = intern(c, d->procedure_name, &e->procedure_name) &&
		  intern(c, d->timeliness, &e->timeliness) && intern(c, d->rating, &e->rating);
	for (size_t i = 0; ok && i < nsteps; i++) {
		ok = intern(c, d->steps[i].name, &e->steps[i].name);
		e->steps[i].done_at = d->steps[i].done_at;
	}
	if (!ok) {
		free(e);
		return NULL;
	}
	e->hash = h;
	e->id = d->id;
	e->received_at = d->received_at;
	e->due_at = d->due_at;
	e->decided_at = d->decided_at;
	e->returned_at = d->returned_at;
	memcpy(e->secret, d->tracking_secret, sizeof(e->secret));
	e->nsteps = nsteps;
	memcpy(text, d->code, ncode);
	e->code = text;
	e->applicant_name = NULL;
	if (nname) {
		memcpy(text + ncode, d->applicant_name, nname);
		e->applicant_name = text + ncode;
	}
	return e;
}

void track_cache_put(struct track_cache *c, uint64_t stamp, const struct dossier *d)
{
	if (!c || !unchanged(c, stamp))
		return;
	uint64_t h = hash_of(d->code);
	struct tc_entry *e = entry_of(c, d, h);
	if (!e)
		return;
	size_t set = set_of(c, h);
	struct tc_entry **ways = &c->ways[set * WAYS];
	pthread_mutex_lock(stripe_of(c, set));
	/* Checked again under the lock track_cache_change takes to remove an entry. */
	if (unchanged(c, stamp)) {
		size_t w = WAYS, hole = WAYS;
		for (size_t i = 0; i < WAYS && w == WAYS; i++) {
			if (!ways[i])
				hole = hole < WAYS ? hole : i;
			else if (ways[i]->hash == h && strcmp(ways[i]->code, e->code) == 0)
				w = i;
		}
		if (w == WAYS)
			w = hole;
		if (w == WAYS) {
			w = c->next[set];
			c->next[set] = (unsigned char)((w + 1) % WAYS);
		}
		entry_free(ways[w]);
		ways[w] = e;
		c->tags[set * WAYS + w] = (uint32_t)h;
		e = NULL;
	}
	pthread_mutex_unlock(stripe_of(c, set));
	entry_free(e);
}

void track_cache_change(struct track_cache *c, const char *code)
{
	if (!c)
		return;
	atomic_fetch_add(&c->inflight, 1);
	uint64_t h = hash_of(code);
	size_t set = set_of(c, h);
	struct tc_entry **ways = &c->ways[set * WAYS];
	pthread_mutex_lock(stripe_of(c, set));
	for (size_t w = 0; w < WAYS; w++)
		if (ways[w] && ways[w]->hash == h && strcmp(ways[w]->code, code) == 0) {
			entry_free(ways[w]);
			ways[w] = NULL;
		}
	pthread_mutex_unlock(stripe_of(c, set));
}

void track_cache_changed_elsewhere(struct track_cache *c, const char *code)
{
	if (!c)
		return;
	if (code) {
		track_cache_change(c, code);
		track_cache_changed(c, 1);
		return;
	}
	atomic_fetch_add(&c->inflight, 1);
	for (size_t set = 0; set < c->nsets; set++) {
		pthread_mutex_lock(stripe_of(c, set));
		for (size_t w = 0; w < WAYS; w++) {
			entry_free(c->ways[set * WAYS + w]);
			c->ways[set * WAYS + w] = NULL;
		}
		pthread_mutex_unlock(stripe_of(c, set));
	}
	track_cache_changed(c, 1);
}

void track_cache_changed(struct track_cache *c, int n)
{
	if (!c)
		return;
	atomic_fetch_add(&c->gen, 1);
	atomic_fetch_sub(&c->inflight, n);
}
