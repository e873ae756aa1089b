/* Tests of the dossier action table (svc/dossier_actions.c) through what is derived from it: the
 * actions a caller may take (dossier_allowed) agree with the state machine (domain/dossier_state.h)
 * for every status, step and extension, and with API.md's "who" column for each kind of caller;
 * the body fields each action takes (dossier_action_fields) are API.md's. Permissions are decided
 * on a real unit tree in a temporary database. */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "db_fixture.h"

#include "svc/dossiers.h"

#define PC1 "001.00.50.H26" /* the resolver, where both steps are worked */
#define SP1 "001.01.50.H26" /* the receiving point, below PC1 */
#define SP2 "002.01.50.H26" /* the return point, elsewhere */
#define APPLICANT "001190012345"

struct env {
	struct fixture *f;
	struct problem problem;
	struct svc_ctx ctx;
	struct user user;
};

static int setup(void **state)
{
	struct env *e = xcalloc(1, sizeof(*e));
	e->f = fixture_open("actions");
	fixture_unit(e->f->db, PC1, "UBND Phường Cửa Nam", "ubnd phuong cua nam", "commune_pc",
		     "phuong", "", 0);
	fixture_unit(e->f->db, SP1, "Điểm phục vụ Cửa Nam", "diem phuc vu cua nam", "service_point",
		     "", PC1, 0);
	fixture_unit(e->f->db, SP2, "Điểm phục vụ Sóc Sơn", "diem phuc vu soc son", "service_point",
		     "", "", 0);
	problem_init(&e->problem, &e->f->arena);
	e->ctx.db = e->f->db;
	e->ctx.arena = &e->f->arena;
	e->ctx.problem = &e->problem;
	e->ctx.user = &e->user;
	e->ctx.now = e->ctx.real_now = 1795687200; /* 2026-11-26 */
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;
	fixture_close(e->f);
	free(e);
	return 0;
}

/* The caller: roles given as "role@unit" ("citizen" alone for the applicant's own account). */
static void as(struct env *e, const char *const roles[])
{
	memset(&e->user, 0, sizeof(e->user));
	e->user.id = 7;
	snprintf(e->user.username, sizeof(e->user.username), "caller");
	for (size_t i = 0; roles[i]; i++) {
		struct user_role *r = &e->user.roles[e->user.nroles++];
		const char *at = strchr(roles[i], '@');
		size_t n = at ? (size_t)(at - roles[i]) : strlen(roles[i]);
		snprintf(r->role, sizeof(r->role), "%.*s", (int)n, roles[i]);
		snprintf(r->unit, sizeof(r->unit), "%s", at ? at + 1 : "");
	}
}

/* A dossier received at SP1, returned at SP2, worked at PC1 in two steps (processor, approver);
 * submitted online by account 7. */
static void dossier_at(struct dossier *d, enum ds_status s, int64_t step, bool extended)
{
	memset(d, 0, sizeof(*d));
	snprintf(d->code, sizeof(d->code), SP1 "-261126-0001");
	d->status = s;
	snprintf(d->applicant_kind, sizeof(d->applicant_kind), "person");
	snprintf(d->applicant_id, sizeof(d->applicant_id), APPLICANT);
	snprintf(d->receiving_unit, sizeof(d->receiving_unit), SP1);
	snprintf(d->served_unit, sizeof(d->served_unit), SP1);
	snprintf(d->resolver_unit, sizeof(d->resolver_unit), PC1);
	snprintf(d->return_unit, sizeof(d->return_unit), SP2);
	d->submitter_id = 7;
	d->nsteps = 2;
	d->steps[0].idx = 1;
	snprintf(d->steps[0].unit, sizeof(d->steps[0].unit), PC1);
	snprintf(d->steps[0].role, sizeof(d->steps[0].role), "processor");
	d->steps[1].idx = 2;
	snprintf(d->steps[1].unit, sizeof(d->steps[1].unit), PC1);
	snprintf(d->steps[1].role, sizeof(d->steps[1].role), "approver");
	d->current_step = step;
	d->due_at = 1795687200 + 86400;
	d->extended_due_at = extended ? d->due_at + 86400 : 0;
}

