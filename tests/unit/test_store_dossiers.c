/* Tests of the dossier tables (store/dossier_store.h) on a real database in a fresh temporary
 * directory: daily numbers, the round trip of every field, optimistic versions, component merges,
 * history events, idempotency keys and the officers' report cells. The lists are in
 * test_store_dossier_lists.c. */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "db_fixture.h"
#include "dossier_rows.h"

#include "base/arena.h"
#include "store/db.h"
#include "store/dossier_store.h"
#include "store/name_words_store.h"

static void set_component(struct dossier_component *c, const char *id, bool provided,
			  const char *document)
{
	memset(c, 0, sizeof(*c));
	SET(c->id, id);
	c->provided = provided;
	c->document = document;
}

static void test_next_number(void **state)
{
	struct fixture *f = *state;
	int64_t n = -1;
	static const struct {
		const char *unit, *day;
		int64_t want;
	} seq[] = {
		{SP1, "261126", 1}, {SP1, "261126", 2}, {SP1, "261126", 3}, {SP1, "261127", 1},
		{SP2, "261126", 1}, {SP1, "261127", 2}, {SP1, "261126", 4}, {SP2, "261126", 2},
		{PC1, "261126", 1}, {SP2, "261127", 1},
	};
	assert_int_equal(db_begin_write(f->db), MC_OK);
	for (size_t i = 0; i < MC_ARRAY_LEN(seq); i++) {
		assert_int_equal(dstore_next_number(f->db, seq[i].unit, seq[i].day, &n), MC_OK);
		assert_int_equal(n, seq[i].want);
	}
	assert_int_equal(db_commit(f->db), MC_OK);

	/* A number taken in a rolled-back transaction is handed out again. */
	assert_int_equal(db_begin_write(f->db), MC_OK);
	assert_int_equal(dstore_next_number(f->db, SP1, "261126", &n), MC_OK);
	assert_int_equal(n, 5);
	db_rollback(f->db);
	assert_int_equal(db_begin_write(f->db), MC_OK);
	assert_int_equal(dstore_next_number(f->db, SP1, "261126", &n), MC_OK);
	assert_int_equal(n, 5);
	assert_int_equal(db_commit(f->db), MC_OK);
}

/* Two steps and three components; every optional text set. */
static void full_dossier(struct dossier *d)
{
	base_dossier(d, SP1 "-261126-0001", "received");
	SET(d->procedure_code, "P0000002");
	d->procedure_version = 7;
	d->procedure_name = "Chứng thực bản sao từ bản chính";
	SET(d->applicant_kind, "organization");
	d->applicant_name = "Công ty TNHH Một thành viên Hà Nội";
	SET(d->applicant_id, "0101234567");
	d->applicant_phone = "0912345678";
	d->applicant_email = "hang@example.vn";
	d->applicant_address = "Số 1 Tràng Tiền, Hoàn Kiếm";
	SET(d->channel, "post");
	SET(d->served_unit, SP2);
	SET(d->return_unit, SP2);
	SET(d->return_channel, "post");
	d->duration.value = 3;
	SET(d->duration.unit, "calendar_days");
	d->submitted_at = 1764000000;
	d->received_at = 1764000100;
	d->due_at = 1764300000;
	SET(d->tracking_secret, "K7MZQ2PX");
	d->calendar_versions = "{\"2026\":3}";
	d->created_by = "minh.tran";
	d->nsteps = 2;
	set_step(&d->steps[0], 1, "Thẩm định", PC1, "officer");
	d->steps[0].started_at = 1764000200;
	d->steps[0].due_at = 1764100000;
	d->steps[0].done_at = 1764050000;
	d->steps[0].done_by = "lan.pham";
	SET(d->steps[0].timeliness, "early");
	d->steps[0].paused_seconds = 600;
	set_step(&d->steps[1], 2, "Phê duyệt", PC1, "approver");
	d->ncomponents = 3;
	set_component(&d->components[0], "c2", true, "doc-2");
	set_component(&d->components[1], "c1", false, NULL);
	set_component(&d->components[2], "c3", true, NULL);
	d->components[1].needed = true;
	d->components[2].needed = true;
}

static void expect_same_step(const struct dossier_step *got, const struct dossier_step *want)
{
	assert_int_equal(got->idx, want->idx);
	assert_string_equal(got->name, want->name);
	assert_string_equal(got->unit, want->unit);
	assert_string_equal(got->role, want->role);
	assert_int_equal(got->duration.value, want->duration.value);
	assert_string_equal(got->duration.unit, want->duration.unit);
	assert_int_equal(got->started_at, want->started_at);
	assert_int_equal(got->due_at, want->due_at);
	assert_int_equal(got->done_at, want->done_at);
	if (want->done_by)
		assert_string_equal(got->done_by, want->done_by);
	else
		assert_null(got->done_by);
	assert_string_equal(got->timeliness, want->timeliness);
	assert_int_equal(got->paused_seconds, want->paused_seconds);
}

