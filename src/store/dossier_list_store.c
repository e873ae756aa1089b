/* SQL of dossier lists: the inbox pages (newest first, or by due time) and the change feed (in the
 * order the changes committed). */
#include "base/base.h"

#include "store/dossier_store.h"
#include "store/dossier_store_internal.h"
#include "store/name_words_store.h"

#define EFFECTIVE_DUE "coalesce(d.extended_due_at, d.due_at)"
/* The statuses whose due time runs (domain: ds_status_clock() == DS_CLOCK_RUNS), the only ones that
 * can be overdue (ds_overdue). SQL text stays static (statements are cached by address); the unit
 * test test_dossier_sets checks every such list of the store against the domain's. */
#define DUE_RUNS "d.status IN ('received', 'processing')"
/* A name search's word (bound as " w " or " w": svc/dossiers.c) is in the applicant's name. */
#define NAME_WORD(p) "(" p " IS NULL OR instr(' ' || d.search_key || ' ', " p ") > 0)"
/* Every filter, each with its "not given" arm so that one statement serves all; the variants
 * below put an index-friendly term first (resolver, overdue) that the planner can drive. The
 * caller's units ($8) are probed per dossier: "LIMIT 1 OFFSET 0" keeps PostgreSQL from making
 * the EXISTS a hashed subplan, which a generic plan chose on a small database (20,000 dossiers:
 * every row of dossier_units hashed for each page, 6.5 ms against 0.7 ms). */
#define LIST_FILTERS                                                                               \
	"($1 IS NULL OR d.status = $1) AND ($2 IS NULL OR d.receiving_unit = $2) "                 \
	"AND ($3 IS NULL OR d.resolver_unit = $3) AND ($4 IS NULL OR d.procedure_code = $4) "      \
	"AND ($5 IS NULL AND $6 IS NULL AND $7 IS NULL OR substr(d.code, 1, length($5)) = $5 "     \
	"OR (length($5) >= 6 AND length(d.code) > length($5) "                                     \
	"AND substr(d.code, length(d.code) - length($5) + 1) = $5) "                               \
	"OR ($6 IS NOT NULL AND " NAME_WORD("$20") " AND " NAME_WORD("$21") " AND "              \
	NAME_WORD("$22") " AND " NAME_WORD("$23") ") OR d.applicant_id = $7) "                     \
	"AND ($8 IS NULL OR EXISTS (SELECT 1 FROM dossier_units u WHERE u.dossier_id = d.id "      \
	"AND u.unit IN (SELECT value FROM json_each($8)) LIMIT 1 OFFSET 0)) "                       \
	"AND ($9 IS NULL OR d.applicant_id = $9) "                                                 \
	"AND ($17 = 0 OR d.submitter_id = $17 OR ($18 IS NOT NULL AND (d.applicant_id = $18 "      \
	"OR d.rep_id_number = $18))) "                                                             \
	"AND ($10 = 0 OR (" DUE_RUNS " AND " EFFECTIVE_DUE " < $11)) "                             \
	"AND ($12 = 0 OR " EFFECTIVE_DUE " < $12) AND ($16 IS NULL OR d.return_unit = $16) "       \
	"AND ($19 IS NULL OR ($19 = 'disabled' AND NOT EXISTS (SELECT 1 FROM portal_sync p "       \
	"WHERE p.dossier_code = d.code)) OR EXISTS (SELECT 1 FROM portal_sync p "                  \
	"WHERE p.dossier_code = d.code AND p.state = $19)) "
#define BY_RESOLVER "d.resolver_unit = $3 AND "
#define OVERDUE DUE_RUNS " AND " EFFECTIVE_DUE " < $11 AND "
#define NEWEST_TAIL "AND ($13 = 0 OR d.id < $13) ORDER BY d.id DESC LIMIT $14"
/* The keyset (due, id) > ($15, $13) written as a range of the due time (an index bound) and a
 * filter: with the OR of (due > $15) and (due = $15 AND id > $13), PostgreSQL read both arms as a
 * bitmap, every overdue dossier of the unit, and sorted them. */
#define DUE_TAIL                                                                                   \
	"AND " EFFECTIVE_DUE " IS NOT NULL AND " EFFECTIVE_DUE " >= $15 AND (" EFFECTIVE_DUE        \
	" > $15 OR d.id > $13) ORDER BY due, d.id LIMIT $14"
