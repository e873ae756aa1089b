/* Vietnamese text rules: NFC normalization of input and the search key that ignores diacritics
 * and case ("Hoàn Kiếm" and "hoan kiem" have the same key). Pure functions, thread-safe. */
#ifndef MC_TEXT_H
#define MC_TEXT_H

#include "base/base.h"

/* The two kinds of text fields: one line (names, codes, filenames, titles, query parameters) and
 * several lines (reasons, notes, comments). */
enum text_form {
	TEXT_LINE,
	TEXT_LINES,
};

/* True when text holds no character its form refuses. Both forms refuse NUL and the other C0
 * controls, DEL, the C1 controls U+0080..U+009F and the bidirectional embeddings, overrides and
 * isolates U+202A..U+202E and U+2066..U+2069 (they can make displayed text read differently from
 * what is stored); TEXT_LINE refuses tab, carriage return and newline too, TEXT_LINES allows them.
 * Looks at bytes only: UTF-8 validity is text_nfc's check. */
bool text_allowed(const char *s, size_t len, enum text_form form);
/* Validates UTF-8 and returns its NFC form (malloc'd, NUL-terminated) in *out; MC_EINVAL when the
 * bytes are not valid UTF-8 or hold a character that TEXT_LINES text may not (text_allowed). */
enum mc_err text_nfc(const char *s, size_t len, char **out);
/* True when s is well-formed UTF-8 that is its own NFC for certain (text_nfc's copy would be the
 * same bytes: ASCII, and Vietnamese written with precomposed letters), with its number of code
 * points in *chars; false for any other text, which text_nfc then judges. Checks no character
 * against text_allowed. */
bool text_nfc_already(const char *s, size_t len, size_t *chars);
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
/* A Vietnamese phone number that can take an SMS: digits only, 10 or 11 of them, starting with 0
 * (appointments and feedback, whose reminders and answers go by SMS). */
bool text_vn_phone_ok(const char *s);
/* An e-mail address: at most 254 bytes, something before one '@', a dot after it (not right after
 * the '@', not at the end), no space or control character. */
bool text_email_ok(const char *s);

#endif
