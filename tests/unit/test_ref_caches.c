/* Tests of the caches of what every intake reads (issue 22): procedure versions
 * (svc/catalog_cache.h) come back field for field, fee rules included; units by code
 * (svc/units_cache.h) answer for any instant as unitstore_get would from their parent history;
 * for both, a change in flight keeps nothing and gives nothing, a read taken before a change is
 * refused, and a change ended (here or on another instance) drops what was kept. */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/arena.h"
#include "svc/catalog_cache.h"
#include "svc/units_cache.h"

static struct procedure *sample_procedure(struct arena *a)
{
	struct procedure *p = arena_alloc(a, sizeof(*p));
	snprintf(p->code, sizeof(p->code), "1.004837");
	p->version = 3;
	p->name = arena_strdup(a, "Đăng ký giám hộ");
	p->field = arena_strdup(a, "Hộ tịch");
	p->result = arena_strdup(a, "Trích lục");
	p->fees_text = arena_strdup(a, "[]");
	p->ncomponents = 2;
	p->components = arena_alloc(a, 2 * sizeof(*p->components));
	snprintf(p->components[0].id, sizeof(p->components[0].id), "tp02");
	p->components[0].name = arena_strdup(a, "Giấy tờ tùy thân");
	snprintf(p->components[1].id, sizeof(p->components[1].id), "tp07");
	p->components[1].name = arena_strdup(a, "Tờ khai");
	p->components[1].required = true;
	p->nsteps = 1;
	p->steps = arena_alloc(a, sizeof(*p->steps));
	p->steps[0].name = arena_strdup(a, "Thẩm định");
	snprintf(p->steps[0].unit, sizeof(p->steps[0].unit), "resolver");
	p->nfees = 1;
	p->fees = arena_alloc(a, sizeof(*p->fees));
	snprintf(p->fees[0].id, sizeof(p->fees[0].id), "le_phi");
	p->fees[0].name = arena_strdup(a, "Lệ phí");
	p->fees[0].amount = 5000;
	p->fees[0].nexemptions = 1;
	snprintf(p->fees[0].exemptions[0].code, sizeof(p->fees[0].exemptions[0].code), "ngheo");
	p->fees[0].exemptions[0].name = arena_strdup(a, "Hộ nghèo");
	p->fees[0].exemptions[0].percent = 100;
	return p;
}

static void test_procedure_round_trip(void **state)
{
	MC_UNUSED(state);
	struct catalog_cache *c = catalog_cache_new();
	struct arena a, b;
	struct procedure got;
	arena_init(&a);
	arena_init(&b);
	struct procedure *p = sample_procedure(&a);
	assert_false(catalog_cache_get(c, "1.004837", 0, &b, &got));
	catalog_cache_put(c, catalog_cache_stamp(c), "1.004837", 0, p);
	arena_release(&a); /* the cache holds its own copy */
	assert_true(catalog_cache_get(c, "1.004837", 0, &b, &got));
	assert_false(catalog_cache_get(c, "1.004837", 3, &b, &got)); /* another key */
	assert_false(catalog_cache_get(c, "1.004838", 0, &b, &got));
	assert_true(catalog_cache_get(c, "1.004837", 0, &b, &got));
	assert_int_equal(got.version, 3);
	assert_string_equal(got.name, "Đăng ký giám hộ");
	assert_string_equal(got.result, "Trích lục");
	assert_int_equal(got.ncomponents, 2);
	assert_string_equal(got.components[1].id, "tp07");
	assert_string_equal(got.components[1].name, "Tờ khai");
	assert_true(got.components[1].required);
	assert_string_equal(got.steps[0].name, "Thẩm định");
	assert_int_equal(got.nfees, 1);
	assert_string_equal(got.fees[0].name, "Lệ phí");
	assert_int_equal(got.fees[0].amount, 5000);
	assert_string_equal(got.fees[0].exemptions[0].name, "Hộ nghèo");
	assert_null(got.fees[0].agency);
	arena_release(&b);
	catalog_cache_free(c);
}

