/* Tests of the accounts (store/user_store.h) on a real database in a fresh temporary directory:
 * users with their roles, conflicts, sessions and their last use, failed logins per username and
 * per address with their caps. */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define FIXTURE_NAME "users"
#include "db_fixture.h"

#include "store/db.h"
#include "store/user_store.h"

static void make_user(struct user *u, const char *username)
{
	memset(u, 0, sizeof(*u));
	snprintf(u->username, sizeof(u->username), "%s", username);
	snprintf(u->full_name, sizeof(u->full_name), "Nguyễn Thị Hằng");
	snprintf(u->phone, sizeof(u->phone), "0912345678");
	snprintf(u->email, sizeof(u->email), "hang@example.vn");
	snprintf(u->password_hash, sizeof(u->password_hash), "$argon2id$v=19$fixture");
}

static void add_role(struct db *db, int64_t id, const char *role, const char *unit,
		     enum mc_err want)
{
	struct user_role r;
	memset(&r, 0, sizeof(r));
	snprintf(r.role, sizeof(r.role), "%s", role);
	snprintf(r.unit, sizeof(r.unit), "%s", unit);
	assert_int_equal(userstore_add_role(db, id, &r), want);
}

static void test_user_insert_and_load(void **state)
{
	struct fixture *f = *state;
	struct user u, v, got;
	fixture_sample_units(f->db);
	make_user(&u, "hang.nguyen");
	assert_int_equal(userstore_insert(f->db, &u, "k", 100), MC_OK);
	assert_int_equal(u.id, 1);
	make_user(&v, "minh.tran");
	snprintf(v.id_number, sizeof(v.id_number), "001190012345");
	v.phone[0] = '\0';
	assert_int_equal(userstore_insert(f->db, &v, "k", 100), MC_OK);
	assert_int_equal(v.id, 2);
	add_role(f->db, u.id, "receiver", "SP1", MC_OK);
	add_role(f->db, u.id, "processor", "DEP1", MC_OK);
	add_role(f->db, u.id, "citizen", "", MC_OK);

	memset(&got, 0x55, sizeof(got));
	assert_int_equal(userstore_by_name(f->db, "hang.nguyen", &got), MC_OK);
	assert_int_equal(got.id, 1);
	assert_string_equal(got.username, "hang.nguyen");
	assert_string_equal(got.full_name, "Nguyễn Thị Hằng");
	assert_string_equal(got.id_number, "");
	assert_string_equal(got.phone, "0912345678");
	assert_string_equal(got.email, "hang@example.vn");
	assert_string_equal(got.password_hash, "$argon2id$v=19$fixture");
	assert_true(got.active);
	assert_int_equal(got.nroles, 3);
	assert_string_equal(got.roles[0].role, "receiver");
	assert_string_equal(got.roles[0].unit, "SP1");
	assert_string_equal(got.roles[1].role, "processor");
	assert_string_equal(got.roles[1].unit, "DEP1");
	assert_string_equal(got.roles[2].role, "citizen");
	assert_string_equal(got.roles[2].unit, "");

	memset(&got, 0x55, sizeof(got));
	assert_int_equal(userstore_by_id(f->db, 2, &got), MC_OK);
	assert_string_equal(got.username, "minh.tran");
	assert_string_equal(got.id_number, "001190012345");
	assert_string_equal(got.phone, "");
	assert_int_equal(got.nroles, 0);

	assert_int_equal(userstore_by_name(f->db, "nobody", &got), MC_ENOTFOUND);
	assert_int_equal(userstore_by_id(f->db, 3, &got), MC_ENOTFOUND);
}

