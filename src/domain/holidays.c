/* The default days off of a year under the Labor Code 2019 Art. 112, with Vietnamese names and
 * compensation days for holidays that fall on a weekend, and the parser of the official list's CSV
 * format. It decides nothing about working hours (workclock.c) and does no I/O: callers read the
 * files and pass their bytes. */
#include "base/base.h"

#include "base/civil.h"
#include "domain/holidays.h"
#include "domain/lunar.h"

#define MAX_HOLIDAYS 16

/* A holiday before compensation days are added: its day, full name and the short name that a
 * compensation day refers to. */
struct holiday {
	int64_t day;
	const char *base;
	char name[HOL_NAME_MAX];
};

struct holiday_list {
	struct holiday h[MAX_HOLIDAYS];
	size_t n;
};

static void add_holiday(struct holiday_list *l, int64_t day, const char *base, const char *detail)
{
	struct holiday *h = &l->h[l->n++];
	h->day = day;
	h->base = base;
	if (detail)
		snprintf(h->name, sizeof(h->name), "%s (%s)", base, detail);
	else
		snprintf(h->name, sizeof(h->name), "%s", base);
}

static bool is_weekend(int64_t day)
{
	int wd = civil_weekday(day);
	return wd == 0 || wd == 6;
}

/* Tết: the last day of the previous lunar year and mùng 1 to mùng 4. */
static enum mc_err add_tet(struct holiday_list *l, int year)
{
	static const char *const MUNG[4] = {"mùng 1", "mùng 2", "mùng 3", "mùng 4"};
	struct lunar_date first = {1, 1, year, false}, last;
	int64_t day;
	char detail[32];
	enum mc_err err = lunar_to_solar(&first, &day);
	if (err)
		return err;
	err = lunar_from_solar(day - 1, &last);
	if (err)
		return err;
	snprintf(detail, sizeof(detail), "%d tháng Chạp", last.day);
	add_holiday(l, day - 1, "Tết Nguyên đán", detail);
	for (int i = 0; i < 4; i++)
		add_holiday(l, day + i, "Tết Nguyên đán", MUNG[i]);
	return MC_OK;
}

/* Quốc khánh: 2/9 and the adjacent day, 3/9 when 2/9 is a Sunday, Monday or Thursday, else 1/9. */
static void add_national_day(struct holiday_list *l, int year)
{
	int64_t day = civil_days(year, 9, 2);
	int wd = civil_weekday(day);
	bool after = wd == 0 || wd == 1 || wd == 4;
	add_holiday(l, day, "Quốc khánh", NULL);
	add_holiday(l, after ? day + 1 : day - 1, "Quốc khánh", "ngày liền kề");
}

static enum mc_err collect_holidays(int year, struct holiday_list *l)
{
	struct lunar_date hung = {10, 3, year, false};
	int64_t hung_day;
	enum mc_err err;
	l->n = 0;
	add_holiday(l, civil_days(year, 1, 1), "Tết Dương lịch", NULL);
	err = add_tet(l, year);
	if (err)
		return err;
	err = lunar_to_solar(&hung, &hung_day);
	if (err)
		return err;
	add_holiday(l, hung_day, "Giỗ Tổ Hùng Vương", "10/3 âm lịch");
	add_holiday(l, civil_days(year, 4, 30), "Ngày Chiến thắng", NULL);
	add_holiday(l, civil_days(year, 5, 1), "Quốc tế Lao động", NULL);
	add_national_day(l, year);
	if (year >= 2026)
		add_holiday(l, civil_days(year, 11, 24), "Ngày Văn hóa Việt Nam", NULL);
	return MC_OK;
}

/* Appends "; " and more to name, cutting at a UTF-8 character boundary if it does not fit. */
static void join_names(char name[HOL_NAME_MAX], const char *more)
{
	size_t len = strlen(name);
	size_t add = strlen(more);
	if (len + 2 >= HOL_NAME_MAX)
		return;
	memcpy(name + len, "; ", 2);
	len += 2;
	if (len + add >= HOL_NAME_MAX) {
		add = HOL_NAME_MAX - 1 - len;
		while (add > 0 && ((unsigned char)more[add] & 0xc0) == 0x80)
			add--;
	}
	memcpy(name + len, more, add);
	name[len + add] = '\0';
}

