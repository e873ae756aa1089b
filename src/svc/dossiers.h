/* The dossier's life as use cases: intake at a counter, by post or online; reading, listing and
 * history with visibility (staff of any unit the dossier involves, the applicant); the actions of
 * API.md's table; public tracking by code and secret, and the rating after return. */
#ifndef MC_DOSSIERS_H
#define MC_DOSSIERS_H

#include "domain/dossier_state.h"
#include "domain/dossier.h"
#include "svc/dossier_access.h"
#include "svc/fees.h"
#include "svc/svc.h"

struct intake_component {
	const char *id;
	bool provided;
	const char *document; /* NULL = none */
};

/* Seconds an Idempotency-Key is remembered (then housekeeping deletes it). */
#define DOSSIER_IDEM_TTL (24 * 3600)

struct intake {
	const char *procedure;
	const char *applicant_kind, *applicant_name, *applicant_id;
	const char *phone, *email, *address;
	const char *resolver_unit, *receiving_unit, *channel, *return_channel, *return_unit;
	/* Who acts for the applicant (has_rep): a citizen filing for an organization or for another
	 * person must be its representative, with the paper that proves it (a document id). */
	bool has_rep;
	const char *rep_name, *rep_id_number, *rep_relation, *rep_document;
	size_t ncomponents;
	struct intake_component components[DOSSIER_MAX_COMPONENTS];
	struct fee_input fees;       /* declared quantities and exemption (svc/fees.h) */
	int64_t ticket;              /* today's queue ticket served at the counter, 0 = none */
	const char *idem_key;        /* Idempotency-Key, or NULL */
	unsigned char idem_hash[32]; /* hash of the request body */
};

/* Checks the applicant fields of an intake (kind, ID number or tax code, phone, e-mail; a citizen
 * filing for someone else must name a representative): errors to ctx->problem under "applicant."
 * and "representative". */
void dossier_check_applicant(struct svc_ctx *ctx, const struct intake *in);

/* Creates a dossier. Counter and post: received at once (receiver covering the receiving point);
 * online: submitted at the Center's online desk (citizen). Field errors go to ctx->problem (422);
 * MC_EFORBIDDEN when the receiver does not cover the unit; MC_ECONFLICT for an idempotency key
 * reused with another body. *replayed is true when an earlier answer is returned. fees (may be
 * NULL) gets the new dossier's fee view (fees_view's answer, without reading it back) when the
 * intake succeeded and was not replayed; fees->has is false otherwise. */
enum mc_err dossier_intake(struct svc_ctx *ctx, const struct intake *in, struct dossier *out,
			   bool *replayed, struct fee_view *fees);

/* dossier_intake in two halves, for a caller that does not wait for the commit (the HTTP worker,
 * which suspends the connection meanwhile). dossier_intake_begin makes every check and returns
 * their error (nothing queued), or MC_OK and the write to queue; dossier_intake_submit queues it
 * and returns at once; done(arg, err) then runs on the group-commit writer's thread once the
 * write has committed (err as dossier_intake's; *out, *replayed and *fees filled as it fills
 * them). ctx, in, out, replayed and fees must live until done; ctx holds no connection meanwhile
 * (the writer lends it its own). Only with a writer: dossier_intake_can_submit. */
struct intake_pending;
bool dossier_intake_can_submit(const struct svc_ctx *ctx);
enum mc_err dossier_intake_begin(struct svc_ctx *ctx, const struct intake *in, struct dossier *out,
				 bool *replayed, struct fee_view *fees, struct intake_pending **p);
void dossier_intake_submit(struct svc_ctx *ctx, struct intake_pending *p,
			   void (*done)(void *arg, enum mc_err err), void *arg);

/* dossier_get, dossier_visible, dossier_citizen_covers: svc/dossier_access.h (included above). */

/* The history of a dossier the caller may see, oldest first, in one read transaction (fn is called
 * inside it); MC_ENOTFOUND otherwise. */
enum mc_err dossier_history(struct svc_ctx *ctx, const char *code,
			    void (*fn)(const struct dossier_event *e, void *arg), void *arg);

struct dossier_query {
	const char *status, *receiving_unit, *resolver_unit, *return_unit, *procedure, *q;
	const char *sync; /* the national portal sync's state (docs/portal.md); NULL = any */
	bool overdue;
	bool order_due;     /* soonest due first */
	int64_t due_before; /* 0 = none */
	const char *cursor; /* opaque value from a previous page */
	size_t limit;
	bool updated_since_given; /* the change feed (dossier_feed) from updated_since */
	int64_t updated_since;
};

/* The opaque cursor of dossier lists (before base64url): "i:<id>" in the newest-first order,
 * "d:<effective due>:<id>" in the due order. Parsing accepts exactly what formatting writes
 * (canonical decimals within int64_t, a positive id): false otherwise. */
bool dossier_cursor_parse(const char *c, bool due_order, int64_t *after_due, int64_t *after_id);
char *dossier_cursor_format(struct arena *a, bool due_order, int64_t last_due, int64_t last_id);

/* Lists the dossiers the caller may see, in one read transaction. fn gets each dossier (inside
 * the transaction); *next is the cursor of the next page (arena) or NULL. MC_EINVAL for an unknown
 * status or a cursor this API did not give. */
enum mc_err dossier_list(struct svc_ctx *ctx, const struct dossier_query *q,
			 void (*fn)(const struct dossier *d, void *arg), void *arg,
			 const char **next);

/* In the caller's transaction: the units whose dossiers a staff caller sees, as a JSON array of
 * codes in *units_json (arena), or NULL for an administrator (every dossier); MC_EFORBIDDEN for a
 * citizen. */
