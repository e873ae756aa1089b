/* Dossiers (SQL only): rows, components, steps, history events, involved units, daily code
 * counters and idempotency keys. Long texts live in the caller's arena. */
#ifndef MC_DOSSIER_STORE_H
#define MC_DOSSIER_STORE_H

#include "base/arena.h"
#include "store/db.h"
#include "domain/dossier.h"
#include "store/procedure_store.h"
#include "store/unit_store.h"

/* The next number of a receiving unit's day ("261126"), in the caller's write transaction. */
enum mc_err dstore_next_number(struct db *db, const char *unit, const char *day, int64_t *n);
/* Inserts the dossier with its components, steps and involved units; sets d->id. */
enum mc_err dstore_insert(struct db *db, struct dossier *d, const char *search_key);
/* Loads a dossier with steps and components; MC_ENOTFOUND when the code is unknown. */
enum mc_err dstore_get(struct db *db, struct arena *a, const char *code, struct dossier *out);
/* Adds a unit that may see the dossier (dossier_units), once. */
enum mc_err dstore_add_unit(struct db *db, const char *unit, int64_t dossier_id);
/* Only what public tracking shows (no components); the rest of out is left as it was. */
enum mc_err dstore_get_public(struct db *db, struct arena *a, const char *code, struct dossier *out);
/* Writes every mutable field and the steps back, bumping the version; MC_ECONFLICT when the stored
 * version is not d->version (then nothing changes). d->version is the new version after. */
enum mc_err dstore_update(struct db *db, struct dossier *d);
/* Replaces the provided/document flags of components given in the list. */
enum mc_err dstore_set_components(struct db *db, int64_t dossier_id,
				  const struct dossier_component *c, size_t n);
enum mc_err dstore_add_event(struct db *db, int64_t dossier_id, const struct dossier_event *e);
/* Calls fn for each event of a dossier, oldest first. */
enum mc_err dstore_events(struct db *db, int64_t dossier_id,
			  void (*fn)(const struct dossier_event *e, void *arg), void *arg);

#define DOSSIER_QUERY_WORDS 4
/* How far a candidate word's postings are counted (dossier_list_store.c choose_driver). Since the
 * postings carry the search key (migration 0039) a walk costs ~0.3 us a posting on PostgreSQL, so
 * a word with up to this many is cheap to drive with whatever else it has; past it, the counts
 * only cost (5,000: ~0.4 ms a word, a third of a search's time at 300,000 dossiers). */
#define DOSSIER_WORD_PROBE 1000
struct dossier_filter {
	const char *status, *receiving_unit, *resolver_unit, *procedure;
	const char *return_unit; /* NULL = any */
	const char *sync;        /* portal sync state (docs/portal.md), "disabled": none; NULL = any */
	const char *q_code;      /* code prefix, or NULL */
	const char *q_key;       /* a name search is asked (the query's search key), or NULL */
	/* The name search's words as bound (docs/decisions.md "Finding dossiers by name"): " w " for
	 * a whole word, " w" for a word's beginning (the last word, still being typed); NULL unused. */
	const char *q_words[DOSSIER_QUERY_WORDS];
	/* Words whose postings may drive the search (dossier_name_words): q_cand[i] alone for a whole
	 * word (q_cand_hi[i] NULL), else every word in [q_cand[i], q_cand_hi[i]). The store reads the
	 * one with the fewest postings (counted up to DOSSIER_WORD_PROBE; the later among equals), or
	 * scans with none. */
	const char *q_cand[DOSSIER_QUERY_WORDS], *q_cand_hi[DOSSIER_QUERY_WORDS];
	/* The driving word itself (set by the store from q_cand, or by a caller to force it). */
	const char *q_drive, *q_drive_hi;
	const char *q_id;        /* exact applicant ID number, or NULL */
	const char *units_json;  /* JSON array of unit codes the caller covers; NULL = all */
	const char *applicant;   /* only this applicant's dossiers; NULL = any */
	/* A citizen's scope (citizen_user > 0): the dossiers that account submitted, and with
	 * citizen_number (a verified account) those whose applicant or representative is that number. */
	int64_t citizen_user;
	const char *citizen_number;
	bool overdue;            /* ds_overdue at now: the due time runs and is past */
	int64_t now;
	bool due_order;          /* soonest due first (overdue or due_before) */
	int64_t due_before;      /* 0 = none */
	int64_t after_id;        /* keyset: newest first → id < after_id (0 = start) */
	int64_t after_due;       /* keyset in due order: (due, id) > (after_due, after_id) */
	size_t limit;
};

/* Codes of open dossiers received before `before` whose due time is at or after `from`: those a
 * change of the calendar between the two may touch. */
enum mc_err dstore_open_spanning(struct db *db, int64_t from, int64_t before,
				 void (*fn)(const char *code, void *arg), void *arg);

/* Codes of the dossiers received by a unit in [from, to], in order of reception. */
enum mc_err dstore_received_between(struct db *db, const char *unit, int64_t from, int64_t to,
				    size_t limit, void (*fn)(const char *code, void *arg), void *arg);

/* Lists dossier codes; fn gets each code with its id and effective due (0 when none). */
enum mc_err dstore_list(struct db *db, const struct dossier_filter *f,
			void (*fn)(const char *code, int64_t id, int64_t due, void *arg), void *arg);
/* The same listing, each dossier read by the list query itself as list pages need it (in a): the
 * row without components, and of the steps only the current one (steps[current_step - 1], nsteps
 * = current_step, the others empty). fn gets each with its effective due (0 when none) and
 * returns false to stop. */
enum mc_err dstore_list_light(struct db *db, struct arena *a, const struct dossier_filter *f,
			      bool (*fn)(struct dossier *d, int64_t due, void *arg), void *arg);

/* The change feed (struct dossier_change, domain/dossier.h): every change of a dossier (a row of
 * its history) in the order the changes committed. Write transactions are serialized
 * (store/db.h), so a change's history id is taken after every id of the changes committed before
 * it, and a reader that saw up to id N has missed nothing below N.
 * dstore_feed_start: the position just before the first change at or after `since` (*after = its
 * id - 1), or after the last change when none is that recent (the index on the history's time). */
enum mc_err dstore_feed_start(struct db *db, int64_t since, int64_t *after);
/* Up to f->limit changes after position f->after_id, oldest first, of the dossiers that f's
 * filters let through (on their present state; the due order and due filters do not apply). fn
 * gets the dossier as dstore_list_light reads it, its effective due and the change; false stops. */
enum mc_err dstore_feed(struct db *db, struct arena *a, const struct dossier_filter *f,
			bool (*fn)(struct dossier *d, int64_t due, const struct dossier_change *c,
				   void *arg),
			void *arg);

/* The dossiers submitted by account `from` pass to account `to` (a merge of citizen accounts);
 * *moved gets how many. */
enum mc_err dstore_move_submitter(struct db *db, int64_t from, int64_t to, int64_t *moved);

/* Idempotency: a stored answer for (user, key); MC_ENOTFOUND when none. */
enum mc_err dstore_idem_get(struct db *db, struct arena *a, int64_t user_id, const char *key,
			    int64_t since, unsigned char hash[32], int *status, const char **body);
enum mc_err dstore_idem_put(struct db *db, int64_t user_id, const char *key,
			    const unsigned char hash[32], int status, const char *body, int64_t now);

/* The code of the dossier with this id (as docstore_dossiers_using names it), in the arena;
 * MC_ENOTFOUND when there is none. */
enum mc_err dstore_code_of(struct db *db, struct arena *a, int64_t dossier_id, const char **code);

#endif
