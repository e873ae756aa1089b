/* Server-sent event streams: a hub of open streams under one lock, a ping thread, and the content
 * reader that suspends a connection with nothing to send.
 *
 * Locking: the hub lock is taken by the content reader (called by MHD) and by publishers and the
 * ping thread, which call MHD_resume_connection under it. A connection is resumed only while its
 * stream says it is suspended, and a suspended connection cannot be closed by MHD, so the
 * connection is alive whenever it is resumed. MHD's release callback only marks the stream dead
 * (an atomic store, no lock): the hub frees dead streams itself, under its lock. */
#include "base/base.h"

#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include "http/stream.h"

struct stream {
	struct stream *next;
	struct MHD_Connection *conn;
	char topic[STREAM_TOPIC_MAX];
	char client[NETADDR_TEXT_MAX]; /* the client's address key; empty for staff */
	char *buf; /* unsent bytes */
	size_t len, cap;
	bool suspended, closing;
	atomic_bool dead; /* MHD released the response: free me */
};

static struct {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	struct stream *head;
	size_t n, staff;
	unsigned max, per_ip, reserved;
	bool shutting_down, pinger_started;
	pthread_t pinger;
} hub = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, 0, 0, 256, 4, 64, false,
	 false, 0};

/* Frees the streams MHD released. Hub lock held. */
static void collect(void)
{
	for (struct stream **p = &hub.head; *p;) {
		struct stream *s = *p;
		if (atomic_load(&s->dead)) {
			*p = s->next;
			hub.n--;
			hub.staff -= !s->client[0];
			free(s->buf);
			free(s);
		} else {
			p = &s->next;
		}
	}
}

/* Appends bytes to a stream; a stream over its buffer is closed instead. Hub lock held. */
static void put(struct stream *s, const char *data, size_t n)
{
	if (s->closing || atomic_load(&s->dead))
		return;
	if (s->len + n > STREAM_BUFFER_MAX) {
		s->closing = true;
	} else {
		if (s->len + n > s->cap) {
			size_t cap = s->cap ? s->cap : 1024;
			while (cap < s->len + n)
				cap *= 2;
			s->buf = xrealloc(s->buf, cap);
			s->cap = cap;
		}
		memcpy(s->buf + s->len, data, n);
		s->len += n;
	}
	if (s->suspended) {
		s->suspended = false;
		MHD_resume_connection(s->conn);
	}
}

static void *pinger_main(void *arg)
{
	thread_name("mc-pinger");
	(void)arg;
	static const char ping[] = ": ping\n\n";
	pthread_mutex_lock(&hub.lock);
	while (!hub.shutting_down) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += STREAM_PING_SECONDS;
		while (!hub.shutting_down &&
		       pthread_cond_timedwait(&hub.wake, &hub.lock, &until) == 0) {
		}
		if (hub.shutting_down)
			break;
		collect();
		for (struct stream *s = hub.head; s; s = s->next)
			put(s, ping, sizeof(ping) - 1);
	}
	pthread_mutex_unlock(&hub.lock);
	return NULL;
}

void stream_configure(unsigned max, unsigned per_ip, unsigned reserved)
{
	pthread_mutex_lock(&hub.lock);
	hub.max = max;
	hub.per_ip = per_ip;
	hub.reserved = reserved < max ? reserved : max;
	pthread_mutex_unlock(&hub.lock);
}

/* Whether one more stream fits for this caller. Hub lock held. */
static enum stream_verdict admit(const char *client, bool staff)
{
	if (staff)
		return hub.n < hub.max ? STREAM_OPENED : STREAM_FULL;
	/* Anonymous streams may use what staff streams do not hold of the reserve. */
	size_t reserve_left = hub.staff < hub.reserved ? hub.reserved - hub.staff : 0;
	if (hub.n + reserve_left >= hub.max)
		return STREAM_FULL;
	if (hub.per_ip) {
		size_t mine = 0;
		for (struct stream *s = hub.head; s; s = s->next)
			mine += !atomic_load(&s->dead) && !strcmp(s->client, client);
		if (mine >= hub.per_ip)
			return STREAM_ADDRESS;
	}
	return STREAM_OPENED;
}

