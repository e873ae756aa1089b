/* The procedure catalog (SQL only): procedures by code and version with their components and
 * steps. Strings and arrays of a loaded procedure live in the caller's arena. */
#ifndef MC_PROCEDURE_STORE_H
#define MC_PROCEDURE_STORE_H

#include "base/arena.h"
#include "store/db.h"
#include "domain/procedure.h"
#include "store/unit_store.h"

/* fee_vnd of a procedure whose amount the catalog does not hold (set by the city's People's
 * Council and not loaded yet); stored as NULL and answered as JSON null. */

/* Loads a procedure: version 0 means the latest. MC_ENOTFOUND when unknown. */
enum mc_err procstore_get(struct db *db, struct arena *a, const char *code, int64_t version,
			  struct procedure *out);

/* Inserts p (its code, version, components and steps) and makes it the code's latest version,
 * inside the caller's write transaction. search_key and field_key are the search keys
 * (domain/text.h) of the name and the field. MC_ECONFLICT when that version exists. */
enum mc_err procstore_insert(struct db *db, const struct procedure *p, const char *search_key,
			     const char *field_key, const char *created_by, int64_t now);

/* The latest version number of a code into *version; 0 when the code is unknown. */
enum mc_err procstore_latest_version(struct db *db, const char *code, int64_t *version);

struct proc_filter {
	const char *search_key; /* NULL = any; a substring of the name's search key or of the code */
	const char *field_key;  /* NULL = any; the field's search key, whole */
	const char *level;      /* NULL = any */
	const char *after_code; /* keyset cursor: codes strictly after this one; NULL = from the start */
	size_t limit;
};

/* Codes of the procedures matching f (latest versions), in code order, into codes[0..f->limit);
 * *n gets how many. */
enum mc_err procstore_list(struct db *db, const struct proc_filter *f,
			   char (*codes)[PROC_CODE_MAX], size_t *n);

/* Number of procedure codes in the catalog. */
enum mc_err procstore_count(struct db *db, int64_t *n);
/* The codes most used among the latest `scan` dossiers, most used first (ties by code), at most
 * limit; the code is valid during the callback only. */
enum mc_err procstore_popular(struct db *db, size_t scan, size_t limit,
			      void (*fn)(const char *code, int64_t dossiers, void *arg), void *arg);

#endif
