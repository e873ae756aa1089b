/* The demo that `make run` opens on: staff accounts at a few points and agencies and a citizen,
 * all with one known password; dossiers in every status and today's queues (demo_dossiers.c). */
#ifndef MC_DEMO_H
#define MC_DEMO_H

#include "svc/svc.h"

/* The rule (svc/auth.h) the shared demo password breaks for any demo account, in English, with
 * the Vietnamese message in *message_vi; NULL when it suits them all. */
const char *demo_password_rule(const char *password, const char **message_vi);
/* Creates the demo accounts that do not exist yet (one transaction). *created gets how many. */
enum mc_err demo_seed(struct db *db, const struct svc_config *cfg, const char *password,
		      int64_t now, int *created);

/* Adds demo dossiers in every status across points and communes, driven through the real use
 * cases with the clock set back (days before now), and today's queue tickets at two points (some
 * called to a counter). Call after demo_seed. */
enum mc_err demo_dossiers(struct svc_state *state, struct db *db, int64_t now, int *created,
			  int *tickets);

#endif
