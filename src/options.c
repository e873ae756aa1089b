/* Flags and MOTCUA_* variables (see options.h). Each option has one line in set_option and one in
 * the help; its variable is MOTCUA_ and its name in capitals (a few keep older names). */
#include "base/base.h"

#include <errno.h>
#include <strings.h>

#include "options.h"
#include "svc/webhook_net.h"

/* The help in several strings: C17 guarantees string literals of 4095 bytes only. */
static const char usage_commands[] =
	"usage: motcua <command> [options]\n"
	"\n"
	"commands:\n"
	"  init           create the data directory and database, load Hanoi's units, create admin\n"
	"  serve          start the HTTP server\n"
	"  audit verify   recompute the audit chain and name the first broken event\n"
	"  backup FILE    copy the database into FILE (online, consistent)\n"
	"  migrate-data --from sqlite:DIR --to postgresql://…   copy the SQLite database of DIR\n"
	"                 into an empty PostgreSQL database, verify its audit chain, and make DIR\n"
	"                 use it from then on (docs/postgresql.md)\n"
	"  calendar show YEAR   list the year's days off and make-up working days\n"
	"  import staff|assets|records FILE   import a register from CSV: every line is checked,\n"
	"                 nothing is imported when any line is bad (errors name line and field)\n"
	"  reorg verify ID      recompute the moved dossiers' checksum of reorganization ID and\n"
	"                 compare it with the one taken at creation (exit 0 when equal)\n"
	"  demo           add the demo accounts (password from MOTCUA_DEMO_PASSWORD) and demo\n"
	"                 dossiers (none when MOTCUA_DEMO_DOSSIERS=0)\n"
	"  pki demo       make a test CA (TEST — not for production) and a signing certificate for\n"
	"                 each deciding unit without one; needs MOTCUA_KEY_SECRET (docs/signing.md)\n"
	"\n";

static const char usage_options[] =
	"options (each also read from the MOTCUA_* variable named beside it):\n"
	"  --data DIR            MOTCUA_DATA_DIR        data directory (default ./var)\n"
	"  --listen ADDR:PORT    MOTCUA_LISTEN          (default 127.0.0.1:8080; port 0 = any)\n"
	"  --database URL        MOTCUA_DATABASE_URL    (default: SQLite in the data directory)\n"
	"  --public-url URL      MOTCUA_PUBLIC_URL      base URL printed in QR codes\n"
	"  --threads N           MOTCUA_THREADS         worker threads (default: cores; on\n"
	"                                               PostgreSQL 4 x cores, at most 64)\n"
	"  --write-threads N     MOTCUA_WRITE_THREADS   intakes that wait for their group commit on\n"
	"                                               a thread, once 256 wait with none (default 8)\n"
	"  --web DIR             MOTCUA_WEB_DIR         static files of the UI\n"
	"  --body-max BYTES      MOTCUA_BODY_MAX        JSON body limit (default 1048576)\n"
	"  --request-memory BYTES  MOTCUA_REQUEST_MEMORY  memory one request may use\n"
	"                                               (default 268435456; 413 beyond)\n"
	"  --upload-max BYTES    MOTCUA_UPLOAD_MAX      document upload limit (default 20971520)\n"
	"  --upload-per-account N  MOTCUA_UPLOAD_PER_ACCOUNT  uploads at once per account\n"
	"                                               (default 4; 0 = no maximum)\n"
	"  --upload-per-ip N     MOTCUA_UPLOAD_PER_IP   uploads at once per client address\n"
	"                                               (default 16; 0 = no maximum)\n"
	"  --conn-limit N        MOTCUA_CONN_LIMIT      connections at once (default 1024)\n"
	"  --per-ip-limit N      MOTCUA_PER_IP_LIMIT    connections per address (default 64;\n"
	"                                               trusted proxies are exempt; 0 = none)\n"
	"  --conn-timeout SECS   MOTCUA_CONN_TIMEOUT    idle timeout (default 30)\n"
	"  --header-timeout SECS MOTCUA_HEADER_TIMEOUT  a request's headers must be in within this\n"
	"                                               (default 10; 0 = no deadline)\n"
	"  --header-max BYTES    MOTCUA_HEADER_MAX      a request's header block (default 32768;\n"
	"                                               over it: 431)\n"
	"  --target-max BYTES    MOTCUA_TARGET_MAX      a request target (default 8192; over: 414)\n"
	"  --body-min-rate BYTES MOTCUA_BODY_MIN_RATE   bytes per second a request body must keep\n"
	"                                               up (default 500; 0 = none)\n"
	"  --body-rate-window SECS  MOTCUA_BODY_RATE_WINDOW  over windows of (default 20)\n"
	"  --stream-max N        MOTCUA_STREAM_MAX      live event streams at once (default 256)\n"
	"  --stream-per-ip N     MOTCUA_STREAM_PER_IP   anonymous streams per client address\n"
	"                                               (default 4; 0 = no maximum)\n"
	"  --stream-reserved N   MOTCUA_STREAM_RESERVED of --stream-max, kept for staff accounts'\n"
	"                                               streams (queue boards; default 64)\n"
	"  --trusted-proxies CIDRS  MOTCUA_TRUSTED_PROXIES  comma-separated IPv4/IPv6 CIDRs of\n"
	"                        reverse proxies: from these peers the client is the right-most\n"
	"                        X-Forwarded-For address that is not a trusted proxy (default none)\n"
	"  --metrics-allow CIDRS MOTCUA_METRICS_ALLOW   who may read /metrics (default\n"
	"                        127.0.0.1/32,::1/128); anyone else needs Authorization: Bearer\n"
	"                        with the token in MOTCUA_METRICS_TOKEN (a variable only)\n"
	"  --secure-cookies      MOTCUA_SECURE_COOKIES  session cookies with Secure (default: when\n"
	"                                               --public-url is https)\n"
	;

