/* A new dossier's statistics written by the store at COMMIT (store/report_batch.h, migration
 * 0045) against what 0040's report_insert trigger (and 0043's report_step_insert, dropped by
 * 0046) wrote: the same dossiers are inserted by
 * dstore_insert into one database, in transactions with savepoints rolled back and released, a
 * transaction rolled back and an insert outside any; their committed rows are then copied into a
 * second database that has the old triggers back (their texts from the migrations). The report cells
 * and keys of both must be the same, row for row. */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "db_fixture.h"
#include "dossier_rows.h"

#include "base/embed.h"
#include "store/db.h"
#include "store/dossier_store.h"

/* 2026-11-26 10:00 in Vietnam (UTC+7), and the next midnight there. */
#define T0 INT64_C(1764126000)
#define MIDNIGHT INT64_C(1764176400)

static void load_units(struct db *db)
{
	fixture_unit(db, PC1, "UBND Phường Cửa Nam", "ubnd phuong cua nam", "commune_pc", "phuong", "", 0);
	fixture_unit(db, SP1, "Điểm phục vụ Cửa Nam", "diem phuc vu cua nam", "service_point", "", PC1, 0);
	fixture_unit(db, SP2, "Điểm phục vụ Sóc Sơn", "diem phuc vu soc son", "service_point", "", "", 0);
}

static int setup(void **state)
{
	struct fixture *f = fixture_open("rbatch");
	load_units(f->db);
	*state = f;
	return 0;
}

/* Every row of report_cells and report_keys, in key order, as one text. */
static char *snapshot(struct db *db, struct arena *a)
{
	static const char sql[] =
		"SELECT coalesce((SELECT group_concat(x, char(10)) FROM (SELECT kind || '|' || day || '|' "
		"|| key || '|' || recv_counter || ',' || recv_online || ',' || recv_post || ',' || early || "
		"',' || on_time || ',' || late || ',' || stopped || ',' || refused || ',' || denied || ',' "
		"|| returned || ',' || supplement_requests || ',' || digitized || ',' || scanned_needed || "
		"',' || approved || ',' || electronic || ',' || rated || ',' || satisfied || ',' || "
		"processed AS x FROM report_cells ORDER BY kind, day, key)), '') || char(10) || '--' || "
		"char(10) || coalesce((SELECT group_concat(x, char(10)) FROM (SELECT kind || '|' || key || "
		"'|' || name || '|' || first_at AS x FROM report_keys ORDER BY kind, key)), '')";
	struct db_stmt *st = db_prepare(db, sql);
	assert_non_null(st);
	assert_int_equal(db_step_one(st), MC_OK);
	char *s = arena_strdup(a, db_col_text(st, 0));
	assert_int_equal(db_run(st), MC_OK);
	return s;
}

/* Creates, in the oracle's database, a trigger as a migration's text created it. */
static void old_trigger(struct fixture *o, const char *file, const char *name)
{
	const struct embed_file *m = embed_find(file);
	assert_non_null(m);
	char head[64];
	snprintf(head, sizeof(head), "CREATE TRIGGER %s ", name);
	const char *at = strstr((const char *)m->data, head);
	assert_non_null(at);
	const char *end = strstr(at, "\nEND;");
	assert_non_null(end);
	assert_int_equal(db_exec(o->db, arena_strndup(&o->arena, at, (size_t)(end - at) + 5)), MC_OK);
}

static struct dossier *dossier(struct fixture *f, const char *code, const char *status,
			       const char *channel, int64_t submitted, int64_t received,
			       const char *received_by)
{
	struct dossier *d = arena_alloc(&f->arena, sizeof(*d));
	base_dossier(d, code, status);
	SET(d->channel, channel);
	d->submitted_at = submitted;
	d->received_at = received;
	d->received_by = received_by;
	return d;
}

static void add(struct fixture *f, struct dossier *d)
{
	insert(f->db, d, "nguyen thi hang");
}

