/* Group commit: a writer thread with a connection of its own runs the write part of several
 * requests in one durable transaction and commits once, synchronous=FULL, before any of them
 * answers (when a job fails, the batch runs again with each job in a savepoint of its own, so that
 * the others still commit). Requests queued while the transaction runs join it; and while it holds
 * fewer jobs than the writer expects (the callers the last batch answered, who send their next
 * request once answered, and those of this batch that waited while the last one ran), or a
 * request is on its way (announced with group_commit_expect while it validates its input), the
 * writer waits for them in the open transaction, running each as it comes: at most the last
 * commit's time, at most GROUP_COMMIT_WAIT_US. docs/performance.md "Callers expected back join the
 * open transaction". */
#ifndef MC_GROUP_COMMIT_H
#define MC_GROUP_COMMIT_H

struct db_pool; /* store/db.h */
#include "svc/svc.h"

#define GROUP_COMMIT_WAIT_US 2000
#define GROUP_COMMIT_MAX 32

struct group_commit;

/* Starts the writer on a connection it takes from s's pool until group_commit_stop. */
enum mc_err group_commit_start(struct svc_state *s, struct group_commit **out);
/* Stops the writer once its queue is empty and gives its connection back; accepts NULL. */
void group_commit_stop(struct group_commit *g);

/* A call of group_commit_run is coming (the caller validates its input first). */
void group_commit_expect(struct group_commit *g);
/* It is not coming after all (the input was refused). */
void group_commit_unexpect(struct group_commit *g);

/* Runs fn(ctx, arg) inside the writer's write transaction (ctx->db is the writer's connection
 * meanwhile) and returns once that transaction has committed: fn's error (its work then rolled
 * back), else the commit's. fn must not begin, commit or roll back. `expected` is true when the
 * caller announced the call with group_commit_expect. Without a writer (g NULL: commands, tests)
 * fn runs in a write transaction of ctx->db. */
enum mc_err group_commit_run(struct group_commit *g, struct svc_ctx *ctx, bool expected,
			     enum mc_err (*fn)(struct svc_ctx *ctx, void *arg), void *arg);

/* The same without waiting: queues fn(ctx, arg) and returns at once; on_done(on_done_arg, err)
 * runs on the writer's thread once the transaction has committed (err: fn's error, else the
 * commit's), after which the writer no longer touches ctx or arg. g must not be NULL. */
void group_commit_submit(struct group_commit *g, struct svc_ctx *ctx, bool expected,
			 enum mc_err (*fn)(struct svc_ctx *ctx, void *arg), void *arg,
			 void (*on_done)(void *arg, enum mc_err err), void *on_done_arg);

#endif
