/* Tests of the registers (store/register_store.h) and reorganizations (store/reorg_store.h) on a
 * real database in a fresh temporary directory: register round trips and versions, places over
 * time, pages by unit and instant, appointments, decisions, handovers with their snapshot, item
 * confirmations and signatures, and the dossier queries a handover uses. */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "db_fixture.h"

#include <dirent.h>
#include <unistd.h>

#include "base/arena.h"
#include "store/db.h"
#include "store/dossier_store.h"
#include "store/migrate.h"
#include "store/register_store.h"
#include "store/reorg_store.h"
#include "store/unit_store.h"

#define PC1 "001.00.50.H26" /* a commune PC */
#define SP1 "001.01.50.H26" /* a service point of PC1 */
#define SP2 "001.02.50.H26" /* another service point of PC1 */
#define BR1 "000.10.50.H26" /* a branch */

#define SET(field, value) snprintf((field), sizeof(field), "%s", (value))



static int setup(void **state)
{
	struct fixture *f = fixture_open("registers");
	fixture_unit(f->db, PC1, "UBND Phường Cửa Nam", "ubnd phuong cua nam", "commune_pc", "", "", 10);
	fixture_unit(f->db, SP1, "Điểm phục vụ Cửa Nam 1", "diem phuc vu cua nam 1", "service_point", "", PC1, 10);
	fixture_unit(f->db, SP2, "Điểm phục vụ Cửa Nam 2", "diem phuc vu cua nam 2", "service_point", "", PC1, 10);
	fixture_unit(f->db, BR1, "Chi nhánh số 1", "chi nhanh so 1", "branch", "", "", 10);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture_close(*state);
	return 0;
}

static int64_t new_staff(struct db *db, const char *name, const char *id_number,
			 const char *position)
{
	struct reg_staff s;
	memset(&s, 0, sizeof(s));
	SET(s.full_name, name);
	SET(s.id_number, id_number);
	SET(s.position, position);
	s.created_at = 500;
	assert_int_equal(regstore_staff_insert(db, &s), MC_OK);
	assert_true(s.id > 0);
	assert_int_equal(s.version, 1);
	return s.id;
}

static int64_t new_asset(struct db *db, const char *code, const char *name, int64_t quantity)
{
	struct reg_asset a;
	memset(&a, 0, sizeof(a));
	SET(a.inventory_code, code);
	SET(a.name, name);
	SET(a.category, "Thiết bị văn phòng");
	a.quantity = quantity;
	a.original_value = 15000000;
	a.remaining_value = 9000000;
	SET(a.condition, "Tốt");
	a.created_at = 600;
	assert_int_equal(regstore_asset_insert(db, &a), MC_OK);
	assert_true(a.id > 0);
	assert_int_equal(a.version, 1);
	return a.id;
}

static int64_t new_record(struct db *db, const char *box, const char *file, const char *title,
			  int64_t year)
{
	struct reg_record r;
	memset(&r, 0, sizeof(r));
	SET(r.box, box);
	SET(r.file, file);
	SET(r.title, title);
	r.year = year;
	r.sheets = 120;
	SET(r.retention, "Vĩnh viễn");
	r.created_at = 700;
	assert_int_equal(regstore_record_insert(db, &r), MC_OK);
	assert_true(r.id > 0);
	assert_int_equal(r.version, 1);
	return r.id;
}

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

/* Reorganizations. */

static int64_t new_reorg(struct db *db, const char *number)
{
	struct reorg r;
	memset(&r, 0, sizeof(r));
	SET(r.decision_number, number);
	SET(r.signed_on, "2026-11-20");
	r.effective_at = 5000;
	SET(r.target_unit, BR1);
	r.handover_days = 15;
	SET(r.deadline, "2026-12-11");
	r.created_at = 4000;
	SET(r.created_by, "admin");
	assert_int_equal(rstore_insert(db, &r), MC_OK);
	assert_true(r.id > 0);
	return r.id;
}

