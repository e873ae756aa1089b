/* SQL for delegations, send-backs and opinions (sql/sqlite/0028_workflow.sql and its pg twin). */
#ifndef MC_WORKFLOW_STORE_H
#define MC_WORKFLOW_STORE_H

#include "base/arena.h"
#include "domain/dossier.h"
#include "domain/workflow.h"
#include "store/db.h"

/* Delegations. insert sets g->id. */
enum mc_err wstore_delegation_insert(struct db *db, struct delegation *g);
enum mc_err wstore_delegation_get(struct db *db, struct arena *a, int64_t id, struct delegation *out);
/* Every delegation (of one procedure when procedure is not NULL), newest first, after `after`
 * (an id; 0 = from the newest), at most limit. */
enum mc_err wstore_delegations(struct db *db, struct arena *a, const char *procedure, int64_t before,
			       size_t limit, void (*fn)(const struct delegation *g, void *arg),
			       void *arg);
/* The delegations that govern a decision on `procedure` by `unit` (the ones of any unit and the
 * ones of that unit), newest first. */
enum mc_err wstore_delegations_for(struct db *db, struct arena *a, const char *procedure,
				   const char *unit,
				   void (*fn)(const struct delegation *g, void *arg), void *arg);
/* Ends it at `at`: MC_ENOTFOUND for an unknown id, MC_ECONFLICT when it was already ended. */
enum mc_err wstore_delegation_end(struct db *db, int64_t id, int64_t at, const char *by);
enum mc_err wstore_set_dossier_delegation(struct db *db, int64_t dossier_id, int64_t delegation_id);
enum mc_err wstore_dossier_delegation(struct db *db, int64_t dossier_id, int64_t *delegation_id);

/* Send-backs. */
struct sendback {
	int64_t at;
	const char *actor;
	int64_t from_step, to_step;
	const char *unit, *reason;
	int64_t from_due_at;
	const char *timeliness;
	int64_t to_due_at;
};
enum mc_err wstore_sendback_insert(struct db *db, int64_t dossier_id, const struct sendback *b);
enum mc_err wstore_sendbacks(struct db *db, struct arena *a, int64_t dossier_id,
			     void (*fn)(const struct sendback *b, void *arg), void *arg);

/* Opinions. insert sets o->id. */
enum mc_err wstore_opinion_insert(struct db *db, int64_t dossier_id, struct dossier_opinion *o);
/* The dossier's opinions into d->opinions (arena), oldest first. */
enum mc_err wstore_opinions(struct db *db, struct arena *a, struct dossier *d);
/* Records the answer of a waiting opinion: MC_ECONFLICT when it was answered already. */
enum mc_err wstore_opinion_answer(struct db *db, int64_t dossier_id, const struct dossier_opinion *o);
/* Opinions of the dossier's step still waiting for an answer. */
enum mc_err wstore_opinions_waiting(struct db *db, int64_t dossier_id, int64_t step, int64_t *n);

/* The inbox of asked units: opinions waiting, of units in units_json (a JSON array of codes; NULL
 * = every unit), oldest first, with their dossier's code. */
enum mc_err wstore_opinion_inbox(struct db *db, struct arena *a, const char *units_json, size_t limit,
				 void (*fn)(const char *code, const struct dossier_opinion *o,
					    void *arg),
				 void *arg);

#endif
