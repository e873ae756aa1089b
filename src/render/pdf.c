/* The PDF page model of the official forms (see pdf.h): document life cycle, fonts, styled text
 * flowing across pages, headers, tables, signatures and QR codes. It knows nothing of dossiers or
 * of any one form's wording; forms.c lays the forms out with these calls. */
#include "base/base.h"

#include <pthread.h>

#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#include "base/civil.h"
#include "base/log.h"
#include "render/pdf.h"

#define TEXT_MAX (64 * 1024) /* bytes of one text: far above any form field */
#define PRIMARY_FAMILY "Noto Serif"
#define FALLBACK_FAMILY "DejaVu Serif"

/* Written once under fonts_once, read-only afterwards. */
static pthread_once_t fonts_once = PTHREAD_ONCE_INIT;
static const char *fonts_family = FALLBACK_FAMILY;

/* Asks pango (not just fontconfig) which family a description really loads. */
static bool family_resolves(PangoFontMap *map, PangoContext *ctx, const char *family)
{
	PangoFontDescription *d = pango_font_description_new();
	pango_font_description_set_family_static(d, family);
	pango_font_description_set_size(d, 12 * PANGO_SCALE);
	PangoFont *font = pango_font_map_load_font(map, ctx, d);
	bool ok = false;
	if (font) {
		PangoFontDescription *got = pango_font_describe(font);
		const char *name = pango_font_description_get_family(got);
		ok = name && !strcmp(name, family);
		pango_font_description_free(got);
		g_object_unref(font);
	}
	pango_font_description_free(d);
	return ok;
}

static void fonts_init(void)
{
	PangoFontMap *map = pango_cairo_font_map_get_default();
	PangoContext *ctx = pango_font_map_create_context(map);
	if (family_resolves(map, ctx, PRIMARY_FAMILY))
		fonts_family = PRIMARY_FAMILY;
	else if (family_resolves(map, ctx, FALLBACK_FAMILY))
		log_warn("fonts \"%s\" missing, forms use \"%s\"", PRIMARY_FAMILY, FALLBACK_FAMILY);
	else
		log_error("fonts \"%s\" and \"%s\" missing, forms use a substitute", PRIMARY_FAMILY,
		          FALLBACK_FAMILY);
	g_object_unref(ctx);
}

const char *pdf_font_family(void)
{
	pthread_once(&fonts_once, fonts_init);
	return fonts_family;
}

/* Document life cycle. */

static cairo_status_t write_out(void *closure, const unsigned char *data, unsigned int len)
{
	struct pdf *p = closure;
	enum mc_err err = buf_append(p->out, data, len);
	if (err) {
		p->io_err = err;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	return CAIRO_STATUS_SUCCESS;
}

static void fail(struct pdf *p, enum mc_err err)
{
	if (!p->err)
		p->err = err;
}

static void set_metadata(struct pdf *p, const char *title, int64_t created)
{
	char when[32];
	civil_format_time(created, when);
	if (title && g_utf8_validate(title, -1, NULL))
		cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATOR, "motcua");
	cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATE_DATE, when);
}

void pdf_begin(struct pdf *p, struct buf *out, const char *title, int64_t created)
{
	pdf_begin_page(p, out, title, created, false);
}

void pdf_begin_page(struct pdf *p, struct buf *out, const char *title, int64_t created,
		    bool landscape)
{
	const char *family = pdf_font_family();
	memset(p, 0, sizeof(*p));
	p->out = out;
	p->page = 1;
	if (landscape) {
		p->page_w = PDF_PAGE_H;
		p->page_h = PDF_PAGE_W;
	} else {
		p->page_w = PDF_PAGE_W;
		p->page_h = PDF_PAGE_H;
	}
	p->left = PDF_LEFT;
	p->right = p->page_w - 15 * PDF_MM;
	p->top = PDF_TOP;
	p->bottom = p->page_h - 20 * PDF_MM;
	p->y = p->top;
	p->surface = cairo_pdf_surface_create_for_stream(write_out, p, p->page_w, p->page_h);
	cairo_pdf_surface_restrict_to_version(p->surface, CAIRO_PDF_VERSION_1_5);
	set_metadata(p, title, created);
	p->cr = cairo_create(p->surface);
	p->pango = pango_font_map_create_context(pango_cairo_font_map_get_default());
	/* One pango point is one PDF point, and metrics are not hinted (a PDF has no pixel grid). */
	pango_cairo_context_set_resolution(p->pango, 72.0);
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(p->pango, fo);
	cairo_font_options_destroy(fo);
	pango_cairo_update_context(p->cr, p->pango);
	p->font = pango_font_description_new();
	pango_font_description_set_family(p->font, family);
	if (cairo_status(p->cr) != CAIRO_STATUS_SUCCESS)
		fail(p, MC_EINTERNAL);
}

