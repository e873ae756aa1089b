/* Uploads in progress: a document's bytes go to a temp file in the data directory as they arrive,
 * hashed (SHA-256) on the way, so that memory stays flat whatever the size; documents_upload then
 * moves the file into the blob store. Each upload holds a slot of its account and of its client
 * address for as long as it lasts; a new upload over either maximum is refused. Thread-safe:
 * the slots are under their own lock; one upload is used by one thread at a time. */
#ifndef MC_UPLOADS_H
#define MC_UPLOADS_H

#include "svc/svc.h"

struct upload;

/* The set of uploads in progress (one per svc_state). */
struct upload_slots *upload_slots_new(void);
void upload_slots_free(struct upload_slots *s);

/* Starts an upload of account (a username) from client (an address key). MC_ETOOMANY when the
 * account has cfg.upload_per_account uploads in progress or the address cfg.upload_per_ip (0: no
 * maximum); MC_EIO when the temp file cannot be made. */
enum mc_err upload_open(struct svc_state *s, const char *account, const char *client,
			struct upload **out);
/* Appends bytes. MC_ETOOBIG past cfg.upload_max (the temp file is removed at once and later bytes
 * are ignored), MC_EIO when the file cannot be written (likewise). */
enum mc_err upload_write(struct upload *u, const void *data, size_t n);
/* Bytes received so far. */
size_t upload_len(const struct upload *u);
/* The temp file, its length and SHA-256 (lower-case hex) once every byte is in; false when the
 * upload failed (too big, write error). The file stays the upload's until upload_taken. */
bool upload_result(struct upload *u, const char **path, size_t *len, char sha256[65]);
/* The temp file was moved away (into the blob store): upload_free leaves it alone. */
void upload_taken(struct upload *u);
/* Ends the upload: frees its slots and removes its temp file unless taken. NULL is fine. */
void upload_free(struct upload *u);
/* Uploads in progress, for /metrics. */
size_t upload_count(struct svc_state *s);

#endif
