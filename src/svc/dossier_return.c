/* Returning the result (the action "return" of dossier_actions.c): by post with the address and
 * the postal tracking number, online only with a signed electronic result. */
#include "base/base.h"

#include "svc/dossiers_internal.h"
#include "store/signing_store.h"

struct refusal_text {
	const char *en, *vi;
};

static void set(char *dst, size_t cap, const char *src)
{
	str_copy(dst, cap, src);
}

/* Returned online: only a signed electronic result goes out online (an approved dossier's
 * result must have been signed by the deciding unit, docs/signing.md). A denial has no result
 * document and may be returned online. */
static const struct refusal_text online_needs_signature = {
	"returned online requires a signed electronic result: this dossier's result is not signed",
	"trả kết quả trực tuyến cần kết quả điện tử đã ký số: kết quả của hồ sơ này chưa được ký"};

/* online_needs_signature's rule, in the action's transaction: MC_ECONFLICT when it refuses. */
enum mc_err dossier__check_online_return(struct svc_ctx *ctx, const struct dossier *d,
				       const struct action_input *in)
{
	struct result_signature sig;
	const char *channel = in->channel ? in->channel : d->return_channel;
	if (strcmp(channel, "online") != 0 || strcmp(d->decision, "approved") != 0)
		return MC_OK;
	enum mc_err err = sstore_sig_of_dossier(ctx->db, ctx->arena, d->id, &sig);
	if (err != MC_ENOTFOUND)
		return err;
	problem_detail(ctx->problem, online_needs_signature.en, online_needs_signature.vi);
	return MC_ECONFLICT;
}

static bool tracking_number_ok(const char *s)
{
	size_t n = strlen(s);
	if (n < 4 || n > DOSSIER_TRACKING_NUMBER_CHARS)
		return false;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		      *s == '-'))
			return false;
	return true;
}

/* At the dossier's return unit, whatever unit the body names. By post, the result counts as
 * returned when it is posted (now), to the address given (else the applicant's), with the
 * postal tracking number; the two fields belong to a return by post only. */
enum mc_err dossier__apply_return(struct svc_ctx *ctx, struct dossier *d,
				const struct action_input *in)
{
	const char *channel = in->channel ? in->channel : d->return_channel;
	if (strcmp(channel, "post") != 0) {
		if (in->address)
			problem_add(ctx->problem, "address", "is only for a return by post",
				    "chỉ dùng khi trả kết quả qua bưu chính");
		if (in->tracking_number)
			problem_add(ctx->problem, "tracking_number", "is only for a return by post",
				    "chỉ dùng khi trả kết quả qua bưu chính");
	} else {
		const char *address = in->address && *in->address ? in->address : d->applicant_address;
		if (!address || !*address)
			problem_add(ctx->problem, "address",
				    "is required for a return by post when the applicant has no address",
				    "cần địa chỉ nhận khi trả qua bưu chính (người nộp chưa có địa chỉ)");
		if (!in->tracking_number || !*in->tracking_number)
			problem_add(ctx->problem, "tracking_number", "is required for a return by post",
				    "cần số hiệu bưu gửi khi trả qua bưu chính");
		else if (!tracking_number_ok(in->tracking_number))
			problem_add(ctx->problem, "tracking_number",
				    "must be 4 to 40 letters, digits or hyphens",
				    "số hiệu bưu gửi gồm 4 đến 40 chữ cái, chữ số hoặc dấu gạch ngang");
		d->returned_address = address;
		d->returned_tracking = in->tracking_number;
	}
	if (ctx->problem->n)
		return MC_EINVAL;
	d->returned_at = ctx->now;
	set(d->returned_channel, sizeof(d->returned_channel), channel);
	set(d->returned_unit, sizeof(d->returned_unit), d->return_unit);
	return MC_OK;
}

