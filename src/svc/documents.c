/* Documents: upload, access, attachment to dossiers and reuse. libmagic reads the type from the
 * bytes; each thread has its own handle (libmagic is not thread-safe), opened on first use. */
#include "base/base.h"

#include <magic.h>
#include <pthread.h>
#include <sodium.h>

#include "base/civil.h"
#include "domain/idnum.h"
#include "domain/text.h"
#include "store/blob_store.h"
#include "store/dossier_store.h"
#include "svc/audit.h"
#include "svc/citizens.h"
#include "svc/documents.h"
#include "svc/dossier_access.h"
#include "svc/perm.h"
#include "svc/uploads.h"
#include "store/db.h"
#include "store/document_store.h"

/* One libmagic handle per thread, closed when the thread ends (the key is created once). */
static pthread_key_t magic_key;
static pthread_once_t magic_once = PTHREAD_ONCE_INIT;

static void close_magic(void *m)
{
	magic_close(m);
}

static void make_key(void)
{
	pthread_key_create(&magic_key, close_magic);
}

/* This thread's libmagic handle (made on first use). */
static magic_t thread_magic(void)
{
	pthread_once(&magic_once, make_key);
	magic_t m = pthread_getspecific(magic_key);
	if (!m) {
		m = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS | MAGIC_NO_CHECK_TAR |
			       MAGIC_NO_CHECK_ELF | MAGIC_NO_CHECK_CDF | MAGIC_NO_CHECK_TEXT |
			       MAGIC_NO_CHECK_ENCODING | MAGIC_NO_CHECK_JSON | MAGIC_NO_CHECK_CSV |
			       MAGIC_NO_CHECK_APPTYPE | MAGIC_NO_CHECK_TOKENS);
		if (!m)
			return NULL;
		if (magic_load(m, NULL) != 0) {
			magic_close(m);
			return NULL;
		}
		pthread_setspecific(magic_key, m);
	}
	return m;
}

/* The accepted type among libmagic's answer, as a static string; NULL for anything else. */
static const char *accepted(const char *t)
{
	static const char *const ok[] = {"application/pdf", "image/jpeg", "image/png"};
	for (size_t i = 0; t && i < MC_ARRAY_LEN(ok); i++)
		if (!strcmp(t, ok[i]))
			return ok[i];
	return NULL;
}

/* The type of an upload's temp file, read from its bytes. */
static const char *accepted_type(const char *path)
{
	magic_t m = thread_magic();
	return m ? accepted(magic_file(m, path)) : NULL;
}

const char *documents_type(const void *data, size_t len)
{
	magic_t m = thread_magic();
	return m ? accepted(magic_buffer(m, data, len)) : NULL;
}

