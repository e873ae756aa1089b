/* Creating, opening and backing up a data directory's database (setup.h). The only svc module
 * that opens database files: everything else works on a connection of the pool. */
#include "base/base.h"

#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/log.h"
#include "store/db.h"
#include "store/migrate.h"
#include "store/transfer.h"
#include "store/user_store.h"
#include "svc/audit.h"
#include "svc/auth.h"
#include "svc/calendar.h"
#include "svc/calendar_days.h"
#include "svc/limiter.h"
#include "svc/oidc.h"
#include "svc/session_cache.h"
#include "svc/track_cache.h"
#include "svc/units_cache.h"
#include "svc/catalog_cache.h"
#include "svc/uploads.h"
#include "svc/webhook_net.h"
#include "svc/catalog.h"
#include "svc/setup.h"
#include "svc/units.h"
#include "svc/users.h"

/* What db_open takes for cfg (malloc'd): its PostgreSQL URL, or the SQLite file of the data
 * directory. */
static char *db_target(const struct svc_config *cfg)
{
	if (db_target_is_pg(cfg->database))
		return xstrdup(cfg->database);
	size_t n = strlen(cfg->data_dir) + 32;
	char *p = xmalloc(n);
	snprintf(p, n, "%s/motcua.db", cfg->data_dir);
	return p;
}

enum mc_err svc_state_init(struct svc_state *s, const struct svc_config *cfg)
{
	unsigned char raw[24];
	char pw[64];
	s->cfg = *cfg;
	cal_cache_init(&s->calendar);
	pthread_mutex_init(&s->clock.lock, NULL);
	s->guesses = limiter_new(GUESS_TABLE_MAX, cfg->guess_max_failures, cfg->guess_window);
	s->bookings_limit =
		limiter_new(GUESS_TABLE_MAX, cfg->booking_rate_max, cfg->booking_rate_window);
	s->feedback_limit =
		limiter_new(GUESS_TABLE_MAX, cfg->feedback_rate_max, cfg->feedback_rate_window);
	s->kiosk_limit = limiter_new(GUESS_TABLE_MAX, cfg->kiosk_rate_max, cfg->kiosk_rate_window);
	s->tracking = track_cache_new(cfg->track_cache);
	s->sessions = session_cache_new(cfg->session_cache);
	s->units = units_cache_new();
	s->catalog = catalog_cache_new();
	s->oidc = oidc_provider_new(cfg);
	s->uploads = upload_slots_new();
	s->webhook_allow = xcalloc(1, sizeof(*s->webhook_allow));
	const char *bad = NULL;
	if (!webhook_allow_parse(cfg->webhook_allow, s->webhook_allow, &bad)) {
		log_error("webhook allow-list: \"%.60s\" is not an IPv4 or IPv6 CIDR", bad);
		return MC_EINVAL;
	}
	randombytes_buf(raw, sizeof(s->instance) / 2);
	sodium_bin2hex(s->instance, sizeof(s->instance), raw, sizeof(s->instance) / 2);
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(pw, sizeof(pw), raw, sizeof(raw));
	enum mc_err err = auth_hash_password(cfg, pw, s->dummy_hash);
	sodium_memzero(pw, sizeof(pw));
	return err;
}

void svc_state_release(struct svc_state *s)
{
	sodium_memzero(s->receipt_sk, sizeof(s->receipt_sk));
	cal_cache_release(&s->calendar);
	pthread_mutex_destroy(&s->clock.lock);
	limiter_free(s->guesses);
	s->guesses = NULL;
	limiter_free(s->bookings_limit);
	s->bookings_limit = NULL;
	limiter_free(s->feedback_limit);
	s->feedback_limit = NULL;
	limiter_free(s->kiosk_limit);
	s->kiosk_limit = NULL;
	track_cache_free(s->tracking);
	s->tracking = NULL;
	session_cache_free(s->sessions);
	s->sessions = NULL;
	units_cache_free(s->units);
	s->units = NULL;
	catalog_cache_free(s->catalog);
	s->catalog = NULL;
	oidc_provider_free(s->oidc);
	s->oidc = NULL;
	upload_slots_free(s->uploads);
	s->uploads = NULL;
	free(s->webhook_allow);
	s->webhook_allow = NULL;
}

#define DATABASE_FILE "database-url"

