/* Tests of the incremental update that carries a PDF signature (domain/pdf_sign.h): the original
 * bytes stay first and unchanged; /ByteRange covers the whole file but the /Contents hex string;
 * the new xref section points at each new object; the trailer chains to the old xref with /Prev;
 * the catalog gains /AcroForm with /SigFlags 3 and the page its widget; a filled signature reads
 * back; what is refused (cross-reference streams, encryption, an existing form). */
#include "base/base.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/pdf_sign.h"

#define M "D:20261126090000+07'00'"

/* A small PDF with a classic xref table, the way cairo writes one: a comment inside the page
 * dictionary, /Info and /ID in the trailer. extra_catalog goes into the catalog. */
static char *make_pdf3(const char *extra_page, const char *extra_catalog, const char *extra_trailer,
		       size_t *len)
{
	static char pdf[4096];
	size_t off[5];
	int n = snprintf(pdf, sizeof(pdf), "%%PDF-1.5\n%%\xb5\xed\xae\xfb\n");
	off[1] = (size_t)n;
	n += snprintf(pdf + n, sizeof(pdf) - (size_t)n,
		      "1 0 obj\n<< /Type /Page %% 1\n   /Parent 2 0 R\n   /MediaBox [ 0 0 595 842 ]%s\n"
		      ">>\nendobj\n",
		      extra_page);
	off[2] = (size_t)n;
	n += snprintf(pdf + n, sizeof(pdf) - (size_t)n,
		      "2 0 obj\n<< /Type /Pages\n   /Kids [ 1 0 R ]\n   /Count 1\n>>\nendobj\n");
	off[3] = (size_t)n;
	n += snprintf(pdf + n, sizeof(pdf) - (size_t)n,
		      "3 0 obj\n<< /Producer (cairo 1.16.0 (https://cairographics.org)) >>\nendobj\n");
	off[4] = (size_t)n;
	n += snprintf(pdf + n, sizeof(pdf) - (size_t)n,
		      "4 0 obj\n<< /Type /Catalog\n   /Pages 2 0 R%s\n>>\nendobj\n", extra_catalog);
	size_t xref = (size_t)n;
	n += snprintf(pdf + n, sizeof(pdf) - (size_t)n, "xref\n0 5\n0000000000 65535 f \n");
	for (int i = 1; i <= 4; i++)
		n += snprintf(pdf + n, sizeof(pdf) - (size_t)n, "%010zu 00000 n \n", off[i]);
	n += snprintf(pdf + n, sizeof(pdf) - (size_t)n,
		      "trailer\n<< /Size 5\n   /Root 4 0 R\n   /Info 3 0 R%s\n   /ID [<AB><CD>]\n>>\n"
		      "startxref\n%zu\n%%%%EOF\n",
		      extra_trailer, xref);
	*len = (size_t)n;
	return pdf;
}

static char *make_pdf(const char *extra_catalog, const char *extra_trailer, size_t *len)
{
	return make_pdf3("", extra_catalog, extra_trailer, len);
}

/* The offset the file's last startxref names. */
static size_t last_startxref(const char *s, size_t len)
{
	const char *p = NULL;
	for (size_t i = 0; i + 9 <= len; i++)
		if (!memcmp(s + i, "startxref", 9))
			p = s + i;
	assert_non_null(p);
	return (size_t)strtoull(p + 9, NULL, 10);
}

static const char *find_in(const char *s, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; i + n <= len; i++)
		if (!memcmp(s + i, needle, n))
			return s + i;
	return NULL;
}

