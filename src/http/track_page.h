/* The human tracking page of /track/{code} (HTML). */
#ifndef MC_TRACK_PAGE_H
#define MC_TRACK_PAGE_H

#include "base/buf.h"
#include "domain/dossier.h"

/* The page of a dossier at `now` (the domain's clock: whether an open dossier is late); receipt: 1
 * a genuine receipt signature was given, 0 a forged one, -1 none. */
void track_page_render(struct buf *b, const struct dossier *d, int receipt, int64_t now);
/* The page saying why nothing is shown (unknown code or secret, too many tries). */
void track_page_error(struct buf *b, const char *message);

#endif
