/* Tests of the audit chain of svc/audit.h on a real database: hash chaining on append, verify on an
 * intact chain and after rows are edited or removed through SQL, and the hash's field coverage. */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "db_fixture.h"

#include <dirent.h>
#include <sodium.h>
#include <unistd.h>

#include "store/audit_store.h"
#include "store/db.h"
#include "store/migrate.h"
#include "svc/audit.h"


static int setup(void **state)
{
	struct fixture *f = fixture_open("audit");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture_close(*state);
	return 0;
}

/* Appends n events (ids 1..n) in one write transaction; odd ones have no unit. */
static void append_events(struct db *db, int n)
{
	char detail[64];
	assert_int_equal(db_begin_write(db), MC_OK);
	for (int i = 1; i <= n; i++) {
		snprintf(detail, sizeof(detail), "{\"n\":%d}", i);
		assert_int_equal(audit_append_as(db, 1000 + i, i % 2 ? "system" : "admin",
						 i % 2 ? "" : "PC1", "create_unit", "unit:SP1",
						 i == n ? NULL : detail),
				 MC_OK);
	}
	assert_int_equal(db_commit(db), MC_OK);
}

/* A copy of an event, taken while the scan's row is valid. */
struct event {
	int64_t id, at;
	char actor[32], unit[32], action[32], entity[32], detail[64];
	bool unit_null;
	unsigned char prev_hash[AUDIT_HASH_LEN], hash[AUDIT_HASH_LEN], recomputed[AUDIT_HASH_LEN];
};

struct events {
	struct event e[16];
	size_t n;
};

static int copy_event(const struct audit_row *r, void *ctx)
{
	struct events *all = ctx;
	assert_true(all->n < MC_ARRAY_LEN(all->e));
	struct event *e = &all->e[all->n++];
	e->id = r->id;
	e->at = r->at;
	snprintf(e->actor, sizeof(e->actor), "%s", r->actor);
	e->unit_null = r->unit == NULL;
	snprintf(e->unit, sizeof(e->unit), "%s", r->unit ? r->unit : "");
	snprintf(e->action, sizeof(e->action), "%s", r->action);
	snprintf(e->entity, sizeof(e->entity), "%s", r->entity);
	snprintf(e->detail, sizeof(e->detail), "%s", r->detail);
	memcpy(e->prev_hash, r->prev_hash, AUDIT_HASH_LEN);
	memcpy(e->hash, r->hash, AUDIT_HASH_LEN);
	audit_hash(r, e->recomputed);
	return 0;
}

static void load_events(struct db *db, struct events *out)
{
	out->n = 0;
	assert_int_equal(astore_scan(db, NULL, 0, 0, copy_event, out), MC_OK);
}

static void test_append_chains(void **state)
{
	struct fixture *f = *state;
	struct events ev;
	unsigned char zero[AUDIT_HASH_LEN] = {0};
	append_events(f->db, 5);
	load_events(f->db, &ev);
	assert_int_equal(ev.n, 5);
	assert_memory_equal(ev.e[0].prev_hash, zero, AUDIT_HASH_LEN);
	for (size_t i = 0; i < ev.n; i++) {
		assert_int_equal(ev.e[i].id, (int64_t)i + 1);
		assert_int_equal(ev.e[i].at, 1000 + (int64_t)i + 1);
		assert_memory_equal(ev.e[i].hash, ev.e[i].recomputed, AUDIT_HASH_LEN);
		assert_memory_not_equal(ev.e[i].hash, zero, AUDIT_HASH_LEN);
		if (i > 0)
			assert_memory_equal(ev.e[i].prev_hash, ev.e[i - 1].hash, AUDIT_HASH_LEN);
	}
	/* An empty unit is stored as NULL; a NULL detail as "{}". */
	assert_true(ev.e[0].unit_null);
	assert_string_equal(ev.e[0].actor, "system");
	assert_false(ev.e[1].unit_null);
	assert_string_equal(ev.e[1].unit, "PC1");
	assert_string_equal(ev.e[1].actor, "admin");
	assert_string_equal(ev.e[1].detail, "{\"n\":2}");
	assert_string_equal(ev.e[4].detail, "{}");
	assert_string_equal(ev.e[2].action, "create_unit");
	assert_string_equal(ev.e[2].entity, "unit:SP1");

	/* A later transaction continues the same chain. */
	assert_int_equal(db_begin_write(f->db), MC_OK);
	assert_int_equal(audit_append_as(f->db, 2000, "admin", NULL, "move_unit", "unit:SP1", NULL),
			 MC_OK);
	assert_int_equal(db_commit(f->db), MC_OK);
	load_events(f->db, &ev);
	assert_int_equal(ev.n, 6);
	assert_int_equal(ev.e[5].id, 6);
	assert_memory_equal(ev.e[5].prev_hash, ev.e[4].hash, AUDIT_HASH_LEN);
}