static void test_insert_get_round_trip(void **state)
{
	struct fixture *f = *state;
	struct dossier *d = arena_alloc(&f->arena, sizeof(*d));
	struct dossier *g = arena_alloc(&f->arena, sizeof(*g));
	full_dossier(d);
	insert(f->db, d, "cong ty tnhh mot thanh vien ha noi");
	memset(g, 0x55, sizeof(*g));
	assert_int_equal(dstore_get(f->db, &f->arena, d->code, g), MC_OK);

	assert_int_equal(g->id, d->id);
	assert_string_equal(g->code, "001.01.50.H26-261126-0001");
	assert_int_equal(g->status, DS_RECEIVED);
	assert_string_equal(g->procedure_code, "P0000002");
	assert_int_equal(g->procedure_version, 7);
	assert_string_equal(g->procedure_name, "Chứng thực bản sao từ bản chính");
	assert_string_equal(g->applicant_kind, "organization");
	assert_string_equal(g->applicant_name, "Công ty TNHH Một thành viên Hà Nội");
	assert_string_equal(g->applicant_id, "0101234567");
	assert_string_equal(g->applicant_phone, "0912345678");
	assert_string_equal(g->applicant_email, "hang@example.vn");
	assert_string_equal(g->applicant_address, "Số 1 Tràng Tiền, Hoàn Kiếm");
	assert_string_equal(g->channel, "post");
	assert_string_equal(g->receiving_unit, SP1);
	assert_string_equal(g->served_unit, SP2);
	assert_string_equal(g->resolver_unit, PC1);
	assert_string_equal(g->return_unit, SP2);
	assert_string_equal(g->return_channel, "post");
	assert_int_equal(g->duration.value, 3);
	assert_string_equal(g->duration.unit, "calendar_days");
	assert_int_equal(g->submitted_at, 1764000000);
	assert_int_equal(g->received_at, 1764000100);
	assert_int_equal(g->due_at, 1764300000);
	assert_string_equal(g->tracking_secret, "K7MZQ2PX");
	assert_string_equal(g->calendar_versions, "{\"2026\":3}");
	assert_string_equal(g->created_by, "minh.tran");
	assert_int_equal(g->version, 1);

	/* Fields that only updates write start empty. */
	assert_int_equal(g->paused_since, 0);
	assert_int_equal(g->paused_seconds, 0);
	assert_int_equal(g->supplement_requests, 0);
	assert_int_equal(g->extended_due_at, 0);
	assert_null(g->extended_reason);
	assert_int_equal(g->current_step, 0);
	assert_int_equal(g->decided_at, 0);
	assert_string_equal(g->decision, "");
	assert_null(g->decision_reason);
	assert_null(g->result_number);
	assert_null(g->result_title);
	assert_null(g->result_document);
	assert_string_equal(g->timeliness, "");
	assert_int_equal(g->returned_at, 0);
	assert_string_equal(g->returned_channel, "");
	assert_string_equal(g->returned_unit, "");
	assert_null(g->closed_reason);
	assert_string_equal(g->rating, "");
	assert_null(g->rating_comment);
	assert_int_equal(g->rated_at, 0);

	assert_int_equal(g->nsteps, 2);
	expect_same_step(&g->steps[0], &d->steps[0]);
	expect_same_step(&g->steps[1], &d->steps[1]);
	assert_int_equal(g->steps[1].started_at, 0);
	assert_null(g->steps[1].done_by);
	assert_string_equal(g->steps[1].timeliness, "");

	/* Components come back sorted by id. */
	assert_int_equal(g->ncomponents, 3);
	assert_string_equal(g->components[0].id, "c1");
	assert_false(g->components[0].provided);
	assert_true(g->components[0].needed);
	assert_null(g->components[0].document);
	assert_string_equal(g->components[1].id, "c2");
	assert_true(g->components[1].provided);
	assert_false(g->components[1].needed);
	assert_string_equal(g->components[1].document, "doc-2");
	assert_string_equal(g->components[2].id, "c3");
	assert_true(g->components[2].provided);
	assert_true(g->components[2].needed);
	assert_null(g->components[2].document);

	assert_int_equal(dstore_get(f->db, &f->arena, "001.01.50.H26-261126-0002", g), MC_ENOTFOUND);
	assert_int_equal(dstore_get(f->db, &f->arena, "", g), MC_ENOTFOUND);
}

/* Absent optional values: NULL texts, empty phone as NULL, 0 times, "{}" calendar versions. */
static void test_insert_optional_empty(void **state)
{
	struct fixture *f = *state;
	struct dossier *d = arena_alloc(&f->arena, sizeof(*d));
	struct dossier *g = arena_alloc(&f->arena, sizeof(*g));
	base_dossier(d, SP1 "-261126-0001", "submitted");
	d->applicant_phone = ""; /* stored as NULL */
	d->applicant_email = NULL;
	d->applicant_address = "";
	SET(d->channel, "online");
	insert(f->db, d, "nguyen thi hang");
	memset(g, 0x55, sizeof(*g));
	assert_int_equal(dstore_get(f->db, &f->arena, d->code, g), MC_OK);
	assert_null(g->applicant_phone);
	assert_null(g->applicant_email);
	assert_null(g->applicant_address);
	assert_int_equal(g->received_at, 0);
	assert_int_equal(g->due_at, 0);
	assert_string_equal(g->calendar_versions, "{}");
	assert_int_equal(g->nsteps, 0);
	assert_int_equal(g->ncomponents, 0);
	assert_string_equal(g->channel, "online");
	assert_int_equal(g->submitted_at, 1000);

	/* The code is unique. */
	struct dossier *e = arena_alloc(&f->arena, sizeof(*e));
	base_dossier(e, SP1 "-261126-0001", "submitted");
	assert_int_equal(dstore_insert(f->db, e, "x"), MC_ECONFLICT);
	/* Every unit is a foreign key. */
	base_dossier(e, SP1 "-261126-0002", "submitted");
	SET(e->resolver_unit, "NOPE");
	assert_int_equal(db_begin_write(f->db), MC_OK);
	assert_int_equal(dstore_insert(f->db, e, "x"), MC_ECONFLICT);
	db_rollback(f->db);
	assert_int_equal(dstore_get(f->db, &f->arena, SP1 "-261126-0002", g), MC_ENOTFOUND);
}