/* A time-ordered id: 48 bits of milliseconds and 80 random bits, base32 (lower case). */
static void new_id(int64_t now_ms, char out[DOC_ID_LEN + 1])
{
	static const char alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";
	unsigned char rnd[10];
	randombytes_buf(rnd, sizeof(rnd));
	uint64_t t = (uint64_t)now_ms;
	for (int i = 9; i >= 0; i--) {
		out[i] = alphabet[t & 31];
		t >>= 5;
	}
	uint64_t acc = 0;
	int bits = 0, pos = 10;
	for (size_t i = 0; i < sizeof(rnd); i++) {
		acc = (acc << 8) | rnd[i];
		bits += 8;
		while (bits >= 5 && pos < DOC_ID_LEN) {
			out[pos++] = alphabet[(acc >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	out[DOC_ID_LEN] = '\0';
}

void documents_new_id(struct svc_ctx *ctx, char out[DOC_ID_LEN + 1])
{
	new_id(ctx->now * 1000 + (int64_t)randombytes_uniform(1000), out);
}

static bool owner_ok(struct svc_ctx *ctx, const char *owner)
{
	int y, m, d;
	civil_ymd(civil_local_day(ctx->now), &y, &m, &d);
	size_t n = strlen(owner);
	return idnum_check_person(owner, n, y) == IDNUM_OK || idnum_check_tax(owner, n) == IDNUM_OK;
}

static void check_upload(struct svc_ctx *ctx, const char *filename, const char *owner, size_t len)
{
	if (len == 0)
		problem_add(ctx->problem, "body", "is empty: send the file as the body",
			    "tệp tải lên rỗng");
	if (!owner || !owner_ok(ctx, owner))
		problem_add(ctx->problem, "owner", "must be the applicant's ID number or tax code",
			    "phải là số định danh hoặc mã số thuế của người nộp");
	else if (perm_has_role(ctx->user, "citizen") && strcmp(owner, ctx->user->id_number) != 0)
		problem_add(ctx->problem, "owner", "must be your own ID number",
			    "phải là số định danh của chính bạn");
	if (filename && !text_allowed(filename, strlen(filename), TEXT_LINE))
		problem_add(ctx->problem, "filename",
			    "must be one line without control or bidirectional formatting characters",
			    "tên tệp không được chứa ký tự điều khiển hay ký tự định hướng văn bản");
	else if (filename && text_length(filename, strlen(filename)) > 200)
		problem_add(ctx->problem, "filename", "must have at most 200 characters",
			    "tên tệp tối đa 200 ký tự");
}

static enum mc_err upload_tx(struct svc_ctx *ctx, void *arg)
{
	const struct document *d = arg;
	enum mc_err err = docstore_blob_put(ctx->db, d->sha256, d->size, ctx->real_now);
	if (!err)
		err = docstore_insert(ctx->db, d);
	if (!err)
		err = audit_append(ctx, NULL, "upload_document",
				   arena_printf(ctx->arena, "document:%s", d->id),
				   arena_printf(ctx->arena, "{\"sha256\":\"%s\",\"size\":%zu}",
						d->sha256, (size_t)d->size));
	return err;
}

enum mc_err documents_upload(struct svc_ctx *ctx, const char *filename, const char *owner,
			     struct upload *up, struct document *out)
{
	const char *path;
	char sha256[65];
	size_t len = upload_len(up);
	bool existed;
	if (!ctx->user)
		return MC_EAUTH;
	check_upload(ctx, filename, owner, len);
	if (ctx->problem->n)
		return MC_EINVAL;
	if (len > ctx->state->cfg.upload_max)
		return MC_ETOOBIG;
	if (!upload_result(up, &path, &len, sha256))
		return MC_EIO;
	const char *type = accepted_type(path);
	if (!type) {
		problem_detail(ctx->problem, "only PDF, JPEG and PNG files are accepted",
			       "chỉ nhận tệp PDF, JPEG hoặc PNG");
		return MC_EMEDIA;
	}
	memset(out, 0, sizeof(*out));
	memcpy(out->sha256, sha256, sizeof(out->sha256));
	enum mc_err err = blob_adopt(ctx->state->cfg.data_dir, out->sha256, path, len, &existed);
	if (err)
		return err;
	upload_taken(up);
	documents_new_id(ctx, out->id);
	out->size = (int64_t)len;
	snprintf(out->content_type, sizeof(out->content_type), "%s", type);
	out->filename = filename ? filename : "";
	snprintf(out->owner, sizeof(out->owner), "%s", owner);
	out->uploaded_by = ctx->user->username;
	out->created_at = ctx->now;
	return svc_write(ctx, upload_tx, out);
}

enum mc_err documents_store(struct svc_ctx *ctx, const char *filename, const char *owner,
			    const void *data, size_t len, struct document *out)
{
	unsigned char md[crypto_hash_sha256_BYTES];
	bool existed;
	const char *type = documents_type(data, len);
	if (!ctx->user)
		return MC_EAUTH;
	if (!type)
		return MC_EMEDIA;
	memset(out, 0, sizeof(*out));
	crypto_hash_sha256(md, data, len);
	sodium_bin2hex(out->sha256, sizeof(out->sha256), md, sizeof(md));
	enum mc_err err = blob_write(ctx->state->cfg.data_dir, out->sha256, data, len, &existed);
	if (err)
		return err;
	documents_new_id(ctx, out->id);
	out->size = (int64_t)len;
	snprintf(out->content_type, sizeof(out->content_type), "%s", type);
	out->filename = filename;
	snprintf(out->owner, sizeof(out->owner), "%s", owner);
	out->uploaded_by = ctx->user->username;
	out->created_at = ctx->now;
	return svc_write(ctx, upload_tx, out);
}

struct using_check {
	struct svc_ctx *ctx;
	bool visible;
};

static void check_dossier(int64_t dossier_id, void *arg)
{
	struct using_check *c = arg;
	const char *code;
	if (c->visible || dstore_code_of(c->ctx->db, c->ctx->arena, dossier_id, &code))
		return;
	struct dossier *d = arena_alloc(c->ctx->arena, sizeof(*d));
	c->visible = dossier_get(c->ctx, code, d) == MC_OK;
}

static bool may_read(struct svc_ctx *ctx, const struct document *d)
{
	const struct user *u = ctx->user;
	if (!u)
		return false;
	if (perm_has_role(u, "admin") || !strcmp(d->uploaded_by, u->username))
		return true;
	if (citizens_verified(u) && u->id_number[0] && !strcmp(u->id_number, d->owner))
		return true;
	struct using_check c = {ctx, false};
	return docstore_dossiers_using(ctx->db, d->id, check_dossier, &c) == MC_OK && c.visible;
}

enum mc_err documents_open(struct svc_ctx *ctx, const char *id, struct document *out, char *path,
			   size_t cap)
{
	if (!ctx->user)
		return MC_EAUTH;
	enum mc_err err = docstore_get(ctx->db, ctx->arena, id, out);
	if (err)
		return err;
	if (!may_read(ctx, out))
		return MC_ENOTFOUND;
	blob_path(ctx->state->cfg.data_dir, out->sha256, path, cap);
	return MC_OK;
}

bool documents_attachable(struct svc_ctx *ctx, const char *id)
{
	struct document d;
	if (!id || !ctx->user || docstore_get(ctx->db, ctx->arena, id, &d) != MC_OK)
		return false;
	return may_read(ctx, &d);
}

struct visible_scan {
	struct svc_ctx *ctx;
	bool visible;
};

static void scan_code(const char *code, int64_t id, int64_t due, void *arg)
{
	struct visible_scan *v = arg;
	MC_UNUSED(id);
	MC_UNUSED(due);
	if (v->visible)
		return;
	struct dossier *d = arena_alloc(v->ctx->arena, sizeof(*d));
	v->visible = dossier_get(v->ctx, code, d) == MC_OK;
}

/* The applicant, an administrator, or staff who see one of the applicant's dossiers. An
 * unverified citizen lists only what it uploaded itself (*uploader set). */
static enum mc_err may_list(struct svc_ctx *ctx, const char *id_number, const char **uploader)
{
	const struct user *u = ctx->user;
	if (!u)
		return MC_EAUTH;
	if (perm_has_role(u, "admin"))
		return MC_OK;
	if (perm_has_role(u, "citizen")) {
		if (strcmp(u->id_number, id_number) != 0)
			return MC_ENOTFOUND;
		if (!citizens_verified(u))
			*uploader = u->username;
		return MC_OK;
	}
	struct dossier_filter f = {.applicant = id_number, .limit = 200};
	struct visible_scan v = {ctx, false};
	enum mc_err err = dstore_list(ctx->db, &f, scan_code, &v);
	if (err)
		return err;
	return v.visible ? MC_OK : MC_ENOTFOUND;
}

struct owner_page {
	void (*fn)(const struct document *d, void *arg);
	void *arg;
	size_t left;
	char last[DOC_ID_LEN + 1];
	bool more;
};

static void owner_doc(const struct document *d, void *arg)
{
	struct owner_page *p = arg;
	if (p->left == 0) {
		p->more = true;
		return;
	}
	p->left--;
	p->fn(d, p->arg);
	snprintf(p->last, sizeof(p->last), "%s", d->id);
}

enum mc_err documents_of_applicant(struct svc_ctx *ctx, const char *id_number, size_t limit,
				   const char *after, void (*fn)(const struct document *d, void *a),
				   void *arg, const char **next)
{
	struct owner_page p = {fn, arg, limit, "", false};
	const char *uploader = NULL;
	*next = NULL;
	enum mc_err err = may_list(ctx, id_number, &uploader);
	if (err)
		return err;
	err = docstore_by_owner(ctx->db, ctx->arena, id_number, uploader, limit + 1, after, owner_doc,
				&p);
	if (!err && p.more)
		*next = arena_strdup(ctx->arena, p.last);
	return err;
}

enum mc_err documents_record_uses(struct svc_ctx *ctx, const void *dossier)
{
	const struct dossier *d = dossier;
	enum mc_err err = MC_OK;
	for (size_t i = 0; !err && i < d->ncomponents; i++) {
		const struct dossier_component *c = &d->components[i];
		struct document doc;
		if (!c->document || docstore_get(ctx->db, ctx->arena, c->document, &doc) != MC_OK)
			continue;
		bool reused = doc.created_at < d->submitted_at;
		err = docstore_use(ctx->db, c->document, d->id, "component", c->id, ctx->now, &reused);
	}
	if (!err && d->rep_name && d->rep_document) {
		struct document doc;
		if (docstore_get(ctx->db, ctx->arena, d->rep_document, &doc) == MC_OK) {
			bool reused = doc.created_at < d->submitted_at;
			err = docstore_use(ctx->db, d->rep_document, d->id, "component",
					   "representation", ctx->now, &reused);
		}
	}
	if (!err && d->result_document) {
		bool reused = false;
		err = docstore_use(ctx->db, d->result_document, d->id, "result", NULL, ctx->now,
				   &reused);
	}
	return err;
}
