/* Server-sent event streams (text/event-stream) by topic, e.g. "queue:001.01.50.H26": a handler
 * opens a stream on its request with a first event; anything published to the topic later is
 * sent to every open stream of it. A stream with nothing to send suspends its connection (no
 * thread is held); a publication resumes it. A comment line every STREAM_PING_SECONDS keeps
 * proxies from closing an idle stream and lets a closed client be noticed. Streams are of this
 * process only: with several instances, a client of one instance does not hear another's
 * publications (it gets the state again when it reconnects). */
#ifndef MC_STREAM_H
#define MC_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "http/http.h"

#define STREAM_BUFFER_MAX 65536 /* unsent bytes per stream; a client that falls behind is closed */
#define STREAM_PING_SECONDS 15
#define STREAM_TOPIC_MAX 64

/* The limits (server start): max streams in all, per_ip per client address (0: none) and, of
 * max, reserved kept for staff: a board runs under a staff account of its point, so anonymous
 * clients can neither take its place nor be refused in its name. Staff streams count against no
 * address (several boards of a Center share one). */
void stream_configure(unsigned max, unsigned per_ip, unsigned reserved);

enum stream_verdict {
	STREAM_OPENED,
	STREAM_FULL,    /* every stream this caller may use is taken (503) */
	STREAM_ADDRESS, /* the client's address has its per_ip streams (429) */
};

/* Answers the request with a stream on topic whose first bytes are `first` (whole SSE events),
 * counted under r->client_key, or in the staff share when staff is true. Anything but
 * STREAM_OPENED answers nothing (the hub may also be shutting down: STREAM_FULL). */
enum stream_verdict stream_answer(struct req *r, const char *topic, const char *first, bool staff);
/* Sends an SSE event (name and one line of data) to every stream of the topic. */
void stream_publish(const char *topic, const char *event, const char *data);
/* Ends every stream (their connections are resumed and finish), so that the daemon can stop. */
void stream_shutdown(void);

/* For the server: the content reader and release of a stream answer. */
ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max);
void stream_release(void *cls);
/* Open streams, for /metrics and tests. */
size_t stream_count(void);

#endif
