/* VNeID logins (oidc.h): the provider's discovered metadata and cached keys, the pending logins
 * (store/oidc_store.c) and the two steps of the code flow. The ID token's checks are
 * oidc_token.c's; HTTP is webclient.c's; the account and session are svc/citizens.c's. */
#include "base/base.h"

#include <sodium.h>

#include "base/civil.h"
#include "store/oidc_store.h"
#include "svc/citizens.h"
#include "svc/oidc.h"
#include "svc/webclient.h"
#include "store/db.h"

#define DISCOVERY_MAX (64 * 1024)
#define JWKS_MAX (256 * 1024)
#define TOKEN_ANSWER_MAX (64 * 1024)
#define DISCOVERY_RETRY 10 /* seconds before a failed discovery (or first key fetch) is retried */

struct oidc_provider {
	char *issuer, *client_id, *client_secret, *id_claim, *name_claim, *scope;
	int64_t jwks_refresh; /* least seconds between two fetches of the keys */
	int64_t pending_max;
	pthread_mutex_t fetch; /* one outbound fetch of metadata or keys at a time */
	pthread_mutex_t lock;  /* guards what follows; never held during I/O */
	bool discovered;       /* the three URLs are set, and never change again */
	char *authorize_url, *token_url, *jwks_url;
	int64_t discovery_failed_at;
	json_t *jwks;          /* replaced whole, never changed in place: readers hold a reference */
	int64_t jwks_tried_at; /* the last fetch of the keys, successful or not; 0 = never */
};

static bool claim_name_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	return n > 0 && n <= 64 && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
					   "0123456789_-.:/") == n;
}

/* Scope names separated by single spaces, "openid" among them. */
static bool scope_ok(const char *scope)
{
	size_t n = scope ? strlen(scope) : 0;
	bool openid = false;
	if (n == 0 || n > 512)
		return false;
	for (const char *w = scope; *w;) {
		size_t len = strspn(w, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
				       "_-.:/");
		if (len == 0 || (w[len] && (w[len] != ' ' || !w[len + 1])))
			return false;
		openid = openid || (len == 6 && strncmp(w, "openid", 6) == 0);
		w += len + (w[len] ? 1 : 0);
	}
	return openid;
}

const char *oidc_config_problem(const struct svc_config *cfg)
{
	if (!webc_url_ok(cfg->oidc_issuer) || strchr(cfg->oidc_issuer, '?') ||
	    strchr(cfg->oidc_issuer, '#'))
		return "--oidc-issuer must be an https URL without query (http only to this machine)";
	if (!cfg->oidc_client_id || !*cfg->oidc_client_id || strlen(cfg->oidc_client_id) > 255)
		return "--oidc-issuer needs --oidc-client-id (MOTCUA_OIDC_CLIENT_ID)";
	if (!cfg->oidc_client_secret || !*cfg->oidc_client_secret)
		return "--oidc-issuer needs the client secret in MOTCUA_OIDC_CLIENT_SECRET";
	if (!claim_name_ok(cfg->oidc_id_claim) || !claim_name_ok(cfg->oidc_name_claim))
		return "--oidc-id-claim and --oidc-name-claim must be claim names";
	if (!scope_ok(cfg->oidc_scope))
		return "--oidc-scope must be scope names separated by spaces, openid among them";
	return NULL;
}

struct oidc_provider *oidc_provider_new(const struct svc_config *cfg)
{
	if (!cfg->oidc_issuer || !*cfg->oidc_issuer)
		return NULL;
	struct oidc_provider *p = xcalloc(1, sizeof(*p));
	p->issuer = xstrdup(cfg->oidc_issuer);
	p->client_id = xstrdup(cfg->oidc_client_id ? cfg->oidc_client_id : "");
	p->client_secret = xstrdup(cfg->oidc_client_secret ? cfg->oidc_client_secret : "");
	p->id_claim = xstrdup(cfg->oidc_id_claim ? cfg->oidc_id_claim : "id_number");
	p->name_claim = xstrdup(cfg->oidc_name_claim ? cfg->oidc_name_claim : "name");
	p->scope = xstrdup(cfg->oidc_scope ? cfg->oidc_scope : "openid profile");
	p->jwks_refresh = cfg->oidc_jwks_refresh;
	p->pending_max = cfg->oidc_pending_max;
	pthread_mutex_init(&p->fetch, NULL);
	pthread_mutex_init(&p->lock, NULL);
	return p;
}

