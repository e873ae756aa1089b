/* Tests of the registers (store/register_store.h) on a real database in a fresh temporary
 * directory: staff, asset and record round trips and versions, places over time, pages by unit and
 * instant, and appointments. The reorganization tables are in test_store_reorg.c. */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "db_fixture.h"
#include "register_rows.h"

#include "base/arena.h"
#include "store/db.h"
#include "store/register_store.h"

static void test_staff_round_trip(void **state)
{
	struct fixture *f = *state;
	struct reg_staff s, got;
	bool used = true;
	assert_int_equal(regstore_id_number_used(f->db, "001190012345", &used), MC_OK);
	assert_false(used);
	int64_t id = new_staff(f->db, "Nguyễn Văn An", "001190012345", "Chuyên viên");
	assert_int_equal(regstore_id_number_used(f->db, "001190012345", &used), MC_OK);
	assert_true(used);
	assert_int_equal(regstore_id_number_used(f->db, "00119001234", &used), MC_OK);
	assert_false(used);

	memset(&got, 0x5a, sizeof(got));
	assert_int_equal(regstore_staff_get(f->db, id, 1000, &got), MC_OK);
	assert_int_equal(got.id, id);
	assert_string_equal(got.full_name, "Nguyễn Văn An");
	assert_string_equal(got.id_number, "001190012345");
	assert_string_equal(got.position, "Chuyên viên");
	assert_int_equal(got.created_at, 500);
	assert_int_equal(got.version, 1);
	/* Not placed anywhere yet. */
	assert_string_equal(got.at.unit, "");
	assert_int_equal(got.at.counter, 0);
	assert_int_equal(got.at.since, 0);

	/* A duplicate ID number conflicts. */
	memset(&s, 0, sizeof(s));
	SET(s.full_name, "Trần Văn Bình");
	SET(s.id_number, "001190012345");
	SET(s.position, "Cán bộ");
	assert_int_equal(regstore_staff_insert(f->db, &s), MC_ECONFLICT);

	/* An update changes the name and position, never the ID number, and bumps the version. */
	s = got;
	SET(s.full_name, "Nguyễn Văn An (B)");
	SET(s.position, "Trưởng điểm");
	SET(s.id_number, "079190000001");
	assert_int_equal(regstore_staff_update(f->db, &s), MC_OK);
	assert_int_equal(s.version, 2);
	assert_int_equal(regstore_staff_get(f->db, id, 1000, &got), MC_OK);
	assert_string_equal(got.full_name, "Nguyễn Văn An (B)");
	assert_string_equal(got.position, "Trưởng điểm");
	assert_string_equal(got.id_number, "001190012345");
	assert_int_equal(got.version, 2);
	assert_int_equal(got.created_at, 500);

	s.id = id + 1;
	s.version = 7;
	assert_int_equal(regstore_staff_update(f->db, &s), MC_ENOTFOUND);
	assert_int_equal(s.version, 7);
	assert_int_equal(regstore_staff_get(f->db, id + 1, 1000, &got), MC_ENOTFOUND);
}