/* Sorts by day and merges holidays that share a date into one day whose name joins both. */
static void sort_and_merge(struct holiday_list *l)
{
	for (size_t i = 1; i < l->n; i++) {
		struct holiday tmp = l->h[i];
		size_t j = i;
		for (; j > 0 && l->h[j - 1].day > tmp.day; j--)
			l->h[j] = l->h[j - 1];
		l->h[j] = tmp;
	}
	size_t w = 0;
	for (size_t i = 0; i < l->n; i++) {
		if (w > 0 && l->h[w - 1].day == l->h[i].day) {
			struct holiday *prev = &l->h[w - 1];
			join_names(prev->name, l->h[i].name);
			continue;
		}
		l->h[w++] = l->h[i];
	}
	l->n = w;
}

static bool listed(const struct holiday_list *l, const struct hol_day *comp, size_t ncomp,
		   int64_t day)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->h[i].day == day)
			return true;
	for (size_t i = 0; i < ncomp; i++)
		if (comp[i].day == day)
			return true;
	return false;
}

static void name_compensation(struct hol_day *out, const struct holiday *h)
{
	int y, m, d;
	civil_ymd(h->day, &y, &m, &d);
	snprintf(out->name, sizeof(out->name), "Nghỉ bù %s (%d/%d/%d là %s)", h->base, d, m, y,
		 civil_weekday(h->day) == 0 ? "Chủ nhật" : "thứ Bảy");
}

/* Adds a compensation day for each weekend holiday, after the block of consecutive holidays that
 * holds it. Returns the number of compensation days written to comp. */
static size_t compensate(const struct holiday_list *l, struct hol_day *comp)
{
	size_t ncomp = 0;
	size_t i = 0;
	while (i < l->n) {
		size_t end = i;
		while (end + 1 < l->n && l->h[end + 1].day == l->h[end].day + 1)
			end++;
		int64_t next = l->h[end].day + 1;
		for (size_t k = i; k <= end; k++) {
			if (!is_weekend(l->h[k].day))
				continue;
			while (is_weekend(next) || listed(l, comp, ncomp, next))
				next++;
			comp[ncomp].day = next;
			comp[ncomp].working = false;
			comp[ncomp].status = 0;
			name_compensation(&comp[ncomp], &l->h[k]);
			ncomp++;
			next++;
		}
		i = end + 1;
	}
	return ncomp;
}

static void sort_days(struct hol_day *d, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		struct hol_day tmp = d[i];
		size_t j = i;
		for (; j > 0 && d[j - 1].day > tmp.day; j--)
			d[j] = d[j - 1];
		d[j] = tmp;
	}
}

enum mc_err hol_defaults(int year, struct hol_day *out, size_t cap, size_t *n)
{
	struct holiday_list l;
	struct hol_day all[HOL_MAX_DEFAULTS];
	if (year < HOL_FIRST_YEAR || year > HOL_LAST_YEAR)
		return MC_EINVAL;
	enum mc_err err = collect_holidays(year, &l);
	if (err)
		return err;
	sort_and_merge(&l);
	size_t count = compensate(&l, all);
	for (size_t i = 0; i < l.n; i++) {
		all[count].day = l.h[i].day;
		all[count].working = false;
		all[count].status = 0;
		memcpy(all[count].name, l.h[i].name, sizeof(all[count].name));
		count++;
	}
	sort_days(all, count);
	*n = count;
	if (count > cap)
		return MC_ETOOBIG;
	memcpy(out, all, count * sizeof(all[0]));
	return MC_OK;
}

/* ---- The official-days CSV ---- */

static const char CSV_HEADER[] = "date,kind,name,status";

/* The cursor over one line's fields. */
struct csv_line {
	const char *p;
	const char *end;
};

/* True when s[0..n) is well-formed UTF-8 without control characters. */
static bool clean_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned c = s[i];
		if (c < 0x20 || c == 0x7f)
			return false;
		if (c < 0x80) {
			i++;
			continue;
		}
		/* The number of continuation bytes, and the smallest code point of that length. */
		size_t extra = c >= 0xf0 ? 3 : (c >= 0xe0 ? 2 : 1);
		unsigned min = extra == 3 ? 0x10000 : (extra == 2 ? 0x800 : 0x80);
		if (c < 0xc2 || c > 0xf4)
			return false;
		if (n - i <= extra)
			return false;
		unsigned cp = c & (0x3fu >> extra);
		for (size_t k = 1; k <= extra; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + k] & 0x3fu);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += extra + 1;
	}
	return true;
}

