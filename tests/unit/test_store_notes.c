/* Tests of the intake notes (store/intake_note_store.h) and of the catalog's SQL
 * (store/procedure_store.h; test_catalog.c covers decoding and rules, not the store) on a real
 * database in a fresh temporary directory: round trips, versions and the latest flag, every list
 * filter with its keyset cursor, and the count. */
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
#include "store/intake_note_store.h"
#include "store/migrate.h"
#include "store/procedure_store.h"
#include "store/unit_store.h"

#define SP1 "001.01.50.H26" /* a service point of PC1 */
#define PC1 "001.00.50.H26" /* a commune PC */
#define DEP "000.00.11.H26" /* a city department */




static int setup(void **state)
{
	struct fixture *f = fixture_open("notes");
	fixture_unit(f->db, PC1, "UBND Phường Cửa Nam", "ubnd phuong cua nam", "commune_pc", "", "", 0);
	fixture_unit(f->db, SP1, "Điểm phục vụ Cửa Nam", "diem phuc vu cua nam", "service_point", "", PC1, 0);
	fixture_unit(f->db, DEP, "Sở Tư pháp", "so tu phap", "department", "", "", 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture_close(*state);
	return 0;
}

/* Intake notes. */

static void guidance(struct intake_note *n, const char *number)
{
	memset(n, 0, sizeof(*n));
	SET(n->kind, "guidance");
	SET(n->number, number);
	n->unit = SP1;
	n->procedure = "1.001193";
	n->applicant_kind = "person";
	n->applicant_name = "Nguyễn Thị Hằng";
	n->applicant_id = "001190012345";
	n->missing_json = "[\"tp01\",\"tp03\"]";
	n->text = "Bổ sung bản sao giấy chứng sinh";
	n->created_at = 1764122400;
	n->created_by = "hang.nguyen";
}

static void test_note_round_trip(void **state)
{
	struct fixture *f = *state;
	struct intake_note n, got;
	guidance(&n, "02/" SP1 "/0001");
	assert_int_equal(instore_insert(f->db, &n), MC_OK);

	memset(&got, 0x5a, sizeof(got));
	assert_int_equal(instore_get(f->db, &f->arena, "02/" SP1 "/0001", &got), MC_OK);
	assert_string_equal(got.kind, "guidance");
	assert_string_equal(got.number, "02/" SP1 "/0001");
	assert_string_equal(got.unit, SP1);
	assert_string_equal(got.procedure, "1.001193");
	assert_string_equal(got.applicant_kind, "person");
	assert_string_equal(got.applicant_name, "Nguyễn Thị Hằng");
	assert_string_equal(got.applicant_id, "001190012345");
	assert_string_equal(got.missing_json, "[\"tp01\",\"tp03\"]");
	assert_string_equal(got.text, "Bổ sung bản sao giấy chứng sinh");
	assert_int_equal(got.created_at, 1764122400);
	assert_string_equal(got.created_by, "hang.nguyen");

	/* A refusal without a text reads back NULL. */
	struct intake_note r;
	guidance(&r, "03/" SP1 "/0001");
	SET(r.kind, "refusal");
	r.missing_json = "[]";
	r.text = NULL;
	r.applicant_kind = "organization";
	r.applicant_id = "0101234567";
	assert_int_equal(instore_insert(f->db, &r), MC_OK);
	assert_int_equal(instore_get(f->db, &f->arena, "03/" SP1 "/0001", &got), MC_OK);
	assert_string_equal(got.kind, "refusal");
	assert_string_equal(got.missing_json, "[]");
	assert_null(got.text);
	assert_string_equal(got.applicant_kind, "organization");
	assert_string_equal(got.applicant_id, "0101234567");

	/* The first note is unchanged. */
	assert_int_equal(instore_get(f->db, &f->arena, "02/" SP1 "/0001", &got), MC_OK);
	assert_string_equal(got.kind, "guidance");
}

static void test_note_errors(void **state)
{
	struct fixture *f = *state;
	struct intake_note n, got;
	assert_int_equal(instore_get(f->db, &f->arena, "02/" SP1 "/0001", &got), MC_ENOTFOUND);

	guidance(&n, "02/" SP1 "/0001");
	assert_int_equal(instore_insert(f->db, &n), MC_OK);
	/* The same number again, even as another kind: a conflict, and the first row stays. */
	SET(n.kind, "refusal");
	n.text = "Ngoài phạm vi";
	assert_int_equal(instore_insert(f->db, &n), MC_ECONFLICT);
	assert_int_equal(instore_get(f->db, &f->arena, "02/" SP1 "/0001", &got), MC_OK);
	assert_string_equal(got.kind, "guidance");
	assert_string_equal(got.text, "Bổ sung bản sao giấy chứng sinh");

	/* Numbers are exact: no prefix or case folding. */
	assert_int_equal(instore_get(f->db, &f->arena, "02/" SP1 "/000", &got), MC_ENOTFOUND);
	assert_int_equal(instore_get(f->db, &f->arena, "02/001.01.50.h26/0001", &got),
			 MC_ENOTFOUND);

	/* An unknown kind or unit is refused by the schema. */
	guidance(&n, "02/" SP1 "/0002");
	SET(n.kind, "advice");
	assert_int_equal(instore_insert(f->db, &n), MC_ECONFLICT);
	guidance(&n, "02/" SP1 "/0003");
	n.unit = "999.99.99.H26";
	assert_int_equal(instore_insert(f->db, &n), MC_ECONFLICT);
	assert_int_equal(instore_get(f->db, &f->arena, "02/" SP1 "/0002", &got), MC_ENOTFOUND);
	assert_int_equal(instore_get(f->db, &f->arena, "02/" SP1 "/0003", &got), MC_ENOTFOUND);
}

/* Procedures. */

static struct proc_component COMPONENTS[2];
static struct proc_step STEPS[2];

/* A commune procedure with two components and two steps, fee unset. */
static void base_proc(struct procedure *p, const char *code, int64_t version, const char *name)
{
	memset(p, 0, sizeof(*p));
	memset(COMPONENTS, 0, sizeof(COMPONENTS));
	memset(STEPS, 0, sizeof(STEPS));
	SET(p->code, code);
	p->version = version;
	p->name = name;
	p->field = "Hộ tịch";
	SET(p->level, "commune");
	p->duration.value = 3;
	SET(p->duration.unit, "working_days");
	p->fee_vnd = PROC_FEE_UNSET;
	SET(p->online, "partial");
	SET(p->resolver_kind, "commune_pc");
	p->result = "Giấy khai sinh";

	SET(COMPONENTS[0].id, "tp01");
	COMPONENTS[0].name = "Tờ khai đăng ký khai sinh";
	SET(COMPONENTS[0].original_or_copy, "original");
	COMPONENTS[0].quantity = 1;
	COMPONENTS[0].required = true;
	SET(COMPONENTS[0].submit_or_present, "submit");
	SET(COMPONENTS[1].id, "tp02");
	COMPONENTS[1].name = "Giấy chứng sinh";
	SET(COMPONENTS[1].original_or_copy, "either");
	COMPONENTS[1].quantity = 2;
	COMPONENTS[1].required = false;
	SET(COMPONENTS[1].submit_or_present, "present");
	p->ncomponents = 2;
	p->components = COMPONENTS;

	STEPS[0].name = "Thẩm định";
	SET(STEPS[0].unit, "resolver");
	SET(STEPS[0].role, "processor");
	STEPS[0].duration.value = 16;
	SET(STEPS[0].duration.unit, "working_hours");
	STEPS[1].name = "Phê duyệt";
	SET(STEPS[1].unit, SP1);
	SET(STEPS[1].role, "approver");
	STEPS[1].duration.value = 1;
	SET(STEPS[1].duration.unit, "same_day");
	p->nsteps = 2;
	p->steps = STEPS;
}

static void insert_proc(struct db *db, const struct procedure *p, const char *key,
			const char *field_key)
{
	assert_int_equal(db_begin_write(db), MC_OK);
	assert_int_equal(procstore_insert(db, p, key, field_key, "admin", 5000), MC_OK);
	assert_int_equal(db_commit(db), MC_OK);
}

static void test_proc_round_trip(void **state)
{
	struct fixture *f = *state;
	struct procedure p, got;
	int64_t n = -1, version = -1;
	assert_int_equal(procstore_count(f->db, &n), MC_OK);
	assert_int_equal(n, 0);
	assert_int_equal(procstore_latest_version(f->db, "1.001193", &version), MC_OK);
	assert_int_equal(version, 0);
	assert_int_equal(procstore_get(f->db, &f->arena, "1.001193", 0, &got), MC_ENOTFOUND);

	base_proc(&p, "1.001193", 1, "Đăng ký khai sinh");
	insert_proc(f->db, &p, "dang ky khai sinh", "ho tich");

	for (int64_t v = 0; v <= 1; v++) {
		memset(&got, 0x5a, sizeof(got));
		assert_int_equal(procstore_get(f->db, &f->arena, "1.001193", v, &got), MC_OK);
		assert_string_equal(got.code, "1.001193");
		assert_int_equal(got.version, 1);
		assert_string_equal(got.name, "Đăng ký khai sinh");
		assert_string_equal(got.field, "Hộ tịch");
		assert_string_equal(got.level, "commune");
		assert_int_equal(got.duration.value, 3);
		assert_string_equal(got.duration.unit, "working_days");
		assert_int_equal(got.fee_vnd, PROC_FEE_UNSET);
		assert_string_equal(got.online, "partial");
		assert_string_equal(got.resolver_kind, "commune_pc");
		assert_string_equal(got.resolver_unit, "");
		assert_string_equal(got.result, "Giấy khai sinh");
		assert_int_equal(got.ncomponents, 2);
		assert_string_equal(got.components[0].id, "tp01");
		assert_string_equal(got.components[0].name, "Tờ khai đăng ký khai sinh");
		assert_string_equal(got.components[0].original_or_copy, "original");
		assert_int_equal(got.components[0].quantity, 1);
		assert_true(got.components[0].required);
		assert_string_equal(got.components[0].submit_or_present, "submit");
		assert_string_equal(got.components[1].id, "tp02");
		assert_string_equal(got.components[1].name, "Giấy chứng sinh");
		assert_string_equal(got.components[1].original_or_copy, "either");
		assert_int_equal(got.components[1].quantity, 2);
		assert_false(got.components[1].required);
		assert_string_equal(got.components[1].submit_or_present, "present");
		assert_int_equal(got.nsteps, 2);
		assert_string_equal(got.steps[0].name, "Thẩm định");
		assert_string_equal(got.steps[0].unit, "resolver");
		assert_string_equal(got.steps[0].role, "processor");
		assert_int_equal(got.steps[0].duration.value, 16);
		assert_string_equal(got.steps[0].duration.unit, "working_hours");
		assert_string_equal(got.steps[1].name, "Phê duyệt");
		assert_string_equal(got.steps[1].unit, SP1);
		assert_string_equal(got.steps[1].role, "approver");
		assert_int_equal(got.steps[1].duration.value, 1);
		assert_string_equal(got.steps[1].duration.unit, "same_day");
	}
	assert_int_equal(procstore_latest_version(f->db, "1.001193", &version), MC_OK);
	assert_int_equal(version, 1);
	assert_int_equal(procstore_count(f->db, &n), MC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(procstore_get(f->db, &f->arena, "1.001193", 2, &got), MC_ENOTFOUND);
	assert_int_equal(procstore_get(f->db, &f->arena, "1.001194", 0, &got), MC_ENOTFOUND);
}

static void test_proc_versions(void **state)
{
	struct fixture *f = *state;
	struct procedure p, got;
	int64_t n = -1, version = -1;
	base_proc(&p, "1.001193", 1, "Đăng ký khai sinh");
	insert_proc(f->db, &p, "dang ky khai sinh", "ho tich");

	/* Version 2: a unit resolves it, a fee, one component and no steps. */
	base_proc(&p, "1.001193", 2, "Đăng ký khai sinh lưu động");
	SET(p.level, "city");
	SET(p.resolver_kind, "unit");
	SET(p.resolver_unit, DEP);
	p.fee_vnd = 0;
	SET(p.online, "full");
	p.ncomponents = 1;
	p.nsteps = 0;
	insert_proc(f->db, &p, "dang ky khai sinh luu dong", "ho tich");

	assert_int_equal(procstore_latest_version(f->db, "1.001193", &version), MC_OK);
	assert_int_equal(version, 2);
	assert_int_equal(procstore_count(f->db, &n), MC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(procstore_get(f->db, &f->arena, "1.001193", 0, &got), MC_OK);
	assert_int_equal(got.version, 2);
	assert_string_equal(got.name, "Đăng ký khai sinh lưu động");
	assert_string_equal(got.level, "city");
	assert_string_equal(got.resolver_kind, "unit");
	assert_string_equal(got.resolver_unit, DEP);
	assert_int_equal(got.fee_vnd, 0);
	assert_string_equal(got.online, "full");
	assert_int_equal(got.ncomponents, 1);
	assert_string_equal(got.components[0].id, "tp01");
	assert_int_equal(got.nsteps, 0);

	/* The old version keeps its own rows. */
	assert_int_equal(procstore_get(f->db, &f->arena, "1.001193", 1, &got), MC_OK);
	assert_int_equal(got.version, 1);
	assert_string_equal(got.name, "Đăng ký khai sinh");
	assert_string_equal(got.resolver_kind, "commune_pc");
	assert_int_equal(got.fee_vnd, PROC_FEE_UNSET);
	assert_int_equal(got.ncomponents, 2);
	assert_int_equal(got.nsteps, 2);

	/* Writing version 2 again conflicts; the caller's rollback keeps version 2 the latest. */
	base_proc(&p, "1.001193", 2, "Khác");
	assert_int_equal(db_begin_write(f->db), MC_OK);
	assert_int_equal(procstore_insert(f->db, &p, "khac", "ho tich", "admin", 6000),
			 MC_ECONFLICT);
	db_rollback(f->db);
	assert_int_equal(procstore_latest_version(f->db, "1.001193", &version), MC_OK);
	assert_int_equal(version, 2);
	assert_int_equal(procstore_get(f->db, &f->arena, "1.001193", 0, &got), MC_OK);
	assert_string_equal(got.name, "Đăng ký khai sinh lưu động");

	/* Two components with one id in a version conflict too. */
	base_proc(&p, "1.001194", 1, "Trùng thành phần");
	SET(COMPONENTS[1].id, "tp01");
	assert_int_equal(db_begin_write(f->db), MC_OK);
	assert_int_equal(procstore_insert(f->db, &p, "trung thanh phan", "ho tich", "admin", 6000),
			 MC_ECONFLICT);
	db_rollback(f->db);
	assert_int_equal(procstore_latest_version(f->db, "1.001194", &version), MC_OK);
	assert_int_equal(version, 0);
	assert_int_equal(procstore_count(f->db, &n), MC_OK);
	assert_int_equal(n, 1);
}

/* The catalog of the list tests; version 1 of 1.000003 had another name. */
static void insert_catalog(struct db *db)
{
	static const struct {
		const char *code, *name, *key, *field, *field_key, *level;
		int64_t version;
	} rows[] = {
		{"1.000003", "Khai sinh cũ", "khai sinh cu", "Hộ tịch", "ho tich", "commune", 1},
		{"1.000003", "Đăng ký kết hôn", "dang ky ket hon", "Hộ tịch", "ho tich", "commune",
		 2},
		{"1.000001", "Đăng ký khai sinh", "dang ky khai sinh", "Hộ tịch", "ho tich",
		 "commune", 1},
		{"2.000002", "Cấp phép xây dựng", "cap phep xay dung", "Xây dựng", "xay dung",
		 "city", 1},
		{"1.000004", "Đăng ký khai tử", "dang ky khai tu", "Hộ tịch", "ho tich", "city", 1},
		{"3.000005", "Chứng thực bản sao", "chung thuc ban sao", "Chứng thực", "chung thuc",
		 "commune", 1},
	};
	struct procedure p;
	for (size_t i = 0; i < MC_ARRAY_LEN(rows); i++) {
		base_proc(&p, rows[i].code, rows[i].version, rows[i].name);
		p.field = rows[i].field;
		SET(p.level, rows[i].level);
		insert_proc(db, &p, rows[i].key, rows[i].field_key);
	}
}

/* The codes procstore_list answers for f, joined with spaces. */
static const char *list(struct fixture *f, const char *search, const char *field,
			const char *level, const char *after, size_t limit)
{
	char codes[8][PROC_CODE_MAX];
	size_t n = 99;
	struct proc_filter pf = {search, field, level, after, limit};
	assert_true(limit <= MC_ARRAY_LEN(codes));
	assert_int_equal(procstore_list(f->db, &pf, codes, &n), MC_OK);
	assert_true(n <= limit);
	char *out = arena_strdup(&f->arena, "");
	for (size_t i = 0; i < n; i++)
		out = arena_printf(&f->arena, "%s%s%s", out, i ? " " : "", codes[i]);
	return out;
}

static void test_proc_list(void **state)
{
	struct fixture *f = *state;
	int64_t n = -1;
	insert_catalog(f->db);
	assert_int_equal(procstore_count(f->db, &n), MC_OK);
	assert_int_equal(n, 5);

	/* Everything, in code order, latest versions only. */
	assert_string_equal(list(f, NULL, NULL, NULL, NULL, 8),
			    "1.000001 1.000003 1.000004 2.000002 3.000005");
	/* Pages of two with the keyset cursor. */
	assert_string_equal(list(f, NULL, NULL, NULL, NULL, 2), "1.000001 1.000003");
	assert_string_equal(list(f, NULL, NULL, NULL, "1.000003", 2), "1.000004 2.000002");
	assert_string_equal(list(f, NULL, NULL, NULL, "2.000002", 2), "3.000005");
	assert_string_equal(list(f, NULL, NULL, NULL, "3.000005", 2), "");
	/* A cursor need not be a stored code. */
	assert_string_equal(list(f, NULL, NULL, NULL, "1.000002", 8),
			    "1.000003 1.000004 2.000002 3.000005");
	assert_string_equal(list(f, NULL, NULL, NULL, NULL, 0), "");

	/* Search: a substring of the name's key (of the latest version) or of the code. */
	assert_string_equal(list(f, "khai", NULL, NULL, NULL, 8), "1.000001 1.000004");
	assert_string_equal(list(f, "khai sinh", NULL, NULL, NULL, 8), "1.000001");
	assert_string_equal(list(f, "cu", NULL, NULL, NULL, 8), ""); /* only v1 of 1.000003 */
	assert_string_equal(list(f, "ket hon", NULL, NULL, NULL, 8), "1.000003");
	assert_string_equal(list(f, "00000", NULL, NULL, NULL, 8),
			    "1.000001 1.000003 1.000004 2.000002 3.000005");
	assert_string_equal(list(f, "2.0", NULL, NULL, NULL, 8), "2.000002");
	assert_string_equal(list(f, "khai", NULL, NULL, "1.000001", 8), "1.000004");
	/* The search key is matched as given (the service folds case and diacritics). */
	assert_string_equal(list(f, "Khai", NULL, NULL, NULL, 8), "");

	/* Field: the whole key, not a part. */
	assert_string_equal(list(f, NULL, "ho tich", NULL, NULL, 8), "1.000001 1.000003 1.000004");
	assert_string_equal(list(f, NULL, "ho", NULL, NULL, 8), "");
	assert_string_equal(list(f, NULL, "chung thuc", NULL, NULL, 8), "3.000005");

	/* Level, and filters combined. */
	assert_string_equal(list(f, NULL, NULL, "city", NULL, 8), "1.000004 2.000002");
	assert_string_equal(list(f, NULL, NULL, "commune", NULL, 8), "1.000001 1.000003 3.000005");
	assert_string_equal(list(f, "khai", "ho tich", "city", NULL, 8), "1.000004");
	assert_string_equal(list(f, "dang ky", "ho tich", "commune", NULL, 1), "1.000001");
	assert_string_equal(list(f, "dang ky", "ho tich", "commune", "1.000001", 1), "1.000003");
	assert_string_equal(list(f, "xay", "ho tich", NULL, NULL, 8), "");
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_note_round_trip), T(test_note_errors),  T(test_proc_round_trip),
		T(test_proc_versions),   T(test_proc_list),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