static void test_same_as_trigger(void **state)
{
	struct fixture *f = *state;
	char code[32];

	/* One transaction: the same keys several times (one cell each), the day's edge, every
	 * channel, a paper not scanned, submitted only, refused and stopped, a procedure's name that
	 * sorts later, and more cells and keys than one statement takes. */
	assert_int_equal(db_begin_write(f->db), MC_OK);
	struct dossier *d1 = dossier(f, SP1 "-261126-0001", "received", "counter", T0, T0, "tiepnhan.a");
	d1->ncomponents = 1;
	SET(d1->components[0].id, "tp01");
	d1->components[0].provided = true;
	d1->components[0].needed = true;
	add(f, d1);
	struct dossier *d2 = dossier(f, SP1 "-261126-0002", "received", "counter", T0, T0 + 60, "tiepnhan.a");
	d2->procedure_name = "Đăng ký khai sinh (cấp lại)";
	add(f, d2);
	add(f, dossier(f, SP1 "-261126-0003", "submitted", "online", T0 + 5, 0, NULL));
	add(f, dossier(f, SP1 "-261126-0004", "received", "online", T0 + 7, T0 + 100, "tiepnhan.b"));
	struct dossier *d5 = dossier(f, SP2 "-261126-0001", "received", "post", MIDNIGHT - 1, MIDNIGHT, "tiepnhan.a");
	SET(d5->receiving_unit, SP2);
	add(f, d5);
	add(f, dossier(f, SP1 "-261126-0005", "received", "post", MIDNIGHT - 1, MIDNIGHT - 1, "tiepnhan.a"));
	add(f, dossier(f, SP1 "-261126-0006", "refused", "counter", T0 + 200, 0, NULL));
	add(f, dossier(f, SP1 "-261126-0007", "stopped", "counter", T0 + 300, T0 + 300, "tiepnhan.b"));
	/* Steps inserted done: a processor's counts for them (once), an approver's does not. */
	struct dossier *d8 = dossier(f, SP1 "-261126-0008", "processing", "counter", T0, T0, "tiepnhan.a");
	d8->nsteps = 3;
	set_step(&d8->steps[0], 1, "Thẩm định", PC1, "processor");
	d8->steps[0].done_at = T0 + 500;
	d8->steps[0].done_by = "xuly.a";
	set_step(&d8->steps[1], 2, "Thẩm định lại", PC1, "processor");
	set_step(&d8->steps[2], 3, "Phê duyệt", PC1, "approver");
	d8->steps[2].done_at = T0 + 600;
	d8->steps[2].done_by = "lanhdao.a";
	add(f, d8);
	for (int i = 0; i < 13; i++) {
		snprintf(code, sizeof(code), SP1 "-261126-%04d", 100 + i);
		struct dossier *d = dossier(f, code, "received", "counter", T0 + i, T0 + i, "tiepnhan.c");
		snprintf(d->procedure_code, sizeof(d->procedure_code), "P00001%02d", i);
		add(f, d);
	}
	assert_int_equal(db_commit(f->db), MC_OK);

	/* Savepoints, as group commit's careful pass runs its jobs: the one rolled back leaves
	 * nothing, the ones released stay; an earlier first act moves a key back. */
	assert_int_equal(db_begin_write(f->db), MC_OK);
	assert_int_equal(db_savepoint(f->db), MC_OK);
	add(f, dossier(f, SP1 "-261123-0001", "received", "counter", T0 - 3 * 86400, T0 - 3 * 86400, "tiepnhan.d"));
	assert_int_equal(db_savepoint_release(f->db), MC_OK);
	assert_int_equal(db_savepoint(f->db), MC_OK);
	struct dossier *gone = dossier(f, SP1 "-261126-0900", "received", "post", T0, T0, "tiepnhan.x");
	SET(gone->procedure_code, "P0000900");
	add(f, gone);
	assert_int_equal(db_savepoint_rollback(f->db), MC_OK);
	assert_int_equal(db_savepoint(f->db), MC_OK);
	add(f, dossier(f, SP1 "-261126-0010", "received", "counter", T0 + 400, T0 + 400, "tiepnhan.b"));
	assert_int_equal(db_savepoint_release(f->db), MC_OK);
	assert_int_equal(db_commit(f->db), MC_OK);

	/* A transaction rolled back leaves nothing; an insert outside any is written at once. */
	assert_int_equal(db_begin_write(f->db), MC_OK);
	struct dossier *lost = dossier(f, SP1 "-261126-0901", "received", "post", T0, T0, "tiepnhan.y");
	SET(lost->procedure_code, "P0000901");
	add(f, lost);
	db_rollback(f->db);
	add(f, dossier(f, SP1 "-261127-0001", "received", "counter", T0 + 86400, T0 + 86400, "tiepnhan.a"));

	char *got = snapshot(f->db, &f->arena);
	/* What matters, read off: SP1 on 26 November (day 20418) received 18 at the counter (2, the
	 * one stopped, the one with steps, 13 for their own procedures, the savepoint's one; one with
	 * a paper not scanned), 1 online and 1 by post at 23:59:59; one stopped and one refused; 18
	 * digitized of the 19 that had papers to scan. The processor's step counts for them. */
	assert_non_null(strstr(got, "\nreceiving_unit|20418|" SP1 "|18,1,1,0,0,0,1,1,0,0,0,18,19,0,0,0,0,0\n"));
	assert_non_null(strstr(got, "\nofficer|20418|xuly.a|0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1\n"));
	assert_non_null(strstr(got, "\nofficer|xuly.a|xuly.a|1764126500\n"));
	assert_null(strstr(got, "lanhdao.a"));
	assert_non_null(strstr(got, "\nprocedure|P0000001|Đăng ký khai sinh (cấp lại)|1763866800\n"));
	assert_null(strstr(got, "P0000900"));
	assert_null(strstr(got, "tiepnhan.x"));
	assert_null(strstr(got, "P0000901"));

	/* The oracle: the committed rows copied into a database with the old trigger. */
	struct fixture *o = fixture_open("rbatch-oracle");
	load_units(o->db);
	old_trigger(o, "sql/sqlite/0040_report_insert.sql", "report_insert");
	old_trigger(o, "sql/sqlite/0043_keyed_papers_steps.sql", "report_step_insert");
	char attach[256];
	snprintf(attach, sizeof(attach), "ATTACH '%s' AS a", f->path);
	assert_int_equal(db_exec(o->db, attach), MC_OK);
	assert_int_equal(db_exec(o->db, "INSERT INTO dossiers SELECT * FROM a.dossiers ORDER BY id; "
					"INSERT INTO dossier_components SELECT * FROM a.dossier_components; "
					"INSERT INTO dossier_steps SELECT * FROM a.dossier_steps; "
					"DETACH a"),
			 MC_OK);
	char *want = snapshot(o->db, &o->arena);
	assert_string_equal(got, want);
	fixture_close(o);
}

/* A dossier without its procedure's name is refused before anything is gathered (the trigger
 * refused it as a NOT NULL constraint of report_keys). */
static void test_no_procedure_name(void **state)
{
	struct fixture *f = *state;
	struct dossier *d = dossier(f, SP1 "-261126-0001", "received", "counter", T0, T0, "tiepnhan.a");
	d->procedure_name = NULL;
	assert_int_equal(db_begin_write(f->db), MC_OK);
	assert_int_not_equal(dstore_insert(f->db, d, "k"), MC_OK);
	db_rollback(f->db);
	assert_string_equal(snapshot(f->db, &f->arena), "\n--\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_same_as_trigger, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_no_procedure_name, setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
