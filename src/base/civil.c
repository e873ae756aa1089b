/* Gregorian date arithmetic (Howard Hinnant's days-from-civil method, written from its published
 * description) and RFC 3339 parsing and formatting in UTC+7. No libc time zone code is used. */
#include "base/base.h"

#include "base/civil.h"

int64_t civil_days(int y, int m, int d)
{
	int64_t yy = (int64_t)y - (m <= 2);
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;
	int64_t mp = (m + 9) % 12;
	int64_t doy = (153 * mp + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void civil_ymd(int64_t days, int *y, int *m, int *d)
{
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t dd = doy - (153 * mp + 2) / 5 + 1;
	int64_t mm = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)(yoe + era * 400 + (mm <= 2));
	*m = (int)mm;
	*d = (int)dd;
}

int civil_weekday(int64_t days)
{
	int64_t w = (days + 4) % 7; /* 1970-01-01 was a Thursday */
	return (int)(w < 0 ? w + 7 : w);
}

int civil_days_in_month(int y, int m)
{
	static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dim[m - 1];
}

bool civil_valid(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= civil_days_in_month(y, m);
}

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

int64_t civil_local_day(int64_t t)
{
	return floor_div(t + CIVIL_TZ_OFFSET, CIVIL_DAY);
}

int civil_local_secs(int64_t t)
{
	return (int)(t + CIVIL_TZ_OFFSET - civil_local_day(t) * CIVIL_DAY);
}

int64_t civil_instant(int64_t day, int secs)
{
	return day * CIVIL_DAY + secs - CIVIL_TZ_OFFSET;
}

static bool digits(const char *s, size_t n, int *out)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

enum mc_err civil_parse_date(const char *s, size_t len, int64_t *out)
{
	int y, m, d;
	if (len != 10 || s[4] != '-' || s[7] != '-')
		return MC_EINVAL;
	if (!digits(s, 4, &y) || !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d))
		return MC_EINVAL;
	if (!civil_valid(y, m, d))
		return MC_EINVAL;
	*out = civil_days(y, m, d);
	return MC_OK;
}

enum mc_err civil_parse_time(const char *s, size_t len, int64_t *out)
{
	int64_t day;
	int hh, mi, ss, oh, om;
	size_t i = 19;
	if (len < 20 || (s[10] != 'T' && s[10] != 't' && s[10] != ' '))
		return MC_EINVAL;
	if (civil_parse_date(s, 10, &day) != MC_OK)
		return MC_EINVAL;
	if (s[13] != ':' || s[16] != ':' || !digits(s + 11, 2, &hh) || !digits(s + 14, 2, &mi) ||
	    !digits(s + 17, 2, &ss))
		return MC_EINVAL;
	if (hh > 23 || mi > 59 || ss > 59)
		return MC_EINVAL;
	if (s[i] == '.') {
		i++;
		size_t start = i;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == start || i - start > 9)
			return MC_EINVAL;
	}
	if (i >= len)
		return MC_EINVAL; /* no offset */
	int64_t offset;
	if ((s[i] == 'Z' || s[i] == 'z') && i + 1 == len) {
		offset = 0;
	} else if ((s[i] == '+' || s[i] == '-' || s[i] == ' ') && len - i == 6 && s[i + 3] == ':' &&
		   digits(s + i + 1, 2, &oh) && digits(s + i + 4, 2, &om) && oh <= 23 && om <= 59) {
		offset = (int64_t)oh * 3600 + om * 60;
		if (s[i] == '-')
			offset = -offset;
	} else {
		return MC_EINVAL;
	}
	int64_t t = day * CIVIL_DAY + hh * 3600 + mi * 60 + ss - offset;
	/* The local (UTC+7) date must stay within years 1..9999, so that formatting round-trips. */
	int64_t local = civil_local_day(t);
	if (local < civil_days(1, 1, 1) || local > civil_days(9999, 12, 31))
		return MC_EINVAL;
	*out = t;
	return MC_OK;
}

/* Writes v[0..n) as two digits each into the places of "YYYY-MM-DDTHH:MM:SS" (century, year,
 * month, day, hours, minutes, seconds; n at most 7), each value 0..99. */
static void put_pairs(char *out, const int *v, size_t n)
{
	static const int at[] = {0, 2, 5, 8, 11, 14, 17};
	for (size_t i = 0; i < n && i < MC_ARRAY_LEN(at); i++) {
		out[at[i]] = (char)('0' + v[i] / 10);
		out[at[i] + 1] = (char)('0' + v[i] % 10);
	}
}

void civil_format_date(int64_t day, char out[16])
{
	int y, m, d;
	char tmp[48];
	civil_ymd(day, &y, &m, &d);
	if (y >= 0 && y <= 9999) { /* the usual case, without printf (each intake formats its day) */
		const int v[] = {y / 100, y % 100, m, d};
		memcpy(out, "0000-00-00", 11);
		put_pairs(out, v, MC_ARRAY_LEN(v));
		return;
	}
	snprintf(tmp, sizeof(tmp), "%04d-%02d-%02d", y, m, d);
	snprintf(out, 16, "%.15s", tmp);
}

void civil_format_time(int64_t t, char out[32])
{
	int y, m, d;
	int64_t day = civil_local_day(t);
	int secs = civil_local_secs(t);
	char tmp[80];
	civil_ymd(day, &y, &m, &d);
	if (y >= 0 && y <= 9999) { /* the usual case, without printf (a hot path of every answer) */
		static const char form[] = "0000-00-00T00:00:00+07:00";
		const int v[] = {y / 100, y % 100, m, d, secs / 3600, secs / 60 % 60, secs % 60};
		memcpy(out, form, sizeof(form));
		put_pairs(out, v, MC_ARRAY_LEN(v));
		return;
	}
	snprintf(tmp, sizeof(tmp), "%04d-%02d-%02dT%02d:%02d:%02d+07:00", y, m, d, secs / 3600,
		 secs / 60 % 60, secs % 60);
	snprintf(out, 32, "%.31s", tmp);
}
