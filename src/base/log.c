/* The logger: formats a line into a stack buffer and writes it with one write(2), so lines from
 * concurrent threads never interleave. The level is set once at start-up. */
#include "base/base.h"

#include <stdarg.h>
#include <time.h>
#include <unistd.h>

#include "base/civil.h"
#include "base/log.h"

static enum log_level min_level = LOG_INFO;

void log_set_level(enum log_level level)
{
	min_level = level;
}

void log_write(enum log_level level, const char *fmt, ...)
{
	static const char *const names[] = {"debug", "info", "warn", "error"};
	char line[2048];
	char ts[32];
	if (level < min_level)
		return;
	civil_format_time((int64_t)time(NULL), ts);
	int n = snprintf(line, sizeof(line), "%s %s ", ts, names[level]);
	va_list ap;
	va_start(ap, fmt);
	int m = vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	size_t len = (size_t)n + (m < 0 ? 0 : (size_t)m);
	if (len > sizeof(line) - 2)
		len = sizeof(line) - 2;
	line[len++] = '\n';
	ssize_t w = write(STDERR_FILENO, line, len);
	MC_UNUSED(w);
}
