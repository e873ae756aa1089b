/* Officers' figures (docs/reports.md "Staff figures"): per account over a period, each act credited
 * to the account that did it. Managers and administrators see the officers acting on the dossiers
 * of their units; any other officer sees their own figures. */
#ifndef MC_STAFF_FIGURES_H
#define MC_STAFF_FIGURES_H

#include "domain/report_views.h"
#include "svc/svc.h"

/* Calls fn per account in username order. MC_EAUTH, MC_EFORBIDDEN (citizens; a unit outside the
 * caller's units). */
enum mc_err staff_figures(struct svc_ctx *ctx, int64_t from, int64_t to, const char *unit,
			  void (*fn)(const struct staff_row *r, void *arg), void *arg);

#endif
