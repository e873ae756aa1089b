/* Fuzzes the PDF byte work of signatures (domain/pdf_sign.h) on untrusted files: an uploaded
 * result that the server signs (pdfsig_prepare), and any PDF sent to the public verification
 * (pdfsig_find, pdfsig_unhex).
 *
 * Beyond not crashing: a prepared file starts with the input unchanged; its /ByteRange covers the
 * whole file but a "<" … ">" placeholder of the announced size; pdfsig_find on it finds exactly
 * that layout, whole; a found signature's ranges and hex string lie inside the input. */
#include "base/base.h"

#include "base/buf.h"
#include "domain/pdf_sign.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *why)
{
	fprintf(stderr, "fuzz_pdf_sign: %s\n", why);
	abort();
}

static void check_found(const char *file, size_t len, const struct pdfsig_found *f)
{
	if (f->hex < file || f->hex + f->hex_len > file + len)
		fail("the hex string lies outside the file");
	if (f->range[1] > len || f->range[2] > len || f->range[3] > len - f->range[2])
		fail("a range lies outside the file");
	unsigned char der[256];
	size_t n;
	pdfsig_unhex(f->hex, f->hex_len < 400 ? f->hex_len : 400, der, sizeof(der), &n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *pdf = (const char *)data;
	struct pdfsig_found f;
	if (pdfsig_find(pdf, size, &f) == PDFSIG_OK)
		check_found(pdf, size, &f);

	struct buf out;
	struct pdfsig_layout lay;
	buf_init(&out, size + 2 * PDFSIG_CONTENTS_MAX + 64 * 1024);
	if (pdfsig_prepare(pdf, size, "D:20261126090000+07'00'", &out, &lay) == PDFSIG_OK) {
		if (out.len < size || memcmp(out.data, pdf, size) != 0)
			fail("the original bytes are not kept first");
		if (lay.range[0] != 0 || lay.range[2] + lay.range[3] != out.len ||
		    lay.range[2] - lay.range[1] != lay.contents_hex + 2 ||
		    out.data[lay.range[1]] != '<' || out.data[lay.range[2] - 1] != '>')
			fail("the byte range does not leave out exactly the placeholder");
		static const unsigned char sig[4] = {0x30, 0x02, 0x05, 0x00};
		if (pdfsig_fill(out.data, out.len, &lay, sig, sizeof(sig)) != PDFSIG_OK)
			fail("a small signature does not fit");
		if (pdfsig_find(out.data, out.len, &f) != PDFSIG_OK || !f.whole ||
		    f.range[1] != lay.range[1] || f.range[2] != lay.range[2])
			fail("the prepared signature is not found as written");
	}
	buf_release(&out);
	return 0;
}
