/* Uploads in progress (see uploads.h): a list of open uploads under the slots' lock, counted per
 * account and per address when a new one opens (there are at most a few hundred at once). */
#include "base/base.h"

#include <pthread.h>
#include <sodium.h>
#include <unistd.h>

#include "store/blob_store.h"
#include "svc/uploads.h"

#define UPLOAD_KEY_MAX 128

struct upload {
	struct upload *prev, *next;
	struct upload_slots *slots;
	char account[UPLOAD_KEY_MAX], client[UPLOAD_KEY_MAX];
	char path[1100];
	int fd;
	bool failed, taken, finished;
	size_t len, max;
	crypto_hash_sha256_state hash;
	char sha256[65];
};

struct upload_slots {
	pthread_mutex_t lock;
	struct upload *head;
	size_t n;
};

struct upload_slots *upload_slots_new(void)
{
	struct upload_slots *s = xcalloc(1, sizeof(*s));
	pthread_mutex_init(&s->lock, NULL);
	return s;
}

void upload_slots_free(struct upload_slots *s)
{
	if (!s)
		return;
	pthread_mutex_destroy(&s->lock);
	free(s);
}

/* Takes a slot for account and client unless either is at its maximum. */
static bool take_slot(struct upload_slots *s, const struct svc_config *cfg, struct upload *u)
{
	size_t by_account = 0, by_client = 0;
	pthread_mutex_lock(&s->lock);
	for (struct upload *o = s->head; o; o = o->next) {
		by_account += !strcmp(o->account, u->account);
		by_client += !strcmp(o->client, u->client);
	}
	bool ok = (!cfg->upload_per_account || by_account < cfg->upload_per_account) &&
		  (!cfg->upload_per_ip || by_client < cfg->upload_per_ip);
	if (ok) {
		u->slots = s;
		u->next = s->head;
		if (s->head)
			s->head->prev = u;
		s->head = u;
		s->n++;
	}
	pthread_mutex_unlock(&s->lock);
	return ok;
}

static void drop_slot(struct upload *u)
{
	struct upload_slots *s = u->slots;
	if (!s)
		return;
	pthread_mutex_lock(&s->lock);
	if (u->prev)
		u->prev->next = u->next;
	else
		s->head = u->next;
	if (u->next)
		u->next->prev = u->prev;
	s->n--;
	pthread_mutex_unlock(&s->lock);
	u->slots = NULL;
}

/* Closes and removes the temp file (a failed upload keeps no bytes on disk). */
static void drop_file(struct upload *u)
{
	if (u->fd >= 0)
		close(u->fd);
	u->fd = -1;
	if (u->path[0] && !u->taken)
		unlink(u->path);
	u->path[0] = '\0';
}

enum mc_err upload_open(struct svc_state *s, const char *account, const char *client,
			struct upload **out)
{
	struct upload *u = xcalloc(1, sizeof(*u));
	*out = NULL;
	u->fd = -1;
	u->max = s->cfg.upload_max;
	snprintf(u->account, sizeof(u->account), "%s", account);
	snprintf(u->client, sizeof(u->client), "%s", client);
	if (!take_slot(s->uploads, &s->cfg, u)) {
		free(u);
		return MC_ETOOMANY;
	}
	if (blob_tmp_create(s->cfg.data_dir, u->path, sizeof(u->path), &u->fd) != MC_OK) {
		u->path[0] = '\0';
		upload_free(u);
		return MC_EIO;
	}
	crypto_hash_sha256_init(&u->hash);
	*out = u;
	return MC_OK;
}

enum mc_err upload_write(struct upload *u, const void *data, size_t n)
{
	if (u->failed)
		return u->len > u->max ? MC_ETOOBIG : MC_EIO;
	u->len += n;
	if (u->len > u->max) {
		u->failed = true;
		drop_file(u);
		return MC_ETOOBIG;
	}
	if (blob_tmp_append(u->fd, data, n) != MC_OK) {
		u->failed = true;
		drop_file(u);
		return MC_EIO;
	}
	crypto_hash_sha256_update(&u->hash, data, n);
	return MC_OK;
}

size_t upload_len(const struct upload *u)
{
	return u->len;
}

bool upload_result(struct upload *u, const char **path, size_t *len, char sha256[65])
{
	if (u->failed)
		return false;
	if (!u->finished) {
		unsigned char digest[crypto_hash_sha256_BYTES];
		crypto_hash_sha256_final(&u->hash, digest);
		sodium_bin2hex(u->sha256, sizeof(u->sha256), digest, sizeof(digest));
		if (close(u->fd) != 0) {
			u->fd = -1;
			u->failed = true;
			drop_file(u);
			return false;
		}
		u->fd = -1;
		u->finished = true;
	}
	*path = u->path;
	*len = u->len;
	memcpy(sha256, u->sha256, sizeof(u->sha256));
	return true;
}

void upload_taken(struct upload *u)
{
	u->taken = true;
}

void upload_free(struct upload *u)
{
	if (!u)
		return;
	drop_file(u);
	drop_slot(u);
	free(u);
}

size_t upload_count(struct svc_state *s)
{
	pthread_mutex_lock(&s->uploads->lock);
	size_t n = s->uploads->n;
	pthread_mutex_unlock(&s->uploads->lock);
	return n;
}
