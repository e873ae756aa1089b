/* Tests of SQLite's allocator (store/sqlite_mem.h): sizes rounded to their class, a freed block
 * taken back by the next allocation of its class on the same thread, reallocation keeping the
 * bytes, a thread's cache bounded, blocks freed on another thread, and SQLite itself running on
 * it (sqlite3_msize answers with our classes). Under the dev build's LeakSanitizer, a thread that
 * ends with blocks in its cache would be reported: the cache is freed as the thread ends. */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <sqlite3.h>

#include "store/sqlite_mem.h"

static void test_classes(void **state)
{
	MC_UNUSED(state);
	static const int in[] = {1, 15, 16, 17, 100, 512, 513, 768, 769, 4096, 4300, 8192, 8193, 20000};
	static const int out[] = {16,	16,   16,   32,	  112,	512,  768,
				  768,	1024, 4096, 4352, 8192, 8200, 20000};
	for (size_t i = 0; i < MC_ARRAY_LEN(in); i++) {
		assert_int_equal(sqlite_mem_roundup(in[i]), out[i]);
		void *p = sqlite_mem_malloc(in[i]);
		assert_non_null(p);
		assert_int_equal(sqlite_mem_size(p), out[i]);
		assert_int_equal((uintptr_t)p % 16, 0);
		memset(p, 0xab, (size_t)in[i]);
		sqlite_mem_free(p);
	}
	assert_int_equal(sqlite_mem_size(NULL), 0);
	sqlite_mem_free(NULL);
}

static void test_reuse_same_thread(void **state)
{
	MC_UNUSED(state);
	struct sqlite_mem_stats s0, s1, s2;
	void *p = sqlite_mem_malloc(100);
	sqlite_mem_thread_stats(&s0);
	sqlite_mem_free(p);
	sqlite_mem_thread_stats(&s1);
	assert_int_equal(s1.blocks, s0.blocks + 1);
	assert_int_equal(s1.bytes, s0.bytes + 112);
	void *q = sqlite_mem_malloc(97); /* the same class (112) */
	assert_ptr_equal(q, p);
	sqlite_mem_thread_stats(&s2);
	assert_int_equal(s2.blocks, s0.blocks);
	void *r = sqlite_mem_malloc(200); /* another class: not that block */
	assert_ptr_not_equal(r, p);
	sqlite_mem_free(q);
	sqlite_mem_free(r);
	/* Larger than a class: never cached. */
	sqlite_mem_thread_stats(&s0);
	void *big = sqlite_mem_malloc(SQLITE_MEM_CLASS_MAX + 1);
	sqlite_mem_free(big);
	sqlite_mem_thread_stats(&s1);
	assert_int_equal(s1.blocks, s0.blocks);
}

static void test_realloc_keeps_bytes(void **state)
{
	MC_UNUSED(state);
	unsigned char *p = sqlite_mem_malloc(40);
	for (int i = 0; i < 40; i++)
		p[i] = (unsigned char)i;
	assert_ptr_equal(sqlite_mem_realloc(p, 48), p); /* same class */
	unsigned char *q = sqlite_mem_realloc(p, 3000);
	assert_non_null(q);
	assert_int_equal(sqlite_mem_size(q), 3072);
	for (int i = 0; i < 40; i++)
		assert_int_equal(q[i], i);
	memset(q + 40, 7, 3000 - 40);
	unsigned char *r = sqlite_mem_realloc(q, 30000); /* past the classes */
	assert_int_equal(sqlite_mem_size(r), 30000);
	for (int i = 0; i < 40; i++)
		assert_int_equal(r[i], i);
	assert_int_equal(r[2999], 7);
	memset(r + 3000, 9, 27000);
	unsigned char *s = sqlite_mem_realloc(r, 50000); /* large to large */
	assert_int_equal(sqlite_mem_size(s), 50000);
	assert_int_equal(s[29999], 9);
	unsigned char *t = sqlite_mem_realloc(s, 20); /* back to a class */
	assert_int_equal(sqlite_mem_size(t), 32);
	for (int i = 0; i < 20; i++)
		assert_int_equal(t[i], i);
	sqlite_mem_free(t);
	void *u = sqlite_mem_realloc(NULL, 64);
	assert_int_equal(sqlite_mem_size(u), 64);
	sqlite_mem_free(u);
}

#define MANY 400

