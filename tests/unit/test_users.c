/* Tests of the accounts list in the store and of the search keys given at start-up to accounts
 * made before migration 0011, against a real database in a fresh temporary directory. */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "db_fixture.h"
#include <unistd.h>

#include "store/db.h"
#include "store/migrate.h"
#include "store/unit_store.h"
#include "store/user_store.h"
#include "svc/auth.h"
#include "svc/users.h"


static int setup(void **state)
{
	struct fixture *f = fixture_open("users");
	fixture_unit(f->db, "001.00.50.H26", "UBND phường Hoàn Kiếm", "ubnd phuong hoan kiem",
		     "commune_pc", "phuong", "", 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture_close(*state);
	return 0;
}

/* Inserts an account with the given search key ("" as before migration 0011) and one role. */
static int64_t add(struct db *db, const char *username, const char *full_name, const char *key,
		   const char *role)
{
	struct user u;
	struct user_role r;
	memset(&u, 0, sizeof(u));
	memset(&r, 0, sizeof(r));
	snprintf(u.username, sizeof(u.username), "%s", username);
	snprintf(u.full_name, sizeof(u.full_name), "%s", full_name);
	snprintf(u.password_hash, sizeof(u.password_hash), "x");
	assert_int_equal(userstore_insert(db, &u, key, 100), MC_OK);
	snprintf(r.role, sizeof(r.role), "%s", role);
	snprintf(r.unit, sizeof(r.unit), "001.00.50.H26");
	assert_int_equal(userstore_add_role(db, u.id, &r), MC_OK);
	return u.id;
}

struct seen {
	char names[8][USER_NAME_MAX];
	size_t n;
};

static void collect(const struct user *u, void *arg)
{
	struct seen *s = arg;
	assert_true(s->n < 8);
	assert_string_equal(u->password_hash, ""); /* a list never reads the hash */
	snprintf(s->names[s->n++], USER_NAME_MAX, "%s", u->username);
}

static struct seen list(struct db *db, const char *key, const char *role, const char *after)
{
	struct seen s;
	memset(&s, 0, sizeof(s));
	struct user_filter f = {
		.search_key = key, .role = role, .active = -1, .after_username = after, .limit = 8};
	assert_int_equal(userstore_list(db, &f, collect, &s), MC_OK);
	return s;
}

static void test_user_key(void **state)
{
	MC_UNUSED(state);
	char *key = NULL;
	assert_int_equal(auth_user_key("xuly.hoankiem", "Hoàng Văn Bình", &key), MC_OK);
	assert_string_equal(key, "hoangvanbinh xulyhoankiem");
	free(key);
}

static void test_fill_keys_of_older_accounts(void **state)
{
	struct fixture *f = *state;
	struct svc_ctx ctx = {.db = f->db};
	size_t filled = 99;
	add(f->db, "xuly.hoankiem", "Hoàng Văn Bình", "", "processor");
	add(f->db, "lanhdao.hoankiem", "Đỗ Thị Lan", "", "approver");
	add(f->db, "moi.taikhoan", "Người Mới", "nguoimoi moitaikhoan", "processor");
	assert_int_equal(list(f->db, "hoankiem", NULL, NULL).n, 0);
	assert_int_equal(users_fill_search_keys(&ctx, &filled), MC_OK);
	assert_int_equal(filled, 2);
	struct seen s = list(f->db, "hoankiem", NULL, NULL);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.names[0], "lanhdao.hoankiem");
	assert_string_equal(s.names[1], "xuly.hoankiem");
	s = list(f->db, "dothi", NULL, NULL);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.names[0], "lanhdao.hoankiem");
	/* A second start finds nothing to do. */
	assert_int_equal(users_fill_search_keys(&ctx, &filled), MC_OK);
	assert_int_equal(filled, 0);
}

static void test_list_filters_and_cursor(void **state)
{
	struct fixture *f = *state;
	add(f->db, "b.user", "B", "b buser", "processor");
	add(f->db, "a.user", "A", "a auser", "approver");
	add(f->db, "c.user", "C", "c cuser", "processor");
	struct seen s = list(f->db, NULL, NULL, NULL);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.names[0], "a.user");
	assert_string_equal(s.names[2], "c.user");
	s = list(f->db, NULL, "processor", NULL);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.names[0], "b.user");
	s = list(f->db, NULL, "processor", "b.user");
	assert_int_equal(s.n, 1);
	assert_string_equal(s.names[0], "c.user");
	/* The search key never matches across the name and the username. */
	assert_int_equal(list(f->db, "bbuser", NULL, NULL).n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_user_key),
		cmocka_unit_test_setup_teardown(test_fill_keys_of_older_accounts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_filters_and_cursor, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
