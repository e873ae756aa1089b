/* The motcua command: init, serve, audit verify, backup, ... (its options are options.c). The only
 * file with process-wide state (signals, the descriptor limit). */
#include "base/base.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <sodium.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "base/civil.h"
#include "base/log.h"
#include "http/server.h"
#include "http/stream.h"
#include "options.h"
#include "svc/audit.h"
#include "svc/auth.h"
#include "svc/calendar.h"
#include "svc/demo.h"
#include "svc/signing.h"
#include "svc/group_commit.h"
#include "svc/housekeeping.h"
#include "svc/notify_worker.h"
#include "svc/outbox.h"
#include "svc/portal.h"
#include "svc/import.h"
#include "svc/oidc.h"
#include "svc/receipts.h"
#include "svc/reorg.h"
#include "svc/setup.h"
#include "svc/webclient.h"

/* Under LeakSanitizer (test builds): fontconfig keeps its caches until exit by design. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	MC_UNUSED(sig);
	stop_requested = 1;
}

static bool dir_is_empty(const char *path)
{
	DIR *d = opendir(path);
	if (!d)
		return false;
	struct dirent *e;
	bool empty = true;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			empty = false;
	closedir(d);
	return empty;
}

static enum mc_err make_dirs(const char *path)
{
	char buf[4096];
	if (strlen(path) >= sizeof(buf))
		return MC_EINVAL;
	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0750) != 0 && errno != EEXIST)
			return MC_EIO;
		*p = '/';
	}
	if (mkdir(buf, 0750) != 0 && errno != EEXIST)
		return MC_EIO;
	return MC_OK;
}

/* A password of 16 characters from an alphabet without look-alikes. */
static void generate_password(char out[17])
{
	static const char alphabet[] = "abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY34679";
	for (int i = 0; i < 16; i++)
		out[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
	out[16] = '\0';
}

static int cmd_init(struct options *o)
{
	struct stat st;
	struct setup_report rep;
	char generated[17];
	const char *password = getenv("MOTCUA_ADMIN_PASSWORD");
	if (setup_exists(&o->svc)) {
		fprintf(stderr, "motcua: %s is already initialized; left untouched\n",
			o->svc.database ? "the database" : o->data_dir);
		return 1;
	}
	if (stat(o->data_dir, &st) == 0 && !dir_is_empty(o->data_dir)) {
		fprintf(stderr, "motcua: %s exists and is not empty; choose an empty directory\n",
			o->data_dir);
		return 1;
	}
	const char *vi = NULL, *rule = password ? auth_password_rule(password, "admin", NULL, &vi)
						  : NULL;
	if (rule) {
		fprintf(stderr, "motcua: MOTCUA_ADMIN_PASSWORD %s (%s)\n", rule, vi);
		return 1;
	}
	if (make_dirs(o->data_dir) != MC_OK) {
		fprintf(stderr, "motcua: cannot create %s: %s\n", o->data_dir, strerror(errno));
		return 1;
	}
	if (!password) {
		generate_password(generated);
		password = generated;
	}
	enum mc_err err = setup_init(&o->svc, password, o->now, &rep);
	if (!err && o->svc.database)
		err = setup_remember_database(o->data_dir, o->svc.database);
	if (err) {
		fprintf(stderr, "motcua: init failed: %s\n", mc_err_name(err));
		return 1;
	}
	printf("motcua: initialized %s (schema %d, %lld units, %zu procedures, %zu official days)\n",
	       o->data_dir, rep.schema, (long long)rep.units, rep.procedures, rep.official_days);
	if (password == generated)
		printf("motcua: administrator \"admin\", password: %s (shown once)\n", generated);
	return 0;
}

/* Says so when the data directory holds no database yet. */
static bool has_database(const struct options *o)
{
	if (setup_exists(&o->svc))
		return true;
	fprintf(stderr, "motcua: %s holds no database; run motcua init first\n", o->data_dir);
	return false;
}

/* What a command other than init and serve works with: a state holding the configuration and the
 * database open with one connection (svc_state_init only where a command needs more), and the
 * context of its calls at the command's time (--test-clock, else now). */
struct command {
	struct svc_state *state;
	struct arena arena;
	struct problem problem;
	struct svc_ctx ctx;
};

static void command_close(struct command *c)
{
	svc_ctx_close(&c->ctx);
	setup_close(c->state);
	free(c->state);
	arena_release(&c->arena);
}

/* Opens the data directory's database for a command; on failure (said on stderr when there is no
 * database) nothing is left to close. */
static enum mc_err command_open(struct options *o, struct command *c)
{
	memset(c, 0, sizeof(*c));
	c->state = xcalloc(1, sizeof(*c->state));
	c->state->cfg = o->svc;
	arena_init(&c->arena);
	problem_init(&c->problem, &c->arena);
	enum mc_err err = has_database(o) ? setup_open(c->state, 1) : MC_ENOTFOUND;
	if (err) {
		command_close(c);
		return err;
	}
	svc_ctx_open(&c->ctx, c->state, o->now, &c->arena, &c->problem);
	return MC_OK;
}

static bool split_listen(const char *listen, char *addr, size_t cap, uint16_t *port)
{
	const char *colon = strrchr(listen, ':');
	uint64_t v;
	if (!colon || (size_t)(colon - listen) >= cap || !options_u64(colon + 1, 65535, &v))
		return false;
	memcpy(addr, listen, (size_t)(colon - listen));
	addr[colon - listen] = '\0';
	*port = (uint16_t)v;
	return true;
}

static char *default_web_dir(void)
{
	char exe[4096];
	struct stat st;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 32);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			snprintf(slash, sizeof(exe) - (size_t)(slash - exe), "/../web");
			if (stat(exe, &st) == 0 && S_ISDIR(st.st_mode))
				return xstrdup(exe);
		}
	}
	return xstrdup("web");
}

