/* The demo that `make run` opens on: staff accounts at a few points and agencies and a citizen,
 * all with one known password; dossiers in every status and today's queues (demo_dossiers.c). */
#ifndef MC_DEMO_H
#define MC_DEMO_H

#include "svc/svc.h"

/* The rule (svc/auth.h) the shared demo password breaks for any demo account, in English, with
 * the Vietnamese message in *message_vi; NULL when it suits them all. */
const char *demo_password_rule(const char *password, const char **message_vi);
/* Creates the demo accounts that do not exist yet (one transaction), at ctx->now, the password
 * hashed with ctx->state's configuration. *created gets how many. */
enum mc_err demo_seed(struct svc_ctx *ctx, const char *password, int *created);

/* Adds demo dossiers in every status across points and communes, driven through the real use
 * cases with the clock set back (days before ctx->now), and today's queue tickets at two points
 * (some called to a counter), on ctx->db. ctx->state must be initialized (svc_state_init). Call
 * after demo_seed. */
enum mc_err demo_dossiers(struct svc_ctx *ctx, int *created, int *tickets);

#endif
