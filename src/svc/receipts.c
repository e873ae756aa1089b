/* Ed25519 receipt signatures (libsodium). The signed message is
 * "motcua-receipt-v1\n<code>\n<received_at as epoch seconds>". */
#include "base/base.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/b64.h"
#include "base/log.h"
#include "svc/receipts.h"
#include "store/dossier_store.h"

static enum mc_err read_key(const char *path, unsigned char *sk, size_t len, bool *found)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	*found = fd >= 0;
	if (fd < 0)
		return errno == ENOENT ? MC_OK : MC_EIO;
	ssize_t n = read(fd, sk, len);
	close(fd);
	return n == (ssize_t)len ? MC_OK : MC_EIO;
}

static enum mc_err write_key(const char *dir, const char *path, const unsigned char *sk, size_t len)
{
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return MC_EIO;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return MC_EIO;
	bool ok = write(fd, sk, len) == (ssize_t)len && fsync(fd) == 0;
	ok = close(fd) == 0 && ok;
	return ok ? MC_OK : MC_EIO;
}

enum mc_err receipts_init(struct svc_state *s)
{
	char dir[1024], path[1100];
	bool found;
	snprintf(dir, sizeof(dir), "%s/keys", s->cfg.data_dir);
	snprintf(path, sizeof(path), "%s/receipt.key", dir);
	enum mc_err err = read_key(path, s->receipt_sk, sizeof(s->receipt_sk), &found);
	if (!err && !found) {
		crypto_sign_keypair(s->receipt_pk, s->receipt_sk);
		err = write_key(dir, path, s->receipt_sk, sizeof(s->receipt_sk));
	}
	if (err) {
		log_error("cannot load or create the receipt key \"%s\"", path);
		return err;
	}
	crypto_sign_ed25519_sk_to_pk(s->receipt_pk, s->receipt_sk);
	s->receipts_ready = true;
	return MC_OK;
}

static size_t message(const char *code, int64_t received_at, char *out, size_t cap)
{
	int n = snprintf(out, cap, "motcua-receipt-v1\n%s\n%lld", code, (long long)received_at);
	return n < 0 ? 0 : (size_t)n;
}

enum mc_err receipts_sign(struct svc_state *s, const struct dossier *d, char out[96])
{
	unsigned char sig[crypto_sign_BYTES];
	char msg[256];
	if (!s->receipts_ready || !d->received_at)
		return MC_ECONFLICT;
	size_t n = message(d->code, d->received_at, msg, sizeof(msg));
	if (n >= sizeof(msg))
		return MC_EINVAL;
	crypto_sign_detached(sig, NULL, (const unsigned char *)msg, n, s->receipt_sk);
	sodium_bin2base64(out, 96, sig, sizeof(sig), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return MC_OK;
}

bool receipts_sig_decode(const char *sig, unsigned char out[64])
{
	size_t binlen = 0;
	size_t n = sig ? strlen(sig) : 0;
	if (!sig || n > 200)
		return false;
	return b64url_decode(sig, n, out, 64, &binlen) && binlen == 64;
}

bool receipts_check(const unsigned char pk[32], const char *code, int64_t received_at,
		    const unsigned char sig[64])
{
	char msg[256];
	size_t n = message(code, received_at, msg, sizeof(msg));
	if (n >= sizeof(msg))
		return false; /* a truncated message signs nothing */
	return crypto_sign_verify_detached(sig, (const unsigned char *)msg, n, pk) == 0;
}

enum mc_err receipts_verify(struct svc_ctx *ctx, const char *code, const char *sig,
			    struct dossier *out, bool *valid)
{
	unsigned char bin[crypto_sign_BYTES];
	*valid = false;
	if (!code || strlen(code) > 60 || !receipts_sig_decode(sig, bin))
		return MC_OK;
	enum mc_err err = dstore_get(ctx->db, ctx->arena, code, out);
	if (err == MC_ENOTFOUND || (!err && !out->received_at))
		return MC_OK;
	if (err)
		return err;
	*valid = receipts_check(ctx->state->receipt_pk, out->code, out->received_at, bin);
	return MC_OK;
}

void receipts_public_key(struct svc_state *s, char out[64])
{
	sodium_bin2base64(out, 64, s->receipt_pk, sizeof(s->receipt_pk),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}