/* Every connection holds a descriptor: raises the soft limit towards the hard one so that
 * --conn-limit connections fit beside the database, documents and the slow pool's files. */
static void raise_fd_limit(unsigned conn_limit)
{
	struct rlimit rl;
	rlim_t want = (rlim_t)conn_limit + 256;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= want)
		return;
	rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max >= want ? want : rl.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur < want)
		log_warn("open files are limited to %llu: fewer than --conn-limit %u connections fit",
			 (unsigned long long)rl.rlim_cur, conn_limit);
}

static int cmd_serve(struct options *o)
{
	char addr[64];
	struct server *srv = NULL;
	struct housekeeping *housekeeping = NULL;
	struct svc_state *state = xcalloc(1, sizeof(*state));
	char *web = o->web_dir ? xstrdup(o->web_dir) : default_web_dir();
	int rc = 1;
	if (!split_listen(o->listen, addr, sizeof(addr), &o->server.port)) {
		fprintf(stderr, "motcua: --listen must be ADDR:PORT\n");
		goto out;
	}
	o->server.listen_addr = addr;
	o->server.web_dir = web;
	o->svc.public_url = o->public_url;
	o->svc.oidc_client_secret = getenv("MOTCUA_OIDC_CLIENT_SECRET");
	o->svc.portal_token = getenv("MOTCUA_PORTAL_TOKEN");
	o->svc.pay_secret = getenv("MOTCUA_PAYMENT_SECRET");
	if (o->svc.pay_gateway_url && (!o->svc.pay_merchant || !o->svc.pay_secret ||
				       strlen(o->svc.pay_secret) < 16)) {
		fprintf(stderr, "motcua: --payment-gateway-url needs --payment-merchant and "
				"MOTCUA_PAYMENT_SECRET (at least 16 characters)\n");
		goto out;
	}
	const char *why = NULL;
	if (o->svc.oidc_issuer && (why = oidc_config_problem(&o->svc))) {
		fprintf(stderr, "motcua: %s\n", why);
		goto out;
	}
	if ((why = portal_config_problem(&o->svc))) {
		fprintf(stderr, "motcua: %s\n", why);
		goto out;
	}
	if (!has_database(o) || svc_state_init(state, &o->svc) != MC_OK)
		goto out;
	state->publish = stream_publish; /* events reach the live streams, whichever instance said */
	/* The test clock holds from the start: the start-up sweep closes the queue's earlier days. */
	if (o->test_clock) {
		svc_clock_set_test(state, o->now);
		log_warn("test clock set to \"%s\": POST /api/v1/test/clock moves it", o->test_clock);
	}
	/* One connection each for the workers, the slow pool, the group-commit writer, housekeeping,
	 * the webhooks' delivery worker, the notifications' worker and one spare. */
	if (setup_open(state, o->server.threads + o->server.slow_threads +
			       o->server.write_threads + 5) != MC_OK ||
	    setup_listen(state) != MC_OK || housekeeping_start(state, &housekeeping) != MC_OK ||
	    receipts_init(state) != MC_OK ||
	    group_commit_start(state, &state->writer) != MC_OK || portal_setup(state) != MC_OK ||
	    outbox_start(state) != MC_OK ||
	    notify_worker_start(state) != MC_OK)
		goto out;
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (o->public_url)
		svc_set_public_url(state, o->public_url);
	raise_fd_limit(o->server.conn_limit);
	if (server_start(&o->server, state, &srv) != MC_OK)
		goto out;
	if (!o->public_url) {
		char url[256];
		snprintf(url, sizeof(url), "http://%s:%u", addr, server_port(srv));
		svc_set_public_url(state, url);
	}
	printf("motcua %s listening on http://%s:%u/ (data %s)\n", MOTCUA_VERSION, addr,
	       server_port(srv), o->data_dir);
	fflush(stdout);
	while (!stop_requested) { /* access lines reach the log within ~20 ms (base/log.c) */
		struct timespec ts = {0, 20 * 1000000};
		nanosleep(&ts, NULL);
		log_flush();
	}
	log_flush();
	log_info("stopping: draining requests in flight");
	server_stop(srv, 10000);
	log_flush();
	rc = 0;
out:
	notify_worker_stop(state);
	outbox_stop(state);
	housekeeping_stop(housekeeping);
	group_commit_stop(state->writer);
	state->writer = NULL;
	setup_close(state);
	svc_state_release(state);
	free(state);
	free(web);
	return rc;
}

