/* Vietnamese text rules: NFC normalization of input and the search key that ignores diacritics
 * and case ("Hoàn Kiếm" and "hoan kiem" have the same key). Pure functions, thread-safe. */
#ifndef MC_TEXT_H
#define MC_TEXT_H

#include "base/base.h"

/* Validates UTF-8 and returns its NFC form (malloc'd, NUL-terminated) in *out; MC_EINVAL when the
 * bytes are not valid UTF-8 or hold a NUL or a control character (C0 other than tab, carriage
 * return and newline; DEL; C1 U+0080..U+009F). */
enum mc_err text_nfc(const char *s, size_t len, char **out);
/* The search key of a text (malloc'd): decomposed, combining marks removed, đ/Đ → d, lowercase,
 * runs of white space collapsed to one space and trimmed. MC_EINVAL for invalid UTF-8. */
enum mc_err text_search_key(const char *s, size_t len, char **out);
/* The search key with every ASCII character that is not a letter or a digit removed (spaces,
 * dots, dashes), so that "hoan kiem" and "tiepnhan.hoankiem" meet: "hoankiem" is a substring of
 * "tiepnhanhoankiem". Letters outside ASCII are kept. MC_EINVAL for invalid UTF-8. */
enum mc_err text_compact_key(const char *s, size_t len, char **out);
/* Number of Unicode code points of valid UTF-8 text. */
size_t text_length(const char *s, size_t len);

/* A phone number: at most 20 characters, 8 to 15 digits, an optional leading '+', and spaces, dots
 * or dashes between digits. */
bool text_phone_ok(const char *s);
/* An e-mail address: at most 254 bytes, something before one '@', a dot after it, no spaces. */
bool text_email_ok(const char *s);

#endif
