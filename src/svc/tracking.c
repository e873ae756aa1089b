/* Public tracking by code and secret, and the applicant's rating after return. A wrong secret
 * answers exactly as an unknown code, and counts against the client address. */
#include "base/base.h"

#include <sodium.h>

#include "svc/dossiers.h"
#include "svc/track_cache.h"
#include "store/db.h"
#include "store/dossier_store.h"

/* What public tracking shows: from the cache, else from the database (then cached). */
static enum mc_err get_public(struct svc_ctx *ctx, const char *code, struct dossier *out)
{
	struct track_cache *cache = ctx->state ? ctx->state->tracking : NULL;
	if (track_cache_get(cache, ctx->arena, code, out))
		return MC_OK;
	uint64_t stamp = track_cache_stamp(cache);
	enum mc_err err = dstore_get_public(ctx->db, ctx->arena, code, out);
	if (!err)
		track_cache_put(cache, stamp, out);
	return err;
}

bool dossier_secret_matches(const char *given, const char *secret)
{
	size_t n = given ? strlen(given) : 0;
	return given && n == strlen(secret) && sodium_memcmp(given, secret, n) == 0;
}

/* full: the whole dossier (to update it); else only what public tracking shows (cheaper). */
static enum mc_err find(struct svc_ctx *ctx, const char *code, const char *secret,
			const char *client, struct dossier *out, bool full)
{
	int64_t retry = 0;
	if (guess_check(ctx->state, client, ctx->real_now, &retry) != MC_OK) {
		ctx->retry_after = retry > 0 ? retry : 1;
		return MC_ETOOMANY;
	}
	enum mc_err err = full ? dstore_get(ctx->db, ctx->arena, code, out)
			       : get_public(ctx, code, out);
	if (err && err != MC_ENOTFOUND)
		return err;
	bool ok = !err && dossier_secret_matches(secret, out->tracking_secret);
	if (!ok) {
		guess_fail(ctx, client);
		return MC_ENOTFOUND;
	}
	return MC_OK;
}

enum mc_err dossier_track(struct svc_ctx *ctx, const char *code, const char *secret,
			  const char *client, struct dossier *out)
{
	return find(ctx, code, secret, client, out, false);
}

enum mc_err dossier_track_page(struct svc_ctx *ctx, const char *code, const char *secret,
			       const char *client, struct dossier *out)
{
	return find(ctx, code, secret, client, out, true);
}

static bool score_ok(const char *s)
{
	return s && (!strcmp(s, "very_satisfied") || !strcmp(s, "satisfied") ||
		     !strcmp(s, "unsatisfied"));
}

struct rate_args {
	const char *code, *secret, *client, *score, *comment;
	struct dossier *out;
};

static enum mc_err rate_tx(struct svc_ctx *ctx, void *arg)
{
	struct rate_args *a = arg;
	struct dossier *out = a->out;
	/* The secret was checked (and a wrong one counted) before the transaction: dossier_rate. */
	enum mc_err err = dstore_get(ctx->db, ctx->arena, a->code, out);
	if (!err && !dossier_secret_matches(a->secret, out->tracking_secret))
		err = MC_ENOTFOUND;
	if (!err && !score_ok(a->score)) {
		problem_add(ctx->problem, "score", "must be very_satisfied, satisfied or unsatisfied",
			    "mức đánh giá phải là very_satisfied, satisfied hoặc unsatisfied");
		err = MC_EINVAL;
	}
	if (!err && out->status != DS_RETURNED) {
		problem_detail(ctx->problem, "a dossier can be rated once its result is returned",
			       "chỉ đánh giá được sau khi đã trả kết quả");
		err = MC_ECONFLICT;
	}
	if (!err && out->rating[0]) {
		problem_detail(ctx->problem, "the dossier was already rated", "hồ sơ đã được đánh giá");
		err = MC_ECONFLICT;
	}
	if (!err) {
		snprintf(out->rating, sizeof(out->rating), "%s", a->score);
		out->rating_comment = a->comment;
		out->rated_at = ctx->now;
		err = dstore_update(ctx->db, out);
	}
	if (!err) {
		char *detail = arena_printf(ctx->arena, "{\"score\":\"%s\"}", a->score);
		const char *status = ds_status_name(out->status);
		err = dossier_record(ctx, out, "rate", out->return_unit, status, status, detail);
	}
	return err;
}

enum mc_err dossier_rate(struct svc_ctx *ctx, const char *code, const char *secret,
			 const char *client, const char *score, const char *comment,
			 struct dossier *out)
{
	struct rate_args a = {code, secret, client, score, comment, out};
	/* Outside the transaction, so that a wrong secret is counted even though nothing is written
	 * (guess_fail tells the other instances at once). */
	enum mc_err err = find(ctx, code, secret, client, out, false);
	return err ? err : svc_write(ctx, rate_tx, &a);
}
