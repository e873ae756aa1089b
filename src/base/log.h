/* One-line logs to stderr: "2026-11-26T09:30:00+07:00 level message". Thread-safe (one write(2)
 * per line, or per chunk of a thread's access lines). Lines are lowercase, without a trailing
 * period; request lines carry the request id. */
#ifndef MC_LOG_H
#define MC_LOG_H

#include "base/base.h"

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/* Sets the lowest level written (default LOG_INFO). Call before threads start. */
void log_set_level(enum log_level level);
void log_write(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* An access line (info): kept with the thread's others and written by the chunk (log.c); a
 * server calls log_flush every few ms so that none waits long. */
void log_access(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Writes every thread's access lines held so far. Also runs at exit. */
void log_flush(void);

#define log_debug(...) log_write(LOG_DEBUG, __VA_ARGS__)
#define log_info(...) log_write(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_write(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_write(LOG_ERROR, __VA_ARGS__)

#endif