void oidc_provider_free(struct oidc_provider *p)
{
	if (!p)
		return;
	sodium_memzero(p->client_secret, strlen(p->client_secret));
	free(p->issuer);
	free(p->client_id);
	free(p->client_secret);
	free(p->id_claim);
	free(p->name_claim);
	free(p->scope);
	free(p->authorize_url);
	free(p->token_url);
	free(p->jwks_url);
	json_decref(p->jwks);
	pthread_mutex_destroy(&p->fetch);
	pthread_mutex_destroy(&p->lock);
	free(p);
}

bool oidc_enabled(struct svc_state *s)
{
	return s->oidc != NULL;
}

/* Reads a JSON object answered with 200. */
static json_t *json_answer(struct arena *a, const struct webc_answer *ans, const char *what,
			   const char **why)
{
	if (ans->status != 200) {
		*why = arena_printf(a, "%s answered HTTP %ld", what, ans->status);
		return NULL;
	}
	json_t *o = json_loadb(ans->body, ans->len, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_object(o)) {
		json_decref(o);
		*why = arena_printf(a, "%s answered something other than a JSON object", what);
		return NULL;
	}
	return o;
}

/* Takes the endpoints from a discovery document after checking that it is the provider's own. */
static enum mc_err use_metadata(struct svc_ctx *ctx, struct oidc_provider *p, json_t *doc,
				const char **why)
{
	const char *iss = json_string_value(json_object_get(doc, "issuer"));
	const char *authz = json_string_value(json_object_get(doc, "authorization_endpoint"));
	const char *token = json_string_value(json_object_get(doc, "token_endpoint"));
	const char *jwks = json_string_value(json_object_get(doc, "jwks_uri"));
	json_t *methods = json_object_get(doc, "code_challenge_methods_supported"), *m;
	size_t i;
	bool s256 = !methods;
	json_array_foreach(methods, i, m) {
		if (json_is_string(m) && strcmp(json_string_value(m), "S256") == 0)
			s256 = true;
	}
	if (!iss || strcmp(iss, p->issuer) != 0)
		*why = arena_printf(ctx->arena, "discovery names issuer \"%s\", not the configured one",
				    iss ? iss : "(none)");
	else if (!webc_url_ok(authz) || !webc_url_ok(token) || !webc_url_ok(jwks) ||
		 strchr(authz, '#'))
		*why = "discovery lacks an https authorization, token or jwks endpoint";
	else if (!s256)
		*why = "the provider does not support PKCE with S256";
	else {
		pthread_mutex_lock(&p->lock);
		p->authorize_url = xstrdup(authz);
		p->token_url = xstrdup(token);
		p->jwks_url = xstrdup(jwks);
		p->discovered = true;
		pthread_mutex_unlock(&p->lock);
		return MC_OK;
	}
	return MC_EIO;
}

/* Fetches the discovery document once; a failure is retried after DISCOVERY_RETRY seconds. */
static enum mc_err discover(struct svc_ctx *ctx, struct oidc_provider *p, const char **why)
{
	struct webc_answer ans;
	enum mc_err err = MC_OK;
	pthread_mutex_lock(&p->fetch);
	pthread_mutex_lock(&p->lock);
	bool done = p->discovered;
	bool wait = p->discovery_failed_at && ctx->real_now - p->discovery_failed_at < DISCOVERY_RETRY;
	pthread_mutex_unlock(&p->lock);
	if (done || wait) {
		pthread_mutex_unlock(&p->fetch);
		if (!done)
			*why = "the provider's discovery failed moments ago";
		return done ? MC_OK : MC_EIO;
	}
	size_t n = strlen(p->issuer);
	const char *url = arena_printf(ctx->arena, "%.*s/.well-known/openid-configuration",
				       (int)(n && p->issuer[n - 1] == '/' ? n - 1 : n), p->issuer);
	err = webc_get(ctx->arena, url, DISCOVERY_MAX, &ans, why);
	json_t *doc = err ? NULL : json_answer(ctx->arena, &ans, "discovery", why);
	err = doc ? use_metadata(ctx, p, doc, why) : MC_EIO;
	json_decref(doc);
	if (err) {
		pthread_mutex_lock(&p->lock);
		p->discovery_failed_at = ctx->real_now;
		pthread_mutex_unlock(&p->lock);
	}
	pthread_mutex_unlock(&p->fetch);
	return err;
}

