/* Tests of the reorganization's use cases (svc/reorg.h, docs/reorganization.md), without HTTP, on
 * a real database seeded as `motcua init` and `motcua demo` seed it: a decision moving service
 * points with staff, assets, records and dossiers (open and closed) under the Center, with the
 * exact snapshot of each handover, the parent switch at the effective time and the permissions
 * that follow it; the refused decisions; confirming, signing and completing a handover; and the
 * verification of the moved dossiers. The same over HTTP is tests/api/reorg.test.mjs. */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "db_fixture.h"
#include "svc_fixture.h"

#include "svc/dossiers.h"
#include "svc/registers.h"
#include "svc/reorg.h"

#define THU "2026-11-26T09:00:00+07:00"
#define DECIDED "2026-11-26T10:00:00+07:00"
#define EFFECTIVE "2026-12-01T00:00:00+07:00"
#define AFTER "2026-12-01T08:00:00+07:00"
#define BD_PC "003.00.50.H26"
#define GUARDIANSHIP " - Thủ tục đăng ký giám hộ"

static int setup(void **state)
{
	*state = svc_fixture_open("svc-reorg", "2026-11-01T08:00:00+07:00");
	return 0;
}

static int teardown(void **state)
{
	svc_fixture_close(*state);
	return 0;
}

/* The registers of tests/api/reorg.test.mjs: two staff, two assets and a record at the Hoàn Kiếm
 * point; one staff member and a record at Cửa Nam. */
static void seed_registers(struct svc_fixture *sf)
{
	static const char *const staff[][4] = {
		{"Nguyễn Văn An", "001090012301", "Trưởng điểm", HK_POINT},
		{"Lê Thị Bích", "001190012302", "Chuyên viên tiếp nhận", HK_POINT},
		{"Phạm Quốc Cường", "001090012303", "Chuyên viên tiếp nhận", CN_POINT},
	};
	struct reg_detail sd;
	for (size_t i = 0; i < MC_ARRAY_LEN(staff); i++) {
		struct staff_in in = {.full_name = staff[i][0], .id_number = staff[i][1],
				      .position = staff[i][2], .unit = staff[i][3], .counter = 1,
				      .counter_set = true};
		struct svc_ctx ctx = svc_fixture_ctx(sf, "admin", THU);
		assert_int_equal(registers_create(&ctx, &reg_staff_kind, &in, &sd), MC_OK);
	}
	static const char *const assets[][2] = {{"HK-TS-001", "Máy tính để bàn"},
						{"HK-TS-002", "Máy in laser"}};
	struct reg_detail ad;
	for (size_t i = 0; i < MC_ARRAY_LEN(assets); i++) {
		struct asset_in in = {.inventory_code = assets[i][0], .name = assets[i][1],
				      .category = "Thiết bị văn phòng", .condition = "tốt",
				      .unit = HK_POINT, .quantity = 1, .original_value = 15000000,
				      .remaining_value = 9000000, .quantity_set = true,
				      .original_set = true, .remaining_set = true};
		struct svc_ctx ctx = svc_fixture_ctx(sf, "admin", THU);
		assert_int_equal(registers_create(&ctx, &reg_asset_kind, &in, &ad), MC_OK);
	}
	static const char *const records[][2] = {{"01", HK_POINT}, {"07", CN_POINT}};
	struct reg_detail rd;
	for (size_t i = 0; i < MC_ARRAY_LEN(records); i++) {
		struct record_in in = {.box = records[i][0], .file = "12",
				       .title = "Sổ đăng ký hộ tịch", .retention = "Vĩnh viễn",
				       .unit = records[i][1], .year = 2024, .sheets = 120,
				       .year_set = true, .sheets_set = true};
		struct svc_ctx ctx = svc_fixture_ctx(sf, "admin", THU);
		assert_int_equal(registers_create(&ctx, &reg_record_kind, &in, &rd), MC_OK);
	}
}

