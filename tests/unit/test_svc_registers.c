/* Tests of the registers' use cases (svc/registers.h), without HTTP, on a real database seeded as
 * `motcua init` and `motcua demo` seed it: staff, assets and records created, updated (versions,
 * placement history, moves), read, listed by unit and appointed, with the permissions by unit,
 * the field errors named and the conflicts; every refusal leaves the entry as it was. The same over
 * HTTP is tests/api/registers.test.mjs. */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "db_fixture.h"
#include "svc_fixture.h"

#include "svc/registers.h"

#define THU "2026-11-26T09:00:00+07:00"
#define FRI "2026-11-27T08:00:00+07:00"

static int setup(void **state)
{
	*state = svc_fixture_open("svc-registers", "2026-11-01T08:00:00+07:00");
	return 0;
}

static int teardown(void **state)
{
	svc_fixture_close(*state);
	return 0;
}

static struct staff_in mai(void)
{
	struct staff_in in = {.full_name = "Nguyễn Thị Mai", .id_number = "001190054321",
			      .position = "Chuyên viên", .unit = HK_POINT, .counter = 2,
			      .counter_set = true};
	return in;
}

static struct asset_in computer(void)
{
	struct asset_in in = {.inventory_code = "HK-01", .name = "Máy tính", .category = "Thiết bị",
			      .condition = "tốt", .unit = HK_POINT, .quantity = 2,
			      .original_value = 30000000, .remaining_value = 12000000,
			      .quantity_set = true, .original_set = true, .remaining_set = true};
	return in;
}

static struct record_in ledger(void)
{
	struct record_in in = {.box = "03", .file = "15", .title = "Sổ chứng thực",
			       .retention = "20 năm", .unit = HK_POINT, .year = 2023, .sheets = 200,
			       .year_set = true, .sheets_set = true};
	return in;
}

static int64_t create_staff(struct svc_fixture *sf, const char *who, const char *at,
			    const struct staff_in *in, struct reg_detail *out)
{
	struct svc_ctx ctx = svc_fixture_ctx(sf, who, at);
	enum mc_err err = registers_create(&ctx, &reg_staff_kind, in, out);
	if (err)
		fail_msg("staff create: %s %s", mc_err_name(err),
			 svc_fixture_fields(sf, ctx.problem));
	return out->e.staff.id;
}

/* A span "unit/counter from..to" with times as RFC 3339 ("open" for no end). */
static const char *span(struct svc_fixture *sf, const struct reg_span *s)
{
	char from[32], to[32];
	civil_format_time(s->from, from);
	if (s->to == INT64_MAX)
		snprintf(to, sizeof(to), "open");
	else
		civil_format_time(s->to, to);
	return arena_printf(&sf->db->arena, "%s/%lld %s..%s", s->unit, (long long)s->counter, from,
			    to);
}

/* Staff: created at the manager's point with a counter, moved to another counter, moved by the
 * administrator to another commune: each change a new version, a new span and an audit event. */
