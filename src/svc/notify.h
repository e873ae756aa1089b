/* Notifications to citizens by e-mail and SMS (docs/notifications.md): the messages a dossier
 * change writes, in its own transaction, for its applicant; the list a dossier's page shows; and
 * the applicant's SMS opt-out. Sending is svc/notify_worker.c's, never a request thread's. */
#ifndef MC_NOTIFY_H
#define MC_NOTIFY_H

#include "store/notify_store.h"
#include "svc/svc.h"

struct dossier;

/* Writes the notifications a dossier history record stands for (domain/notify_text.h's
 * notify_event_of; nothing for the others): an e-mail when the applicant has an address, an SMS
 * when they have a phone and did not opt out; each rendered now from its template, pending when
 * its channel is configured, else skipped. detail is the record's JSON detail (reason, items).
 * On ctx->db inside the caller's write transaction; wakes the worker once it commits. Nothing
 * without ctx->state (commands). is_new: the dossier is inserted by this transaction, so its code
 * has no SMS opt-out yet (an opt-out needs the committed dossier: notify_sms_opt_out). */
enum mc_err notify_dossier_event(struct svc_ctx *ctx, const struct dossier *d, const char *action,
				 const char *to, const char *detail, bool is_new);

/* A booking's confirmation ("booked", now) and reminder ("reminder", at remind_at, when that is
 * still ahead), by e-mail when it has an address and SMS to its phone, keyed by the booking code;
 * in the booking's transaction. The cancellation of a booking drops its pending reminder. */
struct booking;
enum mc_err notify_booking(struct svc_ctx *ctx, const struct booking *b, const char *procedure,
			   int64_t remind_at);
enum mc_err notify_booking_cancelled(struct svc_ctx *ctx, const char *code);

/* Tells a feedback's sender (docs/feedback.md) that it was answered ("feedback_answered") or
 * moved to another unit ("feedback_assigned"): by e-mail when they gave an address, SMS when they
 * gave a phone, keyed by the feedback code, with a link to follow it (code and secret); nothing
 * without a contact. In the change's transaction. */
struct feedback;
enum mc_err notify_feedback(struct svc_ctx *ctx, const struct feedback *f, const char *event);

/* A dossier's notifications, oldest first, for staff who see it and the applicant's account
 * (MC_ENOTFOUND otherwise); *staff tells whether the caller is staff (who may see last_error). */
enum mc_err notify_list(struct svc_ctx *ctx, const char *code,
			void (*fn)(const struct notification *n, void *arg), void *arg,
			bool *staff);

/* Records that the applicant of dossier code wants no more SMS, given its tracking secret (a
 * wrong one answers MC_ENOTFOUND as an unknown code, and counts against client; MC_ETOOMANY when
 * it guessed too often). Doing it again changes nothing. */
enum mc_err notify_sms_opt_out(struct svc_ctx *ctx, const char *code, const char *secret,
			       const char *client);

#endif
