/* Tests of the units over time (store/unit_store.h) on a real database in a fresh temporary
 * directory: reading, duplicates, an unknown parent inside a transaction, moves with their parent
 * spans, and lists with every filter, the keyset cursor and the as-of instant. */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define FIXTURE_NAME "units"
#include "db_fixture.h"

#include "store/db.h"
#include "store/unit_store.h"

static void test_unit_get(void **state)
{
	struct fixture *f = *state;
	struct unit u;
	int64_t n = -1;
	fixture_sample_units(f->db);
	assert_int_equal(unitstore_count(f->db, &n), MC_OK);
	assert_int_equal(n, 7);
	memset(&u, 0x55, sizeof(u));
	assert_int_equal(unitstore_get(f->db, "PC1", 5000, &u), MC_OK);
	assert_string_equal(u.code, "PC1");
	assert_string_equal(u.name, "UBND Phường Cửa Nam");
	assert_string_equal(u.kind, "commune_pc");
	assert_string_equal(u.subkind, "phuong");
	assert_string_equal(u.parent, "CITY");
	assert_string_equal(u.gso_code, "");
	assert_true(u.active);
	assert_int_equal(unitstore_get(f->db, "CITY", 5000, &u), MC_OK);
	assert_string_equal(u.parent, "");
	assert_string_equal(u.subkind, "");
	assert_int_equal(unitstore_get(f->db, "NOPE", 5000, &u), MC_ENOTFOUND);
}

static void test_unit_duplicate(void **state)
{
	struct fixture *f = *state;
	struct unit u;
	int64_t n = -1;
	fixture_sample_units(f->db);
	memset(&u, 0, sizeof(u));
	snprintf(u.code, sizeof(u.code), "PC1");
	snprintf(u.name, sizeof(u.name), "Another");
	snprintf(u.kind, sizeof(u.kind), "commune_pc");
	snprintf(u.parent, sizeof(u.parent), "CITY");
	assert_int_equal(unitstore_insert(f->db, &u, "another", 0, 100), MC_ECONFLICT);
	assert_int_equal(unitstore_count(f->db, &n), MC_OK);
	assert_int_equal(n, 7);
	assert_int_equal(unitstore_get(f->db, "PC1", 5000, &u), MC_OK);
	assert_string_equal(u.name, "UBND Phường Cửa Nam");
}

/* An unknown parent fails on the parent row, after the unit row went in: callers hold a write
 * transaction so that the rollback removes both. */
static void test_unit_unknown_parent_in_tx(void **state)
{
	struct fixture *f = *state;
	struct unit u;
	int64_t n = -1;
	fixture_sample_units(f->db);
	memset(&u, 0, sizeof(u));
	snprintf(u.code, sizeof(u.code), "ORPHAN");
	snprintf(u.name, sizeof(u.name), "Orphan");
	snprintf(u.kind, sizeof(u.kind), "service_point");
	snprintf(u.parent, sizeof(u.parent), "NOPE");
	assert_int_equal(db_begin_write(f->db), MC_OK);
	assert_int_equal(unitstore_insert(f->db, &u, "orphan", 0, 100), MC_ECONFLICT);
	db_rollback(f->db);
	assert_int_equal(unitstore_count(f->db, &n), MC_OK);
	assert_int_equal(n, 7);
	assert_int_equal(unitstore_get(f->db, "ORPHAN", 5000, &u), MC_ENOTFOUND);
}

static void expect_parent(struct db *db, const char *code, int64_t at, const char *want)
{
	struct unit u;
	char parent[UNIT_CODE_MAX];
	if (!want) {
		assert_int_equal(unitstore_get(db, code, at, &u), MC_ENOTFOUND);
		assert_int_equal(unitstore_parent_at(db, code, at, parent), MC_ENOTFOUND);
		return;
	}
	assert_int_equal(unitstore_get(db, code, at, &u), MC_OK);
	assert_string_equal(u.code, code);
	assert_string_equal(u.parent, want);
	assert_int_equal(unitstore_parent_at(db, code, at, parent), MC_OK);
	assert_string_equal(parent, want);
}