static void intake(struct svc_fixture *sf, const char *receiver, const char *want_code)
{
	struct intake in = {.procedure = "1.004837", .applicant_kind = "person",
			    .applicant_name = "Nguyễn Thị Hằng", .applicant_id = "001190012345",
			    .resolver_unit = HK_PC, .channel = "counter", .ncomponents = 2};
	in.components[0] = (struct intake_component){"tp02", true, NULL};
	in.components[1] = (struct intake_component){"tp07", true, NULL};
	struct svc_ctx ctx = svc_fixture_ctx(sf, receiver, THU);
	struct dossier *d = arena_alloc(ctx.arena, sizeof(*d));
	bool replayed;
	assert_int_equal(dossier_intake(&ctx, &in, d, &replayed, NULL), MC_OK);
	assert_string_equal(d->code, want_code);
}

static void act(struct svc_fixture *sf, const char *who, const char *at, const char *code,
		const char *action, struct action_input *in)
{
	assert_int_equal(ds_action_parse(action, &in->action), MC_OK);
	struct svc_ctx ctx = svc_fixture_ctx(sf, who, at);
	struct dossier *d = arena_alloc(ctx.arena, sizeof(*d));
	assert_int_equal(dossier_act(&ctx, code, in, d), MC_OK);
}

/* Two dossiers received at Hoàn Kiếm (the second taken to its return: closed), one at Cửa Nam:
 * 7 history events in all. */
static void seed_dossiers(struct svc_fixture *sf)
{
	const char *closed = HK_POINT "-261126-0002";
	intake(sf, "tiepnhan.hoankiem", HK_POINT "-261126-0001");
	intake(sf, "tiepnhan.hoankiem", closed);
	struct action_input none = {.note = NULL};
	act(sf, "tiepnhan.hoankiem", THU, closed, "transfer", &none);
	struct action_input note = {.note = "Hợp lệ"};
	act(sf, "xuly.hoankiem", THU, closed, "complete-step", &note);
	struct action_input decide = {.outcome = "approved", .result_number = "16/2026/TLGH",
				      .result_title = "Trích lục"};
	act(sf, "lanhdao.hoankiem", THU, closed, "decide", &decide);
	struct action_input ret = {.channel = "counter"};
	act(sf, "tiepnhan.hoankiem", THU, closed, "return", &ret);
	intake(sf, "tiepnhan.cuanam", CN_POINT "-261126-0001");
}

/* The Hanoi decision for three points (one with nothing to hand over). */
static struct reorg_in decision(const char **units, size_t n)
{
	struct reorg_in in = {.decision_number = "1234/QĐ-UBND", .signed_on = "2026-11-26",
			      .effective_at = EFFECTIVE, .target_unit = CENTER, .units = units,
			      .nunits = n, .handover_days = 30, .days_set = true};
	return in;
}

static const char *points[] = {HK_POINT, CN_POINT, BD_POINT};

static int64_t create(struct svc_fixture *sf)
{
	struct reorg_in in = decision(points, MC_ARRAY_LEN(points));
	struct svc_ctx ctx = svc_fixture_ctx(sf, "admin", DECIDED);
	int64_t id = 0;
	enum mc_err err = reorg_create(&ctx, &in, &id);
	if (err)
		fail_msg("reorg_create: %s %s", mc_err_name(err),
			 svc_fixture_fields(sf, ctx.problem));
	assert_true(id > 0);
	return id;
}

/* A handover's counts as "staff/open/closed/records/assets". */
static const char *counts(struct svc_fixture *sf, const struct handover *h)
{
	const struct handover_counts *c = &h->counts;
	return arena_printf(&sf->db->arena, "%lld/%lld/%lld/%lld/%lld", (long long)c->staff,
			    (long long)c->dossiers_open, (long long)c->dossiers_closed,
			    (long long)c->records, (long long)c->assets);
}

