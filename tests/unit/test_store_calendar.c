/* Tests of the calendar tables (store/calendar_store.h) on a real database in a fresh temporary
 * directory: year versions and the official flag, official lists with their source status, and
 * day-by-day overrides kept apart per year. */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "db_fixture.h"

#include <dirent.h>
#include <unistd.h>

#include "base/civil.h"
#include "store/calendar_store.h"
#include "store/db.h"
#include "store/migrate.h"


static int setup(void **state)
{
	struct fixture *f = fixture_open("calendar");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture_close(*state);
	return 0;
}

static void expect_year(struct db *db, int year, int64_t version, bool official)
{
	struct cal_year_row r;
	memset(&r, 0x55, sizeof(r));
	assert_int_equal(calstore_year(db, year, &r), MC_OK);
	assert_int_equal(r.year, year);
	assert_int_equal(r.version, version);
	assert_int_equal(r.official, official);
}

static void test_year_untouched(void **state)
{
	struct fixture *f = *state;
	expect_year(f->db, 2026, 1, false);
	expect_year(f->db, 1901, 1, false);
	expect_year(f->db, 2100, 1, false);
}

/* Touching without a bump keeps version 1 and sets the flag; each bump adds one; the official flag
 * never goes back to false. */
static void test_year_touch(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(calstore_touch_year(f->db, 2026, true, false, 1000), MC_OK);
	expect_year(f->db, 2026, 1, true);
	assert_int_equal(calstore_touch_year(f->db, 2026, true, false, 1001), MC_OK);
	expect_year(f->db, 2026, 1, true);
	assert_int_equal(calstore_touch_year(f->db, 2026, false, true, 1002), MC_OK);
	expect_year(f->db, 2026, 2, true);
	assert_int_equal(calstore_touch_year(f->db, 2026, true, true, 1003), MC_OK);
	expect_year(f->db, 2026, 3, true);
	assert_int_equal(calstore_touch_year(f->db, 2026, false, false, 1004), MC_OK);
	expect_year(f->db, 2026, 3, true);

	/* Other years are not touched. */
	expect_year(f->db, 2025, 1, false);
	expect_year(f->db, 2027, 1, false);

	/* A touch without the flag creates the row with official false. */
	assert_int_equal(calstore_touch_year(f->db, 2027, false, false, 1005), MC_OK);
	expect_year(f->db, 2027, 1, false);
	assert_int_equal(calstore_touch_year(f->db, 2027, false, true, 1006), MC_OK);
	expect_year(f->db, 2027, 2, false);
	assert_int_equal(calstore_touch_year(f->db, 2027, true, false, 1007), MC_OK);
	expect_year(f->db, 2027, 2, true);

	/* A bump on a year without a row goes from the implicit 1 to 2. */
	assert_int_equal(calstore_touch_year(f->db, 2028, false, true, 1008), MC_OK);
	expect_year(f->db, 2028, 2, false);
	expect_year(f->db, 2026, 3, true);
}

static struct hol_day day_of(int y, int m, int d, bool working, char status, const char *name)
{
	struct hol_day h;
	memset(&h, 0, sizeof(h));
	h.day = civil_days(y, m, d);
	h.working = working;
	h.status = status;
	snprintf(h.name, sizeof(h.name), "%s", name);
	return h;
}

static void expect_day(const struct hol_day *got, int y, int m, int d, bool working, char status,
		       const char *name)
{
	assert_int_equal(got->day, civil_days(y, m, d));
	assert_int_equal(got->working, working);
	assert_int_equal(got->status, status);
	assert_string_equal(got->name, name);
}