/* More steps, components and units than one statement takes (store/dossier_store.c writes them
 * several rows to a statement, at most DB_PARAMS_MAX values): every row arrives, in its place. */
static void test_insert_many_rows(void **state)
{
	struct fixture *f = *state;
	struct dossier *d = arena_alloc(&f->arena, sizeof(*d));
	struct dossier *g = arena_alloc(&f->arena, sizeof(*g));
	static const char *const units[] = {PC1, SP1, SP2};
	static char names[PROC_MAX_STEPS][32], ids[DOSSIER_MAX_COMPONENTS][24];
	base_dossier(d, SP1 "-261126-0001", "received");
	d->received_at = 1100;
	d->nsteps = 10;
	for (size_t i = 0; i < d->nsteps; i++) {
		snprintf(names[i], sizeof(names[i]), "Bước %zu", i + 1);
		set_step(&d->steps[i], (int64_t)i + 1, names[i], units[i % 3], "officer");
		d->steps[i].due_at = 2000 + (int64_t)i;
		d->steps[i].paused_seconds = (int64_t)i * 60;
	}
	d->ncomponents = 21;
	for (size_t i = 0; i < d->ncomponents; i++) {
		snprintf(ids[i], sizeof(ids[i]), "c%02zu", i + 1);
		set_component(&d->components[i], ids[i], i % 2 == 0, NULL);
		d->components[i].needed = i % 3 == 0;
	}
	insert(f->db, d, "nguyen thi hang");
	memset(g, 0x55, sizeof(*g));
	assert_int_equal(dstore_get(f->db, &f->arena, d->code, g), MC_OK);
	assert_int_equal(g->nsteps, 10);
	for (size_t i = 0; i < 10; i++)
		expect_same_step(&g->steps[i], &d->steps[i]);
	assert_int_equal(g->ncomponents, 21);
	for (size_t i = 0; i < 21; i++) {
		assert_string_equal(g->components[i].id, ids[i]);
		assert_int_equal(g->components[i].provided, i % 2 == 0);
		assert_int_equal(g->components[i].needed, i % 3 == 0);
	}
	struct db_stmt *st = db_prepare(
		f->db, "SELECT group_concat(unit, ',') FROM (SELECT unit FROM dossier_units "
		       "WHERE dossier_id = $1 ORDER BY unit)");
	assert_non_null(st);
	db_bind_int(st, 1, d->id);
	assert_int_equal(db_step_one(st), MC_OK);
	assert_string_equal(db_col_text(st, 0), PC1 "," SP1 "," SP2);
	assert_int_equal(db_run(st), MC_OK);
}

/* Intake's components are written counted (migration 0042: the dossier's undigitized, computed
 * from them, includes them; since 0046 no insert trigger counts papers at all); a paper added
 * later is not needed, and scanning a needed one counts it off (the update trigger). */
static void test_components_counted(void **state)
{
	struct fixture *f = *state;
	struct dossier *d = arena_alloc(&f->arena, sizeof(*d));
	base_dossier(d, SP1 "-261126-0001", "received");
	d->received_at = 1100;
	d->ncomponents = 3;
	set_component(&d->components[0], "tp01", true, NULL);
	set_component(&d->components[1], "tp02", false, NULL);
	set_component(&d->components[2], "tp03", true, "sha256:ab");
	d->components[0].needed = d->components[1].needed = d->components[2].needed = true;
	insert(f->db, d, "nguyen thi hang");
	struct db_stmt *st = db_prepare(
		f->db, "SELECT (SELECT undigitized FROM dossiers WHERE id = $1), (SELECT "
		       "group_concat(component_id || ':' || counted, ',') FROM (SELECT component_id, "
		       "counted FROM dossier_components WHERE dossier_id = $1 ORDER BY component_id))");
	db_bind_int(st, 1, d->id);
	assert_int_equal(db_step_one(st), MC_OK);
	assert_int_equal(db_col_int(st, 0), 2);
	assert_string_equal(db_col_text(st, 1), "tp01:1,tp02:1,tp03:1");
	assert_int_equal(db_run(st), MC_OK);
	/* A paper added later (dstore_set_components writes it not needed) counts nothing; a needed
	 * paper scanned since (the update trigger) leaves one to scan: tp02. */
	struct dossier_component later[2];
	set_component(&later[0], "tp04", false, NULL);
	set_component(&later[1], "tp01", true, "sha256:ef");
	assert_int_equal(dstore_set_components(f->db, d->id, later, 2), MC_OK);
	st = db_prepare(f->db, "SELECT undigitized FROM dossiers WHERE id = $1");
	db_bind_int(st, 1, d->id);
	assert_int_equal(db_step_one(st), MC_OK);
	assert_int_equal(db_col_int(st, 0), 1);
	assert_int_equal(db_run(st), MC_OK);
}