static void test_procedure_changes(void **state)
{
	MC_UNUSED(state);
	struct catalog_cache *c = catalog_cache_new();
	struct arena a;
	struct procedure got;
	arena_init(&a);
	struct procedure *p = sample_procedure(&a);
	/* A read taken before a change that then ended is refused. */
	uint64_t stamp = catalog_cache_stamp(c);
	catalog_cache_change(c);
	catalog_cache_changed(c, 1);
	catalog_cache_put(c, stamp, "1.004837", 0, p);
	assert_false(catalog_cache_get(c, "1.004837", 0, &a, &got));
	/* While a change is in flight: no stamp, nothing given, nothing kept. */
	catalog_cache_put(c, catalog_cache_stamp(c), "1.004837", 0, p);
	assert_true(catalog_cache_get(c, "1.004837", 0, &a, &got));
	catalog_cache_change(c);
	assert_int_equal(catalog_cache_stamp(c), 0);
	assert_false(catalog_cache_get(c, "1.004837", 0, &a, &got));
	catalog_cache_put(c, catalog_cache_stamp(c), "1.004837", 0, p);
	catalog_cache_changed(c, 1);
	/* The change ended: what was kept before it is gone. */
	assert_false(catalog_cache_get(c, "1.004837", 0, &a, &got));
	catalog_cache_put(c, catalog_cache_stamp(c), "1.004837", 0, p);
	assert_true(catalog_cache_get(c, "1.004837", 0, &a, &got));
	/* Another instance's change drops it too. */
	catalog_cache_changed_elsewhere(c);
	assert_false(catalog_cache_get(c, "1.004837", 0, &a, &got));
	/* A NULL cache caches nothing. */
	catalog_cache_put(NULL, 1, "1.004837", 0, p);
	assert_false(catalog_cache_get(NULL, "1.004837", 0, &a, &got));
	arena_release(&a);
	catalog_cache_free(c);
}

#define T0 1000
#define T1 2000 /* a reorganization's instant */

/* 001.01.50.H26 under 001.00.50.H26 from T0, moved under 002.00.50.H26 at T1. */
static void keep_moved_point(struct units_cache *c, uint64_t stamp)
{
	struct unit row = {.code = "001.01.50.H26", .name = "Điểm phục vụ Hoàn Kiếm",
			   .kind = "service_point", .subkind = "phuong", .parent = "ignored",
			   .active = true};
	struct unit_parent_span spans[2] = {{"001.00.50.H26", T0, T1}, {"002.00.50.H26", T1, INT64_MAX}};
	units_cache_keep(c, stamp, &row, spans, 2);
}

static void test_unit_as_of(void **state)
{
	MC_UNUSED(state);
	struct units_cache *c = units_cache_new();
	struct unit u;
	bool found = true;
	assert_false(units_cache_unit(c, "001.01.50.H26", T0, &u, &found));
	keep_moved_point(c, units_cache_stamp(c));
	assert_true(units_cache_unit(c, "001.01.50.H26", T0, &u, &found));
	assert_true(found);
	assert_string_equal(u.parent, "001.00.50.H26");
	assert_string_equal(u.name, "Điểm phục vụ Hoàn Kiếm");
	assert_string_equal(u.kind, "service_point");
	assert_true(units_cache_unit(c, "001.01.50.H26", T1 - 1, &u, &found));
	assert_string_equal(u.parent, "001.00.50.H26");
	assert_true(units_cache_unit(c, "001.01.50.H26", T1, &u, &found));
	assert_true(found);
	assert_string_equal(u.parent, "002.00.50.H26");
	/* Before it existed: known, and not found (unitstore_get's MC_ENOTFOUND). */
	assert_true(units_cache_unit(c, "001.01.50.H26", T0 - 1, &u, &found));
	assert_false(found);
	assert_false(units_cache_unit(c, "002.01.50.H26", T0, &u, &found));
	units_cache_free(c);
}

static void test_unit_overlap_left_to_database(void **state)
{
	MC_UNUSED(state);
	struct units_cache *c = units_cache_new();
	struct unit row = {.code = "001.01.50.H26", .kind = "service_point"};
	struct unit_parent_span spans[2] = {{"001.00.50.H26", T0, INT64_MAX}, {"002.00.50.H26", T1, INT64_MAX}};
	struct unit u;
	bool found;
	units_cache_keep(c, units_cache_stamp(c), &row, spans, 2);
	assert_true(units_cache_unit(c, "001.01.50.H26", T0, &u, &found));
	assert_false(units_cache_unit(c, "001.01.50.H26", T1, &u, &found));
	units_cache_free(c);
}