static void test_official(void **state)
{
	struct fixture *f = *state;
	struct hol_day out[8];
	size_t n = 99;
	assert_int_equal(calstore_official(f->db, 2026, out, MC_ARRAY_LEN(out), &n), MC_OK);
	assert_int_equal(n, 0);

	/* Put out of order; status 0 is stored as 'C'. */
	struct hol_day days[] = {
		day_of(2026, 9, 2, false, 0, "Quốc khánh"),
		day_of(2026, 1, 1, false, 'S', "Tết Dương lịch"),
		day_of(2026, 4, 30, false, 'C', "Ngày Chiến thắng"),
		day_of(2026, 5, 9, true, 'M', "Làm bù"),
		day_of(2027, 1, 1, false, 'C', "Tết Dương lịch 2027"),
	};
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(calstore_official_put(f->db, 2026, &days[i]), MC_OK);
	assert_int_equal(calstore_official_put(f->db, 2027, &days[4]), MC_OK);

	memset(out, 0x55, sizeof(out));
	assert_int_equal(calstore_official(f->db, 2026, out, MC_ARRAY_LEN(out), &n), MC_OK);
	assert_int_equal(n, 4);
	expect_day(&out[0], 2026, 1, 1, false, 'S', "Tết Dương lịch");
	expect_day(&out[1], 2026, 4, 30, false, 'C', "Ngày Chiến thắng");
	expect_day(&out[2], 2026, 5, 9, true, 'M', "Làm bù");
	expect_day(&out[3], 2026, 9, 2, false, 'C', "Quốc khánh");

	assert_int_equal(calstore_official(f->db, 2027, out, MC_ARRAY_LEN(out), &n), MC_OK);
	assert_int_equal(n, 1);
	expect_day(&out[0], 2027, 1, 1, false, 'C', "Tết Dương lịch 2027");
	assert_int_equal(calstore_official(f->db, 2025, out, MC_ARRAY_LEN(out), &n), MC_OK);
	assert_int_equal(n, 0);

	/* The same date again replaces the day. */
	struct hol_day again = day_of(2026, 1, 1, true, 'M', "Đổi");
	assert_int_equal(calstore_official_put(f->db, 2026, &again), MC_OK);
	assert_int_equal(calstore_official(f->db, 2026, out, MC_ARRAY_LEN(out), &n), MC_OK);
	assert_int_equal(n, 4);
	expect_day(&out[0], 2026, 1, 1, true, 'M', "Đổi");
	expect_day(&out[1], 2026, 4, 30, false, 'C', "Ngày Chiến thắng");

	/* Too small an array. */
	assert_int_equal(calstore_official(f->db, 2026, out, 3, &n), MC_ETOOBIG);
	assert_int_equal(calstore_official(f->db, 2026, out, 4, &n), MC_OK);
	assert_int_equal(n, 4);

	/* The official list does not touch the year's row. */
	expect_year(f->db, 2026, 1, false);
}