enum mc_err dossier_scope_units(struct svc_ctx *ctx, const char **units_json);

/* The change feed: true when q asks for it (updated_since, or a cursor dossier_feed gave). */
bool dossier_query_is_feed(const struct dossier_query *q);
/* The changes of the dossiers the caller may see (and q's filters let through, on their present
 * state), oldest first, in one read transaction: from the first change at or after
 * q->updated_since, or after q->cursor ("c:<position>"). fn gets each change with its dossier as
 * it is now; *next is always the cursor to ask with next (after the last change given, or where
 * the feed stood when there was none), and *more says whether more changes wait already. A change
 * committed after this read has a later position: polling with *next misses nothing and repeats
 * nothing. MC_EINVAL (field named) for the due order or due filters, which a feed cannot follow. */
enum mc_err dossier_feed(struct svc_ctx *ctx, const struct dossier_query *q,
			 void (*fn)(const struct dossier *d, const struct dossier_change *c, void *arg),
			 void *arg, const char **next, bool *more);

struct action_input {
	enum ds_action action;
	int64_t if_match; /* 0 = none */
	const char *reason, *note, *items_json;
	bool exception;
	int64_t new_due_at;
	const char *outcome;
	const char *result_number, *result_title, *result_document;
	const char *channel, *unit;
	const char *address, *tracking_number; /* return by post */
	int64_t to_step;                       /* send-back: the earlier step (1-based) */
	size_t ncomponents;
	struct intake_component components[DOSSIER_MAX_COMPONENTS];
};

/* Takes an action on a dossier in one write transaction: MC_ENOTFOUND (cannot see), MC_EFORBIDDEN
 * (may see, may not act), MC_EINVAL (fields), MC_ECONFLICT (status, version, or a rule such as a
 * second extension). */
enum mc_err dossier_act(struct svc_ctx *ctx, const char *code, const struct action_input *in,
			struct dossier *out);
/* The same, and *allowed (NULL: not wanted) the actions the caller may take after it, decided in
 * the action's transaction: bit 1u << a for each enum ds_action a. */
enum mc_err dossier_act_with_actions(struct svc_ctx *ctx, const char *code,
				     const struct action_input *in, struct dossier *out,
				     unsigned *allowed);
/* dossier_get in a read transaction of its own, and *allowed (NULL: not wanted) the actions the
 * caller may take now, decided in that transaction (bits as for dossier_act_with_actions). */
enum mc_err dossier_get_with_actions(struct svc_ctx *ctx, const char *code, struct dossier *out,
				     unsigned *allowed);

/* The actions the context's user may take on the dossier now (names as in API.md, in the order of
 * enum ds_action), in the caller's transaction; returns how many were written to out. */
size_t dossier_allowed(struct svc_ctx *ctx, struct dossier *d, const char *out[DA_NACTION]);

#define DOSSIER_ACTION_FIELDS_MAX 13
/* The body fields action a takes (API.md spelling; NULL-terminated in out; none for an unknown
 * action): what the HTTP handler decodes, any other field being unknown (422). Returns how many. */
size_t dossier_action_fields(enum ds_action a, const char *out[DOSSIER_ACTION_FIELDS_MAX + 1]);

/* ds_overdue of the dossier: its due time runs and its effective due time is before now. */
bool dossier_overdue(const struct dossier *d, int64_t now);

/* True when given (a ?secret= or ?s= value; NULL when absent) is the tracking secret, compared in
 * constant time for its length. Pure. */
bool dossier_secret_matches(const char *given, const char *secret);

/* Public tracking: MC_ENOTFOUND for an unknown code or a wrong secret (alike); MC_ETOOMANY when
 * the client address guessed wrong too often. */
enum mc_err dossier_track(struct svc_ctx *ctx, const char *code, const char *secret,
			  const char *client, struct dossier *out);
/* The same checks, with the whole dossier loaded (steps with their timeliness, channel, pauses):
 * for the human tracking page, which shows a timeline. */
enum mc_err dossier_track_page(struct svc_ctx *ctx, const char *code, const char *secret,
			       const char *client, struct dossier *out);
/* The rating after return, once: MC_ECONFLICT before return or the second time. */
enum mc_err dossier_rate(struct svc_ctx *ctx, const char *code, const char *secret,
			 const char *client, const char *score, const char *comment,
			 struct dossier *out);

/* Appends a history event of the dossier (from NULL only for a new dossier) and the matching audit
 * event, in the caller's write transaction; public tracking forgets the dossier until the
 * transaction ends. */
enum mc_err dossier_record(struct svc_ctx *ctx, struct dossier *d, const char *action,
			   const char *unit, const char *from, const char *to, const char *detail);

/* Recomputes the due times of the open dossiers a calendar change of `day` touches, inside the
 * caller's write transaction (the calendar must already answer with the change); logs `why` (a
 * plain text without quotes) on each. *changed gets how many moved. */
enum mc_err dossier_recompute_day(struct svc_ctx *ctx, int64_t day, const char *why,
				  size_t *changed);

struct intake_note;
/* Form 02 at the counter: papers missing, no dossier and no code used. in->components lists the
 * missing ids (ncomponents); in->receiving_unit as for intake. */
enum mc_err intake_guidance(struct svc_ctx *ctx, const struct intake *in, const char *note,
			    struct intake_note *out);
/* Form 03 at the counter: a request outside the Center's scope. in->procedure is what was asked
 * for (free text: it may not be in the catalog). */
enum mc_err intake_refusal(struct svc_ctx *ctx, const struct intake *in, const char *reason,
			   struct intake_note *out);

/* Makes a tracking secret: 10 characters of an alphabet without look-alikes. */
void dossier_new_secret(char out[16]);

#endif
