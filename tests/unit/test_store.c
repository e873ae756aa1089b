/* Tests of the SQLite store against a real database file in a fresh temporary directory:
 * migrations, units over time, users and sessions, audit rows, queue tickets, transactions and
 * backup. */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "db_fixture.h"

#include <dirent.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>
#include <unistd.h>

#include "store/audit_store.h"
#include "store/db.h"
#include "store/migrate.h"
#include "store/queue_store.h"
#include "store/unit_store.h"
#include "store/user_store.h"


/* The number of migration files in the source tree; *highest gets the largest NNNN prefix. */
static int scan_migrations(int *highest)
{
	char path[4096];
	const char *src = getenv("MOTCUA_SOURCE_DIR");
	assert_non_null(src);
	snprintf(path, sizeof(path), "%s/sql/sqlite", src);
	DIR *d = opendir(path);
	assert_non_null(d);
	int n = 0;
	*highest = 0;
	for (struct dirent *e; (e = readdir(d));) {
		size_t len = strlen(e->d_name);
		if (len > 4 && strcmp(e->d_name + len - 4, ".sql") == 0) {
			int num = 0;
			for (size_t i = 0; i < 4 && e->d_name[i] >= '0' && e->d_name[i] <= '9'; i++)
				num = num * 10 + (e->d_name[i] - '0');
			if (num > *highest)
				*highest = num;
			n++;
		}
	}
	closedir(d);
	return n;
}

static int count_migrations(void)
{
	int highest = 0;
	return scan_migrations(&highest);
}

static void fixture_file(const struct fixture *f, const char *name, char *out, size_t cap)
{
	int n = snprintf(out, cap, "%s/%s", f->dir, name);
	assert_true(n > 0 && (size_t)n < cap);
}

static int setup(void **state)
{
	struct fixture *f = fixture_open("store");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture_close(*state);
	return 0;
}

/* Polls a flag until it is set or a deadline of ms milliseconds passes. */
static bool wait_flag(atomic_int *flag, int ms)
{
	struct timespec tick = {0, 1000000};
	for (int i = 0; i < ms; i++) {
		if (atomic_load(flag))
			return true;
		nanosleep(&tick, NULL);
	}
	return atomic_load(flag) != 0;
}

static void test_migrate(void **state)
{
	struct fixture *f = *state;
	int highest = 0;
	int files = scan_migrations(&highest);
	int applied = -1, version = -1;
	assert_true(files >= 2);
	/* migrate_apply() stops at the first missing number, so the files must be 0001..N. */
	assert_int_equal(highest, files);
	assert_int_equal(f->applied, files);
	assert_int_equal(migrate_version(f->db, &version), MC_OK);
	assert_int_equal(version, files);
	assert_int_equal(migrate_apply(f->db, &applied), MC_OK);
	assert_int_equal(applied, 0);
	assert_int_equal(migrate_version(f->db, &version), MC_OK);
	assert_int_equal(version, files);
}

/* A new file starts at version 0; reopening a migrated file applies nothing. */
static void test_migrate_new_and_reopened(void **state)
{
	struct fixture *f = *state;
	char path[256];
	struct db *db = NULL;
	int applied = -1, version = -1;
	fixture_file(f, "other.db", path, sizeof(path));
	assert_int_equal(db_open(path, &db), MC_OK);
	assert_int_equal(migrate_version(db, &version), MC_OK);
	assert_int_equal(version, 0);
	assert_int_equal(migrate_apply(db, &applied), MC_OK);
	assert_int_equal(applied, count_migrations());
	db_close(db);
	assert_int_equal(db_open(path, &db), MC_OK);
	assert_int_equal(migrate_apply(db, &applied), MC_OK);
	assert_int_equal(applied, 0);
	assert_int_equal(migrate_version(db, &version), MC_OK);
	assert_int_equal(version, count_migrations());
	assert_string_equal(db_backend(db), "sqlite");
	db_close(db);
}


/* Seven units valid from 0: the city PC, the Center, a department, two commune PCs and their
 * service points. */
static void insert_units(struct db *db)
{
	fixture_unit(db, "CITY", "UBND Thành phố Hà Nội", "ubnd thanh pho ha noi", "city_pc", "", "", 0);
	fixture_unit(db, "CENTER", "Trung tâm Phục vụ hành chính công", "trung tam phuc vu hanh chinh cong", "center", "", "CITY", 0);
	fixture_unit(db, "DEP1", "Sở Tư pháp", "so tu phap", "department", "", "CITY", 0);
	fixture_unit(db, "PC1", "UBND Phường Cửa Nam", "ubnd phuong cua nam", "commune_pc", "phuong", "CITY", 0);
	fixture_unit(db, "PC2", "UBND Xã Sóc Sơn", "ubnd xa soc son", "commune_pc", "xa", "CITY", 0);
	fixture_unit(db, "SP1", "Điểm phục vụ Cửa Nam", "diem phuc vu cua nam", "service_point", "", "PC1", 0);
	fixture_unit(db, "SP2", "Điểm phục vụ Sóc Sơn", "diem phuc vu soc son", "service_point", "", "PC2", 0);
}

