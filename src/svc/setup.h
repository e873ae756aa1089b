/* A data directory's database for the motcua command (main.c): creating it (`init`: schema, seed
 * data, the first administrator), opening it for `serve` and the other commands (pending
 * migrations first, then the connection pool in svc_state), the long-lived state of every service,
 * and the online backup. Whatever else a
 * command does goes through the use cases, on a context from svc_ctx_open. */
#ifndef MC_SETUP_H
#define MC_SETUP_H

#include "svc/svc.h"

/* Prepares a zeroed state (xcalloc; its pool may already be open): copies cfg, creates the caches
 * and locks (calendar, secret guesses, tracking, units, uploads), the OpenID provider, and
 * computes the dummy password hash. Here, not in svc.c, because it builds every service's state:
 * svc.c (contexts and transactions) depends on no use case. */
enum mc_err svc_state_init(struct svc_state *s, const struct svc_config *cfg);
/* Frees what svc_state_init allocated (not the pool: setup_close). */
void svc_state_release(struct svc_state *s);

/* A data directory on PostgreSQL remembers its database: `init --database URL` writes the URL
 * into <data_dir>/database-url (mode 0600), and a later command given only --data reads it
 * into out (false when there is none). --database still wins when given. */
#define SETUP_DATABASE_URL_MAX 2048
enum mc_err setup_remember_database(const char *data_dir, const char *url);
bool setup_remembered_database(const char *data_dir, char *out, size_t cap);
/* True when database (--database, MOTCUA_DATABASE_URL) names PostgreSQL: postgresql://… */
bool setup_is_pg_url(const char *database);
/* True when the database of cfg exists: the SQLite file of cfg->data_dir, or, with
 * cfg->database a PostgreSQL URL, a database there holding motcua's schema. */
bool setup_exists(const struct svc_config *cfg);

struct setup_report {
	int schema; /* migrations applied */
	int64_t units;
	size_t procedures, official_days;
};

/* Creates the database of cfg (the SQLite file in cfg->data_dir, an existing directory, or the
 * schema in the empty PostgreSQL database of cfg->database), applies the migrations and, in one
 * write transaction at time now, seeds Hanoi's units, the official days off, the catalog and the
 * administrator "admin" with the password (hashed with cfg's parameters; the caller checked it
 * against the password rules). On failure a SQLite file is removed; a PostgreSQL database keeps
 * the migrations that ran (each is its own transaction) and is to be dropped by hand. */
enum mc_err setup_init(const struct svc_config *cfg, const char *password, int64_t now,
		       struct setup_report *out);

/* Opens the database of s->cfg.data_dir for serving or a command: applies pending migrations,
 * gives accounts made before search keys existed their key, then opens s->pool with n connections
 * (svc_ctx_open takes them). s needs only its cfg (svc_state_init may come before or after).
 * MC_ENOTFOUND when the directory holds no database (see setup_exists). At start-up only. */
enum mc_err setup_open(struct svc_state *s, size_t n);
/* For `serve` on PostgreSQL: listens for what the instances on the same database say (svc.h,
 * SVC_CHANNEL): public tracking's cache forgets the dossiers they changed, and their stream events
 * reach this instance's subscribers (s->publish). Nothing to do on SQLite. After svc_state_init
 * and setup_open; setup_close stops it. */
enum mc_err setup_listen(struct svc_state *s);
/* Closes s->pool once every connection is back; accepts a state whose pool is not open. */
void setup_close(struct svc_state *s);

/* `motcua migrate-data --from sqlite:DIR --to URL`: moves the SQLite database of data_dir into the
 * empty PostgreSQL database at url. The source first gets its pending migrations (as `serve` would
 * give them), the target the whole schema (it may hold the schema already, but no account:
 * MC_ECONFLICT otherwise, or when data_dir already remembers a PostgreSQL database), then
 * store/transfer.h copies every row in one transaction; on success data_dir remembers url (setup_remember_database), so that `serve --data
 * DIR` runs on PostgreSQL with the same files (blobs, keys); the SQLite file stays as it was.
 * Each table's row count goes to the log; out->why says what failed. */
struct setup_move_report {
	size_t tables;
	int64_t rows;
	char why[512];
};
enum mc_err setup_move_to_pg(const char *data_dir, const char *url, struct setup_move_report *out);

/* Writes an online backup of the whole database into dest, a file that must not exist. */
enum mc_err setup_backup(struct svc_ctx *ctx, const char *dest);

#endif