/* The allowed actions as bits, checking the names come in the order of enum ds_action. */
static unsigned allowed_bits(struct env *e, struct dossier *d)
{
	const char *names[DA_NACTION];
	size_t n = dossier_allowed(&e->ctx, d, names);
	unsigned bits = 0;
	int last = -1;
	for (size_t i = 0; i < n; i++) {
		enum ds_action a = DA_NACTION;
		assert_int_equal(ds_action_parse(names[i], &a), MC_OK);
		assert_true((int)a > last);
		last = (int)a;
		bits |= 1u << a;
	}
	return bits;
}

/* A caller who is everyone at once (the applicant's account and every staff role everywhere the
 * dossier goes) may take exactly the actions the state machine allows from the status, less the
 * rules beyond it: complete-step not at the last step, decide only at the last step, extend once,
 * send-back only after the first step. */
static void test_allowed_follows_state_machine(void **state)
{
	struct env *e = *state;
	static const char *const everyone[] = {"citizen",          "receiver@" SP1, "receiver@" SP2,
					       "processor@" PC1,   "approver@" PC1, NULL};
	struct dossier *d = arena_alloc(&e->f->arena, sizeof(*d));
	as(e, everyone);
	int checked = 0;
	for (int s = 0; s < DS_NSTATUS; s++)
		for (int64_t step = 0; step <= 2; step++)
			for (int ext = 0; ext <= 1; ext++) {
				dossier_at(d, (enum ds_status)s, step, ext);
				unsigned want = 0;
				for (int a = 0; a < DA_NACTION; a++) {
					enum ds_status to;
					if (!ds_transition((enum ds_action)a, (enum ds_status)s, &to))
						continue;
					if (a == DA_COMPLETE_STEP && step != 1)
						continue;
					if (a == DA_DECIDE && step != 2)
						continue;
					if (a == DA_EXTEND && ext)
						continue;
					if (a == DA_SEND_BACK && step != 2)
						continue;
					want |= 1u << a;
				}
				unsigned got = allowed_bits(e, d);
				if (got != want)
					print_error("%s at step %lld%s: got %#x, want %#x\n",
						    ds_status_name((enum ds_status)s), (long long)step,
						    ext ? " (extended)" : "", got, want);
				assert_int_equal(got, want);
				checked++;
			}
	assert_int_equal(checked, DS_NSTATUS * 3 * 2);
}

#define A(x) (1u << (x))

/* API.md's "who" column, caller by caller, in statuses where the state machine allows the
 * action. */
static void test_allowed_by_caller(void **state)
{
	struct env *e = *state;
	struct dossier *d = arena_alloc(&e->f->arena, sizeof(*d));
	static const char *const applicant[] = {"citizen", NULL};
	static const char *const receiver[] = {"receiver@" SP1, NULL};
	static const char *const returner[] = {"receiver@" SP2, NULL};
	static const char *const processor[] = {"processor@" PC1, NULL};
	static const char *const approver[] = {"approver@" PC1, NULL};
	static const char *const stranger[] = {"receiver@" SP2, "processor@" SP1, NULL};
	static const struct {
		const char *const *roles;
		enum ds_status status;
		int64_t step;
		unsigned want;
	} cases[] = {
		{applicant, DS_SUBMITTED, 0, A(DA_STOP)},
		{applicant, DS_NEEDS_COMPLETION, 0, A(DA_RESUBMIT) | A(DA_STOP)},
		{applicant, DS_AWAITING_SUPPLEMENT, 1, A(DA_SUPPLEMENT) | A(DA_STOP)},
		{applicant, DS_READY_FOR_RETURN, 0, 0},
		{receiver, DS_SUBMITTED, 0,
		 A(DA_RECEIVE) | A(DA_REQUEST_COMPLETION) | A(DA_REFUSE) | A(DA_STOP)},
		{receiver, DS_NEEDS_COMPLETION, 0, A(DA_REFUSE) | A(DA_STOP)},
		{receiver, DS_RECEIVED, 0, A(DA_TRANSFER) | A(DA_STOP)},
		{receiver, DS_PROCESSING, 1, A(DA_STOP)},
		{receiver, DS_AWAITING_SUPPLEMENT, 1, A(DA_SUPPLEMENT) | A(DA_STOP)},
		{receiver, DS_READY_FOR_RETURN, 0, 0},
		{returner, DS_AWAITING_SUPPLEMENT, 1, A(DA_SUPPLEMENT)},
		{returner, DS_READY_FOR_RETURN, 0, A(DA_RETURN)},
		{processor, DS_PROCESSING, 1, A(DA_COMPLETE_STEP) | A(DA_REQUEST_SUPPLEMENT)},
		{processor, DS_PROCESSING, 2, 0},
		{approver, DS_PROCESSING, 1, A(DA_EXTEND)},
		{approver, DS_PROCESSING, 2,
		 A(DA_REQUEST_SUPPLEMENT) | A(DA_EXTEND) | A(DA_DECIDE) | A(DA_SEND_BACK)},
		{approver, DS_AWAITING_SUPPLEMENT, 2, A(DA_EXTEND)},
		{stranger, DS_SUBMITTED, 0, 0},
		{stranger, DS_PROCESSING, 1, 0},
	};
	for (size_t i = 0; i < MC_ARRAY_LEN(cases); i++) {
		as(e, cases[i].roles);
		dossier_at(d, cases[i].status, cases[i].step, false);
		unsigned got = allowed_bits(e, d);
		if (got != cases[i].want)
			print_error("case %zu (%s, %s at step %lld): got %#x, want %#x\n", i,
				    cases[i].roles[0], ds_status_name(cases[i].status),
				    (long long)cases[i].step, got, cases[i].want);
		assert_int_equal(got, cases[i].want);
	}
	/* Nobody logged in may take none. */
	dossier_at(d, DS_SUBMITTED, 0, false);
	e->ctx.user = NULL;
	const char *names[DA_NACTION];
	assert_int_equal(dossier_allowed(&e->ctx, d, names), 0);
	e->ctx.user = &e->user;
}

