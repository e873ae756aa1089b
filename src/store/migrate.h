/* Schema migrations: the numbered files of sql/sqlite/, built into the binary, applied in order
 * inside one transaction each; the schema version is the database's user_version. */
#ifndef MC_MIGRATE_H
#define MC_MIGRATE_H

#include "store/db.h"

/* Applies every migration newer than the database's version. *applied gets how many ran. */
enum mc_err migrate_apply(struct db *db, int *applied);
/* The schema version the database holds now. */
enum mc_err migrate_version(struct db *db, int *version);

#endif
