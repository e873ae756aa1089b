/* Strict decoding of request bodies and query parameters: JSON with duplicate keys refused,
 * unknown fields named, text normalized to NFC and bounded, pagination and time parameters. */
#include "base/base.h"

#include <sodium.h>
#include <strings.h>
#include <utf8proc.h>

#include "base/b64.h"
#include "base/civil.h"
#include "domain/text.h"
#include "http/http.h"
#include "http/json_fast.h"

static bool is_json_type(const char *ct)
{
	if (!ct)
		return false;
	size_t n = strlen("application/json");
	if (strncasecmp(ct, "application/json", n) != 0)
		return false;
	return ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ';
}

/* A copy of s in the arena with every byte that does not belong to valid UTF-8 replaced by '?'. */
static const char *valid_utf8(struct arena *a, const char *s)
{
	size_t len = strlen(s);
	char *out = arena_strndup(a, s, len);
	for (size_t i = 0; i < len;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)out + i,
						      (utf8proc_ssize_t)(len - i), &cp);
		if (n < 1) {
			out[i++] = '?';
			continue;
		}
		i += (size_t)n;
	}
	return out;
}

bool json_body_or_reply(struct req *r, json_t **out)
{
	json_error_t jerr;
	*out = NULL;
	if (!is_json_type(r->h_ctype)) {
		resp_problem(r, 415, "the body must be application/json",
			     "nội dung phải có kiểu application/json");
		return true;
	}
	/* The usual object by the fast reader; anything else, errors included, by jansson. */
	json_t *root = r->body.data ? json_fast_object(r->body.data, r->body.len) : NULL;
	if (!root)
		root = json_loadb(r->body.data ? r->body.data : "", r->body.len,
				  JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		/* jansson quotes the text near the error, which may stop inside a UTF-8 sequence. */
		char *d = arena_printf(&r->arena, "the body is not valid JSON: %s (line %d)",
				       valid_utf8(&r->arena, jerr.text), jerr.line);
		resp_problem(r, 400, d, "nội dung yêu cầu không phải JSON hợp lệ");
		return true;
	}
	if (!json_is_object(root)) {
		json_decref(root);
		problem_add(&r->problem, "", "the body must be a JSON object",
			    "nội dung phải là một đối tượng JSON");
		return problems_or_reply(r);
	}
	*out = root;
	return false;
}

bool json_body_opt_or_reply(struct req *r, json_t **out)
{
	if (r->body.len == 0 && !r->h_ctype) {
		*out = json_object();
		return false;
	}
	return json_body_or_reply(r, out);
}

void jin_only(struct req *r, json_t *obj, const char *prefix, const char *const allowed[])
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v) {
		bool ok = false;
		for (size_t i = 0; allowed[i] && !ok; i++)
			ok = strcmp(allowed[i], key) == 0;
		if (!ok)
			problem_addf(&r->problem, prefix, key, "is not a known field",
				     "trường không được hỗ trợ");
	}
}

static void not_one_line(struct req *r, const char *prefix, const char *key)
{
	problem_addf(&r->problem, prefix, key,
		     "must be one line without control or bidirectional formatting characters",
		     "phải là một dòng, không chứa ký tự điều khiển hay ký tự định hướng văn bản");
}

static void read_text(struct req *r, json_t *v, const char *prefix, const char *key,
		      bool required, size_t max_chars, enum text_form form, const char **out)
{
	char *nfc = NULL;
	*out = NULL;
	if (!v || json_is_null(v)) {
		if (required)
			problem_addf(&r->problem, prefix, key, "is required", "trường bắt buộc");
		return;
	}
	if (!json_is_string(v)) {
		problem_addf(&r->problem, prefix, key, "must be a string", "phải là chuỗi ký tự");
		return;
	}
	const char *s = json_string_value(v);
	size_t len = json_string_length(v), chars;
	if (form == TEXT_LINE && !text_allowed(s, len, TEXT_LINE)) {
		not_one_line(r, prefix, key);
		return;
	}
	/* Text that is its own NFC (nearly all) is taken as it is, without text_nfc's copy. A line
	 * text_allowed passed passes as TEXT_LINES, text_nfc's own check. */
	const char *text = s;
	size_t text_len = len;
	bool nul = memchr(s, '\0', len) != NULL;
	if (!nul && (form == TEXT_LINE || text_allowed(s, len, TEXT_LINES)) &&
	    text_nfc_already(s, len, &chars)) {
		/* as it is */
	} else if (nul || text_nfc(s, len, &nfc) != MC_OK) {
		problem_addf(&r->problem, prefix, key, "holds characters that are not allowed",
			     "chứa ký tự không hợp lệ");
		return;
	} else {
		text = nfc;
		text_len = strlen(nfc);
		chars = text_length(nfc, text_len);
	}
	if (chars > max_chars) {
		char *m = arena_printf(&r->arena, "must have at most %zu characters", max_chars);
		char *mvi = arena_printf(&r->arena, "tối đa %zu ký tự", max_chars);
		problem_addf(&r->problem, prefix, key, m, mvi);
	} else if (required && chars == 0) {
		problem_addf(&r->problem, prefix, key, "must not be empty", "không được để trống");
	} else {
		*out = arena_strndup(&r->arena, text, text_len);
	}
	free(nfc);
}

void jin_str(struct req *r, json_t *obj, const char *prefix, const char *key, bool required,
	     size_t max_chars, const char **out)
{
	read_text(r, json_object_get(obj, key), prefix, key, required, max_chars, TEXT_LINE, out);
}

