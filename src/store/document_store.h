/* Documents (SQL only): blob rows, document rows, and their uses by dossiers. */
#ifndef MC_DOCUMENT_STORE_H
#define MC_DOCUMENT_STORE_H

#include "base/arena.h"
#include "store/db.h"
#include "domain/document.h"

/* Inserts a blob row unless it exists. */
enum mc_err docstore_blob_put(struct db *db, const char *sha256, int64_t size, int64_t now);
enum mc_err docstore_insert(struct db *db, const struct document *d);
/* MC_ENOTFOUND when unknown. */
enum mc_err docstore_get(struct db *db, struct arena *a, const char *id, struct document *out);
/* Records a use; reused is true when the document is older than the dossier or used before. */
enum mc_err docstore_use(struct db *db, const char *doc_id, int64_t dossier_id, const char *role,
			 const char *component_id, int64_t now, bool *reused);
/* Calls fn with the id of each dossier using the document. */
enum mc_err docstore_dossiers_using(struct db *db, const char *doc_id,
				    void (*fn)(int64_t dossier_id, void *arg), void *arg);
/* The documents of an owner (only those one account uploaded when uploader is not NULL), newest
 * first, after a keyset cursor (created_at, id). */
enum mc_err docstore_by_owner(struct db *db, struct arena *a, const char *owner,
			      const char *uploader, size_t limit,
			      const char *after_id, void (*fn)(const struct document *d, void *arg),
			      void *arg);

#endif