static void test_staff_create_and_move(void **state)
{
	struct svc_fixture *sf = *state;
	struct reg_detail d;
	struct staff_in in = mai();
	int64_t id = create_staff(sf, "quanly.hoankiem", THU, &in, &d);
	assert_string_equal(d.e.staff.full_name, "Nguyễn Thị Mai");
	assert_string_equal(d.e.staff.id_number, "001190054321");
	assert_string_equal(d.e.staff.position, "Chuyên viên");
	assert_string_equal(d.e.staff.at.unit, HK_POINT);
	assert_int_equal(d.e.staff.at.counter, 2);
	assert_int_equal(d.e.staff.at.since, svc_fixture_time(THU));
	assert_int_equal(d.e.staff.created_at, svc_fixture_time(THU));
	assert_int_equal(d.e.staff.version, 1);
	assert_int_equal(d.nspans, 1);
	assert_string_equal(span(sf, &d.spans[0]), HK_POINT "/2 " THU "..open");
	assert_int_equal(d.nappts, 0);

	struct staff_in up = {.position = "Chuyên viên chính", .counter = 3, .counter_set = true};
	struct svc_ctx ctx = svc_fixture_ctx(sf, "quanly.hoankiem", FRI);
	assert_int_equal(registers_update(&ctx, &reg_staff_kind, id, &up, &d), MC_OK);
	assert_string_equal(d.e.staff.position, "Chuyên viên chính");
	assert_string_equal(d.e.staff.full_name, "Nguyễn Thị Mai"); /* not given: kept */
	assert_int_equal(d.e.staff.at.counter, 3);
	assert_int_equal(d.e.staff.version, 2);
	assert_int_equal(d.nspans, 2);
	assert_string_equal(span(sf, &d.spans[0]), HK_POINT "/2 " THU ".." FRI);
	assert_string_equal(span(sf, &d.spans[1]), HK_POINT "/3 " FRI "..open");

	struct staff_in move = {.unit = CN_POINT, .counter = 0, .counter_set = true};
	ctx = svc_fixture_ctx(sf, "admin", FRI);
	assert_int_equal(registers_update(&ctx, &reg_staff_kind, id, &move, &d), MC_OK);
	assert_string_equal(d.e.staff.at.unit, CN_POINT);
	assert_int_equal(d.e.staff.at.counter, 0);
	assert_int_equal(d.e.staff.version, 3);
	assert_int_equal(d.nspans, 3);
	assert_string_equal(span(sf, &d.spans[1]), HK_POINT "/3 " FRI ".." FRI);
	assert_string_equal(span(sf, &d.spans[2]), CN_POINT "/0 " FRI "..open");
	assert_string_equal(svc_fixture_audit(sf, arena_printf(&sf->db->arena, "staff:%lld",
							       (long long)id)),
			    "create_staff by quanly.hoankiem,update_staff by quanly.hoankiem,"
			    "update_staff by admin");
}

/* Refused staff changes name their fields or their conflict and leave the entry as it was. */
static void test_staff_refusals(void **state)
{
	struct svc_fixture *sf = *state;
	struct reg_detail d, again;
	struct staff_in in = mai();
	int64_t id = create_staff(sf, "quanly.hoankiem", THU, &in, &d);

	struct staff_in bad = {.full_name = "", .id_number = "12345", .position = "x",
			       .unit = "999.01.50.H26"};
	struct svc_ctx ctx = svc_fixture_ctx(sf, "admin", THU);
	assert_int_equal(registers_create(&ctx, &reg_staff_kind, &bad, &again), MC_EINVAL);
	assert_string_equal(svc_fixture_fields(sf, ctx.problem), "full_name,id_number,unit");
	struct staff_in twin = {.full_name = "Bản sao", .id_number = "001190054321",
				.position = "x", .unit = HK_POINT};
	ctx = svc_fixture_ctx(sf, "admin", THU);
	assert_int_equal(registers_create(&ctx, &reg_staff_kind, &twin, &again), MC_ECONFLICT);
	assert_string_equal(svc_fixture_fields(sf, ctx.problem), "id_number");
	/* Another commune's point is not this manager's. */
	struct staff_in there = {.full_name = "Trần Văn Hải", .id_number = "001090054322",
				 .position = "Chuyên viên", .unit = CN_POINT};
	ctx = svc_fixture_ctx(sf, "quanly.hoankiem", THU);
	assert_int_equal(registers_create(&ctx, &reg_staff_kind, &there, &again), MC_EFORBIDDEN);

	struct staff_in away = {.unit = CN_POINT};
	ctx = svc_fixture_ctx(sf, "quanly.hoankiem", FRI);
	assert_int_equal(registers_update(&ctx, &reg_staff_kind, id, &away, &again), MC_EFORBIDDEN);
	struct staff_in past = {.unit = CN_POINT, .from_set = true,
				.from = svc_fixture_time("2026-11-20T00:00:00+07:00")};
	ctx = svc_fixture_ctx(sf, "admin", FRI);
	assert_int_equal(registers_update(&ctx, &reg_staff_kind, id, &past, &again), MC_EINVAL);
	assert_string_equal(svc_fixture_fields(sf, ctx.problem), "from");
	struct staff_in counter = {.counter = 120, .counter_set = true};
	ctx = svc_fixture_ctx(sf, "admin", FRI);
	assert_int_equal(registers_update(&ctx, &reg_staff_kind, id, &counter, &again), MC_EINVAL);
	assert_string_equal(svc_fixture_fields(sf, ctx.problem), "counter");
	/* Readers: staff covering the point; not another point's staff, nor a citizen. */
	ctx = svc_fixture_ctx(sf, "tiepnhan.cuanam", FRI);
	assert_int_equal(registers_get(&ctx, &reg_staff_kind, id, &again), MC_ENOTFOUND);
	ctx = svc_fixture_ctx(sf, "001190012345", FRI);
	assert_int_equal(registers_get(&ctx, &reg_staff_kind, id, &again), MC_ENOTFOUND);
	ctx = svc_fixture_ctx(sf, "admin", FRI);
	assert_int_equal(registers_get(&ctx, &reg_staff_kind, 999999, &again), MC_ENOTFOUND);
	ctx = svc_fixture_ctx(sf, "tiepnhan.hoankiem", FRI);
	assert_int_equal(registers_get(&ctx, &reg_staff_kind, id, &again), MC_OK);
	assert_int_equal(again.e.staff.version, 1);
	assert_string_equal(again.e.staff.at.unit, HK_POINT);
	assert_int_equal(again.e.staff.at.counter, 2);
	assert_int_equal(again.nspans, 1);
	assert_string_equal(svc_fixture_audit(sf, arena_printf(&sf->db->arena, "staff:%lld",
							       (long long)id)),
			    "create_staff by quanly.hoankiem");
}