static void expect_verdict(struct db *db, int64_t events, int64_t broken_id, const char *why)
{
	struct audit_verdict v;
	struct svc_ctx ctx = {.db = db};
	memset(&v, 0x55, sizeof(v));
	assert_int_equal(audit_verify(&ctx, &v), MC_OK);
	assert_int_equal(v.events, events);
	assert_int_equal(v.broken_id, broken_id);
	if (why)
		assert_string_equal(v.why, why);
	else
		assert_null(v.why);
	assert_false(db_in_tx(db));
}

#define WHY_MISSING "an event is missing (ids are not consecutive)"
#define WHY_PREV "its previous-hash does not match the event before it"
#define WHY_CONTENT "its content does not match its hash"

static void test_verify_intact(void **state)
{
	struct fixture *f = *state;
	expect_verdict(f->db, 0, 0, NULL);
	append_events(f->db, 5);
	expect_verdict(f->db, 5, 0, NULL);
}

static void test_verify_edited_detail(void **state)
{
	struct fixture *f = *state;
	append_events(f->db, 5);
	assert_int_equal(db_exec(f->db, "UPDATE audit_events SET detail = '{\"n\":33}' WHERE id = 3"),
			 MC_OK);
	expect_verdict(f->db, 3, 3, WHY_CONTENT);
}

static void test_verify_edited_fields(void **state)
{
	static const char *const edits[] = {
		"UPDATE audit_events SET actor = 'mallory' WHERE id = 2",
		"UPDATE audit_events SET unit = NULL WHERE id = 2",
		"UPDATE audit_events SET unit = '' WHERE id = 1",
		"UPDATE audit_events SET action = 'delete_unit' WHERE id = 2",
		"UPDATE audit_events SET entity = 'unit:SP2' WHERE id = 2",
		"UPDATE audit_events SET at = at + 1 WHERE id = 2",
	};
	struct fixture *f = *state;
	append_events(f->db, 4);
	for (size_t i = 0; i < MC_ARRAY_LEN(edits); i++) {
		assert_int_equal(db_exec(f->db, edits[i]), MC_OK);
		int64_t id = strstr(edits[i], "id = 1") ? 1 : 2;
		expect_verdict(f->db, id, id, WHY_CONTENT);
		/* Start the next edit from a fresh, intact chain. */
		assert_int_equal(db_exec(f->db, "DELETE FROM audit_events"), MC_OK);
		append_events(f->db, 4);
		expect_verdict(f->db, 4, 0, NULL);
	}
}

static void test_verify_deleted_middle(void **state)
{
	struct fixture *f = *state;
	append_events(f->db, 5);
	assert_int_equal(db_exec(f->db, "DELETE FROM audit_events WHERE id = 3"), MC_OK);
	expect_verdict(f->db, 3, 3, WHY_MISSING);
}

static void test_verify_deleted_first(void **state)
{
	struct fixture *f = *state;
	append_events(f->db, 3);
	assert_int_equal(db_exec(f->db, "DELETE FROM audit_events WHERE id = 1"), MC_OK);
	expect_verdict(f->db, 1, 1, WHY_MISSING);
}

/* A forger who edits event 2 and recomputes its hash still breaks the link to event 3. */
static void test_verify_rehashed_edit(void **state)
{
	struct fixture *f = *state;
	struct events ev;
	struct audit_row r;
	unsigned char h[AUDIT_HASH_LEN];
	char sql[256], hex[AUDIT_HASH_LEN * 2 + 1];
	append_events(f->db, 4);
	load_events(f->db, &ev);
	r.id = ev.e[1].id;
	r.at = ev.e[1].at;
	r.actor = ev.e[1].actor;
	r.unit = ev.e[1].unit_null ? NULL : ev.e[1].unit;
	r.action = ev.e[1].action;
	r.entity = ev.e[1].entity;
	r.detail = "{\"n\":22}";
	memcpy(r.prev_hash, ev.e[1].prev_hash, AUDIT_HASH_LEN);
	audit_hash(&r, h);
	for (size_t i = 0; i < AUDIT_HASH_LEN; i++)
		snprintf(hex + 2 * i, 3, "%02X", h[i]);
	snprintf(sql, sizeof(sql),
		 "UPDATE audit_events SET detail = '{\"n\":22}', hash = X'%s' WHERE id = 2", hex);
	assert_int_equal(db_exec(f->db, sql), MC_OK);
	expect_verdict(f->db, 3, 3, WHY_PREV);
}

/* Removing the newest events leaves a shorter chain that still holds: only an anchor kept
 * outside the database (the last id and hash) could show the truncation. */
static void test_verify_truncated_tail(void **state)
{
	struct fixture *f = *state;
	append_events(f->db, 5);
	assert_int_equal(db_exec(f->db, "DELETE FROM audit_events WHERE id = 5"), MC_OK);
	expect_verdict(f->db, 4, 0, NULL);
}