static void test_reorg_round_trip(void **state)
{
	struct fixture *f = *state;
	struct reorg r, got;
	static const unsigned char zero[REORG_HASH_LEN];
	int64_t id = new_reorg(f->db, "123/QĐ-UBND");
	memset(&got, 0x5a, sizeof(got));
	assert_int_equal(rstore_get(f->db, id, &got), MC_OK);
	assert_int_equal(got.id, id);
	assert_string_equal(got.decision_number, "123/QĐ-UBND");
	assert_string_equal(got.signed_on, "2026-11-20");
	assert_int_equal(got.effective_at, 5000);
	assert_string_equal(got.target_unit, BR1);
	assert_int_equal(got.handover_days, 15);
	assert_string_equal(got.deadline, "2026-12-11");
	assert_int_equal(got.dossiers, 0);
	assert_int_equal(got.events, 0);
	assert_memory_equal(got.checksum, zero, REORG_HASH_LEN);
	assert_int_equal(got.created_at, 4000);
	assert_string_equal(got.created_by, "admin");

	r = got;
	r.dossiers = 7;
	r.events = 42;
	for (size_t i = 0; i < REORG_HASH_LEN; i++)
		r.checksum[i] = (unsigned char)(i * 7 + 1);
	assert_int_equal(rstore_set_checksum(f->db, &r), MC_OK);
	assert_int_equal(rstore_get(f->db, id, &got), MC_OK);
	assert_int_equal(got.dossiers, 7);
	assert_int_equal(got.events, 42);
	assert_memory_equal(got.checksum, r.checksum, REORG_HASH_LEN);
	assert_string_equal(got.decision_number, "123/QĐ-UBND");

	assert_int_equal(rstore_get(f->db, id + 1, &got), MC_ENOTFOUND);
	/* The target must be a unit. */
	SET(r.target_unit, "999.99.99.H26");
	assert_int_equal(rstore_insert(f->db, &r), MC_ECONFLICT);
}

struct handovers {
	struct handover h[4];
	size_t n;
};

static void on_handover(const struct handover *h, void *arg)
{
	struct handovers *hs = arg;
	assert_true(hs->n < MC_ARRAY_LEN(hs->h));
	hs->h[hs->n++] = *h;
}

static int64_t new_handover(struct db *db, int64_t reorg, const char *unit, const char *old_parent)
{
	struct handover h;
	memset(&h, 0, sizeof(h));
	h.reorg_id = reorg;
	SET(h.unit, unit);
	SET(h.old_parent, old_parent);
	assert_int_equal(rstore_insert_handover(db, &h), MC_OK);
	assert_true(h.id > 0);
	assert_string_equal(h.status, "open");
	return h.id;
}