static void test_user_conflicts(void **state)
{
	struct fixture *f = *state;
	struct user u, dup, got;
	fixture_sample_units(f->db);
	make_user(&u, "hang.nguyen");
	assert_int_equal(userstore_insert(f->db, &u, "k", 100), MC_OK);
	make_user(&dup, "hang.nguyen");
	snprintf(dup.full_name, sizeof(dup.full_name), "Someone Else");
	assert_int_equal(userstore_insert(f->db, &dup, "k", 200), MC_ECONFLICT);
	assert_int_equal(userstore_by_name(f->db, "hang.nguyen", &got), MC_OK);
	assert_string_equal(got.full_name, "Nguyễn Thị Hằng");

	add_role(f->db, u.id, "receiver", "SP1", MC_OK);
	add_role(f->db, u.id, "receiver", "SP1", MC_ECONFLICT); /* the same grant twice */
	add_role(f->db, u.id, "receiver", "NOPE", MC_ECONFLICT); /* unknown unit */
	add_role(f->db, u.id, "janitor", "SP1", MC_ECONFLICT);   /* unknown role */
	add_role(f->db, 99, "receiver", "SP1", MC_ECONFLICT);    /* unknown user */
	assert_int_equal(userstore_by_id(f->db, u.id, &got), MC_OK);
	assert_int_equal(got.nroles, 1);
}

/* A role without a unit (citizen) granted twice. */
static void test_user_duplicate_citizen_role(void **state)
{
	struct fixture *f = *state;
	struct user u, got;
	make_user(&u, "citizen.one");
	assert_int_equal(userstore_insert(f->db, &u, "k", 100), MC_OK);
	add_role(f->db, u.id, "citizen", "", MC_OK);
	/* Regression test (fixed): the UNIQUE (user_id, role, unit_code) constraint of user_roles (0001_init.sql) does not
	 * stop a second ('citizen', NULL) grant, because SQLite treats NULLs as distinct in UNIQUE;
	 * the user then loads with two identical citizen roles (nroles 2). A unit role granted twice
	 * gives MC_ECONFLICT (test_user_conflicts). */
	add_role(f->db, u.id, "citizen", "", MC_ECONFLICT);
	assert_int_equal(userstore_by_id(f->db, u.id, &got), MC_OK);
	assert_int_equal(got.nroles, 1);
}

/* userstore_session_user's user id, expiry and last use (uid, exp and seen), or its error. */
static enum mc_err session_find(struct db *db, const unsigned char *hash, int64_t now,
				int64_t *uid, int64_t *exp, int64_t *seen)
{
	struct user u;
	int64_t last = -1;
	enum mc_err err = userstore_session_user(db, hash, now, &u, exp, &last);
	if (!err) {
		*uid = u.id;
		if (seen)
			*seen = last;
	}
	return err;
}

static void test_sessions(void **state)
{
	struct fixture *f = *state;
	struct user u;
	unsigned char h1[TOKEN_HASH_LEN], h2[TOKEN_HASH_LEN];
	int64_t uid = -1, exp = -1;
	for (size_t i = 0; i < TOKEN_HASH_LEN; i++) {
		h1[i] = (unsigned char)i;
		h2[i] = (unsigned char)(i + 1);
	}
	make_user(&u, "hang.nguyen");
	assert_int_equal(userstore_insert(f->db, &u, "k", 100), MC_OK);
	assert_int_equal(userstore_session_insert(f->db, h1, u.id, 1000, 2000), MC_OK);
	assert_int_equal(session_find(f->db, h1, 1000, &uid, &exp, NULL), MC_OK);
	assert_int_equal(uid, u.id);
	assert_int_equal(exp, 2000);
	uid = exp = -1;
	assert_int_equal(session_find(f->db, h1, 1999, &uid, &exp, NULL), MC_OK);
	assert_int_equal(uid, u.id);
	assert_int_equal(exp, 2000);
	assert_int_equal(session_find(f->db, h1, 2000, &uid, &exp, NULL), MC_ENOTFOUND);
	assert_int_equal(session_find(f->db, h1, 2001, &uid, &exp, NULL), MC_ENOTFOUND);
	assert_int_equal(session_find(f->db, h2, 1500, &uid, &exp, NULL), MC_ENOTFOUND);
	assert_int_equal(userstore_session_insert(f->db, h1, u.id, 1000, 3000), MC_ECONFLICT);
	assert_int_equal(userstore_session_insert(f->db, h2, 99, 1000, 3000), MC_ECONFLICT);
	assert_int_equal(userstore_session_insert(f->db, h2, u.id, 1000, 3000), MC_OK);
	assert_int_equal(userstore_session_delete(f->db, h1), MC_OK);
	assert_int_equal(session_find(f->db, h1, 1500, &uid, &exp, NULL), MC_ENOTFOUND);
	assert_int_equal(session_find(f->db, h2, 1500, &uid, &exp, NULL), MC_OK);
	assert_int_equal(exp, 3000);
	assert_int_equal(userstore_session_delete(f->db, h1), MC_OK); /* deleting twice is fine */
	/* The last use: the creation until touched, then the touch. */
	int64_t seen = -1;
	assert_int_equal(session_find(f->db, h2, 1500, &uid, &exp, &seen), MC_OK);
	assert_int_equal(seen, 1000);
	assert_int_equal(userstore_session_touch(f->db, h2, 1700), MC_OK);
	assert_int_equal(session_find(f->db, h2, 1800, &uid, &exp, &seen), MC_OK);
	assert_int_equal(seen, 1700);
	assert_int_equal(exp, 3000);
}

