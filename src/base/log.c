/* The logger: formats a line into a stack buffer and writes it with one write(2), so lines from
 * concurrent threads never interleave. The level is set once at start-up.
 *
 * Access lines (log_access, one per HTTP request) are gathered instead: each thread keeps its own
 * in a buffer of LOG_CHUNK bytes and writes them with one write(2) when the next would not fit,
 * before any other line of the same thread (so a thread's lines keep their order), when the
 * thread ends, and whenever log_flush runs (the server's main loop, every 20 ms, and at exit). A
 * line thus reaches stderr at most ~20 ms after its request ended, and a server killed with
 * SIGKILL loses those ms of access lines; every other line is written at once, as before. Chunks
 * are at most PIPE_BUF bytes, which a pipe (journald's) writes whole, never interleaved with
 * another thread's. docs/decisions.md "Access lines written in chunks, every 20 ms". */
#include "base/base.h"

#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <time.h>
#include <unistd.h>

#include "base/civil.h"
#include "base/fmt.h"
#include "base/log.h"

#define LOG_LINE 2048
#define LOG_CHUNK PIPE_BUF

static enum log_level min_level = LOG_INFO;

/* A thread's access lines not yet written. `lock` is taken by the thread as it appends and by
 * log_flush; `registry_lock` guards the list and is always taken before a buffer's lock. */
struct chunk {
	pthread_mutex_t lock;
	struct chunk *next;
	size_t len;
	char data[LOG_CHUNK];
};

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static struct chunk *registry;
static pthread_key_t chunk_key;
static pthread_once_t chunk_once = PTHREAD_ONCE_INIT;
static _Thread_local struct chunk *mine;

void log_set_level(enum log_level level)
{
	min_level = level;
}

static void write_all(const char *data, size_t len)
{
	ssize_t w = write(STDERR_FILENO, data, len);
	MC_UNUSED(w);
}

/* Writes the chunk's lines; the caller holds its lock. */
static void chunk_write(struct chunk *c)
{
	if (c->len) {
		write_all(c->data, c->len);
		c->len = 0;
	}
}

/* The thread's end: its lines are written and its buffer leaves the list. */
static void chunk_release(void *p)
{
	struct chunk *c = p;
	mine = NULL; /* destructors run on the thread that ends: a later line starts a new buffer */
	pthread_mutex_lock(&registry_lock);
	for (struct chunk **at = &registry; *at; at = &(*at)->next)
		if (*at == c) {
			*at = c->next;
			break;
		}
	pthread_mutex_lock(&c->lock);
	chunk_write(c);
	pthread_mutex_unlock(&c->lock);
	pthread_mutex_unlock(&registry_lock);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

static void chunk_setup(void)
{
	if (pthread_key_create(&chunk_key, chunk_release) != 0)
		abort();
	atexit(log_flush);
}

static struct chunk *my_chunk(void)
{
	if (mine)
		return mine;
	pthread_once(&chunk_once, chunk_setup);
	struct chunk *c = xcalloc(1, sizeof(*c));
	pthread_mutex_init(&c->lock, NULL);
	pthread_mutex_lock(&registry_lock);
	c->next = registry;
	registry = c;
	pthread_mutex_unlock(&registry_lock);
	pthread_setspecific(chunk_key, c);
	return mine = c;
}

void log_flush(void)
{
	pthread_mutex_lock(&registry_lock);
	for (struct chunk *c = registry; c; c = c->next) {
		pthread_mutex_lock(&c->lock);
		chunk_write(c);
		pthread_mutex_unlock(&c->lock);
	}
	pthread_mutex_unlock(&registry_lock);
}

/* "<time> <level> <message>\n" into line (LOG_LINE bytes); its length. */
static size_t format_line(char *line, enum log_level level, const char *fmt, va_list ap)
{
	static const struct {
		char text[8];
		size_t len;
	} names[] = {{"debug ", 6}, {"info ", 5}, {"warn ", 5}, {"error ", 6}};
	civil_format_time((int64_t)time(NULL), line); /* "<time>" then NUL, 32 bytes at most */
	size_t n = strlen(line);
	line[n++] = ' ';
	memcpy(line + n, names[level].text, names[level].len);
	n += names[level].len;
	int m = fmt_vsnprintf(line + n, LOG_LINE - n - 1, fmt, ap);
	size_t len = n + (m < 0 ? 0 : (size_t)m);
	if (len > LOG_LINE - 2)
		len = LOG_LINE - 2;
	line[len++] = '\n';
	return len;
}

/* One line: an access line into the thread's chunk, any other written at once after the
 * thread's held access lines (they happened before). */
static void log_line(enum log_level level, bool access, const char *fmt, va_list ap)
{
	char line[LOG_LINE];
	size_t len = format_line(line, level, fmt, ap);
	struct chunk *c = access ? my_chunk() : mine;
	if (!c) { /* a thread that never held an access line */
		write_all(line, len);
		return;
	}
	pthread_mutex_lock(&c->lock);
	if (!access || len > sizeof(c->data) - c->len)
		chunk_write(c); /* another kind of line, or no room: the held ones first */
	if (access) {
		memcpy(c->data + c->len, line, len);
		c->len += len;
	} else {
		write_all(line, len);
	}
	pthread_mutex_unlock(&c->lock);
}

void log_write(enum log_level level, const char *fmt, ...)
{
	if (level < min_level)
		return;
	va_list ap;
	va_start(ap, fmt);
	log_line(level, false, fmt, ap);
	va_end(ap);
}

void log_access(const char *fmt, ...)
{
	if (LOG_INFO < min_level)
		return;
	va_list ap;
	va_start(ap, fmt);
	log_line(LOG_INFO, true, fmt, ap);
	va_end(ap);
}