/* The provider's keys (a new reference in *out). With renew, the cached ones are replaced by a
 * fresh fetch unless one happened less than jwks_refresh seconds ago; *renewed tells. */
static enum mc_err jwks_get(struct svc_ctx *ctx, struct oidc_provider *p, bool renew,
			    json_t **out, bool *renewed, const char **why)
{
	struct webc_answer ans;
	*renewed = false;
	pthread_mutex_lock(&p->fetch);
	pthread_mutex_lock(&p->lock);
	json_t *cached = json_incref(p->jwks);
	/* With no keys at all (the first fetch failed), waiting the whole interval would refuse
	 * every login meanwhile: retry sooner. */
	int64_t interval = cached || p->jwks_refresh < DISCOVERY_RETRY ? p->jwks_refresh
								      : DISCOVERY_RETRY;
	bool may = !p->jwks_tried_at || ctx->real_now - p->jwks_tried_at >= interval;
	pthread_mutex_unlock(&p->lock);
	if ((cached && !renew) || !may) {
		pthread_mutex_unlock(&p->fetch);
		*out = cached;
		*why = "the provider's keys were fetched moments ago";
		return cached ? MC_OK : MC_EIO;
	}
	enum mc_err err = webc_get(ctx->arena, p->jwks_url, JWKS_MAX, &ans, why);
	json_t *jwks = err ? NULL : json_answer(ctx->arena, &ans, "jwks_uri", why);
	if (jwks && !json_is_array(json_object_get(jwks, "keys"))) {
		*why = "jwks_uri answered no \"keys\" array";
		json_decref(jwks);
		jwks = NULL;
	}
	pthread_mutex_lock(&p->lock);
	p->jwks_tried_at = ctx->real_now;
	if (jwks) {
		json_decref(p->jwks);
		p->jwks = json_incref(jwks);
	}
	pthread_mutex_unlock(&p->lock);
	pthread_mutex_unlock(&p->fetch);
	*renewed = jwks != NULL;
	*out = jwks ? jwks : cached;
	if (jwks)
		json_decref(cached);
	return *out ? MC_OK : MC_EIO;
}

/* Where the web UI may send the browser after a login: a hash route of the UI, nothing else. */
static bool return_to_ok(const char *s)
{
	if (strncmp(s, "/#/", 3) != 0 || strlen(s) > OIDC_RETURN_MAX)
		return false;
	for (const char *c = s; *c; c++)
		if (*c < 0x21 || *c > 0x7e || strchr("\\\"'<>`", *c))
			return false;
	return true;
}

static void random_b64(char out[44])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, 44, raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

static void state_hash(const char *state, unsigned char out[OIDC_STATE_HASH_LEN])
{
	crypto_generichash(out, OIDC_STATE_HASH_LEN, (const unsigned char *)state, strlen(state),
			   NULL, 0);
}

static const char *redirect_uri(struct svc_ctx *ctx)
{
	char base[256];
	svc_public_url(ctx->state, base);
	return arena_printf(ctx->arena, "%s/auth/oidc/callback", base);
}

struct pending_args {
	const unsigned char *hash; /* of the state */
	const struct oidc_pending *in; /* to store */
	struct oidc_pending *out;      /* taken */
};

static enum mc_err store_pending_tx(struct svc_ctx *ctx, void *arg)
{
	struct pending_args *a = arg;
	int64_t left = 0;
	enum mc_err err = oidcstore_prune(ctx->db, ctx->real_now - OIDC_PENDING_TTL, &left);
	if (!err && left >= ctx->state->oidc->pending_max)
		err = MC_EBUSY;
	if (!err)
		err = oidcstore_insert(ctx->db, a->hash, a->in);
	return err;
}

static enum mc_err take_pending_tx(struct svc_ctx *ctx, void *arg)
{
	struct pending_args *a = arg;
	return oidcstore_take(ctx->db, a->hash, a->out);
}

/* Stores the pending login after dropping the expired ones; MC_EBUSY at the cap. */
static enum mc_err store_pending(struct svc_ctx *ctx, const char *state,
				 const struct oidc_pending *pend)
{
	unsigned char hash[OIDC_STATE_HASH_LEN];
	state_hash(state, hash);
	struct pending_args a = {hash, pend, NULL};
	return svc_write(ctx, store_pending_tx, &a);
}

