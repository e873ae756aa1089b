/* What a SQLite write transaction keeps of the audit chain's tail and of the day counters
 * (store/tx_memo.h), on a real database: numbers counted on in memory and written once before the
 * COMMIT, savepoints rolled back and transactions rolled back giving their numbers back, keys too
 * long to keep numbered by SQL, a change of the counters beside the memo refusing the COMMIT, and
 * the audit tail following appends, a row written by another statement and a savepoint's undo,
 * with the chain verified whole at the end. */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define FIXTURE_NAME "txmemo"
#include "db_fixture.h"

#include "store/audit_store.h"
#include "store/db.h"
#include "store/dossier_store.h"
#include "store/tx_memo.h"
#include "svc/audit.h"
#include "svc/svc.h"

/* The stored last number of (unit, day), -1 when there is no row; read on the same connection. */
static int64_t stored(struct db *db, const char *unit, const char *day)
{
	struct db_stmt *st =
		db_prepare(db, "SELECT last FROM dossier_counters WHERE unit = $1 AND day = $2");
	assert_non_null(st);
	db_bind_text(st, 1, unit, SIZE_MAX);
	db_bind_text(st, 2, day, SIZE_MAX);
	bool row;
	assert_int_equal(db_step(st, &row), MC_OK);
	int64_t v = row ? db_col_int(st, 0) : -1;
	assert_int_equal(db_run(st), MC_OK);
	return v;
}

static int64_t next(struct db *db, const char *unit, const char *day)
{
	int64_t n = -1;
	assert_int_equal(dstore_next_number(db, unit, day, &n), MC_OK);
	return n;
}

static void test_counted_in_memory_written_at_commit(void **state)
{
	struct db *db = ((struct fixture *)*state)->db;
	assert_int_equal(db_begin_write(db), MC_OK);
	assert_true(txmemo_on(db));
	assert_int_equal(next(db, "SP1", "261205"), 1);
	assert_int_equal(next(db, "SP1", "261205"), 2);
	assert_int_equal(next(db, "SP2", "261205"), 1);
	assert_int_equal(next(db, "SP1", "261206"), 1);
	assert_int_equal(next(db, "SP1", "261205"), 3);
	assert_int_equal(stored(db, "SP1", "261205"), -1); /* nothing written before the COMMIT */
	assert_int_equal(db_commit(db), MC_OK);
	assert_false(txmemo_on(db));
	assert_int_equal(stored(db, "SP1", "261205"), 3);
	assert_int_equal(stored(db, "SP2", "261205"), 1);
	assert_int_equal(stored(db, "SP1", "261206"), 1);

	/* The next transaction reads what the last one wrote. */
	assert_int_equal(db_begin_write(db), MC_OK);
	assert_int_equal(next(db, "SP1", "261205"), 4);
	assert_int_equal(db_commit(db), MC_OK);
	assert_int_equal(stored(db, "SP1", "261205"), 4);

	/* Outside a transaction, and in a read transaction, SQL numbers each. */
	assert_int_equal(next(db, "SP1", "261205"), 5);
	assert_int_equal(stored(db, "SP1", "261205"), 5);
	assert_int_equal(db_begin_read(db), MC_OK);
	assert_false(txmemo_on(db));
	db_rollback(db);
}

static void test_savepoints_and_rollbacks_give_numbers_back(void **state)
{
	struct db *db = ((struct fixture *)*state)->db;
	assert_int_equal(db_begin_write(db), MC_OK);
	assert_int_equal(next(db, "SP1", "261205"), 1);
	assert_int_equal(db_savepoint(db), MC_OK);
	assert_int_equal(next(db, "SP1", "261205"), 2);
	assert_int_equal(next(db, "SP2", "261205"), 1); /* first read inside the savepoint */
	assert_int_equal(db_savepoint_rollback(db), MC_OK);
	assert_int_equal(next(db, "SP1", "261205"), 2);
	assert_int_equal(db_savepoint(db), MC_OK);
	assert_int_equal(next(db, "SP1", "261205"), 3);
	assert_int_equal(db_savepoint_release(db), MC_OK);
	assert_int_equal(db_savepoint(db), MC_OK);
	assert_int_equal(next(db, "SP1", "261205"), 4);
	assert_int_equal(db_savepoint_rollback(db), MC_OK);
	assert_int_equal(next(db, "SP2", "261205"), 1);
	assert_int_equal(db_commit(db), MC_OK);
	assert_int_equal(stored(db, "SP1", "261205"), 3);
	assert_int_equal(stored(db, "SP2", "261205"), 1);

	/* A counter whose every number was rolled back is not written. */
	assert_int_equal(db_begin_write(db), MC_OK);
	assert_int_equal(db_savepoint(db), MC_OK);
	assert_int_equal(next(db, "SP3", "261205"), 1);
	assert_int_equal(db_savepoint_rollback(db), MC_OK);
	assert_int_equal(db_commit(db), MC_OK);
	assert_int_equal(stored(db, "SP3", "261205"), -1);

	/* A transaction rolled back gives all its numbers back, and the next starts clean. */
	assert_int_equal(db_begin_write(db), MC_OK);
	assert_int_equal(next(db, "SP1", "261205"), 4);
	assert_int_equal(next(db, "SP1", "261205"), 5);
	db_rollback(db);
	assert_int_equal(stored(db, "SP1", "261205"), 3);
	assert_int_equal(db_begin_write(db), MC_OK);
	assert_int_equal(next(db, "SP1", "261205"), 4);
	assert_int_equal(db_commit(db), MC_OK);
	assert_int_equal(stored(db, "SP1", "261205"), 4);
}