static int cmd_audit_verify(struct options *o)
{
	struct command c;
	struct audit_verdict v;
	if (command_open(o, &c) != MC_OK)
		return 2;
	enum mc_err err = audit_verify(&c.ctx, &v);
	command_close(&c);
	if (err) {
		fprintf(stderr, "motcua: audit verify failed: %s\n", mc_err_name(err));
		return 2;
	}
	if (v.broken_id) {
		printf("audit chain BROKEN at event %lld: %s (%lld events checked)\n",
		       (long long)v.broken_id, v.why, (long long)v.events);
		return 1;
	}
	printf("audit chain intact: %lld events\n", (long long)v.events);
	return 0;
}

static int cmd_demo(struct options *o)
{
	struct command c;
	int created = 0, dossiers = 0, tickets = 0;
	const char *password = getenv("MOTCUA_DEMO_PASSWORD");
	const char *vi = NULL, *rule = password ? demo_password_rule(password, &vi) : NULL;
	if (!password || rule) {
		fprintf(stderr, "motcua: set MOTCUA_DEMO_PASSWORD to a password of the accounts' rules%s%s\n",
			rule ? ": it " : "", rule ? rule : "");
		return 2;
	}
	if (command_open(o, &c) != MC_OK)
		return 1;
	enum mc_err err = demo_seed(&c.ctx, password, &created);
	/* With MOTCUA_KEY_SECRET, the deciding units get TEST certificates first, and the demo's
	 * decisions carry signed results (docs/signing.md). */
	int certs = 0;
	bool signing = o->svc.key_secret && strlen(o->svc.key_secret) >= 16;
	if (!err && signing)
		err = signing_pki_demo(&c.ctx, &certs, NULL, NULL);
	const char *with_dossiers = getenv("MOTCUA_DEMO_DOSSIERS");
	bool dossiers_wanted = !with_dossiers || strcmp(with_dossiers, "0") != 0;
	/* Dossiers go through the real use cases: they need the whole state. */
	if (!err && created > 0 && dossiers_wanted && !(err = svc_state_init(c.state, &o->svc)))
		err = demo_dossiers(&c.ctx, &dossiers, &tickets);
	svc_state_release(c.state);
	command_close(&c);
	if (err) {
		fprintf(stderr, "motcua: demo failed: %s\n", mc_err_name(err));
		return 1;
	}
	printf("motcua: demo ready (%d accounts, %d dossiers and %d queue tickets added)\n", created,
	       dossiers, tickets);
	if (signing)
		printf("motcua: demo results signed with TEST certificates (%d issued; not for "
		       "production)\n",
		       certs);
	return 0;
}

static void print_unit(const char *unit, void *arg)
{
	MC_UNUSED(arg);
	printf("motcua: test certificate issued for unit %s\n", unit);
}

