/* The Vietnamese lunar calendar computed from astronomy: true new moons from the lunation series
 * of Meeus (Astronomical Algorithms, ch. 49), the apparent solar longitude from the low-precision
 * solar theory (ch. 25), Delta T from the Espenak–Meeus polynomials, all reduced to local days
 * (UTC+7 from 1968, UTC+8 before, as Vietnam's calendar was then computed).
 * It is not responsible for holidays (holidays.c) or for any I/O. */
#include "base/base.h"

#include <math.h>

#include "base/civil.h"
#include "domain/lunar.h"

#define PI 3.14159265358979323846
#define JD_UNIX_EPOCH 2440587.5 /* Julian date of 1970-01-01T00:00:00Z */
#define UTC7_FROM_DAY (-731) /* 1968-01-01: the first day computed for UTC+7 rather than UTC+8 */
#define SYNODIC_MONTH 29.530588861
#define JDE_NEW_MOON_K0 2451550.09766 /* the mean new moon of 2000-01-06, lunation k = 0 */

/* The months from one month 11 (inclusive) to the next (exclusive): 12 or 13 of them. */
struct sui {
	int first_year; /* the solar year in which the first month 11 begins */
	int count;      /* 12 or 13 */
	int leap;       /* the index of the leap month, 0 when there is none */
	int64_t start[14];
};

static double rad(double deg)
{
	return deg * PI / 180.0;
}

/* Delta T = TT - UT in seconds, for a decimal year (Espenak and Meeus, NASA eclipse pages). */
static double delta_t(double y)
{
	double t;
	if (y < 1900) {
		t = y - 1860;
		return 7.62 + 0.5737 * t - 0.251754 * t * t + 0.01680668 * t * t * t -
		       0.0004473624 * pow(t, 4) + pow(t, 5) / 233174;
	}
	if (y < 1920) {
		t = y - 1900;
		return -2.79 + 1.494119 * t - 0.0598939 * t * t + 0.0061966 * t * t * t -
		       0.000197 * pow(t, 4);
	}
	if (y < 1941) {
		t = y - 1920;
		return 21.20 + 0.84493 * t - 0.076100 * t * t + 0.0020936 * t * t * t;
	}
	if (y < 1961) {
		t = y - 1950;
		return 29.07 + 0.407 * t - t * t / 233 + t * t * t / 2547;
	}
	if (y < 1986) {
		t = y - 1975;
		return 45.45 + 1.067 * t - t * t / 260 - t * t * t / 718;
	}
	if (y < 2005) {
		t = y - 2000;
		return 63.86 + 0.3345 * t - 0.060374 * t * t + 0.0017275 * t * t * t +
		       0.000651814 * pow(t, 4) + 0.00002373599 * pow(t, 5);
	}
	if (y < 2050) {
		t = y - 2000;
		return 62.92 + 0.32217 * t + 0.005589 * t * t;
	}
	t = (y - 1820) / 100;
	return -20 + 32 * t * t - 0.5628 * (2150 - y);
}

/* The periodic terms of a true new moon: coefficient, then multiples of M', M, F and Omega, and
 * the power of E that scales the term. */
struct nm_term {
	double coef;
	signed char mp, m, f, om, e;
};

static const struct nm_term NEW_MOON_TERMS[] = {
	{-0.40720, 1, 0, 0, 0, 0}, {0.17241, 0, 1, 0, 0, 1},  {0.01608, 2, 0, 0, 0, 0},
	{0.01039, 0, 0, 2, 0, 0},  {0.00739, 1, -1, 0, 0, 1}, {-0.00514, 1, 1, 0, 0, 1},
	{0.00208, 0, 2, 0, 0, 2},  {-0.00111, 1, 0, -2, 0, 0}, {-0.00057, 1, 0, 2, 0, 0},
	{0.00056, 2, 1, 0, 0, 1},  {-0.00042, 3, 0, 0, 0, 0}, {0.00042, 0, 1, 2, 0, 1},
	{0.00038, 0, 1, -2, 0, 1}, {-0.00024, 2, -1, 0, 0, 1}, {-0.00017, 0, 0, 0, 1, 0},
	{-0.00007, 1, 2, 0, 0, 0}, {0.00004, 2, 0, -2, 0, 0}, {0.00004, 0, 3, 0, 0, 0},
	{0.00003, 1, 1, -2, 0, 0}, {0.00003, 2, 0, 2, 0, 0},  {-0.00003, 1, 1, 2, 0, 0},
	{0.00003, 1, -1, 2, 0, 0}, {-0.00002, 1, -1, -2, 0, 0}, {-0.00002, 3, 1, 0, 0, 0},
	{0.00002, 4, 0, 0, 0, 0},
};