enum mc_err oidc_begin(struct svc_ctx *ctx, const char *return_to, const char **url,
		       const char **state_out, const char **why)
{
	struct oidc_provider *p = ctx->state->oidc;
	struct oidc_pending pend;
	char state[44];
	unsigned char challenge[crypto_hash_sha256_BYTES];
	char challenge64[44];
	*why = "";
	if (!p)
		return MC_ENOTFOUND;
	if (return_to && *return_to && !return_to_ok(return_to)) {
		problem_add(ctx->problem, "return_to", "must be a path of the web UI starting with /#/",
			    "địa chỉ quay lại phải là một trang của ứng dụng, bắt đầu bằng /#/");
		return MC_EINVAL;
	}
	enum mc_err err = discover(ctx, p, why);
	if (err)
		return err;
	memset(&pend, 0, sizeof(pend));
	random_b64(state);
	random_b64(pend.nonce);
	random_b64(pend.verifier);
	snprintf(pend.return_to, sizeof(pend.return_to), "%s", return_to ? return_to : "");
	pend.created_at = ctx->real_now;
	crypto_hash_sha256(challenge, (const unsigned char *)pend.verifier, strlen(pend.verifier));
	sodium_bin2base64(challenge64, sizeof(challenge64), challenge, sizeof(challenge),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	err = store_pending(ctx, state, &pend);
	if (err == MC_EBUSY)
		*why = "too many logins are waiting for the provider";
	if (err)
		return err;
	struct arena *a = ctx->arena;
	*url = arena_printf(a,
			    "%s%cresponse_type=code&client_id=%s&redirect_uri=%s&scope=%s&state=%s"
			    "&nonce=%s&code_challenge=%s&code_challenge_method=S256",
			    p->authorize_url, strchr(p->authorize_url, '?') ? '&' : '?',
			    webc_escape(a, p->client_id), webc_escape(a, redirect_uri(ctx)),
			    webc_escape(a, p->scope), state, pend.nonce, challenge64);
	*state_out = arena_strdup(a, state);
	sodium_memzero(&pend, sizeof(pend));
	return MC_OK;
}

/* A value the provider put in the callback URL, fit to be logged: at most 64 characters of
 * [A-Za-z0-9_.-], the rest replaced. */
static const char *loggable(struct arena *a, const char *s)
{
	char *out = arena_strndup(a, s, 64);
	for (char *c = out; *c; c++)
		if (!((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
		      *c == '_' || *c == '.' || *c == '-'))
			*c = '?';
	return out;
}

static bool printable_token(const char *s, size_t min, size_t max)
{
	size_t n = s ? strlen(s) : 0;
	if (n < min || n > max)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < 0x21 || s[i] > 0x7e)
			return false;
	return true;
}

/* Takes the pending login of the answer's state: once, and only while it is fresh. */
static enum mc_err take_pending(struct svc_ctx *ctx, const struct oidc_answer *ans,
				struct oidc_pending *pend, const char **why)
{
	unsigned char hash[OIDC_STATE_HASH_LEN];
	if (!printable_token(ans->state, 43, 43)) {
		*why = "the callback has no state of ours";
		return MC_EAUTH;
	}
	if (!ans->browser_state || strlen(ans->browser_state) != 43 ||
	    sodium_memcmp(ans->browser_state, ans->state, 43) != 0) {
		*why = "the state is not the one this browser was given";
		return MC_EAUTH;
	}
	state_hash(ans->state, hash);
	struct pending_args a = {hash, NULL, pend};
	enum mc_err err = svc_write(ctx, take_pending_tx, &a);
	if (err == MC_ENOTFOUND) {
		*why = "unknown or already used state";
		return MC_EAUTH;
	}
	if (!err && pend->created_at + OIDC_PENDING_TTL < ctx->real_now) {
		*why = "the pending login expired";
		return MC_EAUTH;
	}
	return err;
}

/* Exchanges the code for tokens (client_secret_basic, with the PKCE verifier); *id_token gets
 * the ID token (in the arena). */
static enum mc_err exchange(struct svc_ctx *ctx, struct oidc_provider *p, const char *code,
			    const char *verifier, const char **id_token, const char **why)
{
	struct arena *a = ctx->arena;
	struct webc_answer ans;
	char *form = arena_printf(a, "grant_type=authorization_code&code=%s&redirect_uri=%s"
				     "&code_verifier=%s",
				  webc_escape(a, code), webc_escape(a, redirect_uri(ctx)), verifier);
	enum mc_err err = webc_post_form(a, p->token_url, p->client_id, p->client_secret, form,
					 TOKEN_ANSWER_MAX, &ans, why);
	sodium_memzero(form, strlen(form));
	if (err)
		return err == MC_EINVAL ? MC_EIO : err;
	json_t *o = json_loadb(ans.body, ans.len, JSON_REJECT_DUPLICATES, NULL);
	const char *tok = json_string_value(json_object_get(o, "id_token"));
	if (ans.status != 200 || !tok) {
		const char *e = json_string_value(json_object_get(o, "error"));
		*why = arena_printf(a, "the token endpoint answered HTTP %ld%s%s", ans.status,
				    e ? ", error " : " without an id_token", e ? loggable(a, e) : "");
		err = MC_EAUTH;
	} else {
		*id_token = arena_strdup(a, tok);
	}
	json_decref(o);
	sodium_memzero(ans.body, ans.len);
	return err;
}

/* Checks the ID token; on an unknown key, renews the keys once (the provider may have rotated
 * them) and checks again. */
static enum mc_err check_token(struct svc_ctx *ctx, struct oidc_provider *p, const char *token,
			       const struct oidc_pending *pend, struct oidc_identity *id,
			       const char **why)
{
	json_t *jwks = NULL;
	bool renewed = false;
	int y, m, d;
	civil_ymd(civil_local_day(ctx->now), &y, &m, &d);
	struct oidc_expect e = {.issuer = p->issuer, .client_id = p->client_id,
				.nonce = pend->nonce, .id_claim = p->id_claim,
				.name_claim = p->name_claim, .now = ctx->real_now, .current_year = y};
	enum mc_err err = jwks_get(ctx, p, false, &jwks, &renewed, why);
	if (err)
		return err;
	enum oidc_verdict v = oidc_token_check(token, strlen(token), jwks, &e, id);
	if (v == OIDC_KID_UNKNOWN) {
		json_decref(jwks);
		jwks = NULL;
		err = jwks_get(ctx, p, true, &jwks, &renewed, why);
		if (!err && renewed)
			v = oidc_token_check(token, strlen(token), jwks, &e, id);
	}
	json_decref(jwks);
	if (err)
		return err;
	if (v != OIDC_OK) {
		*why = arena_printf(ctx->arena, "the ID token was refused: %s", oidc_verdict_name(v));
		return MC_EAUTH;
	}
	return MC_OK;
}

enum mc_err oidc_finish(struct svc_ctx *ctx, const struct oidc_answer *a, struct auth_session *out,
			const char **return_to, const char **why)
{
	struct oidc_provider *p = ctx->state->oidc;
	struct oidc_pending pend;
	struct oidc_identity id;
	const char *token = NULL;
	*why = "";
	*return_to = NULL;
	if (!p)
		return MC_ENOTFOUND;
	memset(&pend, 0, sizeof(pend));
	enum mc_err err = take_pending(ctx, a, &pend, why);
	if (err)
		goto out;
	err = MC_EAUTH;
	if (a->error)
		*why = arena_printf(ctx->arena, "the provider answered error %s",
				    loggable(ctx->arena, a->error));
	else if (a->iss && strcmp(a->iss, p->issuer) != 0)
		*why = "the answer's iss is another issuer";
	else if (!printable_token(a->code, 1, 2048))
		*why = "the callback has no usable code";
	else
		err = discover(ctx, p, why);
	if (!err)
		err = exchange(ctx, p, a->code, pend.verifier, &token, why);
	if (!err)
		err = check_token(ctx, p, token, &pend, &id, why);
	if (err)
		goto out;
	err = citizens_login_verified(ctx, id.id_number, id.full_name, "vneid", id.subject, out);
	if (err == MC_EINVAL)
		*why = "the citizens' rules refused the provider's ID number or name";
	else if (err)
		*why = "the verified citizen's account or session could not be written";
	else if (pend.return_to[0])
		*return_to = arena_strdup(ctx->arena, pend.return_to);
out:
	sodium_memzero(&pend, sizeof(pend));
	sodium_memzero(&id, sizeof(id));
	return err;
}