static void test_asset_round_trip(void **state)
{
	struct fixture *f = *state;
	struct reg_asset a, got;
	bool used = true;
	int64_t id = new_asset(f->db, "TS-001", "Máy tính để bàn", 2);
	int64_t other = new_asset(f->db, "TS-002", "Máy in", 1);
	assert_int_equal(other, id + 1);
	assert_int_equal(regstore_inventory_code_used(f->db, "TS-001", &used), MC_OK);
	assert_true(used);
	assert_int_equal(regstore_inventory_code_used(f->db, "ts-001", &used), MC_OK);
	assert_false(used);

	memset(&got, 0x5a, sizeof(got));
	assert_int_equal(regstore_asset_get(f->db, id, 1000, &got), MC_OK);
	assert_int_equal(got.id, id);
	assert_string_equal(got.inventory_code, "TS-001");
	assert_string_equal(got.name, "Máy tính để bàn");
	assert_string_equal(got.category, "Thiết bị văn phòng");
	assert_int_equal(got.quantity, 2);
	assert_int_equal(got.original_value, 15000000);
	assert_int_equal(got.remaining_value, 9000000);
	assert_string_equal(got.condition, "Tốt");
	assert_int_equal(got.created_at, 600);
	assert_int_equal(got.version, 1);
	assert_string_equal(got.at.unit, "");

	/* Duplicate codes, on insert and on update; negative numbers are refused. */
	a = got;
	assert_int_equal(regstore_asset_insert(f->db, &a), MC_ECONFLICT);
	a = got;
	SET(a.inventory_code, "TS-003");
	a.quantity = -1;
	assert_int_equal(regstore_asset_insert(f->db, &a), MC_ECONFLICT);
	a = got;
	SET(a.inventory_code, "TS-002");
	assert_int_equal(regstore_asset_update(f->db, &a), MC_ECONFLICT);
	assert_int_equal(a.version, 1);

	/* An update may change every descriptive field, the code included. */
	a = got;
	SET(a.inventory_code, "TS-001A");
	SET(a.name, "Máy tính xách tay");
	SET(a.category, "Tin học");
	a.quantity = 3;
	a.original_value = 20000000;
	a.remaining_value = 0;
	SET(a.condition, "Hỏng");
	a.created_at = 99; /* not stored by an update */
	assert_int_equal(regstore_asset_update(f->db, &a), MC_OK);
	assert_int_equal(a.version, 2);
	assert_int_equal(regstore_asset_get(f->db, id, 1000, &got), MC_OK);
	assert_string_equal(got.inventory_code, "TS-001A");
	assert_string_equal(got.name, "Máy tính xách tay");
	assert_string_equal(got.category, "Tin học");
	assert_int_equal(got.quantity, 3);
	assert_int_equal(got.original_value, 20000000);
	assert_int_equal(got.remaining_value, 0);
	assert_string_equal(got.condition, "Hỏng");
	assert_int_equal(got.created_at, 600);
	assert_int_equal(got.version, 2);
	assert_int_equal(regstore_inventory_code_used(f->db, "TS-001", &used), MC_OK);
	assert_false(used);

	/* The other asset is untouched. */
	assert_int_equal(regstore_asset_get(f->db, other, 1000, &got), MC_OK);
	assert_string_equal(got.inventory_code, "TS-002");
	assert_int_equal(got.version, 1);

	a.id = other + 1;
	assert_int_equal(regstore_asset_update(f->db, &a), MC_ENOTFOUND);
	assert_int_equal(regstore_asset_get(f->db, other + 1, 1000, &got), MC_ENOTFOUND);
}

static void test_record_round_trip(void **state)
{
	struct fixture *f = *state;
	struct reg_record r, got;
	int64_t id = new_record(f->db, "3", "12", "Sổ đăng ký khai sinh", 2024);
	memset(&got, 0x5a, sizeof(got));
	assert_int_equal(regstore_record_get(f->db, id, 1000, &got), MC_OK);
	assert_int_equal(got.id, id);
	assert_string_equal(got.box, "3");
	assert_string_equal(got.file, "12");
	assert_string_equal(got.title, "Sổ đăng ký khai sinh");
	assert_int_equal(got.year, 2024);
	assert_int_equal(got.sheets, 120);
	assert_string_equal(got.retention, "Vĩnh viễn");
	assert_int_equal(got.created_at, 700);
	assert_int_equal(got.version, 1);
	assert_string_equal(got.at.unit, "");

	/* Records have no unique key: the same box and file twice is allowed. */
	assert_int_equal(new_record(f->db, "3", "12", "Sổ đăng ký khai sinh", 2024), id + 1);

	r = got;
	SET(r.box, "4");
	SET(r.file, "1");
	SET(r.title, "Sổ đăng ký kết hôn");
	r.year = 2025;
	r.sheets = 0;
	SET(r.retention, "20 năm");
	assert_int_equal(regstore_record_update(f->db, &r), MC_OK);
	assert_int_equal(r.version, 2);
	assert_int_equal(regstore_record_get(f->db, id, 1000, &got), MC_OK);
	assert_string_equal(got.box, "4");
	assert_string_equal(got.file, "1");
	assert_string_equal(got.title, "Sổ đăng ký kết hôn");
	assert_int_equal(got.year, 2025);
	assert_int_equal(got.sheets, 0);
	assert_string_equal(got.retention, "20 năm");
	assert_int_equal(got.version, 2);

	r.sheets = -1;
	assert_int_equal(regstore_record_update(f->db, &r), MC_ECONFLICT);
	assert_int_equal(r.version, 2);
	r.sheets = 1;
	r.id = id + 2;
	assert_int_equal(regstore_record_update(f->db, &r), MC_ENOTFOUND);
	assert_int_equal(regstore_record_get(f->db, id + 2, 1000, &got), MC_ENOTFOUND);
}