static const char usage_notify[] =
	"  --smtp-url URL        MOTCUA_SMTP_URL       smtp://host:587 or smtps://host:465 for e-mail\n"
	"                        to citizens (default none: e-mails are recorded as skipped)\n"
	"  --smtp-user NAME      MOTCUA_SMTP_USER      SMTP login (default none: no AUTH)\n"
	"  --smtp-password PW    MOTCUA_SMTP_PASSWORD  (prefer the variable: flags show in ps)\n"
	"  --smtp-from ADDR      MOTCUA_SMTP_FROM      From: address, \"Name <addr>\" or addr\n"
	"  --smtp-starttls BOOL  MOTCUA_SMTP_STARTTLS  require STARTTLS on smtp:// (default false)\n"
	"  --sms-url URL         MOTCUA_SMS_URL        the SMS gateway's POST URL (default none)\n"
	"  --sms-token TOKEN     MOTCUA_SMS_TOKEN      its bearer token (prefer the variable)\n"
	"  --notify-retry-base-ms MS, --notify-retry-cap-ms MS, --notify-attempts N\n"
	"                        notifications' retries (30000, 3600000, 10); see\n"
	"                        docs/notifications.md\n";

static const char usage_webhooks[] =
	"  --webhook-allow CIDRS MOTCUA_WEBHOOK_ALLOW   comma-separated IPv4/IPv6 CIDRs webhooks may\n"
	"                        be sent to: every address of a subscription's host must be in\n"
	"                        them (default none: no webhook can be registered or sent)\n"
	"  --webhook-retry-base-ms MS  MOTCUA_WEBHOOK_RETRY_BASE_MS  first retry delay (5000);\n"
	"                        it doubles per failure, with jitter, up to\n"
	"  --webhook-retry-cap-ms MS   MOTCUA_WEBHOOK_RETRY_CAP_MS   (default 3600000)\n"
	"  --webhook-attempts N  MOTCUA_WEBHOOK_ATTEMPTS failed attempts before a message is a dead\n"
	"                        letter (default 12)\n"
	"  --webhook-lease-ms MS MOTCUA_WEBHOOK_LEASE_MS  how long a claimed message is left to the\n"
	"                        instance that claimed it (default 60000); after a crash, its\n"
	"                        messages are sent again once it runs out\n"
	"  --portal-url URL      MOTCUA_PORTAL_URL      the national portal's receiving URL: every\n"
	"                        dossier's creation and status changes are sent there (default\n"
	"                        none; its address must be in --webhook-allow; docs/portal.md)\n"
	"  --portal-agency CODE  MOTCUA_PORTAL_AGENCY   our agency code at the portal (required with\n"
	"                        --portal-url); the bearer token is read only from\n"
	"                        MOTCUA_PORTAL_TOKEN\n"
	;

