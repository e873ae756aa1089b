/* Tests of the dossier lists (store/dossier_store.h) on a real database in a fresh temporary
 * directory: every list filter, the units a caller covers, both keyset orders, and the open
 * dossiers a calendar change spans. */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "db_fixture.h"
#include "dossier_rows.h"

#include "base/arena.h"
#include "base/civil.h"
#include "store/db.h"
#include "store/dossier_store.h"
#include "store/name_words_store.h"
#include "store/dossier_store_internal.h"
#include "store/user_store.h"

/* "Now" of the list tests: 2026-11-26 09:00 (UTC+7). */
static int64_t now_of(void)
{
	return civil_instant(civil_days(2026, 11, 26), 9 * 3600);
}

#define HOUR 3600
#define DAY 86400

/* The list data set, "now" = now_of():
 *  #  status               receiving resolver proc     applicant               due (effective)
 *  1  received             SP1       PC1      P0000001 Nguyễn Thị Hằng  …345   now-1d   overdue
 *  2  processing           SP1       PC1      P0000002 Trần Văn An      …002   now-1h, extended to now+5d
 *  3  awaiting_supplement  SP1       PC1      P0000001 Lê Văn Bình      …003   now-2d   (never overdue)
 *  4  processing           SP2       SP2      P0000002 Nguyễn Thị Hằng  …345   now-3h   overdue; SP2 only
 *  5  submitted            SP2       PC1      P0000001 Phạm Thu         …005   none
 *  6  returned             SP1       PC1      P0000001 Hoàng An         …006   now-5d   (closed)
 *  7  received             SP1       PC1      P0000001 Đỗ Minh          …007   now      (not before now)
 *  8  processing           SP1       PC1      P0000001 Vũ Lan           …008   now+2d; a step at SP2
 *  9  received             SP1       PC1      P0000001 Bùi Hà           …009   now+2d; received after now
 */
struct listed {
	int64_t ids[16], dues[16];
	char codes[16][DOSSIER_CODE_MAX];
	size_t n;
};

static void collect_listed(const char *code, int64_t id, int64_t due, void *arg)
{
	struct listed *l = arg;
	if (l->n < MC_ARRAY_LEN(l->ids)) {
		l->ids[l->n] = id;
		l->dues[l->n] = due;
		snprintf(l->codes[l->n], sizeof(l->codes[0]), "%s", code);
	}
	l->n++;
}

struct data_set {
	int64_t id[10]; /* id[k] of dossier #k */
	int64_t due[10];
	char code[10][DOSSIER_CODE_MAX];
};

static void add_listed(struct fixture *f, struct data_set *s, int k, const char *status,
		       const char *receiving, const char *resolver, const char *proc,
		       const char *name, const char *key, const char *id_number, int64_t received_at,
		       int64_t due)
{
	struct dossier *d = arena_alloc(&f->arena, sizeof(*d));
	char code[DOSSIER_CODE_MAX];
	snprintf(code, sizeof(code), "%s-2611%02d-0001", receiving, 19 + k);
	base_dossier(d, code, status);
	SET(d->receiving_unit, receiving);
	SET(d->return_unit, receiving);
	SET(d->served_unit, strcmp(receiving, SP2) == 0 ? SP2 : PC1);
	SET(d->resolver_unit, resolver);
	SET(d->procedure_code, proc);
	d->applicant_name = name;
	SET(d->applicant_id, id_number);
	d->received_at = received_at;
	d->due_at = due;
	if (k == 8) {
		d->nsteps = 1;
		set_step(&d->steps[0], 1, "Thẩm định", SP2, "officer");
	}
	insert(f->db, d, key);
	s->id[k] = d->id;
	s->due[k] = due;
	SET(s->code[k], code);
}