static void test_long_keys_numbered_by_sql(void **state)
{
	struct db *db = ((struct fixture *)*state)->db;
	char key[TXMEMO_KEY_MAX + 2];
	memset(key, 'K', sizeof(key) - 1);
	key[sizeof(key) - 1] = '\0';
	assert_int_equal(db_begin_write(db), MC_OK);
	assert_false(txmemo_counter_kept(db, key, "261205"));
	assert_true(txmemo_counter_kept(db, key + 1, "261205"));
	assert_int_equal(next(db, key, "261205"), 1);
	assert_int_equal(stored(db, key, "261205"), 1); /* written at once */
	assert_int_equal(db_savepoint(db), MC_OK);
	assert_int_equal(next(db, key, "261205"), 2);
	assert_int_equal(db_savepoint_rollback(db), MC_OK);
	assert_int_equal(next(db, key, "261205"), 2);
	assert_int_equal(db_commit(db), MC_OK);
	assert_int_equal(stored(db, key, "261205"), 2);
}

static void test_counter_changed_beside_refuses_commit(void **state)
{
	struct db *db = ((struct fixture *)*state)->db;
	assert_int_equal(next(db, "SP1", "261205"), 1);
	assert_int_equal(db_begin_write(db), MC_OK);
	assert_int_equal(next(db, "SP1", "261205"), 2);
	assert_int_equal(db_exec(db, "UPDATE dossier_counters SET last = 100"), MC_OK);
	assert_int_equal(db_commit(db), MC_EDB);
	assert_int_equal(stored(db, "SP1", "261205"), 1);
	/* The connection works on. */
	assert_int_equal(db_begin_write(db), MC_OK);
	assert_int_equal(next(db, "SP1", "261205"), 2);
	assert_int_equal(db_commit(db), MC_OK);
	assert_int_equal(stored(db, "SP1", "261205"), 2);
}

static int64_t last_id(struct db *db, unsigned char hash[AUDIT_HASH_LEN])
{
	int64_t id = -1;
	assert_int_equal(astore_last(db, &id, hash), MC_OK);
	return id;
}

static void test_audit_tail_follows_the_chain(void **state)
{
	struct db *db = ((struct fixture *)*state)->db;
	unsigned char h[AUDIT_HASH_LEN], h2[AUDIT_HASH_LEN];
	assert_int_equal(audit_append_as(db, 100, "admin", NULL, "a", "e1", NULL), MC_OK);
	assert_int_equal(db_begin_write(db), MC_OK);
	assert_int_equal(last_id(db, h), 1);
	assert_int_equal(audit_append_as(db, 101, "admin", NULL, "a", "e2", NULL), MC_OK);
	assert_int_equal(audit_append_as(db, 102, "admin", NULL, "a", "e3", NULL), MC_OK);
	assert_int_equal(last_id(db, h), 3);
	/* A row written by another statement is seen. */
	assert_int_equal(db_exec(db, "INSERT INTO audit_events (id, at, actor, action, entity, "
				     "detail, prev_hash, hash) SELECT 4, 103, 'x', 'a', 'e4', '{}', "
				     "hash, zeroblob(32) FROM audit_events WHERE id = 3"),
			 MC_OK);
	assert_int_equal(last_id(db, h), 4);
	assert_memory_equal(h, (unsigned char[AUDIT_HASH_LEN]){0}, AUDIT_HASH_LEN);
	assert_int_equal(db_exec(db, "DELETE FROM audit_events WHERE id = 4"), MC_OK);
	assert_int_equal(last_id(db, h), 3);
	/* A savepoint's appends are undone with it. */
	assert_int_equal(db_savepoint(db), MC_OK);
	assert_int_equal(audit_append_as(db, 104, "admin", NULL, "a", "e5", NULL), MC_OK);
	assert_int_equal(last_id(db, h2), 4);
	assert_int_equal(db_savepoint_rollback(db), MC_OK);
	assert_int_equal(last_id(db, h2), 3);
	assert_memory_equal(h, h2, AUDIT_HASH_LEN);
	assert_int_equal(audit_append_as(db, 105, "admin", NULL, "a", "e6", NULL), MC_OK);
	assert_int_equal(db_commit(db), MC_OK);

	/* The chain holds whole: each event's previous hash is the one before's. */
	struct audit_verdict v;
	struct svc_ctx ctx = {.db = db};
	assert_int_equal(audit_verify(&ctx, &v), MC_OK);
	assert_int_equal(v.events, 4);
	assert_int_equal(v.broken_id, 0);

	/* A transaction rolled back forgets its tail. */
	assert_int_equal(db_begin_write(db), MC_OK);
	assert_int_equal(audit_append_as(db, 106, "admin", NULL, "a", "e7", NULL), MC_OK);
	db_rollback(db);
	assert_int_equal(db_begin_write(db), MC_OK);
	assert_int_equal(last_id(db, h), 4);
	assert_int_equal(audit_append_as(db, 107, "admin", NULL, "a", "e8", NULL), MC_OK);
	assert_int_equal(db_commit(db), MC_OK);
	assert_int_equal(audit_verify(&ctx, &v), MC_OK);
	assert_int_equal(v.events, 5);
	assert_int_equal(v.broken_id, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_counted_in_memory_written_at_commit,
						fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_savepoints_and_rollbacks_give_numbers_back,
						fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_long_keys_numbered_by_sql, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_counter_changed_beside_refuses_commit,
						fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_audit_tail_follows_the_chain, fixture_setup,
						fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
