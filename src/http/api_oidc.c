/* Login with the national identity provider (VNeID) over HTTP: the providers the login page may
 * offer, the redirect to the provider and its callback, which ends in the same cookie session as
 * a password login with X-Session: cookie. The protocol is svc/oidc.c's; the two browser routes
 * run on the slow pool because they call the provider. */
#include "base/base.h"

#include "base/log.h"
#include "http/http.h"
#include "svc/oidc.h"

/* Where the browser lands when a VNeID login fails: the login page, which explains. */
#define LOGIN_FAILED "/#/dang-nhap?loi=vneid"
#define LANDING "/#/ho-so"

static void get_providers(struct req *r)
{
	json_t *items = json_array();
	if (oidc_enabled(r->ctx.state))
		json_array_append_new(items, json_pack("{s:s, s:s, s:s}", "id", "vneid", "name", "VNeID",
						       "login_url", "/auth/oidc/login"));
	resp_json(r, 200, json_pack("{s:o}", "items", items));
}

/* Cookies of a server reached over https (or told --secure-cookies) say so. */
static const char *secure_attr(struct req *r)
{
	return server_secure_cookies(r->srv) ? "; Secure" : "";
}

static bool enabled_or_reply(struct req *r)
{
	if (oidc_enabled(r->ctx.state))
		return false;
	resp_problem(r, 404, "no identity provider is configured",
		     "chưa cấu hình đăng nhập bằng VNeID");
	return true;
}

static void get_login(struct req *r)
{
	const char *url = NULL, *state = NULL, *why = "";
	if (enabled_or_reply(r))
		return;
	enum mc_err err = oidc_begin(&r->ctx, req_arg_set(r, "return_to"), &url, &state, &why);
	if (err == MC_EINVAL) {
		resp_err(r, err);
		return;
	}
	if (err) {
		log_warn("rid=%s vneid login not started: %s (%s)", r->rid, why, mc_err_name(err));
		resp_redirect(r, LOGIN_FAILED);
		return;
	}
	/* Lax, not Strict: the provider sends the browser back with a cross-site navigation. */
	r->set_cookie = arena_printf(&r->arena,
				     "motcua_oidc=%s; Path=/auth/oidc; HttpOnly; SameSite=Lax; "
				     "Max-Age=%d%s",
				     state, OIDC_PENDING_TTL, secure_attr(r));
	resp_redirect(r, url);
}

static void get_callback(struct req *r)
{
	const char *return_to = NULL, *why = "";
	if (enabled_or_reply(r))
		return;
	struct oidc_answer a = {.code = req_arg(r, "code"), .state = req_arg(r, "state"),
				.iss = req_arg(r, "iss"), .error = req_arg(r, "error"),
				.browser_state = r->h_oidc_state};
	struct auth_session *s = arena_alloc(&r->arena, sizeof(*s));
	enum mc_err err = oidc_finish(&r->ctx, &a, s, &return_to, &why);
	r->set_cookie2 = arena_printf(&r->arena,
				      "motcua_oidc=; Path=/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=0%s",
				      secure_attr(r));
	if (err) {
		log_warn("rid=%s vneid login refused: %s (%s)", r->rid, why, mc_err_name(err));
		resp_redirect(r, LOGIN_FAILED);
		return;
	}
	/* The cookie of POST /auth/login with X-Session: cookie (api_auth.c), which the web UI's
	 * session recovery (GET /me) picks up. */
	session_cookie(r, s);
	resp_redirect(r, return_to ? return_to : LANDING);
}

const struct route api_oidc_routes[] = {
	{"GET", "/api/v1/auth/providers", get_providers, 0},
	{"GET", "/auth/oidc/login", get_login, R_SLOW},
	{"GET", "/auth/oidc/callback", get_callback, R_SLOW},
	{NULL, NULL, NULL, 0},
};
