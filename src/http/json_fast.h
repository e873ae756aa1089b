/* A fast reader of the JSON objects that request bodies are (json_fast.c), in front of jansson's
 * json_loadb, whose lexer costs ~130 instructions a byte (~60,000 for an intake's body, issue 22).
 * It reads the common shape only and leaves everything else to json_loadb, so that what is
 * accepted, refused and said about it stays jansson's. */
#ifndef MC_JSON_FAST_H
#define MC_JSON_FAST_H

#include <jansson.h>

#include "base/base.h"

/* The object that the len bytes at s are, as json_loadb(s, len, JSON_REJECT_DUPLICATES) would
 * give it (the same members in the same order, the same values); or NULL when the text is
 * anything else, or holds what this reader leaves to jansson: a number with a fraction or an
 * exponent or more than 18 digits, nesting deeper than 64, a duplicate key, and every error.
 * NULL therefore says nothing about the text: the caller asks json_loadb. */
json_t *json_fast_object(const char *s, size_t len);

#endif