/* A handover's items, one "kind|ref|label|status|note" per line. */
static const char *items(struct svc_fixture *sf, const struct handover_view *v)
{
	char *out = arena_strdup(&sf->db->arena, "");
	for (size_t i = 0; i < v->nitems; i++) {
		const struct handover_item *it = &v->items[i];
		out = arena_printf(&sf->db->arena, "%s%s|%s|%s|%s|%s\n", out, it->kind, it->ref,
				   it->label, it->status, it->note);
	}
	return out;
}

static const char *parent_at(struct svc_fixture *sf, const char *code, const char *at)
{
	struct svc_ctx ctx = svc_fixture_ctx(sf, NULL, at);
	struct units_detail *u = arena_alloc(ctx.arena, sizeof(*u));
	assert_int_equal(units_get(&ctx, code, svc_fixture_time(at), u), MC_OK);
	return arena_strdup(ctx.arena, u->unit.parent);
}

/* The decision moves each point with everything it lists: one handover per point with its exact
 * counts and items, the decision's dossier and event counts, the audit events. */
static void test_decision_snapshot(void **state)
{
	struct svc_fixture *sf = *state;
	seed_registers(sf);
	seed_dossiers(sf);
	int64_t id = create(sf);
	struct svc_ctx ctx = svc_fixture_ctx(sf, "admin", DECIDED);
	struct reorg_view v;
	assert_int_equal(reorg_get(&ctx, id, &v), MC_OK);
	assert_string_equal(v.r.decision_number, "1234/QĐ-UBND");
	assert_string_equal(v.r.signed_on, "2026-11-26");
	assert_string_equal(v.r.deadline, "2026-12-26");
	assert_int_equal(v.r.effective_at, svc_fixture_time(EFFECTIVE));
	assert_string_equal(v.r.target_unit, CENTER);
	assert_int_equal(v.r.dossiers, 3);
	assert_int_equal(v.r.events, 7);
	assert_int_equal(v.nh, 3);
	static const char *const old_parents[] = {HK_PC, CN_PC, BD_PC};
	static const char *const want_counts[] = {"2/1/1/1/2", "1/1/0/1/0", "0/0/0/0/0"};
	for (size_t i = 0; i < v.nh; i++) {
		assert_string_equal(v.h[i].unit, points[i]);
		assert_string_equal(v.h[i].old_parent, old_parents[i]);
		assert_string_equal(v.h[i].status, "open");
		assert_string_equal(counts(sf, &v.h[i]), want_counts[i]);
		assert_false(reorg_overdue(&v.r, &v.h[i], svc_fixture_time(DECIDED)));
	}

	struct handover_view hv;
	ctx = svc_fixture_ctx(sf, "admin", DECIDED);
	assert_int_equal(handover_get(&ctx, v.h[0].id, &hv), MC_OK);
	assert_string_equal(items(sf, &hv),
			    "staff|1|Nguyễn Văn An, Trưởng điểm|pending|\n"
			    "staff|2|Lê Thị Bích, Chuyên viên tiếp nhận|pending|\n"
			    "record|1|Hộp 01, hồ sơ 12: Sổ đăng ký hộ tịch (2024)|pending|\n"
			    "asset|1|HK-TS-001 - Máy tính để bàn (SL: 1)|pending|\n"
			    "asset|2|HK-TS-002 - Máy in laser (SL: 1)|pending|\n"
			    "dossier|" HK_POINT "-261126-0001|" HK_POINT "-261126-0001" GUARDIANSHIP
			    "|pending|\n"
			    "dossier|" HK_POINT "-261126-0002|" HK_POINT "-261126-0002" GUARDIANSHIP
			    "|pending|\n");
	ctx = svc_fixture_ctx(sf, "admin", DECIDED);
	assert_int_equal(handover_get(&ctx, v.h[1].id, &hv), MC_OK);
	assert_string_equal(items(sf, &hv),
			    "staff|3|Phạm Quốc Cường, Chuyên viên tiếp nhận|pending|\n"
			    "record|2|Hộp 07, hồ sơ 12: Sổ đăng ký hộ tịch (2024)|pending|\n"
			    "dossier|" CN_POINT "-261126-0001|" CN_POINT "-261126-0001" GUARDIANSHIP
			    "|pending|\n");
	ctx = svc_fixture_ctx(sf, "admin", DECIDED);
	assert_int_equal(handover_get(&ctx, v.h[2].id, &hv), MC_OK);
	assert_int_equal(hv.nitems, 0);
	assert_string_equal(svc_fixture_audit(sf, "reorganization:1"),
			    "create_reorganization by admin");
	for (int64_t h = 1; h <= 3; h++) {
		const char *entity = arena_printf(&sf->db->arena, "handover:%lld", (long long)h);
		assert_string_equal(svc_fixture_audit(sf, entity), "create_handover by admin");
	}
}

