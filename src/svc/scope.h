/* What a staff user's roles reach as of ctx->now: the units they cover (lists, inboxes and reports
 * are limited to them) and the service point a receiver works at (intake, intake notes, identity
 * checks at a counter). Reads the unit tree in the caller's transaction. */
#ifndef MC_SCOPE_H
#define MC_SCOPE_H

#include "domain/unit.h"
#include "svc/svc.h"

/* The units covered by the user's roles (role NULL: any staff role), optionally only of one kind
 * ("service_point", ...; NULL: any): an arena array of *n codes. A role covers its unit and every
 * unit below it, as perm_check decides one unit. */
enum mc_err scope_units(struct svc_ctx *ctx, const char *role, const char *kind,
			char (**codes)[UNIT_CODE_MAX], size_t *n);
/* codes[0..n) as a JSON array of strings, in the arena: the units_json of the store's filters. */
const char *scope_codes_json(struct svc_ctx *ctx, char (*codes)[UNIT_CODE_MAX], size_t n);
/* The only service point (else the only center) the receiver covers: MC_EFORBIDDEN when none,
 * MC_EINVAL (field receiving_unit) when several. */
enum mc_err scope_single_point(struct svc_ctx *ctx, char out[UNIT_CODE_MAX]);
/* The receiving point of a counter action: the one given (a service point, center or branch,
 * else MC_EINVAL on field receiving_unit; MC_EFORBIDDEN when the receiver does not cover it), or
 * the single point the receiver covers (scope_single_point). */
enum mc_err scope_receiving_point(struct svc_ctx *ctx, const char *given,
				  char out[UNIT_CODE_MAX]);

#endif