enum mc_err pdf_finish(struct pdf *p)
{
	cairo_show_page(p->cr);
	cairo_destroy(p->cr);
	cairo_surface_finish(p->surface);
	if (cairo_surface_status(p->surface) != CAIRO_STATUS_SUCCESS)
		fail(p, p->io_err ? p->io_err : MC_EINTERNAL);
	cairo_surface_destroy(p->surface);
	g_object_unref(p->pango);
	pango_font_description_free(p->font);
	return p->io_err ? p->io_err : p->err;
}

/* Styled text. */

void pdf_text_init(struct pdf_text *t, double size, int flags)
{
	buf_init(&t->s, TEXT_MAX);
	t->attrs = pango_attr_list_new();
	t->size = size;
	t->flags = flags;
	t->err = MC_OK;
}

void pdf_text_release(struct pdf_text *t)
{
	buf_release(&t->s);
	pango_attr_list_unref(t->attrs);
}

static void add_attr(struct pdf_text *t, PangoAttribute *a, size_t start, size_t end)
{
	a->start_index = (guint)start;
	a->end_index = (guint)end;
	pango_attr_list_insert(t->attrs, a);
}

void pdf_text_add(struct pdf_text *t, const char *s, int style)
{
	if (!s || !*s || t->err)
		return;
	size_t len = strlen(s), start = t->s.len;
	if (!g_utf8_validate(s, (gssize)len, NULL)) {
		t->err = MC_EINVAL;
		return;
	}
	t->err = buf_append(&t->s, s, len);
	if (t->err)
		return;
	if (style & PDF_BOLD)
		add_attr(t, pango_attr_weight_new(PANGO_WEIGHT_BOLD), start, t->s.len);
	if (style & PDF_ITALIC)
		add_attr(t, pango_attr_style_new(PANGO_STYLE_ITALIC), start, t->s.len);
}

static PangoLayout *layout_of(struct pdf *p, const struct pdf_text *t, double width)
{
	PangoLayout *l = pango_layout_new(p->pango);
	PangoFontDescription *d = pango_font_description_copy_static(p->font);
	pango_font_description_set_size(d, (gint)(t->size * PANGO_SCALE + 0.5));
	if (t->flags & PDF_BOLD)
		pango_font_description_set_weight(d, PANGO_WEIGHT_BOLD);
	if (t->flags & PDF_ITALIC)
		pango_font_description_set_style(d, PANGO_STYLE_ITALIC);
	pango_layout_set_font_description(l, d);
	pango_font_description_free(d);
	pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	if (t->flags & PDF_CENTER)
		pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
	else if (t->flags & PDF_RIGHTALIGN)
		pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
	pango_layout_set_justify(l, (t->flags & PDF_JUSTIFY) != 0);
	pango_layout_set_text(l, t->s.data ? t->s.data : "", (int)t->s.len);
	pango_layout_set_attributes(l, t->attrs);
	return l;
}

static bool usable(struct pdf *p, const struct pdf_text *t)
{
	if (t->err)
		fail(p, t->err);
	return !p->err;
}

static double height_of(PangoLayout *l)
{
	PangoRectangle r;
	pango_layout_get_extents(l, NULL, &r);
	return (double)r.height / PANGO_SCALE;
}

