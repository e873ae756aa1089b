/* Tests of svc/session_cache.h: an entry serves its own token's hash at the epoch it was read
 * with, until it expires or SESSION_CACHE_MS have passed; any other epoch, hash or a later time
 * misses and wipes it; the password hash is never kept; a size below 16, a NULL cache or epoch 0
 * keeps nothing; threads share it safely. */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <sodium.h>
#include <string.h>
#include <time.h>

#include "svc/session_cache.h"

#define NOW 1700000000

static void hash_of(int n, unsigned char out[TOKEN_HASH_LEN])
{
	char token[16];
	snprintf(token, sizeof(token), "token-%d", n);
	crypto_generichash(out, TOKEN_HASH_LEN, (const unsigned char *)token, strlen(token), NULL, 0);
}

static void user_of(int n, struct user *u)
{
	memset(u, 0, sizeof(*u));
	u->id = n;
	snprintf(u->username, sizeof(u->username), "nguoidung.%d", n);
	snprintf(u->full_name, sizeof(u->full_name), "Nguyễn Văn %d", n);
	snprintf(u->password_hash, sizeof(u->password_hash), "$argon2id$secret-%d", n);
	u->active = true;
	u->nroles = 1;
	snprintf(u->roles[0].role, sizeof(u->roles[0].role), "receiver");
	snprintf(u->roles[0].unit, sizeof(u->roles[0].unit), "HN-HK");
}

static void sleep_ms(long ms)
{
	struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&t, NULL);
}

static void test_hit_and_misses(void **state)
{
	MC_UNUSED(state);
	struct session_cache *c = session_cache_new(64);
	assert_non_null(c);
	unsigned char h1[TOKEN_HASH_LEN], h2[TOKEN_HASH_LEN];
	hash_of(1, h1);
	hash_of(2, h2);
	struct user u, got;
	int64_t exp = 0, last = 0;
	user_of(1, &u);
	assert_false(session_cache_get(c, h1, 5, NOW, &got, &exp, &last)); /* empty */
	session_cache_put(c, h1, 5, &u, NOW + 3600, NOW - 10);
	assert_true(session_cache_get(c, h1, 5, NOW, &got, &exp, &last));
	assert_int_equal(got.id, 1);
	assert_string_equal(got.username, "nguoidung.1");
	assert_string_equal(got.full_name, "Nguyễn Văn 1");
	assert_int_equal(got.nroles, 1);
	assert_string_equal(got.roles[0].role, "receiver");
	assert_string_equal(got.roles[0].unit, "HN-HK");
	assert_true(got.active);
	assert_int_equal(exp, NOW + 3600);
	assert_int_equal(last, NOW - 10);
	assert_string_equal(got.password_hash, ""); /* never kept */
	assert_false(session_cache_get(c, h2, 5, NOW, &got, &exp, &last)); /* another token */

	/* The epoch moved: a miss, and the entry is gone even for its own epoch. */
	assert_false(session_cache_get(c, h1, 6, NOW, &got, &exp, &last));
	assert_false(session_cache_get(c, h1, 5, NOW, &got, &exp, &last));

	/* Expired at `now` (the store's test is expires_at > now): a miss. */
	session_cache_put(c, h1, 7, &u, NOW + 1, NOW);
	assert_true(session_cache_get(c, h1, 7, NOW, &got, &exp, &last));
	assert_false(session_cache_get(c, h1, 7, NOW + 1, &got, &exp, &last));
	assert_false(session_cache_get(c, h1, 7, NOW, &got, &exp, &last));
	session_cache_free(c);
}

/* An entry serves SESSION_CACHE_MS at most. */
static void test_age(void **state)
{
	MC_UNUSED(state);
	struct session_cache *c = session_cache_new(16);
	unsigned char h[TOKEN_HASH_LEN];
	hash_of(3, h);
	struct user u, got;
	int64_t exp, last;
	user_of(3, &u);
	int64_t put_at = mono_ms();
	session_cache_put(c, h, 9, &u, NOW + 3600, NOW);
	sleep_ms(SESSION_CACHE_MS / 2);
	bool hit = session_cache_get(c, h, 9, NOW, &got, &exp, &last);
	if (mono_ms() - put_at < SESSION_CACHE_MS - 50) /* not when the machine stalled us that long */
		assert_true(hit);
	sleep_ms(SESSION_CACHE_MS / 2 + 50);
	assert_false(session_cache_get(c, h, 9, NOW, &got, &exp, &last));
	session_cache_free(c);
}

/* Nothing is kept by a NULL cache, for epoch 0, or below 16 entries. */
static void test_off(void **state)
{
	MC_UNUSED(state);
	assert_null(session_cache_new(0));
	assert_null(session_cache_new(15));
	struct session_cache *c = session_cache_new(16);
	unsigned char h[TOKEN_HASH_LEN];
	hash_of(4, h);
	struct user u, got;
	int64_t exp, last;
	user_of(4, &u);
	session_cache_put(c, h, 0, &u, NOW + 3600, NOW);
	assert_false(session_cache_get(c, h, 0, NOW, &got, &exp, &last));
	session_cache_put(NULL, h, 3, &u, NOW + 3600, NOW);
	assert_false(session_cache_get(NULL, h, 3, NOW, &got, &exp, &last));
	session_cache_free(c);
	session_cache_free(NULL);
}

/* Tokens sharing a slot replace each other: each hit is its own user. */
static void test_slots(void **state)
{
	MC_UNUSED(state);
	struct session_cache *c = session_cache_new(16);
	struct user u, got;
	int64_t exp, last;
	int hits = 0;
	for (int n = 0; n < 200; n++) {
		unsigned char h[TOKEN_HASH_LEN];
		hash_of(n, h);
		user_of(n, &u);
		session_cache_put(c, h, 1, &u, NOW + 3600, NOW);
	}
	for (int n = 0; n < 200; n++) {
		unsigned char h[TOKEN_HASH_LEN];
		hash_of(n, h);
		if (session_cache_get(c, h, 1, NOW, &got, &exp, &last)) {
			assert_int_equal(got.id, n);
			hits++;
		}
	}
	assert_true(hits > 0 && hits <= 16);
	session_cache_free(c);
}

struct worker {
	struct session_cache *c;
	int base;
	int wrong;
};

static void *work(void *arg)
{
	struct worker *w = arg;
	struct user u, got;
	int64_t exp, last;
	for (int i = 0; i < 20000; i++) {
		int n = w->base + i % 50;
		unsigned char h[TOKEN_HASH_LEN];
		hash_of(n, h);
		if (session_cache_get(w->c, h, 1, NOW, &got, &exp, &last)) {
			if (got.id != n || exp != NOW + n || strcmp(got.roles[0].unit, "HN-HK") != 0)
				w->wrong++;
		} else {
			user_of(n, &u);
			session_cache_put(w->c, h, 1, &u, NOW + n, NOW);
		}
	}
	return NULL;
}

/* Four threads on one cache, sharing slots: every hit is whole and the token's own. */
static void test_threads(void **state)
{
	MC_UNUSED(state);
	struct session_cache *c = session_cache_new(64);
	pthread_t th[4];
	struct worker w[4];
	for (int i = 0; i < 4; i++) {
		w[i] = (struct worker){.c = c, .base = i * 30};
		assert_int_equal(pthread_create(&th[i], NULL, work, &w[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(th[i], NULL), 0);
		assert_int_equal(w[i].wrong, 0);
	}
	session_cache_free(c);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hit_and_misses),
		cmocka_unit_test(test_age),
		cmocka_unit_test(test_off),
		cmocka_unit_test(test_slots),
		cmocka_unit_test(test_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