/* The parents switch at the effective time, and with them who covers the points: the Center's
 * manager sees the moved dossiers and registers from then on; the giving side sees its own
 * handover only. */
static void test_switch_at_effective_time(void **state)
{
	struct svc_fixture *sf = *state;
	seed_registers(sf);
	seed_dossiers(sf);
	int64_t id = create(sf);
	assert_string_equal(parent_at(sf, HK_POINT, "2026-11-30T23:59:59+07:00"), HK_PC);
	assert_string_equal(parent_at(sf, HK_POINT, EFFECTIVE), CENTER);
	assert_string_equal(parent_at(sf, BD_POINT, EFFECTIVE), CENTER);
	struct svc_ctx ctx = svc_fixture_ctx(sf, NULL, AFTER);
	struct units_detail *u = arena_alloc(ctx.arena, sizeof(*u));
	assert_int_equal(units_get(&ctx, HK_POINT, svc_fixture_time(AFTER), u), MC_OK);
	assert_int_equal(u->nparents, 2);
	assert_string_equal(u->parents[0].parent, HK_PC);
	assert_int_equal(u->parents[0].to, svc_fixture_time(EFFECTIVE));
	assert_string_equal(u->parents[1].parent, CENTER);
	assert_int_equal(u->parents[1].from, svc_fixture_time(EFFECTIVE));
	assert_int_equal(u->parents[1].to, INT64_MAX);

	struct dossier *d = arena_alloc(&sf->db->arena, sizeof(*d));
	ctx = svc_fixture_ctx(sf, "quanly.trungtam", "2026-11-30T17:00:00+07:00");
	assert_int_equal(dossier_get(&ctx, HK_POINT "-261126-0001", d), MC_ENOTFOUND);
	ctx = svc_fixture_ctx(sf, "quanly.trungtam", AFTER);
	assert_int_equal(dossier_get(&ctx, HK_POINT "-261126-0001", d), MC_OK);
	assert_string_equal(d->receiving_unit, HK_POINT); /* the dossier itself did not change */
	struct reg_detail sd;
	ctx = svc_fixture_ctx(sf, "quanly.trungtam", AFTER);
	assert_int_equal(registers_get(&ctx, &reg_staff_kind, 1, &sd), MC_OK);
	assert_string_equal(sd.e.staff.at.unit, HK_POINT); /* staff moved with their unit */

	struct reorg_view v;
	ctx = svc_fixture_ctx(sf, "quanly.hoankiem", AFTER);
	assert_int_equal(reorg_get(&ctx, id, &v), MC_OK);
	assert_int_equal(v.nh, 1);
	assert_string_equal(v.h[0].unit, HK_POINT);
	ctx = svc_fixture_ctx(sf, "xuly.hoankiem", AFTER);
	assert_int_equal(reorg_get(&ctx, id, &v), MC_ENOTFOUND);
	ctx = svc_fixture_ctx(sf, "quanly.trungtam", AFTER);
	assert_int_equal(reorg_get(&ctx, id, &v), MC_OK);
	assert_int_equal(v.nh, 3);
}

/* Refused decisions name their fields and create nothing; only administrators decide; a unit
 * already moving at that time cannot be moved again. */