static const char usage_accounts[] =
	"  --login-max N         MOTCUA_LOGIN_MAX       failed logins per username per window\n"
	"                                               (default 5)\n"
	"  --login-ip-max N      MOTCUA_LOGIN_IP_MAX    failed logins per client address per window,\n"
	"                                               any usernames (default 20)\n"
	"  --login-window SECS   MOTCUA_LOGIN_WINDOW    (default 900)\n"
	"  --booking-rate N      MOTCUA_BOOKING_RATE    public appointment requests (slots, bookings,\n"
	"                        look-ups) per client address per 10 minutes (default 60)\n"
	"  --feedback-rate N     MOTCUA_FEEDBACK_RATE   public feedback requests (submissions, look-ups,\n"
	"                        the published list) per client address per 10 minutes (default 30)\n"
	"  --feedback-days N     MOTCUA_FEEDBACK_DAYS   working days to answer a feedback (default 10)\n"
	"  --kiosk-rate N        MOTCUA_KIOSK_RATE      queue tickets issued at a public kiosk (no\n"
	"                        login) per client address per 10 minutes (default 30)\n"
	"  --sweep-interval SECS MOTCUA_SWEEP_INTERVAL  housekeeping: delete expired sessions, old\n"
	"                        failed logins, idempotency keys and temporary files every SECS\n"
	"                        (default 600; 0 = only at start)\n"
	"  --disk-min-free BYTES MOTCUA_DISK_MIN_FREE   free space in the data directory below which\n"
	"                        GET /api/v1/health says degraded (default 268435456)\n"
	"  --token-ttl SECS      MOTCUA_TOKEN_TTL       session lifetime (default 43200)\n"
	"  --staff-idle-timeout SECS  MOTCUA_STAFF_IDLE_TIMEOUT  a staff session unused this long\n"
	"                        ends (default 1800; 0 = never); citizens keep --token-ttl\n"
	"  --track-cache N       MOTCUA_TRACK_CACHE     dossiers kept in memory for public tracking\n"
	"                                               (default 131072; 0 = none)\n"
	"  --session-cache N     MOTCUA_SESSION_CACHE   sessions kept in memory, each for 1 s at most\n"
	"                        (default 4096; 0 = none; SQLite only)\n"
	"  --payment-gateway-url URL  MOTCUA_PAYMENT_GATEWAY_URL  the online payment gateway's pay URL\n"
	"  --payment-merchant CODE    MOTCUA_PAYMENT_MERCHANT     our merchant code there; the HMAC\n"
	"                        secret is read only from MOTCUA_PAYMENT_SECRET (docs/fees.md)\n"
	"  --oidc-issuer URL     MOTCUA_OIDC_ISSUER     the national identity provider (VNeID login)\n"
	"  --oidc-client-id ID   MOTCUA_OIDC_CLIENT_ID  motcua's client id there; the client secret\n"
	"                        is read only from MOTCUA_OIDC_CLIENT_SECRET\n"
	"  --oidc-id-claim NAME  MOTCUA_OIDC_ID_CLAIM   claim of the ID number (default id_number)\n"
	"  --oidc-name-claim NAME  MOTCUA_OIDC_NAME_CLAIM  claim of the full name (default name)\n"
	"  --oidc-scope SCOPE    MOTCUA_OIDC_SCOPE      (default \"openid profile\")\n"
	"  --oidc-jwks-refresh SECS  MOTCUA_OIDC_JWKS_REFRESH  least seconds between key fetches (60)\n"
	"  --test-clock TIME     MOTCUA_TEST_CLOCK      an RFC 3339 time taken as \"now\" by every\n"
	"                        command (init, demo, import, calendar show, reorg verify, serve);\n"
	"                        serve freezes it there and POST /api/v1/test/clock moves it\n"
	"                        forward; for tests and demos\n"
	"\n"
	"init reads the first administrator's password from MOTCUA_ADMIN_PASSWORD, or generates one\n"
	"and prints it once.\n";

void options_usage(FILE *f)
{
	fputs(usage_commands, f);
	fputs(usage_options, f);
	fputs(usage_webhooks, f);
	fputs(usage_notify, f);
	fputs(usage_accounts, f);
}

bool options_u64(const char *s, uint64_t max, uint64_t *out)
{
	char *end = NULL;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (!*s || *end || errno || v > max || *s == '-')
		return false;
	*out = v;
	return true;
}

