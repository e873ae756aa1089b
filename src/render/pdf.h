/* Drawing primitives for the official forms: an A4 portrait PDF written into a capped buffer,
 * styled text that wraps and flows across pages, ruled tables whose head repeats on each page,
 * the national and unit headers, signature blocks and QR codes drawn as vector squares.
 *
 * Errors are sticky: the first failure is kept in struct pdf and later calls do nothing, so a form's
 * layout reads as a straight list of calls and is checked once, by pdf_finish(). All text is UTF-8
 * (NFC expected; invalid UTF-8 gives MC_EINVAL). Thread-safe: each thread uses its own pango font
 * map (pango keeps the default one per thread) and fontconfig and cairo are thread-safe; a struct
 * pdf belongs to one thread. */
#ifndef MC_RENDER_PDF_H
#define MC_RENDER_PDF_H

#include "base/base.h"

#include <cairo.h>
#include <pango/pango.h>

#include "base/buf.h"

/* A4 in points, and the margins of NĐ 30/2020 (left 30 mm, right 15 mm, top and bottom 20 mm). */
#define PDF_PAGE_W 595.2756
#define PDF_PAGE_H 841.8898
#define PDF_MM 2.834646
#define PDF_LEFT (30 * PDF_MM)
#define PDF_RIGHT (PDF_PAGE_W - 15 * PDF_MM)
#define PDF_TOP (20 * PDF_MM)
#define PDF_BOTTOM (PDF_PAGE_H - 20 * PDF_MM)
#define PDF_TEXT_W (PDF_RIGHT - PDF_LEFT)

/* Text styles (for a whole text or one run of it) and paragraph alignment. */
enum {
	PDF_BOLD = 1,
	PDF_ITALIC = 2,
	PDF_CENTER = 4,
	PDF_RIGHTALIGN = 8,
	PDF_JUSTIFY = 16,
};

struct pdf {
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoContext *pango;
	PangoFontDescription *font;
	struct buf *out;
	enum mc_err err;    /* the first error; nothing is drawn after one */
	enum mc_err io_err; /* why the output stream refused bytes */
	double page_w, page_h;           /* the page, in points */
	double left, right, top, bottom; /* the text block (the margins of NĐ 30/2020) */
	double y;           /* top of the next block, in points from the top of the page */
	double inset_right; /* paragraphs above inset_until are narrowed by this much (beside a QR) */
	double inset_until;
	int page;
};

/* Text built run by run: each run may be bold or italic; size and alignment are the text's. */
struct pdf_text {
	struct buf s;
	PangoAttrList *attrs;
	double size;
	int flags;
	enum mc_err err;
};

/* The font family pango really resolved "Noto Serif" to ("Noto Serif", or "DejaVu Serif" when the
 * Noto fonts are missing). Loads fontconfig on first call; thread-safe. */
const char *pdf_font_family(void);

/* Starts a document writing into out (appending; the caller owns out). The struct must not move
 * until pdf_finish(). Metadata: title, creator "motcua" and the creation time `created` (epoch
 * seconds, which keeps the output reproducible). */
void pdf_begin(struct pdf *p, struct buf *out, const char *title, int64_t created);
/* Ends the document, frees everything and returns the first error: MC_ETOOBIG when out reached its
 * cap, MC_EINVAL for invalid text, MC_EINTERNAL when cairo failed. */
enum mc_err pdf_finish(struct pdf *p);
/* The same on A4 landscape when landscape (wide tables such as the dossier book); the margins stay
 * 30 mm left, 15 mm right, 20 mm top and bottom. */
void pdf_begin_page(struct pdf *p, struct buf *out, const char *title, int64_t created,
		    bool landscape);

void pdf_text_init(struct pdf_text *t, double size, int flags);
/* Appends a run of text with its own style (PDF_BOLD / PDF_ITALIC); NULL appends nothing. */
void pdf_text_add(struct pdf_text *t, const char *s, int style);
void pdf_text_release(struct pdf_text *t);

/* Flows a text at the cursor, `indent` points from the left margin, breaking pages between lines,
 * then moves the cursor `after` points down. */
void pdf_flow(struct pdf *p, const struct pdf_text *t, double indent, double after);
/* Flows one plain string in one style. */
void pdf_para(struct pdf *p, const char *s, double size, int flags, double after);
/* Draws a text in a box of width w at (x, y) without moving the cursor; returns its height. */
double pdf_box(struct pdf *p, const struct pdf_text *t, double x, double y, double w);
double pdf_box_str(struct pdf *p, const char *s, double size, int flags, double x, double y, double w);
/* Width of a single-line string in points. */
double pdf_str_width(struct pdf *p, const char *s, double size, int flags);
/* Starts a new page when fewer than h points remain on this one. */
void pdf_need(struct pdf *p, double h);
void pdf_new_page(struct pdf *p);
void pdf_hline(struct pdf *p, double x0, double x1, double y, double width);

/* The two-column header: governing and issuing unit (upper-cased) with a short rule and the number
 * line on the left; the national name, the motto with a rule under it and the place-date line on
 * the right. */
struct pdf_header {
	const char *governing_unit;
	const char *issuing_unit;
	const char *number_line; /* "Số: .../PBS-TTPVHCC" */
	const char *place_date;  /* "Hà Nội, ngày 26 tháng 11 năm 2026" */
};
void pdf_header(struct pdf *p, const struct pdf_header *h);
/* A centered bold title, shrunk (down to 12 pt) to stay on one line when it can. */
void pdf_title(struct pdf *p, const char *title);

/* A ruled table: column widths (summing to at most the text block's width), alignments, head
 * cells. */
#define PDF_TABLE_MAX_COLS 14
struct pdf_table {
	size_t ncols;
	double widths[PDF_TABLE_MAX_COLS];
	int align[PDF_TABLE_MAX_COLS];
	const char *head[PDF_TABLE_MAX_COLS];
	double size;
};
/* Draws the head (keeping it on the page of the first row). */
void pdf_table_head(struct pdf *p, const struct pdf_table *t);
/* Draws one row; when it does not fit, continues on a new page under a repeated head. */
void pdf_table_row(struct pdf *p, const struct pdf_table *t, const char *const *cells);

/* A signature block: title (bold, upper case), hint (italic), room to sign, then the name. */
struct pdf_sign {
	const char *title;
	const char *hint;
	const char *name;
};
/* Two blocks side by side; left may be NULL (the right one alone, as forms sign on the right). */
void pdf_signatures(struct pdf *p, const struct pdf_sign *left, const struct pdf_sign *right);

/* Draws payload as a QR code (error correction M) of side `side` points, dark modules as vector
 * squares, top-left at (x, y), without its quiet zone (keep 4 modules clear around it). A payload
 * needing a version above PDF_QR_MAX_VERSION (57 modules; about 210 bytes of URL) gives
 * MC_EINVAL: smaller modules would not scan reliably from paper at the sizes forms use. */
#define PDF_QR_MAX_VERSION 10
void pdf_qr(struct pdf *p, const char *payload, double x, double y, double side);

#endif