/* The session, its user and the user's roles in one read: the same answers as the three reads. */
static void test_session_user(void **state)
{
	struct fixture *f = *state;
	struct user u, got, none;
	unsigned char h1[TOKEN_HASH_LEN], h2[TOKEN_HASH_LEN], h3[TOKEN_HASH_LEN];
	int64_t exp = -1, seen = -1;
	for (size_t i = 0; i < TOKEN_HASH_LEN; i++) {
		h1[i] = (unsigned char)(i + 7);
		h2[i] = (unsigned char)(i + 8);
		h3[i] = (unsigned char)(i + 9);
	}
	fixture_sample_units(f->db);
	make_user(&u, "lan.tran");
	u.active = true;
	assert_int_equal(userstore_insert(f->db, &u, "k", 100), MC_OK);
	add_role(f->db, u.id, "processor", "DEP1", MC_OK);
	add_role(f->db, u.id, "receiver", "SP1", MC_OK);
	add_role(f->db, u.id, "citizen", "", MC_OK);
	assert_int_equal(userstore_session_insert(f->db, h1, u.id, 1000, 2000), MC_OK);
	assert_int_equal(userstore_session_user(f->db, h1, 1500, &got, &exp, &seen), MC_OK);
	assert_int_equal(got.id, u.id);
	assert_string_equal(got.username, "lan.tran");
	assert_string_equal(got.full_name, "Nguyễn Thị Hằng");
	assert_true(got.active);
	assert_int_equal(exp, 2000);
	assert_int_equal(seen, 1000);
	assert_int_equal(got.nroles, 3); /* in the order granted, as userstore_by_id gives them */
	assert_string_equal(got.roles[0].role, "processor");
	assert_string_equal(got.roles[0].unit, "DEP1");
	assert_string_equal(got.roles[1].role, "receiver");
	assert_string_equal(got.roles[2].role, "citizen");
	assert_string_equal(got.roles[2].unit, "");
	struct user by_id;
	assert_int_equal(userstore_by_id(f->db, u.id, &by_id), MC_OK);
	assert_memory_equal(&by_id, &got, sizeof(got));
	assert_int_equal(userstore_session_touch(f->db, h1, 1700), MC_OK);
	assert_int_equal(userstore_session_user(f->db, h1, 1800, &got, &exp, &seen), MC_OK);
	assert_int_equal(seen, 1700);
	/* Expired at 2000; an unknown token; a user with no roles. */
	assert_int_equal(userstore_session_user(f->db, h1, 2000, &got, &exp, &seen), MC_ENOTFOUND);
	assert_int_equal(userstore_session_user(f->db, h2, 1500, &got, &exp, &seen), MC_ENOTFOUND);
	make_user(&none, "no.roles");
	assert_int_equal(userstore_insert(f->db, &none, "k", 100), MC_OK);
	assert_int_equal(userstore_session_insert(f->db, h3, none.id, 1000, 2000), MC_OK);
	assert_int_equal(userstore_session_user(f->db, h3, 1500, &got, &exp, &seen), MC_OK);
	assert_int_equal(got.id, none.id);
	assert_int_equal(got.nroles, 0);
}

