/* SQL for signing_certs and result_signatures (sql/sqlite/0021_signing.sql and its pg twin). */
#include "base/base.h"

#include "store/signing_store.h"

static const char SQL_SUPERSEDE[] =
	"UPDATE signing_certs SET superseded_at = $2 WHERE unit = $1 AND superseded_at IS NULL";
static const char SQL_CERT_INSERT[] =
	"INSERT INTO signing_certs (unit, fingerprint, subject, common_name, issuer, serial, "
	"valid_from, valid_to, cert_pem, chain_pem, key_sealed, test, imported_by, imported_at) "
	"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id";

enum mc_err sstore_cert_insert(struct db *db, struct signing_cert *c, int64_t now)
{
	struct db_stmt *st = db_prepare(db, SQL_SUPERSEDE);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, c->unit, SIZE_MAX);
	db_bind_int(st, 2, now);
	enum mc_err err = db_run(st);
	if (err)
		return err;
	if (!(st = db_prepare_insert(db, SQL_CERT_INSERT)))
		return MC_EDB;
	db_bind_text(st, 1, c->unit, SIZE_MAX);
	db_bind_text(st, 2, c->fingerprint, SIZE_MAX);
	db_bind_text(st, 3, c->subject, SIZE_MAX);
	db_bind_text(st, 4, c->common_name, SIZE_MAX);
	db_bind_text(st, 5, c->issuer, SIZE_MAX);
	db_bind_text(st, 6, c->serial, SIZE_MAX);
	db_bind_int(st, 7, c->valid_from);
	db_bind_int(st, 8, c->valid_to);
	db_bind_text(st, 9, c->cert_pem, SIZE_MAX);
	db_bind_text(st, 10, c->chain_pem, SIZE_MAX);
	db_bind_text(st, 11, c->key_sealed, SIZE_MAX);
	db_bind_int(st, 12, c->test ? 1 : 0);
	db_bind_text(st, 13, c->imported_by, SIZE_MAX);
	db_bind_int(st, 14, now);
	c->imported_at = now;
	c->superseded_at = 0;
	return db_insert_id(st, &c->id);
}

#define CERT_COLUMNS                                                                           \
	"id, unit, fingerprint, subject, common_name, issuer, serial, valid_from, valid_to, "   \
	"cert_pem, chain_pem, key_sealed, test, imported_by, imported_at, superseded_at "

static const char *dup(struct arena *a, struct db_stmt *st, int col)
{
	const char *s = db_col_text(st, col);
	return arena_strdup(a, s ? s : "");
}

static void read_cert(struct db_stmt *st, struct arena *a, struct signing_cert *c)
{
	memset(c, 0, sizeof(*c));
	c->id = db_col_int(st, 0);
	db_col_copy(st, 1, c->unit, sizeof(c->unit));
	db_col_copy(st, 2, c->fingerprint, sizeof(c->fingerprint));
	c->subject = dup(a, st, 3);
	c->common_name = dup(a, st, 4);
	c->issuer = dup(a, st, 5);
	c->serial = dup(a, st, 6);
	c->valid_from = db_col_int(st, 7);
	c->valid_to = db_col_int(st, 8);
	c->cert_pem = dup(a, st, 9);
	c->chain_pem = dup(a, st, 10);
	c->key_sealed = dup(a, st, 11);
	c->test = db_col_int(st, 12) != 0;
	c->imported_by = dup(a, st, 13);
	c->imported_at = db_col_int(st, 14);
	c->superseded_at = db_col_int0(st, 15);
}

static const char SQL_CURRENT[] = "SELECT " CERT_COLUMNS
				  "FROM signing_certs WHERE unit = $1 AND superseded_at IS NULL";

enum mc_err sstore_cert_current(struct db *db, struct arena *a, const char *unit,
				struct signing_cert *out)
{
	struct db_stmt *st = db_prepare(db, SQL_CURRENT);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, unit, SIZE_MAX);
	enum mc_err err = db_step_one(st);
	if (err)
		return err;
	read_cert(st, a, out);
	return db_run(st);
}

static const char SQL_BY_FINGERPRINT[] = "SELECT " CERT_COLUMNS
					 "FROM signing_certs WHERE fingerprint = $1";

enum mc_err sstore_cert_by_fingerprint(struct db *db, struct arena *a, const char *fingerprint,
				       struct signing_cert *out)
{
	struct db_stmt *st = db_prepare(db, SQL_BY_FINGERPRINT);
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, fingerprint, SIZE_MAX);
	enum mc_err err = db_step_one(st);
	if (err)
		return err;
	read_cert(st, a, out);
	return db_run(st);
}

