/* store/tx_memo.h: the audit chain's tail and the day counters, known to a SQLite write
 * transaction. */
#include "base/base.h"

#include "base/fmt.h"
#include "base/log.h"
#include "store/db_internal.h"
#include "store/tx_memo.h"

struct memo_counter {
	char unit[TXMEMO_KEY_MAX + 1], day[TXMEMO_KEY_MAX + 1];
	int64_t stored;     /* the value read from the table */
	int64_t last;       /* the last number handed out */
	int64_t last_at_sp; /* last when the savepoint began */
};

struct memo_audit {
	bool known;
	int64_t id;
	unsigned char hash[AUDIT_HASH_LEN];
};

struct tx_memo {
	struct memo_audit audit, audit_at_sp;
	struct memo_counter *counters;
	size_t n, cap, n_at_sp;
	bool writing;  /* txmemo_write's own statements are running */
	bool conflict; /* dossier_counters changed by another statement while counts were held */
};

bool txmemo_on(struct db *db)
{
	struct db_common *c = db_common_of(db);
	return c->in_tx && c->exclusive_tx;
}

static struct tx_memo *memo_of(struct db *db)
{
	struct db_common *c = db_common_of(db);
	if (!c->memo)
		c->memo = xcalloc(1, sizeof(*c->memo));
	return c->memo;
}

bool txmemo_audit_get(struct db *db, int64_t *id, unsigned char hash[AUDIT_HASH_LEN])
{
	struct tx_memo *m = db_common_of(db)->memo;
	if (!txmemo_on(db) || !m || !m->audit.known)
		return false;
	*id = m->audit.id;
	memcpy(hash, m->audit.hash, AUDIT_HASH_LEN);
	return true;
}

void txmemo_audit_put(struct db *db, int64_t id, const unsigned char hash[AUDIT_HASH_LEN])
{
	if (!txmemo_on(db))
		return;
	struct tx_memo *m = memo_of(db);
	m->audit.known = true;
	m->audit.id = id;
	memcpy(m->audit.hash, hash, AUDIT_HASH_LEN);
}

bool txmemo_counter_kept(struct db *db, const char *unit, const char *day)
{
	return txmemo_on(db) && strlen(unit) <= TXMEMO_KEY_MAX && strlen(day) <= TXMEMO_KEY_MAX;
}

static const char SQL_COUNTER_READ[] =
	"SELECT last FROM dossier_counters WHERE unit = $1 AND day = $2";

/* The stored last number of (unit, day), 0 when there is no row. */
static enum mc_err counter_read(struct db *db, const char *unit, const char *day, int64_t *last)
{
	struct db_stmt *st = db_prepare(db, SQL_COUNTER_READ);
	if (!st)
		return MC_EDB;
	db_bind_text_kept(st, 1, unit, SIZE_MAX);
	db_bind_text_kept(st, 2, day, SIZE_MAX);
	enum mc_err err = db_step_one(st);
	if (err && err != MC_ENOTFOUND)
		return err;
	*last = err ? 0 : db_col_int(st, 0);
	return db_run(st);
}

enum mc_err txmemo_counter_next(struct db *db, const char *unit, const char *day, int64_t *n)
{
	struct tx_memo *m = memo_of(db);
	for (size_t i = 0; i < m->n; i++) {
		struct memo_counter *k = &m->counters[i];
		if (strcmp(k->day, day) == 0 && strcmp(k->unit, unit) == 0) {
			*n = ++k->last;
			return MC_OK;
		}
	}
	int64_t last;
	enum mc_err err = counter_read(db, unit, day, &last);
	if (err)
		return err;
	if (m->n == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 8;
		m->counters = xrealloc(m->counters, m->cap * sizeof(*m->counters));
	}
	struct memo_counter *k = &m->counters[m->n++];
	fmt_snprintf(k->unit, sizeof(k->unit), "%s", unit);
	fmt_snprintf(k->day, sizeof(k->day), "%s", day);
	k->stored = last;
	k->last = k->last_at_sp = last + 1; /* begun inside a savepoint: dropped at its rollback */
	*n = k->last;
	return MC_OK;
}

static const char SQL_COUNTER_SET[] =
	"INSERT INTO dossier_counters (unit, day, last) VALUES ($1, $2, $3) "
	"ON CONFLICT (unit, day) DO UPDATE SET last = excluded.last";

enum mc_err txmemo_write(struct db *db)
{
	struct tx_memo *m = db_common_of(db)->memo;
	if (!m)
		return MC_OK;
	enum mc_err err = MC_OK;
	if (m->conflict) {
		log_error("dossier_counters changed beside the numbers held for the transaction: "
			  "not committed");
		err = MC_EDB;
	}
	m->writing = true;
	for (size_t i = 0; !err && i < m->n; i++) {
		const struct memo_counter *k = &m->counters[i];
		if (k->last == k->stored)
			continue; /* its numbers were all rolled back */
		struct db_stmt *st = db_prepare(db, SQL_COUNTER_SET);
		if (!st) {
			err = MC_EDB;
			break;
		}
		db_bind_text_kept(st, 1, k->unit, SIZE_MAX);
		db_bind_text_kept(st, 2, k->day, SIZE_MAX);
		db_bind_int(st, 3, k->last);
		err = db_run(st);
	}
	m->writing = false;
	txmemo_discard(db);
	return err;
}

void txmemo_discard(struct db *db)
{
	struct tx_memo *m = db_common_of(db)->memo;
	if (m) {
		m->audit.known = m->audit_at_sp.known = false;
		m->n = m->n_at_sp = 0;
		m->conflict = false;
	}
}

void txmemo_savepoint(struct db *db)
{
	struct tx_memo *m = db_common_of(db)->memo;
	if (m) {
		m->audit_at_sp = m->audit;
		m->n_at_sp = m->n;
		for (size_t i = 0; i < m->n; i++)
			m->counters[i].last_at_sp = m->counters[i].last;
	}
}

void txmemo_savepoint_rollback(struct db *db)
{
	struct tx_memo *m = db_common_of(db)->memo;
	if (m) {
		m->audit = m->audit_at_sp;
		m->n = m->n_at_sp;
		for (size_t i = 0; i < m->n; i++)
			m->counters[i].last = m->counters[i].last_at_sp;
	}
}

void txmemo_row_changed(struct db *db, const char *table)
{
	struct tx_memo *m = db_common_of(db)->memo;
	if (!m)
		return;
	if (m->audit.known && strcmp(table, "audit_events") == 0)
		m->audit.known = false; /* astore_insert puts its own row back once it has run */
	else if (m->n && !m->writing && strcmp(table, "dossier_counters") == 0)
		m->conflict = true;
}

void txmemo_free(struct db *db)
{
	struct tx_memo *m = db_common_of(db)->memo;
	if (m) {
		free(m->counters);
		free(m);
		db_common_of(db)->memo = NULL;
	}
}
