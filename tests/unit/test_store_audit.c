/* Tests of the audit rows (store/audit_store.h) on a real database in a fresh temporary directory:
 * the last row and its hash, scans by entity with a start and a limit, and a duplicate id.
 * test_audit.c covers the chain of svc/audit.h. */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define FIXTURE_NAME "audit"
#include "db_fixture.h"

#include "store/audit_store.h"
#include "store/db.h"

static void fill_hash(unsigned char h[AUDIT_HASH_LEN], unsigned char seed)
{
	for (size_t i = 0; i < AUDIT_HASH_LEN; i++)
		h[i] = (unsigned char)(seed * 31 + i);
}

static void insert_audit(struct db *db, int64_t id, const char *unit, const char *entity)
{
	struct audit_row r;
	char detail[32];
	snprintf(detail, sizeof(detail), "{\"n\":%d}", (int)id);
	r.id = id;
	r.at = 1000 + id;
	r.actor = "admin";
	r.unit = unit;
	r.action = "create_unit";
	r.entity = entity;
	r.detail = detail;
	fill_hash(r.prev_hash, (unsigned char)(id - 1));
	fill_hash(r.hash, (unsigned char)id);
	assert_int_equal(astore_insert(db, &r), MC_OK);
}

struct scan_log {
	int64_t ids[16];
	size_t n;
	size_t stop_after; /* 0 = never stop */
};

static int scan_collect(const struct audit_row *r, void *ctx)
{
	struct scan_log *s = ctx;
	unsigned char h[AUDIT_HASH_LEN];
	assert_true(s->n < MC_ARRAY_LEN(s->ids));
	s->ids[s->n++] = r->id;
	assert_int_equal(r->at, 1000 + r->id);
	assert_string_equal(r->actor, "admin");
	assert_string_equal(r->action, "create_unit");
	char detail[32];
	snprintf(detail, sizeof(detail), "{\"n\":%d}", (int)r->id);
	assert_string_equal(r->detail, detail);
	if (r->id % 2) {
		assert_string_equal(r->entity, "unit:A");
		assert_null(r->unit);
	} else {
		assert_string_equal(r->entity, "unit:B");
		assert_string_equal(r->unit, "PC1");
	}
	fill_hash(h, (unsigned char)(r->id - 1));
	assert_memory_equal(r->prev_hash, h, AUDIT_HASH_LEN);
	fill_hash(h, (unsigned char)r->id);
	assert_memory_equal(r->hash, h, AUDIT_HASH_LEN);
	return s->stop_after && s->n == s->stop_after;
}

static void expect_scan(struct db *db, const char *entity, int64_t after, size_t limit,
			size_t stop_after, const int64_t *want, size_t nwant)
{
	struct scan_log s = {.stop_after = stop_after};
	assert_int_equal(astore_scan(db, entity, after, limit, scan_collect, &s), MC_OK);
	assert_int_equal(s.n, nwant);
	for (size_t i = 0; i < nwant; i++)
		assert_int_equal(s.ids[i], want[i]);
}

static void test_audit_store(void **state)
{
	struct fixture *f = *state;
	unsigned char hash[AUDIT_HASH_LEN], want[AUDIT_HASH_LEN];
	int64_t id = -1;
	memset(hash, 0xff, sizeof(hash));
	assert_int_equal(astore_last(f->db, &id, hash), MC_OK);
	assert_int_equal(id, 0);
	memset(want, 0, sizeof(want));
	assert_memory_equal(hash, want, AUDIT_HASH_LEN);
	expect_scan(f->db, NULL, 0, 0, 0, NULL, 0);

	for (int64_t i = 1; i <= 5; i++)
		insert_audit(f->db, i, i % 2 ? NULL : "PC1", i % 2 ? "unit:A" : "unit:B");
	assert_int_equal(astore_last(f->db, &id, hash), MC_OK);
	assert_int_equal(id, 5);
	fill_hash(want, 5);
	assert_memory_equal(hash, want, AUDIT_HASH_LEN);

	static const int64_t all[] = {1, 2, 3, 4, 5}, a[] = {1, 3, 5}, b[] = {2, 4};
	expect_scan(f->db, NULL, 0, 0, 0, all, 5);
	expect_scan(f->db, "unit:A", 0, 0, 0, a, 3);
	expect_scan(f->db, "unit:B", 0, 0, 0, b, 2);
	expect_scan(f->db, "unit:A", 1, 0, 0, a + 1, 2);
	expect_scan(f->db, NULL, 0, 2, 0, all, 2);
	expect_scan(f->db, NULL, 3, 10, 0, all + 3, 2);
	expect_scan(f->db, "unit:A", 0, 2, 0, a, 2);
	expect_scan(f->db, NULL, 0, 0, 1, all, 1); /* fn stops the scan */
	expect_scan(f->db, "unit:C", 0, 0, 0, NULL, 0);
	expect_scan(f->db, NULL, 5, 0, 0, NULL, 0);
}

static void test_audit_store_duplicate_id(void **state)
{
	struct fixture *f = *state;
	struct audit_row r;
	memset(&r, 0, sizeof(r));
	insert_audit(f->db, 1, NULL, "unit:A");
	r.id = 1;
	r.actor = "x";
	r.action = "x";
	r.entity = "x";
	r.detail = "{}";
	assert_int_equal(astore_insert(f->db, &r), MC_ECONFLICT);
}
#define T(name) cmocka_unit_test_setup_teardown(name, fixture_setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_audit_store),
		T(test_audit_store_duplicate_id),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