static void test_unit_get(void **state)
{
	struct fixture *f = *state;
	struct unit u;
	int64_t n = -1;
	insert_units(f->db);
	assert_int_equal(ustore_count(f->db, &n), MC_OK);
	assert_int_equal(n, 7);
	memset(&u, 0x55, sizeof(u));
	assert_int_equal(ustore_get(f->db, "PC1", 5000, &u), MC_OK);
	assert_string_equal(u.code, "PC1");
	assert_string_equal(u.name, "UBND Phường Cửa Nam");
	assert_string_equal(u.kind, "commune_pc");
	assert_string_equal(u.subkind, "phuong");
	assert_string_equal(u.parent, "CITY");
	assert_string_equal(u.gso_code, "");
	assert_true(u.active);
	assert_int_equal(ustore_get(f->db, "CITY", 5000, &u), MC_OK);
	assert_string_equal(u.parent, "");
	assert_string_equal(u.subkind, "");
	assert_int_equal(ustore_get(f->db, "NOPE", 5000, &u), MC_ENOTFOUND);
}

static void test_unit_duplicate(void **state)
{
	struct fixture *f = *state;
	struct unit u;
	int64_t n = -1;
	insert_units(f->db);
	memset(&u, 0, sizeof(u));
	snprintf(u.code, sizeof(u.code), "PC1");
	snprintf(u.name, sizeof(u.name), "Another");
	snprintf(u.kind, sizeof(u.kind), "commune_pc");
	snprintf(u.parent, sizeof(u.parent), "CITY");
	assert_int_equal(ustore_insert(f->db, &u, "another", 0, 100), MC_ECONFLICT);
	assert_int_equal(ustore_count(f->db, &n), MC_OK);
	assert_int_equal(n, 7);
	assert_int_equal(ustore_get(f->db, "PC1", 5000, &u), MC_OK);
	assert_string_equal(u.name, "UBND Phường Cửa Nam");
}

/* An unknown parent fails on the parent row, after the unit row went in: callers hold a write
 * transaction so that the rollback removes both. */
static void test_unit_unknown_parent_in_tx(void **state)
{
	struct fixture *f = *state;
	struct unit u;
	int64_t n = -1;
	insert_units(f->db);
	memset(&u, 0, sizeof(u));
	snprintf(u.code, sizeof(u.code), "ORPHAN");
	snprintf(u.name, sizeof(u.name), "Orphan");
	snprintf(u.kind, sizeof(u.kind), "service_point");
	snprintf(u.parent, sizeof(u.parent), "NOPE");
	assert_int_equal(db_begin_write(f->db), MC_OK);
	assert_int_equal(ustore_insert(f->db, &u, "orphan", 0, 100), MC_ECONFLICT);
	db_rollback(f->db);
	assert_int_equal(ustore_count(f->db, &n), MC_OK);
	assert_int_equal(n, 7);
	assert_int_equal(ustore_get(f->db, "ORPHAN", 5000, &u), MC_ENOTFOUND);
}

static void expect_parent(struct db *db, const char *code, int64_t at, const char *want)
{
	struct unit u;
	char parent[UNIT_CODE_MAX];
	if (!want) {
		assert_int_equal(ustore_get(db, code, at, &u), MC_ENOTFOUND);
		assert_int_equal(ustore_parent_at(db, code, at, parent), MC_ENOTFOUND);
		return;
	}
	assert_int_equal(ustore_get(db, code, at, &u), MC_OK);
	assert_string_equal(u.code, code);
	assert_string_equal(u.parent, want);
	assert_int_equal(ustore_parent_at(db, code, at, parent), MC_OK);
	assert_string_equal(parent, want);
}

/* SP3 exists from 1000 under PC1, moves to PC2 at 2000 and becomes a root at 3000. */
static void test_unit_move(void **state)
{
	struct fixture *f = *state;
	struct unit_parent_span spans[8];
	size_t n = 99;
	insert_units(f->db);
	fixture_unit(f->db, "SP3", "Điểm phụ", "diem phu", "service_point", "", "PC1", 1000);
	assert_int_equal(ustore_move(f->db, "SP3", "PC2", 2000), MC_OK);
	expect_parent(f->db, "SP3", 999, NULL);
	expect_parent(f->db, "SP3", 1000, "PC1");
	expect_parent(f->db, "SP3", 1999, "PC1");
	expect_parent(f->db, "SP3", 2000, "PC2");
	expect_parent(f->db, "SP3", 2999, "PC2");
	assert_int_equal(ustore_move(f->db, "SP3", "", 3000), MC_OK);
	expect_parent(f->db, "SP3", 2999, "PC2");
	expect_parent(f->db, "SP3", 3000, "");
	expect_parent(f->db, "SP3", INT64_MAX - 1, "");

	assert_int_equal(ustore_parents(f->db, "SP3", spans, MC_ARRAY_LEN(spans), &n), MC_OK);
	assert_int_equal(n, 3);
	assert_string_equal(spans[0].parent, "PC1");
	assert_int_equal(spans[0].from, 1000);
	assert_int_equal(spans[0].to, 2000);
	assert_string_equal(spans[1].parent, "PC2");
	assert_int_equal(spans[1].from, 2000);
	assert_int_equal(spans[1].to, 3000);
	assert_string_equal(spans[2].parent, "");
	assert_int_equal(spans[2].from, 3000);
	assert_int_equal(spans[2].to, INT64_MAX);

	/* A shorter array gets the oldest spans; n counts the spans filled. */
	assert_int_equal(ustore_parents(f->db, "SP3", spans, 1, &n), MC_OK);
	assert_int_equal(n, 1);
	assert_string_equal(spans[0].parent, "PC1");

	assert_int_equal(ustore_parents(f->db, "PC1", spans, MC_ARRAY_LEN(spans), &n), MC_OK);
	assert_int_equal(n, 1);
	assert_string_equal(spans[0].parent, "CITY");
	assert_int_equal(spans[0].from, 0);
	assert_int_equal(spans[0].to, INT64_MAX);
}

