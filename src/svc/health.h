/* What GET /health reports: whether the database answers and takes writes, and whether the data
 * directory has the free space the configuration asks for (svc_config.disk_min_free). */
#ifndef MC_HEALTH_H
#define MC_HEALTH_H

#include "svc/svc.h"

#define HEALTH_REASONS_MAX 4

struct health_report {
	/* Empty when healthy; else short names: "database_unavailable", "database_read_only",
	 * "disk_low", "data_dir_unavailable". */
	const char *reasons[HEALTH_REASONS_MAX];
	size_t nreasons;
	const char *database; /* the storage backend's name: "sqlite" or "postgresql" */
	bool disk_known;
	uint64_t disk_free; /* bytes available to this process in the data directory */
};

/* Fills *out; never fails (what cannot be checked is a reason). */
void health_check(struct svc_ctx *ctx, struct health_report *out);

#endif
