/* PDF incremental updates for signatures (domain/pdf_sign.h): a small reader of the trailer, the
 * classic xref table and object dictionaries, enough to find the catalog and the first page, and
 * a writer of the update. It does not interpret content streams, decompress anything or verify
 * signatures (svc/signing.c does, with OpenSSL). */
#include "base/base.h"

#include "domain/pdf_sign.h"

#define NESTING_MAX 64 /* dictionaries inside dictionaries, and page-tree levels */

const char *pdfsig_err_text(enum pdfsig_err e)
{
	switch (e) {
	case PDFSIG_OK: return "ok";
	case PDFSIG_NOT_PDF: return "not a PDF whose cross-reference table can be read";
	case PDFSIG_XREF_STREAM: return "cannot be signed yet: cross-reference streams";
	case PDFSIG_ENCRYPTED: return "an encrypted PDF cannot be signed";
	case PDFSIG_UNSUPPORTED: return "cannot be signed yet: the PDF already has a form";
	case PDFSIG_TOO_BIG: return "the signed PDF would be too large";
	}
	return "unknown";
}

static bool is_ws(char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

static bool is_delim(char c)
{
	return is_ws(c) || c == '/' || c == '<' || c == '>' || c == '[' || c == ']' || c == '(' ||
	       c == ')' || c == '%';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The last occurrence of needle in [from, to), or SIZE_MAX. */
static size_t rfind(const char *s, size_t from, size_t to, const char *needle)
{
	size_t n = strlen(needle);
	if (to < from + n)
		return SIZE_MAX;
	for (size_t i = to - n + 1; i-- > from;)
		if (!memcmp(s + i, needle, n))
			return i;
	return SIZE_MAX;
}

/* The first occurrence of needle in [from, to), or SIZE_MAX. */
static size_t find(const char *s, size_t from, size_t to, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = from; i + n <= to; i++)
		if (!memcmp(s + i, needle, n))
			return i;
	return SIZE_MAX;
}

static size_t skip_ws(const char *s, size_t i, size_t len)
{
	while (i < len && is_ws(s[i]))
		i++;
	return i;
}

/* Just past the literal string, hex string or comment starting at i (s[i] is '(', a lone '<', or
 * '%'): strings nest their parentheses and escape with a backslash; a comment ends the line. */
static size_t skip_opaque(const char *s, size_t len, size_t i)
{
	if (s[i] == '%') {
		while (i < len && s[i] != '\n' && s[i] != '\r')
			i++;
		return i;
	}
	if (s[i] == '<') {
		while (i < len && s[i] != '>')
			i++;
		return i + 1;
	}
	for (int paren = 0; i < len; i++) {
		if (s[i] == '\\') {
			i++;
			continue;
		}
		if (s[i] == '(')
			paren++;
		else if (s[i] == ')' && --paren == 0)
			break;
	}
	return i + 1;
}

/* Reads an unsigned integer at *i (after white space); false when there is none. */
static bool read_uint(const char *s, size_t len, size_t *i, size_t *out)
{
	size_t p = skip_ws(s, *i, len), v = 0, start = p;
	while (p < len && is_digit(s[p]) && p - start < 18)
		v = v * 10 + (size_t)(s[p++] - '0');
	if (p == start || (p < len && is_digit(s[p])))
		return false;
	*i = p;
	*out = v;
	return true;
}

/* The end of the dictionary starting at "<<" at i (the offset just past its ">>"), skipping
 * strings, hex strings and comments; SIZE_MAX when it does not close. */
static size_t dict_end(const char *s, size_t len, size_t i)
{
	int depth = 0;
	while (i < len) {
		char c = s[i];
		if (c == '<' && i + 1 < len && s[i + 1] == '<') {
			depth++;
			i += 2;
		} else if (c == '>' && i + 1 < len && s[i + 1] == '>') {
			i += 2;
			if (--depth == 0)
				return i;
		} else if (c == '<' || c == '(' || c == '%') {
			i = skip_opaque(s, len, i);
		} else
			i++;
		if (depth > NESTING_MAX)
			return SIZE_MAX;
	}
	return SIZE_MAX;
}

/* The offset of key ("/Root") at the top level of the dictionary [from, to) (from at "<<"), just
 * past the key, or SIZE_MAX. */
static size_t dict_key(const char *s, size_t from, size_t to, const char *key)
{
	size_t n = strlen(key), i = from + 2;
	while (i < to) {
		char c = s[i];
		if (c == '<' && i + 1 < to && s[i + 1] == '<') {
			size_t e = dict_end(s, to, i);
			if (e == SIZE_MAX)
				return SIZE_MAX;
			i = e;
		} else if (c == '(' || c == '<' || c == '%') {
			i = skip_opaque(s, to, i);
		} else if (c == '/' && i + n <= to && !memcmp(s + i, key, n) &&
			   (i + n == to || is_delim(s[i + n]))) {
			return i + n;
		} else
			i++;
	}
	return SIZE_MAX;
}

/* Reads "N G R" at *i. */
static bool read_ref(const char *s, size_t len, size_t i, size_t *num, size_t *gen)
{
	if (!read_uint(s, len, &i, num) || !read_uint(s, len, &i, gen))
		return false;
	i = skip_ws(s, i, len);
	return i < len && s[i] == 'R';
}

/* A trailer dictionary [at, end). */
struct span {
	size_t at, end;
};

/* The trailer of the xref table at off: its dictionary. */
static bool xref_trailer(const char *s, size_t len, size_t off, struct span *t)
{
	size_t k = find(s, off, len, "trailer");
	if (k == SIZE_MAX)
		return false;
	k = skip_ws(s, k + 7, len);
	if (k + 2 > len || memcmp(s + k, "<<", 2) != 0)
		return false;
	t->at = k;
	t->end = dict_end(s, len, k);
	return t->end != SIZE_MAX;
}

/* The offset of object num in the xref table at off or the ones before it (/Prev). */
static bool xref_lookup(const char *s, size_t len, size_t off, size_t num, size_t *obj_off)
{
	for (int hops = 0; hops < NESTING_MAX; hops++) {
		size_t i = skip_ws(s, off, len);
		if (i + 4 > len || memcmp(s + i, "xref", 4) != 0)
			return false;
		i += 4;
		size_t first, count;
		for (;;) {
			size_t save = i;
			if (!read_uint(s, len, &i, &first) || !read_uint(s, len, &i, &count)) {
				i = save;
				break;
			}
			i = skip_ws(s, i, len);
			if (count > (len - i) / 20)
				return false;
			if (num >= first && num < first + count) {
				const char *e = s + i + (num - first) * 20;
				size_t at = 0, g;
				if (e[17] != 'n')
					return false;
				for (g = 0; g < 10; g++) {
					if (!is_digit(e[g]))
						return false;
					at = at * 10 + (size_t)(e[g] - '0');
				}
				*obj_off = at;
				return at < len;
			}
			i += count * 20;
		}
		struct span t;
		size_t prev_at;
		if (!xref_trailer(s, len, i, &t) ||
		    (prev_at = dict_key(s, t.at, t.end, "/Prev")) == SIZE_MAX ||
		    !read_uint(s, t.end, &prev_at, &off) || off >= len)
			return false;
	}
	return false;
}

/* The dictionary of object num gen: [at, end) from "<<" to past ">>". */
static bool object_dict(const char *s, size_t len, size_t xref, size_t num, size_t gen,
			struct span *d)
{
	size_t off, i, n, g;
	if (!xref_lookup(s, len, xref, num, &off))
		return false;
	i = off;
	if (!read_uint(s, len, &i, &n) || !read_uint(s, len, &i, &g) || n != num || g != gen)
		return false;
	i = skip_ws(s, i, len);
	if (i + 3 > len || memcmp(s + i, "obj", 3) != 0)
		return false;
	i = skip_ws(s, i + 3, len);
	if (i + 2 > len || memcmp(s + i, "<<", 2) != 0)
		return false;
	d->at = i;
	d->end = dict_end(s, len, i);
	return d->end != SIZE_MAX;
}

/* The first page: down /Pages and the first of each /Kids. */
static bool first_page(const char *s, size_t len, size_t xref, const struct span *cat,
		       size_t *num, size_t *gen, struct span *page)
{
	size_t k = dict_key(s, cat->at, cat->end, "/Pages");
	if (k == SIZE_MAX || !read_ref(s, cat->end, k, num, gen))
		return false;
	for (int depth = 0; depth < NESTING_MAX; depth++) {
		if (!object_dict(s, len, xref, *num, *gen, page))
			return false;
		size_t kids = dict_key(s, page->at, page->end, "/Kids");
		if (kids == SIZE_MAX)
			return true; /* a leaf: a page */
		kids = skip_ws(s, kids, page->end);
		if (kids >= page->end || s[kids] != '[' ||
		    !read_ref(s, page->end, kids + 1, num, gen))
			return false;
	}
	return false;
}

/* The inner text of a dictionary (between "<<" and ">>"). */
static enum mc_err put_inner(struct buf *b, const char *s, const struct span *d)
{
	return buf_append(b, s + d->at + 2, d->end - d->at - 4);
}

/* The offset of the "]" closing the array whose "[" is at i, skipping nested arrays, strings and
 * dictionaries (an inline annotation's /Rect holds brackets); SIZE_MAX when it does not close. */
static size_t array_close(const char *s, size_t len, size_t i)
{
	int depth = 0;
	while (i < len) {
		char c = s[i];
		if (c == '<' && i + 1 < len && s[i + 1] == '<') {
			size_t e = dict_end(s, len, i);
			if (e == SIZE_MAX)
				return SIZE_MAX;
			i = e;
		} else if (c == '(' || c == '<' || c == '%') {
			i = skip_opaque(s, len, i);
		} else {
			if (c == '[' && ++depth > NESTING_MAX)
				return SIZE_MAX;
			if (c == ']' && --depth == 0)
				return i;
			i++;
		}
	}
	return SIZE_MAX;
}

struct xent {
	size_t num, gen, off;
};

/* The new page object: its dictionary with the widget added to /Annots (a direct array), or an
 * /Annots entry when it has none. false when /Annots is an indirect reference. */
static bool put_page(struct buf *b, const char *s, const struct span *p, size_t widget)
{
	size_t k = dict_key(s, p->at, p->end, "/Annots");
	if (k == SIZE_MAX) {
		buf_append(b, "<<", 2);
		put_inner(b, s, p);
		buf_printf(b, "\n/Annots [%zu 0 R]\n>>", widget);
		return true;
	}
	size_t open = skip_ws(s, k, p->end);
	if (open >= p->end || s[open] != '[')
		return false;
	size_t close = array_close(s, p->end, open);
	if (close == SIZE_MAX)
		return false;
	buf_append(b, s + p->at, close - p->at);
	buf_printf(b, " %zu 0 R", widget);
	buf_append(b, s + close, p->end - close);
	return true;
}

/* The trailer's /Info reference and /ID array again, checked: /Info as "N G R", /ID as an array of
 * hex strings only (nothing else of the old trailer reaches the new one). */
static void copy_entries(struct buf *b, const char *s, const struct span *t)
{
	size_t num, gen, k = dict_key(s, t->at, t->end, "/Info");
	if (k != SIZE_MAX && read_ref(s, t->end, k, &num, &gen))
		buf_printf(b, " /Info %zu %zu R", num, gen);
	k = dict_key(s, t->at, t->end, "/ID");
	if (k == SIZE_MAX)
		return;
	k = skip_ws(s, k, t->end);
	if (k >= t->end || s[k] != '[')
		return;
	size_t e = k + 1;
	while (e < t->end && s[e] != ']') {
		char c = s[e];
		if (!(is_ws(c) || c == '<' || c == '>' || (c >= '0' && c <= '9') ||
		      (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
			return;
		e++;
	}
	if (e >= t->end)
		return;
	buf_append_str(b, " /ID ");
	buf_append(b, s + k, e + 1 - k);
}

static void write_xref(struct buf *b, struct xent *e, size_t n)
{
	for (size_t i = 1; i < n; i++) /* sort by object number (n is at most 4) */
		for (size_t j = i; j > 0 && e[j - 1].num > e[j].num; j--) {
			struct xent t = e[j];
			e[j] = e[j - 1];
			e[j - 1] = t;
		}
	buf_append_str(b, "xref\n");
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && e[j].num == e[j - 1].num + 1)
			j++;
		buf_printf(b, "%zu %zu\n", e[i].num, j - i);
		for (; i < j; i++)
			buf_printf(b, "%010zu %05zu n\r\n", e[i].off, e[i].gen);
	}
}

/* Where the file's newest xref table is, with its trailer. */
static enum pdfsig_err locate_xref(const char *pdf, size_t len, size_t *xref, struct span *t)
{
	size_t tail = len > 1024 ? len - 1024 : 0;
	if (len < 16 || find(pdf, 0, len < 1024 ? len : 1024, "%PDF-") == SIZE_MAX)
		return PDFSIG_NOT_PDF;
	size_t sx = rfind(pdf, tail, len, "startxref");
	size_t i = sx + 9;
	if (sx == SIZE_MAX || !read_uint(pdf, len, &i, xref) || *xref >= len)
		return PDFSIG_NOT_PDF;
	i = skip_ws(pdf, *xref, len);
	if (i + 4 > len || memcmp(pdf + i, "xref", 4) != 0) {
		size_t n, g, j = i;
		if (read_uint(pdf, len, &j, &n) && read_uint(pdf, len, &j, &g))
			return PDFSIG_XREF_STREAM;
		return PDFSIG_NOT_PDF;
	}
	if (!xref_trailer(pdf, len, i, t))
		return PDFSIG_NOT_PDF;
	if (dict_key(pdf, t->at, t->end, "/Encrypt") != SIZE_MAX)
		return PDFSIG_ENCRYPTED;
	if (dict_key(pdf, t->at, t->end, "/XRefStm") != SIZE_MAX)
		return PDFSIG_XREF_STREAM; /* a hybrid file: some objects live in a stream */
	return PDFSIG_OK;
}

/* The signature dictionary: /Contents is the last entry so that the hex string's place is
 * known; /ByteRange numbers are ten-digit placeholders set afterwards. */
static void put_sig_dict(struct buf *b, size_t num, const char *m, size_t *range_at,
			 size_t *lt)
{
	buf_printf(b, "%zu 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter "
		      "/ETSI.CAdES.detached /M (%s)\n/ByteRange ",
		   num, m);
	*range_at = b->len;
	buf_append_str(b, "[0 0000000000 0000000000 0000000000]\n/Contents ");
	*lt = b->len;
	buf_append(b, "<", 1);
	for (size_t i = 0; i < 2 * PDFSIG_CONTENTS_MAX; i++)
		buf_append(b, "0", 1);
	buf_append_str(b, ">\n>>\nendobj\n");
}

enum pdfsig_err pdfsig_prepare(const char *pdf, size_t len, const char *m, struct buf *out,
			       struct pdfsig_layout *layout)
{
	size_t xref, size, root, root_gen, page, page_gen, k;
	struct span t, cat, pg;
	enum pdfsig_err e = locate_xref(pdf, len, &xref, &t);
	if (e)
		return e;
	k = dict_key(pdf, t.at, t.end, "/Size");
	if (k == SIZE_MAX || !read_uint(pdf, t.end, &k, &size))
		return PDFSIG_NOT_PDF;
	k = dict_key(pdf, t.at, t.end, "/Root");
	if (k == SIZE_MAX || !read_ref(pdf, t.end, k, &root, &root_gen) ||
	    !object_dict(pdf, len, xref, root, root_gen, &cat))
		return PDFSIG_NOT_PDF;
	if (dict_key(pdf, cat.at, cat.end, "/AcroForm") != SIZE_MAX)
		return PDFSIG_UNSUPPORTED;
	if (!first_page(pdf, len, xref, &cat, &page, &page_gen, &pg))
		return PDFSIG_NOT_PDF;

	size_t sig = size, widget = size + 1, range_at, lt;
	struct xent ents[4];
	size_t nent = 0;
	buf_append(out, pdf, len);
	if (pdf[len - 1] != '\n' && pdf[len - 1] != '\r')
		buf_append(out, "\n", 1);
	ents[nent++] = (struct xent){widget, 0, out->len};
	buf_printf(out,
		   "%zu 0 obj\n<< /Type /Annot /Subtype /Widget /FT /Sig /F 132 /T (Signature%zu) "
		   "/Rect [0 0 0 0] /V %zu 0 R /P %zu %zu R >>\nendobj\n",
		   widget, sig, sig, page, page_gen);
	ents[nent++] = (struct xent){root, root_gen, out->len};
	buf_printf(out, "%zu %zu obj\n<<", root, root_gen);
	put_inner(out, pdf, &cat);
	buf_printf(out, "\n/AcroForm << /Fields [%zu 0 R] /SigFlags 3 >>\n>>\nendobj\n", widget);
	size_t page_off = out->len;
	buf_printf(out, "%zu %zu obj\n", page, page_gen);
	if (put_page(out, pdf, &pg, widget)) {
		ents[nent++] = (struct xent){page, page_gen, page_off};
		buf_append_str(out, "\nendobj\n");
	} else
		out->len = page_off; /* the field is in /AcroForm; the page keeps its /Annots */
	/* The signature dictionary comes last, after the copied dictionaries: whatever text those
	 * hold, the file's last /ByteRange is ours (pdfsig_find reads the last one). */
	ents[nent++] = (struct xent){sig, 0, out->len};
	put_sig_dict(out, sig, m, &range_at, &lt);
	size_t xref_at = out->len;
	write_xref(out, ents, nent);
	buf_printf(out, "trailer\n<< /Size %zu /Root %zu %zu R /Prev %zu", size + 2, root, root_gen,
		   xref);
	copy_entries(out, pdf, &t);
	buf_printf(out, " >>\nstartxref\n%zu\n%%%%EOF\n", xref_at);
	if (out->full)
		return PDFSIG_TOO_BIG;

	size_t gt_end = lt + 2 * PDFSIG_CONTENTS_MAX + 2;
	layout->range[0] = 0;
	layout->range[1] = lt;
	layout->range[2] = gt_end;
	layout->range[3] = out->len - gt_end;
	layout->contents_at = lt + 1;
	layout->contents_hex = 2 * PDFSIG_CONTENTS_MAX;
	char nums[40];
	snprintf(nums, sizeof(nums), "[0 %010zu %010zu %010zu]", layout->range[1], layout->range[2],
		 layout->range[3]);
	memcpy(out->data + range_at, nums, strlen(nums));
	return PDFSIG_OK;
}

enum pdfsig_err pdfsig_fill(char *file, size_t len, const struct pdfsig_layout *layout,
			    const unsigned char *der, size_t der_len)
{
	static const char hex[] = "0123456789ABCDEF";
	if (der_len * 2 > layout->contents_hex || layout->contents_at + layout->contents_hex > len)
		return PDFSIG_TOO_BIG;
	for (size_t i = 0; i < der_len; i++) {
		file[layout->contents_at + 2 * i] = hex[der[i] >> 4];
		file[layout->contents_at + 2 * i + 1] = hex[der[i] & 15];
	}
	return PDFSIG_OK;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool pdfsig_unhex(const char *hex, size_t n, unsigned char *out, size_t cap, size_t *out_len)
{
	size_t o = 0;
	int hi = -1;
	for (size_t i = 0; i < n; i++) {
		if (is_ws(hex[i]))
			continue;
		int v = hexval(hex[i]);
		if (v < 0)
			return false;
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (o >= cap)
			return false;
		out[o++] = (unsigned char)(hi * 16 + v);
		hi = -1;
	}
	if (hi >= 0) {
		if (o >= cap)
			return false;
		out[o++] = (unsigned char)(hi * 16);
	}
	*out_len = o;
	return true;
}

enum pdfsig_err pdfsig_find(const char *file, size_t len, struct pdfsig_found *out)
{
	memset(out, 0, sizeof(*out));
	size_t at = rfind(file, 0, len, "/ByteRange");
	if (at == SIZE_MAX)
		return PDFSIG_NOT_PDF;
	size_t i = skip_ws(file, at + 10, len);
	if (i >= len || file[i] != '[')
		return PDFSIG_NOT_PDF;
	i++;
	for (int r = 0; r < 4; r++)
		if (!read_uint(file, len, &i, &out->range[r]))
			return PDFSIG_NOT_PDF;
	/* Only the layout every signer writes: the first range starts the file and ends at "<". */
	size_t a = out->range[1], b = out->range[2];
	if (out->range[0] != 0 || a > len || b > len || b < a + 2 ||
	    out->range[3] > len - b || file[a] != '<' || file[b - 1] != '>')
		return PDFSIG_NOT_PDF;
	out->hex = file + a + 1;
	out->hex_len = b - a - 2;
	out->whole = b + out->range[3] == len;
	/* /M within the same dictionary: between the object's start and its end. */
	size_t obj = rfind(file, 0, at, " obj");
	size_t end = find(file, at, len, "endobj");
	size_t mk = obj == SIZE_MAX || end == SIZE_MAX ? SIZE_MAX : find(file, obj, end, "/M (");
	if (mk != SIZE_MAX) {
		size_t s = mk + 4, e = find(file, s, end, ")");
		if (e != SIZE_MAX && e - s < sizeof(out->m))
			memcpy(out->m, file + s, e - s);
	}
	return PDFSIG_OK;
}
