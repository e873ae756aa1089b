/* Dossier rows shared by the tests of the dossier tables (test_store_dossiers.c and
 * test_store_dossier_lists.c): the units they use, the cmocka setup that loads them, and builders
 * of dossiers and steps with their insertion. Included once per test program after db_fixture.h. */
#ifndef MC_TEST_DOSSIER_ROWS_H
#define MC_TEST_DOSSIER_ROWS_H

#include "store/dossier_store.h"

#define SP1 "001.01.50.H26" /* a service point of PC1 */
#define PC1 "001.00.50.H26" /* a commune PC */
#define SP2 "002.01.50.H26" /* a service point of another commune (loaded without its parent) */

static inline int dossier_rows_setup(void **state)
{
	struct fixture *f = fixture_open("dossiers");
	fixture_unit(f->db, PC1, "UBND Phường Cửa Nam", "ubnd phuong cua nam", "commune_pc", "phuong", "", 0);
	fixture_unit(f->db, SP1, "Điểm phục vụ Cửa Nam", "diem phuc vu cua nam", "service_point", "", PC1, 0);
	fixture_unit(f->db, SP2, "Điểm phục vụ Sóc Sơn", "diem phuc vu soc son", "service_point", "", "", 0);
	*state = f;
	return 0;
}

/* A counter dossier received at SP1, decided by PC1, without optional fields or steps. */
static inline void base_dossier(struct dossier *d, const char *code, const char *status)
{
	memset(d, 0, sizeof(*d));
	SET(d->code, code);
	assert_int_equal(ds_status_parse(status, &d->status), MC_OK);
	SET(d->procedure_code, "P0000001");
	d->procedure_version = 2;
	d->procedure_name = "Đăng ký khai sinh";
	SET(d->applicant_kind, "person");
	d->applicant_name = "Nguyễn Thị Hằng";
	SET(d->applicant_id, "001190012345");
	SET(d->channel, "counter");
	SET(d->receiving_unit, SP1);
	SET(d->served_unit, PC1);
	SET(d->resolver_unit, PC1);
	SET(d->return_unit, SP1);
	SET(d->return_channel, "counter");
	d->duration.value = 5;
	SET(d->duration.unit, "working_days");
	d->submitted_at = 1000;
	SET(d->tracking_secret, "ABCDEFGH");
	d->created_by = "hang.nguyen";
}

static inline void set_step(struct dossier_step *s, int64_t idx, const char *name,
			    const char *unit, const char *role)
{
	memset(s, 0, sizeof(*s));
	s->idx = idx;
	s->name = name;
	SET(s->unit, unit);
	SET(s->role, role);
	s->duration.value = idx * 4;
	SET(s->duration.unit, "working_hours");
}

static inline void insert(struct db *db, struct dossier *d, const char *key)
{
	d->id = 0;
	d->version = 0;
	assert_int_equal(dstore_insert(db, d, key), MC_OK);
	assert_true(d->id > 0);
	assert_int_equal(d->version, 1);
}

#endif