/* `motcua pki demo`: a test CA and a certificate for each deciding unit (svc/signing.h). */
static int cmd_pki_demo(struct options *o)
{
	struct command c;
	int made = 0;
	if (!o->svc.key_secret || strlen(o->svc.key_secret) < 16) {
		fprintf(stderr, "motcua: set MOTCUA_KEY_SECRET (at least 16 characters): signing keys "
				"are sealed with a key derived from it\n");
		return 2;
	}
	if (command_open(o, &c) != MC_OK)
		return 1;
	enum mc_err err = signing_pki_demo(&c.ctx, &made, print_unit, NULL);
	const char *why = c.problem.detail;
	if (err)
		fprintf(stderr, "motcua: pki demo failed: %s%s%s\n", mc_err_name(err),
			why ? ": " : "", why ? why : "");
	command_close(&c);
	if (err)
		return 1;
	printf("motcua: pki demo ready (%d test certificates issued; TEST — not for production)\n",
	       made);
	return 0;
}

static int cmd_calendar_show(struct options *o, const char *year_text)
{
	struct command c;
	struct cal_day *days = NULL;
	uint64_t year = 0;
	size_t n = 0;
	int64_t version = 0;
	if (!options_u64(year_text, 9999, &year)) {
		fprintf(stderr, "motcua: calendar show YEAR: YEAR must be a number\n");
		return 1;
	}
	if (command_open(o, &c) != MC_OK)
		return 1;
	days = xcalloc(CAL_MAX_DAYS + CAL_OVERRIDES_MAX, sizeof(*days));
	enum mc_err err = calendar_year(&c.ctx, (int)year, days, CAL_MAX_DAYS + CAL_OVERRIDES_MAX,
					&n, &version);
	if (err) {
		fprintf(stderr, "motcua: %s\n",
			c.problem.head ? c.problem.head->message : mc_err_name(err));
		goto out;
	}
	printf("calendar %llu, version %lld: days that differ from Monday-Friday, and overrides\n",
	       (unsigned long long)year, (long long)version);
	for (size_t i = 0; i < n; i++) {
		char date[16];
		civil_format_date(days[i].d.day, date);
		printf("%s  %-7s  %-8s  %s\n", date, days[i].d.working ? "working" : "off",
		       cal_source_name(days[i].source), days[i].d.name);
	}
out:
	command_close(&c);
	free(days);
	return err ? 1 : 0;
}

static void print_import_error(size_t line, const char *field, const char *message, void *arg)
{
	MC_UNUSED(arg);
	if (field && *field)
		fprintf(stderr, "line %zu: %s: %s\n", line, field, message);
	else
		fprintf(stderr, "line %zu: %s\n", line, message);
}

static char *read_file(const char *path, size_t max, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *data = xmalloc(max + 1);
	*len = fread(data, 1, max + 1, f);
	bool bad = ferror(f) || *len > max;
	fclose(f);
	if (bad) {
		free(data);
		return NULL;
	}
	data[*len] = '\0';
	return data;
}

static int cmd_import(struct options *o, const char *kind, const char *file)
{
	struct command c;
	size_t len = 0, imported = 0, errors = 0;
	char *text = read_file(file, IMPORT_MAX_BYTES, &len);
	if (!text) {
		fprintf(stderr, "motcua: cannot read %s (missing, unreadable or over 64 MiB)\n", file);
		return 1;
	}
	if (command_open(o, &c) != MC_OK) {
		free(text);
		return 1;
	}
	enum mc_err err = import_csv(&c.ctx, kind, text, len, print_import_error, NULL, &imported,
				     &errors);
	command_close(&c);
	free(text);
	if (err == MC_EINVAL && !errors)
		fprintf(stderr, "motcua: import: KIND must be staff, assets or records\n");
	else if (err == MC_EINVAL)
		fprintf(stderr, "motcua: %zu error(s) in %s: nothing imported\n", errors, file);
	else if (err)
		fprintf(stderr, "motcua: import failed: %s\n", mc_err_name(err));
	else
		printf("motcua: imported %zu %s from %s\n", imported, kind, file);
	return err ? 1 : 0;
}

