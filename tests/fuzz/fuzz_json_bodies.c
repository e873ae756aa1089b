/* Fuzzes the JSON request decoding of every body shape of the API (http/decode.h) without a
 * server. The first line names the shape and, after spaces, up to two path parameters, "@key" for
 * an Idempotency-Key header and "!ct" to send no Content-Type; the rest is the body. An unknown
 * name picks a shape from its bytes, so every input reaches some decoder.
 *
 * Beyond not crashing: a decoder that answered gave 400, 404 (an unknown action), 415 or 422 as a
 * well-formed problem+json; one that did not answer left no field error behind (except the
 * procedures', which publishing answers) and its texts are NFC, valid UTF-8, free of control
 * characters other than tab, CR and LF, and within their limits. */
#include "base/base.h"

#include "domain/text.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct body_decoder *pick(const char *name)
{
	uint32_t h = 0;
	for (size_t i = 0; i < decode_nbodies; i++)
		if (strcmp(decode_bodies[i].name, name) == 0)
			return &decode_bodies[i];
	for (const char *p = name; *p; p++)
		h = h * 31 + (unsigned char)*p;
	return &decode_bodies[h % decode_nbodies];
}

/* A decoded text: NFC (so valid UTF-8), no control but tab, CR, LF, at most max characters. */
static void check_text(const struct req *r, const char *s, size_t max)
{
	char *nfc = NULL;
	if (!s)
		return;
	size_t len = strlen(s);
	if (text_nfc(s, len, &nfc) != MC_OK || strcmp(nfc, s) != 0)
		fuzz_fail("a decoded text is not NFC", r);
	free(nfc);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
			fuzz_fail("a decoded text holds a control character", r);
	}
	if (text_length(s, len) > max)
		fuzz_fail("a decoded text is over its limit", r);
}

/* procedure_max: 31 for a procedure code, 300 for a refusal (any request, named in words). */
static void check_intake(const struct req *r, const struct intake *in, size_t procedure_max)
{
	check_text(r, in->procedure, procedure_max);
	check_text(r, in->applicant_kind, 16);
	check_text(r, in->applicant_name, 200);
	check_text(r, in->applicant_id, 14);
	check_text(r, in->phone, 20);
	check_text(r, in->email, 254);
	check_text(r, in->address, 300);
	check_text(r, in->resolver_unit, UNIT_CODE_MAX - 1);
	check_text(r, in->channel, 8);
	if (in->ncomponents > DOSSIER_MAX_COMPONENTS)
		fuzz_fail("more components than the array holds", r);
	for (size_t i = 0; i < in->ncomponents; i++) {
		check_text(r, in->components[i].id, 23);
		check_text(r, in->components[i].document, 64);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct req r;
	req_offline_init(&r, "POST", "/fuzz");
	char *line = fuzz_line(&r.arena, &data, &size);
	char *save = NULL;
	const char *name = "";
	bool ctype = true;
	size_t np = 0;
	for (char *tok = strtok_r(line, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		if (!*name)
			name = tok;
		else if (tok[0] == '@')
			r.h_idem = tok + 1;
		else if (strcmp(tok, "!ct") == 0)
			ctype = false;
		else if (np < REQ_MAX_PARAMS)
			r.params[np++] = tok;
	}
	r.nparams = np;
	r.h_ctype = ctype ? "application/json" : NULL;
	if (size && buf_append(&r.body, data, size) != MC_OK)
		goto out;
	const struct body_decoder *d = pick(name);
	void *in = arena_alloc(&r.arena, d->in_size);
	bool answered = d->decode(&r, in);
	if (answered) {
		if (r.status != 400 && r.status != 404 && r.status != 415 && r.status != 422)
			fuzz_fail("a decoder answered an unexpected status", &r);
		fuzz_check_problem(&r);
	} else {
		bool collects = strncmp(d->name, "procedure_", 10) == 0;
		if (r.responded || (r.problem.n && !collects))
			fuzz_fail("a decoder kept errors without answering", &r);
		if (strcmp(d->name, "intake") == 0)
			check_intake(&r, in, 31);
		if (strcmp(d->name, "guidance") == 0 || strcmp(d->name, "refusal") == 0)
			check_intake(&r, &((struct intake_note_in *)in)->in,
				     d->name[0] == 'g' ? 31 : 300);
		if (strcmp(d->name, "login") == 0) {
			check_text(&r, ((struct login_in *)in)->username, 128);
			check_text(&r, ((struct login_in *)in)->password, 1024);
		}
	}
out:
	req_offline_release(&r);
	return 0;
}
