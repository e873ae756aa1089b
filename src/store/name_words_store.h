/* The name postings of dossiers (dossier_name_words, SQL only): each distinct non-empty word of a
 * dossier's search key, split at single spaces, with the key between spaces (migrations 0028,
 * 0039, 0044). The name search reads them (store/dossier_list_store.c).
 *
 * PostgreSQL writes a dossier's postings with it. SQLite writes them behind intake (migration
 * 0049, docs/decisions.md "Name postings written behind intake"): every NAME_WORDS_BATCH-th dossier
 * inserted writes, in the transaction that inserts it, the postings of every dossier above the mark
 * (dossier_name_words_upto), sorted by word, and moves the mark to itself. The search reads the
 * dossiers above the mark row by row, so that it finds what the postings would have found. */
#ifndef MC_NAME_WORDS_STORE_H
#define MC_NAME_WORDS_STORE_H

#include "store/db.h"

/* Dossiers whose postings are written together on SQLite. Each word's new postings go at the end
 * of that word's range, so a batch dirties about one leaf per distinct word of its names, where
 * one commit's eight intakes dirtied ~27 (3.5 a dossier) at a million dossiers of different
 * applicants. At that load 256 cost intake the same CPU as 512 (+0.2 us, 6 pairs) and 128 more
 * (+11 us); a name search reads at most NAME_WORDS_BATCH - 1 rows above the mark (~0.25 us each),
 * so the smaller of the two (docs/performance.md "Name postings written behind intake"). */
#define NAME_WORDS_BATCH 256

/* The postings of dossier id, just inserted with search key key, in the caller's transaction: on
 * PostgreSQL written now; on SQLite when id is a multiple of NAME_WORDS_BATCH (nwstore_catch_up),
 * else later. */
enum mc_err nwstore_add(struct db *db, int64_t id, const char *key);

/* Writes the postings of every dossier above the mark and moves the mark to the last dossier
 * (SQLite; nothing to do on PostgreSQL). In the caller's transaction, if any. */
enum mc_err nwstore_catch_up(struct db *db);

/* The mark: every dossier whose id is at most *upto has its postings. INT64_MAX on PostgreSQL,
 * where every dossier has them. */
enum mc_err nwstore_upto(struct db *db, int64_t *upto);

#endif
