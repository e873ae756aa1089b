/* The health report (health.h): cheap checks only, since load balancers ask every few seconds. */
#include "base/base.h"

#include <sys/statvfs.h>

#include "svc/health.h"
#include "store/db.h"

static void reason(struct health_report *out, const char *why)
{
	if (out->nreasons < HEALTH_REASONS_MAX)
		out->reasons[out->nreasons++] = why;
}

void health_check(struct svc_ctx *ctx, struct health_report *out)
{
	struct statvfs vfs;
	memset(out, 0, sizeof(*out));
	out->database = db_backend(ctx->db);
	if (db_ping(ctx->db) != MC_OK)
		reason(out, "database_unavailable");
	else if (!db_writable(ctx->db))
		reason(out, "database_read_only");
	const char *dir = ctx->state->cfg.data_dir ? ctx->state->cfg.data_dir : ".";
	if (statvfs(dir, &vfs) != 0) {
		reason(out, "data_dir_unavailable");
		return;
	}
	out->disk_known = true;
	out->disk_free = (uint64_t)vfs.f_bavail * (uint64_t)vfs.f_frsize;
	if (out->disk_free < ctx->state->cfg.disk_min_free)
		reason(out, "disk_low");
}
