/* Appends, lists and verifies the audit chain. The hash input is canonical (domain/digest.h): the
 * previous hash, then each field length-prefixed, so that no two different events can serialize
 * alike. */
#include "base/base.h"

#include <sodium.h>

#include "domain/digest.h"
#include "svc/audit.h"
#include "store/audit_store.h"
#include "store/db.h"
#include "svc/perm.h"

void audit_hash(const struct audit_row *r, unsigned char out[AUDIT_HASH_LEN])
{
	digest_audit_event(r, out);
}

enum mc_err audit_append_as(struct db *db, int64_t at, const char *actor, const char *unit,
			    const char *action, const char *entity, const char *detail)
{
	struct audit_row r = {.has_nul = false};
	int64_t last_id;
	enum mc_err err = astore_last(db, &last_id, r.prev_hash);
	if (err)
		return err;
	r.id = last_id + 1;
	r.at = at;
	r.actor = actor;
	r.unit = unit && *unit ? unit : NULL;
	r.action = action;
	r.entity = entity;
	r.detail = detail ? detail : "{}";
	audit_hash(&r, r.hash);
	return astore_insert(db, &r);
}

enum mc_err audit_append(struct svc_ctx *ctx, const char *unit, const char *action,
			 const char *entity, const char *detail)
{
	const char *actor = ctx->user ? ctx->user->username : "anonymous";
	return audit_append_as(ctx->db, ctx->real_now, actor, unit, action, entity, detail);
}

struct verify_state {
	struct audit_verdict *v;
	int64_t expect_id;
	unsigned char prev[AUDIT_HASH_LEN];
};

static int verify_one(const struct audit_row *r, void *ctx)
{
	struct verify_state *s = ctx;
	unsigned char h[AUDIT_HASH_LEN];
	s->v->events++;
	if (r->id != s->expect_id) {
		s->v->broken_id = s->expect_id;
		s->v->why = "an event is missing (ids are not consecutive)";
		return 1;
	}
	if (sodium_memcmp(r->prev_hash, s->prev, AUDIT_HASH_LEN) != 0) {
		s->v->broken_id = r->id;
		s->v->why = "its previous-hash does not match the event before it";
		return 1;
	}
	audit_hash(r, h);
	if (r->has_nul || sodium_memcmp(h, r->hash, AUDIT_HASH_LEN) != 0) {
		s->v->broken_id = r->id;
		s->v->why = "its content does not match its hash";
		return 1;
	}
	memcpy(s->prev, r->hash, AUDIT_HASH_LEN);
	s->expect_id++;
	return 0;
}

static enum mc_err verify_tx(struct svc_ctx *ctx, void *arg)
{
	return astore_scan(ctx->db, NULL, 0, 0, verify_one, arg);
}

enum mc_err audit_verify(struct svc_ctx *ctx, struct audit_verdict *out)
{
	struct verify_state s = {.v = out, .expect_id = 1};
	memset(out, 0, sizeof(*out));
	memset(s.prev, 0, sizeof(s.prev));
	return svc_read(ctx, verify_tx, &s);
}

struct list_args {
	const char *entity;
	int64_t after_id;
	size_t limit;
	int (*fn)(const struct audit_row *r, void *arg);
	void *arg;
};

static enum mc_err list_tx(struct svc_ctx *ctx, void *arg)
{
	struct list_args *a = arg;
	return astore_scan(ctx->db, a->entity, a->after_id, a->limit, a->fn, a->arg);
}

enum mc_err audit_list(struct svc_ctx *ctx, const char *entity, int64_t after_id, size_t limit,
		       int (*fn)(const struct audit_row *r, void *arg), void *arg)
{
	struct list_args a = {entity, after_id, limit, fn, arg};
	enum mc_err err = perm_admin(ctx);
	return err ? err : svc_read(ctx, list_tx, &a);
}