static void test_layout(void **state)
{
	MC_UNUSED(state);
	size_t len;
	const char *pdf = make_pdf("", "", &len);
	struct buf out;
	struct pdfsig_layout lay;
	buf_init(&out, 1 << 20);
	assert_int_equal(pdfsig_prepare(pdf, len, M, &out, &lay), PDFSIG_OK);
	const char *f = out.data;

	/* The original comes first, unchanged. */
	assert_memory_equal(f, pdf, len);
	/* The ranges: [0, a) and [b, end), and [a, b) is exactly "<" 32768 zeros ">". */
	assert_int_equal(lay.range[0], 0);
	assert_int_equal(lay.range[2] + lay.range[3], out.len);
	assert_int_equal(lay.range[2] - lay.range[1], 2 * PDFSIG_CONTENTS_MAX + 2);
	assert_int_equal(f[lay.range[1]], '<');
	assert_int_equal(f[lay.range[2] - 1], '>');
	assert_int_equal(lay.contents_at, lay.range[1] + 1);
	for (size_t i = lay.range[1] + 1; i < lay.range[2] - 1; i++)
		assert_int_equal(f[i], '0');
	assert_true(lay.range[1] > len);
	/* The /ByteRange text holds those numbers. */
	char want[64];
	snprintf(want, sizeof(want), "/ByteRange [0 %010zu %010zu %010zu]", lay.range[1],
		 lay.range[2], lay.range[3]);
	assert_non_null(find_in(f, out.len, want));
	assert_non_null(find_in(f, out.len, "/SubFilter /ETSI.CAdES.detached"));
	assert_non_null(find_in(f, out.len, "/M (" M ")"));

	/* The new xref: objects 5 and 6 (signature, widget), 1 (page), 4 (catalog), each offset
	 * pointing at "N 0 obj"; the trailer chains to the old xref. */
	size_t xref = last_startxref(f, out.len);
	assert_true(xref > lay.range[2]);
	assert_memory_equal(f + xref, "xref\n", 5);
	const char *sub = f + xref + 5;
	int objs[] = {1, 4, 5, 6};
	for (size_t i = 0; i < 4; i++) {
		size_t first = (size_t)strtoull(sub, (char **)(uintptr_t)&sub, 10);
		size_t count = (size_t)strtoull(sub, (char **)(uintptr_t)&sub, 10);
		assert_int_equal(first, (size_t)objs[i]);
		sub++; /* "\n" */
		for (size_t k = 0; k < count; k++, i++) {
			size_t at = (size_t)strtoull(sub, NULL, 10);
			char head[16];
			snprintf(head, sizeof(head), "%d 0 obj", objs[i]);
			assert_memory_equal(f + at, head, strlen(head));
			assert_int_equal(sub[17], 'n');
			sub += 20;
		}
		i--;
	}
	size_t old_xref = last_startxref(pdf, len);
	snprintf(want, sizeof(want), "/Size 7 /Root 4 0 R /Prev %zu /Info 3 0 R /ID [<AB><CD>]",
		 old_xref);
	assert_non_null(find_in(f + xref, out.len - xref, want));
	/* The catalog again, with its form; the page with its widget; the widget with its value. */
	assert_non_null(find_in(f + len, out.len - len, "/AcroForm << /Fields [6 0 R] /SigFlags 3 >>"));
	assert_non_null(find_in(f + len, out.len - len, "/Annots [6 0 R]"));
	assert_non_null(find_in(f + len, out.len - len, "/FT /Sig"));
	assert_non_null(find_in(f + len, out.len - len, "/V 5 0 R /P 1 0 R"));
	assert_memory_equal(f + out.len - 6, "%%EOF\n", 6);

	/* Filling and finding again. */
	unsigned char der[3] = {0x30, 0x81, 0xFF};
	assert_int_equal(pdfsig_fill(out.data, out.len, &lay, der, sizeof(der)), PDFSIG_OK);
	assert_memory_equal(f + lay.contents_at, "3081FF000", 9);
	struct pdfsig_found found;
	assert_int_equal(pdfsig_find(out.data, out.len, &found), PDFSIG_OK);
	assert_true(found.whole);
	assert_memory_equal(found.range, lay.range, sizeof(lay.range));
	assert_string_equal(found.m, M);
	unsigned char back[PDFSIG_CONTENTS_MAX];
	size_t back_len;
	assert_true(pdfsig_unhex(found.hex, found.hex_len, back, sizeof(back), &back_len));
	assert_int_equal(back_len, PDFSIG_CONTENTS_MAX);
	assert_memory_equal(back, der, sizeof(der));
	/* A byte appended after signing: the ranges no longer cover the whole file. */
	buf_append(&out, "x", 1);
	assert_int_equal(pdfsig_find(out.data, out.len, &found), PDFSIG_OK);
	assert_false(found.whole);
	assert_true(pdfsig_fill(out.data, out.len, &lay, back, PDFSIG_CONTENTS_MAX + 1) ==
		    PDFSIG_TOO_BIG);
	buf_release(&out);
}