/* SP3 exists from 1000 under PC1, moves to PC2 at 2000 and becomes a root at 3000. */
static void test_unit_move(void **state)
{
	struct fixture *f = *state;
	struct unit_parent_span spans[8];
	size_t n = 99;
	fixture_sample_units(f->db);
	fixture_unit(f->db, "SP3", "Điểm phụ", "diem phu", "service_point", "", "PC1", 1000);
	assert_int_equal(unitstore_move(f->db, "SP3", "PC2", 2000), MC_OK);
	expect_parent(f->db, "SP3", 999, NULL);
	expect_parent(f->db, "SP3", 1000, "PC1");
	expect_parent(f->db, "SP3", 1999, "PC1");
	expect_parent(f->db, "SP3", 2000, "PC2");
	expect_parent(f->db, "SP3", 2999, "PC2");
	assert_int_equal(unitstore_move(f->db, "SP3", "", 3000), MC_OK);
	expect_parent(f->db, "SP3", 2999, "PC2");
	expect_parent(f->db, "SP3", 3000, "");
	expect_parent(f->db, "SP3", INT64_MAX - 1, "");

	assert_int_equal(unitstore_parents(f->db, "SP3", spans, MC_ARRAY_LEN(spans), &n), MC_OK);
	assert_int_equal(n, 3);
	assert_string_equal(spans[0].parent, "PC1");
	assert_int_equal(spans[0].from, 1000);
	assert_int_equal(spans[0].to, 2000);
	assert_string_equal(spans[1].parent, "PC2");
	assert_int_equal(spans[1].from, 2000);
	assert_int_equal(spans[1].to, 3000);
	assert_string_equal(spans[2].parent, "");
	assert_int_equal(spans[2].from, 3000);
	assert_int_equal(spans[2].to, INT64_MAX);

	/* A shorter array gets the oldest spans; n counts the spans filled. */
	assert_int_equal(unitstore_parents(f->db, "SP3", spans, 1, &n), MC_OK);
	assert_int_equal(n, 1);
	assert_string_equal(spans[0].parent, "PC1");

	assert_int_equal(unitstore_parents(f->db, "PC1", spans, MC_ARRAY_LEN(spans), &n), MC_OK);
	assert_int_equal(n, 1);
	assert_string_equal(spans[0].parent, "CITY");
	assert_int_equal(spans[0].from, 0);
	assert_int_equal(spans[0].to, INT64_MAX);
}

static void test_unit_move_unknown(void **state)
{
	struct fixture *f = *state;
	struct unit_parent_span spans[2];
	size_t n = 99;
	fixture_sample_units(f->db);
	assert_int_equal(unitstore_move(f->db, "NOPE", "PC1", 2000), MC_ENOTFOUND);
	assert_int_equal(unitstore_parents(f->db, "NOPE", spans, MC_ARRAY_LEN(spans), &n), MC_OK);
	assert_int_equal(n, 0);
}

/* Collects listed codes as "A,B,C". */
struct codes {
	char text[512];
};

static void collect(const struct unit *u, void *ctx)
{
	struct codes *c = ctx;
	size_t len = strlen(c->text);
	snprintf(c->text + len, sizeof(c->text) - len, "%s%s", len ? "," : "", u->code);
}

static void expect_list(struct db *db, const struct unit_filter *filter, const char *want,
			size_t want_count)
{
	struct codes c = {{0}};
	size_t count = 99;
	assert_int_equal(unitstore_list(db, filter, collect, &c, &count), MC_OK);
	assert_string_equal(c.text, want);
	assert_int_equal(count, want_count);
}

