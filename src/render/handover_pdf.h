/* The handover record of a reorganization (biên bản bàn giao): national header, title, the
 * decision, both sides, one table per kind of item (staff, dossiers, archive records, assets)
 * with each item's confirmation, and both signatures. Drawn with render/pdf.h (cairo + pango,
 * "Noto Serif"). Thread-safe as pdf.h is. */
#ifndef MC_HANDOVER_PDF_H
#define MC_HANDOVER_PDF_H

#include "base/buf.h"
#include "domain/reorg.h"

struct handover_doc {
	const char *unit_name, *unit_code;
	const char *giver_name;    /* the old parent (the commune PC) */
	const char *receiver_name; /* the target unit */
	const char *decision_number;
	const char *signed_on, *effective_at, *deadline; /* already formatted */
	const char *giver_by, *receiver_by;              /* "" = not signed */
	bool complete;
	int64_t created; /* PDF metadata time (keeps the output reproducible) */
	int64_t now;     /* the place-date line */
	const struct handover_item *items;
	size_t nitems;
};

/* Appends the PDF to out. MC_ETOOBIG when out reaches its cap; MC_EINVAL for invalid text. */
enum mc_err render_handover_pdf(const struct handover_doc *d, struct buf *out);

#endif