static void test_refused_decisions(void **state)
{
	struct svc_fixture *sf = *state;
	const char *bad_units[] = {"999.01.50.H26", HK_POINT, HK_POINT};
	struct reorg_in in = decision(bad_units, 3);
	in.target_unit = CN_PC;
	in.effective_at = "2026-11-25T08:00:00+07:00";
	struct svc_ctx ctx = svc_fixture_ctx(sf, "admin", DECIDED);
	int64_t id = 0;
	assert_int_equal(reorg_create(&ctx, &in, &id), MC_EINVAL);
	assert_string_equal(svc_fixture_fields(sf, ctx.problem),
			    "effective_at,target_unit,units[0],units[2]");
	const char *center[] = {CENTER, HK_PC};
	in = decision(center, 2);
	in.handover_days = 0;
	ctx = svc_fixture_ctx(sf, "admin", DECIDED);
	assert_int_equal(reorg_create(&ctx, &in, &id), MC_EINVAL);
	assert_string_equal(svc_fixture_fields(sf, ctx.problem), "handover_days,units[0]");
	in = decision(points, MC_ARRAY_LEN(points));
	ctx = svc_fixture_ctx(sf, "quanly.trungtam", DECIDED);
	assert_int_equal(reorg_create(&ctx, &in, &id), MC_EFORBIDDEN);
	ctx = svc_fixture_ctx(sf, "admin", DECIDED);
	struct reorg_summary *list = NULL;
	size_t n = 99;
	assert_int_equal(reorg_list(&ctx, 0, 10, &list, &n), MC_OK);
	assert_int_equal(n, 0);
	assert_string_equal(parent_at(sf, HK_POINT, AFTER), HK_PC);

	id = create(sf);
	const char *again[] = {BD_POINT};
	in = decision(again, 1);
	ctx = svc_fixture_ctx(sf, "admin", DECIDED);
	assert_int_equal(reorg_create(&ctx, &in, &id), MC_EINVAL);
	assert_string_equal(svc_fixture_fields(sf, ctx.problem), "units[0]");
	ctx = svc_fixture_ctx(sf, "admin", DECIDED);
	assert_int_equal(reorg_list(&ctx, 0, 10, &list, &n), MC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].handovers, 3);
}

/* The receiving side confirms the items, a pending item blocks signing, each side signs once, the
 * second signature completes the handover and then nothing about it can change. */