static void make_data_set(struct fixture *f, struct data_set *s)
{
	int64_t now = now_of();
	memset(s, 0, sizeof(*s));
	add_listed(f, s, 1, "received", SP1, PC1, "P0000001", "Nguyễn Thị Hằng", "nguyen thi hang",
		   "001190012345", now - 10 * DAY, now - DAY);
	add_listed(f, s, 2, "processing", SP1, PC1, "P0000002", "Trần Văn An", "tran van an",
		   "001090000002", now - 10 * DAY, now - HOUR);
	add_listed(f, s, 3, "awaiting_supplement", SP1, PC1, "P0000001", "Lê Văn Bình",
		   "le van binh", "001090000003", now - 10 * DAY, now - 2 * DAY);
	add_listed(f, s, 4, "processing", SP2, SP2, "P0000002", "Nguyễn Thị Hằng", "nguyen thi hang",
		   "001190012345", now - 10 * DAY, now - 3 * HOUR);
	add_listed(f, s, 5, "submitted", SP2, PC1, "P0000001", "Phạm Thu", "pham thu", "001090000005",
		   0, 0);
	add_listed(f, s, 6, "returned", SP1, PC1, "P0000001", "Hoàng An", "hoang an", "001090000006",
		   now - 20 * DAY, now - 5 * DAY);
	add_listed(f, s, 7, "received", SP1, PC1, "P0000001", "Đỗ Minh", "do minh", "001090000007",
		   now - 2 * HOUR, now);
	add_listed(f, s, 8, "processing", SP1, PC1, "P0000001", "Vũ Lan", "vu lan", "001090000008",
		   now - 3 * DAY, now + 2 * DAY);
	add_listed(f, s, 9, "received", SP1, PC1, "P0000001", "Bùi Hà", "bui ha", "001090000009",
		   now + 10, now + 2 * DAY);

	/* #2 is extended: its effective due is the extension. */
	struct dossier *d = arena_alloc(&f->arena, sizeof(*d));
	assert_int_equal(dstore_get(f->db, &f->arena, s->code[2], d), MC_OK);
	d->extended_due_at = now + 5 * DAY;
	d->extended_reason = "xác minh";
	assert_int_equal(dstore_update(f->db, d), MC_OK);
	s->due[2] = now + 5 * DAY;
	for (int k = 1; k <= 9; k++)
		assert_int_equal(s->id[k], s->id[1] + k - 1);
}

/* Lists with f and checks the dossiers #want[0], #want[1], ... in that order. */
static void expect_listed(struct db *db, const struct data_set *s, const struct dossier_filter *f,
			  const int *want, size_t nwant)
{
	struct listed l = {.n = 0};
	assert_int_equal(dstore_list(db, f, collect_listed, &l), MC_OK);
	if (l.n != nwant) {
		for (size_t i = 0; i < l.n && i < MC_ARRAY_LEN(l.ids); i++)
			print_error("listed %s\n", l.codes[i]);
	}
	assert_int_equal(l.n, nwant);
	for (size_t i = 0; i < nwant; i++) {
		assert_int_equal(l.ids[i], s->id[want[i]]);
		assert_string_equal(l.codes[i], s->code[want[i]]);
		assert_int_equal(l.dues[i], s->due[want[i]]);
	}
}

#define EXPECT(filter, ...)                                                                        \
	do {                                                                                       \
		static const int want_[] = {__VA_ARGS__};                                          \
		expect_listed(f->db, &s, &(filter), want_, MC_ARRAY_LEN(want_));                   \
	} while (0)
#define EXPECT_NONE(filter) expect_listed(f->db, &s, &(filter), NULL, 0)

/* Every filter alone and some together. With postings false the name postings of the data set
 * are not written yet (SQLite writes them behind intake, 512 dossiers at a time:
 * store/name_words_store.h), so a name search driven by a word reads the dossiers above the
 * postings' mark row by row; with postings true they are written first and the same searches read
 * them: the answers must be the same. */
