/* The byte work of a PAdES signature on a PDF, without any cryptography or I/O: the incremental
 * update that adds a signature dictionary with a /ByteRange and a zero-filled /Contents
 * placeholder, an invisible signature field and widget, the catalog again with /AcroForm
 * (/SigFlags 3), the first page with the widget in its /Annots, and a new xref section and
 * trailer with /Prev (ISO 32000-1 §7.5.6, §12.8). Only files whose newest cross-reference is a
 * classic xref table are handled; cross-reference streams are refused (PDFSIG_XREF_STREAM). The
 * reverse, for verification: finding the signature of a signed file and its covered ranges. */
#ifndef MC_PDF_SIGN_H
#define MC_PDF_SIGN_H

#include "base/base.h"
#include "base/buf.h"

/* Bytes of DER the /Contents placeholder holds (its hex string has twice as many digits). */
#define PDFSIG_CONTENTS_MAX 16384

enum pdfsig_err {
	PDFSIG_OK = 0,
	PDFSIG_NOT_PDF,     /* no %PDF- header, no startxref, or an xref that does not parse */
	PDFSIG_XREF_STREAM, /* the newest cross-reference is a stream (PDF 1.5+): not handled yet */
	PDFSIG_ENCRYPTED,   /* the trailer has /Encrypt */
	PDFSIG_UNSUPPORTED, /* a catalog or page this code does not rewrite (e.g. an existing form) */
	PDFSIG_TOO_BIG,     /* the output buffer's cap, or a signature larger than the placeholder */
};

/* English text of an error, for logs and problem details. */
const char *pdfsig_err_text(enum pdfsig_err e);

/* Where the placeholder of a prepared file is. range is the /ByteRange: [0, a, b, c] covers
 * bytes [0, a) and [b, b + c), which is the whole file but the /Contents hex string with its
 * angle brackets, [a, b). */
struct pdfsig_layout {
	size_t range[4];
	size_t contents_at;  /* offset of the first hex digit (range[1] + 1) */
	size_t contents_hex; /* hex digits reserved: 2 * PDFSIG_CONTENTS_MAX */
};

/* Appends to out (empty, with its own cap) the original bytes and the incremental update. m is
 * the signing time as a PDF date ("D:20261126090000+07'00'", ASCII, no parentheses). On
 * PDFSIG_OK the layout tells what to hash and where the signature goes (pdfsig_fill). */
enum pdfsig_err pdfsig_prepare(const char *pdf, size_t len, const char *m, struct buf *out,
			       struct pdfsig_layout *layout);

/* Writes the DER signature as upper-case hex into the placeholder of file (the bytes of
 * pdfsig_prepare's out); the rest of the placeholder stays zeros. PDFSIG_TOO_BIG when it does
 * not fit. */
enum pdfsig_err pdfsig_fill(char *file, size_t len, const struct pdfsig_layout *layout,
			    const unsigned char *der, size_t der_len);

/* The newest signature of a file, as a verifier reads it. */
struct pdfsig_found {
	size_t range[4];
	bool whole;   /* the ranges start at 0, end at the file's end, and leave out only /Contents */
	const char *hex; /* the /Contents digits inside file (not NUL-terminated) */
	size_t hex_len;
	char m[40];   /* the /M date as written ("D:..."), or "" when absent */
};

/* Finds the newest /ByteRange of file and its /Contents. PDFSIG_NOT_PDF when there is none or it
 * does not parse. */
enum pdfsig_err pdfsig_find(const char *file, size_t len, struct pdfsig_found *out);

/* Decodes hex digits into out (cap bytes), dropping the zero padding at the end of a DER value
 * is left to the DER reader. false on a non-hex digit or overflow. */
bool pdfsig_unhex(const char *hex, size_t n, unsigned char *out, size_t cap, size_t *out_len);

#endif