/* Reads an unquoted field up to the next comma or the end of the line. */
static struct str next_field(struct csv_line *l)
{
	const char *start = l->p;
	while (l->p < l->end && *l->p != ',')
		l->p++;
	struct str f = {start, (size_t)(l->p - start)};
	if (l->p < l->end)
		l->p++;
	return f;
}

/* Reads the name field, quoted or not, into out. False when malformed, empty or too long. */
static bool read_name(struct csv_line *l, char out[HOL_NAME_MAX])
{
	size_t n = 0;
	if (l->p < l->end && *l->p == '"') {
		l->p++;
		for (;;) {
			if (l->p >= l->end)
				return false;
			if (*l->p == '"') {
				if (l->p + 1 < l->end && l->p[1] == '"') {
					l->p++;
				} else {
					l->p++;
					break;
				}
			}
			if (n + 1 >= HOL_NAME_MAX)
				return false;
			out[n++] = *l->p++;
		}
		if (l->p >= l->end || *l->p != ',')
			return false;
		l->p++;
	} else {
		struct str f = next_field(l);
		if (f.len + 1 > HOL_NAME_MAX || memchr(f.ptr, '"', f.len))
			return false;
		memcpy(out, f.ptr, f.len);
		n = f.len;
	}
	out[n] = '\0';
	return n > 0 && clean_utf8((const unsigned char *)out, n);
}

/* Parses one data line into d. False when it is malformed. */
static bool parse_day_line(struct str line, struct hol_day *d)
{
	struct csv_line l = {line.ptr, line.ptr + line.len};
	struct str date = next_field(&l);
	struct str kind = next_field(&l);
	if (civil_parse_date(date.ptr, date.len, &d->day) != MC_OK)
		return false;
	if (str_eq_cstr(kind, "off"))
		d->working = false;
	else if (str_eq_cstr(kind, "working"))
		d->working = true;
	else
		return false;
	if (!read_name(&l, d->name))
		return false;
	struct str status = next_field(&l);
	bool more_fields = status.ptr + status.len < l.end;
	if (status.len != 1 || more_fields)
		return false;
	if (status.ptr[0] != 'C' && status.ptr[0] != 'S' && status.ptr[0] != 'M')
		return false;
	d->status = status.ptr[0];
	return true;
}

/* Classifies one line: a data line is stored; blank and comment lines are skipped. */
static enum mc_err take_line(struct str line, bool *header_seen, struct hol_day *out, size_t cap,
			     size_t *n)
{
	if (line.len > 0 && line.ptr[line.len - 1] == '\r')
		line.len--;
	if (line.len == 0 || line.ptr[0] == '#')
		return MC_OK;
	if (!*header_seen) {
		*header_seen = true;
		return str_eq_cstr(line, CSV_HEADER) ? MC_OK : MC_EINVAL;
	}
	struct hol_day d;
	if (!parse_day_line(line, &d))
		return MC_EINVAL;
	for (size_t i = 0; i < *n; i++)
		if (out[i].day == d.day)
			return MC_EINVAL;
	if (*n >= cap)
		return MC_ETOOBIG;
	out[(*n)++] = d;
	return MC_OK;
}

enum mc_err hol_parse_official_csv(const char *text, size_t len, struct hol_day *out, size_t cap,
				   size_t *n, size_t *bad_line)
{
	bool header_seen = false;
	size_t line_no = 0;
	size_t pos = 0;
	*n = 0;
	*bad_line = 0;
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t line_len = nl ? (size_t)(nl - (text + pos)) : len - pos;
		struct str line = {text + pos, line_len};
		line_no++;
		enum mc_err err = take_line(line, &header_seen, out, cap, n);
		if (err) {
			*bad_line = line_no;
			return err;
		}
		pos += line_len + (nl ? 1 : 0);
	}
	if (!header_seen) {
		*bad_line = line_no + 1;
		return MC_EINVAL;
	}
	sort_days(out, *n);
	return MC_OK;
}
