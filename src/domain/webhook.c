/* Webhooks' pure rules (webhook.h): event names, the event of a history record, retry delays. */
#include "base/base.h"

#include "domain/webhook.h"

const char *const webhook_event_names[] = {
	"dossier.created",    "dossier.status_changed", "dossier.step_completed",
	"dossier.extended",   "dossier.rated",          "handover.items_confirmed",
	"handover.signed",    "handover.completed",     NULL,
};

bool webhook_event_known(const char *name)
{
	for (size_t i = 0; webhook_event_names[i]; i++)
		if (strcmp(webhook_event_names[i], name) == 0)
			return true;
	return false;
}

const char *webhook_event_of(const char *action, const char *from, const char *to)
{
	if (!from)
		return "dossier.created";
	if (to && strcmp(from, to) != 0)
		return "dossier.status_changed";
	if (strcmp(action, "complete-step") == 0)
		return "dossier.step_completed";
	if (strcmp(action, "extend") == 0)
		return "dossier.extended";
	if (strcmp(action, "rate") == 0)
		return "dossier.rated";
	return NULL;
}

int64_t webhook_backoff_ms(int64_t attempts, int64_t base_ms, int64_t cap_ms, double jitter)
{
	int64_t d = base_ms < 1 ? 1 : base_ms;
	for (int64_t i = 1; i < attempts && d < cap_ms; i++)
		d *= 2;
	if (d > cap_ms)
		d = cap_ms;
	if (jitter < 0 || jitter >= 1)
		jitter = 0;
	return d / 2 + (int64_t)((double)(d - d / 2) * jitter);
}