void pdf_flow(struct pdf *p, const struct pdf_text *t, double indent, double after)
{
	if (!usable(p, t))
		return;
	double width = (p->right - p->left) - indent;
	if (p->y < p->inset_until)
		width -= p->inset_right;
	PangoLayout *l = layout_of(p, t, width);
	PangoLayoutIter *it = pango_layout_get_iter(l);
	do {
		PangoRectangle r;
		pango_layout_iter_get_line_extents(it, NULL, &r);
		double top = (double)r.y / PANGO_SCALE, h = (double)r.height / PANGO_SCALE;
		double base = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
		if (p->y + h > p->bottom)
			pdf_new_page(p);
		cairo_move_to(p->cr, p->left + indent + (double)r.x / PANGO_SCALE, p->y + base - top);
		pango_cairo_show_layout_line(p->cr, pango_layout_iter_get_line_readonly(it));
		p->y += h;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	g_object_unref(l);
	p->y += after;
}

void pdf_para(struct pdf *p, const char *s, double size, int flags, double after)
{
	struct pdf_text t;
	pdf_text_init(&t, size, flags);
	pdf_text_add(&t, s, 0);
	pdf_flow(p, &t, 0, after);
	pdf_text_release(&t);
}

double pdf_box(struct pdf *p, const struct pdf_text *t, double x, double y, double w)
{
	if (!usable(p, t))
		return 0;
	PangoLayout *l = layout_of(p, t, w);
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, l);
	double h = height_of(l);
	g_object_unref(l);
	return h;
}

double pdf_box_str(struct pdf *p, const char *s, double size, int flags, double x, double y, double w)
{
	struct pdf_text t;
	pdf_text_init(&t, size, flags);
	pdf_text_add(&t, s, 0);
	double h = pdf_box(p, &t, x, y, w);
	pdf_text_release(&t);
	return h;
}

double pdf_str_width(struct pdf *p, const char *s, double size, int flags)
{
	struct pdf_text t;
	pdf_text_init(&t, size, flags);
	pdf_text_add(&t, s, 0);
	double w = 0;
	if (usable(p, &t)) {
		PangoLayout *l = layout_of(p, &t, -1);
		pango_layout_set_width(l, -1);
		PangoRectangle r;
		pango_layout_get_extents(l, NULL, &r);
		w = (double)r.width / PANGO_SCALE;
		g_object_unref(l);
	}
	pdf_text_release(&t);
	return w;
}

/* Pages and rules. */

void pdf_new_page(struct pdf *p)
{
	if (p->err)
		return;
	cairo_show_page(p->cr);
	p->page++;
	p->y = p->top;
	p->inset_until = 0;
	char num[16];
	snprintf(num, sizeof(num), "%d", p->page);
	p->y += pdf_box_str(p, num, 11, PDF_CENTER, p->left, p->y, (p->right - p->left)) + 8;
}

void pdf_need(struct pdf *p, double h)
{
	if (p->y + h > p->bottom)
		pdf_new_page(p);
}

void pdf_hline(struct pdf *p, double x0, double x1, double y, double width)
{
	cairo_set_line_width(p->cr, width);
	cairo_move_to(p->cr, x0, y);
	cairo_line_to(p->cr, x1, y);
	cairo_stroke(p->cr);
}

/* Headers. */

/* The header runs a little wider than the text block, as on printed forms: the unit column on
 * the left, the national column (wide enough for its name at 12 pt bold) on the right. */
#define HEAD_X0 (p->left - 26)
#define HEAD_X1 (p->right + 8)
#define HEAD_RIGHT_W 262.0

static char *upper(const char *s)
{
	if (!s || !g_utf8_validate(s, -1, NULL))
		return NULL;
	return g_utf8_strup(s, -1);
}

static int line_count(struct pdf *p, const char *s, double size, int flags, double w)
{
	struct pdf_text t;
	pdf_text_init(&t, size, flags);
	pdf_text_add(&t, s, 0);
	int n = 0;
	if (usable(p, &t)) {
		PangoLayout *l = layout_of(p, &t, w);
		n = pango_layout_get_line_count(l);
		g_object_unref(l);
	}
	pdf_text_release(&t);
	return n;
}

/* Draws a centered text whose lines are balanced: the narrowest width that needs no more lines
 * than w does ("TRUNG TÂM PHỤC VỤ / HÀNH CHÍNH CÔNG", not "… HÀNH CHÍNH / CÔNG"). */
static double balanced_box(struct pdf *p, const char *s, double size, int flags, double x,
                           double y, double w)
{
	int lines = line_count(p, s, size, flags, w);
	double bw = w;
	while (lines > 1 && bw > w / 2 && line_count(p, s, size, flags, bw - 2) == lines)
		bw -= 2;
	return pdf_box_str(p, s, size, flags | PDF_CENTER, x + (w - bw) / 2, y, bw);
}