static void test_thread_cache_bounded(void **state)
{
	MC_UNUSED(state);
	static void *blocks[MANY];
	for (int i = 0; i < MANY; i++)
		blocks[i] = sqlite_mem_malloc(SQLITE_MEM_CLASS_MAX);
	for (int i = 0; i < MANY; i++)
		sqlite_mem_free(blocks[i]);
	struct sqlite_mem_stats s;
	sqlite_mem_thread_stats(&s);
	assert_true(s.bytes <= SQLITE_MEM_THREAD_BYTES);
	assert_true(s.bytes > SQLITE_MEM_THREAD_BYTES - SQLITE_MEM_CLASS_MAX);
	/* Taken back, the cache empties of that class. */
	for (int i = 0; i < MANY; i++)
		blocks[i] = sqlite_mem_malloc(SQLITE_MEM_CLASS_MAX);
	struct sqlite_mem_stats e;
	sqlite_mem_thread_stats(&e);
	assert_true(e.bytes < s.bytes);
	for (int i = 0; i < MANY; i++)
		sqlite_mem_free(blocks[i]);
}

struct handoff {
	void *blocks[64];
	bool bytes_kept;
	struct sqlite_mem_stats before, after, cached;
};

static void *alloc_on_thread(void *arg)
{
	struct handoff *h = arg;
	for (int i = 0; i < 64; i++) {
		h->blocks[i] = sqlite_mem_malloc(24 + i * 4);
		memset(h->blocks[i], i, (size_t)(24 + i * 4));
	}
	return NULL;
}

/* Frees blocks another thread allocated: they join this thread's cache. */
static void *free_on_thread(void *arg)
{
	struct handoff *h = arg;
	h->bytes_kept = true;
	sqlite_mem_thread_stats(&h->before);
	for (int i = 0; i < 64; i++) {
		if (((unsigned char *)h->blocks[i])[0] != i)
			h->bytes_kept = false;
		sqlite_mem_free(h->blocks[i]);
	}
	sqlite_mem_thread_stats(&h->after);
	return NULL;
}

/* Caches blocks of its own, then ends: its cache must be freed (LeakSanitizer checks). */
static void *cache_then_end(void *arg)
{
	struct handoff *h = arg;
	for (int i = 0; i < 64; i++)
		sqlite_mem_free(sqlite_mem_malloc(64 + i * 16));
	sqlite_mem_thread_stats(&h->cached);
	return NULL;
}

static void test_other_threads(void **state)
{
	MC_UNUSED(state);
	struct handoff h = {0};
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, alloc_on_thread, &h), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_int_equal(pthread_create(&t, NULL, free_on_thread, &h), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_true(h.bytes_kept);
	assert_int_equal(h.before.blocks, 0);
	assert_int_equal(h.after.blocks, 64);
	size_t want = 0;
	for (int i = 0; i < 64; i++)
		want += (size_t)(24 + i * 4 + 15) / 16 * 16; /* 24 to 276 bytes: 16-byte steps */
	assert_int_equal(h.after.bytes, want);
	assert_int_equal(pthread_create(&t, NULL, cache_then_end, &h), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_true(h.cached.blocks > 0);
}

static void test_sqlite_runs_on_it(void **state)
{
	MC_UNUSED(state);
	void *p = sqlite3_malloc(100);
	assert_int_equal(sqlite3_msize(p), 112); /* our class, not SQLite's own rounding to 8 */
	sqlite3_free(p);
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
				      "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);"
				      "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s "
				      "WHERE i < 5000) INSERT INTO t SELECT i, printf('%0*d', i % 3000, i) "
				      "FROM s;"
				      "CREATE INDEX t_v ON t (v);",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*), sum(length(v)) FROM t", -1, &st,
					    NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int64(st, 0), 5000);
	/* length of printf('%0*d', i % 3000, i): max(i % 3000, digits of i), summed by hand below */
	int64_t want = 0;
	for (int i = 1; i <= 5000; i++) {
		int digits = i < 10 ? 1 : i < 100 ? 2 : i < 1000 ? 3 : 4;
		want += i % 3000 > digits ? i % 3000 : digits;
	}
	assert_int_equal(sqlite3_column_int64(st, 1), want);
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_close(db), SQLITE_OK);
}

int main(void)
{
	/* Before SQLite first initializes, as store/db_sqlite.c does. */
	if (!sqlite_mem_install()) {
		fprintf(stderr, "sqlite_mem_install refused\n");
		return 1;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classes),
		cmocka_unit_test(test_reuse_same_thread),
		cmocka_unit_test(test_realloc_keeps_bytes),
		cmocka_unit_test(test_thread_cache_bounded),
		cmocka_unit_test(test_other_threads),
		cmocka_unit_test(test_sqlite_runs_on_it),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
