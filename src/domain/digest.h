/* The bytes fed to BLAKE2b wherever motcua seals history: the audit chain and the reorganization
 * checksums. One encoding, so that the two can never drift apart nor from the hashes already
 * stored: an integer is 8 bytes big-endian; a text is its length as such an integer, then its
 * bytes (up to its first NUL); NULL text is the length UINT64_MAX alone, so it differs from "";
 * fixed-size bytes (hashes) go in as they are. Each field is thus self-delimiting and no two
 * different sequences of fields encode alike. Pure and thread-safe (a struct digest belongs to
 * its caller). tests/unit/test_digest.c pins the encoding with fixed vectors. */
#ifndef MC_DOMAIN_DIGEST_H
#define MC_DOMAIN_DIGEST_H

#include <sodium.h>

#include "base/base.h"
#include "domain/audit.h"

/* A BLAKE2b hash (unkeyed) being fed. */
struct digest {
	crypto_generichash_state h;
	size_t len;
};

/* Starts a hash of len bytes (crypto_generichash_BYTES_MIN..MAX). */
void digest_init(struct digest *d, size_t len);
void digest_u64(struct digest *d, uint64_t v);
/* An int64_t (an id, an instant) as its two's-complement uint64_t. */
void digest_i64(struct digest *d, int64_t v);
void digest_str(struct digest *d, const char *s);
void digest_bytes(struct digest *d, const unsigned char *p, size_t n);
/* Writes the d->len bytes of the hash to out. */
void digest_final(struct digest *d, unsigned char *out);

/* The hash of an audit event: its previous hash, id, time, actor, unit, action, entity, detail. */
void digest_audit_event(const struct audit_row *r, unsigned char out[AUDIT_HASH_LEN]);

/* A moved dossier's digest: digest_dossier starts it (code, submission, reception and due times),
 * then digest_dossier_event adds each of its events, oldest first (id, time and n texts). */
void digest_dossier(struct digest *d, size_t len, const char *code, int64_t submitted_at,
		    int64_t received_at, int64_t due_at);
void digest_dossier_event(struct digest *d, int64_t id, int64_t at, const char *const text[],
			  size_t n);
/* A decision's checksum folds in each moved dossier's code and digest (len bytes), by code. */
void digest_fold(struct digest *d, const char *code, const unsigned char *dossier, size_t len);

#endif
