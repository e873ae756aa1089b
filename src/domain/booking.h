/* Appointments at service points as the other layers see them: plain structs, no I/O. */
#ifndef MC_DOMAIN_BOOKING_H
#define MC_DOMAIN_BOOKING_H

#include "base/base.h"
#include "domain/unit.h"

#define BOOKING_CODE_LEN 9       /* "ABCD-EFGH" */
#define BOOKING_NAME_CHARS 100   /* characters of the booker's name */
#define BOOKING_EMAIL_CHARS 254
#define BOOKING_PERIODS_MAX 4    /* opening periods per weekday */
#define BOOKING_ACTIVE_MAX 3     /* active bookings per ID number */
#define BOOKING_WINDOW_DAYS 10   /* working days a slot query or a booking may reach ahead */
#define BOOKING_DEFAULT_SLOT 30  /* minutes */
#define BOOKING_DEFAULT_CAPACITY 2
#define BOOKING_REMIND_SECS (8 * 3600) /* reminder at 08:00 of the working day before */
#define BOOKING_TICKET_GROUP "Lịch hẹn" /* service group of the ticket a check-in issues */

struct booking {
	int64_t id;
	char code[16];
	char point[UNIT_CODE_MAX];
	char procedure[64];
	int64_t start_at, end_at;
	char name[512];
	char id_number[16];
	char phone[32];
	char email[256]; /* "" = none */
	char status[16]; /* booked, cancelled, arrived, no_show */
	char booked_by[128]; /* "" = anonymous */
	char service_group[256]; /* the point's procedure group it holds a place of ("" = none) */
	int64_t created_at, changed_at;
};

/* A point's opening period on a weekday (1 Monday .. 7 Sunday), seconds since local midnight. */
struct booking_period {
	int weekday;
	int start, end;
};

struct booking_settings {
	int slot_minutes;
	int capacity;
	bool custom_hours; /* false: the working periods of the calendar */
	struct booking_period periods[7 * BOOKING_PERIODS_MAX];
	size_t nperiods;
	bool stored; /* false: the defaults */
};

#endif