static void test_handovers(void **state)
{
	struct fixture *f = *state;
	struct handover h;
	struct handovers hs = {0};
	int64_t r1 = new_reorg(f->db, "1/QĐ");
	int64_t r2 = new_reorg(f->db, "2/QĐ");
	int64_t h1 = new_handover(f->db, r1, SP1, PC1);
	int64_t h2 = new_handover(f->db, r2, SP1, "");
	int64_t h3 = new_handover(f->db, r1, SP2, "");

	memset(&h, 0x5a, sizeof(h));
	assert_int_equal(rstore_get_handover(f->db, h1, &h), MC_OK);
	assert_int_equal(h.id, h1);
	assert_int_equal(h.reorg_id, r1);
	assert_string_equal(h.unit, SP1);
	assert_string_equal(h.old_parent, PC1);
	assert_string_equal(h.status, "open");
	assert_string_equal(h.giver_by, "");
	assert_string_equal(h.receiver_by, "");
	assert_int_equal(h.giver_at, 0);
	assert_int_equal(h.receiver_at, 0);
	assert_int_equal(h.completed_at, 0);
	assert_int_equal(h.counts.staff, 0);
	assert_int_equal(h.counts.dossiers_open, 0);
	assert_int_equal(h.counts.dossiers_closed, 0);
	assert_int_equal(h.counts.records, 0);
	assert_int_equal(h.counts.assets, 0);
	assert_int_equal(rstore_get_handover(f->db, h3 + 1, &h), MC_ENOTFOUND);

	h.counts = (struct handover_counts){1, 2, 3, 4, 5};
	assert_int_equal(rstore_set_counts(f->db, &h), MC_OK);

	assert_int_equal(rstore_handovers(f->db, r1, on_handover, &hs), MC_OK);
	assert_int_equal(hs.n, 2);
	assert_int_equal(hs.h[0].id, h1);
	assert_int_equal(hs.h[0].counts.staff, 1);
	assert_int_equal(hs.h[0].counts.dossiers_open, 2);
	assert_int_equal(hs.h[0].counts.dossiers_closed, 3);
	assert_int_equal(hs.h[0].counts.records, 4);
	assert_int_equal(hs.h[0].counts.assets, 5);
	assert_int_equal(hs.h[1].id, h3);
	assert_string_equal(hs.h[1].unit, SP2);
	assert_string_equal(hs.h[1].old_parent, "");
	assert_int_equal(hs.h[1].counts.staff, 0);
	hs.n = 0;
	assert_int_equal(rstore_handovers(f->db, r2, on_handover, &hs), MC_OK);
	assert_int_equal(hs.n, 1);
	assert_int_equal(hs.h[0].id, h2);
	hs.n = 0;
	assert_int_equal(rstore_handovers(f->db, r2 + 1, on_handover, &hs), MC_OK);
	assert_int_equal(hs.n, 0);

	/* Signatures, one side at a time, then completion. */
	assert_int_equal(rstore_sign(f->db, h1, true, "giver.le", 6000), MC_OK);
	assert_int_equal(rstore_get_handover(f->db, h1, &h), MC_OK);
	assert_string_equal(h.giver_by, "giver.le");
	assert_int_equal(h.giver_at, 6000);
	assert_string_equal(h.receiver_by, "");
	assert_int_equal(h.receiver_at, 0);
	assert_string_equal(h.status, "open");
	assert_int_equal(rstore_sign(f->db, h1, false, "receiver.tran", 6100), MC_OK);
	assert_int_equal(rstore_complete(f->db, h1, 6200), MC_OK);
	assert_int_equal(rstore_get_handover(f->db, h1, &h), MC_OK);
	assert_string_equal(h.giver_by, "giver.le");
	assert_int_equal(h.giver_at, 6000);
	assert_string_equal(h.receiver_by, "receiver.tran");
	assert_int_equal(h.receiver_at, 6100);
	assert_string_equal(h.status, "complete");
	assert_int_equal(h.completed_at, 6200);
	assert_int_equal(h.counts.records, 4);
	/* The other handovers are untouched. */
	assert_int_equal(rstore_get_handover(f->db, h3, &h), MC_OK);
	assert_string_equal(h.status, "open");
	assert_string_equal(h.giver_by, "");
}

struct items {
	int64_t id[16];
	char text[16][160];
	size_t n;
};

static void on_item(const struct handover_item *it, void *arg)
{
	struct items *is = arg;
	assert_true(is->n < MC_ARRAY_LEN(is->id));
	is->id[is->n] = it->id;
	snprintf(is->text[is->n], sizeof(is->text[is->n]), "%s|%s|%s|%s|%s", it->kind, it->ref,
		 it->label, it->status, it->note);
	is->n++;
}