static void test_unit_move_unknown(void **state)
{
	struct fixture *f = *state;
	struct unit_parent_span spans[2];
	size_t n = 99;
	insert_units(f->db);
	assert_int_equal(ustore_move(f->db, "NOPE", "PC1", 2000), MC_ENOTFOUND);
	assert_int_equal(ustore_parents(f->db, "NOPE", spans, MC_ARRAY_LEN(spans), &n), MC_OK);
	assert_int_equal(n, 0);
}

/* Collects listed codes as "A,B,C". */
struct codes {
	char text[512];
};

static void collect(const struct unit *u, void *ctx)
{
	struct codes *c = ctx;
	size_t len = strlen(c->text);
	snprintf(c->text + len, sizeof(c->text) - len, "%s%s", len ? "," : "", u->code);
}

static void expect_list(struct db *db, const struct unit_filter *filter, const char *want,
			size_t want_count)
{
	struct codes c = {{0}};
	size_t count = 99;
	assert_int_equal(ustore_list(db, filter, collect, &c, &count), MC_OK);
	assert_string_equal(c.text, want);
	assert_int_equal(count, want_count);
}

static void test_unit_list(void **state)
{
	struct fixture *f = *state;
	insert_units(f->db);
	struct unit_filter q = {.as_of = 5000, .limit = 100};
	expect_list(f->db, &q, "CENTER,CITY,DEP1,PC1,PC2,SP1,SP2", 7);
	q = (struct unit_filter){.as_of = 5000, .limit = 100, .kind = "commune_pc"};
	expect_list(f->db, &q, "PC1,PC2", 2);
	q = (struct unit_filter){.as_of = 5000, .limit = 100, .subkind = "xa"};
	expect_list(f->db, &q, "PC2", 1);
	q = (struct unit_filter){.as_of = 5000, .limit = 100, .parent = "CITY"};
	expect_list(f->db, &q, "CENTER,DEP1,PC1,PC2", 4);
	q = (struct unit_filter){.as_of = 5000, .limit = 100, .parent = "PC1"};
	expect_list(f->db, &q, "SP1", 1);
	q = (struct unit_filter){.as_of = 5000, .limit = 100, .search_key = "cua nam"};
	expect_list(f->db, &q, "PC1,SP1", 2);
	q = (struct unit_filter){.as_of = 5000, .limit = 100, .search_key = "soc"};
	expect_list(f->db, &q, "PC2,SP2", 2);
	q = (struct unit_filter){.as_of = 5000, .limit = 100, .search_key = "ubnd"};
	expect_list(f->db, &q, "CITY,PC1,PC2", 3);
	q = (struct unit_filter){.as_of = 5000, .limit = 100, .search_key = "zzz"};
	expect_list(f->db, &q, "", 0);
	q = (struct unit_filter){
		.as_of = 5000, .limit = 100, .kind = "service_point", .search_key = "cua"};
	expect_list(f->db, &q, "SP1", 1);
	q = (struct unit_filter){.as_of = -1, .limit = 100};
	expect_list(f->db, &q, "", 0); /* nothing existed before valid_from */
}

static void test_unit_list_keyset(void **state)
{
	struct fixture *f = *state;
	insert_units(f->db);
	struct unit_filter q = {.as_of = 5000, .limit = 2};
	expect_list(f->db, &q, "CENTER,CITY", 2);
	q.after_code = "CITY";
	expect_list(f->db, &q, "DEP1,PC1", 2);
	q.after_code = "PC1";
	expect_list(f->db, &q, "PC2,SP1", 2);
	q.after_code = "SP1";
	expect_list(f->db, &q, "SP2", 1);
	q.after_code = "SP2";
	expect_list(f->db, &q, "", 0);
	q = (struct unit_filter){.as_of = 5000, .limit = 1, .parent = "CITY", .after_code = "CENTER"};
	expect_list(f->db, &q, "DEP1", 1);
}

/* The parent filter follows the parent at as_of. */
static void test_unit_list_as_of(void **state)
{
	struct fixture *f = *state;
	insert_units(f->db);
	fixture_unit(f->db, "SP3", "Điểm phụ", "diem phu", "service_point", "", "PC1", 1000);
	assert_int_equal(ustore_move(f->db, "SP3", "PC2", 2000), MC_OK);
	struct unit_filter q = {.as_of = 1500, .limit = 100, .parent = "PC1"};
	expect_list(f->db, &q, "SP1,SP3", 2);
	q.parent = "PC2";
	expect_list(f->db, &q, "SP2", 1);
	q.as_of = 2000;
	expect_list(f->db, &q, "SP2,SP3", 2);
	q.parent = "PC1";
	expect_list(f->db, &q, "SP1", 1);
	q = (struct unit_filter){.as_of = 999, .limit = 100, .kind = "service_point"};
	expect_list(f->db, &q, "SP1,SP2", 2);
}

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
	assert_int_equal(usstore_add_role(db, id, &r), want);
}