/* A new dossier's name postings (migration 0044: written by the store, no longer a trigger; on
 * SQLite behind intake since 0049, nwstore_catch_up writing them now): each distinct non-empty
 * word of the search key split at single spaces, with the key between spaces; more words than
 * one statement holds. */
static void test_name_words(void **state)
{
	struct fixture *f = *state;
	struct dossier *d = arena_alloc(&f->arena, sizeof(*d));
	base_dossier(d, SP1 "-261126-0001", "received");
	insert(f->db, d, "nguyen thi  nguyen hang ");
	struct db_stmt *st = db_prepare(f->db, "SELECT count(*) FROM dossier_name_words");
	assert_int_equal(db_step_one(st), MC_OK);
	assert_int_equal(db_col_int(st, 0), 0); /* not yet: the 512th dossier writes them */
	assert_int_equal(db_run(st), MC_OK);
	assert_int_equal(nwstore_catch_up(f->db), MC_OK);
	st = db_prepare(
		f->db, "SELECT group_concat(word || '|' || name_key, ',') FROM (SELECT word, name_key FROM "
		       "dossier_name_words WHERE dossier_id = $1 ORDER BY word)");
	db_bind_int(st, 1, d->id);
	assert_int_equal(db_step_one(st), MC_OK);
	assert_string_equal(db_col_text(st, 0), "hang| nguyen thi  nguyen hang  ,"
						"nguyen| nguyen thi  nguyen hang  ,"
						"thi| nguyen thi  nguyen hang  ");
	assert_int_equal(db_run(st), MC_OK);
	struct dossier *e = arena_alloc(&f->arena, sizeof(*e));
	base_dossier(e, SP1 "-261126-0002", "received");
	insert(f->db, e, "a b c d e f g h i j k l m n o p q r s t a b");
	assert_int_equal(nwstore_catch_up(f->db), MC_OK);
	st = db_prepare(f->db, "SELECT count(*), group_concat(word, '') FROM (SELECT word FROM "
			       "dossier_name_words WHERE dossier_id = $1 ORDER BY word)");
	db_bind_int(st, 1, e->id);
	assert_int_equal(db_step_one(st), MC_OK);
	assert_int_equal(db_col_int(st, 0), 20);
	assert_string_equal(db_col_text(st, 1), "abcdefghijklmnopqrst");
	assert_int_equal(db_run(st), MC_OK);
}