static void test_snapshot(void **state)
{
	struct fixture *f = *state;
	struct items is = {0};
	struct handover h;
	char ref[24];
	int64_t pending = -1;
	int64_t s1 = new_staff(f->db, "Nguyễn Văn An", "001190000001", "Chuyên viên");
	int64_t s2 = new_staff(f->db, "Trần Thị Bình", "001190000002", "Trưởng điểm");
	int64_t s3 = new_staff(f->db, "Lê Văn Cường", "001190000003", "Cán bộ");
	int64_t s4 = new_staff(f->db, "Phạm Thị Dung", "001190000004", "Cán bộ");
	int64_t rec = new_record(f->db, "3", "12", "Sổ đăng ký khai sinh", 2024);
	int64_t as1 = new_asset(f->db, "TS-001", "Máy tính", 2);
	int64_t as2 = new_asset(f->db, "TS-002", "Máy in", 1);
	/* At 5000: s1 at SP1 since 1000; s2 arrived at SP1 exactly at 5000; s3 left SP1 exactly
	 * at 5000; s4 arrives after; the record and TS-001 are at SP1; TS-002 at SP2. */
	assert_int_equal(regstore_place(f->db, REG_STAFF, s1, SP1, 1, 1000), MC_OK);
	assert_int_equal(regstore_place(f->db, REG_STAFF, s2, SP1, 0, 5000), MC_OK);
	assert_int_equal(regstore_place(f->db, REG_STAFF, s3, SP1, 0, 1000), MC_OK);
	assert_int_equal(regstore_place(f->db, REG_STAFF, s3, SP2, 0, 5000), MC_OK);
	assert_int_equal(regstore_place(f->db, REG_STAFF, s4, SP1, 0, 5001), MC_OK);
	assert_int_equal(regstore_place(f->db, REG_RECORD, rec, SP1, 0, 1000), MC_OK);
	assert_int_equal(regstore_place(f->db, REG_ASSET, as1, SP1, 0, 1000), MC_OK);
	assert_int_equal(regstore_place(f->db, REG_ASSET, as2, SP2, 0, 1000), MC_OK);

	int64_t r = new_reorg(f->db, "1/QĐ");
	memset(&h, 0, sizeof(h));
	h.reorg_id = r;
	SET(h.unit, SP1);
	assert_int_equal(rstore_insert_handover(f->db, &h), MC_OK);
	h.counts.staff = 10; /* the snapshot adds to the counts */
	assert_int_equal(rstore_snapshot_registers(f->db, &h, 5000), MC_OK);
	assert_int_equal(h.counts.staff, 12);
	assert_int_equal(h.counts.records, 1);
	assert_int_equal(h.counts.assets, 1);
	assert_int_equal(h.counts.dossiers_open, 0);

	/* A dossier item after the registers. */
	unsigned char digest[REORG_HASH_LEN];
	memset(digest, 0xab, sizeof(digest));
	assert_int_equal(rstore_insert_item(f->db, h.id, "dossier", SP1 "-261126-0001",
					    "Đăng ký khai sinh", digest, 3, 17),
			 MC_OK);

	assert_int_equal(rstore_items(f->db, h.id, 16, on_item, &is), MC_OK);
	assert_int_equal(is.n, 5);
	snprintf(ref, sizeof(ref), "%lld", (long long)s1);
	assert_string_equal(is.text[0],
			    arena_printf(&f->arena, "staff|%s|Nguyễn Văn An, Chuyên viên|pending|",
					 ref));
	snprintf(ref, sizeof(ref), "%lld", (long long)s2);
	assert_string_equal(is.text[1],
			    arena_printf(&f->arena, "staff|%s|Trần Thị Bình, Trưởng điểm|pending|",
					 ref));
	snprintf(ref, sizeof(ref), "%lld", (long long)rec);
	assert_string_equal(
		is.text[2],
		arena_printf(&f->arena,
			     "record|%s|Hộp 3, hồ sơ 12: Sổ đăng ký khai sinh (2024)|pending|",
			     ref));
	snprintf(ref, sizeof(ref), "%lld", (long long)as1);
	assert_string_equal(is.text[3],
			    arena_printf(&f->arena, "asset|%s|TS-001 - Máy tính (SL: 2)|pending|",
					 ref));
	assert_string_equal(is.text[4], "dossier|" SP1 "-261126-0001|Đăng ký khai sinh|pending|");
	for (size_t i = 1; i < is.n; i++)
		assert_true(is.id[i] > is.id[i - 1]);

	/* A cap. */
	struct items first = {0};
	assert_int_equal(rstore_items(f->db, h.id, 2, on_item, &first), MC_OK);
	assert_int_equal(first.n, 2);
	assert_int_equal(first.id[1], is.id[1]);

	/* Confirmations. */
	assert_int_equal(rstore_pending(f->db, h.id, &pending), MC_OK);
	assert_int_equal(pending, 5);
	assert_int_equal(rstore_confirm(f->db, h.id, is.id[0], "received", NULL, "tran", 6000),
			 MC_OK);
	assert_int_equal(rstore_confirm(f->db, h.id, is.id[3], "damaged", "Vỡ màn hình", "tran",
					6001),
			 MC_OK);
	assert_int_equal(rstore_confirm(f->db, h.id, is.id[4], "missing", "", "tran", 6002), MC_OK);
	assert_int_equal(rstore_pending(f->db, h.id, &pending), MC_OK);
	assert_int_equal(pending, 2);
	/* An item of this handover back to pending, and a status the schema refuses. */
	assert_int_equal(rstore_confirm(f->db, h.id, is.id[4], "pending", NULL, "tran", 6003),
			 MC_OK);
	assert_int_equal(rstore_confirm(f->db, h.id, is.id[1], "lost", NULL, "tran", 6004),
			 MC_ECONFLICT);
	assert_int_equal(rstore_pending(f->db, h.id, &pending), MC_OK);
	assert_int_equal(pending, 3);

	/* Another handover cannot confirm these items. */
	int64_t other = new_handover(f->db, r, SP2, "");
	assert_int_equal(rstore_confirm(f->db, other, is.id[1], "received", NULL, "x", 6005),
			 MC_ENOTFOUND);
	assert_int_equal(rstore_confirm(f->db, h.id, is.id[4] + 100, "received", NULL, "x", 6005),
			 MC_ENOTFOUND);
	assert_int_equal(rstore_pending(f->db, other, &pending), MC_OK);
	assert_int_equal(pending, 0);

	struct items after = {0};
	assert_int_equal(rstore_items(f->db, h.id, 16, on_item, &after), MC_OK);
	assert_int_equal(after.n, 5);
	assert_string_equal(after.text[0],
			    arena_printf(&f->arena,
					 "staff|%lld|Nguyễn Văn An, Chuyên viên|received|",
					 (long long)s1));
	assert_string_equal(after.text[1],
			    arena_printf(&f->arena,
					 "staff|%lld|Trần Thị Bình, Trưởng điểm|pending|",
					 (long long)s2));
	assert_string_equal(after.text[3], arena_printf(&f->arena,
							"asset|%lld|TS-001 - Máy tính (SL: 2)|"
							"damaged|Vỡ màn hình",
							(long long)as1));
	assert_string_equal(after.text[4],
			    "dossier|" SP1 "-261126-0001|Đăng ký khai sinh|pending|");

	/* The snapshot of SP2 at 5000 takes s3 and TS-002. */
	memset(&h, 0, sizeof(h));
	h.id = other;
	SET(h.unit, SP2);
	assert_int_equal(rstore_snapshot_registers(f->db, &h, 5000), MC_OK);
	assert_int_equal(h.counts.staff, 1);
	assert_int_equal(h.counts.records, 0);
	assert_int_equal(h.counts.assets, 1);
}