static void test_handover_confirm_and_sign(void **state)
{
	struct svc_fixture *sf = *state;
	seed_registers(sf);
	seed_dossiers(sf);
	create(sf);
	struct handover_view hv;
	struct svc_ctx ctx = svc_fixture_ctx(sf, "quanly.trungtam", AFTER);
	assert_int_equal(handover_get(&ctx, 1, &hv), MC_OK);
	assert_int_equal(hv.nitems, 7);
	struct item_confirm all[7];
	for (size_t i = 0; i < 6; i++)
		all[i] = (struct item_confirm){hv.items[i].id, "received", NULL};
	all[6] = (struct item_confirm){999999, "received", NULL};
	ctx = svc_fixture_ctx(sf, "quanly.hoankiem", AFTER);
	assert_int_equal(handover_confirm(&ctx, 1, all, 6), MC_EFORBIDDEN);
	ctx = svc_fixture_ctx(sf, "quanly.trungtam", AFTER);
	assert_int_equal(handover_confirm(&ctx, 1, all, 7), MC_EINVAL);
	assert_string_equal(svc_fixture_fields(sf, ctx.problem), "items[6].id");
	struct handover_view still;
	ctx = svc_fixture_ctx(sf, "quanly.trungtam", AFTER);
	assert_int_equal(handover_get(&ctx, 1, &still), MC_OK);
	for (size_t i = 0; i < still.nitems; i++) /* the refusal confirmed none of the six */
		assert_string_equal(still.items[i].status, "pending");
	ctx = svc_fixture_ctx(sf, "quanly.trungtam", AFTER);
	assert_int_equal(handover_confirm(&ctx, 1, all, 6), MC_OK);
	ctx = svc_fixture_ctx(sf, "quanly.hoankiem", AFTER);
	assert_int_equal(handover_sign(&ctx, 1, "giver"), MC_ECONFLICT);
	assert_string_equal(ctx.problem->detail, "1 items are still pending");
	struct item_confirm last = {hv.items[6].id, "damaged", "Vỏ máy nứt"};
	ctx = svc_fixture_ctx(sf, "quanly.trungtam", AFTER);
	assert_int_equal(handover_confirm(&ctx, 1, &last, 1), MC_OK);

	ctx = svc_fixture_ctx(sf, "quanly.trungtam", AFTER);
	assert_int_equal(handover_sign(&ctx, 1, "giver"), MC_EFORBIDDEN);
	ctx = svc_fixture_ctx(sf, "quanly.hoankiem", AFTER);
	assert_int_equal(handover_sign(&ctx, 1, "receiver"), MC_EFORBIDDEN);
	ctx = svc_fixture_ctx(sf, "quanly.hoankiem", AFTER);
	assert_int_equal(handover_sign(&ctx, 1, "giver"), MC_OK);
	ctx = svc_fixture_ctx(sf, "quanly.hoankiem", AFTER);
	assert_int_equal(handover_sign(&ctx, 1, "giver"), MC_ECONFLICT);
	assert_string_equal(ctx.problem->detail, "this side has already signed");
	ctx = svc_fixture_ctx(sf, "quanly.trungtam", AFTER);
	assert_int_equal(handover_sign(&ctx, 1, "receiver"), MC_OK);
	ctx = svc_fixture_ctx(sf, "quanly.trungtam", AFTER);
	assert_int_equal(handover_get(&ctx, 1, &hv), MC_OK);
	assert_string_equal(hv.h.status, "complete");
	assert_string_equal(hv.h.giver_by, "quanly.hoankiem");
	assert_string_equal(hv.h.receiver_by, "quanly.trungtam");
	assert_int_equal(hv.h.completed_at, svc_fixture_time(AFTER));
	assert_string_equal(hv.items[6].status, "damaged");
	assert_string_equal(hv.items[6].note, "Vỏ máy nứt");
	ctx = svc_fixture_ctx(sf, "quanly.trungtam", AFTER);
	assert_int_equal(handover_confirm(&ctx, 1, &last, 1), MC_ECONFLICT);
	assert_string_equal(ctx.problem->detail, "the handover is complete: its items cannot change");
	ctx = svc_fixture_ctx(sf, "admin", AFTER);
	assert_int_equal(handover_sign(&ctx, 1, "receiver"), MC_ECONFLICT);
	assert_string_equal(ctx.problem->detail, "the handover is already complete");
	assert_string_equal(svc_fixture_audit(sf, "handover:1"),
			    "create_handover by admin,confirm_handover_items by quanly.trungtam,"
			    "confirm_handover_items by quanly.trungtam,"
			    "sign_handover_giver by quanly.hoankiem,"
			    "sign_handover_receiver by quanly.trungtam");
}

/* Handovers not complete are overdue from 00:00 of the day after the deadline (2026-12-26); the
 * decision's summary counts them, for the receiving side and for a giving side. */