/* The unit column down to its rule; returns where the number line starts. */
static double header_units(struct pdf *p, const struct pdf_header *h, double x, double w)
{
	double y = p->top;
	char *gov = upper(h->governing_unit), *iss = upper(h->issuing_unit);
	if ((h->governing_unit && !gov) || (h->issuing_unit && !iss))
		fail(p, MC_EINVAL);
	if (gov && *gov)
		y += balanced_box(p, gov, 12, 0, x, y, w);
	if (iss && *iss)
		y += balanced_box(p, iss, 12, PDF_BOLD, x, y, w);
	g_free(gov);
	g_free(iss);
	pdf_hline(p, x + w / 2 - 30, x + w / 2 + 30, y + 3, 0.6);
	return y + 9;
}

/* The number line, shrunk to stay on one line; a number too long for that breaks after its
 * slash, so the suffix ("PBS-TTPVHCC") stays whole on the second line. */
static double header_number(struct pdf *p, const char *s, double x, double y, double w)
{
	double size = 12;
	while (size > 10.5 && pdf_str_width(p, s, size, 0) > w - 4)
		size -= 0.5;
	const char *slash = strrchr(s, '/');
	if (pdf_str_width(p, s, size, 0) <= w - 4 || !slash)
		return pdf_box_str(p, s, size, PDF_CENTER, x, y, w);
	size_t n = strlen(s) + 2;
	char *two = xmalloc(n);
	snprintf(two, n, "%.*s\n%s", (int)(slash - s + 1), s, slash + 1);
	double h = pdf_box_str(p, two, 12, PDF_CENTER, x, y, w);
	free(two);
	return h;
}

/* The national column down to the motto's rule; returns where the place-date line starts. */
static double header_nation(struct pdf *p, double x, double w)
{
	static const char nation[] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
	static const char motto[] = "Độc lập - Tự do - Hạnh phúc";
	double y = p->top;
	y += pdf_box_str(p, nation, 12, PDF_CENTER | PDF_BOLD, x, y, w);
	y += pdf_box_str(p, motto, 13, PDF_CENTER | PDF_BOLD, x, y, w);
	double mw = pdf_str_width(p, motto, 13, PDF_BOLD);
	pdf_hline(p, x + (w - mw) / 2, x + (w + mw) / 2, y + 2, 0.6);
	return y + 8;
}

void pdf_header(struct pdf *p, const struct pdf_header *h)
{
	if (p->err)
		return;
	double lx = HEAD_X0, lw = HEAD_X1 - HEAD_X0 - HEAD_RIGHT_W;
	double rx = lx + lw, rw = HEAD_RIGHT_W;
	double ly = header_units(p, h, lx, lw), ry = header_nation(p, rx, rw);
	double line = ly > ry ? ly : ry; /* number and date sit on one level */
	ly = ry = line;
	if (h->number_line)
		ly += header_number(p, h->number_line, lx, line, lw);
	if (h->place_date)
		ry += pdf_box_str(p, h->place_date, 13, PDF_CENTER | PDF_ITALIC, rx, line, rw);
	p->y = (ly > ry ? ly : ry) + 18;
}

void pdf_title(struct pdf *p, const char *title)
{
	double size = 14;
	while (size > 12 && pdf_str_width(p, title, size, PDF_BOLD) > (p->right - p->left))
		size -= 0.5;
	double h = balanced_box(p, title, size, PDF_BOLD, p->left, p->y, (p->right - p->left));
	p->y += h + 4;
}

/* Tables. */

#define CELL_PAD 2.5

static double table_x(const struct pdf *p, const struct pdf_table *t, size_t col)
{
	double x = p->left;
	for (size_t i = 0; i < col; i++)
		x += t->widths[i];
	return x;
}

/* Lays out, measures and (when draw) draws one row of cells at height h, returning the height the
 * row needs. The head's cells are bold and centered. */
