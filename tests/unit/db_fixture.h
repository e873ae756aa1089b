/* The fixture of the unit tests that need a real database: a fresh temporary directory holding a
 * migrated SQLite file, an arena, and units inserted in one call. Each test program includes it
 * once (static inline functions) after cmocka.h. fixture_setup and fixture_teardown are cmocka
 * hooks for tests that need nothing more than the migrated database (define FIXTURE_NAME before
 * the include to name the temporary directory); richer setups call fixture_open themselves. */
#ifndef MC_TEST_DB_FIXTURE_H
#define MC_TEST_DB_FIXTURE_H

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/arena.h"
#include "store/db.h"
#include "store/migrate.h"
#include "store/unit_store.h"

struct fixture {
	char dir[64];
	char path[128];
	struct db *db;
	struct arena arena;
	int applied; /* migrations applied when the database was created */
};

/* A new directory /tmp/motcua-test-<name>-XXXXXX with motcua.db migrated to the latest version. */
static inline struct fixture *fixture_open(const char *name)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	arena_init(&f->arena);
	int n = snprintf(f->dir, sizeof(f->dir), "/tmp/motcua-test-%s-XXXXXX", name);
	assert_true(n > 0 && (size_t)n < sizeof(f->dir));
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof(f->path), "%s/motcua.db", f->dir);
	assert_int_equal(db_open(f->path, &f->db), MC_OK);
	assert_int_equal(migrate_apply(f->db, &f->applied), MC_OK);
	assert_true(f->applied > 0);
	return f;
}

/* The path of a file in the fixture's directory. */
static inline void fixture_file(const struct fixture *f, const char *name, char *out, size_t cap)
{
	int n = snprintf(out, cap, "%s/%s", f->dir, name);
	assert_true(n > 0 && (size_t)n < cap);
}

/* Removes a directory and everything below it (files and directories, as tests make them). */
static inline void fixture_remove_tree(const char *dir)
{
	char path[1024];
	struct stat st;
	chmod(dir, 0700); /* a test may have made it read-only */
	DIR *d = opendir(dir);
	assert_non_null(d);
	for (struct dirent *e; (e = readdir(d));) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		int n = snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		assert_true(n > 0 && (size_t)n < sizeof(path));
		assert_int_equal(lstat(path, &st), 0);
		if (S_ISDIR(st.st_mode))
			fixture_remove_tree(path);
		else
			assert_int_equal(unlink(path), 0);
	}
	closedir(d);
	assert_int_equal(rmdir(dir), 0);
}

static inline void fixture_close(struct fixture *f)
{
	arena_release(&f->arena);
	db_close(f->db);
	fixture_remove_tree(f->dir);
	free(f);
}

/* Inserts an active unit valid from `from` (epoch seconds); "" for no subkind or parent. */
static inline void fixture_unit(struct db *db, const char *code, const char *name, const char *key,
			 const char *kind, const char *subkind, const char *parent, int64_t from)
{
	struct unit u;
	memset(&u, 0, sizeof(u));
	snprintf(u.code, sizeof(u.code), "%s", code);
	snprintf(u.name, sizeof(u.name), "%s", name);
	snprintf(u.kind, sizeof(u.kind), "%s", kind);
	snprintf(u.subkind, sizeof(u.subkind), "%s", subkind);
	snprintf(u.parent, sizeof(u.parent), "%s", parent);
	u.active = true;
	assert_int_equal(unitstore_insert(db, &u, key, from, 100), MC_OK);
}

/* Seven units valid from 0: the city PC, the Center, a department, two commune PCs and their
 * service points (short codes, not the national identifier shape). */
static inline void fixture_sample_units(struct db *db)
{
	fixture_unit(db, "CITY", "UBND Thành phố Hà Nội", "ubnd thanh pho ha noi", "city_pc", "", "", 0);
	fixture_unit(db, "CENTER", "Trung tâm Phục vụ hành chính công", "trung tam phuc vu hanh chinh cong", "center", "", "CITY", 0);
	fixture_unit(db, "DEP1", "Sở Tư pháp", "so tu phap", "department", "", "CITY", 0);
	fixture_unit(db, "PC1", "UBND Phường Cửa Nam", "ubnd phuong cua nam", "commune_pc", "phuong", "CITY", 0);
	fixture_unit(db, "PC2", "UBND Xã Sóc Sơn", "ubnd xa soc son", "commune_pc", "xa", "CITY", 0);
	fixture_unit(db, "SP1", "Điểm phục vụ Cửa Nam", "diem phuc vu cua nam", "service_point", "", "PC1", 0);
	fixture_unit(db, "SP2", "Điểm phục vụ Sóc Sơn", "diem phuc vu soc son", "service_point", "", "PC2", 0);
}

#ifndef FIXTURE_NAME
#define FIXTURE_NAME "db"
#endif

static inline int fixture_setup(void **state)
{
	*state = fixture_open(FIXTURE_NAME);
	return 0;
}

static inline int fixture_teardown(void **state)
{
	fixture_close(*state);
	return 0;
}

/* SQLite's plan of sql (EXPLAIN QUERY PLAN), its steps' details joined by " | " into plan. The
 * EXPLAIN statement's text is kept in one of a few slots per distinct sql, since the store caches
 * prepared statements by the address of their text. Fails the test when the plan does not fit. */
static inline void fixture_plan(struct db *db, const char *sql, char *plan, size_t cap)
{
	static struct {
		const char *sql;
		char text[8192];
	} slot[8];
	size_t i = 0;
	while (i < 8 && slot[i].sql && slot[i].sql != sql)
		i++;
	assert_true(i < 8);
	if (!slot[i].sql) {
		slot[i].sql = sql;
		assert_true((size_t)snprintf(slot[i].text, sizeof(slot[i].text), "EXPLAIN QUERY PLAN %s",
					     sql) < sizeof(slot[i].text));
	}
	struct db_stmt *st = db_prepare(db, slot[i].text);
	assert_non_null(st);
	size_t len = 0;
	plan[0] = 0;
	bool row;
	while (db_step(st, &row) == MC_OK && row) {
		len += (size_t)snprintf(plan + len, cap - len, "%s | ", db_col_text(st, 3));
		assert_true(len < cap);
	}
}

/* Copies a text into a fixed array member. */
#define SET(field, value) snprintf((field), sizeof(field), "%s", (value))

#endif
