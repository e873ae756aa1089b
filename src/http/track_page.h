/* The human tracking page of /track/{code} (HTML). */
#ifndef MC_TRACK_PAGE_H
#define MC_TRACK_PAGE_H

#include "base/buf.h"
#include "domain/dossier.h"

/* The page of a dossier at `now` (the domain's clock: whether an open dossier is late); receipt: 1
 * a genuine receipt signature was given, 0 a forged one, -1 none; secret: the tracking secret the
 * page was opened with when the dossier has a signed electronic result (links to download and
 * verify it), else NULL. */
void track_page_render(struct buf *b, const struct dossier *d, int receipt, int64_t now,
		       const char *secret);
/* The page saying why nothing is shown (unknown code or secret, too many tries). */
void track_page_error(struct buf *b, const char *message);

#endif
