/* Dossier statuses (one table: name, open, due clock), actions and transitions as tables;
 * timeliness; name masking. */
#include "base/base.h"

#include "base/civil.h"
#include "domain/dossier_state.h"

/* The one definition of each status: its name (API.md, the history, the database column), whether
 * it is open, and what it means for the due time. */
static const struct {
	const char *name;
	bool open;
	enum ds_clock clock;
} statuses[DS_NSTATUS] = {
	[DS_SUBMITTED] = {"submitted", true, DS_CLOCK_NONE},
	[DS_NEEDS_COMPLETION] = {"needs_completion", true, DS_CLOCK_NONE},
	[DS_RECEIVED] = {"received", true, DS_CLOCK_RUNS},
	[DS_PROCESSING] = {"processing", true, DS_CLOCK_RUNS},
	[DS_AWAITING_SUPPLEMENT] = {"awaiting_supplement", true, DS_CLOCK_PAUSED},
	[DS_READY_FOR_RETURN] = {"ready_for_return", true, DS_CLOCK_NONE},
	[DS_RETURNED] = {"returned", false, DS_CLOCK_NONE},
	[DS_STOPPED] = {"stopped", false, DS_CLOCK_NONE},
	[DS_REFUSED] = {"refused", false, DS_CLOCK_NONE},
};

static const char *const action_names[DA_NACTION] = {
	"receive", "request-completion", "resubmit", "refuse", "transfer", "complete-step",
	"request-supplement", "supplement", "extend", "decide", "return", "stop", "send-back",
};

const char *ds_status_name(enum ds_status s)
{
	return (unsigned)s < DS_NSTATUS ? statuses[s].name : "unknown";
}

enum mc_err ds_status_parse(const char *name, enum ds_status *out)
{
	for (int i = 0; name && i < DS_NSTATUS; i++)
		if (strcmp(statuses[i].name, name) == 0) {
			*out = (enum ds_status)i;
			return MC_OK;
		}
	return MC_EINVAL;
}

bool ds_status_open(enum ds_status s)
{
	return (unsigned)s < DS_NSTATUS && statuses[s].open;
}

enum ds_clock ds_status_clock(enum ds_status s)
{
	return (unsigned)s < DS_NSTATUS ? statuses[s].clock : DS_CLOCK_NONE;
}

bool ds_overdue(enum ds_status s, int64_t due_at, int64_t extended_due_at, int64_t now)
{
	int64_t due = extended_due_at ? extended_due_at : due_at;
	return ds_status_clock(s) == DS_CLOCK_RUNS && due && due < now;
}

const char *ds_action_name(enum ds_action a)
{
	return (unsigned)a < DA_NACTION ? action_names[a] : "unknown";
}

enum mc_err ds_action_parse(const char *name, enum ds_action *out)
{
	for (int i = 0; i < DA_NACTION; i++)
		if (strcmp(action_names[i], name) == 0) {
			*out = (enum ds_action)i;
			return MC_OK;
		}
	return MC_EINVAL;
}

#define S(x) (1u << (x))

/* For each action: the statuses it may start from, and where it leads (-1: stays). */
static const struct {
	unsigned from;
	int to;
} rules[DA_NACTION] = {
	[DA_RECEIVE] = {S(DS_SUBMITTED), DS_RECEIVED},
	[DA_REQUEST_COMPLETION] = {S(DS_SUBMITTED), DS_NEEDS_COMPLETION},
	[DA_RESUBMIT] = {S(DS_NEEDS_COMPLETION), DS_SUBMITTED},
	[DA_REFUSE] = {S(DS_SUBMITTED) | S(DS_NEEDS_COMPLETION), DS_REFUSED},
	[DA_TRANSFER] = {S(DS_RECEIVED), DS_PROCESSING},
	[DA_COMPLETE_STEP] = {S(DS_PROCESSING), -1},
	[DA_REQUEST_SUPPLEMENT] = {S(DS_PROCESSING), DS_AWAITING_SUPPLEMENT},
	[DA_SUPPLEMENT] = {S(DS_AWAITING_SUPPLEMENT), DS_PROCESSING},
	[DA_EXTEND] = {S(DS_PROCESSING) | S(DS_AWAITING_SUPPLEMENT), -1},
	[DA_DECIDE] = {S(DS_PROCESSING), DS_READY_FOR_RETURN},
	[DA_RETURN] = {S(DS_READY_FOR_RETURN), DS_RETURNED},
	[DA_STOP] = {S(DS_SUBMITTED) | S(DS_NEEDS_COMPLETION) | S(DS_RECEIVED) | S(DS_PROCESSING) |
			     S(DS_AWAITING_SUPPLEMENT),
		     DS_STOPPED},
	[DA_SEND_BACK] = {S(DS_PROCESSING), -1},
};

bool ds_transition(enum ds_action a, enum ds_status from, enum ds_status *to)
{
	if ((unsigned)a >= DA_NACTION || (unsigned)from >= DS_NSTATUS)
		return false;
	if (!(rules[a].from & S(from)))
		return false;
	*to = rules[a].to < 0 ? from : (enum ds_status)rules[a].to;
	return true;
}

const char *ds_timeliness(int64_t decided_at, int64_t due_at, bool extended,
			  int64_t supplement_requests)
{
	if (extended || supplement_requests >= 2 || decided_at > due_at)
		return "late";
	if (decided_at < civil_instant(civil_local_day(due_at), 0))
		return "early";
	return "on_time";
}

/* Length in bytes of the UTF-8 sequence starting with byte c (1 for invalid lead bytes). */
static size_t seq_len(unsigned char c)
{
	if (c >= 0xf0)
		return 4;
	if (c >= 0xe0)
		return 3;
	if (c >= 0xc0)
		return 2;
	return 1;
}

char *ds_mask_name(const char *name)
{
	size_t n = strlen(name);
	char *out = xmalloc(n + 1);
	size_t w = 0, stars = 0;
	bool word_start = true;
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)name[i];
		size_t len = seq_len(c);
		if (i + len > n)
			len = n - i;
		if (c == ' ' || c == '\t') {
			if (w > 0 && out[w - 1] != ' ')
				out[w++] = ' ';
			word_start = true;
		} else if (word_start) {
			memcpy(out + w, name + i, len);
			w += len;
			word_start = false;
			stars = 0;
		} else if (stars < 3) {
			out[w++] = '*';
			stars++;
		}
		i += len;
	}
	if (w > 0 && out[w - 1] == ' ')
		w--;
	out[w] = '\0';
	return out;
}
