/* What a SQLite write transaction already knows of two rows that every intake reads and then
 * writes (issue 22): the audit chain's newest event (its id and hash) and the day counters that
 * number dossiers and intake notes. A transaction begun by db_begin_write on SQLite holds the
 * database's one write lock until it ends, so nobody else can change either meanwhile:
 *  - the audit chain's tail, once read or appended in the transaction, is answered from memory
 *    (astore_last) until the transaction ends; any other change of a row of audit_events on the
 *    connection (SQLite's update hook, store/db_sqlite.c) forgets it;
 *  - a day counter is read once per transaction and counted on in memory; its new value is written
 *    once, just before the COMMIT (one statement per counter instead of an upsert and a read per
 *    number). Nothing else writes dossier_counters; a change of its rows by any other statement
 *    while counts are held makes the COMMIT fail rather than hand a number out twice.
 * A savepoint rolled back restores both as they were when it began (one level, as
 * db_savepoint); a transaction's end forgets all. PostgreSQL, whose instances share the tables,
 * and SQLite outside a write transaction keep reading and upserting the rows themselves. */
#ifndef MC_TX_MEMO_H
#define MC_TX_MEMO_H

#include "domain/audit.h"
#include "store/db.h"

/* True when db is in a transaction whose tail and counters may be kept here. */
bool txmemo_on(struct db *db);

/* The audit chain's tail: true with *id and hash filled when this transaction knows it. */
bool txmemo_audit_get(struct db *db, int64_t *id, unsigned char hash[AUDIT_HASH_LEN]);
void txmemo_audit_put(struct db *db, int64_t id, const unsigned char hash[AUDIT_HASH_LEN]);

/* True when counter (unit, day) is counted here in this transaction (keys longer than
 * TXMEMO_KEY_MAX bytes never are: SQL numbers them every time). */
#define TXMEMO_KEY_MAX 63
bool txmemo_counter_kept(struct db *db, const char *unit, const char *day);
/* The next number of a kept counter: read from dossier_counters the first time in the
 * transaction, counted on in memory after. */
enum mc_err txmemo_counter_next(struct db *db, const char *unit, const char *day, int64_t *n);

#endif