static void check_list_filters(void **state, bool postings)
{
	struct fixture *f = *state;
	struct data_set s;
	make_data_set(f, &s);
	int64_t upto = -1;
	if (postings)
		assert_int_equal(nwstore_catch_up(f->db), MC_OK);
	assert_int_equal(nwstore_upto(f->db, &upto), MC_OK);
	assert_int_equal(upto, postings ? s.id[9] : 0);
	int64_t now = now_of();
	struct dossier_filter q = {.limit = 100};
	EXPECT(q, 9, 8, 7, 6, 5, 4, 3, 2, 1);

	q = (struct dossier_filter){.limit = 100, .status = "processing"};
	EXPECT(q, 8, 4, 2);
	q = (struct dossier_filter){.limit = 100, .status = "refused"};
	EXPECT_NONE(q);
	q = (struct dossier_filter){.limit = 100, .receiving_unit = SP2};
	EXPECT(q, 5, 4);
	q = (struct dossier_filter){.limit = 100, .receiving_unit = PC1};
	EXPECT_NONE(q);
	q = (struct dossier_filter){.limit = 100, .resolver_unit = SP2};
	EXPECT(q, 4);
	q = (struct dossier_filter){.limit = 100, .resolver_unit = PC1};
	EXPECT(q, 9, 8, 7, 6, 5, 3, 2, 1);
	q = (struct dossier_filter){.limit = 100, .procedure = "P0000002"};
	EXPECT(q, 4, 2);

	/* q_code: a prefix of the code. */
	q = (struct dossier_filter){.limit = 100, .q_code = SP2};
	EXPECT(q, 5, 4);
	q = (struct dossier_filter){.limit = 100, .q_code = SP1 "-261121"};
	EXPECT(q, 2);
	q = (struct dossier_filter){.limit = 100, .q_code = "261121"};
	EXPECT_NONE(q);
	q = (struct dossier_filter){.limit = 100, .q_code = SP1 "-261121-0001"};
	EXPECT(q, 2);
	/* q_key with its words: whole words (" w ") and a word's beginning (" w"), in any order;
	 * scanning, driven by a whole word's postings, or by a beginning's. */
	q = (struct dossier_filter){.limit = 100, .q_key = "thi hang", .q_words = {" thi ", " hang"}};
	EXPECT(q, 4, 1);
	q.q_drive = "thi";
	EXPECT(q, 4, 1);
	q = (struct dossier_filter){.limit = 100, .q_key = "hang thi", .q_words = {" hang ", " thi"}};
	EXPECT(q, 4, 1);
	q = (struct dossier_filter){.limit = 100, .q_key = "van", .q_words = {" van"}};
	EXPECT(q, 3, 2);
	q.q_drive = "va";
	q.q_drive_hi = "vb";
	q.q_words[0] = " va";
	EXPECT(q, 3, 2); /* "van" twice; "vu" does not begin with "va" */
	q = (struct dossier_filter){.limit = 100, .q_key = "ha", .q_words = {" ha"}, .q_drive = "ha",
				    .q_drive_hi = "hb"};
	EXPECT(q, 9, 4, 1); /* bui ha, and "hang" twice; "hoang" does not begin with "ha" */
	q = (struct dossier_filter){.limit = 100, .q_key = "an", .q_words = {" an"}};
	EXPECT(q, 6, 2); /* hoang an, tran van an; the "an" inside "hoang" and "lan" is no word */
	q = (struct dossier_filter){.limit = 100, .q_key = "Thị", .q_words = {" Thị"}};
	EXPECT_NONE(q);
	q = (struct dossier_filter){.limit = 1, .q_key = "thi hang", .q_words = {" thi ", " hang "},
				    .q_drive = "hang"};
	EXPECT(q, 4);
	q.after_id = s.id[4];
	EXPECT(q, 1);
	/* q_id: the exact ID number. */
	q = (struct dossier_filter){.limit = 100, .q_id = "001190012345"};
	EXPECT(q, 4, 1);
	q = (struct dossier_filter){.limit = 100, .q_id = "00119001234"};
	EXPECT_NONE(q);
	/* Given together (as the API's q= does), the three match alternatively. */
	q = (struct dossier_filter){.limit = 100, .q_code = SP2, .q_id = "001090000007",
				    .q_key = "le van", .q_words = {" le ", " van"}};
	EXPECT(q, 7, 5, 4, 3);
	/* ... and the other filters still apply. */
	q = (struct dossier_filter){.limit = 100, .q_code = SP2, .q_id = "001090000007",
				    .q_key = "le van", .q_words = {" le ", " van"},
				    .status = "processing"};
	EXPECT(q, 4);

	q = (struct dossier_filter){.limit = 100, .applicant = "001190012345"};
	EXPECT(q, 4, 1);
	q = (struct dossier_filter){.limit = 100, .applicant = "001090000005",
				    .status = "received"};
	EXPECT_NONE(q);

	/* Overdue: received or processing with the effective due before now. */
	q = (struct dossier_filter){.limit = 100, .overdue = true, .now = now};
	EXPECT(q, 4, 1);
	q = (struct dossier_filter){.limit = 100, .overdue = true, .now = now + 1};
	EXPECT(q, 7, 4, 1);
	q = (struct dossier_filter){.limit = 100, .overdue = true, .now = now + 3 * DAY};
	EXPECT(q, 9, 8, 7, 4, 1);
	q = (struct dossier_filter){.limit = 100, .overdue = true, .now = now + 6 * DAY};
	EXPECT(q, 9, 8, 7, 4, 2, 1);
	/* awaiting_supplement and closed dossiers are never overdue. */
	q = (struct dossier_filter){.limit = 100, .overdue = true, .now = INT64_MAX};
	EXPECT(q, 9, 8, 7, 4, 2, 1);
	q = (struct dossier_filter){.limit = 100, .overdue = false, .now = now};
	EXPECT(q, 9, 8, 7, 6, 5, 4, 3, 2, 1);

	/* due_before: the effective due strictly before; any status, never without a due. */
	q = (struct dossier_filter){.limit = 100, .due_before = now};
	EXPECT(q, 6, 4, 3, 1);
	q = (struct dossier_filter){.limit = 100, .due_before = now + 1};
	EXPECT(q, 7, 6, 4, 3, 1);
	q = (struct dossier_filter){.limit = 100, .due_before = now + 5 * DAY};
	EXPECT(q, 9, 8, 7, 6, 4, 3, 1);
	q = (struct dossier_filter){.limit = 100, .due_before = now - 5 * DAY};
	EXPECT_NONE(q);

	q = (struct dossier_filter){.limit = 2};
	EXPECT(q, 9, 8);
	q = (struct dossier_filter){.limit = 0};
	EXPECT_NONE(q);
}

