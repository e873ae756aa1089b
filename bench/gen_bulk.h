/* The PostgreSQL path of bench_gen_dossiers (bench/bench_gen_dossiers.c): a batch of generated
 * dossiers written with COPY (db_copy_in) instead of one statement at a time. Generation only:
 * it assumes that nothing else writes to the database while it runs. */
#ifndef MC_BENCH_GEN_BULK_H
#define MC_BENCH_GEN_BULK_H

#include "domain/dossier.h"
#include "store/db.h"

struct bulk;

/* Reads the day counters of dossier codes (dossier_counters) into memory; NULL on failure
 * (logged). db stays the caller's. */
struct bulk *bulk_new(struct db *db);
void bulk_free(struct bulk *b);

/* Inside the batch's open write transaction: reserves n dossier ids from the dossiers table's
 * sequence and reads the newest audit event, which the batch's chain continues. */
enum mc_err bulk_begin(struct bulk *b, size_t n);
/* Numbers the dossier (d->code, as dstore_next_number would: <unit>-<yymmdd>-<NNNN>), gives it the
 * next reserved id and adds its rows: the dossier in its current state, its steps, components and
 * distinct units, the intake event and the audit event. More than n dossiers is MC_EINVAL. */
enum mc_err bulk_add(struct bulk *b, struct dossier *d, const char *yymmdd,
		     const char *search_key);
/* Writes the batch's rows, table by table in the order intake writes them, and the counters it
 * moved; still inside the transaction, which the caller commits. */
enum mc_err bulk_flush(struct bulk *b);

#endif
