/* Tests of the reorganizations (store/reorg_store.h) on a real database in a fresh temporary
 * directory: decisions, handovers with their snapshot of the registers, item confirmations and
 * signatures, and the dossier queries a handover uses. */
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
#include "store/dossier_store.h"
#include "store/reorg_store.h"
#include "store/unit_store.h"

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
	assert_int_equal(reorgstore_insert(db, &r), MC_OK);
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
	assert_int_equal(reorgstore_get(f->db, id, &got), MC_OK);
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
	assert_int_equal(reorgstore_set_checksum(f->db, &r), MC_OK);
	assert_int_equal(reorgstore_get(f->db, id, &got), MC_OK);
	assert_int_equal(got.dossiers, 7);
	assert_int_equal(got.events, 42);
	assert_memory_equal(got.checksum, r.checksum, REORG_HASH_LEN);
	assert_string_equal(got.decision_number, "123/QĐ-UBND");

	assert_int_equal(reorgstore_get(f->db, id + 1, &got), MC_ENOTFOUND);
	/* The target must be a unit. */
	SET(r.target_unit, "999.99.99.H26");
	assert_int_equal(reorgstore_insert(f->db, &r), MC_ECONFLICT);
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
	assert_int_equal(reorgstore_insert_handover(db, &h), MC_OK);
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
	assert_int_equal(reorgstore_get_handover(f->db, h1, &h), MC_OK);
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
	assert_int_equal(reorgstore_get_handover(f->db, h3 + 1, &h), MC_ENOTFOUND);

	h.counts = (struct handover_counts){1, 2, 3, 4, 5};
	assert_int_equal(reorgstore_set_counts(f->db, &h), MC_OK);

	assert_int_equal(reorgstore_handovers(f->db, r1, on_handover, &hs), MC_OK);
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
	assert_int_equal(reorgstore_handovers(f->db, r2, on_handover, &hs), MC_OK);
	assert_int_equal(hs.n, 1);
	assert_int_equal(hs.h[0].id, h2);
	hs.n = 0;
	assert_int_equal(reorgstore_handovers(f->db, r2 + 1, on_handover, &hs), MC_OK);
	assert_int_equal(hs.n, 0);

	/* Signatures, one side at a time, then completion. */
	assert_int_equal(reorgstore_sign(f->db, h1, true, "giver.le", 6000), MC_OK);
	assert_int_equal(reorgstore_get_handover(f->db, h1, &h), MC_OK);
	assert_string_equal(h.giver_by, "giver.le");
	assert_int_equal(h.giver_at, 6000);
	assert_string_equal(h.receiver_by, "");
	assert_int_equal(h.receiver_at, 0);
	assert_string_equal(h.status, "open");
	assert_int_equal(reorgstore_sign(f->db, h1, false, "receiver.tran", 6100), MC_OK);
	assert_int_equal(reorgstore_complete(f->db, h1, 6200), MC_OK);
	assert_int_equal(reorgstore_get_handover(f->db, h1, &h), MC_OK);
	assert_string_equal(h.giver_by, "giver.le");
	assert_int_equal(h.giver_at, 6000);
	assert_string_equal(h.receiver_by, "receiver.tran");
	assert_int_equal(h.receiver_at, 6100);
	assert_string_equal(h.status, "complete");
	assert_int_equal(h.completed_at, 6200);
	assert_int_equal(h.counts.records, 4);
	/* The other handovers are untouched. */
	assert_int_equal(reorgstore_get_handover(f->db, h3, &h), MC_OK);
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
	assert_int_equal(reorgstore_insert_handover(f->db, &h), MC_OK);
	h.counts.staff = 10; /* the snapshot adds to the counts */
	assert_int_equal(reorgstore_snapshot_registers(f->db, &h, 5000), MC_OK);
	assert_int_equal(h.counts.staff, 12);
	assert_int_equal(h.counts.records, 1);
	assert_int_equal(h.counts.assets, 1);
	assert_int_equal(h.counts.dossiers_open, 0);

	/* A dossier item after the registers. */
	unsigned char digest[REORG_HASH_LEN];
	memset(digest, 0xab, sizeof(digest));
	assert_int_equal(reorgstore_insert_item(f->db, h.id, "dossier", SP1 "-261126-0001",
					    "Đăng ký khai sinh", digest, 3, 17),
			 MC_OK);

	assert_int_equal(reorgstore_items(f->db, h.id, 16, on_item, &is), MC_OK);
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
	assert_int_equal(reorgstore_items(f->db, h.id, 2, on_item, &first), MC_OK);
	assert_int_equal(first.n, 2);
	assert_int_equal(first.id[1], is.id[1]);

	/* Confirmations. */
	assert_int_equal(reorgstore_pending(f->db, h.id, &pending), MC_OK);
	assert_int_equal(pending, 5);
	assert_int_equal(reorgstore_confirm(f->db, h.id, is.id[0], "received", NULL, "tran", 6000),
			 MC_OK);
	assert_int_equal(reorgstore_confirm(f->db, h.id, is.id[3], "damaged", "Vỡ màn hình", "tran",
					6001),
			 MC_OK);
	assert_int_equal(reorgstore_confirm(f->db, h.id, is.id[4], "missing", "", "tran", 6002), MC_OK);
	assert_int_equal(reorgstore_pending(f->db, h.id, &pending), MC_OK);
	assert_int_equal(pending, 2);
	/* An item of this handover back to pending, and a status the schema refuses. */
	assert_int_equal(reorgstore_confirm(f->db, h.id, is.id[4], "pending", NULL, "tran", 6003),
			 MC_OK);
	assert_int_equal(reorgstore_confirm(f->db, h.id, is.id[1], "lost", NULL, "tran", 6004),
			 MC_ECONFLICT);
	assert_int_equal(reorgstore_pending(f->db, h.id, &pending), MC_OK);
	assert_int_equal(pending, 3);

	/* Another handover cannot confirm these items. */
	int64_t other = new_handover(f->db, r, SP2, "");
	assert_int_equal(reorgstore_confirm(f->db, other, is.id[1], "received", NULL, "x", 6005),
			 MC_ENOTFOUND);
	assert_int_equal(reorgstore_confirm(f->db, h.id, is.id[4] + 100, "received", NULL, "x", 6005),
			 MC_ENOTFOUND);
	assert_int_equal(reorgstore_pending(f->db, other, &pending), MC_OK);
	assert_int_equal(pending, 0);

	struct items after = {0};
	assert_int_equal(reorgstore_items(f->db, h.id, 16, on_item, &after), MC_OK);
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
	assert_int_equal(reorgstore_snapshot_registers(f->db, &h, 5000), MC_OK);
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
	assert_int_equal(reorgstore_insert_item(f->db, ha, "dossier", "C-0002", "B", d2, 4, 40), MC_OK);
	assert_int_equal(reorgstore_insert_item(f->db, hb, "dossier", "C-0001", "A", d1, 2, 20), MC_OK);
	assert_int_equal(reorgstore_insert_item(f->db, ha, "dossier", "C-0003", "C", NULL, 0, 0),
			 MC_OK);
	assert_int_equal(reorgstore_insert_item(f->db, ha, "staff", "1", "Staff", NULL, 0, 0), MC_OK);
	assert_int_equal(reorgstore_insert_item(f->db, hc, "dossier", "C-0009", "Z", d1, 1, 1), MC_OK);
	assert_int_equal(reorgstore_insert_item(f->db, hc, "parcel", "P", "P", NULL, 0, 0),
			 MC_ECONFLICT);

	/* By code across the decision's handovers; no digest reads as zeros. */
	assert_int_equal(reorgstore_dossier_items(f->db, r1, on_dossier_item, &di), MC_OK);
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
	assert_int_equal(reorgstore_dossier_items(f->db, r2, on_dossier_item, &di), MC_OK);
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

	assert_int_equal(reorgstore_unit_dossiers(f->db, SP1, on_unit_dossier, &ud), MC_OK);
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
	assert_int_equal(reorgstore_unit_dossiers(f->db, SP2, on_unit_dossier, &ud), MC_OK);
	assert_int_equal(ud.n, 1);
	assert_int_equal(ud.id[0], c);
	ud.n = 0;
	assert_int_equal(reorgstore_unit_dossiers(f->db, PC1, on_unit_dossier, &ud), MC_OK);
	assert_int_equal(ud.n, 0);

	memset(&one, 0x5a, sizeof(one));
	assert_int_equal(reorgstore_dossier_by_code(f->db, SP2 "-261126-0001", &one), MC_OK);
	assert_int_equal(one.id, c);
	assert_null(one.code);
	assert_null(one.status);
	assert_null(one.procedure_name);
	assert_int_equal(one.submitted_at, 3000);
	assert_int_equal(one.received_at, 3010);
	assert_int_equal(one.due_at, 8000);
	assert_int_equal(reorgstore_dossier_by_code(f->db, SP2 "-261126-0002", &one), MC_ENOTFOUND);

	/* Events, oldest first, up to a last id. */
	struct dossier_event e1 = {1000, "receive", "hang.nguyen", SP1, NULL, "received", "{}", NULL, false};
	struct dossier_event e2 = {1100, "note", "an.le", NULL, "received", "received", "ghi chú", NULL, false};
	struct dossier_event e3 = {1200, "assign", "an.le", PC1, "received", "processing", "{}", NULL, false};
	assert_int_equal(dstore_add_event(f->db, a, &e1), MC_OK);
	assert_int_equal(dstore_add_event(f->db, b, &e1), MC_OK);
	assert_int_equal(dstore_add_event(f->db, a, &e2), MC_OK);
	assert_int_equal(dstore_add_event(f->db, a, &e3), MC_OK);

	struct events ev = {0};
	assert_int_equal(reorgstore_dossier_events(f->db, a, INT64_MAX, on_event, &ev), MC_OK);
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
	assert_int_equal(reorgstore_dossier_events(f->db, a, second, on_event, &ev), MC_OK);
	assert_int_equal(ev.n, 2);
	assert_int_equal(ev.id[1], second);
	ev.n = 0;
	assert_int_equal(reorgstore_dossier_events(f->db, b, INT64_MAX, on_event, &ev), MC_OK);
	assert_int_equal(ev.n, 1);
	assert_string_equal(ev.text[0], "receive|hang.nguyen|" SP1 "|NULL|received|{}");
	ev.n = 0;
	assert_int_equal(reorgstore_dossier_events(f->db, c, INT64_MAX, on_event, &ev), MC_OK);
	assert_int_equal(ev.n, 0);
}

static void test_open_parent_since(void **state)
{
	struct fixture *f = *state;
	int64_t since = -1;
	/* Units were inserted valid from 10; roots have an open interval too. */
	assert_int_equal(reorgstore_open_parent_since(f->db, SP1, &since), MC_OK);
	assert_int_equal(since, 10);
	assert_int_equal(reorgstore_open_parent_since(f->db, PC1, &since), MC_OK);
	assert_int_equal(since, 10);
	assert_int_equal(unitstore_move(f->db, SP1, BR1, 5000), MC_OK);
	assert_int_equal(reorgstore_open_parent_since(f->db, SP1, &since), MC_OK);
	assert_int_equal(since, 5000);
	since = -1;
	assert_int_equal(reorgstore_open_parent_since(f->db, "999.99.99.H26", &since), MC_ENOTFOUND);
	assert_int_equal(since, -1);
}

#define T(name) cmocka_unit_test_setup_teardown(name, register_rows_setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_reorg_round_trip),
		T(test_handovers),
		T(test_snapshot),
		T(test_dossier_items),
		T(test_unit_dossiers_and_events),
		T(test_open_parent_since),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
