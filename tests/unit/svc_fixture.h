/* The fixture of the use-case tests (the svc headers, without HTTP): db_fixture.h's migrated
 * database seeded as `motcua init` and `motcua demo` seed it (Hanoi's units, the official calendar,
 * the catalog, the demo accounts, an administrator), a service state, and contexts acting as one
 * account at a given time, as the API tests' server on its test clock does. Included once per test
 * program after db_fixture.h (static inline functions). */
#ifndef MC_TEST_SVC_FIXTURE_H
#define MC_TEST_SVC_FIXTURE_H

#include <jansson.h>
#include <sodium.h>

#include "base/civil.h"
#include "base/problem.h"
#include "store/audit_store.h"
#include "store/user_store.h"
#include "svc/auth.h"
#include "svc/calendar.h"
#include "svc/catalog.h"
#include "svc/demo.h"
#include "svc/setup.h"
#include "svc/svc.h"
#include "svc/units.h"

/* The units of the demo accounts (tests/api/lib/dossiers.mjs). */
#define CENTER "000.00.01.H26"   /* the Center */
#define HK_PC "001.00.50.H26"    /* the PC of phường Hoàn Kiếm */
#define HK_POINT "001.01.50.H26" /* its service point */
#define CN_PC "002.00.50.H26"    /* the PC of phường Cửa Nam */
#define CN_POINT "002.01.50.H26" /* its service point */
#define BD_POINT "003.01.50.H26" /* the service point of phường Ba Đình */

#define SVC_FIXTURE_USERS 16

struct svc_fixture {
	struct fixture *db; /* the database, its directory and the arena of every call */
	struct svc_state state;
	struct problem problem; /* of the last context made */
	json_t *kept;           /* JSON values the test borrows, released at close */
	size_t nusers;
	struct user users[SVC_FIXTURE_USERS];
};

/* An RFC 3339 time ("2026-11-26T09:00:00+07:00") as epoch seconds. */
static inline int64_t svc_fixture_time(const char *text)
{
	int64_t t = 0;
	assert_int_equal(civil_parse_time(text, strlen(text), &t), MC_OK);
	return t;
}

/* A staff account with one role (the demo's citizens come from demo_seed, verified). */
static inline void svc_fixture_account(struct db *db, const char *username, const char *full_name,
				       const char *role, const char *unit, int64_t now)
{
	struct user u;
	struct user_role r;
	memset(&u, 0, sizeof(u));
	memset(&r, 0, sizeof(r));
	SET(u.username, username);
	SET(u.full_name, full_name);
	SET(u.password_hash, "$argon2id$never-logs-in");
	SET(r.role, role);
	SET(r.unit, unit);
	assert_int_equal(auth_insert_account(db, &u, now), MC_OK);
	assert_int_equal(userstore_add_role(db, u.id, &r), MC_OK);
}

/* Opens the database seeded at `seeded` (before anything the tests do). */
static inline struct svc_fixture *svc_fixture_open(const char *name, const char *seeded)
{
	struct svc_fixture *sf = xcalloc(1, sizeof(*sf));
	struct svc_config cfg;
	int64_t now = svc_fixture_time(seeded), units = 0;
	size_t days = 0, procedures = 0;
	int created = 0;
	assert_true(sodium_init() >= 0);
	sf->db = fixture_open(name);
	memset(&cfg, 0, sizeof(cfg)); /* svc_config_defaults leaves the identity provider's unset */
	svc_config_defaults(&cfg);
	cfg.pwhash_ops = crypto_pwhash_OPSLIMIT_MIN; /* nobody logs in: hashing need not be slow */
	cfg.pwhash_mem = crypto_pwhash_MEMLIMIT_MIN;
	cfg.data_dir = sf->db->dir;
	cfg.track_cache = 64;
	assert_int_equal(svc_state_init(&sf->state, &cfg), MC_OK);
	struct db *db = sf->db->db;
	assert_int_equal(db_begin_write(db), MC_OK);
	assert_int_equal(units_seed_hanoi(db, now, &units), MC_OK);
	assert_int_equal(calendar_seed_official(db, now, &days), MC_OK);
	assert_int_equal(catalog_seed(db, now, &procedures), MC_OK);
	svc_fixture_account(db, "admin", "Quản trị hệ thống", "admin", "", now);
	assert_int_equal(db_commit(db), MC_OK);
	struct problem seed_problem;
	problem_init(&seed_problem, &sf->db->arena);
	struct svc_ctx seed = {.state = &sf->state, .db = db, .arena = &sf->db->arena,
			       .problem = &seed_problem, .now = now, .real_now = now};
	assert_int_equal(demo_seed(&seed, "motcua-demo", &created), MC_OK);
	assert_int_equal(created, 12);
	sf->kept = json_array();
	return sf;
}