/* Appointments: a new head ends the previous head's term; heads of points, branches or the Center
 * only; by a manager of that unit. */
static void test_appointments(void **state)
{
	struct svc_fixture *sf = *state;
	struct reg_detail d;
	struct staff_in in = mai();
	int64_t s = create_staff(sf, "quanly.hoankiem", THU, &in, &d);
	struct staff_in khoa = {.full_name = "Đỗ Minh Khoa", .id_number = "001085054323",
				.position = "Phó giám đốc", .unit = CENTER};
	int64_t k = create_staff(sf, "admin", THU, &khoa, &d);
	int64_t dec1 = svc_fixture_time("2026-12-01T00:00:00+07:00");
	int64_t jan1 = svc_fixture_time("2027-01-01T00:00:00+07:00");
	struct svc_ctx ctx = svc_fixture_ctx(sf, "admin", THU);
	assert_int_equal(registers_appoint(&ctx, s, CN_POINT, "head", dec1, &d), MC_OK);
	assert_int_equal(d.nappts, 1);
	assert_string_equal(d.appts[0].unit, CN_POINT);
	assert_string_equal(d.appts[0].position, "head");
	assert_int_equal(d.appts[0].from, dec1);
	assert_int_equal(d.appts[0].to, INT64_MAX);
	ctx = svc_fixture_ctx(sf, "admin", THU);
	assert_int_equal(registers_appoint(&ctx, k, CN_POINT, "head", jan1, &d), MC_OK);
	ctx = svc_fixture_ctx(sf, "admin", THU);
	assert_int_equal(registers_get(&ctx, &reg_staff_kind, s, &d), MC_OK);
	assert_int_equal(d.nappts, 1);
	assert_int_equal(d.appts[0].to, jan1);

	ctx = svc_fixture_ctx(sf, "admin", THU);
	assert_int_equal(registers_appoint(&ctx, k, HK_PC, "chief", jan1, &d), MC_EINVAL);
	assert_string_equal(svc_fixture_fields(sf, ctx.problem), "position,unit");
	ctx = svc_fixture_ctx(sf, "quanly.hoankiem", THU);
	assert_int_equal(registers_appoint(&ctx, k, CN_POINT, "deputy", jan1, &d), MC_EFORBIDDEN);
	ctx = svc_fixture_ctx(sf, "quanly.hoankiem", THU);
	assert_int_equal(registers_appoint(&ctx, k, HK_POINT, "deputy", jan1, &d), MC_OK);
	assert_int_equal(d.nappts, 2);
	assert_string_equal(svc_fixture_audit(sf, arena_printf(&sf->db->arena, "staff:%lld",
							       (long long)k)),
			    "create_staff by admin,appoint by admin,appoint by quanly.hoankiem");
}