static void test_update_versions(void **state)
{
	struct fixture *f = *state;
	struct dossier *d = arena_alloc(&f->arena, sizeof(*d));
	struct dossier *g = arena_alloc(&f->arena, sizeof(*g));
	struct dossier *stale = arena_alloc(&f->arena, sizeof(*stale));
	full_dossier(d);
	insert(f->db, d, "key");
	assert_int_equal(dstore_get(f->db, &f->arena, d->code, d), MC_OK);
	*stale = *d;

	/* Right version: every mutable field and the steps are written. */
	d->status = DS_READY_FOR_RETURN;
	d->received_at = 1764000111;
	d->due_at = 1764300222;
	d->paused_since = 1764200000;
	d->paused_seconds = 7200;
	d->supplement_requests = 2;
	d->extended_due_at = 1764400000;
	d->extended_reason = "cần xác minh";
	d->current_step = 2;
	d->decided_at = 1764250000;
	SET(d->decision, "approved");
	d->decision_reason = "đủ điều kiện";
	d->result_number = "123/QĐ-UBND";
	d->result_title = "Quyết định";
	d->result_document = "doc-result";
	SET(d->timeliness, "late");
	d->returned_at = 1764260000;
	SET(d->returned_channel, "counter");
	SET(d->returned_unit, SP1);
	d->closed_reason = "đã trả";
	d->calendar_versions = "{\"2026\":4}";
	SET(d->rating, "satisfied");
	d->rating_comment = "nhanh";
	d->rated_at = 1764270000;
	d->steps[1].started_at = 1764050000;
	d->steps[1].due_at = 1764150000;
	d->steps[1].done_at = 1764250000;
	d->steps[1].done_by = "an.le";
	SET(d->steps[1].timeliness, "on_time");
	d->steps[1].paused_seconds = 7200;
	d->steps[0].paused_seconds = 0;
	/* Not mutable: ignored by the update. */
	d->applicant_name = "Someone else";
	SET(d->receiving_unit, SP2);
	d->steps[1].name = "Other";
	assert_int_equal(dstore_update(f->db, d), MC_OK);
	assert_int_equal(d->version, 2);

	memset(g, 0, sizeof(*g));
	assert_int_equal(dstore_get(f->db, &f->arena, d->code, g), MC_OK);
	assert_int_equal(g->version, 2);
	assert_int_equal(g->status, DS_READY_FOR_RETURN);
	assert_int_equal(g->received_at, 1764000111);
	assert_int_equal(g->due_at, 1764300222);
	assert_int_equal(g->paused_since, 1764200000);
	assert_int_equal(g->paused_seconds, 7200);
	assert_int_equal(g->supplement_requests, 2);
	assert_int_equal(g->extended_due_at, 1764400000);
	assert_string_equal(g->extended_reason, "cần xác minh");
	assert_int_equal(g->current_step, 2);
	assert_int_equal(g->decided_at, 1764250000);
	assert_string_equal(g->decision, "approved");
	assert_string_equal(g->decision_reason, "đủ điều kiện");
	assert_string_equal(g->result_number, "123/QĐ-UBND");
	assert_string_equal(g->result_title, "Quyết định");
	assert_string_equal(g->result_document, "doc-result");
	assert_string_equal(g->timeliness, "late");
	assert_int_equal(g->returned_at, 1764260000);
	assert_string_equal(g->returned_channel, "counter");
	assert_string_equal(g->returned_unit, SP1);
	assert_string_equal(g->closed_reason, "đã trả");
	assert_string_equal(g->calendar_versions, "{\"2026\":4}");
	assert_string_equal(g->rating, "satisfied");
	assert_string_equal(g->rating_comment, "nhanh");
	assert_int_equal(g->rated_at, 1764270000);
	assert_string_equal(g->applicant_name, "Công ty TNHH Một thành viên Hà Nội");
	assert_string_equal(g->receiving_unit, SP1);
	assert_int_equal(g->nsteps, 2);
	assert_int_equal(g->steps[0].paused_seconds, 0);
	assert_int_equal(g->steps[0].done_at, 1764050000);
	assert_string_equal(g->steps[1].name, "Phê duyệt");
	assert_int_equal(g->steps[1].started_at, 1764050000);
	assert_int_equal(g->steps[1].due_at, 1764150000);
	assert_int_equal(g->steps[1].done_at, 1764250000);
	assert_string_equal(g->steps[1].done_by, "an.le");
	assert_string_equal(g->steps[1].timeliness, "on_time");
	assert_int_equal(g->steps[1].paused_seconds, 7200);

	/* Stale version: MC_ECONFLICT, nothing written, the caller's version unchanged. */
	stale->status = DS_STOPPED;
	stale->closed_reason = "stale";
	stale->steps[0].done_by = "stale";
	stale->steps[1].done_at = 1;
	assert_int_equal(dstore_update(f->db, stale), MC_ECONFLICT);
	assert_int_equal(stale->version, 1);
	memset(g, 0, sizeof(*g));
	assert_int_equal(dstore_get(f->db, &f->arena, d->code, g), MC_OK);
	assert_int_equal(g->version, 2);
	assert_int_equal(g->status, DS_READY_FOR_RETURN);
	assert_string_equal(g->closed_reason, "đã trả");
	assert_string_equal(g->steps[0].done_by, "lan.pham");
	assert_int_equal(g->steps[1].done_at, 1764250000);

	/* A version ahead of the stored one is stale too; so is an unknown id. */
	stale->version = 3;
	assert_int_equal(dstore_update(f->db, stale), MC_ECONFLICT);
	assert_int_equal(stale->version, 3);
	stale->id = d->id + 100;
	stale->version = 2;
	assert_int_equal(dstore_update(f->db, stale), MC_ECONFLICT);

	/* Clearing: zeros and empty strings go back to NULL. */
	d->paused_since = 0;
	d->extended_due_at = 0;
	d->extended_reason = NULL;
	SET(d->decision, "");
	SET(d->timeliness, "");
	SET(d->returned_channel, "");
	SET(d->rating, "");
	d->steps[1].done_at = 0;
	d->steps[1].done_by = NULL;
	SET(d->steps[1].timeliness, "");
	d->calendar_versions = NULL;
	assert_int_equal(dstore_update(f->db, d), MC_OK);
	assert_int_equal(d->version, 3);
	memset(g, 0x55, sizeof(*g));
	assert_int_equal(dstore_get(f->db, &f->arena, d->code, g), MC_OK);
	assert_int_equal(g->version, 3);
	assert_int_equal(g->paused_since, 0);
	assert_int_equal(g->extended_due_at, 0);
	assert_null(g->extended_reason);
	assert_string_equal(g->decision, "");
	assert_string_equal(g->timeliness, "");
	assert_string_equal(g->returned_channel, "");
	assert_string_equal(g->rating, "");
	assert_int_equal(g->steps[1].done_at, 0);
	assert_null(g->steps[1].done_by);
	assert_string_equal(g->steps[1].timeliness, "");
	assert_string_equal(g->calendar_versions, "{}");
}