static void test_unit_list(void **state)
{
	struct fixture *f = *state;
	fixture_sample_units(f->db);
	struct unit_filter q = {.as_of = 5000, .limit = 100};
	expect_list(f->db, &q, "CENTER,CITY,DEP1,PC1,PC2,SP1,SP2", 7);
	q = (struct unit_filter){.as_of = 5000, .limit = 100, .kind = "commune_pc"};
	expect_list(f->db, &q, "PC1,PC2", 2);
	q = (struct unit_filter){.as_of = 5000, .limit = 100, .subkind = "xa"};
	expect_list(f->db, &q, "PC2", 1);
	q = (struct unit_filter){.as_of = 5000, .limit = 100, .parent = "CITY"};
	expect_list(f->db, &q, "CENTER,DEP1,PC1,PC2", 4);
	q = (struct unit_filter){.as_of = 5000, .limit = 100, .parent = "PC1"};
	expect_list(f->db, &q, "SP1", 1);
	q = (struct unit_filter){.as_of = 5000, .limit = 100, .search_key = "cua nam"};
	expect_list(f->db, &q, "PC1,SP1", 2);
	q = (struct unit_filter){.as_of = 5000, .limit = 100, .search_key = "soc"};
	expect_list(f->db, &q, "PC2,SP2", 2);
	q = (struct unit_filter){.as_of = 5000, .limit = 100, .search_key = "ubnd"};
	expect_list(f->db, &q, "CITY,PC1,PC2", 3);
	q = (struct unit_filter){.as_of = 5000, .limit = 100, .search_key = "zzz"};
	expect_list(f->db, &q, "", 0);
	q = (struct unit_filter){
		.as_of = 5000, .limit = 100, .kind = "service_point", .search_key = "cua"};
	expect_list(f->db, &q, "SP1", 1);
	q = (struct unit_filter){.as_of = -1, .limit = 100};
	expect_list(f->db, &q, "", 0); /* nothing existed before valid_from */
}

static void test_unit_list_keyset(void **state)
{
	struct fixture *f = *state;
	fixture_sample_units(f->db);
	struct unit_filter q = {.as_of = 5000, .limit = 2};
	expect_list(f->db, &q, "CENTER,CITY", 2);
	q.after_code = "CITY";
	expect_list(f->db, &q, "DEP1,PC1", 2);
	q.after_code = "PC1";
	expect_list(f->db, &q, "PC2,SP1", 2);
	q.after_code = "SP1";
	expect_list(f->db, &q, "SP2", 1);
	q.after_code = "SP2";
	expect_list(f->db, &q, "", 0);
	q = (struct unit_filter){.as_of = 5000, .limit = 1, .parent = "CITY", .after_code = "CENTER"};
	expect_list(f->db, &q, "DEP1", 1);
}

/* The parent filter follows the parent at as_of. */
static void test_unit_list_as_of(void **state)
{
	struct fixture *f = *state;
	fixture_sample_units(f->db);
	fixture_unit(f->db, "SP3", "Điểm phụ", "diem phu", "service_point", "", "PC1", 1000);
	assert_int_equal(unitstore_move(f->db, "SP3", "PC2", 2000), MC_OK);
	struct unit_filter q = {.as_of = 1500, .limit = 100, .parent = "PC1"};
	expect_list(f->db, &q, "SP1,SP3", 2);
	q.parent = "PC2";
	expect_list(f->db, &q, "SP2", 1);
	q.as_of = 2000;
	expect_list(f->db, &q, "SP2,SP3", 2);
	q.parent = "PC1";
	expect_list(f->db, &q, "SP1", 1);
	q = (struct unit_filter){.as_of = 999, .limit = 100, .kind = "service_point"};
	expect_list(f->db, &q, "SP1,SP2", 2);
}
#define T(name) cmocka_unit_test_setup_teardown(name, fixture_setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_unit_get),
		T(test_unit_duplicate),
		T(test_unit_unknown_parent_in_tx),
		T(test_unit_move),
		T(test_unit_move_unknown),
		T(test_unit_list),
		T(test_unit_list_keyset),
		T(test_unit_list_as_of),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