#define SELECT_NEWEST "SELECT d.code, d.id, " EFFECTIVE_DUE " FROM dossiers d WHERE "
#define SELECT_DUE "SELECT d.code, d.id, " EFFECTIVE_DUE " AS due FROM dossiers d WHERE "
/* The same with the whole row and the current step (dstore_list_light). */
#define ROWS_FROM                                                                                  \
	" FROM dossiers d LEFT JOIN dossier_steps s ON s.dossier_id = d.id AND s.idx = d.current_step " \
	"WHERE "
#define SELECT_NEWEST_ROWS "SELECT " DOSSIER_COLUMNS ", " STEP_COLUMNS ", " EFFECTIVE_DUE ROWS_FROM
#define SELECT_DUE_ROWS "SELECT " DOSSIER_COLUMNS ", " STEP_COLUMNS ", " EFFECTIVE_DUE " AS due" ROWS_FROM

/* A name search driven by one word's postings (dossier_name_words), newest first: a whole word
 * reads its postings in index order; a word's beginning reads the postings of every word it
 * begins (a set, then sorted). The other filters, the words among them, are checked on each. */
#define FROM_WORD " FROM dossier_name_words w JOIN dossiers d ON d.id = w.dossier_id "
/* The query's words (bound as NAME_WORD's) checked on the posting's copy of the search key
 * (migration 0039): the walk of one word's postings is an index-only scan that reads a dossier's
 * row only for a hit. Before, each other whole word was one probe of (word, dossier_id) per
 * posting walked: ~5,700 postings of "hang" and two probes each for "nguyen thi hang" at
 * 10,000,000 dossiers, 13.5 ms of PostgreSQL's CPU. */
#define KEY_WORD(p) "(" p " IS NULL OR instr(w.name_key, " p ") > 0)" /* " key " */
#define WORD_EQ                                                                                    \
	"w.word = $24 AND " KEY_WORD("$20") " AND " KEY_WORD("$21") " AND " KEY_WORD("$22")        \
	" AND " KEY_WORD("$23") " AND "
#define WORD_TAIL "AND ($13 = 0 OR w.dossier_id < $13) ORDER BY w.dossier_id DESC LIMIT $14"
#define WORD_PREFIX                                                                                \
	"d.id IN (SELECT x.dossier_id FROM dossier_name_words x WHERE x.word >= $24 "              \
	"AND x.word < $25) AND "
#define SELECT_WORD "SELECT d.code, d.id, " EFFECTIVE_DUE FROM_WORD "WHERE "
#define SELECT_WORD_ROWS                                                                           \
	"SELECT " DOSSIER_COLUMNS ", " STEP_COLUMNS ", " EFFECTIVE_DUE FROM_WORD                   \
	"LEFT JOIN dossier_steps s ON s.dossier_id = d.id AND s.idx = d.current_step WHERE "
static const char *const SQL_LIST_WORD[2][2][2] = {
	{
		{SELECT_WORD WORD_EQ LIST_FILTERS WORD_TAIL,
		 SELECT_WORD WORD_EQ BY_RESOLVER LIST_FILTERS WORD_TAIL},
		{SELECT_NEWEST WORD_PREFIX LIST_FILTERS NEWEST_TAIL,
		 SELECT_NEWEST WORD_PREFIX BY_RESOLVER LIST_FILTERS NEWEST_TAIL},
	},
	{
		{SELECT_WORD_ROWS WORD_EQ LIST_FILTERS WORD_TAIL,
		 SELECT_WORD_ROWS WORD_EQ BY_RESOLVER LIST_FILTERS WORD_TAIL},
		{SELECT_NEWEST_ROWS WORD_PREFIX LIST_FILTERS NEWEST_TAIL,
		 SELECT_NEWEST_ROWS WORD_PREFIX BY_RESOLVER LIST_FILTERS NEWEST_TAIL},
	},
};

