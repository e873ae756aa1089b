/* Signing certificates with their history, and the signatures of results (SQL only). */
#ifndef MC_SIGNING_STORE_H
#define MC_SIGNING_STORE_H

#include "base/arena.h"
#include "domain/signature.h"
#include "store/db.h"

/* Inserts a certificate for its unit; the one in force before it gets superseded_at = now.
 * MC_ECONFLICT when the fingerprint is known already. Sets c->id. */
enum mc_err sstore_cert_insert(struct db *db, struct signing_cert *c, int64_t now);
/* The unit's certificate in force; MC_ENOTFOUND when it has none. */
enum mc_err sstore_cert_current(struct db *db, struct arena *a, const char *unit,
				struct signing_cert *out);
/* A certificate by fingerprint, in force or not; MC_ENOTFOUND when unknown. */
enum mc_err sstore_cert_by_fingerprint(struct db *db, struct arena *a, const char *fingerprint,
				       struct signing_cert *out);
/* The unit's certificates, newest first, with ids below before (0: from the newest), at most
 * limit; fn gets each (its strings live in a). */
enum mc_err sstore_cert_list(struct db *db, struct arena *a, const char *unit, int64_t before,
			     size_t limit, void (*fn)(const struct signing_cert *c, void *arg),
			     void *arg);
/* Every unit's certificate in force, in order of unit code; fn gets each (strings in a). */
enum mc_err sstore_cert_in_force(struct db *db, struct arena *a,
				 void (*fn)(const struct signing_cert *c, void *arg), void *arg);
/* Units that decide: those where some account holds the approver role, and the Center. */
enum mc_err sstore_deciding_units(struct db *db, void (*fn)(const char *unit, void *arg),
				  void *arg);

enum mc_err sstore_sig_insert(struct db *db, const struct result_signature *s);
/* The signature of a dossier's result; MC_ENOTFOUND when its result is not signed. */
enum mc_err sstore_sig_of_dossier(struct db *db, struct arena *a, int64_t dossier_id,
				  struct result_signature *out);

#endif