/* A citizen account covers the dossier it submitted, or (verified) one of its ID number. */
static void test_allowed_applicant_account(void **state)
{
	struct env *e = *state;
	struct dossier *d = arena_alloc(&e->f->arena, sizeof(*d));
	static const char *const citizen[] = {"citizen", NULL};
	as(e, citizen);
	dossier_at(d, DS_NEEDS_COMPLETION, 0, false);
	d->submitter_id = 8; /* another account submitted it */
	assert_int_equal(allowed_bits(e, d), 0);
	snprintf(e->user.id_number, sizeof(e->user.id_number), APPLICANT);
	assert_int_equal(allowed_bits(e, d), 0); /* unverified: only what it submitted itself */
	snprintf(e->user.identity, sizeof(e->user.identity), "verified");
	assert_int_equal(allowed_bits(e, d), A(DA_RESUBMIT) | A(DA_STOP));
}

/* The body fields of API.md's table, action by action; no fields for an unknown action. */
static void test_action_fields(void **state)
{
	MC_UNUSED(state);
	static const char *const want[DA_NACTION] = {
		[DA_RECEIVE] = "",
		[DA_REQUEST_COMPLETION] = "items reason",
		[DA_RESUBMIT] = "components",
		[DA_REFUSE] = "reason",
		[DA_TRANSFER] = "",
		[DA_COMPLETE_STEP] = "note",
		[DA_REQUEST_SUPPLEMENT] = "items reason exception",
		[DA_SUPPLEMENT] = "components",
		[DA_EXTEND] = "reason new_due_at",
		[DA_DECIDE] = "outcome reason result",
		[DA_RETURN] = "channel unit address tracking_number",
		[DA_STOP] = "reason",
		[DA_SEND_BACK] = "reason to_step",
	};
	for (int a = 0; a < DA_NACTION; a++) {
		const char *fields[DOSSIER_ACTION_FIELDS_MAX + 1];
		char got[256] = "";
		size_t n = dossier_action_fields((enum ds_action)a, fields);
		for (size_t i = 0; i < n; i++)
			snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s", i ? " " : "",
				 fields[i]);
		assert_null(fields[n]);
		assert_string_equal(got, want[a]);
	}
	const char *fields[DOSSIER_ACTION_FIELDS_MAX + 1];
	assert_int_equal(dossier_action_fields(DA_NACTION, fields), 0);
	assert_null(fields[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_allowed_follows_state_machine, setup, teardown),
		cmocka_unit_test_setup_teardown(test_allowed_by_caller, setup, teardown),
		cmocka_unit_test_setup_teardown(test_allowed_applicant_account, setup, teardown),
		cmocka_unit_test(test_action_fields),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
