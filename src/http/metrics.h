/* Prometheus metrics of the HTTP edge: requests by route and status, a latency histogram and the
 * connections open now. Thread-safe; the text rendering is GET /metrics. */
#ifndef MC_METRICS_H
#define MC_METRICS_H

#include "base/base.h"
#include "base/buf.h"

struct metrics;

struct metrics *metrics_new(void);
void metrics_free(struct metrics *m);
/* route: the route's pattern, or "static" / "unmatched". */
void metrics_observe(struct metrics *m, const char *method, const char *route, int status,
		     double seconds);
void metrics_conn(struct metrics *m, int delta);
enum mc_err metrics_render(struct metrics *m, struct buf *out);

#endif
