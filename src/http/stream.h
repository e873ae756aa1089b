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

#define STREAM_MAX 256          /* open streams per process */
#define STREAM_BUFFER_MAX 65536 /* unsent bytes per stream; a client that falls behind is closed */
#define STREAM_PING_SECONDS 15
#define STREAM_TOPIC_MAX 64

/* Answers the request with a stream on topic whose first bytes are `first` (whole SSE events).
 * False (nothing answered) when STREAM_MAX streams are open or the hub is shutting down. */
bool stream_answer(struct req *r, const char *topic, const char *first);
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