static void test_unit_changes(void **state)
{
	MC_UNUSED(state);
	struct units_cache *c = units_cache_new();
	struct unit u;
	bool found;
	uint64_t stamp = units_cache_stamp(c);
	units_cache_change(c);
	assert_int_equal(units_cache_stamp(c), 0);
	keep_moved_point(c, units_cache_stamp(c));
	units_cache_changed(c, 1);
	keep_moved_point(c, stamp); /* read before the change: refused */
	assert_false(units_cache_unit(c, "001.01.50.H26", T0, &u, &found));
	keep_moved_point(c, units_cache_stamp(c));
	assert_true(units_cache_unit(c, "001.01.50.H26", T0, &u, &found));
	/* Two moves in one transaction end together. */
	units_cache_change(c);
	units_cache_change(c);
	assert_false(units_cache_unit(c, "001.01.50.H26", T0, &u, &found));
	units_cache_changed(c, 2);
	assert_true(units_cache_stamp(c) != 0);
	assert_false(units_cache_unit(c, "001.01.50.H26", T0, &u, &found));
	keep_moved_point(c, units_cache_stamp(c));
	units_cache_changed_elsewhere(c);
	assert_false(units_cache_unit(c, "001.01.50.H26", T0, &u, &found));
	units_cache_free(c);
}

static void test_tree_window(void **state)
{
	MC_UNUSED(state);
	struct units_cache *c = units_cache_new();
	struct units_tree_row rows[2], *got = NULL;
	size_t n = 0;
	struct arena a;
	arena_init(&a);
	memset(rows, 0, sizeof(rows));
	snprintf(rows[0].code, sizeof(rows[0].code), "001.00.50.H26");
	snprintf(rows[0].kind, sizeof(rows[0].kind), "commune_pc");
	snprintf(rows[1].code, sizeof(rows[1].code), "001.01.50.H26");
	snprintf(rows[1].parent, sizeof(rows[1].parent), "001.00.50.H26");
	snprintf(rows[1].kind, sizeof(rows[1].kind), "service_point");
	assert_false(units_cache_tree(c, T0, &a, &got, &n));
	/* Read at T0, a span changing at T0 + 100: kept for [T0, T0 + 100) only. */
	units_cache_tree_keep(c, units_cache_stamp(c), T0, T0 + 100, rows, 2);
	assert_true(units_cache_tree(c, T0, &a, &got, &n));
	assert_int_equal(n, 2);
	assert_string_equal(got[1].code, "001.01.50.H26");
	assert_string_equal(got[1].parent, "001.00.50.H26");
	assert_string_equal(got[1].kind, "service_point");
	assert_true(units_cache_tree(c, T0 + 99, &a, &got, &n));
	assert_false(units_cache_tree(c, T0 + 100, &a, &got, &n)); /* the span changed */
	assert_false(units_cache_tree(c, T0 - 1, &a, &got, &n));   /* not known before its read */
	/* A change in flight gives nothing; one ended drops the tree; a read taken before is refused. */
	uint64_t before = units_cache_stamp(c);
	units_cache_change(c);
	assert_false(units_cache_tree(c, T0, &a, &got, &n));
	units_cache_changed(c, 1);
	assert_false(units_cache_tree(c, T0, &a, &got, &n));
	units_cache_tree_keep(c, before, T0, T0 + 100, rows, 2);
	assert_false(units_cache_tree(c, T0, &a, &got, &n));
	units_cache_tree_keep(c, units_cache_stamp(c), T0, INT64_MAX, rows, 1);
	assert_true(units_cache_tree(c, T0 + 1000000, &a, &got, &n));
	assert_int_equal(n, 1);
	units_cache_changed_elsewhere(c);
	assert_false(units_cache_tree(c, T0, &a, &got, &n));
	arena_release(&a);
	units_cache_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_procedure_round_trip),
		cmocka_unit_test(test_procedure_changes),
		cmocka_unit_test(test_unit_as_of),
		cmocka_unit_test(test_unit_overlap_left_to_database),
		cmocka_unit_test(test_unit_changes),
		cmocka_unit_test(test_tree_window),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