/* Assets: created, updated (a new version keeping what was not given), a taken inventory code on
 * create and on update (409 naming the field, nothing changed), a negative value (422). */
static void test_assets(void **state)
{
	struct svc_fixture *sf = *state;
	struct reg_detail d, other;
	struct asset_in in = computer();
	struct svc_ctx ctx = svc_fixture_ctx(sf, "quanly.hoankiem", THU);
	assert_int_equal(registers_create(&ctx, &reg_asset_kind, &in, &d), MC_OK);
	int64_t id = d.e.asset.id;
	assert_string_equal(d.e.asset.inventory_code, "HK-01");
	assert_int_equal(d.e.asset.quantity, 2);
	assert_int_equal(d.e.asset.remaining_value, 12000000);
	assert_string_equal(d.e.asset.at.unit, HK_POINT);
	assert_int_equal(d.e.asset.version, 1);

	ctx = svc_fixture_ctx(sf, "quanly.hoankiem", THU);
	assert_int_equal(registers_create(&ctx, &reg_asset_kind, &in, &other), MC_ECONFLICT);
	assert_string_equal(svc_fixture_fields(sf, ctx.problem), "inventory_code");
	struct asset_in printer = computer();
	printer.inventory_code = "HK-02";
	printer.remaining_value = -1;
	ctx = svc_fixture_ctx(sf, "quanly.hoankiem", THU);
	assert_int_equal(registers_create(&ctx, &reg_asset_kind, &printer, &other), MC_EINVAL);
	assert_string_equal(svc_fixture_fields(sf, ctx.problem), "remaining_value");
	printer.remaining_value = 0;
	ctx = svc_fixture_ctx(sf, "quanly.hoankiem", THU);
	assert_int_equal(registers_create(&ctx, &reg_asset_kind, &printer, &other), MC_OK);

	struct asset_in up = {.remaining_value = 10000000, .remaining_set = true,
			      .condition = "hỏng nhẹ"};
	ctx = svc_fixture_ctx(sf, "quanly.hoankiem", FRI);
	assert_int_equal(registers_update(&ctx, &reg_asset_kind, id, &up, &d), MC_OK);
	assert_int_equal(d.e.asset.remaining_value, 10000000);
	assert_string_equal(d.e.asset.condition, "hỏng nhẹ");
	assert_int_equal(d.e.asset.quantity, 2);
	assert_string_equal(d.e.asset.name, "Máy tính");
	assert_int_equal(d.e.asset.version, 2);
	assert_int_equal(d.nspans, 1);

	struct asset_in taken = {.inventory_code = "HK-02"};
	ctx = svc_fixture_ctx(sf, "quanly.hoankiem", FRI);
	assert_int_equal(registers_update(&ctx, &reg_asset_kind, id, &taken, &other), MC_ECONFLICT);
	assert_string_equal(svc_fixture_fields(sf, ctx.problem), "inventory_code");
	ctx = svc_fixture_ctx(sf, "tiepnhan.hoankiem", FRI);
	assert_int_equal(registers_get(&ctx, &reg_asset_kind, id, &other), MC_OK);
	assert_string_equal(other.e.asset.inventory_code, "HK-01");
	assert_int_equal(other.e.asset.version, 2);
	ctx = svc_fixture_ctx(sf, "tiepnhan.cuanam", FRI);
	assert_int_equal(registers_get(&ctx, &reg_asset_kind, id, &other), MC_ENOTFOUND);
	assert_string_equal(svc_fixture_audit(sf, arena_printf(&sf->db->arena, "asset:%lld",
							       (long long)id)),
			    "create_asset by quanly.hoankiem,update_asset by quanly.hoankiem");
}

/* An update carries no version: the registers have no If-Match yet (docs/reorganization.md,
 * decision 4). Two editors who both read version 1 both succeed, one after the other; the second
 * changes only what it gives, so the first one's change stays. */