static int cmd_reorg_verify(struct options *o, const char *id_text)
{
	struct command c;
	struct reorg_verdict v;
	uint64_t id = 0;
	char then[2 * REORG_HASH_LEN + 1], now[2 * REORG_HASH_LEN + 1];
	if (!options_u64(id_text, INT64_MAX, &id) || id == 0) {
		fprintf(stderr, "motcua: reorg verify ID: ID must be a number\n");
		return 2;
	}
	if (command_open(o, &c) != MC_OK)
		return 2;
	enum mc_err err = reorg_verify_unchecked(&c.ctx, (int64_t)id, &v);
	if (err) {
		fprintf(stderr, "motcua: reorg verify failed: %s\n", mc_err_name(err));
		command_close(&c);
		return 2;
	}
	sodium_bin2hex(then, sizeof(then), v.then, REORG_HASH_LEN);
	sodium_bin2hex(now, sizeof(now), v.now, REORG_HASH_LEN);
	printf("at creation: %lld dossiers, %lld events, checksum %s\n", (long long)v.dossiers_then,
	       (long long)v.events_then, then);
	printf("now:         %lld dossiers, %lld events, checksum %s\n", (long long)v.dossiers_now,
	       (long long)v.events_now, now);
	for (size_t i = 0; i < v.ndiff; i++)
		printf("changed: %s\n", v.diff[i]);
	printf("%s\n", v.equal ? "EQUAL: nothing was lost" : "DIFFERENT");
	command_close(&c); /* the diff's codes live in its arena */
	return v.equal ? 0 : 1;
}

static int cmd_backup(struct options *o, const char *dest)
{
	struct command c;
	struct stat st;
	if (stat(dest, &st) == 0) {
		fprintf(stderr, "motcua: %s exists; a backup never overwrites\n", dest);
		return 1;
	}
	if (command_open(o, &c) != MC_OK)
		return 1;
	enum mc_err err = setup_backup(&c.ctx, dest);
	command_close(&c);
	if (err) {
		fprintf(stderr, "motcua: backup failed: %s\n", mc_err_name(err));
		return 1;
	}
	printf("motcua: backup written to %s\n", dest);
	return 0;
}

/* motcua migrate-data --from sqlite:DIR --to postgresql://…: the pilot's SQLite database into an
 * empty PostgreSQL database (setup_move_to_pg), then the audit chain verified on the copy. */
static int cmd_migrate_data(struct options *o, const char *from, const char *to)
{
	struct setup_move_report rep;
	if (!from || strncmp(from, "sqlite:", 7) != 0 || !from[7] || !to || !setup_is_pg_url(to)) {
		fprintf(stderr, "usage: motcua migrate-data --from sqlite:DIR --to postgresql://…\n");
		return 2;
	}
	o->data_dir = from + 7;
	o->svc.data_dir = o->data_dir;
	o->now = (int64_t)time(NULL);
	enum mc_err err = setup_move_to_pg(o->data_dir, to, &rep);
	if (err) {
		fprintf(stderr, "motcua: migrate-data failed (%s): %s\nThe target was left as it was "
				"before the copy; the source is unchanged.\n",
			mc_err_name(err), rep.why);
		return 1;
	}
	printf("copied %lld rows of %zu tables from %s into PostgreSQL\n", (long long)rep.rows,
	       rep.tables, o->data_dir);
	o->database = to;
	o->svc.database = to;
	int rc = cmd_audit_verify(o);
	if (rc == 0)
		printf("%s now runs on PostgreSQL (its database-url names it); motcua.db is kept as "
		       "it was\n",
		       o->data_dir);
	return rc;
}

