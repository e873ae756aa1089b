/* The access log's line of a request: rid=R CLIENT METHOD "PATH" STATUS BYTES D.DDms[ aborted]. */
#ifndef MC_HTTP_ACCESS_LINE_H
#define MC_HTTP_ACCESS_LINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct req;

/* Writes r's line into line[0..cap) (cap > 0), NUL-terminated; what passes its end is cut. status
 * is the answer's (0: none), ns the request's time in nanoseconds (written in milliseconds with two
 * decimals, rounded half up), completed false for an aborted request. The
 * path is written as the client sent it, decoded, with control characters and quotes as '?' and at
 * most 511 bytes of it. */
void access_line(const struct req *r, int status, int64_t ns, bool completed, char *line,
		 size_t cap);

#endif