static void test_update_without_version(void **state)
{
	struct svc_fixture *sf = *state;
	struct reg_detail d, first, second;
	struct asset_in in = computer();
	struct svc_ctx ctx = svc_fixture_ctx(sf, "quanly.hoankiem", THU);
	assert_int_equal(registers_create(&ctx, &reg_asset_kind, &in, &d), MC_OK);
	assert_int_equal(d.e.asset.version, 1);
	struct asset_in a = {.condition = "hỏng nhẹ"};
	struct asset_in b = {.remaining_value = 9000000, .remaining_set = true};
	ctx = svc_fixture_ctx(sf, "quanly.hoankiem", FRI);
	assert_int_equal(registers_update(&ctx, &reg_asset_kind, d.e.asset.id, &a, &first), MC_OK);
	assert_int_equal(first.e.asset.version, 2);
	ctx = svc_fixture_ctx(sf, "admin", FRI);
	assert_int_equal(registers_update(&ctx, &reg_asset_kind, d.e.asset.id, &b, &second), MC_OK);
	assert_int_equal(second.e.asset.version, 3);
	assert_string_equal(second.e.asset.condition, "hỏng nhẹ");
	assert_int_equal(second.e.asset.remaining_value, 9000000);
}

/* Records: created, moved by the administrator (the holders' history keeps both), year and sheets
 * checked. */
static void test_records(void **state)
{
	struct svc_fixture *sf = *state;
	struct reg_detail d, other;
	struct record_in in = ledger();
	struct svc_ctx ctx = svc_fixture_ctx(sf, "quanly.hoankiem", THU);
	assert_int_equal(registers_create(&ctx, &reg_record_kind, &in, &d), MC_OK);
	int64_t id = d.e.record.id;
	assert_string_equal(d.e.record.box, "03");
	assert_string_equal(d.e.record.file, "15");
	assert_int_equal(d.e.record.year, 2023);
	assert_int_equal(d.e.record.sheets, 200);
	assert_string_equal(d.e.record.retention, "20 năm");
	assert_string_equal(d.e.record.at.unit, HK_POINT);

	struct record_in move = {.unit = CN_POINT};
	ctx = svc_fixture_ctx(sf, "admin", FRI);
	assert_int_equal(registers_update(&ctx, &reg_record_kind, id, &move, &d), MC_OK);
	assert_string_equal(d.e.record.at.unit, CN_POINT);
	assert_string_equal(d.e.record.title, "Sổ chứng thực");
	assert_int_equal(d.e.record.version, 2);
	assert_int_equal(d.nspans, 2);
	assert_string_equal(span(sf, &d.spans[0]), HK_POINT "/0 " THU ".." FRI);
	assert_string_equal(span(sf, &d.spans[1]), CN_POINT "/0 " FRI "..open");

	struct record_in bad = ledger();
	bad.title = "x";
	bad.year = 1800;
	bad.sheets = -2;
	ctx = svc_fixture_ctx(sf, "admin", FRI);
	assert_int_equal(registers_create(&ctx, &reg_record_kind, &bad, &other), MC_EINVAL);
	assert_string_equal(svc_fixture_fields(sf, ctx.problem), "year,sheets");
	/* The Hoàn Kiếm manager no longer manages it at Cửa Nam. */
	struct record_in retitle = {.title = "Sổ chứng thực bản sao"};
	ctx = svc_fixture_ctx(sf, "quanly.hoankiem", FRI);
	assert_int_equal(registers_update(&ctx, &reg_record_kind, id, &retitle, &other), MC_ENOTFOUND);
	ctx = svc_fixture_ctx(sf, "admin", FRI);
	assert_int_equal(registers_get(&ctx, &reg_record_kind, id, &other), MC_OK);
	assert_string_equal(other.e.record.title, "Sổ chứng thực");
	assert_int_equal(other.e.record.version, 2);
}

struct ids {
	struct arena *arena;
	char *text;
};

static void on_staff(const void *e, void *arg)
{
	const struct reg_staff *s = e;
	struct ids *ids = arg;
	ids->text = arena_printf(ids->arena, "%s%s%lld", ids->text, *ids->text ? "," : "",
				 (long long)s->id);
}

static void on_asset(const void *e, void *arg)
{
	const struct reg_asset *a = e;
	struct ids *ids = arg;
	ids->text = arena_printf(ids->arena, "%s%s%s", ids->text, *ids->text ? "," : "",
				 a->inventory_code);
}

