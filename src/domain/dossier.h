/* Dossiers as the other layers see them: the dossier with its steps and components, its history
 * events and intake notes; plain structs, no I/O. */
#ifndef MC_DOMAIN_DOSSIER_H
#define MC_DOMAIN_DOSSIER_H

#include "base/base.h"
#include "domain/dossier_state.h"
#include "domain/procedure.h"
#include "domain/unit.h"
#include "domain/workflow.h"

#define DOSSIER_CODE_MAX 48
#define DOSSIER_MAX_STEPS PROC_MAX_STEPS
#define DOSSIER_MAX_COMPONENTS PROC_MAX_COMPONENTS

/* Limits of what an intake or an action takes, in characters. */
#define DOSSIER_NAME_CHARS 200         /* the applicant's or the representative's name */
#define DOSSIER_APPLICANT_ID_CHARS 14  /* a 12-digit personal number, or a tax code with -NNN */
#define DOSSIER_REP_ID_CHARS 12        /* the representative's personal identification number */
#define DOSSIER_RELATION_CHARS 24      /* legal_representative | authorized */
#define DOSSIER_PHONE_CHARS 20
#define DOSSIER_EMAIL_CHARS 254        /* the longest address RFC 5321 allows */
#define DOSSIER_ADDRESS_CHARS 300
#define DOSSIER_TRACKING_NUMBER_CHARS 40 /* a postal tracking number (return by post) */
#define DOSSIER_COMPONENT_ID_CHARS 23  /* struct dossier_component's id */
#define DOSSIER_RESULT_NUMBER_CHARS 60 /* the number of the issued result (a decision, a paper) */
#define DOSSIER_RESULT_TITLE_CHARS 300
#define DOSSIER_NOTE_CHARS 2000        /* a reason, a note, a rating's comment */
#define INTAKE_PROCEDURE_CHARS 300     /* what a refusal names: a catalog code or a free title */

struct dossier_step {
	int64_t idx; /* 1-based */
	const char *name;
	char unit[UNIT_CODE_MAX]; /* resolved: never "resolver" */
	char role[16];
	struct proc_duration duration;
	int64_t started_at, due_at, done_at; /* 0 = not yet */
	const char *done_by;                  /* NULL = not done */
	char timeliness[12];                  /* "" until done */
	int64_t paused_seconds;               /* working seconds paused during this step */
};

/* A unit asked for its opinion by a step (docs/decisions.md "Send back and opinions"). */
struct dossier_opinion {
	int64_t id;
	int64_t step; /* the asking step (1-based) */
	char unit[UNIT_CODE_MAX];
	const char *question; /* NULL = none */
	int64_t asked_at;
	const char *asked_by;
	int64_t due_days, due_at;
	int64_t answered_at; /* 0 = waiting */
	const char *answered_by;
	bool agree;
	const char *answer;
	char timeliness[12]; /* "" until answered */
};

#define DOSSIER_MAX_OPINIONS 64

struct dossier_component {
	char id[24];
	bool provided;
	bool needed;          /* required and to submit (digitization) */
	const char *document; /* NULL = none */
};

struct dossier {
	int64_t id;
	char code[DOSSIER_CODE_MAX];
	enum ds_status status; /* the database column and the API spell it ds_status_name() */
	char procedure_code[PROC_CODE_MAX];
	int64_t procedure_version;
	const char *procedure_name;
	char applicant_kind[16];
	const char *applicant_name;
	char applicant_id[32];
	const char *applicant_phone, *applicant_email, *applicant_address; /* NULL = none */
	char channel[8];
	char receiving_unit[UNIT_CODE_MAX], served_unit[UNIT_CODE_MAX];
	char resolver_unit[UNIT_CODE_MAX], return_unit[UNIT_CODE_MAX];
	char return_channel[8];
	struct proc_duration duration;
	int64_t submitted_at, received_at, due_at; /* 0 = not yet */
	int64_t paused_since;                      /* 0 = not paused */
	int64_t paused_seconds;
	int64_t supplement_requests;
	int64_t extended_due_at; /* 0 = not extended */
	const char *extended_reason;
	int64_t extended_at;  /* when the extension was recorded; 0 = not extended */
	bool extended_late;   /* recorded less than one working day before due_at (a late notice) */
	int64_t current_step; /* 0 = none */
	int64_t decided_at;
	char decision[12];
	const char *decision_reason;
	const char *result_number, *result_title, *result_document;
	char timeliness[12];
	int64_t returned_at;
	char returned_channel[8];
	char returned_unit[UNIT_CODE_MAX];
	const char *returned_address;  /* by post: where the result was sent */
	const char *returned_tracking; /* by post: the postal tracking number */
	const char *closed_reason;
	char tracking_secret[16];
	const char *calendar_versions; /* JSON object text */
	const char *created_by;
	const char *received_by; /* written with a new row only: the receiving officer, or NULL (a
				    citizen's own submission); not read back */
	int64_t version;
	char rating[20];
	const char *rating_comment;
	int64_t rated_at;
	/* Who submitted it online (the citizen account; 0 = not online), with that account's names. */
	int64_t submitter_id;
	const char *submitter_username, *submitter_name;
	/* Who represented the applicant, when not the applicant themself (rep_name NULL = nobody):
	 * relation "legal_representative" | "authorized", the paper proving it (a document id). */
	const char *rep_name;
	char rep_id_number[32];
	char rep_relation[24];
	const char *rep_document;
	size_t nsteps;
	struct dossier_step steps[DOSSIER_MAX_STEPS];
	size_t ncomponents;
	struct dossier_component components[DOSSIER_MAX_COMPONENTS];
	/* Opinions asked by its steps, oldest first (arena; the last DOSSIER_MAX_OPINIONS), and the
	 * delegation its decision was taken under (0 = none). */
	size_t nopinions;
	struct dossier_opinion *opinions;
	int64_t delegation_id;
	const struct delegation *delegation; /* its record (arena), NULL when none */
	/* The national portal sync (docs/portal.md), read with the full dossier: state "pending",
	 * "acknowledged" or "failed"; "" when nothing was ever sent for it ("disabled"). */
	struct dossier_sync {
		char state[16];
		int64_t at;          /* when the state was set */
		const char *error;   /* NULL: none */
		const char *receipt; /* the portal's id of the last acknowledged message; NULL: none */
	} sync;
};

struct dossier_event {
	int64_t at;
	const char *action, *actor, *unit, *from_status, *to_status, *detail;
	const char *actor_name; /* the actor's full name when the actor is an account, else NULL */
	/* Writing: the dossier's row already names the actor where the action would (a new dossier
	 * inserted with its receiving officer), so no UPDATE of who acted is needed. */
	bool acted_known;
};

/* One change in the change feed (store/dossier_store.h, dstore_feed): a row of a dossier's
 * history, whose id is the feed's position. */
struct dossier_change {
	int64_t seq;
	int64_t at;
	const char *action, *from_status, *to_status;
};

struct intake_note {
	char kind[12]; /* "guidance" or "refusal" */
	char number[64];
	const char *unit, *procedure, *applicant_kind, *applicant_name, *applicant_id;
	const char *missing_json; /* JSON array of component ids ("[]" for refusals) */
	const char *text;         /* note or reason */
	int64_t created_at;
	const char *created_by;
};

#endif
