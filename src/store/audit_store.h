/* Rows of the audit chain (SQL only; the hashing is svc/audit.c's). */
#ifndef MC_AUDIT_STORE_H
#define MC_AUDIT_STORE_H

#include "store/db.h"
#include "domain/audit.h"

/* The id and hash of the newest event; *id = 0 and a zero hash when the log is empty. Call inside
 * the write transaction that appends, so that the chain stays linear. */
enum mc_err astore_last(struct db *db, int64_t *id, unsigned char hash[AUDIT_HASH_LEN]);
/* Appends an event whose id, prev_hash and hash the caller computed. */
enum mc_err astore_insert(struct db *db, const struct audit_row *r);
/* Calls fn for each event with id > after_id, in id order, optionally only for one entity (NULL =
 * all), at most limit events (0 = no limit), until fn returns non-zero. */
enum mc_err astore_scan(struct db *db, const char *entity, int64_t after_id, size_t limit,
			int (*fn)(const struct audit_row *r, void *ctx), void *ctx);

#endif