static const char *const SQL_LIST[2][5] = {
	{
		SELECT_NEWEST LIST_FILTERS NEWEST_TAIL,
		SELECT_NEWEST BY_RESOLVER LIST_FILTERS NEWEST_TAIL,
		SELECT_DUE LIST_FILTERS DUE_TAIL,
		SELECT_DUE OVERDUE LIST_FILTERS DUE_TAIL,
		SELECT_DUE BY_RESOLVER OVERDUE LIST_FILTERS DUE_TAIL,
	},
	{
		SELECT_NEWEST_ROWS LIST_FILTERS NEWEST_TAIL,
		SELECT_NEWEST_ROWS BY_RESOLVER LIST_FILTERS NEWEST_TAIL,
		SELECT_DUE_ROWS LIST_FILTERS DUE_TAIL,
		SELECT_DUE_ROWS OVERDUE LIST_FILTERS DUE_TAIL,
		SELECT_DUE_ROWS BY_RESOLVER OVERDUE LIST_FILTERS DUE_TAIL,
	},
};

/* A citizen's own dossiers, newest first: those they submitted ($17), and with a verified number
 * ($18) those they apply for or represent someone in, driven by the three indexes
 * (dossiers_submitter, dossiers_applicant, dossiers_representative). As an optional filter of
 * SQL_LIST's first statement, SQLite's plan, made once for every value, walked every dossier of
 * the city newest first for a citizen's few (116 ms at 100,000 dossiers). The other filters are
 * checked on each. */
#define CITIZEN_SET                                                                                \
	"d.id IN (SELECT c.id FROM dossiers c WHERE c.submitter_id = $17 UNION ALL "              \
	"SELECT c.id FROM dossiers c WHERE c.applicant_id = $18 UNION ALL "                       \
	"SELECT c.id FROM dossiers c WHERE c.rep_id_number = $18) AND "
static const char *const SQL_LIST_CITIZEN[2] = {
	SELECT_NEWEST CITIZEN_SET LIST_FILTERS NEWEST_TAIL,
	SELECT_NEWEST_ROWS CITIZEN_SET LIST_FILTERS NEWEST_TAIL,
};

/* The whole city's newest first with no filter at all (an administrator's first page): the primary
 * key walked backward, on PostgreSQL's generic plan (planning the statement of every filter for
 * each page cost more than reading the page). $1 after_id, $2 limit. */
static const char *const SQL_LIST_ALL[2] = {
	SELECT_NEWEST "($1 = 0 OR d.id < $1) ORDER BY d.id DESC LIMIT $2",
	SELECT_NEWEST_ROWS "($1 = 0 OR d.id < $1) ORDER BY d.id DESC LIMIT $2",
};

/* Whether f asks for nothing but a page of every dossier, newest first. Every member of struct
 * dossier_filter that narrows the list is named here (the assertion below fails when one is
 * added, so that it is considered here too). */
_Static_assert(sizeof(struct dossier_filter) ==
		       26 * sizeof(void *) + 5 * sizeof(int64_t) + 2 * 8 /* two bools, padded */ +
			       sizeof(size_t),
	       "struct dossier_filter changed: check list_all");
static bool list_all(const struct dossier_filter *f)
{
	if (f->status || f->receiving_unit || f->resolver_unit || f->procedure || f->return_unit ||
	    f->sync || f->q_code || f->q_key || f->q_id || f->q_drive || f->q_drive_hi ||
	    f->units_json || f->applicant || f->citizen_user || f->citizen_number || f->overdue ||
	    f->due_order || f->due_before)
		return false;
	for (int i = 0; i < DOSSIER_QUERY_WORDS; i++)
		if (f->q_words[i] || f->q_cand[i] || f->q_cand_hi[i])
			return false;
	return true;
}

static const char *list_sql(const struct dossier_filter *f, bool rows)
{
	if (f->citizen_user && !f->due_order && !f->q_drive)
		return SQL_LIST_CITIZEN[rows ? 1 : 0];
	if (f->q_drive && !f->due_order)
		return SQL_LIST_WORD[rows ? 1 : 0][f->q_drive_hi ? 1 : 0][f->resolver_unit ? 1 : 0];
	const char *const *sql = SQL_LIST[rows ? 1 : 0];
	if (!f->due_order)
		return f->resolver_unit ? sql[1] : sql[0];
	if (!f->overdue)
		return sql[2];
	return f->resolver_unit ? sql[4] : sql[3];
}

const char *dstore__list_sql(const struct dossier_filter *f, bool rows)
{
	return list_all(f) ? SQL_LIST_ALL[rows ? 1 : 0] : list_sql(f, rows);
}