enum mc_err setup_remember_database(const char *data_dir, const char *url)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/" DATABASE_FILE, data_dir);
	FILE *f = fopen(path, "wx");
	if (!f)
		return MC_EIO;
	chmod(path, 0600);
	bool ok = fprintf(f, "%s\n", url) > 0;
	ok = fclose(f) == 0 && ok;
	return ok ? MC_OK : MC_EIO;
}

bool setup_remembered_database(const char *data_dir, char *line, size_t cap)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/" DATABASE_FILE, data_dir);
	FILE *f = fopen(path, "r");
	if (!f)
		return false;
	char *got = fgets(line, (int)cap, f);
	fclose(f);
	if (!got)
		return false;
	line[strcspn(line, "\r\n")] = '\0';
	return db_target_is_pg(line);
}

bool setup_is_pg_url(const char *database)
{
	return db_target_is_pg(database);
}

bool setup_exists(const struct svc_config *cfg)
{
	struct stat st;
	char *target = db_target(cfg);
	bool found = false;
	if (db_target_is_pg(target)) {
		struct db *db = NULL;
		int version = 0;
		found = db_open(target, &db) == MC_OK && migrate_version(db, &version) == MC_OK &&
			version > 0;
		db_close(db);
	} else {
		found = stat(target, &st) == 0;
	}
	free(target);
	return found;
}

struct init_args {
	const char *admin_hash; /* of the administrator's password */
	struct setup_report *out;
};

static enum mc_err create_admin(struct svc_ctx *ctx, const char *hash)
{
	struct user u;
	struct user_role role;
	memset(&u, 0, sizeof(u));
	memset(&role, 0, sizeof(role));
	snprintf(u.username, sizeof(u.username), "admin");
	snprintf(u.full_name, sizeof(u.full_name), "Quản trị hệ thống");
	snprintf(u.password_hash, sizeof(u.password_hash), "%s", hash);
	enum mc_err err = auth_insert_account(ctx->db, &u, ctx->now);
	snprintf(role.role, sizeof(role.role), "admin");
	snprintf(role.unit, sizeof(role.unit), "000.00.00.H26");
	if (!err)
		err = userstore_add_role(ctx->db, u.id, &role);
	if (!err)
		err = audit_append_as(ctx->db, ctx->now, "system", "000.00.00.H26", "create_user",
				      "user:admin", "{\"username\":\"admin\",\"roles\":1}");
	return err;
}

static enum mc_err init_tx(struct svc_ctx *ctx, void *arg)
{
	struct init_args *a = arg;
	enum mc_err err = units_seed_hanoi(ctx->db, ctx->now, &a->out->units);
	if (!err)
		err = calendar_seed_official(ctx->db, ctx->now, &a->out->official_days);
	if (!err)
		err = catalog_seed(ctx->db, ctx->now, &a->out->procedures);
	if (!err)
		err = create_admin(ctx, a->admin_hash);
	return err;
}

enum mc_err setup_init(const struct svc_config *cfg, const char *password, int64_t now,
		       struct setup_report *out)
{
	char hash[160];
	char *path = db_target(cfg);
	struct db *db = NULL;
	struct init_args a = {hash, out};
	memset(out, 0, sizeof(*out));
	enum mc_err err = auth_hash_password(cfg, password, hash);
	if (!err)
		err = db_open(path, &db);
	if (!err)
		err = migrate_apply(db, &out->schema);
	struct svc_ctx ctx = {.db = db, .now = now, .real_now = now};
	if (!err)
		err = svc_write(&ctx, init_tx, &a);
	db_close(db);
	if (err && !db_target_is_pg(path))
		unlink(path);
	sodium_memzero(hash, sizeof(hash));
	free(path);
	return err;
}

enum mc_err setup_open(struct svc_state *s, size_t n)
{
	struct db *db = NULL;
	int applied = 0;
	size_t keyed = 0;
	char *path = db_target(&s->cfg);
	enum mc_err err = setup_exists(&s->cfg) ? db_open(path, &db) : MC_ENOTFOUND;
	if (!err)
		err = migrate_apply(db, &applied);
	struct svc_ctx ctx = {.state = s, .db = db};
	if (!err)
		err = users_fill_search_keys(&ctx, &keyed);
	if (!err && keyed)
		log_info("gave %zu accounts their search key", keyed);
	db_close(db);
	if (!err)
		err = db_pool_new(path, n, &s->pool);
	free(path);
	return err;
}