static void test_overdue_after_deadline(void **state)
{
	struct svc_fixture *sf = *state;
	int64_t id = create(sf);
	/* The Ba Đình point has nothing to hand over: the administrator signs both sides. */
	struct svc_ctx ctx = svc_fixture_ctx(sf, "admin", AFTER);
	assert_int_equal(handover_sign(&ctx, 3, "giver"), MC_OK);
	ctx = svc_fixture_ctx(sf, "admin", AFTER);
	assert_int_equal(handover_sign(&ctx, 3, "receiver"), MC_OK);
	struct reorg_view v;
	ctx = svc_fixture_ctx(sf, "admin", AFTER);
	assert_int_equal(reorg_get(&ctx, id, &v), MC_OK);
	assert_string_equal(v.h[2].status, "complete");
	int64_t last_day = svc_fixture_time("2026-12-26T23:59:59+07:00");
	int64_t next_day = svc_fixture_time("2026-12-27T00:00:00+07:00");
	assert_false(reorg_overdue(&v.r, &v.h[0], last_day));
	assert_true(reorg_overdue(&v.r, &v.h[0], next_day));
	assert_false(reorg_overdue(&v.r, &v.h[2], next_day));
	static const struct {
		const char *who, *at;
		int64_t handovers, complete, overdue;
	} want[] = {
		{"quanly.trungtam", "2026-12-26T23:59:59+07:00", 3, 1, 0},
		{"quanly.trungtam", "2026-12-27T00:00:00+07:00", 3, 1, 2},
		{"quanly.hoankiem", "2026-12-27T00:00:00+07:00", 1, 0, 1},
		{"xuly.hoankiem", "2026-12-27T00:00:00+07:00", 0, 0, 0},
	};
	for (size_t i = 0; i < MC_ARRAY_LEN(want); i++) {
		struct reorg_summary *list = NULL;
		size_t n = 99;
		ctx = svc_fixture_ctx(sf, want[i].who, want[i].at);
		assert_int_equal(reorg_list(&ctx, 0, 10, &list, &n), MC_OK);
		assert_int_equal(n, want[i].handovers ? 1 : 0);
		if (!n)
			continue;
		assert_int_equal(list[0].r.id, id);
		assert_int_equal(list[0].handovers, want[i].handovers);
		assert_int_equal(list[0].complete, want[i].complete);
		assert_int_equal(list[0].overdue, want[i].overdue);
	}
}

/* Verification: equal after the decision and after later processing of a moved dossier (events
 * added since do not count); an edited event of a moved dossier is a difference naming it. */
static void test_verify(void **state)
{
	struct svc_fixture *sf = *state;
	seed_registers(sf);
	seed_dossiers(sf);
	int64_t id = create(sf);
	struct reorg_verdict v;
	struct svc_ctx ctx = svc_fixture_ctx(sf, "admin", AFTER);
	assert_int_equal(reorg_verify(&ctx, id, &v), MC_OK);
	assert_true(v.equal);
	assert_int_equal(v.dossiers_then, 3);
	assert_int_equal(v.dossiers_now, 3);
	assert_int_equal(v.events_then, 7);
	assert_int_equal(v.events_now, 7);
	assert_memory_equal(v.then, v.now, REORG_HASH_LEN);
	assert_int_equal(v.ndiff, 0);

	struct action_input none = {.note = NULL};
	act(sf, "tiepnhan.cuanam", AFTER, CN_POINT "-261126-0001", "transfer", &none);
	ctx = svc_fixture_ctx(sf, "admin", AFTER);
	assert_int_equal(reorg_verify(&ctx, id, &v), MC_OK);
	assert_true(v.equal);
	assert_int_equal(v.events_now, 7);
	ctx = svc_fixture_ctx(sf, "xuly.hoankiem", AFTER);
	assert_int_equal(reorg_verify(&ctx, id, &v), MC_ENOTFOUND);

	static const char sql[] = "UPDATE dossier_events SET actor = 'someone' "
				  "WHERE id = (SELECT min(id) FROM dossier_events)";
	assert_int_equal(db_exec(sf->db->db, sql), MC_OK);
	ctx = svc_fixture_ctx(sf, "admin", AFTER);
	assert_int_equal(reorg_verify(&ctx, id, &v), MC_OK);
	assert_false(v.equal);
	assert_int_equal(v.dossiers_now, 3);
	assert_int_equal(v.events_now, 7);
	assert_int_equal(v.ndiff, 1);
	assert_string_equal(v.diff[0], HK_POINT "-261126-0001");
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_decision_snapshot),
		T(test_switch_at_effective_time),
		T(test_refused_decisions),
		T(test_handover_confirm_and_sign),
		T(test_overdue_after_deadline),
		T(test_verify),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