struct dossier_items {
	char code[4][DOSSIER_CODE_MAX];
	unsigned char digest[4][REORG_HASH_LEN];
	int64_t events[4], last[4];
	size_t n;
};

static void on_dossier_item(const struct handover_dossier *d, void *arg)
{
	struct dossier_items *di = arg;
	assert_true(di->n < MC_ARRAY_LEN(di->code));
	SET(di->code[di->n], d->code);
	memcpy(di->digest[di->n], d->digest, REORG_HASH_LEN);
	di->events[di->n] = d->events;
	di->last[di->n] = d->last_event;
	di->n++;
}

static void test_dossier_items(void **state)
{
	struct fixture *f = *state;
	struct dossier_items di = {0};
	unsigned char d1[REORG_HASH_LEN], d2[REORG_HASH_LEN];
	static const unsigned char zero[REORG_HASH_LEN];
	memset(d1, 0x11, sizeof(d1));
	memset(d2, 0x22, sizeof(d2));
	int64_t r1 = new_reorg(f->db, "1/QĐ");
	int64_t r2 = new_reorg(f->db, "2/QĐ");
	int64_t ha = new_handover(f->db, r1, SP1, PC1);
	int64_t hb = new_handover(f->db, r1, SP2, PC1);
	int64_t hc = new_handover(f->db, r2, SP1, "");
	assert_int_equal(rstore_insert_item(f->db, ha, "dossier", "C-0002", "B", d2, 4, 40), MC_OK);
	assert_int_equal(rstore_insert_item(f->db, hb, "dossier", "C-0001", "A", d1, 2, 20), MC_OK);
	assert_int_equal(rstore_insert_item(f->db, ha, "dossier", "C-0003", "C", NULL, 0, 0),
			 MC_OK);
	assert_int_equal(rstore_insert_item(f->db, ha, "staff", "1", "Staff", NULL, 0, 0), MC_OK);
	assert_int_equal(rstore_insert_item(f->db, hc, "dossier", "C-0009", "Z", d1, 1, 1), MC_OK);
	assert_int_equal(rstore_insert_item(f->db, hc, "parcel", "P", "P", NULL, 0, 0),
			 MC_ECONFLICT);

	/* By code across the decision's handovers; no digest reads as zeros. */
	assert_int_equal(rstore_dossier_items(f->db, r1, on_dossier_item, &di), MC_OK);
	assert_int_equal(di.n, 3);
	assert_string_equal(di.code[0], "C-0001");
	assert_memory_equal(di.digest[0], d1, REORG_HASH_LEN);
	assert_int_equal(di.events[0], 2);
	assert_int_equal(di.last[0], 20);
	assert_string_equal(di.code[1], "C-0002");
	assert_memory_equal(di.digest[1], d2, REORG_HASH_LEN);
	assert_int_equal(di.events[1], 4);
	assert_int_equal(di.last[1], 40);
	assert_string_equal(di.code[2], "C-0003");
	assert_memory_equal(di.digest[2], zero, REORG_HASH_LEN);
	assert_int_equal(di.events[2], 0);
	assert_int_equal(di.last[2], 0);
	di.n = 0;
	assert_int_equal(rstore_dossier_items(f->db, r2, on_dossier_item, &di), MC_OK);
	assert_int_equal(di.n, 1);
	assert_string_equal(di.code[0], "C-0009");
}