enum stream_verdict stream_answer(struct req *r, const char *topic, const char *first, bool staff)
{
	size_t n = strlen(first);
	pthread_mutex_lock(&hub.lock);
	collect();
	enum stream_verdict v = admit(r->client_key, staff);
	if (hub.shutting_down || strlen(topic) >= STREAM_TOPIC_MAX)
		v = STREAM_FULL;
	if (v != STREAM_OPENED) {
		pthread_mutex_unlock(&hub.lock);
		return v;
	}
	if (!hub.pinger_started) {
		if (pthread_create(&hub.pinger, NULL, pinger_main, NULL) != 0) {
			pthread_mutex_unlock(&hub.lock);
			return STREAM_FULL;
		}
		hub.pinger_started = true;
	}
	struct stream *s = xcalloc(1, sizeof(*s));
	s->conn = r->conn;
	snprintf(s->topic, sizeof(s->topic), "%s", topic);
	if (!staff)
		snprintf(s->client, sizeof(s->client), "%s", r->client_key[0] ? r->client_key : "-");
	atomic_init(&s->dead, false);
	put(s, first, n);
	s->next = hub.head;
	hub.head = s;
	hub.n++;
	hub.staff += staff;
	pthread_mutex_unlock(&hub.lock);
	r->out_stream = s;
	r->responded = true;
	r->status = 200;
	r->out_type = "text/event-stream; charset=utf-8";
	return STREAM_OPENED;
}

void stream_publish(const char *topic, const char *event, const char *data)
{
	pthread_mutex_lock(&hub.lock);
	if (!hub.n) {
		pthread_mutex_unlock(&hub.lock);
		return;
	}
	collect();
	char head[96];
	int hn = snprintf(head, sizeof(head), "event: %s\ndata: ", event);
	size_t dn = strlen(data);
	for (struct stream *s = hub.head; s; s = s->next) {
		if (strcmp(s->topic, topic) != 0)
			continue;
		put(s, head, (size_t)hn);
		put(s, data, dn);
		put(s, "\n\n", 2);
	}
	pthread_mutex_unlock(&hub.lock);
}

ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	(void)pos;
	struct stream *s = cls;
	ssize_t out;
	pthread_mutex_lock(&hub.lock);
	if (s->len) {
		size_t n = s->len < max ? s->len : max;
		memcpy(buf, s->buf, n);
		memmove(s->buf, s->buf + n, s->len - n);
		s->len -= n;
		out = (ssize_t)n;
	} else if (s->closing || hub.shutting_down) {
		out = MHD_CONTENT_READER_END_OF_STREAM;
	} else {
		s->suspended = true;
		MHD_suspend_connection(s->conn);
		out = 0;
	}
	pthread_mutex_unlock(&hub.lock);
	return out;
}

void stream_release(void *cls)
{
	struct stream *s = cls;
	atomic_store(&s->dead, true);
}

void stream_shutdown(void)
{
	pthread_mutex_lock(&hub.lock);
	hub.shutting_down = true;
	for (struct stream *s = hub.head; s; s = s->next) {
		s->closing = true;
		if (s->suspended) {
			s->suspended = false;
			MHD_resume_connection(s->conn);
		}
	}
	bool started = hub.pinger_started;
	pthread_cond_broadcast(&hub.wake);
	pthread_mutex_unlock(&hub.lock);
	if (started)
		pthread_join(hub.pinger, NULL);
	pthread_mutex_lock(&hub.lock);
	hub.pinger_started = false;
	pthread_mutex_unlock(&hub.lock);
}

size_t stream_count(void)
{
	pthread_mutex_lock(&hub.lock);
	collect();
	size_t n = hub.n;
	pthread_mutex_unlock(&hub.lock);
	return n;
}
