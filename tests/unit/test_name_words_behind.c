/* Name postings written behind intake on SQLite (store/name_words_store.h, migration 0049): every
 * NAME_WORDS_BATCH-th dossier writes the postings of every dossier above the mark, sorted by word,
 * and moves the mark; a transaction rolled back takes its postings and mark with it; and the name search,
 * which reads the dossiers above the mark row by row and the postings below it, finds exactly
 * what a brute-force match over every dossier finds, page by page, wherever the pages fall. */
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
#include "store/dossier_store_internal.h"
#include "store/name_words_store.h"

#define N (4 * NAME_WORDS_BATCH + 76) /* four batches and 76 dossiers above the mark */
#define MARK_AT(k) ((k) / NAME_WORDS_BATCH * NAME_WORDS_BATCH) /* after dossier k */

static const char *const FAMILY[] = {"nguyen", "tran", "le", "pham", "hoang", "vu", "dang"};
static const char *const MIDDLE[] = {"thi", "van", "minh", "thu", "ngoc"};
static const char *const GIVEN[] = {"hang", "han", "an", "anh", "binh", "lan", "hai", "ha",
				    "nga", "thu", "hoa", "huong", "nam", "son", "tuan"};

struct set {
	char key[N + 1][64];
	int64_t id[N + 1];
};

static uint32_t next_rand(uint32_t *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}

/* Dossier k's search key: a family, maybe a middle name, a given name; every 9th with a double
 * space and a repeated word (split at single spaces, each distinct word once). */
static void key_of(int k, uint32_t *r, char *out, size_t cap)
{
	const char *fa = FAMILY[next_rand(r) % MC_ARRAY_LEN(FAMILY)];
	const char *mi = MIDDLE[next_rand(r) % MC_ARRAY_LEN(MIDDLE)];
	const char *gi = GIVEN[next_rand(r) % MC_ARRAY_LEN(GIVEN)];
	if (k % 9 == 0)
		snprintf(out, cap, "%s  %s %s %s", fa, mi, gi, fa);
	else if (k % 4 == 0)
		snprintf(out, cap, "%s %s", fa, gi);
	else
		snprintf(out, cap, "%s %s %s", fa, mi, gi);
}

static void insert_one(struct fixture *f, struct set *s, int k)
{
	struct dossier *d = arena_alloc(&f->arena, sizeof(*d));
	char code[32];
	snprintf(code, sizeof(code), SP1 "-261126-%04d", k);
	base_dossier(d, code, "received");
	insert(f->db, d, s->key[k]);
	s->id[k] = d->id;
	assert_int_equal(d->id, k); /* a fresh table numbers them 1, 2, ... */
}

static int64_t scalar(struct db *db, const char *sql)
{
	struct db_stmt *st = db_prepare(db, sql);
	assert_non_null(st);
	assert_int_equal(db_step_one(st), MC_OK);
	int64_t v = db_col_int(st, 0);
	assert_int_equal(db_run(st), MC_OK);
	return v;
}

static int64_t upto_of(struct db *db)
{
	int64_t upto = -1;
	assert_int_equal(nwstore_upto(db, &upto), MC_OK);
	return upto;
}

/* Each distinct non-empty word of key, counted. */
static int64_t words_of(const char *key)
{
	char seen[16][64];
	int64_t n = 0;
	for (const char *w = key; *w;) {
		size_t len = strcspn(w, " ");
		bool dup = len == 0;
		for (int64_t i = 0; !dup && i < n; i++)
			dup = strlen(seen[i]) == len && !memcmp(seen[i], w, len);
		if (!dup) {
			memcpy(seen[n], w, len);
			seen[n++][len] = '\0';
		}
		w += len + (w[len] == ' ');
	}
	return n;
}

/* The postings of dossiers 1..upto are exactly their keys' words with the key between spaces;
 * those above have none. */
static void check_postings(struct fixture *f, const struct set *s, int upto)
{
	int64_t want = 0;
	for (int k = 1; k <= upto; k++)
		want += words_of(s->key[k]);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM dossier_name_words"), want);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM dossier_name_words w JOIN dossiers d "
				       "ON d.id = w.dossier_id WHERE w.name_key = ' ' || d.search_key "
				       "|| ' ' AND instr(w.name_key, ' ' || w.word || ' ') > 0"),
			 want);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM dossier_name_words WHERE word = ''"), 0);
	if (upto > 0)
		assert_int_equal(scalar(f->db, "SELECT max(dossier_id) FROM dossier_name_words"), upto);
}