/* A counter dossier received at `receiving`; returns its id. */
static int64_t insert_dossier(struct db *db, const char *code, const char *receiving,
			      const char *status, int64_t submitted, int64_t due)
{
	struct dossier *d = xcalloc(1, sizeof(*d));
	SET(d->code, code);
	assert_int_equal(ds_status_parse(status, &d->status), MC_OK);
	SET(d->procedure_code, "P0000001");
	d->procedure_version = 1;
	d->procedure_name = "Đăng ký khai sinh";
	SET(d->applicant_kind, "person");
	d->applicant_name = "Nguyễn Thị Hằng";
	SET(d->applicant_id, "001190012345");
	SET(d->channel, "counter");
	SET(d->receiving_unit, receiving);
	SET(d->served_unit, PC1);
	SET(d->resolver_unit, PC1);
	SET(d->return_unit, SP1);
	SET(d->return_channel, "counter");
	d->duration.value = 5;
	SET(d->duration.unit, "working_days");
	d->submitted_at = submitted;
	d->received_at = submitted + 10;
	d->due_at = due;
	SET(d->tracking_secret, "ABCDEFGH");
	d->created_by = "hang.nguyen";
	assert_int_equal(dstore_insert(db, d, "nguyen thi hang"), MC_OK);
	int64_t id = d->id;
	free(d);
	assert_true(id > 0);
	return id;
}