static void test_set_components(void **state)
{
	struct fixture *f = *state;
	struct dossier *d = arena_alloc(&f->arena, sizeof(*d));
	struct dossier *other = arena_alloc(&f->arena, sizeof(*other));
	struct dossier *g = arena_alloc(&f->arena, sizeof(*g));
	base_dossier(d, SP1 "-261126-0001", "processing");
	d->ncomponents = 4;
	set_component(&d->components[0], "c1", false, NULL);
	set_component(&d->components[1], "c2", true, "doc-2");
	set_component(&d->components[2], "c3", false, "doc-3");
	set_component(&d->components[3], "c5", false, NULL);
	d->components[0].needed = true;
	insert(f->db, d, "k");
	base_dossier(other, SP1 "-261126-0002", "processing");
	other->ncomponents = 1;
	set_component(&other->components[0], "c1", false, NULL);
	insert(f->db, other, "k");

	struct dossier_component c[4];
	set_component(&c[0], "c1", true, "doc-1");  /* false → true, document set */
	set_component(&c[1], "c2", false, NULL);    /* true stays true, document kept */
	set_component(&c[2], "c3", false, NULL);    /* false stays false, document kept */
	set_component(&c[3], "c4", true, "doc-4");  /* not in the dossier: added */
	c[1].needed = true; /* needed is not the caller's to change: ignored */
	c[3].needed = true;
	assert_int_equal(dstore_set_components(f->db, d->id, c, 4), MC_OK);
	assert_int_equal(dstore_set_components(f->db, d->id, c, 0), MC_OK);

	assert_int_equal(dstore_get(f->db, &f->arena, d->code, g), MC_OK);
	assert_int_equal(g->ncomponents, 5);
	assert_string_equal(g->components[0].id, "c1");
	assert_true(g->components[0].provided);
	assert_string_equal(g->components[0].document, "doc-1");
	assert_true(g->components[0].needed); /* kept */
	assert_string_equal(g->components[1].id, "c2");
	assert_false(g->components[1].needed);
	assert_true(g->components[1].provided);
	assert_string_equal(g->components[1].document, "doc-2");
	assert_string_equal(g->components[2].id, "c3");
	assert_false(g->components[2].provided);
	assert_string_equal(g->components[2].document, "doc-3");
	assert_string_equal(g->components[3].id, "c4");
	assert_true(g->components[3].provided);
	assert_string_equal(g->components[3].document, "doc-4");
	/* A component added here is never "needed" (the flag given is not stored): callers only
	 * pass the dossier's own components. */
	assert_false(g->components[3].needed);
	assert_string_equal(g->components[4].id, "c5"); /* not in the list: untouched */
	assert_false(g->components[4].provided);
	assert_null(g->components[4].document);

	/* A new document replaces the old one. */
	set_component(&c[0], "c2", false, "doc-2b");
	assert_int_equal(dstore_set_components(f->db, d->id, c, 1), MC_OK);
	assert_int_equal(dstore_get(f->db, &f->arena, d->code, g), MC_OK);
	assert_true(g->components[1].provided);
	assert_string_equal(g->components[1].document, "doc-2b");

	/* The other dossier's c1 did not move. */
	assert_int_equal(dstore_get(f->db, &f->arena, other->code, g), MC_OK);
	assert_int_equal(g->ncomponents, 1);
	assert_false(g->components[0].provided);
	assert_null(g->components[0].document);
}

struct event_log {
	struct {
		int64_t at;
		char action[32], actor[32], unit[32], from[24], to[24], detail[64];
		bool unit_null, from_null, to_null;
	} e[8];
	size_t n;
};

static void copy_text(char *dst, size_t cap, const char *s, bool *was_null)
{
	*was_null = s == NULL;
	snprintf(dst, cap, "%s", s ? s : "");
}

static void collect_event(const struct dossier_event *e, void *arg)
{
	struct event_log *l = arg;
	bool truncated;
	if (l->n == MC_ARRAY_LEN(l->e)) {
		l->n++; /* counted, checked on the test's side */
		return;
	}
	l->e[l->n].at = e->at;
	copy_text(l->e[l->n].action, sizeof(l->e[0].action), e->action, &truncated);
	copy_text(l->e[l->n].actor, sizeof(l->e[0].actor), e->actor, &truncated);
	copy_text(l->e[l->n].unit, sizeof(l->e[0].unit), e->unit, &l->e[l->n].unit_null);
	copy_text(l->e[l->n].from, sizeof(l->e[0].from), e->from_status, &l->e[l->n].from_null);
	copy_text(l->e[l->n].to, sizeof(l->e[0].to), e->to_status, &l->e[l->n].to_null);
	copy_text(l->e[l->n].detail, sizeof(l->e[0].detail), e->detail, &truncated);
	l->n++;
}