static inline void svc_fixture_close(struct svc_fixture *sf)
{
	json_decref(sf->kept);
	svc_state_release(&sf->state);
	fixture_close(sf->db);
	free(sf);
}

/* The account of that username as the database holds it (loaded once). */
static inline const struct user *svc_fixture_user(struct svc_fixture *sf, const char *username)
{
	for (size_t i = 0; i < sf->nusers; i++)
		if (strcmp(sf->users[i].username, username) == 0)
			return &sf->users[i];
	assert_true(sf->nusers < SVC_FIXTURE_USERS);
	assert_int_equal(userstore_by_name(sf->db->db, username, &sf->users[sf->nusers]), MC_OK);
	return &sf->users[sf->nusers++];
}

/* A call's context: `who` (NULL: anonymous) acting at `at`, with a fresh problem. */
static inline struct svc_ctx svc_fixture_ctx(struct svc_fixture *sf, const char *who,
					     const char *at)
{
	int64_t now = svc_fixture_time(at);
	problem_init(&sf->problem, &sf->db->arena);
	struct svc_ctx ctx = {.state = &sf->state, .db = sf->db->db, .arena = &sf->db->arena,
			      .problem = &sf->problem, .now = now, .real_now = now};
	ctx.user = who ? svc_fixture_user(sf, who) : NULL;
	return ctx;
}

/* The fields a problem names, in order, joined by commas ("" when none), in the arena. */
static inline const char *svc_fixture_fields(struct svc_fixture *sf, const struct problem *p)
{
	char *out = arena_strdup(&sf->db->arena, "");
	for (const struct field_error *e = p->head; e; e = e->next)
		out = arena_printf(&sf->db->arena, "%s%s%s", out, *out ? "," : "", e->field);
	return out;
}

struct svc_fixture_audit_run {
	struct arena *arena;
	char *text;
};

static inline int svc_fixture_audit_one(const struct audit_row *r, void *arg)
{
	struct svc_fixture_audit_run *run = arg;
	run->text = arena_printf(run->arena, "%s%s%s by %s", run->text, *run->text ? "," : "",
				 r->action, r->actor);
	return 0;
}

/* The audit events of an entity ("staff:1"), oldest first, "action by actor" joined by commas. */
static inline const char *svc_fixture_audit(struct svc_fixture *sf, const char *entity)
{
	struct svc_fixture_audit_run run = {&sf->db->arena, arena_strdup(&sf->db->arena, "")};
	assert_int_equal(astore_scan(sf->db->db, entity, 0, 0, svc_fixture_audit_one, &run), MC_OK);
	return run.text;
}

/* Keeps a JSON value until the fixture closes; returns it (borrowed). */
static inline json_t *svc_fixture_keep(struct svc_fixture *sf, json_t *v)
{
	assert_non_null(v);
	json_array_append_new(sf->kept, v);
	return v;
}

/* The member at a dotted path ("current_step.due_at", "steps.0.timeliness"); NULL when absent. */
static inline json_t *svc_fixture_json_at(json_t *v, const char *path)
{
	char key[64];
	while (v && *path) {
		size_t n = strcspn(path, ".");
		assert_true(n < sizeof(key));
		memcpy(key, path, n);
		key[n] = '\0';
		path += n + (path[n] == '.');
		if (json_is_array(v))
			v = json_array_get(v, (size_t)strtoul(key, NULL, 10));
		else
			v = json_object_get(v, key);
	}
	return v;
}

/* Checks that the member at `path` equals the JSON text `want` ("\"received\"", "null", ...). */
static inline void svc_fixture_expect_json(json_t *v, const char *path, const char *want)
{
	json_error_t e;
	json_t *w = json_loads(want, JSON_DECODE_ANY, &e);
	if (!w)
		fail_msg("bad expected JSON for %s: %s", path, want);
	json_t *got = svc_fixture_json_at(v, path);
	if (!got || !json_equal(got, w)) {
		char *text = got ? json_dumps(got, JSON_ENCODE_ANY | JSON_COMPACT | JSON_SORT_KEYS)
				 : NULL;
		print_error("%s: got %s, want %s\n", path, text ? text : "(absent)", want);
		free(text);
		json_decref(w);
		fail();
	}
	json_decref(w);
}

#endif
