/* Procedure groups of service points (docs/appointments.md, docs/queue.md): a point declares its
 * groups, each covering procedure fields of the catalog and served by counters, with places per
 * slot; bookings take places per group, tickets name a declared group and counters call the
 * tickets of their groups. A point without groups behaves as before they existed. */
#ifndef MC_SERVICE_GROUPS_H
#define MC_SERVICE_GROUPS_H

#include "domain/service_group.h"
#include "svc/svc.h"

/* The point's groups (n = 0: none declared), for anyone. MC_ENOTFOUND for an unknown point. */
enum mc_err sgroups_get(struct svc_ctx *ctx, const char *point, struct sgroups *out);
/* Replaces them (an empty list removes them): an administrator, a centre manager or a unit
 * manager covering the point (as booking settings). in's texts are NFC lines from the edge; its
 * fields are replaced by the catalog's spelling. MC_EINVAL naming groups[i].name,
 * groups[i].fields[j], groups[i].counters[k] or groups[i].capacity; audited. */
enum mc_err sgroups_set(struct svc_ctx *ctx, const char *point, struct sgroups *in);

/* Inside a transaction: the point's groups. */
enum mc_err sgroups_load(struct svc_ctx *ctx, const char *point, struct sgroups *out);
/* The group covering a procedure (by its field), NULL when none; MC_ENOTFOUND for an unknown
 * procedure. */
enum mc_err sgroups_of_procedure(struct svc_ctx *ctx, const struct sgroups *gs,
				 const char *procedure, const struct sgroup **out);
/* The declared group named name (diacritics and case aside), NULL when none. */
const struct sgroup *sgroups_named(const struct sgroups *gs, const char *name);
/* Adds the 422 error of a ticket's group that the point does not declare. */
void sgroups_not_declared(struct svc_ctx *ctx, const char *field);

#endif
