/* Citizens' feedback (phản ánh, kiến nghị, khiếu nại) as the other layers see it: plain structs,
 * no I/O (docs/feedback.md). */
#ifndef MC_DOMAIN_FEEDBACK_H
#define MC_DOMAIN_FEEDBACK_H

#include "base/base.h"
#include "domain/dossier.h"
#include "domain/unit.h"
#include "domain/user.h"

#define FEEDBACK_CODE_LEN 12        /* "PA-ABCD-EFGH" */
#define FEEDBACK_CONTENT_CHARS 4000 /* what the sender writes */
#define FEEDBACK_ANSWER_CHARS 4000  /* what the unit answers */
#define FEEDBACK_NAME_CHARS 100     /* the sender's and an officer's name as given */
#define FEEDBACK_EMAIL_CHARS 254
#define FEEDBACK_PHONE_CHARS 11
#define FEEDBACK_DOSSIER_OPEN_MAX 3 /* unanswered feedback about one dossier at a time */
#define FEEDBACK_DEFAULT_DAYS 10    /* working days to answer (docs/feedback.md "Deadline") */
#define FEEDBACK_LIST_MAX 200       /* rows a list answers at most */

struct feedback {
	int64_t id;
	char code[16];
	char secret[16];
	char kind[12];  /* phan_anh, kien_nghi, khieu_nai */
	char about[12]; /* dossier, point, officer */
	char dossier[DOSSIER_CODE_MAX]; /* "" = none */
	char point[UNIT_CODE_MAX];      /* "" = none */
	char officer[USER_NAME_MAX];    /* an account's username (from a dossier's history); "" = none */
	char officer_name[512];         /* as given, or the account's full name; "" = none */
	const char *content;
	char contact_name[512];
	char contact_phone[32]; /* "" = none */
	char contact_email[256]; /* "" = none */
	bool consent;            /* the sender agrees to publication */
	char submitted_by[USER_NAME_MAX]; /* the citizen account; "" = anonymous */
	char unit[UNIT_CODE_MAX];         /* the unit responsible for answering */
	int64_t received_at, due_at;
	char status[12];    /* open, answered */
	const char *answer; /* NULL until answered */
	int64_t answered_at; /* 0 until answered */
	char answered_by[USER_NAME_MAX];
	bool late;      /* answered after due_at */
	bool published; /* shown in the public list */
};

#endif
