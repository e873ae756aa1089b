/* The tamper-evident audit log: every change made through svc/ appends an event whose BLAKE2b-256
 * hash covers the previous event's hash and the event's own fields, so that editing, removing or
 * reordering any event breaks the chain at that point. */
#ifndef MC_AUDIT_H
#define MC_AUDIT_H

#include "domain/audit.h"
#include "svc/svc.h"

/* Appends an event inside the caller's open write transaction. The actor is the context's user
 * (or "system"); detail is a JSON object text (may be NULL for "{}"). */
enum mc_err audit_append(struct svc_ctx *ctx, const char *unit, const char *action,
			 const char *entity, const char *detail);
/* Appends an event with an explicit actor (for init and other commands without a user). */
enum mc_err audit_append_as(struct db *db, int64_t at, const char *actor, const char *unit,
			    const char *action, const char *entity, const char *detail);

struct audit_verdict {
	int64_t events;    /* events checked */
	int64_t broken_id; /* 0 when the chain holds, else the first event that does not */
	const char *why;   /* static text: which check failed */
};

/* Recomputes the whole chain, in one read transaction on ctx->db (no user needed: a command). */
enum mc_err audit_verify(struct svc_ctx *ctx, struct audit_verdict *out);

/* The audit log for administrators (MC_EAUTH, MC_EFORBIDDEN otherwise): calls fn for each event
 * with id > after_id in id order, only those of one entity unless entity is NULL, at most limit
 * (0: no limit), until fn returns non-zero; the row lives only during the call. One read
 * transaction. */
enum mc_err audit_list(struct svc_ctx *ctx, const char *entity, int64_t after_id, size_t limit,
		       int (*fn)(const struct audit_row *r, void *arg), void *arg);

/* Computes an event's hash (exposed for tests). */
void audit_hash(const struct audit_row *r, unsigned char out[AUDIT_HASH_LEN]);

#endif