static bool set_cidrs(const char *flag, const char *value, struct cidr_set *out)
{
	const char *bad;
	if (cidr_set_parse(value, out, &bad))
		return true;
	fprintf(stderr, "motcua: --%s: \"%.60s\" is not an IPv4 or IPv6 CIDR\n", flag, bad);
	return false;
}

static bool set_webhook_allow(const char *value, const char **out)
{
	struct webhook_allow allow;
	const char *bad;
	if (webhook_allow_parse(value, &allow, &bad)) {
		*out = value;
		return true;
	}
	fprintf(stderr, "motcua: --webhook-allow: \"%.60s\" is not an IPv4 or IPv6 CIDR\n", bad);
	return false;
}

static bool set_bool(const char *value, bool *out)
{
	if (!strcasecmp(value, "1") || !strcasecmp(value, "true") || !strcasecmp(value, "yes"))
		*out = true;
	else if (!strcasecmp(value, "0") || !strcasecmp(value, "false") || !strcasecmp(value, "no"))
		*out = false;
	else
		return false;
	return true;
}

/* Sets one option by name; false when the name is not an option or the value is bad. */
static bool set_option(struct options *o, const char *name, const char *value)
{
	uint64_t v;
	struct server_config *s = &o->server;
	if (!strcmp(name, "data"))
		o->data_dir = value;
	else if (!strcmp(name, "listen"))
		o->listen = value;
	else if (!strcmp(name, "database"))
		o->database = value;
	else if (!strcmp(name, "public-url"))
		o->public_url = value;
	else if (!strcmp(name, "web"))
		o->web_dir = value;
	else if (!strcmp(name, "threads") && options_u64(value, 256, &v) && v > 0) {
		s->threads = (unsigned)v;
		o->threads_given = true;
	}
	else if (!strcmp(name, "write-threads") && options_u64(value, 256, &v) && v > 0)
		s->write_threads = (unsigned)v;
	else if (!strcmp(name, "body-max") && options_u64(value, 1ull << 32, &v) && v > 0)
		s->body_max = (size_t)v;
	else if (!strcmp(name, "request-memory") && options_u64(value, 1ull << 40, &v) && v > 0)
		s->request_memory = (size_t)v;
	else if (!strcmp(name, "conn-limit") && options_u64(value, 1000000, &v) && v > 0)
		s->conn_limit = (unsigned)v;
	else if (!strcmp(name, "per-ip-limit") && options_u64(value, 1000000, &v))
		s->per_ip_limit = (unsigned)v;
	else if (!strcmp(name, "conn-timeout") && options_u64(value, 86400, &v))
		s->conn_timeout = (unsigned)v;
	else if (!strcmp(name, "header-timeout") && options_u64(value, 3600, &v))
		s->header_timeout = (unsigned)v;
	else if (!strcmp(name, "header-max") && options_u64(value, 1u << 20, &v) && v >= 1024)
		s->header_max = (size_t)v;
	else if (!strcmp(name, "target-max") && options_u64(value, 1u << 20, &v) && v >= 256)
		s->target_max = (size_t)v;
	else if (!strcmp(name, "body-min-rate") && options_u64(value, 1ull << 30, &v))
		s->body_min_rate = (size_t)v;
	else if (!strcmp(name, "body-rate-window") && options_u64(value, 3600, &v) && v > 0)
		s->body_window = (unsigned)v;
	else if (!strcmp(name, "stream-max") && options_u64(value, 100000, &v))
		s->stream_max = (unsigned)v;
	else if (!strcmp(name, "stream-per-ip") && options_u64(value, 100000, &v))
		s->stream_per_ip = (unsigned)v;
	else if (!strcmp(name, "stream-reserved") && options_u64(value, 100000, &v))
		s->stream_reserved = (unsigned)v;
	else if (!strcmp(name, "trusted-proxies"))
		return set_cidrs(name, value, &s->trusted_proxies);
	else if (!strcmp(name, "metrics-allow"))
		return set_cidrs(name, value, &s->metrics_allow);
	else if (!strcmp(name, "secure-cookies"))
		return set_bool(value, &o->secure_cookies);
	else if (!strcmp(name, "webhook-allow"))
		return set_webhook_allow(value, &o->svc.webhook_allow);
	else if (!strcmp(name, "webhook-retry-base-ms") && options_u64(value, 86400000, &v) && v > 0)
		o->svc.webhook_retry_base_ms = (int64_t)v;
	else if (!strcmp(name, "webhook-retry-cap-ms") && options_u64(value, 86400000, &v) && v > 0)
		o->svc.webhook_retry_cap_ms = (int64_t)v;
	else if (!strcmp(name, "webhook-attempts") && options_u64(value, 1000, &v) && v > 0)
		o->svc.webhook_attempts = (int64_t)v;
	else if (!strcmp(name, "webhook-lease-ms") && options_u64(value, 86400000, &v) && v >= 1000)
		o->svc.webhook_lease_ms = (int64_t)v;
	else if (!strcmp(name, "portal-url"))
		o->svc.portal_url = value;
	else if (!strcmp(name, "portal-agency"))
		o->svc.portal_agency = value;
	else if (!strcmp(name, "smtp-url"))
		o->svc.smtp_url = value;
	else if (!strcmp(name, "smtp-user"))
		o->svc.smtp_user = value;
	else if (!strcmp(name, "smtp-password"))
		o->svc.smtp_password = value;
	else if (!strcmp(name, "smtp-from"))
		o->svc.smtp_from = value;
	else if (!strcmp(name, "smtp-starttls"))
		return set_bool(value, &o->svc.smtp_starttls);
	else if (!strcmp(name, "sms-url"))
		o->svc.sms_url = value;
	else if (!strcmp(name, "sms-token"))
		o->svc.sms_token = value;
	else if (!strcmp(name, "notify-retry-base-ms") && options_u64(value, 86400000, &v) && v > 0)
		o->svc.notify_retry_base_ms = (int64_t)v;
	else if (!strcmp(name, "notify-retry-cap-ms") && options_u64(value, 86400000, &v) && v > 0)
		o->svc.notify_retry_cap_ms = (int64_t)v;
	else if (!strcmp(name, "notify-attempts") && options_u64(value, 1000, &v) && v > 0)
		o->svc.notify_attempts = (int64_t)v;
	else if (!strcmp(name, "upload-max") && options_u64(value, 1ull << 34, &v) && v > 0)
		o->svc.upload_max = (size_t)v;
	else if (!strcmp(name, "upload-per-account") && options_u64(value, 100000, &v))
		o->svc.upload_per_account = (size_t)v;
	else if (!strcmp(name, "upload-per-ip") && options_u64(value, 100000, &v))
		o->svc.upload_per_ip = (size_t)v;
	else if (!strcmp(name, "login-max") && options_u64(value, 1000000, &v) && v > 0)
		o->svc.login_max_failures = (int64_t)v;
	else if (!strcmp(name, "booking-rate") && options_u64(value, 1000000, &v) && v > 0)
		o->svc.booking_rate_max = (int64_t)v;
	else if (!strcmp(name, "feedback-rate") && options_u64(value, 1000000, &v) && v > 0)
		o->svc.feedback_rate_max = (int64_t)v;
	else if (!strcmp(name, "feedback-days") && options_u64(value, 365, &v) && v > 0)
		o->svc.feedback_days = (int64_t)v;
	else if (!strcmp(name, "kiosk-rate") && options_u64(value, 1000000, &v) && v > 0)
		o->svc.kiosk_rate_max = (int64_t)v;
	else if (!strcmp(name, "login-ip-max") && options_u64(value, 1000000, &v) && v > 0)
		o->svc.login_ip_max = (int64_t)v;
	else if (!strcmp(name, "sweep-interval") && options_u64(value, 86400 * 30, &v))
		o->svc.sweep_interval = (int64_t)v;
	else if (!strcmp(name, "disk-min-free") && options_u64(value, UINT64_MAX, &v))
		o->svc.disk_min_free = v;
	else if (!strcmp(name, "payment-gateway-url"))
		o->svc.pay_gateway_url = value;
	else if (!strcmp(name, "payment-merchant"))
		o->svc.pay_merchant = value;
	else if (!strcmp(name, "oidc-issuer"))
		o->svc.oidc_issuer = value;
	else if (!strcmp(name, "oidc-client-id"))
		o->svc.oidc_client_id = value;
	else if (!strcmp(name, "oidc-id-claim"))
		o->svc.oidc_id_claim = value;
	else if (!strcmp(name, "oidc-name-claim"))
		o->svc.oidc_name_claim = value;
	else if (!strcmp(name, "oidc-scope"))
		o->svc.oidc_scope = value;
	else if (!strcmp(name, "oidc-jwks-refresh") && options_u64(value, 86400, &v))
		o->svc.oidc_jwks_refresh = (int64_t)v;
	else if (!strcmp(name, "login-window") && options_u64(value, 86400 * 30, &v) && v > 0)
		o->svc.login_window = (int64_t)v;
	else if (!strcmp(name, "token-ttl") && options_u64(value, 86400 * 30, &v) && v > 0)
		o->svc.token_ttl = (int64_t)v;
	else if (!strcmp(name, "staff-idle-timeout") && options_u64(value, 86400 * 30, &v))
		o->svc.staff_idle = (int64_t)v;
	else if (!strcmp(name, "track-cache") && options_u64(value, 1ull << 26, &v))
		o->svc.track_cache = (size_t)v;
	else if (!strcmp(name, "session-cache") && options_u64(value, 1ull << 20, &v))
		o->svc.session_cache = (size_t)v;
	else
		return false;
	return true;
}

