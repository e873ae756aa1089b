/* Intake notes (SQL only): Form 02 guidance and Form 03 refusals given at a counter. */
#ifndef MC_INTAKE_NOTE_STORE_H
#define MC_INTAKE_NOTE_STORE_H

#include "base/arena.h"
#include "store/db.h"
#include "domain/dossier.h"

enum mc_err instore_insert(struct db *db, const struct intake_note *n);
/* Loads a note by number (strings in the arena); MC_ENOTFOUND when unknown. */
enum mc_err instore_get(struct db *db, struct arena *a, const char *number, struct intake_note *out);

#endif