static void bind_filters(struct db_stmt *st, const struct dossier_filter *f)
{
	db_bind_text(st, 1, f->status, SIZE_MAX);
	db_bind_text(st, 2, f->receiving_unit, SIZE_MAX);
	db_bind_text(st, 3, f->resolver_unit, SIZE_MAX);
	db_bind_text(st, 4, f->procedure, SIZE_MAX);
	db_bind_text(st, 5, f->q_code, SIZE_MAX);
	db_bind_text(st, 6, f->q_key, SIZE_MAX);
	db_bind_text(st, 7, f->q_id, SIZE_MAX);
	db_bind_text(st, 8, f->units_json, SIZE_MAX);
	db_bind_text(st, 9, f->applicant, SIZE_MAX);
	db_bind_int(st, 10, f->overdue ? 1 : 0);
	db_bind_int(st, 11, f->now);
	db_bind_int(st, 12, f->due_before);
	db_bind_int(st, 13, f->after_id);
	db_bind_int(st, 14, (int64_t)f->limit);
	if (f->due_order)
		db_bind_int(st, 15, f->after_due);
	db_bind_text(st, 16, f->return_unit, SIZE_MAX);
	db_bind_int(st, 17, f->citizen_user);
	db_bind_text(st, 18, f->citizen_user ? f->citizen_number : NULL, SIZE_MAX);
	db_bind_text(st, 19, f->sync, SIZE_MAX);
	for (int i = 0; i < DOSSIER_QUERY_WORDS; i++)
		db_bind_text(st, 20 + i, f->q_words[i], SIZE_MAX);
	if (f->q_drive && !f->due_order) {
		db_bind_text(st, 24, f->q_drive, SIZE_MAX);
		if (f->q_drive_hi)
			db_bind_text(st, 25, f->q_drive_hi, SIZE_MAX);
	}
}

/* How many postings a candidate word has, counted up to DOSSIER_WORD_PROBE (a bounded read of
 * the index: the count only has to tell a rare word from a common one). */
static const char SQL_WORD_COUNT[] =
	"SELECT count(*) FROM (SELECT 1 FROM dossier_name_words WHERE word = $1 LIMIT $2) AS p";
static const char SQL_WORDS_COUNT[] =
	"SELECT count(*) FROM (SELECT 1 FROM dossier_name_words WHERE word >= $1 AND word < $2 "
	"LIMIT $3) AS p";

static int64_t postings(struct db *db, const char *lo, const char *hi)
{
	struct db_stmt *st = db_prepare_keyed(db, hi ? SQL_WORDS_COUNT : SQL_WORD_COUNT);
	if (!st)
		return INT64_MAX;
	db_bind_text(st, 1, lo, SIZE_MAX);
	if (hi)
		db_bind_text(st, 2, hi, SIZE_MAX);
	db_bind_int(st, hi ? 3 : 2, DOSSIER_WORD_PROBE);
	int64_t n = db_step_one(st) == MC_OK ? db_col_int(st, 0) : INT64_MAX;
	db_run(st);
	return n;
}

/* Whether any word other than lo itself lies in [lo, hi): one probe of the index. */
static const char SQL_WORD_LONGER[] =
	"SELECT 1 FROM dossier_name_words WHERE word > $1 AND word < $2 LIMIT 1";

static bool longer_words(struct db *db, const char *lo, const char *hi)
{
	struct db_stmt *st = db_prepare_keyed(db, SQL_WORD_LONGER);
	if (!st)
		return true;
	db_bind_text(st, 1, lo, SIZE_MAX);
	db_bind_text(st, 2, hi, SIZE_MAX);
	enum mc_err err = db_step_one(st);
	if (err == MC_OK)
		db_run(st);
	return err != MC_ENOTFOUND;
}

/* Sets g's driving word: the candidate with the fewest postings, and among equals (counts stop at
 * DOSSIER_WORD_PROBE) the later one: in Vietnamese names the family and middle names (Nguyễn,
 * Thị, Văn) are shared by a large part of the city, the given name, last, far less. A word's
 * beginning that no longer word shares (the whole "hang" typed, no "hangx" in the index) is read
 * as that whole word, in index order. */