static const char *const option_names[] = {
	"data", "listen", "database", "public-url", "web", "threads", "write-threads", "upload-max",
	"upload-per-account", "upload-per-ip", "body-max", "request-memory", "conn-limit",
	"per-ip-limit", "conn-timeout", "header-timeout", "header-max", "target-max",
	"body-min-rate", "body-rate-window", "stream-max", "stream-per-ip", "stream-reserved",
	"trusted-proxies", "metrics-allow", "secure-cookies",
	"login-max", "login-window", "token-ttl", "staff-idle-timeout", "track-cache",
	"login-ip-max", "sweep-interval", "disk-min-free", "oidc-issuer", "oidc-client-id",
	"oidc-id-claim", "oidc-name-claim", "oidc-scope", "oidc-jwks-refresh", "webhook-allow",
	"webhook-retry-base-ms", "webhook-retry-cap-ms", "webhook-attempts", "webhook-lease-ms",
	"smtp-url", "smtp-user", "smtp-password", "smtp-from", "smtp-starttls", "sms-url", "sms-token",
	"notify-retry-base-ms", "notify-retry-cap-ms", "notify-attempts", "portal-url",
	"portal-agency", "payment-gateway-url", "payment-merchant", "booking-rate", "kiosk-rate", "session-cache", NULL};

