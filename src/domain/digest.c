/* The one encoding of hashed history (domain/digest.h): the audit chain's events and the
 * reorganization checksums' dossiers and events. Not where the hashes are stored or compared. */
#include "base/base.h"

#include "domain/digest.h"

void digest_init(struct digest *d, size_t len)
{
	d->len = len;
	crypto_generichash_init(&d->h, NULL, 0, len);
}

void digest_u64(struct digest *d, uint64_t v)
{
	unsigned char b[8];
	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (56 - 8 * i));
	crypto_generichash_update(&d->h, b, sizeof(b));
}

void digest_i64(struct digest *d, int64_t v)
{
	digest_u64(d, (uint64_t)v);
}

void digest_str(struct digest *d, const char *s)
{
	if (!s) {
		digest_u64(d, UINT64_MAX); /* NULL differs from "" */
		return;
	}
	size_t n = strlen(s);
	digest_u64(d, n);
	crypto_generichash_update(&d->h, (const unsigned char *)s, n);
}

void digest_bytes(struct digest *d, const unsigned char *p, size_t n)
{
	crypto_generichash_update(&d->h, p, n);
}

void digest_final(struct digest *d, unsigned char *out)
{
	crypto_generichash_final(&d->h, out, d->len);
}

void digest_audit_event(const struct audit_row *r, unsigned char out[AUDIT_HASH_LEN])
{
	struct digest d;
	digest_init(&d, AUDIT_HASH_LEN);
	digest_bytes(&d, r->prev_hash, AUDIT_HASH_LEN);
	digest_i64(&d, r->id);
	digest_i64(&d, r->at);
	digest_str(&d, r->actor);
	digest_str(&d, r->unit);
	digest_str(&d, r->action);
	digest_str(&d, r->entity);
	digest_str(&d, r->detail);
	digest_final(&d, out);
}

void digest_dossier(struct digest *d, size_t len, const char *code, int64_t submitted_at,
		    int64_t received_at, int64_t due_at)
{
	digest_init(d, len);
	digest_str(d, code);
	digest_i64(d, submitted_at);
	digest_i64(d, received_at);
	digest_i64(d, due_at);
}

void digest_dossier_event(struct digest *d, int64_t id, int64_t at, const char *const text[],
			  size_t n)
{
	digest_i64(d, id);
	digest_i64(d, at);
	for (size_t i = 0; i < n; i++)
		digest_str(d, text[i]);
}

void digest_fold(struct digest *d, const char *code, const unsigned char *dossier, size_t len)
{
	digest_str(d, code);
	digest_bytes(d, dossier, len);
}
