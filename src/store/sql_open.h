/* The dossiers in work (domain: ds_status_clock() != DS_CLOCK_NONE) as a SQL predicate of the
 * dossiers table, spelt exactly as the predicate of its partial index dossiers_open_received
 * (sql/sqlite/0048): SQLite's planner uses a partial index only for a query that repeats its
 * predicate word for word. Written with OR, not `status IN (...)`, because SQLite builds a
 * temporary b-tree for a list of three constants each time it evaluates one, and the index's
 * predicate is evaluated for every dossier row written. PostgreSQL proves the OR form implies its
 * own index's list. Internal to store/. */
#ifndef MC_SQL_OPEN_H
#define MC_SQL_OPEN_H

#define OPEN_STATUSES                                                                              \
	"(status = 'received' OR status = 'processing' OR status = 'awaiting_supplement')"

#endif