/* The variable of an option: MOTCUA_ and the name in capitals, except a few older names. */
static void env_name(const char *option, char *env, size_t cap)
{
	size_t j = (size_t)snprintf(env, cap, "MOTCUA_");
	for (const char *p = option; *p && j < cap - 1; p++)
		env[j++] = *p == '-' ? '_' : (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
	env[j] = '\0';
	if (!strcmp(option, "data"))
		snprintf(env, cap, "MOTCUA_DATA_DIR");
	else if (!strcmp(option, "database"))
		snprintf(env, cap, "MOTCUA_DATABASE_URL");
	else if (!strcmp(option, "web"))
		snprintf(env, cap, "MOTCUA_WEB_DIR");
}

/* What follows from the options together. */
static void derive(struct options *o)
{
	bool https = o->public_url && strncasecmp(o->public_url, "https://", 8) == 0;
	o->server.secure_cookies = o->secure_cookies || https;
	const char *token = getenv("MOTCUA_METRICS_TOKEN");
	o->server.metrics_token = token && *token ? token : NULL;
}

int options_parse(struct options *o, int argc, char **argv, int start)
{
	for (size_t i = 0; option_names[i]; i++) {
		char env[64];
		env_name(option_names[i], env, sizeof(env));
		const char *v = getenv(env);
		if (v && *v && !set_option(o, option_names[i], v)) {
			fprintf(stderr, "motcua: bad value for %s\n", env);
			return -1;
		}
	}
	const char *clock = getenv("MOTCUA_TEST_CLOCK");
	if (clock && *clock)
		o->test_clock = clock;
	int i = start;
	while (i < argc && strncmp(argv[i], "--", 2) == 0) {
		const char *name = argv[i] + 2;
		if (!strcmp(name, "help") || !*name)
			return i;
		if (!strcmp(name, "test-clock") && i + 1 < argc) {
			o->test_clock = argv[i + 1];
			i += 2;
			continue;
		}
		if (!strcmp(name, "secure-cookies")) { /* a flag without a value */
			o->secure_cookies = true;
			i++;
			continue;
		}
		if (i + 1 >= argc || !set_option(o, name, argv[i + 1])) {
			fprintf(stderr, "motcua: bad or unknown option --%s (see motcua --help)\n", name);
			return -1;
		}
		i += 2;
	}
	derive(o);
	return i;
}