static const char SQL_LIST[] = "SELECT " CERT_COLUMNS
			       "FROM signing_certs WHERE unit = $1 AND ($2 = 0 OR id < $2) "
			       "ORDER BY id DESC LIMIT $3";

enum mc_err sstore_cert_list(struct db *db, struct arena *a, const char *unit, int64_t before,
			     size_t limit, void (*fn)(const struct signing_cert *c, void *arg),
			     void *arg)
{
	struct db_stmt *st = db_prepare(db, SQL_LIST);
	bool row;
	enum mc_err err;
	if (!st)
		return MC_EDB;
	db_bind_text(st, 1, unit, SIZE_MAX);
	db_bind_int(st, 2, before);
	db_bind_int(st, 3, (int64_t)limit);
	while (!(err = db_step(st, &row)) && row) {
		struct signing_cert c;
		read_cert(st, a, &c);
		fn(&c, arg);
	}
	return err;
}

static const char SQL_IN_FORCE[] = "SELECT " CERT_COLUMNS
				   "FROM signing_certs WHERE superseded_at IS NULL ORDER BY unit";

enum mc_err sstore_cert_in_force(struct db *db, struct arena *a,
				 void (*fn)(const struct signing_cert *c, void *arg), void *arg)
{
	struct db_stmt *st = db_prepare(db, SQL_IN_FORCE);
	bool row;
	enum mc_err err;
	if (!st)
		return MC_EDB;
	while (!(err = db_step(st, &row)) && row) {
		struct signing_cert c;
		read_cert(st, a, &c);
		fn(&c, arg);
	}
	return err;
}

static const char SQL_DECIDING[] =
	"SELECT unit_code FROM user_roles WHERE role = 'approver' AND unit_code IS NOT NULL "
	"UNION SELECT code FROM units WHERE kind = 'center' ORDER BY 1";

enum mc_err sstore_deciding_units(struct db *db, void (*fn)(const char *unit, void *arg),
				  void *arg)
{
	struct db_stmt *st = db_prepare(db, SQL_DECIDING);
	bool row;
	enum mc_err err;
	if (!st)
		return MC_EDB;
	while (!(err = db_step(st, &row)) && row)
		fn(db_col_text(st, 0), arg);
	return err;
}

static const char SQL_SIG_INSERT[] =
	"INSERT INTO result_signatures (dossier_id, original_document, signed_document, unit, "
	"fingerprint, signer, signed_at) VALUES ($1, $2, $3, $4, $5, $6, $7) "
	"ON CONFLICT (dossier_id) DO UPDATE SET original_document = excluded.original_document, "
	"signed_document = excluded.signed_document, unit = excluded.unit, "
	"fingerprint = excluded.fingerprint, signer = excluded.signer, "
	"signed_at = excluded.signed_at";

enum mc_err sstore_sig_insert(struct db *db, const struct result_signature *s)
{
	struct db_stmt *st = db_prepare(db, SQL_SIG_INSERT);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, s->dossier_id);
	db_bind_text(st, 2, s->original_document, SIZE_MAX);
	db_bind_text(st, 3, s->signed_document, SIZE_MAX);
	db_bind_text(st, 4, s->unit, SIZE_MAX);
	db_bind_text(st, 5, s->fingerprint, SIZE_MAX);
	db_bind_text(st, 6, s->signer, SIZE_MAX);
	db_bind_int(st, 7, s->signed_at);
	return db_run(st);
}

static const char SQL_SIG_OF_DOSSIER[] =
	"SELECT original_document, signed_document, unit, fingerprint, signer, signed_at "
	"FROM result_signatures WHERE dossier_id = $1";

enum mc_err sstore_sig_of_dossier(struct db *db, struct arena *a, int64_t dossier_id,
				  struct result_signature *out)
{
	struct db_stmt *st = db_prepare(db, SQL_SIG_OF_DOSSIER);
	if (!st)
		return MC_EDB;
	db_bind_int(st, 1, dossier_id);
	enum mc_err err = db_step_one(st);
	if (err)
		return err;
	memset(out, 0, sizeof(*out));
	out->dossier_id = dossier_id;
	db_col_copy(st, 0, out->original_document, sizeof(out->original_document));
	db_col_copy(st, 1, out->signed_document, sizeof(out->signed_document));
	db_col_copy(st, 2, out->unit, sizeof(out->unit));
	db_col_copy(st, 3, out->fingerprint, sizeof(out->fingerprint));
	out->signer = dup(a, st, 4);
	out->signed_at = db_col_int(st, 5);
	return db_run(st);
}