static void test_user_insert_and_load(void **state)
{
	struct fixture *f = *state;
	struct user u, v, got;
	insert_units(f->db);
	make_user(&u, "hang.nguyen");
	assert_int_equal(usstore_insert(f->db, &u, "k", 100), MC_OK);
	assert_int_equal(u.id, 1);
	make_user(&v, "minh.tran");
	snprintf(v.id_number, sizeof(v.id_number), "001190012345");
	v.phone[0] = '\0';
	assert_int_equal(usstore_insert(f->db, &v, "k", 100), MC_OK);
	assert_int_equal(v.id, 2);
	add_role(f->db, u.id, "receiver", "SP1", MC_OK);
	add_role(f->db, u.id, "processor", "DEP1", MC_OK);
	add_role(f->db, u.id, "citizen", "", MC_OK);

	memset(&got, 0x55, sizeof(got));
	assert_int_equal(usstore_by_name(f->db, "hang.nguyen", &got), MC_OK);
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
	assert_int_equal(usstore_by_id(f->db, 2, &got), MC_OK);
	assert_string_equal(got.username, "minh.tran");
	assert_string_equal(got.id_number, "001190012345");
	assert_string_equal(got.phone, "");
	assert_int_equal(got.nroles, 0);

	assert_int_equal(usstore_by_name(f->db, "nobody", &got), MC_ENOTFOUND);
	assert_int_equal(usstore_by_id(f->db, 3, &got), MC_ENOTFOUND);
}

static void test_user_conflicts(void **state)
{
	struct fixture *f = *state;
	struct user u, dup, got;
	insert_units(f->db);
	make_user(&u, "hang.nguyen");
	assert_int_equal(usstore_insert(f->db, &u, "k", 100), MC_OK);
	make_user(&dup, "hang.nguyen");
	snprintf(dup.full_name, sizeof(dup.full_name), "Someone Else");
	assert_int_equal(usstore_insert(f->db, &dup, "k", 200), MC_ECONFLICT);
	assert_int_equal(usstore_by_name(f->db, "hang.nguyen", &got), MC_OK);
	assert_string_equal(got.full_name, "Nguyễn Thị Hằng");

	add_role(f->db, u.id, "receiver", "SP1", MC_OK);
	add_role(f->db, u.id, "receiver", "SP1", MC_ECONFLICT); /* the same grant twice */
	add_role(f->db, u.id, "receiver", "NOPE", MC_ECONFLICT); /* unknown unit */
	add_role(f->db, u.id, "janitor", "SP1", MC_ECONFLICT);   /* unknown role */
	add_role(f->db, 99, "receiver", "SP1", MC_ECONFLICT);    /* unknown user */
	assert_int_equal(usstore_by_id(f->db, u.id, &got), MC_OK);
	assert_int_equal(got.nroles, 1);
}

/* A role without a unit (citizen) granted twice. */
static void test_user_duplicate_citizen_role(void **state)
{
	struct fixture *f = *state;
	struct user u, got;
	make_user(&u, "citizen.one");
	assert_int_equal(usstore_insert(f->db, &u, "k", 100), MC_OK);
	add_role(f->db, u.id, "citizen", "", MC_OK);
	/* Regression test (fixed): the UNIQUE (user_id, role, unit_code) constraint of user_roles (0001_init.sql) does not
	 * stop a second ('citizen', NULL) grant, because SQLite treats NULLs as distinct in UNIQUE;
	 * the user then loads with two identical citizen roles (nroles 2). A unit role granted twice
	 * gives MC_ECONFLICT (test_user_conflicts). */
	add_role(f->db, u.id, "citizen", "", MC_ECONFLICT);
	assert_int_equal(usstore_by_id(f->db, u.id, &got), MC_OK);
	assert_int_equal(got.nroles, 1);
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
	assert_int_equal(usstore_insert(f->db, &u, "k", 100), MC_OK);
	assert_int_equal(usstore_session_insert(f->db, h1, u.id, 1000, 2000), MC_OK);
	assert_int_equal(usstore_session_find(f->db, h1, 1000, &uid, &exp, NULL), MC_OK);
	assert_int_equal(uid, u.id);
	assert_int_equal(exp, 2000);
	uid = exp = -1;
	assert_int_equal(usstore_session_find(f->db, h1, 1999, &uid, &exp, NULL), MC_OK);
	assert_int_equal(uid, u.id);
	assert_int_equal(exp, 2000);
	assert_int_equal(usstore_session_find(f->db, h1, 2000, &uid, &exp, NULL), MC_ENOTFOUND);
	assert_int_equal(usstore_session_find(f->db, h1, 2001, &uid, &exp, NULL), MC_ENOTFOUND);
	assert_int_equal(usstore_session_find(f->db, h2, 1500, &uid, &exp, NULL), MC_ENOTFOUND);
	assert_int_equal(usstore_session_insert(f->db, h1, u.id, 1000, 3000), MC_ECONFLICT);
	assert_int_equal(usstore_session_insert(f->db, h2, 99, 1000, 3000), MC_ECONFLICT);
	assert_int_equal(usstore_session_insert(f->db, h2, u.id, 1000, 3000), MC_OK);
	assert_int_equal(usstore_session_delete(f->db, h1), MC_OK);
	assert_int_equal(usstore_session_find(f->db, h1, 1500, &uid, &exp, NULL), MC_ENOTFOUND);
	assert_int_equal(usstore_session_find(f->db, h2, 1500, &uid, &exp, NULL), MC_OK);
	assert_int_equal(exp, 3000);
	assert_int_equal(usstore_session_delete(f->db, h1), MC_OK); /* deleting twice is fine */
	/* The last use: the creation until touched, then the touch. */
	int64_t seen = -1;
	assert_int_equal(usstore_session_find(f->db, h2, 1500, &uid, &exp, &seen), MC_OK);
	assert_int_equal(seen, 1000);
	assert_int_equal(usstore_session_touch(f->db, h2, 1700), MC_OK);
	assert_int_equal(usstore_session_find(f->db, h2, 1800, &uid, &exp, &seen), MC_OK);
	assert_int_equal(seen, 1700);
	assert_int_equal(exp, 3000);
}

