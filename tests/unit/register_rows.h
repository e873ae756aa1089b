/* Register rows shared by the tests of the register and reorganization tables
 * (test_store_registers.c and test_store_reorg.c): the units they use, the cmocka setup that loads
 * them, and builders of staff, assets and records. Included once per test program after
 * db_fixture.h. */
#ifndef MC_TEST_REGISTER_ROWS_H
#define MC_TEST_REGISTER_ROWS_H

#include "store/register_store.h"

#define PC1 "001.00.50.H26" /* a commune PC */
#define SP1 "001.01.50.H26" /* a service point of PC1 */
#define SP2 "001.02.50.H26" /* another service point of PC1 */
#define BR1 "000.10.50.H26" /* a branch */

static inline int register_rows_setup(void **state)
{
	struct fixture *f = fixture_open("registers");
	fixture_unit(f->db, PC1, "UBND Phường Cửa Nam", "ubnd phuong cua nam", "commune_pc", "", "", 10);
	fixture_unit(f->db, SP1, "Điểm phục vụ Cửa Nam 1", "diem phuc vu cua nam 1", "service_point", "", PC1, 10);
	fixture_unit(f->db, SP2, "Điểm phục vụ Cửa Nam 2", "diem phuc vu cua nam 2", "service_point", "", PC1, 10);
	fixture_unit(f->db, BR1, "Chi nhánh số 1", "chi nhanh so 1", "branch", "", "", 10);
	*state = f;
	return 0;
}

static inline int64_t new_staff(struct db *db, const char *name, const char *id_number,
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

static inline int64_t new_asset(struct db *db, const char *code, const char *name,
				int64_t quantity)
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

static inline int64_t new_record(struct db *db, const char *box, const char *file,
				 const char *title, int64_t year)
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

#endif
