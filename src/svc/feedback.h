/* Citizens' feedback (docs/feedback.md): anyone sends a phản ánh, kiến nghị or khiếu nại about a
 * dossier (its code and tracking secret, or logged in as its citizen), a service point, or an
 * officer (from a dossier's history, or a point and a name); it is routed to the responsible unit
 * and due cfg.feedback_days working days after receipt; that unit's staff list, reassign within
 * their scope and answer it (a late answer is flagged); the sender reads it by code and secret;
 * answered feedback is published when the sender agreed and staff chose to. */
#ifndef MC_FEEDBACK_H
#define MC_FEEDBACK_H

#include "domain/feedback.h"
#include "svc/svc.h"

struct feedback_in {
	const char *kind, *about;
	const char *dossier, *secret, *point, *officer, *officer_name;
	const char *content, *name, *phone, *email;
	bool consent;
};

/* Public requests per client address (submissions, look-ups, the public list) in the limiter's
 * window: MC_OK, counting this one, or MC_ETOOMANY (ctx->retry_after set). Staff are not counted. */
enum mc_err feedback_rate(struct svc_ctx *ctx);

/* Receives a feedback: checks every field (MC_EINVAL naming them: kind, about, dossier, secret,
 * point, officer, officer_name, content, name, phone, email), routes it, sets its due time, and
 * fills out (with the secret). MC_ECONFLICT naming "dossier" when the dossier already has
 * FEEDBACK_DOSSIER_OPEN_MAX unanswered feedback; MC_ETOOMANY over the per-address limit or after
 * too many wrong tracking secrets. */
enum mc_err feedback_submit(struct svc_ctx *ctx, const struct feedback_in *in,
			    struct feedback *out);

/* One feedback for its sender (the secret, or the account that sent it; *staff false) or for staff
 * covering its unit (*staff true). A wrong code or secret: MC_ENOTFOUND, counted against the client
 * like a wrong tracking secret. */
enum mc_err feedback_find(struct svc_ctx *ctx, const char *code, const char *secret,
			  struct feedback *out, bool *staff);

/* The feedback of the units the caller's staff roles cover (administrators: all), status "open",
 * "answered" or NULL, soonest due first, at most limit. MC_EFORBIDDEN for citizens. */
enum mc_err feedback_list(struct svc_ctx *ctx, const char *status, size_t limit,
			  void (*fn)(const struct feedback *f, void *arg), void *arg);

/* Staff covering both the feedback's unit and `unit` move an open feedback there (its due time is
 * kept). MC_EINVAL naming "unit" for an unknown unit; MC_EFORBIDDEN outside their scope;
 * MC_ECONFLICT once answered. */
enum mc_err feedback_assign(struct svc_ctx *ctx, const char *code, const char *unit,
			    struct feedback *out);

/* Staff covering its unit answer an open feedback; late when answered after its due time;
 * published when publish and the sender agreed (else MC_EINVAL naming "publish"). MC_ECONFLICT
 * once answered. */
enum mc_err feedback_answer(struct svc_ctx *ctx, const char *code, const char *answer,
			    bool publish, struct feedback *out);

/* The published feedback (of one unit, or all), latest answer first. */
enum mc_err feedback_published(struct svc_ctx *ctx, const char *unit, size_t offset, size_t limit,
			       void (*fn)(const struct feedback *f, void *arg), void *arg);

#endif