static void test_places_over_time(void **state)
{
	struct fixture *f = *state;
	struct reg_staff s;
	struct reg_span spans[4];
	size_t n = 99;
	int64_t since = -1;
	int64_t id = new_staff(f->db, "Nguyễn Văn An", "001190012345", "Chuyên viên");
	/* An asset with the same id number: spans are per kind. */
	int64_t asset = new_asset(f->db, "TS-001", "Máy tính", 1);
	assert_int_equal(asset, id);

	assert_int_equal(regstore_spans(f->db, REG_STAFF, id, spans, 4, &n), MC_OK);
	assert_int_equal(n, 0);
	assert_int_equal(regstore_open_since(f->db, REG_STAFF, id, &since), MC_OK);
	assert_int_equal(since, 0);

	assert_int_equal(regstore_place(f->db, REG_STAFF, id, SP1, 3, 1000), MC_OK);
	assert_int_equal(regstore_place(f->db, REG_STAFF, id, SP2, 0, 2000), MC_OK);
	assert_int_equal(regstore_place(f->db, REG_STAFF, id, PC1, 5, 3000), MC_OK);
	assert_int_equal(regstore_place(f->db, REG_ASSET, asset, BR1, 0, 1500), MC_OK);

	assert_int_equal(regstore_spans(f->db, REG_STAFF, id, spans, 4, &n), MC_OK);
	assert_int_equal(n, 3);
	assert_string_equal(spans[0].unit, SP1);
	assert_int_equal(spans[0].counter, 3);
	assert_int_equal(spans[0].from, 1000);
	assert_int_equal(spans[0].to, 2000);
	assert_string_equal(spans[1].unit, SP2);
	assert_int_equal(spans[1].counter, 0);
	assert_int_equal(spans[1].from, 2000);
	assert_int_equal(spans[1].to, 3000);
	assert_string_equal(spans[2].unit, PC1);
	assert_int_equal(spans[2].counter, 5);
	assert_int_equal(spans[2].from, 3000);
	assert_int_equal(spans[2].to, INT64_MAX);
	/* A short array takes the oldest. */
	assert_int_equal(regstore_spans(f->db, REG_STAFF, id, spans, 2, &n), MC_OK);
	assert_int_equal(n, 2);
	assert_string_equal(spans[1].unit, SP2);
	assert_int_equal(regstore_open_since(f->db, REG_STAFF, id, &since), MC_OK);
	assert_int_equal(since, 3000);

	assert_int_equal(regstore_spans(f->db, REG_ASSET, asset, spans, 4, &n), MC_OK);
	assert_int_equal(n, 1);
	assert_string_equal(spans[0].unit, BR1);
	assert_int_equal(spans[0].to, INT64_MAX);
	assert_int_equal(regstore_open_since(f->db, REG_ASSET, asset, &since), MC_OK);
	assert_int_equal(since, 1500);
	assert_int_equal(regstore_open_since(f->db, REG_RECORD, id, &since), MC_OK);
	assert_int_equal(since, 0);

	/* Where the staff member was at each instant: [from, to). */
	static const struct {
		int64_t at;
		const char *unit;
		int64_t counter, since;
	} want[] = {
		{999, "", 0, 0},      {1000, SP1, 3, 1000}, {1999, SP1, 3, 1000},
		{2000, SP2, 0, 2000}, {2999, SP2, 0, 2000}, {3000, PC1, 5, 3000},
		{INT64_MAX - 1, PC1, 5, 3000},
	};
	for (size_t i = 0; i < MC_ARRAY_LEN(want); i++) {
		assert_int_equal(regstore_staff_get(f->db, id, want[i].at, &s), MC_OK);
		assert_string_equal(s.at.unit, want[i].unit);
		assert_int_equal(s.at.counter, want[i].counter);
		assert_int_equal(s.at.since, want[i].since);
	}

	/* Placing at an unknown unit is refused and leaves the spans as they were. */
	assert_int_equal(db_begin_write(f->db), MC_OK);
	assert_int_equal(regstore_place(f->db, REG_STAFF, id, "999.99.99.H26", 0, 4000),
			 MC_ECONFLICT);
	db_rollback(f->db);
	assert_int_equal(regstore_spans(f->db, REG_STAFF, id, spans, 4, &n), MC_OK);
	assert_int_equal(n, 3);
	assert_int_equal(spans[2].to, INT64_MAX);
}

