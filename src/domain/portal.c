/* The national portal sync's pure rules (portal.h). */
#include "base/base.h"

#include "domain/portal.h"

/* docs/portal.md "Status mapping": the portal's names are those OpenCPS publishes for dossier
 * statuses; which of ours is which is our reading of them. */
static const char *const mapping[][2] = {
	{"submitted", "receiving"},         {"needs_completion", "waiting"},
	{"received", "processing"},         {"processing", "processing"},
	{"awaiting_supplement", "waiting"}, {"ready_for_return", "releasing"},
	{"returned", "done"},               {"stopped", "cancelled"},
	{"refused", "denied"},
};

const char *portal_status_of(const char *status)
{
	if (!status)
		return NULL;
	for (size_t i = 0; i < MC_ARRAY_LEN(mapping); i++)
		if (strcmp(mapping[i][0], status) == 0)
			return mapping[i][1];
	return NULL;
}

bool portal_event_sent(const char *event)
{
	return event && (strcmp(event, "dossier.created") == 0 ||
			 strcmp(event, "dossier.status_changed") == 0);
}

bool portal_receipt_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > PORTAL_RECEIPT_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < 0x20 || s[i] > 0x7e)
			return false;
	return true;
}

bool portal_agency_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > PORTAL_AGENCY_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			return false;
	}
	return true;
}
