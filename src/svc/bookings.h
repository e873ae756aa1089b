/* Appointments at service points (docs/appointments.md): each point's booking settings (slot
 * length, places per slot, opening hours; defaults: 30-minute slots of 2 places in the working
 * periods), the public free slots of a window of at most BOOKING_WINDOW_DAYS working days, and
 * bookings: made anonymously, by a citizen or by a receiver for a caller; at most
 * BOOKING_ACTIVE_MAX active per ID number; cancelled by the booker; marked arrived (check-in) or
 * no-show by the point's staff. */
#ifndef MC_BOOKINGS_H
#define MC_BOOKINGS_H

#include "domain/booking.h"
#include "domain/queue.h"
#include "svc/svc.h"

struct booking_slot {
	int64_t start, end;
	int64_t remaining;
};

struct booking_in {
	const char *point, *procedure, *start, *name, *id_number, *phone, *email;
};

/* Public requests per client address (slots, bookings, look-ups) in the limiter's window: MC_OK,
 * counting this one, or MC_ETOOMANY (ctx->retry_after set). Staff are not counted. */
enum mc_err bookings_rate(struct svc_ctx *ctx);

/* A point's settings (the defaults when none are stored). MC_ENOTFOUND for an unknown point. */
enum mc_err bookings_settings(struct svc_ctx *ctx, const char *point, struct booking_settings *out);
/* Replaces them (an administrator, or a unit manager covering the point). MC_EINVAL (fields
 * slot_minutes, capacity, hours) when bad. */
enum mc_err bookings_set_settings(struct svc_ctx *ctx, const char *point,
				  struct booking_settings *s);

/* The free slots (remaining > 0) of a point from day `from` to day `to` (day counts; to < 0: the
 * BOOKING_WINDOW_DAYS-th working day from `from`), in time order. MC_EINVAL naming "from" (before
 * today), "to" (before from, or past BOOKING_WINDOW_DAYS working days) or "procedure" (unknown;
 * NULL: any). */
enum mc_err bookings_slots(struct svc_ctx *ctx, const char *point, int64_t from, int64_t to,
			   const char *procedure, void (*fn)(const struct booking_slot *s, void *arg),
			   void *arg);

/* Books a place. MC_EINVAL naming the bad fields; MC_ECONFLICT naming "start" when the slot is
 * full, or "id_number" when the number holds BOOKING_ACTIVE_MAX active bookings. */
enum mc_err bookings_book(struct svc_ctx *ctx, const struct booking_in *in, struct booking *out);
/* A booking by code and the booker's ID number (a wrong pair: MC_ENOTFOUND, counted against the
 * client like a wrong tracking secret); staff covering its point need no ID number. */
enum mc_err bookings_find(struct svc_ctx *ctx, const char *code, const char *id_number,
			  struct booking *out);
/* Cancels a booked place before its slot starts (booker with the ID number, or the point's
 * staff); the place is free again. MC_ECONFLICT otherwise. */
enum mc_err bookings_cancel(struct svc_ctx *ctx, const char *code, const char *id_number,
			    struct booking *out);
/* The point's staff (receiver or unit manager): "arrived" on the slot's day, "no_show" once the
 * slot has ended. MC_ECONFLICT otherwise. The check-in ("arrived") issues a queue ticket of the
 * "appointment" priority group in the same transaction (*ticket, *waiting_ahead; docs/queue.md). */
enum mc_err bookings_mark(struct svc_ctx *ctx, const char *code, const char *status,
			  struct booking *out, struct ticket *ticket, int64_t *waiting_ahead);
/* A point's bookings of a day (its staff). */
enum mc_err bookings_day(struct svc_ctx *ctx, const char *point, int64_t day,
			 void (*fn)(const struct booking *b, void *arg), void *arg);

#endif
