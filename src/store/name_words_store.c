/* The name postings of dossiers (name_words_store.h). */
#include "base/base.h"

#include <pthread.h>

#include "base/buf.h"
#include "store/name_words_store.h"

struct posting {
	const char *word;
	size_t len;
	int64_t id;
	const char *name_key; /* " key " */
};

/* One statement of 1..POSTINGS_MAX rows; the texts made once (a statement is cached by its text's
 * address). */
#define POSTINGS_MAX (DB_PARAMS_MAX / 3)
static char *postings_sql[POSTINGS_MAX];
static pthread_once_t sql_once = PTHREAD_ONCE_INIT;

static void sql_init(void)
{
	for (int n = 1; n <= POSTINGS_MAX; n++) {
		struct buf b;
		buf_init(&b, 4 * 1024);
		buf_append_str(&b, "INSERT INTO dossier_name_words (word, dossier_id, name_key) VALUES ");
		for (int i = 0; i < n; i++)
			buf_printf(&b, "%s($%d, $%d, $%d)", i ? ", " : "", 3 * i + 1, 3 * i + 2,
				   3 * i + 3);
		buf_append_str(&b, " ON CONFLICT DO NOTHING");
		/* 4 KB hold 15 rows many times over */
		if (b.full || !(postings_sql[n - 1] = buf_take(&b, NULL)))
			abort();
	}
}

static enum mc_err write_postings(struct db *db, const struct posting *p, size_t n)
{
	pthread_once(&sql_once, sql_init);
	enum mc_err err = MC_OK;
	for (size_t done = 0; !err && done < n;) {
		size_t k = n - done < POSTINGS_MAX ? n - done : POSTINGS_MAX;
		struct db_stmt *st = db_prepare(db, postings_sql[k - 1]);
		if (!st)
			return MC_EDB;
		for (size_t i = 0; i < k; i++) {
			const struct posting *q = &p[done + i];
			db_bind_text(st, 3 * (int)i + 1, q->word, q->len);
			db_bind_int(st, 3 * (int)i + 2, q->id);
			db_bind_text(st, 3 * (int)i + 3, q->name_key, SIZE_MAX);
		}
		err = db_run(st);
		done += k;
	}
	return err;
}

/* The postings of one key: name_key is the key between spaces; p has room for strlen(key) / 2 + 1.
 * Each distinct non-empty word once, split at single spaces as the trigger before migration 0044
 * split them (and PostgreSQL's regexp_split_to_table). Returns how many. */
static size_t split_key(const char *key, int64_t id, const char *name_key, struct posting *p)
{
	size_t n = 0;
	for (const char *w = key; *w;) {
		const char *end = strchr(w, ' ');
		size_t wl = end ? (size_t)(end - w) : strlen(w);
		bool seen = wl == 0;
		for (size_t i = 0; !seen && i < n; i++)
			seen = p[i].len == wl && memcmp(p[i].word, w, wl) == 0;
		if (!seen)
			p[n++] = (struct posting){w, wl, id, name_key};
		w += wl + (end != NULL);
	}
	return n;
}

static char *spaced(const char *key)
{
	size_t len = strlen(key);
	char *s = xmalloc(len + 3);
	s[0] = ' ';
	memcpy(s + 1, key, len);
	memcpy(s + 1 + len, " ", 2);
	return s;
}

enum mc_err nwstore_add(struct db *db, int64_t id, const char *key)
{
	if (!db_is_pg(db))
		return id % NAME_WORDS_BATCH == 0 ? nwstore_catch_up(db) : MC_OK;
	char *name_key = spaced(key);
	struct posting *p = xcalloc(strlen(key) / 2 + 1, sizeof(*p));
	enum mc_err err = write_postings(db, p, split_key(key, id, name_key, p));
	free(p);
	free(name_key);
	return err;
}

static const char SQL_UPTO[] = "SELECT dossier_id FROM dossier_name_words_upto WHERE id = 1";

enum mc_err nwstore_upto(struct db *db, int64_t *upto)
{
	if (db_is_pg(db)) {
		*upto = INT64_MAX;
		return MC_OK;
	}
	struct db_stmt *st = db_prepare_keyed(db, SQL_UPTO);
	if (!st)
		return MC_EDB;
	enum mc_err err = db_step_one(st);
	if (!err) {
		*upto = db_col_int(st, 0);
		err = db_run(st);
	}
	return err;
}

static int posting_cmp(const void *a, const void *b)
{
	const struct posting *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->word, y->word, n);
	if (c)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

static const char SQL_TAIL[] = "SELECT id, search_key FROM dossiers WHERE id > $1 ORDER BY id";
static const char SQL_MOVE[] =
	"UPDATE dossier_name_words_upto SET dossier_id = $1 WHERE id = 1 AND dossier_id < $1";

struct tail {
	char **keys; /* each dossier's " key " */
	size_t n, cap;
	struct posting *p;
	size_t np, capp;
};

static void tail_add(struct tail *t, int64_t id, const char *key)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 64;
		t->keys = xrealloc(t->keys, t->cap * sizeof(*t->keys));
	}
	char *name_key = t->keys[t->n++] = spaced(key);
	size_t room = strlen(key) / 2 + 1;
	if (t->np + room > t->capp) {
		t->capp = 2 * (t->np + room);
		t->p = xrealloc(t->p, t->capp * sizeof(*t->p));
	}
	/* the words point into the spaced copy, which outlives the statement's binds */
	t->np += split_key(name_key + 1, id, name_key, t->p + t->np);
}

static void tail_free(struct tail *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->keys[i]);
	free(t->keys);
	free(t->p);
}

enum mc_err nwstore_catch_up(struct db *db)
{
	if (db_is_pg(db))
		return MC_OK;
	int64_t upto = 0, last = 0;
	enum mc_err err = nwstore_upto(db, &upto);
	struct db_stmt *st = err ? NULL : db_prepare(db, SQL_TAIL);
	if (err || !st)
		return err ? err : MC_EDB;
	db_bind_int(st, 1, upto);
	struct tail t = {0};
	bool row;
	while (!(err = db_step(st, &row)) && row) {
		last = db_col_int(st, 0); /* in order: the last is the newest */
		if (!db_col_null(st, 1))
			tail_add(&t, last, db_col_text(st, 1));
	}
	if (err || last <= upto) {
		tail_free(&t);
		return err;
	}
	qsort(t.p, t.np, sizeof(*t.p), posting_cmp);
	err = write_postings(db, t.p, t.np);
	if (!err && (st = db_prepare(db, SQL_MOVE))) {
		db_bind_int(st, 1, last);
		err = db_run(st);
	} else if (!err) {
		err = MC_EDB;
	}
	tail_free(&t);
	return err;
}