static double table_cells(struct pdf *p, const struct pdf_table *t, const char *const *cells,
                          bool draw, double h)
{
	double need = 0;
	for (size_t i = 0; i < t->ncols && i < PDF_TABLE_MAX_COLS; i++) {
		struct pdf_text tx;
		pdf_text_init(&tx, t->size, cells == t->head ? PDF_CENTER | PDF_BOLD : t->align[i]);
		pdf_text_add(&tx, cells[i], 0);
		if (usable(p, &tx)) {
			double w = t->widths[i] - 2 * CELL_PAD, x = table_x(p, t, i);
			PangoLayout *l = layout_of(p, &tx, w);
			double ch = height_of(l);
			if (ch + 2 * CELL_PAD > need)
				need = ch + 2 * CELL_PAD;
			if (draw) {
				cairo_rectangle(p->cr, x, p->y, t->widths[i], h);
				cairo_set_line_width(p->cr, 0.5);
				cairo_stroke(p->cr);
				cairo_move_to(p->cr, x + CELL_PAD, p->y + (h - ch) / 2);
				pango_cairo_show_layout(p->cr, l);
			}
			g_object_unref(l);
		}
		pdf_text_release(&tx);
	}
	return need;
}

static void table_draw(struct pdf *p, const struct pdf_table *t, const char *const *cells)
{
	double h = table_cells(p, t, cells, false, 0);
	table_cells(p, t, cells, true, h);
	p->y += h;
}

void pdf_table_head(struct pdf *p, const struct pdf_table *t)
{
	double h = table_cells(p, t, t->head, false, 0);
	pdf_need(p, h + 3 * t->size);
	table_draw(p, t, t->head);
}

void pdf_table_row(struct pdf *p, const struct pdf_table *t, const char *const *cells)
{
	double h = table_cells(p, t, cells, false, 0);
	if (p->y + h > p->bottom) {
		pdf_new_page(p);
		table_draw(p, t, t->head);
	}
	if (!p->err)
		table_draw(p, t, cells);
}

/* Signatures. */

#define SIGN_ROOM 62.0 /* room to sign and stamp */

static double sign_block(struct pdf *p, const struct pdf_sign *s, double x, double w, bool draw)
{
	double y = p->y;
	if (!draw) /* measure with a box drawn off the page */
		y = p->page_h * 4;
	y += pdf_box_str(p, s->title, 13, PDF_CENTER | PDF_BOLD, x, y, w);
	if (s->hint)
		y += pdf_box_str(p, s->hint, 12, PDF_CENTER | PDF_ITALIC, x, y, w);
	y += SIGN_ROOM;
	if (s->name && *s->name)
		y += pdf_box_str(p, s->name, 13, PDF_CENTER | PDF_BOLD, x, y, w);
	return y - (draw ? p->y : p->page_h * 4);
}

void pdf_signatures(struct pdf *p, const struct pdf_sign *left, const struct pdf_sign *right)
{
	double w = (p->right - p->left) / 2, h = 0;
	if (left)
		h = sign_block(p, left, p->left, w, false);
	if (right) {
		double hr = sign_block(p, right, p->left + w, w, false);
		h = hr > h ? hr : h;
	}
	pdf_need(p, h);
	if (p->err)
		return;
	if (left)
		sign_block(p, left, p->left, w, true);
	if (right)
		sign_block(p, right, p->left + w, w, true);
	p->y += h;
}

/* QR codes. */

void pdf_qr(struct pdf *p, const char *payload, double x, double y, double side)
{
	if (p->err)
		return;
	QRcode *qr = QRcode_encodeString(payload, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!qr || qr->version > PDF_QR_MAX_VERSION) {
		QRcode_free(qr);
		fail(p, MC_EINVAL);
		return;
	}
	int n = qr->width;
	double m = side / n;
	for (int r = 0; r < n; r++) {
		for (int c = 0; c < n;) {
			if (!(qr->data[r * n + c] & 1)) {
				c++;
				continue;
			}
			int run = c;
			while (run < n && (qr->data[r * n + run] & 1))
				run++;
			/* One rectangle per horizontal run: no seams between neighbouring modules. */
			cairo_rectangle(p->cr, x + c * m, y + r * m, (run - c) * m, m);
			c = run;
		}
	}
	cairo_set_fill_rule(p->cr, CAIRO_FILL_RULE_WINDING);
	cairo_fill(p->cr);
	QRcode_free(qr);
}