static void test_overrides(void **state)
{
	struct fixture *f = *state;
	struct hol_day out[8];
	size_t n = 99;
	assert_int_equal(calstore_overrides(f->db, 2026, out, MC_ARRAY_LEN(out), &n), MC_OK);
	assert_int_equal(n, 0);

	struct hol_day a = day_of(2026, 11, 24, false, 0, "Ngày Văn hóa");
	struct hol_day b = day_of(2026, 3, 14, true, 0, "Làm bù thứ Bảy");
	struct hol_day c = day_of(2027, 2, 1, false, 0, "Nghỉ năm sau");
	assert_int_equal(calstore_override_put(f->db, 2026, &a, 1000, "admin"), MC_OK);
	assert_int_equal(calstore_override_put(f->db, 2026, &b, 1001, "admin"), MC_OK);
	assert_int_equal(calstore_override_put(f->db, 2027, &c, 1002, "admin"), MC_OK);

	memset(out, 0x55, sizeof(out));
	assert_int_equal(calstore_overrides(f->db, 2026, out, MC_ARRAY_LEN(out), &n), MC_OK);
	assert_int_equal(n, 2);
	expect_day(&out[0], 2026, 3, 14, true, 0, "Làm bù thứ Bảy"); /* overrides have no status */
	expect_day(&out[1], 2026, 11, 24, false, 0, "Ngày Văn hóa");
	assert_int_equal(calstore_overrides(f->db, 2027, out, MC_ARRAY_LEN(out), &n), MC_OK);
	assert_int_equal(n, 1);
	expect_day(&out[0], 2027, 2, 1, false, 0, "Nghỉ năm sau");

	/* Replace: same day, other flag and name. */
	a.working = true;
	snprintf(a.name, sizeof(a.name), "Đi làm");
	assert_int_equal(calstore_override_put(f->db, 2026, &a, 1003, "minh.tran"), MC_OK);
	assert_int_equal(calstore_overrides(f->db, 2026, out, MC_ARRAY_LEN(out), &n), MC_OK);
	assert_int_equal(n, 2);
	expect_day(&out[0], 2026, 3, 14, true, 0, "Làm bù thứ Bảy");
	expect_day(&out[1], 2026, 11, 24, true, 0, "Đi làm");

	/* Delete, then delete again. */
	assert_int_equal(calstore_override_delete(f->db, b.day), MC_OK);
	assert_int_equal(calstore_override_delete(f->db, b.day), MC_ENOTFOUND);
	assert_int_equal(calstore_override_delete(f->db, civil_days(2026, 6, 1)), MC_ENOTFOUND);
	assert_int_equal(calstore_overrides(f->db, 2026, out, MC_ARRAY_LEN(out), &n), MC_OK);
	assert_int_equal(n, 1);
	expect_day(&out[0], 2026, 11, 24, true, 0, "Đi làm");
	assert_int_equal(calstore_overrides(f->db, 2027, out, MC_ARRAY_LEN(out), &n), MC_OK);
	assert_int_equal(n, 1);
	expect_day(&out[0], 2027, 2, 1, false, 0, "Nghỉ năm sau");

	assert_int_equal(calstore_overrides(f->db, 2026, out, 0, &n), MC_ETOOBIG);
	assert_int_equal(calstore_override_delete(f->db, a.day), MC_OK);
	assert_int_equal(calstore_overrides(f->db, 2026, out, 0, &n), MC_OK);
	assert_int_equal(n, 0);
}

/* Official days and overrides of the same date live apart: deleting one leaves the other. */
static void test_official_and_override_apart(void **state)
{
	struct fixture *f = *state;
	struct hol_day out[4];
	size_t n = 99;
	struct hol_day off = day_of(2026, 9, 2, false, 'C', "Quốc khánh");
	struct hol_day work = day_of(2026, 9, 2, true, 0, "Đi làm");
	assert_int_equal(calstore_official_put(f->db, 2026, &off), MC_OK);
	assert_int_equal(calstore_override_put(f->db, 2026, &work, 1000, "admin"), MC_OK);
	assert_int_equal(calstore_override_delete(f->db, work.day), MC_OK);
	assert_int_equal(calstore_official(f->db, 2026, out, MC_ARRAY_LEN(out), &n), MC_OK);
	assert_int_equal(n, 1);
	expect_day(&out[0], 2026, 9, 2, false, 'C', "Quốc khánh");
	assert_int_equal(calstore_overrides(f->db, 2026, out, MC_ARRAY_LEN(out), &n), MC_OK);
	assert_int_equal(n, 0);
}

/* A rolled-back transaction leaves no year row, official day or override behind. */
static void test_rollback(void **state)
{
	struct fixture *f = *state;
	struct hol_day out[4];
	size_t n = 99;
	struct hol_day d = day_of(2026, 9, 2, false, 'C', "Quốc khánh");
	assert_int_equal(db_begin_write(f->db), MC_OK);
	assert_int_equal(calstore_touch_year(f->db, 2026, true, true, 1000), MC_OK);
	assert_int_equal(calstore_official_put(f->db, 2026, &d), MC_OK);
	assert_int_equal(calstore_override_put(f->db, 2026, &d, 1000, "admin"), MC_OK);
	expect_year(f->db, 2026, 2, true);
	db_rollback(f->db);
	expect_year(f->db, 2026, 1, false);
	assert_int_equal(calstore_official(f->db, 2026, out, MC_ARRAY_LEN(out), &n), MC_OK);
	assert_int_equal(n, 0);
	assert_int_equal(calstore_overrides(f->db, 2026, out, MC_ARRAY_LEN(out), &n), MC_OK);
	assert_int_equal(n, 0);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_year_untouched),
		T(test_year_touch),
		T(test_official),
		T(test_overrides),
		T(test_official_and_override_apart),
		T(test_rollback),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