static void test_refusals(void **state)
{
	MC_UNUSED(state);
	size_t len;
	struct buf out;
	struct pdfsig_layout lay;
	buf_init(&out, 1 << 20);
	const char *pdf = make_pdf("\n   /AcroForm << /Fields [] >>", "", &len);
	assert_int_equal(pdfsig_prepare(pdf, len, M, &out, &lay), PDFSIG_UNSUPPORTED);
	out.len = 0;
	pdf = make_pdf("", "\n   /Encrypt 9 0 R", &len);
	assert_int_equal(pdfsig_prepare(pdf, len, M, &out, &lay), PDFSIG_ENCRYPTED);
	out.len = 0;
	static const char stream[] = "%PDF-1.5\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
				     "2 0 obj\n<< /Type /XRef /Size 3 /Root 1 0 R >>\nstream\n\n"
				     "endstream\nendobj\nstartxref\n45\n%%EOF\n";
	assert_int_equal(pdfsig_prepare(stream, sizeof(stream) - 1, M, &out, &lay),
			 PDFSIG_XREF_STREAM);
	out.len = 0;
	static const char junk[] = "not a pdf at all, no header, no startxref anywhere here";
	assert_int_equal(pdfsig_prepare(junk, sizeof(junk) - 1, M, &out, &lay), PDFSIG_NOT_PDF);
	struct pdfsig_found found;
	assert_int_equal(pdfsig_find(junk, sizeof(junk) - 1, &found), PDFSIG_NOT_PDF);
	/* A cap too small for the update. */
	struct buf small;
	buf_init(&small, len + 100);
	pdf = make_pdf("", "", &len);
	assert_int_equal(pdfsig_prepare(pdf, len, M, &small, &lay), PDFSIG_TOO_BIG);
	buf_release(&small);
	buf_release(&out);
}

/* A second signature on top of a signed file: the new update chains to the first's xref. */
static void test_twice(void **state)
{
	MC_UNUSED(state);
	size_t len;
	const char *pdf = make_pdf("", "", &len);
	struct buf one, two;
	struct pdfsig_layout lay;
	buf_init(&one, 1 << 20);
	buf_init(&two, 1 << 20);
	assert_int_equal(pdfsig_prepare(pdf, len, M, &one, &lay), PDFSIG_OK);
	/* The catalog now has /AcroForm: a second signature is refused for now (documented). */
	assert_int_equal(pdfsig_prepare(one.data, one.len, M, &two, &lay), PDFSIG_UNSUPPORTED);
	buf_release(&one);
	buf_release(&two);
}

/* A page whose /Annots holds an inline annotation with brackets, and text that looks like a
 * signature's: the widget goes inside /Annots' own brackets, the signature found is ours, and a
 * trailer /ID that is not hex strings is left out rather than copied. */
static void test_hostile_page(void **state)
{
	MC_UNUSED(state);
	size_t len;
	const char *pdf = make_pdf3("\n   /Annots [ << /Rect [0 0 1 1] /Contents (a ] b) >> ]"
				    "\n   /ByteRanges [ 1 2 3 4 ] /Note (/ByteRange [0 1 2 3])",
				    "", "\n   /Extra (x)", &len);
	static char copy[4096];
	memcpy(copy, pdf, len + 1);
	char *id = strstr(copy, "/ID [<AB><CD>]");
	assert_non_null(id);
	memcpy(id, "/ID [(/ByteR)]", 14); /* the same length: the offsets hold */
	struct buf out;
	struct pdfsig_layout lay;
	buf_init(&out, 1 << 20);
	assert_int_equal(pdfsig_prepare(copy, len, M, &out, &lay), PDFSIG_OK);
	assert_non_null(find_in(out.data + len, out.len - len,
				"/Annots [ << /Rect [0 0 1 1] /Contents (a ] b) >>  6 0 R]"));
	assert_null(find_in(out.data + lay.range[2], out.len - lay.range[2], "/ID"));
	struct pdfsig_found found;
	assert_int_equal(pdfsig_find(out.data, out.len, &found), PDFSIG_OK);
	assert_true(found.whole);
	assert_int_equal(found.range[1], lay.range[1]);
	buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_twice),
		cmocka_unit_test(test_hostile_page),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