struct unit_dossiers {
	int64_t id[4], submitted[4], received[4], due[4];
	char code[4][DOSSIER_CODE_MAX];
	char status[4][24];
	size_t n;
};

static void on_unit_dossier(const struct unit_dossier *d, void *arg)
{
	struct unit_dossiers *ud = arg;
	assert_true(ud->n < MC_ARRAY_LEN(ud->id));
	ud->id[ud->n] = d->id;
	SET(ud->code[ud->n], d->code);
	SET(ud->status[ud->n], d->status);
	assert_string_equal(d->procedure_name, "Đăng ký khai sinh");
	ud->submitted[ud->n] = d->submitted_at;
	ud->received[ud->n] = d->received_at;
	ud->due[ud->n] = d->due_at;
	ud->n++;
}

struct events {
	int64_t id[8], at[8];
	char text[8][200];
	size_t n;
};

static void on_event(const struct event_fields *e, void *arg)
{
	struct events *ev = arg;
	assert_true(ev->n < MC_ARRAY_LEN(ev->id));
	ev->id[ev->n] = e->id;
	ev->at[ev->n] = e->at;
	snprintf(ev->text[ev->n], sizeof(ev->text[ev->n]), "%s|%s|%s|%s|%s|%s",
		 e->text[0] ? e->text[0] : "NULL", e->text[1] ? e->text[1] : "NULL",
		 e->text[2] ? e->text[2] : "NULL", e->text[3] ? e->text[3] : "NULL",
		 e->text[4] ? e->text[4] : "NULL", e->text[5] ? e->text[5] : "NULL");
	ev->n++;
}