static const char SQL_DETAIL_BYTES[] =
	"SELECT length(CAST(detail AS BLOB)) FROM audit_events WHERE id = 2";

/* A NUL and more bytes appended to a stored text field change the row. */
static void test_verify_edit_after_nul(void **state)
{
	struct fixture *f = *state;
	bool row = false;
	append_events(f->db, 3);
	assert_int_equal(db_exec(f->db, "UPDATE audit_events SET detail = detail || char(0) || "
					"'forged' WHERE id = 2"),
			 MC_OK);
	struct db_stmt *st = db_prepare(f->db, SQL_DETAIL_BYTES);
	assert_non_null(st);
	assert_int_equal(db_step(st, &row), MC_OK);
	assert_true(row);
	assert_int_equal(db_col_int(st, 0), 14); /* the row did change */
	assert_int_equal(db_run(st), MC_OK);
	/* Regression test (fixed): audit_hash() measures each text field with strlen(), so bytes stored after a NUL
	 * inside a TEXT column are not covered by the hash: this edit of event 2's detail
	 * (stored as '{"n":2}' NUL 'forged', 14 bytes) leaves the chain verifying (events 3,
	 * broken_id 0) although the row's content changed. */
	expect_verdict(f->db, 2, 2, WHY_CONTENT);
}

static void base_row(struct audit_row *r)
{
	memset(r, 0, sizeof(*r));
	r->id = 7;
	r->at = 1795660200;
	r->actor = "admin";
	r->unit = NULL;
	r->action = "create_unit";
	r->entity = "unit:SP1";
	r->detail = "{\"name\":\"Cửa Nam\"}";
	for (size_t i = 0; i < AUDIT_HASH_LEN; i++)
		r->prev_hash[i] = (unsigned char)(i * 7);
}

static void expect_differs(const struct audit_row *r, const unsigned char base[AUDIT_HASH_LEN])
{
	unsigned char h[AUDIT_HASH_LEN];
	audit_hash(r, h);
	assert_memory_not_equal(h, base, AUDIT_HASH_LEN);
}

static void test_hash_covers_each_field(void **state)
{
	MC_UNUSED(state);
	struct audit_row r;
	unsigned char base[AUDIT_HASH_LEN], again[AUDIT_HASH_LEN];
	base_row(&r);
	audit_hash(&r, base);
	audit_hash(&r, again);
	assert_memory_equal(base, again, AUDIT_HASH_LEN);

	base_row(&r);
	r.actor = "admim";
	expect_differs(&r, base);
	base_row(&r);
	r.unit = "";
	expect_differs(&r, base);
	base_row(&r);
	r.unit = "PC1";
	expect_differs(&r, base);
	base_row(&r);
	r.action = "create_unix";
	expect_differs(&r, base);
	base_row(&r);
	r.entity = "unit:SP2";
	expect_differs(&r, base);
	base_row(&r);
	r.detail = "{\"name\":\"Cua Nam\"}";
	expect_differs(&r, base);
	base_row(&r);
	r.at++;
	expect_differs(&r, base);
	base_row(&r);
	r.id++;
	expect_differs(&r, base);
	base_row(&r);
	r.prev_hash[AUDIT_HASH_LEN - 1] ^= 1;
	expect_differs(&r, base);
	base_row(&r);
	r.hash[0] = 0xff; /* the stored hash is not an input */
	audit_hash(&r, again);
	assert_memory_equal(base, again, AUDIT_HASH_LEN);
}

/* Moving bytes from one field to the next changes the hash (fields are length-prefixed). */
static void test_hash_field_boundaries(void **state)
{
	MC_UNUSED(state);
	struct audit_row a, b;
	unsigned char ha[AUDIT_HASH_LEN], hb[AUDIT_HASH_LEN];
	base_row(&a);
	base_row(&b);
	a.action = "create";
	a.entity = "_unit:SP1";
	b.action = "create_";
	b.entity = "unit:SP1";
	audit_hash(&a, ha);
	audit_hash(&b, hb);
	assert_memory_not_equal(ha, hb, AUDIT_HASH_LEN);
	base_row(&a);
	base_row(&b);
	a.unit = "";
	a.actor = "admin";
	b.unit = NULL;
	b.actor = "admin";
	audit_hash(&a, ha);
	audit_hash(&b, hb);
	assert_memory_not_equal(ha, hb, AUDIT_HASH_LEN);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		T(test_append_chains),
		T(test_verify_intact),
		T(test_verify_edited_detail),
		T(test_verify_edited_fields),
		T(test_verify_deleted_middle),
		T(test_verify_deleted_first),
		T(test_verify_rehashed_edit),
		T(test_verify_truncated_tail),
		T(test_verify_edit_after_nul),
		cmocka_unit_test(test_hash_covers_each_field),
		cmocka_unit_test(test_hash_field_boundaries),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