static void test_list_filters(void **state)
{
	check_list_filters(state, false);
}

static void test_list_filters_postings(void **state)
{
	check_list_filters(state, true);
}

/* Visibility: only dossiers that involve one of the units (receiving, served, resolver, return or
 * a step's unit), each once. */
static void test_list_units(void **state)
{
	struct fixture *f = *state;
	struct data_set s;
	make_data_set(f, &s);
	struct dossier_filter q = {.limit = 100, .units_json = "[\"" SP1 "\"]"};
	EXPECT(q, 9, 8, 7, 6, 3, 2, 1);
	q.units_json = "[\"" SP2 "\"]";
	EXPECT(q, 8, 5, 4); /* #8 through its step, #5 as receiving unit */
	q.units_json = "[\"" PC1 "\"]";
	EXPECT(q, 9, 8, 7, 6, 5, 3, 2, 1);
	q.units_json = "[\"" SP1 "\",\"" SP2 "\"]";
	EXPECT(q, 9, 8, 7, 6, 5, 4, 3, 2, 1);
	q.units_json = "[\"" SP1 "\",\"" SP2 "\",\"" PC1 "\"]";
	EXPECT(q, 9, 8, 7, 6, 5, 4, 3, 2, 1);
	q.units_json = "[]";
	EXPECT_NONE(q);
	q.units_json = "[\"NOPE\"]";
	EXPECT_NONE(q);
	q.units_json = "[\"" SP2 "\"]";
	q.status = "processing";
	EXPECT(q, 8, 4);
	q.status = NULL;
	q.applicant = "001190012345";
	EXPECT(q, 4);
}

/* Newest first in pages of one: every row once, then an empty page. */
static void test_list_keyset_newest(void **state)
{
	struct fixture *f = *state;
	struct data_set s;
	make_data_set(f, &s);
	static const int order[] = {9, 8, 7, 6, 5, 4, 3, 2, 1};
	struct dossier_filter q = {.limit = 1};
	for (size_t i = 0; i <= MC_ARRAY_LEN(order); i++) {
		struct listed l = {.n = 0};
		assert_int_equal(dstore_list(f->db, &q, collect_listed, &l), MC_OK);
		if (i == MC_ARRAY_LEN(order)) {
			assert_int_equal(l.n, 0);
			break;
		}
		assert_int_equal(l.n, 1);
		assert_int_equal(l.ids[0], s.id[order[i]]);
		q.after_id = l.ids[0];
	}

	/* With a filter, pages of two. */
	q = (struct dossier_filter){.limit = 2, .units_json = "[\"" SP2 "\"]"};
	EXPECT(q, 8, 5);
	q.after_id = s.id[5];
	EXPECT(q, 4);
	q.after_id = s.id[4];
	EXPECT_NONE(q);
}

