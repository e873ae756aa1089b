/* Moving a pilot's database from SQLite to PostgreSQL (`motcua migrate-data`, docs/postgresql.md):
 * every row of every table, copied as it is (ids, audit hashes, counters, the statistics cells),
 * in one PostgreSQL transaction, so that the copy is whole or absent. */
#ifndef MC_TRANSFER_H
#define MC_TRANSFER_H

#include "base/base.h"

#define TRANSFER_TABLES_MAX 96

struct transfer_table {
	char name[64];
	int64_t rows;
};

struct transfer_report {
	size_t ntables;
	struct transfer_table tables[TRANSFER_TABLES_MAX]; /* in the order they were copied */
	int64_t rows;					   /* in all */
	char why[512]; /* on failure: what went wrong, naming the table or column */
};

/* Copies the SQLite database file at sqlite_path (read in one snapshot, never written) into the
 * PostgreSQL database at url, which must hold the same schema version (migrations applied) and
 * nothing but what its migrations wrote: every table of the target is emptied and filled from the
 * source inside one transaction, with the tables' own triggers off (the rows arrive as they are:
 * statistics cells are copied, not recomputed) and foreign keys checked; identity sequences then
 * continue after the highest id copied. Writers of the target wait on the write lock meanwhile.
 * A table of the source that the target lacks, or a column the source lacks, is an error
 * (MC_EINVAL, out->why says which); MC_EDB for a database error (out->why has its message). */
enum mc_err transfer_sqlite_to_pg(const char *sqlite_path, const char *url,
				  struct transfer_report *out);

#endif