static enum mc_err fail_at(struct db *db, const char *username, const char *addr, int64_t at)
{
	struct login_failure lf = {username, addr, at, 0, 100, 100};
	return usstore_failure_add(db, &lf);
}

static void test_login_failures(void **state)
{
	struct fixture *f = *state;
	int64_t count = -1, oldest = -1;
	assert_int_equal(usstore_failures(f->db, "hang", 0, &count, &oldest), MC_OK);
	assert_int_equal(count, 0);
	assert_int_equal(oldest, 0);
	assert_int_equal(fail_at(f->db, "hang", "10.0.0.1", 300), MC_OK);
	assert_int_equal(fail_at(f->db, "hang", NULL, 100), MC_OK);
	assert_int_equal(fail_at(f->db, "hang", "10.0.0.2", 200), MC_OK);
	assert_int_equal(fail_at(f->db, "other", "10.0.0.1", 150), MC_OK);
	assert_int_equal(usstore_failures(f->db, "hang", 0, &count, &oldest), MC_OK);
	assert_int_equal(count, 3);
	assert_int_equal(oldest, 100);
	assert_int_equal(usstore_failures(f->db, "hang", 150, &count, &oldest), MC_OK);
	assert_int_equal(count, 2);
	assert_int_equal(oldest, 200);
	assert_int_equal(usstore_failures(f->db, "hang", 400, &count, &oldest), MC_OK);
	assert_int_equal(count, 0);
	assert_int_equal(oldest, 0);
	assert_int_equal(usstore_addr_failures(f->db, "10.0.0.1", 0, &count, &oldest), MC_OK);
	assert_int_equal(count, 2);
	assert_int_equal(oldest, 150);
	assert_int_equal(usstore_failures_clear(f->db, "hang"), MC_OK);
	assert_int_equal(usstore_failures(f->db, "hang", 0, &count, &oldest), MC_OK);
	assert_int_equal(count, 0);
	assert_int_equal(usstore_failures(f->db, "other", 0, &count, &oldest), MC_OK);
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
		assert_int_equal(usstore_failure_add(f->db, &lf), MC_OK);
	}
	assert_int_equal(usstore_failures(f->db, "hang", 900, &count, &oldest), MC_OK);
	assert_int_equal(count, 3);
	for (int i = 0; i < 10; i++) {
		char name[16];
		snprintf(name, sizeof(name), "u%d", i);
		struct login_failure lf = {name, "10.0.0.9", 1100 + i, 900, 3, 5};
		assert_int_equal(usstore_failure_add(f->db, &lf), MC_OK);
	}
	assert_int_equal(usstore_addr_failures(f->db, "10.0.0.9", 900, &count, &oldest), MC_OK);
	assert_int_equal(count, 5);
	assert_int_equal(oldest, 1000);
	/* Later: the window has moved past every row; the next failure trims that address's. */
	struct login_failure later = {"someone", "10.0.0.9", 5000, 4000, 3, 5};
	assert_int_equal(usstore_failure_add(f->db, &later), MC_OK);
	assert_int_equal(usstore_addr_failures(f->db, "10.0.0.9", 0, &count, &oldest), MC_OK);
	assert_int_equal(count, 1);
	assert_int_equal(oldest, 5000);
}

static void fill_hash(unsigned char h[AUDIT_HASH_LEN], unsigned char seed)
{
	for (size_t i = 0; i < AUDIT_HASH_LEN; i++)
		h[i] = (unsigned char)(seed * 31 + i);
}

static void insert_audit(struct db *db, int64_t id, const char *unit, const char *entity)
{
	struct audit_row r;
	char detail[32];
	snprintf(detail, sizeof(detail), "{\"n\":%d}", (int)id);
	r.id = id;
	r.at = 1000 + id;
	r.actor = "admin";
	r.unit = unit;
	r.action = "create_unit";
	r.entity = entity;
	r.detail = detail;
	fill_hash(r.prev_hash, (unsigned char)(id - 1));
	fill_hash(r.hash, (unsigned char)id);
	assert_int_equal(astore_insert(db, &r), MC_OK);
}

struct scan_log {
	int64_t ids[16];
	size_t n;
	size_t stop_after; /* 0 = never stop */
};