int main(int argc, char **argv)
{
	struct options o;
	memset(&o, 0, sizeof(o));
	o.data_dir = "./var";
	o.listen = "127.0.0.1:8080";
	server_config_defaults(&o.server);
	svc_config_defaults(&o.svc);
	if (sodium_init() < 0) {
		fprintf(stderr, "motcua: libsodium failed to start\n");
		return 2;
	}
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		options_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	const char *cmd = argv[1];
	int first = 2;
	if (!strcmp(cmd, "migrate-data")) {
		const char *from = NULL, *to = NULL;
		for (int i = 2; i + 1 < argc && argc % 2 == 0; i += 2) {
			if (!strcmp(argv[i], "--from"))
				from = argv[i + 1];
			else if (!strcmp(argv[i], "--to"))
				to = argv[i + 1];
		}
		return cmd_migrate_data(&o, argc == 6 ? from : NULL, to);
	}
	if (!strcmp(cmd, "calendar")) {
		if (argc < 4 || strcmp(argv[2], "show") != 0) {
			options_usage(stderr);
			return 2;
		}
		first = 3;
		if (strncmp(argv[3], "--", 2) != 0)
			first = 4; /* calendar show YEAR [options] */
	}
	if (!strcmp(cmd, "import") || !strcmp(cmd, "reorg")) {
		bool reorg = !strcmp(cmd, "reorg");
		if (argc < 4 || (reorg && strcmp(argv[2], "verify") != 0)) {
			options_usage(stderr);
			return 2;
		}
		first = 3;
		if (strncmp(argv[3], "--", 2) != 0)
			first = 4; /* import KIND FILE [options], reorg verify ID [options] */
	}
	if (!strcmp(cmd, "pki")) {
		if (argc < 3 || strcmp(argv[2], "demo") != 0) {
			options_usage(stderr);
			return 2;
		}
		first = 3;
	}
	if (!strcmp(cmd, "audit")) {
		if (argc < 3 || strcmp(argv[2], "verify") != 0) {
			options_usage(stderr);
			return 2;
		}
		first = 3;
	}
	int rest = options_parse(&o, argc, argv, first);
	if (rest < 0)
		return 2;
	o.svc.data_dir = o.data_dir;
	o.svc.key_secret = getenv("MOTCUA_KEY_SECRET");
	if (rest < argc && !strcmp(argv[rest], "--help")) {
		options_usage(stdout);
		return 0;
	}
	if (o.database && *o.database && !setup_is_pg_url(o.database) &&
	    strcmp(o.database, "sqlite:") != 0) {
		fprintf(stderr, "motcua: --database (MOTCUA_DATABASE_URL) takes postgresql://… or "
				"\"sqlite:\" (SQLite in the data directory)\n");
		return 2;
	}
	static char remembered[SETUP_DATABASE_URL_MAX];
	if ((!o.database || !*o.database) &&
	    setup_remembered_database(o.data_dir, remembered, sizeof(remembered)))
		o.database = remembered;
	o.svc.database = setup_is_pg_url(o.database) ? o.database : NULL;
	/* A worker on PostgreSQL waits for the database's answers (a round trip per statement, a
	 * disk read for a dossier not cached), CPU that SQLite's in-process reads never leave idle:
	 * at 10,000,000 dossiers on 2 cores, 8 workers answered 1,382 public lookups a second, 2
	 * workers 641 (docs/postgresql.md "Deployment"). */
	if (o.svc.database && !o.threads_given) {
		long cores = sysconf(_SC_NPROCESSORS_ONLN);
		o.server.threads = cores > 0 && cores < 16 ? (unsigned)cores * 4 : 64;
	}
	o.now = (int64_t)time(NULL);
	if (o.test_clock &&
	    civil_parse_time(o.test_clock, strlen(o.test_clock), &o.now) != MC_OK) {
		fprintf(stderr, "motcua: --test-clock (MOTCUA_TEST_CLOCK) needs an RFC 3339 time with "
				"an offset, e.g. 2026-11-26T10:00:00+07:00\n");
		return 2;
	}
	json_object_seed(0);
	if (webc_global_init() != MC_OK) {
		fprintf(stderr, "motcua: libcurl failed to start\n");
		return 2;
	}
	atexit(webc_global_release);
	if (!strcmp(cmd, "init") && rest == argc)
		return cmd_init(&o);
	if (!strcmp(cmd, "serve") && rest == argc)
		return cmd_serve(&o);
	if (!strcmp(cmd, "audit") && rest == argc)
		return cmd_audit_verify(&o);
	if (!strcmp(cmd, "calendar") && first == 4 && rest == argc)
		return cmd_calendar_show(&o, argv[3]);
	if (!strcmp(cmd, "calendar") && rest == argc - 1)
		return cmd_calendar_show(&o, argv[rest]);
	if (!strcmp(cmd, "import") && first == 4 && rest == argc)
		return cmd_import(&o, argv[2], argv[3]);
	if (!strcmp(cmd, "import") && rest == argc - 1)
		return cmd_import(&o, argv[2], argv[rest]);
	if (!strcmp(cmd, "reorg") && first == 4 && rest == argc)
		return cmd_reorg_verify(&o, argv[3]);
	if (!strcmp(cmd, "reorg") && rest == argc - 1)
		return cmd_reorg_verify(&o, argv[rest]);
	if (!strcmp(cmd, "demo") && rest == argc)
		return cmd_demo(&o);
	if (!strcmp(cmd, "pki") && rest == argc)
		return cmd_pki_demo(&o);
	if (!strcmp(cmd, "backup") && rest == argc - 1)
		return cmd_backup(&o, argv[rest]);
	options_usage(stderr);
	return 2;
}
