/* Payments of dossier fees (docs/fees.md "Payment"): cash recorded at the counter by the
 * receiving officer, and online payment through a payment gateway that speaks VNPAY's published
 * scheme (a redirect URL signed with HMAC-SHA512 over the sorted parameters; a server-to-server
 * callback signed the same way). Every paid or refused callback is audited. */
#ifndef MC_PAYMENTS_H
#define MC_PAYMENTS_H

#include "store/fee_store.h"
#include "svc/svc.h"

#define PAY_PARAMS_MAX 32   /* parameters of a callback */
#define PAY_VALUE_CHARS 255 /* bytes of one parameter's value */

/* Records a cash payment of what is due on the dossier (a receiver covering its receiving or
 * return unit). amount 0 means "what is due"; another amount than what is due → MC_EINVAL
 * ("amount"). MC_ECONFLICT when nothing is due or the dossier is closed. *out gets the payment
 * (status paid, with its receipt number). */
enum mc_err payments_cash(struct svc_ctx *ctx, const char *code, int64_t amount,
			  struct payment *out);

/* Starts an online payment of what is due (the applicant, or staff who see the dossier): a
 * pending payment with a new order id, and *redirect (in ctx->arena) the signed URL of the
 * gateway to send the payer to. return_url NULL: the public URL's tracking page. MC_EINVAL
 * ("gateway") when no gateway is configured; MC_ECONFLICT when nothing is due. */
enum mc_err payments_online_start(struct svc_ctx *ctx, const char *code, const char *return_url,
				  struct payment *out, const char **redirect);

struct pay_param {
	const char *key, *value;
};

/* The gateway's callback (no user): checks the signature over the parameters, the order, the
 * amount and the status, and records the outcome once. *rsp_code and *message get the answer the
 * gateway expects ("00" confirmed, "01" unknown order, "02" already confirmed, "04" wrong amount,
 * "97" bad signature, "99" other). A bad signature or a wrong amount changes nothing but the
 * audit log ("payment_callback_refused"). Bad signatures count as guesses of the client address
 * (svc.h guess_fail): over the limit, MC_ETOOMANY (ctx->retry_after set). */
enum mc_err payments_callback(struct svc_ctx *ctx, const struct pay_param *params, size_t n,
			      const char **rsp_code, const char **message);

/* The canonical text the signature covers: parameters whose name starts with "vnp_", except
 * vnp_SecureHash and vnp_SecureHashType, with a value, sorted by name (bytes), joined as
 * name=value&… with names and values form-encoded (alphanumerics and -_.~ kept, space as +,
 * other bytes %XX). In a. Exposed for tests. */
char *payments_canonical(struct arena *a, const struct pay_param *params, size_t n);
/* HMAC-SHA512 of text under secret, as 128 lowercase hex digits into out. */
void payments_sign(const char *secret, const char *text, char out[129]);

#endif