/* One page of the staff list as `who` reads it: ids joined by commas, "+" when more follow. */
static const char *staff_page(struct svc_fixture *sf, const char *who, const char *unit,
			      int64_t after, size_t limit, enum mc_err want)
{
	struct svc_ctx ctx = svc_fixture_ctx(sf, who, FRI);
	struct ids ids = {ctx.arena, arena_strdup(ctx.arena, "")};
	struct reg_query q = {.unit = unit, .after_id = after, .limit = limit};
	bool more = false;
	assert_int_equal(registers_list(&ctx, &reg_staff_kind, &q, on_staff, &ids, &more), want);
	if (want == MC_EINVAL)
		return svc_fixture_fields(sf, ctx.problem);
	return more ? arena_printf(ctx.arena, "%s+", ids.text) : ids.text;
}

/* Lists by unit, by id, in pages; non-administrators must name a unit they cover. */
static void test_lists(void **state)
{
	struct svc_fixture *sf = *state;
	struct reg_detail d;
	struct staff_in a = mai();
	struct staff_in b = {.full_name = "Đỗ Minh Khoa", .id_number = "001085054323",
			     .position = "Phó giám đốc", .unit = CN_POINT};
	struct staff_in c = {.full_name = "Lê Thị Bích", .id_number = "001190012302",
			     .position = "Chuyên viên tiếp nhận", .unit = HK_POINT};
	int64_t ia = create_staff(sf, "admin", THU, &a, &d);
	int64_t ib = create_staff(sf, "admin", THU, &b, &d);
	int64_t ic = create_staff(sf, "admin", THU, &c, &d);
	const char *hk = arena_printf(&sf->db->arena, "%lld,%lld", (long long)ia, (long long)ic);
	assert_string_equal(staff_page(sf, "tiepnhan.hoankiem", HK_POINT, 0, 10, MC_OK), hk);
	assert_string_equal(staff_page(sf, "admin", NULL, 0, 2, MC_OK),
			    arena_printf(&sf->db->arena, "%lld,%lld+", (long long)ia,
					 (long long)ib));
	assert_string_equal(staff_page(sf, "admin", NULL, ib, 2, MC_OK),
			    arena_printf(&sf->db->arena, "%lld", (long long)ic));
	assert_string_equal(staff_page(sf, "admin", CN_POINT, 0, 1, MC_OK),
			    arena_printf(&sf->db->arena, "%lld", (long long)ib));
	/* The exact unit, not its subtree. */
	assert_string_equal(staff_page(sf, "quanly.hoankiem", HK_PC, 0, 10, MC_OK), "");
	assert_string_equal(staff_page(sf, "quanly.hoankiem", NULL, 0, 10, MC_EINVAL), "unit");
	staff_page(sf, "quanly.hoankiem", CN_POINT, 0, 10, MC_EFORBIDDEN);
	staff_page(sf, "001190012345", HK_POINT, 0, 10, MC_EFORBIDDEN);
	staff_page(sf, NULL, HK_POINT, 0, 10, MC_EAUTH);

	struct asset_in x = computer(), y = computer();
	y.inventory_code = "HK-02";
	struct reg_detail ad;
	struct svc_ctx ctx = svc_fixture_ctx(sf, "admin", THU);
	assert_int_equal(registers_create(&ctx, &reg_asset_kind, &y, &ad), MC_OK);
	ctx = svc_fixture_ctx(sf, "admin", THU);
	assert_int_equal(registers_create(&ctx, &reg_asset_kind, &x, &ad), MC_OK);
	ctx = svc_fixture_ctx(sf, "tiepnhan.hoankiem", FRI);
	struct ids ids = {ctx.arena, arena_strdup(ctx.arena, "")};
	struct reg_query q = {.unit = HK_POINT, .limit = 10};
	bool more = true;
	assert_int_equal(registers_list(&ctx, &reg_asset_kind, &q, on_asset, &ids, &more), MC_OK);
	assert_string_equal(ids.text, "HK-02,HK-01"); /* by id, not by code */
	assert_false(more);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_staff_create_and_move),
		T(test_staff_refusals),
		T(test_appointments),
		T(test_assets),
		T(test_update_without_version),
		T(test_records),
		T(test_lists),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