/* Soonest due first, ties by id, in pages of one with the (due, id) keyset. */
static void test_list_keyset_due(void **state)
{
	struct fixture *f = *state;
	struct data_set s;
	make_data_set(f, &s);
	/* #5 has no due time: the due order leaves it out. #8 and #9 share theirs. */
	static const int order[] = {6, 3, 1, 4, 7, 8, 9, 2};
	struct dossier_filter q = {.limit = 100, .due_order = true, .after_due = INT64_MIN};
	EXPECT(q, 6, 3, 1, 4, 7, 8, 9, 2);
	q.limit = 1;
	for (size_t i = 0; i <= MC_ARRAY_LEN(order); i++) {
		struct listed l = {.n = 0};
		assert_int_equal(dstore_list(f->db, &q, collect_listed, &l), MC_OK);
		if (i == MC_ARRAY_LEN(order)) {
			assert_int_equal(l.n, 0);
			break;
		}
		assert_int_equal(l.n, 1);
		assert_int_equal(l.ids[0], s.id[order[i]]);
		assert_int_equal(l.dues[0], s.due[order[i]]);
		q.after_due = l.dues[0];
		q.after_id = l.ids[0];
	}

	/* Overdue in due order, pages of one. */
	int64_t now = now_of();
	q = (struct dossier_filter){.limit = 1, .due_order = true, .after_due = INT64_MIN,
				    .overdue = true, .now = now + 1};
	EXPECT(q, 1);
	q.after_due = s.due[1];
	q.after_id = s.id[1];
	EXPECT(q, 4);
	q.after_due = s.due[4];
	q.after_id = s.id[4];
	EXPECT(q, 7);
	q.after_due = s.due[7];
	q.after_id = s.id[7];
	EXPECT_NONE(q);

	/* due_before in due order; the tie of #8 and #9 split across pages. */
	q = (struct dossier_filter){.limit = 100, .due_order = true, .after_due = INT64_MIN,
				    .due_before = now + 3 * DAY};
	EXPECT(q, 6, 3, 1, 4, 7, 8, 9);
	q.after_due = s.due[8];
	q.after_id = s.id[8];
	EXPECT(q, 9);
	q.after_id = s.id[9];
	EXPECT_NONE(q);
}

struct codes {
	char text[512];
};

static void collect_code(const char *code, void *arg)
{
	struct codes *c = arg;
	size_t len = strlen(c->text);
	snprintf(c->text + len, sizeof(c->text) - len, "%s%s", len ? "," : "", code);
}

static void expect_spanning(struct db *db, int64_t from, int64_t before, const char *want)
{
	struct codes c = {{0}};
	assert_int_equal(dstore_open_spanning(db, from, before, collect_code, &c), MC_OK);
	assert_string_equal(c.text, want);
}

/* Checks the codes of the dossiers #k listed in want ("3,7,8"). */
static void expect_spanning_k(struct db *db, const struct data_set *s, int64_t from,
			      int64_t before, const char *want)
{
	char text[512] = "";
	for (const char *p = want; *p; p++) {
		if (*p == ',')
			continue;
		size_t len = strlen(text);
		snprintf(text + len, sizeof(text) - len, "%s%s", len ? "," : "", s->code[*p - '0']);
	}
	expect_spanning(db, from, before, text);
}

/* Open dossiers (received, processing, awaiting_supplement) received before `before` whose stored
 * due_at is at or after `from`, plus every awaiting_supplement one received before `before`. */