static void collect(const char *code, int64_t id, int64_t due, void *arg)
{
	(void)code;
	(void)due;
	int64_t *got = arg;
	got[++got[0]] = id;
}

/* Whether key (between spaces) holds word as bound: " w " a whole word, " w" a word's beginning. */
static bool matches(const char *key, const char *bound)
{
	char spaced[80];
	snprintf(spaced, sizeof(spaced), " %s ", key);
	return strstr(spaced, bound) != NULL;
}

/* Pages of `page` dossiers of a name search with the given bound words and driving candidates,
 * against the brute-force answer: every dossier matching every word, newest first. */
static void check_search(struct fixture *f, const struct set *s, const char *q_key,
			 const char *const words[2], const char *cand, const char *cand_hi,
			 size_t page)
{
	int64_t want[N + 1], nwant = 0;
	for (int k = N; k >= 1; k--) {
		bool all = s->id[k] != 0; /* inserted */
		for (int i = 0; i < 2 && words[i]; i++)
			all = all && matches(s->key[k], words[i]);
		if (all)
			want[nwant++] = s->id[k];
	}
	static int64_t got[N + 2];
	int64_t ngot = 0, after = 0;
	for (;;) {
		struct dossier_filter q = {.limit = page, .q_key = q_key, .after_id = after};
		q.q_words[0] = words[0];
		q.q_words[1] = words[1];
		q.q_cand[0] = cand;
		q.q_cand_hi[0] = cand_hi;
		got[0] = 0;
		assert_int_equal(dstore_list(f->db, &q, collect, got), MC_OK);
		assert_true((size_t)got[0] <= page);
		for (int64_t i = 1; i <= got[0]; i++) {
			assert_true(ngot < nwant);
			if (got[i] != want[ngot])
				fail_msg("%s, page of %zu: #%lld is %lld, not %lld", q_key, page,
					 (long long)ngot, (long long)got[i], (long long)want[ngot]);
			ngot++;
		}
		if ((size_t)got[0] < page)
			break;
		after = got[got[0]];
	}
	if (ngot != nwant)
		fail_msg("%s: %lld found, %lld match", q_key, (long long)ngot, (long long)nwant);
	assert_true(nwant > 0);
}

static void check_searches(struct fixture *f, const struct set *s)
{
	static const size_t pages[] = {1, 7, 50, 200};
	for (size_t p = 0; p < MC_ARRAY_LEN(pages); p++) {
		/* a rare whole word, a common one, two words, a word's beginning */
		check_search(f, s, "tuan", (const char *const[]){" tuan ", NULL}, "tuan", NULL,
			     pages[p]);
		check_search(f, s, "nguyen", (const char *const[]){" nguyen ", NULL}, "nguyen", NULL,
			     pages[p]);
		check_search(f, s, "thi hang", (const char *const[]){" thi ", " hang "}, "hang", NULL,
			     pages[p]);
		check_search(f, s, "ha", (const char *const[]){" ha", NULL}, "ha", "hb", pages[p]);
		/* scanned with no driving word */
		check_search(f, s, "le an", (const char *const[]){" le ", " an"}, NULL, NULL,
			     pages[p]);
	}
}

