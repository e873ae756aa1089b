/* A new dossier's statistics, written once per transaction (issue 22; migration 0045): the
 * report cells and report keys that the report_insert trigger wrote for every inserted dossier
 * (migration 0040) are gathered in the connection while its transaction runs and written just
 * before its COMMIT, the cells of the same kind, day and key added together and the keys of the
 * same kind and key merged, in one multi-row upsert per kind of row. The figures are the same:
 * every trigger that writes cells adds to them (an upsert), so the order of the additions does not
 * matter, and a key keeps its earliest first act and its greatest name however they come. A
 * savepoint rolled back forgets what was gathered inside it; a transaction rolled back, all. */
#ifndef MC_REPORT_BATCH_H
#define MC_REPORT_BATCH_H

#include "domain/dossier.h"
#include "store/db.h"

/* Notes the cells and keys of d, the row dstore_insert has just written (undigitized as written).
 * Outside a transaction they are written at once. MC_EINVAL when d lacks a key the reports need
 * (its procedure's name), which the trigger would have refused as a NOT NULL constraint. */
enum mc_err rbatch_add_dossier(struct db *db, const struct dossier *d, int64_t undigitized);

#endif