/* The planetary arguments of a new moon: amplitude, phase and rate per lunation, in degrees. */
static const double NEW_MOON_PLANETARY[14][3] = {
	{0.000325, 299.77, 0.107408}, {0.000165, 251.88, 0.016321}, {0.000164, 251.83, 26.651886},
	{0.000126, 349.42, 36.412478}, {0.000110, 84.66, 18.206239}, {0.000062, 141.74, 53.303771},
	{0.000060, 207.14, 2.453732},  {0.000056, 154.84, 7.306860},  {0.000047, 34.52, 27.261239},
	{0.000042, 207.19, 0.121824},  {0.000040, 291.34, 1.844379},  {0.000037, 161.72, 24.198154},
	{0.000035, 239.56, 25.513099}, {0.000023, 331.55, 3.592518},
};

/* The Julian ephemeris day (TT) of the true new moon of lunation k (k = 0 near 2000-01-06). */
static double new_moon_jde(int k)
{
	double kk = k;
	double t = kk / 1236.85, t2 = t * t, t3 = t2 * t, t4 = t3 * t;
	double jde = JDE_NEW_MOON_K0 + SYNODIC_MONTH * kk + 0.00015437 * t2 - 0.000000150 * t3 +
		     0.00000000073 * t4;
	double e = 1 - 0.002516 * t - 0.0000074 * t2;
	double m = rad(2.5534 + 29.10535670 * kk - 0.0000014 * t2 - 0.00000011 * t3);
	double mp = rad(201.5643 + 385.81693528 * kk + 0.0107582 * t2 + 0.00001238 * t3 -
			0.000000058 * t4);
	double f = rad(160.7108 + 390.67050284 * kk - 0.0016118 * t2 - 0.00000227 * t3 +
		       0.000000011 * t4);
	double om = rad(124.7746 - 1.56375588 * kk + 0.0020672 * t2 + 0.00000215 * t3);
	for (size_t i = 0; i < MC_ARRAY_LEN(NEW_MOON_TERMS); i++) {
		const struct nm_term *p = &NEW_MOON_TERMS[i];
		double arg = p->mp * mp + p->m * m + p->f * f + p->om * om;
		double scale = p->e == 0 ? 1 : (p->e == 1 ? e : e * e);
		jde += p->coef * scale * sin(arg);
	}
	for (size_t i = 0; i < MC_ARRAY_LEN(NEW_MOON_PLANETARY); i++) {
		const double *a = NEW_MOON_PLANETARY[i];
		double arg = a[1] + a[2] * kk;
		if (i == 0)
			arg -= 0.009173 * t2;
		jde += a[0] * sin(rad(arg));
	}
	return jde;
}

/* The time zone of the calendar, in days, for a local day: Vietnam computed its calendar for
 * UTC+8 (as China does) until North Vietnam moved to UTC+7 by the decree of 8 August 1967, whose
 * new calendar took effect with 1968. */
static double zone_days(int64_t day)
{
	return (day < UTC7_FROM_DAY ? 8.0 : 7.0) / 24.0;
}

/* The local day on which the new moon of lunation k falls. */
static int64_t new_moon_day(int k)
{
	double jde = new_moon_jde(k);
	double year = 2000.0 + (jde - 2451544.5) / 365.2425;
	double days_ut = jde - delta_t(year) / 86400.0 - JD_UNIX_EPOCH;
	return (int64_t)floor(days_ut + zone_days((int64_t)floor(days_ut + 7.0 / 24.0)));
}

/* The apparent geocentric longitude of the sun, in degrees [0, 360), at Julian day jd (UT). */
static double sun_longitude(double jd)
{
	double year = 2000.0 + (jd - 2451545.0) / 365.2425;
	double t = (jd + delta_t(year) / 86400.0 - 2451545.0) / 36525.0;
	double l0 = 280.46646 + 36000.76983 * t + 0.0003032 * t * t;
	double m = rad(357.52911 + 35999.05029 * t - 0.0001537 * t * t);
	double c = (1.914602 - 0.004817 * t - 0.000014 * t * t) * sin(m) +
		   (0.019993 - 0.000101 * t) * sin(2 * m) + 0.000289 * sin(3 * m);
	double omega = rad(125.04 - 1934.136 * t);
	double lambda = l0 + c - 0.00569 - 0.00478 * sin(omega);
	lambda = fmod(lambda, 360.0);
	return lambda < 0 ? lambda + 360.0 : lambda;
}

/* Which 30-degree sector (0..11, sector 9 begins at the winter solstice) the sun is in at local
 * midnight at the start of a day. A month holds a major term exactly when the sector at the start
 * of the month differs from the sector at the start of the next month. */
static int sun_sector(int64_t day)
{
	double jd = (double)day + JD_UNIX_EPOCH - zone_days(day);
	return (int)(sun_longitude(jd) / 30.0) % 12;
}