static void test_events(void **state)
{
	struct fixture *f = *state;
	struct dossier *d = arena_alloc(&f->arena, sizeof(*d));
	struct dossier *other = arena_alloc(&f->arena, sizeof(*other));
	base_dossier(d, SP1 "-261126-0001", "received");
	insert(f->db, d, "k");
	base_dossier(other, SP1 "-261126-0002", "received");
	insert(f->db, other, "k");

	struct event_log log = {.n = 0};
	assert_int_equal(dstore_events(f->db, d->id, collect_event, &log), MC_OK);
	assert_int_equal(log.n, 0);

	/* Kept in the order added, whatever their times. */
	struct dossier_event e1 = {.at = 3000, .action = "intake", .actor = "hang.nguyen",
				   .unit = SP1, .from_status = NULL, .to_status = "received",
				   .detail = "{\"channel\":\"counter\"}"};
	struct dossier_event e2 = {.at = 1000, .action = "transfer", .actor = "hang.nguyen",
				   .unit = "", .from_status = "received", .to_status = "processing",
				   .detail = NULL};
	struct dossier_event e3 = {.at = 2000, .action = "recompute_due", .actor = "system",
				   .unit = PC1, .from_status = "processing",
				   .to_status = "processing", .detail = "{}"};
	struct dossier_event ex = {.at = 1500, .action = "intake", .actor = "x", .unit = SP2,
				   .to_status = "received"};
	assert_int_equal(dstore_add_event(f->db, d->id, &e1), MC_OK);
	assert_int_equal(dstore_add_event(f->db, other->id, &ex), MC_OK);
	assert_int_equal(dstore_add_event(f->db, d->id, &e2), MC_OK);
	assert_int_equal(dstore_add_event(f->db, d->id, &e3), MC_OK);

	assert_int_equal(dstore_events(f->db, d->id, collect_event, &log), MC_OK);
	assert_int_equal(log.n, 3);
	assert_int_equal(log.e[0].at, 3000);
	assert_string_equal(log.e[0].action, "intake");
	assert_string_equal(log.e[0].actor, "hang.nguyen");
	assert_string_equal(log.e[0].unit, SP1);
	assert_true(log.e[0].from_null);
	assert_string_equal(log.e[0].to, "received");
	assert_string_equal(log.e[0].detail, "{\"channel\":\"counter\"}");
	assert_int_equal(log.e[1].at, 1000);
	assert_string_equal(log.e[1].action, "transfer");
	assert_true(log.e[1].unit_null); /* "" is stored as NULL */
	assert_string_equal(log.e[1].from, "received");
	assert_string_equal(log.e[1].to, "processing");
	assert_string_equal(log.e[1].detail, "{}"); /* NULL detail is "{}" */
	assert_int_equal(log.e[2].at, 2000);
	assert_string_equal(log.e[2].action, "recompute_due");
	assert_string_equal(log.e[2].actor, "system");
	assert_string_equal(log.e[2].unit, PC1);
	assert_false(log.e[2].from_null);
	assert_string_equal(log.e[2].from, "processing");

	log.n = 0;
	assert_int_equal(dstore_events(f->db, other->id, collect_event, &log), MC_OK);
	assert_int_equal(log.n, 1);
	assert_string_equal(log.e[0].actor, "x");
	assert_string_equal(log.e[0].detail, "{}");
	log.n = 0;
	assert_int_equal(dstore_events(f->db, other->id + 100, collect_event, &log), MC_OK);
	assert_int_equal(log.n, 0);
}

static void test_idempotency(void **state)
{
	struct fixture *f = *state;
	unsigned char h1[32], h2[32], got[32];
	int status = -1;
	const char *body = NULL;
	memset(h1, 0xa1, sizeof(h1));
	memset(h2, 0xb2, sizeof(h2));
	assert_int_equal(dstore_idem_get(f->db, &f->arena, 7, "key-1", 0, got, &status, &body),
			 MC_ENOTFOUND);
	assert_int_equal(dstore_idem_put(f->db, 7, "key-1", h1, 201, "CODE-1", 1000), MC_OK);

	memset(got, 0, sizeof(got));
	assert_int_equal(dstore_idem_get(f->db, &f->arena, 7, "key-1", 999, got, &status, &body),
			 MC_OK);
	assert_memory_equal(got, h1, 32);
	assert_int_equal(status, 201);
	assert_string_equal(body, "CODE-1");
	/* The cut-off is strict: a key created at `since` is too old. */
	assert_int_equal(dstore_idem_get(f->db, &f->arena, 7, "key-1", 1000, got, &status, &body),
			 MC_ENOTFOUND);
	assert_int_equal(dstore_idem_get(f->db, &f->arena, 7, "key-1", 5000, got, &status, &body),
			 MC_ENOTFOUND);
	/* Per user and key. */
	assert_int_equal(dstore_idem_get(f->db, &f->arena, 8, "key-1", 0, got, &status, &body),
			 MC_ENOTFOUND);
	assert_int_equal(dstore_idem_get(f->db, &f->arena, 7, "key-2", 0, got, &status, &body),
			 MC_ENOTFOUND);
	assert_int_equal(dstore_idem_get(f->db, &f->arena, 7, "KEY-1", 0, got, &status, &body),
			 MC_ENOTFOUND);

	/* Another user may use the same key. */
	assert_int_equal(dstore_idem_put(f->db, 8, "key-1", h2, 409, "{\"title\":\"x\"}", 1100),
			 MC_OK);
	assert_int_equal(dstore_idem_get(f->db, &f->arena, 8, "key-1", 0, got, &status, &body),
			 MC_OK);
	assert_memory_equal(got, h2, 32);
	assert_int_equal(status, 409);
	assert_string_equal(body, "{\"title\":\"x\"}");
	assert_int_equal(dstore_idem_get(f->db, &f->arena, 7, "key-1", 0, got, &status, &body),
			 MC_OK);
	assert_memory_equal(got, h1, 32);

	/* Putting the same key again replaces the answer and its time. */
	assert_int_equal(dstore_idem_put(f->db, 7, "key-1", h2, 201, "CODE-2", 2000), MC_OK);
	assert_int_equal(dstore_idem_get(f->db, &f->arena, 7, "key-1", 1500, got, &status, &body),
			 MC_OK);
	assert_memory_equal(got, h2, 32);
	assert_int_equal(status, 201);
	assert_string_equal(body, "CODE-2");
	assert_int_equal(dstore_idem_get(f->db, &f->arena, 7, "key-1", 2000, got, &status, &body),
			 MC_ENOTFOUND);
}

/* An officer's figures (migration 0017) as the cells hold them: received, decided, returned,
 * stopped/refused, processed, summed over all days. */