static void test_batches(void **state)
{
	struct fixture *f = *state;
	static struct set s;
	uint32_t r = 20261206;
	for (int k = 1; k <= N; k++)
		key_of(k, &r, s.key[k], sizeof(s.key[k]));
	assert_int_equal(upto_of(f->db), 0);

	/* 1 .. NAME_WORDS_BATCH - 1: nothing written; searches read every dossier row by row. */
	assert_int_equal(db_begin_write(f->db), MC_OK);
	for (int k = 1; k < NAME_WORDS_BATCH; k++)
		insert_one(f, &s, k);
	assert_int_equal(db_commit(f->db), MC_OK);
	assert_int_equal(upto_of(f->db), 0);
	check_postings(f, &s, 0);

	/* The NAME_WORDS_BATCH-th in a transaction rolled back: its postings and the mark go with
	 * it. */
	assert_int_equal(db_begin_write(f->db), MC_OK);
	insert_one(f, &s, NAME_WORDS_BATCH);
	assert_int_equal(upto_of(f->db), NAME_WORDS_BATCH);
	check_postings(f, &s, NAME_WORDS_BATCH);
	db_rollback(f->db);
	assert_int_equal(upto_of(f->db), 0);
	check_postings(f, &s, 0);

	/* Committed, then on to N: each NAME_WORDS_BATCH-th writes its batch. */
	const int half = 2 * NAME_WORDS_BATCH + NAME_WORDS_BATCH / 2 + 3;
	assert_int_equal(db_begin_write(f->db), MC_OK);
	for (int k = NAME_WORDS_BATCH; k <= N; k++) {
		insert_one(f, &s, k);
		if (k == half) {
			assert_int_equal(db_commit(f->db), MC_OK);
			assert_int_equal(upto_of(f->db), MARK_AT(half));
			check_postings(f, &s, MARK_AT(half));
			check_searches(f, &s); /* pages across the mark */
			assert_int_equal(db_begin_write(f->db), MC_OK);
		}
	}
	assert_int_equal(db_commit(f->db), MC_OK);
	assert_int_equal(upto_of(f->db), MARK_AT(N));
	check_postings(f, &s, MARK_AT(N));
	check_searches(f, &s);

	/* Caught up: the rest written, the mark at the last; the same answers. */
	assert_int_equal(nwstore_catch_up(f->db), MC_OK);
	assert_int_equal(upto_of(f->db), N);
	check_postings(f, &s, N);
	check_searches(f, &s);
	assert_int_equal(nwstore_catch_up(f->db), MC_OK); /* nothing left: nothing changes */
	check_postings(f, &s, N);
}

/* One page of q: exactly the ids want[0..n). */
static void expect_page(struct db *db, const struct dossier_filter *q, const int64_t *want,
			int64_t n)
{
	int64_t got[16] = {0};
	assert_int_equal(dstore_list(db, q, collect, got), MC_OK);
	assert_int_equal(got[0], n);
	for (int64_t i = 0; i < n; i++)
		assert_int_equal(got[i + 1], want[i]);
}

/* A search whose page ends just at the mark, and one whose cursor is the mark's next dossier. */
static void test_page_at_mark(void **state)
{
	struct fixture *f = *state;
	static struct set s;
	for (int k = 1; k <= NAME_WORDS_BATCH + 3; k++) {
		snprintf(s.key[k], sizeof(s.key[k]), "%s thi hang", k % 2 ? "nguyen" : "tran");
		insert_one(f, &s, k);
	}
	assert_int_equal(upto_of(f->db), NAME_WORDS_BATCH);
	/* B + 3, B + 2, B + 1 above the mark (B = NAME_WORDS_BATCH); a page of 3 is exactly those,
	 * the next starts at B */
	const int64_t b = NAME_WORDS_BATCH;
	struct dossier_filter q = {.limit = 3, .q_key = "thi hang", .q_words = {" thi ", " hang "},
				   .q_cand = {"hang"}};
	expect_page(f->db, &q, (const int64_t[]){b + 3, b + 2, b + 1}, 3);
	q.after_id = b + 1;
	expect_page(f->db, &q, (const int64_t[]){b, b - 1, b - 2}, 3);
	/* a page of 5 from the start: three above the mark, two from the postings */
	q.after_id = 0;
	q.limit = 5;
	expect_page(f->db, &q, (const int64_t[]){b + 3, b + 2, b + 1, b, b - 1}, 5);
}

/* The dossiers above the mark are read by the primary key from the mark on, whatever else the
 * filter names: at most a batch of rows, never a walk of the table. */
static void test_tail_plan(void **state)
{
	struct fixture *f = *state;
	for (int rows = 0; rows <= 1; rows++) {
		char plan[4096];
		fixture_plan(f->db, dstore__list_tail_sql(rows), plan, sizeof(plan));
		if (!strstr(plan, "SEARCH d USING INTEGER PRIMARY KEY (rowid>?") ||
		    strstr(plan, "TEMP B-TREE"))
			fail_msg("the dossiers above the mark are not read by the primary key, newest "
				 "first: %s",
				 plan);
	}
}

#define T(name) cmocka_unit_test_setup_teardown(name, dossier_rows_setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_batches),
		T(test_page_at_mark),
		T(test_tail_plan),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
