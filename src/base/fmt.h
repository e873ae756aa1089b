/* snprintf for the formats our hot paths use (issue 22). glibc's vsnprintf costs ~1,000
 * instructions a call before it writes a byte (it sets up a FILE, then parses the format with
 * locale support); an intake made ~25 such calls for ids, keys, stream names, short JSON details
 * and its access line. fmt_vsnprintf writes those formats itself and hands every other one to
 * vsnprintf, so its result is always vsnprintf's. */
#ifndef MC_FMT_H
#define MC_FMT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* vsnprintf(out, cap, fmt, ap), the same bytes and the same result, written here when every
 * conversion of fmt is "%%", "%s", or "%d", "%i", "%u" with a length of none, "l", "ll" or "z",
 * an optional flag "0" and an optional width of one or two digits; else by vsnprintf. out may be
 * NULL when cap is 0 (the length alone). */
int fmt_vsnprintf(char *out, size_t cap, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
/* v in decimal, as "%llu" writes it, digit by digit: written at the end of out, NUL-terminated;
 * returns where it starts (buf.h's int_text adds the sign). */
#define INT_TEXT_MAX 21 /* "-9223372036854775808" and its NUL; "18446744073709551615" too */
const char *uint_text(unsigned long long v, char out[INT_TEXT_MAX]);
/* Whether fmt_vsnprintf writes fmt itself (for the tests). */
bool fmt_is_fast(const char *fmt);
int fmt_snprintf(char *out, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