struct ids {
	int64_t v[16];
	char unit[16][UNIT_CODE_MAX];
	size_t n;
};

static void add_id(struct ids *ids, int64_t id, const char *unit)
{
	assert_true(ids->n < MC_ARRAY_LEN(ids->v));
	SET(ids->unit[ids->n], unit);
	ids->v[ids->n++] = id;
}

static void on_staff(const struct reg_staff *s, void *arg)
{
	add_id(arg, s->id, s->at.unit);
}

static void on_asset(const struct reg_asset *a, void *arg)
{
	add_id(arg, a->id, a->at.unit);
}

static void on_record(const struct reg_record *r, void *arg)
{
	add_id(arg, r->id, r->at.unit);
}

/* The ids of a staff page with the given filter, joined with spaces. */
static const char *staff_page(struct fixture *f, const char *unit, int64_t at, int64_t after,
			      size_t limit)
{
	struct ids ids = {0};
	struct reg_filter rf = {unit, at, after, limit};
	assert_int_equal(regstore_staff_list(f->db, &rf, on_staff, &ids), MC_OK);
	char *out = arena_strdup(&f->arena, "");
	for (size_t i = 0; i < ids.n; i++)
		out = arena_printf(&f->arena, "%s%s%lld@%s", out, i ? " " : "", (long long)ids.v[i],
				   ids.unit[i][0] ? ids.unit[i] : "-");
	return out;
}