/* What an instance on the database said (svc/svc.h, SVC_CHANNEL); NULL: notifications were lost,
 * forget every cached answer. */
static void on_change(const char *payload, void *arg)
{
	struct svc_state *s = arg;
	if (!payload) {
		track_cache_changed_elsewhere(s->tracking, NULL);
		catalog_cache_changed_elsewhere(s->catalog);
		units_cache_changed_elsewhere(s->units);
		cal_cache_changed_elsewhere(&s->calendar);
	} else if (!strncmp(payload, "c:", 2)) {
		catalog_cache_changed_elsewhere(s->catalog);
	} else if (!strncmp(payload, "u:", 2)) {
		units_cache_changed_elsewhere(s->units);
	} else if (!strncmp(payload, "k:", 2)) {
		cal_cache_changed_elsewhere(&s->calendar);
	} else if (!strncmp(payload, "g:", 2)) {
		guess_counted_elsewhere(s, payload + 2, (int64_t)time(NULL));
	} else if (!strncmp(payload, "t:", 2)) {
		track_cache_changed_elsewhere(s->tracking, payload + 2);
	} else if (!strncmp(payload, "s:", 2) && s->publish) {
		char *copy = xstrdup(payload + 2);
		char *event = strchr(copy, '\n');
		char *data = event ? strchr(event + 1, '\n') : NULL;
		if (data) {
			*event++ = '\0';
			*data++ = '\0';
			s->publish(copy, event, data);
		}
		free(copy);
	}
}

enum mc_err setup_listen(struct svc_state *s)
{
	if (!db_target_is_pg(s->cfg.database))
		return MC_OK;
	s->listener = db_listen(s->cfg.database, SVC_CHANNEL, on_change, s);
	return s->listener ? MC_OK : MC_EDB;
}

void setup_close(struct svc_state *s)
{
	db_listener_stop(s->listener);
	s->listener = NULL;
	db_pool_free(s->pool);
	s->pool = NULL;
}

static enum mc_err move_rows(const char *path, const char *url, struct setup_move_report *out)
{
	struct transfer_report *t = xcalloc(1, sizeof(*t));
	enum mc_err err = transfer_sqlite_to_pg(path, url, t);
	for (size_t i = 0; !err && i < t->ntables; i++)
		log_info("migrate-data: %s: %lld rows", t->tables[i].name,
			 (long long)t->tables[i].rows);
	out->tables = t->ntables;
	out->rows = t->rows;
	snprintf(out->why, sizeof(out->why), "%s", t->why);
	free(t);
	return err;
}

enum mc_err setup_move_to_pg(const char *data_dir, const char *url, struct setup_move_report *out)
{
	char line[SETUP_DATABASE_URL_MAX], path[4096];
	struct db *db = NULL;
	int applied = 0;
	memset(out, 0, sizeof(*out));
	if (setup_remembered_database(data_dir, line, sizeof(line))) {
		snprintf(out->why, sizeof(out->why),
			 "%s already runs on PostgreSQL (its database-url file names it)", data_dir);
		return MC_ECONFLICT;
	}
	snprintf(path, sizeof(path), "%s/motcua.db", data_dir);
	struct stat st;
	if (stat(path, &st) != 0) {
		snprintf(out->why, sizeof(out->why), "%s holds no SQLite database (motcua.db)",
			 data_dir);
		return MC_ENOTFOUND;
	}
	enum mc_err err = db_open(path, &db);
	if (!err)
		err = migrate_apply(db, &applied);
	db_close(db);
	db = NULL;
	if (err) {
		snprintf(out->why, sizeof(out->why), "the source's migrations failed: %s",
			 mc_err_name(err));
		return err;
	}
	err = db_open(url, &db);
	if (!err)
		err = migrate_apply(db, &applied); /* a fresh target, or one a failed copy left empty */
	db_close(db);
	if (err && !out->why[0])
		snprintf(out->why, sizeof(out->why), "cannot prepare the target: %s",
			 mc_err_name(err));
	if (!err)
		err = move_rows(path, url, out);
	if (!err && setup_remember_database(data_dir, url) != MC_OK) {
		snprintf(out->why, sizeof(out->why),
			 "copied, but %s/database-url could not be written: write the URL there",
			 data_dir);
		err = MC_EIO;
	}
	return err;
}

enum mc_err setup_backup(struct svc_ctx *ctx, const char *dest)
{
	return db_backup(ctx->db, dest);
}