static int scan_collect(const struct audit_row *r, void *ctx)
{
	struct scan_log *s = ctx;
	unsigned char h[AUDIT_HASH_LEN];
	assert_true(s->n < MC_ARRAY_LEN(s->ids));
	s->ids[s->n++] = r->id;
	assert_int_equal(r->at, 1000 + r->id);
	assert_string_equal(r->actor, "admin");
	assert_string_equal(r->action, "create_unit");
	char detail[32];
	snprintf(detail, sizeof(detail), "{\"n\":%d}", (int)r->id);
	assert_string_equal(r->detail, detail);
	if (r->id % 2) {
		assert_string_equal(r->entity, "unit:A");
		assert_null(r->unit);
	} else {
		assert_string_equal(r->entity, "unit:B");
		assert_string_equal(r->unit, "PC1");
	}
	fill_hash(h, (unsigned char)(r->id - 1));
	assert_memory_equal(r->prev_hash, h, AUDIT_HASH_LEN);
	fill_hash(h, (unsigned char)r->id);
	assert_memory_equal(r->hash, h, AUDIT_HASH_LEN);
	return s->stop_after && s->n == s->stop_after;
}

static void expect_scan(struct db *db, const char *entity, int64_t after, size_t limit,
			size_t stop_after, const int64_t *want, size_t nwant)
{
	struct scan_log s = {.stop_after = stop_after};
	assert_int_equal(astore_scan(db, entity, after, limit, scan_collect, &s), MC_OK);
	assert_int_equal(s.n, nwant);
	for (size_t i = 0; i < nwant; i++)
		assert_int_equal(s.ids[i], want[i]);
}

static void test_audit_store(void **state)
{
	struct fixture *f = *state;
	unsigned char hash[AUDIT_HASH_LEN], want[AUDIT_HASH_LEN];
	int64_t id = -1;
	memset(hash, 0xff, sizeof(hash));
	assert_int_equal(astore_last(f->db, &id, hash), MC_OK);
	assert_int_equal(id, 0);
	memset(want, 0, sizeof(want));
	assert_memory_equal(hash, want, AUDIT_HASH_LEN);
	expect_scan(f->db, NULL, 0, 0, 0, NULL, 0);

	for (int64_t i = 1; i <= 5; i++)
		insert_audit(f->db, i, i % 2 ? NULL : "PC1", i % 2 ? "unit:A" : "unit:B");
	assert_int_equal(astore_last(f->db, &id, hash), MC_OK);
	assert_int_equal(id, 5);
	fill_hash(want, 5);
	assert_memory_equal(hash, want, AUDIT_HASH_LEN);

	static const int64_t all[] = {1, 2, 3, 4, 5}, a[] = {1, 3, 5}, b[] = {2, 4};
	expect_scan(f->db, NULL, 0, 0, 0, all, 5);
	expect_scan(f->db, "unit:A", 0, 0, 0, a, 3);
	expect_scan(f->db, "unit:B", 0, 0, 0, b, 2);
	expect_scan(f->db, "unit:A", 1, 0, 0, a + 1, 2);
	expect_scan(f->db, NULL, 0, 2, 0, all, 2);
	expect_scan(f->db, NULL, 3, 10, 0, all + 3, 2);
	expect_scan(f->db, "unit:A", 0, 2, 0, a, 2);
	expect_scan(f->db, NULL, 0, 0, 1, all, 1); /* fn stops the scan */
	expect_scan(f->db, "unit:C", 0, 0, 0, NULL, 0);
	expect_scan(f->db, NULL, 5, 0, 0, NULL, 0);
}

static void test_audit_store_duplicate_id(void **state)
{
	struct fixture *f = *state;
	struct audit_row r;
	memset(&r, 0, sizeof(r));
	insert_audit(f->db, 1, NULL, "unit:A");
	r.id = 1;
	r.actor = "x";
	r.action = "x";
	r.entity = "x";
	r.detail = "{}";
	assert_int_equal(astore_insert(f->db, &r), MC_ECONFLICT);
}

static void issue(struct db *db, const char *point, const char *day, const char *priority,
		  int64_t want_number, struct ticket *out)
{
	memset(out, 0, sizeof(*out));
	snprintf(out->point, sizeof(out->point), "%s", point);
	snprintf(out->day, sizeof(out->day), "%s", day);
	snprintf(out->service_group, sizeof(out->service_group), "Hộ tịch");
	snprintf(out->priority, sizeof(out->priority), "%s", priority);
	out->created_at = 5000 + want_number;
	assert_int_equal(qstore_issue(db, out), MC_OK);
	assert_int_equal(out->number, want_number);
	assert_string_equal(out->status, "waiting");
	assert_true(out->id > 0);
}