static void test_lists(void **state)
{
	struct fixture *f = *state;
	struct ids ids = {0};
	/* Staff 1..5: 1 at SP1 from 1000; 2 at SP1 from 1000, at SP2 from 2000; 3 at SP2 from 1500;
	 * 4 nowhere; 5 at SP1 from 2500. */
	assert_int_equal(new_staff(f->db, "A", "001190000001", "X"), 1);
	assert_int_equal(new_staff(f->db, "B", "001190000002", "X"), 2);
	assert_int_equal(new_staff(f->db, "C", "001190000003", "X"), 3);
	assert_int_equal(new_staff(f->db, "D", "001190000004", "X"), 4);
	assert_int_equal(new_staff(f->db, "E", "001190000005", "X"), 5);
	assert_int_equal(regstore_place(f->db, REG_STAFF, 1, SP1, 1, 1000), MC_OK);
	assert_int_equal(regstore_place(f->db, REG_STAFF, 2, SP1, 2, 1000), MC_OK);
	assert_int_equal(regstore_place(f->db, REG_STAFF, 2, SP2, 0, 2000), MC_OK);
	assert_int_equal(regstore_place(f->db, REG_STAFF, 3, SP2, 0, 1500), MC_OK);
	assert_int_equal(regstore_place(f->db, REG_STAFF, 5, SP1, 0, 2500), MC_OK);

	assert_string_equal(staff_page(f, NULL, 3000, 0, 10),
			    "1@" SP1 " 2@" SP2 " 3@" SP2 " 4@- 5@" SP1);
	assert_string_equal(staff_page(f, NULL, 500, 0, 10), "1@- 2@- 3@- 4@- 5@-");
	assert_string_equal(staff_page(f, SP1, 1200, 0, 10), "1@" SP1 " 2@" SP1);
	assert_string_equal(staff_page(f, SP1, 2000, 0, 10), "1@" SP1);
	assert_string_equal(staff_page(f, SP1, 2500, 0, 10), "1@" SP1 " 5@" SP1);
	assert_string_equal(staff_page(f, SP2, 1999, 0, 10), "3@" SP2);
	assert_string_equal(staff_page(f, SP2, 2000, 0, 10), "2@" SP2 " 3@" SP2);
	assert_string_equal(staff_page(f, PC1, 3000, 0, 10), "");
	/* Pages by id. */
	assert_string_equal(staff_page(f, NULL, 3000, 0, 2), "1@" SP1 " 2@" SP2);
	assert_string_equal(staff_page(f, NULL, 3000, 2, 2), "3@" SP2 " 4@-");
	assert_string_equal(staff_page(f, NULL, 3000, 4, 2), "5@" SP1);
	assert_string_equal(staff_page(f, NULL, 3000, 5, 2), "");
	assert_string_equal(staff_page(f, SP1, 3000, 1, 1), "5@" SP1);
	assert_string_equal(staff_page(f, NULL, 3000, 0, 0), "");

	/* Assets and records page the same way. */
	assert_int_equal(new_asset(f->db, "TS-1", "Bàn", 1), 1);
	assert_int_equal(new_asset(f->db, "TS-2", "Ghế", 4), 2);
	assert_int_equal(new_asset(f->db, "TS-3", "Tủ", 1), 3);
	assert_int_equal(regstore_place(f->db, REG_ASSET, 1, SP1, 0, 1000), MC_OK);
	assert_int_equal(regstore_place(f->db, REG_ASSET, 2, SP1, 0, 1000), MC_OK);
	assert_int_equal(regstore_place(f->db, REG_ASSET, 2, BR1, 0, 2000), MC_OK);
	struct reg_filter rf = {SP1, 1500, 0, 10};
	assert_int_equal(regstore_asset_list(f->db, &rf, on_asset, &ids), MC_OK);
	assert_int_equal(ids.n, 2);
	assert_int_equal(ids.v[0], 1);
	assert_int_equal(ids.v[1], 2);
	ids.n = 0;
	rf.at = 2000;
	assert_int_equal(regstore_asset_list(f->db, &rf, on_asset, &ids), MC_OK);
	assert_int_equal(ids.n, 1);
	assert_int_equal(ids.v[0], 1);
	ids.n = 0;
	rf = (struct reg_filter){NULL, 2000, 1, 1};
	assert_int_equal(regstore_asset_list(f->db, &rf, on_asset, &ids), MC_OK);
	assert_int_equal(ids.n, 1);
	assert_int_equal(ids.v[0], 2);
	assert_string_equal(ids.unit[0], BR1);

	assert_int_equal(new_record(f->db, "1", "1", "Sổ A", 2020), 1);
	assert_int_equal(new_record(f->db, "1", "2", "Sổ B", 2021), 2);
	assert_int_equal(regstore_place(f->db, REG_RECORD, 2, SP2, 0, 1000), MC_OK);
	ids.n = 0;
	rf = (struct reg_filter){SP2, 1000, 0, 10};
	assert_int_equal(regstore_record_list(f->db, &rf, on_record, &ids), MC_OK);
	assert_int_equal(ids.n, 1);
	assert_int_equal(ids.v[0], 2);
	assert_string_equal(ids.unit[0], SP2);
	ids.n = 0;
	rf = (struct reg_filter){NULL, 1000, 0, 10};
	assert_int_equal(regstore_record_list(f->db, &rf, on_record, &ids), MC_OK);
	assert_int_equal(ids.n, 2);
	assert_string_equal(ids.unit[0], "");
	assert_string_equal(ids.unit[1], SP2);
}