static void test_open_spanning(void **state)
{
	struct fixture *f = *state;
	struct data_set s;
	make_data_set(f, &s);
	int64_t now = now_of();

	/* #7 (due == from), #8; #3 as awaiting_supplement; #9 was received after `before`; #2's
	 * stored due_at (now-1h) is before from (its extension is not moved by calendar changes). */
	expect_spanning_k(f->db, &s, now, now + 1, "3,7,8");
	expect_spanning_k(f->db, &s, now, now + 11, "3,7,8,9");
	expect_spanning_k(f->db, &s, now, now + 10, "3,7,8"); /* received_at == before: out */
	expect_spanning_k(f->db, &s, now + 1, now + 1, "3,8");
	expect_spanning_k(f->db, &s, now - 3 * HOUR, now + 1, "2,3,4,7,8"); /* #4: due == from */
	expect_spanning_k(f->db, &s, now - 3 * HOUR, now - 2 * HOUR, "2,3,4,8");
	expect_spanning_k(f->db, &s, 0, now - 10 * DAY, "");
	expect_spanning_k(f->db, &s, 0, now - 10 * DAY + 1, "1,2,3,4"); /* #6 is returned */
	expect_spanning_k(f->db, &s, now + 10 * DAY, now + DAY, "3");
	expect_spanning_k(f->db, &s, now + 10 * DAY, now - 10 * DAY, "");

	/* submitted and ready_for_return have no running clock: never listed. */
	struct dossier *d = arena_alloc(&f->arena, sizeof(*d));
	assert_int_equal(dstore_get(f->db, &f->arena, s.code[8], d), MC_OK);
	d->status = DS_READY_FOR_RETURN;
	assert_int_equal(dstore_update(f->db, d), MC_OK);
	expect_spanning_k(f->db, &s, now, now + 1, "3,7");
}

#define T(name) cmocka_unit_test_setup_teardown(name, dossier_rows_setup, fixture_teardown)

/* A citizen's own list: what they submitted, and with a verified number what they apply for or
 * represent someone in, newest first, by pages, with the other filters; on SQLite driven by the
 * indexes of the three (no step of the plan walks the dossiers). */
static void test_list_citizen(void **state)
{
	struct fixture *f = *state;
	struct data_set s;
	make_data_set(f, &s);
	struct user u;
	memset(&u, 0, sizeof(u));
	SET(u.username, "001190012345");
	SET(u.full_name, "Nguyễn Thị Hằng");
	SET(u.password_hash, "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo");
	assert_int_equal(userstore_insert(f->db, &u, "nguyen thi hang", now_of()), MC_OK);
	/* #5 submitted by the citizen online, #8 with the citizen as representative; #1 and #4 have
	 * the citizen's number as applicant. */
	struct db_stmt *st = db_prepare(f->db, "UPDATE dossiers SET submitter_id = $1 WHERE id = $2");
	db_bind_int(st, 1, u.id);
	db_bind_int(st, 2, s.id[5]);
	assert_int_equal(db_run(st), MC_OK);
	st = db_prepare(f->db, "UPDATE dossiers SET rep_id_number = '001190012345' WHERE id = $1");
	db_bind_int(st, 1, s.id[8]);
	assert_int_equal(db_run(st), MC_OK);

	struct dossier_filter q = {.limit = 100, .citizen_user = u.id,
				   .citizen_number = "001190012345"};
	EXPECT(q, 8, 5, 4, 1);
	q.limit = 2;
	EXPECT(q, 8, 5);
	q.after_id = s.id[5];
	EXPECT(q, 4, 1);
	q = (struct dossier_filter){.limit = 100, .citizen_user = u.id,
				    .citizen_number = "001190012345", .status = "processing"};
	EXPECT(q, 8, 4);
	/* Unverified: their number is not theirs yet; what they submitted is. */
	q = (struct dossier_filter){.limit = 100, .citizen_user = u.id};
	EXPECT(q, 5);
	/* The light rows are the same dossiers. */
	q = (struct dossier_filter){.limit = 100, .citizen_user = u.id,
				    .citizen_number = "001190012345"};
	for (int rows = 0; rows <= 1; rows++) {
		char plan[4096];
		fixture_plan(f->db, dstore__list_sql(&q, rows), plan, sizeof(plan));
		if (strstr(plan, "SCAN d ") || strstr(plan, "SCAN c ") || !strstr(plan, "dossiers_applicant") ||
		    !strstr(plan, "dossiers_submitter") || !strstr(plan, "dossiers_representative"))
			fail_msg("the citizen's list walks the dossiers: %s", plan);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_list_filters),
		T(test_list_filters_postings),
		T(test_list_units),
		T(test_list_keyset_newest),
		T(test_list_keyset_due),
		T(test_open_spanning),
		T(test_list_citizen),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