static void choose_driver(struct db *db, struct dossier_filter *g)
{
	int64_t best = INT64_MAX;
	for (int i = 0; i < DOSSIER_QUERY_WORDS && g->q_cand[i]; i++) {
		const char *hi = g->q_cand_hi[i];
		if (hi && !longer_words(db, g->q_cand[i], hi))
			hi = NULL;
		int64_t n = postings(db, g->q_cand[i], hi);
		if (n <= best) {
			best = n;
			g->q_drive = g->q_cand[i];
			g->q_drive_hi = hi;
		}
	}
}

/* Whether f's statement is driven by one index whatever the other filters' values: a unit's
 * dossiers (dossiers_resolver, dossiers_resolver_open_due) or one whole word's postings. Those run
 * on PostgreSQL's generic plan (db_prepare_generic): planning the statement for each execution's
 * values cost 1-2 ms against 0.6 ms to run an inbox page at 2,000,000 dossiers, and for the name
 * search the generic plan also ran faster (13 against 22 ms). The statements with no such driver
 * (the whole city's newest first, a word's beginning) keep custom plans: their best plan depends
 * on which filters are given (a generic plan of the unfiltered list walked the whole primary key
 * for a selective filter: 14 s). */
static bool list_generic(const struct dossier_filter *f)
{
	if (f->q_drive && !f->due_order)
		return !f->q_drive_hi;
	return f->resolver_unit && (!f->due_order || f->overdue);
}

/* The list statement for g (its driving word already chosen), prepared and bound. */
static struct db_stmt *list_prepare(struct db *db, const struct dossier_filter *g, bool rows)
{
	if (list_all(g)) {
		struct db_stmt *st = db_prepare_generic(db, SQL_LIST_ALL[rows ? 1 : 0]);
		if (st) {
			db_bind_int(st, 1, g->after_id);
			db_bind_int(st, 2, (int64_t)g->limit);
		}
		return st;
	}
	const char *sql = list_sql(g, rows);
	struct db_stmt *st = list_generic(g) ? db_prepare_generic(db, sql) : db_prepare(db, sql);
	if (st)
		bind_filters(st, g);
	return st;
}

/* A name search's dossiers above the postings' mark (SQLite: store/name_words_store.h), whose
 * postings are not written yet: at most a batch of the newest, read row by row with every filter
 * (the name's words among them), newest first. All are newer than any the postings find. */
static const char *const SQL_LIST_TAIL[2] = {
	SELECT_NEWEST "d.id > $26 AND " LIST_FILTERS NEWEST_TAIL,
	SELECT_NEWEST_ROWS "d.id > $26 AND " LIST_FILTERS NEWEST_TAIL,
};

const char *dstore__list_tail_sql(bool rows)
{
	return SQL_LIST_TAIL[rows ? 1 : 0];
}

/* Calls each(st, arg) for every row of f's list until it returns false. A list driven by a word's
 * postings reads first the dossiers above the postings' mark (SQL_LIST_TAIL), then, for what the
 * page still lacks, the postings of the dossiers up to the mark. */
static enum mc_err list_each(struct db *db, const struct dossier_filter *f, bool rows,
			     bool (*each)(struct db_stmt *st, void *arg), void *arg)
{
	struct dossier_filter g = *f;
	if (!g.q_drive && !g.due_order && g.q_cand[0])
		choose_driver(db, &g);
	bool row;
	enum mc_err err;
	if (g.q_drive && !g.due_order) {
		int64_t upto;
		if ((err = nwstore_upto(db, &upto)))
			return err;
		if (upto != INT64_MAX && (g.after_id == 0 || g.after_id > upto + 1)) {
			struct dossier_filter t = g;
			t.q_drive = t.q_drive_hi = NULL;
			struct db_stmt *st = db_prepare(db, SQL_LIST_TAIL[rows ? 1 : 0]);
			if (!st)
				return MC_EDB;
			bind_filters(st, &t);
			db_bind_int(st, 26, upto);
			size_t n = 0;
			while (!(err = db_step(st, &row)) && row) {
				n++;
				if (!each(st, arg))
					return MC_OK; /* reset when next prepared or given back */
			}
			if (err || n >= g.limit || upto == 0)
				return err;
			g.limit -= n;
			g.after_id = upto + 1;
		}
	}
	struct db_stmt *st = list_prepare(db, &g, rows);
	if (!st)
		return MC_EDB;
	while (!(err = db_step(st, &row)) && row)
		if (!each(st, arg))
			break; /* the statement is reset when next prepared or when the pool takes it back */
	return err;
}