static void test_appointments(void **state)
{
	struct fixture *f = *state;
	struct reg_appointment ap[4];
	size_t n = 99;
	int64_t a = new_staff(f->db, "A", "001190000001", "Trưởng điểm");
	int64_t b = new_staff(f->db, "B", "001190000002", "Phó điểm");
	int64_t c = new_staff(f->db, "C", "001190000003", "Trưởng điểm");
	assert_int_equal(regstore_appointments(f->db, a, ap, 4, &n), MC_OK);
	assert_int_equal(n, 0);

	assert_int_equal(regstore_appoint(f->db, a, SP1, "head", 1000), MC_OK);
	assert_int_equal(regstore_appoint(f->db, b, SP1, "deputy", 1500), MC_OK);
	assert_int_equal(regstore_appoint(f->db, c, SP1, "deputy", 1600), MC_OK);
	/* A new head ends the current head only; deputies stay. */
	assert_int_equal(regstore_appoint(f->db, c, SP1, "head", 2000), MC_OK);
	/* A head elsewhere does not end SP1's head. */
	assert_int_equal(regstore_appoint(f->db, a, SP2, "head", 2500), MC_OK);

	assert_int_equal(regstore_appointments(f->db, a, ap, 4, &n), MC_OK);
	assert_int_equal(n, 2);
	assert_string_equal(ap[0].unit, SP1);
	assert_string_equal(ap[0].position, "head");
	assert_int_equal(ap[0].from, 1000);
	assert_int_equal(ap[0].to, 2000);
	assert_string_equal(ap[1].unit, SP2);
	assert_string_equal(ap[1].position, "head");
	assert_int_equal(ap[1].from, 2500);
	assert_int_equal(ap[1].to, INT64_MAX);

	assert_int_equal(regstore_appointments(f->db, b, ap, 4, &n), MC_OK);
	assert_int_equal(n, 1);
	assert_string_equal(ap[0].position, "deputy");
	assert_int_equal(ap[0].from, 1500);
	assert_int_equal(ap[0].to, INT64_MAX);

	assert_int_equal(regstore_appointments(f->db, c, ap, 4, &n), MC_OK);
	assert_int_equal(n, 2);
	assert_string_equal(ap[0].position, "deputy");
	assert_int_equal(ap[0].from, 1600);
	assert_int_equal(ap[0].to, INT64_MAX);
	assert_string_equal(ap[1].position, "head");
	assert_int_equal(ap[1].from, 2000);
	assert_int_equal(ap[1].to, INT64_MAX);
	assert_int_equal(regstore_appointments(f->db, c, ap, 1, &n), MC_OK);
	assert_int_equal(n, 1);
	assert_string_equal(ap[0].position, "deputy");

	/* The schema refuses other positions and unknown staff. */
	assert_int_equal(regstore_appoint(f->db, a, SP1, "clerk", 3000), MC_ECONFLICT);
	assert_int_equal(regstore_appoint(f->db, c + 10, SP1, "deputy", 3000), MC_ECONFLICT);
}

#define T(name) cmocka_unit_test_setup_teardown(name, register_rows_setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_staff_round_trip),
		T(test_asset_round_trip),
		T(test_record_round_trip),
		T(test_places_over_time),
		T(test_lists),
		T(test_appointments),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