void jin_text(struct req *r, json_t *obj, const char *prefix, const char *key, bool required,
	      size_t max_chars, const char **out)
{
	read_text(r, json_object_get(obj, key), prefix, key, required, max_chars, TEXT_LINES, out);
}

void jin_item_str(struct req *r, json_t *arr, size_t i, const char *field, size_t max_chars,
		  const char **out)
{
	char *name = arena_printf(&r->arena, "%s[%zu]", field, i);
	read_text(r, json_array_get(arr, i), "", name, true, max_chars, TEXT_LINE, out);
}

const char *qarg_text(struct req *r, const char *name, size_t max_chars)
{
	const char *v = req_arg_set(r, name);
	char *nfc = NULL;
	if (!v)
		return NULL;
	size_t len = strlen(v);
	if (!text_allowed(v, len, TEXT_LINE)) {
		not_one_line(r, "", name);
		return NULL;
	}
	if (text_nfc(v, len, &nfc) != MC_OK) {
		problem_add(&r->problem, name, "is not valid UTF-8 text", "chuỗi ký tự không hợp lệ");
		return NULL;
	}
	const char *out = NULL;
	if (text_length(nfc, strlen(nfc)) > max_chars) {
		problem_add(&r->problem, name,
			    arena_printf(&r->arena, "must have at most %zu characters", max_chars),
			    arena_printf(&r->arena, "tối đa %zu ký tự", max_chars));
	} else {
		out = arena_strdup(&r->arena, nfc);
	}
	free(nfc);
	return out;
}

const char *qarg_code(struct req *r, const char *name, size_t max_len)
{
	static const char CODE_CHARS[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
					 "0123456789._-";
	const char *v = req_arg_set(r, name);
	if (!v)
		return NULL;
	size_t len = strlen(v);
	if (len > max_len || strspn(v, CODE_CHARS) != len) {
		problem_add(&r->problem, name,
			    arena_printf(&r->arena,
					 "must be a code of at most %zu characters: A-Z, a-z, 0-9, . _ -",
					 max_len),
			    arena_printf(&r->arena, "phải là mã tối đa %zu ký tự gồm chữ, số, . _ -",
					 max_len));
		return NULL;
	}
	return v;
}

const char *qarg_word(struct req *r, const char *name, const char *const allowed[])
{
	const char *v = req_arg_set(r, name);
	if (!v)
		return NULL;
	for (size_t i = 0; allowed[i]; i++)
		if (strcmp(v, allowed[i]) == 0)
			return allowed[i];
	char *list = arena_strdup(&r->arena, allowed[0]);
	for (size_t i = 1; allowed[i]; i++)
		list = arena_printf(&r->arena, "%s, %s", list, allowed[i]);
	problem_add(&r->problem, name, arena_printf(&r->arena, "must be one of: %s", list),
		    arena_printf(&r->arena, "phải là một trong các giá trị: %s", list));
	return NULL;
}

int qarg_bool(struct req *r, const char *name)
{
	static const char *const words[] = {"true", "false", NULL};
	const char *v = qarg_word(r, name, words);
	return !v ? -1 : v == words[0] ? 1 : 0;
}

bool page_or_reply(struct req *r, size_t *limit, const char **cursor_value)
{
	const char *l = req_arg(r, "limit");
	const char *c = req_arg(r, "cursor");
	*limit = 50;
	*cursor_value = NULL;
	if (l) {
		char *end = NULL;
		long v = strtol(l, &end, 10);
		if (!*l || *end || v < 1 || v > PAGE_LIMIT_MAX)
			problem_add(&r->problem, "limit",
				    arena_printf(&r->arena, "must be an integer from 1 to %d",
						 PAGE_LIMIT_MAX),
				    arena_printf(&r->arena, "phải là số nguyên từ 1 đến %d",
						 PAGE_LIMIT_MAX));
		else
			*limit = (size_t)v;
	}
	if (c) {
		unsigned char bin[256];
		size_t n = 0;
		if (!b64url_decode(c, strlen(c), bin, sizeof(bin) - 1, &n) || n == 0 ||
		    memchr(bin, '\0', n))
			problem_add(&r->problem, "cursor", "is not a cursor this API gave",
				    "con trỏ phân trang không hợp lệ");
		else
			*cursor_value = arena_strndup(&r->arena, (const char *)bin, n);
	}
	return problems_or_reply(r);
}

char *page_cursor(struct req *r, const char *value)
{
	size_t n = strlen(value);
	size_t cap = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = arena_alloc(&r->arena, cap);
	sodium_bin2base64(out, cap, (const unsigned char *)value, n,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}

bool time_arg(struct req *r, const char *name, bool start_of_day, int64_t *out, bool *present)
{
	const char *v = req_arg(r, name);
	int64_t day;
	*present = v != NULL;
	if (!v)
		return true;
	size_t len = strlen(v);
	if (len == 10 && civil_parse_date(v, len, &day) == MC_OK) {
		*out = start_of_day ? civil_instant(day, 0) : civil_instant(day, 86399);
		return true;
	}
	if (civil_parse_time(v, len, out) == MC_OK)
		return true;
	problem_add(&r->problem, name, "must be a date (YYYY-MM-DD) or an RFC 3339 time with an offset",
		    "phải là ngày (YYYY-MM-DD) hoặc thời điểm RFC 3339 có múi giờ");
	return false;
}

bool time_arg_or_reply(struct req *r, const char *name, bool start_of_day, int64_t *out,
		       bool *present)
{
	if (time_arg(r, name, start_of_day, out, present))
		return false;
	return problems_or_reply(r);
}