struct list_codes {
	void (*fn)(const char *code, int64_t id, int64_t due, void *arg);
	void *arg;
};

static bool code_each(struct db_stmt *st, void *arg)
{
	struct list_codes *c = arg;
	c->fn(db_col_text(st, 0), db_col_int(st, 1), db_col_int0(st, 2), c->arg);
	return true;
}

enum mc_err dstore_list(struct db *db, const struct dossier_filter *f,
			void (*fn)(const char *code, int64_t id, int64_t due, void *arg), void *arg)
{
	struct list_codes c = {fn, arg};
	return list_each(db, f, false, code_each, &c);
}

struct list_light {
	struct arena *a;
	bool (*fn)(struct dossier *d, int64_t due, void *arg);
	void *arg;
	enum mc_err err;
};

static bool light_each(struct db_stmt *st, void *arg)
{
	struct list_light *l = arg;
	struct dossier *d = arena_alloc(l->a, sizeof(*d));
	l->err = dstore__read_light(l->a, st, d);
	return !l->err && l->fn(d, db_col_int0(st, DOSSIER_NCOLUMNS + 12), l->arg);
}

enum mc_err dstore_list_light(struct db *db, struct arena *a, const struct dossier_filter *f,
			      bool (*fn)(struct dossier *d, int64_t due, void *arg), void *arg)
{
	struct list_light l = {a, fn, arg, MC_OK};
	enum mc_err err = list_each(db, f, true, light_each, &l);
	return err ? err : l.err;
}


/* The change feed: the history's rows after a position, each with its dossier as it is now. */
static const char SQL_FEED[] =
	"SELECT " DOSSIER_COLUMNS ", " STEP_COLUMNS ", " EFFECTIVE_DUE ", e.id, e.at, e.action, "
	"e.from_status, e.to_status FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id "
	"LEFT JOIN dossier_steps s ON s.dossier_id = d.id AND s.idx = d.current_step "
	"WHERE e.id > $13 AND " LIST_FILTERS "ORDER BY e.id LIMIT $14";
#define FEED_CHANGE (DOSSIER_NCOLUMNS + 13) /* the first column after the dossier's */
static const char SQL_FEED_FIRST[] =
	"SELECT id FROM dossier_events WHERE at >= $1 ORDER BY at, id LIMIT 1";
static const char SQL_FEED_END[] = "SELECT coalesce(max(id), 0) FROM dossier_events";

enum mc_err dstore_feed_start(struct db *db, int64_t since, int64_t *after)
{
	struct db_stmt *st = db_prepare(db, SQL_FEED_FIRST);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, since);
	enum mc_err err = db_step_one(st);
	if (!err) {
		*after = db_col_int(st, 0) - 1;
		return db_run(st);
	}
	if (err != MC_ENOTFOUND)
		return err;
	st = db_prepare(db, SQL_FEED_END);
	if (!st)
		return MC_EDB;
	err = db_step_one(st);
	*after = err ? 0 : db_col_int(st, 0);
	return err ? err : db_run(st);
}

enum mc_err dstore_feed(struct db *db, struct arena *a, const struct dossier_filter *f,
			bool (*fn)(struct dossier *d, int64_t due, const struct dossier_change *c,
				   void *arg),
			void *arg)
{
	bool row;
	enum mc_err err;
	struct db_stmt *st = db_prepare(db, SQL_FEED);
	if (!st)
		return MC_EDB;
	bind_filters(st, f);
	while (!(err = db_step(st, &row)) && row) {
		struct dossier *d = arena_alloc(a, sizeof(*d));
		err = dstore__read_light(a, st, d);
		if (err)
			break;
		struct dossier_change c = {
			.seq = db_col_int(st, FEED_CHANGE),
			.at = db_col_int(st, FEED_CHANGE + 1),
			.action = db_col_text(st, FEED_CHANGE + 2),
			.from_status = db_col_text(st, FEED_CHANGE + 3),
			.to_status = db_col_text(st, FEED_CHANGE + 4),
		};
		if (!fn(d, db_col_int0(st, FEED_CHANGE - 1), &c, arg))
			break;
	}
	return err;
}