static void test_queue_numbers(void **state)
{
	struct fixture *f = *state;
	struct ticket t1, t2, t3, t;
	insert_units(f->db);
	issue(f->db, "SP1", "2026-11-26", "", 1, &t1);
	issue(f->db, "SP1", "2026-11-26", "", 2, &t2);
	issue(f->db, "SP1", "2026-11-26", "", 3, &t3);
	assert_true(t1.id < t2.id && t2.id < t3.id);
	issue(f->db, "SP1", "2026-11-27", "", 1, &t);
	issue(f->db, "SP2", "2026-11-26", "", 1, &t);
	issue(f->db, "SP1", "2026-11-27", "", 2, &t);
	issue(f->db, "SP1", "2026-11-26", "", 4, &t);

	memset(&t, 0, sizeof(t));
	snprintf(t.point, sizeof(t.point), "NOPE");
	snprintf(t.day, sizeof(t.day), "2026-11-26");
	snprintf(t.service_group, sizeof(t.service_group), "x");
	assert_int_equal(qstore_issue(f->db, &t), MC_ECONFLICT); /* unknown point */
	snprintf(t.point, sizeof(t.point), "SP1");
	snprintf(t.priority, sizeof(t.priority), "vip");
	assert_int_equal(qstore_issue(f->db, &t), MC_ECONFLICT); /* unknown priority */

	int64_t n = -1;
	assert_int_equal(qstore_count_waiting(f->db, "SP1", "2026-11-26", &n), MC_OK);
	assert_int_equal(n, 4);
	assert_int_equal(qstore_count_waiting(f->db, "SP1", "2026-11-27", &n), MC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(qstore_count_waiting(f->db, "SP2", "2026-11-27", &n), MC_OK);
	assert_int_equal(n, 0);
}

struct ticket_log {
	struct ticket t[8];
	size_t n;
};

static void collect_ticket(const struct ticket *t, void *arg)
{
	struct ticket_log *l = arg;
	assert_true(l->n < MC_ARRAY_LEN(l->t));
	l->t[l->n++] = *t;
}

static void test_queue_calling(void **state)
{
	struct fixture *f = *state;
	struct ticket t1, t2, tp, next;
	insert_units(f->db);
	issue(f->db, "SP1", "2026-11-26", "", 1, &t1);
	issue(f->db, "SP1", "2026-11-26", "", 2, &t2);
	issue(f->db, "SP1", "2026-11-26", "elderly", 3, &tp);

	assert_int_equal(qstore_next_waiting(f->db, "SP1", "2026-11-26", &next), MC_OK);
	assert_int_equal(next.id, tp.id);
	assert_int_equal(next.number, 3);
	assert_string_equal(next.priority, "elderly");
	assert_string_equal(next.status, "waiting");
	assert_string_equal(next.point, "SP1");
	assert_string_equal(next.day, "2026-11-26");
	assert_string_equal(next.service_group, "Hộ tịch");
	assert_int_equal(next.counter, 0);
	assert_int_equal(next.called_at, 0);
	assert_int_equal(next.created_at, 5003);

	assert_int_equal(qstore_mark_called(f->db, tp.id, 2, 6000, "hang.nguyen"), MC_OK);
	assert_int_equal(qstore_mark_called(f->db, tp.id, 5, 6001, "minh.tran"), MC_ECONFLICT);
	assert_int_equal(qstore_next_waiting(f->db, "SP1", "2026-11-26", &next), MC_OK);
	assert_int_equal(next.id, t1.id);
	assert_int_equal(next.number, 1);
	assert_string_equal(next.priority, "");

	struct ticket_log log = {.n = 0};
	assert_int_equal(qstore_list(f->db, "SP1", "2026-11-26", 0, 10, collect_ticket, &log), MC_OK);
	assert_int_equal(log.n, 3);
	assert_int_equal(log.t[0].number, 1);
	assert_int_equal(log.t[1].number, 2);
	assert_int_equal(log.t[2].number, 3);
	assert_string_equal(log.t[2].status, "called");
	assert_int_equal(log.t[2].counter, 2);
	assert_int_equal(log.t[2].called_at, 6000);

	log.n = 0;
	assert_int_equal(qstore_list(f->db, "SP1", "2026-11-26", 1, 1, collect_ticket, &log), MC_OK);
	assert_int_equal(log.n, 1);
	assert_int_equal(log.t[0].number, 2);

	/* The counter finishes its ticket: only the called one becomes done. */
	assert_int_equal(qstore_finish_counter(f->db, "SP1", "2026-11-26", 2), MC_OK);
	log.n = 0;
	assert_int_equal(qstore_list(f->db, "SP1", "2026-11-26", 0, 10, collect_ticket, &log), MC_OK);
	assert_string_equal(log.t[0].status, "waiting");
	assert_string_equal(log.t[1].status, "waiting");
	assert_string_equal(log.t[2].status, "done");

	assert_int_equal(qstore_mark_called(f->db, t1.id, 1, 6100, "hang.nguyen"), MC_OK);
	assert_int_equal(qstore_mark_called(f->db, t2.id, 1, 6200, "hang.nguyen"), MC_OK);
	assert_int_equal(qstore_next_waiting(f->db, "SP1", "2026-11-26", &next), MC_ENOTFOUND);
	assert_int_equal(qstore_next_waiting(f->db, "SP2", "2026-11-26", &next), MC_ENOTFOUND);
}

static void test_rollback(void **state)
{
	struct fixture *f = *state;
	struct unit u;
	int64_t n = -1;
	insert_units(f->db);
	assert_false(db_in_tx(f->db));
	assert_int_equal(db_begin_write(f->db), MC_OK);
	assert_true(db_in_tx(f->db));
	fixture_unit(f->db, "SP9", "Tạm", "tam", "service_point", "", "PC1", 0);
	assert_int_equal(ustore_get(f->db, "SP9", 5000, &u), MC_OK); /* visible inside */
	db_rollback(f->db);
	assert_false(db_in_tx(f->db));
	assert_int_equal(ustore_get(f->db, "SP9", 5000, &u), MC_ENOTFOUND);
	assert_int_equal(ustore_count(f->db, &n), MC_OK);
	assert_int_equal(n, 7);
	db_rollback(f->db); /* safe without a transaction */
	assert_false(db_in_tx(f->db));
}

/* A committed write is visible to another connection of the same file. */
static void test_commit_visible(void **state)
{
	struct fixture *f = *state;
	struct db *other = NULL;
	struct unit u;
	insert_units(f->db);
	assert_int_equal(db_open(f->path, &other), MC_OK);
	assert_int_equal(db_begin_write(f->db), MC_OK);
	fixture_unit(f->db, "SP9", "Tạm", "tam", "service_point", "", "PC1", 0);
	assert_int_equal(ustore_get(other, "SP9", 5000, &u), MC_ENOTFOUND);
	assert_int_equal(db_commit(f->db), MC_OK);
	assert_false(db_in_tx(f->db));
	assert_int_equal(ustore_get(other, "SP9", 5000, &u), MC_OK);
	assert_string_equal(u.parent, "PC1");
	db_close(other);
}

struct writer {
	struct db *db;
	atomic_int entered;
	atomic_int acquired;
	atomic_int first_committed; /* set by the first writer just before it commits */
	int saw_commit;
	enum mc_err err;
};

static void *second_writer(void *arg)
{
	struct writer *w = arg;
	atomic_store(&w->entered, 1);
	w->err = db_begin_write(w->db);
	w->saw_commit = atomic_load(&w->first_committed);
	atomic_store(&w->acquired, 1);
	if (!w->err) {
		/* No cmocka assertion here: they must run on the test's own thread. */
		struct unit u;
		memset(&u, 0, sizeof(u));
		snprintf(u.code, sizeof(u.code), "SPB");
		snprintf(u.name, sizeof(u.name), "Sau");
		snprintf(u.kind, sizeof(u.kind), "service_point");
		snprintf(u.parent, sizeof(u.parent), "PC1");
		w->err = ustore_insert(w->db, &u, "sau", 0, 100);
		if (!w->err)
			w->err = db_commit(w->db);
	}
	return NULL;
}

/* BEGIN IMMEDIATE on a second connection waits for the first writer instead of failing. */
static void test_two_writers(void **state)
{
	struct fixture *f = *state;
	struct writer w = {.err = MC_EINTERNAL};
	struct unit u;
	pthread_t th;
	insert_units(f->db);
	assert_int_equal(db_open(f->path, &w.db), MC_OK);
	assert_int_equal(db_begin_write(f->db), MC_OK);
	fixture_unit(f->db, "SPA", "Trước", "truoc", "service_point", "", "PC1", 0);
	assert_int_equal(pthread_create(&th, NULL, second_writer, &w), 0);
	assert_true(wait_flag(&w.entered, 5000));
	/* While the first transaction is open the second writer does not get the lock. */
	assert_false(wait_flag(&w.acquired, 150));
	atomic_store(&w.first_committed, 1);
	assert_int_equal(db_commit(f->db), MC_OK);
	assert_int_equal(pthread_join(th, NULL), 0);
	assert_int_equal(w.err, MC_OK);
	assert_int_equal(w.saw_commit, 1);
	assert_int_equal(ustore_get(f->db, "SPA", 5000, &u), MC_OK);
	assert_int_equal(ustore_get(f->db, "SPB", 5000, &u), MC_OK);
	db_close(w.db);
}

static void test_backup(void **state)
{
	struct fixture *f = *state;
	char path[256];
	struct db *copy = NULL;
	struct unit u;
	int64_t n = -1;
	int version = -1;
	insert_units(f->db);
	fixture_unit(f->db, "SP3", "Điểm phụ", "diem phu", "service_point", "", "PC1", 1000);
	assert_int_equal(ustore_move(f->db, "SP3", "PC2", 2000), MC_OK);
	fixture_file(f, "backup.db", path, sizeof(path));
	assert_int_equal(db_backup(f->db, path), MC_OK);
	assert_int_equal(db_open(path, &copy), MC_OK);
	assert_int_equal(ustore_count(copy, &n), MC_OK);
	assert_int_equal(n, 8);
	assert_int_equal(migrate_version(copy, &version), MC_OK);
	assert_int_equal(version, count_migrations());
	assert_int_equal(ustore_get(copy, "SP3", 1500, &u), MC_OK);
	assert_string_equal(u.parent, "PC1");
	assert_int_equal(ustore_get(copy, "SP3", 2500, &u), MC_OK);
	assert_string_equal(u.parent, "PC2");
	db_close(copy);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_migrate),
		T(test_migrate_new_and_reopened),
		T(test_unit_get),
		T(test_unit_duplicate),
		T(test_unit_unknown_parent_in_tx),
		T(test_unit_move),
		T(test_unit_move_unknown),
		T(test_unit_list),
		T(test_unit_list_keyset),
		T(test_unit_list_as_of),
		T(test_user_insert_and_load),
		T(test_user_conflicts),
		T(test_user_duplicate_citizen_role),
		T(test_sessions),
		T(test_login_failures),
		T(test_login_failure_caps),
		T(test_audit_store),
		T(test_audit_store_duplicate_id),
		T(test_queue_numbers),
		T(test_queue_calling),
		T(test_rollback),
		T(test_commit_visible),
		T(test_two_writers),
		T(test_backup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
