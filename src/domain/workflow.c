/* Workflow rules (domain/workflow.h). */
#include "base/base.h"

#include "domain/workflow.h"

enum wf_force wf_delegation_force(const struct delegation *g, int64_t now)
{
	if (g->ended_at && g->ended_at <= now)
		return WF_ENDED;
	if (now < g->valid_from)
		return WF_NOT_YET;
	if (g->valid_to && now >= g->valid_to)
		return WF_LAPSED;
	return WF_IN_FORCE;
}

const char *wf_force_name(enum wf_force f)
{
	switch (f) {
	case WF_IN_FORCE: return "in_force";
	case WF_NOT_YET: return "not_yet_valid";
	case WF_LAPSED: return "lapsed";
	case WF_ENDED: return "ended";
	}
	return "unknown";
}

bool wf_send_back_ok(int64_t current, int64_t to, size_t nsteps)
{
	return current >= 2 && (size_t)current <= nsteps && to >= 1 && to < current;
}
