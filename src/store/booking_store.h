/* Appointments: booking settings, opening hours, bookings and slot counters (SQL only). */
#ifndef MC_BOOKING_STORE_H
#define MC_BOOKING_STORE_H

#include "domain/booking.h"
#include "store/db.h"

/* A point's settings and hours; MC_ENOTFOUND when it has none stored (then out is untouched). */
enum mc_err bstore_settings(struct db *db, const char *point, struct booking_settings *out);
/* Replaces a point's settings and hours. */
enum mc_err bstore_set_settings(struct db *db, const char *point, const struct booking_settings *s,
				int64_t at, const char *by);
/* The booked counts of a point's slots starting in [from, to): fn(start, booked). */
enum mc_err bstore_slot_counts(struct db *db, const char *point, int64_t from, int64_t to,
			       void (*fn)(int64_t start, int64_t booked, void *arg), void *arg);
/* Takes one place of a slot when fewer than capacity are taken (a conditional upsert of the
 * slot's counter row): MC_ECONFLICT when the slot is full. */
enum mc_err bstore_take_place(struct db *db, const char *point, int64_t start, int64_t capacity);
/* Gives one place back. */
enum mc_err bstore_free_place(struct db *db, const char *point, int64_t start);
/* Locks the ID number's holder row (created when missing) until the transaction ends, then counts
 * its bookings still booked that end after now. */
enum mc_err bstore_hold(struct db *db, const char *id_number, int64_t now, int64_t *active);
/* Inserts a booking (b->id set); MC_ECONFLICT when its code exists. */
enum mc_err bstore_insert(struct db *db, struct booking *b);
enum mc_err bstore_get(struct db *db, const char *code, struct booking *out);
/* Moves a booking from status `from` to `to`; MC_ECONFLICT when it is not in `from`. */
enum mc_err bstore_set_status(struct db *db, int64_t id, const char *from, const char *to,
			      int64_t at, const char *by);
/* A point's bookings starting in [from, to), by start then code. */
enum mc_err bstore_list(struct db *db, const char *point, int64_t from, int64_t to,
			void (*fn)(const struct booking *b, void *arg), void *arg);

#endif
