/* Documents: uploads whose type is read from the bytes (PDF, JPEG, PNG), stored durably and
 * content-addressed before their row is committed, owned by an applicant's ID number or tax code;
 * who may read them; their use by dossiers (components, results) and reuse. */
#ifndef MC_DOCUMENTS_H
#define MC_DOCUMENTS_H

#include "domain/document.h"
#include "svc/svc.h"

struct upload;

/* Stores a received upload (svc/uploads.h): its temp file is moved into the blob store (fsync,
 * rename) before the row is committed. MC_EINVAL (fields "body", "owner", "filename"), MC_EMEDIA
 * for a type other than PDF/JPEG/PNG, MC_ETOOBIG over the limit, MC_EAUTH without a user, MC_EIO
 * when the bytes could not be kept. The upload stays the caller's (upload_free). */
enum mc_err documents_upload(struct svc_ctx *ctx, const char *filename, const char *owner,
			     struct upload *up, struct document *out);
/* The type of bytes read by libmagic ("application/pdf", "image/jpeg" or "image/png", static
 * strings), or NULL for anything else: the rule uploads are typed by (from their temp file).
 * Thread-safe (a handle per thread). */
const char *documents_type(const void *data, size_t len);
/* Stores bytes the server made itself (a rendered result) as a document of owner, uploaded by the
 * context's user: the blob durably, then its row. MC_EMEDIA when the bytes are not PDF, JPEG or
 * PNG; MC_EAUTH without a user; blob_write's errors. */
enum mc_err documents_store(struct svc_ctx *ctx, const char *filename, const char *owner,
			    const void *data, size_t len, struct document *out);
/* A new document id (time-ordered, random), for documents the server makes itself. */
void documents_new_id(struct svc_ctx *ctx, char out[DOC_ID_LEN + 1]);
/* A document the caller may read, and the path of its bytes; MC_ENOTFOUND otherwise. */
enum mc_err documents_open(struct svc_ctx *ctx, const char *id, struct document *out, char *path,
			   size_t cap);
/* Checks that a document may be attached to a dossier of this applicant by this caller: it exists
 * and is owned by the applicant or was uploaded by the caller. */
bool documents_attachable(struct svc_ctx *ctx, const char *id);
/* The documents of an applicant for reuse (the applicant, or staff who see one of the applicant's
 * dossiers). */
enum mc_err documents_of_applicant(struct svc_ctx *ctx, const char *id_number, size_t limit,
				   const char *after, void (*fn)(const struct document *d, void *a),
				   void *arg, const char **next);
/* Records the documents a dossier uses (components and result), marking reuse. */
enum mc_err documents_record_uses(struct svc_ctx *ctx, const void *dossier);

#endif