static enum mc_err fail_at(struct db *db, const char *username, const char *addr, int64_t at)
{
	struct login_failure lf = {username, addr, at, 0, 100, 100};
	return userstore_failure_add(db, &lf);
}

static void test_login_failures(void **state)
{
	struct fixture *f = *state;
	int64_t count = -1, oldest = -1;
	assert_int_equal(userstore_failures(f->db, "hang", 0, &count, &oldest), MC_OK);
	assert_int_equal(count, 0);
	assert_int_equal(oldest, 0);
	assert_int_equal(fail_at(f->db, "hang", "10.0.0.1", 300), MC_OK);
	assert_int_equal(fail_at(f->db, "hang", NULL, 100), MC_OK);
	assert_int_equal(fail_at(f->db, "hang", "10.0.0.2", 200), MC_OK);
	assert_int_equal(fail_at(f->db, "other", "10.0.0.1", 150), MC_OK);
	assert_int_equal(userstore_failures(f->db, "hang", 0, &count, &oldest), MC_OK);
	assert_int_equal(count, 3);
	assert_int_equal(oldest, 100);
	assert_int_equal(userstore_failures(f->db, "hang", 150, &count, &oldest), MC_OK);
	assert_int_equal(count, 2);
	assert_int_equal(oldest, 200);
	assert_int_equal(userstore_failures(f->db, "hang", 400, &count, &oldest), MC_OK);
	assert_int_equal(count, 0);
	assert_int_equal(oldest, 0);
	assert_int_equal(userstore_addr_failures(f->db, "10.0.0.1", 0, &count, &oldest), MC_OK);
	assert_int_equal(count, 2);
	assert_int_equal(oldest, 150);
	assert_int_equal(userstore_failures_clear(f->db, "hang"), MC_OK);
	assert_int_equal(userstore_failures(f->db, "hang", 0, &count, &oldest), MC_OK);
	assert_int_equal(count, 0);
	assert_int_equal(userstore_failures(f->db, "other", 0, &count, &oldest), MC_OK);
	assert_int_equal(count, 1);
	assert_int_equal(oldest, 150);
}

/* A username or an address at its cap of rows in the window gets no more; rows of either before
 * the window go when the next failure of either is recorded. */
static void test_login_failure_caps(void **state)
{
	struct fixture *f = *state;
	int64_t count = -1, oldest = -1;
	for (int i = 0; i < 10; i++) {
		struct login_failure lf = {"hang", "10.0.0.9", 1000 + i, 900, 3, 5};
		assert_int_equal(userstore_failure_add(f->db, &lf), MC_OK);
	}
	assert_int_equal(userstore_failures(f->db, "hang", 900, &count, &oldest), MC_OK);
	assert_int_equal(count, 3);
	for (int i = 0; i < 10; i++) {
		char name[16];
		snprintf(name, sizeof(name), "u%d", i);
		struct login_failure lf = {name, "10.0.0.9", 1100 + i, 900, 3, 5};
		assert_int_equal(userstore_failure_add(f->db, &lf), MC_OK);
	}
	assert_int_equal(userstore_addr_failures(f->db, "10.0.0.9", 900, &count, &oldest), MC_OK);
	assert_int_equal(count, 5);
	assert_int_equal(oldest, 1000);
	/* Later: the window has moved past every row; the next failure trims that address's. */
	struct login_failure later = {"someone", "10.0.0.9", 5000, 4000, 3, 5};
	assert_int_equal(userstore_failure_add(f->db, &later), MC_OK);
	assert_int_equal(userstore_addr_failures(f->db, "10.0.0.9", 0, &count, &oldest), MC_OK);
	assert_int_equal(count, 1);
	assert_int_equal(oldest, 5000);
}
#define T(name) cmocka_unit_test_setup_teardown(name, fixture_setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_user_insert_and_load),
		T(test_user_conflicts),
		T(test_user_duplicate_citizen_role),
		T(test_sessions),
		T(test_session_user),
		T(test_login_failures),
		T(test_login_failure_caps),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
