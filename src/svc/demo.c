/* Demo accounts. Idempotent: an account that exists is left as it is. */
#include "base/base.h"

#include "svc/audit.h"
#include "svc/auth.h"
#include "svc/demo.h"
#include "store/db.h"
#include "store/user_store.h"
#include "store/workflow_store.h"

struct demo_account {
	const char *username, *full_name, *id_number, *role, *unit;
};

static const struct demo_account accounts[] = {
	{"quanly.trungtam", "Trần Minh Quân", NULL, "center_manager", "000.00.01.H26"},
	{"tiepnhan.hoankiem", "Lê Thu Trang", NULL, "receiver", "001.01.50.H26"},
	{"tiepnhan.cuanam", "Phạm Đức Anh", NULL, "receiver", "002.01.50.H26"},
	{"xuly.hoankiem", "Hoàng Văn Bình", NULL, "processor", "001.00.50.H26"},
	{"lanhdao.hoankiem", "Đỗ Thị Lan", NULL, "approver", "001.00.50.H26"},
	{"quanly.hoankiem", "Vũ Quốc Huy", NULL, "unit_manager", "001.00.50.H26"},
	{"tiepnhan.badinh", "Ngô Thanh Hà", NULL, "receiver", "003.01.50.H26"},
	{"tiepnhan.trungtam", "Lý Thu Phương", NULL, "receiver", "000.00.01.H26"},
	{"xuly.cuanam", "Bùi Minh Tuấn", NULL, "processor", "002.00.50.H26"},
	{"lanhdao.cuanam", "Đặng Thu Hương", NULL, "approver", "002.00.50.H26"},
	{"001190012345", "Nguyễn Thị Hằng", "001190012345", "citizen", NULL},
	{"001085004321", "Trần Văn Nam", "001085004321", "citizen", NULL},
};

const char *demo_password_rule(const char *password, const char **message_vi)
{
	for (size_t i = 0; i < MC_ARRAY_LEN(accounts); i++) {
		const char *rule = auth_password_rule(password, accounts[i].username,
						      accounts[i].id_number, message_vi);
		if (rule)
			return rule;
	}
	return NULL;
}

static enum mc_err seed_one(struct db *db, const struct demo_account *a, const char *hash,
			    int64_t now, int *created)
{
	struct user u;
	struct user_role role;
	enum mc_err err = userstore_by_name(db, a->username, &u);
	if (err != MC_ENOTFOUND)
		return err;
	memset(&u, 0, sizeof(u));
	memset(&role, 0, sizeof(role));
	snprintf(u.username, sizeof(u.username), "%s", a->username);
	snprintf(u.full_name, sizeof(u.full_name), "%s", a->full_name);
	snprintf(u.id_number, sizeof(u.id_number), "%s", a->id_number ? a->id_number : "");
	snprintf(u.password_hash, sizeof(u.password_hash), "%s", hash);
	bool citizen = strcmp(a->role, "citizen") == 0;
	if (citizen) { /* verified at the Hoàn Kiếm counter, so they see their counter dossiers */
		snprintf(u.login, sizeof(u.login), "%s", a->id_number);
		snprintf(u.identity, sizeof(u.identity), "unverified");
	}
	err = auth_insert_account(db, &u, now);
	struct user_verification v = {.via = "counter", .by = "tiepnhan.hoankiem",
				      .unit = "001.01.50.H26", .paper = "cccd", .at = now};
	if (!err && citizen)
		err = userstore_set_verified(db, u.id, &v);
	snprintf(role.role, sizeof(role.role), "%s", a->role);
	snprintf(role.unit, sizeof(role.unit), "%s", a->unit ? a->unit : "");
	if (!err)
		err = userstore_add_role(db, u.id, &role);
	if (!err) {
		char entity[160];
		snprintf(entity, sizeof(entity), "user:%s", a->username);
		err = audit_append_as(db, now, "system", a->unit, "create_user", entity,
				      "{\"demo\":true}");
	}
	if (!err)
		(*created)++;
	return err;
}

/* One delegated procedure (docs/decisions.md "Delegation"): certified copies of civil status
 * extracts (2.000635) decided under a delegation of the city's Department of Justice, in force from
 * 2026-01-01 with no end. Seeded once. */
#define DEMO_DELEGATED_PROCEDURE "2.000635"

static void count_one(const struct delegation *g, void *arg)
{
	MC_UNUSED(g);
	(*(int *)arg)++;
}

static enum mc_err seed_delegation(struct svc_ctx *ctx)
{
	int n = 0;
	enum mc_err err = wstore_delegations(ctx->db, ctx->arena, DEMO_DELEGATED_PROCEDURE, 0, 1,
					     count_one, &n);
	if (err || n)
		return err;
	struct delegation g = {
		.delegating_name = "Sở Tư pháp thành phố Hà Nội",
		.decision_number = "01/QĐ-STP",
		.valid_from = 1767200400, /* 2026-01-01T00:00:00+07:00 */
		.created_at = ctx->now,
		.created_by = "system",
	};
	str_copy(g.procedure_code, sizeof(g.procedure_code), DEMO_DELEGATED_PROCEDURE);
	str_copy(g.decision_date, sizeof(g.decision_date), "2025-12-26");
	err = wstore_delegation_insert(ctx->db, &g);
	if (!err)
		err = audit_append_as(ctx->db, ctx->now, "system", NULL, "create_delegation",
				      arena_printf(ctx->arena, "delegation:%lld", (long long)g.id),
				      "{\"demo\":true}");
	return err;
}

struct seed_args {
	const char *hash; /* of the shared password */
	int *created;
};

static enum mc_err seed_tx(struct svc_ctx *ctx, void *arg)
{
	struct seed_args *a = arg;
	enum mc_err err = MC_OK;
	for (size_t i = 0; !err && i < MC_ARRAY_LEN(accounts); i++)
		err = seed_one(ctx->db, &accounts[i], a->hash, ctx->now, a->created);
	return err ? err : seed_delegation(ctx);
}

enum mc_err demo_seed(struct svc_ctx *ctx, const char *password, int *created)
{
	char hash[160];
	struct seed_args a = {hash, created};
	*created = 0;
	enum mc_err err = auth_hash_password(&ctx->state->cfg, password, hash);
	if (!err)
		err = svc_write(ctx, seed_tx, &a);
	return err;
}