/* The lunation that begins month 11 of a solar year: the month holding its winter solstice. */
static int month11_lunation(int year)
{
	int64_t dec31 = civil_days(year, 12, 31);
	double approx = ((double)dec31 + JD_UNIX_EPOCH - JDE_NEW_MOON_K0) / SYNODIC_MONTH;
	int k = (int)floor(approx);
	while (new_moon_day(k + 1) <= dec31)
		k++;
	while (new_moon_day(k) > dec31)
		k--;
	/* The month that began on or before 31 December holds the solstice unless the sun had
	 * already passed 270 degrees when it began. */
	if (sun_sector(new_moon_day(k)) >= 9)
		k--;
	return k;
}

/* Computes the months from month 11 of first_year to month 11 of first_year + 1. */
static void sui_compute(int first_year, struct sui *s)
{
	int ka = month11_lunation(first_year);
	int kb = month11_lunation(first_year + 1);
	s->first_year = first_year;
	s->count = kb - ka;
	s->leap = 0;
	for (int i = 0; i <= s->count; i++)
		s->start[i] = new_moon_day(ka + i);
	if (s->count != 13)
		return;
	int sector = sun_sector(s->start[1]);
	for (int i = 1; i < 13; i++) {
		int next = sun_sector(s->start[i + 1]);
		if (next == sector) {
			s->leap = i;
			return;
		}
		sector = next;
	}
}

/* The month number (1..12) of the i-th month of a sui, whose index 0 is month 11. */
static int sui_month_number(const struct sui *s, int i)
{
	int ordinal = (s->leap != 0 && i >= s->leap) ? i - 1 : i;
	return (10 + ordinal) % 12 + 1;
}

/* The lunar year of the i-th month of a sui: months 11 and 12 belong to the first solar year. */
static int sui_lunar_year(const struct sui *s, int i)
{
	return sui_month_number(s, i) >= 11 ? s->first_year : s->first_year + 1;
}

/* Finds the index of a month in the sui, or -1. */
static int sui_find(const struct sui *s, int month, bool leap)
{
	for (int i = 0; i < s->count; i++) {
		bool is_leap = s->leap != 0 && s->leap == i;
		if (sui_month_number(s, i) == month && is_leap == leap)
			return i;
	}
	return -1;
}

/* Computes the sui holding a lunar month of a lunar year. */
static void sui_of_month(int year, int month, struct sui *s)
{
	sui_compute(month >= 11 ? year : year - 1, s);
}

enum mc_err lunar_from_solar(int64_t day, struct lunar_date *out)
{
	int y, m, d;
	struct sui s;
	civil_ymd(day, &y, &m, &d);
	if (y < LUNAR_FIRST_YEAR - 1 || y > LUNAR_LAST_YEAR + 1)
		return MC_EINVAL;
	int64_t this_m11 = new_moon_day(month11_lunation(y));
	sui_compute(day >= this_m11 ? y : y - 1, &s);
	int i = 0;
	while (i + 1 < s.count && s.start[i + 1] <= day)
		i++;
	int lyear = sui_lunar_year(&s, i);
	if (lyear < LUNAR_FIRST_YEAR || lyear > LUNAR_LAST_YEAR)
		return MC_EINVAL;
	out->day = (int)(day - s.start[i]) + 1;
	out->month = sui_month_number(&s, i);
	out->year = lyear;
	out->leap = s.leap == i && i != 0;
	return MC_OK;
}

enum mc_err lunar_to_solar(const struct lunar_date *in, int64_t *day)
{
	struct sui s;
	if (in->year < LUNAR_FIRST_YEAR || in->year > LUNAR_LAST_YEAR || in->month < 1 ||
	    in->month > 12 || in->day < 1 || in->day > 30)
		return MC_EINVAL;
	sui_of_month(in->year, in->month, &s);
	int i = sui_find(&s, in->month, in->leap);
	if (i < 0 || in->day > s.start[i + 1] - s.start[i])
		return MC_EINVAL;
	*day = s.start[i] + in->day - 1;
	return MC_OK;
}

int lunar_leap_month(int year)
{
	struct sui s;
	if (year < LUNAR_FIRST_YEAR || year > LUNAR_LAST_YEAR)
		return 0;
	/* Leap months 1..10 lie in the sui that ends in the year, 11 and 12 in the one that starts
	 * in it. */
	sui_compute(year - 1, &s);
	if (s.leap != 0 && sui_month_number(&s, s.leap) <= 10)
		return sui_month_number(&s, s.leap);
	sui_compute(year, &s);
	if (s.leap != 0 && sui_month_number(&s, s.leap) >= 11)
		return sui_month_number(&s, s.leap);
	return 0;
}

int lunar_month_length(int year, int month, bool leap)
{
	struct sui s;
	if (year < LUNAR_FIRST_YEAR || year > LUNAR_LAST_YEAR || month < 1 || month > 12)
		return 0;
	sui_of_month(year, month, &s);
	int i = sui_find(&s, month, leap);
	return i < 0 ? 0 : (int)(s.start[i + 1] - s.start[i]);
}
