/* The human tracking page of /track/{code} (HTML). */
#ifndef MC_TRACK_PAGE_H
#define MC_TRACK_PAGE_H

#include "base/buf.h"
#include "store/dossier_store.h"

/* The page of a dossier; receipt: 1 a genuine receipt signature was given, 0 a forged one, -1 none. */
void track_page_render(struct buf *b, const struct dossier *d, int receipt);
/* The page saying why nothing is shown (unknown code or secret, too many tries). */
void track_page_error(struct buf *b, const char *message);

#endif