static void test_unit_dossiers_and_events(void **state)
{
	struct fixture *f = *state;
	struct unit_dossiers ud = {0};
	struct unit_dossier one;
	/* Inserted out of code order; the third was received at SP2 (SP1 only returns it). */
	int64_t b = insert_dossier(f->db, SP1 "-261126-0002", SP1, "processing", 2000, 9000);
	int64_t a = insert_dossier(f->db, SP1 "-261126-0001", SP1, "received", 1000, 0);
	int64_t c = insert_dossier(f->db, SP2 "-261126-0001", SP2, "received", 3000, 8000);

	assert_int_equal(rstore_unit_dossiers(f->db, SP1, on_unit_dossier, &ud), MC_OK);
	assert_int_equal(ud.n, 2);
	assert_int_equal(ud.id[0], a);
	assert_string_equal(ud.code[0], SP1 "-261126-0001");
	assert_string_equal(ud.status[0], "received");
	assert_int_equal(ud.submitted[0], 1000);
	assert_int_equal(ud.received[0], 1010);
	assert_int_equal(ud.due[0], 0);
	assert_int_equal(ud.id[1], b);
	assert_string_equal(ud.status[1], "processing");
	assert_int_equal(ud.due[1], 9000);
	ud.n = 0;
	assert_int_equal(rstore_unit_dossiers(f->db, SP2, on_unit_dossier, &ud), MC_OK);
	assert_int_equal(ud.n, 1);
	assert_int_equal(ud.id[0], c);
	ud.n = 0;
	assert_int_equal(rstore_unit_dossiers(f->db, PC1, on_unit_dossier, &ud), MC_OK);
	assert_int_equal(ud.n, 0);

	memset(&one, 0x5a, sizeof(one));
	assert_int_equal(rstore_dossier_by_code(f->db, SP2 "-261126-0001", &one), MC_OK);
	assert_int_equal(one.id, c);
	assert_null(one.code);
	assert_null(one.status);
	assert_null(one.procedure_name);
	assert_int_equal(one.submitted_at, 3000);
	assert_int_equal(one.received_at, 3010);
	assert_int_equal(one.due_at, 8000);
	assert_int_equal(rstore_dossier_by_code(f->db, SP2 "-261126-0002", &one), MC_ENOTFOUND);

	/* Events, oldest first, up to a last id. */
	struct dossier_event e1 = {1000, "receive", "hang.nguyen", SP1, NULL, "received", "{}", NULL};
	struct dossier_event e2 = {1100, "note", "an.le", NULL, "received", "received", "ghi chú", NULL};
	struct dossier_event e3 = {1200, "assign", "an.le", PC1, "received", "processing", "{}", NULL};
	assert_int_equal(dstore_add_event(f->db, a, &e1), MC_OK);
	assert_int_equal(dstore_add_event(f->db, b, &e1), MC_OK);
	assert_int_equal(dstore_add_event(f->db, a, &e2), MC_OK);
	assert_int_equal(dstore_add_event(f->db, a, &e3), MC_OK);

	struct events ev = {0};
	assert_int_equal(rstore_dossier_events(f->db, a, INT64_MAX, on_event, &ev), MC_OK);
	assert_int_equal(ev.n, 3);
	assert_int_equal(ev.at[0], 1000);
	assert_string_equal(ev.text[0], "receive|hang.nguyen|" SP1 "|NULL|received|{}");
	assert_int_equal(ev.at[1], 1100);
	assert_string_equal(ev.text[1], "note|an.le|NULL|received|received|ghi chú");
	assert_int_equal(ev.at[2], 1200);
	assert_string_equal(ev.text[2], "assign|an.le|" PC1 "|received|processing|{}");
	assert_true(ev.id[0] < ev.id[1] && ev.id[1] < ev.id[2]);
	int64_t second = ev.id[1];
	ev.n = 0;
	assert_int_equal(rstore_dossier_events(f->db, a, second, on_event, &ev), MC_OK);
	assert_int_equal(ev.n, 2);
	assert_int_equal(ev.id[1], second);
	ev.n = 0;
	assert_int_equal(rstore_dossier_events(f->db, b, INT64_MAX, on_event, &ev), MC_OK);
	assert_int_equal(ev.n, 1);
	assert_string_equal(ev.text[0], "receive|hang.nguyen|" SP1 "|NULL|received|{}");
	ev.n = 0;
	assert_int_equal(rstore_dossier_events(f->db, c, INT64_MAX, on_event, &ev), MC_OK);
	assert_int_equal(ev.n, 0);
}

static void test_open_parent_since(void **state)
{
	struct fixture *f = *state;
	int64_t since = -1;
	/* Units were inserted valid from 10; roots have an open interval too. */
	assert_int_equal(rstore_open_parent_since(f->db, SP1, &since), MC_OK);
	assert_int_equal(since, 10);
	assert_int_equal(rstore_open_parent_since(f->db, PC1, &since), MC_OK);
	assert_int_equal(since, 10);
	assert_int_equal(ustore_move(f->db, SP1, BR1, 5000), MC_OK);
	assert_int_equal(rstore_open_parent_since(f->db, SP1, &since), MC_OK);
	assert_int_equal(since, 5000);
	since = -1;
	assert_int_equal(rstore_open_parent_since(f->db, "999.99.99.H26", &since), MC_ENOTFOUND);
	assert_int_equal(since, -1);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_staff_round_trip),
		T(test_asset_round_trip),
		T(test_record_round_trip),
		T(test_places_over_time),
		T(test_lists),
		T(test_appointments),
		T(test_reorg_round_trip),
		T(test_handovers),
		T(test_snapshot),
		T(test_dossier_items),
		T(test_unit_dossiers_and_events),
		T(test_open_parent_since),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