static void officer_cells(struct db *db, const char *key, int64_t out[6])
{
	static const char sql[] =
		"SELECT coalesce(sum(recv_counter + recv_online + recv_post), 0), "
		"coalesce(sum(early + on_time + late), 0), coalesce(sum(returned), 0), "
		"coalesce(sum(stopped + refused), 0), coalesce(sum(processed), 0), "
		"(SELECT count(*) FROM report_keys WHERE kind = 'officer' AND key = $1) "
		"FROM report_cells WHERE kind = 'officer' AND key = $1";
	bool row;
	struct db_stmt *st = db_prepare(db, sql);
	assert_non_null(st);
	db_bind_text(st, 1, key, SIZE_MAX);
	assert_int_equal(db_step(st, &row), MC_OK);
	assert_true(row);
	for (int i = 0; i < 6; i++)
		out[i] = db_col_int(st, i);
	assert_int_equal(db_run(st), MC_OK);
}

static void add_act(struct db *db, struct dossier *d, const char *action, const char *actor)
{
	struct dossier_event e = {.at = d->submitted_at, .action = action, .actor = actor,
				  .unit = SP1, .detail = "{}"};
	assert_int_equal(dstore_add_event(db, d->id, &e), MC_OK);
}

/* Each act counts for whoever the history names, a citizen never (migration 0017). */
static void test_officer_acts(void **state)
{
	struct fixture *f = *state;
	struct dossier *d = arena_alloc(&f->arena, sizeof(*d));
	struct dossier *s = arena_alloc(&f->arena, sizeof(*s));
	int64_t c[6];
	assert_int_equal(db_exec(f->db, "INSERT INTO users (id, username, password_hash, full_name, "
					"created_at) VALUES (901, '001190012345', 'x', 'A', 0), "
					"(902, 'tiepnhan.a', 'x', 'B', 0); INSERT INTO user_roles "
					"VALUES (901, 'citizen', NULL), (902, 'receiver', '" SP1 "');"),
			 MC_OK);
	base_dossier(d, SP1 "-261126-0001", "received");
	d->received_at = 2000;
	set_step(&d->steps[0], 1, "Thẩm định", PC1, "processor");
	set_step(&d->steps[1], 2, "Phê duyệt", PC1, "approver");
	d->nsteps = 2;
	insert(f->db, d, "k");
	add_act(f->db, d, "intake", "tiepnhan.a");
	officer_cells(f->db, "tiepnhan.a", c);
	assert_true(c[0] == 1 && c[5] == 1);
	/* The processor completes step 1, the approver decides on step 2, the receiver returns. */
	d->status = DS_READY_FOR_RETURN;
	d->steps[0].done_at = 3000;
	d->steps[0].done_by = "xuly.a";
	d->steps[1].done_at = 4000;
	d->steps[1].done_by = "lanhdao.a";
	d->decided_at = 4000;
	SET(d->decision, "approved");
	SET(d->timeliness, "early");
	assert_int_equal(dstore_update(f->db, d), MC_OK);
	add_act(f->db, d, "decide", "lanhdao.a");
	d->status = DS_RETURNED;
	d->returned_at = 5000;
	assert_int_equal(dstore_update(f->db, d), MC_OK);
	add_act(f->db, d, "return", "tiepnhan.a");
	officer_cells(f->db, "xuly.a", c);
	assert_true(c[0] == 0 && c[1] == 0 && c[4] == 1 && c[5] == 1);
	officer_cells(f->db, "lanhdao.a", c);
	assert_true(c[1] == 1 && c[4] == 0); /* the approver's step is the decision, not processing */
	officer_cells(f->db, "tiepnhan.a", c);
	assert_true(c[0] == 1 && c[2] == 1 && c[1] == 0);
	/* Stopped by the applicant: nobody's; the citizen is no officer. */
	base_dossier(s, SP1 "-261126-0002", "submitted");
	insert(f->db, s, "k");
	add_act(f->db, s, "submit", "001190012345");
	s->status = DS_STOPPED;
	assert_int_equal(dstore_update(f->db, s), MC_OK);
	add_act(f->db, s, "stop", "001190012345");
	officer_cells(f->db, "001190012345", c);
	assert_true(c[0] == 0 && c[3] == 0 && c[5] == 0);
	/* Deleting the dossier takes every contribution away. */
	assert_int_equal(db_exec(f->db, "DELETE FROM dossier_events; DELETE FROM dossier_units; "
					"DELETE FROM dossier_components; DELETE FROM dossier_steps; "
					"DELETE FROM dossiers;"),
			 MC_OK);
	const char *const who[] = {"tiepnhan.a", "xuly.a", "lanhdao.a"};
	for (size_t i = 0; i < MC_ARRAY_LEN(who); i++) {
		officer_cells(f->db, who[i], c);
		assert_true(c[0] == 0 && c[1] == 0 && c[2] == 0 && c[3] == 0 && c[4] == 0);
	}
}

#define T(name) cmocka_unit_test_setup_teardown(name, dossier_rows_setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_officer_acts),
		T(test_next_number),
		T(test_insert_get_round_trip),
		T(test_insert_optional_empty),
		T(test_insert_many_rows),
		T(test_components_counted),
		T(test_name_words),
		T(test_update_versions),
		T(test_set_components),
		T(test_events),
		T(test_idempotency),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
