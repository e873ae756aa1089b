/* Fees of a dossier (docs/fees.md): the lines computed at intake from the procedure version's
 * schedule and what the applicant declares, exemptions (a reason and the paper that proves it),
 * changes after intake (audited), the rule that an unpaid fee blocks the return, refunds when a
 * dossier is refused or stopped before processing. Payments are svc/payments.h's. */
#ifndef MC_FEES_H
#define MC_FEES_H

#include "domain/dossier_state.h"
#include "domain/dossier.h"
#include "domain/procedure.h"
#include "store/fee_store.h"
#include "svc/svc.h"

#define FEE_REASON_CHARS 500 /* an exemption's reason or paper */

/* What an intake, or a change after it, says about fees. */
struct fee_input {
	struct fee_declared declared;
	bool exempt;             /* an exemption is claimed */
	const char *exemption_code; /* NULL: the officer exempts the whole fee */
	const char *reason, *paper;
};

/* Computes the fee record of a dossier of procedure p on channel ("counter", "post", "online"):
 * lines from the schedule (or one line of fee_vnd when the version has no rules), totals, the
 * exemption. Field errors go to ctx->problem under "fees_declared" and "fee_exemption" (and
 * MC_EINVAL is returned). A citizen may not claim an exemption online (the officer checks the
 * paper at reception): "fee_exemption" 422. The record's strings live in ctx->arena. */
enum mc_err fees_plan(struct svc_ctx *ctx, const struct procedure *p, const char *channel,
		      const struct fee_input *in, struct fee_record *out);

/* Writes the planned record for a new dossier, in the intake's write transaction. */
enum mc_err fees_record(struct svc_ctx *ctx, int64_t dossier_id, struct fee_record *rec);

/* The return action's rule, in its transaction: MC_ECONFLICT (ctx->problem's detail set) when
 * the dossier has an amount still due (total - paid > 0); exempt or zero fees pass. */
enum mc_err fees_check_return(struct svc_ctx *ctx, const struct dossier *d);

/* After refuse or stop, in the action's transaction: when the dossier had not reached processing
 * (from is submitted, needs_completion or received), its paid payments are refunded (status
 * refunded, the amount added to refunded) and audited. */
enum mc_err fees_on_close(struct svc_ctx *ctx, const struct dossier *d, enum ds_status from,
			  const char *action);

/* A dossier's fees with its payments, for its representation. */
struct fee_view {
	bool has; /* false: the dossier has no fee record (received before fees existed) */
	struct fee_record rec;
	size_t npayments;
	struct payment payments[16]; /* the latest 16 */
};

/* Reads the fee view of a dossier the caller may see (its own read transaction). */
enum mc_err fees_view(struct svc_ctx *ctx, int64_t dossier_id, struct fee_view *out);

/* Loads the fee view inside the caller's transaction. */
enum mc_err fees_view_tx(struct svc_ctx *ctx, int64_t dossier_id, struct fee_view *out);

/* Changes the declared quantities or the exemption of an open dossier (a receiver covering its
 * receiving unit): recomputed from the version's schedule, audited ("fees_change", old and new
 * totals). MC_ECONFLICT when something was paid already or the dossier is closed. *out gets the
 * new view. */
enum mc_err fees_change(struct svc_ctx *ctx, const char *code, const struct fee_input *in,
			struct fee_view *out);

/* Fee figures of the summary report (docs/fees.md "Figures"): dossiers submitted or received in
 * [from, to] in the caller's scope (as reports_summary: staff, the units they cover; the
 * administrator, all). MC_EAUTH / MC_EFORBIDDEN as reports_summary. */
enum mc_err fees_figures(struct svc_ctx *ctx, int64_t from, int64_t to, struct fee_figures *out);

#endif
